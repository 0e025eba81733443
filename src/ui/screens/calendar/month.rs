//! The Month view (day cells with a few job chips and "+k more"; a click on a day opens it in the
//! Day view) and the Agenda view (the month's jobs as a list grouped by day, virtualised).

use chrono::{Datelike as _, Weekday};
use egui::{Align2, FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2, WidgetInfo};

use super::layout::{AgendaLine, View};
use super::{
    CalendarScreen, capitalise, long_date, status_badge_ui, status_colours, time_range,
    weekday_short_key,
};
use crate::ui::Cx;

/// Height of a job chip in a day cell.
const CHIP: f32 = 20.0;
/// Height of a day cell's date line.
const DATE_LINE: f32 = 24.0;
/// Height of an agenda line.
const LINE: f32 = 40.0;

impl CalendarScreen {
    pub(super) fn month_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Some(rows) = self.range.ready().map(|r| &r.rows) else {
            return;
        };
        let month = self.anchor.map(|a| a.month());
        let mut open_day = None;
        let mut open_job = None;
        t.card_frame().inner_margin(8).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let width = ui.available_width();
            let col_w = width / 7.0;
            // Weekday headers.
            ui.horizontal(|ui| {
                ui.spacing_mut().item_spacing.x = 0.0;
                for wd in [
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                    Weekday::Sun,
                ] {
                    ui.allocate_ui(Vec2::new(col_w, 22.0), |ui| {
                        ui.centered_and_justified(|ui| {
                            ui.label(
                                RichText::new(capitalise(&cx.tr(weekday_short_key(wd))))
                                    .color(t.muted)
                                    .strong(),
                            );
                        });
                    });
                }
            });
            let cell_h = ((ui.available_height() - 8.0) / 6.0).clamp(92.0, 160.0);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let max_chips = (((cell_h - DATE_LINE - 4.0) / CHIP).floor().max(1.0) as usize).max(1);
            let (grid, _) = ui.allocate_exact_size(Vec2::new(width, cell_h * 6.0), Sense::hover());
            let painter = ui.painter_at(grid);
            for (i, day) in self.layout.days.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let (cx_i, cy_i) = ((i % 7) as f32, (i / 7) as f32);
                let cell = Rect::from_min_size(
                    Pos2::new(grid.left() + cx_i * col_w, grid.top() + cy_i * cell_h),
                    Vec2::new(col_w, cell_h),
                );
                let in_month = Some(day.month()) == month;
                let is_today = Some(*day) == self.today;
                painter.rect_filled(cell.shrink(1.0), 4.0, if in_month { t.card } else { t.bg });
                painter.rect_stroke(
                    cell,
                    0.0,
                    Stroke::new(0.5, t.card_stroke),
                    egui::StrokeKind::Inside,
                );
                let date_rect = Rect::from_min_size(
                    cell.min + Vec2::new(4.0, 3.0),
                    Vec2::new(cell.width() - 8.0, DATE_LINE - 4.0),
                );
                let day_label = long_date(*day, cx);
                let day_resp = ui.interact(
                    date_rect,
                    ui.scope_id().with(("month_day", i)),
                    Sense::click(),
                );
                day_resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &day_label));
                if day_resp.clicked() {
                    open_day = Some(*day);
                }
                if is_today {
                    painter.circle_filled(
                        date_rect.left_center() + Vec2::new(11.0, 0.0),
                        11.0,
                        t.accent,
                    );
                }
                painter.text(
                    date_rect.left_center() + Vec2::new(11.0, 0.0),
                    Align2::CENTER_CENTER,
                    day.day().to_string(),
                    FontId::proportional(t.body - 1.0),
                    if is_today {
                        t.on_accent
                    } else if in_month {
                        t.heading
                    } else {
                        t.muted
                    },
                );
                let Some(jobs) = self.layout.per_day.get(i) else {
                    continue;
                };
                let more = jobs.len().saturating_sub(max_chips);
                let shown = if more > 0 {
                    max_chips.saturating_sub(1)
                } else {
                    jobs.len()
                };
                for (k, &r) in jobs.iter().take(shown).enumerate() {
                    let Some(row) = rows.get(r) else { continue };
                    #[allow(clippy::cast_precision_loss)]
                    let chip = Rect::from_min_size(
                        Pos2::new(cell.left() + 3.0, cell.top() + DATE_LINE + k as f32 * CHIP),
                        Vec2::new(cell.width() - 6.0, CHIP - 2.0),
                    );
                    let (fg, bg) = status_colours(&t, row.status, row.overdue);
                    let resp = ui.interact(
                        chip,
                        ui.scope_id().with(("month_chip", i, k)),
                        Sense::click(),
                    );
                    let label = format!("{} {} {}", row.number, row.plate, row.client_name);
                    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
                    painter.rect_filled(chip, 4.0, bg);
                    if resp.hovered() {
                        painter.rect_stroke(
                            chip,
                            4.0,
                            Stroke::new(1.0, fg),
                            egui::StrokeKind::Inside,
                        );
                    }
                    let start = row
                        .scheduled_start
                        .map(|s| rpma_core::format::format_time(s, cx.tz))
                        .unwrap_or_default();
                    let chip_painter = ui.painter_at(chip);
                    chip_painter.text(
                        chip.left_center() + Vec2::new(5.0, 0.0),
                        Align2::LEFT_CENTER,
                        format!("{start} {} · {}", row.plate, row.client_name),
                        FontId::proportional(11.5),
                        if row.status == rpma_core::jobs::JobStatus::InProgress {
                            t.on_accent
                        } else {
                            t.heading
                        },
                    );
                    // No tooltip through a dialog on top (the Ctrl+K palette).
                    let resp = if ui.ctx().memory(|m| m.allows_interaction(ui.layer_id())) {
                        resp.on_hover_text(format!("{} · {}", time_range(row, cx), row.number))
                    } else {
                        resp
                    };
                    if resp.clicked() {
                        open_job = Some(r);
                    }
                }
                if more > 0 {
                    let hidden = jobs.len() - shown;
                    #[allow(clippy::cast_precision_loss)]
                    let more_rect = Rect::from_min_size(
                        Pos2::new(
                            cell.left() + 3.0,
                            cell.top() + DATE_LINE + shown as f32 * CHIP,
                        ),
                        Vec2::new(cell.width() - 6.0, CHIP - 2.0),
                    );
                    let text = cx.tr_args(
                        "calendar-more",
                        &[("count", i64::try_from(hidden).unwrap_or(0).into())],
                    );
                    let resp = ui.interact(
                        more_rect,
                        ui.scope_id().with(("month_more", i)),
                        Sense::click(),
                    );
                    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &text));
                    painter.text(
                        more_rect.left_center() + Vec2::new(5.0, 0.0),
                        Align2::LEFT_CENTER,
                        &text,
                        FontId::proportional(11.5),
                        if resp.hovered() {
                            t.accent_hover
                        } else {
                            t.muted
                        },
                    );
                    if resp.clicked() {
                        open_day = Some(*day);
                    }
                }
            }
        });
        if let Some(day) = open_day {
            self.anchor = Some(day);
            self.view = View::Day;
        }
        if let Some(r) = open_job
            && let Some(row) = self.range.ready().and_then(|x| x.rows.get(r)).cloned()
        {
            Self::open_job(cx, &row);
        }
    }

    pub(super) fn agenda_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Some(rows) = self.range.ready().map(|r| &r.rows) else {
            return;
        };
        let mut open_job = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            if self.layout.agenda.is_empty() {
                ui.label(RichText::new(cx.tr("calendar-agenda-empty")).color(t.muted));
                return;
            }
            let mut area = egui::ScrollArea::vertical()
                .id_salt("calendar_agenda")
                .auto_shrink([false, false]);
            if let Some(line) = self.agenda_scroll.take() {
                // Opens on today (or the next day with jobs).
                #[allow(clippy::cast_precision_loss)]
                let offset = line as f32 * (LINE + ui.spacing().item_spacing.y);
                area = area.vertical_scroll_offset(offset);
            }
            area.show_rows(ui, LINE, self.layout.agenda.len(), |ui, range| {
                for line in self.layout.agenda.get(range).unwrap_or_default() {
                    match *line {
                        AgendaLine::Day(d) => {
                            let Some(day) = self.layout.days.get(d) else {
                                continue;
                            };
                            ui.allocate_ui(Vec2::new(ui.available_width(), LINE), |ui| {
                                ui.set_min_height(LINE);
                                ui.horizontal_centered(|ui| {
                                    let text = capitalise(&long_date(*day, cx));
                                    let text = if Some(*day) == self.today {
                                        format!("{text} · {}", cx.tr("calendar-today"))
                                    } else {
                                        text
                                    };
                                    ui.label(
                                        RichText::new(text)
                                            .strong()
                                            .size(t.body + 1.0)
                                            .color(t.heading),
                                    );
                                });
                            });
                        }
                        AgendaLine::Job(r) => {
                            let Some(row) = rows.get(r) else { continue };
                            let resp = ui
                                .allocate_ui(Vec2::new(ui.available_width(), LINE), |ui| {
                                    ui.set_min_height(LINE);
                                    ui.horizontal_centered(|ui| {
                                        ui.add_space(12.0);
                                        ui.add_sized(
                                            [110.0, 20.0],
                                            egui::Label::new(
                                                RichText::new(time_range(row, cx)).color(t.text),
                                            ),
                                        );
                                        ui.add_sized(
                                            [110.0, 20.0],
                                            egui::Label::new(
                                                RichText::new(&row.number)
                                                    .monospace()
                                                    .color(t.heading),
                                            ),
                                        );
                                        ui.add_sized(
                                            [100.0, 20.0],
                                            egui::Label::new(
                                                RichText::new(&row.plate).strong().color(t.heading),
                                            ),
                                        );
                                        ui.label(
                                            RichText::new(format!("{} {}", row.make, row.model))
                                                .color(t.muted),
                                        );
                                        ui.label(RichText::new(&row.client_name).color(t.text));
                                        if let Some(n) = &row.technician_name {
                                            ui.label(
                                                RichText::new(format!("· {n}")).color(t.muted),
                                            );
                                        }
                                        if !row.bay.is_empty() {
                                            ui.label(
                                                RichText::new(format!("· {}", row.bay))
                                                    .color(t.muted),
                                            );
                                        }
                                        status_badge_ui(ui, cx, row.status, row.overdue);
                                    });
                                })
                                .response;
                            let resp = ui.interact(
                                resp.rect,
                                ui.scope_id().with(("agenda", r)),
                                Sense::click(),
                            );
                            let label = format!("{} {} {}", row.number, row.plate, row.client_name);
                            resp.widget_info(|| {
                                WidgetInfo::labeled(egui::Role::Button, true, &label)
                            });
                            if resp.hovered() {
                                ui.painter().rect_stroke(
                                    resp.rect,
                                    t.radius_small,
                                    Stroke::new(1.0, t.accent),
                                    egui::StrokeKind::Inside,
                                );
                            }
                            if resp.clicked() {
                                open_job = Some(r);
                            }
                        }
                    }
                }
            });
        });
        if let Some(r) = open_job
            && let Some(row) = self.range.ready().and_then(|x| x.rows.get(r)).cloned()
        {
            Self::open_job(cx, &row);
        }
    }
}
