//! Issue 16's "a change made on one terminal visible on another online terminal < 2 s", on
//! loopback against the PostgreSQL of `RPMA_TEST_PG_URL` (a superuser URL; `.ci/run` sets one
//! up): two data folders of one shop (the demo shop on A, B joined from an empty folder), B
//! online the way the app keeps it — a thread listening to the shop's channel
//! ([`sync::listen::Listener`], the app's listening thread) that runs [`sync::sync_once`] (the
//! app's round) as soon as another terminal pushed. Each repetition saves a client on A
//! (`clients::create`), runs A's round (the push, which NOTIFYs), and polls B's database file
//! through a connection of its own every millisecond until the client is there.
//! Run: `cargo bench -p rpma-core --bench sync_latency` (REPS, default 20).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rpma_core::clients::{self, ClientInput};
use rpma_core::{Store, sync};
use rpma_demo as demo;

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = times[((times.len() as f64) * 0.95).ceil() as usize - 1];
    println!(
        "{name:<44} min {:>7.1} ms   median {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms   ({} runs)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(p95),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn main() {
    let Ok(admin_url) = std::env::var("RPMA_TEST_PG_URL") else {
        println!("RPMA_TEST_PG_URL is not set: nothing measured");
        return;
    };
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let db = format!("rpma_bench_latency_{}", std::process::id());
    let mut pg = postgres::Client::connect(&admin_url, postgres::NoTls).unwrap();
    pg.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .unwrap();
    pg.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let base = admin_url
        .split('?')
        .next()
        .unwrap()
        .rsplit_once('/')
        .unwrap()
        .0;
    let url = format!("{base}/{db}");

    let dir = tempfile::tempdir().unwrap();
    let (a_db, b_db) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let (mut a, _) = Store::open(&a_db).unwrap();
    demo::populate(&mut a, demo::DEFAULT_SEED).unwrap();
    let code = sync::init_server(&url, &mut a, "A").unwrap().encode();
    {
        let (mut b, _) = Store::open(&b_db).unwrap();
        sync::join(&url, &code, "B", &mut b).unwrap();
    }
    let admin = rpma_core::testing::session_named(&a, "admin");

    // B online: the listening thread runs a round whenever another terminal pushed.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let b_path = b_db.clone();
    let b_thread = std::thread::Builder::new()
        .name("b-online".into())
        .spawn(move || {
            let (mut b, _) = Store::open(&b_path).unwrap();
            let creds = sync::listen::Credentials::of(&b).unwrap().unwrap();
            let mut l = sync::listen::Listener::start(&creds).unwrap();
            while !flag.load(Ordering::Relaxed) {
                if l.wait(Duration::from_millis(200)).unwrap() {
                    sync::sync_once(&mut b).unwrap();
                }
            }
        })
        .unwrap();
    // Let the listener connect.
    std::thread::sleep(Duration::from_secs(1));
    let watch = rpma_core::store::open_read_only(&b_db).unwrap();
    let mut visible = Vec::new();
    let mut pushes = Vec::new();
    for i in 0..reps {
        let name = format!("Latence {i}");
        let t0 = Instant::now();
        clients::create(
            &mut a,
            &admin,
            &ClientInput {
                name: name.clone(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        let r = sync::sync_once(&mut a).unwrap();
        assert!(r.pushed > 0);
        pushes.push(t0.elapsed());
        loop {
            let n: i64 = watch
                .query_row(
                    "SELECT count(*) FROM clients WHERE name = ?1",
                    [&name],
                    |r| r.get(0),
                )
                .unwrap();
            if n > 0 {
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "{name} never arrived"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        visible.push(t0.elapsed());
        std::thread::sleep(Duration::from_millis(300));
    }
    stop.store(true, Ordering::Relaxed);
    b_thread.join().unwrap();
    println!("rpma-core sync latency bench (PostgreSQL on loopback, {reps} repetitions)");
    report("save on A + A's round (push, NOTIFY)", pushes);
    report("save on A → visible in B's database", visible);
    // The hub's roles are the cluster's: dropped with the database.
    let roles: Vec<String> = {
        let mut hub = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        hub.query(
            "SELECT role FROM rpma_hub.terminals UNION ALL SELECT join_role FROM rpma_hub.shops",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    };
    pg.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .unwrap();
    for r in roles {
        pg.batch_execute(&format!("DROP ROLE IF EXISTS \"{r}\""))
            .unwrap();
    }
}
