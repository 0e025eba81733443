//! The watched import folder, scanned by the photo thread.
//!
//! Each scan: files whose size did not change since the last scan are taken, in name order, one
//! at a time — stored in the photo store, then recorded in the database (photo, attachment and
//! import row in one transaction), then moved into `imported/` under a free name (never over
//! another file), then the move is recorded. Nothing is decoded while no intervention can take
//! photos: the database is asked first, and the files wait.
//!
//! A stop anywhere in between is safe: stored but not recorded → the file is still in the folder
//! and is taken again (the store keeps one copy per content); recorded but not moved → the first
//! scan after a restart moves it without attaching it again ([`Watch::reconcile`]).

use rpma_core::ids::InterventionId;
use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rpma_core::CoreError;
use rpma_core::interventions::FolderImport;
use rpma_core::photos::{PhotoStore, file_sha256};

use super::WATCH_EVERY;
use crate::jobs::folder::{FolderDb, FolderReply, FolderRequest};

/// Sub-folder of the import folder for files taken.
pub const IMPORTED: &str = "imported";
/// Sub-folder for files refused (with the reason in a `.txt` beside each).
pub const REFUSED: &str = "refused";

/// What the watched folder did with a file (the app tells the user, whatever the screen).
#[derive(Debug)]
pub enum FolderEvent {
    /// Attached to an intervention (or already on its step).
    Attached {
        /// The file's name.
        name: String,
        /// The intervention.
        intervention_id: InterventionId,
        /// The job's number and the plate, for messages.
        label: String,
        /// The picture was already on the step: nothing added.
        duplicate: bool,
    },
    /// Refused (not an image, corrupt, step full…), moved to `refused/`.
    Refused {
        /// The file's name.
        name: String,
        /// Why.
        error: CoreError,
    },
}

/// Image files the folder takes (others are left alone); HEIC and WebP are taken to be refused
/// with a clear message.
pub fn is_image_name(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "heic" | "heif" | "webp"
        )
    })
}

/// The scanning state of the watched folder (kept by the photo thread only).
#[derive(Debug)]
pub struct Watch {
    folder: PathBuf,
    /// Sizes seen at the last scan, to take only files that stopped growing.
    sizes: HashMap<PathBuf, u64>,
    last_scan: Option<Instant>,
    /// Files recorded by an earlier run but not moved were dealt with.
    reconciled: bool,
    waiting: usize,
}

impl Watch {
    /// Watches `folder` (created by the user or the first import; absent is fine).
    pub fn new(folder: PathBuf) -> Self {
        Self {
            folder,
            sizes: HashMap::new(),
            last_scan: None,
            reconciled: false,
            waiting: 0,
        }
    }

    /// True when a scan is due.
    pub fn due(&self) -> bool {
        self.last_scan.is_none_or(|t| t.elapsed() >= WATCH_EVERY)
    }

    /// Files left waiting at the last scan because no intervention could take them.
    pub fn waiting(&self) -> usize {
        self.waiting
    }

    /// One scan (see the module's documentation); stops between two files when `stop` is set.
    pub fn scan(
        &mut self,
        store: &PhotoStore,
        db: &mut dyn FolderDb,
        stop: &AtomicBool,
    ) -> Vec<FolderEvent> {
        self.last_scan = Some(Instant::now());
        let mut out = Vec::new();
        if !self.reconciled {
            self.reconciled = self.reconcile(db);
        }
        let Ok(entries) = std::fs::read_dir(&self.folder) else {
            self.waiting = 0;
            return out;
        };
        let mut files: Vec<(PathBuf, u64)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let p = e.path();
                let meta = e.metadata().ok()?;
                (meta.is_file() && is_image_name(&p)).then_some((p, meta.len()))
            })
            .collect();
        files.sort();
        let previous = std::mem::take(&mut self.sizes);
        let stable: Vec<PathBuf> = files
            .iter()
            .filter(|(p, size)| *size > 0 && previous.get(p) == Some(size))
            .map(|(p, _)| p.clone())
            .collect();
        self.sizes = files.iter().cloned().collect();
        if stable.is_empty() {
            return out;
        }
        // Nothing is decoded while no intervention can take the files.
        let label = match db.ask(FolderRequest::Target) {
            Some(FolderReply::Target(Ok(Some(t)))) => format!("{} · {}", t.job_number, t.plate),
            Some(FolderReply::Target(Ok(None))) => {
                self.waiting = files.len();
                return out;
            }
            Some(FolderReply::Target(Err(e))) => {
                tracing::warn!("watched folder: cannot read where photos go: {e}");
                return out;
            }
            _ => return out,
        };
        self.waiting = 0;
        for path in stable {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            match self.take(store, db, &path, &label) {
                Taken::Event(e) => {
                    self.sizes.remove(&path);
                    out.push(e);
                }
                Taken::Moved => {
                    self.sizes.remove(&path);
                }
                // Left where it is: looked at again at a later scan.
                Taken::Left => {}
                Taken::Waiting => {
                    self.waiting = files.len().saturating_sub(out.len());
                    break;
                }
                Taken::DatabaseGone => break,
            }
        }
        out
    }

    /// Stores, records and moves one file.
    fn take(&self, store: &PhotoStore, db: &mut dyn FolderDb, path: &Path, label: &str) -> Taken {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = match store.ingest_file(path) {
            Ok(f) => f,
            // Gone, locked or unreadable for now: not the file's fault.
            Err(e @ CoreError::Io { .. }) => {
                tracing::warn!("watched folder: {name}: {e}");
                return Taken::Left;
            }
            Err(e) => return self.refuse(path, name, e),
        };
        let imported = self.folder.join(IMPORTED);
        let planned = free_name(&imported, &name);
        let reply = db.ask(FolderRequest::Record {
            source_name: name.clone(),
            file: Box::new(file),
            moved_to: planned,
        });
        let recorded = match reply {
            Some(FolderReply::Recorded(Ok(FolderImport::Recorded(r)))) => r,
            Some(FolderReply::Recorded(Ok(FolderImport::Waiting))) => return Taken::Waiting,
            Some(FolderReply::Recorded(Ok(FolderImport::Refused(e)))) => {
                return self.refuse(path, name, e);
            }
            Some(FolderReply::Recorded(Err(e))) => {
                tracing::error!("watched folder: {name} not recorded: {e}");
                return Taken::Left;
            }
            _ => return Taken::DatabaseGone,
        };
        // Recorded: the file leaves the folder now, and the move is recorded.
        match move_no_clobber(path, &imported, &recorded.moved_to) {
            Ok(final_name) => {
                if !matches!(
                    db.ask(FolderRequest::Moved {
                        import_id: recorded.import_id.clone(),
                        moved_to: final_name,
                    }),
                    Some(FolderReply::Moved(Ok(())))
                ) {
                    // The next start finds the row unmoved and the file gone: it closes it.
                    tracing::warn!("watched folder: the move of {name} was not recorded");
                }
            }
            Err(e) => {
                // Attached already: the next scan finds it recorded and tries the move again.
                tracing::error!("watched folder: {name} attached but not moved: {e}");
                return Taken::Left;
            }
        }
        if recorded.again {
            // Finished from an earlier run: nothing new to tell.
            return Taken::Moved;
        }
        Taken::Event(FolderEvent::Attached {
            name,
            intervention_id: recorded.intervention_id,
            label: label.to_owned(),
            duplicate: recorded.duplicate,
        })
    }

    /// Moves a refused file to `refused/` (free name) with the reason beside it.
    fn refuse(&self, path: &Path, name: String, error: CoreError) -> Taken {
        let dir = self.folder.join(REFUSED);
        match move_no_clobber(path, &dir, &name) {
            Ok(final_name) => {
                let why = dir.join(&final_name).with_extension("txt");
                if let Err(w) = rpma_core::fsutil::write_atomic(&why, error.to_string().as_bytes())
                {
                    tracing::warn!("could not write {}: {w}", why.display());
                }
            }
            Err(e) => tracing::warn!("could not move {} out of the import folder: {e}", name),
        }
        Taken::Event(FolderEvent::Refused { name, error })
    }

    /// Start-up: files recorded by an earlier run but not moved. One still in the folder with
    /// the same content is moved (never attached again); one already gone is closed. Returns
    /// false when the database could not answer (tried again at the next scan).
    pub fn reconcile(&self, db: &mut dyn FolderDb) -> bool {
        let pending = match db.ask(FolderRequest::Unmoved) {
            Some(FolderReply::Unmoved(Ok(p))) => p,
            Some(FolderReply::Unmoved(Err(e))) => {
                tracing::error!("watched folder: cannot list unfinished imports: {e}");
                return false;
            }
            _ => return false,
        };
        let imported = self.folder.join(IMPORTED);
        for u in pending {
            let src = self.folder.join(&u.source_name);
            let same = file_sha256(&src).is_ok_and(|sha| sha == u.sha256);
            let moved_to = if same {
                let already = imported.join(&u.moved_to);
                if file_sha256(&already).is_ok_and(|sha| sha == u.sha256) {
                    // Stopped between the link and the removal of the original.
                    if let Err(e) = std::fs::remove_file(&src) {
                        tracing::warn!("watched folder: {}: {e}", src.display());
                        continue;
                    }
                    u.moved_to.clone()
                } else {
                    match move_no_clobber(&src, &imported, &u.moved_to) {
                        Ok(n) => n,
                        Err(e) => {
                            tracing::error!("watched folder: {} not moved: {e}", src.display());
                            continue;
                        }
                    }
                }
            } else {
                // Moved before the stop (or replaced by another file of the same name, which
                // the scan takes on its own).
                u.moved_to.clone()
            };
            tracing::info!(file = %u.source_name, "watched folder: unfinished import completed");
            db.ask(FolderRequest::Moved {
                import_id: u.id,
                moved_to,
            });
        }
        true
    }
}

enum Taken {
    Event(FolderEvent),
    Moved,
    Left,
    Waiting,
    DatabaseGone,
}

/// `IMG_1.jpg`, then `IMG_1 (1).jpg`, `IMG_1 (2).jpg`…
fn candidate(name: &str, n: u32) -> String {
    if n == 0 {
        return name.to_owned();
    }
    let p = Path::new(name);
    match (
        p.file_stem().and_then(|s| s.to_str()),
        p.extension().and_then(|e| e.to_str()),
    ) {
        (Some(stem), Some(ext)) => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

/// The first name of [`candidate`]'s series not taken in `dir`.
pub fn free_name(dir: &Path, name: &str) -> String {
    (0..10_000)
        .map(|n| candidate(name, n))
        .find(|c| !dir.join(c).exists())
        .unwrap_or_else(|| format!("{}-{name}", rpma_core::ids::new_id()))
}

/// Moves `src` into `dir` as `name`, or as the next free name of its series: never over an
/// existing file (a hard link fails when the name is taken, even when another process takes it
/// meanwhile; where links are not supported, a checked rename). Returns the name used.
pub fn move_no_clobber(src: &Path, dir: &Path, name: &str) -> std::io::Result<String> {
    std::fs::create_dir_all(dir)?;
    for n in 0..10_000 {
        let c = candidate(name, n);
        let dst = dir.join(&c);
        match std::fs::hard_link(src, &dst) {
            Ok(()) => {
                std::fs::remove_file(src)?;
                return Ok(c);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(e),
            Err(_) => {
                if dst.exists() {
                    continue;
                }
                std::fs::rename(src, &dst)?;
                return Ok(c);
            }
        }
    }
    Err(std::io::Error::other("no free name"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn moves_never_overwrite_and_add_a_suffix() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("imported");
        for (i, want) in ["IMG_1.jpg", "IMG_1 (1).jpg", "IMG_1 (2).jpg"]
            .iter()
            .enumerate()
        {
            let src = dir.path().join("IMG_1.jpg");
            std::fs::write(&src, format!("photo {i}")).unwrap();
            assert_eq!(free_name(&dest, "IMG_1.jpg"), *want);
            assert_eq!(move_no_clobber(&src, &dest, "IMG_1.jpg").unwrap(), *want);
            assert!(!src.exists());
        }
        for (i, name) in ["IMG_1.jpg", "IMG_1 (1).jpg", "IMG_1 (2).jpg"]
            .iter()
            .enumerate()
        {
            let body = std::fs::read_to_string(dest.join(name)).unwrap();
            assert_eq!(body, format!("photo {i}"));
        }
        assert_eq!(candidate("README", 3), "README (3)");
        let missing = move_no_clobber(&dir.path().join("nope.jpg"), &dest, "nope.jpg");
        assert!(missing.is_err());
    }
}
