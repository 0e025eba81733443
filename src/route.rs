//! Where the user is, and the one list of navigation entries that the side bar, the keyboard
//! shortcuts and the tests all read.

use rpma_core::auth::permissions::{Action, Role, allows};

use crate::ui::icons;

/// A screen of the signed-in app.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Route {
    /// Today at a glance.
    #[default]
    Dashboard,
    /// Accounts: list, create, roles, locks (admins; supervisors read only).
    Users,
    /// Shop data, locale, business hours, security policy (admins).
    Settings,
    /// The tamper-evident audit log (admins).
    Audit,
    /// Database health and statistics.
    Maintenance,
    /// The signed-in user's profile: contact, language, theme, password, PIN, 2FA, logins.
    Profile,
    /// Version, data folder, licences, shortcuts.
    About,
    /// The signed-in technician's jobs today.
    MyDay,
    /// Day, week, month and agenda views of the planning.
    Calendar,
    /// Jobs list and job pages.
    Jobs,
    /// The job-creation wizard.
    NewJob,
    /// Clients list and client pages.
    Clients,
    /// Vehicles list and vehicle pages.
    Vehicles,
    /// The PPF zone catalogue (admins).
    Zones,
    /// Deleted clients, vehicles and jobs.
    Trash,
    /// The shop floor: interventions in progress, paused and completed today.
    Atelier,
    /// One guided intervention, step by step.
    Intervention,
    /// The workflow template editor (admins).
    Templates,
}

impl Route {
    /// True when the screen lays out its own scroll areas: a table or list sized to the window
    /// (drawing only the rows on show), a calendar grid, or a body that scrolls above a fixed bar
    /// of actions. Every other screen is put in one vertical scroll area by the central panel,
    /// so that content taller than the window scrolls instead of being cut off. A new screen must
    /// say which it is (no wildcard).
    pub fn scrolls_itself(self) -> bool {
        match self {
            Self::Dashboard => false,
            Self::Users
            | Self::Settings
            | Self::Audit
            | Self::Maintenance
            | Self::Profile
            | Self::About
            | Self::MyDay
            | Self::Calendar
            | Self::Jobs
            | Self::NewJob
            | Self::Clients
            | Self::Vehicles
            | Self::Zones
            | Self::Trash
            | Self::Atelier
            | Self::Intervention
            | Self::Templates => true,
        }
    }
}

/// One entry of the side navigation.
#[derive(Debug, Clone, Copy)]
pub struct NavEntry {
    /// Where it goes.
    pub route: Route,
    /// Its icon.
    pub icon: &'static str,
    /// i18n key of its label (also the screen's title).
    pub label_key: &'static str,
    /// Permission needed to see it (None: everybody signed in).
    pub requires: Option<Action>,
}

/// The navigation, in order. Areas are added here as they land; there are no placeholders.
pub const NAV: &[NavEntry] = &[
    NavEntry {
        route: Route::Dashboard,
        icon: icons::HOUSE,
        label_key: "nav-dashboard",
        requires: Some(Action::ViewDashboard),
    },
    NavEntry {
        route: Route::MyDay,
        icon: icons::SUN_HORIZON,
        label_key: "nav-my-day",
        requires: Some(Action::RunIntervention),
    },
    NavEntry {
        route: Route::Atelier,
        icon: icons::WRENCH,
        label_key: "nav-atelier",
        requires: Some(Action::ViewJobs),
    },
    NavEntry {
        route: Route::Calendar,
        icon: icons::CALENDAR_DOTS,
        label_key: "nav-calendar",
        requires: Some(Action::ViewCalendar),
    },
    NavEntry {
        route: Route::Jobs,
        icon: icons::CLIPBOARD_TEXT,
        label_key: "nav-jobs",
        requires: Some(Action::ViewJobs),
    },
    NavEntry {
        route: Route::Clients,
        icon: icons::ADDRESS_BOOK,
        label_key: "nav-clients",
        requires: Some(Action::ViewClients),
    },
    NavEntry {
        route: Route::Vehicles,
        icon: icons::CAR_PROFILE,
        label_key: "nav-vehicles",
        requires: Some(Action::ViewVehicles),
    },
    NavEntry {
        route: Route::Users,
        icon: icons::USERS,
        label_key: "nav-users",
        requires: Some(Action::ViewUsers),
    },
    NavEntry {
        route: Route::Settings,
        icon: icons::GEAR,
        label_key: "nav-settings",
        requires: Some(Action::EditSettings),
    },
    NavEntry {
        route: Route::Zones,
        icon: icons::POLYGON,
        label_key: "nav-zones",
        requires: Some(Action::EditSettings),
    },
    NavEntry {
        route: Route::Trash,
        icon: icons::TRASH,
        label_key: "nav-trash",
        requires: Some(Action::ViewTrash),
    },
    NavEntry {
        route: Route::Audit,
        icon: icons::SCROLL,
        label_key: "nav-audit",
        requires: Some(Action::ViewAudit),
    },
    NavEntry {
        route: Route::Maintenance,
        icon: icons::DATABASE,
        label_key: "nav-maintenance",
        requires: Some(Action::ViewMaintenance),
    },
    NavEntry {
        route: Route::Profile,
        icon: icons::USER_CIRCLE,
        label_key: "nav-profile",
        requires: Some(Action::EditOwnProfile),
    },
    NavEntry {
        route: Route::About,
        icon: icons::INFO,
        label_key: "nav-about",
        requires: None,
    },
];

/// The entries a role may see, in order.
pub fn visible_for(role: Role) -> impl Iterator<Item = &'static NavEntry> {
    NAV.iter()
        .filter(move |e| e.requires.is_none_or(|a| allows(role, a)))
}

/// Where a role lands after signing in: "Ma journée" for those who run interventions without
/// planning them (technicians), the first entry it may see (the dashboard) for everyone else.
pub fn home(role: Role) -> Route {
    if allows(role, Action::RunIntervention)
        && !allows(role, Action::AssignJobs)
        && allowed(role, Route::MyDay)
    {
        return Route::MyDay;
    }
    visible_for(role).next().map_or(Route::About, |e| e.route)
}

/// The permission a route needs: its navigation entry's, or for screens reached from another
/// screen (not in the side bar), their own. `None` inside: everybody signed in.
pub fn requirement(route: Route) -> Option<Option<Action>> {
    match route {
        Route::NewJob => Some(Some(Action::CreateJobs)),
        Route::Intervention => Some(Some(Action::ViewJobs)),
        Route::Templates => Some(Some(Action::EditTemplates)),
        other => entry(other).map(|e| e.requires),
    }
}

/// May `role` open `route`?
pub fn allowed(role: Role, route: Route) -> bool {
    requirement(route).is_some_and(|req| req.is_none_or(|a| allows(role, a)))
}

/// The entry of a route.
pub fn entry(route: Route) -> Option<&'static NavEntry> {
    NAV.iter().find(|e| e.route == route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technicians_land_on_their_day_and_planners_on_the_dashboard() {
        assert_eq!(home(Role::Technician), Route::MyDay);
        for role in [Role::Admin, Role::Supervisor, Role::Viewer] {
            assert_eq!(home(role), Route::Dashboard, "{role}");
        }
        for role in Role::ALL {
            assert!(allowed(role, home(role)), "{role}");
        }
    }
}
