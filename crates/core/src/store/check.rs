//! `rpma db check`: integrity, foreign keys, schema level, each terminal's audit chain and this
//! terminal's keyed head (with the key file beside the database), read-only.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::migrations::{self, LATEST_LEVEL};
use crate::audit::{self, BrokenLink, ChainStatus};
use crate::keys::ShopKey;
use crate::terminal::{self, Terminal};

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
    /// Audit chain and keyed head: number of entries verified, or the first problem (a broken
    /// link, or the end of the log cut, replaced or unverifiable: [`crate::audit_head::verify`]).
    /// `None` when the schema has no audit log yet.
    pub audit: Option<Result<i64, BrokenLink>>,
    /// Each terminal's audit chain (this database's terminal first).
    pub audit_chains: Vec<ChainStatus>,
    /// This database's terminal, when the schema has one.
    pub terminal: Option<Terminal>,
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

impl CheckReport {
    /// The report on a file that could not be opened or read (the reason).
    pub fn unreadable(path: &Path, reason: String) -> Self {
        Self {
            path: path.to_owned(),
            open_error: Some(reason),
            schema_level: 0,
            latest_level: LATEST_LEVEL,
            integrity: Vec::new(),
            foreign_keys: Vec::new(),
            audit: None,
            audit_chains: Vec::new(),
            terminal: None,
        }
    }
}

fn failed(path: &Path, reason: String) -> CheckReport {
    CheckReport::unreadable(path, reason)
}

/// Checks a database file without modifying it (opened read-only; a missing file is reported,
/// never created). The audit log's head is checked with the key file beside the database.
pub fn check_file(path: &Path) -> CheckReport {
    check_file_inner(path, None)
}

/// [`check_file`] with the key read from `key_file` instead of the one beside the database (a
/// database and key extracted from a backup under scratch names).
pub fn check_file_with_key_file(path: &Path, key_file: &Path) -> CheckReport {
    check_file_inner(path, Some(key_file))
}

fn check_file_inner(path: &Path, key_file: Option<&Path>) -> CheckReport {
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
    let key = match key_file.map_or_else(|| ShopKey::load(path), ShopKey::load_file) {
        Ok(k) => k,
        Err(e) => return failed(path, e.to_string()),
    };
    match check_conn_with_key(&conn, key.as_ref()) {
        Ok(mut report) => {
            report.path = path.to_owned();
            report
        }
        Err(e) => failed(path, e.to_string()),
    }
}

/// Checks the live database of a store (in-memory ones too), with its key.
pub fn check_store(store: &crate::Store) -> CheckReport {
    let path = store.path().map(ToOwned::to_owned).unwrap_or_default();
    match check_conn_with_key(store.conn(), Some(store.key())) {
        Ok(mut r) => {
            r.path = path;
            r
        }
        Err(e) => failed(&path, e.to_string()),
    }
}

/// Runs every check on an open connection, without a key: a keyed head is reported as
/// unverifiable ([`check_conn_with_key`] checks it).
pub fn check_conn(conn: &Connection) -> crate::CoreResult<CheckReport> {
    check_conn_with_key(conn, None)
}

/// Runs every check on an open connection; `key` checks the audit log's head.
pub fn check_conn_with_key(
    conn: &Connection,
    key: Option<&ShopKey>,
) -> crate::CoreResult<CheckReport> {
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    let schema_level = migrations::schema_level(conn)?;
    // Each check reports on its own: a damaged page that makes one of them fail must not hide
    // what the others find.
    let mut integrity = Vec::new();
    let integrity_run = (|| -> rusqlite::Result<()> {
        let mut st = conn.prepare("PRAGMA integrity_check")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let line: String = r.get(0)?;
            if line != "ok" {
                integrity.push(line);
            }
        }
        Ok(())
    })();
    if let Err(e) = integrity_run {
        integrity.push(e.to_string());
    }
    let mut foreign_keys = Vec::new();
    let fk_run = (|| -> rusqlite::Result<()> {
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
        Ok(())
    })();
    if let Err(e) = fk_run {
        foreign_keys.push(e.to_string());
    }
    let has_audit: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log')",
            [],
            |r| r.get(0),
        )
        .unwrap_or(false);
    let terminal = terminal::get(conn).unwrap_or(None);
    // Before level 8 the log has one chain and no terminal: the schema line already says to
    // migrate, and the chains are checked once it is.
    let has_chains = schema_level >= 8;
    let mut audit_chains = Vec::new();
    let audit = if has_audit && has_chains {
        Some(match audit::verify_chains(conn) {
            Ok(mut chains) => {
                if let Some(t) = &terminal {
                    own_head(conn, key, t, &mut chains);
                }
                let total = chains.iter().try_fold(0, |n, c| match &c.result {
                    Ok(k) => Ok(n + k),
                    Err(b) => Err(b.clone()),
                });
                audit_chains = chains;
                total
            }
            Err(e) => Err(unreadable_chain(&e)),
        })
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
        audit_chains,
        terminal,
    })
}

/// Checks this terminal's keyed head against its own chain (other terminals' chains have no head
/// here); a problem becomes that chain's result, unless its links already broke.
fn own_head(conn: &Connection, key: Option<&ShopKey>, t: &Terminal, chains: &mut Vec<ChainStatus>) {
    let head =
        crate::audit_head::verify(conn, key, &t.id).unwrap_or_else(|e| Err(unreadable_chain(&e)));
    let Err(problem) = head else {
        return;
    };
    match chains.iter_mut().find(|c| c.terminal_id == t.id) {
        Some(c) => {
            if c.result.is_ok() {
                c.result = Err(problem);
            }
        }
        // Every entry of this terminal gone while its head names one.
        None => chains.insert(
            0,
            ChainStatus {
                terminal_id: t.id.clone(),
                code: Some(t.code.clone()),
                result: Err(problem),
            },
        ),
    }
}

fn unreadable_chain(e: &crate::CoreError) -> BrokenLink {
    BrokenLink {
        seq: 0,
        id: e.to_string(),
        kind: "unreadable",
        terminal_id: String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::io::{Seek as _, SeekFrom, Write as _};

    use super::*;
    use crate::Store;

    fn demo_file(dir: &Path) -> PathBuf {
        let path = dir.join("rpma.db");
        crate::testutil::demo_file(&path, rpma_demo::DEFAULT_SEED, None, false);
        let (s, _) = Store::open(&path).unwrap();
        s.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .unwrap();
        drop(s);
        path
    }

    #[test]
    fn healthy_file_passes_and_is_not_modified() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path());
        let before = std::fs::read(&path).unwrap();
        let r = check_file(&path);
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn damaged_page_is_reported_as_an_integrity_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path());
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        for page in 2..6u64 {
            f.seek(SeekFrom::Start(page * 4096)).unwrap();
            f.write_all(&[0xFF; 4096]).unwrap();
        }
        drop(f);
        let r = check_file(&path);
        assert!(!r.is_ok());
        assert!(
            r.open_error.is_none(),
            "the file opens; the damage is an integrity finding: {r:?}"
        );
        assert!(!r.integrity.is_empty());
    }

    #[test]
    fn missing_file_is_reported_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.db");
        assert!(check_file(&path).open_error.is_some());
        assert!(!path.exists());
    }
}
