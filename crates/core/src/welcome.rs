//! What a terminal reads before anyone has signed in: the sign-in screen (shop name, logo, who
//! may switch by PIN), the session and kiosk rules, and the updater's checks. Nothing here is
//! personal beyond the names on the PIN switch screen, which the shop chose to show. Every other
//! read needs a session ([`Store::read_as`]) or a service that checks one.

use crate::auth::pin::{self, PinUser};
use crate::error::CoreResult;
use crate::format::Tz;
use crate::kiosk::{self, ExitMethods};
use crate::settings::{self, SecurityPolicy};
use crate::store::Store;
use crate::updates::{self, UpdateBlocker};
use crate::{org, users};

/// The start-up screen's facts: is the shop set up, its name and time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Welcome {
    /// The shop's name, once set up.
    pub shop_name: Option<String>,
    /// Accounts (0: the first-run setup is next).
    pub user_count: i64,
    /// The shop's time zone.
    pub tz: Tz,
}

/// The start-up screen's facts.
pub fn welcome(store: &Store) -> CoreResult<Welcome> {
    let conn = store.conn();
    Ok(Welcome {
        shop_name: org::get(conn)?.map(|o| o.name),
        user_count: users::count(conn)?,
        tz: settings::get_shop(conn)?
            .tz()
            .unwrap_or(crate::format::DEFAULT_TZ),
    })
}

/// Who may switch by PIN on the sign-in screen.
pub fn pin_users(store: &Store) -> CoreResult<Vec<PinUser>> {
    pin::pin_users(store.conn())
}

/// How a kiosk terminal may be left.
pub fn kiosk_exit_methods(store: &Store) -> CoreResult<ExitMethods> {
    kiosk::exit_methods(store.conn())
}

/// The session rules (timeouts) the app enforces.
pub fn session_policy(store: &Store) -> CoreResult<SecurityPolicy> {
    settings::get_security(store.conn())
}

/// The shop's logo for the sign-in screen and the header.
pub fn logo(store: &Store) -> CoreResult<Option<Vec<u8>>> {
    org::get_logo(store.conn())
}

/// What stops an update now (an intervention in progress, unsynced work…).
pub fn update_blockers(store: &Store) -> CoreResult<Vec<UpdateBlocker>> {
    updates::update_blockers(store.conn())
}

/// Refuses an update while something stops it ([`update_blockers`]).
pub fn ensure_can_update(store: &Store) -> CoreResult<()> {
    updates::ensure_can_update(store.conn())
}

/// This terminal's own settings (kiosk mode), read before the window exists.
pub fn terminal_settings(store: &Store) -> CoreResult<settings::TerminalSettings> {
    settings::get_terminal(store.conn())
}

/// Where updates come from (the CLI's `rpma update`, run by the data folder's owner).
pub fn update_settings(store: &Store) -> CoreResult<updates::UpdateSettings> {
    settings::get_updates(store.conn())
}
