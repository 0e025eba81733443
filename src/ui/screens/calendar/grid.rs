//! The Day and Week views: a time grid over the shop's opening hours (30-minute lines) with the
//! jobs as blocks placed by time; overlapping jobs sit side by side in the Day view and are
//! stacked in the Week view (see [`super::stack`]). A block opens its job on click;
//! supervisors and admins drag it to another slot or technician column (snapped to 15 minutes,
//! same length), or use its context menu's "Move…".

use chrono::Datelike as _;
use egui::{Align2, FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2, WidgetInfo};
use rpma_core::jobs::Reschedule;

use super::layout::{Columns, View, local_ms, local_parts};
use super::moving::MoveForm;
use super::{CalendarScreen, stack, status_colours, weekday_short_key};
use crate::ui::{Cx, icons};

/// Height of one minute, in points (a 30-minute line every 27 points).
const PX_PER_MIN: f32 = 0.9;
/// Width of the hours ruler.
const RULER: f32 = 52.0;
/// Height of the column headers.
const HEADER: f32 = 34.0;
/// Drops snap to this many minutes.
const SNAP: i64 = 15;

/// Where the grid's columns are on screen this frame.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    left: f32,
    top: f32,
    col_w: f32,
    cols: usize,
    span_start: i64,
}

impl Geometry {
    fn col_at(&self, x: f32) -> usize {
        let c = ((x - self.left) / self.col_w).floor().max(0.0);
        // Truncation is intended: a column index from a position.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let c = c as usize;
        c.min(self.cols.saturating_sub(1))
    }

    fn minute_at(&self, y: f32) -> i64 {
        #[allow(clippy::cast_possible_truncation)]
        let m = ((y - self.top) / PX_PER_MIN).round() as i64;
        self.span_start + m
    }

    fn y_of(&self, minute: i64) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let m = (minute - self.span_start) as f32;
        self.top + m * PX_PER_MIN
    }
}

impl CalendarScreen {
    /// Column headers of the grid: weekdays, technicians or bays.
    fn column_titles(&self, cx: &Cx<'_>) -> Vec<String> {
        match self.view {
            View::Week => self
                .layout
                .days
                .iter()
                .map(|d| format!("{} {}", cx.tr(weekday_short_key(d.weekday())), d.day()))
                .collect(),
            _ => {
                let Some(setup) = self.setup.ready() else {
                    return Vec::new();
                };
                let mut titles: Vec<String> = match self.columns {
                    Columns::Technician => self
                        .day_technicians(setup)
                        .map(|t| t.name.clone())
                        .collect(),
                    Columns::Bay => self.day_bays(setup),
                };
                titles.push(cx.tr(match self.columns {
                    Columns::Technician => "calendar-unassigned",
                    Columns::Bay => "calendar-no-bay",
                }));
                titles
            }
        }
    }

    pub(super) fn grid_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let titles = self.column_titles(cx);
        let cols = self.layout.columns.max(1);
        let can_assign = Self::can_assign(cx);
        // Taken for the frame (no copy of the rows) and put back at the end.
        let range = std::mem::take(&mut self.range);
        if let Some(r) = range.ready() {
            self.grid_rows_ui(ui, cx, &r.rows, &titles, cols, can_assign);
        }
        self.range = range;
    }

    fn grid_rows_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        rows: &[rpma_core::jobs::JobRow],
        titles: &[String],
        cols: usize,
        can_assign: bool,
    ) {
        let t = *cx.tokens;
        let (span_start, span_end) = self.layout.span;
        let today = self.today;
        t.card_frame().inner_margin(8).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if rows.is_empty() {
                ui.label(RichText::new(cx.tr("calendar-empty")).color(t.muted));
            }
            egui::ScrollArea::both()
                .id_salt("calendar_grid")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let min_col = if self.view == View::Day { 150.0 } else { 90.0 };
                    #[allow(clippy::cast_precision_loss)]
                    let width = (ui.available_width()).max(RULER + min_col * cols as f32);
                    #[allow(clippy::cast_precision_loss)]
                    let height = HEADER + (span_end - span_start) as f32 * PX_PER_MIN + 8.0;
                    let (rect, _) =
                        ui.allocate_exact_size(Vec2::new(width, height), Sense::hover());
                    #[allow(clippy::cast_precision_loss)]
                    let geo = Geometry {
                        left: rect.left() + RULER,
                        top: rect.top() + HEADER,
                        col_w: (width - RULER) / cols as f32,
                        cols,
                        span_start,
                    };
                    let painter = ui.painter_at(rect);
                    // Headers and column separators.
                    for (c, title) in titles.iter().enumerate().take(cols) {
                        #[allow(clippy::cast_precision_loss)]
                        let x = geo.left + geo.col_w * c as f32;
                        let is_today =
                            self.view == View::Week && self.layout.days.get(c).copied() == today;
                        let header = Rect::from_min_size(
                            Pos2::new(x, rect.top()),
                            Vec2::new(geo.col_w, HEADER - 4.0),
                        );
                        if is_today {
                            painter.rect_filled(header.shrink(2.0), t.radius_small, t.accent_soft);
                        }
                        painter.text(
                            header.center(),
                            Align2::CENTER_CENTER,
                            title,
                            FontId::proportional(t.body),
                            if is_today { t.accent_hover } else { t.heading },
                        );
                        painter.line_segment(
                            [Pos2::new(x, geo.top), Pos2::new(x, rect.bottom())],
                            Stroke::new(1.0, t.card_stroke),
                        );
                    }
                    // Half-hour lines and hour labels.
                    let mut m = span_start;
                    while m <= span_end {
                        let y = geo.y_of(m);
                        let hour = m % 60 == 0;
                        painter.line_segment(
                            [Pos2::new(geo.left, y), Pos2::new(rect.right(), y)],
                            Stroke::new(if hour { 1.0 } else { 0.5 }, t.card_stroke),
                        );
                        if hour {
                            painter.text(
                                Pos2::new(rect.left() + RULER - 8.0, y),
                                Align2::RIGHT_CENTER,
                                format!("{:02}:00", m / 60),
                                FontId::proportional(t.body - 2.0),
                                t.muted,
                            );
                        }
                        m += 30;
                    }
                    self.blocks_ui(ui, cx, rows, geo, can_assign);
                });
        });
    }

    fn blocks_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        rows: &[rpma_core::jobs::JobRow],
        geo: Geometry,
        can_assign: bool,
    ) {
        let t = *cx.tokens;
        let clip = ui.clip_rect();
        let mut dropped: Option<(usize, Pos2)> = None;
        let mut open: Option<usize> = None;
        let mut move_form: Option<usize> = None;
        let (placed, chips) = self.placements(ui, cx, rows, geo);
        for (ci, (rect, hidden)) in chips.iter().enumerate() {
            if rect.intersects(clip) && Self::chip_ui(ui, cx, *rect, hidden.len(), ci) {
                self.overflow = Some(hidden.clone());
            }
        }
        for (bi, b) in self.layout.blocks.iter().enumerate() {
            let Some(row) = rows.get(b.row) else { continue };
            let Some(Some((rect, galleys))) = placed.get(bi).cloned() else {
                continue;
            };
            if !rect.intersects(clip) {
                continue;
            }
            let sense = if can_assign {
                Sense::click_and_drag()
            } else {
                Sense::click()
            };
            let resp = ui.interact(rect, ui.scope_id().with(("job_block", bi)), sense);
            let label = format!(
                "{} {} {} {}",
                row.number,
                row.plate,
                row.client_name,
                row.technician_name.as_deref().unwrap_or("")
            );
            resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, label.trim()));
            let (fg, bg) = status_colours(&t, row.status, row.overdue);
            let painter = ui.painter_at(rect.intersect(clip));
            let dragging = self.drag.is_some_and(|(r, _)| r == b.row);
            painter.rect_filled(rect, 6.0, if dragging { t.bg } else { bg });
            painter.rect_filled(
                Rect::from_min_size(rect.min, Vec2::new(4.0, rect.height())),
                2.0,
                fg,
            );
            if resp.hovered() {
                painter.rect_stroke(rect, 6.0, Stroke::new(1.5, fg), egui::StrokeKind::Inside);
            }
            stack::paint_galleys(&painter, rect, galleys);
            // No tooltip through a dialog on top (the Ctrl+K palette, the force dialog).
            let behind_modal = !ui.ctx().memory(|m| m.allows_interaction(ui.layer_id()));
            let resp = if behind_modal {
                resp
            } else {
                resp.on_hover_text(format!(
                    "{}\n{} · {} {}\n{}",
                    super::time_range(row, cx),
                    row.number,
                    row.make,
                    row.model,
                    row.bay
                ))
            };
            if resp.clicked() {
                open = Some(b.row);
            }
            if can_assign {
                if resp.drag_started()
                    && let Some(p) = ui
                        .input(|i| i.pointer.press_origin())
                        .or(resp.interact_pointer_pos())
                {
                    let grab = geo.minute_at(p.y) - row_start_min(row, cx).unwrap_or(b.start_min);
                    self.drag = Some((b.row, grab));
                }
                if resp.dragged()
                    && let Some(p) = resp
                        .interact_pointer_pos()
                        .or(ui.ctx().pointer_latest_pos())
                {
                    self.drag_pos = Some(p);
                }
                if resp.drag_stopped()
                    && let Some(p) = ui
                        .ctx()
                        .pointer_latest_pos()
                        .or(resp.interact_pointer_pos())
                        .or(self.drag_pos)
                {
                    dropped = Some((b.row, p));
                }
                resp.context_menu(|ui| {
                    if ui
                        .button(format!(
                            "{} {}",
                            icons::CALENDAR_CHECK,
                            cx.tr("calendar-move")
                        ))
                        .clicked()
                    {
                        move_form = Some(b.row);
                        ui.close();
                    }
                    if ui
                        .button(format!(
                            "{} {}",
                            icons::CLIPBOARD_TEXT,
                            cx.tr("calendar-open-job")
                        ))
                        .clicked()
                    {
                        open = Some(b.row);
                        ui.close();
                    }
                });
            }
        }
        // The ghost of the dragged block where it would land.
        if let (Some((r, grab)), Some(p)) = (self.drag, self.drag_pos)
            && dropped.is_none()
            && let Some(row) = rows.get(r)
            && let Some((col, start)) = self.drop_target(geo, p, grab)
        {
            let len = row_len_min(row);
            #[allow(clippy::cast_precision_loss)]
            let x = geo.left + geo.col_w * col as f32;
            let ghost = Rect::from_min_max(
                Pos2::new(x + 2.0, geo.y_of(start)),
                Pos2::new(x + geo.col_w - 2.0, geo.y_of(start + len)),
            );
            let painter = ui.painter();
            painter.rect_filled(ghost, 6.0, t.accent_soft.gamma_multiply(0.8));
            painter.rect_stroke(
                ghost,
                6.0,
                Stroke::new(2.0, t.accent),
                egui::StrokeKind::Inside,
            );
            painter.text(
                ghost.left_top() + Vec2::new(8.0, 4.0),
                Align2::LEFT_TOP,
                format!("{:02}:{:02} · {}", start / 60, start % 60, row.number),
                FontId::proportional(12.0),
                t.heading,
            );
        }
        if let Some((r, p)) = dropped {
            let grab = self.drag.map_or(0, |d| d.1);
            self.drag = None;
            self.drag_pos = None;
            if let (Some(row), Some((col, start))) = (rows.get(r), self.drop_target(geo, p, grab)) {
                self.drop_job(row, col, start, cx);
            }
        }
        if let Some(r) = open
            && let Some(row) = rows.get(r)
        {
            Self::open_job(cx, row);
        }
        if let Some(r) = move_form
            && let Some(row) = rows.get(r)
        {
            self.move_form = Some(MoveForm::for_row(row, cx));
        }
    }

    /// Where each block goes this frame, with its text laid out, and the "+N" chips (their rect
    /// and the rows they hide). The Day view puts overlapping jobs side by side (its columns are
    /// wide); the Week view stacks them (see [`stack`]), so every shown job has its time, plate
    /// and client in full.
    #[allow(clippy::type_complexity)]
    fn placements(
        &self,
        ui: &Ui,
        cx: &Cx<'_>,
        rows: &[rpma_core::jobs::JobRow],
        geo: Geometry,
    ) -> (
        Vec<Option<(Rect, Vec<std::sync::Arc<egui::Galley>>)>>,
        Vec<(Rect, Vec<usize>)>,
    ) {
        let t = *cx.tokens;
        let blocks = &self.layout.blocks;
        let mut placed = vec![None; blocks.len()];
        let mut chips = Vec::new();
        let text_of = |row: &rpma_core::jobs::JobRow, stacked: bool, width: f32| {
            let (fg, _) = status_colours(&t, row.status, row.overdue);
            let text = if row.status == rpma_core::jobs::JobStatus::InProgress {
                t.on_accent
            } else {
                t.heading
            };
            let lines = if stacked {
                let who = row
                    .technician_name
                    .as_deref()
                    .map(stack::initials)
                    .map_or_else(String::new, |i| format!(" · {i}"));
                vec![
                    (format!("{}{who}", super::time_range(row, cx)), false),
                    (row.plate.clone(), true),
                    (row.client_name.clone(), false),
                ]
            } else {
                vec![
                    (
                        format!("{} · {}", super::time_range(row, cx), row.number),
                        false,
                    ),
                    (row.plate.clone(), true),
                    (row.client_name.clone(), false),
                    (row.technician_name.clone().unwrap_or_default(), false),
                ]
            };
            stack::block_galleys(ui, &t, &lines, fg, text, width)
        };
        #[allow(clippy::cast_precision_loss)]
        let col_x = |col: usize| geo.left + geo.col_w * col as f32;
        let mut i = 0;
        while i < blocks.len() {
            let Some(first) = blocks.get(i) else { break };
            let end = blocks
                .iter()
                .skip(i)
                .position(|b| b.group != first.group || b.col != first.col)
                .map_or(blocks.len(), |n| i + n);
            let group = blocks.get(i..end).unwrap_or_default();
            if self.view == View::Week && group.len() > 1 {
                // Stacked: the whole column, down to the next group of the column.
                let limit = blocks
                    .get(end)
                    .filter(|b| b.col == first.col)
                    .map_or_else(|| geo.y_of(self.layout.span.1), |b| geo.y_of(b.start_min))
                    - 1.0;
                let x = col_x(first.col);
                let width = geo.col_w - 4.0;
                let texts: Vec<_> = group
                    .iter()
                    .map(|b| {
                        rows.get(b.row)
                            .map(|r| text_of(r, true, width))
                            .unwrap_or_default()
                    })
                    .collect();
                let cards: Vec<(f32, f32, f32)> = group
                    .iter()
                    .zip(&texts)
                    .map(|(b, g)| {
                        (
                            geo.y_of(b.start_min) + 1.0,
                            geo.y_of(b.end_min) - 1.0,
                            stack::galleys_height(g),
                        )
                    })
                    .collect();
                let spots = stack::stack(&cards, limit);
                for (k, ((top, bottom), g)) in spots.iter().zip(texts).enumerate() {
                    let rect = Rect::from_min_max(
                        Pos2::new(x + 2.0, *top),
                        Pos2::new(x + 2.0 + width, *bottom),
                    );
                    if let Some(slot) = placed.get_mut(i + k) {
                        *slot = Some((rect, g));
                    }
                }
                if spots.len() < group.len() {
                    let first_hidden = cards.get(spots.len()).map_or(limit, |c| c.0);
                    let top = stack::chip_top(&spots, first_hidden, limit);
                    let rect = Rect::from_min_size(
                        Pos2::new(x + 2.0, top),
                        Vec2::new(width, stack::CHIP_H),
                    );
                    // The list shows the whole group, by start.
                    chips.push((rect, group.iter().map(|b| b.row).collect()));
                }
            } else {
                for (k, b) in group.iter().enumerate() {
                    #[allow(clippy::cast_precision_loss)]
                    let lane_w = geo.col_w / f32::from(b.lanes.max(1));
                    let x = col_x(b.col) + lane_w * f32::from(b.lane);
                    let rect = Rect::from_min_max(
                        Pos2::new(x + 2.0, geo.y_of(b.start_min) + 1.0),
                        Pos2::new(x + lane_w - 2.0, geo.y_of(b.end_min) - 1.0),
                    );
                    let g = rows
                        .get(b.row)
                        .map(|r| text_of(r, false, rect.width()))
                        .unwrap_or_default();
                    if let Some(slot) = placed.get_mut(i + k) {
                        *slot = Some((rect, g));
                    }
                }
            }
            i = end.max(i + 1);
        }
        (placed, chips)
    }

    /// The column and snapped start minute under `p` for a block grabbed `grab` minutes after
    /// its start.
    fn drop_target(&self, geo: Geometry, p: Pos2, grab: i64) -> Option<(usize, i64)> {
        if p.x < geo.left {
            return None;
        }
        let col = geo.col_at(p.x);
        let raw = geo.minute_at(p.y) - grab;
        let snapped = (raw + SNAP / 2).div_euclid(SNAP) * SNAP;
        Some((col, snapped.clamp(0, 24 * 60 - SNAP)))
    }

    /// Sends the reschedule for a drop in column `col` at `start` minutes (same length).
    fn drop_job(&mut self, row: &rpma_core::jobs::JobRow, col: usize, start: i64, cx: &mut Cx<'_>) {
        let Some(setup) = self.setup.ready() else {
            return;
        };
        let Some(anchor) = self.anchor else { return };
        let (day, technician_id, bay) = match self.view {
            View::Week => (
                self.layout.days.get(col).copied().unwrap_or(anchor),
                row.technician_id.clone(),
                row.bay.clone(),
            ),
            _ => match self.columns {
                Columns::Technician => (
                    anchor,
                    self.day_technicians(setup).nth(col).map(|t| t.id.clone()),
                    row.bay.clone(),
                ),
                Columns::Bay => (
                    anchor,
                    row.technician_id.clone(),
                    self.day_bays(setup).get(col).cloned().unwrap_or_default(),
                ),
            },
        };
        let len_ms = row_len_min(row) * 60_000;
        let start_ms = local_ms(day, start, cx.tz);
        if Some(start_ms) == row.scheduled_start
            && technician_id == row.technician_id
            && bay == row.bay
        {
            return;
        }
        self.submit_move(
            row.id.clone(),
            Reschedule {
                start: start_ms,
                end: start_ms + len_ms,
                technician_id,
                bay,
                force_reason: None,
            },
            cx,
        );
    }
}

/// The job's start as minutes from local midnight.
fn row_start_min(row: &rpma_core::jobs::JobRow, cx: &Cx<'_>) -> Option<i64> {
    local_parts(row.scheduled_start?, cx.tz).map(|p| p.1)
}

/// The job's length in minutes (an hour when it has no end).
pub(super) fn row_len_min(row: &rpma_core::jobs::JobRow) -> i64 {
    match (row.scheduled_start, row.scheduled_end) {
        (Some(s), Some(e)) if e > s => (e - s) / 60_000,
        _ => 60,
    }
}
