//! Update rules: the update settings (channel, repository, check at start-up), which release a
//! terminal installs, and what must stop an update.
//!
//! The network and the file replacement live in the app (`rpma::update`, with the `self_update`
//! crate); every decision it takes comes from here so that the UI, the CLI and the tests agree.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::validate::FieldErrors;

/// The repository updates come from when none is configured.
pub const DEFAULT_REPOSITORY: &str = "rpma/rpma";

/// i18n key of the refusal while something must not be interrupted by an update.
pub const UPDATE_BLOCKED: &str = "err-update-blocked";

/// Which releases a terminal follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Final releases only (`1.4.0`).
    #[default]
    Stable,
    /// Final releases and pre-releases (`1.5.0-beta.2`).
    Beta,
}

impl Channel {
    /// Stable identifier (`stable`, `beta`), used on the command line and in the settings.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stable => "stable",
            Self::Beta => "beta",
        }
    }

    /// Parses `stable` or `beta` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "stable" => Some(Self::Stable),
            "beta" => Some(Self::Beta),
            _ => None,
        }
    }

    /// i18n key of the channel's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Stable => "update-channel-stable",
            Self::Beta => "update-channel-beta",
        }
    }

    /// Whether a release of `version` is offered on this channel.
    pub fn accepts(self, version: &semver::Version) -> bool {
        match self {
            Self::Stable => version.pre.is_empty(),
            Self::Beta => true,
        }
    }
}

/// How this terminal updates itself (settings key `updates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateSettings {
    /// Look for a newer release when the app starts (in the background; never blocks the UI).
    pub check_at_startup: bool,
    /// Stable or beta releases.
    pub channel: Channel,
    /// GitHub repository, `owner/name`.
    pub repository: String,
}

impl Default for UpdateSettings {
    fn default() -> Self {
        Self {
            check_at_startup: true,
            channel: Channel::Stable,
            repository: DEFAULT_REPOSITORY.to_owned(),
        }
    }
}

impl UpdateSettings {
    /// The repository's owner and name, when it is a valid `owner/name`.
    pub fn owner_and_name(&self) -> Option<(&str, &str)> {
        let (owner, name) = self.repository.trim().split_once('/')?;
        let ok = |s: &str| {
            !s.is_empty()
                && s.len() <= 100
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                && s != "."
                && s != ".."
        };
        (ok(owner) && ok(name)).then_some((owner, name))
    }

    /// Every problem with the values, by field (`update_repository`).
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        if self.owner_and_name().is_none() {
            e.add("update_repository", "err-update-repository");
        }
        e
    }

    /// Trimmed copy.
    pub fn normalized(mut self) -> Self {
        self.repository = self.repository.trim().to_owned();
        self
    }
}

/// Parses a release version or tag (`1.2.3`, `v1.2.3`, `1.3.0-beta.1`).
pub fn parse_version(s: &str) -> Option<semver::Version> {
    let s = s.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    semver::Version::parse(s).ok()
}

/// The release to install: the newest of `available` (versions or tags) that the channel
/// accepts and that is strictly newer than `current`. Versions that do not parse are ignored.
/// Returns the chosen entry as given (so a tag can be passed back to the release source).
pub fn choose_release<'a>(
    current: &str,
    channel: Channel,
    available: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let current = parse_version(current)?;
    available
        .into_iter()
        .filter_map(|s| parse_version(s).map(|v| (v, s)))
        .filter(|(v, _)| *v > current && channel.accepts(v))
        .max_by(|(a, _), (b, _)| a.cmp(b))
        .map(|(_, s)| s)
}

/// Something that must finish before the binary may be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateBlocker {
    /// i18n key of the reason.
    pub key: &'static str,
    /// What it concerns (e.g. an intervention's number), shown with the reason.
    pub detail: String,
}

/// What stops an update now, read from the database.
///
/// This is the one place the rule "no update while an intervention has unsaved work" is
/// enforced, by the UI's Install button and by `rpma update apply` alike: every intervention in
/// progress (not paused) blocks, since a technician is working on it at a terminal. Pausing it
/// lifts the block.
pub fn update_blockers(conn: &Connection) -> CoreResult<Vec<UpdateBlocker>> {
    // Reading the schema level proves the database is readable: an update is refused rather
    // than started blind when it is not.
    let _level = crate::store::migrations::schema_level(conn)?;
    Ok(crate::interventions::unsaved_blockers(conn)?
        .into_iter()
        .map(|(number, plate)| UpdateBlocker {
            key: "update-blocked-intervention",
            detail: format!("{number} · {plate}"),
        })
        .collect())
}

/// Refuses with [`UPDATE_BLOCKED`] when [`update_blockers`] finds anything.
pub fn ensure_can_update(conn: &Connection) -> CoreResult<()> {
    if update_blockers(conn)?.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Refused {
            key: UPDATE_BLOCKED,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn stable_channel_takes_the_newest_final_release() {
        let tags = [
            "v0.1.0",
            "v0.2.0",
            "v0.3.0-beta.1",
            "v0.2.1",
            "junk",
            "nightly",
        ];
        assert_eq!(
            choose_release("0.1.0", Channel::Stable, tags),
            Some("v0.2.1")
        );
        assert_eq!(
            choose_release("0.1.0", Channel::Beta, tags),
            Some("v0.3.0-beta.1")
        );
    }

    #[test]
    fn nothing_newer_means_no_update() {
        assert_eq!(
            choose_release("0.2.1", Channel::Stable, ["v0.1.0", "0.2.1", "v0.3.0-rc.1"]),
            None
        );
        assert_eq!(choose_release("0.2.1", Channel::Beta, []), None);
        // A current version that does not parse never updates blindly.
        assert_eq!(choose_release("dev", Channel::Beta, ["v9.0.0"]), None);
        // A beta user gets the final release once it is out.
        assert_eq!(
            choose_release("0.3.0-beta.1", Channel::Beta, ["v0.3.0-beta.1", "v0.3.0"]),
            Some("v0.3.0")
        );
    }

    #[test]
    fn repository_must_be_owner_slash_name() {
        let mut s = UpdateSettings::default();
        assert!(s.validate().is_empty());
        assert_eq!(s.owner_and_name(), Some(("rpma", "rpma")));
        for bad in [
            "", "rpma", "/rpma", "rpma/", "a/b/c", "a b/c", "../x", "a/..",
        ] {
            s.repository = bad.into();
            assert!(!s.validate().is_empty(), "{bad:?} accepted");
        }
        s.repository = " shop-42/rpma.fork ".into();
        let s = s.normalized();
        assert_eq!(s.owner_and_name(), Some(("shop-42", "rpma.fork")));
    }

    #[test]
    fn channel_round_trip() {
        for c in [Channel::Stable, Channel::Beta] {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::parse(" BETA "), Some(Channel::Beta));
        assert_eq!(Channel::parse("nightly"), None);
        let json = serde_json::to_string(&UpdateSettings::default()).unwrap();
        assert!(json.contains("\"stable\""), "{json}");
    }

    #[test]
    fn nothing_blocks_an_update_without_running_interventions() {
        let f = Fixture::new();
        assert_eq!(update_blockers(f.store.conn()).unwrap(), Vec::new());
        assert!(ensure_can_update(f.store.conn()).is_ok());
    }
}
