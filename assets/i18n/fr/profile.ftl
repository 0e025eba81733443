# profile — français

profile-subtitle = Vos coordonnées, vos préférences et la sécurité de votre compte.
profile-last-login = Dernière connexion
profile-never = Jamais
profile-member-since = Compte créé le
profile-2fa-badge-on = Vérification en deux étapes activée
profile-2fa-badge-off = Vérification en deux étapes désactivée
profile-pin-badge = Code PIN défini
profile-cancel = Annuler

## Coordonnées
profile-contact = Coordonnées
profile-contact-help = Votre nom apparaît dans le menu, sur les interventions et dans le journal d'audit.
profile-phone = Téléphone (facultatif)
profile-contact-save = Enregistrer les coordonnées
profile-contact-saved = Coordonnées enregistrées.

## Langue et thème
profile-prefs = Langue et thème

## Mot de passe
profile-password = Mot de passe
profile-password-help = Choisissez un mot de passe que vous n'utilisez nulle part ailleurs et ne le communiquez à personne.
profile-password-change = Changer le mot de passe
profile-current-password = Mot de passe actuel
profile-password-submit = Enregistrer le nouveau mot de passe
profile-password-saved = Mot de passe modifié. Utilisez-le dès votre prochaine connexion.

## Code PIN
profile-pin = Code PIN
profile-pin-help = Le code PIN permet de changer rapidement d'utilisateur sur un poste partagé de l'atelier, avec le bouton « Changer d'utilisateur par PIN » de l'écran de connexion.
profile-pin-on = Défini
profile-pin-off = Non défini
profile-pin-set = Définir un code PIN
profile-pin-change = Changer le code PIN
profile-pin-remove = Supprimer le code PIN
profile-pin-remove-confirm = Supprimer votre code PIN ? Vous ne pourrez plus changer d'utilisateur par PIN tant que vous n'en aurez pas défini un autre.
profile-pin-remove-yes = Oui, supprimer
profile-pin-new = Nouveau code PIN
profile-pin-confirm = Confirmer le code PIN
profile-pin-hint = De 4 à 8 chiffres, sans chiffres tous identiques ni suite (comme 1234).
profile-pin-mismatch = Les deux codes PIN ne correspondent pas.
profile-pin-submit = Enregistrer le code PIN
profile-pin-saved = Code PIN enregistré.
profile-pin-removed = Code PIN supprimé.

## Vérification en deux étapes
profile-2fa = Vérification en deux étapes
profile-2fa-help = En plus du mot de passe, chaque connexion demande le code à 6 chiffres affiché par une application d'authentification (Google Authenticator, Microsoft Authenticator, FreeOTP…).
profile-2fa-on = Activée
profile-2fa-off = Désactivée
profile-2fa-enable = Activer
profile-2fa-scan = Scannez ce QR code avec votre application d'authentification, puis saisissez le code à 6 chiffres qu'elle affiche.
profile-2fa-copy-key = Copier la clé
profile-2fa-confirm = Vérifier et activer
profile-2fa-enabled = Vérification en deux étapes activée.
profile-2fa-codes-left = { $count ->
    [0] Aucun code de secours restant.
    [one] Il reste 1 code de secours.
   *[other] Il reste { $count } codes de secours.
}
profile-2fa-codes-low = Il vous reste peu de codes de secours : désactivez puis réactivez la vérification pour en obtenir dix nouveaux.
profile-2fa-copy = Copier tous les codes
profile-2fa-copied = Codes de secours copiés dans le presse-papiers.
profile-2fa-codes-done = J'ai noté mes codes
profile-2fa-disable = Désactiver
profile-2fa-disable-help = Saisissez votre mot de passe pour désactiver la vérification en deux étapes. Vos codes de secours ne seront plus valables.
profile-2fa-disable-submit = Désactiver la vérification
profile-2fa-disabled = Vérification en deux étapes désactivée.

## Connexions récentes
profile-logins = Connexions récentes
profile-logins-help = Vos 20 dernières connexions. Une connexion que vous ne reconnaissez pas ? Changez votre mot de passe et prévenez un administrateur.
profile-logins-when = Date et heure
profile-logins-method = Méthode
profile-logins-terminal = Poste
profile-logins-empty = Aucune connexion enregistrée pour l'instant.
profile-method-password = Mot de passe
profile-method-pin = Code PIN
profile-method-totp = Code 2FA
profile-method-recovery = Code de secours
