//! Creating a job: [`create`], and [`create_in`] for a use case that creates a job inside its own
//! transaction (the wizard's [`super::create_with_new`] creates its client and vehicle first).

use crate::ids::{JobId, UserId};
use rusqlite::params;
use serde_json::json;

use super::{
    CHECKLIST_MAX, Candidate, FILM_MAX, JobDetail, JobStatus, NOTES_MAX, NewJob, authorize,
    check_bay, check_client_vehicle, check_conflicts, check_technician, check_times, check_zones,
    forced, get, insert_history, insert_zones, next_number, too_long,
};
use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::CoreResult;
use crate::ids;
use crate::store::{Store, Tx};
use crate::validate::FieldErrors;

/// Creates a job: [`Action::CreateJobs`]; every field validated (all problems at once, nothing
/// written on error); conflicts refused unless forced; numbered `YYYYMMDD-CODE-NNN` by the shop-time
/// creation day; zones copied with the catalogue area for the vehicle's size class; history row
/// and audit `job.create`. Status `scheduled` when a start is given and not `as_draft`, else
/// `draft`.
pub fn create(store: &mut Store, actor: &Session, new: &NewJob) -> CoreResult<JobDetail> {
    let id = store.write(Some(&actor.id), |tx| create_in(tx, actor, new))?;
    let now = store.now_ms();
    get(store.conn(), actor, &id, now)
}

/// [`create`] inside a caller's transaction; returns the new job's id.
pub fn create_in(tx: &Tx<'_>, actor: &Session, new: &NewJob) -> CoreResult<JobId> {
    let conn = tx.conn();
    let actor = authorize(conn, actor, Action::CreateJobs)?;
    let mut e = FieldErrors::new();
    let size = check_client_vehicle(conn, &mut e, &new.client_id, &new.vehicle_id)?;
    let zones = check_zones(conn, &mut e, &new.zone_ids, &size)?;
    check_times(
        &mut e,
        new.scheduled_start,
        new.scheduled_end,
        !new.as_draft,
    );
    let tech = new
        .technician_id
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    check_technician(conn, &mut e, tech)?;
    let bay = new.bay.trim().to_owned();
    check_bay(conn, &mut e, &bay)?;
    let film = new.film_product.trim().to_owned();
    too_long(&mut e, "film_product", &film, FILM_MAX);
    let notes = new.notes.trim().to_owned();
    too_long(&mut e, "notes", &notes, NOTES_MAX);
    let checklist: Vec<String> = new
        .checklist
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if checklist.iter().any(|c| c.chars().count() > CHECKLIST_MAX) {
        too_long(
            &mut e,
            "checklist",
            &"x".repeat(CHECKLIST_MAX + 1),
            CHECKLIST_MAX,
        );
    }
    e.into_result()?;
    let status = if new.scheduled_start.is_some() && !new.as_draft {
        JobStatus::Scheduled
    } else {
        JobStatus::Draft
    };
    let mut conflicts = Vec::new();
    if let (JobStatus::Scheduled, Some(start), Some(end)) =
        (status, new.scheduled_start, new.scheduled_end)
    {
        conflicts = check_conflicts(
            conn,
            &actor,
            &Candidate {
                job_id: None,
                start,
                end,
                technician_id: tech.map(UserId::from),
                bay: bay.clone(),
            },
            new.force_reason.as_deref(),
        )?;
    }
    let template_id = crate::workflow::resolve(conn, new.template_id.as_deref(), zones.len())?;
    let id = JobId::new();
    let number = next_number(tx, tx.now())?;
    conn.execute(
        "INSERT INTO jobs (id, number, client_id, vehicle_id, status, priority, film_product,
            scheduled_start, scheduled_end, technician_id, bay, notes, created_by, created_at,
            updated_at, template_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
        params![
            id,
            number,
            new.client_id,
            new.vehicle_id,
            status.as_str(),
            new.priority.as_str(),
            film,
            new.scheduled_start,
            new.scheduled_end,
            tech,
            bay,
            notes,
            actor.id,
            tx.now(),
            template_id
        ],
    )?;
    insert_zones(tx, &id, &zones)?;
    for (i, label) in checklist.iter().enumerate() {
        tx.conn().execute(
            "INSERT INTO job_checklist (id, job_id, label, position, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                ids::new_id(),
                id,
                label,
                i64::try_from(i).unwrap_or(i64::MAX),
                tx.now()
            ],
        )?;
    }
    let note = forced::note(&conflicts, new.force_reason.as_deref());
    insert_history(tx, &id, None, status, &note)?;
    tx.audit(AuditEntry {
        action: "job.create",
        entity: "job",
        entity_id: Some(&id),
        before: None,
        after: Some(json!({
            "number": number, "status": status.as_str(), "client_id": new.client_id,
            "vehicle_id": new.vehicle_id, "zones": zones.iter().map(|z| &z.0).collect::<Vec<_>>(),
            "scheduled_start": new.scheduled_start, "scheduled_end": new.scheduled_end,
            "technician_id": tech, "bay": bay, "priority": new.priority.as_str(),
            "forced": (!note.is_empty()).then_some(&note),
        })),
    })?;
    Ok(id)
}
