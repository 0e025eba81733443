//! The demo shop and the bench generator (crate `rpma-demo`, not part of the core): a realistic,
//! deterministic data set (same seed → same content) so a newcomer sees a populated app with
//! `rpma --demo`, and large shops for the benchmarks (`rpma bench generate`).
//!
//! Everything is written through [`rpma_core::seed::Seeder`], which the core hands out only on a
//! brand-new shop (no account, no organisation): the accounts, the organisation and the planning
//! in bulk through its narrow insert API, the guided interventions through the ordinary
//! intervention services with sessions of the seeded staff. On a database that already holds a
//! shop nothing is written.
//!
//! [`populate`] makes the accounts and the planning (clients, vehicles, jobs);
//! [`populate_with_interventions`] (what `rpma --demo` runs) adds guided interventions with
//! photos: finished ones on the most recent completed jobs, running ones on the jobs in progress
//! or paused.

use std::path::Path;

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use rpma_core::auth::permissions::Role;
use rpma_core::error::{CoreError, CoreResult};
use rpma_core::i18n::Lang;
use rpma_core::org::Organisation;
use rpma_core::seed::{self, Seeder};
use rpma_core::store::Store;
use rpma_core::users::NewUser;

mod demo_interventions;
pub mod generate;

/// The seed `--demo` uses.
pub const DEFAULT_SEED: u64 = 2026;

/// A demo account: login, password, role. The README lists them.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    /// Login name.
    pub username: &'static str,
    /// Password (demo only!).
    pub password: &'static str,
    /// Role.
    pub role: Role,
    /// Display name.
    pub display_name: &'static str,
}

/// The demo shop's accounts.
pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        username: "admin",
        password: "Demo-Admin-2026",
        role: Role::Admin,
        display_name: "Claire Moreau",
    },
    DemoAccount {
        username: "chef",
        password: "Demo-Chef-2026",
        role: Role::Supervisor,
        display_name: "Julien Garnier",
    },
    DemoAccount {
        username: "karim",
        password: "Demo-Tech-2026",
        role: Role::Technician,
        display_name: "Karim Benali",
    },
    DemoAccount {
        username: "lucas",
        password: "Demo-Tech-2026",
        role: Role::Technician,
        display_name: "Lucas Petit",
    },
    DemoAccount {
        username: "accueil",
        password: "Demo-Lecture-2026",
        role: Role::Viewer,
        display_name: "Sophie Lambert",
    },
];

/// Quick-switch PINs of the demo technicians (login, PIN). The README lists them.
pub const DEMO_PINS: [(&str, &str); 2] = [("karim", "2580"), ("lucas", "1470")];

/// What the generator created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// False when the database already held a shop (nothing was changed).
    pub created: bool,
    /// Accounts created.
    pub users: usize,
    /// Clients, vehicles and jobs created.
    pub planning: generate::Generated,
    /// Guided interventions created ([`populate_with_interventions`] only).
    pub interventions: DemoInterventions,
}

/// The guided interventions of the demo, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoInterventions {
    /// Finished and signed (one per recent completed job).
    pub completed: usize,
    /// Running (one per job in progress).
    pub in_progress: usize,
    /// Paused (one per paused job).
    pub paused: usize,
    /// Distinct photo files generated (each stored once).
    pub photo_files: usize,
    /// Photos attached to steps (a file may be attached to many steps).
    pub photos_attached: usize,
    /// Defects placed on the vehicle diagram.
    pub defects: usize,
}

/// The demo shop's identity, chosen from the seed.
pub fn demo_organisation(seed: u64) -> Organisation {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    const CITIES: [(&str, &str); 4] = [
        ("Lyon", "69007"),
        ("Bordeaux", "33300"),
        ("Nantes", "44200"),
        ("Lille", "59000"),
    ];
    let (city, pc) = CITIES
        .get(rng.random_range(0..CITIES.len()))
        .copied()
        .unwrap_or(("Lyon", "69007"));
    Organisation {
        name: "Atelier Démo PPF".into(),
        legal_name: "Protection Carrosserie Démo SAS".into(),
        siret: "73282932000074".into(),
        vat_number: "FR44732829320".into(),
        address_line1: format!("{} rue de l'Industrie", rng.random_range(2..120)),
        address_line2: String::new(),
        postal_code: pc.into(),
        city: city.into(),
        country: "FR".into(),
        phone: "04 72 00 00 00".into(),
        email: "contact@atelier-demo.fr".into(),
    }
}

/// Fills an empty database with the demo shop. Does nothing on a database that already has a shop
/// or users (so `--demo` reopens the same demo without duplicating it).
pub fn populate(store: &mut Store, seed: u64) -> CoreResult<DemoSummary> {
    populate_sized(store, seed, &generate::ShopSize::DEMO)
}

/// [`populate`] with a chosen size: the bench generator makes large shops this way (same
/// accounts, more clients, vehicles and jobs).
pub fn populate_sized(
    store: &mut Store,
    seed: u64,
    size: &generate::ShopSize,
) -> CoreResult<DemoSummary> {
    let Some(mut seeder) = seeder(store)? else {
        return Ok(DemoSummary::default());
    };
    accounts_and_planning(&mut seeder, seed, size)
}

/// A seeder, or `None` when the database already holds a shop.
fn seeder(store: &mut Store) -> CoreResult<Option<Seeder<'_>>> {
    match Seeder::new_shop(store) {
        Ok(s) => Ok(Some(s)),
        Err(CoreError::Refused { key }) if key == seed::NOT_NEW => Ok(None),
        Err(e) => Err(e),
    }
}

/// The organisation, the accounts and the planning, in one transaction.
fn accounts_and_planning(
    seeder: &mut Seeder<'_>,
    seed: u64,
    size: &generate::ShopSize,
) -> CoreResult<DemoSummary> {
    seeder.write(|tx| {
        tx.create_organisation(demo_organisation(seed))?;
        let mut technicians = Vec::new();
        let mut admin_id = None;
        for a in DEMO_ACCOUNTS {
            let pin = DEMO_PINS
                .iter()
                .find(|(login, _)| *login == a.username)
                .map(|(_, pin)| *pin);
            let user = tx.create_account(
                &NewUser {
                    username: a.username.into(),
                    email: format!("{}@atelier-demo.fr", a.username),
                    display_name: a.display_name.into(),
                    role: Some(a.role),
                    password: a.password.into(),
                    locale: Lang::Fr,
                    must_change_password: false,
                },
                pin,
            )?;
            match a.role {
                Role::Technician => technicians.push(user.id.clone()),
                Role::Admin => admin_id = Some(user.id.clone()),
                Role::Supervisor | Role::Viewer => {}
            }
        }
        let bays = tx.planning_settings()?.bays;
        let now = tx.now();
        let planning = generate::shop(
            tx,
            seed,
            size,
            &technicians,
            &bays,
            admin_id.as_deref(),
            now,
            rpma_core::format::DEFAULT_TZ,
        )?;
        Ok(DemoSummary {
            created: true,
            users: DEMO_ACCOUNTS.len(),
            planning,
            interventions: DemoInterventions::default(),
        })
    })
}

/// The whole demo shop, as `rpma --demo` opens it: [`populate_sized`], then guided interventions
/// made through the intervention API — a finished, signed one for each of the most recent
/// completed jobs (at most [`COMPLETED_WITH_INTERVENTION`]), and a running one for every job in
/// progress or paused (when there are fewer than two in progress and one paused, e.g. at night,
/// the next scheduled jobs are started early). Photo files go to `data_dir`'s photo store; with
/// `None` no file is written (the photo records still exist). Does nothing on a database that
/// already has a shop.
pub fn populate_with_interventions(
    store: &mut Store,
    seed: u64,
    size: &generate::ShopSize,
    data_dir: Option<&Path>,
) -> CoreResult<DemoSummary> {
    let Some(mut seeder) = seeder(store)? else {
        return Ok(DemoSummary::default());
    };
    let mut summary = accounts_and_planning(&mut seeder, seed, size)?;
    summary.interventions = demo_interventions::create(&mut seeder, seed, data_dir)?;
    Ok(summary)
}

pub use demo_interventions::{COMPLETED_WITH_INTERVENTION, PHOTO_POOL};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use rpma_core::auth::password::PasswordPolicy;
    use rpma_core::auth::pin;
    use rpma_core::{org, users};

    #[test]
    fn demo_is_deterministic_and_idempotent() {
        assert_eq!(demo_organisation(7), demo_organisation(7));
        let mut s = Store::open_in_memory().unwrap();
        let first = populate(&mut s, DEFAULT_SEED).unwrap();
        assert!(first.created);
        assert_eq!(users::count(s.conn()).unwrap(), 5);
        let again = populate(&mut s, DEFAULT_SEED).unwrap();
        assert!(!again.created);
        assert_eq!(users::count(s.conn()).unwrap(), 5);
        assert_eq!(
            org::get(s.conn()).unwrap().unwrap(),
            demo_organisation(DEFAULT_SEED)
        );
    }

    #[test]
    fn demo_technicians_switch_with_their_pin() {
        let mut s = Store::open_in_memory().unwrap();
        populate(&mut s, DEFAULT_SEED).unwrap();
        let listed = pin::pin_users(s.conn()).unwrap();
        assert_eq!(listed.len(), DEMO_PINS.len());
        for (login, code) in DEMO_PINS {
            assert!(
                rpma_core::auth::password::check_pin(code).is_ok(),
                "{login}"
            );
            let outcome = pin::login_pin(&mut s, login, code).unwrap();
            assert!(
                matches!(outcome, rpma_core::auth::login::LoginOutcome::SignedIn(ref u) if u.username == login),
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn the_demo_shop_plans_within_business_hours() {
        let mut s = Store::open_in_memory().unwrap();
        let sum = populate(&mut s, DEFAULT_SEED).unwrap();
        assert!(sum.planning.jobs > 1_000, "{sum:?}");
        let shop = rpma_core::settings::get_shop(s.conn()).unwrap();
        let tz = shop.tz().unwrap();
        let mut st = s
            .conn()
            .prepare("SELECT number, scheduled_start, scheduled_end FROM jobs")
            .unwrap();
        let slots: Vec<(String, i64, i64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(slots.len(), sum.planning.jobs);
        for (number, start, end) in slots {
            let w = rpma_core::jobs::hours_warnings(&shop.business_hours, tz, start, end);
            assert!(w.is_empty(), "{number}: {w:?}");
        }
    }

    #[test]
    fn demo_passwords_satisfy_the_default_policy() {
        for a in DEMO_ACCOUNTS {
            assert!(
                PasswordPolicy::default().check(a.password).is_ok(),
                "{}",
                a.username
            );
        }
    }
}
