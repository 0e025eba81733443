//! The shared list screen and form fields on the real app (kittest, inline job backend, French
//! UI, the demo shop): the client and vehicle lists search, show their filtered empty state and
//! export CSV through the same component; the client, vehicle and zone forms mark the fields
//! the core requires and show the core's error beside the field.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{click, labels, login, shows, wait_for};
use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::RouteKind;
use rpma_core::Store;
use rpma_core::vehicles::{self, VehicleFilter};

type H = Harness<'static, App>;

fn open_app(dir: &std::path::Path) -> H {
    let mut h = common::app(dir, true);
    login(&mut h, "admin", "Demo-Admin-2026");
    assert!(h.state().user().is_some(), "not signed in: {}", labels(&h));
    h
}

fn nav(h: &mut H, label: &str, route: RouteKind) {
    click(h, &format!("   {label}"));
    assert_eq!(h.state().route(), route, "{}", labels(h));
}

fn search(h: &mut H, label: &str, text: &str) {
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .focus();
    h.run();
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .type_text(text);
    h.run();
    h.run();
}

/// How many required marks are on show.
fn required_marks(h: &H) -> usize {
    h.query_all_by(|n| n.role() == A11yRole::Label && n.value().is_some_and(|v| v == "*"))
        .count()
}

#[test]
fn clients_and_vehicles_search_export_and_say_when_nothing_matches() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_app(dir.path());
    nav(&mut h, "Clients", RouteKind::Clients);
    assert!(shows(&h, "Ville"), "{}", labels(&h));
    search(&mut h, "Rechercher un client", "zzqqxxwv");
    assert!(shows(&h, "Aucun client ne correspond"), "{}", labels(&h));

    nav(&mut h, "Véhicules", RouteKind::Vehicles);
    assert!(shows(&h, "Année"), "{}", labels(&h));
    let out = dir.path().join("vehicules.csv");
    assert!(h.state_mut().inject_save_path_for_test(out.clone()));
    click(&mut h, "Exporter en CSV");
    assert!(wait_for(&mut h, |_| out.exists()), "no CSV written");
    assert!(wait_for(&mut h, |h| shows(h, "véhicules exportés")));
    let store = Store::open(&dir.path().join("rpma.db")).unwrap().0;
    let live = vehicles::count(store.conn(), &VehicleFilter::default()).unwrap();
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        i64::try_from(csv.lines().count()).unwrap(),
        live + 1,
        "a header and every live vehicle"
    );
    search(&mut h, "Rechercher un véhicule", "zzqqxxwv");
    assert!(shows(&h, "Aucun véhicule ne correspond"), "{}", labels(&h));
}

#[test]
fn forms_mark_the_required_fields_and_show_the_errors_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_app(dir.path());
    nav(&mut h, "Clients", RouteKind::Clients);
    click(&mut h, "Nouveau client");
    assert_eq!(required_marks(&h), 1, "the name: {}", labels(&h));
    h.get_by_role_and_label(A11yRole::Button, "Professionnel")
        .click();
    h.run();
    assert_eq!(required_marks(&h), 2, "company and contact");
    click(&mut h, "Annuler");
    assert_eq!(required_marks(&h), 0);

    nav(&mut h, "Véhicules", RouteKind::Vehicles);
    click(&mut h, "Nouveau véhicule");
    assert_eq!(required_marks(&h), 2, "plate and make: {}", labels(&h));
    click(&mut h, "Enregistrer le véhicule");
    assert!(wait_for(&mut h, |h| shows(h, "Champ obligatoire.")));
    // The field keeps its label as its name (the mark is beside it, not in it).
    assert!(
        h.query_all_by(|n| n.role() == A11yRole::TextInput
            && n.label().is_some_and(|l| l == "Immatriculation"))
            .next()
            .is_some(),
        "{}",
        labels(&h)
    );
}
