//! The film the technician recorded on a finished intervention (roll, length laid, waste,
//! installer) is shown on the vehicle page's zone history, the job page and the client page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, click, labels, login, set_field, shows};
use egui_kittest::kittest::Queryable as _;
use rpma::route::RouteKind;

type H = egui_kittest::Harness<'static, rpma::App>;

/// What a finished demo intervention is about.
struct Finished {
    plate: String,
    number: String,
    client: String,
    installer: String,
    film: String,
}

/// Takes a demo intervention that is finished and sets its first zone to what Karim typed on the
/// hood: roll R-118, 180 cm laid, 20 cm waste, laid by him.
fn record_karims_hood(dir: &std::path::Path) -> Finished {
    let (store, _) = rpma_core::Store::open(&dir.join("rpma.db")).unwrap();
    let conn = store.conn();
    let (iv, zone, plate, number, client, film): (String, String, String, String, String, String) =
        conn.query_row(
            "SELECT iz.intervention_id, iz.zone_id, v.plate, j.number, c.display_name,
                    iz.film_product
             FROM intervention_zones iz
             JOIN interventions i ON i.id = iz.intervention_id AND i.status = 'completed'
             JOIN jobs j ON j.id = i.job_id AND j.status = 'completed' AND j.deleted_at IS NULL
             JOIN vehicles v ON v.id = j.vehicle_id
             JOIN clients c ON c.id = j.client_id
             -- The client is then found by name in the clients list: one of that name.
             WHERE (SELECT count(*) FROM clients o
                    WHERE o.display_name = c.display_name AND o.deleted_at IS NULL) = 1
             ORDER BY i.completed_at DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    let (karim, installer): (String, String) = conn
        .query_row(
            "SELECT id, display_name FROM users WHERE username = 'karim'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute(
        "UPDATE intervention_zones SET roll_lot = 'R-118', length_mm = 1800, waste_mm = 200,
             installer_id = ?3
         WHERE intervention_id = ?1 AND zone_id = ?2",
        rusqlite::params![iv, zone, karim],
    )
    .unwrap();
    Finished {
        plate,
        number,
        client,
        installer,
        film,
    }
}

fn recorded_film_shown(h: &H, f: &Finished) -> bool {
    shows(h, "rouleau R-118")
        && shows(h, "180 cm posés")
        && shows(h, "20 cm de chute")
        && shows(h, &format!("posé par {}", f.installer))
}

fn first_click(h: &mut H, text: &str) {
    assert!(shows(h, text), "no {text}: {}", labels(h));
    h.query_all_by_label_contains(text)
        .next()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.query_all_by_label_contains(text).next().unwrap().click();
    h.run();
}

#[test]
fn film_recorded_on_a_finished_intervention_shows_on_vehicle_job_and_client_pages() {
    let dir = tempfile::tempdir().unwrap();
    {
        // The demo shop with its finished interventions.
        let (mut store, _) = rpma_core::Store::open(&dir.path().join("rpma.db")).unwrap();
        let size = rpma_demo::generate::ShopSize::DEMO;
        let seed = rpma_demo::DEFAULT_SEED;
        rpma_demo::populate_with_interventions(&mut store, seed, &size, Some(dir.path())).unwrap();
    }
    let f = record_karims_hood(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "chef", "Demo-Chef-2026");

    // The vehicle page's zone history.
    click(&mut h, "   Véhicules");
    set_field(&mut h, "Rechercher un véhicule", &f.plate);
    first_click(&mut h, &f.plate);
    assert!(shows(&h, "Identité du véhicule"), "{}", labels(&h));
    assert!(recorded_film_shown(&h, &f), "{}", labels(&h));

    // The job page, opened from that history line.
    first_click(
        &mut h,
        &format!("{} · {} · rouleau R-118", f.number, f.film),
    );
    h.run();
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    assert!(shows(&h, "Film posé"), "{}", labels(&h));
    assert!(recorded_film_shown(&h, &f), "{}", labels(&h));

    // The client page.
    click(&mut h, "   Clients");
    set_field(&mut h, "Rechercher un client", &f.client);
    h.get_all_by_label(&f.client).next().unwrap().click();
    h.run();
    assert!(shows(&h, "Film posé"), "{}", labels(&h));
    assert!(recorded_film_shown(&h, &f), "{}", labels(&h));
}
