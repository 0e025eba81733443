//! Kill test for the guided intervention's step data: a child process autosaves a step as the
//! screen does while a technician types and ticks (notes, checklist, readings, zone records,
//! defects), and is killed (SIGKILL on Unix) at random moments, again and again. After every kill
//! the database passes `integrity_check`, the intervention still loads, and every acknowledged
//! save is present (the one in flight may or may not be).
//!
//! The child is this same test binary, re-run with `RPMA_KILL_STEP_DB` set.

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

use rpma_core::Session;
use rpma_core::auth::password::PasswordPolicy;
use rpma_core::auth::permissions::Role;
use rpma_core::interventions::{self, DefectInput, DefectKind, StepEdit};
use rpma_core::jobs::{self, NewJob};
use rpma_core::users::NewUser;
use rpma_core::{Lang, Store};

const CHILD_DB: &str = "RPMA_KILL_STEP_DB";
const CHILD_IV: &str = "RPMA_KILL_STEP_IV";
const TEST_NAME: &str = "step_data_survives_sigkill_at_random_moments";

fn tech(store: &Store) -> Session {
    rpma_core::testing::session_with_role(store, Role::Technician)
}

/// The writer: save N puts `seq N` in the notes, ticks items by N's bits, records N as the
/// hood's length and every 10th save places a defect; prints `ack N` once committed.
fn child(db: &str, iv: &str) -> ! {
    let (mut store, _) = Store::open(std::path::Path::new(db)).unwrap();
    let actor = tech(&store);
    let cur = interventions::get(store.conn(), &actor, iv).unwrap();
    let start = cur.steps[0]
        .notes
        .strip_prefix("seq ")
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0);
    let items: Vec<String> = cur.template.steps[0]
        .checklist
        .iter()
        .map(|c| c.id.clone())
        .collect();
    // A save killed between its step data and its defect is finished first, as the screen
    // retries what it did not see acknowledged.
    if start > 0 && start.is_multiple_of(10) && (cur.defects.len() as u64) < start / 10 {
        add(&mut store, &actor, iv, start);
    }
    let mut out = std::io::stdout().lock();
    for seq in start + 1.. {
        let mut edit = StepEdit {
            notes: format!(
                "seq {seq} {}",
                "é".repeat(usize::try_from(seq % 300).unwrap_or(0))
            ),
            ..StepEdit::default()
        };
        for (i, id) in items.iter().enumerate() {
            edit.checklist.insert(id.clone(), (seq >> i) & 1 == 1);
        }
        edit.data.temperature_c = Some(15.0 + (seq % 10) as f64);
        edit.data.humidity_pct = Some(40.0 + (seq % 20) as f64);
        interventions::save_step(&mut store, &actor, iv, 0, &edit).unwrap();
        if seq.is_multiple_of(10) {
            add(&mut store, &actor, iv, seq);
        }
        writeln!(out, "ack {seq}").unwrap();
        out.flush().unwrap();
    }
    unreachable!()
}

fn add(store: &mut Store, actor: &Session, iv: &str, seq: u64) {
    interventions::add_defect(
        store,
        actor,
        iv,
        &DefectInput {
            zone: "hood".into(),
            x: 0.5,
            y: 0.2,
            kind: DefectKind::Chip,
            severity: 1,
            note: format!("defect {seq}"),
            photo_id: None,
        },
    )
    .unwrap();
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

fn setup(db: &std::path::Path) -> String {
    let (mut store, _) = Store::open(db).unwrap();
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
    iv.id.into_string()
}

#[test]
fn step_data_survives_sigkill_at_random_moments() {
    if let (Ok(db), Ok(iv)) = (std::env::var(CHILD_DB), std::env::var(CHILD_IV)) {
        child(&db, &iv);
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rpma.db");
    let iv = setup(&db);
    let exe = std::env::current_exe().unwrap();
    let mut rng = Lcg(0xfeed_u64 ^ u64::from(std::process::id()));
    let mut last_total = 0;
    for round in 0..12 {
        let mut child = Command::new(&exe)
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_DB, &db)
            .env(CHILD_IV, &iv)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<u64>();
        let reader = std::thread::Builder::new()
            .name("kill-step-reader".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if let Some(n) = line.strip_prefix("ack ") {
                        tx.send(n.trim().parse().unwrap()).ok();
                    }
                }
            })
            .unwrap();
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("round {round}: the writer never acknowledged a save"));
        let run_for = Duration::from_millis(5 + rng.next() % 300);
        let started = Instant::now();
        while started.elapsed() < run_for {
            std::thread::yield_now();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let last_ack = rx.try_iter().last().unwrap_or(first);
        last_total = last_ack;

        let (store, _) = Store::open(&db).unwrap();
        let check: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        let actor = tech(&store);
        let loaded = interventions::get(store.conn(), &actor, &iv)
            .unwrap_or_else(|e| panic!("round {round}: the intervention no longer loads: {e}"));
        let step = &loaded.steps[0];
        let seq: u64 = step
            .notes
            .strip_prefix("seq ")
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("round {round}: notes lost: {:?}", step.notes));
        assert!(
            seq == last_ack || seq == last_ack + 1,
            "round {round}: saved {seq}, last acknowledged {last_ack}"
        );
        // The whole save is there, not a part of it.
        for (i, item) in loaded.template.steps[0].checklist.iter().enumerate() {
            assert_eq!(
                step.checklist.get(&item.id).copied().unwrap_or(false),
                (seq >> i) & 1 == 1,
                "round {round}: tick {} of save {seq}",
                item.id
            );
        }
        assert_eq!(step.data.temperature_c, Some(15.0 + (seq % 10) as f64));
        let defects = u64::try_from(loaded.defects.len()).unwrap();
        // Every acknowledged defect is there; the save in flight may have stopped between its
        // step data and its defect.
        assert!(
            defects >= last_ack / 10 && (defects == seq / 10 || defects == (seq - 1) / 10),
            "round {round}: {defects} defects after save {seq} (acknowledged {last_ack})"
        );
    }
    assert!(last_total > 12, "the writer barely wrote: {last_total}");
}
