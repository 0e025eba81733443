-- RPMA schema level 4: clients, vehicles, the PPF zone catalogue, jobs (tasks) with their status
-- history, notes, checklists and wizard drafts, and the FTS5 search indexes.
--
-- Clients, vehicles and jobs carry an explicit `rid INTEGER PRIMARY KEY` besides their UUID `id`:
-- it is the rowid of their row in the FTS5 index. (An implicit rowid may be renumbered by VACUUM;
-- an INTEGER PRIMARY KEY never is.)

CREATE TABLE clients (
    rid               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL CHECK (kind IN ('individual', 'business')),
    name              TEXT NOT NULL,              -- the person (the contact, for a business)
    company_name      TEXT,
    siret             TEXT,
    vat_number        TEXT,
    email             TEXT,
    phone             TEXT,                       -- normalised: +33612345678
    address_line1     TEXT,
    address_line2     TEXT,
    postal_code       TEXT,
    city              TEXT,
    country           TEXT NOT NULL DEFAULT 'FR', -- ISO 3166-1 alpha-2
    notes             TEXT NOT NULL DEFAULT '',
    tags              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
    consent_at        INTEGER,
    anonymised_at     INTEGER,
    created_by        TEXT REFERENCES users(id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    deleted_at        INTEGER,
    deleted_by        TEXT REFERENCES users(id),
    -- What lists show and sort on: the company for a business, the person otherwise.
    display_name      TEXT GENERATED ALWAYS AS
                      (CASE WHEN kind = 'business' THEN company_name ELSE name END) VIRTUAL,
    CHECK (kind = 'individual' OR length(trim(coalesce(company_name, ''))) > 0)
);
CREATE INDEX clients_sort_name ON clients (deleted_at, display_name COLLATE NOCASE);
CREATE INDEX clients_created ON clients (deleted_at, created_at);
-- The jobs list sorted by client walks this one (trashed clients' jobs are listed too).
CREATE INDEX clients_name_nocase ON clients (display_name COLLATE NOCASE);

CREATE TABLE vehicles (
    rid          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    plate        TEXT NOT NULL,                 -- as shown: AB-123-CD for French plates
    plate_key    TEXT NOT NULL,                 -- letters and digits only, upper case
    plate_format TEXT NOT NULL CHECK (plate_format IN ('siv', 'fni', 'other')),
    vin          TEXT,
    make         TEXT NOT NULL,
    model        TEXT NOT NULL DEFAULT '',
    year         INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2100),
    colour       TEXT NOT NULL DEFAULT '',
    size_class   TEXT NOT NULL DEFAULT 'medium'
                 CHECK (size_class IN ('small', 'medium', 'large', 'xl')),
    owner_id     TEXT REFERENCES clients(id),
    notes        TEXT NOT NULL DEFAULT '',
    created_by   TEXT REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    deleted_by   TEXT REFERENCES users(id)
);
CREATE UNIQUE INDEX vehicles_plate_live ON vehicles (plate_key) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX vehicles_vin_live ON vehicles (vin) WHERE deleted_at IS NULL AND vin IS NOT NULL;
CREATE INDEX vehicles_owner ON vehicles (owner_id);

-- Every owner a vehicle has had; the open row (until_at NULL) is the current one.
CREATE TABLE vehicle_owners (
    id         TEXT PRIMARY KEY NOT NULL,
    vehicle_id TEXT NOT NULL REFERENCES vehicles(id),
    client_id  TEXT NOT NULL REFERENCES clients(id),
    from_at    INTEGER NOT NULL,
    until_at   INTEGER,
    changed_by TEXT REFERENCES users(id)
);
CREATE INDEX vehicle_owners_vehicle ON vehicle_owners (vehicle_id, from_at);
CREATE INDEX vehicle_owners_client ON vehicle_owners (client_id);

-- The PPF zone catalogue (admin-editable). Areas in m² per vehicle size class.
CREATE TABLE ppf_zones (
    id         TEXT PRIMARY KEY NOT NULL,       -- stable code: hood, front_bumper, …
    name_fr    TEXT NOT NULL CHECK (length(trim(name_fr)) > 0),
    name_en    TEXT NOT NULL CHECK (length(trim(name_en)) > 0),
    area_small REAL NOT NULL CHECK (area_small >= 0),
    area_medium REAL NOT NULL CHECK (area_medium >= 0),
    area_large REAL NOT NULL CHECK (area_large >= 0),
    area_xl    REAL NOT NULL CHECK (area_xl >= 0),
    position   INTEGER NOT NULL DEFAULT 0,
    is_active  INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

INSERT INTO ppf_zones (id, name_fr, name_en, area_small, area_medium, area_large, area_xl, position, created_at, updated_at) VALUES
    ('hood',            'Capot',                       'Hood',                  1.2, 1.5, 1.8, 2.2,  10, 0, 0),
    ('hood_partial',    'Capot partiel (40 cm)',       'Partial hood (40 cm)',  0.6, 0.7, 0.8, 0.9,  20, 0, 0),
    ('front_bumper',    'Pare-chocs avant',            'Front bumper',          1.1, 1.4, 1.7, 2.0,  30, 0, 0),
    ('fender_left',     'Aile avant gauche',           'Left front fender',     0.5, 0.6, 0.8, 0.9,  40, 0, 0),
    ('fender_right',    'Aile avant droite',           'Right front fender',    0.5, 0.6, 0.8, 0.9,  50, 0, 0),
    ('mirrors',         'Rétroviseurs',                'Mirrors',               0.2, 0.25, 0.3, 0.35, 60, 0, 0),
    ('headlights',      'Phares',                      'Headlights',            0.2, 0.3, 0.35, 0.4, 70, 0, 0),
    ('a_pillars',       'Montants de pare-brise',      'A-pillars',             0.3, 0.35, 0.4, 0.5, 80, 0, 0),
    ('roof',            'Toit',                        'Roof',                  1.4, 1.8, 2.2, 2.8,  90, 0, 0),
    ('door_front_left', 'Porte avant gauche',          'Left front door',       0.9, 1.1, 1.3, 1.5, 100, 0, 0),
    ('door_front_right','Porte avant droite',          'Right front door',      0.9, 1.1, 1.3, 1.5, 110, 0, 0),
    ('door_rear_left',  'Porte arrière gauche',        'Left rear door',        0.8, 1.0, 1.2, 1.4, 120, 0, 0),
    ('door_rear_right', 'Porte arrière droite',        'Right rear door',       0.8, 1.0, 1.2, 1.4, 130, 0, 0),
    ('door_edges',      'Chants de portes',            'Door edges',            0.1, 0.15, 0.2, 0.2, 140, 0, 0),
    ('door_cups',       'Cuvettes de poignées',        'Door handle cups',      0.05, 0.08, 0.1, 0.1, 150, 0, 0),
    ('rockers',         'Bas de caisse',               'Rocker panels',         0.5, 0.6, 0.7, 0.8, 160, 0, 0),
    ('rear_fenders',    'Ailes arrière',               'Rear fenders',          1.0, 1.2, 1.5, 1.8, 170, 0, 0),
    ('rear_bumper',     'Pare-chocs arrière',          'Rear bumper',           1.0, 1.3, 1.6, 1.9, 180, 0, 0),
    ('trunk_lip',       'Seuil de coffre',             'Trunk lip / loading sill', 0.15, 0.2, 0.25, 0.3, 190, 0, 0),
    ('trunk',           'Hayon / coffre',              'Trunk lid / tailgate',  1.0, 1.2, 1.5, 1.8, 200, 0, 0),
    ('full_front',      'Face avant complète',         'Full front',            3.5, 4.2, 5.0, 6.0, 210, 0, 0),
    ('full_body',       'Carrosserie complète',        'Full body',            14.0, 17.0, 20.0, 24.0, 220, 0, 0);

CREATE TABLE jobs (
    rid             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    number          TEXT NOT NULL UNIQUE,       -- YYYYMMDD-NNN
    client_id       TEXT NOT NULL REFERENCES clients(id),
    vehicle_id      TEXT NOT NULL REFERENCES vehicles(id),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'in_progress', 'paused',
                        'on_hold', 'completed', 'cancelled', 'archived')),
    priority        TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    film_product    TEXT NOT NULL DEFAULT '',
    scheduled_start INTEGER,                    -- UTC ms
    scheduled_end   INTEGER,
    technician_id   TEXT REFERENCES users(id),
    bay             TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',   -- instructions given at creation
    started_at      INTEGER,
    completed_at    INTEGER,
    created_by      TEXT REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    deleted_by      TEXT REFERENCES users(id),
    CHECK (scheduled_end IS NULL OR scheduled_start IS NULL OR scheduled_end > scheduled_start),
    -- A draft may be cancelled (and archived) before it was ever scheduled.
    CHECK (status IN ('draft', 'cancelled', 'archived') OR scheduled_start IS NOT NULL)
);
CREATE INDEX jobs_schedule ON jobs (scheduled_start) WHERE deleted_at IS NULL;
CREATE INDEX jobs_tech_schedule ON jobs (technician_id, scheduled_start) WHERE deleted_at IS NULL;
CREATE INDEX jobs_bay_schedule ON jobs (bay, scheduled_start) WHERE deleted_at IS NULL;
CREATE INDEX jobs_status ON jobs (status, scheduled_start);
CREATE INDEX jobs_client ON jobs (client_id, scheduled_start);
CREATE INDEX jobs_vehicle ON jobs (vehicle_id, scheduled_start);
CREATE INDEX jobs_created ON jobs (created_at);

CREATE TABLE job_zones (
    job_id   TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    zone_id  TEXT NOT NULL REFERENCES ppf_zones(id),
    area_m2  REAL NOT NULL CHECK (area_m2 >= 0),  -- the catalogue's area when the job was planned
    PRIMARY KEY (job_id, zone_id)
) WITHOUT ROWID;
CREATE INDEX job_zones_zone ON job_zones (zone_id);

CREATE TABLE job_status_history (
    id          TEXT PRIMARY KEY NOT NULL,
    job_id      TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    from_status TEXT,                            -- NULL for the creation
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    by_user     TEXT REFERENCES users(id)
);
CREATE INDEX job_status_history_job ON job_status_history (job_id, at);

-- Append-only notes log.
CREATE TABLE job_notes (
    id        TEXT PRIMARY KEY NOT NULL,
    job_id    TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    body      TEXT NOT NULL CHECK (length(trim(body)) > 0),
    author_id TEXT REFERENCES users(id),
    at        INTEGER NOT NULL
);
CREATE INDEX job_notes_job ON job_notes (job_id, at);
CREATE TRIGGER job_notes_no_update BEFORE UPDATE ON job_notes
BEGIN SELECT RAISE(ABORT, 'job notes are append-only'); END;

CREATE TABLE job_checklist (
    id       TEXT PRIMARY KEY NOT NULL,
    job_id   TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    label    TEXT NOT NULL CHECK (length(trim(label)) > 0),
    position INTEGER NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    done_at  INTEGER,
    done_by  TEXT REFERENCES users(id)
);
CREATE INDEX job_checklist_job ON job_checklist (job_id, position);

-- The job-creation wizard's draft, one per user, saved as the user types.
CREATE TABLE job_drafts (
    user_id    TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    data       TEXT NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL
);

-- Full-text search: accent- and case-insensitive, prefix indexes for search-as-you-type
-- (job numbers are indexed as typed, 20260302-001: its two parts are words).
-- Each index row's rowid is its entity's rid. Kept up to date by the triggers below.
CREATE VIRTUAL TABLE clients_fts USING fts5 (
    name, company, email, phone,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4'
);
CREATE VIRTUAL TABLE vehicles_fts USING fts5 (
    plate, vin, make_model,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4'
);
CREATE VIRTUAL TABLE jobs_fts USING fts5 (
    number, plate, client,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4'
);

-- Phone digits are indexed twice: as stored (+33612345678) and in national form (0612345678).
CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN
    INSERT INTO clients_fts (rowid, name, company, email, phone)
    VALUES (new.rid, new.name, coalesce(new.company_name, ''), coalesce(new.email, ''),
            coalesce(new.phone, '') || ' ' ||
            CASE WHEN new.phone LIKE '+33%' THEN '0' || substr(new.phone, 4) ELSE '' END);
END;
CREATE TRIGGER clients_fts_au AFTER UPDATE OF name, company_name, email, phone ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = old.rid;
    INSERT INTO clients_fts (rowid, name, company, email, phone)
    VALUES (new.rid, new.name, coalesce(new.company_name, ''), coalesce(new.email, ''),
            coalesce(new.phone, '') || ' ' ||
            CASE WHEN new.phone LIKE '+33%' THEN '0' || substr(new.phone, 4) ELSE '' END);
    DELETE FROM jobs_fts WHERE rowid IN (SELECT rid FROM jobs WHERE client_id = new.id);
    INSERT INTO jobs_fts (rowid, number, plate, client)
    SELECT j.rid, j.number,
           v.plate || ' ' || v.plate_key,
           CASE WHEN new.kind = 'business' THEN coalesce(new.company_name, '') || ' ' ELSE '' END || new.name
    FROM jobs j JOIN vehicles v ON v.id = j.vehicle_id WHERE j.client_id = new.id;
END;
CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = old.rid;
END;

CREATE TRIGGER vehicles_fts_ai AFTER INSERT ON vehicles BEGIN
    INSERT INTO vehicles_fts (rowid, plate, vin, make_model)
    VALUES (new.rid, new.plate || ' ' || new.plate_key, coalesce(new.vin, ''),
            new.make || ' ' || new.model);
END;
CREATE TRIGGER vehicles_fts_au AFTER UPDATE OF plate, plate_key, vin, make, model ON vehicles BEGIN
    DELETE FROM vehicles_fts WHERE rowid = old.rid;
    INSERT INTO vehicles_fts (rowid, plate, vin, make_model)
    VALUES (new.rid, new.plate || ' ' || new.plate_key, coalesce(new.vin, ''),
            new.make || ' ' || new.model);
    DELETE FROM jobs_fts WHERE rowid IN (SELECT rid FROM jobs WHERE vehicle_id = new.id);
    INSERT INTO jobs_fts (rowid, number, plate, client)
    SELECT j.rid, j.number,
           new.plate || ' ' || new.plate_key,
           CASE WHEN c.kind = 'business' THEN coalesce(c.company_name, '') || ' ' ELSE '' END || c.name
    FROM jobs j JOIN clients c ON c.id = j.client_id WHERE j.vehicle_id = new.id;
END;
CREATE TRIGGER vehicles_fts_ad AFTER DELETE ON vehicles BEGIN
    DELETE FROM vehicles_fts WHERE rowid = old.rid;
END;

CREATE TRIGGER jobs_fts_ai AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_fts (rowid, number, plate, client)
    SELECT new.rid, new.number,
           v.plate || ' ' || v.plate_key,
           CASE WHEN c.kind = 'business' THEN coalesce(c.company_name, '') || ' ' ELSE '' END || c.name
    FROM vehicles v, clients c WHERE v.id = new.vehicle_id AND c.id = new.client_id;
END;
CREATE TRIGGER jobs_fts_au AFTER UPDATE OF number, client_id, vehicle_id ON jobs BEGIN
    DELETE FROM jobs_fts WHERE rowid = old.rid;
    INSERT INTO jobs_fts (rowid, number, plate, client)
    SELECT new.rid, new.number,
           v.plate || ' ' || v.plate_key,
           CASE WHEN c.kind = 'business' THEN coalesce(c.company_name, '') || ' ' ELSE '' END || c.name
    FROM vehicles v, clients c WHERE v.id = new.vehicle_id AND c.id = new.client_id;
END;
CREATE TRIGGER jobs_fts_ad AFTER DELETE ON jobs BEGIN
    DELETE FROM jobs_fts WHERE rowid = old.rid;
END;
