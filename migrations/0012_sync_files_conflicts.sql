-- RPMA schema level 12: the photo files this terminal has sent to the sync hub, and the step
-- edits that clashed between terminals. Photo files:
-- (crates/core/src/sync/blobs.rs). Photos travel as content-addressed files beside the change
-- log: each terminal sends the originals and thumbnails it holds once, and fetches the ones it
-- lacks. Local: what one terminal has sent says nothing about another.

CREATE TABLE sync_blobs (
    sha256     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('original', 'thumb')),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (sha256, kind)
) WITHOUT ROWID;

-- Concurrent edits of an intervention step's text on two terminals (crates/core/src/sync/
-- conflicts.rs): the clock picks the value every terminal keeps, and the terminal that learns of
-- the clash keeps the other value here for the technician to choose. Local: the terminal that
-- saw the clash shows it; the choice then syncs as an ordinary edit.
CREATE TABLE sync_conflicts (
    id             INTEGER PRIMARY KEY,
    table_name     TEXT NOT NULL,
    row_key        TEXT NOT NULL,
    col            TEXT NOT NULL,
    mine           TEXT,
    theirs         TEXT,
    their_terminal TEXT NOT NULL,
    their_user     TEXT,
    kept           TEXT NOT NULL CHECK (kept IN ('mine', 'theirs')),
    created_at     INTEGER NOT NULL,
    resolved_at    INTEGER,
    resolved_by    TEXT,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX sync_conflicts_open ON sync_conflicts (table_name, row_key) WHERE resolved_at IS NULL;
