# jobs — English

job-status-draft = Draft
job-status-scheduled = Scheduled
job-status-in-progress = In progress
job-status-paused = Paused
job-status-on-hold = On hold
job-status-completed = Completed
job-status-cancelled = Cancelled
job-status-archived = Archived
job-status-overdue = Overdue

job-priority-low = Low
job-priority-normal = Normal
job-priority-high = High
job-priority-urgent = Urgent

job-err-client-unknown = This client does not exist or was deleted.
job-err-vehicle-unknown = This vehicle does not exist or was deleted.
job-err-vehicle-owner = This vehicle does not belong to this client.
job-err-zones-required = Choose at least one zone.
job-err-zone-unknown = Unknown or inactive zones: { $zones }.
job-err-end-before-start = The end must be after the start.
job-err-technician-invalid = Choose an active technician, supervisor or administrator.
job-err-bay-unknown = Bay “{ $bay }” is not in the planning settings.
job-err-bay-name-empty = Every bay needs a name.
job-err-bay-duplicate = Bay “{ $name }” is listed twice.
job-err-too-long = { $max } characters at most.
job-err-reason-required = Give a reason.
job-err-same-status = The job already has this status.
job-err-transition = A job cannot go from “{ $from }” to “{ $to }”.
job-err-needs-schedule = Set a start and an end before scheduling.
job-err-closed = A completed, cancelled or archived job can no longer be moved.
job-err-archived = An archived job can no longer be edited.
job-err-delete-active = A job in progress or paused cannot be deleted: complete or cancel it first.
job-err-intervention-active = An intervention is running on this job: pause, cancel or finish it from the intervention.
job-err-use-intervention = Work starts, pauses and ends through the guided intervention (the “Start the intervention” button).
job-err-conflict-technician = { $name } is already on job { $number } from { $start } to { $end }.
job-err-conflict-bay = Bay { $name } is already taken by job { $number } from { $start } to { $end }.
job-err-workload = { $name } already has { $count } jobs that day (at most { $max }).

## Business hours and conflicts (warnings and the wizard's schedule step)
job-warn-closed-day = The shop is closed on that day ({ $day }).
job-warn-before-opening = Starts before opening time ({ $time }).
job-warn-after-closing = Ends after closing time ({ $time }).
job-err-conflict-unresolved = This slot has a conflict: choose another one, or tick “Schedule despite the conflict” and give a reason.
job-err-force-reason-required = Give the reason for scheduling despite the conflict.
