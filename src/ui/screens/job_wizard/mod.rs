//! The job-creation wizard: vehicle, client, zones, film, schedule, summary. Its draft is saved
//! as you type (debounced) and restored when the wizard is opened again, even after a crash. A
//! new client or vehicle stays a form in the draft until the job is created with it, in one
//! transaction ([`parties`]).

mod details;
mod parties;
mod schedule;
mod screen;
mod slot;
mod steps;
mod summary;

use chrono::{NaiveDate, NaiveTime, TimeZone as _};
use egui::{Align, Layout, RichText, Ui};
use rpma_core::clients::{ClientInput, ClientRow};
use rpma_core::format::Tz;
use rpma_core::ids::{ClientId, TemplateId, UserId, VehicleId, ZoneId};
use rpma_core::jobs::{Candidate, Conflict, Priority};
use rpma_core::validate::FieldErrors;
use rpma_core::vehicles::{SizeClass, VehicleInput, VehicleRow};
use rpma_core::workflow::Template;
use serde::{Deserialize, Serialize};

use crate::jobs::planning::{PlanningEvent, PlanningJob, PlanningRefs};
use crate::jobs::templates::{TemplatesEvent, TemplatesJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::live;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{page_title_ui, primary_button, secondary_button};
use crate::ui::{Cx, icons};

/// Seconds of calm before the draft is saved.
const DRAFT_DEBOUNCE_S: f64 = 0.8;

/// The steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
enum Step {
    #[default]
    Vehicle,
    Client,
    Zones,
    Details,
    Schedule,
    Summary,
}

impl Step {
    const ALL: [Self; 6] = [
        Self::Vehicle,
        Self::Client,
        Self::Zones,
        Self::Details,
        Self::Schedule,
        Self::Summary,
    ];

    const fn key(self) -> &'static str {
        match self {
            Self::Vehicle => "wizard-step-vehicle",
            Self::Client => "wizard-step-client",
            Self::Zones => "wizard-step-zones",
            Self::Details => "wizard-step-details",
            Self::Schedule => "wizard-step-schedule",
            Self::Summary => "wizard-step-summary",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn at(i: usize) -> Self {
        Self::ALL.get(i).copied().unwrap_or(Self::Summary)
    }

    /// The step that shows the core's field.
    fn of_field(field: &str) -> Self {
        match field {
            "vehicle" | "vehicle_id" | "plate" | "make" | "model" | "year" => Self::Vehicle,
            "client" | "client_id" | "name" | "phone" | "email" => Self::Client,
            "zones" | "zone_ids" => Self::Zones,
            "film_product" | "notes" | "checklist" | "priority" | "template_id" => Self::Details,
            _ => Self::Schedule,
        }
    }
}

/// Everything typed in the wizard (serialised as its draft).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
struct Draft {
    step: Step,
    vehicle_id: Option<VehicleId>,
    vehicle_label: String,
    vehicle_size: SizeClass,
    vehicle_owner: Option<ClientId>,
    vehicle_search: String,
    /// A vehicle to create with the job (its form, as typed).
    new_vehicle: Option<VehicleInput>,
    client_id: Option<ClientId>,
    client_label: String,
    client_search: String,
    /// A client to create with the job (its form, as typed).
    new_client: Option<ClientInput>,
    zone_ids: Vec<ZoneId>,
    film: String,
    priority: Priority,
    notes: String,
    checklist: Vec<String>,
    checklist_new: String,
    /// `YYYY-MM-DD`.
    date: String,
    /// `HH:MM`.
    start: String,
    /// `HH:MM`.
    end: String,
    technician_id: Option<UserId>,
    bay: String,
    force: bool,
    force_reason: String,
    /// Workflow template chosen by the planner; `None`: the default rule (by zone count).
    template_id: Option<TemplateId>,
}

impl Draft {
    fn is_blank(&self) -> bool {
        *self == Self::default()
    }

    fn date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").ok()
    }

    /// Start and end in UTC ms, when date and times are set.
    fn times(&self, tz: Tz) -> (Option<i64>, Option<i64>) {
        let Some(d) = self.date() else {
            return (None, None);
        };
        let at = |s: &str| {
            NaiveTime::parse_from_str(s, "%H:%M").ok().and_then(|t| {
                tz.from_local_datetime(&d.and_time(t))
                    .earliest()
                    .map(|x| x.timestamp_millis())
            })
        };
        (at(&self.start), at(&self.end))
    }
}

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct JobWizardScreen {
    draft: Draft,
    /// The draft was asked from the store (once per session).
    draft_asked: bool,
    draft_req: Option<RequestId>,
    /// A saved draft was restored: show the banner.
    restored: bool,
    /// What was last sent to the store.
    saved: Option<serde_json::Value>,
    /// When the draft last changed (egui time).
    changed_at: Option<f64>,
    refs: Loadable<PlanningRefs>,
    /// Active workflow templates, for the template choice.
    /// `None` until first loaded; kept while it is fetched again.
    templates: Option<Vec<Template>>,
    templates_req: Option<RequestId>,
    /// The step drawn last frame (the templates are fetched again on entering the details step,
    /// so edits made meanwhile in the editor show).
    shown_step: Option<Step>,
    vehicle_hits: Vec<VehicleRow>,
    vehicle_req: Option<RequestId>,
    client_hits: Vec<ClientRow>,
    client_req: Option<RequestId>,
    pick_req: Option<RequestId>,
    /// The check of the step's new vehicle or client, and the step to go to when it passes.
    check_req: Option<(RequestId, Step)>,
    vehicle_errors: FieldErrors,
    client_errors: FieldErrors,
    conflicts: Vec<Conflict>,
    conflicts_req: Option<RequestId>,
    /// Bring the conflict choice and its reason into view next frame (after the core refused to
    /// leave the schedule step, or when the reason field appears).
    scroll_to_force: bool,
    /// The slot the conflicts answer.
    conflicts_for: Option<Candidate>,
    create_req: Option<RequestId>,
    errors: FieldErrors,
    /// A refusal from the core on create (conflict, permission…), shown on its step.
    refusal: Option<(Step, String)>,
    /// Searches already sent (so typing sends one per change).
    sent_vehicle_search: Option<String>,
    sent_client_search: Option<String>,
    /// A client and vehicle to fetch (prefill).
    pending_pick: Option<(Option<ClientId>, Option<VehicleId>)>,
    saved_req: Option<RequestId>,
}

impl JobWizardScreen {
    /// Shows one record (from search, another screen or a link): its id (a vehicle to start from).
    pub fn open(&mut self, id: VehicleId) {
        self.prefill(None, Some(id));
    }

    /// Starts the wizard with this client and vehicle chosen (from a client or vehicle page).
    pub fn prefill(&mut self, client_id: Option<ClientId>, vehicle_id: Option<VehicleId>) {
        if client_id.is_none() && vehicle_id.is_none() {
            return;
        }
        self.reset_keep_refs();
        // A prefilled start replaces any saved draft.
        self.draft_asked = true;
        self.changed_at = Some(0.0);
        self.draft.step = if vehicle_id.is_some() {
            Step::Client
        } else {
            Step::Vehicle
        };
        self.pending_pick = Some((client_id, vehicle_id));
    }

    fn reset_keep_refs(&mut self) {
        let refs = std::mem::take(&mut self.refs);
        *self = Self {
            refs,
            ..Self::default()
        };
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let pev = match ev {
            JobEvent::Planning(pev) => pev,
            JobEvent::Templates(TemplatesEvent::List(r)) if self.templates_req == Some(id) => {
                self.templates_req = None;
                match r {
                    Ok(list) => self.templates = Some(list),
                    Err(e) => cx.toast_err(cx.error_text(&e)),
                }
                return None;
            }
            other => return Some(other),
        };
        use PlanningEvent as E;
        match pev {
            E::Refs(r) if matches!(self.refs, Loadable::Loading(w) if w == id) => {
                self.refs.accept(id, r, cx.lang);
            }
            E::Draft(r) if self.draft_req == Some(id) => {
                self.draft_req = None;
                let stored = r.ok().flatten();
                match stored
                    .and_then(|v| Some((serde_json::from_value::<Draft>(v.clone()).ok()?, v)))
                {
                    Some((d, v)) if !d.is_blank() => {
                        self.draft = d;
                        self.restored = true;
                        self.saved = Some(v);
                    }
                    _ => self.saved = serde_json::to_value(&self.draft).ok(),
                }
            }
            E::DraftSaved(_) if self.saved_req == Some(id) => {
                self.saved_req = None;
            }
            E::Vehicles(r) if self.vehicle_req == Some(id) => {
                self.vehicle_req = None;
                self.vehicle_hits = r.unwrap_or_default();
            }
            E::Clients(r) if self.client_req == Some(id) => {
                self.client_req = None;
                self.client_hits = r.unwrap_or_default();
            }
            E::Picked(r) if self.pick_req == Some(id) => {
                self.pick_req = None;
                match r {
                    Ok(p) => {
                        if let Some(v) = p.vehicle {
                            self.draft.vehicle_label = v.title();
                            self.draft.vehicle_size = v.size_class;
                            self.draft.vehicle_owner = v.owner_id.clone();
                            self.draft.vehicle_id = Some(v.id);
                        }
                        if let Some(c) = p.client {
                            self.draft.client_label = c.display_name().to_owned();
                            self.draft.client_id = Some(c.id);
                        }
                    }
                    Err(e) => cx.toast_err(cx.error_text(&e)),
                }
            }
            E::VehicleChecked(r) if self.awaits_check(id) => self.on_checked(r, Step::Vehicle, cx),
            E::ClientChecked(r) if self.awaits_check(id) => self.on_checked(r, Step::Client, cx),
            E::Conflicts(r) if self.conflicts_req == Some(id) => {
                self.conflicts_req = None;
                self.conflicts = r.unwrap_or_default();
            }
            E::Created(r) if self.create_req == Some(id) => {
                self.create_req = None;
                self.on_created(r, cx);
            }
            other => return Some(JobEvent::Planning(other)),
        }
        None
    }

    /// Saves the draft once it has been calm for a moment.
    fn autosave(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        if !self.draft_asked || self.draft_req.is_some() {
            return;
        }
        let Ok(now_value) = serde_json::to_value(&self.draft) else {
            return;
        };
        let now = ui.input(|i| i.time);
        if self.saved.as_ref() == Some(&now_value) {
            self.changed_at = None;
            return;
        }
        let since = *self.changed_at.get_or_insert(now);
        if now - since >= DRAFT_DEBOUNCE_S {
            self.saved_req = Some(cx.submit(Job::Planning(PlanningJob::SaveDraft {
                json: now_value.clone(),
            })));
            self.saved = Some(now_value);
            self.changed_at = None;
        } else {
            let wait = (DRAFT_DEBOUNCE_S - (now - since)).max(0.05);
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
    }

    /// Asks for the active templates (the wizard's template choice).
    fn load_templates(&mut self, cx: &mut Cx<'_>) {
        self.templates_req = Some(cx.submit(Job::Templates(TemplatesJob::List {
            include_inactive: false,
        })));
    }

    fn start_over(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_some() {
            cx.submit(Job::Planning(PlanningJob::ClearDraft));
        }
        self.reset_keep_refs();
        self.draft_asked = true;
        self.saved = serde_json::to_value(Draft::default()).ok();
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.refs, Loadable::Idle) {
            self.refs = Loadable::Loading(cx.submit(Job::Planning(PlanningJob::LoadRefs)));
        }
        let entering_details =
            self.draft.step == Step::Details && self.shown_step != Some(Step::Details);
        if self.templates_req.is_none() && (self.templates.is_none() || entering_details) {
            self.load_templates(cx);
        }
        self.shown_step = Some(self.draft.step);
        if !self.draft_asked && cx.user.is_some() {
            self.draft_asked = true;
            self.draft_req = Some(cx.submit(Job::Planning(PlanningJob::LoadDraft)));
        }
        if let Some((client_id, vehicle_id)) = self.pending_pick.take() {
            self.pick_req = Some(cx.submit(Job::Planning(PlanningJob::Pick {
                client_id,
                vehicle_id,
            })));
        }
        self.autosave(ui, cx);
        let t = *cx.tokens;
        // The title and the save status on one line, the explanation under them (it wraps in a
        // narrow window instead of widening the page).
        ui.horizontal(|ui| {
            page_title_ui(ui, &t, &cx.tr("nav-new-job"), None);
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if self.saved_req.is_some() || self.changed_at.is_some() {
                    ui.label(RichText::new(cx.tr("saving")).small().color(t.muted));
                } else if !self.draft.is_blank() {
                    ui.label(
                        RichText::new(format!("{} {}", icons::CHECK, cx.tr("wizard-draft-saved")))
                            .small()
                            .color(t.muted),
                    );
                }
            });
        });
        ui.add(egui::Label::new(RichText::new(cx.tr("wizard-subtitle")).color(t.muted)).wrap());
        ui.add_space(t.gap * 0.5);
        if self.restored {
            egui::Frame::new()
                .fill(t.accent_soft)
                .corner_radius(8)
                .inner_margin(10)
                .show(ui, |ui| {
                    ui.set_min_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(format!(
                                "{}  {}",
                                icons::CLOCK_COUNTER_CLOCKWISE,
                                cx.tr("wizard-draft-restored")
                            ))
                            .color(t.accent_hover)
                            .strong(),
                        );
                        if ui.button(cx.tr("wizard-start-over")).clicked() {
                            self.start_over(cx);
                        }
                        if ui.button(cx.tr("close")).clicked() {
                            self.restored = false;
                        }
                    });
                });
            ui.add_space(t.gap * 0.5);
        }
        self.stepper_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        let (refs, retry) = self.refs.ui(ui, cx);
        if retry {
            self.refs = Loadable::Idle;
            return;
        }
        let Some(refs) = refs.cloned() else { return };
        let nav_h = t.hit + 2.0 * t.card_margin as f32 + t.gap;
        let body_h = (ui.available_height() - nav_h).max(120.0);
        let before = (self.refusal.is_some() || !self.errors.is_empty())
            .then(|| self.typed())
            .flatten();
        egui::ScrollArea::vertical()
            .id_salt("wizard_scroll")
            .max_height(body_h)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                t.card_frame().show(ui, |ui| {
                    ui.set_min_width(ui.available_width());
                    if let Some((step, msg)) = &self.refusal
                        && *step == self.draft.step
                    {
                        ui.label(
                            RichText::new(format!("{} {msg}", icons::WARNING)).color(t.danger),
                        );
                        ui.add_space(6.0);
                    }
                    match self.draft.step {
                        Step::Vehicle => self.vehicle_ui(ui, cx),
                        Step::Client => self.client_ui(ui, cx),
                        Step::Zones => self.zones_ui(ui, cx, &refs),
                        Step::Details => self.details_ui(ui, cx),
                        Step::Schedule => self.schedule_ui(ui, cx, &refs),
                        Step::Summary => {
                            self.summary_ui(ui, cx, &refs);
                            self.hours_note_ui(ui, cx, &refs);
                        }
                    }
                });
            });
        // A refusal or an error goes as soon as what it was about changes: the conflict preview
        // and, on create, the core check the new values again.
        if before.is_some() && self.typed() != before {
            self.refusal = None;
            let now = self.typed();
            live::revalidate(&mut self.errors, before, &now, |_| FieldErrors::new());
        }
        ui.add_space(t.gap * 0.5);
        self.nav_ui(ui, cx);
    }

    /// What the user typed (the draft without the step on show), to notice a change.
    fn typed(&self) -> Option<serde_json::Value> {
        let mut v = serde_json::to_value(&self.draft).ok()?;
        if let Some(o) = v.as_object_mut() {
            o.remove("step");
        }
        Some(v)
    }

    fn stepper_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let current = self.draft.step.index();
        ui.horizontal_wrapped(|ui| {
            for (i, s) in Step::ALL.iter().enumerate() {
                let has_error = self.errors.0.iter().any(|e| Step::of_field(e.field) == *s)
                    || (*s == Step::Vehicle && !self.vehicle_errors.is_empty())
                    || (*s == Step::Client && !self.client_errors.is_empty());
                let (fg, bg) = if has_error {
                    (t.danger, t.danger_soft)
                } else if i == current {
                    (t.on_accent, t.accent)
                } else if i < current {
                    (t.accent_hover, t.accent_soft)
                } else {
                    (t.muted, t.card)
                };
                let text = RichText::new(format!("{}. {}", i + 1, cx.tr(s.key()))).color(fg);
                let b = egui::Button::new(if i == current { text.strong() } else { text })
                    .fill(bg)
                    .corner_radius(14)
                    .stroke(egui::Stroke::new(1.0, t.card_stroke));
                if ui.add(b).clicked() && self.can_leave_for(*s) && !self.checking_party() {
                    self.advance(*s, cx);
                }
                if i + 1 < Step::ALL.len() {
                    ui.label(RichText::new(icons::CARET_RIGHT).color(t.muted));
                }
            }
        });
    }

    /// The client needs a vehicle, and everything after needs both.
    fn can_leave_for(&self, to: Step) -> bool {
        match to {
            Step::Vehicle => true,
            Step::Client => self.has_vehicle(),
            _ => self.has_vehicle() && self.has_client(),
        }
    }

    fn nav_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let i = self.draft.step.index();
        ui.horizontal(|ui| {
            if i > 0
                && secondary_button(
                    ui,
                    &t,
                    &format!("{}  {}", icons::CARET_LEFT, cx.tr("wizard-back")),
                )
                .clicked()
            {
                self.draft.step = Step::at(i - 1);
            }
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if self.draft.step == Step::Summary {
                    let busy = self.create_req.is_some();
                    let r = ui.add_enabled_ui(!busy, |ui| {
                        primary_button(
                            ui,
                            &t,
                            &format!("{}  {}", icons::CHECK, cx.tr("wizard-create")),
                        )
                    });
                    if r.inner.clicked() {
                        self.create(cx, false);
                    }
                    let r = ui.add_enabled_ui(!busy, |ui| {
                        secondary_button(
                            ui,
                            &t,
                            &format!("{}  {}", icons::FLOPPY_DISK, cx.tr("wizard-save-draft")),
                        )
                    });
                    if r.inner.clicked() {
                        self.create(cx, true);
                    }
                } else {
                    let next = Step::at(i + 1);
                    let ok = self.can_leave_for(next);
                    let busy = self.checking_slot() || self.checking_party();
                    let r = ui.add_enabled_ui(ok && !busy, |ui| {
                        primary_button(
                            ui,
                            &t,
                            &format!("{}  {}", cx.tr("wizard-next"), icons::CARET_RIGHT),
                        )
                    });
                    if r.inner.clicked() {
                        self.advance(next, cx);
                    }
                    if !ok {
                        ui.label(
                            RichText::new(cx.tr(if !self.has_vehicle() {
                                "wizard-need-vehicle"
                            } else {
                                "wizard-need-client"
                            }))
                            .color(t.muted),
                        );
                    }
                }
            });
        });
    }
}
