//! "Atelier": the shop floor at a glance — interventions in progress, paused, and completed
//! today, each with its active step, progress and worked time. Technicians see their own (the
//! core scopes the query). A card opens the intervention.

use std::time::Duration;

use egui::{RichText, Sense, Ui, WidgetInfo};
use rpma_core::interventions::{BoardRow, IvStatus};

use crate::jobs::atelier::{AtelierEvent, AtelierJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{
    badge_ui, icon_button, page_title_ui, secondary_button, section_title_ui,
};
use crate::ui::{Command, Cx, Target, icons};

/// How often the board reloads while shown (other terminals change it).
const RELOAD_EVERY: Duration = Duration::from_secs(20);

/// State of the screen.
#[derive(Debug, Default)]
pub struct AtelierScreen {
    data: Loadable<Vec<BoardRow>>,
    /// `ctx` time of the last load.
    loaded_at: f64,
}

/// "1 h 05" / "12 min" for a duration in ms.
pub(crate) fn duration_text(ms: i64) -> String {
    let minutes = (ms.max(0) + 30_000) / 60_000;
    if minutes >= 60 {
        format!("{} h {:02}", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

impl AtelierScreen {
    /// Reloads on next draw.
    pub fn reset(&mut self) {
        self.data = Loadable::Idle;
    }

    fn reload(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(user) = cx.user.cloned() else { return };
        let now = chrono::Utc::now().timestamp_millis();
        let (start, end) = super::calendar::local_date(now, cx).map_or((now, now), |d| {
            (
                super::jobs::local_midnight(d, cx.tz),
                super::jobs::local_midnight(d.succ_opt().unwrap_or(d), cx.tz),
            )
        });
        self.loaded_at = ui.input(|i| i.time);
        self.data = Loadable::Loading(cx.submit(Job::Atelier(AtelierJob::Board {
            actor: Box::new(user),
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
                None
            }
            other => Some(other),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let now_s = ui.input(|i| i.time);
        if matches!(self.data, Loadable::Idle)
            || (matches!(self.data, Loadable::Ready(_))
                && now_s - self.loaded_at > RELOAD_EVERY.as_secs_f64())
        {
            self.reload(ui, cx);
        }
        ui.ctx().request_repaint_after(RELOAD_EVERY);
        let t = *cx.tokens;
        let can_edit_templates = cx.user.is_some_and(|u| {
            rpma_core::auth::permissions::allows(
                u.role,
                rpma_core::auth::permissions::Action::EditTemplates,
            )
        });
        let subtitle = self.data.ready().map(|rows| {
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
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.data = Loadable::Idle;
            return;
        }
        let Some(rows) = data else { return };
        let elapsed_extra = ((now_s - self.loaded_at) * 1000.0) as i64;
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
            cx.push(Command::Open(Target::Intervention(id)));
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
