//! Jobs of the calendar, "My day" and the dashboard's planning figures. Same contract as every job: the UI
//! sends a [`CalendarJob`], the worker runs [`handle`] against the store, and the reply comes back as a
//! [`CalendarEvent`] inside [`super::JobEvent::Calendar`].
//!
//! Nothing here loads the whole jobs table: the calendar asks for the visible range only, "My day"
//! and the dashboard for one day.

use rpma_core::Session;
use rpma_core::auth::permissions::Role;
use rpma_core::ids::{InterventionId, JobId, UserId};
use rpma_core::jobs::{
    self, CalendarFilter, HeadOfficeShop, JobDetail, JobRow, JobStatus, JobWithZones, Reschedule,
    TodayCounts, Workload,
};
use rpma_core::settings::{self, BusinessHours};
use rpma_core::users;
use rpma_core::{CoreError, Store, vehicles};

/// Work for the calendar, "My day" and the dashboard's planning figures.
#[derive(Debug, Clone)]
pub enum CalendarJob {
    /// What the calendar needs once: now, business hours, bays, technicians.
    Setup,
    /// The jobs overlapping `[from, to)` that pass the filter (the visible range only).
    Range {
        /// Start of the range, UTC ms.
        from: i64,
        /// End of the range (excluded), UTC ms.
        to: i64,
        /// Technicians, bays, statuses.
        filter: CalendarFilter,
    },
    /// Move a job to a new slot, technician or bay (drag or the "Move…" form).
    Reschedule {
        /// The job.
        job_id: JobId,
        /// The new slot (with the reason when forcing a conflict).
        slot: Reschedule,
    },
    /// The signed-in user's jobs today, and their first job tomorrow.
    MyDay,
    /// Today's jobs, counts and the technicians' workload for the dashboard.
    Today,
}

/// A technician the calendar can filter on and assign to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Technician {
    /// Account id.
    pub id: UserId,
    /// Name shown.
    pub name: String,
}

/// What the calendar needs before its first range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarSetup {
    /// Now, UTC ms (the worker's clock: tests fix it through the store).
    pub now: i64,
    /// The shop's opening hours (the time grid spans them).
    pub hours: BusinessHours,
    /// The shop's bays, in display order.
    pub bays: Vec<String>,
    /// Active technicians, supervisors and admins, by name.
    pub technicians: Vec<Technician>,
    /// At a chain's head office, its shops by name (the toolbar's shop picker); empty elsewhere.
    pub shops: Vec<HeadOfficeShop>,
}

/// One range of the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarRange {
    /// Start, UTC ms.
    pub from: i64,
    /// End (excluded), UTC ms.
    pub to: i64,
    /// The jobs, by start.
    pub rows: Vec<JobRow>,
}

/// One card of "My day".
#[derive(Debug, Clone, PartialEq)]
pub struct MyDayJob {
    /// The job and its zones.
    pub job: JobWithZones,
    /// The vehicle's colour.
    pub colour: String,
    /// The job's instructions.
    pub notes: String,
    /// The open intervention (jobs in progress or paused).
    pub intervention_id: Option<InterventionId>,
}

/// "My day": the groups of [`jobs::my_day_groups`], with what the cards show.
#[derive(Debug, Clone, PartialEq)]
pub struct MyDayData {
    /// Now, UTC ms.
    pub now: i64,
    /// Jobs in progress or paused (any day), the oldest start first.
    pub in_progress: Vec<MyDayJob>,
    /// Today's jobs not started yet, by start.
    pub today: Vec<MyDayJob>,
    /// Jobs finished today.
    pub finished: Vec<MyDayJob>,
    /// The first job of the next day that has one (within a week), as a hint.
    pub next: Option<JobRow>,
}

/// The dashboard's "Today" section.
#[derive(Debug, Clone, PartialEq)]
pub struct TodayData {
    /// Now, UTC ms.
    pub now: i64,
    /// Counts.
    pub counts: TodayCounts,
    /// Today's jobs, by start.
    pub jobs: Vec<JobRow>,
    /// Each technician's load today (empty for technicians: they see their own jobs only).
    pub workload: Vec<Workload>,
    /// Most jobs per technician per day.
    pub cap: u32,
    /// A working day in minutes (the longest opening of the week), for the hours gauge.
    pub day_minutes: i64,
}

/// Replies, one per [`CalendarJob`].
#[derive(Debug)]
pub enum CalendarEvent {
    /// Reply to [`CalendarJob::Setup`].
    Setup(Result<CalendarSetup, CoreError>),
    /// Reply to [`CalendarJob::Range`].
    Range(Result<CalendarRange, CoreError>),
    /// Reply to [`CalendarJob::Reschedule`].
    Rescheduled(Result<Box<JobDetail>, CoreError>),
    /// Reply to [`CalendarJob::MyDay`].
    MyDay(Result<MyDayData, CoreError>),
    /// Reply to [`CalendarJob::Today`].
    Today(Result<TodayData, CoreError>),
}

impl CalendarEvent {
    /// The error of a failed reply (logged once by the handler).
    pub fn error(&self) -> Option<&CoreError> {
        match self {
            Self::Setup(Err(e))
            | Self::Range(Err(e))
            | Self::Rescheduled(Err(e))
            | Self::MyDay(Err(e))
            | Self::Today(Err(e)) => Some(e),
            _ => None,
        }
    }
}

pub(super) fn handle(store: &mut Store, actor: &Session, job: CalendarJob) -> CalendarEvent {
    match job {
        CalendarJob::Setup => CalendarEvent::Setup(setup(store, actor)),
        CalendarJob::Range { from, to, filter } => {
            let now = store.now_ms();
            CalendarEvent::Range(
                store
                    .read_as(actor)
                    .and_then(|conn| jobs::calendar(conn, actor, from, to, &filter, now))
                    .map(|rows| CalendarRange { from, to, rows }),
            )
        }
        CalendarJob::Reschedule { job_id, slot } => {
            CalendarEvent::Rescheduled(jobs::reschedule(store, actor, &job_id, &slot).map(Box::new))
        }
        CalendarJob::MyDay => CalendarEvent::MyDay(my_day(store, actor)),
        CalendarJob::Today => CalendarEvent::Today(today(store, actor)),
    }
}

/// Technicians the planning can assign: active technicians, supervisors and admins, by name.
fn technicians(store: &Store, actor: &Session) -> Result<Vec<Technician>, CoreError> {
    let mut out: Vec<Technician> = users::staff(store.read_as(actor)?, actor)?
        .into_iter()
        .filter(|u| {
            u.is_active && matches!(u.role, Role::Technician | Role::Supervisor | Role::Admin)
        })
        .map(|u| Technician {
            id: u.id,
            name: u.display_name,
        })
        .collect();
    rpma_core::people::sort_by_surname(&mut out, |t| &t.name);
    Ok(out)
}

fn setup(store: &Store, actor: &Session) -> Result<CalendarSetup, CoreError> {
    let conn = store.read_as(actor)?;
    Ok(CalendarSetup {
        now: store.now_ms(),
        hours: settings::get_shop(conn)?.business_hours,
        bays: settings::get_planning(conn)?.bays,
        technicians: technicians(store, actor)?,
        shops: jobs::head_office_shops(conn, actor)?,
    })
}

fn my_day(store: &Store, actor: &Session) -> Result<MyDayData, CoreError> {
    let conn = store.read_as(actor)?;
    let now = store.now_ms();
    let tz = jobs::shop_tz(conn)?;
    let (d0, d1) = jobs::day_bounds(now, tz);
    let groups = jobs::my_day_groups(conn, actor, d0, d1, now)?;
    let card = |job: JobWithZones, intervention_id: Option<InterventionId>| {
        let colour = vehicles::get(conn, &job.row.vehicle_id)?
            .map(|v| v.colour)
            .unwrap_or_default();
        let notes = jobs::get(conn, actor, &job.row.id, now)?.notes;
        Ok(MyDayJob {
            job,
            colour,
            notes,
            intervention_id,
        })
    };
    let in_progress = groups
        .in_progress
        .into_iter()
        .map(|a| card(a.job, a.intervention_id))
        .collect::<Result<Vec<_>, CoreError>>()?;
    let today = groups
        .planned
        .into_iter()
        .map(|j| card(j, None))
        .collect::<Result<Vec<_>, CoreError>>()?;
    let finished = groups
        .finished
        .into_iter()
        .map(|j| card(j, None))
        .collect::<Result<Vec<_>, CoreError>>()?;
    // The next working day with a job, looking a week ahead (a day at a time: small ranges).
    let mut next = None;
    let mut day_end = d1;
    for _ in 0..7 {
        let (s, e) = jobs::day_bounds(day_end, tz);
        // The next job to start (one already in progress is in its own group).
        if let Some(first) = jobs::my_day(conn, actor, s, e, now)?
            .into_iter()
            .find(|j| matches!(j.row.status, JobStatus::Scheduled | JobStatus::OnHold))
        {
            next = Some(first.row);
            break;
        }
        day_end = e;
    }
    Ok(MyDayData {
        now,
        in_progress,
        today,
        finished,
        next,
    })
}

fn today(store: &Store, actor: &Session) -> Result<TodayData, CoreError> {
    let conn = store.read_as(actor)?;
    let now = store.now_ms();
    let tz = jobs::shop_tz(conn)?;
    let (d0, d1) = jobs::day_bounds(now, tz);
    let counts = jobs::counts_today(conn, actor, d0, d1, now)?;
    let rows = jobs::calendar(conn, actor, d0, d1, &CalendarFilter::default(), now)?
        .into_iter()
        .filter(|r| r.scheduled_start.is_some_and(|s| s >= d0))
        .collect();
    let workload = if jobs::visible_to(actor).is_some() {
        Vec::new()
    } else {
        jobs::workload(conn, d0, d1)?
    };
    let planning = settings::get_planning(conn)?;
    let day_minutes = settings::get_shop(conn)?
        .business_hours
        .days()
        .iter()
        .filter_map(|(_, h)| h.and_then(settings::OpenHours::times))
        .map(|(o, c)| (c - o).num_minutes())
        .max()
        .unwrap_or(600);
    Ok(TodayData {
        now,
        counts,
        jobs: rows,
        workload,
        cap: planning.max_jobs_per_technician_per_day,
        day_minutes,
    })
}
