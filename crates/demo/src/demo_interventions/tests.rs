//! Tests of the demo interventions: they match their jobs, are deterministic and run even at
//! night; a signature is a PNG.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Instant;

use super::pictures::signature_png;
use super::*;
use rpma_core::Store;
use rpma_core::clock::ManualClock;
use rpma_core::interventions::{IvStatus, StepStatus};
use rpma_core::jobs::status::{JobStatus, can_transition};
use rpma_core::photos::PhotoStore;

use crate::generate::ShopSize;
use crate::{self as demo, DEFAULT_SEED};

/// 2 March 2026, 09:00 in Paris: the tests' reference time.
const T0: i64 = 1_772_442_000_000;

/// A demo made in a temporary data folder with the clock frozen at `now`.
fn made_at(dir: &Path, now: i64) -> (Store, demo::DemoSummary) {
    let (mut s, _) = Store::open_with_clock(&dir.join("rpma.db"), ManualClock::new(now)).unwrap();
    let t = Instant::now();
    let summary =
        demo::populate_with_interventions(&mut s, DEFAULT_SEED, &ShopSize::DEMO, Some(dir))
            .unwrap();
    eprintln!(
        "demo made in {:?}: {:?}",
        t.elapsed(),
        summary.interventions
    );
    (s, summary)
}

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    let mut st = conn.prepare(sql).unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// What a newcomer sees, without ids: per intervention its job, status, step, readings,
/// ticks, defects, zones and photos.
fn content(conn: &Connection) -> Vec<String> {
    strings(
        conn,
        "SELECT replace(j.number, (SELECT code FROM terminal), 'T') || '|' || i.status || '|' || i.current_step || '|' || i.started_at
            || '|' || coalesce(i.duration_ms, '') || '|' || i.signatory || '|'
            || (SELECT group_concat(s.checklist || s.data || s.notes, ';')
                FROM intervention_steps s WHERE s.intervention_id = i.id)
            || '|' || coalesce((SELECT group_concat(d.zone || d.kind || d.severity || d.x, ';')
                FROM intervention_defects d WHERE d.intervention_id = i.id), '')
            || '|' || (SELECT group_concat(z.roll_lot || coalesce(z.length_mm, '-') || coalesce(z.quality_score, '-'), ';')
                FROM intervention_zones z WHERE z.intervention_id = i.id)
            || '|' || coalesce((SELECT group_concat(p.step || p.sha256 || coalesce(p.shot, ''), ';')
                FROM intervention_photos p WHERE p.intervention_id = i.id), '')
            || '|' || coalesce(length(i.signature_png), 0)
         FROM interventions i JOIN jobs j ON j.id = i.job_id ORDER BY j.number",
    )
}

#[test]
fn demo_interventions_match_their_jobs() {
    let dir = tempfile::tempdir().unwrap();
    // Monday 11:15 in Paris: the generator leaves jobs running.
    let now = T0 + 75 * MINUTE;
    let (s, summary) = made_at(dir.path(), now);
    let conn = s.conn();
    let counts = &summary.interventions;
    assert_eq!(counts.completed, COMPLETED_WITH_INTERVENTION);
    assert!(counts.in_progress >= MIN_IN_PROGRESS, "{counts:?}");
    assert!(counts.paused >= MIN_PAUSED, "{counts:?}");
    assert_eq!(counts.photo_files, PHOTO_POOL);
    assert_eq!(
        count(conn, "SELECT count(*) FROM interventions"),
        i64::try_from(counts.completed + counts.in_progress + counts.paused).unwrap()
    );

    // Job status ⇔ intervention status.
    for (job_status, iv_status) in [
        ("completed", "completed"),
        ("in_progress", "in_progress"),
        ("paused", "paused"),
    ] {
        let mismatched = count(
            conn,
            &format!(
                "SELECT count(*) FROM interventions i JOIN jobs j ON j.id = i.job_id
                 WHERE (i.status = '{iv_status}') != (j.status = '{job_status}')"
            ),
        );
        assert_eq!(mismatched, 0, "{job_status}");
    }
    // Every running job has its intervention; the most recent completed jobs too.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM jobs j WHERE j.status IN ('in_progress', 'paused')
             AND NOT EXISTS (SELECT 1 FROM interventions i WHERE i.job_id = j.id
                             AND i.status = j.status)"
        ),
        0
    );
    assert_eq!(
        count(
            conn,
            &format!(
                "SELECT count(*) FROM (SELECT id FROM jobs WHERE status = 'completed'
                 ORDER BY scheduled_end DESC LIMIT {COMPLETED_WITH_INTERVENTION}) j
                 WHERE NOT EXISTS (SELECT 1 FROM interventions i WHERE i.job_id = j.id
                                   AND i.status = 'completed')"
            )
        ),
        0
    );
    // Finished: signed, at the job's slot, duration = end − start − pauses, film recorded.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM interventions i JOIN jobs j ON j.id = i.job_id
             WHERE i.status = 'completed' AND (
                i.duration_ms IS NULL OR i.duration_ms <= 0
                OR i.duration_ms != i.completed_at - i.started_at - i.paused_ms
                OR i.signature_png IS NULL OR i.signatory = '' OR i.signed_at > i.completed_at
                OR i.started_at < j.scheduled_start OR i.started_at > j.scheduled_start + 600000
                OR abs(i.completed_at - j.scheduled_end) > 1200000
                OR j.started_at != i.started_at OR j.completed_at != i.completed_at
                OR NOT EXISTS (SELECT 1 FROM material_usage m WHERE m.intervention_id = i.id))"
        ),
        0
    );
    assert!(
        count(
            conn,
            "SELECT count(*) FROM interventions WHERE status = 'completed' AND paused_ms > 0"
        ) > 0
    );
    // Paused: an open pause; running: a started job, nothing finished.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM interventions i WHERE i.status = 'paused' AND (
                i.paused_at IS NULL OR (SELECT count(*) FROM intervention_pauses p
                    WHERE p.intervention_id = i.id AND p.ended_at IS NULL
                    AND p.started_at = i.paused_at) != 1)"
        ),
        0
    );
    // Out-of-range readings on a couple of inspections, the rest in the comfort range.
    let odd = count(
        conn,
        "SELECT count(*) FROM intervention_steps WHERE kind = 'inspection' AND (
            json_extract(data, '$.temperature_c') NOT BETWEEN 15 AND 30
            OR json_extract(data, '$.humidity_pct') NOT BETWEEN 30 AND 70)",
    );
    assert!((1..=3).contains(&odd), "{odd}");

    // Through the API: steps in order, worked time adds up, running ones on a middle step.
    let admin = rpma_core::users::list(conn)
        .unwrap()
        .into_iter()
        .find(|u| u.username == "admin")
        .unwrap();
    for id in strings(conn, "SELECT id FROM interventions") {
        let iv = interventions::get(conn, &Session::for_tests(admin.clone()), &id).unwrap();
        let n = iv.steps.len();
        match iv.status {
            IvStatus::Completed => {
                assert!(iv.steps.iter().all(|st| st.status == StepStatus::Completed));
                assert!(interventions::rules::finish_missing(&iv).is_empty());
                let worked: i64 = (0..n).map(|p| iv.step_worked_ms(p, now)).sum();
                assert_eq!(Some(worked), iv.duration_ms, "{id}");
                assert_eq!(iv.elapsed_ms(now), worked);
                assert!(iv.zones.iter().all(|z| z.length_mm.is_some()));
            }
            IvStatus::InProgress | IvStatus::Paused => {
                assert!((1..n - 1).contains(&iv.current_step), "{}", iv.current_step);
                assert_eq!(iv.steps[iv.current_step].status, StepStatus::InProgress);
                assert!(
                    iv.steps[..iv.current_step]
                        .iter()
                        .all(|st| st.status == StepStatus::Completed)
                );
                assert!(iv.started_at <= now && iv.updated_at <= now);
                let mut at = iv.started_at;
                for st in &iv.steps[..=iv.current_step] {
                    assert!(st.started_at.unwrap() >= at);
                    at = st.completed_at.unwrap_or(at);
                }
            }
            IvStatus::Cancelled => panic!("no cancelled intervention in the demo"),
        }
        assert!(iv.defects.len() <= 3);
        assert!(iv.events.windows(2).all(|w| w[0].at <= w[1].at), "{id}");
        assert!(iv.photos.iter().all(|p| p.added_at >= iv.started_at));
    }

    // Job histories still replay through the status machine, in time order.
    let mut st = conn
        .prepare(
            "SELECT j.status, (SELECT json_group_array(json_array(to_status, at)) FROM
                (SELECT to_status, at FROM job_status_history h WHERE h.job_id = j.id
                 ORDER BY h.rowid))
             FROM jobs j WHERE EXISTS (SELECT 1 FROM interventions i WHERE i.job_id = j.id)",
        )
        .unwrap();
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (status, hist) in rows {
        let path: Vec<(String, i64)> = serde_json::from_str(&hist).unwrap();
        assert_eq!(path[0].0, "scheduled");
        let mut cur = JobStatus::parse(&path[0].0).unwrap();
        for w in path.windows(2) {
            let next = JobStatus::parse(&w[1].0).unwrap();
            assert!(can_transition(cur, next), "{cur:?} -> {next:?}");
            assert!(w[0].1 <= w[1].1, "{path:?}");
            cur = next;
        }
        assert_eq!(cur.as_str(), status);
    }

    // Photos: records and files; each file stored once, used many times.
    let photos = PhotoStore::for_data_dir(dir.path());
    let mut st = conn
        .prepare(
            "SELECT DISTINCT p.sha256, p.mime FROM intervention_photos ip
             JOIN photos p ON p.sha256 = ip.sha256",
        )
        .unwrap();
    let files: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(files.len(), PHOTO_POOL);
    for (sha, mime) in &files {
        assert!(photos.exists(sha, mime), "{sha}");
        assert!(photos.thumb_path(sha).is_file(), "{sha}");
    }
    assert_eq!(photos.list_originals().unwrap().len(), PHOTO_POOL);
    let attached = count(conn, "SELECT count(*) FROM intervention_photos");
    assert_eq!(attached, i64::try_from(counts.photos_attached).unwrap());
    assert!(attached > i64::try_from(PHOTO_POOL).unwrap());
    let camera: String = conn
        .query_row("SELECT camera FROM photos LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(
        camera == "Sony ILCE-7M3" || camera == "Apple iPhone 15 Pro",
        "{camera}"
    );

    // The database is sound and the audit chain verifies.
    assert_eq!(
        strings(conn, "PRAGMA integrity_check"),
        vec!["ok".to_owned()]
    );
    let report = rpma_core::store::check::check_store(&s);
    assert!(report.is_ok(), "{report:?}");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous is FULL again");
}

#[test]
fn demo_interventions_are_deterministic_and_run_even_at_night() {
    // Sunday 22:00 in Paris: no job runs by the planning; the next ones are started early.
    let sunday_night = T0 - 24 * 60 * MINUTE + 12 * 60 * MINUTE;
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (sa, first) = made_at(a.path(), sunday_night);
    let (sb, second) = made_at(b.path(), sunday_night);
    assert_eq!(first, second);
    assert_eq!(first.interventions.in_progress, MIN_IN_PROGRESS);
    assert_eq!(first.interventions.paused, MIN_PAUSED);
    assert_eq!(content(sa.conn()), content(sb.conn()));
    // Started early: before now, after the job was created.
    assert_eq!(
        count(
            sa.conn(),
            "SELECT count(*) FROM interventions i JOIN jobs j ON j.id = i.job_id
             WHERE i.status IN ('in_progress', 'paused')
               AND (i.started_at > j.scheduled_start OR i.started_at < j.created_at)"
        ),
        0
    );
}

#[test]
fn signature_is_a_png() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let png = signature_png(&mut rng).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let img = image::load_from_memory(&png).unwrap().into_rgba8();
    assert_eq!(img.dimensions(), (360, 120));
    let inked = img.pixels().filter(|p| p.0[3] > 0).count();
    assert!(inked > 500, "{inked}");
}
