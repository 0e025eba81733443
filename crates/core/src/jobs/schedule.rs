//! Scheduling conflicts: time overlap per technician and per bay, and the per-technician daily
//! workload cap. [`conflicts`] is what the services check and what the UI previews.

use crate::ids::{JobId, UserId};
use chrono::{NaiveTime, TimeZone as _, Utc};
use rusqlite::{Connection, OptionalExtension as _, params};

use crate::error::{CoreError, CoreResult};
use crate::format::{self, DEFAULT_TZ, Tz};
use crate::settings;
use crate::validate::FieldErrors;

/// A slot a job would occupy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidate {
    /// The job being moved (excluded from its own conflicts); `None` for a new job.
    pub job_id: Option<JobId>,
    /// Start, UTC ms.
    pub start: i64,
    /// End, UTC ms (after the start).
    pub end: i64,
    /// Technician, if assigned.
    pub technician_id: Option<UserId>,
    /// Bay, empty when none.
    pub bay: String,
}

/// What a candidate slot collides with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// The technician already works on another job at that time.
    Technician,
    /// The bay is already taken at that time.
    Bay,
    /// The technician already has the daily maximum of jobs that day.
    Workload,
}

/// One conflict, with what the message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Kind.
    pub kind: ConflictKind,
    /// The other job (none for [`ConflictKind::Workload`]).
    pub other_job_id: Option<JobId>,
    /// The other job's number.
    pub other_number: String,
    /// The other job's start and end, UTC ms.
    pub other_start: i64,
    /// End, UTC ms.
    pub other_end: i64,
    /// Technician's name or bay name.
    pub name: String,
    /// For the workload: jobs already held that day, and the cap.
    pub count: u32,
    /// The cap.
    pub cap: u32,
}

impl Conflict {
    /// The refusal for this conflict, with times formatted HH:MM in `tz`.
    pub fn to_error(&self, tz: Tz) -> CoreError {
        match self.kind {
            ConflictKind::Technician | ConflictKind::Bay => CoreError::RefusedWith {
                key: if self.kind == ConflictKind::Technician {
                    "job-err-conflict-technician"
                } else {
                    "job-err-conflict-bay"
                },
                args: vec![
                    ("number", self.other_number.clone()),
                    ("start", format::format_time(self.other_start, tz)),
                    ("end", format::format_time(self.other_end, tz)),
                    ("name", self.name.clone()),
                ],
            },
            ConflictKind::Workload => CoreError::RefusedWith {
                key: "job-err-workload",
                args: vec![
                    ("name", self.name.clone()),
                    ("count", self.count.to_string()),
                    ("max", self.cap.to_string()),
                ],
            },
        }
    }
}

/// The shop's time zone (Paris when the setting is unreadable).
pub fn shop_tz(conn: &Connection) -> CoreResult<Tz> {
    Ok(settings::get_shop(conn)?.tz().unwrap_or(DEFAULT_TZ))
}

/// The bounds `[start, end)` in UTC ms of the shop-time day containing `ms`.
pub fn day_bounds(ms: i64, tz: Tz) -> (i64, i64) {
    let Some(local) = Utc.timestamp_millis_opt(ms).single() else {
        return (ms, ms);
    };
    let date = local.with_timezone(&tz).date_naive();
    let start_of = |d: chrono::NaiveDate| {
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map_or(ms, |t| t.timestamp_millis())
    };
    let next = date.succ_opt().unwrap_or(date);
    (start_of(date), start_of(next))
}

/// Length assumed for a job without an end, in ms, in SQL: the planning default.
fn default_len_ms(conn: &Connection) -> CoreResult<i64> {
    Ok(i64::from(settings::get_planning(conn)?.default_job_minutes) * 60_000)
}

/// Every conflict of the candidate slot with other active jobs (scheduled, in progress, paused,
/// on hold; not deleted; not itself): technician overlap, bay overlap, then the technician's
/// daily cap (counted on the shop-time day of the start).
pub fn conflicts(conn: &Connection, c: &Candidate) -> CoreResult<Vec<Conflict>> {
    let mut out = Vec::new();
    let len = default_len_ms(conn)?;
    let me = c.job_id.as_deref().unwrap_or("");
    // Look back far enough for long jobs that started earlier (index range on the start).
    let lookback = c.start - 14 * 24 * 3_600_000;
    let overlap = |column: &str, value: &str| -> CoreResult<Option<(String, String, i64, i64)>> {
        let sql = format!(
            "SELECT j.id, j.number, j.scheduled_start, coalesce(j.scheduled_end, j.scheduled_start + ?5)
             FROM jobs j
             WHERE j.{column} = ?1 AND j.deleted_at IS NULL AND j.id <> ?2
               AND j.status IN ('scheduled', 'in_progress', 'paused', 'on_hold')
               AND j.scheduled_start >= ?6 AND j.scheduled_start < ?4
               AND coalesce(j.scheduled_end, j.scheduled_start + ?5) > ?3
             ORDER BY j.scheduled_start LIMIT 1"
        );
        Ok(conn
            .query_row(
                &sql,
                params![value, me, c.start, c.end, len, lookback],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?)
    };
    if let Some(tech) = c.technician_id.as_deref() {
        let name: String = conn
            .query_row(
                "SELECT display_name FROM users WHERE id = ?1",
                [tech],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        if let Some((id, number, s, e)) = overlap("technician_id", tech)? {
            out.push(Conflict {
                kind: ConflictKind::Technician,
                other_job_id: Some(id.into()),
                other_number: number,
                other_start: s,
                other_end: e,
                name: name.clone(),
                count: 0,
                cap: 0,
            });
        }
        if !c.bay.is_empty()
            && let Some((id, number, s, e)) = overlap("bay", &c.bay)?
        {
            out.push(Conflict {
                kind: ConflictKind::Bay,
                other_job_id: Some(id.into()),
                other_number: number,
                other_start: s,
                other_end: e,
                name: c.bay.clone(),
                count: 0,
                cap: 0,
            });
        }
        let cap = settings::get_planning(conn)?.max_jobs_per_technician_per_day;
        let (d0, d1) = day_bounds(c.start, shop_tz(conn)?);
        let count: u32 = conn.query_row(
            "SELECT count(*) FROM jobs
             WHERE technician_id = ?1 AND deleted_at IS NULL AND id <> ?2
               AND status IN ('scheduled', 'in_progress', 'paused', 'on_hold')
               AND scheduled_start >= ?3 AND scheduled_start < ?4",
            params![tech, me, d0, d1],
            |r| r.get(0),
        )?;
        if count >= cap {
            out.push(Conflict {
                kind: ConflictKind::Workload,
                other_job_id: None,
                other_number: String::new(),
                other_start: d0,
                other_end: d1,
                name,
                count,
                cap,
            });
        }
    } else if !c.bay.is_empty()
        && let Some((id, number, s, e)) = overlap("bay", &c.bay)?
    {
        out.push(Conflict {
            kind: ConflictKind::Bay,
            other_job_id: Some(id.into()),
            other_number: number,
            other_start: s,
            other_end: e,
            name: c.bay.clone(),
            count: 0,
            cap: 0,
        });
    }
    Ok(out)
}

/// What the planner must give to keep a slot that conflicts: nothing when `has_conflicts` is
/// false; otherwise the choice to plan despite the conflict (`force`, field `force`) and a
/// reason (field `force_reason`, required, at most [`super::REASON_MAX`] characters). The job
/// wizard checks its schedule step with it; [`super::create`] and [`super::reschedule`] refuse a
/// forced slot with a blank reason the same way.
pub fn force_errors(has_conflicts: bool, force: bool, reason: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    if !has_conflicts {
        return e;
    }
    let reason = reason.trim();
    if !force {
        e.add("force", "job-err-conflict-unresolved");
    } else if reason.is_empty() {
        e.add("force_reason", "job-err-force-reason-required");
    } else if reason.chars().count() > super::REASON_MAX {
        e.add_with(
            "force_reason",
            "job-err-too-long",
            vec![("max", super::REASON_MAX.to_string())],
        );
    }
    e
}
