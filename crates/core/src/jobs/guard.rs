//! Who may move or delete a job outside the guided intervention (issue 13).
//!
//! Work starts, pauses and ends on the shop floor, step by step: only the services in
//! [`crate::interventions`] move a job into in progress, paused or completed (through
//! `transition_tx`). [`super::transition`] refuses those moves for everyone
//! ([`needs_intervention`]) — except reopening a completed job, which starts no work: the job
//! then waits for a new intervention to complete it — and, like [`super::delete`], refuses any
//! change while an intervention is running on the job (pause or cancel it from the
//! intervention).

use rusqlite::Connection;

use super::status::JobStatus;
use crate::error::{CoreError, CoreResult};

/// The refusal while an intervention is active on the job.
pub const INTERVENTION_ACTIVE: &str = "job-err-intervention-active";
/// The refusal for a move only the guided intervention makes.
pub const USE_INTERVENTION: &str = "job-err-use-intervention";

/// Whether only the guided intervention may move a job `from → to`: entering in progress,
/// paused or completed, except reopening a completed job (completed → in progress).
pub fn needs_intervention(from: JobStatus, to: JobStatus) -> bool {
    matches!(
        to,
        JobStatus::InProgress | JobStatus::Paused | JobStatus::Completed
    ) && !(from == JobStatus::Completed && to == JobStatus::InProgress)
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
    fn only_reopening_enters_in_progress_outside_the_intervention() {
        for from in JobStatus::ALL {
            for to in JobStatus::ALL {
                let reopen = from == JobStatus::Completed && to == JobStatus::InProgress;
                let work = matches!(
                    to,
                    JobStatus::InProgress | JobStatus::Paused | JobStatus::Completed
                );
                assert_eq!(
                    needs_intervention(from, to),
                    work && !reopen,
                    "{from:?} → {to:?}"
                );
            }
        }
    }
}
