//! What every signed-in screen is to the app: the [`Screen`] trait. The app draws the screen on
//! show, hands each job reply to the screen that sent the request (wherever the user is by
//! then), tells a screen when it is entered and left, and sends the few app-wide happenings
//! ([`Broadcast`]) to every screen once. Screens are held by the
//! [`Registry`](super::registry::Registry), keyed by [`RouteKind`](crate::route::RouteKind).

use rpma_core::ids::InterventionId;
use std::any::Any;

use egui::Ui;

use super::Cx;
use crate::jobs::{JobEvent, RequestId};
use crate::route::Route;
use crate::tasks::backup::TaskOutput;

/// Something every screen may need to know, whichever sent it: the only way one screen's news
/// reaches another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broadcast {
    /// Other terminals' changes were applied: screens that only show data read it again (forms
    /// with a draft are left alone; they save against the record as it now is). `on_show`:
    /// the screen the user is looking at (a list is read again only when it is on show).
    RemoteChanges {
        /// The screen on show.
        on_show: crate::route::RouteKind,
    },
    /// The watched folder attached photos to this intervention.
    PhotosAttached(InterventionId),
}

/// A screen of the signed-in app. Its state is kept across navigation (the registry drops it
/// only when the session changes hands).
pub trait Screen: Any {
    /// Draws the screen. Jobs sent with `cx.submit` come back to [`Screen::on_event`].
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>);

    /// A reply to one of this screen's requests (only those: the registry routes replies by the
    /// sender). Returns it when the screen no longer waits for it (a stale request).
    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent>;

    /// The app shows `route`, one of this screen's: from another screen, the side bar, a link or
    /// the history, or another record of this screen. Open the record it names (or the list).
    fn on_enter(&mut self, route: &Route, cx: &mut Cx<'_>) {
        let _ = (route, cx);
    }

    /// The user goes to another screen: save what is pending, drop typed secrets, forget data
    /// that must be read again on the next visit.
    fn on_leave(&mut self, cx: &mut Cx<'_>) {
        let _ = cx;
    }

    /// An app-wide happening (see [`Broadcast`]), sent to every screen once.
    fn on_broadcast(&mut self, ev: &Broadcast, cx: &mut Cx<'_>) {
        let _ = (ev, cx);
    }

    /// A background task this screen started has finished.
    fn on_task(&mut self, out: TaskOutput, cx: &mut Cx<'_>) {
        let _ = (out, cx);
    }

    /// Where the user is on this screen, record included (remembered by the history).
    fn route(&self) -> Route;

    /// True when the screen lays out its own scroll areas: a table or list sized to the window
    /// (drawing only the rows on show), a calendar grid, or a body that scrolls above a fixed
    /// bar of actions. Otherwise the central panel puts it in one vertical scroll area, so that
    /// content taller than the window scrolls instead of being cut off.
    fn scrolls_itself(&self) -> bool;
}

/// Does the signed-in user's role allow `action`? (What to show; the core checks again.)
pub fn allows_user(cx: &Cx<'_>, action: rpma_core::auth::permissions::Action) -> bool {
    cx.user
        .is_some_and(|u| rpma_core::auth::permissions::allows(u.role, action))
}

/// A screen that is a list of records and, with one open, that record's page (clients,
/// vehicles, jobs). It is a [`Screen`] through the one implementation below: it opens the
/// record its route names, goes back to the list for any other route of its own, reads its list
/// again after other terminals' changes when no record is open, and its route is the record on
/// show or the list.
pub trait ListAndPage: Default + Any {
    /// The id of its records.
    type Id: Clone;
    /// Its list's place (and where other terminals' changes are announced).
    const KIND: crate::route::RouteKind;
    /// The record a route names, if it names one of this screen's.
    fn record_of(route: &Route) -> Option<&Self::Id>;
    /// The route of one record's page.
    fn page_route(id: Self::Id) -> Route;
    /// Opens a record's page.
    fn open(&mut self, id: Self::Id);
    /// Back to the list.
    fn close_page(&mut self);
    /// The record on show.
    fn page_id(&self) -> Option<&Self::Id>;
    /// Draws the list or the page.
    fn draw(&mut self, ui: &mut Ui, cx: &mut Cx<'_>);
    /// A reply to one of its requests (see [`Screen::on_event`]).
    fn reply(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent>;
    /// Another route of its own than a record or the list (a prefilled form); true if taken.
    fn enter_other(&mut self, route: &Route) -> bool {
        let _ = route;
        false
    }
}

impl<S: ListAndPage> Screen for S {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        self.draw(ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        self.reply(id, ev, cx)
    }

    fn on_enter(&mut self, route: &Route, _cx: &mut Cx<'_>) {
        if let Some(id) = S::record_of(route) {
            self.open(id.clone());
        } else if !self.enter_other(route) {
            self.close_page();
        }
    }

    fn on_broadcast(&mut self, ev: &Broadcast, _cx: &mut Cx<'_>) {
        // Read again only when shown as a list (no record open with a draft).
        if *ev == (Broadcast::RemoteChanges { on_show: S::KIND }) && self.page_id().is_none() {
            *self = S::default();
        }
    }

    fn route(&self) -> Route {
        self.page_id()
            .map_or_else(|| S::KIND.main(), |id| S::page_route(id.clone()))
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}

/// Makes a screen with a `page: Option<PageView>` field, an inherent `ui` and `on_event`, a
/// [`ListAndPage`]: `list_and_page!(Screen, IdType, ListRouteKind, PageRouteVariant, PageView)`,
/// where the page view has `new(id)` and `id() -> &IdType`. More items of the trait (such as
/// `enter_other`) may follow.
macro_rules! list_and_page {
    ($screen:ty, $id:ty, $kind:ident, $variant:ident, $page:ty $(, $extra:item)* $(,)?) => {
        impl $crate::ui::screen::ListAndPage for $screen {
            type Id = $id;
            const KIND: $crate::route::RouteKind = $crate::route::RouteKind::$kind;

            fn record_of(route: &$crate::route::Route) -> Option<&$id> {
                match route {
                    $crate::route::Route::$variant(id) => Some(id),
                    _ => None,
                }
            }

            fn page_route(id: $id) -> $crate::route::Route {
                $crate::route::Route::$variant(id)
            }

            fn open(&mut self, id: $id) {
                self.page = Some(<$page>::new(id));
            }

            fn close_page(&mut self) {
                self.page = None;
            }

            fn page_id(&self) -> Option<&$id> {
                self.page.as_ref().map(<$page>::id)
            }

            fn draw(&mut self, ui: &mut egui::Ui, cx: &mut $crate::ui::Cx<'_>) {
                Self::ui(self, ui, cx);
            }

            fn reply(
                &mut self,
                id: $crate::jobs::RequestId,
                ev: $crate::jobs::JobEvent,
                cx: &mut $crate::ui::Cx<'_>,
            ) -> Option<$crate::jobs::JobEvent> {
                Self::on_event(self, id, ev, cx)
            }

            $($extra)*
        }
    };
}
pub(crate) use list_and_page;
