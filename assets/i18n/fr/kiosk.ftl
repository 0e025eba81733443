# Mode kiosque.
settings-kiosk = Mode kiosque (ce poste)
settings-kiosk-hint = Plein écran, sans bordure de fenêtre, commandes tactiles ; seul un administrateur peut quitter. Pris en compte au prochain démarrage (ou lancez rpma --kiosk).
settings-kiosk-enable = Démarrer ce poste en mode kiosque
kiosk-exit-open = Quitter le mode kiosque
kiosk-exit-title = Quitter le mode kiosque
kiosk-exit-explain = Seul un administrateur peut fermer RPMA sur ce poste.
kiosk-exit-login = Administrateur (identifiant)
kiosk-exit-with-password = Par mot de passe
kiosk-exit-with-pin = Par code PIN
kiosk-exit-confirm = Fermer RPMA
kiosk-exit-cancel = Annuler
kiosk-exit-missing = Saisissez l'identifiant et le mot de passe (ou le code PIN) d'un administrateur.
err-kiosk-admin-only = Seul un administrateur peut quitter le mode kiosque.
kiosk-exit-code = Code de l'application d'authentification (6 chiffres)
err-kiosk-totp-needed = Cet administrateur utilise la vérification en deux étapes : saisissez à nouveau le mot de passe et le code de l'application d'authentification.
