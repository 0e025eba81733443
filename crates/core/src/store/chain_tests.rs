//! The audit chain per terminal: an old single chain becomes this terminal's, and the chains of
//! several terminals in one log verify apart.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use rusqlite::{Connection, params};

use crate::audit::{AuditEntry, GENESIS, append, compute_hash, verify_chain, verify_chains};
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

/// A database from before terminals (one chain, level 5) keeps its chain: migration 0008
/// gives its entries to the new terminal, in order, and new entries continue that chain.
#[test]
fn an_old_single_chain_becomes_this_terminals_chain() {
    use crate::store::migrations;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations::migrate_to(&mut conn, 5).unwrap();
        let mut prev = GENESIS.to_owned();
        for seq in 1..=3 {
            let id = format!("old-{seq}");
            let after = format!("{{\"n\":{seq}}}");
            let hash = compute_hash(
                seq,
                &id,
                1_000 * seq,
                Some("u1"),
                "test.old",
                "thing",
                None,
                None,
                Some(&after),
                &prev,
            );
            conn.execute(
                "INSERT INTO audit_log (seq, id, at, user_id, action, entity, after, prev_hash, hash)
                 VALUES (?1, ?2, ?3, 'u1', 'test.old', 'thing', ?4, ?5, ?6)",
                params![seq, id, 1_000 * seq, after, prev, hash],
            )
            .unwrap();
            prev = hash;
        }
    }
    let (mut s, report) = Store::open(&path).unwrap();
    assert_eq!(report.level_before, 5);
    let me = s.terminal().clone();
    let chains = verify_chains(s.conn()).unwrap();
    assert_eq!(chains.len(), 1);
    assert_eq!(
        (chains[0].terminal_id.as_str(), chains[0].code.as_deref()),
        (me.id.as_str(), Some(me.code.as_str()))
    );
    assert_eq!(chains[0].result, Ok(3));
    s.write(Some("u2"), |tx| {
        tx.audit(AuditEntry::event("test.new", "thing", None))
    })
    .unwrap();
    assert_eq!(verify_chain(s.conn()).unwrap(), Ok(4));
    let (seq, tseq): (i64, i64) = s
        .conn()
        .query_row(
            "SELECT seq, terminal_seq FROM audit_log WHERE action = 'test.new'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((seq, tseq), (4, 4));
}

/// Two terminals' entries in one log (as sync will merge them): each chain verifies on its
/// own, and a broken one is named with its terminal.
#[test]
fn chains_of_two_terminals_verify_apart() {
    let mut s = store_with_entries(2);
    let me = s.terminal().id.clone();
    let other = crate::ids::new_id();
    s.write(None, |tx| {
        append(
            tx.conn(),
            10,
            None,
            &other,
            AuditEntry::event("x.a", "t", None),
        )?;
        tx.audit(AuditEntry::event("x.b", "t", None))?;
        append(
            tx.conn(),
            11,
            None,
            &other,
            AuditEntry::event("x.c", "t", None),
        )
    })
    .unwrap();
    let chains = verify_chains(s.conn()).unwrap();
    assert_eq!(chains.len(), 2);
    assert_eq!(
        (chains[0].terminal_id.as_str(), &chains[0].result),
        (me.as_str(), &Ok(3))
    );
    assert_eq!(
        (chains[1].terminal_id.as_str(), &chains[1].result),
        (other.as_str(), &Ok(2))
    );
    assert_eq!(chains[1].code, None);
    assert_eq!(verify_chain(s.conn()).unwrap(), Ok(5));
    // Tamper with the other terminal's first entry.
    s.conn()
        .execute_batch("DROP TRIGGER audit_log_no_update")
        .unwrap();
    s.conn()
        .execute(
            "UPDATE audit_log SET action = 'x.z' WHERE action = 'x.a'",
            [],
        )
        .unwrap();
    let chains = verify_chains(s.conn()).unwrap();
    assert_eq!(chains[0].result, Ok(3), "this terminal's chain is intact");
    let broken = chains[1].result.clone().unwrap_err();
    assert_eq!(
        (broken.kind, broken.terminal_id.as_str()),
        ("content", other.as_str())
    );
    assert_eq!(verify_chain(s.conn()).unwrap().unwrap_err(), broken);
}
