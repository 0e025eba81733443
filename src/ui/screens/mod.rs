//! One file per screen. Each screen owns its state (kept across navigation), draws with
//! `ui(&mut self, ui, cx)` and takes its job results in `on_event`.

pub mod about;
pub mod audit;
pub mod dashboard;
pub mod login;
pub mod maintenance;
pub mod profile;
pub mod settings;
pub mod setup;
pub mod updates;
pub mod users;

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
}
