//! The photo thread: stores imported photos (hash, validation, EXIF, thumbnail), loads
//! thumbnails and full-size images for the viewer, and watches the import folder. Decoding a
//! 12-megapixel JPEG takes tens of milliseconds, so none of it runs on the UI thread nor on the
//! database worker; results come back over a channel and the UI repaints. Tests use the inline
//! mode, which runs the same work synchronously.
//!
//! The watched folder (`<data>/import` by default): a camera or phone syncing into it drops
//! files; once a file's size is stable over two scans it is imported for the step the open
//! intervention screen points at ([`PhotoService::set_watch_target`]), then moved into
//! `imported/` (or `refused/` with the reason in a `.txt` beside it). Nothing is imported while no
//! intervention is open: the files wait.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rpma_core::CoreError;
use rpma_core::photos::{PhotoFile, PhotoStore};

/// Where an imported photo goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportTarget {
    /// Intervention.
    pub intervention_id: String,
    /// Step position.
    pub step: usize,
    /// Named shot to fulfil, if the user picked one.
    pub shot: Option<String>,
    /// Zone, if the user picked one.
    pub zone_id: Option<String>,
}

/// How the photo arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// File dialog.
    Dialog,
    /// Drag and drop.
    Drop,
    /// Watched folder.
    Folder,
}

/// A finished piece of photo work.
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
}

enum Req {
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

fn to_color(img: &image::RgbaImage) -> egui::ColorImage {
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

fn is_image_name(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "heic" | "heif" | "webp"
        )
    })
}

/// The scanning state of the watched folder.
#[derive(Debug, Default)]
struct Watch {
    folder: Option<PathBuf>,
    target: Option<ImportTarget>,
    /// Sizes seen at the last scan, to import only files that stopped growing.
    sizes: HashMap<PathBuf, u64>,
    last_scan: Option<Instant>,
}

fn run(store: &PhotoStore, req: Req) -> PhotoDone {
    match req {
        Req::Import {
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
        Req::Thumb { sha, mime } => {
            let result = store
                .thumbnail(&sha, &mime)
                .map(|i| to_color(&i))
                .map_err(|e| e.to_string());
            PhotoDone::Thumb { sha, result }
        }
        Req::Display {
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

/// Scans the watched folder: files whose size did not change since the last scan are imported
/// and moved away. Returns the results.
fn scan(store: &PhotoStore, watch: &mut Watch) -> Vec<PhotoDone> {
    let mut out = Vec::new();
    let (Some(folder), Some(target)) = (watch.folder.clone(), watch.target.clone()) else {
        return out;
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return out;
    };
    let mut seen = HashMap::new();
    let mut files: Vec<(PathBuf, u64)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let p = e.path();
            let meta = e.metadata().ok()?;
            (meta.is_file() && is_image_name(&p)).then_some((p, meta.len()))
        })
        .collect();
    files.sort();
    for (path, size) in files {
        let stable = watch.sizes.get(&path) == Some(&size) && size > 0;
        seen.insert(path.clone(), size);
        if !stable {
            continue;
        }
        let started = Instant::now();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let result = store.ingest_file(&path);
        let dest = folder.join(if result.is_ok() {
            "imported"
        } else {
            "refused"
        });
        if std::fs::create_dir_all(&dest).is_ok() {
            let to = dest.join(&name);
            if std::fs::rename(&path, &to).is_err() {
                tracing::warn!("could not move {} out of the import folder", path.display());
            }
            if let Err(e) = &result {
                let why = to.with_extension("txt");
                if let Err(w) = std::fs::write(&why, e.to_string()) {
                    tracing::warn!("could not write {}: {w}", why.display());
                }
            }
        }
        seen.remove(&path);
        let took = started.elapsed();
        let thumb = thumb_of(store, &result);
        out.push(PhotoDone::Imported {
            target: target.clone(),
            origin: Origin::Folder,
            name,
            result,
            took,
            thumb,
        });
    }
    watch.sizes = seen;
    out
}

enum Mode {
    Thread {
        tx: Option<Sender<Req>>,
        rx: Receiver<PhotoDone>,
        watch: Arc<Mutex<Watch>>,
        thread: Option<JoinHandle<()>>,
    },
    Inline {
        store: PhotoStore,
        watch: Watch,
        done: VecDeque<PhotoDone>,
    },
}

/// The UI's handle on the photo thread.
pub struct PhotoService {
    mode: Mode,
    store: PhotoStore,
    in_flight: usize,
}

impl std::fmt::Debug for PhotoService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoService")
            .field("root", &self.store.root())
            .field("in_flight", &self.in_flight)
            .finish()
    }
}

impl PhotoService {
    /// Starts the photo thread on the photo store under `data_dir`, watching `data_dir/import`.
    pub fn spawn(data_dir: &Path, repaint: Arc<dyn Fn() + Send + Sync>) -> std::io::Result<Self> {
        let store = PhotoStore::for_data_dir(data_dir);
        let watch = Arc::new(Mutex::new(Watch {
            folder: Some(default_import_folder(data_dir)),
            ..Watch::default()
        }));
        let (req_tx, req_rx) = mpsc::channel::<Req>();
        let (done_tx, done_rx) = mpsc::channel::<PhotoDone>();
        let thread_store = store.clone();
        let thread_watch = Arc::clone(&watch);
        let thread = std::thread::Builder::new()
            .name("rpma-photos".into())
            .spawn(move || {
                loop {
                    match req_rx.recv_timeout(WATCH_EVERY) {
                        Ok(req) => {
                            if done_tx.send(run(&thread_store, req)).is_err() {
                                break;
                            }
                            repaint();
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                    let due = {
                        let w = thread_watch.lock().map_err(|_| ());
                        w.is_ok_and(|w| {
                            w.target.is_some()
                                && w.last_scan.is_none_or(|t| t.elapsed() >= WATCH_EVERY)
                        })
                    };
                    if due {
                        let results = match thread_watch.lock() {
                            Ok(mut w) => {
                                w.last_scan = Some(Instant::now());
                                let mut w2 = std::mem::take(&mut *w);
                                drop(w);
                                let r = scan(&thread_store, &mut w2);
                                if let Ok(mut w) = thread_watch.lock() {
                                    // Keep a target set meanwhile by the UI.
                                    w2.target = w.target.clone();
                                    w2.folder = w.folder.clone();
                                    *w = w2;
                                }
                                r
                            }
                            Err(_) => Vec::new(),
                        };
                        let any = !results.is_empty();
                        for r in results {
                            if done_tx.send(r).is_err() {
                                return;
                            }
                        }
                        if any {
                            repaint();
                        }
                    }
                }
            })?;
        Ok(Self {
            mode: Mode::Thread {
                tx: Some(req_tx),
                rx: done_rx,
                watch,
                thread: Some(thread),
            },
            store,
            in_flight: 0,
        })
    }

    /// Runs everything synchronously on the calling thread (tests). The import folder is scanned
    /// when [`PhotoService::scan_now`] is called.
    pub fn inline(data_dir: &Path) -> Self {
        let store = PhotoStore::for_data_dir(data_dir);
        Self {
            mode: Mode::Inline {
                store: store.clone(),
                watch: Watch {
                    folder: Some(default_import_folder(data_dir)),
                    ..Watch::default()
                },
                done: VecDeque::new(),
            },
            store,
            in_flight: 0,
        }
    }

    /// The photo store (paths for messages).
    pub fn store(&self) -> &PhotoStore {
        &self.store
    }

    fn send(&mut self, req: Req) {
        self.in_flight += 1;
        match &mut self.mode {
            Mode::Thread { tx, .. } => {
                if tx.as_ref().is_none_or(|tx| tx.send(req).is_err()) {
                    self.in_flight -= 1;
                    tracing::error!("photo thread is gone");
                }
            }
            Mode::Inline { store, done, .. } => done.push_back(run(store, req)),
        }
    }

    /// Imports files (file dialog, several at once).
    pub fn import_paths(&mut self, paths: Vec<PathBuf>, target: &ImportTarget, origin: Origin) {
        for p in paths {
            self.send(Req::Import {
                target: target.clone(),
                origin,
                path: Some(p),
                bytes: None,
            });
        }
    }

    /// Imports bytes (drag and drop from an application that gives no path).
    pub fn import_bytes(&mut self, bytes: Vec<u8>, name: String, target: &ImportTarget) {
        self.send(Req::Import {
            target: target.clone(),
            origin: Origin::Drop,
            path: None,
            bytes: Some((bytes, name)),
        });
    }

    /// Asks for a thumbnail.
    pub fn thumbnail(&mut self, sha: &str, mime: &str) {
        self.send(Req::Thumb {
            sha: sha.to_owned(),
            mime: mime.to_owned(),
        });
    }

    /// Asks for the viewer's image.
    pub fn display(&mut self, sha: &str, mime: &str) {
        self.send(Req::Display {
            sha: sha.to_owned(),
            mime: mime.to_owned(),
            max_side: DISPLAY_MAX_SIDE,
        });
    }

    /// Where new files in the watched folder go (None: leave them waiting).
    pub fn set_watch_target(&mut self, target: Option<ImportTarget>) {
        match &mut self.mode {
            Mode::Thread { watch, .. } => {
                if let Ok(mut w) = watch.lock()
                    && w.target != target
                {
                    w.target = target;
                }
            }
            Mode::Inline { watch, .. } => watch.target = target,
        }
    }

    /// The watched folder.
    pub fn watch_folder(&self) -> Option<PathBuf> {
        match &self.mode {
            Mode::Thread { watch, .. } => watch.lock().ok().and_then(|w| w.folder.clone()),
            Mode::Inline { watch, .. } => watch.folder.clone(),
        }
    }

    /// Scans the watched folder now (inline mode; the thread scans on its own).
    pub fn scan_now(&mut self) {
        if let Mode::Inline { store, watch, done } = &mut self.mode {
            let r = scan(store, watch);
            done.extend(r);
        }
    }

    /// Results since the last call.
    pub fn poll(&mut self) -> Vec<PhotoDone> {
        let out: Vec<PhotoDone> = match &mut self.mode {
            Mode::Thread { rx, .. } => rx.try_iter().collect(),
            Mode::Inline { done, .. } => done.drain(..).collect(),
        };
        for d in &out {
            if !matches!(
                d,
                PhotoDone::Imported {
                    origin: Origin::Folder,
                    ..
                }
            ) {
                self.in_flight = self.in_flight.saturating_sub(1);
            }
        }
        out
    }

    /// Requests not answered yet.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

impl Drop for PhotoService {
    fn drop(&mut self) {
        if let Mode::Thread { tx, thread, .. } = &mut self.mode {
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
