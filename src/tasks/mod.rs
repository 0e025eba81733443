//! Background tasks: long work that must neither block the UI thread nor hold up the one
//! database worker (backups, verifications, restores, the photo store's statistics; later PDF,
//! sync, e-mail). Each task runs on a named thread of its own (`rpma-task-<name>`), reports its
//! progress (0–100 % and what it is doing), can be cancelled, and its result goes back to the
//! part of the app that started it ([`TaskOwner`]). The status bar shows an indicator while any
//! task runs; the screen that started one draws its progress bar ([`crate::ui::progress`]).
//!
//! A task that panics is reported as failed (its owner gets [`TaskFailed`]); the app goes on.
//! UI tests on the inline database backend use an inline runner ([`TaskRunner::inline`]): the
//! same work, run at once on the calling thread, so that a test sees its result at the next
//! frame whatever the machine's speed (the threads themselves are tested on their own).
//! Dropping the runner does not stop its threads: they finish (or see their cancel flag) and
//! their results are dropped.

pub mod backup;

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Identifies one task.
pub type TaskId = u64;

/// Who started a task: its result goes back there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskOwner {
    /// The Maintenance screen (backups list, create, verify, restore, statistics, logs).
    Maintenance,
    /// Settings → Backups.
    SettingsBackups,
    /// The dashboard's backup card.
    Dashboard,
    /// The backup scheduler (and the backup before exit).
    Scheduler,
    /// The recovery screen at start-up.
    Recovery,
    /// The app itself (switching to restored data).
    App,
}

/// Where a task is.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskProgress {
    /// Done, from 0 to 1 (`None`: not known yet).
    pub fraction: Option<f32>,
    /// i18n key of what it is doing.
    pub label_key: &'static str,
    /// The item at hand (a file name), or empty.
    pub detail: String,
}

/// A running task, as the UI shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInfo {
    /// Its id.
    pub id: TaskId,
    /// Who started it.
    pub owner: TaskOwner,
    /// i18n key of its name ("Backup", "Restore"…).
    pub title_key: &'static str,
    /// Its progress.
    pub progress: TaskProgress,
    /// Cancel was asked.
    pub cancelling: bool,
}

/// A task's thread panicked; the message, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFailed(pub String);

/// A finished task.
#[derive(Debug)]
pub struct TaskDone<T> {
    /// Its id.
    pub id: TaskId,
    /// Who started it.
    pub owner: TaskOwner,
    /// What it returned.
    pub result: Result<T, TaskFailed>,
}

/// At most this often a task's progress asks for a repaint.
const REPAINT_EVERY: Duration = Duration::from_millis(100);

struct Shared {
    progress: Mutex<TaskProgress>,
    cancel: AtomicBool,
    last_repaint: Mutex<Option<Instant>>,
}

/// What a task's work gets: a way to report progress and its cancel flag.
pub struct TaskCtl {
    shared: Arc<Shared>,
    repaint: Arc<dyn Fn() + Send + Sync>,
}

impl TaskCtl {
    /// Reports progress (`fraction` from 0 to 1, `None` when unknown). Cheap: call it as often
    /// as convenient; the UI is woken at most every 100 ms.
    pub fn set(&self, fraction: Option<f32>, label_key: &'static str, detail: &str) {
        {
            let mut p = self
                .shared
                .progress
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            p.fraction = fraction.map(|f| f.clamp(0.0, 1.0));
            p.label_key = label_key;
            if p.detail != detail {
                detail.clone_into(&mut p.detail);
            }
        }
        let mut last = self
            .shared
            .last_repaint
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if last.is_none_or(|t| t.elapsed() >= REPAINT_EVERY) {
            *last = Some(Instant::now());
            (self.repaint)();
        }
    }

    /// The cancel flag (the core's long operations take it).
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.shared.cancel
    }

    /// True once cancel was asked.
    pub fn is_cancelled(&self) -> bool {
        self.shared.cancel.load(Ordering::Relaxed)
    }
}

struct Running {
    id: TaskId,
    owner: TaskOwner,
    title_key: &'static str,
    shared: Arc<Shared>,
}

/// The runner: starts tasks, tells what runs, hands back what finished.
pub struct TaskRunner<T> {
    next: TaskId,
    running: Vec<Running>,
    tx: Sender<(TaskId, Result<T, TaskFailed>)>,
    rx: Receiver<(TaskId, Result<T, TaskFailed>)>,
    repaint: Arc<dyn Fn() + Send + Sync>,
    inline: bool,
}

impl<T> std::fmt::Debug for TaskRunner<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskRunner")
            .field("running", &self.running.len())
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> TaskRunner<T> {
    /// A runner whose tasks call `repaint` when they have news (egui's `request_repaint`).
    pub fn new(repaint: Arc<dyn Fn() + Send + Sync>) -> Self {
        let (tx, rx) = mpsc::channel();
        Self {
            next: 1,
            running: Vec::new(),
            tx,
            rx,
            repaint,
            inline: false,
        }
    }

    /// A runner that runs each task at once on the calling thread (UI tests).
    pub fn inline(repaint: Arc<dyn Fn() + Send + Sync>) -> Self {
        Self {
            inline: true,
            ..Self::new(repaint)
        }
    }

    /// Replaces the repaint callback of the tasks started from now on.
    pub fn set_repaint(&mut self, repaint: Arc<dyn Fn() + Send + Sync>) {
        self.repaint = repaint;
    }

    /// Starts `work` on a thread named `rpma-task-<name>`; its result goes to `owner`.
    pub fn spawn(
        &mut self,
        owner: TaskOwner,
        name: &str,
        title_key: &'static str,
        work: impl FnOnce(&TaskCtl) -> T + Send + 'static,
    ) -> std::io::Result<TaskId> {
        let id = self.next;
        let shared = Arc::new(Shared {
            progress: Mutex::new(TaskProgress {
                fraction: None,
                label_key: title_key,
                detail: String::new(),
            }),
            cancel: AtomicBool::new(false),
            last_repaint: Mutex::new(None),
        });
        let ctl = TaskCtl {
            shared: Arc::clone(&shared),
            repaint: Arc::clone(&self.repaint),
        };
        let tx = self.tx.clone();
        let run = move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| work(&ctl))).map_err(|p| {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(task = id, "background task panicked: {msg}");
                TaskFailed(msg)
            });
            // The owner may be gone (the app closing): nobody to tell then.
            let _ = tx.send((id, result));
            (ctl.repaint)();
        };
        if self.inline {
            run();
        } else {
            std::thread::Builder::new()
                .name(format!("rpma-task-{name}"))
                .spawn(run)?;
        }
        self.next += 1;
        self.running.push(Running {
            id,
            owner,
            title_key,
            shared,
        });
        Ok(id)
    }

    /// The tasks that finished since the last call.
    pub fn poll(&mut self) -> Vec<TaskDone<T>> {
        let mut out = Vec::new();
        while let Ok((id, result)) = self.rx.try_recv() {
            let Some(i) = self.running.iter().position(|r| r.id == id) else {
                continue;
            };
            let r = self.running.remove(i);
            out.push(TaskDone {
                id,
                owner: r.owner,
                result,
            });
        }
        out
    }

    fn info(r: &Running) -> TaskInfo {
        TaskInfo {
            id: r.id,
            owner: r.owner,
            title_key: r.title_key,
            progress: r
                .shared
                .progress
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
            cancelling: r.shared.cancel.load(Ordering::Relaxed),
        }
    }

    /// Every running task, oldest first.
    pub fn running(&self) -> Vec<TaskInfo> {
        self.running.iter().map(Self::info).collect()
    }

    /// A running task of `owner` (the oldest), if any.
    pub fn of_owner(&self, owner: TaskOwner) -> Option<TaskInfo> {
        self.running
            .iter()
            .find(|r| r.owner == owner)
            .map(Self::info)
    }

    /// One running task.
    pub fn get(&self, id: TaskId) -> Option<TaskInfo> {
        self.running.iter().find(|r| r.id == id).map(Self::info)
    }

    /// True while some task runs.
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Asks a task to stop (it stops at its next check; its owner gets its result).
    pub fn cancel(&self, id: TaskId) {
        if let Some(r) = self.running.iter().find(|r| r.id == id) {
            r.shared.cancel.store(true, Ordering::Relaxed);
            (self.repaint)();
        }
    }
}
