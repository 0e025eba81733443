//! The one shape of every background thread in the app: a named thread whose work runs under
//! `catch_unwind`, so that a panic is logged and reported as [`TaskFailed`] instead of leaving
//! the screen waiting for an answer that never comes.
//!
//! - [`spawn_then`]: runs `work` on a thread named `name`, then hands its outcome to `then` (on
//!   the same thread). [`super::TaskRunner::spawn`] is built on it (and [`run_caught`] in its
//!   inline mode); so are the long-lived threads: the photo thread ([`crate::photo_import`]) and
//!   the in-app file browser's disk thread.
//! - [`spawn_named`]: a one-shot job whose outcome comes back over a channel ([`Pending`]) and
//!   wakes the UI (`repaint`) when it is there: the file dialogs ("open", "save as") and the
//!   logo's preparation.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;

use super::TaskFailed;

/// The message of a panic's payload (empty when it is not text).
fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Runs `work` on the calling thread; a panic is logged (with `name`) and returned as
/// [`TaskFailed`].
pub fn run_caught<T>(name: &str, work: impl FnOnce() -> T) -> Result<T, TaskFailed> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|p| {
        let msg = panic_message(p.as_ref());
        tracing::error!(thread = name, "background work panicked: {msg}");
        TaskFailed(msg)
    })
}

/// Starts `work` on a thread named `name`; its outcome (a panic caught as [`TaskFailed`]) goes
/// to `then`, on that thread. Fails only when no thread can be started.
pub fn spawn_then<T>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
    then: impl FnOnce(Result<T, TaskFailed>) + Send + 'static,
) -> std::io::Result<JoinHandle<()>> {
    let label = name.to_owned();
    std::thread::Builder::new()
        .name(label.clone())
        .spawn(move || then(run_caught(&label, work)))
}

/// The outcome of a one-shot thread, to poll from the UI.
#[derive(Debug)]
pub struct Pending<T> {
    rx: Receiver<Result<T, TaskFailed>>,
}

impl<T> Pending<T> {
    /// A result already known (no thread could be started, a test): the first poll returns it.
    pub fn ready(result: Result<T, TaskFailed>) -> Self {
        let (tx, rx) = mpsc::channel();
        // The receiver is right here: the send cannot fail.
        let _ = tx.send(result);
        Self { rx }
    }

    /// The outcome once it is there; `None` while the thread works. A thread gone without a word
    /// (it cannot happen short of an abort) counts as failed.
    pub fn poll(&self) -> Option<Result<T, TaskFailed>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err(TaskFailed("the thread ended without a result".into())))
            }
        }
    }
}

/// Starts `work` on a thread named `name`; its outcome comes back through the returned
/// [`Pending`], and `repaint` is called once it is there.
pub fn spawn_named<T: Send + 'static>(
    name: &str,
    repaint: impl Fn() + Send + 'static,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Pending<T>> {
    let (tx, rx) = mpsc::channel();
    spawn_then(name, work, move |result| {
        // The screen may be gone (signed out): nobody to tell then.
        let _ = tx.send(result);
        repaint();
    })?;
    Ok(Pending { rx })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    fn wait<T>(p: &Pending<T>) -> Result<T, TaskFailed> {
        for _ in 0..2000 {
            if let Some(r) = p.poll() {
                return r;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("no result within 20 s");
    }

    #[test]
    fn the_result_comes_back_from_a_named_thread_and_wakes_the_ui() {
        let repaints = Arc::new(AtomicUsize::new(0));
        let r = Arc::clone(&repaints);
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let p = spawn_named(
            "rpma-probe",
            move || {
                r.fetch_add(1, Ordering::SeqCst);
            },
            move || {
                go_rx.recv().unwrap();
                std::thread::current().name().unwrap_or("").to_owned()
            },
        )
        .unwrap();
        assert!(p.poll().is_none(), "still working");
        go_tx.send(()).unwrap();
        assert_eq!(wait(&p).unwrap(), "rpma-probe");
        assert_eq!(repaints.load(Ordering::SeqCst), 1);
        assert!(
            matches!(p.poll(), Some(Err(_))),
            "nothing more: the thread is gone"
        );
    }

    #[test]
    fn a_panic_is_reported_with_its_message_and_still_wakes_the_ui() {
        let repaints = Arc::new(AtomicUsize::new(0));
        let r = Arc::clone(&repaints);
        let p = spawn_named::<u32>(
            "rpma-probe-panic",
            move || {
                r.fetch_add(1, Ordering::SeqCst);
            },
            || panic!("dialog crashed"),
        )
        .unwrap();
        assert_eq!(wait(&p).unwrap_err(), TaskFailed("dialog crashed".into()));
        assert_eq!(repaints.load(Ordering::SeqCst), 1);
        let formatted = run_caught("inline", || -> u32 { panic!("{} of {}", 3, 12) });
        assert_eq!(formatted.unwrap_err(), TaskFailed("3 of 12".into()));
        assert_eq!(run_caught("inline", || 7).unwrap(), 7);
    }

    #[test]
    fn a_ready_result_is_returned_at_the_first_poll() {
        let p = Pending::ready(Ok(5));
        assert_eq!(p.poll().unwrap().unwrap(), 5);
    }
}
