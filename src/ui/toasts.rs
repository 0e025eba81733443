//! Short messages in the bottom-right corner: confirmations and errors.

use std::time::Duration;

use egui::{Align2, RichText};

use super::icons;
use super::theme::Tokens;

/// How bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something worked.
    Success,
    /// Something to know.
    Info,
    /// Something failed.
    Error,
}

/// One message.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    /// Severity.
    pub level: Level,
    /// Text, already translated.
    pub text: String,
}

impl Toast {
    /// A confirmation.
    pub fn success(text: String) -> Self {
        Self {
            level: Level::Success,
            text,
        }
    }

    /// An error.
    pub fn error(text: String) -> Self {
        Self {
            level: Level::Error,
            text,
        }
    }

    /// Information.
    pub fn info(text: String) -> Self {
        Self {
            level: Level::Info,
            text,
        }
    }
}

/// The visible toasts with their expiry (egui time, seconds).
#[derive(Debug, Default)]
pub struct Toasts {
    items: Vec<(Toast, f64)>,
}

impl Toasts {
    /// Shows a toast: errors stay 8 s, others 4 s.
    pub fn add(&mut self, toast: Toast, now: f64) {
        let ttl = if toast.level == Level::Error {
            8.0
        } else {
            4.0
        };
        self.items.push((toast, now + ttl));
    }

    /// The toasts now visible (for tests).
    pub fn visible(&self) -> impl Iterator<Item = &Toast> {
        self.items.iter().map(|(t, _)| t)
    }

    /// Draws them and schedules the repaint that removes the next one (no repaint otherwise).
    pub fn ui(&mut self, ctx: &egui::Context, tokens: &Tokens, close_label: &str) {
        let now = ctx.input(|i| i.time);
        self.items.retain(|(_, until)| *until > now);
        if let Some(next) = self.items.iter().map(|(_, u)| *u).reduce(f64::min) {
            ctx.request_repaint_after(Duration::from_secs_f64((next - now).max(0.05)));
        }
        let mut close = None;
        egui::Area::new(egui::Id::unique("rpma-toasts"))
            .anchor(Align2::RIGHT_BOTTOM, [-16.0, -40.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (i, (t, _)) in self.items.iter().enumerate() {
                    let (icon, fg, bg) = match t.level {
                        Level::Success => {
                            (icons::CHECK_CIRCLE, tokens.success, tokens.success_soft)
                        }
                        Level::Info => (icons::INFO, tokens.heading, tokens.card),
                        Level::Error => (icons::X_CIRCLE, tokens.danger, tokens.danger_soft),
                    };
                    tokens
                        .card_frame()
                        .fill(bg)
                        .inner_margin(12)
                        .show(ui, |ui| {
                            ui.set_max_width(380.0);
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(icon).color(fg).size(18.0));
                                ui.label(RichText::new(&t.text).color(fg));
                                if ui
                                    .small_button(icons::X)
                                    .on_hover_text(close_label)
                                    .clicked()
                                {
                                    close = Some(i);
                                }
                            });
                        });
                }
            });
        if let Some(i) = close
            && i < self.items.len()
        {
            self.items.remove(i);
        }
    }
}
