//! Tests of [`super`]: creation, validation, uniqueness of plates and VINs, search, trash.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use super::*;
use crate::clients::{self, ClientInput};
use crate::testutil::Fixture;

fn client(f: &mut Fixture, name: &str) -> ClientId {
    let admin = f.admin.clone();
    clients::create(
        &mut f.store,
        &admin,
        &ClientInput {
            name: name.into(),
            ..ClientInput::default()
        },
    )
    .unwrap()
    .id
}

fn golf(owner: &str) -> VehicleInput {
    VehicleInput {
        plate: "ab123cd".into(),
        vin: "WVWZZZ1JZXW000001".into(),
        make: "Volkswagen".into(),
        model: "Golf".into(),
        year: "2021".into(),
        colour: "Gris".into(),
        owner_id: Some(owner.into()),
        ..VehicleInput::default()
    }
}

#[test]
fn creates_with_normalised_plate_and_owner_history() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let a = client(&mut f, "Alice Roux");
    let b = client(&mut f, "Bruno Faure");
    let v = create(&mut f.store, &admin, &golf(&a)).unwrap();
    assert_eq!(v.plate, "AB-123-CD");
    assert_eq!(v.plate_key, "AB123CD");
    assert_eq!(v.title(), "Volkswagen Golf (AB-123-CD)");
    f.clock.advance(1000);
    let mut input = v.to_input();
    input.owner_id = Some(b.clone());
    let v2 = update(&mut f.store, &admin, &v.id, &input).unwrap();
    assert_eq!(v2.owner_id.as_deref(), Some(b.as_str()));
    let hist = owners(f.store.conn(), &v.id).unwrap();
    assert_eq!(hist.len(), 2);
    assert_eq!(hist[0].client_name, "Alice Roux");
    assert!(hist[0].until_at.is_some());
    assert_eq!(hist[1].until_at, None);
    assert_eq!(f.audit_rows("vehicle.change_owner").len(), 1);
}

#[test]
fn bad_input_is_refused_and_nothing_saved() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let bad = VehicleInput {
        plate: "AB-000-CD".into(),
        vin: "1M8GDM9A1KP042788".into(),
        make: String::new(),
        year: "1850".into(),
        owner_id: Some("nobody".into()),
        ..VehicleInput::default()
    };
    let Err(CoreError::Invalid(e)) = create(&mut f.store, &admin, &bad) else {
        panic!("expected Invalid");
    };
    assert_eq!(e.for_field("plate").unwrap().key, "err-plate-fr");
    assert_eq!(e.for_field("vin").unwrap().key, "err-vin-check");
    assert_eq!(e.for_field("make").unwrap().key, "err-required");
    assert_eq!(e.for_field("year").unwrap().key, "vehicle-err-year");
    assert_eq!(e.for_field("owner").unwrap().key, "vehicle-err-owner");
    let n: i64 = f
        .store
        .conn()
        .query_row("SELECT count(*) FROM vehicles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn plates_and_vins_are_unique_among_live_vehicles() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let a = client(&mut f, "Alice Roux");
    let v = create(&mut f.store, &admin, &golf(&a)).unwrap();
    let mut dup = golf(&a);
    dup.plate = "AB 123 CD".into();
    let Err(CoreError::Invalid(e)) = create(&mut f.store, &admin, &dup) else {
        panic!("expected Invalid");
    };
    assert_eq!(e.for_field("plate").unwrap().key, "vehicle-err-plate-taken");
    assert_eq!(e.for_field("vin").unwrap().key, "vehicle-err-vin-taken");
    // Saving a vehicle over itself is not a clash.
    update(&mut f.store, &admin, &v.id, &v.to_input()).unwrap();
    // Once in the trash, the plate is free again; restoring then clashes.
    delete(&mut f.store, &admin, &v.id).unwrap();
    let again = create(&mut f.store, &admin, &golf(&a)).unwrap();
    assert_ne!(again.id, v.id);
    assert!(matches!(
        restore(&mut f.store, &admin, &v.id),
        Err(CoreError::Refused {
            key: "vehicle-err-restore-clash"
        })
    ));
}

#[test]
fn foreign_plates_and_vins_without_check_digit() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let v = create(
        &mut f.store,
        &admin,
        &VehicleInput {
            plate: "b-abc-123".into(),
            foreign_plate: true,
            vin: "VF3LCBHZ6GS123456".into(),
            make: "Peugeot".into(),
            ..VehicleInput::default()
        },
    )
    .unwrap();
    assert_eq!(v.plate, "B-ABC-123");
    assert_eq!(v.plate_format, PlateFormat::Other);
}

#[test]
fn search_finds_plates_without_dashes_and_deletes_are_refused_with_open_jobs() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let a = client(&mut f, "Alice Roux");
    let v = create(&mut f.store, &admin, &golf(&a)).unwrap();
    for text in ["AB123", "ab-123", "ab123cd", "golf", "WVWZZZ"] {
        let filter = VehicleFilter {
            text: text.into(),
            ..VehicleFilter::default()
        };
        assert_eq!(count(f.store.conn(), &filter).unwrap(), 1, "{text}");
    }
    let job = crate::testutil::insert_job_raw(&f.store, &a, "scheduled");
    let err = delete(&mut f.store, &admin, &v.id).unwrap_err();
    assert!(matches!(
        err,
        CoreError::RefusedWith {
            key: "vehicle-err-open-jobs",
            ..
        }
    ));
    f.store
        .conn()
        .execute(
            "UPDATE jobs SET status = 'completed', completed_at = 5 WHERE id = ?1",
            [&job],
        )
        .unwrap();
    let zones = applied_zones(f.store.conn(), &v.id).unwrap();
    assert_eq!(zones.len(), 1);
    assert_eq!(zones[0].zone_id, "hood");
    let rows = list(f.store.conn(), &VehicleFilter::default()).unwrap();
    assert_eq!(rows[0].owner_name.as_deref(), Some("Alice Roux"));
    assert_eq!(rows[0].jobs, 1);
}
