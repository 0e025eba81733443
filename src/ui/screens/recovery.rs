//! The recovery screen: the database did not pass the check at start-up (or is missing while the
//! shop's key and photos are still there). RPMA changes nothing and never puts a new empty
//! database in its place; it offers the backups it finds (the data folder's `backups`, the
//! destination of the settings when still readable, or a file from a USB stick) and the data
//! folders kept aside by earlier restores. The damaged data is kept aside in turn, never deleted.
//! Nobody can sign in here (the accounts are in the damaged database): the core allows this
//! restore only while the database is unusable.

use std::path::PathBuf;

use egui::{RichText, Ui};
use rpma_core::backup::{self, Passphrase, VerifiedState};
use rpma_core::format;
use rpma_core::safety::startup::{DbState, RecoveryOptions};

use crate::tasks::TaskOwner;
use crate::tasks::backup::{self as work, SwapIn, TaskOutput};
use crate::ui::file_browser::{BrowseKind, BrowserOutcome, FileBrowser};
use crate::ui::progress::task_progress_ui;
use crate::ui::restore_dialog::{RestoreAnswer, RestoreDialog};
use crate::ui::widgets::{
    badge_ui, fixed_width_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Cx, icons};

/// State of the recovery screen.
#[derive(Debug, Default)]
pub struct RecoveryScreen {
    /// What the start-up check found (`None`: the app is switching to restored data).
    pub state: Option<DbState>,
    /// Who started the restore being swapped in (for the audit log of the restored data).
    pub by: Option<String>,
    options: Option<RecoveryOptions>,
    asked: bool,
    ask: Option<(PathBuf, String)>,
    restore: Option<RestoreDialog>,
    confirm_kept: Option<PathBuf>,
    browser: Option<FileBrowser>,
    last: Option<String>,
}

impl RecoveryScreen {
    /// A screen for a database in `state`.
    pub fn new(state: DbState) -> Self {
        Self {
            state: Some(state),
            ..Self::default()
        }
    }

    /// Shows the options again, with `error` (a restore that failed).
    pub fn failed(&mut self, error: String) {
        self.last = Some(error);
        self.options = None;
        self.asked = false;
    }

    /// Takes the result of a task this screen started.
    pub fn on_task(&mut self, out: TaskOutput, cx: &Cx<'_>) {
        match out {
            TaskOutput::Recovery(o) => self.options = Some(o),
            TaskOutput::RestorePrepared(Ok(p)) => self.restore = Some(RestoreDialog::new(p)),
            TaskOutput::RestorePrepared(Err(e)) => self.last = Some(e.message(cx.lang)),
            _ => {}
        }
    }

    fn prepare(&mut self, file: PathBuf, pass: Option<Passphrase>, cx: &mut Cx<'_>) {
        self.last = None;
        let spawned = cx
            .jobs
            .restore_lock()
            .map_err(|e| cx.error_text(&e))
            .and_then(|lock| {
                let w = work::prepare_restore(lock, None, file, pass);
                cx.jobs
                    .tasks()
                    .spawn(TaskOwner::Recovery, "restore", "task-restore-prepare", w)
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = spawned {
            self.last = Some(e);
        }
    }

    fn pick(&mut self, file: PathBuf, cx: &mut Cx<'_>) {
        if backup::is_encrypted_file(&file).unwrap_or(false) {
            self.ask = Some((file, String::new()));
        } else {
            self.prepare(file, None, cx);
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if let Some(info) = cx.jobs.tasks_ref().of_owner(TaskOwner::App) {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width().min(720.0));
                section_title_ui(
                    ui,
                    &t,
                    &format!(
                        "{} {}",
                        icons::ARROW_COUNTER_CLOCKWISE,
                        cx.tr("recovery-switching")
                    ),
                );
                ui.label(RichText::new(cx.tr("recovery-switching-help")).color(t.muted));
                task_progress_ui(ui, &t, cx.lang, &info, false);
            });
            return;
        }
        if !self.asked
            && let Some(root) = cx.jobs.data_root().map(ToOwned::to_owned)
        {
            self.asked = true;
            if let Err(e) = cx.jobs.tasks().spawn(
                TaskOwner::Recovery,
                "recovery",
                "task-recovery",
                work::recovery(root),
            ) {
                self.last = Some(e.to_string());
            }
        }
        self.dialogs_ui(ui.ctx(), cx);
        egui::ScrollArea::vertical()
            .id_salt("recovery_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // One centred column: the screen has no side bar.
                let width = ui.available_width().min(960.0);
                ui.horizontal(|ui| {
                    ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                    ui.vertical(|ui| {
                        ui.set_width(width);
                        self.body_ui(ui, cx);
                    });
                });
            });
    }

    fn body_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        self.header_ui(ui, cx);
        ui.add_space(t.gap);
        self.backups_ui(ui, cx);
        ui.add_space(t.gap);
        self.kept_ui(ui, cx);
        ui.add_space(t.gap);
        let quit = format!("{} {}", icons::SIGN_OUT, cx.tr("recovery-quit"));
        if secondary_button(ui, &t, &quit).clicked() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn header_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        t.card_frame().fill(t.danger_soft).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let (title, detail) = match &self.state {
                Some(DbState::Missing) => (cx.tr("recovery-title-missing"), None),
                Some(DbState::Corrupt { detail }) => {
                    (cx.tr("recovery-title"), Some(detail.clone()))
                }
                _ => (cx.tr("recovery-title"), None),
            };
            ui.label(
                RichText::new(format!("{} {title}", icons::WARNING))
                    .heading()
                    .color(t.danger),
            );
            ui.add(egui::Label::new(RichText::new(cx.tr("recovery-help")).color(t.heading)).wrap());
            if let Some(d) = detail {
                ui.add(egui::Label::new(RichText::new(d).small().monospace().color(t.text)).wrap());
            }
            if let Some(dir) = cx.jobs.data_root() {
                ui.label(
                    RichText::new(dir.display().to_string())
                        .small()
                        .color(t.muted),
                );
            }
        });
        if let Some(info) = cx.jobs.tasks_ref().of_owner(TaskOwner::Recovery) {
            ui.add_space(t.gap * 0.5);
            if task_progress_ui(ui, &t, cx.lang, &info, true) {
                cx.jobs.tasks_ref().cancel(info.id);
            }
        }
        if let Some(e) = &self.last {
            ui.add(
                egui::Label::new(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger))
                    .wrap(),
            );
        }
        if let Some((file, pass)) = &mut self.ask {
            let mut go = false;
            let mut cancel = false;
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    cx.tr_args(
                        "maint-passphrase-for",
                        &[(
                            "file",
                            file.file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default()
                                .into(),
                        )],
                    ),
                );
                let label = cx.tr("maint-passphrase");
                fixed_width_ui(ui, 420.0, |ui| {
                    text_field_ui(ui, &t, &label, pass, true, None)
                });
                ui.horizontal(|ui| {
                    go = primary_button(ui, &t, &cx.tr("maint-restore")).clicked();
                    cancel = secondary_button(ui, &t, &cx.tr("restore-cancel")).clicked();
                });
            });
            if cancel {
                self.ask = None;
            } else if go && let Some((file, pass)) = self.ask.take() {
                self.prepare(file, Some(Passphrase::new(pass)), cx);
            }
        }
    }

    fn backups_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let lang = cx.lang;
        let busy = cx.jobs.tasks_ref().of_owner(TaskOwner::Recovery).is_some();
        let mut pick = None;
        let mut browse = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::ARCHIVE, cx.tr("recovery-backups")),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    browse = ui
                        .add_enabled_ui(!busy, |ui| {
                            secondary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::FOLDER_OPEN, cx.tr("maint-restore-file")),
                            )
                        })
                        .inner
                        .clicked();
                });
            });
            let Some(o) = &self.options else {
                crate::ui::progress::waiting_ui(ui, &t, lang);
                return;
            };
            if o.backups.is_empty() {
                ui.label(RichText::new(cx.tr("recovery-no-backups")).color(t.muted));
                return;
            }
            egui::Grid::new("recovery_backups_grid")
                .num_columns(5)
                .spacing([18.0, 8.0])
                .striped(true)
                .show(ui, |ui| {
                    for b in &o.backups {
                        let when = rpma_core::safety::status::created_ms(b, cx.tz);
                        ui.label(format::format_datetime(when, cx.tz, lang));
                        let name = b
                            .path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        ui.label(RichText::new(name).monospace().small())
                            .on_hover_text(b.path.display().to_string());
                        ui.label(format::format_bytes(b.bytes, lang));
                        let (text, fg, bg) = match b.verified {
                            VerifiedState::Verified => {
                                (cx.tr("maint-verified-ok"), t.success, t.success_soft)
                            }
                            VerifiedState::Failed => {
                                (cx.tr("maint-verified-failed"), t.danger, t.danger_soft)
                            }
                            VerifiedState::Unknown => {
                                (cx.tr("maint-verified-unknown"), t.text, t.neutral_soft)
                            }
                        };
                        badge_ui(ui, &text, fg, bg);
                        let r = ui.add_enabled_ui(!busy, |ui| {
                            ui.button(format!(
                                "{} {}",
                                icons::ARROW_COUNTER_CLOCKWISE,
                                cx.tr("maint-restore")
                            ))
                        });
                        if r.inner.clicked() {
                            pick = Some(b.path.clone());
                        }
                        ui.end_row();
                    }
                });
        });
        if let Some(f) = pick {
            self.pick(f, cx);
        }
        if browse {
            self.browser = Some(FileBrowser::open_kind(
                ui.ctx(),
                &cx.tr("maint-restore-file"),
                BrowseKind::Backups,
                Vec::new(),
            ));
        }
    }

    fn kept_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let busy = cx.jobs.tasks_ref().of_owner(TaskOwner::Recovery).is_some();
        let Some(o) = &self.options else { return };
        if o.folders.is_empty() {
            return;
        }
        let mut chosen = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::FOLDER, cx.tr("recovery-kept")),
            );
            ui.label(RichText::new(cx.tr("recovery-kept-help")).color(t.muted));
            egui::Grid::new("recovery_kept_grid")
                .num_columns(4)
                .spacing([18.0, 8.0])
                .striped(true)
                .show(ui, |ui| {
                    for k in &o.folders {
                        ui.label(
                            RichText::new(k.path.display().to_string())
                                .monospace()
                                .small(),
                        );
                        ui.label(k.shop.clone().unwrap_or_else(|| "—".to_owned()));
                        if k.healthy {
                            badge_ui(
                                ui,
                                &cx.tr("recovery-kept-healthy"),
                                t.success,
                                t.success_soft,
                            );
                        } else {
                            badge_ui(ui, &cx.tr("recovery-kept-damaged"), t.danger, t.danger_soft);
                        }
                        let r = ui.add_enabled_ui(!busy && k.healthy, |ui| {
                            ui.button(format!(
                                "{} {}",
                                icons::ARROW_COUNTER_CLOCKWISE,
                                cx.tr("recovery-kept-use")
                            ))
                        });
                        if r.inner.clicked() {
                            chosen = Some(k.path.clone());
                        }
                        ui.end_row();
                    }
                });
        });
        if chosen.is_some() {
            self.confirm_kept = chosen;
        }
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if let Some(d) = &mut self.restore {
            match d.ui(ctx, &t, cx.lang, cx.tz) {
                RestoreAnswer::Open => {}
                RestoreAnswer::Cancelled => self.restore = None,
                RestoreAnswer::Confirmed(p) => {
                    self.restore = None;
                    if let Err(e) = cx.jobs.start_swap(SwapIn::Prepared(p)) {
                        self.last = Some(e.to_string());
                    }
                }
            }
        }
        if let Some(dir) = self.confirm_kept.clone() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("rpma-kept-confirm"))
                .frame(t.card_frame())
                .show(ctx, |ui| {
                    ui.set_max_width(520.0);
                    section_title_ui(ui, &t, &cx.tr("recovery-kept-confirm-title"));
                    ui.label(cx.tr_args(
                        "recovery-kept-confirm",
                        &[("dir", dir.display().to_string().into())],
                    ));
                    ui.horizontal(|ui| {
                        if primary_button(ui, &t, &cx.tr("recovery-kept-use")).clicked() {
                            answer = Some(true);
                        }
                        if secondary_button(ui, &t, &cx.tr("restore-cancel")).clicked() {
                            answer = Some(false);
                        }
                    });
                });
            match answer {
                Some(true) => {
                    self.confirm_kept = None;
                    if let Err(e) = cx.jobs.start_swap(SwapIn::KeptFolder(dir)) {
                        self.last = Some(e.to_string());
                    }
                }
                Some(false) => self.confirm_kept = None,
                None => {}
            }
        }
        if let Some(b) = &mut self.browser {
            match b.ui(ctx, &t, cx.lang) {
                BrowserOutcome::Open => {}
                BrowserOutcome::Cancelled => self.browser = None,
                BrowserOutcome::Picked(files) => {
                    self.browser = None;
                    if let Some(f) = files.into_iter().next() {
                        self.pick(f, cx);
                    }
                }
            }
        }
    }
}
