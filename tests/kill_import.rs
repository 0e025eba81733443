//! Kill test for the watched import folder: a child process is killed (SIGKILL on Unix) between
//! storing a photo and attaching it, between attaching it and moving the file, and at random
//! moments while the real photo thread and database worker import files. After each kill the
//! database passes `integrity_check` and no picture is attached twice; after a last restart of
//! the real service, every file dropped is attached exactly once and sits once in `imported/`.
//!
//! The child is this same test binary, re-run with `RPMA_KILL_IMPORT_MODE` set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rpma::jobs::{JobClient, WorkerEnv};
use rpma_core::auth::password::PasswordPolicy;
use rpma_core::auth::permissions::Role;
use rpma_core::interventions::{self, FolderImport};
use rpma_core::jobs::{self, NewJob};
use rpma_core::photos::PhotoStore;
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};
use rpma_core::users::NewUser;
use rpma_core::{Lang, Store};

const MODE: &str = "RPMA_KILL_IMPORT_MODE";
const DIR: &str = "RPMA_KILL_IMPORT_DIR";
const FILE: &str = "RPMA_KILL_IMPORT_FILE";
const TEST_NAME: &str = "folder_imports_survive_sigkill_and_attach_each_photo_once";

fn say(what: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{what}").unwrap();
    out.flush().unwrap();
}

fn forever() -> ! {
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

/// The child: one step of the import by hand and then waits to be killed, or the real service.
fn child(mode: &str, dir: &Path) -> ! {
    let file = std::env::var(FILE).unwrap_or_default();
    let source = dir.join("import").join(&file);
    match mode {
        "store" => {
            PhotoStore::for_data_dir(dir).ingest_file(&source).unwrap();
            say("stored");
            forever()
        }
        "record" => {
            let stored = PhotoStore::for_data_dir(dir).ingest_file(&source).unwrap();
            let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
            let r = interventions::record_folder_import(&mut store, &file, &stored, &file);
            assert!(matches!(r, Ok(FolderImport::Recorded(_))), "{r:?}");
            say("recorded");
            forever()
        }
        _ => {
            let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
            let mut jobs = JobClient::spawn(
                store,
                WorkerEnv {
                    data_dir: Some(dir.to_owned()),
                    session: None,
                },
                || {},
            )
            .unwrap();
            say("running");
            loop {
                if let Some(p) = jobs.photos() {
                    p.poll_folder();
                }
                jobs.poll();
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

fn setup(dir: &Path) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let policy = PasswordPolicy::default();
    let mk = |name: &str, role: Role| NewUser {
        username: name.into(),
        email: format!("{name}@atelier.test"),
        display_name: name.into(),
        role: Some(role),
        password: "Kill-Test-Atelier-2026".into(),
        locale: Lang::Fr,
        must_change_password: false,
    };
    let (admin, tech) = store
        .write(None, |tx| {
            Ok((
                rpma_core::testing::insert_session(tx, &mk("admin", Role::Admin), &policy)?,
                rpma_core::testing::insert_session(tx, &mk("tech", Role::Technician), &policy)?,
            ))
        })
        .unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES ('c1', 'individual', 'Client', 0, 0);
             INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, size_class,
                 owner_id, created_at, updated_at)
                 VALUES ('v1', 'AB-123-CD', 'AB123CD', 'siv', 'Renault', 'Clio', 'small', 'c1', 0, 0);",
        )
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let job = jobs::create(
        &mut store,
        &admin,
        &NewJob {
            client_id: "c1".into(),
            vehicle_id: "v1".into(),
            zone_ids: vec!["hood".into()],
            scheduled_start: Some(now),
            scheduled_end: Some(now + 3_600_000),
            technician_id: Some(tech.id.clone()),
            ..NewJob::default()
        },
    )
    .unwrap();
    let iv = interventions::start(&mut store, &tech, &job.row.id).unwrap();
    interventions::watch_here(&mut store, &tech, &iv.id).unwrap();
}

fn jpeg(seed: u64) -> Vec<u8> {
    jpeg_with_exif(&FixtureSpec {
        width: 480,
        height: 360,
        seed,
        ..FixtureSpec::default()
    })
}

fn sha(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x");
    std::fs::write(&p, bytes).unwrap();
    rpma_core::photos::file_sha256(&p).unwrap()
}

/// Attachments per content hash.
fn attachments(dir: &Path) -> HashMap<String, i64> {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut st = store
        .conn()
        .prepare(
            "SELECT sha256, count(*) FROM intervention_photos WHERE deleted_at IS NULL
             GROUP BY sha256",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn images_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "jpg"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Runs the child in `mode` on `file`, waits for its line `ready`, lets it run `extra`, kills it.
fn run_and_kill(dir: &Path, mode: &str, file: &str, ready: &str, extra: Duration) {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(&exe)
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(MODE, mode)
        .env(DIR, dir)
        .env(FILE, file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::Builder::new()
        .name("kill-import-reader".into())
        .spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                tx.send(line).ok();
            }
        })
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            // libtest prints "test NAME ... " before the test runs, on the same line.
            Ok(l) if l.trim().ends_with(ready) => break,
            Ok(_) => {}
            Err(_) => panic!("{mode}: the child never said {ready}"),
        }
    }
    let started = Instant::now();
    while started.elapsed() < extra {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
}

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
fn folder_imports_survive_sigkill_and_attach_each_photo_once() {
    if let (Ok(mode), Ok(dir)) = (std::env::var(MODE), std::env::var(DIR)) {
        child(&mode, Path::new(&dir));
    }
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let inbox = dir.path().join("import");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut dropped: Vec<(String, Vec<u8>)> = Vec::new();
    let put = |name: &str, seed: u64, dropped: &mut Vec<(String, Vec<u8>)>| {
        let bytes = jpeg(seed);
        std::fs::write(inbox.join(name), &bytes).unwrap();
        dropped.push((name.to_owned(), bytes));
    };

    // Killed after the photo store, before the database: stored, not attached, still waiting.
    put("A.jpg", 1, &mut dropped);
    run_and_kill(dir.path(), "store", "A.jpg", "stored", Duration::ZERO);
    assert!(PhotoStore::for_data_dir(dir.path()).exists(&sha(&jpeg(1)), "image/jpeg"));
    assert!(attachments(dir.path()).is_empty());
    assert!(inbox.join("A.jpg").exists());

    // Killed after the database, before the move: attached once, the file still in the folder.
    put("B.jpg", 2, &mut dropped);
    run_and_kill(dir.path(), "record", "B.jpg", "recorded", Duration::ZERO);
    assert_eq!(attachments(dir.path()).get(&sha(&jpeg(2))), Some(&1));
    assert!(inbox.join("B.jpg").exists());

    // The real service, killed at random moments while new files keep arriving.
    let mut rng = Lcg(0x1dea_u64 ^ u64::from(std::process::id()));
    for round in 0..8_u64 {
        put(&format!("C{round}.jpg"), 10 + 2 * round, &mut dropped);
        put(&format!("D{round}.jpg"), 11 + 2 * round, &mut dropped);
        let extra = Duration::from_millis(rng.next() % 2500);
        run_and_kill(dir.path(), "service", "", "running", extra);
        let now = attachments(dir.path());
        assert!(
            now.values().all(|n| *n == 1),
            "round {round}: a picture attached twice: {now:?}"
        );
    }

    // Restarted for good: the unfinished files are finished, once each.
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let mut jobs = JobClient::spawn(
        store,
        WorkerEnv {
            data_dir: Some(dir.path().to_owned()),
            session: None,
        },
        || {},
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !images_in(&inbox).is_empty() {
        if let Some(p) = jobs.photos() {
            p.poll_folder();
        }
        jobs.poll();
        assert!(
            Instant::now() < deadline,
            "files never taken: {:?}",
            images_in(&inbox)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(jobs);

    let now = attachments(dir.path());
    for (name, bytes) in &dropped {
        assert_eq!(now.get(&sha(bytes)), Some(&1), "{name}: {now:?}");
    }
    assert_eq!(now.len(), dropped.len());
    // Each file once in imported/, none overwritten nor doubled.
    let imported = images_in(&inbox.join("imported"));
    assert_eq!(imported.len(), dropped.len(), "{imported:?}");
    let mut contents: Vec<String> = imported
        .iter()
        .map(|p| rpma_core::photos::file_sha256(p).unwrap())
        .collect();
    contents.sort();
    contents.dedup();
    assert_eq!(contents.len(), dropped.len());
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let unmoved: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM photo_imports WHERE moved_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unmoved, 0);
}
