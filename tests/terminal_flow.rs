//! This terminal's code: shown in About, and part of the job numbers this terminal gives.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, labels, login, shows};
use egui_kittest::kittest::Queryable as _;
use rpma_core::Store;

#[test]
fn about_shows_this_terminals_code_and_job_numbers_carry_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path(), true);
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let terminal = store.terminal().clone();
    // The demo's jobs were numbered on this terminal: `YYYYMMDD-CODE-NNN`.
    let numbers: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM jobs WHERE number LIKE '%-' || ?1 || '-%'",
            [&terminal.code],
            |r| r.get(0),
        )
        .unwrap();
    let all: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
        .unwrap();
    assert!(
        all > 0 && numbers == all,
        "{numbers} of {all} jobs carry {}",
        terminal.code
    );
    drop(store);

    login(&mut h, "karim", "Demo-Tech-2026");
    h.get_by_label_contains("   À propos").click();
    h.run_steps(4);
    assert!(shows(&h, "Terminal"), "{}", labels(&h));
    assert!(
        shows(&h, &format!("{} · {}", terminal.code, terminal.id)),
        "the code and id are shown: {}",
        labels(&h)
    );
}
