//! The demo backdates the rows its interventions wrote "now" onto a realistic timeline. History
//! tables are append-only (a trigger refuses UPDATE), so a row is moved in time by deleting it
//! and inserting the same values with the new time (both captured, like any change).

use rusqlite::Connection;
use rusqlite::types::Value;

use crate::error::CoreResult;
use crate::store::capture::ident;

/// Gives the row `rowid` of `table` the time `at` in column `time_col` (delete and re-insert).
pub(crate) fn retime(
    conn: &Connection,
    table: &str,
    time_col: &str,
    rowid: i64,
    at: i64,
) -> CoreResult<()> {
    let names: Vec<String> = conn
        .prepare_cached("SELECT name FROM pragma_table_info(?1)")?
        .query_map([table], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let list = names
        .iter()
        .map(|n| ident(n))
        .collect::<Vec<_>>()
        .join(", ");
    let t = ident(table);
    let row: Vec<Value> = conn
        .prepare_cached(&format!("SELECT {list} FROM {t} WHERE rowid = ?1"))?
        .query_row([rowid], |r| {
            (0..names.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })?;
    let values: Vec<Value> = names
        .iter()
        .zip(row)
        .map(|(n, v)| if n == time_col { Value::Integer(at) } else { v })
        .collect();
    conn.prepare_cached(&format!("DELETE FROM {t} WHERE rowid = ?1"))?
        .execute([rowid])?;
    let marks = (1..=names.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    conn.prepare_cached(&format!("INSERT INTO {t} ({list}) VALUES ({marks})"))?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}
