//! Roles, actions and the permission matrix.
//!
//! [`allows`] is the single source of truth for "may a role do this": the core enforces it on
//! every service call and the UI reads it to show or hide controls. Rules that depend on *who*
//! the target of an action is (own account, a higher-ranked account) live in
//! [`can_manage_user`] and [`can_assign_role`]; RPMA v2 let supervisors create admins and change
//! admins' passwords, and let users act on their own role, which these functions forbid.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A user's role. Roles are totally ordered: admin > supervisor > technician > viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including users, settings, backups, updates and sync.
    Admin,
    /// Plans and assigns jobs, quotes, manages stock, reviews quality; sees users read-only.
    Supervisor,
    /// Runs the guided workflow on the jobs assigned to them.
    Technician,
    /// Read-only access to the shop's data.
    Viewer,
}

impl Role {
    /// Every role, from the highest to the lowest.
    pub const ALL: [Self; 4] = [
        Self::Admin,
        Self::Supervisor,
        Self::Technician,
        Self::Viewer,
    ];

    /// Rank of the role: higher means more privileged (viewer 0 … admin 3).
    #[must_use]
    pub const fn rank(self) -> u8 {
        match self {
            Self::Admin => 3,
            Self::Supervisor => 2,
            Self::Technician => 1,
            Self::Viewer => 0,
        }
    }

    /// The string stored in the database (`"admin"`, `"supervisor"`, `"technician"`, `"viewer"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Supervisor => "supervisor",
            Self::Technician => "technician",
            Self::Viewer => "viewer",
        }
    }

    /// Parses the database string produced by [`Role::as_str`]; `None` for anything else.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == s)
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Role {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a user can be allowed or refused to do, now and planned.
///
/// Each action has a stable identifier ([`Action::as_str`]) used in the audit log and in
/// messages; never change an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// See the dashboard and its KPIs.
    ViewDashboard,
    /// See the maintenance screen (database size, health, logs).
    ViewMaintenance,
    /// Run the database integrity check.
    RunDbCheck,
    /// Create, restore and configure backups.
    ManageBackups,
    /// Change the database file itself: WAL checkpoint, VACUUM; read the log folder.
    RunMaintenance,
    /// List users and see their details.
    ViewUsers,
    /// Create a user account.
    CreateUser,
    /// Edit another user's account details (name, email, username).
    EditUser,
    /// Change a user's role.
    ChangeUserRole,
    /// Deactivate (or reactivate) a user account.
    DeactivateUser,
    /// Reset a user's password to a temporary one that must be changed at next login.
    ResetUserPassword,
    /// Unlock an account locked after failed logins.
    UnlockUser,
    /// Remove a user's two-factor enrolment so they can enrol again.
    ResetUser2fa,
    /// Edit one's own profile, password, PIN, 2FA and preferences.
    EditOwnProfile,
    /// See the shop and application settings.
    ViewSettings,
    /// Change the shop and application settings.
    EditSettings,
    /// See the audit log.
    ViewAudit,
    /// See clients.
    ViewClients,
    /// Create and update clients.
    EditClients,
    /// Delete clients (soft delete, to the trash).
    DeleteClients,
    /// Export all data held about a client (GDPR access request).
    ExportClientData,
    /// Irreversibly erase a client's personal data (GDPR erasure).
    EraseClient,
    /// See vehicles.
    ViewVehicles,
    /// Create and update vehicles.
    EditVehicles,
    /// See jobs.
    ViewJobs,
    /// Create jobs.
    CreateJobs,
    /// Edit any job.
    EditAnyJob,
    /// Edit the jobs assigned to oneself.
    EditOwnJob,
    /// Assign jobs to technicians and bays.
    AssignJobs,
    /// Delete jobs (soft delete, to the trash).
    DeleteJobs,
    /// Save a schedule that conflicts with another job of the same technician or bay.
    ForceScheduleConflict,
    /// See the calendar.
    ViewCalendar,
    /// See the trash.
    ViewTrash,
    /// Restore items from the trash.
    RestoreFromTrash,
    /// Permanently delete items from the trash.
    PurgeTrash,
    /// Run the guided intervention workflow.
    RunIntervention,
    /// Approve a workflow step that requires supervisor approval.
    ApproveStep,
    /// Edit workflow templates.
    EditTemplates,
    /// See stock and materials.
    ViewInventory,
    /// Edit materials, suppliers and stock.
    EditInventory,
    /// See quotes.
    ViewQuotes,
    /// Create and edit quotes.
    EditQuotes,
    /// Generate PDF reports and certificates.
    GenerateReports,
    /// Import data from CSV files.
    ImportCsv,
    /// Export data to CSV files.
    ExportCsv,
    /// Configure and run synchronisation.
    ManageSync,
    /// Check for and install application updates.
    ManageUpdates,
    /// Leave kiosk mode on a shop-floor terminal.
    ExitKiosk,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Self; 48] = [
        Self::ViewDashboard,
        Self::ViewMaintenance,
        Self::RunDbCheck,
        Self::ManageBackups,
        Self::RunMaintenance,
        Self::ViewUsers,
        Self::CreateUser,
        Self::EditUser,
        Self::ChangeUserRole,
        Self::DeactivateUser,
        Self::ResetUserPassword,
        Self::UnlockUser,
        Self::ResetUser2fa,
        Self::EditOwnProfile,
        Self::ViewSettings,
        Self::EditSettings,
        Self::ViewAudit,
        Self::ViewClients,
        Self::EditClients,
        Self::DeleteClients,
        Self::ExportClientData,
        Self::EraseClient,
        Self::ViewVehicles,
        Self::EditVehicles,
        Self::ViewJobs,
        Self::CreateJobs,
        Self::EditAnyJob,
        Self::EditOwnJob,
        Self::AssignJobs,
        Self::DeleteJobs,
        Self::ForceScheduleConflict,
        Self::ViewCalendar,
        Self::ViewTrash,
        Self::RestoreFromTrash,
        Self::PurgeTrash,
        Self::RunIntervention,
        Self::ApproveStep,
        Self::EditTemplates,
        Self::ViewInventory,
        Self::EditInventory,
        Self::ViewQuotes,
        Self::EditQuotes,
        Self::GenerateReports,
        Self::ImportCsv,
        Self::ExportCsv,
        Self::ManageSync,
        Self::ManageUpdates,
        Self::ExitKiosk,
    ];

    /// Stable identifier of the action, e.g. `"users.create"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ViewDashboard => "dashboard.view",
            Self::ViewMaintenance => "maintenance.view",
            Self::RunDbCheck => "maintenance.db_check",
            Self::ManageBackups => "backups.manage",
            Self::RunMaintenance => "maintenance.run",
            Self::ViewUsers => "users.view",
            Self::CreateUser => "users.create",
            Self::EditUser => "users.edit",
            Self::ChangeUserRole => "users.change_role",
            Self::DeactivateUser => "users.deactivate",
            Self::ResetUserPassword => "users.reset_password",
            Self::UnlockUser => "users.unlock",
            Self::ResetUser2fa => "users.reset_2fa",
            Self::EditOwnProfile => "profile.edit",
            Self::ViewSettings => "settings.view",
            Self::EditSettings => "settings.edit",
            Self::ViewAudit => "audit.view",
            Self::ViewClients => "clients.view",
            Self::EditClients => "clients.edit",
            Self::DeleteClients => "clients.delete",
            Self::ExportClientData => "clients.export_data",
            Self::EraseClient => "clients.erase",
            Self::ViewVehicles => "vehicles.view",
            Self::EditVehicles => "vehicles.edit",
            Self::ViewJobs => "jobs.view",
            Self::CreateJobs => "jobs.create",
            Self::EditAnyJob => "jobs.edit_any",
            Self::EditOwnJob => "jobs.edit_own",
            Self::AssignJobs => "jobs.assign",
            Self::DeleteJobs => "jobs.delete",
            Self::ForceScheduleConflict => "jobs.force_schedule_conflict",
            Self::ViewCalendar => "calendar.view",
            Self::ViewTrash => "trash.view",
            Self::RestoreFromTrash => "trash.restore",
            Self::PurgeTrash => "trash.purge",
            Self::RunIntervention => "interventions.run",
            Self::ApproveStep => "interventions.approve_step",
            Self::EditTemplates => "templates.edit",
            Self::ViewInventory => "inventory.view",
            Self::EditInventory => "inventory.edit",
            Self::ViewQuotes => "quotes.view",
            Self::EditQuotes => "quotes.edit",
            Self::GenerateReports => "reports.generate",
            Self::ImportCsv => "data.import_csv",
            Self::ExportCsv => "data.export_csv",
            Self::ManageSync => "sync.manage",
            Self::ManageUpdates => "updates.manage",
            Self::ExitKiosk => "kiosk.exit",
        }
    }

    /// Parses an identifier produced by [`Action::as_str`]; `None` for anything else.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == s)
    }

    /// Whether the action targets a user account (and so is subject to [`can_manage_user`]).
    #[must_use]
    pub const fn targets_user(self) -> bool {
        matches!(
            self,
            Self::ViewUsers
                | Self::CreateUser
                | Self::EditUser
                | Self::ChangeUserRole
                | Self::DeactivateUser
                | Self::ResetUserPassword
                | Self::UnlockUser
                | Self::ResetUser2fa
                | Self::EditOwnProfile
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ForbiddenReason {
    /// The actor's role does not grant the action.
    RoleTooLow,
    /// The action is not allowed on one's own account (e.g. changing one's own role).
    OwnAccount,
    /// The target account's role is equal to or higher than the actor's.
    TargetOutranks,
}

impl fmt::Display for ForbiddenReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::RoleTooLow => "the role does not allow it",
            Self::OwnAccount => "it cannot be done on one's own account",
            Self::TargetOutranks => "the target account's role is not below the actor's",
        })
    }
}

/// An action was refused by the permission rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("action {action} is forbidden: {reason}")]
pub struct Forbidden {
    /// The refused action.
    pub action: Action,
    /// Why it was refused.
    pub reason: ForbiddenReason,
}

impl Forbidden {
    /// Builds the error.
    #[must_use]
    pub const fn new(action: Action, reason: ForbiddenReason) -> Self {
        Self { action, reason }
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
fn target_rules(
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use std::collections::HashSet;

    const T: bool = true;
    const F: bool = false;

    /// The expected matrix, written out independently of `allows`:
    /// (action, [admin, supervisor, technician, viewer]).
    const EXPECTED: &[(Action, [bool; 4])] = &[
        (Action::ViewDashboard, [T, T, T, T]),
        (Action::ViewMaintenance, [T, T, F, F]),
        (Action::RunDbCheck, [T, T, F, F]),
        (Action::ManageBackups, [T, F, F, F]),
        (Action::RunMaintenance, [T, F, F, F]),
        (Action::ViewUsers, [T, T, F, F]),
        (Action::CreateUser, [T, F, F, F]),
        (Action::EditUser, [T, F, F, F]),
        (Action::ChangeUserRole, [T, F, F, F]),
        (Action::DeactivateUser, [T, F, F, F]),
        (Action::ResetUserPassword, [T, F, F, F]),
        (Action::UnlockUser, [T, F, F, F]),
        (Action::ResetUser2fa, [T, F, F, F]),
        (Action::EditOwnProfile, [T, T, T, T]),
        (Action::ViewSettings, [T, T, F, F]),
        (Action::EditSettings, [T, F, F, F]),
        (Action::ViewAudit, [T, F, F, F]),
        (Action::ViewClients, [T, T, T, T]),
        (Action::EditClients, [T, T, T, F]),
        (Action::DeleteClients, [T, T, F, F]),
        (Action::ExportClientData, [T, T, F, F]),
        (Action::EraseClient, [T, F, F, F]),
        (Action::ViewVehicles, [T, T, T, T]),
        (Action::EditVehicles, [T, T, T, F]),
        (Action::ViewJobs, [T, T, T, T]),
        (Action::CreateJobs, [T, T, F, F]),
        (Action::EditAnyJob, [T, T, F, F]),
        (Action::EditOwnJob, [T, T, T, F]),
        (Action::AssignJobs, [T, T, F, F]),
        (Action::DeleteJobs, [T, T, F, F]),
        (Action::ForceScheduleConflict, [T, T, F, F]),
        (Action::ViewCalendar, [T, T, T, T]),
        (Action::ViewTrash, [T, T, F, F]),
        (Action::RestoreFromTrash, [T, T, F, F]),
        (Action::PurgeTrash, [T, F, F, F]),
        (Action::RunIntervention, [T, T, T, F]),
        (Action::ApproveStep, [T, T, F, F]),
        (Action::EditTemplates, [T, F, F, F]),
        (Action::ViewInventory, [T, T, T, T]),
        (Action::EditInventory, [T, T, F, F]),
        (Action::ViewQuotes, [T, T, T, T]),
        (Action::EditQuotes, [T, T, F, F]),
        (Action::GenerateReports, [T, T, T, F]),
        (Action::ImportCsv, [T, T, F, F]),
        (Action::ExportCsv, [T, T, T, F]),
        (Action::ManageSync, [T, F, F, F]),
        (Action::ManageUpdates, [T, F, F, F]),
        (Action::ExitKiosk, [T, F, F, F]),
    ];

    const ROLES: [Role; 4] = [
        Role::Admin,
        Role::Supervisor,
        Role::Technician,
        Role::Viewer,
    ];

    #[test]
    fn expected_table_covers_every_action_exactly_once() {
        let mut seen = HashSet::new();
        for (action, _) in EXPECTED {
            assert!(seen.insert(*action), "{action} listed twice");
        }
        for action in Action::ALL {
            assert!(seen.contains(&action), "{action} missing from the table");
        }
        assert_eq!(EXPECTED.len(), Action::ALL.len());
    }

    #[test]
    fn matrix_matches_expected_table() {
        for (action, row) in EXPECTED {
            for (role, expected) in ROLES.iter().zip(row) {
                assert_eq!(
                    allows(*role, *action),
                    *expected,
                    "allows({role}, {action}) should be {expected}"
                );
            }
        }
    }

    #[test]
    fn admin_allows_everything_and_lower_roles_are_subsets() {
        for action in Action::ALL {
            assert!(allows(Role::Admin, action), "{action}");
            // A lower role never has a right that a higher role lacks.
            for pair in ROLES.windows(2) {
                let (higher, lower) = (pair[0], pair[1]);
                assert!(
                    !allows(lower, action) || allows(higher, action),
                    "{lower} has {action} but {higher} does not"
                );
            }
        }
    }

    #[test]
    fn role_ordering_and_rank() {
        assert!(Role::Admin > Role::Supervisor);
        assert!(Role::Supervisor > Role::Technician);
        assert!(Role::Technician > Role::Viewer);
        let mut sorted = vec![
            Role::Viewer,
            Role::Admin,
            Role::Technician,
            Role::Supervisor,
        ];
        sorted.sort();
        assert_eq!(
            sorted,
            [
                Role::Viewer,
                Role::Technician,
                Role::Supervisor,
                Role::Admin
            ]
        );
        assert_eq!(Role::Admin.rank(), 3);
        assert_eq!(Role::Viewer.rank(), 0);
        assert_eq!(Role::ALL, ROLES);
    }

    #[test]
    fn role_string_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(role.to_string(), role.as_str());
        }
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert_eq!(Role::parse("supervisor"), Some(Role::Supervisor));
        assert_eq!(Role::parse("technician"), Some(Role::Technician));
        assert_eq!(Role::parse("viewer"), Some(Role::Viewer));
        assert_eq!(Role::parse("Admin"), None);
        assert_eq!(Role::parse(""), None);
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn role_serde_is_lowercase() {
        assert_eq!(
            serde_json::to_string(&Role::Supervisor).unwrap(),
            "\"supervisor\""
        );
        let role: Role = serde_json::from_str("\"technician\"").unwrap();
        assert_eq!(role, Role::Technician);
        assert!(serde_json::from_str::<Role>("\"Technician\"").is_err());
    }

    #[test]
    fn action_strings_are_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for action in Action::ALL {
            let s = action.as_str();
            assert!(seen.insert(s), "duplicate id {s}");
            assert!(s.contains('.'), "{s} is not namespaced");
            assert_eq!(Action::parse(s), Some(action));
        }
        assert_eq!(Action::CreateUser.as_str(), "users.create");
        assert_eq!(Action::parse("users.nuke"), None);
    }

    #[test]
    fn action_all_is_in_declaration_order() {
        let mut sorted = Action::ALL;
        sorted.sort();
        assert_eq!(sorted, Action::ALL);
    }

    #[test]
    fn admin_manages_other_users_including_admins() {
        for action in [
            Action::CreateUser,
            Action::EditUser,
            Action::ChangeUserRole,
            Action::DeactivateUser,
            Action::ResetUserPassword,
            Action::UnlockUser,
            Action::ResetUser2fa,
        ] {
            for target in Role::ALL {
                assert_eq!(
                    can_manage_user(Role::Admin, "a1", target, "u2", action),
                    Ok(()),
                    "{action} on {target}"
                );
            }
        }
    }

    #[test]
    fn nobody_changes_own_role_or_deactivates_self() {
        for action in [
            Action::ChangeUserRole,
            Action::DeactivateUser,
            Action::ResetUserPassword,
            Action::ResetUser2fa,
        ] {
            assert_eq!(
                can_manage_user(Role::Admin, "a1", Role::Admin, "a1", action),
                Err(Forbidden::new(action, ForbiddenReason::OwnAccount)),
            );
        }
    }

    #[test]
    fn admin_may_edit_and_unlock_own_account() {
        for action in [Action::EditUser, Action::UnlockUser, Action::EditOwnProfile] {
            assert_eq!(
                can_manage_user(Role::Admin, "a1", Role::Admin, "a1", action),
                Ok(())
            );
        }
    }

    #[test]
    fn supervisor_cannot_manage_users() {
        for action in [
            Action::CreateUser,
            Action::EditUser,
            Action::ChangeUserRole,
            Action::DeactivateUser,
            Action::ResetUserPassword,
            Action::UnlockUser,
            Action::ResetUser2fa,
        ] {
            for target in Role::ALL {
                assert_eq!(
                    can_manage_user(Role::Supervisor, "s1", target, "u2", action),
                    Err(Forbidden::new(action, ForbiddenReason::RoleTooLow)),
                    "{action} on {target}"
                );
            }
        }
    }

    #[test]
    fn target_rules_hold_even_if_supervisors_were_granted_more() {
        // Whatever the matrix grants, a supervisor never creates an admin or a supervisor,
        // never resets an admin's password, and may act on lower roles only.
        for action in [
            Action::CreateUser,
            Action::EditUser,
            Action::ChangeUserRole,
            Action::DeactivateUser,
            Action::ResetUserPassword,
            Action::UnlockUser,
            Action::ResetUser2fa,
        ] {
            for target in [Role::Admin, Role::Supervisor] {
                assert_eq!(
                    target_rules(Role::Supervisor, false, target, action),
                    Err(ForbiddenReason::TargetOutranks),
                    "{action} on {target}"
                );
            }
            for target in [Role::Technician, Role::Viewer] {
                assert_eq!(
                    target_rules(Role::Supervisor, false, target, action),
                    Ok(())
                );
            }
            assert_eq!(
                target_rules(Role::Technician, false, Role::Technician, action),
                Err(ForbiddenReason::TargetOutranks)
            );
        }
        assert_eq!(
            target_rules(
                Role::Supervisor,
                true,
                Role::Supervisor,
                Action::ChangeUserRole
            ),
            Err(ForbiddenReason::OwnAccount)
        );
        assert_eq!(
            target_rules(Role::Supervisor, false, Role::Admin, Action::ViewUsers),
            Ok(())
        );
    }

    #[test]
    fn supervisor_may_view_users_of_any_role() {
        for target in Role::ALL {
            assert_eq!(
                can_manage_user(Role::Supervisor, "s1", target, "u2", Action::ViewUsers),
                Ok(())
            );
        }
        assert_eq!(
            can_manage_user(
                Role::Technician,
                "t1",
                Role::Viewer,
                "u2",
                Action::ViewUsers
            ),
            Err(Forbidden::new(
                Action::ViewUsers,
                ForbiddenReason::RoleTooLow
            ))
        );
    }

    #[test]
    fn own_profile_only_on_own_account() {
        for role in Role::ALL {
            assert_eq!(
                can_manage_user(role, "u1", role, "u1", Action::EditOwnProfile),
                Ok(())
            );
            assert_eq!(
                can_manage_user(role, "u1", Role::Viewer, "u2", Action::EditOwnProfile),
                Err(Forbidden::new(
                    Action::EditOwnProfile,
                    ForbiddenReason::RoleTooLow
                ))
            );
        }
    }

    #[test]
    fn technician_and_viewer_refused_user_management() {
        for actor in [Role::Technician, Role::Viewer] {
            let err = can_manage_user(actor, "u1", Role::Viewer, "u2", Action::ResetUserPassword)
                .unwrap_err();
            assert_eq!(err.reason, ForbiddenReason::RoleTooLow);
        }
    }

    #[test]
    fn forbidden_display_names_the_action() {
        let err = can_manage_user(Role::Admin, "a", Role::Admin, "a", Action::ChangeUserRole)
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("users.change_role"), "{msg}");
        assert!(msg.contains("own account"), "{msg}");
    }

    #[test]
    fn require_maps_matrix_to_error() {
        assert_eq!(require(Role::Viewer, Action::ViewJobs), Ok(()));
        assert_eq!(
            require(Role::Viewer, Action::EditClients),
            Err(Forbidden::new(
                Action::EditClients,
                ForbiddenReason::RoleTooLow
            ))
        );
    }

    #[test]
    fn only_admin_assigns_roles_and_only_admin_assigns_admin() {
        for role in Role::ALL {
            assert!(can_assign_role(Role::Admin, role));
        }
        for actor in [Role::Supervisor, Role::Technician, Role::Viewer] {
            for role in Role::ALL {
                assert!(!can_assign_role(actor, role), "{actor} assigns {role}");
            }
        }
    }
}
