# users — français

users-subtitle = Comptes de l'équipe, rôles et accès.
users-subtitle-readonly = Comptes de l'équipe, en lecture seule : seuls les administrateurs les modifient.
users-new = Nouvel utilisateur
users-search = Rechercher
users-search-hint = Nom, identifiant ou e-mail
users-filter-role = Rôle
users-all-roles = Tous les rôles
users-show-inactive = Afficher les comptes désactivés
users-list-title = Comptes
users-count-all = { $total ->
    [one] { $total } compte
   *[other] { $total } comptes
}
users-count-filtered = { $shown } sur { $total } comptes
users-empty = Aucun compte ne correspond à ces critères.
users-empty-hint = Modifiez la recherche ou affichez aussi les comptes désactivés.
users-clear-filters = Effacer les filtres
users-locked-banner = { $count ->
    [one] Un compte est verrouillé après trop de tentatives : { $names }. Ouvrez-le pour le débloquer.
   *[other] { $count } comptes sont verrouillés après trop de tentatives : { $names }. Ouvrez-les pour les débloquer.
}
users-locked-banner-readonly = { $count ->
    [one] Un compte est verrouillé après trop de tentatives : { $names }. Un administrateur peut le débloquer.
   *[other] { $count } comptes sont verrouillés après trop de tentatives : { $names }. Un administrateur peut les débloquer.
}
users-col-user = Utilisateur
users-col-email = E-mail
users-col-role = Rôle
users-col-status = Statut
users-col-2fa = 2FA
users-col-pin = PIN
users-col-last-login = Dernière connexion
users-open = Ouvrir la fiche du compte
users-active = Actif
users-inactive = Désactivé
users-locked-until = Verrouillé jusqu'à { $time }
users-yes = Oui
users-no = Non
users-never = Jamais

users-back = Tous les utilisateurs
users-new-title = Nouvel utilisateur
users-new-subtitle = Créez le compte d'un membre de l'équipe.
users-identity = Identité
users-username-hint = L'identifiant sert à se connecter : 3 à 32 caractères, lettres, chiffres, « . », « _ » ou « - ».
users-language = Langue de l'interface
users-role = Rôle
users-role-desc-admin = Tout l'atelier, plus les utilisateurs, les réglages, les sauvegardes et le journal d'audit.
users-role-desc-supervisor = Planifie et attribue les travaux, établit les devis, gère le stock ; consulte les comptes sans les modifier.
users-role-desc-technician = Réalise les interventions qui lui sont attribuées.
users-role-desc-viewer = Consulte les données de l'atelier sans rien modifier.
users-initial-password-title = Mot de passe de première connexion
users-initial-password = Mot de passe initial
users-first-login-note = Ce mot de passe ne sert qu'une fois : à sa première connexion, la personne devra choisir son propre mot de passe. Communiquez-le-lui de vive voix ou en main propre.
users-create = Créer le compte
users-cancel = Annuler

users-readonly-note = Lecture seule : seuls les administrateurs peuvent modifier les comptes.
users-own-account = C'est votre propre compte. Votre mot de passe, votre code PIN et la double authentification se gèrent dans « Mon profil ».
users-open-profile = Ouvrir mon profil
users-contact = Coordonnées
users-email = E-mail
users-phone = Téléphone
users-save-contact = Enregistrer les coordonnées
users-created-at = Compte créé le
users-change-role = Changer le rôle
users-own-role = Personne ne peut changer son propre rôle : demandez-le à un autre administrateur.
users-security = Sécurité
users-2fa = Double authentification
users-2fa-on = Activée
users-2fa-off = Non activée
users-pin = Code PIN
users-pin-set = Défini
users-pin-none = Aucun
users-password-state = Mot de passe
users-password-ok = Choisi par la personne
users-must-change = Mot de passe à changer
users-lock = Verrouillage
users-not-locked = Aucun
users-lock-detail = { $kind } — jusqu'à { $time }
users-lock-password = Mot de passe
users-lock-pin = Code PIN
users-lock-totp = Code de vérification
users-unlock = Débloquer le compte
users-reset-password = Réinitialiser le mot de passe
users-reset-2fa = Réinitialiser la double authentification
users-own-security = Un administrateur ne réinitialise pas son propre mot de passe ni sa double authentification ici : utilisez « Mon profil », qui demande votre mot de passe actuel.
users-access = Accès au compte
users-access-active = Le compte est actif : la personne peut se connecter.
users-access-inactive = Le compte est désactivé : la personne ne peut plus se connecter. Ses données et son historique sont conservés.
users-deactivate = Désactiver le compte
users-reactivate = Réactiver le compte
users-own-deactivate = Vous ne pouvez pas désactiver votre propre compte.

users-confirm-role-title = Changer le rôle ?
users-confirm-role = { $name } passera du rôle « { $from } » au rôle « { $to } ». Ses droits changent immédiatement.
users-confirm-role-yes = Oui, changer le rôle
users-confirm-deactivate-title = Désactiver ce compte ?
users-confirm-deactivate = { $name } ne pourra plus se connecter. Ses données et son historique sont conservés, et vous pourrez réactiver le compte à tout moment.
users-confirm-deactivate-yes = Oui, désactiver
users-confirm-reactivate-title = Réactiver ce compte ?
users-confirm-reactivate = { $name } pourra de nouveau se connecter avec son mot de passe actuel.
users-confirm-reactivate-yes = Oui, réactiver
users-confirm-reset-password-title = Réinitialiser le mot de passe ?
users-confirm-reset-password = Le mot de passe actuel de { $name } ne fonctionnera plus. Un mot de passe temporaire sera affiché une seule fois et devra être changé à la prochaine connexion. Les verrouillages du compte seront levés.
users-confirm-reset-password-yes = Oui, réinitialiser
users-confirm-reset-2fa-title = Réinitialiser la double authentification ?
users-confirm-reset-2fa = { $name } se connectera avec son seul mot de passe ; ses codes de secours ne fonctionneront plus. Il pourra réactiver la double authentification dans « Mon profil ».
users-confirm-reset-2fa-yes = Oui, réinitialiser la 2FA

users-temp-title = Mot de passe réinitialisé
users-temp-intro = Voici le mot de passe temporaire de { $name }. Il ne sera plus jamais affiché : notez-le ou copiez-le maintenant.
users-temp-password = Mot de passe temporaire
users-copy = Copier
users-copied = Copié
users-temp-warning = { $name } devra le remplacer par un mot de passe personnel à sa prochaine connexion.
users-temp-done = J'ai noté le mot de passe

users-created = Compte de { $name } créé.
users-contact-saved = Coordonnées de { $name } enregistrées.
users-role-saved = Rôle de { $name } : { $role }.
users-deactivated = Compte de { $name } désactivé.
users-reactivated = Compte de { $name } réactivé.
users-unlocked = Compte de { $name } débloqué.
users-2fa-reset-done = Double authentification de { $name } réinitialisée.
users-password-reset-done = Mot de passe de { $name } réinitialisé.
