//! The job-history card shared by the client and vehicle pages.

use egui::{RichText, Ui};

use super::{date_or_dash, empty_state_ui, header_ui, section_title_ui};
use crate::ui::screens::jobs::status_colours;
use crate::ui::{Cx, icons};

/// The keys of a job-history card's texts.
pub struct JobHistoryKeys {
    /// Card title.
    pub title: &'static str,
    /// Empty state title and hint.
    pub empty: (&'static str, &'static str),
    /// Header of the last column (vehicle on a client page, zones on a vehicle page).
    pub last_column: &'static str,
}

/// A card listing jobs (number, date, status, one more column), newest first as given; a click
/// opens the job. Shared by the client and vehicle pages.
pub fn job_history_card_ui(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    id: &str,
    keys: &JobHistoryKeys,
    rows: &[(&rpma_core::jobs::JobRow, String)],
    max_height: f32,
) {
    use egui::{Align, Label, Layout, Sense};
    use egui_extras::{Column, TableBuilder};

    let t = *cx.tokens;
    let mut open = None;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(
            ui,
            &t,
            &format!("{}  {}", icons::CLIPBOARD_TEXT, cx.tr(keys.title)),
        );
        if rows.is_empty() {
            empty_state_ui(
                ui,
                &t,
                icons::CLIPBOARD_TEXT,
                &cx.tr(keys.empty.0),
                &cx.tr(keys.empty.1),
            );
            return;
        }
        // Columns shared out so that the table fits its card; in a narrow card (a page's side
        // column in a 1024-pixel window) the last column gives way.
        let full = ui.available_width() >= 460.0;
        let w = ui.available_width() - ui.spacing().item_spacing.x * 3.0;
        let (number, date) = if full { (0.29, 0.22) } else { (0.4, 0.3) };
        ui.scope(|ui| {
            ui.style_mut().interaction.selectable_labels = false;
            let mut tb = TableBuilder::new(ui)
                .id_salt(id)
                .striped(true)
                .sense(Sense::click())
                .cell_layout(Layout::left_to_right(Align::Center))
                .column(Column::exact(w * number).clip(true))
                .column(Column::exact(w * date).clip(true));
            tb = if full {
                tb.column(Column::exact(w * 0.24))
                    .column(Column::remainder().clip(true))
            } else {
                tb.column(Column::remainder().clip(true))
            };
            let columns = if full { 4 } else { 3 };
            tb.max_scroll_height(max_height)
                .header(24.0, |mut h| {
                    for k in [
                        "clients-col-number",
                        "clients-col-date",
                        "clients-col-status",
                        keys.last_column,
                    ]
                    .into_iter()
                    .take(columns)
                    {
                        h.col(|ui| header_ui(ui, &t, &cx.tr(k)));
                    }
                })
                .body(|body| {
                    body.rows(32.0, rows.len(), |mut row| {
                        let Some((j, last)) = rows.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.label(RichText::new(&j.number).monospace().color(t.heading));
                        });
                        row.col(|ui| {
                            ui.label(
                                RichText::new(date_or_dash(cx, j.scheduled_start)).color(t.text),
                            );
                        });
                        row.col(|ui| {
                            let (fg, bg) = status_colours(&t, j.status, j.overdue);
                            let text = if j.overdue {
                                cx.tr("clients-overdue")
                            } else {
                                cx.tr(j.status.i18n_key())
                            };
                            crate::ui::widgets::badge_ui(ui, &text, fg, bg);
                        });
                        if full {
                            row.col(|ui| {
                                ui.add(Label::new(RichText::new(last).color(t.muted)).truncate());
                            });
                        }
                        if row.response().clicked() {
                            open = Some(j.id.clone());
                        }
                    });
                });
        });
    });
    if let Some(id) = open {
        cx.push(crate::ui::Command::Open(crate::route::Route::Job(id)));
    }
}
