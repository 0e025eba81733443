//! `rpma db check`: integrity, foreign keys, schema level and the audit chain, read-only.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::migrations::{self, LATEST_LEVEL};
use crate::audit::{self, BrokenLink};

/// The result of checking one database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The file checked.
    pub path: PathBuf,
    /// The file could not be opened or read as an SQLite database (the reason).
    pub open_error: Option<String>,
    /// `PRAGMA user_version` of the file.
    pub schema_level: i64,
    /// The level this binary knows.
    pub latest_level: i64,
    /// Problems reported by `PRAGMA integrity_check` (empty when it says `ok`).
    pub integrity: Vec<String>,
    /// Rows violating a foreign key (`table rowid → parent`).
    pub foreign_keys: Vec<String>,
    /// Audit chain: number of entries verified, or the first broken link. `None` when the
    /// schema has no audit log yet.
    pub audit: Option<Result<i64, BrokenLink>>,
}

impl CheckReport {
    /// True when every check passed and the schema is the one this binary knows.
    pub fn is_ok(&self) -> bool {
        self.open_error.is_none()
            && self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.schema_level == self.latest_level
            && !matches!(self.audit, Some(Err(_)))
    }
}

fn failed(path: &Path, reason: String) -> CheckReport {
    CheckReport {
        path: path.to_owned(),
        open_error: Some(reason),
        schema_level: 0,
        latest_level: LATEST_LEVEL,
        integrity: Vec::new(),
        foreign_keys: Vec::new(),
        audit: None,
    }
}

/// Checks a database file without modifying it (opened read-only; a missing file is reported,
/// never created).
pub fn check_file(path: &Path) -> CheckReport {
    if !path.is_file() {
        return failed(path, format!("no database file at {}", path.display()));
    }
    let conn = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(c) => c,
        Err(e) => return failed(path, e.to_string()),
    };
    match check_conn(&conn) {
        Ok(mut report) => {
            report.path = path.to_owned();
            report
        }
        Err(e) => failed(path, e.to_string()),
    }
}

/// Runs every check on an open connection.
pub fn check_conn(conn: &Connection) -> crate::CoreResult<CheckReport> {
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    let schema_level = migrations::schema_level(conn)?;
    let mut integrity = Vec::new();
    {
        let mut st = conn.prepare("PRAGMA integrity_check")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let line: String = r.get(0)?;
            if line != "ok" {
                integrity.push(line);
            }
        }
    }
    let mut foreign_keys = Vec::new();
    {
        let mut st = conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let table: String = r.get(0)?;
            let rowid: Option<i64> = r.get(1)?;
            let parent: String = r.get(2)?;
            foreign_keys.push(format!(
                "{table} row {} → {parent}",
                rowid.map_or_else(|| "?".to_owned(), |v| v.to_string())
            ));
        }
    }
    let has_audit: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log')",
        [],
        |r| r.get(0),
    )?;
    let audit = if has_audit {
        Some(audit::verify_chain(conn)?)
    } else {
        None
    };
    Ok(CheckReport {
        path: PathBuf::new(),
        open_error: None,
        schema_level,
        latest_level: LATEST_LEVEL,
        integrity,
        foreign_keys,
        audit,
    })
}
