//! Settings → Backups: when backups run, where they go, how many are kept, and whether scheduled
//! backups are encrypted. Saved by admins only ([`Action::ManageBackups`]), validated here.
//!
//! The passphrase of scheduled encrypted backups has to be known to the scheduler when nobody is
//! there to type it, so it is kept — **sealed** with the shop's key (XChaCha20-Poly1305, see
//! [`crate::keys::ShopKey::seal_secret`]), never in clear, never in the audit log. Whoever can
//! read both the database and the key file (the shop's OS account) can open it; a database copied
//! alone cannot. Manual backups ask for their passphrase each time and never store it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::destination::{self, check_destination, estimate_backup_bytes};
use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::backup::retention::RetentionPolicy;
use crate::backup::schedule::ScheduleSpec;
use crate::error::CoreResult;
use crate::keys::ShopKey;
use crate::store::Store;
use crate::users;
use crate::validate::FieldErrors;

/// Key of the backup settings in the `settings` table.
pub const KEY_BACKUPS: &str = "backups";
/// The purpose the scheduled passphrase is sealed for.
pub const PASSPHRASE_PURPOSE: &str = "backup_passphrase";
/// "Every N hours": allowed N.
pub const EVERY_HOURS_RANGE: (u32, u32) = (1, 168);
/// Backups kept per kind (daily, weekly, monthly): allowed numbers.
pub const KEEP_RANGE: (u32, u32) = (0, 366);
/// Shortest passphrase accepted for scheduled encrypted backups.
pub const PASSPHRASE_MIN_CHARS: usize = 8;

/// The backup settings of this data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupSettings {
    /// When backups run by themselves; `None`: never (manual backups only).
    pub schedule: Option<ScheduleSpec>,
    /// Where backups are written; `None`: `<data>/backups`.
    pub destination: Option<PathBuf>,
    /// How many are kept (applied after each verified scheduled backup).
    pub retention: RetentionPolicy,
    /// Encrypt scheduled backups with the sealed passphrase.
    pub encrypt: bool,
    /// The passphrase of scheduled encrypted backups, sealed with the shop's key. Set only by
    /// [`save`] from a passphrase typed twice; what a draft carries here is ignored.
    pub sealed_passphrase: Option<String>,
}

impl Default for BackupSettings {
    /// Daily at 20:00 into `<data>/backups`, 7 daily, 4 weekly, 12 monthly, not encrypted.
    fn default() -> Self {
        Self {
            schedule: Some(ScheduleSpec::Daily {
                hour: 20,
                minute: 0,
            }),
            destination: None,
            retention: RetentionPolicy::default(),
            encrypt: false,
            sealed_passphrase: None,
        }
    }
}

/// What Settings → Backups sends: the settings and, when encryption is (re)configured, the new
/// passphrase typed twice.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct BackupSettingsDraft {
    /// The settings.
    pub settings: BackupSettings,
    /// A new passphrase for scheduled encrypted backups (empty: keep the one sealed).
    pub passphrase: String,
    /// The same, typed again.
    pub passphrase_again: String,
}

impl std::fmt::Debug for BackupSettingsDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupSettingsDraft")
            .field("settings", &self.settings)
            .field("passphrase", &"…")
            .finish()
    }
}

impl BackupSettings {
    /// The folder backups go to.
    pub fn out_dir(&self, data_root: &Path) -> PathBuf {
        self.destination
            .clone()
            .unwrap_or_else(|| data_root.join("backups"))
    }

    /// Whether a passphrase for scheduled backups is sealed.
    pub fn has_passphrase(&self) -> bool {
        self.sealed_passphrase.is_some()
    }

    /// The checks that need no disk: the schedule's time or interval, the retention and the
    /// destination's form (the folder itself is checked by [`save`]).
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        match self.schedule {
            Some(ScheduleSpec::Daily { hour, minute }) if hour > 23 || minute > 59 => {
                e.add("schedule_time", "backup-set-err-time");
            }
            Some(ScheduleSpec::EveryHours { hours })
                if !(EVERY_HOURS_RANGE.0..=EVERY_HOURS_RANGE.1).contains(&hours) =>
            {
                e.add_with(
                    "every_hours",
                    "backup-set-err-hours",
                    vec![
                        ("min", EVERY_HOURS_RANGE.0.to_string()),
                        ("max", EVERY_HOURS_RANGE.1.to_string()),
                    ],
                );
            }
            _ => {}
        }
        let r = &self.retention;
        for (field, n) in [
            ("keep_daily", r.daily),
            ("keep_weekly", r.weekly),
            ("keep_monthly", r.monthly),
        ] {
            if n > KEEP_RANGE.1 {
                e.add_with(
                    field,
                    "backup-set-err-keep-range",
                    vec![("max", KEEP_RANGE.1.to_string())],
                );
            }
        }
        if r.daily == 0 && r.weekly == 0 && r.monthly == 0 {
            e.add("keep_daily", "backup-set-err-keep-none");
        }
        if let Some(d) = &self.destination
            && !d.is_absolute()
        {
            e.add(destination::FIELD, "backup-set-err-dest-relative");
        }
        e
    }

    /// The settings as the audit log keeps them: the sealed passphrase only as "set" or not.
    fn audited(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "sealed_passphrase".into(),
                serde_json::Value::Bool(self.has_passphrase()),
            );
        }
        v
    }

    /// Opens the sealed passphrase with the shop's key of the data folder's database.
    pub fn open_passphrase(&self, key: &ShopKey) -> Option<String> {
        self.sealed_passphrase
            .as_deref()
            .and_then(|s| key.open_secret(PASSPHRASE_PURPOSE, s))
    }
}

/// The backup settings (the defaults when never saved, or unreadable).
pub fn get(conn: &Connection) -> CoreResult<BackupSettings> {
    let raw = crate::terminal_settings::read(conn, KEY_BACKUPS)?;
    Ok(match raw {
        None => BackupSettings::default(),
        Some(s) => serde_json::from_str(&s).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "unreadable backup settings, using the defaults");
            BackupSettings::default()
        }),
    })
}

/// The checks of a new passphrase typed twice (for scheduled backups, and for a backup made by
/// hand): long enough, and the same both times. Fields `passphrase` and `passphrase_again`.
pub fn new_passphrase_errors(first: &str, again: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    if first.is_empty() {
        e.add("passphrase", "backup-set-err-passphrase-required");
    } else if first.chars().count() < PASSPHRASE_MIN_CHARS {
        e.add_with(
            "passphrase",
            "backup-set-err-passphrase-short",
            vec![("min", PASSPHRASE_MIN_CHARS.to_string())],
        );
    } else if first != again {
        e.add("passphrase_again", "backup-set-err-passphrase-mismatch");
    }
    e
}

/// The checks of a draft that need the passphrase typed twice.
fn passphrase_errors(draft: &BackupSettingsDraft, stored: &BackupSettings) -> FieldErrors {
    let typed = !draft.passphrase.is_empty() || !draft.passphrase_again.is_empty();
    if !draft.settings.encrypt || (!typed && stored.has_passphrase()) {
        return FieldErrors::new();
    }
    new_passphrase_errors(&draft.passphrase, &draft.passphrase_again)
}

/// Saves Settings → Backups: admins only ([`Action::ManageBackups`], the account as stored now),
/// every field checked first (the destination folder on disk when `data_root` is known: made if
/// missing, written to, room for one backup) and nothing written when any is refused. A new
/// passphrase is sealed with the shop's key; turning encryption off forgets the sealed one.
/// Audited `settings.update` (the passphrase only as "set"). Returns the settings as saved.
pub fn save(
    store: &mut Store,
    actor: &Session,
    draft: &BackupSettingsDraft,
    data_root: Option<&Path>,
) -> CoreResult<BackupSettings> {
    users::authorize(store.conn(), actor, Action::ManageBackups)?;
    let stored = get(store.conn())?;
    let mut errors = draft.settings.validate();
    errors.0.extend(passphrase_errors(draft, &stored).0);
    if errors.is_empty()
        && let Some(root) = data_root
        && let Err(dest) = check_destination(
            &draft.settings.out_dir(root),
            Some(root),
            estimate_backup_bytes(root),
        )
    {
        errors.0.extend(dest.0);
    }
    errors.into_result()?;
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::ManageBackups)?;
        let before = get(tx.conn())?;
        let mut saved = draft.settings.clone();
        saved.sealed_passphrase = if !saved.encrypt {
            None
        } else if draft.passphrase.is_empty() {
            before.sealed_passphrase.clone()
        } else {
            Some(
                tx.key()
                    .seal_secret(PASSPHRASE_PURPOSE, &draft.passphrase)?,
            )
        };
        let text = serde_json::to_string(&saved).unwrap_or_default();
        crate::terminal_settings::write(tx.conn(), KEY_BACKUPS, &text, tx.now(), tx.actor())?;
        tx.audit(AuditEntry {
            action: "settings.update",
            entity: "settings",
            entity_id: Some(KEY_BACKUPS),
            before: Some(before.audited()),
            after: Some(saved.audited()),
        })?;
        Ok(saved)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::CoreError;
    use crate::testutil::Fixture;

    fn keys(e: &CoreError) -> Vec<(&'static str, &'static str)> {
        match e {
            CoreError::Invalid(f) => f.0.iter().map(|x| (x.field, x.key)).collect(),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    fn draft(settings: BackupSettings) -> BackupSettingsDraft {
        BackupSettingsDraft {
            settings,
            ..BackupSettingsDraft::default()
        }
    }

    #[test]
    fn an_admin_saves_and_others_are_refused() {
        let mut f = Fixture::new();
        let mut s = BackupSettings {
            schedule: Some(ScheduleSpec::EveryHours { hours: 6 }),
            ..BackupSettings::default()
        };
        s.retention.daily = 3;
        for who in [
            &f.supervisor.clone(),
            &f.technician.clone(),
            &f.viewer.clone(),
        ] {
            let e = save(&mut f.store, who, &draft(s.clone()), None).unwrap_err();
            assert!(matches!(e, CoreError::Forbidden(_)), "{e:?}");
        }
        assert_eq!(get(f.store.conn()).unwrap(), BackupSettings::default());
        let admin = f.admin.clone();
        let saved = save(&mut f.store, &admin, &draft(s.clone()), None).unwrap();
        assert_eq!(saved, s);
        assert_eq!(get(f.store.conn()).unwrap(), s);
        let row = f.audit_rows("settings.update").pop().unwrap();
        assert_eq!(row.action, "settings.update");
        assert_eq!(row.entity_id.as_deref(), Some(KEY_BACKUPS));
    }

    #[test]
    fn bad_input_is_refused_and_nothing_changes() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let mut s = BackupSettings {
            schedule: Some(ScheduleSpec::EveryHours { hours: 0 }),
            ..BackupSettings::default()
        };
        s.retention = RetentionPolicy {
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        s.destination = Some(PathBuf::from("relative/dir"));
        let e = save(&mut f.store, &admin, &draft(s), None).unwrap_err();
        assert_eq!(
            keys(&e),
            [
                ("every_hours", "backup-set-err-hours"),
                ("keep_daily", "backup-set-err-keep-none"),
                ("destination", "backup-set-err-dest-relative"),
            ]
        );
        let late = BackupSettings {
            schedule: Some(ScheduleSpec::Daily {
                hour: 24,
                minute: 0,
            }),
            ..BackupSettings::default()
        };
        let e = save(&mut f.store, &admin, &draft(late), None).unwrap_err();
        assert_eq!(keys(&e), [("schedule_time", "backup-set-err-time")]);
        assert_eq!(get(f.store.conn()).unwrap(), BackupSettings::default());
    }

    #[test]
    fn an_unwritable_destination_is_refused_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let s = BackupSettings {
            destination: Some(file.join("backups")),
            ..BackupSettings::default()
        };
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let e = save(&mut f.store, &admin, &draft(s), Some(&data)).unwrap_err();
        assert_eq!(
            keys(&e),
            [("destination", "backup-set-err-dest-not-folder")]
        );
        assert_eq!(get(f.store.conn()).unwrap(), BackupSettings::default());
    }

    #[test]
    fn the_scheduled_passphrase_is_typed_twice_and_kept_sealed() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let s = BackupSettings {
            encrypt: true,
            ..BackupSettings::default()
        };
        let e = save(&mut f.store, &admin, &draft(s.clone()), None).unwrap_err();
        assert_eq!(
            keys(&e),
            [("passphrase", "backup-set-err-passphrase-required")]
        );
        let mut d = draft(s.clone());
        d.passphrase = "court".into();
        d.passphrase_again = "court".into();
        let e = save(&mut f.store, &admin, &d, None).unwrap_err();
        assert_eq!(
            keys(&e),
            [("passphrase", "backup-set-err-passphrase-short")]
        );
        d.passphrase = "cheval agrafe batterie".into();
        d.passphrase_again = "cheval agrafe baterie".into();
        let e = save(&mut f.store, &admin, &d, None).unwrap_err();
        assert_eq!(
            keys(&e),
            [("passphrase_again", "backup-set-err-passphrase-mismatch")]
        );
        d.passphrase_again = d.passphrase.clone();
        // Whatever the draft says about the sealed value is ignored.
        d.settings.sealed_passphrase = Some("enc1:forged".into());
        let saved = save(&mut f.store, &admin, &d, None).unwrap();
        let sealed = saved.sealed_passphrase.clone().unwrap();
        assert!(!sealed.contains("cheval") && sealed != "enc1:forged");
        let raw: String = f
            .store
            .conn()
            .query_row(
                "SELECT value FROM terminal_settings WHERE key = 'backups'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!raw.contains("cheval"), "never in clear in the database");
        let audit = f.audit_rows("settings.update").pop().unwrap();
        assert!(
            !format!("{:?}", audit.after).contains(&sealed),
            "nor in the audit log"
        );
        assert_eq!(
            saved.open_passphrase(f.store.key()).as_deref(),
            Some("cheval agrafe batterie")
        );
        // Saved again without typing it: kept. Encryption off: forgotten.
        let kept = save(&mut f.store, &admin, &draft(saved.clone()), None).unwrap();
        assert_eq!(kept.sealed_passphrase, saved.sealed_passphrase);
        let off = BackupSettings {
            encrypt: false,
            ..saved
        };
        assert_eq!(
            save(&mut f.store, &admin, &draft(off), None)
                .unwrap()
                .sealed_passphrase,
            None
        );
    }
}
