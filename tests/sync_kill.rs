//! A terminal killed (SIGKILL) in the middle of a sync resumes without losing or duplicating a
//! change: `rpma sync init-server` killed while it makes the hub and pushes the shop, `rpma sync
//! join` killed while it registers and pulls, each run again to the end. Real processes against a
//! real PostgreSQL (`RPMA_TEST_PG_URL`; `.ci/run` starts one): without it the test fails under
//! `CI` and says loudly what it skipped otherwise.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::panic
)]

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::cli::{rpma, text};
use common::pg::Hub;

/// Runs `args`, killing the process with SIGKILL after `after` unless it ended first; true when
/// it was killed.
fn killed_after(dir: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = rpma(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if start.elapsed() >= after {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn count(dir: &Path, sql: &str) -> i64 {
    let conn = rpma_core::store::open_read_only(&dir.join("rpma.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_terminal_killed_mid_sync_resumes_without_losing_or_duplicating() {
    let Some(hub) = Hub::new("sync_kill") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let o = rpma(&a)
        .args(["bench", "generate", "--clients", "300", "--vehicles", "300"])
        .args(["--jobs", "500"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    // init-server killed at several points, then run to its end.
    let init = ["sync", "init-server", hub.url.as_str(), "--name", "A"];
    let mut interrupted = 0;
    for ms in [250, 700, 1500] {
        if killed_after(&a, &init, Duration::from_millis(ms)) {
            interrupted += 1;
        }
    }
    let o = rpma(&a).args(init).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let code = String::from_utf8_lossy(&o.stdout)
        .lines()
        .find(|l| l.starts_with("RPMA-"))
        .unwrap_or_else(|| panic!("no join code: {}", text(&o)))
        .to_owned();
    // join from an empty folder killed at several points, then run to its end.
    let join = [
        "sync",
        "join",
        hub.url.as_str(),
        "--code",
        code.as_str(),
        "--name",
        "B",
    ];
    for ms in [300, 900, 2000] {
        if killed_after(&b, &join, Duration::from_millis(ms)) {
            interrupted += 1;
        }
    }
    let o = rpma(&b).args(join).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(interrupted >= 2, "the kills came too late to test anything");
    for dir in [&a, &b] {
        let o = rpma(dir).args(["sync", "now"]).output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
    }
    // Every change of A is on the hub once; nothing waits; B holds what A holds.
    let mut pg = postgres::Client::connect(&hub.url, postgres::NoTls).unwrap();
    let a_id = {
        let conn = rpma_core::store::open_read_only(&a.join("rpma.db")).unwrap();
        conn.query_row("SELECT id FROM terminal", [], |r| r.get::<_, String>(0))
            .unwrap()
    };
    let on_hub: i64 = pg
        .query_one(
            "SELECT count(*) FROM rpma_hub.changes WHERE terminal_id = $1",
            &[&a_id],
        )
        .unwrap()
        .get(0);
    let distinct: i64 = pg
        .query_one(
            "SELECT count(DISTINCT (table_name, row_key, hlc, op)) FROM rpma_hub.changes
             WHERE terminal_id = $1",
            &[&a_id],
        )
        .unwrap()
        .get(0);
    // The hub starts from the shop's snapshot (the history before it stays on A).
    let (first, last): (i64, i64) = {
        let r = pg
            .query_one(
                "SELECT min(change_seq), max(change_seq) FROM rpma_hub.changes
                 WHERE terminal_id = $1",
                &[&a_id],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let pushed = count(
        &a,
        &format!("SELECT count(*) FROM change_log WHERE seq >= {first} AND hlc IS NOT NULL"),
    );
    assert_eq!(on_hub, pushed, "every change of A on the hub, once");
    assert_eq!(
        last,
        count(&a, "SELECT max(seq) FROM change_log"),
        "up to the last one"
    );
    assert_eq!(distinct, on_hub, "no change twice under two positions");
    let shops: i64 = pg
        .query_one(
            "SELECT count(*) FROM rpma_hub.shops s
             WHERE EXISTS (SELECT 1 FROM rpma_hub.changes c WHERE c.shop_id = s.id)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(shops, 1, "one shop holds the data");
    for table in [
        "clients",
        "vehicles",
        "jobs",
        "interventions",
        "intervention_steps",
    ] {
        let sql = format!("SELECT count(*) FROM {table}");
        assert_eq!(count(&a, &sql), count(&b, &sql), "{table}");
    }
    for dir in [&a, &b] {
        let o = rpma(dir).args(["sync", "status"]).output().unwrap();
        let st: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(st["pending"], 0, "{st}");
        assert_eq!(st["errors"], serde_json::json!([]), "{st}");
    }
}
