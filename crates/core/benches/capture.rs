//! What change capture costs on writes: the same work with the capture triggers and with them
//! dropped, on a file database with the app's pragmas (WAL, synchronous FULL). Run:
//! `cargo bench -p rpma-core --bench capture`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_precision_loss
)]

use std::time::{Duration, Instant};

use rpma_core::Store;
use rpma_core::auth::permissions::Role;
use rpma_core::clients::{self, ClientInput};
use rpma_core::users::NewUser;
use rpma_demo as demo;
use rpma_demo::generate::ShopSize;

/// Drops this connection's capture triggers: the store then writes as before capture existed.
fn without_capture(s: &Store) {
    let names: Vec<String> = s
        .conn()
        .prepare(
            "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'sync_%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for n in names {
        s.conn()
            .execute_batch(&format!("DROP TRIGGER temp.{n}"))
            .unwrap();
    }
}

fn fresh(
    capture: bool,
    with_admin: bool,
) -> (tempfile::TempDir, Store, Option<rpma_core::Session>) {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    if !capture {
        without_capture(&s);
    }
    let admin = with_admin.then(|| {
        s.write(None, |tx| {
            rpma_core::testing::insert_user(
                tx,
                &NewUser {
                    username: "admin".into(),
                    display_name: "Admin".into(),
                    role: Some(Role::Admin),
                    password: "Admin-Atelier-2026".into(),
                    ..NewUser::default()
                },
                &rpma_core::auth::password::PasswordPolicy::default(),
            )
        })
        .map(rpma_core::Session::for_tests)
        .unwrap()
    });
    (dir, s, admin)
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

type Step<'a> = &'a mut dyn FnMut(&mut Store, Option<&rpma_core::Session>);

/// Runs `setup` then times `work` on fresh stores, with and without capture, alternating;
/// prints both medians.
fn compare(
    name: &str,
    runs: usize,
    rows: usize,
    with_admin: bool,
    setup: Step<'_>,
    work: Step<'_>,
) {
    let mut on = Vec::new();
    let mut off = Vec::new();
    let mut logged = 0i64;
    for _ in 0..runs {
        for capture in [true, false] {
            let (_dir, mut s, admin) = fresh(capture, with_admin);
            setup(&mut s, admin.as_ref());
            let before: i64 = s
                .conn()
                .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
                .unwrap();
            let t = Instant::now();
            work(&mut s, admin.as_ref());
            let took = t.elapsed();
            if capture {
                on.push(took);
                let after: i64 = s
                    .conn()
                    .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
                    .unwrap();
                logged = after - before;
            } else {
                off.push(took);
            }
        }
    }
    let (a, b) = (median(on), median(off));
    println!(
        "{name:<54} capture {a:>8.1} ms  without {b:>8.1} ms  {:>+6.1} %  {:>+7.2} µs/row  ({logged} log rows, {runs} runs)",
        (a / b - 1.0) * 100.0,
        (a - b) * 1000.0 / rows as f64,
    );
}

fn insert_clients(s: &mut Store, n: usize) {
    s.write(None, |tx| {
        let mut st = tx.conn().prepare(
            "INSERT INTO clients (id, kind, name, email, phone, city, created_at, updated_at)
             VALUES (?1, 'individual', ?2, ?3, '+33612345678', 'Lyon', 0, 0)",
        )?;
        for i in 0..n {
            st.execute(rusqlite::params![
                rpma_core::ids::new_id(),
                format!("Client {i}"),
                format!("c{i}@exemple.fr")
            ])?;
        }
        Ok(())
    })
    .unwrap();
}

fn main() {
    println!("rpma-core capture bench (release, one thread, file database)");
    compare(
        "bulk insert: 10,000 clients in one transaction",
        5,
        10_000,
        false,
        &mut |_, _| {},
        &mut |s, _| insert_clients(s, 10_000),
    );
    compare(
        "bulk update: 10,000 clients, one column",
        5,
        10_000,
        false,
        &mut |s, _| insert_clients(s, 10_000),
        &mut |s, _| {
            s.write(None, |tx| {
                tx.conn()
                    .execute("UPDATE clients SET city = 'Paris', updated_at = 1", [])?;
                Ok(())
            })
            .unwrap();
        },
    );
    compare(
        "bulk delete: 10,000 clients",
        5,
        10_000,
        false,
        &mut |s, _| insert_clients(s, 10_000),
        &mut |s, _| {
            s.write(None, |tx| {
                tx.conn().execute("DELETE FROM clients", [])?;
                Ok(())
            })
            .unwrap();
        },
    );
    compare(
        "1,000 one-row updates, each statement prepared anew",
        5,
        1_000,
        false,
        &mut |s, _| insert_clients(s, 1_000),
        &mut |s, _| {
            let ids: Vec<String> = s
                .conn()
                .prepare("SELECT id FROM clients")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            s.write(None, |tx| {
                for (i, id) in ids.iter().enumerate() {
                    // `execute` prepares the statement (and its triggers) every time, as the
                    // services do.
                    tx.conn().execute(
                        "UPDATE clients SET city = ?2, updated_at = ?3 WHERE id = ?1",
                        rusqlite::params![id, format!("Ville {i}"), i64::try_from(i).unwrap_or(0)],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        },
    );
    compare(
        "use cases: 300 clients::create, one transaction each",
        5,
        300,
        true,
        &mut |_, _| {},
        &mut |s, admin| {
            let admin = admin.unwrap();
            for i in 0..300 {
                clients::create(
                    s,
                    admin,
                    &ClientInput {
                        name: format!("Client {i}"),
                        email: format!("c{i}@exemple.fr"),
                        city: "Lyon".into(),
                        ..ClientInput::default()
                    },
                )
                .unwrap();
            }
        },
    );
    compare(
        "demo shop (300 clients, 1,500 jobs, interventions)",
        3,
        1,
        false,
        &mut |_, _| {},
        &mut |s, _| {
            // The photos go to the store's own data folder (attaching needs the files).
            let dir = s
                .path()
                .and_then(std::path::Path::parent)
                .map(ToOwned::to_owned);
            demo::populate_with_interventions(
                s,
                demo::DEFAULT_SEED,
                &ShopSize::DEMO,
                dir.as_deref(),
            )
            .unwrap();
        },
    );
    // What the log weighs on the demo shop.
    let (dir, mut d, _) = fresh(true, false);
    demo::populate_with_interventions(
        &mut d,
        demo::DEFAULT_SEED,
        &ShopSize::DEMO,
        Some(dir.path()),
    )
    .unwrap();
    let (rows, bytes): (i64, i64) = d
        .conn()
        .query_row(
            "SELECT count(*), sum(length(table_name) + length(row_key) + length(op)
                 + coalesce(length(data), 0) + 8 + length(terminal_id)
                 + coalesce(length(user_id), 0) + coalesce(length(tx_id), 0))
             FROM change_log",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let pages: i64 = d
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    println!(
        "demo shop change_log: {rows} rows, {:.1} MB of row data ({:.0} bytes/row); database {:.1} MB",
        bytes as f64 / 1e6,
        bytes as f64 / rows as f64,
        pages as f64 * 4096.0 / 1e6
    );
}
