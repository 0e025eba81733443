//! What the app does when its database worker fails: a job that panicked is reported in a toast
//! (its work was not saved, the next one runs); a worker that stopped for good puts up the fatal
//! card instead of every screen, so that nothing more is typed into an app that cannot save it.

use egui::Ui;
use rpma_core::Lang;
use rpma_core::i18n::Arg;

use super::{App, Phase};
use crate::ui::Command;
use crate::ui::theme::Tokens;
use crate::ui::toasts::{Toast, Toasts};

impl App {
    /// A job's handler panicked ([`crate::jobs::JobEvent::Failed`]).
    pub(super) fn job_failed(&mut self, ctx: &egui::Context) {
        self.parts.commands.push(Command::Toast(Toast::error(
            self.parts.lang.tr("err-job-failed"),
        )));
        ctx.request_repaint();
    }

    /// The worker stopped for good ([`crate::jobs::JobEvent::WorkerStopped`]).
    pub(super) fn worker_stopped(&mut self) {
        let logs = self
            .config
            .logs_dir
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.phase = Phase::Fatal(
            self.parts
                .lang
                .tr_args("fatal-worker-stopped", &[("logs", Arg::from(logs))]),
        );
        self.search.close();
        // "Try again" no longer holds: the card replaces the toasts, queued ones included.
        self.toasts = Toasts::default();
        self.parts
            .commands
            .retain(|c| !matches!(c, Command::Toast(_)));
        // Kiosk mode: the fatal card's Close button must close the app.
        self.exit_authorised = true;
    }
}

/// The fatal card, in the central panel.
pub(super) fn fatal_ui(ui: &mut Ui, t: &Tokens, lang: Lang, message: &str) {
    crate::fatal::card(
        ui,
        t,
        &lang.tr("fatal-worker-title"),
        message,
        &lang.tr("close"),
    );
}
