//! A technician starting a second intervention while one is running: the core reports it, and
//! starts it only once confirmed.

#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::error::CoreError;
use crate::ids::JobId;
use crate::jobs::{self, NewJob};
use crate::testutil::{Fixture, MINUTE, T0};

const HOUR: i64 = 60 * MINUTE;

/// A client with two cars, and one job on each for the fixture's technician.
fn two_jobs() -> (Fixture, JobId, JobId) {
    let mut f = Fixture::new();
    let conn = f.store.conn();
    conn.execute(
        "INSERT INTO clients (id, kind, name, created_at, updated_at)
         VALUES ('c1', 'individual', 'Marie Dupont', 0, 0)",
        [],
    )
    .unwrap();
    for (id, plate) in [("v1", "AB-123-CD"), ("v2", "EF-456-GH")] {
        conn.execute(
            "INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, owner_id,
                created_at, updated_at)
             VALUES (?1, ?2, replace(?2, '-', ''), 'siv', 'Peugeot', '308', 'c1', 0, 0)",
            [id, plate],
        )
        .unwrap();
    }
    let admin = f.admin.clone();
    let tech = f.technician.id.clone();
    let mut make = |vehicle: &str, start: i64| {
        jobs::create(
            &mut f.store,
            &admin,
            &NewJob {
                client_id: "c1".into(),
                vehicle_id: vehicle.into(),
                zone_ids: vec!["hood".into()],
                scheduled_start: Some(start),
                scheduled_end: Some(start + 2 * HOUR),
                technician_id: Some(tech.clone()),
                ..NewJob::default()
            },
        )
        .unwrap()
        .row
        .id
    };
    let a = make("v1", T0);
    let b = make("v2", T0 + 3 * HOUR);
    (f, a, b)
}

fn active_count(f: &Fixture) -> i64 {
    f.store
        .conn()
        .query_row(
            "SELECT count(*) FROM interventions WHERE status IN ('in_progress', 'paused')",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_second_start_is_reported_then_confirmed() {
    let (mut f, a, b) = two_jobs();
    let tech = f.technician.clone();
    let first = start(&mut f.store, &tech, &a).unwrap();
    assert_eq!(
        running_elsewhere(f.store.conn(), &tech.id, &b)
            .unwrap()
            .map(|r| r.0),
        Some(first.id.clone())
    );
    // Not confirmed: refused with the running job named, nothing started.
    let err = start(&mut f.store, &tech, &b).unwrap_err();
    let CoreError::RefusedWith { key, args } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*key, SECOND_RUNNING_KEY);
    assert!(
        args.contains(&("plate", "AB-123-CD".to_owned())),
        "{args:?}"
    );
    assert_eq!(active_count(&f), 1);
    assert!(
        crate::Lang::Fr
            .error_message(&err)
            .contains("déjà en cours"),
        "{}",
        crate::Lang::Fr.error_message(&err)
    );
    // Confirmed: both run.
    start_alongside(&mut f.store, &tech, &b).unwrap();
    assert_eq!(active_count(&f), 2);
}

#[test]
fn a_paused_intervention_does_not_count_as_running() {
    let (mut f, a, b) = two_jobs();
    let tech = f.technician.clone();
    let first = start(&mut f.store, &tech, &a).unwrap();
    pause(&mut f.store, &tech, &first.id, "Pause déjeuner").unwrap();
    assert_eq!(
        running_elsewhere(f.store.conn(), &tech.id, &b).unwrap(),
        None
    );
    start(&mut f.store, &tech, &b).unwrap();
    assert_eq!(active_count(&f), 2);
}
