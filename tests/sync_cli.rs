//! `rpma sync init-server | join | now | status` run as real processes against a real PostgreSQL
//! (`RPMA_TEST_PG_URL`, a superuser URL; `.ci/run` starts Debian's PostgreSQL and sets it).
//! Without it the test fails under `CI` and says loudly what it skipped otherwise.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::panic
)]

mod common;

use std::path::Path;
use std::process::Output;

use common::cli::{rpma, text};
use common::pg::Hub;

fn run(dir: &Path, args: &[&str]) -> Output {
    rpma(dir).args(args).output().unwrap()
}

fn password_of(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let userinfo = rest.split_once('@').unwrap().0;
    userinfo.split_once(':').unwrap().1.to_owned()
}

fn status(dir: &Path) -> serde_json::Value {
    let o = run(dir, &["sync", "status"]);
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)))
}

fn count(dir: &Path, sql: &str) -> i64 {
    let conn = rpma_core::store::open_read_only(&dir.join("rpma.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn init_server_join_now_and_status_through_the_real_binary() {
    let Some(hub) = Hub::new("sync_cli") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    // Without a server: status says so, `now` fails with a clear message.
    let st = status(&a);
    assert!(st["server"].is_null(), "{st}");
    let o = run(&a, &["sync", "now"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("No sync server is configured"),
        "{}",
        text(&o)
    );
    // A small shop on A, then the hub.
    let o = run(
        &a,
        &[
            "bench",
            "generate",
            "--clients",
            "30",
            "--vehicles",
            "30",
            "--jobs",
            "40",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    // The administrator's password comes from the environment, not the command line (where the
    // process list would show it).
    let pw = password_of(&hub.url);
    let bare_url = hub.url.replacen(&format!(":{pw}@"), "@", 1);
    assert!(!bare_url.contains(&pw));
    let o = run(&a, &["sync", "init-server", &bare_url, "--name", "Accueil"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "no password: refused: {}",
        text(&o)
    );
    let o = rpma(&a)
        .args(["sync", "init-server", &bare_url, "--name", "Accueil"])
        .env("RPMA_SYNC_PASSWORD", &pw)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let code = out
        .lines()
        .find(|l| l.starts_with("RPMA-"))
        .unwrap_or_else(|| panic!("no join code printed: {}", text(&o)))
        .to_owned();
    assert!(
        !text(&o).contains(&pw),
        "the URL's password is never printed"
    );
    let raw = std::fs::read(a.join("rpma.db")).unwrap();
    assert!(
        !raw.windows(pw.len()).any(|w| w == pw.as_bytes()),
        "the password is not in the database"
    );
    let st = status(&a);
    assert_eq!(st["pending"], 0, "{st}");
    assert!(st["last_sync"].is_i64(), "{st}");
    assert!(!st["server"].as_str().unwrap().contains(&pw), "{st}");
    assert!(st["errors"].as_array().unwrap().is_empty(), "{st}");

    // A wrong code is refused and registers nothing.
    let bad = format!("{}A", &code[..code.len() - 1]);
    let bad = if bad == code {
        format!("{}B", &code[..code.len() - 1])
    } else {
        bad
    };
    let o = run(
        &b,
        &["sync", "join", &hub.url, "--code", &bad, "--name", "Baie 1"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(status(&b)["server"].is_null());

    // B joins from an empty data folder and gets the shop.
    let o = run(
        &b,
        &[
            "sync", "join", &hub.url, "--code", &code, "--name", "Baie 1",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    for sql in [
        "SELECT count(*) FROM clients",
        "SELECT count(*) FROM jobs",
        "SELECT count(*) FROM users",
    ] {
        assert_eq!(count(&a, sql), count(&b, sql), "{sql}");
    }
    assert!(
        count(&b, "SELECT count(*) FROM users") > 0,
        "B can sign in without the setup wizard"
    );
    let sb = status(&b);
    assert_ne!(
        sb["terminal"]["code"],
        status(&a)["terminal"]["code"],
        "codes differ"
    );
    // `now` on both: exit 0, nothing pending.
    for dir in [&a, &b, &a] {
        let o = run(dir, &["sync", "now"]);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(status(dir)["pending"], 0);
    }
}

#[test]
fn a_head_office_pulls_every_shop_through_the_real_binary() {
    let Some(hub) = Hub::new("sync_cli_head_office") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, hq) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("hq"),
    );
    let pw = password_of(&hub.url);
    let bare_url = hub.url.replacen(&format!(":{pw}@"), "@", 1);
    // Two shops on one hub.
    for (dir, seed) in [(&a, "1"), (&b, "2")] {
        let o = run(
            dir,
            &[
                "bench",
                "generate",
                "--clients",
                "20",
                "--vehicles",
                "20",
                "--jobs",
                "30",
                "--seed",
                seed,
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        let o = rpma(dir)
            .args(["sync", "init-server", &bare_url, "--name", "Accueil"])
            .env("RPMA_SYNC_PASSWORD", &pw)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o));
    }
    // The head office, made by the hub's owner: every shop's clients and jobs.
    let o = rpma(&hq)
        .args(["sync", "head-office", &bare_url, "--name", "Siège"])
        .env("RPMA_SYNC_PASSWORD", &pw)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains(&pw), "the password is never printed");
    for sql in ["SELECT count(*) FROM clients", "SELECT count(*) FROM jobs"] {
        assert_eq!(count(&hq, sql), count(&a, sql) + count(&b, sql), "{sql}");
    }
    let st = status(&hq);
    assert_eq!(st["shop_id"], "*", "{st}");
    assert_eq!(st["pending"], 0, "{st}");
    let o = run(&hq, &["sync", "now"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(status(&hq)["errors"].as_array().unwrap().is_empty());

    // The owner lists the head offices and revokes this one (from a shop's folder); a shop's
    // terminal cannot, and one action at a time is asked.
    let owner = |dir: &Path, args: &[&str]| {
        rpma(dir)
            .args(["sync", "head-office", &bare_url])
            .args(args)
            .env("RPMA_SYNC_PASSWORD", &pw)
            .output()
            .unwrap()
    };
    let o = owner(&a, &["--list"]);
    assert!(o.status.success(), "{}", text(&o));
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["name"], "Siège");
    assert_eq!(listed[0]["can_log_in"], true);
    for args in [&[][..], &["--list", "--revoke", "Siège"][..]] {
        let o = owner(&a, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
    }
    let o = owner(&a, &["--revoke", "Siège"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains(&pw), "the password is never printed");
    let o = owner(&a, &["--list"]);
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(listed[0]["can_log_in"], false, "{listed}");
    assert!(listed[0]["revoked_at"].is_i64(), "{listed}");
    // Its next round is refused and says how to enable it again.
    let o = run(&hq, &["sync", "now"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("head office was revoked") && said.contains("rpma sync head-office"),
        "{said}"
    );
}
