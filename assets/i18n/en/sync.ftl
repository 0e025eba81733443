# Sync between terminals through PostgreSQL (issue 16).
sync-err-hub = Sync server: { $detail }
sync-err-protocol = The sync server uses sync protocol version { $hub }, this RPMA uses version { $ours }: update RPMA to the same version on every terminal.
sync-err-no-hub = No RPMA sync hub in that database: run “rpma sync init-server” first.
sync-err-revoked = This terminal was revoked on the sync server: an admin must register it again.
sync-err-bad-code = The join code is not valid for this sync server (check it was copied whole).
sync-err-bad-url = The sync server must be given as a postgres:// or postgresql:// URL.
sync-err-not-configured = No sync server is configured on this terminal: run “rpma sync join” or “rpma sync init-server”.
sync-err-already = This terminal already syncs with a server.
cli-sync-init-done = Sync server ready; this terminal ({ $terminal }) is registered and the shop sent.
cli-sync-join-code = Join code for the other terminals (keep it secret):
cli-sync-join-done = Terminal { $terminal } registered: { $pulled } changes received, { $pushed } sent.
cli-sync-now-done = Sync done: { $pushed } changes sent, { $pulled } received ({ $applied } applied, { $rejected } set aside).
audit-say-sync-revoke-terminal = { $who } revoked a terminal on the sync server (it can no longer connect).
