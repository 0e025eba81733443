//! Backups of a data folder: create, verify, restore, list, retention and schedules.
//!
//! A backup is one file, `rpma-backup-<terminal>-YYYYMMDD-HHMMSS.tar.zst` (or `.tar.zst.age`
//! when encrypted with a passphrase): a POSIX tar archive compressed with zstd, which ordinary
//! tools open (`tar --zstd -xf`, or `zstd -d | tar -x`; `age -d` first when encrypted). It holds:
//!
//! ```text
//! rpma.db                         a consistent copy of the database (SQLite online backup API,
//!                                 taken while the app keeps working), journal mode DELETE
//! photos/… documents/… keys/…     every other file of the data folder (see [`select`])
//! manifest.json                   last: app version, schema level, terminal, shop, time, row
//!                                 counts per table, size and SHA-256 of every entry
//! ```
//!
//! Every long operation takes a progress callback ([`Progress`]: stage, bytes done / total and
//! the entry being processed) and a cancel flag (`&AtomicBool`, checked between buffers), and
//! returns a typed report. Memory stays bounded whatever the size of the data: entries are
//! streamed and hashed while they are written or read, never held whole.
//!
//! The modules: [`create`] writes a backup, [`verify`] re-reads one and checks everything,
//! [`restore`] stages a verified backup beside the data folder and swaps it in (recoverable
//! after a kill at any moment), [`list`] finds the backups of a folder, [`retention`] chooses
//! which to keep, [`schedule`] computes when the next one is due, [`remote`] copies verified
//! backups to object storage configured in [`remote_settings`].

pub mod create;
mod error;
pub mod folder_restore;
pub mod list;
pub mod manifest;
mod reader;
pub mod remote;
pub mod remote_settings;
pub mod restore;
pub mod retention;
pub mod schedule;
pub mod select;
mod stream;
pub mod verify;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use age::secrecy::{ExposeSecret as _, SecretString};
use chrono::{DateTime, NaiveDateTime, TimeZone as _, Utc};

/// The time zone type of [`CreateOptions::tz`] and the schedule functions.
pub use chrono_tz::Tz;
pub use create::{CreateOptions, CreateReport, create};
pub use error::{BackupError, ConfirmNeeded, Problem, RemoteReason};
pub use list::{BackupFile, VerifiedState, list_backups};
pub use manifest::{Manifest, ManifestEntry};
pub use restore::{
    CurrentShop, PreparedRestore, Recovered, RestoreReport, prepare_restore, recover_interrupted,
};
pub use verify::{DatabaseCheck, VerifyReport, verify};

/// Name of the database copy inside a backup.
pub const DB_ENTRY: &str = "rpma.db";
/// Name of the manifest inside a backup (the last entry).
pub const MANIFEST_ENTRY: &str = "manifest.json";
/// Every backup file name starts with this.
pub const FILE_PREFIX: &str = "rpma-backup-";
/// Extension of a backup without encryption.
pub const EXT_PLAIN: &str = ".tar.zst";
/// Extension of a backup encrypted with a passphrase (age, scrypt).
pub const EXT_ENCRYPTED: &str = ".tar.zst.age";
/// The terminal code used when none is known: a database from before schema level 8, which has
/// no terminal yet ([`terminal_of`]).
pub const PLACEHOLDER_TERMINAL: &str = "T1";
/// zstd level: 1 is the fastest; photos (JPEG) do not compress anyway and the database
/// compresses well at any level.
pub const ZSTD_LEVEL: i32 = 1;

/// Where a long operation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Copying the database (online backup).
    Snapshot,
    /// Writing entries into the archive.
    Archive,
    /// Reading entries back and hashing them.
    Verify,
    /// Writing entries into the staging folder of a restore.
    Extract,
    /// Checking the database copy (integrity, foreign keys, audit chain).
    CheckDatabase,
    /// Swapping the restored data folder in.
    Swap,
    /// Copying a backup to object storage.
    Upload,
}

impl Stage {
    /// The i18n key of this stage's label.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Snapshot => "backup-stage-snapshot",
            Self::Archive => "backup-stage-archive",
            Self::Verify => "backup-stage-verify",
            Self::Extract => "backup-stage-extract",
            Self::CheckDatabase => "backup-stage-check-db",
            Self::Swap => "backup-stage-swap",
            Self::Upload => "backup-stage-upload",
        }
    }
}

/// A progress report: what is being done, bytes done out of a total, and the entry at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress<'a> {
    /// The stage.
    pub stage: Stage,
    /// Bytes processed so far in this stage.
    pub done: u64,
    /// Bytes to process in this stage (0 when unknown).
    pub total: u64,
    /// The entry being processed (a path inside the backup), or empty.
    pub item: &'a str,
}

/// The caller's progress callback and cancel flag, carried through an operation.
pub(crate) struct Ctl<'a> {
    progress: &'a mut dyn FnMut(&Progress<'_>),
    pub(crate) cancel: &'a AtomicBool,
}

impl<'a> Ctl<'a> {
    pub(crate) fn new(progress: &'a mut dyn FnMut(&Progress<'_>), cancel: &'a AtomicBool) -> Self {
        Self { progress, cancel }
    }

    pub(crate) fn report(&mut self, stage: Stage, done: u64, total: u64, item: &str) {
        (self.progress)(&Progress {
            stage,
            done,
            total,
            item,
        });
    }

    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub(crate) fn check(&self) -> Result<(), BackupError> {
        if self.cancelled() {
            Err(BackupError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// A passphrase for an encrypted backup. Held as a secret (zeroed when dropped, never printed);
/// RPMA never stores it.
pub struct Passphrase {
    secret: SecretString,
    work_factor: Option<u8>,
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl Passphrase {
    /// Wraps a passphrase typed by a person.
    pub fn new(text: String) -> Self {
        Self {
            secret: SecretString::from(text),
            work_factor: None,
        }
    }

    /// Whether the passphrase is empty (refused for encryption).
    pub fn is_empty(&self) -> bool {
        self.secret.expose_secret().is_empty()
    }

    /// Sets the scrypt work factor (`N = 2^log_n`) used when encrypting. **Tests only**: the
    /// default (age's, about one second of work on this machine) is what protects the backup.
    pub fn with_work_factor(mut self, log_n: u8) -> Self {
        self.work_factor = Some(log_n.clamp(1, 30));
        self
    }

    pub(crate) fn recipient(&self) -> age::scrypt::Recipient {
        let mut r = age::scrypt::Recipient::new(self.secret.clone());
        if let Some(n) = self.work_factor {
            r.set_work_factor(n);
        }
        r
    }

    pub(crate) fn identity(&self) -> age::scrypt::Identity {
        age::scrypt::Identity::new(self.secret.clone())
    }
}

/// Whether a file is an encrypted backup (starts like an age file), to know whether to ask for
/// a passphrase before verifying or restoring it.
pub fn is_encrypted_file(path: &Path) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut head = [0u8; 32];
    let mut f = std::fs::File::open(path)?;
    let mut n = 0;
    while n < head.len() {
        match f.read(head.get_mut(n..).unwrap_or_default())? {
            0 => break,
            k => n += k,
        }
    }
    Ok(head
        .get(..n)
        .unwrap_or_default()
        .starts_with(stream::AGE_MAGIC))
}

/// The short code of the terminal whose database is in `data_root` ([`crate::terminal`]), read
/// without changing anything: what callers pass as [`CreateOptions::terminal`]. `None` when there
/// is no readable database or it has no terminal yet (before schema level 8); callers then use
/// [`PLACEHOLDER_TERMINAL`].
pub fn terminal_of(data_root: &Path) -> Option<String> {
    let conn = rusqlite::Connection::open_with_flags(
        data_root.join(DB_ENTRY),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.busy_timeout(crate::store::BUSY_TIMEOUT).ok()?;
    crate::terminal::get(&conn).ok().flatten().map(|t| t.code)
}

/// A terminal code made safe for a file name: ASCII letters, digits, `_` and `-` kept, anything
/// else replaced by `-`; empty becomes [`PLACEHOLDER_TERMINAL`].
pub fn sanitize_terminal(terminal: &str) -> String {
    let s: String = terminal
        .trim()
        .chars()
        .take(32)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        PLACEHOLDER_TERMINAL.to_owned()
    } else {
        s
    }
}

/// The file name of a backup taken at `at_ms` (shown in the shop's time zone `tz`):
/// `rpma-backup-<terminal>-YYYYMMDD-HHMMSS.tar.zst[.age]`.
pub fn file_name(terminal: &str, at_ms: i64, tz: Tz, encrypted: bool) -> String {
    let local = Utc
        .timestamp_millis_opt(at_ms)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz);
    format!(
        "{FILE_PREFIX}{}-{}{}",
        sanitize_terminal(terminal),
        local.format("%Y%m%d-%H%M%S"),
        if encrypted { EXT_ENCRYPTED } else { EXT_PLAIN }
    )
}

/// What a backup file name says: terminal, local time stamp, encrypted or not. `None` when the
/// name is not a backup's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedName {
    /// The terminal code.
    pub terminal: String,
    /// The local date and time in the name.
    pub stamp: NaiveDateTime,
    /// `.tar.zst.age`.
    pub encrypted: bool,
}

/// Parses a backup file name (see [`file_name`]); a `-N` suffix added to avoid a clash is
/// accepted.
pub fn parse_file_name(name: &str) -> Option<ParsedName> {
    let rest = name.strip_prefix(FILE_PREFIX)?;
    let (stem, encrypted) = if let Some(s) = rest.strip_suffix(EXT_ENCRYPTED) {
        (s, true)
    } else {
        (rest.strip_suffix(EXT_PLAIN)?, false)
    };
    // <terminal>-YYYYMMDD-HHMMSS[-N]: find the last date-time pair.
    let parts: Vec<&str> = stem.split('-').collect();
    for end in (2..=parts.len()).rev() {
        let (Some(date), Some(time)) = (parts.get(end - 2), parts.get(end - 1)) else {
            continue;
        };
        let tail_ok = parts.get(end..).is_some_and(|t| {
            t.len() <= 1 && t.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        });
        if date.len() == 8 && time.len() == 6 && tail_ok {
            let stamp =
                NaiveDateTime::parse_from_str(&format!("{date}{time}"), "%Y%m%d%H%M%S").ok()?;
            let terminal = parts.get(..end - 2)?.join("-");
            if terminal.is_empty() {
                return None;
            }
            return Some(ParsedName {
                terminal,
                stamp,
                encrypted,
            });
        }
    }
    None
}

/// The name a file is written under before it is complete: hidden, in the same folder.
pub(crate) fn temp_name_for(final_path: &Path) -> PathBuf {
    let name = final_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    final_path.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

/// Whether a file name is a temporary file of a backup in progress (or of one that was killed).
pub(crate) fn is_backup_temp_name(name: &str) -> bool {
    // `….db.tmp-journal`: SQLite's journal of a database copy killed mid-way;
    // `.rpma-backup-verify-….db.key`: the shop key beside a verification's database copy.
    name.starts_with(&format!(".{FILE_PREFIX}"))
        && (name.ends_with(".part")
            || name.contains(".tmp")
            || name.starts_with(&format!(".{FILE_PREFIX}verify-")))
}

/// Milliseconds since the Unix epoch as an RFC 3339 UTC time.
pub(crate) fn rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Flushes a folder's entries (a rename or a new file in it) to disk. No-op where folders cannot
/// be opened (Windows).
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_remote;
#[cfg(test)]
mod tests_restore;
#[cfg(all(test, unix))]
mod tests_tools;
