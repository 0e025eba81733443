//! The "Atelier" board: interventions in progress, paused, and completed today.

use crate::ids::{InterventionId, JobId};
use rusqlite::{Connection, params};

use super::IvStatus;
use super::rules;
use crate::Session;
use crate::auth::permissions::{self, Action, Forbidden, ForbiddenReason};
use crate::error::{CoreError, CoreResult};
use crate::workflow::Text;

/// One line of the board.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    /// Intervention id.
    pub id: InterventionId,
    /// Job id.
    pub job_id: JobId,
    /// Job number.
    pub job_number: String,
    /// Client.
    pub client_name: String,
    /// Plate.
    pub plate: String,
    /// Make and model.
    pub vehicle: String,
    /// Technician's name.
    pub technician_name: Option<String>,
    /// Status.
    pub status: IvStatus,
    /// Template name.
    pub template_name: Text,
    /// Title of the active step.
    pub step_title: Text,
    /// Active step, 0-based.
    pub step_index: usize,
    /// Number of steps.
    pub step_count: usize,
    /// Steps done.
    pub steps_done: usize,
    /// Start (UTC ms).
    pub started_at: i64,
    /// Worked time (pauses excluded), ms, as of `now`.
    pub elapsed_ms: i64,
    /// End, for completed ones.
    pub completed_at: Option<i64>,
    /// A step waits for approval.
    pub awaiting_approval: bool,
}

/// Interventions in progress and paused, and those completed in `[day_start, day_end)`, newest
/// activity first, for `actor` as stored now. Technicians see their own jobs only.
pub fn board(
    conn: &Connection,
    actor: &Session,
    now: i64,
    day_start: i64,
    day_end: i64,
) -> CoreResult<Vec<BoardRow>> {
    let actor = &crate::users::current_actor(conn, actor, Action::ViewJobs)?;
    if !permissions::allows(actor.role, Action::ViewJobs) {
        return Err(CoreError::Forbidden(Forbidden::new(
            Action::ViewJobs,
            ForbiddenReason::RoleTooLow,
        )));
    }
    let own = crate::jobs::visible_to(actor);
    let mut st = conn.prepare_cached(
        "SELECT i.id, j.id, j.number, c.name, v.plate, trim(v.make || ' ' || v.model),
                u.display_name, i.status,
                json_extract(i.template, '$.name.fr'), json_extract(i.template, '$.name.en'),
                json_extract(i.template, '$.steps[' || i.current_step || '].title.fr'),
                json_extract(i.template, '$.steps[' || i.current_step || '].title.en'),
                i.current_step, json_array_length(i.template, '$.steps'),
                (SELECT count(*) FROM intervention_steps s WHERE s.intervention_id = i.id
                    AND s.status IN ('completed', 'skipped')),
                i.started_at, i.paused_ms, i.paused_at, i.completed_at,
                EXISTS (SELECT 1 FROM intervention_steps s WHERE s.intervention_id = i.id
                    AND s.status = 'awaiting_approval')
         FROM interventions i
         JOIN jobs j ON j.id = i.job_id
         JOIN clients c ON c.id = j.client_id
         JOIN vehicles v ON v.id = j.vehicle_id
         LEFT JOIN users u ON u.id = j.technician_id
         WHERE (i.status IN ('in_progress', 'paused')
                OR (i.status = 'completed' AND i.completed_at >= ?1 AND i.completed_at < ?2))
           AND (?3 IS NULL OR j.technician_id = ?3)
           AND j.deleted_at IS NULL
         ORDER BY i.status = 'completed', i.updated_at DESC",
    )?;
    let mut rows = st.query(params![day_start, day_end, own])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let status: String = r.get(7)?;
        let Some(status) = IvStatus::parse(&status) else {
            continue;
        };
        let started_at: i64 = r.get(15)?;
        let paused_ms: i64 = r.get(16)?;
        let paused_at: Option<i64> = r.get(17)?;
        let completed_at: Option<i64> = r.get(18)?;
        let text = |fr: Option<String>, en: Option<String>| Text {
            fr: fr.unwrap_or_default(),
            en: en.unwrap_or_default(),
        };
        out.push(BoardRow {
            id: r.get(0)?,
            job_id: r.get(1)?,
            job_number: r.get(2)?,
            client_name: r.get(3)?,
            plate: r.get(4)?,
            vehicle: r.get(5)?,
            technician_name: r.get(6)?,
            status,
            template_name: text(r.get(8)?, r.get(9)?),
            step_title: text(r.get(10)?, r.get(11)?),
            step_index: usize::try_from(r.get::<_, i64>(12)?).unwrap_or(0),
            step_count: usize::try_from(r.get::<_, i64>(13)?).unwrap_or(0),
            steps_done: usize::try_from(r.get::<_, i64>(14)?).unwrap_or(0),
            started_at,
            elapsed_ms: rules::worked_ms(
                started_at,
                completed_at.unwrap_or(now),
                paused_ms,
                paused_at,
            ),
            completed_at,
            awaiting_approval: r.get(19)?,
        });
    }
    Ok(out)
}
