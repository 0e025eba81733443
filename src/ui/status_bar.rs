//! The status bar at the bottom of the window: who is signed in, the data folder, the sync state,
//! a spinner while the worker is busy, a background task with its percentage, "read-only" when
//! the disk refused the last write, a backup alert, the version and, in kiosk mode, the way out. A kiosk
//! terminal on the shop floor does not show where its data lives (anyone walking by reads it):
//! the path is left out there, and stays on the About screen for admins.

use std::path::Path;

use egui::{RichText, Ui};
use rpma_core::Lang;
use rpma_core::users::User;

use super::icons;
use super::theme::Tokens;
use crate::app::role_key;

/// What the status bar says about data safety.
#[derive(Debug, Clone, Default)]
pub struct StatusSafety {
    /// A background task running: its name and percentage.
    pub task: Option<(String, Option<u32>)>,
    /// The disk refused the last write (full, read-only): nothing can be saved now.
    pub fault: Option<rpma_core::fault::StorageFault>,
    /// A backup problem (failed, or older than the schedule allows), in words.
    pub alert: Option<String>,
    /// The sync with the shop's hub (None: this terminal does not sync, or not known yet).
    pub sync: Option<SyncBadge>,
}

/// How the sync state looks in the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncTone {
    /// Synced.
    Ok,
    /// Own changes wait to be sent.
    Warn,
    /// A round is running.
    Busy,
    /// Offline or refused.
    Error,
}

/// The sync state in words: the text, the hover text (server, last sync, the error's reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncBadge {
    /// Short text ("Synchronisé à 10:32", "3 en attente", "Hors ligne"…).
    pub text: String,
    /// Details on hover.
    pub hover: String,
    /// Its colour.
    pub tone: SyncTone,
}

/// What the status bar shows.
#[derive(Debug, Clone, Copy)]
pub struct StatusBar<'a> {
    /// Design tokens.
    pub tokens: &'a Tokens,
    /// UI language.
    pub lang: Lang,
    /// The signed-in user, if any.
    pub user: Option<&'a User>,
    /// The data folder (`None`: an in-memory database).
    pub data_dir: Option<&'a Path>,
    /// Kiosk mode: touch-sized, no data folder, a button to leave kiosk mode.
    pub kiosk: bool,
    /// The database worker has work queued.
    pub busy: bool,
    /// Background tasks, the disk, the backups.
    pub safety: &'a StatusSafety,
}

impl StatusBar<'_> {
    /// Draws the bar as a bottom panel. Returns true when "leave kiosk mode" was pressed.
    pub fn ui(&self, ui: &mut Ui) -> bool {
        let t = self.tokens;
        // Touch-sized in kiosk mode: its "leave kiosk mode" button must be reachable by finger.
        let height = if self.kiosk { t.hit + 12.0 } else { 28.0 };
        let mut exit = false;
        egui::Panel::bottom("status")
            .exact_size(height)
            .frame(
                egui::Frame::new()
                    .fill(t.sidebar)
                    .inner_margin(egui::Margin::symmetric(12, 4))
                    .stroke(egui::Stroke::new(1.0, t.card_stroke)),
            )
            .show(ui, |ui| {
                ui.horizontal_centered(|ui| {
                    self.left_ui(ui);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let small = |s: String| RichText::new(s).small().color(t.muted);
                        ui.label(small(format!("RPMA {}", env!("CARGO_PKG_VERSION"))));
                        if self.kiosk {
                            ui.separator();
                            let text =
                                format!("{} {}", icons::LOCK, self.lang.tr("kiosk-exit-open"));
                            exit = ui
                                .add(
                                    egui::Button::new(RichText::new(text).small().color(t.muted))
                                        .frame(false),
                                )
                                .clicked();
                        }
                    });
                });
            });
        exit
    }

    /// Who, where (not in kiosk mode), sync, busy.
    fn left_ui(&self, ui: &mut Ui) {
        let t = self.tokens;
        let small = |s: String| RichText::new(s).small().color(t.muted);
        match self.user {
            Some(u) => ui.label(small(format!(
                "{} {} · {}",
                icons::USER,
                u.display_name,
                self.lang.tr(role_key(u.role))
            ))),
            None => ui.label(small(format!(
                "{} {}",
                icons::LOCK,
                self.lang.tr("status-signed-out")
            ))),
        };
        ui.separator();
        if !self.kiosk {
            let dir = self
                .data_dir
                .map_or_else(|| ":memory:".into(), |p| p.display().to_string());
            ui.label(small(format!("{} {dir}", icons::FOLDER)))
                .on_hover_text(self.lang.tr("maint-data-dir"));
            ui.separator();
        }
        match &self.safety.sync {
            Some(b) => {
                let colour = match b.tone {
                    SyncTone::Ok => t.success,
                    SyncTone::Warn => t.warning,
                    SyncTone::Busy => t.accent_hover,
                    SyncTone::Error => t.danger,
                };
                ui.label(
                    RichText::new(format!("{} {}", icons::PULSE, b.text))
                        .small()
                        .color(colour),
                )
                .on_hover_text(&b.hover);
            }
            None => {
                ui.label(small(format!(
                    "{} {}",
                    icons::PULSE,
                    self.lang.tr("status-sync-local")
                )));
            }
        }
        if self.busy {
            ui.separator();
            ui.spinner();
        }
        self.safety_ui(ui);
    }

    /// A task running, "read-only", a backup alert.
    fn safety_ui(&self, ui: &mut Ui) {
        let t = self.tokens;
        let s = self.safety;
        if let Some((name, pct)) = &s.task {
            ui.separator();
            ui.label(
                RichText::new(icons::HOURGLASS)
                    .small()
                    .color(t.accent_hover),
            );
            let text = match pct {
                Some(p) => format!("{name} {p} %"),
                None => name.clone(),
            };
            ui.label(RichText::new(text).small().color(t.muted));
        }
        if let Some(fault) = s.fault {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    icons::WARNING,
                    self.lang.tr("status-read-only")
                ))
                .small()
                .strong()
                .color(t.danger),
            )
            .on_hover_text(self.lang.tr(rpma_core::fault::db_message_key(fault)));
        }
        if let Some(alert) = &s.alert {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    icons::WARNING,
                    self.lang.tr("status-backup-alert")
                ))
                .small()
                .strong()
                .color(t.warning),
            )
            .on_hover_text(alert);
        }
    }
}
