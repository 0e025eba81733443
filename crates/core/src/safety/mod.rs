//! Data safety as the app sees it: who may back up and restore, the backup settings (schedule,
//! destination, retention, sealed passphrase), the status of the last backups, the database
//! check at start-up and what a recovery can offer, and the maintenance statistics.
//!
//! The archive format and the operations on it live in [`crate::backup`]; this module puts the
//! shop's rules around them, so that the app, the scheduler and the tests go through the same
//! gates:
//!
//! - [`run`]: every backup, verification and restore asked for by a person checks
//!   [`crate::auth::permissions::Action::ManageBackups`] against the account as stored now; a
//!   scheduled backup is allowed only when an admin configured a schedule; a restore from the
//!   recovery screen only when the database is really unusable.
//! - [`settings`]: Settings → Backups, validated here (schedule, retention, destination folder
//!   writable with room enough, passphrase typed twice), the passphrase of scheduled encrypted
//!   backups sealed with the shop's key, never stored in clear.
//! - [`status`]: the last backup, the last run's outcome, when the next is due and whether the
//!   newest good backup is older than the schedule allows.
//! - [`startup`]: `PRAGMA quick_check` at every start, and the backups and previous data folders
//!   a recovery can restore from.
//! - [`stats`]: photo store size and orphans, the log folder's last errors, WAL checkpoint and
//!   VACUUM as an admin.
//! - [`journal`]: backups made and data restored, in the audit log.

pub mod destination;
pub mod journal;
pub mod run;
pub mod settings;
pub mod startup;
pub mod stats;
pub mod status;

pub use destination::{Destination, check_destination, estimate_backup_bytes};
pub use run::{BackupDone, BackupRun, Requester};
pub use settings::{BackupSettings, BackupSettingsDraft};
pub use startup::{DbState, RecoveryOptions};
pub use status::{BackupStatus, RunRecord};

use rusqlite::Connection;

/// This terminal's code ([`crate::terminal`]), for backup file names and the manifest;
/// [`crate::backup::PLACEHOLDER_TERMINAL`] for a database that has no terminal yet.
pub fn terminal_code(conn: &Connection) -> String {
    crate::terminal::get(conn)
        .ok()
        .flatten()
        .map(|t| t.code)
        .unwrap_or_else(|| crate::backup::PLACEHOLDER_TERMINAL.to_owned())
}

/// The shop's time zone (Settings), else the default one.
pub fn shop_tz(conn: &Connection) -> chrono_tz::Tz {
    crate::settings::get_shop(conn)
        .ok()
        .and_then(|s| s.tz())
        .unwrap_or(crate::format::DEFAULT_TZ)
}
