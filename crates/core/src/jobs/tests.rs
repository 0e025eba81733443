#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use proptest::prelude::*;
use rusqlite::{Connection, params};

use super::*;
use crate::testutil::{Fixture, MINUTE, T0};

const HOUR: i64 = 60 * MINUTE;

fn insert_client(conn: &Connection, id: &str, name: &str) {
    conn.execute(
        "INSERT INTO clients (id, kind, name, created_at, updated_at) VALUES (?1, 'individual', ?2, 0, 0)",
        params![id, name],
    )
    .unwrap();
}

fn insert_vehicle(conn: &Connection, id: &str, plate: &str, owner: &str) {
    conn.execute(
        "INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, size_class, owner_id, created_at, updated_at)
         VALUES (?1, ?2, replace(?2, '-', ''), 'siv', 'Porsche', '911', 'large', ?3, 0, 0)",
        params![id, plate, owner],
    )
    .unwrap();
}

pub(super) fn setup() -> Fixture {
    let f = Fixture::new();
    insert_client(f.store.conn(), "c1", "Marie Dupont");
    insert_client(f.store.conn(), "c2", "Jean Martin");
    insert_vehicle(f.store.conn(), "v1", "AB-123-CD", "c1");
    insert_vehicle(f.store.conn(), "v2", "EF-456-GH", "c2");
    f
}

pub(super) fn new_job(start: i64, tech: Option<&str>, bay: &str) -> NewJob {
    NewJob {
        client_id: "c1".into(),
        vehicle_id: "v1".into(),
        zone_ids: vec!["hood".into(), "front_bumper".into()],
        film_product: "XPEL Ultimate Plus".into(),
        scheduled_start: Some(start),
        scheduled_end: Some(start + 2 * HOUR),
        technician_id: tech.map(str::to_owned),
        bay: bay.into(),
        checklist: vec!["Lavage".into(), " ".into()],
        ..NewJob::default()
    }
}

fn count(f: &Fixture, table: &str) -> i64 {
    f.store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn counts(f: &Fixture) -> [i64; 5] {
    [
        count(f, "jobs"),
        count(f, "job_zones"),
        count(f, "job_status_history"),
        count(f, "job_checklist"),
        count(f, "audit_log"),
    ]
}

#[test]
fn create_scheduled_job_with_zones_history_and_audit() {
    let mut f = setup();
    let admin = f.admin.clone();
    let (tech, code) = (f.technician.id.clone(), f.store.terminal().code.clone());
    let d = create(
        &mut f.store,
        &admin,
        &new_job(T0 + HOUR, Some(&tech), "Baie 1"),
    )
    .unwrap();
    assert_eq!(d.row.number, format!("20260302-{code}-001"));
    assert_eq!(d.row.status, JobStatus::Scheduled);
    assert_eq!(d.zones.len(), 2);
    // Large car: hood 1.8 + front bumper 1.7.
    assert!((d.total_area_m2 - 3.5).abs() < 1e-9);
    assert_eq!(d.checklist.len(), 1);
    assert_eq!(d.history.len(), 1);
    assert_eq!(d.history[0].from, None);
    assert_eq!(d.history[0].to, JobStatus::Scheduled);
    assert_eq!(d.row.technician_name.as_deref(), Some("tech display"));
    assert_eq!(f.audit_rows("job.create").len(), 1);
    let d2 = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0 + 5 * HOUR, None, "")
        },
    )
    .unwrap();
    assert_eq!(d2.row.number, format!("20260302-{code}-002"));
    assert_eq!(d2.row.status, JobStatus::Draft);
    let d3 = create(
        &mut f.store,
        &admin,
        &NewJob {
            scheduled_start: None,
            scheduled_end: None,
            as_draft: true,
            ..new_job(0, None, "")
        },
    )
    .unwrap();
    assert_eq!(d3.row.status, JobStatus::Draft);
}

#[test]
fn bad_input_is_refused_field_by_field_and_changes_nothing() {
    let mut f = setup();
    let admin = f.admin.clone();
    let viewer = f.viewer.id.clone();
    let before = counts(&f);
    let cases: Vec<(NewJob, &str, &str)> = vec![
        (
            NewJob {
                client_id: String::new(),
                ..new_job(T0, None, "")
            },
            "client",
            "err-required",
        ),
        (
            NewJob {
                client_id: "nope".into(),
                ..new_job(T0, None, "")
            },
            "client",
            "job-err-client-unknown",
        ),
        (
            NewJob {
                vehicle_id: "nope".into(),
                ..new_job(T0, None, "")
            },
            "vehicle",
            "job-err-vehicle-unknown",
        ),
        (
            NewJob {
                vehicle_id: "v2".into(),
                ..new_job(T0, None, "")
            },
            "vehicle",
            "job-err-vehicle-owner",
        ),
        (
            NewJob {
                zone_ids: vec![],
                ..new_job(T0, None, "")
            },
            "zones",
            "job-err-zones-required",
        ),
        (
            NewJob {
                zone_ids: vec!["capot".into()],
                ..new_job(T0, None, "")
            },
            "zones",
            "job-err-zone-unknown",
        ),
        (
            NewJob {
                scheduled_start: None,
                ..new_job(T0, None, "")
            },
            "start",
            "err-required",
        ),
        (
            NewJob {
                scheduled_end: Some(T0),
                ..new_job(T0, None, "")
            },
            "end",
            "job-err-end-before-start",
        ),
        (
            NewJob {
                technician_id: Some(viewer),
                ..new_job(T0, None, "")
            },
            "technician",
            "job-err-technician-invalid",
        ),
        (
            NewJob {
                bay: "Baie 9".into(),
                ..new_job(T0, None, "")
            },
            "bay",
            "job-err-bay-unknown",
        ),
        (
            NewJob {
                film_product: "x".repeat(201),
                ..new_job(T0, None, "")
            },
            "film_product",
            "job-err-too-long",
        ),
        (
            NewJob {
                notes: "x".repeat(4001),
                ..new_job(T0, None, "")
            },
            "notes",
            "job-err-too-long",
        ),
    ];
    for (job, field, key) in cases {
        let err = create(&mut f.store, &admin, &job).unwrap_err();
        let CoreError::Invalid(e) = err else {
            panic!("{field}: {err:?}")
        };
        assert_eq!(e.for_field(field).map(|x| x.key), Some(key), "{field}: {e}");
    }
    // An inactive zone is refused too.
    f.store
        .conn()
        .execute("UPDATE ppf_zones SET is_active = 0 WHERE id = 'roof'", [])
        .unwrap();
    let err = create(
        &mut f.store,
        &admin,
        &NewJob {
            zone_ids: vec!["roof".into()],
            ..new_job(T0, None, "")
        },
    )
    .unwrap_err();
    assert!(matches!(err, CoreError::Invalid(_)));
    assert_eq!(counts(&f), before);
}

#[test]
fn only_planners_create_jobs() {
    let mut f = setup();
    let before = counts(&f);
    for actor in [f.technician.clone(), f.viewer.clone()] {
        let err = create(&mut f.store, &actor, &new_job(T0, None, "")).unwrap_err();
        assert!(matches!(err, CoreError::Forbidden(_)));
    }
    assert_eq!(counts(&f), before);
}

#[test]
fn numbering_follows_the_shop_day_and_grows_past_999() {
    let mut f = setup();
    let admin = f.admin.clone();
    // 23:30 UTC on 2 March is 00:30 on 3 March in Paris.
    f.clock.set(T0 + 14 * HOUR + 30 * MINUTE);
    let d = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0, None, "")
        },
    )
    .unwrap();
    let code = f.store.terminal().code.clone(); // the day's series is then set at 999
    assert_eq!(d.row.number, format!("20260303-{code}-001"));
    f.store
        .conn()
        .execute(
            "UPDATE number_series SET last = 999 WHERE series = 'job:20260303'",
            [],
        )
        .unwrap();
    let d = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0, None, "")
        },
    )
    .unwrap();
    assert_eq!(d.row.number, format!("20260303-{code}-1000"));
    let d = create(
        &mut f.store,
        &admin,
        &NewJob {
            as_draft: true,
            ..new_job(T0, None, "")
        },
    )
    .unwrap();
    assert_eq!(d.row.number, format!("20260303-{code}-1001"));
}

#[test]
fn numbers_stay_unique_under_concurrent_creation_from_two_stores() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    let admin = {
        let (mut s, _) = Store::open(&path).unwrap();
        let admin = s
            .write(None, |tx| {
                users::insert(
                    tx,
                    &users::NewUser {
                        username: "admin".into(),
                        display_name: "Admin".into(),
                        role: Some(Role::Admin),
                        password: "Admin-Atelier-2026".into(),
                        ..users::NewUser::default()
                    },
                    &crate::auth::password::PasswordPolicy::default(),
                )
            })
            .unwrap();
        insert_client(s.conn(), "c1", "Marie");
        insert_vehicle(s.conn(), "v1", "AB-123-CD", "c1");
        admin
    };
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            let admin = admin.clone();
            std::thread::spawn(move || {
                let (mut s, _) = Store::open(&path).unwrap();
                (0..15)
                    .map(|_| {
                        create(
                            &mut s,
                            &Session::for_tests(admin.clone()),
                            &NewJob {
                                as_draft: true,
                                ..new_job(T0, None, "")
                            },
                        )
                        .unwrap()
                        .row
                        .number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n);
    assert_eq!(n, 30);
    assert!(all.last().unwrap().ends_with("-030"), "{all:?}");
}

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
    assert_eq!(query::count(f.store.conn(), &sup, &filter, T0).unwrap(), 0);
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

#[test]
fn technicians_see_and_act_on_their_own_jobs_only() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let tech = f.technician.clone();
    let mine = create(&mut f.store, &sup, &new_job(T0, Some(&tech.id), "Baie 1")).unwrap();
    let other = create(&mut f.store, &sup, &new_job(T0, Some(&sup.id), "Baie 2")).unwrap();
    let all = list(f.store.conn(), &tech, &JobFilter::default(), T0).unwrap();
    assert_eq!(
        all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec![mine.row.id.as_str()]
    );
    assert_eq!(
        list(f.store.conn(), &sup, &JobFilter::default(), T0)
            .unwrap()
            .len(),
        2
    );
    assert!(matches!(
        get(f.store.conn(), &tech, &other.row.id, T0),
        Err(CoreError::NotFound { .. })
    ));
    assert_eq!(
        calendar(
            f.store.conn(),
            &tech,
            T0 - HOUR,
            T0 + 24 * HOUR,
            &CalendarFilter::default(),
            T0
        )
        .unwrap()
        .len(),
        1
    );
    assert_eq!(visible_to(&tech), Some(tech.id.as_str()));
    assert_eq!(visible_to(&sup), None);
    let day = my_day(f.store.conn(), &tech, T0 - 9 * HOUR, T0 + 15 * HOUR, T0).unwrap();
    assert_eq!(day.len(), 1);
    assert_eq!(day[0].zones.len(), 2);
    // Own job: on hold, note, checklist, film; not cancel, not priority (work starts through the
    // intervention).
    let err = transition(
        &mut f.store,
        &tech,
        &mine.row.id,
        JobStatus::InProgress,
        None,
    );
    assert!(matches!(
        err,
        Err(CoreError::Refused {
            key: guard::USE_INTERVENTION
        })
    ));
    transition(
        &mut f.store,
        &tech,
        &mine.row.id,
        JobStatus::OnHold,
        Some("Pièce"),
    )
    .unwrap();
    assert!(matches!(
        transition(
            &mut f.store,
            &tech,
            &mine.row.id,
            JobStatus::Cancelled,
            Some("x")
        ),
        Err(CoreError::Forbidden(_))
    ));
    add_note(
        &mut f.store,
        &tech,
        &mine.row.id,
        "Rayure existante sur l’aile",
    )
    .unwrap();
    let item = add_checklist_item(&mut f.store, &tech, &mine.row.id, "Dégraissage").unwrap();
    set_checklist_done(&mut f.store, &tech, &item, true).unwrap();
    update(
        &mut f.store,
        &tech,
        &mine.row.id,
        &JobUpdate {
            film_product: Some("Lot 42".into()),
            ..JobUpdate::default()
        },
    )
    .unwrap();
    assert!(matches!(
        update(
            &mut f.store,
            &tech,
            &mine.row.id,
            &JobUpdate {
                priority: Some(Priority::Urgent),
                ..JobUpdate::default()
            }
        ),
        Err(CoreError::Forbidden(_))
    ));
    let d = get(f.store.conn(), &tech, &mine.row.id, T0).unwrap();
    assert_eq!(d.film_product, "Lot 42");
    assert_eq!(d.notes_log.len(), 1);
    assert_eq!(d.notes_log[0].author_name.as_deref(), Some("tech display"));
    assert!(
        d.checklist
            .iter()
            .any(|c| c.done && c.label == "Dégraissage")
    );
    assert_eq!(d.row.priority, Priority::Normal);
    // Other's job: invisible.
    assert!(matches!(
        add_note(&mut f.store, &tech, &other.row.id, "x"),
        Err(CoreError::NotFound { .. })
    ));
    // Viewers read but never write.
    let viewer = f.viewer.clone();
    assert!(matches!(
        add_note(&mut f.store, &viewer, &mine.row.id, "x"),
        Err(CoreError::Forbidden(_))
    ));
}

#[test]
fn update_revalidates_and_replaces_zones() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let id = create(&mut f.store, &sup, &new_job(T0, None, ""))
        .unwrap()
        .row
        .id;
    let err = update(
        &mut f.store,
        &sup,
        &id,
        &JobUpdate {
            vehicle_id: Some("v2".into()),
            ..JobUpdate::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, CoreError::Invalid(ref e) if e.for_field("vehicle").is_some()));
    let d = update(
        &mut f.store,
        &sup,
        &id,
        &JobUpdate {
            client_id: Some("c2".into()),
            vehicle_id: Some("v2".into()),
            zone_ids: Some(vec!["roof".into()]),
            priority: Some(Priority::High),
            ..JobUpdate::default()
        },
    )
    .unwrap();
    assert_eq!(d.row.client_name, "Jean Martin");
    assert_eq!(
        d.zones
            .iter()
            .map(|z| z.zone_id.as_str())
            .collect::<Vec<_>>(),
        vec!["roof"]
    );
    assert_eq!(d.row.priority, Priority::High);
    assert_eq!(f.audit_rows("job.update").len(), 1);
}

#[test]
fn delete_restore_and_trash() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    let tech = f.technician.clone();
    let id = create(&mut f.store, &sup, &new_job(T0, Some(&tech.id), ""))
        .unwrap()
        .row
        .id;
    assert!(matches!(
        delete(&mut f.store, &tech, &id),
        Err(CoreError::Forbidden(_))
    ));
    delete(&mut f.store, &sup, &id).unwrap();
    assert!(matches!(
        get(f.store.conn(), &sup, &id, T0),
        Err(CoreError::NotFound { .. })
    ));
    assert!(
        list(f.store.conn(), &sup, &JobFilter::default(), T0)
            .unwrap()
            .is_empty()
    );
    let trash = list_deleted(f.store.conn(), &sup).unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].deleted_by.as_deref(), Some("chef display"));
    assert!(matches!(
        list_deleted(f.store.conn(), &tech),
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        restore(&mut f.store, &tech, &id),
        Err(CoreError::Forbidden(_))
    ));
    restore(&mut f.store, &sup, &id).unwrap();
    assert!(get(f.store.conn(), &sup, &id, T0).is_ok());
    assert!(matches!(
        restore(&mut f.store, &sup, &id),
        Err(CoreError::NotFound { .. })
    ));
}

#[test]
fn drafts_round_trip_without_audit() {
    let mut f = setup();
    let me = f.technician.clone();
    let audit = count(&f, "audit_log");
    assert_eq!(load_draft(&f.store, &me).unwrap(), None);
    save_draft(&mut f.store, &me, &json!({"step": 2, "plate": "AB-123-CD"})).unwrap();
    save_draft(&mut f.store, &me, &json!({"step": 3})).unwrap();
    assert_eq!(load_draft(&f.store, &me).unwrap(), Some(json!({"step": 3})));
    clear_draft(&mut f.store, &me).unwrap();
    assert_eq!(load_draft(&f.store, &me).unwrap(), None);
    assert_eq!(count(&f, "audit_log"), audit);
    let big = json!({"x": "y".repeat(DRAFT_MAX_BYTES)});
    assert!(matches!(
        save_draft(&mut f.store, &me, &big),
        Err(CoreError::Invalid(_))
    ));
}

#[test]
fn lists_sort_filter_page_and_use_indexes() {
    let mut f = setup();
    let sup = f.supervisor.clone();
    for i in 0..5 {
        create(
            &mut f.store,
            &sup,
            &NewJob {
                priority: if i == 2 {
                    Priority::Urgent
                } else {
                    Priority::Low
                },
                ..new_job(T0 + i * 3 * HOUR, None, "")
            },
        )
        .unwrap();
    }
    let page = list(
        f.store.conn(),
        &sup,
        &JobFilter {
            limit: 2,
            offset: 1,
            ..JobFilter::default()
        },
        T0,
    )
    .unwrap();
    assert_eq!(
        page.iter()
            .map(|r| r.scheduled_start.unwrap())
            .collect::<Vec<_>>(),
        vec![T0 + 3 * HOUR, T0 + 6 * HOUR]
    );
    let top = list(
        f.store.conn(),
        &sup,
        &JobFilter {
            sort: JobSort::Priority,
            descending: true,
            limit: 1,
            ..JobFilter::default()
        },
        T0,
    )
    .unwrap();
    assert_eq!(top[0].priority, Priority::Urgent);
    let ranged = JobFilter {
        from: Some(T0 + HOUR),
        to: Some(T0 + 7 * HOUR),
        ..JobFilter::default()
    };
    assert_eq!(query::count(f.store.conn(), &sup, &ranged, T0).unwrap(), 2);
    assert_eq!(
        for_client(f.store.conn(), &sup, "c1", 10, T0)
            .unwrap()
            .len(),
        5
    );
    let hist = for_vehicle(f.store.conn(), &sup, "v1", T0).unwrap();
    assert_eq!(hist.len(), 5);
    assert_eq!(hist[0].zones.len(), 2);
    let plan: Vec<String> = {
        let mut st = f.store.conn().prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM jobs j WHERE j.deleted_at IS NULL AND j.scheduled_start >= 1 AND j.scheduled_start < 2",
        ).unwrap();
        st.query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(plan.iter().any(|p| p.contains("USING INDEX")), "{plan:?}");
}

#[test]
fn table_is_closed_and_archived_is_terminal() {
    for from in JobStatus::ALL {
        assert!(!can_transition(from, from));
        for &to in from.next() {
            assert!(can_transition(from, to));
        }
        assert_eq!(JobStatus::parse(from.as_str()), Some(from));
    }
    assert!(JobStatus::Archived.next().is_empty());
    assert!(!can_transition(JobStatus::Completed, JobStatus::Scheduled));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random transition attempts (by a supervisor and by the assigned technician, with and
    /// without reasons): the status only ever moves along the table, refused attempts change
    /// nothing, and the history replays to the current status.
    #[test]
    fn random_transitions_respect_the_table(steps in proptest::collection::vec((0usize..8, any::<bool>(), any::<bool>()), 1..25)) {
        let mut f = setup();
        let sup = f.supervisor.clone();
        let tech = f.technician.clone();
        let id = create(&mut f.store, &sup, &new_job(T0, Some(&tech.id), "")).unwrap().row.id;
        let mut current = JobStatus::Scheduled;
        for (i, (to, with_reason, as_tech)) in steps.into_iter().enumerate() {
            let to = JobStatus::ALL[to];
            let actor = if as_tech { tech.clone() } else { sup.clone() };
            f.clock.set(T0 + i64::try_from(i).unwrap() * MINUTE);
            let before = counts(&f);
            let result = transition(&mut f.store, &actor, &id, to, with_reason.then_some("Motif"));
            match result {
                Ok(d) => {
                    prop_assert!(can_transition(current, to), "{current:?} -> {to:?} accepted");
                    prop_assert!(!guard::needs_intervention(current, to), "{current:?} -> {to:?}");
                    prop_assert!(!reason_required(current, to) || with_reason);
                    prop_assert_eq!(d.row.status, to);
                    current = to;
                }
                Err(_) => prop_assert_eq!(counts(&f), before),
            }
            let stored: String = f.store.conn().query_row("SELECT status FROM jobs WHERE id = ?1", [&id], |r| r.get(0)).unwrap();
            prop_assert_eq!(stored.as_str(), current.as_str());
        }
        let d = get(f.store.conn(), &sup, &id, T0).unwrap();
        let mut replay: Option<JobStatus> = None;
        for h in &d.history {
            prop_assert_eq!(h.from, replay);
            if let Some(from) = h.from {
                prop_assert!(can_transition(from, h.to));
            }
            replay = Some(h.to);
        }
        prop_assert_eq!(replay, Some(current));
    }
}
