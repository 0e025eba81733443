//! User accounts: storage and validation. Login, lockout, PIN and 2FA live in `auth`.

use crate::ids::UserId;
use rusqlite::{Connection, OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::password::{self, PasswordPolicy};
use crate::auth::permissions::{Action, Forbidden, ForbiddenReason, Role};
use crate::error::{CoreError, CoreResult};
use crate::i18n::Lang;
use crate::store::Tx;
use crate::validate::{self, FieldErrors};

/// Light or dark UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light (default).
    #[default]
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// Stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Parses the stored text (unknown → light).
    pub fn parse(s: &str) -> Self {
        if s == "dark" { Self::Dark } else { Self::Light }
    }
}

/// A user account (never carries its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// UUIDv7.
    pub id: UserId,
    /// Login name (unique, case-insensitive).
    pub username: String,
    /// E-mail (optional; unique when set).
    pub email: Option<String>,
    /// Name shown in the app.
    pub display_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Role.
    pub role: Role,
    /// Must choose a new password at next login.
    pub must_change_password: bool,
    /// Deactivated users cannot log in.
    pub is_active: bool,
    /// UI language.
    pub locale: Lang,
    /// UI theme.
    pub theme: Theme,
    /// Last successful login (UTC ms).
    pub last_login_at: Option<i64>,
    /// Creation time (UTC ms).
    pub created_at: i64,
    /// Two-factor authentication (TOTP) is enabled.
    #[serde(default)]
    pub totp_enabled: bool,
    /// A quick-switch PIN is set.
    #[serde(default)]
    pub has_pin: bool,
}

impl User {
    /// Whether the account signs in with a second factor (TOTP).
    pub fn has_totp(&self) -> bool {
        self.totp_enabled
    }
}

/// Columns selected by [`from_row`] (14 columns; the two flags are computed, secrets never leave
/// the table through this list).
pub const USER_COLUMNS: &str = "id, username, email, display_name, phone, role, must_change_password, \
     is_active, locale, theme, last_login_at, created_at, \
     (totp_secret IS NOT NULL) AS totp_enabled, (pin_hash IS NOT NULL) AS has_pin";

/// Number of columns in [`USER_COLUMNS`]; extra columns selected after it start at this index.
pub const USER_COLUMN_COUNT: usize = 14;

/// Builds a [`User`] from a row selected with [`USER_COLUMNS`].
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(5)?;
    let locale: String = r.get(8)?;
    let theme: String = r.get(9)?;
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        email: r.get(2)?,
        display_name: r.get(3)?,
        phone: r.get(4)?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        must_change_password: r.get(6)?,
        is_active: r.get(7)?,
        locale: Lang::parse(&locale).unwrap_or_default(),
        theme: Theme::parse(&theme),
        last_login_at: r.get(10)?,
        created_at: r.get(11)?,
        totp_enabled: r.get(12)?,
        has_pin: r.get(13)?,
    })
}

/// What is needed to create an account. Its `Debug` hides the password.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct NewUser {
    /// Login name: 3–32 characters, letters, digits, `.`, `_`, `-`.
    pub username: String,
    /// Optional e-mail.
    pub email: String,
    /// Name shown in the app.
    pub display_name: String,
    /// Role.
    pub role: Option<Role>,
    /// Initial password (checked against the policy).
    pub password: String,
    /// UI language.
    pub locale: Lang,
    /// Must change the password at first login (accounts created by an admin).
    pub must_change_password: bool,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("password", &"…")
            .field("locale", &self.locale)
            .field("must_change_password", &self.must_change_password)
            .finish()
    }
}

/// Checks a login name's shape.
pub fn valid_username(s: &str) -> bool {
    let n = s.chars().count();
    (3..=32).contains(&n)
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Validates a new account; every problem is reported at once.
pub fn validate_new(
    conn: &Connection,
    new: &NewUser,
    policy: &PasswordPolicy,
) -> CoreResult<FieldErrors> {
    let mut e = FieldErrors::new();
    let username = new.username.trim();
    if username.is_empty() {
        e.add("username", "err-required");
    } else if !valid_username(username) {
        e.add("username", "err-username");
    } else if exists(conn, "username", username)? {
        e.add("username", "err-username-taken");
    }
    let email = new.email.trim();
    if !email.is_empty() {
        if !validate::is_email(email) {
            e.add("email", "err-email");
        } else if exists(conn, "email", email)? {
            e.add("email", "err-email-taken");
        }
    }
    validate::required(&mut e, "display_name", &new.display_name);
    if new.role.is_none() {
        e.add("role", "err-required");
    }
    if let Err(violations) = policy.check(&new.password) {
        for v in violations {
            let (key, args) = password_violation_message(&v);
            e.add_with("password", key, args);
        }
    }
    Ok(e)
}

/// i18n key and arguments for a password policy violation.
pub fn password_violation_message(
    v: &password::PolicyViolation,
) -> (&'static str, Vec<(&'static str, String)>) {
    use password::PolicyViolation as P;
    match v {
        P::TooShort { min } => ("err-password-short", vec![("min", min.to_string())]),
        P::TooLong => ("err-password-long", Vec::new()),
        P::MissingUpper => ("err-password-upper", Vec::new()),
        P::MissingLower => ("err-password-lower", Vec::new()),
        P::MissingDigit => ("err-password-digit", Vec::new()),
        P::MissingSymbol => ("err-password-symbol", Vec::new()),
    }
}

fn exists(conn: &Connection, column: &str, value: &str) -> CoreResult<bool> {
    let sql = match column {
        "username" => "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)",
        _ => "SELECT EXISTS (SELECT 1 FROM users WHERE email = ?1)",
    };
    Ok(conn.query_row(sql, [value], |r| r.get(0))?)
}

/// Creates an account (validated, password hashed with Argon2id, audited). No permission check:
/// callers are the setup wizard, the demo generator and the permission-checked user services.
pub(crate) fn insert(tx: &Tx<'_>, new: &NewUser, policy: &PasswordPolicy) -> CoreResult<User> {
    validate_new(tx.conn(), new, policy)?.into_result()?;
    let Some(role) = new.role else {
        return Err(CoreError::Refused {
            key: "err-required",
        });
    };
    let hash =
        password::hash_secret(&new.password).map_err(|_| CoreError::Refused { key: "err-hash" })?;
    let id = crate::ids::new_id();
    let email = Some(new.email.trim()).filter(|s| !s.is_empty());
    tx.conn().execute(
        "INSERT INTO users (id, username, email, display_name, role, password_hash, must_change_password,
                            locale, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            id,
            new.username.trim(),
            email,
            new.display_name.trim(),
            role.as_str(),
            hash,
            new.must_change_password,
            new.locale.code(),
            tx.now()
        ],
    )?;
    let user = get(tx.conn(), &id)?.ok_or(CoreError::NotFound { entity: "user" })?;
    tx.audit(AuditEntry {
        action: "user.create",
        entity: "user",
        entity_id: Some(&id),
        before: None,
        after: Some(serde_json::to_value(&user).unwrap_or_default()),
    })?;
    Ok(user)
}

/// One user by id (deleted users excluded).
pub fn get(conn: &Connection, id: &str) -> CoreResult<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The session's account as stored now (not as the session remembers it): a deleted or
/// deactivated account acts as nobody and is refused `action`, and so is an account whose sign-in
/// is no longer complete (a password to change after a reset, or an admin who has not enrolled
/// the two-factor authentication the policy now requires). Returns the session refreshed.
pub fn current_actor(conn: &Connection, actor: &Session, action: Action) -> CoreResult<Session> {
    let refused = || {
        Err(CoreError::Forbidden(Forbidden::new(
            action,
            ForbiddenReason::RoleTooLow,
        )))
    };
    match get(conn, &actor.id)? {
        Some(u) if u.is_active && !u.must_change_password => {
            if crate::auth::login::must_enrol(&crate::settings::get_security(conn)?, &u) {
                return refused();
            }
            Ok(actor.refreshed(u))
        }
        _ => refused(),
    }
}

/// The authorisation every business service starts with: the session's account as stored now (a
/// demoted or deactivated session is refused) and the permission matrix for `action`.
pub fn authorize(conn: &Connection, actor: &Session, action: Action) -> CoreResult<Session> {
    let actor = current_actor(conn, actor, action)?;
    crate::auth::permissions::require(actor.role, action)?;
    Ok(actor)
}

/// The authorisation every account action starts with: the session's account as stored now (a
/// demoted or deactivated session is refused), the target account, and the rules of
/// [`crate::auth::permissions::can_manage_user`] for `action`. Returns (actor, target).
pub fn authorize_on(
    conn: &Connection,
    actor: &Session,
    target_id: &str,
    action: Action,
) -> CoreResult<(Session, User)> {
    let actor = current_actor(conn, actor, action)?;
    let target = get(conn, target_id)?.ok_or(CoreError::NotFound { entity: "user" })?;
    crate::auth::permissions::can_manage_user(
        actor.role,
        &actor.id,
        target.role,
        &target.id,
        action,
    )?;
    Ok((actor, target))
}

/// Every user, for `actor`: requires [`Action::ViewUsers`] (admins; supervisors read only), with
/// the role as stored now (never one sent by the screen).
pub fn list_as(conn: &Connection, actor: &Session) -> CoreResult<Vec<User>> {
    authorize(conn, actor, Action::ViewUsers)?;
    list(conn)
}

/// A person of the shop as the pickers show them (planning, intervention, audit names): no
/// contact details, no sign-in state. What any signed-in session may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Account id.
    pub id: UserId,
    /// Name shown.
    pub display_name: String,
    /// Role as stored now.
    pub role: Role,
    /// Active (a deactivated account keeps its name in the history, is offered nowhere).
    pub is_active: bool,
}

/// The shop's people, by surname, for `actor` (any signed-in account as stored now).
pub fn staff(conn: &Connection, actor: &Session) -> CoreResult<Vec<StaffMember>> {
    current_actor(conn, actor, Action::EditOwnProfile)?;
    Ok(list(conn)?
        .into_iter()
        .map(|u| StaffMember {
            id: u.id,
            display_name: u.display_name,
            role: u.role,
            is_active: u.is_active,
        })
        .collect())
}

/// Every user, by display name (unchecked: the core's own reads; callers outside read through
/// [`list_as`] or [`staff`]).
#[cfg(not(any(test, feature = "test-support")))]
pub(crate) fn list(conn: &Connection) -> CoreResult<Vec<User>> {
    list_unchecked(conn)
}

/// Every user, by display name (the workspace's tests read it directly).
#[cfg(any(test, feature = "test-support"))]
pub fn list(conn: &Connection) -> CoreResult<Vec<User>> {
    list_unchecked(conn)
}

fn list_unchecked(conn: &Connection) -> CoreResult<Vec<User>> {
    let mut st = conn.prepare(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE deleted_at IS NULL ORDER BY surname_key COLLATE NOCASE"
    ))?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Number of accounts (0 means the first-run setup has not been done).
pub fn count(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// The session's own account as stored now, for what a user does to their own account (PIN,
/// password, two-factor, preferences, drafts): active, and not waiting for a forced password
/// change. An admin who must still enrol two-factor authentication may (that is how they enrol).
pub(crate) fn own(conn: &Connection, session: &Session) -> CoreResult<User> {
    match get(conn, &session.id)? {
        Some(u) if u.is_active && !u.must_change_password => Ok(u),
        _ => Err(CoreError::Forbidden(Forbidden::new(
            Action::EditOwnProfile,
            ForbiddenReason::RoleTooLow,
        ))),
    }
}

/// Saves the session's own language and theme (audited `user.preferences`).
pub fn save_preferences(
    store: &mut crate::Store,
    session: &Session,
    locale: Lang,
    theme: Theme,
) -> CoreResult<User> {
    let id = own(store.conn(), session)?.id;
    store.write(Some(&id), |tx| set_preferences(tx, &id, locale, theme))
}

/// Sets a user's own UI preferences (language and theme).
pub(crate) fn set_preferences(
    tx: &Tx<'_>,
    user_id: &str,
    locale: Lang,
    theme: Theme,
) -> CoreResult<User> {
    let before = get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })?;
    tx.conn().execute(
        "UPDATE users SET locale = ?2, theme = ?3, updated_at = ?4 WHERE id = ?1",
        params![user_id, locale.code(), theme.as_str(), tx.now()],
    )?;
    let after = get(tx.conn(), user_id)?.ok_or(CoreError::NotFound { entity: "user" })?;
    tx.audit(AuditEntry {
        action: "user.preferences",
        entity: "user",
        entity_id: Some(user_id),
        before: Some(serde_json::json!({ "locale": before.locale, "theme": before.theme })),
        after: Some(serde_json::json!({ "locale": after.locale, "theme": after.theme })),
    })?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::store::Store;

    fn new_user(name: &str) -> NewUser {
        NewUser {
            username: name.into(),
            email: format!("{name}@example.fr"),
            display_name: "Marie Dupont".into(),
            role: Some(Role::Technician),
            password: "Atelier2026ppf".into(),
            locale: Lang::Fr,
            must_change_password: false,
        }
    }

    #[test]
    fn create_list_and_refuse_duplicates() {
        let mut s = Store::open_in_memory().unwrap();
        let policy = PasswordPolicy::default();
        s.write(None, |tx| insert(tx, &new_user("marie"), &policy))
            .unwrap();
        assert_eq!(count(s.conn()).unwrap(), 1);
        let err = s
            .write(None, |tx| insert(tx, &new_user("MARIE"), &policy))
            .unwrap_err();
        let CoreError::Invalid(f) = err else {
            panic!("expected Invalid")
        };
        assert_eq!(
            f.for_field("username").map(|e| e.key),
            Some("err-username-taken")
        );
        assert_eq!(f.for_field("email").map(|e| e.key), Some("err-email-taken"));
        assert_eq!(count(s.conn()).unwrap(), 1);
        let users = list(s.conn()).unwrap();
        assert_eq!(users.first().map(|u| u.role), Some(Role::Technician));
    }

    #[test]
    fn bad_input_is_reported_per_field_and_changes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        let bad = NewUser {
            username: "a b".into(),
            email: "nope".into(),
            display_name: " ".into(),
            role: None,
            password: "short".into(),
            ..NewUser::default()
        };
        let err = s
            .write(None, |tx| insert(tx, &bad, &PasswordPolicy::default()))
            .unwrap_err();
        let CoreError::Invalid(f) = err else {
            panic!("expected Invalid")
        };
        for field in ["username", "email", "display_name", "role", "password"] {
            assert!(f.for_field(field).is_some(), "{field} not reported");
        }
        assert_eq!(count(s.conn()).unwrap(), 0);
    }

    #[test]
    fn password_is_hashed_with_argon2id() {
        let mut s = Store::open_in_memory().unwrap();
        let u = s
            .write(None, |tx| {
                insert(tx, &new_user("paul"), &PasswordPolicy::default())
            })
            .unwrap();
        let hash: String = s
            .conn()
            .query_row(
                "SELECT password_hash FROM users WHERE id = ?1",
                [&u.id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(password::verify_secret("Atelier2026ppf", &hash));
    }
}
