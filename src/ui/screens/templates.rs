//! The workflow template editor (admins): the ordered steps of a guided intervention, their
//! checklists, named photos, photo bounds, approval and estimated time.
//!
//! Left, the templates (built-ins first); right, the editor of the selected one, working on a
//! draft copy that survives navigation. "Save" sends the whole template to the core, which
//! validates it and bumps its version (started interventions keep the copy they began with);
//! its field errors are shown next to the fields and nothing is saved. "Cancel changes" goes back
//! to the saved template.

use std::collections::HashSet;

use egui::text::LayoutJob;
use egui::{
    Align, Button, Color32, FontId, Layout, RichText, TextEdit, TextFormat, Ui, Vec2, WidgetInfo,
};
use rpma_core::i18n::Arg;
use rpma_core::validate::FieldErrors;
use rpma_core::workflow::{
    self, ChecklistItem, MAX_ITEMS, MAX_STEPS, Phase, PhotoShot, StepKind, StepTemplate, Template,
    Text,
};
use rpma_core::{CoreError, Lang};

use crate::jobs::templates::{TemplatesEvent, TemplatesJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::screens::clients::common::{
    Answer, confirm_modal_ui, empty_state_ui, primary_icon_button, secondary_icon_button,
};
use crate::ui::screens::jobs::num;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{badge_ui, page_title_ui, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

/// Width of the template list.
const LIST_WIDTH: f32 = 320.0;

/// One step as edited: numbers stay text until saved, so that bad input can be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StepForm {
    /// Stable within the screen (keeps a card open while steps move).
    uid: u64,
    kind: StepKind,
    title: Text,
    instructions: Text,
    checklist: Vec<ChecklistItem>,
    shots: Vec<PhotoShot>,
    minutes: String,
    min_photos: String,
    /// Empty: unlimited.
    max_photos: String,
    mandatory: bool,
    approval: bool,
}

/// The template as edited.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    /// Empty for a template not saved yet.
    id: String,
    code: String,
    version: i64,
    name: Text,
    description: Text,
    active: bool,
    steps: Vec<StepForm>,
}

impl Form {
    fn is_builtin(&self) -> bool {
        self.id == workflow::STANDARD_ID || self.id == workflow::EXPRESS_ID
    }

    /// The template to send, or the numbers that do not parse (field keys like the core's).
    fn build(&self) -> Result<Template, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut steps = Vec::with_capacity(self.steps.len());
        for (i, s) in self.steps.iter().enumerate() {
            let n = i + 1;
            let est_minutes = parse_count(&s.minutes).unwrap_or_else(|| {
                errors.add(step_field(n, Part::Minutes), "wf-err-number");
                0
            });
            let min_photos = parse_count(&s.min_photos);
            let max_photos = if s.max_photos.trim().is_empty() {
                Some(None)
            } else {
                parse_count(&s.max_photos).map(Some)
            };
            let (min_photos, max_photos) = match (min_photos, max_photos) {
                (Some(a), Some(b)) => (a, b),
                _ => {
                    errors.add(step_field(n, Part::Photos), "wf-err-number");
                    (0, None)
                }
            };
            steps.push(StepTemplate {
                kind: s.kind,
                title: trimmed(&s.title),
                instructions: Text {
                    fr: s.instructions.fr.trim().to_owned(),
                    en: s.instructions.en.trim().to_owned(),
                },
                checklist: s
                    .checklist
                    .iter()
                    .map(|c| ChecklistItem {
                        id: c.id.clone(),
                        label: trimmed(&c.label),
                        required: c.required,
                    })
                    .collect(),
                shots: s
                    .shots
                    .iter()
                    .map(|p| PhotoShot {
                        id: p.id.clone(),
                        label: trimmed(&p.label),
                        phase: p.phase,
                    })
                    .collect(),
                min_photos,
                max_photos,
                mandatory: s.mandatory,
                approval: s.approval,
                est_minutes,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Template {
            id: self.id.clone(),
            code: self.code.clone(),
            name: trimmed(&self.name),
            description: Text {
                fr: self.description.fr.trim().to_owned(),
                en: self.description.en.trim().to_owned(),
            },
            version: self.version,
            active: self.active,
            steps,
        })
    }

    /// Total estimated minutes of the steps whose minutes parse.
    fn est_minutes(&self) -> u32 {
        self.steps
            .iter()
            .filter_map(|s| parse_count(&s.minutes))
            .fold(0, u32::saturating_add)
    }
}

fn trimmed(t: &Text) -> Text {
    Text {
        fr: t.fr.trim().to_owned(),
        en: t.en.trim().to_owned(),
    }
}

/// A whole number ≥ 0; empty is 0.
fn parse_count(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return Some(0);
    }
    s.parse().ok()
}

/// The part of a step an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Title,
    Checklist,
    Shots,
    Photos,
    Minutes,
}

/// The core's field key for a step's part (`step.3.title`); `steps` past [`MAX_STEPS`].
fn step_field(n: usize, part: Part) -> &'static str {
    macro_rules! row {
        ($n:literal) => {
            [
                concat!("step.", $n, ".title"),
                concat!("step.", $n, ".checklist"),
                concat!("step.", $n, ".shots"),
                concat!("step.", $n, ".photos"),
                concat!("step.", $n, ".minutes"),
            ]
        };
    }
    const FIELDS: [[&str; 5]; MAX_STEPS] = [
        row!(1),
        row!(2),
        row!(3),
        row!(4),
        row!(5),
        row!(6),
        row!(7),
        row!(8),
        row!(9),
        row!(10),
        row!(11),
        row!(12),
    ];
    let col = match part {
        Part::Title => 0,
        Part::Checklist => 1,
        Part::Shots => 2,
        Part::Photos => 3,
        Part::Minutes => 4,
    };
    FIELDS
        .get(n.saturating_sub(1))
        .and_then(|r| r.get(col))
        .copied()
        .unwrap_or("steps")
}

/// The step number (1-based) a field key is about, if any.
fn step_of_field(field: &str) -> Option<usize> {
    field.strip_prefix("step.")?.split('.').next()?.parse().ok()
}

/// "4 h 25" or "45 min".
pub(crate) fn duration_text(cx: &Cx<'_>, minutes: u32) -> String {
    if minutes >= 60 {
        cx.tr_args(
            "wf-duration-hours",
            &[
                ("hours", num(minutes / 60)),
                ("minutes", Arg::from(format!("{:02}", minutes % 60))),
            ],
        )
    } else {
        cx.tr_args("wf-duration-minutes", &[("minutes", num(minutes))])
    }
}

/// What the user asked for in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Switch {
    /// Open this saved template.
    To(String),
    /// Start a new template.
    New,
}

/// What a step card asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StepAction {
    Up,
    Down,
    Remove,
}

/// What a row of a list (checklist, shots) asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowAction {
    Up(usize),
    Down(usize),
    Remove(usize),
}

/// State of the screen, kept across navigation (the draft too).
#[derive(Debug, Default)]
pub struct TemplatesScreen {
    data: Loadable<Vec<Template>>,
    /// The draft being edited.
    form: Option<Form>,
    /// The draft as opened (saved state), to tell changes and to revert.
    base: Option<Form>,
    errors: FieldErrors,
    /// A refusal or error not tied to a field.
    message: Option<String>,
    save_req: Option<RequestId>,
    dup_req: Option<RequestId>,
    /// Open step cards (by [`StepForm::uid`]).
    open: HashSet<u64>,
    next_uid: u64,
    /// A switch waiting for "discard changes?".
    confirm_switch: Option<Switch>,
}

impl TemplatesScreen {
    fn load(&mut self, cx: &mut Cx<'_>) {
        self.data = Loadable::Loading(cx.submit(Job::Templates(TemplatesJob::List {
            include_inactive: true,
        })));
    }

    fn uid(&mut self) -> u64 {
        self.next_uid += 1;
        self.next_uid
    }

    fn step_form(&mut self, s: &StepTemplate) -> StepForm {
        StepForm {
            uid: self.uid(),
            kind: s.kind,
            title: s.title.clone(),
            instructions: s.instructions.clone(),
            checklist: s.checklist.clone(),
            shots: s.shots.clone(),
            minutes: s.est_minutes.to_string(),
            min_photos: s.min_photos.to_string(),
            max_photos: s.max_photos.map(|m| m.to_string()).unwrap_or_default(),
            mandatory: s.mandatory,
            approval: s.approval,
        }
    }

    /// A new step of `kind`, titled after it in both languages.
    fn blank_step(&mut self, kind: StepKind) -> StepForm {
        StepForm {
            uid: self.uid(),
            kind,
            title: Text::new(
                &Lang::Fr.tr(kind.label_key()),
                &Lang::En.tr(kind.label_key()),
            ),
            instructions: Text::default(),
            checklist: Vec::new(),
            shots: Vec::new(),
            minutes: "0".to_owned(),
            min_photos: "0".to_owned(),
            max_photos: String::new(),
            mandatory: true,
            approval: false,
        }
    }

    /// Opens a saved template in the editor (the draft starts as a copy of it).
    fn open_template(&mut self, t: &Template) {
        let steps = t.steps.iter().map(|s| self.step_form(s)).collect();
        let form = Form {
            id: t.id.clone(),
            code: t.code.clone(),
            version: t.version,
            name: t.name.clone(),
            description: t.description.clone(),
            active: t.active,
            steps,
        };
        self.set_form(form);
    }

    /// Starts a new template: inspection, installation, finalization.
    fn open_new(&mut self) {
        let steps = [
            StepKind::Inspection,
            StepKind::Installation,
            StepKind::Finalization,
        ]
        .into_iter()
        .map(|k| self.blank_step(k))
        .collect();
        self.set_form(Form {
            id: String::new(),
            code: String::new(),
            version: 0,
            name: Text::default(),
            description: Text::default(),
            active: true,
            steps,
        });
    }

    fn set_form(&mut self, form: Form) {
        self.base = Some(form.clone());
        self.form = Some(form);
        self.errors = FieldErrors::new();
        self.message = None;
        self.open.clear();
    }

    fn dirty(&self) -> bool {
        self.form != self.base
    }

    fn switch(&mut self, to: Switch) {
        match to {
            Switch::New => self.open_new(),
            Switch::To(id) => {
                let t = self
                    .data
                    .ready()
                    .and_then(|l| l.iter().find(|t| t.id == id))
                    .cloned();
                if let Some(t) = t {
                    self.open_template(&t);
                }
            }
        }
    }

    /// Puts a saved template in the list (replacing its old version), built-ins first.
    fn remember(&mut self, t: &Template) {
        if let Loadable::Ready(list) = &mut self.data {
            match list.iter_mut().find(|x| x.id == t.id) {
                Some(x) => *x = t.clone(),
                None => list.push(t.clone()),
            }
            list.sort_by_cached_key(|x| {
                (
                    !x.is_builtin(),
                    x.id != workflow::STANDARD_ID,
                    x.name.fr.to_lowercase(),
                )
            });
        }
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Templates(tev) = ev else {
            return Some(ev);
        };
        match tev {
            TemplatesEvent::List(r) if matches!(self.data, Loadable::Loading(w) if w == id) => {
                self.data.accept(id, r, cx.lang);
            }
            TemplatesEvent::Saved(r) if self.save_req == Some(id) => {
                self.save_req = None;
                match r {
                    Ok(t) => {
                        let key = if t.version > 1 {
                            "wf-saved"
                        } else {
                            "wf-created"
                        };
                        cx.toast_ok(cx.tr_args(
                            key,
                            &[
                                ("name", Arg::from(t.name.get(cx.lang))),
                                ("version", num(t.version)),
                            ],
                        ));
                        self.remember(&t);
                        // Keep the step cards that were open.
                        let open: Vec<usize> = self.form.as_ref().map_or_else(Vec::new, |f| {
                            f.steps
                                .iter()
                                .enumerate()
                                .filter(|(_, s)| self.open.contains(&s.uid))
                                .map(|(i, _)| i)
                                .collect()
                        });
                        self.open_template(&t);
                        if let Some(f) = &self.form {
                            for i in open {
                                if let Some(s) = f.steps.get(i) {
                                    self.open.insert(s.uid);
                                }
                            }
                        }
                    }
                    Err(CoreError::Invalid(fe)) => {
                        if let Some(f) = &self.form {
                            for e in &fe.0 {
                                if let Some(s) = step_of_field(e.field)
                                    .and_then(|n| f.steps.get(n.saturating_sub(1)))
                                {
                                    self.open.insert(s.uid);
                                }
                            }
                        }
                        self.errors = fe;
                        self.message = Some(cx.tr("form-has-errors"));
                        cx.toast_err(cx.tr("wf-not-saved"));
                    }
                    Err(e) => {
                        let msg = cx.error_text(&e);
                        cx.toast_err(msg.clone());
                        self.message = Some(msg);
                    }
                }
            }
            TemplatesEvent::Saved(r) if self.dup_req == Some(id) => {
                self.dup_req = None;
                match r {
                    Ok(t) => {
                        cx.toast_ok(
                            cx.tr_args(
                                "wf-duplicated",
                                &[("name", Arg::from(t.name.get(cx.lang)))],
                            ),
                        );
                        self.remember(&t);
                        self.open_template(&t);
                    }
                    Err(e) => cx.toast_err(cx.error_text(&e)),
                }
            }
            other => return Some(JobEvent::Templates(other)),
        }
        None
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.data, Loadable::Idle) {
            self.load(cx);
        }
        let t = *cx.tokens;
        page_title_ui(ui, &t, &cx.tr("wf-title"), Some(&cx.tr("wf-subtitle")));
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.load(cx);
            return;
        }
        let Some(list) = data.cloned() else { return };
        // Two fixed columns: the list, then the editor in the rest.
        let full = ui.available_rect_before_wrap();
        let left_w = LIST_WIDTH.min(full.width() * 0.33).max(240.0);
        let left = egui::Rect::from_min_size(full.min, Vec2::new(left_w, full.height()));
        let right = egui::Rect::from_min_max(egui::pos2(left.max.x + t.gap, full.min.y), full.max);
        let mut asked = None;
        ui.scope_builder(
            egui::UiBuilder::new()
                .max_rect(left)
                .layout(Layout::top_down(Align::Min)),
            |ui| asked = self.list_ui(ui, cx, &list),
        );
        ui.scope_builder(
            egui::UiBuilder::new()
                .max_rect(right)
                .layout(Layout::top_down(Align::Min)),
            |ui| self.editor_ui(ui, cx),
        );
        ui.advance_cursor_after_rect(full);
        if let Some(to) = asked {
            let same = match &to {
                Switch::To(id) => self.form.as_ref().is_some_and(|f| &f.id == id),
                Switch::New => false,
            };
            if !same {
                if self.dirty() {
                    self.confirm_switch = Some(to);
                } else {
                    self.switch(to);
                }
            }
        }
        self.confirm_ui(ui, cx);
    }

    fn confirm_ui(&mut self, ui: &Ui, cx: &Cx<'_>) {
        if self.confirm_switch.is_none() {
            return;
        }
        let name = self
            .form
            .as_ref()
            .map(|f| f.name.get(cx.lang).to_owned())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| cx.tr("wf-new-title"));
        let body = cx.tr_args("wf-switch-body", &[("name", Arg::from(name))]);
        match confirm_modal_ui(
            ui,
            cx,
            "wf_switch_confirm",
            &cx.tr("wf-switch-title"),
            &body,
            &cx.tr("wf-switch-yes"),
            |_| true,
        ) {
            Answer::Open => {}
            Answer::No => self.confirm_switch = None,
            Answer::Yes => {
                if let Some(to) = self.confirm_switch.take() {
                    self.switch(to);
                }
            }
        }
    }

    /// The templates, New and Duplicate; returns what the user picked.
    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, list: &[Template]) -> Option<Switch> {
        let t = *cx.tokens;
        let mut asked = None;
        let selected = self.form.as_ref().map(|f| f.id.clone());
        let can_duplicate = selected.as_ref().is_some_and(|id| !id.is_empty());
        let busy = self.dup_req.is_some() || self.save_req.is_some();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.set_min_height(ui.available_height());
            // Side by side when they fit, else one above the other (never a broken word).
            let layout = if ui.available_width() >= 300.0 {
                Layout::left_to_right(Align::Center)
            } else {
                Layout::top_down(Align::Min)
            };
            ui.with_layout(layout, |ui| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                if primary_icon_button(ui, &t, icons::PLUS, &cx.tr("wf-new")).clicked() {
                    asked = Some(Switch::New);
                }
                let r = ui.add_enabled_ui(can_duplicate && !busy, |ui| {
                    secondary_icon_button(ui, &t, icons::COPY, &cx.tr("wf-duplicate"))
                });
                if r.inner.clicked()
                    && let (Some(id), Some(me)) = (selected.clone(), cx.user.cloned())
                {
                    self.dup_req = Some(cx.submit(Job::Templates(TemplatesJob::Duplicate {
                        actor: Box::new(me),
                        id,
                        lang: cx.lang,
                    })));
                }
            });
            ui.add_space(t.gap * 0.5);
            if list.is_empty() {
                empty_state_ui(
                    ui,
                    &t,
                    icons::LIST_CHECKS,
                    &cx.tr("wf-list-empty"),
                    &cx.tr("wf-list-empty-hint"),
                );
                return;
            }
            egui::ScrollArea::vertical()
                .id_salt("wf_list_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for tpl in list {
                        let on = selected.as_deref() == Some(tpl.id.as_str());
                        let job = list_entry_job(cx, &t, tpl, ui.available_width() - 16.0);
                        let b = Button::selectable(on, job)
                            .min_size(Vec2::new(ui.available_width(), t.hit * 1.5));
                        if ui.add(b).clicked() {
                            asked = Some(Switch::To(tpl.id.clone()));
                        }
                        ui.add_space(4.0);
                    }
                });
        });
        asked
    }

    /// The editor of the draft.
    fn editor_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if self.form.is_none() {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                empty_state_ui(
                    ui,
                    &t,
                    icons::NOTE_PENCIL,
                    &cx.tr("wf-select-title"),
                    &cx.tr("wf-select-hint"),
                );
            });
            return;
        }
        self.action_bar_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        let errors = &self.errors;
        let open = &mut self.open;
        let mut new_uid = self.next_uid;
        let Some(form) = self.form.as_mut() else {
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("wf_editor_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                general_card_ui(ui, cx, form, errors);
                ui.add_space(t.gap);
                steps_ui(ui, cx, form, errors, open, &mut new_uid);
                ui.add_space(t.gap * 2.0);
            });
        self.next_uid = new_uid;
    }

    /// Name, version, saved or not, Save and Cancel changes.
    fn action_bar_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let dirty = self.dirty();
        let busy = self.save_req.is_some();
        let Some(form) = &self.form else { return };
        let is_new = form.id.is_empty();
        let mut save = false;
        let mut revert = false;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let name = form.name.get(cx.lang);
                    let title = if is_new {
                        cx.tr("wf-new-title")
                    } else if name.trim().is_empty() {
                        "—".to_owned()
                    } else {
                        name.to_owned()
                    };
                    section_title_ui(ui, &t, &title);
                    if !is_new {
                        ui.label(
                            RichText::new(
                                cx.tr_args("wf-version", &[("version", num(form.version))]),
                            )
                            .color(t.muted),
                        );
                    }
                    if busy {
                        ui.spinner();
                        ui.label(RichText::new(cx.tr("saving")).color(t.muted));
                    } else if dirty || is_new {
                        badge_ui(
                            ui,
                            &format!("{} {}", icons::WARNING, cx.tr("wf-unsaved")),
                            t.warning,
                            t.warning_soft,
                        );
                    } else {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                icons::CHECK_CIRCLE,
                                cx.tr("wf-all-saved")
                            ))
                            .color(t.muted),
                        );
                    }
                });
                if let Some(m) = &self.message {
                    ui.label(RichText::new(format!("{}  {m}", icons::WARNING)).color(t.danger));
                }
                ui.horizontal(|ui| {
                    let r = ui.add_enabled_ui((dirty || is_new) && !busy, |ui| {
                        primary_icon_button(ui, &t, icons::FLOPPY_DISK, &cx.tr("wf-save"))
                    });
                    save = r.inner.clicked();
                    let r = ui.add_enabled_ui((dirty || is_new) && !busy, |ui| {
                        secondary_icon_button(
                            ui,
                            &t,
                            icons::ARROW_COUNTER_CLOCKWISE,
                            &cx.tr("wf-revert"),
                        )
                    });
                    revert = r.inner.clicked();
                });
            });
        if revert {
            if is_new {
                self.form = None;
                self.base = None;
                self.open.clear();
            } else if let Some(base) = self.base.clone() {
                self.form = Some(base);
            }
            self.errors = FieldErrors::new();
            self.message = None;
        }
        if save {
            self.save(cx);
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let Some(form) = &self.form else { return };
        let Some(me) = cx.user.cloned() else { return };
        match form.build() {
            Err(errors) => {
                for e in &errors.0 {
                    if let Some(s) =
                        step_of_field(e.field).and_then(|n| form.steps.get(n.saturating_sub(1)))
                    {
                        self.open.insert(s.uid);
                    }
                }
                self.errors = errors;
                self.message = Some(cx.tr("form-has-errors"));
                cx.toast_err(cx.tr("wf-not-saved"));
            }
            Ok(template) => {
                self.errors = FieldErrors::new();
                self.message = None;
                self.save_req = Some(cx.submit(Job::Templates(TemplatesJob::Save {
                    actor: Box::new(me),
                    template: Box::new(template),
                })));
            }
        }
    }
}

/// A list entry: name, then steps · time · version and the badges.
fn list_entry_job(cx: &Cx<'_>, t: &Tokens, tpl: &Template, width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width.max(80.0);
    let font = |size: f32| FontId::proportional(size);
    job.append(
        tpl.name.get(cx.lang),
        0.0,
        TextFormat {
            font_id: font(t.body + 1.0),
            color: t.heading,
            ..TextFormat::default()
        },
    );
    let summary = cx.tr_args(
        "wf-list-summary",
        &[
            ("steps", num(tpl.steps.len())),
            ("time", Arg::from(duration_text(cx, tpl.est_minutes()))),
            ("version", num(tpl.version)),
        ],
    );
    job.append(
        &format!("\n{summary}  "),
        0.0,
        TextFormat {
            font_id: font(t.body - 1.5),
            color: t.muted,
            ..TextFormat::default()
        },
    );
    let badge = |job: &mut LayoutJob, text: &str, fg: Color32, bg: Color32| {
        job.append(
            // No-break spaces: a badge never splits over two lines.
            &format!("\u{a0}{text}\u{a0}"),
            4.0,
            TextFormat {
                font_id: font(t.body - 2.5),
                color: fg,
                background: bg,
                ..TextFormat::default()
            },
        );
    };
    if tpl.active {
        badge(
            &mut job,
            &cx.tr("wf-badge-active"),
            t.success,
            t.success_soft,
        );
    } else {
        badge(&mut job, &cx.tr("wf-badge-inactive"), t.muted, t.bg);
    }
    if tpl.is_builtin() {
        badge(
            &mut job,
            &cx.tr("wf-badge-builtin"),
            t.accent_hover,
            t.accent_soft,
        );
    }
    job
}

/// An error message under a section.
fn error_ui(ui: &mut Ui, t: &Tokens, error: Option<&str>) {
    if let Some(e) = error {
        ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger));
    }
}

/// A square icon button as large as other controls; `alt` is its accessible name and tooltip.
fn tool_button(ui: &mut Ui, t: &Tokens, icon: &str, alt: &str, enabled: bool) -> bool {
    let r = ui.add_enabled(
        enabled,
        Button::new(RichText::new(icon).size(18.0))
            .frame(false)
            .min_size(Vec2::splat(t.hit)),
    );
    let alt_owned = alt.to_owned();
    r.widget_info(|| WidgetInfo::labeled(egui::Role::Button, enabled, &alt_owned));
    r.on_hover_text(alt).clicked()
}

/// A single-line field without a visible label (in a row): `alt` names it for screen readers
/// and tests, `hint` shows while empty.
fn inline_field(ui: &mut Ui, t: &Tokens, value: &mut String, alt: &str, hint: &str, width: f32) {
    let r = ui.add(
        TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(width)
            .min_size(Vec2::new(0.0, t.hit))
            .margin(egui::Margin::symmetric(8, 6)),
    );
    let alt = alt.to_owned();
    r.widget_info(|| WidgetInfo::labeled(egui::Role::TextInput, true, &alt));
}

/// A labelled number field, tinted when its value was refused (the message is shown under the
/// row).
fn number_field_ui(ui: &mut Ui, t: &Tokens, label: &str, value: &mut String, bad: bool) {
    let l = ui.label(RichText::new(label).color(t.text).strong());
    let mut edit = TextEdit::singleline(value)
        .desired_width(f32::INFINITY)
        .min_size(Vec2::new(0.0, t.hit))
        .margin(egui::Margin::symmetric(10, 8));
    if bad {
        edit = edit.background_color(t.danger_soft);
    }
    edit.show(ui).response.response.labelled_by(l.id);
}

/// A labelled multi-line field.
fn multiline_ui(ui: &mut Ui, t: &Tokens, label: &str, value: &mut String) {
    let l = ui.label(RichText::new(label).color(t.text).strong());
    ui.add(
        TextEdit::multiline(value)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .margin(egui::Margin::symmetric(10, 8)),
    )
    .labelled_by(l.id);
}

/// Name, description, active.
fn general_card_ui(ui: &mut Ui, cx: &Cx<'_>, form: &mut Form, errors: &FieldErrors) {
    let t = *cx.tokens;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(ui, &t, &cx.tr("wf-general"));
        ui.add_space(4.0);
        let e_name = cx.field_error(errors, "name");
        ui.columns(2, |c| {
            if let [a, b] = c {
                text_field_ui(
                    a,
                    &t,
                    &cx.tr("wf-field-name-fr"),
                    &mut form.name.fr,
                    false,
                    e_name.as_deref(),
                );
                text_field_ui(
                    b,
                    &t,
                    &cx.tr("wf-field-name-en"),
                    &mut form.name.en,
                    false,
                    None,
                );
            }
        });
        ui.add_space(6.0);
        ui.columns(2, |c| {
            if let [a, b] = c {
                multiline_ui(a, &t, &cx.tr("wf-field-desc-fr"), &mut form.description.fr);
                multiline_ui(b, &t, &cx.tr("wf-field-desc-en"), &mut form.description.en);
            }
        });
        ui.add_space(6.0);
        let builtin = form.is_builtin();
        ui.add_enabled(
            !builtin,
            egui::Checkbox::new(&mut form.active, cx.tr("wf-field-active")),
        );
        if builtin {
            ui.label(
                RichText::new(cx.tr("wf-builtin-always-active"))
                    .small()
                    .color(t.muted),
            );
        }
        ui.label(
            RichText::new(cx.tr_args(
                "wf-total",
                &[
                    ("steps", num(form.steps.len())),
                    ("time", Arg::from(duration_text(cx, form.est_minutes()))),
                ],
            ))
            .color(t.muted),
        );
    });
}

/// The ordered steps, each a card that opens; add a step.
fn steps_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    form: &mut Form,
    errors: &FieldErrors,
    open: &mut HashSet<u64>,
    next_uid: &mut u64,
) {
    let t = *cx.tokens;
    section_title_ui(ui, &t, &cx.tr("wf-steps"));
    ui.label(RichText::new(cx.tr("wf-steps-hint")).color(t.muted));
    error_ui(ui, &t, cx.field_error(errors, "steps").as_deref());
    ui.add_space(6.0);
    let count = form.steps.len();
    let mut action = None;
    for (i, step) in form.steps.iter_mut().enumerate() {
        if let Some(a) = step_card_ui(ui, cx, step, i, count, errors, open) {
            action = Some((i, a));
        }
        ui.add_space(t.gap * 0.5);
    }
    match action {
        Some((i, StepAction::Up)) if i > 0 => form.steps.swap(i, i - 1),
        Some((i, StepAction::Down)) if i + 1 < count => form.steps.swap(i, i + 1),
        Some((i, StepAction::Remove)) if i < count => {
            let s = form.steps.remove(i);
            open.remove(&s.uid);
        }
        _ => {}
    }
    let full = form.steps.len() >= MAX_STEPS;
    let r = ui.add_enabled_ui(!full, |ui| {
        secondary_icon_button(ui, &t, icons::PLUS_CIRCLE, &cx.tr("wf-step-add"))
    });
    if r.inner.clicked() {
        *next_uid += 1;
        let kind = StepKind::Preparation;
        let step = StepForm {
            uid: *next_uid,
            kind,
            title: Text::new(
                &Lang::Fr.tr(kind.label_key()),
                &Lang::En.tr(kind.label_key()),
            ),
            instructions: Text::default(),
            checklist: Vec::new(),
            shots: Vec::new(),
            minutes: "0".to_owned(),
            min_photos: "0".to_owned(),
            max_photos: String::new(),
            mandatory: true,
            approval: false,
        };
        // Before the finalization, which must stay last.
        let at = if form
            .steps
            .last()
            .is_some_and(|s| s.kind == StepKind::Finalization)
        {
            form.steps.len() - 1
        } else {
            form.steps.len()
        };
        open.insert(step.uid);
        form.steps.insert(at, step);
    }
    if full {
        ui.label(
            RichText::new(cx.tr_args("wf-steps-full", &[("max", num(MAX_STEPS))]))
                .small()
                .color(t.muted),
        );
    }
}

/// One step: a header that opens and closes it (with move and remove), then its fields.
fn step_card_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    step: &mut StepForm,
    i: usize,
    count: usize,
    errors: &FieldErrors,
    open: &mut HashSet<u64>,
) -> Option<StepAction> {
    let t = *cx.tokens;
    let n = i + 1;
    let has_error = errors.0.iter().any(|e| step_of_field(e.field) == Some(n));
    let is_open = open.contains(&step.uid);
    let mut action = None;
    let mut frame = t.card_frame().inner_margin(egui::Margin::symmetric(14, 6));
    if has_error {
        frame = frame.stroke(egui::Stroke::new(1.5, t.danger));
    }
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let title = step.title.get(cx.lang);
            let header = cx.tr_args(
                "wf-step-header",
                &[
                    ("n", num(n)),
                    ("kind", Arg::from(cx.tr(step.kind.label_key()))),
                    (
                        "title",
                        Arg::from(if title.trim().is_empty() {
                            "—"
                        } else {
                            title
                        }),
                    ),
                ],
            );
            let caret = if is_open {
                icons::CARET_DOWN
            } else {
                icons::CARET_RIGHT
            };
            let text = RichText::new(format!("{caret}  {header}"))
                .strong()
                .color(if has_error { t.danger } else { t.heading });
            // Buttons and facts on the right; the title takes what is left, cut if too long.
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let alt = |key: &str| cx.tr_args(key, &[("n", num(n))]);
                if tool_button(ui, &t, icons::TRASH, &alt("wf-step-remove"), count > 1) {
                    action = Some(StepAction::Remove);
                }
                if tool_button(ui, &t, icons::CARET_DOWN, &alt("wf-step-down"), n < count) {
                    action = Some(StepAction::Down);
                }
                if tool_button(ui, &t, icons::CARET_UP, &alt("wf-step-up"), n > 1) {
                    action = Some(StepAction::Up);
                }
                let mut info = Vec::new();
                if step.mandatory {
                    info.push(cx.tr("wf-step-mandatory-short"));
                }
                if step.approval {
                    info.push(cx.tr("wf-step-approval-short"));
                }
                if let Some(m) = parse_count(&step.minutes).filter(|m| *m > 0) {
                    info.push(duration_text(cx, m));
                }
                ui.label(RichText::new(info.join(" · ")).small().color(t.muted));
                ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                    let r = ui.add(
                        Button::new(text)
                            .frame(false)
                            .truncate()
                            .min_size(Vec2::new(0.0, t.hit)),
                    );
                    if r.clicked() {
                        if is_open {
                            open.remove(&step.uid);
                        } else {
                            open.insert(step.uid);
                        }
                    }
                });
            });
        });
        if !is_open {
            return;
        }
        ui.separator();
        step_body_ui(ui, cx, step, n, errors);
    });
    action
}

/// The fields of an open step.
fn step_body_ui(ui: &mut Ui, cx: &Cx<'_>, step: &mut StepForm, n: usize, errors: &FieldErrors) {
    let t = *cx.tokens;
    let err = |part: Part| cx.field_error(errors, step_field(n, part));
    // Kind: changing it renames a title still at the old kind's name.
    let label = ui.label(RichText::new(cx.tr("wf-step-kind")).color(t.text).strong());
    let old = step.kind;
    egui::ComboBox::from_id_salt(("wf_kind", step.uid))
        .selected_text(cx.tr(step.kind.label_key()))
        .width(240.0)
        .show_ui(ui, |ui| {
            for k in StepKind::ALL {
                ui.selectable_value(&mut step.kind, k, cx.tr(k.label_key()));
            }
        })
        .response
        .labelled_by(label.id);
    if step.kind != old {
        if step.title.fr == Lang::Fr.tr(old.label_key()) {
            step.title.fr = Lang::Fr.tr(step.kind.label_key());
        }
        if step.title.en == Lang::En.tr(old.label_key()) {
            step.title.en = Lang::En.tr(step.kind.label_key());
        }
    }
    ui.label(
        RichText::new(cx.tr(kind_hint_key(step.kind)))
            .small()
            .color(t.muted),
    );
    ui.add_space(6.0);
    let e_title = err(Part::Title);
    ui.columns(2, |c| {
        if let [a, b] = c {
            text_field_ui(
                a,
                &t,
                &cx.tr("wf-step-title-fr"),
                &mut step.title.fr,
                false,
                e_title.as_deref(),
            );
            text_field_ui(
                b,
                &t,
                &cx.tr("wf-step-title-en"),
                &mut step.title.en,
                false,
                None,
            );
        }
    });
    ui.add_space(6.0);
    ui.columns(2, |c| {
        if let [a, b] = c {
            multiline_ui(a, &t, &cx.tr("wf-step-instr-fr"), &mut step.instructions.fr);
            multiline_ui(b, &t, &cx.tr("wf-step-instr-en"), &mut step.instructions.en);
        }
    });
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut step.mandatory, cx.tr("wf-step-mandatory"));
        ui.add_space(12.0);
        ui.checkbox(&mut step.approval, cx.tr("wf-step-approval"));
    });
    ui.add_space(6.0);
    // Errors go under the whole row: a narrow column would break them awkwardly.
    let e_minutes = err(Part::Minutes);
    let e_photos = err(Part::Photos);
    ui.columns(3, |c| {
        if let [a, b, d] = c {
            number_field_ui(
                a,
                &t,
                &cx.tr("wf-step-minutes"),
                &mut step.minutes,
                e_minutes.is_some(),
            );
            number_field_ui(
                b,
                &t,
                &cx.tr("wf-step-min-photos"),
                &mut step.min_photos,
                e_photos.is_some(),
            );
            number_field_ui(
                d,
                &t,
                &cx.tr("wf-step-max-photos"),
                &mut step.max_photos,
                e_photos.is_some(),
            );
        }
    });
    ui.label(
        RichText::new(cx.tr("wf-step-max-photos-hint"))
            .small()
            .color(t.muted),
    );
    error_ui(ui, &t, e_minutes.as_deref());
    error_ui(ui, &t, e_photos.as_deref());
    ui.add_space(t.gap * 0.5);
    checklist_ui(ui, cx, step, err(Part::Checklist).as_deref());
    ui.add_space(t.gap * 0.5);
    shots_ui(ui, cx, step, err(Part::Shots).as_deref());
}

/// What the step kind changes on the technician's screen.
const fn kind_hint_key(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Inspection => "wf-kind-inspection-hint",
        StepKind::Preparation => "wf-kind-preparation-hint",
        StepKind::Installation => "wf-kind-installation-hint",
        StepKind::Finalization => "wf-kind-finalization-hint",
    }
}

/// Width of the row number in checklist and shot rows.
const NUMBER_WIDTH: f32 = 24.0;
/// Width of the phase combo of a shot row.
const PHASE_WIDTH: f32 = 110.0;

/// Width of a label field in a row of `fixed` pixels of other controls.
fn label_width(ui: &Ui, fixed: f32) -> f32 {
    ((ui.available_width() - fixed) / 2.0).max(120.0)
}

/// The row number, right-aligned in its column.
fn number_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.add_sized(
        [NUMBER_WIDTH, t.hit],
        egui::Label::new(RichText::new(text).color(t.muted)),
    );
}

/// Column captions over the rows: French label, English label, then `last`.
fn columns_header_ui(ui: &mut Ui, cx: &Cx<'_>, width: f32, last: Option<&str>) {
    let t = cx.tokens;
    ui.horizontal(|ui| {
        ui.add_space(NUMBER_WIDTH + ui.spacing().item_spacing.x);
        for key in ["wf-label-fr", "wf-label-en"] {
            ui.allocate_ui_with_layout(
                Vec2::new(width, 16.0),
                Layout::left_to_right(Align::Center),
                |ui| {
                    ui.set_width(width);
                    ui.add_space(8.0);
                    ui.add(
                        egui::Label::new(RichText::new(cx.tr(key)).small().color(t.muted))
                            .truncate(),
                    );
                },
            );
        }
        if let Some(key) = last {
            ui.label(RichText::new(cx.tr(key)).small().color(t.muted));
        }
    });
}

fn checklist_ui(ui: &mut Ui, cx: &Cx<'_>, step: &mut StepForm, error: Option<&str>) {
    let t = *cx.tokens;
    ui.label(
        RichText::new(cx.tr("wf-checklist"))
            .color(t.heading)
            .strong(),
    );
    error_ui(ui, &t, error);
    if step.checklist.is_empty() {
        ui.label(RichText::new(cx.tr("wf-checklist-empty")).color(t.muted));
    }
    let count = step.checklist.len();
    let fixed = NUMBER_WIDTH + 3.0 * t.hit + 6.0 * ui.spacing().item_spacing.x;
    if count > 0 {
        columns_header_ui(ui, cx, label_width(ui, fixed), Some("wf-item-required"));
    }
    let mut action = None;
    for (i, item) in step.checklist.iter_mut().enumerate() {
        let k = i + 1;
        let a = |key: &str| cx.tr_args(key, &[("n", num(k))]);
        ui.horizontal(|ui| {
            number_ui(ui, &t, &format!("{k}."));
            let w = label_width(ui, fixed);
            inline_field(
                ui,
                &t,
                &mut item.label.fr,
                &a("wf-item-fr"),
                &cx.tr("wf-label-fr"),
                w,
            );
            inline_field(
                ui,
                &t,
                &mut item.label.en,
                &a("wf-item-en"),
                &cx.tr("wf-label-en"),
                w,
            );
            let r = ui.add(egui::Checkbox::without_text(&mut item.required));
            let alt = a("wf-item-required-of");
            let on = item.required;
            r.widget_info(|| WidgetInfo::selected(egui::Role::CheckBox, true, on, &alt));
            if tool_button(ui, &t, icons::CARET_UP, &a("wf-item-up"), i > 0) {
                action = Some(RowAction::Up(i));
            }
            if tool_button(ui, &t, icons::CARET_DOWN, &a("wf-item-down"), k < count) {
                action = Some(RowAction::Down(i));
            }
            if tool_button(ui, &t, icons::TRASH, &a("wf-item-remove"), true) {
                action = Some(RowAction::Remove(i));
            }
        });
    }
    apply_row_action(&mut step.checklist, action);
    let r = ui.add_enabled_ui(step.checklist.len() < MAX_ITEMS, |ui| {
        secondary_icon_button(ui, &t, icons::PLUS, &cx.tr("wf-item-add"))
    });
    if r.inner.clicked() {
        step.checklist.push(ChecklistItem {
            id: String::new(),
            label: Text::default(),
            required: true,
        });
    }
}

fn shots_ui(ui: &mut Ui, cx: &Cx<'_>, step: &mut StepForm, error: Option<&str>) {
    let t = *cx.tokens;
    ui.label(RichText::new(cx.tr("wf-shots")).color(t.heading).strong());
    ui.label(RichText::new(cx.tr("wf-shots-hint")).small().color(t.muted));
    error_ui(ui, &t, error);
    let fixed = NUMBER_WIDTH + PHASE_WIDTH + t.hit + 5.0 * ui.spacing().item_spacing.x;
    if !step.shots.is_empty() {
        columns_header_ui(ui, cx, label_width(ui, fixed), Some("wf-shot-when"));
    }
    let mut action = None;
    for (i, shot) in step.shots.iter_mut().enumerate() {
        let k = i + 1;
        let a = |key: &str| cx.tr_args(key, &[("n", num(k))]);
        ui.horizontal(|ui| {
            number_ui(ui, &t, &format!("{k}."));
            let w = label_width(ui, fixed);
            inline_field(
                ui,
                &t,
                &mut shot.label.fr,
                &a("wf-shot-fr"),
                &cx.tr("wf-label-fr"),
                w,
            );
            inline_field(
                ui,
                &t,
                &mut shot.label.en,
                &a("wf-shot-en"),
                &cx.tr("wf-label-en"),
                w,
            );
            let alt = a("wf-shot-phase");
            let r = egui::ComboBox::from_id_salt(("wf_shot_phase", step.uid, i))
                .selected_text(cx.tr(shot.phase.label_key()))
                .width(PHASE_WIDTH)
                .show_ui(ui, |ui| {
                    for p in Phase::ALL {
                        ui.selectable_value(&mut shot.phase, p, cx.tr(p.label_key()));
                    }
                })
                .response;
            let _ = r.on_hover_text(alt);
            if tool_button(ui, &t, icons::TRASH, &a("wf-shot-remove"), true) {
                action = Some(RowAction::Remove(i));
            }
        });
    }
    apply_row_action(&mut step.shots, action);
    let r = ui.add_enabled_ui(step.shots.len() < MAX_ITEMS, |ui| {
        secondary_icon_button(ui, &t, icons::PLUS, &cx.tr("wf-shot-add"))
    });
    if r.inner.clicked() {
        let phase = match step.kind {
            StepKind::Inspection => Phase::Before,
            StepKind::Finalization => Phase::After,
            StepKind::Preparation | StepKind::Installation => Phase::During,
        };
        step.shots.push(PhotoShot {
            id: String::new(),
            label: Text::default(),
            phase,
        });
    }
}

fn apply_row_action<T>(rows: &mut Vec<T>, action: Option<RowAction>) {
    let n = rows.len();
    match action {
        Some(RowAction::Up(i)) if i > 0 && i < n => rows.swap(i, i - 1),
        Some(RowAction::Down(i)) if i + 1 < n => rows.swap(i, i + 1),
        Some(RowAction::Remove(i)) if i < n => {
            rows.remove(i);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_fields_match_the_core() {
        assert_eq!(step_field(2, Part::Title), "step.2.title");
        assert_eq!(step_field(12, Part::Minutes), "step.12.minutes");
        assert_eq!(step_field(13, Part::Title), "steps");
        assert_eq!(step_of_field("step.11.photos"), Some(11));
        assert_eq!(step_of_field("name"), None);
    }

    #[test]
    fn numbers_parse_or_are_reported() {
        assert_eq!(parse_count(""), Some(0));
        assert_eq!(parse_count(" 45 "), Some(45));
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_count("abc"), None);
    }

    #[test]
    fn the_draft_round_trips() {
        let mut s = TemplatesScreen::default();
        let std = workflow::standard();
        s.open_template(&std);
        assert!(!s.dirty());
        let built = s.form.as_ref().map(Form::build);
        assert!(matches!(built, Some(Ok(t)) if t == std));
        if let Some(f) = &mut s.form {
            f.steps[0].minutes = "x".into();
        }
        assert!(s.dirty());
        let Some(Err(e)) = s.form.as_ref().map(Form::build) else {
            panic!("should be refused")
        };
        assert!(e.for_field("step.1.minutes").is_some());
    }
}
