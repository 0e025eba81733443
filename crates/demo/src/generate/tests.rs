//! Tests of the shop generator: a consistent shop, the same shop for the same seed.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use rpma_core::Store;
use rpma_core::auth::permissions::Role;
use rpma_core::i18n::Lang;
use rpma_core::jobs::status::{JobStatus, can_transition};
use rpma_core::seed::Seeder;
use rpma_core::users::NewUser;

use super::*;

/// 2 March 2026, 09:00 in Paris: the tests' reference time.
const T0: i64 = 1_772_442_000_000;

fn account(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        email: String::new(),
        display_name: username.into(),
        role: Some(role),
        password: "Tech-Atelier-2026".into(),
        locale: Lang::Fr,
        must_change_password: false,
    }
}

/// A new shop seeded with a technician (and a supervisor who also takes jobs when `two`), then
/// `size` generated from `seed` with `bays`.
fn seeded(seed: u64, size: &ShopSize, two: bool, bays: &[String]) -> (Store, Generated) {
    let mut store = Store::open_in_memory().unwrap();
    let g = Seeder::new_shop(&mut store)
        .unwrap()
        .write(|tx| {
            let tech = tx.create_account(&account("tech", Role::Technician), None)?;
            let sup = tx.create_account(&account("chef", Role::Supervisor), None)?;
            let techs = if two {
                vec![tech.id, sup.id]
            } else {
                vec![tech.id]
            };
            shop(
                tx,
                seed,
                size,
                &techs,
                bays,
                None,
                T0,
                rpma_core::format::DEFAULT_TZ,
            )
        })
        .unwrap();
    (store, g)
}

fn small() -> ShopSize {
    ShopSize {
        clients: 40,
        vehicles: 50,
        jobs: 200,
        past_days: 200,
        future_days: 30,
        within_hours: false,
        shops: 1,
    }
}

#[test]
fn generates_a_consistent_shop() {
    let bays = vec!["Baie 1".to_owned(), "Baie 2".to_owned()];
    let (store, g) = seeded(1, &small(), true, &bays);
    assert_eq!(g.clients, 40);
    assert_eq!(g.vehicles, 50);
    assert_eq!(g.jobs, 200);
    let conn = store.conn();
    // Every status appears; numbers are unique (UNIQUE index) and well formed.
    let statuses: Vec<String> = conn
        .prepare("SELECT DISTINCT status FROM jobs ORDER BY status")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for st in [
        "scheduled",
        "in_progress",
        "completed",
        "cancelled",
        "archived",
        "draft",
    ] {
        assert!(statuses.iter().any(|x| x == st), "{st} in {statuses:?}");
    }
    // Every job's history replays through the status machine to its status.
    let mut st = conn
        .prepare(
            "SELECT j.status, (SELECT json_group_array(to_status) FROM
                (SELECT to_status FROM job_status_history h WHERE h.job_id = j.id
                 ORDER BY h.at, h.rowid)) FROM jobs j",
        )
        .unwrap();
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (status, hist) in rows {
        let path: Vec<String> = serde_json::from_str(&hist).unwrap();
        let mut cur = JobStatus::parse(&path[0]).unwrap();
        for next in &path[1..] {
            let n = JobStatus::parse(next).unwrap();
            assert!(can_transition(cur, n), "{cur:?} -> {n:?}");
            cur = n;
        }
        assert_eq!(cur.as_str(), status);
    }
    // Scheduled work never overlaps for a technician.
    let overlaps: i64 = conn
        .query_row(
            "SELECT count(*) FROM jobs a JOIN jobs b ON a.technician_id = b.technician_id
               AND a.id < b.id AND a.scheduled_start < b.scheduled_end
               AND b.scheduled_start < a.scheduled_end",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(overlaps, 0);
    // Every plate is a valid SIV plate and the index finds it.
    let plate: String = conn
        .query_row("SELECT plate FROM vehicles LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(
        rpma_core::vehicle_ident::parse_siv(&plate).is_some(),
        "{plate}"
    );
    let n: i64 = conn
        .query_row("SELECT count(*) FROM clients_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 40);
}

#[test]
fn same_seed_same_shop() {
    let run = || {
        let (store, _) = seeded(9, &small(), false, &[]);
        let names: Vec<String> = store
            .conn()
            .prepare("SELECT name || plate FROM clients JOIN vehicles ON owner_id = clients.id ORDER BY clients.rid, vehicles.rid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names
    };
    assert_eq!(run(), run());
}

#[test]
fn a_chain_s_shops_are_told_apart_by_their_job_numbers() {
    let size = ShopSize {
        shops: 3,
        ..small()
    };
    let (store, _) = seeded(1, &size, false, &[]);
    let own = store.terminal().code.clone();
    let conn = store.conn();
    let count = |code: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM jobs WHERE number LIKE '%-' || ?1 || '-%'",
            [code],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (a, b, c) = (count(&own), count(&chain_code(1)), count(&chain_code(2)));
    assert!(a > 0 && b > 0 && c > 0, "{a} {b} {c}");
    assert_eq!(a + b + c, 200);
    // A client's jobs all belong to its shop.
    let mixed: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT client_id FROM jobs
                 GROUP BY client_id HAVING count(DISTINCT substr(number, 10, 3)) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mixed, 0);
}
