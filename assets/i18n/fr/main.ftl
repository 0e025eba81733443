# RPMA — catalogue français (langue par défaut).
# Chaque texte visible par l'utilisateur vient d'ici ; en.ftl a exactement les mêmes clés.

app-title = RPMA — Gestion d'atelier PPF
loading = Chargement…
retry = Réessayer
refresh = Actualiser
saving = Enregistrement…
close = Fermer
logout = Se déconnecter
form-has-errors = Certains champs sont à corriger (voir les messages en rouge).
fatal-title = RPMA ne peut pas démarrer
fatal-worker-title = RPMA doit fermer
fatal-worker-stopped = L'enregistrement a échoué plusieurs fois de suite : RPMA s'est arrêté pour ne pas perdre davantage de travail. Les dernières actions n'ont peut-être pas été enregistrées. Fermez puis relancez RPMA ; si cela recommence, envoyez au support les journaux du dossier { $logs }.
err-job-failed = L'action a échoué et n'a pas été enregistrée. Réessayez ; si cela recommence, redémarrez RPMA.

## Navigation
nav-dashboard = Tableau de bord
nav-maintenance = Maintenance
nav-users = Utilisateurs
nav-settings = Réglages
nav-audit = Journal d'audit
nav-profile = Mon profil
nav-about = À propos
nav-my-day = Ma journée
nav-atelier = Atelier
nav-calendar = Planning
nav-jobs = Travaux
nav-clients = Clients
nav-vehicles = Véhicules
nav-zones = Zones PPF
nav-trash = Corbeille
nav-new-job = Nouveau travail

## Rôles
role-admin = Administrateur
role-supervisor = Superviseur
role-technician = Technicien
role-viewer = Lecture seule

## Barre d'état
status-signed-out = Non connecté
status-sync-local = Local (synchronisation non configurée)

## Connexion
login-title = Connexion
login-subtitle = Identifiez-vous pour accéder à l'atelier.
login-username = Identifiant ou e-mail
login-password = Mot de passe
login-submit = Se connecter
login-checking = Vérification…
login-missing = Saisissez votre identifiant et votre mot de passe.

## Première installation
setup-title = Bienvenue dans RPMA
setup-subtitle = Quelques informations pour préparer votre atelier. Vous pourrez les modifier plus tard.
setup-language = Langue de l'interface
setup-shop = Votre atelier
setup-admin = Compte administrateur
setup-admin-hint = Ce premier compte gère les utilisateurs, les réglages et les sauvegardes.
setup-submit = Créer l'atelier et se connecter
setup-done = Atelier créé. Bienvenue !
setup-logo = Logo
setup-logo-hint = Facultatif. PNG ou JPEG, 10 Mo au maximum ; il figurera sur vos devis et rapports. Les grandes images sont réduites à 512 × 512 pixels.
setup-logo-choose = Choisir un logo…
setup-logo-remove = Retirer le logo
setup-logo-none = Aucun logo
setup-logo-alt = Logo de l'atelier
setup-logo-dialog-title = Choisir le logo de l'atelier
setup-logo-opening = Ouverture de l'image…
file-dialog-images = Images
file-dialog-unavailable = La boîte de dialogue de fichiers du système n'est pas disponible sur ce poste (ni portail de bureau, ni zenity) : choisissez dans le navigateur de RPMA ci-dessous (clés USB, cartes mémoire, dossier d'import).
file-prepare-failed = Impossible de préparer cette image (erreur interne, notée dans le journal). Essayez un autre fichier.
password-policy-hint = Au moins 10 caractères, avec une majuscule, une minuscule et un chiffre.

## Organisation
org-name = Nom de l'atelier
org-legal-name = Raison sociale
org-siret = SIRET
org-vat = N° de TVA intracommunautaire
org-address = Adresse
org-postal-code = Code postal
org-city = Ville
org-phone = Téléphone
org-email = E-mail de l'atelier

## Utilisateurs
user-username = Identifiant
user-display-name = Nom affiché
user-email-optional = E-mail (facultatif)
user-password = Mot de passe
user-password-confirm = Confirmer le mot de passe

## Tableau de bord
dashboard-hello = Bonjour { $name }, voici votre atelier aujourd'hui.
dashboard-active-users = Comptes actifs
dashboard-audit-today = Événements journalisés aujourd'hui
dashboard-db-size = Taille de la base
dashboard-shop = Atelier
dashboard-no-shop = L'atelier n'est pas encore renseigné.
dashboard-team = Équipe

## Maintenance
maint-subtitle = Sauvegardes, santé et statistiques des données de l’atelier.
maint-check-title = Vérification d'intégrité
maint-check-help = Contrôle l'intégrité du fichier, les clés étrangères, la version du schéma et la chaîne du journal d'audit (comme « rpma db check »).
maint-check-run = Lancer la vérification
maint-check-running = Vérification en cours…
maint-check-ok = La base de données est saine.
maint-check-failed = La vérification a trouvé des problèmes.
maint-stats = Statistiques
maint-db-file = Fichier de base
maint-data-dir = Dossier de données
maint-file-size = Taille du fichier
maint-wal-size = Journal WAL
maint-pages = Pages
maint-pages-value = { $count } pages de { $size } octets ({ $free } libres)
maint-schema = Schéma
maint-schema-value = niveau { $level } (version attendue : { $latest })
maint-engine = Moteur
maint-tables = Tables
maint-table = Table
maint-rows = Lignes
check-integrity = Intégrité du fichier
check-foreign-keys = Clés étrangères
check-schema = Version du schéma
check-audit-chain = Chaîne du journal d'audit
check-pass = Conforme
check-fail = Problème
check-audit-broken = Journal d'audit altéré à l'entrée n° { $seq } ({ $id })
check-audit-truncated = Journal d'audit tronqué : l'entrée n° { $seq } avait été enregistrée, le journal s'arrête maintenant à la n° { $id }
check-audit-replaced = Fin du journal d'audit réécrite : l'entrée n° { $seq } n'est plus celle qui avait été enregistrée
check-audit-head-missing = La fin signée du journal d'audit a disparu (dernière entrée n° { $seq }) : des entrées ont pu être supprimées
check-audit-key-missing = Le fichier de clé (rpma.key) n'est pas à côté de la base : la fin du journal d'audit ne peut pas être vérifiée
check-audit-head-forged = La fin signée du journal d'audit ne correspond pas à la clé de cet atelier (entrée n° { $seq })
check-audit-unsigned-tail = { $id } entrées d'audit après la n° { $seq } ont été ajoutées par autre chose que RPMA

## Préférences
prefs-subtitle = Réglages propres à votre compte.
prefs-language = Langue
prefs-theme = Thème
prefs-saved = Préférences enregistrées.
theme-light = Clair
theme-dark = Sombre

## À propos
about-subtitle = Version, emplacement des données, raccourcis clavier.
about-version = Version
about-logs = Journaux
about-platform = Plateforme
about-shortcuts = Raccourcis clavier
about-licences = Licences
about-licence-app = RPMA est distribué sous licence MIT ou Apache-2.0.
about-licence-fonts = Police Inter (SIL Open Font License 1.1) · Icônes Phosphor (MIT).
shortcut-nav = Aller à l'entrée 1 à 9 du menu
shortcut-history = Page précédente / page suivante
shortcut-logout = Se déconnecter
shortcut-theme = Basculer thème clair / sombre
shortcut-language = Basculer français / anglais
shortcut-zoom = Agrandir / réduire l'affichage

## Ligne de commande
cli-check-file = Base : { $path }
cli-check-unreadable = Fichier illisible : { $detail }
cli-check-schema = Version du schéma : { $level } (attendue : { $latest })
cli-check-pass = Résultat : base saine.
cli-check-failed = Résultat : problèmes détectés.
cli-migrate-uptodate = La base est déjà au niveau { $level }.
cli-migrate-applied = Base migrée du niveau { $from } au niveau { $to }.
cli-migrate-copy = Copie de sécurité avant migration : { $path }

## Erreurs
err-required = Champ obligatoire.
err-email = Adresse e-mail invalide.
err-email-taken = Cette adresse e-mail est déjà utilisée.
err-username = 3 à 32 caractères : lettres, chiffres, « . », « _ » ou « - ».
err-username-taken = Cet identifiant est déjà pris.
err-siret = SIRET invalide (14 chiffres avec clé de contrôle).
err-vat = Numéro de TVA invalide.
err-postal-code-fr = Un code postal français a 5 chiffres.
err-password-short = Au moins { $min } caractères.
err-password-long = 128 caractères au maximum.
err-password-upper = Au moins une majuscule.
err-password-lower = Au moins une minuscule.
err-password-digit = Au moins un chiffre.
err-password-symbol = Au moins un caractère spécial.
err-password-mismatch = Les deux mots de passe ne correspondent pas.
err-bad-credentials = Identifiant ou mot de passe incorrect.
err-setup-done = L'atelier est déjà configuré.
err-hash = Le mot de passe n'a pas pu être chiffré.
err-forbidden = Vous n'avez pas les droits pour cette action.
err-not-found = Élément introuvable (il a peut-être été supprimé).
seed-err-not-new = Ce dossier contient déjà un atelier : rien n'a été généré.
seed-err-table = Le générateur ne peut pas écrire dans cette table.
err-db = Erreur de base de données : { $detail }
err-io = Accès impossible à { $path } : { $detail }
err-schema-too-new = Cette base de données vient d'une version plus récente de RPMA (niveau { $found }, cette version connaît le niveau { $known }). Installez la dernière version de RPMA ; le fichier n'a pas été modifié.
err-already-running = Le dossier de données { $path } est déjà utilisé par une autre fenêtre RPMA (processus { $pid }). Fermez-la ou utilisez un autre dossier.
err-not-a-database = { $path } n'est pas une base RPMA valide ({ $detail }).
err-locked = Compte temporairement verrouillé après trop de tentatives. Réessayez plus tard ou demandez à un administrateur de le débloquer.
err-bad-pin = Code PIN incorrect.
err-pin-admin = Les administrateurs se connectent avec leur mot de passe, pas avec un code PIN.
err-pin-password-change = Votre mot de passe doit être changé : connectez-vous avec votre mot de passe (pas votre code PIN) pour en choisir un nouveau.
err-pin-format = Le code PIN doit comporter de { $min } à { $max } chiffres.
err-pin-weak = Code PIN trop facile à deviner (chiffres identiques ou suite comme 1234).
err-last-admin = Impossible : l'atelier doit garder au moins un administrateur actif.
err-range = Valeur attendue entre { $min } et { $max }.
err-hours = Horaire invalide : format HH:MM, l'ouverture avant la fermeture.
err-timezone = Fuseau horaire inconnu (exemple : Europe/Paris).
err-totp-code = Code de vérification incorrect ou déjà utilisé.
err-recovery-code = Code de secours incorrect ou déjà utilisé.
err-totp-already = La double authentification est déjà activée sur ce compte.
err-totp-not-enabled = La double authentification n'est pas activée sur ce compte.
err-no-pending-totp = Aucune activation de la double authentification en cours : recommencez depuis le début.
err-2fa-required = La double authentification est obligatoire pour les administrateurs de cet atelier.
err-login-expired = Votre connexion a expiré : identifiez-vous de nouveau.
err-current-password = Mot de passe actuel incorrect.
err-password-reused = Le nouveau mot de passe doit être différent de l'actuel.
err-phone = Numéro de téléphone invalide.
err-logo-image = Ce fichier n'est pas une image lisible. Choisissez une image PNG ou JPEG.
err-logo-too-big = Image trop volumineuse : 10 Mo au maximum.
err-login-extra-step = Ce compte demande une étape de connexion supplémentaire (code de double authentification, nouveau mot de passe ou activation de la double authentification) que cet écran ne propose pas.

## Ligne de commande — comptes
cli-no-database = Aucune base de données dans { $path }.
cli-reset-done = Mot de passe temporaire de { $user } : { $password }
cli-reset-next = Il devra être changé à la prochaine connexion. Les verrouillages du compte sont levés.
file-browser-places = Emplacements
file-browser-place-import = Dossier d'import
file-browser-place-home = Dossier personnel
file-browser-place-pictures = Images
file-browser-no-media = Aucune clé USB ni carte mémoire détectée : branchez-la, puis touchez « Actualiser ».
file-browser-refresh = Actualiser
file-browser-parent = Dossier parent
file-browser-pick-place = Choisissez un emplacement à gauche.
file-browser-loading = Lecture du dossier…
file-browser-unreadable = Ce dossier ne peut pas être lu : { $error }
file-browser-empty = Aucune image JPEG ou PNG dans ce dossier.
file-browser-skipped = { $count ->
    [one] 1 image HEIC, WebP ou d'un autre format non pris en charge n'est pas affichée.
   *[other] { $count } images HEIC, WebP ou d'un autre format non pris en charge ne sont pas affichées.
}
file-browser-hint-multi = Touchez les photos à ajouter, dans l'ordre voulu.
file-browser-hint-single = Touchez le fichier à utiliser.
file-browser-selected = { $count ->
    [one] 1 photo sélectionnée
   *[other] { $count } photos sélectionnées, numérotées dans l'ordre où elles seront ajoutées
}
file-browser-add = { $count ->
    [0] Ajouter
    [one] Ajouter 1 photo
   *[other] Ajouter { $count } photos
}
file-browser-choose = Choisir ce fichier
file-browser-cancel = Annuler
file-browser-broken = Le navigateur de fichiers n'a pas pu démarrer. Fermez cette fenêtre et réessayez ; si cela se reproduit, redémarrez RPMA et consultez le journal.
