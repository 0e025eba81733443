//! Two-factor authentication (TOTP, RFC 6238) enrolment and removal.
//!
//! Enrolment is two steps: [`begin_totp`] makes a secret (kept as *pending*) and the
//! `otpauth://` URI to show as a QR code; [`confirm_totp`] checks a first code from the app,
//! turns the pending secret into the active one and returns 10 single-use recovery codes, shown
//! once and stored only as Argon2id hashes. The user removes 2FA with their password
//! ([`disable_totp`]); an admin can reset another user's enrolment ([`reset_totp`]).

use rusqlite::{Connection, params};

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::credentials::{self, Credentials};
use crate::auth::lockout::{self, AuthKind};
use crate::auth::login::{self, PendingEnrolment};
use crate::auth::password;
use crate::auth::permissions::{Action, Role};
use crate::auth::{totp, totp_store};
use crate::error::{CoreError, CoreResult};
use crate::org;
use crate::settings;
use crate::store::{Store, Tx};
use crate::users::{self, User};
use crate::validate::FieldErrors;

/// Issuer shown in authenticator apps (followed by the shop's name when set up).
pub const ISSUER: &str = "RPMA";

/// What the enrolment screen shows. Its `Debug` hides the secret (and the URI, which holds it).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpEnrolment {
    /// The secret in base32, for typing into the app by hand.
    pub secret: String,
    /// The `otpauth://` URI, to show as a QR code.
    pub uri: String,
}

impl std::fmt::Debug for TotpEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpEnrolment(…)")
    }
}

fn active(conn: &Connection, user_id: &str) -> CoreResult<Credentials> {
    match credentials::by_id(conn, user_id)? {
        Some(c) if c.user.is_active => Ok(c),
        _ => Err(CoreError::NotFound { entity: "user" }),
    }
}

/// The issuer label: `RPMA` or `RPMA - <shop name>`.
fn issuer(conn: &Connection) -> CoreResult<String> {
    Ok(match org::get(conn)? {
        Some(o) if !o.name.trim().is_empty() => format!("{ISSUER} - {}", o.name.trim()),
        _ => ISSUER.to_owned(),
    })
}

/// Starts (or restarts) enrolment for the session's own account: a fresh secret is kept as
/// pending until [`confirm_totp`]. Audited `user.2fa_begin` (without the secret).
///
/// # Errors
/// `Refused { err-totp-already }` when 2FA is already enabled (disable or reset it first).
pub fn begin_totp(store: &mut Store, session: &Session) -> CoreResult<TotpEnrolment> {
    let id = users::own(store.conn(), session)?.id;
    begin_for(store, &id)
}

/// Confirms the session's own enrolment with a code from the app; returns the recovery codes.
/// See [`begin_totp`].
///
/// # Errors
/// As [`confirm_enrolment`].
pub fn confirm_totp(store: &mut Store, session: &Session, code: &str) -> CoreResult<Vec<String>> {
    let id = users::own(store.conn(), session)?.id;
    confirm_for(store, &id, code)
}

/// The account of a sign-in waiting for its required enrolment, while the sign-in is recent
/// ([`login::FORCED_CHANGE_WINDOW_MS`]) and the account still the same.
fn pending_account(store: &Store, pending: &PendingEnrolment) -> CoreResult<User> {
    let age = store.now_ms().saturating_sub(pending.signed_in_at());
    match users::get(store.conn(), &pending.user().id)? {
        Some(u)
            if u.is_active
                && !u.must_change_password
                && (0..=login::FORCED_CHANGE_WINDOW_MS).contains(&age) =>
        {
            Ok(u)
        }
        _ => Err(CoreError::Refused {
            key: login::LOGIN_EXPIRED,
        }),
    }
}

/// Starts the enrolment that the policy requires before an admin may act
/// ([`login::LoginOutcome::MustEnrollTotp`]).
///
/// # Errors
/// `Refused { err-login-expired }` when the sign-in is too old; as [`begin_totp`] otherwise.
pub fn begin_enrolment(store: &mut Store, pending: &PendingEnrolment) -> CoreResult<TotpEnrolment> {
    let id = pending_account(store, pending)?.id;
    begin_for(store, &id)
}

/// Confirms the required enrolment with a code from the app: returns the session the sign-in
/// becomes and the recovery codes to show once.
///
/// # Errors
/// `Refused { err-login-expired }` when the sign-in is too old, `Refused { err-no-pending-totp }`
/// without [`begin_enrolment`] first, `Invalid` (`code`: `err-totp-code`) for a wrong code.
pub fn confirm_enrolment(
    store: &mut Store,
    pending: &PendingEnrolment,
    code: &str,
) -> CoreResult<(Session, Vec<String>)> {
    let id = pending_account(store, pending)?.id;
    let codes = confirm_for(store, &id, code)?;
    let user = users::get(store.conn(), &id)?.ok_or(CoreError::NotFound { entity: "user" })?;
    Ok((pending.clone().into_session(user), codes))
}

fn begin_for(store: &mut Store, user_id: &str) -> CoreResult<TotpEnrolment> {
    let c = active(store.conn(), user_id)?;
    if c.totp_secret.is_some() {
        return Err(CoreError::Refused {
            key: "err-totp-already",
        });
    }
    let secret = totp::generate_secret();
    let encoded = totp::base32_encode(&secret);
    let uri = totp::otpauth_uri(&issuer(store.conn())?, &c.user.username, &secret);
    store.write(Some(user_id), |tx| {
        let sealed = totp_store::seal(tx.key(), user_id, &encoded)?;
        tx.conn().execute(
            "UPDATE users SET totp_pending_secret = ?2, updated_at = ?3 WHERE id = ?1",
            params![user_id, sealed, tx.now()],
        )?;
        tx.audit(AuditEntry::event("user.2fa_begin", "user", Some(user_id)))
    })?;
    Ok(TotpEnrolment {
        secret: encoded,
        uri,
    })
}

/// Confirms enrolment with a code from the app (at the store's time): 2FA is on, and the 10
/// recovery codes are returned — the only time they can be read. Audited `user.2fa_enable`.
fn confirm_for(store: &mut Store, user_id: &str, code: &str) -> CoreResult<Vec<String>> {
    let c = active(store.conn(), user_id)?;
    if c.totp_secret.is_some() {
        return Err(CoreError::Refused {
            key: "err-totp-already",
        });
    }
    let Some(pending) = c.totp_pending_secret else {
        return Err(CoreError::Refused {
            key: "err-no-pending-totp",
        });
    };
    let secret = totp_store::open_in(store, user_id, &pending).unwrap_or_default();
    let now_s = u64::try_from(store.now_ms().div_euclid(1000)).unwrap_or(0);
    let Some(step) =
        totp::verify_code(&secret, code, now_s, None).and_then(|s| i64::try_from(s).ok())
    else {
        let mut e = FieldErrors::new();
        e.add("code", "err-totp-code");
        return Err(CoreError::Invalid(e));
    };
    let codes = totp::generate_recovery_codes();
    let hashes = codes
        .iter()
        .map(|code| password::hash_secret(&totp::normalize_recovery_code(code)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| CoreError::Refused { key: "err-hash" })?;
    store.write(Some(user_id), |tx| {
        tx.conn().execute(
            "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                              totp_last_step = ?2, updated_at = ?3
             WHERE id = ?1",
            params![user_id, step, tx.now()],
        )?;
        replace_recovery_codes(tx, user_id, &hashes)?;
        tx.audit(AuditEntry {
            action: "user.2fa_enable",
            entity: "user",
            entity_id: Some(user_id),
            before: Some(serde_json::json!({ "totp_enabled": false })),
            after: Some(serde_json::json!({
                "totp_enabled": true,
                "recovery_codes": hashes.len(),
            })),
        })
    })?;
    Ok(codes)
}

fn replace_recovery_codes(tx: &Tx<'_>, user_id: &str, hashes: &[String]) -> CoreResult<()> {
    tx.soft_delete("recovery_codes", "user_id = ?1", &[&user_id])?;
    for hash in hashes {
        tx.conn().execute(
            "INSERT INTO recovery_codes (id, user_id, code_hash, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![crate::ids::new_id(), user_id, hash, tx.now()],
        )?;
    }
    Ok(())
}

/// Removes every trace of 2FA from an account (secret, pending secret, replay step, recovery
/// codes, TOTP lock).
fn clear_totp(tx: &Tx<'_>, user_id: &str) -> CoreResult<()> {
    tx.conn().execute(
        "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL,
                          updated_at = ?2
         WHERE id = ?1",
        params![user_id, tx.now()],
    )?;
    tx.soft_delete("recovery_codes", "user_id = ?1", &[&user_id])?;
    tx.conn().execute(
        "DELETE FROM auth_locks WHERE user_id = ?1 AND kind = 'totp'",
        [user_id],
    )?;
    tx.conn().execute(
        "DELETE FROM auth_failures WHERE user_id = ?1 AND kind = 'totp'",
        [user_id],
    )?;
    Ok(())
}

/// Turns one's own 2FA off, confirmed with the current password (wrong passwords count towards
/// the password lock). Audited `user.2fa_disable`.
///
/// # Errors
/// `Refused { err-totp-not-enabled }`, `Refused { err-2fa-required }` for an admin while the
/// policy requires 2FA for admins, `Refused { err-locked }`, `Invalid` (`current_password`).
pub fn disable_totp(
    store: &mut Store,
    session: &Session,
    current_password: &str,
) -> CoreResult<User> {
    let user_id = &users::own(store.conn(), session)?.id;
    let c = active(store.conn(), user_id)?;
    if c.totp_secret.is_none() {
        return Err(CoreError::Refused {
            key: "err-totp-not-enabled",
        });
    }
    let policy = settings::get_security(store.conn())?;
    if policy.require_2fa_for_admins && c.user.role == Role::Admin {
        return Err(CoreError::Refused {
            key: "err-2fa-required",
        });
    }
    lockout::ensure_not_locked(store.conn(), user_id, AuthKind::Password, store.now_ms())?;
    if !password::verify_secret(current_password, &c.password_hash) {
        let mut e = FieldErrors::new();
        e.add("current_password", "err-current-password");
        return Err(login::reject_current_password(store, &c, &policy, e)?);
    }
    store.write(Some(user_id), |tx| {
        clear_totp(tx, user_id)?;
        tx.audit(AuditEntry {
            action: "user.2fa_disable",
            entity: "user",
            entity_id: Some(user_id),
            before: Some(serde_json::json!({ "totp_enabled": true })),
            after: Some(serde_json::json!({ "totp_enabled": false })),
        })?;
        users::get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })
    })
}

/// An admin removes another user's 2FA (lost phone and recovery codes), so that they can enrol
/// again. Checked with [`permissions::can_manage_user`] ([`Action::ResetUser2fa`]: admins only,
/// never on one's own account). Audited `user.2fa_reset`.
pub fn reset_totp(store: &mut Store, actor: &Session, user_id: &str) -> CoreResult<User> {
    store.write(Some(&actor.id), |tx| {
        let (_, target) = users::authorize_on(tx.conn(), actor, user_id, Action::ResetUser2fa)?;
        clear_totp(tx, user_id)?;
        tx.audit(AuditEntry {
            action: "user.2fa_reset",
            entity: "user",
            entity_id: Some(user_id),
            before: Some(serde_json::json!({ "totp_enabled": target.totp_enabled })),
            after: Some(serde_json::json!({ "totp_enabled": false })),
        })?;
        users::get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })
    })
}

/// Unused recovery codes left on the session's own account.
pub fn recovery_codes_left(conn: &Connection, session: &Session) -> CoreResult<u32> {
    let user_id = &users::own(conn, session)?.id;
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM recovery_codes
         WHERE user_id = ?1 AND used_at IS NULL AND deleted_at IS NULL",
        [user_id],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(0))
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
    use crate::auth::login::{LoginOutcome, login, login_recovery, login_totp};
    use crate::auth::totp::TotpAlgorithm;
    use crate::testutil::{Fixture, MINUTE, PW_ADMIN, PW_TECH};

    /// The code an authenticator app shows at the store's time.
    fn app_code(f: &Fixture, secret_b32: &str) -> String {
        let secret = totp::base32_decode(secret_b32).unwrap();
        let now = u64::try_from(f.store.now_ms() / 1000).unwrap();
        format!(
            "{:06}",
            totp::totp(&secret, now, 30, 6, TotpAlgorithm::Sha1)
        )
    }

    fn enrol(f: &mut Fixture, user: &Session) -> (String, Vec<String>) {
        let e = begin_totp(&mut f.store, user).unwrap();
        let code = app_code(f, &e.secret);
        let codes = confirm_totp(&mut f.store, user, &code).unwrap();
        (e.secret, codes)
    }

    fn challenge(o: LoginOutcome) -> login::TotpChallenge {
        match o {
            LoginOutcome::NeedsTotp(c) => c,
            other => panic!("expected NeedsTotp, got {other:?}"),
        }
    }

    #[test]
    fn enrolment_then_login_with_a_code_and_no_replay() {
        let mut f = Fixture::new();
        let id = f.technician.id.clone();
        let me = f.technician.clone();
        let e = begin_totp(&mut f.store, &me).unwrap();
        assert!(
            e.uri.starts_with("otpauth://totp/RPMA:tech?secret="),
            "{}",
            e.uri
        );
        assert!(e.uri.contains(&e.secret));
        assert!(!f.user(&id).totp_enabled);
        // A wrong code does not enable anything.
        let err = confirm_totp(&mut f.store, &me, "000000").unwrap_err();
        assert!(matches!(err, CoreError::Invalid(_)));
        assert!(!f.user(&id).totp_enabled);
        let code = app_code(&f, &e.secret);
        let codes = confirm_totp(&mut f.store, &me, &code).unwrap();
        assert_eq!(codes.len(), 10);
        assert!(f.user(&id).has_totp());
        assert_eq!(recovery_codes_left(f.store.conn(), &me).unwrap(), 10);
        // Stored hashed, never in clear.
        let stored: String = f
            .store
            .conn()
            .query_row(
                "SELECT group_concat(code_hash) FROM recovery_codes WHERE user_id = ?1",
                [&id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!stored.contains(&codes[0]));
        assert!(stored.starts_with("$argon2id$"));
        // The code used to confirm cannot be used to sign in.
        f.clock.advance(5_000);
        let ch = challenge(login(&mut f.store, "tech", PW_TECH).unwrap());
        assert!(matches!(
            login_totp(&mut f.store, &ch, &code),
            Err(CoreError::Refused {
                key: "err-totp-code"
            })
        ));
        // Next step: a fresh code signs in.
        f.clock.advance(30_000);
        let code = app_code(&f, &e.secret);
        let ch = challenge(login(&mut f.store, "tech", PW_TECH).unwrap());
        let o = login_totp(&mut f.store, &ch, &code).unwrap();
        assert!(
            matches!(o, LoginOutcome::SignedIn(ref u) if u.id == id),
            "{o:?}"
        );
        // Replay of the same code, with a new password step, is refused.
        let ch = challenge(login(&mut f.store, "tech", PW_TECH).unwrap());
        assert!(matches!(
            login_totp(&mut f.store, &ch, &code),
            Err(CoreError::Refused {
                key: "err-totp-code"
            })
        ));
        let method: String = f
            .store
            .conn()
            .query_row(
                "SELECT method FROM login_history WHERE user_id = ?1",
                [&id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(method, "totp");
        assert_eq!(f.audit_rows("user.2fa_enable").len(), 1);
        assert_eq!(f.audit_rows("login.totp_required").len(), 3);
    }

    #[test]
    fn challenge_expires() {
        let mut f = Fixture::new();
        let me = f.technician.clone();
        let (secret, _) = enrol(&mut f, &me);
        let ch = challenge(login(&mut f.store, "tech", PW_TECH).unwrap());
        f.clock.advance(6 * MINUTE);
        let code = app_code(&f, &secret);
        assert!(matches!(
            login_totp(&mut f.store, &ch, &code),
            Err(CoreError::Refused {
                key: "err-login-expired"
            })
        ));
    }

    #[test]
    fn recovery_code_works_once() {
        let mut f = Fixture::new();
        let me = f.technician.clone();
        let (_, codes) = enrol(&mut f, &me);
        let ch = challenge(login(&mut f.store, "tech", PW_TECH).unwrap());
        // Typed in capitals with spaces: still accepted.
        let typed = codes[3].to_uppercase().replace('-', " ");
        let o = login_recovery(&mut f.store, &ch, &typed).unwrap();
        assert!(matches!(o, LoginOutcome::SignedIn(_)));
        assert_eq!(recovery_codes_left(f.store.conn(), &me).unwrap(), 9);
        let ch = challenge(login(&mut f.store, "tech", PW_TECH).unwrap());
        assert!(matches!(
            login_recovery(&mut f.store, &ch, &codes[3]),
            Err(CoreError::Refused {
                key: "err-recovery-code"
            })
        ));
        assert!(login_recovery(&mut f.store, &ch, &codes[4]).is_ok());
    }

    #[test]
    fn wrong_codes_lock_the_second_factor() {
        let mut f = Fixture::new();
        let me = f.technician.clone();
        let (secret, codes) = enrol(&mut f, &me);
        f.clock.advance(60_000);
        let ch = challenge(login(&mut f.store, "tech", PW_TECH).unwrap());
        for _ in 0..4 {
            assert!(matches!(
                login_totp(&mut f.store, &ch, "000000"),
                Err(CoreError::Refused {
                    key: "err-totp-code"
                })
            ));
        }
        assert!(matches!(
            login_recovery(&mut f.store, &ch, "aaaaa-aaaaa"),
            Err(CoreError::Refused { key: "err-locked" })
        ));
        let code = app_code(&f, &secret);
        assert!(matches!(
            login_totp(&mut f.store, &ch, &code),
            Err(CoreError::Refused { key: "err-locked" })
        ));
        assert!(matches!(
            login_recovery(&mut f.store, &ch, &codes[0]),
            Err(CoreError::Refused { key: "err-locked" })
        ));
    }

    #[test]
    fn disable_needs_the_password_and_admin_reset() {
        let mut f = Fixture::new();
        let id = f.technician.id.clone();
        let me = f.technician.clone();
        enrol(&mut f, &me);
        assert!(matches!(
            begin_totp(&mut f.store, &me),
            Err(CoreError::Refused {
                key: "err-totp-already"
            })
        ));
        assert!(matches!(
            disable_totp(&mut f.store, &me, "wrong"),
            Err(CoreError::Invalid(_))
        ));
        let u = disable_totp(&mut f.store, &me, PW_TECH).unwrap();
        assert!(!u.totp_enabled);
        assert_eq!(recovery_codes_left(f.store.conn(), &me).unwrap(), 0);
        assert!(matches!(
            login(&mut f.store, "tech", PW_TECH).unwrap(),
            LoginOutcome::SignedIn(_)
        ));
        assert_eq!(f.audit_rows("user.2fa_disable").len(), 1);

        let me = f.technician.clone();
        enrol(&mut f, &me);
        let sup = f.supervisor.clone();
        assert!(matches!(
            reset_totp(&mut f.store, &sup, &id),
            Err(CoreError::Forbidden(_))
        ));
        assert!(f.user(&id).totp_enabled);
        let admin = f.admin.clone();
        // Nobody resets their own 2FA through the admin path.
        assert!(matches!(
            reset_totp(&mut f.store, &admin, &admin.id),
            Err(CoreError::Forbidden(_))
        ));
        let u = reset_totp(&mut f.store, &admin, &id).unwrap();
        assert!(!u.totp_enabled);
        let rows = f.audit_rows("user.2fa_reset");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].user_id.as_deref(), Some(admin.id.as_str()));
    }

    #[test]
    fn required_admin_2fa_cannot_be_disabled_and_enrolment_signs_in() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        f.require_2fa_for_admins();
        let LoginOutcome::MustEnrollTotp(pending) = login(&mut f.store, "admin", PW_ADMIN).unwrap()
        else {
            panic!("expected MustEnrollTotp");
        };
        // Until the enrolment is done, the admin's session acts as nobody.
        assert!(matches!(
            users::list_as(f.store.conn(), &admin),
            Err(CoreError::Forbidden(_))
        ));
        let e = begin_enrolment(&mut f.store, &pending).unwrap();
        let code = app_code(&f, &e.secret);
        let (admin, codes) = confirm_enrolment(&mut f.store, &pending, &code).unwrap();
        assert_eq!(codes.len(), 10);
        assert_eq!(admin.method(), Some(login::Method::Password));
        assert!(users::list_as(f.store.conn(), &admin).is_ok());
        let secret = e.secret;
        assert!(matches!(
            disable_totp(&mut f.store, &admin, PW_ADMIN),
            Err(CoreError::Refused {
                key: "err-2fa-required"
            })
        ));
        f.clock.advance(30_000);
        let ch = challenge(login(&mut f.store, "admin", PW_ADMIN).unwrap());
        let code = app_code(&f, &secret);
        assert!(matches!(
            login_totp(&mut f.store, &ch, &code).unwrap(),
            LoginOutcome::SignedIn(_)
        ));
    }

    #[test]
    fn a_required_enrolment_expires_with_its_sign_in() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        f.require_2fa_for_admins();
        let LoginOutcome::MustEnrollTotp(pending) = login(&mut f.store, "admin", PW_ADMIN).unwrap()
        else {
            panic!("expected MustEnrollTotp");
        };
        f.clock.advance(login::FORCED_CHANGE_WINDOW_MS + MINUTE);
        assert!(matches!(
            begin_enrolment(&mut f.store, &pending),
            Err(CoreError::Refused {
                key: login::LOGIN_EXPIRED
            })
        ));
        assert!(!f.user(&admin.id).totp_enabled);
        assert!(f.audit_rows("user.2fa_begin").is_empty());
    }

    #[test]
    fn issuer_names_the_shop() {
        let mut f = Fixture::new();
        f.store
            .write(None, |tx| {
                org::save(
                    tx,
                    org::Organisation {
                        name: "Garage Étoile".into(),
                        ..org::Organisation::default()
                    },
                )
            })
            .unwrap();
        let me = f.technician.clone();
        let e = begin_totp(&mut f.store, &me).unwrap();
        assert!(
            e.uri
                .starts_with("otpauth://totp/RPMA%20-%20Garage%20%C3%89toile:tech?"),
            "{}",
            e.uri
        );
        assert!(matches!(
            confirm_totp(&mut f.store, &f.supervisor, "123456"),
            Err(CoreError::Refused {
                key: "err-no-pending-totp"
            })
        ));
    }
}
