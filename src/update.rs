//! Signed self-update against GitHub releases (the `self_update` crate), used by Settings →
//! Updates and by `rpma update check|apply|rollback`.
//!
//! - Releases are tagged `vX.Y.Z` (`vX.Y.Z-beta.N` for the beta channel); each carries one
//!   archive per target, `rpma-X.Y.Z-<target triple>.tar.gz`, holding the binary at its root
//!   (`rpma`, or `rpma.exe` on Windows).
//! - Every archive is signed with zipsign (Ed25519, the signature embedded in the archive, the
//!   signing context being the archive's file name). The public key is compiled in
//!   ([`verifying_keys`]); an unsigned, tampered or wrongly signed archive is refused before
//!   anything is extracted, and the installed binary is left untouched.
//! - The archive must be named exactly `rpma-{release version}-{target}.tar.gz`
//!   ([`rpma_core::updates::archive_name`]): since the signature covers the name, a genuinely
//!   signed archive of an older version cannot be published under a newer release.
//! - Once extracted, and before anything is replaced, the new binary is run with `--version`: it
//!   must be the release's version and newer than this one ([`rpma_core::updates::judge_archive`]).
//!   `rpma update apply --allow-downgrade` (support) lets another build in, written to the audit
//!   log first.
//! - Before the binary is replaced, a copy of it is kept beside it as `rpma.old` (`rpma.old.exe`),
//!   which [`rollback`] puts back; [`build_info`] reads the kept binary's version and schema level
//!   from the file, without running it, so that a rollback that cannot open the database warns.
//! - Debug builds only (the tests): [`API_URL_ENV`] points at another server and
//!   `rpma update … --install-path` at another binary. Release builds ignore the variable and
//!   have no such option (`cfg(debug_assertions)`), so neither can redirect a shipped RPMA.
//! - Which release to install (channel, "strictly newer") is decided by
//!   [`rpma_core::updates::choose_release`]; whether an update may start at all by
//!   [`rpma_core::updates::update_blockers`].
//!
//! Everything here blocks on the network: the UI calls it from its own named thread
//! ([`spawn_check`], [`spawn_apply`]), never from the UI thread.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rpma_core::updates::{self, ArchiveRefusal, Channel, Install, UpdateSettings};

use crate::tasks::thread::Pending;

pub mod build_info;

/// Environment variable naming another GitHub-compatible API base URL (the local server of the
/// end-to-end test). **Debug builds only**: release builds ignore it and always ask
/// `https://api.github.com`.
pub const API_URL_ENV: &str = "RPMA_UPDATE_API_URL";

/// How long the new binary may take to print its version.
const VERSION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// [`API_URL_ENV`], in debug builds.
fn api_url_override() -> Option<String> {
    #[cfg(debug_assertions)]
    {
        std::env::var(API_URL_ENV)
            .ok()
            .map(|u| u.trim().trim_end_matches('/').to_owned())
            .filter(|u| !u.is_empty())
    }
    #[cfg(not(debug_assertions))]
    {
        None
    }
}

/// The release signing public key (raw 32-byte Ed25519), see README "Signing keys".
const RELEASE_KEY: [u8; 32] = *include_bytes!("../keys/update-signing.pub");

/// The public half of the test key (`tests/fixtures/update-test-signing.key`). Accepted by debug
/// builds only, so that the end-to-end test can sign archives; release builds never trust it.
#[cfg(debug_assertions)]
const TEST_KEY: [u8; 32] = *include_bytes!("../keys/update-test.pub");

/// The keys an update archive must be signed with (any one of them).
pub fn verifying_keys() -> Vec<[u8; 32]> {
    #[cfg(debug_assertions)]
    {
        vec![RELEASE_KEY, TEST_KEY]
    }
    #[cfg(not(debug_assertions))]
    {
        vec![RELEASE_KEY]
    }
}

/// This build's version.
pub const CURRENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The binary's file name inside an update archive.
pub fn bin_name_in_archive() -> String {
    format!("rpma{}", std::env::consts::EXE_SUFFIX)
}

/// The target triple this binary was built for (it selects the archive).
pub fn target() -> &'static str {
    self_update::get_target()
}

/// Where releases come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Repository owner.
    pub owner: String,
    /// Repository name.
    pub name: String,
    /// Stable or beta.
    pub channel: Channel,
    /// Another API base URL (see [`API_URL_ENV`]; always `None` in release builds).
    pub api_url: Option<String>,
}

impl Source {
    /// The source configured in the settings (with the API URL from [`API_URL_ENV`] if set, in
    /// debug builds).
    /// `None` when the repository setting is not `owner/name`.
    pub fn from_settings(s: &UpdateSettings) -> Option<Self> {
        let (owner, name) = s.owner_and_name()?;
        Some(Self {
            owner: owner.to_owned(),
            name: name.to_owned(),
            channel: s.channel,
            api_url: api_url_override(),
        })
    }
}

/// A release newer than this build, on the configured channel, with an archive for this target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Available {
    /// Its version (`0.2.0`).
    pub version: String,
    /// Its release title.
    pub name: String,
    /// Its release date as the server gave it.
    pub date: String,
    /// Its release notes (Markdown).
    pub notes: Option<String>,
    /// The archive to download.
    pub asset: String,
}

/// Why a check or an update failed. Shown translated (see [`UpdateError::message_key`]).
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The repository setting is not `owner/name`.
    #[error("the update repository is not owner/name")]
    BadRepository,
    /// The release server could not be reached or answered an error.
    #[error("release server unreachable: {0}")]
    Network(String),
    /// The archive is not signed with the embedded key (unsigned, tampered or another key).
    #[error("signature refused: {0}")]
    BadSignature(String),
    /// The release has no archive for this platform.
    #[error("no archive for {0} in the release")]
    NoAsset(String),
    /// The release's archive for this platform is not named `rpma-{version}-{target}.tar.gz`.
    #[error("archive {found} refused: expected {expected}")]
    ArchiveName {
        /// The archive's name.
        found: String,
        /// The only name accepted.
        expected: String,
    },
    /// The archive's binary is not newer than this one.
    #[error("archive holds {found}, not newer than the installed {current}")]
    NotNewer {
        /// The version the archive's binary reports.
        found: String,
        /// The running version.
        current: String,
    },
    /// The archive's binary is not the version its release announces.
    #[error("archive holds {found}, release {release}")]
    VersionMismatch {
        /// The version the archive's binary reports.
        found: String,
        /// The release's version.
        release: String,
    },
    /// The archive's binary did not report a version.
    #[error("the archive's binary gives no version: {0}")]
    VersionUnreadable(String),
    /// A downgrade could not be written to the audit log, so it was not installed.
    #[error("downgrade not audited: {0}")]
    Audit(String),
    /// Nothing newer to install.
    #[error("already up to date")]
    UpToDate,
    /// An update must wait (e.g. unsaved intervention work).
    #[error("update blocked: {0}")]
    Blocked(String),
    /// No previous binary is kept: nothing to roll back to.
    #[error("no previous version kept at {0}")]
    NoPrevious(PathBuf),
    /// Reading or replacing files failed.
    #[error("{0}")]
    Io(String),
    /// Anything else the updater reported.
    #[error("{0}")]
    Other(String),
}

impl UpdateError {
    /// i18n key of the message shown to the user (`detail` argument: [`Self::detail`]).
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::BadRepository => "err-update-repository",
            Self::Network(_) => "update-err-network",
            Self::BadSignature(_) => "update-err-signature",
            Self::NoAsset(_) => "update-err-no-asset",
            Self::ArchiveName { .. } => "update-err-archive-name",
            Self::NotNewer { .. } => "update-err-not-newer",
            Self::VersionMismatch { .. } => "update-err-version-mismatch",
            Self::VersionUnreadable(_) => "update-err-version-unreadable",
            Self::Audit(_) => "update-err-audit",
            Self::UpToDate => "update-up-to-date",
            Self::Blocked(_) => "err-update-blocked",
            Self::NoPrevious(_) => "update-err-no-previous",
            Self::Io(_) | Self::Other(_) => "update-err-other",
        }
    }

    /// The technical detail (logged, and shown under the message).
    pub fn detail(&self) -> String {
        match self {
            Self::Network(d)
            | Self::BadSignature(d)
            | Self::NoAsset(d)
            | Self::Blocked(d)
            | Self::VersionUnreadable(d)
            | Self::Audit(d)
            | Self::Io(d)
            | Self::Other(d) => d.clone(),
            Self::ArchiveName { .. } | Self::NotNewer { .. } | Self::VersionMismatch { .. } => {
                self.to_string()
            }
            Self::NoPrevious(p) => p.display().to_string(),
            Self::BadRepository | Self::UpToDate => String::new(),
        }
    }
}

impl From<self_update::errors::Error> for UpdateError {
    fn from(e: self_update::errors::Error) -> Self {
        use self_update::errors::Error as E;
        let text = e.to_string();
        match e {
            E::Signature(_) | E::NoSignatures(_) | E::SignatureNonUTF8 => Self::BadSignature(text),
            E::Transport(_)
            | E::HttpStatus { .. }
            | E::RateLimited { .. }
            | E::NotFound { .. }
            | E::Unauthorized { .. }
            | E::Json(_)
            | E::InvalidResponse { .. } => Self::Network(text),
            E::NoReleaseFound { .. } => Self::NoAsset(target().to_owned()),
            E::Io(_) | E::InstallPathNotWritable { .. } => Self::Io(text),
            _ => Self::Other(text),
        }
    }
}

/// Looks for a release to install: the newest on the source's channel, strictly newer than
/// `current`, with an archive for this target. `Ok(None)`: up to date.
pub fn check(source: &Source, current: &str) -> Result<Option<Available>, UpdateError> {
    let mut list = self_update::backends::github::ReleaseList::configure();
    list.repo_owner(&source.owner)
        .repo_name(&source.name)
        .filter_target(target());
    if let Some(url) = &source.api_url {
        list.api_base_url(url);
    }
    let releases = list.build()?.fetch()?.into_vec();
    let chosen = updates::choose_release(
        current,
        source.channel,
        releases.iter().map(self_update::update::Release::version),
    )
    .map(str::to_owned);
    let Some(version) = chosen else {
        return Ok(None);
    };
    let Some(release) = releases.iter().find(|r| r.version() == version) else {
        return Ok(None);
    };
    let asset = release_archive(release)?;
    Ok(Some(Available {
        version: release.version().to_owned(),
        name: release.name().to_owned(),
        date: release.date().to_owned(),
        notes: release.body().map(str::to_owned),
        asset: asset.name().to_owned(),
    }))
}

/// The release's archive for this target, refused unless named exactly as
/// [`updates::archive_name`] says.
fn release_archive(
    release: &self_update::update::Release,
) -> Result<self_update::update::ReleaseAsset, UpdateError> {
    let expected = updates::archive_name(release.version(), target())
        .ok_or_else(|| UpdateError::Other(format!("version {}", release.version())))?;
    if let Some(a) = release.assets().iter().find(|a| a.name() == expected) {
        return Ok(a.clone());
    }
    match release.asset_for(target(), None) {
        Some(other) => Err(UpdateError::ArchiveName {
            found: other.name().to_owned(),
            expected,
        }),
        None => Err(UpdateError::NoAsset(target().to_owned())),
    }
}

/// Where the previous binary is kept for [`rollback`]: `rpma.old` beside `exe`.
pub fn previous_path(exe: &Path) -> PathBuf {
    let name = exe
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rpma".to_owned());
    exe.with_file_name(format!("{name}.old{}", std::env::consts::EXE_SUFFIX))
}

/// Download progress shared with the UI: bytes so far and total (0 when unknown).
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes received.
    pub done: AtomicU64,
    /// Expected size (0: unknown).
    pub total: AtomicU64,
}

impl Progress {
    /// Fraction done, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| {
            #[allow(clippy::cast_precision_loss)]
            let f = self.done.load(Ordering::Relaxed) as f32 / total as f32;
            f.clamp(0.0, 1.0)
        })
    }
}

/// Lets a build that is not newer in (`rpma update apply --allow-downgrade`): called with the
/// version the archive's binary reports, after every check and before anything is replaced. It
/// writes the downgrade to the audit log; an error refuses the install.
pub type DowngradeAudit = Box<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// What [`apply`] installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// The version the new binary reports.
    pub version: String,
    /// An upgrade, or a downgrade let in by [`DowngradeAudit`].
    pub kind: Install,
}

/// Runs `bin --version` (with a time limit) and returns the version it prints
/// (`rpma 0.2.0` → `0.2.0`).
fn binary_version(bin: &Path) -> Result<String, String> {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(bin)
        .arg("--version")
        .env_remove("RPMA_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < VERSION_TIMEOUT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("--version did not answer".to_owned());
            }
            Err(e) => return Err(e.to_string()),
        }
    };
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout.read_to_string(&mut out).map_err(|e| e.to_string())?;
    }
    let line = out.lines().next().unwrap_or_default().trim().to_owned();
    let mut words = line.split_whitespace();
    match (status.success(), words.next(), words.next()) {
        (true, Some("rpma"), Some(version)) => Ok(version.to_owned()),
        _ => Err(format!("--version printed {line:?}")),
    }
}

/// Decides on the extracted binary at `bin` (see [`updates::judge_archive`]); a downgrade is
/// audited before it is let in.
fn judge_binary(
    bin: &Path,
    release: &str,
    downgrade: Option<&DowngradeAudit>,
) -> Result<Installed, UpdateError> {
    let found = binary_version(bin).map_err(UpdateError::VersionUnreadable)?;
    match updates::judge_archive(CURRENT_VERSION, release, Some(&found), downgrade.is_some()) {
        Ok(Install::Upgrade) => Ok(Installed {
            version: found,
            kind: Install::Upgrade,
        }),
        Ok(Install::Downgrade) => {
            if let Some(audit) = downgrade {
                audit(&found).map_err(UpdateError::Audit)?;
            }
            tracing::warn!(
                from = CURRENT_VERSION,
                to = %found,
                release,
                "downgrade allowed and audited"
            );
            Ok(Installed {
                version: found,
                kind: Install::Downgrade,
            })
        }
        Err(ArchiveRefusal::Unreadable) => Err(UpdateError::VersionUnreadable(found)),
        Err(ArchiveRefusal::NotNewer { found }) => Err(UpdateError::NotNewer {
            found,
            current: CURRENT_VERSION.to_owned(),
        }),
        Err(ArchiveRefusal::Mismatch { found }) => Err(UpdateError::VersionMismatch {
            found,
            release: release.to_owned(),
        }),
    }
}

/// Installs `available` over `exe`: downloads its archive (only one named exactly
/// `rpma-{version}-{target}.tar.gz`), verifies its signature against the embedded key, runs the
/// extracted binary's `--version` (it must be the release's version and newer than this one,
/// unless `downgrade` lets it in), keeps the current binary as [`previous_path`], then replaces
/// `exe`. On any failure `exe` is untouched and the previously kept binary (if any) too.
pub fn apply(
    source: &Source,
    available: &Available,
    exe: &Path,
    progress: &Arc<Progress>,
    downgrade: Option<DowngradeAudit>,
) -> Result<Installed, UpdateError> {
    let expected = updates::archive_name(&available.version, target())
        .ok_or_else(|| UpdateError::Other(format!("version {}", available.version)))?;
    let previous = previous_path(exe);
    // The copy is staged first and only takes the place of `rpma.old` once the update worked.
    let staged = exe.with_file_name(format!(
        "{}.pending",
        previous
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    std::fs::copy(exe, &staged)
        .map_err(|e| UpdateError::Io(format!("{}: {e}", staged.display())))?;
    let p = Arc::clone(progress);
    // What the check of the extracted binary decided (the updater only keeps its message).
    let verdict: Arc<Mutex<Option<Result<Installed, UpdateError>>>> = Arc::default();
    let slot = Arc::clone(&verdict);
    let release = available.version.clone();
    let mut builder = self_update::backends::github::Update::configure();
    builder
        .repo_owner(&source.owner)
        .repo_name(&source.name)
        .target(target())
        .asset_matcher(move |assets| assets.iter().find(|a| a.name() == expected).cloned())
        .bin_name("rpma")
        .bin_path_in_archive(bin_name_in_archive())
        .bin_install_path(exe)
        .current_version(CURRENT_VERSION)
        .release_tag(format!("v{}", available.version))
        .verifying_keys(verifying_keys())
        .verify_binary(move |bin| {
            let outcome = judge_binary(bin, &release, downgrade.as_ref());
            let refusal = outcome.as_ref().err().map(ToString::to_string);
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
            match refusal {
                None => Ok(()),
                Some(reason) => Err(self_update::errors::Error::verification_rejected(reason)),
            }
        })
        .show_download_progress(false)
        .show_output(false)
        .no_confirm(true)
        .progress_callback(move |done, total| {
            p.done.store(done, Ordering::Relaxed);
            p.total.store(total.unwrap_or(0), Ordering::Relaxed);
        });
    if let Some(url) = &source.api_url {
        builder.api_base_url(url);
    }
    let result = builder.build().and_then(|u| u.update());
    let verdict = verdict
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    let result = match (result, verdict) {
        (Ok(_), Some(Ok(installed))) => Ok(installed),
        // The check refused: its reason, not the updater's summary of it.
        (Err(_), Some(Err(refusal))) => Err(refusal),
        (Err(e), _) => Err(UpdateError::from(e)),
        (Ok(_), _) => {
            // Replaced without the check having run: put the previous binary back.
            tracing::error!("the updater replaced the binary without checking it; restoring");
            restore(&staged, exe)?;
            Err(UpdateError::Other("unchecked binary".to_owned()))
        }
    };
    match result {
        Ok(installed) => std::fs::rename(&staged, &previous)
            .map(|()| installed)
            .map_err(|e| UpdateError::Io(format!("{}: {e}", previous.display()))),
        Err(e) => {
            if let Err(rm) = std::fs::remove_file(&staged) {
                tracing::warn!("could not remove {}: {rm}", staged.display());
            }
            Err(e)
        }
    }
}

/// Moves `from` over `exe` (through a temporary file beside it).
fn restore(from: &Path, exe: &Path) -> Result<(), UpdateError> {
    let tmp = exe.with_file_name(format!(
        "{}.rollback",
        exe.file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    self_update::Move::from_source(from)
        .replace_using_temp(&tmp)
        .to_dest(exe)
        .map_err(|e| UpdateError::Io(e.to_string()))?;
    if tmp.exists()
        && let Err(e) = std::fs::remove_file(&tmp)
    {
        // Windows keeps a running binary locked; it goes at the next update.
        tracing::debug!("{} left in place: {e}", tmp.display());
    }
    Ok(())
}

/// Puts the binary kept by the last update back in place of `exe` (the kept copy is consumed).
pub fn rollback(exe: &Path) -> Result<(), UpdateError> {
    let previous = previous_path(exe);
    if !previous.is_file() {
        return Err(UpdateError::NoPrevious(previous));
    }
    restore(&previous, exe)
}

/// What the update thread reports to the UI.
#[derive(Debug)]
pub enum UpdateEvent {
    /// Result of a check.
    Checked(Result<Option<Available>, UpdateError>),
    /// Result of an install.
    Applied(Result<String, UpdateError>),
}

/// A background check or install: its progress and where its result arrives.
#[derive(Debug)]
pub struct UpdateTask {
    /// Download progress (installs only).
    pub progress: Arc<Progress>,
    pending: Pending<UpdateEvent>,
    /// What a panicked thread is reported as (a check or an install that failed).
    failed: fn(UpdateError) -> UpdateEvent,
}

impl UpdateTask {
    /// The result, once the thread is done (a panic is reported as the check's or install's
    /// failure, never waited for).
    pub fn poll(&self) -> Option<UpdateEvent> {
        let outcome = self.pending.poll()?;
        Some(outcome.unwrap_or_else(|e| (self.failed)(UpdateError::Other(e.0))))
    }
}

fn spawn(
    name: &str,
    repaint: impl Fn() + Send + 'static,
    failed: fn(UpdateError) -> UpdateEvent,
    work: impl FnOnce(&Arc<Progress>) -> UpdateEvent + Send + 'static,
) -> std::io::Result<UpdateTask> {
    let progress = Arc::new(Progress::default());
    let p = Arc::clone(&progress);
    let pending = crate::tasks::thread::spawn_named(name, repaint, move || work(&p))?;
    Ok(UpdateTask {
        progress,
        pending,
        failed,
    })
}

/// Checks for an update on a named background thread (`rpma-update`).
pub fn spawn_check(
    source: Source,
    repaint: impl Fn() + Send + 'static,
) -> std::io::Result<UpdateTask> {
    let failed = |e| UpdateEvent::Checked(Err(e));
    spawn("rpma-update", repaint, failed, move |_| {
        UpdateEvent::Checked(check(&source, CURRENT_VERSION))
    })
}

/// Installs `available` over the running binary on a named background thread (`rpma-update`).
pub fn spawn_apply(
    source: Source,
    available: Available,
    repaint: impl Fn() + Send + 'static,
) -> std::io::Result<UpdateTask> {
    let failed = |e| UpdateEvent::Applied(Err(e));
    spawn("rpma-update", repaint, failed, move |progress| {
        let result = std::env::current_exe()
            .map_err(|e| UpdateError::Io(e.to_string()))
            .and_then(|exe| apply(&source, &available, &exe, progress, None))
            .map(|installed| installed.version);
        UpdateEvent::Applied(result)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn previous_binary_sits_beside_the_current_one() {
        let exe = Path::new("/opt/rpma/bin").join(format!("rpma{}", std::env::consts::EXE_SUFFIX));
        assert_eq!(
            previous_path(&exe),
            Path::new("/opt/rpma/bin").join(format!("rpma.old{}", std::env::consts::EXE_SUFFIX))
        );
    }

    #[test]
    fn release_builds_trust_only_the_release_key() {
        assert!(verifying_keys().contains(&RELEASE_KEY));
        #[cfg(not(debug_assertions))]
        assert_eq!(verifying_keys().len(), 1);
    }

    #[test]
    fn repository_setting_gives_the_source() {
        let s = UpdateSettings {
            repository: "shop/rpma".into(),
            channel: Channel::Beta,
            ..UpdateSettings::default()
        };
        let src = Source::from_settings(&s).unwrap();
        assert_eq!((src.owner.as_str(), src.name.as_str()), ("shop", "rpma"));
        assert_eq!(src.channel, Channel::Beta);
        let bad = UpdateSettings {
            repository: "nope".into(),
            ..UpdateSettings::default()
        };
        assert!(Source::from_settings(&bad).is_none());
    }
}
