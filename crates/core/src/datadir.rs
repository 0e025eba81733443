//! The data folder: database, logs, photos, documents, backups — and the lock that keeps a second
//! RPMA process from opening the same folder.

use std::fs::{self, File, TryLockError};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use crate::error::{CoreError, CoreResult};

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
        fs::create_dir_all(root).map_err(|e| CoreError::io(root, e))?;
        for sub in ["logs", "photos", "documents", "backups"] {
            let p = root.join(sub);
            fs::create_dir_all(&p).map_err(|e| CoreError::io(&p, e))?;
        }
        let lock_path = root.join(LOCK_FILE);
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| CoreError::io(&lock_path, e))?;
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
}
