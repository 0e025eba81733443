//! Settings and audit log on the real app (kittest, inline job backend, French UI): the draft is
//! saved in one go and survives a restart, bad input is refused beside its field and changes
//! nothing, discarding restores, the audit log lists and filters, and only admins see either.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{app, click, labels, login, shows};
use egui::accesskit::Role as AxRole;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use rpma::App;
use rpma::route::RouteKind;
use rpma_core::audit::AuditFilter;
use rpma_core::{Store, settings};

const NAME: &str = "Nom de l'atelier";
const IDLE: &str = "Délai d'inactivité (minutes)";

/// Replaces the whole content of the field labelled `label` with `text`.
fn replace(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn value(h: &Harness<'static, App>, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

/// Opens a screen by its side-bar entry.
fn open(h: &mut Harness<'static, App>, entry: &str) {
    click(h, &format!("   {entry}"));
}

fn save(h: &mut Harness<'static, App>) {
    h.get_by_role_and_label(
        AxRole::Button,
        &format!("{} Enregistrer", rpma::ui::icons::FLOPPY_DISK),
    )
    .click();
    h.run();
}

/// The number in the "N entrées" line of the audit screen.
fn entry_count(h: &Harness<'static, App>) -> i64 {
    let label = h
        .query_all_by_label_contains(" entrée")
        .filter_map(|n| n.value())
        .find(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("the entry count: {}", labels(h)));
    label
        .chars()
        .take_while(|c| !c.is_alphabetic())
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

fn dump(h: &Harness<'static, App>) -> String {
    h.query_all_by(|_| true)
        .filter_map(|n| {
            n.value()
                .or_else(|| n.accesskit_node().label())
                .map(|v| format!("{:?}:{v}", n.accesskit_node().role()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn toasts(h: &Harness<'static, App>) -> Vec<String> {
    h.state().toasts().into_iter().map(|t| t.text).collect()
}

#[test]
fn admin_saves_settings_and_they_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open(&mut h, "Réglages");
    assert_eq!(h.state().route(), RouteKind::Settings);
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    assert_eq!(value(&h, IDLE), "30");
    replace(&mut h, NAME, "Atelier Lumière PPF");
    replace(&mut h, IDLE, "15");
    assert!(shows(&h, "Modifications non enregistrées"));
    save(&mut h);
    assert!(
        toasts(&h).iter().any(|t| t == "Réglages enregistrés."),
        "toasts: {:?}",
        toasts(&h)
    );
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    assert!(!shows(&h, "Modifications non enregistrées"));
    // The side bar shows the new name at once.
    assert!(shows(&h, "Atelier Lumière PPF"), "{}", labels(&h));
    drop(h);

    // A new app on the same data folder reads the saved values.
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open(&mut h, "Réglages");
    assert_eq!(value(&h, NAME), "Atelier Lumière PPF");
    assert_eq!(value(&h, IDLE), "15");
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    drop(h);
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let all = settings::get_all(store.conn()).unwrap();
    assert_eq!(all.org.name, "Atelier Lumière PPF");
    assert_eq!(all.security.idle_timeout_min, 15);
}

#[test]
fn bad_input_is_refused_beside_each_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open(&mut h, "Réglages");
    let name_before = value(&h, NAME);
    replace(&mut h, NAME, "Nom jamais enregistré");
    replace(&mut h, IDLE, "999");
    replace(&mut h, "Lundi, ouverture", "25:00");
    replace(&mut h, "SIRET", "123");
    save(&mut h);
    assert!(
        shows(&h, "Valeur attendue entre 1 et 480."),
        "{}",
        labels(&h)
    );
    assert!(shows(&h, "Horaire invalide"));
    assert!(shows(&h, "SIRET invalide"));
    assert!(shows(&h, "Certains champs sont à corriger"));
    // The message sits right under its field.
    let field = h.get_by_label(IDLE).rect();
    let message = h.get_by_label("Valeur attendue entre 1 et 480.").rect();
    assert!(
        message.top() >= field.bottom() - 1.0 && message.top() - field.bottom() < 30.0,
        "field {field:?}, message {message:?}"
    );
    assert!(message.left() >= field.left() - 1.0 && message.left() < field.right());
    // Still a draft: nothing was saved, the typed values are kept for correction.
    assert!(shows(&h, "Modifications non enregistrées"));
    assert_eq!(value(&h, NAME), "Nom jamais enregistré");

    // Text where a number is expected: refused before anything is sent, with the other problems.
    replace(&mut h, IDLE, "trente");
    save(&mut h);
    assert!(shows(&h, "Saisissez un nombre entier."));
    assert!(shows(&h, "SIRET invalide"));
    assert!(toasts(&h).iter().all(|t| t != "Réglages enregistrés."));
    drop(h);

    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let all = settings::get_all(store.conn()).unwrap();
    assert_eq!(all.org.name, name_before);
    assert_eq!(all.security.idle_timeout_min, 30);
    assert_eq!(
        all.shop
            .business_hours
            .mon
            .as_ref()
            .map(|h| h.open.as_str()),
        Some("08:00")
    );
    let filter = AuditFilter {
        action: Some("settings".into()),
        ..AuditFilter::default()
    };
    assert_eq!(
        rpma_core::testing::audit_count(store.conn(), &filter).unwrap(),
        0
    );
}

#[test]
fn planning_settings_bays_and_workload_cap_are_saved_and_bad_values_refused() {
    const BAYS: &str = "Baies (une par ligne)";
    const CAP: &str = "Travaux par technicien et par jour (maximum)";
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open(&mut h, "Réglages");
    assert_eq!(value(&h, CAP), "6");
    // A duplicate bay and a cap out of range: both refused beside their field, nothing saved.
    replace(&mut h, BAYS, "Cabine A\ncabine a");
    replace(&mut h, CAP, "0");
    save(&mut h);
    assert!(
        shows(&h, "La baie « cabine a » figure deux fois."),
        "{}",
        labels(&h)
    );
    assert!(
        shows(&h, "Valeur attendue entre 1 et 50."),
        "{}",
        labels(&h)
    );
    {
        let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
        let planning = settings::get_planning(store.conn()).unwrap();
        assert_eq!(planning, settings::PlanningSettings::default());
    }
    // Corrected: saved, blank lines dropped, and the jobs use the new bays.
    replace(&mut h, BAYS, "Cabine A\n\nCabine B");
    replace(&mut h, CAP, "4");
    save(&mut h);
    assert!(
        toasts(&h).iter().any(|t| t == "Réglages enregistrés."),
        "toasts: {:?}",
        toasts(&h)
    );
    drop(h);
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let planning = settings::get_planning(store.conn()).unwrap();
    assert_eq!(planning.bays, vec!["Cabine A", "Cabine B"]);
    assert_eq!(planning.max_jobs_per_technician_per_day, 4);
}

#[test]
fn discard_restores_the_saved_values_and_the_draft_survives_navigation() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open(&mut h, "Réglages");
    let saved_name = value(&h, NAME);
    replace(&mut h, NAME, "Brouillon");
    replace(&mut h, IDLE, "45");
    // Away and back: the draft is still there.
    open(&mut h, "Tableau de bord");
    open(&mut h, "Réglages");
    assert_eq!(value(&h, NAME), "Brouillon");
    assert!(shows(&h, "Modifications non enregistrées"));
    // Discarding asks first; keeping on editing changes nothing.
    click(&mut h, "Annuler les modifications");
    assert!(shows(&h, "Revenir aux valeurs enregistrées ?"));
    click(&mut h, "Continuer la saisie");
    assert_eq!(value(&h, NAME), "Brouillon");
    click(&mut h, "Annuler les modifications");
    click(&mut h, "Abandonner les modifications");
    assert_eq!(value(&h, NAME), saved_name);
    assert_eq!(value(&h, IDLE), "30");
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
}

#[test]
fn audit_log_lists_the_settings_change_and_a_failed_login_and_filters_by_user() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "pas-le-bon-mot-de-passe");
    assert!(h.state().user().is_none());
    // The login stays typed after a failure; the password was cleared.
    replace(&mut h, "Identifiant ou e-mail", "admin");
    common::type_into(&mut h, "Mot de passe", "Demo-Admin-2026");
    click(&mut h, "Se connecter");
    assert!(h.state().user().is_some());
    open(&mut h, "Réglages");
    replace(&mut h, IDLE, "20");
    save(&mut h);
    open(&mut h, "Journal d'audit");
    assert_eq!(h.state().route(), RouteKind::Audit);
    // Each entry is a sentence naming who and what (issue 12: no codes, no bare ids).
    assert!(
        shows(&h, "Claire Moreau a modifié les réglages « Sécurité »"),
        "{}",
        labels(&h)
    );
    assert!(shows(&h, "Connexion refusée pour l'identifiant « admin »"));
    assert!(shows(&h, "Connexion de Claire Moreau"));
    // The failed sign-in has no acting user.
    assert!(shows(&h, "Système"));
    assert!(shows(&h, "chaîne"), "the integrity chain note is shown");

    // Details of the security change, in a dialog: the idle timeout went from 30 to 20.
    click(&mut h, "Claire Moreau a modifié les réglages « Sécurité »");
    assert!(
        shows(&h, "Réglages · Sécurité"),
        "the record, named: {}",
        labels(&h)
    );
    assert!(shows(&h, "Détail de l'entrée"));
    assert!(shows(&h, "idle_timeout_min"), "{}", dump(&h));
    assert!(h.query_all_by_label("30").next().is_some());
    assert!(h.query_all_by_label("20").next().is_some());
    assert!(shows(&h, "Données brutes (JSON)"));
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!shows(&h, "Détail de l'entrée"));

    // Filter on Claire Moreau (the admin): the anonymous failed sign-in disappears.
    let count_all = entry_count(&h);
    h.get_by_role_and_label(AxRole::ComboBox, "Utilisateur")
        .click();
    h.run();
    let option = h
        .get_all_by_label("Claire Moreau")
        .find(|n| n.accesskit_node().role() != AxRole::Label)
        .expect("Claire Moreau in the user filter");
    option.click();
    h.run();
    assert!(!shows(&h, "Connexion refusée"), "{}", labels(&h));
    assert!(shows(&h, "a modifié les réglages « Sécurité »"));
    let count_mine = entry_count(&h);
    assert!(count_mine < count_all, "{count_mine} vs {count_all}");

    // A bad date asks for nothing and says why.
    click(&mut h, "Effacer les filtres");
    assert!(shows(&h, "Connexion refusée"));
    common::type_into(&mut h, "Du", "31/02/2026");
    click(&mut h, "Filtrer");
    assert!(shows(&h, "Date invalide"));
    assert!(shows(&h, "Connexion refusée"), "the list is unchanged");
}

#[test]
fn technicians_and_supervisors_see_neither_settings_nor_audit() {
    for (login_name, password) in [("karim", "Demo-Tech-2026"), ("chef", "Demo-Chef-2026")] {
        let dir = tempfile::tempdir().unwrap();
        let mut h = app(dir.path(), true);
        login(&mut h, login_name, password);
        assert!(h.state().user().is_some(), "{login_name} signed in");
        assert!(!shows(&h, "Réglages"), "{login_name}: {}", labels(&h));
        assert!(!shows(&h, "Journal d'audit"), "{login_name}");
        // Not through the keyboard either.
        for key in [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
        ] {
            h.key_press_modifiers(egui::Modifiers::COMMAND, key);
            h.run();
            assert!(!matches!(
                h.state().route(),
                RouteKind::Settings | RouteKind::Audit
            ));
        }
    }
}
