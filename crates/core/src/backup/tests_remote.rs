//! Copies to object storage: against `object_store`'s local-filesystem backend, and against a
//! real S3-compatible server (`moto_server`, from PyPI) started by the test. Without moto the S3
//! test fails when `CI` is set and is skipped loudly otherwise.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

use std::fs;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use rand::RngCore as _;
use rand::SeedableRng as _;

use super::remote::{self, UploadReport};
use super::remote_settings::{RemoteKind, RemoteSettings, RemoteTarget};
use super::retention::RetentionPolicy;
use super::tests::{TZ, make_backup, no_progress, run_verify, sha_hex, shop};
use super::*;
use crate::i18n::Lang;

fn up(target: &RemoteTarget, file: &Path) -> Result<UploadReport, BackupError> {
    remote::upload_verified(
        target,
        file,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
}

/// A shop with a 20 MB incompressible file, so that its backup takes three parts.
fn big_shop(dir: &Path) -> PathBuf {
    let root = shop(dir, "data");
    let mut bytes = vec![0u8; 20 << 20];
    rand_chacha::ChaCha8Rng::seed_from_u64(7).fill_bytes(&mut bytes);
    fs::create_dir_all(root.join("documents")).unwrap();
    fs::write(root.join("documents/large-scan.bin"), &bytes).unwrap();
    root
}

/// Fake backup files named for `terminal` on consecutive days (content is irrelevant to
/// retention: upload checks names; `upload` (not `upload_verified`) does not verify).
fn fake_backups(dir: &Path, terminal: &str, days: u32) -> Vec<PathBuf> {
    fs::create_dir_all(dir).unwrap();
    (1..=days)
        .map(|d| {
            let p = dir.join(format!(
                "rpma-backup-{terminal}-202601{d:02}-090000.tar.zst"
            ));
            fs::write(&p, format!("backup of day {d}")).unwrap();
            p
        })
        .collect()
}

fn names(list: &[remote::RemoteBackup]) -> Vec<String> {
    list.iter().map(|b| b.name.clone()).collect()
}

#[test]
fn copy_to_a_folder_streams_in_parts_and_checks_the_size() {
    let dir = tempfile::tempdir().unwrap();
    let root = big_shop(dir.path());
    let made = make_backup(&root, &dir.path().join("out"), None);
    assert!(made.archive_bytes > 2 * remote::PART_BYTES as u64);
    let share = dir.path().join("share");
    let target = RemoteTarget::folder(&share, "shops/martin").unwrap();
    let mut stages = Vec::new();
    let report = remote::upload_verified(
        &target,
        &made.path,
        None,
        &mut |p| stages.push((p.stage, p.done, p.total)),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.bytes, made.archive_bytes);
    let name = made.path.file_name().unwrap().to_str().unwrap();
    assert_eq!(report.key, format!("shops/martin/{name}"));
    assert!(
        stages.iter().any(|s| s.0 == Stage::Verify),
        "verified first"
    );
    let last = stages.iter().rev().find(|s| s.0 == Stage::Upload).unwrap();
    assert_eq!((last.1, last.2), (made.archive_bytes, made.archive_bytes));
    // The copy is the same bytes, and only it is there (no staging file left).
    let copy = share.join("shops/martin").join(name);
    assert_eq!(
        sha_hex(&fs::read(&copy).unwrap()),
        sha_hex(&fs::read(&made.path).unwrap())
    );
    let left: Vec<_> = fs::read_dir(share.join("shops/martin"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    let listed = remote::list_remote(&target).unwrap();
    assert_eq!(names(&listed), vec![name.to_owned()]);
    assert_eq!(listed[0].bytes, made.archive_bytes);
    assert_eq!(listed[0].terminal, "T1");
    // The copy verifies as a backup.
    let again = run_verify(&copy, None);
    assert!(again.is_ok(), "{:?}", again.problems);
}

#[test]
fn a_damaged_backup_is_not_copied() {
    let dir = tempfile::tempdir().unwrap();
    let root = shop(dir.path(), "data");
    let made = make_backup(&root, &dir.path().join("out"), None);
    let mut bytes = fs::read(&made.path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    fs::write(&made.path, &bytes).unwrap();
    let share = dir.path().join("share");
    let target = RemoteTarget::folder(&share, "").unwrap();
    let e = up(&target, &made.path).unwrap_err();
    assert!(matches!(e, BackupError::Invalid(_)), "{e:?}");
    assert!(remote::list_remote(&target).unwrap().is_empty());
    // A file that is not named like a backup is refused too.
    let other = dir.path().join("notes.txt");
    fs::write(&other, "x").unwrap();
    let e =
        remote::upload(&target, &other, &mut no_progress(), &AtomicBool::new(false)).unwrap_err();
    assert!(matches!(e, BackupError::Layout { .. }), "{e:?}");
    // Cancelled before it starts: nothing there.
    let good = make_backup(&root, &dir.path().join("out2"), None);
    let e = remote::upload(
        &target,
        &good.path,
        &mut no_progress(),
        &AtomicBool::new(true),
    )
    .unwrap_err();
    assert!(matches!(e, BackupError::Cancelled), "{e:?}");
    assert!(remote::list_remote(&target).unwrap().is_empty());
}

/// Uploads fake backups of two terminals, applies retention for T1, returns what is left.
fn retention_round(target: &RemoteTarget, dir: &Path) -> Vec<String> {
    let cancel = AtomicBool::new(false);
    for f in fake_backups(&dir.join("t1"), "T1", 10)
        .into_iter()
        .chain(fake_backups(&dir.join("t2"), "T2", 2))
    {
        remote::upload(target, &f, &mut no_progress(), &cancel).unwrap();
    }
    assert_eq!(remote::list_remote(target).unwrap().len(), 12);
    let policy = RetentionPolicy {
        daily: 3,
        weekly: 0,
        monthly: 0,
    };
    let deleted = remote::apply_remote_retention(target, "T1", &policy, TZ).unwrap();
    assert_eq!(deleted.len(), 7, "{deleted:?}");
    names(&remote::list_remote(target).unwrap())
}

#[test]
fn retention_applies_remotely_to_this_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let target = RemoteTarget::folder(&dir.path().join("share"), "p").unwrap();
    let left = retention_round(&target, dir.path());
    assert_eq!(
        left,
        vec![
            "rpma-backup-T1-20260110-090000.tar.zst",
            "rpma-backup-T1-20260109-090000.tar.zst",
            "rpma-backup-T1-20260108-090000.tar.zst",
            "rpma-backup-T2-20260102-090000.tar.zst",
            "rpma-backup-T2-20260101-090000.tar.zst",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// A real S3-compatible server.

/// The moto server executable: `RPMA_MOTO_SERVER`, else `moto_server` on the PATH.
fn moto_server() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RPMA_MOTO_SERVER").map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("moto_server"))
            .find(|p| p.is_file())
    })
}

struct Moto {
    child: Child,
    port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// Starts moto on a free port and waits until it answers; `None` (after saying so loudly)
/// when moto is not installed and `CI` is unset.
fn start_moto() -> Option<Moto> {
    let Some(exe) = moto_server() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "moto_server is missing (python3 -m pip install 'moto[server]'; .ci/run installs it)"
        );
        eprintln!("SKIPPED: moto_server not found; the S3 test did not run");
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(exe)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let moto = Moto { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "moto_server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(moto)
}

fn create_bucket(port: u16, bucket: &str) {
    let reply = http(
        port,
        &format!(
            "PUT /{bucket} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

fn s3_target(port: u16, bucket: &str) -> RemoteTarget {
    RemoteTarget::new(
        &RemoteSettings {
            enabled: true,
            kind: RemoteKind::S3,
            bucket: bucket.to_owned(),
            prefix: "shops/martin".to_owned(),
            endpoint: format!("http://127.0.0.1:{port}"),
            region: "eu-west-3".to_owned(),
            access_key_id: "AKIATESTRPMA".to_owned(),
            secret_sealed: String::new(),
        },
        Some(SecretString::from("test-secret-key")),
        &|_| None,
    )
    .unwrap()
}

#[test]
fn copy_to_an_s3_server_in_parts_list_and_retention() {
    let Some(moto) = start_moto() else { return };
    create_bucket(moto.port, "rpma-backups");
    let dir = tempfile::tempdir().unwrap();
    let root = big_shop(dir.path());
    let made = make_backup(&root, &dir.path().join("out"), None);
    let target = s3_target(moto.port, "rpma-backups");

    let report = up(&target, &made.path).unwrap();
    assert_eq!(report.bytes, made.archive_bytes);
    let name = made.path.file_name().unwrap().to_str().unwrap().to_owned();
    assert_eq!(
        report.location,
        format!("s3://rpma-backups/shops/martin/{name}")
    );
    // Read it back over the S3 API: the same bytes.
    let got = http_get_object(moto.port, "rpma-backups", &format!("shops/martin/{name}"));
    assert_eq!(got.len() as u64, made.archive_bytes);
    assert_eq!(sha_hex(&got), sha_hex(&fs::read(&made.path).unwrap()));
    let listed = remote::list_remote(&target).unwrap();
    assert_eq!(names(&listed), vec![name.clone()]);
    assert_eq!(listed[0].bytes, made.archive_bytes);

    // Retention on S3, other terminals untouched.
    let other_prefix = RemoteTarget {
        prefix: "retention".to_owned(),
        ..target.clone()
    };
    let left = retention_round(&other_prefix, dir.path());
    assert_eq!(left.len(), 5, "{left:?}");
    assert!(left.iter().filter(|n| n.contains("-T2-")).count() == 2);

    // A missing bucket: a clear error, nothing else changes.
    let missing = s3_target(moto.port, "no-such-bucket");
    let e = up(&missing, &made.path).unwrap_err();
    assert!(
        matches!(
            e,
            BackupError::Remote {
                reason: RemoteReason::NotFound,
                ..
            }
        ),
        "{e:?}"
    );
    let msg = e.message(Lang::En);
    assert!(msg.contains("s3://no-such-bucket/shops/martin"), "{msg}");
    assert!(!msg.contains("test-secret-key"), "{msg}");
    assert_eq!(remote::list_remote(&target).unwrap().len(), 1);
}

/// GET an object with a plain HTTP request (moto does not check signatures by default).
fn http_get_object(port: u16, bucket: &str, key: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(
        format!(
            "GET /{bucket}/{key} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let head_end = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&all[..head_end]).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    all.split_off(head_end + 4)
}
