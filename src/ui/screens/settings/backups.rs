//! Settings → Backups (admins): when backups run by themselves (off, daily at a time, every N
//! hours, when RPMA closes), where they go (the data folder's `backups`, or a folder picked with
//! the in-app browser: a USB disk, a network share), how many are kept, and whether scheduled
//! backups are encrypted. Saved on its own ("Save" of this tab); the core checks everything —
//! the folder on disk included — and nothing changes when it refuses.

use std::path::PathBuf;

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::backup::retention::RetentionPolicy;
use rpma_core::backup::schedule::ScheduleSpec;
use rpma_core::safety::settings::{
    BackupSettings, BackupSettingsDraft, EVERY_HOURS_RANGE, KEEP_RANGE,
};
use rpma_core::validate::FieldErrors;

use crate::jobs::safety::{SafetyEvent, SafetyJob};
use crate::jobs::{Job, RequestId};
use crate::ui::file_browser::{BrowseKind, BrowserOutcome, FileBrowser};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{
    badge_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Cx, icons};

/// The page does not grow wider than this (as the other tabs).
const MAX_WIDTH: f32 = 1000.0;

/// A field of a fixed width, under its radio button.
fn narrow_ui<R>(ui: &mut Ui, width: f32, f: impl FnOnce(&mut Ui) -> R) -> R {
    ui.horizontal(|ui| {
        ui.add_space(24.0);
        crate::ui::widgets::fixed_width_ui(ui, width, f)
    })
    .inner
}

/// How backups run by themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Off,
    Daily,
    EveryHours,
    OnExit,
}

/// The tab's draft, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    mode: Mode,
    time: String,
    hours: String,
    elsewhere: bool,
    dest: String,
    daily: String,
    weekly: String,
    monthly: String,
    encrypt: bool,
    has_sealed: bool,
    change_pass: bool,
    pass: String,
    again: String,
}

impl Form {
    fn from(s: &BackupSettings) -> Self {
        let (mode, time, hours) = match s.schedule {
            None => (Mode::Off, "20:00".to_owned(), "6".to_owned()),
            Some(ScheduleSpec::Daily { hour, minute }) => (
                Mode::Daily,
                format!("{hour:02}:{minute:02}"),
                "6".to_owned(),
            ),
            Some(ScheduleSpec::EveryHours { hours }) => {
                (Mode::EveryHours, "20:00".to_owned(), hours.to_string())
            }
            Some(ScheduleSpec::OnExit) => (Mode::OnExit, "20:00".to_owned(), "6".to_owned()),
        };
        Self {
            mode,
            time,
            hours,
            elsewhere: s.destination.is_some(),
            dest: s
                .destination
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            daily: s.retention.daily.to_string(),
            weekly: s.retention.weekly.to_string(),
            monthly: s.retention.monthly.to_string(),
            encrypt: s.encrypt,
            has_sealed: s.has_passphrase(),
            change_pass: false,
            pass: String::new(),
            again: String::new(),
        }
    }

    /// The draft for the core, and the fields whose text is not a number.
    fn build(&self) -> (BackupSettingsDraft, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut num = |text: &str, field: &'static str| match text.trim().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                errors.add(field, "settings-err-number");
                0
            }
        };
        let schedule = match self.mode {
            Mode::Off => None,
            Mode::OnExit => Some(ScheduleSpec::OnExit),
            Mode::EveryHours => Some(ScheduleSpec::EveryHours {
                hours: num(&self.hours, "every_hours"),
            }),
            Mode::Daily => {
                // A time that does not read as one is out of range: the core says so.
                let (hour, minute) =
                    rpma_core::settings::parse_hhmm(self.time.trim()).map_or((99, 99), |t| {
                        use chrono::Timelike as _;
                        (t.hour(), t.minute())
                    });
                Some(ScheduleSpec::Daily { hour, minute })
            }
        };
        let retention = RetentionPolicy {
            daily: num(&self.daily, "keep_daily"),
            weekly: num(&self.weekly, "keep_weekly"),
            monthly: num(&self.monthly, "keep_monthly"),
        };
        let typed = self.encrypt && (!self.has_sealed || self.change_pass);
        (
            BackupSettingsDraft {
                settings: BackupSettings {
                    schedule,
                    destination: (self.elsewhere).then(|| PathBuf::from(self.dest.trim())),
                    retention,
                    encrypt: self.encrypt,
                    sealed_passphrase: None,
                },
                passphrase: if typed {
                    self.pass.clone()
                } else {
                    String::new()
                },
                passphrase_again: if typed {
                    self.again.clone()
                } else {
                    String::new()
                },
            },
            errors,
        )
    }
}

/// State of the tab.
#[derive(Debug, Default)]
pub struct BackupsTab {
    loaded: Loadable<BackupSettings>,
    form: Option<Form>,
    errors: FieldErrors,
    general_error: Option<String>,
    pending: Option<RequestId>,
    browser: Option<FileBrowser>,
    /// The off-site copy, saved on its own.
    remote: super::remote::RemoteCard,
}

impl BackupsTab {
    /// Takes replies addressed to this tab; returns the others.
    pub fn on_event(
        &mut self,
        id: RequestId,
        ev: SafetyEvent,
        cx: &mut Cx<'_>,
    ) -> Option<SafetyEvent> {
        let ev = self.remote.on_event(id, ev, cx)?;
        match ev {
            SafetyEvent::Settings(r) if matches!(self.loaded, Loadable::Loading(w) if w == id) => {
                self.loaded.accept(id, r, cx.lang);
                if let Some(s) = self.loaded.ready() {
                    self.form = Some(Form::from(s));
                }
                None
            }
            SafetyEvent::SettingsSaved(r) if self.pending == Some(id) => {
                self.pending = None;
                match r {
                    Ok(saved) => {
                        self.form = Some(Form::from(&saved));
                        self.loaded = Loadable::Ready(saved);
                        self.errors = FieldErrors::new();
                        self.general_error = None;
                        cx.toast_ok(cx.tr("backup-settings-saved"));
                    }
                    Err(CoreError::Invalid(f)) => {
                        self.errors = f;
                        self.general_error = None;
                    }
                    Err(e) => {
                        let msg = cx.error_text(&e);
                        cx.toast_err(msg.clone());
                        self.general_error = Some(msg);
                    }
                }
                None
            }
            other => Some(other),
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let (Some(_), Some(form)) = (cx.user, &self.form) else {
            return;
        };
        let (draft, not_numbers) = form.build();
        if !not_numbers.is_empty() {
            self.errors = not_numbers;
            return;
        }
        self.errors = FieldErrors::new();
        self.general_error = None;
        self.pending = Some(cx.submit(Job::Safety(SafetyJob::SaveSettings {
            draft: Box::new(draft),
        })));
    }

    /// Takes the result of one of its background tasks.
    pub fn on_task(&mut self, out: crate::tasks::backup::TaskOutput, cx: &Cx<'_>) {
        self.remote.on_task(out, cx);
    }

    fn dirty(&self) -> bool {
        match (&self.form, self.loaded.ready()) {
            (Some(f), Some(s)) => *f != Form::from(s),
            _ => false,
        }
    }

    /// Draws the tab: the bar (saved or not, save, discard), then the cards, which scroll.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.loaded, Loadable::Idle) {
            self.loaded = Loadable::Loading(cx.submit(Job::Safety(SafetyJob::LoadSettings)));
        }
        let (_, retry) = self.loaded.ui(ui, cx);
        if retry {
            self.loaded = Loadable::Idle;
            return;
        }
        if self.form.is_none() {
            return;
        }
        self.browser_ui(ui.ctx(), cx);
        self.action_bar_ui(ui, cx);
        ui.add_space(cx.tokens.gap * 0.5);
        let mut browse = false;
        egui::ScrollArea::vertical()
            .id_salt("settings_backups_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(MAX_WIDTH));
                browse = self.cards_ui(ui, cx);
                self.remote.ui(ui, cx);
            });
        if browse {
            self.browser = Some(FileBrowser::open_kind(
                ui.ctx(),
                &cx.tr("backup-set-destination"),
                BrowseKind::Folder,
                Vec::new(),
            ));
        }
    }

    /// The four cards; true when "Browse…" was pressed.
    fn cards_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> bool {
        let t = *cx.tokens;
        let lang = cx.lang;
        let errors = self.errors.clone();
        let err = |f: &str| cx.field_error(&errors, f);
        let root = cx
            .jobs
            .data_root()
            .map(|r| r.join("backups").display().to_string())
            .unwrap_or_default();
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        let mut browse = false;
        let card =
            |ui: &mut Ui, icon: &str, title: &str, hint: &str, body: &mut dyn FnMut(&mut Ui)| {
                t.card_frame().show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    section_title_ui(ui, &t, &format!("{icon} {title}"));
                    ui.label(RichText::new(hint).color(t.muted));
                    ui.add_space(6.0);
                    body(ui);
                });
                ui.add_space(t.gap);
            };
        let range = |(min, max): (u32, u32)| {
            RichText::new(lang.tr_args(
                "settings-range-hint",
                &[
                    ("min", i64::from(min).into()),
                    ("max", i64::from(max).into()),
                ],
            ))
            .small()
            .color(t.muted)
        };
        let e_time = err("schedule_time");
        let e_hours = err("every_hours");
        card(
            ui,
            icons::CLOCK,
            &lang.tr("backup-set-schedule"),
            &lang.tr("backup-set-schedule-hint"),
            &mut |ui| {
                ui.radio_value(&mut form.mode, Mode::Off, lang.tr("backup-set-off"));
                ui.radio_value(&mut form.mode, Mode::Daily, lang.tr("backup-set-daily"));
                if form.mode == Mode::Daily {
                    narrow_ui(ui, 200.0, |ui| {
                        let label = lang.tr("backup-set-time");
                        text_field_ui(ui, &t, &label, &mut form.time, false, e_time.as_deref());
                    });
                }
                let every = lang.tr("backup-set-every");
                ui.radio_value(&mut form.mode, Mode::EveryHours, every);
                if form.mode == Mode::EveryHours {
                    narrow_ui(ui, 200.0, |ui| {
                        let label = lang.tr("backup-set-hours");
                        text_field_ui(ui, &t, &label, &mut form.hours, false, e_hours.as_deref());
                        if e_hours.is_none() {
                            ui.label(range(EVERY_HOURS_RANGE));
                        }
                    });
                }
                ui.radio_value(&mut form.mode, Mode::OnExit, lang.tr("backup-set-on-exit"));
            },
        );
        let e_dest = err("destination");
        card(
            ui,
            icons::HARD_DRIVES,
            &lang.tr("backup-set-destination"),
            &lang.tr("backup-set-destination-hint"),
            &mut |ui| {
                let default =
                    lang.tr_args("backup-set-dest-default", &[("dir", root.as_str().into())]);
                ui.radio_value(&mut form.elsewhere, false, default);
                ui.radio_value(&mut form.elsewhere, true, lang.tr("backup-set-dest-other"));
                if form.elsewhere {
                    narrow_ui(ui, (ui.available_width() - 24.0).max(200.0), |ui| {
                        let label = lang.tr("backup-set-dest-path");
                        text_field_ui(ui, &t, &label, &mut form.dest, false, e_dest.as_deref());
                        let text =
                            format!("{} {}", icons::FOLDER_OPEN, lang.tr("backup-set-browse"));
                        browse = secondary_button(ui, &t, &text).clicked();
                    });
                } else if let Some(e) = &e_dest {
                    ui.label(RichText::new(e).color(t.danger).small());
                }
            },
        );
        let keep = [
            ("backup-set-keep-daily", err("keep_daily")),
            ("backup-set-keep-weekly", err("keep_weekly")),
            ("backup-set-keep-monthly", err("keep_monthly")),
        ];
        card(
            ui,
            icons::ARCHIVE,
            &lang.tr("backup-set-retention"),
            &lang.tr("backup-set-retention-hint"),
            &mut |ui| {
                ui.horizontal_top(|ui| {
                    let values = [&mut form.daily, &mut form.weekly, &mut form.monthly];
                    for ((key, e), value) in keep.iter().zip(values) {
                        ui.vertical(|ui| {
                            ui.set_width(160.0);
                            text_field_ui(ui, &t, &lang.tr(key), value, false, e.as_deref());
                        });
                    }
                });
                ui.label(range(KEEP_RANGE));
            },
        );
        let (e_pass, e_again) = (err("passphrase"), err("passphrase_again"));
        card(
            ui,
            icons::LOCK,
            &lang.tr("backup-set-encryption"),
            &lang.tr("backup-set-encryption-hint"),
            &mut |ui| {
                ui.checkbox(&mut form.encrypt, lang.tr("backup-set-encrypt"));
                if !form.encrypt {
                    return;
                }
                if form.has_sealed && !form.change_pass {
                    ui.horizontal(|ui| {
                        let kept = format!("{} {}", icons::KEY, lang.tr("backup-set-pass-kept"));
                        ui.label(RichText::new(kept).color(t.success));
                        if secondary_button(ui, &t, &lang.tr("backup-set-pass-change")).clicked() {
                            form.change_pass = true;
                        }
                    });
                    return;
                }
                narrow_ui(ui, 360.0, |ui| {
                    let (l1, l2) = (
                        lang.tr("maint-passphrase"),
                        lang.tr("maint-passphrase-again"),
                    );
                    text_field_ui(ui, &t, &l1, &mut form.pass, true, e_pass.as_deref());
                    text_field_ui(ui, &t, &l2, &mut form.again, true, e_again.as_deref());
                });
            },
        );
        browse
    }

    /// The bar above the cards: saved or not, save and discard, what the core refused.
    fn action_bar_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let dirty = self.dirty();
        let busy = self.pending.is_some();
        let mut save = false;
        let mut discard = false;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(MAX_WIDTH - 32.0));
                ui.horizontal(|ui| {
                    if busy {
                        ui.spinner();
                        ui.label(RichText::new(cx.tr("saving")).color(t.muted));
                    } else if dirty {
                        let text = format!("{} {}", icons::WARNING, cx.tr("settings-unsaved"));
                        badge_ui(ui, &text, t.warning, t.warning_soft);
                    } else {
                        let text =
                            format!("{} {}", icons::CHECK_CIRCLE, cx.tr("settings-all-saved"));
                        ui.label(RichText::new(text).color(t.muted));
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let text = format!("{} {}", icons::FLOPPY_DISK, cx.tr("backup-set-save"));
                        save = ui
                            .add_enabled_ui(dirty && !busy, |ui| primary_button(ui, &t, &text))
                            .inner
                            .clicked();
                        let text =
                            format!("{} {}", icons::ARROW_U_UP_LEFT, cx.tr("backup-set-discard"));
                        discard = ui
                            .add_enabled_ui(dirty && !busy, |ui| secondary_button(ui, &t, &text))
                            .inner
                            .clicked();
                    });
                });
                if !self.errors.is_empty() {
                    let text = format!("{} {}", icons::WARNING, cx.tr("form-has-errors"));
                    ui.label(RichText::new(text).color(t.danger));
                }
                if let Some(g) = &self.general_error {
                    ui.label(RichText::new(format!("{} {g}", icons::WARNING)).color(t.danger));
                }
            });
        if save {
            self.save(cx);
        }
        if discard && let Some(s) = self.loaded.ready() {
            self.form = Some(Form::from(s));
            self.errors = FieldErrors::new();
            self.general_error = None;
        }
    }

    fn browser_ui(&mut self, ctx: &egui::Context, cx: &Cx<'_>) {
        let Some(b) = &mut self.browser else { return };
        match b.ui(ctx, cx.tokens, cx.lang) {
            BrowserOutcome::Open => {}
            BrowserOutcome::Cancelled => self.browser = None,
            BrowserOutcome::Picked(dirs) => {
                self.browser = None;
                if let (Some(d), Some(form)) = (dirs.into_iter().next(), self.form.as_mut()) {
                    form.dest = d.display().to_string();
                    form.elsewhere = true;
                }
            }
        }
    }
}
