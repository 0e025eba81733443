//! Logs: `<data-dir>/logs/rpma.YYYY-MM-DD.log`, rotated daily, the last [`RETAINED_FILES`] kept.
//! The level comes from `RUST_LOG` (full filter syntax) or `LOG_LEVEL` (`info`, `debug`…).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

/// How many daily log files are kept.
pub const RETAINED_FILES: usize = 14;

fn filter(default: &str) -> EnvFilter {
    if let Ok(f) = EnvFilter::try_from_env("RUST_LOG") {
        return f;
    }
    let level = std::env::var("LOG_LEVEL").unwrap_or_else(|_| default.to_owned());
    EnvFilter::try_new(format!(
        "{level},wgpu=warn,naga=warn,eframe=warn,egui_glow=warn,winit=warn"
    ))
    .unwrap_or_else(|_| EnvFilter::new(default))
}

/// Logs to daily files in `logs_dir` (and warnings to stderr). Keep the guard alive until exit so
/// the last lines are flushed.
pub fn init_to_dir(logs_dir: &Path) -> Option<WorkerGuard> {
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("rpma")
        .filename_suffix("log")
        .max_log_files(RETAINED_FILES)
        .build(logs_dir);
    match appender {
        Ok(file) => {
            let (writer, guard) = tracing_appender::non_blocking(file);
            let stderr = std::io::stderr.with_max_level(tracing::Level::WARN);
            tracing_subscriber::registry()
                .with(filter("info"))
                .with(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer.and(stderr)),
                )
                .try_init()
                .ok();
            Some(guard)
        }
        Err(e) => {
            init_stderr();
            tracing::warn!("cannot write logs to {}: {e}", logs_dir.display());
            None
        }
    }
}

/// Logs warnings and errors to stderr only (CLI subcommands).
pub fn init_stderr() {
    tracing_subscriber::registry()
        .with(filter("warn"))
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .try_init()
        .ok();
}
