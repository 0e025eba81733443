//! The `rpma` command line, run as a real process: `--version`, `--help`, `db migrate`,
//! `db check` (healthy, corrupted, not a database, missing, tampered audit log), a database from
//! a newer version (refused, file untouched), the data-folder lock and `RPMA_DATA_DIR`.
//!
//! Every test works in its own temporary folder passed with `--data-dir` (or `--file`) and asks
//! for English messages (`--lang en`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::panic
)]

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rpma_core::store::migrations::LATEST_LEVEL;

/// Longest any single `rpma` invocation may take before the test kills it.
const TIMEOUT: Duration = Duration::from_secs(20);

/// What a finished `rpma` run produced.
#[derive(Debug)]
struct Run {
    /// Exit code (`None` if killed by a signal).
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "exit code {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// `rpma` with a clean environment for our purposes: no inherited data folder, no display (so
/// the GUI entry can never open a window and hang a test), English messages.
fn rpma() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rpma"));
    cmd.env_remove("RPMA_DATA_DIR")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("LANG", "en_US.UTF-8")
        .env_remove("RUST_LOG")
        .env_remove("LOG_LEVEL")
        .stdin(Stdio::null());
    cmd
}

/// Drains a child's pipe on a named thread.
fn read_pipe(
    name: &str,
    f: impl FnOnce() -> String + Send + 'static,
) -> thread::JoinHandle<String> {
    thread::Builder::new()
        .name(name.to_owned())
        .spawn(f)
        .expect("spawn pipe reader")
}

/// Runs the command, killing it after [`TIMEOUT`].
fn run(mut cmd: Command) -> Run {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn rpma");
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = read_pipe("rpma-stdout", move || {
        let mut s = Vec::new();
        out_pipe.read_to_end(&mut s).ok();
        String::from_utf8_lossy(&s).into_owned()
    });
    let err_t = read_pipe("rpma-stderr", move || {
        let mut s = Vec::new();
        err_pipe.read_to_end(&mut s).ok();
        String::from_utf8_lossy(&s).into_owned()
    });
    let started = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait rpma") {
            break st;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().ok();
            let st = child.wait().ok();
            let stdout = out_t.join().unwrap_or_default();
            let stderr = err_t.join().unwrap_or_default();
            panic!(
                "rpma {:?} did not finish within {TIMEOUT:?} (killed; status {st:?})\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
                cmd.get_args().collect::<Vec<_>>()
            );
        }
        thread::sleep(Duration::from_millis(25));
    };
    Run {
        code: status.code(),
        stdout: out_t.join().unwrap_or_default(),
        stderr: err_t.join().unwrap_or_default(),
    }
}

/// `rpma --lang en <args…>`.
fn rpma_run(args: &[&str]) -> Run {
    let mut cmd = rpma();
    cmd.arg("--lang").arg("en").args(args);
    run(cmd)
}

/// `rpma --lang en db migrate --data-dir <dir>`.
fn migrate(dir: &Path) -> Run {
    let mut cmd = rpma();
    cmd.args(["--lang", "en", "db", "migrate", "--data-dir"])
        .arg(dir);
    run(cmd)
}

/// `rpma --lang en db check --file <file>`.
fn check_file(file: &Path) -> Run {
    let mut cmd = rpma();
    cmd.args(["--lang", "en", "db", "check", "--file"])
        .arg(file);
    run(cmd)
}

/// `rpma --lang en --data-dir <dir>` — the GUI entry, with no display.
fn gui_entry(dir: &Path) -> Run {
    let mut cmd = rpma();
    cmd.args(["--lang", "en", "--data-dir"]).arg(dir);
    run(cmd)
}

fn user_version(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// Switches a closed database out of WAL mode so the whole content is in the one file.
fn to_single_file(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_ascii_lowercase(), "delete");
    drop(conn);
    for side in side_files(db) {
        assert!(!side.exists(), "{} still exists", side.display());
    }
}

fn side_files(db: &Path) -> [PathBuf; 3] {
    let s = db.as_os_str().to_owned();
    let with = |suffix: &str| {
        let mut p = s.clone();
        p.push(suffix);
        PathBuf::from(p)
    };
    [with("-wal"), with("-shm"), with("-journal")]
}

/// A database with the demo shop in it (closed, single file), at `<dir>/rpma.db`.
fn populated_db(dir: &Path) -> PathBuf {
    let db = dir.join(rpma_core::datadir::DB_FILE);
    let (mut store, _) = rpma_core::Store::open(&db).unwrap();
    let summary = rpma_demo::populate(&mut store, rpma_demo::DEFAULT_SEED).unwrap();
    assert!(summary.created);
    drop(store);
    to_single_file(&db);
    db
}

#[test]
fn version_and_help() {
    let r = rpma_run(&["--version"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(
        r.stdout.contains(env!("CARGO_PKG_VERSION")),
        "{}",
        r.describe()
    );

    let r = rpma_run(&["--help"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(
        r.stdout.lines().any(|l| l.trim_start().starts_with("db")),
        "`db` subcommand not listed:\n{}",
        r.describe()
    );
}

#[test]
fn migrate_creates_database_at_latest_level_then_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let r = migrate(&dir);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let db = dir.join("rpma.db");
    assert!(db.is_file(), "no database created:\n{}", r.describe());
    assert!(
        r.stdout
            .contains(&format!("from level 0 to level {LATEST_LEVEL}")),
        "{}",
        r.describe()
    );
    assert_eq!(user_version(&db), LATEST_LEVEL);
    // A new file is not copied before migrating (there is nothing to save).
    assert!(!r.stdout.contains("Safety copy"), "{}", r.describe());

    let r = migrate(&dir);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(
        r.stdout
            .contains(&format!("already at level {LATEST_LEVEL}")),
        "{}",
        r.describe()
    );
    assert_eq!(user_version(&db), LATEST_LEVEL);
}

#[test]
fn check_passes_on_a_freshly_migrated_database() {
    let tmp = tempfile::tempdir().unwrap();
    let r = migrate(tmp.path());
    assert_eq!(r.code, Some(0), "{}", r.describe());

    // Through the data folder (no --file).
    let mut cmd = rpma();
    cmd.args(["--lang", "en", "db", "check", "--data-dir"])
        .arg(tmp.path());
    let r = run(cmd);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(r.stdout.contains("OK"), "{}", r.describe());
    assert!(r.stdout.contains("healthy"), "{}", r.describe());
    assert!(!r.stdout.contains("FAIL"), "{}", r.describe());
}

#[test]
fn check_passes_on_the_demo_shop() {
    let tmp = tempfile::tempdir().unwrap();
    let db = populated_db(tmp.path());
    let before = std::fs::read(&db).unwrap();
    let r = check_file(&db);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let ok_lines = r.stdout.lines().filter(|l| l.starts_with("OK")).count();
    assert!(ok_lines >= 4, "expected 4 OK lines:\n{}", r.describe());
    assert!(r.stdout.contains("File integrity"), "{}", r.describe());
    assert!(r.stdout.contains("Audit log intact"), "{}", r.describe());
    assert!(r.stdout.contains("healthy"), "{}", r.describe());
    // This terminal is named, and so is the terminal of its audit chain.
    let (id, code): (String, String) =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row("SELECT id, code FROM terminal", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
    assert!(
        r.stdout.contains(&format!("Terminal: {code} ({id})")),
        "{}",
        r.describe()
    );
    assert!(
        r.stdout.contains(&format!("intact for terminal {code} (")),
        "{}",
        r.describe()
    );
    // The check is read-only.
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "db check modified the file"
    );
}

#[test]
fn check_fails_on_a_corrupted_file() {
    let tmp = tempfile::tempdir().unwrap();
    let db = populated_db(tmp.path());
    let page_size: u64 = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))
            .unwrap()
            .try_into()
            .unwrap()
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() as u64 / page_size;
    assert!(
        pages >= 6,
        "demo database too small to corrupt: {pages} pages"
    );
    // Scribble over pages 3.. (page 1, with the header and the schema root, stays intact).
    let start = usize::try_from(page_size * 2).unwrap();
    let end = usize::try_from(page_size * pages.min(8)).unwrap();
    bytes[start..end].fill(0xFF);
    std::fs::write(&db, &bytes).unwrap();

    let r = check_file(&db);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(r.stdout.contains("FAIL"), "{}", r.describe());
    assert!(
        r.stdout.contains("File integrity") || r.stdout.contains("Unreadable"),
        "{}",
        r.describe()
    );
    assert!(
        r.stdout.contains("malformed") || r.stdout.contains("page"),
        "the problem is not described:\n{}",
        r.describe()
    );
}

#[test]
fn check_fails_on_a_file_that_is_not_a_database() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.db");
    let text = "This is a shopping list, not an SQLite database.\n".repeat(200);
    std::fs::write(&file, &text).unwrap();

    let r = check_file(&file);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        r.stdout.contains("Unreadable") || r.stdout.contains("not a valid"),
        "{}",
        r.describe()
    );
    assert!(r.stdout.contains("FAIL"), "{}", r.describe());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn check_fails_on_a_missing_file_without_creating_it() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("nowhere.db");

    let r = check_file(&file);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(r.stdout.contains("FAIL"), "{}", r.describe());
    assert!(!file.exists(), "db check created {}", file.display());
    for side in side_files(&file) {
        assert!(!side.exists(), "db check created {}", side.display());
    }

    // Same through a data folder that does not exist: nothing is created.
    let dir = tmp.path().join("no-such-folder");
    let mut cmd = rpma();
    cmd.args(["--lang", "en", "db", "check", "--data-dir"])
        .arg(&dir);
    let r = run(cmd);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(!dir.exists(), "db check created {}", dir.display());
}

#[test]
fn check_names_the_tampered_audit_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let db = populated_db(tmp.path());
    let id: String = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert!(n >= 3, "demo shop has only {n} audit entries");
        // The trigger refuses the edit…
        assert!(
            conn.execute("UPDATE audit_log SET after = '{\"x\":1}' WHERE seq = 2", [])
                .is_err(),
            "audit_log_no_update did not refuse an UPDATE"
        );
        // …so a tamperer drops it first.
        conn.execute_batch("DROP TRIGGER audit_log_no_update")
            .unwrap();
        let changed = conn
            .execute("UPDATE audit_log SET after = '{\"x\":1}' WHERE seq = 2", [])
            .unwrap();
        assert_eq!(changed, 1);
        conn.query_row("SELECT id FROM audit_log WHERE seq = 2", [], |r| r.get(0))
            .unwrap()
    };

    let r = check_file(&db);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        r.stdout.contains("tampered with at entry #2 "),
        "{}",
        r.describe()
    );
    assert!(
        r.stdout.contains(&id),
        "entry id {id} not named:\n{}",
        r.describe()
    );
    assert!(r.stdout.contains("problems found"), "{}", r.describe());
}

#[test]
fn newer_database_is_refused_and_left_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let r = migrate(dir);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let db = dir.join("rpma.db");
    let newer = LATEST_LEVEL + 5;
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
    }
    to_single_file(&db);
    let original = std::fs::read(&db).unwrap();
    let assert_untouched = |what: &str, r: &Run| {
        assert_eq!(
            std::fs::read(&db).unwrap(),
            original,
            "{what} modified the newer database\n{}",
            r.describe()
        );
        for side in side_files(&db) {
            assert!(
                !side.exists(),
                "{what} created {}\n{}",
                side.display(),
                r.describe()
            );
        }
    };

    let r = migrate(dir);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(r.stderr.contains("newer"), "{}", r.describe());
    assert!(
        r.stderr.contains(&format!("level {newer}")),
        "{}",
        r.describe()
    );
    assert_untouched("db migrate", &r);

    // The GUI entry refuses too (message on stderr; the error window cannot open without a
    // display, which is fine) and exits with 2.
    let r = gui_entry(dir);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(r.stderr.contains("newer"), "{}", r.describe());
    assert_untouched("the GUI entry", &r);

    // db check reports the level mismatch, read-only.
    let r = check_file(&db);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        r.stdout.contains(&format!(
            "Schema version: {newer} (expected: {LATEST_LEVEL})"
        )),
        "{}",
        r.describe()
    );
    assert_untouched("db check", &r);
}

#[test]
fn second_instance_on_the_same_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let held = rpma_core::datadir::DataDir::open(dir).unwrap();

    let r = migrate(dir);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        r.stderr.contains("already used by another RPMA window"),
        "{}",
        r.describe()
    );
    assert!(
        r.stderr.contains(&std::process::id().to_string()),
        "holder's pid not named:\n{}",
        r.describe()
    );
    assert!(!dir.join("rpma.db").exists(), "{}", r.describe());

    let r = gui_entry(dir);
    assert_eq!(r.code, Some(2), "{}", r.describe());
    assert!(
        r.stderr.contains("already used by another RPMA window"),
        "{}",
        r.describe()
    );
    assert!(!dir.join("rpma.db").exists(), "{}", r.describe());

    drop(held);
    let r = migrate(dir);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(user_version(&dir.join("rpma.db")), LATEST_LEVEL);
}

#[test]
fn rpma_data_dir_variable_is_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("from-env");
    let mut cmd = rpma();
    cmd.env("RPMA_DATA_DIR", &dir)
        .args(["--lang", "en", "db", "migrate"]);
    let r = run(cmd);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let db = dir.join("rpma.db");
    assert!(
        db.is_file(),
        "no database in RPMA_DATA_DIR:\n{}",
        r.describe()
    );
    assert_eq!(user_version(&db), LATEST_LEVEL);

    // --data-dir wins over the variable.
    let other = tmp.path().join("from-flag");
    let mut cmd = rpma();
    cmd.env("RPMA_DATA_DIR", &dir)
        .args(["--lang", "en", "db", "migrate", "--data-dir"])
        .arg(&other);
    let r = run(cmd);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert!(other.join("rpma.db").is_file(), "{}", r.describe());
}

#[test]
fn user_reset_password_prints_a_temporary_password_that_forces_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_db(dir.path());
    let d = dir.path().to_str().unwrap();
    let r = rpma_run(&["user", "reset-password", "karim", "--data-dir", d]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("Temporary password for karim: "))
        .expect("password line");
    let temp = line
        .trim_start_matches("Temporary password for karim: ")
        .trim()
        .to_owned();
    assert!(temp.len() >= 10, "{temp}");
    assert!(r.stdout.contains("must be changed"), "{}", r.describe());
    let (mut store, _) = rpma_core::Store::open(&db).unwrap();
    // The old password no longer works; the temporary one leads to a forced change.
    assert!(rpma_core::auth::login::login(&mut store, "karim", "Demo-Tech-2026").is_err());
    let outcome = rpma_core::auth::login::login(&mut store, "karim", &temp).unwrap();
    assert!(
        matches!(
            outcome,
            rpma_core::auth::login::LoginOutcome::MustChangePassword(_)
        ),
        "{outcome:?}"
    );
    // Audited, with no acting user.
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user.password_reset_cli' AND user_id IS NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn user_reset_password_refuses_unknown_users_and_missing_databases() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let r = rpma_run(&["user", "reset-password", "karim", "--data-dir", d]);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(r.stderr.contains("No database"), "{}", r.describe());
    assert!(
        !dir.path().join(rpma_core::datadir::DB_FILE).exists(),
        "no database is created"
    );
    populated_db(dir.path());
    let r = rpma_run(&["user", "reset-password", "nobody", "--data-dir", d]);
    assert_eq!(r.code, Some(1), "{}", r.describe());
}

#[test]
fn export_clients_neutralises_formulas_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_db(dir.path());
    {
        let (mut store, _) = rpma_core::Store::open(&db).unwrap();
        let admin = rpma_core::testing::session_named(&store, "admin");
        rpma_core::clients::create(
            &mut store,
            &admin,
            &rpma_core::clients::ClientInput {
                name: "=HYPERLINK(\"http://x\",\"y\")".into(),
                ..rpma_core::clients::ClientInput::default()
            },
        )
        .unwrap();
    }
    let out = export_clients(dir.path());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'), "BOM for Excel");
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "the formula is written as text:\n{text}"
    );
    assert!(
        !text.contains(",\"=HYPERLINK(") && !text.contains(",=HYPERLINK("),
        "{text}"
    );
    // Written through a temporary file renamed into place: nothing else is left in the folder.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("clients") && n != "clients.csv")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn check_reports_audit_entries_cut_from_the_end() {
    let tmp = tempfile::tempdir().unwrap();
    let db = populated_db(tmp.path());
    let n: i64 = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let n: i64 = conn
            .query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        conn.execute_batch("DROP TRIGGER audit_log_no_delete")
            .unwrap();
        conn.execute("DELETE FROM audit_log WHERE seq > ?1", [n - 2])
            .unwrap();
        n
    };
    let r = check_file(&db);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        r.stdout.contains(&format!(
            "entry #{n} was recorded but the log now ends at #{}",
            n - 2
        )),
        "{}",
        r.describe()
    );
    // The same file without its key beside it cannot vouch for its end.
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("rpma.db");
    std::fs::copy(&db, &copy).unwrap();
    let r = check_file(&copy);
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(r.stdout.contains("rpma.key"), "{}", r.describe());
}

/// Output into a pipe already closed (`rpma health | true`) ends quietly: no panic, no "failed
/// printing to stdout" (it did before).
#[test]
fn output_into_a_closed_pipe_ends_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    populated_db(dir.path());
    // A pipe whose reading end is closed before the command starts: its first write fails
    // (EPIPE), whatever the timing.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = rpma();
    cmd.arg("--data-dir")
        .arg(dir.path())
        .arg("health")
        .stdout(writer)
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("failed printing"), "{stderr}");
    assert!(status.code().is_some(), "ended by a signal: {status:?}");
}

/// The clients export read back by a CSV reader we did not write (Python's `csv` module): a
/// name with a comma, quotes and an accent comes back whole, a formula as text, one row per
/// client.
#[test]
fn the_clients_export_reads_back_with_python_s_csv_module() {
    if Command::new("python3").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is missing: the CSV read-back cannot run (.ci/run installs it)"
        );
        eprintln!("SKIPPED: python3 is missing, the CSV export was not read back");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = populated_db(dir.path());
    let tricky = "Dupont, \"Jo\" l'Éclair";
    let total: i64 = {
        let (mut store, _) = rpma_core::Store::open(&db).unwrap();
        let admin = rpma_core::testing::session_named(&store, "admin");
        for name in [tricky, "=1+2"] {
            rpma_core::clients::create(
                &mut store,
                &admin,
                &rpma_core::clients::ClientInput {
                    name: name.into(),
                    ..rpma_core::clients::ClientInput::default()
                },
            )
            .unwrap();
        }
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM clients WHERE deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let out = export_clients(dir.path());
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n\
                  \x20   rows = list(csv.reader(f))\n\
                  print(json.dumps(rows))\n";
    let py = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let rows: Vec<Vec<String>> = serde_json::from_slice(&py.stdout).unwrap();
    assert_eq!(
        i64::try_from(rows.len()).unwrap(),
        total + 1,
        "a header and one row per client: {rows:?}"
    );
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width), "ragged rows");
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == tricky)),
        "{tricky} not read back whole"
    );
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == "'=1+2")),
        "the formula is not text"
    );
}

/// `rpma export clients` of the data folder `dir` into `dir/clients.csv`, checked to succeed.
fn export_clients(dir: &Path) -> PathBuf {
    let out = dir.join("clients.csv");
    let r = rpma_run(&[
        "export",
        "clients",
        "--out",
        out.to_str().unwrap(),
        "--data-dir",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    out
}
