//! Opening the data folder's database at start, for the app and its tests alike: `PRAGMA
//! quick_check` first ([`rpma_core::safety::startup::check_database`]); a database that fails
//! it, does not open as one, or is missing while the shop's key and photos are still there gives
//! the recovery screen — never a crash, never a new empty database in its place.

use std::path::Path;

use rpma_core::datadir::DB_FILE;
use rpma_core::safety::startup::{self, DbState};
use rpma_core::{CoreError, Store};

/// What the start found.
#[derive(Debug)]
pub enum Started {
    /// The store, open and migrated.
    Ready(Store),
    /// The database cannot be used: the recovery screen opens.
    Recovery(DbState),
}

/// Checks, then opens the database of the data folder `root` (whose lock the caller holds).
pub fn open_store(root: &Path) -> Result<Started, CoreError> {
    let state = startup::check_database(root);
    if state.needs_recovery() {
        tracing::error!(?state, "the database failed the start-up check");
        return Ok(Started::Recovery(state));
    }
    match Store::open(&root.join(DB_FILE)) {
        Ok((store, report)) => {
            if !report.applied.is_empty() {
                tracing::info!(?report, "database migrated");
            }
            Ok(Started::Ready(store))
        }
        Err(e) => match startup::damage_in(&e) {
            Some(detail) => {
                tracing::error!("the database cannot be opened: {detail}");
                Ok(Started::Recovery(DbState::Corrupt { detail }))
            }
            None => Err(e),
        },
    }
}
