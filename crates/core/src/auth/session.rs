//! The signed-in session: the only proof of identity the core's services accept.
//!
//! A [`Session`] is made by the core and nowhere else: by a sign-in that is complete
//! ([`crate::auth::login::LoginOutcome::SignedIn`], never while a password is still to change or a
//! required two-factor enrolment is pending), by the end of a required enrolment
//! ([`crate::auth::two_factor::confirm_enrolment`]) and by the first-run setup, which creates the
//! first admin with the password just typed. Its fields are private and it has no `Deserialize`,
//! so neither the UI, the CLI nor the sync can forge one:
//!
//! ```compile_fail,E0451
//! fn forge(user: rpma_core::users::User) -> rpma_core::Session {
//!     rpma_core::Session { user, method: None, signed_in_at: 0 }
//! }
//! ```
//!
//! A session remembers who signed in; it does not freeze their rights. Every service re-reads the
//! account through [`crate::users::current_actor`] (a deactivated, demoted or reset account is
//! refused, and so is an admin who has not enrolled the two-factor authentication the policy
//! requires) and acts on the account as stored now. Self-service actions (PIN, two-factor,
//! preferences, drafts, password) take the session and act on its own account only: there is no
//! user id to pass.

use std::ops::Deref;

use crate::auth::login::Method;
use crate::users::User;

/// A completed sign-in: the account, how it signed in and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    user: User,
    method: Option<Method>,
    signed_in_at: i64,
}

impl Session {
    /// Made by the core only, once a sign-in is complete.
    pub(crate) fn new(user: User, method: Method, signed_in_at: i64) -> Self {
        Self {
            user,
            method: Some(method),
            signed_in_at,
        }
    }

    /// Work the core does for `user` without them at the keyboard: a photo dropped into the
    /// watched folder for the intervention they armed on this terminal, the demo shop's history.
    /// Still checked like any session (the account as stored now, its role).
    pub(crate) fn on_behalf_of(user: User, at: i64) -> Self {
        Self {
            user,
            method: None,
            signed_in_at: at,
        }
    }

    /// The same sign-in with the account as stored now.
    pub(crate) fn refreshed(&self, user: User) -> Self {
        Self {
            user,
            method: self.method,
            signed_in_at: self.signed_in_at,
        }
    }

    /// The same sign-in showing the account's record as saved since (name, language, theme):
    /// what the screen displays. Another account's record is ignored. The core never trusts
    /// the record a session carries; it re-reads the account on every call.
    #[must_use]
    pub fn updated(&self, user: User) -> Self {
        if user.id == self.user.id {
            self.refreshed(user)
        } else {
            self.clone()
        }
    }

    /// The account, as it was when the session was made or last refreshed.
    pub fn user(&self) -> &User {
        &self.user
    }

    /// How the user signed in (the last step: password, PIN, TOTP or recovery code); `None` for
    /// work the core does on the user's behalf.
    pub fn method(&self) -> Option<Method> {
        self.method
    }

    /// When the sign-in completed (UTC ms).
    pub fn signed_in_at(&self) -> i64 {
        self.signed_in_at
    }

    /// A session for `user` without signing in: for tests only (the feature `test-support`,
    /// enabled by the workspace's tests and never by a build of the app).
    #[cfg(any(test, feature = "test-support"))]
    pub fn for_tests(user: User) -> Self {
        Self::new(user, Method::Password, 0)
    }
}

impl Deref for Session {
    type Target = User;

    fn deref(&self) -> &User {
        &self.user
    }
}

#[cfg(test)]
mod tests {
    use crate::auth::login::{self, LoginOutcome};
    use crate::error::CoreError;
    use crate::testutil::{Fixture, PW_TECH};
    use crate::{accounts, users};

    #[test]
    fn a_sign_in_makes_the_session_and_the_core_rereads_its_account() {
        let mut f = Fixture::new();
        let LoginOutcome::SignedIn(s) = login::login(&mut f.store, "tech", PW_TECH).unwrap() else {
            panic!("expected SignedIn");
        };
        assert_eq!(s.id, f.technician.id);
        assert_eq!(s.method(), Some(login::Method::Password));
        assert!(f.store.read_as(&s).is_ok());
        // Deactivated meanwhile: the session it still holds reads and writes nothing.
        accounts::set_active(&mut f.store, &f.admin, &s.id, false).unwrap();
        assert!(matches!(f.store.read_as(&s), Err(CoreError::Forbidden(_))));
        assert!(matches!(
            crate::jobs::save_draft(&mut f.store, &s, &serde_json::json!({ "n": 1 })),
            Err(CoreError::Forbidden(_))
        ));
    }

    #[test]
    fn an_admin_the_policy_now_requires_to_enrol_acts_as_nobody_until_enrolled() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        f.require_2fa_for_admins();
        // The session made before the change is refused by every service…
        assert!(matches!(
            users::list_as(f.store.conn(), &admin),
            Err(CoreError::Forbidden(_))
        ));
        assert!(matches!(
            f.store.read_as(&admin),
            Err(CoreError::Forbidden(_))
        ));
        // …but may still enrol, on its own account only.
        assert!(crate::auth::two_factor::begin_totp(&mut f.store, &admin).is_ok());
    }

    #[test]
    fn a_reset_account_is_refused_until_it_chose_its_password() {
        let mut f = Fixture::new();
        let tech = f.technician.clone();
        accounts::reset_password(&mut f.store, &f.admin, &tech.id).unwrap();
        assert!(matches!(
            f.store.read_as(&tech),
            Err(CoreError::Forbidden(_))
        ));
        assert!(matches!(
            crate::auth::pin::clear_pin(&mut f.store, &tech),
            Err(CoreError::Forbidden(_))
        ));
    }

    #[test]
    fn a_session_shows_its_own_record_only() {
        let f = Fixture::new();
        let other = f.user(&f.admin.id);
        let s = f.technician.updated(other);
        assert_eq!(s.id, f.technician.id);
    }

    /// What `read_as` hands out reads only: a viewer (or any caller) cannot write through it,
    /// and the services still write afterwards.
    #[test]
    fn the_read_connection_refuses_every_write() {
        let mut f = Fixture::new();
        let viewer = f.viewer.clone();
        let conn = f.store.read_as(&viewer).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 4);
        for sql in [
            "UPDATE users SET role = 'admin'",
            "DELETE FROM settings",
            "INSERT INTO job_drafts (user_id, data, updated_at) VALUES ('x', '{}', 0)",
            "CREATE TABLE sneaky (x)",
        ] {
            let err = conn.execute(sql, []).unwrap_err();
            assert!(err.to_string().contains("readonly"), "{sql}: {err}");
        }
        let roles: Vec<String> = conn
            .prepare("SELECT role FROM users ORDER BY role")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(roles, ["admin", "supervisor", "technician", "viewer"]);
        // A service's use case writes as before.
        crate::jobs::save_draft(&mut f.store, &viewer, &serde_json::json!({ "n": 1 })).unwrap();
    }
}
