//! The append-only, tamper-evident audit log. Each entry's hash covers its content and the hash
//! of the entry before it; changing or deleting any entry breaks the chain from there on, and
//! [`verify_chain`] names the first broken entry.

use rusqlite::{Connection, OptionalExtension as _, params};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::error::CoreResult;

/// Hash of the (absent) entry before the first one.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, to what, with the state before and after.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    /// Event, e.g. `login.failed`, `user.create`, `settings.update`.
    pub action: &'a str,
    /// Kind of record, e.g. `user`.
    pub entity: &'a str,
    /// The record's id, when there is one.
    pub entity_id: Option<&'a str>,
    /// State before (JSON), for changes.
    pub before: Option<Value>,
    /// State after (JSON), for creations and changes.
    pub after: Option<Value>,
}

impl<'a> AuditEntry<'a> {
    /// An entry with no before/after.
    pub fn event(action: &'a str, entity: &'a str, entity_id: Option<&'a str>) -> Self {
        Self {
            action,
            entity,
            entity_id,
            before: None,
            after: None,
        }
    }
}

/// One stored audit row.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    /// Position in the chain (1-based).
    pub seq: i64,
    /// UUIDv7.
    pub id: String,
    /// UTC ms.
    pub at: i64,
    /// Acting user.
    pub user_id: Option<String>,
    /// Event.
    pub action: String,
    /// Kind of record.
    pub entity: String,
    /// Record id.
    pub entity_id: Option<String>,
    /// JSON before.
    pub before: Option<String>,
    /// JSON after.
    pub after: Option<String>,
    /// Hash of the previous row.
    pub prev_hash: String,
    /// Hash of this row.
    pub hash: String,
}

#[allow(clippy::too_many_arguments)]
fn compute_hash(
    seq: i64,
    id: &str,
    at: i64,
    user_id: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields so that moving text between fields changes the hash.
    let mut field = |s: Option<&str>| match s {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update((v.len() as u64).to_le_bytes());
            h.update(v.as_bytes());
        }
    };
    field(Some(&seq.to_string()));
    field(Some(id));
    field(Some(&at.to_string()));
    field(user_id);
    field(Some(action));
    field(Some(entity));
    field(entity_id);
    field(before);
    field(after);
    field(Some(prev_hash));
    hex::encode(h.finalize())
}

/// Appends one entry; call inside the use case's transaction.
pub fn append(
    conn: &Connection,
    at: i64,
    user_id: Option<&str>,
    e: AuditEntry<'_>,
) -> CoreResult<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let id = crate::ids::new_id();
    let before = e.before.map(|v| v.to_string());
    let after = e.after.map(|v| v.to_string());
    let hash = compute_hash(
        seq,
        &id,
        at,
        user_id,
        e.action,
        e.entity,
        e.entity_id,
        before.as_deref(),
        after.as_deref(),
        &prev_hash,
    );
    conn.execute(
        "INSERT INTO audit_log (seq, id, at, user_id, action, entity, entity_id, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![seq, id, at, user_id, e.action, e.entity, e.entity_id, before, after, prev_hash, hash],
    )?;
    Ok(())
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// Sequence number of the first entry that does not verify.
    pub seq: i64,
    /// Its id (as stored).
    pub id: String,
    /// What is wrong: `content` (the entry was edited), `link` (prev_hash does not match the
    /// entry before: one was deleted or inserted) or `gap` (a sequence number is missing).
    pub kind: &'static str,
}

/// Walks the whole chain; returns the number of entries, or the first broken link.
pub fn verify_chain(conn: &Connection) -> CoreResult<Result<i64, BrokenLink>> {
    let mut st = conn.prepare(
        "SELECT seq, id, at, user_id, action, entity, entity_id, before, after, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut count = 0i64;
    while let Some(r) = rows.next()? {
        let row = AuditRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            at: r.get(2)?,
            user_id: r.get(3)?,
            action: r.get(4)?,
            entity: r.get(5)?,
            entity_id: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
            prev_hash: r.get(9)?,
            hash: r.get(10)?,
        };
        let broken = |kind| {
            Ok(Err(BrokenLink {
                seq: row.seq,
                id: row.id.clone(),
                kind,
            }))
        };
        if row.seq != expected_seq {
            return broken("gap");
        }
        if row.prev_hash != expected_prev {
            return broken("link");
        }
        let h = compute_hash(
            row.seq,
            &row.id,
            row.at,
            row.user_id.as_deref(),
            &row.action,
            &row.entity,
            row.entity_id.as_deref(),
            row.before.as_deref(),
            row.after.as_deref(),
            &row.prev_hash,
        );
        if h != row.hash {
            return broken("content");
        }
        expected_prev = row.hash;
        expected_seq += 1;
        count += 1;
    }
    Ok(Ok(count))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::store::Store;

    fn store_with_entries(n: usize) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        for i in 0..n {
            s.write(Some("u1"), |tx| {
                tx.audit(AuditEntry {
                    action: "test.change",
                    entity: "thing",
                    entity_id: Some("t1"),
                    before: Some(serde_json::json!({ "n": i })),
                    after: Some(serde_json::json!({ "n": i + 1 })),
                })
            })
            .unwrap();
        }
        s
    }

    #[test]
    fn intact_chain_verifies() {
        let s = store_with_entries(5);
        assert_eq!(verify_chain(s.conn()).unwrap(), Ok(5));
    }

    #[test]
    fn edited_entry_is_named() {
        let s = store_with_entries(5);
        s.conn()
            .execute_batch("DROP TRIGGER audit_log_no_update")
            .unwrap();
        s.conn()
            .execute(
                "UPDATE audit_log SET after = '{\"n\":99}' WHERE seq = 3",
                [],
            )
            .unwrap();
        let broken = verify_chain(s.conn()).unwrap().unwrap_err();
        assert_eq!((broken.seq, broken.kind), (3, "content"));
    }

    #[test]
    fn deleted_entry_is_found() {
        let s = store_with_entries(5);
        s.conn()
            .execute_batch("DROP TRIGGER audit_log_no_delete")
            .unwrap();
        s.conn()
            .execute("DELETE FROM audit_log WHERE seq = 2", [])
            .unwrap();
        let broken = verify_chain(s.conn()).unwrap().unwrap_err();
        assert_eq!((broken.seq, broken.kind), (3, "gap"));
    }

    #[test]
    fn triggers_refuse_update_and_delete() {
        let s = store_with_entries(1);
        assert!(
            s.conn()
                .execute("UPDATE audit_log SET action = 'x'", [])
                .is_err()
        );
        assert!(s.conn().execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn failed_use_case_writes_no_audit() {
        let mut s = store_with_entries(1);
        let r: CoreResult<()> = s.write(None, |tx| {
            tx.audit(AuditEntry::event("test.x", "thing", None))?;
            Err(crate::CoreError::Refused { key: "err-test" })
        });
        assert!(r.is_err());
        assert_eq!(verify_chain(s.conn()).unwrap(), Ok(1));
    }
}
