//! The shop's local settings ([`ShopSettings`]): time zone, language and business hours.

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::validate::FieldErrors;

/// Opening hours of one day, as `HH:MM` (24 h, shop time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenHours {
    /// Opening time, `HH:MM`.
    pub open: String,
    /// Closing time, `HH:MM`, after the opening time.
    pub close: String,
}

impl OpenHours {
    /// Hours from two `HH:MM` texts.
    pub fn new(open: &str, close: &str) -> Self {
        Self {
            open: open.to_owned(),
            close: close.to_owned(),
        }
    }

    /// The parsed times, when both are valid `HH:MM` and the shop opens before it closes.
    pub fn times(&self) -> Option<(NaiveTime, NaiveTime)> {
        let open = parse_hhmm(&self.open)?;
        let close = parse_hhmm(&self.close)?;
        (open < close).then_some((open, close))
    }
}

/// Parses a strict `HH:MM` (two digits each, 00:00–23:59).
pub fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 5 || b.get(2) != Some(&b':') {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

/// Opening hours per weekday; `None` means closed that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessHours {
    /// Monday.
    pub mon: Option<OpenHours>,
    /// Tuesday.
    pub tue: Option<OpenHours>,
    /// Wednesday.
    pub wed: Option<OpenHours>,
    /// Thursday.
    pub thu: Option<OpenHours>,
    /// Friday.
    pub fri: Option<OpenHours>,
    /// Saturday.
    pub sat: Option<OpenHours>,
    /// Sunday.
    pub sun: Option<OpenHours>,
}

impl Default for BusinessHours {
    /// Monday to Friday 08:00–18:00, Saturday 09:00–12:00, closed on Sunday.
    fn default() -> Self {
        let week = || Some(OpenHours::new("08:00", "18:00"));
        Self {
            mon: week(),
            tue: week(),
            wed: week(),
            thu: week(),
            fri: week(),
            sat: Some(OpenHours::new("09:00", "12:00")),
            sun: None,
        }
    }
}

impl BusinessHours {
    /// Every weekday, Monday first, with its hours.
    pub fn days(&self) -> [(Weekday, Option<&OpenHours>); 7] {
        [
            (Weekday::Mon, self.mon.as_ref()),
            (Weekday::Tue, self.tue.as_ref()),
            (Weekday::Wed, self.wed.as_ref()),
            (Weekday::Thu, self.thu.as_ref()),
            (Weekday::Fri, self.fri.as_ref()),
            (Weekday::Sat, self.sat.as_ref()),
            (Weekday::Sun, self.sun.as_ref()),
        ]
    }

    /// The hours of one weekday (`None`: closed).
    pub fn day(&self, day: Weekday) -> Option<&OpenHours> {
        match day {
            Weekday::Mon => self.mon.as_ref(),
            Weekday::Tue => self.tue.as_ref(),
            Weekday::Wed => self.wed.as_ref(),
            Weekday::Thu => self.thu.as_ref(),
            Weekday::Fri => self.fri.as_ref(),
            Weekday::Sat => self.sat.as_ref(),
            Weekday::Sun => self.sun.as_ref(),
        }
    }
}

/// Form field name of a weekday's hours (`hours_mon` … `hours_sun`).
pub fn hours_field(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "hours_mon",
        Weekday::Tue => "hours_tue",
        Weekday::Wed => "hours_wed",
        Weekday::Thu => "hours_thu",
        Weekday::Fri => "hours_fri",
        Weekday::Sat => "hours_sat",
        Weekday::Sun => "hours_sun",
    }
}

/// The shop's local settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShopSettings {
    /// IANA time zone, e.g. `Europe/Paris`.
    pub timezone: String,
    /// Default language (documents, new accounts).
    pub locale: Lang,
    /// Opening hours.
    pub business_hours: BusinessHours,
}

impl Default for ShopSettings {
    fn default() -> Self {
        Self {
            timezone: "Europe/Paris".to_owned(),
            locale: Lang::Fr,
            business_hours: BusinessHours::default(),
        }
    }
}

impl ShopSettings {
    /// The time zone, when it is a known IANA name.
    pub fn tz(&self) -> Option<chrono_tz::Tz> {
        self.timezone.trim().parse().ok()
    }

    /// Every problem with the values, by field.
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.tz().is_none() {
            e.add("timezone", "err-timezone");
        }
        for (day, hours) in self.business_hours.days() {
            if hours.is_some_and(|h| h.times().is_none()) {
                e.add(hours_field(day), "err-hours");
            }
        }
        e
    }

    /// Trimmed copy (time zone name and times).
    pub(super) fn normalized(mut self) -> Self {
        self.timezone = self.timezone.trim().to_owned();
        let fix = |h: &mut Option<OpenHours>| {
            if let Some(h) = h {
                h.open = h.open.trim().to_owned();
                h.close = h.close.trim().to_owned();
            }
        };
        let b = &mut self.business_hours;
        for h in [
            &mut b.mon, &mut b.tue, &mut b.wed, &mut b.thu, &mut b.fri, &mut b.sat, &mut b.sun,
        ] {
            fix(h);
        }
        self
    }
}
