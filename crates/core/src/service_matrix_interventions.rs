//! Rows of the service matrix ([`crate::service_matrix`]): the guided intervention. Unless a row
//! says otherwise it runs on the technician's own job (so the technician may work on it), its
//! intervention brought to the state the call needs by the admin.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::auth::permissions::Action as A;
use crate::interventions::{
    self as iv, DefectInput, DefectKind, Keep, PhotoAttach, PhotoSource, PhotoTags, ShotChoice,
    StepEdit, ZoneEdit,
};
use crate::service_matrix::{Expect, Out, Row, Target, done, id, row, seen};
use crate::service_matrix_world::{HOUR, SIGNATURE, World, ZONE};
use crate::testutil::T0;
use crate::workflow::Phase;

use Expect::{Each, Matrix};
use Out::{Forbidden as F, Hidden as H, Ok as Y, Sees};

fn defect() -> DefectInput {
    DefectInput {
        zone: ZONE.into(),
        x: 0.5,
        y: 0.4,
        kind: DefectKind::Scratch,
        severity: 2,
        note: "Rayure portière".into(),
        photo_id: None,
    }
}

/// The intervention started, with a defect added by the admin.
fn with_defect(w: &mut World) -> Target {
    let iv = w.started();
    let d = iv::add_defect(&mut w.store, &w.who.admin, &iv, &defect()).unwrap();
    Target {
        id: iv.into(),
        sub: d,
    }
}

/// The intervention started, with a photo attached by the admin.
fn with_photo(w: &mut World) -> Target {
    let iv = w.started();
    let photo = w.attached_photo(&iv);
    Target {
        id: iv.into(),
        sub: photo.into(),
    }
}

pub(crate) fn rows() -> Vec<Row> {
    let mut rows = lifecycle();
    rows.extend(step_data());
    rows.extend(reads());
    rows
}

fn lifecycle() -> Vec<Row> {
    let run = Matrix(A::RunIntervention);
    // Someone else's job: hidden from a technician, refused to a viewer.
    let other_job = Each(A::RunIntervention, [Y, Y, H, F]);
    vec![
        row("interventions::lifecycle::start", run, |w, a, _| {
            let job = w.d.job_own.clone();
            done(iv::start(&mut w.store, a, &job))
        }),
        row("interventions::lifecycle::start", other_job, |w, a, _| {
            let job = w.d.job_other.clone();
            done(iv::start(&mut w.store, a, &job))
        }),
        row(
            "interventions::lifecycle::start_alongside",
            run,
            |w, a, _| {
                let job = w.d.job_own.clone();
                done(iv::start_alongside(&mut w.store, a, &job))
            },
        ),
        row("interventions::lifecycle::pause", run, |w, a, t| {
            done(iv::pause(&mut w.store, a, &t.id, "Déjeuner"))
        })
        .given(|w, _| id(w.started())),
        row("interventions::lifecycle::pause", other_job, |w, a, t| {
            done(iv::pause(&mut w.store, a, &t.id, "Déjeuner"))
        })
        .given(|w, _| {
            let job = w.d.job_other.clone();
            id(w.started_on(&job))
        }),
        row("interventions::lifecycle::resume", run, |w, a, t| {
            done(iv::resume(&mut w.store, a, &t.id))
        })
        .given(|w, _| {
            let iv = w.started();
            iv::pause(&mut w.store, &w.who.admin, &iv, "Déjeuner").unwrap();
            id(iv)
        }),
        // Cancelling is the office's: a technician pauses.
        row(
            "interventions::lifecycle::cancel",
            Matrix(A::EditAnyJob),
            |w, a, t| done(iv::cancel(&mut w.store, a, &t.id, "Client absent")),
        )
        .given(|w, _| id(w.started())),
        row("interventions::lifecycle::complete_step", run, |w, a, t| {
            done(iv::complete_step(&mut w.store, a, &t.id, 0))
        })
        .given(|w, _| id(w.installed())),
        row(
            "interventions::lifecycle::approve_step",
            Matrix(A::ApproveStep),
            |w, a, t| done(iv::approve_step(&mut w.store, a, &t.id, 0)),
        )
        .given(|w, _| id(w.awaiting())),
        // Four eyes: a supervisor does not approve a step they completed (an admin may).
        row(
            "interventions::lifecycle::approve_step",
            Each(
                A::ApproveStep,
                [Y, Out::Refused("iv-err-own-approval"), F, F],
            ),
            |w, a, t| done(iv::approve_step(&mut w.store, a, &t.id, 0)),
        )
        .given(|w, a| id(w.awaiting_by(a))),
        row(
            "interventions::lifecycle::reject_step",
            Matrix(A::ApproveStep),
            |w, a, t| {
                done(iv::reject_step(
                    &mut w.store,
                    a,
                    &t.id,
                    0,
                    "Bulles sur le capot",
                ))
            },
        )
        .given(|w, _| id(w.awaiting())),
        row("interventions::lifecycle::rework_step", run, |w, a, t| {
            done(iv::rework_step(&mut w.store, a, &t.id, 0, "Bord décollé"))
        })
        .given(|w, _| id(w.at_optional_step())),
        row("interventions::lifecycle::skip_step", run, |w, a, t| {
            done(iv::skip_step(&mut w.store, a, &t.id, 1, "Pas de lustrage"))
        })
        .given(|w, _| id(w.at_optional_step())),
        row("interventions::lifecycle::finish", run, |w, a, t| {
            done(iv::finish(&mut w.store, a, &t.id))
        })
        .given(|w, _| id(w.ready_to_finish())),
    ]
}

fn step_data() -> Vec<Row> {
    let run = Matrix(A::RunIntervention);
    vec![
        row("interventions::data::save_step", run, |w, a, t| {
            let edit = StepEdit {
                notes: "Capot propre".into(),
                ..StepEdit::default()
            };
            done(iv::save_step(&mut w.store, a, &t.id, 0, &edit))
        })
        .given(|w, _| id(w.started())),
        row("interventions::data::save_zone", run, |w, a, t| {
            let zone = ZoneEdit {
                zone_id: ZONE.into(),
                length_cm: Some(150.0),
                roll_lot: "R-42".into(),
                ..ZoneEdit::default()
            };
            done(iv::save_zone(&mut w.store, a, &t.id, &zone))
        })
        .given(|w, _| id(w.started())),
        row("interventions::data::add_defect", run, |w, a, t| {
            done(iv::add_defect(&mut w.store, a, &t.id, &defect()))
        })
        .given(|w, _| id(w.started())),
        row("interventions::data::update_defect", run, |w, a, t| {
            let d = DefectInput {
                severity: 3,
                ..defect()
            };
            done(iv::update_defect(&mut w.store, a, &t.id, &t.sub, &d))
        })
        .given(|w, _| with_defect(w)),
        row("interventions::data::delete_defect", run, |w, a, t| {
            done(iv::delete_defect(&mut w.store, a, &t.id, &t.sub))
        })
        .given(|w, _| with_defect(w)),
        row("interventions::data::attach_photo", run, |w, a, t| {
            let attach = PhotoAttach {
                step: 0,
                file: w.photo(2),
                phase: None,
                zone_id: None,
                shot: ShotChoice::None,
                source: PhotoSource::File,
            };
            done(iv::attach_photo(&mut w.store, a, &t.id, &attach))
        })
        .given(|w, _| {
            // The file is in the photo store before the call, for every actor.
            w.photo(2);
            id(w.started())
        }),
        row("interventions::data::tag_photo", run, |w, a, t| {
            let tags = PhotoTags {
                phase: Phase::During,
                zone_id: Some(ZONE.into()),
                shot: None,
                caption: "Capot".into(),
            };
            done(iv::tag_photo(&mut w.store, a, &t.id, &t.sub, &tags))
        })
        .given(|w, _| with_photo(w)),
        row("interventions::data::remove_photo", run, |w, a, t| {
            done(iv::remove_photo(&mut w.store, a, &t.id, &t.sub))
        })
        .given(|w, _| with_photo(w)),
        row("interventions::data::set_signature", run, |w, a, t| {
            let png = Some(SIGNATURE);
            done(iv::set_signature(
                &mut w.store,
                a,
                &t.id,
                "Marie Dupont",
                png,
            ))
        })
        .given(|w, _| id(w.at_finalization())),
        // A clash of step notes with another terminal, kept for the technician to choose.
        row(
            "interventions::conflicts::resolve_conflict",
            run,
            |w, a, t| {
                let conflict = t.sub.parse().unwrap();
                done(iv::resolve_conflict(
                    &mut w.store,
                    a,
                    &t.id,
                    conflict,
                    Keep::Theirs,
                ))
            },
        )
        .given(|w, _| {
            let iv = w.started();
            let conn = w.store.conn();
            conn.execute(
                "INSERT INTO sync_conflicts (table_name, row_key, col, mine, theirs,
                     their_terminal, their_user, kept, created_at, updated_at)
                 VALUES ('intervention_steps', json_array(?1, 0), 'notes', 'ici', 'là-bas',
                     'T2', NULL, 'mine', 0, 0)",
                [&iv],
            )
            .unwrap();
            let sub = conn.last_insert_rowid().to_string();
            Target { id: iv.into(), sub }
        }),
        row("interventions::folder::watch_here", run, |w, a, t| {
            done(iv::watch_here(&mut w.store, a, &t.id))
        })
        .given(|w, _| id(w.started())),
    ]
}

fn reads() -> Vec<Row> {
    vec![
        row(
            "interventions::read::get",
            Matrix(A::ViewJobs),
            |w, a, t| done(iv::get(w.store.conn(), a, &t.id)),
        )
        .given(|w, _| id(w.started())),
        row(
            "interventions::read::get",
            Each(A::ViewJobs, [Y, Y, H, Y]),
            |w, a, t| done(iv::get(w.store.conn(), a, &t.id)),
        )
        .given(|w, _| {
            let job = w.d.job_other.clone();
            id(w.started_on(&job))
        }),
        // Both jobs under way: a technician's board shows their own.
        row(
            "interventions::board::board",
            Each(A::ViewJobs, [Sees(2), Sees(2), Sees(1), Sees(2)]),
            |w, a, _| {
                seen(iv::board(
                    w.store.conn(),
                    a,
                    T0,
                    T0 - 9 * HOUR,
                    T0 + 15 * HOUR,
                ))
            },
        )
        .given(|w, _| {
            w.started();
            let job = w.d.job_other.clone();
            w.started_on(&job);
            Target::default()
        }),
    ]
}
