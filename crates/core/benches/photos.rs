//! Photo ingest speed (the intervention issue's figure: importing 20 photos of 12 megapixels, each
//! thumbnail ready in < 200 ms on one core). What the app's photo thread does per imported file,
//! timed on the calling thread: [`PhotoStore::ingest_file`] = read + SHA-256 + format check + full
//! decode + EXIF + orientation + thumbnail (long side 320, JPEG q80) + durable writes (temporary
//! file, fsync, rename, fsync of the folder) of the original and the thumbnail. Also the
//! thumbnail read-back the step screen asks for, its rebuild from the original, and the viewer's
//! `display_image(2048)`. For context, the decode and the hash alone are timed too.
//!
//! The 20 fixtures (4000×3000 JPEG q85 with EXIF, distinct seeds, one in four stored with
//! orientation 6 as from a phone held upright) take about a second each to generate, so they are
//! cached in `$RPMA_BENCH_PHOTOS` (default `/var/tmp/rpma-bench-photos/`), shared with the
//! `ui_frames` bench. The photo store is fresh for each run, under `/var/tmp`.
//!
//! Run (built first, then pinned to one core):
//! `cargo bench -p rpma-core --bench photos --no-run && taskset -c 0 cargo bench -p rpma-core --bench photos`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rpma_core::photos::PhotoStore;
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};
use sha2::{Digest as _, Sha256};

/// Number of 12-megapixel photos imported.
const PHOTOS: u64 = 20;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// min / median / p95 / max of `times`, one line.
fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    let p95 = times[((n as f64) * 0.95).ceil() as usize - 1];
    println!(
        "{name:<46} min {:>7.1} ms   median {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms   ({n} runs)",
        ms(times[0]),
        ms(times[n / 2]),
        ms(p95),
        ms(times[n - 1]),
    );
}

/// The cache folder of generated fixtures.
fn cache_dir() -> PathBuf {
    std::env::var_os("RPMA_BENCH_PHOTOS").map_or_else(
        || PathBuf::from("/var/tmp/rpma-bench-photos"),
        PathBuf::from,
    )
}

/// The fixture for `seed`: made once, then read from the cache. The file name says what it holds
/// (the `ui_frames` bench uses the same names).
fn fixture(dir: &Path, width: u32, height: u32, seed: u64, orientation: u16) -> PathBuf {
    let path = dir.join(format!("{width}x{height}-s{seed}-o{orientation}.jpg"));
    if path.is_file() {
        return path;
    }
    let bytes = jpeg_with_exif(&FixtureSpec {
        width,
        height,
        seed,
        orientation,
        taken_at: Some("2026-11-22T10:15:00".into()),
        camera: Some(("Sony".into(), "ILCE-7M3".into())),
        gps: Some((45.76, 4.84)),
        label: None,
    });
    // Written aside then renamed: a bench running meanwhile never reads half a file.
    let tmp = dir.join(format!(".{seed}-{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// The 20 photos of 12 megapixels (seeds 1000…1019; one in four with orientation 6).
fn twelve_mp(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let t = Instant::now();
    // Two generators at a time (this machine kind has 2 cores); cached files are just listed.
    let files: Vec<PathBuf> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2u64)
            .map(|half| {
                s.spawn(move || {
                    (0..PHOTOS)
                        .filter(|i| i % 2 == half)
                        .map(|i| (i, fixture(dir, 4000, 3000, 1000 + i, orientation_of(i))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<(u64, PathBuf)> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        all.sort();
        all.into_iter().map(|(_, p)| p).collect()
    });
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    println!(
        "fixtures: {} × 4000×3000 JPEG q85 + EXIF, {:.1} MB on average, in {} ({:.1} s to make or find)",
        files.len(),
        bytes as f64 / files.len() as f64 / 1e6,
        dir.display(),
        t.elapsed().as_secs_f64()
    );
    files
}

/// One in four photos is stored sideways (EXIF orientation 6), as a phone held upright does.
fn orientation_of(i: u64) -> u16 {
    if i % 4 == 3 { 6 } else { 1 }
}

/// Each round imports the 20 photos into a fresh store (more samples on a noisy machine).
const ROUNDS: usize = 3;

#[derive(Default)]
struct Samples {
    decode: Vec<Duration>,
    hash: Vec<Duration>,
    shrink: Vec<Duration>,
    fsync: Vec<Duration>,
    ingest: Vec<Duration>,
    /// Wall time of each round's 20 imports back to back.
    batches: Vec<Duration>,
    thumb_read: Vec<Duration>,
    thumb_rebuild: Vec<Duration>,
    display: Vec<Duration>,
}

fn round(files: &[PathBuf], s: &mut Samples) {
    let work = tempfile::Builder::new()
        .prefix("rpma-bench-photostore-")
        .tempdir_in("/var/tmp")
        .unwrap();
    let store = PhotoStore::new(work.path().join("photos"));

    // Context: parts of an import, alone.
    let scratch = work.path().join("scratch.jpg");
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        let t = Instant::now();
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).unwrap();
        s.decode.push(t.elapsed());
        assert_eq!(img.width() * img.height(), 12_000_000);
        let t = Instant::now();
        std::hint::black_box(img.thumbnail(320, 320));
        s.shrink.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(Sha256::digest(&bytes));
        s.hash.push(t.elapsed());
        let t = Instant::now();
        let mut out = std::fs::File::create(&scratch).unwrap();
        out.write_all(&bytes).unwrap();
        out.sync_all().unwrap();
        s.fsync.push(t.elapsed());
    }

    // The import itself, one file after the other on this thread, as the photo thread does.
    let mut stored = Vec::new();
    let all = Instant::now();
    for f in files {
        let t = Instant::now();
        let p = store.ingest_file(f).unwrap();
        s.ingest.push(t.elapsed());
        assert!(!p.already_stored, "fresh store");
        stored.push(p);
    }
    s.batches.push(all.elapsed());

    // What the step screen asks for each photo shown: the stored thumbnail, decoded to RGBA.
    for p in &stored {
        let t = Instant::now();
        let img = store.thumbnail(&p.sha256, &p.mime).unwrap();
        s.thumb_read.push(t.elapsed());
        assert_eq!(img.width().max(img.height()), 320);
    }
    // A lost thumbnail is rebuilt from the original (and written back).
    for p in &stored {
        std::fs::remove_file(store.thumb_path(&p.sha256)).unwrap();
        let t = Instant::now();
        std::hint::black_box(store.thumbnail(&p.sha256, &p.mime).unwrap());
        s.thumb_rebuild.push(t.elapsed());
        assert!(store.thumb_path(&p.sha256).is_file());
    }
    // The viewer's image: decode, 2×2 averaging to 2000×1500, orientation, RGBA.
    for p in &stored {
        let t = Instant::now();
        let img = store.display_image(&p.sha256, &p.mime, 2048).unwrap();
        s.display.push(t.elapsed());
        assert!(img.width().max(img.height()) <= 2048);
    }
}

fn main() {
    println!("rpma-core photos bench (optimised, one thread, {ROUNDS} rounds of 20 photos)");
    let files = twelve_mp(&cache_dir());
    let mut s = Samples::default();
    for _ in 0..ROUNDS {
        round(&files, &mut s);
    }
    report("JPEG decode alone (image, 12 MP)", s.decode);
    report("SHA-256 alone", s.hash);
    report("12 MP → 320 px alone (DynamicImage::thumbnail)", s.shrink);
    report("write + fsync of the original alone", s.fsync);
    report("ingest_file (all of it: thumbnail ready)", s.ingest);
    let batches: Vec<String> = s
        .batches
        .iter()
        .map(|d| format!("{:.2} s", d.as_secs_f64()))
        .collect();
    println!(
        "{:<46} {} ({:.1} ms a photo at best)",
        "ingest, 20 photos back to back",
        batches.join(", "),
        ms(*s.batches.iter().min().unwrap()) / files.len() as f64
    );
    report("thumbnail() read back (320 px, to RGBA)", s.thumb_read);
    report("thumbnail() rebuilt from the original", s.thumb_rebuild);
    report("display_image(2048)", s.display);
}
