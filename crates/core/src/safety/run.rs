//! Backups, verifications and restores as the app asks for them, behind the shop's gates:
//!
//! - a person needs [`Action::ManageBackups`], checked on the account as stored now in the data
//!   folder's database (read through a connection of its own, so this runs on any thread while
//!   the app's database worker goes on);
//! - the schedule may back up only when an admin configured a schedule;
//! - the recovery screen, where nobody can sign in, may restore only while the database is
//!   unusable ([`super::startup::check_database`] says so again here).
//!
//! A backup is verified as soon as it is written; only then, and only for the schedule, the
//! retention is applied. Every run's outcome is recorded for the dashboard
//! ([`super::status::record_run`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::settings;
use super::startup::{self, DbState};
use super::status::{self, RemoteCopy, RunRecord};
use crate::auth::permissions::{Action, Forbidden, ForbiddenReason};
use crate::backup::{
    self, BackupError, CreateOptions, CreateReport, Passphrase, PreparedRestore, Progress,
    VerifyReport, retention,
};
use crate::datadir::{DB_FILE, DataDir};
use crate::error::CoreError;
use crate::i18n::Lang;
use crate::keys::ShopKey;
use crate::users;

/// Who asks.
#[derive(Debug, Clone, Copy)]
pub enum Requester<'a> {
    /// A signed-in person (checked: [`Action::ManageBackups`]).
    User(&'a crate::Session),
    /// The backup schedule of this data folder (checked: a schedule is configured).
    Schedule,
}

fn forbidden() -> BackupError {
    BackupError::Core(CoreError::Forbidden(Forbidden::new(
        Action::ManageBackups,
        ForbiddenReason::RoleTooLow,
    )))
}

/// Checks that `who` may back up or restore the data folder `data_root`.
pub fn authorize(data_root: &Path, who: Requester<'_>) -> Result<(), BackupError> {
    let conn = crate::store::open_read_only(&data_root.join(DB_FILE))?;
    match who {
        Requester::User(u) => {
            users::authorize(&conn, u, Action::ManageBackups)?;
            Ok(())
        }
        Requester::Schedule => {
            if settings::get(&conn)?.schedule.is_some() {
                Ok(())
            } else {
                Err(forbidden())
            }
        }
    }
}

/// One backup to make.
#[derive(Debug)]
pub struct BackupRun {
    /// The data folder.
    pub data_root: PathBuf,
    /// Encrypt with this passphrase (a person's, typed twice). The schedule uses the sealed one
    /// of the settings when they say "encrypt".
    pub passphrase: Option<Passphrase>,
    /// The time of the backup (ms since the Unix epoch).
    pub now_ms: i64,
    /// The language of the error recorded for the dashboard.
    pub lang: Lang,
}

/// What a backup run did.
#[derive(Debug)]
pub struct BackupDone {
    /// The backup written.
    pub created: CreateReport,
    /// Its verification (read back whole, the database copy checked).
    pub verified: VerifyReport,
    /// Older backups deleted by the retention (scheduled runs, after a good verification).
    pub deleted: Vec<PathBuf>,
    /// The copy to object storage, when one is configured and the backup verified.
    pub remote: Option<RemoteCopy>,
}

/// Writes a backup of `run.data_root` into the folder of the settings, verifies it, and for the
/// schedule applies the retention once it verified. Works while the app keeps writing (the
/// database is copied with SQLite's online backup API on its own connection). The outcome is
/// recorded for the dashboard, failures included (not a refusal).
pub fn run_backup(
    who: Requester<'_>,
    run: &BackupRun,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<BackupDone, BackupError> {
    authorize(&run.data_root, who)?;
    let scheduled = matches!(who, Requester::Schedule);
    let result = run_authorized(scheduled, run, progress, cancel);
    let record = match &result {
        Ok(done) => RunRecord {
            at_ms: run.now_ms,
            ok: done.verified.is_ok(),
            scheduled,
            file: Some(done.created.path.clone()),
            bytes: done.created.archive_bytes,
            error: (!done.verified.is_ok())
                .then(|| BackupError::Invalid(Box::new(done.verified.clone())).message(run.lang)),
            remote: done.remote.clone(),
        },
        Err(e) => RunRecord {
            at_ms: run.now_ms,
            ok: false,
            scheduled,
            file: None,
            bytes: 0,
            error: Some(e.message(run.lang)),
            remote: None,
        },
    };
    status::record_run(&run.data_root, &record);
    result
}

fn run_authorized(
    scheduled: bool,
    run: &BackupRun,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<BackupDone, BackupError> {
    let db = run.data_root.join(DB_FILE);
    let (settings, tz, terminal) = {
        let conn = crate::store::open_read_only(&db)?;
        (
            settings::get(&conn)?,
            super::shop_tz(&conn),
            super::terminal_code(&conn),
        )
    };
    let sealed;
    let passphrase = match (&run.passphrase, scheduled && settings.encrypt) {
        (Some(p), _) => Some(p),
        (None, true) => {
            let key = ShopKey::load(&db)?.ok_or_else(|| {
                BackupError::Core(CoreError::Refused {
                    key: "backup-err-no-key",
                })
            })?;
            let text = settings.open_passphrase(&key).ok_or_else(|| {
                BackupError::Core(CoreError::Refused {
                    key: "backup-err-sealed-passphrase",
                })
            })?;
            sealed = Passphrase::new(text);
            Some(&sealed)
        }
        (None, false) => None,
    };
    let out_dir = settings.out_dir(&run.data_root);
    let created = backup::create(
        &CreateOptions {
            data_root: &run.data_root,
            out_dir: &out_dir,
            terminal: &terminal,
            passphrase,
            now_ms: run.now_ms,
            tz,
        },
        progress,
        cancel,
    )?;
    let verified = backup::verify(&created.path, passphrase, progress, cancel)?;
    let deleted = if scheduled && verified.is_ok() {
        retention::apply_retention(&out_dir, &terminal, &settings.retention, tz)?
    } else {
        Vec::new()
    };
    let remote = if verified.is_ok() {
        copy_off_site(
            run,
            &created.path,
            passphrase,
            CopyPolicy {
                terminal: &terminal,
                retention: scheduled.then_some(&settings.retention),
                tz,
            },
            progress,
            cancel,
        )
    } else {
        None
    };
    Ok(BackupDone {
        created,
        verified,
        deleted,
        remote,
    })
}

/// Which copies [`copy_off_site`] keeps.
#[derive(Clone, Copy)]
struct CopyPolicy<'a> {
    terminal: &'a str,
    /// The retention to apply there once the copy is in (scheduled runs only, as locally).
    retention: Option<&'a retention::RetentionPolicy>,
    tz: chrono_tz::Tz,
}

/// Copies a verified backup to the object storage of the settings, when one is on, then applies
/// the retention there. A failed copy leaves the backup good (it is recorded and shown as an
/// alert of its own); `None` when no copy is configured.
fn copy_off_site(
    run: &BackupRun,
    file: &Path,
    passphrase: Option<&Passphrase>,
    policy: CopyPolicy<'_>,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Option<RemoteCopy> {
    let target = match backup::remote_settings::resolve_in_folder(&run.data_root) {
        Ok(Some(t)) => t,
        Ok(None) => return None,
        Err(e) => {
            return Some(RemoteCopy {
                location: String::new(),
                ok: false,
                error: Some(run.lang.error_message(&e)),
                pruned: 0,
            });
        }
    };
    let location = target.display_location();
    let copied = backup::remote::upload_verified(&target, file, passphrase, progress, cancel)
        .and_then(|_| match policy.retention {
            Some(keep) => {
                backup::remote::apply_remote_retention(&target, policy.terminal, keep, policy.tz)
            }
            None => Ok(Vec::new()),
        });
    Some(match copied {
        Ok(pruned) => RemoteCopy {
            location,
            ok: true,
            error: None,
            pruned: pruned.len(),
        },
        Err(e) => {
            tracing::warn!(location = %location, error = %e, "copy to object storage failed");
            RemoteCopy {
                location,
                ok: false,
                error: Some(e.message(run.lang)),
                pruned: 0,
            }
        }
    })
}

/// Verifies a backup file for a person who may manage backups.
pub fn verify_as(
    data_root: &Path,
    user: &crate::Session,
    file: &Path,
    passphrase: Option<&Passphrase>,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<VerifyReport, BackupError> {
    authorize(data_root, Requester::User(user))?;
    backup::verify(file, passphrase, progress, cancel)
}

/// Who asks for a restore.
#[derive(Debug, Clone, Copy)]
pub enum RestoreRequester<'a> {
    /// A signed-in person who may manage backups.
    User(&'a crate::Session),
    /// The recovery screen at start-up: allowed only while the database is unusable.
    Recovery,
}

/// Extracts and verifies `file` beside the data folder (see [`backup::prepare_restore`]) for
/// someone allowed to restore it; nothing in the data folder changes until the commit.
pub fn prepare_restore(
    data: &DataDir,
    who: RestoreRequester<'_>,
    file: &Path,
    passphrase: Option<&Passphrase>,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<PreparedRestore, BackupError> {
    match who {
        RestoreRequester::User(u) => authorize(data.root(), Requester::User(u))?,
        RestoreRequester::Recovery => {
            if matches!(startup::check_database(data.root()), DbState::Healthy) {
                return Err(forbidden());
            }
        }
    }
    backup::prepare_restore(data, file, passphrase, progress, cancel)
}

/// Puts back a data folder kept aside by an earlier restore (see
/// [`backup::folder_restore::restore_kept_folder`]): only from the recovery screen, while the
/// database is unusable. Returns where the replaced data folder was kept.
pub fn restore_kept(data: DataDir, kept: &Path) -> Result<Option<PathBuf>, BackupError> {
    if matches!(startup::check_database(data.root()), DbState::Healthy) {
        return Err(forbidden());
    }
    backup::folder_restore::restore_kept_folder(data, kept)
}

#[cfg(test)]
#[path = "run_remote_tests.rs"]
mod remote_tests;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::auth::permissions::Role;
    use crate::store::Store;
    use crate::users::NewUser;

    /// The terminal code of the data folder's database (what backup names carry).
    pub(super) fn terminal_of(root: &Path) -> String {
        backup::terminal_of(root).unwrap()
    }

    /// A data folder with an admin and a technician.
    pub(super) fn shop() -> (tempfile::TempDir, PathBuf, crate::Session, crate::Session) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        std::fs::create_dir_all(&root).unwrap();
        let (mut s, _) = Store::open(&root.join(DB_FILE)).unwrap();
        let policy = crate::auth::password::PasswordPolicy::default();
        let mk = |name: &str, role| NewUser {
            username: name.into(),
            display_name: name.into(),
            role: Some(role),
            password: "Atelier-Test-2026".into(),
            locale: Lang::Fr,
            ..NewUser::default()
        };
        let (admin, tech) = s
            .write(None, |tx| {
                Ok((
                    users::insert(tx, &mk("admin", Role::Admin), &policy)?,
                    users::insert(tx, &mk("tech", Role::Technician), &policy)?,
                ))
            })
            .unwrap();
        drop(s);
        (
            dir,
            root,
            crate::Session::for_tests(admin),
            crate::Session::for_tests(tech),
        )
    }

    #[test]
    fn only_an_admin_or_a_configured_schedule_may_back_up() {
        let (_dir, root, admin, tech) = shop();
        let run = BackupRun {
            data_root: root.clone(),
            passphrase: None,
            now_ms: 1_772_442_000_000,
            lang: Lang::Fr,
        };
        let cancel = AtomicBool::new(false);
        let e = run_backup(Requester::User(&tech), &run, &mut |_| {}, &cancel).unwrap_err();
        assert!(
            matches!(e, BackupError::Core(CoreError::Forbidden(_))),
            "{e:?}"
        );
        assert!(status::own_backups(&root.join("backups"), &terminal_of(&root)).is_empty());
        let done = run_backup(Requester::User(&admin), &run, &mut |_| {}, &cancel).unwrap();
        assert!(done.verified.is_ok());
        assert!(done.created.path.is_file());
        let rec = status::last_run(&root).unwrap();
        assert!(rec.ok && !rec.scheduled);
        // The default settings have a schedule; without one the schedule may not back up.
        let (mut s, _) = Store::open(&root.join(DB_FILE)).unwrap();
        let draft = settings::BackupSettingsDraft {
            settings: settings::BackupSettings {
                schedule: None,
                ..settings::BackupSettings::default()
            },
            ..settings::BackupSettingsDraft::default()
        };
        settings::save(&mut s, &admin, &draft, Some(&root)).unwrap();
        drop(s);
        let e = run_backup(Requester::Schedule, &run, &mut |_| {}, &cancel).unwrap_err();
        assert!(
            matches!(e, BackupError::Core(CoreError::Forbidden(_))),
            "{e:?}"
        );
    }

    #[test]
    fn a_scheduled_encrypted_backup_uses_the_sealed_passphrase() {
        let (_dir, root, admin, _) = shop();
        let (mut s, _) = Store::open(&root.join(DB_FILE)).unwrap();
        let draft = settings::BackupSettingsDraft {
            settings: settings::BackupSettings {
                encrypt: true,
                ..settings::BackupSettings::default()
            },
            passphrase: "cheval agrafe batterie".into(),
            passphrase_again: "cheval agrafe batterie".into(),
        };
        settings::save(&mut s, &admin, &draft, Some(&root)).unwrap();
        drop(s);
        let run = BackupRun {
            data_root: root.clone(),
            passphrase: None,
            now_ms: 1_772_442_000_000,
            lang: Lang::En,
        };
        let cancel = AtomicBool::new(false);
        let done = run_backup(Requester::Schedule, &run, &mut |_| {}, &cancel).unwrap();
        assert!(done.created.path.to_string_lossy().ends_with(".age"));
        assert!(done.verified.is_ok() && done.verified.encrypted);
        let pass = Passphrase::new("cheval agrafe batterie".into());
        let again = backup::verify(&done.created.path, Some(&pass), &mut |_| {}, &cancel).unwrap();
        assert!(again.is_ok());
    }

    #[test]
    fn the_schedule_applies_the_retention_once_its_backup_verified() {
        let (_dir, root, admin, _) = shop();
        let cancel = AtomicBool::new(false);
        let day = 86_400_000;
        let t0 = 1_772_442_000_000;
        for d in 0..3 {
            let run = BackupRun {
                data_root: root.clone(),
                passphrase: None,
                now_ms: t0 + d * day,
                lang: Lang::Fr,
            };
            run_backup(Requester::User(&admin), &run, &mut |_| {}, &cancel).unwrap();
        }
        let dir = root.join("backups");
        assert_eq!(
            status::own_backups(&dir, &terminal_of(&root)).len(),
            3,
            "a person's backup deletes none"
        );
        let (mut s, _) = Store::open(&root.join(DB_FILE)).unwrap();
        let draft = settings::BackupSettingsDraft {
            settings: settings::BackupSettings {
                retention: retention::RetentionPolicy {
                    daily: 2,
                    weekly: 0,
                    monthly: 0,
                },
                ..settings::BackupSettings::default()
            },
            ..settings::BackupSettingsDraft::default()
        };
        settings::save(&mut s, &admin, &draft, Some(&root)).unwrap();
        drop(s);
        let run = BackupRun {
            data_root: root.clone(),
            passphrase: None,
            now_ms: t0 + 3 * day,
            lang: Lang::Fr,
        };
        let done = run_backup(Requester::Schedule, &run, &mut |_| {}, &cancel).unwrap();
        assert!(done.verified.is_ok());
        assert_eq!(
            done.deleted.len(),
            2,
            "the two oldest days go: {:?}",
            done.deleted
        );
        let left = status::own_backups(&dir, &terminal_of(&root));
        assert_eq!(left.len(), 2);
        assert!(left.iter().any(|b| b.path == done.created.path));
    }

    #[test]
    fn recovery_may_restore_only_an_unusable_database() {
        let (dir, root, admin, _) = shop();
        let run = BackupRun {
            data_root: root.clone(),
            passphrase: None,
            now_ms: 1_772_442_000_000,
            lang: Lang::Fr,
        };
        let cancel = AtomicBool::new(false);
        let done = run_backup(Requester::User(&admin), &run, &mut |_| {}, &cancel).unwrap();
        let data = DataDir::open(&root).unwrap();
        let e = prepare_restore(
            &data,
            RestoreRequester::Recovery,
            &done.created.path,
            None,
            &mut |_| {},
            &cancel,
        )
        .unwrap_err();
        assert!(
            matches!(e, BackupError::Core(CoreError::Forbidden(_))),
            "{e:?}"
        );
        drop(data);
        drop(dir);
    }
}
