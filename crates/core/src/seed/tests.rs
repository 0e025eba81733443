//! The seeder: only on a brand-new shop, only into the planning tables, captured like any write.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use super::*;
use crate::auth::permissions::Role;
use crate::testutil::{Fixture, PW_TECH, new_user};

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_seeder_is_refused_on_a_shop_that_has_accounts() {
    let mut f = Fixture::new();
    let err = Seeder::new_shop(&mut f.store).unwrap_err();
    assert!(matches!(err, CoreError::Refused { key } if key == NOT_NEW));
}

#[test]
fn a_seeder_is_refused_once_it_made_the_first_account() {
    let mut store = Store::open_in_memory().unwrap();
    {
        let mut seeder = Seeder::new_shop(&mut store).unwrap();
        seeder
            .write(|tx| {
                tx.create_account(&new_user("karim", Role::Technician, PW_TECH), Some("2580"))
            })
            .unwrap();
    }
    assert!(matches!(
        Seeder::new_shop(&mut store),
        Err(CoreError::Refused { key }) if key == NOT_NEW
    ));
}

#[test]
fn seeded_rows_are_captured_and_audited_and_only_planning_tables_take_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let sync_before = count(&store, "PRAGMA synchronous");
    let mut seeder = Seeder::new_shop(&mut store).unwrap();
    let tech = seeder
        .write(|tx| {
            let u = tx.create_account(&new_user("karim", Role::Technician, PW_TECH), None)?;
            let mut ins = tx.insert(
                "clients",
                &["id", "kind", "name", "created_at", "updated_at"],
            )?;
            ins.row(&[&"c-1", &"individual", &"Anne Martin", &1_i64, &1_i64])?;
            // A row of the wrong width is refused.
            assert!(ins.row(&[&"c-2"]).is_err());
            // Outside the planning tables: refused.
            assert!(matches!(
                tx.insert("users", &["id"]),
                Err(CoreError::Refused { key }) if key == NOT_SEEDABLE
            ));
            Ok(u)
        })
        .unwrap();
    // Sessions only for the accounts the seeder made.
    assert_eq!(seeder.session_for(&tech.id).unwrap().id, tech.id);
    assert!(seeder.session_for("someone-else").is_err());
    assert_eq!(seeder.accounts().len(), 1);
    drop(seeder);
    assert_eq!(count(&store, "PRAGMA synchronous"), sync_before);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE table_name = 'clients' AND row_key = '[\"c-1\"]'"
        ),
        1
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'user.create'"
        ),
        1
    );
    assert_eq!(count(&store, "SELECT count(*) FROM clients_fts"), 1);
}
