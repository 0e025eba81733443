//! User administration: create, edit, change role, deactivate, reset password, login history.
//!
//! Every service re-reads the acting user from the database (a session's copy may be stale) and
//! checks [`permissions::can_manage_user`] and [`permissions::can_assign_role`] before changing
//! anything: a refused call returns [`CoreError::Forbidden`] and writes nothing. The shop always
//! keeps at least one active admin (`err-last-admin`). Every change is audited with the state
//! before and after; passwords, even temporary ones, never reach the audit log.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::lockout;
use crate::auth::password;
use crate::auth::permissions::{self, Action, Forbidden, ForbiddenReason, Role};
use crate::error::{CoreError, CoreResult};
use crate::settings;
use crate::store::{Store, Tx};
use crate::users::{self, NewUser, User};
use crate::validate::{self, FieldErrors};

/// Contact details a user edits on their own profile, or an admin on anyone's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserUpdate {
    /// Name shown in the app (required).
    pub display_name: String,
    /// E-mail (optional; unique when set).
    pub email: String,
    /// Phone (optional).
    pub phone: String,
}

fn target(conn: &Connection, id: &str) -> CoreResult<User> {
    users::get(conn, id)?.ok_or(CoreError::NotFound { entity: "user" })
}

/// Refuses when `target` is the last active admin (it may not be deactivated or demoted).
pub fn ensure_not_last_admin(conn: &Connection, target: &User) -> CoreResult<()> {
    if target.role != Role::Admin || !target.is_active {
        return Ok(());
    }
    let others: i64 = conn.query_row(
        "SELECT count(*) FROM users
         WHERE role = 'admin' AND is_active = 1 AND deleted_at IS NULL AND id <> ?1",
        [&target.id],
        |r| r.get(0),
    )?;
    if others == 0 {
        return Err(CoreError::Refused {
            key: "err-last-admin",
        });
    }
    Ok(())
}

/// Creates an account. Admins only ([`Action::CreateUser`]) and only with a role they may give
/// ([`permissions::can_assign_role`]). The password must satisfy the shop's policy and must be
/// changed at the first login. Audited `user.create`.
pub fn create_user(store: &mut Store, actor: &Session, new: NewUser) -> CoreResult<User> {
    store.write(Some(&actor.id), |tx| {
        let actor = users::current_actor(tx.conn(), actor, Action::CreateUser)?;
        permissions::require(actor.role, Action::CreateUser)?;
        if let Some(role) = new.role {
            permissions::can_manage_user(actor.role, &actor.id, role, "", Action::CreateUser)?;
            if !permissions::can_assign_role(actor.role, role) {
                return Err(
                    Forbidden::new(Action::CreateUser, ForbiddenReason::TargetOutranks).into(),
                );
            }
        }
        let policy = settings::get_security(tx.conn())?;
        users::insert(
            tx,
            &NewUser {
                must_change_password: true,
                ..new
            },
            &policy.password,
        )
    })
}

/// Checks a phone number's shape: digits with spaces, dots, dashes, parentheses and a leading
/// `+`; 6 to 20 digits.
pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '+'))
        && s.rfind('+').is_none_or(|i| i == 0)
}

/// Updates contact details: one's own ([`Action::EditOwnProfile`]) or anyone's for an admin
/// ([`Action::EditUser`]). Audited `user.update` (only when something changed).
pub fn update_user(
    store: &mut Store,
    actor: &Session,
    id: &str,
    update: &UserUpdate,
) -> CoreResult<User> {
    store.write(Some(&actor.id), |tx| {
        let action = if actor.id == id {
            Action::EditOwnProfile
        } else {
            Action::EditUser
        };
        let (_, before) = users::authorize_on(tx.conn(), actor, id, action)?;
        let mut e = FieldErrors::new();
        let display_name = validate::required(&mut e, "display_name", &update.display_name);
        let email = update.email.trim().to_owned();
        if !email.is_empty() {
            if !validate::is_email(&email) {
                e.add("email", "err-email");
            } else if tx.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE email = ?1 AND id <> ?2)",
                params![email, id],
                |r| r.get::<_, bool>(0),
            )? {
                e.add("email", "err-email-taken");
            }
        }
        let phone = update.phone.trim().to_owned();
        if !phone.is_empty() && !is_phone(&phone) {
            e.add("phone", "err-phone");
        }
        e.into_result()?;
        let email = Some(email).filter(|s| !s.is_empty());
        let phone = Some(phone).filter(|s| !s.is_empty());
        if display_name == before.display_name && email == before.email && phone == before.phone {
            return Ok(before);
        }
        tx.conn().execute(
            "UPDATE users SET display_name = ?2, email = ?3, phone = ?4, updated_at = ?5 WHERE id = ?1",
            params![id, display_name, email, phone, tx.now()],
        )?;
        let after = target(tx.conn(), id)?;
        let contact = |u: &User| {
            serde_json::json!({
                "display_name": u.display_name,
                "email": u.email,
                "phone": u.phone,
            })
        };
        tx.audit(AuditEntry {
            action: "user.update",
            entity: "user",
            entity_id: Some(id),
            before: Some(contact(&before)),
            after: Some(contact(&after)),
        })?;
        Ok(after)
    })
}

/// Changes another user's role. Admins only ([`Action::ChangeUserRole`]), never one's own role,
/// never demoting the last active admin. Audited `user.role_change`.
pub fn change_role(store: &mut Store, actor: &Session, id: &str, role: Role) -> CoreResult<User> {
    store.write(Some(&actor.id), |tx| {
        let (actor, before) = users::authorize_on(tx.conn(), actor, id, Action::ChangeUserRole)?;
        if !permissions::can_assign_role(actor.role, role) {
            return Err(
                Forbidden::new(Action::ChangeUserRole, ForbiddenReason::TargetOutranks).into(),
            );
        }
        if before.role == role {
            return Ok(before);
        }
        if role != Role::Admin {
            ensure_not_last_admin(tx.conn(), &before)?;
        }
        tx.conn().execute(
            "UPDATE users SET role = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, role.as_str(), tx.now()],
        )?;
        let after = target(tx.conn(), id)?;
        tx.audit(AuditEntry {
            action: "user.role_change",
            entity: "user",
            entity_id: Some(id),
            before: Some(serde_json::json!({ "role": before.role })),
            after: Some(serde_json::json!({ "role": after.role })),
        })?;
        Ok(after)
    })
}

/// Deactivates (or reactivates) another user's account. Admins only ([`Action::DeactivateUser`]),
/// never one's own account, never the last active admin. Audited `user.deactivate` /
/// `user.activate`.
pub fn set_active(store: &mut Store, actor: &Session, id: &str, active: bool) -> CoreResult<User> {
    store.write(Some(&actor.id), |tx| {
        let (_, before) = users::authorize_on(tx.conn(), actor, id, Action::DeactivateUser)?;
        if before.is_active == active {
            return Ok(before);
        }
        if !active {
            ensure_not_last_admin(tx.conn(), &before)?;
        }
        tx.conn().execute(
            "UPDATE users SET is_active = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, active, tx.now()],
        )?;
        let after = target(tx.conn(), id)?;
        tx.audit(AuditEntry {
            action: if active {
                "user.activate"
            } else {
                "user.deactivate"
            },
            entity: "user",
            entity_id: Some(id),
            before: Some(serde_json::json!({ "is_active": before.is_active })),
            after: Some(serde_json::json!({ "is_active": after.is_active })),
        })?;
        Ok(after)
    })
}

/// What a reset changed besides the password, for its audit entry.
struct ResetEffects {
    /// Locks lifted.
    unlocked: Vec<lockout::AuthKind>,
    /// The quick-switch PIN was removed.
    pin_cleared: bool,
}

/// Sets a temporary password that must be changed at the next login, removes the quick-switch
/// PIN (someone who knows or watched it must not be able to sign in and choose the new
/// password; the user sets a new PIN from their profile) and lifts the account's locks.
fn set_temporary_password(tx: &Tx<'_>, user_id: &str, hash: &str) -> CoreResult<ResetEffects> {
    let pin_cleared: bool = tx.conn().query_row(
        "SELECT pin_hash IS NOT NULL FROM users WHERE id = ?1",
        [user_id],
        |r| r.get(0),
    )?;
    tx.conn().execute(
        "UPDATE users SET password_hash = ?2, must_change_password = 1, password_changed_at = ?3,
                          pin_hash = NULL, updated_at = ?3
         WHERE id = ?1",
        params![user_id, hash, tx.now()],
    )?;
    Ok(ResetEffects {
        unlocked: lockout::clear_all(tx, user_id)?,
        pin_cleared,
    })
}

fn temporary() -> CoreResult<(String, String)> {
    let temp = password::generate_temporary_password();
    let hash = password::hash_secret(&temp).map_err(|_| CoreError::Refused { key: "err-hash" })?;
    Ok((temp, hash))
}

/// An admin resets another user's password ([`Action::ResetUserPassword`], never one's own —
/// that goes through the profile). Returns the temporary password to hand over, shown once; the
/// old password stops working, the PIN is removed and the user must choose a new password at the
/// next password sign-in. Lifts the account's locks. Audited `user.password_reset` (without the
/// password; `pin_cleared` says whether a PIN was removed).
pub fn reset_password(store: &mut Store, actor: &Session, id: &str) -> CoreResult<String> {
    let (temp, hash) = temporary()?;
    store.write(Some(&actor.id), |tx| {
        let (_, t) = users::authorize_on(tx.conn(), actor, id, Action::ResetUserPassword)?;
        let done = set_temporary_password(tx, id, &hash)?;
        tx.audit(AuditEntry {
            action: "user.password_reset",
            entity: "user",
            entity_id: Some(id),
            before: Some(serde_json::json!({ "must_change_password": t.must_change_password })),
            after: Some(serde_json::json!({
                "must_change_password": true,
                "unlocked": done.unlocked,
                "pin_cleared": done.pin_cleared,
            })),
        })
    })?;
    Ok(temp)
}

/// `rpma user reset-password <login>`: the recovery path for whoever has access to the machine
/// and its data folder (e.g. the only admin forgot their password). No acting user; audited
/// `user.password_reset_cli` with no user. Removes the PIN and lifts every lock, like
/// [`reset_password`]. Returns the temporary password.
pub fn reset_password_cli(store: &mut Store, username: &str) -> CoreResult<String> {
    let who = username.trim();
    let user = users::list(store.conn())?
        .into_iter()
        .find(|u| {
            u.username.eq_ignore_ascii_case(who)
                || u.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(who))
        })
        .ok_or(CoreError::NotFound { entity: "user" })?;
    let (temp, hash) = temporary()?;
    store.write(None, |tx| {
        let done = set_temporary_password(tx, &user.id, &hash)?;
        tx.audit(AuditEntry {
            action: "user.password_reset_cli",
            entity: "user",
            entity_id: Some(&user.id),
            before: Some(serde_json::json!({ "must_change_password": user.must_change_password })),
            after: Some(serde_json::json!({
                "must_change_password": true,
                "unlocked": done.unlocked,
                "pin_cleared": done.pin_cleared,
            })),
        })
    })?;
    Ok(temp)
}

/// One successful sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoginRecord {
    /// When (UTC ms).
    pub at: i64,
    /// How: `password`, `pin`, `totp` or `recovery`.
    pub method: String,
    /// Which terminal, when known.
    pub terminal: Option<String>,
}

/// The session's own latest sign-ins, newest first.
pub fn login_history(
    conn: &Connection,
    session: &Session,
    limit: u32,
) -> CoreResult<Vec<LoginRecord>> {
    let user_id = &users::own(conn, session)?.id;
    let mut st = conn.prepare(
        "SELECT at, method, terminal FROM login_history WHERE user_id = ?1
         ORDER BY at DESC, id DESC LIMIT ?2",
    )?;
    let rows = st.query_map(params![user_id, limit], |r| {
        Ok(LoginRecord {
            at: r.get(0)?,
            method: r.get(1)?,
            terminal: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
