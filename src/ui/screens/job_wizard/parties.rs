//! The wizard's new client and new vehicle: their forms live in the draft (nothing is saved
//! before the job), the core checks them when the user leaves their step
//! ([`PlanningJob::CheckClient`], [`PlanningJob::CheckVehicle`]: the same rules as saving, plate
//! and VIN uniqueness included), and the final create sends them with the job in one
//! transaction ([`rpma_core::jobs::create_with_new`]). A refusal brings the wizard back to the
//! step of the part that failed, with the errors beside its fields.

use rpma_core::CoreError;
use rpma_core::contact;
use rpma_core::i18n::Arg;
use rpma_core::jobs::{CreatePart, CreateWithNewError, JobDetail, NewJob, NewJobWithParties};
use rpma_core::validate::FieldErrors;
use rpma_core::vehicle_ident;
use rpma_core::vehicles::SizeClass;

use super::{Draft, JobWizardScreen, Step};
use crate::jobs::Job;
use crate::jobs::RequestId;
use crate::jobs::planning::PlanningJob;
use crate::route::Route;
use crate::ui::{Command, Cx};

impl JobWizardScreen {
    /// A vehicle is chosen or being created.
    pub(super) fn has_vehicle(&self) -> bool {
        self.draft.vehicle_id.is_some() || self.draft.new_vehicle.is_some()
    }

    /// A client is chosen or being created.
    pub(super) fn has_client(&self) -> bool {
        self.draft.client_id.is_some() || self.draft.new_client.is_some()
    }

    /// The size class the zones are priced for: the new vehicle's, else the chosen one's.
    pub(super) fn size(&self) -> SizeClass {
        self.draft
            .new_vehicle
            .as_ref()
            .map_or(self.draft.vehicle_size, |v| v.size_class)
    }

    /// True while the core checks the step's new client or vehicle.
    pub(super) fn checking_party(&self) -> bool {
        self.check_req.is_some()
    }

    /// Goes forward to `to`, the core checking first the new vehicle or client of the step left
    /// (the move happens when it accepts: [`Self::on_checked`]). Other moves go at once.
    pub(super) fn advance(&mut self, to: Step, cx: &mut Cx<'_>) {
        let forward = to.index() > self.draft.step.index();
        let job = match (self.draft.step, forward) {
            (Step::Vehicle, true) => self.draft.new_vehicle.clone().map(|mut input| {
                // The owner is the job's client, set when everything is created.
                input.owner_id = None;
                PlanningJob::CheckVehicle {
                    input: Box::new(input),
                }
            }),
            (Step::Client, true) => {
                self.draft
                    .new_client
                    .clone()
                    .map(|input| PlanningJob::CheckClient {
                        input: Box::new(input),
                    })
            }
            _ => None,
        };
        match job {
            Some(job) if cx.user.is_some() => {
                self.check_req = Some((cx.submit(Job::Planning(job)), to));
            }
            _ => self.go_to(to),
        }
    }

    /// True when `id` is the step check the wizard waits for.
    pub(super) fn awaits_check(&self, id: RequestId) -> bool {
        self.check_req.is_some_and(|(r, _)| r == id)
    }

    /// The core's answer to the check of `step`'s new vehicle or client: on to the step asked
    /// when the form is good, else its errors beside the fields.
    pub(super) fn on_checked(
        &mut self,
        result: Result<FieldErrors, CoreError>,
        step: Step,
        cx: &Cx<'_>,
    ) {
        let Some((_, to)) = self.check_req.take() else {
            return;
        };
        let errors = if step == Step::Vehicle {
            &mut self.vehicle_errors
        } else {
            &mut self.client_errors
        };
        match result {
            Ok(fe) if fe.is_empty() => {
                *errors = FieldErrors::new();
                // Not when the user went elsewhere meanwhile.
                if self.draft.step == step {
                    self.go_to(to);
                }
            }
            Ok(fe) => *errors = fe,
            Err(e) => self.refusal = Some((step, cx.error_text(&e))),
        }
    }

    /// What the final create sends: the job, with the new client and vehicle from their forms.
    pub(super) fn create(&mut self, cx: &mut Cx<'_>, as_draft: bool) {
        if cx.user.is_none() {
            return;
        }
        let d = &self.draft;
        let (start, end) = d.times(cx.tz);
        let job = NewJob {
            client_id: d.client_id.clone().unwrap_or_default(),
            vehicle_id: d.vehicle_id.clone().unwrap_or_default(),
            zone_ids: d.zone_ids.clone(),
            film_product: d.film.clone(),
            scheduled_start: start,
            scheduled_end: end,
            technician_id: d.technician_id.clone(),
            bay: d.bay.clone(),
            priority: d.priority,
            notes: d.notes.clone(),
            checklist: d.checklist.clone(),
            as_draft,
            // Ticked: the reason goes as typed, and the core refuses a blank one by the field.
            force_reason: d.force.then(|| d.force_reason.clone()),
            template_id: d.template_id.clone(),
        };
        let new = NewJobWithParties {
            new_client: d.new_client.clone(),
            new_vehicle: d.new_vehicle.clone(),
            job,
        };
        self.errors = FieldErrors::new();
        self.refusal = None;
        self.create_req =
            Some(cx.submit(Job::Planning(PlanningJob::Create { new: Box::new(new) })));
    }

    /// The answer to the final create: the job page, or back to the step of the part that
    /// failed with its errors beside the fields (nothing was saved).
    pub(super) fn on_created(
        &mut self,
        result: Result<JobDetail, CreateWithNewError>,
        cx: &mut Cx<'_>,
    ) {
        match result {
            Ok(d) => {
                if cx.user.is_some() {
                    cx.submit(Job::Planning(PlanningJob::ClearDraft));
                }
                cx.toast_ok(cx.tr_args(
                    "wizard-created",
                    &[("number", Arg::from(d.row.number.as_str()))],
                ));
                cx.push(Command::Open(Route::Job(d.row.id.clone())));
                self.reset_keep_refs();
                // Nothing to restore: the draft was just cleared.
                self.draft_asked = true;
                self.saved = serde_json::to_value(Draft::default()).ok();
            }
            Err(CreateWithNewError { part, error }) => match (part, error) {
                (CreatePart::Client, CoreError::Invalid(fe)) if self.draft.new_client.is_some() => {
                    self.client_errors = fe;
                    self.draft.step = Step::Client;
                }
                (CreatePart::Vehicle, CoreError::Invalid(fe))
                    if self.draft.new_vehicle.is_some() =>
                {
                    self.vehicle_errors = fe;
                    self.draft.step = Step::Vehicle;
                }
                (CreatePart::Client, e) => self.refuse(Step::Client, &e, cx),
                (CreatePart::Vehicle, e) => self.refuse(Step::Vehicle, &e, cx),
                (CreatePart::Job, CoreError::Invalid(fe)) => {
                    let first =
                        fe.0.iter()
                            .map(|e| Step::of_field(e.field))
                            .min_by_key(|s| s.index());
                    self.scroll_to_force = fe.0.iter().any(|e| e.field.starts_with("force"));
                    self.errors = fe;
                    if let Some(s) = first {
                        self.draft.step = s;
                    }
                }
                (CreatePart::Job, e) => {
                    let step = match &e {
                        CoreError::RefusedWith { key, .. }
                            if matches!(
                                *key,
                                "job-err-conflict-technician"
                                    | "job-err-conflict-bay"
                                    | "job-err-workload"
                            ) =>
                        {
                            Step::Schedule
                        }
                        CoreError::Refused {
                            key: "wf-err-template-inactive",
                        } => Step::Details,
                        _ => Step::Summary,
                    };
                    self.refuse(step, &e, cx);
                }
            },
        }
    }

    /// Shows a refusal on `step` and goes there.
    fn refuse(&mut self, step: Step, e: &CoreError, cx: &Cx<'_>) {
        self.refusal = Some((step, cx.error_text(e)));
        self.draft.step = step;
    }

    /// The summary's vehicle: the chosen one, or the new one with its details.
    pub(super) fn vehicle_summary(&self, cx: &Cx<'_>) -> String {
        let Some(v) = &self.draft.new_vehicle else {
            return self.draft.vehicle_label.clone();
        };
        // The plate as it will be stored (shown only: the core normalises it on save).
        let plate = vehicle_ident::parse_plate(&v.plate, v.foreign_plate)
            .map_or_else(|_| v.plate.trim().to_owned(), |p| p.display);
        let mut parts = vec![
            format!("{} {} ({plate})", v.make.trim(), v.model.trim())
                .replace("  ", " ")
                .trim()
                .to_owned(),
        ];
        parts.extend(
            [v.year.trim(), v.colour.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        parts.push(cx.tr(v.size_class.label_key()));
        cx.tr_args(
            "wizard-summary-new-vehicle",
            &[("vehicle", Arg::from(parts.join(" · ")))],
        )
    }

    /// The summary's client: the chosen one, or the new one with its details.
    pub(super) fn client_summary(&self, cx: &Cx<'_>) -> String {
        let Some(c) = &self.draft.new_client else {
            return self.draft.client_label.clone();
        };
        // The phone as it will be shown once saved, when the core can read it.
        let phone = contact::normalize_phone(c.phone.trim())
            .map_or_else(|| c.phone.trim().to_owned(), |p| contact::format_phone(&p));
        let details: Vec<&str> = [c.name.trim(), phone.as_str(), c.email.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        cx.tr_args(
            "wizard-summary-new-client",
            &[("client", Arg::from(details.join(" · ")))],
        )
    }
}
