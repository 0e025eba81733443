//! Adding photos to the step on show: the system's file dialog, the in-app file browser (always
//! in kiosk mode, and as soon as the system dialog turns out to be missing), drag and drop, and
//! the watched folder (pointed at the intervention on show; the photo thread and the database do
//! the rest, whatever the screen).
//!
//! Several files added at once fill the step's named shots in order: the first one the shot the
//! user picked (if any), then the shots still missing, in template order, then untagged
//! ([`ShotChoice::NextMissing`], resolved by the core as each one is attached).

use std::path::PathBuf;

use egui::{RichText, Ui};
use rpma_core::interventions::{Intervention, ShotChoice};

use super::photos::PhotoPanel;
use crate::jobs::Job;
use crate::jobs::atelier::AtelierJob;
use crate::photo_import::{BATCH_TITLE_KEY, ImportTarget, Origin};
use crate::tasks::TaskOwner;
use crate::ui::file_browser::{BrowsePolicy, BrowserOutcome, FileBrowser};
use crate::ui::system_dialog::DialogOutcome;
use crate::ui::toasts::Toast;
use crate::ui::widgets::{primary_button, secondary_button};
use crate::ui::{Command, Cx, icons};

/// Extensions the system dialog offers (the photo store takes JPEG and PNG).
const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"];

impl PhotoPanel {
    /// Where added photos go (the step on show, when it can take them), and points the watched
    /// folder at the intervention on show (once; the core refuses whoever may not add photos).
    pub(super) fn set_target(
        &mut self,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        step: usize,
        can_edit: bool,
    ) {
        self.target = can_edit.then(|| ImportTarget {
            intervention_id: iv.id.clone(),
            step,
            shot: ShotChoice::None,
            zone_id: None,
        });
        if iv.status.is_active() && self.watch_asked.as_ref() != Some(&iv.id) && cx.user.is_some() {
            self.watch_asked = Some(iv.id.clone());
            self.watching = false;
            self.watch_req =
                Some(cx.submit(Job::Atelier(AtelierJob::WatchHere { id: iv.id.clone() })));
        }
    }

    /// Sends files to the photo thread for the step on show, filling its shots in order.
    pub(super) fn import_files(&mut self, cx: &mut Cx<'_>, paths: Vec<PathBuf>, origin: Origin) {
        if paths.is_empty() {
            return;
        }
        let Some(target) = self.target.clone() else {
            cx.push(Command::Toast(Toast::error(cx.tr("photo-drop-not-now"))));
            return;
        };
        if cx.jobs.photos().is_none() {
            return;
        }
        let items: Vec<(ImportTarget, PathBuf)> = paths
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let shot = match (&self.shot, i) {
                    (Some(s), 0) => ShotChoice::Named(s.clone()),
                    _ => ShotChoice::NextMissing,
                };
                let t = ImportTarget {
                    shot,
                    ..target.clone()
                };
                (t, p)
            })
            .collect();
        // One task the user sees (status bar, the bar in the card, cancel between files).
        let task = cx.jobs.tasks().external(TaskOwner::Photos, BATCH_TITLE_KEY);
        self.batches.push(task.id());
        self.importing += items.len();
        if let Some(ps) = cx.jobs.photos() {
            ps.import_batch(items, origin, task);
        }
        self.shot = None;
        self.last_error = None;
    }

    /// Files dropped on the window.
    pub(super) fn take_dropped(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let dropped = ui.ctx().input(|i| i.raw.dropped_files.clone());
        if dropped.is_empty() {
            return;
        }
        let paths: Vec<PathBuf> = dropped
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if self.target.is_none() {
            cx.push(Command::Toast(Toast::error(cx.tr("photo-drop-not-now"))));
            return;
        }
        self.import_files(cx, paths, Origin::Drop);
    }

    /// Opens the in-app browser, with a notice on top (why it opened) when given.
    fn open_browser(&mut self, ctx: &egui::Context, cx: &Cx<'_>, notice: Option<String>) {
        let mut b = FileBrowser::open(ctx, &cx.tr("photo-dialog-title"), true);
        if let Some(n) = notice {
            b.set_notice(n);
        }
        self.browser = Some(b);
    }

    /// The system dialog's outcome, and the in-app browser (drawn here while open).
    pub(super) fn take_picked(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>) {
        match self.dialog.poll() {
            Some(DialogOutcome::Picked(paths)) => self.import_files(cx, paths, Origin::Dialog),
            Some(DialogOutcome::Unavailable) => {
                // No portal, no zenity: say so, and offer the in-app browser at once.
                let msg = cx.tr("file-dialog-unavailable");
                self.open_browser(ctx, cx, Some(msg));
            }
            Some(DialogOutcome::Cancelled) | None => {}
        }
        let Some(b) = &mut self.browser else {
            return;
        };
        match b.ui(ctx, cx.tokens, cx.lang) {
            BrowserOutcome::Open => {}
            BrowserOutcome::Cancelled => self.browser = None,
            BrowserOutcome::Picked(paths) => {
                self.browser = None;
                self.import_files(cx, paths, Origin::Dialog);
            }
        }
    }

    /// "Add photos" (the system dialog; the in-app browser in kiosk mode) and, outside kiosk
    /// mode, "USB stick, card…" (the in-app browser), in a right-to-left layout.
    pub(super) fn add_buttons_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let browser_first = BrowsePolicy::of(ui.ctx()).browser_first();
        let busy = self.dialog.busy() || self.browser.is_some();
        let add = ui
            .add_enabled_ui(!busy, |ui| {
                primary_button(ui, &t, &format!("{} {}", icons::PLUS, cx.tr("photo-add")))
            })
            .inner;
        if add.clicked() {
            if browser_first {
                self.open_browser(ui.ctx(), cx, None);
            } else {
                let filter = cx.tr("file-dialog-images");
                self.dialog.open(
                    ui.ctx(),
                    &cx.tr("photo-dialog-title"),
                    (&filter, PHOTO_EXTENSIONS),
                    true,
                );
            }
        }
        if !browser_first {
            let browse = ui
                .add_enabled_ui(!busy, |ui| {
                    secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::HARD_DRIVES, cx.tr("photo-browse")),
                    )
                })
                .inner;
            if browse.clicked() {
                self.open_browser(ui.ctx(), cx, None);
            }
        }
        if self.dialog.busy() {
            // The dialog's thread wakes the UI when it closes: no animation needed meanwhile.
            ui.label(RichText::new(icons::HOURGLASS).color(t.muted));
        }
    }

    /// Where the watched folder is and whether it feeds this step; files waiting in it.
    pub(super) fn folder_hint_ui(&self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Some(ps) = cx.jobs.photos() else {
            return;
        };
        let folder = ps.watch_folder().display().to_string();
        let waiting = ps.waiting();
        let text = if self.watching {
            cx.tr_args("photo-drop-hint", &[("folder", folder.into())])
        } else {
            cx.tr("photo-drop-hint-plain")
        };
        ui.label(RichText::new(text).small().color(t.muted));
        if waiting > 0 {
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    icons::HOURGLASS,
                    cx.tr_args(
                        "photo-folder-waiting",
                        &[("count", i64::try_from(waiting).unwrap_or(0).into())]
                    )
                ))
                .small()
                .color(t.warning),
            );
        }
    }
}
