//! Issue 4's figures on a large shop (50,000 clients, 60,000 vehicles, 100,000 jobs): instant
//! search per keystroke, the jobs list's pages, the calendar's month range, and opening a client
//! with 200 jobs. Run: `cargo bench -p rpma-core --bench planning`. The generated database is
//! kept in `$RPMA_BENCH_DB` (default `/var/tmp/rpma-bench-100k.db`) and reused by later runs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rpma_core::Session;
use rpma_core::jobs::{self, CalendarFilter, JobFilter, JobSort};
use rpma_core::{Store, clients, search, vehicles};
use rpma_demo as demo;
use rpma_demo::generate::ShopSize;

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p95 = times[((times.len() as f64) * 0.95).ceil() as usize - 1];
    let max = times[times.len() - 1];
    println!(
        "{name:<52} median {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   ({} runs)",
        ms(median),
        ms(p95),
        ms(max),
        times.len()
    );
}

fn measure(name: &str, runs: usize, mut f: impl FnMut()) {
    f();
    let times = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    report(name, times);
}

fn main() {
    let path = std::env::var_os("RPMA_BENCH_DB").map_or_else(
        || PathBuf::from("/var/tmp/rpma-bench-100k.db"),
        PathBuf::from,
    );
    let fresh = !path.exists();
    if fresh {
        let t = Instant::now();
        let (mut s, _) = Store::open(&path).unwrap();
        let sum = demo::populate_sized(&mut s, demo::DEFAULT_SEED, &ShopSize::BENCH).unwrap();
        println!(
            "generated {} clients, {} vehicles, {} jobs in {:.1} s",
            sum.planning.clients,
            sum.planning.vehicles,
            sum.planning.jobs,
            t.elapsed().as_secs_f64()
        );
    }
    let (mut store, _) = Store::open(&path).unwrap();
    let now = store.now_ms();
    let admin: Session = rpma_core::testing::session_named(&store, "admin");
    let tech: Session = rpma_core::testing::session_named(&store, "karim");
    let counts: (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM vehicles),
                    (SELECT count(*) FROM jobs)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    println!(
        "database {}: {} clients, {} vehicles, {} jobs",
        path.display(),
        counts.0,
        counts.1,
        counts.2
    );

    // Diagnosis: `RPMA_BENCH_SQL="SELECT …"` prints that statement's plan and timings.
    if let Some(sql) = std::env::var_os("RPMA_BENCH_SQL") {
        let sql = sql.to_string_lossy().replace("$NOW", &now.to_string());
        let mut st = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let plan: Vec<String> = st
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        println!("plan: {plan:#?}");
        let mut st = store.conn().prepare(&sql).unwrap();
        for _ in 0..3 {
            let t = Instant::now();
            let n = st.query_map([], |_| Ok(())).unwrap().count();
            println!("  {n} rows in {:.2} ms", t.elapsed().as_secs_f64() * 1000.0);
        }
        if std::env::var_os("RPMA_BENCH_SQL_ONLY").is_some() {
            return;
        }
    }
    // Search: every keystroke of realistic queries (what Ctrl+K sends as the user types).
    let plate: String = store
        .conn()
        .query_row(
            "SELECT plate_key FROM vehicles LIMIT 1 OFFSET 30000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let number: String = store
        .conn()
        .query_row("SELECT number FROM jobs LIMIT 1 OFFSET 70000", [], |r| {
            r.get(0)
        })
        .unwrap();
    let words = [
        "martin".to_owned(),
        "lefevre".to_owned(),
        "garage du parc".to_owned(),
        plate.clone(),
        number.replace('-', ""),
        "tesla model".to_owned(),
        "0612".to_owned(),
        "VF3".to_owned(),
    ];
    for (who, actor) in [("admin", &admin), ("technician", &tech)] {
        let mut times = Vec::new();
        for w in &words {
            for end in 1..=w.chars().count() {
                let q: String = w.chars().take(end).collect();
                let t = Instant::now();
                let r = search::search(store.conn(), actor, &q, 6).unwrap();
                let took = t.elapsed();
                if std::env::var_os("RPMA_BENCH_VERBOSE").is_some() {
                    println!("  {who} {q:<20} {:>7.2} ms", took.as_secs_f64() * 1000.0);
                }
                times.push(took);
                std::hint::black_box(r);
            }
        }
        report(
            &format!("search per keystroke ({who}, {} queries)", times.len()),
            times,
        );
    }
    if std::env::var_os("RPMA_BENCH_SEARCH_ONLY").is_some() {
        return;
    }
    let r = search::search(store.conn(), &admin, &plate[..5], 6).unwrap();
    assert!(!r.vehicles.is_empty(), "partial plate found");

    // Jobs list: the first page, a page deep down, and the count (what the list asks per page).
    let filter = JobFilter {
        limit: 200,
        ..JobFilter::default()
    };
    measure("jobs list: first page of 200 + count", 30, || {
        std::hint::black_box(jobs::list(store.conn(), &admin, &filter, now).unwrap());
        std::hint::black_box(jobs::count(store.conn(), &admin, &filter, now).unwrap());
    });
    let deep = JobFilter {
        offset: 50_000,
        limit: 200,
        ..JobFilter::default()
    };
    measure("jobs list: page of 200 at offset 50,000", 30, || {
        std::hint::black_box(jobs::list(store.conn(), &admin, &deep, now).unwrap());
    });
    let by_client = JobFilter {
        sort: JobSort::Client,
        limit: 200,
        ..JobFilter::default()
    };
    measure("jobs list: first page sorted by client", 10, || {
        std::hint::black_box(jobs::list(store.conn(), &admin, &by_client, now).unwrap());
    });
    let month_start = now - 15 * 86_400_000;
    let month_end = now + 16 * 86_400_000;
    measure("calendar: one month (visible range)", 30, || {
        std::hint::black_box(
            jobs::calendar(
                store.conn(),
                &admin,
                month_start,
                month_end,
                &CalendarFilter::default(),
                now,
            )
            .unwrap(),
        );
    });
    // A head office's data (jobs tagged with their shop, migration 16): one shop's month.
    let shop: Option<String> = store
        .conn()
        .query_row(
            "SELECT shop_id FROM jobs WHERE shop_id IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    match shop {
        Some(shop) => {
            let one = CalendarFilter {
                shop: Some(shop),
                ..CalendarFilter::default()
            };
            measure("calendar: one shop's month (head office)", 30, || {
                std::hint::black_box(
                    jobs::calendar(store.conn(), &admin, month_start, month_end, &one, now)
                        .unwrap(),
                );
            });
        }
        None => println!("calendar: one shop's month: skipped (no job tagged with its shop)"),
    }
    let week_end = now + 7 * 86_400_000;
    measure("calendar: one week", 30, || {
        std::hint::black_box(
            jobs::calendar(
                store.conn(),
                &admin,
                now,
                week_end,
                &CalendarFilter::default(),
                now,
            )
            .unwrap(),
        );
    });

    // A client with 200 jobs: give one client 200 of the generated jobs (kept across runs).
    let client_id: rpma_core::ids::ClientId = store
        .conn()
        .query_row("SELECT id FROM clients LIMIT 1 OFFSET 12345", [], |r| {
            r.get(0)
        })
        .unwrap();
    let vehicle_id: String = store
        .conn()
        .query_row(
            "SELECT id FROM vehicles WHERE owner_id = ?1 LIMIT 1",
            [&client_id],
            |r| r.get(0),
        )
        .unwrap();
    store
        .write(None, |tx| {
            tx.conn().execute(
                "UPDATE jobs SET client_id = ?1, vehicle_id = ?2
                 WHERE rid IN (SELECT rid FROM jobs WHERE client_id <> ?1 LIMIT
                    max(0, 200 - (SELECT count(*) FROM jobs WHERE client_id = ?1)))",
                rusqlite::params![client_id, vehicle_id],
            )?;
            Ok(())
        })
        .unwrap();
    measure(
        "open a client with 200 jobs (everything its page shows)",
        30,
        || {
            let c = clients::get(store.conn(), &client_id).unwrap().unwrap();
            let t = clients::totals(store.conn(), &client_id).unwrap();
            let v = vehicles::list(
                store.conn(),
                &vehicles::VehicleFilter {
                    owner_id: Some(client_id.clone()),
                    ..Default::default()
                },
            )
            .unwrap();
            let j = jobs::for_client(store.conn(), &admin, &client_id, 500, now).unwrap();
            assert_eq!(j.len(), 200);
            std::hint::black_box((c, t, v, j));
        },
    );
    measure(
        "clients list: first page of 200 by name + count",
        30,
        || {
            let f = clients::ClientFilter {
                limit: 200,
                ..Default::default()
            };
            std::hint::black_box(clients::list(store.conn(), &f).unwrap());
            std::hint::black_box(clients::count(store.conn(), &f).unwrap());
        },
    );
}
