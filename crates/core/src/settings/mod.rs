//! Shop-wide settings, stored as typed JSON in the `settings` table (one row per key):
//! `security` ([`SecurityPolicy`]: password rules, lockout, session limits, 2FA and PIN rules) and
//! `shop` ([`ShopSettings`]: time zone, language, business hours).
//!
//! Reading never fails on a missing or unreadable row: the defaults apply. Saving requires
//! [`Action::EditSettings`], validates every field (all problems reported at once, nothing
//! written on error) and is audited as `settings.update` with the state before and after.

use rusqlite::Connection;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::{self, Action};
use crate::error::CoreResult;
pub use crate::kiosk::TerminalSettings;
use crate::store::Tx;
pub use crate::updates::UpdateSettings;
use crate::users;
use crate::validate::FieldErrors;

mod planning;
mod security;
mod shop;
#[cfg(test)]
mod tests;

pub use planning::PlanningSettings;
pub use security::{SecurityPolicy, SessionState};
pub use shop::{BusinessHours, OpenHours, ShopSettings, hours_field, parse_hhmm};

/// Settings key of [`SecurityPolicy`].
pub const KEY_SECURITY: &str = "security";
/// Settings key of [`ShopSettings`].
pub const KEY_SHOP: &str = "shop";
/// Settings key of [`UpdateSettings`].
pub const KEY_UPDATES: &str = "updates";
/// Settings key of [`TerminalSettings`] (kiosk mode).
pub const KEY_TERMINAL: &str = "terminal";
/// Settings key of [`PlanningSettings`].
pub const KEY_PLANNING: &str = "planning";

/// Allowed range of the per-technician daily job cap.
pub const JOBS_PER_DAY_RANGE: (u32, u32) = (1, 50);
/// Allowed range of the default job length, in minutes.
pub const JOB_MINUTES_RANGE: (u32, u32) = (15, 1440);
/// Longest bay name, in characters.
pub const BAY_NAME_MAX: usize = 40;

/// Allowed range of the minimum password length.
pub const PASSWORD_MIN_LENGTH_RANGE: (u32, u32) = (8, 64);
/// Allowed range of the number of failures that locks an account.
pub const LOCKOUT_THRESHOLD_RANGE: (u32, u32) = (3, 20);
/// Allowed range of the failure-counting window and of the lock duration, in minutes.
pub const LOCKOUT_MINUTES_RANGE: (u32, u32) = (1, 1440);
/// Allowed range of the idle timeout, in minutes.
pub const IDLE_TIMEOUT_RANGE: (u32, u32) = (1, 480);
/// Allowed range of the absolute session lifetime, in hours.
pub const SESSION_HOURS_RANGE: (u32, u32) = (1, 24);

fn check_range(e: &mut FieldErrors, field: &'static str, value: u32, (min, max): (u32, u32)) {
    if !(min..=max).contains(&value) {
        e.add_with(
            field,
            "err-range",
            vec![("min", min.to_string()), ("max", max.to_string())],
        );
    }
}

/// Reads a settings row; a missing or unreadable row gives the defaults.
fn get_json<T: DeserializeOwned + Default>(conn: &Connection, key: &str) -> CoreResult<T> {
    let raw = crate::terminal_settings::read(conn, key)?;
    Ok(match raw {
        None => T::default(),
        Some(s) => serde_json::from_str(&s).unwrap_or_else(|e| {
            tracing::warn!(key, error = %e, "unreadable setting, using the defaults");
            T::default()
        }),
    })
}

fn put_json(tx: &Tx<'_>, key: &str, value: &serde_json::Value) -> CoreResult<()> {
    crate::terminal_settings::write(tx.conn(), key, &value.to_string(), tx.now(), tx.actor())
}

/// The security policy (defaults when never saved).
pub fn get_security(conn: &Connection) -> CoreResult<SecurityPolicy> {
    get_json(conn, KEY_SECURITY)
}

/// The shop settings (defaults when never saved).
pub fn get_shop(conn: &Connection) -> CoreResult<ShopSettings> {
    get_json(conn, KEY_SHOP)
}

/// How this terminal updates itself (defaults when never saved).
pub fn get_updates(conn: &Connection) -> CoreResult<UpdateSettings> {
    get_json(conn, KEY_UPDATES)
}

/// This terminal's kiosk setting (defaults when never saved: off).
pub fn get_terminal(conn: &Connection) -> CoreResult<TerminalSettings> {
    get_json(conn, KEY_TERMINAL)
}

/// The planning settings (defaults when never saved).
pub fn get_planning(conn: &Connection) -> CoreResult<PlanningSettings> {
    get_json(conn, KEY_PLANNING)
}

/// Checks that `actor` (as stored now, not as the session remembers it) may edit settings.
fn require_edit(tx: &Tx<'_>, actor: &Session) -> CoreResult<()> {
    let actor = users::current_actor(tx.conn(), actor, Action::EditSettings)?;
    permissions::require(actor.role, Action::EditSettings)?;
    Ok(())
}

fn save<T: Serialize>(tx: &Tx<'_>, key: &'static str, before: &T, after: &T) -> CoreResult<()> {
    let before = serde_json::to_value(before).unwrap_or_default();
    let after = serde_json::to_value(after).unwrap_or_default();
    put_json(tx, key, &after)?;
    tx.audit(AuditEntry {
        action: "settings.update",
        entity: "settings",
        entity_id: Some(key),
        before: Some(before),
        after: Some(after),
    })
}

/// Saves the security policy: admins only ([`Action::EditSettings`]), every field validated,
/// audited `settings.update`. Returns the policy as saved.
pub fn save_security(
    tx: &Tx<'_>,
    actor: &Session,
    policy: SecurityPolicy,
) -> CoreResult<SecurityPolicy> {
    require_edit(tx, actor)?;
    policy.validate().into_result()?;
    let before = get_security(tx.conn())?;
    save(tx, KEY_SECURITY, &before, &policy)?;
    Ok(policy)
}

/// Saves the shop settings: admins only ([`Action::EditSettings`]), time zone and hours
/// validated, audited `settings.update`. Returns the settings as saved.
pub fn save_shop(tx: &Tx<'_>, actor: &Session, shop: ShopSettings) -> CoreResult<ShopSettings> {
    require_edit(tx, actor)?;
    let shop = shop.normalized();
    shop.validate().into_result()?;
    let before = get_shop(tx.conn())?;
    save(tx, KEY_SHOP, &before, &shop)?;
    Ok(shop)
}

/// Saves the update settings: admins only, repository validated, audited `settings.update`.
pub fn save_updates(
    tx: &Tx<'_>,
    actor: &Session,
    updates: UpdateSettings,
) -> CoreResult<UpdateSettings> {
    require_edit(tx, actor)?;
    let updates = updates.normalized();
    updates.validate().into_result()?;
    let before = get_updates(tx.conn())?;
    save(tx, KEY_UPDATES, &before, &updates)?;
    Ok(updates)
}

/// Saves the terminal settings (kiosk mode): admins only, audited `settings.update`.
pub fn save_terminal(
    tx: &Tx<'_>,
    actor: &Session,
    terminal: TerminalSettings,
) -> CoreResult<TerminalSettings> {
    require_edit(tx, actor)?;
    let before = get_terminal(tx.conn())?;
    save(tx, KEY_TERMINAL, &before, &terminal)?;
    Ok(terminal)
}

/// Saves the planning settings: admins only ([`Action::EditSettings`]), validated, audited
/// `settings.update`. Returns the settings as saved.
pub fn save_planning(
    tx: &Tx<'_>,
    actor: &Session,
    planning: PlanningSettings,
) -> CoreResult<PlanningSettings> {
    require_edit(tx, actor)?;
    let planning = planning.normalized();
    planning.validate().into_result()?;
    let before = get_planning(tx.conn())?;
    save(tx, KEY_PLANNING, &before, &planning)?;
    Ok(planning)
}

/// Everything the Settings screen edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllSettings {
    /// The shop's identity and legal data.
    pub org: crate::org::Organisation,
    /// Security policy.
    pub security: SecurityPolicy,
    /// Locale, time zone, business hours.
    pub shop: ShopSettings,
    /// Update channel, repository, check at start-up.
    pub updates: UpdateSettings,
    /// Kiosk mode of this terminal.
    pub terminal: TerminalSettings,
    /// Bays, daily cap per technician, default job length.
    pub planning: PlanningSettings,
}

/// Reads every setting (defaults where none was saved). Unchecked: the core's own reads; the
/// Settings screen reads through `settings_read::get_all_as`.
#[cfg(not(any(test, feature = "test-support")))]
pub(crate) fn get_all(conn: &Connection) -> CoreResult<AllSettings> {
    get_all_unchecked(conn)
}

/// Reads every setting (the workspace's tests read it directly).
#[cfg(any(test, feature = "test-support"))]
pub fn get_all(conn: &Connection) -> CoreResult<AllSettings> {
    get_all_unchecked(conn)
}

fn get_all_unchecked(conn: &Connection) -> CoreResult<AllSettings> {
    Ok(AllSettings {
        org: crate::org::get(conn)?.unwrap_or_default(),
        security: get_security(conn)?,
        shop: get_shop(conn)?,
        updates: get_updates(conn)?,
        terminal: get_terminal(conn)?,
        planning: get_planning(conn)?,
    })
}

/// Every problem of the Settings screen's draft, with the screen's field names (`org_name`,
/// `org_email`, then each part's own): what [`save_all`] refuses, for the screen to check a draft
/// as the user corrects it without a copy of any rule.
pub fn validate_all(draft: &AllSettings) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if let Err(e) = draft.org.clone().validated() {
        errors.0.extend(e.0.into_iter().map(|mut f| {
            f.field = match f.field {
                "name" => "org_name",
                "email" => "org_email",
                other => other,
            };
            f
        }));
    }
    errors.0.extend(draft.security.validate().0);
    errors
        .0
        .extend(draft.shop.clone().normalized().validate().0);
    errors
        .0
        .extend(draft.updates.clone().normalized().validate().0);
    errors
        .0
        .extend(draft.planning.clone().normalized().validate().0);
    errors
}

/// Saves the Settings screen's draft in one transaction: admins only, every field of the three
/// parts validated first (all problems reported at once), nothing written when any is refused,
/// each part audited with before/after.
pub fn save_all(
    store: &mut crate::Store,
    actor: &Session,
    draft: AllSettings,
) -> CoreResult<AllSettings> {
    store.write(Some(&actor.id), |tx| {
        require_edit(tx, actor)?;
        validate_all(&draft).into_result()?;
        // Only the parts that changed are written (and audited).
        let current = get_all(tx.conn())?;
        let org_unchanged = crate::org::get(tx.conn())?.is_some()
            && draft.org.clone().validated().ok().as_ref() == Some(&current.org);
        let org = if org_unchanged {
            current.org
        } else {
            crate::org::save(tx, draft.org)?
        };
        let security = if draft.security == current.security {
            current.security
        } else {
            save_security(tx, actor, draft.security)?
        };
        let shop = if draft.shop.clone().normalized() == current.shop {
            current.shop
        } else {
            save_shop(tx, actor, draft.shop)?
        };
        let updates = if draft.updates.clone().normalized() == current.updates {
            current.updates
        } else {
            save_updates(tx, actor, draft.updates)?
        };
        let terminal = if draft.terminal == current.terminal {
            current.terminal
        } else {
            save_terminal(tx, actor, draft.terminal)?
        };
        let planning = if draft.planning.clone().normalized() == current.planning {
            current.planning
        } else {
            save_planning(tx, actor, draft.planning)?
        };
        Ok(AllSettings {
            org,
            security,
            shop,
            updates,
            terminal,
            planning,
        })
    })
}
