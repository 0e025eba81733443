//! Maintenance beyond the database statistics: the photo store (how many, how large, files no
//! row names), the log folder and its last errors, and the two operations on the database file
//! an admin may run from the app (WAL checkpoint, VACUUM).

use std::collections::HashSet;
use std::io::{BufRead as _, BufReader, Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};

use crate::Session;
use crate::auth::permissions::Action;
use crate::datadir::DB_FILE;
use crate::error::{CoreError, CoreResult};
use crate::health::{self, VacuumReport};
use crate::photos::PhotoStore;
use crate::store::Store;
use crate::users;

/// The photo store of a data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoStats {
    /// Original files.
    pub originals: u64,
    /// Their bytes.
    pub original_bytes: u64,
    /// Bytes of the thumbnails.
    pub thumb_bytes: u64,
    /// Original files no database row names (harmless; a leftover of an interrupted import).
    pub orphans: u64,
    /// Their bytes.
    pub orphan_bytes: u64,
    /// Photos the database names whose original file is missing.
    pub missing: u64,
}

fn tree_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => tree_bytes(&e.path()),
            Ok(t) if t.is_file() => e.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// Counts and sizes the photo store of `data_root`, comparing it with the photos its database
/// names (read through a read-only connection: runs beside the app's worker).
pub fn photo_stats(data_root: &Path) -> CoreResult<PhotoStats> {
    let conn = crate::store::open_read_only(&data_root.join(DB_FILE))?;
    let store = PhotoStore::for_data_dir(data_root);
    let files = store.list_originals()?;
    let mut st = conn.prepare("SELECT sha256, mime FROM photos")?;
    let named: HashSet<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let on_disk: HashSet<&(String, String)> = files.iter().collect();
    let mut s = PhotoStats {
        thumb_bytes: tree_bytes(&store.root().join("thumbs")),
        missing: named.iter().filter(|n| !on_disk.contains(n)).count() as u64,
        ..PhotoStats::default()
    };
    for f in &files {
        let bytes = std::fs::metadata(store.original_path(&f.0, &f.1)).map_or(0, |m| m.len());
        s.originals += 1;
        s.original_bytes += bytes;
        if !named.contains(f) {
            s.orphans += 1;
            s.orphan_bytes += bytes;
        }
    }
    Ok(s)
}

/// One log file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    /// Its name.
    pub name: String,
    /// Its size.
    pub bytes: u64,
}

/// The log folder at a glance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogSummary {
    /// The folder.
    pub dir: PathBuf,
    /// Its files, newest first.
    pub files: Vec<LogFile>,
    /// The last error and warning lines, newest first.
    pub last_errors: Vec<String>,
}

/// How much of the end of each log file is read for errors.
const TAIL_BYTES: u64 = 256 * 1024;

/// Lists the log folder and finds its last `max` ERROR and WARN lines (in the newest files,
/// reading only their ends).
pub fn log_summary(logs_dir: &Path, max: usize) -> LogSummary {
    let mut files: Vec<(String, u64, std::time::SystemTime)> = std::fs::read_dir(logs_dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let m = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
                    let modified = m.modified().ok()?;
                    Some((
                        e.file_name().to_string_lossy().into_owned(),
                        m.len(),
                        modified,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by(|a, b| b.2.cmp(&a.2).then(b.0.cmp(&a.0)));
    let mut last_errors = Vec::new();
    for (name, len, _) in &files {
        if last_errors.len() >= max {
            break;
        }
        let Ok(mut f) = std::fs::File::open(logs_dir.join(name)) else {
            continue;
        };
        let start = len.saturating_sub(TAIL_BYTES);
        if f.seek(SeekFrom::Start(start)).is_err() {
            continue;
        }
        let mut lines: Vec<String> = BufReader::new(f.by_ref())
            .lines()
            .map_while(Result::ok)
            // The first line of a tail may be cut.
            .skip(usize::from(start > 0))
            .filter(|l| l.contains(" ERROR ") || l.contains(" WARN "))
            .collect();
        lines.reverse();
        last_errors.extend(lines.into_iter().take(max - last_errors.len()));
    }
    LogSummary {
        dir: logs_dir.to_owned(),
        files: files
            .into_iter()
            .map(|(name, bytes, _)| LogFile { name, bytes })
            .collect(),
        last_errors,
    }
}

/// What a WAL checkpoint did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointReport {
    /// Size of the write-ahead log before.
    pub wal_before: u64,
    /// After (0 unless a reader kept part of it, e.g. a backup running).
    pub wal_after: u64,
}

fn wal_bytes(store: &Store) -> u64 {
    store
        .path()
        .and_then(|p| std::fs::metadata(p.with_extension("db-wal")).ok())
        .map_or(0, |m| m.len())
}

/// Writes the write-ahead log into the database file and empties it (admins,
/// [`Action::RunMaintenance`]).
pub fn checkpoint_as(store: &Store, actor: &Session) -> CoreResult<CheckpointReport> {
    users::authorize(store.conn(), actor, Action::RunMaintenance)?;
    let wal_before = wal_bytes(store);
    store.checkpoint()?;
    Ok(CheckpointReport {
        wal_before,
        wal_after: wal_bytes(store),
    })
}

/// Rebuilds the database file without its free pages and says how much it gave back (admins,
/// [`Action::RunMaintenance`]). Takes about as long as copying the database; the app's other
/// database work waits meanwhile.
pub fn vacuum_as(store: &Store, actor: &Session) -> CoreResult<VacuumReport> {
    users::authorize(store.conn(), actor, Action::RunMaintenance)?;
    if store.path().is_none() {
        return Err(CoreError::Refused {
            key: "backup-err-vacuum-memory",
        });
    }
    health::vacuum(store)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn maintenance_operations_are_for_admins() {
        let f = Fixture::new();
        for u in [&f.supervisor, &f.technician, &f.viewer] {
            assert!(matches!(
                checkpoint_as(&f.store, u),
                Err(CoreError::Forbidden(_))
            ));
            assert!(matches!(
                vacuum_as(&f.store, u),
                Err(CoreError::Forbidden(_))
            ));
        }
        checkpoint_as(&f.store, &f.admin).unwrap();
        assert!(matches!(
            vacuum_as(&f.store, &f.admin),
            Err(CoreError::Refused { .. })
        ));
    }

    #[test]
    fn the_last_errors_come_from_the_newest_log_first() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("rpma.2026-03-01.log");
        std::fs::write(
            &old,
            "2026-03-01T08:00:00Z  INFO rpma: start\n2026-03-01T09:00:00Z ERROR rpma: old failure\n",
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(
            dir.path().join("rpma.2026-03-02.log"),
            "2026-03-02T08:00:00Z  WARN rpma: disk nearly full\n2026-03-02T09:00:00Z  INFO rpma: ok\n2026-03-02T10:00:00Z ERROR rpma: new failure\n",
        )
        .unwrap();
        let s = log_summary(dir.path(), 10);
        assert_eq!(s.files.len(), 2);
        assert_eq!(s.files[0].name, "rpma.2026-03-02.log");
        assert_eq!(s.last_errors.len(), 3);
        assert!(s.last_errors[0].contains("new failure"));
        assert!(s.last_errors[1].contains("disk nearly full"));
        assert!(s.last_errors[2].contains("old failure"));
        assert_eq!(log_summary(dir.path(), 1).last_errors.len(), 1);
        assert!(log_summary(&dir.path().join("none"), 5).files.is_empty());
    }

    #[test]
    fn photo_stats_count_sizes_and_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let (s, _) = Store::open(&root.join(DB_FILE)).unwrap();
        let store = PhotoStore::for_data_dir(root);
        let jpeg = |w| {
            crate::photos::fixtures::jpeg_with_exif(&crate::photos::fixtures::FixtureSpec {
                width: w,
                height: 24,
                ..Default::default()
            })
        };
        let a = store.ingest_bytes(&jpeg(32), "a.jpg").unwrap();
        let b = store.ingest_bytes(&jpeg(40), "b.jpg").unwrap();
        s.conn()
            .execute(
                "INSERT INTO photos (sha256, mime, bytes, width, height, created_at) VALUES (?1, ?2, ?3, 32, 24, 0)",
                rusqlite::params![a.sha256, a.mime, a.bytes as i64],
            )
            .unwrap();
        let st = photo_stats(root).unwrap();
        assert_eq!(st.originals, 2);
        assert_eq!(st.original_bytes, a.bytes + b.bytes);
        assert_eq!((st.orphans, st.orphan_bytes), (1, b.bytes));
        assert_eq!(st.missing, 0);
        assert!(st.thumb_bytes > 0);
    }
}
