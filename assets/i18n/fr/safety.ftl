## Pannes du disque (issue 15 point 8) et copies des sauvegardes dans un stockage objet (point 6)

err-disk-full = Le disque est plein : impossible d'écrire { $path }. Libérez de la place (ou choisissez un autre dossier) puis réessayez ; rien de ce qui était enregistré n'est perdu.
err-disk-read-only = { $path } est sur un disque ou un partage en lecture seule : rien ne peut y être écrit. Choisissez un autre dossier ou rendez-le accessible en écriture.
err-disk-denied = RPMA n'a pas le droit d'écrire dans { $path }. Vérifiez les droits du dossier ou choisissez-en un autre.
err-db-disk-full = Le disque est plein : cette modification n'a pas été enregistrée. Tout ce qui était enregistré avant est intact. Libérez de la place puis réessayez.
err-db-read-only = La base de données est en lecture seule (disque ou fichier en lecture seule) : cette modification n'a pas été enregistrée. Tout ce qui était enregistré avant est intact.
err-db-denied = La base de données ne peut pas être modifiée (droits d'accès) : cette modification n'a pas été enregistrée. Tout ce qui était enregistré avant est intact.

backup-stage-upload = Copie vers le stockage objet

backup-remote-kind-s3 = S3 (Amazon ou compatible)
backup-remote-kind-gcs = Google Cloud Storage
backup-remote-kind-fs = Dossier (partage réseau)
backup-remote-err-bucket = Le nom du bucket compte de 3 à 222 lettres minuscules, chiffres, points, tirets ou soulignés, et commence et finit par une lettre ou un chiffre.
backup-remote-err-folder = Indiquez le chemin complet du dossier (par exemple /mnt/partage/rpma).
backup-remote-err-prefix = Le préfixe est un chemin de dossiers faits de lettres, chiffres, « . », « _ » et « - », séparés par « / ».
backup-remote-err-endpoint = L'adresse commence par https:// (ou http:// sur le réseau de l'atelier), suivi du nom du serveur.
backup-remote-err-region = Une région s'écrit comme eu-west-3 (lettres, chiffres et tirets).
backup-remote-err-access-key = L'identifiant de clé d'accès ne contient ni espace ni guillemet (128 caractères au plus).
backup-remote-err-gcs-key = Collez le fichier de clé du compte de service (JSON, avec client_email et private_key).
backup-remote-err-secret-unreadable = La clé de stockage enregistrée ne s'ouvre pas avec la clé de cet atelier (les réglages viennent d'un autre dossier de données). Saisissez la clé à nouveau.
backup-remote-err-not-configured = Aucun stockage objet n'est configuré pour copier les sauvegardes (Réglages → Sauvegardes, ou rpma backup remote set).
backup-remote-err-not-found = Stockage objet { $location } : bucket ou objet introuvable. Vérifiez le nom du bucket. ({ $detail })
backup-remote-err-denied = Le stockage objet { $location } a refusé les identifiants. Vérifiez la clé d'accès et ses droits. ({ $detail })
backup-remote-err-failed = La copie vers { $location } a échoué : { $detail }. La sauvegarde locale est intacte ; la copie sera retentée à la prochaine sauvegarde.
backup-remote-err-size = La copie { $location } fait { $found } octets au lieu de { $expected } : elle a été supprimée. Réessayez.

cli-remote-uploaded = Copiée vers { $location } ({ $size } en { $secs } s, { $rate }).
cli-remote-pruned = Copies plus anciennes supprimées selon les règles de conservation : { $count }.
cli-remote-none = Aucune sauvegarde dans { $location }.
cli-remote-saved = Réglages du stockage objet enregistrés : { $location } (copie { $state }).
cli-remote-state-on = activée
cli-remote-state-off = désactivée
cli-remote-show = { $location } ({ $kind }), copie { $state }, clé { $secret }.
cli-remote-secret-set = enregistrée
cli-remote-secret-unset = non enregistrée
cli-remote-secret-prompt = Clé secrète (masquée) :
cli-remote-bad-kind = Type de stockage « { $value } » inconnu : utilisez s3, gcs ou fs.

## Sauvegardes dans l’application, maintenance, récupération au démarrage (issue 15, côté application)

audit-settings-backups = Sauvegardes

backup-err-no-key = La clé de l’atelier (rpma.key) est introuvable : la phrase de passe des sauvegardes planifiées ne peut pas être ouverte.
backup-err-sealed-passphrase = La phrase de passe des sauvegardes planifiées ne s’ouvre plus avec la clé de l’atelier. Saisissez-la de nouveau dans Réglages → Sauvegardes.

backup-set-err-time = Heure invalide (0 à 23 h, 0 à 59 min).
backup-set-err-hours = Choisissez entre { $min } et { $max } heures.
backup-set-err-keep-range = Au plus { $max }.
backup-set-err-keep-none = Gardez au moins une sauvegarde (quotidienne, hebdomadaire ou mensuelle).
backup-set-err-dest-relative = Indiquez un chemin complet (par exemple /media/usb/sauvegardes).
backup-set-err-dest-inside-data = Ce dossier est à l’intérieur du dossier de données : une restauration le mettrait de côté avec lui. Choisissez le dossier « backups » ou un autre disque.
backup-set-err-dest-not-folder = Impossible d’utiliser { $path } comme dossier : { $detail }
backup-set-err-dest-not-writable = Impossible d’écrire dans { $path } : { $detail }
backup-set-err-dest-space = Pas assez de place : { $free } Mo libres, environ { $needed } Mo nécessaires pour une sauvegarde.
backup-set-err-passphrase-required = Saisissez une phrase de passe.
backup-set-err-passphrase-short = Au moins { $min } caractères.
backup-set-err-passphrase-mismatch = Les deux phrases de passe diffèrent.

## Tâches de fond
task-backup = Sauvegarde
task-backup-scheduled = Sauvegarde planifiée
task-backup-exit = Sauvegarde avant fermeture
task-verify = Vérification
task-restore-prepare = Préparation de la restauration
task-restore = Restauration
task-list = Liste des sauvegardes
task-status = État des sauvegardes
task-photo-stats = Statistiques des photos
task-logs = Lecture des journaux
task-recovery = Recherche des sauvegardes
task-cancel = Annuler
task-cancelling = Annulation…
task-photos = Photos
task-photos-importing = Import des photos
task-count = { $title } : { $done } / { $total }
err-task-failed = Une tâche de fond a échoué de façon inattendue ; rien n’a été modifié. Le détail est dans les journaux.
backup-stage-reopen = Réouverture des données

## Barre d’état
status-read-only = Disque en lecture seule
status-backup-alert = Sauvegarde à faire

## Maintenance : sauvegardes
maint-backups = Sauvegardes
maint-backups-folder = Dossier : { $dir }
maint-backups-none = Aucune sauvegarde dans ce dossier. Créez la première avec « Créer une sauvegarde ».
maint-backup-create = Créer une sauvegarde
maint-backup-create-help = Une sauvegarde contient la base de données, toutes les photos, signatures et documents, et la clé de l’atelier. L’application reste utilisable pendant qu’elle s’écrit.
maint-backup-encrypt = Chiffrer avec une phrase de passe
maint-backup-encrypt-help = La phrase de passe n’est enregistrée nulle part : notez-la, sans elle la sauvegarde ne peut pas être restaurée.
maint-backup-start = Lancer la sauvegarde
maint-backup-done = Sauvegarde créée et vérifiée : { $file } ({ $size }).
maint-verify-ok = Sauvegarde vérifiée : { $file } est intacte.
maint-passphrase = Phrase de passe
maint-passphrase-again = Phrase de passe (confirmation)
maint-passphrase-for = { $file } est chiffrée : saisissez sa phrase de passe.
maint-restore-file = Restaurer depuis un fichier…
maint-restore-cancelled = Restauration annulée ; rien n’a été modifié.
maint-verify = Vérifier
maint-restore = Restaurer
maint-verified-ok = Vérifiée
maint-verified-failed = Échec
maint-verified-unknown = Non vérifiée

## Maintenance : base de données, photos, journaux
maint-db-tools = Fichier de la base
maint-checkpoint-help = Le point de contrôle reporte le journal WAL dans le fichier de la base (fait aussi à chaque fermeture).
maint-checkpoint-run = Point de contrôle WAL
maint-checkpoint-done = Journal WAL : { $before } avant, { $after } après.
maint-wal-now = Journal WAL actuel : { $size }.
maint-vacuum-help = Le compactage (VACUUM) reconstruit le fichier sans ses pages libres. Il prend à peu près le temps d’une copie de la base ; les enregistrements attendent pendant ce temps.
maint-vacuum-free = Espace récupérable : { $size }.
maint-vacuum-run = Compacter la base
maint-vacuum-confirm = Les enregistrements attendront la fin du compactage. Continuer ?
maint-vacuum-go = Compacter maintenant
maint-vacuum-running = Compactage en cours…
maint-vacuum-done = Base compactée : { $freed } libérés.
maint-photos = Photos
maint-photos-originals = Originaux
maint-photos-count-size = { $count } fichiers, { $size }
maint-photos-thumbs = Miniatures
maint-photos-orphans = Fichiers orphelins
maint-photos-missing = Photos manquantes
maint-photos-orphans-help = Des fichiers ne sont rattachés à aucune photo (reste d’une importation interrompue) : sans conséquence.
maint-photos-missing-help = Des photos enregistrées n’ont plus leur fichier : restaurez une sauvegarde pour les retrouver.
maint-logs = Journaux
maint-logs-files = { $count } fichiers, { $size }
maint-logs-clean = Aucune erreur ni alerte récente dans les journaux.
maint-logs-last-errors = Dernières erreurs et alertes

## Restauration
restore-dialog-title = Restaurer cette sauvegarde ?
restore-verified = Vérifiée : tous les fichiers et la base sont intacts
restore-shop = Atelier
restore-date = Prise le
restore-terminal = Poste
restore-version = Version de RPMA
restore-schema = Schéma
restore-schema-value = niveau { $level } (cette version : { $latest })
restore-content = Contenu
restore-content-value = { $count } fichiers, { $size }
restore-current = Atelier actuel
restore-confirm-other-shop = Je confirme restaurer la sauvegarde d’un autre atelier.
restore-after = Les données actuelles sont mises de côté (jamais supprimées). RPMA rouvre ensuite les données restaurées : reconnectez-vous avec un compte de la sauvegarde.
restore-now = Restaurer maintenant
restore-cancel = Annuler
restore-done = Données restaurées. Les données précédentes sont conservées dans { $previous }.

## Écran de récupération
recovery-title = La base de données ne peut pas être ouverte
recovery-title-missing = La base de données a disparu
recovery-help = RPMA n’a rien modifié et ne crée pas de base vide à sa place. Restaurez la dernière sauvegarde vérifiée, ou un dossier de données mis de côté par une restauration précédente. Les données actuelles seront conservées dans un dossier « before-restore », jamais supprimées.
recovery-backups = Sauvegardes trouvées
recovery-no-backups = Aucune sauvegarde trouvée ici. Branchez le disque des sauvegardes puis utilisez « Restaurer depuis un fichier… ».
recovery-kept = Dossiers mis de côté
recovery-kept-help = Les données remplacées lors d’une restauration précédente.
recovery-kept-healthy = Base intacte
recovery-kept-damaged = Base endommagée
recovery-kept-use = Remettre ce dossier
recovery-kept-confirm-title = Remettre ce dossier de données ?
recovery-kept-confirm = Le dossier { $dir } redevient le dossier de données ; l’actuel est mis de côté.
recovery-quit = Quitter RPMA
recovery-switching = Mise en place des données restaurées
recovery-switching-help = RPMA ferme la base, met les données restaurées en place puis les rouvre.

## Réglages → Sauvegardes
settings-tab-backups = Sauvegardes
backup-settings-saved = Réglages des sauvegardes enregistrés.
backup-set-schedule = Planification
backup-set-schedule-hint = Une sauvegarde manquée (poste éteint) est faite au démarrage suivant, une seule fois.
backup-set-off = Désactivée (sauvegardes manuelles uniquement)
backup-set-daily = Chaque jour
backup-set-time = Heure (HH:MM)
backup-set-every = Toutes les N heures
backup-set-hours = Nombre d’heures
backup-set-on-exit = À la fermeture de RPMA
backup-set-destination = Destination
backup-set-destination-hint = Un disque USB ou un partage réseau protège aussi contre la perte du poste. Le dossier est vérifié (écriture, place libre) à l’enregistrement.
backup-set-dest-default = Dossier de données : { $dir }
backup-set-dest-other = Autre dossier (disque USB, partage réseau)
backup-set-dest-path = Dossier de destination
backup-set-browse = Parcourir…
backup-set-retention = Conservation
backup-set-retention-hint = Appliquée seulement après qu’une nouvelle sauvegarde planifiée a été vérifiée. Une sauvegarde jamais vérifiée n’est pas supprimée.
backup-set-keep-daily = Quotidiennes
backup-set-keep-weekly = Hebdomadaires
backup-set-keep-monthly = Mensuelles
backup-set-encryption = Chiffrement
backup-set-encryption-hint = La phrase de passe des sauvegardes planifiées est scellée avec la clé de l’atelier, jamais enregistrée en clair. Notez-la : sans elle, une sauvegarde chiffrée ne peut pas être restaurée sur un autre poste.
backup-set-encrypt = Chiffrer les sauvegardes planifiées
backup-set-pass-kept = Phrase de passe enregistrée (scellée).
backup-set-pass-change = Changer la phrase de passe
backup-set-save = Enregistrer
backup-set-discard = Annuler les modifications
backup-schedule-off = Désactivée
backup-schedule-daily = Chaque jour à { $time }
backup-schedule-every = Toutes les { $hours } heures
backup-schedule-on-exit = À la fermeture de RPMA

## Tableau de bord et alertes
dashboard-backups = Sauvegardes
dashboard-backups-open = Ouvrir la maintenance
dashboard-backups-ok = Les sauvegardes sont à jour.
dashboard-backups-last-ok = Dernière sauvegarde vérifiée
dashboard-backups-never = jamais
dashboard-backups-newest = Plus récente
dashboard-backups-last-run = Dernier essai
dashboard-backups-run-ok = réussi le { $date }
dashboard-backups-run-failed = échoué le { $date }
dashboard-backups-schedule = Planification
dashboard-backups-next = Prochaine
dashboard-backups-folder = Dossier
backup-alert-failed = La dernière sauvegarde a échoué : { $error }
backup-alert-remote = La sauvegarde est faite, mais sa copie vers { $location } a échoué : { $error }
backup-alert-old = Aucune sauvegarde récente : la dernière sauvegarde vérifiée date du { $date }.
backup-alert-none = Aucune sauvegarde vérifiée n’existe encore.

## Sauvegarde avant fermeture
exit-backup-title = Sauvegarde avant fermeture
exit-backup-help = RPMA se fermera une fois la sauvegarde écrite et vérifiée.
exit-backup-failed = La sauvegarde avant fermeture a échoué
exit-backup-retry = Réessayer
exit-backup-quit = Quitter sans sauvegarder

## Navigateur de fichiers
file-browser-hint-folder = Ouvrez le dossier voulu, puis « Choisir ce dossier ».
file-browser-choose-folder = Choisir ce dossier
maint-encrypted = Chiffrée
audit-entity-backup = Sauvegarde
audit-say-backup-create = { $who } a créé une sauvegarde
audit-say-backup-restore = Données restaurées depuis une sauvegarde (les données précédentes sont conservées à part)

## Settings → Backups: the off-site copy
backup-set-remote = Copie hors site
backup-set-remote-hint = Chaque sauvegarde vérifiée est aussi copiée vers un stockage objet (S3, Google Cloud Storage) ou un dossier partagé : si le poste est volé ou détruit, l'historique de l'atelier est ailleurs. Les plus anciennes copies y suivent les mêmes règles de conservation.
backup-set-remote-on = Copier chaque sauvegarde vérifiée hors du poste
backup-set-remote-kind = Stockage :
backup-set-remote-bucket = Bucket
backup-set-remote-folder = Dossier (chemin complet, partage réseau ou disque monté)
backup-set-remote-prefix = Préfixe (dossier dans le stockage, facultatif)
backup-set-remote-endpoint = Adresse du service (vide pour Amazon S3)
backup-set-remote-region = Région
backup-set-remote-access-key = Identifiant de clé d'accès
backup-set-remote-secret = Clé d'accès secrète
backup-set-remote-gcs-key = Clé du compte de service (JSON)
backup-set-remote-secret-kept = Clé enregistrée (chiffrée avec la clé de l'atelier)
backup-set-remote-secret-change = Remplacer la clé
backup-set-remote-save = Enregistrer la copie hors site
backup-set-remote-saved = Copie hors site enregistrée.
backup-set-remote-test = Tester la connexion
backup-set-remote-test-ok = Connexion réussie : { $location } ({ $count } sauvegardes).
backup-set-remote-test-off = La copie hors site est désactivée.
task-remote-test = Test du stockage
