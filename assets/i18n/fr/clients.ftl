# Clients : fiches, liste, corbeille, RGPD.

client-kind-individual = Particulier
client-kind-business = Professionnel
client-err-contact-required = Indiquez la personne à contacter.
client-err-too-many-tags = { $max } étiquettes au plus.
client-err-deleted = Ce client est dans la corbeille : restaurez-le pour le modifier.
client-err-anonymised = Ce client a été anonymisé à sa demande : sa fiche ne peut plus être modifiée.
client-err-open-jobs = Ce client a { $count ->
    [one] un travail en cours ou prévu
   *[other] { $count } travaux en cours ou prévus
  } : terminez-les ou annulez-les d'abord.

err-too-long = { $max } caractères au plus.
err-country = Code pays à deux lettres (FR, BE, CH…).
err-postal-code = Code postal non reconnu.

zone-err-area = Surface entre 0 et 100 m².
zone-err-exists = Une zone porte déjà ce nom.
zone-err-in-use = Zone utilisée par { $count ->
    [one] un travail
   *[other] { $count } travaux
  } : désactivez-la plutôt que de la supprimer.
