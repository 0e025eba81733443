//! `rpma backup remote set|show|list`, `rpma backup upload` and `rpma backup create --upload`
//! as a person runs them: clear refusals, copies to a folder and to a real S3-compatible server
//! (moto, started by the test), and the secret key never printed, logged or stored in clear.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod backup_support;

use std::fs;

use backup_support::{backups_in, copy_shop, describe, rpma, run_in, shop_b, start_moto};

fn text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn copies_to_a_folder_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_b(), &a);

    // Nothing set up yet.
    let o = run_in(&a, &["backup", "remote", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        text(&o).1.contains("No object storage is set up"),
        "{}",
        describe(&o)
    );

    // Bad input: every problem named by its option, nothing saved.
    let o = run_in(
        &a,
        &[
            "backup",
            "remote",
            "set",
            "--kind",
            "s3",
            "--bucket",
            "Bad Bucket",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let (_, err) = text(&o);
    assert!(err.contains("--bucket:"), "{err}");
    assert!(err.contains("--access-key-id:"), "{err}");
    assert!(err.contains("RPMA_REMOTE_SECRET:"), "{err}");
    let o = run_in(&a, &["backup", "remote", "show"]);
    assert!(text(&o).0.contains("copy off"), "{}", describe(&o));
    let o = run_in(&a, &["backup", "remote", "set", "--kind", "ftp"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("use s3, gcs or fs"), "{}", describe(&o));

    let remote = dir.path().join("share");
    let o = run_in(
        &a,
        &[
            "backup",
            "remote",
            "set",
            "--kind",
            "fs",
            "--bucket",
            remote.to_str().unwrap(),
            "--prefix",
            "shops/b",
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let o = run_in(&a, &["backup", "create", "--upload"]);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(text(&o).0.contains("Copied to"), "{}", describe(&o));
    let copies = backups_in(&remote.join("shops/b"));
    assert_eq!(copies.len(), 1);
    let local = backups_in(&a.join("backups")).pop().unwrap();
    assert_eq!(fs::read(&copies[0]).unwrap(), fs::read(&local).unwrap());
    let o = run_in(&a, &["backup", "remote", "list"]);
    assert!(o.status.success(), "{}", describe(&o));
    let name = local.file_name().unwrap().to_str().unwrap();
    assert!(
        text(&o).0.contains(&format!("shops/b/{name}")),
        "{}",
        describe(&o)
    );

    // A damaged backup is verified before it leaves, and refused.
    let damaged = dir.path().join(name);
    let mut bytes = fs::read(&local).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    fs::write(&damaged, &bytes).unwrap();
    fs::remove_dir_all(&remote).unwrap();
    let o = run_in(&a, &["backup", "upload", damaged.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        text(&o).1.contains("failed verification"),
        "{}",
        describe(&o)
    );
    assert!(!remote.exists() || backups_in(&remote.join("shops/b")).is_empty());
}

#[test]
fn copies_to_s3_and_the_secret_key_never_shows() {
    let Some(moto) = start_moto("rpma-cli") else {
        return;
    };
    const SECRET: &str = "Zx9-SECRET-never-shown-4242";
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_b(), &a);
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let o = rpma()
        .arg("--data-dir")
        .arg(&a)
        .args([
            "backup", "remote", "set", "--kind", "s3", "--bucket", "rpma-cli",
        ])
        .args(["--endpoint", &endpoint, "--region", "eu-west-3"])
        .args(["--access-key-id", "AKIACLITEST", "--prefix", "t"])
        .env("RPMA_REMOTE_SECRET", SECRET)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let runs = [
        vec!["backup", "remote", "show"],
        vec!["backup", "create", "--upload"],
        vec!["backup", "remote", "list"],
    ];
    let mut all = String::new();
    for args in runs {
        let o = rpma()
            .arg("--data-dir")
            .arg(&a)
            .args(&args)
            .env("RUST_LOG", "debug")
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", describe(&o));
        all.push_str(&describe(&o));
    }
    assert!(
        all.contains("Copied to s3://rpma-cli/t/rpma-backup-"),
        "{all}"
    );
    assert!(all.contains("key saved"), "{all}");
    assert!(!all.contains(SECRET), "the secret key was printed:\n{all}");
    // Not in the database file in clear, nor in any log.
    let db = fs::read(a.join("rpma.db")).unwrap();
    assert!(!db.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()));
    if let Ok(logs) = fs::read_dir(a.join("logs")) {
        for l in logs {
            let body = fs::read_to_string(l.unwrap().path()).unwrap_or_default();
            assert!(!body.contains(SECRET));
        }
    }
}
