# Instant search (Ctrl+K) and exports.
search-label = Instant search
search-hint = Client, plate, VIN, job number…
search-keys = ↑ ↓ to choose · Enter to open · Esc to close
search-empty-query = Type a name, a plate (with or without dashes), a VIN, a phone number or a job number.
search-no-result = No results.
search-group-clients = Clients
search-group-vehicles = Vehicles
search-group-jobs = Jobs
search-open = Search (Ctrl+K)
export-done = { $count } rows written to { $path }.
cli-bench-generated = Shop generated: { $clients } clients, { $vehicles } vehicles, { $jobs } jobs in { $secs } s ({ $path }).
cli-bench-not-empty = This data folder already holds a shop: choose an empty folder (--data-dir).
err-schema-old = This database comes from an earlier version: open RPMA or run "rpma db migrate" first.
