//! Concurrent edits of an intervention step on two terminals, shown to the user instead of being
//! settled silently.
//!
//! Per-field last-writer-wins by clock ([`super::merge`]) gives every terminal the same value,
//! but for what a technician types on a step (notes, ticks, readings, skip reason) the losing
//! text would vanish. So, before a round pushes, the step columns this terminal changed and has
//! not sent yet are noted ([`unsent_edits`]): the other terminals cannot have seen them. When a
//! pulled change of one of those columns carries another value, the clash is kept in the local
//! table `sync_conflicts` with both values and which one the clock kept; the step screen shows it
//! and the technician chooses ([`crate::interventions::resolve_conflict`]), which saves the choice
//! as an ordinary edit that syncs. Of two terminals that edited one step offline, the one that
//! syncs second sees the clash (the first had sent its edit before the other's arrived).

use std::collections::HashSet;

use rusqlite::{Connection, params};
use serde_json::Value as Json;

use crate::error::CoreResult;
use crate::store::replay::{Change, Op};

/// The table whose edits are watched.
pub const TABLE: &str = "intervention_steps";
/// Its columns a technician types into.
pub const COLUMNS: &[&str] = &["notes", "checklist", "data", "skip_reason"];

/// (row key, column) of this terminal's step edits not sent yet.
pub type Unsent = HashSet<(String, String)>;

/// The watched columns changed by this terminal's changes after `pushed_seq`.
pub fn unsent_edits(conn: &Connection, pushed_seq: i64) -> CoreResult<Unsent> {
    let mut st = conn.prepare_cached(
        "SELECT row_key, data FROM change_log WHERE seq > ?1 AND table_name = ?2 AND op = 'U'",
    )?;
    let mut out = Unsent::new();
    let rows = st.query_map(params![pushed_seq, TABLE], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    for row in rows {
        let (key, data) = row?;
        let Some(Json::Object(m)) = data.and_then(|d| serde_json::from_str(&d).ok()) else {
            continue;
        };
        for col in m.keys().filter(|c| COLUMNS.contains(&c.as_str())) {
            out.insert((key.clone(), col.clone()));
        }
    }
    Ok(out)
}

fn as_text(v: &Json) -> Option<String> {
    match v {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Before a pulled change `c` of row `key` is merged: each watched column it carries that this
/// terminal also changed without sending, to another value, is kept as a clash. `remote_wins`
/// says, per column, whether the clock gives the pulled value.
pub(super) fn note(
    conn: &Connection,
    unsent: &Unsent,
    c: &Change,
    key: &str,
    remote_wins: &dyn Fn(&str) -> bool,
    now: i64,
) -> CoreResult<()> {
    if c.table != TABLE || c.op == Op::Delete || unsent.is_empty() {
        return Ok(());
    }
    let (Some(iv), Some(pos)) = (
        c.row_key.first().and_then(Json::as_str),
        c.row_key.get(1).and_then(Json::as_i64),
    ) else {
        return Ok(());
    };
    for (col, theirs) in &c.data {
        if !COLUMNS.contains(&col.as_str()) || !unsent.contains(&(key.to_owned(), col.clone())) {
            continue;
        }
        // The column is one of the watched names: safe to put in the statement.
        let mine: Option<String> = conn.query_row(
            &format!(
                "SELECT {col} FROM intervention_steps WHERE intervention_id = ?1 AND position = ?2"
            ),
            params![iv, pos],
            |r| r.get(0),
        )?;
        let theirs = as_text(theirs);
        if mine == theirs {
            continue;
        }
        let kept = if remote_wins(col) { "theirs" } else { "mine" };
        conn.prepare_cached(
            "INSERT INTO sync_conflicts (table_name, row_key, col, mine, theirs, their_terminal,
                 their_user, kept, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?
        .execute(params![
            TABLE,
            key,
            col,
            mine,
            theirs,
            c.terminal_id,
            c.user_id,
            kept,
            now
        ])?;
        tracing::warn!(intervention = iv, step = pos, col = %col, "a step was edited on two terminals: kept for the technician to choose");
    }
    Ok(())
}

/// Clashes not resolved yet, on this terminal.
pub fn open_count(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}
