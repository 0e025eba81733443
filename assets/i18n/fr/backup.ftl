## Sauvegardes, vérification, restauration, état (issue 15)

backup-stage-snapshot = Copie de la base de données
backup-stage-archive = Écriture de la sauvegarde
backup-stage-verify = Vérification de la sauvegarde
backup-stage-extract = Extraction de la sauvegarde
backup-stage-check-db = Contrôle de la copie de la base
backup-stage-swap = Mise en place des données restaurées

backup-err-passphrase-required = Cette sauvegarde est chiffrée : sa phrase de passe est nécessaire.
backup-err-wrong-passphrase = Phrase de passe incorrecte : cette sauvegarde ne s’ouvre pas avec elle.
backup-err-not-a-backup = Ce fichier n’est pas une sauvegarde RPMA ({ $detail }).
backup-err-truncated = La sauvegarde est tronquée : le fichier s’arrête trop tôt (dernière entrée complète : { $after }). Il a sans doute été coupé pendant une copie ou son écriture.
backup-err-damaged = La sauvegarde est endommagée après l’entrée { $after } ({ $detail }).
backup-err-no-manifest = La sauvegarde n’a pas de manifeste (manifest.json) : impossible de la contrôler.
backup-err-bad-manifest = Le manifeste de la sauvegarde est illisible : { $detail }
backup-err-missing = Absent de la sauvegarde : { $entry }
backup-err-extra = Absent du manifeste de la sauvegarde : { $entry }
backup-err-altered = Modifié dans la sauvegarde (contenu différent du manifeste) : { $entry }
backup-err-db-unreadable = La copie de la base dans la sauvegarde ne s’ouvre pas : { $detail }
backup-err-integrity = La copie de la base dans la sauvegarde est endommagée (contrôle d’intégrité, { $count } anomalie(s)) : { $detail }
backup-err-foreign-keys = La copie de la base dans la sauvegarde a des lignes qui ne pointent sur rien ({ $count }) : { $detail }
backup-err-audit-chain = Le journal d’audit de la sauvegarde a été falsifié (entrée n° { $seq }, { $id }).

backup-err-cancelled = Annulé. Rien n’a été modifié.
backup-err-no-database = Aucune base de données à sauvegarder dans { $path }.
backup-err-file-changed = { $path } a changé pendant la sauvegarde. Réessayez.
backup-err-empty-passphrase = La phrase de passe ne peut pas être vide.
backup-err-invalid = Cette sauvegarde n’a pas passé la vérification et n’a pas été restaurée :
backup-err-schema-too-new = Cette sauvegarde vient d’un RPMA plus récent (schéma niveau { $found }, cette version connaît le niveau { $known }). Installez un RPMA plus récent pour la restaurer.
backup-err-restore-in-progress = Une restauration de ce dossier de données est en cours. Attendez qu’elle se termine, puis relancez.
backup-err-layout = Restauration impossible dans { $path } : { $detail }
backup-err-other = Sauvegarde : { $detail }
backup-err-vacuum-memory = Une base en mémoire ne peut pas être compactée.

backup-confirm-replace = Le dossier de données contient l’atelier « { $shop } » : il sera remplacé par la sauvegarde (les données actuelles sont mises de côté, pas supprimées).
backup-confirm-other-shop = Attention : cette sauvegarde est celle d’un autre atelier (« { $backup } »), pas de « { $shop } ».

cli-backup-passphrase-needed = Une phrase de passe est nécessaire : définissez { $var } ou lancez cette commande dans un terminal.
cli-backup-passphrase-prompt = Phrase de passe de la sauvegarde :
cli-backup-passphrase-again = Retapez-la :
cli-backup-passphrase-mismatch = Les deux phrases de passe diffèrent. Rien n’a été écrit.
cli-backup-created = Sauvegarde écrite : { $path } ({ $size } ; { $count } fichiers, { $data } de données, en { $secs } s, { $rate }).
cli-backup-skipped = Absent de la sauvegarde (supprimé pendant son écriture) : { $entry }
cli-backup-about = Sauvegarde de « { $shop } », poste { $terminal }, prise le { $date } par RPMA { $version } (schéma niveau { $level }).
cli-backup-verified = Vérifiée : { $count } fichiers, { $data } ({ $secs } s, { $rate }) ; copie de la base intègre, journal d’audit intact ({ $audit } entrées).
cli-backup-verify-failed = Vérification ÉCHOUÉE pour { $path } :
cli-backup-restore-refused = Rien n’a été restauré ; le dossier de données est inchangé.
cli-backup-restore-needs-yes = Ajoutez --yes pour confirmer (aucun terminal pour poser la question).
cli-backup-restore-cancelled = Restauration annulée ; le dossier de données est inchangé.
cli-backup-confirm-prompt = Tapez « oui » pour continuer :
cli-backup-confirm-word = oui
cli-backup-restored = { $count } fichiers restaurés ({ $data }) dans { $path }.
cli-backup-previous-kept = L’ancien dossier de données est conservé dans { $path } (supprimez-le vous-même quand il n’est plus utile).
cli-backup-none = Aucune sauvegarde dans { $path }.
cli-backup-state-verified = vérifiée
cli-backup-state-failed = ÉCHEC
cli-backup-state-unknown = non vérifiée
cli-vacuum-done = Base compactée : { $freed } libérés ({ $before } → { $after }).
