//! Speed of the core operations users feel. Run: `cargo bench -p rpma-core --bench core`.
//! Prints median and p95 over repeated runs (single thread, so "on one core").

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

use rpma_core::Store;
use rpma_core::auth::{login, password};
use rpma_core::store::check;
use rpma_demo as demo;

fn measure(name: &str, runs: usize, mut f: impl FnMut()) {
    f(); // warm-up
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p95 = times[((times.len() as f64) * 0.95) as usize - 1];
    println!(
        "{name:<48} median {:>8.2} ms   p95 {:>8.2} ms   ({runs} runs)",
        ms(median),
        ms(p95)
    );
}

fn main() {
    println!("rpma-core bench (release, one thread)");
    let hash = password::hash_secret("Demo-Admin-2026").unwrap();
    measure("Argon2id hash (m=19 MiB, t=2, p=1)", 20, || {
        password::hash_secret("Demo-Admin-2026").unwrap();
    });
    measure("Argon2id verify", 20, || {
        assert!(password::verify_secret("Demo-Admin-2026", &hash));
    });

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rpma.db");
    {
        let (mut s, _) = Store::open(&db).unwrap();
        demo::populate(&mut s, demo::DEFAULT_SEED).unwrap();
    }
    let (mut store, _) = Store::open(&db).unwrap();
    measure(
        "login (lockout check + verify + audit, file db)",
        20,
        || {
            let out = login::login(&mut store, "admin", "Demo-Admin-2026").unwrap();
            assert!(matches!(out, login::LoginOutcome::SignedIn(_)));
        },
    );
    drop(store);
    measure("Store::open (pragmas + schema check, demo db)", 50, || {
        let (s, _) = Store::open(&db).unwrap();
        drop(s);
    });
    measure(
        "db check (integrity, fks, audit chain, demo db)",
        20,
        || {
            let r = check::check_file(&db);
            assert!(r.is_ok());
        },
    );
}
