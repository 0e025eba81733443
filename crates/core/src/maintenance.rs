//! Database statistics for the maintenance screen.

use std::path::Path;

use chrono::{TimeZone as _, Utc};

use crate::error::CoreResult;
use crate::format::DEFAULT_TZ;
use crate::store::Store;
use crate::store::migrations::{self, LATEST_LEVEL};

/// Size and shape of the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DbStats {
    /// Database file size in bytes (0 in memory).
    pub file_bytes: u64,
    /// WAL file size in bytes.
    pub wal_bytes: u64,
    /// Page size.
    pub page_size: i64,
    /// Pages in the file.
    pub page_count: i64,
    /// Free pages (reclaimable by vacuum).
    pub freelist_count: i64,
    /// Schema level of the file.
    pub schema_level: i64,
    /// Schema level this binary knows.
    pub latest_level: i64,
    /// SQLite library version.
    pub sqlite_version: String,
    /// Journal mode (`wal`).
    pub journal_mode: String,
    /// Row count per table, by name.
    pub tables: Vec<(String, i64)>,
    /// The database file.
    pub db_path: String,
    /// The data folder.
    pub data_dir: String,
}

/// Collects the statistics (read-only).
pub fn stats(store: &Store, data_dir: Option<&Path>) -> CoreResult<DbStats> {
    stats_unchecked(store, data_dir)
}

/// [`stats`] for `actor` (the maintenance screen): requires
/// [`crate::auth::permissions::Action::ViewMaintenance`], with the role as stored now.
pub fn stats_as(
    store: &Store,
    actor: &crate::Session,
    data_dir: Option<&Path>,
) -> CoreResult<DbStats> {
    crate::users::authorize(
        store.conn(),
        actor,
        crate::auth::permissions::Action::ViewMaintenance,
    )?;
    stats_unchecked(store, data_dir)
}

fn stats_unchecked(store: &Store, data_dir: Option<&Path>) -> CoreResult<DbStats> {
    let conn = store.conn();
    let pragma = |name: &str| -> CoreResult<i64> {
        Ok(conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?)
    };
    let (file_bytes, wal_bytes) = match store.path() {
        Some(p) => {
            let wal = p.with_extension("db-wal");
            (
                std::fs::metadata(p).map_or(0, |m| m.len()),
                std::fs::metadata(wal).map_or(0, |m| m.len()),
            )
        }
        None => (0, 0),
    };
    let names: Vec<String> = {
        let mut st = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        // Table names come from sqlite_master; quote them anyway.
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\"")),
            [],
            |r| r.get(0),
        )?;
        tables.push((name, n));
    }
    Ok(DbStats {
        file_bytes,
        wal_bytes,
        page_size: pragma("page_size")?,
        page_count: pragma("page_count")?,
        freelist_count: pragma("freelist_count")?,
        schema_level: migrations::schema_level(conn)?,
        latest_level: LATEST_LEVEL,
        sqlite_version: rusqlite::version().to_owned(),
        journal_mode: conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
        tables,
        db_path: store
            .path()
            .map_or_else(|| ":memory:".into(), |p| p.display().to_string()),
        data_dir: data_dir
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    })
}

/// Midnight of the shop's local day containing `ms`, as UTC ms.
pub fn start_of_local_day(ms: i64) -> i64 {
    let Some(utc) = Utc.timestamp_millis_opt(ms).single() else {
        return ms;
    };
    let local = utc.with_timezone(&DEFAULT_TZ);
    local
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|n| n.and_local_timezone(DEFAULT_TZ).earliest())
        .map_or(ms, |d| d.timestamp_millis())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn stats_list_tables() {
        let s = Store::open_in_memory().unwrap();
        let st = stats(&s, None).unwrap();
        assert_eq!(st.schema_level, LATEST_LEVEL);
        assert!(st.tables.iter().any(|(n, c)| n == "users" && *c == 0));
        assert_eq!(st.db_path, ":memory:");
    }

    #[test]
    fn local_midnight() {
        // 2026-11-22 13:05 UTC → midnight Paris = 2026-11-21 23:00 UTC.
        assert_eq!(start_of_local_day(1_795_352_700_000), 1_795_302_000_000);
    }
}
