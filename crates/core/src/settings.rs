//! Shop-wide settings, stored as typed JSON in the `settings` table (one row per key):
//! `security` ([`SecurityPolicy`]: password rules, lockout, session limits, 2FA and PIN rules) and
//! `shop` ([`ShopSettings`]: time zone, language, business hours).
//!
//! Reading never fails on a missing or unreadable row: the defaults apply. Saving requires
//! [`Action::EditSettings`], validates every field (all problems reported at once, nothing
//! written on error) and is audited as `settings.update` with the state before and after.

use chrono::{NaiveTime, Weekday};
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::password::PasswordPolicy;
use crate::auth::permissions::{self, Action};
use crate::error::CoreResult;
use crate::i18n::Lang;
pub use crate::kiosk::TerminalSettings;
use crate::store::Tx;
pub use crate::updates::UpdateSettings;
use crate::users;
use crate::validate::FieldErrors;

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

const MINUTE_MS: i64 = 60_000;

/// The shop's security rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityPolicy {
    /// Rules for new passwords.
    pub password: PasswordPolicy,
    /// Failures (within the window) that lock an account: 3–20, default 5.
    pub lockout_threshold: u32,
    /// Window in which failures are counted, in minutes: 1–1440, default 15.
    pub lockout_window_min: u32,
    /// How long a lock lasts, in minutes: 1–1440, default 15.
    pub lockout_duration_min: u32,
    /// Inactivity after which a session is closed, in minutes: 1–480, default 30.
    pub idle_timeout_min: u32,
    /// Absolute session lifetime, in hours: 1–24, default 8.
    pub session_max_hours: u32,
    /// Admins must use two-factor authentication (they enrol at their next login).
    pub require_2fa_for_admins: bool,
    /// Admins may not use the PIN quick-switch; they sign in with their password.
    pub admins_switch_with_password: bool,
}

impl Default for SecurityPolicy {
    fn default() -> Self {
        Self {
            password: PasswordPolicy::default(),
            lockout_threshold: 5,
            lockout_window_min: 15,
            lockout_duration_min: 15,
            idle_timeout_min: 30,
            session_max_hours: 8,
            require_2fa_for_admins: false,
            admins_switch_with_password: true,
        }
    }
}

/// Whether a session may go on (see [`SecurityPolicy::session_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// The session is valid.
    Active,
    /// Nothing happened for longer than the idle timeout.
    IdleTimeout,
    /// The session is older than its absolute lifetime.
    Expired,
}

impl SecurityPolicy {
    /// Failure-counting window in milliseconds.
    pub fn window_ms(&self) -> i64 {
        i64::from(self.lockout_window_min) * MINUTE_MS
    }

    /// Lock duration in milliseconds.
    pub fn lock_ms(&self) -> i64 {
        i64::from(self.lockout_duration_min) * MINUTE_MS
    }

    /// Idle timeout in milliseconds.
    pub fn idle_ms(&self) -> i64 {
        i64::from(self.idle_timeout_min) * MINUTE_MS
    }

    /// Absolute session lifetime in milliseconds.
    pub fn session_ms(&self) -> i64 {
        i64::from(self.session_max_hours) * 60 * MINUTE_MS
    }

    /// Whether a session that started at `started_ms` and last saw user activity at
    /// `last_activity_ms` may go on at `now_ms`. The absolute lifetime wins over the idle timeout.
    pub fn session_state(
        &self,
        started_ms: i64,
        last_activity_ms: i64,
        now_ms: i64,
    ) -> SessionState {
        if now_ms.saturating_sub(started_ms) >= self.session_ms() {
            SessionState::Expired
        } else if now_ms.saturating_sub(last_activity_ms) >= self.idle_ms() {
            SessionState::IdleTimeout
        } else {
            SessionState::Active
        }
    }

    /// Every problem with the values, by field.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        check_range(
            &mut e,
            "password_min_length",
            u32::from(self.password.min_length),
            PASSWORD_MIN_LENGTH_RANGE,
        );
        check_range(
            &mut e,
            "lockout_threshold",
            self.lockout_threshold,
            LOCKOUT_THRESHOLD_RANGE,
        );
        check_range(
            &mut e,
            "lockout_window_min",
            self.lockout_window_min,
            LOCKOUT_MINUTES_RANGE,
        );
        check_range(
            &mut e,
            "lockout_duration_min",
            self.lockout_duration_min,
            LOCKOUT_MINUTES_RANGE,
        );
        check_range(
            &mut e,
            "idle_timeout_min",
            self.idle_timeout_min,
            IDLE_TIMEOUT_RANGE,
        );
        check_range(
            &mut e,
            "session_max_hours",
            self.session_max_hours,
            SESSION_HOURS_RANGE,
        );
        e
    }
}

fn check_range(e: &mut FieldErrors, field: &'static str, value: u32, (min, max): (u32, u32)) {
    if !(min..=max).contains(&value) {
        e.add_with(
            field,
            "err-range",
            vec![("min", min.to_string()), ("max", max.to_string())],
        );
    }
}

/// Opening hours of one day, as `HH:MM` (24 h, shop time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenHours {
    /// Opening time, `HH:MM`.
    pub open: String,
    /// Closing time, `HH:MM`, after the opening time.
    pub close: String,
}

impl OpenHours {
    /// Hours from two `HH:MM` texts.
    pub fn new(open: &str, close: &str) -> Self {
        Self {
            open: open.to_owned(),
            close: close.to_owned(),
        }
    }

    /// The parsed times, when both are valid `HH:MM` and the shop opens before it closes.
    pub fn times(&self) -> Option<(NaiveTime, NaiveTime)> {
        let open = parse_hhmm(&self.open)?;
        let close = parse_hhmm(&self.close)?;
        (open < close).then_some((open, close))
    }
}

/// Parses a strict `HH:MM` (two digits each, 00:00–23:59).
pub fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 5 || b.get(2) != Some(&b':') {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

/// Opening hours per weekday; `None` means closed that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessHours {
    /// Monday.
    pub mon: Option<OpenHours>,
    /// Tuesday.
    pub tue: Option<OpenHours>,
    /// Wednesday.
    pub wed: Option<OpenHours>,
    /// Thursday.
    pub thu: Option<OpenHours>,
    /// Friday.
    pub fri: Option<OpenHours>,
    /// Saturday.
    pub sat: Option<OpenHours>,
    /// Sunday.
    pub sun: Option<OpenHours>,
}

impl Default for BusinessHours {
    /// Monday to Friday 08:00–18:00, Saturday 09:00–12:00, closed on Sunday.
    fn default() -> Self {
        let week = || Some(OpenHours::new("08:00", "18:00"));
        Self {
            mon: week(),
            tue: week(),
            wed: week(),
            thu: week(),
            fri: week(),
            sat: Some(OpenHours::new("09:00", "12:00")),
            sun: None,
        }
    }
}

impl BusinessHours {
    /// Every weekday, Monday first, with its hours.
    pub fn days(&self) -> [(Weekday, Option<&OpenHours>); 7] {
        [
            (Weekday::Mon, self.mon.as_ref()),
            (Weekday::Tue, self.tue.as_ref()),
            (Weekday::Wed, self.wed.as_ref()),
            (Weekday::Thu, self.thu.as_ref()),
            (Weekday::Fri, self.fri.as_ref()),
            (Weekday::Sat, self.sat.as_ref()),
            (Weekday::Sun, self.sun.as_ref()),
        ]
    }

    /// The hours of one weekday (`None`: closed).
    pub fn day(&self, day: Weekday) -> Option<&OpenHours> {
        match day {
            Weekday::Mon => self.mon.as_ref(),
            Weekday::Tue => self.tue.as_ref(),
            Weekday::Wed => self.wed.as_ref(),
            Weekday::Thu => self.thu.as_ref(),
            Weekday::Fri => self.fri.as_ref(),
            Weekday::Sat => self.sat.as_ref(),
            Weekday::Sun => self.sun.as_ref(),
        }
    }
}

/// Form field name of a weekday's hours (`hours_mon` … `hours_sun`).
pub fn hours_field(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "hours_mon",
        Weekday::Tue => "hours_tue",
        Weekday::Wed => "hours_wed",
        Weekday::Thu => "hours_thu",
        Weekday::Fri => "hours_fri",
        Weekday::Sat => "hours_sat",
        Weekday::Sun => "hours_sun",
    }
}

/// The shop's local settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShopSettings {
    /// IANA time zone, e.g. `Europe/Paris`.
    pub timezone: String,
    /// Default language (documents, new accounts).
    pub locale: Lang,
    /// Opening hours.
    pub business_hours: BusinessHours,
}

impl Default for ShopSettings {
    fn default() -> Self {
        Self {
            timezone: "Europe/Paris".to_owned(),
            locale: Lang::Fr,
            business_hours: BusinessHours::default(),
        }
    }
}

impl ShopSettings {
    /// The time zone, when it is a known IANA name.
    pub fn tz(&self) -> Option<chrono_tz::Tz> {
        self.timezone.trim().parse().ok()
    }

    /// Every problem with the values, by field.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.tz().is_none() {
            e.add("timezone", "err-timezone");
        }
        for (day, hours) in self.business_hours.days() {
            if hours.is_some_and(|h| h.times().is_none()) {
                e.add(hours_field(day), "err-hours");
            }
        }
        e
    }

    /// Trimmed copy (time zone name and times).
    fn normalized(mut self) -> Self {
        self.timezone = self.timezone.trim().to_owned();
        let fix = |h: &mut Option<OpenHours>| {
            if let Some(h) = h {
                h.open = h.open.trim().to_owned();
                h.close = h.close.trim().to_owned();
            }
        };
        let b = &mut self.business_hours;
        for h in [
            &mut b.mon, &mut b.tue, &mut b.wed, &mut b.thu, &mut b.fri, &mut b.sat, &mut b.sun,
        ] {
            fix(h);
        }
        self
    }
}

/// How the shop plans its jobs: bays, the per-technician daily cap, the default job length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanningSettings {
    /// The shop's bays (work stations), in display order; a job's bay is one of them.
    pub bays: Vec<String>,
    /// Most jobs one technician may hold on one day (shop time): 1–50, default 6.
    pub max_jobs_per_technician_per_day: u32,
    /// Length proposed for a new job, in minutes: 15–1440, default 240.
    pub default_job_minutes: u32,
}

impl Default for PlanningSettings {
    fn default() -> Self {
        Self {
            bays: vec![
                "Baie 1".to_owned(),
                "Baie 2".to_owned(),
                "Baie 3".to_owned(),
            ],
            max_jobs_per_technician_per_day: 6,
            default_job_minutes: 240,
        }
    }
}

impl PlanningSettings {
    /// Every problem with the values, by field (`bays`, `max_jobs_per_technician_per_day`,
    /// `default_job_minutes`).
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        let mut seen: Vec<String> = Vec::new();
        for bay in &self.bays {
            let name = bay.trim();
            if name.is_empty() {
                e.add("bays", "job-err-bay-name-empty");
                break;
            }
            if name.chars().count() > BAY_NAME_MAX {
                e.add_with(
                    "bays",
                    "job-err-too-long",
                    vec![("max", BAY_NAME_MAX.to_string())],
                );
                break;
            }
            let folded = name.to_lowercase();
            if seen.contains(&folded) {
                e.add_with(
                    "bays",
                    "job-err-bay-duplicate",
                    vec![("name", name.to_owned())],
                );
                break;
            }
            seen.push(folded);
        }
        check_range(
            &mut e,
            "max_jobs_per_technician_per_day",
            self.max_jobs_per_technician_per_day,
            JOBS_PER_DAY_RANGE,
        );
        check_range(
            &mut e,
            "default_job_minutes",
            self.default_job_minutes,
            JOB_MINUTES_RANGE,
        );
        e
    }

    /// Trimmed copy (bay names).
    fn normalized(mut self) -> Self {
        self.bays = self.bays.iter().map(|b| b.trim().to_owned()).collect();
        self
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

/// Reads every setting (defaults where none was saved).
pub fn get_all(conn: &Connection) -> CoreResult<AllSettings> {
    Ok(AllSettings {
        org: crate::org::get(conn)?.unwrap_or_default(),
        security: get_security(conn)?,
        shop: get_shop(conn)?,
        updates: get_updates(conn)?,
        terminal: get_terminal(conn)?,
        planning: get_planning(conn)?,
    })
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
        errors.into_result()?;
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

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use crate::CoreError;
    use crate::auth::permissions::Role;
    use crate::testutil::Fixture;

    #[test]
    fn defaults_when_absent() {
        let f = Fixture::new();
        assert_eq!(
            get_security(f.store.conn()).unwrap(),
            SecurityPolicy::default()
        );
        let shop = get_shop(f.store.conn()).unwrap();
        assert_eq!(shop.timezone, "Europe/Paris");
        assert_eq!(shop.tz(), Some(chrono_tz::Europe::Paris));
        assert_eq!(
            shop.business_hours.day(Weekday::Sat),
            Some(&OpenHours::new("09:00", "12:00"))
        );
        assert_eq!(shop.business_hours.day(Weekday::Sun), None);
        assert!(shop.validate().is_empty());
        assert!(SecurityPolicy::default().validate().is_empty());
    }

    #[test]
    fn admin_saves_and_reads_back_with_audit() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        // (Requiring two-step verification here would refuse this admin, not enrolled, from
        // the next call on: see `auth::session`.)
        let policy = SecurityPolicy {
            lockout_threshold: 3,
            admins_switch_with_password: false,
            ..SecurityPolicy::default()
        };
        f.store
            .write(Some(&admin.id), |tx| save_security(tx, &admin, policy))
            .unwrap();
        assert_eq!(get_security(f.store.conn()).unwrap(), policy);
        let mut shop = ShopSettings {
            timezone: " America/Montreal ".into(),
            locale: Lang::En,
            ..ShopSettings::default()
        };
        shop.business_hours.sun = Some(OpenHours::new("10:00", "12:30"));
        let saved = f
            .store
            .write(Some(&admin.id), |tx| save_shop(tx, &admin, shop))
            .unwrap();
        assert_eq!(saved.timezone, "America/Montreal");
        assert_eq!(get_shop(f.store.conn()).unwrap(), saved);
        let rows = f.audit_rows("settings.update");
        assert_eq!(rows.len(), 2);
        let first = &rows[0];
        assert_eq!(first.entity_id.as_deref(), Some("security"));
        assert_eq!(first.user_id.as_deref(), Some(admin.id.as_str()));
        assert!(
            first
                .before
                .as_deref()
                .unwrap()
                .contains("\"lockout_threshold\":5")
        );
        assert!(
            first
                .after
                .as_deref()
                .unwrap()
                .contains("\"lockout_threshold\":3")
        );
    }

    #[test]
    fn out_of_range_values_are_refused_and_change_nothing() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let bad = SecurityPolicy {
            password: PasswordPolicy {
                min_length: 7,
                ..PasswordPolicy::default()
            },
            lockout_threshold: 2,
            lockout_window_min: 0,
            lockout_duration_min: 1441,
            idle_timeout_min: 481,
            session_max_hours: 25,
            ..SecurityPolicy::default()
        };
        let err = f
            .store
            .write(Some(&admin.id), |tx| save_security(tx, &admin, bad))
            .unwrap_err();
        let CoreError::Invalid(e) = err else {
            panic!("expected Invalid, got {err:?}")
        };
        for field in [
            "password_min_length",
            "lockout_threshold",
            "lockout_window_min",
            "lockout_duration_min",
            "idle_timeout_min",
            "session_max_hours",
        ] {
            let fe = e.for_field(field).unwrap_or_else(|| panic!("{field}"));
            assert_eq!(fe.key, "err-range");
            assert_eq!(fe.args.len(), 2);
        }
        assert_eq!(
            e.for_field("lockout_threshold").unwrap().args,
            vec![("min", "3".to_owned()), ("max", "20".to_owned())]
        );
        // Bounds themselves are fine.
        let edge = SecurityPolicy {
            password: PasswordPolicy {
                min_length: 64,
                ..PasswordPolicy::default()
            },
            lockout_threshold: 20,
            lockout_window_min: 1440,
            lockout_duration_min: 1,
            idle_timeout_min: 480,
            session_max_hours: 1,
            ..SecurityPolicy::default()
        };
        assert!(edge.validate().is_empty());

        let mut shop = ShopSettings {
            timezone: "Europe/Lutece".into(),
            ..ShopSettings::default()
        };
        shop.business_hours.mon = Some(OpenHours::new("18:00", "08:00"));
        shop.business_hours.tue = Some(OpenHours::new("8h", "18:00"));
        shop.business_hours.wed = Some(OpenHours::new("08:00", "24:00"));
        let err = f
            .store
            .write(Some(&admin.id), |tx| save_shop(tx, &admin, shop))
            .unwrap_err();
        let CoreError::Invalid(e) = err else {
            panic!("expected Invalid")
        };
        assert_eq!(e.for_field("timezone").unwrap().key, "err-timezone");
        for field in ["hours_mon", "hours_tue", "hours_wed"] {
            assert_eq!(e.for_field(field).unwrap().key, "err-hours", "{field}");
        }
        assert!(e.for_field("hours_thu").is_none());
        let q = "SELECT count(*) FROM settings";
        let rows: i64 = f.store.conn().query_row(q, [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 0);
        assert!(f.audit_rows("settings.update").is_empty());
    }

    #[test]
    fn only_admins_edit_settings() {
        let mut f = Fixture::new();
        for actor in [f.supervisor.clone(), f.technician.clone()] {
            let err = f
                .store
                .write(Some(&actor.id), |tx| {
                    save_security(tx, &actor, SecurityPolicy::default())
                })
                .unwrap_err();
            assert!(matches!(err, CoreError::Forbidden(_)), "{err:?}");
            let err = f
                .store
                .write(Some(&actor.id), |tx| {
                    save_shop(tx, &actor, ShopSettings::default())
                })
                .unwrap_err();
            assert!(matches!(err, CoreError::Forbidden(_)), "{err:?}");
        }
        // A session that still believes it is admin after a demotion is refused too.
        let stale = Session::for_tests(users::User {
            role: Role::Admin,
            ..f.supervisor.user().clone()
        });
        let err = f
            .store
            .write(Some(&stale.id), |tx| {
                save_security(tx, &stale, SecurityPolicy::default())
            })
            .unwrap_err();
        assert!(matches!(err, CoreError::Forbidden(_)));
    }

    #[test]
    fn unreadable_or_partial_rows_fall_back_to_defaults() {
        let f = Fixture::new();
        f.store
            .conn()
            .execute(
                "INSERT INTO settings (key, value, updated_at) VALUES ('security', '{\"lockout_threshold\": 7}', 0),
                                                                     ('shop', '[1, 2]', 0)",
                [],
            )
            .unwrap();
        let p = get_security(f.store.conn()).unwrap();
        assert_eq!(p.lockout_threshold, 7);
        assert_eq!(p.lockout_window_min, 15);
        assert_eq!(get_shop(f.store.conn()).unwrap(), ShopSettings::default());
    }

    #[test]
    fn session_state_enforces_idle_and_absolute_limits() {
        let p = SecurityPolicy::default();
        let start = 1_000_000;
        let min = 60_000;
        assert_eq!(
            p.session_state(start, start, start + 29 * min),
            SessionState::Active
        );
        assert_eq!(
            p.session_state(start, start, start + 30 * min),
            SessionState::IdleTimeout
        );
        // Active all day long, but the 8-hour lifetime still ends the session.
        let now = start + 8 * 60 * min;
        assert_eq!(
            p.session_state(start, now - min, now),
            SessionState::Expired
        );
        assert_eq!(
            p.session_state(start, now - min, now - min),
            SessionState::Active
        );
    }

    #[test]
    fn planning_defaults_validation_and_save_all() {
        let mut f = Fixture::new();
        let p = get_planning(f.store.conn()).unwrap();
        assert_eq!(p.bays, vec!["Baie 1", "Baie 2", "Baie 3"]);
        assert_eq!(p.max_jobs_per_technician_per_day, 6);
        assert_eq!(p.default_job_minutes, 240);
        assert!(p.validate().is_empty());
        let bad = PlanningSettings {
            bays: vec!["Baie 1".into(), " baie 1 ".into()],
            max_jobs_per_technician_per_day: 0,
            default_job_minutes: 5,
        };
        let e = bad.clone().normalized().validate();
        assert_eq!(e.for_field("bays").unwrap().key, "job-err-bay-duplicate");
        assert_eq!(
            e.for_field("max_jobs_per_technician_per_day").unwrap().key,
            "err-range"
        );
        assert_eq!(e.for_field("default_job_minutes").unwrap().key, "err-range");
        let e = PlanningSettings {
            bays: vec!["  ".into()],
            ..PlanningSettings::default()
        }
        .validate();
        assert_eq!(e.for_field("bays").unwrap().key, "job-err-bay-name-empty");
        let e = PlanningSettings {
            bays: vec!["x".repeat(41)],
            ..PlanningSettings::default()
        }
        .validate();
        assert_eq!(e.for_field("bays").unwrap().key, "job-err-too-long");

        let admin = f.admin.clone();
        let mut draft = get_all(f.store.conn()).unwrap();
        draft.org.name = "Atelier".into();
        draft.planning = bad;
        assert!(matches!(
            save_all(&mut f.store, &admin, draft.clone()),
            Err(CoreError::Invalid(_))
        ));
        assert!(f.audit_rows("settings.update").is_empty());
        draft.planning = PlanningSettings {
            bays: vec![" Box A ".into(), "Box B".into()],
            max_jobs_per_technician_per_day: 4,
            default_job_minutes: 180,
        };
        let saved = save_all(&mut f.store, &admin, draft).unwrap();
        assert_eq!(saved.planning.bays, vec!["Box A", "Box B"]);
        assert_eq!(get_planning(f.store.conn()).unwrap(), saved.planning);
        // Security and shop did not change, so they are not audited; planning is.
        let ids: Vec<_> = f
            .audit_rows("settings.update")
            .into_iter()
            .filter_map(|r| r.entity_id)
            .collect();
        assert!(ids.iter().any(|i| i == "planning"), "{ids:?}");
        assert!(
            !ids.iter().any(|i| i == "security" || i == "shop"),
            "{ids:?}"
        );
    }

    #[test]
    fn hhmm_is_strict() {
        assert!(parse_hhmm("08:00").is_some());
        assert!(parse_hhmm("23:59").is_some());
        assert!(parse_hhmm("8:00").is_none());
        assert!(parse_hhmm("24:00").is_none());
        assert!(parse_hhmm("08:60").is_none());
        assert!(parse_hhmm("0800").is_none());
        assert!(OpenHours::new("12:00", "12:00").times().is_none());
    }

    #[test]
    fn update_and_terminal_settings_save_with_the_draft() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let mut draft = get_all(f.store.conn()).unwrap();
        assert_eq!(draft.updates, UpdateSettings::default());
        assert!(!draft.terminal.kiosk);
        draft.org.name = "Atelier Test".into();
        draft.updates.channel = crate::updates::Channel::Beta;
        draft.updates.repository = " shop/rpma ".into();
        draft.updates.check_at_startup = false;
        draft.terminal.kiosk = true;
        let saved = save_all(&mut f.store, &admin, draft).unwrap();
        assert_eq!(saved.updates.repository, "shop/rpma");
        assert_eq!(get_updates(f.store.conn()).unwrap(), saved.updates);
        assert!(get_terminal(f.store.conn()).unwrap().kiosk);
        // A bad repository is refused with the other fields, nothing written.
        let mut bad = saved.clone();
        bad.updates.repository = "not a repo".into();
        bad.terminal.kiosk = false;
        match save_all(&mut f.store, &admin, bad) {
            Err(CoreError::Invalid(e)) => {
                assert!(e.0.iter().any(|f| f.field == "update_repository"));
            }
            other => panic!("expected a field error, got {other:?}"),
        }
        assert!(get_terminal(f.store.conn()).unwrap().kiosk);
        // Technicians cannot change them.
        let tech = f.technician.clone();
        assert!(save_all(&mut f.store, &tech, saved).is_err());
    }
}
