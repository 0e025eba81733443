//! Job reads: paged lists, detail, calendar ranges, "My day", workload, dashboard counts. Every
//! read is scoped with [`super::visible_to`] (technicians see only their own jobs) and uses the
//! `jobs_*` indexes; nothing loads the whole table.

use crate::ids::{ChecklistItemId, ClientId, JobId, UserId, VehicleId, ZoneId};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};

use super::status::{JobStatus, Priority, is_overdue, overdue_sql};
use super::{authorize, visible_to};
use crate::Session;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};

/// Sort order of [`list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JobSort {
    /// What is coming first (default): from today on, then undated drafts, then the past, most
    /// recent first (see [`super::upcoming`]; `descending` does not apply).
    #[default]
    Upcoming,
    /// By number.
    Number,
    /// By scheduled start.
    Start,
    /// By status.
    Status,
    /// By client: surname, then the whole name (the company for businesses).
    Client,
    /// By priority.
    Priority,
}

/// Filters of [`list`] and [`count`]; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// Only these statuses.
    pub statuses: Vec<JobStatus>,
    /// Only overdue jobs.
    pub overdue_only: bool,
    /// Only this technician's jobs.
    pub technician_id: Option<UserId>,
    /// Only this bay.
    pub bay: Option<String>,
    /// Only this shop's jobs (a head office's: [`super::head_office_shops`]).
    pub shop: Option<String>,
    /// Only this client.
    pub client_id: Option<ClientId>,
    /// Only this vehicle.
    pub vehicle_id: Option<VehicleId>,
    /// Scheduled start at or after (UTC ms).
    pub from: Option<i64>,
    /// Scheduled start before (UTC ms).
    pub to: Option<i64>,
    /// Search text (number, plate with or without dashes, client), prefix matching.
    pub text: String,
    /// Sort order.
    pub sort: JobSort,
    /// Descending.
    pub descending: bool,
    /// Rows to skip.
    pub offset: u32,
    /// Page size (0 → 100; at most 1000).
    pub limit: u32,
}

/// Filters of [`calendar`]; empty lists do not filter. Without statuses, cancelled and archived
/// jobs are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarFilter {
    /// Only these technicians.
    pub technician_ids: Vec<UserId>,
    /// Only these bays.
    pub bays: Vec<String>,
    /// Only these statuses.
    pub statuses: Vec<JobStatus>,
    /// Only this shop's jobs (a head office's: [`super::head_office_shops`]).
    pub shop: Option<String>,
}

/// One job in a list or the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    /// Id.
    pub id: JobId,
    /// `YYYYMMDD-CODE-NNN` (`YYYYMMDD-NNN` for jobs made before terminal codes).
    pub number: String,
    /// Status.
    pub status: JobStatus,
    /// Computed overdue flag.
    pub overdue: bool,
    /// Priority.
    pub priority: Priority,
    /// Start, UTC ms.
    pub scheduled_start: Option<i64>,
    /// End, UTC ms.
    pub scheduled_end: Option<i64>,
    /// Technician.
    pub technician_id: Option<UserId>,
    /// Technician's name.
    pub technician_name: Option<String>,
    /// Bay.
    pub bay: String,
    /// Client.
    pub client_id: ClientId,
    /// Client's display name (the company for businesses).
    pub client_name: String,
    /// Vehicle.
    pub vehicle_id: VehicleId,
    /// Plate.
    pub plate: String,
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Number of zones.
    pub zone_count: u32,
    /// When work started.
    pub started_at: Option<i64>,
    /// At a head office, the shop it came from (None elsewhere).
    pub shop: Option<String>,
}

/// A zone of a job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobZone {
    /// Catalogue id.
    pub zone_id: ZoneId,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Area in m² when the job was planned.
    pub area_m2: f64,
}

/// A status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// Previous status (none for the creation).
    pub from: Option<JobStatus>,
    /// New status.
    pub to: JobStatus,
    /// Reason (or forced-conflict note).
    pub reason: String,
    /// When, UTC ms.
    pub at: i64,
    /// Who.
    pub by_user_id: Option<UserId>,
    /// Their name.
    pub by_name: Option<String>,
}

/// A note of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobNote {
    /// Id.
    pub id: String,
    /// Text.
    pub body: String,
    /// Author.
    pub author_id: Option<UserId>,
    /// Author's name.
    pub author_name: Option<String>,
    /// When, UTC ms.
    pub at: i64,
}

/// A checklist item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Id.
    pub id: ChecklistItemId,
    /// Text.
    pub label: String,
    /// Order.
    pub position: i64,
    /// Ticked.
    pub done: bool,
    /// When ticked.
    pub done_at: Option<i64>,
    /// Who ticked it.
    pub done_by: Option<String>,
}

/// Everything about one job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobDetail {
    /// The list row.
    pub row: JobRow,
    /// Zones with names and areas.
    pub zones: Vec<JobZone>,
    /// Total area, m².
    pub total_area_m2: f64,
    /// Film product.
    pub film_product: String,
    /// Instructions.
    pub notes: String,
    /// Status history, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Notes log, oldest first.
    pub notes_log: Vec<JobNote>,
    /// Checklist, in order.
    pub checklist: Vec<ChecklistItem>,
    /// Creator.
    pub created_by: Option<String>,
    /// Creator's name.
    pub created_by_name: Option<String>,
    /// Creation time.
    pub created_at: i64,
    /// Completion time.
    pub completed_at: Option<i64>,
    /// Once completed: each zone with the film recorded on the intervention.
    pub installed: Vec<crate::installed::AppliedZone>,
    /// What the person who asked may do on it now (the page offers exactly this).
    pub rights: super::guard::JobRights,
}

/// A job with its zones ("My day", vehicle history).
#[derive(Debug, Clone, PartialEq)]
pub struct JobWithZones {
    /// The row.
    pub row: JobRow,
    /// Its zones.
    pub zones: Vec<JobZone>,
}

/// One technician's load over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// Technician.
    pub technician_id: UserId,
    /// Name.
    pub name: String,
    /// Active jobs starting in the period.
    pub jobs: u32,
    /// Their planned minutes.
    pub minutes: i64,
}

/// Dashboard counts for one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TodayCounts {
    /// Scheduled jobs starting that day.
    pub scheduled: u32,
    /// Jobs in progress now.
    pub in_progress: u32,
    /// Jobs completed that day.
    pub completed: u32,
    /// Overdue jobs (any day).
    pub overdue: u32,
}

/// A job in the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedJob {
    /// Id.
    pub id: JobId,
    /// Number.
    pub number: String,
    /// Client's display name.
    pub client_name: String,
    /// Plate.
    pub plate: String,
    /// When deleted.
    pub deleted_at: i64,
    /// By whom (name).
    pub deleted_by: Option<String>,
}

pub(super) const ROW_SELECT: &str =
    "SELECT j.id, j.number, j.status, j.priority, j.scheduled_start, j.scheduled_end,
        j.technician_id, u.display_name, j.bay, j.client_id,
        CASE WHEN c.kind = 'business' THEN coalesce(c.company_name, c.name) ELSE c.name END,
        j.vehicle_id, v.plate, v.make, v.model,
        (SELECT count(*) FROM job_zones z WHERE z.job_id = j.id AND z.deleted_at IS NULL), j.started_at,
        j.shop_id
     FROM jobs j
     JOIN clients c ON c.id = j.client_id
     JOIN vehicles v ON v.id = j.vehicle_id
     LEFT JOIN users u ON u.id = j.technician_id";

fn row(r: &Row<'_>, now: i64) -> rusqlite::Result<JobRow> {
    let status: String = r.get(2)?;
    let status = JobStatus::parse(&status).unwrap_or(JobStatus::Draft);
    let priority: String = r.get(3)?;
    let start: Option<i64> = r.get(4)?;
    let started_at: Option<i64> = r.get(16)?;
    Ok(JobRow {
        id: r.get(0)?,
        number: r.get(1)?,
        status,
        overdue: is_overdue(status, start, started_at, now),
        priority: Priority::parse(&priority).unwrap_or_default(),
        scheduled_start: start,
        scheduled_end: r.get(5)?,
        technician_id: r.get(6)?,
        technician_name: r.get(7)?,
        bay: r.get(8)?,
        client_id: r.get(9)?,
        client_name: r.get(10)?,
        vehicle_id: r.get(11)?,
        plate: r.get(12)?,
        make: r.get(13)?,
        model: r.get(14)?,
        zone_count: r.get(15)?,
        started_at,
        shop: r.get(17)?,
    })
}

pub(super) fn rows(
    conn: &Connection,
    sql: &str,
    args: Vec<Value>,
    now: i64,
) -> CoreResult<Vec<JobRow>> {
    let mut st = conn.prepare_cached(sql)?;
    let out = st
        .query_map(params_from_iter(args), |r| row(r, now))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(out)
}

pub(super) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// WHERE clause (with `j.deleted_at IS NULL` and the actor's scope) and its arguments.
pub(super) fn where_clause(actor: &Session, f: &JobFilter, now: i64) -> (String, Vec<Value>) {
    let mut w = vec!["j.deleted_at IS NULL".to_owned()];
    let mut a: Vec<Value> = Vec::new();
    if let Some(t) = visible_to(actor) {
        w.push("j.technician_id = ?".into());
        a.push(Value::Text(t.to_owned()));
    }
    if !f.statuses.is_empty() {
        w.push(format!("j.status IN ({})", placeholders(f.statuses.len())));
        a.extend(
            f.statuses
                .iter()
                .map(|s| Value::Text(s.as_str().to_owned())),
        );
    }
    if f.overdue_only {
        w.push(overdue_sql("j", "?"));
        a.push(Value::Integer(now));
    }
    for (col, v) in [
        ("j.technician_id", f.technician_id.as_deref()),
        ("j.bay", f.bay.as_deref()),
        ("j.shop_id", f.shop.as_deref()),
        ("j.client_id", f.client_id.as_deref()),
        ("j.vehicle_id", f.vehicle_id.as_deref()),
    ] {
        if let Some(v) = v {
            w.push(format!("{col} = ?"));
            a.push(Value::Text(v.to_owned()));
        }
    }
    if let Some(q) = crate::search::fts_query(&f.text) {
        w.push("j.rid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)".into());
        a.push(Value::Text(q));
    }
    if let Some(from) = f.from {
        w.push("j.scheduled_start >= ?".into());
        a.push(Value::Integer(from));
    }
    if let Some(to) = f.to {
        w.push("j.scheduled_start < ?".into());
        a.push(Value::Integer(to));
    }
    (w.join(" AND "), a)
}

/// A page of jobs (needs [`Action::ViewJobs`]; technicians see their own jobs only).
pub fn list(
    conn: &Connection,
    actor: &Session,
    f: &JobFilter,
    now: i64,
) -> CoreResult<Vec<JobRow>> {
    let actor = authorize(conn, actor, Action::ViewJobs)?;
    let limit = match f.limit {
        0 => 100,
        n => n.min(1000),
    };
    if f.sort == JobSort::Upcoming {
        return super::upcoming::page(conn, &actor, f, now, limit);
    }
    let (w, mut a) = where_clause(&actor, f, now);
    let dir = if f.descending { "DESC" } else { "ASC" };
    // Every order ends on the rowid so pages never overlap; the start order walks the
    // `jobs_schedule` index (NULL starts — unscheduled drafts — come first ascending).
    let order = match f.sort {
        JobSort::Number | JobSort::Upcoming => format!("j.number {dir}"),
        JobSort::Start => format!("j.scheduled_start {dir}, j.rid {dir}"),
        JobSort::Status => format!("j.status {dir}, j.scheduled_start {dir}, j.rid {dir}"),
        JobSort::Client => {
            format!("c.surname_key COLLATE NOCASE {dir}, j.scheduled_start {dir}, j.rid {dir}")
        }
        JobSort::Priority => format!(
            "CASE j.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END {dir}, j.scheduled_start {dir}, j.rid {dir}"
        ),
    };
    a.push(Value::Integer(i64::from(limit)));
    a.push(Value::Integer(i64::from(f.offset)));
    // Two steps: the page's row ids from the jobs table alone (an index walk, even deep
    // down), then the joins for those rows only.
    // Sorted by client: walk the clients by surname (index `clients_surname_nocase`) and each one's
    // jobs (index `jobs_client`), so the first page costs a few hundred lookups instead of a sort
    // of every job. CROSS JOIN keeps that order of tables; INDEXED BY because SQLite 3.54 would
    // otherwise sort all 100,000 jobs of a large shop (300 ms instead of 3 ms).
    let from = if f.sort == JobSort::Client {
        "clients c INDEXED BY clients_surname_nocase CROSS JOIN jobs j ON j.client_id = c.id"
    } else {
        "jobs j"
    };
    let sql = format!(
        "{ROW_SELECT} WHERE j.rid IN (SELECT j.rid FROM {from} WHERE {w}
             ORDER BY {order} LIMIT ? OFFSET ?)
         ORDER BY {order}"
    );
    rows(conn, &sql, a, now)
}

/// How many jobs [`list`] would page through.
pub fn count(conn: &Connection, actor: &Session, f: &JobFilter, now: i64) -> CoreResult<u64> {
    let actor = authorize(conn, actor, Action::ViewJobs)?;
    if let Some(n) = super::tally::count(conn, visible_to(&actor), f)? {
        return Ok(n);
    }
    let (w, a) = where_clause(&actor, f, now);
    let sql = format!("SELECT count(*) FROM jobs j WHERE {w}");
    Ok(conn
        .query_row(&sql, params_from_iter(a), |r| r.get::<_, i64>(0))?
        .try_into()
        .unwrap_or(0))
}

fn zones_of(conn: &Connection, job_id: &str) -> CoreResult<Vec<JobZone>> {
    let mut st = conn.prepare_cached(
        "SELECT z.zone_id, p.name_fr, p.name_en, z.area_m2 FROM job_zones z
         JOIN ppf_zones p ON p.id = z.zone_id WHERE z.job_id = ?1 AND z.deleted_at IS NULL
         ORDER BY p.position",
    )?;
    let out = st
        .query_map([job_id], |r| {
            Ok(JobZone {
                zone_id: r.get(0)?,
                name_fr: r.get(1)?,
                name_en: r.get(2)?,
                area_m2: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(out)
}

/// One job with zones, history, notes log and checklist ([`Action::ViewJobs`]; a technician
/// gets `NotFound` for a job not assigned to them, and everyone for a deleted job).
pub fn get(conn: &Connection, actor: &Session, id: &str, now: i64) -> CoreResult<JobDetail> {
    let actor = authorize(conn, actor, Action::ViewJobs)?;
    let mut found = rows(
        conn,
        &format!("{ROW_SELECT} WHERE j.id = ? AND j.deleted_at IS NULL"),
        vec![Value::Text(id.to_owned())],
        now,
    )?;
    let row = found.pop().ok_or(CoreError::NotFound { entity: "job" })?;
    if visible_to(&actor).is_some_and(|t| row.technician_id.as_deref() != Some(t)) {
        return Err(CoreError::NotFound { entity: "job" });
    }
    let (film_product, notes, created_by, created_by_name, created_at, completed_at) = conn
        .query_row(
        "SELECT j.film_product, j.notes, j.created_by, u.display_name, j.created_at, j.completed_at
             FROM jobs j LEFT JOIN users u ON u.id = j.created_by WHERE j.id = ?1",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    let zones = zones_of(conn, id)?;
    let total_area_m2 = zones.iter().map(|z| z.area_m2).sum();
    let mut st = conn.prepare_cached(
        "SELECT h.from_status, h.to_status, h.reason, h.at, h.by_user, u.display_name
         FROM job_status_history h LEFT JOIN users u ON u.id = h.by_user
         WHERE h.job_id = ?1 ORDER BY h.at, h.rowid",
    )?;
    let history = st
        .query_map([id], |r| {
            let from: Option<String> = r.get(0)?;
            let to: String = r.get(1)?;
            Ok(HistoryEntry {
                from: from.as_deref().and_then(JobStatus::parse),
                to: JobStatus::parse(&to).unwrap_or(JobStatus::Draft),
                reason: r.get(2)?,
                at: r.get(3)?,
                by_user_id: r.get(4)?,
                by_name: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT n.id, n.body, n.author_id, u.display_name, n.at FROM job_notes n
         LEFT JOIN users u ON u.id = n.author_id WHERE n.job_id = ?1 ORDER BY n.at, n.rowid",
    )?;
    let notes_log = st
        .query_map([id], |r| {
            Ok(JobNote {
                id: r.get(0)?,
                body: r.get(1)?,
                author_id: r.get(2)?,
                author_name: r.get(3)?,
                at: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT id, label, position, done, done_at, done_by FROM job_checklist
         WHERE job_id = ?1 AND deleted_at IS NULL ORDER BY position",
    )?;
    let checklist = st
        .query_map([id], |r| {
            Ok(ChecklistItem {
                id: r.get(0)?,
                label: r.get(1)?,
                position: r.get(2)?,
                done: r.get(3)?,
                done_at: r.get(4)?,
                done_by: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let rights = super::guard::rights(conn, &actor, id, row.status, row.technician_id.as_deref())?;
    Ok(JobDetail {
        rights,
        row,
        zones,
        total_area_m2,
        film_product,
        notes,
        history,
        notes_log,
        checklist,
        created_by,
        created_by_name,
        created_at,
        completed_at,
        installed: crate::installed::for_job(conn, id)?,
    })
}

/// Longest job the calendar looks back for (a job that started before the range and still runs).
const CALENDAR_LOOKBACK_MS: i64 = 14 * 24 * 3_600_000;

/// Jobs overlapping `[from, to)` ([`Action::ViewCalendar`]; technicians see their own), by
/// start. A range query on the `jobs_schedule` index.
pub fn calendar(
    conn: &Connection,
    actor: &Session,
    from: i64,
    to: i64,
    f: &CalendarFilter,
    now: i64,
) -> CoreResult<Vec<JobRow>> {
    let actor = authorize(conn, actor, Action::ViewCalendar)?;
    let mut w = vec![
        "j.deleted_at IS NULL".to_owned(),
        "j.scheduled_start >= ? AND j.scheduled_start < ?".to_owned(),
        "coalesce(j.scheduled_end, j.scheduled_start) >= ?".to_owned(),
    ];
    let mut a = vec![
        Value::Integer(from - CALENDAR_LOOKBACK_MS),
        Value::Integer(to),
        Value::Integer(from),
    ];
    if let Some(t) = visible_to(&actor) {
        w.push("j.technician_id = ?".into());
        a.push(Value::Text(t.to_owned()));
    }
    if !f.technician_ids.is_empty() {
        w.push(format!(
            "j.technician_id IN ({})",
            placeholders(f.technician_ids.len())
        ));
        a.extend(f.technician_ids.iter().cloned().map(Value::from));
    }
    if !f.bays.is_empty() {
        w.push(format!("j.bay IN ({})", placeholders(f.bays.len())));
        a.extend(f.bays.iter().cloned().map(Value::Text));
    }
    if let Some(shop) = &f.shop {
        w.push("j.shop_id = ?".into());
        a.push(Value::Text(shop.clone()));
    }
    if f.statuses.is_empty() {
        w.push("j.status NOT IN ('cancelled', 'archived')".into());
    } else {
        w.push(format!("j.status IN ({})", placeholders(f.statuses.len())));
        a.extend(
            f.statuses
                .iter()
                .map(|s| Value::Text(s.as_str().to_owned())),
        );
    }
    let sql = format!(
        "{ROW_SELECT} WHERE {} ORDER BY j.scheduled_start, j.rid",
        w.join(" AND ")
    );
    rows(conn, &sql, a, now)
}

/// The actor's own jobs starting in `[day_start, day_end)` (not drafts, cancelled or archived),
/// with their zones: the technicians' "My day".
pub fn my_day(
    conn: &Connection,
    actor: &Session,
    day_start: i64,
    day_end: i64,
    now: i64,
) -> CoreResult<Vec<JobWithZones>> {
    let actor = authorize(conn, actor, Action::ViewCalendar)?;
    let sql = format!(
        "{ROW_SELECT} WHERE j.deleted_at IS NULL AND j.technician_id = ?
           AND j.scheduled_start >= ? AND j.scheduled_start < ?
           AND j.status NOT IN ('draft', 'cancelled', 'archived')
         ORDER BY j.scheduled_start, j.rid"
    );
    let found = rows(
        conn,
        &sql,
        vec![
            Value::from(actor.id.clone()),
            Value::Integer(day_start),
            Value::Integer(day_end),
        ],
        now,
    )?;
    with_zones(conn, found)
}

pub(super) fn with_zones(conn: &Connection, found: Vec<JobRow>) -> CoreResult<Vec<JobWithZones>> {
    found
        .into_iter()
        .map(|row| {
            Ok(JobWithZones {
                zones: zones_of(conn, &row.id)?,
                row,
            })
        })
        .collect()
}

/// Every active technician, supervisor and admin with the number and planned minutes of their
/// active jobs starting in `[day_start, day_end)`, by name.
pub fn workload(conn: &Connection, day_start: i64, day_end: i64) -> CoreResult<Vec<Workload>> {
    let mut st = conn.prepare_cached(
        "SELECT u.id, u.display_name, count(j.id),
                coalesce(sum((coalesce(j.scheduled_end, j.scheduled_start) - j.scheduled_start) / 60000), 0)
         FROM users u
         LEFT JOIN jobs j ON j.technician_id = u.id AND j.deleted_at IS NULL
              AND j.status IN ('scheduled', 'in_progress', 'paused', 'on_hold')
              AND j.scheduled_start >= ?1 AND j.scheduled_start < ?2
         WHERE u.is_active = 1 AND u.role IN ('technician', 'supervisor', 'admin')
         GROUP BY u.id ORDER BY u.surname_key COLLATE NOCASE",
    )?;
    let out = st
        .query_map(params![day_start, day_end], |r| {
            Ok(Workload {
                technician_id: r.get(0)?,
                name: r.get(1)?,
                jobs: r.get(2)?,
                minutes: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(out)
}

/// A client's jobs, latest first (the client page); scoped like [`list`].
pub fn for_client(
    conn: &Connection,
    actor: &Session,
    client_id: &str,
    limit: u32,
    now: i64,
) -> CoreResult<Vec<JobRow>> {
    list(
        conn,
        actor,
        &JobFilter {
            client_id: Some(client_id.into()),
            sort: JobSort::Start,
            descending: true,
            limit,
            ..JobFilter::default()
        },
        now,
    )
}

/// Every job of a vehicle with its zones, latest first: the vehicle history ("every PPF zone
/// ever applied"); scoped like [`list`].
pub fn for_vehicle(
    conn: &Connection,
    actor: &Session,
    vehicle_id: &str,
    now: i64,
) -> CoreResult<Vec<JobWithZones>> {
    let found = list(
        conn,
        actor,
        &JobFilter {
            vehicle_id: Some(vehicle_id.into()),
            sort: JobSort::Start,
            descending: true,
            limit: 1000,
            ..JobFilter::default()
        },
        now,
    )?;
    with_zones(conn, found)
}

/// Dashboard counts ([`Action::ViewDashboard`]; technicians count their own jobs): scheduled
/// jobs starting in the day, jobs in progress, jobs completed in the day, overdue jobs.
pub fn counts_today(
    conn: &Connection,
    actor: &Session,
    day_start: i64,
    day_end: i64,
    now: i64,
) -> CoreResult<TodayCounts> {
    let actor = authorize(conn, actor, Action::ViewDashboard)?;
    let scope = visible_to(&actor);
    let sql = format!(
        "SELECT
           sum(status = 'scheduled' AND scheduled_start >= ?1 AND scheduled_start < ?2),
           sum(status = 'in_progress'),
           sum(status = 'completed' AND completed_at >= ?1 AND completed_at < ?2),
           sum({})
         FROM jobs j WHERE deleted_at IS NULL AND (?4 IS NULL OR technician_id = ?4)",
        overdue_sql("j", "?3")
    );
    Ok(
        conn.query_row(&sql, params![day_start, day_end, now, scope], |r| {
            Ok(TodayCounts {
                scheduled: r.get::<_, Option<u32>>(0)?.unwrap_or(0),
                in_progress: r.get::<_, Option<u32>>(1)?.unwrap_or(0),
                completed: r.get::<_, Option<u32>>(2)?.unwrap_or(0),
                overdue: r.get::<_, Option<u32>>(3)?.unwrap_or(0),
            })
        })?,
    )
}

/// Jobs in the trash, latest deleted first ([`Action::ViewTrash`]).
pub fn list_deleted(conn: &Connection, actor: &Session) -> CoreResult<Vec<DeletedJob>> {
    authorize(conn, actor, Action::ViewTrash)?;
    let mut st = conn.prepare_cached(
        "SELECT j.id, j.number,
                CASE WHEN c.kind = 'business' THEN coalesce(c.company_name, c.name) ELSE c.name END,
                v.plate, j.deleted_at, u.display_name
         FROM jobs j JOIN clients c ON c.id = j.client_id JOIN vehicles v ON v.id = j.vehicle_id
         LEFT JOIN users u ON u.id = j.deleted_by
         WHERE j.deleted_at IS NOT NULL ORDER BY j.deleted_at DESC LIMIT 1000",
    )?;
    let out = st
        .query_map([], |r| {
            Ok(DeletedJob {
                id: r.get(0)?,
                number: r.get(1)?,
                client_name: r.get(2)?,
                plate: r.get(3)?,
                deleted_at: r.get(4)?,
                deleted_by: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(out)
}
