//! Signed self-update, end to end: a local HTTP server plays the GitHub releases API and serves
//! an archive of a newer build (a tiny binary compiled here); `rpma update apply`, run from a
//! copy of the rpma binary, replaces itself with it. Unsigned, tampered and wrongly signed
//! archives are refused and the installed binary still runs; `rpma update rollback` restores it.
//!
//! Archives are signed with the test key (`tests/fixtures/update-test-signing.key`), which only
//! debug builds trust (see `rpma::update::verifying_keys`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead as _, BufReader, Cursor, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

const REPO: &str = "test/rpma";
const NEW_VERSION: &str = "0.2.0";
const EXE: &str = std::env::consts::EXE_SUFFIX;

/// What the fake release server serves; the test swaps the archive between scenarios.
#[derive(Default)]
struct Served {
    archive: Vec<u8>,
}

fn asset_name() -> String {
    format!("rpma-{NEW_VERSION}-{}.tar.gz", rpma::update::target())
}

fn release_json(base: &str, tag: &str, notes: &str) -> String {
    let name = asset_name();
    format!(
        r#"{{"tag_name":"{tag}","name":"RPMA {tag}","created_at":"2026-11-20T10:00:00Z",
            "body":"{notes}","html_url":"{base}/notes/{tag}",
            "assets":[{{"name":"{name}","url":"{base}/download/{name}"}}]}}"#
    )
}

fn respond(mut s: TcpStream, status: &str, ctype: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
    let _ = s.flush();
}

fn handle(stream: TcpStream, base: &str, served: &Mutex<Served>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Skip the headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let path = path.split('?').next().unwrap_or("/");
    let list = format!("/repos/{REPO}/releases");
    if path == list {
        // A stable release, a newer beta (ignored on the stable channel) and an older one.
        let body = format!(
            "[{},{},{}]",
            release_json(base, "v0.3.0-beta.1", "Beta only."),
            release_json(base, "v0.2.0", "Faster start-up.\\nSigned archives."),
            release_json(base, "v0.0.9", "Old.")
        );
        respond(stream, "200 OK", "application/json", body.as_bytes());
    } else if let Some(tag) = path.strip_prefix(&format!("{list}/tags/")) {
        let body = release_json(base, tag, "Faster start-up.");
        respond(stream, "200 OK", "application/json", body.as_bytes());
    } else if path.starts_with("/download/") {
        let bytes = served.lock().unwrap().archive.clone();
        respond(stream, "200 OK", "application/octet-stream", &bytes);
    } else {
        respond(stream, "404 Not Found", "application/json", b"{}");
    }
}

/// Starts the fake GitHub API on 127.0.0.1; returns its base URL.
fn serve(served: Arc<Mutex<Served>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    std::thread::Builder::new()
        .name("fake-github".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                handle(stream, &b, &served);
            }
        })
        .unwrap();
    base
}

/// Compiles a tiny program that prints a newer version, as the "newer build".
fn tiny_binary(dir: &Path) -> PathBuf {
    let src = dir.join("newer.rs");
    std::fs::write(
        &src,
        format!("fn main() {{ println!(\"rpma {NEW_VERSION} (test build)\"); }}\n"),
    )
    .unwrap();
    let out = dir.join(format!("newer{EXE}"));
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let status = Command::new(rustc)
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("rustc runs (it is here whenever cargo test is)");
    assert!(status.success(), "the tiny binary did not compile");
    out
}

/// A `.tar.gz` holding `bin` as `rpma` (`rpma.exe`) at its root.
fn archive_of(bin: &Path) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let data = std::fs::read(bin).unwrap();
    let mut header = tar::Header::new_gnu();
    header.set_size(data.len() as u64);
    header.set_mode(0o755);
    header.set_cksum();
    tar.append_data(&mut header, format!("rpma{EXE}"), data.as_slice())
        .unwrap();
    tar.into_inner().unwrap().finish().unwrap()
}

fn signing_key(bytes: &[u8]) -> zipsign_api::SigningKey {
    let pair: [u8; 64] = bytes.try_into().unwrap();
    zipsign_api::SigningKey::from_keypair_bytes(&pair).unwrap()
}

/// Signs a `.tar.gz` the way the release workflow does (`zipsign sign tar`, context = file name).
fn sign(archive: &[u8], key: &zipsign_api::SigningKey) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    zipsign_api::sign::copy_and_sign_tar(
        &mut Cursor::new(archive.to_vec()),
        &mut out,
        std::slice::from_ref(key),
        Some(asset_name().as_bytes()),
    )
    .unwrap();
    out.into_inner()
}

fn run(bin: &Path, args: &[&str], api: &str, data: &Path) -> Output {
    Command::new(bin)
        .args(["--lang", "en", "--data-dir"])
        .arg(data)
        .args(args)
        .env("RPMA_UPDATE_API_URL", api)
        .env("LOG_LEVEL", "warn")
        .output()
        .unwrap()
}

fn version_of(bin: &Path) -> String {
    let out = Command::new(bin).arg("--version").output().unwrap();
    assert!(out.status.success(), "{} does not run", bin.display());
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn signed_update_applies_bad_ones_are_refused_and_rollback_restores() {
    let tmp = tempfile::tempdir().unwrap();
    let served = Arc::new(Mutex::new(Served::default()));
    let api = serve(Arc::clone(&served));

    // The installed rpma: a copy of the binary under test, in a folder of its own, with a shop
    // database in its data folder (nothing blocks an update).
    let bin_dir = tmp.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let installed = bin_dir.join(format!("rpma{EXE}"));
    std::fs::copy(env!("CARGO_BIN_EXE_rpma"), &installed).unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    drop(rpma_core::Store::open(&data.join("rpma.db")).unwrap());
    let old_version = version_of(&installed);
    assert_eq!(old_version, format!("rpma {}", env!("CARGO_PKG_VERSION")));

    let newer = tiny_binary(tmp.path());
    let archive = archive_of(&newer);
    let test_key = signing_key(include_bytes!("fixtures/update-test-signing.key"));
    let other_key = zipsign_api::SigningKey::from_bytes(&[42; 32]);

    // `check` finds 0.2.0 on the stable channel (the beta is not offered), `--channel beta` finds it.
    let out = run(
        &installed,
        &["update", "check", "--repo", REPO],
        &api,
        &data,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Version 0.2.0 is available"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("Faster start-up."), "{}", text(&out));
    let out = run(
        &installed,
        &["update", "check", "--repo", REPO, "--channel", "beta"],
        &api,
        &data,
    );
    assert!(text(&out).contains("0.3.0-beta.1"), "{}", text(&out));

    let apply = |served: &Mutex<Served>, bytes: Vec<u8>| {
        served.lock().unwrap().archive = bytes;
        run(
            &installed,
            &["update", "apply", "--repo", REPO],
            &api,
            &data,
        )
    };

    // 1. Unsigned: refused, the installed binary untouched and still running.
    let out = apply(&served, archive.clone());
    assert!(
        !out.status.success(),
        "unsigned archive accepted: {}",
        text(&out)
    );
    assert!(
        text(&out).contains("not signed by the RPMA publisher"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("The installed version was not changed."));
    assert_eq!(version_of(&installed), old_version);

    // 2. Signed, then tampered with (one byte of the compressed payload changed): refused.
    let mut tampered = sign(&archive, &test_key);
    let at = tampered.len() - 12;
    tampered[at] ^= 0x5a;
    let out = apply(&served, tampered);
    assert!(
        !out.status.success(),
        "tampered archive accepted: {}",
        text(&out)
    );
    assert!(
        text(&out).contains("not signed by the RPMA publisher"),
        "{}",
        text(&out)
    );
    assert_eq!(version_of(&installed), old_version);

    // 3. Signed with another key: refused.
    let out = apply(&served, sign(&archive, &other_key));
    assert!(!out.status.success(), "wrong key accepted: {}", text(&out));
    assert!(
        text(&out).contains("not signed by the RPMA publisher"),
        "{}",
        text(&out)
    );
    assert_eq!(version_of(&installed), old_version);
    assert!(
        !rpma::update::previous_path(&installed).exists(),
        "a refused update must not touch the kept previous binary"
    );

    // 4. Properly signed: installed, the new build runs, the previous one is kept beside it.
    let out = apply(&served, sign(&archive, &test_key));
    assert!(
        out.status.success(),
        "signed update refused: {}",
        text(&out)
    );
    assert!(
        text(&out).contains("RPMA 0.2.0 is installed"),
        "{}",
        text(&out)
    );
    assert_eq!(version_of(&installed), "rpma 0.2.0 (test build)");
    let kept = rpma::update::previous_path(&installed);
    assert_eq!(version_of(&kept), old_version);

    // 5. Rollback (run by the original build: the tiny one has no CLI) restores the old binary.
    let out = run(
        Path::new(env!("CARGO_BIN_EXE_rpma")),
        &[
            "update",
            "rollback",
            "--install-path",
            installed.to_str().unwrap(),
        ],
        &api,
        &data,
    );
    assert!(out.status.success(), "rollback failed: {}", text(&out));
    assert_eq!(version_of(&installed), old_version);
    assert!(!kept.exists());
    // Nothing left to roll back to: said clearly.
    let out = run(&installed, &["update", "rollback"], &api, &data);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("No previous version is kept"),
        "{}",
        text(&out)
    );
    // The restored binary is a working rpma again.
    let out = run(&installed, &["db", "check"], &api, &data);
    assert!(out.status.success(), "{}", text(&out));
}
