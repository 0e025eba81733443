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
