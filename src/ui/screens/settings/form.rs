//! The Settings draft as typed (General and Updates tabs): one weekday's hours, the whole form,
//! and the conversion from the saved settings and back (numbers stay text until saved).

use chrono::Weekday;
use rpma_core::Lang;
use rpma_core::org::Organisation;
use rpma_core::settings::{
    self, AllSettings, BusinessHours, OpenHours, SecurityPolicy, ShopSettings, TerminalSettings,
    UpdateSettings,
};
use rpma_core::updates::Channel;
use rpma_core::validate::FieldErrors;

/// Weekdays, Monday first, with the i18n key of their name.
pub(super) const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "settings-day-mon"),
    (Weekday::Tue, "settings-day-tue"),
    (Weekday::Wed, "settings-day-wed"),
    (Weekday::Thu, "settings-day-thu"),
    (Weekday::Fri, "settings-day-fri"),
    (Weekday::Sat, "settings-day-sat"),
    (Weekday::Sun, "settings-day-sun"),
];

/// Times proposed when a closed day is ticked open.
const DEFAULT_OPEN: &str = "09:00";
const DEFAULT_CLOSE: &str = "18:00";

/// One weekday as edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DayForm {
    pub(super) open: bool,
    pub(super) from: String,
    pub(super) to: String,
}

/// The draft as typed: numbers stay text until saved, so that bad input can be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Form {
    pub(super) org: Organisation,
    pub(super) locale: Lang,
    pub(super) timezone: String,
    pub(super) days: [DayForm; 7],
    pub(super) password_min: String,
    pub(super) require_upper: bool,
    pub(super) require_lower: bool,
    pub(super) require_digit: bool,
    pub(super) require_symbol: bool,
    pub(super) lockout_threshold: String,
    pub(super) lockout_window: String,
    pub(super) lockout_duration: String,
    pub(super) idle_timeout: String,
    pub(super) session_hours: String,
    pub(super) require_2fa: bool,
    pub(super) admins_password: bool,
    pub(super) update_check: bool,
    pub(super) update_channel: Channel,
    pub(super) update_repo: String,
    pub(super) kiosk: bool,
    /// Bays, one per line.
    pub(super) bays: String,
    pub(super) max_jobs_per_day: String,
    pub(super) default_job_minutes: String,
}

fn day_slot(hours: &mut BusinessHours, day: Weekday) -> &mut Option<OpenHours> {
    match day {
        Weekday::Mon => &mut hours.mon,
        Weekday::Tue => &mut hours.tue,
        Weekday::Wed => &mut hours.wed,
        Weekday::Thu => &mut hours.thu,
        Weekday::Fri => &mut hours.fri,
        Weekday::Sat => &mut hours.sat,
        Weekday::Sun => &mut hours.sun,
    }
}

impl Form {
    pub(super) fn from_settings(s: &AllSettings) -> Self {
        let day = |d: Weekday| match s.shop.business_hours.day(d) {
            Some(h) => DayForm {
                open: true,
                from: h.open.clone(),
                to: h.close.clone(),
            },
            None => DayForm {
                open: false,
                from: DEFAULT_OPEN.to_owned(),
                to: DEFAULT_CLOSE.to_owned(),
            },
        };
        let p = &s.security;
        Self {
            org: s.org.clone(),
            locale: s.shop.locale,
            timezone: s.shop.timezone.clone(),
            days: DAYS.map(|(d, _)| day(d)),
            password_min: p.password.min_length.to_string(),
            require_upper: p.password.require_upper,
            require_lower: p.password.require_lower,
            require_digit: p.password.require_digit,
            require_symbol: p.password.require_symbol,
            lockout_threshold: p.lockout_threshold.to_string(),
            lockout_window: p.lockout_window_min.to_string(),
            lockout_duration: p.lockout_duration_min.to_string(),
            idle_timeout: p.idle_timeout_min.to_string(),
            session_hours: p.session_max_hours.to_string(),
            require_2fa: p.require_2fa_for_admins,
            admins_password: p.admins_switch_with_password,
            update_check: s.updates.check_at_startup,
            update_channel: s.updates.channel,
            update_repo: s.updates.repository.clone(),
            kiosk: s.terminal.kiosk,
            bays: s.planning.bays.join("\n"),
            max_jobs_per_day: s.planning.max_jobs_per_technician_per_day.to_string(),
            default_job_minutes: s.planning.default_job_minutes.to_string(),
        }
    }

    /// The settings the draft stands for, and the fields whose text is not a number.
    pub(super) fn build(&self) -> (AllSettings, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut num = |text: &str, field: &'static str| match text.trim().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                errors.add(field, "settings-err-number");
                0
            }
        };
        let min_length = num(&self.password_min, "password_min_length");
        let security = SecurityPolicy {
            password: rpma_core::auth::password::PasswordPolicy {
                // Out of the u8 range is out of the allowed range too: the core says so.
                min_length: u8::try_from(min_length).unwrap_or(u8::MAX),
                require_upper: self.require_upper,
                require_lower: self.require_lower,
                require_digit: self.require_digit,
                require_symbol: self.require_symbol,
            },
            lockout_threshold: num(&self.lockout_threshold, "lockout_threshold"),
            lockout_window_min: num(&self.lockout_window, "lockout_window_min"),
            lockout_duration_min: num(&self.lockout_duration, "lockout_duration_min"),
            idle_timeout_min: num(&self.idle_timeout, "idle_timeout_min"),
            session_max_hours: num(&self.session_hours, "session_max_hours"),
            require_2fa_for_admins: self.require_2fa,
            admins_switch_with_password: self.admins_password,
        };
        let mut hours = BusinessHours::default();
        for ((day, _), form) in DAYS.iter().zip(&self.days) {
            *day_slot(&mut hours, *day) = form
                .open
                .then(|| OpenHours::new(form.from.trim(), form.to.trim()));
        }
        let planning = settings::PlanningSettings {
            // Blank lines are spacing, not bays.
            bays: self
                .bays
                .lines()
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_owned)
                .collect(),
            max_jobs_per_technician_per_day: num(
                &self.max_jobs_per_day,
                "max_jobs_per_technician_per_day",
            ),
            default_job_minutes: num(&self.default_job_minutes, "default_job_minutes"),
        };
        let shop = ShopSettings {
            timezone: self.timezone.clone(),
            locale: self.locale,
            business_hours: hours,
        };
        (
            AllSettings {
                org: self.org.clone(),
                security,
                shop,
                updates: UpdateSettings {
                    check_at_startup: self.update_check,
                    channel: self.update_channel,
                    repository: self.update_repo.clone(),
                },
                terminal: TerminalSettings { kiosk: self.kiosk },
                planning,
            },
            errors,
        )
    }
}
