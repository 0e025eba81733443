//! Test fixtures: an in-memory store on a manual clock with one account per role.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::Session;
use crate::audit::AuditRow;
use crate::auth::password::PasswordPolicy;
use crate::auth::permissions::Role;
use crate::clock::ManualClock;
use crate::i18n::Lang;
use crate::store::Store;
use crate::users::{self, NewUser, User};

/// One minute in milliseconds.
pub const MINUTE: i64 = 60_000;
/// 2026-03-02 09:00:00 UTC, a Monday.
pub const T0: i64 = 1_772_442_000_000;

/// Password of every fixture account.
pub const PW_ADMIN: &str = "Admin-Atelier-2026";
pub const PW_SUP: &str = "Chef-Atelier-2026";
pub const PW_TECH: &str = "Tech-Atelier-2026";
pub const PW_VIEWER: &str = "Lecture-Atelier-2026";

/// A store with an organisation-less shop and four accounts.
pub struct Fixture {
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub admin: Session,
    pub supervisor: Session,
    pub technician: Session,
    pub viewer: Session,
}

pub fn new_user(username: &str, role: Role, password: &str) -> NewUser {
    NewUser {
        username: username.into(),
        email: format!("{username}@atelier.test"),
        display_name: format!("{username} display"),
        role: Some(role),
        password: password.into(),
        locale: Lang::Fr,
        must_change_password: false,
    }
}

impl Fixture {
    pub fn new() -> Self {
        let clock = ManualClock::new(T0);
        let mut store = Store::open_in_memory_with_clock(clock.clone()).unwrap();
        let policy = PasswordPolicy::default();
        let (admin, supervisor, technician, viewer) = store
            .write(None, |tx| {
                Ok((
                    users::insert(tx, &new_user("admin", Role::Admin, PW_ADMIN), &policy)?,
                    users::insert(tx, &new_user("chef", Role::Supervisor, PW_SUP), &policy)?,
                    users::insert(tx, &new_user("tech", Role::Technician, PW_TECH), &policy)?,
                    users::insert(tx, &new_user("lecteur", Role::Viewer, PW_VIEWER), &policy)?,
                ))
            })
            .unwrap();
        Self {
            store,
            clock,
            admin: Session::for_tests(admin),
            supervisor: Session::for_tests(supervisor),
            technician: Session::for_tests(technician),
            viewer: Session::for_tests(viewer),
        }
    }

    /// Audit rows with this action, oldest first.
    pub fn audit_rows(&self, action: &str) -> Vec<AuditRow> {
        let mut st = self
            .store
            .conn()
            .prepare(
                "SELECT seq, id, at, user_id, action, entity, entity_id, before, after, prev_hash, hash
                 FROM audit_log WHERE action = ?1 ORDER BY seq",
            )
            .unwrap();
        st.query_map([action], |r| {
            Ok(AuditRow {
                seq: r.get(0)?,
                id: r.get(1)?,
                at: r.get(2)?,
                user_id: r.get(3)?,
                action: r.get(4)?,
                entity: r.get(5)?,
                entity_id: r.get(6)?,
                before: r.get(7)?,
                after: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// The admin saves `policy` as the shop's security policy.
    pub fn set_security(&mut self, policy: crate::settings::SecurityPolicy) {
        let admin = self.admin.clone();
        self.store
            .write(Some(&admin.id), |tx| {
                crate::settings::save_security(tx, &admin, policy)
            })
            .unwrap();
    }

    /// The admin makes two-step verification mandatory for admins (their own account is not
    /// enrolled: from now on it acts as nobody until it enrols).
    pub fn require_2fa_for_admins(&mut self) {
        self.set_security(crate::settings::SecurityPolicy {
            require_2fa_for_admins: true,
            ..crate::settings::SecurityPolicy::default()
        });
    }

    /// Fresh copy of an account.
    pub fn user(&self, id: &str) -> User {
        users::get(self.store.conn(), id).unwrap().unwrap()
    }

    /// Every audit action, oldest first.
    pub fn audit_actions(&self) -> Vec<String> {
        let mut st = self
            .store
            .conn()
            .prepare("SELECT action FROM audit_log ORDER BY seq")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

/// Inserts, with plain SQL, a vehicle owned by `client_id` (unless it has one) and a job for it
/// in `status`, scheduled at [`T0`]. Returns the job's id. For tests of modules that only need a
/// job to exist.
pub fn insert_job_raw(store: &Store, client_id: &str, status: &str) -> String {
    let conn = store.conn();
    let vehicle_id: String = match conn.query_row(
        "SELECT id FROM vehicles WHERE owner_id = ?1 LIMIT 1",
        [client_id],
        |r| r.get(0),
    ) {
        Ok(id) => id,
        Err(_) => {
            let id = crate::ids::new_id();
            let n: i64 = conn
                .query_row("SELECT count(*) FROM vehicles", [], |r| r.get(0))
                .unwrap();
            let plate = format!("TE-{:03}-ST", n + 1);
            let key = plate.replace('-', "");
            conn.execute(
                "INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, owner_id,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'siv', 'Peugeot', '308', ?4, 0, 0)",
                rusqlite::params![id, plate, key, client_id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO vehicle_owners (id, vehicle_id, client_id, from_at)
                 VALUES (?1, ?2, ?3, 0)",
                rusqlite::params![crate::ids::new_id(), id, client_id],
            )
            .unwrap();
            id
        }
    };
    let id = crate::ids::new_id();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "INSERT INTO jobs (id, number, client_id, vehicle_id, status, scheduled_start,
             scheduled_end, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0)",
        rusqlite::params![
            id,
            format!("20260302-{:03}", n + 1),
            client_id,
            vehicle_id,
            status,
            T0,
            T0 + 120 * MINUTE
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO job_zones (job_id, zone_id, area_m2) VALUES (?1, 'hood', 1.5)",
        [&id],
    )
    .unwrap();
    id
}

/// The demo shop (crate `rpma-demo`, a dev-dependency) made in the database file `path` — by the
/// library build of the core, the one `rpma-demo` links — with its guided interventions and photo
/// files (in the folder of `path`) when `interventions`. The test then opens the file with this
/// build's [`Store`]. `size` `None`: the demo's size.
pub fn demo_file(
    path: &std::path::Path,
    seed: u64,
    size: Option<&rpma_demo::generate::ShopSize>,
    interventions: bool,
) -> rpma_demo::DemoSummary {
    let size = size.unwrap_or(&rpma_demo::generate::ShopSize::DEMO);
    let (mut store, _) = ::rpma_core::Store::open(path).unwrap();
    let summary = if interventions {
        rpma_demo::populate_with_interventions(&mut store, seed, size, path.parent())
    } else {
        rpma_demo::populate_sized(&mut store, seed, size)
    }
    .unwrap();
    store.checkpoint().unwrap();
    summary
}

/// The demo shop (accounts and planning) in a file of a new temporary folder, opened: for the
/// tests that used an in-memory demo.
pub fn demo_store(seed: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    demo_file(&path, seed, None, false);
    let (store, _) = Store::open(&path).unwrap();
    (dir, store)
}

/// The English text of argument `name` of a refusal's item ("" when it has none).
pub fn english<'a>(m: &'a crate::error::MissingItem, name: &str) -> &'a str {
    match m.arg(name) {
        Some(crate::error::MissingArg::Text { en, .. }) => en,
        _ => "",
    }
}
