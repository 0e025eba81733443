# Sync between terminals through PostgreSQL (issue 16).
sync-err-hub = Sync server: { $detail }
sync-err-protocol = The sync server uses sync protocol version { $hub }, this RPMA uses version { $ours }: update RPMA to the same version on every terminal.
sync-err-no-hub = No RPMA sync hub in that database: run “rpma sync init-server” first.
sync-err-revoked = This terminal was revoked on the sync server: an admin must register it again.
sync-err-rewound = This data folder was restored from a backup older than what it had already sent to the sync server: register it again as a new terminal (rpma sync join) so that nothing it saves is lost.
sync-err-bad-code = The join code is not valid for this sync server (check it was copied whole).
sync-err-bad-url = The sync server must be given as a postgres:// or postgresql:// URL.
sync-err-not-configured = No sync server is configured on this terminal: run “rpma sync join” or “rpma sync init-server”.
sync-err-already = This terminal already syncs with a server.
sync-err-not-owner = Only the sync server's owner (the database user that made the hub) can do that: give that user's URL.
sync-err-sealed-password = The sync password does not open with this data folder's key (was its key file replaced?): register this terminal again (rpma sync join).
sync-err-head-office-revoked = This head office was revoked on the sync server: it receives nothing more. The hub's owner can enable it again by running “rpma sync head-office <URL> --name <NAME>” in this data folder.
sync-err-at-head-office = This data folder is a head office: it reads the shops without changing anything there. Join codes and terminals are managed at each shop.
sync-err-no-head-office = No head office is named “{ $name }” on this sync server (“rpma sync head-office <URL> --list” lists them).
sync-err-head-office-ambiguous = { $count } head offices are named “{ $name }”: give the role of the one to revoke (“rpma sync head-office <URL> --list” shows it).
cli-sync-head-office-revoked = Head office { $name } ({ $role }) revoked: it can no longer connect to the sync server and receives nothing more.
cli-sync-init-done = Sync server ready; this terminal ({ $terminal }) is registered and the shop sent.
cli-sync-join-code = Join code for the other terminals (keep it secret):
cli-sync-join-done = Terminal { $terminal } registered: { $pulled } changes received, { $pushed } sent.
cli-sync-head-office-done = Head office { $terminal } ready (read-only, every shop): { $pulled } changes received ({ $applied } applied, { $rejected } set aside).
cli-sync-now-done = Sync done: { $pushed } changes sent, { $pulled } received ({ $applied } applied, { $rejected } set aside).
audit-say-sync-revoke-terminal = { $who } revoked a terminal on the sync server (it can no longer connect).
status-sync-never = never
status-sync-running = Syncing…
status-sync-offline = Offline
status-sync-error = Sync error
status-sync-pending = { $n } change(s) pending
status-sync-done = Synced ({ $time })
status-sync-hover = Server: { $server } · last sync: { $time }
settings-tab-sync = Sync
settings-sync-title = Sync between terminals
settings-sync-not-configured = This terminal does not sync: with RPMA closed, “rpma sync init-server <URL>” creates the shop's server and “rpma sync join <URL> --code <CODE> --name <NAME>” adds a terminal to it.
settings-sync-server = Server
settings-sync-terminal = This terminal
settings-sync-last = Last sync
settings-sync-pending = Changes pending
settings-sync-now = Sync now
settings-sync-admin = The shop's terminals
settings-sync-show-code = Show the join code
settings-sync-code-secret = Join code (keep it secret):
settings-sync-terminals = Terminals
settings-sync-revoked = revoked
settings-sync-this = this terminal
settings-sync-revoke = Revoke
settings-sync-revoke-confirm = Confirm revocation
settings-sync-cancel = Cancel
audit-say-terminal-renew = { $who }: this workstation, restored from a backup, goes on under a new terminal identity (code { $from } → { $to }) so that no number already given is reused
audit-say-keys-adopt = { $who }: this workstation took the shop's key when it joined the sync (secrets already saved sealed again)
iv-conflict-title = This step was changed on two workstations: { $field }
iv-conflict-field-notes = notes
iv-conflict-field-checklist = ticks
iv-conflict-field-data = readings
iv-conflict-field-skip-reason = reason for skipping
iv-conflict-here = On this workstation
iv-conflict-there = On another workstation
iv-conflict-there-by = On another workstation, by { $who }
iv-conflict-shown = (the version saved for now)
iv-conflict-empty = (empty)
iv-conflict-keep-mine = Keep this workstation's version
iv-conflict-keep-theirs = Keep the other version
settings-sync-conflicts = Conflicts to resolve
settings-sync-conflicts-value = { $n } (on the screen of the intervention concerned)
settings-sync-shop-keys = Two-factor sign-in of the shops’ accounts
settings-sync-shop-keys-value = { $n ->
    [0] waiting for the shops’ keys (they arrive at the shops’ next sync)
    [one] key received from one shop
   *[other] keys received from { $n } shops
}
audit-say-intervention-conflict-resolve = { $who } chose which version to keep of a step changed on two workstations ({ $what })
settings-sync-rejects = { $n ->
    [one] One received change could not be applied here (kept aside).
   *[other] { $n } received changes could not be applied here (kept aside).
}
settings-sync-last-error = Last sync failed: { $detail }
settings-sync-head-office-note = Every shop's terminals, read-only: join codes and revocations are handled at each shop.
