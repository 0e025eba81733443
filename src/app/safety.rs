//! The app's side of data safety: finished background tasks routed to whoever started them,
//! the switch to restored data (the signed-in app leaves for the "restoring" card, then opens
//! again on the restored folder, at the login), the recovery screen at start, the scheduler,
//! the backup before exit and what the status bar says (a task running, "read-only", a backup
//! alert).

use egui::RichText;
use rpma_core::datadir::DataDir;

use super::scheduler::ExitBackup;
use super::{App, Phase};
use crate::jobs::Job;
use crate::jobs::safety::SafetyJob;
use crate::route::RouteKind;
use crate::tasks::backup::{Reopened, Restored, TaskOutput};
use crate::tasks::{TaskDone, TaskOwner};
use crate::ui::Command;
use crate::ui::icons;
use crate::ui::progress::task_progress_ui;
use crate::ui::screens::recovery::RecoveryScreen;
use crate::ui::status_bar::StatusSafety;
use crate::ui::toasts::Toast;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui};

impl App {
    /// Set-up once the app exists: tasks wake the UI; a database that failed the start-up check
    /// opens the recovery screen.
    pub(super) fn safety_init(&mut self, ctx: &egui::Context) {
        self.parts.jobs.set_task_repaint(ctx);
        if let Some(state) = self.config.recovery.clone() {
            tracing::warn!(?state, "the database cannot be used: recovery screen");
            self.phase = Phase::Recovery;
            self.screens.recovery = RecoveryScreen::new(state);
        }
    }

    /// Keeps the data folder's lock as long as the data is open (handed over to a restore).
    pub fn hold_data_lock(&mut self, lock: DataDir) {
        self.parts.jobs.hold_lock(lock);
    }

    /// Once per frame: finished tasks, the switch to restored data, the scheduler.
    pub(super) fn safety_frame(&mut self, ctx: &egui::Context) {
        for done in self.parts.jobs.tasks().poll() {
            self.task_done(done);
        }
        if self
            .parts
            .jobs
            .tasks_ref()
            .of_owner(TaskOwner::App)
            .is_some()
            && self.phase != Phase::Recovery
        {
            self.leave_for_restore();
        }
        let active = self.config.backup_schedule
            && matches!(self.phase, Phase::Login | Phase::Locked | Phase::SignedIn);
        let now = self.clock.now_ms();
        if let Some(wait) = self
            .scheduler
            .tick(&mut self.parts.jobs, active, now, self.parts.lang)
        {
            ctx.request_repaint_after(wait);
        }
        if active
            && let Some(t) = self
                .scheduler
                .alert_toast(self.parts.lang, self.parts.tz, now)
        {
            self.parts.commands.push(Command::Toast(t));
        }
    }

    fn task_done(&mut self, done: TaskDone<TaskOutput>) {
        let done_owner = done.owner;
        let Ok(out) = done.result else {
            self.parts.commands.push(Command::Toast(Toast::error(
                self.parts.lang.tr("err-task-failed"),
            )));
            return;
        };
        if let TaskOutput::Backup(r) = &out {
            self.scheduler.invalidate();
            if let Ok(done) = r {
                let actor = (done_owner_is_person(done_owner))
                    .then(|| self.parts.user.clone())
                    .flatten();
                // The person who asked for it, or none for the schedule.
                self.parts.jobs.submit_as(
                    actor.as_ref(),
                    Job::Safety(SafetyJob::RecordBackup {
                        file: crate::ui::screens::maintenance::file_name(&done.created.path),
                        bytes: done.created.archive_bytes,
                        verified: done.verified.is_ok(),
                    }),
                );
            }
        }
        let now = self.clock.now_ms();
        let Self { parts, screens, .. } = self;
        let mut cx = parts.cx();
        match done.owner {
            TaskOwner::Maintenance => screens.task(RouteKind::Maintenance, out, &mut cx),
            TaskOwner::Dashboard => screens.task(RouteKind::Dashboard, out, &mut cx),
            TaskOwner::SettingsBackups => screens.task(RouteKind::Settings, out, &mut cx),
            TaskOwner::Recovery => screens.recovery.on_task(out, &cx),
            TaskOwner::Scheduler => {
                if let Some(t) = self.scheduler.on_task(done.id, out, now, self.parts.lang) {
                    self.parts.commands.push(Command::Toast(t));
                }
            }
            TaskOwner::App => {
                if let TaskOutput::Reopened(r) = out {
                    self.reopened(*r);
                }
            }
            // Photo imports run on the photo thread: their results come back on its channel.
            TaskOwner::Photos => tracing::warn!("a photo task finished through the runner"),
        }
    }

    /// A restore is being swapped in: the signed-in app gives way to the "restoring" card.
    fn leave_for_restore(&mut self) {
        tracing::info!("switching to restored data");
        let by = self.parts.user.take().map(|u| u.display_name.clone());
        self.session = None;
        self.screens.reset();
        self.screens.recovery.by = by;
        self.search.close();
        self.phase = Phase::Recovery;
        self.route = RouteKind::Dashboard;
        self.history = super::nav::History::default();
    }

    /// The restore was swapped in (or not) and the data folder opened again.
    fn reopened(&mut self, r: Reopened) {
        if self.phase != Phase::Recovery {
            // An inline runner (tests) is done before a frame could show the switch.
            self.leave_for_restore();
        }
        let lang = self.parts.lang;
        let by = self.screens.recovery.by.take();
        let record = match &r.restored {
            Ok(Restored::Backup(rep)) => Some((
                format!("{} · {}", rep.manifest.terminal, rep.manifest.created_at),
                rep.previous.as_ref().map(|p| p.display().to_string()),
            )),
            Ok(Restored::KeptFolder(prev)) => Some((
                lang.tr("recovery-kept"),
                prev.as_ref().map(|p| p.display().to_string()),
            )),
            Err(_) => None,
        };
        let message = match &r.restored {
            Ok(Restored::Backup(rep)) => Ok(lang.tr_args(
                "restore-done",
                &[(
                    "previous",
                    rep.previous
                        .as_ref()
                        .map_or_else(String::new, |p| p.display().to_string())
                        .into(),
                )],
            )),
            Ok(Restored::KeptFolder(prev)) => Ok(lang.tr_args(
                "restore-done",
                &[(
                    "previous",
                    prev.as_ref()
                        .map_or_else(String::new, |p| p.display().to_string())
                        .into(),
                )],
            )),
            Err(e) => Err(e.message(lang)),
        };
        match r.reopened {
            Ok((store, lock)) => match self.parts.jobs.reattach(store, lock) {
                Ok(()) => {
                    if let Some((file, previous)) = record {
                        self.parts
                            .jobs
                            .submit(Job::Safety(SafetyJob::RecordRestore { file, previous, by }));
                    }
                    self.phase = Phase::Booting;
                    self.boot_req = self.parts.jobs.submit(Job::Bootstrap);
                    self.scheduler = super::scheduler::Scheduler::default();
                }
                Err(e) => self.phase = Phase::Fatal(e.to_string()),
            },
            Err(e) => {
                let detail = lang.error_message(&e);
                self.phase = Phase::Recovery;
                self.screens.recovery =
                    RecoveryScreen::new(rpma_core::safety::startup::DbState::Corrupt { detail });
            }
        }
        match message {
            Ok(text) => self
                .parts
                .commands
                .push(Command::Toast(Toast::success(text))),
            Err(text) => {
                self.screens.recovery.failed(text.clone());
                self.parts.commands.push(Command::Toast(Toast::error(text)));
            }
        }
    }

    /// What the status bar says about tasks, the disk and the backups.
    pub(super) fn safety_status(&self) -> StatusSafety {
        let task = self
            .parts
            .jobs
            .tasks_ref()
            .running()
            .into_iter()
            .next()
            .map(|t| match t.progress.count {
                // A task that counts items (photos) says how many: "Photos : 3 / 12".
                Some((done, total)) => {
                    let n = |n: usize| i64::try_from(n).unwrap_or(0).into();
                    let title = self.parts.lang.tr(t.title_key);
                    let args = [
                        ("title", title.into()),
                        ("done", n(done)),
                        ("total", n(total)),
                    ];
                    (self.parts.lang.tr_args("task-count", &args), None)
                }
                None => (
                    self.parts.lang.tr(t.title_key),
                    crate::ui::progress::percent(&t),
                ),
            });
        StatusSafety {
            task,
            fault: self.parts.jobs.storage_fault(),
            alert: self
                .scheduler
                .alert(self.parts.lang, self.parts.tz, self.clock.now_ms()),
            sync: self.sync.badge(self.parts.lang, self.parts.tz),
        }
    }

    /// "On exit": a close request first runs the backup, in a dialog that shows its progress and
    /// lets the person cancel it (or leave without it when it failed).
    pub(super) fn exit_backup_ui(&mut self, ctx: &egui::Context) {
        let asked = ctx.input(|i| i.viewport().close_requested());
        let may_close = !self.config.kiosk || self.exit_authorised;
        let on_exit = self.scheduler.status.as_ref().is_some_and(|s| {
            matches!(
                s.settings.schedule,
                Some(rpma_core::backup::schedule::ScheduleSpec::OnExit)
            )
        });
        let open = matches!(self.phase, Phase::Login | Phase::Locked | Phase::SignedIn);
        if asked && may_close && on_exit && open && self.scheduler.exit == ExitBackup::Idle {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if super::scheduler::Scheduler::backup_running(&self.parts.jobs) {
                // A backup is being written now: it is the backup before exit.
                self.scheduler.exit = ExitBackup::Done;
            } else {
                let now = self.clock.now_ms();
                self.scheduler
                    .start_exit_backup(&mut self.parts.jobs, now, self.parts.lang);
            }
        }
        match self.scheduler.exit.clone() {
            ExitBackup::Idle | ExitBackup::Closing => {}
            ExitBackup::Done => {
                // From now on a close request goes through.
                self.scheduler.exit = ExitBackup::Closing;
                if !asked {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            ExitBackup::Running(id) => {
                if asked {
                    ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                }
                let info = self.parts.jobs.tasks_ref().get(id);
                let t = self.parts.tokens;
                let lang = self.parts.lang;
                let mut cancel = false;
                egui::Modal::new(egui::Id::unique("rpma-exit-backup"))
                    .frame(t.card_frame())
                    .show(ctx, |ui| {
                        ui.set_max_width(480.0);
                        section_title_ui(
                            ui,
                            &t,
                            &format!("{} {}", icons::ARCHIVE, lang.tr("exit-backup-title")),
                        );
                        ui.label(RichText::new(lang.tr("exit-backup-help")).color(t.muted));
                        if let Some(info) = &info {
                            cancel = task_progress_ui(ui, &t, lang, info, true);
                        }
                    });
                if cancel && let Some(info) = info {
                    self.parts.jobs.tasks_ref().cancel(info.id);
                }
            }
            ExitBackup::Failed(msg) => {
                if asked {
                    ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                }
                let t = self.parts.tokens;
                let lang = self.parts.lang;
                let mut choice = None;
                egui::Modal::new(egui::Id::unique("rpma-exit-backup"))
                    .frame(t.card_frame())
                    .show(ctx, |ui| {
                        ui.set_max_width(480.0);
                        section_title_ui(
                            ui,
                            &t,
                            &format!("{} {}", icons::WARNING, lang.tr("exit-backup-failed")),
                        );
                        ui.add(egui::Label::new(RichText::new(&msg).color(t.danger)).wrap());
                        ui.horizontal(|ui| {
                            if primary_button(ui, &t, &lang.tr("exit-backup-retry")).clicked() {
                                choice = Some(true);
                            }
                            if secondary_button(ui, &t, &lang.tr("exit-backup-quit")).clicked() {
                                choice = Some(false);
                            }
                        });
                    });
                match choice {
                    Some(true) => {
                        let now = self.clock.now_ms();
                        self.scheduler.start_exit_backup(
                            &mut self.parts.jobs,
                            now,
                            self.parts.lang,
                        );
                    }
                    Some(false) => self.scheduler.exit = ExitBackup::Done,
                    None => {}
                }
            }
        }
    }
}

/// A backup started from a screen is a person's; the schedule's and the exit's are the app's.
fn done_owner_is_person(owner: TaskOwner) -> bool {
    matches!(owner, TaskOwner::Maintenance)
}
