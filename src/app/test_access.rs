//! Read-only views of the app's state, for the UI tests (and a test hook behind the
//! `test-hooks` feature).

use super::App;
use crate::ui::toasts::Toast;

impl App {
    /// Kiosk mode: how many close requests were refused (for tests).
    pub fn close_refusals(&self) -> u32 {
        self.close_refusals
    }

    /// Kiosk mode: true once an admin authorised closing the app (for tests).
    pub fn exit_authorised(&self) -> bool {
        self.exit_authorised
    }

    /// Kiosk mode: true while the exit dialog is open (for tests).
    pub fn kiosk_exit_open(&self) -> bool {
        self.kiosk_exit.is_some()
    }

    /// The titles of the instant-search results on show (for tests).
    pub fn search_hits(&self) -> Vec<String> {
        self.search.hit_titles()
    }

    /// True while the instant-search palette is shown (for tests).
    pub fn search_is_open(&self) -> bool {
        self.search.is_open()
    }

    /// The toasts now shown (for tests).
    pub fn toasts(&self) -> Vec<Toast> {
        self.toasts.visible().cloned().collect()
    }

    /// True while the fatal screen is shown (the database worker stopped for good).
    pub fn is_fatal(&self) -> bool {
        matches!(self.phase, super::Phase::Fatal(_))
    }

    /// Test hook (feature `test-hooks`): sends `job` to the app's database worker, as a screen
    /// would.
    #[cfg(feature = "test-hooks")]
    pub fn submit_for_test(&mut self, job: crate::jobs::Job) -> crate::jobs::RequestId {
        self.jobs.submit(job)
    }
}
