//! Full disk and read-only folders (issue 15), on real file systems: small tmpfs mounts made by
//! the test (root only: CI runs as root; elsewhere the tests are skipped loudly, and fail when
//! `CI` is set without root).
//!
//! - A backup to a disk that fills up fails with a clear message, leaves nothing behind (no
//!   file under a backup's name, no temporary file) and the shop is untouched.
//! - The store on a full data folder refuses the write with a clear message; everything saved
//!   before is there after reopening, and writing works again once space is freed.
//! - A read-only destination, and a read-only data folder: clear messages.

#![cfg(target_os = "linux")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod backup_support;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use backup_support::{copy_shop, describe, rpma, run_in, shop_a, state};
use rpma_core::auth::permissions::Role;
use rpma_core::datadir::DataDir;
use rpma_core::jobs::{self, NewJob};
use rpma_core::{CoreError, Lang, Store};

/// True when the test can mount file systems; otherwise says why (and fails under CI).
fn can_mount(test: &str) -> bool {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: needs root to mount a tmpfs, and CI runs as root"
    );
    eprintln!("SKIPPED {test}: not root, cannot mount a tmpfs");
    false
}

/// A tmpfs mounted for the test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size_kib: u32, read_only: bool) -> Self {
        fs::create_dir_all(at).unwrap();
        let mut opts = format!("size={size_kib}k,mode=0700");
        if read_only {
            opts.push_str(",ro");
        }
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &opts, "tmpfs"])
            .arg(at)
            .output()
            .unwrap();
        assert!(o.status.success(), "mount: {}", describe(&o));
        Self(at.to_owned())
    }

    fn remount_read_only(&self) {
        let o = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(o.status.success(), "remount: {}", describe(&o));
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_backup_to_a_disk_that_fills_up_fails_clearly_and_leaves_nothing() {
    if !can_mount("backup to a full disk") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_a(), &a);
    let before = state(&a);
    // 4 MB: the database copy fits, the 16 MB of documents do not.
    let usb = dir.path().join("usb");
    let _m = Mount::tmpfs(&usb, 4096, false);
    let o = run_in(&a, &["backup", "create", "--out", usb.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("The disk is full"), "{}", describe(&o));
    assert!(stderr.contains(usb.to_str().unwrap()), "{}", describe(&o));
    assert!(entries(&usb).is_empty(), "{:?}", entries(&usb));
    assert_eq!(state(&a), before, "the shop is untouched");
}

#[test]
fn a_read_only_destination_or_data_folder_is_refused_clearly() {
    if !can_mount("read-only folders") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_a(), &a);
    let ro = dir.path().join("ro");
    let _m = Mount::tmpfs(&ro, 1024, true);
    let o = run_in(&a, &["backup", "create", "--out", ro.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("read-only"), "{}", describe(&o));
    assert!(entries(&ro).is_empty());

    // A data folder on a disk that went read-only: opening it says so, in both languages.
    let disk = dir.path().join("disk");
    let m = Mount::tmpfs(&disk, 64 * 1024, false);
    copy_shop(shop_a(), &disk.join("data"));
    m.remount_read_only();
    let e = DataDir::open(&disk.join("data")).unwrap_err();
    let en = Lang::En.error_message(&e);
    assert!(en.contains("read-only"), "{en}");
    let fr = Lang::Fr.error_message(&e);
    assert!(fr.contains("lecture seule"), "{fr}");
    // Nothing was lost: the database still reads and checks out.
    let report = rpma_core::store::check::check_file(&disk.join("data/rpma.db"));
    assert!(report.integrity.is_empty(), "{report:?}");
}

/// A job for the first vehicle with an owner, through the service.
fn new_job(store: &Store, n: usize) -> NewJob {
    let (vehicle, client): (String, String) = store
        .conn()
        .query_row(
            "SELECT id, owner_id FROM vehicles WHERE owner_id IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let zone: String = store
        .conn()
        .query_row(
            "SELECT id FROM ppf_zones WHERE is_active = 1 ORDER BY position LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let start = store.now_ms() + 86_400_000 * (2 + n as i64);
    NewJob {
        client_id: client.into(),
        vehicle_id: vehicle.into(),
        zone_ids: vec![zone.into()],
        film_product: "Full disk film".to_owned(),
        scheduled_start: Some(start),
        scheduled_end: Some(start + 3_600_000),
        notes: format!("full disk test {n} {}", "x".repeat(2000)),
        force_reason: Some("full disk test".to_owned()),
        ..NewJob::default()
    }
}

#[test]
fn the_store_on_a_full_disk_refuses_the_write_and_keeps_what_was_saved() {
    if !can_mount("store on a full disk") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    let _m = Mount::tmpfs(&disk, 12 * 1024, false);
    let root = disk.join("data");
    let o = rpma()
        .arg("--data-dir")
        .arg(&root)
        .args(["bench", "generate", "--clients", "10", "--vehicles", "10"])
        .args(["--jobs", "10", "--seed", "3"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));

    let data = DataDir::open(&root).unwrap();
    let (mut store, _) = Store::open(&data.db_path()).unwrap();
    let admin = rpma_core::testing::session_with_role(&store, Role::Admin);
    let mut saved = Vec::new();
    for n in 0..3 {
        let new = new_job(&store, n);
        saved.push(jobs::create(&mut store, &admin, &new).unwrap().row.id);
    }
    // Fill the disk.
    let filler = disk.join("filler.bin");
    {
        let mut f = fs::File::create(&filler).unwrap();
        let block = vec![0x5Au8; 64 << 10];
        while f.write_all(&block).is_ok() {}
        let _ = f.flush();
    }
    let mut refused: Option<CoreError> = None;
    for n in 3..400 {
        let new = new_job(&store, n);
        match jobs::create(&mut store, &admin, &new) {
            Ok(j) => saved.push(j.row.id),
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let e = refused.expect("a write on a full disk must fail");
    assert!(
        matches!(&e, CoreError::Db(db) if rpma_core::disk_errors::db_fault(db)
            == Some(rpma_core::disk_errors::DiskFault::Full)),
        "{e:?}"
    );
    let en = Lang::En.error_message(&e);
    assert!(
        en.contains("The disk is full") && en.contains("not saved"),
        "{en}"
    );
    assert!(Lang::Fr.error_message(&e).contains("disque est plein"));
    // Reading still works while the disk is full.
    for id in &saved {
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM jobs WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1, "job {id}");
    }
    // The app is closed on the full disk, space is freed, the app opens again.
    drop(store);
    drop(data);
    fs::remove_file(&filler).unwrap();
    let data = DataDir::open(&root).unwrap();
    let (mut store, _) = Store::open(&data.db_path()).unwrap();
    let report = rpma_core::store::check::check_store(&store);
    assert!(report.is_ok(), "{report:?}");
    for id in &saved {
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM jobs WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1, "job {id} lost");
    }
    eprintln!("full disk: {} jobs saved before the refusal", saved.len());
    let new = new_job(&store, 999);
    jobs::create(&mut store, &admin, &new).unwrap();
}
