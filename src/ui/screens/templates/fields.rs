//! Small input widgets shared by the editor's cards: fields, numbers, row tools and headers.

use egui::{Align, Button, Layout, RichText, TextEdit, Ui, Vec2, WidgetInfo};

use crate::ui::theme::Tokens;
use crate::ui::{Cx, icons};

use super::RowAction;

/// An error message under a section.
pub(super) fn error_ui(ui: &mut Ui, t: &Tokens, error: Option<&str>) {
    if let Some(e) = error {
        ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger));
    }
}

/// A square icon button as large as other controls; `alt` is its accessible name and tooltip.
pub(super) fn tool_button(ui: &mut Ui, t: &Tokens, icon: &str, alt: &str, enabled: bool) -> bool {
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
pub(super) fn inline_field(
    ui: &mut Ui,
    t: &Tokens,
    value: &mut String,
    alt: &str,
    hint: &str,
    width: f32,
) {
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
pub(super) fn number_field_ui(ui: &mut Ui, t: &Tokens, label: &str, value: &mut String, bad: bool) {
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
pub(super) fn multiline_ui(ui: &mut Ui, t: &Tokens, label: &str, value: &mut String) {
    let l = ui.label(RichText::new(label).color(t.text).strong());
    ui.add(
        TextEdit::multiline(value)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .margin(egui::Margin::symmetric(10, 8)),
    )
    .labelled_by(l.id);
}

/// Width of the row number in checklist and shot rows.
pub(super) const NUMBER_WIDTH: f32 = 24.0;
/// Width of the phase combo of a shot row.
pub(super) const PHASE_WIDTH: f32 = 110.0;

/// Width of a label field in a row of `fixed` pixels of other controls.
pub(super) fn label_width(ui: &Ui, fixed: f32) -> f32 {
    ((ui.available_width() - fixed) / 2.0).max(120.0)
}

/// The row number, right-aligned in its column.
pub(super) fn number_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.add_sized(
        [NUMBER_WIDTH, t.hit],
        egui::Label::new(RichText::new(text).color(t.muted)),
    );
}

/// Column captions over the rows: French label, English label, then `last`.
pub(super) fn columns_header_ui(ui: &mut Ui, cx: &Cx<'_>, width: f32, last: Option<&str>) {
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

pub(super) fn apply_row_action<T>(rows: &mut Vec<T>, action: Option<RowAction>) {
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
