//! Kiosk mode rules: the terminal setting and who may leave kiosk mode.
//!
//! A shop-floor terminal in kiosk mode is full screen with no window decorations and refuses to
//! close; the only way out is an account allowed [`Action::ExitKiosk`] (admins) proving who it
//! is with its password or, when the security policy lets admins use one, its PIN — and, when
//! the account has two-step verification, a code from its authenticator app too (the password
//! alone gets [`EXIT_TOTP_NEEDED`], and the dialog then asks for the code). A wrong secret or code
//! counts towards that account's lock like any other; every exit and every refusal is audited.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::AuditEntry;
use crate::auth::credentials::{self, Credentials};
use crate::auth::lockout::{self, AuthKind};
use crate::auth::login::{self, Method};
use crate::auth::password;
use crate::auth::permissions::{Action, Role, allows};
use crate::auth::{pin, totp, totp_store};
use crate::error::{CoreError, CoreResult};
use crate::settings;
use crate::store::Store;
use crate::users::User;

/// i18n key of the refusal when a valid account may not leave kiosk mode.
pub const EXIT_ADMIN_ONLY: &str = "err-kiosk-admin-only";
/// i18n key of the answer when the account has two-step verification and no code was given:
/// the exit dialog shows its code field.
pub const EXIT_TOTP_NEEDED: &str = "err-kiosk-totp-needed";

/// This terminal's settings (settings key `terminal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TerminalSettings {
    /// Start in kiosk mode (as with `rpma --kiosk`).
    pub kiosk: bool,
}

/// How the person leaving kiosk mode proves who they are.
#[derive(Clone, PartialEq, Eq)]
pub enum ExitSecret {
    /// The account's password.
    Password(String),
    /// The account's quick-switch PIN.
    Pin(String),
}

impl std::fmt::Debug for ExitSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Password(_) => "Password(…)",
            Self::Pin(_) => "Pin(…)",
        })
    }
}

impl ExitSecret {
    fn method(&self) -> Method {
        match self {
            Self::Password(_) => Method::Password,
            Self::Pin(_) => Method::Pin,
        }
    }

    fn kind(&self) -> AuthKind {
        match self {
            Self::Password(_) => AuthKind::Password,
            Self::Pin(_) => AuthKind::Pin,
        }
    }

    fn text(&self) -> &str {
        match self {
            Self::Password(s) | Self::Pin(s) => s,
        }
    }
}

/// The ways of proving who one is that the exit dialog may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitMethods {
    /// The account's password (always).
    pub password: bool,
    /// The account's PIN: only when the security policy lets an account that may leave kiosk
    /// mode use its PIN.
    pub pin: bool,
}

/// What the exit dialog offers under `policy`: the password always, the PIN when some role
/// allowed [`Action::ExitKiosk`] may use its PIN ([`pin::pin_allowed`]). [`authorize_exit`]
/// applies the same rule to the account that asks.
pub fn exit_methods_for(policy: &settings::SecurityPolicy) -> ExitMethods {
    ExitMethods {
        password: true,
        pin: Role::ALL
            .into_iter()
            .any(|r| allows(r, Action::ExitKiosk) && pin::pin_allowed(policy, r)),
    }
}

/// [`exit_methods_for`] under the saved security policy.
///
/// # Errors
/// A database error reading the settings.
pub fn exit_methods(conn: &rusqlite::Connection) -> CoreResult<ExitMethods> {
    Ok(exit_methods_for(&settings::get_security(conn)?))
}

fn bad_secret_key(secret: &ExitSecret) -> &'static str {
    match secret {
        ExitSecret::Password(_) => "err-bad-credentials",
        ExitSecret::Pin(_) => pin::BAD_PIN,
    }
}

fn audit_refusal(
    store: &mut Store,
    c: Option<&Credentials>,
    login: &str,
    reason: &str,
) -> CoreResult<()> {
    let id = c.map(|c| c.user.id.clone());
    store.write(id.as_deref(), |tx| {
        tx.audit(AuditEntry {
            action: "kiosk.exit_refused",
            entity: "user",
            entity_id: id.as_deref(),
            before: None,
            after: Some(json!({ "login": login, "reason": reason })),
        })
    })
}

/// Checks that `login` (username, e-mail or account id) with `secret` — and `totp_code` when the
/// account has two-step verification — may leave kiosk mode. Returns the account on success
/// (audited `kiosk.exit`).
///
/// # Errors
/// `Refused { err-bad-credentials | err-bad-pin }` for an unknown or deactivated account or a
/// wrong secret (which counts towards the account's lock), `Refused { err-locked }` while the
/// account is locked, `Refused { err-pin-admin }` for an admin's PIN when the policy keeps admins
/// on passwords, `Refused { err-kiosk-admin-only }` for a valid account that is not allowed
/// to leave kiosk mode (a technician's PIN never opens the way out), and for an account with
/// two-step verification `Refused { err-kiosk-totp-needed }` without a code or
/// `Refused { err-totp-code }` for a wrong (or already used) one.
pub fn authorize_exit(
    store: &mut Store,
    login: &str,
    secret: &ExitSecret,
    totp_code: Option<&str>,
) -> CoreResult<User> {
    let login = login.trim();
    let policy = settings::get_security(store.conn())?;
    let found = match secret {
        ExitSecret::Password(_) => credentials::by_login(store.conn(), login)?,
        ExitSecret::Pin(_) => credentials::by_id_or_username(store.conn(), login)?,
    };
    let refused = CoreError::Refused {
        key: bad_secret_key(secret),
    };
    let Some(c) = found else {
        let _ = password::verify_secret(secret.text(), login::dummy_hash());
        audit_refusal(store, None, login, "unknown")?;
        return Err(refused);
    };
    if lockout::is_locked(store.conn(), &c.user.id, secret.kind(), store.now_ms())?.is_some() {
        audit_refusal(store, Some(&c), login, "locked")?;
        return Err(CoreError::Refused {
            key: lockout::LOCKED,
        });
    }
    if matches!(secret, ExitSecret::Pin(_)) && !pin::pin_allowed(&policy, c.user.role) {
        audit_refusal(store, Some(&c), login, "pin_not_allowed")?;
        return Err(CoreError::Refused {
            key: pin::PIN_ADMIN,
        });
    }
    let hash = match secret {
        ExitSecret::Password(_) => Some(c.password_hash.as_str()),
        ExitSecret::Pin(_) => c.pin_hash.as_deref(),
    };
    let good = match hash {
        Some(h) => password::verify_secret(secret.text(), h),
        None => {
            let _ = password::verify_secret(secret.text(), login::dummy_hash());
            false
        }
    };
    if !good {
        return Err(store.write(None, |tx| {
            let locked =
                login::record_bad_secret(tx, &c, secret.kind(), secret.method(), &policy, false)?;
            Ok(login::refusal(locked, bad_secret_key(secret)))
        })?);
    }
    if !c.user.is_active {
        audit_refusal(store, Some(&c), login, "inactive")?;
        return Err(refused);
    }
    if !allows(c.user.role, Action::ExitKiosk) {
        audit_refusal(store, Some(&c), login, "not_allowed")?;
        return Err(CoreError::Refused {
            key: EXIT_ADMIN_ONLY,
        });
    }
    let step = match second_factor(store, &c, login, totp_code, &policy)? {
        SecondFactor::NotEnrolled => None,
        SecondFactor::Step(s) => Some(s),
    };
    let id = c.user.id.clone();
    let method = if step.is_some() {
        Method::Totp
    } else {
        secret.method()
    };
    store.write(Some(&id), |tx| {
        if let Some(step) = step {
            // Guarded like a sign-in: a code is accepted once.
            let n = tx.conn().execute(
                "UPDATE users SET totp_last_step = ?2, updated_at = ?3
                 WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
                rusqlite::params![id, step, tx.now()],
            )?;
            if n != 1 {
                return Err(CoreError::Refused {
                    key: "err-totp-code",
                });
            }
            lockout::clear_failures(tx, &id, AuthKind::Totp)?;
        }
        lockout::clear_failures(tx, &id, secret.kind())?;
        tx.audit(AuditEntry {
            action: "kiosk.exit",
            entity: "user",
            entity_id: Some(&id),
            before: None,
            after: Some(json!({ "method": method })),
        })
    })?;
    Ok(c.user)
}

/// What the second factor said.
enum SecondFactor {
    /// The account has no two-step verification.
    NotEnrolled,
    /// The code matched this TOTP step (to store as used).
    Step(i64),
}

/// The TOTP check of an exit, for an account that has it: no code → [`EXIT_TOTP_NEEDED`]
/// (audited refusal, not a failure); a locked TOTP → `err-locked`; a wrong or replayed code →
/// `err-totp-code`, counted towards the TOTP lock.
fn second_factor(
    store: &mut Store,
    c: &Credentials,
    login: &str,
    code: Option<&str>,
    policy: &settings::SecurityPolicy,
) -> CoreResult<SecondFactor> {
    let Some(sealed) = c.totp_secret.as_deref() else {
        return Ok(SecondFactor::NotEnrolled);
    };
    let Some(code) = code.map(str::trim).filter(|s| !s.is_empty()) else {
        audit_refusal(store, Some(c), login, "totp_needed")?;
        return Err(CoreError::Refused {
            key: EXIT_TOTP_NEEDED,
        });
    };
    if lockout::is_locked(store.conn(), &c.user.id, AuthKind::Totp, store.now_ms())?.is_some() {
        audit_refusal(store, Some(c), login, "locked")?;
        return Err(CoreError::Refused {
            key: lockout::LOCKED,
        });
    }
    let secret = totp_store::open_in(store, &c.user.id, sealed).unwrap_or_default();
    let now = u64::try_from(store.now_ms().div_euclid(1000)).unwrap_or(0);
    let last = c.totp_last_step.and_then(|s| u64::try_from(s).ok());
    match totp::verify_code(&secret, code, now, last).and_then(|s| i64::try_from(s).ok()) {
        Some(step) => Ok(SecondFactor::Step(step)),
        None => Err(store.write(None, |tx| {
            let locked =
                login::record_bad_secret(tx, c, AuthKind::Totp, Method::Totp, policy, false)?;
            Ok(login::refusal(locked, "err-totp-code"))
        })?),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::settings::SecurityPolicy;
    use crate::testutil::{Fixture, PW_ADMIN, PW_TECH};

    fn refused_key(r: CoreResult<User>) -> &'static str {
        match r {
            Err(CoreError::Refused { key }) => key,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn an_admin_password_opens_the_way_out_and_is_audited() {
        let mut f = Fixture::new();
        let u = authorize_exit(
            &mut f.store,
            "admin",
            &ExitSecret::Password(PW_ADMIN.into()),
            None,
        )
        .unwrap();
        assert_eq!(u.id, f.admin.id);
        assert_eq!(f.audit_rows("kiosk.exit").len(), 1);
    }

    #[test]
    fn nobody_else_leaves_kiosk_mode() {
        let mut f = Fixture::new();
        // A technician with the right password or the right PIN: still refused.
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "tech",
                &ExitSecret::Password(PW_TECH.into()),
                None
            )),
            EXIT_ADMIN_ONLY
        );
        let tech = f.technician.clone();
        pin::set_pin(&mut f.store, &tech, PW_TECH, "2580").unwrap();
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "tech",
                &ExitSecret::Pin("2580".into()),
                None
            )),
            EXIT_ADMIN_ONLY
        );
        // Wrong secrets and unknown accounts.
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Password("nope".into()),
                None
            )),
            "err-bad-credentials"
        );
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "ghost",
                &ExitSecret::Pin("1234".into()),
                None
            )),
            pin::BAD_PIN
        );
        assert_eq!(f.audit_rows("kiosk.exit").len(), 0);
        assert!(f.audit_rows("kiosk.exit_refused").len() >= 3);
    }

    #[test]
    fn an_admin_pin_works_only_when_the_policy_allows_admin_pins() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        // Default policy: admins use their password.
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Pin("1234".into()),
                None
            )),
            pin::PIN_ADMIN
        );
        let policy = SecurityPolicy {
            admins_switch_with_password: false,
            ..SecurityPolicy::default()
        };
        f.store
            .write(Some(&admin.id), |tx| {
                settings::save_security(tx, &admin, policy)
            })
            .unwrap();
        pin::set_pin(&mut f.store, &admin, PW_ADMIN, "7391").unwrap();
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Pin("0000".into()),
                None
            )),
            pin::BAD_PIN
        );
        let u =
            authorize_exit(&mut f.store, "admin", &ExitSecret::Pin("7391".into()), None).unwrap();
        assert_eq!(u.id, admin.id);
    }

    #[test]
    fn the_pin_is_offered_only_when_the_policy_lets_admins_use_it() {
        let mut f = Fixture::new();
        // Default policy: admins (the only role that may leave) switch with their password.
        assert_eq!(
            exit_methods(f.store.conn()).unwrap(),
            ExitMethods {
                password: true,
                pin: false
            }
        );
        let admin = f.admin.clone();
        let policy = SecurityPolicy {
            admins_switch_with_password: false,
            ..SecurityPolicy::default()
        };
        f.store
            .write(Some(&admin.id), |tx| {
                settings::save_security(tx, &admin, policy)
            })
            .unwrap();
        assert_eq!(
            exit_methods(f.store.conn()).unwrap(),
            ExitMethods {
                password: true,
                pin: true
            }
        );
    }

    #[test]
    fn wrong_secrets_lock_the_account() {
        let mut f = Fixture::new();
        for _ in 0..5 {
            let _ = authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Password("bad".into()),
                None,
            );
        }
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Password(PW_ADMIN.into()),
                None
            )),
            lockout::LOCKED
        );
    }

    #[test]
    fn an_admin_with_two_step_verification_also_gives_a_code() {
        use crate::auth::two_factor;
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let e = two_factor::begin_totp(&mut f.store, &admin).unwrap();
        let secret = totp::base32_decode(&e.secret).unwrap();
        let code_at = |ms: i64| {
            let now = u64::try_from(ms / 1000).unwrap();
            format!(
                "{:06}",
                totp::totp(&secret, now, 30, 6, totp::TotpAlgorithm::Sha1)
            )
        };
        let first = code_at(f.store.now_ms());
        two_factor::confirm_totp(&mut f.store, &admin, &first).unwrap();
        f.clock.advance(60_000);
        let pw = ExitSecret::Password(PW_ADMIN.into());
        // The password alone: the core asks for the code (the dialog shows its field).
        assert_eq!(
            refused_key(authorize_exit(&mut f.store, "admin", &pw, None)),
            EXIT_TOTP_NEEDED
        );
        assert_eq!(
            refused_key(authorize_exit(&mut f.store, "admin", &pw, Some(" "))),
            EXIT_TOTP_NEEDED
        );
        // A wrong password is refused before any code is asked for.
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Password("nope".into()),
                None
            )),
            "err-bad-credentials"
        );
        assert_eq!(
            refused_key(authorize_exit(&mut f.store, "admin", &pw, Some("000000"))),
            "err-totp-code"
        );
        assert!(f.audit_rows("kiosk.exit").is_empty());
        let code = code_at(f.store.now_ms());
        let u = authorize_exit(&mut f.store, "admin", &pw, Some(&code)).unwrap();
        assert_eq!(u.id, admin.id);
        let rows = f.audit_rows("kiosk.exit");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].after.as_deref().unwrap().contains("totp"));
        // A code works once.
        assert_eq!(
            refused_key(authorize_exit(&mut f.store, "admin", &pw, Some(&code))),
            "err-totp-code"
        );
    }
}
