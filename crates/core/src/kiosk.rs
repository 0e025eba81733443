//! Kiosk mode rules: the terminal setting and who may leave kiosk mode.
//!
//! A shop-floor terminal in kiosk mode is full screen with no window decorations and refuses to
//! close; the only way out is an account allowed [`Action::ExitKiosk`] (admins) proving who it
//! is with its password or, when the security policy lets admins use one, its PIN. A wrong
//! secret counts towards that account's lock like any other; every exit and every refusal is
//! audited.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::AuditEntry;
use crate::auth::credentials::{self, Credentials};
use crate::auth::lockout::{self, AuthKind};
use crate::auth::login::{self, Method};
use crate::auth::password;
use crate::auth::permissions::{Action, Role, allows};
use crate::auth::pin;
use crate::error::{CoreError, CoreResult};
use crate::settings;
use crate::store::Store;
use crate::users::User;

/// i18n key of the refusal when a valid account may not leave kiosk mode.
pub const EXIT_ADMIN_ONLY: &str = "err-kiosk-admin-only";

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

/// Checks that `login` (username, e-mail or account id) with `secret` may leave kiosk mode.
/// Returns the account on success (audited `kiosk.exit`).
///
/// # Errors
/// `Refused { err-bad-credentials | err-bad-pin }` for an unknown or deactivated account or a
/// wrong secret (which counts towards the account's lock), `Refused { err-locked }` while the
/// account is locked, `Refused { err-pin-admin }` for an admin's PIN when the policy keeps admins
/// on passwords, and `Refused { err-kiosk-admin-only }` for a valid account that is not allowed
/// to leave kiosk mode (a technician's PIN never opens the way out).
pub fn authorize_exit(store: &mut Store, login: &str, secret: &ExitSecret) -> CoreResult<User> {
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
    let id = c.user.id.clone();
    let method = secret.method();
    store.write(Some(&id), |tx| {
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
                &ExitSecret::Password(PW_TECH.into())
            )),
            EXIT_ADMIN_ONLY
        );
        let tech = f.technician.clone();
        pin::set_pin(&mut f.store, &tech.id, PW_TECH, "2580").unwrap();
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "tech",
                &ExitSecret::Pin("2580".into())
            )),
            EXIT_ADMIN_ONLY
        );
        // Wrong secrets and unknown accounts.
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Password("nope".into())
            )),
            "err-bad-credentials"
        );
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "ghost",
                &ExitSecret::Pin("1234".into())
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
                &ExitSecret::Pin("1234".into())
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
        pin::set_pin(&mut f.store, &admin.id, PW_ADMIN, "7391").unwrap();
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Pin("0000".into())
            )),
            pin::BAD_PIN
        );
        let u = authorize_exit(&mut f.store, "admin", &ExitSecret::Pin("7391".into())).unwrap();
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
            let _ = authorize_exit(&mut f.store, "admin", &ExitSecret::Password("bad".into()));
        }
        assert_eq!(
            refused_key(authorize_exit(
                &mut f.store,
                "admin",
                &ExitSecret::Password(PW_ADMIN.into())
            )),
            lockout::LOCKED
        );
    }
}
