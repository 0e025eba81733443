//! The secret columns of an account, read only inside the core's authentication services.
//! Never serialised, never logged, never returned to the UI.

use rusqlite::{Connection, OptionalExtension as _, Row};

use crate::error::CoreResult;
use crate::users::{self, USER_COLUMN_COUNT, USER_COLUMNS, User};

/// An account with its secrets.
pub(crate) struct Credentials {
    /// The account.
    pub user: User,
    /// Argon2id PHC string of the password.
    pub password_hash: String,
    /// Argon2id PHC string of the PIN, when set.
    pub pin_hash: Option<String>,
    /// Base32 TOTP secret, once enrolment is confirmed.
    pub totp_secret: Option<String>,
    /// Base32 TOTP secret during enrolment.
    pub totp_pending_secret: Option<String>,
    /// Last TOTP step accepted (replay protection).
    pub totp_last_step: Option<i64>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user.id)
            .finish_non_exhaustive()
    }
}

const SECRET_COLUMNS: &str =
    "password_hash, pin_hash, totp_secret, totp_pending_secret, totp_last_step";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Credentials> {
    let n = USER_COLUMN_COUNT;
    Ok(Credentials {
        user: users::from_row(r)?,
        password_hash: r.get(n)?,
        pin_hash: r.get(n + 1)?,
        totp_secret: r.get(n + 2)?,
        totp_pending_secret: r.get(n + 3)?,
        totp_last_step: r.get(n + 4)?,
    })
}

fn one(conn: &Connection, condition: &str, value: &str) -> CoreResult<Option<Credentials>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS}, {SECRET_COLUMNS} FROM users
                 WHERE ({condition}) AND deleted_at IS NULL
                 ORDER BY (id = ?1) DESC, (username = ?1) DESC
                 LIMIT 1"
            ),
            [value],
            from_row,
        )
        .optional()?)
}

/// By id.
pub(crate) fn by_id(conn: &Connection, id: &str) -> CoreResult<Option<Credentials>> {
    one(conn, "id = ?1", id)
}

/// By login name or e-mail (both case-insensitive), as typed on the login screen.
pub(crate) fn by_login(conn: &Connection, login: &str) -> CoreResult<Option<Credentials>> {
    one(conn, "username = ?1 OR email = ?1", login.trim())
}

/// By id or login name (the PIN switch screen knows the id; the CLI knows the login name).
pub(crate) fn by_id_or_username(conn: &Connection, s: &str) -> CoreResult<Option<Credentials>> {
    one(conn, "id = ?1 OR username = ?1", s.trim())
}
