//! Background tasks: long work that must neither block the UI thread nor hold up the one
//! database worker (backups, verifications, restores, the photo store's statistics; later PDF,
//! sync, e-mail). Each task runs on a named thread of its own (`rpma-task-<name>`), reports its
//! progress (0–100 % and what it is doing), can be cancelled, and its result goes back to the
//! part of the app that started it ([`TaskOwner`]). The status bar shows an indicator while any
//! task runs; the screen that started one draws its progress bar ([`crate::ui::progress`]).
//!
//! Work running on a thread of its own (the photo thread's imports) registers as an external task
//! ([`TaskRunner::external`]): it shows, reports and can be cancelled the same way. Every
//! background thread of the app is started through [`thread`] (named, panics caught and
//! reported).
//!
//! A task that panics is reported as failed (its owner gets [`TaskFailed`]); the app goes on.
//! UI tests on the inline database backend use an inline runner ([`TaskRunner::inline`]): the
//! same work, run at once on the calling thread, so that a test sees its result at the next
//! frame whatever the machine's speed (the threads themselves are tested on their own).
//! Dropping the runner does not stop its threads: they finish (or see their cancel flag) and
//! their results are dropped.

pub mod backup;
pub mod thread;

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
    /// The intervention screen's photo area (an import of photos, run by the photo thread).
    Photos,
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
    /// Items done and in all, when the task counts items (photos): the status bar shows them.
    pub count: Option<(usize, usize)>,
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
    /// An external task's handle was dropped: it no longer runs.
    ended: AtomicBool,
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

    /// Reports progress in items: `done` of `total` (the fraction follows), with what is at hand.
    pub fn set_count(&self, done: usize, total: usize, label_key: &'static str, detail: &str) {
        #[allow(clippy::cast_precision_loss)]
        let fraction = (total > 0).then(|| done as f32 / total as f32);
        self.shared
            .progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .count = Some((done, total));
        self.set(fraction, label_key, detail);
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

/// A task whose work runs on a thread the runner did not start (the photo thread's imports): its
/// progress and cancel go through the same [`TaskCtl`], it shows with the runner's tasks, and it
/// ends when this handle is dropped (its result goes back on that thread's own channel).
pub struct ExternalTask {
    id: TaskId,
    ctl: TaskCtl,
}

impl std::fmt::Debug for ExternalTask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalTask")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl ExternalTask {
    /// Its id in the runner.
    pub fn id(&self) -> TaskId {
        self.id
    }

    /// Its progress and cancel flag.
    pub fn ctl(&self) -> &TaskCtl {
        &self.ctl
    }
}

impl Drop for ExternalTask {
    fn drop(&mut self) {
        self.ctl.shared.ended.store(true, Ordering::SeqCst);
        (self.ctl.repaint)();
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

    fn new_ctl(&self, title_key: &'static str) -> TaskCtl {
        TaskCtl {
            shared: Arc::new(Shared {
                progress: Mutex::new(TaskProgress {
                    fraction: None,
                    label_key: title_key,
                    detail: String::new(),
                    count: None,
                }),
                cancel: AtomicBool::new(false),
                last_repaint: Mutex::new(None),
                ended: AtomicBool::new(false),
            }),
            repaint: Arc::clone(&self.repaint),
        }
    }

    fn push(&mut self, owner: TaskOwner, title_key: &'static str, shared: Arc<Shared>) -> TaskId {
        let id = self.next;
        self.next += 1;
        self.running.push(Running {
            id,
            owner,
            title_key,
            shared,
        });
        id
    }

    /// Starts `work` on a thread named `rpma-task-<name>` ([`thread::spawn_then`]); its result
    /// goes to `owner`.
    pub fn spawn(
        &mut self,
        owner: TaskOwner,
        name: &str,
        title_key: &'static str,
        work: impl FnOnce(&TaskCtl) -> T + Send + 'static,
    ) -> std::io::Result<TaskId> {
        let ctl = self.new_ctl(title_key);
        let (id, shared) = (self.next, Arc::clone(&ctl.shared));
        let tx = self.tx.clone();
        let repaint = Arc::clone(&self.repaint);
        let then = move |result| {
            // The owner may be gone (the app closing): nobody to tell then.
            let _ = tx.send((id, result));
            repaint();
        };
        let thread_name = format!("rpma-task-{name}");
        if self.inline {
            then(thread::run_caught(&thread_name, || work(&ctl)));
        } else {
            thread::spawn_then(&thread_name, move || work(&ctl), then).map(drop)?;
        }
        Ok(self.push(owner, title_key, shared))
    }

    /// Registers a task that runs on a thread of its own (the photo thread): it shows and can be
    /// cancelled like the others; the work reports through the handle's [`TaskCtl`] and the task
    /// ends when the handle is dropped.
    pub fn external(&mut self, owner: TaskOwner, title_key: &'static str) -> ExternalTask {
        let ctl = self.new_ctl(title_key);
        let id = self.push(owner, title_key, Arc::clone(&ctl.shared));
        ExternalTask { id, ctl }
    }

    /// The tasks that finished since the last call.
    pub fn poll(&mut self) -> Vec<TaskDone<T>> {
        self.running
            .retain(|r| !r.shared.ended.load(Ordering::SeqCst));
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

    /// The tasks still running (an external task whose handle was dropped no longer is).
    fn live(&self) -> impl Iterator<Item = &Running> {
        self.running
            .iter()
            .filter(|r| !r.shared.ended.load(Ordering::SeqCst))
    }

    /// Every running task, oldest first.
    pub fn running(&self) -> Vec<TaskInfo> {
        self.live().map(Self::info).collect()
    }

    /// A running task of `owner` (the oldest), if any.
    pub fn of_owner(&self, owner: TaskOwner) -> Option<TaskInfo> {
        self.live().find(|r| r.owner == owner).map(Self::info)
    }

    /// One running task.
    pub fn get(&self, id: TaskId) -> Option<TaskInfo> {
        self.live().find(|r| r.id == id).map(Self::info)
    }

    /// True while some task runs.
    pub fn is_busy(&self) -> bool {
        self.live().next().is_some()
    }

    /// Asks a task to stop (it stops at its next check; its owner gets its result).
    pub fn cancel(&self, id: TaskId) {
        if let Some(r) = self.live().find(|r| r.id == id) {
            r.shared.cancel.store(true, Ordering::Relaxed);
            (self.repaint)();
        }
    }
}
