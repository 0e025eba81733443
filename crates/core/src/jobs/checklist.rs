//! A job's notes log and checklist: append a note, add, tick and remove checklist items (the
//! rights of [`super::add_note`]: technicians on their own jobs, supervisors and admins on any).

use rusqlite::{OptionalExtension as _, params};
use serde_json::json;

use super::*;

/// Appends a note to the job's log (append-only; author and time recorded): technicians on their
/// own jobs, supervisors and admins on any; viewers refused. Audit `job.note`.
pub fn add_note(
    store: &mut Store,
    actor: &Session,
    job_id: &str,
    body: &str,
) -> CoreResult<String> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let job = load_live(conn, actor, job_id)?;
        let (actor, _) = authorize_edit(conn, actor, &job)?;
        let body = body.trim();
        let mut e = FieldErrors::new();
        if body.is_empty() {
            e.add("note", "err-required");
        }
        too_long(&mut e, "note", body, NOTES_MAX);
        e.into_result()?;
        let id = ids::new_id();
        conn.execute(
            "INSERT INTO job_notes (id, job_id, body, author_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, job_id, body, actor.id, tx.now()],
        )?;
        tx.audit(AuditEntry {
            action: "job.note",
            entity: "job",
            entity_id: Some(job_id),
            before: None,
            after: Some(json!({ "note_id": id, "body": body })),
        })?;
        Ok(id)
    })
}

/// Adds an item at the end of the job's checklist (same rights as [`add_note`]). Returns its id.
pub fn add_checklist_item(
    store: &mut Store,
    actor: &Session,
    job_id: &str,
    label: &str,
) -> CoreResult<String> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let job = load_live(conn, actor, job_id)?;
        authorize_edit(conn, actor, &job)?;
        let label = label.trim();
        let mut e = FieldErrors::new();
        if label.is_empty() {
            e.add("checklist", "err-required");
        }
        too_long(&mut e, "checklist", label, CHECKLIST_MAX);
        e.into_result()?;
        let id = ids::new_id();
        conn.execute(
            "INSERT INTO job_checklist (id, job_id, label, position, updated_at)
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), -1) + 1 FROM job_checklist WHERE job_id = ?2), ?4)",
            params![id, job_id, label, tx.now()],
        )?;
        tx.audit(AuditEntry {
            action: "job.checklist.add",
            entity: "job",
            entity_id: Some(job_id),
            before: None,
            after: Some(json!({ "item_id": id, "label": label })),
        })?;
        Ok(id)
    })
}

fn checklist_job(conn: &Connection, item_id: &str) -> CoreResult<String> {
    conn.query_row(
        "SELECT job_id FROM job_checklist WHERE id = ?1 AND deleted_at IS NULL",
        [item_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::NotFound {
        entity: "checklist item",
    })
}

/// Ticks or unticks a checklist item (who and when are recorded; same rights as [`add_note`]).
pub fn set_checklist_done(
    store: &mut Store,
    actor: &Session,
    item_id: &str,
    done: bool,
) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let job_id = checklist_job(conn, item_id)?;
        let job = load_live(conn, actor, &job_id)?;
        let (actor, _) = authorize_edit(conn, actor, &job)?;
        conn.execute(
            "UPDATE job_checklist SET done = ?2, done_at = ?3, done_by = ?4, updated_at = ?5
             WHERE id = ?1",
            params![
                item_id,
                done,
                done.then_some(tx.now()),
                done.then_some(actor.id.as_str()),
                tx.now()
            ],
        )?;
        tx.audit(AuditEntry {
            action: "job.checklist.done",
            entity: "job",
            entity_id: Some(&job_id),
            before: None,
            after: Some(json!({ "item_id": item_id, "done": done })),
        })
    })
}

/// Removes a checklist item (same rights as [`add_note`]).
pub fn remove_checklist_item(store: &mut Store, actor: &Session, item_id: &str) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let job_id = checklist_job(conn, item_id)?;
        let job = load_live(conn, actor, &job_id)?;
        authorize_edit(conn, actor, &job)?;
        let label: String = conn.query_row(
            "SELECT label FROM job_checklist WHERE id = ?1 AND deleted_at IS NULL",
            [item_id],
            |r| r.get(0),
        )?;
        tx.soft_delete("job_checklist", "id = ?1", &[&item_id])?;
        tx.audit(AuditEntry {
            action: "job.checklist.remove",
            entity: "job",
            entity_id: Some(&job_id),
            before: Some(json!({ "item_id": item_id, "label": label })),
            after: None,
        })
    })
}
