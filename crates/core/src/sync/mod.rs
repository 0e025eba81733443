//! Sync between the terminals of a shop (and the shops of a chain) through a PostgreSQL hub.
//!
//! Each terminal keeps its own SQLite database and works offline. Its change capture
//! ([`crate::store::capture`]) writes every change of a synced table to `change_log`; here:
//! - [`init_server`] creates (or migrates) the hub schema in a PostgreSQL database, makes a shop,
//!   registers this terminal and returns the shop's join code;
//! - [`join`] registers another data folder as a terminal of that shop with the join code, and
//!   downloads the shop into it;
//! - [`sync_once`] pushes this terminal's changes since the last push (idempotent: a retried
//!   batch never duplicates) and pulls the other terminals' changes since the last pull, merging
//!   them per column by hybrid logical clock ([`merge`]);
//! - [`head_office`] makes a data folder a chain's head office: a read-only role on the hub
//!   that reads every shop, and rounds that only pull.
//!
//! The hub enforces the shops' separation itself: each terminal logs in with its own PostgreSQL
//! role, and row-level security lets a role see and write only its shop's rows ([`hub`]). A
//! revoked terminal's role can no longer log in.
//!
//! Credentials: the terminal's role password is kept sealed with the shop key
//! ([`crate::keys::ShopKey::seal_secret`]) in the local table `sync_config`, with the server URL
//! stripped of its password; the join code is sealed too. None of them is logged, and the types
//! that hold them print `…` in `Debug`.

pub mod admin;
pub mod blobs;
pub mod code;
pub mod conflicts;
mod conn;
pub mod head_office;
pub mod head_office_keys;
pub mod hub;
pub mod listen;
pub mod local;
pub mod merge;
mod push_pull;
pub mod renew;
#[cfg(test)]
mod tests_hlc;
#[cfg(test)]
mod tests_pg;
#[cfg(test)]
mod tests_pg_blobs;
#[cfg(test)]
mod tests_pg_conflicts;
#[cfg(test)]
mod tests_pg_head_office;
#[cfg(test)]
mod tests_pg_head_office_keys;
#[cfg(test)]
mod tests_pg_head_office_rows;
#[cfg(test)]
mod tests_pg_head_office_shops;
#[cfg(test)]
mod tests_pg_keys;

use serde::Serialize;

use crate::error::CoreError;

pub use code::JoinCode;
pub use head_office::{HeadOfficeInfo, head_office};
pub use push_pull::{SyncReport, init_server, join, sync_once};

/// The sync protocol this build speaks. A hub made by another protocol is refused.
pub const PROTOCOL: i32 = 1;
/// Changes per pushed or pulled batch (one hub statement, one local transaction).
pub const BATCH: usize = 1000;

/// Why a sync step failed. The messages are for the command line and the log; they never hold a
/// password or a join code.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The hub answered with an error, or could not be reached.
    #[error("sync server: {0}")]
    Hub(String),
    /// The hub speaks another protocol version.
    #[error(
        "the sync server uses sync protocol version {hub}, this RPMA uses version {ours}: update RPMA on every terminal to the same version"
    )]
    Protocol {
        /// The hub's version.
        hub: i32,
        /// This build's.
        ours: i32,
    },
    /// There is no RPMA hub in that database.
    #[error("no RPMA sync hub in that database: run `rpma sync init-server` first")]
    NoHub,
    /// This terminal was revoked on the hub.
    #[error("this terminal was revoked on the sync server: an admin must register it again")]
    Revoked,
    /// This data folder's change log is behind what it already sent (it was restored from an
    /// older backup): its next changes would reuse positions the hub holds and be lost.
    #[error(
        "this data folder was restored from a backup older than what it had already sent to the sync server: register it again as a new terminal (rpma sync join) so that nothing it saves is lost"
    )]
    Rewound,
    /// The join code is malformed or does not match the hub.
    #[error("the join code is not valid for this sync server (check it was copied whole)")]
    BadCode,
    /// The URL is not a `postgres://` URL.
    #[error("the sync server must be given as a postgres:// or postgresql:// URL")]
    BadUrl,
    /// No sync server is configured on this terminal.
    #[error(
        "no sync server is configured on this terminal: run `rpma sync join` or `rpma sync init-server`"
    )]
    NotConfigured,
    /// A sync server is already configured.
    #[error("this terminal already syncs with a server")]
    AlreadyConfigured,
    /// This data folder's sync password does not open with its key (the key file was replaced).
    #[error(
        "the sync password does not open with this data folder's key (was its key file replaced?): register this folder again with `rpma sync join`"
    )]
    SealedPassword,
    /// Only the hub's owner may do that (make, list or revoke a head office).
    #[error("only the sync server's owner (the database user that made the hub) can do that")]
    NotOwner,
    /// This head office was revoked on the hub.
    #[error(
        "this head office was revoked on the sync server: the hub's owner can enable it again with `rpma sync head-office` in this data folder"
    )]
    HeadOfficeRevoked,
    /// Asked of a head office, which only reads the shops: join codes and terminals are managed
    /// at each shop.
    #[error(
        "this data folder is a head office: it only reads the shops; join codes and terminals are managed at each shop"
    )]
    AtHeadOffice,
    /// No head office of that name (or role) on the hub.
    #[error("no head office named {0:?} on this sync server")]
    NoSuchHeadOffice(String),
    /// Several head offices have that name: the role tells them apart.
    #[error("{count} head offices are named {name:?}: give the role of the one meant")]
    AmbiguousHeadOffice {
        /// The name given.
        name: String,
        /// How many have it.
        count: usize,
    },
    /// The local database refused.
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Core(CoreError::Db(e))
    }
}

impl From<postgres::Error> for SyncError {
    fn from(e: postgres::Error) -> Self {
        conn::classify(&e)
    }
}

/// Result of a sync step.
pub type SyncResult<T> = Result<T, SyncError>;

/// What `rpma sync status` prints and the Settings panel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The hub's URL without its password; None when no server is configured.
    pub server: Option<String>,
    /// This terminal.
    pub terminal: TerminalInfo,
    /// The shop on the hub.
    pub shop_id: Option<String>,
    /// When the last sync round finished (UTC ms).
    pub last_sync: Option<i64>,
    /// Own changes not on the hub yet.
    pub pending: i64,
    /// The last round's error, if it failed; then pulled changes that could not be applied.
    pub errors: Vec<String>,
    /// The last round's error as recorded (the first of `errors`), for the Settings screen.
    #[serde(skip)]
    pub last_error: Option<String>,
    /// Pulled changes that could not be applied here (kept in `sync_rejects`).
    #[serde(skip)]
    pub rejects: i64,
    /// Step edits that clashed with another terminal's, waiting for a choice on their
    /// intervention's screen.
    pub conflicts: i64,
    /// This data folder is a chain's head office (it only reads the shops).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub head_office: bool,
    /// At a head office: how many shops' keys it holds, so that their accounts' two-factor codes
    /// are checked there ([`head_office_keys`]); absent on a shop's terminal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop_keys: Option<usize>,
}

/// A terminal as `rpma sync status` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TerminalInfo {
    /// UUIDv7.
    pub id: String,
    /// Short code.
    pub code: String,
}

/// The sync state of a store, read locally (no network).
pub fn status(store: &crate::Store) -> SyncResult<SyncStatus> {
    local::status(store)
}

impl SyncError {
    /// The message in the user's language (no password or join code in it).
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::i18n::Arg;
        match self {
            Self::Hub(detail) => {
                lang.tr_args("sync-err-hub", &[("detail", Arg::from(detail.as_str()))])
            }
            Self::Protocol { hub, ours } => lang.tr_args(
                "sync-err-protocol",
                &[
                    ("hub", Arg::from(i64::from(*hub))),
                    ("ours", Arg::from(i64::from(*ours))),
                ],
            ),
            Self::NoHub => lang.tr("sync-err-no-hub"),
            Self::Revoked => lang.tr("sync-err-revoked"),
            Self::Rewound => lang.tr("sync-err-rewound"),
            Self::BadCode => lang.tr("sync-err-bad-code"),
            Self::BadUrl => lang.tr("sync-err-bad-url"),
            Self::NotConfigured => lang.tr("sync-err-not-configured"),
            Self::AlreadyConfigured => lang.tr("sync-err-already"),
            Self::NotOwner => lang.tr("sync-err-not-owner"),
            Self::SealedPassword => lang.tr("sync-err-sealed-password"),
            Self::HeadOfficeRevoked => lang.tr("sync-err-head-office-revoked"),
            Self::AtHeadOffice => lang.tr("sync-err-at-head-office"),
            Self::NoSuchHeadOffice(name) => lang.tr_args(
                "sync-err-no-head-office",
                &[("name", Arg::from(name.as_str()))],
            ),
            Self::AmbiguousHeadOffice { name, count } => lang.tr_args(
                "sync-err-head-office-ambiguous",
                &[
                    ("name", Arg::from(name.as_str())),
                    (
                        "count",
                        Arg::from(i64::try_from(*count).unwrap_or(i64::MAX)),
                    ),
                ],
            ),
            Self::Core(e) => lang.error_message(e),
        }
    }
}
