//! Jobs list, job page and creation wizard, through the real app (kittest, labels).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, click, labels, login, set_field, shows};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::RouteKind;

/// Today's job-number prefix (`YYYYMMDD-`) in the shop's time zone.
fn today_prefix() -> String {
    chrono::Utc::now()
        .with_timezone(&rpma_core::format::DEFAULT_TZ)
        .format("%Y%m%d-")
        .to_string()
}

/// The text in the field labelled `label`.
fn field_value(h: &Harness<'static, App>, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

/// Runs frames so that egui's clock moves past the draft's debounce.
fn settle(h: &mut Harness<'static, App>, frames: usize) {
    for _ in 0..frames {
        h.step();
    }
    h.run();
}

fn open_wizard(h: &mut Harness<'static, App>) {
    click(h, "Travaux");
    click(h, "Nouveau travail");
    assert_eq!(h.state().route(), RouteKind::NewJob, "{}", labels(h));
}

/// Steps 1 and 2: a new vehicle (plate typed without dashes) and a new client. Each form is
/// checked by the core when the step is left and kept in the draft: nothing is saved before the
/// job.
fn vehicle_and_client(h: &mut Harness<'static, App>, plate: &str, client: &str) {
    click(h, "Nouveau véhicule");
    set_field(h, "Plaque", plate);
    set_field(h, "Marque", "Peugeot");
    set_field(h, "Modèle", "308");
    click(h, "Suivant");
    assert!(shows(h, "Pour quel client ?"), "{}", labels(h));
    click(h, "Nouveau client");
    set_field(h, "Nom du client", client);
    click(h, "Suivant");
    assert!(shows(h, "Zones à protéger"), "{}", labels(h));
}

#[test]
fn create_a_job_through_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_wizard(&mut h);
    vehicle_and_client(&mut h, "ab123cd", "Jeanne Martin");
    click(&mut h, "Pare-chocs avant");
    assert!(shows(&h, "1 zone"), "{}", labels(&h));
    click(&mut h, "Suivant");
    set_field(&mut h, "Film utilisé", "XPEL Ultimate Plus");
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    assert!(shows(&h, "Récapitulatif"));
    // The new vehicle and client, as they will be saved with the job.
    assert!(
        shows(&h, "Nouveau véhicule : Peugeot 308 (AB-123-CD)"),
        "{}",
        labels(&h)
    );
    assert!(
        shows(&h, "Nouveau client : Jeanne Martin"),
        "{}",
        labels(&h)
    );
    click(&mut h, "Créer le travail");
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    assert!(shows(&h, &today_prefix()), "{}", labels(&h));
    assert!(shows(&h, "Jeanne Martin"));
    assert!(shows(&h, "XPEL Ultimate Plus"));
}

#[test]
fn bad_input_shows_messages_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_wizard(&mut h);
    vehicle_and_client(&mut h, "ab123cd", "Jeanne Martin");
    // No zone.
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    // End before start: pick an end earlier than the start.
    open_combo(&mut h, "Fin");
    assert!(
        h.query_all_by_label("08:00").last().is_some(),
        "{}",
        labels(&h)
    );
    h.query_all_by_label("08:00").last().unwrap().click();
    h.run();
    click(&mut h, "Suivant");
    click(&mut h, "Créer le travail");
    assert!(shows(&h, "Choisissez au moins une zone."), "{}", labels(&h));
    assert_eq!(h.state().route(), RouteKind::NewJob);
}

/// Opens the combo box labelled `label` (its caption is a separate node: both get the click).
fn open_combo(h: &mut Harness<'static, App>, label: &str) {
    let n = h.query_all_by_label(label).count();
    for i in 0..n {
        if let Some(node) = h.query_all_by_label(label).nth(i) {
            node.click();
        }
    }
    h.run();
}

#[test]
fn the_draft_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = app(dir.path(), true);
        login(&mut h, "admin", "Demo-Admin-2026");
        open_wizard(&mut h);
        click(&mut h, "Nouveau véhicule");
        set_field(&mut h, "Plaque", "GH-456-JK");
        set_field(&mut h, "Marque", "Renault");
        settle(&mut h, 90);
        // Dropped without any shutdown hook: a crash.
    }
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_wizard(&mut h);
    assert!(shows(&h, "Brouillon restauré"), "{}", labels(&h));
    assert_eq!(field_value(&h, "Plaque"), "GH-456-JK", "{}", labels(&h));
    assert_eq!(field_value(&h, "Marque"), "Renault");
    click(&mut h, "Recommencer");
    assert!(!shows(&h, "Brouillon restauré"));
    assert!(h.query_by_label("Plaque").is_none());
}

#[test]
fn status_actions_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_wizard(&mut h);
    vehicle_and_client(&mut h, "ab123cd", "Jeanne Martin");
    click(&mut h, "Pare-chocs avant");
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    click(&mut h, "Créer le travail");
    assert!(shows(&h, "Planifiée"), "{}", labels(&h));
    // Work starts, pauses and ends through the guided intervention, not by status buttons.
    assert!(!shows(&h, "Mettre en pause"), "{}", labels(&h));
    assert!(!shows(&h, "Terminer"), "{}", labels(&h));
    click(&mut h, "Démarrer l'intervention");
    settle(&mut h, 4);
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
    assert!(shows(&h, "Inspection du véhicule"), "{}", labels(&h));
    // Back returns where the user came from: the job page; the shop floor lists it.
    click(&mut h, "Retour");
    settle(&mut h, 4);
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    assert!(shows(&h, "Ouvrir l'intervention"), "{}", labels(&h));
    click(&mut h, "   Atelier");
    settle(&mut h, 4);
    assert_eq!(h.state().route(), RouteKind::Atelier, "{}", labels(&h));
    assert!(
        shows(&h, "Étape 1/3 · Inspection du véhicule"),
        "{}",
        labels(&h)
    );
    // Back on the job: it is in progress and offers to open its intervention.
    click(&mut h, "AB-123-CD · Jeanne Martin");
    settle(&mut h, 4);
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
}

#[test]
fn cancel_without_reason_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_wizard(&mut h);
    vehicle_and_client(&mut h, "ab123cd", "Jeanne Martin");
    click(&mut h, "Pare-chocs avant");
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    click(&mut h, "Créer le travail");
    click(&mut h, "Annuler le travail");
    click(&mut h, "Confirmer");
    assert!(shows(&h, "Indiquez un motif."), "{}", labels(&h));
    set_field(&mut h, "Motif", "Client absent");
    click(&mut h, "Confirmer");
    assert!(shows(&h, "Annulée"), "{}", labels(&h));
    assert!(shows(&h, "Client absent"));
}

#[test]
fn viewer_has_no_new_job_button() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "accueil", "Demo-Lecture-2026");
    click(&mut h, "Travaux");
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    assert!(!shows(&h, "Nouveau travail"), "{}", labels(&h));
}

#[test]
fn technician_cannot_edit_or_delete() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_wizard(&mut h);
    vehicle_and_client(&mut h, "ab123cd", "Jeanne Martin");
    click(&mut h, "Pare-chocs avant");
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    // Assign Karim, three months ahead: the proposed slot (the next opening) may be one of the
    // demo's own jobs for him, a conflict the wizard would stop on.
    for _ in 0..3 {
        click(&mut h, "Mois suivant");
    }
    h.get_by_label("15").click();
    h.run();
    open_combo(&mut h, "Technicien");
    click(&mut h, "Karim");
    click(&mut h, "Suivant");
    click(&mut h, "Créer le travail");
    assert!(shows(&h, &today_prefix()), "{}", labels(&h));
    drop(h);
    let mut h = app(dir.path(), false);
    login(&mut h, "karim", "Demo-Tech-2026");
    click(&mut h, "Travaux");
    common::type_into(&mut h, "Rechercher un travail", "Jeanne Martin");
    click(&mut h, "Jeanne Martin");
    assert!(shows(&h, "Démarrer"), "{}", labels(&h));
    assert!(!shows(&h, "Supprimer"), "{}", labels(&h));
    assert!(!shows(&h, "Annuler le travail"), "{}", labels(&h));
}
