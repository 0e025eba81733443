//! The selected entry's dialog: who, what, the changes (before → after) and the raw JSON.

use egui::{Align, Label, Layout, RichText, TextEdit, Ui, Vec2};
use rpma_core::audit::{self, AuditRow, JsonValue};
use rpma_core::audit_say;
use rpma_core::format::{self};
use rpma_core::i18n::Arg;
use rpma_core::personal;

use crate::ui::widgets::{icon_button, kv_row_ui, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

use super::{AuditScreen, tone, tone_colour};

/// Largest width of the details dialog.
const DETAILS_WIDTH: f32 = 760.0;

impl AuditScreen {
    /// The selected entry in a dialog: what changed, the raw JSON, and the neighbours.
    pub(super) fn details_modal_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(row) = self.selected_row().cloned() else {
            return;
        };
        let t = *cx.tokens;
        let screen = ui.ctx().content_rect();
        let width = (screen.width() - 120.0).clamp(320.0, DETAILS_WIDTH);
        let max_height = (screen.height() - 220.0).max(200.0);
        let rows: Vec<i64> = self
            .page
            .as_ref()
            .map(|p| p.rows.iter().map(|r| r.seq).collect())
            .unwrap_or_default();
        let index = rows.iter().position(|s| *s == row.seq);
        let newer = index
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| rows.get(i))
            .copied();
        let older = index.and_then(|i| rows.get(i + 1)).copied();
        let mut close = false;
        let mut go: Option<i64> = None;
        let modal = egui::Modal::new(egui::Id::unique("audit_details_modal"))
            .frame(t.card_frame())
            .show(ui.ctx(), |ui| {
                ui.set_width(width);
                ui.horizontal(|ui| {
                    section_title_ui(
                        ui,
                        &t,
                        &format!("{} {}", icons::FILE_TEXT, cx.tr("audit-details")),
                    );
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        close |= icon_button(ui, icons::X, &cx.tr("close")).clicked();
                    });
                });
                egui::ScrollArea::vertical()
                    .id_salt("audit_details_scroll")
                    .max_height(max_height)
                    .show(ui, |ui| self.details_ui(ui, cx, &row));
                ui.separator();
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(
                            newer.is_some(),
                            egui::Button::new(format!("‹ {}", cx.tr("audit-newer")))
                                .min_size(Vec2::new(0.0, t.hit)),
                        )
                        .clicked()
                    {
                        go = newer;
                    }
                    if ui
                        .add_enabled(
                            older.is_some(),
                            egui::Button::new(format!("{} ›", cx.tr("audit-older")))
                                .min_size(Vec2::new(0.0, t.hit)),
                        )
                        .clicked()
                    {
                        go = older;
                    }
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        close |= secondary_button(ui, &t, &cx.tr("close")).clicked();
                    });
                });
            });
        if let Some(seq) = go {
            self.selected = Some(seq);
        } else if close || modal.should_close() {
            self.selected = None;
        }
    }

    fn details_ui(&self, ui: &mut Ui, cx: &Cx<'_>, row: &AuditRow) {
        let t = *cx.tokens;
        let names = self
            .page
            .as_ref()
            .map(|p| p.names.clone())
            .unwrap_or_default();
        let label = audit_say::sentence(row, &names, cx.lang);
        let colour = tone_colour(&t, tone(&row.action));
        ui.add(Label::new(RichText::new(&label).strong().color(colour)).wrap());
        ui.add_space(6.0);
        egui::Grid::new("audit_details_grid")
            .num_columns(2)
            .spacing([14.0, 6.0])
            .show(ui, |ui| {
                kv_row_ui(
                    ui,
                    &t,
                    &cx.tr("audit-col-when"),
                    &format::format_datetime(row.at, cx.tz, cx.lang),
                );
                kv_row_ui(ui, &t, &cx.tr("audit-col-user"), &self.actor_label(cx, row));
                kv_row_ui(
                    ui,
                    &t,
                    &cx.tr("audit-col-entity"),
                    &audit_say::object(row, &names, cx.lang),
                );
                ui.label(RichText::new(cx.tr("audit-hash")).color(t.muted));
                ui.label(
                    RichText::new(row.hash.get(..16).unwrap_or(&row.hash))
                        .monospace()
                        .color(t.heading),
                )
                .on_hover_text(&row.hash);
                ui.end_row();
            });
        ui.label(
            RichText::new(cx.tr_args("audit-seq", &[("seq", Arg::from(row.seq))]))
                .small()
                .color(t.muted),
        );
        ui.separator();
        ui.label(
            RichText::new(cx.tr("audit-changes"))
                .strong()
                .color(t.heading),
        );
        // Values of an erased client (GDPR) read "effacé" / "erased".
        let erased = cx.tr("audit-erased");
        let shown_json = |text: &str| {
            let mut v = audit::parse_stored(text);
            personal::name_erased(&mut v, &erased);
            v
        };
        let before = row.before.as_deref().map(shown_json);
        let after = row.after.as_deref().map(shown_json);
        if before.is_none() && after.is_none() {
            ui.label(RichText::new(cx.tr("audit-no-data")).color(t.muted));
            return;
        }
        let changes = audit::field_changes(before.as_ref(), after.as_ref());
        if changes.is_empty() {
            ui.label(RichText::new(cx.tr("audit-no-change")).color(t.muted));
        } else {
            let shown = |v: &Option<JsonValue>| match v {
                None => "—".to_owned(),
                Some(JsonValue::Bool(true)) => cx.tr("audit-yes"),
                Some(JsonValue::Bool(false)) => cx.tr("audit-no"),
                Some(v) => audit::leaf_text(v),
            };
            // An event with only "after" (a sign-in, a creation) has no "before" column.
            let with_before = before.is_some();
            let headers: &[&str] = if with_before {
                &["audit-field", "audit-before", "audit-after"]
            } else {
                &["audit-field", "audit-value"]
            };
            let value_width = (ui.available_width() - 200.0) / (headers.len() as f32 - 1.0);
            egui::Grid::new("audit_changes_grid")
                .num_columns(headers.len())
                .striped(true)
                .spacing([16.0, 6.0])
                .min_col_width(120.0)
                .max_col_width(value_width.max(120.0))
                .show(ui, |ui| {
                    for key in headers {
                        ui.label(RichText::new(cx.tr(key)).small().strong().color(t.muted));
                    }
                    ui.end_row();
                    for c in &changes {
                        ui.add(Label::new(RichText::new(&c.path).monospace().small()).wrap());
                        if with_before {
                            ui.add(
                                Label::new(
                                    RichText::new(shown(&c.before))
                                        .monospace()
                                        .small()
                                        .color(t.muted),
                                )
                                .wrap(),
                            );
                        }
                        ui.add(
                            Label::new(
                                RichText::new(shown(&c.after))
                                    .monospace()
                                    .small()
                                    .color(t.heading),
                            )
                            .wrap(),
                        );
                        ui.end_row();
                    }
                });
        }
        ui.add_space(6.0);
        egui::CollapsingHeader::new(format!("{} {}", icons::BRACKETS_CURLY, cx.tr("audit-json")))
            .id_salt(("audit_json", row.seq))
            .show(ui, |ui| {
                for (key, value) in [("audit-before", &before), ("audit-after", &after)] {
                    let Some(v) = value else { continue };
                    ui.label(RichText::new(cx.tr(key)).small().strong().color(t.muted));
                    let text = audit::pretty(v);
                    // Read-only, but the text can be selected and copied.
                    let mut view = text.as_str();
                    ui.add(
                        TextEdit::multiline(&mut view)
                            .font(egui::TextStyle::Monospace)
                            .desired_width(f32::INFINITY)
                            .desired_rows(2)
                            .code_editor(),
                    );
                }
            });
    }
}
