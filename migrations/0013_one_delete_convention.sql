-- RPMA schema level 13: one convention for every synced table (crates/core/src/store/
-- sync_policy.rs, checked by store::sync_tests::every_synced_table_follows_the_convention).
--
-- * Per-field tables: a primary key, `updated_at` (bumped by every change), and soft delete
--   through `deleted_at` + `deleted_by` (the user who deleted). Archive and activation flags
--   (`users.is_active`, `ppf_zones.is_active`, `workflow_templates.is_active`) stay separate: an
--   archived row is still a live row.
-- * Append-only tables: a primary key; rows are never edited, and only erasure (GDPR) or a
--   cascade from it deletes them.
-- * A row is deleted for real only by the erasure of a client (crates/core/src/personal.rs).
--   Regenerated recovery codes, deleted zones, a job's removed zones and checklist items were
--   hard deletes; they are now soft deletes, so that the delete travels to other terminals as an
--   ordinary per-field change and can never resurrect a row there.
-- * `intervention_pauses` and `intervention_events` had no primary key (their sync key was a
--   natural key that two pauses in the same millisecond could share). They get an `id`. Existing
--   rows get an id derived from that natural key, the same on every terminal, and the changes
--   still waiting in `change_log` are rewritten to the new key.

-- Per-field tables that had soft delete, without the author.
ALTER TABLE organisation ADD COLUMN deleted_by TEXT;
ALTER TABLE users ADD COLUMN deleted_by TEXT;
ALTER TABLE intervention_photos ADD COLUMN deleted_by TEXT;
ALTER TABLE intervention_defects ADD COLUMN deleted_by TEXT;

-- Per-field tables without soft delete.
ALTER TABLE settings ADD COLUMN deleted_at INTEGER;
ALTER TABLE settings ADD COLUMN deleted_by TEXT;
ALTER TABLE client_keys ADD COLUMN deleted_at INTEGER;
ALTER TABLE client_keys ADD COLUMN deleted_by TEXT;
ALTER TABLE ppf_zones ADD COLUMN deleted_at INTEGER;
ALTER TABLE ppf_zones ADD COLUMN deleted_by TEXT;
ALTER TABLE workflow_templates ADD COLUMN deleted_at INTEGER;
ALTER TABLE workflow_templates ADD COLUMN deleted_by TEXT;
ALTER TABLE interventions ADD COLUMN deleted_at INTEGER;
ALTER TABLE interventions ADD COLUMN deleted_by TEXT;
ALTER TABLE intervention_steps ADD COLUMN deleted_at INTEGER;
ALTER TABLE intervention_steps ADD COLUMN deleted_by TEXT;
ALTER TABLE intervention_zones ADD COLUMN deleted_at INTEGER;
ALTER TABLE intervention_zones ADD COLUMN deleted_by TEXT;
ALTER TABLE number_series ADD COLUMN deleted_at INTEGER;
ALTER TABLE number_series ADD COLUMN deleted_by TEXT;

-- Per-field tables without `updated_at` (set from the latest time each row already records).
ALTER TABLE recovery_codes ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recovery_codes ADD COLUMN deleted_at INTEGER;
ALTER TABLE recovery_codes ADD COLUMN deleted_by TEXT;
UPDATE recovery_codes SET updated_at = max(created_at, coalesce(used_at, 0));

ALTER TABLE vehicle_owners ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vehicle_owners ADD COLUMN deleted_at INTEGER;
ALTER TABLE vehicle_owners ADD COLUMN deleted_by TEXT;
UPDATE vehicle_owners SET updated_at = max(from_at, coalesce(until_at, 0));

ALTER TABLE job_zones ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_zones ADD COLUMN deleted_at INTEGER;
ALTER TABLE job_zones ADD COLUMN deleted_by TEXT;
UPDATE job_zones SET updated_at = coalesce((SELECT j.created_at FROM jobs j WHERE j.id = job_zones.job_id), 0);
CREATE INDEX job_zones_live ON job_zones (job_id) WHERE deleted_at IS NULL;

ALTER TABLE job_checklist ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_checklist ADD COLUMN deleted_at INTEGER;
ALTER TABLE job_checklist ADD COLUMN deleted_by TEXT;
UPDATE job_checklist SET updated_at = max(
    coalesce((SELECT j.created_at FROM jobs j WHERE j.id = job_checklist.job_id), 0),
    coalesce(done_at, 0));

ALTER TABLE photos ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE photos ADD COLUMN deleted_at INTEGER;
ALTER TABLE photos ADD COLUMN deleted_by TEXT;
UPDATE photos SET updated_at = created_at;

ALTER TABLE intervention_photos ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE intervention_photos SET updated_at = max(added_at, coalesce(deleted_at, 0));

ALTER TABLE material_usage ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE material_usage ADD COLUMN deleted_at INTEGER;
ALTER TABLE material_usage ADD COLUMN deleted_by TEXT;
UPDATE material_usage SET updated_at = max(recorded_at, coalesce(deducted_at, 0));

-- Pauses: an id (the natural key as text for the rows that exist, a UUIDv7 for new ones).
CREATE TABLE intervention_pauses_v13 (
    id              TEXT PRIMARY KEY NOT NULL,
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    reason          TEXT NOT NULL DEFAULT '',
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    deleted_by      TEXT,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
INSERT INTO intervention_pauses_v13
    (id, intervention_id, started_at, ended_at, reason, updated_at)
SELECT intervention_id || '/pause/' || started_at || iif(n > 1, '/' || n, ''),
       intervention_id, started_at, ended_at, reason, max(started_at, coalesce(ended_at, 0))
FROM (SELECT p.*, row_number() OVER (PARTITION BY intervention_id, started_at ORDER BY rowid) AS n
      FROM intervention_pauses p);
UPDATE change_log
SET row_key = json_array(json_extract(row_key, '$[0]') || '/pause/' || json_extract(row_key, '$[1]')),
    data = iif(op = 'I',
               json_set(data, '$.id', json_extract(row_key, '$[0]') || '/pause/'
                                          || json_extract(row_key, '$[1]'),
                              '$.updated_at', json_extract(data, '$.started_at')),
               data)
WHERE table_name = 'intervention_pauses';
UPDATE sync_versions
SET row_key = json_array(json_extract(row_key, '$[0]') || '/pause/' || json_extract(row_key, '$[1]'))
WHERE table_name = 'intervention_pauses';
DROP TABLE intervention_pauses;
ALTER TABLE intervention_pauses_v13 RENAME TO intervention_pauses;
CREATE INDEX intervention_pauses_iv ON intervention_pauses (intervention_id, started_at);

-- Events: an id (same rule). Still append-only.
CREATE TABLE intervention_events_v13 (
    id              TEXT PRIMARY KEY NOT NULL,
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    user_id         TEXT REFERENCES users(id),
    kind            TEXT NOT NULL,
    step            INTEGER,
    reason          TEXT NOT NULL DEFAULT ''
);
INSERT INTO intervention_events_v13 (id, intervention_id, at, user_id, kind, step, reason)
SELECT intervention_id || '/' || kind || '/' || at || '/' || coalesce(step, '-')
           || iif(n > 1, '/' || n, ''),
       intervention_id, at, user_id, kind, step, reason
FROM (SELECT e.*, row_number() OVER (PARTITION BY intervention_id, at, kind, step ORDER BY rowid) AS n
      FROM intervention_events e);
UPDATE change_log
SET row_key = json_array(json_extract(row_key, '$[0]') || '/' || json_extract(row_key, '$[2]')
                         || '/' || json_extract(row_key, '$[1]') || '/'
                         || coalesce(json_extract(row_key, '$[3]'), '-')),
    data = iif(op = 'I',
               json_set(data, '$.id', json_extract(row_key, '$[0]') || '/' || json_extract(row_key, '$[2]')
                                          || '/' || json_extract(row_key, '$[1]') || '/'
                                          || coalesce(json_extract(row_key, '$[3]'), '-')),
               data)
WHERE table_name = 'intervention_events';
DELETE FROM sync_versions WHERE table_name = 'intervention_events';  -- append-only: no merge
DROP TABLE intervention_events;
ALTER TABLE intervention_events_v13 RENAME TO intervention_events;
CREATE INDEX intervention_events_iv ON intervention_events (intervention_id, at);
CREATE TRIGGER intervention_events_no_update BEFORE UPDATE ON intervention_events
BEGIN SELECT RAISE(ABORT, 'intervention events are append-only'); END;
