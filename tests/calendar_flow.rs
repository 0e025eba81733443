//! Calendar, "My day" and the dashboard's planning on the real app (kittest, inline job backend,
//! temporary data folder). The jobs are created through the core API before the app starts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;

use common::{app, labels, login, shows, type_into};
use egui::accesskit::Role as AxRole;
use egui_kittest::kittest::Queryable as _;
use rpma::ui::icons;
use rpma_core::Store;
use rpma_core::clients::{self, ClientInput};
use rpma_core::jobs::{self, NewJob};
use rpma_core::users::User;
use rpma_core::vehicles::{self, VehicleInput};
use rpma_demo as demo;

/// What the seed created.
struct Seed {
    /// Karim's job today, 06:00–07:00.
    karim_job: String,
    /// Lucas's job today, 06:00–07:00.
    lucas_job: String,
}

fn user(store: &Store, username: &str) -> rpma_core::Session {
    rpma_core::testing::session_named(store, username)
}

/// The demo accounts, one client with two cars, and one job for Karim and one for Lucas today at
/// the same time (early, before the demo shop's own jobs).
fn seed(dir: &Path) -> Seed {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    let admin = user(&store, "admin");
    let karim = user(&store, "karim");
    let lucas = user(&store, "lucas");
    let client = clients::create(
        &mut store,
        &admin,
        &ClientInput {
            name: "Camille Vasseur".into(),
            country: "FR".into(),
            ..ClientInput::default()
        },
    )
    .unwrap();
    let car = |store: &mut Store, plate: &str, model: &str| {
        vehicles::create(
            store,
            &admin,
            &VehicleInput {
                plate: plate.into(),
                make: "Peugeot".into(),
                model: model.into(),
                colour: "Gris".into(),
                owner_id: Some(client.id.clone()),
                ..VehicleInput::default()
            },
        )
        .unwrap()
    };
    let v1 = car(&mut store, "GH-512-KL", "308");
    let v2 = car(&mut store, "AB-734-CD", "3008");
    let tz = jobs::shop_tz(store.conn()).unwrap();
    let (day, _) = jobs::day_bounds(store.now_ms(), tz);
    let six = day + 6 * 3_600_000;
    let mut job = |tech: &User, vehicle: &str| {
        jobs::create(
            &mut store,
            &admin,
            &NewJob {
                client_id: client.id.clone(),
                vehicle_id: vehicle.into(),
                zone_ids: vec!["hood".into()],
                scheduled_start: Some(six),
                scheduled_end: Some(six + 3_600_000),
                technician_id: Some(tech.id.clone()),
                notes: "Capot complet, film brillant".into(),
                ..NewJob::default()
            },
        )
        .unwrap()
        .row
        .number
    };
    let karim_job = job(&karim, &v1.id);
    let lucas_job = job(&lucas, &v2.id);
    Seed {
        karim_job,
        lucas_job,
    }
}

type H = egui_kittest::Harness<'static, rpma::App>;

/// Runs frames until the chained replies (setup, then range) are in; the scroll areas keep
/// asking for a repaint for a few frames, so `run()` would give up.
fn settle(h: &mut H) {
    for _ in 0..12 {
        h.step();
    }
}

/// Clicks the widget whose label contains `text`, then settles.
fn press(h: &mut H, text: &str) {
    h.get_by_label_contains(text).click();
    settle(h);
}

/// Switches the calendar's view by its button ("icon label").
fn view_button(h: &mut H, icon: &str, label: &str) {
    h.get_by_label(&format!("{icon} {label}")).click();
    settle(h);
}

fn open_calendar(h: &mut H) {
    press(h, "   Planning");
}

#[test]
fn every_view_shows_the_jobs_of_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    open_calendar(&mut h);
    // Week view first.
    assert!(shows(&h, &s.karim_job), "week view: {}", labels(&h));
    assert!(shows(&h, &s.lucas_job));
    for (icon, view) in [
        (icons::SQUARES_FOUR, "Mois"),
        (icons::CALENDAR_BLANK, "Jour"),
        (icons::LIST_BULLETS, "Agenda"),
        (icons::CALENDAR_DOTS, "Semaine"),
    ] {
        view_button(&mut h, icon, view);
        assert!(
            shows(&h, &s.karim_job) && shows(&h, "GH-512-KL"),
            "{view} view: {}",
            labels(&h)
        );
    }
    // A filter on Lucas leaves Karim's job out.
    press(&mut h, "Techniciens");
    h.get_by_label("Lucas Petit").click();
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(shows(&h, &s.lucas_job));
    assert!(!shows(&h, &s.karim_job), "filtered: {}", labels(&h));
}

#[test]
fn dragging_into_a_conflict_is_refused_then_forced_by_a_supervisor() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "chef", "Demo-Chef-2026");
    open_calendar(&mut h);
    view_button(&mut h, icons::CALENDAR_BLANK, "Jour");
    // Day view, one column per technician: drag Lucas's job into Karim's column, same time.
    let from = h.get_by_label_contains(&s.lucas_job).rect().center();
    let to_x = h.get_by_label_contains(&s.karim_job).rect().center().x;
    let to = egui::pos2(to_x, from.y);
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=10 {
        let f = i as f32 / 10.0;
        h.hover_at(egui::pos2(from.x + (to.x - from.x) * f, from.y));
        h.step();
    }
    h.drop_at(to);
    settle(&mut h);
    assert!(
        shows(&h, "Créneau déjà occupé"),
        "no refusal: {}",
        labels(&h)
    );
    assert!(
        shows(&h, &format!("l’intervention {}", s.karim_job)),
        "the refusal names the other job: {}",
        labels(&h)
    );
    assert!(
        shows(&h, "de 06:00 à 07:00"),
        "and its times: {}",
        labels(&h)
    );
    // A supervisor may force it with a reason.
    type_into(
        &mut h,
        "Motif du forçage",
        "Client prioritaire, Karim finit en avance",
    );
    press(&mut h, "Forcer");
    assert!(
        shows(&h, &format!("Intervention {} déplacée", s.lucas_job)),
        "forced: {}",
        labels(&h)
    );
    assert!(!shows(&h, "Créneau déjà occupé"));
    drop(h);
    // The job is now Karim's, and the forced move is in its history.
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let admin = user(&store, "admin");
    let karim = user(&store, "karim");
    let rows = jobs::list(
        store.conn(),
        &admin,
        &jobs::JobFilter {
            technician_id: Some(karim.id.clone()),
            limit: 1000,
            ..jobs::JobFilter::default()
        },
        store.now_ms(),
    )
    .unwrap();
    let moved = rows.iter().find(|r| r.number == s.lucas_job).unwrap();
    assert_eq!(moved.technician_id, Some(karim.id.clone()));
}

#[test]
fn the_move_form_does_the_same_without_the_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "chef", "Demo-Chef-2026");
    open_calendar(&mut h);
    h.get_by_label_contains(&s.lucas_job).click_secondary();
    settle(&mut h);
    press(&mut h, "Déplacer…");
    assert!(shows(
        &h,
        &format!("Déplacer l'intervention {}", s.lucas_job)
    ));
    // Karim as technician, same time: refused with Karim's job named.
    h.get_by_role_and_label(AxRole::ComboBox, "Technicien")
        .click();
    h.run();
    h.get_by_label("Karim Benali").click();
    h.run();
    h.get_by_role_and_label(
        AxRole::Button,
        &format!("{} Déplacer", icons::CALENDAR_CHECK),
    )
    .click();
    h.run();
    assert!(shows(&h, "Créneau déjà occupé"), "{}", labels(&h));
    assert!(shows(&h, &s.karim_job));
    press(&mut h, "Fermer");
    assert!(!shows(&h, "Créneau déjà occupé"));
}

#[test]
fn a_technician_sees_only_their_own_jobs_in_my_day() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "karim", "Demo-Tech-2026");
    press(&mut h, "   Ma journée");
    assert!(shows(&h, &s.karim_job), "my day: {}", labels(&h));
    assert!(shows(&h, "GH-512-KL"));
    assert!(shows(&h, "Capot"), "zones shown: {}", labels(&h));
    assert!(
        !shows(&h, &s.lucas_job),
        "Lucas's job leaked: {}",
        labels(&h)
    );
    assert!(!shows(&h, "AB-734-CD"));
}

#[test]
fn the_dashboard_lists_today_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    settle(&mut h);
    assert!(shows(&h, "Aujourd'hui"), "{}", labels(&h));
    assert!(shows(&h, &s.karim_job) && shows(&h, &s.lucas_job));
    assert!(shows(&h, "Charge des techniciens"));
    // Existing cards are still there.
    assert!(shows(&h, "Comptes actifs"));
    // A click opens the job.
    h.get_by_label(&format!("{} GH-512-KL Camille Vasseur", s.karim_job))
        .click();
    settle(&mut h);
    assert_eq!(h.state().route(), rpma::route::RouteKind::Jobs);
}
