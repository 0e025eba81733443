//! The guided intervention, step by step, for the shop floor (large touch targets; fits a
//! 1280×800 kiosk screen): a header with the vehicle, the worked time and pause/resume; a rail of
//! the steps; the current step's instructions, checklist, readings, defects on the vehicle
//! diagram, zones, scores, signature, photos and notes; and the bar of actions (complete, skip,
//! approve, finish) with the list of what is still missing.
//!
//! Every change is saved within a second (autosave): the step's draft is sent to the worker
//! [`AUTOSAVE_AFTER`] after the last keystroke, and at once when leaving the step or the screen.

mod actions;
mod conflicts;
mod flush;
mod photo_add;
mod photo_viewer;
mod photos;
mod signature;
mod steps;

use rpma_core::ids::{InterventionId, UserId, ZoneId};
use std::collections::HashMap;

use egui::{RichText, Ui};
use rpma_core::auth::permissions::{self, Action};
use rpma_core::error::MissingItem;
use rpma_core::i18n::Arg;
use rpma_core::interventions::draft::{Drafts, missing_now};
use rpma_core::interventions::rules::{items as missing_items, rework_refusal};
use rpma_core::interventions::{Approval, Intervention, IvStatus, StepEdit, StepStatus, ZoneEdit};
use rpma_core::workflow::StepKind;
use rpma_core::{CoreError, validate::FieldErrors};

use crate::jobs::atelier::{AtelierEvent, AtelierJob, Move};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::screens::atelier::{duration_text, until_worked_times_change};
use crate::ui::signature_pad::SignaturePad;
use crate::ui::toasts::Toast;
use crate::ui::widgets::{Answer, confirm_modal_ui};
use crate::ui::widgets::{badge_ui, primary_button, secondary_button, text_field_ui};
use crate::ui::{Command, Cx, icons};

/// Time after the last change before the draft is sent (well inside the 1 s promise).
pub const AUTOSAVE_AFTER: f64 = 0.4;

/// A question that needs a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Pause,
    Cancel,
    Rework(usize),
    Skip(usize),
    Reject(usize),
}

/// Text buffers of a zone's numeric fields.
#[derive(Debug, Clone, Default)]
struct ZoneTexts {
    length: String,
    waste: String,
}

/// State of the screen.
#[derive(Debug, Default)]
pub struct InterventionScreen {
    id: Option<InterventionId>,
    iv: Option<Box<Intervention>>,
    load_req: Option<RequestId>,
    load_error: Option<String>,
    /// The step shown (the current one unless the user looks back).
    viewing: usize,
    /// Local drafts of the steps, by position (what the user typed, saved by the autosave).
    drafts: HashMap<usize, StepEdit>,
    /// Temperature and humidity as typed.
    env_texts: Option<(String, String)>,
    /// Zone drafts, by zone id.
    zones: HashMap<ZoneId, ZoneEdit>,
    zone_texts: HashMap<ZoneId, ZoneTexts>,
    /// Step draft changed at (ctx time), not yet sent.
    dirty_step: Option<(usize, f64)>,
    /// Zones changed at, not yet sent.
    dirty_zones: HashMap<ZoneId, f64>,
    /// Signatory typed, not yet sent.
    dirty_signatory: Option<f64>,
    signatory: Option<String>,
    signature: SignaturePad,
    /// Saves sent and not answered yet.
    saving: Vec<RequestId>,
    /// Field errors of the last refused save.
    errors: FieldErrors,
    save_error: Option<String>,
    /// The last move sent.
    move_req: Option<RequestId>,
    /// The step whose clash a move resolves (its draft then follows the value kept).
    resolving: Option<usize>,
    /// What the last refused completion said was missing.
    missing: Option<Vec<MissingItem>>,
    ask: Option<Ask>,
    reason: String,
    installers: Vec<(UserId, String)>,
    /// Height of the action bar last frame.
    bar_height: f32,
    installers_req: Option<RequestId>,
    photos: photos::PhotoPanel,
    defects: steps::DefectEditor,
}

impl InterventionScreen {
    /// Opens an intervention.
    pub fn open(&mut self, id: InterventionId) {
        let keep_photos = std::mem::take(&mut self.photos);
        *self = Self {
            id: Some(id),
            photos: keep_photos.reset_for_new(),
            ..Self::default()
        };
    }

    /// The intervention open (loaded or not).
    pub fn id(&self) -> Option<&InterventionId> {
        self.id.as_ref()
    }

    /// The intervention shown, if loaded (tests).
    pub fn intervention(&self) -> Option<&Intervention> {
        self.iv.as_deref()
    }

    fn load(&mut self, cx: &mut Cx<'_>) {
        let (Some(id), Some(_)) = (self.id.clone(), cx.user) else {
            return;
        };
        self.load_req = Some(cx.submit(Job::Atelier(AtelierJob::Get { id })));
        if self.installers_req.is_none() && self.installers.is_empty() {
            self.installers_req = Some(cx.submit(Job::Atelier(AtelierJob::Installers)));
        }
    }

    /// Takes a fresh copy from the worker; local drafts of what the user is typing stay.
    fn accept(&mut self, iv: Box<Intervention>) {
        let first = self.iv.is_none();
        let step_changed = self
            .iv
            .as_ref()
            .is_some_and(|o| o.current_step != iv.current_step);
        if first || step_changed {
            self.viewing = iv.current_step;
        }
        // Drafts of steps that are no longer editable follow the database.
        for s in &iv.steps {
            let stored = || StepEdit {
                notes: s.notes.clone(),
                checklist: s.checklist.clone(),
                data: s.data.clone(),
            };
            if s.status != StepStatus::InProgress || first {
                self.drafts.insert(s.position, stored());
            } else {
                self.drafts.entry(s.position).or_insert_with(stored);
            }
        }
        if first || self.env_texts.is_none() {
            let d = iv
                .steps
                .iter()
                .find(|s| s.kind == StepKind::Inspection)
                .map(|s| s.data.clone())
                .unwrap_or_default();
            self.env_texts = Some((num_text(d.temperature_c), num_text(d.humidity_pct)));
        }
        for z in &iv.zones {
            self.zones
                .entry(z.zone_id.clone())
                .or_insert_with(|| ZoneEdit {
                    zone_id: z.zone_id.clone(),
                    checklist: z.checklist.clone(),
                    film_product: z.film_product.clone(),
                    roll_lot: z.roll_lot.clone(),
                    length_cm: z.length_cm(),
                    waste_cm: z.waste_cm(),
                    installer_id: z.installer_id.clone(),
                    quality_score: z.quality_score,
                    notes: z.notes.clone(),
                });
            self.zone_texts
                .entry(z.zone_id.clone())
                .or_insert_with(|| ZoneTexts {
                    length: num_text(z.length_cm()),
                    waste: num_text(z.waste_cm()),
                });
        }
        if self.signatory.is_none() {
            self.signatory = Some(iv.signatory.clone());
        }
        self.iv = Some(iv);
    }

    /// Takes a job reply; returns it when it is not for this screen.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Atelier(ev) = ev else {
            return Some(ev);
        };
        match ev {
            AtelierEvent::Loaded(r) if self.load_req == Some(id) => {
                self.load_req = None;
                match r {
                    Ok(Some(iv)) => self.accept(iv),
                    Ok(None) => self.load_error = Some(cx.tr("err-not-found")),
                    Err(e) => self.load_error = Some(cx.lang.error_message(&e)),
                }
                None
            }
            AtelierEvent::Installers(r) if self.installers_req == Some(id) => {
                self.installers_req = None;
                self.installers = r.unwrap_or_default();
                None
            }
            AtelierEvent::Saved(r)
                if self.saving.contains(&id) || self.defects.pending() == Some(id) =>
            {
                self.saving.retain(|x| *x != id);
                if self.defects.pending() == Some(id) {
                    self.defects.done();
                }
                match r {
                    Ok(iv) => {
                        self.save_error = None;
                        self.errors = FieldErrors::new();
                        self.accept(iv);
                    }
                    Err(e) => self.refused(&e, cx),
                }
                None
            }
            AtelierEvent::Moved(r) if self.move_req == Some(id) => {
                self.move_req = None;
                match r {
                    Ok(iv) => {
                        // A clash resolved: the step's draft follows the value kept.
                        if let Some(p) = self.resolving.take() {
                            self.drafts.remove(&p);
                        }
                        self.missing = None;
                        let finished = iv.status == IvStatus::Completed;
                        let cancelled = iv.status == IvStatus::Cancelled;
                        self.accept(iv);
                        if finished {
                            cx.push(Command::Toast(Toast::success(cx.tr("iv-finished"))));
                        } else if cancelled {
                            cx.push(Command::Toast(Toast::info(cx.tr("iv-cancelled"))));
                        }
                    }
                    Err(CoreError::Incomplete(m)) => self.missing = Some(m),
                    Err(e) => cx.push(Command::Toast(Toast::error(cx.lang.error_message(&e)))),
                }
                None
            }
            ev @ (AtelierEvent::PhotoAttached(_) | AtelierEvent::Watching(_))
                if self.photos.owns(id) =>
            {
                // Reload to show an attached photo (cheap: one intervention).
                if self.photos.on_event(id, ev, cx) {
                    self.load(cx);
                }
                None
            }
            other => Some(JobEvent::Atelier(other)),
        }
    }

    fn refused(&mut self, e: &CoreError, cx: &mut Cx<'_>) {
        match e {
            CoreError::Invalid(f) => {
                self.errors = f.clone();
                self.save_error = Some(cx.lang.error_message(e));
            }
            other => {
                self.save_error = Some(cx.lang.error_message(other));
                cx.push(Command::Toast(Toast::error(cx.lang.error_message(other))));
            }
        }
    }

    fn send_move(&mut self, cx: &mut Cx<'_>, op: Move) {
        self.flush(cx);
        let (Some(id), Some(_)) = (self.id.clone(), cx.user) else {
            return;
        };
        self.move_req = Some(cx.submit(Job::Atelier(AtelierJob::Move { id, op })));
    }

    /// Sends every pending draft now.
    fn flush(&mut self, cx: &mut Cx<'_>) {
        self.flush_drafts(cx);
    }

    /// Leaving the screen: save what is pending.
    pub fn leave(&mut self, cx: &mut Cx<'_>) {
        self.flush(cx);
    }

    /// Sends drafts whose last change is older than [`AUTOSAVE_AFTER`].
    fn autosave(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let now = ui.input(|i| i.time);
        let due = |t: f64| now - t >= AUTOSAVE_AFTER;
        let any_due = self.dirty_step.is_some_and(|(_, t)| due(t))
            || self.dirty_zones.values().any(|t| due(*t))
            || self.dirty_signatory.is_some_and(due);
        if any_due {
            self.flush(cx);
        } else if self.dirty_step.is_some()
            || !self.dirty_zones.is_empty()
            || self.dirty_signatory.is_some()
        {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_AFTER));
        }
    }

    /// True when typing is waiting to be saved or a save is in flight (update blockers, tests).
    pub fn has_unsaved(&self) -> bool {
        self.dirty_step.is_some()
            || !self.dirty_zones.is_empty()
            || self.dirty_signatory.is_some()
            || !self.saving.is_empty()
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if self.id.is_none() {
            ui.label(RichText::new(cx.tr("iv-none-open")).color(t.muted));
            if secondary_button(ui, &t, &cx.tr("nav-atelier")).clicked() {
                cx.push(Command::Navigate(Route::Atelier));
            }
            return;
        }
        if self.iv.is_none() && self.load_req.is_none() && self.load_error.is_none() {
            self.load(cx);
        }
        if let Some(e) = &self.load_error {
            ui.label(RichText::new(e).color(t.danger));
            if secondary_button(ui, &t, &cx.tr("retry")).clicked() {
                self.load_error = None;
            }
            return;
        }
        let Some(iv) = self.iv.clone() else {
            ui.spinner();
            return;
        };
        self.photos.poll(ui, cx, &iv);
        self.autosave(ui, cx);
        let viewing = self.viewing.min(iv.steps.len().saturating_sub(1));
        self.viewing = viewing;
        // Added photos go to the step shown, when it can take them.
        let can_edit = iv.status == IvStatus::InProgress
            && iv
                .steps
                .get(viewing)
                .is_some_and(|s| s.status == StepStatus::InProgress);
        self.photos.set_target(cx, &iv, viewing, can_edit);
        self.header_ui(ui, cx, &iv);
        self.rail_ui(ui, cx, &iv);
        ui.add_space(t.gap * 0.4);
        let bar_height = 64.0
            + self
                .missing
                .as_ref()
                .map_or(0.0, |m| 28.0 + 22.0 * m.len().min(8) as f32);
        let body_height = (ui.available_height() - bar_height).max(120.0);
        egui::ScrollArea::vertical()
            .id_salt(("iv_body", viewing))
            .max_height(body_height)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // Room for the scroll bar: cards never run under it.
                egui::Frame::new()
                    .inner_margin(egui::Margin {
                        left: 0,
                        right: 18,
                        top: 0,
                        bottom: 0,
                    })
                    .show(ui, |ui| {
                        self.step_ui(ui, cx, &iv, viewing, can_edit);
                    });
            });
        let top = ui.cursor().top();
        self.actions_ui(ui, cx, &iv, viewing);
        self.bar_height = ui.cursor().top() - top;
        self.ask_ui(ui, cx);
        let sent = self.photos.viewer_ui(ui, cx, &iv, can_edit);
        self.saving.extend(sent);
    }

    fn header_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, iv: &Intervention) {
        let t = *cx.tokens;
        let now = chrono::Utc::now().timestamp_millis();
        ui.horizontal(|ui| {
            if crate::ui::widgets::icon_button(ui, icons::ARROW_LEFT, &cx.tr("iv-back")).clicked() {
                self.leave(cx);
                cx.push(Command::Back);
            }
            ui.label(
                RichText::new(format!("{} {}", icons::CAR_PROFILE, iv.job.plate))
                    .size(t.title)
                    .strong()
                    .color(t.heading),
            );
            ui.label(
                RichText::new(&iv.job.vehicle)
                    .size(t.body + 2.0)
                    .color(t.text),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                match iv.status {
                    IvStatus::InProgress => {
                        if secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::PAUSE, cx.tr("iv-pause")),
                        )
                        .clicked()
                        {
                            self.reason.clear();
                            self.ask = Some(Ask::Pause);
                        }
                    }
                    IvStatus::Paused => {
                        if primary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::PLAY, cx.tr("iv-resume")),
                        )
                        .clicked()
                        {
                            self.send_move(cx, Move::Resume);
                        }
                    }
                    IvStatus::Completed | IvStatus::Cancelled => {}
                }
                let may_cancel = iv.status.is_active()
                    && cx
                        .user
                        .is_some_and(|u| permissions::allows(u.role, Action::EditAnyJob));
                if may_cancel
                    && secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::X_CIRCLE, cx.tr("iv-cancel")),
                    )
                    .clicked()
                {
                    self.reason.clear();
                    self.ask = Some(Ask::Cancel);
                }
                let (fg, bg, key) = match iv.status {
                    IvStatus::InProgress => (t.accent, t.accent_soft, "atelier-status-in-progress"),
                    IvStatus::Paused => (t.warning, t.warning_soft, "atelier-status-paused"),
                    IvStatus::Completed => (t.success, t.success_soft, "atelier-status-completed"),
                    IvStatus::Cancelled => (t.danger, t.danger_soft, "atelier-status-cancelled"),
                };
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::CLOCK,
                        duration_text(iv.elapsed_ms(now))
                    ))
                    .size(t.body + 2.0)
                    .color(t.heading),
                );
                badge_ui(ui, &cx.tr(key), fg, bg);
            });
        });
        // Second line: who, which job, which template, and whether the typing is saved.
        ui.horizontal(|ui| {
            ui.add_space(28.0);
            ui.label(
                RichText::new(format!("{} {}", icons::USER, iv.job.client_name)).color(t.text),
            );
            ui.label(RichText::new(&iv.job.number).monospace().color(t.muted));
            ui.label(RichText::new(iv.template.name.get(cx.lang)).color(t.muted));
            let saved = if self.has_unsaved() {
                cx.tr("iv-saving")
            } else {
                format!("{} {}", icons::CHECK, cx.tr("iv-saved"))
            };
            ui.label(RichText::new(saved).small().color(t.muted));
        });
        if iv.status == IvStatus::InProgress {
            // Worked times move on by the minute: one repaint when one of them changes.
            ui.ctx()
                .request_repaint_after(until_worked_times_change(iv, now));
        }
        if iv.status == IvStatus::Paused {
            egui::Frame::new()
                .fill(t.warning_soft)
                .corner_radius(t.radius_small)
                .inner_margin(8)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        RichText::new(cx.tr("iv-paused-banner"))
                            .color(t.warning)
                            .strong(),
                    );
                });
        }
        if iv.status == IvStatus::Cancelled {
            ui.label(
                RichText::new(format!("{} {}", cx.tr("iv-cancelled"), iv.cancel_reason))
                    .color(t.danger),
            );
        }
    }

    fn rail_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, iv: &Intervention) {
        let t = *cx.tokens;
        let now = chrono::Utc::now().timestamp_millis();
        ui.horizontal_wrapped(|ui| {
            for (i, s) in iv.steps.iter().enumerate() {
                let title = iv
                    .step_template(i)
                    .map(|st| st.title.get(cx.lang).to_owned())
                    .unwrap_or_default();
                let mark = match s.status {
                    StepStatus::Completed => icons::CHECK_CIRCLE,
                    StepStatus::Skipped => icons::ARROW_RIGHT,
                    StepStatus::AwaitingApproval => icons::HOURGLASS,
                    StepStatus::InProgress => icons::PLAY,
                    StepStatus::Pending => icons::SQUARE,
                };
                let mut text = format!("{mark} {}. {title}", i + 1);
                let worked = iv.step_worked_ms(i, now);
                if worked > 0 {
                    text = format!("{text} · {}", duration_text(worked));
                }
                let enabled = s.status != StepStatus::Pending;
                let selected = i == self.viewing;
                let r = ui.add_enabled(
                    enabled,
                    egui::Button::selectable(selected, RichText::new(text).size(t.body + 1.0))
                        .min_size(egui::vec2(0.0, t.hit)),
                );
                if r.clicked() && i != self.viewing {
                    self.flush(cx);
                    self.viewing = i;
                    self.missing = None;
                }
            }
        });
    }

    fn step_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        pos: usize,
        can_edit: bool,
    ) {
        let t = *cx.tokens;
        let Some(st) = iv.step_template(pos).cloned() else {
            return;
        };
        let Some(state) = iv.steps.get(pos).cloned() else {
            return;
        };
        if let Some(op) =
            conflicts::conflicts_ui(ui, cx, iv, pos, iv.status.is_active() || can_edit)
        {
            self.resolving = Some(pos);
            self.send_move(cx, op);
        }
        if state.approval == Approval::Rejected && !state.rejection_reason.is_empty() {
            note_frame(ui, t.danger_soft, |ui| {
                ui.label(
                    RichText::new(format!(
                        "{}: {}",
                        cx.tr("iv-rejected"),
                        state.rejection_reason
                    ))
                    .color(t.danger),
                );
            });
        }
        if state.status == StepStatus::Skipped {
            note_frame(ui, t.warning_soft, |ui| {
                ui.label(
                    RichText::new(format!("{}: {}", cx.tr("iv-skipped"), state.skip_reason))
                        .color(t.warning),
                );
            });
        }
        if !st.instructions.get(cx.lang).trim().is_empty() {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                // One wrapping label: a label in a horizontal row would not wrap and would
                // widen every card of the step.
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("{}  {}", icons::INFO, st.instructions.get(cx.lang)))
                            .color(t.text),
                    )
                    .wrap(),
                );
            });
            ui.add_space(t.gap * 0.5);
        }
        let now = ui.input(|i| i.time);
        let mut changed = false;
        match st.kind {
            StepKind::Inspection => {
                changed |= self.environment_ui(ui, cx, pos, can_edit);
                ui.add_space(t.gap * 0.5);
                self.defects
                    .ui(ui, cx, iv, can_edit || iv.status.is_active());
            }
            StepKind::Installation => {
                let dirty = steps::zones_ui(
                    ui,
                    cx,
                    iv,
                    &st,
                    &mut self.zones,
                    &mut self.zone_texts,
                    &self.installers,
                    &self.errors,
                    can_edit,
                );
                for z in dirty {
                    self.dirty_zones.insert(z, now);
                }
            }
            StepKind::Preparation | StepKind::Finalization => {}
        }
        if st.kind != StepKind::Installation && !st.checklist.is_empty() {
            ui.add_space(t.gap * 0.5);
            if let Some(d) = self.drafts.get_mut(&pos) {
                changed |= steps::checklist_ui(ui, cx, &st, &mut d.checklist, can_edit);
            }
        }
        if st.kind == StepKind::Finalization {
            ui.add_space(t.gap * 0.5);
            if let Some(d) = self.drafts.get_mut(&pos) {
                changed |= steps::scores_ui(ui, cx, &mut d.data, can_edit, &self.errors);
            }
            ui.add_space(t.gap * 0.5);
            self.signature_ui(ui, cx, iv, can_edit);
        }
        ui.add_space(t.gap * 0.5);
        self.photos.card_ui(ui, cx, iv, pos, can_edit);
        ui.add_space(t.gap * 0.5);
        if let Some(d) = self.drafts.get_mut(&pos) {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                let label = ui.label(RichText::new(cx.tr("iv-notes")).strong().color(t.heading));
                let r = ui
                    .add_enabled(
                        can_edit,
                        egui::TextEdit::multiline(&mut d.notes)
                            .desired_rows(3)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                changed |= r.changed();
                if let Some(e) = cx.field_error(&self.errors, "notes") {
                    ui.label(RichText::new(e).color(t.danger).small());
                }
            });
        }
        if changed {
            self.dirty_step = Some((pos, now));
        }
    }

    fn environment_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, pos: usize, can_edit: bool) -> bool {
        let t = *cx.tokens;
        let mut changed = false;
        let (mut temp, mut hum) = self.env_texts.clone().unwrap_or_default();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            crate::ui::widgets::section_title_ui(ui, &t, &cx.tr("iv-environment"));
            ui.columns(2, |cols| {
                let [a, b] = cols else { return };
                a.add_enabled_ui(can_edit, |ui| {
                    let e = cx.field_error(&self.errors, "temperature");
                    changed |= text_field_ui(
                        ui,
                        &t,
                        &cx.tr("iv-temperature"),
                        &mut temp,
                        false,
                        e.as_deref(),
                    )
                    .changed();
                });
                b.add_enabled_ui(can_edit, |ui| {
                    let e = cx.field_error(&self.errors, "humidity");
                    changed |=
                        text_field_ui(ui, &t, &cx.tr("iv-humidity"), &mut hum, false, e.as_deref())
                            .changed();
                });
            });
            let tv = parse_num(&temp);
            let hv = parse_num(&hum);
            if (!temp.trim().is_empty() && tv.is_none()) || (!hum.trim().is_empty() && hv.is_none())
            {
                ui.label(RichText::new(cx.tr("iv-err-not-number")).color(t.danger));
            }
            let (tr, hr) = (
                rpma_core::interventions::rules::DEFAULT_TEMP_RANGE,
                rpma_core::interventions::rules::DEFAULT_HUMIDITY_RANGE,
            );
            if rpma_core::interventions::rules::out_of_range(tv, tr) {
                warn_line(
                    ui,
                    cx,
                    &cx.tr_args(
                        "iv-temp-warning",
                        &[("min", Arg::Num(tr.0)), ("max", Arg::Num(tr.1))],
                    ),
                );
            }
            if rpma_core::interventions::rules::out_of_range(hv, hr) {
                warn_line(
                    ui,
                    cx,
                    &cx.tr_args(
                        "iv-humidity-warning",
                        &[("min", Arg::Num(hr.0)), ("max", Arg::Num(hr.1))],
                    ),
                );
            }
            if changed && let Some(d) = self.drafts.get_mut(&pos) {
                d.data.temperature_c = tv;
                d.data.humidity_pct = hv;
            }
        });
        self.env_texts = Some((temp, hum));
        changed
    }
}

fn note_frame(ui: &mut Ui, fill: egui::Color32, add: impl FnOnce(&mut Ui)) {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(6)
        .inner_margin(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui);
        });
}

fn warn_line(ui: &mut Ui, cx: &Cx<'_>, text: &str) {
    let t = cx.tokens;
    ui.label(
        RichText::new(format!("{} {text}", icons::WARNING))
            .color(t.warning)
            .strong(),
    );
}

/// A number typed with a comma or a dot; None when empty or not a number.
pub(crate) fn parse_num(s: &str) -> Option<f64> {
    let s = s.trim().replace(',', ".").replace(' ', "");
    if s.is_empty() {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A stored number for a text field ("" when absent).
pub(crate) fn num_text(v: Option<f64>) -> String {
    v.map(|v| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    })
    .unwrap_or_default()
}
