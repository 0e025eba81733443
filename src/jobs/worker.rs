//! The database worker thread: the UI's jobs, and the photo thread's watched-folder requests
//! (answered on their own channel, not counted as the UI's jobs).
//!
//! A panic never ends it silently:
//! - each job runs under `catch_unwind`: a panicking handler's open transaction rolls back as it
//!   is dropped (and any transaction still open afterwards is rolled back here), the screen gets
//!   [`JobEvent::Failed`], and the next job runs on the same store;
//! - a panic outside a job (e.g. in the repaint callback) ends the serving loop, which starts
//!   again on the same store and the same queue: no queued job is lost;
//! - after [`MAX_PANICS`] panics within [`PANIC_WINDOW`] the worker stops for good and sends
//!   [`JobEvent::WorkerStopped`]: the app shows its fatal screen rather than go on dropping work.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rpma_core::Store;

use super::{Job, JobEvent, RequestId, WorkerEnv, handler};

/// What the worker receives.
pub(super) enum Msg {
    /// A UI job; its event goes back to the UI.
    Job(RequestId, Option<Box<rpma_core::Session>>, Job),
    /// A watched-folder request from the photo thread, answered on its own channel.
    Folder(super::folder::FolderMsg),
}

/// Panics within [`PANIC_WINDOW`] after which the worker stops for good.
pub const MAX_PANICS: usize = 3;
/// See [`MAX_PANICS`].
pub const PANIC_WINDOW: Duration = Duration::from_secs(60);

/// The recent panics, to tell an isolated failure from a worker that keeps failing.
#[derive(Debug, Default)]
pub struct PanicBudget {
    recent: VecDeque<Instant>,
}

impl PanicBudget {
    /// Records a panic at `now`; true when [`MAX_PANICS`] happened within [`PANIC_WINDOW`].
    pub fn record(&mut self, now: Instant) -> bool {
        while self
            .recent
            .front()
            .is_some_and(|first| now.saturating_duration_since(*first) >= PANIC_WINDOW)
        {
            self.recent.pop_front();
        }
        self.recent.push_back(now);
        self.recent.len() >= MAX_PANICS
    }
}

pub(super) struct WorkerHandle {
    tx: Option<Sender<Msg>>,
    rx: Receiver<(RequestId, JobEvent)>,
    in_flight: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

/// How the serving loop ended.
enum Served {
    /// The UI dropped its sender (app closing) or its receiver.
    Closed,
    /// Too many panics: stop for good.
    GaveUp,
}

/// The panic's message, for the log.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// After a panic: a transaction the handler left open (one not rolled back by a dropped
/// `Transaction`) is rolled back, so the next job starts on a consistent store.
fn roll_back_leftovers(store: &Store) {
    if store.roll_back_leftovers() {
        tracing::error!("a transaction was left open by a panic; it was rolled back");
    }
}

/// Runs one job; a panic becomes [`JobEvent::Failed`] (and counts against the budget).
fn run_guarded(
    store: &mut Store,
    env: &WorkerEnv,
    id: RequestId,
    job: Job,
    budget: &mut PanicBudget,
) -> (JobEvent, bool) {
    match panic::catch_unwind(AssertUnwindSafe(|| handler::handle(store, env, job))) {
        Ok(ev) => (ev, false),
        Err(payload) => {
            tracing::error!(
                "job {id} panicked, nothing it started was saved: {}",
                panic_message(payload.as_ref())
            );
            roll_back_leftovers(store);
            (JobEvent::Failed, budget.record(Instant::now()))
        }
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "the serving loop's state, passed apart so that a panic restarts it on the same"
)]
fn serve(
    store: &mut Store,
    env: &WorkerEnv,
    jobs: &Receiver<Msg>,
    events: &Sender<(RequestId, JobEvent)>,
    in_flight: &AtomicUsize,
    repaint: &(dyn Fn() + Send),
    budget: &mut PanicBudget,
    fault: &AtomicU8,
) -> Served {
    // Ends when the UI (and the photo thread) drop their senders, after every queued job is done.
    while let Ok(msg) = jobs.recv() {
        let (id, session, job) = match msg {
            Msg::Job(id, session, job) => (id, session, job),
            Msg::Folder((req, reply)) => {
                let answer =
                    panic::catch_unwind(AssertUnwindSafe(|| super::folder::handle(store, req)));
                match answer {
                    // The photo thread may be gone (closing): nobody to answer then.
                    Ok(a) => drop(reply.send(a)),
                    Err(payload) => {
                        tracing::error!(
                            "a watched-folder request panicked, nothing it started was saved: {}",
                            panic_message(payload.as_ref())
                        );
                        roll_back_leftovers(store);
                        if budget.record(Instant::now()) {
                            return Served::GaveUp;
                        }
                    }
                }
                continue;
            }
        };
        let (ev, give_up) = run_guarded(store, &env.for_job(session), id, job, budget);
        fault.store(super::lifecycle::fault_code(store), Ordering::SeqCst);
        in_flight.fetch_sub(1, Ordering::SeqCst);
        if events.send((id, ev)).is_err() {
            return Served::Closed;
        }
        repaint();
        if give_up {
            return Served::GaveUp;
        }
    }
    Served::Closed
}

/// Tells the UI the worker stopped for good.
fn give_up(events: &Sender<(RequestId, JobEvent)>, repaint: &(dyn Fn() + Send)) {
    tracing::error!(
        "the database worker panicked {MAX_PANICS} times within {}s; it stops",
        PANIC_WINDOW.as_secs()
    );
    // Id 0 is never a request's: the event concerns the whole app.
    let _ = events.send((0, JobEvent::WorkerStopped));
    if panic::catch_unwind(AssertUnwindSafe(repaint)).is_err() {
        tracing::error!("repaint failed while stopping the database worker");
    }
}

pub(super) fn spawn(
    mut store: Store,
    env: WorkerEnv,
    repaint: Box<dyn Fn() + Send>,
    fault: Arc<AtomicU8>,
) -> std::io::Result<WorkerHandle> {
    let (job_tx, job_rx) = mpsc::channel::<Msg>();
    let (ev_tx, ev_rx) = mpsc::channel::<(RequestId, JobEvent)>();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&in_flight);
    let thread = std::thread::Builder::new()
        .name("rpma-db".into())
        .spawn(move || {
            let mut budget = PanicBudget::default();
            loop {
                let served = panic::catch_unwind(AssertUnwindSafe(|| {
                    serve(
                        &mut store,
                        &env,
                        &job_rx,
                        &ev_tx,
                        &counter,
                        repaint.as_ref(),
                        &mut budget,
                        &fault,
                    )
                }));
                match served {
                    Ok(Served::Closed) => break,
                    Ok(Served::GaveUp) => {
                        give_up(&ev_tx, repaint.as_ref());
                        break;
                    }
                    Err(payload) => {
                        tracing::error!(
                            "the database worker panicked outside a job ({}); it starts again on the same store",
                            panic_message(payload.as_ref())
                        );
                        roll_back_leftovers(&store);
                        if budget.record(Instant::now()) {
                            give_up(&ev_tx, repaint.as_ref());
                            break;
                        }
                    }
                }
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
    pub(super) fn send(
        &mut self,
        id: RequestId,
        session: Option<Box<rpma_core::Session>>,
        job: Job,
    ) {
        let Some(tx) = &self.tx else { return };
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        if tx.send(Msg::Job(id, session, job)).is_err() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_panics_within_a_minute_exhaust_the_budget() {
        let t0 = Instant::now();
        let mut b = PanicBudget::default();
        assert!(!b.record(t0));
        assert!(!b.record(t0 + Duration::from_secs(10)));
        assert!(b.record(t0 + Duration::from_secs(59)));
    }

    #[test]
    fn panics_spread_over_more_than_a_minute_do_not() {
        let t0 = Instant::now();
        let mut b = PanicBudget::default();
        assert!(!b.record(t0));
        assert!(!b.record(t0 + Duration::from_secs(30)));
        // The first one is out of the window by now.
        assert!(!b.record(t0 + Duration::from_secs(61)));
        assert!(b.record(t0 + Duration::from_secs(62)));
    }
}
