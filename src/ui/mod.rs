//! UI building blocks: theme tokens and fonts, icons, toasts, the `Loadable` pattern, shared
//! widgets and the screens.

pub mod file_browser;
pub mod file_pick;
pub mod icons;
pub mod installed;
pub mod kiosk;
pub mod live;
pub mod loadable;
pub mod logo;
pub mod pinpad;
pub mod progress;
pub mod qr;
pub mod registry;
pub mod restore_dialog;
pub mod screen;
pub mod screens;
pub mod search_palette;
pub mod signature_pad;
pub mod status_bar;
pub mod sync_state;
pub mod system_dialog;
pub mod theme;
pub mod toasts;
pub mod vehicle_diagram;
pub mod widgets;

use rpma_core::i18n::Arg;
use rpma_core::users::{Theme, User};
use rpma_core::{CoreError, Lang};

use crate::jobs::{Job, JobClient, RequestId};
use crate::route::{Route, RouteKind};
use theme::Tokens;
use toasts::Toast;

/// What a screen asks the app to do, applied at the end of the frame.
#[derive(Debug, Clone)]
pub enum Command {
    /// Go to a screen's main view from the side bar, a shortcut or a link to a screen (its
    /// list, not a record left open there): a new trail starts, so "Back" has nothing behind.
    Navigate(Route),
    /// Open a place (a record's page, a prefilled form; search results, list rows, links
    /// between screens): the place left is remembered for "Back" (Alt+←).
    Open(Route),
    /// Back to where the user came from (a record page's Back button, Alt+←).
    Back,
    /// Forward again, after going back (Alt+→).
    Forward,
    /// Show a toast.
    Toast(Toast),
    /// A user logged in (or finished the setup).
    SignedIn(Box<rpma_core::Session>),
    /// The current user's record changed (preferences saved).
    UserUpdated(Box<User>),
    /// Log out: back to the login screen, every form cleared.
    SignOut,
    /// Switch the UI language now.
    SetLang(Lang),
    /// Switch the theme now.
    SetTheme(Theme),
    /// The shop was set up: reload what depends on it.
    Rebootstrap,
    /// Ask the background sync for work (a round now, the admin's join code, terminals).
    Sync(sync_state::SyncRequest),
}

/// Everything a screen may use while drawing.
pub struct Cx<'a> {
    /// UI language.
    pub lang: Lang,
    /// Theme tokens.
    pub tokens: &'a Tokens,
    /// The job channel.
    pub jobs: &'a mut JobClient,
    /// Commands for the end of the frame.
    pub commands: &'a mut Vec<Command>,
    /// The signed-in session (its account's role and name, for display: the core re-checks).
    pub user: Option<&'a rpma_core::Session>,
    /// The shop's time zone.
    pub tz: rpma_core::format::Tz,
    /// The screen drawing or answering (set by the registry): what it submits comes back to it.
    pub from: Option<RouteKind>,
    /// The app's update panel (kept across sessions; Settings → Updates shows it).
    pub updates: Option<&'a mut screens::updates::UpdatePanel>,
}

impl Cx<'_> {
    /// Translates a key.
    pub fn tr(&self, key: &str) -> String {
        self.lang.tr(key)
    }

    /// Translates a key with arguments.
    pub fn tr_args(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.lang.tr_args(key, args)
    }

    /// Every message the core gave for `field`, translated with its arguments, one per line
    /// (shown under the field).
    pub fn field_error(
        &self,
        errors: &rpma_core::validate::FieldErrors,
        field: &str,
    ) -> Option<String> {
        let parts: Vec<String> = errors
            .0
            .iter()
            .filter(|e| e.field == field)
            .map(|e| {
                let args: Vec<(&str, Arg)> = e
                    .args
                    .iter()
                    .map(|(k, v)| (*k, Arg::from(v.as_str())))
                    .collect();
                self.tr_args(e.key, &args)
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join("\n"))
    }

    /// A core error in the user's language.
    pub fn error_text(&self, err: &CoreError) -> String {
        self.lang.error_message(err)
    }

    /// Sends a job to the worker.
    pub fn submit(&mut self, job: Job) -> RequestId {
        self.jobs.submit_from(self.from, self.user, job)
    }

    /// Queues a command.
    pub fn push(&mut self, cmd: Command) {
        self.commands.push(cmd);
    }

    /// Queues a success toast.
    pub fn toast_ok(&mut self, text: String) {
        self.commands.push(Command::Toast(Toast::success(text)));
    }

    /// Queues an error toast.
    pub fn toast_err(&mut self, text: String) {
        self.commands.push(Command::Toast(Toast::error(text)));
    }
}
