//! UI frame CPU time on a large shop (issue 4's figure: the jobs list and the calendar's month
//! view stay under 4 ms per frame at p95 while scrolling). The real app runs with its real
//! database worker on a copy of the bench database (50,000 clients, 100,000 jobs); each frame is
//! timed from input to tessellated shapes — everything the UI thread does except handing the
//! triangles to the GPU. AccessKit is on (the test harness needs it), so the figures are an upper
//! bound of a normal run.
//!
//! Run: `cargo bench --bench ui_frames` (after `cargo bench -p rpma-core --bench planning` made
//! the database, `$RPMA_BENCH_DB`, default `/var/tmp/rpma-bench-100k.db`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, MouseWheelSource, MouseWheelUnit, TouchPhase, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::jobs::WorkerEnv;
use rpma::{App, AppConfig, Backend};
use rpma_core::{Lang, Store};

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
