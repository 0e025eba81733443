//! A head office's local database holds every shop's rows ([`crate::sync::head_office`]). A real
//! car can be a client of two shops: each shop has its own vehicle row for it, with the same
//! plate (and VIN). A shop terminal keeps one live vehicle per plate and per VIN (the vehicle
//! validation refuses a second, and the unique indexes of migration 0004 back it); a head office
//! must hold both shops' rows, so there these two indexes are plain ones of the same name (the
//! plate and VIN lookups and the search stay as fast). The core's vehicle validation still
//! refuses a second live vehicle of one plate made at the head office itself (it asks the table,
//! not the index).
//!
//! Done when the folder becomes a head office, and again at every open after the migrations (a
//! later migration that made them again is undone here). A folder is a head office while its
//! `sync_config` says so; the indexes are never made unique again (two shops' rows may be there).

use rusqlite::{Connection, OptionalExtension as _};

use crate::error::CoreResult;

/// The unique indexes a head office holds as plain ones: (name, table, plain definition).
pub const RELAXED: &[(&str, &str, &str)] = &[
    (
        "vehicles_plate_live",
        "vehicles",
        "CREATE INDEX vehicles_plate_live ON vehicles (plate_key) WHERE deleted_at IS NULL",
    ),
    (
        "vehicles_vin_live",
        "vehicles",
        "CREATE INDEX vehicles_vin_live ON vehicles (vin)
         WHERE deleted_at IS NULL AND vin IS NOT NULL",
    ),
];

/// True when this database is a chain's head office (its sync configuration's shop is every
/// shop).
pub fn is_head_office(conn: &Connection) -> CoreResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sync_config WHERE shop_id = ?1)",
        [crate::sync::head_office::HEAD_OFFICE],
        |r| r.get(0),
    )?)
}

/// Makes the [`RELAXED`] indexes plain ones (those already plain are left). Call inside a
/// transaction. Returns how many were changed.
pub fn relax_indexes(conn: &Connection) -> CoreResult<usize> {
    let mut changed = 0;
    for (name, table, plain) in RELAXED {
        let unique: Option<bool> = conn
            .query_row(
                "SELECT \"unique\" FROM pragma_index_list(?1) WHERE name = ?2",
                [table, name],
                |r| r.get(0),
            )
            .optional()?;
        if unique == Some(false) {
            continue;
        }
        conn.execute_batch(&format!("DROP INDEX IF EXISTS {name}; {plain};"))?;
        changed += 1;
    }
    if changed > 0 {
        tracing::info!(
            changed,
            "head office: the plate and VIN indexes hold every shop's vehicles"
        );
    }
    Ok(changed)
}

/// At open, after the migrations: a head office's indexes are made plain again if needed.
pub(super) fn at_open(conn: &mut Connection) -> CoreResult<()> {
    if !is_head_office(conn)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if relax_indexes(&tx)? > 0 {
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn unique_of(conn: &Connection, name: &str) -> bool {
        conn.query_row(
            "SELECT \"unique\" FROM pragma_index_list('vehicles') WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
    }

    #[test]
    fn a_head_office_gets_plain_indexes_once_and_a_shop_keeps_unique_ones() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::migrate(&mut conn).unwrap();
        // A shop terminal (no configuration, or a shop's): unchanged.
        at_open(&mut conn).unwrap();
        for (name, _, _) in RELAXED {
            assert!(unique_of(&conn, name), "{name}");
        }
        conn.execute(
            "INSERT INTO sync_config (singleton, server, shop_id, role, secret)
             VALUES (1, 'postgres://h/d', 'shop', 'r', 's')",
            [],
        )
        .unwrap();
        at_open(&mut conn).unwrap();
        for (name, _, _) in RELAXED {
            assert!(unique_of(&conn, name), "{name}");
        }
        // A head office: plain, and a second open changes nothing.
        conn.execute("UPDATE sync_config SET shop_id = '*'", [])
            .unwrap();
        at_open(&mut conn).unwrap();
        for (name, _, _) in RELAXED {
            assert!(!unique_of(&conn, name), "{name}");
        }
        assert_eq!(relax_indexes(&conn).unwrap(), 0);
        // A migration that made one unique again is undone at the next open.
        conn.execute_batch(
            "DROP INDEX vehicles_vin_live;
             CREATE UNIQUE INDEX vehicles_vin_live ON vehicles (vin)
                 WHERE deleted_at IS NULL AND vin IS NOT NULL;",
        )
        .unwrap();
        at_open(&mut conn).unwrap();
        assert!(!unique_of(&conn, "vehicles_vin_live"));
        // The plain indexes are still the ones the plate lookups use.
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM vehicles
                 WHERE plate_key = 'AB123CD' AND deleted_at IS NULL",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("vehicles_plate_live"), "{plan}");
    }
}
