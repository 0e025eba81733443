//! The jobs list's total without walking every live job: `job_tallies` (migration 0014) holds
//! the number of live jobs per status, technician and bay, kept by triggers on `jobs` whoever
//! writes them (services, sync, imports).

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::query::{JobFilter, placeholders};
use crate::error::CoreResult;

/// The count of a filter on statuses, technician and bay only (the list's usual filters), summed
/// from `job_tallies` (kept by triggers, migration 0014) instead of walking every live job: a few
/// rows instead of a million at a head office. `None` for any other filter.
pub(super) fn count(
    conn: &Connection,
    scope: Option<&str>,
    f: &JobFilter,
) -> CoreResult<Option<u64>> {
    if f.overdue_only
        || f.client_id.is_some()
        || f.shop.is_some()
        || f.vehicle_id.is_some()
        || f.from.is_some()
        || f.to.is_some()
        || crate::search::fts_query(&f.text).is_some()
    {
        return Ok(None);
    }
    let mut w = vec!["1".to_owned()];
    let mut a: Vec<Value> = Vec::new();
    for t in [scope, f.technician_id.as_deref()].into_iter().flatten() {
        w.push("technician_id = ?".into());
        a.push(Value::Text(t.to_owned()));
    }
    if let Some(b) = &f.bay {
        w.push("bay = ?".into());
        a.push(Value::Text(b.clone()));
    }
    if !f.statuses.is_empty() {
        w.push(format!("status IN ({})", placeholders(f.statuses.len())));
        a.extend(
            f.statuses
                .iter()
                .map(|s| Value::Text(s.as_str().to_owned())),
        );
    }
    let sql = format!(
        "SELECT coalesce(sum(n), 0) FROM job_tallies WHERE {}",
        w.join(" AND ")
    );
    let n: i64 = conn.query_row(&sql, params_from_iter(a), |r| r.get(0))?;
    Ok(Some(u64::try_from(n).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::clients::{self, ClientInput};
    use crate::jobs::JobStatus;
    use crate::testutil::{Fixture, insert_job_raw};

    const STATUSES: [&str; 8] = [
        "draft",
        "scheduled",
        "in_progress",
        "paused",
        "on_hold",
        "completed",
        "cancelled",
        "archived",
    ];

    /// The same count, walking the jobs table.
    fn walked(conn: &Connection, scope: Option<&str>, f: &JobFilter) -> u64 {
        let mut w = vec!["deleted_at IS NULL".to_owned()];
        let mut a: Vec<Value> = Vec::new();
        for t in [scope, f.technician_id.as_deref()].into_iter().flatten() {
            w.push("technician_id = ?".into());
            a.push(Value::Text(t.to_owned()));
        }
        if let Some(b) = &f.bay {
            w.push("bay = ?".into());
            a.push(Value::Text(b.clone()));
        }
        if !f.statuses.is_empty() {
            w.push(format!("status IN ({})", placeholders(f.statuses.len())));
            a.extend(f.statuses.iter().map(|s| Value::Text(s.as_str().into())));
        }
        let sql = format!("SELECT count(*) FROM jobs WHERE {}", w.join(" AND "));
        let n: i64 = conn
            .query_row(&sql, params_from_iter(a), |r| r.get(0))
            .unwrap();
        u64::try_from(n).unwrap()
    }

    fn check_every_filter(conn: &Connection, techs: &[Option<&str>], step: usize) {
        let statuses: Vec<Vec<JobStatus>> = std::iter::once(Vec::new())
            .chain(
                JobStatus::ALL
                    .iter()
                    .map(|s| vec![*s])
                    .chain([vec![JobStatus::Scheduled, JobStatus::OnHold]]),
            )
            .collect();
        for scope in techs {
            for tech in techs {
                for bay in [None, Some(""), Some("A"), Some("B")] {
                    for st in &statuses {
                        let f = JobFilter {
                            statuses: st.clone(),
                            technician_id: tech.map(crate::ids::UserId::from),
                            bay: bay.map(str::to_owned),
                            ..JobFilter::default()
                        };
                        assert_eq!(
                            count(conn, *scope, &f).unwrap(),
                            Some(walked(conn, *scope, &f)),
                            "step {step}: scope {scope:?}, filter {f:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_tallies_agree_with_a_walk_of_the_jobs_through_random_writes_and_a_replay() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let tech = f.technician.user().id.clone();
        let other = f.supervisor.user().id.clone();
        let c = clients::create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: "Jeanne Tally".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        let mut ids: Vec<String> = (0..30)
            .map(|i| insert_job_raw(&f.store, &c.id, STATUSES[i % STATUSES.len()]))
            .collect();
        let techs = [None, Some(tech.as_str()), Some(other.as_str())];
        check_every_filter(f.store.conn(), &techs, 0);
        // A fixed pseudo-random walk: status, technician, bay, soft delete and restore, a
        // delete for real (erasure), new jobs.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for step in 1..=120 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let pick = usize::try_from(x % 1000).unwrap();
            let id = ids[pick % ids.len()].clone();
            let conn = f.store.conn();
            match pick % 7 {
                0 => conn.execute(
                    "UPDATE jobs SET status = ?2 WHERE id = ?1",
                    rusqlite::params![id, STATUSES[pick % STATUSES.len()]],
                ),
                1 => conn.execute(
                    "UPDATE jobs SET technician_id = ?2 WHERE id = ?1",
                    rusqlite::params![id, techs[pick % techs.len()]],
                ),
                2 => conn.execute(
                    "UPDATE jobs SET bay = ?2 WHERE id = ?1",
                    rusqlite::params![id, ["", "A", "B"][pick % 3]],
                ),
                3 => conn.execute(
                    "UPDATE jobs SET deleted_at = 1, status = ?2 WHERE id = ?1",
                    rusqlite::params![id, STATUSES[(pick / 7) % STATUSES.len()]],
                ),
                4 => conn.execute(
                    "UPDATE jobs SET deleted_at = NULL, bay = 'A' WHERE id = ?1",
                    [&id],
                ),
                5 => {
                    ids.retain(|i| i != &id);
                    conn.execute("DELETE FROM job_zones WHERE job_id = ?1", [&id])
                        .and_then(|_| conn.execute("DELETE FROM jobs WHERE id = ?1", [&id]))
                }
                _ => {
                    let new = crate::ids::new_id();
                    ids.push(new.clone());
                    conn.execute(
                        "INSERT INTO jobs (id, number, client_id, vehicle_id, status, bay,
                             scheduled_start, created_at, updated_at)
                         SELECT ?1, ?2, client_id, vehicle_id, 'scheduled', 'B', 1, 0, 0
                         FROM jobs LIMIT 1",
                        rusqlite::params![new, format!("20260303-{step:03}")],
                    )
                }
            }
            .unwrap();
            check_every_filter(f.store.conn(), &techs, step);
        }
        // Another terminal that receives these jobs through the change log keeps the same
        // tallies.
        let mut dst = crate::Store::open_in_memory().unwrap();
        crate::store::replay::replay(f.store.conn(), &mut dst).unwrap();
        let tallies = |conn: &Connection| -> Vec<(String, String, String, i64)> {
            let mut st = conn
                .prepare("SELECT * FROM job_tallies WHERE n > 0 ORDER BY 1, 2, 3")
                .unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        assert!(!tallies(f.store.conn()).is_empty());
        assert_eq!(tallies(f.store.conn()), tallies(dst.conn()));
    }

    #[test]
    fn job_numbers_have_a_prefix_index_up_to_eight_characters() {
        let f = Fixture::new();
        let sql: String = f
            .store
            .conn()
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'jobs_fts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(sql.contains("prefix = '1 2 3 4 5 6 7 8'"), "{sql}");
    }
}
