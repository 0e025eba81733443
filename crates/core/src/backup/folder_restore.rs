//! Putting back a data folder kept aside by an earlier restore (`<name>.before-restore-…`), from
//! the recovery screen: the same journalled swap as a restore ([`super::restore`]), with the kept
//! folder in the place of the staging folder. The current data folder is kept aside in turn
//! (never deleted); the terminal's own folders (logs, backups, import) are carried over; a kill
//! at any moment is completed at the next start ([`super::recover_interrupted`]).

use std::fs;
use std::path::{Path, PathBuf};

use super::restore::{Journal, Paths, aside_name, roll_forward, take_lock, write_journal};
use super::select::CARRIED_OVER;
use super::{BackupError, sync_dir};
use crate::datadir::{DB_FILE, DataDir};

/// The prefix of the folders kept aside beside the data folder named `name`.
pub fn kept_prefix(name: &str) -> String {
    format!("{name}.before-restore-")
}

/// Swaps the kept folder `kept` (beside the data folder, named `<name>.before-restore-…`, with a
/// database in it) in as the data folder. `data` is the data folder's lock (released during the
/// swap). Returns where the replaced data folder was kept.
pub fn restore_kept_folder(data: DataDir, kept: &Path) -> Result<Option<PathBuf>, BackupError> {
    let p = Paths::of(data.root())?;
    let refuse = |detail: &str| BackupError::Layout {
        path: kept.to_owned(),
        detail: detail.to_owned(),
    };
    let name = kept
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| refuse("not a kept data folder"))?
        .to_owned();
    let beside = kept
        .parent()
        .is_some_and(|d| fs::canonicalize(d).ok() == fs::canonicalize(&p.parent).ok());
    if !beside || !name.starts_with(&kept_prefix(&p.name)) {
        return Err(refuse("not a data folder kept beside this one"));
    }
    if !kept.join(DB_FILE).is_file() {
        return Err(refuse("there is no database in it"));
    }
    let _lock = take_lock(&p.lock)?;
    if p.journal.exists() {
        return Err(BackupError::Layout {
            path: p.journal.clone(),
            detail: "an interrupted restore must be completed first (restart RPMA)".to_owned(),
        });
    }
    let carried: Vec<String> = CARRIED_OVER
        .iter()
        .filter(|d| p.root.join(d).is_dir())
        .map(|d| (*d).to_owned())
        .collect();
    let journal = Journal {
        version: 1,
        root: p.name.clone(),
        staging: name,
        aside: aside_name(&p),
        carried,
        drop_aside: false,
    };
    write_journal(&p, &journal)?;
    #[cfg(windows)]
    drop(data);
    let previous = roll_forward(&p, &journal, None)?;
    fs::remove_file(&p.journal).map_err(|e| BackupError::io(&p.journal, e))?;
    sync_dir(&p.parent).map_err(|e| BackupError::io(&p.parent, e))?;
    #[cfg(not(windows))]
    drop(data);
    Ok(previous)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_kept_folder_comes_back_and_the_current_one_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        let kept = dir.path().join("data.before-restore-20260101-080000");
        fs::create_dir_all(root.join("logs")).unwrap();
        fs::write(root.join(DB_FILE), "broken").unwrap();
        fs::write(root.join("logs").join("rpma.log"), "log").unwrap();
        fs::create_dir_all(&kept).unwrap();
        fs::write(kept.join(DB_FILE), "good").unwrap();
        let data = DataDir::open(&root).unwrap();
        let previous = restore_kept_folder(data, &kept).unwrap().unwrap();
        assert_eq!(fs::read_to_string(root.join(DB_FILE)).unwrap(), "good");
        assert_eq!(
            fs::read_to_string(root.join("logs").join("rpma.log")).unwrap(),
            "log",
            "the terminal's logs are carried over"
        );
        assert_eq!(
            fs::read_to_string(previous.join(DB_FILE)).unwrap(),
            "broken"
        );
        assert!(!kept.exists());
        // Only kept folders of this data folder.
        let stranger = dir.path().join("elsewhere");
        fs::create_dir_all(&stranger).unwrap();
        fs::write(stranger.join(DB_FILE), "x").unwrap();
        let data = DataDir::open(&root).unwrap();
        assert!(matches!(
            restore_kept_folder(data, &stranger),
            Err(BackupError::Layout { .. })
        ));
    }
}
