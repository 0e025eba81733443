//! The in-app file browser: picks pictures where the system's file dialog cannot be shown (a
//! terminal without a desktop file-chooser portal nor zenity, where rfd returns nothing) and
//! always in kiosk mode (where the system dialog would open the whole disk).
//!
//! Written here rather than taken from `egui_file` (0.29, the version for egui 0.37): that
//! dialog reads folders on the UI thread (a slow USB stick freezes the app), shows no
//! thumbnails, selects several files only with Ctrl/Shift (no keyboard on a kiosk), offers no
//! list of removable media and lets the user type any path — which kiosk mode must not.
//!
//! What it does: a list of places (USB sticks and memory cards, the import folder, folders from
//! the configuration, and outside kiosk mode the pictures and home folders; the user cannot go
//! above a place), the JPEG and PNG pictures of a folder as tiles with thumbnails (decoded on
//! [`disk`]'s thread, the camera's embedded thumbnail when there is one), selection by touch,
//! numbered in the order touched (the order photos are added in).

mod disk;
mod view;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use egui::TextureHandle;

pub use disk::{Listing, Place, PlaceKind, is_offered, list, places};

use crate::app::AppConfig;

/// Where pictures may be picked from, and how (installed once in the egui context by the app).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrowsePolicy {
    /// Kiosk mode: the in-app browser only, and no home folder.
    pub kiosk: bool,
    /// The system's file dialog may be tried (false: act as if it were missing).
    pub system_dialog: bool,
    /// The watched import folder.
    pub import_folder: Option<PathBuf>,
    /// More folders to offer.
    pub extra_places: Vec<PathBuf>,
}

impl BrowsePolicy {
    fn id() -> egui::Id {
        egui::Id::unique("rpma-browse-policy")
    }

    /// The policy of the app's configuration.
    pub fn from_config(c: &AppConfig) -> Self {
        Self {
            kiosk: c.kiosk,
            system_dialog: !c.no_file_dialog,
            import_folder: c
                .data_dir
                .as_deref()
                .map(crate::photo_import::default_import_folder),
            extra_places: c.browse_places.clone(),
        }
    }

    /// Makes it the policy of every picker drawn in `ctx`.
    pub fn install(self, ctx: &egui::Context) {
        ctx.data_mut(|d| d.insert_temp(Self::id(), Arc::new(self)));
    }

    /// The policy installed in `ctx` (the system dialog, no kiosk, when none was).
    pub fn of(ctx: &egui::Context) -> Arc<Self> {
        ctx.data(|d| d.get_temp::<Arc<Self>>(Self::id()))
            .unwrap_or_else(|| {
                Arc::new(Self {
                    system_dialog: true,
                    ..Self::default()
                })
            })
    }

    /// True when "choose a file" opens the in-app browser at once (kiosk mode).
    pub fn browser_first(&self) -> bool {
        self.kiosk
    }
}

/// What the browser offers to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BrowseKind {
    /// JPEG and PNG pictures, with thumbnails.
    #[default]
    Pictures,
    /// RPMA backup files (`rpma-backup-….tar.zst[.age]`).
    Backups,
    /// A folder (the one open when "Choose this folder" is pressed).
    Folder,
}

/// What the browser decided this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserOutcome {
    /// Still open.
    Open,
    /// These files were chosen, in the order they were touched.
    Picked(Vec<PathBuf>),
    /// Closed without a choice.
    Cancelled,
}

enum Thumb {
    Loading,
    Ready(TextureHandle),
    None,
}

/// An open browser (drop it to close it; its thread ends with it).
pub struct FileBrowser {
    title: String,
    multi: bool,
    kind: BrowseKind,
    tx: Option<Sender<disk::Ask>>,
    rx: Option<Receiver<disk::Answer>>,
    /// `None` while they are being looked for.
    places: Option<Vec<Place>>,
    place: Option<usize>,
    dir: Option<PathBuf>,
    generation: u64,
    /// `None` while the folder is being read.
    listing: Option<Result<Listing, String>>,
    /// In the order touched.
    selected: Vec<PathBuf>,
    thumbs: HashMap<PathBuf, Thumb>,
    /// Shown on top: why the browser opened (no system dialog on this computer).
    notice: Option<String>,
}

impl std::fmt::Debug for FileBrowser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileBrowser")
            .field("title", &self.title)
            .field("dir", &self.dir)
            .field("selected", &self.selected)
            .finish_non_exhaustive()
    }
}

impl FileBrowser {
    /// Opens a browser titled `title`, choosing several pictures (`multi`) or one.
    pub fn open(ctx: &egui::Context, title: &str, multi: bool) -> Self {
        let mut b = Self::open_kind(ctx, title, BrowseKind::Pictures, Vec::new());
        b.multi = multi;
        b
    }

    /// Opens a browser choosing one file of `kind` (or a folder), with `places` offered first.
    pub fn open_kind(
        ctx: &egui::Context,
        title: &str,
        kind: BrowseKind,
        places: Vec<PathBuf>,
    ) -> Self {
        let mut policy = (*BrowsePolicy::of(ctx)).clone();
        if kind != BrowseKind::Pictures {
            // The photo import folder is no place for backups.
            policy.import_folder = None;
        }
        let mut extra = places;
        extra.append(&mut policy.extra_places);
        policy.extra_places = extra;
        let policy = Arc::new(policy);
        let (tx, rx) = match disk::spawn(ctx.clone(), policy) {
            Ok((tx, rx)) => (Some(tx), Some(rx)),
            Err(e) => {
                tracing::error!("cannot start the file browser thread: {e}");
                (None, None)
            }
        };
        let mut b = Self {
            title: title.to_owned(),
            multi: false,
            kind,
            tx,
            rx,
            places: None,
            place: None,
            dir: None,
            generation: 0,
            listing: None,
            selected: Vec::new(),
            thumbs: HashMap::new(),
            notice: None,
        };
        b.ask(disk::Ask::Places);
        b
    }

    fn ask(&mut self, a: disk::Ask) {
        if let Some(tx) = &self.tx
            && tx.send(a).is_err()
        {
            self.tx = None;
        }
    }

    /// Shows `text` on top of the browser (why it opened instead of the system dialog).
    pub fn set_notice(&mut self, text: String) {
        self.notice = Some(text);
    }

    /// The folder shown (tests).
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_deref()
    }

    /// Looks for the places again (a stick plugged in meanwhile).
    fn refresh(&mut self) {
        self.places = None;
        self.ask(disk::Ask::Places);
        if let Some(dir) = self.dir.clone() {
            self.open_dir(dir);
        }
    }

    fn open_place(&mut self, i: usize) {
        let Some(p) = self.places.as_ref().and_then(|ps| ps.get(i)) else {
            return;
        };
        let path = p.path.clone();
        self.place = Some(i);
        self.open_dir(path);
    }

    fn open_dir(&mut self, dir: PathBuf) {
        self.generation += 1;
        self.listing = None;
        self.dir = Some(dir.clone());
        self.thumbs.clear();
        let generation = self.generation;
        let kind = self.kind;
        self.ask(disk::Ask::List {
            dir,
            generation,
            kind,
        });
    }

    /// The place's root, above which the user cannot go.
    fn root(&self) -> Option<&std::path::Path> {
        let i = self.place?;
        self.places.as_ref()?.get(i).map(|p| p.path.as_path())
    }

    fn can_go_up(&self) -> bool {
        match (self.dir.as_deref(), self.root()) {
            (Some(d), Some(r)) => d != r && d.starts_with(r),
            _ => false,
        }
    }

    fn toggle(&mut self, path: &std::path::Path) {
        if let Some(i) = self.selected.iter().position(|p| p == path) {
            self.selected.remove(i);
        } else if self.multi {
            self.selected.push(path.to_owned());
        } else {
            self.selected = vec![path.to_owned()];
        }
    }

    /// Takes what the disk thread found.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(rx) = &self.rx else {
            return;
        };
        let mut answers = Vec::new();
        loop {
            match rx.try_recv() {
                Ok(a) => answers.push(a),
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                // The thread is gone (it panicked): the browser says so.
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.tx = None;
                    break;
                }
            }
        }
        for a in answers {
            match a {
                disk::Answer::Places(p) => {
                    let first = self.places.is_none() && self.place.is_none();
                    self.places = Some(p);
                    // Opens the first removable medium, else the first place.
                    if first && !self.places.as_ref().is_some_and(Vec::is_empty) {
                        self.open_place(0);
                    }
                }
                disk::Answer::Listed { generation, result } if generation == self.generation => {
                    self.listing = Some(result);
                }
                disk::Answer::Listed { .. } => {}
                disk::Answer::Thumb { path, image } => {
                    if !self.thumbs.contains_key(&path) {
                        continue;
                    }
                    let t = match image {
                        Some(img) => Thumb::Ready(ctx.load_texture(
                            format!("browser-{}", path.display()),
                            img,
                            egui::TextureOptions::LINEAR,
                        )),
                        None => Thumb::None,
                    };
                    self.thumbs.insert(path, t);
                }
            }
        }
    }

    /// Asks for a tile's thumbnail once, when it is first drawn.
    fn want_thumb(&mut self, path: &std::path::Path) {
        if self.thumbs.contains_key(path) {
            return;
        }
        self.thumbs.insert(path.to_owned(), Thumb::Loading);
        let generation = self.generation;
        self.ask(disk::Ask::Thumb {
            path: path.to_owned(),
            generation,
        });
    }
}
