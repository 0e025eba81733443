//! How the generator fills one day: each technician and each bay takes the next job when free,
//! with a quarter of an hour between jobs. The demo shop plans within the shop's business hours
//! (closed days are skipped, a job ends by closing time, a shorter length is taken when the day's
//! end is near, a full day sends the rest to the next day); the bench shop ignores them, to reach
//! its size with the demo's two technicians.

use chrono::{Datelike as _, NaiveDate, Timelike as _};

use rpma_core::settings::{BusinessHours, OpenHours};

/// Where the day starts when business hours are ignored (08:30), in minutes.
const BENCH_OPEN: i64 = 510;

/// Opening and closing minutes of `day`: from the business hours when `within_hours` (`None`:
/// closed), else Monday to Saturday from 08:30 with no closing time.
pub(crate) fn day_hours(
    hours: &BusinessHours,
    day: NaiveDate,
    within_hours: bool,
) -> Option<(i64, i64)> {
    if !within_hours {
        return (day.weekday().num_days_from_monday() < 6).then_some((BENCH_OPEN, i64::MAX));
    }
    let (open, close) = hours.day(day.weekday()).and_then(OpenHours::times)?;
    let m = |t: chrono::NaiveTime| i64::from(t.hour()) * 60 + i64::from(t.minute());
    Some((m(open), m(close)))
}

/// One day being filled.
pub(crate) struct DaySlots {
    close: i64,
    tech_free: Vec<i64>,
    bay_free: Vec<i64>,
}

impl DaySlots {
    /// A day from `open` to `close` (minutes) for `techs` technicians and `bays` bays.
    pub(crate) fn new((open, close): (i64, i64), techs: usize, bays: usize) -> Self {
        Self {
            close,
            tech_free: vec![open; techs.max(1)],
            bay_free: vec![open; bays.max(1)],
        }
    }

    /// The next job of about `wanted` minutes: (technician, bay, start, end) in minutes of the
    /// day. The technician and the bay free earliest take it, from the next quarter hour; when
    /// `wanted` would pass closing time, the longest of `lengths` that fits is taken instead.
    /// `None` when nothing fits any more: the day is full.
    pub(crate) fn next(
        &mut self,
        wanted: i64,
        lengths: &[i64],
    ) -> Option<(usize, usize, i64, i64)> {
        let earliest = |v: &[i64]| {
            v.iter()
                .enumerate()
                .min_by_key(|(_, m)| **m)
                .map(|(i, m)| (i, *m))
        };
        let (ti, t_at) = earliest(&self.tech_free)?;
        let (bi, b_at) = earliest(&self.bay_free)?;
        let start = (t_at.max(b_at) + 14) / 15 * 15;
        let room = self.close.saturating_sub(start);
        let length = if wanted <= room {
            wanted
        } else {
            lengths.iter().copied().filter(|l| *l <= room).max()?
        };
        let end = start + length;
        for slot in [self.tech_free.get_mut(ti), self.bay_free.get_mut(bi)]
            .into_iter()
            .flatten()
        {
            *slot = end + 15;
        }
        Some((ti, bi, start, end))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_day_fills_within_opening_hours_then_is_full() {
        let hours = BusinessHours::default();
        let saturday = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let sunday = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(day_hours(&hours, sunday, true), None);
        assert_eq!(day_hours(&hours, saturday, true), Some((540, 720)));
        assert_eq!(day_hours(&hours, saturday, false), Some((510, i64::MAX)));
        let mut day = DaySlots::new((540, 720), 2, 3);
        let lengths = [120, 180, 240, 300, 420, 480];
        // Four hours do not fit on a Saturday morning: three do, for each technician.
        assert_eq!(day.next(240, &lengths), Some((0, 0, 540, 720)));
        assert_eq!(day.next(480, &lengths), Some((1, 1, 540, 720)));
        assert_eq!(day.next(120, &lengths), None);
    }
}
