//! The backups card: the backups of the destination folder (file, date, size, encrypted, last
//! verification), "Create a backup" (optionally encrypted with a passphrase typed twice, never
//! stored), "Verify" and "Restore" on each, "Restore from a file…" (a USB stick). Every operation
//! is a background task; one at a time (the schedule's included).

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};
use rpma_core::backup::{self, BackupError, BackupFile, Passphrase, VerifiedState};
use rpma_core::safety::settings::{BackupSettings, new_passphrase_errors};
use rpma_core::validate::FieldErrors;
use rpma_core::{CoreError, format};

use crate::jobs::Job;
use crate::jobs::RequestId;
use crate::jobs::safety::SafetyJob;
use crate::tasks::backup::{self as work, SwapIn, TaskOutput, Who};
use crate::tasks::{TaskInfo, TaskOwner};
use crate::ui::file_browser::{BrowseKind, BrowserOutcome, FileBrowser};
use crate::ui::loadable::Loadable;
use crate::ui::progress::task_progress_ui;
use crate::ui::restore_dialog::{RestoreAnswer, RestoreDialog};
use crate::ui::widgets::{
    badge_ui, fixed_width_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Cx, icons};

/// Titles of the tasks that read or write backups: one of them at a time.
pub const BACKUP_TASKS: &[&str] = &[
    "task-backup",
    "task-backup-scheduled",
    "task-backup-exit",
    "task-verify",
    "task-restore-prepare",
    "task-restore",
];

/// The running backup-type task, whoever started it.
pub fn backup_task(cx: &Cx<'_>) -> Option<TaskInfo> {
    cx.jobs
        .tasks_ref()
        .running()
        .into_iter()
        .find(|t| BACKUP_TASKS.contains(&t.title_key))
}

#[derive(Debug, Default)]
struct CreateForm {
    encrypt: bool,
    pass: String,
    again: String,
    errors: FieldErrors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Verify,
    Restore,
}

#[derive(Debug)]
struct AskPass {
    file: PathBuf,
    op: Op,
    pass: String,
}

/// State of the card.
#[derive(Debug, Default)]
pub(super) struct BackupsCard {
    settings: Loadable<BackupSettings>,
    list: Option<Result<Vec<BackupFile>, String>>,
    listing: bool,
    create: Option<CreateForm>,
    ask: Option<AskPass>,
    restore: Option<RestoreDialog>,
    browser: Option<FileBrowser>,
    /// The last outcome: success or not, and what to say.
    last: Option<(bool, String)>,
}

impl BackupsCard {
    /// True when `id` is the settings request this card waits for.
    pub(super) fn waits_for(&self, id: RequestId) -> bool {
        matches!(self.settings, Loadable::Loading(w) if w == id)
    }

    pub(super) fn on_settings(
        &mut self,
        id: RequestId,
        r: Result<BackupSettings, CoreError>,
        cx: &Cx<'_>,
    ) {
        if self.settings.accept(id, r, cx.lang) {
            self.list = None;
            self.listing = false;
        }
    }

    fn dir(&self, cx: &Cx<'_>) -> Option<PathBuf> {
        let root = cx.jobs.data_root()?;
        Some(self.settings.ready()?.out_dir(root))
    }

    fn refresh(&mut self, cx: &mut Cx<'_>) {
        let Some(dir) = self.dir(cx) else { return };
        self.listing = true;
        if let Err(e) =
            cx.jobs
                .tasks()
                .spawn(TaskOwner::Maintenance, "list", "task-list", work::list(dir))
        {
            self.list = Some(Err(e.to_string()));
        }
    }

    /// Takes the result of a backup task started here.
    pub(super) fn on_task(&mut self, out: TaskOutput, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        match out {
            TaskOutput::Backups(r) => {
                self.listing = false;
                self.list = Some(r.map_err(|e| e.message(lang)));
                return;
            }
            TaskOutput::Backup(Ok(done)) => {
                let text = if done.verified.is_ok() {
                    cx.tr_args(
                        "maint-backup-done",
                        &[
                            ("file", file_name(&done.created.path).into()),
                            (
                                "size",
                                format::format_bytes(done.created.archive_bytes, lang).into(),
                            ),
                        ],
                    )
                } else {
                    BackupError::Invalid(Box::new(done.verified.clone())).message(lang)
                };
                self.say(done.verified.is_ok(), text, cx);
            }
            TaskOutput::Verified(Ok(r)) => {
                let text = if r.is_ok() {
                    cx.tr_args("maint-verify-ok", &[("file", file_name(&r.path).into())])
                } else {
                    BackupError::Invalid(Box::new(r.clone())).message(lang)
                };
                self.say(r.is_ok(), text, cx);
            }
            TaskOutput::RestorePrepared(Ok(p)) => {
                self.restore = Some(RestoreDialog::new(p));
                self.last = None;
            }
            TaskOutput::Backup(Err(e))
            | TaskOutput::Verified(Err(e))
            | TaskOutput::RestorePrepared(Err(e)) => {
                let ok = matches!(e, BackupError::Cancelled);
                self.say(ok, e.message(lang), cx);
            }
            _ => return,
        }
        self.refresh(cx);
    }

    fn say(&mut self, ok: bool, text: String, cx: &mut Cx<'_>) {
        if ok {
            cx.toast_ok(text.clone());
        } else {
            cx.toast_err(text.lines().next().unwrap_or_default().to_owned());
        }
        self.last = Some((ok, text));
    }

    fn start(&mut self, op: Op, file: PathBuf, pass: Option<Passphrase>, cx: &mut Cx<'_>) {
        let (Some(root), Some(user)) =
            (cx.jobs.data_root().map(ToOwned::to_owned), cx.user.cloned())
        else {
            return;
        };
        self.last = None;
        let spawned = match op {
            Op::Verify => {
                let w = work::verify(root, Box::new(user), file, pass);
                cx.jobs
                    .tasks()
                    .spawn(TaskOwner::Maintenance, "verify", "task-verify", w)
            }
            Op::Restore => match cx.jobs.restore_lock() {
                Ok(lock) => {
                    let w = work::prepare_restore(lock, Some(Box::new(user)), file, pass);
                    cx.jobs.tasks().spawn(
                        TaskOwner::Maintenance,
                        "restore",
                        "task-restore-prepare",
                        w,
                    )
                }
                Err(e) => {
                    let msg = cx.error_text(&e);
                    self.say(false, msg, cx);
                    return;
                }
            },
        };
        if let Err(e) = spawned {
            self.say(false, e.to_string(), cx);
        }
    }

    /// Asks for the passphrase when the file is encrypted, else starts at once.
    fn ask_or_start(&mut self, op: Op, file: PathBuf, encrypted: bool, cx: &mut Cx<'_>) {
        if encrypted {
            self.ask = Some(AskPass {
                file,
                op,
                pass: String::new(),
            });
        } else {
            self.start(op, file, None, cx);
        }
    }

    fn create_backup(&mut self, cx: &mut Cx<'_>) {
        let Some(form) = &mut self.create else { return };
        let pass = if form.encrypt {
            form.errors = new_passphrase_errors(&form.pass, &form.again);
            if !form.errors.is_empty() {
                return;
            }
            Some(Passphrase::new(std::mem::take(&mut form.pass)))
        } else {
            None
        };
        self.create = None;
        let (Some(root), Some(user)) =
            (cx.jobs.data_root().map(ToOwned::to_owned), cx.user.cloned())
        else {
            return;
        };
        self.last = None;
        let now = chrono::Utc::now().timestamp_millis();
        let w = work::create(root, Who::User(Box::new(user)), pass, now, cx.lang);
        if let Err(e) = cx
            .jobs
            .tasks()
            .spawn(TaskOwner::Maintenance, "backup", "task-backup", w)
        {
            self.say(false, e.to_string(), cx);
        }
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.settings, Loadable::Idle) {
            self.settings = Loadable::Loading(cx.submit(Job::Safety(SafetyJob::LoadSettings)));
        }
        if self.list.is_none() && !self.listing {
            self.refresh(cx);
        }
        self.dialogs_ui(ui.ctx(), cx);
        let t = *cx.tokens;
        let busy = backup_task(cx);
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            self.header_ui(ui, cx, busy.is_some());
            if let Some(dir) = self.dir(cx) {
                ui.label(
                    RichText::new(cx.tr_args(
                        "maint-backups-folder",
                        &[("dir", dir.display().to_string().into())],
                    ))
                    .color(t.muted),
                );
            }
            if self.create.is_some() && busy.is_none() {
                self.create_form_ui(ui, cx);
            }
            if self.ask.is_some() && busy.is_none() {
                self.ask_ui(ui, cx);
            }
            if let Some(info) = &busy {
                ui.add_space(6.0);
                if task_progress_ui(ui, &t, cx.lang, info, true) {
                    cx.jobs.tasks_ref().cancel(info.id);
                }
            }
            if let Some((ok, text)) = &self.last {
                let (fg, icon) = if *ok {
                    (t.success, icons::CHECK_CIRCLE)
                } else {
                    (t.danger, icons::WARNING)
                };
                ui.add(egui::Label::new(RichText::new(format!("{icon} {text}")).color(fg)).wrap());
            }
            ui.add_space(6.0);
            self.list_ui(ui, cx, busy.is_some());
        });
    }

    fn header_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, busy: bool) {
        let t = *cx.tokens;
        ui.horizontal(|ui| {
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::ARCHIVE, cx.tr("maint-backups")),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let create = ui
                    .add_enabled_ui(!busy, |ui| {
                        primary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::PLUS, cx.tr("maint-backup-create")),
                        )
                    })
                    .inner;
                if create.clicked() {
                    self.create = Some(CreateForm::default());
                    self.ask = None;
                }
                let from_file = ui
                    .add_enabled_ui(!busy, |ui| {
                        secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::FOLDER_OPEN, cx.tr("maint-restore-file")),
                        )
                    })
                    .inner;
                if from_file.clicked() {
                    let mut places: Vec<PathBuf> = Vec::new();
                    if let Some(d) = self.dir(cx) {
                        places.push(d);
                    }
                    self.browser = Some(FileBrowser::open_kind(
                        ui.ctx(),
                        &cx.tr("maint-restore-file"),
                        BrowseKind::Backups,
                        places,
                    ));
                }
                if ui
                    .add(egui::Button::new(icons::ARROW_CLOCKWISE).frame(false))
                    .on_hover_text(cx.tr("refresh"))
                    .clicked()
                {
                    self.refresh(cx);
                }
            });
        });
    }

    fn create_form_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let mut go = false;
        let mut cancel = false;
        let Some(form) = &mut self.create else { return };
        egui::Frame::new()
            .fill(t.bg)
            .corner_radius(t.radius_small)
            .inner_margin(12)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(cx.tr("maint-backup-create-help")).color(t.text));
                ui.checkbox(&mut form.encrypt, cx.tr("maint-backup-encrypt"));
                if form.encrypt {
                    ui.label(
                        RichText::new(cx.tr("maint-backup-encrypt-help"))
                            .small()
                            .color(t.muted),
                    );
                    let e1 = cx.field_error(&form.errors, "passphrase");
                    let e2 = cx.field_error(&form.errors, "passphrase_again");
                    let (l1, l2) = (cx.tr("maint-passphrase"), cx.tr("maint-passphrase-again"));
                    fixed_width_ui(ui, 420.0, |ui| {
                        text_field_ui(ui, &t, &l1, &mut form.pass, true, e1.as_deref());
                        text_field_ui(ui, &t, &l2, &mut form.again, true, e2.as_deref());
                    });
                }
                ui.horizontal(|ui| {
                    go = primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::ARCHIVE, cx.tr("maint-backup-start")),
                    )
                    .clicked();
                    cancel = secondary_button(ui, &t, &cx.tr("restore-cancel")).clicked();
                });
            });
        if go {
            self.create_backup(cx);
        } else if cancel {
            self.create = None;
        }
    }

    fn ask_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let mut go = false;
        let mut cancel = false;
        let Some(ask) = &mut self.ask else { return };
        egui::Frame::new()
            .fill(t.bg)
            .corner_radius(t.radius_small)
            .inner_margin(12)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(cx.tr_args(
                        "maint-passphrase-for",
                        &[("file", file_name(&ask.file).into())],
                    ))
                    .color(t.text),
                );
                let label = cx.tr("maint-passphrase");
                let r = fixed_width_ui(ui, 420.0, |ui| {
                    text_field_ui(ui, &t, &label, &mut ask.pass, true, None)
                });
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let label = match ask.op {
                        Op::Verify => cx.tr("maint-verify"),
                        Op::Restore => cx.tr("maint-restore"),
                    };
                    go = primary_button(ui, &t, &label).clicked() || enter;
                    cancel = secondary_button(ui, &t, &cx.tr("restore-cancel")).clicked();
                });
            });
        if cancel {
            self.ask = None;
        } else if go && let Some(ask) = self.ask.take() {
            self.start(ask.op, ask.file, Some(Passphrase::new(ask.pass)), cx);
        }
    }

    /// The backups, newest first: one row each — date and badges (verification, encrypted) over
    /// the file's name and size, "Verify" and "Restore" at the right. Two lines rather than six
    /// columns: the card fits a 1024-pixel window.
    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, busy: bool) {
        let t = *cx.tokens;
        let lang = cx.lang;
        let rows = match &self.list {
            None => {
                crate::ui::progress::waiting_ui(ui, &t, lang);
                return;
            }
            Some(Err(e)) => {
                ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger));
                return;
            }
            Some(Ok(rows)) => rows.clone(),
        };
        if rows.is_empty() {
            ui.label(RichText::new(cx.tr("maint-backups-none")).color(t.muted));
            return;
        }
        let mut act: Option<(Op, PathBuf, bool)> = None;
        for (i, b) in rows.iter().enumerate() {
            let fill = if i % 2 == 0 { t.bg } else { t.card };
            egui::Frame::new()
                .fill(fill)
                .corner_radius(t.radius_small)
                .inner_margin(egui::Margin::symmetric(10, 6))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.vertical(|ui| {
                            ui.horizontal(|ui| {
                                let when = rpma_core::safety::status::created_ms(b, cx.tz);
                                ui.label(
                                    RichText::new(format::format_datetime(when, cx.tz, lang))
                                        .strong()
                                        .color(t.heading),
                                );
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
                                if b.encrypted {
                                    let text =
                                        format!("{} {}", icons::LOCK, cx.tr("maint-encrypted"));
                                    badge_ui(ui, &text, t.accent_hover, t.accent_soft);
                                }
                            });
                            ui.label(
                                RichText::new(format!(
                                    "{} · {}",
                                    file_name(&b.path),
                                    format::format_bytes(b.bytes, lang)
                                ))
                                .small()
                                .color(t.muted),
                            );
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.add_enabled_ui(!busy, |ui| {
                                let restore = format!(
                                    "{} {}",
                                    icons::ARROW_COUNTER_CLOCKWISE,
                                    cx.tr("maint-restore")
                                );
                                if ui.button(restore).clicked() {
                                    act = Some((Op::Restore, b.path.clone(), b.encrypted));
                                }
                                let verify =
                                    format!("{} {}", icons::SHIELD_CHECK, cx.tr("maint-verify"));
                                if ui.button(verify).clicked() {
                                    act = Some((Op::Verify, b.path.clone(), b.encrypted));
                                }
                            });
                        });
                    });
                });
        }
        if let Some((op, file, encrypted)) = act {
            self.create = None;
            self.ask_or_start(op, file, encrypted, cx);
        }
    }

    /// The restore question and the file browser, when open.
    fn dialogs_ui(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if let Some(dialog) = &mut self.restore {
            match dialog.ui(ctx, &t, cx.lang, cx.tz) {
                RestoreAnswer::Open => {}
                RestoreAnswer::Cancelled => {
                    self.restore = None;
                    self.say(true, cx.tr("maint-restore-cancelled"), cx);
                }
                RestoreAnswer::Confirmed(p) => {
                    self.restore = None;
                    if let Err(e) = cx.jobs.start_swap(SwapIn::Prepared(p)) {
                        self.say(false, e.to_string(), cx);
                    }
                }
            }
        }
        if let Some(b) = &mut self.browser {
            match b.ui(ctx, &t, cx.lang) {
                BrowserOutcome::Open => {}
                BrowserOutcome::Cancelled => self.browser = None,
                BrowserOutcome::Picked(files) => {
                    self.browser = None;
                    if let Some(f) = files.into_iter().next() {
                        let encrypted = backup::is_encrypted_file(&f).unwrap_or(false);
                        self.ask_or_start(Op::Restore, f, encrypted, cx);
                    }
                }
            }
        }
    }
}

/// A file's name, for messages.
pub fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
