//! The filters card: user, item, action, dates.

use egui::{Align, Layout, RichText, TextEdit, Ui, Vec2};

use crate::ui::theme::Tokens;
use crate::ui::widgets::{primary_button, secondary_button};
use crate::ui::{Cx, icons};

use super::AuditScreen;

/// Kinds of record that can be filtered on, with the i18n key of their name.
const ENTITIES: &[(&str, &str)] = &[
    ("user", "audit-entity-user"),
    ("settings", "audit-entity-settings"),
    ("organisation", "audit-entity-organisation"),
];

impl AuditScreen {
    pub(super) fn filters_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let lang = cx.lang;
        let mut apply = false;
        let mut reset = false;
        let user_current = self
            .user_id
            .as_deref()
            .and_then(|id| self.user_name(id))
            .map_or_else(|| cx.tr("audit-all-users"), str::to_owned);
        let entity_current = self
            .entity
            .and_then(|e| ENTITIES.iter().find(|(k, _)| *k == e))
            .map_or_else(|| cx.tr("audit-all-entities"), |(_, key)| cx.tr(key));
        let users = &self.users;
        let user_id = &mut self.user_id;
        let entity = &mut self.entity;
        let action = &mut self.action;
        let from = &mut self.from;
        let to = &mut self.to;
        let (from_error, to_error) = (self.from_error.as_deref(), self.to_error.as_deref());
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                // Five fields on one line, widths shared by weight (dates on a second when narrow).
                let spacing = 12.0;
                let full = ui.available_width();
                let narrow = full < 760.0;
                let (lines, weights): (&[&[usize]], [f32; 5]) = if narrow {
                    (&[&[0, 1, 2], &[3, 4]], [0.34, 0.33, 0.33, 0.27, 0.27])
                } else {
                    (&[&[0, 1, 2, 3, 4]], [0.24, 0.21, 0.21, 0.17, 0.17])
                };
                let column = Layout::top_down(Align::Min);
                let date_hint = lang.tr("audit-date-hint");
                let action_hint = lang.tr("audit-filter-action-hint");
                // "Filter" and "Clear": at the end of the dates' line when narrow, else under.
                let buttons = |ui: &mut Ui| {
                    let reset = secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::FUNNEL_X, lang.tr("audit-filter-reset")),
                    )
                    .clicked();
                    let apply = primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::FUNNEL, lang.tr("audit-filter-apply")),
                    )
                    .clicked();
                    (apply, reset)
                };
                for (n, line) in lines.iter().enumerate() {
                    let inner = full - spacing * (line.len() as f32 - 1.0);
                    let last = n + 1 == lines.len();
                    ui.horizontal_top(|ui| {
                        ui.spacing_mut().item_spacing.x = spacing;
                        for &field in *line {
                            let w = inner * weights.get(field).copied().unwrap_or(0.2);
                            ui.allocate_ui_with_layout(
                                Vec2::new(w, 0.0),
                                column,
                                |ui| match field {
                                    0 => {
                                        let before = user_id.clone();
                                        combo_ui(
                                            ui,
                                            &t,
                                            &lang.tr("audit-filter-user"),
                                            "audit_user_filter",
                                            user_current.clone(),
                                            |ui| {
                                                ui.selectable_value(
                                                    &mut *user_id,
                                                    None,
                                                    lang.tr("audit-all-users"),
                                                );
                                                for (id, name) in users {
                                                    ui.selectable_value(
                                                        &mut *user_id,
                                                        Some(id.clone()),
                                                        name,
                                                    );
                                                }
                                            },
                                        );
                                        apply |= before != *user_id;
                                    }
                                    1 => {
                                        let before = *entity;
                                        combo_ui(
                                            ui,
                                            &t,
                                            &lang.tr("audit-filter-entity"),
                                            "audit_entity_filter",
                                            entity_current.clone(),
                                            |ui| {
                                                ui.selectable_value(
                                                    &mut *entity,
                                                    None,
                                                    lang.tr("audit-all-entities"),
                                                );
                                                for (e, key) in ENTITIES {
                                                    ui.selectable_value(
                                                        &mut *entity,
                                                        Some(*e),
                                                        lang.tr(key),
                                                    );
                                                }
                                            },
                                        );
                                        apply |= before != *entity;
                                    }
                                    _ => {
                                        let (key, value, hint, error) = match field {
                                            2 => (
                                                "audit-filter-action",
                                                &mut *action,
                                                &action_hint,
                                                None,
                                            ),
                                            3 => (
                                                "audit-filter-from",
                                                &mut *from,
                                                &date_hint,
                                                from_error,
                                            ),
                                            _ => {
                                                ("audit-filter-to", &mut *to, &date_hint, to_error)
                                            }
                                        };
                                        let r = filter_field_ui(
                                            ui,
                                            &t,
                                            &lang.tr(key),
                                            value,
                                            hint,
                                            error,
                                        );
                                        if r.lost_focus()
                                            && ui.input(|i| i.key_pressed(egui::Key::Enter))
                                        {
                                            apply = true;
                                        }
                                    }
                                },
                            );
                        }
                        if narrow && last {
                            // Level with the inputs, under the labels.
                            let size = Vec2::new(ui.available_width(), ui.min_rect().height());
                            let (a, r) = ui
                                .allocate_ui_with_layout(
                                    size,
                                    Layout::right_to_left(Align::Max),
                                    buttons,
                                )
                                .inner;
                            apply |= a;
                            reset |= r;
                        }
                    });
                }
                ui.add_space(4.0);
                if !narrow {
                    let bar = Vec2::new(ui.available_width(), t.hit);
                    let (a, r) = ui
                        .allocate_ui_with_layout(bar, Layout::right_to_left(Align::Center), buttons)
                        .inner;
                    apply |= a;
                    reset |= r;
                }
            });
        if reset {
            self.reset_filters(cx);
        } else if apply {
            self.apply(cx);
        }
    }
}

/// A labelled combo box of the filter bar.
fn combo_ui(
    ui: &mut Ui,
    t: &Tokens,
    label: &str,
    id: &str,
    selected: String,
    options: impl FnOnce(&mut Ui),
) {
    let label = ui.label(RichText::new(label).strong().color(t.text));
    egui::ComboBox::from_id_salt(id)
        .width(ui.available_width())
        .height(360.0)
        .truncate()
        .selected_text(selected)
        .show_ui(ui, options)
        .response
        .labelled_by(label.id);
}

/// A labelled text field of the filter bar, with a placeholder and its error under it.
fn filter_field_ui(
    ui: &mut Ui,
    t: &Tokens,
    label: &str,
    value: &mut String,
    hint: &str,
    error: Option<&str>,
) -> egui::Response {
    let label = ui.label(RichText::new(label).strong().color(t.text));
    let mut edit = TextEdit::singleline(value)
        .hint_text(hint)
        .desired_width(f32::INFINITY)
        .margin(egui::Margin::symmetric(10, 6));
    if error.is_some() {
        edit = edit.background_color(t.danger_soft);
    }
    let r = edit.show(ui).response.response.labelled_by(label.id);
    if let Some(e) = error {
        ui.label(RichText::new(e).small().color(t.danger));
    }
    r
}
