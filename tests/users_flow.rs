//! The Users screen on the real app (kittest, inline job backend, French UI): creating an account
//! that must choose its password at first login, refused input, password reset with a temporary
//! password shown once, lockout and unlock, role change and deactivation with confirmation,
//! two-factor reset, and who sees what (admin, supervisor read only, technician nothing).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{app, click, labels, shows, type_into};
use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::RouteKind;
use rpma_core::auth::permissions::Role;
use rpma_core::{Store, users};
use rpma_demo as demo;

type H = Harness<'static, App>;

/// Replaces the whole content of the field labelled `label`.
fn replace_in(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    type_into(h, label, text);
}

/// Signs in from the login screen, whatever the fields hold from a previous try.
fn sign_in(h: &mut H, user: &str, password: &str) {
    replace_in(h, "Identifiant ou e-mail", user);
    replace_in(h, "Mot de passe", password);
    click(h, "Se connecter");
}

fn logout(h: &mut H) {
    h.get_by_label("Se déconnecter").click();
    h.run();
    assert!(h.state().user().is_none(), "still signed in");
}

fn open_users(h: &mut H) {
    click(h, "   Utilisateurs");
    assert_eq!(h.state().route(), RouteKind::Users);
}

/// Clicks the button whose label is exactly `label` (table names, dialog buttons).
fn click_button(h: &mut H, label: &str) {
    h.get_by_role_and_label(A11yRole::Button, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(A11yRole::Button, label).click();
    h.run();
}

fn has_button(h: &H, label: &str) -> bool {
    h.query_all_by(|n| n.role() == A11yRole::Button && n.label().is_some_and(|l| l.contains(label)))
        .next()
        .is_some()
}

/// Types into the text or password input labelled exactly `label` (the login screen's new
/// password step has a title with the same words as its first field).
fn type_into_input(h: &mut H, label: &str, text: &str) {
    input_node(h, label).focus();
    h.run();
    input_node(h, label).type_text(text);
    h.run();
}

fn input_node<'a>(h: &'a H, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by(move |n| {
        matches!(n.role(), A11yRole::TextInput | A11yRole::PasswordInput)
            && n.label().as_deref() == Some(label)
    })
}

/// The error message shown right under the field labelled `field` (within 40 points).
fn error_under(h: &H, field: &str, message: &str) -> bool {
    let f = h.get_by_label(field).rect();
    h.query_all_by_label_contains(message).any(|m| {
        let r = m.rect();
        r.top() >= f.bottom() - 1.0 && r.top() - f.bottom() < 40.0 && r.left() < f.right()
    })
}

fn user_in_db(dir: &std::path::Path, username: &str) -> Option<users::User> {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    users::list(store.conn())
        .unwrap()
        .into_iter()
        .find(|u| u.username == username)
}

fn count_in_db(dir: &std::path::Path) -> i64 {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    users::count(store.conn()).unwrap()
}

#[test]
fn admin_creates_a_technician_who_chooses_a_password_at_first_login() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    sign_in(&mut h, "admin", "Demo-Admin-2026");
    open_users(&mut h);
    assert!(has_button(&h, "Karim Benali"), "{}", labels(&h));
    click(&mut h, "Nouvel utilisateur");
    assert!(shows(&h, "devra choisir son propre mot de passe"));
    type_into(&mut h, "Identifiant", "marie");
    type_into(&mut h, "Nom affiché", "Marie Curie");
    type_into(&mut h, "E-mail (facultatif)", "marie@atelier.test");
    click(&mut h, "Technicien");
    type_into(&mut h, "Mot de passe initial", "Atelier-Marie-2026");
    type_into(&mut h, "Confirmer le mot de passe", "Atelier-Marie-2026");
    click(&mut h, "Créer le compte");
    assert!(
        shows(&h, "Compte de Marie Curie créé."),
        "toasts: {:?}",
        h.state().toasts()
    );
    // Back on the list, which shows the new account.
    assert!(has_button(&h, "Marie Curie"), "{}", labels(&h));
    assert!(shows(&h, "marie@atelier.test"));
    logout(&mut h);

    // The new account signs in and must choose its own password first.
    sign_in(&mut h, "marie", "Atelier-Marie-2026");
    assert!(h.state().user().is_none());
    assert!(
        shows(&h, "Choisissez votre mot de passe")
            && h.query_all_by_label("Nouveau mot de passe").count() >= 1,
        "the new password step: {}",
        labels(&h)
    );
    type_into_input(&mut h, "Nouveau mot de passe", "Mon-Propre-Secret-9");
    type_into_input(&mut h, "Confirmer le mot de passe", "Mon-Propre-Secret-9");
    click(&mut h, "Enregistrer et continuer");
    let me = h.state().user().cloned().expect("signed in");
    assert_eq!(me.username, "marie");
    assert_eq!(me.role, Role::Technician);
    // A technician does not see the Users screen.
    assert!(!shows(&h, "Utilisateurs"));
    drop(h);
    let marie = user_in_db(dir.path(), "marie").unwrap();
    assert!(!marie.must_change_password);
    assert_eq!(marie.email.as_deref(), Some("marie@atelier.test"));
}

#[test]
fn bad_input_is_refused_next_to_the_fields_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    let before = {
        // The demo shop's accounts.
        demo::DEMO_ACCOUNTS.len() as i64
    };
    sign_in(&mut h, "admin", "Demo-Admin-2026");
    open_users(&mut h);
    click(&mut h, "Nouvel utilisateur");

    // A username already taken.
    type_into(&mut h, "Identifiant", "karim");
    type_into(&mut h, "Nom affiché", "Karim Bis");
    type_into(&mut h, "Mot de passe initial", "Atelier-Karim-2026");
    type_into(&mut h, "Confirmer le mot de passe", "Atelier-Karim-2026");
    click(&mut h, "Créer le compte");
    assert!(
        error_under(&h, "Identifiant", "Cet identifiant est déjà pris."),
        "{}",
        labels(&h)
    );
    assert!(shows(&h, "Certains champs sont à corriger"));
    // The passwords were cleared after the attempt.
    assert_eq!(
        h.get_by_label("Mot de passe initial").value().as_deref(),
        Some("")
    );

    // Passwords that differ: refused before anything is sent.
    replace_in(&mut h, "Identifiant", "nouveau");
    type_into(&mut h, "Mot de passe initial", "Atelier-Nouveau-2026");
    type_into(&mut h, "Confirmer le mot de passe", "Atelier-Autre-2026");
    click(&mut h, "Créer le compte");
    assert!(
        error_under(
            &h,
            "Confirmer le mot de passe",
            "Les deux mots de passe ne correspondent pas."
        ),
        "{}",
        labels(&h)
    );
    assert!(!shows(&h, "Cet identifiant est déjà pris."));

    // A weak password: every rule it breaks, under the field.
    type_into(&mut h, "Mot de passe initial", "court");
    type_into(&mut h, "Confirmer le mot de passe", "court");
    click(&mut h, "Créer le compte");
    assert!(error_under(
        &h,
        "Mot de passe initial",
        "Au moins 10 caractères."
    ));
    assert!(shows(&h, "Au moins une majuscule."));
    assert!(shows(&h, "Au moins un chiffre."));

    // An e-mail that is not one.
    type_into(&mut h, "E-mail (facultatif)", "pas-un-email");
    type_into(&mut h, "Mot de passe initial", "Atelier-Nouveau-2026");
    type_into(&mut h, "Confirmer le mot de passe", "Atelier-Nouveau-2026");
    click(&mut h, "Créer le compte");
    assert!(error_under(
        &h,
        "E-mail (facultatif)",
        "Adresse e-mail invalide."
    ));
    assert!(h.state().toasts().is_empty(), "{:?}", h.state().toasts());

    // Cancel: back to the list, nobody new.
    click(&mut h, "Annuler");
    assert!(!has_button(&h, "Karim Bis"));
    assert!(!has_button(&h, "nouveau"));
    drop(h);
    assert_eq!(count_in_db(dir.path()), before);
    assert!(user_in_db(dir.path(), "nouveau").is_none());
}

#[test]
fn admin_resets_karims_password_and_the_temporary_one_forces_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    sign_in(&mut h, "admin", "Demo-Admin-2026");
    open_users(&mut h);
    click_button(&mut h, "Karim Benali");
    assert!(shows(&h, "Réalise les interventions"), "{}", labels(&h));
    click(&mut h, "Réinitialiser le mot de passe");
    // Confirmation first: cancelling changes nothing.
    assert!(shows(&h, "Réinitialiser le mot de passe\u{a0}?"));
    click_button(&mut h, "Annuler");
    assert!(!shows(&h, "Réinitialiser le mot de passe\u{a0}?"));
    click(&mut h, "Réinitialiser le mot de passe");
    click_button(&mut h, "Oui, réinitialiser");
    // The temporary password, shown once, with a copy button.
    let temp = h
        .get_by_label("Mot de passe temporaire")
        .value()
        .expect("the temporary password is readable");
    assert_eq!(temp.chars().count(), 14, "{temp}");
    assert!(shows(&h, "à sa prochaine connexion"));
    assert!(has_button(&h, "Copier"));
    click(&mut h, "Copier");
    assert!(has_button(&h, "Copié"));
    click(&mut h, "J'ai noté le mot de passe");
    assert!(h.query_by_label("Mot de passe temporaire").is_none());
    assert!(shows(&h, "Mot de passe à changer"));
    logout(&mut h);

    // The reset removed Karim's PIN (someone who watched it cannot pick his new password): he is
    // no longer on the PIN switch screen; Lucas still is.
    click(&mut h, "Changer d'utilisateur par PIN");
    assert!(has_button(&h, "Lucas Petit"), "{}", labels(&h));
    assert!(!has_button(&h, "Karim Benali"), "{}", labels(&h));
    click(&mut h, "Retour");

    // The old password no longer works.
    sign_in(&mut h, "karim", "Demo-Tech-2026");
    assert!(shows(&h, "Identifiant ou mot de passe incorrect."));
    // The temporary one leads to the new password step.
    sign_in(&mut h, "karim", &temp);
    assert!(h.state().user().is_none());
    assert!(shows(&h, "Enregistrer et continuer"), "{}", labels(&h));
    type_into_input(&mut h, "Nouveau mot de passe", "Karim-Choisit-2027");
    type_into_input(&mut h, "Confirmer le mot de passe", "Karim-Choisit-2027");
    click(&mut h, "Enregistrer et continuer");
    assert_eq!(
        h.state().user().map(|u| u.username.clone()).as_deref(),
        Some("karim")
    );
    logout(&mut h);
    // The temporary password worked once only.
    sign_in(&mut h, "karim", &temp);
    assert!(shows(&h, "Identifiant ou mot de passe incorrect."));
    assert!(h.state().user().is_none());
}

#[test]
fn a_locked_account_is_shown_and_unlocked_by_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    for _ in 0..5 {
        sign_in(&mut h, "lucas", "Pas-Le-Bon-2026");
        assert!(h.state().user().is_none());
    }
    // The sixth try, with the right password, is refused: the account is locked.
    sign_in(&mut h, "lucas", "Demo-Tech-2026");
    assert!(h.state().user().is_none());
    assert!(shows(&h, "temporairement verrouillé"), "{}", labels(&h));

    sign_in(&mut h, "admin", "Demo-Admin-2026");
    assert!(h.state().user().is_some());
    open_users(&mut h);
    assert!(shows(&h, "Verrouillé jusqu'à"), "{}", labels(&h));
    assert!(shows(
        &h,
        "verrouillé après trop de tentatives\u{a0}: Lucas Petit"
    ));
    click_button(&mut h, "Lucas Petit");
    assert!(shows(&h, "Mot de passe — jusqu'à"));
    click(&mut h, "Débloquer le compte");
    assert!(
        shows(&h, "Compte de Lucas Petit débloqué."),
        "toasts: {:?}",
        h.state().toasts()
    );
    assert!(!has_button(&h, "Débloquer le compte"));
    assert!(!shows(&h, "Verrouillé jusqu'à"));
    logout(&mut h);

    sign_in(&mut h, "lucas", "Demo-Tech-2026");
    assert_eq!(
        h.state().user().map(|u| u.username.clone()).as_deref(),
        Some("lucas")
    );
}

#[test]
fn role_change_and_deactivation_ask_for_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    sign_in(&mut h, "admin", "Demo-Admin-2026");
    open_users(&mut h);
    click_button(&mut h, "Sophie Lambert");
    // Role: viewer → technician, confirmed.
    click(&mut h, "Technicien");
    click(&mut h, "Changer le rôle");
    assert!(shows(&h, "Changer le rôle\u{a0}?"));
    assert!(shows(
        &h,
        "«\u{a0}Lecture seule\u{a0}» au rôle «\u{a0}Technicien\u{a0}»"
    ));
    click_button(&mut h, "Oui, changer le rôle");
    assert!(
        shows(&h, "Rôle de Sophie Lambert\u{a0}: Technicien."),
        "toasts: {:?}",
        h.state().toasts()
    );
    // Contact details.
    replace_in(&mut h, "Téléphone", "04 72 00 00 00");
    click(&mut h, "Enregistrer les coordonnées");
    assert!(shows(&h, "Coordonnées de Sophie Lambert enregistrées."));
    // Deactivation, confirmed.
    click(&mut h, "Désactiver le compte");
    assert!(shows(&h, "Désactiver ce compte\u{a0}?"));
    click_button(&mut h, "Oui, désactiver");
    assert!(shows(&h, "Compte de Sophie Lambert désactivé."));
    assert!(has_button(&h, "Réactiver le compte"));
    // Deactivated accounts are hidden from the list unless asked for.
    click(&mut h, "Tous les utilisateurs");
    assert!(!has_button(&h, "Sophie Lambert"));
    click(&mut h, "Afficher les comptes désactivés");
    assert!(has_button(&h, "Sophie Lambert"));
    assert!(shows(&h, "Désactivé"));
    // Search by name, accents ignored.
    type_into(&mut h, "Rechercher", "benali");
    assert!(has_button(&h, "Karim Benali"));
    assert!(!has_button(&h, "Sophie Lambert"));
    replace_in(&mut h, "Rechercher", "personne");
    assert!(shows(&h, "Aucun compte ne correspond"));
    click(&mut h, "Effacer les filtres");
    assert!(has_button(&h, "Sophie Lambert"));
    drop(h);
    let sophie = user_in_db(dir.path(), "accueil").unwrap();
    assert_eq!(sophie.role, Role::Technician);
    assert!(!sophie.is_active);
    assert_eq!(sophie.phone.as_deref(), Some("04 72 00 00 00"));
}

#[test]
fn admins_own_account_hides_what_the_core_refuses_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    sign_in(&mut h, "admin", "Demo-Admin-2026");
    open_users(&mut h);
    click_button(&mut h, "Claire Moreau");
    assert!(shows(&h, "C'est votre propre compte"));
    assert!(shows(&h, "Personne ne peut changer son propre rôle"));
    assert!(shows(
        &h,
        "Vous ne pouvez pas désactiver votre propre compte."
    ));
    for hidden in [
        "Changer le rôle",
        "Désactiver le compte",
        "Réinitialiser le mot de passe",
        "Réinitialiser la double authentification",
    ] {
        assert!(
            !has_button(&h, hidden),
            "{hidden} shown on one's own account"
        );
    }
    // Contact details stay editable; the profile is one click away.
    assert!(has_button(&h, "Enregistrer les coordonnées"));
    click(&mut h, "Ouvrir mon profil");
    assert_eq!(h.state().route(), RouteKind::Profile);
}

#[test]
fn two_factor_reset_is_offered_only_when_enabled() {
    let dir = tempfile::tempdir().unwrap();
    {
        use rpma_core::auth::{totp, two_factor};
        let (mut store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
        demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
        let karim = rpma_core::testing::session_named(&store, "karim");
        let e = two_factor::begin_totp(&mut store, &karim).unwrap();
        let secret = totp::base32_decode(&e.secret).unwrap();
        let now = u64::try_from(store.now_ms() / 1000).unwrap();
        let code = format!(
            "{:06}",
            totp::totp(&secret, now, 30, 6, totp::TotpAlgorithm::Sha1)
        );
        two_factor::confirm_totp(&mut store, &karim, &code).unwrap();
    }
    let mut h = app(dir.path(), false);
    sign_in(&mut h, "admin", "Demo-Admin-2026");
    open_users(&mut h);
    click_button(&mut h, "Lucas Petit");
    assert!(shows(&h, "Non activée"));
    assert!(!has_button(&h, "Réinitialiser la double authentification"));
    assert!(!has_button(&h, "Débloquer le compte"), "not locked");
    click(&mut h, "Tous les utilisateurs");
    click_button(&mut h, "Karim Benali");
    click(&mut h, "Réinitialiser la double authentification");
    assert!(shows(&h, "Réinitialiser la double authentification\u{a0}?"));
    click_button(&mut h, "Oui, réinitialiser la 2FA");
    assert!(
        shows(&h, "Double authentification de Karim Benali réinitialisée."),
        "toasts: {:?}",
        h.state().toasts()
    );
    assert!(!has_button(&h, "Réinitialiser la double authentification"));
    drop(h);
    assert!(!user_in_db(dir.path(), "karim").unwrap().totp_enabled);
}

#[test]
fn supervisor_reads_the_list_without_any_action() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    sign_in(&mut h, "chef", "Demo-Chef-2026");
    open_users(&mut h);
    assert!(shows(&h, "lecture seule"));
    for name in [
        "Claire Moreau",
        "Julien Garnier",
        "Karim Benali",
        "Lucas Petit",
        "Sophie Lambert",
    ] {
        assert!(has_button(&h, name), "{name} missing: {}", labels(&h));
    }
    assert!(!has_button(&h, "Nouvel utilisateur"));
    click_button(&mut h, "Karim Benali");
    assert!(shows(&h, "Lecture seule\u{a0}: seuls les administrateurs"));
    for hidden in [
        "Enregistrer les coordonnées",
        "Changer le rôle",
        "Désactiver le compte",
        "Réinitialiser le mot de passe",
        "Débloquer le compte",
        "Réinitialiser la double authentification",
    ] {
        assert!(!has_button(&h, hidden), "{hidden} shown to a supervisor");
    }
    assert!(
        h.query_by_label("Nom affiché").is_some(),
        "details are shown"
    );
    assert!(
        h.query_all_by_role(A11yRole::TextInput).next().is_none(),
        "nothing editable"
    );
}

#[test]
fn a_technician_does_not_see_the_users_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    sign_in(&mut h, "karim", "Demo-Tech-2026");
    assert_eq!(h.state().user().map(|u| u.role), Some(Role::Technician));
    assert!(!shows(&h, "Utilisateurs"));
    // No keyboard shortcut reaches it either.
    for key in [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
        egui::Key::Num7,
        egui::Key::Num8,
        egui::Key::Num9,
    ] {
        h.key_press_modifiers(egui::Modifiers::COMMAND, key);
        h.run();
        assert_ne!(h.state().route(), RouteKind::Users);
    }
}
