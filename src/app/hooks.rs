//! Read-outs and hooks for the UI tests (kept apart from the app's own logic).

use rpma_core::Lang;

use super::{App, Phase};
use crate::route::{Route, RouteKind};
use crate::ui::toasts::Toast;

impl App {
    /// The signed-in user (for tests).
    pub fn user(&self) -> Option<&rpma_core::Session> {
        self.parts.user.as_ref()
    }

    /// The screen on show (for tests).
    pub fn route(&self) -> RouteKind {
        self.route
    }

    /// Where the user is, record included (for tests).
    pub fn place(&self) -> Route {
        self.location()
    }

    /// Test hook: scans the watched photo folder now (the photo thread does it on its own every
    /// [`crate::photo_import::WATCH_EVERY`]; the inline test backend only when asked).
    pub fn scan_import_folder(&mut self) {
        self.parts.jobs.scan_import_folder();
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.parts.lang
    }

    /// Test hook: hands `result` to the logo file dialog of the screen on show (the setup wizard,
    /// or Settings), as if the user had picked a file there; build it with
    /// [`crate::ui::file_pick::prepare`]. Returns false when no screen on show takes a logo.
    pub fn inject_picked_image_for_test(
        &mut self,
        result: Result<crate::ui::file_pick::PickedImage, crate::ui::file_pick::PickError>,
    ) -> bool {
        let logo = match (&self.phase, self.route) {
            (Phase::Setup, _) => self.screens.setup.logo_mut(),
            (Phase::SignedIn, RouteKind::Settings) => {
                match self
                    .screens
                    .get::<crate::ui::screens::settings::SettingsScreen>(RouteKind::Settings)
                {
                    Some(s) => s.logo_mut(),
                    None => return false,
                }
            }
            _ => return false,
        };
        logo.picker_mut().inject(result);
        true
    }

    /// Test hook: the next CSV export of the client or vehicle list on show writes to `path`,
    /// as if chosen in the save dialog. Returns false when neither list is on show.
    pub fn inject_save_path_for_test(&mut self, path: std::path::PathBuf) -> bool {
        use crate::ui::screens::{clients::ClientsScreen, vehicles::VehiclesScreen};
        if !matches!(self.phase, Phase::SignedIn) {
            return false;
        }
        match self.route {
            RouteKind::Clients => self
                .screens
                .get::<ClientsScreen>(RouteKind::Clients)
                .map(|s| s.inject_save_path_for_test(path))
                .is_some(),
            RouteKind::Vehicles => self
                .screens
                .get::<VehiclesScreen>(RouteKind::Vehicles)
                .map(|s| s.inject_save_path_for_test(path))
                .is_some(),
            _ => false,
        }
    }

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

    /// True once the sync runner has nothing more to say on its own (for tests): it stopped (the
    /// folder does not sync), was never started, or runs for a syncing folder (whose rounds and
    /// listening wake the app when the hub says so).
    pub fn sync_settled(&self) -> bool {
        self.sync.settled()
    }

    /// True while the screen is locked (for tests).
    pub fn is_locked(&self) -> bool {
        self.phase == Phase::Locked
    }

    /// The background tasks running now (for tests).
    pub fn running_tasks(&self) -> Vec<crate::tasks::TaskInfo> {
        self.parts.jobs.tasks_ref().running()
    }

    /// True while the recovery screen (or the switch to restored data) is shown.
    pub fn is_recovering(&self) -> bool {
        self.phase == Phase::Recovery
    }

    /// True while the fatal screen is shown (the database worker stopped for good).
    pub fn is_fatal(&self) -> bool {
        matches!(self.phase, Phase::Fatal(_))
    }

    /// Test hook (feature `test-hooks`): sends `job` to the app's database worker, as a screen
    /// would.
    #[cfg(feature = "test-hooks")]
    pub fn submit_for_test(&mut self, job: crate::jobs::Job) -> crate::jobs::RequestId {
        self.parts.jobs.submit_as(self.parts.user.as_ref(), job)
    }
}
