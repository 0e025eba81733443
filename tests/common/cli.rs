//! The real `rpma` binary on a data folder, for the tests that run it as a process.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `rpma --lang en --data-dir DIR`, without the environment that would change what it does
/// (data folder, display, log level).
pub fn rpma(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rpma"));
    cmd.env_remove("RPMA_DATA_DIR")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .arg("--lang")
        .arg("en")
        .arg("--data-dir")
        .arg(dir);
    cmd
}

/// Exit code, stdout and stderr of a run, for failure messages.
pub fn text(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
