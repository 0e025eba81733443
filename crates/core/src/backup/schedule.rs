//! When the next backup is due: [`next_run`], pure, in the shop's time zone.
//!
//! - **Daily at a time**: at that local time every day. A day where the time does not exist
//!   (the clocks jump forward over it) runs at the first minute after the jump; a day where it
//!   exists twice (the clocks go back) runs once, at the first of the two.
//! - **Every N hours**: N hours after the last successful backup.
//! - **On exit**: when the app closes; no time ([`next_run`] returns `None`).
//!
//! Catch-up: a run missed while the app was closed (or that failed) is due at once (`now`), and
//! only once however many were missed. Never backed up: due at once.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone as _, Utc};
use serde::{Deserialize, Serialize};

/// How often backups run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScheduleSpec {
    /// Every day at this local time.
    Daily {
        /// Hour, 0–23 (larger values are read as 23).
        hour: u32,
        /// Minute, 0–59 (larger values are read as 59).
        minute: u32,
    },
    /// Every this many hours (1 at least) after the last successful backup.
    EveryHours {
        /// Hours between backups.
        hours: u32,
    },
    /// When the app exits.
    OnExit,
}

/// When the next backup is due (UTC), given the last successful one and the time now; `now`
/// itself when one is due already (missed, or never done). `None` for [`ScheduleSpec::OnExit`],
/// which has no time.
pub fn next_run(
    last_ok: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    spec: &ScheduleSpec,
    tz: chrono_tz::Tz,
) -> Option<DateTime<Utc>> {
    match *spec {
        ScheduleSpec::OnExit => None,
        ScheduleSpec::EveryHours { hours } => {
            let Some(last) = last_ok else {
                return Some(now);
            };
            let next = last + Duration::hours(i64::from(hours.max(1)));
            Some(if next <= now { now } else { next })
        }
        ScheduleSpec::Daily { hour, minute } => {
            let at = NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or_default();
            let today = now.with_timezone(&tz).date_naive();
            let yesterday = today.pred_opt().unwrap_or(today);
            let tomorrow = today.succ_opt().unwrap_or(today);
            let today_run = occurrence(today, at, tz);
            // The last scheduled time not after now.
            let previous = if today_run <= now {
                today_run
            } else {
                occurrence(yesterday, at, tz)
            };
            match last_ok {
                None => return Some(now),
                Some(last) if last < previous => return Some(now),
                Some(_) => {}
            }
            Some(if today_run > now {
                today_run
            } else {
                occurrence(tomorrow, at, tz)
            })
        }
    }
}

/// The instant of `at` local time on `date`: the earlier one when it happens twice, the first
/// valid minute after it when it does not exist.
pub fn occurrence(date: NaiveDate, at: NaiveTime, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let local = date.and_time(at);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // In a gap (at most a few hours): the first minute that exists after it.
            for m in 1..=(24 * 60) {
                if let Some(t) = tz
                    .from_local_datetime(&(local + Duration::minutes(m)))
                    .earliest()
                {
                    // Back to the top of that minute run: the gap's end.
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn daily(hour: u32, minute: u32) -> ScheduleSpec {
        ScheduleSpec::Daily { hour, minute }
    }

    #[test]
    fn daily_next_is_today_or_tomorrow_local() {
        // Winter: Paris = UTC+1. Daily at 20:00 local = 19:00 UTC.
        let last = utc(2026, 1, 9, 19, 0);
        let now = utc(2026, 1, 10, 12, 0);
        assert_eq!(
            next_run(Some(last), now, &daily(20, 0), PARIS),
            Some(utc(2026, 1, 10, 19, 0))
        );
        // Just after today's run happened.
        let last = utc(2026, 1, 10, 19, 0);
        let now = utc(2026, 1, 10, 19, 5);
        assert_eq!(
            next_run(Some(last), now, &daily(20, 0), PARIS),
            Some(utc(2026, 1, 11, 19, 0))
        );
        // Summer: UTC+2.
        let last = utc(2026, 7, 1, 18, 0);
        let now = utc(2026, 7, 2, 8, 0);
        assert_eq!(
            next_run(Some(last), now, &daily(20, 0), PARIS),
            Some(utc(2026, 7, 2, 18, 0))
        );
    }

    #[test]
    fn missed_runs_catch_up_once_at_once() {
        // Last backup three days ago, the app was closed since: due now, once.
        let last = utc(2026, 1, 7, 19, 0);
        let now = utc(2026, 1, 10, 8, 0);
        assert_eq!(next_run(Some(last), now, &daily(20, 0), PARIS), Some(now));
        // Once that catch-up run succeeded, the next is tonight (not three more).
        let caught_up = now + Duration::minutes(2);
        let later = now + Duration::minutes(3);
        assert_eq!(
            next_run(Some(caught_up), later, &daily(20, 0), PARIS),
            Some(utc(2026, 1, 10, 19, 0))
        );
        // Never backed up: now.
        assert_eq!(next_run(None, now, &daily(20, 0), PARIS), Some(now));
        assert_eq!(
            next_run(None, now, &ScheduleSpec::EveryHours { hours: 6 }, PARIS),
            Some(now)
        );
    }

    #[test]
    fn spring_forward_gap_runs_at_the_end_of_the_gap() {
        // 2026-03-29: Paris jumps from 02:00 to 03:00 (01:00 UTC). 02:30 does not exist.
        let last = utc(2026, 3, 28, 1, 30); // 02:30 CET on the 28th
        let now = utc(2026, 3, 28, 12, 0);
        assert_eq!(
            next_run(Some(last), now, &daily(2, 30), PARIS),
            Some(utc(2026, 3, 29, 1, 0)),
            "03:00 CEST, the first minute after the gap"
        );
        // The day after, back to 02:30 CEST = 00:30 UTC.
        let last = utc(2026, 3, 29, 1, 0);
        let now = utc(2026, 3, 29, 9, 0);
        assert_eq!(
            next_run(Some(last), now, &daily(2, 30), PARIS),
            Some(utc(2026, 3, 30, 0, 30))
        );
    }

    #[test]
    fn fall_back_overlap_runs_once() {
        // 2026-10-25: Paris goes back from 03:00 CEST to 02:00 CET (01:00 UTC); 02:30 happens
        // at 00:30 UTC and again at 01:30 UTC.
        let last = utc(2026, 10, 24, 0, 30);
        let now = utc(2026, 10, 24, 12, 0);
        assert_eq!(
            next_run(Some(last), now, &daily(2, 30), PARIS),
            Some(utc(2026, 10, 25, 0, 30)),
            "the first 02:30"
        );
        // Ran at the first 02:30; at the second 02:30 nothing is due: tomorrow 02:30 CET.
        let last = utc(2026, 10, 25, 0, 31);
        let now = utc(2026, 10, 25, 1, 31);
        assert_eq!(
            next_run(Some(last), now, &daily(2, 30), PARIS),
            Some(utc(2026, 10, 26, 1, 30))
        );
    }

    #[test]
    fn every_n_hours() {
        let spec = ScheduleSpec::EveryHours { hours: 6 };
        let last = utc(2026, 1, 10, 6, 0);
        assert_eq!(
            next_run(Some(last), utc(2026, 1, 10, 7, 0), &spec, PARIS),
            Some(utc(2026, 1, 10, 12, 0))
        );
        // Overdue (closed for a day): now, once.
        let now = utc(2026, 1, 11, 9, 0);
        assert_eq!(next_run(Some(last), now, &spec, PARIS), Some(now));
        // Across a DST change the interval is real hours, not wall-clock hours.
        let last = utc(2026, 3, 28, 23, 0);
        assert_eq!(
            next_run(Some(last), utc(2026, 3, 29, 0, 0), &spec, PARIS),
            Some(utc(2026, 3, 29, 5, 0))
        );
        // 0 hours is treated as 1.
        let zero = ScheduleSpec::EveryHours { hours: 0 };
        assert_eq!(
            next_run(Some(last), utc(2026, 3, 28, 23, 10), &zero, PARIS),
            Some(utc(2026, 3, 29, 0, 0))
        );
    }

    #[test]
    fn on_exit_has_no_time() {
        assert_eq!(
            next_run(None, utc(2026, 1, 1, 0, 0), &ScheduleSpec::OnExit, PARIS),
            None
        );
    }

    #[test]
    fn spec_round_trips_as_json() {
        for spec in [
            daily(21, 15),
            ScheduleSpec::EveryHours { hours: 4 },
            ScheduleSpec::OnExit,
        ] {
            let text = serde_json::to_string(&spec).unwrap();
            assert_eq!(serde_json::from_str::<ScheduleSpec>(&text).unwrap(), spec);
        }
    }
}
