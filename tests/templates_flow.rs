//! The workflow template editor and the wizard's template choice, on the real app (kittest,
//! inline job backend, French UI): an admin edits a built-in template from the settings, bad
//! input is refused beside its field and saves nothing, only admins reach the editor, and a job
//! created with a chosen template records it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{app, click, labels, login, set_field, shows};
use egui::accesskit::Role as AxRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::{self, RouteKind};
use rpma_core::Store;
use rpma_core::auth::permissions::Role;
use rpma_core::workflow::{self, EXPRESS_ID, STANDARD_ID};

/// Opens a screen by its side-bar entry.
fn open(h: &mut Harness<'static, App>, entry: &str) {
    click(h, &format!("   {entry}"));
}

/// Settings → "Modèles d'intervention" → the editor.
fn open_editor(h: &mut Harness<'static, App>) {
    open(h, "Réglages");
    assert!(shows(h, "Modèles d'intervention"), "{}", labels(h));
    click(h, "Ouvrir l'éditeur de modèles");
    assert_eq!(h.state().route(), RouteKind::Templates, "{}", labels(h));
    assert!(shows(h, "PPF standard"), "{}", labels(h));
}

fn value(h: &Harness<'static, App>, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

/// The template as stored (the app is dropped first: one writer at a time).
fn stored(dir: &std::path::Path, id: &str) -> workflow::Template {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    workflow::get(store.conn(), id).unwrap()
}

#[test]
fn admin_edits_the_standard_template_from_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_editor(&mut h);
    click(&mut h, "PPF standard");
    assert!(shows(&h, "Version 1"), "{}", labels(&h));
    click(&mut h, "2. Préparation");
    // The preparation step has 6 items: the new one is the 7th.
    assert_eq!(value(&h, "Élément 6 (français)"), "Contrôle de la surface");
    click(&mut h, "Ajouter un élément");
    set_field(&mut h, "Élément 7 (français)", "Contrôle à la lampe");
    set_field(&mut h, "Élément 7 (anglais)", "Lamp check");
    click(&mut h, "approbation");
    assert!(
        shows(&h, "Modifications non enregistrées"),
        "{}",
        labels(&h)
    );
    click(&mut h, "Enregistrer le modèle");
    assert!(
        shows(&h, "Modèle « PPF standard » enregistré : version 2."),
        "toasts: {:?}",
        h.state().toasts()
    );
    assert!(shows(&h, "Version 2"), "{}", labels(&h));
    assert!(shows(&h, "Tout est enregistré"), "{}", labels(&h));
    drop(h);

    let saved = stored(dir.path(), STANDARD_ID);
    assert_eq!(saved.version, 2);
    assert!(saved.steps[1].approval);
    let last = saved.steps[1].checklist.last().unwrap();
    assert_eq!(last.label.fr, "Contrôle à la lampe");
    assert_eq!(last.label.en, "Lamp check");
    assert!(!last.id.is_empty());
    // The other steps are untouched.
    assert!(!saved.steps[0].approval);
    assert_eq!(saved.steps[0], workflow::standard().steps[0]);

    // Reopened after a restart: the item is there.
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_editor(&mut h);
    click(&mut h, "PPF standard");
    assert!(shows(&h, "Version 2"), "{}", labels(&h));
    click(&mut h, "2. Préparation");
    assert_eq!(value(&h, "Élément 7 (français)"), "Contrôle à la lampe");
    assert_eq!(value(&h, "Élément 7 (anglais)"), "Lamp check");
}

#[test]
fn a_cleared_step_title_is_refused_beside_it_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_editor(&mut h);
    click(&mut h, "PPF standard");
    click(&mut h, "1. Inspection");
    assert_eq!(value(&h, "Titre (français)"), "Inspection du véhicule");
    set_field(&mut h, "Titre (français)", "");
    click(&mut h, "Enregistrer le modèle");
    assert!(
        shows(&h, "Chaque étape a besoin d'un titre."),
        "{}",
        labels(&h)
    );
    assert!(
        shows(&h, "Le modèle n'a pas été enregistré"),
        "toasts: {:?}",
        h.state().toasts()
    );
    assert!(shows(&h, "Version 1"), "{}", labels(&h));
    // The draft is kept for correcting; cancelling restores the saved title.
    assert_eq!(value(&h, "Titre (français)"), "");
    click(&mut h, "Annuler les modifications");
    assert!(!shows(&h, "Chaque étape a besoin d'un titre."));
    drop(h);
    let t = stored(dir.path(), STANDARD_ID);
    assert_eq!(t.version, 1);
    assert_eq!(t, workflow::standard());
}

#[test]
fn bad_numbers_are_refused_before_sending() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_editor(&mut h);
    click(&mut h, "Express");
    click(&mut h, "3. Finalisation");
    set_field(&mut h, "Photos maximum", "beaucoup");
    click(&mut h, "Enregistrer le modèle");
    assert!(
        shows(&h, "Saisissez un nombre entier positif."),
        "{}",
        labels(&h)
    );
    // A maximum below the named shots is the core's refusal, shown in the same place.
    set_field(&mut h, "Photos maximum", "0");
    click(&mut h, "Enregistrer le modèle");
    assert!(shows(&h, "Nombre de photos incohérent"), "{}", labels(&h));
    drop(h);
    assert_eq!(stored(dir.path(), EXPRESS_ID).version, 1);
}

#[test]
fn only_admins_reach_the_editor() {
    assert!(route::allowed(Role::Admin, RouteKind::Templates));
    for role in [Role::Supervisor, Role::Technician, Role::Viewer] {
        assert!(!route::allowed(role, RouteKind::Templates), "{role:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "karim", "Demo-Tech-2026");
    assert!(h.state().user().is_some(), "{}", labels(&h));
    assert!(!shows(&h, "Réglages"), "{}", labels(&h));
    assert!(!shows(&h, "Modèles d'intervention"), "{}", labels(&h));
    assert!(!shows(&h, "Ouvrir l'éditeur de modèles"));
    assert_ne!(h.state().route(), RouteKind::Templates);
    drop(h);
    // A supervisor neither.
    let mut h = app(dir.path(), false);
    login(&mut h, "chef", "Demo-Chef-2026");
    assert!(!shows(&h, "Ouvrir l'éditeur de modèles"), "{}", labels(&h));
    assert_ne!(h.state().route(), RouteKind::Templates);
}

/// Opens the combo box labelled `label`.
fn open_combo(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Runs frames so that egui's clock moves past the draft's debounce.
fn settle(h: &mut Harness<'static, App>, frames: usize) {
    for _ in 0..frames {
        h.step();
    }
    h.run();
}

/// Wizard steps 1 to 3: a new vehicle and client, then three zones; ends on the details step.
fn wizard_to_details(h: &mut Harness<'static, App>) {
    click(h, "Travaux");
    click(h, "Nouveau travail");
    assert_eq!(h.state().route(), RouteKind::NewJob, "{}", labels(h));
    click(h, "Nouveau véhicule");
    set_field(h, "Plaque", "ab123cd");
    set_field(h, "Marque", "Peugeot");
    set_field(h, "Modèle", "308");
    // Checked by the core on leaving the step; created with the job.
    click(h, "Suivant");
    click(h, "Nouveau client");
    set_field(h, "Nom du client", "Jeanne Martin");
    click(h, "Suivant");
    assert!(shows(h, "Zones à protéger"), "{}", labels(h));
    click(h, "Pare-chocs avant");
    click(h, "Toit");
    click(h, "Phares");
    assert!(shows(h, "3 zones"), "{}", labels(h));
    click(h, "Suivant");
    assert!(shows(h, "Modèle d'intervention"), "{}", labels(h));
}

#[test]
fn the_wizard_records_the_chosen_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    wizard_to_details(&mut h);
    // Automatic by default, and it says what the rule picks for 3 zones.
    assert_eq!(
        h.get_by_label("Modèle d'intervention").value().as_deref(),
        Some("Automatique (Express jusqu'à 2 zones)"),
        "{}",
        labels(&h)
    );
    assert!(
        shows(&h, "Avec 3 zones, la règle choisit : PPF standard."),
        "{}",
        labels(&h)
    );
    open_combo(&mut h, "Modèle d'intervention");
    h.query_all_by_label("Express")
        .last()
        .unwrap_or_else(|| panic!("no Express entry: {}", labels(&h)))
        .click();
    h.run();
    assert!(!shows(&h, "la règle choisit"), "{}", labels(&h));
    assert_eq!(
        h.get_by_label("Modèle d'intervention").value().as_deref(),
        Some("Express")
    );
    click(&mut h, "Suivant");
    click(&mut h, "Suivant");
    assert!(shows(&h, "Récapitulatif"), "{}", labels(&h));
    assert!(h.query_by_label("Express").is_some(), "{}", labels(&h));
    click(&mut h, "Créer le travail");
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    drop(h);
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let (template, zones): (Option<String>, i64) = store
        .conn()
        .query_row(
            "SELECT j.template_id, (SELECT COUNT(*) FROM job_zones z WHERE z.job_id = j.id)
             FROM jobs j JOIN vehicles v ON v.id = j.vehicle_id WHERE v.plate = 'AB-123-CD'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(zones, 3);
    assert_eq!(template.as_deref(), Some(EXPRESS_ID));
}

#[test]
fn the_template_choice_survives_in_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = app(dir.path(), true);
        login(&mut h, "admin", "Demo-Admin-2026");
        wizard_to_details(&mut h);
        open_combo(&mut h, "Modèle d'intervention");
        h.query_all_by_label("Express").last().unwrap().click();
        h.run();
        settle(&mut h, 90);
        // Dropped without any shutdown hook: a crash.
    }
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Travaux");
    click(&mut h, "Nouveau travail");
    assert!(shows(&h, "Brouillon restauré"), "{}", labels(&h));
    assert!(shows(&h, "Modèle d'intervention"), "{}", labels(&h));
    assert!(!shows(&h, "la règle choisit"), "{}", labels(&h));
    assert_eq!(
        h.get_by_label("Modèle d'intervention").value().as_deref(),
        Some("Express"),
        "{}",
        labels(&h)
    );
}

#[test]
fn new_duplicate_deactivate_and_discard() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_editor(&mut h);
    // A new template starts with inspection, installation and finalization.
    click(&mut h, "Nouveau modèle");
    assert!(shows(&h, "3. Finalisation"), "{}", labels(&h));
    set_field(&mut h, "Nom (français)", "Pose capot seul");
    click(&mut h, "Enregistrer le modèle");
    assert!(
        shows(&h, "Modèle « Pose capot seul » créé."),
        "toasts: {:?}",
        h.state().toasts()
    );
    // Express, duplicated, then the copy deactivated.
    click(&mut h, "Express");
    click(&mut h, "Dupliquer");
    assert!(
        shows(&h, "Copie créée : « Express (copie) »."),
        "toasts: {:?}",
        h.state().toasts()
    );
    assert_eq!(value(&h, "Nom (français)"), "Express (copie)");
    click(&mut h, "Actif : proposé");
    click(&mut h, "Enregistrer le modèle");
    assert!(shows(&h, "version 2"), "toasts: {:?}", h.state().toasts());
    assert!(shows(&h, "Inactif"), "{}", labels(&h));
    // Unsaved changes are not dropped silently when another template is picked.
    set_field(&mut h, "Nom (français)", "Express bis");
    click(&mut h, "PPF standard");
    assert!(
        shows(&h, "Abandonner les modifications ?"),
        "{}",
        labels(&h)
    );
    h.get_by_role_and_label(AxRole::Button, "Abandonner")
        .click();
    h.run();
    assert_eq!(value(&h, "Nom (français)"), "PPF standard");
    drop(h);

    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let all = workflow::list(store.conn(), true).unwrap();
    assert_eq!(all.len(), 4, "{all:?}");
    let copy = all.iter().find(|t| t.name.fr == "Express (copie)").unwrap();
    assert!(!copy.active);
    assert_eq!(copy.version, 2);
    assert_eq!(copy.steps, workflow::express().steps);
    let new = all.iter().find(|t| t.name.fr == "Pose capot seul").unwrap();
    assert!(new.active);
    assert_eq!(new.steps.len(), 3);
    // Only active templates are offered for new jobs.
    assert_eq!(workflow::list(store.conn(), false).unwrap().len(), 3);
}
