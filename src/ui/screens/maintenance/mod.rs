//! Maintenance: the shop's backups (list with size and verification, create with an optional
//! passphrase, verify, restore), the database checks (integrity, foreign keys, audit chain, as
//! `rpma db check`), WAL checkpoint and VACUUM, statistics (database, tables, photo store) and
//! the log folder with its last errors.
//!
//! Who sees what is the core's permission matrix: backups need `ManageBackups`, the checkpoint,
//! VACUUM and the logs `RunMaintenance` (admins); supervisors see the checks and statistics.
//! Backups, verifications and restores run as background tasks, never on the database worker:
//! the screen shows their progress and takes their results ([`MaintenanceScreen::on_task`]).

mod backups;
mod stats;
mod tools;

use egui::Ui;
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::store::check::CheckReport;

use crate::jobs::safety::SafetyEvent;
use crate::jobs::{DbStats, Job, JobEvent, RequestId};
use crate::tasks::backup::TaskOutput;
use crate::ui::Cx;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::page_title_ui;

pub use backups::{BACKUP_TASKS, file_name};

/// Maintenance state.
#[derive(Debug, Default)]
pub struct MaintenanceScreen {
    stats: Loadable<DbStats>,
    check_pending: Option<RequestId>,
    last_check: Option<CheckReport>,
    backups: backups::BackupsCard,
    tools: tools::ToolsCard,
    extra: stats::ExtraStats,
}

impl MaintenanceScreen {
    /// Asks for fresh statistics.
    pub fn reload(&mut self, cx: &mut Cx<'_>) {
        let Some(_) = cx.user.cloned() else {
            return;
        };
        let job = Job::LoadDbStats {};
        self.stats = Loadable::Loading(cx.submit(job));
    }

    /// Takes replies addressed to this screen.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::DbStats(r) => {
                self.stats.accept(id, r, cx.lang);
                None
            }
            JobEvent::DbChecked(report) if self.check_pending == Some(id) => {
                self.check_pending = None;
                if report.is_ok() {
                    cx.toast_ok(cx.tr("maint-check-ok"));
                } else {
                    cx.toast_err(cx.tr("maint-check-failed"));
                }
                self.last_check = Some(*report);
                None
            }
            JobEvent::Safety(SafetyEvent::Settings(r)) if self.backups.waits_for(id) => {
                self.backups.on_settings(id, r, cx);
                None
            }
            JobEvent::Safety(ev @ (SafetyEvent::Checkpointed(_) | SafetyEvent::Vacuumed(_))) => {
                if self.tools.on_event(id, ev, cx) {
                    self.reload(cx);
                }
                None
            }
            other => Some(other),
        }
    }

    /// Takes the result of a background task this screen started.
    pub fn on_task(&mut self, out: TaskOutput, cx: &mut Cx<'_>) {
        match out {
            TaskOutput::PhotoStats(_) | TaskOutput::Logs(_) => self.extra.on_task(out, cx),
            other => self.backups.on_task(other, cx),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.stats, Loadable::Idle) {
            self.reload(cx);
        }
        let t = *cx.tokens;
        let role = cx.user.map(|u| u.role);
        let may = |a| role.is_some_and(|r| allows(r, a));
        page_title_ui(
            ui,
            &t,
            &cx.tr("nav-maintenance"),
            Some(&cx.tr("maint-subtitle")),
        );
        egui::ScrollArea::vertical()
            .id_salt("maintenance-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(1100.0));
                if may(Action::ManageBackups) {
                    self.backups.ui(ui, cx);
                    ui.add_space(t.gap);
                }
                tools::check_ui(ui, cx, &mut self.check_pending, self.last_check.as_ref());
                ui.add_space(t.gap);
                if may(Action::RunMaintenance) {
                    self.tools.ui(ui, cx, self.stats.ready());
                    ui.add_space(t.gap);
                }
                let (stats, retry) = self.stats.ui(ui, cx);
                if retry {
                    self.reload(cx);
                    return;
                }
                if let Some(s) = stats {
                    let s = s.clone();
                    stats::db_stats_ui(ui, cx, &s);
                    ui.add_space(t.gap);
                }
                self.extra.photos_ui(ui, cx);
                if may(Action::RunMaintenance) {
                    ui.add_space(t.gap);
                    self.extra.logs_ui(ui, cx);
                }
                ui.add_space(t.gap * 2.0);
            });
    }
}

impl crate::ui::screen::Screen for MaintenanceScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_leave(&mut self, _cx: &mut Cx<'_>) {
        // A data screen: read again on the next visit, never stale.
        *self = Self::default();
    }

    fn on_task(&mut self, out: TaskOutput, cx: &mut Cx<'_>) {
        Self::on_task(self, out, cx);
    }

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Maintenance
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
