//! At a chain's head office ([`crate::sync::head_office`]), the jobs of every shop meet in one
//! database; each knows its shop (local column `jobs.shop_id`, migration 0016, filled by the head
//! office's pull), and the jobs list and the calendar filter on it ([`super::JobFilter::shop`],
//! [`super::CalendarFilter::shop`]). A shop's name is the name of its organisation row (tagged
//! the same way).

use rusqlite::Connection;

use super::authorize;
use crate::Session;
use crate::auth::permissions::Action;
use crate::error::CoreResult;

/// One shop of the chain, as the head office's pickers show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadOfficeShop {
    /// The hub's id of the shop (the value of the filters' `shop`).
    pub id: String,
    /// Its organisation's name; two shops of one name are told apart by the end of their id.
    pub name: String,
}

/// The shops whose jobs this head office holds, by name ([`Action::ViewCalendar`]). Empty at a
/// shop terminal (nothing to pick).
pub fn head_office_shops(conn: &Connection, actor: &Session) -> CoreResult<Vec<HeadOfficeShop>> {
    authorize(conn, actor, Action::ViewCalendar)?;
    if !crate::store::head_office::is_head_office(conn)? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare_cached(
        "SELECT shop_id, min(name) FROM organisation
         WHERE shop_id IS NOT NULL AND deleted_at IS NULL
         GROUP BY shop_id ORDER BY 2 COLLATE NOCASE, 1",
    )?;
    let mut shops = st
        .query_map([], |r| {
            Ok(HeadOfficeShop {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<String> = shops.iter().map(|s| s.name.to_lowercase()).collect();
    for s in &mut shops {
        let lower = s.name.to_lowercase();
        if names.iter().filter(|n| **n == lower).count() > 1 {
            s.name = format!("{} ({})", s.name, crate::sync::head_office::shop_tag(&s.id));
        }
    }
    Ok(shops)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::jobs::{CalendarFilter, JobFilter, JobSort};
    use crate::testutil::{Fixture, MINUTE, T0, insert_job_raw};
    use rusqlite::params;

    const SHOP_A: &str = "0192aaaa-0000-7000-8000-00000000000a";
    const SHOP_B: &str = "0192bbbb-0000-7000-8000-00000000000b";

    /// A head office holding two shops' organisations and jobs (3 of A, 2 of B), and one job it
    /// made itself (no shop).
    fn head_office() -> (Fixture, Vec<String>, Vec<String>) {
        let f = Fixture::new();
        let conn = f.store.conn();
        conn.execute(
            "INSERT INTO sync_config (singleton, server, shop_id, role, secret)
             VALUES (1, 'postgres://h/d', '*', 'r', 's')",
            [],
        )
        .unwrap();
        for (id, name, shop) in [
            ("o-a", "Atelier Lyon", SHOP_A),
            ("o-b", "Atelier Nantes", SHOP_B),
        ] {
            conn.execute(
                "INSERT INTO organisation (id, name, created_at, updated_at, shop_id)
                 VALUES (?1, ?2, 0, 0, ?3)",
                params![id, name, shop],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
             VALUES ('c1', 'individual', 'Marie Dupont', 0, 0)",
            [],
        )
        .unwrap();
        let of = |shop: Option<&str>, n: usize| -> Vec<String> {
            (0..n)
                .map(|_| {
                    let id = insert_job_raw(&f.store, "c1", "scheduled");
                    conn.execute(
                        "UPDATE jobs SET shop_id = ?1 WHERE id = ?2",
                        params![shop, id],
                    )
                    .unwrap();
                    id
                })
                .collect()
        };
        let a = of(Some(SHOP_A), 3);
        let b = of(Some(SHOP_B), 2);
        of(None, 1);
        (f, a, b)
    }

    fn sorted(mut v: Vec<String>) -> Vec<String> {
        v.sort();
        v
    }

    #[test]
    fn the_list_and_the_calendar_show_one_shop_s_jobs_and_the_shops_are_listed_by_name() {
        let (f, a, b) = head_office();
        let conn = f.store.conn();
        let shops = head_office_shops(conn, &f.viewer).unwrap();
        assert_eq!(
            shops,
            vec![
                HeadOfficeShop {
                    id: SHOP_A.into(),
                    name: "Atelier Lyon".into()
                },
                HeadOfficeShop {
                    id: SHOP_B.into(),
                    name: "Atelier Nantes".into()
                },
            ]
        );
        for (shop, want) in [(SHOP_A, &a), (SHOP_B, &b)] {
            for sort in [JobSort::Upcoming, JobSort::Number] {
                let filter = JobFilter {
                    shop: Some(shop.into()),
                    sort,
                    ..JobFilter::default()
                };
                let got = crate::jobs::list(conn, &f.admin, &filter, T0).unwrap();
                let ids = got.into_iter().map(|r| r.id.to_string()).collect();
                assert_eq!(sorted(ids), sorted(want.clone()), "{shop} {sort:?}");
                let n = crate::jobs::count(conn, &f.admin, &filter, T0).unwrap();
                assert_eq!(n, want.len() as u64);
            }
            let cal = CalendarFilter {
                shop: Some(shop.into()),
                ..CalendarFilter::default()
            };
            let got =
                crate::jobs::calendar(conn, &f.admin, T0 - MINUTE, T0 + 300 * MINUTE, &cal, T0)
                    .unwrap();
            let ids = got.into_iter().map(|r| r.id.to_string()).collect();
            assert_eq!(sorted(ids), sorted(want.clone()), "calendar {shop}");
        }
        // No shop: every job, the head office's own included.
        let all = crate::jobs::count(conn, &f.admin, &JobFilter::default(), T0).unwrap();
        assert_eq!(all, 6);
        let every = crate::jobs::calendar(
            conn,
            &f.admin,
            T0 - MINUTE,
            T0 + 300 * MINUTE,
            &CalendarFilter::default(),
            T0,
        )
        .unwrap();
        assert_eq!(every.len(), 6);
        // A shop the head office does not hold: nothing (the id is bound, not interpolated).
        let odd = JobFilter {
            shop: Some("x' OR '1'='1".into()),
            ..JobFilter::default()
        };
        assert!(
            crate::jobs::list(conn, &f.admin, &odd, T0)
                .unwrap()
                .is_empty()
        );
        // One shop's month is a range of its own index.
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM jobs j WHERE j.shop_id = ?1
                 AND j.scheduled_start >= ?2 AND j.scheduled_start < ?3",
                params![SHOP_A, 0, T0],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("jobs_shop_schedule"), "{plan}");
    }

    #[test]
    fn two_shops_of_one_name_are_told_apart_and_a_shop_terminal_lists_none() {
        let (f, _, _) = head_office();
        let conn = f.store.conn();
        conn.execute("UPDATE organisation SET name = 'Atelier PPF'", [])
            .unwrap();
        let names: Vec<String> = head_office_shops(conn, &f.technician)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(
            names,
            vec!["Atelier PPF (0000000a)", "Atelier PPF (0000000b)"]
        );
        conn.execute("UPDATE sync_config SET shop_id = ?1", [SHOP_A])
            .unwrap();
        assert!(head_office_shops(conn, &f.admin).unwrap().is_empty());
    }

    #[test]
    fn the_shop_column_is_local_it_never_enters_the_change_log() {
        let mut f = Fixture::new();
        f.store
            .conn()
            .execute(
                "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES ('c1', 'individual', 'Marie Dupont', 0, 0)",
                [],
            )
            .unwrap();
        let job = insert_job_raw(&f.store, "c1", "scheduled");
        let admin = f.admin.id.to_string();
        let logged = |f: &Fixture| -> Vec<String> {
            let mut st = f
                .store
                .conn()
                .prepare("SELECT table_name || ' ' || data FROM change_log WHERE table_name IN ('jobs', 'organisation') ORDER BY seq")
                .unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let before = logged(&f);
        // Only the shop changes: nothing is captured.
        f.store
            .write(Some(&admin), |tx| {
                tx.conn().execute(
                    "UPDATE jobs SET shop_id = ?1 WHERE id = ?2",
                    params![SHOP_A, job],
                )?;
                Ok(())
            })
            .unwrap();
        assert_eq!(logged(&f), before);
        // With a synced column, and on insert: the change holds that column, never the shop.
        f.store
            .write(Some(&admin), |tx| {
                tx.conn().execute(
                    "UPDATE jobs SET shop_id = ?1, bay = 'B2' WHERE id = ?2",
                    params![SHOP_B, job],
                )?;
                tx.conn().execute(
                    "INSERT INTO organisation (id, name, created_at, updated_at, shop_id)
                     VALUES ('o-x', 'Atelier', 0, 0, ?1)",
                    [SHOP_A],
                )?;
                Ok(())
            })
            .unwrap();
        let after = logged(&f);
        assert_eq!(after.len(), before.len() + 2, "{after:?}");
        for c in &after[before.len()..] {
            assert!(!c.contains("shop_id"), "{c}");
        }
        assert!(after[before.len()].contains("B2"), "{after:?}");
    }
}
