//! The job client's life beyond sending jobs: the store attached to a worker (or run inline in
//! tests), the data folder's lock, the background task runner, the storage fault of the last
//! write, and the switch to restored data — the worker and the photo thread are closed on a task
//! thread (the worker finishes its queue first), the restore is swapped in, the data folder is
//! opened again and a new worker starts on it.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rpma_core::datadir::DataDir;
use rpma_core::fault::StorageFault;
use rpma_core::{CoreError, Store};

use super::{Backend, JobClient, worker};
use crate::tasks::backup::{SwapIn, TaskOutput, swap_and_reopen};
use crate::tasks::{TaskId, TaskOwner, TaskRunner};

/// The storage fault of a store as one byte (shared between the worker and the UI).
pub(super) fn fault_code(store: &Store) -> u8 {
    match store.storage_fault() {
        None => 0,
        Some(StorageFault::Full) => 1,
        Some(StorageFault::ReadOnly) => 2,
        Some(StorageFault::Denied) => 3,
    }
}

fn fault_of(code: u8) -> Option<StorageFault> {
    match code {
        1 => Some(StorageFault::Full),
        2 => Some(StorageFault::ReadOnly),
        3 => Some(StorageFault::Denied),
        _ => None,
    }
}

impl JobClient {
    /// Puts `store` to work: on a worker thread (the app) or inline (tests), with the photo
    /// thread of the data folder.
    pub(super) fn attach(&mut self, store: Store) -> std::io::Result<()> {
        let data_dir = self.env.data_dir.clone();
        match self.repaint.clone() {
            Some(repaint) => {
                let ui_repaint = Arc::clone(&repaint);
                let worker = worker::spawn(
                    store,
                    self.env.clone(),
                    Box::new(move || ui_repaint()),
                    Arc::clone(&self.fault),
                )?;
                self.photos = match (&data_dir, worker.folder_db()) {
                    (Some(d), Some(db)) => Some(crate::photo_import::PhotoService::spawn(
                        d,
                        repaint,
                        Box::new(db),
                    )?),
                    _ => None,
                };
                self.backend = Backend::Worker(worker);
            }
            None => {
                self.photos = data_dir
                    .as_deref()
                    .map(crate::photo_import::PhotoService::inline);
                self.backend = Backend::Inline {
                    store: Box::new(store),
                    env: self.env.clone(),
                    done: std::collections::VecDeque::new(),
                };
            }
        }
        Ok(())
    }

    /// Keeps the data folder's lock for as long as the store is open (the app).
    pub fn hold_lock(&mut self, lock: DataDir) {
        self.lock = Some(Arc::new(lock));
    }

    /// The data folder.
    pub fn data_root(&self) -> Option<&Path> {
        self.env.data_dir.as_deref()
    }

    /// The background tasks.
    pub fn tasks(&mut self) -> &mut TaskRunner<TaskOutput> {
        &mut self.tasks
    }

    /// The background tasks, to read.
    pub fn tasks_ref(&self) -> &TaskRunner<TaskOutput> {
        &self.tasks
    }

    /// Wakes the UI when a task has news (the inline test backend has no worker to do it).
    pub fn set_task_repaint(&mut self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        self.tasks
            .set_repaint(Arc::new(move || ctx.request_repaint()));
    }

    /// Why the last write was refused by the disk (disk full, read-only), until one succeeds.
    pub fn storage_fault(&self) -> Option<StorageFault> {
        match &self.backend {
            Backend::Inline { store, .. } => store.storage_fault(),
            Backend::Worker(_) => fault_of(self.fault.load(Ordering::SeqCst)),
            Backend::Detached => None,
        }
    }

    /// True when no store is open (recovery, or a restore being swapped in).
    pub fn is_detached(&self) -> bool {
        matches!(self.backend, Backend::Detached)
    }

    /// The data folder's lock for a restore: the one held, or taken now (tests run without).
    pub fn restore_lock(&mut self) -> Result<Arc<DataDir>, CoreError> {
        if let Some(l) = &self.lock {
            return Ok(Arc::clone(l));
        }
        let root = self
            .env
            .data_dir
            .clone()
            .ok_or(CoreError::NotFound { entity: "data" })?;
        let lock = Arc::new(DataDir::open(&root)?);
        self.lock = Some(Arc::clone(&lock));
        Ok(lock)
    }

    /// Closes the store (worker and photo thread, on the task's thread) and swaps `what` in,
    /// then opens the data folder again; the result goes to the app ([`TaskOwner::App`]), which
    /// calls [`Self::reattach`]. Jobs sent meanwhile get no answer.
    pub fn start_swap(&mut self, what: SwapIn) -> std::io::Result<TaskId> {
        let root = self
            .env
            .data_dir
            .clone()
            .ok_or_else(|| std::io::Error::other("no data folder"))?;
        let photos = self.photos.take();
        let backend = std::mem::replace(&mut self.backend, Backend::Detached);
        // The photo thread holds a sender to the worker: it goes first.
        let closing: Box<dyn Send> = Box::new((photos, backend));
        let lock = self.lock.take();
        let work = swap_and_reopen(root, closing, lock, what);
        self.tasks
            .spawn(TaskOwner::App, "restore", "task-restore", work)
    }

    /// Starts the jobs again on `store`, holding `lock` (after [`Self::start_swap`]).
    pub fn reattach(&mut self, store: Store, lock: DataDir) -> std::io::Result<()> {
        self.lock = Some(Arc::new(lock));
        self.fault.store(0, Ordering::SeqCst);
        self.attach(store)
    }
}
