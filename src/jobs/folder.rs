//! The watched import folder's database work. The photo thread asks for it directly (not the
//! UI): whether an intervention can take photos now, recording a file before it is moved,
//! recording the move, and the files recorded but never moved (start-up reconciliation). So a
//! photo dropped in the folder is attached whatever the screen shows and whoever is signed in.
//!
//! On the worker these requests carry their own reply channel and never reach the UI's event
//! queue; the inline test backend answers them synchronously.

use rpma_core::ids::PhotoImportId;
use std::sync::mpsc::{self, Sender};

use rpma_core::interventions::{self, FolderImport, FolderTarget, UnmovedImport};
use rpma_core::photos::PhotoFile;
use rpma_core::{CoreError, Store};

/// A question from the photo thread.
#[derive(Debug, Clone)]
pub enum FolderRequest {
    /// Where files go now ([`interventions::folder_target`]).
    Target,
    /// Record a stored file ([`interventions::record_folder_import`]).
    Record {
        /// Its name in the folder.
        source_name: String,
        /// The stored file.
        file: Box<PhotoFile>,
        /// The free name it will get under `imported/`.
        moved_to: String,
    },
    /// The file of an import left the folder ([`interventions::mark_moved`]).
    Moved {
        /// The import.
        import_id: PhotoImportId,
        /// Its name under `imported/`.
        moved_to: String,
    },
    /// Files recorded but not moved ([`interventions::unmoved_imports`]).
    Unmoved,
}

/// The answer, one variant per request.
#[derive(Debug)]
pub enum FolderReply {
    /// Reply to [`FolderRequest::Target`].
    Target(Result<Option<FolderTarget>, CoreError>),
    /// Reply to [`FolderRequest::Record`].
    Recorded(Result<FolderImport, CoreError>),
    /// Reply to [`FolderRequest::Moved`].
    Moved(Result<(), CoreError>),
    /// Reply to [`FolderRequest::Unmoved`].
    Unmoved(Result<Vec<UnmovedImport>, CoreError>),
}

/// Answers one request against the store.
pub fn handle(store: &mut Store, req: FolderRequest) -> FolderReply {
    match req {
        FolderRequest::Target => FolderReply::Target(interventions::folder_target(store)),
        FolderRequest::Record {
            source_name,
            file,
            moved_to,
        } => FolderReply::Recorded(interventions::record_folder_import(
            store,
            &source_name,
            &file,
            &moved_to,
        )),
        FolderRequest::Moved {
            import_id,
            moved_to,
        } => FolderReply::Moved(interventions::mark_moved(store, &import_id, &moved_to)),
        FolderRequest::Unmoved => FolderReply::Unmoved(interventions::unmoved_imports(store)),
    }
}

/// The photo thread's way to the database.
pub trait FolderDb {
    /// Asks and waits for the answer; `None` when the database is gone (the app is closing).
    fn ask(&mut self, req: FolderRequest) -> Option<FolderReply>;
}

/// Requests sent to the database worker thread, each with its reply channel.
pub(super) type FolderMsg = (FolderRequest, Sender<FolderReply>);

/// [`FolderDb`] over the worker thread's channel.
#[derive(Debug)]
pub struct WorkerFolderDb {
    pub(super) tx: Sender<super::worker::Msg>,
}

impl FolderDb for WorkerFolderDb {
    fn ask(&mut self, req: FolderRequest) -> Option<FolderReply> {
        let (tx, rx) = mpsc::channel();
        self.tx.send(super::worker::Msg::Folder((req, tx))).ok()?;
        rx.recv().ok()
    }
}

/// [`FolderDb`] on a store at hand (the inline test backend).
pub struct InlineFolderDb<'a>(pub &'a mut Store);

impl FolderDb for InlineFolderDb<'_> {
    fn ask(&mut self, req: FolderRequest) -> Option<FolderReply> {
        Some(handle(self.0, req))
    }
}
