//! Accounts and security: roles, the permission matrix, password and PIN hashing, TOTP, login.

pub mod login;
pub mod password;
pub mod permissions;
pub mod totp;
