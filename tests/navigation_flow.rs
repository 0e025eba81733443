//! Navigation: a side-bar entry opens its list, "Back" returns where the user came from, Alt+←
//! and Alt+→ go back and forward through the places opened, and an
//! explicit `--lang` wins over the signed-in user's profile language.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{app, app_lang, click, labels, login, set_field, shows};
use egui_kittest::kittest::Queryable as _;
use rpma::route::RouteKind;
use rpma_core::Lang;
use rpma_core::ids::{ClientId, JobId};

type H = egui_kittest::Harness<'static, rpma::App>;

fn nav(h: &mut H, label: &str, route: RouteKind) {
    click(h, &format!("   {label}"));
    assert_eq!(h.state().route(), route, "{}", labels(h));
}

/// Clicks the first button whose label contains `text`.
fn press(h: &mut H, text: &str) {
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l.contains(text))
    })
    .next()
    .unwrap_or_else(|| panic!("no button {text}: {}", labels(h)))
    .click();
    h.run();
}

/// A demo vehicle with an owner: (plate, owner's name).
fn owned_vehicle(dir: &std::path::Path) -> (String, String) {
    let (store, _) = rpma_core::Store::open(&dir.join("rpma.db")).unwrap();
    let filter = rpma_core::vehicles::VehicleFilter::default();
    let v = rpma_core::vehicles::list(store.conn(), &filter)
        .unwrap()
        .into_iter()
        .find(|v| v.owner_name.is_some())
        .unwrap();
    (v.plate, v.owner_name.unwrap_or_default())
}

/// Opens the client named `name` from the clients list.
fn open_client(h: &mut H, name: &str) {
    set_field(h, "Rechercher un client", name);
    h.run();
    h.get_all_by_label(name).next().unwrap().click();
    h.run();
    assert!(shows(h, "Retour"), "no client page: {}", labels(h));
}

#[test]
fn a_side_bar_entry_opens_its_list_after_a_record_was_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    let (_, owner) = owned_vehicle(dir.path());
    login(&mut h, "chef", "Demo-Chef-2026");
    nav(&mut h, "Clients", RouteKind::Clients);
    open_client(&mut h, &owner);
    assert!(!shows(&h, "Rechercher un client"), "{}", labels(&h));
    nav(&mut h, "Tableau de bord", RouteKind::Dashboard);
    // Back in Clients from the side bar: the list, not the client left open.
    nav(&mut h, "Clients", RouteKind::Clients);
    assert!(shows(&h, "Rechercher un client"), "{}", labels(&h));
    assert!(!shows(&h, "Retour"), "{}", labels(&h));
    // Even when the entry is clicked while a record of the same screen is open.
    open_client(&mut h, &owner);
    nav(&mut h, "Clients", RouteKind::Clients);
    assert!(shows(&h, "Rechercher un client"), "{}", labels(&h));
}

#[test]
fn back_returns_where_the_user_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    let (plate, owner) = owned_vehicle(dir.path());
    login(&mut h, "chef", "Demo-Chef-2026");
    nav(&mut h, "Clients", RouteKind::Clients);
    open_client(&mut h, &owner);
    // From the client page to its vehicle (the vehicles card lists its plates).
    // (The film card names the plate too, after a date and a job number.)
    press(&mut h, &format!("{plate}   "));
    assert_eq!(h.state().route(), RouteKind::Vehicles, "{}", labels(&h));
    assert!(shows(&h, "Identité du véhicule"), "{}", labels(&h));
    // Back: the client page, not the vehicles list.
    press(&mut h, "Retour");
    assert_eq!(h.state().route(), RouteKind::Clients, "{}", labels(&h));
    assert!(shows(&h, &owner), "{}", labels(&h));
    assert!(shows(&h, "Retour"), "{}", labels(&h));
    assert!(!shows(&h, "Rechercher un client"), "{}", labels(&h));
    // Back again: the clients list it was opened from.
    press(&mut h, "Retour");
    assert_eq!(h.state().route(), RouteKind::Clients, "{}", labels(&h));
    assert!(shows(&h, "Rechercher un client"), "{}", labels(&h));
}

#[test]
fn lang_flag_wins_over_the_profile_language_after_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    // The demo users' profiles are in French; the app was started with `--lang en`.
    let mut h = app_lang(dir.path(), true, Lang::En);
    assert!(shows(&h, "Sign in"), "{}", labels(&h));
    set_field(&mut h, "Username or e-mail", "chef");
    set_field(&mut h, "Password", "Demo-Chef-2026");
    press(&mut h, "Sign in");
    assert!(h.state().user().is_some(), "{}", labels(&h));
    assert_eq!(h.state().user().map(|u| u.locale), Some(Lang::Fr));
    assert_eq!(h.state().lang(), Lang::En);
    assert!(shows(&h, "Dashboard"), "{}", labels(&h));
    assert!(!shows(&h, "Tableau de bord"), "{}", labels(&h));
}

/// The demo job scheduled last (first in its client page's jobs) whose client is the only one of
/// that name (the test finds the client by name), and its client: (client's name, job number,
/// client id, job id).
fn client_with_job(dir: &std::path::Path) -> (String, String, ClientId, JobId) {
    let (store, _) = rpma_core::Store::open(&dir.join("rpma.db")).unwrap();
    let (client_id, number, job_id): (ClientId, String, JobId) = store
        .conn()
        .query_row(
            "SELECT j.client_id, j.number, j.id FROM jobs j JOIN clients c ON c.id = j.client_id \
             WHERE j.deleted_at IS NULL AND c.deleted_at IS NULL \
             AND (SELECT count(*) FROM clients o \
                  WHERE o.display_name = c.display_name AND o.deleted_at IS NULL) = 1 \
             ORDER BY j.scheduled_start DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let client = rpma_core::clients::get(store.conn(), &client_id)
        .unwrap()
        .unwrap();
    (client.display_name().to_owned(), number, client_id, job_id)
}

#[test]
fn alt_left_and_alt_right_go_back_and_forward_through_the_places_opened() {
    use rpma::route::Route;
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    let (name, number, client_id, job_id) = client_with_job(dir.path());
    login(&mut h, "chef", "Demo-Chef-2026");
    nav(&mut h, "Clients", RouteKind::Clients);
    open_client(&mut h, &name);
    assert_eq!(h.state().place(), Route::Client(client_id.clone()));
    // From the client page's jobs to one of them.
    assert!(shows(&h, &number), "{}", common::texts(&h));
    h.get_all_by_label(&number).next().unwrap().click();
    h.run();
    assert_eq!(
        h.state().place(),
        Route::Job(job_id.clone()),
        "{}",
        labels(&h)
    );
    assert!(!shows(&h, "Rechercher un client"), "{}", labels(&h));

    // Alt+←: the client page again (not the clients list).
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().route(), RouteKind::Clients, "{}", labels(&h));
    assert_eq!(h.state().place(), Route::Client(client_id.clone()));
    assert!(shows(&h, &number), "{}", labels(&h));
    assert!(!shows(&h, "Rechercher un client"), "{}", labels(&h));

    // Alt+→: the job again.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    assert_eq!(h.state().place(), Route::Job(job_id.clone()));
    // Nothing further ahead: Alt+→ again changes nothing.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().place(), Route::Job(job_id));

    // Back twice: the client page, then the list it was opened from.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().place(), Route::Client(client_id));
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().place(), Route::Clients);
    assert!(shows(&h, "Rechercher un client"), "{}", labels(&h));
}
