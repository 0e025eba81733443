//! The sync policy covers the schema, the capture triggers work on every synced table, and the
//! change log of real use (the demo shop) replays into an empty database identically.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::cast_precision_loss
)]

use std::collections::BTreeSet;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::Store;
use super::capture::{self, ident};
use super::replay;
use super::sync_policy::{self, FIELD_TABLE_COLUMNS, Policy, TABLES};
use crate::CoreError;

/// Tables of the main schema, FTS5 shadow tables left out (their index is listed).
fn schema_tables(conn: &Connection) -> Vec<String> {
    let mut st = conn
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main'
               AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// `(name, declared type, part of the primary key)` of a table's columns.
fn table_info(conn: &Connection, table: &str) -> Vec<(String, String, bool)> {
    let mut st = conn
        .prepare("SELECT name, upper(type), pk FROM pragma_table_info(?1, 'main')")
        .unwrap();
    st.query_map([table], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? > 0))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// A shop's snapshot (`rpma sync init-server`) is sent table by table in this order, and a
/// joining terminal or head office applies it so: a row sent before the row it refers to would
/// be set aside (a job on a shop's own template, before the template).
#[test]
fn synced_tables_come_after_the_synced_tables_they_refer_to() {
    let store = Store::open_in_memory().unwrap();
    let conn = store.conn();
    let order: Vec<&str> = sync_policy::synced().map(|t| t.table).collect();
    for (i, table) in order.iter().enumerate() {
        let parents: Vec<String> = conn
            .prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")
            .unwrap()
            .query_map([table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for parent in parents.iter().filter(|p| p.as_str() != *table) {
            if let Some(j) = order.iter().position(|t| t == parent) {
                assert!(j < i, "{table} refers to {parent}, which is sent after it");
            }
        }
    }
}

#[test]
fn every_table_is_synced_or_declared_local() {
    let s = Store::open_in_memory().unwrap();
    let conn = s.conn();
    let tables = schema_tables(conn);
    let unlisted: Vec<&String> = tables
        .iter()
        .filter(|t| sync_policy::policy_of(t).is_none())
        .collect();
    assert!(
        unlisted.is_empty(),
        "tables with no sync policy (add them to store/sync_policy.rs): {unlisted:?}"
    );
    let mut seen = BTreeSet::new();
    for t in TABLES {
        assert!(seen.insert(t.table), "{} listed twice", t.table);
        assert!(
            tables.iter().any(|x| x == t.table),
            "{} is not in the schema",
            t.table
        );
        let info = table_info(conn, t.table);
        let has = |c: &str| info.iter().any(|(n, _, _)| n == c);
        if t.policy.is_synced() {
            assert!(!t.key.is_empty(), "{} has no sync key", t.table);
            for k in t.key.iter().chain(t.local_columns) {
                assert!(has(k), "{}.{k} does not exist", t.table);
            }
            let names = capture::trigger_names(t.table);
            for name in &names {
                let n: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' AND name = ?1",
                        [name],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(n, 1, "capture trigger {name} missing");
            }
        } else {
            assert!(
                t.key.is_empty() && t.local_columns.is_empty(),
                "{}",
                t.table
            );
        }
    }
}

/// How `table` departs from the convention of its policy (empty when it follows it): a
/// primary key that is its sync key; per-field tables also `updated_at`, `deleted_at` and
/// `deleted_by`.
fn convention_breaches(
    conn: &Connection,
    table: &str,
    policy: Policy,
    key: &[&str],
    local: &[&str],
) -> Vec<String> {
    let info = table_info(conn, table);
    let mut out = Vec::new();
    let pk: Vec<&str> = info
        .iter()
        .filter(|(_, _, pk)| *pk)
        .map(|(n, _, _)| n.as_str())
        .collect();
    if pk.is_empty() {
        out.push(format!("{table} has no primary key"));
    } else if policy.is_synced() && !pk.iter().all(|c| local.contains(c)) {
        // A primary key that numbers the rows here (`rid`, `seq`) is local; the sync key is then
        // a unique column.
        let mut a = pk.clone();
        let mut b = key.to_vec();
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            out.push(format!(
                "{table}: sync key {key:?} is not its primary key {pk:?}"
            ));
        }
    }
    if policy == Policy::Fields {
        for c in FIELD_TABLE_COLUMNS {
            if !info.iter().any(|(n, _, _)| n == c) {
                out.push(format!("{table} has no {c}"));
            }
        }
    }
    out
}

#[test]
fn every_synced_table_follows_the_convention() {
    let s = Store::open_in_memory().unwrap();
    let conn = s.conn();
    let breaches: Vec<String> = sync_policy::synced()
        .flat_map(|t| convention_breaches(conn, t.table, t.policy, t.key, t.local_columns))
        .collect();
    assert!(breaches.is_empty(), "{breaches:#?}");
    // The check sees a table that forgets the convention.
    conn.execute_batch(
        "CREATE TABLE forgetful (name TEXT NOT NULL, updated_at INTEGER NOT NULL);
         CREATE TABLE half (id TEXT PRIMARY KEY, updated_at INTEGER, deleted_at INTEGER);",
    )
    .unwrap();
    assert_eq!(
        convention_breaches(conn, "forgetful", Policy::Fields, &["name"], &[]),
        [
            "forgetful has no primary key",
            "forgetful has no deleted_at",
            "forgetful has no deleted_by"
        ]
    );
    assert_eq!(
        convention_breaches(conn, "half", Policy::Fields, &["id"], &[]),
        ["half has no deleted_by"]
    );
    assert!(
        convention_breaches(
            conn,
            "half",
            Policy::AppendOnly { erasable: true },
            &["id"],
            &[]
        )
        .is_empty()
    );
}

/// A value of a declared type that differs for each `n` (doubles that binary cannot hold
/// exactly, to catch any rounding on the way through the log).
fn synthetic(ty: &str, n: i64) -> Value {
    if ty.contains("INT") {
        Value::Integer(n)
    } else if ty.contains("REAL") {
        Value::Real(n as f64 / 3.0)
    } else if ty.contains("BLOB") {
        Value::Blob(vec![0, 0xff, (n % 256) as u8])
    } else {
        Value::Text(format!("t{n}-{}", crate::ids::new_id()))
    }
}

fn last_change(conn: &Connection) -> Option<(i64, String, String, String, Option<String>)> {
    conn.query_row(
        "SELECT seq, table_name, row_key, op, data FROM change_log ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .ok()
}

/// Inserts, updates and deletes a synthetic row in every table (CHECK constraints off, foreign
/// keys deferred, everything rolled back): synced tables log exactly what changed, append-only
/// ones refuse edits, local ones log nothing.
#[test]
fn capture_triggers_work_on_every_table() {
    let mut s = Store::open_in_memory().unwrap();
    s.conn()
        .execute_batch("PRAGMA ignore_check_constraints = ON")
        .unwrap();
    let terminal = s.terminal().id.clone();
    let mut checked = Vec::new();
    let r: crate::CoreResult<()> = s.write(Some("u-test"), |tx| {
        let conn = tx.conn();
        conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        for (i, t) in TABLES.iter().enumerate() {
            if matches!(t.policy, Policy::Local(_)) && t.table.ends_with("_fts") {
                continue;
            }
            let info: Vec<_> = table_info(conn, t.table)
                .into_iter()
                .filter(|(n, _, _)| !t.local_columns.contains(&n.as_str()))
                .collect();
            let base = 1000 * (i as i64 + 1);
            let values: Vec<Value> = info
                .iter()
                .enumerate()
                .map(|(k, (_, ty, _))| synthetic(ty, base + k as i64))
                .collect();
            let names: Vec<String> = info.iter().map(|(n, _, _)| ident(n)).collect();
            let marks: Vec<String> = (1..=names.len()).map(|k| format!("?{k}")).collect();
            conn.execute(
                &format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    ident(t.table),
                    names.join(", "),
                    marks.join(", ")
                ),
                rusqlite::params_from_iter(values.clone()),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", t.table));
            let after = last_change(conn);
            if !t.policy.is_synced() {
                let logged: i64 = conn.query_row(
                    "SELECT count(*) FROM change_log WHERE table_name = ?1",
                    [t.table],
                    |r| r.get(0),
                )?;
                assert_eq!(logged, 0, "{} is local but was logged", t.table);
                checked.push(t.table);
                continue;
            }
            let key_of = |vals: &[Value]| -> String {
                let parts: Vec<serde_json::Value> = t
                    .key
                    .iter()
                    .map(|k| {
                        let i = info.iter().position(|(n, _, _)| n == k).unwrap();
                        match &vals[i] {
                            Value::Integer(n) => serde_json::json!(n),
                            Value::Text(s) => serde_json::json!(s),
                            other => panic!("{}: key value {other:?}", t.table),
                        }
                    })
                    .collect();
                serde_json::Value::Array(parts).to_string()
            };
            let (seq, table, key, op, data) = after.unwrap();
            assert_eq!((table.as_str(), op.as_str()), (t.table, "I"));
            assert_eq!(key, key_of(&values), "{}", t.table);
            let (hlc, tx_id, user, term): (i64, String, String, String) = conn.query_row(
                "SELECT hlc, tx_id, user_id, terminal_id FROM change_log WHERE seq = ?1",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            assert_eq!(
                (hlc, tx_id.as_str(), user.as_str(), term.as_str()),
                (tx.hlc(), tx.tx_id(), "u-test", terminal.as_str()),
                "{}",
                t.table
            );
            // Every column comes back as it was written, bit for bit.
            let data: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&data.unwrap()).unwrap();
            let cols = capture::columns(conn, t)?;
            assert_eq!(data.len(), cols.len(), "{}", t.table);
            for (c, v) in cols.iter().zip(&values) {
                assert_eq!(
                    &replay::to_sql(&data[&c.name], c.kind)?,
                    v,
                    "{}.{}",
                    t.table,
                    c.name
                );
            }
            // An update logs only the changed column; an update that changes nothing, nothing.
            let (col, ty, _) = info
                .iter()
                .find(|(n, _, _)| !t.key.contains(&n.as_str()))
                .unwrap();
            let cond: Vec<String> = t
                .key
                .iter()
                .map(|k| {
                    let i = info.iter().position(|(n, _, _)| n == k).unwrap();
                    format!("{} = {}", ident(k), sql_literal(&values[i]))
                })
                .collect();
            let cond = cond.join(" AND ");
            let fresh = synthetic(ty, base + 999);
            let updated = conn.execute(
                &format!(
                    "UPDATE {} SET {} = ?1 WHERE {cond}",
                    ident(t.table),
                    ident(col)
                ),
                [&fresh],
            );
            match t.policy {
                Policy::AppendOnly { .. } => {
                    assert!(
                        updated.is_err(),
                        "{}: append-only but UPDATE passed",
                        t.table
                    );
                }
                _ => {
                    updated.unwrap_or_else(|e| panic!("{}: {e}", t.table));
                    let (_, _, ukey, uop, udata) = last_change(conn).unwrap();
                    assert_eq!((uop.as_str(), ukey), ("U", key_of(&values)), "{}", t.table);
                    let udata: serde_json::Map<String, serde_json::Value> =
                        serde_json::from_str(&udata.unwrap()).unwrap();
                    assert_eq!(
                        udata.keys().collect::<Vec<_>>(),
                        vec![col],
                        "{}: only the changed column",
                        t.table
                    );
                    let before = last_change(conn).map(|c| c.0);
                    conn.execute(
                        &format!("UPDATE {} SET {1} = {1}", ident(t.table), ident(col)),
                        [],
                    )?;
                    assert_eq!(last_change(conn).map(|c| c.0), before, "{}", t.table);
                }
            }
            // Delete.
            let deleted = conn.execute(&format!("DELETE FROM {} WHERE {cond}", ident(t.table)), []);
            if t.policy == (Policy::AppendOnly { erasable: false }) {
                assert!(deleted.is_err(), "{}: DELETE passed", t.table);
            } else {
                assert_eq!(deleted.unwrap_or_else(|e| panic!("{}: {e}", t.table)), 1);
                let (_, _, dkey, dop, ddata) = last_change(conn).unwrap();
                assert_eq!((dop.as_str(), dkey, ddata), ("D", key_of(&values), None));
            }
            checked.push(t.table);
        }
        // Any error rolls the whole use case back.
        Err(CoreError::Refused {
            key: "err-number-series",
        })
    });
    assert!(r.is_err());
    assert_eq!(
        checked.len(),
        TABLES.iter().filter(|t| !t.table.ends_with("_fts")).count()
    );
    let left: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "the rolled-back use case left nothing in the log");
}

fn sql_literal(v: &Value) -> String {
    match v {
        Value::Integer(n) => n.to_string(),
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        other => panic!("key literal {other:?}"),
    }
}

#[test]
fn writes_outside_store_write_are_stamped_by_the_next_use_case_and_bypass_logs_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    s.conn()
        .execute(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
             VALUES ('c1', 'individual', 'Marie', 0, 0)",
            [],
        )
        .unwrap();
    let unstamped: (Option<i64>, Option<String>) = s
        .conn()
        .query_row("SELECT hlc, tx_id FROM change_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(unstamped, (None, None));
    let (hlc, tx_id) = s
        .write(None, |tx| Ok((tx.hlc(), tx.tx_id().to_owned())))
        .unwrap();
    let stamped: (Option<i64>, Option<String>) = s
        .conn()
        .query_row("SELECT hlc, tx_id FROM change_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stamped, (Some(hlc), Some(tx_id)));
    // Applying pulled changes captures nothing, and the clock moves past what it saw.
    let remote = hlc + (1 << 30);
    s.apply_pulled(|tx| {
        tx.conn().execute(
            "UPDATE clients SET name = 'Marie Curie' WHERE id = 'c1'",
            [],
        )?;
        tx.observe_hlc(remote)
    })
    .unwrap();
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    assert!(s.hlc() >= remote);
    let next = s.write(None, |tx| Ok(tx.hlc())).unwrap();
    assert!(
        next > remote,
        "later local changes order after the pulled ones"
    );
    // After a use case, a write outside one is captured unstamped again.
    s.conn()
        .execute("UPDATE clients SET city = 'Lyon' WHERE id = 'c1'", [])
        .unwrap();
    let last: (String, Option<String>) = s
        .conn()
        .query_row(
            "SELECT data, tx_id FROM change_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(last, (r#"{"city":"Lyon"}"#.to_owned(), None));
}

#[test]
fn the_clock_is_monotonic_across_reopen_and_a_clock_going_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpma.db");
    let clock = crate::clock::ManualClock::new(crate::testutil::T0);
    let (mut s, _) = Store::open_with_clock(&path, clock.clone()).unwrap();
    let mut last = 0;
    for _ in 0..3 {
        let h = s
            .write(None, |tx| {
                tx.conn().execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES (?1, '1', 0)",
                    [crate::ids::new_id()],
                )?;
                Ok(tx.hlc())
            })
            .unwrap();
        assert!(h > last);
        last = h;
    }
    drop(s);
    // Reopened with the clock an hour behind: still after every value used.
    clock.set(crate::testutil::T0 - 3_600_000);
    let (mut s, _) = Store::open_with_clock(&path, clock).unwrap();
    let h = s.write(None, |tx| Ok(tx.hlc())).unwrap();
    assert!(h > last);
    assert_eq!(super::hlc::physical_ms(h), crate::testutil::T0);
}

/// The demo shop (accounts, planning, guided interventions, all through the services): every
/// change is logged, an empty database replays the log to the same synced content, and the
/// tables whose rows were deleted for real are the ones declared as such.
#[test]
fn the_demo_shop_replays_into_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    // The demo in a data folder (its photo files in the folder's store, where the photos are
    // attached from), opened by this build.
    let path = dir.path().join("rpma.db");
    crate::testutil::demo_file(
        &path,
        rpma_demo::DEFAULT_SEED,
        Some(&rpma_demo::generate::ShopSize {
            clients: 60,
            vehicles: 80,
            jobs: 300,
            ..rpma_demo::generate::ShopSize::DEMO
        }),
        true,
    );
    let (src, _) = Store::open(&path).unwrap();
    let mut dst = Store::open_in_memory().unwrap();
    let n = replay::replay(src.conn(), &mut dst).unwrap();
    assert!(n > 1000, "{n} changes");
    let a = replay::synced_content(src.conn()).unwrap();
    let b = replay::synced_content(dst.conn()).unwrap();
    for ((table, rows_a), (_, rows_b)) in a.iter().zip(&b) {
        assert_eq!(rows_a.len(), rows_b.len(), "{table}");
        assert!(rows_a == rows_b, "{table} differs after replay");
    }
    // The replayed audit log verifies, as the source terminal's chain.
    let chains = crate::audit::verify_chains(dst.conn()).unwrap();
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].terminal_id, src.terminal().id);
    assert!(chains[0].result.is_ok(), "{chains:?}");
    assert_eq!(
        dst.conn()
            .query_row("SELECT count(*) FROM change_log", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        0
    );
    // Rows are deleted for real only in append-only tables (the demo rewinds their history);
    // per-field tables soft-delete.
    let deleted: Vec<String> = src
        .conn()
        .prepare("SELECT DISTINCT table_name FROM change_log WHERE op = 'D'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in &deleted {
        assert!(
            matches!(
                sync_policy::policy_of(t).map(|p| p.policy),
                Some(Policy::AppendOnly { erasable: true })
            ),
            "{t} has hard deletes; per-field tables set deleted_at"
        );
    }
    let ops: BTreeSet<String> = src
        .conn()
        .prepare("SELECT DISTINCT op FROM change_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ops.len(), 3, "{ops:?}");
}
