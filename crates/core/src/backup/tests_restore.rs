//! Restores: refusals (damaged, newer schema, unconfirmed), the questions before replacing a
//! shop, and the swap's recovery after a crash at every step.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;

use super::tests::{dump, file_hashes, make_backup, no_progress, other_shop, repack, shop};
use super::*;
use crate::datadir::{DB_FILE, DataDir};
use crate::i18n::Lang;

#[test]
fn restore_refuses_bad_backups_newer_schemas_and_asks_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let made = make_backup(&src, &dir.path().join("out"), None);
    let target = dir.path().join("target");
    other_shop(&target);
    let before = dump(&target.join(DB_FILE));
    let before_files = file_hashes(&target);
    let staging = dir.path().join(".target.restore-staging");

    // A damaged backup: refused, staging removed, target unchanged.
    let bad = dir.path().join("bad.tar.zst");
    let bytes = fs::read(&made.path).unwrap();
    fs::write(&bad, &bytes[..bytes.len() / 3]).unwrap();
    let data = DataDir::open(&target).unwrap();
    let e = prepare_restore(
        &data,
        &bad,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    let BackupError::Invalid(report) = &e else {
        panic!("{e:?}")
    };
    assert!(matches!(report.problems[0], Problem::Truncated { .. }));
    assert!(!staging.exists());

    // A newer schema: refused.
    let newer = dir.path().join("newer.tar.zst");
    repack(
        &made.path,
        &newer,
        |n, b| {
            if n != DB_ENTRY {
                return Some(b);
            }
            let tmp = dir.path().join("newer.db");
            fs::write(&tmp, &b).unwrap();
            let c = Connection::open(&tmp).unwrap();
            c.pragma_update(None, "user_version", 999).unwrap();
            drop(c);
            Some(fs::read(&tmp).unwrap())
        },
        &[],
        true,
        // As a newer RPMA would write it.
        &|m| m.schema_level = 999,
    );
    let e = prepare_restore(
        &data,
        &newer,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(
        matches!(e, BackupError::SchemaTooNew { found: 999, .. }),
        "{e:?}"
    );
    assert!(!staging.exists());

    // A good backup of another shop: two questions; refused without confirmation.
    let prepared = prepare_restore(
        &data,
        &made.path,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(staging.is_dir());
    let asks = prepared.confirmations().to_vec();
    assert_eq!(asks.len(), 2, "{asks:?}");
    assert!(
        matches!(&asks[0], ConfirmNeeded::ReplaceExisting { current_shop } if current_shop == "Autre Atelier")
    );
    assert!(matches!(&asks[1], ConfirmNeeded::OtherShop { .. }));
    for lang in Lang::ALL {
        assert!(asks[1].message(lang).contains("Autre Atelier"));
    }
    let e = prepared.commit(data, false).unwrap_err();
    assert!(matches!(e, BackupError::NeedsConfirmation(_)));
    assert!(
        !staging.exists(),
        "a refused commit removes the staging folder"
    );
    assert_eq!(dump(&target.join(DB_FILE)), before);
    assert_eq!(file_hashes(&target), before_files);

    // Confirmed: replaced; the previous folder kept aside whole; logs and backups carried over.
    fs::create_dir_all(target.join("logs")).unwrap();
    fs::write(target.join("logs/rpma.log"), "terminal log").unwrap();
    let data = DataDir::open(&target).unwrap();
    let prepared = prepare_restore(
        &data,
        &made.path,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap();
    let report = prepared.commit(data, true).unwrap();
    let aside = report.previous.clone().unwrap();
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("target.before-restore-")
    );
    assert_eq!(dump(&aside.join(DB_FILE)), before);
    assert_eq!(file_hashes(&aside), before_files);
    assert_eq!(dump(&target.join(DB_FILE)), dump(&src.join(DB_FILE)));
    assert_eq!(
        fs::read_to_string(target.join("logs/rpma.log")).unwrap(),
        "terminal log"
    );
    assert!(report.carried.contains(&"logs".to_owned()));
    assert!(!target.join("documents/old-shop.txt").exists());
}

/// The state of a data folder for the crash tests: its database rows and file hashes.
fn state(root: &Path) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, String>) {
    (dump(&root.join(DB_FILE)), file_hashes(root))
}

#[test]
fn a_swap_interrupted_after_any_step_is_completed_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let made = make_backup(&src, &dir.path().join("out"), None);
    let new_state = state(&src);
    // Renames: logs, backups, import carried (3), old → aside, staging → data: 5 at most.
    for stop in 0..=6 {
        let case = dir.path().join(format!("case{stop}"));
        fs::create_dir_all(&case).unwrap();
        let target = case.join("data");
        other_shop(&target);
        for d in ["logs", "backups", "import"] {
            fs::create_dir_all(target.join(d)).unwrap();
            fs::write(target.join(d).join("mine.txt"), d).unwrap();
        }
        let old_state = state(&target);
        let data = DataDir::open(&target).unwrap();
        let prepared = prepare_restore(
            &data,
            &made.path,
            None,
            &mut no_progress(),
            &AtomicBool::new(false),
        )
        .unwrap();
        restore::testing::commit_interrupted(prepared, data, stop).unwrap();
        assert!(case.join(".data.restore-journal").exists(), "stop {stop}");
        // The next start.
        let data = DataDir::open(&target).unwrap();
        drop(data);
        assert!(!case.join(".data.restore-journal").exists(), "stop {stop}");
        assert!(!case.join(".data.restore-staging").exists(), "stop {stop}");
        assert_eq!(
            state(&target),
            new_state,
            "stop {stop}: the new folder is whole"
        );
        for d in ["logs", "backups", "import"] {
            assert_eq!(
                fs::read_to_string(target.join(d).join("mine.txt")).unwrap(),
                d,
                "stop {stop}"
            );
        }
        let aside: Vec<PathBuf> = fs::read_dir(&case)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".before-restore-"))
            .collect();
        assert_eq!(aside.len(), 1, "stop {stop}");
        assert_eq!(
            state(&aside[0]),
            old_state,
            "stop {stop}: the old folder is whole"
        );
    }
}

#[test]
fn a_restore_killed_before_its_swap_leaves_the_old_folder_and_its_staging_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("data");
    other_shop(&target);
    let before = state(&target);
    // A staging folder without a journal: what a kill during extraction leaves.
    let staging = dir.path().join(".data.restore-staging");
    fs::create_dir_all(staging.join("photos")).unwrap();
    fs::write(staging.join("rpma.db"), b"half").unwrap();
    let data = DataDir::open(&target).unwrap();
    drop(data);
    assert!(!staging.exists());
    assert_eq!(state(&target), before);
}

#[test]
fn a_restore_in_progress_keeps_other_openers_out() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let made = make_backup(&src, &dir.path().join("out"), None);
    let target = dir.path().join("data");
    other_shop(&target);
    let data = DataDir::open(&target).unwrap();
    let prepared = prepare_restore(
        &data,
        &made.path,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap();
    // Another restore of the same folder (the lock beside it is taken).
    let e = recover_interrupted(&target).unwrap_err();
    assert!(matches!(e, BackupError::RestoreInProgress));
    drop(prepared);
    drop(data);
    assert!(recover_interrupted(&target).unwrap().is_none());
}

/// Every file under `dir` whose mode lets anyone but the owner read it.
#[cfg(unix)]
fn readable_by_others(dir: &Path) -> Vec<PathBuf> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap().filter_map(Result::ok) {
            let p = e.path();
            let mode = e.metadata().unwrap().permissions().mode();
            if mode & 0o077 != 0 {
                found.push(p.clone());
            }
            if p.is_dir() {
                todo.push(p);
            }
        }
    }
    found
}

#[cfg(unix)]
#[test]
fn what_a_restore_extracts_and_what_a_verify_reads_back_is_private_from_the_first_byte() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let made = make_backup(&src, &dir.path().join("out"), None);
    let root = dir.path().join("target");
    other_shop(&root);
    // A verify reads the database copy (and the key) back into scratch files beside the backup:
    // look at them while the database check runs.
    let backups = made.path.parent().unwrap().to_path_buf();
    let mut leaks = Vec::new();
    let mut seen = 0;
    let mut look = |p: &Progress<'_>| {
        if p.stage == Stage::CheckDatabase {
            for e in fs::read_dir(&backups).unwrap().filter_map(Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(".rpma-backup-verify-") {
                    seen += 1;
                    use std::os::unix::fs::PermissionsExt as _;
                    if e.metadata().unwrap().permissions().mode() & 0o077 != 0 {
                        leaks.push(name);
                    }
                }
            }
        }
    };
    let report = verify(&made.path, None, &mut look, &AtomicBool::new(false)).unwrap();
    assert!(report.is_ok());
    assert!(seen > 0, "the scratch copies were looked at");
    assert!(leaks.is_empty(), "{leaks:?}");

    // A restore's staging folder, before the swap.
    let data = DataDir::open(&root).unwrap();
    let prepared = prepare_restore(
        &data,
        &made.path,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap();
    let staging = dir.path().join(".target.restore-staging");
    assert!(staging.is_dir());
    assert_eq!(readable_by_others(&staging), Vec::<PathBuf>::new());
    drop(prepared);
}
