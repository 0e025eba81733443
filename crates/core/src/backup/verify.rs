//! Verifying a backup: every entry re-hashed against the manifest, the database copy opened and
//! checked (integrity, foreign keys, audit chain). Each fault is reported as its own
//! [`Problem`], naming the entry.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::reader::{self, Dest};
use super::{BackupError, Ctl, DB_ENTRY, Manifest, Passphrase, Problem, Progress, Stage, list};
use crate::store::check;
use crate::store::migrations::LATEST_LEVEL;

/// What the database copy's checks found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseCheck {
    /// Its schema level.
    pub schema_level: i64,
    /// `integrity_check` said `ok`.
    pub integrity_ok: bool,
    /// `foreign_key_check` found nothing.
    pub foreign_keys_ok: bool,
    /// Audit entries verified (`None`: no audit log, or a newer schema this RPMA cannot judge).
    pub audit_entries: Option<i64>,
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// The backup file.
    pub path: PathBuf,
    /// Whether it is encrypted.
    pub encrypted: bool,
    /// Its manifest, when it could be read.
    pub manifest: Option<Manifest>,
    /// Entries read whole (the manifest not counted).
    pub entries_read: u64,
    /// Their bytes.
    pub bytes_read: u64,
    /// The database copy's checks, when it could be extracted.
    pub database: Option<DatabaseCheck>,
    /// Everything wrong; empty when the backup is good.
    pub problems: Vec<Problem>,
    /// Time taken.
    pub elapsed: Duration,
}

impl VerifyReport {
    /// True when nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies a backup file. The database copy is extracted to a hidden scratch file beside the
/// backup (or in the system's temporary folder when that folder is read-only) and removed
/// afterwards. The outcome is also recorded beside the backup (`<file>.verified`) for
/// [`list::list_backups`]; failing to record it is only logged.
pub fn verify(
    path: &Path,
    passphrase: Option<&Passphrase>,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<VerifyReport, BackupError> {
    let mut ctl = Ctl::new(progress, cancel);
    let report = verify_with(path, passphrase, &mut ctl)?;
    list::record_verification(path, &report);
    Ok(report)
}

pub(crate) fn verify_with(
    path: &Path,
    passphrase: Option<&Passphrase>,
    ctl: &mut Ctl<'_>,
) -> Result<VerifyReport, BackupError> {
    let started = Instant::now();
    let mut scratch: Option<ScratchDb> = None;
    // The shop key travels in the backup beside the database: the audit head is checked with it.
    let key_entry = crate::keys::key_path(Path::new(DB_ENTRY));
    let key_entry = key_entry.to_str().unwrap_or("rpma.key").to_owned();
    let mut scratch_key: Option<ScratchDb> = None;
    let outcome = {
        let mut dest = |name: &str| -> Result<Dest, BackupError> {
            let slot = if name == DB_ENTRY {
                &mut scratch
            } else if name == key_entry {
                &mut scratch_key
            } else {
                return Ok(Dest::Hash);
            };
            if slot.is_some() {
                return Ok(Dest::Hash);
            }
            let (s, f) = ScratchDb::create(path)?;
            let p = s.path.clone();
            *slot = Some(s);
            Ok(Dest::File(p, f))
        };
        reader::read_archive(path, passphrase, Stage::Verify, ctl, &mut dest)?
    };
    let key_whole = outcome.seen.iter().any(|e| e.path == key_entry);
    let key_file = scratch_key
        .as_ref()
        .filter(|_| key_whole)
        .map(|k| k.path.clone());
    let mut problems = outcome.problems;
    if let Some(m) = &outcome.manifest {
        problems.extend(reader::compare(m, &outcome.seen));
    }
    let db_whole = outcome.seen.iter().any(|e| e.path == DB_ENTRY);
    let database = match &scratch {
        Some(s) if db_whole => {
            ctl.check()?;
            ctl.report(Stage::CheckDatabase, 0, 0, DB_ENTRY);
            Some(check_database(&s.path, key_file.as_deref(), &mut problems))
        }
        _ => None,
    };
    drop(scratch);
    drop(scratch_key);
    Ok(VerifyReport {
        path: path.to_owned(),
        encrypted: outcome.encrypted,
        manifest: outcome.manifest,
        entries_read: outcome.seen.len() as u64,
        bytes_read: outcome.entry_bytes,
        database,
        problems,
        elapsed: started.elapsed(),
    })
}

/// Runs the database checks on a database file (read-only), adding what fails to `problems`.
pub(crate) fn check_database(
    db: &Path,
    key_file: Option<&Path>,
    problems: &mut Vec<Problem>,
) -> DatabaseCheck {
    let r = match key_file {
        Some(k) => check::check_file_with_key_file(db, k),
        None => check::check_file(db),
    };
    if let Some(detail) = r.open_error {
        problems.push(Problem::DatabaseUnreadable { detail });
        return DatabaseCheck {
            schema_level: 0,
            integrity_ok: false,
            foreign_keys_ok: false,
            audit_entries: None,
        };
    }
    if !r.integrity.is_empty() {
        problems.push(Problem::Integrity {
            details: r.integrity.iter().take(20).cloned().collect(),
        });
    }
    if !r.foreign_keys.is_empty() {
        problems.push(Problem::ForeignKeys {
            details: r.foreign_keys.iter().take(20).cloned().collect(),
        });
    }
    // A newer schema's audit log may be laid out differently: not judged here.
    let audit_entries = if r.schema_level > LATEST_LEVEL {
        None
    } else {
        match r.audit {
            Some(Ok(n)) => Some(n),
            Some(Err(b)) => {
                problems.push(Problem::AuditChain {
                    seq: b.seq,
                    id: b.id,
                });
                None
            }
            None => None,
        }
    };
    DatabaseCheck {
        schema_level: r.schema_level,
        integrity_ok: r.integrity.is_empty(),
        foreign_keys_ok: r.foreign_keys.is_empty(),
        audit_entries,
    }
}

/// The scratch copy of the database, removed when dropped.
struct ScratchDb {
    path: PathBuf,
}

impl ScratchDb {
    /// Creates the scratch file beside the backup, or in the system's temporary folder when the
    /// backup's folder refuses it (read-only medium).
    fn create(backup: &Path) -> Result<(Self, File), BackupError> {
        let name = format!(
            ".rpma-backup-verify-{}-{}.db.tmp",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let beside = backup
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            .join(&name);
        match crate::fsutil::create_private_new(&beside) {
            Ok(f) => Ok((Self { path: beside }, f)),
            Err(_) => {
                let alt = std::env::temp_dir().join(&name);
                let f = crate::fsutil::create_private_new(&alt)
                    .map_err(|e| BackupError::io(&alt, e))?;
                Ok((Self { path: alt }, f))
            }
        }
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        for ext in ["-journal", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(ext);
            let _ = fs::remove_file(PathBuf::from(p));
        }
    }
}
