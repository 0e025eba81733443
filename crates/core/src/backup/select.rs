//! Which files of the data folder go into a backup.
//!
//! Every regular file of the data folder, in every sub-folder — so folders added later
//! (`documents/`, `keys/`, …) are included without a change here — **except**:
//!
//! | left out | why |
//! |---|---|
//! | `rpma.db`, `rpma.db-wal`, `rpma.db-shm`, `rpma.db-journal` | the live database: the backup holds a consistent copy taken with SQLite's online backup API instead |
//! | `rpma.lock` | the running process's lock, meaningless elsewhere |
//! | `logs/` | this terminal's logs, not shop data (a restore keeps the terminal's own) |
//! | `backups/` and any `rpma-backup-*` file | older backups (no backup inside a backup) |
//! | `import/` | the watched import folder: waiting files are not shop data yet, `imported/` holds the sources of photos already in `photos/`, `refused/` files that were refused (a restore keeps the terminal's own) |
//! | `*.tmp`, `*.part`, hidden `.…` temporary files | writes in progress |
//! | `rpma.db.pre-vN.bak` | copies of the database taken before a migration (older backups) |
//! | the folder the backup is written to, when it is inside the data folder | |
//! | symbolic links and special files | not followed: only regular files are data |
//!
//! Paths are stored `/`-separated and relative to the data folder; a name that is not valid
//! UTF-8 is left out (logged), since it could not be restored under the same name everywhere.

use std::fs;
use std::path::{Path, PathBuf};

use super::{BackupError, DB_ENTRY, FILE_PREFIX, MANIFEST_ENTRY};

/// Top-level folders of the data folder never backed up.
pub const EXCLUDED_DIRS: &[&str] = &["logs", "backups", "import"];
/// Top-level files of the data folder never backed up.
pub const EXCLUDED_FILES: &[&str] = &[
    DB_ENTRY,
    "rpma.db-wal",
    "rpma.db-shm",
    "rpma.db-journal",
    crate::datadir::LOCK_FILE,
];
/// Top-level folders a restore carries over from the data folder it replaces: the terminal's
/// own, never in a backup.
pub const CARRIED_OVER: &[&str] = &["logs", "backups", "import"];

/// A file to back up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path inside the archive (`/`-separated, relative).
    pub rel: String,
    /// The file on disk.
    pub path: PathBuf,
    /// Size when listed (re-read from the open file when archived).
    pub size: u64,
}

/// Whether a file name is a temporary file (left out at any depth).
pub fn is_temp_name(name: &str) -> bool {
    name.ends_with(".tmp")
        || name.ends_with(".part")
        || (name.starts_with('.') && name.contains(".tmp"))
}

/// Whether a path inside the data folder (`/`-separated) is left out of backups.
pub fn is_excluded(rel: &str) -> bool {
    let mut parts = rel.split('/');
    let first = parts.next().unwrap_or("");
    let name = rel.rsplit('/').next().unwrap_or("");
    let top_level = !rel.contains('/');
    if top_level && (EXCLUDED_FILES.contains(&first) || first == MANIFEST_ENTRY) {
        return true;
    }
    if !top_level && EXCLUDED_DIRS.contains(&first) {
        return true;
    }
    if top_level && first.starts_with("rpma.db.pre-v") && first.ends_with(".bak") {
        return true;
    }
    is_temp_name(name)
        || name.starts_with(FILE_PREFIX)
        || name.starts_with(&format!(".{FILE_PREFIX}"))
}

/// Lists the files of `root` to back up, sorted by path; `skip_dir` (the output folder, when it
/// is inside the data folder) is left out too.
pub fn collect(root: &Path, skip_dir: Option<&Path>) -> Result<Vec<SourceFile>, BackupError> {
    let skip = skip_dir.and_then(|d| fs::canonicalize(d).ok());
    let mut out = Vec::new();
    walk(root, "", skip.as_deref(), &mut out)?;
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn walk(
    dir: &Path,
    prefix: &str,
    skip: Option<&Path>,
    out: &mut Vec<SourceFile>,
) -> Result<(), BackupError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !prefix.is_empty() => return Ok(()),
        Err(e) => return Err(BackupError::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| BackupError::io(dir, e))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            tracing::warn!(path = %path.display(), "not backed up: the name is not valid UTF-8");
            continue;
        };
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        // file_type() does not follow symbolic links.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if prefix.is_empty() && EXCLUDED_DIRS.contains(&rel.as_str()) {
                continue;
            }
            if let Some(s) = skip
                && fs::canonicalize(&path).is_ok_and(|p| p == s)
            {
                continue;
            }
            walk(&path, &rel, skip, out)?;
        } else if kind.is_file() {
            if is_excluded(&rel) {
                continue;
            }
            let size = match entry.metadata() {
                Ok(m) => m.len(),
                // Deleted between the listing and now: nothing to back up.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(BackupError::io(&path, e)),
            };
            out.push(SourceFile { rel, path, size });
        }
    }
    Ok(())
}

/// Whether `rel` is a safe relative path to write under a folder: `/`-separated normal
/// components only (no absolute path, no `..`, no empty or `.` component, no backslash or drive
/// letter).
pub fn is_safe_rel_path(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains(':')
        && rel.len() <= 4096
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\0'))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn exclusion_list() {
        for rel in [
            "rpma.db",
            "rpma.db-wal",
            "rpma.db-shm",
            "rpma.lock",
            "rpma.db.pre-v3.bak",
            "logs/rpma.2026-01-01.log",
            "backups/rpma-backup-T1-20260101-120000.tar.zst",
            "import/IMG_1.jpg",
            "import/imported/IMG_0.jpg",
            "photos/originals/ab/.ab12.123-4.tmp",
            "documents/x.pdf.part",
            "exports/rpma-backup-T1-20260101-120000.tar.zst",
            "manifest.json",
        ] {
            assert!(is_excluded(rel), "{rel} should be left out");
        }
        for rel in [
            "photos/originals/ab/ab12.jpg",
            "photos/thumbs/ab/ab12.jpg",
            "documents/2026/report.pdf",
            "keys/signing.key",
            "ui-state.ron",
            "some-new-folder/file.bin",
            "photos/rpma.db",
        ] {
            assert!(!is_excluded(rel), "{rel} should be backed up");
        }
    }

    #[test]
    fn collect_walks_new_folders_and_skips_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (rel, body) in [
            ("rpma.db", "db"),
            ("rpma.lock", "1"),
            ("logs/a.log", "log"),
            ("backups/old.tar.zst", "old"),
            ("import/waiting.jpg", "w"),
            ("photos/originals/ab/ab.jpg", "photo"),
            ("documents/d/report.pdf", "pdf"),
            ("keys/k.pem", "key"),
            ("later/added/file.txt", "new"),
            ("photos/originals/ab/.x.tmp", "tmp"),
        ] {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, body).unwrap();
        }
        let out = fs::create_dir_all(root.join("out"))
            .map(|()| root.join("out"))
            .unwrap();
        fs::write(out.join("something.bin"), "x").unwrap();
        let files = collect(root, Some(&out)).unwrap();
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            vec![
                "documents/d/report.pdf",
                "keys/k.pem",
                "later/added/file.txt",
                "photos/originals/ab/ab.jpg",
            ]
        );
        assert_eq!(files.get(3).unwrap().size, 5);
    }

    #[test]
    fn safe_paths() {
        assert!(is_safe_rel_path("photos/originals/ab/x.jpg"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "c:/x",
            "a\\b",
        ] {
            assert!(!is_safe_rel_path(bad), "{bad}");
        }
    }
}
