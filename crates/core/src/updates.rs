//! Update rules: the update settings (channel, repository, check at start-up), which release a
//! terminal installs, and what must stop an update.
//!
//! The network and the file replacement live in the app (`rpma::update`, with the `self_update`
//! crate); every decision it takes comes from here so that the UI, the CLI and the tests agree.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::audit::AuditEntry;
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

/// The only name a release's archive for `target` may have: `rpma-{version}-{target}.tar.gz`,
/// `version` being the release's (its tag without the `v`). The archive's signature covers this
/// name, so a signed archive of another version cannot be passed off under a newer release.
/// `None` when the version does not parse.
pub fn archive_name(release_version: &str, target: &str) -> Option<String> {
    let v = parse_version(release_version)?;
    Some(format!("rpma-{v}-{target}.tar.gz"))
}

/// What installing a verified archive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Install {
    /// The archive's build is the release's version and newer than the running one.
    Upgrade,
    /// Allowed only by an explicit `--allow-downgrade`, and audited ([`audit_downgrade`]): the
    /// archive's build is not newer than the running one, or not the version its release says.
    Downgrade,
}

/// Why a verified archive must not be installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveRefusal {
    /// Its binary's version could not be read.
    Unreadable,
    /// Its binary is not newer than the running one (`found`).
    NotNewer {
        /// The version the archive's binary reports.
        found: String,
    },
    /// Its binary is newer, but not the version its release announces (`found`).
    Mismatch {
        /// The version the archive's binary reports.
        found: String,
    },
}

/// Decides whether the binary extracted from a signed archive may replace the running one:
/// it must report exactly the release's version, newer than `current`. Anything else is refused
/// unless `allow_downgrade` (support only; the caller records it with [`audit_downgrade`]). A
/// binary whose version cannot be read is always refused.
pub fn judge_archive(
    current: &str,
    release: &str,
    binary: Option<&str>,
    allow_downgrade: bool,
) -> Result<Install, ArchiveRefusal> {
    let found = binary
        .and_then(parse_version)
        .ok_or(ArchiveRefusal::Unreadable)?;
    let current = parse_version(current).ok_or(ArchiveRefusal::Unreadable)?;
    let matches_release = parse_version(release).is_some_and(|r| r.cmp_precedence(&found).is_eq());
    let newer = found.cmp_precedence(&current).is_gt();
    if newer && matches_release {
        Ok(Install::Upgrade)
    } else if allow_downgrade {
        Ok(Install::Downgrade)
    } else if newer {
        Err(ArchiveRefusal::Mismatch {
            found: found.to_string(),
        })
    } else {
        Err(ArchiveRefusal::NotNewer {
            found: found.to_string(),
        })
    }
}

/// Records in the audit log that a build not newer than the running one (`from`) was let in on
/// purpose: `to` is the version of the archive's binary, `release` the release it came from and
/// `os_user` who ran the command. Action `update.downgrade`.
pub fn audit_downgrade(
    store: &mut Store,
    from: &str,
    to: &str,
    release: &str,
    os_user: &str,
) -> CoreResult<()> {
    store.write(None, |tx| {
        tx.audit(AuditEntry {
            action: "update.downgrade",
            entity: "update",
            entity_id: Some(release),
            before: Some(serde_json::json!({ "version": from })),
            after: Some(serde_json::json!({
                "version": to,
                "release": release,
                "os_user": os_user,
            })),
        })
    })
}

/// i18n key of the refusal to use another update repository from the command line.
pub const REPOSITORY_NOT_OWNER: &str = "err-update-repo-owner";

/// The command line may fetch updates from another repository than the saved one (Settings →
/// Updates, which only an admin may change) only for the operating-system user who owns the data
/// folder: see [`crate::datadir::caller_owns`].
pub fn ensure_cli_may_use_repository(
    saved: &UpdateSettings,
    requested: &str,
    caller_owns_data_folder: bool,
) -> CoreResult<()> {
    if requested.trim() == saved.repository.trim() || caller_owns_data_folder {
        Ok(())
    } else {
        Err(CoreError::Refused {
            key: REPOSITORY_NOT_OWNER,
        })
    }
}

/// Whether a kept binary (for `rpma update rollback`) can open the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollbackFit {
    /// Its schema level is at least the database's.
    Fits,
    /// It is older than the database's schema: it will refuse to open it.
    TooOld {
        /// The kept binary's schema level.
        kept: i64,
        /// The database's.
        database: i64,
    },
    /// Its schema level could not be read (a build from before the level was recorded).
    Unknown,
}

/// A binary opens a database whose schema level is at most its own (see
/// [`crate::store::migrations::ensure_not_newer`]).
pub fn rollback_fit(kept_level: Option<i64>, database_level: i64) -> RollbackFit {
    match kept_level {
        None => RollbackFit::Unknown,
        Some(kept) if kept < database_level => RollbackFit::TooOld {
            kept,
            database: database_level,
        },
        Some(_) => RollbackFit::Fits,
    }
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
    fn the_archive_name_carries_the_release_version_and_the_target() {
        assert_eq!(
            archive_name("v0.2.0", "x86_64-unknown-linux-gnu").as_deref(),
            Some("rpma-0.2.0-x86_64-unknown-linux-gnu.tar.gz")
        );
        assert_eq!(
            archive_name("1.3.0-beta.1", "aarch64-apple-darwin").as_deref(),
            Some("rpma-1.3.0-beta.1-aarch64-apple-darwin.tar.gz")
        );
        assert_eq!(archive_name("latest", "x86_64-unknown-linux-gnu"), None);
    }

    #[test]
    fn only_the_releases_own_newer_build_installs_without_allow_downgrade() {
        use ArchiveRefusal as R;
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("0.2.0"), false),
            Ok(Install::Upgrade)
        );
        // A signed older build under a newer release: refused.
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("0.0.9"), false),
            Err(R::NotNewer {
                found: "0.0.9".into()
            })
        );
        // The running version again: refused too.
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("0.1.0"), false),
            Err(R::NotNewer {
                found: "0.1.0".into()
            })
        );
        // Newer, but not the release's version.
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("0.3.0"), false),
            Err(R::Mismatch {
                found: "0.3.0".into()
            })
        );
        // An older release installed on purpose: still a downgrade.
        assert_eq!(
            judge_archive("0.2.0", "0.1.0", Some("0.1.0"), false),
            Err(R::NotNewer {
                found: "0.1.0".into()
            })
        );
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", None, false),
            Err(R::Unreadable)
        );
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("garbage"), true),
            Err(R::Unreadable)
        );
    }

    #[test]
    fn allow_downgrade_lets_an_older_build_in() {
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("0.0.9"), true),
            Ok(Install::Downgrade)
        );
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("0.3.0"), true),
            Ok(Install::Downgrade)
        );
        // A genuine upgrade stays an upgrade (nothing to audit).
        assert_eq!(
            judge_archive("0.1.0", "0.2.0", Some("0.2.0"), true),
            Ok(Install::Upgrade)
        );
    }

    #[test]
    fn a_downgrade_is_audited() {
        let mut f = Fixture::new();
        audit_downgrade(&mut f.store, "0.1.0", "0.0.9", "0.2.0", "support").unwrap();
        let rows = f.audit_rows("update.downgrade");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].entity_id.as_deref(), Some("0.2.0"));
        let after = rows[0].after.as_deref().unwrap();
        assert!(after.contains("\"version\":\"0.0.9\""), "{after}");
        assert!(after.contains("\"os_user\":\"support\""), "{after}");
        assert!(
            rows[0].before.as_deref().unwrap().contains("0.1.0"),
            "{:?}",
            rows[0].before
        );
    }

    #[test]
    fn only_the_data_folders_owner_may_use_another_repository_from_the_command_line() {
        let saved = UpdateSettings::default();
        assert!(ensure_cli_may_use_repository(&saved, DEFAULT_REPOSITORY, false).is_ok());
        assert!(ensure_cli_may_use_repository(&saved, " rpma/rpma ", false).is_ok());
        assert!(matches!(
            ensure_cli_may_use_repository(&saved, "someone/fork", false),
            Err(CoreError::Refused {
                key: REPOSITORY_NOT_OWNER
            })
        ));
        assert!(ensure_cli_may_use_repository(&saved, "someone/fork", true).is_ok());
    }

    #[test]
    fn only_an_admin_session_changes_the_repository() {
        let mut f = Fixture::new();
        let changed = UpdateSettings {
            repository: "someone/fork".into(),
            ..UpdateSettings::default()
        };
        for actor in [&f.supervisor, &f.technician, &f.viewer] {
            let actor = actor.clone();
            let r = f.store.write(Some(&actor.id), |tx| {
                crate::settings::save_updates(tx, &actor, changed.clone())
            });
            assert!(matches!(r, Err(CoreError::Forbidden(_))), "{r:?}");
        }
        assert_eq!(
            crate::settings::get_updates(f.store.conn())
                .unwrap()
                .repository,
            DEFAULT_REPOSITORY
        );
        let admin = f.admin.clone();
        let saved = f
            .store
            .write(Some(&admin.id), |tx| {
                crate::settings::save_updates(tx, &admin, changed.clone())
            })
            .unwrap();
        assert_eq!(saved.repository, "someone/fork");
    }

    #[test]
    fn a_kept_binary_older_than_the_schema_cannot_open_the_database() {
        assert_eq!(rollback_fit(Some(5), 5), RollbackFit::Fits);
        assert_eq!(rollback_fit(Some(6), 5), RollbackFit::Fits);
        assert_eq!(
            rollback_fit(Some(4), 5),
            RollbackFit::TooOld {
                kept: 4,
                database: 5
            }
        );
        assert_eq!(rollback_fit(None, 5), RollbackFit::Unknown);
    }

    #[test]
    fn nothing_blocks_an_update_without_running_interventions() {
        let f = Fixture::new();
        assert_eq!(update_blockers(f.store.conn()).unwrap(), Vec::new());
        assert!(ensure_can_update(f.store.conn()).is_ok());
    }
}
