# users — English

users-subtitle = Team accounts, roles and access.
users-subtitle-readonly = Team accounts, read only: only admins change them.
users-new = New user
users-search = Search
users-search-hint = Name, username or e-mail
users-filter-role = Role
users-all-roles = All roles
users-show-inactive = Show deactivated accounts
users-list-title = Accounts
users-count-all = { $total ->
    [one] { $total } account
   *[other] { $total } accounts
}
users-count-filtered = { $shown } of { $total } accounts
users-empty = No account matches these criteria.
users-empty-hint = Change the search or also show deactivated accounts.
users-clear-filters = Clear filters
users-locked-banner = { $count ->
    [one] One account is locked after too many attempts: { $names }. Open it to unlock it.
   *[other] { $count } accounts are locked after too many attempts: { $names }. Open them to unlock them.
}
users-locked-banner-readonly = { $count ->
    [one] One account is locked after too many attempts: { $names }. An admin can unlock it.
   *[other] { $count } accounts are locked after too many attempts: { $names }. An admin can unlock them.
}
users-col-user = User
users-col-email = E-mail
users-col-role = Role
users-col-status = Status
users-col-2fa = 2FA
users-col-pin = PIN
users-col-last-login = Last sign-in
users-open = Open the account
users-active = Active
users-inactive = Deactivated
users-locked-until = Locked until { $time }
users-yes = Yes
users-no = No
users-never = Never

users-back = All users
users-new-title = New user
users-new-subtitle = Create an account for a team member.
users-identity = Identity
users-username-hint = The username is used to sign in: 3 to 32 characters, letters, digits, ".", "_" or "-".
users-language = Interface language
users-role = Role
users-role-desc-admin = The whole shop, plus users, settings, backups and the audit log.
users-role-desc-supervisor = Plans and assigns jobs, writes quotes, manages stock; sees accounts without changing them.
users-role-desc-technician = Carries out the jobs assigned to them.
users-role-desc-viewer = Looks at the shop's data without changing anything.
users-initial-password-title = First sign-in password
users-initial-password = Initial password
users-first-login-note = This password works once: at their first sign-in, the person must choose their own password. Give it to them in person.
users-create = Create the account
users-cancel = Cancel

users-readonly-note = Read only: only admins can change accounts.
users-own-account = This is your own account. Your password, PIN and two-factor authentication are managed in "My profile".
users-open-profile = Open my profile
users-contact = Contact details
users-email = E-mail
users-phone = Phone
users-save-contact = Save contact details
users-created-at = Account created on
users-change-role = Change role
users-own-role = Nobody can change their own role: ask another admin.
users-security = Security
users-2fa = Two-factor authentication
users-2fa-on = On
users-2fa-off = Off
users-pin = PIN
users-pin-set = Set
users-pin-none = None
users-password-state = Password
users-password-ok = Chosen by the user
users-must-change = Password to change
users-lock = Lock
users-not-locked = None
users-lock-detail = { $kind } — until { $time }
users-lock-password = Password
users-lock-pin = PIN
users-lock-totp = Verification code
users-unlock = Unlock the account
users-reset-password = Reset the password
users-reset-2fa = Reset two-factor authentication
users-own-security = Admins do not reset their own password or two-factor authentication here: use "My profile", which asks for your current password.
users-access = Account access
users-access-active = The account is active: the person can sign in.
users-access-inactive = The account is deactivated: the person can no longer sign in. Their data and history are kept.
users-deactivate = Deactivate the account
users-reactivate = Reactivate the account
users-own-deactivate = You cannot deactivate your own account.

users-confirm-role-title = Change the role?
users-confirm-role = { $name } will go from "{ $from }" to "{ $to }". Their rights change at once.
users-confirm-role-yes = Yes, change the role
users-confirm-deactivate-title = Deactivate this account?
users-confirm-deactivate = { $name } will no longer be able to sign in. Their data and history are kept, and you can reactivate the account at any time.
users-confirm-deactivate-yes = Yes, deactivate
users-confirm-reactivate-title = Reactivate this account?
users-confirm-reactivate = { $name } will be able to sign in again with their current password.
users-confirm-reactivate-yes = Yes, reactivate
users-confirm-reset-password-title = Reset the password?
users-confirm-reset-password = { $name }'s current password will stop working. A temporary password will be shown once and must be changed at the next sign-in. The account's locks will be lifted.
users-confirm-reset-password-yes = Yes, reset
users-confirm-reset-2fa-title = Reset two-factor authentication?
users-confirm-reset-2fa = { $name } will sign in with their password only; their recovery codes will stop working. They can turn two-factor authentication on again in "My profile".
users-confirm-reset-2fa-yes = Yes, reset 2FA

users-temp-title = Password reset
users-temp-intro = Here is { $name }'s temporary password. It will never be shown again: write it down or copy it now.
users-temp-password = Temporary password
users-copy = Copy
users-copied = Copied
users-temp-warning = { $name } must replace it with a personal password at the next sign-in.
users-temp-done = I have noted the password

users-created = Account for { $name } created.
users-contact-saved = Contact details of { $name } saved.
users-role-saved = { $name }'s role: { $role }.
users-deactivated = { $name }'s account deactivated.
users-reactivated = { $name }'s account reactivated.
users-unlocked = { $name }'s account unlocked.
users-2fa-reset-done = { $name }'s two-factor authentication reset.
users-password-reset-done = { $name }'s password reset.
