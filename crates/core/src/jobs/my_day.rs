//! "Ma journée": one person's work today, in the three groups a technician looks for when they
//! arrive at the shop floor: what they have in progress (any day, with the intervention to go
//! back to), what is planned today and not started, and what they finished today.

use crate::ids::InterventionId;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::authorize;
use super::query::{JobWithZones, ROW_SELECT, rows, with_zones};

use crate::Session;
use crate::auth::permissions::Action;
use crate::error::CoreResult;

/// A job in progress or paused, and its open intervention (`None` when the job was moved to in
/// progress by hand, without the guided intervention).
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveJob {
    /// The job and its zones.
    pub job: JobWithZones,
    /// The open intervention (in progress or paused).
    pub intervention_id: Option<InterventionId>,
}

/// The actor's day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MyDay {
    /// Jobs in progress or paused, whatever day they started (the oldest start first).
    pub in_progress: Vec<ActiveJob>,
    /// Jobs starting today that are not started yet (scheduled or on hold), by start.
    pub planned: Vec<JobWithZones>,
    /// Jobs completed today, by completion time.
    pub finished: Vec<JobWithZones>,
}

/// The actor's own jobs ([`Action::ViewCalendar`]; assigned to them): in progress, planned in
/// `[day_start, day_end)`, and completed in it.
pub fn my_day_groups(
    conn: &Connection,
    actor: &Session,
    day_start: i64,
    day_end: i64,
    now: i64,
) -> CoreResult<MyDay> {
    let actor = authorize(conn, actor, Action::ViewCalendar)?;
    let me = Value::from(actor.id.clone());
    let select = |cond: &str, order: &str, args: Vec<Value>| {
        let sql = format!(
            "{ROW_SELECT} WHERE j.deleted_at IS NULL AND j.technician_id = ? AND {cond}
             ORDER BY {order}, j.rid"
        );
        let mut a = vec![me.clone()];
        a.extend(args);
        rows(conn, &sql, a, now).and_then(|r| with_zones(conn, r))
    };
    let in_progress = select(
        "j.status IN ('in_progress', 'paused')",
        "coalesce(j.started_at, j.scheduled_start)",
        Vec::new(),
    )?
    .into_iter()
    .map(|job| {
        Ok(ActiveJob {
            intervention_id: crate::interventions::active_for_job(conn, &job.row.id)?,
            job,
        })
    })
    .collect::<CoreResult<Vec<_>>>()?;
    let planned = select(
        "j.status IN ('scheduled', 'on_hold') AND j.scheduled_start >= ? AND j.scheduled_start < ?",
        "j.scheduled_start",
        vec![Value::Integer(day_start), Value::Integer(day_end)],
    )?;
    let finished = select(
        "j.status IN ('completed', 'archived') AND j.completed_at >= ? AND j.completed_at < ?",
        "j.completed_at",
        vec![Value::Integer(day_start), Value::Integer(day_end)],
    )?;
    Ok(MyDay {
        in_progress,
        planned,
        finished,
    })
}
