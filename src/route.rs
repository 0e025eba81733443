//! Where the user is, and the one list of navigation entries that the side bar, the keyboard
//! shortcuts and the tests all read.

use rpma_core::auth::permissions::{Action, Role, allows};
use rpma_core::ids::{ClientId, InterventionId, JobId, VehicleId};

use crate::ui::icons;

/// A screen of the signed-in app: the key of the screen registry
/// ([`crate::ui::registry::Registry`]), of the side bar and of the permission checks. Where
/// the user is, record included, is a [`Route`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum RouteKind {
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

/// Where the user is: a screen and, for the screens that show records, which one. The back and
/// forward history is a list of these; links between screens, search results and list rows
/// open one (`Command::Open`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Route {
    /// Today at a glance.
    #[default]
    Dashboard,
    /// Accounts.
    Users,
    /// Shop settings.
    Settings,
    /// The audit log.
    Audit,
    /// Database health.
    Maintenance,
    /// The signed-in user's profile.
    Profile,
    /// About RPMA.
    About,
    /// The technician's day.
    MyDay,
    /// The planning.
    Calendar,
    /// The jobs list.
    Jobs,
    /// One job's page.
    Job(JobId),
    /// The job-creation wizard, prefilled with what is known (nothing: its draft as left).
    NewJob {
        /// The client, when known.
        client_id: Option<ClientId>,
        /// The vehicle, when known.
        vehicle_id: Option<VehicleId>,
    },
    /// The clients list.
    Clients,
    /// One client's page.
    Client(ClientId),
    /// The vehicles list.
    Vehicles,
    /// One vehicle's page.
    Vehicle(VehicleId),
    /// The new-vehicle form, owned by this client.
    NewVehicle {
        /// The owner's id.
        owner_id: ClientId,
    },
    /// The PPF zones.
    Zones,
    /// The trash.
    Trash,
    /// The shop floor.
    Atelier,
    /// One guided intervention.
    Intervention(InterventionId),
    /// The workflow templates.
    Templates,
}

impl Route {
    /// The screen that shows this route.
    pub fn kind(&self) -> RouteKind {
        match self {
            Self::Dashboard => RouteKind::Dashboard,
            Self::Users => RouteKind::Users,
            Self::Settings => RouteKind::Settings,
            Self::Audit => RouteKind::Audit,
            Self::Maintenance => RouteKind::Maintenance,
            Self::Profile => RouteKind::Profile,
            Self::About => RouteKind::About,
            Self::MyDay => RouteKind::MyDay,
            Self::Calendar => RouteKind::Calendar,
            Self::Jobs | Self::Job(_) => RouteKind::Jobs,
            Self::NewJob { .. } => RouteKind::NewJob,
            Self::Clients | Self::Client(_) => RouteKind::Clients,
            Self::Vehicles | Self::Vehicle(_) | Self::NewVehicle { .. } => RouteKind::Vehicles,
            Self::Zones => RouteKind::Zones,
            Self::Trash => RouteKind::Trash,
            Self::Atelier => RouteKind::Atelier,
            Self::Intervention(_) => RouteKind::Intervention,
            Self::Templates => RouteKind::Templates,
        }
    }
}

impl RouteKind {
    /// The screen's main view: its list, or the screen itself. An intervention has no list of its
    /// own: its main view is the shop floor.
    pub fn main(self) -> Route {
        match self {
            Self::Dashboard => Route::Dashboard,
            Self::Users => Route::Users,
            Self::Settings => Route::Settings,
            Self::Audit => Route::Audit,
            Self::Maintenance => Route::Maintenance,
            Self::Profile => Route::Profile,
            Self::About => Route::About,
            Self::MyDay => Route::MyDay,
            Self::Calendar => Route::Calendar,
            Self::Jobs => Route::Jobs,
            Self::NewJob => Route::NewJob {
                client_id: None,
                vehicle_id: None,
            },
            Self::Clients => Route::Clients,
            Self::Vehicles => Route::Vehicles,
            Self::Zones => Route::Zones,
            Self::Trash => Route::Trash,
            Self::Atelier | Self::Intervention => Route::Atelier,
            Self::Templates => Route::Templates,
        }
    }
}

/// One entry of the side navigation.
#[derive(Debug, Clone, Copy)]
pub struct NavEntry {
    /// Where it goes (its main view).
    pub route: RouteKind,
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
        route: RouteKind::Dashboard,
        icon: icons::HOUSE,
        label_key: "nav-dashboard",
        requires: Some(Action::ViewDashboard),
    },
    NavEntry {
        route: RouteKind::MyDay,
        icon: icons::SUN_HORIZON,
        label_key: "nav-my-day",
        requires: Some(Action::RunIntervention),
    },
    NavEntry {
        route: RouteKind::Atelier,
        icon: icons::WRENCH,
        label_key: "nav-atelier",
        requires: Some(Action::ViewJobs),
    },
    NavEntry {
        route: RouteKind::Calendar,
        icon: icons::CALENDAR_DOTS,
        label_key: "nav-calendar",
        requires: Some(Action::ViewCalendar),
    },
    NavEntry {
        route: RouteKind::Jobs,
        icon: icons::CLIPBOARD_TEXT,
        label_key: "nav-jobs",
        requires: Some(Action::ViewJobs),
    },
    NavEntry {
        route: RouteKind::Clients,
        icon: icons::ADDRESS_BOOK,
        label_key: "nav-clients",
        requires: Some(Action::ViewClients),
    },
    NavEntry {
        route: RouteKind::Vehicles,
        icon: icons::CAR_PROFILE,
        label_key: "nav-vehicles",
        requires: Some(Action::ViewVehicles),
    },
    NavEntry {
        route: RouteKind::Users,
        icon: icons::USERS,
        label_key: "nav-users",
        requires: Some(Action::ViewUsers),
    },
    NavEntry {
        route: RouteKind::Settings,
        icon: icons::GEAR,
        label_key: "nav-settings",
        requires: Some(Action::EditSettings),
    },
    NavEntry {
        route: RouteKind::Zones,
        icon: icons::POLYGON,
        label_key: "nav-zones",
        requires: Some(Action::EditSettings),
    },
    NavEntry {
        route: RouteKind::Trash,
        icon: icons::TRASH,
        label_key: "nav-trash",
        requires: Some(Action::ViewTrash),
    },
    NavEntry {
        route: RouteKind::Audit,
        icon: icons::SCROLL,
        label_key: "nav-audit",
        requires: Some(Action::ViewAudit),
    },
    NavEntry {
        route: RouteKind::Maintenance,
        icon: icons::DATABASE,
        label_key: "nav-maintenance",
        requires: Some(Action::ViewMaintenance),
    },
    NavEntry {
        route: RouteKind::Profile,
        icon: icons::USER_CIRCLE,
        label_key: "nav-profile",
        requires: Some(Action::EditOwnProfile),
    },
    NavEntry {
        route: RouteKind::About,
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
pub fn home(role: Role) -> RouteKind {
    if allows(role, Action::RunIntervention)
        && !allows(role, Action::AssignJobs)
        && allowed(role, RouteKind::MyDay)
    {
        return RouteKind::MyDay;
    }
    visible_for(role)
        .next()
        .map_or(RouteKind::About, |e| e.route)
}

/// The permission a route needs: its navigation entry's, or for screens reached from another
/// screen (not in the side bar), their own. `None` inside: everybody signed in.
pub fn requirement(route: RouteKind) -> Option<Option<Action>> {
    match route {
        RouteKind::NewJob => Some(Some(Action::CreateJobs)),
        RouteKind::Intervention => Some(Some(Action::ViewJobs)),
        RouteKind::Templates => Some(Some(Action::EditTemplates)),
        other => entry(other).map(|e| e.requires),
    }
}

/// May `role` open `route`?
pub fn allowed(role: Role, route: RouteKind) -> bool {
    requirement(route).is_some_and(|req| req.is_none_or(|a| allows(role, a)))
}

/// The entry of a route.
pub fn entry(route: RouteKind) -> Option<&'static NavEntry> {
    NAV.iter().find(|e| e.route == route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technicians_land_on_their_day_and_planners_on_the_dashboard() {
        assert_eq!(home(Role::Technician), RouteKind::MyDay);
        for role in [Role::Admin, Role::Supervisor, Role::Viewer] {
            assert_eq!(home(role), RouteKind::Dashboard, "{role}");
        }
        for role in Role::ALL {
            assert!(allowed(role, home(role)), "{role}");
        }
    }
}
