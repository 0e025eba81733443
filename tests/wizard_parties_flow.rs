//! The job wizard's new client and new vehicle, through the real app (kittest, labels): their
//! forms stay in the wizard's draft, the core checks each when its step is left, and they are
//! saved with the job in one transaction — or not at all.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{app, click, labels, login, set_field, shows};
use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::RouteKind;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _};

type H = Harness<'static, App>;

/// A read-only look at the database the app is using.
fn db(dir: &Path) -> Connection {
    Connection::open_with_flags(dir.join("rpma.db"), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// Clients, vehicles and jobs, live or not.
fn counts(dir: &Path) -> [i64; 3] {
    let conn = db(dir);
    ["clients", "vehicles", "jobs"].map(|t| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
}

fn client_named(dir: &Path, name: &str) -> Option<String> {
    db(dir)
        .query_row("SELECT id FROM clients WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()
        .unwrap()
}

/// Types into the text input labelled exactly `label` (a list behind a form may show the same
/// words in its column headers).
fn type_in(h: &mut H, label: &str, text: &str) {
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .focus();
    h.run();
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .type_text(text);
    h.run();
}

fn open_wizard(h: &mut H) {
    click(h, "Travaux");
    click(h, "Nouveau travail");
    assert_eq!(h.state().route(), RouteKind::NewJob, "{}", labels(h));
}

/// Step 1 with a new vehicle, then on to step 2 (the core checks the form first).
fn new_vehicle(h: &mut H, plate: &str) {
    click(h, "Nouveau véhicule");
    assert!(
        shows(h, "Le véhicule sera enregistré à la création du travail."),
        "{}",
        labels(h)
    );
    set_field(h, "Plaque", plate);
    set_field(h, "Marque", "Renault");
    set_field(h, "Modèle", "Clio");
    click(h, "Suivant");
}

/// Step 2 with a new client, then on to the zones.
fn new_client(h: &mut H, name: &str) {
    assert!(shows(h, "Pour quel client ?"), "{}", labels(h));
    click(h, "Nouveau client");
    set_field(h, "Nom du client", name);
    set_field(h, "Téléphone", "0611223344");
    click(h, "Suivant");
    assert!(shows(h, "Zones à protéger"), "{}", labels(h));
}

/// Zones, details and schedule as proposed, up to the summary.
fn to_summary(h: &mut H) {
    click(h, "Pare-chocs avant");
    click(h, "Suivant");
    click(h, "Suivant");
    click(h, "Suivant");
    assert!(shows(h, "Récapitulatif"), "{}", labels(h));
}

#[test]
fn a_job_with_a_new_client_and_vehicle_is_saved_with_them_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    let before = counts(dir.path());
    open_wizard(&mut h);
    new_vehicle(&mut h, "fk318rn");
    assert_eq!(counts(dir.path()), before, "no vehicle saved at its step");
    new_client(&mut h, "Camille Lefort");
    assert_eq!(counts(dir.path()), before, "no client saved at its step");
    // The zones are priced for the new vehicle's size class (the form's, medium by default).
    to_summary(&mut h);
    assert!(
        shows(
            &h,
            "Nouveau véhicule : Renault Clio (FK-318-RN) · Compacte / berline"
        ),
        "{}",
        labels(&h)
    );
    assert!(
        shows(&h, "Nouveau client : Camille Lefort · 06 11 22 33 44"),
        "{}",
        labels(&h)
    );
    assert_eq!(counts(dir.path()), before);
    click(&mut h, "Créer le travail");
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    assert!(shows(&h, "Camille Lefort"), "{}", labels(&h));
    assert!(shows(&h, "FK-318-RN"), "{}", labels(&h));
    let [c, v, j] = before;
    assert_eq!(counts(dir.path()), [c + 1, v + 1, j + 1]);
    // One transaction: the change log stamps the three inserts with the same id.
    let conn = db(dir.path());
    let client = client_named(dir.path(), "Camille Lefort").unwrap();
    let (job, vehicle): (String, String) = conn
        .query_row(
            "SELECT id, vehicle_id FROM jobs WHERE client_id = ?1",
            [&client],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let tx = |table: &str, id: &str| -> String {
        conn.query_row(
            "SELECT tx_id FROM change_log WHERE table_name = ?1 AND op = 'I'
               AND row_key = json_array(?2)",
            [table, id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(tx("clients", &client), tx("jobs", &job));
    assert_eq!(tx("vehicles", &vehicle), tx("jobs", &job));
}

#[test]
fn an_abandoned_wizard_leaves_no_client_behind() {
    let dir = tempfile::tempdir().unwrap();
    let before;
    {
        let mut h = app(dir.path(), true);
        login(&mut h, "admin", "Demo-Admin-2026");
        before = counts(dir.path());
        open_wizard(&mut h);
        new_vehicle(&mut h, "fk318rn");
        new_client(&mut h, "Camille Abandon");
        // The draft saved (after its debounce), the wizard left for another screen, then the
        // app closed: the draft keeps the forms, the database has neither.
        for _ in 0..90 {
            h.step();
        }
        h.run();
        click(&mut h, "   Clients");
        assert_eq!(h.state().route(), RouteKind::Clients, "{}", labels(&h));
    }
    assert_eq!(counts(dir.path()), before);
    assert_eq!(client_named(dir.path(), "Camille Abandon"), None);
    // Opened again: the draft comes back with the forms, still unsaved; starting over forgets it.
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_wizard(&mut h);
    assert!(shows(&h, "Brouillon restauré"), "{}", labels(&h));
    click(&mut h, "Précédent");
    assert_eq!(
        h.get_by_label("Nom du client").value().unwrap_or_default(),
        "Camille Abandon",
        "{}",
        labels(&h)
    );
    click(&mut h, "Recommencer");
    assert!(h.query_by_label("Nom du client").is_none());
    assert_eq!(counts(dir.path()), before);
}

#[test]
fn a_bad_plate_is_refused_beside_the_plate_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    let before = counts(dir.path());
    open_wizard(&mut h);
    new_vehicle(&mut h, "B 1234 XYZ9");
    // Still on the vehicle step, the message under the plate field, above the make.
    assert!(!shows(&h, "Pour quel client ?"), "{}", labels(&h));
    let message = "Immatriculation française non reconnue";
    assert!(shows(&h, message), "{}", labels(&h));
    let error = h.get_by_label_contains(message).rect();
    let plate = h.get_by_label("Plaque").rect();
    let make = h.get_by_label("Marque").rect();
    assert!(
        plate.bottom() <= error.top() + 1.0 && error.bottom() <= make.top() + 1.0,
        "plate {plate:?}, error {error:?}, make {make:?}"
    );
    // A plate already on a live vehicle is refused the same way (uniqueness is the core's).
    let taken: String = db(dir.path())
        .query_row(
            "SELECT plate FROM vehicles WHERE deleted_at IS NULL AND plate_format = 'siv' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    set_field(&mut h, "Plaque", &taken);
    click(&mut h, "Suivant");
    assert!(
        shows(&h, "Un autre véhicule porte déjà cette immatriculation."),
        "{}",
        labels(&h)
    );
    assert!(!shows(&h, "Pour quel client ?"));
    // Fixed: on to the client step.
    set_field(&mut h, "Plaque", "fk318rn");
    click(&mut h, "Suivant");
    new_client(&mut h, "Camille Lefort");
    to_summary(&mut h);
    // Meanwhile someone saves a vehicle with that plate: the create is refused as a whole, the
    // wizard goes back to the vehicle step with the message beside the plate.
    click(&mut h, "   Véhicules");
    assert_eq!(h.state().route(), RouteKind::Vehicles, "{}", labels(&h));
    click(&mut h, "Nouveau véhicule");
    type_in(&mut h, "Immatriculation", "FK-318-RN");
    type_in(&mut h, "Marque", "Peugeot");
    click(&mut h, "Enregistrer le véhicule");
    assert!(shows(&h, "Identité du véhicule"), "{}", labels(&h));
    let saved = counts(dir.path());
    click(&mut h, "   Travaux");
    click(&mut h, "Nouveau travail");
    assert_eq!(h.state().route(), RouteKind::NewJob, "{}", labels(&h));
    assert!(shows(&h, "Récapitulatif"), "{}", labels(&h));
    click(&mut h, "Créer le travail");
    assert_eq!(h.state().route(), RouteKind::NewJob, "{}", labels(&h));
    assert!(
        shows(&h, "Un autre véhicule porte déjà cette immatriculation."),
        "{}",
        labels(&h)
    );
    assert!(h.query_by_label("Plaque").is_some(), "{}", labels(&h));
    assert_eq!(counts(dir.path()), saved, "neither the client nor the job");
    assert_eq!(client_named(dir.path(), "Camille Lefort"), None);
    assert_eq!(saved[0], before[0]);
}
