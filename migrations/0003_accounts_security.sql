-- RPMA schema level 3: account security — lockout, PIN quick-switch, TOTP two-factor, recovery
-- codes, login history.

ALTER TABLE users ADD COLUMN pin_hash TEXT;
ALTER TABLE users ADD COLUMN totp_secret TEXT;            -- base32, set once enrolment is confirmed
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;    -- base32, during enrolment only
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;      -- replay protection
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;

-- Failed attempts per account and per kind ('password' or 'pin'); a lock is derived from them.
CREATE TABLE auth_failures (
    id       TEXT PRIMARY KEY NOT NULL,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('password', 'pin', 'totp')),
    at       INTEGER NOT NULL
);
CREATE INDEX auth_failures_user ON auth_failures (user_id, kind, at);

-- Active locks (one per account and kind); removed by an admin unlock or when they expire.
CREATE TABLE auth_locks (
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('password', 'pin', 'totp')),
    locked_at    INTEGER NOT NULL,
    locked_until INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Single-use 2FA recovery codes, stored as Argon2id hashes.
CREATE TABLE recovery_codes (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Successful sign-ins, for "my recent logins".
CREATE TABLE login_history (
    id       TEXT PRIMARY KEY NOT NULL,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    method   TEXT NOT NULL CHECK (method IN ('password', 'pin', 'totp', 'recovery')),
    terminal TEXT
);
CREATE INDEX login_history_user ON login_history (user_id, at);
