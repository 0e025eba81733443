//! Shared by the backup command-line tests: a generated shop (built once per test binary with
//! `rpma bench generate`, plus documents), `rpma` runs, and a data folder's state (every table's
//! rows and every backed-up file's content) for comparisons.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

use std::collections::BTreeMap;
use std::fs;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// A private copy of the `rpma` binary this test build made, taken once: a shared target
/// folder may be rebuilt by another checkout while the tests run.
fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let copy = dir.join("rpma");
        fs::copy(env!("CARGO_BIN_EXE_rpma"), &copy).unwrap();
        copy
    })
}

/// `rpma --lang en` with no inherited data folder, display or passphrase.
pub fn rpma() -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_remove("RPMA_DATA_DIR")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RPMA_BACKUP_PASSPHRASE")
        .env_remove("RPMA_REMOTE_SECRET")
        .env_remove("GCS_BUCKET_NAME")
        .env_remove("GCS_SERVICE_ACCOUNT_KEY")
        .env_remove("RUST_LOG")
        .env_remove("LOG_LEVEL")
        .env("LANG", "en_US.UTF-8")
        .arg("--lang")
        .arg("en")
        .stdin(Stdio::null());
    cmd
}

/// Runs `rpma --lang en --data-dir <root> <args…>`.
pub fn run_in(root: &Path, args: &[&str]) -> Output {
    rpma()
        .arg("--data-dir")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

/// Text of a run, for assertion messages.
pub fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Deterministic pseudo-random bytes (incompressible, like photos).
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn generated(seed: u64, extra_mb: usize) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let root = dir.join("data");
    let o = rpma()
        .arg("--data-dir")
        .arg(&root)
        .args([
            "bench",
            "generate",
            "--clients",
            "30",
            "--vehicles",
            "40",
            "--jobs",
            "200",
        ])
        .args(["--seed", &seed.to_string()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    fs::create_dir_all(root.join("documents")).unwrap();
    for i in 0..extra_mb {
        fs::write(
            root.join(format!("documents/scan-{seed}-{i}.bin")),
            noise(1 << 20, seed * 1000 + i as u64),
        )
        .unwrap();
    }
    root
}

/// The shop a backup is taken of (with 16 MB of incompressible documents).
pub fn shop_a() -> &'static Path {
    static A: OnceLock<PathBuf> = OnceLock::new();
    A.get_or_init(|| generated(1, 16))
}

/// Another shop (another organisation).
pub fn shop_b() -> &'static Path {
    static B: OnceLock<PathBuf> = OnceLock::new();
    B.get_or_init(|| generated(2, 2))
}

/// A copy of `template` at `to`.
pub fn copy_shop(template: &Path, to: &Path) {
    copy_tree(template, to);
}

/// Every table's rows (sorted text) and a hash of every file a backup carries.
pub type State = (BTreeMap<String, Vec<String>>, BTreeMap<String, (u64, u64)>);

/// The state of a data folder.
pub fn state(root: &Path) -> State {
    let conn = rusqlite::Connection::open(root.join("rpma.db")).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tables = BTreeMap::new();
    for name in names {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let cols = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let mut line = Vec::new();
                for i in 0..cols {
                    line.push(format!("{:?}", r.get_ref(i)?));
                }
                Ok(line.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        tables.insert(name, rows);
    }
    let files = rpma_core::backup::select::collect(root, None)
        .unwrap()
        .into_iter()
        .map(|f| {
            let bytes = fs::read(&f.path).unwrap();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (f.rel, (bytes.len() as u64, h.finish()))
        })
        .collect();
    (tables, files)
}

/// The backup files (final names) in a folder.
pub fn backups_in(dir: &Path) -> Vec<PathBuf> {
    rpma_core::backup::list_backups(dir)
        .unwrap()
        .into_iter()
        .map(|b| b.path)
        .collect()
}

/// A moto S3 server (`RPMA_MOTO_SERVER`, else `moto_server` on the PATH) on a free port,
/// stopped when dropped.
pub struct Moto {
    child: std::process::Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts moto and creates `bucket`; `None` (said loudly) when moto is not installed and `CI` is
/// unset; fails when `CI` is set.
pub fn start_moto(bucket: &str) -> Option<Moto> {
    use std::io::{Read as _, Write as _};
    let exe = std::env::var_os("RPMA_MOTO_SERVER")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join("moto_server"))
                    .find(|p| p.is_file())
            })
        });
    let Some(exe) = exe else {
        assert!(
            std::env::var_os("CI").is_none(),
            "moto_server is missing (python3 -m pip install 'moto[server]'; .ci/run installs it)"
        );
        #[allow(clippy::print_stderr)]
        {
            eprintln!("SKIPPED: moto_server not found; the S3 test did not run");
        }
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
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
    let started = std::time::Instant::now();
    let mut stream = loop {
        if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            break s;
        }
        assert!(
            started.elapsed().as_secs() < 60,
            "moto_server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    stream
        .write_all(
            format!(
                "PUT /{bucket} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    Some(moto)
}
