//! The background work of data safety, as tasks for the runner: backups, verifications,
//! restores (prepare, then the swap and the reopening of the data folder), the backup status,
//! the backups of a folder, the photo store's statistics, the log folder, what a recovery can
//! offer. Each function returns the work to hand to [`super::TaskRunner::spawn`]; the core does
//! the checking (permissions included) on the task's thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rpma_core::Session;
use rpma_core::backup::{
    self, BackupError, BackupFile, Passphrase, PreparedRestore, Progress, RestoreReport, Stage,
    VerifyReport,
};
use rpma_core::datadir::DataDir;
use rpma_core::safety::run::{self, BackupDone, BackupRun, RestoreRequester};
use rpma_core::safety::startup::{self, RecoveryOptions};
use rpma_core::safety::stats::{self, LogSummary, PhotoStats};
use rpma_core::safety::status::{self, BackupStatus};
use rpma_core::{CoreError, Lang, Store};

use super::TaskCtl;

/// What a data-safety task returns.
#[derive(Debug)]
pub enum TaskOutput {
    /// A backup written and verified, or why not.
    Backup(Result<BackupDone, BackupError>),
    /// A verification.
    Verified(Result<VerifyReport, BackupError>),
    /// A backup extracted and verified beside the data folder, waiting for the confirmation.
    RestorePrepared(Result<PreparedRestore, BackupError>),
    /// The restore swapped in (or not), and the data folder opened again.
    Reopened(Box<Reopened>),
    /// Where backups stand.
    Status(Result<BackupStatus, CoreError>),
    /// The backups of a folder, newest first.
    Backups(Result<Vec<BackupFile>, BackupError>),
    /// The photo store's statistics.
    PhotoStats(Result<PhotoStats, CoreError>),
    /// The log folder.
    Logs(LogSummary),
    /// What a recovery can restore from.
    Recovery(RecoveryOptions),
    /// The object storage answered: where it is and how many backups it holds (`None`: the
    /// copy is off).
    RemoteChecked(Result<Option<(String, usize)>, BackupError>),
}

/// What was swapped in.
#[derive(Debug)]
pub enum Restored {
    /// A backup.
    Backup(RestoreReport),
    /// A data folder kept aside by an earlier restore; the replaced one was kept here.
    KeptFolder(Option<PathBuf>),
}

/// The end of a restore: the swap's outcome and the data folder opened again (on the restored
/// data, or on the previous data when the swap failed).
#[derive(Debug)]
pub struct Reopened {
    /// The swap.
    pub restored: Result<Restored, BackupError>,
    /// The store and the data folder's lock, opened again.
    pub reopened: Result<(Store, DataDir), CoreError>,
}

/// Progress bands of the stages, for one bar over a whole operation.
fn band(stage: Stage, with_archive: bool) -> (f32, f32) {
    match (stage, with_archive) {
        (Stage::Snapshot, _) => (0.0, 0.08),
        (Stage::Archive, _) => (0.08, 0.6),
        (Stage::Verify, true) => (0.6, 0.97),
        (Stage::Verify | Stage::Extract, false) => (0.0, 0.92),
        (Stage::Extract, true) => (0.6, 0.97),
        (Stage::CheckDatabase, true) => (0.97, 1.0),
        (Stage::CheckDatabase, false) => (0.92, 1.0),
        (Stage::Swap | Stage::Upload, _) => (0.0, 1.0),
    }
}

/// A progress callback for the core that feeds the task's bar.
fn reporter(ctl: &TaskCtl, with_archive: bool) -> impl FnMut(&Progress<'_>) + '_ {
    move |p| {
        let (lo, hi) = band(p.stage, with_archive);
        let within = if p.total > 0 {
            (p.done as f64 / p.total as f64) as f32
        } else {
            0.0
        };
        ctl.set(
            Some(lo + (hi - lo) * within.clamp(0.0, 1.0)),
            p.stage.label_key(),
            p.item,
        );
    }
}

/// Who asks for a backup.
#[derive(Debug, Clone)]
pub enum Who {
    /// A person (the core checks they may manage backups).
    User(Box<Session>),
    /// The schedule (the core checks one is configured).
    Schedule,
}

/// Writes and verifies a backup of `root` (into the folder of the settings).
pub fn create(
    root: PathBuf,
    who: Who,
    passphrase: Option<Passphrase>,
    now_ms: i64,
    lang: Lang,
) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |ctl| {
        let run = BackupRun {
            data_root: root,
            passphrase,
            now_ms,
            lang,
        };
        let requester = match &who {
            Who::User(u) => run::Requester::User(u),
            Who::Schedule => run::Requester::Schedule,
        };
        let mut progress = reporter(ctl, true);
        TaskOutput::Backup(run::run_backup(
            requester,
            &run,
            &mut progress,
            ctl.cancel_flag(),
        ))
    }
}

/// Verifies a backup file.
pub fn verify(
    root: PathBuf,
    user: Box<Session>,
    file: PathBuf,
    passphrase: Option<Passphrase>,
) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |ctl| {
        let mut progress = reporter(ctl, false);
        TaskOutput::Verified(run::verify_as(
            &root,
            &user,
            &file,
            passphrase.as_ref(),
            &mut progress,
            ctl.cancel_flag(),
        ))
    }
}

/// Extracts and verifies a backup beside the data folder (`lock`: the data folder's).
pub fn prepare_restore(
    lock: Arc<DataDir>,
    user: Option<Box<Session>>,
    file: PathBuf,
    passphrase: Option<Passphrase>,
) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |ctl| {
        let who = match &user {
            Some(u) => RestoreRequester::User(u),
            None => RestoreRequester::Recovery,
        };
        let mut progress = reporter(ctl, false);
        TaskOutput::RestorePrepared(run::prepare_restore(
            &lock,
            who,
            &file,
            passphrase.as_ref(),
            &mut progress,
            ctl.cancel_flag(),
        ))
    }
}

/// What a swap puts in.
#[derive(Debug)]
pub enum SwapIn {
    /// A prepared (verified) backup.
    Prepared(PreparedRestore),
    /// A data folder kept aside by an earlier restore.
    KeptFolder(PathBuf),
}

/// Swaps the restored data in and opens the data folder again. `closing` is what still holds
/// the database (the worker, the photo thread): dropped first, so that the store is closed
/// before the swap. `lock` must be the last holder of the data folder's lock by then.
pub fn swap_and_reopen(
    root: PathBuf,
    closing: Box<dyn Send>,
    lock: Option<Arc<DataDir>>,
    what: SwapIn,
) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |ctl| {
        ctl.set(None, "backup-stage-swap", "");
        // The worker finishes its queue and checkpoints: every write is in the database file.
        drop(closing);
        let lock = match lock.map(Arc::try_unwrap) {
            Some(Ok(l)) => Ok(l),
            Some(Err(_)) => Err(BackupError::RestoreInProgress),
            None => DataDir::open(&root).map_err(BackupError::Core),
        };
        let restored = lock.and_then(|lock| match what {
            SwapIn::Prepared(p) => p.commit(lock, true).map(Restored::Backup),
            SwapIn::KeptFolder(dir) => run::restore_kept(lock, &dir).map(Restored::KeptFolder),
        });
        ctl.set(Some(0.9), "backup-stage-reopen", "");
        let reopened = reopen(&root);
        TaskOutput::Reopened(Box::new(Reopened { restored, reopened }))
    }
}

/// Opens the data folder and its store (migrating a backup of an older schema).
pub fn reopen(root: &Path) -> Result<(Store, DataDir), CoreError> {
    let data = DataDir::open(root)?;
    let (store, report) = Store::open(&data.db_path())?;
    if !report.applied.is_empty() {
        tracing::info!(?report, "restored database migrated");
    }
    Ok((store, data))
}

/// Where backups stand.
pub fn status(root: PathBuf, now_ms: i64) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |_| TaskOutput::Status(status::read(&root, now_ms))
}

/// The backups of a folder.
pub fn list(dir: PathBuf) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |_| TaskOutput::Backups(backup::list_backups(&dir))
}

/// The photo store's statistics.
pub fn photo_stats(root: PathBuf) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |_| TaskOutput::PhotoStats(stats::photo_stats(&root))
}

/// Errors and warnings shown from the log folder.
pub const LOG_LINES: usize = 12;

/// The log folder and its last errors.
pub fn logs(dir: PathBuf) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |_| TaskOutput::Logs(stats::log_summary(&dir, LOG_LINES))
}

/// Connects to the object storage saved for `root` and lists its backups (Settings → Backups,
/// "Test the connection").
pub fn check_remote(root: PathBuf) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |_| {
        use rpma_core::backup::{remote, remote_settings};
        TaskOutput::RemoteChecked(
            remote_settings::resolve_in_folder(&root)
                .map_err(BackupError::Core)
                .and_then(|t| match t {
                    None => Ok(None),
                    Some(t) => remote::list_remote(&t)
                        .map(|found| Some((t.display_location(), found.len()))),
                }),
        )
    }
}

/// What a recovery of `root` can offer.
pub fn recovery(root: PathBuf) -> impl FnOnce(&TaskCtl) -> TaskOutput + Send + 'static {
    move |_| TaskOutput::Recovery(startup::recovery_options(&root))
}
