//! The list rows of a set of jobs (the hits of a text search) in one query.

use crate::ids::JobId;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::query::{JobRow, ROW_SELECT, placeholders, rows};
use super::{authorize, visible_to};
use crate::Session;
use crate::auth::permissions::Action;
use crate::error::CoreResult;

/// The list rows of these jobs, in no particular order, leaving out the deleted ones and those
/// the actor may not see ([`Action::ViewJobs`]; technicians see their own jobs only). One query
/// for the hits of a text search, instead of one [`get`] each.
pub fn rows_by_ids(
    conn: &Connection,
    actor: &Session,
    ids: &[JobId],
    now: i64,
) -> CoreResult<Vec<JobRow>> {
    let actor = authorize(conn, actor, Action::ViewJobs)?;
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let mut a: Vec<Value> = chunk.iter().cloned().map(Value::from).collect();
        let mut sql = format!(
            "{ROW_SELECT} WHERE j.id IN ({}) AND j.deleted_at IS NULL",
            placeholders(chunk.len())
        );
        if let Some(t) = visible_to(&actor) {
            sql.push_str(" AND j.technician_id = ?");
            a.push(Value::Text(t.to_owned()));
        }
        out.extend(rows(conn, &sql, a, now)?);
    }
    Ok(out)
}
