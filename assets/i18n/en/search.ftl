# Instant search (Ctrl+K) and exports.
search-label = Search
search-hint = Client, plate, VIN, job number…
search-keys = ↑ ↓ to choose · Enter to open · Esc to close
search-empty-query = Type a name, a plate (with or without dashes), a VIN, a phone number or a job number.
search-no-result = No results.
search-group-clients = Clients
search-group-vehicles = Vehicles
search-group-jobs = Jobs
search-open = Search (Ctrl+K)
