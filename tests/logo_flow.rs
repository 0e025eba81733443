//! The shop logo on the real app (kittest, inline job backend, French UI). The native file dialog
//! is replaced by the picker's test hook: the picked file goes through the same preparation
//! (`file_pick::prepare`, i.e. `normalize_logo`) as in the app.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::io::Cursor;

use common::{app, click, labels, login, shows, type_into};
use egui::accesskit::Role as AxRole;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use image::{DynamicImage, ImageFormat};
use rpma::App;
use rpma::route::RouteKind;
use rpma::ui::file_pick::{self, PickError};
use rpma_core::{Lang, Store, org};

const ALT: &str = "Logo de l'atelier";

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 160])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .unwrap();
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| {
        image::Rgba([30, 180, 160, if x < w / 3 { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

/// As if the user had picked a file with these bytes in the dialog.
fn pick(h: &mut Harness<'static, App>, bytes: &[u8]) {
    let prepared = file_pick::prepare(bytes, Lang::Fr);
    assert!(
        h.state_mut().inject_picked_image_for_test(prepared),
        "no screen on show takes a logo"
    );
    h.run();
}

fn has_preview(h: &Harness<'static, App>) -> bool {
    h.query_all_by_role(AxRole::Image)
        .any(|n| n.accesskit_node().label().as_deref() == Some(ALT))
}

fn stored_logo(dir: &std::path::Path) -> Option<Vec<u8>> {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    org::get_logo(store.conn()).unwrap()
}

fn logo_audit_entries(dir: &std::path::Path) -> i64 {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'organisation.logo'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn open_settings(h: &mut Harness<'static, App>) {
    click(h, "   Réglages");
    assert_eq!(h.state().route(), RouteKind::Settings);
}

fn save(h: &mut Harness<'static, App>) {
    h.get_by_role_and_label(
        AxRole::Button,
        &format!("{} Enregistrer", rpma::ui::icons::FLOPPY_DISK),
    )
    .click();
    h.run();
}

fn toasts(h: &Harness<'static, App>) -> Vec<String> {
    h.state().toasts().into_iter().map(|t| t.text).collect()
}

#[test]
fn the_setup_wizard_stores_a_picked_jpeg_as_a_png_logo() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), false);
    assert!(shows(&h, "Bienvenue dans RPMA"));
    assert!(shows(&h, "Aucun logo"));
    assert!(!has_preview(&h));
    // A refused file first: the message shows, no logo.
    pick(&mut h, b"%PDF-1.7 pas une image");
    assert!(
        shows(&h, "Ce fichier n'est pas une image lisible"),
        "{}",
        labels(&h)
    );
    assert!(!has_preview(&h));
    pick(&mut h, &jpeg(1600, 800));
    assert!(has_preview(&h), "{}", labels(&h));
    assert!(!shows(&h, "Ce fichier n'est pas une image lisible"));
    assert!(shows(&h, "Retirer le logo"));
    type_into(&mut h, "Nom de l'atelier", "Garage Étoile");
    type_into(&mut h, "Identifiant", "patron");
    type_into(&mut h, "Nom affiché", "Élodie Roux");
    type_into(&mut h, "Mot de passe", "Carrosserie2026");
    type_into(&mut h, "Confirmer le mot de passe", "Carrosserie2026");
    click(&mut h, "Créer l'atelier");
    assert!(h.state().user().is_some(), "signed in after setup");
    drop(h);
    let logo = stored_logo(dir.path()).expect("the logo is stored");
    assert_eq!(image::guess_format(&logo).unwrap(), ImageFormat::Png);
    let img = image::load_from_memory(&logo).unwrap();
    assert_eq!((img.width(), img.height()), (512, 256));
    assert_eq!(logo_audit_entries(dir.path()), 1);
}

#[test]
fn settings_save_the_logo_reload_it_and_remove_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_settings(&mut h);
    assert!(shows(&h, "Aucun logo"), "{}", labels(&h));
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    pick(&mut h, &png(1600, 800));
    assert!(has_preview(&h));
    assert!(shows(&h, "Modifications non enregistrées"));
    // Nothing is written before "Save".
    assert!(stored_logo(dir.path()).is_none());
    save(&mut h);
    assert!(
        toasts(&h).iter().any(|t| t == "Réglages enregistrés."),
        "toasts: {:?}",
        toasts(&h)
    );
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    let saved = stored_logo(dir.path()).expect("saved");
    let img = image::load_from_memory_with_format(&saved, ImageFormat::Png).unwrap();
    assert_eq!((img.width(), img.height()), (512, 256));
    assert!(img.color().has_alpha(), "transparency kept");
    drop(h);

    // A new app on the same data folder shows the saved logo.
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_settings(&mut h);
    assert!(has_preview(&h), "{}", labels(&h));
    assert!(shows(&h, "Tous les réglages sont enregistrés."));

    // Remove, then discard: the logo is back. Remove and save: it is gone.
    click(&mut h, "Retirer le logo");
    assert!(!has_preview(&h));
    assert!(shows(&h, "Modifications non enregistrées"));
    click(&mut h, "Annuler les modifications");
    click(&mut h, "Abandonner les modifications");
    assert!(has_preview(&h), "{}", labels(&h));
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    click(&mut h, "Retirer le logo");
    save(&mut h);
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    assert!(shows(&h, "Aucun logo"));
    drop(h);
    assert!(stored_logo(dir.path()).is_none());
    assert_eq!(logo_audit_entries(dir.path()), 2);
}

#[test]
fn a_corrupt_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_settings(&mut h);
    pick(&mut h, &jpeg(300, 300));
    save(&mut h);
    let before = stored_logo(dir.path()).expect("a logo to keep");
    // A PNG cut in the middle, as the dialog thread would prepare it.
    let full = png(800, 400);
    let broken = file_pick::prepare(&full[..full.len() / 2], Lang::Fr);
    assert!(matches!(broken, Err(PickError::Refused(_))));
    assert!(h.state_mut().inject_picked_image_for_test(broken));
    h.run();
    assert!(
        shows(
            &h,
            "Ce fichier n'est pas une image lisible. Choisissez une image PNG ou JPEG."
        ),
        "{}",
        labels(&h)
    );
    // The previous logo stays in the draft; nothing to save.
    assert!(has_preview(&h));
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    drop(h);
    assert_eq!(stored_logo(dir.path()), Some(before));
    assert_eq!(logo_audit_entries(dir.path()), 1);
}

#[test]
fn no_file_dialog_is_told_in_a_toast() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_settings(&mut h);
    let msg = Lang::Fr.tr("file-dialog-unavailable");
    assert!(
        h.state_mut()
            .inject_picked_image_for_test(Err(PickError::Unavailable(msg.clone())))
    );
    h.run();
    assert!(toasts(&h).contains(&msg), "toasts: {:?}", toasts(&h));
    assert!(msg.starts_with("La boîte de dialogue de fichiers du système n'est pas disponible"));
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
}

#[test]
fn without_a_file_dialog_the_logo_is_chosen_in_the_in_app_browser() {
    let dir = tempfile::tempdir().unwrap();
    let usb = tempfile::Builder::new()
        .prefix("CLE_USB_")
        .tempdir()
        .unwrap();
    std::fs::write(usb.path().join("logo-atelier.png"), png(300, 120)).unwrap();
    let place = usb.path().to_owned();
    let mut h = common::app_configured(dir.path(), true, |c| {
        c.no_file_dialog = true;
        c.browse_places = vec![place];
    });
    login(&mut h, "admin", "Demo-Admin-2026");
    open_settings(&mut h);
    h.get_by_label_contains("Choisir un logo…").scroll_to_me();
    h.run_steps(10);
    h.get_by_label_contains("Choisir un logo…").click();
    let msg = Lang::Fr.tr("file-dialog-unavailable");
    // Said in a toast and on top of the browser, which opens by itself.
    assert!(common::wait_for(&mut h, |h| toasts(h).contains(&msg)));
    assert!(shows(&h, &msg), "{}", common::texts(&h));
    let place_name = usb
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(common::wait_for(&mut h, |h| shows(h, &place_name)));
    h.get_by_label_contains(&place_name).click();
    assert!(common::wait_for(&mut h, |h| shows(h, "logo-atelier.png")));
    h.get_by_label("logo-atelier.png").click();
    h.step();
    h.get_by_label_contains("Choisir ce fichier").click();
    assert!(
        common::wait_for(&mut h, has_preview),
        "{}",
        common::texts(&h)
    );
    assert!(!shows(&h, "Emplacements"));
    assert!(
        shows(&h, "Modifications non enregistrées"),
        "{}",
        common::texts(&h)
    );
}

#[test]
fn the_hook_reaches_only_screens_with_a_logo() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    assert_ne!(h.state().route(), RouteKind::Settings);
    assert!(
        !h.state_mut()
            .inject_picked_image_for_test(file_pick::prepare(&jpeg(10, 10), Lang::Fr))
    );
}

#[test]
fn the_logo_is_saved_with_the_other_settings_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_settings(&mut h);
    pick(&mut h, &jpeg(640, 480));
    // A refused settings draft keeps the logo unsaved too.
    common::set_field(&mut h, "SIRET", "123");
    save(&mut h);
    assert!(shows(&h, "SIRET invalide"), "{}", labels(&h));
    assert!(stored_logo(dir.path()).is_none());
    assert!(shows(&h, "Modifications non enregistrées"));
    // Fixed: both are saved, with one confirmation.
    common::set_field(&mut h, "SIRET", "");
    common::set_field(&mut h, "Nom de l'atelier", "Atelier Logo");
    save(&mut h);
    let saved: Vec<String> = toasts(&h)
        .into_iter()
        .filter(|t| t == "Réglages enregistrés.")
        .collect();
    assert_eq!(saved.len(), 1, "toasts: {:?}", toasts(&h));
    assert!(shows(&h, "Tous les réglages sont enregistrés."));
    drop(h);
    let logo = stored_logo(dir.path()).expect("saved with the settings");
    let img = image::load_from_memory(&logo).unwrap();
    assert_eq!((img.width(), img.height()), (512, 384));
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    assert_eq!(
        org::get(store.conn()).unwrap().unwrap().name,
        "Atelier Logo"
    );
}
