//! Several photos added at once on the intervention screen, on the real app (kittest, inline
//! job backend; the inline photo service takes one file a frame, so the test sees what the user
//! sees while they arrive): the status bar counts them ("Photos : 1 / 3"), the photo card shows
//! a bar with Cancel, and they end attached to the step; a Cancel in the middle stops the import
//! between two files, the photos already in stay attached, the rest are not imported, and a
//! message says how many.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use common::{app_configured, app_configured_sized, shows, texts, wait_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::ui::icons;
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};

use common::photo_job::{shop, started};

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// `n` camera pictures in a folder.
fn pictures(dir: &Path, n: u64) -> Vec<PathBuf> {
    (1..=n)
        .map(|seed| {
            let p = dir.join(format!("IMG_{seed:04}.jpg"));
            let bytes = jpeg_with_exif(&FixtureSpec {
                width: 640,
                height: 480,
                seed,
                ..FixtureSpec::default()
            });
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

/// Drops files on the window, as from a file manager, and runs one frame.
fn drop_files(h: &mut Harness<'static, App>, files: &[PathBuf]) {
    for f in files {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(f.clone())));
    }
    h.step();
}

/// Names of the inspection's photos, in the order attached.
fn attached(dir: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(dir.join("rpma.db")).unwrap();
    let mut st = c
        .prepare(
            "SELECT original_name FROM intervention_photos WHERE step = 0
             AND deleted_at IS NULL ORDER BY added_at, rowid",
        )
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The import's Cancel button, in the photo card.
fn cancel_label() -> String {
    format!("{} Annuler", icons::X)
}

#[test]
fn three_photos_dropped_are_counted_in_the_status_bar_with_a_bar_then_attached() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let pics = tempfile::tempdir().unwrap();
    let mut h = app_configured(dir.path(), false, |_| {});
    started(&mut h);
    assert!(!shows(&h, "Photos :"));
    drop_files(&mut h, &pictures(pics.path(), 3));
    // What the user sees while they arrive, frame after frame.
    let mut counts = Vec::new();
    let mut bar = false;
    for _ in 0..6 {
        h.step();
        for n in 0..=3 {
            let text = format!("Photos : {n} / 3");
            if shows(&h, &text) && counts.last() != Some(&text) {
                counts.push(text);
            }
        }
        bar |= shows(&h, "Import des photos") && shows(&h, &cancel_label());
    }
    assert!(
        counts.contains(&"Photos : 1 / 3".to_owned())
            && counts.contains(&"Photos : 2 / 3".to_owned()),
        "the status bar counted the photos: {counts:?}"
    );
    assert!(bar, "the photo card showed the import's bar with Cancel");
    assert!(
        wait_for(&mut h, |_| attached(dir.path()).len() == 3),
        "{}",
        texts(&h)
    );
    assert_eq!(
        attached(dir.path()),
        ["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg"]
    );
    // Over: the bar and the count are gone, and nothing says it was stopped.
    h.run_steps(3);
    assert!(!shows(&h, "Photos :"), "{}", texts(&h));
    assert!(!shows(&h, "Import des photos"), "{}", texts(&h));
    assert!(!shows(&h, "Import arrêté"));
    assert!(h.state().running_tasks().is_empty());
}

#[test]
fn cancel_stops_the_import_between_two_photos_and_says_how_many_were_left() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let pics = tempfile::tempdir().unwrap();
    // A tall window: the photo card is on show without scrolling (a scroll animates).
    let mut h = app_configured_sized(dir.path(), false, [1280.0, 2000.0], |_| {});
    started(&mut h);
    drop_files(&mut h, &pictures(pics.path(), 10));
    // Some are in, not all: the bar is there with its Cancel.
    let before = attached(dir.path()).len();
    assert!(before < 10, "{before}");
    assert!(shows(&h, &cancel_label()), "{}", texts(&h));
    h.get_by_label(&cancel_label()).click();
    assert!(
        wait_for(&mut h, |h| shows(h, "Import arrêté")),
        "{}",
        texts(&h)
    );
    let names = attached(dir.path());
    let n = names.len();
    assert!(
        (before..10).contains(&n),
        "stopped between two photos: {names:?}"
    );
    let expected: Vec<String> = (1..=n).map(|i| format!("IMG_{i:04}.jpg")).collect();
    assert_eq!(
        names, expected,
        "the photos already in stay attached, in order"
    );
    let left = 10 - n;
    let message = if n == 1 {
        format!("Import arrêté : 1 photo importée, {left} non importées.")
    } else if left == 1 {
        format!("Import arrêté : {n} photos importées, 1 non importée.")
    } else {
        format!("Import arrêté : {n} photos importées, {left} non importées.")
    };
    assert!(shows(&h, &message), "{}", texts(&h));
    // The rest never reached the photo store, and nothing more arrives.
    let originals = walk(&dir.path().join("photos").join("originals"));
    assert_eq!(originals, n, "only the photos imported were stored");
    h.run_steps(10);
    assert_eq!(attached(dir.path()).len(), n);
    assert!(!shows(&h, "Photos :"), "{}", texts(&h));
    assert!(h.state().running_tasks().is_empty());
}

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
