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
use crate::settings;
use crate::testutil::Fixture;
use crate::users::{self, NewUser, User};
use crate::{CoreError, CoreResult};

/// Runs `action` as `actor` on a fresh fixture (the target of account actions is the viewer
/// account, the lowest rank, or the actor itself for its own profile).
fn run(action: Action, role: Role) -> CoreResult<()> {
    let mut f = Fixture::new();
    let actor: User = match role {
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
            .unwrap()
    } else {
        f.viewer.clone()
    };
    let store = &mut f.store;
    let update = |name: &str| UserUpdate {
        display_name: name.into(),
        email: String::new(),
        phone: String::new(),
    };
    match action {
        Action::ViewUsers => users::list_as(store.conn(), role).map(drop),
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
        Action::ViewAudit => audit::query_as(store.conn(), role, &AuditFilter::default()).map(drop),
        other => panic!("no service for {other:?} in this table"),
    }
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
