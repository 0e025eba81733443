//! The audit log and the job history read as sentences in the user's language, naming the
//! records (client, job number and plate, user), never an action code or a bare id.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, click, labels, login, shows};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use rpma::route::RouteKind;
use rpma_core::jobs::{self, NewJob};
use rpma_core::{Store, users};

type H = egui_kittest::Harness<'static, rpma::App>;

/// True when some label contains a dotted action code or the text `forced (`.
fn shows_a_code(h: &H) -> Option<String> {
    let codes = [
        "login.ok",
        "login.failed",
        "job.create",
        "job.status",
        "settings.update",
    ];
    h.query_all_by(|n| {
        n.label().is_some_and(|l| {
            codes.iter().any(|c| l.contains(c)) || l.contains("forced (") || l.contains("audit-say")
        })
    })
    .next()
    .and_then(|n| n.accesskit_node().label())
}

/// Two jobs for the same technician and bay at the same time, the second forced with a reason.
/// Returns (the forced job's number, the other's number, its plate).
fn forced_pair(dir: &std::path::Path) -> (String, String, String) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let all = users::list(store.conn()).unwrap();
    let chef =
        rpma_core::Session::for_tests(all.iter().find(|u| u.username == "chef").unwrap().clone());
    let karim = all
        .iter()
        .find(|u| u.username == "karim")
        .unwrap()
        .id
        .clone();
    let planning = rpma_core::settings::get_planning(store.conn()).unwrap();
    let bay = planning.bays.first().unwrap().clone();
    let v = rpma_core::vehicles::list(store.conn(), &rpma_core::vehicles::VehicleFilter::default())
        .unwrap()
        .into_iter()
        .find(|v| v.owner_id.is_some())
        .unwrap();
    // Far in the future: nothing of the demo is planned then.
    let start = store.now_ms() + 400 * 24 * 3_600_000;
    let new = |force: Option<&str>| NewJob {
        client_id: v.owner_id.clone().unwrap(),
        vehicle_id: v.id.clone(),
        zone_ids: vec!["hood".into()],
        scheduled_start: Some(start),
        scheduled_end: Some(start + 2 * 3_600_000),
        technician_id: Some(karim.clone()),
        bay: bay.clone(),
        force_reason: force.map(str::to_owned),
        ..NewJob::default()
    };
    let first = jobs::create(&mut store, &chef, &new(None)).unwrap();
    let second = jobs::create(&mut store, &chef, &new(Some("client pressé"))).unwrap();
    (second.row.number, first.row.number, v.plate)
}

#[test]
fn job_history_and_audit_log_read_as_french_sentences_with_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    let (forced, other, plate) = forced_pair(dir.path());
    login(&mut h, "admin", "Demo-Admin-2026");

    // The forced job's history: French, the other job named once.
    click(&mut h, "   Travaux");
    common::set_field(&mut h, "Rechercher un travail", &forced);
    h.get_all_by_label_contains(&forced).next().unwrap().click();
    h.run();
    assert_eq!(h.state().route(), RouteKind::Jobs);
    let sentence =
        format!("Planning forcé malgré un conflit avec le travail {other} : « client pressé »");
    assert!(shows(&h, &sentence), "{}", labels(&h));
    assert!(!shows(&h, &format!("{other}, {other}")), "{}", labels(&h));
    assert_eq!(shows_a_code(&h), None);

    // The audit log: who did what to which record, in words.
    click(&mut h, "   Journal d'audit");
    assert!(
        shows(&h, &format!("a créé le travail {forced} ({plate})")),
        "{}",
        labels(&h)
    );
    assert!(shows(&h, "Connexion de Claire Moreau"), "{}", labels(&h));
    assert_eq!(shows_a_code(&h), None);
    // Its details name the record with its kind.
    click(&mut h, &format!("a créé le travail {forced} ({plate})"));
    assert!(
        shows(&h, &format!("Travail · {forced} ({plate})")),
        "{}",
        labels(&h)
    );
    assert_eq!(shows_a_code(&h), None);
}
