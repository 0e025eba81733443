//! What the workspace's tests and benches need beyond the public services: an account made
//! without the setup wizard or an admin session. Only with the feature `test-support` (never in a
//! build of the app).

use crate::auth::password::PasswordPolicy;
use crate::error::CoreResult;
use crate::store::Tx;
use crate::users::{NewUser, User};

/// Inserts an account as the first-run setup or an admin would (validated, hashed, audited).
pub fn insert_user(tx: &Tx<'_>, new: &NewUser, policy: &PasswordPolicy) -> CoreResult<User> {
    crate::users::insert(tx, new, policy)
}

/// Saves the organisation inside a transaction (the kill test's multi-row use case).
pub fn save_org(
    tx: &Tx<'_>,
    org: crate::org::Organisation,
) -> CoreResult<crate::org::Organisation> {
    crate::org::save(tx, org)
}

/// The audit entries matching `filter`, without an admin session.
pub fn audit_count(
    conn: &rusqlite::Connection,
    filter: &crate::audit::AuditFilter,
) -> CoreResult<i64> {
    crate::audit::count(conn, filter)
}

/// [`insert_user`], and a session of that account made without signing in.
pub fn insert_session(
    tx: &Tx<'_>,
    new: &NewUser,
    policy: &PasswordPolicy,
) -> CoreResult<crate::Session> {
    insert_user(tx, new, policy).map(crate::Session::for_tests)
}

/// A session of the account named `username` in `store`, made without signing in.
///
/// # Panics
/// When there is no such account (a test's mistake).
pub fn session_named(store: &crate::Store, username: &str) -> crate::Session {
    session_where(store, |u| u.username == username)
}

/// A session of the first active account with `role` in `store`, made without signing in.
///
/// # Panics
/// When there is no such account (a test's mistake).
pub fn session_with_role(
    store: &crate::Store,
    role: crate::auth::permissions::Role,
) -> crate::Session {
    session_where(store, |u| u.role == role && u.is_active)
}

fn session_where(store: &crate::Store, pick: impl Fn(&User) -> bool) -> crate::Session {
    #[expect(
        clippy::expect_used,
        reason = "test support: a missing account is the test's bug"
    )]
    crate::users::list(store.conn())
        .expect("accounts readable")
        .into_iter()
        .find(|u| pick(u))
        .map(crate::Session::for_tests)
        .expect("no such account")
}
