//! The data folder: database, logs, photos, documents, backups — and the lock that keeps a second
//! RPMA process from opening the same folder.
//!
//! On Unix the folder is private to the shop's OS account: created `0700`, its files `0600`
//! ([`crate::fsutil`]); a folder left more open by an older version (or by hand) is closed, with
//! everything in it, when it is opened.

use std::fs::{self, File, TryLockError};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use crate::error::{CoreError, CoreResult};
use crate::fsutil;

/// Name of the database file inside the data folder.
pub const DB_FILE: &str = "rpma.db";
/// Name of the lock file inside the data folder.
pub const LOCK_FILE: &str = "rpma.lock";

/// An opened, locked data folder. The lock is released when this is dropped (or the process
/// dies: the operating system releases file locks of dead processes, so a crash never leaves a
/// stale lock behind).
#[derive(Debug)]
pub struct DataDir {
    root: PathBuf,
    _lock: File,
}

impl DataDir {
    /// Creates the folder tree if needed and takes the exclusive lock. A restore interrupted
    /// during its swap is completed first (see [`crate::backup::restore`]).
    pub fn open(root: &Path) -> CoreResult<Self> {
        crate::backup::recover_interrupted(root).map_err(crate::backup::BackupError::into_core)?;
        if root.is_dir() && fsutil::is_shared(root) {
            // The first start after an upgrade (or a folder opened by hand): close everything
            // in it once. Later starts only look at the top of the tree.
            tracing::info!(path = %root.display(), "data folder open to other accounts: made private");
            fsutil::make_private_tree(root)?;
        }
        fsutil::create_private_dir_all(root)?;
        fsutil::make_private(root)?;
        for sub in ["logs", "photos", "documents", "backups"] {
            let p = root.join(sub);
            fsutil::create_private_dir_all(&p)?;
            fsutil::make_private(&p)?;
        }
        // Files written by others (the log appender, the window state) are closed at each start.
        let entries = fs::read_dir(root).map_err(|e| CoreError::io(root, e))?;
        for entry in entries.flatten() {
            fsutil::make_private(&entry.path())?;
        }
        if let Ok(logs) = fs::read_dir(root.join("logs")) {
            for entry in logs.flatten() {
                fsutil::make_private(&entry.path())?;
            }
        }
        let lock_path = root.join(LOCK_FILE);
        let mut file =
            fsutil::open_private(&lock_path).map_err(|e| CoreError::io(&lock_path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                file.read_to_string(&mut text).ok();
                return Err(CoreError::AlreadyRunning {
                    path: root.to_owned(),
                    pid: text.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(CoreError::io(&lock_path, e)),
        }
        // Record our pid for the message another instance shows.
        file.set_len(0).map_err(|e| CoreError::io(&lock_path, e))?;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| CoreError::io(&lock_path, e))?;
        write!(file, "{}", std::process::id()).map_err(|e| CoreError::io(&lock_path, e))?;
        file.flush().map_err(|e| CoreError::io(&lock_path, e))?;
        Ok(Self {
            root: root.to_owned(),
            _lock: file,
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/rpma.db`.
    pub fn db_path(&self) -> PathBuf {
        self.root.join(DB_FILE)
    }

    /// `<root>/logs`.
    pub fn logs_dir(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// `<root>/photos`.
    pub fn photos_dir(&self) -> PathBuf {
        self.root.join("photos")
    }

    /// `<root>/backups`.
    pub fn backups_dir(&self) -> PathBuf {
        self.root.join("backups")
    }
}

/// Whether the operating-system user running this process owns the data folder `root`.
///
/// On Unix: the folder's owner is the process's effective user (root is no exception: a folder
/// owned by someone else is someone else's). A folder that does not exist yet belongs to whoever
/// creates it: true. On other systems the folder's access rights are the gate (the default data
/// folder is in the user's own profile, and the command opens the database for writing): true.
pub fn caller_owns(root: &Path) -> CoreResult<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let owner = match fs::metadata(root) {
            Ok(m) => m.uid(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
            Err(e) => return Err(CoreError::io(root, e)),
        };
        Ok(effective_uid()? == owner)
    }
    #[cfg(not(unix))]
    {
        let _ = root;
        Ok(true)
    }
}

/// The effective user id, read without `unsafe`: a new file belongs to the user who creates it.
#[cfg(unix)]
fn effective_uid() -> CoreResult<u32> {
    use std::os::unix::fs::MetadataExt as _;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let probe = std::env::temp_dir().join(format!(".rpma-uid-{}-{nanos}", std::process::id()));
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(|e| CoreError::io(&probe, e))?;
    let uid = file.metadata().map(|m| m.uid());
    drop(file);
    if let Err(e) = fs::remove_file(&probe) {
        tracing::warn!("could not remove {}: {e}", probe.display());
    }
    uid.map_err(|e| CoreError::io(&probe, e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn second_open_is_refused_then_allowed_after_drop() {
        let dir = tempfile::tempdir().unwrap();
        let first = DataDir::open(dir.path()).unwrap();
        let err = DataDir::open(dir.path()).unwrap_err();
        match err {
            CoreError::AlreadyRunning { pid, .. } => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected AlreadyRunning, got {other:?}"),
        }
        drop(first);
        let again = DataDir::open(dir.path()).unwrap();
        assert!(again.logs_dir().is_dir());
        assert!(again.photos_dir().is_dir());
    }

    #[test]
    fn the_user_owns_the_folders_it_creates_and_those_not_yet_created() {
        let dir = tempfile::tempdir().unwrap();
        assert!(caller_owns(dir.path()).unwrap());
        assert!(caller_owns(&dir.path().join("not-yet")).unwrap());
    }

    /// A folder owned by another user is not the caller's (root included). Needs root to give
    /// the folder away; `tests/update_e2e.rs` covers the command line the same way.
    #[cfg(unix)]
    #[test]
    fn a_folder_owned_by_another_user_is_not_the_callers() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let me = dir.path().metadata().unwrap().uid();
        if me != 0 {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "this test must run as root in CI (it gives a folder to another user)"
            );
            // Written to stderr directly: the test harness would hide an `eprintln!`.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED a_folder_owned_by_another_user_is_not_the_callers: not root, \
                 cannot give a folder to another user ***\n"
            );
            return;
        }
        let other = dir.path().join("other");
        fs::create_dir(&other).unwrap();
        let status = std::process::Command::new("chown")
            .arg("4242")
            .arg(&other)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(!caller_owns(&other).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_and_its_files_are_private_and_an_open_folder_is_closed() {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("data");
        let data = DataDir::open(&root).unwrap();
        let (store, _) = crate::Store::open(&data.db_path()).unwrap();
        store
            .conn()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let photos = crate::photos::PhotoStore::for_data_dir(&root);
        let jpeg = crate::photos::fixtures::jpeg_with_exif(&crate::photos::fixtures::FixtureSpec {
            width: 32,
            height: 24,
            ..crate::photos::fixtures::FixtureSpec::default()
        });
        let file = photos.ingest_bytes(&jpeg, "a.jpg").unwrap();
        let original = photos.original_path(&file.sha256, &file.mime);
        for d in [
            root.clone(),
            data.logs_dir(),
            data.photos_dir(),
            data.backups_dir(),
        ] {
            assert_eq!(mode(&d), fsutil::DIR_MODE, "{}", d.display());
        }
        let wal = root.join("rpma.db-wal");
        let shm = root.join("rpma.db-shm");
        assert!(wal.is_file() && shm.is_file());
        for f in [
            data.db_path(),
            wal,
            shm,
            root.join("rpma.key"),
            root.join(LOCK_FILE),
            original.clone(),
        ] {
            assert_eq!(mode(&f), fsutil::FILE_MODE, "{}", f.display());
        }
        assert_eq!(mode(original.parent().unwrap()), fsutil::DIR_MODE);
        drop(store);
        drop(data);
        // An older version left everything readable by all: the next open closes it.
        for (p, m) in [
            (&root, 0o755),
            (&root.join("photos"), 0o755),
            (&original, 0o644),
            (&root.join("rpma.db"), 0o644),
        ] {
            fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
        }
        fs::write(root.join("logs").join("rpma.2026-03-02.log"), "x").unwrap();
        fs::set_permissions(
            root.join("logs").join("rpma.2026-03-02.log"),
            fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let _data = DataDir::open(&root).unwrap();
        assert_eq!(mode(&root), fsutil::DIR_MODE);
        assert_eq!(mode(&root.join("photos")), fsutil::DIR_MODE);
        assert_eq!(mode(&original), fsutil::FILE_MODE);
        assert_eq!(mode(&root.join("rpma.db")), fsutil::FILE_MODE);
        assert_eq!(
            mode(&root.join("logs").join("rpma.2026-03-02.log")),
            fsutil::FILE_MODE
        );
    }
}
