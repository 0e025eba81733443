//! The rights the job page shows ([`JobDetail::rights`]) are exactly what the services accept:
//! every move offered goes through [`transition`], every move not offered is refused, and while
//! an intervention runs nothing is offered.

#![allow(clippy::unwrap_used, clippy::panic)]

use super::tests::{new_job, setup};
use super::transition_tests::work;
use super::*;
use crate::ids::JobId;
use crate::testutil::{Fixture, T0};

/// A job assigned to `tech`, brought to `status` the way the app does.
fn job_in(f: &mut Fixture, status: JobStatus, tech: Option<&str>) -> JobId {
    let sup = f.supervisor.clone();
    let id = create(&mut f.store, &sup, &new_job(T0, tech, ""))
        .unwrap()
        .row
        .id;
    let reason = Some("raison");
    match status {
        JobStatus::Scheduled => {}
        JobStatus::InProgress => {
            work(f, &id, JobStatus::InProgress);
        }
        JobStatus::Paused => {
            work(f, &id, JobStatus::InProgress);
            work(f, &id, JobStatus::Paused);
        }
        JobStatus::Completed => {
            work(f, &id, JobStatus::InProgress);
            work(f, &id, JobStatus::Completed);
        }
        other => {
            transition(&mut f.store, &sup, &id, other, reason).unwrap();
        }
    }
    id
}

#[test]
fn the_moves_offered_are_the_moves_accepted() {
    let statuses = [
        JobStatus::Scheduled,
        JobStatus::OnHold,
        JobStatus::InProgress,
        JobStatus::Paused,
        JobStatus::Completed,
        JobStatus::Cancelled,
    ];
    let mut checked = 0;
    for status in statuses {
        for who in ["supervisor", "own technician", "other technician", "viewer"] {
            let mut f = setup();
            let tech_id = f.technician.id.clone();
            let assigned = (who != "other technician").then_some(tech_id.as_str());
            let id = job_in(&mut f, status, assigned);
            let actor = match who {
                "supervisor" => f.supervisor.clone(),
                "viewer" => f.viewer.clone(),
                _ => f.technician.clone(),
            };
            let now = f.store.now_ms();
            let Ok(d) = get(f.store.conn(), &actor, &id, now) else {
                // Not visible to this person (another technician's job): nothing to offer.
                assert_eq!(who, "other technician");
                continue;
            };
            assert_eq!(d.row.status, status);
            for to in status.next().iter().copied() {
                let offered = d.rights.moves.contains(&to);
                let mut g = setup();
                let tech_id = g.technician.id.clone();
                let assigned = (who != "other technician").then_some(tech_id.as_str());
                let fresh = job_in(&mut g, status, assigned);
                let actor = match who {
                    "supervisor" => g.supervisor.clone(),
                    "viewer" => g.viewer.clone(),
                    _ => g.technician.clone(),
                };
                let r = transition(&mut g.store, &actor, &fresh, to, Some("raison"));
                assert_eq!(
                    r.is_ok(),
                    offered,
                    "{who} moving {status:?} → {to:?}: offered {offered}, service said {r:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked} moves checked");
}

#[test]
fn nothing_is_offered_while_the_intervention_runs() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let tech_id = f.technician.id.clone();
    let id = job_in(&mut f, JobStatus::Scheduled, Some(&tech_id));
    let now = f.store.now_ms();
    let before = get(f.store.conn(), &sup, &id, now).unwrap().rights;
    assert!(before.start_intervention && before.delete && !before.moves.is_empty());
    crate::interventions::start(&mut f.store, &sup, &id).unwrap();
    let now = f.store.now_ms();
    let during = get(f.store.conn(), &sup, &id, now).unwrap().rights;
    assert!(during.moves.is_empty(), "{during:?}");
    assert!(!during.delete && !during.start_intervention);
    assert!(during.edit, "notes and film stay editable");
    // The viewer sees the job but may do nothing with it.
    let viewer = f.viewer.clone();
    let seen = get(f.store.conn(), &viewer, &id, now).unwrap().rights;
    assert_eq!(seen, guard::JobRights::default());
}
