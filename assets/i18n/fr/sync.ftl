# Synchronisation entre postes via PostgreSQL (issue 16).
sync-err-hub = Serveur de synchronisation : { $detail }
sync-err-protocol = Le serveur de synchronisation utilise la version { $hub } du protocole, ce RPMA la version { $ours } : mettez RPMA à jour à la même version sur tous les postes.
sync-err-no-hub = Aucun serveur RPMA dans cette base : lancez d'abord « rpma sync init-server ».
sync-err-revoked = Ce poste a été révoqué sur le serveur de synchronisation : un administrateur doit l'enregistrer à nouveau.
sync-err-bad-code = Le code d'adhésion n'est pas valable pour ce serveur (vérifiez qu'il est copié en entier).
sync-err-bad-url = Le serveur de synchronisation doit être donné sous la forme d'une URL postgres:// ou postgresql://.
sync-err-not-configured = Aucun serveur de synchronisation n'est configuré sur ce poste : lancez « rpma sync join » ou « rpma sync init-server ».
sync-err-already = Ce poste se synchronise déjà avec un serveur.
cli-sync-init-done = Serveur de synchronisation prêt ; ce poste ({ $terminal }) est enregistré et la boutique envoyée.
cli-sync-join-code = Code d'adhésion pour les autres postes (à garder secret) :
cli-sync-join-done = Poste { $terminal } enregistré : { $pulled } changements reçus, { $pushed } envoyés.
cli-sync-now-done = Synchronisation terminée : { $pushed } changements envoyés, { $pulled } reçus ({ $applied } appliqués, { $rejected } mis de côté).
audit-say-sync-revoke-terminal = { $who } a révoqué un poste sur le serveur de synchronisation (il ne peut plus se connecter).
