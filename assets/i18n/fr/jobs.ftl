# jobs — français

job-status-draft = Brouillon
job-status-scheduled = Planifiée
job-status-in-progress = En cours
job-status-paused = En pause
job-status-on-hold = En attente
job-status-completed = Terminée
job-status-cancelled = Annulée
job-status-archived = Archivée
job-status-overdue = En retard

job-priority-low = Basse
job-priority-normal = Normale
job-priority-high = Haute
job-priority-urgent = Urgente

job-err-client-unknown = Ce client n’existe pas ou a été supprimé.
job-err-vehicle-unknown = Ce véhicule n’existe pas ou a été supprimé.
job-err-vehicle-owner = Ce véhicule n’appartient pas à ce client.
job-err-zones-required = Choisissez au moins une zone.
job-err-zone-unknown = Zones inconnues ou désactivées : { $zones }.
job-err-end-before-start = La fin doit être après le début.
job-err-technician-invalid = Choisissez un technicien, chef d’atelier ou administrateur actif.
job-err-bay-unknown = La baie « { $bay } » n’existe pas dans les réglages de planification.
job-err-bay-name-empty = Chaque baie doit avoir un nom.
job-err-bay-duplicate = La baie « { $name } » figure deux fois.
job-err-too-long = { $max } caractères au maximum.
job-err-reason-required = Indiquez un motif.
job-err-same-status = L’intervention est déjà dans ce statut.
job-err-transition = Impossible de passer du statut « { $from } » au statut « { $to } ».
job-err-needs-schedule = Indiquez une date de début et de fin avant de planifier.
job-err-closed = Une intervention terminée, annulée ou archivée ne peut plus être déplacée.
job-err-archived = Une intervention archivée ne peut plus être modifiée.
job-err-delete-active = Une intervention en cours ou en pause ne peut pas être supprimée : terminez-la ou annulez-la d’abord.
job-err-intervention-active = L’intervention guidée est en cours : mettez-la en pause, annulez-la ou terminez-la depuis l’écran de l’intervention.
job-err-use-intervention = Le travail démarre, se met en pause et se termine depuis l’intervention guidée (bouton « Démarrer l’intervention »).
job-err-conflict-technician = { $name } est déjà sur l’intervention { $number } de { $start } à { $end }.
job-err-conflict-bay = La baie { $name } est déjà occupée par l’intervention { $number } de { $start } à { $end }.
job-err-workload = { $name } a déjà { $count } interventions ce jour-là (maximum { $max }).

## Business hours and conflicts (warnings and the wizard's schedule step)
job-warn-closed-day = L’atelier est fermé ce jour-là ({ $day }).
job-warn-before-opening = Commence avant l’ouverture ({ $time }).
job-warn-after-closing = Finit après la fermeture ({ $time }).
job-err-conflict-unresolved = Ce créneau est en conflit : choisissez-en un autre, ou cochez « Planifier malgré le conflit » et indiquez un motif.
job-err-force-reason-required = Indiquez le motif pour planifier malgré le conflit.
