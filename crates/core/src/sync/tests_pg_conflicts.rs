//! A step edited on two terminals while neither had the other's edit: the terminal that learns
//! of it keeps both versions for the technician, whose choice then syncs (against a real
//! PostgreSQL, as [`super::tests_pg`]).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::tests_pg::TestHub;
use crate::Store;
use crate::interventions::tests::{job, setup};
use crate::interventions::{self, Keep, StepEdit};
use crate::testutil::MINUTE;

fn notes(store: &Store, iv: &str) -> String {
    store
        .conn()
        .query_row(
            "SELECT notes FROM intervention_steps WHERE intervention_id = ?1 AND position = 0",
            [iv],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_step_edited_on_two_terminals_is_kept_for_a_choice_that_then_syncs() {
    let Some(hub) = TestHub::new("step_conflict") else {
        return;
    };
    let mut f = setup();
    let j = job(&mut f, &["hood"], None);
    let tech = f.technician.clone();
    let iv = interventions::start(&mut f.store, &tech, &j).unwrap().id;
    let code = super::init_server(&hub.url, &mut f.store, "Accueil").unwrap();
    let mut b = Store::open_in_memory_with_clock(f.clock.clone()).unwrap();
    super::join(&hub.url, &code.encode(), "Baie", &mut b).unwrap();
    let edit = |text: &str| StepEdit {
        notes: text.to_owned(),
        ..StepEdit::default()
    };
    // Both terminals type into the same step before either syncs.
    interventions::save_step(&mut f.store, &tech, &iv, 0, &edit("Rayure portière avant")).unwrap();
    f.clock.advance(MINUTE);
    interventions::save_step(&mut b, &tech, &iv, 0, &edit("Éclat sur le capot")).unwrap();
    // The first to sync sees nothing; the second learns of the clash.
    super::sync_once(&mut f.store).unwrap();
    assert_eq!(super::status(&f.store).unwrap().conflicts, 0);
    super::sync_once(&mut b).unwrap();
    let seen = interventions::get(b.conn(), &tech, &iv).unwrap();
    assert_eq!(seen.conflicts.len(), 1, "{:?}", seen.conflicts);
    let c = seen.conflicts[0].clone();
    assert_eq!((c.step, c.field.as_str()), (0, "notes"));
    assert_eq!(c.mine, "Éclat sur le capot");
    assert_eq!(c.theirs, "Rayure portière avant");
    assert!(!c.theirs_kept, "the newer edit (this one) holds for now");
    assert_eq!(c.their_user.as_deref(), Some(tech.display_name.as_str()));
    assert_eq!(super::status(&b).unwrap().conflicts, 1);
    // Every terminal holds the same value until the choice.
    super::sync_once(&mut f.store).unwrap();
    assert_eq!(notes(&f.store, &iv), "Éclat sur le capot");
    // A viewer cannot choose; the technician keeps the other terminal's text.
    let viewer = f.viewer.clone();
    assert!(interventions::resolve_conflict(&mut b, &viewer, &iv, c.id, Keep::Theirs).is_err());
    assert_eq!(super::status(&b).unwrap().conflicts, 1);
    let after = interventions::resolve_conflict(&mut b, &tech, &iv, c.id, Keep::Theirs).unwrap();
    assert!(after.conflicts.is_empty());
    assert_eq!(after.steps[0].notes, "Rayure portière avant");
    assert_eq!(super::status(&b).unwrap().conflicts, 0);
    // The choice syncs to the other terminal, and is audited.
    super::sync_once(&mut b).unwrap();
    super::sync_once(&mut f.store).unwrap();
    assert_eq!(notes(&f.store, &iv), "Rayure portière avant");
    let audited: i64 = b
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'intervention.conflict_resolve'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // Edits of the same step that do not clash (the same text, or one side only) keep nothing.
    interventions::save_step(&mut f.store, &tech, &iv, 0, &edit("Vu ensemble")).unwrap();
    interventions::save_step(&mut b, &tech, &iv, 0, &edit("Vu ensemble")).unwrap();
    super::sync_once(&mut f.store).unwrap();
    super::sync_once(&mut b).unwrap();
    assert_eq!(super::status(&b).unwrap().conflicts, 0);
}
