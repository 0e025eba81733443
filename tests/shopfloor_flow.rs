//! Issue 12's shop-floor fixes on the real app (kittest, inline job backend, temporary data
//! folder): the Week view keeps overlapping jobs readable, the wizard asks for the reason of a
//! forced conflict on its schedule step and warns for a closed day, technicians land on "Ma
//! journée" and are asked before a second intervention, the jobs list opens on what is coming
//! and people sort by surname. The shop (the demo accounts, no demo planning) and the jobs are
//! made through the core API before the app starts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::path::Path;

use chrono::{Datelike as _, TimeZone as _};
use common::{app, app_sized, click, labels, login, set_field, shows, type_into};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use rpma::route::RouteKind;
use rpma_core::clients::{self, ClientInput, ClientKind};
use rpma_core::jobs::{self, NewJob};
use rpma_core::vehicles::{self, VehicleInput};
use rpma_core::{Store, interventions, settings};
use rpma_demo as demo;
use rpma_demo::generate::ShopSize;

type H = egui_kittest::Harness<'static, rpma::App>;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// Runs frames until chained replies are in (scroll areas keep asking for repaints, so `run()`
/// may give up).
fn settle(h: &mut H) {
    for _ in 0..12 {
        h.step();
    }
}

/// The demo accounts, without the demo's planning.
fn shop(dir: &Path) -> Store {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let empty = ShopSize {
        clients: 0,
        vehicles: 0,
        jobs: 0,
        ..ShopSize::DEMO
    };
    demo::populate_sized(&mut store, demo::DEFAULT_SEED, &empty).unwrap();
    store
}

fn user(store: &Store, username: &str) -> rpma_core::Session {
    rpma_core::testing::session_named(store, username)
}

/// A client (a person, or a business when `company` is set) and one car of theirs; returns the
/// car's id.
fn client_with_car(store: &mut Store, name: &str, company: &str, plate: &str) -> String {
    let admin = user(store, "admin");
    let kind = if company.is_empty() {
        ClientKind::Individual
    } else {
        ClientKind::Business
    };
    let client = clients::create(
        store,
        &admin,
        &ClientInput {
            kind,
            name: name.into(),
            company_name: company.into(),
            country: "FR".into(),
            ..ClientInput::default()
        },
    )
    .unwrap();
    vehicles::create(
        store,
        &admin,
        &VehicleInput {
            plate: plate.into(),
            make: "Peugeot".into(),
            model: "308".into(),
            owner_id: Some(client.id.clone()),
            ..VehicleInput::default()
        },
    )
    .unwrap()
    .id
    .into_string()
}

/// A job on `vehicle` for `tech` from `start` for `hours`; returns (id, number).
fn job(
    store: &mut Store,
    vehicle: &str,
    tech: Option<&str>,
    start: i64,
    hours: i64,
) -> (String, String) {
    let admin = user(store, "admin");
    let client_id = vehicles::get(store.conn(), vehicle)
        .unwrap()
        .unwrap()
        .owner_id
        .unwrap();
    let d = jobs::create(
        store,
        &admin,
        &NewJob {
            client_id,
            vehicle_id: vehicle.into(),
            zone_ids: vec!["hood".into()],
            scheduled_start: Some(start),
            scheduled_end: Some(start + hours * HOUR),
            technician_id: tech.map(rpma_core::ids::UserId::from),
            ..NewJob::default()
        },
    )
    .unwrap();
    (d.row.id.into_string(), d.row.number)
}

/// Start of today, shop time.
fn today(store: &Store) -> i64 {
    jobs::day_bounds(store.now_ms(), jobs::shop_tz(store.conn()).unwrap()).0
}

fn jobs_count(dir: &Path) -> i64 {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    store
        .conn()
        .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
        .unwrap()
}

fn active_interventions(dir: &Path) -> i64 {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM interventions WHERE status IN ('in_progress', 'paused')",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// The top of the first node whose label is exactly `label`.
fn top_of(h: &H, label: &str) -> f32 {
    h.get_by_label(label).rect().min.y
}

// ---------------------------------------------------------------------------------------------
// Item 5: the Week view.

/// Three jobs at the same time today (09:00–11:00, three people), and a fourth at 11:00 right
/// after them, so that the group has little room. Returns (number, plate, client) of the three.
fn three_at_once(dir: &Path) -> Vec<(String, String, String)> {
    let mut store = shop(dir);
    let nine = today(&store) + 9 * HOUR;
    let mut out = Vec::new();
    for (who, client, plate) in [
        ("karim", "Bernadette Fontaine-Lemaire", "GH-512-KL"),
        ("lucas", "Jean-Baptiste Delacroix", "AB-734-CD"),
        ("chef", "Camille Vasseur", "EF-951-GH"),
    ] {
        let tech = user(&store, who).id.clone();
        let car = client_with_car(&mut store, client, "", plate);
        let (_, number) = job(&mut store, &car, Some(&tech), nine, 2);
        out.push((number, plate.to_owned(), client.to_owned()));
    }
    let admin = user(&store, "admin").id.clone();
    let car = client_with_car(&mut store, "Hugo Morel", "", "JK-357-LM");
    job(&mut store, &car, Some(&admin), nine + 2 * HOUR, 1);
    out
}

/// Every one of the three jobs is readable: a block as wide as the day (not a third of it), tall
/// enough for its lines, overlapping no other block — or listed by the "+N" chip's dialog.
fn overlapping_jobs_read_in_full(size: [f32; 2]) {
    let dir = tempfile::tempdir().unwrap();
    let three = three_at_once(dir.path());
    let mut h = app_sized(dir.path(), size);
    login(&mut h, "admin", "Demo-Admin-2026");
    h.get_by_label_contains("   Planning").click();
    settle(&mut h);
    assert!(shows(&h, "Semaine"), "{}", labels(&h));
    let mut shown = Vec::new();
    let mut hidden = Vec::new();
    for (number, plate, client) in &three {
        match h.query_all_by_label_contains(number).next() {
            Some(node) => {
                let label = node.accesskit_node().label().unwrap_or_default();
                assert!(label.contains(plate) && label.contains(client), "{label}");
                shown.push(node.rect());
            }
            None => hidden.push((number, plate, client)),
        }
    }
    for r in &shown {
        assert!(
            r.width() >= 70.0,
            "{size:?}: a block {r:?} is cut to a lane"
        );
        assert!(
            r.height() >= 40.0,
            "{size:?}: a block {r:?} has no room for its lines"
        );
    }
    for (i, a) in shown.iter().enumerate() {
        for b in shown.iter().skip(i + 1) {
            assert!(
                a.intersect(*b).area() < 1.0,
                "{size:?}: blocks {a:?} and {b:?} overlap"
            );
        }
    }
    if !hidden.is_empty() {
        let chip = h
            .query_all_by_label_contains("à ce moment")
            .next()
            .unwrap_or_else(|| panic!("{size:?}: hidden jobs and no chip: {}", labels(&h)));
        assert!(
            chip.accesskit_node()
                .label()
                .unwrap_or_default()
                .starts_with('+')
        );
        chip.click();
        settle(&mut h);
        assert!(shows(&h, "interventions en même temps"), "{}", labels(&h));
        for (number, plate, client) in &hidden {
            assert!(
                shows(&h, &format!("{number} {plate} {client}")),
                "{size:?}: {number} not in the list: {}",
                labels(&h)
            );
        }
        // A job of the list opens.
        h.get_by_label_contains(hidden[0].0).click();
        settle(&mut h);
        assert_eq!(h.state().route(), RouteKind::Jobs);
    }
}

#[test]
fn the_week_view_keeps_overlapping_jobs_readable_at_1280() {
    overlapping_jobs_read_in_full([1280.0, 800.0]);
}

#[test]
fn the_week_view_keeps_overlapping_jobs_readable_at_1024() {
    overlapping_jobs_read_in_full([1024.0, 768.0]);
}

// ---------------------------------------------------------------------------------------------
// Items 8 and 16: the wizard's schedule step.

/// The slot the wizard proposes now (the core's next open slot).
fn proposed_slot(store: &Store) -> (i64, i64) {
    let hours = settings::get_shop(store.conn()).unwrap().business_hours;
    let minutes = settings::get_planning(store.conn())
        .unwrap()
        .default_job_minutes;
    let tz = jobs::shop_tz(store.conn()).unwrap();
    jobs::next_open_slot(
        &hours,
        tz,
        chrono::Utc::now().timestamp_millis(),
        minutes,
        15,
    )
    .unwrap()
}

/// Through the wizard to its schedule step with a new car and client and one zone.
fn wizard_to_schedule(h: &mut H) {
    click(h, "Travaux");
    // The button (the empty list's hint names it too).
    h.get_by_label(&format!("{}  Nouveau travail", rpma::ui::icons::PLUS))
        .click();
    h.run();
    click(h, "Nouveau véhicule");
    set_field(h, "Plaque", "ZX-404-QA");
    set_field(h, "Marque", "Tesla");
    // Checked by the core on leaving the step; created with the job.
    click(h, "Suivant");
    click(h, "Nouveau client");
    set_field(h, "Nom du client", "Nadia Brunet");
    click(h, "Suivant");
    click(h, "Pare-chocs avant");
    click(h, "Suivant");
    click(h, "Suivant");
    assert!(shows(h, "Technicien"), "{}", labels(h));
}

fn choose_technician(h: &mut H, name: &str) {
    let n = h.query_all_by_label("Technicien").count();
    for i in 0..n {
        if let Some(node) = h.query_all_by_label("Technicien").nth(i) {
            node.click();
        }
    }
    h.run();
    click(h, name);
}

#[test]
fn the_wizard_asks_for_the_forcing_reason_on_the_schedule_step() {
    let dir = tempfile::tempdir().unwrap();
    {
        // Karim already works in the slot the wizard will propose: a long job from it, so that
        // it still overlaps if the proposal moves on (a quarter of an hour, or the next opening)
        // before the wizard asks.
        let mut store = shop(dir.path());
        let karim = user(&store, "karim").id.clone();
        let (start, _) = proposed_slot(&store);
        let car = client_with_car(&mut store, "Paul Girard", "", "QS-220-RT");
        job(&mut store, &car, Some(&karim), start, 72);
    }
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    wizard_to_schedule(&mut h);
    choose_technician(&mut h, "Karim Benali");
    settle(&mut h);
    assert!(shows(&h, "Karim Benali est déjà sur"), "{}", labels(&h));
    // Not dealt with: the step says what to do and stays.
    click(&mut h, "Suivant");
    assert!(
        shows(&h, "Ce créneau est en conflit"),
        "the core's message: {}",
        labels(&h)
    );
    assert!(
        !shows(&h, "Créer le travail"),
        "left the step: {}",
        labels(&h)
    );
    // Ticked: the reason field appears in view, above the wizard's buttons.
    h.get_by_label("Planifier malgré le conflit").click();
    settle(&mut h);
    let field = h.get_by_label("Motif du forçage").rect();
    let buttons_top = h.get_by_label_contains("Suivant").rect().min.y;
    assert!(
        field.min.y >= 0.0 && field.max.y <= buttons_top,
        "the field {field:?} is below the fold (buttons at {buttons_top})"
    );
    // No reason: refused on the step, the message beside the field, nothing saved.
    click(&mut h, "Suivant");
    let message = "Indiquez le motif pour planifier malgré le conflit.";
    assert!(shows(&h, message), "{}", labels(&h));
    assert!(
        !shows(&h, "Créer le travail"),
        "left the step: {}",
        labels(&h)
    );
    let field = h.get_by_label("Motif du forçage").rect();
    let said = h.get_by_label(message).rect();
    assert!(
        said.min.y >= field.max.y - 1.0 && said.min.y <= field.max.y + 40.0,
        "the message {said:?} is not beside the field {field:?}"
    );
    assert_eq!(jobs_count(dir.path()), 1, "nothing saved");
    // With a reason, the job is created.
    type_into(&mut h, "Motif du forçage", "Client prioritaire");
    click(&mut h, "Suivant");
    click(&mut h, "Créer le travail");
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    drop(h);
    assert_eq!(jobs_count(dir.path()), 2);
}

#[test]
fn the_wizard_proposes_an_open_slot_and_warns_for_a_closed_day() {
    let dir = tempfile::tempdir().unwrap();
    let (start, tz) = {
        let store = shop(dir.path());
        (
            proposed_slot(&store).0,
            jobs::shop_tz(store.conn()).unwrap(),
        )
    };
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    wizard_to_schedule(&mut h);
    settle(&mut h);
    // The proposal is in opening hours: a free slot, no warning.
    assert!(shows(&h, "Créneau libre."), "{}", labels(&h));
    assert!(!shows(&h, "fermé"), "{}", labels(&h));
    // The next Sunday after it.
    let proposed = tz.timestamp_millis_opt(start).unwrap().date_naive();
    let offset = 6 - i64::from(proposed.weekday().num_days_from_monday());
    let sunday = proposed + chrono::Duration::days(offset.max(0));
    let sunday = if sunday == proposed {
        sunday + chrono::Duration::days(7)
    } else {
        sunday
    };
    if sunday.month() != proposed.month() {
        click(&mut h, "Mois suivant");
    }
    h.get_by_label(&sunday.day().to_string()).click();
    settle(&mut h);
    assert!(
        shows(&h, "L’atelier est fermé ce jour-là (dimanche)."),
        "{}",
        labels(&h)
    );
    assert!(
        !shows(&h, "Créneau libre."),
        "a closed day is not a free slot"
    );
    // A warning, not a refusal: the summary reminds it.
    click(&mut h, "Suivant");
    assert!(shows(&h, "Créer le travail"), "{}", labels(&h));
    assert!(shows(&h, "L’atelier est fermé ce jour-là (dimanche)."));
}

// ---------------------------------------------------------------------------------------------
// Items 9 and 16: "Ma journée", the dashboard, a second intervention.

/// Karim: one job started two days ago and still running, one planned today, one finished
/// today. Returns the numbers (running, planned, finished) and plates.
fn karims_day(dir: &Path) -> [(String, String); 3] {
    let mut store = shop(dir);
    let karim = user(&store, "karim");
    let d0 = today(&store);
    let c1 = client_with_car(&mut store, "Camille Vasseur", "", "GH-512-KL");
    let c2 = client_with_car(&mut store, "Louis Fontaine", "", "AB-734-CD");
    let c3 = client_with_car(&mut store, "Inès Garnier", "", "EF-951-GH");
    let (running, n1) = job(
        &mut store,
        &c1,
        Some(&karim.id),
        d0 - 2 * DAY + 10 * HOUR,
        2,
    );
    let (_, n2) = job(&mut store, &c2, Some(&karim.id), d0 + 12 * HOUR, 1);
    let (done, n3) = job(&mut store, &c3, Some(&karim.id), d0 + 5 * HOUR, 1);
    interventions::start(&mut store, &karim, &running).unwrap();
    store
        .conn()
        .execute(
            "UPDATE jobs SET status = 'completed', started_at = ?2, completed_at = ?3 WHERE id = ?1",
            rusqlite::params![done, d0 + 5 * HOUR, d0 + 6 * HOUR],
        )
        .unwrap();
    [
        (n1, "GH-512-KL".into()),
        (n2, "AB-734-CD".into()),
        (n3, "EF-951-GH".into()),
    ]
}

#[test]
fn a_technician_lands_on_his_day_and_goes_back_into_his_intervention() {
    let dir = tempfile::tempdir().unwrap();
    let [running, planned, finished] = karims_day(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "karim", "Demo-Tech-2026");
    settle(&mut h);
    assert_eq!(h.state().route(), RouteKind::MyDay);
    for group in ["En cours", "Prévu aujourd'hui", "Terminé aujourd'hui"] {
        assert!(shows(&h, group), "{group}: {}", labels(&h));
    }
    for (number, plate) in [&running, &planned, &finished] {
        assert!(
            shows(&h, &format!("{number} {plate}")),
            "{number}: {}",
            labels(&h)
        );
    }
    // In order: in progress, planned, finished.
    let y = |n: &str| {
        h.query_all_by_label_contains(n)
            .next()
            .unwrap()
            .rect()
            .min
            .y
    };
    assert!(y(&running.0) < y(&planned.0) && y(&planned.0) < y(&finished.0));
    // The running job opens its intervention.
    h.get_by_label_contains(&format!("{} {}", running.0, running.1))
        .click();
    settle(&mut h);
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
    // His dashboard shows no admin figures.
    click(&mut h, "Tableau de bord");
    settle(&mut h);
    for admin_only in [
        "Comptes actifs",
        "Événements journalisés",
        "Taille de la base",
        "SIRET",
        "73282932000074",
    ] {
        assert!(!shows(&h, admin_only), "{admin_only}: {}", labels(&h));
    }
    assert!(shows(&h, "Aujourd'hui"), "{}", labels(&h));
}

#[test]
fn the_admin_dashboard_still_shows_the_shop_figures() {
    let dir = tempfile::tempdir().unwrap();
    drop(shop(dir.path()));
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    settle(&mut h);
    assert_eq!(h.state().route(), RouteKind::Dashboard);
    for figure in [
        "Comptes actifs",
        "Événements journalisés",
        "Taille de la base",
    ] {
        assert!(shows(&h, figure), "{figure}: {}", labels(&h));
    }
}

#[test]
fn a_second_intervention_is_asked_for_first() {
    let dir = tempfile::tempdir().unwrap();
    let [running, planned, _] = karims_day(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "karim", "Demo-Tech-2026");
    settle(&mut h);
    // The planned job's page, from "Ma journée".
    h.get_by_label_contains(&format!("{} {}", planned.0, planned.1))
        .click();
    settle(&mut h);
    click(&mut h, "Démarrer l'intervention");
    settle(&mut h);
    assert!(
        shows(&h, "Démarrer une deuxième intervention ?"),
        "{}",
        labels(&h)
    );
    assert!(
        shows(
            &h,
            &format!("déjà en cours : {} ({})", running.0, running.1)
        ),
        "the running one is named: {}",
        labels(&h)
    );
    // Cancelled: nothing starts.
    click(&mut h, "Annuler");
    settle(&mut h);
    assert!(!shows(&h, "Démarrer une deuxième intervention ?"));
    assert_eq!(h.state().route(), RouteKind::Jobs);
    // Confirmed: it starts alongside.
    click(&mut h, "Démarrer l'intervention");
    settle(&mut h);
    click(&mut h, "Démarrer quand même");
    settle(&mut h);
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
    drop(h);
    assert_eq!(active_interventions(dir.path()), 2);
}

// ---------------------------------------------------------------------------------------------
// Item 17: lists.

#[test]
fn the_jobs_list_opens_on_what_is_coming() {
    let dir = tempfile::tempdir().unwrap();
    let numbers = {
        let mut store = shop(dir.path());
        let car = client_with_car(&mut store, "Camille Vasseur", "", "GH-512-KL");
        let d0 = today(&store);
        // Created oldest last, so that the job numbers do not give the order away.
        [
            d0 + DAY + 10 * HOUR,
            d0 + 8 * DAY + 10 * HOUR,
            d0 - DAY + 10 * HOUR,
            d0 - 340 * DAY + 10 * HOUR,
        ]
        .map(|start| job(&mut store, &car, None, start, 2).1)
    };
    let [tomorrow, next_week, yesterday, last_year] = &numbers;
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Travaux");
    settle(&mut h);
    let y = |n: &str| top_of(&h, n);
    assert!(
        y(tomorrow) < y(next_week) && y(next_week) < y(yesterday) && y(yesterday) < y(last_year),
        "upcoming first, then the most recent past: {}",
        labels(&h)
    );
}

#[test]
fn people_sort_by_surname() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = shop(dir.path());
        for (name, company, plate) in [
            ("Zoé Bernard", "", "AA-101-AA"),
            ("Amandine Faure", "", "AA-102-AA"),
            ("Lucas André", "", "AA-103-AA"),
            ("Paul Durand", "Garage du Parc", "AA-104-AA"),
            ("Marc Dupuis", "", "AA-105-AA"),
        ] {
            client_with_car(&mut store, name, company, plate);
        }
    }
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Clients");
    settle(&mut h);
    let order = [
        "Lucas André",
        "Zoé Bernard",
        "Marc Dupuis",
        "Amandine Faure",
        "Garage du Parc",
    ];
    let tops: Vec<f32> = order.iter().map(|n| top_of(&h, n)).collect();
    assert!(
        tops.windows(2).all(|w| w[0] < w[1]),
        "{order:?} at {tops:?}: {}",
        labels(&h)
    );
}

#[test]
fn moving_a_job_to_a_closed_day_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let (number, sunday) = {
        let mut store = shop(dir.path());
        let karim = user(&store, "karim").id.clone();
        let car = client_with_car(&mut store, "Camille Vasseur", "", "GH-512-KL");
        let d0 = today(&store);
        let (_, number) = job(&mut store, &car, Some(&karim), d0 + 9 * HOUR, 2);
        let tz = jobs::shop_tz(store.conn()).unwrap();
        let day = tz
            .timestamp_millis_opt(d0 + 12 * HOUR)
            .unwrap()
            .date_naive();
        let ahead = 7 - i64::from(day.weekday().num_days_from_sunday());
        (number, day + chrono::Duration::days(ahead))
    };
    let mut h = app(dir.path(), false);
    login(&mut h, "chef", "Demo-Chef-2026");
    h.get_by_label_contains("   Planning").click();
    settle(&mut h);
    h.get_by_label_contains(&number).click_secondary();
    settle(&mut h);
    click(&mut h, "Déplacer…");
    set_field(
        &mut h,
        "Date (JJ/MM/AAAA)",
        &sunday.format("%d/%m/%Y").to_string(),
    );
    h.get_by_label(&format!("{} Déplacer", rpma::ui::icons::CALENDAR_CHECK))
        .click();
    settle(&mut h);
    assert!(
        shows(&h, &format!("Intervention {number} déplacée")),
        "moved: {}",
        labels(&h)
    );
    assert!(
        shows(&h, "L’atelier est fermé ce jour-là (dimanche)."),
        "warned: {}",
        labels(&h)
    );
}
