//! The database check at every start, and what a recovery can restore from.
//!
//! [`check_database`] runs `PRAGMA quick_check` on a read-only connection before the app opens
//! the store (a few hundred milliseconds on a large shop; it reads every page once). A database
//! that fails it, or will not open, or is missing while the folder still holds the shop's key or
//! photos, is never replaced by a new empty one: the app shows its recovery screen instead, with
//! the backups it can find ([`recovery_options`]) and the data folders kept aside by earlier
//! restores (`<name>.before-restore-…`).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::settings;
use crate::backup::list::{self, BackupFile};
use crate::datadir::DB_FILE;
use crate::store::BUSY_TIMEOUT;
use crate::store::migrations;

/// What the start-up check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    /// No database and nothing of a shop in the folder: a new terminal (set-up follows).
    Fresh,
    /// The database opens and passes `quick_check`.
    Healthy,
    /// The database will not open or fails `quick_check` (the first findings).
    Corrupt {
        /// SQLite's words.
        detail: String,
    },
    /// There is no database, but the folder holds the shop's key or photos: it was lost.
    Missing,
}

impl DbState {
    /// The app must not open the store (it shows the recovery screen).
    pub fn needs_recovery(&self) -> bool {
        matches!(self, Self::Corrupt { .. } | Self::Missing)
    }
}

fn quick_check(db: &Path) -> Result<Vec<String>, String> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| e.to_string())?;
    migrations::schema_level(&conn).map_err(|e| e.to_string())?;
    let mut st = conn
        .prepare("PRAGMA quick_check")
        .map_err(|e| e.to_string())?;
    let lines: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    Ok(lines.into_iter().filter(|l| l != "ok").take(5).collect())
}

/// Whether a data folder holds anything of a shop besides its database.
fn holds_shop_files(root: &Path) -> bool {
    let key = crate::keys::key_path(&root.join(DB_FILE)).is_file();
    let photos = std::fs::read_dir(root.join("photos").join("originals"))
        .is_ok_and(|mut d| d.next().is_some());
    key || photos
}

/// Checks the database of the data folder `root` before the app opens it (read-only: works
/// while another connection has it open).
pub fn check_database(root: &Path) -> DbState {
    let db = root.join(DB_FILE);
    if !db.exists() {
        return if holds_shop_files(root) {
            DbState::Missing
        } else {
            DbState::Fresh
        };
    }
    match quick_check(&db) {
        Ok(problems) if problems.is_empty() => DbState::Healthy,
        Ok(problems) => DbState::Corrupt {
            detail: problems.join("; "),
        },
        Err(detail) => DbState::Corrupt { detail },
    }
}

/// Whether an error opening the database means the file is damaged (rather than, say, locked
/// by another program): its words, when it does.
pub fn damage_in(err: &crate::CoreError) -> Option<String> {
    match err {
        crate::CoreError::NotADatabase { detail, .. } => Some(detail.clone()),
        crate::CoreError::Db(e) => matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        )
        .then(|| e.to_string()),
        _ => None,
    }
}

/// A data folder kept aside by a restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptFolder {
    /// The folder.
    pub path: PathBuf,
    /// When it was set aside, as in its name (`YYYYMMDD-HHMMSS`, UTC).
    pub stamp: String,
    /// Its database passes `quick_check`.
    pub healthy: bool,
    /// Its shop's name, when readable.
    pub shop: Option<String>,
}

/// What a recovery can restore from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoveryOptions {
    /// Backups found (the data folder's `backups` and the configured destination, when the
    /// settings can still be read), newest first.
    pub backups: Vec<BackupFile>,
    /// Data folders kept aside by earlier restores, newest first.
    pub folders: Vec<KeptFolder>,
}

/// The destination folder named in the settings of a damaged database, when still readable.
fn configured_destination(root: &Path) -> Option<PathBuf> {
    let conn = Connection::open_with_flags(
        root.join(DB_FILE),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    settings::get(&conn).ok()?.destination
}

fn shop_name(db: &Path) -> Option<String> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.query_row(
        "SELECT name FROM organisation WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// The data folders set aside beside `root` (`<name>.before-restore-*`), newest first.
pub fn kept_folders(root: &Path) -> Vec<KeptFolder> {
    let (Some(parent), Some(name)) = (root.parent(), root.file_name()) else {
        return Vec::new();
    };
    let prefix = format!("{}.before-restore-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut out: Vec<KeptFolder> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let stamp = n.strip_prefix(&prefix)?.to_owned();
            let db = e.path().join(DB_FILE);
            Some(KeptFolder {
                healthy: db.is_file() && quick_check(&db).is_ok_and(|p| p.is_empty()),
                shop: shop_name(&db),
                path: e.path(),
                stamp,
            })
        })
        .collect();
    out.sort_by(|a, b| b.stamp.cmp(&a.stamp));
    out
}

/// The backups and kept folders a recovery of `root` can offer.
pub fn recovery_options(root: &Path) -> RecoveryOptions {
    let mut dirs = vec![root.join("backups")];
    if let Some(d) = configured_destination(root)
        && !dirs.contains(&d)
    {
        dirs.push(d);
    }
    let mut backups: Vec<BackupFile> = dirs
        .iter()
        .flat_map(|d| list::list_backups(d).unwrap_or_default())
        .collect();
    backups.sort_by(|a, b| b.stamp.cmp(&a.stamp).then(b.path.cmp(&a.path)));
    RecoveryOptions {
        backups,
        folders: kept_folders(root),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::io::{Seek as _, SeekFrom, Write as _};

    use super::*;
    use crate::store::Store;

    #[test]
    fn fresh_healthy_corrupt_and_missing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        std::fs::create_dir_all(&root).unwrap();
        assert_eq!(check_database(&root), DbState::Fresh);
        let (s, _) = Store::open(&root.join(DB_FILE)).unwrap();
        s.conn()
            .execute_batch(
                "CREATE TABLE filler (b BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
                 INSERT INTO filler SELECT randomblob(3000) FROM n;",
            )
            .unwrap();
        drop(s);
        assert_eq!(check_database(&root), DbState::Healthy);
        // Garbage over pages in the middle of the file (a real write on the file).
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(root.join(DB_FILE))
            .unwrap();
        let len = f.metadata().unwrap().len();
        f.seek(SeekFrom::Start(len / 2)).unwrap();
        f.write_all(&vec![0xA5; 64 * 1024]).unwrap();
        f.sync_all().unwrap();
        drop(f);
        let state = check_database(&root);
        assert!(state.needs_recovery(), "{state:?}");
        std::fs::remove_file(root.join(DB_FILE)).unwrap();
        assert_eq!(
            check_database(&root),
            DbState::Missing,
            "the key is still there"
        );
    }

    #[test]
    fn kept_folders_are_listed_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        for stamp in ["20260101-080000", "20260301-080000"] {
            let kept = dir.path().join(format!("data.before-restore-{stamp}"));
            std::fs::create_dir_all(&kept).unwrap();
            drop(Store::open(&kept.join(DB_FILE)).unwrap());
        }
        std::fs::create_dir_all(dir.path().join("other.before-restore-20260401-080000")).unwrap();
        let found = kept_folders(&root);
        let stamps: Vec<&str> = found.iter().map(|k| k.stamp.as_str()).collect();
        assert_eq!(stamps, ["20260301-080000", "20260101-080000"]);
        assert!(found.iter().all(|k| k.healthy));
    }
}
