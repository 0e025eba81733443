//! Shared helpers for the UI flow tests: the real `App` on a temporary data folder, driven by
//! labels through egui_kittest (no GPU, no display).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::jobs::WorkerEnv;
use rpma::{App, AppConfig, Backend};
use rpma_core::{Lang, Store, demo};

/// The real app on `<dir>/rpma.db`, with the demo shop when `with_demo`.
pub fn app(dir: &Path, with_demo: bool) -> Harness<'static, App> {
    app_with_clock(dir, with_demo, None)
}

/// [`app`] with a chosen clock for session timeouts (a `ManualClock` in tests).
pub fn app_with_clock(
    dir: &Path,
    with_demo: bool,
    clock: Option<rpma_core::clock::SharedClock>,
) -> Harness<'static, App> {
    app_with(dir, with_demo, clock, false)
}

/// [`app_with_clock`] in kiosk mode (as `rpma --kiosk`).
pub fn app_kiosk(
    dir: &Path,
    with_demo: bool,
    clock: Option<rpma_core::clock::SharedClock>,
) -> Harness<'static, App> {
    app_with(dir, with_demo, clock, true)
}

/// [`app`] in a window of `size` points (e.g. `[1024.0, 768.0]`), on an existing database.
pub fn app_sized(dir: &Path, size: [f32; 2]) -> Harness<'static, App> {
    app_built(dir, false, None, false, size)
}

fn app_with(
    dir: &Path,
    with_demo: bool,
    clock: Option<rpma_core::clock::SharedClock>,
    kiosk: bool,
) -> Harness<'static, App> {
    app_built(dir, with_demo, clock, kiosk, [1280.0, 800.0])
}

fn app_built(
    dir: &Path,
    with_demo: bool,
    clock: Option<rpma_core::clock::SharedClock>,
    kiosk: bool,
    size: [f32; 2],
) -> Harness<'static, App> {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    if with_demo {
        demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    }
    let config = AppConfig {
        data_dir: Some(dir.to_owned()),
        logs_dir: Some(dir.join("logs")),
        lang: Some(Lang::Fr),
        clock,
        kiosk,
        ..AppConfig::default()
    };
    let env = WorkerEnv {
        data_dir: Some(dir.to_owned()),
    };
    let mut h = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| App::new(cc, Backend::Inline(store, env), config));
    h.run();
    h
}

/// Focuses the field labelled `label` and types `text` into it.
pub fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Replaces the content of the field labelled `label` with `text`.
pub fn set_field(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Clicks the widget whose label contains `text` (buttons carry an icon before their text).
pub fn click(h: &mut Harness<'static, App>, text: &str) {
    h.get_by_label_contains(text).scroll_to_me();
    h.run();
    h.get_by_label_contains(text).click();
    h.run();
}

/// Logs in through the login screen (French UI).
pub fn login(h: &mut Harness<'static, App>, user: &str, password: &str) {
    set_field(h, "Identifiant ou e-mail", user);
    set_field(h, "Mot de passe", password);
    click(h, "Se connecter");
}

/// True when some node's label contains `text`.
pub fn shows(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// The accessibility tree, for failure messages.
pub fn labels(h: &Harness<'static, App>) -> String {
    let s = format!("{:?}", h.root());
    s.chars().take(6000).collect()
}
