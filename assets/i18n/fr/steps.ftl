# Guided intervention: rules and refusals (fr)
iv-err-incomplete = Il manque encore :
iv-missing-step = l'étape « { $step } » n'est pas terminée
iv-missing-approval = l'étape « { $step } » attend la validation d'un chef d'atelier
iv-missing-checklist = « { $item } » n'est pas coché ({ $step })
iv-missing-zone-checklist = { $zone } : « { $item } » n'est pas coché
iv-missing-zone-length = { $zone } : longueur de film posée non saisie
iv-missing-shot = photo « { $shot } » manquante ({ $step })
iv-missing-min-photos = { $step } : { $have } { $have ->
        [one] photo
       *[other] photos
    } sur { $need } au minimum
iv-missing-max-photos = { $step } : { $have } photos, { $max } au plus
iv-missing-temperature = température de l'atelier non relevée
iv-missing-humidity = humidité non relevée
iv-missing-quality = note de qualité globale (0–100) non donnée
iv-missing-satisfaction = satisfaction du client (1–5) non donnée
iv-missing-signatory = nom du signataire non saisi
iv-missing-signature = le client n'a pas signé
iv-err-not-active = Cette intervention est terminée ou annulée : elle ne peut plus changer.
iv-err-paused = L'intervention est en pause : reprenez-la d'abord.
iv-err-not-paused = L'intervention n'est pas en pause.
iv-err-already-active = Une intervention est déjà en cours pour ce travail.
iv-err-job-not-startable = Ce travail ne peut pas être démarré : il doit être planifié (ou en attente).
iv-err-not-current-step = Les étapes se font dans l'ordre : ce n'est pas l'étape en cours.
iv-err-awaiting-approval = Une étape attend la validation d'un chef d'atelier.
iv-err-not-awaiting = Cette étape n'attend pas de validation.
iv-err-own-approval = Vous avez réalisé cette étape vous-même : un autre superviseur ou un administrateur la valide.
iv-err-use-finish = La dernière étape se termine avec « Terminer l'intervention ».
iv-err-rework-not-done = Seule une étape terminée peut être reprise.
iv-err-rework-later = Terminez d'abord l'étape en cours : les étapes suivantes seront reprises dans l'ordre.
iv-err-step-mandatory = Cette étape est obligatoire : elle ne peut pas être sautée.
iv-err-skip-last = La dernière étape ne peut pas être sautée.
iv-err-step-locked = Cette étape est verrouillée (terminée, ou pas encore commencée).
iv-err-reason-required = Indiquez un motif.
iv-err-too-long = { $max } caractères au plus.
iv-err-temperature = Température entre −30 et 60 °C.
iv-err-humidity = Humidité entre 0 et 100 %.
iv-err-quality = Note de qualité entre 0 et 100.
iv-err-satisfaction = Satisfaction entre 1 et 5.
iv-err-length = Longueur en cm, entre 0 et 100 000.
iv-err-zone-quality = Note de zone entre 0 et 10.
iv-err-installer = Le poseur doit être un compte actif.
iv-err-defect-zone = Placez le défaut sur le schéma du véhicule.
iv-err-severity = Gravité entre 1 et 3.
iv-err-signature = La signature n'est pas une image PNG valide.
iv-err-max-photos = Cette étape accepte { $max } photos au plus.
iv-defect-scratch = Rayure
iv-defect-chip = Éclat
iv-defect-dent = Bosse
iv-defect-paint = Défaut de peinture
iv-defect-crack = Fissure

## Atelier board
atelier-subtitle = { $count ->
        [0] Aucune intervention en cours
        [one] 1 intervention en cours
       *[other] { $count } interventions en cours
    }
atelier-templates = Modèles d'intervention
atelier-empty = Aucune intervention en cours ni terminée aujourd'hui
atelier-empty-help = Démarrez une intervention depuis la fiche d'un travail planifié (ou depuis « Ma journée »).
atelier-in-progress = En cours
atelier-paused = En pause
atelier-completed-today = Terminées aujourd'hui
atelier-status-in-progress = En cours
atelier-status-paused = En pause
atelier-status-completed = Terminée
atelier-status-cancelled = Annulée
atelier-awaiting-approval = Validation attendue
atelier-step = Étape { $n }/{ $total } · { $title }
atelier-all-steps-done = Toutes les étapes sont faites

## Job page
jobs-iv-start = Démarrer l'intervention
jobs-iv-open = Ouvrir l'intervention
jobs-iv-view = Voir l'intervention

## Intervention screen
iv-none-open = Aucune intervention ouverte.
iv-back = Retour
iv-pause = Pause
iv-resume = Reprendre
iv-cancel = Annuler l'intervention
iv-saving = Enregistrement…
iv-saved = Enregistré
iv-paused-banner = Intervention en pause : le chronomètre est arrêté. Reprenez-la pour continuer.
iv-cancelled = Intervention annulée.
iv-finished = Intervention terminée : le travail est clos.
iv-rejected = Refusée par le chef d'atelier
iv-skipped = Étape sautée
iv-environment = Conditions de l'atelier
iv-temperature = Température (°C)
iv-humidity = Humidité (%)
iv-temp-warning = Température hors de la plage conseillée ({ $min }–{ $max } °C) : la colle du film réagit mal.
iv-humidity-warning = Humidité hors de la plage conseillée ({ $min }–{ $max } %).
iv-err-not-number = Saisissez un nombre (ex. 21,5).
iv-checklist = Liste de contrôle
iv-required-hint = * obligatoire pour terminer l'étape
iv-notes = Notes de l'étape
iv-signature = Signature du client
iv-signatory = Nom du signataire
iv-signed = Signature enregistrée
iv-quality-title = Contrôle qualité
iv-quality-score = Note de qualité globale (0–100)
iv-not-given = non donnée
iv-satisfaction = Satisfaction du client
iv-satisfaction-n = { $n } sur 5
iv-comments = Commentaires pour le client
iv-no-zones = Ce travail n'a pas de zone.
iv-film = Film
iv-roll = Rouleau / lot
iv-length = Longueur posée (cm)
iv-waste = Chute (cm)
iv-installer = Poseur
iv-zone-score = Note de la zone (0–10)
iv-defects = Défauts existants
iv-defects-help = Touchez le schéma à l'endroit du défaut (ou choisissez la zone ci-contre).
iv-defect-pick-zone = Ou choisissez une zone :
iv-defect-new = Nouveau défaut
iv-defect-edit = Défaut
iv-defect-note = Note sur le défaut
iv-defect-save = Enregistrer le défaut
iv-defect-delete = Supprimer
iv-defect-cancel = Fermer
iv-severity = Gravité
iv-severity-1 = Légère
iv-severity-2 = Moyenne
iv-severity-value = Gravité : { $level }
iv-severity-3 = Importante
iv-complete-step = Terminer l'étape
iv-finish = Terminer l'intervention
iv-skip = Sauter l'étape
iv-approve = Valider l'étape
iv-reject = Refuser l'étape
iv-rework = Reprendre l'étape
iv-go-current = Aller à l'étape en cours
iv-awaiting-approval = En attente de validation par un chef d'atelier
iv-completed-banner = Intervention terminée
iv-open-job = Ouvrir le travail
iv-reason = Motif
iv-pause-title = Mettre en pause
iv-pause-body = Le chronomètre s'arrête pendant la pause. Motif (facultatif) :
iv-cancel-title = Annuler l'intervention
iv-cancel-body = Le travail sera annulé. Indiquez le motif.
iv-rework-title = Reprendre une étape terminée
iv-rework-body = L'étape redevient l'étape en cours. Indiquez pourquoi (gardé dans l'historique).
iv-skip-title = Sauter cette étape
iv-skip-body = Cette étape est facultative. Indiquez pourquoi elle est sautée.
iv-reject-title = Refuser l'étape
iv-reject-body = L'étape revient au technicien. Indiquez ce qui doit être repris.
iv-defect-photo = Photo du défaut :

## A second intervention while one is running
iv-warn-second-running = Une intervention est déjà en cours : { $number } ({ $plate }). En démarrer une autre la laissera ouverte en parallèle.
iv-second-title = Démarrer une deuxième intervention ?
iv-second-confirm = Démarrer quand même

