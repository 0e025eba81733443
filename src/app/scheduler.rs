//! The backup scheduler: reads where backups stand ([`rpma_core::safety::status`]) on a
//! background task, starts the scheduled backup when it is due (a run missed while RPMA was
//! closed is due at once: caught up at start, once), re-reads the status after every backup
//! (the retention was applied by the core once the new backup verified), and says when something
//! is wrong — a failed run, or a newest good backup older than the schedule allows — in a toast
//! (once per problem) and in the status bar. With "on exit", closing the window runs the backup
//! first, with a visible, cancellable "backing up before exit" dialog ([`super::exit_backup`]).

use rpma_core::backup::BackupError;
use rpma_core::safety::status::BackupStatus;
use rpma_core::{Lang, format};

use crate::jobs::JobClient;
use crate::tasks::backup::{self as work, TaskOutput, Who};
use crate::tasks::{TaskId, TaskOwner};
use crate::ui::screens::maintenance::BACKUP_TASKS;
use crate::ui::toasts::Toast;

/// After a failed scheduled run, the next try waits this long (no retry loop on a full disk).
pub const RETRY_AFTER_MS: i64 = 15 * 60_000;
/// The status is read again at least this often (another terminal's backups, a disk plugged in).
pub const REFRESH_EVERY_MS: i64 = 30 * 60_000;

/// The backup before exit.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) enum ExitBackup {
    /// Not asked.
    #[default]
    Idle,
    /// Running (its task).
    Running(TaskId),
    /// It failed: why (the person chooses to retry or to leave without it).
    Failed(String),
    /// Done (or skipped): the window may close.
    Done,
    /// Close sent: further close requests go through.
    Closing,
}

/// State of the scheduler.
#[derive(Debug, Default)]
pub(super) struct Scheduler {
    /// Where backups stand, when read.
    pub(super) status: Option<BackupStatus>,
    status_task: Option<TaskId>,
    read_at_ms: i64,
    run_task: Option<TaskId>,
    not_before_ms: i64,
    /// The problem already toasted (failed run time, last good backup time).
    alerted: Option<(Option<i64>, Option<i64>)>,
    /// The backup before exit.
    pub(super) exit: ExitBackup,
}

impl Scheduler {
    /// The status must be read again (settings saved, a backup made or restored).
    pub(super) fn invalidate(&mut self) {
        self.read_at_ms = 0;
    }

    /// A backup-type task runs (anyone's).
    pub(super) fn backup_running(jobs: &JobClient) -> bool {
        jobs.tasks_ref()
            .running()
            .iter()
            .any(|t| BACKUP_TASKS.contains(&t.title_key))
    }

    /// Reads the status when needed and starts the scheduled backup when due. `active`: the
    /// database is open and the shop set up. Returns how long until it wants to look again.
    pub(super) fn tick(
        &mut self,
        jobs: &mut JobClient,
        active: bool,
        now_ms: i64,
        lang: Lang,
    ) -> Option<std::time::Duration> {
        if !active || jobs.is_detached() {
            return None;
        }
        let root = jobs.data_root()?.to_owned();
        if self.status_task.is_none() && now_ms - self.read_at_ms >= REFRESH_EVERY_MS {
            match jobs.tasks().spawn(
                TaskOwner::Scheduler,
                "status",
                "task-status",
                work::status(root.clone(), now_ms),
            ) {
                Ok(id) => self.status_task = Some(id),
                Err(e) => tracing::error!("cannot read the backup status: {e}"),
            }
            self.read_at_ms = now_ms;
        }
        let next = self.status.as_ref()?.next_due_ms?.max(self.not_before_ms);
        if next > now_ms {
            let wait = next - now_ms;
            let wait = wait.min(REFRESH_EVERY_MS);
            return Some(std::time::Duration::from_millis(
                u64::try_from(wait).unwrap_or(0),
            ));
        }
        if self.run_task.is_some() || self.status_task.is_some() || Self::backup_running(jobs) {
            return None;
        }
        tracing::info!("scheduled backup due: starting");
        let w = work::create(root, Who::Schedule, None, now_ms, lang);
        match jobs
            .tasks()
            .spawn(TaskOwner::Scheduler, "backup", "task-backup-scheduled", w)
        {
            Ok(id) => self.run_task = Some(id),
            Err(e) => {
                tracing::error!("cannot start the scheduled backup: {e}");
                self.not_before_ms = now_ms + RETRY_AFTER_MS;
            }
        }
        None
    }

    /// Starts the backup before exit (the schedule says "on exit").
    pub(super) fn start_exit_backup(&mut self, jobs: &mut JobClient, now_ms: i64, lang: Lang) {
        let Some(root) = jobs.data_root().map(ToOwned::to_owned) else {
            self.exit = ExitBackup::Done;
            return;
        };
        let w = work::create(root, Who::Schedule, None, now_ms, lang);
        self.exit = match jobs
            .tasks()
            .spawn(TaskOwner::Scheduler, "on-exit", "task-backup-exit", w)
        {
            Ok(id) => ExitBackup::Running(id),
            Err(e) => ExitBackup::Failed(e.to_string()),
        };
    }

    /// Takes the result of one of its tasks; returns the toast to show, if any.
    pub(super) fn on_task(
        &mut self,
        id: TaskId,
        out: TaskOutput,
        now_ms: i64,
        lang: Lang,
    ) -> Option<Toast> {
        match out {
            TaskOutput::Status(r) => {
                if self.status_task == Some(id) {
                    self.status_task = None;
                }
                match r {
                    Ok(s) => self.status = Some(s),
                    Err(e) => tracing::warn!("backup status unreadable: {e}"),
                }
                None
            }
            TaskOutput::Backup(r) => {
                let exit = self.exit == ExitBackup::Running(id);
                if self.run_task == Some(id) {
                    self.run_task = None;
                }
                self.invalidate();
                let failed = match &r {
                    Ok(done) if done.verified.is_ok() => None,
                    Ok(done) => {
                        Some(BackupError::Invalid(Box::new(done.verified.clone())).message(lang))
                    }
                    Err(e) => Some(e.message(lang)),
                };
                if exit {
                    self.exit = match (&r, failed) {
                        (Err(BackupError::Cancelled), _) | (_, None) => ExitBackup::Done,
                        (_, Some(msg)) => ExitBackup::Failed(msg),
                    };
                    return None;
                }
                let msg = failed?;
                self.not_before_ms = now_ms + RETRY_AFTER_MS;
                tracing::error!("scheduled backup failed: {msg}");
                // The alert's toast says it (once), from the status read next.
                None
            }
            _ => None,
        }
    }

    /// A scheduled backup is running, or due and about to start (the catch-up at start): no
    /// alert for a backup being made.
    fn making_one(&self, now_ms: i64) -> bool {
        self.run_task.is_some()
            || self.status.as_ref().is_some_and(|s| {
                s.next_due_ms.is_some_and(|d| d <= now_ms) && self.not_before_ms <= now_ms
            })
    }

    /// What is wrong with the backups, for the status bar.
    pub(super) fn alert(&self, lang: Lang, tz: format::Tz, now_ms: i64) -> Option<String> {
        if self.making_one(now_ms) {
            return None;
        }
        crate::ui::screens::dashboard_backup::alert_text(self.status.as_ref()?, lang, tz)
    }

    /// The alert's toast, once per problem.
    pub(super) fn alert_toast(&mut self, lang: Lang, tz: format::Tz, now_ms: i64) -> Option<Toast> {
        let text = self.alert(lang, tz, now_ms)?;
        let s = self.status.as_ref()?;
        let key = (s.last_run.as_ref().map(|r| r.at_ms), s.last_ok_ms);
        if self.alerted == Some(key) {
            return None;
        }
        self.alerted = Some(key);
        Some(Toast::error(text))
    }
}
