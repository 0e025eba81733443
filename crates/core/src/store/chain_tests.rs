//! The audit chain per terminal: an old single chain becomes this terminal's, and the chains of
//! several terminals in one log verify apart.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use rusqlite::{Connection, params};

use crate::audit::{AuditEntry, GENESIS, append_entry, compute_hash, verify_chain, verify_chains};
use crate::store::{Store, check};

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
        append_entry(
            tx.conn(),
            10,
            None,
            &other,
            AuditEntry::event("x.a", "t", None),
        )?;
        tx.audit(AuditEntry::event("x.b", "t", None))?;
        append_entry(
            tx.conn(),
            11,
            None,
            &other,
            AuditEntry::event("x.c", "t", None),
        )?;
        Ok(())
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

/// The keyed head signs this terminal's chain only: entries pulled from another terminal neither
/// move it nor break its check, and a break in the other terminal's chain is reported for that
/// terminal while this one's chain and head stay sound.
#[test]
fn pulled_entries_of_another_terminal_leave_this_terminals_head_sound() {
    use crate::store::replay;
    let other = store_with_entries(3);
    let mut s = store_with_entries(2);
    let me = s.terminal().id.clone();
    let head = |s: &Store| -> (i64, String) {
        s.conn()
            .query_row("SELECT terminal_seq, hash FROM audit_head", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
    };
    let before = head(&s);
    assert_eq!(before.0, 2);
    assert_eq!(replay::replay(other.conn(), &mut s).unwrap(), 3);
    assert_eq!(head(&s), before, "pulled entries do not move the head");
    let r = check::check_store(&s);
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(r.audit, Some(Ok(5)));
    assert_eq!(r.audit_chains.len(), 2);
    assert_eq!(r.audit_chains[0].terminal_id, me);
    // This terminal writes on: its head follows its own chain, past the pulled entries.
    s.write(None, |tx| tx.audit(AuditEntry::event("x.own", "t", None)))
        .unwrap();
    assert_eq!(head(&s).0, 3);
    assert!(check::check_store(&s).is_ok());
    // The other terminal's last entry edited: reported for it; this terminal's chain is fine.
    s.conn()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET action = 'x.z'
             WHERE terminal_id <> (SELECT id FROM terminal) AND terminal_seq = 3;",
        )
        .unwrap();
    let r = check::check_store(&s);
    assert!(!r.is_ok());
    assert_eq!(r.audit_chains[0].result, Ok(3));
    let broken = r.audit_chains[1].result.clone().unwrap_err();
    assert_eq!(broken.kind, "content");
    assert_eq!(broken.terminal_id, other.terminal().id);
    // Cutting this terminal's last entry is reported against its head, not the other's chain.
    s.conn()
        .execute_batch(
            "DROP TRIGGER audit_log_no_delete;
             DELETE FROM audit_log WHERE terminal_id = (SELECT id FROM terminal)
                 AND terminal_seq = 3;",
        )
        .unwrap();
    let r = check::check_store(&s);
    let own = r.audit_chains[0].result.clone().unwrap_err();
    assert_eq!((own.kind, own.seq, own.id.as_str()), ("truncated", 3, "2"));
    assert_eq!(own.terminal_id, me);
}

/// A database of levels 6–7 kept the head as a `settings` row (synced): migration 0008 moves it
/// to the local table unchanged, so the check still passes, and head moves are never captured.
#[test]
fn the_head_moves_out_of_settings_and_is_never_captured() {
    use crate::store::migrations;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    let key = crate::keys::ShopKey::load_or_create(&path).unwrap().key;
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations::migrate_to(&mut conn, 7).unwrap();
        let mut prev = GENESIS.to_owned();
        for seq in 1..=2 {
            let id = format!("old-{seq}");
            let hash = compute_hash(seq, &id, seq, None, "a", "t", None, None, None, &prev);
            conn.execute(
                "INSERT INTO audit_log (seq, id, at, action, entity, prev_hash, hash)
                 VALUES (?1, ?2, ?1, 'a', 't', ?3, ?4)",
                params![seq, id, prev, hash],
            )
            .unwrap();
            prev = hash;
        }
        let head = serde_json::json!({ "seq": 2, "hash": prev, "mac": key.head_mac(2, &prev) });
        conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('audit_head', ?1, 0)",
            [head.to_string()],
        )
        .unwrap();
    }
    let (mut s, _) = Store::open(&path).unwrap();
    let in_settings: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM settings WHERE key = 'audit_head'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_settings, 0);
    assert!(check::check_store(&s).is_ok());
    s.write(None, |tx| tx.audit(AuditEntry::event("x.new", "t", None)))
        .unwrap();
    let r = check::check_store(&s);
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(r.audit, Some(Ok(3)));
    let captured: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name IN ('audit_head', 'settings')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(captured, 0, "the head is local");
    let audit_captured: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit_captured, 1, "the entry itself travels");
}
