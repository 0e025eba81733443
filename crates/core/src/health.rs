//! `rpma health` and `rpma db vacuum`: the state of a data folder for monitoring, and giving
//! the database's free pages back to the disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::backup::list::{self, VerifiedState};
use crate::datadir::DB_FILE;
use crate::error::{CoreError, CoreResult};
use crate::photos::PhotoStore;
use crate::store::migrations::{self, LATEST_LEVEL};
use crate::store::{BUSY_TIMEOUT, Store};

/// The newest backup of the data folder's backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastBackup {
    /// The file.
    pub file: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// When it was written (ms since the Unix epoch, from the file).
    pub created_ms: i64,
    /// Its age in seconds.
    pub age_secs: i64,
    /// `verified`, `failed` or `unknown`.
    pub verified: VerifiedState,
}

/// The state of a data folder. Serialised as the JSON of `rpma health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthReport {
    /// True when the database is readable and passes `quick_check` at this version's schema,
    /// and the photo store holds every photo the database names.
    pub ok: bool,
    /// RPMA's version.
    pub version: String,
    /// The data folder.
    pub data_dir: PathBuf,
    /// The database opens and passes `PRAGMA quick_check`.
    pub database_ok: bool,
    /// Why not, when not.
    pub database_detail: Option<String>,
    /// Schema level of the database file.
    pub schema_level: i64,
    /// Schema level of this RPMA.
    pub schema_latest: i64,
    /// Free space on the data folder's disk, in bytes (`None` when it cannot be read).
    pub disk_free_bytes: Option<u64>,
    /// The newest backup in `<data>/backups`.
    pub last_backup: Option<LastBackup>,
    /// Every photo the database names has its original file.
    pub photos_consistent: bool,
    /// Photos named by the database whose original file is missing.
    pub photos_missing: u64,
    /// Original files no database row names (harmless; listed for housekeeping).
    pub photos_unreferenced: u64,
}

/// Checks a data folder without modifying it (the database is opened read-only, so this works
/// while the app runs). `now_ms` dates the last backup's age.
pub fn check(root: &Path, now_ms: i64) -> HealthReport {
    let db = root.join(DB_FILE);
    let mut report = HealthReport {
        ok: false,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: root.to_owned(),
        database_ok: false,
        database_detail: None,
        schema_level: 0,
        schema_latest: LATEST_LEVEL,
        disk_free_bytes: fs4::available_space(root).ok(),
        last_backup: last_backup(&root.join("backups"), now_ms),
        photos_consistent: false,
        photos_missing: 0,
        photos_unreferenced: 0,
    };
    let conn = if db.is_file() {
        Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| e.to_string())
    } else {
        Err(format!("no database at {}", db.display()))
    };
    match conn.and_then(|c| {
        database_state(&c)
            .map(|s| (c, s))
            .map_err(|e| e.to_string())
    }) {
        Ok((conn, (level, problems))) => {
            report.schema_level = level;
            report.database_ok = problems.is_empty();
            if !problems.is_empty() {
                report.database_detail = Some(problems.join("; "));
            }
            match photo_state(&conn, root) {
                Ok((missing, unreferenced)) => {
                    report.photos_missing = missing;
                    report.photos_unreferenced = unreferenced;
                    report.photos_consistent = missing == 0;
                }
                Err(e) => {
                    report.database_detail.get_or_insert_with(|| e.to_string());
                }
            }
        }
        Err(e) => report.database_detail = Some(e),
    }
    report.ok =
        report.database_ok && report.schema_level == LATEST_LEVEL && report.photos_consistent;
    report
}

/// Schema level and `quick_check` findings.
fn database_state(conn: &Connection) -> CoreResult<(i64, Vec<String>)> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let level = migrations::schema_level(conn)?;
    let mut st = conn.prepare("PRAGMA quick_check")?;
    let lines: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    let problems: Vec<String> = lines.into_iter().filter(|l| l != "ok").take(10).collect();
    Ok((level, problems))
}

/// Photos named by the database without a file, and files named by no row.
fn photo_state(conn: &Connection, root: &Path) -> CoreResult<(u64, u64)> {
    let has_photos: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'photos')",
        [],
        |r| r.get(0),
    )?;
    let store = PhotoStore::for_data_dir(root);
    let files: HashSet<(String, String)> = store.list_originals()?.into_iter().collect();
    if !has_photos {
        return Ok((0, files.len() as u64));
    }
    let mut st = conn.prepare("SELECT sha256, mime FROM photos")?;
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let named: HashSet<&(String, String)> = rows.iter().collect();
    let missing = rows.iter().filter(|r| !files.contains(*r)).count() as u64;
    let unreferenced = files.iter().filter(|f| !named.contains(f)).count() as u64;
    Ok((missing, unreferenced))
}

fn last_backup(dir: &Path, now_ms: i64) -> Option<LastBackup> {
    let newest = list::list_backups(dir).ok()?.into_iter().next()?;
    Some(LastBackup {
        age_secs: (now_ms - newest.modified_ms).max(0) / 1000,
        created_ms: newest.modified_ms,
        bytes: newest.bytes,
        verified: newest.verified,
        file: newest.path,
    })
}

/// What [`vacuum`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VacuumReport {
    /// Database file plus its WAL before, in bytes.
    pub bytes_before: u64,
    /// After.
    pub bytes_after: u64,
}

impl VacuumReport {
    /// Bytes given back to the disk.
    pub fn freed(&self) -> u64 {
        self.bytes_before.saturating_sub(self.bytes_after)
    }
}

fn db_bytes(path: &Path) -> u64 {
    let wal = path.with_extension("db-wal");
    std::fs::metadata(path).map_or(0, |m| m.len()) + std::fs::metadata(wal).map_or(0, |m| m.len())
}

/// Rebuilds the database file without its free pages (`VACUUM`), then empties the WAL. Needs
/// the store to itself (the app closed: the caller holds the data folder's lock); takes about
/// as long as copying the database.
pub fn vacuum(store: &Store) -> CoreResult<VacuumReport> {
    let Some(path) = store.path().map(Path::to_path_buf) else {
        return Err(CoreError::Refused {
            key: "backup-err-vacuum-memory",
        });
    };
    let bytes_before = db_bytes(&path);
    store.checkpoint()?;
    store.conn().execute_batch("VACUUM")?;
    store.checkpoint()?;
    Ok(VacuumReport {
        bytes_before,
        bytes_after: db_bytes(&path),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn healthy_demo_folder_and_a_missing_photo() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        crate::testutil::demo_file(&root.join(DB_FILE), rpma_demo::DEFAULT_SEED, None, false);
        let (s, _) = Store::open(&root.join(DB_FILE)).unwrap();
        let store = PhotoStore::for_data_dir(root);
        let jpeg = crate::photos::fixtures::jpeg_with_exif(&crate::photos::fixtures::FixtureSpec {
            width: 64,
            height: 48,
            ..Default::default()
        });
        let f = store.ingest_bytes(&jpeg, "a.jpg").unwrap();
        s.conn()
            .execute(
                "INSERT INTO photos (sha256, mime, bytes, width, height, created_at) VALUES (?1, ?2, ?3, 64, 48, 0)",
                rusqlite::params![f.sha256, f.mime, f.bytes as i64],
            )
            .unwrap();
        let r = check(root, 0);
        assert!(r.ok, "{r:?}");
        assert!(r.database_ok && r.photos_consistent);
        assert_eq!(r.schema_level, LATEST_LEVEL);
        assert!(r.disk_free_bytes.is_some_and(|b| b > 0));
        assert!(r.last_backup.is_none());
        store.remove(&f.sha256, &f.mime).unwrap();
        let r = check(root, 0);
        assert!(!r.ok);
        assert_eq!(r.photos_missing, 1);
    }

    #[test]
    fn no_database_is_not_ok() {
        let dir = tempfile::tempdir().unwrap();
        let r = check(dir.path(), 0);
        assert!(!r.ok && !r.database_ok);
        assert!(r.database_detail.unwrap().contains("no database"));
    }

    #[test]
    fn vacuum_gives_free_pages_back() {
        let dir = tempfile::tempdir().unwrap();
        let (s, _) = Store::open(&dir.path().join(DB_FILE)).unwrap();
        s.conn()
            .execute_batch(
                "CREATE TABLE scratch (b BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                 INSERT INTO scratch SELECT zeroblob(4096) FROM n;
                 DROP TABLE scratch;",
            )
            .unwrap();
        s.checkpoint().unwrap();
        let r = vacuum(&s).unwrap();
        assert!(r.freed() > 4_000_000, "{r:?}");
        let free: i64 = s
            .conn()
            .query_row("PRAGMA freelist_count", [], |r| r.get(0))
            .unwrap();
        assert_eq!(free, 0);
    }
}
