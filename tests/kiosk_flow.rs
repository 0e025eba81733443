//! Kiosk mode on the real app: closing the window is refused and only an administrator leaves
//! (a technician's PIN does not); inactivity locks to the large PIN pad, which unlocks by touch.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::sync::Arc;

use common::{app_kiosk, app_with_clock, click, labels, login, set_field, shows};
use egui::{ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma_core::clock::{ManualClock, SharedClock};

const MINUTE: i64 = 60_000;

fn clock() -> (Arc<ManualClock>, SharedClock) {
    let c = ManualClock::new(chrono::Utc::now().timestamp_millis());
    let shared: SharedClock = c.clone();
    (c, shared)
}

/// The window manager asks the window to close (title bar ×, Alt+F4). Returns the commands the
/// app sent back in that frame.
fn request_close(h: &mut Harness<'static, App>) -> Vec<ViewportCommand> {
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    h.step();
    let cmds = h
        .output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default();
    h.run();
    cmds
}

/// Taps the on-screen keypad (the last pad drawn, i.e. the one on top).
fn tap_pin(h: &mut Harness<'static, App>, digits: &str) {
    for d in digits.chars() {
        let key = d.to_string();
        h.get_all_by_label(&key).last().unwrap().click();
        h.run();
    }
    h.get_all_by_label("Valider").last().unwrap().click();
    h.run();
}

#[test]
fn closing_is_refused_and_only_an_admin_gets_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_kiosk(dir.path(), true, None);
    // Admins may use their PIN here, so the exit dialog offers the keypad (and a technician's
    // PIN can be tried on it).
    common::floor::allow_admin_pins(dir.path());
    // Reachable by touch from the sign-in screen too.
    assert!(shows(&h, "Quitter le mode kiosque"), "{}", labels(&h));
    let bar = h.get_by_label_contains("Quitter le mode kiosque").rect();
    assert!(bar.bottom() <= 800.0 && bar.height() >= 20.0, "{bar:?}");
    login(&mut h, "karim", "Demo-Tech-2026");
    assert!(h.state().user().is_some());

    // Close request: cancelled, the exit dialog opens instead.
    let cmds = request_close(&mut h);
    assert!(
        cmds.contains(&ViewportCommand::CancelClose),
        "close not cancelled: {cmds:?}"
    );
    assert!(!cmds.contains(&ViewportCommand::Close));
    assert_eq!(h.state().close_refusals(), 1);
    assert!(h.state().kiosk_exit_open());
    assert!(shows(&h, "Seul un administrateur peut fermer RPMA"));

    // A technician's PIN (right PIN) does not open the way out.
    set_field(&mut h, "Administrateur (identifiant)", "karim");
    click(&mut h, "Par code PIN");
    tap_pin(&mut h, "2580");
    assert!(
        shows(&h, "Seul un administrateur peut quitter le mode kiosque."),
        "{}",
        labels(&h)
    );
    assert!(!h.state().exit_authorised());

    // Asking again is refused again, whatever was typed.
    let cmds = request_close(&mut h);
    assert!(cmds.contains(&ViewportCommand::CancelClose));
    assert_eq!(h.state().close_refusals(), 2);

    // An admin with a wrong password: refused.
    set_field(&mut h, "Administrateur (identifiant)", "admin");
    click(&mut h, "Par mot de passe");
    set_field(&mut h, "Mot de passe", "not-the-password");
    click(&mut h, "Fermer RPMA");
    assert!(shows(&h, "Identifiant ou mot de passe incorrect."));
    assert!(!h.state().exit_authorised());

    // Cancel closes the dialog; the app goes on.
    click(&mut h, "Annuler");
    assert!(!h.state().kiosk_exit_open());

    // The status bar's "leave kiosk mode" opens it again; the admin's password closes the app.
    click(&mut h, "Quitter le mode kiosque");
    assert!(h.state().kiosk_exit_open());
    set_field(&mut h, "Administrateur (identifiant)", "admin");
    set_field(&mut h, "Mot de passe", "Demo-Admin-2026");
    h.get_by_label_contains("Fermer RPMA").click();
    h.step();
    h.step();
    let closing = h
        .output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&ViewportCommand::Close));
    assert!(h.state().exit_authorised());
    assert!(closing, "an authorised exit must close the window");
}

#[test]
fn outside_kiosk_mode_closing_is_not_intercepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_with_clock(dir.path(), true, None);
    login(&mut h, "karim", "Demo-Tech-2026");
    let cmds = request_close(&mut h);
    assert!(!cmds.contains(&ViewportCommand::CancelClose));
    assert_eq!(h.state().close_refusals(), 0);
    assert!(!shows(&h, "Quitter le mode kiosque"));
}

#[test]
fn inactivity_locks_to_the_pin_pad_and_the_pin_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = app_kiosk(dir.path(), true, Some(shared));
    login(&mut h, "karim", "Demo-Tech-2026");
    assert!(!h.state().is_locked());

    // Past the idle timeout (30 min by default): locked, straight to the large PIN pad.
    c.advance(31 * MINUTE);
    h.run();
    assert!(h.state().is_locked());
    assert!(shows(&h, "Saisissez votre code PIN."), "{}", labels(&h));
    for d in 0..=9 {
        assert!(
            h.query_by_label(&d.to_string()).is_some(),
            "key {d} missing"
        );
    }
    // The keys are large touch targets.
    let five = h.get_by_label("5").rect();
    assert!(five.height() >= 64.0 && five.width() >= 64.0, "{five:?}");

    // Wrong PIN: still locked.
    tap_pin(&mut h, "1111");
    assert!(h.state().is_locked());
    assert!(shows(&h, "Code PIN incorrect"), "{}", labels(&h));

    // The right PIN, by touch only: unlocked, same user.
    tap_pin(&mut h, "2580");
    assert!(!h.state().is_locked(), "{}", labels(&h));
    assert_eq!(h.state().user().unwrap().username, "karim");

    // Closing is still refused after unlocking.
    let cmds = request_close(&mut h);
    assert!(cmds.contains(&ViewportCommand::CancelClose));
}

/// The code of the authenticator app for `secret` (base32), `ahead` seconds from now (a code is
/// accepted once: the next one comes from the next 30-second step, within the allowed drift).
fn totp_now(secret: &str, ahead: i64) -> String {
    use rpma_core::auth::totp;
    let key = totp::base32_decode(secret).unwrap();
    let now = u64::try_from(chrono::Utc::now().timestamp() + ahead).unwrap();
    format!(
        "{:06}",
        totp::totp(&key, now, 30, 6, totp::TotpAlgorithm::Sha1)
    )
}

#[test]
fn an_admin_with_two_step_verification_leaves_with_the_code_too() {
    let dir = tempfile::tempdir().unwrap();
    // The demo shop, with two-step verification on the admin account.
    let secret = {
        let (mut store, _) = rpma_core::Store::open(&dir.path().join("rpma.db")).unwrap();
        rpma_demo::populate(&mut store, rpma_demo::DEFAULT_SEED).unwrap();
        let admin = rpma_core::testing::session_named(&store, "admin");
        let e = rpma_core::auth::two_factor::begin_totp(&mut store, &admin).unwrap();
        let code = totp_now(&e.secret, 0);
        rpma_core::auth::two_factor::confirm_totp(&mut store, &admin, &code).unwrap();
        e.secret
    };
    let mut h = app_kiosk(dir.path(), false, None);
    login(&mut h, "karim", "Demo-Tech-2026");
    click(&mut h, "Quitter le mode kiosque");
    assert!(h.state().kiosk_exit_open());
    // The password alone: the dialog asks for the code.
    assert!(
        h.query_by_label("Code de l'application d'authentification (6 chiffres)")
            .is_none()
    );
    set_field(&mut h, "Administrateur (identifiant)", "admin");
    set_field(&mut h, "Mot de passe", "Demo-Admin-2026");
    click(&mut h, "Fermer RPMA");
    assert!(!h.state().exit_authorised());
    assert!(shows(&h, "vérification en deux étapes"), "{}", labels(&h));
    assert!(
        h.query_by_label("Code de l'application d'authentification (6 chiffres)")
            .is_some()
    );
    // A wrong code: refused.
    set_field(&mut h, "Mot de passe", "Demo-Admin-2026");
    set_field(
        &mut h,
        "Code de l'application d'authentification (6 chiffres)",
        "000000",
    );
    click(&mut h, "Fermer RPMA");
    assert!(!h.state().exit_authorised());
    // Password and the right code: the app closes.
    set_field(&mut h, "Mot de passe", "Demo-Admin-2026");
    set_field(
        &mut h,
        "Code de l'application d'authentification (6 chiffres)",
        &totp_now(&secret, 30),
    );
    click(&mut h, "Fermer RPMA");
    assert!(h.state().exit_authorised(), "{}", labels(&h));
}
