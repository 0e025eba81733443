## Backups, verify, restore, health (issue 15)

backup-stage-snapshot = Copying the database
backup-stage-archive = Writing the backup
backup-stage-verify = Verifying the backup
backup-stage-extract = Extracting the backup
backup-stage-check-db = Checking the database copy
backup-stage-swap = Putting the restored data in place

backup-err-passphrase-required = This backup is encrypted: its passphrase is needed.
backup-err-wrong-passphrase = Wrong passphrase: this backup does not open with it.
backup-err-not-a-backup = This file is not an RPMA backup ({ $detail }).
backup-err-truncated = The backup is truncated: the file ends early (last complete entry: { $after }). It was probably cut short while being copied or written.
backup-err-damaged = The backup is damaged after entry { $after } ({ $detail }).
backup-err-no-manifest = The backup has no manifest (manifest.json): it cannot be checked.
backup-err-bad-manifest = The backup's manifest cannot be read: { $detail }
backup-err-missing = Missing from the backup: { $entry }
backup-err-extra = Not listed in the backup's manifest: { $entry }
backup-err-altered = Altered in the backup (content differs from the manifest): { $entry }
backup-err-db-unreadable = The database copy in the backup cannot be opened: { $detail }
backup-err-integrity = The database copy in the backup is damaged (integrity check, { $count } finding(s)): { $detail }
backup-err-foreign-keys = The database copy in the backup has rows pointing at nothing ({ $count }): { $detail }
backup-err-audit-chain = The audit log in the backup has been tampered with (entry #{ $seq }, { $id }).

backup-err-cancelled = Cancelled. Nothing was changed.
backup-err-no-database = No database to back up at { $path }.
backup-err-file-changed = { $path } changed while it was being backed up. Try again.
backup-err-empty-passphrase = The passphrase cannot be empty.
backup-err-invalid = This backup failed verification and was not restored:
backup-err-schema-too-new = This backup comes from a newer RPMA (schema level { $found }, this version knows { $known }). Install a newer RPMA to restore it.
backup-err-restore-in-progress = A restore of this data folder is in progress. Wait for it to finish, then start again.
backup-err-layout = Cannot restore into { $path }: { $detail }
backup-err-other = Backup: { $detail }
backup-err-vacuum-memory = An in-memory database cannot be compacted.

backup-confirm-replace = The data folder holds the shop “{ $shop }”: it will be replaced by the backup (the current data is kept aside, not deleted).
backup-confirm-other-shop = Warning: this backup is of another shop (“{ $backup }”), not of “{ $shop }”.

cli-backup-passphrase-needed = A passphrase is needed: set { $var } or run this command in a terminal.
cli-backup-passphrase-prompt = Backup passphrase:
cli-backup-passphrase-again = Type it again:
cli-backup-passphrase-mismatch = The two passphrases differ. Nothing was written.
cli-backup-created = Backup written: { $path } ({ $size }; { $count } files, { $data } of data, in { $secs } s, { $rate }).
cli-backup-skipped = Not in the backup (deleted while it was being written): { $entry }
cli-backup-about = Backup of “{ $shop }”, terminal { $terminal }, taken { $date } by RPMA { $version } (schema level { $level }).
cli-backup-verified = Verified: { $count } files, { $data } ({ $secs } s, { $rate }); database copy intact, audit log intact ({ $audit } entries).
cli-backup-verify-failed = Verification FAILED for { $path }:
cli-backup-restore-refused = Nothing was restored; the data folder is unchanged.
cli-backup-restore-needs-yes = Add --yes to confirm (no terminal to ask on).
cli-backup-restore-cancelled = Restore cancelled; the data folder is unchanged.
cli-backup-confirm-prompt = Type “yes” to continue:
cli-backup-confirm-word = yes
cli-backup-restored = Restored { $count } files ({ $data }) into { $path }.
cli-backup-previous-kept = The previous data folder is kept at { $path } (delete it yourself when no longer needed).
cli-backup-none = No backup in { $path }.
cli-backup-state-verified = verified
cli-backup-state-failed = FAILED
cli-backup-state-unknown = not verified
cli-vacuum-done = Database compacted: { $freed } freed ({ $before } → { $after }).
