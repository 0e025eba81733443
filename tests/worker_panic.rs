//! A panic on the database worker never ends it silently (issue 13, item 7): through the real
//! threaded worker (not the inline test backend), a job that panics inside its transaction
//! leaves nothing written and is reported; the next save still lands; a panic outside a job
//! restarts the worker on the same store; a worker that keeps panicking stops and the app shows
//! its fatal card.
//!
//! The panicking job (`Job::TestPanic`) exists only with the `test-hooks` feature, which this
//! crate's tests turn on (see Cargo.toml) and no shipped binary has.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::jobs::{Job, JobClient, JobEvent, RequestId, WorkerEnv};
use rpma::{App, AppConfig, Backend};
use rpma_core::users::Theme;
use rpma_core::{Lang, Store};
use rpma_demo as demo;

/// A guard against a hung test only: results are asserted, never how long they took.
const GIVE_UP: Duration = Duration::from_secs(120);

/// A demo shop in `dir`; returns the store and a session of its admin.
fn shop(dir: &Path) -> (Store, rpma_core::Session) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    let admin = rpma_core::testing::session_named(&store, "admin");
    (store, admin)
}

fn env(dir: &Path) -> WorkerEnv {
    WorkerEnv {
        data_dir: Some(dir.to_owned()),
        session: None,
    }
}

/// Waits for the reply to `id` (other replies are dropped).
fn reply(jobs: &mut JobClient, id: RequestId) -> JobEvent {
    let start = Instant::now();
    loop {
        if let Some((_, ev)) = jobs.poll().into_iter().find(|(i, _)| *i == id) {
            return ev;
        }
        assert!(
            start.elapsed() < GIVE_UP,
            "no reply to job {id}: the database worker is gone"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn save_preferences(jobs: &mut JobClient, session: &rpma_core::Session, locale: Lang) -> JobEvent {
    let id = jobs.submit_as(
        Some(session),
        Job::SavePreferences {
            locale,
            theme: Theme::Dark,
        },
    );
    reply(jobs, id)
}

/// What the database file holds, read by another connection.
fn stored_locale(dir: &Path, user_id: &str) -> String {
    let conn = rusqlite::Connection::open(dir.join("rpma.db")).unwrap();
    conn.query_row("SELECT locale FROM users WHERE id = ?1", [user_id], |r| {
        r.get(0)
    })
    .unwrap()
}

fn test_panic_row_count(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("rpma.db")).unwrap();
    conn.query_row(
        "SELECT count(*) FROM settings WHERE key = 'test-panic'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_job_that_panics_is_reported_rolled_back_and_the_next_save_lands() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, admin) = shop(tmp.path());
    let mut jobs = JobClient::spawn(store, env(tmp.path()), || {}).unwrap();

    let id = jobs.submit(Job::TestPanic);
    let ev = reply(&mut jobs, id);
    assert!(matches!(ev, JobEvent::Failed), "{ev:?}");
    assert_eq!(
        test_panic_row_count(tmp.path()),
        0,
        "the panicking job's transaction must roll back"
    );

    // The next save lands, on the same worker and the same store.
    let ev = save_preferences(&mut jobs, &admin, Lang::En);
    match ev {
        JobEvent::PreferencesSaved(Ok(u)) => assert_eq!(u.locale, Lang::En),
        other => panic!("save after a panic: {other:?}"),
    }
    assert_eq!(stored_locale(tmp.path(), &admin.id), "en");
    assert!(!jobs.busy());
}

#[test]
fn a_panic_outside_a_job_restarts_the_worker_on_the_same_store() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, admin) = shop(tmp.path());
    // The repaint callback runs on the worker after each reply, outside the per-job guard: the
    // first call panics.
    let armed = Arc::new(AtomicBool::new(true));
    let a = Arc::clone(&armed);
    let mut jobs = JobClient::spawn(store, env(tmp.path()), move || {
        if a.swap(false, Ordering::SeqCst) {
            panic!("test: repaint callback panics");
        }
    })
    .unwrap();

    let ev = save_preferences(&mut jobs, &admin, Lang::En);
    assert!(matches!(ev, JobEvent::PreferencesSaved(Ok(_))), "{ev:?}");
    assert!(!armed.load(Ordering::SeqCst), "the repaint callback ran");

    // The worker started again: the next save lands.
    let ev = save_preferences(&mut jobs, &admin, Lang::Fr);
    assert!(matches!(ev, JobEvent::PreferencesSaved(Ok(_))), "{ev:?}");
    assert_eq!(stored_locale(tmp.path(), &admin.id), "fr");
}

/// The real app on the real threaded worker.
fn worker_app(dir: &Path) -> Harness<'static, App> {
    let (store, _) = shop(dir);
    let config = AppConfig {
        data_dir: Some(dir.to_owned()),
        logs_dir: Some(dir.join("logs")),
        lang: Some(Lang::Fr),
        ..AppConfig::default()
    };
    let env = env(dir);
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| App::new(cc, Backend::Worker(store, env), config))
}

/// Runs frames until `done` holds (the worker answers on its own thread).
fn run_until(
    h: &mut Harness<'static, App>,
    what: &str,
    done: impl Fn(&Harness<'static, App>) -> bool,
) {
    let start = Instant::now();
    loop {
        // Stepped, not run: a spinner repaints while the worker is busy.
        h.step();
        if done(h) {
            return;
        }
        assert!(
            start.elapsed() < GIVE_UP,
            "never happened: {what}\ntoasts: {:?}\n{}",
            h.state().toasts(),
            common::labels(h)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_app_says_a_failed_action_was_not_saved_then_shows_the_fatal_card_when_it_keeps_failing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = worker_app(tmp.path());
    run_until(&mut h, "login screen", |h| {
        common::shows(h, "Identifiant ou e-mail")
    });

    // A job panics: an error toast in the user's language says the action was not saved.
    h.state_mut().submit_for_test(Job::TestPanic);
    run_until(&mut h, "error toast", |h| {
        common::shows(h, "L'action a échoué et n'a pas été enregistrée")
    });
    assert!(!h.state().is_fatal());

    // The app goes on working: signing in (which writes the sign-in history) lands.
    common::set_field(&mut h, "Identifiant ou e-mail", "admin");
    common::set_field(&mut h, "Mot de passe", "Demo-Admin-2026");
    // Clicked and stepped (not run: a spinner turns while the worker checks the password).
    h.get_by_label_contains("Se connecter").click();
    run_until(&mut h, "signed in", |h| h.state().user().is_some());
    let conn = rusqlite::Connection::open(tmp.path().join("rpma.db")).unwrap();
    let logins: i64 = conn
        .query_row("SELECT count(*) FROM login_history", [], |r| r.get(0))
        .unwrap();
    assert!(logins >= 1, "the sign-in after the panic was not saved");

    // Two more panics within the minute: the worker stops and the fatal card replaces the app.
    h.state_mut().submit_for_test(Job::TestPanic);
    h.state_mut().submit_for_test(Job::TestPanic);
    run_until(&mut h, "fatal state", |h| h.state().is_fatal());
    // The state may flip between two frames: the card is drawn by the next one.
    run_until(&mut h, "fatal card", |h| {
        common::shows(h, "RPMA doit fermer")
    });
    assert!(
        common::shows(&h, "RPMA doit fermer"),
        "{}",
        common::labels(&h)
    );
    assert!(
        common::shows(&h, "L'enregistrement a échoué plusieurs fois de suite"),
        "{}",
        common::labels(&h)
    );
    assert!(
        !common::shows(&h, "Tableau de bord"),
        "{}",
        common::labels(&h)
    );
    // The card replaces the "try again" toasts.
    assert!(h.state().toasts().is_empty(), "{:?}", h.state().toasts());
    assert_eq!(test_panic_row_count(tmp.path()), 0);
}

/// A job that needs a signed-in session and arrives without one is refused before it touches
/// the store; the same job with the session lands (issue 13, item 6).
#[test]
fn a_job_sent_without_a_session_is_refused_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, admin) = shop(tmp.path());
    let mut jobs = JobClient::spawn(store, env(tmp.path()), || {}).unwrap();
    let before = stored_locale(tmp.path(), &admin.id);
    assert_ne!(before, "en");
    let id = jobs.submit(Job::SavePreferences {
        locale: Lang::En,
        theme: Theme::Dark,
    });
    let ev = reply(&mut jobs, id);
    assert!(
        matches!(ev, JobEvent::Refused(rpma_core::CoreError::Refused { .. })),
        "{ev:?}"
    );
    assert_eq!(stored_locale(tmp.path(), &admin.id), before);
    match save_preferences(&mut jobs, &admin, Lang::En) {
        JobEvent::PreferencesSaved(Ok(u)) => assert_eq!(u.locale, Lang::En),
        other => panic!("with the session: {other:?}"),
    }
}
