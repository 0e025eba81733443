//! The screens of the app, in one place. The signed-in screens are held by [`RouteKind`] and
//! reached only through the [`Screen`] trait; [`Registry::make`] is the one line a new screen
//! adds here. The three screens outside the signed-in chrome (first-run setup, sign-in and lock,
//! recovery) are plain fields: they are drawn by phase, not by route.
//!
//! Replies are routed by sender: [`Cx::submit`] tags each request with the screen drawing (or
//! answering), [`crate::jobs::JobClient`] keeps the tag, and [`Registry::deliver`] hands the reply
//! to that screen, wherever the user is by then, and to no other.

use std::collections::BTreeMap;

use egui::Ui;

use super::Cx;
use super::screen::{Broadcast, Screen};
use super::screens::{
    about, atelier, audit, calendar, clients, dashboard, intervention, job_wizard, jobs, login,
    maintenance, my_day, profile, recovery, settings, setup, templates, trash, users, vehicles,
    zones,
};
use crate::jobs::{JobEvent, RequestId};
use crate::route::{Route, RouteKind};
use crate::tasks::backup::TaskOutput;

/// Every screen of the app.
#[derive(Default)]
pub struct Registry {
    /// The signed-in screens made so far (a screen is made on first use).
    screens: BTreeMap<RouteKind, Box<dyn Screen>>,
    /// First-run wizard.
    pub setup: setup::SetupScreen,
    /// Sign-in, and the lock screen.
    pub login: login::LoginScreen,
    /// Recovery (the database failed the check at start-up), and the switch to restored data.
    pub recovery: recovery::RecoveryScreen,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("screens", &self.screens.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Registry {
    /// The screen of `kind`, as it is when first shown. A new screen adds its line here.
    fn make(kind: RouteKind) -> Box<dyn Screen> {
        match kind {
            RouteKind::Dashboard => Box::<dashboard::DashboardScreen>::default(),
            RouteKind::Users => Box::<users::UsersScreen>::default(),
            RouteKind::Settings => Box::<settings::SettingsScreen>::default(),
            RouteKind::Audit => Box::<audit::AuditScreen>::default(),
            RouteKind::Maintenance => Box::<maintenance::MaintenanceScreen>::default(),
            RouteKind::Profile => Box::<profile::ProfileScreen>::default(),
            RouteKind::About => Box::<about::AboutScreen>::default(),
            RouteKind::MyDay => Box::<my_day::MyDayScreen>::default(),
            RouteKind::Calendar => Box::<calendar::CalendarScreen>::default(),
            RouteKind::Jobs => Box::<jobs::JobsScreen>::default(),
            RouteKind::NewJob => Box::<job_wizard::JobWizardScreen>::default(),
            RouteKind::Clients => Box::<clients::ClientsScreen>::default(),
            RouteKind::Vehicles => Box::<vehicles::VehiclesScreen>::default(),
            RouteKind::Zones => Box::<zones::ZonesScreen>::default(),
            RouteKind::Trash => Box::<trash::TrashScreen>::default(),
            RouteKind::Atelier => Box::<atelier::AtelierScreen>::default(),
            RouteKind::Intervention => Box::<intervention::InterventionScreen>::default(),
            RouteKind::Templates => Box::<templates::TemplatesScreen>::default(),
        }
    }

    /// The screens of a fresh session; `about` (built from the app's start-up) is kept.
    pub fn new(about: about::AboutScreen) -> Self {
        let mut r = Self::default();
        r.screens.insert(RouteKind::About, Box::new(about));
        r
    }

    /// Someone else signs in, or nobody is: every screen and every draft is dropped (About
    /// and what it shows of the start-up stay).
    pub fn reset(&mut self) {
        let about = self.screens.remove(&RouteKind::About);
        *self = Self::default();
        if let Some(a) = about {
            self.screens.insert(RouteKind::About, a);
        }
    }

    /// The screen of `kind`, made if it was not yet.
    pub fn screen(&mut self, kind: RouteKind) -> &mut dyn Screen {
        self.screens
            .entry(kind)
            .or_insert_with(|| Self::make(kind))
            .as_mut()
    }

    /// The screen of `kind` as its own type (the app's hooks for tests and the chrome).
    pub fn get<T: Screen>(&mut self, kind: RouteKind) -> Option<&mut T> {
        let s: &mut dyn std::any::Any = self.screen(kind);
        s.downcast_mut::<T>()
    }

    /// Where the user is on `kind`'s screen, record included.
    pub fn route(&self, kind: RouteKind) -> Route {
        self.screens
            .get(&kind)
            .map_or_else(|| kind.main(), |s| s.route())
    }

    /// Draws `kind`'s screen; what it submits is tagged as its own.
    pub fn ui(&mut self, kind: RouteKind, ui: &mut Ui, cx: &mut Cx<'_>) {
        let before = cx.from.replace(kind);
        self.screen(kind).ui(ui, cx);
        cx.from = before;
    }

    /// True when `kind`'s screen lays out its own scroll areas ([`Screen::scrolls_itself`]).
    pub fn scrolls_itself(&mut self, kind: RouteKind) -> bool {
        self.screen(kind).scrolls_itself()
    }

    /// Hands a reply to the screen that sent the request (`from`), and to no other. A screen
    /// dropped since (the session changed hands) gets nothing. Returns what nobody took.
    pub fn deliver(
        &mut self,
        from: RouteKind,
        id: RequestId,
        ev: JobEvent,
        cx: &mut Cx<'_>,
    ) -> Option<JobEvent> {
        let Some(screen) = self.screens.get_mut(&from) else {
            return Some(ev);
        };
        let before = cx.from.replace(from);
        let rest = screen.on_event(id, ev, cx);
        cx.from = before;
        rest
    }

    /// A reply to a request sent by no signed-in screen: the setup wizard's, or the sign-in
    /// screen's (which also asks for the PIN pad's users and the two-step enrolment).
    pub fn deliver_outside(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) {
        match ev {
            ev @ JobEvent::SetupDone(_) => self.setup.on_event(id, &ev, cx),
            ev => drop(self.login.on_event(id, ev, cx)),
        }
    }

    /// Hands a reply to whoever sent the request: `from`, the screen [`crate::jobs::JobClient::sender`]
    /// named, or (none) the screens outside the signed-in app.
    pub fn reply(&mut self, from: Option<RouteKind>, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) {
        match from {
            Some(kind) => drop(self.deliver(kind, id, ev, cx)),
            None => self.deliver_outside(id, ev, cx),
        }
    }

    /// The app shows `route` on its screen.
    pub fn enter(&mut self, route: &Route, cx: &mut Cx<'_>) {
        let kind = route.kind();
        let before = cx.from.replace(kind);
        self.screen(kind).on_enter(route, cx);
        cx.from = before;
    }

    /// The user leaves `kind`'s screen for another.
    pub fn leave(&mut self, kind: RouteKind, cx: &mut Cx<'_>) {
        if let Some(screen) = self.screens.get_mut(&kind) {
            let before = cx.from.replace(kind);
            screen.on_leave(cx);
            cx.from = before;
        }
    }

    /// A background task started by `kind`'s screen finished.
    pub fn task(&mut self, kind: RouteKind, out: TaskOutput, cx: &mut Cx<'_>) {
        let before = cx.from.replace(kind);
        self.screen(kind).on_task(out, cx);
        cx.from = before;
    }

    /// Sends `ev` to every screen made so far, once.
    pub fn broadcast(&mut self, ev: &Broadcast, cx: &mut Cx<'_>) {
        for (kind, screen) in &mut self.screens {
            let before = cx.from.replace(*kind);
            screen.on_broadcast(ev, cx);
            cx.from = before;
        }
    }

    /// Test hook: puts `screen` in `kind`'s place.
    #[cfg(test)]
    pub(crate) fn insert(&mut self, kind: RouteKind, screen: Box<dyn Screen>) {
        self.screens.insert(kind, screen);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::jobs::{Job, JobClient, WorkerEnv};
    use crate::ui::Command;
    use crate::ui::theme::Tokens;

    /// A screen that asks for something when entered and notes every reply it is given.
    #[derive(Default)]
    struct Recorder {
        asked: Vec<RequestId>,
        given: Vec<RequestId>,
        left: bool,
    }

    impl Screen for Recorder {
        fn ui(&mut self, _ui: &mut Ui, _cx: &mut Cx<'_>) {}

        fn on_event(&mut self, id: RequestId, _ev: JobEvent, _cx: &mut Cx<'_>) -> Option<JobEvent> {
            self.given.push(id);
            None
        }

        fn on_enter(&mut self, _route: &Route, cx: &mut Cx<'_>) {
            self.asked.push(cx.submit(Job::Bootstrap));
        }

        fn on_leave(&mut self, _cx: &mut Cx<'_>) {
            self.left = true;
        }

        fn route(&self) -> Route {
            Route::Clients
        }

        fn scrolls_itself(&self) -> bool {
            false
        }
    }

    fn recorder(r: &mut Registry, kind: RouteKind) -> &mut Recorder {
        r.get::<Recorder>(kind).unwrap()
    }

    #[test]
    fn a_reply_reaches_the_screen_that_asked_even_after_the_user_left_it_and_no_other() {
        let mut jobs = JobClient::detached(WorkerEnv::default());
        let mut commands: Vec<Command> = Vec::new();
        let mut cx = Cx {
            lang: rpma_core::Lang::Fr,
            tokens: &Tokens::LIGHT,
            jobs: &mut jobs,
            commands: &mut commands,
            user: None,
            tz: rpma_core::format::DEFAULT_TZ,
            from: None,
            updates: None,
        };
        let mut r = Registry::default();
        r.insert(RouteKind::Clients, Box::new(Recorder::default()));
        r.insert(RouteKind::Vehicles, Box::new(Recorder::default()));

        // On the clients screen, which asks for something; then off to the vehicles screen
        // (which asks for something of its own) before the reply comes.
        r.enter(&Route::Clients, &mut cx);
        let asked = recorder(&mut r, RouteKind::Clients).asked[0];
        r.leave(RouteKind::Clients, &mut cx);
        r.enter(&Route::Vehicles, &mut cx);
        assert!(recorder(&mut r, RouteKind::Clients).left);
        let theirs = recorder(&mut r, RouteKind::Vehicles).asked[0];
        assert_ne!(asked, theirs);

        // The reply goes to the clients screen, and to it only.
        let from = cx.jobs.sender(asked);
        assert_eq!(from, Some(RouteKind::Clients));
        r.reply(from, asked, JobEvent::LogoSaved(Ok(())), &mut cx);
        assert_eq!(recorder(&mut r, RouteKind::Clients).given, vec![asked]);
        assert!(recorder(&mut r, RouteKind::Vehicles).given.is_empty());

        // The vehicles screen's own reply goes to it.
        let from = cx.jobs.sender(theirs);
        assert_eq!(from, Some(RouteKind::Vehicles));
        r.reply(from, theirs, JobEvent::LogoSaved(Ok(())), &mut cx);
        assert_eq!(recorder(&mut r, RouteKind::Clients).given, vec![asked]);
        assert_eq!(recorder(&mut r, RouteKind::Vehicles).given, vec![theirs]);

        // A request no screen sent (the app's own) names no sender, and its reply reaches none
        // of them; a sender is asked once.
        let chrome = cx.jobs.submit(Job::Bootstrap);
        assert_eq!(cx.jobs.sender(chrome), None);
        assert_eq!(cx.jobs.sender(asked), None);
        r.reply(None, chrome, JobEvent::LogoSaved(Ok(())), &mut cx);
        assert_eq!(recorder(&mut r, RouteKind::Clients).given, vec![asked]);
        assert_eq!(recorder(&mut r, RouteKind::Vehicles).given, vec![theirs]);
    }

    #[test]
    fn a_fresh_session_drops_every_screen_but_about() {
        let mut r = Registry::default();
        r.insert(RouteKind::Clients, Box::new(Recorder::default()));
        r.screen(RouteKind::About);
        r.reset();
        assert!(r.get::<Recorder>(RouteKind::Clients).is_none());
        assert!(r.screens.contains_key(&RouteKind::About));
    }
}
