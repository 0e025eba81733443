//! RPMA, the desktop app: the eframe application, its screens, the database worker and the CLI.
//! Domain rules and storage live in `rpma-core`; this crate only decides what to show.

pub mod app;
pub mod cli;
pub mod cli_backup;
pub mod cli_remote;
pub mod cli_sync;
#[cfg(feature = "test-hooks")]
pub mod cli_torture;
pub mod fatal;
pub mod jobs;
pub mod logging;
pub mod photo_import;
pub mod route;
pub mod startup;
pub mod tasks;
pub mod ui;
pub mod update;

pub use app::{App, AppConfig, Backend};
