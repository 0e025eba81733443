//! PIN quick-switch for shared shop-floor terminals: a technician taps their name and types a
//! 4–8 digit PIN instead of their password.
//!
//! The PIN is hashed like a password (Argon2id), has its own lock (`pin`), separate from the
//! password lock, and does not replace two-factor authentication: an account with TOTP still
//! gets a [`LoginOutcome::NeedsTotp`]. When the policy says admins switch with their password
//! ([`SecurityPolicy::admins_switch_with_password`], the default), admins can neither set nor
//! use a PIN.

use crate::ids::UserId;
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::audit::AuditEntry;
use crate::auth::credentials;
use crate::auth::lockout::{self, AuthKind};
use crate::auth::login::{self, LoginOutcome, Method};
use crate::auth::password::{self, PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinViolation};
use crate::auth::permissions::Role;
use crate::error::{CoreError, CoreResult};
use crate::settings::{self, SecurityPolicy};
use crate::store::Store;
use crate::users::User;
use crate::validate::FieldErrors;

/// The refusal for a wrong PIN (or an account that cannot use one).
pub const BAD_PIN: &str = "err-bad-pin";
/// The refusal for an admin when admins must switch with their password.
pub const PIN_ADMIN: &str = "err-pin-admin";

/// Whether the policy lets this role use a PIN.
pub fn pin_allowed(policy: &SecurityPolicy, role: Role) -> bool {
    !(role == Role::Admin && policy.admins_switch_with_password)
}

/// Field errors for a new PIN (`pin`): `err-pin-format` (digits only, 4–8 of them) or
/// `err-pin-weak` (all the same digit, or a run like 1234).
pub fn pin_errors(pin: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    match password::check_pin(pin) {
        Ok(()) => {}
        Err(PinViolation::NotDigits | PinViolation::BadLength { .. }) => e.add_with(
            "pin",
            "err-pin-format",
            vec![
                ("min", PIN_MIN_DIGITS.to_string()),
                ("max", PIN_MAX_DIGITS.to_string()),
            ],
        ),
        Err(PinViolation::RepeatedDigit | PinViolation::Sequence) => e.add("pin", "err-pin-weak"),
    }
    e
}

/// Sets (or replaces) one's own PIN, confirmed with the current password (wrong passwords count
/// towards the password lock). Lifts a PIN lock. Audited `user.pin_set` (never the PIN).
///
/// # Errors
/// `Invalid` (`pin`, `current_password`), `Refused { err-pin-admin }` for an admin when the
/// policy keeps admins on passwords, `Refused { err-locked }`.
pub fn set_pin(
    store: &mut Store,
    session: &crate::Session,
    current_password: &str,
    pin: &str,
) -> CoreResult<User> {
    let user_id = &crate::users::own(store.conn(), session)?.id;
    let c = match credentials::by_id(store.conn(), user_id)? {
        Some(c) if c.user.is_active => c,
        _ => return Err(CoreError::NotFound { entity: "user" }),
    };
    let policy = settings::get_security(store.conn())?;
    if !pin_allowed(&policy, c.user.role) {
        return Err(CoreError::Refused { key: PIN_ADMIN });
    }
    lockout::ensure_not_locked(store.conn(), user_id, AuthKind::Password, store.now_ms())?;
    let mut errors = pin_errors(pin);
    if !password::verify_secret(current_password, &c.password_hash) {
        errors.add("current_password", "err-current-password");
        return Err(login::reject_current_password(store, &c, &policy, errors)?);
    }
    errors.into_result()?;
    let hash = password::hash_secret(pin).map_err(|_| CoreError::Refused { key: "err-hash" })?;
    let had_pin = c.pin_hash.is_some();
    store.write(Some(user_id), |tx| {
        tx.conn().execute(
            "UPDATE users SET pin_hash = ?2, updated_at = ?3 WHERE id = ?1",
            params![user_id, hash, tx.now()],
        )?;
        tx.conn().execute(
            "DELETE FROM auth_locks WHERE user_id = ?1 AND kind = 'pin'",
            [user_id],
        )?;
        lockout::clear_failures(tx, user_id, AuthKind::Pin)?;
        tx.audit(AuditEntry {
            action: "user.pin_set",
            entity: "user",
            entity_id: Some(user_id),
            before: Some(serde_json::json!({ "has_pin": had_pin })),
            after: Some(serde_json::json!({ "has_pin": true })),
        })?;
        crate::users::get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })
    })
}

/// Removes one's own PIN (this only takes access away, so no password is asked). Audited
/// `user.pin_clear` when there was one.
pub fn clear_pin(store: &mut Store, session: &crate::Session) -> CoreResult<User> {
    let user_id = &crate::users::own(store.conn(), session)?.id;
    let c =
        credentials::by_id(store.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })?;
    if c.pin_hash.is_none() {
        return Ok(c.user);
    }
    store.write(Some(user_id), |tx| {
        tx.conn().execute(
            "UPDATE users SET pin_hash = NULL, updated_at = ?2 WHERE id = ?1",
            params![user_id, tx.now()],
        )?;
        tx.audit(AuditEntry {
            action: "user.pin_clear",
            entity: "user",
            entity_id: Some(user_id),
            before: Some(serde_json::json!({ "has_pin": true })),
            after: Some(serde_json::json!({ "has_pin": false })),
        })?;
        crate::users::get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })
    })
}

/// Signs in with a PIN (the switch screen passes the account's id; a login name works too).
///
/// # Errors
/// `Refused { err-pin-admin }` for an admin when the policy keeps admins on passwords,
/// `Refused { err-locked }` while the PIN is locked (checked before the PIN), and
/// `Refused { err-bad-pin }` for a wrong PIN, an unknown or deactivated account or one without
/// a PIN, and `Refused { err-pin-password-change }` (after the right PIN) while the account must
/// choose a new password: that needs a password sign-in.
pub fn login_pin(store: &mut Store, username_or_id: &str, pin: &str) -> CoreResult<LoginOutcome> {
    let who = username_or_id.trim();
    let policy = settings::get_security(store.conn())?;
    let Some(c) = credentials::by_id_or_username(store.conn(), who)? else {
        let _ = password::verify_secret(pin, login::dummy_hash());
        return Err(login::refuse(
            store,
            None,
            who,
            Method::Pin,
            "unknown",
            BAD_PIN,
        )?);
    };
    let id = c.user.id.clone();
    if !pin_allowed(&policy, c.user.role) {
        return Err(login::refuse(
            store,
            Some(&id),
            who,
            Method::Pin,
            "pin_not_allowed",
            PIN_ADMIN,
        )?);
    }
    login::refuse_if_locked(store, &c, AuthKind::Pin, Method::Pin)?;
    let Some(pin_hash) = c.pin_hash.as_deref() else {
        let _ = password::verify_secret(pin, login::dummy_hash());
        return Err(login::refuse(
            store,
            Some(&id),
            who,
            Method::Pin,
            "no_pin",
            BAD_PIN,
        )?);
    };
    if !password::verify_secret(pin, pin_hash) {
        return Err(store.write(None, |tx| {
            let locked =
                login::record_bad_secret(tx, &c, AuthKind::Pin, Method::Pin, &policy, true)?;
            Ok(login::refusal(locked, BAD_PIN))
        })?);
    }
    if !c.user.is_active {
        return Err(login::refuse(
            store,
            Some(&id),
            who,
            Method::Pin,
            "inactive",
            BAD_PIN,
        )?);
    }
    if c.user.must_change_password {
        // The new password is chosen after a password sign-in only (see `login`'s module
        // documentation): a PIN may have been watched.
        return Err(login::refuse(
            store,
            Some(&id),
            who,
            Method::Pin,
            "password_change_pending",
            login::PIN_PASSWORD_CHANGE,
        )?);
    }
    store.write(Some(&id), |tx| {
        lockout::clear_failures(tx, &id, AuthKind::Pin)?;
        login::after_first_factor(tx, c, Method::Pin, &policy)
    })
}

/// An account shown on the quick-switch screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinUser {
    /// Account id (pass it to [`login_pin`]).
    pub id: UserId,
    /// Name shown on the tile.
    pub display_name: String,
    /// Role.
    pub role: Role,
}

/// Active accounts that can switch with a PIN, by display name (admins left out while the policy
/// keeps them on passwords).
pub fn pin_users(conn: &Connection) -> CoreResult<Vec<PinUser>> {
    let policy = settings::get_security(conn)?;
    let mut st = conn.prepare(
        "SELECT id, display_name, role FROM users
         WHERE pin_hash IS NOT NULL AND is_active = 1 AND deleted_at IS NULL
         ORDER BY surname_key COLLATE NOCASE",
    )?;
    let rows = st.query_map([], |r| {
        let role: String = r.get(2)?;
        Ok(PinUser {
            id: r.get(0)?,
            display_name: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::Viewer),
        })
    })?;
    let all: Vec<PinUser> = rows.collect::<Result<_, _>>()?;
    Ok(all
        .into_iter()
        .filter(|u| pin_allowed(&policy, u.role))
        .collect())
}

/// Stores a PIN without asking the password (demo data only).
pub(crate) fn store_pin_unchecked(
    tx: &crate::store::Tx<'_>,
    user_id: &str,
    pin: &str,
) -> CoreResult<()> {
    pin_errors(pin).into_result()?;
    let hash = password::hash_secret(pin).map_err(|_| CoreError::Refused { key: "err-hash" })?;
    tx.conn().execute(
        "UPDATE users SET pin_hash = ?2, updated_at = ?3 WHERE id = ?1",
        params![user_id, hash, tx.now()],
    )?;
    tx.audit(AuditEntry {
        action: "user.pin_set",
        entity: "user",
        entity_id: Some(user_id),
        before: Some(serde_json::json!({ "has_pin": false })),
        after: Some(serde_json::json!({ "has_pin": true })),
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
    use crate::testutil::{Fixture, MINUTE, PW_ADMIN, PW_TECH};

    fn key(r: CoreResult<LoginOutcome>) -> &'static str {
        match r {
            Err(CoreError::Refused { key }) => key,
            other => panic!("expected Refused, got {other:?}"),
        }
    }

    #[test]
    fn pin_rules_map_to_field_errors() {
        assert!(pin_errors("2580").is_empty());
        assert!(pin_errors("14703692").is_empty());
        for bad in ["123", "123456789", "12a4", ""] {
            assert_eq!(
                pin_errors(bad).for_field("pin").unwrap().key,
                "err-pin-format",
                "{bad}"
            );
        }
        for weak in ["0000", "1234", "4321", "7890"] {
            assert_eq!(
                pin_errors(weak).for_field("pin").unwrap().key,
                "err-pin-weak",
                "{weak}"
            );
        }
    }

    #[test]
    fn set_login_list_and_clear() {
        let mut f = Fixture::new();
        let id = f.technician.id.clone();
        let me = f.technician.clone();
        assert!(pin_users(f.store.conn()).unwrap().is_empty());
        let err = set_pin(&mut f.store, &me, "wrong", "1234").unwrap_err();
        let CoreError::Invalid(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.for_field("pin").unwrap().key, "err-pin-weak");
        assert_eq!(
            e.for_field("current_password").unwrap().key,
            "err-current-password"
        );
        let u = set_pin(&mut f.store, &me, PW_TECH, "2580").unwrap();
        assert!(u.has_pin);
        let list = pin_users(f.store.conn()).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].id, id);
        assert_eq!(list[0].role, Role::Technician);
        let o = login_pin(&mut f.store, &id, "2580").unwrap();
        assert!(matches!(o, LoginOutcome::SignedIn(ref u) if u.id == id));
        assert!(matches!(
            login_pin(&mut f.store, "tech", "2580"),
            Ok(LoginOutcome::SignedIn(_))
        ));
        let method: String = f
            .store
            .conn()
            .query_row(
                "SELECT method FROM login_history WHERE user_id = ?1 ORDER BY at DESC LIMIT 1",
                [&id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(method, "pin");
        assert_eq!(key(login_pin(&mut f.store, &id, "9999")), BAD_PIN);
        assert_eq!(key(login_pin(&mut f.store, "nobody", "2580")), BAD_PIN);
        assert_eq!(key(login_pin(&mut f.store, "chef", "2580")), BAD_PIN);
        let rows = f.audit_rows("user.pin_set");
        assert_eq!(rows.len(), 1);
        assert!(!rows[0].after.as_deref().unwrap().contains("2580"));
        let u = clear_pin(&mut f.store, &me).unwrap();
        assert!(!u.has_pin);
        assert_eq!(key(login_pin(&mut f.store, &id, "2580")), BAD_PIN);
        assert_eq!(f.audit_rows("user.pin_clear").len(), 1);
    }

    #[test]
    fn pin_lockout_is_separate_from_password_lockout() {
        let mut f = Fixture::new();
        let id = f.technician.id.clone();
        let me = f.technician.clone();
        set_pin(&mut f.store, &me, PW_TECH, "2580").unwrap();
        for _ in 0..4 {
            assert_eq!(key(login_pin(&mut f.store, &id, "9999")), BAD_PIN);
        }
        assert_eq!(key(login_pin(&mut f.store, &id, "9999")), "err-locked");
        // The right PIN is refused while locked …
        assert_eq!(key(login_pin(&mut f.store, &id, "2580")), "err-locked");
        // … but the password still works …
        assert!(matches!(
            login::login(&mut f.store, "tech", PW_TECH),
            Ok(LoginOutcome::SignedIn(_))
        ));
        // … and password failures do not lock the PIN once it is free again.
        f.clock.advance(15 * MINUTE);
        for _ in 0..5 {
            let _ = login::login(&mut f.store, "tech", "Wrong-password-1");
        }
        assert!(matches!(
            login::login(&mut f.store, "tech", PW_TECH),
            Err(CoreError::Refused { key: "err-locked" })
        ));
        assert!(matches!(
            login_pin(&mut f.store, &id, "2580"),
            Ok(LoginOutcome::SignedIn(_))
        ));
    }

    #[test]
    fn admins_switch_with_their_password_by_default() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        assert!(matches!(
            set_pin(&mut f.store, &admin, PW_ADMIN, "2580"),
            Err(CoreError::Refused { key: PIN_ADMIN })
        ));
        // Allowed by the policy: the admin sets a PIN and can switch with it.
        f.store
            .write(Some(&admin.id), |tx| {
                settings::save_security(
                    tx,
                    &admin,
                    SecurityPolicy {
                        admins_switch_with_password: false,
                        ..SecurityPolicy::default()
                    },
                )
            })
            .unwrap();
        set_pin(&mut f.store, &admin, PW_ADMIN, "2580").unwrap();
        assert_eq!(pin_users(f.store.conn()).unwrap().len(), 1);
        assert!(login_pin(&mut f.store, "admin", "2580").is_ok());
        // Policy back on: refused, and the admin leaves the switch list.
        f.store
            .write(Some(&admin.id), |tx| {
                settings::save_security(tx, &admin, SecurityPolicy::default())
            })
            .unwrap();
        assert_eq!(key(login_pin(&mut f.store, "admin", "2580")), PIN_ADMIN);
        assert!(pin_users(f.store.conn()).unwrap().is_empty());
    }
}
