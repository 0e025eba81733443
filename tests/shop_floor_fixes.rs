//! The shop-floor fixes of issue 12, each shown on the real app: one wording for a defect's
//! severity, a vehicle diagram a finger can use, the kiosk exit dialog (the PIN only when the
//! security policy lets admins use it, its margins kept when an error shows) and a status bar
//! that keeps the data folder to itself in kiosk mode. The layout fixes (dashboard, installation
//! step, PIN pads) are proven by `screens_fit`; the slider track by the theme's unit test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::floor::{CLIENT, allow_admin_pins, shop};
use common::{app, app_kiosk, click, labels, login, reach, shows, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::ui::vehicle_diagram::CAR_ASPECT;

fn settle(h: &mut Harness<'static, App>) {
    h.run_steps(4);
    h.run();
}

/// Karim on the inspection step of the fixture intervention.
fn on_the_inspection(dir: &std::path::Path, size: [f32; 2]) -> Harness<'static, App> {
    shop(dir);
    let mut h = app(dir, false);
    h.set_size(egui::Vec2::from(size));
    login(&mut h, "karim", "Demo-Tech-2026");
    h.get_by_label(&format!("{}   Travaux", rpma::ui::icons::CLIPBOARD_TEXT))
        .click();
    settle(&mut h);
    type_into(&mut h, "Rechercher un travail", CLIENT);
    settle(&mut h);
    click(&mut h, CLIENT);
    settle(&mut h);
    click(&mut h, "Ouvrir l'intervention");
    settle(&mut h);
    assert!(shows(&h, "Inspection du véhicule"), "{}", labels(&h));
    h
}

#[test]
fn a_defect_reads_the_same_severity_in_the_form_and_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = on_the_inspection(dir.path(), [1280.0, 800.0]);
    h.get_by_role_and_label(Role::Button, "Toit").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, "Toit").click();
    settle(&mut h);
    assert!(shows(&h, "Nouveau défaut"), "{}", labels(&h));
    click(&mut h, "Moyenne");
    click(&mut h, "Enregistrer le défaut");
    settle(&mut h);
    // The list says what the form said, not a number.
    assert!(
        shows(&h, "Toit · Rayure · Gravité : Moyenne"),
        "{}",
        labels(&h)
    );
    assert!(!shows(&h, "Gravité 2"), "{}", labels(&h));
}

#[test]
fn the_vehicle_diagram_is_large_enough_for_a_finger() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = on_the_inspection(dir.path(), [1024.0, 768.0]);
    for size in [[1024.0, 768.0], [1280.0, 800.0]] {
        h.set_size(egui::Vec2::from(size));
        settle(&mut h);
        h.get_by_label("Schéma du véhicule").scroll_to_me();
        settle(&mut h);
        let d = h.get_by_label("Schéma du véhicule").rect();
        // It was a 200-point column with a car 160-odd points wide: the car now lies across
        // most of the card.
        assert!(
            d.width() >= 500.0 && d.width() > d.height(),
            "{size:?}: {d:?}"
        );
        // It keeps its proportions inside, under and over a caption line each.
        let across = (d.height() - 50.0).min(d.width() * CAR_ASPECT);
        assert!(across >= 240.0, "{size:?}: car {across} across in {d:?}");
        // Scrolled to, the whole car shows at once between the steps' rail and the action bar.
        let rail = h.get_by_label_contains("1. Inspection du véhicule").rect();
        let bar = h.get_by_label_contains("Terminer l'étape").rect();
        assert!(
            d.top() >= rail.bottom() && d.bottom() <= bar.top(),
            "{size:?}: {d:?} between {rail:?} and {bar:?}"
        );
    }
}

#[test]
fn the_kiosk_exit_dialog_offers_the_pin_only_when_the_policy_lets_admins_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_kiosk(dir.path(), true, None);
    // Default policy: admins switch with their password, so the dialog asks for it alone.
    click(&mut h, "Quitter le mode kiosque");
    settle(&mut h);
    assert!(h.state().kiosk_exit_open());
    assert!(shows(&h, "Mot de passe"), "{}", labels(&h));
    assert!(!shows(&h, "Par code PIN"), "{}", labels(&h));
    click(&mut h, "Annuler");

    // An admin lets admins use their PIN: the next dialog offers it.
    allow_admin_pins(dir.path());
    click(&mut h, "Quitter le mode kiosque");
    settle(&mut h);
    assert!(shows(&h, "Par code PIN"), "{}", labels(&h));
    click(&mut h, "Par code PIN");
    settle(&mut h);
    assert!(h.query_by_label("Valider").is_some(), "{}", labels(&h));
}

#[test]
fn the_kiosk_exit_dialog_keeps_its_margins_when_an_error_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_kiosk(dir.path(), true, None);
    allow_admin_pins(dir.path());
    h.set_size(egui::vec2(1024.0, 768.0));
    settle(&mut h);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1024.0, 768.0));
    click(&mut h, "Quitter le mode kiosque");
    settle(&mut h);
    let field = h.get_by_label("Administrateur (identifiant)").rect();
    for pin in [false, true] {
        if pin {
            click(&mut h, "Par code PIN");
        }
        // Nothing typed: the error shows.
        click(&mut h, "Fermer RPMA");
        settle(&mut h);
        let error = h.get_by_label_contains("Saisissez l'identifiant").rect();
        let login = h.get_by_label("Administrateur (identifiant)").rect();
        // The form keeps its width, and the error wraps inside it.
        assert!(
            (login.width() - field.width()).abs() < 1.0,
            "{field:?} → {login:?}"
        );
        assert!(
            error.left() >= login.left() - 1.0 && error.right() <= login.right() + 1.0,
            "error {error:?} outside the form {login:?}"
        );
        // A card's margin all around the content, and the whole dialog in the window.
        let quit = h.get_by_label_contains("Fermer RPMA").rect();
        let dialog = reach::dialog_rect(&h, quit).expect("the dialog");
        let mut content = login.union(error).union(quit);
        if pin {
            content = content.union(h.get_by_label("Valider").rect());
        }
        let margin = 19.0;
        assert!(
            dialog.shrink(margin).contains_rect(content) && window.contains_rect(dialog),
            "pin={pin}: content {content:?} in dialog {dialog:?} in {window:?}"
        );
    }
}

#[test]
fn the_status_bar_shows_the_data_folder_except_in_kiosk_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().display().to_string();
    let h = app(dir.path(), true);
    assert!(shows(&h, &path), "{}", labels(&h));
    drop(h);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().display().to_string();
    let h = app_kiosk(dir.path(), true, None);
    assert!(shows(&h, "Quitter le mode kiosque"));
    assert!(!shows(&h, &path), "{}", labels(&h));
}
