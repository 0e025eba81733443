-- Settings of this terminal (this data folder), not of the shop: kiosk mode, when and where this
-- machine backs up, and its copy to object storage (whose credential is sealed with this
-- folder's key). They lived in `settings`, which syncs between terminals: turning kiosk mode on
-- at the reception would have locked the office PC, and a USB disk path would have followed to
-- machines that have none. Local-only (see crates/core/src/store/sync_policy.rs).
CREATE TABLE terminal_settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    updated_at INTEGER NOT NULL,
    updated_by TEXT
);

INSERT INTO terminal_settings (key, value, updated_at, updated_by)
    SELECT key, value, updated_at, updated_by FROM settings
    WHERE key IN ('terminal', 'backups', 'backup_remote');

DELETE FROM settings WHERE key IN ('terminal', 'backups', 'backup_remote');
