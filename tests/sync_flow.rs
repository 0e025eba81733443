//! The app's background sync (issue 16): the status bar says where this terminal stands (pending
//! changes, synced), Settings → Sync shows the server and "Synchroniser maintenant" runs a round
//! on the background runner; an admin sees the join code on demand and revokes a terminal after a
//! confirmation; a data folder that does not sync says how to set it up. The hub is
//! a real PostgreSQL (`RPMA_TEST_PG_URL`, a superuser URL; `.ci/run` starts it): without it the
//! hub test fails under `CI` and says loudly what it skipped otherwise.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::panic
)]

mod common;

use std::path::Path;

use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::RouteKind;
use rpma_core::{Store, sync};
use rpma_demo as demo;

use common::pg::Hub;
use common::{click, labels, login, shows, texts, wait_for};

type H = Harness<'static, App>;

fn seed(dir: &Path) -> Store {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    store
}

/// The demo shop with its interventions and photo files in `dir`, its hub made at `hub`: the
/// store and the join code.
fn demo_on_hub(dir: &Path, hub: &Hub) -> (Store, String) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    demo::populate_with_interventions(
        &mut store,
        demo::DEFAULT_SEED,
        &rpma_demo::generate::ShopSize::DEMO,
        Some(dir),
    )
    .unwrap();
    let code = sync::init_server(&hub.url, &mut store, "comptoir")
        .unwrap()
        .encode();
    (store, code)
}

fn open_admin(dir: &Path) -> H {
    let mut h = common::app(dir, false);
    login(&mut h, "admin", "Demo-Admin-2026");
    assert!(h.state().user().is_some(), "not signed in: {}", labels(&h));
    h
}

fn open_sync_tab(h: &mut H) {
    click(h, "   Réglages");
    assert_eq!(h.state().route(), RouteKind::Settings, "{}", labels(h));
    h.get_by_label(&format!("{} Synchronisation", rpma::ui::icons::PULSE))
        .click();
    // The admin's terminal list is read on the background runner (a spinner meanwhile).
    h.step();
}

fn type_in(h: &mut H, label: &str, text: &str) {
    let found = h
        .query_all_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .next()
        .is_some();
    assert!(found, "no field {label}: {}", labels(h));
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .focus();
    h.run();
    h.get_by(|n| n.role() == A11yRole::TextInput && n.label().is_some_and(|l| l == label))
        .type_text(text);
    h.run();
}

#[test]
fn a_change_waits_sync_now_sends_it_and_a_revoked_terminal_says_why() {
    let Some(hub) = Hub::new("a_change_waits_sync_now_sends_it_and_a_revoked_terminal_says_why")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let code = {
        let mut store = seed(dir.path());
        sync::init_server(&hub.url, &mut store, "comptoir")
            .unwrap()
            .encode()
    };
    // A second terminal of the shop, for the admin's list.
    let bay_dir = tempfile::tempdir().unwrap();
    let (mut bay, _) = Store::open(&bay_dir.path().join("rpma.db")).unwrap();
    sync::join(&hub.url, &code, "Baie 1", &mut bay).unwrap();
    let mut h = open_admin(dir.path());
    // The runner's first round at start, and the sign-in's own changes a second after it (the
    // round may run before or after the sign-in has written them: the password's hash is slow
    // on a loaded machine): nothing waits.
    assert!(
        wait_for(&mut h, |h| shows(h, "Synchronisé (")),
        "not synced: {}",
        texts(&h)
    );
    // From here a save is sent about a second after it only once this test says so: held, so
    // that the test can look at it waiting. (No other test of this file waits for the app to
    // send a save of its own.)
    rpma::app::hold_saves_for_tests(std::time::Duration::from_secs(120));
    // A client made through the form: one change waits for the hub.
    click(&mut h, "   Clients");
    click(&mut h, "Nouveau client");
    type_in(&mut h, "Nom et prénom", "Élodie Synchro");
    click(&mut h, "Enregistrer");
    assert!(
        wait_for(&mut h, |h| shows(h, "modification(s) en attente")),
        "no pending change: {}",
        texts(&h)
    );
    let st = {
        let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
        sync::status(&store).unwrap()
    };
    assert!(st.pending > 0, "{st:?}");
    // Settings → Sync: the server without its password, this terminal, the button; for the
    // admin, the shop's terminals listed from the hub (this one).
    open_sync_tab(&mut h);
    assert!(
        wait_for(&mut h, |h| shows(h, "ce poste")),
        "no terminal list: {}",
        texts(&h)
    );
    assert!(shows(&h, "Modifications en attente"), "{}", texts(&h));
    assert!(
        shows(&h, &format!("/{}", hub.db)),
        "no server: {}",
        texts(&h)
    );
    assert!(shows(&h, &st.terminal.code), "{}", texts(&h));
    assert!(
        !texts(&h).contains("rpma-test-pg"),
        "the password is on show"
    );
    h.get_by_label_contains("Synchroniser maintenant").click();
    assert!(
        wait_for(&mut h, |h| shows(h, "Synchronisé (")
            && !shows(h, "modification(s) en attente")),
        "not synced after the round: {}",
        texts(&h)
    );
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let after = sync::status(&store).unwrap();
    assert_eq!(after.pending, 0, "{after:?}");
    assert!(after.last_sync.is_some(), "{after:?}");
    // The join code, on demand only.
    assert!(!shows(&h, &code), "the join code is on show unasked");
    h.get_by_label_contains("Afficher le code d'adhésion")
        .click();
    assert!(
        wait_for(&mut h, |h| shows(h, &code)),
        "no join code: {}",
        texts(&h)
    );
    // Revoking the bay takes a confirmation; then its role can no longer log in.
    assert!(shows(&h, "Baie 1"), "{}", texts(&h));
    h.get_by_label_contains("Révoquer").click();
    h.step();
    h.step();
    assert!(!shows(&h, "révoqué"), "revoked without confirmation");
    h.get_by_label_contains("Confirmer la révocation").click();
    assert!(
        wait_for(&mut h, |h| shows(h, "révoqué")),
        "not revoked: {}",
        texts(&h)
    );
    assert!(
        matches!(sync::sync_once(&mut bay), Err(sync::SyncError::Revoked)),
        "the revoked bay still syncs"
    );
    drop(h);
    // The app on the revoked bay: its round is refused, the status bar says so and Settings →
    // Sync gives the reason.
    drop(bay);
    let mut h = open_admin(bay_dir.path());
    assert!(
        wait_for(&mut h, |h| shows(h, "Erreur de synchronisation")),
        "no sync error: {}",
        texts(&h)
    );
    open_sync_tab(&mut h);
    assert!(
        wait_for(&mut h, |h| shows(h, "Ce poste a été révoqué")),
        "no reason: {}",
        texts(&h)
    );
}

#[test]
fn a_folder_that_does_not_sync_says_how_to_set_it_up() {
    let dir = tempfile::tempdir().unwrap();
    drop(seed(dir.path()));
    let mut h = open_admin(dir.path());
    h.run();
    assert!(shows(&h, "synchronisation non configurée"), "{}", texts(&h));
    open_sync_tab(&mut h);
    h.run();
    assert!(shows(&h, "rpma sync init-server"), "{}", texts(&h));
    assert!(!shows(&h, "Synchroniser maintenant"), "{}", texts(&h));
}

/// The photo originals of the data folder `dir`, by SHA-256 (file stems).
fn originals(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let root = dir.join("photos").join("originals");
    for fan in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(fan.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Some(stem) = f.path().file_stem().and_then(|s| s.to_str()) {
                out.push(stem.to_owned());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_photo_taken_on_another_terminal_is_fetched_when_its_intervention_is_opened() {
    let Some(hub) =
        Hub::new("a_photo_taken_on_another_terminal_is_fetched_when_its_intervention_is_opened")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (code, client, shas) = {
        let (store, code) = demo_on_hub(dir.path(), &hub);
        // A job of the demo whose intervention has photos.
        let (iv, client): (String, String) = store
            .conn()
            .query_row(
                "SELECT i.id, j.number || '|' || c.name FROM intervention_photos p
                 JOIN interventions i ON i.id = p.intervention_id
                 JOIN jobs j ON j.id = i.job_id JOIN clients c ON c.id = j.client_id
                 GROUP BY i.id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let mut st = store
            .conn()
            .prepare("SELECT DISTINCT sha256 FROM intervention_photos WHERE intervention_id = ?1")
            .unwrap();
        let shas: Vec<String> = st
            .query_map([&iv], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (code, client, shas)
    };
    assert!(!shas.is_empty());
    // The bay joins: the rounds bring the files; then they are lost on the bay (a terminal
    // whose rounds have not brought them yet looks the same).
    let bay_dir = tempfile::tempdir().unwrap();
    {
        let (mut bay, _) = Store::open(&bay_dir.path().join("rpma.db")).unwrap();
        let report = sync::join(&hub.url, &code, "Baie 1", &mut bay).unwrap();
        assert!(report.files_fetched > 0, "{report:?}");
    }
    for s in &shas {
        assert!(originals(bay_dir.path()).contains(s), "{s} not fetched");
    }
    std::fs::remove_dir_all(bay_dir.path().join("photos")).unwrap();
    // The app's first round on the bay brings them back, with every other photo of the shop.
    let mut h = open_admin(bay_dir.path());
    let all_here = |dir: &Path| shas.iter().all(|s| originals(dir).contains(s));
    let every_photo: Vec<String> = {
        let (s, _) = Store::open(&bay_dir.path().join("rpma.db")).unwrap();
        let mut st = s.conn().prepare("SELECT sha256 FROM photos").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(
        wait_for(&mut h, |_| {
            let here = originals(bay_dir.path());
            every_photo.iter().all(|s| here.contains(s))
        }),
        "the round did not fetch the photos: {}",
        texts(&h)
    );
    // Its round over (nothing left to fetch), nothing writes into the photo folder any more.
    h.run_steps(10);
    // Lost again (or not brought yet): opening the intervention asks the hub for them, on the
    // sync runner, before the next round is due.
    std::fs::remove_dir_all(bay_dir.path().join("photos")).unwrap();
    click(&mut h, "Travaux");
    // The job's row, by its number; opened by its client's name.
    let (number, name) = client.split_once('|').unwrap();
    common::type_into(&mut h, "Rechercher un travail", number);
    assert!(
        wait_for(&mut h, |h| shows(h, name)),
        "no job {number}: {}",
        texts(&h)
    );
    click(&mut h, name);
    h.run();
    let open = ["Ouvrir l'intervention", "Voir l'intervention"]
        .into_iter()
        .find(|l| shows(&h, l))
        .unwrap_or_else(|| panic!("no intervention button: {}", labels(&h)));
    click(&mut h, open);
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
    assert!(
        wait_for(&mut h, |_| all_here(bay_dir.path())),
        "the photos were not fetched: {:?} of {:?}",
        originals(bay_dir.path()),
        shas
    );
}

#[test]
fn a_step_edited_on_two_terminals_is_shown_and_the_choice_is_saved() {
    let Some(hub) = Hub::new("a_step_edited_on_two_terminals_is_shown_and_the_choice_is_saved")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bay_dir = tempfile::tempdir().unwrap();
    let (iv, step, label) = {
        let (mut store, code) = demo_on_hub(dir.path(), &hub);
        // A running intervention of the demo, its current step and its technician.
        let (iv, step, tech, label): (String, i64, String, String) = store
            .conn()
            .query_row(
                "SELECT i.id, i.current_step, j.technician_id, j.number || '|' || c.name
                 FROM interventions i JOIN jobs j ON j.id = i.job_id
                 JOIN clients c ON c.id = j.client_id
                 WHERE i.status = 'in_progress' AND j.technician_id IS NOT NULL LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        let step = usize::try_from(step).unwrap();
        let tech = rpma_core::Session::for_tests(
            rpma_core::users::get(store.conn(), &tech).unwrap().unwrap(),
        );
        let (mut bay, _) = Store::open(&bay_dir.path().join("rpma.db")).unwrap();
        sync::join(&hub.url, &code, "Baie 1", &mut bay).unwrap();
        let edit = |text: &str| rpma_core::interventions::StepEdit {
            notes: text.to_owned(),
            ..rpma_core::interventions::StepEdit::default()
        };
        // The bay types into the step and syncs; the counter types into it before its round.
        rpma_core::interventions::save_step(
            &mut bay,
            &tech,
            &iv,
            step,
            &edit("Poussière sous le film, reprise à faire"),
        )
        .unwrap();
        sync::sync_once(&mut bay).unwrap();
        rpma_core::interventions::save_step(
            &mut store,
            &tech,
            &iv,
            step,
            &edit("Pose propre, rien à signaler"),
        )
        .unwrap();
        (iv, step, label)
    };
    // The counter's first round learns of the clash.
    let mut h = open_admin(dir.path());
    let db = dir.path().join("rpma.db");
    let open_conflicts = || {
        let (s, _) = Store::open(&db).unwrap();
        sync::status(&s).unwrap().conflicts
    };
    assert!(
        wait_for(&mut h, |_| open_conflicts() == 1),
        "no clash recorded: {}",
        texts(&h)
    );
    click(&mut h, "Travaux");
    let (number, name) = label.split_once('|').unwrap();
    common::type_into(&mut h, "Rechercher un travail", number);
    assert!(
        wait_for(&mut h, |h| shows(h, name)),
        "no job {number}: {}",
        texts(&h)
    );
    click(&mut h, name);
    click(&mut h, "Ouvrir l'intervention");
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
    // Both versions on show, with the two choices.
    assert!(
        wait_for(&mut h, |h| shows(
            h,
            "Cette étape a été modifiée sur deux postes"
        )),
        "no clash on show: {}",
        texts(&h)
    );
    let all = texts(&h);
    assert!(all.contains("Pose propre, rien à signaler"), "{all}");
    assert!(
        all.contains("Poussière sous le film, reprise à faire"),
        "{all}"
    );
    click(&mut h, "Garder la version de ce poste");
    assert!(
        wait_for(&mut h, |h| !shows(
            h,
            "Cette étape a été modifiée sur deux postes"
        )),
        "the clash stays: {}",
        texts(&h)
    );
    assert_eq!(open_conflicts(), 0);
    let (s, _) = Store::open(&db).unwrap();
    let kept: String = s
        .conn()
        .query_row(
            "SELECT notes FROM intervention_steps WHERE intervention_id = ?1 AND position = ?2",
            rusqlite::params![iv, i64::try_from(step).unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "Pose propre, rien à signaler");
}

#[test]
fn another_terminal_s_change_arrives_without_waiting_for_the_interval() {
    let Some(hub) = Hub::new("another_terminal_s_change_arrives_without_waiting_for_the_interval")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut counter = seed(dir.path());
    let code = sync::init_server(&hub.url, &mut counter, "comptoir")
        .unwrap()
        .encode();
    let bay_dir = tempfile::tempdir().unwrap();
    {
        let (mut bay, _) = Store::open(&bay_dir.path().join("rpma.db")).unwrap();
        sync::join(&hub.url, &code, "Baie 1", &mut bay).unwrap();
    }
    // The bay's app on its sign-in screen: nothing saved there, so no round is due before the
    // interval (300 s) but the one at start.
    let mut h = common::app(bay_dir.path(), false);
    let bay_db = bay_dir.path().join("rpma.db");
    let synced_once = || {
        let (s, _) = Store::open(&bay_db).unwrap();
        sync::status(&s).unwrap().last_sync.is_some()
    };
    assert!(
        wait_for(&mut h, |_| synced_once()),
        "no first round: {}",
        texts(&h)
    );
    // Let the first round end, and the bay's listening thread be listening, before the
    // counter's push.
    h.run_steps(20);
    let mut pg = postgres::Client::connect(&hub.url, postgres::NoTls).unwrap();
    let mut listening = || {
        pg.query_one(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND query LIKE 'LISTEN rpma_shop_%'",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0)
            > 0
    };
    assert!(
        wait_for(&mut h, |_| listening()),
        "the bay does not listen: {}",
        texts(&h)
    );
    let admin = rpma_core::testing::session_named(&counter, "admin");
    rpma_core::clients::create(
        &mut counter,
        &admin,
        &rpma_core::clients::ClientInput {
            name: "Gaëlle Instantanée".into(),
            ..rpma_core::clients::ClientInput::default()
        },
    )
    .unwrap();
    sync::sync_once(&mut counter).unwrap();
    let arrived = || {
        let (s, _) = Store::open(&bay_db).unwrap();
        s.conn()
            .query_row(
                "SELECT count(*) FROM clients WHERE name = 'Gaëlle Instantanée'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 1
    };
    assert!(
        wait_for(&mut h, |_| arrived()),
        "the counter's change did not arrive: {}",
        texts(&h)
    );
}
