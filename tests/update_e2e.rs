//! Signed self-update, end to end: a local HTTP server plays the GitHub releases API and serves
//! an archive of a newer build (a tiny binary compiled here); `rpma update apply`, run from a
//! copy of the rpma binary, replaces itself with it. Unsigned, tampered and wrongly signed
//! archives are refused and the installed binary still runs; `rpma update rollback` restores it.
//!
//! Archives are signed with the test key (`tests/fixtures/update-test-signing.key`), which only
//! debug builds trust (see `rpma::update::verifying_keys`).
//!
//! Downgrades (issue 13): a genuinely signed archive of an older build published under a newer
//! release is refused whether it keeps its own name or carries the new one; `--allow-downgrade`
//! installs it and writes it to the audit log; `rollback` warns when the kept binary cannot open
//! the database; `--repo` is refused to a user who does not own the data folder.

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
    /// The archive's name in the releases (default: [`asset_name`]).
    name: Option<String>,
    /// Requests received.
    requests: usize,
}

fn asset_name() -> String {
    format!("rpma-{NEW_VERSION}-{}.tar.gz", rpma::update::target())
}

fn release_json(base: &str, tag: &str, notes: &str, name: &str) -> String {
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
    let name = {
        let mut s = served.lock().unwrap();
        s.requests += 1;
        s.name.clone().unwrap_or_else(asset_name)
    };
    // Any repository: `/repos/{owner}/{name}/releases[/tags/{tag}]`.
    let list = path
        .strip_prefix("/repos/")
        .and_then(|p| p.split_once("/releases"))
        .map(|(_, rest)| rest);
    if list == Some("") {
        // A stable release, a newer beta (ignored on the stable channel) and an older one.
        let body = format!(
            "[{},{},{}]",
            release_json(base, "v0.3.0-beta.1", "Beta only.", &name),
            release_json(base, "v0.2.0", "Faster start-up.\\nSigned archives.", &name),
            release_json(base, "v0.0.9", "Old.", &name)
        );
        respond(stream, "200 OK", "application/json", body.as_bytes());
    } else if let Some(tag) = list.and_then(|rest| rest.strip_prefix("/tags/")) {
        let body = release_json(base, tag, "Faster start-up.", &name);
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
    tiny_build(dir, "newer", &format!("rpma {NEW_VERSION} (test build)"))
}

/// Compiles a tiny program called `name` that prints `version_line` (as `rpma --version` does).
fn tiny_build(dir: &Path, name: &str, version_line: &str) -> PathBuf {
    let src = dir.join(format!("{name}.rs"));
    std::fs::write(
        &src,
        format!("fn main() {{ println!(\"{version_line}\"); }}\n"),
    )
    .unwrap();
    let out = dir.join(format!("{name}{EXE}"));
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
    sign_as(archive, key, &asset_name())
}

/// [`sign`] for an archive published as `name`.
fn sign_as(archive: &[u8], key: &zipsign_api::SigningKey, name: &str) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    zipsign_api::sign::copy_and_sign_tar(
        &mut Cursor::new(archive.to_vec()),
        &mut out,
        std::slice::from_ref(key),
        Some(name.as_bytes()),
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
    // The kept build is this one: it opens the database, nothing to warn about.
    assert!(!text(&out).contains("Warning"), "{}", text(&out));
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

/// A copy of the binary under test in `<tmp>/bin`, and a data folder with a shop database.
fn installed_copy(tmp: &Path) -> (PathBuf, PathBuf) {
    let bin_dir = tmp.join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let installed = bin_dir.join(format!("rpma{EXE}"));
    std::fs::copy(env!("CARGO_BIN_EXE_rpma"), &installed).unwrap();
    let data = tmp.join("data");
    std::fs::create_dir_all(&data).unwrap();
    drop(rpma_core::Store::open(&data.join("rpma.db")).unwrap());
    (installed, data)
}

/// The `update.downgrade` audit entries of the data folder: (entity id, after).
fn downgrade_audits(data: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(data.join("rpma.db")).unwrap();
    let mut st = conn
        .prepare("SELECT entity_id, after FROM audit_log WHERE action = 'update.downgrade'")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Nothing of a refused update is left beside the installed binary.
fn assert_untouched(installed: &Path, version: &str) {
    assert_eq!(version_of(installed), version);
    assert!(
        !rpma::update::previous_path(installed).exists(),
        "a refused update must not keep a previous binary"
    );
    let leftovers: Vec<_> = std::fs::read_dir(installed.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".pending"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_older_signed_build_under_a_newer_release_is_refused_unless_allowed_and_audited() {
    let tmp = tempfile::tempdir().unwrap();
    let served = Arc::new(Mutex::new(Served::default()));
    let api = serve(Arc::clone(&served));
    let (installed, data) = installed_copy(tmp.path());
    let current = version_of(&installed);
    let key = signing_key(include_bytes!("fixtures/update-test-signing.key"));
    // A genuine, signed archive of an older build (0.0.9).
    let old = archive_of(&tiny_build(tmp.path(), "old", "rpma 0.0.9 (old build)"));
    let old_name = format!("rpma-0.0.9-{}.tar.gz", rpma::update::target());
    let apply = |extra: &[&str]| {
        let mut args = vec!["update", "apply", "--repo", REPO];
        args.extend_from_slice(extra);
        run(&installed, &args, &api, &data)
    };

    // 1. Published as it was signed (its own name) under release v0.2.0: the name is not the
    //    release's, refused before anything is downloaded or run.
    {
        let mut s = served.lock().unwrap();
        s.archive = sign_as(&old, &key, &old_name);
        s.name = Some(old_name.clone());
    }
    let out = apply(&[]);
    assert!(
        !out.status.success(),
        "misnamed archive accepted: {}",
        text(&out)
    );
    assert!(
        text(&out).contains("not named after its version"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains(&old_name), "{}", text(&out));
    assert_untouched(&installed, &current);

    // 2. Signed under the new release's own name (so the name and the signature pass): the
    //    binary says 0.0.9, not newer than the installed build: refused.
    {
        let mut s = served.lock().unwrap();
        s.archive = sign(&old, &key);
        s.name = None;
    }
    let out = apply(&[]);
    assert!(
        !out.status.success(),
        "older build accepted: {}",
        text(&out)
    );
    assert!(
        text(&out).contains("not newer than the installed one"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("0.0.9"), "{}", text(&out));
    assert_untouched(&installed, &current);
    assert!(downgrade_audits(&data).is_empty());

    // 3. The same with --allow-downgrade (support): installed, and written to the audit log.
    let out = apply(&["--allow-downgrade"]);
    assert!(
        out.status.success(),
        "allowed downgrade refused: {}",
        text(&out)
    );
    assert!(
        text(&out).contains("downgrade allowed, written to the audit log"),
        "{}",
        text(&out)
    );
    assert_eq!(version_of(&installed), "rpma 0.0.9 (old build)");
    let kept = rpma::update::previous_path(&installed);
    assert_eq!(version_of(&kept), current);
    let audits = downgrade_audits(&data);
    assert_eq!(audits.len(), 1, "{audits:?}");
    assert_eq!(audits[0].0, NEW_VERSION);
    assert!(audits[0].1.contains("\"version\":\"0.0.9\""), "{audits:?}");
    // The audit chain is intact.
    let out = run(
        Path::new(env!("CARGO_BIN_EXE_rpma")),
        &["db", "check"],
        &api,
        &data,
    );
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn rollback_warns_when_the_kept_binary_cannot_open_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let (installed, data) = installed_copy(tmp.path());
    let kept = rpma::update::previous_path(&installed);
    let rollback = || {
        run(
            Path::new(env!("CARGO_BIN_EXE_rpma")),
            &[
                "update",
                "rollback",
                "--install-path",
                installed.to_str().unwrap(),
            ],
            "http://127.0.0.1:9",
            &data,
        )
    };
    let latest = rpma_core::store::migrations::LATEST_LEVEL;

    // A kept build whose marker says it reads up to the level before this database's.
    let old = tiny_build(tmp.path(), "old", "rpma 0.0.9 (old build)");
    let mut bytes = std::fs::read(&old).unwrap();
    bytes.extend_from_slice(&rpma::update::build_info::marker_bytes("0.0.9", latest - 1));
    std::fs::write(&kept, &bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = rollback();
    assert!(out.status.success(), "{}", text(&out));
    let expected = format!(
        "Warning: the kept version (0.0.9) reads databases up to level {}, but this one is at level {latest}: it will refuse to open it.",
        latest - 1
    );
    assert!(text(&out).contains(&expected), "{}", text(&out));
    // Rolled back all the same (the user was told how to recover).
    assert_eq!(version_of(&installed), "rpma 0.0.9 (old build)");

    // A kept build with no marker (from before markers): its level is unknown, said so.
    std::fs::copy(&old, &kept).unwrap();
    let out = rollback();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("does not say which database level it reads"),
        "{}",
        text(&out)
    );
}

/// The effective uid of this test (a new file belongs to its creator).
#[cfg(unix)]
fn my_uid(dir: &Path) -> u32 {
    use std::os::unix::fs::MetadataExt as _;
    let probe = dir.join("uid-probe");
    std::fs::write(&probe, b"").unwrap();
    let uid = probe.metadata().unwrap().uid();
    std::fs::remove_file(&probe).unwrap();
    uid
}

#[cfg(unix)]
#[test]
fn only_the_data_folders_owner_may_fetch_updates_from_another_repository() {
    let tmp = tempfile::tempdir().unwrap();
    if my_uid(tmp.path()) != 0 {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "this test must run as root in CI: it gives the data folder to another user"
        );
        // Written to stderr directly: the test harness would hide an `eprintln!`.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED only_the_data_folders_owner_may_fetch_updates_from_another_repository: \
             not root, cannot give the data folder to another user ***\n"
        );
        return;
    }
    let served = Arc::new(Mutex::new(Served::default()));
    let api = serve(Arc::clone(&served));
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    drop(rpma_core::Store::open(&data.join("rpma.db")).unwrap());
    let chown = |uid: &str| {
        let status = Command::new("chown")
            .args(["-R", uid])
            .arg(&data)
            .status()
            .unwrap();
        assert!(status.success());
    };
    let rpma = Path::new(env!("CARGO_BIN_EXE_rpma"));
    let requests = || served.lock().unwrap().requests;

    // The data folder belongs to another user.
    chown("4242");
    let out = run(rpma, &["update", "check", "--repo", REPO], &api, &data);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Only the owner of the data folder"),
        "{}",
        text(&out)
    );
    assert_eq!(requests(), 0, "the refused repository was contacted");
    // The saved repository (the default, rpma/rpma) stays usable, given or not.
    let out = run(rpma, &["update", "check"], &api, &data);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Version 0.2.0 is available"),
        "{}",
        text(&out)
    );
    let out = run(
        rpma,
        &["update", "check", "--repo", "rpma/rpma"],
        &api,
        &data,
    );
    assert!(out.status.success(), "{}", text(&out));

    // Given back to this user (its owner), the other repository is allowed.
    chown("0");
    let out = run(rpma, &["update", "check", "--repo", REPO], &api, &data);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Version 0.2.0 is available"),
        "{}",
        text(&out)
    );
}
