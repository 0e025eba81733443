//! `rpma backup create|verify|restore|list`, `rpma health` and `rpma db vacuum`.
//!
//! Exit codes: 0 done, 1 refused or failed (the reason on stderr). Passphrases come from the
//! `RPMA_BACKUP_PASSPHRASE` environment variable or are typed on a terminal (no echo); never from
//! an argument, which other users could read in the process list.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use clap::Subcommand;
use rpma_core::backup::{self, BackupError, Passphrase, Progress, VerifiedState, VerifyReport};
use rpma_core::datadir::{self, DataDir};
use rpma_core::format::format_bytes;
use rpma_core::i18n::Arg;
use rpma_core::{Lang, Store};

/// The environment variable a passphrase is read from.
pub const PASSPHRASE_ENV: &str = "RPMA_BACKUP_PASSPHRASE";

/// `rpma backup …`
#[derive(Debug, Subcommand)]
pub enum BackupAction {
    /// Write a backup of the data folder (works while the app is open), then verify it.
    Create {
        /// Folder to write it to (default: <data>/backups).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Encrypt with a passphrase (from RPMA_BACKUP_PASSPHRASE, else asked on the terminal).
        #[arg(long)]
        encrypt: bool,
        /// Once verified, copy it to the object storage set up with `rpma backup remote set`
        /// (then apply the retention rules to the copies).
        #[arg(long)]
        upload: bool,
        /// Retention of the copies.
        #[command(flatten)]
        keep: crate::cli_remote::KeepArgs,
    },
    /// Copy a backup to object storage (verified first unless its verification is recorded),
    /// then apply the retention rules to the copies.
    Upload {
        /// The backup file.
        file: PathBuf,
        /// Retention of the copies.
        #[command(flatten)]
        keep: crate::cli_remote::KeepArgs,
    },
    /// Object storage for copies of the backups: list, show, set.
    Remote {
        /// What to do.
        #[command(subcommand)]
        action: crate::cli_remote::RemoteAction,
    },
    /// Check a backup: every file against its manifest, and the database copy (exit 0 if good).
    Verify {
        /// The backup file.
        file: PathBuf,
    },
    /// Replace the data folder with a backup (verified first; the current folder is kept aside).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Do not ask before replacing an existing shop.
        #[arg(long)]
        yes: bool,
    },
    /// The backups of a folder, newest first, with size and verified state.
    List {
        /// Folder to list (default: <data>/backups).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

use crate::cli::out;

#[allow(clippy::print_stderr)]
fn err(s: &str) {
    eprintln!("{s}");
}

fn fail(lang: Lang, e: &BackupError) -> ExitCode {
    err(&e.message(lang));
    ExitCode::from(1)
}

/// The time zone of the shop in `root` (Settings), else the default.
fn shop_tz(root: &Path) -> backup::Tz {
    rpma_core::store::open_read_only(&root.join(datadir::DB_FILE))
        .ok()
        .and_then(|c| rpma_core::settings::get_shop(&c).ok())
        .and_then(|s| s.tz())
        .unwrap_or(rpma_core::format::DEFAULT_TZ)
}

/// Progress on stderr, when it is a terminal, at most a few times a second.
struct ProgressLine {
    lang: Lang,
    tty: bool,
    last: Option<Instant>,
}

impl ProgressLine {
    fn new(lang: Lang) -> Self {
        Self {
            lang,
            tty: std::io::stderr().is_terminal(),
            last: None,
        }
    }

    fn show(&mut self, p: &Progress<'_>) {
        if !self.tty || self.last.is_some_and(|t| t.elapsed().as_millis() < 250) {
            return;
        }
        self.last = Some(Instant::now());
        let pct = p
            .done
            .saturating_mul(100)
            .checked_div(p.total)
            .map(|v| format!(" {:>3} %", v.min(100)))
            .unwrap_or_default();
        let mut e = std::io::stderr().lock();
        let _ = write!(
            e,
            "\r\x1b[2K{}{pct}  {}",
            self.lang.tr(p.stage.label_key()),
            p.item
        );
        let _ = e.flush();
    }

    fn done(&mut self) {
        if self.tty && self.last.is_some() {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[2K");
            let _ = e.flush();
        }
        self.last = None;
    }
}

/// Reads the passphrase: the environment variable, else typed on the terminal (twice when
/// `confirm`, to catch a typo before it locks a backup away).
fn passphrase(lang: Lang, confirm: bool) -> Result<Passphrase, String> {
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        return Ok(Passphrase::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(lang.tr_args(
            "cli-backup-passphrase-needed",
            &[("var", Arg::from(PASSPHRASE_ENV))],
        ));
    }
    let first = rpassword::prompt_password(lang.tr("cli-backup-passphrase-prompt") + " ")
        .map_err(|e| e.to_string())?;
    if confirm {
        let again = rpassword::prompt_password(lang.tr("cli-backup-passphrase-again") + " ")
            .map_err(|e| e.to_string())?;
        if again != first {
            return Err(lang.tr("cli-backup-passphrase-mismatch"));
        }
    }
    Ok(Passphrase::new(first))
}

/// The passphrase for reading `file`: asked only when the file is encrypted.
fn passphrase_for(file: &Path, lang: Lang) -> Result<Option<Passphrase>, ExitCode> {
    match backup::is_encrypted_file(file) {
        Ok(false) => Ok(None),
        Ok(true) => passphrase(lang, false).map(Some).map_err(|m| {
            err(&m);
            ExitCode::from(1)
        }),
        Err(e) => Err(fail(lang, &BackupError::io(file, e))),
    }
}

/// Runs `rpma backup …`.
pub fn run(root: &Path, action: &BackupAction, lang: Lang) -> ExitCode {
    match action {
        BackupAction::Create {
            out: dir,
            encrypt,
            upload,
            keep,
        } => create(
            root,
            dir.as_deref(),
            *encrypt,
            upload.then_some(*keep),
            lang,
        ),
        BackupAction::Upload { file, keep } => {
            let pass = match passphrase_for_unverified(file, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let mut line = ProgressLine::new(lang);
            let code = crate::cli_remote::upload(
                root,
                file,
                pass.as_ref(),
                *keep,
                shop_tz(root),
                lang,
                &mut |p| line.show(p),
            );
            line.done();
            code
        }
        BackupAction::Remote { action } => crate::cli_remote::run(root, action, lang),
        BackupAction::Verify { file } => verify(file, lang),
        BackupAction::Restore { file, yes } => restore(root, file, *yes, lang),
        BackupAction::List { dir } => {
            list(&dir.clone().unwrap_or_else(|| root.join("backups")), lang)
        }
    }
}

fn rate(bytes: u64, secs: f64, lang: Lang) -> String {
    let per_sec = if secs > 0.0 {
        (bytes as f64 / secs) as u64
    } else {
        bytes
    };
    format!("{}/s", format_bytes(per_sec, lang))
}

fn create(
    root: &Path,
    dir: Option<&Path>,
    encrypt: bool,
    upload: Option<crate::cli_remote::KeepArgs>,
    lang: Lang,
) -> ExitCode {
    let pass = if encrypt {
        match passphrase(lang, true) {
            Ok(p) => Some(p),
            Err(m) => {
                err(&m);
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    let out_dir = dir.map_or_else(|| root.join("backups"), Path::to_path_buf);
    let terminal =
        backup::terminal_of(root).unwrap_or_else(|| backup::PLACEHOLDER_TERMINAL.to_owned());
    let cancel = AtomicBool::new(false);
    let mut line = ProgressLine::new(lang);
    let opts = backup::CreateOptions {
        data_root: root,
        out_dir: &out_dir,
        terminal: &terminal,
        passphrase: pass.as_ref(),
        now_ms: chrono::Utc::now().timestamp_millis(),
        tz: shop_tz(root),
    };
    let made = backup::create(&opts, &mut |p| line.show(p), &cancel);
    line.done();
    let made = match made {
        Ok(m) => m,
        Err(e) => return fail(lang, &e),
    };
    let secs = made.elapsed.as_secs_f64();
    out(&lang.tr_args(
        "cli-backup-created",
        &[
            ("path", Arg::from(made.path.display().to_string())),
            ("size", Arg::from(format_bytes(made.archive_bytes, lang))),
            (
                "count",
                Arg::from(i64::try_from(made.entries).unwrap_or(i64::MAX)),
            ),
            ("data", Arg::from(format_bytes(made.source_bytes, lang))),
            ("secs", Arg::from(format!("{secs:.1}"))),
            ("rate", Arg::from(rate(made.source_bytes, secs, lang))),
        ],
    ));
    for s in &made.skipped {
        err(&lang.tr_args("cli-backup-skipped", &[("entry", Arg::from(s.as_str()))]));
    }
    let report = backup::verify(&made.path, pass.as_ref(), &mut |p| line.show(p), &cancel);
    line.done();
    let code = match report {
        Ok(r) => print_verify(&r, lang),
        Err(e) => fail(lang, &e),
    };
    match upload {
        Some(keep) if code == ExitCode::SUCCESS => {
            let code = crate::cli_remote::upload(
                root,
                &made.path,
                pass.as_ref(),
                keep,
                shop_tz(root),
                lang,
                &mut |p| line.show(p),
            );
            line.done();
            code
        }
        _ => code,
    }
}

/// The passphrase for uploading `file`: needed only when it is encrypted and no passing
/// verification is recorded (it is verified before it leaves).
fn passphrase_for_unverified(file: &Path, lang: Lang) -> Result<Option<Passphrase>, ExitCode> {
    if backup::list::verified_state(file).0 == VerifiedState::Verified {
        return Ok(None);
    }
    passphrase_for(file, lang)
}

fn verify(file: &Path, lang: Lang) -> ExitCode {
    let pass = match passphrase_for(file, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let cancel = AtomicBool::new(false);
    let mut line = ProgressLine::new(lang);
    let report = backup::verify(file, pass.as_ref(), &mut |p| line.show(p), &cancel);
    line.done();
    match report {
        Ok(r) => print_verify(&r, lang),
        Err(e) => fail(lang, &e),
    }
}

fn print_verify(r: &VerifyReport, lang: Lang) -> ExitCode {
    if let Some(m) = &r.manifest {
        out(&lang.tr_args(
            "cli-backup-about",
            &[
                (
                    "shop",
                    Arg::from(if m.shop_name.is_empty() {
                        "-"
                    } else {
                        m.shop_name.as_str()
                    }),
                ),
                ("terminal", Arg::from(m.terminal.as_str())),
                ("date", Arg::from(m.created_at.as_str())),
                ("version", Arg::from(m.app_version.as_str())),
                ("level", Arg::from(m.schema_level)),
            ],
        ));
    }
    if r.is_ok() {
        let secs = r.elapsed.as_secs_f64();
        out(&lang.tr_args(
            "cli-backup-verified",
            &[
                (
                    "count",
                    Arg::from(i64::try_from(r.entries_read).unwrap_or(i64::MAX)),
                ),
                ("data", Arg::from(format_bytes(r.bytes_read, lang))),
                ("secs", Arg::from(format!("{secs:.1}"))),
                ("rate", Arg::from(rate(r.bytes_read, secs, lang))),
                (
                    "audit",
                    Arg::from(
                        r.database
                            .as_ref()
                            .and_then(|d| d.audit_entries)
                            .unwrap_or(0),
                    ),
                ),
            ],
        ));
        ExitCode::SUCCESS
    } else {
        err(&lang.tr_args(
            "cli-backup-verify-failed",
            &[("path", Arg::from(r.path.display().to_string()))],
        ));
        for p in &r.problems {
            err(&format!("  - {}", p.message(lang)));
        }
        ExitCode::from(1)
    }
}

/// Asks a yes/no question on the terminal; `false` when there is no terminal to ask.
fn ask(question: &str, lang: Lang) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    #[allow(clippy::print_stderr)]
    {
        eprint!("{question} {} ", lang.tr("cli-backup-confirm-prompt"));
    }
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    let a = answer.trim().to_lowercase();
    a == lang.tr("cli-backup-confirm-word").to_lowercase() || a == "yes"
}

fn restore(root: &Path, file: &Path, yes: bool, lang: Lang) -> ExitCode {
    if !file.is_file() {
        return fail(
            lang,
            &BackupError::io(file, std::io::Error::from(std::io::ErrorKind::NotFound)),
        );
    }
    let pass = match passphrase_for(file, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // The lock first: refused while the app (or another command) has the data folder open.
    let data = match DataDir::open(root) {
        Ok(d) => d,
        Err(e) => {
            err(&lang.error_message(&e));
            return ExitCode::from(1);
        }
    };
    let cancel = AtomicBool::new(false);
    let mut line = ProgressLine::new(lang);
    let prepared =
        backup::prepare_restore(&data, file, pass.as_ref(), &mut |p| line.show(p), &cancel);
    line.done();
    let prepared = match prepared {
        Ok(p) => p,
        Err(BackupError::Invalid(report)) => {
            print_verify(&report, lang);
            err(&lang.tr("cli-backup-restore-refused"));
            return ExitCode::from(1);
        }
        Err(e) => return fail(lang, &e),
    };
    let m = prepared.manifest();
    out(&lang.tr_args(
        "cli-backup-about",
        &[
            (
                "shop",
                Arg::from(if m.shop_name.is_empty() {
                    "-"
                } else {
                    m.shop_name.as_str()
                }),
            ),
            ("terminal", Arg::from(m.terminal.as_str())),
            ("date", Arg::from(m.created_at.as_str())),
            ("version", Arg::from(m.app_version.as_str())),
            ("level", Arg::from(m.schema_level)),
        ],
    ));
    let questions: Vec<String> = prepared
        .confirmations()
        .iter()
        .map(|c| c.message(lang))
        .collect();
    if !questions.is_empty() && !yes {
        let text = questions.join("\n");
        if !std::io::stdin().is_terminal() {
            err(&text);
            err(&lang.tr("cli-backup-restore-needs-yes"));
            return ExitCode::from(1);
        }
        if !ask(&text, lang) {
            err(&lang.tr("cli-backup-restore-cancelled"));
            return ExitCode::from(1);
        }
    }
    match prepared.commit(data, true) {
        Ok(r) => {
            out(&lang.tr_args(
                "cli-backup-restored",
                &[
                    (
                        "count",
                        Arg::from(i64::try_from(r.entries).unwrap_or(i64::MAX)),
                    ),
                    ("data", Arg::from(format_bytes(r.bytes, lang))),
                    ("path", Arg::from(root.display().to_string())),
                ],
            ));
            if let Some(prev) = &r.previous {
                out(&lang.tr_args(
                    "cli-backup-previous-kept",
                    &[("path", Arg::from(prev.display().to_string()))],
                ));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(lang, &e),
    }
}

fn list(dir: &Path, lang: Lang) -> ExitCode {
    let files = match backup::list_backups(dir) {
        Ok(f) => f,
        Err(e) => return fail(lang, &e),
    };
    if files.is_empty() {
        out(&lang.tr_args(
            "cli-backup-none",
            &[("path", Arg::from(dir.display().to_string()))],
        ));
        return ExitCode::SUCCESS;
    }
    for f in &files {
        let state = match f.verified {
            VerifiedState::Verified => lang.tr("cli-backup-state-verified"),
            VerifiedState::Failed => lang.tr("cli-backup-state-failed"),
            VerifiedState::Unknown => lang.tr("cli-backup-state-unknown"),
        };
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out(&format!(
            "{}  {:>12}  {}  {name}",
            f.stamp.format("%Y-%m-%d %H:%M:%S"),
            format_bytes(f.bytes, lang),
            state
        ));
    }
    ExitCode::SUCCESS
}

/// `rpma health`: JSON on stdout; exit 0 when `ok`.
pub fn health(root: &Path) -> ExitCode {
    let report = rpma_core::health::check(root, chrono::Utc::now().timestamp_millis());
    match serde_json::to_string_pretty(&report) {
        Ok(text) => out(&text),
        Err(e) => {
            err(&e.to_string());
            return ExitCode::from(1);
        }
    }
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `rpma db vacuum`: needs the data folder to itself.
pub fn vacuum(root: &Path, lang: Lang) -> ExitCode {
    if !root.join(datadir::DB_FILE).is_file() {
        err(&lang.tr_args(
            "cli-no-database",
            &[(
                "path",
                Arg::from(root.join(datadir::DB_FILE).display().to_string()),
            )],
        ));
        return ExitCode::from(1);
    }
    let result = DataDir::open(root).and_then(|data| {
        let (store, _) = Store::open(&data.db_path())?;
        let r = rpma_core::health::vacuum(&store)?;
        drop(store);
        drop(data);
        Ok(r)
    });
    match result {
        Ok(r) => {
            out(&lang.tr_args(
                "cli-vacuum-done",
                &[
                    ("freed", Arg::from(format_bytes(r.freed(), lang))),
                    ("before", Arg::from(format_bytes(r.bytes_before, lang))),
                    ("after", Arg::from(format_bytes(r.bytes_after, lang))),
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
