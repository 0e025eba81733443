//! Tests of [`super::create_with_new`]: client, vehicle and job in one transaction, and every
//! refusal leaving nothing behind.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::tests::{new_job, setup};
use super::*;
use crate::clients::ClientInput;
use crate::testutil::{Fixture, MINUTE, T0};
use crate::vehicles::{SizeClass, VehicleInput};

const HOUR: i64 = 60 * MINUTE;

fn client() -> ClientInput {
    ClientInput {
        name: "Jeanne Martin".into(),
        phone: "06 12 34 56 78".into(),
        ..ClientInput::default()
    }
}

fn vehicle(plate: &str) -> VehicleInput {
    VehicleInput {
        plate: plate.into(),
        make: "Peugeot".into(),
        model: "308".into(),
        size_class: SizeClass::Small,
        // Ignored: the vehicle goes to the job's client.
        owner_id: Some("c2".into()),
        ..VehicleInput::default()
    }
}

fn with_new(client: Option<ClientInput>, vehicle: Option<VehicleInput>) -> NewJobWithParties {
    NewJobWithParties {
        new_client: client,
        new_vehicle: vehicle,
        job: new_job(T0 + HOUR, None, ""),
    }
}

/// Rows of every table a creation touches, the change log and the numbering included.
fn rows(f: &Fixture) -> Vec<(&'static str, i64)> {
    [
        "clients",
        "vehicles",
        "vehicle_owners",
        "jobs",
        "job_zones",
        "job_checklist",
        "job_status_history",
        "audit_log",
        "change_log",
        "number_series",
    ]
    .into_iter()
    .map(|t| {
        let n = f
            .store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        (t, n)
    })
    .collect()
}

/// The transaction id of the change log's insert of one row.
fn insert_tx(f: &Fixture, table: &str, id: &str) -> String {
    f.store
        .conn()
        .query_row(
            "SELECT tx_id FROM change_log WHERE table_name = ?1 AND op = 'I'
               AND row_key = json_array(?2)",
            [table, id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn client_vehicle_and_job_are_created_in_one_transaction() {
    let mut f = setup();
    let admin = f.admin.clone();
    let d = create_with_new(
        &mut f.store,
        &admin,
        &with_new(Some(client()), Some(vehicle("gh456jk"))),
    )
    .unwrap();
    assert_eq!(d.row.status, JobStatus::Scheduled);
    let (client_id, vehicle_id) = (d.row.client_id.clone(), d.row.vehicle_id.clone());
    assert_ne!(client_id, "c1", "the new client, not the job's client_id");
    assert_ne!(vehicle_id, "v1");
    let c = crate::clients::get(f.store.conn(), &client_id)
        .unwrap()
        .unwrap();
    assert_eq!(c.name, "Jeanne Martin");
    assert_eq!(c.phone.as_deref(), Some("+33612345678"));
    let v = crate::vehicles::get(f.store.conn(), &vehicle_id)
        .unwrap()
        .unwrap();
    assert_eq!(v.plate, "GH-456-JK");
    assert_eq!(v.owner_id.as_deref(), Some(client_id.as_str()));
    // Zones priced for the new vehicle's size class (small: hood 1.2 + front bumper 1.1).
    assert!((d.total_area_m2 - 2.3).abs() < 1e-9, "{}", d.total_area_m2);
    // One transaction: the three inserts carry the same transaction id.
    let tx = insert_tx(&f, "clients", &client_id);
    assert_eq!(insert_tx(&f, "vehicles", &vehicle_id), tx);
    assert_eq!(insert_tx(&f, "jobs", &d.row.id), tx);
    // Its three audit entries too (client.create, vehicle.create, job.create).
    let audited: i64 = f
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE tx_id = ?1 AND table_name = 'audit_log'",
            [&tx],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 3);
    for action in ["client.create", "vehicle.create", "job.create"] {
        assert_eq!(f.audit_rows(action).len(), 1, "{action}");
    }
}

#[test]
fn a_new_vehicle_goes_to_the_existing_client_and_an_existing_one_changes_owner() {
    let mut f = setup();
    let admin = f.admin.clone();
    let d = create_with_new(
        &mut f.store,
        &admin,
        &with_new(None, Some(vehicle("gh456jk"))),
    )
    .unwrap();
    assert_eq!(d.row.client_id, "c1");
    let v = crate::vehicles::get(f.store.conn(), &d.row.vehicle_id)
        .unwrap()
        .unwrap();
    assert_eq!(v.owner_id.as_deref(), Some("c1"));
    // v2 belongs to c2: planned for c1, it is given to c1 in the job's transaction.
    let mut new = with_new(None, None);
    new.job.vehicle_id = "v2".into();
    new.job.scheduled_start = Some(T0 + 4 * HOUR);
    new.job.scheduled_end = Some(T0 + 5 * HOUR);
    let d = create_with_new(&mut f.store, &admin, &new).unwrap();
    let v = crate::vehicles::get(f.store.conn(), "v2").unwrap().unwrap();
    assert_eq!(v.owner_id.as_deref(), Some("c1"));
    assert_eq!(f.audit_rows("vehicle.change_owner").len(), 1);
    let owner_tx: String = f
        .store
        .conn()
        .query_row(
            "SELECT tx_id FROM change_log WHERE table_name = 'vehicles' AND op = 'U'
               AND row_key = json_array('v2')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(insert_tx(&f, "jobs", &d.row.id), owner_tx);
}

#[test]
fn a_bad_vehicle_after_a_good_client_leaves_no_client() {
    let mut f = setup();
    let admin = f.admin.clone();
    let before = rows(&f);
    for (plate, key) in [
        ("B 1234 XYZ9", "err-plate-fr"),
        ("AB-123-CD", "vehicle-err-plate-taken"),
        ("", "err-required"),
    ] {
        let err = create_with_new(
            &mut f.store,
            &admin,
            &with_new(Some(client()), Some(vehicle(plate))),
        )
        .unwrap_err();
        assert_eq!(err.part, CreatePart::Vehicle, "{plate}: {err}");
        let CoreError::Invalid(e) = err.error else {
            panic!("{plate}: expected Invalid");
        };
        assert_eq!(e.for_field("plate").map(|x| x.key), Some(key), "{plate}");
        assert_eq!(rows(&f), before, "{plate}: nothing written");
    }
}

#[test]
fn a_bad_client_or_a_bad_job_leaves_nothing() {
    let mut f = setup();
    let admin = f.admin.clone();
    let before = rows(&f);
    let bad_client = ClientInput {
        name: " ".into(),
        email: "pas-un-mail".into(),
        ..ClientInput::default()
    };
    let err = create_with_new(
        &mut f.store,
        &admin,
        &with_new(Some(bad_client), Some(vehicle("gh456jk"))),
    )
    .unwrap_err();
    assert_eq!(err.part, CreatePart::Client);
    let CoreError::Invalid(e) = err.error else {
        panic!("expected Invalid");
    };
    assert!(e.for_field("name").is_some() && e.for_field("email").is_some());
    assert_eq!(rows(&f), before);
    // A good client and vehicle, a job without zones: neither is kept.
    let mut new = with_new(Some(client()), Some(vehicle("gh456jk")));
    new.job.zone_ids.clear();
    let err = create_with_new(&mut f.store, &admin, &new).unwrap_err();
    assert_eq!(err.part, CreatePart::Job);
    let CoreError::Invalid(e) = err.error else {
        panic!("expected Invalid");
    };
    assert_eq!(
        e.for_field("zones").map(|x| x.key),
        Some("job-err-zones-required")
    );
    assert_eq!(rows(&f), before);
    // A job refused by a rule (not a field): the same.
    let mut new = with_new(Some(client()), Some(vehicle("gh456jk")));
    new.job.template_id = Some("no-such-template".into());
    let err = create_with_new(&mut f.store, &admin, &new).unwrap_err();
    assert_eq!(err.part, CreatePart::Job, "{err}");
    assert_eq!(rows(&f), before);
    // And the same job, fixed, goes through with its number the first of the day.
    let d = create_with_new(
        &mut f.store,
        &admin,
        &with_new(Some(client()), Some(vehicle("gh456jk"))),
    )
    .unwrap();
    assert!(d.row.number.ends_with("-001"), "{}", d.row.number);
}

#[test]
fn roles_that_may_not_create_jobs_are_refused_before_anything_is_written() {
    let mut f = setup();
    let before = rows(&f);
    for actor in [f.technician.clone(), f.viewer.clone()] {
        let err = create_with_new(
            &mut f.store,
            &actor,
            &with_new(Some(client()), Some(vehicle("gh456jk"))),
        )
        .unwrap_err();
        assert_eq!(err.part, CreatePart::Job, "{:?}", actor.role);
        assert!(
            matches!(err.error, CoreError::Forbidden(_)),
            "{:?}: {}",
            actor.role,
            err.error
        );
        assert_eq!(rows(&f), before, "{:?}", actor.role);
    }
}

#[test]
fn the_step_checks_write_nothing_and_say_what_create_would_refuse() {
    let f = setup();
    let before = rows(&f);
    let conn = f.store.conn();
    assert!(crate::clients::check(&client()).is_empty());
    let e = crate::clients::check(&ClientInput::default());
    assert_eq!(e.for_field("name").map(|x| x.key), Some("err-required"));
    assert!(
        crate::vehicles::check(conn, &vehicle("gh456jk"), T0)
            .unwrap()
            .is_empty()
    );
    let e = crate::vehicles::check(conn, &vehicle("ab123cd"), T0).unwrap();
    assert_eq!(
        e.for_field("plate").map(|x| x.key),
        Some("vehicle-err-plate-taken")
    );
    let e = crate::vehicles::check(
        conn,
        &VehicleInput {
            make: String::new(),
            ..vehicle("B 1234 XYZ9")
        },
        T0,
    )
    .unwrap();
    assert_eq!(e.for_field("plate").map(|x| x.key), Some("err-plate-fr"));
    assert_eq!(e.for_field("make").map(|x| x.key), Some("err-required"));
    assert_eq!(rows(&f), before);
}
