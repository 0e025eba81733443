//! Merging pulled changes into this terminal's database without losing data.
//!
//! Every row and column here carries the clock of the write that holds it (`sync_versions`:
//! hybrid-logical-clock value, then terminal id to break ties; one entry for what a row's insert
//! wrote, [`ROW`], and one per column written since). Own changes are folded in from
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

/// The `sync_versions` column of a row's insert: one entry stands for every column the insert
/// wrote, and a column gets an entry of its own only when a later write sets it. A column's
/// clock is the newer of the two (rows folded before this kept an entry per column, which reads
/// the same). A shop's or a head office's rows are mostly inserted once and never edited, so this
/// keeps one clock per row instead of one per column.
pub const ROW: &str = "*";

/// The clock of `col` among a row's `known` clocks; `""` is the row's delete, on its own.
fn clock_of<'a>(known: &'a HashMap<String, Clock>, col: &str) -> Option<&'a Clock> {
    let own = known.get(col);
    if col.is_empty() {
        return own;
    }
    match (own, known.get(ROW)) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

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
        Op::Insert => set_version(conn, table, key, ROW, clock),
        Op::Update => {
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
    let newer = |col: &str| clock_of(&known, col).is_none_or(|v| clock > *v);
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testutil::Fixture;

    fn clocks(f: &Fixture, key: &str) -> Vec<(String, i64)> {
        f.store
            .conn()
            .prepare(
                "SELECT col, hlc FROM sync_versions
                 WHERE table_name = 'clients' AND row_key = ?1 ORDER BY col",
            )
            .unwrap()
            .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn edit(f: &mut Fixture, id: &str, hlc: i64, data: &Json) -> Outcome {
        let p = Pulled {
            hub_seq: 1,
            change: Change {
                seq: 1,
                table: "clients".into(),
                row_key: vec![Json::String(id.into())],
                op: Op::Update,
                data: data.as_object().unwrap().clone(),
                hlc: Some(hlc),
                terminal_id: "0192ffff-0000-7000-8000-000000000000".into(),
                user_id: None,
                tx_id: None,
            },
        };
        let mut applier = Applier::new();
        f.store
            .apply_pulled(|tx| apply(tx, &mut applier, &p, &Default::default()))
            .unwrap()
    }

    fn field(f: &Fixture, id: &str, col: &str) -> Option<String> {
        f.store
            .conn()
            .query_row(
                &format!("SELECT {col} FROM clients WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn a_row_keeps_one_clock_for_its_insert_and_one_per_column_written_since() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let c = crate::clients::create(
            &mut f.store,
            &admin,
            &crate::clients::ClientInput {
                name: "Dupont".into(),
                country: "FR".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let id = c.id.to_string();
        f.store.apply_pulled(|tx| fold_local(tx.conn(), 0)).unwrap();
        let key = key_text(&[Json::String(id.clone())]);
        let inserted = clocks(&f, &key);
        assert_eq!(
            inserted.len(),
            1,
            "one clock for the whole insert: {inserted:?}"
        );
        assert_eq!(inserted[0].0, ROW);
        let t = inserted[0].1;
        // Older than the insert: loses, and records nothing.
        let o = edit(&mut f, &id, t - 1, &serde_json::json!({"name": "Ancien"}));
        assert_eq!(o, Outcome::Superseded);
        assert_eq!(field(&f, &id, "name").as_deref(), Some("Dupont"));
        // Newer: wins, and the column gets its own clock.
        let o = edit(&mut f, &id, t + 10, &serde_json::json!({"name": "Martin"}));
        assert_eq!(o, Outcome::Applied);
        assert_eq!(field(&f, &id, "name").as_deref(), Some("Martin"));
        assert_eq!(
            clocks(&f, &key),
            vec![(ROW.to_owned(), t), ("name".to_owned(), t + 10)]
        );
        // Between the two: the name stays (its own clock), the phone is taken (the row's).
        let o = edit(
            &mut f,
            &id,
            t + 5,
            &serde_json::json!({"name": "Entre", "phone": "0600000000"}),
        );
        assert_eq!(o, Outcome::Applied);
        assert_eq!(field(&f, &id, "name").as_deref(), Some("Martin"));
        assert_eq!(field(&f, &id, "phone").as_deref(), Some("0600000000"));
    }
}
