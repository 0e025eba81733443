//! Photos added together from the screen (a file dialog, the in-app browser, a drop): one
//! background task the user sees ([`crate::tasks::ExternalTask`], registered with the app's task
//! runner), run by the photo thread one file at a time. Its progress counts files ("Photos : 3 /
//! 12" in the status bar, a bar in the photo area); a cancel is seen between two files: the files
//! already stored stay (each is attached by its own transaction, as it arrives), the rest are
//! neither stored nor attached, and the batch's end says how many.

use std::collections::VecDeque;
use std::path::PathBuf;

use rpma_core::photos::PhotoStore;

use super::{ImportTarget, Origin, PhotoDone, Work};
use crate::tasks::ExternalTask;

/// i18n key of the task's name (status bar).
pub const TITLE_KEY: &str = "task-photos";
/// i18n key of what it does (the bar in the photo area).
pub const LABEL_KEY: &str = "task-photos-importing";

/// A batch on its way through the photo thread.
pub(super) struct Batch {
    items: VecDeque<(ImportTarget, PathBuf)>,
    origin: Origin,
    total: usize,
    done: usize,
    /// Dropped when the batch ends: the task leaves the runner's list.
    task: ExternalTask,
}

impl Batch {
    pub(super) fn new(
        items: Vec<(ImportTarget, PathBuf)>,
        origin: Origin,
        task: ExternalTask,
    ) -> Self {
        let total = items.len();
        task.ctl().set_count(0, total, LABEL_KEY, "");
        Self {
            items: items.into(),
            origin,
            total,
            done: 0,
            task,
        }
    }

    /// Imports the next file, or ends the batch (all done, or cancel asked). Returns what to
    /// hand to the screen and whether the batch is over.
    pub(super) fn step(&mut self, store: &PhotoStore) -> (Vec<PhotoDone>, bool) {
        // A cancel after the last file stopped nothing.
        let cancelled = self.task.ctl().is_cancelled() && !self.items.is_empty();
        let next = if cancelled {
            None
        } else {
            self.items.pop_front()
        };
        let Some((target, path)) = next else {
            let end = PhotoDone::BatchEnded {
                task: self.task.id(),
                imported: self.done,
                left: self.items.len(),
                cancelled,
            };
            if cancelled {
                tracing::info!(
                    imported = self.done,
                    left = self.items.len(),
                    "photo import cancelled"
                );
            }
            return (vec![end], true);
        };
        let done = super::run(
            store,
            Work::Import {
                target,
                origin: self.origin,
                path: Some(path),
                bytes: None,
            },
        );
        self.done += 1;
        let name = match &done {
            PhotoDone::Imported { name, .. } => name.as_str(),
            _ => "",
        };
        self.task
            .ctl()
            .set_count(self.done, self.total, LABEL_KEY, name);
        (vec![done], false)
    }

    /// Results it will hand to the screen: one a file, and its end.
    pub(super) fn results(&self) -> usize {
        self.total + 1
    }
}
