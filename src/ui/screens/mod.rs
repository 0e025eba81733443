//! One file per screen. Each screen owns its state (kept across navigation), draws with
//! `ui(&mut self, ui, cx)` and takes its job results in `on_event`.

pub mod about;
pub mod dashboard;
pub mod login;
pub mod maintenance;
pub mod preferences;
pub mod setup;

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
    /// Preferences.
    pub preferences: preferences::PreferencesScreen,
    /// About.
    pub about: about::AboutScreen,
}
