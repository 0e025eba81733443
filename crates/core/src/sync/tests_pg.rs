//! Sync against a real PostgreSQL (`RPMA_TEST_PG_URL`: a superuser URL; `.ci/run` starts Debian's
//! PostgreSQL and sets it). Without it the tests fail under `CI` and say loudly what they skipped
//! otherwise. Each test makes its own database and drops it (and the roles it made) at the end.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use super::conn::HubUrl;
use super::{SyncError, hub, local};
use crate::Store;
use crate::clients::{self, ClientInput};
use crate::clock::ManualClock;
use crate::jobs::{self, JobStatus, NewJob};
use crate::store::replay;
use crate::testutil::{Fixture, MINUTE, T0};
use crate::vehicles::{self, VehicleInput};

/// The superuser URL of the test server, or `None` (after saying so) outside CI.
pub(crate) fn admin_url(test: &str) -> Option<String> {
    match std::env::var("RPMA_TEST_PG_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "RPMA_TEST_PG_URL is not set: the PostgreSQL sync tests cannot run (.ci/run \
                 installs and starts PostgreSQL and sets it)"
            );
            eprintln!(
                "SKIPPED: {test}: RPMA_TEST_PG_URL is not set, the PostgreSQL sync test did not run"
            );
            None
        }
    }
}

/// A database of its own on the test server, dropped with the roles it made.
pub(crate) struct TestHub {
    admin: String,
    db: String,
    /// The superuser URL of this database.
    pub url: String,
}

impl TestHub {
    pub(crate) fn new(test: &str) -> Option<Self> {
        let admin = admin_url(test)?;
        let db = format!("rpma_test_{}", uuid::Uuid::now_v7().simple());
        let mut c = HubUrl::parse(&admin).unwrap().connect_admin().unwrap();
        c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
        let (base, _) = admin.split('?').next().unwrap().rsplit_once('/').unwrap();
        let url = format!("{base}/{db}");
        Some(Self { admin, db, url })
    }

    pub(crate) fn admin(&self) -> postgres::Client {
        HubUrl::parse(&self.url).unwrap().connect_admin().unwrap()
    }
}

impl Drop for TestHub {
    fn drop(&mut self) {
        let mut roles: Vec<String> = Vec::new();
        if let Ok(mut c) = HubUrl::parse(&self.url).and_then(|u| u.connect_admin()) {
            for sql in [
                "SELECT role FROM rpma_hub.terminals",
                "SELECT join_role FROM rpma_hub.shops",
                "SELECT role FROM rpma_hub.head_offices",
            ] {
                if let Ok(rows) = c.query(sql, &[]) {
                    roles.extend(rows.iter().map(|r| r.get::<_, String>(0)));
                }
            }
        }
        if let Ok(mut c) = HubUrl::parse(&self.admin).and_then(|u| u.connect_admin()) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db));
            for r in roles {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{r}\""));
            }
        }
    }
}

/// A terminal of the test shop: its store and what it knows.
pub(super) struct Term {
    pub(super) store: Store,
}

pub(super) fn client_input(name: &str, email: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        email: email.into(),
        city: "Lyon".into(),
        ..ClientInput::default()
    }
}

fn ids(store: &Store, sql: &str) -> Vec<String> {
    let mut st = store.conn().prepare(sql).unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn pick(rng: &mut ChaCha8Rng, list: &[String]) -> Option<String> {
    (!list.is_empty()).then(|| list[rng.random_range(0..list.len())].clone())
}

/// One random use case on a terminal (refusals are part of the game).
fn random_op(
    t: &mut Term,
    rng: &mut ChaCha8Rng,
    admin: &crate::Session,
    tech: &crate::Session,
    n: usize,
    who: usize,
) {
    let store = &mut t.store;
    let clients = ids(store, "SELECT id FROM clients WHERE deleted_at IS NULL");
    let all_clients = ids(store, "SELECT id FROM clients");
    let vehicles = ids(
        store,
        "SELECT id FROM vehicles WHERE deleted_at IS NULL AND owner_id IS NOT NULL",
    );
    let live_jobs = ids(store, "SELECT id FROM jobs WHERE deleted_at IS NULL");
    match rng.random_range(0..10) {
        0 | 1 => {
            let _ = clients::create(
                store,
                admin,
                &client_input(
                    &format!("Client {who}-{n}"),
                    &format!("c{who}-{n}@exemple.fr"),
                ),
            );
        }
        2 => {
            if let Some(id) = pick(rng, &clients)
                && let Ok(Some(c)) = clients::get(store.conn(), &id)
            {
                let input = ClientInput {
                    kind: c.kind,
                    name: c.name.clone(),
                    city: format!("Ville {who}-{n}"),
                    notes: format!("note de {who}"),
                    phone: c.phone.clone().unwrap_or_default(),
                    email: c.email.clone().unwrap_or_default(),
                    ..ClientInput::default()
                };
                let _ = clients::update(store, admin, &id, &input);
            }
        }
        3 => {
            if let Some(owner) = pick(rng, &clients) {
                let _ = vehicles::create(
                    store,
                    admin,
                    &VehicleInput {
                        plate: format!("{}{}-{:03}-AB", ["A", "B", "C"][who % 3], "K", n % 1000),
                        make: "Porsche".into(),
                        model: "911".into(),
                        owner_id: Some(owner.into()),
                        ..VehicleInput::default()
                    },
                );
            }
        }
        4 | 5 => {
            if let Some(vid) = pick(rng, &vehicles)
                && let Ok(Some(v)) = vehicles::get(store.conn(), &vid)
                && let Some(owner) = v.owner_id
            {
                let start = T0 + i64::try_from(n).unwrap() * 60 * MINUTE;
                let _ = jobs::create(
                    store,
                    admin,
                    &NewJob {
                        client_id: owner,
                        vehicle_id: vid.into(),
                        zone_ids: vec!["hood".into()],
                        film_product: "XPEL".into(),
                        scheduled_start: Some(start),
                        scheduled_end: Some(start + 60 * MINUTE),
                        technician_id: Some(tech.id.clone()),
                        force_reason: Some("test".into()),
                        ..NewJob::default()
                    },
                );
            }
        }
        6 => {
            if let Some(id) = pick(rng, &live_jobs) {
                let s = [
                    JobStatus::Scheduled,
                    JobStatus::InProgress,
                    JobStatus::OnHold,
                ][rng.random_range(0..3)];
                let _ = jobs::transition(store, admin, &id, s, Some("raison"));
            }
        }
        7 | 8 => {
            if let Some(id) = pick(rng, &live_jobs) {
                let _ = jobs::add_note(store, admin, &id, &format!("note {who}-{n}"));
            }
        }
        _ => {
            if let Some(id) = pick(rng, &all_clients) {
                if rng.random_bool(0.5) {
                    let _ = clients::delete(store, admin, &id);
                } else {
                    let _ = clients::restore(store, admin, &id);
                }
            }
        }
    }
}

fn notes(store: &Store) -> Vec<String> {
    let mut v = ids(store, "SELECT id FROM job_notes");
    v.sort();
    v
}

fn assert_converged(terms: &[Term]) {
    let first = replay::synced_content(terms[0].store.conn()).unwrap();
    for (i, t) in terms.iter().enumerate().skip(1) {
        let other = replay::synced_content(t.store.conn()).unwrap();
        for ((table, a), (_, b)) in first.iter().zip(&other) {
            assert_eq!(a.len(), b.len(), "{table}: row count of terminal 0 and {i}");
            assert_eq!(a, b, "{table}: terminal 0 and {i} differ");
        }
    }
}

/// A shop made on terminal A (with its accounts), and `extra` empty terminals joined to it.
pub(super) fn shop(hub: &TestHub, extra: usize) -> (Fixture, Vec<Term>, Arc<ManualClock>) {
    let mut f = Fixture::new();
    clients::create(
        &mut f.store,
        &f.admin,
        &client_input("Dupont", "dupont@exemple.fr"),
    )
    .unwrap();
    let code = super::init_server(&hub.url, &mut f.store, "Accueil").unwrap();
    let clock = f.clock.clone();
    let mut terms = Vec::new();
    for i in 0..extra {
        let mut s = Store::open_in_memory_with_clock(clock.clone()).unwrap();
        let report = super::join(&hub.url, &code.encode(), &format!("Baie {i}"), &mut s).unwrap();
        assert!(report.pulled > 0, "the joining terminal downloads the shop");
        terms.push(Term { store: s });
    }
    (f, terms, clock)
}

#[test]
fn three_terminals_doing_random_work_converge_and_keep_every_note() {
    let Some(hub) = TestHub::new("three_terminals_converge") else {
        return;
    };
    let (f, joined, clock) = shop(&hub, 2);
    let (admin, tech) = (f.admin.clone(), f.technician.clone());
    // The joined terminals have the shop: accounts (no setup wizard) and the client.
    for t in &joined {
        assert!(crate::users::count(t.store.conn()).unwrap() >= 4);
        let n: i64 = t
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM clients WHERE name = 'Dupont'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
    }
    let mut terms = vec![Term { store: f.store }];
    terms.extend(joined);
    for seed in 0..3u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for n in 0..60 {
            let who = rng.random_range(0..terms.len());
            clock.advance(rng.random_range(0..3) * 1000);
            random_op(
                &mut terms[who],
                &mut rng,
                &admin,
                &tech,
                n + 100 * seed as usize,
                who,
            );
            if rng.random_bool(0.2) {
                let s = rng.random_range(0..terms.len());
                super::sync_once(&mut terms[s].store).unwrap();
            }
        }
        // Everyone syncs twice: everything reaches everyone.
        for _ in 0..2 {
            for t in &mut terms {
                super::sync_once(&mut t.store).unwrap();
            }
        }
        assert_converged(&terms);
        let all = notes(&terms[0].store);
        for t in &terms {
            assert_eq!(notes(&t.store), all, "append-only notes are a union");
            let st = super::status(&t.store).unwrap();
            assert_eq!(st.pending, 0);
            assert!(st.errors.is_empty(), "{:?}", st.errors);
        }
    }
    // Every terminal wrote notes; all of them are everywhere.
    let authors: i64 = terms[0]
        .store
        .conn()
        .query_row("SELECT count(*) FROM job_notes", [], |r| r.get(0))
        .unwrap();
    assert!(authors > 0, "the random work wrote notes");
}

#[test]
fn concurrent_edits_of_one_client_merge_per_field_by_clock() {
    let Some(hub) = TestHub::new("per_field_merge") else {
        return;
    };
    let (f, mut joined, clock) = shop(&hub, 1);
    let admin = f.admin.clone();
    let mut a = f.store;
    let b = &mut joined[0].store;
    let id: String = a
        .conn()
        .query_row("SELECT id FROM clients WHERE name = 'Dupont'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let c = clients::get(a.conn(), &id).unwrap().unwrap();
    let base = ClientInput {
        kind: c.kind,
        name: c.name.clone(),
        email: "dupont@exemple.fr".into(),
        city: "Lyon".into(),
        ..ClientInput::default()
    };
    // Offline: A changes the city, then B (later) changes the notes and the phone.
    clock.advance(1000);
    clients::update(
        &mut a,
        &admin,
        &id,
        &ClientInput {
            city: "Paris".into(),
            ..base.clone()
        },
    )
    .unwrap();
    clock.advance(1000);
    clients::update(
        b,
        &admin,
        &id,
        &ClientInput {
            notes: "rappeler".into(),
            phone: "06 11 22 33 44".into(),
            ..base.clone()
        },
    )
    .unwrap();
    for _ in 0..2 {
        super::sync_once(&mut a).unwrap();
        super::sync_once(b).unwrap();
    }
    for s in [&a, &*b] {
        let c = clients::get(s.conn(), &id).unwrap().unwrap();
        assert_eq!(c.city.as_deref(), Some("Paris"), "A's city is kept");
        assert_eq!(c.notes, "rappeler", "B's notes are kept");
    }
    // A soft delete on B, older than an edit on A: the edit is kept, the client in the trash.
    clock.advance(1000);
    clients::delete(b, &admin, &id).unwrap();
    clock.advance(1000);
    clients::update(
        &mut a,
        &admin,
        &id,
        &ClientInput {
            city: "Nice".into(),
            ..base
        },
    )
    .unwrap();
    for _ in 0..2 {
        super::sync_once(&mut a).unwrap();
        super::sync_once(b).unwrap();
    }
    for s in [&a, &*b] {
        let (city, deleted): (Option<String>, Option<i64>) = s
            .conn()
            .query_row(
                "SELECT city, deleted_at FROM clients WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(city.as_deref(), Some("Nice"));
        assert!(deleted.is_some(), "still in the trash");
    }
}

#[test]
fn a_retried_push_adds_nothing_and_a_fresh_pull_applies_once() {
    let Some(hub) = TestHub::new("retried_push") else {
        return;
    };
    let (mut f, mut joined, _) = shop(&hub, 1);
    let admin = f.admin.clone();
    let acknowledged = local::require(f.store.conn()).unwrap().pushed_seq;
    for i in 0..5 {
        clients::create(
            &mut f.store,
            &admin,
            &client_input(&format!("R{i}"), &format!("r{i}@exemple.fr")),
        )
        .unwrap();
    }
    super::sync_once(&mut f.store).unwrap();
    let me = f.store.terminal().id.clone();
    let count = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT count(*) FROM rpma_hub.changes WHERE terminal_id = $1",
            &[&me],
        )
        .unwrap()
        .get(0)
    };
    let mut admin_c = hub.admin();
    let before = count(&mut admin_c);
    assert!(before > 0);
    // As if the acknowledgement had been lost (a crash after the hub committed): push again.
    f.store
        .conn()
        .execute("UPDATE sync_config SET pushed_seq = ?1", [acknowledged])
        .unwrap();
    let r = super::sync_once(&mut f.store).unwrap();
    assert!(r.pushed > 0, "the batch was sent again");
    assert_eq!(count(&mut admin_c), before, "and the hub kept one copy");
    // The other terminal pulls again from the start: nothing is doubled.
    let b = &mut joined[0].store;
    super::sync_once(b).unwrap();
    b.conn()
        .execute("UPDATE sync_config SET pulled_seq = 0", [])
        .unwrap();
    super::sync_once(b).unwrap();
    let n: i64 = b
        .conn()
        .query_row(
            "SELECT count(*) FROM clients WHERE name LIKE 'R%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 5);
    assert_converged(&[
        Term { store: f.store },
        Term {
            store: joined.remove(0).store,
        },
    ]);
}

#[test]
fn another_protocol_version_and_a_revoked_terminal_are_refused() {
    let Some(hub) = TestHub::new("protocol_and_revoke") else {
        return;
    };
    let (mut f, mut joined, _) = shop(&hub, 1);
    let mut admin_c = hub.admin();
    admin_c
        .execute("UPDATE rpma_hub.hub_meta SET protocol = 99", &[])
        .unwrap();
    let err = super::sync_once(&mut f.store).unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::Protocol {
                hub: 99,
                ours: super::PROTOCOL
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("protocol version 99"), "{msg}");
    let st = super::status(&f.store).unwrap();
    assert_eq!(
        st.errors.first(),
        Some(&msg),
        "the error is shown in the status"
    );
    admin_c
        .execute(
            "UPDATE rpma_hub.hub_meta SET protocol = $1",
            &[&super::PROTOCOL],
        )
        .unwrap();
    super::sync_once(&mut f.store).unwrap();
    assert!(super::status(&f.store).unwrap().errors.is_empty());

    // Revoked: its role can no longer log in, and it is told so.
    let b = &mut joined[0].store;
    let b_id = b.terminal().id.clone();
    hub::revoke(&mut admin_c, &b_id).unwrap();
    let err = super::sync_once(b).unwrap_err();
    assert!(matches!(err, SyncError::Revoked), "{err:?}");
    assert!(err.to_string().contains("revoked"));
    let revoked: bool = admin_c
        .query_one(
            "SELECT revoked FROM rpma_hub.terminals WHERE id = $1",
            &[&b_id],
        )
        .unwrap()
        .get(0);
    assert!(revoked);
    // A wrong join code is refused before anything is registered.
    let mut c = Store::open_in_memory().unwrap();
    let code = super::JoinCode::generate(uuid::Uuid::now_v7()).unwrap();
    let err = super::join(&hub.url, &code.encode(), "X", &mut c).unwrap_err();
    assert!(matches!(err, SyncError::BadCode), "{err:?}");
    assert!(local::load(c.conn()).unwrap().is_none());
}

#[test]
fn a_shop_b_terminal_cannot_read_or_write_shop_a_rows_on_the_hub() {
    let Some(hub) = TestHub::new("row_level_security") else {
        return;
    };
    let (fa, _, _) = shop(&hub, 0);
    let mut fb = Fixture::new();
    super::init_server(&hub.url, &mut fb.store, "Shop B").unwrap();
    let cfg_a = local::require(fa.store.conn()).unwrap();
    let cfg_b = local::require(fb.store.conn()).unwrap();
    assert_ne!(cfg_a.shop_id, cfg_b.shop_id);
    let pw = local::password(&fb.store, &cfg_b).unwrap();
    let mut b = HubUrl::parse(&hub.url)
        .unwrap()
        .connect_as(&cfg_b.role, &pw)
        .unwrap();
    let count = |c: &mut postgres::Client, sql: &str| -> i64 {
        c.query_one(sql, &[&cfg_a.shop_id]).unwrap().get(0)
    };
    assert_eq!(
        count(
            &mut b,
            "SELECT count(*) FROM rpma_hub.changes WHERE shop_id = $1"
        ),
        0
    );
    assert_eq!(
        count(
            &mut b,
            "SELECT count(*) FROM rpma_hub.terminals WHERE shop_id = $1"
        ),
        0
    );
    assert_eq!(
        count(&mut b, "SELECT count(*) FROM rpma_hub.shops WHERE id = $1"),
        0
    );
    let own: i64 = b
        .query_one("SELECT count(*) FROM rpma_hub.changes", &[])
        .unwrap()
        .get(0);
    assert!(own > 0, "B sees its own shop's changes");
    // The admin sees A's rows: they exist.
    let mut admin_c = hub.admin();
    assert!(
        count(
            &mut admin_c,
            "SELECT count(*) FROM rpma_hub.changes WHERE shop_id = $1"
        ) > 0
    );
    // Writing into shop A, or as A's terminal, is refused by the server.
    let a_term = fa.store.terminal().id.clone();
    let b_term = fb.store.terminal().id.clone();
    for (shop, term) in [(&cfg_a.shop_id, &b_term), (&cfg_b.shop_id, &a_term)] {
        let r = b.execute(
            "INSERT INTO rpma_hub.changes (shop_id, terminal_id, change_seq, table_name, row_key,
                                           op, data, hlc)
             VALUES ($1, $2, 999999, 'clients', '[\"x\"]', 'D', NULL, 1)",
            &[shop, term],
        );
        assert!(
            r.is_err(),
            "insert for shop {shop} as {term} must be refused"
        );
    }
    for sql in [
        "UPDATE rpma_hub.changes SET data = NULL",
        "DELETE FROM rpma_hub.changes",
        "UPDATE rpma_hub.terminals SET revoked = false",
    ] {
        assert!(b.execute(sql, &[]).is_err(), "{sql} must be refused");
    }
    // B cannot revoke A's terminal either.
    assert!(hub::revoke(&mut b, &a_term).is_err());
    assert_eq!(
        count(
            &mut admin_c,
            "SELECT count(*) FROM rpma_hub.terminals WHERE shop_id = $1 AND revoked"
        ),
        0
    );
}

#[test]
fn a_server_outage_loses_nothing_and_duplicates_nothing() {
    let Some(hub) = TestHub::new("server_outage") else {
        return;
    };
    let (mut f, mut joined, clock) = shop(&hub, 1);
    let admin = f.admin.clone();
    let server = local::require(f.store.conn()).unwrap().server;
    // The hub goes away (nothing listens on port 9 of this machine): work goes on locally.
    let down = {
        let (scheme, rest) = server.split_once("://").unwrap();
        let (userinfo, after) = rest.split_once('@').unwrap();
        let path = after.split_once('/').map_or("", |(_, p)| p);
        format!("{scheme}://{userinfo}@127.0.0.1:9/{path}")
    };
    f.store
        .conn()
        .execute("UPDATE sync_config SET server = ?1", [&down])
        .unwrap();
    for i in 0..3 {
        clock.advance(1000);
        clients::create(
            &mut f.store,
            &admin,
            &client_input(&format!("Panne {i}"), &format!("panne{i}@exemple.fr")),
        )
        .unwrap();
        let err = super::sync_once(&mut f.store).unwrap_err();
        assert!(matches!(err, SyncError::Hub(_)), "{err:?}");
    }
    let st = super::status(&f.store).unwrap();
    assert!(st.pending > 0, "the changes wait");
    assert_eq!(st.errors.len(), 1, "the outage is shown: {:?}", st.errors);
    // Back: everything goes through once.
    f.store
        .conn()
        .execute("UPDATE sync_config SET server = ?1", [&server])
        .unwrap();
    super::sync_once(&mut f.store).unwrap();
    let st = super::status(&f.store).unwrap();
    assert_eq!(st.pending, 0);
    assert!(st.errors.is_empty(), "{:?}", st.errors);
    let b = &mut joined[0].store;
    super::sync_once(b).unwrap();
    super::sync_once(b).unwrap();
    let n: i64 = b
        .conn()
        .query_row(
            "SELECT count(*) FROM clients WHERE name LIKE 'Panne %'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3);
    let mut admin_c = hub.admin();
    let dups: i64 = admin_c
        .query_one(
            "SELECT count(*) FROM (SELECT terminal_id, change_seq FROM rpma_hub.changes
             GROUP BY 1, 2 HAVING count(*) > 1) d",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(dups, 0);
    assert_converged(&[
        Term { store: f.store },
        Term {
            store: joined.remove(0).store,
        },
    ]);
}

#[test]
fn only_an_admin_reads_the_join_code_lists_and_revokes_terminals() {
    let Some(hub) = TestHub::new("admin_revokes") else {
        return;
    };
    let (mut f, mut joined, _) = shop(&hub, 1);
    let (admin, tech) = (f.admin.clone(), f.technician.clone());
    let code = super::admin::join_code(&f.store, &admin).unwrap().unwrap();
    assert!(code.starts_with("RPMA-"));
    for refused in [
        super::admin::join_code(&f.store, &tech).map(|_| ()),
        super::admin::terminals(&f.store, &tech).map(|_| ()),
        super::admin::revoke(&mut f.store, &tech, "x"),
    ] {
        assert!(
            matches!(
                refused,
                Err(SyncError::Core(crate::CoreError::Forbidden(_)))
            ),
            "{refused:?}"
        );
    }
    let list = super::admin::terminals(&f.store, &admin).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|t| !t.revoked));
    let b_id = joined[0].store.terminal().id.clone();
    super::admin::revoke(&mut f.store, &admin, &b_id).unwrap();
    assert_eq!(
        f.audit_actions().last().map(String::as_str),
        Some("sync.revoke_terminal")
    );
    let list = super::admin::terminals(&f.store, &admin).unwrap();
    assert!(list.iter().any(|t| t.id == b_id && t.revoked));
    let err = super::sync_once(&mut joined[0].store).unwrap_err();
    assert!(matches!(err, SyncError::Revoked), "{err:?}");
    // A still syncs.
    super::sync_once(&mut f.store).unwrap();
}

#[test]
fn tls_checks_the_server_certificate() {
    let Some(hub) = TestHub::new("tls_certificate") else {
        return;
    };
    // Debian's PostgreSQL answers TLS with a self-signed ("snakeoil") certificate: with TLS
    // asked for, rustls refuses it instead of talking to an unverified server.
    let tls_url = format!("{}?sslmode=require", hub.url);
    let ssl_on: String = hub.admin().query_one("SHOW ssl", &[]).unwrap().get(0);
    if ssl_on != "on" {
        eprintln!("SKIPPED: tls_certificate: the test server has no TLS");
        return;
    }
    let Err(err) = HubUrl::parse(&tls_url).unwrap().connect_admin() else {
        panic!("a self-signed certificate was accepted");
    };
    let msg = err.to_string().to_lowercase();
    assert!(
        msg.contains("certificate") || msg.contains("issuer"),
        "{msg}"
    );
}
