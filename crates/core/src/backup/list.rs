//! The backups of a folder, newest first, with their size and verified state.
//!
//! The outcome of the last verification of a backup is kept beside it in `<file>.verified` (a
//! small JSON file holding the backup's size and modification time when it was verified: a
//! backup replaced or modified since then is shown as not verified).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{BackupError, VerifyReport, parse_file_name};

/// Extension of the file recording a verification, added to the backup's name.
pub const VERIFIED_EXT: &str = ".verified";

/// Whether a backup was verified, and how it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifiedState {
    /// Never verified (or modified since).
    Unknown,
    /// The last verification passed.
    Verified,
    /// The last verification found problems.
    Failed,
}

/// A backup file found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    /// The file.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// The terminal in its name.
    pub terminal: String,
    /// The local date and time in its name.
    pub stamp: NaiveDateTime,
    /// Encrypted (`.age`).
    pub encrypted: bool,
    /// The last verification.
    pub verified: VerifiedState,
    /// When it was last verified (ms since the Unix epoch).
    pub verified_at_ms: Option<i64>,
    /// Modification time (ms since the Unix epoch).
    pub modified_ms: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    ok: bool,
    verified_at_ms: i64,
    size: u64,
    modified_ms: i64,
    problems: Vec<String>,
}

fn modified_ms(meta: &fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn record_path(backup: &Path) -> PathBuf {
    let mut s = backup.as_os_str().to_owned();
    s.push(VERIFIED_EXT);
    PathBuf::from(s)
}

/// Records the outcome of a verification beside the backup. Best effort: a read-only folder
/// only loses the record (logged).
pub fn record_verification(backup: &Path, report: &VerifyReport) {
    let Ok(meta) = fs::metadata(backup) else {
        return;
    };
    let rec = Record {
        ok: report.is_ok(),
        verified_at_ms: chrono::Utc::now().timestamp_millis(),
        size: meta.len(),
        modified_ms: modified_ms(&meta),
        problems: report.problems.iter().map(|p| p.key().to_owned()).collect(),
    };
    let path = record_path(backup);
    let result = serde_json::to_vec(&rec)
        .map_err(|e| e.to_string())
        .and_then(|bytes| crate::fsutil::write_atomic(&path, &bytes).map_err(|e| e.to_string()));
    if let Err(e) = result {
        tracing::warn!(path = %path.display(), "cannot record the verification: {e}");
    }
}

fn read_record(backup: &Path, meta: &fs::Metadata) -> (VerifiedState, Option<i64>) {
    let Ok(bytes) = fs::read(record_path(backup)) else {
        return (VerifiedState::Unknown, None);
    };
    let Ok(rec) = serde_json::from_slice::<Record>(&bytes) else {
        return (VerifiedState::Unknown, None);
    };
    if rec.size != meta.len() || rec.modified_ms != modified_ms(meta) {
        return (VerifiedState::Unknown, None);
    }
    let state = if rec.ok {
        VerifiedState::Verified
    } else {
        VerifiedState::Failed
    };
    (state, Some(rec.verified_at_ms))
}

/// The recorded verification of one backup file: [`VerifiedState::Unknown`] when none is
/// recorded or the file changed since.
pub fn verified_state(backup: &Path) -> (VerifiedState, Option<i64>) {
    match fs::metadata(backup) {
        Ok(meta) => read_record(backup, &meta),
        Err(_) => (VerifiedState::Unknown, None),
    }
}

/// The backups in `dir` (files named like [`super::file_name`]), newest first. A missing folder
/// has none.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>, BackupError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(BackupError::io(dir, e)),
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(parsed) = parse_file_name(&name) else {
            continue;
        };
        let Ok(meta) = e.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let path = e.path();
        let (verified, verified_at_ms) = read_record(&path, &meta);
        out.push(BackupFile {
            bytes: meta.len(),
            terminal: parsed.terminal,
            stamp: parsed.stamp,
            encrypted: parsed.encrypted,
            verified,
            verified_at_ms,
            modified_ms: modified_ms(&meta),
            path,
        });
    }
    out.sort_by(|a, b| {
        b.stamp
            .cmp(&a.stamp)
            .then(b.modified_ms.cmp(&a.modified_ms))
            .then(b.path.cmp(&a.path))
    });
    Ok(out)
}

/// Deletes a backup and its verification record.
pub fn delete_backup(backup: &Path) -> Result<(), BackupError> {
    fs::remove_file(backup).map_err(|e| BackupError::io(backup, e))?;
    let rec = record_path(backup);
    match fs::remove_file(&rec) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(BackupError::io(rec, e)),
    }
}
