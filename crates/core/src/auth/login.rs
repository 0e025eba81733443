//! Login as a small state machine.
//!
//! ```text
//! login(password) ──┬─ locked ──────────────────────────────▶ Refused(err-locked)
//!                   ├─ unknown / wrong / deactivated ───────▶ Refused(err-bad-credentials)
//!                   ├─ TOTP enabled ─▶ NeedsTotp(challenge) ─▶ login_totp / login_recovery ─┐
//!                   └─ ok ──────────────────────────────────────────────────────────────────┤
//!                                                                                            ▼
//!                       must_change_password ─▶ MustChangePassword(ForcedChange) ─▶ complete_forced_change ─┐
//!                       admin without TOTP while the policy requires it ─▶ MustEnrollTotp     │
//!                       otherwise ─▶ SignedIn ◀───────────────────────────────────────────────┘
//! ```
//!
//! The forced password change (after an admin reset, or for a new account) needs a sign-in that
//! proves knowledge of more than a PIN: a password (alone or followed by a TOTP code) or a
//! recovery code. The outcome carries how the user signed in ([`ForcedChange`]) and
//! [`complete_forced_change`] checks it; a PIN sign-in on such an account is refused outright
//! ([`PIN_PASSWORD_CHANGE`]).
//!
//! Failures get one generic message whatever the reason (unknown user, wrong password,
//! deactivated account); only a lock is reported as such. Locks are checked before the secret is
//! verified, so while an account is locked even the right password is refused. Every attempt is
//! audited (`login.ok`, `login.failed`, `login.totp_required`); hashes, codes and passwords never
//! reach the audit log.

use crate::ids::UserId;
use rusqlite::{Connection, params};
use serde_json::json;

use crate::audit::AuditEntry;
use crate::auth::credentials::{self, Credentials};
use crate::auth::lockout::{self, AuthKind};
use crate::auth::password;
use crate::auth::permissions::Role;
use crate::auth::session::Session;
use crate::auth::{totp, totp_store};
use crate::error::{CoreError, CoreResult};
use crate::settings::{self, SecurityPolicy};
use crate::store::{Store, Tx};
use crate::users::{self, User};
use crate::validate::FieldErrors;

/// The generic refusal key.
pub const BAD_CREDENTIALS: &str = "err-bad-credentials";
/// The refusal when a second step comes too late (or the account changed meanwhile).
pub const LOGIN_EXPIRED: &str = "err-login-expired";
/// How long a [`TotpChallenge`] stays valid.
pub const CHALLENGE_TTL_MS: i64 = 5 * 60_000;
/// How long after signing in a forced password change may be completed without the password.
pub const FORCED_CHANGE_WINDOW_MS: i64 = 15 * 60_000;
/// The refusal when a password change is pending and the user signed in with a PIN: the new
/// password is chosen after a password (or recovery-code) sign-in only.
pub const PIN_PASSWORD_CHANGE: &str = "err-pin-password-change";

/// How a user proved who they are (stored in `login_history.method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Password only.
    Password,
    /// Quick-switch PIN only.
    Pin,
    /// Password or PIN, then a TOTP code.
    Totp,
    /// Password or PIN, then a recovery code.
    Recovery,
}

impl Method {
    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Pin => "pin",
            Self::Totp => "totp",
            Self::Recovery => "recovery",
        }
    }
}

/// Proof that the first factor (password or PIN) was verified a moment ago; the only way to
/// reach [`login_totp`] and [`login_recovery`]. It cannot be built outside the core and expires
/// after [`CHALLENGE_TTL_MS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpChallenge {
    user_id: UserId,
    display_name: String,
    issued_at: i64,
    first_factor: Method,
}

impl TotpChallenge {
    /// The account being signed in.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// Its display name (for "Hello Marie, enter your code").
    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// When the first factor was verified (UTC ms).
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }

    /// How the first factor was proved ([`Method::Password`] or [`Method::Pin`]).
    pub fn first_factor(&self) -> Method {
        self.first_factor
    }
}

/// A completed sign-in whose password must be changed before anything else
/// ([`LoginOutcome::MustChangePassword`]): the account and how it signed in. Only the core builds
/// it; [`complete_forced_change`] takes it back and accepts it only when
/// [`ForcedChange::may_set_password`] and within [`FORCED_CHANGE_WINDOW_MS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForcedChange {
    user: User,
    first_factor: Method,
    method: Method,
    signed_in_at: i64,
}

impl ForcedChange {
    /// The account.
    pub fn user(&self) -> &User {
        &self.user
    }

    /// The last step of the sign-in (`password`, `pin`, `totp` or `recovery`).
    pub fn method(&self) -> Method {
        self.method
    }

    /// The first factor (`password` or `pin`).
    pub fn first_factor(&self) -> Method {
        self.first_factor
    }

    /// When the sign-in completed (UTC ms).
    pub fn signed_in_at(&self) -> i64 {
        self.signed_in_at
    }

    /// Whether this sign-in may choose the new password: a password, alone or followed by a TOTP
    /// code, or a recovery code. A PIN (even followed by a TOTP code) may not — a PIN is short
    /// and typed in view of the shop floor.
    pub fn may_set_password(&self) -> bool {
        self.first_factor == Method::Password || self.method == Method::Recovery
    }
}

/// A completed sign-in of an admin who must enrol two-factor authentication before anything
/// else ([`LoginOutcome::MustEnrollTotp`]). Only the core builds it; the enrolment
/// ([`crate::auth::two_factor::begin_enrolment`], [`crate::auth::two_factor::confirm_enrolment`])
/// takes it back and turns it into a [`Session`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEnrolment {
    user: User,
    method: Method,
    signed_in_at: i64,
}

impl PendingEnrolment {
    /// The account.
    pub fn user(&self) -> &User {
        &self.user
    }

    /// When the sign-in completed (UTC ms).
    pub fn signed_in_at(&self) -> i64 {
        self.signed_in_at
    }

    /// The session it becomes once the enrolment is confirmed (the core only).
    pub(crate) fn into_session(self, user: User) -> Session {
        Session::new(user, self.method, self.signed_in_at)
    }
}

/// Where a login attempt stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Fully signed in: the session every service takes.
    SignedIn(Session),
    /// The password (or PIN) was right; a TOTP or recovery code is needed.
    NeedsTotp(TotpChallenge),
    /// Signed in, but the password must be changed first ([`complete_forced_change`]); carries
    /// how the user signed in.
    MustChangePassword(ForcedChange),
    /// Signed in, but the policy requires this admin to enrol two-factor authentication first
    /// ([`crate::auth::two_factor::begin_enrolment`] / `confirm_enrolment`).
    MustEnrollTotp(PendingEnrolment),
}

impl LoginOutcome {
    /// The account concerned.
    pub fn user_id(&self) -> &str {
        match self {
            Self::SignedIn(s) => &s.id,
            Self::MustEnrollTotp(p) => &p.user.id,
            Self::MustChangePassword(c) => &c.user.id,
            Self::NeedsTotp(c) => &c.user_id,
        }
    }

    /// The user, once fully authenticated (whatever remains to do).
    pub fn user(&self) -> Option<&User> {
        match self {
            Self::SignedIn(s) => Some(s.user()),
            Self::MustEnrollTotp(p) => Some(&p.user),
            Self::MustChangePassword(c) => Some(&c.user),
            Self::NeedsTotp(_) => None,
        }
    }
}

fn audit_failure(
    tx: &Tx<'_>,
    user_id: Option<&str>,
    login: &str,
    method: Method,
    reason: &str,
) -> CoreResult<()> {
    tx.audit(AuditEntry {
        action: "login.failed",
        entity: "user",
        entity_id: user_id,
        before: None,
        after: Some(json!({ "login": login, "method": method, "reason": reason })),
    })
}

/// Records a wrong secret: one failure of `kind` (which may lock the account) and an audit
/// entry (`login.failed` while signing in, `auth.failed` when re-authenticating for a sensitive
/// change). Returns whether this failure locked the account.
pub(crate) fn record_bad_secret(
    tx: &Tx<'_>,
    c: &Credentials,
    kind: AuthKind,
    method: Method,
    policy: &SecurityPolicy,
    signing_in: bool,
) -> CoreResult<bool> {
    let locked = lockout::record_failure(tx, &c.user.id, kind, policy)?;
    if signing_in {
        audit_failure(tx, Some(&c.user.id), &c.user.username, method, "bad_secret")?;
    } else {
        tx.audit(AuditEntry {
            action: "auth.failed",
            entity: "user",
            entity_id: Some(&c.user.id),
            before: None,
            after: Some(json!({ "kind": kind })),
        })?;
    }
    Ok(locked.is_some())
}

/// `refusal`, or `err-locked` when the failure just locked the account.
pub(crate) fn refusal(locked: bool, refusal: &'static str) -> CoreError {
    CoreError::Refused {
        key: if locked { lockout::LOCKED } else { refusal },
    }
}

/// Refuses while the account is locked for `kind`, auditing the attempt.
pub(crate) fn refuse_if_locked(
    store: &mut Store,
    c: &Credentials,
    kind: AuthKind,
    method: Method,
) -> CoreResult<()> {
    if lockout::is_locked(store.conn(), &c.user.id, kind, store.now_ms())?.is_none() {
        return Ok(());
    }
    store.write(None, |tx| {
        audit_failure(tx, Some(&c.user.id), &c.user.username, method, "locked")
    })?;
    Err(CoreError::Refused {
        key: lockout::LOCKED,
    })
}

/// Records a refused attempt that does not count towards a lock (unknown or deactivated
/// account, PIN not allowed…) and returns `refusal`.
pub(crate) fn refuse(
    store: &mut Store,
    user_id: Option<&str>,
    login: &str,
    method: Method,
    reason: &str,
    refusal: &'static str,
) -> CoreResult<CoreError> {
    store.write(None, |tx| audit_failure(tx, user_id, login, method, reason))?;
    Ok(CoreError::Refused { key: refusal })
}

/// After a verified first factor: a TOTP challenge when the account has 2FA, otherwise the end
/// of the login.
pub(crate) fn after_first_factor(
    tx: &Tx<'_>,
    c: Credentials,
    method: Method,
    policy: &SecurityPolicy,
) -> CoreResult<LoginOutcome> {
    if c.totp_secret.is_some() {
        tx.audit(AuditEntry {
            action: "login.totp_required",
            entity: "user",
            entity_id: Some(&c.user.id),
            before: None,
            after: Some(json!({ "method": method })),
        })?;
        return Ok(LoginOutcome::NeedsTotp(TotpChallenge {
            user_id: c.user.id,
            display_name: c.user.display_name,
            issued_at: tx.now(),
            first_factor: method,
        }));
    }
    finish(tx, c.user, method, method, policy)
}

/// What remains once the user is fully authenticated (`first_factor` then `method`, at `at`).
fn next_step(
    user: User,
    policy: &SecurityPolicy,
    first_factor: Method,
    method: Method,
    at: i64,
) -> LoginOutcome {
    if user.must_change_password {
        LoginOutcome::MustChangePassword(ForcedChange {
            user,
            first_factor,
            method,
            signed_in_at: at,
        })
    } else if must_enrol(policy, &user) {
        LoginOutcome::MustEnrollTotp(PendingEnrolment {
            user,
            method,
            signed_in_at: at,
        })
    } else {
        LoginOutcome::SignedIn(Session::new(user, method, at))
    }
}

/// Whether the policy requires `user` to enrol two-factor authentication before acting.
pub(crate) fn must_enrol(policy: &SecurityPolicy, user: &User) -> bool {
    policy.require_2fa_for_admins && user.role == Role::Admin && !user.totp_enabled
}

/// Full authentication (`first_factor`, then `method` when it differs): login history, last login
/// time, `login.ok`, then what remains to do.
pub(crate) fn finish(
    tx: &Tx<'_>,
    user: User,
    first_factor: Method,
    method: Method,
    policy: &SecurityPolicy,
) -> CoreResult<LoginOutcome> {
    let now = tx.now();
    tx.conn().execute(
        "UPDATE users SET last_login_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![user.id, now],
    )?;
    tx.conn().execute(
        "INSERT INTO login_history (id, user_id, at, method) VALUES (?1, ?2, ?3, ?4)",
        params![crate::ids::new_id(), user.id, now, method.as_str()],
    )?;
    tx.audit(AuditEntry {
        action: "login.ok",
        entity: "user",
        entity_id: Some(&user.id),
        before: None,
        after: Some(json!({ "method": method })),
    })?;
    Ok(next_step(
        User {
            last_login_at: Some(now),
            ..user
        },
        policy,
        first_factor,
        method,
        now,
    ))
}

/// Signs in with a login name or e-mail and a password.
///
/// # Errors
/// `Refused { err-locked }` while the account is locked (checked before the password), and
/// `Refused { err-bad-credentials }` for an unknown login, a wrong password or a deactivated
/// account.
pub fn login(store: &mut Store, login: &str, password: &str) -> CoreResult<LoginOutcome> {
    let login = login.trim();
    let policy = settings::get_security(store.conn())?;
    let Some(c) = credentials::by_login(store.conn(), login)? else {
        // Verify against a real hash so that timing does not reveal which accounts exist.
        let _ = password::verify_secret(password, dummy_hash());
        return Err(refuse(
            store,
            None,
            login,
            Method::Password,
            "unknown",
            BAD_CREDENTIALS,
        )?);
    };
    refuse_if_locked(store, &c, AuthKind::Password, Method::Password)?;
    if !password::verify_secret(password, &c.password_hash) {
        return Err(store.write(None, |tx| {
            let locked =
                record_bad_secret(tx, &c, AuthKind::Password, Method::Password, &policy, true)?;
            Ok(refusal(locked, BAD_CREDENTIALS))
        })?);
    }
    if !c.user.is_active {
        let id = c.user.id.clone();
        return Err(refuse(
            store,
            Some(&id),
            login,
            Method::Password,
            "inactive",
            BAD_CREDENTIALS,
        )?);
    }
    // Upgrade hashes made with older parameters while the password is at hand.
    let rehash = if password::needs_rehash(&c.password_hash) {
        password::hash_secret(password).ok()
    } else {
        None
    };
    let id = c.user.id.clone();
    store.write(Some(&id), |tx| {
        lockout::clear_failures(tx, &id, AuthKind::Password)?;
        if let Some(hash) = rehash {
            tx.conn().execute(
                "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, hash, tx.now()],
            )?;
        }
        after_first_factor(tx, c, Method::Password, &policy)
    })
}

/// Loads the account of a challenge, refusing an expired challenge or an account that changed
/// meanwhile (deactivated, 2FA reset).
fn challenge_account(store: &Store, challenge: &TotpChallenge) -> CoreResult<Credentials> {
    let now = store.now_ms();
    let age = now.saturating_sub(challenge.issued_at);
    if !(0..=CHALLENGE_TTL_MS).contains(&age) {
        return Err(CoreError::Refused { key: LOGIN_EXPIRED });
    }
    match credentials::by_id(store.conn(), &challenge.user_id)? {
        Some(c) if c.user.is_active && c.totp_secret.is_some() => Ok(c),
        _ => Err(CoreError::Refused { key: LOGIN_EXPIRED }),
    }
}

fn unix_seconds(ms: i64) -> u64 {
    u64::try_from(ms.div_euclid(1000)).unwrap_or(0)
}

/// Second step with a 6-digit TOTP code. A code is accepted once: the step it matched is stored
/// and neither it nor an earlier one is accepted again. Wrong codes count towards a `totp` lock.
///
/// # Errors
/// `Refused { err-login-expired }` for a stale challenge, `err-locked`, or `err-totp-code`.
pub fn login_totp(
    store: &mut Store,
    challenge: &TotpChallenge,
    code: &str,
) -> CoreResult<LoginOutcome> {
    let c = challenge_account(store, challenge)?;
    let policy = settings::get_security(store.conn())?;
    refuse_if_locked(store, &c, AuthKind::Totp, Method::Totp)?;
    let secret = c
        .totp_secret
        .as_deref()
        .and_then(|s| totp_store::open_in(store, &c.user.id, s))
        .unwrap_or_default();
    let last = c.totp_last_step.and_then(|s| u64::try_from(s).ok());
    let step = totp::verify_code(&secret, code, unix_seconds(store.now_ms()), last)
        .and_then(|s| i64::try_from(s).ok());
    let Some(step) = step else {
        return Err(store.write(None, |tx| {
            let locked = record_bad_secret(tx, &c, AuthKind::Totp, Method::Totp, &policy, true)?;
            Ok(refusal(locked, "err-totp-code"))
        })?);
    };
    let id = c.user.id.clone();
    store.write(Some(&id), |tx| {
        // Guarded update: a concurrent use of the same step loses.
        let n = tx.conn().execute(
            "UPDATE users SET totp_last_step = ?2, updated_at = ?3
             WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![id, step, tx.now()],
        )?;
        if n != 1 {
            return Err(CoreError::Refused {
                key: "err-totp-code",
            });
        }
        lockout::clear_failures(tx, &id, AuthKind::Totp)?;
        finish(tx, c.user, challenge.first_factor, Method::Totp, &policy)
    })
}

/// Second step with one of the single-use recovery codes given at enrolment; the code is spent.
/// Wrong codes count towards the same `totp` lock as wrong TOTP codes.
///
/// # Errors
/// `Refused { err-login-expired }` for a stale challenge, `err-locked`, or `err-recovery-code`.
pub fn login_recovery(
    store: &mut Store,
    challenge: &TotpChallenge,
    code: &str,
) -> CoreResult<LoginOutcome> {
    let c = challenge_account(store, challenge)?;
    let policy = settings::get_security(store.conn())?;
    refuse_if_locked(store, &c, AuthKind::Totp, Method::Recovery)?;
    let typed = totp::normalize_recovery_code(code);
    let matched = if typed.chars().count() == 10 {
        unused_recovery_codes(store.conn(), &c.user.id)?
            .into_iter()
            .find(|(_, hash)| password::verify_secret(&typed, hash))
            .map(|(id, _)| id)
    } else {
        None
    };
    let Some(code_id) = matched else {
        return Err(store.write(None, |tx| {
            let locked =
                record_bad_secret(tx, &c, AuthKind::Totp, Method::Recovery, &policy, true)?;
            Ok(refusal(locked, "err-recovery-code"))
        })?);
    };
    let id = c.user.id.clone();
    store.write(Some(&id), |tx| {
        let n = tx.conn().execute(
            "UPDATE recovery_codes SET used_at = ?2, updated_at = ?2
             WHERE id = ?1 AND used_at IS NULL AND deleted_at IS NULL",
            params![code_id, tx.now()],
        )?;
        if n != 1 {
            return Err(CoreError::Refused {
                key: "err-recovery-code",
            });
        }
        lockout::clear_failures(tx, &id, AuthKind::Totp)?;
        finish(
            tx,
            c.user,
            challenge.first_factor,
            Method::Recovery,
            &policy,
        )
    })
}

/// Unused recovery codes of an account: (id, hash).
fn unused_recovery_codes(conn: &Connection, user_id: &str) -> CoreResult<Vec<(String, String)>> {
    let mut st = conn.prepare(
        "SELECT id, code_hash FROM recovery_codes
         WHERE user_id = ?1 AND used_at IS NULL AND deleted_at IS NULL ORDER BY created_at",
    )?;
    let rows = st.query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Problems with a new password: the shop's policy, and not the current password again.
fn new_password_errors(
    policy: &SecurityPolicy,
    new: &str,
    current_hash: &str,
    errors: &mut FieldErrors,
) {
    if let Err(violations) = policy.password.check(new) {
        for v in violations {
            let (key, args) = users::password_violation_message(&v);
            errors.add_with("new_password", key, args);
        }
    } else if password::verify_secret(new, current_hash) {
        errors.add("new_password", "err-password-reused");
    }
}

/// Stores a new password: hash, clears the forced-change flag, audited `user.password_change`.
fn store_new_password(tx: &Tx<'_>, user_id: &str, hash: &str, forced: bool) -> CoreResult<()> {
    tx.conn().execute(
        "UPDATE users SET password_hash = ?2, must_change_password = 0, password_changed_at = ?3,
                          updated_at = ?3
         WHERE id = ?1",
        params![user_id, hash, tx.now()],
    )?;
    tx.audit(AuditEntry {
        action: "user.password_change",
        entity: "user",
        entity_id: Some(user_id),
        before: None,
        after: Some(json!({ "forced": forced, "must_change_password": false })),
    })
}

fn hash(secret: &str) -> CoreResult<String> {
    password::hash_secret(secret).map_err(|_| CoreError::Refused { key: "err-hash" })
}

/// Changes one's own password: the current one is checked (wrong attempts count towards the
/// password lock), the new one must satisfy the shop's policy and differ from the current one.
/// Clears a pending forced change. Every field problem is reported at once
/// (`current_password`, `new_password`).
pub fn change_password(
    store: &mut Store,
    session: &Session,
    current: &str,
    new: &str,
) -> CoreResult<User> {
    let user_id = &users::own(store.conn(), session)?.id;
    let c = match credentials::by_id(store.conn(), user_id)? {
        Some(c) if c.user.is_active => c,
        _ => return Err(CoreError::NotFound { entity: "user" }),
    };
    let policy = settings::get_security(store.conn())?;
    lockout::ensure_not_locked(store.conn(), user_id, AuthKind::Password, store.now_ms())?;
    let mut errors = FieldErrors::new();
    if !password::verify_secret(current, &c.password_hash) {
        errors.add("current_password", "err-current-password");
        if let Err(violations) = policy.password.check(new) {
            for v in violations {
                let (key, args) = users::password_violation_message(&v);
                errors.add_with("new_password", key, args);
            }
        }
        return Err(reject_current_password(store, &c, &policy, errors)?);
    }
    new_password_errors(&policy, new, &c.password_hash, &mut errors);
    errors.into_result()?;
    let hash = hash(new)?;
    store.write(Some(user_id), |tx| {
        store_new_password(tx, user_id, &hash, false)?;
        users::get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })
    })
}

/// A wrong current password while re-authenticating for a sensitive change (password, PIN,
/// 2FA): counts towards the password lock, audited `auth.failed`. Returns the error to give:
/// `errors` (which names `current_password`), or `err-locked` when this failure locked the
/// account.
pub(crate) fn reject_current_password(
    store: &mut Store,
    c: &Credentials,
    policy: &SecurityPolicy,
    errors: FieldErrors,
) -> CoreResult<CoreError> {
    store.write(None, |tx| {
        let locked = record_bad_secret(tx, c, AuthKind::Password, Method::Password, policy, false)?;
        Ok(if locked {
            CoreError::Refused {
                key: lockout::LOCKED,
            }
        } else {
            CoreError::Invalid(errors)
        })
    })
}

/// Completes the forced change that followed a sign-in ([`LoginOutcome::MustChangePassword`])
/// without asking the temporary password again. Only with a sign-in that may choose a password
/// ([`ForcedChange::may_set_password`]: never a PIN), while the account's
/// `must_change_password` flag is set, within [`FORCED_CHANGE_WINDOW_MS`] of that sign-in and
/// when it was made after the password was last set; the new password must satisfy the policy
/// and differ from the temporary one. Returns what remains of the login (2FA enrolment, or
/// signed in).
///
/// # Errors
/// `Refused { err-pin-password-change }` after a PIN sign-in; `Refused { err-login-expired }`
/// when no forced change is pending or the sign-in is too old; `Invalid` (`new_password`) when
/// the password is refused.
pub fn complete_forced_change(
    store: &mut Store,
    change: &ForcedChange,
    new: &str,
) -> CoreResult<LoginOutcome> {
    if !change.may_set_password() {
        return Err(CoreError::Refused {
            key: PIN_PASSWORD_CHANGE,
        });
    }
    let user_id = change.user.id.as_str();
    let c = match credentials::by_id(store.conn(), user_id)? {
        Some(c) if c.user.is_active && c.user.must_change_password => c,
        _ => return Err(CoreError::Refused { key: LOGIN_EXPIRED }),
    };
    let password_set_at: Option<i64> = store.conn().query_row(
        "SELECT password_changed_at FROM users WHERE id = ?1",
        [user_id],
        |r| r.get(0),
    )?;
    let age = store.now_ms().saturating_sub(change.signed_in_at);
    if !(0..=FORCED_CHANGE_WINDOW_MS).contains(&age)
        || change.signed_in_at < password_set_at.unwrap_or(0)
    {
        return Err(CoreError::Refused { key: LOGIN_EXPIRED });
    }
    let policy = settings::get_security(store.conn())?;
    let mut errors = FieldErrors::new();
    new_password_errors(&policy, new, &c.password_hash, &mut errors);
    errors.into_result()?;
    let hash = hash(new)?;
    store.write(Some(user_id), |tx| {
        store_new_password(tx, user_id, &hash, true)?;
        let user = users::get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })?;
        Ok(next_step(
            user,
            &policy,
            change.first_factor,
            change.method,
            change.signed_in_at,
        ))
    })
}

/// A real Argon2id hash (made once per process), verified for unknown logins so that they take
/// as long as known ones.
pub(crate) fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| password::hash_secret("rpma-unknown-user").unwrap_or_default())
}

#[cfg(test)]
#[path = "login_tests.rs"]
mod tests;
