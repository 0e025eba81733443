//! The signed-in session: the only proof of identity the core's services accept.
//!
//! A [`Session`] is made by the core and nowhere else: by a sign-in that is complete
//! ([`crate::auth::login::LoginOutcome::SignedIn`], never while a password is still to change or a
//! required two-factor enrolment is pending), by the end of a required enrolment
//! ([`crate::auth::two_factor::confirm_enrolment`]) and by the first-run setup, which creates the
//! first admin with the password just typed. Its fields are private and it has no `Deserialize`,
//! so neither the UI, the CLI nor the sync can forge one:
//!
//! ```compile_fail
//! let s = rpma_core::Session { user: todo!(), method: todo!(), signed_in_at: 0 };
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

impl AsRef<User> for Session {
    fn as_ref(&self) -> &User {
        &self.user
    }
}
