# audit — English

audit-subtitle = Who did what, and when: sign-ins, accounts, settings. Entries can be neither edited nor deleted.
audit-filter-user = User
audit-filter-entity = Item
audit-filter-action = Action (start of the code, e.g. login)
audit-filter-from = From (DD/MM/YYYY)
audit-filter-to = To (DD/MM/YYYY)
audit-filter-apply = Filter
audit-filter-reset = Clear filters
audit-all-users = All users
audit-all-entities = All items
audit-err-date = Invalid date: use DD/MM/YYYY.
audit-err-range = The end date must come after the start date.
audit-entity-user = User account
audit-entity-settings = Settings
audit-entity-organisation = Organisation
audit-settings-security = Security
audit-settings-shop = Language, time zone and hours
audit-col-when = Date and time
audit-col-user = By
audit-col-action = Action
audit-col-entity = Item concerned
audit-system = System
audit-count = { $count ->
    [one] { $shown } entry
   *[other] { $shown } entries
}
audit-page = Page { $page } of { $pages }
audit-prev = Previous
audit-next = Next
audit-empty = No entry matches these filters.
audit-empty-hint = Widen the period or clear the filters.
audit-details = Entry details
audit-details-hint = Select a row of the log to see who changed what, with the values before and after.
audit-seq = Entry no. { $seq }
audit-changes = Changes
audit-field = Field
audit-before = Before
audit-after = After
audit-no-data = No data was recorded for this event.
audit-no-change = No value changed.
audit-json = Raw data (JSON)
audit-hash = Hash
audit-yes = yes
audit-no = no
audit-chain-note = Each entry is chained to the one before by a SHA-256 hash: an edited or deleted entry shows. The chain check runs from the Database screen.
audit-chain-open = Check the integrity chain

## Actions
audit-action-login-ok = Signed in
audit-action-login-failed = Failed sign-in
audit-action-login-totp-required = Two-factor code requested
audit-action-auth-lockout = Account locked after too many failures
audit-action-auth-failed = Failed identity confirmation
audit-action-user-unlock = Account unlocked
audit-action-user-create = Account created
audit-action-user-update = Account edited
audit-action-user-role-change = Role changed
audit-action-user-activate = Account reactivated
audit-action-user-deactivate = Account deactivated
audit-action-user-password-reset = Password reset by an administrator
audit-action-user-password-reset-cli = Password reset from the command line
audit-action-user-password-change = Password changed
audit-action-user-pin-set = PIN set
audit-action-user-pin-clear = PIN removed
audit-action-user-2fa-begin = Two-factor setup started
audit-action-user-2fa-enable = Two-factor authentication turned on
audit-action-user-2fa-disable = Two-factor authentication turned off
audit-action-user-2fa-reset = Two-factor authentication reset by an administrator
audit-action-user-preferences = Preferences changed
audit-action-settings-update = Settings changed
audit-action-organisation-create = Shop created
audit-action-organisation-update = Shop details changed
