//! Readable blocks in the time grid. A day of the Week view is too narrow to split between
//! overlapping jobs, so a group of overlapping jobs is stacked: each job gets the whole column,
//! at its start time or just under the job before it, tall enough for its time, plate and client
//! written in full (wrapped at word boundaries, never cut). When a group has more jobs than fit
//! before the next one, a "+N" chip ends it and opens the list of the group's jobs.

use egui::{Align2, FontId, Galley, Painter, Pos2, Rect, RichText, Sense, Stroke, Ui};
use std::sync::Arc;

use super::layout::View;
use super::{CalendarScreen, status_badge_ui, status_colours, time_range};
use crate::route::Route;
use crate::ui::theme::Tokens;
use crate::ui::{Command, Cx, icons};

/// Space between stacked cards, points.
pub(super) const GAP: f32 = 3.0;
/// Height of the "+N" chip.
pub(super) const CHIP_H: f32 = 22.0;
/// Inner padding of a block: left (after the status bar), top and right, bottom.
const PAD: (f32, f32, f32, f32) = (9.0, 3.0, 4.0, 3.0);

/// Places the cards of one group of overlapping jobs, sorted by start. Each card is
/// `(start_y, end_y, text_height)`; `limit` is where the next group (or the grid) begins. A card
/// goes at its start, or just under the card before; it reaches down to its end or to the next
/// card's start, and is at least as tall as its text. Cards that do not fit before `limit`
/// (keeping room for the chip) are left to the "+N" chip. Returns the placed `(top, bottom)`;
/// the cards after them overflow.
pub(super) fn stack(cards: &[(f32, f32, f32)], limit: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    let mut prev_bottom = f32::MIN;
    for (i, &(start, end, text_h)) in cards.iter().enumerate() {
        let top = start.max(prev_bottom + GAP);
        let last = i + 1 == cards.len();
        let needed = if last { text_h } else { text_h + GAP + CHIP_H };
        if top + needed > limit {
            break;
        }
        let reach = cards.get(i + 1).map_or(end, |next| end.min(next.0 - GAP));
        let bottom = reach.max(top + text_h).min(limit);
        out.push((top, bottom));
        prev_bottom = bottom;
    }
    out
}

/// Where the "+N" chip of a group goes: under the last placed card (or at the first hidden
/// job's start), kept above `limit`.
pub(super) fn chip_top(placed: &[(f32, f32)], first_hidden_start: f32, limit: f32) -> f32 {
    placed
        .last()
        .map_or(first_hidden_start, |p| (p.1 + GAP).max(first_hidden_start))
        .min(limit - CHIP_H)
}

/// The lines of a block, laid out to `width` (wrapped at word boundaries).
pub(super) fn block_galleys(
    ui: &Ui,
    t: &Tokens,
    lines: &[(String, bool)],
    fg: egui::Color32,
    text: egui::Color32,
    width: f32,
) -> Vec<Arc<Galley>> {
    let width = (width - PAD.0 - PAD.2).max(8.0);
    lines
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| !s.is_empty())
        .map(|(i, (s, strong))| {
            let mut rt = RichText::new(s).size(if i == 0 { t.body - 3.0 } else { t.body - 2.0 });
            rt = if i == 0 { rt.color(fg) } else { rt.color(text) };
            if *strong {
                rt = rt.strong();
            }
            egui::WidgetText::from(rt).into_galley(
                ui,
                Some(egui::TextWrapMode::Wrap),
                width,
                egui::FontSelection::Default,
            )
        })
        .collect()
}

/// Height the lines need inside a block.
pub(super) fn galleys_height(galleys: &[Arc<Galley>]) -> f32 {
    PAD.1 + galleys.iter().map(|g| g.size().y).sum::<f32>() + PAD.3
}

/// Paints the lines that fit whole into `rect` (a line that would be cut is left out).
pub(super) fn paint_galleys(painter: &Painter, rect: Rect, galleys: Vec<Arc<Galley>>) {
    let mut y = rect.top() + PAD.1;
    for g in galleys {
        let h = g.size().y;
        if y + h > rect.bottom() - PAD.3 + 0.5 {
            break;
        }
        painter.galley(
            Pos2::new(rect.left() + PAD.0, y),
            g,
            egui::Color32::PLACEHOLDER,
        );
        y += h;
    }
}

/// Initials of a name ("Karim Benali" → "KB").
pub(super) fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

impl CalendarScreen {
    /// The "+N" chip of a group: opens the list of its jobs. Returns true when clicked.
    pub(super) fn chip_ui(ui: &mut Ui, cx: &Cx<'_>, rect: Rect, hidden: usize, id: usize) -> bool {
        let t = cx.tokens;
        let label = cx.tr_args(
            "calendar-more-jobs",
            &[("count", i64::try_from(hidden).unwrap_or(0).into())],
        );
        let resp = ui.interact(rect, ui.scope_id().with(("more_chip", id)), Sense::click());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let painter = ui.painter_at(rect.intersect(ui.clip_rect()));
        let fill = if resp.hovered() {
            t.accent_soft
        } else {
            t.neutral_soft
        };
        painter.rect_filled(rect, t.radius_small, fill);
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            format!("+{hidden}"),
            FontId::proportional(t.body - 2.0),
            t.heading,
        );
        if resp.hovered() {
            painter.rect_stroke(
                rect,
                t.radius_small,
                Stroke::new(1.0, t.accent),
                egui::StrokeKind::Inside,
            );
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        resp.clicked()
    }

    /// The jobs of an overflowing group, in a dialog: each opens its job.
    pub(super) fn overflow_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let Some(list) = &self.overflow else { return };
        let Some(rows) = self.range.ready().map(|r| &r.rows) else {
            return;
        };
        let t = *cx.tokens;
        let mut close = false;
        let mut open = None;
        let title = match self.view {
            View::Week | View::Day => cx.tr_args(
                "calendar-overlap-title",
                &[("count", i64::try_from(list.len()).unwrap_or(0).into())],
            ),
            View::Month | View::Agenda => String::new(),
        };
        egui::Modal::new(egui::Id::unique("calendar_overflow_modal")).show(ui.ctx(), |ui| {
            ui.set_width(520.0);
            crate::ui::widgets::section_title_ui(
                ui,
                &t,
                &format!("{} {title}", icons::CALENDAR_DOTS),
            );
            for &r in list {
                let Some(row) = rows.get(r) else { continue };
                let resp = ui
                    .horizontal(|ui| {
                        ui.set_min_height(t.hit);
                        let (fg, _) = status_colours(&t, row.status, row.overdue);
                        ui.label(RichText::new(time_range(row, cx)).color(fg).strong());
                        ui.label(RichText::new(&row.plate).strong().color(t.heading));
                        ui.label(RichText::new(&row.client_name).color(t.text));
                        if let Some(n) = &row.technician_name {
                            ui.label(RichText::new(format!("· {n}")).color(t.muted));
                        }
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            status_badge_ui(ui, cx, row.status, row.overdue);
                        });
                    })
                    .response;
                let resp = ui.interact(
                    resp.rect,
                    ui.scope_id().with(("overflow_row", r)),
                    Sense::click(),
                );
                let label = format!("{} {} {}", row.number, row.plate, row.client_name);
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if resp.hovered() {
                    ui.painter().rect_stroke(
                        resp.rect.expand(2.0),
                        t.radius_small,
                        Stroke::new(1.0, t.accent),
                        egui::StrokeKind::Inside,
                    );
                }
                if resp.clicked() {
                    open = Some(row.id.clone());
                }
            }
            ui.add_space(t.gap * 0.5);
            if crate::ui::widgets::secondary_button(ui, &t, &cx.tr("close")).clicked() {
                close = true;
            }
        });
        if let Some(id) = open {
            self.overflow = None;
            cx.push(Command::Open(Route::Job(id)));
        } else if close {
            self.overflow = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_cards_stack_under_each_other() {
        // Three jobs starting together (y 0), each 300 tall, 50 of text; room until 600.
        let cards = [(0.0, 300.0, 50.0), (0.0, 300.0, 50.0), (0.0, 300.0, 50.0)];
        let placed = stack(&cards, 600.0);
        assert_eq!(placed.len(), 3);
        // No two cards overlap, each is tall enough for its text.
        for w in placed.windows(2) {
            assert!(w[1].0 >= w[0].1 + GAP - 0.01, "{placed:?}");
        }
        assert!(placed.iter().all(|p| p.1 - p.0 >= 50.0));
        // The last one reaches its end.
        assert_eq!(placed[2].1, 300.0);
    }

    #[test]
    fn what_does_not_fit_goes_to_the_chip() {
        let cards = [(0.0, 100.0, 50.0), (0.0, 100.0, 50.0), (0.0, 100.0, 50.0)];
        // Room for one card and the chip only.
        let placed = stack(&cards, 90.0);
        assert_eq!(placed.len(), 1);
        let chip = chip_top(&placed, 0.0, 90.0);
        assert!(chip >= placed[0].1 && chip + CHIP_H <= 90.0, "{chip}");
        // A card alone keeps its time and is never cut.
        let placed = stack(&[(10.0, 200.0, 50.0)], 600.0);
        assert_eq!(placed, vec![(10.0, 200.0)]);
    }

    #[test]
    fn cards_keep_their_time_when_there_is_room() {
        // Second job starts well after the first one's text: it stays at its start.
        let cards = [(0.0, 200.0, 50.0), (120.0, 400.0, 50.0)];
        let placed = stack(&cards, 800.0);
        assert_eq!(placed[1].0, 120.0);
        assert_eq!(placed[0].1, 120.0 - GAP);
        assert_eq!(initials("Karim Benali"), "KB");
    }
}
