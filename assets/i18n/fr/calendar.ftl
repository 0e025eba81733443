# Calendar, My day, dashboard planning.

calendar-previous = Période précédente
calendar-next = Période suivante
calendar-today = Aujourd'hui
calendar-view-day = Jour
calendar-view-week = Semaine
calendar-view-month = Mois
calendar-view-agenda = Agenda
calendar-filter-technicians = Techniciens
calendar-filter-bays = Baies
calendar-filter-statuses = Statuts
calendar-filter-clear = Effacer les filtres
calendar-columns = Colonnes
calendar-columns-technician = Par technicien
calendar-columns-bay = Par baie
calendar-count = { $count ->
    [0] Aucune intervention
    [one] { $count } intervention
   *[other] { $count } interventions
}
calendar-empty = Aucune intervention sur cette période. Changez de période ou de filtres, ou créez une intervention.
calendar-agenda-empty = Aucune intervention ce mois-ci. Passez au mois suivant ou effacez les filtres.
calendar-unassigned = Non assignée
calendar-no-bay = Sans baie
calendar-more = + { $count ->
    [one] 1 autre
   *[other] { $count } autres
  }
calendar-move = Déplacer…
calendar-open-job = Ouvrir l'intervention
calendar-move-title = Déplacer l'intervention { $number }
calendar-move-date = Date (JJ/MM/AAAA)
calendar-move-start = Heure de début (HH:MM)
calendar-move-technician = Technicien
calendar-move-bay = Baie
calendar-move-save = Déplacer
calendar-cancel = Annuler
calendar-moved = Intervention { $number } déplacée.
calendar-err-date = Saisissez une date au format JJ/MM/AAAA.
calendar-err-time = Saisissez une heure au format HH:MM.
calendar-conflict-title = Créneau déjà occupé
calendar-conflict-ask = Choisissez un autre créneau, ou demandez à un responsable de forcer ce déplacement.
calendar-force-help = Vous pouvez forcer ce déplacement : le motif sera enregistré dans l'historique de l'intervention.
calendar-force-reason = Motif du forçage
calendar-force = Forcer
calendar-month-1 = janvier
calendar-month-2 = février
calendar-month-3 = mars
calendar-month-4 = avril
calendar-month-5 = mai
calendar-month-6 = juin
calendar-month-7 = juillet
calendar-month-8 = août
calendar-month-9 = septembre
calendar-month-10 = octobre
calendar-month-11 = novembre
calendar-month-12 = décembre
calendar-weekday-mon = lundi
calendar-weekday-tue = mardi
calendar-weekday-wed = mercredi
calendar-weekday-thu = jeudi
calendar-weekday-fri = vendredi
calendar-weekday-sat = samedi
calendar-weekday-sun = dimanche
calendar-wd-mon = lun.
calendar-wd-tue = mar.
calendar-wd-wed = mer.
calendar-wd-thu = jeu.
calendar-wd-fri = ven.
calendar-wd-sat = sam.
calendar-wd-sun = dim.

myday-empty = Aucune intervention prévue pour vous aujourd'hui.
myday-empty-help = Consultez le planning pour les prochains jours, ou demandez à votre responsable.
myday-count = { $count ->
    [one] { $count } intervention aujourd'hui
   *[other] { $count } interventions aujourd'hui
}
myday-next = Prochaine intervention

dashboard-today = Aujourd'hui
dashboard-today-empty = Aucune intervention prévue aujourd'hui.
dashboard-scheduled = Planifiées aujourd'hui
dashboard-in-progress = En cours
dashboard-completed = Terminées aujourd'hui
dashboard-overdue = En retard
dashboard-workload = Charge des techniciens
dashboard-workload-line = { $jobs } / { $max } interventions · { $hours } h
myday-in-progress = En cours
myday-planned = Prévu aujourd'hui
myday-finished = Terminé aujourd'hui
myday-open-intervention = Reprendre l'intervention
calendar-more-jobs = { $count ->
    [one] +1 autre intervention à ce moment
   *[other] +{ $count } autres interventions à ce moment
}
calendar-overlap-title = { $count } interventions en même temps
