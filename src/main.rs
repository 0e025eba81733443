//! `rpma`: the desktop app and its command line in one binary.

#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser as _;
use rpma::cli::Cli;
use rpma::fatal::FatalApp;
use rpma::jobs::WorkerEnv;
use rpma::startup::Started;
use rpma::{App, AppConfig, Backend};
use rpma_core::Lang;
use rpma_core::datadir::DataDir;
use rpma_demo as demo;

const ICON_PNG: &[u8] = include_bytes!("../assets/icon-256.png");

fn native_options(data_dir: Option<&std::path::Path>, kiosk: bool) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("RPMA")
        .with_app_id("rpma")
        .with_inner_size([1200.0, 720.0])
        .with_min_inner_size([960.0, 600.0]);
    match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => tracing::warn!("app icon unreadable: {e}"),
    }
    if kiosk {
        viewport = viewport.with_fullscreen(true).with_decorations(false);
    }
    eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: !kiosk,
        persistence_path: data_dir.map(|d| d.join("ui-state.ron")),
        ..Default::default()
    }
}

/// Shows why the app cannot start: on stderr, and in a window when there is a display.
fn fatal(lang: Lang, message: String) -> ExitCode {
    tracing::error!("{message}");
    #[allow(clippy::print_stderr)]
    {
        eprintln!("rpma: {message}");
    }
    let title = lang.tr("fatal-title");
    let close = lang.tr("close");
    let mut opts = native_options(None, false);
    opts.viewport = opts.viewport.with_inner_size([640.0, 280.0]);
    eframe::run_native(
        "RPMA",
        opts,
        Box::new(move |cc| Ok(Box::new(FatalApp::new(cc, title, message, close)))),
    )
    .ok();
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let started = Instant::now();
    // Keeps this build's version and schema level in the file, for `rpma update rollback`.
    rpma::update::build_info::keep_marker();
    let cli = Cli::parse();
    if let Some(cmd) = &cli.command {
        return rpma::cli::run(&cli, cmd);
    }
    let lang = cli.message_lang();
    let dir = cli.resolved_data_dir();
    let data = match DataDir::open(&dir) {
        Ok(d) => d,
        Err(e) => {
            rpma::logging::init_stderr();
            return fatal(lang, lang.error_message(&e));
        }
    };
    let _log_guard = rpma::logging::init_to_dir(&data.logs_dir());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %dir.display(), "RPMA starting");
    // `quick_check` first: a damaged database opens the recovery screen, never an empty one.
    let (store, recovery) = match rpma::startup::open_store(&dir) {
        Ok(Started::Ready(s)) => (Some(s), None),
        Ok(Started::Recovery(state)) => (None, Some(state)),
        Err(e) => return fatal(lang, lang.error_message(&e)),
    };
    let mut store = store;
    if cli.demo
        && let Some(store) = &mut store
    {
        match demo::populate_with_interventions(
            store,
            demo::DEFAULT_SEED,
            &rpma_demo::generate::ShopSize::DEMO,
            Some(&dir),
        ) {
            Ok(s) if s.created => tracing::info!(?s, "demo shop created"),
            Ok(_) => {}
            Err(e) => return fatal(lang, lang.error_message(&e)),
        }
    }
    // This terminal's kiosk setting and the update settings are read once, before the window
    // exists (full screen and decorations are window options).
    let (terminal, updates) = store.as_ref().map_or_else(Default::default, |s| {
        (
            rpma_core::welcome::terminal_settings(s).unwrap_or_default(),
            rpma_core::welcome::update_settings(s).unwrap_or_default(),
        )
    });
    let kiosk = cli.kiosk || terminal.kiosk;
    if kiosk {
        tracing::info!(from_setting = !cli.kiosk, "kiosk mode");
    }
    let config = AppConfig {
        data_dir: Some(dir.clone()),
        logs_dir: Some(data.logs_dir()),
        kiosk,
        started: Some(started),
        exit_after_first_frame: cli.bench_startup,
        lang: cli.lang.as_deref().and_then(Lang::parse),
        clock: None,
        // The start-up benchmark measures the app, not the network.
        startup_update_check: (!cli.bench_startup).then_some(updates),
        no_file_dialog: false,
        browse_places: Vec::new(),
        recovery,
        backup_schedule: !cli.bench_startup,
    };
    let env = WorkerEnv {
        data_dir: Some(dir.clone()),
        session: None,
    };
    let backend = match store {
        Some(store) => Backend::Worker(store, env),
        None => Backend::Detached(env),
    };
    let options = native_options(Some(&dir), kiosk);
    // The app keeps the data folder's lock (a restore hands it over); it goes when the app is
    // dropped, after the worker has finished every queued write.
    let result = eframe::run_native(
        "RPMA",
        options,
        Box::new(move |cc| {
            let mut app = App::new(cc, backend, config);
            app.hold_data_lock(data);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("window system error: {e}");
            #[allow(clippy::print_stderr)]
            {
                eprintln!("rpma: {e}");
            }
            ExitCode::from(1)
        }
    }
}
