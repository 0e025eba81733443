//! Dates of the calendar's periods and the layout of one reply, computed once per reply (or per
//! change of view), never per frame: the jobs of each day, and the time-grid blocks with their
//! side-by-side lanes.

use chrono::{Datelike as _, Duration, NaiveDate, NaiveTime, TimeZone as _, Timelike as _, Utc};
use rpma_core::format::Tz;
use rpma_core::ids::UserId;
use rpma_core::jobs::JobRow;
use rpma_core::settings::{BusinessHours, OpenHours};

/// The calendar's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// One day, time grid.
    Day,
    /// Seven days, time grid.
    #[default]
    Week,
    /// The month, day cells.
    Month,
    /// The month as a list grouped by day.
    Agenda,
}

/// What the Day view's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Columns {
    /// One column per technician (and one for unassigned jobs).
    #[default]
    Technician,
    /// One column per bay (and one for jobs without a bay).
    Bay,
}

/// The Monday of the week of `d`.
pub fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The first day of the month of `d`.
pub fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// `d` moved by `months` (clamped to the month's last day).
pub fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0().cast_signed() + months;
    let (y, m0) = (total.div_euclid(12), total.rem_euclid(12));
    let m = m0.cast_unsigned() + 1;
    (0..4)
        .find_map(|back| NaiveDate::from_ymd_opt(y, m, d.day().saturating_sub(back).max(1)))
        .unwrap_or(d)
}

/// The days a view shows around `anchor`.
pub fn visible_days(view: View, anchor: NaiveDate) -> Vec<NaiveDate> {
    match view {
        View::Day => vec![anchor],
        View::Week => (0..7).map(|i| monday(anchor) + Duration::days(i)).collect(),
        View::Month => {
            let start = monday(first_of_month(anchor));
            (0..42).map(|i| start + Duration::days(i)).collect()
        }
        View::Agenda => {
            let first = first_of_month(anchor);
            let next = add_months(first, 1);
            let n = (next - first).num_days();
            (0..n).map(|i| first + Duration::days(i)).collect()
        }
    }
}

/// UTC ms of local midnight starting `d` in `tz`.
pub fn day_start_ms(d: NaiveDate, tz: Tz) -> i64 {
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .earliest()
        .map_or_else(
            || d.and_time(NaiveTime::MIN).and_utc().timestamp_millis(),
            |t| t.timestamp_millis(),
        )
}

/// UTC ms of `d` at `minutes` after local midnight in `tz`.
pub fn local_ms(d: NaiveDate, minutes: i64, tz: Tz) -> i64 {
    let naive = d.and_time(NaiveTime::MIN) + Duration::minutes(minutes);
    tz.from_local_datetime(&naive).earliest().map_or_else(
        || naive.and_utc().timestamp_millis(),
        |t| t.timestamp_millis(),
    )
}

/// The local date and minute of the day of `ms` in `tz`.
pub fn local_parts(ms: i64, tz: Tz) -> Option<(NaiveDate, i64)> {
    let dt = Utc.timestamp_millis_opt(ms).single()?.with_timezone(&tz);
    Some((
        dt.date_naive(),
        i64::from(dt.hour()) * 60 + i64::from(dt.minute()),
    ))
}

/// Minutes from midnight of the earliest opening and the latest closing of the week
/// (08:00–18:00 when the shop has no valid hours).
pub fn business_span(hours: &BusinessHours) -> (i64, i64) {
    let times: Vec<(i64, i64)> = hours
        .days()
        .iter()
        .filter_map(|(_, h)| h.and_then(OpenHours::times))
        .map(|(o, c)| {
            (
                i64::from(o.hour()) * 60 + i64::from(o.minute()),
                i64::from(c.hour()) * 60 + i64::from(c.minute()),
            )
        })
        .collect();
    let open = times.iter().map(|t| t.0).min().unwrap_or(8 * 60);
    let close = times.iter().map(|t| t.1).max().unwrap_or(18 * 60);
    (open, close.max(open + 60))
}

/// One job drawn in the time grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Column (day of the week, technician or bay).
    pub col: usize,
    /// Index in the reply's rows.
    pub row: usize,
    /// Start, minutes from local midnight (clipped to the day).
    pub start_min: i64,
    /// End, minutes from local midnight (clipped to the day).
    pub end_min: i64,
    /// Lane inside its group of overlapping blocks.
    pub lane: u16,
    /// Lanes of that group.
    pub lanes: u16,
    /// The group of overlapping blocks it belongs to (blocks of one group share a column and
    /// are consecutive after layout).
    pub group: u32,
}

/// A line of the agenda list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaLine {
    /// A day heading (index in `days`).
    Day(usize),
    /// A job (index in the reply's rows).
    Job(usize),
}

/// Everything the views draw, computed once per reply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// The visible days.
    pub days: Vec<NaiveDate>,
    /// For each visible day, the rows overlapping it, by start.
    pub per_day: Vec<Vec<usize>>,
    /// Time-grid blocks (Day and Week views).
    pub blocks: Vec<Block>,
    /// Number of columns of the time grid.
    pub columns: usize,
    /// The time grid's first and last minute of the day (whole hours).
    pub span: (i64, i64),
    /// Agenda lines (days with jobs only).
    pub agenda: Vec<AgendaLine>,
}

/// The column a job falls in, in the Day view.
fn day_column(row: &JobRow, columns: Columns, techs: &[UserId], bays: &[String]) -> usize {
    match columns {
        Columns::Technician => row
            .technician_id
            .as_ref()
            .and_then(|t| techs.iter().position(|x| x == t))
            .unwrap_or(techs.len()),
        Columns::Bay => bays
            .iter()
            .position(|b| *b == row.bay)
            .unwrap_or(bays.len()),
    }
}

/// Lays out `rows` for `view`. `techs` and `bays` are the Day view's column keys (a last column
/// takes the jobs without one); `hours` gives the time grid's span, widened to the jobs shown.
#[allow(clippy::too_many_arguments)]
pub fn compute(
    rows: &[JobRow],
    view: View,
    anchor: NaiveDate,
    tz: Tz,
    hours: &BusinessHours,
    columns: Columns,
    techs: &[UserId],
    bays: &[String],
) -> Layout {
    let days = visible_days(view, anchor);
    let mut per_day: Vec<Vec<usize>> = vec![Vec::new(); days.len()];
    let first = days.first().copied().unwrap_or(anchor);
    let (mut open, mut close) = business_span(hours);
    let mut blocks = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(start) = r.scheduled_start else {
            continue;
        };
        let end = r
            .scheduled_end
            .unwrap_or(start + 3_600_000)
            .max(start + 60_000);
        let (Some((d0, m0)), Some((d1, m1))) = (local_parts(start, tz), local_parts(end - 1, tz))
        else {
            continue;
        };
        let mut d = d0;
        // A job spans at most a couple of weeks (the core looks back 14 days).
        for _ in 0..31 {
            if d > d1 {
                break;
            }
            let idx = (d - first).num_days();
            if let Some(slot) = usize::try_from(idx).ok().and_then(|x| per_day.get_mut(x)) {
                slot.push(i);
                let s = if d == d0 { m0 } else { 0 };
                let e = if d == d1 { m1 + 1 } else { 24 * 60 };
                let col = match view {
                    View::Day => Some(day_column(r, columns, techs, bays)),
                    View::Week => usize::try_from(idx).ok(),
                    View::Month | View::Agenda => None,
                };
                if let Some(col) = col {
                    open = open.min(s);
                    close = close.max(e);
                    blocks.push(Block {
                        col,
                        row: i,
                        start_min: s,
                        end_min: e.max(s + 15),
                        lane: 0,
                        lanes: 1,
                        group: 0,
                    });
                }
            }
            d += Duration::days(1);
        }
    }
    assign_lanes(&mut blocks);
    let columns_n = match view {
        View::Day => match columns {
            Columns::Technician => techs.len() + 1,
            Columns::Bay => bays.len() + 1,
        },
        View::Week => 7,
        View::Month | View::Agenda => 0,
    };
    let agenda = if view == View::Agenda {
        per_day
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .flat_map(|(d, v)| {
                std::iter::once(AgendaLine::Day(d)).chain(v.iter().map(|&r| AgendaLine::Job(r)))
            })
            .collect()
    } else {
        Vec::new()
    };
    Layout {
        days,
        per_day,
        blocks,
        columns: columns_n,
        span: ((open / 60) * 60, (close + 59) / 60 * 60),
        agenda,
    }
}

/// Places overlapping blocks of the same column side by side: each block takes the first free
/// lane, and every block of a group of overlapping blocks gets the group's lane count.
fn assign_lanes(blocks: &mut [Block]) {
    blocks.sort_by_key(|b| (b.col, b.start_min, b.end_min));
    let mut i = 0;
    let mut group = 0u32;
    while i < blocks.len() {
        // A group: consecutive blocks of one column that overlap the group's running end.
        let col = blocks.get(i).map_or(0, |b| b.col);
        let mut group_end = blocks.get(i).map_or(0, |b| b.end_min);
        let mut j = i;
        let mut lane_ends: Vec<i64> = Vec::new();
        while let Some(b) = blocks.get_mut(j) {
            if b.col != col || (j > i && b.start_min >= group_end) {
                break;
            }
            let lane = lane_ends
                .iter()
                .position(|&e| e <= b.start_min)
                .unwrap_or(lane_ends.len());
            match lane_ends.get_mut(lane) {
                Some(e) => *e = b.end_min,
                None => lane_ends.push(b.end_min),
            }
            b.lane = u16::try_from(lane).unwrap_or(u16::MAX);
            group_end = group_end.max(b.end_min);
            j += 1;
        }
        let lanes = u16::try_from(lane_ends.len().max(1)).unwrap_or(u16::MAX);
        for b in blocks.get_mut(i..j).unwrap_or_default() {
            b.lanes = lanes;
            b.group = group;
        }
        group += 1;
        i = j.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(col: usize, s: i64, e: i64) -> Block {
        Block {
            col,
            row: 0,
            start_min: s,
            end_min: e,
            lane: 0,
            lanes: 1,
            group: 0,
        }
    }

    #[test]
    fn overlapping_blocks_share_the_column() {
        let mut b = vec![
            block(0, 600, 720),
            block(0, 660, 780),
            block(0, 800, 900),
            block(1, 600, 720),
        ];
        assign_lanes(&mut b);
        assert_eq!((b[0].lane, b[0].lanes), (0, 2));
        assert_eq!((b[1].lane, b[1].lanes), (1, 2));
        assert_eq!((b[2].lane, b[2].lanes), (0, 1));
        assert_eq!((b[3].lane, b[3].lanes), (0, 1));
        // Groups: the two overlapping blocks, then each alone.
        assert_eq!(
            b.iter().map(|x| x.group).collect::<Vec<_>>(),
            vec![0, 0, 1, 2]
        );
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(
            add_months(d, 1),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert_eq!(
            add_months(d, -2),
            NaiveDate::from_ymd_opt(2025, 11, 30).unwrap()
        );
        assert_eq!(visible_days(View::Month, d).len(), 42);
        assert_eq!(monday(d).weekday(), chrono::Weekday::Mon);
    }
}
