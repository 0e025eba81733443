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
