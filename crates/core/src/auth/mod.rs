//! Accounts and security: roles, the permission matrix, password and PIN hashing, TOTP, login,
//! lockout, PIN quick-switch and two-factor enrolment.

pub(crate) mod credentials;
pub mod lockout;
pub mod login;
pub mod password;
pub mod permissions;
pub mod pin;
pub mod session;
pub mod totp;
pub(crate) mod totp_store;
pub mod two_factor;
