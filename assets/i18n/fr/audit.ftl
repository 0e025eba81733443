# audit — français

audit-subtitle = Qui a fait quoi, et quand : connexions, comptes, réglages. Les entrées ne peuvent être ni modifiées ni supprimées.
audit-filter-user = Utilisateur
audit-filter-entity = Élément
audit-filter-action = Action (début du code, par exemple login)
audit-filter-from = Du (JJ/MM/AAAA)
audit-filter-to = Au (JJ/MM/AAAA)
audit-filter-apply = Filtrer
audit-filter-reset = Effacer les filtres
audit-all-users = Tous les utilisateurs
audit-all-entities = Tous les éléments
audit-err-date = Date invalide : format JJ/MM/AAAA.
audit-err-range = La date de fin doit suivre la date de début.
audit-entity-user = Compte utilisateur
audit-entity-settings = Réglages
audit-entity-organisation = Organisation
audit-settings-security = Sécurité
audit-settings-shop = Langue, fuseau et horaires
audit-col-when = Date et heure
audit-col-user = Auteur
audit-col-action = Action
audit-col-entity = Élément concerné
audit-system = Système
audit-count = { $count ->
    [one] { $shown } entrée
   *[other] { $shown } entrées
}
audit-page = Page { $page } sur { $pages }
audit-prev = Précédent
audit-next = Suivant
audit-empty = Aucune entrée ne correspond à ces filtres.
audit-empty-hint = Élargissez la période ou effacez les filtres.
audit-details = Détail de l'entrée
audit-details-hint = Sélectionnez une ligne du journal pour voir qui a changé quoi, avec les valeurs avant et après.
audit-seq = Entrée n° { $seq }
audit-changes = Changements
audit-field = Champ
audit-before = Avant
audit-after = Après
audit-no-data = Aucune donnée enregistrée pour cet événement.
audit-no-change = Aucune valeur n'a changé.
audit-json = Données brutes (JSON)
audit-hash = Empreinte
audit-yes = oui
audit-no = non
audit-chain-note = Chaque entrée est chaînée à la précédente par une empreinte SHA-256 : une entrée modifiée ou supprimée se repère. La vérification de la chaîne se lance depuis l'écran Base de données.
audit-chain-open = Vérifier la chaîne d'intégrité

## Actions
audit-action-login-ok = Connexion réussie
audit-action-login-failed = Échec de connexion
audit-action-login-totp-required = Code de double authentification demandé
audit-action-auth-lockout = Compte verrouillé après trop d'échecs
audit-action-auth-failed = Échec de confirmation d'identité
audit-action-user-unlock = Compte déverrouillé
audit-action-user-create = Compte créé
audit-action-user-update = Compte modifié
audit-action-user-role-change = Rôle modifié
audit-action-user-activate = Compte réactivé
audit-action-user-deactivate = Compte désactivé
audit-action-user-password-reset = Mot de passe réinitialisé par un administrateur
audit-action-user-password-reset-cli = Mot de passe réinitialisé en ligne de commande
audit-action-user-password-change = Mot de passe changé
audit-action-user-pin-set = Code PIN défini
audit-action-user-pin-clear = Code PIN supprimé
audit-action-user-2fa-begin = Activation de la double authentification commencée
audit-action-user-2fa-enable = Double authentification activée
audit-action-user-2fa-disable = Double authentification désactivée
audit-action-user-2fa-reset = Double authentification réinitialisée par un administrateur
audit-action-user-preferences = Préférences modifiées
audit-action-settings-update = Réglages modifiés
audit-action-organisation-create = Atelier créé
audit-action-organisation-update = Informations de l'atelier modifiées
