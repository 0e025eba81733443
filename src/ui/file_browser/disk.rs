//! The in-app file browser's disk work, on its own named thread (`rpma-file-browser`): the
//! places (removable media, the import folder…), folder listings and thumbnails. A USB stick
//! can take seconds to answer and a photo tens of milliseconds to decode: never on the UI thread.
//! Listings go before thumbnails, and thumbnails of a folder no longer shown are skipped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use super::BrowsePolicy;
use crate::tasks::thread::spawn_then;

/// Long side of a browser thumbnail, pixels.
pub const THUMB_SIDE: u32 = 200;

/// What a place is (its icon and, for the fixed ones, its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A USB stick, memory card or other mounted volume.
    Removable,
    /// The watched import folder.
    Import,
    /// The user's home folder (not in kiosk mode).
    Home,
    /// The user's pictures folder (not in kiosk mode).
    Pictures,
    /// A folder given by the configuration.
    Other,
}

/// A place the browser starts from; the user cannot go above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// What it is.
    pub kind: PlaceKind,
    /// Its name (volume or folder name).
    pub name: String,
    /// Its folder.
    pub path: PathBuf,
}

/// A folder's content, as the browser shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Sub-folders (name, path), by name.
    pub dirs: Vec<(String, PathBuf)>,
    /// The files offered (JPEG and PNG pictures, or backup files), by name.
    pub images: Vec<(String, PathBuf)>,
    /// Pictures in formats RPMA does not take (HEIC, WebP…), not shown.
    pub skipped: usize,
}

pub(super) enum Ask {
    Places,
    List {
        dir: PathBuf,
        generation: u64,
        kind: super::BrowseKind,
    },
    Thumb {
        path: PathBuf,
        generation: u64,
    },
}

pub(super) enum Answer {
    Places(Vec<Place>),
    Listed {
        generation: u64,
        result: Result<Listing, String>,
    },
    Thumb {
        path: PathBuf,
        image: Option<egui::ColorImage>,
    },
}

/// Starts the thread ([`spawn_then`]); it ends when the returned sender is dropped. A panic ends
/// it too: the browser then finds its answers' channel closed and says so.
pub(super) fn spawn(
    ctx: egui::Context,
    policy: Arc<BrowsePolicy>,
) -> std::io::Result<(Sender<Ask>, Receiver<Answer>)> {
    let (ask_tx, ask_rx) = mpsc::channel::<Ask>();
    let (answer_tx, answer_rx) = mpsc::channel::<Answer>();
    let repaint_ctx = ctx.clone();
    spawn_then(
        "rpma-file-browser",
        move || {
            let mut current = 0;
            let mut thumbs: Vec<(PathBuf, u64)> = Vec::new();
            loop {
                // Wait only when there is nothing left to do.
                let first = if thumbs.is_empty() {
                    match ask_rx.recv() {
                        Ok(a) => Some(a),
                        Err(_) => return,
                    }
                } else {
                    None
                };
                for ask in first.into_iter().chain(ask_rx.try_iter()) {
                    let answer = match ask {
                        Ask::Places => Answer::Places(places(&policy)),
                        Ask::List {
                            dir,
                            generation,
                            kind,
                        } => {
                            current = current.max(generation);
                            Answer::Listed {
                                generation,
                                result: list_kind(&dir, kind),
                            }
                        }
                        Ask::Thumb { path, generation } => {
                            thumbs.push((path, generation));
                            continue;
                        }
                    };
                    if answer_tx.send(answer).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
                thumbs.retain(|(_, g)| *g >= current);
                if thumbs.is_empty() {
                    continue;
                }
                let (path, _) = thumbs.remove(0);
                let image = rpma_core::photos::preview(&path, THUMB_SIDE)
                    .map(|i| crate::photo_import::to_color(&i))
                    .map_err(|e| tracing::debug!("no preview for {}: {e}", path.display()))
                    .ok();
                if answer_tx.send(Answer::Thumb { path, image }).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        },
        // Ended (the browser closed) or failed (logged): the browser looks at its channel.
        move |_| repaint_ctx.request_repaint(),
    )
    .map(drop)?;
    Ok((ask_tx, answer_rx))
}

/// Pictures the browser offers (what the photo store takes).
pub fn is_offered(p: &Path) -> bool {
    ext_of(p).is_some_and(|e| matches!(e.as_str(), "jpg" | "jpeg" | "png"))
}

/// Pictures it does not take, counted so the user knows why they are not shown.
fn is_other_picture(p: &Path) -> bool {
    ext_of(p).is_some_and(|e| {
        matches!(
            e.as_str(),
            "heic"
                | "heif"
                | "webp"
                | "gif"
                | "tif"
                | "tiff"
                | "bmp"
                | "dng"
                | "cr2"
                | "nef"
                | "arw"
        )
    })
}

fn ext_of(p: &Path) -> Option<String> {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('$') || name == "System Volume Information"
}

/// Reads a folder: sub-folders and offered pictures, by name (case-insensitive).
pub fn list(dir: &Path) -> Result<Listing, String> {
    list_kind(dir, super::BrowseKind::Pictures)
}

/// Reads a folder: sub-folders and the files offered for `kind` (pictures, backup files, or
/// none when a folder is chosen), by name (case-insensitive).
pub fn list_kind(dir: &Path, kind: super::BrowseKind) -> Result<Listing, String> {
    let offered = |p: &Path| match kind {
        super::BrowseKind::Pictures => is_offered(p),
        super::BrowseKind::Backups => p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| rpma_core::backup::parse_file_name(n).is_some()),
        super::BrowseKind::Folder => false,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| e.to_string())?;
    let mut out = Listing::default();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if hidden(&name) {
            continue;
        }
        let path = e.path();
        // Follows links: a mounted card is often a link.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            out.dirs.push((name, path));
        } else if meta.is_file() && offered(&path) {
            out.images.push((name, path));
        } else if kind == super::BrowseKind::Pictures && meta.is_file() && is_other_picture(&path) {
            out.skipped += 1;
        }
    }
    let by_name =
        |a: &(String, PathBuf), b: &(String, PathBuf)| a.0.to_lowercase().cmp(&b.0.to_lowercase());
    out.dirs.sort_by(by_name);
    out.images.sort_by(by_name);
    Ok(out)
}

/// Sub-folders of `dir`, by name (none when it cannot be read).
fn sub_dirs(dir: &Path) -> Vec<(String, PathBuf)> {
    list(dir).map(|l| l.dirs).unwrap_or_default()
}

/// Removable media mounted on this computer: `/media/<user>/*` and `/run/media/<user>/*` (udisks),
/// `/media/*` and `/mnt/*` mounted by hand on Linux; `/Volumes/*` on macOS; drive letters other
/// than the system's on Windows.
fn removable() -> Vec<Place> {
    let mut out = Vec::new();
    let mut add = |name: String, path: PathBuf| {
        if !out.iter().any(|p: &Place| p.path == path) {
            out.push(Place {
                kind: PlaceKind::Removable,
                name,
                path,
            });
        }
    };
    if cfg!(windows) {
        let system = std::env::var("SystemDrive")
            .unwrap_or_else(|_| "C:".to_owned())
            .to_ascii_uppercase();
        for letter in 'A'..='Z' {
            let drive = format!("{letter}:");
            let root = PathBuf::from(format!("{drive}\\"));
            if drive != system && root.is_dir() {
                add(drive, root);
            }
        }
        return out;
    }
    if cfg!(target_os = "macos") {
        for (name, path) in sub_dirs(Path::new("/Volumes")) {
            // The system disk appears there as a link to "/".
            if std::fs::canonicalize(&path).is_ok_and(|p| p != Path::new("/")) {
                add(name, path);
            }
        }
        return out;
    }
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_default();
    for base in ["/media", "/run/media"] {
        for (name, path) in sub_dirs(Path::new(base)) {
            // udisks mounts under a folder named after the user.
            if !user.is_empty() && name == user {
                for (n, p) in sub_dirs(&path) {
                    add(n, p);
                }
            } else if base == "/media" {
                add(name, path);
            }
        }
    }
    for (name, path) in sub_dirs(Path::new("/mnt")) {
        add(name, path);
    }
    out
}

/// Every place, in the order shown: removable media, the import folder, the configured
/// folders, then (outside kiosk mode) the pictures and home folders.
pub fn places(policy: &BrowsePolicy) -> Vec<Place> {
    let mut out = removable();
    let folder_name = |p: &Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    if let Some(import) = &policy.import_folder {
        // Created so that it can be opened even before the first import.
        if let Err(e) = std::fs::create_dir_all(import) {
            tracing::warn!("cannot create {}: {e}", import.display());
        }
        out.push(Place {
            kind: PlaceKind::Import,
            name: folder_name(import),
            path: import.clone(),
        });
    }
    for p in &policy.extra_places {
        out.push(Place {
            kind: PlaceKind::Other,
            name: folder_name(p),
            path: p.clone(),
        });
    }
    if !policy.kiosk
        && let Some(dirs) = directories::UserDirs::new()
    {
        if let Some(pics) = dirs.picture_dir().filter(|p| p.is_dir()) {
            out.push(Place {
                kind: PlaceKind::Pictures,
                name: folder_name(pics),
                path: pics.to_owned(),
            });
        }
        out.push(Place {
            kind: PlaceKind::Home,
            name: folder_name(dirs.home_dir()),
            path: dirs.home_dir().to_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn a_listing_shows_folders_and_jpeg_or_png_and_counts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "b.JPG",
            "a.png",
            "c.jpeg",
            "x.heic",
            "y.webp",
            "notes.txt",
            ".hidden.jpg",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("DCIM")).unwrap();
        std::fs::create_dir(dir.path().join(".Trash-1000")).unwrap();
        let l = list(dir.path()).unwrap();
        let names: Vec<&str> = l.images.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.png", "b.JPG", "c.jpeg"]);
        assert_eq!(l.dirs.len(), 1);
        assert_eq!(l.dirs[0].0, "DCIM");
        assert_eq!(l.skipped, 2);
        assert!(list(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn kiosk_places_are_media_import_and_configured_folders_only() {
        let dir = tempfile::tempdir().unwrap();
        let policy = BrowsePolicy {
            kiosk: true,
            system_dialog: false,
            import_folder: Some(dir.path().join("import")),
            extra_places: vec![dir.path().to_owned()],
        };
        let p = places(&policy);
        assert!(
            p.iter()
                .all(|p| !matches!(p.kind, PlaceKind::Home | PlaceKind::Pictures))
        );
        assert!(dir.path().join("import").is_dir());
        let kinds: Vec<PlaceKind> = p
            .iter()
            .filter(|p| p.kind != PlaceKind::Removable)
            .map(|p| p.kind)
            .collect();
        assert_eq!(kinds, [PlaceKind::Import, PlaceKind::Other]);
    }
}
