# Véhicules.

vehicle-size-small = Citadine
vehicle-size-medium = Compacte / berline
vehicle-size-large = SUV / grande berline
vehicle-size-xl = Utilitaire / grand SUV
vehicle-err-plate-taken = Un autre véhicule porte déjà cette immatriculation.
vehicle-err-vin-taken = Un autre véhicule porte déjà ce VIN.
vehicle-err-year = Année entre 1900 et { $max }.
vehicle-err-owner = Choisissez un client existant.
vehicle-err-deleted = Ce véhicule est dans la corbeille : restaurez-le pour le modifier.
vehicle-err-restore-clash = Un autre véhicule utilise maintenant cette immatriculation ou ce VIN.
vehicle-err-open-jobs = Ce véhicule a { $count ->
    [one] un travail en cours ou prévu
   *[other] { $count } travaux en cours ou prévus
  } : terminez-les ou annulez-les d'abord.

err-plate-fr = Immatriculation française non reconnue (AB-123-CD ou 1234 AB 56). Plaque étrangère ? Cochez la case.
err-plate-other = De 2 à 15 lettres ou chiffres.
err-vin-length = Un VIN compte 17 caractères.
err-vin-chars = Un VIN ne contient que des chiffres et des lettres, sans I, O ni Q.
err-vin-check = Chiffre de contrôle incorrect pour un VIN nord-américain : vérifiez la saisie.

## Formulaire
vehicle-field-plate = Immatriculation
vehicle-field-foreign = Plaque étrangère
vehicle-field-vin = VIN (numéro de série)
vehicle-field-make = Marque
vehicle-field-model = Modèle
vehicle-field-year = Année
vehicle-field-colour = Couleur
vehicle-field-size = Gabarit
vehicle-field-owner = Propriétaire
vehicle-field-owner-search = Rechercher le propriétaire
vehicle-field-notes = Notes sur le véhicule
vehicles-owner-set = Client choisi
vehicles-no-owner = Sans propriétaire
vehicles-owner-clear = Retirer
vehicles-owner-none-found = Aucun client trouvé.
vehicles-save = Enregistrer le véhicule
vehicles-new-title = Nouveau véhicule
vehicles-edit-title = Modifier le véhicule
vehicles-change-owner = Changer de propriétaire
vehicles-created = Véhicule { $plate } créé.
vehicles-saved = Véhicule { $plate } enregistré.

## Liste
vehicles-count = { $count ->
    [0] Aucun véhicule
    [one] 1 véhicule
   *[other] { $count } véhicules
  }
vehicles-search = Rechercher un véhicule
vehicles-search-hint = Plaque (avec ou sans tirets), VIN, marque, modèle…
vehicles-new = Nouveau véhicule
vehicles-export-csv = Exporter en CSV
vehicles-exported = { $count } véhicules exportés dans { $path }
vehicles-col-plate = Immatriculation
vehicles-col-make = Marque et modèle
vehicles-col-year = Année
vehicles-col-colour = Couleur
vehicles-col-owner = Propriétaire
vehicles-col-jobs = Travaux
vehicles-col-zones = Zones
vehicles-empty = Aucun véhicule pour l'instant
vehicles-empty-hint = Ajoutez-en un avec « Nouveau véhicule » ou depuis la fiche d'un client.
vehicles-empty-filtered = Aucun véhicule ne correspond
vehicles-empty-filtered-hint = Essayez une partie de la plaque, du VIN ou du modèle.

## Page d'un véhicule
vehicles-back = Retour
vehicles-edit = Modifier
vehicles-delete = Supprimer
vehicles-delete-title = Supprimer ce véhicule ?
vehicles-delete-body = Le véhicule { $plate } sera placé dans la corbeille. Un responsable pourra le restaurer.
vehicles-deleted = Véhicule placé dans la corbeille.
vehicles-card-identity = Identité du véhicule
vehicles-card-owner = Propriétaire
vehicles-card-zones = Zones PPF posées
vehicles-card-jobs = Tous les travaux
vehicles-owner-history = Propriétaires successifs
vehicles-owned-since = depuis le { $from }
vehicles-owned-from-to = du { $from } au { $to }
vehicles-no-zones = Aucune zone posée sur ce véhicule pour l'instant.
vehicles-zone-times = { $count ->
    [one] 1 fois
   *[other] { $count } fois
  }
vehicles-no-jobs = Aucun travail sur ce véhicule
vehicles-no-jobs-hint = Planifiez-en un avec « Nouveau travail ».

## Catalogue des zones PPF
zones-subtitle = Les zones proposées dans les travaux, avec la surface de film typique par gabarit. Une zone déjà utilisée se désactive au lieu d'être supprimée.
zones-add = Ajouter une zone
zones-col-name-fr = Nom (français)
zones-col-name-en = Nom (anglais)
zones-col-active = Active
zones-col-actions = Actions
zones-active-of = Zone { $name } active
zones-edit-of = Modifier la zone { $name }
zones-delete-of = Supprimer la zone { $name }
zones-empty = Le catalogue est vide
zones-empty-hint = Ajoutez une zone avec « Ajouter une zone ».
zones-new-title = Nouvelle zone
zones-edit-title = Modifier la zone
zones-field-name-fr = Nom en français
zones-field-name-en = Nom en anglais
zones-areas = Surface de film typique (m²)
zones-field-area = { $size } (m²)
zones-field-active = Proposée pour les nouveaux travaux
zones-save = Enregistrer la zone
zones-saved = Zone « { $name } » enregistrée.
zones-delete = Supprimer
zones-delete-title = Supprimer cette zone ?
zones-delete-body = La zone { $name } sera retirée du catalogue. Si des travaux l'utilisent, la suppression sera refusée : désactivez-la plutôt.
zones-deleted = Zone supprimée.

vehicles-film-card = Film posé
vehicles-film-empty = Aucun travail terminé pour l'instant.
vehicles-film-none = Film non renseigné
vehicles-film-roll = rouleau { $roll }
vehicles-film-length = { $cm } cm posés
vehicles-film-waste = { $cm } cm de chute
vehicles-film-by = posé par { $name }
vehicles-film-planned = { $area } m² prévus
