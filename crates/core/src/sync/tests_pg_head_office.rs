//! A chain's head office against a real PostgreSQL (see `tests_pg`): its role reads every shop
//! and writes nothing, enforced by the server; its data folder pulls every shop and never pushes;
//! a shop's terminal still sees its shop only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use postgres::error::SqlState;

use super::conn::HubUrl;
use super::tests_pg::{TestHub, client_input, shop};
use super::{SyncError, head_office, local};
use crate::Store;
use crate::clients;
use crate::testutil::Fixture;

fn clients_named(store: &Store, name: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM clients WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

fn count(c: &mut postgres::Client, sql: &str, shop: &str) -> i64 {
    c.query_one(sql, &[&shop]).unwrap().get(0)
}

#[test]
fn the_head_office_reads_every_shop_writes_nothing_and_shops_stay_apart() {
    let Some(hub) = TestHub::new("head_office") else {
        return;
    };
    // Shop A (client Dupont) and shop B (client Martin) on one hub.
    let (mut fa, _, _) = shop(&hub, 0);
    let mut fb = Fixture::new();
    clients::create(
        &mut fb.store,
        &fb.admin,
        &client_input("Martin", "martin@exemple.fr"),
    )
    .unwrap();
    super::init_server(&hub.url, &mut fb.store, "Shop B").unwrap();
    let (a, b) = (
        local::require(fa.store.conn()).unwrap(),
        local::require(fb.store.conn()).unwrap(),
    );

    // The head office: an empty data folder, made by the hub's owner; it downloads both shops.
    let mut hq = Store::open_in_memory().unwrap();
    let report = head_office(&hub.url, &mut hq, "Siège").unwrap();
    assert!(report.pulled > 0);
    assert_eq!(report.pushed, 0);
    assert_eq!(clients_named(&hq, "Dupont"), 1);
    assert_eq!(clients_named(&hq, "Martin"), 1);
    let rejects: i64 = hq
        .conn()
        .query_row("SELECT count(*) FROM sync_rejects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rejects, 0, "both shops' accounts (same logins) are kept");
    let tag = |shop: &str| shop.replace('-', "")[24..].to_owned();
    for shop in [&a.shop_id, &b.shop_id] {
        let login = format!("admin.{}", tag(shop));
        let n: i64 = hq
            .conn()
            .query_row(
                "SELECT count(*) FROM users WHERE username = ?1",
                [&login],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{login}");
    }
    let cfg = local::require(hq.conn()).unwrap();
    assert!(cfg.is_head_office());
    assert_eq!(cfg.role, head_office::role_of(&hq.terminal().id));

    // Direct SQL as the head office's role: every shop's rows…
    let pw = local::password(&hq, &cfg).unwrap();
    let url = HubUrl::parse(&hub.url).unwrap();
    let mut h = url.connect_as(&cfg.role, &pw).unwrap();
    for shop_id in [&a.shop_id, &b.shop_id] {
        for sql in [
            "SELECT count(*) FROM rpma_hub.changes WHERE shop_id = $1",
            "SELECT count(*) FROM rpma_hub.terminals WHERE shop_id = $1",
            "SELECT count(*) FROM rpma_hub.shops WHERE id = $1",
        ] {
            assert!(count(&mut h, sql, shop_id) > 0, "{sql} for {shop_id}");
        }
    }
    // …and no write on any hub table.
    let a_term = fa.store.terminal().id.clone();
    let writes = [
        format!(
            "INSERT INTO rpma_hub.changes (shop_id, terminal_id, change_seq, table_name, row_key,
                                           op, data, hlc)
             VALUES ('{}', '{a_term}', 999999, 'clients', '[\"x\"]', 'D', NULL, 1)",
            a.shop_id
        ),
        "UPDATE rpma_hub.changes SET data = NULL".into(),
        "DELETE FROM rpma_hub.changes".into(),
        "UPDATE rpma_hub.terminals SET revoked = true".into(),
        "DELETE FROM rpma_hub.terminals".into(),
        format!(
            "INSERT INTO rpma_hub.terminals (id, shop_id, code, name, role, created_at)
             VALUES ('x', '{}', 'ZZ', 'x', 'x', 0)",
            a.shop_id
        ),
        "UPDATE rpma_hub.shops SET created_at = 0".into(),
        "DELETE FROM rpma_hub.shops".into(),
        "INSERT INTO rpma_hub.shops (id, secret_hash, join_role, created_at) VALUES ('x', 'x', 'x', 0)"
            .into(),
        "UPDATE rpma_hub.hub_meta SET protocol = 0".into(),
        "DELETE FROM rpma_hub.hub_meta".into(),
        "UPDATE rpma_hub.blobs SET bytes = 0".into(),
        "DELETE FROM rpma_hub.blobs".into(),
        format!(
            "INSERT INTO rpma_hub.blobs (shop_id, sha256, kind, mime, bytes, chunks, terminal_id)
             VALUES ('{}', 'x', 'thumb', 'image/jpeg', 0, 0, '{a_term}')",
            a.shop_id
        ),
        "UPDATE rpma_hub.blob_chunks SET n = 0".into(),
        "DELETE FROM rpma_hub.blob_chunks".into(),
        "INSERT INTO rpma_hub.head_offices (role, name, created_at) VALUES ('x', 'x', 0)".into(),
        "SELECT * FROM rpma_hub.head_offices".into(),
    ];
    for sql in &writes {
        let e = h.batch_execute(sql).expect_err(sql);
        assert_eq!(
            e.code(),
            Some(&SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    assert!(super::hub::revoke(&mut h, &a_term).is_err());
    let mut admin = hub.admin();
    assert_eq!(
        count(
            &mut admin,
            "SELECT count(*) FROM rpma_hub.terminals WHERE shop_id = $1 AND revoked",
            &a.shop_id
        ),
        0
    );

    // A shop's terminal still sees its shop only.
    let pw_b = local::password(&fb.store, &b).unwrap();
    let mut tb = url.connect_as(&b.role, &pw_b).unwrap();
    for sql in [
        "SELECT count(*) FROM rpma_hub.changes WHERE shop_id = $1",
        "SELECT count(*) FROM rpma_hub.terminals WHERE shop_id = $1",
        "SELECT count(*) FROM rpma_hub.shops WHERE id = $1",
    ] {
        assert_eq!(count(&mut tb, sql, &a.shop_id), 0, "{sql}");
    }
    let shops: i64 = tb
        .query_one("SELECT count(DISTINCT shop_id) FROM rpma_hub.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(shops, 1);

    // Later work in shop A arrives at the head office; what the head office edits is not sent.
    clients::create(
        &mut fa.store,
        &fa.admin,
        &client_input("Lefebvre", "lefebvre@exemple.fr"),
    )
    .unwrap();
    super::sync_once(&mut fa.store).unwrap();
    let before: i64 = admin
        .query_one("SELECT count(*) FROM rpma_hub.changes", &[])
        .unwrap()
        .get(0);
    hq.write(None, |tx| {
        tx.conn().execute(
            "UPDATE clients SET city = 'Siège' WHERE name = 'Martin'",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    let r = super::sync_once(&mut hq).unwrap();
    assert_eq!(r.pushed, 0);
    assert!(r.pulled > 0);
    assert_eq!(clients_named(&hq, "Lefebvre"), 1);
    let after: i64 = admin
        .query_one("SELECT count(*) FROM rpma_hub.changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(before, after, "the head office pushed nothing");
    assert_eq!(super::status(&hq).unwrap().pending, 0);
}

#[test]
fn a_head_office_needs_a_hub_and_is_refused_on_another_server() {
    let Some(hub) = TestHub::new("head_office_refusals") else {
        return;
    };
    // No hub in that database yet.
    let mut hq = Store::open_in_memory().unwrap();
    assert!(matches!(
        head_office(&hub.url, &mut hq, "Siège"),
        Err(SyncError::NoHub)
    ));
    let _shop = shop(&hub, 0);
    head_office(&hub.url, &mut hq, "Siège").unwrap();
    // Run again: resumes (one more round); another server: refused.
    head_office(&hub.url, &mut hq, "Siège").unwrap();
    let other = hub.url.replace("127.0.0.1", "localhost");
    assert!(matches!(
        head_office(&other, &mut hq, "Siège"),
        Err(SyncError::AlreadyConfigured)
    ));
    // The hub's owner disables the role: the head office is refused.
    let role = local::require(hq.conn()).unwrap().role;
    hub.admin()
        .batch_execute(&format!("ALTER ROLE \"{role}\" NOLOGIN"))
        .unwrap();
    let e = super::sync_once(&mut hq).unwrap_err();
    assert!(matches!(e, SyncError::HeadOfficeRevoked), "{e:?}");
}

#[test]
fn a_terminal_code_is_taken_once_on_the_whole_hub() {
    let Some(hub) = TestHub::new("hub_wide_codes") else {
        return;
    };
    // Shop A's counter holds a code; shop B's first terminal drew the same one.
    let (fa, _, _) = shop(&hub, 0);
    let taken = fa.store.terminal().code.clone();
    let mut fb = Fixture::new();
    fb.store.set_terminal_code(&taken).unwrap();
    super::init_server(&hub.url, &mut fb.store, "Shop B").unwrap();
    // B goes on under another code, which its next numbers carry: a head office holding both
    // shops never meets the same job number twice.
    let mine = fb.store.terminal().code.clone();
    assert_ne!(mine, taken);
    let mut admin = hub.admin();
    let codes: Vec<String> = admin
        .query("SELECT code FROM rpma_hub.terminals ORDER BY code", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut expected = vec![taken, mine.clone()];
    expected.sort();
    assert_eq!(codes, expected);
    let number = fb
        .store
        .write(None, |tx| crate::numbering::next_job_number(tx, "20261207"))
        .unwrap();
    assert!(number.contains(&format!("-{mine}-")), "{number}");
}
