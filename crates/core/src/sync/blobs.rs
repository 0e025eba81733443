//! Photos through the hub: content-addressed files (SHA-256 of the original) beside the change
//! log, which carries only their rows.
//!
//! - After its push, a terminal sends the originals and thumbnails of its photos not sent yet
//!   (local table `sync_blobs`), each as one hub transaction: a `blobs` row and its 1 MiB
//!   `blob_chunks` (`bytea`). A file the hub already holds (another terminal sent it) is not
//!   sent again.
//! - After its pull, it fetches the photos whose rows it holds but whose files it lacks:
//!   thumbnails first (the galleries show at once), then originals, at most
//!   [`FETCH_BUDGET`] bytes of originals per round so a round stays short; the next rounds go
//!   on. An original is written only when its SHA-256 matches its name; [`fetch_photo`] gets one
//!   at once when a screen opens it.
//!
//! Row-level security on both tables keeps each shop's files to its terminals, like the changes.

use postgres::Client;
use rusqlite::{OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};

use super::{SyncResult, local};
use crate::Store;
use crate::photos::PhotoStore;

/// Bytes per chunk.
pub const CHUNK: usize = 1 << 20;
/// Bytes of originals fetched per round at most (a photo is never cut: the last one may pass it).
pub const FETCH_BUDGET: i64 = 64 << 20;

/// The hub's blob tables (idempotent; run by [`super::hub::migrate`]).
pub(super) const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS rpma_hub.blobs (
    shop_id     text NOT NULL REFERENCES rpma_hub.shops (id),
    sha256      text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('original', 'thumb')),
    mime        text NOT NULL,
    bytes       bigint NOT NULL,
    chunks      integer NOT NULL,
    terminal_id text NOT NULL,
    PRIMARY KEY (shop_id, sha256, kind)
);
CREATE TABLE IF NOT EXISTS rpma_hub.blob_chunks (
    shop_id text NOT NULL,
    sha256  text NOT NULL,
    kind    text NOT NULL,
    n       integer NOT NULL,
    data    bytea NOT NULL,
    PRIMARY KEY (shop_id, sha256, kind, n),
    FOREIGN KEY (shop_id, sha256, kind) REFERENCES rpma_hub.blobs (shop_id, sha256, kind)
        DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE rpma_hub.blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE rpma_hub.blob_chunks ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS blob_read ON rpma_hub.blobs;
CREATE POLICY blob_read ON rpma_hub.blobs FOR SELECT USING (shop_id = rpma_hub.my_shop());
DROP POLICY IF EXISTS blob_write ON rpma_hub.blobs;
CREATE POLICY blob_write ON rpma_hub.blobs FOR INSERT
    WITH CHECK (shop_id = rpma_hub.my_shop() AND terminal_id = rpma_hub.my_terminal());
DROP POLICY IF EXISTS chunk_read ON rpma_hub.blob_chunks;
CREATE POLICY chunk_read ON rpma_hub.blob_chunks FOR SELECT
    USING (shop_id = rpma_hub.my_shop());
DROP POLICY IF EXISTS chunk_write ON rpma_hub.blob_chunks;
CREATE POLICY chunk_write ON rpma_hub.blob_chunks FOR INSERT
    WITH CHECK (shop_id = rpma_hub.my_shop());
REVOKE ALL ON rpma_hub.blobs, rpma_hub.blob_chunks FROM PUBLIC;
GRANT SELECT, INSERT ON rpma_hub.blobs, rpma_hub.blob_chunks TO rpma_terminal;
"#;

/// What the blob part of a round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlobReport {
    /// Files sent (originals and thumbnails).
    pub sent: usize,
    /// Files fetched.
    pub fetched: usize,
}

const KINDS: [&str; 2] = ["original", "thumb"];

fn path_of(photos: &PhotoStore, sha: &str, mime: &str, kind: &str) -> std::path::PathBuf {
    if kind == "thumb" {
        photos.thumb_path(sha)
    } else {
        photos.original_path(sha, mime)
    }
}

/// Sends this terminal's photo files the hub does not hold yet.
pub(super) fn push(store: &mut Store, client: &mut Client) -> SyncResult<usize> {
    let Some(photos) = store.photo_store() else {
        return Ok(0);
    };
    let cfg = local::require(store.conn())?;
    let me = store.terminal().id.clone();
    let mut sent = 0;
    for kind in KINDS {
        let todo: Vec<(String, String)> = store
            .conn()
            .prepare(
                "SELECT p.sha256, p.mime FROM photos p
                 WHERE NOT EXISTS (SELECT 1 FROM sync_blobs s
                                   WHERE s.sha256 = p.sha256 AND s.kind = ?1)
                 ORDER BY p.created_at",
            )?
            .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (sha, mime) in todo {
            if kind == "thumb" && photos.exists(&sha, &mime) {
                // Made from the original when missing.
                photos.thumbnail(&sha, &mime).ok();
            }
            let path = path_of(&photos, &sha, &mime, kind);
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                // Not here (a photo of another terminal not fetched yet): not ours to send.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(crate::CoreError::io(&path, e).into()),
            };
            let chunks = bytes.chunks(CHUNK).collect::<Vec<_>>();
            let mut tx = client.transaction()?;
            let added = tx.execute(
                "INSERT INTO rpma_hub.blobs (shop_id, sha256, kind, mime, bytes, chunks, terminal_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                &[
                    &cfg.shop_id,
                    &sha,
                    &kind,
                    &mime,
                    &(bytes.len() as i64),
                    &(chunks.len() as i32),
                    &me,
                ],
            )?;
            if added == 1 {
                for (n, c) in chunks.iter().enumerate() {
                    tx.execute(
                        "INSERT INTO rpma_hub.blob_chunks (shop_id, sha256, kind, n, data)
                         VALUES ($1, $2, $3, $4, $5)",
                        &[&cfg.shop_id, &sha, &kind, &(n as i32), c],
                    )?;
                }
                sent += 1;
            }
            tx.commit()?;
            store.write(None, |tx| {
                tx.conn().execute(
                    "INSERT OR REPLACE INTO sync_blobs (sha256, kind, updated_at)
                     VALUES (?1, ?2, ?3)",
                    params![sha, kind, tx.now()],
                )?;
                Ok(())
            })?;
        }
    }
    Ok(sent)
}

/// Fetches one file from the hub into the photo store; false when the hub does not hold it
/// (yet). An original whose content does not match its SHA-256 is refused.
fn fetch_one(
    client: &mut Client,
    photos: &PhotoStore,
    sha: &str,
    mime: &str,
    kind: &str,
) -> SyncResult<Option<usize>> {
    // A head office reads every shop's files: the same file in two shops is taken from one.
    let Some(row) = client.query_opt(
        "SELECT bytes, chunks, shop_id FROM rpma_hub.blobs WHERE sha256 = $1 AND kind = $2
         ORDER BY shop_id LIMIT 1",
        &[&sha, &kind],
    )?
    else {
        return Ok(None);
    };
    let (size, chunks, shop): (i64, i32, String) = (row.get(0), row.get(1), row.get(2));
    let mut data = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    for r in client.query(
        "SELECT data FROM rpma_hub.blob_chunks WHERE sha256 = $1 AND kind = $2 AND shop_id = $3
         ORDER BY n",
        &[&sha, &kind, &shop],
    )? {
        data.extend_from_slice(r.get::<_, &[u8]>(0));
    }
    let whole = i64::try_from(data.len()).unwrap_or(-1) == size && chunks >= 0;
    let matches = kind != "original" || hex::encode(Sha256::digest(&data)) == sha;
    if !whole || !matches {
        tracing::error!(%sha, kind, "a photo file on the sync hub is damaged: not written");
        return Ok(None);
    }
    crate::fsutil::write_atomic(&path_of(photos, sha, mime, kind), &data)?;
    Ok(Some(data.len()))
}

/// Fetches the photo files this terminal lacks: thumbnails, then originals up to
/// [`FETCH_BUDGET`] bytes.
pub(super) fn pull(store: &mut Store, client: &mut Client) -> SyncResult<usize> {
    let Some(photos) = store.photo_store() else {
        return Ok(0);
    };
    let rows: Vec<(String, String)> = store
        .conn()
        .prepare("SELECT sha256, mime FROM photos ORDER BY created_at DESC")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut fetched = 0;
    let mut budget = FETCH_BUDGET;
    for kind in KINDS.iter().rev() {
        for (sha, mime) in &rows {
            if path_of(&photos, sha, mime, kind).is_file() || (*kind == "original" && budget <= 0) {
                continue;
            }
            if let Some(n) = fetch_one(client, &photos, sha, mime, kind)? {
                fetched += 1;
                if *kind == "original" {
                    budget -= i64::try_from(n).unwrap_or(i64::MAX);
                }
                mark_sent(store, sha, kind)?;
            }
        }
    }
    Ok(fetched)
}

/// A fetched file is on the hub already: never sent back.
fn mark_sent(store: &mut Store, sha: &str, kind: &str) -> SyncResult<()> {
    store.write(None, |tx| {
        tx.conn().execute(
            "INSERT OR REPLACE INTO sync_blobs (sha256, kind, updated_at) VALUES (?1, ?2, ?3)",
            params![sha, kind, tx.now()],
        )?;
        Ok(())
    })?;
    Ok(())
}

/// Gets one photo's original from the hub now (a screen opens a photo of another terminal that
/// the rounds have not fetched yet). True when the file is here afterwards.
pub fn fetch_photo(store: &mut Store, sha: &str) -> SyncResult<bool> {
    let Some(photos) = store.photo_store() else {
        return Ok(false);
    };
    let Some(mime): Option<String> = store
        .conn()
        .query_row("SELECT mime FROM photos WHERE sha256 = ?1", [sha], |r| {
            r.get(0)
        })
        .optional()?
    else {
        return Ok(false);
    };
    if photos.exists(sha, &mime) {
        return Ok(true);
    }
    let cfg = local::require(store.conn())?;
    let mut client = super::push_pull::connect(store, &cfg)?;
    let got = fetch_one(&mut client, &photos, sha, &mime, "original")?.is_some();
    if got {
        mark_sent(store, sha, "original")?;
    }
    Ok(got)
}
