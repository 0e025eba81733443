//! The store's settings, the TOTP secrets at rest and the audit log's keyed head (issue 13).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::Store;
use super::check::CheckReport;
use crate::audit::AuditEntry;
use crate::auth::login::{self, LoginOutcome};
use crate::auth::{totp, two_factor};

fn demo_file(dir: &Path) -> PathBuf {
    let path = dir.join("rpma.db");
    crate::testutil::demo_file(&path, rpma_demo::DEFAULT_SEED, None, false);
    path
}

/// A connection to the file with the append-only triggers dropped, as a tamperer would.
fn tamper(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.execute_batch("DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;")
        .unwrap();
    c
}

/// `rpma db check` on the closed file (switched out of WAL so the file holds everything).
fn check_file(path: &Path) -> CheckReport {
    let c = Connection::open(path).unwrap();
    c.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))
        .unwrap();
    drop(c);
    super::check::check_file(path)
}

fn count(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn audit_problem(r: &CheckReport) -> (&'static str, i64, String) {
    match &r.audit {
        Some(Err(b)) => (b.kind, b.seq, b.id.clone()),
        other => panic!("expected an audit problem, got {other:?}"),
    }
}

#[test]
fn open_sets_wal_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let text = |p: &str| -> String {
        s.conn()
            .query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
            .unwrap()
    };
    let int = |p: &str| -> i64 {
        s.conn()
            .query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(text("journal_mode"), "wal");
    assert_eq!(int("synchronous"), 2);
    assert_eq!(int("foreign_keys"), 1);
}

#[test]
fn an_intact_log_checks_ok_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let r = check_file(&path);
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(r.audit, Some(Ok(count(&path))));
}

#[test]
fn deleting_the_last_entries_is_reported_as_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let n = count(&path);
    assert!(n > 5);
    // The chain alone still verifies once the last three entries are gone.
    let c = tamper(&path);
    c.execute("DELETE FROM audit_log WHERE seq > ?1", [n - 3])
        .unwrap();
    assert!(crate::audit::verify_chain(&c).unwrap().is_ok());
    drop(c);
    let r = check_file(&path);
    assert!(!r.is_ok(), "{r:?}");
    assert_eq!(audit_problem(&r), ("truncated", n, (n - 3).to_string()));
}

#[test]
fn appending_after_a_cut_does_not_cover_it_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let n = count(&path);
    tamper(&path)
        .execute("DELETE FROM audit_log WHERE seq > ?1", [n - 2])
        .unwrap();
    // The app goes on writing: new entries take the removed numbers, the head stays put.
    let (mut s, _) = Store::open(&path).unwrap();
    for _ in 0..3 {
        s.write(None, |tx| {
            tx.audit(AuditEntry::event("test.event", "test", None))
        })
        .unwrap();
    }
    drop(s);
    let r = check_file(&path);
    assert_eq!(audit_problem(&r).0, "replaced", "{r:?}");
}

#[test]
fn editing_an_entry_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    tamper(&path)
        .execute("UPDATE audit_log SET after = '{\"x\":1}' WHERE seq = 2", [])
        .unwrap();
    let r = check_file(&path);
    assert!(!r.is_ok());
    assert_eq!(audit_problem(&r).0, "content");
    assert_eq!(audit_problem(&r).1, 2);
}

#[test]
fn a_head_rewritten_without_the_key_or_removed_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let n = count(&path);
    let c = tamper(&path);
    c.execute("DELETE FROM audit_log WHERE seq = ?1", [n])
        .unwrap();
    let hash: String = c
        .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [n - 1], |r| {
            r.get(0)
        })
        .unwrap();
    // Pointing the head at the new last entry needs the key: a guessed MAC is refused.
    c.execute(
        "UPDATE audit_head SET terminal_seq = ?1, hash = ?2, mac = ?3",
        rusqlite::params![n - 1, hash, "00".repeat(32)],
    )
    .unwrap();
    drop(c);
    assert_eq!(audit_problem(&check_file(&path)).0, "head-forged");
    Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM audit_head", [])
        .unwrap();
    assert_eq!(audit_problem(&check_file(&path)).0, "head-missing");
    // Opening the database again does not make a new head over the cut (the key is not new).
    drop(Store::open(&path).unwrap());
    assert_eq!(audit_problem(&check_file(&path)).0, "head-missing");
}

#[test]
fn a_database_without_its_key_file_cannot_vouch_for_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("rpma.db");
    Connection::open(&path)
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    let r = check_file(&copy);
    assert!(!r.is_ok());
    assert_eq!(audit_problem(&r).0, "key-missing");
}

/// A database from before the keyed head: its first open by this version signs its end.
#[test]
fn an_older_database_gets_its_head_at_first_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    std::fs::remove_file(dir.path().join("rpma.key")).unwrap();
    let c = Connection::open(&path).unwrap();
    c.execute("DELETE FROM audit_head", []).unwrap();
    drop(c);
    drop(Store::open(&path).unwrap());
    let r = check_file(&path);
    assert!(r.is_ok(), "{r:?}");
}

fn code_at(secret_b32: &str, ms: i64) -> String {
    let secret = totp::base32_decode(secret_b32).unwrap();
    let now = u64::try_from(ms / 1000).unwrap();
    format!(
        "{:06}",
        totp::totp(&secret, now, 30, 6, totp::TotpAlgorithm::Sha1)
    )
}

fn stored_secret(conn: &Connection, username: &str) -> (Option<String>, Option<String>) {
    conn.query_row(
        "SELECT totp_secret, totp_pending_secret FROM users WHERE username = ?1",
        [username],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn totp_secrets_are_sealed_at_rest_and_clear_ones_are_sealed_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let (mut s, _) = Store::open(&path).unwrap();
    let admin = crate::users::list(s.conn())
        .unwrap()
        .into_iter()
        .find(|u| u.username == "admin")
        .unwrap();
    let e = two_factor::begin_totp(&mut s, &crate::Session::for_tests(admin.clone())).unwrap();
    let (_, pending) = stored_secret(s.conn(), "admin");
    let pending = pending.unwrap();
    assert!(pending.starts_with("enc1:"), "{pending}");
    assert!(!pending.contains(&e.secret));
    let code = code_at(&e.secret, s.now_ms());
    two_factor::confirm_totp(&mut s, &crate::Session::for_tests(admin.clone()), &code).unwrap();
    let (active, _) = stored_secret(s.conn(), "admin");
    assert!(active.as_deref().unwrap().starts_with("enc1:"));
    assert!(!active.unwrap().contains(&e.secret));
    // An account enrolled by an older version: the secret in clear.
    let chef_secret = totp::base32_encode(&totp::generate_secret());
    s.conn()
        .execute(
            "UPDATE users SET totp_secret = ?1 WHERE username = 'chef'",
            [&chef_secret],
        )
        .unwrap();
    drop(s);
    let (mut s, _) = Store::open(&path).unwrap();
    let (sealed, _) = stored_secret(s.conn(), "chef");
    let sealed = sealed.unwrap();
    assert!(sealed.starts_with("enc1:") && !sealed.contains(&chef_secret));
    // And it still signs in.
    let o = login::login(&mut s, "chef", "Demo-Chef-2026").unwrap();
    let LoginOutcome::NeedsTotp(ch) = o else {
        panic!("{o:?}")
    };
    let code = code_at(&chef_secret, s.now_ms());
    let o = login::login_totp(&mut s, &ch, &code).unwrap();
    assert!(matches!(o, LoginOutcome::SignedIn(_)), "{o:?}");
    // Copied to another account, a sealed secret opens for nobody.
    s.conn()
        .execute(
            "UPDATE users SET totp_secret = ?1 WHERE username = 'karim'",
            [&sealed],
        )
        .unwrap();
    let LoginOutcome::NeedsTotp(ch) = login::login(&mut s, "karim", "Demo-Tech-2026").unwrap()
    else {
        panic!()
    };
    let code = code_at(&chef_secret, s.now_ms());
    assert!(login::login_totp(&mut s, &ch, &code).is_err());
}
