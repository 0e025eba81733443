//! The status machine through [`transition`], with the work moves (in progress, paused,
//! completed) made the way the guided intervention makes them ([`transition_tx`]).

#![allow(clippy::unwrap_used, clippy::panic)]

use super::tests::{new_job, setup};
use super::*;
use crate::testutil::{Fixture, MINUTE, T0};

/// Moves a job the way the guided intervention does (its internal path).
pub(super) fn work(f: &mut Fixture, id: &str, to: JobStatus) -> JobDetail {
    let by = f.supervisor.id.clone();
    f.store
        .write(Some(&by), |tx| transition_tx(tx, id, to, ""))
        .unwrap();
    get(f.store.conn(), &f.supervisor, id, f.store.now_ms()).unwrap()
}

#[test]
fn transitions_follow_the_table_with_reasons_and_timestamps() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let id = create(&mut f.store, &sup, &new_job(T0, None, ""))
        .unwrap()
        .row
        .id;
    let err = transition(&mut f.store, &sup, &id, JobStatus::Archived, None).unwrap_err();
    assert!(matches!(
        err,
        CoreError::RefusedWith {
            key: "job-err-transition",
            ..
        }
    ));
    assert!(matches!(
        transition(&mut f.store, &sup, &id, JobStatus::Scheduled, None),
        Err(CoreError::Refused {
            key: "job-err-same-status"
        })
    ));
    let err = transition(&mut f.store, &sup, &id, JobStatus::OnHold, Some("  ")).unwrap_err();
    let CoreError::Invalid(e) = err else { panic!() };
    assert_eq!(
        e.for_field("reason").unwrap().key,
        "job-err-reason-required"
    );
    // Work moves are the intervention's (see `guard`): made here through its path.
    f.clock.set(T0 + 10 * MINUTE);
    let d = work(&mut f, &id, JobStatus::InProgress);
    assert_eq!(d.row.started_at, Some(T0 + 10 * MINUTE));
    f.clock.set(T0 + 20 * MINUTE);
    work(&mut f, &id, JobStatus::Paused);
    let d = work(&mut f, &id, JobStatus::InProgress);
    assert_eq!(d.row.started_at, Some(T0 + 10 * MINUTE), "first start kept");
    assert!(matches!(
        delete(&mut f.store, &sup, &id),
        Err(CoreError::Refused {
            key: "job-err-delete-active"
        })
    ));
    let d = work(&mut f, &id, JobStatus::Completed);
    assert_eq!(d.completed_at, Some(T0 + 20 * MINUTE));
    // Reopening a completed job starts no work: it goes on hold, a supervisor's move with a
    // reason; straight back to in progress is the intervention's move only.
    assert!(matches!(
        transition(
            &mut f.store,
            &sup,
            &id,
            JobStatus::InProgress,
            Some("Bulle à reprendre"),
        ),
        Err(CoreError::Refused {
            key: guard::USE_INTERVENTION
        })
    ));
    assert!(matches!(
        transition(&mut f.store, &sup, &id, JobStatus::OnHold, None),
        Err(CoreError::Invalid(_))
    ));
    let d = transition(
        &mut f.store,
        &sup,
        &id,
        JobStatus::OnHold,
        Some("Bulle à reprendre"),
    )
    .unwrap();
    assert_eq!(d.completed_at, None);
    assert_eq!(d.row.status, JobStatus::OnHold);
    work(&mut f, &id, JobStatus::InProgress);
    work(&mut f, &id, JobStatus::Completed);
    let d = transition(&mut f.store, &sup, &id, JobStatus::Archived, None).unwrap();
    assert!(d.completed_at.is_some());
    assert!(matches!(
        update(
            &mut f.store,
            &sup,
            &id,
            &JobUpdate {
                notes: Some("x".into()),
                ..JobUpdate::default()
            }
        ),
        Err(CoreError::Refused {
            key: "job-err-archived"
        })
    ));
    // Created, started, completed, reopened (on hold), started, completed, archived… and the
    // moves before: 9 entries, each by the supervisor.
    assert_eq!(d.history.len(), 9);
    assert_eq!(
        d.history
            .iter()
            .filter(|h| h.by_name.as_deref() == Some("chef display"))
            .count(),
        9
    );
    // A never-scheduled draft can be cancelled.
    let draft = create(
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
    transition(
        &mut f.store,
        &sup,
        &draft.row.id,
        JobStatus::Cancelled,
        Some("Doublon"),
    )
    .unwrap();
}
