//! The native "save as" dialog on its own thread, with a fallback folder when none can be shown.

use std::path::PathBuf;

use crate::tasks::thread::{Pending, run_caught, spawn_named};

/// One "save as" dialog at a time, run on a named thread (never on the UI thread nor on the
/// database worker); the file itself is written by the worker. On a computer with no dialog to
/// show (no file-chooser portal, no zenity: a plain kiosk terminal) or when the app forbids it,
/// the file goes to the user's Downloads folder (else the home folder) under a name not taken
/// yet: the export still happens and its toast says where.
#[derive(Debug, Default)]
pub struct SavePicker {
    pending: Option<Pending<Option<PathBuf>>>,
    injected: Option<PathBuf>,
}

impl SavePicker {
    /// Opens the dialog with a suggested file name and an extension filter.
    pub fn open(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        file_name: &str,
        filter: (&str, &str),
    ) {
        if self.pending.is_some() {
            return;
        }
        let repaint_ctx = ctx.clone();
        let title = title.to_owned();
        let file_name = file_name.to_owned();
        let (filter_name, ext) = (filter.0.to_owned(), filter.1.to_owned());
        let allowed = crate::ui::file_browser::BrowsePolicy::of(ctx).system_dialog;
        let work = move || {
            let asked = std::time::Instant::now();
            // A dialog that panics is taken for one that could not be shown: the file still
            // goes to the default folder, and the export's toast says where.
            let picked = if allowed {
                run_caught("rpma-save-dialog", || {
                    rfd::FileDialog::new()
                        .set_title(&title)
                        .set_file_name(&file_name)
                        .add_filter(&filter_name, &[ext.as_str()])
                        .save_file()
                })
            } else {
                Ok(None)
            };
            let failed = picked.is_err();
            let picked = picked.ok().flatten();
            let unavailable = failed
                || picked.is_none()
                    && (!allowed || asked.elapsed() < crate::ui::system_dialog::NO_DIALOG_WITHIN);
            if unavailable {
                tracing::warn!("no save dialog available: saving to the default folder");
                default_save_folder()
                    .map(|d| d.join(crate::photo_import::free_name(&d, &file_name)))
            } else {
                picked
            }
        };
        let repaint = move || repaint_ctx.request_repaint();
        match spawn_named("rpma-save-dialog", repaint, work) {
            Ok(p) => self.pending = Some(p),
            Err(e) => tracing::error!("cannot start the save dialog thread: {e}"),
        }
    }

    /// The chosen path, once.
    pub fn poll(&mut self) -> Option<PathBuf> {
        if let Some(p) = self.injected.take() {
            return Some(p);
        }
        let outcome = self.pending.as_ref()?.poll()?;
        self.pending = None;
        outcome
            .map_err(|e| tracing::error!("the save dialog failed: {}", e.0))
            .ok()
            .flatten()
    }

    /// True while the dialog is open.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Test hook: the next poll returns `path`, as if chosen in the dialog.
    pub fn inject(&mut self, path: PathBuf) {
        self.injected = Some(path);
    }
}

/// Where a file goes when no "save as" dialog can be shown: the Downloads folder, else the home
/// folder.
fn default_save_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(dirs.download_dir().filter(|d| d.is_dir()).map_or_else(
        || dirs.home_dir().to_path_buf(),
        std::path::Path::to_path_buf,
    ))
}
