//! The shop's key travels with `join` (sealed with the join secret on the hub), an interrupted
//! `init-server` is resumed by running it again, and a folder restored from an older backup goes
//! on as a new terminal without losing what either side saved (against a real PostgreSQL, as
//! [`super::tests_pg`]).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::tests_pg::{TestHub, client_input, shop};
use super::{SyncError, local};
use crate::Store;
use crate::auth::two_factor;
use crate::clients;
use crate::keys::ShopKey;

fn client_count(store: &Store, name: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM clients WHERE name = ?1 AND deleted_at IS NULL",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_joined_terminal_takes_the_shop_key_and_opens_its_two_factor_secrets() {
    let Some(hub) = TestHub::new("shop_key_travels") else {
        return;
    };
    let mut f = crate::testutil::Fixture::new();
    let enrol = two_factor::begin_totp(&mut f.store, &f.admin).unwrap();
    let code = super::init_server(&hub.url, &mut f.store, "Accueil").unwrap();
    // The hub holds the key sealed, never in clear.
    let sealed: Option<String> = hub
        .admin()
        .query_one("SELECT sealed_key FROM rpma_hub.shops", &[])
        .unwrap()
        .get(0);
    let sealed = sealed.expect("the shop's key is on the hub");
    assert!(sealed.starts_with(crate::keys::SEALED_PREFIX));
    assert_eq!(
        ShopKey::open_transfer(&code.secret_text(), &code.shop_id.to_string(), &sealed).as_ref(),
        Some(f.store.key())
    );
    // A new terminal from an empty data folder on disk, with a key of its own until it joins.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rpma.db");
    let (mut b, _) = Store::open(&db).unwrap();
    assert_ne!(b.key(), f.store.key());
    super::join(&hub.url, &code.encode(), "Baie 1", &mut b).unwrap();
    assert_eq!(
        b.key(),
        f.store.key(),
        "the joined terminal uses the shop's key"
    );
    // The admin's pending 2FA secret, synced with the account, opens there.
    let pending: String = b
        .conn()
        .query_row(
            "SELECT totp_pending_secret FROM users WHERE id = ?1",
            [&f.admin.id],
            |r| r.get(0),
        )
        .unwrap();
    let opened = crate::auth::totp_store::open(b.key(), &f.admin.id, &pending).unwrap();
    assert_eq!(
        crate::auth::totp::base32_encode(&opened),
        enrol.secret,
        "the same secret on both terminals"
    );
    // The key file holds it, with no change left half-done; the folder reopens and syncs.
    assert_eq!(ShopKey::load(&db).unwrap().as_ref(), Some(f.store.key()));
    assert!(!crate::store::rekey::pending_path(&db).exists());
    drop(b);
    let (mut b, _) = Store::open(&db).unwrap();
    assert_eq!(b.key(), f.store.key());
    super::sync_once(&mut b).unwrap();
    let r = crate::store::check::check_store(&b);
    assert!(r.is_ok(), "{r:?}");
    // A wrong join code opens nothing.
    assert!(ShopKey::open_transfer("not-the-secret", &code.shop_id.to_string(), &sealed).is_none());
}

#[test]
fn init_server_run_again_resumes_on_the_same_server_and_refuses_another() {
    let Some(hub) = TestHub::new("init_again") else {
        return;
    };
    let mut f = crate::testutil::Fixture::new();
    let code = super::init_server(&hub.url, &mut f.store, "Accueil").unwrap();
    let admin = f.admin.clone();
    clients::create(
        &mut f.store,
        &admin,
        &client_input("Reprise", "r@exemple.fr"),
    )
    .unwrap();
    // Again on the same server: the same shop, and the pending change goes up.
    let again = super::init_server(&hub.url, &mut f.store, "Accueil").unwrap();
    assert_eq!(again, code);
    assert_eq!(super::status(&f.store).unwrap().pending, 0);
    let shops: i64 = hub
        .admin()
        .query_one("SELECT count(*) FROM rpma_hub.shops", &[])
        .unwrap()
        .get(0);
    assert_eq!(shops, 1, "no second shop");
    // Another server: refused.
    let other = hub.url.replace("127.0.0.1", "localhost");
    assert!(matches!(
        super::init_server(&other, &mut f.store, "Accueil"),
        Err(SyncError::AlreadyConfigured)
    ));
}

/// The first terminal of a shop with one other terminal, in a data folder on disk (`root`).
fn shop_on_disk(hub: &TestHub, root: &std::path::Path) -> (Store, Store, crate::Session) {
    let (f, mut joined, _) = shop(hub, 1);
    let admin = f.admin.clone();
    let other = joined.pop().unwrap().store;
    std::fs::create_dir_all(root).unwrap();
    let db = root.join("rpma.db");
    f.store
        .conn()
        .execute("VACUUM INTO ?1", [db.to_string_lossy().as_ref()])
        .unwrap();
    f.store
        .key()
        .write_file(&crate::keys::key_path(&db))
        .unwrap();
    drop(f);
    let (mut a, _) = Store::open(&db).unwrap();
    super::sync_once(&mut a).unwrap();
    (a, other, admin)
}

fn work(store: &mut Store, admin: &crate::Session, names: &[&str]) {
    for n in names {
        clients::create(store, admin, &client_input(n, &format!("{n}@exemple.fr"))).unwrap();
    }
}

#[test]
fn a_folder_restored_by_rpma_goes_on_as_a_new_terminal_and_loses_nothing() {
    let Some(hub) = TestHub::new("restored_renews") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let (a, mut other, admin) = shop_on_disk(&hub, &root);
    let db = root.join("rpma.db");
    // A backup, then work saved after it and sent to the hub.
    a.checkpoint().unwrap();
    drop(a);
    let backup = crate::backup::create(
        &crate::backup::CreateOptions {
            data_root: &root,
            out_dir: &dir.path().join("backups"),
            terminal: "T1",
            passphrase: None,
            now_ms: chrono::Utc::now().timestamp_millis(),
            tz: chrono_tz::Europe::Paris,
        },
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    let (mut a, _) = Store::open(&db).unwrap();
    let old = a.terminal().clone();
    work(&mut a, &admin, &["Avant0", "Avant1", "Avant2"]);
    super::sync_once(&mut a).unwrap();
    drop(a);
    // Restored through RPMA: the folder takes a new identity at its next open, before any
    // write.
    let data = crate::datadir::DataDir::open(&root).unwrap();
    let prepared = crate::backup::prepare_restore(
        &data,
        &backup.path,
        None,
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    prepared.commit(data, true).unwrap();
    let (mut a, _) = Store::open(&db).unwrap();
    assert_eq!(client_count(&a, "Avant0"), 0, "the backup's state");
    let new = a.terminal().clone();
    assert_ne!(new.id, old.id, "a new terminal identity at open");
    assert_ne!(new.code, old.code);
    assert!(super::renew::is_pending(&a));
    assert!(!crate::store::rekey::restored_marker(&db).exists());
    work(&mut a, &admin, &["Après"]);
    let report = super::sync_once(&mut a).unwrap();
    assert!(report.pushed > 0, "{report:?}");
    assert!(!super::renew::is_pending(&a));
    // The work saved after the backup came back from the hub, the new work reached the other
    // terminal, nothing is pending, nothing was refused, and every audit chain checks out.
    for n in ["Avant0", "Avant1", "Avant2", "Après"] {
        assert_eq!(client_count(&a, n), 1, "{n} here");
    }
    super::sync_once(&mut other).unwrap();
    for n in ["Avant0", "Avant1", "Avant2", "Après"] {
        assert_eq!(client_count(&other, n), 1, "{n} there");
    }
    for s in [&a, &other] {
        let st = super::status(s).unwrap();
        assert_eq!((st.pending, st.errors.clone()), (0, vec![]), "{st:?}");
        let r = crate::store::check::check_store(s);
        assert!(r.is_ok(), "{r:?}");
    }
    // The hub knows the new identity under the old one's name; the identity holds after a
    // reopen.
    let names: Vec<(String, String)> = hub
        .admin()
        .query(
            "SELECT id, name FROM rpma_hub.terminals WHERE id = $1 OR id = $2 ORDER BY id",
            &[&old.id, &new.id],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(names.len(), 2);
    assert_eq!(names[0].1, names[1].1);
    drop(a);
    let (a, _) = Store::open(&db).unwrap();
    assert_eq!(a.terminal().id, new.id);
}

#[test]
fn a_folder_copied_back_by_hand_goes_on_as_a_new_terminal_and_keeps_its_data() {
    let Some(hub) = TestHub::new("copied_back") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let (mut a, mut other, admin) = shop_on_disk(&hub, &root);
    let db = root.join("rpma.db");
    let copy = dir.path().join("copy.db");
    a.conn()
        .execute("VACUUM INTO ?1", [copy.to_string_lossy().as_ref()])
        .unwrap();
    let old = a.terminal().clone();
    work(&mut a, &admin, &["Avant0", "Avant1", "Avant2"]);
    super::sync_once(&mut a).unwrap();
    drop(a);
    // The file is put back by hand: no marker, the round finds the hub ahead.
    std::fs::rename(&copy, &db).unwrap();
    for side in ["rpma.db-wal", "rpma.db-shm"] {
        std::fs::remove_file(root.join(side)).ok();
    }
    let (mut a, _) = Store::open(&db).unwrap();
    assert_eq!(a.terminal().id, old.id);
    work(&mut a, &admin, &["Après"]);
    let report = super::sync_once(&mut a).unwrap();
    assert!(report.pushed > 0, "{report:?}");
    assert_ne!(a.terminal().id, old.id, "a new terminal identity");
    super::sync_once(&mut other).unwrap();
    for n in ["Avant0", "Avant1", "Avant2", "Après"] {
        assert_eq!(client_count(&a, n), 1, "{n} here");
        assert_eq!(client_count(&other, n), 1, "{n} there");
    }
    // The audit entries both sides wrote at the same positions of the old chain are kept aside
    // and reported, never dropped.
    let st = super::status(&a).unwrap();
    assert_eq!(st.pending, 0);
    assert!(
        st.errors.iter().any(|e| e.contains("sync_rejects")),
        "{st:?}"
    );
    let kept: i64 = a
        .conn()
        .query_row(
            "SELECT count(*) FROM sync_rejects WHERE table_name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(kept > 0);
    assert_eq!(local::require(a.conn()).unwrap().last_error, None);
}

#[test]
fn an_init_server_cut_short_after_registering_is_cleaned_up_by_the_next_one() {
    let Some(hub) = TestHub::new("init_cut_short") else {
        return;
    };
    let mut f = crate::testutil::Fixture::new();
    // What a run killed after the hub registered this terminal, before it saved anything here,
    // leaves behind: a shop whose only terminal is this one, with no change.
    let mut admin = hub.admin();
    super::hub::migrate(&mut admin, 0).unwrap();
    let stale = super::JoinCode::generate(uuid::Uuid::now_v7()).unwrap();
    super::hub::create_shop(&mut admin, &stale, "", 0).unwrap();
    let t = f.store.terminal().clone();
    let new = super::hub::NewTerminal {
        id: &t.id,
        code: &t.code,
        name: "A",
        password: "x",
    };
    assert!(
        super::hub::register(&mut admin, &stale, &new, 0)
            .unwrap()
            .is_some()
    );
    // The next init-server goes through; the stale shop and its roles are gone.
    let code = super::init_server(&hub.url, &mut f.store, "Accueil").unwrap();
    assert_ne!(code.shop_id, stale.shop_id);
    let shops: Vec<String> = admin
        .query("SELECT id FROM rpma_hub.shops", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(shops, vec![code.shop_id.to_string()]);
    let stale_role: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname = $1",
            &[&super::hub::join_role(&stale.shop_id)],
        )
        .unwrap()
        .get(0);
    assert_eq!(stale_role, 0);
    assert_eq!(super::status(&f.store).unwrap().pending, 0);
}
