//! Photos travel through the hub as content-addressed files (against a real PostgreSQL, as
//! [`super::tests_pg`]): sent once, fetched by the other terminals (thumbnails and originals,
//! byte for byte), never readable by another shop's terminal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::conn::HubUrl;
use super::tests_pg::TestHub;
use super::{blobs, local};
use crate::Store;
use crate::photos::fixtures::{FixtureSpec, jpeg_with_exif};

/// Stores a photo file on `store`'s terminal and its row (as an attach would).
fn add_photo(store: &mut Store, seed: u64) -> (String, Vec<u8>) {
    let bytes = jpeg_with_exif(&FixtureSpec {
        width: 1600,
        height: 1200,
        seed,
        ..FixtureSpec::default()
    });
    let p = store
        .photo_store()
        .unwrap()
        .ingest_bytes(&bytes, "capot.jpg")
        .unwrap();
    store
        .write(None, |tx| {
            tx.conn().execute(
                "INSERT INTO photos (sha256, mime, bytes, width, height, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    p.sha256,
                    p.mime,
                    i64::try_from(p.bytes).unwrap(),
                    p.width,
                    p.height,
                    tx.now()
                ],
            )?;
            Ok(())
        })
        .unwrap();
    (p.sha256, bytes)
}

#[test]
fn photos_are_sent_once_and_fetched_byte_for_byte_by_the_other_terminals() {
    let Some(hub) = TestHub::new("photo_blobs") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut a = crate::testutil::Fixture::new();
    a.store.set_photo_root(dir.path().join("a"));
    let (sha, original) = add_photo(&mut a.store, 7);
    let code = super::init_server(&hub.url, &mut a.store, "Accueil").unwrap();
    let on_hub = |kind: &str| -> i64 {
        hub.admin()
            .query_one(
                "SELECT count(*) FROM rpma_hub.blobs WHERE sha256 = $1 AND kind = $2",
                &[&sha, &kind],
            )
            .unwrap()
            .get(0)
    };
    assert_eq!((on_hub("original"), on_hub("thumb")), (1, 1));
    // A second round sends nothing again.
    let again = super::sync_once(&mut a.store).unwrap();
    assert_eq!(again.files_sent, 0);
    // A new terminal gets the rows with the shop, then the files: thumbnail and original.
    let mut b = Store::open_in_memory().unwrap();
    b.set_photo_root(dir.path().join("b"));
    let report = super::join(&hub.url, &code.encode(), "Baie", &mut b).unwrap();
    assert_eq!(report.files_fetched, 2, "{report:?}");
    let photos_b = b.photo_store().unwrap();
    let got = std::fs::read(photos_b.original_path(&sha, "image/jpeg")).unwrap();
    assert_eq!(got, original, "byte for byte");
    assert!(photos_b.thumb_path(&sha).is_file());
    // B does not send back what it fetched.
    assert_eq!(super::sync_once(&mut b).unwrap().files_sent, 0);
    // A photo taken on B reaches A; a file lost on A is fetched again on demand.
    let (sha_b, bytes_b) = add_photo(&mut b, 8);
    assert_eq!(super::sync_once(&mut b).unwrap().files_sent, 2);
    let r = super::sync_once(&mut a.store).unwrap();
    assert_eq!(r.files_fetched, 2, "{r:?}");
    let photos_a = a.store.photo_store().unwrap();
    assert_eq!(
        std::fs::read(photos_a.original_path(&sha_b, "image/jpeg")).unwrap(),
        bytes_b
    );
    std::fs::remove_file(photos_a.original_path(&sha_b, "image/jpeg")).unwrap();
    assert!(blobs::fetch_photo(&mut a.store, &sha_b).unwrap());
    assert!(photos_a.exists(&sha_b, "image/jpeg"));
    // A damaged file on the hub is not written.
    hub.admin()
        .execute(
            "UPDATE rpma_hub.blob_chunks SET data = '\\x00'::bytea WHERE sha256 = $1",
            &[&sha_b],
        )
        .unwrap();
    std::fs::remove_file(photos_a.original_path(&sha_b, "image/jpeg")).unwrap();
    assert!(!blobs::fetch_photo(&mut a.store, &sha_b).unwrap());
    assert!(!photos_a.exists(&sha_b, "image/jpeg"));

    // Another shop's terminal reads none of this shop's files and cannot add any to it.
    let mut other = crate::testutil::Fixture::new();
    super::init_server(&hub.url, &mut other.store, "Shop B").unwrap();
    let cfg_a = local::require(a.store.conn()).unwrap();
    let cfg_o = local::require(other.store.conn()).unwrap();
    let pw = local::password(&other.store, &cfg_o).unwrap();
    let mut o = HubUrl::parse(&hub.url)
        .unwrap()
        .connect_as(&cfg_o.role, &pw)
        .unwrap();
    for sql in [
        "SELECT count(*) FROM rpma_hub.blobs WHERE shop_id = $1",
        "SELECT count(*) FROM rpma_hub.blob_chunks WHERE shop_id = $1",
    ] {
        let n: i64 = o.query_one(sql, &[&cfg_a.shop_id]).unwrap().get(0);
        assert_eq!(n, 0, "{sql}");
    }
    let me = other.store.terminal().id.clone();
    assert!(
        o.execute(
            "INSERT INTO rpma_hub.blobs (shop_id, sha256, kind, mime, bytes, chunks, terminal_id)
             VALUES ($1, 'x', 'original', 'image/jpeg', 0, 0, $2)",
            &[&cfg_a.shop_id, &me],
        )
        .is_err()
    );
    assert!(
        o.execute(
            "INSERT INTO rpma_hub.blob_chunks (shop_id, sha256, kind, n, data)
             VALUES ($1, 'x', 'original', 0, '\\x00'::bytea)",
            &[&cfg_a.shop_id],
        )
        .is_err()
    );
}

#[test]
fn an_online_terminal_hears_of_another_terminal_s_push_at_once() {
    let Some(hub) = TestHub::new("listen_notify") else {
        return;
    };
    let mut a = crate::testutil::Fixture::new();
    let code = super::init_server(&hub.url, &mut a.store, "Accueil").unwrap();
    let mut b = Store::open_in_memory().unwrap();
    super::join(&hub.url, &code.encode(), "Baie", &mut b).unwrap();
    let creds_a = super::listen::Credentials::of(&a.store).unwrap().unwrap();
    let creds_b = super::listen::Credentials::of(&b).unwrap().unwrap();
    assert!(
        !format!("{creds_b:?}")
            .contains(&local::password(&b, &local::require(b.conn()).unwrap()).unwrap())
    );
    let mut listen_a = super::listen::Listener::start(&creds_a).unwrap();
    let mut listen_b = super::listen::Listener::start(&creds_b).unwrap();
    // Nothing pushed: nothing heard.
    assert!(
        !listen_b
            .wait(std::time::Duration::from_millis(200))
            .unwrap()
    );
    // A pushes a change: B hears of it (A does not hear itself), and its round brings it.
    let admin = a.admin.clone();
    crate::clients::create(
        &mut a.store,
        &admin,
        &super::tests_pg::client_input("Écoute", "ecoute@exemple.fr"),
    )
    .unwrap();
    super::sync_once(&mut a.store).unwrap();
    assert!(listen_b.wait(std::time::Duration::from_secs(10)).unwrap());
    assert!(
        !listen_a
            .wait(std::time::Duration::from_millis(300))
            .unwrap()
    );
    let r = super::sync_once(&mut b).unwrap();
    assert!(r.applied > 0, "{r:?}");
}
