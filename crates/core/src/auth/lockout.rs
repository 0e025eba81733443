//! Account lockout after repeated failures, per account and per kind of secret (password, PIN,
//! TOTP/recovery code), with the thresholds of [`SecurityPolicy`].
//!
//! Each failure is a row in `auth_failures`. When the failures of one kind within the policy's
//! window reach the threshold, an `auth_locks` row is written (audited `auth.lockout`) and the
//! counted failures are consumed, so that once the lock expires the count starts again from
//! zero. Locks are checked *before* a secret is verified: while locked, even the right secret is
//! refused. An admin can lift locks at once ([`unlock`], audited `user.unlock`).

use crate::ids::UserId;
use rusqlite::{Connection, OptionalExtension as _, params};
use serde::Serialize;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};
use crate::settings::SecurityPolicy;
use crate::store::Tx;
use crate::users;

/// i18n key of the refusal while an account is locked.
pub const LOCKED: &str = "err-locked";

/// The kind of secret a failure or a lock concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthKind {
    /// Password (login, change of password, confirmation of sensitive changes).
    Password,
    /// Quick-switch PIN.
    Pin,
    /// Second factor: TOTP code or recovery code.
    Totp,
}

impl AuthKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Password, Self::Pin, Self::Totp];

    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Pin => "pin",
            Self::Totp => "totp",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Failures of `kind` for the account within the policy's window before `now`.
pub fn failures_in_window(
    conn: &Connection,
    user_id: &str,
    kind: AuthKind,
    now: i64,
    policy: &SecurityPolicy,
) -> CoreResult<u32> {
    let since = now.saturating_sub(policy.window_ms());
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM auth_failures WHERE user_id = ?1 AND kind = ?2 AND at > ?3 AND at <= ?4",
        params![user_id, kind.as_str(), since, now],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Records one failure (in the caller's transaction, at its time). When the threshold is reached
/// the account is locked for the policy's duration; returns the end of that lock.
pub fn record_failure(
    tx: &Tx<'_>,
    user_id: &str,
    kind: AuthKind,
    policy: &SecurityPolicy,
) -> CoreResult<Option<i64>> {
    let now = tx.now();
    tx.conn().execute(
        "INSERT INTO auth_failures (id, user_id, kind, at) VALUES (?1, ?2, ?3, ?4)",
        params![crate::ids::new_id(), user_id, kind.as_str(), now],
    )?;
    // Failures too old to ever count again are dropped as we go.
    tx.conn().execute(
        "DELETE FROM auth_failures WHERE user_id = ?1 AND kind = ?2 AND at <= ?3",
        params![
            user_id,
            kind.as_str(),
            now.saturating_sub(policy.window_ms())
        ],
    )?;
    let failures = failures_in_window(tx.conn(), user_id, kind, now, policy)?;
    if failures < policy.lockout_threshold {
        return Ok(None);
    }
    let until = now.saturating_add(policy.lock_ms());
    tx.conn().execute(
        "INSERT INTO auth_locks (user_id, kind, locked_at, locked_until) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(user_id, kind) DO UPDATE SET locked_at = ?3, locked_until = ?4",
        params![user_id, kind.as_str(), now, until],
    )?;
    tx.conn().execute(
        "DELETE FROM auth_failures WHERE user_id = ?1 AND kind = ?2",
        params![user_id, kind.as_str()],
    )?;
    tx.audit(AuditEntry {
        action: "auth.lockout",
        entity: "user",
        entity_id: Some(user_id),
        before: None,
        after: Some(serde_json::json!({
            "kind": kind,
            "failures": failures,
            "locked_until": until,
        })),
    })?;
    Ok(Some(until))
}

/// The end of the account's current lock of `kind`, if it is locked at `now` (expired locks are
/// ignored).
pub fn is_locked(
    conn: &Connection,
    user_id: &str,
    kind: AuthKind,
    now: i64,
) -> CoreResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT locked_until FROM auth_locks WHERE user_id = ?1 AND kind = ?2 AND locked_until > ?3",
            params![user_id, kind.as_str(), now],
            |r| r.get(0),
        )
        .optional()?)
}

/// `Refused { err-locked }` when the account is locked for `kind` at the transaction's time.
pub fn ensure_not_locked(
    conn: &Connection,
    user_id: &str,
    kind: AuthKind,
    now: i64,
) -> CoreResult<()> {
    match is_locked(conn, user_id, kind, now)? {
        Some(_) => Err(CoreError::Refused { key: LOCKED }),
        None => Ok(()),
    }
}

/// Forgets the failures of `kind` (after a success) and any expired lock of that kind.
pub fn clear_failures(tx: &Tx<'_>, user_id: &str, kind: AuthKind) -> CoreResult<()> {
    tx.conn().execute(
        "DELETE FROM auth_failures WHERE user_id = ?1 AND kind = ?2",
        params![user_id, kind.as_str()],
    )?;
    tx.conn().execute(
        "DELETE FROM auth_locks WHERE user_id = ?1 AND kind = ?2 AND locked_until <= ?3",
        params![user_id, kind.as_str(), tx.now()],
    )?;
    Ok(())
}

/// Removes every lock and failure of the account, of every kind. Returns the kinds that were
/// locked at the transaction's time. No permission check: for [`unlock`] and the password reset
/// services.
pub(crate) fn clear_all(tx: &Tx<'_>, user_id: &str) -> CoreResult<Vec<AuthKind>> {
    let mut locked = Vec::new();
    for kind in AuthKind::ALL {
        if is_locked(tx.conn(), user_id, kind, tx.now())?.is_some() {
            locked.push(kind);
        }
    }
    tx.conn()
        .execute("DELETE FROM auth_locks WHERE user_id = ?1", [user_id])?;
    tx.conn()
        .execute("DELETE FROM auth_failures WHERE user_id = ?1", [user_id])?;
    Ok(locked)
}

/// [`unlock`] as one use case: what the Users screen calls.
pub fn unlock_account(
    store: &mut crate::Store,
    actor: &Session,
    user_id: &str,
) -> CoreResult<bool> {
    store.write(Some(&actor.id), |tx| unlock(tx, actor, user_id))
}

/// Lifts the account's locks and forgets its failures at once. Admins only
/// ([`Action::UnlockUser`] through [`permissions::can_manage_user`]); audited `user.unlock`
/// with the kinds that were locked. Returns whether anything was locked.
pub fn unlock(tx: &Tx<'_>, actor: &Session, user_id: &str) -> CoreResult<bool> {
    users::authorize_on(tx.conn(), actor, user_id, Action::UnlockUser)?;
    let locked = clear_all(tx, user_id)?;
    tx.audit(AuditEntry {
        action: "user.unlock",
        entity: "user",
        entity_id: Some(user_id),
        before: Some(serde_json::json!({ "locked": locked })),
        after: Some(serde_json::json!({ "locked": [] })),
    })?;
    Ok(!locked.is_empty())
}

/// A current lock, for the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockedAccount {
    /// The account.
    pub user_id: UserId,
    /// Its login name.
    pub username: String,
    /// Its display name.
    pub display_name: String,
    /// What is locked.
    pub kind: AuthKind,
    /// When the lock started (UTC ms).
    pub locked_at: i64,
    /// When it ends by itself (UTC ms).
    pub locked_until: i64,
}

/// Every lock in force at `now`, soonest to end first.
pub fn locked_users(conn: &Connection, now: i64) -> CoreResult<Vec<LockedAccount>> {
    let mut st = conn.prepare(
        "SELECT l.user_id, u.username, u.display_name, l.kind, l.locked_at, l.locked_until
         FROM auth_locks l JOIN users u ON u.id = l.user_id
         WHERE l.locked_until > ?1 AND u.deleted_at IS NULL
         ORDER BY l.locked_until, u.surname_key COLLATE NOCASE",
    )?;
    let rows = st.query_map([now], |r| {
        let kind: String = r.get(3)?;
        Ok(LockedAccount {
            user_id: r.get(0)?,
            username: r.get(1)?,
            display_name: r.get(2)?,
            kind: AuthKind::parse(&kind).unwrap_or(AuthKind::Password),
            locked_at: r.get(4)?,
            locked_until: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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
    use crate::testutil::{Fixture, MINUTE};

    fn fail(f: &mut Fixture, user_id: &str, kind: AuthKind) -> Option<i64> {
        let policy = SecurityPolicy::default();
        f.store
            .write(None, |tx| record_failure(tx, user_id, kind, &policy))
            .unwrap()
    }

    #[test]
    fn threshold_locks_for_the_duration_and_is_audited() {
        let mut f = Fixture::new();
        let id = f.technician.id.clone();
        for _ in 0..4 {
            assert_eq!(fail(&mut f, &id, AuthKind::Password), None);
        }
        let now = f.store.now_ms();
        assert_eq!(
            is_locked(f.store.conn(), &id, AuthKind::Password, now).unwrap(),
            None
        );
        let until = fail(&mut f, &id, AuthKind::Password).unwrap();
        assert_eq!(until, now + 15 * MINUTE);
        assert_eq!(
            is_locked(f.store.conn(), &id, AuthKind::Password, now).unwrap(),
            Some(until)
        );
        // Other kinds are not locked.
        assert_eq!(
            is_locked(f.store.conn(), &id, AuthKind::Pin, now).unwrap(),
            None
        );
        let list = locked_users(f.store.conn(), now).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].username, "tech");
        assert_eq!(list[0].kind, AuthKind::Password);
        assert_eq!(f.audit_rows("auth.lockout").len(), 1);
        // Expired locks are ignored.
        f.clock.advance(15 * MINUTE);
        let now = f.store.now_ms();
        assert_eq!(
            is_locked(f.store.conn(), &id, AuthKind::Password, now).unwrap(),
            None
        );
        assert!(locked_users(f.store.conn(), now).unwrap().is_empty());
        // The count starts again from zero after a lock.
        assert_eq!(fail(&mut f, &id, AuthKind::Password), None);
    }

    #[test]
    fn failures_outside_the_window_do_not_add_up() {
        let mut f = Fixture::new();
        let id = f.technician.id.clone();
        for _ in 0..4 {
            fail(&mut f, &id, AuthKind::Password);
        }
        f.clock.advance(16 * MINUTE);
        for _ in 0..4 {
            assert_eq!(fail(&mut f, &id, AuthKind::Password), None);
        }
        let now = f.store.now_ms();
        assert_eq!(
            failures_in_window(
                f.store.conn(),
                &id,
                AuthKind::Password,
                now,
                &SecurityPolicy::default()
            )
            .unwrap(),
            4
        );
        assert!(f.audit_rows("auth.lockout").is_empty());
    }

    #[test]
    fn unlock_is_admin_only_and_audited() {
        let mut f = Fixture::new();
        let id = f.technician.id.clone();
        for _ in 0..5 {
            fail(&mut f, &id, AuthKind::Pin);
        }
        let sup = f.supervisor.clone();
        let err = f
            .store
            .write(Some(&sup.id), |tx| unlock(tx, &sup, &id))
            .unwrap_err();
        assert!(matches!(err, CoreError::Forbidden(_)));
        let now = f.store.now_ms();
        assert!(
            is_locked(f.store.conn(), &id, AuthKind::Pin, now)
                .unwrap()
                .is_some()
        );
        let admin = f.admin.clone();
        assert!(
            f.store
                .write(Some(&admin.id), |tx| unlock(tx, &admin, &id))
                .unwrap()
        );
        assert!(
            is_locked(f.store.conn(), &id, AuthKind::Pin, now)
                .unwrap()
                .is_none()
        );
        let rows = f.audit_rows("user.unlock");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].user_id.as_deref(), Some(admin.id.as_str()));
        assert_eq!(rows[0].before.as_deref(), Some("{\"locked\":[\"pin\"]}"));
    }
}
