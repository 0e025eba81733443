//! Issue 12's planning rules: the jobs list opens on what is coming, a forced conflict needs its
//! reason, "Ma journée" groups a technician's work.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crate::ids::JobId;
use rusqlite::params;

use super::*;
use crate::testutil::{Fixture, MINUTE, T0};

const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

fn setup() -> Fixture {
    let f = Fixture::new();
    let conn = f.store.conn();
    conn.execute(
        "INSERT INTO clients (id, kind, name, created_at, updated_at)
         VALUES ('c1', 'individual', 'Marie Dupont', 0, 0)",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, owner_id,
            created_at, updated_at)
         VALUES ('v1', 'AB-123-CD', 'AB123CD', 'siv', 'Peugeot', '308', 'c1', 0, 0)",
        [],
    )
    .unwrap();
    f
}

/// A job for the fixture's technician at `start` (two hours), or an undated draft.
fn job(f: &mut Fixture, start: Option<i64>) -> JobId {
    let admin = f.admin.clone();
    let tech = f.technician.id.clone();
    create(
        &mut f.store,
        &admin,
        &NewJob {
            client_id: "c1".into(),
            vehicle_id: "v1".into(),
            zone_ids: vec!["hood".into()],
            scheduled_start: start,
            scheduled_end: start.map(|s| s + 2 * HOUR),
            technician_id: Some(tech),
            as_draft: start.is_none(),
            force_reason: Some("plusieurs véhicules".into()),
            ..NewJob::default()
        },
    )
    .unwrap()
    .row
    .id
}

#[test]
fn the_jobs_list_opens_on_what_is_coming() {
    let mut f = setup();
    // T0 is Monday 2 March 2026, 10:00 in Paris.
    let last_december = job(&mut f, Some(T0 - 80 * DAY));
    let yesterday = job(&mut f, Some(T0 - DAY));
    let next_week = job(&mut f, Some(T0 + 7 * DAY));
    let this_morning = job(&mut f, Some(T0 - 2 * HOUR));
    let draft = job(&mut f, None);
    let tomorrow = job(&mut f, Some(T0 + DAY));
    let admin = f.admin.clone();
    let order = |offset: u32, limit: u32| -> Vec<JobId> {
        list(
            f.store.conn(),
            &admin,
            &JobFilter {
                offset,
                limit,
                ..JobFilter::default()
            },
            T0,
        )
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
    };
    let expected = vec![
        this_morning.clone(),
        tomorrow.clone(),
        next_week.clone(),
        draft.clone(),
        yesterday.clone(),
        last_december.clone(),
    ];
    assert_eq!(JobFilter::default().sort, JobSort::Upcoming);
    assert_eq!(order(0, 100), expected);
    // Pages cut across the three parts the same way.
    for (offset, limit) in [(0, 2), (2, 2), (3, 2), (4, 2), (1, 4), (5, 3), (6, 2)] {
        let o = usize::try_from(offset).unwrap();
        let end = (o + usize::try_from(limit).unwrap()).min(expected.len());
        assert_eq!(
            order(offset, limit),
            expected[o.min(end)..end],
            "{offset}+{limit}"
        );
    }
    // The count is the same whatever the order.
    assert_eq!(
        count(f.store.conn(), &admin, &JobFilter::default(), T0).unwrap(),
        6
    );
    // A client's page and a vehicle's history stay latest first.
    let latest: Vec<JobId> = for_client(f.store.conn(), &admin, "c1", 10, T0)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(latest.first(), Some(&next_week));
}

#[test]
fn a_forced_slot_needs_its_reason() {
    assert!(force_errors(false, false, "").is_empty());
    let e = force_errors(true, false, "");
    assert_eq!(
        e.for_field("force").map(|x| x.key),
        Some("job-err-conflict-unresolved")
    );
    let e = force_errors(true, true, "   ");
    assert_eq!(
        e.for_field("force_reason").map(|x| x.key),
        Some("job-err-force-reason-required")
    );
    assert_eq!(
        crate::Lang::Fr.error_message(&CoreError::Invalid(e)),
        "Indiquez le motif pour planifier malgré le conflit."
    );
    assert!(force_errors(true, true, "Client prioritaire").is_empty());
    let long = "x".repeat(REASON_MAX + 1);
    assert_eq!(
        force_errors(true, true, &long)
            .for_field("force_reason")
            .map(|x| x.key),
        Some("job-err-too-long")
    );
}

#[test]
fn my_day_groups_in_progress_planned_and_finished() {
    let mut f = setup();
    let (d0, d1) = day_bounds(T0, shop_tz(f.store.conn()).unwrap());
    // Started yesterday and still running; planned today; finished today; tomorrow's.
    let running = job(&mut f, Some(T0 - DAY));
    let planned = job(&mut f, Some(T0 + HOUR));
    let finished = job(&mut f, Some(T0 - 3 * HOUR));
    let tomorrow = job(&mut f, Some(T0 + DAY));
    let tech = f.technician.clone();
    let iv = crate::interventions::start(&mut f.store, &tech, &running).unwrap();
    f.store
        .conn()
        .execute(
            "UPDATE jobs SET status = 'completed', started_at = ?2, completed_at = ?3 WHERE id = ?1",
            params![finished, T0 - 3 * HOUR, T0 - HOUR],
        )
        .unwrap();
    let day = my_day_groups(f.store.conn(), &tech, d0, d1, T0).unwrap();
    assert_eq!(day.in_progress.len(), 1);
    assert_eq!(day.in_progress[0].job.row.id, running);
    assert_eq!(day.in_progress[0].intervention_id, Some(iv.id));
    assert_eq!(
        day.planned
            .iter()
            .map(|j| j.row.id.clone())
            .collect::<Vec<_>>(),
        vec![planned]
    );
    assert_eq!(
        day.finished
            .iter()
            .map(|j| j.row.id.clone())
            .collect::<Vec<_>>(),
        vec![finished]
    );
    let all: Vec<&str> = day
        .planned
        .iter()
        .chain(day.finished.iter())
        .map(|j| j.row.id.as_str())
        .collect();
    assert!(!all.contains(&tomorrow.as_str()));
    // Someone else's day is empty: the groups are the actor's own jobs.
    let sup = f.supervisor.clone();
    assert_eq!(
        my_day_groups(f.store.conn(), &sup, d0, d1, T0).unwrap(),
        MyDay::default()
    );
}

#[test]
fn every_job_key_exists_in_both_catalogues() {
    let cat = crate::i18n::catalog();
    let keys = JobStatus::ALL
        .iter()
        .map(|s| s.i18n_key())
        .chain(Priority::ALL.iter().map(|p| p.i18n_key()));
    let src = [
        include_str!("mod.rs"),
        include_str!("schedule.rs"),
        include_str!("hours.rs"),
        include_str!("../settings/planning.rs"),
    ]
    .concat();
    let mut used: Vec<&str> = src
        .split('"')
        .filter(|s| s.starts_with("job-") && s.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect();
    used.extend(keys);
    assert!(used.len() > 20);
    for key in used {
        for lang in [crate::Lang::Fr, crate::Lang::En] {
            assert!(cat.has(lang, key), "{key} missing in {lang:?}");
        }
    }
}
