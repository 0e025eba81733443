//! The photo thread: stores imported photos (hash, validation, EXIF, thumbnail), loads
//! thumbnails and full-size images for the viewer, and watches the import folder. Decoding a
//! 12-megapixel JPEG takes tens of milliseconds, so none of it runs on the UI thread nor on the
//! database worker; results come back over a channel and the UI repaints. Tests use the inline
//! mode, which runs the same work synchronously.
//!
//! The watched folder (`<data>/import`, see [`folder`]): a camera or phone syncing into it drops
//! files; once a file's size is stable over two scans it is stored, recorded and attached (one
//! database transaction) to the intervention last opened on this terminal, then moved into
//! `imported/` (or `refused/` with the reason in a `.txt` beside it), never over another file.
//! This needs no screen and no signed-in user. While no intervention can take them, files wait.

mod batch;
mod folder;
pub use batch::{LABEL_KEY as BATCH_LABEL_KEY, TITLE_KEY as BATCH_TITLE_KEY};
pub use folder::free_name;

use rpma_core::ids::{InterventionId, ZoneId};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rpma_core::CoreError;
use rpma_core::interventions::ShotChoice;
use rpma_core::photos::{PhotoFile, PhotoStore};

use crate::tasks::thread::spawn_then;

pub use folder::FolderEvent;

use crate::jobs::folder::FolderDb;
use crate::tasks::{ExternalTask, TaskId};

/// Where an imported photo goes (files added from the screen: dialog, browser, drop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportTarget {
    /// Intervention.
    pub intervention_id: InterventionId,
    /// Step position.
    pub step: usize,
    /// Named shot to fulfil.
    pub shot: ShotChoice,
    /// Zone, if the user picked one.
    pub zone_id: Option<ZoneId>,
}

/// How the photo arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The system's file dialog, or the in-app file browser.
    Dialog,
    /// Drag and drop.
    Drop,
}

/// A finished piece of photo work asked for by the screen.
#[derive(Debug)]
pub enum PhotoDone {
    /// A file was stored (or refused).
    Imported {
        /// Where it goes.
        target: ImportTarget,
        /// How it came.
        origin: Origin,
        /// File name, for messages.
        name: String,
        /// The stored file.
        result: Result<PhotoFile, CoreError>,
        /// Time taken (hash, checks, EXIF, thumbnail).
        took: Duration,
        /// The thumbnail, made by the import itself: shown at once, not after the queue.
        thumb: Option<egui::ColorImage>,
    },
    /// A thumbnail, RGBA.
    Thumb {
        /// Content hash.
        sha: String,
        /// The image, or why it failed.
        result: Result<egui::ColorImage, String>,
    },
    /// A viewer image, RGBA.
    Display {
        /// Content hash.
        sha: String,
        /// The image, or why it failed.
        result: Result<egui::ColorImage, String>,
    },
    /// A batch of files ([`PhotoService::import_batch`]) is over: every file done, or cancelled
    /// between two files.
    BatchEnded {
        /// Its task.
        task: TaskId,
        /// Files taken (stored, or refused with their own message).
        imported: usize,
        /// Files left out by the cancel (neither stored nor attached).
        left: usize,
        /// It was cancelled.
        cancelled: bool,
    },
}

enum Req {
    One(Work),
    Batch(Box<batch::Batch>),
}

impl Req {
    /// Results it will hand back.
    fn results(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Batch(b) => b.results(),
        }
    }
}

/// Does one request, handing each result to `emit` (false: nobody listens any more). A batch
/// stops early when the photo thread is asked to stop (the app closing).
fn serve(store: &PhotoStore, req: Req, stop: &AtomicBool, emit: &mut dyn FnMut(PhotoDone) -> bool) {
    match req {
        Req::One(work) => {
            emit(run(store, work));
        }
        Req::Batch(mut b) => loop {
            let (out, over) = b.step(store);
            for d in out {
                if !emit(d) {
                    return;
                }
            }
            if over || stop.load(Ordering::SeqCst) {
                return;
            }
        },
    }
}

enum Work {
    Import {
        target: ImportTarget,
        origin: Origin,
        path: Option<PathBuf>,
        bytes: Option<(Vec<u8>, String)>,
    },
    Thumb {
        sha: String,
        mime: String,
    },
    Display {
        sha: String,
        mime: String,
        max_side: u32,
    },
}

/// Longest side of the viewer's image.
pub const DISPLAY_MAX_SIDE: u32 = 2048;
/// How often the import folder is scanned.
pub const WATCH_EVERY: Duration = Duration::from_millis(700);

pub(crate) fn to_color(img: &image::RgbaImage) -> egui::ColorImage {
    let size = [
        usize::try_from(img.width()).unwrap_or(0),
        usize::try_from(img.height()).unwrap_or(0),
    ];
    egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw())
}

/// The thumbnail the import just wrote (read back: well under a millisecond).
fn thumb_of(store: &PhotoStore, result: &Result<PhotoFile, CoreError>) -> Option<egui::ColorImage> {
    let f = result.as_ref().ok()?;
    store
        .thumbnail(&f.sha256, &f.mime)
        .ok()
        .map(|i| to_color(&i))
}

fn run(store: &PhotoStore, req: Work) -> PhotoDone {
    match req {
        Work::Import {
            target,
            origin,
            path,
            bytes,
        } => {
            let started = Instant::now();
            let (name, result) = match (path, bytes) {
                (_, Some((b, name))) => {
                    let r = store.ingest_bytes(&b, &name);
                    (name, r)
                }
                (Some(p), None) => {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (name, store.ingest_file(&p))
                }
                (None, None) => (
                    String::new(),
                    Err(CoreError::Refused {
                        key: "photo-err-empty",
                    }),
                ),
            };
            let took = started.elapsed();
            let thumb = thumb_of(store, &result);
            PhotoDone::Imported {
                target,
                origin,
                name,
                result,
                took,
                thumb,
            }
        }
        Work::Thumb { sha, mime } => {
            let result = store
                .thumbnail(&sha, &mime)
                .map(|i| to_color(&i))
                .map_err(|e| e.to_string());
            PhotoDone::Thumb { sha, result }
        }
        Work::Display {
            sha,
            mime,
            max_side,
        } => {
            let result = store
                .display_image(&sha, &mime, max_side)
                .map(|i| to_color(&i))
                .map_err(|e| e.to_string());
            PhotoDone::Display { sha, result }
        }
    }
}

enum Mode {
    Thread {
        tx: Option<Sender<Req>>,
        rx: Receiver<PhotoDone>,
        folder_rx: Receiver<FolderEvent>,
        stop: Arc<AtomicBool>,
        thread: Option<JoinHandle<()>>,
    },
    Inline {
        store: PhotoStore,
        watch: folder::Watch,
        done: VecDeque<PhotoDone>,
        folder_done: VecDeque<FolderEvent>,
        /// Batches, one file taken at each [`PhotoService::poll`] (a frame): a UI test sees
        /// their progress as the user would.
        batches: VecDeque<Box<batch::Batch>>,
    },
}

/// The UI's handle on the photo thread.
pub struct PhotoService {
    mode: Mode,
    store: PhotoStore,
    folder: PathBuf,
    /// Files waiting in the watched folder for an intervention that can take them.
    waiting: Arc<AtomicUsize>,
    in_flight: usize,
}

impl std::fmt::Debug for PhotoService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoService")
            .field("root", &self.store.root())
            .field("folder", &self.folder)
            .field("in_flight", &self.in_flight)
            .finish()
    }
}

impl PhotoService {
    /// Starts the photo thread on the photo store under `data_dir`, watching `data_dir/import`.
    /// `db` is its way to the database for the watched folder (the worker thread's channel).
    /// Files recorded by an earlier run but never moved are moved first (start-up
    /// reconciliation).
    pub fn spawn(
        data_dir: &Path,
        repaint: Arc<dyn Fn() + Send + Sync>,
        mut db: Box<dyn FolderDb + Send>,
    ) -> std::io::Result<Self> {
        let store = PhotoStore::for_data_dir(data_dir);
        let folder = default_import_folder(data_dir);
        let waiting = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (req_tx, req_rx) = mpsc::channel::<Req>();
        let (done_tx, done_rx) = mpsc::channel::<PhotoDone>();
        let (folder_tx, folder_rx) = mpsc::channel::<FolderEvent>();
        let thread_store = store.clone();
        let mut watch = folder::Watch::new(folder.clone());
        let thread_waiting = Arc::clone(&waiting);
        let thread_stop = Arc::clone(&stop);
        let work = move || {
            loop {
                match req_rx.recv_timeout(WATCH_EVERY) {
                    Ok(req) => {
                        let mut gone = false;
                        serve(&thread_store, req, &thread_stop, &mut |d| {
                            gone = done_tx.send(d).is_err();
                            repaint();
                            !gone
                        });
                        if gone {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                // Requests from the screen come first; the folder is scanned when due.
                if !watch.due() {
                    continue;
                }
                let events = watch.scan(&thread_store, db.as_mut(), &thread_stop);
                thread_waiting.store(watch.waiting(), Ordering::SeqCst);
                let any = !events.is_empty();
                for e in events {
                    if folder_tx.send(e).is_err() {
                        return;
                    }
                }
                if any {
                    repaint();
                }
            }
        };
        // A panic is logged by `spawn_then`; the screen then sees the thread gone.
        let thread = spawn_then("rpma-photos", work, drop)?;
        Ok(Self {
            mode: Mode::Thread {
                tx: Some(req_tx),
                rx: done_rx,
                folder_rx,
                stop,
                thread: Some(thread),
            },
            store,
            folder,
            waiting,
            in_flight: 0,
        })
    }

    /// Runs everything synchronously on the calling thread (tests). The import folder is scanned
    /// when [`PhotoService::scan_now`] is called.
    pub fn inline(data_dir: &Path) -> Self {
        let store = PhotoStore::for_data_dir(data_dir);
        let folder = default_import_folder(data_dir);
        Self {
            mode: Mode::Inline {
                store: store.clone(),
                watch: folder::Watch::new(folder.clone()),
                done: VecDeque::new(),
                folder_done: VecDeque::new(),
                batches: VecDeque::new(),
            },
            store,
            folder,
            waiting: Arc::new(AtomicUsize::new(0)),
            in_flight: 0,
        }
    }

    /// The photo store (paths for messages).
    pub fn store(&self) -> &PhotoStore {
        &self.store
    }

    fn send(&mut self, req: Req) {
        let results = req.results();
        self.in_flight += results;
        match &mut self.mode {
            Mode::Thread { tx, .. } => {
                if tx.as_ref().is_none_or(|tx| tx.send(req).is_err()) {
                    self.in_flight -= results;
                    tracing::error!("photo thread is gone");
                }
            }
            Mode::Inline {
                store,
                done,
                batches,
                ..
            } => match req {
                Req::One(work) => done.push_back(run(store, work)),
                Req::Batch(b) => batches.push_back(b),
            },
        }
    }

    /// Imports files added together (file dialog, browser, drop), in this order, as the
    /// background task `task` (registered by the caller with the app's task runner; it ends
    /// with the batch): progress by file, cancel between files, [`PhotoDone::BatchEnded`] last.
    pub fn import_batch(
        &mut self,
        items: Vec<(ImportTarget, PathBuf)>,
        origin: Origin,
        task: ExternalTask,
    ) {
        self.send(Req::Batch(Box::new(batch::Batch::new(items, origin, task))));
    }

    /// Imports files (file dialog, browser, drop), in this order.
    pub fn import_paths(&mut self, paths: Vec<PathBuf>, target: &ImportTarget, origin: Origin) {
        for p in paths {
            self.send(Req::One(Work::Import {
                target: target.clone(),
                origin,
                path: Some(p),
                bytes: None,
            }));
        }
    }

    /// Imports bytes (drag and drop from an application that gives no path).
    pub fn import_bytes(&mut self, bytes: Vec<u8>, name: String, target: &ImportTarget) {
        self.send(Req::One(Work::Import {
            target: target.clone(),
            origin: Origin::Drop,
            path: None,
            bytes: Some((bytes, name)),
        }));
    }

    /// Asks for a thumbnail.
    pub fn thumbnail(&mut self, sha: &str, mime: &str) {
        self.send(Req::One(Work::Thumb {
            sha: sha.to_owned(),
            mime: mime.to_owned(),
        }));
    }

    /// Asks for the viewer's image.
    pub fn display(&mut self, sha: &str, mime: &str) {
        self.send(Req::One(Work::Display {
            sha: sha.to_owned(),
            mime: mime.to_owned(),
            max_side: DISPLAY_MAX_SIDE,
        }));
    }

    /// The watched folder.
    pub fn watch_folder(&self) -> &Path {
        &self.folder
    }

    /// Files waiting in the watched folder because no intervention can take them now (none
    /// opened on this terminal, finished, waiting for approval…), as of the last scan.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// Scans the watched folder now (inline mode, with the database at hand; the thread scans
    /// on its own).
    pub fn scan_now(&mut self, db: &mut dyn FolderDb) {
        if let Mode::Inline {
            store,
            watch,
            folder_done,
            ..
        } = &mut self.mode
        {
            let never = AtomicBool::new(false);
            folder_done.extend(watch.scan(store, db, &never));
            self.waiting.store(watch.waiting(), Ordering::SeqCst);
        }
    }

    /// Results of the screen's requests since the last call.
    pub fn poll(&mut self) -> Vec<PhotoDone> {
        let out: Vec<PhotoDone> = match &mut self.mode {
            Mode::Thread { rx, .. } => rx.try_iter().collect(),
            Mode::Inline {
                store,
                done,
                batches,
                ..
            } => {
                if let Some(b) = batches.front_mut() {
                    let (out, over) = b.step(store);
                    done.extend(out);
                    if over {
                        batches.pop_front();
                    }
                }
                done.drain(..).collect()
            }
        };
        // A cancelled batch never hands back the files it left out.
        let left: usize = out
            .iter()
            .map(|d| match d {
                PhotoDone::BatchEnded { left, .. } => *left,
                _ => 0,
            })
            .sum();
        self.in_flight = self.in_flight.saturating_sub(out.len() + left);
        out
    }

    /// What the watched folder did since the last call (the app shows it whatever the screen).
    pub fn poll_folder(&mut self) -> Vec<FolderEvent> {
        match &mut self.mode {
            Mode::Thread { folder_rx, .. } => folder_rx.try_iter().collect(),
            Mode::Inline { folder_done, .. } => folder_done.drain(..).collect(),
        }
    }

    /// Requests not answered yet.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

impl Drop for PhotoService {
    fn drop(&mut self) {
        if let Mode::Thread {
            tx, thread, stop, ..
        } = &mut self.mode
        {
            // A scan in progress stops after the file it is on (recorded and moved, or left).
            stop.store(true, Ordering::SeqCst);
            *tx = None;
            if let Some(t) = thread.take()
                && t.join().is_err()
            {
                tracing::error!("photo thread panicked");
            }
        }
    }
}

/// The default watched folder: `<data>/import`.
pub fn default_import_folder(data_dir: &Path) -> PathBuf {
    data_dir.join("import")
}
