//! Step edits that clashed with another terminal's ([`crate::sync::conflicts`]): what the step
//! screen shows, and the technician's choice.

use rusqlite::{Connection, OptionalExtension as _, params};

use super::Intervention;
use super::lifecycle::{authorize, touch};
use super::read::load;
use crate::Session;
use crate::audit::AuditEntry;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;
use crate::sync::conflicts::{COLUMNS, TABLE};

/// A clash on one field of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepConflict {
    /// Its id (local).
    pub id: i64,
    /// The step.
    pub step: usize,
    /// The field: `notes`, `checklist`, `data` or `skip_reason`.
    pub field: String,
    /// The value this terminal had (raw: text, or JSON for ticks and readings).
    pub mine: String,
    /// The value the other terminal had.
    pub theirs: String,
    /// The other terminal's code (its id when it is not known here).
    pub their_terminal: String,
    /// Who typed it there, when known.
    pub their_user: Option<String>,
    /// The value the step holds now, until the choice: the other terminal's (true) or this
    /// one's.
    pub theirs_kept: bool,
}

/// Which value to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The value typed on this terminal.
    Mine,
    /// The value typed on the other terminal.
    Theirs,
}

/// The open clashes of an intervention, by step.
pub(super) fn of(conn: &Connection, iv: &str) -> CoreResult<Vec<StepConflict>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.row_key, c.col, c.mine, c.theirs, c.their_terminal, u.display_name,
                c.kept
         FROM sync_conflicts c LEFT JOIN users u ON u.id = c.their_user
         WHERE c.table_name = ?1 AND c.resolved_at IS NULL AND json_extract(c.row_key, '$[0]') = ?2
         ORDER BY c.id",
    )?;
    let rows = st.query_map(params![TABLE, iv], |r| {
        let key: String = r.get(1)?;
        let step = serde_json::from_str::<serde_json::Value>(&key)
            .ok()
            .and_then(|k| k.get(1).and_then(serde_json::Value::as_u64))
            .and_then(|s| usize::try_from(s).ok())
            .unwrap_or(0);
        Ok(StepConflict {
            id: r.get(0)?,
            step,
            field: r.get(2)?,
            mine: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            theirs: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            their_terminal: r.get(5)?,
            their_user: r.get(6)?,
            theirs_kept: r.get::<_, String>(7)? == "theirs",
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Keeps one value of a clash: the step gets it (an ordinary edit, which syncs and wins over
/// both, being newer) unless it holds it already, and the clash is closed. Allowed to whoever
/// may work on the intervention; audited without the texts.
pub fn resolve_conflict(
    store: &mut Store,
    actor: &Session,
    id: &str,
    conflict_id: i64,
    keep: Keep,
) -> CoreResult<Intervention> {
    store.write(Some(&actor.id), |tx| {
        let iv = load(tx.conn(), id)?;
        authorize(tx.conn(), actor, iv.job.technician_id.as_deref())?;
        let c = of(tx.conn(), id)?
            .into_iter()
            .find(|c| c.id == conflict_id)
            .ok_or(CoreError::NotFound {
                entity: "conflict",
            })?;
        if !COLUMNS.contains(&c.field.as_str()) {
            return Err(CoreError::NotFound {
                entity: "conflict",
            });
        }
        let step = i64::try_from(c.step).unwrap_or(i64::MAX);
        let wanted = match keep {
            Keep::Mine => &c.mine,
            Keep::Theirs => &c.theirs,
        };
        let now: Option<String> = tx
            .conn()
            .query_row(
                &format!(
                    "SELECT {} FROM intervention_steps WHERE intervention_id = ?1 AND position = ?2",
                    c.field
                ),
                params![id, step],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if now.as_deref() != Some(wanted.as_str()) {
            // The field is one of the watched column names.
            tx.conn().execute(
                &format!(
                    "UPDATE intervention_steps SET {} = ?3, updated_at = ?4
                     WHERE intervention_id = ?1 AND position = ?2",
                    c.field
                ),
                params![id, step, wanted, tx.now()],
            )?;
            touch(tx, id)?;
        }
        tx.conn().execute(
            "UPDATE sync_conflicts SET resolved_at = ?2, resolved_by = ?3, updated_at = ?2
             WHERE id = ?1",
            params![conflict_id, tx.now(), actor.id],
        )?;
        tx.audit(AuditEntry {
            action: "intervention.conflict_resolve",
            entity: "intervention",
            entity_id: Some(id),
            before: None,
            after: Some(serde_json::json!({
                "step": c.step,
                "field": c.field,
                "kept": match keep { Keep::Mine => "mine", Keep::Theirs => "theirs" },
            })),
        })?;
        load(tx.conn(), id)
    })
}
