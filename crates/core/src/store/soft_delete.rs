//! The one delete convention of the synced per-field tables: a row is deleted by setting
//! `deleted_at` (the use case's time) and `deleted_by` (the acting user), and `updated_at` with
//! them, so the delete travels to other terminals as an ordinary per-field change; reads keep the
//! live rows with [`LIVE`] or [`live`]. Archive and activation flags (`is_active`) are not
//! deletes. Only the erasure of a client's personal data (`crate::personal`) deletes rows for
//! real. The columns are checked on every per-field table by `store::sync_tests`.

use rusqlite::ToSql;

use super::Tx;
use crate::error::CoreResult;

/// The condition that keeps the live (not deleted) rows of a table named without an alias.
pub const LIVE: &str = "deleted_at IS NULL";

/// The condition that keeps the live rows of the table aliased `alias` in a query.
pub fn live(alias: &str) -> String {
    format!("{alias}.deleted_at IS NULL")
}

impl Tx<'_> {
    /// Soft-deletes the live rows of `table` that match `rows`, an SQL condition whose
    /// parameters `?1…?n` are `params`; returns how many rows it deleted. `table` must be a
    /// synced per-field table: only they have the columns (checked by a test), and the
    /// append-only ones refuse every UPDATE.
    pub(crate) fn soft_delete(
        &self,
        table: &'static str,
        rows: &str,
        params: &[&dyn ToSql],
    ) -> CoreResult<usize> {
        let now_at = params.len() + 1;
        let by_at = params.len() + 2;
        let sql = format!(
            "UPDATE {table} SET deleted_at = ?{now_at}, deleted_by = ?{by_at}, updated_at = ?{now_at}
             WHERE ({rows}) AND {LIVE}"
        );
        let now = self.now();
        let actor = self.actor();
        let mut all: Vec<&dyn ToSql> = params.to_vec();
        all.push(&now);
        all.push(&actor);
        Ok(self.conn().execute(&sql, all.as_slice())?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[test]
    fn a_soft_delete_stamps_time_author_and_change_and_counts_live_rows_once() {
        let f = crate::testutil::Fixture::new();
        let mut s = f.store;
        let client = crate::ids::new_id();
        s.conn()
            .execute(
                "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES (?1, 'individual', 'Martin', 0, 0)",
                [&client],
            )
            .unwrap();
        let job = crate::testutil::insert_job_raw(&s, &client, "scheduled");
        let before: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM job_zones WHERE job_id = ?1 AND deleted_at IS NULL",
                [&job],
                |r| r.get(0),
            )
            .unwrap();
        assert!(before > 0);
        let n = s
            .write(Some(&f.admin.id), |tx| {
                tx.soft_delete("job_zones", "job_id = ?1", &[&job])
            })
            .unwrap();
        assert_eq!(usize::try_from(before).unwrap(), n);
        let (by, at, upd): (String, i64, i64) = s
            .conn()
            .query_row(
                "SELECT deleted_by, deleted_at, updated_at FROM job_zones WHERE job_id = ?1",
                [&job],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(by, f.admin.id);
        assert_eq!(at, upd);
        // Already deleted rows are not deleted again (their time and author stay).
        let again = s
            .write(Some(&f.technician.id), |tx| {
                tx.soft_delete("job_zones", "job_id = ?1", &[&job])
            })
            .unwrap();
        assert_eq!(again, 0);
        // Not on an append-only table: nothing there is ever updated.
        let err = s
            .write(Some(&f.admin.id), |tx| {
                tx.soft_delete("job_status_history", "job_id = ?1", &[&job])
            })
            .unwrap_err();
        assert!(matches!(err, crate::CoreError::Db(_)), "{err:?}");
    }

    fn live_and_deleted(s: &crate::Store, table: &str, cond: &str) -> (i64, i64) {
        s.conn()
            .query_row(
                &format!(
                    "SELECT count(*) FILTER (WHERE deleted_at IS NULL),
                            count(*) FILTER (WHERE deleted_at IS NOT NULL AND deleted_by IS NOT NULL)
                     FROM {table} WHERE {cond}"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }

    /// Through the services: a zone, a job's zones, a checklist item and recovery codes are
    /// deleted softly (kept, stamped with who and when), brought back where the service allows,
    /// and no per-field table receives a real DELETE.
    #[test]
    fn services_delete_softly_and_bring_rows_back() {
        use crate::jobs::{self, JobUpdate, NewJob};
        use crate::zones::{self, Zone};
        let mut f = crate::testutil::Fixture::new();
        let admin = f.admin.clone();
        // A zone of the catalogue.
        let zone = Zone {
            id: crate::ids::ZoneId::default(),
            name_fr: "Seuils de porte".into(),
            name_en: "Door sills".into(),
            areas: [0.1, 0.1, 0.2, 0.2],
            position: 0,
            is_active: true,
        };
        let z = zones::save(&mut f.store, &admin, zone.clone()).unwrap();
        zones::delete(&mut f.store, &admin, &z.id).unwrap();
        assert!(zones::get(f.store.conn(), &z.id).unwrap().is_none());
        assert!(
            !zones::list(f.store.conn(), true)
                .unwrap()
                .iter()
                .any(|x| x.id == z.id)
        );
        assert_eq!(
            live_and_deleted(&f.store, "ppf_zones", &format!("id = '{}'", z.id)),
            (0, 1)
        );
        // Saved again under the same code: the same row comes back with the new values.
        let back = zones::save(
            &mut f.store,
            &admin,
            Zone {
                name_en: "Sills".into(),
                ..zone
            },
        )
        .unwrap();
        assert_eq!(
            (back.id.as_str(), back.name_en.as_str()),
            (z.id.as_str(), "Sills")
        );
        assert_eq!(
            live_and_deleted(&f.store, "ppf_zones", &format!("id = '{}'", z.id)),
            (1, 0)
        );

        // A job's zones and checklist.
        f.store
            .conn()
            .execute_batch(
                "INSERT INTO clients (id, kind, name, created_at, updated_at)
                   VALUES ('c1', 'individual', 'Marie Dupont', 0, 0);
                 INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, owner_id,
                     created_at, updated_at)
                   VALUES ('v1', 'AB-123-CD', 'AB123CD', 'siv', 'Porsche', '911', 'c1', 0, 0);",
            )
            .unwrap();
        let job = jobs::create(
            &mut f.store,
            &admin,
            &NewJob {
                client_id: "c1".into(),
                vehicle_id: "v1".into(),
                zone_ids: vec!["hood".into(), "front_bumper".into()],
                checklist: vec!["Lavage".into()],
                scheduled_start: Some(crate::testutil::T0 + 86_400_000),
                scheduled_end: Some(crate::testutil::T0 + 86_400_000 + 7_200_000),
                bay: "Baie 1".into(),
                ..NewJob::default()
            },
        )
        .unwrap();
        let id = job.row.id.clone();
        let zones_of = |f: &crate::testutil::Fixture| -> Vec<crate::ids::ZoneId> {
            let mut z: Vec<crate::ids::ZoneId> = jobs::get(f.store.conn(), &admin, &id, 0)
                .unwrap()
                .zones
                .into_iter()
                .map(|z| z.zone_id)
                .collect();
            z.sort();
            z
        };
        let set_zones = |f: &mut crate::testutil::Fixture, ids: &[&str]| {
            jobs::update(
                &mut f.store,
                &admin,
                &id,
                &JobUpdate {
                    zone_ids: Some(ids.iter().map(|s| crate::ids::ZoneId::from(*s)).collect()),
                    ..JobUpdate::default()
                },
            )
            .unwrap();
        };
        set_zones(&mut f, &["hood", "roof"]);
        assert_eq!(zones_of(&f), ["hood", "roof"]);
        let cond = format!("job_id = '{id}'");
        assert_eq!(live_and_deleted(&f.store, "job_zones", &cond), (2, 1));
        set_zones(&mut f, &["front_bumper", "hood"]);
        assert_eq!(zones_of(&f), ["front_bumper", "hood"]);
        assert_eq!(live_and_deleted(&f.store, "job_zones", &cond), (2, 1));
        let item = job.checklist.first().unwrap().id.clone();
        jobs::remove_checklist_item(&mut f.store, &admin, &item).unwrap();
        assert!(
            jobs::get(f.store.conn(), &admin, &id, 0)
                .unwrap()
                .checklist
                .is_empty()
        );
        assert_eq!(live_and_deleted(&f.store, "job_checklist", &cond), (0, 1));
        // A removed item is gone for the services too.
        assert!(jobs::set_checklist_done(&mut f.store, &admin, &item, true).is_err());

        // Recovery codes: regenerating deletes the old ones softly; they no longer count.
        let me = f.admin.clone();
        let secret = crate::auth::two_factor::begin_totp(&mut f.store, &me).unwrap();
        let code = {
            use crate::auth::totp;
            let key = totp::base32_decode(&secret.secret).unwrap();
            let now = u64::try_from(f.store.now_ms() / 1000).unwrap();
            format!(
                "{:06}",
                totp::totp(&key, now, 30, 6, totp::TotpAlgorithm::Sha1)
            )
        };
        let first = crate::auth::two_factor::confirm_totp(&mut f.store, &me, &code).unwrap();
        assert_eq!(first.len(), 10);
        crate::auth::two_factor::disable_totp(&mut f.store, &me, crate::testutil::PW_ADMIN)
            .unwrap();
        let cond = format!("user_id = '{}'", me.id);
        assert_eq!(live_and_deleted(&f.store, "recovery_codes", &cond), (0, 10));

        let deletes: i64 = f
            .store
            .conn()
            .query_row("SELECT count(*) FROM change_log WHERE op = 'D'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(deletes, 0, "no per-field row is deleted for real");
    }

    /// Every change of a user's credentials moves `updated_at` (the clock merges per field, and a
    /// terminal compares `updated_at` to show what changed).
    #[test]
    fn credential_changes_move_updated_at() {
        let mut f = crate::testutil::Fixture::new();
        let me = f.technician.clone();
        let updated = |f: &crate::testutil::Fixture| -> i64 {
            f.store
                .conn()
                .query_row(
                    "SELECT updated_at FROM users WHERE id = ?1",
                    [&me.id],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let mut last = updated(&f);
        let mut step = |f: &mut crate::testutil::Fixture, what: &str| {
            let now = updated(f);
            assert!(now > last, "{what} did not move updated_at");
            last = now;
            f.clock.advance(1_000);
        };
        f.clock.advance(1_000);
        crate::auth::pin::set_pin(&mut f.store, &me, crate::testutil::PW_TECH, "482915").unwrap();
        step(&mut f, "set_pin");
        crate::auth::pin::clear_pin(&mut f.store, &me).unwrap();
        step(&mut f, "clear_pin");
        crate::auth::login::change_password(
            &mut f.store,
            &me,
            crate::testutil::PW_TECH,
            "Nouveau-Atelier-2027",
        )
        .unwrap();
        step(&mut f, "change_password");
    }
}
