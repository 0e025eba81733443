//! Instant search (Ctrl+K) through the real app: partial plates without dashes, Enter opens the
//! record, results scoped by role.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{app, login, shows};
use rpma::route::RouteKind;
use rpma_core::Store;
use rpma_core::clients::{self, ClientInput};
use rpma_core::vehicles::{self, VehicleInput};
use rpma_demo as demo;

/// A demo shop plus a known client and vehicle; returns the job number of a job of `lucas`.
fn seed(dir: &std::path::Path) -> String {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    let admin = rpma_core::testing::session_named(&store, "admin");
    let c = clients::create(
        &mut store,
        &admin,
        &ClientInput {
            name: "Zoé Fontaine-Rivière".into(),
            phone: "06 98 76 54 32".into(),
            ..ClientInput::default()
        },
    )
    .unwrap();
    vehicles::create(
        &mut store,
        &admin,
        &VehicleInput {
            plate: "GH-456-JK".into(),
            make: "Tesla".into(),
            model: "Model Y".into(),
            owner_id: Some(c.id),
            ..VehicleInput::default()
        },
    )
    .unwrap();
    store
        .conn()
        .query_row(
            "SELECT j.number FROM jobs j JOIN users u ON u.id = j.technician_id
             WHERE u.username = 'lucas' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Types into the palette's field (it has the keyboard focus once open).
fn type_query(h: &mut egui_kittest::Harness<'static, rpma::App>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

fn open_search(h: &mut egui_kittest::Harness<'static, rpma::App>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    h.run();
    assert!(h.state().search_is_open(), "the palette opens on Ctrl+K");
}

#[test]
fn ctrl_k_finds_a_vehicle_by_a_partial_plate_without_dashes_and_enter_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_search(&mut h);
    type_query(&mut h, "gh456");
    h.run();
    assert!(
        h.state().search_hits().iter().any(|t| t == "GH-456-JK"),
        "the vehicle is found without dashes: {:?}",
        h.state().search_hits()
    );
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert_eq!(h.state().route(), RouteKind::Vehicles);
    assert!(shows(&h, "GH-456-JK"), "the vehicle's page is shown");

    // Accent- and case-insensitive, client names and phones in national form.
    open_search(&mut h);
    type_query(&mut h, "riviere");
    h.run();
    assert!(
        h.state()
            .search_hits()
            .iter()
            .any(|t| t == "Zoé Fontaine-Rivière")
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().search_is_open(), "Escape closes");
}

#[test]
fn no_result_says_so_and_technicians_find_only_their_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let lucas_job = seed(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_search(&mut h);
    type_query(&mut h, "zzzqqq");
    h.run();
    assert!(h.state().search_hits().is_empty());
    h.key_press(egui::Key::Escape);
    h.run();
    // The admin finds Lucas's job by its number…
    open_search(&mut h);
    type_query(&mut h, &lucas_job);
    h.run();
    assert!(h.state().search_hits().contains(&lucas_job));
    drop(h);

    // …Karim (technician) does not.
    let mut h = app(dir.path(), false);
    login(&mut h, "karim", "Demo-Tech-2026");
    open_search(&mut h);
    type_query(&mut h, &lucas_job);
    h.run();
    assert!(
        !h.state().search_hits().contains(&lucas_job),
        "another technician's job is not found"
    );
}
