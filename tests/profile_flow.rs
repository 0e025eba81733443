//! "Mon profil" on the real app (kittest, inline job backend, French UI): contact details,
//! password change, PIN and PIN quick-switch, two-step verification enrolment and sign-in,
//! recovery codes and the recent sign-ins.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{app, click, labels, login, shows, type_into};
use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::RouteKind;
use rpma_core::auth::totp::{self, TotpAlgorithm};

fn logout(h: &mut Harness<'static, App>) {
    h.get_by_label("Se déconnecter").click();
    h.run();
    assert!(h.state().user().is_none(), "still signed in");
}

fn open_profile(h: &mut Harness<'static, App>) {
    click(h, "Mon profil");
    assert_eq!(h.state().route(), RouteKind::Profile);
}

/// Replaces the whole content of the field labelled `label`.
fn replace_in(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    type_into(h, label, text);
}

/// Clicks the widget labelled exactly `label`.
fn click_exact(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Signs in again after a refused attempt (the login field keeps what was typed).
fn login_again(h: &mut Harness<'static, App>, user: &str, password: &str) {
    replace_in(h, "Identifiant ou e-mail", user);
    type_into(h, "Mot de passe", password);
    click(h, "Se connecter");
}

fn field_value(h: &Harness<'static, App>, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

fn now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The 6-digit code an authenticator app shows for `step`.
fn code_at_step(secret: &[u8], step: u64) -> String {
    format!(
        "{:06}",
        totp::totp(secret, step * 30, 30, 6, TotpAlgorithm::Sha1)
    )
}

/// Recovery codes on screen (`xxxxx-xxxxx`).
fn recovery_codes_shown(h: &Harness<'static, App>) -> Vec<String> {
    h.query_all_by_role(A11yRole::Label)
        .filter_map(|n| n.value())
        .filter(|v| {
            v.len() == 11
                && v.chars().enumerate().all(|(i, c)| {
                    if i == 5 {
                        c == '-'
                    } else {
                        c.is_ascii_lowercase() || c.is_ascii_digit()
                    }
                })
        })
        .collect()
}

#[test]
fn contact_details_are_saved_and_the_side_bar_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "lucas", "Demo-Tech-2026");
    open_profile(&mut h);
    let before = h.state().user().unwrap().display_name.clone();
    // Bad e-mail and phone: messages beside the fields, nothing saved.
    replace_in(&mut h, "E-mail (facultatif)", "pas-une-adresse");
    replace_in(&mut h, "Téléphone (facultatif)", "appelez-moi");
    click(&mut h, "Enregistrer les coordonnées");
    assert!(shows(&h, "Adresse e-mail invalide."), "{}", labels(&h));
    assert!(shows(&h, "Numéro de téléphone invalide."));
    assert_eq!(h.state().user().unwrap().display_name, before);
    // Fixed: saved, and the side bar shows the new name at once.
    replace_in(&mut h, "Nom affiché", "Lucas Martin-Roux");
    replace_in(&mut h, "E-mail (facultatif)", "lucas.mr@example.fr");
    replace_in(&mut h, "Téléphone (facultatif)", "06 12 34 56 78");
    click(&mut h, "Enregistrer les coordonnées");
    assert!(shows(&h, "Coordonnées enregistrées."), "{}", labels(&h));
    let user = h.state().user().cloned().unwrap();
    assert_eq!(user.display_name, "Lucas Martin-Roux");
    assert_eq!(user.email.as_deref(), Some("lucas.mr@example.fr"));
    assert_eq!(user.phone.as_deref(), Some("06 12 34 56 78"));
    assert!(h.get_all_by_label("Lucas Martin-Roux").count() >= 2);
}

#[test]
fn password_change_checks_the_current_password_then_applies() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "chef", "Demo-Chef-2026");
    open_profile(&mut h);
    click(&mut h, "Changer le mot de passe");
    // Wrong current password: refused beside the field, every secret field emptied.
    type_into(&mut h, "Mot de passe actuel", "Pas-le-bon-2026");
    type_into(&mut h, "Nouveau mot de passe", "Atelier-Neuf-2027");
    type_into(&mut h, "Confirmer le mot de passe", "Atelier-Neuf-2027");
    click(&mut h, "Enregistrer le nouveau mot de passe");
    assert!(
        shows(&h, "Mot de passe actuel incorrect."),
        "{}",
        labels(&h)
    );
    assert!(!shows(&h, "Mot de passe modifié."));
    assert_eq!(field_value(&h, "Mot de passe actuel"), "");
    assert_eq!(field_value(&h, "Nouveau mot de passe"), "");
    // The two new passwords differ: checked here, nothing sent.
    type_into(&mut h, "Mot de passe actuel", "Demo-Chef-2026");
    type_into(&mut h, "Nouveau mot de passe", "Atelier-Neuf-2027");
    type_into(&mut h, "Confirmer le mot de passe", "Atelier-Neuf-2028");
    click(&mut h, "Enregistrer le nouveau mot de passe");
    assert!(shows(&h, "Les deux mots de passe ne correspondent pas."));
    // A password the policy refuses: the rule is named beside the new password.
    replace_in(&mut h, "Nouveau mot de passe", "court");
    replace_in(&mut h, "Confirmer le mot de passe", "court");
    click(&mut h, "Enregistrer le nouveau mot de passe");
    assert!(shows(&h, "Au moins 10 caractères."), "{}", labels(&h));
    // Nothing changed so far: the old password still signs in.
    logout(&mut h);
    login(&mut h, "chef", "Demo-Chef-2026");
    assert!(h.state().user().is_some(), "old password still valid");
    open_profile(&mut h);
    click(&mut h, "Changer le mot de passe");
    type_into(&mut h, "Mot de passe actuel", "Demo-Chef-2026");
    type_into(&mut h, "Nouveau mot de passe", "Atelier-Neuf-2027");
    type_into(&mut h, "Confirmer le mot de passe", "Atelier-Neuf-2027");
    click(&mut h, "Enregistrer le nouveau mot de passe");
    assert!(
        h.state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("Mot de passe modifié.")),
        "toasts: {:?}",
        h.state().toasts()
    );
    // The form closed and its fields are gone.
    assert!(h.query_by_label("Mot de passe actuel").is_none());
    logout(&mut h);
    login(&mut h, "chef", "Demo-Chef-2026");
    assert!(h.state().user().is_none(), "old password refused");
    assert!(shows(&h, "Identifiant ou mot de passe incorrect."));
    login_again(&mut h, "chef", "Atelier-Neuf-2027");
    assert_eq!(
        h.state().user().map(|u| u.username.as_str()),
        Some("chef"),
        "new password works"
    );
}

#[test]
fn typed_secrets_are_dropped_when_the_screen_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "chef", "Demo-Chef-2026");
    open_profile(&mut h);
    click(&mut h, "Changer le mot de passe");
    type_into(&mut h, "Mot de passe actuel", "Demo-Chef-2026");
    click(&mut h, "Tableau de bord");
    open_profile(&mut h);
    assert!(h.query_by_label("Mot de passe actuel").is_none());
    click(&mut h, "Changer le mot de passe");
    assert_eq!(field_value(&h, "Mot de passe actuel"), "");
}

#[test]
fn new_pin_is_used_by_the_quick_switch_and_can_be_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "karim", "Demo-Tech-2026");
    open_profile(&mut h);
    assert!(h.state().user().unwrap().has_pin, "demo PIN 2580");
    click(&mut h, "Changer le code PIN");
    // Mismatch: checked before sending.
    type_into(&mut h, "Mot de passe actuel", "Demo-Tech-2026");
    type_into(&mut h, "Nouveau code PIN", "3691");
    type_into(&mut h, "Confirmer le code PIN", "3692");
    click(&mut h, "Enregistrer le code PIN");
    assert!(shows(&h, "Les deux codes PIN ne correspondent pas."));
    // A weak PIN: the core's rule, beside the field.
    replace_in(&mut h, "Nouveau code PIN", "1234");
    replace_in(&mut h, "Confirmer le code PIN", "1234");
    click(&mut h, "Enregistrer le code PIN");
    assert!(
        shows(&h, "Code PIN trop facile à deviner"),
        "{}",
        labels(&h)
    );
    // The password was sent, so it was cleared.
    assert_eq!(field_value(&h, "Mot de passe actuel"), "");
    type_into(&mut h, "Mot de passe actuel", "Demo-Tech-2026");
    replace_in(&mut h, "Nouveau code PIN", "3691");
    replace_in(&mut h, "Confirmer le code PIN", "3691");
    click(&mut h, "Enregistrer le code PIN");
    assert!(shows(&h, "Code PIN enregistré."), "{}", labels(&h));
    logout(&mut h);

    // Quick switch: the old PIN is refused, the new one signs in.
    click(&mut h, "Changer d'utilisateur par PIN");
    click(&mut h, "Karim Benali");
    for d in ["2", "5", "8", "0"] {
        h.get_by_label(d).click();
        h.run();
    }
    click(&mut h, "Valider");
    assert!(shows(&h, "Code PIN incorrect."), "{}", labels(&h));
    assert!(h.state().user().is_none());
    for d in ["3", "6", "9", "1"] {
        h.get_by_label(d).click();
        h.run();
    }
    click(&mut h, "Valider");
    assert_eq!(
        h.state().user().map(|u| u.username.as_str()),
        Some("karim"),
        "{}",
        labels(&h)
    );

    // Removal asks first, then Karim leaves the quick-switch list.
    open_profile(&mut h);
    click(&mut h, "Supprimer le code PIN");
    assert!(shows(&h, "Supprimer votre code PIN ?"));
    click(&mut h, "Oui, supprimer");
    assert!(shows(&h, "Code PIN supprimé."), "{}", labels(&h));
    assert!(!h.state().user().unwrap().has_pin);
    assert!(shows(&h, "Définir un code PIN"));
    logout(&mut h);
    click(&mut h, "Changer d'utilisateur par PIN");
    assert!(shows(&h, "Lucas"), "{}", labels(&h));
    assert!(!shows(&h, "Karim Benali"));
}

#[test]
fn admin_cannot_set_a_pin_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_profile(&mut h);
    click(&mut h, "Définir un code PIN");
    type_into(&mut h, "Mot de passe actuel", "Demo-Admin-2026");
    type_into(&mut h, "Nouveau code PIN", "3691");
    type_into(&mut h, "Confirmer le code PIN", "3691");
    click(&mut h, "Enregistrer le code PIN");
    assert!(
        shows(
            &h,
            "Les administrateurs se connectent avec leur mot de passe"
        ),
        "{}",
        labels(&h)
    );
    assert!(!h.state().user().unwrap().has_pin);
}

#[test]
fn two_step_verification_enrolment_sign_in_and_recovery_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_profile(&mut h);
    assert!(shows(&h, "Vérification en deux étapes désactivée"));
    click_exact(
        &mut h,
        &format!("{} Activer", rpma::ui::icons::DEVICE_MOBILE),
    );
    assert!(
        h.query_by_label("QR code de configuration de l'application d'authentification")
            .is_some(),
        "{}",
        labels(&h)
    );
    let secret_b32 = field_value(&h, "Ou saisissez cette clé à la main :");
    let secret = totp::base32_decode(&secret_b32).expect("the secret on screen is base32");
    assert_eq!(secret.len(), 20);

    // A wrong first code enables nothing.
    let enrol_step = now_s() / 30;
    let good = code_at_step(&secret, enrol_step);
    let wrong = (0..)
        .map(|i| {
            format!(
                "{:06}",
                (good.parse::<u32>().unwrap() + 500_000 + i) % 1_000_000
            )
        })
        .find(|c| {
            (enrol_step.saturating_sub(2)..=enrol_step + 2).all(|s| *c != code_at_step(&secret, s))
        })
        .unwrap();
    type_into(&mut h, "Code de vérification", &wrong);
    click(&mut h, "Vérifier et activer");
    assert!(
        shows(&h, "Code de vérification incorrect ou déjà utilisé."),
        "{}",
        labels(&h)
    );
    assert!(!h.state().user().unwrap().totp_enabled);

    let enrol_step = now_s() / 30;
    type_into(
        &mut h,
        "Code de vérification",
        &code_at_step(&secret, enrol_step),
    );
    click(&mut h, "Vérifier et activer");
    let codes = recovery_codes_shown(&h);
    assert_eq!(codes.len(), 10, "{}", labels(&h));
    assert!(shows(&h, "Codes de secours"));
    assert!(h.state().user().unwrap().totp_enabled);
    assert!(shows(&h, "Copier tous les codes"));
    click(&mut h, "J'ai noté mes codes");
    assert!(recovery_codes_shown(&h).is_empty(), "shown only once");
    assert!(shows(&h, "Il reste 10 codes de secours."), "{}", labels(&h));
    logout(&mut h);

    // Sign-in now asks for a code; a wrong one is refused.
    login(&mut h, "admin", "Demo-Admin-2026");
    assert!(h.state().user().is_none());
    assert!(shows(&h, "Vérification en deux étapes"), "{}", labels(&h));
    type_into(&mut h, "Code de vérification", &wrong);
    click(&mut h, "Vérifier");
    assert!(shows(&h, "Code de vérification incorrect ou déjà utilisé."));
    assert!(h.state().user().is_none());
    // The enrolment code's step is used up: the next step's code when still within it.
    let step = (now_s() / 30).max(enrol_step + 1);
    type_into(&mut h, "Code de vérification", &code_at_step(&secret, step));
    click(&mut h, "Vérifier");
    assert_eq!(
        h.state().user().map(|u| u.username.as_str()),
        Some("admin"),
        "{}",
        labels(&h)
    );

    // Recent sign-ins list both methods.
    open_profile(&mut h);
    assert!(shows(&h, "Connexions récentes"));
    assert!(shows(&h, "Code 2FA"), "{}", labels(&h));
    // A tall window, so that the whole (virtualised) table is drawn.
    h.set_size(egui::vec2(1280.0, 2000.0));
    h.run();
    // Newest first: the 2FA sign-in, then the password-only one from before the enrolment.
    let methods: Vec<String> = h
        .query_all_by_role(A11yRole::Label)
        .filter_map(|n| n.value())
        .filter(|v| v == "Code 2FA" || v == "Mot de passe")
        .collect();
    assert_eq!(methods, ["Code 2FA", "Mot de passe"], "{}", labels(&h));
    h.set_size(egui::vec2(1280.0, 800.0));
    h.run();
    logout(&mut h);

    // A recovery code works once.
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Utiliser un code de secours");
    type_into(&mut h, "Code de secours", &codes[0]);
    click(&mut h, "Vérifier");
    assert!(h.state().user().is_some(), "{}", labels(&h));
    open_profile(&mut h);
    assert!(shows(&h, "Il reste 9 codes de secours."), "{}", labels(&h));
    h.set_size(egui::vec2(1280.0, 2000.0));
    h.run();
    assert!(
        h.query_by_label("Code de secours").is_some(),
        "the recovery sign-in is listed: {}",
        labels(&h)
    );
    h.set_size(egui::vec2(1280.0, 800.0));
    h.run();
    logout(&mut h);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Utiliser un code de secours");
    type_into(&mut h, "Code de secours", &codes[0]);
    click(&mut h, "Vérifier");
    assert!(shows(&h, "Code de secours incorrect ou déjà utilisé."));
    assert!(h.state().user().is_none());
}

#[test]
fn two_step_verification_is_turned_off_with_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "chef", "Demo-Chef-2026");
    open_profile(&mut h);
    click_exact(
        &mut h,
        &format!("{} Activer", rpma::ui::icons::DEVICE_MOBILE),
    );
    let secret =
        totp::base32_decode(&field_value(&h, "Ou saisissez cette clé à la main :")).unwrap();
    type_into(
        &mut h,
        "Code de vérification",
        &code_at_step(&secret, now_s() / 30),
    );
    click(&mut h, "Vérifier et activer");
    click(&mut h, "J'ai noté mes codes");
    assert!(h.state().user().unwrap().totp_enabled);
    click(&mut h, "Désactiver");
    type_into(&mut h, "Mot de passe actuel", "Mauvais-2026");
    click(&mut h, "Désactiver la vérification");
    assert!(
        shows(&h, "Mot de passe actuel incorrect."),
        "{}",
        labels(&h)
    );
    assert!(h.state().user().unwrap().totp_enabled);
    type_into(&mut h, "Mot de passe actuel", "Demo-Chef-2026");
    click(&mut h, "Désactiver la vérification");
    assert!(
        shows(&h, "Vérification en deux étapes désactivée."),
        "{}",
        labels(&h)
    );
    assert!(!h.state().user().unwrap().totp_enabled);
    logout(&mut h);
    login(&mut h, "chef", "Demo-Chef-2026");
    assert!(h.state().user().is_some(), "no code asked any more");
}

/// The required enrolment at sign-in (issue 13, item 6): an admin the policy requires to use
/// two-step verification gets no session until the enrolment is confirmed; then the codes are
/// shown once and the session starts, enrolled.
#[test]
fn an_admin_required_to_enrol_gets_a_session_only_once_enrolled() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = rpma_core::Store::open(&dir.path().join("rpma.db")).unwrap();
        rpma_demo::populate(&mut store, rpma_demo::DEFAULT_SEED).unwrap();
        let admin = rpma_core::testing::session_named(&store, "admin");
        store
            .write(Some(&admin.id), |tx| {
                rpma_core::settings::save_security(
                    tx,
                    &admin,
                    rpma_core::settings::SecurityPolicy {
                        require_2fa_for_admins: true,
                        ..rpma_core::settings::SecurityPolicy::default()
                    },
                )
            })
            .unwrap();
    }
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    assert!(
        h.state().user().is_none(),
        "no session before the enrolment"
    );
    assert!(
        shows(&h, "Activer la vérification en deux étapes"),
        "{}",
        labels(&h)
    );
    // The key shown for typing by hand (32 base32 characters).
    let secret_b32 = h
        .query_all_by_role(A11yRole::Label)
        .filter_map(|n| n.value())
        .find(|v| v.len() == 32 && totp::base32_decode(v).is_some())
        .unwrap_or_else(|| panic!("no key on screen: {}", labels(&h)));
    let secret = totp::base32_decode(&secret_b32).unwrap();
    let verify = format!("{} Vérifier", rpma::ui::icons::CHECK);

    // A wrong code: refused, still no session.
    let step = now_s() / 30;
    let good = code_at_step(&secret, step);
    let wrong = format!(
        "{:06}",
        (good.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    type_into(&mut h, "Code de vérification", &wrong);
    click_exact(&mut h, &verify);
    assert!(h.state().user().is_none());
    assert!(recovery_codes_shown(&h).is_empty(), "{}", labels(&h));

    type_into(
        &mut h,
        "Code de vérification",
        &code_at_step(&secret, now_s() / 30),
    );
    click_exact(&mut h, &verify);
    assert_eq!(recovery_codes_shown(&h).len(), 10, "{}", labels(&h));
    assert!(
        h.state().user().is_none(),
        "the codes come before the session"
    );
    click(&mut h, "J'ai noté mes codes, continuer");
    let user = h
        .state()
        .user()
        .expect("signed in once the codes are noted");
    assert_eq!(user.username, "admin");
    assert!(user.totp_enabled);
    assert_eq!(
        user.method(),
        Some(rpma_core::auth::login::Method::Password)
    );
}
