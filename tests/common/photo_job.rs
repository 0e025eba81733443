//! A shop ready for the photo flows: a technician (karim) with a Standard job on a Porsche,
//! scheduled now, and the way to open its intervention as they would.

use std::path::Path;

use egui_kittest::Harness;
use rpma::App;
use rpma_core::auth::password::PasswordPolicy;
use rpma_core::auth::permissions::Role;
use rpma_core::jobs::{self, NewJob};
use rpma_core::users::NewUser;
use rpma_core::{Lang, Store};

use super::{click, login, shows, texts, wait_for};

pub const TECH_PW: &str = "Tech-Atelier-2026";

/// A shop with a technician and a Standard job assigned to them, scheduled now.
pub fn shop(dir: &Path) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let policy = PasswordPolicy::default();
    let user = |name: &str, role: Role| NewUser {
        username: name.into(),
        email: format!("{name}@atelier.test"),
        display_name: format!("{name} Martin"),
        role: Some(role),
        password: TECH_PW.into(),
        locale: Lang::Fr,
        must_change_password: false,
    };
    let (admin, tech) = store
        .write(None, |tx| {
            Ok((
                rpma_core::testing::insert_session(tx, &user("admin", Role::Admin), &policy)?,
                rpma_core::testing::insert_session(tx, &user("karim", Role::Technician), &policy)?,
            ))
        })
        .unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES ('c1', 'individual', 'Claire Fontaine', 0, 0);
             INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, size_class,
                 owner_id, created_at, updated_at)
                 VALUES ('v1', 'AB-123-CD', 'AB123CD', 'siv', 'Porsche', '911', 'large', 'c1', 0, 0);",
        )
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    jobs::create(
        &mut store,
        &admin,
        &NewJob {
            client_id: "c1".into(),
            vehicle_id: "v1".into(),
            zone_ids: vec!["hood".into(), "front_bumper".into(), "roof".into()],
            scheduled_start: Some(now - 3_600_000),
            scheduled_end: Some(now + 3_600_000),
            technician_id: Some(tech.id.clone()),
            ..NewJob::default()
        },
    )
    .unwrap();
}

/// Signs karim in, finds the job and starts its intervention (the inspection on show).
pub fn started(h: &mut Harness<'static, App>) {
    login(h, "karim", TECH_PW);
    click(h, "Travaux");
    super::type_into(h, "Rechercher un travail", "Claire Fontaine");
    click(h, "Claire Fontaine");
    click(h, "Démarrer l'intervention");
    assert!(
        wait_for(h, |h| shows(h, "Inspection du véhicule")),
        "{}",
        texts(h)
    );
}
