# photos (fr)

photo-err-empty = Ce fichier est vide.
photo-err-not-image = Ce fichier n'est pas une image (JPEG ou PNG attendu).
photo-err-unsupported = Format d'image non pris en charge : seuls JPEG et PNG sont acceptés. Sur iPhone, les photos HEIC peuvent être enregistrées en JPEG (Réglages › Appareil photo › Formats › « Le plus compatible »).
photo-err-corrupt = Cette image est abîmée ou incomplète (copie interrompue ?) : elle ne peut pas être lue.
photo-err-too-big = Cette photo est trop lourde (64 Mo au maximum).
photo-err-too-many-pixels = Cette image est trop grande (100 mégapixels au maximum).
photo-err-missing = Le fichier de cette photo est introuvable dans le dossier de données.
photo-title = Photos
photo-add = Ajouter des photos
photo-dialog-title = Choisir des photos
photo-count-min = { $count } photo(s), { $min } au minimum
photo-count-bounds = { $count } photo(s), de { $min } à { $max }
photo-shots = Photos demandées (remplies dans cet ordre ; touchez-en une pour choisir celle de la prochaine photo) :
photo-next-is-shot = La prochaine photo sera « { $shot } ».
photo-drop-hint = Glissez-déposez des photos ici, ou déposez-les dans le dossier surveillé : { $folder } — elles vont à l'étape en cours de cette intervention.
photo-drop-not-now = Ouvrez une étape en cours pour y ajouter des photos.
photo-duplicate = { $name } : cette photo est déjà dans l'étape.
photo-importing = Import de { $count } photo(s)…
photo-import-cancelled = Import arrêté : { $imported ->
    [one] { $imported } photo importée
   *[other] { $imported } photos importées
}, { $left ->
    [one] { $left } non importée.
   *[other] { $left } non importées.
}
photo-open = Ouvrir la photo
photo-next = Suivante
photo-prev = Précédente
photo-remove = Retirer la photo
photo-taken = Prise le { $at }
photo-zoom-in = Agrandir
photo-zoom-out = Réduire
photo-browse = Clé USB, carte, dossier…
photo-drop-hint-plain = Glissez-déposez des photos ici.
photo-folder-waiting = { $count ->
    [one] 1 photo attend dans le dossier surveillé : elle ira à l'étape en cours dès qu'elle pourra la recevoir.
   *[other] { $count } photos attendent dans le dossier surveillé : elles iront à l'étape en cours dès qu'elle pourra les recevoir.
}
photo-folder-added = { $count ->
    [one] 1 photo du dossier surveillé ajoutée à { $job }.
   *[other] { $count } photos du dossier surveillé ajoutées à { $job }.
}
