# Guided intervention: rules and refusals (en)
iv-err-incomplete = Still missing:
iv-missing-step = step “{ $step }” is not done
iv-missing-approval = step “{ $step }” is waiting for a supervisor's approval
iv-missing-checklist = “{ $item }” is not ticked ({ $step })
iv-missing-zone-checklist = { $zone }: “{ $item }” is not ticked
iv-missing-zone-length = { $zone }: film length laid not entered
iv-missing-shot = photo “{ $shot }” missing ({ $step })
iv-missing-min-photos = { $step }: { $have } { $have ->
        [one] photo
       *[other] photos
    } of { $need } at least
iv-missing-max-photos = { $step }: { $have } photos, { $max } at most
iv-missing-temperature = shop temperature not recorded
iv-missing-humidity = humidity not recorded
iv-missing-quality = overall quality score (0–100) not given
iv-missing-satisfaction = customer satisfaction (1–5) not given
iv-missing-signatory = signatory's name not entered
iv-missing-signature = the customer has not signed
iv-err-not-active = This intervention is finished or cancelled: it can no longer change.
iv-err-paused = The intervention is paused: resume it first.
iv-err-not-paused = The intervention is not paused.
iv-err-already-active = An intervention is already running for this job.
iv-err-job-not-startable = This job cannot be started: it must be scheduled (or on hold).
iv-err-not-current-step = Steps are done in order: this is not the current step.
iv-err-awaiting-approval = A step is waiting for a supervisor's approval.
iv-err-not-awaiting = This step is not waiting for approval.
iv-err-own-approval = You completed this step yourself: another supervisor or an administrator approves it.
iv-err-use-finish = The last step ends with “Finish the intervention”.
iv-err-rework-not-done = Only a completed step can be reworked.
iv-err-rework-later = Finish the current step first: the later steps come again in order.
iv-err-step-mandatory = This step is mandatory: it cannot be skipped.
iv-err-skip-last = The last step cannot be skipped.
iv-err-step-locked = This step is locked (completed, or not started yet).
iv-err-reason-required = Give a reason.
iv-err-too-long = { $max } characters at most.
iv-err-temperature = Temperature between −30 and 60 °C.
iv-err-humidity = Humidity between 0 and 100 %.
iv-err-quality = Quality score between 0 and 100.
iv-err-satisfaction = Satisfaction between 1 and 5.
iv-err-length = Length in cm, between 0 and 100,000.
iv-err-zone-quality = Zone score between 0 and 10.
iv-err-installer = The installer must be an active account.
iv-err-defect-zone = Place the defect on the vehicle diagram.
iv-err-severity = Severity between 1 and 3.
iv-err-signature = The signature is not a valid PNG image.
iv-err-max-photos = This step accepts { $max } photos at most.
iv-defect-scratch = Scratch
iv-defect-chip = Chip
iv-defect-dent = Dent
iv-defect-paint = Paint issue
iv-defect-crack = Crack

## Atelier board
atelier-subtitle = { $count ->
        [0] No intervention in progress
        [one] 1 intervention in progress
       *[other] { $count } interventions in progress
    }
atelier-templates = Workflow templates
atelier-empty = No intervention in progress or finished today
atelier-empty-help = Start an intervention from a scheduled job's page (or from “My day”).
atelier-in-progress = In progress
atelier-paused = Paused
atelier-completed-today = Completed today
atelier-status-in-progress = In progress
atelier-status-paused = Paused
atelier-status-completed = Completed
atelier-status-cancelled = Cancelled
atelier-awaiting-approval = Approval pending
atelier-step = Step { $n }/{ $total } · { $title }
atelier-all-steps-done = All steps done

## Job page
jobs-iv-start = Start the intervention
jobs-iv-open = Open the intervention
jobs-iv-view = View the intervention

## Intervention screen
iv-none-open = No intervention open.
iv-back = Back
iv-pause = Pause
iv-resume = Resume
iv-cancel = Cancel the intervention
iv-saving = Saving…
iv-saved = Saved
iv-paused-banner = Intervention paused: the clock is stopped. Resume it to go on.
iv-cancelled = Intervention cancelled.
iv-finished = Intervention finished: the job is closed.
iv-rejected = Rejected by the supervisor
iv-skipped = Step skipped
iv-environment = Shop conditions
iv-temperature = Temperature (°C)
iv-humidity = Humidity (%)
iv-temp-warning = Temperature outside the advised range ({ $min }–{ $max } °C): the film's adhesive reacts badly.
iv-humidity-warning = Humidity outside the advised range ({ $min }–{ $max } %).
iv-err-not-number = Enter a number (e.g. 21.5).
iv-checklist = Checklist
iv-required-hint = * required to complete the step
iv-notes = Step notes
iv-signature = Customer signature
iv-signatory = Signatory's name
iv-signed = Signature recorded
iv-quality-title = Quality control
iv-quality-score = Overall quality score (0–100)
iv-not-given = not given
iv-satisfaction = Customer satisfaction
iv-satisfaction-n = { $n } out of 5
iv-comments = Comments for the customer
iv-no-zones = This job has no zone.
iv-film = Film
iv-roll = Roll / lot
iv-length = Length laid (cm)
iv-waste = Waste (cm)
iv-installer = Installer
iv-zone-score = Zone score (0–10)
iv-defects = Existing defects
iv-defects-help = Tap the diagram where the defect is (or pick the zone beside it).
iv-defect-pick-zone = Or pick a zone:
iv-defect-new = New defect
iv-defect-edit = Defect
iv-defect-note = Note on the defect
iv-defect-save = Save the defect
iv-defect-delete = Delete
iv-defect-cancel = Close
iv-severity = Severity
iv-severity-1 = Minor
iv-severity-2 = Medium
iv-severity-value = Severity: { $level }
iv-severity-3 = Major
iv-complete-step = Complete the step
iv-finish = Finish the intervention
iv-skip = Skip the step
iv-approve = Approve the step
iv-reject = Reject the step
iv-rework = Rework the step
iv-go-current = Go to the current step
iv-awaiting-approval = Waiting for a supervisor's approval
iv-completed-banner = Intervention finished
iv-open-job = Open the job
iv-reason = Reason
iv-pause-title = Pause
iv-pause-body = The clock stops during the pause. Reason (optional):
iv-cancel-title = Cancel the intervention
iv-cancel-body = The job will be cancelled. Give the reason.
iv-rework-title = Rework a completed step
iv-rework-body = The step becomes the current one again. Say why (kept in the history).
iv-skip-title = Skip this step
iv-skip-body = This step is optional. Say why it is skipped.
iv-reject-title = Reject the step
iv-reject-body = The step goes back to the technician. Say what must be redone.
iv-defect-photo = Photo of the defect:

## A second intervention while one is running
iv-warn-second-running = An intervention is already running: { $number } ({ $plate }). Starting another one leaves it open alongside.
iv-second-title = Start a second intervention?
iv-second-confirm = Start anyway

