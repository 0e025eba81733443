# Instant search (Ctrl+K) and exports.
search-label = Rechercher
search-hint = Client, plaque, VIN, n° de travail…
search-keys = ↑ ↓ pour choisir · Entrée pour ouvrir · Échap pour fermer
search-empty-query = Tapez un nom, une plaque (avec ou sans tirets), un VIN, un téléphone ou un numéro de travail.
search-no-result = Aucun résultat.
search-group-clients = Clients
search-group-vehicles = Véhicules
search-group-jobs = Travaux
search-open = Rechercher (Ctrl+K)
