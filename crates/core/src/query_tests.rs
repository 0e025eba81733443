//! Tests of [`super`]: the sort whitelist, the search, the soft-delete filter, paging against
//! the count, bound (never interpolated) input, and the query plans of the client and vehicle
//! lists (the same indexes as the hand-written queries they replace).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::*;
use crate::clients::{self, ClientFilter, ClientInput, ClientKind, ClientSort};
use crate::testutil::Fixture;
use crate::vehicles::{VehicleFilter, VehicleSort};

fn person(name: &str, city: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        city: city.into(),
        country: "FR".into(),
        ..ClientInput::default()
    }
}

fn shop(n: usize) -> Fixture {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    for i in 0..n {
        let city = if i % 2 == 0 { "Lyon" } else { "Paris" };
        clients::create(
            &mut f.store,
            &admin,
            &person(&format!("Jean Client{i:02}"), city),
        )
        .unwrap();
    }
    f
}

#[test]
fn the_page_size_defaults_and_is_capped() {
    assert_eq!(Page::new(0, 0).rows(), DEFAULT_LIMIT);
    assert_eq!(Page::new(0, 7).rows(), 7);
    assert_eq!(Page::new(0, 50_000).rows(), MAX_LIMIT);
}

#[test]
fn sorts_come_from_the_whitelist_only() {
    let q = ListQuery::live("c");
    for s in [
        ClientSort::Name,
        ClientSort::Created,
        ClientSort::Jobs,
        ClientSort::LastJob,
        ClientSort::City,
    ] {
        let (sql, _) = q.page_sql("SELECT c.id FROM clients c", s, true, Page::default());
        assert!(
            sql.contains(&format!("ORDER BY {} DESC, c.rid DESC", s.order_by())),
            "{sql}"
        );
    }
    for s in [
        VehicleSort::Plate,
        VehicleSort::Make,
        VehicleSort::Owner,
        VehicleSort::Year,
        VehicleSort::Created,
    ] {
        assert!(!s.order_by().contains('?'));
    }
    // A sort arrives from the UI as an enum: any other text is refused before any SQL.
    let bad: Result<ClientSort, _> = serde_json::from_str("\"name; DROP TABLE clients\"");
    assert!(bad.is_err());
}

#[test]
fn live_rows_by_default_the_trash_on_demand() {
    let mut f = shop(4);
    let admin = f.admin.clone();
    let all = clients::list(f.store.conn(), &ClientFilter::default()).unwrap();
    clients::delete(&mut f.store, &admin, &all[0].id).unwrap();
    let live = ClientFilter::default();
    let trash = ClientFilter {
        deleted: true,
        ..ClientFilter::default()
    };
    let conn = f.store.conn();
    assert_eq!(clients::count(conn, &live).unwrap(), 3);
    assert!(
        clients::list(conn, &live)
            .unwrap()
            .iter()
            .all(|c| c.deleted_at.is_none())
    );
    let deleted = clients::list(conn, &trash).unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].id, all[0].id);
    assert_eq!(clients::count(conn, &trash).unwrap(), 1);
    assert_eq!(
        ListQuery::live("c").where_sql(),
        crate::store::soft_delete::live("c")
    );
    assert_eq!(
        ListQuery::live("").where_sql(),
        crate::store::soft_delete::LIVE
    );
}

#[test]
fn search_filters_and_sorts_combine() {
    let f = shop(6);
    let conn = f.store.conn();
    let found = clients::list(
        conn,
        &ClientFilter {
            text: "client0".into(),
            sort: ClientSort::Name,
            descending: true,
            ..ClientFilter::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = found.iter().map(|c| c.display_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Jean Client05",
            "Jean Client04",
            "Jean Client03",
            "Jean Client02",
            "Jean Client01",
            "Jean Client00"
        ]
    );
    let people = ClientFilter {
        text: "jean cli".into(),
        kind: Some(ClientKind::Individual),
        sort: ClientSort::City,
        ..ClientFilter::default()
    };
    assert_eq!(clients::count(conn, &people).unwrap(), 6);
    let rows = clients::list(conn, &people).unwrap();
    let cities: Vec<_> = rows.iter().filter_map(|c| c.city.as_deref()).collect();
    assert_eq!(cities, ["Lyon", "Lyon", "Lyon", "Paris", "Paris", "Paris"]);
    let none = ClientFilter {
        kind: Some(ClientKind::Business),
        ..ClientFilter::default()
    };
    assert_eq!(clients::count(conn, &none).unwrap(), 0);
    // No word, no search condition.
    let q = ListQuery::live("c").search("clients_fts", "  -- ");
    assert_eq!(q.args().len(), 0);
    assert_eq!(q.where_sql(), "c.deleted_at IS NULL");
}

#[test]
fn pages_cover_the_count_once() {
    let f = shop(25);
    let conn = f.store.conn();
    for sort in [ClientSort::Name, ClientSort::City, ClientSort::Jobs] {
        let mut seen = Vec::new();
        let mut offset = 0;
        loop {
            let page = clients::list(
                conn,
                &ClientFilter {
                    sort,
                    offset,
                    limit: 10,
                    ..ClientFilter::default()
                },
            )
            .unwrap();
            seen.extend(page.iter().map(|c| c.id.clone()));
            if page.len() < 10 {
                break;
            }
            offset += 10;
        }
        let total = clients::count(conn, &ClientFilter::default()).unwrap();
        assert_eq!(i64::try_from(seen.len()).unwrap(), total);
        seen.sort();
        seen.dedup();
        assert_eq!(i64::try_from(seen.len()).unwrap(), total, "{sort:?}");
    }
}

#[test]
fn hostile_input_is_bound_not_interpolated() {
    let f = shop(3);
    let conn = f.store.conn();
    let hostile = "x' OR 1=1; DROP TABLE clients; --";
    let filter = ClientFilter {
        text: hostile.into(),
        tag: Some(hostile.into()),
        ..ClientFilter::default()
    };
    let (sql, args) = filter.query().count_sql("clients c");
    assert!(!sql.contains("DROP"), "{sql}");
    assert!(!sql.contains("1=1"), "{sql}");
    assert!(args.contains(&Value::Text(hostile.to_owned())));
    assert_eq!(clients::list(conn, &filter).unwrap().len(), 0);
    assert_eq!(clients::count(conn, &filter).unwrap(), 0);
    let owner = VehicleFilter {
        owner_id: Some(hostile.into()),
        text: hostile.into(),
        ..VehicleFilter::default()
    };
    assert_eq!(crate::vehicles::list(conn, &owner).unwrap().len(), 0);
    // The table is still there, with its rows.
    assert_eq!(clients::count(conn, &ClientFilter::default()).unwrap(), 3);
}

fn plan(conn: &Connection, sql: &str, args: Vec<Value>) -> Vec<String> {
    let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    st.query_map(params_from_iter(args), |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The client list's query as it was written by hand before the builder (its WHERE clause).
fn old_client_where(f: &ClientFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(if f.deleted {
        "c.deleted_at IS NOT NULL"
    } else {
        "c.deleted_at IS NULL"
    });
    let mut args = Vec::new();
    if let Some(kind) = f.kind {
        sql.push_str(" AND c.kind = ?");
        args.push(Value::Text(kind.as_str().to_owned()));
    }
    if let Some(tag) = f.tag.as_ref().filter(|t| !t.trim().is_empty()) {
        sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)");
        args.push(Value::Text(tag.trim().to_owned()));
    }
    if let Some(q) = crate::search::fts_query(&f.text) {
        sql.push_str(" AND c.rid IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)");
        args.push(Value::Text(q));
    }
    (sql, args)
}

#[test]
fn the_lists_keep_their_query_plans() {
    let f = shop(30);
    let conn = f.store.conn();
    let select = "SELECT c.id, (SELECT count(*) FROM jobs j WHERE j.client_id = c.id) AS jobs, \
                  (SELECT max(j.scheduled_start) FROM jobs j WHERE j.client_id = c.id) AS last_job_at \
                  FROM clients c";
    for text in ["", "jean"] {
        for kind in [None, Some(ClientKind::Business)] {
            for sort in [
                ClientSort::Name,
                ClientSort::Created,
                ClientSort::Jobs,
                ClientSort::LastJob,
                ClientSort::City,
            ] {
                let filter = ClientFilter {
                    text: text.into(),
                    kind,
                    sort,
                    ..ClientFilter::default()
                };
                let (wh, mut old_args) = old_client_where(&filter);
                old_args.push(Value::Integer(100));
                old_args.push(Value::Integer(0));
                let old = format!(
                    "{select} WHERE {wh} ORDER BY {} ASC, c.rid ASC LIMIT ? OFFSET ?",
                    sort.order_by()
                );
                let (new, new_args) = filter.query().page_sql(select, sort, false, filter.page());
                assert_eq!(new, old);
                assert_eq!(new_args, old_args);
                assert_eq!(plan(conn, &new, new_args), plan(conn, &old, old_args));
            }
        }
    }
    // The default list (live clients by surname) reads the surname index, not the whole table
    // then a sort.
    let filter = ClientFilter::default();
    let (sql, args) = filter
        .query()
        .page_sql(select, filter.sort, false, filter.page());
    let p = plan(conn, &sql, args).join(" | ");
    assert!(p.contains("clients_surname"), "{p}");
    let (sql, args) = VehicleFilter::default().query().count_sql("vehicles v");
    assert_eq!(
        sql,
        "SELECT count(*) FROM vehicles v WHERE v.deleted_at IS NULL"
    );
    assert!(args.is_empty());
}

#[test]
fn the_required_fields_are_the_ones_the_checks_refuse_empty() {
    let business = ClientInput {
        kind: ClientKind::Business,
        ..ClientInput::default()
    };
    let e = clients::validate(&business).unwrap_err();
    for field in clients::REQUIRED {
        assert!(e.for_field(field).is_some(), "{field}");
    }
    let f = Fixture::new();
    let e = crate::vehicles::check(f.store.conn(), &crate::vehicles::VehicleInput::default(), 0)
        .unwrap();
    for field in crate::vehicles::REQUIRED {
        assert!(e.for_field(field).is_some(), "{field}");
    }
}
