//! The database worker thread: the UI's jobs, and the photo thread's watched-folder requests
//! (answered on their own channel, not counted as the UI's jobs).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use rpma_core::Store;

use super::{Job, JobEvent, RequestId, WorkerEnv, handler};

/// What the worker receives.
pub(super) enum Msg {
    /// A UI job; its event goes back to the UI.
    Job(RequestId, Job),
    /// A watched-folder request from the photo thread, answered on its own channel.
    Folder(super::folder::FolderMsg),
}

pub(super) struct WorkerHandle {
    tx: Option<Sender<Msg>>,
    rx: Receiver<(RequestId, JobEvent)>,
    in_flight: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

pub(super) fn spawn(
    mut store: Store,
    env: WorkerEnv,
    repaint: Box<dyn Fn() + Send>,
) -> std::io::Result<WorkerHandle> {
    let (job_tx, job_rx) = mpsc::channel::<Msg>();
    let (ev_tx, ev_rx) = mpsc::channel::<(RequestId, JobEvent)>();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&in_flight);
    let thread = std::thread::Builder::new()
        .name("rpma-db".into())
        .spawn(move || {
            // Ends when the UI (and the photo thread) drop their senders, after every queued job
            // is done.
            while let Ok(msg) = job_rx.recv() {
                let (id, job) = match msg {
                    Msg::Job(id, job) => (id, job),
                    Msg::Folder((req, reply)) => {
                        // The photo thread may be gone (closing): nobody to answer then.
                        reply.send(super::folder::handle(&mut store, req)).ok();
                        continue;
                    }
                };
                let ev = handler::handle(&mut store, &env, job);
                counter.fetch_sub(1, Ordering::SeqCst);
                if ev_tx.send((id, ev)).is_err() {
                    break;
                }
                repaint();
            }
            if let Err(e) = store.checkpoint() {
                tracing::warn!("final WAL checkpoint failed: {e}");
            }
            tracing::debug!("database worker stopped");
        })?;
    Ok(WorkerHandle {
        tx: Some(job_tx),
        rx: ev_rx,
        in_flight,
        thread: Some(thread),
    })
}

impl WorkerHandle {
    pub(super) fn send(&mut self, id: RequestId, job: Job) {
        let Some(tx) = &self.tx else { return };
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        if tx.send(Msg::Job(id, job)).is_err() {
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            tracing::error!("database worker is gone; job {id} dropped");
        }
    }

    /// The photo thread's way to the database (none once closing).
    pub(super) fn folder_db(&self) -> Option<super::folder::WorkerFolderDb> {
        self.tx
            .clone()
            .map(|tx| super::folder::WorkerFolderDb { tx })
    }

    pub(super) fn drain(&mut self) -> Vec<(RequestId, JobEvent)> {
        self.rx.try_iter().collect()
    }

    pub(super) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for WorkerHandle {
    /// Lets the worker finish every queued write before the process exits: nothing the user saved
    /// is dropped on close.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take()
            && t.join().is_err()
        {
            tracing::error!("database worker panicked");
        }
    }
}
