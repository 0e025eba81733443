# workflow (fr)
wf-kind-inspection = Inspection
wf-kind-preparation = Préparation
wf-kind-installation = Pose
wf-kind-finalization = Finalisation
wf-phase-before = Avant la pose
wf-phase-during = Pendant la pose
wf-phase-after = Après la pose
wf-err-template-inactive = Ce modèle d'intervention est désactivé ; choisissez-en un autre.
wf-err-name-required = Le nom du modèle est obligatoire.
wf-err-too-long = { $max } caractères au plus.
wf-err-step-count = Un modèle compte de 1 à { $max } étapes.
wf-err-finalization-last = Le modèle doit finir par une seule étape de finalisation (la signature clôt le travail).
wf-err-one-installation = Une seule étape de pose par modèle (la pose se fait zone par zone).
wf-err-title-required = Chaque étape a besoin d'un titre.
wf-err-too-many-items = { $max } éléments au plus par étape.
wf-err-item-label = Chaque élément de liste ou photo demandée a besoin d'un libellé (120 caractères au plus).
wf-err-duplicate-id = Deux éléments de cette étape portent le même identifiant.
wf-err-photo-bounds = Nombre de photos incohérent : le maximum doit être au moins le minimum et le nombre de photos nommées, et au plus { $max }.
wf-err-minutes = La durée estimée d'une étape ne peut pas dépasser 24 h.
wf-err-builtin-inactive = Les modèles intégrés ne peuvent pas être désactivés.

## Éditeur de modèles d'intervention
wf-title = Modèles d'intervention
wf-subtitle = Les étapes guidées d'une intervention PPF. Modifier un modèle ne change pas les interventions déjà commencées.
wf-new = Nouveau modèle
wf-duplicate = Dupliquer
wf-list-empty = Aucun modèle
wf-list-empty-hint = Créez un modèle avec « Nouveau modèle ».
wf-list-summary = { $steps ->
    [one] 1 étape
   *[other] { $steps } étapes
} · { $time } · v{ $version }
wf-duration-hours = { $hours } h { $minutes }
wf-duration-minutes = { $minutes } min
wf-badge-active = Actif
wf-badge-inactive = Inactif
wf-badge-builtin = Intégré
wf-select-title = Aucun modèle ouvert
wf-select-hint = Choisissez un modèle dans la liste ou créez-en un.
wf-new-title = Nouveau modèle
wf-version = Version { $version }
wf-unsaved = Modifications non enregistrées
wf-all-saved = Tout est enregistré
wf-save = Enregistrer le modèle
wf-revert = Annuler les modifications
wf-saved = Modèle « { $name } » enregistré : version { $version }.
wf-created = Modèle « { $name } » créé.
wf-duplicated = Copie créée : « { $name } ».
wf-not-saved = Le modèle n'a pas été enregistré : corrigez les champs signalés.
wf-err-number = Saisissez un nombre entier positif.
wf-switch-title = Abandonner les modifications ?
wf-switch-body = Les modifications de « { $name } » ne sont pas enregistrées et seront perdues.
wf-switch-yes = Abandonner
wf-general = Général
wf-field-name-fr = Nom (français)
wf-field-name-en = Nom (anglais)
wf-field-desc-fr = Description (français)
wf-field-desc-en = Description (anglais)
wf-field-active = Actif : proposé pour les nouveaux travaux
wf-builtin-always-active = Les modèles intégrés restent toujours actifs.
wf-total = { $steps ->
    [one] 1 étape
   *[other] { $steps } étapes
}, durée estimée { $time }
wf-steps = Étapes
wf-steps-hint = Dans l'ordre où le technicien les suit. L'étape de finalisation (signature du client) vient en dernier.
wf-steps-full = { $max } étapes au plus.
wf-step-add = Ajouter une étape
wf-step-header = { $n }. { $kind } — { $title }
wf-step-up = Monter l'étape { $n }
wf-step-down = Descendre l'étape { $n }
wf-step-remove = Supprimer l'étape { $n }
wf-step-kind = Type d'étape
wf-kind-inspection-hint = Relevé de l'atelier, défauts existants sur le schéma du véhicule, photos d'arrivée.
wf-kind-preparation-hint = Lavage, décontamination, dégraissage, masquage.
wf-kind-installation-hint = La check-list est cochée pour chaque zone posée (rouleau, longueur, chute).
wf-kind-finalization-hint = Contrôle qualité, satisfaction et signature du client ; toujours la dernière étape.
wf-step-title-fr = Titre (français)
wf-step-title-en = Titre (anglais)
wf-step-instr-fr = Consignes (français)
wf-step-instr-en = Consignes (anglais)
wf-step-mandatory = Étape obligatoire (ne peut pas être passée)
wf-step-approval = Exige l'approbation d'un chef d'atelier avant l'étape suivante
wf-step-mandatory-short = Obligatoire
wf-step-approval-short = Approbation
wf-step-minutes = Durée estimée (minutes)
wf-step-min-photos = Photos minimum
wf-step-max-photos = Photos maximum
wf-step-max-photos-hint = Photos maximum laissé vide : sans limite. Les photos nommées comptent dans le minimum.
wf-checklist = Check-list
wf-checklist-empty = Aucun élément.
wf-label-fr = Libellé en français
wf-label-en = Libellé en anglais
wf-item-fr = Élément { $n } (français)
wf-item-en = Élément { $n } (anglais)
wf-item-required = Obligatoire
wf-item-required-of = Élément { $n } obligatoire
wf-item-up = Monter l'élément { $n }
wf-item-down = Descendre l'élément { $n }
wf-item-remove = Supprimer l'élément { $n }
wf-item-add = Ajouter un élément
wf-shots = Photos demandées
wf-shots-hint = Les prises de vue nommées que le technicien doit faire (elles comptent dans le minimum).
wf-shot-fr = Photo { $n } (français)
wf-shot-en = Photo { $n } (anglais)
wf-shot-phase = Moment de la photo { $n }
wf-shot-remove = Supprimer la photo { $n }
wf-shot-when = Moment
wf-shot-add = Ajouter une photo demandée

## Paramètres
wf-settings-title = Modèles d'intervention
wf-settings-hint = Étapes, check-lists, photos demandées et approbations des interventions guidées.
wf-settings-open = Ouvrir l'éditeur de modèles

## Assistant de création de travail
wf-wizard-template = Modèle d'intervention
wf-wizard-auto = Automatique (Express jusqu'à 2 zones)
wf-wizard-rule-picks = { $count ->
    [0] Sans zone, la règle choisit : { $name }.
    [one] Avec 1 zone, la règle choisit : { $name }.
   *[other] Avec { $count } zones, la règle choisit : { $name }.
}
wf-wizard-template-steps = { $steps ->
    [one] 1 étape
   *[other] { $steps } étapes
}, environ { $time }.
wf-wizard-summary-auto = Automatique : { $name }
wf-wizard-unavailable = Modèle indisponible
