# photos (fr)

photo-err-empty = Ce fichier est vide.
photo-err-not-image = Ce fichier n'est pas une image (JPEG ou PNG attendu).
photo-err-unsupported = Format d'image non pris en charge : seuls JPEG et PNG sont acceptés. Sur iPhone, les photos HEIC peuvent être enregistrées en JPEG (Réglages › Appareil photo › Formats › « Le plus compatible »).
photo-err-corrupt = Cette image est abîmée ou incomplète (copie interrompue ?) : elle ne peut pas être lue.
photo-err-too-big = Cette photo est trop lourde (64 Mo au maximum).
photo-err-too-many-pixels = Cette image est trop grande (100 mégapixels au maximum).
photo-err-missing = Le fichier de cette photo est introuvable dans le dossier de données.
