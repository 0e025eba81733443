//! The permission matrix, checked through the core services: for every role and every action a
//! service exists for, the service succeeds exactly when `permissions::allows` says so, and
//! otherwise refuses with `Forbidden` — whatever the UI shows or hides.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::accounts::{self, UserUpdate};
use crate::audit::{self, AuditFilter};
use crate::auth::lockout;
use crate::auth::permissions::{Action, Role, allows};
use crate::auth::two_factor;
use crate::i18n::Lang;
use crate::jobs;
use crate::settings;
use crate::testutil::{Fixture, T0};
use crate::users::{self, NewUser, User};
use crate::{CoreError, CoreResult};

/// Runs `action` as `actor` on a fresh fixture (the target of account actions is the viewer
/// account, the lowest rank, or the actor itself for its own profile).
fn run(action: Action, role: Role) -> CoreResult<()> {
    run_as(action, role, false)
}

/// [`run`]; with `pending`, the actor is an account of `role` whose sign-in is not complete (its
/// password must be changed first).
fn run_as(action: Action, role: Role, pending: bool) -> CoreResult<()> {
    let mut f = Fixture::new();
    let actor: crate::Session = match role {
        _ if pending => f
            .store
            .write(None, |tx| {
                users::insert(
                    tx,
                    &NewUser {
                        username: "enattente".into(),
                        display_name: "En attente".into(),
                        role: Some(role),
                        password: "Attente-Atelier-2026".into(),
                        locale: Lang::Fr,
                        must_change_password: true,
                        ..NewUser::default()
                    },
                    &crate::auth::password::PasswordPolicy::default(),
                )
            })
            .map(crate::Session::for_tests)
            .unwrap(),
        Role::Admin => f.admin.clone(),
        Role::Supervisor => f.supervisor.clone(),
        Role::Technician => f.technician.clone(),
        Role::Viewer => f.viewer.clone(),
    };
    // The target of account actions: someone else, the lowest rank (a second viewer account
    // when the actor is the viewer itself).
    let target = if role == Role::Viewer {
        f.store
            .write(None, |tx| {
                users::insert(
                    tx,
                    &NewUser {
                        username: "cible".into(),
                        display_name: "Cible".into(),
                        role: Some(Role::Viewer),
                        password: "Cible-Atelier-2026".into(),
                        locale: Lang::Fr,
                        ..NewUser::default()
                    },
                    &crate::auth::password::PasswordPolicy::default(),
                )
            })
            .map(crate::Session::for_tests)
            .unwrap()
    } else {
        f.viewer.clone()
    };
    let admin = f.admin.clone();
    let tech_id = f.technician.id.clone();
    matrix_client_vehicle(&f.store);
    let store = &mut f.store;
    let update = |name: &str| UserUpdate {
        display_name: name.into(),
        email: String::new(),
        phone: String::new(),
    };
    match action {
        Action::ViewUsers => users::list_as(store.conn(), &actor).map(drop),
        Action::CreateUser => accounts::create_user(
            store,
            &actor,
            NewUser {
                username: "nouveau".into(),
                display_name: "Nouveau".into(),
                role: Some(Role::Technician),
                password: "Nouveau-Atelier-2026".into(),
                locale: Lang::Fr,
                ..NewUser::default()
            },
        )
        .map(drop),
        Action::EditUser => {
            accounts::update_user(store, &actor, &target.id, &update("Renommé")).map(drop)
        }
        Action::ChangeUserRole => {
            accounts::change_role(store, &actor, &target.id, Role::Technician).map(drop)
        }
        Action::DeactivateUser => accounts::set_active(store, &actor, &target.id, false).map(drop),
        Action::ResetUserPassword => accounts::reset_password(store, &actor, &target.id).map(drop),
        Action::UnlockUser => store
            .write(Some(&actor.id), |tx| {
                lockout::unlock(tx, &actor, &target.id)
            })
            .map(drop),
        Action::ResetUser2fa => two_factor::reset_totp(store, &actor, &target.id).map(drop),
        Action::EditOwnProfile => {
            accounts::update_user(store, &actor, &actor.id, &update("Moi")).map(drop)
        }
        Action::EditSettings => {
            let mut draft = settings::get_all(store.conn())?;
            draft.org.name = "Atelier".into();
            draft.security.idle_timeout_min = 20;
            settings::save_all(store, &actor, draft).map(drop)
        }
        Action::ViewAudit => audit::query_as(store.conn(), &actor, &AuditFilter::default())
            .and_then(|_| audit::count_as(store.conn(), &actor, &AuditFilter::default()))
            .map(drop),
        Action::ExportCsv => {
            let mut out = Vec::new();
            crate::export::clients_csv_as(store, &actor, &Default::default(), &mut out)?;
            crate::export::vehicles_csv_as(store, &actor, &Default::default(), &mut out)?;
            crate::export::may_export(store, &actor).map(drop)
        }
        Action::ViewSettings => crate::settings_read::get_all_as(store.conn(), &actor).map(drop),
        Action::ViewMaintenance => crate::maintenance::stats_as(store, &actor, None).map(drop),
        Action::ViewJobs => {
            jobs::list(store.conn(), &actor, &jobs::JobFilter::default(), 0).map(drop)
        }
        Action::ViewCalendar => jobs::calendar(
            store.conn(),
            &actor,
            0,
            i64::MAX / 2,
            &jobs::CalendarFilter::default(),
            0,
        )
        .map(drop),
        Action::ViewTrash => jobs::list_deleted(store.conn(), &actor).map(drop),
        Action::CreateJobs => jobs::create(store, &actor, &matrix_job(None, 0)).map(drop),
        Action::AssignJobs => {
            let id = admin_job(store, &admin, &tech_id, 0);
            jobs::reschedule(
                store,
                &actor,
                &id,
                &jobs::Reschedule {
                    start: T0 + 3_600_000,
                    end: T0 + 7_200_000,
                    ..jobs::Reschedule::default()
                },
            )
            .map(drop)
        }
        Action::EditAnyJob => {
            // The job is the technician's own: even then a technician may not change its priority.
            let id = admin_job(store, &admin, &tech_id, 0);
            jobs::update(
                store,
                &actor,
                &id,
                &jobs::JobUpdate {
                    priority: Some(jobs::Priority::Urgent),
                    ..jobs::JobUpdate::default()
                },
            )
            .map(drop)
        }
        Action::DeleteJobs => {
            let id = admin_job(store, &admin, &tech_id, 0);
            jobs::delete(store, &actor, &id)
        }
        Action::RestoreFromTrash => {
            let id = admin_job(store, &admin, &tech_id, 0);
            jobs::delete(store, &admin, &id)?;
            jobs::restore(store, &actor, &id)
        }
        Action::ForceScheduleConflict => {
            admin_job(store, &admin, &tech_id, 0);
            let mut job = matrix_job(Some(&tech_id), 0);
            job.force_reason = Some("Urgence client".into());
            jobs::create(store, &actor, &job).map(drop)
        }
        Action::ManageBackups => crate::safety::settings::save(
            store,
            &actor,
            &crate::safety::BackupSettingsDraft::default(),
            None,
        )
        .map(drop),
        Action::RunMaintenance => crate::safety::stats::checkpoint_as(store, &actor).map(drop),
        other => panic!("no service for {other:?} in this table"),
    }
}

/// A client `c1` owning a vehicle `v1`, inserted directly.
fn matrix_client_vehicle(store: &crate::Store) {
    store
        .conn()
        .execute_batch(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES ('c1', 'individual', 'Marie Dupont', 0, 0);
             INSERT INTO vehicles (id, plate, plate_key, plate_format, make, owner_id, created_at, updated_at)
                 VALUES ('v1', 'AB-123-CD', 'AB123CD', 'siv', 'Porsche', 'c1', 0, 0);",
        )
        .unwrap();
}

/// A job of two hours from `T0 + offset` for `c1`/`v1`.
fn matrix_job(tech: Option<&str>, offset: i64) -> jobs::NewJob {
    jobs::NewJob {
        client_id: "c1".into(),
        vehicle_id: "v1".into(),
        zone_ids: vec!["hood".into()],
        scheduled_start: Some(T0 + offset),
        scheduled_end: Some(T0 + offset + 7_200_000),
        technician_id: tech.map(str::to_owned),
        ..jobs::NewJob::default()
    }
}

/// A job created by the admin, assigned to `tech`; returns its id.
fn admin_job(store: &mut crate::Store, admin: &crate::Session, tech: &str, offset: i64) -> String {
    jobs::create(store, admin, &matrix_job(Some(tech), offset))
        .unwrap()
        .row
        .id
}

/// Every action that has a core service today. Later modules add theirs here.
const SERVICE_ACTIONS: &[Action] = &[
    Action::ViewUsers,
    Action::CreateUser,
    Action::EditUser,
    Action::ChangeUserRole,
    Action::DeactivateUser,
    Action::ResetUserPassword,
    Action::UnlockUser,
    Action::ResetUser2fa,
    Action::EditOwnProfile,
    Action::EditSettings,
    Action::ViewAudit,
    Action::ViewSettings,
    Action::ViewMaintenance,
    Action::ExportCsv,
    Action::ViewJobs,
    Action::ViewCalendar,
    Action::ViewTrash,
    Action::CreateJobs,
    Action::AssignJobs,
    Action::EditAnyJob,
    Action::DeleteJobs,
    Action::RestoreFromTrash,
    Action::ForceScheduleConflict,
    Action::ManageBackups,
    Action::RunMaintenance,
];

#[test]
fn every_role_times_every_service_action_follows_the_matrix() {
    let mut checked = 0;
    for &action in SERVICE_ACTIONS {
        for role in Role::ALL {
            let result = run(action, role);
            let allowed = allows(role, action);
            match (&result, allowed) {
                (Ok(()), true) => {}
                (Err(CoreError::Forbidden(_)), false) => {}
                (other, _) => {
                    panic!("{role:?} × {action:?}: matrix says {allowed}, service gave {other:?}")
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, SERVICE_ACTIONS.len() * Role::ALL.len());
}

/// The reads that once trusted a role sent by the screen: a session whose role was lowered (or a
/// forged `User` value claiming a higher role) is refused, and so is an account deactivated
/// since it signed in — the core reads the role from the database.
#[test]
fn reads_use_the_role_stored_now_not_the_one_sent() {
    let f = Fixture::new();
    let forged = crate::Session::for_tests(User {
        role: Role::Admin,
        ..f.viewer.user().clone()
    });
    let conn = f.store.conn();
    let filter = AuditFilter::default();
    let refused = |r: CoreResult<()>| matches!(r, Err(CoreError::Forbidden(_)));
    assert!(refused(users::list_as(conn, &forged).map(drop)));
    assert!(refused(audit::query_as(conn, &forged, &filter).map(drop)));
    assert!(refused(audit::count_as(conn, &forged, &filter).map(drop)));
    assert!(refused(
        crate::settings_read::get_all_as(conn, &forged).map(drop)
    ));
    assert!(refused(
        crate::maintenance::stats_as(&f.store, &forged, None).map(drop)
    ));
    // The real admin reads; once deactivated, the same session value is refused.
    let admin = f.admin.clone();
    assert!(audit::query_as(f.store.conn(), &admin, &filter).is_ok());
    f.store
        .conn()
        .execute("UPDATE users SET is_active = 0 WHERE id = ?1", [&admin.id])
        .unwrap();
    assert!(refused(
        audit::query_as(f.store.conn(), &admin, &filter).map(drop)
    ));
    assert!(refused(users::list_as(f.store.conn(), &admin).map(drop)));
}

/// An account whose password must still be changed has not completed its sign-in: whatever its
/// role, every service refuses it as an actor (the forced change comes first).
#[test]
fn a_user_who_must_change_the_password_is_refused_by_every_service() {
    for role in Role::ALL {
        for &action in SERVICE_ACTIONS {
            let result = run_as(action, role, true);
            // A technician's job scope may hide the record first (NotFound: refused too).
            assert!(
                matches!(
                    result,
                    Err(CoreError::Forbidden(_) | CoreError::NotFound { .. })
                ),
                "{role:?} × {action:?} with a password to change: {result:?}"
            );
        }
    }
}
