//! Shared helpers for the UI flow tests: the real `App` on a temporary data folder, driven by
//! labels through egui_kittest (no GPU, no display).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod cli;
pub mod floor;
pub mod pg;
pub mod photo_job;
pub mod reach;

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::jobs::WorkerEnv;
use rpma::{App, AppConfig, Backend};
use rpma_core::{Lang, Store};
use rpma_demo as demo;

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
    app_configured_sized(dir, false, size, |_| {})
}

/// The real app on `<dir>/rpma.db` (the demo shop when `with_demo`), in kiosk mode when `kiosk`.
pub fn app_with(
    dir: &Path,
    with_demo: bool,
    clock: Option<rpma_core::clock::SharedClock>,
    kiosk: bool,
) -> Harness<'static, App> {
    app_configured(dir, with_demo, |c| {
        c.clock = clock;
        c.kiosk = kiosk;
    })
}

/// [`app`] started as `rpma --lang <lang>`.
pub fn app_lang(dir: &Path, with_demo: bool, lang: Lang) -> Harness<'static, App> {
    app_configured(dir, with_demo, |c| c.lang = Some(lang))
}

/// The real app on `<dir>/rpma.db` (French UI), with the configuration changed by `configure`
/// (kiosk mode, no system file dialog, extra places for the in-app file browser…).
pub fn app_configured(
    dir: &Path,
    with_demo: bool,
    configure: impl FnOnce(&mut AppConfig),
) -> Harness<'static, App> {
    app_configured_sized(dir, with_demo, [1280.0, 800.0], configure)
}

/// [`app_configured`] in a window of `size` points.
pub fn app_configured_sized(
    dir: &Path,
    with_demo: bool,
    size: [f32; 2],
    configure: impl FnOnce(&mut AppConfig),
) -> Harness<'static, App> {
    app_steps(dir, with_demo, size, APP_STEPS, configure)
}

/// Frames a harness may take to settle: the inline database needs 4, and the sync runner's
/// thread (started with the app, stopping at once on a folder that does not sync) may wake the
/// app once while a test clicks, which costs two more.
pub const APP_STEPS: u64 = 8;

/// [`app_configured_sized`] whose `run` may take up to `steps` frames to settle.
pub fn app_steps(
    dir: &Path,
    with_demo: bool,
    size: [f32; 2],
    steps: u64,
    configure: impl FnOnce(&mut AppConfig),
) -> Harness<'static, App> {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    if with_demo {
        demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    }
    let mut config = AppConfig {
        data_dir: Some(dir.to_owned()),
        logs_dir: Some(dir.join("logs")),
        lang: Some(Lang::Fr),
        ..AppConfig::default()
    };
    configure(&mut config);
    let env = WorkerEnv {
        data_dir: Some(dir.to_owned()),
        session: None,
    };
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(steps)
        .build_eframe(move |cc| App::new(cc, Backend::Inline(store, env), config));
    h.run();
    settle_sync(&mut h);
    h
}

/// Runs frames until the sync runner, started with the app, has said what it had to say (a
/// folder that does not sync: its state, then that it stopped), so that its message does not
/// wake the app in the middle of a test's own frames.
pub fn settle_sync(h: &mut Harness<'static, App>) {
    for _ in 0..500 {
        if h.state().sync_settled() {
            break;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
}

/// Frames a harness may take to settle. Background tasks (backups, statistics read on their own
/// threads) wake the app when they finish: a few more frames than the inline database needs.
pub const TASK_STEPS: u64 = 24;

/// [`app`] for tests of screens that start background tasks ([`TASK_STEPS`]).
pub fn app_tasks(dir: &Path, with_demo: bool) -> Harness<'static, App> {
    app_steps(dir, with_demo, [1280.0, 800.0], TASK_STEPS, |_| {})
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

/// Every label and value on show, for failure messages where the tree is too long to read.
pub fn texts(h: &Harness<'static, App>) -> String {
    use egui_kittest::kittest::NodeT as _;
    let v: Vec<String> = h
        .query_all_by(|n| n.label().is_some() || n.value().is_some())
        .filter_map(|n| n.accesskit_node().label().or(n.accesskit_node().value()))
        .collect();
    v.join(" | ")
}

/// Runs frames until `done` holds (work on background threads: directory listings, thumbnails,
/// dialogs), for at most about 20 seconds; returns whether it held. Never a timing assertion:
/// the wait only bounds a test that would otherwise hang.
pub fn wait_for(
    h: &mut Harness<'static, App>,
    mut done: impl FnMut(&Harness<'static, App>) -> bool,
) -> bool {
    for _ in 0..1000 {
        h.step();
        if done(h) {
            h.run_steps(2);
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// The real app started as `rpma` starts it: the database is checked first, and one that fails
/// the check opens the recovery screen (no store then). French UI, 1280×800.
pub fn app_started(dir: &Path) -> Harness<'static, App> {
    let env = WorkerEnv {
        data_dir: Some(dir.to_owned()),
        session: None,
    };
    let (backend, recovery) = match rpma::startup::open_store(dir).unwrap() {
        rpma::startup::Started::Ready(store) => (Backend::Inline(store, env), None),
        rpma::startup::Started::Recovery(state) => (Backend::Detached(env), Some(state)),
    };
    let config = AppConfig {
        data_dir: Some(dir.to_owned()),
        logs_dir: Some(dir.join("logs")),
        lang: Some(Lang::Fr),
        recovery,
        ..AppConfig::default()
    };
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(TASK_STEPS)
        .build_eframe(move |cc| App::new(cc, backend, config));
    h.run();
    settle_sync(&mut h);
    h
}

/// Clicks the widget whose label is exactly `icon` + a space + `text` (buttons that share
/// words with others, such as a row's "Restaurer" beside "Restaurer depuis un fichier…").
pub fn click_icon(h: &mut Harness<'static, App>, icon: &str, text: &str) {
    let label = format!("{icon} {text}");
    let found = h.query_all_by_label(&label).next().is_some();
    assert!(found, "no {label:?}: {}", texts(h));
    if let Some(n) = h.query_all_by_label(&label).next() {
        n.scroll_to_me();
    }
    h.run();
    if let Some(n) = h.query_all_by_label(&label).next() {
        n.click();
    }
    h.run();
}
