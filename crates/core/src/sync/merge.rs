//! Merging pulled changes into this terminal's database without losing data.
//!
//! Every row and column here carries the clock of the write that holds it (`sync_versions`:
//! hybrid-logical-clock value, then terminal id to break ties). Own changes are folded in from
//! `change_log` before each pull; a pulled change is then applied column by column:
//! - plain fields: the write with the higher clock wins (per-field last-writer-wins), on every
//!   terminal, whatever order the changes arrive in;
//! - append-only tables: rows are only added; every terminal ends with the union;
//! - a row inserted on two terminals under one key (a setting, a photo) merges column by column;
//! - soft deletes (`deleted_at`) are plain fields: a delete wins over an edit only when it is
//!   newer, and an edited row that was deleted stays in the trash with the edit;
//! - a real `DELETE` (erasure of personal data, a job's replaced zones) always applies, and an
//!   older insert of that key is not brought back; a newer one is (a zone put back).
//!
//! A change that cannot be applied here (a table or column this version does not know, a row
//! whose parent was erased) is kept in `sync_rejects` and the batch goes on.

use std::collections::HashMap;

use rusqlite::{Connection, params};
use serde_json::Value as Json;

use crate::error::CoreResult;
use crate::store::Tx;
use crate::store::replay::{self, Applier, Change, Op};
use crate::store::sync_policy::{self, Policy};

/// A change pulled from the hub.
#[derive(Debug, Clone)]
pub struct Pulled {
    /// Its position on the hub.
    pub hub_seq: i64,
    /// The change (its `seq` is the origin terminal's change number).
    pub change: Change,
}

/// A write's clock: hybrid-logical-clock value, then terminal id.
type Clock = (i64, String);

/// The row key as stored in `sync_versions`.
pub fn key_text(row_key: &[Json]) -> String {
    serde_json::to_string(row_key).unwrap_or_default()
}

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Insert => "I",
        Op::Update => "U",
        Op::Delete => "D",
    }
}

fn versions(conn: &Connection, table: &str, key: &str) -> CoreResult<HashMap<String, Clock>> {
    let mut st = conn.prepare_cached(
        "SELECT col, hlc, terminal_id FROM sync_versions WHERE table_name = ?1 AND row_key = ?2",
    )?;
    let rows = st.query_map(params![table, key], |r| {
        Ok((
            r.get::<_, String>(0)?,
            (r.get::<_, i64>(1)?, r.get::<_, String>(2)?),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn set_version(conn: &Connection, table: &str, key: &str, col: &str, c: &Clock) -> CoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO sync_versions (table_name, row_key, col, hlc, terminal_id)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (table_name, row_key, col) DO UPDATE
         SET hlc = excluded.hlc, terminal_id = excluded.terminal_id
         WHERE (excluded.hlc, excluded.terminal_id) > (sync_versions.hlc, sync_versions.terminal_id)",
    )?
    .execute(params![table, key, col, c.0, c.1])?;
    Ok(())
}

fn record(conn: &Connection, table: &str, key: &str, c: &Change, clock: &Clock) -> CoreResult<()> {
    match c.op {
        Op::Delete => set_version(conn, table, key, "", clock),
        Op::Insert | Op::Update => {
            for col in c.data.keys() {
                set_version(conn, table, key, col, clock)?;
            }
            Ok(())
        }
    }
}

/// Folds this terminal's own changes after `after_seq` into `sync_versions` (they are applied
/// already: their clock is the newest this terminal had). Stops before the first change not
/// stamped yet. Returns the last change folded.
pub fn fold_local(conn: &Connection, after_seq: i64) -> CoreResult<i64> {
    let mut last = after_seq;
    for c in replay::read(conn, after_seq)? {
        let Some(h) = c.hlc else { break };
        let key = key_text(&c.row_key);
        record(conn, &c.table, &key, &c, &(h, c.terminal_id.clone()))?;
        last = c.seq;
    }
    Ok(last)
}

/// What happened to a pulled change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Applied, whole or the columns it won.
    Applied,
    /// Older than what this terminal holds: nothing to do.
    Superseded,
    /// Could not be applied; kept in `sync_rejects`.
    Rejected,
}

/// Merges one pulled change inside a [`crate::Store::apply_pulled`] transaction.
/// `unsent`: this terminal's step edits not sent yet ([`super::conflicts`]).
pub fn apply(
    tx: &Tx<'_>,
    applier: &mut Applier,
    p: &Pulled,
    unsent: &super::conflicts::Unsent,
) -> CoreResult<Outcome> {
    let conn = tx.conn();
    conn.execute_batch("SAVEPOINT sync_change")?;
    match merge_one(tx, applier, &p.change, unsent) {
        Ok(o) => {
            conn.execute_batch("RELEASE sync_change")?;
            Ok(o)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO sync_change; RELEASE sync_change")?;
            let c = &p.change;
            tracing::warn!(table = %c.table, hub_seq = p.hub_seq, error = %e, "pulled change not applied");
            conn.prepare_cached(
                "INSERT INTO sync_rejects
                 (hub_seq, table_name, row_key, op, data, hlc, terminal_id, reason, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                p.hub_seq,
                c.table,
                key_text(&c.row_key),
                op_text(c.op),
                serde_json::to_string(&c.data).ok(),
                c.hlc.unwrap_or(0),
                c.terminal_id,
                e.to_string(),
                tx.now(),
            ])?;
            Ok(Outcome::Rejected)
        }
    }
}

fn merge_one(
    tx: &Tx<'_>,
    applier: &mut Applier,
    c: &Change,
    unsent: &super::conflicts::Unsent,
) -> CoreResult<Outcome> {
    let conn = tx.conn();
    let policy = sync_policy::policy_of(&c.table)
        .filter(|p| p.policy.is_synced())
        .ok_or_else(|| crate::CoreError::NotFound {
            entity: "synced table",
        })?;
    let clock: Clock = (c.hlc.unwrap_or(0), c.terminal_id.clone());
    let key = key_text(&c.row_key);
    let known = versions(conn, &c.table, &key)?;
    let newer = |col: &str| known.get(col).is_none_or(|v| clock > *v);
    match c.op {
        Op::Delete => {
            applier.apply(tx, c)?;
            record(conn, &c.table, &key, c, &clock)?;
            return Ok(Outcome::Applied);
        }
        Op::Insert => {
            if !newer("") {
                tx.observe_hlc(clock.0)?;
                return Ok(Outcome::Superseded);
            }
            if !applier.exists(conn, &c.table, &c.row_key)? {
                applier.apply(tx, c)?;
                record(conn, &c.table, &key, c, &clock)?;
                return Ok(Outcome::Applied);
            }
            if matches!(policy.policy, Policy::AppendOnly { .. }) {
                tx.observe_hlc(clock.0)?;
                return Ok(Outcome::Superseded);
            }
        }
        Op::Update => {
            if !applier.exists(conn, &c.table, &c.row_key)? {
                tx.observe_hlc(clock.0)?;
                return Ok(Outcome::Superseded);
            }
        }
    }
    // An update, or an insert into a row this terminal has. A step's text this terminal also
    // edited without sending is kept aside when the values differ, whichever wins.
    super::conflicts::note(conn, unsent, c, &key, &|col| newer(col), tx.now())?;
    // The columns this change wins.
    let won: serde_json::Map<String, Json> = c
        .data
        .iter()
        .filter(|(col, _)| newer(col))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    tx.observe_hlc(clock.0)?;
    if won.is_empty() {
        return Ok(Outcome::Superseded);
    }
    let partial = Change {
        op: Op::Update,
        data: won,
        ..c.clone()
    };
    applier.apply(tx, &partial)?;
    record(conn, &c.table, &key, &partial, &clock)?;
    Ok(Outcome::Applied)
}
