//! After creation: what technicians see and may change on their own jobs, edits, the trash,
//! the wizard's drafts, and the job lists' sort, filter and paging.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use super::tests::{count, new_job, setup};
use super::*;
use crate::testutil::{MINUTE, T0};

const HOUR: i64 = 60 * MINUTE;

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
