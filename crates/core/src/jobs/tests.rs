//! Shared job fixtures (used by the other job test files) and job creation: validation,
//! rights, numbering.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use crate::ids::UserId;
use rusqlite::{Connection, params};

use super::*;
use crate::testutil::{Fixture, MINUTE, T0};

const HOUR: i64 = 60 * MINUTE;

fn insert_client(conn: &Connection, id: &str, name: &str) {
    conn.execute(
        "INSERT INTO clients (id, kind, name, created_at, updated_at) VALUES (?1, 'individual', ?2, 0, 0)",
        params![id, name],
    )
    .unwrap();
}

fn insert_vehicle(conn: &Connection, id: &str, plate: &str, owner: &str) {
    conn.execute(
        "INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, size_class, owner_id, created_at, updated_at)
         VALUES (?1, ?2, replace(?2, '-', ''), 'siv', 'Porsche', '911', 'large', ?3, 0, 0)",
        params![id, plate, owner],
    )
    .unwrap();
}

pub(super) fn setup() -> Fixture {
    let f = Fixture::new();
    insert_client(f.store.conn(), "c1", "Marie Dupont");
    insert_client(f.store.conn(), "c2", "Jean Martin");
    insert_vehicle(f.store.conn(), "v1", "AB-123-CD", "c1");
    insert_vehicle(f.store.conn(), "v2", "EF-456-GH", "c2");
    f
}

pub(super) fn new_job(start: i64, tech: Option<&str>, bay: &str) -> NewJob {
    NewJob {
        client_id: "c1".into(),
        vehicle_id: "v1".into(),
        zone_ids: vec!["hood".into(), "front_bumper".into()],
        film_product: "XPEL Ultimate Plus".into(),
        scheduled_start: Some(start),
        scheduled_end: Some(start + 2 * HOUR),
        technician_id: tech.map(UserId::from),
        bay: bay.into(),
        checklist: vec!["Lavage".into(), " ".into()],
        ..NewJob::default()
    }
}

pub(super) fn count(f: &Fixture, table: &str) -> i64 {
    f.store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

pub(super) fn counts(f: &Fixture) -> [i64; 5] {
    [
        count(f, "jobs"),
        count(f, "job_zones"),
        count(f, "job_status_history"),
        count(f, "job_checklist"),
        count(f, "audit_log"),
    ]
}

#[test]
fn create_scheduled_job_with_zones_history_and_audit() {
    let mut f = setup();
    let admin = f.admin.clone();
    let (tech, code) = (f.technician.id.clone(), f.store.terminal().code.clone());
    let d = create(
        &mut f.store,
        &admin,
        &new_job(T0 + HOUR, Some(&tech), "Baie 1"),
    )
    .unwrap();
    assert_eq!(d.row.number, format!("20260302-{code}-001"));
    assert_eq!(d.row.status, JobStatus::Scheduled);
    assert_eq!(d.zones.len(), 2);
    // Large car: hood 1.8 + front bumper 1.7.
    assert!((d.total_area_m2 - 3.5).abs() < 1e-9);
    assert_eq!(d.checklist.len(), 1);
    assert_eq!(d.history.len(), 1);
    assert_eq!(d.history[0].from, None);
    assert_eq!(d.history[0].to, JobStatus::Scheduled);
    assert_eq!(d.row.technician_name.as_deref(), Some("tech display"));
    assert_eq!(f.audit_rows("job.create").len(), 1);
    let d2 = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0 + 5 * HOUR, None, "")
        },
    )
    .unwrap();
    assert_eq!(d2.row.number, format!("20260302-{code}-002"));
    assert_eq!(d2.row.status, JobStatus::Draft);
    let d3 = create(
        &mut f.store,
        &admin,
        &NewJob {
            scheduled_start: None,
            scheduled_end: None,
            as_draft: true,
            ..new_job(0, None, "")
        },
    )
    .unwrap();
    assert_eq!(d3.row.status, JobStatus::Draft);
}

#[test]
fn bad_input_is_refused_field_by_field_and_changes_nothing() {
    let mut f = setup();
    let admin = f.admin.clone();
    let viewer = f.viewer.id.clone();
    let before = counts(&f);
    let cases: Vec<(NewJob, &str, &str)> = vec![
        (
            NewJob {
                client_id: ClientId::default(),
                ..new_job(T0, None, "")
            },
            "client",
            "err-required",
        ),
        (
            NewJob {
                client_id: "nope".into(),
                ..new_job(T0, None, "")
            },
            "client",
            "job-err-client-unknown",
        ),
        (
            NewJob {
                vehicle_id: "nope".into(),
                ..new_job(T0, None, "")
            },
            "vehicle",
            "job-err-vehicle-unknown",
        ),
        (
            NewJob {
                vehicle_id: "v2".into(),
                ..new_job(T0, None, "")
            },
            "vehicle",
            "job-err-vehicle-owner",
        ),
        (
            NewJob {
                zone_ids: vec![],
                ..new_job(T0, None, "")
            },
            "zones",
            "job-err-zones-required",
        ),
        (
            NewJob {
                zone_ids: vec!["capot".into()],
                ..new_job(T0, None, "")
            },
            "zones",
            "job-err-zone-unknown",
        ),
        (
            NewJob {
                scheduled_start: None,
                ..new_job(T0, None, "")
            },
            "start",
            "err-required",
        ),
        (
            NewJob {
                scheduled_end: Some(T0),
                ..new_job(T0, None, "")
            },
            "end",
            "job-err-end-before-start",
        ),
        (
            NewJob {
                technician_id: Some(viewer),
                ..new_job(T0, None, "")
            },
            "technician",
            "job-err-technician-invalid",
        ),
        (
            NewJob {
                bay: "Baie 9".into(),
                ..new_job(T0, None, "")
            },
            "bay",
            "job-err-bay-unknown",
        ),
        (
            NewJob {
                film_product: "x".repeat(201),
                ..new_job(T0, None, "")
            },
            "film_product",
            "job-err-too-long",
        ),
        (
            NewJob {
                notes: "x".repeat(4001),
                ..new_job(T0, None, "")
            },
            "notes",
            "job-err-too-long",
        ),
    ];
    for (job, field, key) in cases {
        let err = create(&mut f.store, &admin, &job).unwrap_err();
        let CoreError::Invalid(e) = err else {
            panic!("{field}: {err:?}")
        };
        assert_eq!(e.for_field(field).map(|x| x.key), Some(key), "{field}: {e}");
    }
    // An inactive zone is refused too.
    f.store
        .conn()
        .execute("UPDATE ppf_zones SET is_active = 0 WHERE id = 'roof'", [])
        .unwrap();
    let err = create(
        &mut f.store,
        &admin,
        &NewJob {
            zone_ids: vec!["roof".into()],
            ..new_job(T0, None, "")
        },
    )
    .unwrap_err();
    assert!(matches!(err, CoreError::Invalid(_)));
    assert_eq!(counts(&f), before);
}

#[test]
fn only_planners_create_jobs() {
    let mut f = setup();
    let before = counts(&f);
    for actor in [f.technician.clone(), f.viewer.clone()] {
        let err = create(&mut f.store, &actor, &new_job(T0, None, "")).unwrap_err();
        assert!(matches!(err, CoreError::Forbidden(_)));
    }
    assert_eq!(counts(&f), before);
}

#[test]
fn numbering_follows_the_shop_day_and_grows_past_999() {
    let mut f = setup();
    let admin = f.admin.clone();
    // 23:30 UTC on 2 March is 00:30 on 3 March in Paris.
    f.clock.set(T0 + 14 * HOUR + 30 * MINUTE);
    let d = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0, None, "")
        },
    )
    .unwrap();
    let code = f.store.terminal().code.clone(); // the day's series is then set at 999
    assert_eq!(d.row.number, format!("20260303-{code}-001"));
    f.store
        .conn()
        .execute(
            "UPDATE number_series SET last = 999 WHERE series = 'job:20260303'",
            [],
        )
        .unwrap();
    let d = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0, None, "")
        },
    )
    .unwrap();
    assert_eq!(d.row.number, format!("20260303-{code}-1000"));
    let d = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0, None, "")
        },
    )
    .unwrap();
    assert_eq!(d.row.number, format!("20260303-{code}-1001"));
}

#[test]
fn numbers_stay_unique_under_concurrent_creation_from_two_stores() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    let admin = {
        let (mut s, _) = Store::open(&path).unwrap();
        let admin = s
            .write(None, |tx| {
                users::insert(
                    tx,
                    &users::NewUser {
                        username: "admin".into(),
                        display_name: "Admin".into(),
                        role: Some(Role::Admin),
                        password: "Admin-Atelier-2026".into(),
                        ..users::NewUser::default()
                    },
                    &crate::auth::password::PasswordPolicy::default(),
                )
            })
            .unwrap();
        insert_client(s.conn(), "c1", "Marie");
        insert_vehicle(s.conn(), "v1", "AB-123-CD", "c1");
        admin
    };
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            let admin = admin.clone();
            std::thread::spawn(move || {
                let (mut s, _) = Store::open(&path).unwrap();
                (0..15)
                    .map(|_| {
                        create(
                            &mut s,
                            &Session::for_tests(admin.clone()),
                            &NewJob {
                                as_draft: true,
                                ..new_job(T0, None, "")
                            },
                        )
                        .unwrap()
                        .row
                        .number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n);
    assert_eq!(n, 30);
    assert!(all.last().unwrap().ends_with("-030"), "{all:?}");
}
