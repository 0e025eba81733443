//! Database jobs of data safety: Settings → Backups (read, save with the destination checked
//! and the passphrase sealed in the core), WAL checkpoint and VACUUM from the Maintenance screen.
//! Backups themselves never run here: they are background tasks ([`crate::tasks::backup`]) with
//! a connection of their own, so that the worker keeps taking writes meanwhile.

use rpma_core::backup::remote_settings::{self, RemoteSettings, SecretChange};
use rpma_core::health::VacuumReport;
use rpma_core::safety::journal;
use rpma_core::safety::settings::{self, BackupSettings, BackupSettingsDraft};
use rpma_core::safety::stats::{self, CheckpointReport};
use rpma_core::{CoreError, Store};

use super::WorkerEnv;

/// Work for the Maintenance screen and Settings → Backups.
#[derive(Debug, Clone)]
pub enum SafetyJob {
    /// The backup settings.
    LoadSettings,
    /// Save the backup settings (admins; checked and sealed in the core).
    SaveSettings {
        /// The draft (with the passphrase typed twice, if any).
        draft: Box<BackupSettingsDraft>,
    },
    /// The object storage settings (the credential only said to be set).
    LoadRemote,
    /// Save the object storage settings (admins; checked and the credential sealed in the core).
    SaveRemote {
        /// The settings as typed.
        draft: Box<RemoteSettings>,
        /// What happens to the saved credential.
        secret: RemoteSecret,
    },
    /// Write the WAL into the database file (admins).
    Checkpoint,
    /// Rebuild the database file without its free pages (admins).
    Vacuum,
    /// Write a backup made into the audit log (`actor`: none for the schedule).
    RecordBackup {
        /// Its file name.
        file: String,
        /// Its size.
        bytes: u64,
        /// It verified.
        verified: bool,
    },
    /// Write, in the restored database, that it was restored.
    RecordRestore {
        /// The backup's file name.
        file: String,
        /// Where the previous data was kept.
        previous: Option<String>,
        /// Who restored it (a name).
        by: Option<String>,
    },
    /// Test hook (feature `test-hooks`): SQLite refuses writes (`query_only`) as a read-only
    /// disk would, or accepts them again.
    #[cfg(feature = "test-hooks")]
    TestRefuseWrites(bool),
}

/// What a save does to the object storage credential (the typed value never shows in logs).
#[derive(Clone)]
pub enum RemoteSecret {
    /// Keep the saved one.
    Keep,
    /// Remove it.
    Clear,
    /// Replace it with this one.
    Set(String),
}

impl std::fmt::Debug for RemoteSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Keep => "Keep",
            Self::Clear => "Clear",
            Self::Set(_) => "Set(…)",
        })
    }
}

impl From<RemoteSecret> for SecretChange {
    fn from(s: RemoteSecret) -> Self {
        match s {
            RemoteSecret::Keep => Self::Keep,
            RemoteSecret::Clear => Self::Clear,
            RemoteSecret::Set(v) => Self::Set(v.into()),
        }
    }
}

/// The settings as the form needs them: the sealed credential replaced by a marker (the form
/// only says that one is saved).
fn for_form(mut s: RemoteSettings) -> RemoteSettings {
    if s.has_secret() {
        s.secret_sealed = "set".to_owned();
    }
    s
}

/// Replies.
#[derive(Debug)]
pub enum SafetyEvent {
    /// Reply to [`SafetyJob::LoadSettings`].
    Settings(Result<BackupSettings, CoreError>),
    /// Reply to [`SafetyJob::SaveSettings`].
    SettingsSaved(Result<BackupSettings, CoreError>),
    /// Reply to [`SafetyJob::LoadRemote`].
    Remote(Result<RemoteSettings, CoreError>),
    /// Reply to [`SafetyJob::SaveRemote`].
    RemoteSaved(Result<RemoteSettings, CoreError>),
    /// Reply to [`SafetyJob::Checkpoint`].
    Checkpointed(Result<CheckpointReport, CoreError>),
    /// Reply to [`SafetyJob::Vacuum`].
    Vacuumed(Result<VacuumReport, CoreError>),
    /// Reply to [`SafetyJob::RecordBackup`] and [`SafetyJob::RecordRestore`].
    Recorded(Result<(), CoreError>),
}

impl SafetyEvent {
    /// The error it carries, if any (for the log).
    pub fn error(&self) -> Option<&CoreError> {
        match self {
            Self::Settings(Err(e))
            | Self::SettingsSaved(Err(e))
            | Self::Remote(Err(e))
            | Self::RemoteSaved(Err(e))
            | Self::Checkpointed(Err(e))
            | Self::Vacuumed(Err(e))
            | Self::Recorded(Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// Runs one job.
pub fn handle(store: &mut Store, env: &WorkerEnv, job: SafetyJob) -> SafetyEvent {
    // The session that asked: required for everything but the journal entries of a scheduled
    // backup and of a restore (written at start-up, before anyone signs in).
    let asker = env.session();
    match job {
        SafetyJob::LoadSettings => SafetyEvent::Settings(env.reader(store).and_then(settings::get)),
        SafetyJob::SaveSettings { draft } => SafetyEvent::SettingsSaved(
            asker.and_then(|actor| settings::save(store, actor, &draft, env.data_dir.as_deref())),
        ),
        SafetyJob::LoadRemote => SafetyEvent::Remote(
            env.reader(store)
                .and_then(remote_settings::get_remote)
                .map(for_form),
        ),
        SafetyJob::SaveRemote { draft, secret } => {
            let secret = SecretChange::from(secret);
            SafetyEvent::RemoteSaved(
                asker
                    .and_then(|actor| {
                        remote_settings::save_remote_as(store, actor, *draft, &secret)
                    })
                    .map(for_form),
            )
        }
        SafetyJob::Checkpoint => {
            SafetyEvent::Checkpointed(asker.and_then(|actor| stats::checkpoint_as(store, actor)))
        }
        SafetyJob::Vacuum => {
            SafetyEvent::Vacuumed(asker.and_then(|actor| stats::vacuum_as(store, actor)))
        }
        SafetyJob::RecordBackup {
            file,
            bytes,
            verified,
        } => SafetyEvent::Recorded(journal::record_backup(
            store,
            env.session.as_ref(),
            &file,
            bytes,
            verified,
        )),
        SafetyJob::RecordRestore { file, previous, by } => SafetyEvent::Recorded(
            journal::record_restore(store, &file, previous.as_deref(), by.as_deref()),
        ),
        #[cfg(feature = "test-hooks")]
        SafetyJob::TestRefuseWrites(on) => {
            SafetyEvent::Checkpointed(store.refuse_writes_for_tests(on).map(|()| {
                CheckpointReport {
                    wal_before: 0,
                    wal_after: 0,
                }
            }))
        }
    }
}
