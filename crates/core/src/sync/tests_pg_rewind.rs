//! A data folder restored from an older backup is refused by the hub's push instead of losing
//! the changes it makes afterwards (against a real PostgreSQL, as [`super::tests_pg`]).

#![allow(clippy::unwrap_used, clippy::panic)]

use super::tests_pg::{TestHub, client_input, shop};
use super::{SyncError, local};
use crate::clients;

#[test]
fn a_folder_restored_from_an_older_backup_is_refused_instead_of_losing_its_changes() {
    let Some(hub) = TestHub::new("rewound") else {
        return;
    };
    let (mut f, _joined, _) = shop(&hub, 0);
    let admin = f.admin.clone();
    // The state a backup would hold.
    let backup_seq = local::require(f.store.conn()).unwrap().pushed_seq;
    for i in 0..3 {
        clients::create(
            &mut f.store,
            &admin,
            &client_input(&format!("Avant{i}"), &format!("avant{i}@exemple.fr")),
        )
        .unwrap();
    }
    super::sync_once(&mut f.store).unwrap();
    let me = f.store.terminal().id.clone();
    let mut admin_c = hub.admin();
    let on_hub = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT count(*) FROM rpma_hub.changes WHERE terminal_id = $1",
            &[&me],
        )
        .unwrap()
        .get(0)
    };
    let before = on_hub(&mut admin_c);
    // Restored from that backup: the log and its acknowledgement go back in time.
    f.store
        .conn()
        .execute_batch(&format!(
            "DELETE FROM change_log WHERE seq > {backup_seq};
             UPDATE sync_config SET pushed_seq = {backup_seq};"
        ))
        .unwrap();
    // A new change reuses positions the hub already holds.
    clients::create(
        &mut f.store,
        &admin,
        &client_input("Après", "apres@exemple.fr"),
    )
    .unwrap();
    let r = super::sync_once(&mut f.store);
    assert!(matches!(r, Err(SyncError::Rewound)), "{r:?}");
    assert!(
        SyncError::Rewound
            .message(crate::Lang::Fr)
            .contains("restauré depuis une sauvegarde plus ancienne")
    );
    assert_eq!(
        on_hub(&mut admin_c),
        before,
        "nothing skipped silently, nothing sent"
    );
    // The error is recorded for `rpma sync status` and the status bar.
    let st = super::status(&f.store).unwrap();
    assert!(!st.errors.is_empty(), "{st:?}");
}
