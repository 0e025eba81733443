//! Start, pause, resume, cancel, step moves and finish.

use rusqlite::{OptionalExtension, params};
use serde_json::json;

use super::read::{load, may_see};
use super::rules::{self, finish_missing, step_missing};
use super::{Approval, Intervention, IvStatus, StepStatus};
use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::{self, Action, Forbidden, ForbiddenReason, Role};
use crate::error::{CoreError, CoreResult};
use crate::ids;
use crate::jobs::{self, JobStatus};
use crate::store::{Store, Tx};
use crate::users;
use crate::validate::FieldErrors;
use crate::workflow;

/// Longest reason (pause, cancel, rework, skip, rejection).
pub const REASON_MAX: usize = 500;

fn forbidden(action: Action) -> CoreError {
    CoreError::Forbidden(Forbidden::new(action, ForbiddenReason::RoleTooLow))
}

fn refused(key: &'static str) -> CoreError {
    CoreError::Refused { key }
}

/// The acting user, allowed to run interventions on a job assigned to `job_tech`: the job's
/// technician, or anyone who may edit any job (supervisors, admins).
pub(super) fn authorize(
    conn: &rusqlite::Connection,
    actor: &Session,
    job_tech: Option<&str>,
) -> CoreResult<Session> {
    let actor = users::current_actor(conn, actor, Action::RunIntervention)?;
    if !permissions::allows(actor.role, Action::RunIntervention) {
        return Err(forbidden(Action::RunIntervention));
    }
    if permissions::allows(actor.role, Action::EditAnyJob) || job_tech == Some(actor.id.as_str()) {
        return Ok(actor);
    }
    if !may_see(&actor, job_tech) {
        return Err(CoreError::NotFound { entity: "job" });
    }
    Err(forbidden(Action::EditAnyJob))
}

/// Loads an intervention for a change by `actor`; refuses when it is finished or cancelled.
pub(super) fn load_active(tx: &Tx<'_>, actor: &Session, id: &str) -> CoreResult<Intervention> {
    let iv = load(tx.conn(), id)?;
    authorize(tx.conn(), actor, iv.job.technician_id.as_deref())?;
    if !iv.status.is_active() {
        return Err(refused("iv-err-not-active"));
    }
    Ok(iv)
}

/// Like [`load_active`], and refuses while paused (resume first).
pub(super) fn load_running(tx: &Tx<'_>, actor: &Session, id: &str) -> CoreResult<Intervention> {
    let iv = load_active(tx, actor, id)?;
    if iv.status == IvStatus::Paused {
        return Err(refused("iv-err-paused"));
    }
    Ok(iv)
}

pub(super) fn event(
    tx: &Tx<'_>,
    id: &str,
    kind: &str,
    step: Option<usize>,
    reason: &str,
) -> CoreResult<()> {
    tx.conn().execute(
        "INSERT INTO intervention_events (id, intervention_id, at, user_id, kind, step, reason)
         VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            tx.now(),
            tx.actor(),
            kind,
            step.and_then(|s| i64::try_from(s).ok()),
            reason,
            ids::new_id()
        ],
    )?;
    Ok(())
}

fn audit(tx: &Tx<'_>, action: &'static str, id: &str, after: serde_json::Value) -> CoreResult<()> {
    tx.audit(AuditEntry {
        action,
        entity: "intervention",
        entity_id: Some(id),
        before: None,
        after: Some(after),
    })
}

pub(super) fn touch(tx: &Tx<'_>, id: &str) -> CoreResult<()> {
    tx.conn().execute(
        "UPDATE interventions SET updated_at = ?2 WHERE id = ?1",
        params![id, tx.now()],
    )?;
    Ok(())
}

fn reason_of(reason: &str, required: bool) -> CoreResult<String> {
    let r = reason.trim().to_owned();
    let mut e = FieldErrors::new();
    if required && r.is_empty() {
        e.add("reason", "iv-err-reason-required");
    }
    if r.chars().count() > REASON_MAX {
        e.add_with(
            "reason",
            "iv-err-too-long",
            vec![("max", REASON_MAX.to_string())],
        );
    }
    e.into_result()?;
    Ok(r)
}

fn pos_i64(p: usize) -> i64 {
    i64::try_from(p).unwrap_or(i64::MAX)
}

fn step_of(iv: &Intervention, position: usize) -> CoreResult<&super::StepState> {
    iv.steps
        .get(position)
        .ok_or(CoreError::NotFound { entity: "step" })
}

/// Starts the guided intervention of a job: copies its template (the one chosen at creation, or
/// the default rule), creates the steps (the first one in progress) and the zone records, and
/// moves the job to in progress. Only the job's technician, or a supervisor/admin; one active
/// intervention per job; the job must be scheduled, on hold, paused or in progress. While the
/// technician already runs an intervention on another job, refused with
/// [`super::read::SECOND_RUNNING_KEY`] (its number and plate): the UI asks, then calls
/// [`start_alongside`]. Audit `intervention.start`.
pub fn start(store: &mut Store, actor: &Session, job_id: &str) -> CoreResult<Intervention> {
    start_with(store, actor, job_id, false)
}

/// [`start`], confirmed while the technician already runs another intervention.
pub fn start_alongside(
    store: &mut Store,
    actor: &Session,
    job_id: &str,
) -> CoreResult<Intervention> {
    start_with(store, actor, job_id, true)
}

fn start_with(
    store: &mut Store,
    actor: &Session,
    job_id: &str,
    alongside: bool,
) -> CoreResult<Intervention> {
    let id = store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        #[allow(clippy::type_complexity)]
        let job: Option<(String, Option<String>, Option<String>, String, bool)> = conn
            .query_row(
                "SELECT status, technician_id, template_id, film_product, deleted_at IS NOT NULL
                 FROM jobs WHERE id = ?1",
                [job_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((status, tech, template_id, film, deleted)) = job else {
            return Err(CoreError::NotFound { entity: "job" });
        };
        if deleted {
            return Err(CoreError::NotFound { entity: "job" });
        }
        authorize(conn, actor, tech.as_deref())?;
        if super::read::active_for_job(conn, job_id)?.is_some() {
            return Err(refused("iv-err-already-active"));
        }
        let status = JobStatus::parse(&status).unwrap_or(JobStatus::Draft);
        if !jobs::guard::intervention_startable(status) {
            return Err(refused("iv-err-job-not-startable"));
        }
        let who = tech.as_deref().unwrap_or(&actor.id);
        if let (false, Some((_, number, plate))) =
            (alongside, super::read::running_elsewhere(conn, who, job_id)?)
        {
            return Err(CoreError::RefusedWith {
                key: super::read::SECOND_RUNNING_KEY,
                args: vec![("number", number), ("plate", plate)],
            });
        }
        let zones: Vec<String> = conn
            .prepare(
                "SELECT jz.zone_id FROM job_zones jz JOIN ppf_zones p ON p.id = jz.zone_id
                 WHERE jz.job_id = ?1 AND jz.deleted_at IS NULL ORDER BY p.position, p.id",
            )?
            .query_map([job_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let template = match template_id {
            Some(t) => workflow::get(conn, &t)?,
            None => workflow::get(conn, workflow::default_for_zone_count(zones.len()))?,
        };
        let snapshot = serde_json::to_string(&template).map_err(|e| CoreError::NotADatabase {
            path: "workflow_templates".into(),
            detail: e.to_string(),
        })?;
        let id = ids::new_id();
        let now = tx.now();
        conn.execute(
            "INSERT INTO interventions (id, job_id, template_id, template_version, template, status,
                current_step, technician_id, started_by, started_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'in_progress', 0, ?6, ?7, ?8, ?8)",
            params![
                id,
                job_id,
                template.id,
                template.version,
                snapshot,
                tech.as_deref().unwrap_or(&actor.id),
                actor.id,
                now
            ],
        )?;
        for (i, s) in template.steps.iter().enumerate() {
            conn.execute(
                "INSERT INTO intervention_steps (intervention_id, position, kind, status, started_at,
                    updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    pos_i64(i),
                    s.kind.as_str(),
                    if i == 0 { "in_progress" } else { "pending" },
                    (i == 0).then_some(now),
                    now
                ],
            )?;
        }
        for (i, z) in zones.iter().enumerate() {
            conn.execute(
                "INSERT INTO intervention_zones (intervention_id, zone_id, position, film_product,
                    installer_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, z, pos_i64(i), film, tech, now],
            )?;
        }
        jobs::transition_tx(tx, job_id, JobStatus::InProgress, "")?;
        event(tx, &id, "start", Some(0), "")?;
        audit(
            tx,
            "intervention.start",
            &id,
            json!({ "job_id": job_id, "template": template.id, "version": template.version }),
        )?;
        Ok(id)
    })?;
    load(store.conn(), &id)
}

/// Pauses a running intervention (the job goes to paused); the clock stops. Audit
/// `intervention.pause`.
pub fn pause(
    store: &mut Store,
    actor: &Session,
    id: &str,
    reason: &str,
) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_running(tx, actor, id)?;
        let reason = reason_of(reason, false)?;
        let now = tx.now();
        tx.conn().execute(
            "UPDATE interventions SET status = 'paused', paused_at = ?2, updated_at = ?2
             WHERE id = ?1",
            params![id, now],
        )?;
        tx.conn().execute(
            "INSERT INTO intervention_pauses (id, intervention_id, started_at, reason, updated_at)
             VALUES (?4, ?1, ?2, ?3, ?2)",
            params![id, now, reason, ids::new_id()],
        )?;
        jobs::transition_tx(tx, &iv.job.id, JobStatus::Paused, &reason)?;
        event(tx, id, "pause", Some(iv.current_step), &reason)?;
        audit(tx, "intervention.pause", id, json!({ "reason": reason }))
    })?;
    load(store.conn(), id)
}

/// Resumes a paused intervention; the pause's length is added to the paused time. Audit
/// `intervention.resume`.
pub fn resume(store: &mut Store, actor: &Session, id: &str) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        let Some(paused_at) = iv.paused_at else {
            return Err(refused("iv-err-not-paused"));
        };
        let now = tx.now();
        let pause = (now - paused_at).max(0);
        tx.conn().execute(
            "UPDATE interventions SET status = 'in_progress', paused_at = NULL,
                paused_ms = paused_ms + ?2, updated_at = ?3 WHERE id = ?1",
            params![id, pause, now],
        )?;
        tx.conn().execute(
            "UPDATE intervention_pauses SET ended_at = ?2, updated_at = ?3
             WHERE intervention_id = ?1 AND ended_at IS NULL",
            params![id, now.max(paused_at), now],
        )?;
        jobs::transition_tx(tx, &iv.job.id, JobStatus::InProgress, "")?;
        event(tx, id, "resume", Some(iv.current_step), "")?;
        audit(tx, "intervention.resume", id, json!({ "paused_ms": pause }))
    })?;
    load(store.conn(), id)
}

/// Cancels an intervention, with a reason; the job is cancelled too. Supervisors and admins only
/// (a technician pauses). Audit `intervention.cancel`.
pub fn cancel(
    store: &mut Store,
    actor: &Session,
    id: &str,
    reason: &str,
) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        let actor = users::current_actor(tx.conn(), actor, Action::EditAnyJob)?;
        if !permissions::allows(actor.role, Action::EditAnyJob) {
            return Err(forbidden(Action::EditAnyJob));
        }
        let reason = reason_of(reason, true)?;
        let now = tx.now();
        let open = iv.paused_at.map_or(0, |p| (now - p).max(0));
        tx.conn().execute(
            "UPDATE interventions SET status = 'cancelled', paused_at = NULL,
                paused_ms = paused_ms + ?2, cancelled_at = ?3, cancel_reason = ?4,
                updated_at = ?3 WHERE id = ?1",
            params![id, open, now, reason],
        )?;
        tx.conn().execute(
            "UPDATE intervention_pauses SET ended_at = ?2, updated_at = ?2
             WHERE intervention_id = ?1 AND ended_at IS NULL",
            params![id, now],
        )?;
        jobs::transition_tx(tx, &iv.job.id, JobStatus::Cancelled, &reason)?;
        event(tx, id, "cancel", Some(iv.current_step), &reason)?;
        audit(tx, "intervention.cancel", id, json!({ "reason": reason }))
    })?;
    load(store.conn(), id)
}

/// Moves on from `done` to the first step not done (after a rework, back to where the work
/// stood), starting it.
fn advance(tx: &Tx<'_>, iv: &Intervention, done: usize) -> CoreResult<()> {
    let next = iv
        .steps
        .iter()
        .position(|s| s.position != done && !s.status.is_done());
    let Some(next) = next else {
        return Ok(());
    };
    let now = tx.now();
    tx.conn().execute(
        "UPDATE interventions SET current_step = ?2, updated_at = ?3 WHERE id = ?1",
        params![iv.id, pos_i64(next), now],
    )?;
    tx.conn().execute(
        "UPDATE intervention_steps SET status = 'in_progress',
            started_at = coalesce(started_at, ?3), updated_at = ?3
         WHERE intervention_id = ?1 AND position = ?2 AND status = 'pending'",
        params![iv.id, pos_i64(next), now],
    )?;
    Ok(())
}

/// Completes the current step once [`rules::step_missing`] is empty (else
/// [`CoreError::Incomplete`] with the list). A step whose template asks for approval waits for a
/// supervisor instead. The last step is completed by [`finish`] (unless it needs approval).
/// Audit `intervention.step`.
pub fn complete_step(
    store: &mut Store,
    actor: &Session,
    id: &str,
    position: usize,
) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_running(tx, actor, id)?;
        let step = step_of(&iv, position)?;
        let t = iv
            .step_template(position)
            .ok_or(CoreError::NotFound { entity: "step" })?;
        if position != iv.current_step || step.status != StepStatus::InProgress {
            return Err(refused(if step.status == StepStatus::AwaitingApproval {
                "iv-err-awaiting-approval"
            } else {
                "iv-err-not-current-step"
            }));
        }
        let last = position + 1 == iv.steps.len();
        if last && !t.approval {
            return Err(refused("iv-err-use-finish"));
        }
        let missing = step_missing(&iv, position);
        let missing: Vec<_> = if last {
            // The signature comes after the approval of a last step that needs one.
            missing
                .into_iter()
                .filter(|m| !matches!(m, rules::Missing::Signature | rules::Missing::Signatory))
                .collect()
        } else {
            missing
        };
        if !missing.is_empty() {
            return Err(CoreError::Incomplete(rules::items(&missing)));
        }
        let now = tx.now();
        if t.approval {
            tx.conn().execute(
                "UPDATE intervention_steps SET status = 'awaiting_approval', approval = 'pending',
                    completed_at = ?3, completed_by = ?4, updated_at = ?3
                 WHERE intervention_id = ?1 AND position = ?2",
                params![id, pos_i64(position), now, actor.id],
            )?;
            event(tx, id, "step_awaiting", Some(position), "")?;
        } else {
            tx.conn().execute(
                "UPDATE intervention_steps SET status = 'completed', completed_at = ?3,
                    completed_by = ?4, updated_at = ?3
                 WHERE intervention_id = ?1 AND position = ?2",
                params![id, pos_i64(position), now, actor.id],
            )?;
            advance(tx, &iv, position)?;
            event(tx, id, "step_done", Some(position), "")?;
        }
        touch(tx, id)?;
        audit(
            tx,
            "intervention.step",
            id,
            json!({ "step": position, "approval": t.approval }),
        )
    })?;
    load(store.conn(), id)
}

/// Approves a step waiting for approval ([`Action::ApproveStep`]); the next step starts. A
/// supervisor cannot approve a step they completed (`iv-err-own-approval`): another supervisor
/// or an admin does. Audit `intervention.approve`.
pub fn approve_step(
    store: &mut Store,
    actor: &Session,
    id: &str,
    position: usize,
) -> CoreResult<Intervention> {
    decide(store, actor, id, position, None)
}

/// Rejects a step waiting for approval, with a reason: it goes back to in progress. Audit
/// `intervention.reject`.
pub fn reject_step(
    store: &mut Store,
    actor: &Session,
    id: &str,
    position: usize,
    reason: &str,
) -> CoreResult<Intervention> {
    decide(store, actor, id, position, Some(reason))
}

fn decide(
    store: &mut Store,
    actor: &Session,
    id: &str,
    position: usize,
    reject: Option<&str>,
) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let approver = users::current_actor(conn, actor, Action::ApproveStep)?;
        if !permissions::allows(approver.role, Action::ApproveStep) {
            return Err(forbidden(Action::ApproveStep));
        }
        let iv = load(conn, id)?;
        if !iv.status.is_active() {
            return Err(refused("iv-err-not-active"));
        }
        let step = step_of(&iv, position)?;
        if step.status != StepStatus::AwaitingApproval {
            return Err(refused("iv-err-not-awaiting"));
        }
        // Four eyes: a supervisor never approves a step they completed themselves (another
        // supervisor or an admin does); a rejection sends their own work back, which is fine.
        if reject.is_none()
            && approver.role == Role::Supervisor
            && step.completed_by.as_deref() == Some(approver.id.as_str())
        {
            return Err(refused("iv-err-own-approval"));
        }
        let now = tx.now();
        match reject {
            None => {
                conn.execute(
                    "UPDATE intervention_steps SET status = 'completed', approval = 'approved',
                        approved_by = ?3, approved_at = ?4, updated_at = ?4
                     WHERE intervention_id = ?1 AND position = ?2",
                    params![id, pos_i64(position), approver.id, now],
                )?;
                advance(tx, &iv, position)?;
                event(tx, id, "approve", Some(position), "")?;
                audit(tx, "intervention.approve", id, json!({ "step": position }))?;
            }
            Some(reason) => {
                let reason = reason_of(reason, true)?;
                conn.execute(
                    "UPDATE intervention_steps SET status = 'in_progress', approval = 'rejected',
                        rejection_reason = ?3, completed_at = NULL, completed_by = NULL,
                        approved_by = ?4, approved_at = ?5, updated_at = ?5
                     WHERE intervention_id = ?1 AND position = ?2",
                    params![id, pos_i64(position), reason, approver.id, now],
                )?;
                event(tx, id, "reject", Some(position), &reason)?;
                audit(
                    tx,
                    "intervention.reject",
                    id,
                    json!({ "step": position, "reason": reason }),
                )?;
            }
        }
        touch(tx, id)
    })?;
    load(store.conn(), id)
}

/// Reopens a completed (or skipped) step to redo it, with a reason: it becomes the current step
/// (the step that was current waits, its data kept) and its earlier worked time is kept. Refused
/// as [`super::rules::rework_refusal`] says (a step after the current one, a step waiting for
/// approval). Audit `intervention.rework`.
pub fn rework_step(
    store: &mut Store,
    actor: &Session,
    id: &str,
    position: usize,
    reason: &str,
) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_running(tx, actor, id)?;
        let step = step_of(&iv, position)?;
        if let Some(key) = rules::rework_refusal(&iv, position) {
            return Err(refused(key));
        }
        let reason = reason_of(reason, true)?;
        let now = tx.now();
        let conn = tx.conn();
        // The step that was current goes back to waiting; its time so far is banked.
        if let Some(cur) = iv.steps.get(iv.current_step)
            && cur.status == StepStatus::InProgress
            && cur.position != position
        {
            let banked = iv.step_worked_ms(cur.position, now) - cur.worked_ms;
            conn.execute(
                "UPDATE intervention_steps SET status = 'pending', started_at = NULL,
                    worked_ms = worked_ms + ?3, updated_at = ?4
                 WHERE intervention_id = ?1 AND position = ?2",
                params![iv.id, pos_i64(cur.position), banked.max(0), now],
            )?;
        }
        let banked = iv.step_worked_ms(position, now) - step.worked_ms;
        conn.execute(
            "UPDATE intervention_steps SET status = 'in_progress', started_at = ?3,
                completed_at = NULL, completed_by = NULL, worked_ms = worked_ms + ?4,
                approval = 'none', approved_by = NULL, approved_at = NULL, skip_reason = '',
                rework_count = rework_count + 1, updated_at = ?3
             WHERE intervention_id = ?1 AND position = ?2",
            params![id, pos_i64(position), now, banked.max(0)],
        )?;
        conn.execute(
            "UPDATE interventions SET current_step = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, pos_i64(position), now],
        )?;
        event(tx, id, "rework", Some(position), &reason)?;
        audit(
            tx,
            "intervention.rework",
            id,
            json!({ "step": position, "reason": reason }),
        )
    })?;
    load(store.conn(), id)
}

/// Skips the current step when its template marks it optional, with a reason. The last step
/// cannot be skipped. Audit `intervention.skip`.
pub fn skip_step(
    store: &mut Store,
    actor: &Session,
    id: &str,
    position: usize,
    reason: &str,
) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_running(tx, actor, id)?;
        let step = step_of(&iv, position)?;
        let t = iv
            .step_template(position)
            .ok_or(CoreError::NotFound { entity: "step" })?;
        if position != iv.current_step || step.status != StepStatus::InProgress {
            return Err(refused("iv-err-not-current-step"));
        }
        if t.mandatory {
            return Err(refused("iv-err-step-mandatory"));
        }
        if position + 1 == iv.steps.len() {
            return Err(refused("iv-err-skip-last"));
        }
        let reason = reason_of(reason, true)?;
        let now = tx.now();
        tx.conn().execute(
            "UPDATE intervention_steps SET status = 'skipped', skip_reason = ?3,
                completed_at = ?4, completed_by = ?5, updated_at = ?4
             WHERE intervention_id = ?1 AND position = ?2",
            params![id, pos_i64(position), reason, now, actor.id],
        )?;
        advance(tx, &iv, position)?;
        event(tx, id, "skip", Some(position), &reason)?;
        touch(tx, id)?;
        audit(
            tx,
            "intervention.skip",
            id,
            json!({ "step": position, "reason": reason }),
        )
    })?;
    load(store.conn(), id)
}

/// Finishes the intervention when [`rules::finish_missing`] is empty (else
/// [`CoreError::Incomplete`] with the whole list). In one transaction: the last step and the
/// intervention are completed, the worked duration (pauses excluded) is stored, untouched
/// optional steps are marked skipped, the film used on each zone is written to `material_usage`,
/// and the job is completed. Audit `intervention.finish`.
pub fn finish(store: &mut Store, actor: &Session, id: &str) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_running(tx, actor, id)?;
        let missing = finish_missing(&iv);
        if !missing.is_empty() {
            return Err(CoreError::Incomplete(rules::items(&missing)));
        }
        let now = tx.now();
        let conn = tx.conn();
        conn.execute(
            "UPDATE intervention_steps SET status = 'completed', completed_at = ?2,
                completed_by = ?3, updated_at = ?2
             WHERE intervention_id = ?1 AND status = 'in_progress'",
            params![id, now, actor.id],
        )?;
        conn.execute(
            "UPDATE intervention_steps SET status = 'skipped', completed_at = ?2, updated_at = ?2
             WHERE intervention_id = ?1 AND status = 'pending'",
            params![id, now],
        )?;
        let duration = rules::worked_ms(iv.started_at, now, iv.paused_ms, None);
        conn.execute(
            "UPDATE interventions SET status = 'completed', completed_at = ?2, duration_ms = ?3,
                current_step = ?4, updated_at = ?2 WHERE id = ?1",
            params![id, now, duration, pos_i64(iv.steps.len().saturating_sub(1))],
        )?;
        let mut film_mm = 0i64;
        for z in &iv.zones {
            let length = z.length_mm.unwrap_or(0);
            let waste = z.waste_mm.unwrap_or(0);
            if length <= 0 && waste <= 0 {
                continue;
            }
            film_mm = film_mm.saturating_add(length).saturating_add(waste);
            let product = if z.film_product.trim().is_empty() {
                iv.job.film_product.clone()
            } else {
                z.film_product.clone()
            };
            conn.execute(
                "INSERT INTO material_usage (id, intervention_id, job_id, zone_id, kind, product,
                    roll_lot, length_mm, waste_mm, recorded_by, recorded_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'film', ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                params![
                    ids::new_id(),
                    id,
                    iv.job.id,
                    z.zone_id,
                    product,
                    z.roll_lot,
                    length,
                    waste,
                    actor.id,
                    now
                ],
            )?;
        }
        jobs::transition_tx(tx, &iv.job.id, JobStatus::Completed, "")?;
        event(tx, id, "finish", None, "")?;
        audit(
            tx,
            "intervention.finish",
            id,
            json!({ "duration_ms": duration, "film_mm": film_mm, "photos": iv.photos.len() }),
        )
    })?;
    load(store.conn(), id)
}

/// Whether the step in `position` may still be edited (autosave): the intervention is active
/// and the step is in progress.
pub(super) fn editable(iv: &Intervention, position: usize) -> CoreResult<()> {
    let step = step_of(iv, position)?;
    if step.status != StepStatus::InProgress {
        return Err(refused("iv-err-step-locked"));
    }
    if step.approval == Approval::Pending {
        return Err(refused("iv-err-awaiting-approval"));
    }
    Ok(())
}
