//! Durability under SIGKILL: a child process commits writes through the store and acknowledges
//! each one on stdout; the parent kills it at random moments, again and again, then checks that
//! the database passes `integrity_check`, that the hash-chained audit log verifies, and that every
//! acknowledged write is present. (The child is this same test binary, re-run in child mode.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing
)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng as _, SeedableRng as _};
use rpma_core::Store;
use rpma_core::audit::{self, AuditEntry};
use rpma_core::store::check;
use rpma_demo as demo;

const CHILD_ENV: &str = "RPMA_KILL_TEST_CHILD_DB";

/// Child mode: write forever, acknowledging each committed write.
#[test]
fn child_writer() {
    let Ok(db) = std::env::var(CHILD_ENV) else {
        return;
    };
    let round = std::env::var("RPMA_KILL_TEST_ROUND").unwrap_or_default();
    let (mut store, _) = Store::open(std::path::Path::new(&db)).unwrap();
    let mut out = std::io::stdout().lock();
    for n in 0u64.. {
        let id = format!("r{round}-{n:08}");
        // A use case that touches several rows: organisation update + audit, one transaction.
        store
            .write(None, |tx| {
                let mut org = rpma_core::org::get(tx.conn())?.unwrap_or_default();
                org.city = format!("Ville {n}");
                rpma_core::testing::save_org(tx, org)?;
                tx.audit(AuditEntry::event("test.write", "thing", Some(&id)))
            })
            .unwrap();
        writeln!(out, "ack {n}").unwrap();
        out.flush().unwrap();
    }
}

#[cfg(unix)]
#[test]
fn acknowledged_writes_survive_sigkill() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rpma.db");
    {
        let (mut s, _) = Store::open(&db).unwrap();
        demo::populate(&mut s, demo::DEFAULT_SEED).unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut total_acked = 0u64;
    for round in 0..12 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "child_writer",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(CHILD_ENV, &db)
            .env("RPMA_KILL_TEST_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<u64>();
        let reader = std::thread::Builder::new()
            .name("kill-test-reader".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(n) = line.strip_prefix("ack ").and_then(|n| n.parse().ok()) {
                        tx.send(n).ok();
                    }
                }
            })
            .unwrap();
        // Let it write for a random moment once it has started, then kill it mid-flight.
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("child wrote nothing");
        let until = Instant::now() + Duration::from_millis(rng.random_range(20..400));
        let mut last = first;
        while Instant::now() < until {
            if let Ok(n) = rx.recv_timeout(Duration::from_millis(5)) {
                last = n;
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        while let Ok(n) = rx.try_recv() {
            last = last.max(n);
        }
        total_acked += last + 1;

        let report = check::check_file(&db);
        assert!(report.is_ok(), "round {round}: {report:?}");
        let (store, _) = Store::open(&db).unwrap();
        let chain = audit::verify_chain(store.conn()).unwrap();
        assert!(chain.is_ok(), "round {round}: {chain:?}");
        let written: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'test.write'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            written as u64 >= total_acked,
            "round {round}: {total_acked} writes acknowledged but only {written} present"
        );
        // Every write of this round up to the last ack is there, none twice.
        let (present, distinct): (i64, i64) = store
            .conn()
            .query_row(
                "SELECT count(*), count(DISTINCT entity_id) FROM audit_log
                 WHERE action = 'test.write' AND entity_id >= ?1 AND entity_id <= ?2",
                [format!("r{round}-{:08}", 0), format!("r{round}-{last:08}")],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(present, distinct);
        assert_eq!(
            present as u64,
            last + 1,
            "round {round}: a write acknowledged before the kill is missing"
        );
        // Later rounds count from 0 again: align the cumulative total with what is stored.
        total_acked = written as u64;
    }
    println!("12 kills, {total_acked} acknowledged writes, database intact");
}
