//! Session rules on the real app: idle timeout and absolute lifetime lock the screen (work kept),
//! the same user unlocks with password or PIN, another user starts afresh.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::sync::Arc;

use common::{app_with_clock, click, login, shows, type_into};
use egui_kittest::kittest::Queryable as _;
use rpma::route::RouteKind;
use rpma_core::clock::{ManualClock, SharedClock};

const MINUTE: i64 = 60_000;

fn clock() -> (Arc<ManualClock>, SharedClock) {
    let c = ManualClock::new(chrono::Utc::now().timestamp_millis());
    let shared: SharedClock = c.clone();
    (c, shared)
}

#[test]
fn idle_timeout_locks_and_the_same_user_returns_to_the_same_screen() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = app_with_clock(dir.path(), true, Some(shared));
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Maintenance");
    assert_eq!(h.state().route(), RouteKind::Maintenance);
    // 29 minutes of nothing: still open.
    c.advance(29 * MINUTE);
    h.run();
    assert!(!h.state().is_locked());
    // Past the default 30-minute idle timeout: locked, the screen's data hidden.
    c.advance(2 * MINUTE);
    h.run();
    assert!(h.state().is_locked());
    assert!(shows(&h, "Session verrouillée"));
    assert!(
        !shows(&h, "Lancer la vérification"),
        "the locked screen must not show the work behind it"
    );
    // Wrong password: refused, still locked.
    type_into(&mut h, "Mot de passe", "wrong");
    click(&mut h, "Déverrouiller");
    assert!(h.state().is_locked());
    assert!(shows(&h, "Identifiant ou mot de passe incorrect."));
    // Right password: back where the user was.
    type_into(&mut h, "Mot de passe", "Demo-Admin-2026");
    click(&mut h, "Déverrouiller");
    assert!(!h.state().is_locked());
    assert_eq!(h.state().route(), RouteKind::Maintenance);
    assert!(shows(&h, "Lancer la vérification"));
}

#[test]
fn activity_keeps_the_session_open_until_its_absolute_lifetime() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = app_with_clock(dir.path(), true, Some(shared));
    login(&mut h, "chef", "Demo-Chef-2026");
    // Work every 20 minutes for 7 h 40: never locked.
    for _ in 0..23 {
        c.advance(20 * MINUTE);
        h.hover_at(egui::pos2(600.0, 400.0));
        h.run();
        h.hover_at(egui::pos2(610.0, 410.0));
        h.run();
        assert!(!h.state().is_locked());
    }
    // Past 8 hours: locked whatever the activity.
    c.advance(25 * MINUTE);
    h.hover_at(egui::pos2(600.0, 400.0));
    h.run();
    assert!(h.state().is_locked());
    assert!(shows(&h, "Durée maximale de session atteinte"));
}

#[test]
fn technician_unlocks_with_the_pin_pad_by_touch() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = app_with_clock(dir.path(), true, Some(shared));
    login(&mut h, "karim", "Demo-Tech-2026");
    c.advance(31 * MINUTE);
    h.run();
    assert!(h.state().is_locked());
    click(&mut h, "Utiliser mon code PIN");
    for d in ["2", "5", "8", "1"] {
        h.get_by_label(d).click();
        h.run();
    }
    h.get_by_label("Valider").click();
    h.run();
    assert!(h.state().is_locked(), "wrong PIN refused");
    assert!(shows(&h, "PIN"), "a message about the PIN is shown");
    for _ in 0..4 {
        h.get_by_label("Effacer").click();
        h.run();
    }
    for d in ["2", "5", "8", "0"] {
        h.get_by_label(d).click();
        h.run();
    }
    h.get_by_label("Valider").click();
    h.run();
    assert!(!h.state().is_locked());
    assert_eq!(h.state().user().map(|u| u.username.as_str()), Some("karim"));
}

#[test]
fn another_user_at_the_lock_screen_starts_a_fresh_session() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = app_with_clock(dir.path(), true, Some(shared));
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Maintenance");
    c.advance(31 * MINUTE);
    h.run();
    assert!(h.state().is_locked());
    click(&mut h, "Changer d'utilisateur");
    assert!(!h.state().is_locked());
    assert!(h.state().user().is_none());
    login(&mut h, "karim", "Demo-Tech-2026");
    assert_eq!(h.state().user().map(|u| u.username.as_str()), Some("karim"));
    assert_eq!(
        h.state().route(),
        RouteKind::MyDay,
        "karim lands on his own day, not on the admin's screen"
    );
}

#[test]
fn pin_switch_from_the_login_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = common::app(dir.path(), true);
    click(&mut h, "Changer d'utilisateur par PIN");
    click(&mut h, "Lucas Petit");
    for d in ["1", "4", "7", "0"] {
        h.get_by_label(d).click();
        h.run();
    }
    h.get_by_label("Valider").click();
    h.run();
    assert_eq!(h.state().user().map(|u| u.username.as_str()), Some("lucas"));
}

#[test]
fn typed_text_survives_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = app_with_clock(dir.path(), true, Some(shared));
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Réglages");
    type_into(&mut h, "Nom de l'atelier", " Lyon Sud");
    let typed = h
        .get_by_label("Nom de l'atelier")
        .value()
        .unwrap_or_default();
    assert!(typed.ends_with(" Lyon Sud"), "{typed}");
    c.advance(31 * MINUTE);
    h.run();
    assert!(h.state().is_locked());
    assert!(
        h.query_by_label("Nom de l'atelier").is_none(),
        "nothing of the draft shows while locked"
    );
    type_into(&mut h, "Mot de passe", "Demo-Admin-2026");
    click(&mut h, "Déverrouiller");
    assert!(!h.state().is_locked());
    assert_eq!(h.state().route(), RouteKind::Settings);
    assert_eq!(
        h.get_by_label("Nom de l'atelier")
            .value()
            .unwrap_or_default(),
        typed,
        "the unsaved draft is intact"
    );
}
