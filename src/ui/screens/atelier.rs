//! "Atelier": the shop floor at a glance — interventions in progress, paused, and completed
//! today, each with its active step, progress and worked time. Technicians see their own (the
//! core scopes the query). A card opens the intervention.

use std::time::Duration;

use egui::{RichText, Sense, Ui, WidgetInfo};
use rpma_core::interventions::{BoardRow, Intervention, IvStatus, StepStatus};

use crate::jobs::atelier::{AtelierEvent, AtelierJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{
    badge_ui, icon_button, page_title_ui, secondary_button, section_title_ui,
};
use crate::ui::{Command, Cx, icons};

/// Margin after the turn of the minute before the board reloads (a timer that fires a little
/// early would otherwise find the old minute and wait again).
const AFTER_MINUTE: Duration = Duration::from_millis(20);

/// State of the screen.
#[derive(Debug, Default)]
pub struct AtelierScreen {
    data: Loadable<Vec<BoardRow>>,
    /// `ctx` time of the last load.
    loaded_at: f64,
    /// Wall-clock minute (ms since the epoch / 60 000) of the last load: the board reloads once
    /// a minute, at the turn of the minute (other terminals change it; worked times move on).
    loaded_minute: i64,
    /// The rows shown before a reload and their `ctx` load time, kept on screen until the new
    /// ones arrive (the board never blinks to a spinner once a minute).
    stale: Option<(Vec<BoardRow>, f64)>,
}

/// "1 h 05" / "12 min" for a duration in ms (rounded to the nearest minute).
pub(crate) fn duration_text(ms: i64) -> String {
    let minutes = (ms.max(0) + 30_000) / 60_000;
    if minutes >= 60 {
        format!("{} h {:02}", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

/// How long until [`duration_text`] of a running duration, `ms` now, shows another value: a
/// clock on screen asks for one repaint then, not one a second (1 to 60 000 ms).
pub(crate) fn until_duration_text_changes(ms: i64) -> Duration {
    let into_minute = (ms.max(0) + 30_000).rem_euclid(60_000);
    Duration::from_millis(u64::try_from(60_000 - into_minute).unwrap_or(60_000))
}

/// How long until one of the worked times shown for a running intervention (its own, its current
/// step's) changes its text: the intervention screen asks for one repaint then.
pub(crate) fn until_worked_times_change(iv: &Intervention, now: i64) -> Duration {
    iv.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            matches!(
                s.status,
                StepStatus::InProgress | StepStatus::AwaitingApproval
            )
        })
        .map(|(i, _)| until_duration_text_changes(iv.step_worked_ms(i, now)))
        .fold(
            until_duration_text_changes(iv.elapsed_ms(now)),
            Duration::min,
        )
}

/// How long until the wall clock's next minute (the board's reload, aligned to the minute).
fn until_next_minute(now_ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(60_000 - now_ms.rem_euclid(60_000)).unwrap_or(60_000))
}

impl AtelierScreen {
    /// Reloads on next draw.
    pub fn reset(&mut self) {
        self.data = Loadable::Idle;
    }

    fn reload(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        let now = chrono::Utc::now().timestamp_millis();
        let (start, end) = super::calendar::local_date(now, cx).map_or((now, now), |d| {
            (
                super::jobs::local_midnight(d, cx.tz),
                super::jobs::local_midnight(d.succ_opt().unwrap_or(d), cx.tz),
            )
        });
        if let Loadable::Ready(rows) = std::mem::take(&mut self.data) {
            self.stale = Some((rows, self.loaded_at));
        }
        self.loaded_at = ui.input(|i| i.time);
        self.loaded_minute = now.div_euclid(60_000);
        self.data = Loadable::Loading(cx.submit(Job::Atelier(AtelierJob::Board {
            day_start: start,
            day_end: end,
        })));
    }

    /// Takes a job reply; returns it when it is not for this screen.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::Atelier(AtelierEvent::Board(r)) if matches!(self.data, Loadable::Loading(w) if w == id) =>
            {
                self.data.accept(id, r, cx.lang);
                self.stale = None;
                None
            }
            other => Some(other),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let now_s = ui.input(|i| i.time);
        let now_ms = chrono::Utc::now().timestamp_millis();
        if matches!(self.data, Loadable::Idle)
            || (matches!(self.data, Loadable::Ready(_))
                && now_ms.div_euclid(60_000) != self.loaded_minute)
        {
            self.reload(ui, cx);
        }
        // One frame a minute while the board is shown, none in between.
        ui.ctx()
            .request_repaint_after(until_next_minute(now_ms) + AFTER_MINUTE);
        let t = *cx.tokens;
        let can_edit_templates = cx.user.is_some_and(|u| {
            rpma_core::auth::permissions::allows(
                u.role,
                rpma_core::auth::permissions::Action::EditTemplates,
            )
        });
        let shown_rows = match (&self.data, &self.stale) {
            (Loadable::Loading(_), Some((rows, _))) => Some(rows),
            _ => self.data.ready(),
        };
        let subtitle = shown_rows.map(|rows| {
            let active = rows.iter().filter(|r| r.status.is_active()).count();
            cx.tr_args(
                "atelier-subtitle",
                &[("count", i64::try_from(active).unwrap_or(0).into())],
            )
        });
        ui.horizontal(|ui| {
            page_title_ui(ui, &t, &cx.tr("nav-atelier"), subtitle.as_deref());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                if icon_button(ui, icons::ARROW_CLOCKWISE, &cx.tr("refresh")).clicked() {
                    self.data = Loadable::Idle;
                }
                if can_edit_templates
                    && secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::LIST_CHECKS, cx.tr("atelier-templates")),
                    )
                    .clicked()
                {
                    cx.push(Command::Navigate(Route::Templates));
                }
            });
        });
        let (data, loaded_at) = match (&self.data, &self.stale) {
            (Loadable::Loading(_), Some((rows, at))) => (Some(rows), *at),
            _ => {
                let (data, retry) = self.data.ui(ui, cx);
                if retry {
                    self.data = Loadable::Idle;
                    return;
                }
                (data, self.loaded_at)
            }
        };
        let Some(rows) = data else { return };
        let elapsed_extra = ((now_s - loaded_at) * 1000.0) as i64;
        let mut open = None;
        egui::ScrollArea::vertical()
            .id_salt("atelier")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if rows.is_empty() {
                    t.card_frame().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.vertical_centered(|ui| {
                            ui.label(RichText::new(icons::WRENCH).size(40.0).color(t.accent));
                            ui.label(
                                RichText::new(cx.tr("atelier-empty"))
                                    .size(t.body + 3.0)
                                    .color(t.heading),
                            );
                            ui.label(RichText::new(cx.tr("atelier-empty-help")).color(t.muted));
                        });
                    });
                    return;
                }
                for (status, key) in [
                    (IvStatus::InProgress, "atelier-in-progress"),
                    (IvStatus::Paused, "atelier-paused"),
                    (IvStatus::Completed, "atelier-completed-today"),
                ] {
                    let group: Vec<&BoardRow> =
                        rows.iter().filter(|r| r.status == status).collect();
                    if group.is_empty() {
                        continue;
                    }
                    section_title_ui(ui, &t, &format!("{} ({})", cx.tr(key), group.len()));
                    for row in group {
                        let extra = if row.status == IvStatus::InProgress {
                            elapsed_extra
                        } else {
                            0
                        };
                        if card_ui(ui, cx, row, extra) {
                            open = Some(row.id.clone());
                        }
                        ui.add_space(t.gap * 0.6);
                    }
                    ui.add_space(t.gap * 0.5);
                }
            });
        if let Some(id) = open {
            cx.push(Command::Open(Route::Intervention(id)));
        }
    }
}

/// One board card; returns true when clicked.
fn card_ui(ui: &mut Ui, cx: &Cx<'_>, row: &BoardRow, elapsed_extra: i64) -> bool {
    let t = *cx.tokens;
    let (fg, bg, status_key) = match row.status {
        IvStatus::InProgress => (t.accent, t.accent_soft, "atelier-status-in-progress"),
        IvStatus::Paused => (t.warning, t.warning_soft, "atelier-status-paused"),
        IvStatus::Completed => (t.success, t.success_soft, "atelier-status-completed"),
        IvStatus::Cancelled => (t.danger, t.danger_soft, "atelier-status-cancelled"),
    };
    let resp = t
        .card_frame()
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{} {}", icons::CAR_PROFILE, row.plate))
                        .size(t.title * 0.9)
                        .strong()
                        .color(t.heading),
                );
                ui.label(RichText::new(&row.vehicle).size(t.body + 1.0).color(t.text));
                ui.add_space(8.0);
                badge_ui(ui, &cx.tr(status_key), fg, bg);
                if row.awaiting_approval {
                    badge_ui(
                        ui,
                        &cx.tr("atelier-awaiting-approval"),
                        t.warning,
                        t.warning_soft,
                    );
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(&row.job_number).monospace().color(t.muted));
                });
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{} {}", icons::USER, row.client_name)).color(t.text),
                );
                if let Some(tech) = &row.technician_name {
                    ui.add_space(12.0);
                    ui.label(RichText::new(format!("{} {tech}", icons::WRENCH)).color(t.text));
                }
                ui.add_space(12.0);
                ui.label(RichText::new(row.template_name.get(cx.lang)).color(t.muted));
            });
            ui.add_space(4.0);
            let step_text = if row.status == IvStatus::Completed {
                cx.tr("atelier-all-steps-done")
            } else {
                cx.tr_args(
                    "atelier-step",
                    &[
                        ("n", i64::try_from(row.step_index + 1).unwrap_or(0).into()),
                        ("total", i64::try_from(row.step_count).unwrap_or(0).into()),
                        ("title", row.step_title.get(cx.lang).to_owned().into()),
                    ],
                )
            };
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(step_text)
                        .size(t.body + 1.0)
                        .strong()
                        .color(t.heading),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            icons::CLOCK,
                            duration_text(row.elapsed_ms + elapsed_extra)
                        ))
                        .size(t.body + 1.0)
                        .color(t.text),
                    );
                });
            });
            let progress = if row.step_count == 0 {
                0.0
            } else {
                row.steps_done as f32 / row.step_count as f32
            };
            ui.add(
                egui::ProgressBar::new(progress)
                    .desired_height(8.0)
                    .fill(fg),
            );
        })
        .response
        .interact(Sense::click());
    let label = format!("{} · {} · {}", row.plate, row.client_name, row.job_number);
    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    if resp.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    resp.clicked()
}

impl crate::ui::screen::Screen for AtelierScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_leave(&mut self, _cx: &mut Cx<'_>) {
        // The board is read again on the next visit.
        self.reset();
    }

    fn on_broadcast(&mut self, ev: &crate::ui::screen::Broadcast, _cx: &mut Cx<'_>) {
        if matches!(ev, crate::ui::screen::Broadcast::RemoteChanges { .. }) {
            *self = Self::default();
        }
    }

    fn route(&self) -> Route {
        Route::Atelier
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_duration_asks_for_a_repaint_when_its_text_changes() {
        // "0 min" until 30 s, then "1 min" until 1 min 30 s.
        assert_eq!(duration_text(29_999), "0 min");
        assert_eq!(duration_text(30_000), "1 min");
        assert_eq!(
            until_duration_text_changes(0),
            Duration::from_millis(30_000)
        );
        assert_eq!(
            until_duration_text_changes(29_999),
            Duration::from_millis(1)
        );
        assert_eq!(
            until_duration_text_changes(30_000),
            Duration::from_millis(60_000)
        );
        assert_eq!(
            until_duration_text_changes(75_000),
            Duration::from_millis(15_000)
        );
        for ms in [0, 1, 29_999, 30_000, 59_999, 3_600_000, 7_229_123] {
            let wait = i64::try_from(until_duration_text_changes(ms).as_millis()).unwrap_or(0);
            assert!((1..=60_000).contains(&wait), "{ms}: {wait}");
            assert_eq!(duration_text(ms + wait - 1), duration_text(ms), "{ms}");
            assert_ne!(duration_text(ms + wait), duration_text(ms), "{ms}");
        }
    }

    #[test]
    fn the_board_reloads_at_the_turn_of_the_minute() {
        assert_eq!(until_next_minute(120_000), Duration::from_millis(60_000));
        assert_eq!(until_next_minute(120_001), Duration::from_millis(59_999));
        assert_eq!(until_next_minute(179_999), Duration::from_millis(1));
    }
}
