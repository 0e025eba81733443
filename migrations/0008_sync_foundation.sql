-- RPMA schema level 8: the foundation for backups and multi-terminal sync.
--
-- * `terminal`: this data folder's identity (one row: a UUIDv7 and a short code), made here for
--   new and existing databases alike.
-- * `change_log`: every insert, update and delete of a synced table, written by the capture
--   triggers that the store generates at open from its sync policy (crates/core/src/store/
--   sync_policy.rs). The triggers are per connection (TEMP), so they are not in this file.
-- * `sync_state`: the highest hybrid-logical-clock value seen (own writes or pulled changes).
-- * `number_series`: gap-free counters per named series and terminal (job numbers today).
-- * The audit chain becomes per terminal: each entry names its terminal and its position in that
--   terminal's chain, so that two terminals' logs can be merged without breaking either chain.
--   Its keyed head moves from `settings` to the local table `audit_head`.
-- * Film lengths become integer millimetres (they were REAL centimetres).
-- * Append-only tables refuse UPDATE (audit_log and job_notes already did).

CREATE TABLE terminal (
    id         TEXT PRIMARY KEY NOT NULL,                     -- UUIDv7
    code       TEXT NOT NULL CHECK (length(code) BETWEEN 2 AND 4 AND code NOT GLOB '*[^A-Z0-9]*'),
    created_at INTEGER NOT NULL,
    singleton  INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1)
);

-- A UUIDv7 (48-bit Unix milliseconds, version 7, RFC 4122 variant, random bits) and a 3-character
-- code from an alphabet without look-alikes (no I, O, 0, 1).
INSERT INTO terminal (id, code, created_at)
SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(r, 1, 3) || '-'
           || substr('89ab', 1 + abs(random() % 4), 1) || substr(r, 4, 3) || '-' || substr(r, 7, 12),
       substr(a, 1 + abs(random() % 32), 1) || substr(a, 1 + abs(random() % 32), 1)
           || substr(a, 1 + abs(random() % 32), 1),
       ms
FROM (SELECT printf('%012x', ms) AS t, lower(hex(randomblob(9))) AS r, ms,
             'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' AS a
      FROM (SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER) AS ms));

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    table_name  TEXT NOT NULL,
    row_key     TEXT NOT NULL,               -- JSON array: the row's key values (before the change)
    op          TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),
    data        TEXT,                        -- JSON object: I every column, U the changed ones (new
                                             -- values), D NULL. BLOB columns as hex text.
    hlc         INTEGER,                     -- (physical ms << 16) | logical counter; NULL until
                                             -- stamped (a write outside Store::write)
    terminal_id TEXT NOT NULL,
    user_id     TEXT,
    tx_id       TEXT                         -- the use case's transaction, UUIDv7; NULL until stamped
);
-- Writes made outside Store::write are stamped by the next Store::write.
CREATE INDEX change_log_unstamped ON change_log (seq) WHERE tx_id IS NULL;

CREATE TABLE sync_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    hlc       INTEGER NOT NULL DEFAULT 0     -- highest HLC received from elsewhere
);
INSERT INTO sync_state (singleton, hlc) VALUES (1, 0);

CREATE TABLE number_series (
    series      TEXT NOT NULL,               -- 'job:20260302', later 'invoice:2026', …
    terminal_id TEXT NOT NULL,
    last        INTEGER NOT NULL CHECK (last >= 0),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (series, terminal_id)
) WITHOUT ROWID;

-- The audit chain per terminal. Existing entries are this terminal's, in their order.
ALTER TABLE audit_log ADD COLUMN terminal_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN terminal_seq INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET terminal_id = (SELECT id FROM terminal), terminal_seq = seq;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE UNIQUE INDEX audit_log_chain ON audit_log (terminal_id, terminal_seq);

-- The keyed head of this terminal's chain (crates/core/src/audit_head.rs): its last entry's
-- position and hash, signed with the key kept beside the database. Local, never synced (each
-- terminal signs its own chain). Levels 6-7 kept it in the synced `settings` table (key
-- 'audit_head', JSON {seq, hash, mac}); it moves here unchanged: the existing entries kept their
-- positions (terminal_seq = seq), so its signature still holds. An unreadable one is dropped, as
-- good as none: the check reports it missing.
CREATE TABLE audit_head (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    terminal_seq INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    mac          TEXT NOT NULL,
    updated_at   INTEGER NOT NULL
);
INSERT INTO audit_head (singleton, terminal_seq, hash, mac, updated_at)
SELECT 1, json_extract(value, '$.seq'), json_extract(value, '$.hash'),
       json_extract(value, '$.mac'), updated_at
FROM settings
WHERE key = 'audit_head' AND json_valid(value)
  AND json_type(value, '$.seq') = 'integer' AND json_type(value, '$.hash') = 'text'
  AND json_type(value, '$.mac') = 'text';
DELETE FROM settings WHERE key = 'audit_head';

-- Film lengths: REAL centimetres -> INTEGER millimetres, rounded half away from zero (the value
-- is first printed with 6 decimals so that 12.35 cm, stored as 12.3499999…, gives 124 mm).
ALTER TABLE intervention_zones ADD COLUMN length_mm INTEGER CHECK (length_mm IS NULL OR length_mm >= 0);
ALTER TABLE intervention_zones ADD COLUMN waste_mm INTEGER CHECK (waste_mm IS NULL OR waste_mm >= 0);
UPDATE intervention_zones
SET length_mm = CAST(round(CAST(printf('%.6f', length_cm * 10) AS REAL)) AS INTEGER),
    waste_mm = CAST(round(CAST(printf('%.6f', waste_cm * 10) AS REAL)) AS INTEGER)
WHERE length_cm IS NOT NULL OR waste_cm IS NOT NULL;
UPDATE intervention_zones SET length_mm = NULL WHERE length_cm IS NULL;
UPDATE intervention_zones SET waste_mm = NULL WHERE waste_cm IS NULL;
ALTER TABLE intervention_zones DROP COLUMN length_cm;
ALTER TABLE intervention_zones DROP COLUMN waste_cm;

ALTER TABLE material_usage ADD COLUMN length_mm INTEGER NOT NULL DEFAULT 0;
ALTER TABLE material_usage ADD COLUMN waste_mm INTEGER NOT NULL DEFAULT 0;
UPDATE material_usage
SET length_mm = CAST(round(CAST(printf('%.6f', length_cm * 10) AS REAL)) AS INTEGER),
    waste_mm = CAST(round(CAST(printf('%.6f', waste_cm * 10) AS REAL)) AS INTEGER);
ALTER TABLE material_usage DROP COLUMN length_cm;
ALTER TABLE material_usage DROP COLUMN waste_cm;

-- Append-only history: no edits. Deletes stay possible (erasure of a client's notes, cascades)
-- and are captured like any other change.
CREATE TRIGGER job_status_history_no_update BEFORE UPDATE ON job_status_history
BEGIN SELECT RAISE(ABORT, 'job status history is append-only'); END;
CREATE TRIGGER intervention_events_no_update BEFORE UPDATE ON intervention_events
BEGIN SELECT RAISE(ABORT, 'intervention events are append-only'); END;
CREATE TRIGGER login_history_no_update BEFORE UPDATE ON login_history
BEGIN SELECT RAISE(ABORT, 'login history is append-only'); END;
