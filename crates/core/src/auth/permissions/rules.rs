//! The permission matrix ([`allows`]) and the rules on the target account.

use super::{Action, Forbidden, ForbiddenReason, Role};

const Y: bool = true;
const N: bool = false;

/// Whether `role` may perform `action`: the permission matrix.
///
/// | Action                                         | Admin | Supervisor | Technician | Viewer |
/// |------------------------------------------------|:-----:|:----------:|:----------:|:------:|
/// | ViewDashboard, EditOwnProfile                  |   ✔   |     ✔      |     ✔      |   ✔    |
/// | ViewClients, ViewVehicles, ViewJobs            |   ✔   |     ✔      |     ✔      |   ✔    |
/// | ViewCalendar, ViewInventory, ViewQuotes        |   ✔   |     ✔      |     ✔      |   ✔    |
/// | EditClients, EditVehicles, EditOwnJob          |   ✔   |     ✔      |     ✔      |   ✘    |
/// | RunIntervention, GenerateReports, ExportCsv    |   ✔   |     ✔      |     ✔      |   ✘    |
/// | ViewMaintenance, RunDbCheck, ViewUsers         |   ✔   |     ✔      |     ✘      |   ✘    |
/// | ViewSettings, DeleteClients, ExportClientData  |   ✔   |     ✔      |     ✘      |   ✘    |
/// | CreateJobs, EditAnyJob, AssignJobs, DeleteJobs |   ✔   |     ✔      |     ✘      |   ✘    |
/// | ForceScheduleConflict, ViewTrash               |   ✔   |     ✔      |     ✘      |   ✘    |
/// | RestoreFromTrash, ApproveStep, EditInventory   |   ✔   |     ✔      |     ✘      |   ✘    |
/// | EditQuotes, ImportCsv                          |   ✔   |     ✔      |     ✘      |   ✘    |
/// | CreateUser, EditUser, ChangeUserRole           |   ✔   |     ✘      |     ✘      |   ✘    |
/// | DeactivateUser, ResetUserPassword, UnlockUser  |   ✔   |     ✘      |     ✘      |   ✘    |
/// | ResetUser2fa, EditSettings, ViewAudit          |   ✔   |     ✘      |     ✘      |   ✘    |
/// | ManageBackups, RunMaintenance, ManageSync      |   ✔   |     ✘      |     ✘      |   ✘    |
/// | ManageUpdates                                  |   ✔   |     ✘      |     ✘      |   ✘    |
/// | EditTemplates, PurgeTrash, EraseClient         |   ✔   |     ✘      |     ✘      |   ✘    |
/// | ExitKiosk                                      |   ✔   |     ✘      |     ✘      |   ✘    |
///
/// Actions on user accounts must also pass [`can_manage_user`], which adds the rules that
/// depend on the target account.
#[must_use]
pub const fn allows(role: Role, action: Action) -> bool {
    use Action as A;
    // Columns: (admin, supervisor, technician, viewer).
    let (admin, supervisor, technician, viewer) = match action {
        A::ViewDashboard => (Y, Y, Y, Y),
        A::ViewMaintenance => (Y, Y, N, N),
        A::RunDbCheck => (Y, Y, N, N),
        A::ManageBackups => (Y, N, N, N),
        A::RunMaintenance => (Y, N, N, N),
        A::ViewUsers => (Y, Y, N, N),
        A::CreateUser => (Y, N, N, N),
        A::EditUser => (Y, N, N, N),
        A::ChangeUserRole => (Y, N, N, N),
        A::DeactivateUser => (Y, N, N, N),
        A::ResetUserPassword => (Y, N, N, N),
        A::UnlockUser => (Y, N, N, N),
        A::ResetUser2fa => (Y, N, N, N),
        A::EditOwnProfile => (Y, Y, Y, Y),
        A::ViewSettings => (Y, Y, N, N),
        A::EditSettings => (Y, N, N, N),
        A::ViewAudit => (Y, N, N, N),
        A::ViewClients => (Y, Y, Y, Y),
        A::EditClients => (Y, Y, Y, N),
        A::DeleteClients => (Y, Y, N, N),
        A::ExportClientData => (Y, Y, N, N),
        A::EraseClient => (Y, N, N, N),
        A::ViewVehicles => (Y, Y, Y, Y),
        A::EditVehicles => (Y, Y, Y, N),
        A::ViewJobs => (Y, Y, Y, Y),
        A::CreateJobs => (Y, Y, N, N),
        A::EditAnyJob => (Y, Y, N, N),
        A::EditOwnJob => (Y, Y, Y, N),
        A::AssignJobs => (Y, Y, N, N),
        A::DeleteJobs => (Y, Y, N, N),
        A::ForceScheduleConflict => (Y, Y, N, N),
        A::ViewCalendar => (Y, Y, Y, Y),
        A::ViewTrash => (Y, Y, N, N),
        A::RestoreFromTrash => (Y, Y, N, N),
        A::PurgeTrash => (Y, N, N, N),
        A::RunIntervention => (Y, Y, Y, N),
        A::ApproveStep => (Y, Y, N, N),
        A::EditTemplates => (Y, N, N, N),
        A::ViewInventory => (Y, Y, Y, Y),
        A::EditInventory => (Y, Y, N, N),
        A::ViewQuotes => (Y, Y, Y, Y),
        A::EditQuotes => (Y, Y, N, N),
        A::GenerateReports => (Y, Y, Y, N),
        A::ImportCsv => (Y, Y, N, N),
        A::ExportCsv => (Y, Y, Y, N),
        A::ManageSync => (Y, N, N, N),
        A::ManageUpdates => (Y, N, N, N),
        A::ExitKiosk => (Y, N, N, N),
    };
    match role {
        Role::Admin => admin,
        Role::Supervisor => supervisor,
        Role::Technician => technician,
        Role::Viewer => viewer,
    }
}

/// Checks `role` against the matrix, as an error suitable for `?`.
///
/// # Errors
/// [`ForbiddenReason::RoleTooLow`] when [`allows`] refuses.
pub const fn require(role: Role, action: Action) -> Result<(), Forbidden> {
    if allows(role, action) {
        Ok(())
    } else {
        Err(Forbidden::new(action, ForbiddenReason::RoleTooLow))
    }
}

/// Whether the actor (`actor`, `actor_id`) may perform `action` on the account `target_id`
/// whose role is `target_role`.
///
/// For [`Action::CreateUser`], `target_role` is the role of the account being created and
/// `target_id` the id it will get (or an empty string). For [`Action::ChangeUserRole`],
/// `target_role` is the account's *current* role; also check the new role with
/// [`can_assign_role`].
///
/// Rules, in order:
/// 1. The matrix ([`allows`]) must grant the action ([`ForbiddenReason::RoleTooLow`]).
///    Today only admins create users, edit them, change roles, deactivate, reset passwords,
///    unlock and reset 2FA. [`Action::EditOwnProfile`] applies to one's own account only; on
///    another account it needs [`Action::EditUser`].
/// 2. Nobody changes their own role, deactivates themselves, or uses the admin password or
///    2FA reset on their own account: those go through the profile screen, which asks for the
///    current password ([`ForbiddenReason::OwnAccount`]).
/// 3. A non-admin never acts on an account whose role is equal to or higher than their own,
///    so a supervisor can never create an admin or change an admin's password, even if the
///    matrix grants supervisors more one day ([`ForbiddenReason::TargetOutranks`]).
///    Viewing the user list is not subject to this rule.
///
/// Keeping at least one active admin is a database-level rule the caller enforces.
///
/// # Errors
/// [`Forbidden`] with the first rule that refuses.
pub fn can_manage_user(
    actor: Role,
    actor_id: &str,
    target_role: Role,
    target_id: &str,
    action: Action,
) -> Result<(), Forbidden> {
    require(actor, action)?;
    target_rules(actor, actor_id == target_id, target_role, action)
        .map_err(|reason| Forbidden::new(action, reason))
}

/// Rules 2 and 3 of [`can_manage_user`], independent of the matrix so that they hold whatever
/// the matrix grants.
pub(super) fn target_rules(
    actor: Role,
    own_account: bool,
    target_role: Role,
    action: Action,
) -> Result<(), ForbiddenReason> {
    if action == Action::EditOwnProfile && !own_account {
        return Err(ForbiddenReason::RoleTooLow);
    }
    if own_account
        && matches!(
            action,
            Action::ChangeUserRole
                | Action::DeactivateUser
                | Action::ResetUserPassword
                | Action::ResetUser2fa
        )
    {
        return Err(ForbiddenReason::OwnAccount);
    }
    let ranked = action.targets_user() && action != Action::ViewUsers;
    if ranked && !own_account && actor != Role::Admin && target_role >= actor {
        return Err(ForbiddenReason::TargetOutranks);
    }
    Ok(())
}

/// Whether `actor` may give `new_role` to an account (when creating it or changing its role).
///
/// The actor must be allowed to create users or change roles, and only an admin may assign
/// the admin role; a non-admin may only assign roles strictly below their own.
#[must_use]
pub const fn can_assign_role(actor: Role, new_role: Role) -> bool {
    let may_assign = allows(actor, Action::CreateUser) || allows(actor, Action::ChangeUserRole);
    let ranked_ok = matches!(actor, Role::Admin) || new_role.rank() < actor.rank();
    may_assign && ranked_ok
}
