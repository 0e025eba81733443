//! Change capture: every insert, update and delete of a synced table appends a row to
//! `change_log` in the same transaction, written by triggers, not by the services.
//!
//! The triggers are generated at open, after the migrations, from [`super::sync_policy::TABLES`]
//! and each table's columns as they are then (`PRAGMA table_info`), so a column added by a later
//! migration is captured without touching this code. They are TEMP triggers (this connection
//! only) that read the transaction's context from a one-row TEMP table, `sync_ctx`, which
//! [`super::Store::write`] fills at the start of each use case (transaction id, hybrid logical
//! clock, acting user) and clears before it commits.
//!
//! What is and is not captured:
//! - Migrations and the built-in seeds run before the triggers exist: not captured. Every
//!   terminal runs the same migrations and seeds itself.
//! - Writes through [`super::Store::write`]: captured with their transaction id, clock and user.
//! - Writes on the store's connection outside `Store::write` (test fixtures): captured with no
//!   transaction id and no clock; the next `Store::write` stamps them with its own.
//! - Writes by another connection to the file (the `sqlite3` shell): not captured.
//! - [`super::Store::apply_pulled`] (applying other terminals' changes): not captured.
//!
//! Row format: `row_key` is a JSON array of the key columns' values before the change; `data` a
//! JSON object: every column for an insert, the changed columns' new values for an update, NULL
//! for a delete. BLOB columns are written as upper-case hex text; REAL columns as text with 17
//! significant digits, so that every double comes back bit for bit.

use rusqlite::Connection;

use super::sync_policy::{self, TablePolicy};
use crate::error::CoreResult;

/// One column as captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Name.
    pub name: String,
    /// How values are written into the JSON.
    pub kind: ColumnKind,
}

/// How a column's values are written into the change log's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// As themselves (integers, text, NULL).
    Plain,
    /// Declared REAL: as text with 17 significant digits.
    Real,
    /// Declared BLOB: as hex text.
    Blob,
}

/// The captured columns of a synced table as the schema has them now (local columns left out;
/// generated columns are not listed by `table_info`).
pub fn columns(conn: &Connection, t: &TablePolicy) -> CoreResult<Vec<Column>> {
    let mut st = conn.prepare("SELECT name, upper(type) FROM pragma_table_info(?1, 'main')")?;
    let cols = st
        .query_map([t.table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(cols
        .into_iter()
        .filter(|(name, _)| !t.local_columns.contains(&name.as_str()))
        .map(|(name, ty)| Column {
            kind: if ty.contains("BLOB") {
                ColumnKind::Blob
            } else if ty.contains("REAL") || ty.contains("FLOA") || ty.contains("DOUB") {
                ColumnKind::Real
            } else {
                ColumnKind::Plain
            },
            name,
        })
        .collect())
}

/// A quoted SQL identifier.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQL expression that writes `row.col` into the JSON.
pub(crate) fn value_sql(row: &str, c: &Column) -> String {
    let v = format!("{row}.{}", ident(&c.name));
    match c.kind {
        ColumnKind::Plain => v,
        ColumnKind::Real => format!("iif(typeof({v}) = 'real', printf('%!.17g', {v}), {v})"),
        ColumnKind::Blob => format!("iif({v} IS NULL, NULL, hex({v}))"),
    }
}

fn trigger_name(table: &str, op: char) -> String {
    format!("sync_{table}_{op}")
}

/// The three capture triggers of one table.
pub fn trigger_sql(t: &TablePolicy, cols: &[Column]) -> [String; 3] {
    let table = t.table;
    let key = |row: &str| {
        let parts: Vec<String> = t
            .key
            .iter()
            .map(|k| format!("{row}.{}", ident(k)))
            .collect();
        format!("json_array({})", parts.join(", "))
    };
    let ctx = "c.hlc, c.terminal_id, c.user_id, c.tx_id FROM sync_ctx c WHERE c.capture";
    let insert_cols = "table_name, row_key, op, data, hlc, terminal_id, user_id, tx_id";
    let all: Vec<String> = cols
        .iter()
        .map(|c| format!("'{}', {}", c.name, value_sql("NEW", c)))
        .collect();
    let insert = format!(
        "CREATE TEMP TRIGGER {name} AFTER INSERT ON main.{tbl} BEGIN \
         INSERT INTO change_log ({insert_cols}) SELECT '{table}', {key}, 'I', json_object({all}), {ctx}; END",
        name = trigger_name(table, 'i'),
        tbl = ident(table),
        key = key("NEW"),
        all = all.join(", "),
    );
    // Only the columns that changed: `{"a":1,"b":"x"}` built from one fragment per column.
    let changed: Vec<String> = cols
        .iter()
        .map(|c| {
            let col = ident(&c.name);
            // `,"name":` as one literal (column names are plain identifiers).
            format!(
                "iif(OLD.{col} IS NOT NEW.{col}, ',\"{name}\":' || json_quote({v}), '')",
                name = c.name.replace('\'', "''"),
                v = value_sql("NEW", c)
            )
        })
        .collect();
    let when: Vec<String> = cols
        .iter()
        .map(|c| {
            let col = ident(&c.name);
            format!("OLD.{col} IS NOT NEW.{col}")
        })
        .collect();
    let update = format!(
        "CREATE TEMP TRIGGER {name} AFTER UPDATE ON main.{tbl} WHEN {when} BEGIN \
         INSERT INTO change_log ({insert_cols}) SELECT '{table}', {key}, 'U', \
         '{{' || substr({changed}, 2) || '}}', {ctx}; END",
        name = trigger_name(table, 'u'),
        tbl = ident(table),
        when = when.join(" OR "),
        key = key("OLD"),
        changed = changed.join(" || "),
    );
    let delete = format!(
        "CREATE TEMP TRIGGER {name} AFTER DELETE ON main.{tbl} BEGIN \
         INSERT INTO change_log ({insert_cols}) SELECT '{table}', {key}, 'D', NULL, {ctx}; END",
        name = trigger_name(table, 'd'),
        tbl = ident(table),
        key = key("OLD"),
    );
    [insert, update, delete]
}

/// The names of the capture triggers of `table` (insert, update, delete).
pub fn trigger_names(table: &str) -> [String; 3] {
    ['i', 'u', 'd'].map(|op| trigger_name(table, op))
}

/// Creates the context table and every synced table's capture triggers on this connection. Runs
/// once per connection, at open, after the migrations and seeds.
pub(crate) fn install(conn: &Connection, terminal_id: &str) -> CoreResult<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS sync_ctx (
             singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
             tx_id       TEXT,
             hlc         INTEGER,
             user_id     TEXT,
             terminal_id TEXT NOT NULL,
             capture     INTEGER NOT NULL
         )",
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO temp.sync_ctx (singleton, tx_id, hlc, user_id, terminal_id, capture)
         VALUES (1, NULL, NULL, NULL, ?1, 1)",
        [terminal_id],
    )?;
    // One transaction for every trigger (a schema change each, committed once). A connection
    // gets them once, at open: its TEMP schema has none before.
    let mut script = String::from("BEGIN;\n");
    for t in sync_policy::synced() {
        let cols = columns(conn, t)?;
        for sql in trigger_sql(t, &cols) {
            script.push_str(&sql);
            script.push_str(";\n");
        }
    }
    script.push_str("COMMIT;");
    if let Err(e) = conn.execute_batch(&script) {
        if !conn.is_autocommit() {
            conn.execute_batch("ROLLBACK").ok();
        }
        return Err(e.into());
    }
    Ok(())
}

/// Starts a use case's capture: its transaction id, clock and user (or no capture at all for
/// applying pulled changes), and stamps the changes written outside `Store::write` since the last
/// use case. Runs inside the transaction, so a rollback undoes it.
pub(crate) fn begin(
    conn: &Connection,
    tx_id: &str,
    hlc: i64,
    user_id: Option<&str>,
    capture: bool,
) -> CoreResult<()> {
    conn.prepare_cached(
        "UPDATE temp.sync_ctx SET tx_id = ?1, hlc = ?2, user_id = ?3, capture = ?4",
    )?
    .execute(rusqlite::params![tx_id, hlc, user_id, capture])?;
    conn.prepare_cached("UPDATE change_log SET tx_id = ?1, hlc = ?2 WHERE tx_id IS NULL")?
        .execute(rusqlite::params![tx_id, hlc])?;
    Ok(())
}

/// Ends a use case's capture before it commits: later writes outside `Store::write` are captured
/// unstamped again.
pub(crate) fn end(conn: &Connection) -> CoreResult<()> {
    conn.prepare_cached(
        "UPDATE temp.sync_ctx SET tx_id = NULL, hlc = NULL, user_id = NULL, capture = 1",
    )?
    .execute([])?;
    Ok(())
}
