-- Sync with a PostgreSQL hub (issue 16). Every table here stays on this terminal (declared local
-- in crates/core/src/store/sync_policy.rs):
-- * `sync_config`: the hub this terminal syncs with (its URL without password), its shop, its
--   PostgreSQL role and that role's password sealed with the shop key, the join code (sealed),
--   and the positions: the last own change the hub holds, the last hub change applied here, the
--   last own change folded into `sync_versions`.
-- * `sync_versions`: per row and column of a synced table, the clock (HLC, terminal) of the write
--   that holds it here; column '' is the row's delete. Pulled changes are merged against it
--   (per-column last-writer-wins).
-- * `sync_rejects`: pulled changes that could not be applied here (a table or column this version
--   does not know, a row whose parent was erased), kept for support instead of being lost.

CREATE TABLE sync_config (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    server       TEXT NOT NULL,
    shop_id      TEXT NOT NULL,
    role         TEXT NOT NULL,
    secret       TEXT NOT NULL,
    join_code    TEXT,
    pushed_seq   INTEGER NOT NULL DEFAULT 0,
    pulled_seq   INTEGER NOT NULL DEFAULT 0,
    folded_seq   INTEGER NOT NULL DEFAULT 0,
    last_sync_at INTEGER,
    last_error   TEXT
);

CREATE TABLE sync_versions (
    table_name  TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    col         TEXT NOT NULL,
    hlc         INTEGER NOT NULL,
    terminal_id TEXT NOT NULL,
    PRIMARY KEY (table_name, row_key, col)
) WITHOUT ROWID;

CREATE TABLE sync_rejects (
    id          INTEGER PRIMARY KEY,
    hub_seq     INTEGER NOT NULL,
    table_name  TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    op          TEXT NOT NULL,
    data        TEXT,
    hlc         INTEGER NOT NULL,
    terminal_id TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          INTEGER NOT NULL
);
