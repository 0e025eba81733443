//! `rpma backup upload FILE`, `rpma backup create --upload`, `rpma backup remote list|show|set`:
//! copies of verified backups in object storage (S3-compatible, Google Cloud Storage, or a
//! folder), configured in the shop's settings.
//!
//! The storage's secret key comes from the `RPMA_REMOTE_SECRET` environment variable or is typed
//! on a terminal (no echo), never from an argument (other users could read it in the process
//! list). Google Cloud Storage also reads `GCS_BUCKET_NAME` and `GCS_SERVICE_ACCOUNT_KEY`.

use std::io::IsTerminal as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::Subcommand;
use rpma_core::backup::remote::{self, RemoteBackup};
use rpma_core::backup::remote_settings::{
    self, RemoteKind, RemoteSettings, RemoteTarget, SecretChange, SecretString,
};
use rpma_core::backup::retention::RetentionPolicy;
use rpma_core::backup::{self, BackupError, Passphrase, Progress};
use rpma_core::datadir::{self, DataDir};
use rpma_core::format::format_bytes;
use rpma_core::i18n::Arg;
use rpma_core::{Lang, Store};

/// The environment variable the storage's secret key is read from by `remote set`.
pub const SECRET_ENV: &str = "RPMA_REMOTE_SECRET";

/// `rpma backup remote …`
#[derive(Debug, Subcommand)]
pub enum RemoteAction {
    /// The backups in object storage, newest first, with their size.
    List,
    /// The object storage settings (never the secret key).
    Show,
    /// Set where verified backups are copied (the app must be closed). The secret key is read
    /// from RPMA_REMOTE_SECRET, else asked on the terminal; an empty one keeps the saved key.
    Set {
        /// s3 (Amazon or compatible), gcs (Google Cloud Storage) or fs (a folder).
        #[arg(long)]
        kind: String,
        /// The bucket (for fs: the folder's full path). GCS: default GCS_BUCKET_NAME.
        #[arg(long, default_value = "")]
        bucket: String,
        /// A folder inside the bucket.
        #[arg(long, default_value = "")]
        prefix: String,
        /// S3-compatible services: the service's URL.
        #[arg(long, default_value = "")]
        endpoint: String,
        /// S3: the region.
        #[arg(long, default_value = "")]
        region: String,
        /// S3: the access key id.
        #[arg(long, default_value = "")]
        access_key_id: String,
        /// Save the settings with the copy switched off.
        #[arg(long)]
        off: bool,
    },
}

/// Retention of the copies: the same rules as the local backups (Settings → Backups); these
/// flags set them for one command.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct KeepArgs {
    /// Keep the newest copy of each of this many days.
    #[arg(long, default_value_t = RetentionPolicy::default().daily)]
    pub keep_daily: u32,
    /// Keep the newest copy of each of this many weeks.
    #[arg(long, default_value_t = RetentionPolicy::default().weekly)]
    pub keep_weekly: u32,
    /// Keep the newest copy of each of this many months.
    #[arg(long, default_value_t = RetentionPolicy::default().monthly)]
    pub keep_monthly: u32,
}

impl KeepArgs {
    fn policy(self) -> RetentionPolicy {
        RetentionPolicy {
            daily: self.keep_daily,
            weekly: self.keep_weekly,
            monthly: self.keep_monthly,
        }
    }
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

/// The configured target of the data folder, or the reason there is none.
fn target(root: &Path, lang: Lang) -> Result<RemoteTarget, ExitCode> {
    match remote_settings::resolve_in_folder(root) {
        Ok(Some(t)) => Ok(t),
        Ok(None) => {
            err(&lang.tr("backup-remote-err-not-configured"));
            Err(ExitCode::from(1))
        }
        Err(e) => {
            err(&lang.error_message(&e));
            Err(ExitCode::from(1))
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

/// Copies a verified backup (verifying it first when no passing verification is recorded),
/// then applies the retention rules to this terminal's copies.
pub fn upload(
    root: &Path,
    file: &Path,
    passphrase: Option<&Passphrase>,
    keep: KeepArgs,
    tz: backup::Tz,
    lang: Lang,
    progress: &mut dyn FnMut(&Progress<'_>),
) -> ExitCode {
    let target = match target(root, lang) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let cancel = AtomicBool::new(false);
    let report = match remote::upload_verified(&target, file, passphrase, progress, &cancel) {
        Ok(r) => r,
        Err(e) => return fail(lang, &e),
    };
    let secs = report.elapsed.as_secs_f64();
    out(&lang.tr_args(
        "cli-remote-uploaded",
        &[
            ("location", Arg::from(report.location.as_str())),
            ("size", Arg::from(format_bytes(report.bytes, lang))),
            ("secs", Arg::from(format!("{secs:.1}"))),
            ("rate", Arg::from(rate(report.bytes, secs, lang))),
        ],
    ));
    let terminal = file
        .file_name()
        .and_then(|n| backup::parse_file_name(&n.to_string_lossy()))
        .map(|p| p.terminal)
        .unwrap_or_else(|| backup::PLACEHOLDER_TERMINAL.to_owned());
    match remote::apply_remote_retention(&target, &terminal, &keep.policy(), tz) {
        Ok(deleted) => {
            if !deleted.is_empty() {
                out(&lang.tr_args(
                    "cli-remote-pruned",
                    &[(
                        "count",
                        Arg::from(i64::try_from(deleted.len()).unwrap_or(i64::MAX)),
                    )],
                ));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(lang, &e),
    }
}

/// Runs `rpma backup remote …`.
pub fn run(root: &Path, action: &RemoteAction, lang: Lang) -> ExitCode {
    match action {
        RemoteAction::List => list(root, lang),
        RemoteAction::Show => show(root, lang),
        RemoteAction::Set {
            kind,
            bucket,
            prefix,
            endpoint,
            region,
            access_key_id,
            off,
        } => {
            let Some(kind) = RemoteKind::parse(kind) else {
                err(&lang.tr_args(
                    "cli-remote-bad-kind",
                    &[("value", Arg::from(kind.as_str()))],
                ));
                return ExitCode::from(1);
            };
            let draft = RemoteSettings {
                enabled: !off,
                kind,
                bucket: bucket.clone(),
                prefix: prefix.clone(),
                endpoint: endpoint.clone(),
                region: region.clone(),
                access_key_id: access_key_id.clone(),
                secret_sealed: String::new(),
            };
            set(root, draft, lang)
        }
    }
}

fn print_list(location: &str, files: &[RemoteBackup], lang: Lang) {
    if files.is_empty() {
        out(&lang.tr_args("cli-remote-none", &[("location", Arg::from(location))]));
    }
    for f in files {
        out(&format!(
            "{}  {:>12}  {}",
            f.stamp.format("%Y-%m-%d %H:%M:%S"),
            format_bytes(f.bytes, lang),
            f.key
        ));
    }
}

fn list(root: &Path, lang: Lang) -> ExitCode {
    let target = match target(root, lang) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match remote::list_remote(&target) {
        Ok(files) => {
            print_list(&target.display_location(), &files, lang);
            ExitCode::SUCCESS
        }
        Err(e) => fail(lang, &e),
    }
}

fn state_word(on: bool, lang: Lang) -> String {
    lang.tr(if on {
        "cli-remote-state-on"
    } else {
        "cli-remote-state-off"
    })
}

fn location_of(s: &RemoteSettings) -> String {
    let bucket = s.effective_bucket(&remote_settings::process_env);
    let scheme = match s.kind {
        RemoteKind::S3 => "s3://",
        RemoteKind::Gcs => "gs://",
        RemoteKind::Fs => "",
    };
    let prefix = if s.prefix.is_empty() {
        String::new()
    } else {
        format!("/{}", s.prefix)
    };
    format!("{scheme}{bucket}{prefix}")
}

fn show(root: &Path, lang: Lang) -> ExitCode {
    let db = root.join(datadir::DB_FILE);
    let settings =
        rpma_core::store::open_read_only(&db).and_then(|c| remote_settings::get_remote(&c));
    match settings {
        Ok(s) => {
            out(&lang.tr_args(
                "cli-remote-show",
                &[
                    ("location", Arg::from(location_of(&s))),
                    ("kind", Arg::from(lang.tr(s.kind.label_key()))),
                    ("state", Arg::from(state_word(s.enabled, lang))),
                    (
                        "secret",
                        Arg::from(lang.tr(if s.has_secret() {
                            "cli-remote-secret-set"
                        } else {
                            "cli-remote-secret-unset"
                        })),
                    ),
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

/// The secret to save: the environment variable, else typed on a terminal when the kind needs
/// one; empty (or nothing to ask on) keeps the saved one.
fn secret_change(kind: RemoteKind, lang: Lang) -> Result<SecretChange, String> {
    if let Ok(s) = std::env::var(SECRET_ENV) {
        return Ok(if s.trim().is_empty() {
            SecretChange::Keep
        } else {
            SecretChange::Set(SecretString::from(s))
        });
    }
    if kind == RemoteKind::Fs || !std::io::stdin().is_terminal() {
        return Ok(SecretChange::Keep);
    }
    let typed = rpassword::prompt_password(lang.tr("cli-remote-secret-prompt") + " ")
        .map_err(|e| e.to_string())?;
    Ok(if typed.trim().is_empty() {
        SecretChange::Keep
    } else {
        SecretChange::Set(SecretString::from(typed))
    })
}

fn set(root: &Path, draft: RemoteSettings, lang: Lang) -> ExitCode {
    let change = match secret_change(draft.kind, lang) {
        Ok(c) => c,
        Err(m) => {
            err(&m);
            return ExitCode::from(1);
        }
    };
    let data = match DataDir::open(root) {
        Ok(d) => d,
        Err(e) => {
            err(&lang.error_message(&e));
            return ExitCode::from(1);
        }
    };
    let saved = Store::open(&data.db_path())
        .and_then(|(mut store, _)| remote_settings::save_remote_cli(&mut store, draft, &change));
    if let Err(rpma_core::CoreError::Invalid(fields)) = &saved {
        // Each refused field with its option's name, since the messages are written for a form.
        for f in &fields.0 {
            let one = rpma_core::validate::FieldErrors(vec![f.clone()]);
            let option = if f.field == "remote_secret" {
                SECRET_ENV.to_owned()
            } else {
                format!(
                    "--{}",
                    f.field.trim_start_matches("remote_").replace('_', "-")
                )
            };
            err(&format!(
                "{option}: {}",
                lang.error_message(&rpma_core::CoreError::Invalid(one))
            ));
        }
        return ExitCode::from(1);
    }
    match saved {
        Ok(s) => {
            out(&lang.tr_args(
                "cli-remote-saved",
                &[
                    ("location", Arg::from(location_of(&s))),
                    ("state", Arg::from(state_word(s.enabled, lang))),
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
