#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::rules::target_rules;
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
    let err =
        can_manage_user(Role::Admin, "a", Role::Admin, "a", Action::ChangeUserRole).unwrap_err();
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
