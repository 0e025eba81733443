//! Planning rules through the services: technician and bay conflicts (and forcing them),
//! rescheduling, the daily workload cap, overdue jobs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use super::tests::{counts, new_job, setup};
use super::*;
use crate::testutil::{MINUTE, T0};

const HOUR: i64 = 60 * MINUTE;

#[test]
fn technician_and_bay_conflicts_are_refused_unless_forced_by_a_supervisor() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let tech = f.technician.id.clone();
    let first = create(&mut f.store, &sup, &new_job(T0, Some(&tech), "Baie 1")).unwrap();
    let before = counts(&f);
    // Same technician, overlapping, other bay.
    let err = create(
        &mut f.store,
        &sup,
        &new_job(T0 + HOUR, Some(&tech), "Baie 2"),
    )
    .unwrap_err();
    let CoreError::RefusedWith { key, args } = err else {
        panic!("{err:?}")
    };
    assert_eq!(key, "job-err-conflict-technician");
    assert!(args.contains(&("number", first.row.number.clone())));
    assert!(args.contains(&("start", "10:00".to_owned())), "{args:?}");
    assert!(args.contains(&("end", "12:00".to_owned())));
    assert!(args.contains(&("name", "tech display".to_owned())));
    // Same bay, no technician.
    let err = create(&mut f.store, &sup, &new_job(T0 + HOUR, None, "Baie 1")).unwrap_err();
    assert!(matches!(
        err,
        CoreError::RefusedWith {
            key: "job-err-conflict-bay",
            ..
        }
    ));
    // Back to back is not a conflict.
    let sup_id = f.supervisor.id.clone();
    create(
        &mut f.store,
        &sup,
        &new_job(T0 + 2 * HOUR, Some(&tech), "Baie 1"),
    )
    .unwrap();
    assert_eq!(counts(&f)[0], before[0] + 1);
    let before = counts(&f);
    // The candidate preview sees both.
    let c = conflicts(
        f.store.conn(),
        &Candidate {
            job_id: None,
            start: T0 + HOUR,
            end: T0 + 90 * MINUTE,
            technician_id: Some(tech.clone()),
            bay: "Baie 1".into(),
        },
    )
    .unwrap();
    assert_eq!(
        c.iter().map(|x| x.kind).collect::<Vec<_>>(),
        vec![ConflictKind::Technician, ConflictKind::Bay]
    );
    // Forcing with a blank reason is refused on the reason field, nothing saved.
    let err = create(
        &mut f.store,
        &sup,
        &NewJob {
            force_reason: Some("  ".into()),
            ..new_job(T0 + HOUR, Some(&sup_id), "Baie 1")
        },
    )
    .unwrap_err();
    let CoreError::Invalid(fe) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        fe.for_field("force_reason").map(|e| e.key),
        Some("job-err-force-reason-required")
    );
    assert_eq!(counts(&f), before);
    // Forced with a reason by a supervisor: saved, recorded.
    let d = create(
        &mut f.store,
        &sup,
        &NewJob {
            force_reason: Some("Client VIP".into()),
            ..new_job(T0 + HOUR, Some(&sup_id), "Baie 1")
        },
    )
    .unwrap();
    assert!(d.history[0].reason.contains("Client VIP"));
    assert!(
        f.audit_rows("job.create")
            .last()
            .unwrap()
            .after
            .as_deref()
            .unwrap()
            .contains("Client VIP")
    );
    // Cancelled jobs free the slot.
    transition(
        &mut f.store,
        &sup,
        &d.row.id,
        JobStatus::Cancelled,
        Some("Annulé par le client"),
    )
    .unwrap();
    assert!(
        conflicts(
            f.store.conn(),
            &Candidate {
                job_id: None,
                start: T0 + HOUR,
                end: T0 + 90 * MINUTE,
                technician_id: Some(sup_id),
                bay: String::new()
            }
        )
        .unwrap()
        .is_empty()
    );
}

#[test]
fn technicians_cannot_force_conflicts_when_rescheduling() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let tech = f.technician.clone();
    let a = create(&mut f.store, &sup, &new_job(T0, Some(&tech.id), "Baie 1")).unwrap();
    let b = create(
        &mut f.store,
        &sup,
        &new_job(T0 + 3 * HOUR, Some(&tech.id), "Baie 2"),
    )
    .unwrap();
    let moved = Reschedule {
        start: T0 + HOUR,
        end: T0 + 2 * HOUR,
        technician_id: Some(tech.id.clone()),
        bay: "Baie 2".into(),
        force_reason: Some("urgent".into()),
    };
    let err = reschedule(&mut f.store, &tech, &b.row.id, &moved.clone()).unwrap_err();
    assert!(matches!(err, CoreError::Forbidden(_)));
    let err = reschedule(
        &mut f.store,
        &sup,
        &b.row.id,
        &Reschedule {
            force_reason: None,
            ..moved.clone()
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        CoreError::RefusedWith {
            key: "job-err-conflict-technician",
            ..
        }
    ));
    let stored = get(f.store.conn(), &sup, &b.row.id, T0).unwrap();
    assert_eq!(stored.row.scheduled_start, Some(T0 + 3 * HOUR));
    let d = reschedule(&mut f.store, &sup, &b.row.id, &moved).unwrap();
    assert_eq!(d.row.scheduled_start, Some(T0 + HOUR));
    assert_eq!(f.audit_rows("job.reschedule").len(), 1);
    // Moving a job onto its own slot is not a conflict with itself.
    reschedule(
        &mut f.store,
        &sup,
        &a.row.id,
        &Reschedule {
            start: T0 + 30 * MINUTE,
            end: T0 + HOUR,
            technician_id: None,
            bay: "Baie 1".into(),
            force_reason: None,
        },
    )
    .unwrap();
}

#[test]
fn draft_becomes_scheduled_when_rescheduled() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let d = create(
        &mut f.store,
        &sup,
        &NewJob {
            scheduled_start: None,
            scheduled_end: None,
            as_draft: true,
            ..new_job(0, None, "")
        },
    )
    .unwrap();
    let err = transition(&mut f.store, &sup, &d.row.id, JobStatus::Scheduled, None).unwrap_err();
    assert!(matches!(
        err,
        CoreError::Refused {
            key: "job-err-needs-schedule"
        }
    ));
    let d = reschedule(
        &mut f.store,
        &sup,
        &d.row.id,
        &Reschedule {
            start: T0,
            end: T0 + HOUR,
            ..Reschedule::default()
        },
    )
    .unwrap();
    assert_eq!(d.row.status, JobStatus::Scheduled);
    assert_eq!(d.history.len(), 2);
}

#[test]
fn daily_workload_cap_applies_per_technician() {
    let mut f = setup();
    let admin = f.admin.clone();
    let tech = f.technician.id.clone();
    let planning = settings::PlanningSettings {
        max_jobs_per_technician_per_day: 2,
        ..settings::PlanningSettings::default()
    };
    f.store
        .write(Some(&admin.id), |tx| {
            settings::save_planning(tx, &admin, planning)
        })
        .unwrap();
    create(&mut f.store, &admin, &new_job(T0, Some(&tech), "")).unwrap();
    create(
        &mut f.store,
        &admin,
        &new_job(T0 + 2 * HOUR, Some(&tech), ""),
    )
    .unwrap();
    let err = create(
        &mut f.store,
        &admin,
        &new_job(T0 + 4 * HOUR, Some(&tech), ""),
    )
    .unwrap_err();
    let CoreError::RefusedWith { key, args } = err else {
        panic!()
    };
    assert_eq!(key, "job-err-workload");
    assert!(args.contains(&("max", "2".to_owned())));
    // Another day is fine; forcing works for the admin.
    create(
        &mut f.store,
        &admin,
        &new_job(T0 + 24 * HOUR, Some(&tech), ""),
    )
    .unwrap();
    create(
        &mut f.store,
        &admin,
        &NewJob {
            force_reason: Some("Renfort".into()),
            ..new_job(T0 + 4 * HOUR, Some(&tech), "")
        },
    )
    .unwrap();
    let w = workload(f.store.conn(), T0 - 9 * HOUR, T0 + 15 * HOUR).unwrap();
    let mine = w.iter().find(|x| x.technician_id == tech).unwrap();
    assert_eq!((mine.jobs, mine.minutes), (3, 360));
}

#[test]
fn overdue_is_computed_and_filterable() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let d = create(&mut f.store, &sup, &new_job(T0 + HOUR, None, "")).unwrap();
    assert!(!d.row.overdue);
    let now = T0 + 2 * HOUR;
    let row = get(f.store.conn(), &sup, &d.row.id, now).unwrap().row;
    assert!(row.overdue);
    let filter = JobFilter {
        overdue_only: true,
        ..JobFilter::default()
    };
    assert_eq!(list(f.store.conn(), &sup, &filter, now).unwrap().len(), 1);
    assert_eq!(count(f.store.conn(), &sup, &filter, T0).unwrap(), 0);
    assert_eq!(
        counts_today(f.store.conn(), &sup, T0 - 9 * HOUR, T0 + 15 * HOUR, now)
            .unwrap()
            .overdue,
        1
    );
    transition_tests::work(&mut f, &d.row.id, JobStatus::InProgress);
    assert!(
        !get(f.store.conn(), &sup, &d.row.id, now)
            .unwrap()
            .row
            .overdue
    );
    assert!(!is_overdue(JobStatus::Scheduled, Some(T0), Some(T0), now));
    assert!(!is_overdue(JobStatus::Draft, Some(T0), None, now));
}
