//! The dashboard's backup card (admins): the newest verified backup and its age, the last run's
//! outcome, the schedule and when the next backup is due — in red when the last run failed or
//! the newest good backup is older than the schedule allows. Read on a background task (the
//! destination may be a slow network share).

use egui::{RichText, Ui};
use rpma_core::Lang;
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::backup::schedule::ScheduleSpec;
use rpma_core::format;
use rpma_core::safety::status::BackupStatus;

use crate::route::Route;
use crate::tasks::TaskOwner;
use crate::tasks::backup::{self as work, TaskOutput};
use crate::ui::widgets::{kv_row_ui, secondary_button, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// The schedule in words.
pub fn schedule_text(spec: Option<&ScheduleSpec>, lang: Lang) -> String {
    match spec {
        None => lang.tr("backup-schedule-off"),
        Some(ScheduleSpec::Daily { hour, minute }) => lang.tr_args(
            "backup-schedule-daily",
            &[("time", format!("{hour:02}:{minute:02}").into())],
        ),
        Some(ScheduleSpec::EveryHours { hours }) => lang.tr_args(
            "backup-schedule-every",
            &[("hours", i64::from(*hours).into())],
        ),
        Some(ScheduleSpec::OnExit) => lang.tr("backup-schedule-on-exit"),
    }
}

/// What is wrong with the backups, in words, when something is (for the card, the status bar
/// and the toast).
pub fn alert_text(s: &BackupStatus, lang: Lang, tz: format::Tz) -> Option<String> {
    if s.last_failed() {
        let error = s
            .last_run
            .as_ref()
            .and_then(|r| r.error.clone())
            .unwrap_or_default();
        return Some(lang.tr_args("backup-alert-failed", &[("error", error.into())]));
    }
    if let Some((location, error)) = s.remote_failed() {
        return Some(lang.tr_args(
            "backup-alert-remote",
            &[("location", location.into()), ("error", error.into())],
        ));
    }
    if !s.overdue {
        return None;
    }
    Some(match s.last_ok_ms {
        Some(ms) => lang.tr_args(
            "backup-alert-old",
            &[("date", format::format_datetime(ms, tz, lang).into())],
        ),
        None => lang.tr("backup-alert-none"),
    })
}

/// State of the card.
#[derive(Debug, Default)]
pub struct BackupCard {
    status: Option<Result<BackupStatus, String>>,
    asked: bool,
}

impl BackupCard {
    /// Takes the status read for it.
    pub fn on_task(&mut self, out: TaskOutput, cx: &Cx<'_>) {
        if let TaskOutput::Status(r) = out {
            self.status = Some(r.map_err(|e| cx.error_text(&e)));
        }
    }

    /// Draws the card, for those who may manage backups.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if !cx
            .user
            .is_some_and(|u| allows(u.role, Action::ManageBackups))
        {
            return;
        }
        if !self.asked
            && let Some(root) = cx.jobs.data_root().map(ToOwned::to_owned)
        {
            self.asked = true;
            let now = chrono::Utc::now().timestamp_millis();
            if let Err(e) = cx.jobs.tasks().spawn(
                TaskOwner::Dashboard,
                "status",
                "task-status",
                work::status(root, now),
            ) {
                self.status = Some(Err(e.to_string()));
            }
        }
        let t = *cx.tokens;
        let lang = cx.lang;
        let tz = cx.tz;
        let mut open = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::ARCHIVE, cx.tr("dashboard-backups")),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    open = secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::DATABASE, cx.tr("dashboard-backups-open")),
                    )
                    .clicked();
                });
            });
            let s = match &self.status {
                None => {
                    crate::ui::progress::waiting_ui(ui, &t, lang);
                    return;
                }
                Some(Err(e)) => {
                    ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger));
                    return;
                }
                Some(Ok(s)) => s,
            };
            if let Some(alert) = alert_text(s, lang, tz) {
                egui::Frame::new()
                    .fill(t.danger_soft)
                    .corner_radius(t.radius_small)
                    .inner_margin(10)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!("{} {alert}", icons::WARNING))
                                    .color(t.danger),
                            )
                            .wrap(),
                        );
                    });
            } else if s.last_ok_ms.is_some() {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::CHECK_CIRCLE,
                        cx.tr("dashboard-backups-ok")
                    ))
                    .color(t.success),
                );
            }
            egui::Grid::new("dashboard_backups_grid")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    let when = |ms: i64| format::format_datetime(ms, tz, lang);
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("dashboard-backups-last-ok"),
                        &s.last_ok_ms
                            .map_or_else(|| cx.tr("dashboard-backups-never"), when),
                    );
                    if let Some(b) = &s.newest {
                        kv_row_ui(
                            ui,
                            &t,
                            &cx.tr("dashboard-backups-newest"),
                            &format!(
                                "{} · {}",
                                b.path
                                    .file_name()
                                    .map(|n| n.to_string_lossy().into_owned())
                                    .unwrap_or_default(),
                                format::format_bytes(b.bytes, lang)
                            ),
                        );
                    }
                    if let Some(r) = &s.last_run {
                        let key = if r.ok {
                            "dashboard-backups-run-ok"
                        } else {
                            "dashboard-backups-run-failed"
                        };
                        kv_row_ui(
                            ui,
                            &t,
                            &cx.tr("dashboard-backups-last-run"),
                            &cx.tr_args(key, &[("date", when(r.at_ms).into())]),
                        );
                    }
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("dashboard-backups-schedule"),
                        &schedule_text(s.settings.schedule.as_ref(), lang),
                    );
                    if let Some(next) = s.next_due_ms {
                        kv_row_ui(ui, &t, &cx.tr("dashboard-backups-next"), &when(next));
                    }
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("dashboard-backups-folder"),
                        &s.out_dir.display().to_string(),
                    );
                });
        });
        if open {
            cx.push(Command::Navigate(Route::Maintenance));
        }
        ui.add_space(t.gap);
    }
}
