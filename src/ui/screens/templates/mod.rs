//! The workflow template editor (admins): the ordered steps of a guided intervention, their
//! checklists, named photos, photo bounds, approval and estimated time.
//!
//! Left, the templates (built-ins first); right, the editor of the selected one, working on a
//! draft copy that survives navigation. "Save" sends the whole template to the core, which
//! validates it and bumps its version (started interventions keep the copy they began with);
//! its field errors are shown next to the fields and nothing is saved. "Cancel changes" goes back
//! to the saved template.

use rpma_core::ids::TemplateId;
use std::collections::HashSet;

use egui::{Align, Layout, Ui, Vec2};
use rpma_core::i18n::Arg;
use rpma_core::validate::FieldErrors;
use rpma_core::workflow::{self, ChecklistItem, PhotoShot, StepKind, StepTemplate, Template, Text};
use rpma_core::{CoreError, Lang};

use crate::jobs::templates::{TemplatesEvent, TemplatesJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::Cx;
use crate::ui::loadable::Loadable;
use crate::ui::screens::jobs::num;
use crate::ui::widgets::page_title_ui;

mod editor;
mod fields;
mod form;
mod list;
mod steps;

pub(crate) use form::duration_text;
use form::step_of_field;

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
    id: TemplateId,
    code: String,
    version: i64,
    name: Text,
    description: Text,
    active: bool,
    steps: Vec<StepForm>,
}

/// The part of a step an error is about (the core's field keys: `step.{n}.{part}`).
pub(super) use rpma_core::workflow::StepPart as Part;

/// What the user asked for in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Switch {
    /// Open this saved template.
    To(TemplateId),
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
            id: TemplateId::default(),
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
}

#[cfg(test)]
mod tests;

impl crate::ui::screen::Screen for TemplatesScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Templates
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
