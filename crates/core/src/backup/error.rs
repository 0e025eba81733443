//! What can go wrong with a backup: problems found in a backup file ([`Problem`], one kind per
//! fault, each with its message in French and English) and errors of an operation
//! ([`BackupError`]).

use std::path::PathBuf;

use crate::error::CoreError;
use crate::i18n::{Arg, Lang};

use super::verify::VerifyReport;

/// One thing wrong with a backup file, found by [`super::verify`] (and by a restore, which
/// verifies first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is encrypted and no passphrase was given.
    PassphraseRequired,
    /// The passphrase does not open the file.
    WrongPassphrase,
    /// The file is not an RPMA backup (neither zstd nor age, or not a tar inside).
    NotABackup {
        /// What the decoder said.
        detail: String,
    },
    /// The file ends before the archive does (a copy cut short, a full disk).
    Truncated {
        /// The last entry read whole before the end, if any.
        after: Option<String>,
    },
    /// The compressed or encrypted data is damaged (a flipped bit the decoder noticed).
    Damaged {
        /// The last entry read whole before the damage, if any.
        after: Option<String>,
        /// What the decoder said.
        detail: String,
    },
    /// There is no `manifest.json` in the archive.
    NoManifest,
    /// `manifest.json` cannot be read.
    BadManifest {
        /// Why.
        detail: String,
    },
    /// An entry listed in the manifest is not in the archive.
    Missing {
        /// Its path.
        entry: String,
    },
    /// An entry in the archive is not listed in the manifest (or is there twice, or is not a
    /// plain file with a safe relative path).
    Extra {
        /// Its path.
        entry: String,
    },
    /// An entry's content differs from the manifest (size or SHA-256).
    Altered {
        /// Its path.
        entry: String,
    },
    /// The database copy cannot be opened as an SQLite database.
    DatabaseUnreadable {
        /// SQLite's explanation.
        detail: String,
    },
    /// `PRAGMA integrity_check` reports damage in the database copy.
    Integrity {
        /// Its first findings.
        details: Vec<String>,
    },
    /// `PRAGMA foreign_key_check` finds rows pointing at nothing.
    ForeignKeys {
        /// Its first findings.
        details: Vec<String>,
    },
    /// The audit log's hash chain is broken in the database copy.
    AuditChain {
        /// Sequence number of the first broken entry.
        seq: i64,
        /// Its id.
        id: String,
    },
}

impl Problem {
    /// The i18n key of this kind of problem.
    pub fn key(&self) -> &'static str {
        match self {
            Self::PassphraseRequired => "backup-err-passphrase-required",
            Self::WrongPassphrase => "backup-err-wrong-passphrase",
            Self::NotABackup { .. } => "backup-err-not-a-backup",
            Self::Truncated { .. } => "backup-err-truncated",
            Self::Damaged { .. } => "backup-err-damaged",
            Self::NoManifest => "backup-err-no-manifest",
            Self::BadManifest { .. } => "backup-err-bad-manifest",
            Self::Missing { .. } => "backup-err-missing",
            Self::Extra { .. } => "backup-err-extra",
            Self::Altered { .. } => "backup-err-altered",
            Self::DatabaseUnreadable { .. } => "backup-err-db-unreadable",
            Self::Integrity { .. } => "backup-err-integrity",
            Self::ForeignKeys { .. } => "backup-err-foreign-keys",
            Self::AuditChain { .. } => "backup-err-audit-chain",
        }
    }

    /// The message, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let after = |a: &Option<String>| Arg::from(a.clone().unwrap_or_else(|| "-".to_owned()));
        let args: Vec<(&str, Arg)> = match self {
            Self::PassphraseRequired | Self::WrongPassphrase | Self::NoManifest => Vec::new(),
            Self::NotABackup { detail } | Self::BadManifest { detail } => {
                vec![("detail", Arg::from(detail.as_str()))]
            }
            Self::DatabaseUnreadable { detail } => vec![("detail", Arg::from(detail.as_str()))],
            Self::Truncated { after: a } => vec![("after", after(a))],
            Self::Damaged { after: a, detail } => {
                vec![("after", after(a)), ("detail", Arg::from(detail.as_str()))]
            }
            Self::Missing { entry } | Self::Extra { entry } | Self::Altered { entry } => {
                vec![("entry", Arg::from(entry.as_str()))]
            }
            Self::Integrity { details } | Self::ForeignKeys { details } => vec![
                (
                    "detail",
                    Arg::from(
                        details
                            .iter()
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ),
                (
                    "count",
                    Arg::from(i64::try_from(details.len()).unwrap_or(i64::MAX)),
                ),
            ],
            Self::AuditChain { seq, id } => {
                vec![("seq", Arg::from(*seq)), ("id", Arg::from(id.as_str()))]
            }
        };
        lang.tr_args(self.key(), &args)
    }
}

/// Something to confirm before a restore replaces the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmNeeded {
    /// The data folder holds a shop that the restore will replace (it is kept aside).
    ReplaceExisting {
        /// The current shop's name.
        current_shop: String,
    },
    /// The backup is of another shop than the one in the data folder.
    OtherShop {
        /// The current shop's name.
        current_shop: String,
        /// The backup's shop name.
        backup_shop: String,
    },
}

/// Why object storage refused or failed a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteReason {
    /// The bucket or object does not exist.
    NotFound,
    /// The credentials were refused.
    Denied,
    /// Anything else (network, server error…).
    Other,
}

/// Why a backup operation stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The caller's cancel flag was set; nothing was left behind.
    #[error("cancelled")]
    Cancelled,
    /// A file or folder could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The data folder has no database to back up.
    #[error("no database at {path}")]
    NoDatabase {
        /// Where it was expected.
        path: PathBuf,
    },
    /// A file changed size while it was being archived.
    #[error("{path} changed while it was being backed up")]
    FileChanged {
        /// The file.
        path: PathBuf,
    },
    /// An empty passphrase was given for encryption.
    #[error("empty passphrase")]
    EmptyPassphrase,
    /// The backup failed verification (restore refuses it); the report says what is wrong.
    #[error("the backup failed verification: {} problem(s)", .0.problems.len())]
    Invalid(Box<VerifyReport>),
    /// The backup was written by a newer RPMA (schema level too high for this version).
    #[error("backup schema level {found} is newer than this version knows ({known})")]
    SchemaTooNew {
        /// The backup's level.
        found: i64,
        /// This binary's level.
        known: i64,
    },
    /// The restore needs confirmations that were not given.
    #[error("confirmation needed: {0:?}")]
    NeedsConfirmation(Vec<ConfirmNeeded>),
    /// Another restore of this data folder is running (or a half-done one could not be
    /// completed).
    #[error("a restore of this data folder is in progress")]
    RestoreInProgress,
    /// The folder layout around the data folder does not allow a restore (no parent, a file where
    /// a folder is expected, an inconsistent journal).
    #[error("cannot restore into {path}: {detail}")]
    Layout {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// Object storage refused or failed a request (the copy is not made; the local backup is
    /// untouched).
    #[error("object storage {location}: {detail}")]
    Remote {
        /// Where (`s3://bucket/prefix`, …).
        location: String,
        /// The kind of failure.
        reason: RemoteReason,
        /// What the client said (never holds a credential).
        detail: String,
    },
    /// The copy in object storage does not have the backup's size (it was removed).
    #[error("{location}: {found} bytes stored, {expected} expected")]
    RemoteSize {
        /// The object.
        location: String,
        /// The file's size.
        expected: u64,
        /// The object's size.
        found: u64,
    },
    /// A core error (database, data folder lock…).
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Core(CoreError::Db(e))
    }
}

impl BackupError {
    /// Wraps an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// As a core error (for callers that only speak [`CoreError`], such as
    /// [`crate::datadir::DataDir::open`]).
    pub fn into_core(self) -> CoreError {
        match self {
            Self::Core(e) => e,
            Self::Io { path, source } => CoreError::Io { path, source },
            Self::RestoreInProgress => CoreError::Refused {
                key: "backup-err-restore-in-progress",
            },
            other => CoreError::RefusedWith {
                key: "backup-err-other",
                args: vec![("detail", other.to_string())],
            },
        }
    }

    /// The message for a person, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Cancelled => lang.tr("backup-err-cancelled"),
            Self::Io { path, source } => crate::disk_errors::io_message(lang, path, source),
            Self::Remote {
                location,
                reason,
                detail,
            } => lang.tr_args(
                match reason {
                    RemoteReason::NotFound => "backup-remote-err-not-found",
                    RemoteReason::Denied => "backup-remote-err-denied",
                    RemoteReason::Other => "backup-remote-err-failed",
                },
                &[
                    ("location", Arg::from(location.as_str())),
                    ("detail", Arg::from(detail.as_str())),
                ],
            ),
            Self::RemoteSize {
                location,
                expected,
                found,
            } => lang.tr_args(
                "backup-remote-err-size",
                &[
                    ("location", Arg::from(location.as_str())),
                    (
                        "expected",
                        Arg::from(i64::try_from(*expected).unwrap_or(i64::MAX)),
                    ),
                    (
                        "found",
                        Arg::from(i64::try_from(*found).unwrap_or(i64::MAX)),
                    ),
                ],
            ),
            Self::NoDatabase { path } => lang.tr_args(
                "backup-err-no-database",
                &[("path", Arg::from(path.display().to_string()))],
            ),
            Self::FileChanged { path } => lang.tr_args(
                "backup-err-file-changed",
                &[("path", Arg::from(path.display().to_string()))],
            ),
            Self::EmptyPassphrase => lang.tr("backup-err-empty-passphrase"),
            Self::Invalid(report) => {
                let mut parts = vec![lang.tr("backup-err-invalid")];
                parts.extend(report.problems.iter().take(10).map(|p| p.message(lang)));
                parts.join("\n")
            }
            Self::SchemaTooNew { found, known } => lang.tr_args(
                "backup-err-schema-too-new",
                &[("found", Arg::from(*found)), ("known", Arg::from(*known))],
            ),
            Self::NeedsConfirmation(items) => items
                .iter()
                .map(|c| c.message(lang))
                .collect::<Vec<_>>()
                .join("\n"),
            Self::RestoreInProgress => lang.tr("backup-err-restore-in-progress"),
            Self::Layout { path, detail } => lang.tr_args(
                "backup-err-layout",
                &[
                    ("path", Arg::from(path.display().to_string())),
                    ("detail", Arg::from(detail.as_str())),
                ],
            ),
            Self::Core(e) => lang.error_message(e),
        }
    }
}

impl ConfirmNeeded {
    /// The question, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::ReplaceExisting { current_shop } => lang.tr_args(
                "backup-confirm-replace",
                &[("shop", Arg::from(current_shop.as_str()))],
            ),
            Self::OtherShop {
                current_shop,
                backup_shop,
            } => lang.tr_args(
                "backup-confirm-other-shop",
                &[
                    ("shop", Arg::from(current_shop.as_str())),
                    ("backup", Arg::from(backup_shop.as_str())),
                ],
            ),
        }
    }
}
