//! Who may move or delete a job outside the guided intervention (issue 13).
//!
//! Work starts, pauses and ends on the shop floor, step by step: only the services in
//! [`crate::interventions`] move a job into in progress, paused or completed (through
//! `transition_tx`). [`super::transition`] refuses those moves for everyone
//! ([`needs_intervention`]), and, like [`super::delete`], refuses any change while an
//! intervention is running on the job (pause or cancel it from the intervention). Reopening a
//! completed job puts it on hold, with a reason: a new guided intervention then redoes the work
//! and completes it.

use rusqlite::Connection;

use super::status::JobStatus;
use crate::error::{CoreError, CoreResult};

/// The refusal while an intervention is active on the job.
pub const INTERVENTION_ACTIVE: &str = "job-err-intervention-active";
/// The refusal for a move only the guided intervention makes.
pub const USE_INTERVENTION: &str = "job-err-use-intervention";

/// Whether only the guided intervention may move a job `from → to`: entering in progress,
/// paused or completed, from anywhere.
pub fn needs_intervention(from: JobStatus, to: JobStatus) -> bool {
    let _ = from;
    matches!(
        to,
        JobStatus::InProgress | JobStatus::Paused | JobStatus::Completed
    )
}

/// Whether a technician may make the move `from → to` on their own job: only putting active
/// work on hold (everything else on a job is the office's).
pub fn technician_may_move(from: JobStatus, to: JobStatus) -> bool {
    from.is_active() && to == JobStatus::OnHold
}

/// Whether a guided intervention may start on a job in `status` (planned, on hold, or work
/// already under way whose intervention was cancelled).
pub fn intervention_startable(status: JobStatus) -> bool {
    matches!(
        status,
        JobStatus::Scheduled | JobStatus::OnHold | JobStatus::Paused | JobStatus::InProgress
    )
}

/// What a person may do on a job now, as the job page shows it; [`super::transition`],
/// [`super::update`] and [`super::delete`] check the same rules again on every call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobRights {
    /// The status moves offered outside the intervention (none while one runs on the job).
    pub moves: Vec<JobStatus>,
    /// May edit the job (every field, or only the film and notes of their own job: see
    /// [`JobRights::edit_all`]).
    pub edit: bool,
    /// May edit every field (not only their own job's film and notes).
    pub edit_all: bool,
    /// May delete it (not while the work runs).
    pub delete: bool,
    /// May start its guided intervention now (none running on it, the job in a startable
    /// status, and the person may run interventions on it).
    pub start_intervention: bool,
}

/// [`JobRights`] of `actor` (as stored now) on the job `job_id` in `status`, assigned to
/// `technician_id`.
pub(super) fn rights(
    conn: &Connection,
    actor: &crate::users::User,
    job_id: &str,
    status: JobStatus,
    technician_id: Option<&str>,
) -> CoreResult<JobRights> {
    use crate::auth::permissions::{Action, allows};
    let any = allows(actor.role, Action::EditAnyJob);
    let own =
        !any && allows(actor.role, Action::EditOwnJob) && technician_id == Some(actor.id.as_str());
    let running = crate::interventions::active_for_job(conn, job_id)?.is_some();
    let moves = if running {
        Vec::new()
    } else {
        status
            .next()
            .iter()
            .copied()
            .filter(|to| !needs_intervention(status, *to))
            .filter(|to| any || (own && technician_may_move(status, *to)))
            .collect()
    };
    Ok(JobRights {
        moves,
        edit: any || own,
        edit_all: any,
        delete: allows(actor.role, Action::DeleteJobs)
            && !running
            && !matches!(status, JobStatus::InProgress | JobStatus::Paused),
        start_intervention: allows(actor.role, Action::RunIntervention)
            && (any || technician_id == Some(actor.id.as_str()))
            && !running
            && intervention_startable(status),
    })
}

fn refuse_while_running(conn: &Connection, job_id: &str) -> CoreResult<()> {
    if crate::interventions::active_for_job(conn, job_id)?.is_some() {
        return Err(CoreError::Refused {
            key: INTERVENTION_ACTIVE,
        });
    }
    Ok(())
}

/// Refuses a move made outside the intervention while one runs, or one only it may make.
pub(super) fn ensure_movable(
    conn: &Connection,
    job_id: &str,
    from: JobStatus,
    to: JobStatus,
) -> CoreResult<()> {
    refuse_while_running(conn, job_id)?;
    if needs_intervention(from, to) {
        return Err(CoreError::Refused {
            key: USE_INTERVENTION,
        });
    }
    Ok(())
}

/// Refuses to delete a job that is in progress or paused (`job-err-delete-active`), or whose
/// intervention is running.
pub(super) fn ensure_deletable(
    conn: &Connection,
    job_id: &str,
    status: JobStatus,
) -> CoreResult<()> {
    refuse_while_running(conn, job_id)?;
    if matches!(status, JobStatus::InProgress | JobStatus::Paused) {
        return Err(CoreError::Refused {
            key: "job-err-delete-active",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_enters_work_outside_the_intervention_not_even_a_reopen() {
        for from in JobStatus::ALL {
            for to in JobStatus::ALL {
                let work = matches!(
                    to,
                    JobStatus::InProgress | JobStatus::Paused | JobStatus::Completed
                );
                assert_eq!(needs_intervention(from, to), work, "{from:?} → {to:?}");
            }
        }
        // Reopening is a move to on hold, which the office makes with a reason.
        assert!(crate::jobs::status::can_transition(
            JobStatus::Completed,
            JobStatus::OnHold
        ));
        assert!(!crate::jobs::status::can_transition(
            JobStatus::Completed,
            JobStatus::InProgress
        ));
    }
}
