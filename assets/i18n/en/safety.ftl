## Disk faults (issue 15 item 8) and copies of backups in object storage (issue 15 item 6)

err-disk-full = The disk is full: { $path } could not be written. Free some space (or choose another folder) and try again; nothing already saved was lost.
err-disk-read-only = { $path } is on a read-only disk or share: nothing can be written there. Choose another folder, or make it writable.
err-disk-denied = RPMA is not allowed to write to { $path }. Check the folder's permissions, or choose another folder.
err-db-disk-full = The disk is full: this change was not saved. Everything saved before is intact. Free some space and try again.
err-db-read-only = The database is read-only (read-only disk or file): this change was not saved. Everything saved before is intact.
err-db-denied = The database cannot be written (permissions): this change was not saved. Everything saved before is intact.

backup-stage-upload = Copying to object storage

backup-remote-kind-s3 = S3 (Amazon or compatible)
backup-remote-kind-gcs = Google Cloud Storage
backup-remote-kind-fs = Folder (network share)
backup-remote-err-bucket = Bucket names use 3 to 222 lower-case letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit.
backup-remote-err-folder = Give the folder's full path (for example /mnt/share/rpma).
backup-remote-err-prefix = The prefix is a path of folders made of letters, digits, “.”, “_” and “-”, separated by “/”.
backup-remote-err-endpoint = The address starts with https:// (or http:// on the shop's own network), followed by the server's name.
backup-remote-err-region = A region looks like eu-west-3 (letters, digits and hyphens).
backup-remote-err-access-key = The access key id has no spaces or quotes (128 characters at most).
backup-remote-err-gcs-key = Paste the service account's key file (JSON, with client_email and private_key).
backup-remote-err-secret-unreadable = The saved storage key cannot be opened with this shop's key (the settings come from another data folder). Enter the key again.
backup-remote-err-not-configured = No object storage is set up for backup copies (Settings → Backups, or rpma backup remote set).
backup-remote-err-not-found = Object storage { $location }: bucket or object not found. Check the bucket's name. ({ $detail })
backup-remote-err-denied = Object storage { $location } refused the credentials. Check the access key and its rights. ({ $detail })
backup-remote-err-failed = The copy to { $location } failed: { $detail }. The local backup is intact; the copy will be tried again at the next backup.
backup-remote-err-size = The copy at { $location } has { $found } bytes instead of { $expected }: it was removed. Try again.

cli-remote-uploaded = Copied to { $location } ({ $size } in { $secs } s, { $rate }).
cli-remote-pruned = Older copies removed by the retention rules: { $count }.
cli-remote-none = No backup in { $location }.
cli-remote-saved = Object storage settings saved: { $location } (copy { $state }).
cli-remote-state-on = on
cli-remote-state-off = off
cli-remote-show = { $location } ({ $kind }), copy { $state }, key { $secret }.
cli-remote-secret-set = saved
cli-remote-secret-unset = not saved
cli-remote-secret-prompt = Secret key (not shown):
cli-remote-bad-kind = Unknown storage kind “{ $value }”: use s3, gcs or fs.

## Backups in the app, maintenance, recovery at start-up (issue 15, the app's side)

audit-settings-backups = Backups

backup-err-no-key = The shop's key (rpma.key) is missing: the passphrase of scheduled backups cannot be opened.
backup-err-sealed-passphrase = The passphrase of scheduled backups no longer opens with the shop's key. Type it again in Settings → Backups.

backup-set-err-time = Invalid time (0 to 23 h, 0 to 59 min).
backup-set-err-hours = Choose between { $min } and { $max } hours.
backup-set-err-keep-range = At most { $max }.
backup-set-err-keep-none = Keep at least one backup (daily, weekly or monthly).
backup-set-err-dest-relative = Give a full path (for example /media/usb/backups).
backup-set-err-dest-inside-data = This folder is inside the data folder: a restore would set it aside with it. Choose the "backups" folder or another disk.
backup-set-err-dest-not-folder = { $path } cannot be used as a folder: { $detail }
backup-set-err-dest-not-writable = Cannot write to { $path }: { $detail }
backup-set-err-dest-space = Not enough space: { $free } MB free, about { $needed } MB needed for one backup.
backup-set-err-passphrase-required = Type a passphrase.
backup-set-err-passphrase-short = At least { $min } characters.
backup-set-err-passphrase-mismatch = The two passphrases differ.

## Background tasks
task-backup = Backup
task-backup-scheduled = Scheduled backup
task-backup-exit = Backup before closing
task-verify = Verification
task-restore-prepare = Preparing the restore
task-restore = Restore
task-list = Backup list
task-status = Backup status
task-photo-stats = Photo statistics
task-logs = Reading the logs
task-recovery = Looking for backups
task-cancel = Cancel
task-cancelling = Cancelling…
task-photos = Photos
task-photos-importing = Importing photos
task-count = { $title }: { $done } / { $total }
err-task-failed = A background task failed unexpectedly; nothing was changed. The details are in the logs.
backup-stage-reopen = Opening the data again

## Status bar
status-read-only = Disk read-only
status-backup-alert = Backup needed

## Maintenance: backups
maint-backups = Backups
maint-backups-folder = Folder: { $dir }
maint-backups-none = No backup in this folder yet. Make the first one with "Create a backup".
maint-backup-create = Create a backup
maint-backup-create-help = A backup holds the database, every photo, signature and document, and the shop's key. The app stays usable while it is written.
maint-backup-encrypt = Encrypt with a passphrase
maint-backup-encrypt-help = The passphrase is stored nowhere: write it down, without it the backup cannot be restored.
maint-backup-start = Start the backup
maint-backup-done = Backup created and verified: { $file } ({ $size }).
maint-verify-ok = Backup verified: { $file } is intact.
maint-passphrase = Passphrase
maint-passphrase-again = Passphrase (again)
maint-passphrase-for = { $file } is encrypted: type its passphrase.
maint-restore-file = Restore from a file…
maint-restore-cancelled = Restore cancelled; nothing was changed.
maint-verify = Verify
maint-restore = Restore
maint-verified-ok = Verified
maint-verified-failed = Failed
maint-verified-unknown = Not verified

## Maintenance: database, photos, logs
maint-db-tools = Database file
maint-checkpoint-help = A checkpoint writes the WAL journal into the database file (also done at every close).
maint-checkpoint-run = WAL checkpoint
maint-checkpoint-done = WAL journal: { $before } before, { $after } after.
maint-wal-now = WAL journal now: { $size }.
maint-vacuum-help = Compacting (VACUUM) rebuilds the file without its free pages. It takes about as long as copying the database; saving waits meanwhile.
maint-vacuum-free = Space that can be freed: { $size }.
maint-vacuum-run = Compact the database
maint-vacuum-confirm = Saving will wait until compacting is done. Go on?
maint-vacuum-go = Compact now
maint-vacuum-running = Compacting…
maint-vacuum-done = Database compacted: { $freed } freed.
maint-photos = Photos
maint-photos-originals = Originals
maint-photos-count-size = { $count } files, { $size }
maint-photos-thumbs = Thumbnails
maint-photos-orphans = Orphan files
maint-photos-missing = Missing photos
maint-photos-orphans-help = Some files belong to no photo (left by an interrupted import): harmless.
maint-photos-missing-help = Some saved photos lost their file: restore a backup to get them back.
maint-logs = Logs
maint-logs-files = { $count } files, { $size }
maint-logs-clean = No recent error or warning in the logs.
maint-logs-last-errors = Latest errors and warnings

## Restore
restore-dialog-title = Restore this backup?
restore-verified = Verified: every file and the database are intact
restore-shop = Shop
restore-date = Taken on
restore-terminal = Terminal
restore-version = RPMA version
restore-schema = Schema
restore-schema-value = level { $level } (this version: { $latest })
restore-content = Content
restore-content-value = { $count } files, { $size }
restore-current = Current shop
restore-confirm-other-shop = I confirm restoring another shop's backup.
restore-after = The current data is set aside (never deleted). RPMA then opens the restored data: sign in with an account of the backup.
restore-now = Restore now
restore-cancel = Cancel
restore-done = Data restored. The previous data is kept in { $previous }.

## Recovery screen
recovery-title = The database cannot be opened
recovery-title-missing = The database is missing
recovery-help = RPMA changed nothing and does not put an empty database in its place. Restore the latest verified backup, or a data folder set aside by an earlier restore. The current data will be kept in a "before-restore" folder, never deleted.
recovery-backups = Backups found
recovery-no-backups = No backup found here. Plug in the backup disk, then use "Restore from a file…".
recovery-kept = Folders set aside
recovery-kept-help = The data replaced by an earlier restore.
recovery-kept-healthy = Database intact
recovery-kept-damaged = Database damaged
recovery-kept-use = Put this folder back
recovery-kept-confirm-title = Put this data folder back?
recovery-kept-confirm = The folder { $dir } becomes the data folder again; the current one is set aside.
recovery-quit = Quit RPMA
recovery-switching = Putting the restored data in place
recovery-switching-help = RPMA closes the database, puts the restored data in place, then opens it.

## Settings → Backups
settings-tab-backups = Backups
backup-settings-saved = Backup settings saved.
backup-set-schedule = Schedule
backup-set-schedule-hint = A missed backup (terminal switched off) is made at the next start, once.
backup-set-off = Off (manual backups only)
backup-set-daily = Every day
backup-set-time = Time (HH:MM)
backup-set-every = Every N hours
backup-set-hours = Number of hours
backup-set-on-exit = When RPMA closes
backup-set-destination = Destination
backup-set-destination-hint = A USB disk or a network share also protects against losing the terminal. The folder is checked (writable, free space) when saved.
backup-set-dest-default = Data folder: { $dir }
backup-set-dest-other = Another folder (USB disk, network share)
backup-set-dest-path = Destination folder
backup-set-browse = Browse…
backup-set-retention = Retention
backup-set-retention-hint = Applied only after a new scheduled backup verified. A backup never verified is not deleted.
backup-set-keep-daily = Daily
backup-set-keep-weekly = Weekly
backup-set-keep-monthly = Monthly
backup-set-encryption = Encryption
backup-set-encryption-hint = The passphrase of scheduled backups is sealed with the shop's key, never stored in clear. Write it down: without it, an encrypted backup cannot be restored on another terminal.
backup-set-encrypt = Encrypt scheduled backups
backup-set-pass-kept = Passphrase saved (sealed).
backup-set-pass-change = Change the passphrase
backup-set-save = Save
backup-set-discard = Discard changes
backup-schedule-off = Off
backup-schedule-daily = Every day at { $time }
backup-schedule-every = Every { $hours } hours
backup-schedule-on-exit = When RPMA closes

## Dashboard and alerts
dashboard-backups = Backups
dashboard-backups-open = Open maintenance
dashboard-backups-ok = Backups are up to date.
dashboard-backups-last-ok = Latest verified backup
dashboard-backups-never = never
dashboard-backups-newest = Newest
dashboard-backups-last-run = Last run
dashboard-backups-run-ok = succeeded on { $date }
dashboard-backups-run-failed = failed on { $date }
dashboard-backups-schedule = Schedule
dashboard-backups-next = Next
dashboard-backups-folder = Folder
backup-alert-failed = The last backup failed: { $error }
backup-alert-remote = The backup was made, but its copy to { $location } failed: { $error }
backup-alert-old = No recent backup: the latest verified backup is from { $date }.
backup-alert-none = No verified backup exists yet.

## Backup before closing
exit-backup-title = Backup before closing
exit-backup-help = RPMA closes once the backup is written and verified.
exit-backup-failed = The backup before closing failed
exit-backup-retry = Try again
exit-backup-quit = Quit without a backup

## File browser
file-browser-hint-folder = Open the folder you want, then "Choose this folder".
file-browser-choose-folder = Choose this folder
maint-encrypted = Encrypted
audit-entity-backup = Backup
audit-say-backup-create = { $who } made a backup
audit-say-backup-restore = Data restored from a backup (the previous data is kept aside)

## Settings → Backups: the off-site copy
backup-set-remote = Off-site copy
backup-set-remote-hint = Every verified backup is also copied to object storage (S3, Google Cloud Storage) or a shared folder: if this computer is stolen or destroyed, the shop's history is elsewhere. Older copies there follow the same retention rules.
backup-set-remote-on = Copy every verified backup off this computer
backup-set-remote-kind = Storage:
backup-set-remote-bucket = Bucket
backup-set-remote-folder = Folder (full path, network share or mounted disk)
backup-set-remote-prefix = Prefix (folder inside the storage, optional)
backup-set-remote-endpoint = Service address (empty for Amazon S3)
backup-set-remote-region = Region
backup-set-remote-access-key = Access key ID
backup-set-remote-secret = Secret access key
backup-set-remote-gcs-key = Service account key (JSON)
backup-set-remote-secret-kept = Key saved (encrypted with the shop's key)
backup-set-remote-secret-change = Replace the key
backup-set-remote-save = Save the off-site copy
backup-set-remote-saved = Off-site copy saved.
backup-set-remote-test = Test the connection
backup-set-remote-test-ok = Connected: { $location } ({ $count } backups).
backup-set-remote-test-off = The off-site copy is off.
task-remote-test = Storage test
