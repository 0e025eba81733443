//! The status table ([`can_transition`]) and a property test of random transitions against it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use proptest::prelude::*;

use super::tests::{counts, new_job, setup};
use super::*;
use crate::testutil::{MINUTE, T0};

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
