# RPMA — English catalogue. Same keys as fr.ftl.

app-title = RPMA — PPF workshop management
loading = Loading…
retry = Retry
refresh = Refresh
saving = Saving…
close = Close
logout = Log out
form-has-errors = Some fields need fixing (see the messages in red).
fatal-title = RPMA cannot start
fatal-worker-title = RPMA must close
fatal-worker-stopped = Saving failed several times in a row: RPMA stopped so as not to lose more work. Your last actions may not have been saved. Close and restart RPMA; if it happens again, send the logs in { $logs } to support.
err-job-failed = The action failed and was not saved. Try again; if it happens again, restart RPMA.

## Navigation
nav-dashboard = Dashboard
nav-maintenance = Maintenance
nav-users = Users
nav-settings = Settings
nav-audit = Audit log
nav-profile = My profile
nav-about = About
nav-my-day = My day
nav-atelier = Shop floor
nav-calendar = Calendar
nav-jobs = Jobs
nav-clients = Clients
nav-vehicles = Vehicles
nav-zones = PPF zones
nav-trash = Trash
nav-new-job = New job

## Roles
role-admin = Administrator
role-supervisor = Supervisor
role-technician = Technician
role-viewer = Read only

## Status bar
status-signed-out = Not signed in
status-sync-local = Local (sync not configured)

## Login
login-title = Sign in
login-subtitle = Identify yourself to open the workshop.
login-username = Username or e-mail
login-password = Password
login-submit = Sign in
login-checking = Checking…
login-missing = Enter your username and password.

## First run
setup-title = Welcome to RPMA
setup-subtitle = A few details to set up your workshop. You can change them later.
setup-language = Interface language
setup-shop = Your workshop
setup-admin = Administrator account
setup-admin-hint = This first account manages users, settings and backups.
setup-submit = Create the workshop and sign in
setup-done = Workshop created. Welcome!
setup-logo = Logo
setup-logo-hint = Optional. PNG or JPEG, 10 MB at most; it will appear on your quotes and reports. Large pictures are reduced to 512 × 512 pixels.
setup-logo-choose = Choose a logo…
setup-logo-remove = Remove the logo
setup-logo-none = No logo
setup-logo-alt = Workshop logo
setup-logo-dialog-title = Choose the workshop logo
setup-logo-opening = Opening the picture…
file-dialog-images = Images
file-dialog-unavailable = The system's file dialog is not available on this computer (no desktop portal, no zenity): choose in RPMA's browser below (USB sticks, memory cards, import folder).
file-prepare-failed = This image could not be prepared (internal error, written to the log). Try another file.
password-policy-hint = At least 10 characters, with an upper-case letter, a lower-case letter and a digit.

## Organisation
org-name = Workshop name
org-legal-name = Legal name
org-siret = SIRET
org-vat = EU VAT number
org-address = Address
org-postal-code = Postal code
org-city = City
org-phone = Phone
org-email = Workshop e-mail

## Users
user-username = Username
user-display-name = Display name
user-email-optional = E-mail (optional)
user-password = Password
user-password-confirm = Confirm password

## Dashboard
dashboard-hello = Hello { $name }, here is your workshop today.
dashboard-active-users = Active accounts
dashboard-audit-today = Events logged today
dashboard-db-size = Database size
dashboard-shop = Workshop
dashboard-no-shop = The workshop details are not filled in yet.
dashboard-team = Team

## Maintenance
maint-subtitle = Backups, health and statistics of the shop's data.
maint-check-title = Integrity check
maint-check-help = Checks the file's integrity, foreign keys, schema version and the audit log chain (like "rpma db check").
maint-check-run = Run the check
maint-check-running = Checking…
maint-check-ok = The database is healthy.
maint-check-failed = The check found problems.
maint-stats = Statistics
maint-db-file = Database file
maint-data-dir = Data folder
maint-file-size = File size
maint-wal-size = WAL journal
maint-pages = Pages
maint-pages-value = { $count } pages of { $size } bytes ({ $free } free)
maint-schema = Schema
maint-schema-value = level { $level } (expected: { $latest })
maint-engine = Engine
maint-tables = Tables
maint-table = Table
maint-rows = Rows
check-integrity = File integrity
check-foreign-keys = Foreign keys
check-schema = Schema version
check-audit-chain = Audit log chain
check-pass = Passed
check-fail = Problem
check-audit-broken = Audit log tampered with at entry #{ $seq } ({ $id })
check-audit-truncated = Audit log cut short: entry #{ $seq } was recorded but the log now ends at #{ $id }
check-audit-replaced = Audit log rewritten at its end: entry #{ $seq } is not the one recorded
check-audit-head-missing = The audit log's signed end is missing (last entry #{ $seq }): entries may have been removed
check-audit-key-missing = The key file (rpma.key) is not beside the database: the end of the audit log cannot be verified
check-audit-head-forged = The audit log's signed end does not match this shop's key (entry #{ $seq })
check-audit-unsigned-tail = { $id } audit entries after #{ $seq } were added by something other than RPMA

## Preferences
prefs-subtitle = Settings of your own account.
prefs-language = Language
prefs-theme = Theme
prefs-saved = Preferences saved.
theme-light = Light
theme-dark = Dark

## About
about-subtitle = Version, where the data lives, keyboard shortcuts.
about-version = Version
about-logs = Logs
about-platform = Platform
about-shortcuts = Keyboard shortcuts
about-licences = Licences
about-licence-app = RPMA is distributed under the MIT or Apache-2.0 licence.
about-licence-fonts = Inter font (SIL Open Font License 1.1) · Phosphor icons (MIT).
shortcut-nav = Go to menu entry 1 to 9
shortcut-history = Previous page / next page
shortcut-logout = Log out
shortcut-theme = Toggle light / dark theme
shortcut-language = Toggle French / English
shortcut-zoom = Zoom in / out

## Command line
cli-check-file = Database: { $path }
cli-check-unreadable = Unreadable file: { $detail }
cli-check-schema = Schema version: { $level } (expected: { $latest })
cli-check-pass = Result: database healthy.
cli-check-failed = Result: problems found.
cli-migrate-uptodate = The database is already at level { $level }.
cli-migrate-applied = Database migrated from level { $from } to level { $to }.
cli-migrate-copy = Safety copy taken before migrating: { $path }

## Errors
err-required = Required.
err-email = Invalid e-mail address.
err-email-taken = This e-mail address is already in use.
err-username = 3 to 32 characters: letters, digits, ".", "_" or "-".
err-username-taken = This username is taken.
err-siret = Invalid SIRET (14 digits with a check digit).
err-vat = Invalid VAT number.
err-postal-code-fr = A French postal code has 5 digits.
err-password-short = At least { $min } characters.
err-password-long = 128 characters at most.
err-password-upper = At least one upper-case letter.
err-password-lower = At least one lower-case letter.
err-password-digit = At least one digit.
err-password-symbol = At least one special character.
err-password-mismatch = The two passwords do not match.
err-bad-credentials = Wrong username or password.
err-setup-done = The workshop is already set up.
err-hash = The password could not be hashed.
err-forbidden = You are not allowed to do this.
err-not-found = Not found (it may have been deleted).
seed-err-not-new = This folder already holds a shop: nothing was generated.
seed-err-table = The generator may not write into this table.
err-db = Database error: { $detail }
err-io = Cannot access { $path }: { $detail }
err-schema-too-new = This database comes from a newer version of RPMA (level { $found }; this version knows level { $known }). Install the latest RPMA; the file was not modified.
err-already-running = The data folder { $path } is already used by another RPMA window (process { $pid }). Close it or use another folder.
err-not-a-database = { $path } is not a valid RPMA database ({ $detail }).
err-locked = Account temporarily locked after too many attempts. Try again later or ask an administrator to unlock it.
err-bad-pin = Wrong PIN.
err-pin-admin = Administrators sign in with their password, not with a PIN.
err-pin-password-change = Your password must be changed: sign in with your password (not your PIN) to choose a new one.
err-pin-format = The PIN must have { $min } to { $max } digits.
err-pin-weak = This PIN is too easy to guess (repeated digits or a run such as 1234).
err-last-admin = Not possible: the workshop must keep at least one active administrator.
err-range = Expected a value between { $min } and { $max }.
err-hours = Invalid time: use HH:MM, with opening before closing.
err-timezone = Unknown time zone (for example Europe/Paris).
err-totp-code = Wrong or already used verification code.
err-recovery-code = Wrong or already used recovery code.
err-totp-already = Two-factor authentication is already enabled on this account.
err-totp-not-enabled = Two-factor authentication is not enabled on this account.
err-no-pending-totp = No two-factor set-up in progress: start again from the beginning.
err-2fa-required = Two-factor authentication is mandatory for this workshop's administrators.
err-login-expired = Your sign-in has expired: please sign in again.
err-current-password = Wrong current password.
err-password-reused = The new password must be different from the current one.
err-phone = Invalid phone number.
err-logo-image = This file is not a readable picture. Choose a PNG or JPEG image.
err-logo-too-big = Picture too large: 10 MB at most.
err-login-extra-step = This account needs an extra sign-in step (two-factor code, new password or two-factor set-up) that this screen does not offer.

## Command line — accounts
cli-no-database = No database in { $path }.
cli-reset-done = Temporary password for { $user }: { $password }
cli-reset-next = It must be changed at the next sign-in. The account's locks are lifted.
file-browser-places = Places
file-browser-place-import = Import folder
file-browser-place-home = Home folder
file-browser-place-pictures = Pictures
file-browser-no-media = No USB stick or memory card found: plug it in, then tap “Refresh”.
file-browser-refresh = Refresh
file-browser-parent = Parent folder
file-browser-pick-place = Choose a place on the left.
file-browser-loading = Reading the folder…
file-browser-unreadable = This folder cannot be read: { $error }
file-browser-empty = No JPEG or PNG image in this folder.
file-browser-skipped = { $count ->
    [one] 1 HEIC, WebP or other unsupported image is not shown.
   *[other] { $count } HEIC, WebP or other unsupported images are not shown.
}
file-browser-hint-multi = Tap the photos to add, in the order you want.
file-browser-hint-single = Tap the file to use.
file-browser-selected = { $count ->
    [one] 1 photo selected
   *[other] { $count } photos selected, numbered in the order they will be added
}
file-browser-add = { $count ->
    [0] Add
    [one] Add 1 photo
   *[other] Add { $count } photos
}
file-browser-choose = Choose this file
file-browser-cancel = Cancel
file-browser-broken = The file browser could not start. Close this window and try again; if it happens again, restart RPMA and check the log.
