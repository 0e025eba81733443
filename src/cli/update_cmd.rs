//! `rpma update check|apply|rollback`.
//!
//! - `--repo` may name another repository than the saved one (Settings → Updates, admins only)
//!   only for the operating-system user who owns the data folder
//!   ([`rpma_core::updates::ensure_cli_may_use_repository`]).
//! - `apply --allow-downgrade` (support) lets in a build that is not newer; the downgrade is
//!   written to the data folder's audit log before the binary is replaced, and refused if it
//!   cannot be.
//! - `rollback` warns when the kept binary is older than the database's schema (it would refuse
//!   to open it); its level is read from the file, which is never run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rpma_core::datadir::{self, DataDir};
use rpma_core::i18n::Arg;
use rpma_core::updates::{self, Channel, Install, RollbackFit};
use rpma_core::{Lang, Store};

use super::{UpdateAction, UpdateOpts, err, out};
use crate::update::{self as up, CURRENT_VERSION, UpdateError};

fn update_error(lang: Lang, e: &UpdateError) -> ExitCode {
    tracing::warn!("update: {e}");
    err(&lang.tr(e.message_key()));
    let detail = e.detail();
    if !detail.is_empty() {
        err(&format!("  {detail}"));
    }
    ExitCode::from(1)
}

/// The update settings of the data folder (defaults without a database) and whether something
/// blocks an update now; the command line's `--repo` (its data folder's owner only) and
/// `--channel` win.
fn update_source(
    dir: &Path,
    opts: &UpdateOpts,
    check_blockers: bool,
    lang: Lang,
) -> Result<up::Source, ExitCode> {
    let mut settings = updates::UpdateSettings::default();
    let db = dir.join(datadir::DB_FILE);
    if db.is_file() {
        let opened = DataDir::open(dir).and_then(|data| {
            let (store, _) = Store::open(&data.db_path())?;
            let s = rpma_core::welcome::update_settings(&store)?;
            if check_blockers {
                rpma_core::welcome::ensure_can_update(&store)?;
            }
            Ok((data, s))
        });
        match opened {
            Ok((_data, s)) => settings = s,
            Err(e) => {
                err(&lang.error_message(&e));
                return Err(ExitCode::from(1));
            }
        }
    }
    if let Some(repo) = &opts.repo {
        let allowed = datadir::caller_owns(dir)
            .and_then(|owns| updates::ensure_cli_may_use_repository(&settings, repo, owns));
        if let Err(e) = allowed {
            err(&lang.error_message(&e));
            return Err(ExitCode::from(1));
        }
        settings.repository.clone_from(repo);
    }
    if let Some(c) = &opts.channel {
        let Some(channel) = Channel::parse(c) else {
            err(&lang.tr_args(
                "cli-update-bad-channel",
                &[("channel", Arg::from(c.as_str()))],
            ));
            return Err(ExitCode::from(2));
        };
        settings.channel = channel;
    }
    up::Source::from_settings(&settings)
        .ok_or_else(|| update_error(lang, &UpdateError::BadRepository))
}

/// The binary to update: this one (debug builds: `--install-path` for the tests).
fn install_path(opts: &UpdateOpts, lang: Lang) -> Result<PathBuf, ExitCode> {
    #[cfg(debug_assertions)]
    if let Some(p) = &opts.install_path {
        return Ok(p.clone());
    }
    #[cfg(not(debug_assertions))]
    let _ = opts;
    std::env::current_exe().map_err(|e| update_error(lang, &UpdateError::Io(e.to_string())))
}

/// Who runs the command, for the audit log.
fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "?".to_owned())
}

/// Writes a downgrade to `dir`'s audit log (refused without a database: it must be audited).
fn downgrade_audit(dir: &Path, release: String) -> up::DowngradeAudit {
    let dir = dir.to_owned();
    Box::new(move |to: &str| {
        let db = dir.join(datadir::DB_FILE);
        if !db.is_file() {
            return Err(format!("no database at {}", db.display()));
        }
        DataDir::open(&dir)
            .and_then(|data| {
                let (mut store, _) = Store::open(&data.db_path())?;
                updates::audit_downgrade(&mut store, CURRENT_VERSION, to, &release, &os_user())
            })
            .map_err(|e| e.to_string())
    })
}

fn check(dir: &Path, opts: &UpdateOpts, lang: Lang) -> Result<ExitCode, ExitCode> {
    let source = update_source(dir, opts, false, lang)?;
    Ok(match up::check(&source, CURRENT_VERSION) {
        Ok(None) => {
            out(&lang.tr_args(
                "cli-update-none",
                &[("version", Arg::from(CURRENT_VERSION))],
            ));
            ExitCode::SUCCESS
        }
        Ok(Some(a)) => {
            out(&lang.tr_args(
                "cli-update-found",
                &[
                    ("version", Arg::from(a.version.as_str())),
                    ("current", Arg::from(CURRENT_VERSION)),
                ],
            ));
            if let Some(notes) = a.notes.as_deref().filter(|n| !n.trim().is_empty()) {
                out(notes.trim());
            }
            ExitCode::SUCCESS
        }
        Err(e) => update_error(lang, &e),
    })
}

fn apply(
    dir: &Path,
    opts: &UpdateOpts,
    allow_downgrade: bool,
    lang: Lang,
) -> Result<ExitCode, ExitCode> {
    let source = update_source(dir, opts, true, lang)?;
    let exe = install_path(opts, lang)?;
    let a = match up::check(&source, CURRENT_VERSION) {
        Ok(Some(a)) => a,
        Ok(None) => {
            out(&lang.tr_args(
                "cli-update-none",
                &[("version", Arg::from(CURRENT_VERSION))],
            ));
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => return Err(update_error(lang, &e)),
    };
    out(&lang.tr_args(
        "cli-update-installing",
        &[("version", Arg::from(a.version.as_str()))],
    ));
    let progress = std::sync::Arc::new(up::Progress::default());
    let audit = allow_downgrade.then(|| downgrade_audit(dir, a.version.clone()));
    match up::apply(&source, &a, &exe, &progress, audit) {
        Ok(installed) => {
            let previous = up::previous_path(&exe).display().to_string();
            let key = match installed.kind {
                Install::Upgrade => "cli-update-done",
                Install::Downgrade => "cli-update-downgraded",
            };
            out(&lang.tr_args(
                key,
                &[
                    ("version", Arg::from(installed.version.as_str())),
                    ("current", Arg::from(CURRENT_VERSION)),
                    ("previous", Arg::from(previous)),
                ],
            ));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let code = update_error(lang, &e);
            err(&lang.tr("cli-update-kept"));
            Err(code)
        }
    }
}

/// Warns when the kept binary cannot open the data folder's database (older schema), or when
/// its level cannot be read.
fn rollback_warning(dir: &Path, exe: &Path, lang: Lang) {
    let kept = up::previous_path(exe);
    let db = dir.join(datadir::DB_FILE);
    if !kept.is_file() || !db.is_file() {
        return;
    }
    let database = match rpma_core::store::schema_level_of_file(&db) {
        Ok(level) => level,
        Err(e) => {
            tracing::warn!("schema level of {} unreadable: {e}", db.display());
            return;
        }
    };
    let info = up::build_info::read_build_info(&kept);
    match updates::rollback_fit(info.as_ref().map(|i| i.schema_level), database) {
        RollbackFit::Fits => {}
        RollbackFit::TooOld { kept, database } => err(&lang.tr_args(
            "cli-update-rollback-too-old",
            &[
                (
                    "version",
                    Arg::from(info.map(|i| i.version).unwrap_or_default()),
                ),
                ("kept", Arg::from(kept)),
                ("database", Arg::from(database)),
            ],
        )),
        RollbackFit::Unknown => err(&lang.tr("cli-update-rollback-unknown")),
    }
}

fn rollback(dir: &Path, opts: &UpdateOpts, lang: Lang) -> Result<ExitCode, ExitCode> {
    let exe = install_path(opts, lang)?;
    rollback_warning(dir, &exe, lang);
    match up::rollback(&exe) {
        Ok(()) => {
            out(&lang.tr_args(
                "cli-update-rolled-back",
                &[("path", Arg::from(exe.display().to_string()))],
            ));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(update_error(lang, &e)),
    }
}

/// Runs `rpma update …`; returns the exit code.
pub(super) fn update(dir: &Path, action: &UpdateAction, lang: Lang) -> ExitCode {
    let result = match action {
        UpdateAction::Check { opts } => check(dir, opts, lang),
        UpdateAction::Apply {
            opts,
            allow_downgrade,
        } => apply(dir, opts, *allow_downgrade, lang),
        UpdateAction::Rollback { opts } => rollback(dir, opts, lang),
    };
    result.unwrap_or_else(|code| code)
}
