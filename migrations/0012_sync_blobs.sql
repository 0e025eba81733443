-- RPMA schema level 12: the photo files this terminal has sent to the sync hub
-- (crates/core/src/sync/blobs.rs). Photos travel as content-addressed files beside the change
-- log: each terminal sends the originals and thumbnails it holds once, and fetches the ones it
-- lacks. Local: what one terminal has sent says nothing about another.

CREATE TABLE sync_blobs (
    sha256     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('original', 'thumb')),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (sha256, kind)
) WITHOUT ROWID;
