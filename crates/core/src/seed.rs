//! Seeding a brand-new shop: the one narrow door through which a generator outside the core
//! (the demo shop and the bench generator, crate `rpma-demo`) fills a data folder.
//!
//! The core's writes are gated: [`Store::write`](crate::store::Store) is crate-private, every
//! service checks a [`Session`] that only a completed sign-in makes, and accounts come from the
//! setup wizard or an admin. A generator needs what those gates refuse: the first accounts with
//! known passwords and PINs, a year of history written in bulk (100,000 jobs in one
//! transaction), sessions of its own staff, and the service-made rows moved back in time.
//!
//! [`Seeder`] gives exactly that, and only to a shop that does not exist yet: [`Seeder::new_shop`]
//! refuses a database that has an account or an organisation (`seed-err-not-new`). A seeder
//! borrows the store for its whole life, so nothing else runs on it meanwhile, and once it is
//! dropped no second one can be had (the shop now has accounts). Hence it can never be used to
//! bypass a rule in a shop somebody works in: everything it can touch, it wrote itself.
//! `rpma --demo` and `rpma bench generate` call it on a new data folder (on one that already
//! holds a shop they do nothing).
//!
//! What it writes still goes through the normal machinery: one [`Store::write`] per
//! [`Seeder::write`] (transaction id, HLC, change capture, audit for the accounts), so a seeded
//! shop syncs and replays like any other. Rows are inserted only into the planning tables in
//! [`SEEDABLE`]; everything else (interventions, photos, signatures) is made through the
//! ordinary services with a session of a seeded account ([`Seeder::session_for`]).

use rusqlite::{Connection, Statement, ToSql};

use crate::auth::password::PasswordPolicy;
use crate::auth::session::Session;
use crate::error::{CoreError, CoreResult};
use crate::numbering::JobNumbers;
use crate::org::Organisation;
use crate::settings::{PlanningSettings, ShopSettings};
use crate::store::capture::ident;
use crate::store::{Store, Tx};
use crate::users::{NewUser, User};
use crate::zones::Zone;

mod backdate;

pub use backdate::Timeline;

/// The refusal of a seeder on a shop that already exists (an account or an organisation).
pub const NOT_NEW: &str = "seed-err-not-new";

/// The refusal of an insert into a table outside [`SEEDABLE`].
pub const NOT_SEEDABLE: &str = "seed-err-table";

/// The tables a seeder may insert rows into: the planning a generator makes in bulk.
pub const SEEDABLE: &[&str] = &[
    "clients",
    "vehicles",
    "vehicle_owners",
    "jobs",
    "job_zones",
    "job_status_history",
    "job_notes",
    "job_checklist",
];

/// Fills a brand-new shop (see the module's documentation).
#[derive(Debug)]
pub struct Seeder<'s> {
    store: &'s mut Store,
    /// The accounts this seeder created: the only ones it makes sessions for.
    accounts: Vec<User>,
    /// `PRAGMA synchronous` before the seeding, put back when the seeder is dropped.
    synchronous: i64,
}

impl<'s> Seeder<'s> {
    /// A seeder for `store`, only when it holds no shop yet (no account, no organisation);
    /// otherwise [`CoreError::Refused`] with [`NOT_NEW`] and nothing is changed.
    ///
    /// While it lives, commits are not flushed to disk one by one (`synchronous = NORMAL`: WAL
    /// keeps the file consistent; a crash loses at most the last commits of a shop being made);
    /// the previous setting comes back when it is dropped.
    pub fn new_shop(store: &'s mut Store) -> CoreResult<Self> {
        if !is_new_shop(store.conn())? {
            return Err(CoreError::Refused { key: NOT_NEW });
        }
        let synchronous: i64 = store
            .conn()
            .pragma_query_value(None, "synchronous", |r| r.get(0))?;
        store.conn().pragma_update(None, "synchronous", "NORMAL")?;
        Ok(Self {
            store,
            accounts: Vec::new(),
            synchronous,
        })
    }

    /// The store's clock.
    pub fn now_ms(&self) -> i64 {
        self.store.now_ms()
    }

    /// Runs `f` in one transaction of the store (everything or nothing, captured like any use
    /// case).
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut SeedTx<'_, '_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        let accounts = &mut self.accounts;
        self.store.write(None, |tx| {
            let mut seed = SeedTx { tx, accounts };
            f(&mut seed)
        })
    }

    /// The accounts created so far, in order.
    pub fn accounts(&self) -> &[User] {
        &self.accounts
    }

    /// A session of an account this seeder created, to write through the ordinary services on
    /// its behalf (checked by them like any session). Any other account: `NotFound`.
    pub fn session_for(&self, user_id: &str) -> CoreResult<Session> {
        let user = self
            .accounts
            .iter()
            .find(|u| u.id == user_id)
            .cloned()
            .ok_or(CoreError::NotFound { entity: "user" })?;
        Ok(Session::on_behalf_of(user, 0))
    }

    /// The store, for the ordinary services (with a session from [`Seeder::session_for`]).
    pub fn store(&mut self) -> &mut Store {
        self.store
    }

    /// Puts a job the seeder generated in progress, paused or completed back to `scheduled`
    /// (its generated history after `scheduled` dropped), so that a service moves it through the
    /// status machine again.
    pub fn reset_job_to_scheduled(&mut self, job_id: &str) -> CoreResult<()> {
        self.store.write(None, |tx| {
            tx.conn().execute(
                "DELETE FROM job_status_history
                 WHERE job_id = ?1 AND to_status IN ('in_progress', 'paused', 'completed')",
                [job_id],
            )?;
            tx.conn().execute(
                "UPDATE jobs SET status = 'scheduled', started_at = NULL, completed_at = NULL
                 WHERE id = ?1",
                [job_id],
            )?;
            Ok(())
        })
    }

    /// Moves the "now" stamps the intervention services wrote for intervention `iv_id` (and its
    /// job) onto `tl`: a shop made today gets a history.
    pub fn backdate_intervention(
        &mut self,
        iv_id: &str,
        job_id: &str,
        step_count: usize,
        tl: &Timeline,
    ) -> CoreResult<()> {
        backdate::backdate(self.store, iv_id, job_id, step_count, tl)
    }

    /// Dates each stored photo file at its first use by an intervention (when it came into the
    /// store).
    pub fn date_photos_by_first_use(&mut self) -> CoreResult<()> {
        self.store.write(None, |tx| {
            tx.conn().execute(
                "UPDATE photos SET created_at = (SELECT min(ip.added_at)
                     FROM intervention_photos ip WHERE ip.sha256 = photos.sha256),
                     updated_at = (SELECT min(ip.added_at)
                     FROM intervention_photos ip WHERE ip.sha256 = photos.sha256)
                 WHERE sha256 IN (SELECT sha256 FROM intervention_photos)",
                [],
            )?;
            Ok(())
        })
    }
}

impl Drop for Seeder<'_> {
    fn drop(&mut self) {
        if let Err(e) = self
            .store
            .conn()
            .pragma_update(None, "synchronous", self.synchronous)
        {
            tracing::error!("synchronous not restored after seeding: {e}");
        }
    }
}

/// Whether the database holds no shop yet: no account (deleted ones included) and no
/// organisation.
pub fn is_new_shop(conn: &Connection) -> CoreResult<bool> {
    let users: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    Ok(users == 0 && crate::org::get(conn)?.is_none())
}

/// One transaction of a [`Seeder`].
pub struct SeedTx<'t, 'c> {
    tx: &'t mut Tx<'c>,
    accounts: &'t mut Vec<User>,
}

impl std::fmt::Debug for SeedTx<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeedTx").finish_non_exhaustive()
    }
}

impl SeedTx<'_, '_> {
    /// The time of this transaction.
    pub fn now(&self) -> i64 {
        self.tx.now()
    }

    /// Saves the shop's identity.
    pub fn create_organisation(&mut self, org: Organisation) -> CoreResult<Organisation> {
        crate::org::save(self.tx, org)
    }

    /// Creates an account as the setup wizard would (validated against the default password
    /// policy, hashed, audited), with a quick-switch PIN when given.
    pub fn create_account(&mut self, new: &NewUser, pin: Option<&str>) -> CoreResult<User> {
        let user = crate::users::insert(self.tx, new, &PasswordPolicy::default())?;
        if let Some(pin) = pin {
            crate::auth::pin::store_pin_unchecked(self.tx, &user.id, pin)?;
        }
        self.accounts.push(user.clone());
        Ok(user)
    }

    /// The shop settings (time zone, business hours).
    pub fn shop_settings(&self) -> CoreResult<ShopSettings> {
        crate::settings::get_shop(self.tx.conn())
    }

    /// The planning settings (bays).
    pub fn planning_settings(&self) -> CoreResult<PlanningSettings> {
        crate::settings::get_planning(self.tx.conn())
    }

    /// Every PPF zone with its typical areas.
    pub fn zones(&self) -> CoreResult<Vec<Zone>> {
        crate::zones::list(self.tx.conn(), true)
    }

    /// This terminal's job numbers, to number generated jobs (save them with
    /// [`SeedTx::save_job_numbers`]).
    pub fn job_numbers(&self) -> JobNumbers {
        JobNumbers::new(self.tx)
    }

    /// The next job number of `day` on this terminal.
    pub fn next_job_number(
        &self,
        numbers: &mut JobNumbers,
        day: chrono::NaiveDate,
    ) -> CoreResult<String> {
        numbers.next(self.tx, day)
    }

    /// Saves the job counters used.
    pub fn save_job_numbers(&self, numbers: &JobNumbers) -> CoreResult<()> {
        numbers.save(self.tx)
    }

    /// A prepared insert of `columns` into `table`, one of [`SEEDABLE`] (anything else:
    /// `Refused`). Rows go through the change capture and the search index like any insert.
    pub fn insert(&self, table: &str, columns: &[&str]) -> CoreResult<SeedInsert<'_>> {
        if !SEEDABLE.contains(&table) || columns.is_empty() {
            return Err(CoreError::Refused { key: NOT_SEEDABLE });
        }
        let names = columns
            .iter()
            .map(|c| ident(c))
            .collect::<Vec<_>>()
            .join(", ");
        let marks = (1..=columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let st = self.tx.conn().prepare(&format!(
            "INSERT INTO {} ({names}) VALUES ({marks})",
            ident(table)
        ))?;
        Ok(SeedInsert {
            st,
            width: columns.len(),
        })
    }
}

/// A prepared insert of a [`SeedTx`].
pub struct SeedInsert<'a> {
    st: Statement<'a>,
    width: usize,
}

impl std::fmt::Debug for SeedInsert<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeedInsert")
            .field("width", &self.width)
            .finish_non_exhaustive()
    }
}

impl SeedInsert<'_> {
    /// Inserts one row: one value per column, in the columns' order.
    pub fn row(&mut self, values: &[&dyn ToSql]) -> CoreResult<()> {
        if values.len() != self.width {
            return Err(CoreError::Db(rusqlite::Error::InvalidParameterCount(
                values.len(),
                self.width,
            )));
        }
        self.st.execute(values)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
