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

mod rules;

pub use rules::{allows, can_assign_role, can_manage_user, require};

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

#[cfg(test)]
mod tests;
