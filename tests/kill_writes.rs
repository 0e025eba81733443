//! Kill test (issue 15): a child process — the real `rpma` binary running its test-only
//! `test-writes` command — makes random writes through the services (new jobs, intervention
//! starts, step notes, photos, completed steps) and reports each committed one on stdout; the
//! test SIGKILLs it at a random moment, 200 times on one data folder, and after each kill
//! checks that the database passes `integrity_check` and `foreign_key_check`, that the audit
//! chain and its keyed head verify, and that every write the child reported is there (photos
//! with their file, byte for byte).
//!
//! The seed is printed; `RPMA_KILL_SEED=<seed>` replays a run, `RPMA_KILL_ITERATIONS=<n>`
//! changes the count.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod backup_support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use backup_support::{describe, rpma};
use rusqlite::{Connection, OptionalExtension as _};

/// xorshift64: the kill moments, from the printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What the children reported, over every run.
#[derive(Default)]
struct Ledger {
    jobs: BTreeSet<String>,
    starts: BTreeSet<String>,
    /// Step notes: the last committed token, and tokens announced after it (a kill between the
    /// commit and its report leaves one of those).
    steps: BTreeMap<(String, usize), (Option<String>, Vec<String>)>,
    photos: Vec<(String, String, String)>,
    done: BTreeSet<(String, usize)>,
    writes: usize,
}

impl Ledger {
    fn read(&mut self, line: &str) {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["T", "step", iv, pos, token] => {
                let e = self
                    .steps
                    .entry(((*iv).to_owned(), pos.parse().unwrap()))
                    .or_default();
                e.1.push((*token).to_owned());
            }
            ["W", kind, rest @ ..] => {
                self.writes += 1;
                match (*kind, rest) {
                    ("job", [id]) => {
                        self.jobs.insert((*id).to_owned());
                    }
                    ("start", [id]) => {
                        self.starts.insert((*id).to_owned());
                    }
                    ("step", [iv, pos, token]) => {
                        let e = self
                            .steps
                            .entry(((*iv).to_owned(), pos.parse().unwrap()))
                            .or_default();
                        *e = (Some((*token).to_owned()), Vec::new());
                    }
                    ("photo", [iv, id, sha]) => {
                        self.photos
                            .push(((*iv).to_owned(), (*id).to_owned(), (*sha).to_owned()));
                    }
                    ("done", [iv, pos]) => {
                        self.done.insert(((*iv).to_owned(), pos.parse().unwrap()));
                    }
                    _ => panic!("unknown report: {line}"),
                }
            }
            ["READY"] => {}
            _ => panic!("unknown line: {line}"),
        }
    }
}

fn exists(conn: &Connection, sql: &str, args: &[&dyn rusqlite::ToSql]) -> bool {
    conn.query_row(sql, args, |_| Ok(()))
        .optional()
        .unwrap()
        .is_some()
}

/// Every check after a kill.
fn check(root: &Path, ledger: &Ledger, round: usize, seed: u64) {
    let at = format!("round {round} (RPMA_KILL_SEED={seed})");
    let report = rpma_core::store::check::check_file(&root.join("rpma.db"));
    assert!(report.is_ok(), "{at}: {report:?}");
    assert!(
        matches!(report.audit, Some(Ok(n)) if n > 0),
        "{at}: audit {:?}",
        report.audit
    );
    let conn = Connection::open_with_flags(
        root.join("rpma.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    for id in &ledger.jobs {
        assert!(
            exists(
                &conn,
                "SELECT 1 FROM jobs WHERE id = ?1 AND deleted_at IS NULL",
                &[id]
            ),
            "{at}: job {id} lost"
        );
    }
    for id in &ledger.starts {
        assert!(
            exists(&conn, "SELECT 1 FROM interventions WHERE id = ?1", &[id]),
            "{at}: intervention {id} lost"
        );
    }
    for ((iv, pos), (last, announced)) in &ledger.steps {
        let Some(last) = last else { continue };
        let notes: String = conn
            .query_row(
                "SELECT notes FROM intervention_steps WHERE intervention_id = ?1 AND position = ?2",
                rusqlite::params![iv, *pos as i64],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            &notes == last || announced.contains(&notes),
            "{at}: step {iv}/{pos} holds {notes:?}, committed {last:?}"
        );
    }
    let photos = rpma_core::photos::PhotoStore::for_data_dir(root);
    for (iv, id, sha) in &ledger.photos {
        assert!(
            exists(
                &conn,
                "SELECT 1 FROM intervention_photos WHERE id = ?1 AND intervention_id = ?2 AND sha256 = ?3",
                &[id, iv, sha]
            ),
            "{at}: photo {id} lost"
        );
        let file = photos.original_path(sha, "image/png");
        let got =
            rpma_core::photos::file_sha256(&file).unwrap_or_else(|e| panic!("{at}: {file:?}: {e}"));
        assert_eq!(&got, sha, "{at}: photo file {file:?} damaged");
    }
    for (iv, pos) in &ledger.done {
        let status: String = conn
            .query_row(
                "SELECT status FROM intervention_steps WHERE intervention_id = ?1 AND position = ?2",
                rusqlite::params![iv, *pos as i64],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            status != "pending" && status != "in_progress",
            "{at}: step {iv}/{pos} completed but now {status}"
        );
    }
}

#[test]
fn sigkill_during_random_writes_loses_nothing_reported() {
    let seed = std::env::var("RPMA_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let iterations: usize = std::env::var("RPMA_KILL_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    eprintln!("kill test: seed {seed} (replay with RPMA_KILL_SEED={seed}), {iterations} kills");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let o = rpma()
        .arg("--data-dir")
        .arg(&root)
        .args(["bench", "generate", "--clients", "12", "--vehicles", "16"])
        .args(["--jobs", "12", "--seed", "5"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));

    let mut rng = Rng(seed | 1);
    let mut ledger = Ledger::default();
    let started = Instant::now();
    let (mut before_ready, mut finished) = (0, 0);
    for round in 0..iterations {
        let mut child = rpma()
            .arg("--data-dir")
            .arg(&root)
            .args(["test-writes", "--seed", &(seed ^ round as u64).to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        let reader = std::thread::Builder::new()
            .name("child-stdout".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        let mut lines = Vec::new();
        // One kill in ten lands anywhere from the start (opening the database, recovery after
        // the previous kill); the others while the writes run.
        if rng.below(10) == 0 {
            std::thread::sleep(Duration::from_millis(rng.below(120)));
            before_ready += 1;
        } else {
            let t = Instant::now();
            loop {
                match rx.recv_timeout(Duration::from_secs(60)) {
                    Ok(l) if l == "READY" => break,
                    Ok(l) => lines.push(l),
                    Err(_) => panic!("round {round}: the child never got ready"),
                }
                assert!(t.elapsed() < Duration::from_secs(60));
            }
            std::thread::sleep(Duration::from_millis(rng.below(250)));
        }
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.unwrap().join().unwrap();
        lines.extend(rx.try_iter());
        for l in &lines {
            ledger.read(l);
        }
        check(&root, &ledger, round, seed);
    }
    eprintln!(
        "kill test: {iterations} kills ({before_ready} before the writes began, {finished} exited \
         early) in {:.0} s; {} committed writes checked: {} jobs, {} interventions, {} step notes, \
         {} photos, {} completed steps",
        started.elapsed().as_secs_f64(),
        ledger.writes,
        ledger.jobs.len(),
        ledger.starts.len(),
        ledger.steps.len(),
        ledger.photos.len(),
        ledger.done.len()
    );
    assert_eq!(finished, 0, "the child stopped on its own: see its stderr");
    assert!(ledger.jobs.len() >= 20, "too few writes to mean anything");
    assert!(!ledger.photos.is_empty() && !ledger.starts.is_empty());
}
