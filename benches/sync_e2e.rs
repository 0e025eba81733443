//! A save in the app on one terminal, seen in another terminal's database (issue 16: < 2 s),
//! end to end through the real apps: terminal A is the app signed in as the admin, terminal B
//! the app on its sign-in screen, each with its own data folder and its real sync threads
//! (status reads every 0.5 s, a send 1 s after a save, LISTEN/NOTIFY), both on one hub on
//! `RPMA_TEST_PG_URL`. Each repetition creates a client through A's form ("Nouveau client",
//! name, "Enregistrer") and times, from the click, when the client is in A's hub push (A has
//! nothing pending) and when it is in B's database (read every 5 ms).
//!
//! Run: `RPMA_TEST_PG_URL=postgres://… cargo bench --bench sync_e2e` (`RPMA_E2E_RUNS`, default 20).
//! Without `RPMA_TEST_PG_URL` it says what it skipped (and fails under `CI`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use rpma_core::{Store, sync};
use rpma_demo as demo;

use common::pg::Hub;
use common::{click, labels, login, set_field, shows};

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = times[((n as f64) * 0.95).ceil() as usize - 1];
    println!(
        "{name:<44} min {:>7.1} ms   median {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms   ({n} runs)",
        ms(times[0]),
        ms(times[n / 2]),
        ms(p95),
        ms(times[n - 1]),
    );
}

fn main() {
    let Some(hub) = Hub::new("bench_sync_e2e") else {
        return;
    };
    let runs: usize = std::env::var("RPMA_E2E_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let a_dir = tempfile::tempdir().unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let code = {
        let (mut a, _) = Store::open(&a_dir.path().join("rpma.db")).unwrap();
        demo::populate(&mut a, demo::DEFAULT_SEED).unwrap();
        sync::init_server(&hub.url, &mut a, "comptoir")
            .unwrap()
            .encode()
    };
    {
        let (mut b, _) = Store::open(&b_dir.path().join("rpma.db")).unwrap();
        sync::join(&hub.url, &code, "Baie 1", &mut b).unwrap();
    }
    let mut a = common::app(a_dir.path(), false);
    login(&mut a, "admin", "Demo-Admin-2026");
    assert!(a.state().user().is_some(), "not signed in: {}", labels(&a));
    let mut b = common::app(b_dir.path(), false);
    let (b_store, _) = Store::open(&b_dir.path().join("rpma.db")).unwrap();
    let (a_store, _) = Store::open(&a_dir.path().join("rpma.db")).unwrap();
    // Both apps' first rounds, and B listening, before the first save.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5)
        || sync::status(&b_store).unwrap().last_sync.is_none()
    {
        a.step();
        b.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    click(&mut a, "   Clients");
    let (mut pushed, mut arrived) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let name = format!("Banc Synchro {i:03}");
        click(&mut a, "Nouveau client");
        set_field(&mut a, "Nom et prénom", &name);
        let t0 = Instant::now();
        click(&mut a, "Enregistrer");
        let mut sent = None;
        loop {
            a.step();
            b.step();
            if sent.is_none() && sync::status(&a_store).unwrap().pending == 0 {
                sent = Some(t0.elapsed());
            }
            let n: i64 = b_store
                .conn()
                .query_row(
                    "SELECT count(*) FROM clients WHERE name = ?1",
                    [&name],
                    |r| r.get(0),
                )
                .unwrap();
            if n == 1 {
                arrived.push(t0.elapsed());
                pushed.push(sent.unwrap_or_else(|| t0.elapsed()));
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "{name} never arrived: {}",
                labels(&a)
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(shows(&a, &name), "{}", labels(&a));
        click(&mut a, "Retour");
        // A pause between saves, as between two people's saves, so rounds do not merge.
        let pause = Instant::now();
        while pause.elapsed() < Duration::from_millis(1500) {
            a.step();
            b.step();
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    report("save on A → sent to the hub (A: 0 pending)", pushed);
    report("save on A → in B's database", arrived);
}
