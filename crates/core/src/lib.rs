//! RPMA core: domain types and rules, the SQLite store and the services.
//!
//! This crate has no UI code. Every rule (permissions, validation, state machines) lives here
//! so that the UI, the CLI and the tests all go through the same checks.

pub mod accounts;
pub mod audit;
pub mod audit_head;
pub mod audit_say;
pub mod auth;
pub mod backup;
pub mod clients;
pub mod clock;
pub mod contact;
pub mod csv_out;
pub mod dashboard;
pub mod datadir;
pub mod disk_errors;
pub mod error;
pub mod export;
pub mod fault;
pub mod format;
pub mod fsutil;
pub mod health;
pub mod i18n;
pub mod ids;
pub mod installed;
pub mod interventions;
pub mod jobs;
pub mod keys;
pub mod kiosk;
pub mod length;
pub mod live_checks;
pub mod maintenance;
pub mod money;
pub mod numbering;
pub mod org;
pub mod people;
pub mod personal;
pub mod photos;
pub mod query;
pub mod safety;
pub mod search;
pub mod seed;
#[cfg(test)]
mod service_matrix;
#[cfg(test)]
mod service_matrix_interventions;
#[cfg(test)]
mod service_matrix_jobs;
#[cfg(test)]
mod service_matrix_rows;
#[cfg(test)]
mod service_matrix_world;
pub mod settings;
pub mod settings_read;
pub mod setup;
pub mod store;
pub mod sync;
pub mod terminal;
pub mod terminal_settings;
#[cfg(feature = "test-support")]
pub mod testing;
#[cfg(test)]
mod testutil;
pub mod updates;
pub mod users;
pub mod validate;
pub mod vehicle_ident;
pub mod vehicles;
pub mod welcome;
pub mod workflow;
pub mod zones;

pub use auth::session::Session;
pub use error::{CoreError, CoreResult};
pub use i18n::Lang;
pub use store::Store;
