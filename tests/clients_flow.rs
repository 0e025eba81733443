//! Clients, vehicles, trash and the PPF zone catalogue on the real app (kittest, inline job
//! backend, French UI): forms with their field errors, plate normalisation, VIN check digit,
//! delete refused with open jobs, trash and restore, who sees what, the zone editor.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;

use common::{click, labels, login, shows};
use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::RouteKind;
use rpma_core::Store;
use rpma_core::clients::{self, ClientFilter, ClientInput};
use rpma_core::jobs::{self, NewJob};
use rpma_core::vehicles::{self, VehicleFilter, VehicleInput};
use rpma_demo as demo;

type H = Harness<'static, App>;

fn user(store: &Store, name: &str) -> rpma_core::Session {
    rpma_core::testing::session_named(store, name)
}

/// The demo shop plus one client "Zoé Fixture" with vehicle ZZ-999-ZZ and an open (draft) job.
fn seed(dir: &Path) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    let admin = user(&store, "admin");
    let c = clients::create(
        &mut store,
        &admin,
        &ClientInput {
            name: "Zoé Fixture".into(),
            country: "FR".into(),
            ..ClientInput::default()
        },
    )
    .unwrap();
    let v = vehicles::create(
        &mut store,
        &admin,
        &VehicleInput {
            plate: "ZZ-999-ZZ".into(),
            make: "Renault".into(),
            model: "Clio".into(),
            owner_id: Some(c.id.clone()),
            ..VehicleInput::default()
        },
    )
    .unwrap();
    jobs::create(
        &mut store,
        &admin,
        &NewJob {
            client_id: c.id,
            vehicle_id: v.id,
            zone_ids: vec!["hood".into()],
            film_product: "XPEL Ultimate".into(),
            as_draft: true,
            ..NewJob::default()
        },
    )
    .unwrap();
}

fn open_app(dir: &Path, who: &str, password: &str) -> H {
    let mut h = common::app(dir, false);
    login(&mut h, who, password);
    assert!(h.state().user().is_some(), "not signed in: {}", labels(&h));
    h
}

fn nav(h: &mut H, label: &str, route: RouteKind) {
    click(h, &format!("   {label}"));
    assert_eq!(h.state().route(), route, "{}", labels(h));
}

fn click_button(h: &mut H, label: &str) {
    h.get_by_role_and_label(A11yRole::Button, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(A11yRole::Button, label).click();
    h.run();
}

fn has_button(h: &H, text: &str) -> bool {
    h.query_all_by(|n| n.role() == A11yRole::Button && n.label().is_some_and(|l| l.contains(text)))
        .next()
        .is_some()
}

fn db(dir: &Path) -> Store {
    Store::open(&dir.join("rpma.db")).unwrap().0
}

/// Types into the text input labelled exactly `label` (column headers may carry the same words).
fn type_in(h: &mut H, label: &str, text: &str) {
    let find = |h: &H| {
        h.query_all_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
            .next()
            .is_some()
    };
    assert!(find(h), "no field {label}: {}", labels(h));
    let node =
        h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label));
    node.scroll_to_me();
    h.run();
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .type_text(text);
    h.run();
}

fn search_clients(h: &mut H, text: &str) {
    type_in(h, "Rechercher un client", text);
    h.run();
}

#[test]
fn clients_are_created_through_the_form_and_bad_input_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = open_app(dir.path(), "admin", "Demo-Admin-2026");
    nav(&mut h, "Clients", RouteKind::Clients);
    click(&mut h, "Nouveau client");
    assert!(shows(&h, "Nom et prénom"), "{}", labels(&h));
    // Nothing filled in, bad e-mail and phone: refused field by field.
    type_in(&mut h, "E-mail", "pas-un-mail");
    type_in(&mut h, "Téléphone", "12");
    click(&mut h, "Enregistrer");
    assert!(shows(&h, "Champ obligatoire."), "{}", labels(&h));
    assert!(shows(&h, "Adresse e-mail invalide."));
    assert!(shows(&h, "Numéro de téléphone invalide."));
    assert!(shows(&h, "Certains champs sont à corriger"));
    // Fixed: saved, and the client's page opens with the phone formatted.
    type_in(&mut h, "Nom et prénom", "Élodie Testeur");
    type_in(&mut h, "E-mail", "elodie.testeur@exemple.fr");
    type_in(&mut h, "Téléphone", "0612345678");
    type_in(&mut h, "Code postal", "69003");
    type_in(&mut h, "Ville", "Lyon");
    click(&mut h, "Enregistrer");
    h.run();
    assert!(shows(&h, "Élodie Testeur"), "{}", labels(&h));
    assert!(shows(&h, "Retour"));
    assert!(shows(&h, "06 12 34 56 78"), "{}", labels(&h));

    // A business: company name required, SIRET checked.
    click(&mut h, "Retour");
    click(&mut h, "Nouveau client");
    click_button(&mut h, "Professionnel");
    type_in(&mut h, "Personne à contacter", "Sophie Martin");
    type_in(&mut h, "SIRET", "123");
    click(&mut h, "Enregistrer");
    assert!(shows(&h, "SIRET invalide"), "{}", labels(&h));
    assert!(shows(&h, "Champ obligatoire."));
    type_in(&mut h, "Raison sociale", "Garage Testeur SARL");
    type_in(&mut h, "SIRET", "732 829 320 00074");
    click(&mut h, "Enregistrer");
    h.run();
    assert!(shows(&h, "Garage Testeur SARL"), "{}", labels(&h));
    assert!(shows(&h, "Informations légales"));
    assert!(shows(&h, "73282932000074"));

    let store = db(dir.path());
    let filter = ClientFilter {
        text: "Testeur".into(),
        ..ClientFilter::default()
    };
    assert_eq!(clients::count(store.conn(), &filter).unwrap(), 2);
}

#[test]
fn vehicles_plates_are_normalised_and_vins_checked() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = open_app(dir.path(), "admin", "Demo-Admin-2026");
    nav(&mut h, "Véhicules", RouteKind::Vehicles);
    click(&mut h, "Nouveau véhicule");
    type_in(&mut h, "Immatriculation", "qr456st");
    type_in(&mut h, "Marque", "Peug");
    // The make suggestions appear as you type.
    assert!(shows(&h, "Peugeot"), "{}", labels(&h));
    h.get_by_label(&format!("{}  Peugeot", rpma::ui::icons::CAR))
        .click();
    h.run();
    type_in(&mut h, "Modèle", "308");
    // A North American VIN with a wrong check digit is refused.
    type_in(&mut h, "VIN (numéro de série)", "1M8GDM9A1KP042788");
    click(&mut h, "Enregistrer le véhicule");
    assert!(shows(&h, "Chiffre de contrôle incorrect"), "{}", labels(&h));
    type_in(&mut h, "VIN (numéro de série)", "");
    // The owner is picked by searching clients.
    type_in(&mut h, "Rechercher le propriétaire", "Zoé");
    click(&mut h, "Zoé Fixture");
    click(&mut h, "Enregistrer le véhicule");
    h.run();
    assert!(shows(&h, "QR-456-ST"), "{}", labels(&h));
    assert!(shows(&h, "Identité du véhicule"));

    // A foreign plate: refused as French, accepted once the box is ticked.
    click(&mut h, "Retour");
    click(&mut h, "Nouveau véhicule");
    type_in(&mut h, "Immatriculation", "B 1234 XYZ9");
    type_in(&mut h, "Marque", "Volkswagen");
    click(&mut h, "Enregistrer le véhicule");
    assert!(
        shows(&h, "Immatriculation française non reconnue"),
        "{}",
        labels(&h)
    );
    h.get_by_role_and_label(A11yRole::CheckBox, "Plaque étrangère")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(A11yRole::CheckBox, "Plaque étrangère")
        .click();
    h.run();
    click(&mut h, "Enregistrer le véhicule");
    h.run();
    assert!(shows(&h, "Identité du véhicule"), "{}", labels(&h));

    // Search with or without dashes.
    click(&mut h, "Retour");
    type_in(&mut h, "Rechercher un véhicule", "QR456");
    assert!(shows(&h, "QR-456-ST"), "{}", labels(&h));

    let store = db(dir.path());
    let n = vehicles::count(
        store.conn(),
        &VehicleFilter {
            text: "QR456ST".into(),
            ..VehicleFilter::default()
        },
    )
    .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn client_page_lists_vehicles_and_delete_is_refused_with_open_jobs_then_trash_restores() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = open_app(dir.path(), "chef", "Demo-Chef-2026");
    nav(&mut h, "Clients", RouteKind::Clients);
    search_clients(&mut h, "Fixture");
    click(&mut h, "Zoé Fixture");
    assert!(shows(&h, "ZZ-999-ZZ"), "{}", labels(&h));
    assert!(shows(&h, "Brouillon"), "{}", labels(&h));
    // Open job: delete refused with the reason.
    click_button(&mut h, &format!("{}  Supprimer", rpma::ui::icons::TRASH));
    click_button(&mut h, "Supprimer");
    assert!(shows(&h, "en cours ou prévu"), "{}", labels(&h));

    // Cancel the job in the core, delete the vehicle and client through the UI.
    {
        let mut store = db(dir.path());
        let chef = user(&store, "chef");
        let c = clients::list(
            store.conn(),
            &ClientFilter {
                text: "Fixture".into(),
                ..ClientFilter::default()
            },
        )
        .unwrap();
        let job = jobs::for_client(store.conn(), &chef, &c[0].id, 10, store.now_ms()).unwrap();
        jobs::delete(&mut store, &chef, &job[0].id).unwrap();
    }
    click(&mut h, "Retour");
    search_clients(&mut h, "Zoé");
    click(&mut h, "Zoé Fixture");
    click_button(&mut h, &format!("{}  Supprimer", rpma::ui::icons::TRASH));
    click_button(&mut h, "Supprimer");
    assert!(
        shows(&h, "Client placé dans la corbeille"),
        "{}",
        labels(&h)
    );

    // The trash lists it; restore brings it back.
    nav(&mut h, "Corbeille", RouteKind::Trash);
    assert!(shows(&h, "Zoé Fixture"), "{}", labels(&h));
    h.get_by_label("Restaurer Zoé Fixture").click();
    h.run();
    assert!(shows(&h, "Élément restauré"), "{}", labels(&h));
    let store = db(dir.path());
    let live = clients::count(
        store.conn(),
        &ClientFilter {
            text: "Fixture".into(),
            ..ClientFilter::default()
        },
    )
    .unwrap();
    assert_eq!(live, 1);
}

#[test]
fn technicians_and_viewers_see_only_what_their_role_allows() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = open_app(dir.path(), "karim", "Demo-Tech-2026");
    nav(&mut h, "Clients", RouteKind::Clients);
    search_clients(&mut h, "Fixture");
    click(&mut h, "Zoé Fixture");
    assert!(shows(&h, "ZZ-999-ZZ"), "{}", labels(&h));
    assert!(!has_button(&h, "Supprimer"));
    assert!(!has_button(&h, "Anonymiser"));
    drop(h);

    let mut h = open_app(dir.path(), "accueil", "Demo-Lecture-2026");
    nav(&mut h, "Clients", RouteKind::Clients);
    assert!(!has_button(&h, "Nouveau client"));
    search_clients(&mut h, "Fixture");
    click(&mut h, "Zoé Fixture");
    assert!(shows(&h, "Coordonnées"), "{}", labels(&h));
    assert!(!has_button(&h, "Modifier"));
    assert!(!has_button(&h, "Supprimer"));
}

#[test]
fn admins_add_and_deactivate_catalogue_zones() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut h = open_app(dir.path(), "admin", "Demo-Admin-2026");
    nav(&mut h, "Zones PPF", RouteKind::Zones);
    assert!(shows(&h, "Capot"), "{}", labels(&h));
    click(&mut h, "Ajouter une zone");
    type_in(&mut h, "Nom en français", "Becquet arrière");
    type_in(&mut h, "Citadine (m²)", "abc");
    click(&mut h, "Enregistrer la zone");
    assert!(shows(&h, "Surface entre 0 et 100 m²"), "{}", labels(&h));
    type_in(&mut h, "Citadine (m²)", "0,3");
    for l in [
        "Compacte / berline (m²)",
        "SUV / grande berline (m²)",
        "Utilitaire / grand SUV (m²)",
    ] {
        type_in(&mut h, l, "0,4");
    }
    click(&mut h, "Enregistrer la zone");
    assert!(shows(&h, "Champ obligatoire."), "{}", labels(&h));
    type_in(&mut h, "Nom en anglais", "Rear spoiler");
    click(&mut h, "Enregistrer la zone");
    h.run();
    assert!(
        shows(&h, "Zone « Becquet arrière » enregistrée"),
        "{}",
        labels(&h)
    );
    // Deactivate the hood.
    h.get_by_label("Zone Capot active").click();
    h.run();
    let store = db(dir.path());
    let z = rpma_core::zones::get(store.conn(), "becquet_arriere")
        .unwrap()
        .unwrap();
    assert!(z.is_active);
    assert!((z.areas[0] - 0.3).abs() < 1e-9);
    assert!(
        !rpma_core::zones::get(store.conn(), "hood")
            .unwrap()
            .unwrap()
            .is_active
    );
    drop(store);
    // A zone used by a job cannot be deleted: the reason is shown.
    h.get_by_label("Supprimer la zone Capot").click();
    h.run();
    click_button(&mut h, "Supprimer");
    h.run();
    assert!(shows(&h, "désactivez-la plutôt"), "{}", labels(&h));
}
