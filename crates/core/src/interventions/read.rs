//! Loading interventions.

use crate::ids::{InterventionId, UserId};
use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{
    Approval, Defect, DefectKind, Intervention, IvEvent, IvStatus, JobHeader, Pause, PhotoRef,
    StepData, StepState, StepStatus, ZoneWork,
};
use crate::Session;
use crate::auth::permissions::{self, Action, Forbidden, ForbiddenReason};
use crate::error::{CoreError, CoreResult};
use crate::workflow::{Phase, StepKind, Template};

fn bad(detail: String) -> CoreError {
    CoreError::NotADatabase {
        path: std::path::PathBuf::from("interventions"),
        detail,
    }
}

pub(super) fn checklist_from(json: &str) -> BTreeMap<String, bool> {
    serde_json::from_str(json).unwrap_or_default()
}

fn usize_of(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

/// May `actor` see interventions of a job assigned to `job_tech`? Anyone who may see jobs; a
/// technician only their own jobs.
pub(super) fn may_see(actor: &Session, job_tech: Option<&str>) -> bool {
    if !permissions::allows(actor.role, Action::ViewJobs) {
        return false;
    }
    crate::jobs::visible_to(actor).is_none_or(|t| job_tech == Some(t))
}

fn header(conn: &Connection, job_id: &str) -> CoreResult<JobHeader> {
    conn.query_row(
        "SELECT j.id, j.number, c.name, v.plate, trim(v.make || ' ' || v.model), j.technician_id,
                u.display_name, j.film_product
         FROM jobs j JOIN clients c ON c.id = j.client_id JOIN vehicles v ON v.id = j.vehicle_id
         LEFT JOIN users u ON u.id = j.technician_id
         WHERE j.id = ?1",
        [job_id],
        |r| {
            Ok(JobHeader {
                id: r.get(0)?,
                number: r.get(1)?,
                client_name: r.get(2)?,
                plate: r.get(3)?,
                vehicle: r.get(4)?,
                technician_id: r.get(5)?,
                technician_name: r.get(6)?,
                film_product: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound { entity: "job" })
}

/// Loads an intervention with everything its screens show, without a permission check.
pub(super) fn load(conn: &Connection, id: &str) -> CoreResult<Intervention> {
    let base = conn
        .query_row(
            "SELECT job_id, template, status, current_step, technician_id, started_at, paused_at,
                    paused_ms, completed_at, duration_ms, cancel_reason, signatory, signature_png,
                    updated_at
             FROM interventions WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<UserId>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                    r.get::<_, Option<i64>>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, Option<Vec<u8>>>(12)?,
                    r.get::<_, i64>(13)?,
                ))
            },
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            entity: "intervention",
        })?;
    let template: Template = serde_json::from_str(&base.1).map_err(|e| bad(e.to_string()))?;
    let status = IvStatus::parse(&base.2).ok_or_else(|| bad(format!("status {}", base.2)))?;

    let mut steps = Vec::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT position, kind, status, started_at, completed_at, completed_by, worked_ms,
                    notes, checklist, data, skip_reason, approval, approved_by, rejection_reason,
                    rework_count
             FROM intervention_steps WHERE intervention_id = ?1 ORDER BY position",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            let status: String = r.get(2)?;
            let data: String = r.get(9)?;
            let approval: String = r.get(11)?;
            steps.push(StepState {
                position: usize_of(r.get(0)?),
                kind: StepKind::parse(&kind).ok_or_else(|| bad(format!("kind {kind}")))?,
                status: StepStatus::parse(&status)
                    .ok_or_else(|| bad(format!("step status {status}")))?,
                started_at: r.get(3)?,
                completed_at: r.get(4)?,
                completed_by: r.get(5)?,
                worked_ms: r.get(6)?,
                notes: r.get(7)?,
                checklist: checklist_from(&r.get::<_, String>(8)?),
                data: serde_json::from_str::<StepData>(&data).unwrap_or_default(),
                skip_reason: r.get(10)?,
                approval: Approval::parse(&approval).unwrap_or(Approval::None),
                approved_by: r.get(12)?,
                rejection_reason: r.get(13)?,
                rework_count: r.get(14)?,
            });
        }
    }

    let mut zones = Vec::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT z.zone_id, p.name_fr, p.name_en, z.position, z.checklist, z.film_product,
                    z.roll_lot, z.length_mm, z.waste_mm, z.installer_id, z.quality_score, z.notes
             FROM intervention_zones z JOIN ppf_zones p ON p.id = z.zone_id
             WHERE z.intervention_id = ?1 ORDER BY z.position",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            zones.push(ZoneWork {
                zone_id: r.get(0)?,
                name_fr: r.get(1)?,
                name_en: r.get(2)?,
                position: r.get(3)?,
                checklist: checklist_from(&r.get::<_, String>(4)?),
                film_product: r.get(5)?,
                roll_lot: r.get(6)?,
                length_mm: r.get(7)?,
                waste_mm: r.get(8)?,
                installer_id: r.get(9)?,
                quality_score: r
                    .get::<_, Option<i64>>(10)?
                    .and_then(|v| u8::try_from(v).ok()),
                notes: r.get(11)?,
            });
        }
    }

    let mut defects = Vec::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT id, zone, x, y, kind, severity, note, photo_id FROM intervention_defects
             WHERE intervention_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(4)?;
            defects.push(Defect {
                id: r.get(0)?,
                zone: r.get(1)?,
                x: r.get(2)?,
                y: r.get(3)?,
                kind: DefectKind::parse(&kind).unwrap_or(DefectKind::Scratch),
                severity: u8::try_from(r.get::<_, i64>(5)?).unwrap_or(1),
                note: r.get(6)?,
                photo_id: r.get(7)?,
            });
        }
    }

    let mut photos = Vec::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT ip.id, ip.step, ip.sha256, p.mime, p.width, p.height, ip.original_name,
                    ip.phase, ip.zone_id, ip.shot, ip.caption, p.taken_at, p.camera, p.gps_lat,
                    p.gps_lon, ip.added_at
             FROM intervention_photos ip JOIN photos p ON p.sha256 = ip.sha256
             WHERE ip.intervention_id = ?1 AND ip.deleted_at IS NULL
             ORDER BY ip.step, ip.added_at, ip.id",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let phase: String = r.get(7)?;
            let lat: Option<f64> = r.get(13)?;
            let lon: Option<f64> = r.get(14)?;
            photos.push(PhotoRef {
                id: r.get(0)?,
                step: usize_of(r.get(1)?),
                sha256: r.get(2)?,
                mime: r.get(3)?,
                width: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                height: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                original_name: r.get(6)?,
                phase: Phase::parse(&phase).unwrap_or_default(),
                zone_id: r.get(8)?,
                shot: r.get(9)?,
                caption: r.get(10)?,
                taken_at: r.get(11)?,
                camera: r.get(12)?,
                gps: lat.zip(lon),
                added_at: r.get(15)?,
            });
        }
    }

    let mut pauses = Vec::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT started_at, ended_at, reason FROM intervention_pauses
             WHERE intervention_id = ?1 AND deleted_at IS NULL ORDER BY started_at",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            pauses.push(Pause {
                started_at: r.get(0)?,
                ended_at: r.get(1)?,
                reason: r.get(2)?,
            });
        }
    }

    let mut events = Vec::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT e.at, e.user_id, u.display_name, e.kind, e.step, e.reason
             FROM intervention_events e LEFT JOIN users u ON u.id = e.user_id
             WHERE e.intervention_id = ?1 ORDER BY e.at, e.rowid",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            events.push(IvEvent {
                at: r.get(0)?,
                user_id: r.get(1)?,
                user_name: r.get(2)?,
                kind: r.get(3)?,
                step: r.get::<_, Option<i64>>(4)?.map(usize_of),
                reason: r.get(5)?,
            });
        }
    }

    Ok(Intervention {
        id: id.into(),
        job: header(conn, &base.0)?,
        template,
        status,
        current_step: usize_of(base.3),
        technician_id: base.4,
        started_at: base.5,
        paused_at: base.6,
        paused_ms: base.7,
        completed_at: base.8,
        duration_ms: base.9,
        cancel_reason: base.10,
        signatory: base.11,
        signature_png: base.12,
        steps,
        zones,
        defects,
        photos,
        pauses,
        events,
        conflicts: super::conflicts::of(conn, id)?,
        updated_at: base.13,
    })
}

/// One intervention, for someone who may see its job (the account as stored now).
pub fn get(conn: &Connection, actor: &Session, id: &str) -> CoreResult<Intervention> {
    let actor = &crate::users::current_actor(conn, actor, Action::ViewJobs)?;
    let iv = load(conn, id)?;
    if !may_see(actor, iv.job.technician_id.as_deref()) {
        if !permissions::allows(actor.role, Action::ViewJobs) {
            return Err(CoreError::Forbidden(Forbidden::new(
                Action::ViewJobs,
                ForbiddenReason::RoleTooLow,
            )));
        }
        return Err(CoreError::NotFound {
            entity: "intervention",
        });
    }
    Ok(iv)
}

/// The job's active (in progress or paused) intervention, if any.
pub fn active_for_job(conn: &Connection, job_id: &str) -> CoreResult<Option<InterventionId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM interventions WHERE job_id = ?1 AND status IN ('in_progress', 'paused')",
            [job_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The job's latest intervention (active, else the last finished or cancelled), if any.
pub fn latest_for_job(conn: &Connection, job_id: &str) -> CoreResult<Option<(String, IvStatus)>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT id, status FROM interventions WHERE job_id = ?1
             ORDER BY status IN ('in_progress', 'paused') DESC, started_at DESC LIMIT 1",
            params![job_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(id, s)| IvStatus::parse(&s).map(|s| (id, s))))
}

/// Interventions in progress (not paused): an update would interrupt them. For the update
/// screen's blockers: `(job number, plate)`.
pub fn unsaved_blockers(conn: &Connection) -> CoreResult<Vec<(String, String)>> {
    let mut st = conn.prepare(
        "SELECT j.number, v.plate FROM interventions i JOIN jobs j ON j.id = i.job_id
         JOIN vehicles v ON v.id = j.vehicle_id WHERE i.status = 'in_progress'
         ORDER BY i.started_at",
    )?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The message key of the refusal [`super::start`] gives when the technician already has an
/// intervention running on another job (the UI asks to confirm, then calls
/// [`super::start_alongside`]).
pub const SECOND_RUNNING_KEY: &str = "iv-warn-second-running";

/// The intervention `technician_id` is running now (in progress, not paused) on another job than
/// `job_id`, as `(intervention id, job number, plate)`.
pub fn running_elsewhere(
    conn: &Connection,
    technician_id: &str,
    job_id: &str,
) -> CoreResult<Option<(InterventionId, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT i.id, j.number, v.plate FROM interventions i JOIN jobs j ON j.id = i.job_id
             JOIN vehicles v ON v.id = j.vehicle_id
             WHERE i.technician_id = ?1 AND i.status = 'in_progress' AND i.job_id <> ?2
               AND j.deleted_at IS NULL
             ORDER BY i.started_at DESC LIMIT 1",
            params![technician_id, job_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}
