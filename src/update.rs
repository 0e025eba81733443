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
//! - Before the binary is replaced, a copy of it is kept beside it as `rpma.old` (`rpma.old.exe`),
//!   which [`rollback`] puts back.
//! - Which release to install (channel, "strictly newer") is decided by
//!   [`rpma_core::updates::choose_release`]; whether an update may start at all by
//!   [`rpma_core::updates::update_blockers`].
//!
//! Everything here blocks on the network: the UI calls it from its own named thread
//! ([`spawn_check`], [`spawn_apply`]), never from the UI thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver};

use rpma_core::updates::{self, Channel, UpdateSettings};

/// Environment variable naming another GitHub-compatible API base URL (a mirror, a GitHub
/// Enterprise host, or the local server of the end-to-end test). Default: `https://api.github.com`.
pub const API_URL_ENV: &str = "RPMA_UPDATE_API_URL";

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
    /// Another API base URL (see [`API_URL_ENV`]).
    pub api_url: Option<String>,
}

impl Source {
    /// The source configured in the settings, with the API URL from [`API_URL_ENV`] if set.
    /// `None` when the repository setting is not `owner/name`.
    pub fn from_settings(s: &UpdateSettings) -> Option<Self> {
        let (owner, name) = s.owner_and_name()?;
        Some(Self {
            owner: owner.to_owned(),
            name: name.to_owned(),
            channel: s.channel,
            api_url: std::env::var(API_URL_ENV)
                .ok()
                .map(|u| u.trim().trim_end_matches('/').to_owned())
                .filter(|u| !u.is_empty()),
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
            | Self::Io(d)
            | Self::Other(d) => d.clone(),
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
    let asset = release
        .asset_for(target(), None)
        .ok_or_else(|| UpdateError::NoAsset(target().to_owned()))?;
    Ok(Some(Available {
        version: release.version().to_owned(),
        name: release.name().to_owned(),
        date: release.date().to_owned(),
        notes: release.body().map(str::to_owned),
        asset: asset.name().to_owned(),
    }))
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

/// Installs `available` over `exe`: downloads its archive, verifies its signature against the
/// embedded key, keeps the current binary as [`previous_path`], then replaces `exe`. On any
/// failure `exe` is untouched and the previously kept binary (if any) too.
pub fn apply(
    source: &Source,
    available: &Available,
    exe: &Path,
    progress: &Arc<Progress>,
) -> Result<(), UpdateError> {
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
    let mut builder = self_update::backends::github::Update::configure();
    builder
        .repo_owner(&source.owner)
        .repo_name(&source.name)
        .target(target())
        .bin_name("rpma")
        .bin_path_in_archive(bin_name_in_archive())
        .bin_install_path(exe)
        .current_version(CURRENT_VERSION)
        .release_tag(format!("v{}", available.version))
        .verifying_keys(verifying_keys())
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
    let result = builder
        .build()
        .and_then(|u| u.update())
        .map_err(UpdateError::from);
    match result {
        Ok(_) => std::fs::rename(&staged, &previous)
            .map_err(|e| UpdateError::Io(format!("{}: {e}", previous.display()))),
        Err(e) => {
            if let Err(rm) = std::fs::remove_file(&staged) {
                tracing::warn!("could not remove {}: {rm}", staged.display());
            }
            Err(e)
        }
    }
}

/// Puts the binary kept by the last update back in place of `exe` (the kept copy is consumed).
pub fn rollback(exe: &Path) -> Result<(), UpdateError> {
    let previous = previous_path(exe);
    if !previous.is_file() {
        return Err(UpdateError::NoPrevious(previous));
    }
    let tmp = exe.with_file_name(format!(
        "{}.rollback",
        exe.file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    self_update::Move::from_source(&previous)
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

/// What the update thread reports to the UI.
#[derive(Debug)]
pub enum UpdateEvent {
    /// Result of a check.
    Checked(Result<Option<Available>, UpdateError>),
    /// Result of an install.
    Applied(Result<String, UpdateError>),
}

/// A background check or install: its progress and the channel its result arrives on.
#[derive(Debug)]
pub struct UpdateTask {
    /// Download progress (installs only).
    pub progress: Arc<Progress>,
    rx: Receiver<UpdateEvent>,
}

impl UpdateTask {
    /// The result, once the thread is done.
    pub fn poll(&self) -> Option<UpdateEvent> {
        self.rx.try_recv().ok()
    }
}

fn spawn(
    name: &str,
    repaint: impl Fn() + Send + 'static,
    work: impl FnOnce(&Arc<Progress>) -> UpdateEvent + Send + 'static,
) -> std::io::Result<UpdateTask> {
    let (tx, rx) = mpsc::channel();
    let progress = Arc::new(Progress::default());
    let p = Arc::clone(&progress);
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let ev = work(&p);
            // The UI may be gone (app closed meanwhile): nothing to tell then.
            let _ = tx.send(ev);
            repaint();
        })?;
    Ok(UpdateTask { progress, rx })
}

/// Checks for an update on a named background thread (`rpma-update`).
pub fn spawn_check(
    source: Source,
    repaint: impl Fn() + Send + 'static,
) -> std::io::Result<UpdateTask> {
    spawn("rpma-update", repaint, move |_| {
        UpdateEvent::Checked(check(&source, CURRENT_VERSION))
    })
}

/// Installs `available` over the running binary on a named background thread (`rpma-update`).
pub fn spawn_apply(
    source: Source,
    available: Available,
    repaint: impl Fn() + Send + 'static,
) -> std::io::Result<UpdateTask> {
    spawn("rpma-update", repaint, move |progress| {
        let result = std::env::current_exe()
            .map_err(|e| UpdateError::Io(e.to_string()))
            .and_then(|exe| apply(&source, &available, &exe, progress))
            .map(|()| available.version.clone());
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
