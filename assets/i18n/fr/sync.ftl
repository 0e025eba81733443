# Synchronisation entre postes via PostgreSQL (issue 16).
sync-err-hub = Serveur de synchronisation : { $detail }
sync-err-protocol = Le serveur de synchronisation utilise la version { $hub } du protocole, ce RPMA la version { $ours } : mettez RPMA à jour à la même version sur tous les postes.
sync-err-no-hub = Aucun serveur RPMA dans cette base : lancez d'abord « rpma sync init-server ».
sync-err-revoked = Ce poste a été révoqué sur le serveur de synchronisation : un administrateur doit l'enregistrer à nouveau.
sync-err-rewound = Ce dossier de données a été restauré depuis une sauvegarde plus ancienne que ce qu'il avait déjà envoyé au serveur de synchronisation : enregistrez-le à nouveau comme un nouveau poste (rpma sync join) pour que rien de ce qu'il enregistre ne soit perdu.
sync-err-bad-code = Le code d'adhésion n'est pas valable pour ce serveur (vérifiez qu'il est copié en entier).
sync-err-bad-url = Le serveur de synchronisation doit être donné sous la forme d'une URL postgres:// ou postgresql://.
sync-err-not-configured = Aucun serveur de synchronisation n'est configuré sur ce poste : lancez « rpma sync join » ou « rpma sync init-server ».
sync-err-already = Ce poste se synchronise déjà avec un serveur.
sync-err-not-owner = Seul le propriétaire du serveur de synchronisation (l'utilisateur de la base qui l'a créé) peut faire cela : donnez l'URL de cet utilisateur.
sync-err-sealed-password = Le mot de passe de synchronisation ne s'ouvre pas avec la clé de ce dossier de données (son fichier de clé a-t-il été remplacé ?) : enregistrez à nouveau ce poste (rpma sync join).
sync-err-head-office-revoked = Ce siège a été révoqué sur le serveur de synchronisation : il ne reçoit plus rien. Le propriétaire du serveur peut le réactiver en lançant « rpma sync head-office <URL> --name <NOM> » dans ce dossier de données.
sync-err-at-head-office = Ce dossier de données est un siège : il lit les boutiques sans rien y changer. Les codes d'adhésion et les postes se gèrent dans chaque boutique.
sync-err-no-head-office = Aucun siège ne s'appelle « { $name } » sur ce serveur de synchronisation (« rpma sync head-office <URL> --list » les liste).
sync-err-head-office-ambiguous = { $count } sièges s'appellent « { $name } » : donnez le rôle de celui à révoquer (« rpma sync head-office <URL> --list » l'affiche).
cli-sync-head-office-revoked = Siège { $name } ({ $role }) révoqué : il ne peut plus se connecter au serveur de synchronisation et ne reçoit plus rien.
cli-sync-init-done = Serveur de synchronisation prêt ; ce poste ({ $terminal }) est enregistré et les données de l'atelier envoyées.
cli-sync-join-code = Code d'adhésion pour les autres postes (à garder secret) :
cli-sync-join-done = Poste { $terminal } enregistré : { $pulled } changements reçus, { $pushed } envoyés.
cli-sync-head-office-done = Siège { $terminal } prêt (lecture seule, toutes les boutiques) : { $pulled } changements reçus ({ $applied } appliqués, { $rejected } mis de côté).
cli-sync-now-done = Synchronisation terminée : { $pushed } changements envoyés, { $pulled } reçus ({ $applied } appliqués, { $rejected } mis de côté).
audit-say-sync-revoke-terminal = { $who } a révoqué un poste sur le serveur de synchronisation (il ne peut plus se connecter).
status-sync-never = jamais
status-sync-running = Synchronisation…
status-sync-offline = Hors ligne
status-sync-error = Erreur de synchronisation
status-sync-pending = { $n } modification(s) en attente
status-sync-done = Synchronisé ({ $time })
status-sync-hover = Serveur : { $server } · dernière synchronisation : { $time }
settings-tab-sync = Synchronisation
settings-sync-title = Synchronisation entre postes
settings-sync-not-configured = Ce poste ne se synchronise pas : avec RPMA fermé, « rpma sync init-server <URL> » crée le serveur de l'atelier et « rpma sync join <URL> --code <CODE> --name <NOM> » y ajoute un poste.
settings-sync-server = Serveur
settings-sync-terminal = Ce poste
settings-sync-last = Dernière synchronisation
settings-sync-pending = Modifications en attente
settings-sync-now = Synchroniser maintenant
settings-sync-admin = Postes de l'atelier
settings-sync-show-code = Afficher le code d'adhésion
settings-sync-code-secret = Code d'adhésion (à garder secret) :
settings-sync-terminals = Postes
settings-sync-revoked = révoqué
settings-sync-this = ce poste
settings-sync-revoke = Révoquer
settings-sync-revoke-confirm = Confirmer la révocation
settings-sync-cancel = Annuler
audit-say-terminal-renew = { $who } : ce poste, restauré depuis une sauvegarde, continue sous une nouvelle identité de terminal (code { $from } → { $to }) pour ne réutiliser aucun numéro déjà donné
audit-say-keys-adopt = { $who } : ce poste a adopté la clé de l'atelier en rejoignant la synchronisation (secrets déjà enregistrés rechiffrés)
iv-conflict-title = Cette étape a été modifiée sur deux postes : { $field }
iv-conflict-field-notes = notes
iv-conflict-field-checklist = cases cochées
iv-conflict-field-data = relevés
iv-conflict-field-skip-reason = motif du saut
iv-conflict-here = Sur ce poste
iv-conflict-there = Sur un autre poste
iv-conflict-there-by = Sur un autre poste, par { $who }
iv-conflict-shown = (version enregistrée pour l’instant)
iv-conflict-empty = (vide)
iv-conflict-keep-mine = Garder la version de ce poste
iv-conflict-keep-theirs = Garder l’autre version
settings-sync-conflicts = Conflits à résoudre
settings-sync-conflicts-value = { $n } (sur l’écran de l’intervention concernée)
settings-sync-shop-keys = Double authentification des comptes des boutiques
settings-sync-shop-keys-value = { $n ->
    [0] en attente de la clé des boutiques (elle arrive à leur prochaine synchronisation)
    [one] clé reçue d’une boutique
   *[other] clés reçues de { $n } boutiques
}
audit-say-intervention-conflict-resolve = { $who } a choisi la version à garder d’une étape modifiée sur deux postes ({ $what })
settings-sync-rejects = { $n ->
    [one] Une modification reçue n'a pas pu être appliquée ici (gardée à part).
   *[other] { $n } modifications reçues n'ont pas pu être appliquées ici (gardées à part).
}
settings-sync-last-error = Dernière synchronisation en échec : { $detail }
settings-sync-head-office-note = Postes de toutes les boutiques, en lecture seule : les codes d'adhésion et les révocations se font dans chaque boutique.
