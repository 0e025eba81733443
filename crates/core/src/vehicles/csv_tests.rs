//! Tests of the vehicle list's CSV export ([`super::export_csv`]).

#![allow(clippy::unwrap_used)]
use super::*;
use crate::testutil::Fixture;

#[test]
fn csv_export_lists_vehicles_with_their_owner() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let owner = crate::clients::create(
        &mut f.store,
        &admin,
        &crate::clients::ClientInput {
            name: "Élodie Durand".into(),
            ..crate::clients::ClientInput::default()
        },
    )
    .unwrap();
    create(
        &mut f.store,
        &admin,
        &VehicleInput {
            plate: "ab123cd".into(),
            make: "Peugeot".into(),
            model: "308, GT".into(),
            owner_id: Some(owner.id.clone()),
            ..VehicleInput::default()
        },
    )
    .unwrap();
    let mut out = Vec::new();
    let n = export_csv(f.store.conn(), &VehicleFilter::default(), &mut out).unwrap();
    assert_eq!(n, 1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("\u{feff}id,plate,"));
    assert!(text.contains(",AB-123-CD,siv,"));
    assert!(text.contains("\"308, GT\""));
    assert!(text.contains("Élodie Durand"));
    let mut none = Vec::new();
    let filter = VehicleFilter {
        text: "zzzz".into(),
        ..VehicleFilter::default()
    };
    assert_eq!(export_csv(f.store.conn(), &filter, &mut none).unwrap(), 0);
}
