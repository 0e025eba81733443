# workflow (en)
wf-kind-inspection = Inspection
wf-kind-preparation = Preparation
wf-kind-installation = Installation
wf-kind-finalization = Finalization
wf-phase-before = Before install
wf-phase-during = During install
wf-phase-after = After install
wf-err-template-inactive = This workflow template is deactivated; choose another one.
wf-err-name-required = The template needs a name.
wf-err-too-long = { $max } characters at most.
wf-err-step-count = A template has 1 to { $max } steps.
wf-err-finalization-last = The template must end with a single finalization step (the signature closes the work).
wf-err-one-installation = One installation step per template (installation is done zone by zone).
wf-err-title-required = Every step needs a title.
wf-err-too-many-items = { $max } items at most per step.
wf-err-item-label = Every checklist item or required shot needs a label (120 characters at most).
wf-err-duplicate-id = Two items of this step have the same id.
wf-err-photo-bounds = Photo counts do not add up: the maximum must be at least the minimum and the number of named shots, and at most { $max }.
wf-err-minutes = A step's estimated duration cannot exceed 24 h.
wf-err-builtin-inactive = Built-in templates cannot be deactivated.

## Workflow template editor
wf-title = Workflow templates
wf-subtitle = The guided steps of a PPF intervention. Editing a template does not change interventions already started.
wf-new = New template
wf-duplicate = Duplicate
wf-list-empty = No templates
wf-list-empty-hint = Create one with “New template”.
wf-list-summary = { $steps ->
    [one] 1 step
   *[other] { $steps } steps
} · { $time } · v{ $version }
wf-duration-hours = { $hours } h { $minutes }
wf-duration-minutes = { $minutes } min
wf-badge-active = Active
wf-badge-inactive = Inactive
wf-badge-builtin = Built-in
wf-select-title = No template open
wf-select-hint = Pick a template in the list or create one.
wf-new-title = New template
wf-version = Version { $version }
wf-unsaved = Unsaved changes
wf-all-saved = All changes saved
wf-save = Save template
wf-revert = Cancel changes
wf-saved = Template “{ $name }” saved: version { $version }.
wf-created = Template “{ $name }” created.
wf-duplicated = Copy created: “{ $name }”.
wf-not-saved = The template was not saved: fix the fields marked.
wf-err-number = Enter a whole number, 0 or more.
wf-switch-title = Discard changes?
wf-switch-body = The changes to “{ $name }” are not saved and will be lost.
wf-switch-yes = Discard
wf-general = General
wf-field-name-fr = Name (French)
wf-field-name-en = Name (English)
wf-field-desc-fr = Description (French)
wf-field-desc-en = Description (English)
wf-field-active = Active: offered for new jobs
wf-builtin-always-active = Built-in templates always stay active.
wf-total = { $steps ->
    [one] 1 step
   *[other] { $steps } steps
}, estimated { $time }
wf-steps = Steps
wf-steps-hint = In the order the technician follows them. The finalization step (customer signature) comes last.
wf-steps-full = { $max } steps at most.
wf-step-add = Add a step
wf-step-header = { $n }. { $kind } — { $title }
wf-step-up = Move step { $n } up
wf-step-down = Move step { $n } down
wf-step-remove = Remove step { $n }
wf-step-kind = Step type
wf-kind-inspection-hint = Shop conditions, pre-existing defects on the vehicle diagram, arrival photos.
wf-kind-preparation-hint = Washing, decontamination, degreasing, masking.
wf-kind-installation-hint = The checklist is ticked for each zone laid (roll, length, waste).
wf-kind-finalization-hint = Quality control, customer satisfaction and signature; always the last step.
wf-step-title-fr = Title (French)
wf-step-title-en = Title (English)
wf-step-instr-fr = Instructions (French)
wf-step-instr-en = Instructions (English)
wf-step-mandatory = Mandatory step (cannot be skipped)
wf-step-approval = Requires a supervisor's approval before the next step
wf-step-mandatory-short = Mandatory
wf-step-approval-short = Approval
wf-step-minutes = Estimated time (minutes)
wf-step-min-photos = Minimum photos
wf-step-max-photos = Maximum photos
wf-step-max-photos-hint = Maximum photos left empty: no limit. Named shots count towards the minimum.
wf-checklist = Checklist
wf-checklist-empty = No items.
wf-label-fr = Label in French
wf-label-en = Label in English
wf-item-fr = Item { $n } (French)
wf-item-en = Item { $n } (English)
wf-item-required = Required
wf-item-required-of = Item { $n } required
wf-item-up = Move item { $n } up
wf-item-down = Move item { $n } down
wf-item-remove = Remove item { $n }
wf-item-add = Add an item
wf-shots = Required photos
wf-shots-hint = Named shots the technician must take (they count towards the minimum).
wf-shot-fr = Photo { $n } (French)
wf-shot-en = Photo { $n } (English)
wf-shot-phase = When photo { $n } is taken
wf-shot-remove = Remove photo { $n }
wf-shot-when = When
wf-shot-add = Add a required photo

## Settings
wf-settings-title = Workflow templates
wf-settings-hint = Steps, checklists, required photos and approvals of guided interventions.
wf-settings-open = Open the template editor

## Job wizard
wf-wizard-template = Workflow template
wf-wizard-auto = Automatic (Express up to 2 zones)
wf-wizard-rule-picks = { $count ->
    [0] With no zone, the rule picks: { $name }.
    [one] With 1 zone, the rule picks: { $name }.
   *[other] With { $count } zones, the rule picks: { $name }.
}
wf-wizard-template-steps = { $steps ->
    [one] 1 step
   *[other] { $steps } steps
}, about { $time }.
wf-wizard-summary-auto = Automatic: { $name }
wf-wizard-unavailable = Template unavailable
