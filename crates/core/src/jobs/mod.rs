//! Jobs (tasks): creation with validation and numbering, the status machine, assignment with
//! conflict checks, rescheduling, edits, notes, checklists, soft delete, and the wizard's drafts.
//! Reads (lists, calendar, "My day", workload, dashboard counts) are in [`query`].
//!
//! Permissions (see [`crate::auth::permissions::allows`]): creating needs
//! [`Action::CreateJobs`]; rescheduling and assigning need [`Action::AssignJobs`]; editing any
//! job needs [`Action::EditAnyJob`]. Technicians ([`Action::EditOwnJob`]) act only on the jobs
//! assigned to them: they may put it on hold, change its film product, add notes and tick its
//! checklist; work starts, pauses and ends through the guided intervention only ([`guard`]).
//! Viewers only read. Technicians see only the jobs assigned to them ([`visible_to`]).

mod checklist;
mod checks;
mod create;
mod drafts;
#[cfg(test)]
mod edit_tests;
pub mod forced;
pub mod guard;
mod hits;
pub mod hours;
pub mod my_day;
#[cfg(test)]
mod planning_tests;
pub mod query;
#[cfg(test)]
mod rights_tests;
pub mod schedule;
pub mod shops;
pub mod status;
#[cfg(test)]
mod status_tests;
mod tally;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_shopfloor;
#[cfg(test)]
mod transition_tests;
pub mod upcoming;
mod with_new;
#[cfg(test)]
mod with_new_tests;

use crate::ids::{ClientId, TemplateId, UserId, VehicleId, ZoneId};
use rusqlite::{Connection, OptionalExtension as _, params};
use serde_json::json;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::{self, Action, Forbidden, ForbiddenReason, Role};
use crate::error::{CoreError, CoreResult};
use crate::ids;
use crate::settings;
use crate::store::{Store, Tx};
use crate::users;
use crate::validate::FieldErrors;

pub use checklist::{add_checklist_item, add_note, remove_checklist_item, set_checklist_done};
use checks::*;
pub use create::{create, create_in};
pub use drafts::{clear_draft, load_draft, save_draft};
pub use hits::rows_by_ids;
pub use hours::{HoursWarning, hours_warnings, next_open_slot, slot_warnings};
pub use my_day::{ActiveJob, MyDay, my_day_groups};
pub use query::*;
pub use schedule::{
    Candidate, Conflict, ConflictKind, conflicts, day_bounds, force_errors, shop_tz,
};
pub use shops::{HeadOfficeShop, head_office_shops};
pub use status::{JobStatus, Priority, can_transition, is_overdue, overdue_sql, reason_required};
pub use upcoming::sort_rows;
pub use with_new::{CreatePart, CreateWithNewError, NewJobWithParties, create_with_new};

/// Longest film product text.
pub const FILM_MAX: usize = 200;
/// Longest creation notes / note in the log.
pub const NOTES_MAX: usize = 4000;
/// Longest reason (transition, forced conflict).
pub const REASON_MAX: usize = 500;
/// Longest checklist item.
pub const CHECKLIST_MAX: usize = 200;
/// Largest wizard draft, in bytes of JSON.
pub const DRAFT_MAX_BYTES: usize = 64 * 1024;

/// What the creation wizard sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewJob {
    /// The client (a live client id).
    pub client_id: ClientId,
    /// The vehicle; its current owner must be the client.
    pub vehicle_id: VehicleId,
    /// Catalogue zone ids (at least one, each active).
    pub zone_ids: Vec<ZoneId>,
    /// Film product (free text until the inventory links products).
    pub film_product: String,
    /// Start, UTC ms (required unless a draft).
    pub scheduled_start: Option<i64>,
    /// End, UTC ms, after the start (required unless a draft).
    pub scheduled_end: Option<i64>,
    /// Assigned technician (active technician, supervisor or admin).
    pub technician_id: Option<UserId>,
    /// Bay, one of the planning settings' bays, or empty.
    pub bay: String,
    /// Priority.
    pub priority: Priority,
    /// Instructions.
    pub notes: String,
    /// Initial checklist items (blank ones are skipped).
    pub checklist: Vec<String>,
    /// Save as a draft even with a start.
    pub as_draft: bool,
    /// Reason to save despite conflicts (supervisors and admins only).
    pub force_reason: Option<String>,
    /// Workflow template; `None` lets the default rule choose (Express for up to two zones).
    pub template_id: Option<TemplateId>,
}

/// A new slot for a job (calendar drag, assignment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reschedule {
    /// Start, UTC ms.
    pub start: i64,
    /// End, UTC ms.
    pub end: i64,
    /// Technician (or none).
    pub technician_id: Option<UserId>,
    /// Bay (or empty).
    pub bay: String,
    /// Reason to save despite conflicts (supervisors and admins only).
    pub force_reason: Option<String>,
}

/// An edit of a job's content; `None` leaves a field unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobUpdate {
    /// New client.
    pub client_id: Option<ClientId>,
    /// New vehicle.
    pub vehicle_id: Option<VehicleId>,
    /// New zones (replace the list; areas re-read from the catalogue).
    pub zone_ids: Option<Vec<ZoneId>>,
    /// New film product (the only field a technician may change, on own jobs).
    pub film_product: Option<String>,
    /// New priority.
    pub priority: Option<Priority>,
    /// New instructions.
    pub notes: Option<String>,
}

/// The technician whose jobs `actor` is limited to, or `None` when the actor sees every job.
/// Technicians see only the jobs assigned to them; the search code reuses this scope.
pub fn visible_to(actor: &Session) -> Option<&str> {
    (actor.role == Role::Technician).then_some(actor.id.as_str())
}

/// The acting user as stored now, allowed `action` by the matrix.
pub(crate) fn authorize(conn: &Connection, actor: &Session, action: Action) -> CoreResult<Session> {
    let actor = users::current_actor(conn, actor, action)?;
    permissions::require(actor.role, action)?;
    Ok(actor)
}

fn forbidden(action: Action) -> CoreError {
    CoreError::Forbidden(Forbidden::new(action, ForbiddenReason::RoleTooLow))
}

/// The parts of a stored job the services need.
#[derive(Debug, Clone)]
struct Stored {
    number: String,
    status: JobStatus,
    client_id: ClientId,
    vehicle_id: VehicleId,
    technician_id: Option<UserId>,
    bay: String,
    start: Option<i64>,
    end: Option<i64>,
    started_at: Option<i64>,
    deleted: bool,
}

fn load(conn: &Connection, id: &str) -> CoreResult<Stored> {
    conn.query_row(
        "SELECT number, status, client_id, vehicle_id, technician_id, bay, scheduled_start,
                scheduled_end, started_at, deleted_at IS NOT NULL
         FROM jobs WHERE id = ?1",
        [id],
        |r| {
            let status: String = r.get(1)?;
            Ok(Stored {
                number: r.get(0)?,
                status: JobStatus::parse(&status).unwrap_or(JobStatus::Draft),
                client_id: r.get(2)?,
                vehicle_id: r.get(3)?,
                technician_id: r.get(4)?,
                bay: r.get(5)?,
                start: r.get(6)?,
                end: r.get(7)?,
                started_at: r.get(8)?,
                deleted: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound { entity: "job" })
}

/// A live job, or `NotFound` (also when a technician asks for a job not assigned to them).
fn load_live(conn: &Connection, actor: &Session, id: &str) -> CoreResult<Stored> {
    let job = load(conn, id)?;
    if job.deleted || visible_to(actor).is_some_and(|t| job.technician_id.as_deref() != Some(t)) {
        return Err(CoreError::NotFound { entity: "job" });
    }
    Ok(job)
}

/// Technicians act on their own jobs with [`Action::EditOwnJob`]; everyone else needs
/// [`Action::EditAnyJob`]. Returns whether the actor acts as "own job only".
fn authorize_edit(conn: &Connection, actor: &Session, job: &Stored) -> CoreResult<(Session, bool)> {
    let actor = users::current_actor(conn, actor, Action::EditOwnJob)?;
    if permissions::allows(actor.role, Action::EditAnyJob) {
        return Ok((actor, false));
    }
    if permissions::allows(actor.role, Action::EditOwnJob)
        && job.technician_id.as_deref() == Some(actor.id.as_str())
    {
        return Ok((actor, true));
    }
    Err(forbidden(Action::EditAnyJob))
}

/// The next number of the shop-time day of `now` on this terminal: `YYYYMMDD-CODE-NNN` (see
/// [`crate::numbering::job_number`]; NNN grows past 999). Allocated in the creating write
/// transaction, so a failed creation gives its number back (the UNIQUE index backs it).
pub fn next_number(tx: &Tx<'_>, now: i64) -> CoreResult<String> {
    let tz = shop_tz(tx.conn())?;
    let day = chrono::TimeZone::timestamp_millis_opt(&chrono::Utc, now)
        .single()
        .map(|d| d.with_timezone(&tz).format("%Y%m%d").to_string())
        .unwrap_or_default();
    crate::numbering::next_job_number(tx, &day)
}

fn insert_history(
    tx: &Tx<'_>,
    job_id: &str,
    from: Option<JobStatus>,
    to: JobStatus,
    reason: &str,
) -> CoreResult<()> {
    tx.conn().execute(
        "INSERT INTO job_status_history (id, job_id, from_status, to_status, reason, at, by_user)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            ids::new_id(),
            job_id,
            from.map(JobStatus::as_str),
            to.as_str(),
            reason,
            tx.now(),
            tx.actor()
        ],
    )?;
    Ok(())
}

/// Sets a job's zones: the ones no longer planned are soft-deleted, the others inserted or
/// brought back with the area given.
fn insert_zones(tx: &Tx<'_>, job_id: &str, zones: &[(String, f64)]) -> CoreResult<()> {
    let keep = serde_json::to_string(&zones.iter().map(|(z, _)| z).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".to_owned());
    tx.soft_delete(
        "job_zones",
        "job_id = ?1 AND zone_id NOT IN (SELECT value FROM json_each(?2))",
        &[&job_id, &keep],
    )?;
    for (zone, area) in zones {
        tx.conn().execute(
            "INSERT INTO job_zones (job_id, zone_id, area_m2, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (job_id, zone_id) DO UPDATE SET area_m2 = ?3, updated_at = ?4,
                 deleted_at = NULL, deleted_by = NULL
             WHERE area_m2 IS NOT ?3 OR deleted_at IS NOT NULL",
            params![job_id, zone, area, tx.now()],
        )?;
    }
    Ok(())
}

/// Moves a job to a new slot, technician or bay (calendar drag): [`Action::AssignJobs`]; start
/// and end required, technician and bay validated, conflicts refused unless forced with a reason
/// by a supervisor or admin. A draft becomes scheduled. Closed jobs (completed, cancelled,
/// archived) cannot move. History (for the status change or the forced conflict) and audit
/// `job.reschedule`.
pub fn reschedule(
    store: &mut Store,
    actor: &Session,
    job_id: &str,
    r: &Reschedule,
) -> CoreResult<JobDetail> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let actor = authorize(conn, actor, Action::AssignJobs)?;
        let job = load_live(conn, &actor, job_id)?;
        if job.status.is_closed() {
            return Err(CoreError::Refused {
                key: "job-err-closed",
            });
        }
        let mut e = FieldErrors::new();
        check_times(&mut e, Some(r.start), Some(r.end), true);
        let tech = r
            .technician_id
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        check_technician(conn, &mut e, tech)?;
        let bay = r.bay.trim().to_owned();
        check_bay(conn, &mut e, &bay)?;
        e.into_result()?;
        let forced = check_conflicts(
            conn,
            &actor,
            &Candidate {
                job_id: Some(job_id.into()),
                start: r.start,
                end: r.end,
                technician_id: tech.map(UserId::from),
                bay: bay.clone(),
            },
            r.force_reason.as_deref(),
        )?;
        let status = if job.status == JobStatus::Draft {
            JobStatus::Scheduled
        } else {
            job.status
        };
        conn.execute(
            "UPDATE jobs SET scheduled_start = ?2, scheduled_end = ?3, technician_id = ?4, bay = ?5,
                status = ?6, updated_at = ?7 WHERE id = ?1",
            params![job_id, r.start, r.end, tech, bay, status.as_str(), tx.now()],
        )?;
        let note = forced::note(&forced, r.force_reason.as_deref());
        if status != job.status {
            insert_history(tx, job_id, Some(job.status), status, &note)?;
        }
        tx.audit(AuditEntry {
            action: "job.reschedule",
            entity: "job",
            entity_id: Some(job_id),
            before: Some(json!({
                "scheduled_start": job.start, "scheduled_end": job.end,
                "technician_id": job.technician_id, "bay": job.bay, "status": job.status.as_str(),
            })),
            after: Some(json!({
                "scheduled_start": r.start, "scheduled_end": r.end, "technician_id": tech,
                "bay": bay, "status": status.as_str(),
                "forced": (!note.is_empty()).then_some(&note),
            })),
        })?;
        Ok(())
    })?;
    let now = store.now_ms();
    get(store.conn(), actor, job_id, now)
}

/// Changes a job's status along the table ([`can_transition`]; same status refused), with the
/// reason required by [`reason_required`]; never into in progress, paused or completed (only
/// the intervention does that, [`guard`]; reopening a completed job is a move to on hold, which
/// clears `completed_at`) nor while an intervention runs. Supervisors and admins
/// ([`Action::EditAnyJob`]) may make the other moves; technicians only put their own active
/// jobs on hold. Scheduling a draft needs a start and an end. History and audit `job.status`.
pub fn transition(
    store: &mut Store,
    actor: &Session,
    job_id: &str,
    to: JobStatus,
    reason: Option<&str>,
) -> CoreResult<JobDetail> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let job = load_live(conn, actor, job_id)?;
        let (_, own_only) = authorize_edit(conn, actor, &job)?;
        guard::ensure_movable(conn, job_id, job.status, to)?;
        if own_only && !guard::technician_may_move(job.status, to) {
            return Err(forbidden(Action::EditAnyJob));
        }
        if job.status == to {
            return Err(CoreError::Refused {
                key: "job-err-same-status",
            });
        }
        check_move(job.status, to)?;
        let reason = clean_reason(reason).unwrap_or_default();
        let mut e = FieldErrors::new();
        if reason_required(job.status, to) && reason.is_empty() {
            e.add("reason", "job-err-reason-required");
        }
        too_long(&mut e, "reason", &reason, REASON_MAX);
        e.into_result()?;
        if to == JobStatus::Scheduled && (job.start.is_none() || job.end.is_none()) {
            return Err(CoreError::Refused {
                key: "job-err-needs-schedule",
            });
        }
        apply_transition(tx, job_id, job.status, job.started_at, to, &reason)?;
        Ok(())
    })?;
    let now = store.now_ms();
    get(store.conn(), actor, job_id, now)
}

/// Moves a job along the status table inside the caller's transaction, for the services that
/// drive a job's status (the guided intervention): the caller has already checked who may act.
/// Refuses a same-status or illegal move like [`transition`]; records history and audit.
pub(crate) fn transition_tx(
    tx: &Tx<'_>,
    job_id: &str,
    to: JobStatus,
    reason: &str,
) -> CoreResult<()> {
    let job = load(tx.conn(), job_id)?;
    if job.deleted {
        return Err(CoreError::NotFound { entity: "job" });
    }
    if job.status == to {
        return Ok(());
    }
    check_move(job.status, to)?;
    apply_transition(tx, job_id, job.status, job.started_at, to, reason)
}

/// Refuses a move the status table does not allow ([`can_transition`]).
fn check_move(from: JobStatus, to: JobStatus) -> CoreResult<()> {
    if can_transition(from, to) {
        return Ok(());
    }
    Err(CoreError::RefusedWith {
        key: "job-err-transition",
        args: vec![
            ("from", from.as_str().to_owned()),
            ("to", to.as_str().to_owned()),
        ],
    })
}

fn apply_transition(
    tx: &Tx<'_>,
    job_id: &str,
    from: JobStatus,
    started_at: Option<i64>,
    to: JobStatus,
    reason: &str,
) -> CoreResult<()> {
    let conn = tx.conn();
    let now = tx.now();
    let started_at = match (to, started_at) {
        (JobStatus::InProgress, None) => Some(now),
        (_, s) => s,
    };
    let completed_sql = match to {
        JobStatus::Completed => "?4",
        JobStatus::Archived => "completed_at",
        _ => "NULL",
    };
    conn.execute(
        &format!(
            "UPDATE jobs SET status = ?2, started_at = ?3, completed_at = {completed_sql},
                    updated_at = ?4 WHERE id = ?1"
        ),
        params![job_id, to.as_str(), started_at, now],
    )?;
    insert_history(tx, job_id, Some(from), to, reason)?;
    tx.audit(AuditEntry {
        action: "job.status",
        entity: "job",
        entity_id: Some(job_id),
        before: Some(json!({ "status": from.as_str() })),
        after: Some(json!({ "status": to.as_str(), "reason": reason })),
    })?;
    Ok(())
}

/// Edits a job's content. Supervisors and admins ([`Action::EditAnyJob`]) may change every
/// field; a technician only the film product of their own job (as in RPMA v2: status, notes,
/// checklist and film lot). Archived jobs are read-only. Validated like [`create`]; audit
/// `job.update`.
pub fn update(
    store: &mut Store,
    actor: &Session,
    job_id: &str,
    u: &JobUpdate,
) -> CoreResult<JobDetail> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let job = load_live(conn, actor, job_id)?;
        let (_, own_only) = authorize_edit(conn, actor, &job)?;
        if own_only
            && (u.client_id.is_some()
                || u.vehicle_id.is_some()
                || u.zone_ids.is_some()
                || u.priority.is_some()
                || u.notes.is_some())
        {
            return Err(forbidden(Action::EditAnyJob));
        }
        if job.status == JobStatus::Archived {
            return Err(CoreError::Refused {
                key: "job-err-archived",
            });
        }
        let mut e = FieldErrors::new();
        let client = u.client_id.clone().unwrap_or_else(|| job.client_id.clone());
        let vehicle = u
            .vehicle_id
            .clone()
            .unwrap_or_else(|| job.vehicle_id.clone());
        let mut zones = None;
        if u.client_id.is_some() || u.vehicle_id.is_some() || u.zone_ids.is_some() {
            let size = check_client_vehicle(conn, &mut e, &client, &vehicle)?;
            let ids = match &u.zone_ids {
                Some(z) => z.clone(),
                None => {
                    let mut st = conn.prepare(
                        "SELECT zone_id FROM job_zones WHERE job_id = ?1 AND deleted_at IS NULL",
                    )?;
                    st.query_map([job_id], |r| r.get::<_, ZoneId>(0))?
                        .collect::<Result<Vec<_>, _>>()?
                }
            };
            zones = Some(check_zones(conn, &mut e, &ids, &size)?);
        }
        let film = u.film_product.as_deref().map(str::trim);
        if let Some(f) = film {
            too_long(&mut e, "film_product", f, FILM_MAX);
        }
        let notes = u.notes.as_deref().map(str::trim);
        if let Some(n) = notes {
            too_long(&mut e, "notes", n, NOTES_MAX);
        }
        e.into_result()?;
        let before: serde_json::Value = conn
            .query_row(
                "SELECT json_object('client_id', client_id, 'vehicle_id', vehicle_id,
                    'film_product', film_product, 'priority', priority, 'notes', notes,
                    'zones', (SELECT json_group_array(zone_id) FROM job_zones
                        WHERE job_id = jobs.id AND deleted_at IS NULL))
             FROM jobs WHERE id = ?1",
                [job_id],
                |r| r.get::<_, String>(0),
            )
            .map(|s| serde_json::from_str(&s).unwrap_or_default())?;
        conn.execute(
            "UPDATE jobs SET client_id = ?2, vehicle_id = ?3,
                film_product = coalesce(?4, film_product), priority = coalesce(?5, priority),
                notes = coalesce(?6, notes), updated_at = ?7 WHERE id = ?1",
            params![
                job_id,
                client,
                vehicle,
                film,
                u.priority.map(Priority::as_str),
                notes,
                tx.now()
            ],
        )?;
        if let Some(z) = &zones {
            insert_zones(tx, job_id, z)?;
        }
        tx.audit(AuditEntry {
            action: "job.update",
            entity: "job",
            entity_id: Some(job_id),
            before: Some(before),
            after: Some(json!({
                "client_id": client, "vehicle_id": vehicle, "film_product": film,
                "priority": u.priority.map(Priority::as_str), "notes": notes,
                "zones": zones.as_ref().map(|z| z.iter().map(|x| &x.0).collect::<Vec<_>>()),
            })),
        })?;
        Ok(())
    })?;
    let now = store.now_ms();
    get(store.conn(), actor, job_id, now)
}

/// Moves a job to the trash ([`Action::DeleteJobs`]); refused while it is in progress or paused
/// (`job-err-delete-active`) or its intervention runs ([`guard`]). Audit `job.delete`.
pub fn delete(store: &mut Store, actor: &Session, job_id: &str) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let actor = authorize(conn, actor, Action::DeleteJobs)?;
        let job = load_live(conn, &actor, job_id)?;
        guard::ensure_deletable(conn, job_id, job.status)?;
        conn.execute(
            "UPDATE jobs SET deleted_at = ?2, deleted_by = ?3, updated_at = ?2 WHERE id = ?1",
            params![job_id, tx.now(), actor.id],
        )?;
        tx.audit(AuditEntry {
            action: "job.delete",
            entity: "job",
            entity_id: Some(job_id),
            before: Some(json!({ "number": job.number, "status": job.status.as_str() })),
            after: None,
        })
    })
}

/// Brings a job back from the trash ([`Action::RestoreFromTrash`]). Audit `job.restore`.
pub fn restore(store: &mut Store, actor: &Session, job_id: &str) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        authorize(conn, actor, Action::RestoreFromTrash)?;
        let job = load(conn, job_id)?;
        if !job.deleted {
            return Err(CoreError::NotFound { entity: "job" });
        }
        conn.execute(
            "UPDATE jobs SET deleted_at = NULL, deleted_by = NULL, updated_at = ?2 WHERE id = ?1",
            params![job_id, tx.now()],
        )?;
        tx.audit(AuditEntry {
            action: "job.restore",
            entity: "job",
            entity_id: Some(job_id),
            before: None,
            after: Some(json!({ "number": job.number })),
        })
    })
}
