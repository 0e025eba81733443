# Instant search (Ctrl+K) and exports.
search-label = Recherche instantanée
search-hint = Client, plaque, VIN, n° de travail…
search-keys = ↑ ↓ pour choisir · Entrée pour ouvrir · Échap pour fermer
search-empty-query = Tapez un nom, une plaque (avec ou sans tirets), un VIN, un téléphone ou un numéro de travail.
search-no-result = Aucun résultat.
search-group-clients = Clients
search-group-vehicles = Véhicules
search-group-jobs = Travaux
search-open = Rechercher (Ctrl+K)
export-done = { $count } lignes écrites dans { $path }.
cli-bench-generated = Atelier généré : { $clients } clients, { $vehicles } véhicules, { $jobs } travaux en { $secs } s ({ $path }).
cli-bench-not-empty = Ce dossier de données contient déjà un atelier : choisissez un dossier vide (--data-dir).
err-schema-old = Cette base date d'une version précédente : ouvrez RPMA ou lancez « rpma db migrate » d'abord.
