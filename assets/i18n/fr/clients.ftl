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

## Fiche et formulaire
client-field-kind = Type de client
client-field-name = Nom et prénom
client-field-contact = Personne à contacter
client-field-company = Raison sociale
client-field-siret = SIRET
client-field-vat = Numéro de TVA
client-field-email = E-mail
client-field-phone = Téléphone
client-field-address1 = Adresse
client-field-address2 = Complément d'adresse
client-field-postal-code = Code postal
client-field-city = Ville
client-field-country = Pays
client-field-country-code = Code ISO du pays (2 lettres)
client-country-other = Autre pays…
client-field-tags = Étiquettes
client-field-new-tag = Nouvelle étiquette
client-tag-hint = Nouvelle étiquette (VIP, flotte…)
client-tag-add = Ajouter
client-tag-remove = Retirer l'étiquette { $tag }
client-no-tags = Aucune étiquette
client-field-consent = Accepte de recevoir des offres commerciales (consentement RGPD)
client-field-notes = Notes

## Liste
clients-count = { $count ->
    [0] Aucun client
    [one] 1 client
   *[other] { $count } clients
  }
clients-search = Rechercher un client
clients-search-hint = Nom, société, e-mail, téléphone…
clients-kind-all = Tous les types
clients-tag-all = Toutes les étiquettes
clients-filter-kind = Type
clients-filter-tag = Étiquette
clients-new = Nouveau client
clients-export-csv = Exporter en CSV
clients-exported = { $count } clients exportés dans { $path }
clients-col-name = Nom
clients-col-kind = Type
clients-col-phone = Téléphone
clients-col-email = E-mail
clients-col-city = Ville
clients-col-tags = Étiquettes
clients-col-vehicles = Véhicules
clients-col-jobs = Travaux
clients-col-last-job = Dernier travail
clients-empty = Aucun client pour l'instant
clients-empty-hint = Créez votre premier client avec « Nouveau client ».
clients-empty-filtered = Aucun client ne correspond
clients-empty-filtered-hint = Modifiez la recherche ou retirez les filtres.

## Page d'un client
clients-back = Retour
clients-edit = Modifier
clients-new-job = Nouveau travail
clients-add-vehicle = Ajouter un véhicule
clients-export-data = Exporter les données (JSON)
clients-data-exported = Données du client exportées dans { $path }
clients-erase = Anonymiser (RGPD)
clients-delete = Supprimer
clients-anonymised = Anonymisé
clients-in-trash = Dans la corbeille
clients-contact-person = Contact : { $name }
clients-card-contact = Coordonnées
clients-card-legal = Informations légales
clients-card-more = Étiquettes, consentement et notes
clients-card-vehicles = Véhicules
clients-card-jobs = Travaux
clients-address = Adresse
clients-consent-yes = Accepte les offres commerciales
clients-consent-yes-since = Accepte les offres commerciales depuis le { $date }
clients-consent-no = N'a pas donné son accord pour les offres commerciales
clients-no-notes = Pas de notes.
clients-created-on = Client créé le { $date }
clients-no-vehicles = Aucun véhicule. Ajoutez-en un avec « Ajouter un véhicule ».
clients-no-jobs = Aucun travail pour ce client
clients-no-jobs-hint = Planifiez-en un avec « Nouveau travail ».
clients-col-number = Numéro
clients-col-date = Date
clients-col-status = Statut
clients-col-vehicle = Véhicule
clients-overdue = En retard
clients-total-jobs = Travaux
clients-total-open = En cours ou prévus
clients-total-completed = Terminés
clients-total-area = Film posé
clients-total-span = Premier travail le { $first } · dernier le { $last }
clients-delete-title = Supprimer ce client ?
clients-delete-body = { $name } sera placé dans la corbeille. Un responsable pourra le restaurer.
clients-deleted = Client placé dans la corbeille.
clients-erase-title = Anonymiser ce client ?
clients-erase-body = Demande d'effacement RGPD de { $name }. Seront effacés définitivement : nom, e-mail, téléphone, adresse, notes, étiquettes, consentement, ainsi que les notes de ses travaux. Seront conservés, sans lien avec la personne : ses travaux, ses véhicules et les chiffres de l'atelier (la raison sociale et les numéros légaux d'une entreprise restent). Cette action est irréversible et inscrite au journal d'audit.
clients-erase-word = ANONYMISER
clients-erase-type = Pour confirmer, tapez { $word } ci-dessous.
clients-erase-field = Confirmation de l'anonymisation
clients-erased = Client anonymisé.
clients-new-title = Nouveau client
clients-edit-title = Modifier le client
clients-save = Enregistrer
clients-cancel = Annuler
clients-created = Client « { $name } » créé.
clients-saved = Client « { $name } » enregistré.

## Corbeille
trash-subtitle = Clients, véhicules et travaux supprimés. Restaurez-les en un clic.
trash-tab-clients = Clients
trash-tab-vehicles = Véhicules
trash-tab-jobs = Travaux
trash-col-item = Élément
trash-col-detail = Détail
trash-col-deleted = Supprimé le
trash-col-action = Action
trash-restore = Restaurer
trash-restore-item = Restaurer { $item }
trash-restored = Élément restauré.
trash-empty = La corbeille est vide
trash-empty-hint = Ce que vous supprimez arrive ici et peut être restauré.
