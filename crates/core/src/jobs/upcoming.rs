//! The jobs list's default order, [`super::JobSort::Upcoming`]: what is coming first. Jobs from
//! today on, soonest first; then the drafts without a date, newest first; then the past, most
//! recent first. A shop opening its jobs list wants this week, not last December.
//!
//! Each of the three parts is a walk of the `jobs_schedule` index (no sort of the whole table):
//! a page is cut across the parts with one count per part it skips.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::query::{JobFilter, JobRow, JobSort, ROW_SELECT, rows, where_clause};
use super::schedule::{day_bounds, shop_tz};
use crate::Session;
use crate::error::CoreResult;
use crate::people;

/// One page of [`super::list`] in the upcoming order (the filter's `descending` is ignored).
/// `actor` is already authorised.
pub(super) fn page(
    conn: &Connection,
    actor: &Session,
    f: &JobFilter,
    now: i64,
    limit: u32,
) -> CoreResult<Vec<JobRow>> {
    let (today, _) = day_bounds(now, shop_tz(conn)?);
    let (w, args) = where_clause(actor, f, now);
    let parts: [(&str, Option<i64>, &str); 3] = [
        (
            "j.scheduled_start >= ?",
            Some(today),
            "j.scheduled_start ASC, j.rid ASC",
        ),
        ("j.scheduled_start IS NULL", None, "j.rid DESC"),
        (
            "j.scheduled_start < ?",
            Some(today),
            "j.scheduled_start DESC, j.rid DESC",
        ),
    ];
    let mut skip = i64::from(f.offset);
    let mut left = i64::from(limit);
    let mut out = Vec::new();
    for (cond, bound, order) in parts {
        if left <= 0 {
            break;
        }
        let mut a = args.clone();
        a.extend(bound.map(Value::Integer));
        if skip > 0 {
            let sql = format!("SELECT count(*) FROM jobs j WHERE {w} AND {cond}");
            let n: i64 = conn.query_row(&sql, params_from_iter(a.clone()), |r| r.get(0))?;
            if skip >= n {
                skip -= n;
                continue;
            }
        }
        a.push(Value::Integer(left));
        a.push(Value::Integer(skip));
        let sql = format!(
            "{ROW_SELECT} WHERE j.rid IN (SELECT j.rid FROM jobs j WHERE {w} AND {cond}
                 ORDER BY {order} LIMIT ? OFFSET ?)
             ORDER BY {order}"
        );
        let found = rows(conn, &sql, a, now)?;
        skip = 0;
        left -= i64::try_from(found.len()).unwrap_or(left);
        out.extend(found);
    }
    Ok(out)
}

/// Sorts rows in memory in the order [`super::list`] gives (the jobs list's text search, whose
/// hits come from the search index): `today_start` is the start of today (UTC ms, shop time).
pub fn sort_rows(rows: &mut [JobRow], sort: JobSort, descending: bool, today_start: i64) {
    use std::cmp::Reverse;
    if sort == JobSort::Upcoming {
        // Soonest upcoming, then undated (newest number first), then the most recent past.
        rows.sort_by_cached_key(|r| match r.scheduled_start {
            Some(s) if s >= today_start => (0, s, Reverse(String::new())),
            None => (1, 0, Reverse(r.number.clone())),
            Some(s) => (2, -s, Reverse(String::new())),
        });
        return;
    }
    rows.sort_by(|a, b| {
        let o = match sort {
            JobSort::Number | JobSort::Upcoming => a.number.cmp(&b.number),
            JobSort::Start => (a.scheduled_start.is_some(), a.scheduled_start)
                .cmp(&(b.scheduled_start.is_some(), b.scheduled_start)),
            JobSort::Status => a.status.as_str().cmp(b.status.as_str()),
            JobSort::Client => {
                people::sort_key(&a.client_name).cmp(&people::sort_key(&b.client_name))
            }
            JobSort::Priority => a.priority.cmp(&b.priority),
        };
        if descending { o.reverse() } else { o }
    });
}
