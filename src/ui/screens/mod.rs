//! One file per screen. Each screen owns its state (kept across navigation), draws with
//! `ui(&mut self, ui, cx)` and takes its job results in `on_event`.

pub mod about;
pub mod atelier;
pub mod audit;
pub mod calendar;
pub mod clients;
pub mod dashboard;
pub mod dashboard_backup;
pub mod intervention;
pub mod job_wizard;
pub mod jobs;
pub mod login;
pub mod maintenance;
pub mod my_day;
pub mod profile;
pub mod recovery;
pub mod settings;
pub mod setup;
pub mod templates;
pub mod trash;
pub mod updates;
pub mod users;
pub mod vehicles;
pub mod zones;

/// The screens of the app, each kept alive across navigation.
#[derive(Debug, Default)]
pub struct Screens {
    /// First-run wizard.
    pub setup: setup::SetupScreen,
    /// Login.
    pub login: login::LoginScreen,
    /// Dashboard.
    pub dashboard: dashboard::DashboardScreen,
    /// Maintenance.
    pub maintenance: maintenance::MaintenanceScreen,
    /// Recovery (the database failed the check at start-up), and the switch to restored data.
    pub recovery: recovery::RecoveryScreen,
    /// Users.
    pub users: users::UsersScreen,
    /// Settings.
    pub settings: settings::SettingsScreen,
    /// Audit log.
    pub audit: audit::AuditScreen,
    /// My profile.
    pub profile: profile::ProfileScreen,
    /// About.
    pub about: about::AboutScreen,
    /// Clients.
    pub clients: clients::ClientsScreen,
    /// Vehicles.
    pub vehicles: vehicles::VehiclesScreen,
    /// Trash.
    pub trash: trash::TrashScreen,
    /// PPF zone catalogue.
    pub zones: zones::ZonesScreen,
    /// Jobs list and job page.
    pub jobs: jobs::JobsScreen,
    /// Job-creation wizard.
    pub job_wizard: job_wizard::JobWizardScreen,
    /// Calendar.
    pub calendar: calendar::CalendarScreen,
    /// My day.
    pub my_day: my_day::MyDayScreen,
    pub atelier: atelier::AtelierScreen,
    pub intervention: intervention::InterventionScreen,
    pub templates: templates::TemplatesScreen,
}

impl Screens {
    /// The record open on `route`'s screen (none: its list or main view), for "Back".
    pub fn record(&self, route: crate::route::Route) -> Option<crate::ui::Target> {
        use crate::route::Route;
        use crate::ui::Target;
        match route {
            Route::Clients => self
                .clients
                .page_id()
                .map(|id| Target::Client(id.to_owned())),
            Route::Vehicles => self
                .vehicles
                .page_id()
                .map(|id| Target::Vehicle(id.to_owned())),
            Route::Jobs => self.jobs.page_id().map(|id| Target::Job(id.to_owned())),
            Route::Intervention => self
                .intervention
                .id()
                .map(|id| Target::Intervention(id.to_owned())),
            _ => None,
        }
    }

    /// Shows `route`'s list: the record page open there, if any, is closed.
    pub fn show_list(&mut self, route: crate::route::Route) {
        use crate::route::Route;
        match route {
            Route::Clients => self.clients.close_page(),
            Route::Vehicles => self.vehicles.close_page(),
            Route::Jobs => self.jobs.close_page(),
            _ => {}
        }
    }
}
