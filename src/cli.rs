//! The command line: `rpma` opens the app; subcommands do headless work on the same data.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rpma_core::datadir::{self, DataDir};
use rpma_core::i18n::Arg;
use rpma_core::store::check::{self, CheckReport};
use rpma_core::{Lang, Store};

mod update_cmd;

/// RPMA — Paint Protection Film workshop management.
#[derive(Debug, Parser)]
#[command(name = "rpma", version, about, long_about = None)]
pub struct Cli {
    /// Data folder (database, photos, logs, backups). Default: the platform's data folder.
    #[arg(long, global = true, env = "RPMA_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Open (or create) the demo shop, in its own data folder unless --data-dir is given.
    #[arg(long, global = true)]
    pub demo: bool,

    /// Kiosk mode: full screen, touch-sized.
    #[arg(long)]
    pub kiosk: bool,

    /// Interface and message language (fr, en). Default: the last one used, else French.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// Measure start-up: print the time to the first painted frame, then exit.
    #[arg(long, hide = true)]
    pub bench_startup: bool,

    /// Headless commands.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Database maintenance.
    Db {
        /// What to do.
        #[command(subcommand)]
        action: DbAction,
    },
    /// Account recovery.
    User {
        /// What to do.
        #[command(subcommand)]
        action: UserAction,
    },
    /// Export clients, vehicles or jobs as CSV (UTF-8, comma-separated, header row). Reads
    /// only: works while the app is open.
    Export {
        /// What to export.
        #[arg(value_enum)]
        what: ExportWhat,
        /// The CSV file to write.
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Benchmark helpers.
    Bench {
        /// What to do.
        #[command(subcommand)]
        action: BenchAction,
    },
    /// Backups: create, verify, restore, list (see `rpma backup --help`).
    Backup {
        /// What to do.
        #[command(subcommand)]
        action: crate::cli_backup::BackupAction,
    },
    /// The data folder's state as JSON, for monitoring (exit 0 healthy, 1 not).
    Health,
    /// Sync with the shop's PostgreSQL hub: init-server, join, now, status.
    Sync {
        /// What to do.
        #[command(subcommand)]
        action: crate::cli_sync::SyncAction,
    },
    /// Test hook (feature `test-hooks`, never in a shipped binary): random writes through the
    /// services until killed, each committed one reported on stdout (tests/kill_writes.rs).
    #[cfg(feature = "test-hooks")]
    #[command(hide = true)]
    TestWrites {
        /// Seed of the writes.
        #[arg(long)]
        seed: u64,
    },
    /// Signed self-update from the GitHub releases (repository and channel from Settings).
    Update {
        /// What to do.
        #[command(subcommand)]
        action: UpdateAction,
    },
}

/// Options shared by `rpma update …`.
#[derive(Debug, Clone, clap::Args)]
pub struct UpdateOpts {
    /// Repository `owner/name` (default: Settings → Updates, else rpma/rpma).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
    /// Channel: stable or beta (default: Settings → Updates, else stable).
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
    /// The binary to update or roll back (default: this one). Debug builds only, for the tests:
    /// a release build has no such option.
    #[cfg(debug_assertions)]
    #[arg(long, value_name = "FILE", hide = true)]
    pub install_path: Option<PathBuf>,
}

/// `rpma update …`
#[derive(Debug, Subcommand)]
pub enum UpdateAction {
    /// Look for a newer release (exit 0: up to date or found, 1: the check failed).
    Check {
        /// Source options.
        #[command(flatten)]
        opts: UpdateOpts,
    },
    /// Download, verify the signature of and install the newest release; the current binary is
    /// kept beside it as rpma.old. Refused while work would be lost.
    Apply {
        /// Source options.
        #[command(flatten)]
        opts: UpdateOpts,
        /// Support only: install even a build that is not newer than this one (an older release,
        /// or an archive whose binary is not its release's version). Written to the audit log
        /// before anything is replaced.
        #[arg(long)]
        allow_downgrade: bool,
    },
    /// Put back the binary kept by the last update.
    Rollback {
        /// Source options.
        #[command(flatten)]
        opts: UpdateOpts,
    },
}

/// What `rpma export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    /// Every client (not in the trash).
    Clients,
    /// Every vehicle (not in the trash).
    Vehicles,
    /// Every job (not in the trash).
    Jobs,
}

/// `rpma bench …`
#[derive(Debug, Subcommand)]
pub enum BenchAction {
    /// Fill an EMPTY data folder with a large generated shop (the demo accounts, plus clients,
    /// vehicles and jobs over the past 12 months and the next 2), for speed measurements.
    Generate {
        /// Clients.
        #[arg(long, default_value_t = 50_000)]
        clients: usize,
        /// Vehicles.
        #[arg(long, default_value_t = 60_000)]
        vehicles: usize,
        /// Jobs.
        #[arg(long, default_value_t = 100_000)]
        jobs: usize,
        /// Seed (same seed, same shop).
        #[arg(long, default_value_t = rpma_demo::DEFAULT_SEED)]
        seed: u64,
        /// Shops of a chain (a head-office terminal's data): clients and their jobs are spread
        /// over them, each shop's job numbers carrying its terminal code (S01, S02, …). With
        /// more than one, nothing goes into this terminal's change log (a head office holds
        /// other terminals' changes, and never sends them).
        #[arg(long, default_value_t = 1)]
        shops: usize,
    },
}

/// `rpma user …`
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Give an account a temporary password (printed once; to be changed at next sign-in) and lift
    /// its locks: the way back in when nobody can sign in. Audited.
    ResetPassword {
        /// The account's login name.
        username: String,
    },
}

/// `rpma db …`
#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Check integrity, foreign keys, schema level and the audit chain (exit 0 if all pass, 1 otherwise).
    Check {
        /// Check this database file instead of the data folder's.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Bring the database to this version's schema (a copy is kept beside it first).
    Migrate,
    /// Give the database's free pages back to the disk (the app must be closed); reports the
    /// space freed.
    Vacuum,
}

/// The platform's data folder for RPMA (`~/.local/share/rpma` on Linux, `%APPDATA%\RPMA\data` on
/// Windows, `~/Library/Application Support/fr.rpma.RPMA` on macOS).
pub fn default_data_root() -> PathBuf {
    directories::ProjectDirs::from("fr", "rpma", "RPMA")
        .map(|d| d.data_dir().to_owned())
        .unwrap_or_else(|| PathBuf::from("rpma-data"))
}

impl Cli {
    /// The data folder this invocation uses.
    pub fn resolved_data_dir(&self) -> PathBuf {
        match (&self.data_dir, self.demo) {
            (Some(d), _) => d.clone(),
            (None, true) => default_data_root().join("demo"),
            (None, false) => default_data_root(),
        }
    }

    /// The language for messages.
    pub fn message_lang(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| std::env::var("LANG").ok().as_deref().and_then(Lang::parse))
            .unwrap_or_default()
    }
}

/// Prints one line of a command's output. A closed pipe (`rpma health | head -1`) ends the
/// output quietly instead of a panic: what was asked for has been read.
pub(crate) fn out(s: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{s}")
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        tracing::warn!("cannot write to the standard output: {e}");
    }
}

#[allow(clippy::print_stderr)]
fn err(s: &str) {
    eprintln!("{s}");
}

/// Runs a subcommand; returns the process exit code.
pub fn run(cli: &Cli, command: &Command) -> ExitCode {
    crate::logging::init_stderr();
    let lang = cli.message_lang();
    match command {
        Command::Db {
            action: DbAction::Check { file },
        } => {
            let path = file
                .clone()
                .unwrap_or_else(|| cli.resolved_data_dir().join(datadir::DB_FILE));
            let report = check::check_file(&path);
            print_check(&report, lang);
            if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Db {
            action: DbAction::Migrate,
        } => migrate(&cli.resolved_data_dir(), lang),
        Command::Db {
            action: DbAction::Vacuum,
        } => crate::cli_backup::vacuum(&cli.resolved_data_dir(), lang),
        Command::Backup { action } => {
            crate::cli_backup::run(&cli.resolved_data_dir(), action, lang)
        }
        Command::Health => crate::cli_backup::health(&cli.resolved_data_dir()),
        Command::Sync { action } => crate::cli_sync::run(&cli.resolved_data_dir(), action, lang),
        #[cfg(feature = "test-hooks")]
        Command::TestWrites { seed } => {
            crate::cli_torture::run(&cli.resolved_data_dir(), *seed, lang)
        }
        Command::User {
            action: UserAction::ResetPassword { username },
        } => reset_password(&cli.resolved_data_dir(), username, lang),
        Command::Update { action } => update_cmd::update(&cli.resolved_data_dir(), action, lang),
        Command::Export { what, out: file } => export(&cli.resolved_data_dir(), *what, file, lang),
        Command::Bench {
            action:
                BenchAction::Generate {
                    clients,
                    vehicles,
                    jobs,
                    seed,
                    shops,
                },
        } => {
            let size = rpma_demo::generate::ShopSize {
                clients: *clients,
                vehicles: *vehicles,
                jobs: *jobs,
                shops: (*shops).max(1),
                ..rpma_demo::generate::ShopSize::BENCH
            };
            bench_generate(&cli.resolved_data_dir(), &size, *seed, lang)
        }
    }
}

fn export(dir: &Path, what: ExportWhat, file: &Path, lang: Lang) -> ExitCode {
    let db = dir.join(datadir::DB_FILE);
    if !db.is_file() {
        err(&lang.tr_args(
            "cli-no-database",
            &[("path", Arg::from(db.display().to_string()))],
        ));
        return ExitCode::from(1);
    }
    let result = (|| -> Result<u64, rpma_core::CoreError> {
        let conn = rpma_core::store::open_read_only(&db)?;
        // Whole or nothing: a failed export never leaves half a CSV (the core's atomic writer).
        rpma_core::fsutil::write_with(file, |w| match what {
            ExportWhat::Clients => rpma_core::clients::export_csv(
                &conn,
                &rpma_core::clients::ClientFilter::default(),
                w,
            ),
            ExportWhat::Vehicles => rpma_core::vehicles::export_csv(
                &conn,
                &rpma_core::vehicles::VehicleFilter::default(),
                w,
            ),
            ExportWhat::Jobs => rpma_core::export::jobs_csv(&conn, w),
        })
    })();
    match result {
        Ok(n) => {
            out(&lang.tr_args(
                "export-done",
                &[
                    ("count", Arg::from(i64::try_from(n).unwrap_or(i64::MAX))),
                    ("path", Arg::from(file.display().to_string())),
                ],
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            err(&lang.error_message(&e));
            ExitCode::from(1)
        }
    }
}

fn bench_generate(
    dir: &Path,
    size: &rpma_demo::generate::ShopSize,
    seed: u64,
    lang: Lang,
) -> ExitCode {
    let data = match DataDir::open(dir) {
        Ok(d) => d,
        Err(e) => {
            err(&lang.error_message(&e));
            return ExitCode::from(1);
        }
    };
    let started = std::time::Instant::now();
    let result = Store::open(&data.db_path()).and_then(|(mut store, _)| {
        if size.shops > 1 {
            store.stop_capture()?;
        }
        rpma_demo::populate_with_interventions(&mut store, seed, size, Some(data.root()))
    });
    match result {
        Ok(summary) if summary.created => {
            out(&lang.tr_args(
                "cli-bench-generated",
                &[
                    ("clients", Arg::from(summary.planning.clients as i64)),
                    ("vehicles", Arg::from(summary.planning.vehicles as i64)),
                    ("jobs", Arg::from(summary.planning.jobs as i64)),
                    (
                        "secs",
                        Arg::from(format!("{:.1}", started.elapsed().as_secs_f64())),
                    ),
                    ("path", Arg::from(data.db_path().display().to_string())),
                ],
            ));
            ExitCode::SUCCESS
        }
        Ok(_) => {
            err(&lang.tr("cli-bench-not-empty"));
            ExitCode::from(1)
        }
        Err(e) => {
            err(&lang.error_message(&e));
            ExitCode::from(1)
        }
    }
}

fn reset_password(dir: &Path, username: &str, lang: Lang) -> ExitCode {
    let db = dir.join(datadir::DB_FILE);
    if !db.is_file() {
        err(&lang.tr_args(
            "cli-no-database",
            &[("path", Arg::from(db.display().to_string()))],
        ));
        return ExitCode::from(1);
    }
    let data = match DataDir::open(dir) {
        Ok(d) => d,
        Err(e) => {
            err(&lang.error_message(&e));
            return ExitCode::from(1);
        }
    };
    let result = Store::open(&data.db_path())
        .and_then(|(mut store, _)| rpma_core::accounts::reset_password_cli(&mut store, username));
    match result {
        Ok(temp) => {
            out(&lang.tr_args(
                "cli-reset-done",
                &[("user", Arg::from(username)), ("password", Arg::from(temp))],
            ));
            out(&lang.tr("cli-reset-next"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            err(&lang.error_message(&e));
            ExitCode::from(1)
        }
    }
}

fn migrate(dir: &Path, lang: Lang) -> ExitCode {
    let data = match DataDir::open(dir) {
        Ok(d) => d,
        Err(e) => {
            err(&lang.error_message(&e));
            return ExitCode::from(1);
        }
    };
    match Store::open(&data.db_path()) {
        Ok((_, report)) => {
            if report.applied.is_empty() {
                out(&lang.tr_args(
                    "cli-migrate-uptodate",
                    &[(
                        "level",
                        Arg::from(rpma_core::store::migrations::LATEST_LEVEL),
                    )],
                ));
            } else {
                out(&lang.tr_args(
                    "cli-migrate-applied",
                    &[
                        ("from", Arg::from(report.level_before)),
                        (
                            "to",
                            Arg::from(report.applied.last().copied().unwrap_or_default()),
                        ),
                    ],
                ));
                if let Some(copy) = report.pre_migration_copy {
                    out(&lang.tr_args(
                        "cli-migrate-copy",
                        &[("path", Arg::from(copy.display().to_string()))],
                    ));
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            err(&lang.error_message(&e));
            ExitCode::from(1)
        }
    }
}

fn print_check(r: &CheckReport, lang: Lang) {
    let mark = |ok: bool| if ok { "OK  " } else { "FAIL" };
    out(&lang.tr_args(
        "cli-check-file",
        &[("path", Arg::from(r.path.display().to_string()))],
    ));
    if let Some(t) = &r.terminal {
        out(&lang.tr_args(
            "cli-check-terminal",
            &[
                ("code", Arg::from(t.code.as_str())),
                ("id", Arg::from(t.id.as_str())),
            ],
        ));
    }
    if let Some(e) = &r.open_error {
        out(&format!(
            "{} {}",
            mark(false),
            lang.tr_args("cli-check-unreadable", &[("detail", Arg::from(e.as_str()))])
        ));
        return;
    }
    out(&format!(
        "{} {}",
        mark(r.integrity.is_empty()),
        lang.tr("check-integrity")
    ));
    for line in r.integrity.iter().take(20) {
        out(&format!("       {line}"));
    }
    out(&format!(
        "{} {}",
        mark(r.foreign_keys.is_empty()),
        lang.tr("check-foreign-keys")
    ));
    for line in r.foreign_keys.iter().take(20) {
        out(&format!("       {line}"));
    }
    out(&format!(
        "{} {}",
        mark(r.schema_level == r.latest_level),
        lang.tr_args(
            "cli-check-schema",
            &[
                ("level", Arg::from(r.schema_level)),
                ("latest", Arg::from(r.latest_level))
            ]
        )
    ));
    print_audit(r, lang);
    out(&lang.tr(if r.is_ok() {
        "cli-check-pass"
    } else {
        "cli-check-failed"
    }));
}

/// The audit log's lines: one per terminal's chain (an older schema, with one chain and no
/// terminal, prints nothing here: its schema line already fails).
fn print_audit(r: &CheckReport, lang: Lang) {
    let mark = |ok: bool| if ok { "OK  " } else { "FAIL" };
    for chain in &r.audit_chains {
        let terminal = chain
            .code
            .clone()
            .unwrap_or_else(|| chain.terminal_id.chars().take(8).collect());
        let line = match &chain.result {
            Ok(n) => lang.tr_args(
                "cli-check-audit-chain-ok",
                &[
                    ("terminal", Arg::from(terminal.as_str())),
                    ("count", Arg::from(*n)),
                ],
            ),
            // This terminal's signed end: cut, replaced, missing, forged or unverifiable.
            Err(b) if b.is_head_problem() => lang.tr_args(
                b.message_key(),
                &[("seq", Arg::from(b.seq)), ("id", Arg::from(b.id.as_str()))],
            ),
            Err(b) => lang.tr_args(
                "cli-check-audit-chain-broken",
                &[
                    ("seq", Arg::from(b.seq)),
                    ("id", Arg::from(b.id.as_str())),
                    ("terminal", Arg::from(terminal.as_str())),
                ],
            ),
        };
        out(&format!("{} {line}", mark(chain.result.is_ok())));
    }
    // A log that could not be read at all.
    if let Some(Err(b)) = &r.audit
        && r.audit_chains.is_empty()
    {
        out(&format!(
            "{} {}",
            mark(false),
            lang.tr_args(
                "check-audit-broken",
                &[("seq", Arg::from(b.seq)), ("id", Arg::from(b.id.as_str()))]
            )
        ));
    }
}
