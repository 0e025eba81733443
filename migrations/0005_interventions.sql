-- Guided PPF interventions: workflow templates, interventions and their steps, photos, defects,
-- per-zone installation records, film use, pauses and the event timeline.

CREATE TABLE workflow_templates (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,           -- 'standard', 'express', or an admin's slug
    name_fr         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    description_fr  TEXT NOT NULL DEFAULT '',
    description_en  TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    is_active       INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    steps           TEXT NOT NULL,                  -- JSON: ordered step templates
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- The template chosen when the job was created (NULL: the default rule decides at start).
ALTER TABLE jobs ADD COLUMN template_id TEXT REFERENCES workflow_templates(id);

CREATE TABLE interventions (
    id               TEXT PRIMARY KEY,
    job_id           TEXT NOT NULL REFERENCES jobs(id),
    template_id      TEXT NOT NULL REFERENCES workflow_templates(id),
    template_version INTEGER NOT NULL,
    template         TEXT NOT NULL,                 -- JSON copy of the template as started
    status           TEXT NOT NULL CHECK (status IN ('in_progress', 'paused', 'completed', 'cancelled')),
    current_step     INTEGER NOT NULL DEFAULT 0,
    technician_id    TEXT REFERENCES users(id),
    started_by       TEXT REFERENCES users(id),
    started_at       INTEGER NOT NULL,
    paused_at        INTEGER,                       -- set while paused
    paused_ms        INTEGER NOT NULL DEFAULT 0,    -- closed pauses, summed
    completed_at     INTEGER,
    duration_ms      INTEGER,                       -- worked time: end - start - pauses
    cancelled_at     INTEGER,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    signatory        TEXT NOT NULL DEFAULT '',
    signature_png    BLOB,
    signed_at        INTEGER,
    updated_at       INTEGER NOT NULL,
    CHECK ((status = 'paused') = (paused_at IS NOT NULL))
);
-- One active intervention per job.
CREATE UNIQUE INDEX interventions_one_active ON interventions (job_id)
    WHERE status IN ('in_progress', 'paused');
CREATE INDEX interventions_job ON interventions (job_id);
CREATE INDEX interventions_status ON interventions (status, started_at);
CREATE INDEX interventions_completed ON interventions (completed_at) WHERE completed_at IS NOT NULL;

CREATE TABLE intervention_steps (
    intervention_id  TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL CHECK (position >= 0),
    kind             TEXT NOT NULL CHECK (kind IN ('inspection', 'preparation', 'installation', 'finalization')),
    status           TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'awaiting_approval',
                         'completed', 'skipped')),
    started_at       INTEGER,
    completed_at     INTEGER,
    completed_by     TEXT REFERENCES users(id),
    worked_ms        INTEGER NOT NULL DEFAULT 0,    -- time spent in earlier passes (rework)
    notes            TEXT NOT NULL DEFAULT '',
    checklist        TEXT NOT NULL DEFAULT '{}',    -- JSON: item id -> done
    data             TEXT NOT NULL DEFAULT '{}',    -- JSON: environment, QC scores, comments
    skip_reason      TEXT NOT NULL DEFAULT '',
    approval         TEXT NOT NULL DEFAULT 'none' CHECK (approval IN ('none', 'pending', 'approved', 'rejected')),
    approved_by      TEXT REFERENCES users(id),
    approved_at      INTEGER,
    rejection_reason TEXT NOT NULL DEFAULT '',
    rework_count     INTEGER NOT NULL DEFAULT 0,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (intervention_id, position)
) WITHOUT ROWID;

CREATE TABLE intervention_pauses (
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    reason          TEXT NOT NULL DEFAULT '',
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX intervention_pauses_iv ON intervention_pauses (intervention_id, started_at);

-- What happened, in order: start, pause, resume, step done, rework, skip, approval, cancel, finish.
CREATE TABLE intervention_events (
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    user_id         TEXT REFERENCES users(id),
    kind            TEXT NOT NULL,
    step            INTEGER,
    reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX intervention_events_iv ON intervention_events (intervention_id, at);

-- Photo files, by content (SHA-256 of the original); the file lives under <data>/photos.
CREATE TABLE photos (
    sha256       TEXT PRIMARY KEY,
    mime         TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    orientation  INTEGER NOT NULL DEFAULT 1,
    taken_at     TEXT,
    camera       TEXT,
    gps_lat      REAL,
    gps_lon      REAL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE intervention_photos (
    id              TEXT PRIMARY KEY,
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    step            INTEGER NOT NULL,
    sha256          TEXT NOT NULL REFERENCES photos(sha256),
    original_name   TEXT NOT NULL DEFAULT '',
    phase           TEXT NOT NULL DEFAULT 'during' CHECK (phase IN ('before', 'during', 'after')),
    zone_id         TEXT,
    shot            TEXT,                          -- the template's named shot it fulfils
    caption         TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'file' CHECK (source IN ('file', 'drop', 'folder', 'demo')),
    added_by        TEXT REFERENCES users(id),
    added_at        INTEGER NOT NULL,
    deleted_at      INTEGER
);
CREATE INDEX intervention_photos_step ON intervention_photos (intervention_id, step, added_at);
-- The same picture once per step.
CREATE UNIQUE INDEX intervention_photos_once ON intervention_photos (intervention_id, step, sha256)
    WHERE deleted_at IS NULL;

CREATE TABLE intervention_defects (
    id              TEXT PRIMARY KEY,
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    zone            TEXT NOT NULL,                 -- vehicle diagram zone
    x               REAL NOT NULL CHECK (x >= 0 AND x <= 1),
    y               REAL NOT NULL CHECK (y >= 0 AND y <= 1),
    kind            TEXT NOT NULL CHECK (kind IN ('scratch', 'chip', 'dent', 'paint', 'crack')),
    severity        INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    note            TEXT NOT NULL DEFAULT '',
    photo_id        TEXT REFERENCES intervention_photos(id),
    created_by      TEXT REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER
);
CREATE INDEX intervention_defects_iv ON intervention_defects (intervention_id);

-- Installation, zone by zone.
CREATE TABLE intervention_zones (
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    zone_id         TEXT NOT NULL REFERENCES ppf_zones(id),
    position        INTEGER NOT NULL,
    checklist       TEXT NOT NULL DEFAULT '{}',
    film_product    TEXT NOT NULL DEFAULT '',
    roll_lot        TEXT NOT NULL DEFAULT '',
    length_cm       REAL CHECK (length_cm IS NULL OR length_cm >= 0),
    waste_cm        REAL CHECK (waste_cm IS NULL OR waste_cm >= 0),
    installer_id    TEXT REFERENCES users(id),
    quality_score   INTEGER CHECK (quality_score IS NULL OR quality_score BETWEEN 0 AND 10),
    notes           TEXT NOT NULL DEFAULT '',
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (intervention_id, zone_id)
) WITHOUT ROWID;

-- Film and material used, written when an intervention is finished; the inventory deducts
-- stock from these rows.
CREATE TABLE material_usage (
    id              TEXT PRIMARY KEY,
    intervention_id TEXT NOT NULL REFERENCES interventions(id),
    job_id          TEXT NOT NULL REFERENCES jobs(id),
    zone_id         TEXT REFERENCES ppf_zones(id),
    kind            TEXT NOT NULL DEFAULT 'film',
    product         TEXT NOT NULL DEFAULT '',
    roll_lot        TEXT NOT NULL DEFAULT '',
    length_cm       REAL NOT NULL DEFAULT 0,
    waste_cm        REAL NOT NULL DEFAULT 0,
    recorded_by     TEXT REFERENCES users(id),
    recorded_at     INTEGER NOT NULL,
    deducted_at     INTEGER                        -- set by the inventory when stock is deducted
);
CREATE INDEX material_usage_job ON material_usage (job_id);
CREATE INDEX material_usage_pending ON material_usage (recorded_at) WHERE deducted_at IS NULL;
