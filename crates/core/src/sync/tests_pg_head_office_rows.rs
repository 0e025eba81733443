//! A head office against a real PostgreSQL (see `tests_pg`): it keeps every shop's rows (one car
//! a client of two shops, two shops' jobs of one number, two shops' templates of one name), and
//! the hub's owner revokes it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::tests_pg::{TestHub, client_input, shop};
use super::{SyncError, head_office, local};
use crate::testutil::{Fixture, MINUTE, T0};
use crate::{Lang, Store, clients, interventions, jobs, vehicles, workflow};

const VIN: &str = "WP0ZZZ99ZTS392124";

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A shop with a client, the car AB-123-CD (VIN [`VIN`]), its own template "Céramique", a job
/// for the car on that template and its intervention started; returns the job's number and the
/// template's code.
fn shop_with_the_car(f: &mut Fixture, client: &str) -> (String, String) {
    let mut t = workflow::express();
    t.id = crate::ids::TemplateId::default();
    t.code.clear();
    t.name = workflow::Text::new("Céramique", "Ceramic");
    let template = workflow::save(&mut f.store, &f.admin, &t).unwrap();
    let c = clients::create(
        &mut f.store,
        &f.admin,
        &client_input(client, &format!("{client}@exemple.fr")),
    )
    .unwrap();
    let v = vehicles::create(
        &mut f.store,
        &f.admin,
        &vehicles::VehicleInput {
            plate: "AB-123-CD".into(),
            vin: VIN.into(),
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
            scheduled_start: Some(T0 + 60 * MINUTE),
            scheduled_end: Some(T0 + 120 * MINUTE),
            technician_id: Some(f.technician.id.clone()),
            force_reason: Some("test".into()),
            template_id: Some(template.id),
            ..jobs::NewJob::default()
        },
    )
    .unwrap();
    interventions::start(&mut f.store, &f.admin, &job.row.id).unwrap();
    (job.row.number, template.code)
}

#[test]
fn the_head_office_keeps_one_car_of_two_shops_and_both_shops_jobs_and_templates_of_one_name() {
    let Some(hub) = TestHub::new("head_office_rows") else {
        return;
    };
    // Two shops, before they sync, on terminals that drew the same code: the same car (plate
    // and VIN) is a client of both, each with a job of the same number and an intervention.
    let (mut fa, mut fb) = (Fixture::new(), Fixture::new());
    let code = fa.store.terminal().code.clone();
    fb.store.set_terminal_code(&code).unwrap();
    let (number_a, code_a) = shop_with_the_car(&mut fa, "Dupont");
    let (number_b, code_b) = shop_with_the_car(&mut fb, "Martin");
    assert_eq!(
        (&number_a, &code_a),
        (&number_b, &code_b),
        "the clashes this test is about"
    );
    super::init_server(&hub.url, &mut fa.store, "Shop A").unwrap();
    super::init_server(&hub.url, &mut fb.store, "Shop B").unwrap();
    let b = local::require(fb.store.conn()).unwrap();

    // The head office (a data folder on disk): both shops' rows, nothing set aside.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    let (mut hq, _) = Store::open(&path).unwrap();
    let report = head_office(&hub.url, &mut hq, "Siège").unwrap();
    let reasons: Vec<String> = hq
        .conn()
        .prepare("SELECT table_name || ': ' || reason FROM sync_rejects")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(report.rejected, 0, "{reasons:#?}");
    let check = |hq: &Store| {
        assert_eq!(count(hq, "SELECT count(*) FROM sync_rejects"), 0);
        for sql in [
            "SELECT count(*) FROM vehicles WHERE plate_key = 'AB123CD' AND deleted_at IS NULL",
            &format!("SELECT count(*) FROM vehicles WHERE vin = '{VIN}' AND deleted_at IS NULL"),
            "SELECT count(*) FROM clients WHERE name IN ('Dupont', 'Martin')",
            "SELECT count(*) FROM jobs",
            "SELECT count(DISTINCT vehicle_id) FROM jobs",
            "SELECT count(*) FROM job_zones",
            "SELECT count(*) FROM interventions",
            "SELECT count(DISTINCT job_id) FROM interventions",
            "SELECT count(*) FROM workflow_templates WHERE name_fr = 'Céramique'",
            "SELECT count(DISTINCT template_id) FROM jobs",
            "SELECT count(DISTINCT template_id) FROM interventions",
        ] {
            assert_eq!(count(hq, sql), 2, "{sql}");
        }
        // Shop A's job came first and keeps its number; shop B's is told apart by its shop.
        let tag = b.shop_id.replace('-', "")[24..].to_owned();
        let mut st = hq
            .conn()
            .prepare("SELECT number FROM jobs ORDER BY number")
            .unwrap();
        let numbers: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(numbers, [number_a.clone(), format!("{number_a}.{tag}")]);
        let codes: Vec<String> = hq
            .conn()
            .prepare(
                "SELECT code FROM workflow_templates WHERE name_fr = 'Céramique' ORDER BY code",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(codes, [code_a.clone(), format!("{code_a}.{tag}")]);
        // Both cars, and both jobs, are found by the plate in the search indexes.
        for sql in [
            "SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH 'plate:AB123CD'",
            "SELECT count(*) FROM vehicles_fts WHERE vehicles_fts MATCH 'AB123CD'",
        ] {
            assert_eq!(count(hq, sql), 2, "{sql}");
        }
    };
    check(&hq);
    // Later work on shop B's job arrives whole; reopened, the folder is still a head office's.
    let (vehicle, owner) = (
        count_id(&fb.store, "SELECT id FROM vehicles"),
        count_id(&fb.store, "SELECT id FROM clients WHERE name = 'Martin'"),
    );
    vehicles::update(
        &mut fb.store,
        &fb.admin,
        &vehicle,
        &vehicles::VehicleInput {
            plate: "AB-123-CD".into(),
            vin: VIN.into(),
            make: "Porsche".into(),
            model: "911 GT3".into(),
            owner_id: Some(owner.into()),
            ..vehicles::VehicleInput::default()
        },
    )
    .unwrap();
    super::sync_once(&mut fb.store).unwrap();
    drop(hq);
    let (mut hq, _) = Store::open(&path).unwrap();
    let r = super::sync_once(&mut hq).unwrap();
    assert!(r.applied > 0 && r.rejected == 0, "{r:?}");
    assert_eq!(
        count(&hq, "SELECT count(*) FROM vehicles WHERE model = '911 GT3'"),
        1
    );
    check(&hq);

    // A shop's terminal still refuses a second live vehicle of that plate, or of that VIN.
    let owner = count_id(&fa.store, "SELECT id FROM clients WHERE name = 'Dupont'");
    for (plate, vin) in [("AB-123-CD", ""), ("ZZ-999-ZZ", VIN)] {
        let e = vehicles::create(
            &mut fa.store,
            &fa.admin,
            &vehicles::VehicleInput {
                plate: plate.into(),
                vin: vin.into(),
                make: "Porsche".into(),
                owner_id: Some(owner.as_str().into()),
                ..vehicles::VehicleInput::default()
            },
        )
        .expect_err(plate);
        assert!(
            matches!(e, crate::CoreError::Invalid(_)),
            "{plate} {vin}: {e:?}"
        );
    }
    assert_eq!(count(&fa.store, "SELECT count(*) FROM vehicles"), 1);
}

fn count_id(store: &Store, sql: &str) -> String {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The URL of the test hub as another role.
fn url_as(hub: &TestHub, role: &str, password: &str) -> String {
    let (scheme, rest) = hub.url.split_once("://").unwrap();
    let (_, host) = rest.split_once('@').unwrap();
    format!("{scheme}://{role}:{password}@{host}")
}

#[test]
fn the_hub_s_owner_revokes_a_head_office_which_then_receives_nothing() {
    let Some(hub) = TestHub::new("head_office_revoke") else {
        return;
    };
    let (mut fa, _, _) = shop(&hub, 0);
    let mut hq = Store::open_in_memory().unwrap();
    head_office(&hub.url, &mut hq, "Siège").unwrap();
    let cfg = local::require(hq.conn()).unwrap();
    let now = hq.now_ms();

    // Not the owner (a shop's terminal role): refused, the head office goes on.
    let a = local::require(fa.store.conn()).unwrap();
    let terminal_url = url_as(&hub, &a.role, &local::password(&fa.store, &a).unwrap());
    for r in [
        head_office::revoke(&terminal_url, "Siège", now).map(|_| ()),
        head_office::list(&terminal_url, now).map(|_| ()),
    ] {
        assert!(matches!(r, Err(SyncError::NotOwner)), "{r:?}");
    }
    super::sync_once(&mut hq).unwrap();

    // The owner lists it, and is told when no head office has the name given.
    let listed = head_office::list(&hub.url, now).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].name.as_str(),
            &listed[0].role,
            listed[0].can_log_in
        ),
        ("Siège", &cfg.role, true)
    );
    assert_eq!(listed[0].revoked_at, None);
    assert!(matches!(
        head_office::revoke(&hub.url, "Siege", now),
        Err(SyncError::NoSuchHeadOffice(n)) if n == "Siege"
    ));

    // A session of the head office open before the revocation.
    let pw = local::password(&hq, &cfg).unwrap();
    let mut open = super::conn::HubUrl::parse(&hub.url)
        .unwrap()
        .connect_as(&cfg.role, &pw)
        .unwrap();
    open.query_one("SELECT count(*) FROM rpma_hub.changes", &[])
        .unwrap();

    let h = head_office::revoke(&hub.url, "Siège", now + 5).unwrap();
    assert_eq!(h.role, cfg.role);
    assert_eq!(h.revoked_at, Some(now + 5));
    assert!(!h.can_log_in);
    // The open session reads nothing more; the role is out of the group.
    assert!(
        open.query_one("SELECT count(*) FROM rpma_hub.changes", &[])
            .is_err()
    );
    let member: bool = hub
        .admin()
        .query_one(
            "SELECT pg_has_role($1::text, 'rpma_head_office', 'MEMBER')",
            &[&cfg.role],
        )
        .unwrap()
        .get(0);
    assert!(!member);

    // Shop A works on; the head office's next round is refused with the clear message and pulls
    // nothing.
    clients::create(
        &mut fa.store,
        &fa.admin,
        &client_input("Lefebvre", "lefebvre@exemple.fr"),
    )
    .unwrap();
    super::sync_once(&mut fa.store).unwrap();
    let pulled_before = local::require(hq.conn()).unwrap().pulled_seq;
    let e = super::sync_once(&mut hq).unwrap_err();
    assert!(matches!(e, SyncError::HeadOfficeRevoked), "{e:?}");
    for (lang, words) in [
        (Lang::En, "head office was revoked"),
        (Lang::Fr, "siège a été révoqué"),
    ] {
        assert!(e.message(lang).contains(words), "{}", e.message(lang));
    }
    assert_eq!(
        count(&hq, "SELECT count(*) FROM clients WHERE name = 'Lefebvre'"),
        0
    );
    assert_eq!(local::require(hq.conn()).unwrap().pulled_seq, pulled_before);
    assert!(
        super::status(&hq)
            .unwrap()
            .errors
            .iter()
            .any(|m| m.contains("revoked"))
    );
    // Revoked again: nothing changes (the first date stays).
    let again = head_office::revoke(&hub.url, &cfg.role, now + 9).unwrap();
    assert_eq!(again.revoked_at, Some(now + 5));

    // The owner enables it again from its folder: it receives what it missed.
    head_office(&hub.url, &mut hq, "Siège").unwrap();
    assert_eq!(
        count(&hq, "SELECT count(*) FROM clients WHERE name = 'Lefebvre'"),
        1
    );
    let listed = head_office::list(&hub.url, now).unwrap();
    assert_eq!((listed[0].revoked_at, listed[0].can_log_in), (None, true));

    // Two head offices of one name: the name is refused, the role is taken.
    let mut hq2 = Store::open_in_memory().unwrap();
    head_office(&hub.url, &mut hq2, "Siège").unwrap();
    assert!(matches!(
        head_office::revoke(&hub.url, "Siège", now),
        Err(SyncError::AmbiguousHeadOffice { count: 2, .. })
    ));
    let role2 = local::require(hq2.conn()).unwrap().role;
    assert_eq!(
        head_office::revoke(&hub.url, &role2, now).unwrap().role,
        role2
    );
    assert!(matches!(
        super::sync_once(&mut hq2),
        Err(SyncError::HeadOfficeRevoked)
    ));
    super::sync_once(&mut hq).unwrap();
}
