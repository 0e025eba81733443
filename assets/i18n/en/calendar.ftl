# Calendar, My day, dashboard planning.

calendar-previous = Previous period
calendar-next = Next period
calendar-today = Today
calendar-view-day = Day
calendar-view-week = Week
calendar-view-month = Month
calendar-view-agenda = Agenda
calendar-filter-technicians = Technicians
calendar-filter-bays = Bays
calendar-filter-statuses = Statuses
calendar-filter-clear = Clear filters
calendar-columns = Columns
calendar-columns-technician = By technician
calendar-columns-bay = By bay
calendar-count = { $count ->
    [0] No jobs
    [one] { $count } job
   *[other] { $count } jobs
}
calendar-empty = No jobs in this period. Change the period or the filters, or create a job.
calendar-agenda-empty = No jobs this month. Go to the next month or clear the filters.
calendar-unassigned = Unassigned
calendar-no-bay = No bay
calendar-more = + { $count } more
calendar-move = Move…
calendar-open-job = Open the job
calendar-move-title = Move job { $number }
calendar-move-date = Date (DD/MM/YYYY)
calendar-move-start = Start time (HH:MM)
calendar-move-technician = Technician
calendar-move-bay = Bay
calendar-move-save = Move
calendar-cancel = Cancel
calendar-moved = Job { $number } moved.
calendar-err-date = Enter a date as DD/MM/YYYY.
calendar-err-time = Enter a time as HH:MM.
calendar-conflict-title = Slot already taken
calendar-conflict-ask = Choose another slot, or ask a supervisor to force this move.
calendar-force-help = You may force this move: the reason is recorded in the job's history.
calendar-force-reason = Reason for forcing
calendar-force = Force
calendar-month-1 = January
calendar-month-2 = February
calendar-month-3 = March
calendar-month-4 = April
calendar-month-5 = May
calendar-month-6 = June
calendar-month-7 = July
calendar-month-8 = August
calendar-month-9 = September
calendar-month-10 = October
calendar-month-11 = November
calendar-month-12 = December
calendar-weekday-mon = Monday
calendar-weekday-tue = Tuesday
calendar-weekday-wed = Wednesday
calendar-weekday-thu = Thursday
calendar-weekday-fri = Friday
calendar-weekday-sat = Saturday
calendar-weekday-sun = Sunday
calendar-wd-mon = Mon
calendar-wd-tue = Tue
calendar-wd-wed = Wed
calendar-wd-thu = Thu
calendar-wd-fri = Fri
calendar-wd-sat = Sat
calendar-wd-sun = Sun

myday-empty = No jobs planned for you today.
myday-empty-help = Check the calendar for the coming days, or ask your supervisor.
myday-count = { $count ->
    [one] { $count } job today
   *[other] { $count } jobs today
}
myday-next = Next job

dashboard-today = Today
dashboard-today-empty = No jobs planned today.
dashboard-scheduled = Scheduled today
dashboard-in-progress = In progress
dashboard-completed = Completed today
dashboard-overdue = Overdue
dashboard-workload = Technicians' workload
dashboard-workload-line = { $jobs } / { $max } jobs · { $hours } h
myday-in-progress = In progress
myday-planned = Planned today
myday-finished = Finished today
myday-open-intervention = Back to the intervention
calendar-more-jobs = { $count ->
    [one] +1 more job at that time
   *[other] +{ $count } more jobs at that time
}
calendar-overlap-title = { $count } jobs at the same time
