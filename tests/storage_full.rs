//! A write on a full disk, for real (the store's side; `tests/full_disk.rs` covers the backups): a small tmpfs is mounted (as root; CI runs as root), the
//! database fills it, and the refused write is named "disk full" in the user's language, saves
//! nothing, leaves what was saved intact, and is remembered by the store until a write succeeds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use rpma_core::fault::StorageFault;
use rpma_core::{Lang, Store};

/// Mounts a tmpfs of `size` on `dir`; false when this process may not (not root).
fn mount_tmpfs(dir: &std::path::Path, size: &str) -> bool {
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success())
}

struct Unmount(std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_refuses_the_write_by_name_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("disk");
    std::fs::create_dir_all(&mnt).unwrap();
    if !mount_tmpfs(&mnt, "4m") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "this test must run as root in CI (it mounts a small tmpfs)"
        );
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED a_full_disk_refuses_the_write_by_name_and_loses_nothing: cannot mount a tmpfs (not root) ***\n"
        );
        return;
    }
    let _unmount = Unmount(mnt.clone());
    let (mut store, _) = Store::open(&mnt.join("rpma.db")).unwrap();
    // Another file on the same disk, removed later to give room back (as a person would free
    // space): the recovery does not depend on the slack the refused write happens to leave. 1 MB:
    // room for the checkpoint of the vacuumed database (its schema is a few hundred pages).
    let ballast = mnt.join("ballast.bin");
    std::fs::write(&ballast, vec![0u8; 1024 * 1024]).unwrap();
    store
        .write(None, |tx| {
            tx.conn()
                .execute_batch("CREATE TABLE filler (n INTEGER, b BLOB)")?;
            Ok(())
        })
        .unwrap();
    let mut saved = 0i64;
    let err = loop {
        let r = store.write(None, |tx| {
            tx.conn().execute(
                "INSERT INTO filler VALUES (?1, randomblob(200000))",
                [saved],
            )?;
            Ok(())
        });
        match r {
            Ok(()) => saved += 1,
            Err(e) => break e,
        }
        assert!(saved < 1000, "the disk never filled");
    };
    assert_eq!(
        rpma_core::fault::of(&err),
        Some(StorageFault::Full),
        "{err}"
    );
    assert_eq!(store.storage_fault(), Some(StorageFault::Full));
    let fr = Lang::Fr.error_message(&err);
    assert!(
        fr.contains("Le disque est plein") && fr.contains("pas été enregistrée"),
        "{fr}"
    );
    assert!(Lang::En.error_message(&err).contains("The disk is full"));
    // Nothing of the refused write, everything before it.
    let rows: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, saved);
    let ok: String = store
        .conn()
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // Room again: the next write goes through and the fault is forgotten.
    std::fs::remove_file(&ballast).unwrap();
    store
        .write(None, |tx| {
            tx.conn().execute("DELETE FROM filler", [])?;
            Ok(())
        })
        .ok();
    store.conn().execute_batch("VACUUM").ok();
    store
        .write(None, |tx| {
            tx.conn()
                .execute("INSERT INTO filler VALUES (-1, x'00')", [])?;
            Ok(())
        })
        .unwrap();
    assert_eq!(store.storage_fault(), None);
    drop(store);
}
