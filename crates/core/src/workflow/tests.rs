#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use crate::error::CoreError;
use crate::store::Store;
use crate::testutil;

#[test]
fn builtins_are_seeded_and_valid() {
    let store = Store::open_in_memory().unwrap();
    let all = list(store.conn(), false).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, STANDARD_ID);
    assert_eq!(all[0].steps.len(), 4);
    assert_eq!(all[1].id, EXPRESS_ID);
    assert_eq!(all[1].steps.len(), 3);
    assert!(all[1].steps.iter().all(|s| s.kind != StepKind::Preparation));
    for t in &all {
        validate(t).unwrap();
        for s in &t.steps {
            for c in &s.checklist {
                assert!(!c.label.fr.is_empty() && !c.label.en.is_empty());
            }
        }
    }
    // Checklists as RPMA v2 shows them.
    let std = &all[0];
    let ids: Vec<&str> = std.steps[1]
        .checklist
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "wash",
            "clay_bar",
            "ipa",
            "masking",
            "drying",
            "surface_check"
        ]
    );
    // Migration 14 put them there once (`the_migration_keeps_templates_already_there`: a
    // second seeding changes nothing).
    assert_eq!(list(store.conn(), true).unwrap().len(), 2);
}

#[test]
fn default_rule_is_express_up_to_two_zones() {
    assert_eq!(default_for_zone_count(1), EXPRESS_ID);
    assert_eq!(default_for_zone_count(2), EXPRESS_ID);
    assert_eq!(default_for_zone_count(3), STANDARD_ID);
    let store = Store::open_in_memory().unwrap();
    assert_eq!(resolve(store.conn(), None, 5).unwrap(), STANDARD_ID);
    assert_eq!(
        resolve(store.conn(), Some(EXPRESS_ID), 5).unwrap(),
        EXPRESS_ID
    );
    assert!(resolve(store.conn(), Some("nope"), 5).is_err());
}

#[test]
fn validation_names_the_faulty_fields() {
    let mut t = standard();
    t.name.fr = " ".into();
    t.steps[0].title.fr = String::new();
    t.steps[1].max_photos = Some(0);
    t.steps.swap(2, 3);
    let Err(CoreError::Invalid(f)) = validate(&t) else {
        panic!("should be refused")
    };
    let fields: Vec<&str> = f.0.iter().map(|e| e.field).collect();
    assert!(fields.contains(&"name"));
    assert!(fields.contains(&"step.1.title"));
    assert!(fields.contains(&"step.2.photos"));
    assert!(fields.contains(&"steps"));
}

#[test]
fn saving_bumps_the_version_and_only_admins_may() {
    let f = testutil::Fixture::new();
    let (mut store, admin, tech) = (f.store, f.admin, f.technician);
    let mut t = get(store.conn(), STANDARD_ID).unwrap();
    t.steps[2].approval = true;
    t.steps[1].checklist.push(ChecklistItem {
        id: String::new(),
        label: Text::new("Contrôle à la lampe", "Lamp check"),
        required: false,
    });
    assert!(matches!(
        save(&mut store, &tech, &t),
        Err(CoreError::Forbidden(_))
    ));
    assert_eq!(get(store.conn(), STANDARD_ID).unwrap().version, 1);
    let saved = save(&mut store, &admin, &t).unwrap();
    assert_eq!(saved.version, 2);
    assert!(saved.steps[2].approval);
    assert_eq!(
        saved.steps[1].checklist.last().unwrap().id,
        "contr_le_la_lampe"
    );
    t.active = false;
    assert!(matches!(
        save(&mut store, &admin, &t),
        Err(CoreError::Refused {
            key: "wf-err-builtin-inactive"
        })
    ));
    let copy = duplicate(&mut store, &admin, STANDARD_ID, Lang::Fr).unwrap();
    assert_ne!(copy.id, STANDARD_ID);
    assert_eq!(copy.name.fr, "PPF standard (copie)");
    assert_eq!(copy.version, 1);
    assert_eq!(list(store.conn(), false).unwrap().len(), 3);
}

/// The built-in templates come from migration 15, equal to `standard()` and `express()`, with
/// their fixed ids and time 0 (the same rows on every terminal, not captured).
#[test]
fn the_migration_seeds_exactly_the_built_in_templates() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    crate::store::migrations::migrate_to(&mut conn, 13).unwrap();
    let count = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM workflow_templates", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&conn), 0);
    crate::store::migrations::migrate(&mut conn).unwrap();
    assert_eq!(count(&conn), 2);
    for t in [standard(), express()] {
        let got = get(&conn, &t.id).unwrap();
        assert_eq!(got, t);
        let (created, updated): (i64, i64) = conn
            .query_row(
                "SELECT created_at, updated_at FROM workflow_templates WHERE id = ?1",
                [&t.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((created, updated), (0, 0));
    }
    // A store opens with them and captures nothing for them.
    let store = Store::open_in_memory().unwrap();
    assert_eq!(list(store.conn(), true).unwrap().len(), 2);
    let logged: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name = 'workflow_templates'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 0);
}

/// A database seeded at open by an older version (level 13, templates present, one edited by an
/// admin) keeps its rows as they are: no duplicate, no overwrite.
#[test]
fn the_migration_keeps_templates_already_there() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    crate::store::migrations::migrate_to(&mut conn, 13).unwrap();
    conn.execute(
        "INSERT INTO workflow_templates (id, code, name_fr, name_en, description_fr,
            description_en, version, is_active, steps, created_at, updated_at)
         VALUES (?1, 'standard', 'Mon standard', 'My standard', '', '', 3, 1, '[]', 0, 50)",
        [STANDARD_ID],
    )
    .unwrap();
    crate::store::migrations::migrate(&mut conn).unwrap();
    let rows: Vec<(String, String, i64)> = conn
        .prepare("SELECT id, name_fr, version FROM workflow_templates ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        [
            (EXPRESS_ID.to_owned(), "Express".to_owned(), 1),
            (STANDARD_ID.to_owned(), "Mon standard".to_owned(), 3)
        ]
    );
}
