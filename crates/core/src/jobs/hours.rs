//! Business hours and the planning: the warnings for a slot outside the shop's opening hours
//! (closed day, before opening, past closing) and the next open slot the job wizard proposes.
//!
//! These are warnings, not refusals: a shop may plan a Saturday-afternoon job on purpose. The
//! wizard and the calendar show them; [`slot_warnings`] reads the shop's settings, the pure
//! [`hours_warnings`] and [`next_open_slot`] take the hours (the UI already holds them).

use chrono::{Datelike as _, Duration, NaiveDate, NaiveTime, TimeZone as _, Timelike as _, Utc};
use rusqlite::Connection;

use crate::error::CoreResult;
use crate::format::Tz;
use crate::i18n::{Arg, Lang};
use crate::settings::{self, BusinessHours};

/// Why a slot falls outside the shop's opening hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursWarning {
    /// The shop is closed that day.
    ClosedDay {
        /// The day (shop time).
        day: chrono::Weekday,
    },
    /// The job starts before the shop opens.
    BeforeOpening {
        /// Opening time that day.
        open: NaiveTime,
    },
    /// The job ends after the shop closes (or on a later day).
    AfterClosing {
        /// Closing time that day.
        close: NaiveTime,
    },
}

impl HoursWarning {
    /// The warning in `lang`, e.g. « L’atelier est fermé le dimanche. ».
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::ClosedDay { day } => lang.tr_args(
                "job-warn-closed-day",
                &[("day", Arg::from(lang.tr(weekday_key(*day))))],
            ),
            Self::BeforeOpening { open } => lang.tr_args(
                "job-warn-before-opening",
                &[("time", Arg::from(open.format("%H:%M").to_string()))],
            ),
            Self::AfterClosing { close } => lang.tr_args(
                "job-warn-after-closing",
                &[("time", Arg::from(close.format("%H:%M").to_string()))],
            ),
        }
    }
}

/// The catalogue key of a weekday's name (« dimanche »).
fn weekday_key(d: chrono::Weekday) -> &'static str {
    match d {
        chrono::Weekday::Mon => "calendar-weekday-mon",
        chrono::Weekday::Tue => "calendar-weekday-tue",
        chrono::Weekday::Wed => "calendar-weekday-wed",
        chrono::Weekday::Thu => "calendar-weekday-thu",
        chrono::Weekday::Fri => "calendar-weekday-fri",
        chrono::Weekday::Sat => "calendar-weekday-sat",
        chrono::Weekday::Sun => "calendar-weekday-sun",
    }
}

/// Local date and time of `ms` in `tz`.
fn local(ms: i64, tz: Tz) -> Option<chrono::NaiveDateTime> {
    Some(
        Utc.timestamp_millis_opt(ms)
            .single()?
            .with_timezone(&tz)
            .naive_local(),
    )
}

/// Every way the slot `[start, end)` (UTC ms) leaves the opening hours of its first day (shop
/// time): a closed day, a start before opening, an end after closing or on a later day. Empty
/// when the slot fits.
pub fn hours_warnings(hours: &BusinessHours, tz: Tz, start: i64, end: i64) -> Vec<HoursWarning> {
    let (Some(s), Some(e)) = (local(start, tz), local(end.max(start), tz)) else {
        return Vec::new();
    };
    let day = s.date().weekday();
    let Some((open, close)) = hours.day(day).and_then(settings::OpenHours::times) else {
        return vec![HoursWarning::ClosedDay { day }];
    };
    let mut out = Vec::new();
    if s.time() < open {
        out.push(HoursWarning::BeforeOpening { open });
    }
    if e > s.date().and_time(close) {
        out.push(HoursWarning::AfterClosing { close });
    }
    out
}

/// [`hours_warnings`] with the shop's hours and time zone as saved.
pub fn slot_warnings(conn: &Connection, start: i64, end: i64) -> CoreResult<Vec<HoursWarning>> {
    let shop = settings::get_shop(conn)?;
    let tz = shop.tz().unwrap_or(crate::format::DEFAULT_TZ);
    Ok(hours_warnings(&shop.business_hours, tz, start, end))
}

/// How far ahead [`next_open_slot`] looks.
const LOOKAHEAD_DAYS: i64 = 14;

/// The slot the job wizard proposes: the first start at or after `now` (rounded up to `step`
/// minutes) on an open day where a job of `minutes` ends by closing time; the day's opening on
/// the following days. When no day within two weeks is long enough, the first open day from its
/// opening to its closing. `None` when the shop never opens. Returns `(start, end)` in UTC ms.
pub fn next_open_slot(
    hours: &BusinessHours,
    tz: Tz,
    now: i64,
    minutes: u32,
    step: u32,
) -> Option<(i64, i64)> {
    let now_local = local(now, tz)?;
    let step = i64::from(step.max(1));
    let len = i64::from(minutes.max(1));
    let at = |d: NaiveDate, m: i64| {
        let naive = d.and_time(NaiveTime::MIN) + Duration::minutes(m);
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|t| t.timestamp_millis())
    };
    let minute_of = |t: NaiveTime| i64::from(t.hour()) * 60 + i64::from(t.minute());
    let mut first_open: Option<(NaiveDate, i64, i64)> = None;
    for k in 0..LOOKAHEAD_DAYS {
        let day = now_local.date() + Duration::days(k);
        let Some((open, close)) = hours
            .day(day.weekday())
            .and_then(settings::OpenHours::times)
        else {
            continue;
        };
        let (open, close) = (minute_of(open), minute_of(close));
        let earliest = if k == 0 {
            let m = minute_of(now_local.time()) + i64::from(now_local.second() > 0);
            (m + step - 1).div_euclid(step) * step
        } else {
            0
        };
        let begin = earliest.max(open);
        if begin >= close {
            continue;
        }
        first_open.get_or_insert((day, begin, close));
        if begin + len <= close {
            return Some((at(day, begin)?, at(day, begin + len)?));
        }
    }
    let (day, begin, close) = first_open?;
    Some((at(day, begin)?, at(day, close)?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::format::DEFAULT_TZ;
    use crate::settings::OpenHours;
    use crate::testutil::Fixture;

    /// UTC ms of a Paris local time.
    fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        DEFAULT_TZ
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn a_slot_in_opening_hours_has_no_warning() {
        let h = BusinessHours::default();
        // Monday 7 December 2026, 09:00–13:00.
        let w = hours_warnings(
            &h,
            DEFAULT_TZ,
            paris(2026, 12, 7, 9, 0),
            paris(2026, 12, 7, 13, 0),
        );
        assert!(w.is_empty(), "{w:?}");
        // Exactly opening to closing.
        let w = hours_warnings(
            &h,
            DEFAULT_TZ,
            paris(2026, 12, 7, 8, 0),
            paris(2026, 12, 7, 18, 0),
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn a_sunday_is_a_closed_day() {
        let h = BusinessHours::default();
        let w = hours_warnings(
            &h,
            DEFAULT_TZ,
            paris(2026, 12, 6, 9, 0),
            paris(2026, 12, 6, 11, 0),
        );
        assert_eq!(
            w,
            vec![HoursWarning::ClosedDay {
                day: chrono::Weekday::Sun
            }]
        );
        assert_eq!(
            w[0].message(Lang::Fr),
            "L’atelier est fermé ce jour-là (dimanche)."
        );
        assert_eq!(
            w[0].message(Lang::En),
            "The shop is closed on that day (Sunday)."
        );
    }

    #[test]
    fn before_opening_and_past_closing_are_warned() {
        let h = BusinessHours::default();
        // Saturday: 09:00–12:00. 08:30–13:00 is both.
        let w = hours_warnings(
            &h,
            DEFAULT_TZ,
            paris(2026, 12, 5, 8, 30),
            paris(2026, 12, 5, 13, 0),
        );
        let open = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let close = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert_eq!(
            w,
            vec![
                HoursWarning::BeforeOpening { open },
                HoursWarning::AfterClosing { close }
            ]
        );
        assert_eq!(w[1].message(Lang::Fr), "Finit après la fermeture (12:00).");
        // A job running into the next day ends past closing too.
        let w = hours_warnings(
            &h,
            DEFAULT_TZ,
            paris(2026, 12, 7, 16, 0),
            paris(2026, 12, 8, 10, 0),
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(matches!(w[0], HoursWarning::AfterClosing { .. }));
    }

    #[test]
    fn the_settings_hours_are_the_ones_checked() {
        let mut f = Fixture::new();
        let mut shop = settings::get_shop(f.store.conn()).unwrap();
        shop.business_hours.sun = Some(OpenHours::new("10:00", "12:00"));
        shop.business_hours.mon = None;
        let admin = f.admin.clone();
        f.store
            .write(Some(&admin.id), |tx| settings::save_shop(tx, &admin, shop))
            .unwrap();
        let sunday = slot_warnings(
            f.store.conn(),
            paris(2026, 12, 6, 10, 0),
            paris(2026, 12, 6, 11, 0),
        )
        .unwrap();
        assert!(sunday.is_empty(), "{sunday:?}");
        let monday = slot_warnings(
            f.store.conn(),
            paris(2026, 12, 7, 10, 0),
            paris(2026, 12, 7, 11, 0),
        )
        .unwrap();
        assert_eq!(
            monday,
            vec![HoursWarning::ClosedDay {
                day: chrono::Weekday::Mon
            }]
        );
    }

    #[test]
    fn the_next_open_slot_skips_closed_days_and_short_ends() {
        let h = BusinessHours::default();
        // Sunday 03:12 → Monday 08:00–12:00.
        let (s, e) = next_open_slot(&h, DEFAULT_TZ, paris(2026, 12, 6, 3, 12), 240, 15).unwrap();
        assert_eq!(
            (s, e),
            (paris(2026, 12, 7, 8, 0), paris(2026, 12, 7, 12, 0))
        );
        // Tuesday 10:07 → 10:15 the same day.
        let (s, _) = next_open_slot(&h, DEFAULT_TZ, paris(2026, 12, 8, 10, 7), 240, 15).unwrap();
        assert_eq!(s, paris(2026, 12, 8, 10, 15));
        // Tuesday 15:00: four hours no longer fit before 18:00 → Wednesday's opening.
        let (s, _) = next_open_slot(&h, DEFAULT_TZ, paris(2026, 12, 8, 15, 0), 240, 15).unwrap();
        assert_eq!(s, paris(2026, 12, 9, 8, 0));
        // Saturday 09:00–12:00 is too short for four hours → Monday.
        let (s, _) = next_open_slot(&h, DEFAULT_TZ, paris(2026, 12, 5, 7, 0), 240, 15).unwrap();
        assert_eq!(s, paris(2026, 12, 7, 8, 0));
        // …but fits two hours.
        let (s, e) = next_open_slot(&h, DEFAULT_TZ, paris(2026, 12, 5, 7, 0), 120, 15).unwrap();
        assert_eq!(
            (s, e),
            (paris(2026, 12, 5, 9, 0), paris(2026, 12, 5, 11, 0))
        );
        // Every proposal is free of warnings.
        for now in [paris(2026, 12, 6, 3, 12), paris(2026, 12, 5, 11, 50)] {
            let (s, e) = next_open_slot(&h, DEFAULT_TZ, now, 240, 15).unwrap();
            assert!(hours_warnings(&h, DEFAULT_TZ, s, e).is_empty());
        }
    }

    #[test]
    fn a_job_longer_than_any_day_gets_the_first_open_day() {
        let h = BusinessHours::default();
        let (s, e) = next_open_slot(&h, DEFAULT_TZ, paris(2026, 12, 6, 3, 0), 1440, 15).unwrap();
        assert_eq!(
            (s, e),
            (paris(2026, 12, 7, 8, 0), paris(2026, 12, 7, 18, 0))
        );
        let closed = BusinessHours {
            mon: None,
            tue: None,
            wed: None,
            thu: None,
            fri: None,
            sat: None,
            sun: None,
        };
        assert_eq!(
            next_open_slot(&closed, DEFAULT_TZ, paris(2026, 12, 6, 3, 0), 60, 15),
            None
        );
    }
}
