//! A background task's progress where it was started: what it does, a bar with its percentage,
//! and its cancel button. Nothing here animates: the screen is repainted when the task reports
//! progress (at most ten times a second), not sixty times a second while it runs.

use egui::{RichText, Ui};
use rpma_core::Lang;

use super::icons;
use super::theme::Tokens;
use super::widgets::secondary_button;
use crate::tasks::TaskInfo;

/// The task's percentage, when known.
pub fn percent(info: &TaskInfo) -> Option<u32> {
    info.progress
        .fraction
        .map(|f| (f * 100.0).round().clamp(0.0, 100.0) as u32)
}

/// Draws `info`'s progress; returns true when its cancel button was pressed (`cancellable`).
pub fn task_progress_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    info: &TaskInfo,
    cancellable: bool,
) -> bool {
    let mut cancel = false;
    egui::Frame::new()
        .fill(t.accent_soft)
        .corner_radius(t.radius_small)
        .inner_margin(12)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::HOURGLASS).color(t.accent_hover));
                let mut what = lang.tr(info.progress.label_key);
                if info.cancelling {
                    what = lang.tr("task-cancelling");
                }
                ui.label(RichText::new(what).strong().color(t.heading));
                if let Some(p) = percent(info) {
                    ui.label(RichText::new(format!("{p} %")).color(t.muted));
                }
                if cancellable && !info.cancelling {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        cancel = secondary_button(
                            ui,
                            t,
                            &format!("{} {}", icons::X, lang.tr("task-cancel")),
                        )
                        .clicked();
                    });
                }
            });
            ui.add(
                egui::ProgressBar::new(info.progress.fraction.unwrap_or(0.0))
                    .desired_height(8.0)
                    .fill(t.accent),
            );
            if !info.progress.detail.is_empty() {
                ui.label(
                    RichText::new(&info.progress.detail)
                        .small()
                        .monospace()
                        .color(t.muted),
                );
            }
        });
    cancel
}

/// "Loading…" for data a background task is reading (still: no animation to repaint for).
pub fn waiting_ui(ui: &mut Ui, t: &Tokens, lang: Lang) {
    ui.label(RichText::new(format!("{} {}", icons::HOURGLASS, lang.tr("loading"))).color(t.muted));
}
