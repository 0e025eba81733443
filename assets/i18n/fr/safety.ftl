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
