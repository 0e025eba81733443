//! Kill test for the job wizard's draft: a child process saves the draft as the wizard does while
//! someone types (one small transaction per save) and is killed (SIGKILL on Unix) at random
//! moments, again and again. After every kill the database must pass `integrity_check` and hold
//! the last save the child saw acknowledged (or the one in flight, never an older one).
//!
//! The child is this same test binary, re-run with `RPMA_KILL_CHILD_DB` set: the test then plays
//! the writer instead of the parent.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rpma_core::{Store, jobs, users};

use rpma_demo as demo;

use rpma_demo::generate::ShopSize;

const CHILD_DB: &str = "RPMA_KILL_CHILD_DB";
const CHILD_USER: &str = "RPMA_KILL_CHILD_USER";
const TEST_NAME: &str = "wizard_draft_survives_sigkill_at_random_moments";

/// A session of the account `id` (made without signing in: tests only).
fn session_of(store: &Store, id: &str) -> rpma_core::Session {
    rpma_core::Session::for_tests(users::get(store.conn(), id).unwrap().unwrap())
}

/// The writer: saves drafts numbered 1, 2, 3… and prints `ack N` once save N is committed.
fn child(db: &str, user: &str) -> ! {
    let (mut store, _) = Store::open(std::path::Path::new(db)).unwrap();
    let user = &session_of(&store, user);
    let start = match jobs::load_draft(&store, user).unwrap() {
        Some(d) => d["seq"].as_u64().unwrap_or(0),
        None => 0,
    };
    let mut out = std::io::stdout().lock();
    for seq in start + 1.. {
        let draft = serde_json::json!({
            "seq": seq,
            "plate": format!("AB-{:03}-CD", seq % 1000),
            "make": "Renault",
            "notes": "x".repeat(usize::try_from(seq % 500).unwrap_or(0)),
        });
        jobs::save_draft(&mut store, user, &draft).unwrap();
        writeln!(out, "ack {seq}").unwrap();
        out.flush().unwrap();
    }
    unreachable!()
}

/// A small deterministic random source (no dependency needed for kill delays).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn wizard_draft_survives_sigkill_at_random_moments() {
    if let (Ok(db), Ok(user)) = (std::env::var(CHILD_DB), std::env::var(CHILD_USER)) {
        child(&db, &user);
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rpma.db");
    let user = {
        let (mut store, _) = Store::open(&db).unwrap();
        let tiny = ShopSize {
            clients: 3,
            vehicles: 3,
            jobs: 3,
            ..ShopSize::DEMO
        };
        demo::populate_sized(&mut store, demo::DEFAULT_SEED, &tiny).unwrap();
        users::list(store.conn())
            .unwrap()
            .into_iter()
            .next()
            .expect("a demo account")
            .id
            .into_string()
    };
    let exe = std::env::current_exe().unwrap();
    let mut rng = Lcg(0x5eed_u64 ^ u64::from(std::process::id()));
    let mut acked_total = 0u64;
    for round in 0..12 {
        let mut child = Command::new(&exe)
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_DB, &db)
            .env(CHILD_USER, &user)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<u64>();
        let reader = std::thread::Builder::new()
            .name("kill-test-reader".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if let Some(n) = line.strip_prefix("ack ") {
                        tx.send(n.trim().parse().unwrap()).ok();
                    }
                }
            })
            .unwrap();
        // Wait for the child to be writing, then let it run a random while before the kill.
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("round {round}: the writer never acknowledged a save"));
        let run_for = Duration::from_millis(5 + rng.next() % 250);
        let started = Instant::now();
        while started.elapsed() < run_for {
            std::thread::yield_now();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let last_ack = rx.try_iter().last().unwrap_or(first);
        assert!(last_ack >= first);
        acked_total = last_ack;

        let (store, _) = Store::open(&db).unwrap();
        let check: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        let saved = jobs::load_draft(&store, &session_of(&store, &user))
            .unwrap()
            .unwrap_or_else(|| panic!("round {round}: the draft is gone"));
        let seq = saved["seq"].as_u64().unwrap();
        // Every acknowledged save is there; at most the one in flight went further.
        assert!(
            seq == last_ack || seq == last_ack + 1,
            "round {round}: saved {seq}, last acknowledged {last_ack}"
        );
        assert_eq!(saved["make"], "Renault");
    }
    assert!(acked_total > 12, "the writer barely wrote: {acked_total}");
}
