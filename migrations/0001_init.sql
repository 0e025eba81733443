-- RPMA schema level 1: organisation, users, settings.
-- Conventions for every table: id = UUIDv7 text; created_at / updated_at / deleted_at are UTC
-- milliseconds since the Unix epoch (INTEGER); money is integer cents; soft delete via deleted_at.

CREATE TABLE organisation (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    legal_name    TEXT,
    siret         TEXT,
    vat_number    TEXT,
    address_line1 TEXT,
    address_line2 TEXT,
    postal_code   TEXT,
    city          TEXT,
    country       TEXT NOT NULL DEFAULT 'FR',
    phone         TEXT,
    email         TEXT,
    logo_png      BLOB,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY NOT NULL,
    username             TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(username)) > 0),
    email                TEXT COLLATE NOCASE UNIQUE,
    display_name         TEXT NOT NULL,
    phone                TEXT,
    role                 TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'technician', 'viewer')),
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    is_active            INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    locale               TEXT NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
    theme                TEXT NOT NULL DEFAULT 'light' CHECK (theme IN ('light', 'dark')),
    last_login_at        INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    deleted_at           INTEGER
);

-- Shop-wide settings as typed JSON values, one row per key.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    updated_at INTEGER NOT NULL,
    updated_by TEXT REFERENCES users(id)
);
