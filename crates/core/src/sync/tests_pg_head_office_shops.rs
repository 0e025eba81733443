//! A head office against a real PostgreSQL (see `tests_pg`): each pulled job knows its shop, the
//! shops are listed by their organisation's name, and the jobs list and the calendar show one
//! shop's jobs. Rows pulled before the shop was recorded are tagged at the next round.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::tests_pg::{TestHub, client_input};
use super::{head_office, local};
use crate::testutil::{Fixture, MINUTE, T0};
use crate::{Store, clients, jobs, org, vehicles};

/// Names the shop's organisation `name`.
fn name_shop(f: &mut Fixture, name: &str) {
    let admin = f.admin.id.to_string();
    f.store
        .write(Some(&admin), |tx| {
            org::save(
                tx,
                org::Organisation {
                    name: name.into(),
                    ..org::Organisation::default()
                },
            )
        })
        .unwrap();
}

/// A job at the shop, for a new client's car `plate`, at `T0 + hours`.
fn job(f: &mut Fixture, plate: &str, hours: i64) -> String {
    let c = clients::create(
        &mut f.store,
        &f.admin,
        &client_input(plate, &format!("{}@exemple.fr", plate.to_lowercase())),
    )
    .unwrap();
    let v = vehicles::create(
        &mut f.store,
        &f.admin,
        &vehicles::VehicleInput {
            plate: plate.into(),
            make: "Porsche".into(),
            model: "911".into(),
            owner_id: Some(c.id.clone()),
            ..vehicles::VehicleInput::default()
        },
    )
    .unwrap();
    let job = jobs::create(
        &mut f.store,
        &f.admin,
        &jobs::NewJob {
            client_id: c.id,
            vehicle_id: v.id,
            zone_ids: vec!["hood".into()],
            film_product: "XPEL".into(),
            scheduled_start: Some(T0 + hours * 60 * MINUTE),
            scheduled_end: Some(T0 + (hours + 1) * 60 * MINUTE),
            force_reason: Some("test".into()),
            ..jobs::NewJob::default()
        },
    )
    .unwrap();
    job.row.id.to_string()
}

/// The ids of the jobs the list and the calendar show for `shop`, sorted (both must agree).
fn shown(hq: &Fixture, shop: Option<&str>) -> Vec<String> {
    let conn = hq.store.conn();
    let filter = jobs::JobFilter {
        shop: shop.map(str::to_owned),
        ..jobs::JobFilter::default()
    };
    let mut listed: Vec<String> = jobs::list(conn, &hq.admin, &filter, T0)
        .unwrap()
        .into_iter()
        .map(|r| r.id.to_string())
        .collect();
    listed.sort();
    let cal = jobs::CalendarFilter {
        shop: shop.map(str::to_owned),
        ..jobs::CalendarFilter::default()
    };
    let mut month: Vec<String> =
        jobs::calendar(conn, &hq.admin, T0, T0 + 48 * 60 * MINUTE, &cal, T0)
            .unwrap()
            .into_iter()
            .map(|r| r.id.to_string())
            .collect();
    month.sort();
    assert_eq!(listed, month, "list and calendar of {shop:?}");
    listed
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn a_head_office_knows_each_job_s_shop_and_shows_one_shop() {
    let Some(hub) = TestHub::new("head_office_shops") else {
        return;
    };
    let (mut fa, mut fb) = (Fixture::new(), Fixture::new());
    name_shop(&mut fa, "Atelier Lyon");
    name_shop(&mut fb, "Atelier Nantes");
    let a1 = job(&mut fa, "AA-100-AA", 1);
    let a2 = job(&mut fa, "AA-200-AA", 2);
    let b1 = job(&mut fb, "BB-100-BB", 3);
    super::init_server(&hub.url, &mut fa.store, "Shop A").unwrap();
    super::init_server(&hub.url, &mut fb.store, "Shop B").unwrap();
    let shop_a = local::require(fa.store.conn()).unwrap().shop_id;
    let shop_b = local::require(fb.store.conn()).unwrap().shop_id;

    // At a shop terminal: no shop to pick, the column stays empty.
    assert!(
        jobs::head_office_shops(fa.store.conn(), &fa.admin)
            .unwrap()
            .is_empty()
    );
    let tagged = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM jobs WHERE shop_id IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(tagged(&fa.store), 0);

    let mut hq = Fixture::new();
    head_office(&hub.url, &mut hq.store, "Siège").unwrap();
    let names = |hq: &Fixture| -> Vec<(String, String)> {
        jobs::head_office_shops(hq.store.conn(), &hq.viewer)
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect()
    };
    let both = vec![
        (shop_a.clone(), "Atelier Lyon".to_owned()),
        (shop_b.clone(), "Atelier Nantes".to_owned()),
    ];
    assert_eq!(names(&hq), both);
    assert_eq!(
        shown(&hq, Some(&shop_a)),
        sorted(vec![a1.clone(), a2.clone()])
    );
    assert_eq!(shown(&hq, Some(&shop_b)), vec![b1.clone()]);
    assert_eq!(shown(&hq, None).len(), 3);

    // A job shop A makes later arrives with its shop.
    let a3 = job(&mut fa, "AA-300-AA", 4);
    super::sync_once(&mut fa.store).unwrap();
    super::sync_once(&mut hq.store).unwrap();
    assert_eq!(
        shown(&hq, Some(&shop_a)),
        sorted(vec![a1.clone(), a2.clone(), a3.clone()])
    );
    assert_eq!(shown(&hq, Some(&shop_b)), vec![b1.clone()]);

    // Rows pulled by an older RPMA (no shop recorded) are tagged at the next round, from the
    // terminal that made them; a job the head office made itself belongs to no shop.
    let own = {
        let c = clients::create(
            &mut hq.store,
            &hq.admin,
            &client_input("Siège", "siege@exemple.fr"),
        )
        .unwrap();
        let conn = hq.store.conn();
        crate::testutil::insert_job_raw(&hq.store, &c.id, "scheduled");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM jobs WHERE shop_id IS NULL", [], |r| {
                r.get(0)
            })
            .unwrap();
        n
    };
    assert_eq!(own, 1);
    hq.store
        .conn()
        .execute_batch("UPDATE jobs SET shop_id = NULL; UPDATE organisation SET shop_id = NULL;")
        .unwrap();
    assert!(names(&hq).is_empty());
    super::sync_once(&mut hq.store).unwrap();
    assert_eq!(names(&hq), both);
    assert_eq!(shown(&hq, Some(&shop_a)), sorted(vec![a1, a2, a3]));
    assert_eq!(shown(&hq, Some(&shop_b)), vec![b1]);
    assert_eq!(tagged(&hq.store), 4);
    // The shop column never travels: shop B's terminal got nothing of it.
    super::sync_once(&mut fb.store).unwrap();
    assert_eq!(tagged(&fb.store), 0);
}

/// The shops a head office lists: (id, name).
fn shop_names(hq: &Fixture) -> Vec<(String, String)> {
    jobs::head_office_shops(hq.store.conn(), &hq.viewer)
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect()
}

#[test]
fn a_head_office_keeps_its_own_organisation_and_settings_beside_the_shops() {
    let Some(hub) = TestHub::new("head_office_own_rows") else {
        return;
    };
    let mut fa = Fixture::new();
    name_shop(&mut fa, "Atelier Lyon");
    let threshold = |n: u32| crate::settings::SecurityPolicy {
        lockout_threshold: n,
        ..crate::settings::SecurityPolicy::default()
    };
    fa.set_security(threshold(7));
    super::init_server(&hub.url, &mut fa.store, "Shop A").unwrap();
    let shop_a = local::require(fa.store.conn()).unwrap().shop_id;

    // The shop's organisation is listed as a shop, not taken as the head office's own; the
    // shop's settings stay the shop's.
    let mut hq = Fixture::new();
    head_office(&hub.url, &mut hq.store, "Siège").unwrap();
    assert!(org::get(hq.store.conn()).unwrap().is_none());
    assert_eq!(
        shop_names(&hq),
        vec![(shop_a.clone(), "Atelier Lyon".to_owned())]
    );
    let security = |s: &Store| crate::settings::get_security(s.conn()).unwrap();
    let default = crate::settings::SecurityPolicy::default().lockout_threshold;
    assert_eq!(security(&fa.store).lockout_threshold, 7);
    assert_eq!(security(&hq.store).lockout_threshold, default);

    // Its own organisation, saved there, leaves the shop's row alone…
    name_shop(&mut hq, "Siège Rhône");
    assert_eq!(
        org::get(hq.store.conn()).unwrap().unwrap().name,
        "Siège Rhône"
    );
    assert_eq!(
        shop_names(&hq),
        vec![(shop_a.clone(), "Atelier Lyon".to_owned())]
    );
    // …and the shop's later changes do not overwrite it.
    name_shop(&mut fa, "Atelier Lyon Sud");
    fa.set_security(threshold(9));
    super::sync_once(&mut fa.store).unwrap();
    super::sync_once(&mut hq.store).unwrap();
    assert_eq!(
        org::get(hq.store.conn()).unwrap().unwrap().name,
        "Siège Rhône"
    );
    assert_eq!(
        org::get(fa.store.conn()).unwrap().unwrap().name,
        "Atelier Lyon Sud"
    );
    assert_eq!(
        shop_names(&hq),
        vec![(shop_a, "Atelier Lyon Sud".to_owned())]
    );
    assert_eq!(security(&fa.store).lockout_threshold, 9);
    assert_eq!(security(&hq.store).lockout_threshold, default);
    let rejects: i64 = hq
        .store
        .conn()
        .query_row("SELECT count(*) FROM sync_rejects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rejects, 0);
    // The head office's own rows are not counted as still to tag: the round does not re-tag.
    let own_untagged: i64 = hq
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM organisation WHERE shop_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(own_untagged, 1);
}
