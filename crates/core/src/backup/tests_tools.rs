//! Backups opened by ordinary tools: `zstd -d | tar` lists and extracts them and `sha256sum`
//! of the extracted files matches the manifest; `age -d` decrypts an encrypted one with the
//! passphrase typed on its terminal (driven through a pseudo-terminal by python3's `pty`).
//!
//! A test whose tool is missing fails when `CI` is set and prints a loud SKIPPED line otherwise.
//! (Unix only: Windows has no `pty`, and its CI installs none of these tools.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use super::tests::{make_backup, pass, run_verify, shop};
use super::*;

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// True when every tool is there; otherwise fails under CI, or says SKIPPED loudly.
fn require(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{test}: tool(s) missing under CI: {missing:?} (install them: see .ci/run)");
    }
    eprintln!("\n********** SKIPPED {test}: tool(s) missing: {missing:?} **********\n");
    false
}

/// `zstd -dc <file> | tar <args>` in `dir`; the listing (stdout) when both succeed.
fn zstd_tar(file: &Path, dir: &Path, args: &[&str]) -> String {
    let mut z = Command::new("zstd")
        .args(["-dc", "--"])
        .arg(file)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = Command::new("tar")
        .args(args)
        .current_dir(dir)
        .stdin(z.stdout.take().unwrap())
        .output()
        .unwrap();
    assert!(z.wait().unwrap().success(), "zstd -d failed");
    assert!(
        out.status.success(),
        "tar {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `sha256sum` (or `shasum -a 256`) of files in `dir`: path → hash.
fn sha256sum(dir: &Path, rels: &[String]) -> BTreeMap<String, String> {
    let (tool, pre): (&str, &[&str]) = if have("sha256sum") {
        ("sha256sum", &[])
    } else {
        ("shasum", &["-a", "256"])
    };
    let out = Command::new(tool)
        .args(pre)
        .arg("--")
        .args(rels)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (hash, name) = l.split_once("  ").unwrap();
            (name.to_owned(), hash.to_owned())
        })
        .collect()
}

#[test]
fn system_tar_lists_and_extracts_and_sha256sum_matches_the_manifest() {
    let sum = if have("sha256sum") {
        "sha256sum"
    } else {
        "shasum"
    };
    if !require("system_tar_lists_and_extracts", &["zstd", "tar", sum]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let made = make_backup(&src, &dir.path().join("out"), None);
    let listing = zstd_tar(&made.path, dir.path(), &["-tf", "-"]);
    let listed: Vec<&str> = listing.lines().collect();
    let mut want: Vec<&str> = made
        .manifest
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .collect();
    want.push(MANIFEST_ENTRY);
    assert_eq!(listed, want);
    // GNU tar reads it directly too.
    if Command::new("tar")
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("GNU tar"))
    {
        let out = Command::new("tar")
            .args(["--zstd", "-tf"])
            .arg(&made.path)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), listing);
    }
    let x = dir.path().join("extracted");
    fs::create_dir_all(&x).unwrap();
    zstd_tar(&made.path, &x, &["-xf", "-"]);
    let m: Manifest = serde_json::from_slice(&fs::read(x.join(MANIFEST_ENTRY)).unwrap()).unwrap();
    assert_eq!(m, made.manifest);
    let rels: Vec<String> = m.entries.iter().map(|e| e.path.clone()).collect();
    let sums = sha256sum(&x, &rels);
    for e in &m.entries {
        assert_eq!(sums.get(&e.path), Some(&e.sha256), "{}", e.path);
        assert_eq!(fs::metadata(x.join(&e.path)).unwrap().len(), e.size);
    }
    // The extracted database is an ordinary SQLite file.
    let c = rusqlite::Connection::open(x.join(DB_ENTRY)).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(Some(&n), m.tables.get("jobs"));
}

/// Runs `age -d -o <out> <file>` on a pseudo-terminal, typing `passphrase` at its prompt.
/// Returns its exit code.
fn age_decrypt_on_a_tty(file: &Path, out: &Path, passphrase: &str) -> i32 {
    const DRIVER: &str = r#"
import os, pty, sys
src, dst, secret = sys.argv[1], sys.argv[2], sys.argv[3].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp("age", ["age", "-d", "-o", dst, src])
seen = b""
sent = False
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if not sent and b"assphrase" in seen:
        os.write(fd, secret + b"\n")
        sent = True
_, status = os.waitpid(pid, 0)
sys.stderr.write(seen.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status) if sent else 99)
"#;
    let status = Command::new("python3")
        .arg("-c")
        .arg(DRIVER)
        .arg(file)
        .arg(out)
        .arg(passphrase)
        .stdin(Stdio::null())
        .status()
        .unwrap();
    status.code().unwrap_or(-1)
}

#[test]
fn age_cli_decrypts_an_encrypted_backup_with_the_passphrase() {
    if !require("age_cli_decrypts", &["age", "python3", "zstd", "tar"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let secret = pass("un garage bien rangé");
    let made = make_backup(&src, &dir.path().join("out"), Some(&secret));
    assert!(made.path.to_string_lossy().ends_with(".tar.zst.age"));
    assert!(run_verify(&made.path, Some(&secret)).is_ok());
    // The passphrase is nowhere in the file.
    let bytes = fs::read(&made.path).unwrap();
    assert!(!bytes.windows(8).any(|w| w == "un garag".as_bytes()));

    let plain = dir.path().join("decrypted.tar.zst");
    let code = age_decrypt_on_a_tty(&made.path, &plain, "un garage bien rangé");
    assert_eq!(code, 0, "age -d failed");
    let listing = zstd_tar(&plain, dir.path(), &["-tf", "-"]);
    assert_eq!(listing.lines().count(), made.manifest.entries.len() + 1);
    // What age decrypted is a backup our verify accepts as it is.
    assert!(run_verify(&plain, None).is_ok());

    // A wrong passphrase: age refuses, nothing written.
    let wrong = dir.path().join("wrong.tar.zst");
    let code = age_decrypt_on_a_tty(&made.path, &wrong, "not it");
    assert_ne!(code, 0);
    assert!(fs::metadata(&wrong).map_or(true, |m| m.len() == 0));
}
