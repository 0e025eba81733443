//! Photos added together, on the real photo thread (`PhotoService::spawn`, as `rpma` runs it)
//! with the app's task runner: the batch shows as a running task whose progress counts files;
//! a cancel stops it between two files (the files already stored stay, the rest are neither
//! stored nor handed back, and its end says how many); the task leaves the runner's list.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use rpma::jobs::folder::{FolderDb, FolderReply, FolderRequest};
use rpma::photo_import::{ImportTarget, Origin, PhotoDone, PhotoService};
use rpma::tasks::{TaskOwner, TaskRunner};
use rpma_core::interventions::ShotChoice;
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};

/// The watched folder is empty in these tests: its database is never needed.
struct NoDb;

impl FolderDb for NoDb {
    fn ask(&mut self, _req: FolderRequest) -> Option<FolderReply> {
        None
    }
}

/// Polls until `f` gives something (at most ~20 s; the bound only keeps a broken test from
/// hanging).
fn eventually<T>(mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..2000 {
        if let Some(v) = f() {
            return v;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("nothing came");
}

fn pictures(dir: &Path, n: u64) -> Vec<(ImportTarget, PathBuf)> {
    (1..=n)
        .map(|seed| {
            let p = dir.join(format!("IMG_{seed:04}.jpg"));
            let bytes = jpeg_with_exif(&FixtureSpec {
                width: 320,
                height: 240,
                seed,
                ..FixtureSpec::default()
            });
            std::fs::write(&p, bytes).unwrap();
            let target = ImportTarget {
                intervention_id: "iv1".into(),
                step: 0,
                shot: ShotChoice::NextMissing,
                zone_id: None,
            };
            (target, p)
        })
        .collect()
}

/// Files in the photo store's originals.
fn stored(data: &Path) -> usize {
    fn walk(d: &Path) -> usize {
        std::fs::read_dir(d).map_or(0, |rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() { walk(&p) } else { 1 }
                })
                .sum()
        })
    }
    walk(&data.join("photos").join("originals"))
}

/// Imported files' names, and the batch's end, as the photo thread hands them back.
#[derive(Default)]
struct Seen {
    names: Vec<String>,
    end: Option<(usize, usize, bool)>,
}

impl Seen {
    fn take(&mut self, ps: &mut PhotoService) {
        for d in ps.poll() {
            match d {
                PhotoDone::Imported { name, result, .. } => {
                    result.unwrap();
                    self.names.push(name);
                }
                PhotoDone::BatchEnded {
                    imported,
                    left,
                    cancelled,
                    ..
                } => self.end = Some((imported, left, cancelled)),
                PhotoDone::Thumb { .. } | PhotoDone::Display { .. } => {}
            }
        }
    }
}

#[test]
fn a_batch_counts_its_files_and_a_cancel_stops_it_between_two_files() {
    let data = tempfile::tempdir().unwrap();
    let pics = tempfile::tempdir().unwrap();
    // The photo thread wakes the UI after each file; the first time, it waits here until the
    // test has looked at the progress and cancelled: the cancel lands between files 1 and 2.
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let gate = Mutex::new(Some(go_rx));
    let repaint = Arc::new(move || {
        let first = gate.lock().unwrap().take();
        if let Some(rx) = first {
            rx.recv().unwrap();
        }
    });
    let mut ps = PhotoService::spawn(data.path(), repaint, Box::new(NoDb)).unwrap();
    let mut runner: TaskRunner<()> = TaskRunner::new(Arc::new(|| {}));
    let task = runner.external(TaskOwner::Photos, rpma::photo_import::BATCH_TITLE_KEY);
    let id = task.id();
    let items = pictures(pics.path(), 5);
    ps.import_batch(items, Origin::Dialog, task);
    assert!(runner.is_busy());

    let mut seen = Seen::default();
    eventually(|| {
        seen.take(&mut ps);
        (!seen.names.is_empty()).then_some(())
    });
    // One file is in; the thread waits (in its wake-up) before the next one.
    let info = runner.get(id).expect("the batch runs");
    assert_eq!(info.owner, TaskOwner::Photos);
    assert_eq!(info.progress.count, Some((1, 5)));
    assert_eq!(info.progress.fraction, Some(0.2));
    assert_eq!(info.progress.label_key, "task-photos-importing");
    assert_eq!(info.progress.detail, "IMG_0001.jpg");
    assert_eq!(runner.running().len(), 1, "listed with the runner's tasks");
    runner.cancel(id);
    assert!(runner.get(id).unwrap().cancelling);
    go_tx.send(()).unwrap();

    eventually(|| {
        seen.take(&mut ps);
        seen.end
    });
    assert_eq!(seen.names, ["IMG_0001.jpg"]);
    assert_eq!(seen.end, Some((1, 4, true)), "1 imported, 4 left out");
    assert_eq!(stored(data.path()), 1, "the files left out were not stored");
    eventually(|| (!runner.is_busy()).then_some(()));
    runner.poll();
    assert!(runner.running().is_empty());
    assert_eq!(ps.in_flight(), 0);
}

#[test]
fn a_batch_left_alone_imports_every_file_in_order_and_ends() {
    let data = tempfile::tempdir().unwrap();
    let pics = tempfile::tempdir().unwrap();
    let wakes = Arc::new(AtomicUsize::new(0));
    let w = Arc::clone(&wakes);
    let repaint = Arc::new(move || {
        w.fetch_add(1, Ordering::SeqCst);
    });
    let mut ps = PhotoService::spawn(data.path(), repaint, Box::new(NoDb)).unwrap();
    let mut runner: TaskRunner<()> = TaskRunner::new(Arc::new(|| {}));
    let task = runner.external(TaskOwner::Photos, rpma::photo_import::BATCH_TITLE_KEY);
    ps.import_batch(pictures(pics.path(), 3), Origin::Drop, task);
    let mut seen = Seen::default();
    eventually(|| {
        seen.take(&mut ps);
        seen.end
    });
    assert_eq!(seen.names, ["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg"]);
    assert_eq!(seen.end, Some((3, 0, false)));
    assert_eq!(stored(data.path()), 3);
    assert!(
        wakes.load(Ordering::SeqCst) >= 4,
        "woken after each file and at the end"
    );
    eventually(|| (!runner.is_busy()).then_some(()));
    assert_eq!(ps.in_flight(), 0);
}
