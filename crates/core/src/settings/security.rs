//! The shop's security rules ([`SecurityPolicy`]): password rules, lockout, session limits, 2FA
//! and PIN rules, and whether a session may go on.

use serde::{Deserialize, Serialize};

use super::{
    IDLE_TIMEOUT_RANGE, LOCKOUT_MINUTES_RANGE, LOCKOUT_THRESHOLD_RANGE, PASSWORD_MIN_LENGTH_RANGE,
    SESSION_HOURS_RANGE, check_range,
};
use crate::auth::password::PasswordPolicy;
use crate::validate::FieldErrors;

const MINUTE_MS: i64 = 60_000;

/// The shop's security rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityPolicy {
    /// Rules for new passwords.
    pub password: PasswordPolicy,
    /// Failures (within the window) that lock an account: 3–20, default 5.
    pub lockout_threshold: u32,
    /// Window in which failures are counted, in minutes: 1–1440, default 15.
    pub lockout_window_min: u32,
    /// How long a lock lasts, in minutes: 1–1440, default 15.
    pub lockout_duration_min: u32,
    /// Inactivity after which a session is closed, in minutes: 1–480, default 30.
    pub idle_timeout_min: u32,
    /// Absolute session lifetime, in hours: 1–24, default 8.
    pub session_max_hours: u32,
    /// Admins must use two-factor authentication (they enrol at their next login).
    pub require_2fa_for_admins: bool,
    /// Admins may not use the PIN quick-switch; they sign in with their password.
    pub admins_switch_with_password: bool,
}

impl Default for SecurityPolicy {
    fn default() -> Self {
        Self {
            password: PasswordPolicy::default(),
            lockout_threshold: 5,
            lockout_window_min: 15,
            lockout_duration_min: 15,
            idle_timeout_min: 30,
            session_max_hours: 8,
            require_2fa_for_admins: false,
            admins_switch_with_password: true,
        }
    }
}

/// Whether a session may go on (see [`SecurityPolicy::session_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// The session is valid.
    Active,
    /// Nothing happened for longer than the idle timeout.
    IdleTimeout,
    /// The session is older than its absolute lifetime.
    Expired,
}

impl SecurityPolicy {
    /// Failure-counting window in milliseconds.
    pub fn window_ms(&self) -> i64 {
        i64::from(self.lockout_window_min) * MINUTE_MS
    }

    /// Lock duration in milliseconds.
    pub fn lock_ms(&self) -> i64 {
        i64::from(self.lockout_duration_min) * MINUTE_MS
    }

    /// Idle timeout in milliseconds.
    pub fn idle_ms(&self) -> i64 {
        i64::from(self.idle_timeout_min) * MINUTE_MS
    }

    /// Absolute session lifetime in milliseconds.
    pub fn session_ms(&self) -> i64 {
        i64::from(self.session_max_hours) * 60 * MINUTE_MS
    }

    /// Whether a session that started at `started_ms` and last saw user activity at
    /// `last_activity_ms` may go on at `now_ms`. The absolute lifetime wins over the idle timeout.
    pub fn session_state(
        &self,
        started_ms: i64,
        last_activity_ms: i64,
        now_ms: i64,
    ) -> SessionState {
        if now_ms.saturating_sub(started_ms) >= self.session_ms() {
            SessionState::Expired
        } else if now_ms.saturating_sub(last_activity_ms) >= self.idle_ms() {
            SessionState::IdleTimeout
        } else {
            SessionState::Active
        }
    }

    /// Every problem with the values, by field.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        check_range(
            &mut e,
            "password_min_length",
            u32::from(self.password.min_length),
            PASSWORD_MIN_LENGTH_RANGE,
        );
        check_range(
            &mut e,
            "lockout_threshold",
            self.lockout_threshold,
            LOCKOUT_THRESHOLD_RANGE,
        );
        check_range(
            &mut e,
            "lockout_window_min",
            self.lockout_window_min,
            LOCKOUT_MINUTES_RANGE,
        );
        check_range(
            &mut e,
            "lockout_duration_min",
            self.lockout_duration_min,
            LOCKOUT_MINUTES_RANGE,
        );
        check_range(
            &mut e,
            "idle_timeout_min",
            self.idle_timeout_min,
            IDLE_TIMEOUT_RANGE,
        );
        check_range(
            &mut e,
            "session_max_hours",
            self.session_max_hours,
            SESSION_HOURS_RANGE,
        );
        e
    }
}
