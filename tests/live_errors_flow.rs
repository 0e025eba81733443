//! Errors clear as the fields are fixed, without pressing Save again; every failing password
//! rule is listed at once; a French VAT number of another SIREN than the SIRET is warned about.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, click, labels, login, set_field, shows, type_into};
use egui::accesskit::Role as AxRole;
use egui_kittest::kittest::Queryable as _;

type H = egui_kittest::Harness<'static, rpma::App>;

/// SIREN 732 829 320 (VAT key 44) and 404 833 048 (VAT key 83): both valid.
const SIRET: &str = "73282932000074";
const VAT_OTHER: &str = "FR83404833048";
const VAT_SAME: &str = "FR44732829320";
const MISMATCH: &str = "n'est pas celui du SIRET";

/// Replaces the text of the input labelled exactly `label` (list headers may say the same).
fn input(h: &mut H, label: &str, text: &str) {
    let is = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == AxRole::TextInput && n.label().is_some_and(|l| l == label)
    };
    h.get_by(is).scroll_to_me();
    h.run();
    h.get_by(is).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by(is).type_text(text);
    h.run();
}

fn press(h: &mut H, label: &str) {
    h.get_by_role_and_label(AxRole::Button, label).click();
    h.run();
}

#[test]
fn setup_errors_clear_as_fixed_and_every_password_rule_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), false);
    assert!(shows(&h, "Bienvenue dans RPMA"));
    type_into(&mut h, "SIRET", "123");
    type_into(&mut h, "Mot de passe", "abc");
    type_into(&mut h, "Confirmer le mot de passe", "abc");
    click(&mut h, "Créer l'atelier");
    assert!(shows(&h, "SIRET invalide"), "{}", labels(&h));
    // Every rule the password breaks, at once.
    for rule in [
        "Au moins 10 caractères.",
        "Au moins une majuscule.",
        "Au moins un chiffre.",
    ] {
        assert!(shows(&h, rule), "{rule}: {}", labels(&h));
    }
    // Fixing the SIRET clears its error at once, without pressing the button.
    set_field(&mut h, "SIRET", SIRET);
    assert!(!shows(&h, "SIRET invalide"), "{}", labels(&h));
    assert!(shows(&h, "Au moins une majuscule."));
    // The password's list shrinks as it is fixed: a capital and a digit, still too short.
    set_field(&mut h, "Mot de passe", "Abc1");
    assert!(!shows(&h, "Au moins une majuscule."), "{}", labels(&h));
    assert!(!shows(&h, "Au moins un chiffre."), "{}", labels(&h));
    assert!(shows(&h, "Au moins 10 caractères."), "{}", labels(&h));
    // A VAT number of another company than the SIRET's: a warning beside it, as typed.
    type_into(&mut h, "N° de TVA intracommunautaire", VAT_OTHER);
    assert!(shows(&h, MISMATCH), "{}", labels(&h));
    assert!(shows(&h, "404833048") && shows(&h, "732829320"));
    set_field(&mut h, "N° de TVA intracommunautaire", VAT_SAME);
    assert!(!shows(&h, MISMATCH), "{}", labels(&h));
    assert!(h.state().user().is_none(), "nothing was created");
}

#[test]
fn client_form_errors_clear_as_fixed_and_vat_of_another_siren_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "chef", "Demo-Chef-2026");
    click(&mut h, "   Clients");
    click(&mut h, "Nouveau client");
    press(&mut h, "Professionnel");
    input(&mut h, "Raison sociale", "Carrosserie Test");
    input(&mut h, "Personne à contacter", "Sophie Martin");
    input(&mut h, "SIRET", "123");
    input(&mut h, "E-mail", "sophie@");
    click(&mut h, "Enregistrer");
    assert!(shows(&h, "SIRET invalide"), "{}", labels(&h));
    assert!(shows(&h, "Adresse e-mail invalide."), "{}", labels(&h));
    // The e-mail changed but still wrong: its error stays (the core checked it again); the
    // SIRET's error is not touched.
    input(&mut h, "E-mail", "sophie@exemple");
    assert!(shows(&h, "Adresse e-mail invalide."), "{}", labels(&h));
    assert!(shows(&h, "SIRET invalide"), "{}", labels(&h));
    // Fixed: each error goes as soon as its field is right, without pressing Save.
    input(&mut h, "E-mail", "sophie@exemple.fr");
    assert!(!shows(&h, "Adresse e-mail invalide."), "{}", labels(&h));
    assert!(shows(&h, "SIRET invalide"), "{}", labels(&h));
    input(&mut h, "SIRET", SIRET);
    assert!(!shows(&h, "SIRET invalide"), "{}", labels(&h));
    // The VAT number of another SIREN: warned, and still saved (a warning, not a refusal).
    input(&mut h, "Numéro de TVA", VAT_OTHER);
    assert!(shows(&h, MISMATCH), "{}", labels(&h));
    click(&mut h, "Enregistrer");
    assert!(shows(&h, "» créé."), "{}", labels(&h));
}
