//! Tests of the client list's CSV export ([`super::export_csv`]).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use super::*;
use crate::testutil::Fixture;

#[test]
fn csv_export_quotes_fields_and_follows_the_filter() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    create(
        &mut f.store,
        &admin,
        &ClientInput {
            name: "Jean \"Jo\" Dupont".into(),
            city: "Lyon, 3e".into(),
            tags: vec!["vip".into(), "flotte".into()],
            ..ClientInput::default()
        },
    )
    .unwrap();
    create(
        &mut f.store,
        &admin,
        &ClientInput {
            kind: ClientKind::Business,
            name: "Sophie Martin".into(),
            company_name: "Garage du Parc".into(),
            notes: "ligne 1\nligne 2".into(),
            ..ClientInput::default()
        },
    )
    .unwrap();
    let mut out = Vec::new();
    let n = export_csv(f.store.conn(), &ClientFilter::default(), &mut out).unwrap();
    assert_eq!(n, 2);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("\u{feff}id,kind,display_name,"));
    assert!(text.contains("\"Jean \"\"Jo\"\" Dupont\""));
    assert!(text.contains("\"Lyon, 3e\""));
    assert!(text.contains("vip; flotte") || text.contains("flotte; vip"));
    assert_eq!(text.matches("\r\n").count(), 3);
    let mut only = Vec::new();
    let filter = ClientFilter {
        kind: Some(ClientKind::Business),
        ..ClientFilter::default()
    };
    assert_eq!(export_csv(f.store.conn(), &filter, &mut only).unwrap(), 1);
    let only = String::from_utf8(only).unwrap();
    assert!(only.contains("Garage du Parc"));
    assert!(!only.contains("Dupont"));
}
