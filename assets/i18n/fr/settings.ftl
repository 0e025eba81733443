# settings — français

settings-subtitle = Atelier, langue, horaires d'ouverture et règles de sécurité, pour tout l'atelier.
settings-unsaved = Modifications non enregistrées
settings-all-saved = Tous les réglages sont enregistrés.
settings-save = Enregistrer
settings-discard = Annuler les modifications
settings-discard-confirm = Revenir aux valeurs enregistrées ? Ce que vous avez saisi depuis sera perdu.
settings-discard-yes = Abandonner les modifications
settings-discard-no = Continuer la saisie
settings-saved = Réglages enregistrés.
settings-range-hint = Entre { $min } et { $max }.
settings-err-number = Saisissez un nombre entier.

## Organisation
settings-org = Organisation
settings-org-hint = Ces informations figurent sur les devis, les rapports d'intervention et les certificats de garantie.
settings-logo = Logo
settings-logo-hint = PNG ou JPEG, 10 Mo au maximum ; il figure en tête des documents. Les grandes images sont réduites à 512 × 512 pixels.
settings-logo-choose = Choisir un logo…
settings-logo-remove = Retirer le logo
settings-logo-none = Aucun logo
settings-logo-alt = Logo de l'atelier
settings-logo-dialog-title = Choisir le logo de l'atelier
settings-logo-opening = Ouverture de l'image…
settings-address-line2 = Complément d'adresse
settings-country = Pays (code ISO, par exemple FR)

## Langue et fuseau horaire
settings-locale-tz = Langue et fuseau horaire
settings-locale = Langue par défaut
settings-locale-hint = Utilisée pour les documents et les nouveaux comptes. Chacun choisit sa propre langue dans son profil.
settings-timezone = Fuseau horaire
settings-timezone-hint = Les dates et heures de l'atelier sont affichées dans ce fuseau.
settings-tz-paris = France métropolitaine
settings-tz-guadeloupe = Guadeloupe, Saint-Martin, Saint-Barthélemy
settings-tz-martinique = Martinique
settings-tz-cayenne = Guyane
settings-tz-reunion = La Réunion
settings-tz-mayotte = Mayotte
settings-tz-miquelon = Saint-Pierre-et-Miquelon
settings-tz-noumea = Nouvelle-Calédonie
settings-tz-tahiti = Polynésie française (Tahiti)
settings-tz-wallis = Wallis-et-Futuna
settings-tz-brussels = Belgique
settings-tz-luxembourg = Luxembourg
settings-tz-zurich = Suisse
settings-tz-monaco = Monaco
settings-tz-utc = Temps universel coordonné

## Horaires d'ouverture
settings-hours = Horaires d'ouverture
settings-hours-hint = Heures au format HH:MM (24 h), dans le fuseau de l'atelier. Décochez un jour pour le marquer fermé.
settings-hours-day = Jour
settings-hours-open = Ouverture
settings-hours-close = Fermeture
settings-closed = Fermé
settings-hours-open-field = { $day }, ouverture
settings-hours-close-field = { $day }, fermeture
settings-day-mon = Lundi
settings-day-tue = Mardi
settings-day-wed = Mercredi
settings-day-thu = Jeudi
settings-day-fri = Vendredi
settings-day-sat = Samedi
settings-day-sun = Dimanche

## Sécurité
settings-security = Sécurité
settings-passwords = Mots de passe
settings-password-min = Longueur minimale du mot de passe
settings-require-upper = Exiger une majuscule
settings-require-lower = Exiger une minuscule
settings-require-digit = Exiger un chiffre
settings-require-symbol = Exiger un caractère spécial
settings-password-note = Ces règles s'appliquent aux nouveaux mots de passe ; les mots de passe actuels restent valables.
settings-lockout = Verrouillage des comptes
settings-lockout-threshold = Échecs avant verrouillage
settings-lockout-window = Période de comptage des échecs (minutes)
settings-lockout-duration = Durée du verrouillage (minutes)
settings-sessions = Sessions
settings-idle-timeout = Délai d'inactivité (minutes)
settings-session-max = Durée maximale d'une session (heures)
settings-admins = Comptes administrateurs
settings-require-2fa = Double authentification obligatoire pour les administrateurs
settings-require-2fa-hint = Un administrateur qui ne l'a pas encore activée devra le faire à sa prochaine connexion.
settings-admins-password = Les administrateurs se connectent avec leur mot de passe, jamais avec un code PIN

settings-planning = Planification
settings-planning-hint = Les baies de l’atelier, la charge maximale d’un technicien et la durée proposée pour un nouveau travail.
settings-bays = Baies (une par ligne)
settings-bays-hint = Un travail est planifié dans l’une de ces baies ; deux travaux ne peuvent pas occuper la même baie en même temps.
settings-max-jobs-per-day = Travaux par technicien et par jour (maximum)
settings-default-job-minutes = Durée proposée d’un travail (minutes)
org-warn-vat-siren = Le SIREN de ce numéro de TVA ({ $vat_siren }) n'est pas celui du SIRET ({ $siren }) : vérifiez qu'il s'agit bien de la même entreprise.
