//! Rows of the service matrix ([`crate::service_matrix`]): accounts, self-service, settings,
//! templates and zones, audit, maintenance, backups, sync, the dashboard and CSV exports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::ids::ZoneId;
use std::sync::atomic::AtomicBool;

use crate::accounts::{self, UserUpdate};
use crate::audit::{self, AuditFilter};
use crate::auth::permissions::{Action as A, Role};
use crate::auth::totp::{self, TotpAlgorithm};
use crate::auth::{lockout, login, pin, two_factor};
use crate::backup::BackupError;
use crate::backup::remote_settings::{self, RemoteSettings, SecretChange};
use crate::i18n::Lang;
use crate::safety::run::{self, BackupRun, Requester, RestoreRequester};
use crate::service_matrix::{Expect, Out, Row, Target, done, row, seen};
use crate::service_matrix_world::{HOUR, World, password_of};
use crate::settings::{self, SecurityPolicy};
use crate::sync::SyncError;
use crate::testutil::T0;
use crate::users::{self, NewUser, Theme};
use crate::{CoreError, CoreResult, Session};

use Expect::{Each, Matrix};
use Out::{Forbidden as F, Ok as Y, Sees};

/// Admins pass the permission check of the sync services, then find no hub on this terminal.
const NO_HUB: &str = "matrix: no sync hub";

fn sync<T>(r: Result<T, SyncError>) -> CoreResult<usize> {
    match r {
        Ok(_) => Ok(1),
        Err(SyncError::Core(e)) => Err(e),
        Err(SyncError::NotConfigured) => Err(CoreError::Refused { key: NO_HUB }),
        Err(other) => panic!("sync: {other}"),
    }
}

fn backup<T>(r: Result<T, BackupError>) -> CoreResult<usize> {
    r.map(|_| 1).map_err(BackupError::into_core)
}

fn rename(name: &str) -> UserUpdate {
    UserUpdate {
        display_name: name.into(),
        email: String::new(),
        phone: String::new(),
    }
}

/// The setup of a self-service row that needs the actor's own account in a state: `set` is an
/// SQL assignment list on its row.
fn own_account(w: &World, actor: &Session, set: &str) -> Target {
    w.set_user(actor, set);
    Target::default()
}

fn write_settings(
    w: &mut World,
    a: &Session,
    f: impl FnOnce(&crate::store::Tx<'_>, &Session) -> CoreResult<()>,
) -> CoreResult<usize> {
    done(w.store.write(Some(&a.id), |tx| f(tx, a)))
}

pub(crate) fn rows() -> Vec<Row> {
    let mut rows = accounts();
    rows.extend(self_service());
    rows.extend(settings_rows());
    rows.extend(safety());
    rows
}

fn accounts() -> Vec<Row> {
    vec![
        row("users::list_as", Matrix(A::ViewUsers), |w, a, _| {
            seen(users::list_as(w.store.conn(), a))
        }),
        // Names and roles for the pickers: every signed-in account (not one still to change
        // its password, the fifth actor).
        row("users::staff", Matrix(A::EditOwnProfile), |w, a, _| {
            seen(users::staff(w.store.conn(), a))
        }),
        row("accounts::create_user", Matrix(A::CreateUser), |w, a, _| {
            let new = NewUser {
                username: "nouveau".into(),
                display_name: "Nouveau".into(),
                role: Some(Role::Technician),
                password: "Nouveau-Atelier-2026".into(),
                locale: Lang::Fr,
                ..NewUser::default()
            };
            done(accounts::create_user(&mut w.store, a, new))
        }),
        row("accounts::update_user", Matrix(A::EditUser), |w, a, _| {
            let target = w.who.target.id.clone();
            done(accounts::update_user(
                &mut w.store,
                a,
                &target,
                &rename("Renommé"),
            ))
        }),
        // The same service on one's own account: the profile.
        row(
            "accounts::update_user",
            Matrix(A::EditOwnProfile),
            |w, a, _| {
                done(accounts::update_user(
                    &mut w.store,
                    a,
                    &a.id,
                    &rename("Moi"),
                ))
            },
        ),
        row(
            "accounts::change_role",
            Matrix(A::ChangeUserRole),
            |w, a, _| {
                let target = w.who.target.id.clone();
                done(accounts::change_role(
                    &mut w.store,
                    a,
                    &target,
                    Role::Technician,
                ))
            },
        ),
        row(
            "accounts::set_active",
            Matrix(A::DeactivateUser),
            |w, a, _| {
                let target = w.who.target.id.clone();
                done(accounts::set_active(&mut w.store, a, &target, false))
            },
        ),
        row(
            "accounts::reset_password",
            Matrix(A::ResetUserPassword),
            |w, a, _| {
                let target = w.who.target.id.clone();
                done(accounts::reset_password(&mut w.store, a, &target))
            },
        ),
        row("auth::lockout::unlock", Matrix(A::UnlockUser), |w, a, _| {
            let target = w.who.target.id.clone();
            done(
                w.store
                    .write(Some(&a.id), |tx| lockout::unlock(tx, a, &target)),
            )
        })
        .given(|w, _| {
            // The target is locked out of its password.
            let until = T0;
            w.store
                .conn()
                .execute(
                    "INSERT INTO auth_locks (user_id, kind, locked_at, locked_until)
                     VALUES (?1, 'password', ?2, ?2 + 3600000)",
                    rusqlite::params![w.who.target.id, until],
                )
                .unwrap();
            Target::default()
        }),
        row(
            "auth::lockout::unlock_account",
            Matrix(A::UnlockUser),
            |w, a, _| {
                let target = w.who.target.id.clone();
                done(lockout::unlock_account(&mut w.store, a, &target))
            },
        )
        .given(|w, _| {
            w.store
                .conn()
                .execute(
                    "INSERT INTO auth_locks (user_id, kind, locked_at, locked_until)
                     VALUES (?1, 'password', ?2, ?2 + 3600000)",
                    rusqlite::params![w.who.target.id, T0],
                )
                .unwrap();
            Target::default()
        }),
        row(
            "auth::two_factor::reset_totp",
            Matrix(A::ResetUser2fa),
            |w, a, _| {
                let target = w.who.target.id.clone();
                done(two_factor::reset_totp(&mut w.store, a, &target))
            },
        )
        .given(|w, _| {
            let target = w.who.target.clone();
            own_account(w, &target, "totp_secret = 'enc1:00'")
        }),
        row("audit::query_as", Matrix(A::ViewAudit), |w, a, _| {
            seen(audit::query_as(w.store.conn(), a, &AuditFilter::default()))
        }),
        row("audit::count_as", Matrix(A::ViewAudit), |w, a, _| {
            done(audit::count_as(w.store.conn(), a, &AuditFilter::default()))
        }),
    ]
}

/// What a person does to their own account: every role may (an admin's PIN aside, while the
/// policy keeps admins on passwords); an account whose password must still be changed may not.
fn self_service() -> Vec<Row> {
    let own = Matrix(A::EditOwnProfile);
    vec![
        row("store::read_as", own, |w, a, _| done(w.store.read_as(a))),
        row("accounts::login_history", own, |w, a, _| {
            seen(accounts::login_history(w.store.conn(), a, 10))
        }),
        row("auth::login::change_password", own, |w, a, _| {
            let current = password_of(a);
            done(login::change_password(
                &mut w.store,
                a,
                current,
                "Nouveau-Atelier-2027",
            ))
        }),
        row(
            "auth::pin::set_pin",
            Each(A::EditOwnProfile, [Out::Refused(pin::PIN_ADMIN), Y, Y, Y]),
            |w, a, _| done(pin::set_pin(&mut w.store, a, password_of(a), "2580")),
        ),
        row("auth::pin::clear_pin", own, |w, a, _| {
            done(pin::clear_pin(&mut w.store, a))
        })
        .given(|w, a| own_account(w, a, "pin_hash = 'hash'")),
        row("auth::two_factor::begin_totp", own, |w, a, _| {
            done(two_factor::begin_totp(&mut w.store, a))
        }),
        row("auth::two_factor::confirm_totp", own, |w, a, t| {
            let secret = totp::base32_decode(&t.sub).unwrap();
            let now = u64::try_from(w.store.now_ms() / 1000).unwrap();
            let code = format!(
                "{:06}",
                totp::totp(&secret, now, 30, 6, TotpAlgorithm::Sha1)
            );
            done(two_factor::confirm_totp(&mut w.store, a, &code))
        })
        .given(|w, a| {
            let secret = w.as_if_ready(a, |w| two_factor::begin_totp(&mut w.store, a).unwrap());
            Target {
                id: String::new(),
                sub: secret.secret,
            }
        }),
        row("auth::two_factor::disable_totp", own, |w, a, _| {
            done(two_factor::disable_totp(&mut w.store, a, password_of(a)))
        })
        .given(|w, a| own_account(w, a, "totp_secret = 'enc1:00'")),
        row("auth::two_factor::recovery_codes_left", own, |w, a, _| {
            done(two_factor::recovery_codes_left(w.store.conn(), a))
        }),
        row("users::save_preferences", own, |w, a, _| {
            done(users::save_preferences(
                &mut w.store,
                a,
                Lang::En,
                Theme::Dark,
            ))
        }),
        row("jobs::drafts::save_draft", own, |w, a, _| {
            let draft = serde_json::json!({ "client": "Marie" });
            done(crate::jobs::save_draft(&mut w.store, a, &draft))
        }),
        row("jobs::drafts::load_draft", own, |w, a, _| {
            done(crate::jobs::load_draft(&w.store, a))
        }),
        row("jobs::drafts::clear_draft", own, |w, a, _| {
            done(crate::jobs::clear_draft(&mut w.store, a))
        })
        .given(|w, a| {
            w.store
                .conn()
                .execute(
                    "INSERT INTO job_drafts (user_id, data, updated_at) VALUES (?1, '{}', 0)",
                    [&a.id],
                )
                .unwrap();
            Target::default()
        }),
    ]
}

fn settings_rows() -> Vec<Row> {
    let edit = Matrix(A::EditSettings);
    vec![
        row(
            "settings_read::get_all_as",
            Matrix(A::ViewSettings),
            |w, a, _| done(crate::settings_read::get_all_as(w.store.conn(), a)),
        ),
        row("settings::save_all", edit, |w, a, _| {
            let mut draft = settings::get_all(w.store.conn()).unwrap();
            draft.org.name = "Atelier Renommé".into();
            draft.security.idle_timeout_min = 20;
            done(settings::save_all(&mut w.store, a, draft))
        }),
        row("settings::save_security", edit, |w, a, _| {
            let policy = SecurityPolicy {
                idle_timeout_min: 25,
                ..SecurityPolicy::default()
            };
            write_settings(w, a, |tx, a| {
                settings::save_security(tx, a, policy).map(drop)
            })
        }),
        row("settings::save_shop", edit, |w, a, _| {
            write_settings(w, a, |tx, a| {
                settings::save_shop(tx, a, settings::ShopSettings::default()).map(drop)
            })
        }),
        row("settings::save_updates", edit, |w, a, _| {
            write_settings(w, a, |tx, a| {
                settings::save_updates(tx, a, settings::UpdateSettings::default()).map(drop)
            })
        }),
        row("settings::save_terminal", edit, |w, a, _| {
            write_settings(w, a, |tx, a| {
                settings::save_terminal(tx, a, settings::TerminalSettings::default()).map(drop)
            })
        }),
        row("settings::save_planning", edit, |w, a, _| {
            write_settings(w, a, |tx, a| {
                settings::save_planning(tx, a, settings::PlanningSettings::default()).map(drop)
            })
        }),
        // Removes the logo the shop has.
        row("org::set_logo", edit, |w, a, _| {
            write_settings(w, a, |tx, a| crate::org::set_logo(tx, Some(a), None))
        }),
        row("org::save_logo", edit, |w, a, _| {
            done(crate::org::save_logo(&mut w.store, a, None))
        }),
        row("zones::save", edit, |w, a, _| {
            let zone = crate::zones::Zone {
                id: ZoneId::default(),
                name_fr: "Becquet".into(),
                name_en: "Spoiler".into(),
                areas: [0.2, 0.3, 0.4, 0.5],
                position: 99,
                is_active: true,
            };
            done(crate::zones::save(&mut w.store, a, zone))
        }),
        row("zones::delete", edit, |w, a, t| {
            done(crate::zones::delete(&mut w.store, a, &t.id))
        })
        .given(|w, _| {
            let unused: String = w
                .store
                .conn()
                .query_row(
                    "SELECT id FROM ppf_zones WHERE id NOT IN (SELECT zone_id FROM job_zones)
                     ORDER BY id LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            crate::service_matrix::id(unused)
        }),
        row(
            "workflow::queries::save",
            Matrix(A::EditTemplates),
            |w, a, _| {
                let mut t = crate::workflow::get(w.store.conn(), &w.d.template).unwrap();
                t.name.fr = "Matrice révisée".into();
                done(crate::workflow::save(&mut w.store, a, &t))
            },
        ),
        row(
            "workflow::queries::duplicate",
            Matrix(A::EditTemplates),
            |w, a, _| {
                let template = w.d.template.clone();
                done(crate::workflow::duplicate(
                    &mut w.store,
                    a,
                    &template,
                    Lang::Fr,
                ))
            },
        ),
    ]
}

fn safety() -> Vec<Row> {
    let backups = Matrix(A::ManageBackups);
    vec![
        row(
            "maintenance::stats_as",
            Matrix(A::ViewMaintenance),
            |w, a, _| done(crate::maintenance::stats_as(&w.store, a, Some(&w.root))),
        ),
        row(
            "safety::stats::checkpoint_as",
            Matrix(A::RunMaintenance),
            |w, a, _| done(crate::safety::stats::checkpoint_as(&w.store, a)),
        ),
        row(
            "safety::stats::vacuum_as",
            Matrix(A::RunMaintenance),
            |w, a, _| done(crate::safety::stats::vacuum_as(&w.store, a)),
        ),
        row("safety::settings::save", backups, |w, a, _| {
            let draft = crate::safety::BackupSettingsDraft::default();
            done(crate::safety::settings::save(
                &mut w.store,
                a,
                &draft,
                Some(&w.root),
            ))
        }),
        row(
            "backup::remote_settings::save_remote_as",
            backups,
            |w, a, _| {
                let draft = RemoteSettings {
                    bucket: "sauvegardes".into(),
                    ..RemoteSettings::default()
                };
                done(remote_settings::save_remote_as(
                    &mut w.store,
                    a,
                    draft,
                    &SecretChange::Keep,
                ))
            },
        ),
        row(
            "backup::remote_settings::save_remote",
            backups,
            |w, a, _| {
                let draft = RemoteSettings {
                    bucket: "sauvegardes".into(),
                    ..RemoteSettings::default()
                };
                write_settings(w, a, |tx, a| {
                    remote_settings::save_remote(tx, a, draft, &SecretChange::Keep).map(drop)
                })
            },
        ),
        row("safety::run::run_backup", backups, |w, a, _| {
            let run = BackupRun {
                data_root: w.root.clone(),
                passphrase: None,
                now_ms: T0 + HOUR,
                lang: Lang::Fr,
            };
            backup(run::run_backup(
                Requester::User(a),
                &run,
                &mut |_| {},
                &AtomicBool::new(false),
            ))
        }),
        row("safety::run::verify_as", backups, |w, a, _| {
            let file = w.root.join(&w.d.backup);
            backup(run::verify_as(
                &w.root,
                a,
                &file,
                None,
                &mut |_| {},
                &AtomicBool::new(false),
            ))
        }),
        row("safety::run::prepare_restore", backups, |w, a, _| {
            let data = crate::datadir::DataDir::open(&w.root)?;
            let file = w.root.join(&w.d.backup);
            backup(run::prepare_restore(
                &data,
                RestoreRequester::User(a),
                &file,
                None,
                &mut |_| {},
                &AtomicBool::new(false),
            ))
        }),
        row("safety::journal::record_backup", backups, |w, a, _| {
            let file = "rpma-2026-03-02.tar.zst";
            done(crate::safety::journal::record_backup(
                &mut w.store,
                Some(a),
                file,
                1000,
                true,
            ))
        }),
        // Technicians and viewers see none of the shop's figures; supervisors all but the
        // audit's.
        row(
            "dashboard::figures",
            Each(A::ViewDashboard, [Sees(4), Sees(3), Sees(0), Sees(0)]),
            |w, a, _| {
                let f = crate::dashboard::figures(&w.store, a, Some(&w.root))?;
                Ok(usize::from(f.org.is_some())
                    + usize::from(f.users_by_role.is_some())
                    + usize::from(f.audit_today.is_some())
                    + usize::from(f.stats.is_some()))
            },
        ),
        row(
            "sync::admin::join_code",
            Matrix(A::ManageSync),
            |w, a, _| sync(crate::sync::admin::join_code(&w.store, a)),
        ),
        row(
            "sync::admin::terminals",
            Each(A::ManageSync, [Out::Refused(NO_HUB), F, F, F]),
            |w, a, _| sync(crate::sync::admin::terminals(&w.store, a)),
        ),
        row(
            "sync::admin::revoke",
            Each(A::ManageSync, [Out::Refused(NO_HUB), F, F, F]),
            |w, a, _| sync(crate::sync::admin::revoke(&mut w.store, a, "terminal-2")),
        ),
        row("export::may_export", Matrix(A::ExportCsv), |w, a, _| {
            done(crate::export::may_export(&w.store, a))
        }),
        row("export::clients_csv_as", Matrix(A::ExportCsv), |w, a, _| {
            let mut out = Vec::new();
            done(crate::export::clients_csv_as(
                &w.store,
                a,
                &Default::default(),
                &mut out,
            ))
        }),
        row(
            "export::vehicles_csv_as",
            Matrix(A::ExportCsv),
            |w, a, _| {
                let mut out = Vec::new();
                done(crate::export::vehicles_csv_as(
                    &w.store,
                    a,
                    &Default::default(),
                    &mut out,
                ))
            },
        ),
    ]
}
