//! This terminal's identity. Each data folder is one terminal: a UUIDv7 and a short code (2 to 4
//! upper-case letters or digits) made when its database is created (migration 0008 makes them
//! for existing databases too). The code goes into document numbers (`20260302-K7M-001`) so that
//! numbers allocated on different terminals never collide; the id stamps every captured change
//! and every audit entry (the audit chain is per terminal).

use rusqlite::{Connection, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};

/// Letters and digits a generated code is made of (no I, O, 0 or 1: they are misread).
pub const CODE_ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Length of a generated code.
pub const CODE_LEN: usize = 3;

/// A terminal: one data folder of the shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terminal {
    /// UUIDv7.
    pub id: String,
    /// Short code shown to people and put in document numbers.
    pub code: String,
    /// When the terminal was made (UTC ms).
    pub created_at: i64,
}

/// True for a valid terminal code: 2 to 4 characters, each `A`–`Z` or `0`–`9`.
pub fn is_valid_code(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A random code of [`CODE_LEN`] characters from [`CODE_ALPHABET`].
pub fn random_code() -> String {
    use rand::TryRngCore as _;
    use rand::seq::IndexedRandom as _;
    let alphabet: Vec<char> = CODE_ALPHABET.chars().collect();
    let mut rng = rand::rngs::OsRng.unwrap_err();
    (0..CODE_LEN)
        .map(|_| alphabet.choose(&mut rng).copied().unwrap_or('A'))
        .collect()
}

/// Reads this terminal's identity; makes it when the database has none (a database whose row was
/// lost; migration 0008 makes it for every database). Runs at open, before capture is installed.
pub fn load_or_create(conn: &Connection, now_ms: i64) -> CoreResult<Terminal> {
    if let Some(t) = get(conn)? {
        return Ok(t);
    }
    let t = Terminal {
        id: crate::ids::new_id(),
        code: random_code(),
        created_at: now_ms,
    };
    conn.execute(
        "INSERT INTO terminal (id, code, created_at) VALUES (?1, ?2, ?3)",
        params![t.id, t.code, t.created_at],
    )?;
    Ok(t)
}

/// This terminal's identity, when the schema has it.
pub fn get(conn: &Connection) -> CoreResult<Option<Terminal>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'terminal')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT id, code, created_at FROM terminal", [], |r| {
            Ok(Terminal {
                id: r.get(0)?,
                code: r.get(1)?,
                created_at: r.get(2)?,
            })
        })
        .optional()?)
}

/// Changes this terminal's code (e.g. when two terminals of a shop drew the same one). Numbers
/// already given keep their code; the next ones use the new one. Refused unless the code is
/// valid. Runs in the caller's transaction; the store's copy of the terminal is updated by
/// [`crate::Store::set_terminal_code`].
pub(crate) fn set_code(conn: &Connection, code: &str) -> CoreResult<()> {
    if !is_valid_code(code) {
        return Err(CoreError::Refused {
            key: "err-terminal-code",
        });
    }
    conn.execute("UPDATE terminal SET code = ?1", [code])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::Store;

    #[test]
    fn a_new_store_has_a_terminal_with_a_v7_id_and_a_short_code() {
        let s = Store::open_in_memory().unwrap();
        let t = s.terminal().clone();
        assert_eq!(
            uuid::Uuid::parse_str(&t.id)
                .map(|u| u.get_version_num())
                .ok(),
            Some(7),
            "{}",
            t.id
        );
        assert!(is_valid_code(&t.code), "{}", t.code);
        assert!(t.code.chars().all(|c| CODE_ALPHABET.contains(c)));
        assert_eq!(get(s.conn()).unwrap(), Some(t.clone()));
        // Two databases, two terminals.
        let other = Store::open_in_memory().unwrap();
        assert_ne!(other.terminal().id, t.id);
    }

    #[test]
    fn the_terminal_survives_reopening_and_is_made_again_if_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rpma.db");
        let (s, _) = Store::open(&path).unwrap();
        let first = s.terminal().clone();
        drop(s);
        let (s, _) = Store::open(&path).unwrap();
        assert_eq!(s.terminal(), &first);
        s.conn().execute("DELETE FROM terminal", []).unwrap();
        let again = load_or_create(s.conn(), 5).unwrap();
        assert_ne!(again.id, first.id);
        assert_eq!(again.created_at, 5);
        assert_eq!(get(s.conn()).unwrap(), Some(again));
    }

    #[test]
    fn codes_are_validated() {
        for ok in ["AB", "K7M", "Z9Z9"] {
            assert!(is_valid_code(ok), "{ok}");
        }
        for bad in ["", "A", "ABCDE", "ab", "A-B", "É1"] {
            assert!(!is_valid_code(bad), "{bad}");
        }
        for _ in 0..50 {
            let c = random_code();
            assert_eq!(c.len(), CODE_LEN);
            assert!(is_valid_code(&c));
        }
        let mut s = Store::open_in_memory().unwrap();
        let before = s.terminal().clone();
        let err = s.set_terminal_code("k-1").unwrap_err();
        assert!(matches!(
            err,
            CoreError::Refused {
                key: "err-terminal-code"
            }
        ));
        assert_eq!(s.terminal(), &before);
        s.set_terminal_code("QX7").unwrap();
        assert_eq!(s.terminal().code, "QX7");
        assert_eq!(get(s.conn()).unwrap().unwrap().code, "QX7");
    }
}
