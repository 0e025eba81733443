//! The step cards: title, kind, phase, minutes, approval, then the checklist and named photos.

use std::collections::HashSet;

use egui::{Align, Button, Layout, RichText, Ui, Vec2, WidgetInfo};
use rpma_core::Lang;
use rpma_core::i18n::Arg;
use rpma_core::validate::FieldErrors;
use rpma_core::workflow::{ChecklistItem, MAX_ITEMS, MAX_STEPS, Phase, PhotoShot, StepKind, Text};

use crate::ui::screens::jobs::num;
use crate::ui::widgets::secondary_icon_button;
use crate::ui::widgets::{section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

use super::fields::{
    NUMBER_WIDTH, PHASE_WIDTH, apply_row_action, columns_header_ui, error_ui, inline_field,
    label_width, multiline_ui, number_field_ui, number_ui, tool_button,
};
use super::form::{duration_text, parse_count, step_field, step_of_field};
use super::{Form, Part, RowAction, StepAction, StepForm};

/// The ordered steps, each a card that opens; add a step.
pub(super) fn steps_ui(
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
