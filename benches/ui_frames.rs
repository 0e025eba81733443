//! UI frame CPU time on a large shop (issue 4's figure: the jobs list and the calendar's month
//! view stay under 4 ms per frame at p95 while scrolling). The real app runs with its real
//! database worker on a copy of the bench database (50,000 clients, 100,000 jobs); each frame is
//! timed from input to tessellated shapes — everything the UI thread does except handing the
//! triangles to the GPU. AccessKit is on (the test harness needs it), so the figures are an upper
//! bound of a normal run.
//!
//! Run: `cargo bench --bench ui_frames` (after `cargo bench -p rpma-core --bench planning` made
//! the database, `$RPMA_BENCH_DB`, default `/var/tmp/rpma-bench-100k.db`).
//!
//! Two more scenarios, on a small shop of their own (a technician, a Standard job of 3 zones), for
//! the intervention issue's figures:
//! - `photo-import`: the technician has started the intervention and shows the inspection step;
//!   20 photos of 12 megapixels are dropped on the window at once. Frames are driven without a
//!   pause (one every ≈ 5 ms of wall time, more than 60 a second) until the 20 photos are
//!   attached and their thumbnails are textures: frame time max / p99 / p95 / median meanwhile,
//!   the total time, and each photo's import time as the photo thread measured it
//!   (`PhotoDone::Imported { took }`, read from the app's `photo stored` debug event).
//! - `photo-step`: an inspection step that already holds 60 photos (1600×1200, attached with core
//!   calls before the app opens); once its 60 thumbnails are textures, idle frames and frames
//!   while wheel-scrolling the step, and a check that no texture is created or freed while they
//!   run.
//!
//! These two also report apart the frames during which the kernel preempted the UI thread (on a
//! busy machine their wall time includes waiting for a core), and how many exceeded 16 ms.
//!
//! The photos are generated once and cached in `$RPMA_BENCH_PHOTOS` (default
//! `/var/tmp/rpma-bench-photos/`, shared with `cargo bench -p rpma-core --bench photos`); the data
//! folders are temporary folders under `/var/tmp`. Scenarios can be picked by name:
//! `cargo bench --bench ui_frames -- photo` runs the two photo scenarios only (no large database
//! needed), `-- shop` the jobs list and calendar only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::epaint::{ClippedPrimitive, Primitive};
use egui::{Event, Modifiers, MouseWheelSource, MouseWheelUnit, TextureId, TouchPhase, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::jobs::WorkerEnv;
use rpma::route::RouteKind;
use rpma::{App, AppConfig, Backend};
use rpma_core::interventions::{self, PhotoAttach, PhotoSource, ShotChoice};
use rpma_core::photos::PhotoStore;
use rpma_core::{Lang, Store};
use tracing_subscriber::layer::SubscriberExt as _;

#[path = "ui_frames/photo_shop.rs"]
mod photo_shop;
use photo_shop::{fixtures, photo_shop};

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p95 = times[((times.len() as f64) * 0.95).ceil() as usize - 1];
    let max = times[times.len() - 1];
    println!(
        "{name:<48} median {:>6.2} ms   p95 {:>6.2} ms   max {:>6.2} ms   ({} frames)",
        ms(median),
        ms(p95),
        ms(max),
        times.len()
    );
}

/// One frame: the app's update plus tessellation, timed.
fn frame(h: &mut Harness<'static, App>) -> Duration {
    let t = Instant::now();
    h.step();
    let out = h.output();
    let prims = h.ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    let took = t.elapsed();
    std::hint::black_box(prims);
    took
}

/// Lets the worker answer (pages, counts) without timing anything.
fn settle(h: &mut Harness<'static, App>, frames: usize) {
    for _ in 0..frames {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label_contains(label).click();
    settle(h, 30);
}

fn set_field(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    settle(h, 2);
    h.get_by_label(label).type_text(text);
    settle(h, 2);
}

fn wheel(h: &Harness<'static, App>, at: egui::Pos2, dy: f32) {
    h.event(Event::PointerMoved(at));
    h.event(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, dy),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
}

/// `frames` frames of wheel scrolling over `at`: down for the first half, back up after.
fn scroll(h: &mut Harness<'static, App>, at: egui::Pos2, frames: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        let dy = if i < frames / 2 { -90.0 } else { 90.0 };
        wheel(h, at, dy);
        times.push(frame(h));
        // About 60 frames a second of wall time, so the worker's pages arrive as in real use.
        std::thread::sleep(Duration::from_millis(8));
    }
    times
}

fn main() {
    // Photo import times, as the app logs them (see `PhotoStoredLog`). No `log` bridge: only that
    // module's events are dispatched.
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(tracing_subscriber::Layer::with_filter(
            PhotoStoredLog,
            tracing_subscriber::filter::Targets::new()
                .with_target(PHOTOS_MODULE, tracing::Level::DEBUG),
        )),
    )
    .unwrap();
    // `cargo bench` passes `--bench`; other arguments pick scenarios by name.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.iter().any(|w| name.contains(w.as_str()));
    if run("shop") {
        large_shop();
    }
    if run("photo-import") {
        photo_import();
    }
    if run("photo-step") {
        photo_step();
    }
}

/// The jobs list and the calendar on the 100,000-job shop (issue 4).
fn large_shop() {
    let src = std::env::var_os("RPMA_BENCH_DB").map_or_else(
        || PathBuf::from("/var/tmp/rpma-bench-100k.db"),
        PathBuf::from,
    );
    assert!(
        src.is_file(),
        "{} is missing: run `cargo bench -p rpma-core --bench planning` first (it generates it)",
        src.display()
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&src, dir.path().join("rpma.db")).unwrap();
    let (store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
    let config = AppConfig {
        data_dir: Some(dir.path().to_owned()),
        lang: Some(Lang::Fr),
        ..AppConfig::default()
    };
    let env = WorkerEnv {
        data_dir: Some(dir.path().to_owned()),
        session: None,
    };
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| App::new(cc, Backend::Worker(store, env), config));
    settle(&mut h, 20);
    set_field(&mut h, "Identifiant ou e-mail", "admin");
    set_field(&mut h, "Mot de passe", "Demo-Admin-2026");
    click(&mut h, "Se connecter");
    settle(&mut h, 50);
    assert!(h.state().user().is_some(), "signed in");

    // Jobs list: 100,000 rows, paged from the worker as the table scrolls.
    click(&mut h, &format!("   {}", Lang::Fr.tr("nav-jobs")));
    settle(&mut h, 50);
    // The first page is there (a row's job number, `20261207-…`) before frames are timed.
    let is_number = |t: &str| {
        t.len() > 9 && t.as_bytes()[..8].iter().all(u8::is_ascii_digit) && t.as_bytes()[8] == b'-'
    };
    let loaded = Instant::now();
    while h
        .query_all_by(|n| {
            n.value().is_some_and(|v| is_number(&v)) || n.label().is_some_and(|l| is_number(&l))
        })
        .next()
        .is_none()
    {
        assert!(
            loaded.elapsed() < Duration::from_secs(60),
            "the jobs list shows no row"
        );
        settle(&mut h, 1);
    }
    println!(
        "jobs list: first page shown {:.0} ms after the clicked frames",
        loaded.elapsed().as_secs_f64() * 1000.0
    );
    let idle: Vec<Duration> = (0..60).map(|_| frame(&mut h)).collect();
    report("jobs list: idle frames", idle);
    let times = scroll(&mut h, pos2(760.0, 500.0), 400);
    report("jobs list: wheel scrolling (400 frames)", times);

    // Calendar, month view.
    click(&mut h, &format!("   {}", Lang::Fr.tr("nav-calendar")));
    click(&mut h, &Lang::Fr.tr("calendar-view-month"));
    settle(&mut h, 100);
    let idle: Vec<Duration> = (0..60).map(|_| frame(&mut h)).collect();
    report("calendar month: idle frames", idle);
    let times = scroll(&mut h, pos2(760.0, 500.0), 200);
    report("calendar month: wheel scrolling (200 frames)", times);
}

// ---------------------------------------------------------------------------------------------
// Photos (the intervention issue).

/// The module that logs `photo stored` with the photo thread's `took`.
const PHOTOS_MODULE: &str = "rpma::ui::screens::intervention::photos";

const ADMIN_PW: &str = "Admin-Atelier-2026";
const TECH_PW: &str = "Tech-Atelier-2026";

/// `(when the UI thread received it, took)` of every `photo stored` event.
static STORED: Mutex<Vec<(Instant, Duration)>> = Mutex::new(Vec::new());

/// Catches the UI's `tracing::debug!(?took, %name, "photo stored")`, emitted when a
/// `PhotoDone::Imported` comes back from the photo thread: `took` is the photo thread's own
/// measure of the import (hash, checks, EXIF, thumbnail, durable writes). Only that module's
/// events reach it (target filter), so other logging costs nothing during the timed frames.
struct PhotoStoredLog;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for PhotoStoredLog {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        #[derive(Default)]
        struct Fields {
            message: String,
            took: Option<Duration>,
        }
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
                match f.name() {
                    "message" => self.message = format!("{v:?}"),
                    "took" => self.took = parse_duration(&format!("{v:?}")),
                    _ => {}
                }
            }
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.message == "photo stored"
            && let Some(took) = fields.took
        {
            STORED.lock().unwrap().push((Instant::now(), took));
        }
    }
}

/// A `Duration`'s `Debug` text (`1.2s`, `204.5ms`, `930µs`, `12ns`) back to a `Duration`.
fn parse_duration(s: &str) -> Option<Duration> {
    [("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)]
        .into_iter()
        .find_map(|(unit, scale)| {
            let n: f64 = s.strip_suffix(unit)?.parse().ok()?;
            Some(Duration::from_secs_f64(n * scale))
        })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// max / p99 / p95 / median of frame times.
fn report_tail(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    let at = |q: f64| times[((n as f64) * q).ceil() as usize - 1];
    println!(
        "{name:<48} median {:>6.2} ms   p95 {:>6.2} ms   p99 {:>6.2} ms   max {:>6.2} ms   ({n} frames)",
        ms(times[n / 2]),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(times[n - 1]),
    );
}

/// min / median / p95 / max of per-photo latencies.
fn report_photos(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    let p95 = times[((n as f64) * 0.95).ceil() as usize - 1];
    println!(
        "{name:<48} min {:>7.1} ms   median {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms   ({n} photos)",
        ms(times[0]),
        ms(times[n / 2]),
        ms(p95),
        ms(times[n - 1]),
    );
}

/// Times the calling thread was preempted so far (Linux: `nonvoluntary_ctxt_switches` of
/// `/proc/thread-self/status`); `None` elsewhere.
fn preemptions() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("nonvoluntary_ctxt_switches:"))?
        .trim()
        .parse()
        .ok()
}

/// A frame at 60 frames a second.
const FRAME_BUDGET: Duration = Duration::from_millis(16);

/// Frame times, and which frames were preempted (the kernel gave the core to another thread
/// during the frame: on a busy machine their wall time includes a wait for a core, which is not
/// the app's cost).
#[derive(Default)]
struct Frames {
    wall: Vec<Duration>,
    preempted: Vec<bool>,
}

impl Frames {
    fn report(self, name: &str) {
        let calm: Vec<Duration> = self
            .wall
            .iter()
            .zip(&self.preempted)
            .filter(|(_, p)| !**p)
            .map(|(w, _)| *w)
            .collect();
        let all = self.wall.len();
        let over = |t: &[Duration]| t.iter().filter(|d| **d > FRAME_BUDGET).count();
        let (slow, slow_calm) = (over(&self.wall), over(&calm));
        report_tail(name, self.wall);
        if !calm.is_empty() && calm.len() < all {
            report_tail(&format!("{name} (not preempted)"), calm);
        }
        println!(
            "{:<48} {slow} of {all} frames ({slow_calm} of those not preempted)",
            format!("{name}, over 16 ms"),
        );
    }
}

/// One frame, as [`frame`] (update + tessellation), noting whether it was preempted, and
/// returning the tessellated primitives (to see what was painted).
fn frame_prims(h: &mut Harness<'static, App>, into: &mut Frames) -> Vec<ClippedPrimitive> {
    let before = preemptions();
    let t = Instant::now();
    h.step();
    let out = h.output();
    let prims = h.ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    into.wall.push(t.elapsed());
    into.preempted.push(before != preemptions());
    prims
}

/// Times frames and checks, after each (untimed), that the set of textures is the one taken
/// before (none made, none freed), and how many thumbnails were painted.
struct Probe {
    textures: HashSet<TextureId>,
    thumbs: HashSet<TextureId>,
    /// Frames after which the textures differed.
    changed: usize,
    /// Most thumbnails painted in one frame.
    most_thumbs_painted: usize,
    /// Every thumbnail painted at least once.
    thumbs_seen: HashSet<TextureId>,
}

impl Probe {
    fn frame(&mut self, h: &mut Harness<'static, App>, into: &mut Frames) {
        let prims = frame_prims(h, into);
        if all_textures(h) != self.textures {
            self.changed += 1;
        }
        let painted: HashSet<TextureId> = painted_textures(&prims)
            .intersection(&self.thumbs)
            .copied()
            .collect();
        self.most_thumbs_painted = self.most_thumbs_painted.max(painted.len());
        self.thumbs_seen.extend(painted);
    }
}

/// Textures used by the painted meshes.
fn painted_textures(prims: &[ClippedPrimitive]) -> HashSet<TextureId> {
    prims
        .iter()
        .filter_map(|p| match &p.primitive {
            Primitive::Mesh(m) => Some(m.texture_id),
            Primitive::Callback(_) => None,
        })
        .collect()
}

/// Thumbnail textures allocated (`thumb-<sha>`), by hash.
fn thumb_textures(h: &Harness<'static, App>) -> HashMap<String, TextureId> {
    h.ctx
        .tex_manager()
        .read()
        .allocated()
        .filter_map(|(id, meta)| {
            meta.name
                .strip_prefix("thumb-")
                .map(|sha| (sha.to_owned(), *id))
        })
        .collect()
}

/// Every texture allocated.
fn all_textures(h: &Harness<'static, App>) -> HashSet<TextureId> {
    h.ctx
        .tex_manager()
        .read()
        .allocated()
        .map(|(id, _)| *id)
        .collect()
}

/// Pointer over `at` and one wheel notch in the same frame (queued events would each run a frame
/// of their own).
fn wheel_now(h: &mut Harness<'static, App>, at: egui::Pos2, dy: f32) {
    let events = &mut h.input_mut().events;
    events.push(Event::PointerMoved(at));
    events.push(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, dy),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
}

/// The real app with its database worker and photo thread on `dir`, signed in as the
/// technician, on the job's page.
fn open_photo_app(dir: &Path) -> Harness<'static, App> {
    let (store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let config = AppConfig {
        data_dir: Some(dir.to_owned()),
        logs_dir: Some(dir.join("logs")),
        lang: Some(Lang::Fr),
        ..AppConfig::default()
    };
    let env = WorkerEnv {
        data_dir: Some(dir.to_owned()),
        session: None,
    };
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| App::new(cc, Backend::Worker(store, env), config));
    settle(&mut h, 20);
    set_field(&mut h, "Identifiant ou e-mail", "karim");
    set_field(&mut h, "Mot de passe", TECH_PW);
    click(&mut h, "Se connecter");
    settle(&mut h, 30);
    assert!(h.state().user().is_some(), "signed in");
    click(&mut h, &format!("   {}", Lang::Fr.tr("nav-jobs")));
    set_field(&mut h, "Rechercher un travail", "Claire Fontaine");
    settle(&mut h, 20);
    click(&mut h, "Claire Fontaine");
    h
}

/// Frames until `done` holds (every 10 ms), or panics after `limit`.
fn wait_for(
    h: &mut Harness<'static, App>,
    limit: Duration,
    what: &str,
    done: impl Fn(&Harness<'static, App>) -> bool,
) {
    let t = Instant::now();
    while !done(h) {
        assert!(t.elapsed() < limit, "timed out waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

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

fn count_photos(db: &rusqlite::Connection) -> usize {
    db.query_row(
        "SELECT count(*) FROM intervention_photos WHERE deleted_at IS NULL",
        [],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

/// 20 photos of 12 megapixels dropped at once on the inspection step shown.
fn photo_import() {
    const N: usize = 20;
    // Same photos as `cargo bench -p rpma-core --bench photos`: one in four stored sideways.
    let files = fixtures(
        4000,
        3000,
        1000,
        N as u64,
        |i| if i % 4 == 3 { 6 } else { 1 },
    );
    let dir = tempfile::Builder::new()
        .prefix("rpma-bench-ui-import-")
        .tempdir_in("/var/tmp")
        .unwrap();
    photo_shop(dir.path());
    let mut h = open_photo_app(dir.path());
    click(&mut h, "Démarrer l'intervention");
    wait_for(
        &mut h,
        Duration::from_secs(20),
        "the intervention screen",
        |h| {
            h.state().route() == RouteKind::Intervention
                && h.query_all_by_label_contains("Inspection du véhicule")
                    .next()
                    .is_some()
        },
    );
    settle(&mut h, 30);
    let db = rusqlite::Connection::open(dir.path().join("rpma.db")).unwrap();
    assert_eq!(count_photos(&db), 0);
    STORED.lock().unwrap().clear();

    for f in &files {
        h.input_mut()
            .dropped_files
            .push(Arc::new(Dropped(f.clone())));
    }
    let dropped = Instant::now();
    let mut times = Frames::default();
    let mut attached_at: Vec<Duration> = Vec::new();
    let mut texture_at: HashMap<String, Duration> = HashMap::new();
    loop {
        frame_prims(&mut h, &mut times);
        // Bookkeeping outside the timed frame.
        let since = dropped.elapsed();
        for sha in thumb_textures(&h).into_keys() {
            texture_at.entry(sha).or_insert(since);
        }
        let attached = count_photos(&db);
        while attached_at.len() < attached {
            attached_at.push(since);
        }
        if attached == N && texture_at.len() == N {
            break;
        }
        assert!(
            since < Duration::from_secs(180),
            "import not finished after 3 min: {attached} attached, {} thumbnails",
            texture_at.len()
        );
        // Emulates a 60 fps loop that never idles (egui would paint less often).
        std::thread::sleep(Duration::from_millis(5));
    }
    let total = dropped.elapsed();
    let stored: Vec<(Instant, Duration)> = std::mem::take(&mut *STORED.lock().unwrap());
    assert_eq!(
        stored.len(),
        N,
        "expected one `photo stored` debug event per photo from {PHOTOS_MODULE}"
    );
    let mut texture_at: Vec<Duration> = texture_at.into_values().collect();
    texture_at.sort();

    println!(
        "photo import: 20 × 12 MP dropped at once on the inspection step ({} frames, one every ≈ 5 ms)",
        times.wall.len()
    );
    times.report("photo import: frames during the import");
    println!(
        "{:<48} {:>7.2} s (drop → 20 attached, 20 thumbnails as textures)",
        "photo import: total",
        total.as_secs_f64()
    );
    report_photos(
        "photo import: photo thread, import of one photo",
        stored.iter().map(|(_, took)| *took).collect(),
    );
    report_photos(
        "photo import: drop → stored (UI got the result)",
        stored.iter().map(|(at, _)| *at - dropped).collect(),
    );
    report_photos(
        "photo import: drop → attached (in the database)",
        attached_at,
    );
    report_photos("photo import: drop → thumbnail is a texture", texture_at);
}

/// An inspection step holding 60 photos: idle and wheel-scrolling frames, textures constant.
fn photo_step() {
    const N: usize = 60;
    let files = fixtures(1600, 1200, 2000, N as u64, |_| 1);
    let dir = tempfile::Builder::new()
        .prefix("rpma-bench-ui-step-")
        .tempdir_in("/var/tmp")
        .unwrap();
    let (job_id, tech) = photo_shop(dir.path());
    {
        let (mut store, _) = Store::open(&dir.path().join("rpma.db")).unwrap();
        let iv = interventions::start(&mut store, &tech, &job_id).unwrap();
        let max = iv.step_template(iv.current_step).unwrap().max_photos;
        assert!(
            max.is_none_or(|m| m as usize >= N),
            "step allows {max:?} photos"
        );
        let photos = PhotoStore::for_data_dir(dir.path());
        for f in &files {
            let file = photos.ingest_file(f).unwrap();
            let a = interventions::attach_photo(
                &mut store,
                &tech,
                &iv.id,
                &PhotoAttach {
                    step: iv.current_step,
                    file,
                    phase: None,
                    zone_id: None,
                    shot: ShotChoice::None,
                    source: PhotoSource::File,
                },
            )
            .unwrap();
            assert!(!a.duplicate);
        }
    }
    let mut h = open_photo_app(dir.path());
    click(&mut h, "Ouvrir l'intervention");
    wait_for(&mut h, Duration::from_secs(60), "60 thumbnails", |h| {
        h.state().route() == RouteKind::Intervention && thumb_textures(h).len() == N
    });
    settle(&mut h, 30);

    let mut probe = Probe {
        textures: all_textures(&h),
        thumbs: thumb_textures(&h).into_values().collect(),
        changed: 0,
        most_thumbs_painted: 0,
        thumbs_seen: HashSet::new(),
    };
    let mut idle = Frames::default();
    for _ in 0..120 {
        probe.frame(&mut h, &mut idle);
    }
    let painted_idle = probe.most_thumbs_painted;
    // Over the step's body, below the header and the step rail: 100 notches down, 100 back up.
    let mut scrolling = Frames::default();
    for i in 0..200 {
        wheel_now(
            &mut h,
            pos2(760.0, 500.0),
            if i < 100 { -90.0 } else { 90.0 },
        );
        probe.frame(&mut h, &mut scrolling);
        std::thread::sleep(Duration::from_millis(8));
    }
    let painted_scrolling = probe.most_thumbs_painted;
    let frames = idle.wall.len() + scrolling.wall.len();
    idle.report("60-photo step: idle");
    scrolling.report("60-photo step: wheel scrolling");
    println!(
        "{:<48} {} textures ({} thumbnails) before, changed after {} of {frames} frames; \
         thumbnails painted in a frame: up to {painted_idle} idle, {painted_scrolling} \
         scrolling; {} different ones painted in all",
        "60-photo step: textures",
        probe.textures.len(),
        probe.thumbs.len(),
        probe.changed,
        probe.thumbs_seen.len(),
    );
    assert_eq!(
        probe.changed, 0,
        "a texture was created or freed during the measured frames"
    );
    assert!(
        painted_scrolling > painted_idle,
        "scrolling did not bring more thumbnails into view"
    );
}
