//! The desktop's own "open" dialog (rfd: the file-chooser portal over D-Bus, else `zenity`; the
//! Windows and macOS dialogs elsewhere), on a named thread, never on the UI thread. Tells a
//! cancel apart from a dialog that could not be shown at all, so that the caller can say so and
//! offer the in-app browser ([`super::file_browser`]) instead.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::file_browser::BrowsePolicy;
use crate::tasks::thread::{Pending, spawn_named};

/// A dialog that comes back empty this fast was never shown (no portal, no zenity): nobody
/// cancels a dialog within a fraction of a second of asking for it.
pub(crate) const NO_DIALOG_WITHIN: Duration = Duration::from_millis(200);

/// How the dialog ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogOutcome {
    /// These files were chosen.
    Picked(Vec<PathBuf>),
    /// The user closed it.
    Cancelled,
    /// No dialog could be shown on this computer (or its thread failed).
    Unavailable,
}

/// One system dialog at a time.
#[derive(Debug, Default)]
pub struct SystemDialog {
    pending: Option<Pending<DialogOutcome>>,
}

impl SystemDialog {
    /// Opens the dialog (one file, or several when `multi`) filtered on `extensions`; does
    /// nothing while one is open. When the app's [`BrowsePolicy`] forbids the system dialog, it
    /// behaves as on a computer that has none.
    pub fn open(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        filter: (&str, &'static [&'static str]),
        multi: bool,
    ) {
        if self.busy() {
            return;
        }
        let allowed = BrowsePolicy::of(ctx).system_dialog;
        let repaint_ctx = ctx.clone();
        let title = title.to_owned();
        let (filter_name, extensions) = (filter.0.to_owned(), filter.1);
        let work = move || {
            let asked = Instant::now();
            let picked = if allowed {
                let d = rfd::FileDialog::new()
                    .set_title(&title)
                    .add_filter(&filter_name, extensions);
                if multi {
                    d.pick_files()
                } else {
                    d.pick_file().map(|p| vec![p])
                }
            } else {
                None
            };
            match picked {
                Some(paths) if !paths.is_empty() => DialogOutcome::Picked(paths),
                _ if asked.elapsed() < NO_DIALOG_WITHIN => {
                    tracing::warn!(
                        elapsed = ?asked.elapsed(),
                        allowed,
                        "no file dialog available (no xdg portal, no zenity)"
                    );
                    DialogOutcome::Unavailable
                }
                _ => DialogOutcome::Cancelled,
            }
        };
        let repaint = move || repaint_ctx.request_repaint();
        self.pending = Some(
            spawn_named("rpma-file-dialog", repaint, work).unwrap_or_else(|e| {
                tracing::error!("cannot start the file dialog thread: {e}");
                Pending::ready(Ok(DialogOutcome::Unavailable))
            }),
        );
    }

    /// The outcome once the dialog is closed. A dialog whose thread panicked counts as one that
    /// could not be shown: the caller says so and offers the in-app browser.
    pub fn poll(&mut self) -> Option<DialogOutcome> {
        let outcome = self.pending.as_ref()?.poll()?;
        self.pending = None;
        Some(outcome.unwrap_or_else(|e| {
            tracing::error!("the file dialog failed: {}", e.0);
            DialogOutcome::Unavailable
        }))
    }

    /// True while the dialog is open.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_dialog_thread_that_panicked_counts_as_no_dialog_and_frees_the_screen() {
        let mut d = SystemDialog {
            pending: Some(Pending::ready(Err(crate::tasks::TaskFailed(
                "portal crashed".into(),
            )))),
        };
        assert!(d.busy());
        assert_eq!(d.poll(), Some(DialogOutcome::Unavailable));
        assert!(!d.busy());
        assert_eq!(d.poll(), None);
    }
}
