//! Settings → Updates and the kiosk setting on the real app: the panel shows the installed
//! version; channel and repository are saved with the settings draft (a bad repository is refused
//! next to its field); the kiosk setting of this terminal is saved too. No network here: the
//! check and the install are covered end to end by `tests/update_e2e.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{app, click, labels, login, set_field, shows};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma_core::updates::Channel;

fn save(h: &mut Harness<'static, App>) {
    h.get_by_label(&format!("{} Enregistrer", rpma::ui::icons::FLOPPY_DISK))
        .click();
    h.run();
}

fn stored(dir: &std::path::Path) -> rpma_core::settings::AllSettings {
    let conn = rusqlite::Connection::open(dir.join("rpma.db")).unwrap();
    rpma_core::settings::get_all(&conn).unwrap()
}

#[test]
fn updates_tab_shows_the_version_and_saves_channel_and_repository() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "   Réglages");
    click(&mut h, "Mises à jour");
    assert!(shows(&h, "Version installée"), "{}", labels(&h));
    assert!(shows(&h, env!("CARGO_PKG_VERSION")));
    assert!(shows(&h, "Pas encore vérifiée"));
    assert!(shows(&h, "Rechercher maintenant"));
    // No release known: nothing to install.
    assert!(!shows(&h, "Installer la version"));

    click(&mut h, "Bêta (versions de test)");
    set_field(&mut h, "Dépôt GitHub (propriétaire/nom)", "pas un dépôt");
    save(&mut h);
    assert!(
        shows(&h, "Indiquez le dépôt sous la forme propriétaire/nom."),
        "{}",
        labels(&h)
    );
    assert_eq!(stored(dir.path()).updates.channel, Channel::Stable);

    set_field(
        &mut h,
        "Dépôt GitHub (propriétaire/nom)",
        "atelier-lyon/rpma",
    );
    save(&mut h);
    let s = stored(dir.path());
    assert_eq!(s.updates.channel, Channel::Beta);
    assert_eq!(s.updates.repository, "atelier-lyon/rpma");
    assert!(shows(&h, "atelier-lyon/rpma · Bêta"), "{}", labels(&h));
}

#[test]
fn kiosk_mode_of_this_terminal_is_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "   Réglages");
    assert!(!stored(dir.path()).terminal.kiosk);
    click(&mut h, "Démarrer ce poste en mode kiosque");
    save(&mut h);
    assert!(stored(dir.path()).terminal.kiosk, "{}", labels(&h));
}
