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
