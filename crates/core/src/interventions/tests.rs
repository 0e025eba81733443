#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use proptest::prelude::*;

use super::*;
use crate::ids::{JobId, TemplateId, ZoneId};
use crate::jobs::{self, JobStatus, NewJob};
use crate::photos::PhotoFile;
use crate::testutil::{Fixture, MINUTE, T0, english};
use crate::workflow::{self, ChecklistItem, StepTemplate, Text};
use crate::{clock::Clock, error::CoreError};

const HOUR: i64 = 60 * MINUTE;

pub(crate) fn setup() -> Fixture {
    let mut f = Fixture::new();
    f.store.set_photo_root(photo_root());
    f.store
        .conn()
        .execute(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
             VALUES ('c1', 'individual', 'Marie Dupont', 0, 0)",
            [],
        )
        .unwrap();
    f.store
        .conn()
        .execute(
            "INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, size_class,
                owner_id, created_at, updated_at)
             VALUES ('v1', 'AB-123-CD', 'AB123CD', 'siv', 'Porsche', '911', 'large', 'c1', 0, 0)",
            [],
        )
        .unwrap();
    f
}

pub(crate) fn job(f: &mut Fixture, zones: &[&str], template: Option<&str>) -> JobId {
    let new = NewJob {
        client_id: "c1".into(),
        vehicle_id: "v1".into(),
        zone_ids: zones.iter().map(|z| ZoneId::from(*z)).collect(),
        film_product: "XPEL Ultimate Plus".into(),
        scheduled_start: Some(T0 + HOUR),
        scheduled_end: Some(T0 + 5 * HOUR),
        technician_id: Some(f.technician.id.clone()),
        template_id: template.map(TemplateId::from),
        force_reason: Some("plusieurs véhicules".into()),
        ..NewJob::default()
    };
    let admin = f.admin.clone();
    jobs::create(&mut f.store, &admin, &new).unwrap().row.id
}

pub(super) fn job_status(f: &Fixture, job_id: &str) -> JobStatus {
    let s: String = f
        .store
        .conn()
        .query_row("SELECT status FROM jobs WHERE id = ?1", [job_id], |r| {
            r.get(0)
        })
        .unwrap();
    JobStatus::parse(&s).unwrap()
}

/// One photo folder for every test: the files are stand-ins, named by content.
pub(super) fn photo_root() -> std::path::PathBuf {
    std::env::temp_dir().join("rpma-core-test-photos")
}

/// A stand-in photo, its file in [`photo_root`] (attaching needs the file there).
pub(super) fn photo(seed: u64) -> PhotoFile {
    let f = photo_record(seed);
    let path = crate::photos::PhotoStore::new(photo_root()).original_path(&f.sha256, &f.mime);
    crate::fsutil::write_atomic(&path, b"stand-in").unwrap();
    f
}

/// The record of a stand-in photo, without its file.
pub(super) fn photo_record(seed: u64) -> PhotoFile {
    PhotoFile {
        sha256: format!("{seed:064x}"),
        bytes: 1000,
        mime: "image/jpeg".into(),
        width: 640,
        height: 480,
        orientation: 1,
        taken_at: Some("2026-03-02T10:00:00".into()),
        camera: Some("Canon EOS".into()),
        gps: None,
        original_name: format!("IMG_{seed}.jpg"),
        already_stored: false,
    }
}

/// Fills step `pos` so that it meets its template: ticks, readings, zone records, named shots
/// and the minimum photo count.
pub(super) fn fill(f: &mut Fixture, iv: &Intervention, pos: usize, seed: &mut u64) {
    let tech = f.technician.clone();
    let t = iv.template.steps[pos].clone();
    let mut edit = StepEdit {
        notes: "RAS".into(),
        ..StepEdit::default()
    };
    if t.kind != StepKind::Installation {
        for c in &t.checklist {
            edit.checklist.insert(c.id.clone(), true);
        }
    }
    match t.kind {
        StepKind::Inspection => {
            edit.data.temperature_c = Some(21.0);
            edit.data.humidity_pct = Some(45.0);
        }
        StepKind::Finalization => {
            edit.data.quality_score = Some(92);
            edit.data.satisfaction = Some(5);
        }
        _ => {}
    }
    save_step(&mut f.store, &tech, &iv.id, pos, &edit).unwrap();
    if t.kind == StepKind::Installation {
        for z in &iv.zones {
            let mut ze = ZoneEdit {
                zone_id: z.zone_id.clone(),
                film_product: "XPEL".into(),
                roll_lot: "R-42".into(),
                length_cm: Some(180.0),
                waste_cm: Some(12.5),
                installer_id: Some(tech.id.clone()),
                quality_score: Some(9),
                ..ZoneEdit::default()
            };
            for c in &t.checklist {
                ze.checklist.insert(c.id.clone(), true);
            }
            save_zone(&mut f.store, &tech, &iv.id, &ze).unwrap();
        }
    }
    for s in &t.shots {
        *seed += 1;
        attach_photo(
            &mut f.store,
            &tech,
            &iv.id,
            &PhotoAttach {
                step: pos,
                file: photo(*seed),
                phase: None,
                zone_id: None,
                shot: ShotChoice::Named(s.id.clone()),
                source: PhotoSource::File,
            },
        )
        .unwrap();
    }
    let have = u32::try_from(t.shots.len()).unwrap();
    for _ in have..t.min_photos {
        *seed += 1;
        attach_photo(
            &mut f.store,
            &tech,
            &iv.id,
            &PhotoAttach {
                step: pos,
                file: photo(*seed),
                phase: None,
                zone_id: None,
                shot: ShotChoice::None,
                source: PhotoSource::File,
            },
        )
        .unwrap();
    }
    if t.kind == StepKind::Finalization {
        set_signature(
            &mut f.store,
            &tech,
            &iv.id,
            "Marie Dupont",
            Some(b"\x89PNG\r\n\x1a\nfake"),
        )
        .unwrap();
    }
}

pub(super) fn reload(f: &Fixture, id: &str) -> Intervention {
    get(f.store.conn(), &f.admin, id).unwrap()
}

#[test]
fn template_follows_the_zone_rule_and_is_copied() {
    let mut f = setup();
    let small = job(&mut f, &["hood", "front_bumper"], None);
    let big = job(&mut f, &["hood", "front_bumper", "roof"], None);
    let tech = f.technician.clone();
    let a = start(&mut f.store, &tech, &small).unwrap();
    assert_eq!(a.template.id, workflow::EXPRESS_ID);
    assert_eq!(a.steps.len(), 3);
    let b = start_alongside(&mut f.store, &tech, &big).unwrap();
    assert_eq!(b.template.id, workflow::STANDARD_ID);
    assert_eq!(b.steps.len(), 4);
    assert_eq!(b.zones.len(), 3);
    assert_eq!(b.steps[0].status, StepStatus::InProgress);
    assert!(b.steps[1..].iter().all(|s| s.status == StepStatus::Pending));
    assert_eq!(job_status(&f, &big), JobStatus::InProgress);
    // Editing the template later does not change the running intervention.
    let admin = f.admin.clone();
    let mut t = workflow::get(f.store.conn(), workflow::STANDARD_ID).unwrap();
    t.steps[0].title = Text::new("Changé", "Changed");
    workflow::save(&mut f.store, &admin, &t).unwrap();
    assert_eq!(
        reload(&f, &b.id).template.steps[0].title.fr,
        "Inspection du véhicule"
    );
    // A chosen template wins over the rule.
    let chosen = job(&mut f, &["hood"], Some(workflow::STANDARD_ID));
    let c = start_alongside(&mut f.store, &tech, &chosen).unwrap();
    assert_eq!(c.template.id, workflow::STANDARD_ID);
}

#[test]
fn only_the_assigned_technician_or_a_supervisor_starts_and_once() {
    let mut f = setup();
    let j = job(&mut f, &["hood", "roof", "front_bumper"], None);
    let viewer = f.viewer.clone();
    assert!(matches!(
        start(&mut f.store, &viewer, &j),
        Err(CoreError::Forbidden(_))
    ));
    // Another technician: not their job.
    let other = f
        .store
        .write(None, |tx| {
            crate::users::insert(
                tx,
                &crate::users::NewUser {
                    username: "tech2".into(),
                    email: "tech2@atelier.test".into(),
                    display_name: "Tech Deux".into(),
                    role: Some(crate::auth::permissions::Role::Technician),
                    password: "Tech2-Atelier-2026".into(),
                    locale: crate::Lang::Fr,
                    must_change_password: false,
                },
                &crate::auth::password::PasswordPolicy::default(),
            )
        })
        .unwrap();
    assert!(start(&mut f.store, &crate::Session::for_tests(other.clone()), &j).is_err());
    let n: i64 = f
        .store
        .conn()
        .query_row("SELECT count(*) FROM interventions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let sup = f.supervisor.clone();
    start(&mut f.store, &sup, &j).unwrap();
    let tech = f.technician.clone();
    assert!(matches!(
        start(&mut f.store, &tech, &j),
        Err(CoreError::Refused {
            key: "iv-err-already-active"
        })
    ));
}

#[test]
fn steps_run_strictly_in_order_and_list_what_is_missing() {
    let mut f = setup();
    let j = job(&mut f, &["hood", "roof", "front_bumper"], None);
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    assert!(matches!(
        complete_step(&mut f.store, &tech, &iv.id, 1),
        Err(CoreError::Refused {
            key: "iv-err-not-current-step"
        })
    ));
    let Err(CoreError::Incomplete(missing)) = complete_step(&mut f.store, &tech, &iv.id, 0) else {
        panic!("an empty inspection cannot be completed")
    };
    assert!(missing.contains(&Missing::Temperature.item()));
    assert!(missing.contains(&Missing::Humidity.item()));
    assert!(
        missing
            .iter()
            .any(|m| m.key == "iv-missing-shot" && english(m, "shot") == "Front 3/4 view")
    );
    assert!(
        missing
            .iter()
            .any(|m| m.key == "iv-missing-checklist"
                && english(m, "item") == "Vehicle clean and dry")
    );
    // The list reads as sentences in both languages.
    assert!(missing[0].message(crate::Lang::Fr).len() > 5);
    assert_eq!(reload(&f, &iv.id).steps[0].status, StepStatus::InProgress);
    let mut seed = 0;
    fill(&mut f, &iv, 0, &mut seed);
    let iv = complete_step(&mut f.store, &tech, &iv.id, 0).unwrap();
    assert_eq!(iv.steps[0].status, StepStatus::Completed);
    assert_eq!(iv.current_step, 1);
    assert_eq!(iv.steps[1].status, StepStatus::InProgress);
    // A completed step is locked for edits until reworked.
    assert!(matches!(
        save_step(&mut f.store, &tech, &iv.id, 0, &StepEdit::default()),
        Err(CoreError::Refused {
            key: "iv-err-step-locked"
        })
    ));
}

#[test]
fn a_full_standard_run_completes_the_job_and_records_film() {
    let mut f = setup();
    let j = job(&mut f, &["hood", "roof", "front_bumper"], None);
    let tech = f.technician.clone();
    let mut iv = start(&mut f.store, &tech, &j).unwrap();
    let mut seed = 0;
    for pos in 0..3 {
        f.clock.advance(30 * MINUTE);
        fill(&mut f, &iv, pos, &mut seed);
        iv = complete_step(&mut f.store, &tech, &iv.id, pos).unwrap();
    }
    // The last step is completed by finish: without the signature it is refused with the list.
    let Err(CoreError::Incomplete(missing)) = finish(&mut f.store, &tech, &iv.id) else {
        panic!("finish without the last step filled must be refused")
    };
    assert!(missing.contains(&Missing::Signature.item()));
    assert!(missing.contains(&Missing::QualityScore.item()));
    assert!(
        missing.iter().any(
            |m| m.key == "iv-missing-shot" && english(m, "shot") == "Rear 3/4 view (handover)"
        )
    );
    assert_eq!(job_status(&f, &j), JobStatus::InProgress);
    f.clock.advance(20 * MINUTE);
    fill(&mut f, &iv, 3, &mut seed);
    let done = finish(&mut f.store, &tech, &iv.id).unwrap();
    assert_eq!(done.status, IvStatus::Completed);
    assert!(done.steps.iter().all(|s| s.status == StepStatus::Completed));
    assert_eq!(done.duration_ms, Some(110 * MINUTE));
    assert_eq!(job_status(&f, &j), JobStatus::Completed);
    let (rows, mm): (i64, i64) = f
        .store
        .conn()
        .query_row(
            "SELECT count(*), sum(length_mm + waste_mm) FROM material_usage WHERE job_id = ?1",
            [&j],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(rows, 3);
    assert_eq!(mm, 3 * 1925, "180 cm + 12.5 cm per zone, in millimetres");
    assert_eq!(f.audit_rows("intervention.finish").len(), 1);
    // Finished: nothing changes any more.
    assert!(pause(&mut f.store, &tech, &iv.id, "").is_err());
}

#[test]
fn pauses_are_excluded_from_durations_and_drive_the_job_status() {
    let mut f = setup();
    let j = job(&mut f, &["hood"], None);
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    f.clock.advance(10 * MINUTE);
    let p = pause(&mut f.store, &tech, &iv.id, "Pause déjeuner").unwrap();
    assert_eq!(p.status, IvStatus::Paused);
    assert_eq!(job_status(&f, &j), JobStatus::Paused);
    assert!(matches!(
        complete_step(&mut f.store, &tech, &iv.id, 0),
        Err(CoreError::Refused {
            key: "iv-err-paused"
        })
    ));
    f.clock.advance(45 * MINUTE);
    assert_eq!(reload(&f, &iv.id).elapsed_ms(f.clock.now_ms()), 10 * MINUTE);
    let r = resume(&mut f.store, &tech, &iv.id).unwrap();
    assert_eq!(r.paused_ms, 45 * MINUTE);
    assert_eq!(job_status(&f, &j), JobStatus::InProgress);
    f.clock.advance(5 * MINUTE);
    let r = reload(&f, &iv.id);
    assert_eq!(r.elapsed_ms(f.clock.now_ms()), 15 * MINUTE);
    assert_eq!(r.step_worked_ms(0, f.clock.now_ms()), 15 * MINUTE);
    assert_eq!(r.pauses.len(), 1);
    assert_eq!(r.pauses[0].ended_at, Some(iv.started_at + 55 * MINUTE));
    assert!(matches!(
        resume(&mut f.store, &tech, &iv.id),
        Err(CoreError::Refused {
            key: "iv-err-not-paused"
        })
    ));
}

#[test]
fn rework_reopens_a_done_step_and_banks_its_time() {
    let mut f = setup();
    let j = job(&mut f, &["hood", "roof", "front_bumper"], None);
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    let mut seed = 0;
    f.clock.advance(20 * MINUTE);
    fill(&mut f, &iv, 0, &mut seed);
    complete_step(&mut f.store, &tech, &iv.id, 0).unwrap();
    f.clock.advance(5 * MINUTE);
    assert!(matches!(
        rework_step(&mut f.store, &tech, &iv.id, 0, "  "),
        Err(CoreError::Invalid(_))
    ));
    assert!(matches!(
        rework_step(&mut f.store, &tech, &iv.id, 1, "x"),
        Err(CoreError::Refused {
            key: "iv-err-rework-not-done"
        })
    ));
    let r = rework_step(&mut f.store, &tech, &iv.id, 0, "Défaut oublié sur l'aile").unwrap();
    assert_eq!(r.current_step, 0);
    assert_eq!(r.steps[0].status, StepStatus::InProgress);
    assert_eq!(r.steps[0].rework_count, 1);
    assert_eq!(r.steps[0].worked_ms, 20 * MINUTE);
    assert_eq!(r.steps[1].status, StepStatus::Pending);
    assert_eq!(r.steps[1].worked_ms, 5 * MINUTE);
    f.clock.advance(3 * MINUTE);
    let r = complete_step(&mut f.store, &tech, &iv.id, 0).unwrap();
    assert_eq!(r.current_step, 1);
    assert_eq!(r.steps[1].status, StepStatus::InProgress);
    assert_eq!(r.step_worked_ms(0, f.clock.now_ms()), 23 * MINUTE);
    assert_eq!(f.audit_rows("intervention.rework").len(), 1);
    assert!(
        r.events
            .iter()
            .any(|e| e.kind == "rework" && e.reason.contains("oublié"))
    );
}

/// A done step after a reworked one waits its turn: reworking it would leave the reworked step
/// unfinished before the current one (found by the property test below).
#[test]
fn a_done_step_after_the_current_one_cannot_be_reworked() {
    let mut f = setup();
    let j = job(&mut f, &["hood", "roof", "front_bumper"], None);
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    let mut seed = 0;
    for p in 0..2 {
        let cur = reload(&f, &iv.id);
        fill(&mut f, &cur, p, &mut seed);
        complete_step(&mut f.store, &tech, &iv.id, p).unwrap();
    }
    rework_step(&mut f.store, &tech, &iv.id, 0, "reprise").unwrap();
    assert!(matches!(
        rework_step(&mut f.store, &tech, &iv.id, 1, "reprise"),
        Err(CoreError::Refused {
            key: "iv-err-rework-later"
        })
    ));
    let r = reload(&f, &iv.id);
    assert_eq!(r.current_step, 0);
    assert_eq!(r.steps[1].status, StepStatus::Completed);
    assert_eq!(rules::rework_refusal(&r, 1), Some("iv-err-rework-later"));
    // Once the reworked step is done again, the next step not done is current.
    let r = complete_step(&mut f.store, &tech, &iv.id, 0).unwrap();
    assert_eq!(r.current_step, 2);
    assert_eq!(rules::rework_refusal(&r, 1), None);
}

pub(super) fn custom_template(
    f: &mut Fixture,
    optional_prep: bool,
    approval_inspection: bool,
) -> TemplateId {
    let admin = f.admin.clone();
    let mut t = workflow::standard();
    t.id = TemplateId::default();
    t.name = Text::new("Sur mesure", "Custom");
    t.steps[1].mandatory = !optional_prep;
    t.steps[0].approval = approval_inspection;
    workflow::save(&mut f.store, &admin, &t).unwrap().id
}

#[test]
fn only_optional_steps_are_skipped_with_a_reason() {
    let mut f = setup();
    let tid = custom_template(&mut f, true, false);
    let j = job(&mut f, &["hood"], Some(&tid));
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    assert!(matches!(
        skip_step(&mut f.store, &tech, &iv.id, 0, "pas le temps"),
        Err(CoreError::Refused {
            key: "iv-err-step-mandatory"
        })
    ));
    let mut seed = 0;
    fill(&mut f, &iv, 0, &mut seed);
    complete_step(&mut f.store, &tech, &iv.id, 0).unwrap();
    assert!(matches!(
        skip_step(&mut f.store, &tech, &iv.id, 1, ""),
        Err(CoreError::Invalid(_))
    ));
    let r = skip_step(
        &mut f.store,
        &tech,
        &iv.id,
        1,
        "Véhicule livré déjà préparé",
    )
    .unwrap();
    assert_eq!(r.steps[1].status, StepStatus::Skipped);
    assert_eq!(r.current_step, 2);
    assert_eq!(r.steps[2].status, StepStatus::InProgress);
    // The standard template's preparation is mandatory.
    let j2 = job(&mut f, &["hood", "roof", "front_bumper"], None);
    let iv2 = start_alongside(&mut f.store, &tech, &j2).unwrap();
    fill(&mut f, &iv2, 0, &mut seed);
    complete_step(&mut f.store, &tech, &iv2.id, 0).unwrap();
    assert!(skip_step(&mut f.store, &tech, &iv2.id, 1, "non").is_err());
}

#[test]
fn approval_blocks_until_a_supervisor_decides() {
    let mut f = setup();
    let tid = custom_template(&mut f, false, true);
    let j = job(&mut f, &["hood"], Some(&tid));
    let tech = f.technician.clone();
    let sup = f.supervisor.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    let mut seed = 0;
    fill(&mut f, &iv, 0, &mut seed);
    let r = complete_step(&mut f.store, &tech, &iv.id, 0).unwrap();
    assert_eq!(r.steps[0].status, StepStatus::AwaitingApproval);
    assert_eq!(r.steps[0].approval, Approval::Pending);
    assert_eq!(r.current_step, 0);
    assert_eq!(r.steps[1].status, StepStatus::Pending);
    assert!(matches!(
        approve_step(&mut f.store, &tech, &iv.id, 0),
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        complete_step(&mut f.store, &tech, &iv.id, 0),
        Err(CoreError::Refused {
            key: "iv-err-awaiting-approval"
        })
    ));
    let Err(CoreError::Incomplete(m)) = finish(&mut f.store, &tech, &iv.id) else {
        panic!()
    };
    assert!(m.iter().any(|m| m.key == "iv-missing-approval"));
    assert!(reject_step(&mut f.store, &sup, &iv.id, 0, "").is_err());
    let r = reject_step(&mut f.store, &sup, &iv.id, 0, "Photo floue").unwrap();
    assert_eq!(r.steps[0].status, StepStatus::InProgress);
    assert_eq!(r.steps[0].approval, Approval::Rejected);
    assert_eq!(r.steps[0].rejection_reason, "Photo floue");
    complete_step(&mut f.store, &tech, &iv.id, 0).unwrap();
    let r = approve_step(&mut f.store, &sup, &iv.id, 0).unwrap();
    assert_eq!(r.steps[0].status, StepStatus::Completed);
    assert_eq!(r.steps[0].approval, Approval::Approved);
    assert_eq!(r.current_step, 1);
    assert_eq!(r.steps[1].status, StepStatus::InProgress);
}

#[test]
fn cancel_needs_a_supervisor_and_a_reason() {
    let mut f = setup();
    let j = job(&mut f, &["hood"], None);
    let tech = f.technician.clone();
    let sup = f.supervisor.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    assert!(matches!(
        cancel(&mut f.store, &tech, &iv.id, "client parti"),
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        cancel(&mut f.store, &sup, &iv.id, " "),
        Err(CoreError::Invalid(_))
    ));
    let r = cancel(&mut f.store, &sup, &iv.id, "Client parti").unwrap();
    assert_eq!(r.status, IvStatus::Cancelled);
    assert_eq!(job_status(&f, &j), JobStatus::Cancelled);
    let hist: String = f
        .store
        .conn()
        .query_row(
            "SELECT reason FROM job_status_history WHERE job_id = ?1 AND to_status = 'cancelled'",
            [&j],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hist, "Client parti");
}

#[test]
fn bad_step_input_is_refused_and_nothing_changes() {
    let mut f = setup();
    let j = job(&mut f, &["hood"], None);
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    let before = reload(&f, &iv.id);
    let mut edit = StepEdit::default();
    edit.data.temperature_c = Some(95.0);
    edit.data.humidity_pct = Some(-3.0);
    edit.notes = "x".repeat(data::NOTES_MAX + 1);
    let Err(CoreError::Invalid(e)) = save_step(&mut f.store, &tech, &iv.id, 0, &edit) else {
        panic!()
    };
    let fields: Vec<&str> = e.0.iter().map(|x| x.field).collect();
    assert!(fields.contains(&"temperature") && fields.contains(&"humidity"));
    assert!(fields.contains(&"notes"));
    assert_eq!(reload(&f, &iv.id), before);
    let bad_defect = DefectInput {
        zone: "hood".into(),
        x: 1.5,
        y: 0.2,
        kind: DefectKind::Chip,
        severity: 4,
        note: String::new(),
        photo_id: None,
    };
    assert!(add_defect(&mut f.store, &tech, &iv.id, &bad_defect).is_err());
    assert!(set_signature(&mut f.store, &tech, &iv.id, "M", Some(b"GIF89a")).is_err());
    assert_eq!(reload(&f, &iv.id), before);
    let ok = DefectInput {
        x: 0.5,
        severity: 2,
        ..bad_defect
    };
    let d = add_defect(&mut f.store, &tech, &iv.id, &ok).unwrap();
    let r = reload(&f, &iv.id);
    assert_eq!(r.defects.len(), 1);
    assert_eq!(r.defects[0].id, d);
    delete_defect(&mut f.store, &tech, &iv.id, &d).unwrap();
    assert!(reload(&f, &iv.id).defects.is_empty());
}

#[test]
fn board_shows_active_and_today_and_scopes_technicians() {
    let mut f = setup();
    let j1 = job(&mut f, &["hood"], None);
    let j2 = job(&mut f, &["roof"], None);
    let tech = f.technician.clone();
    let sup = f.supervisor.clone();
    let a = start(&mut f.store, &tech, &j1).unwrap();
    start_alongside(&mut f.store, &sup, &j2).unwrap();
    pause(&mut f.store, &tech, &a.id, "").unwrap();
    let now = f.clock.now_ms();
    let rows = board(f.store.conn(), &tech, now, now - HOUR, now + HOUR).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r.status == IvStatus::Paused));
    assert_eq!(rows[0].step_count, 3);
    assert_eq!(rows[0].step_title.fr, "Inspection du véhicule");
    let viewer = f.viewer.clone();
    assert_eq!(
        board(f.store.conn(), &viewer, now, now - HOUR, now + HOUR)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(unsaved_blockers(f.store.conn()).unwrap().len(), 1);
}

#[test]
fn worked_time_excludes_every_pause() {
    let pauses = [
        Pause {
            started_at: 10,
            ended_at: Some(20),
            reason: String::new(),
        },
        Pause {
            started_at: 50,
            ended_at: None,
            reason: String::new(),
        },
    ];
    assert_eq!(rules::pause_overlap(&pauses, 0, 100), 10 + 50);
    assert_eq!(rules::pause_overlap(&pauses, 15, 60), 5 + 10);
    assert_eq!(rules::worked_ms(0, 100, 10, Some(50)), 40);
    assert_eq!(rules::worked_ms(0, 100, 200, None), 0);
    assert!(rules::out_of_range(Some(12.0), rules::DEFAULT_TEMP_RANGE));
    assert!(!rules::out_of_range(Some(20.0), rules::DEFAULT_TEMP_RANGE));
    assert!(!rules::out_of_range(None, rules::DEFAULT_HUMIDITY_RANGE));
}

#[derive(Debug, Clone)]
enum Op {
    Wait(i64),
    Pause,
    Resume,
    Fill,
    Complete,
    Rework(usize),
    Finish,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1i64..120).prop_map(|m| Op::Wait(m * MINUTE)),
        Just(Op::Pause),
        Just(Op::Resume),
        Just(Op::Fill),
        Just(Op::Complete),
        (0usize..4).prop_map(Op::Rework),
        Just(Op::Finish),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever the technician does, in any order: at most one step is in progress and it is the
    /// current one, every step before the current one is done, the job's status mirrors the
    /// intervention's, and the worked time equals the wall time minus the pauses.
    #[test]
    fn invariants_hold_under_any_sequence(ops in proptest::collection::vec(op(), 1..40)) {
        let mut f = setup();
        let j = job(&mut f, &["hood", "roof", "front_bumper"], None);
        let tech = f.technician.clone();
        let iv = start(&mut f.store, &tech, &j).unwrap();
        let start_at = f.clock.now_ms();
        let mut paused_total = 0;
        let mut paused_since: Option<i64> = None;
        let mut seed = 0;
        let mut filled = [false; 4];
        for o in ops {
            let cur = reload(&f, &iv.id);
            if !cur.status.is_active() { break; }
            match o {
                Op::Wait(ms) => f.clock.advance(ms),
                Op::Pause => if pause(&mut f.store, &tech, &iv.id, "").is_ok() {
                    paused_since = Some(f.clock.now_ms());
                },
                Op::Resume => if resume(&mut f.store, &tech, &iv.id).is_ok() {
                    paused_total += f.clock.now_ms() - paused_since.take().unwrap();
                },
                Op::Fill => {
                    let p = cur.current_step;
                    if cur.status == IvStatus::InProgress && !filled[p] {
                        fill(&mut f, &cur, p, &mut seed);
                        filled[p] = true;
                    }
                }
                Op::Complete => { let _ = complete_step(&mut f.store, &tech, &iv.id, cur.current_step); }
                Op::Rework(p) => { let _ = rework_step(&mut f.store, &tech, &iv.id, p, "reprise"); }
                Op::Finish => { let _ = finish(&mut f.store, &tech, &iv.id); }
            }
            let r = reload(&f, &iv.id);
            let in_progress: Vec<usize> = r.steps.iter()
                .filter(|s| s.status == StepStatus::InProgress).map(|s| s.position).collect();
            if r.status.is_active() {
                prop_assert_eq!(in_progress, vec![r.current_step]);
                prop_assert!(r.steps[..r.current_step].iter().all(|s| s.status.is_done()));
            } else {
                prop_assert!(in_progress.is_empty());
                prop_assert!(r.steps.iter().all(|s| s.status.is_done()));
            }
            let expected = match r.status {
                IvStatus::InProgress => JobStatus::InProgress,
                IvStatus::Paused => JobStatus::Paused,
                IvStatus::Completed => JobStatus::Completed,
                IvStatus::Cancelled => JobStatus::Cancelled,
            };
            prop_assert_eq!(job_status(&f, &j), expected);
            let now = f.clock.now_ms();
            let open = paused_since.map_or(0, |p| now - p);
            let end = r.completed_at.unwrap_or(now);
            prop_assert_eq!(r.elapsed_ms(now), end - start_at - paused_total - if r.completed_at.is_some() { 0 } else { open });
            prop_assert_eq!(r.paused_ms, paused_total);
        }
    }
}

#[test]
fn a_step_template_without_photos_needs_none() {
    let s = StepTemplate {
        kind: StepKind::Preparation,
        title: Text::new("Prépa", "Prep"),
        instructions: Text::default(),
        checklist: vec![ChecklistItem {
            id: "a".into(),
            label: Text::new("A", "A"),
            required: false,
        }],
        shots: vec![],
        min_photos: 0,
        max_photos: None,
        mandatory: true,
        approval: false,
        est_minutes: 0,
    };
    let mut t = workflow::standard();
    t.steps[1] = s;
    workflow::validate(&t).unwrap();
}
