//! UI flows on the real app (kittest, inline job backend, temporary data folder).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{app, click, login, shows, type_into};
use egui_kittest::kittest::Queryable as _;
use rpma::route::{self, RouteKind};
use rpma_core::auth::permissions::Role;
use rpma_core::{Lang, Store, users};

#[test]
fn navigation_walks_every_entry_by_its_label() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    assert_eq!(h.state().user().map(|u| u.role), Some(Role::Admin));
    let entries: Vec<_> = route::visible_for(Role::Admin).collect();
    assert_eq!(entries.len(), route::NAV.len(), "an admin sees every area");
    // Walk backwards so that every click really changes the screen.
    for e in entries.iter().rev() {
        let label = Lang::Fr.tr(e.label_key);
        h.get_by_label_contains(&format!("   {label}")).click();
        // Some screens animate their scroll area while they lay out their first page.
        h.run_steps(8);
        assert_eq!(h.state().route(), e.route, "clicking {label}");
        // The page title repeats the entry's label.
        assert!(
            h.get_all_by_label_contains(&label).count() >= 2,
            "{label} screen has no title"
        );
    }
    // Keyboard: Ctrl+2 is the second entry.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    assert_eq!(h.state().route(), entries[1].route);
}

#[test]
fn wrong_password_shows_one_generic_message_and_stays_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "not-the-password");
    assert!(shows(&h, "Identifiant ou mot de passe incorrect."));
    assert!(h.state().user().is_none());
    // Unknown user: the very same message.
    login(&mut h, "personne", "x");
    assert!(shows(&h, "Identifiant ou mot de passe incorrect."));
    // The typed password was cleared after the failure.
    assert_eq!(h.get_by_label("Mot de passe").value().as_deref(), Some(""));
}

#[test]
fn first_run_setup_refuses_bad_input_then_creates_shop_and_admin() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), false);
    assert!(shows(&h, "Bienvenue dans RPMA"));
    // Nothing filled in: messages beside the fields, nothing created.
    click(&mut h, "Créer l'atelier");
    assert!(shows(&h, "Champ obligatoire."));
    type_into(&mut h, "SIRET", "123");
    click(&mut h, "Créer l'atelier");
    assert!(shows(&h, "SIRET invalide"));
    h.get_by_label("SIRET").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    type_into(&mut h, "Nom de l'atelier", "Garage Étoile");
    type_into(&mut h, "Code postal", "69003");
    type_into(&mut h, "Identifiant", "patron");
    type_into(&mut h, "Nom affiché", "Élodie Roux");
    type_into(&mut h, "Mot de passe", "Carrosserie2026");
    type_into(&mut h, "Confirmer le mot de passe", "Carrosserie2026");
    click(&mut h, "Créer l'atelier");
    let user = h.state().user().cloned().expect("signed in after setup");
    assert_eq!(user.role, Role::Admin);
    assert_eq!(user.display_name, "Élodie Roux");
    assert!(shows(&h, "Bonjour Élodie Roux"));
    // Log out, then back in with the new account.
    h.get_by_label("Se déconnecter").click();
    h.run();
    assert!(h.state().user().is_none());
    assert!(
        shows(&h, "Garage Étoile"),
        "the login screen names the shop"
    );
    login(&mut h, "patron", "Carrosserie2026");
    assert!(h.state().user().is_some());
    drop(h);
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    assert_eq!(users::count(store.conn()).unwrap(), 1);
}

#[test]
fn technician_does_not_see_the_database_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "karim", "Demo-Tech-2026");
    assert_eq!(h.state().user().map(|u| u.role), Some(Role::Technician));
    assert!(!shows(&h, "Maintenance"));
    assert!(shows(&h, "Tableau de bord"));
    // Even the keyboard cannot reach it: Ctrl+2 goes to the technician's second entry.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    assert_ne!(h.state().route(), RouteKind::Maintenance);
}

#[test]
fn language_switches_at_run_time_and_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "chef", "Demo-Chef-2026");
    click(&mut h, "Mon profil");
    click(&mut h, "English");
    assert_eq!(h.state().lang(), Lang::En);
    assert!(shows(&h, "Dashboard"));
    assert!(
        shows(&h, "Preferences saved."),
        "toasts: {:?}",
        h.state().toasts()
    );
    drop(h);
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let chef = users::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|u| u.username == "chef")
        .unwrap();
    assert_eq!(chef.locale, Lang::En);
}

#[test]
fn integrity_check_runs_from_the_database_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Maintenance");
    assert!(shows(&h, "audit_log"), "table statistics are listed");
    click(&mut h, "Lancer la vérification");
    assert!(shows(&h, "La base de données est saine."));
    assert!(h.get_all_by_label("Conforme").count() >= 4);
}
