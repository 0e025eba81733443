//! Issue 13: the guided intervention is the only way a job's work starts, pauses and ends.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::tests::{job, job_status, setup};
use super::*;
use crate::error::CoreError;
use crate::jobs::{self, JobStatus};

fn refused_key<T: std::fmt::Debug>(r: crate::CoreResult<T>) -> &'static str {
    match r {
        Err(CoreError::Refused { key }) => key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_supervisor_cannot_start_pause_or_complete_a_job_outside_the_intervention() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let admin = f.admin.clone();
    let j = job(&mut f, &["hood"], None);
    for actor in [&sup, &admin] {
        assert_eq!(
            refused_key(jobs::transition(
                &mut f.store,
                actor,
                &j,
                JobStatus::InProgress,
                None
            )),
            "job-err-use-intervention"
        );
    }
    assert_eq!(job_status(&f, &j), JobStatus::Scheduled);
    // Not even from a state where the table allows it (a job put in progress by an older
    // version, without an intervention).
    f.store
        .conn()
        .execute("UPDATE jobs SET status = 'in_progress' WHERE id = ?1", [&j])
        .unwrap();
    for to in [JobStatus::Paused, JobStatus::Completed] {
        assert_eq!(
            refused_key(jobs::transition(&mut f.store, &sup, &j, to, None)),
            "job-err-use-intervention"
        );
    }
    assert_eq!(job_status(&f, &j), JobStatus::InProgress);
    // The other moves stay where they were (on hold with a reason).
    jobs::transition(&mut f.store, &sup, &j, JobStatus::OnHold, Some("Pièce")).unwrap();
    assert_eq!(job_status(&f, &j), JobStatus::OnHold);
}

#[test]
fn a_job_with_an_active_intervention_is_moved_and_deleted_only_through_it() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let tech = f.technician.clone();
    let j = job(&mut f, &["hood"], None);
    let iv = start(&mut f.store, &tech, &j).unwrap();
    assert_eq!(job_status(&f, &j), JobStatus::InProgress);
    for (to, reason) in [
        (JobStatus::OnHold, Some("Pièce manquante")),
        (JobStatus::Cancelled, Some("Client parti")),
    ] {
        assert_eq!(
            refused_key(jobs::transition(&mut f.store, &sup, &j, to, reason)),
            "job-err-intervention-active"
        );
    }
    // A job moved away from in progress by an older version while its intervention ran: still
    // not deletable behind the intervention's back.
    f.store
        .conn()
        .execute("UPDATE jobs SET status = 'scheduled' WHERE id = ?1", [&j])
        .unwrap();
    assert_eq!(
        refused_key(jobs::delete(&mut f.store, &sup, &j)),
        "job-err-intervention-active"
    );
    assert_eq!(
        refused_key(jobs::transition(
            &mut f.store,
            &sup,
            &j,
            JobStatus::Cancelled,
            Some("x")
        )),
        "job-err-intervention-active"
    );
    f.store
        .conn()
        .execute("UPDATE jobs SET status = 'in_progress' WHERE id = ?1", [&j])
        .unwrap();
    // The intervention's own moves work, and once it is over the job is free again.
    pause(&mut f.store, &tech, &iv.id, "Pause").unwrap();
    assert_eq!(job_status(&f, &j), JobStatus::Paused);
    resume(&mut f.store, &tech, &iv.id).unwrap();
    cancel(&mut f.store, &sup, &iv.id, "Client parti").unwrap();
    assert_eq!(job_status(&f, &j), JobStatus::Cancelled);
    jobs::transition(&mut f.store, &sup, &j, JobStatus::Archived, None).unwrap();
}

#[test]
fn a_supervisor_does_not_approve_a_step_they_completed() {
    use super::tests::{custom_template, fill, reload};
    use crate::auth::permissions::Role;
    let mut f = setup();
    let tid = custom_template(&mut f, false, true);
    let j = job(&mut f, &["hood"], Some(&tid));
    let sup = f.supervisor.clone();
    let iv = start(&mut f.store, &sup, &j).unwrap();
    let mut seed = 100;
    fill(&mut f, &iv, 0, &mut seed);
    let r = complete_step(&mut f.store, &sup, &iv.id, 0).unwrap();
    assert_eq!(r.steps[0].status, StepStatus::AwaitingApproval);
    assert_eq!(
        refused_key(approve_step(&mut f.store, &sup, &iv.id, 0)),
        "iv-err-own-approval"
    );
    assert_eq!(
        reload(&f, &iv.id).steps[0].status,
        StepStatus::AwaitingApproval
    );
    // Another supervisor approves it.
    let other = f
        .store
        .write(None, |tx| {
            crate::users::insert(
                tx,
                &crate::users::NewUser {
                    username: "chef2".into(),
                    display_name: "Second chef".into(),
                    role: Some(Role::Supervisor),
                    password: "Chef-Deux-Atelier-2026".into(),
                    ..crate::users::NewUser::default()
                },
                &crate::auth::password::PasswordPolicy::default(),
            )
        })
        .unwrap();
    let r = approve_step(
        &mut f.store,
        &crate::Session::for_tests(other.clone()),
        &iv.id,
        0,
    )
    .unwrap();
    assert_eq!(r.steps[0].status, StepStatus::Completed);
    assert_eq!(r.steps[0].approved_by.as_deref(), Some(other.id.as_str()));
}
