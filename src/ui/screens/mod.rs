//! One file per screen (a folder per area). Each signed-in screen owns its state (kept across
//! navigation) and implements [`crate::ui::screen::Screen`]; the registry
//! ([`crate::ui::registry::Registry`]) holds them by route.

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
