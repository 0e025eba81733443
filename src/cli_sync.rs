//! `rpma sync init-server <URL>`, `rpma sync join <URL> --code <CODE> --name <NAME>`,
//! `rpma sync now`, `rpma sync status`, and `rpma sync head-office <URL> --name <NAME> | --list |
//! --revoke <NAME>` (a chain's head office, made, listed or revoked by the hub's owner): sync
//! with the shop's PostgreSQL hub from the command line (exactly these, so that scripts and
//! support can rely on them). The app must be closed (the data folder's lock); the hub URL's
//! password is never stored or printed.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use rpma_core::datadir::DataDir;
use rpma_core::i18n::Arg;
use rpma_core::sync::{self, SyncError};
use rpma_core::{Lang, Store};

/// `rpma sync …`
#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Create (or migrate) the hub in a PostgreSQL database, register this terminal, send the
    /// shop and print the join code for the other terminals. The URL's user must be allowed to
    /// create roles.
    InitServer {
        /// postgres://user@host:port/database — the password from RPMA_SYNC_PASSWORD (kept out
        /// of the process list), or in the URL
        url: String,
        /// This terminal's name on the hub (default: its code).
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Register this data folder as a new terminal of the shop and download the shop (an empty
    /// data folder is then ready to sign in).
    Join {
        /// postgres://host:port/database (the user and password come from the join code).
        url: String,
        /// The shop's join code (from `rpma sync init-server` or Settings → Sync).
        #[arg(long)]
        code: String,
        /// This terminal's name on the hub.
        #[arg(long)]
        name: String,
    },
    /// Make this data folder a head office of the chain: a read-only role on the hub that reads
    /// every shop (reports across shops), then download every shop here. Run by the hub's owner
    /// (the URL's user, like init-server); this folder then only pulls, never sends. Run again
    /// in a revoked head office's folder, it enables it again. With --list or --revoke, the
    /// owner lists the hub's head offices or revokes one (from any data folder).
    #[command(group(
        clap::ArgGroup::new("head_office_action")
            .required(true)
            .args(["name", "revoke", "list"])
    ))]
    HeadOffice {
        /// postgres://user@host:port/database — the hub owner's; the password from
        /// RPMA_SYNC_PASSWORD (kept out of the process list), or in the URL
        url: String,
        /// The head office's name on the hub (makes this data folder the head office).
        #[arg(long)]
        name: Option<String>,
        /// Revoke the head office of this name (or role, from --list): it can no longer connect
        /// nor read the hub, and its next sync is refused.
        #[arg(long, value_name = "NAME")]
        revoke: Option<String>,
        /// List the hub's head offices as JSON (role, name, created_at, revoked_at,
        /// can_log_in).
        #[arg(long)]
        list: bool,
    },
    /// One push/pull round (exit 0 when done, 1 on error).
    Now,
    /// The sync state as JSON: server, terminal, last sync, pending changes, errors.
    Status,
}

use crate::cli::out;

#[allow(clippy::print_stderr)]
fn err(s: &str) {
    eprintln!("{s}");
}

fn open(dir: &Path) -> Result<(DataDir, Store), SyncError> {
    let data = DataDir::open(dir)?;
    let (store, _) = Store::open(&data.db_path())?;
    Ok((data, store))
}

fn report(lang: Lang, key: &str, r: &sync::SyncReport, terminal: &str) -> String {
    let n = |v: usize| Arg::from(i64::try_from(v).unwrap_or(i64::MAX));
    lang.tr_args(
        key,
        &[
            ("terminal", Arg::from(terminal)),
            ("pushed", n(r.pushed)),
            ("pulled", n(r.pulled)),
            ("applied", n(r.applied)),
            ("rejected", n(r.rejected)),
        ],
    )
}

fn to_json(v: &impl serde::Serialize) -> Result<String, SyncError> {
    serde_json::to_string_pretty(v).map_err(|e| SyncError::Hub(e.to_string()))
}

/// Runs `rpma sync …`; returns the exit code.
pub fn run(dir: &Path, action: &SyncAction, lang: Lang) -> ExitCode {
    match run_inner(dir, action, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            err(&e.message(lang));
            ExitCode::from(1)
        }
    }
}

fn run_inner(dir: &Path, action: &SyncAction, lang: Lang) -> Result<(), SyncError> {
    let (_data, mut store) = open(dir)?;
    match action {
        SyncAction::InitServer { url, name } => {
            let code = sync::init_server(url, &mut store, name)?;
            let t = store.terminal().code.clone();
            out(&lang.tr_args("cli-sync-init-done", &[("terminal", Arg::from(t))]));
            out(&lang.tr("cli-sync-join-code"));
            out(&code.encode());
        }
        SyncAction::Join { url, code, name } => {
            let r = sync::join(url, code, name, &mut store)?;
            let t = store.terminal().code.clone();
            out(&report(lang, "cli-sync-join-done", &r, &t));
        }
        SyncAction::HeadOffice {
            url,
            name,
            revoke,
            list,
        } => {
            if *list {
                let all = sync::head_office::list(url, store.now_ms())?;
                out(&to_json(&all)?);
            } else if let Some(who) = revoke {
                let h = sync::head_office::revoke(url, who, store.now_ms())?;
                out(&lang.tr_args(
                    "cli-sync-head-office-revoked",
                    &[("name", Arg::from(h.name)), ("role", Arg::from(h.role))],
                ));
            } else {
                let name = name.as_deref().unwrap_or_default();
                let r = sync::head_office(url, &mut store, name)?;
                out(&report(lang, "cli-sync-head-office-done", &r, name));
            }
        }
        SyncAction::Now => {
            let r = sync::sync_once(&mut store)?;
            let t = store.terminal().code.clone();
            out(&report(lang, "cli-sync-now-done", &r, &t));
        }
        SyncAction::Status => {
            let st = sync::status(&store)?;
            out(&to_json(&st)?);
        }
    }
    Ok(())
}
