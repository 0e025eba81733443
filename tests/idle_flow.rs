//! Idle costs nothing: once the app has settled on a screen and nobody touches it, it asks egui
//! for no repaint at all on the first-run, sign-in, lock and kiosk PIN pad screens, even with a
//! text field focused (the text cursor does not blink); signed in, only for the timers that need
//! time: the idle lock's deadline, and the clocks that move by the minute (worked time, the
//! shop-floor board), once a minute. No timing is measured: the tests read the repaint delay egui
//! was asked for after the last frame, and where the asks came from.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::floor::{CLIENT, shop};
use common::{app, app_kiosk, app_with, app_with_clock, click, labels, login, shows, type_into};
use egui::{Key, Modifiers, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::visible_for;
use rpma_core::Lang;
use rpma_core::auth::permissions::Role;
use rpma_core::clock::{ManualClock, SharedClock};

const MINUTE: i64 = 60_000;

fn clock() -> (Arc<ManualClock>, SharedClock) {
    let c = ManualClock::new(chrono::Utc::now().timestamp_millis());
    let shared: SharedClock = c.clone();
    (c, shared)
}

/// What the app asked for after its last frame, nothing happening.
struct Asked {
    /// How long egui may sleep before the next frame (`Duration::MAX`: until some input).
    delay: Duration,
    /// Where the asks came from (`file:line`).
    causes: Vec<String>,
}

impl Asked {
    fn of(h: &Harness<'static, App>) -> Self {
        Self {
            delay: h
                .output()
                .viewport_output
                .get(&ViewportId::ROOT)
                .map_or(Duration::ZERO, |v| v.repaint_delay),
            causes: h
                .ctx
                .repaint_causes()
                .iter()
                .map(|c| format!("{}:{}", c.file, c.line))
                .collect(),
        }
    }

    /// True when one of the asks comes from egui itself (a blinking text cursor, an animation)
    /// rather than from one of the app's timers.
    fn asked_by_egui(&self) -> bool {
        self.causes.iter().any(|c| !c.starts_with("src/"))
    }
}

/// Lets the screen settle (work done, animations over), moves the UI clock 10 s on (past every
/// toast) and settles again, then reads what the last frame asked for.
fn settled(h: &mut Harness<'static, App>) -> Asked {
    h.run_steps(4);
    h.run();
    let later = h.ctx.input(|i| i.time) + 10.0;
    h.input_mut().time = Some(later);
    h.step();
    h.input_mut().time = None;
    h.run();
    // Two quiet frames: the causes egui reports are those of the frame before the last.
    h.run_steps(2);
    Asked::of(h)
}

/// kittest turns the text cursor's blinking off for its snapshots, over the style the app set at
/// start. A real window starts with egui's default (blinking) and the app applies its theme over
/// it: do the same, egui's default back, then the app's theme applied again by its own path (the
/// light/dark shortcut, twice).
fn as_in_a_window(mut h: Harness<'static, App>) -> Harness<'static, App> {
    let blink = egui::style::TextCursorStyle::default().blink;
    h.ctx
        .all_styles_mut(|s| s.visuals.text_cursor.blink = blink);
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
        h.run();
    }
    h
}

/// The focused widget's id, if any.
fn focused(h: &Harness<'static, App>) -> Option<egui::Id> {
    h.ctx.memory(egui::Memory::focused)
}

fn assert_asks_nothing(h: &mut Harness<'static, App>, screen: &str) {
    let asked = settled(h);
    assert_eq!(
        asked.delay,
        Duration::MAX,
        "{screen}: a repaint was asked for after {:?} by {:?}",
        asked.delay,
        asked.causes
    );
}

#[test]
fn the_first_run_screen_asks_for_no_repaint_while_its_field_has_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = as_in_a_window(app(dir.path(), false));
    assert!(shows(&h, "Bienvenue dans RPMA"), "{}", labels(&h));
    type_into(&mut h, "Nom de l'atelier", "Garage Étoile");
    assert!(focused(&h).is_some(), "the shop name field has the focus");
    assert_asks_nothing(&mut h, "setup");
}

#[test]
fn the_sign_in_screen_asks_for_no_repaint_while_its_field_has_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = as_in_a_window(app(dir.path(), true));
    assert!(
        focused(&h).is_some(),
        "the login field has the focus at start"
    );
    assert_asks_nothing(&mut h, "sign-in");
    // Typing moves the cursor; once typed, still nothing.
    type_into(&mut h, "Identifiant ou e-mail", "adm");
    assert!(focused(&h).is_some());
    assert_asks_nothing(&mut h, "sign-in, typed");
}

#[test]
fn the_lock_screen_asks_for_no_repaint_once_its_message_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = as_in_a_window(app_with_clock(dir.path(), true, Some(shared)));
    login(&mut h, "admin", "Demo-Admin-2026");
    // Signed in and idle: one repaint asked, at the idle lock's deadline (30 min), not before.
    let asked = settled(&mut h);
    assert!(
        asked.delay > Duration::from_secs(29 * 60) && asked.delay <= Duration::from_secs(30 * 60),
        "signed in: {:?} by {:?}",
        asked.delay,
        asked.causes
    );
    c.advance(31 * MINUTE);
    h.run();
    assert!(h.state().is_locked());
    assert!(shows(&h, "Session verrouillée"), "{}", labels(&h));
    // The "locked" message goes by itself: a repaint is asked for when it is due (4 s).
    assert!(!h.state().toasts().is_empty());
    let asked = Asked::of(&h);
    assert!(
        asked.delay > Duration::ZERO && asked.delay <= Duration::from_secs(4),
        "toast: {:?}",
        asked.delay
    );
    assert!(focused(&h).is_some(), "the password field has the focus");
    assert_asks_nothing(&mut h, "lock");
    assert!(h.state().toasts().is_empty(), "the message went");
}

#[test]
fn the_kiosk_pin_pad_asks_for_no_repaint() {
    let dir = tempfile::tempdir().unwrap();
    let (c, shared) = clock();
    let mut h = as_in_a_window(app_kiosk(dir.path(), true, Some(shared)));
    login(&mut h, "karim", "Demo-Tech-2026");
    c.advance(31 * MINUTE);
    h.run();
    assert!(h.state().is_locked());
    assert!(shows(&h, "Saisissez votre code PIN."), "{}", labels(&h));
    assert_asks_nothing(&mut h, "PIN pad");
    // A digit typed: still nothing once settled.
    h.get_by_label("2").click();
    h.run();
    assert_asks_nothing(&mut h, "PIN pad, one digit");
}

/// Signed in, a settled screen asks only for a repaint a minute or more away, or for the next
/// minute of one of its clocks: never for egui's own (a blinking cursor).
fn assert_idle_signed_in(h: &mut Harness<'static, App>, screen: &str) {
    let asked = settled(h);
    let minute_clock = asked
        .causes
        .iter()
        .any(|c| c.contains("atelier.rs") || c.contains("intervention/mod.rs"));
    assert!(
        !asked.asked_by_egui() && (asked.delay >= Duration::from_secs(60) || minute_clock),
        "{screen}: a repaint was asked for after {:?} by {:?}",
        asked.delay,
        asked.causes
    );
}

/// Opens a screen of the side bar by its entry.
fn open_nav(h: &mut Harness<'static, App>, icon: &str, key: &str) {
    let label = format!("{icon}   {}", Lang::Fr.tr(key));
    h.get_by_label(&label).scroll_to_me();
    h.run();
    h.get_by_label(&label).click();
    h.run_steps(4);
    h.run();
}

#[test]
fn every_screen_signed_in_asks_only_for_its_timers() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let mut h = as_in_a_window(app_with(dir.path(), false, None, false));
    login(&mut h, "admin", "Demo-Admin-2026");
    assert!(h.state().user().is_some(), "{}", labels(&h));
    for e in visible_for(Role::Admin) {
        open_nav(&mut h, e.icon, e.label_key);
        assert_eq!(h.state().route(), e.route);
        assert_idle_signed_in(&mut h, e.label_key);
    }
    // A list with its search field focused.
    open_nav(&mut h, rpma::ui::icons::CLIPBOARD_TEXT, "nav-jobs");
    type_into(&mut h, "Rechercher un travail", CLIENT);
    assert!(focused(&h).is_some());
    assert_idle_signed_in(&mut h, "jobs, search typed");
    // The running intervention with its notes field focused: its worked time moves by the
    // minute, and nothing else asks.
    click(&mut h, CLIENT);
    click(&mut h, "Ouvrir l'intervention");
    assert!(shows(&h, "Notes de l'étape"), "{}", labels(&h));
    type_into(&mut h, "Notes de l'étape", "Capot propre");
    assert!(focused(&h).is_some());
    let asked = settled(&mut h);
    assert!(
        !asked.asked_by_egui() && asked.delay <= Duration::from_secs(60),
        "intervention: {:?} by {:?}",
        asked.delay,
        asked.causes
    );
    assert_idle_signed_in(&mut h, "intervention, notes typed");
}
