//! `rpma backup create|verify|restore|list`, `rpma health` and `rpma db vacuum` as real
//! processes: exit codes (0 done, 1 refused or failed, the reason on stderr), the questions
//! before replacing a shop, passphrases from `RPMA_BACKUP_PASSPHRASE`, and nothing changed by a
//! refusal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod backup_support;

use std::fs;

use backup_support::{backups_in, copy_shop, describe, rpma, run_in, shop_a, shop_b, state};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn create_list_verify_restore() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_a(), &a);
    let o = run_in(&a, &["backup", "create"]);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(stdout(&o).contains("Backup written:"), "{}", describe(&o));
    assert!(stdout(&o).contains("Verified:"), "{}", describe(&o));
    let files = backups_in(&a.join("backups"));
    assert_eq!(files.len(), 1);
    let file = files[0].clone();
    let file_s = file.to_str().unwrap();

    // Named after this data folder's terminal (its code in the database).
    let code: String = rusqlite::Connection::open(a.join("rpma.db"))
        .unwrap()
        .query_row("SELECT code FROM terminal", [], |r| r.get(0))
        .unwrap();
    assert_ne!(code, rpma_core::backup::PLACEHOLDER_TERMINAL);
    let o = run_in(&a, &["backup", "list"]);
    assert!(o.status.success(), "{}", describe(&o));
    let line = stdout(&o);
    assert!(
        line.contains("verified") && line.contains(&format!("rpma-backup-{code}-")),
        "{line}"
    );
    let o = rpma()
        .args(["backup", "list", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(stdout(&o).contains("No backup in"), "{}", describe(&o));

    let o = rpma().args(["backup", "verify", file_s]).output().unwrap();
    assert!(o.status.success(), "{}", describe(&o));

    // A truncated copy: exit 1, the reason on stderr.
    let cut = dir
        .path()
        .join(format!("rpma-backup-{code}-20260101-000000.tar.zst"));
    let bytes = fs::read(&file).unwrap();
    fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let o = rpma()
        .args(["backup", "verify"])
        .arg(&cut)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("truncated"), "{}", describe(&o));
    let o = rpma()
        .args(["backup", "list", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(stdout(&o).contains("FAILED"), "{}", describe(&o));

    // Restore into an empty folder (a new terminal): no question, no --yes needed.
    let fresh = dir.path().join("fresh");
    let o = run_in(&fresh, &["backup", "restore", file_s]);
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(state(&fresh), state(&a));

    // Over an existing, other shop without --yes and without a terminal: refused, unchanged.
    let b = dir.path().join("b");
    copy_shop(shop_b(), &b);
    let before = state(&b);
    let o = run_in(&b, &["backup", "restore", file_s]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("--yes"), "{}", describe(&o));
    assert!(stderr(&o).contains("another shop"), "{}", describe(&o));
    assert_eq!(state(&b), before);
    // A damaged backup: refused even with --yes, unchanged.
    let o = run_in(&b, &["backup", "restore", cut.to_str().unwrap(), "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("unchanged"), "{}", describe(&o));
    assert_eq!(state(&b), before);
    // With --yes: replaced, the previous folder kept and named.
    let o = run_in(&b, &["backup", "restore", file_s, "--yes"]);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(
        stdout(&o).contains("previous data folder is kept at"),
        "{}",
        describe(&o)
    );
    assert_eq!(state(&b), state(&a));
    let kept: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("b.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(state(&kept[0]), before);

    // A missing file.
    let o = run_in(
        &b,
        &["backup", "restore", "/nonexistent/backup.tar.zst", "--yes"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
}

#[test]
fn encrypted_backups_take_the_passphrase_from_the_environment_only() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_b(), &a);
    let out = dir.path().join("out");
    // No variable, no terminal: refused before anything is written.
    let o = run_in(
        &a,
        &[
            "backup",
            "create",
            "--encrypt",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("RPMA_BACKUP_PASSPHRASE"),
        "{}",
        describe(&o)
    );
    assert!(!out.exists() || backups_in(&out).is_empty());
    // The passphrase is not an argument.
    let o = run_in(&a, &["backup", "create", "--encrypt", "--passphrase", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));

    let o = rpma()
        .arg("--data-dir")
        .arg(&a)
        .args(["backup", "create", "--encrypt", "--out"])
        .arg(&out)
        .env("RPMA_BACKUP_PASSPHRASE", "atelier 2026")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let file = backups_in(&out).pop().unwrap();
    assert!(file.to_string_lossy().ends_with(".tar.zst.age"));
    let verify = |pass: Option<&str>| {
        let mut c = rpma();
        c.args(["backup", "verify"]).arg(&file);
        if let Some(p) = pass {
            c.env("RPMA_BACKUP_PASSPHRASE", p);
        }
        c.output().unwrap()
    };
    let o = verify(Some("atelier 2026"));
    assert!(o.status.success(), "{}", describe(&o));
    let o = verify(Some("wrong"));
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("Wrong passphrase"), "{}", describe(&o));
    let o = verify(None);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("passphrase is needed"),
        "{}",
        describe(&o)
    );
}

#[test]
fn health_reports_json_and_exit_code_and_vacuum_reports_space_freed() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_b(), &a);
    let o = run_in(&a, &["health"]);
    assert!(o.status.success(), "{}", describe(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["ok"], true);
    assert_eq!(j["database_ok"], true);
    assert_eq!(j["photos_consistent"], true);
    assert!(j["disk_free_bytes"].as_u64().unwrap() > 0);
    assert!(j["last_backup"].is_null());
    assert_eq!(j["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        j["schema_level"],
        rpma_core::store::migrations::LATEST_LEVEL
    );

    let o = run_in(&a, &["backup", "create"]);
    assert!(o.status.success(), "{}", describe(&o));
    let o = run_in(&a, &["health"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["last_backup"]["verified"], "verified");
    assert!(j["last_backup"]["age_secs"].as_i64().unwrap() >= 0);

    // A photo lost from the store: not healthy, exit 1.
    let photo = rpma_core::photos::PhotoStore::for_data_dir(&a)
        .list_originals()
        .unwrap();
    let (sha, mime) = photo.first().unwrap();
    fs::remove_file(rpma_core::photos::PhotoStore::for_data_dir(&a).original_path(sha, mime))
        .unwrap();
    let o = run_in(&a, &["health"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["photos_consistent"], false);
    assert!(j["photos_missing"].as_u64().unwrap() >= 1);

    // Vacuum after a large table was dropped: reports the megabytes it freed.
    {
        let c = rusqlite::Connection::open(a.join("rpma.db")).unwrap();
        c.execute_batch(
            "CREATE TABLE scratch (b BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
             INSERT INTO scratch SELECT zeroblob(8192) FROM n;
             DROP TABLE scratch;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
    }
    let o = run_in(&a, &["db", "vacuum"]);
    assert!(o.status.success(), "{}", describe(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Database compacted:") && text.contains("MB freed"),
        "{text}"
    );
    // Nothing to vacuum in a folder without a database.
    let o = run_in(&dir.path().join("empty"), &["db", "vacuum"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let o = run_in(&dir.path().join("empty"), &["health"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
}
