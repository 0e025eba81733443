//! A shop with a guided intervention running: the demo shop plus one job of karim's with six
//! zones, its intervention started, and a way to move it to any step (for the layout and
//! shop-floor tests, which look at the steps without filling them in).

use rpma_core::ids::{InterventionId, ZoneId};
use std::path::Path;

use rpma_core::jobs::{self, NewJob};
use rpma_core::{Store, interventions};
use rpma_demo as demo;

/// The plate of the fixture job's vehicle (searchable, unique in the demo shop).
pub const PLATE: &str = "ZZ-808-LA";
/// The fixture job's client.
pub const CLIENT: &str = "Zoé Layout";

/// A session of the demo account named `username` (made without signing in: tests only).
pub fn user_named(store: &Store, username: &str) -> rpma_core::Session {
    rpma_core::testing::session_named(store, username)
}

/// The demo shop plus a job of karim's with six zones and its guided intervention started.
/// Returns the intervention id.
pub fn shop(dir: &Path) -> InterventionId {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    let admin = user_named(&store, "admin");
    let karim = user_named(&store, "karim");
    store
        .conn()
        .execute_batch(&format!(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES ('c-layout', 'individual', '{CLIENT}', 0, 0);
             INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, size_class,
                 owner_id, created_at, updated_at)
                 VALUES ('v-layout', '{PLATE}', '{}', 'siv', 'Porsche', 'Taycan Cross Turismo',
                 'large', 'c-layout', 0, 0);",
            PLATE.replace('-', "")
        ))
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let job = jobs::create(
        &mut store,
        &admin,
        &NewJob {
            client_id: "c-layout".into(),
            vehicle_id: "v-layout".into(),
            zone_ids: [
                "hood",
                "front_bumper",
                "roof",
                "fender_left",
                "fender_right",
                "mirrors",
            ]
            .map(ZoneId::from)
            .to_vec(),
            film_product: "XPEL Ultimate Plus".into(),
            scheduled_start: Some(now - 3_600_000),
            scheduled_end: Some(now + 3_600_000),
            technician_id: Some(karim.id.clone()),
            force_reason: Some("layout test".into()),
            ..NewJob::default()
        },
    )
    .unwrap();
    interventions::start(&mut store, &karim, &job.row.id)
        .unwrap()
        .id
}

/// Moves the running intervention to step `pos` (the earlier ones done), behind the app's back:
/// the test looks at the steps, it does not fill them in.
pub fn jump_to_step(dir: &Path, iv: &str, pos: i64) {
    let db = rusqlite::Connection::open(dir.join("rpma.db")).unwrap();
    db.execute(
        "UPDATE intervention_steps SET status = CASE
             WHEN position < ?2 THEN 'completed'
             WHEN position = ?2 THEN 'in_progress'
             ELSE 'pending' END,
           started_at = CASE WHEN position <= ?2 THEN started_at ELSE NULL END
         WHERE intervention_id = ?1",
        rusqlite::params![iv, pos],
    )
    .unwrap();
    db.execute(
        "UPDATE interventions SET current_step = ?2 WHERE id = ?1",
        rusqlite::params![iv, pos],
    )
    .unwrap();
}

/// Lets admins use their PIN (security policy), as an admin would in Settings.
pub fn allow_admin_pins(dir: &Path) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let admin = user_named(&store, "admin");
    let policy = rpma_core::settings::SecurityPolicy {
        admins_switch_with_password: false,
        ..rpma_core::settings::SecurityPolicy::default()
    };
    store
        .write(Some(&admin.id), |tx| {
            rpma_core::settings::save_security(tx, &admin, policy)
        })
        .unwrap();
}
