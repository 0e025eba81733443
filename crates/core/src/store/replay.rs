//! Reading `change_log` and applying its rows to another store, through
//! [`Store::apply_pulled`] (so that applying captures nothing). [`replay`] rebuilds a database's
//! synced tables from another's log: the property the sync step builds on (an empty database,
//! replayed, ends identical to the original). Merging concurrent changes (per-column
//! last-writer-wins, unions) is the sync step's; here rows are applied in log order.

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::Value;
use serde_json::Value as Json;

use super::capture::{self, Column, ColumnKind, ident};
use super::sync_policy::{self, TablePolicy};
use super::{Store, Tx};
use crate::error::{CoreError, CoreResult};

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// A new row.
    Insert,
    /// Some columns changed.
    Update,
    /// The row was deleted.
    Delete,
}

/// One row of `change_log`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Position in the log.
    pub seq: i64,
    /// The table.
    pub table: String,
    /// The row's key values (before the change).
    pub row_key: Vec<Json>,
    /// What happened.
    pub op: Op,
    /// Insert: every column; update: the changed columns' new values.
    pub data: serde_json::Map<String, Json>,
    /// Hybrid-logical-clock value (None: written outside `Store::write`, not stamped yet).
    pub hlc: Option<i64>,
    /// The terminal that made the change.
    pub terminal_id: String,
    /// The acting user.
    pub user_id: Option<String>,
    /// The use case's transaction.
    pub tx_id: Option<String>,
}

fn bad(detail: impl Into<String>) -> CoreError {
    CoreError::NotADatabase {
        path: std::path::PathBuf::from("change_log"),
        detail: detail.into(),
    }
}

/// The log's rows after `after_seq`, in order.
pub fn read(conn: &Connection, after_seq: i64) -> CoreResult<Vec<Change>> {
    let mut st = conn.prepare(
        "SELECT seq, table_name, row_key, op, data, hlc, terminal_id, user_id, tx_id
         FROM change_log WHERE seq > ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([after_seq], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<i64>>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, table, key, op, data, hlc, terminal_id, user_id, tx_id) = row?;
        let row_key: Vec<Json> = serde_json::from_str(&key).map_err(|e| bad(e.to_string()))?;
        let data = match data {
            Some(d) => match serde_json::from_str(&d).map_err(|e| bad(e.to_string()))? {
                Json::Object(m) => m,
                _ => return Err(bad(format!("change {seq}: data is not an object"))),
            },
            None => serde_json::Map::new(),
        };
        let op = match op.as_str() {
            "I" => Op::Insert,
            "U" => Op::Update,
            "D" => Op::Delete,
            other => return Err(bad(format!("change {seq}: unknown op {other}"))),
        };
        out.push(Change {
            seq,
            table,
            row_key,
            op,
            data,
            hlc,
            terminal_id,
            user_id,
            tx_id,
        });
    }
    Ok(out)
}

/// A captured JSON value back into the SQL value it was (see [`capture`] for the encoding).
pub fn to_sql(v: &Json, kind: ColumnKind) -> CoreResult<Value> {
    Ok(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => match kind {
            ColumnKind::Blob => Value::Blob(hex::decode(s).map_err(|e| bad(e.to_string()))?),
            ColumnKind::Real => s
                .parse::<f64>()
                .map_or_else(|_| Value::Text(s.clone()), Value::Real),
            ColumnKind::Plain => Value::Text(s.clone()),
        },
        other => Value::Text(other.to_string()),
    })
}

/// Applies changes to a store, with the target's own columns (read once per table).
#[derive(Debug, Default)]
pub struct Applier {
    columns: HashMap<String, (TablePolicy, Vec<Column>)>,
}

impl Applier {
    /// A new applier.
    pub fn new() -> Self {
        Self::default()
    }

    fn table(&mut self, conn: &Connection, table: &str) -> CoreResult<&(TablePolicy, Vec<Column>)> {
        if !self.columns.contains_key(table) {
            let policy = sync_policy::policy_of(table)
                .filter(|p| p.policy.is_synced())
                .ok_or_else(|| bad(format!("{table} is not a synced table")))?;
            let cols = capture::columns(conn, policy)?;
            self.columns.insert(table.to_owned(), (*policy, cols));
        }
        self.columns
            .get(table)
            .ok_or_else(|| bad(format!("{table} is not a synced table")))
    }

    /// True when the row with these key values exists in the target (sync merges an insert
    /// into an existing row column by column, and skips an update of a row it does not have).
    pub fn exists(&mut self, conn: &Connection, table: &str, row_key: &[Json]) -> CoreResult<bool> {
        let (policy, cols) = self.table(conn, table)?;
        let mut cond = Vec::new();
        let mut values = Vec::new();
        for (i, (k, v)) in policy.key.iter().zip(row_key).enumerate() {
            let kind = cols
                .iter()
                .find(|c| c.name == *k)
                .map(|c| c.kind)
                .ok_or_else(|| bad(format!("{table}.{k}: no such column")))?;
            cond.push(format!("{} IS ?{}", ident(k), i + 1));
            values.push(to_sql(v, kind)?);
        }
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE {})",
            ident(table),
            cond.join(" AND ")
        );
        Ok(conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values), |r| r.get(0))?)
    }

    /// Applies one change inside `tx` (a [`Store::apply_pulled`] transaction).
    pub fn apply(&mut self, tx: &Tx<'_>, c: &Change) -> CoreResult<()> {
        let conn = tx.conn();
        let (policy, cols) = self.table(conn, &c.table)?;
        let kind_of = |name: &str| {
            cols.iter()
                .find(|col| col.name == name)
                .map(|col| col.kind)
                .ok_or_else(|| bad(format!("{}.{name}: no such column", c.table)))
        };
        let mut values: Vec<Value> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for (name, v) in &c.data {
            values.push(to_sql(v, kind_of(name)?)?);
            names.push(ident(name));
        }
        let key_cond = |first: usize| {
            policy
                .key
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{} IS ?{}", ident(k), first + i))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        let mut key_values = Vec::new();
        for (k, v) in policy.key.iter().zip(&c.row_key) {
            key_values.push(to_sql(v, kind_of(k)?)?);
        }
        let table = ident(&c.table);
        let sql = match c.op {
            Op::Insert => format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                (1..=names.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Op::Update => {
                if names.is_empty() {
                    return Ok(());
                }
                let sets: Vec<String> = names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| format!("{n} = ?{}", i + 1))
                    .collect();
                values.extend(key_values);
                format!(
                    "UPDATE {table} SET {} WHERE {}",
                    sets.join(", "),
                    key_cond(names.len() + 1)
                )
            }
            Op::Delete => {
                values = key_values;
                format!("DELETE FROM {table} WHERE {}", key_cond(1))
            }
        };
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        if let Some(h) = c.hlc {
            tx.observe_hlc(h)?;
        }
        Ok(())
    }
}

/// Applies every change of `from`'s log to `to`, in order, in one transaction that captures
/// nothing. Returns the number of changes applied.
pub fn replay(from: &Connection, to: &mut Store) -> CoreResult<usize> {
    let changes = read(from, 0)?;
    let mut applier = Applier::new();
    to.apply_pulled(|tx| {
        for c in &changes {
            applier.apply(tx, c)?;
        }
        Ok(())
    })?;
    Ok(changes.len())
}

/// Every synced table's rows (captured columns only, in key order): what two terminals that
/// hold the same data agree on.
pub fn synced_content(conn: &Connection) -> CoreResult<Vec<(String, Vec<Vec<Value>>)>> {
    let mut out = Vec::new();
    for t in sync_policy::synced() {
        let cols = capture::columns(conn, t)?;
        let list = cols
            .iter()
            .map(|c| ident(&c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = conn.prepare(&format!(
            "SELECT {list} FROM {} ORDER BY {list}",
            ident(t.table)
        ))?;
        let n = cols.len();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })?
            .collect::<Result<Vec<_>, _>>()?;
        out.push((t.table.to_owned(), rows));
    }
    Ok(out)
}
