//! End to end: the real `rpma` binary, started with `--demo` under a virtual X server (Xvfb),
//! must draw a real window — a screenshot of the screen has to show the app's colours, not a
//! blank root window — and log its first frame.
//!
//! Needs `Xvfb` and `xwd` (Debian/Ubuntu: `apt-get install xvfb xauth x11-apps`). Without them
//! the test is skipped loudly, except under CI (`CI` set) where it fails.

#![cfg(target_os = "linux")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::panic
)]

use std::collections::HashSet;
use std::fs::File;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Screen size of the virtual display (room for the app's default window).
const SCREEN: (u32, u32) = (1280, 800);
/// How long the app may take to show its window.
const WINDOW_TIMEOUT: Duration = Duration::from_secs(40);
/// How long Xvfb may take to open its socket.
const XVFB_TIMEOUT: Duration = Duration::from_secs(5);
/// The light theme's background (`Tokens::LIGHT.bg`).
const THEME_BG: [u8; 3] = [0xf3, 0xf4, 0xf6];
/// The accent (`Tokens::LIGHT.accent`, same in the dark theme).
const THEME_ACCENT: [u8; 3] = [0x36, 0xc5, 0xa8];
/// Distinct colours a drawn UI has at least (text anti-aliasing alone gives many more).
const MIN_COLOURS: usize = 20;
/// Share of the screen that must be the theme's background or accent.
const MIN_THEME_SHARE: f64 = 0.05;

fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| {
            p.metadata()
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

/// Kills the app and the X server however the test ends.
struct Processes {
    app: Option<Child>,
    xvfb: Option<(Child, u32)>,
}

/// Waits up to `limit` for `child` to exit.
fn wait_for_exit(child: &mut Child, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().ok().flatten().is_some() {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Stops Xvfb with SIGTERM (so it removes its lock file and socket), SIGKILL if it lingers;
/// then removes whatever it left behind.
fn stop_xvfb(mut child: Child, display: u32) {
    let termed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !termed || !wait_for_exit(&mut child, Duration::from_secs(3)) {
        child.kill().ok();
    }
    child.wait().ok();
    std::fs::remove_file(format!("/tmp/.X{display}-lock")).ok();
    std::fs::remove_file(format!("/tmp/.X11-unix/X{display}")).ok();
}

impl Drop for Processes {
    fn drop(&mut self) {
        if let Some(mut app) = self.app.take() {
            app.kill().ok();
            app.wait().ok();
        }
        if let Some((xvfb, display)) = self.xvfb.take() {
            stop_xvfb(xvfb, display);
        }
    }
}

/// Starts Xvfb on the first free display from :140; returns the display number.
fn start_xvfb(xvfb: &Path, procs: &mut Processes, log_dir: &Path) -> u32 {
    let mut tried = Vec::new();
    for n in 140..240u32 {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
        if socket.exists() || lock.exists() {
            continue;
        }
        let log = log_dir.join(format!("xvfb-{n}.log"));
        let mut child = Command::new(xvfb)
            .arg(format!(":{n}"))
            .args(["-screen", "0"])
            .arg(format!("{}x{}x24", SCREEN.0, SCREEN.1))
            .args(["-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(File::create(&log).unwrap())
            .stderr(File::create(&log).unwrap())
            .spawn()
            .expect("start Xvfb");
        let started = Instant::now();
        let outcome = loop {
            if socket.exists() {
                break Ok(());
            }
            if let Some(st) = child.try_wait().unwrap() {
                break Err(format!("exited with {st}"));
            }
            if started.elapsed() > XVFB_TIMEOUT {
                break Err(format!("no socket after {XVFB_TIMEOUT:?}"));
            }
            thread::sleep(Duration::from_millis(50));
        };
        match outcome {
            Ok(()) => {
                procs.xvfb = Some((child, n));
                return n;
            }
            Err(why) => {
                // Not ours to clean up: the display may belong to a server started meanwhile.
                child.kill().ok();
                child.wait().ok();
                let out = std::fs::read_to_string(&log).unwrap_or_default();
                tried.push(format!(":{n}: {why}\n{out}"));
                if tried.len() >= 5 {
                    break;
                }
            }
        }
    }
    panic!("could not start Xvfb:\n{}", tried.join("\n"));
}

/// A decoded screenshot: RGB pixels, row by row.
struct Screenshot {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn be_u32(b: &[u8], field: usize) -> u32 {
    let i = field * 4;
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Reads one colour channel from a pixel value, scaled to 8 bits.
fn channel(pixel: u32, mask: u32) -> u8 {
    if mask == 0 {
        return 0;
    }
    let shift = mask.trailing_zeros();
    let bits = (mask >> shift).count_ones();
    let v = (pixel & mask) >> shift;
    let max = (1u32 << bits) - 1;
    u8::try_from(v * 255 / max).unwrap_or(u8::MAX)
}

/// Parses an XWD file (X Window Dump, version 7, ZPixmap true colour, 24 or 32 bits per pixel).
fn parse_xwd(data: &[u8]) -> Result<Screenshot, String> {
    const HEADER_FIELDS: usize = 25;
    if data.len() < HEADER_FIELDS * 4 {
        return Err(format!("XWD file too short ({} bytes)", data.len()));
    }
    let header_size = be_u32(data, 0) as usize;
    let file_version = be_u32(data, 1);
    let pixmap_format = be_u32(data, 2);
    let width = be_u32(data, 4);
    let height = be_u32(data, 5);
    let byte_order = be_u32(data, 7);
    let bits_per_pixel = be_u32(data, 11);
    let bytes_per_line = be_u32(data, 12) as usize;
    let visual_class = be_u32(data, 13);
    let masks = [be_u32(data, 14), be_u32(data, 15), be_u32(data, 16)];
    let ncolors = be_u32(data, 19) as usize;
    if file_version != 7 {
        return Err(format!("XWD version {file_version}, expected 7"));
    }
    if pixmap_format != 2 {
        return Err(format!(
            "XWD pixmap format {pixmap_format}, expected ZPixmap (2)"
        ));
    }
    // TrueColor (4) or DirectColor (5): pixels carry the colour in their bits.
    if visual_class != 4 && visual_class != 5 {
        return Err(format!(
            "XWD visual class {visual_class}, expected true colour"
        ));
    }
    let bytes_pp = match bits_per_pixel {
        32 => 4,
        24 => 3,
        other => return Err(format!("XWD with {other} bits per pixel is not supported")),
    };
    let image_start = header_size + ncolors * 12;
    let needed = image_start + bytes_per_line * height as usize;
    if data.len() < needed || bytes_per_line < width as usize * bytes_pp {
        return Err(format!(
            "XWD truncated: {} bytes, need {needed} ({width}×{height}, {bytes_per_line} bytes/line)",
            data.len()
        ));
    }
    let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height as usize {
        let line = &data[image_start + y * bytes_per_line..][..width as usize * bytes_pp];
        for px in line.chunks_exact(bytes_pp) {
            let mut bytes = [0u8; 4];
            let pixel = if byte_order == 0 {
                // LSBFirst
                bytes[..bytes_pp].copy_from_slice(px);
                u32::from_le_bytes(bytes)
            } else {
                bytes[4 - bytes_pp..].copy_from_slice(px);
                u32::from_be_bytes(bytes)
            };
            rgb.extend(masks.iter().map(|&m| channel(pixel, m)));
        }
    }
    Ok(Screenshot { width, height, rgb })
}

/// What the screenshot shows.
#[derive(Debug, Clone, Copy)]
struct Analysis {
    colours: usize,
    bg_share: f64,
    accent_share: f64,
}

impl Analysis {
    fn looks_drawn(self) -> bool {
        self.colours >= MIN_COLOURS && self.bg_share + self.accent_share >= MIN_THEME_SHARE
    }
}

fn near(px: &[u8], target: [u8; 3], tolerance: u8) -> bool {
    px.iter()
        .zip(target)
        .all(|(&a, b)| a.abs_diff(b) <= tolerance)
}

fn analyse(shot: &Screenshot) -> Analysis {
    let mut colours = HashSet::new();
    let (mut bg, mut accent, mut total) = (0usize, 0usize, 0usize);
    for px in shot.rgb.chunks_exact(3) {
        colours.insert([px[0], px[1], px[2]]);
        total += 1;
        if near(px, THEME_BG, 3) {
            bg += 1;
        } else if near(px, THEME_ACCENT, 6) {
            accent += 1;
        }
    }
    let total = total.max(1) as f64;
    Analysis {
        colours: colours.len(),
        bg_share: bg as f64 / total,
        accent_share: accent as f64 / total,
    }
}

/// `xwd -root` of the display into `out`, killed if it takes more than 10 s.
fn capture(xwd: &Path, display: u32, out: &Path) -> Result<Screenshot, String> {
    std::fs::remove_file(out).ok();
    let mut child = Command::new(xwd)
        .args(["-root", "-silent", "-display"])
        .arg(format!(":{display}"))
        .arg("-out")
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run xwd: {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break st;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().ok();
            child.wait().ok();
            return Err("xwd hung".to_owned());
        }
        thread::sleep(Duration::from_millis(20));
    };
    if !status.success() {
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        return Err(format!(
            "xwd failed ({status}): {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let data = std::fs::read(out).map_err(|e| format!("xwd output unreadable: {e}"))?;
    parse_xwd(&data)
}

fn save_png(shot: &Screenshot, path: &Path) {
    let img = image::RgbImage::from_raw(shot.width, shot.height, shot.rgb.clone())
        .expect("screenshot buffer size");
    img.save(path).expect("save screenshot PNG");
}

/// Log files `rpma.*.log` in `logs`, concatenated.
fn read_logs(logs: &Path) -> String {
    let mut text = String::new();
    if let Ok(entries) = std::fs::read_dir(logs) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("rpma.") && name.ends_with(".log") {
                text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    text
}

#[test]
fn demo_window_is_drawn_under_xvfb() {
    let (Some(xvfb), Some(xwd)) = (find_in_path("Xvfb"), find_in_path("xwd")) else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "Xvfb missing in CI: .ci/run must install xvfb (Xvfb on PATH: {:?}, xwd on PATH: {:?})",
                find_in_path("Xvfb"),
                find_in_path("xwd")
            );
        }
        eprintln!();
        eprintln!("==================================================================");
        eprintln!(
            "SKIPPED e2e_window: Xvfb not installed (apt-get install xvfb xauth x11-apps imagemagick)"
        );
        eprintln!("==================================================================");
        eprintln!();
        return;
    };

    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("data");
    let runtime_dir = tmp.path().join("runtime");
    std::fs::create_dir(&runtime_dir).unwrap();
    std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let cache_dir = tmp.path().join("cache");
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();

    let mut procs = Processes {
        app: None,
        xvfb: None,
    };
    let display = start_xvfb(&xvfb, &mut procs, &work);

    let app_out = work.join("app.stdout");
    let app_err = work.join("app.stderr");
    procs.app = Some(
        Command::new(env!("CARGO_BIN_EXE_rpma"))
            .arg("--demo")
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["--lang", "fr"])
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("RPMA_DATA_DIR")
            .env("DISPLAY", format!(":{display}"))
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .env("XDG_RUNTIME_DIR", &runtime_dir)
            .env("XDG_CACHE_HOME", &cache_dir)
            .stdin(Stdio::null())
            .stdout(File::create(&app_out).unwrap())
            .stderr(File::create(&app_err).unwrap())
            .spawn()
            .expect("start rpma"),
    );
    let app_output = || {
        format!(
            "--- app stdout ---\n{}\n--- app stderr ---\n{}\n--- app log ---\n{}",
            std::fs::read_to_string(&app_out).unwrap_or_default(),
            std::fs::read_to_string(&app_err).unwrap_or_default(),
            read_logs(&data_dir.join("logs"))
        )
    };

    let xwd_file = work.join("screen.xwd");
    let png = std::env::temp_dir().join("rpma-e2e-window.png");
    let started = Instant::now();
    let mut last: Option<(Screenshot, Analysis)> = None;
    let mut last_error = String::new();
    let drawn = loop {
        if let Some(app) = procs.app.as_mut()
            && let Some(st) = app.try_wait().unwrap()
        {
            if let Some((shot, _)) = &last {
                save_png(shot, &png);
            }
            panic!(
                "rpma exited ({st}) before its window was drawn; last screenshot: {:?}\n{}",
                last.as_ref().map(|(_, a)| *a),
                app_output()
            );
        }
        match capture(&xwd, display, &xwd_file) {
            Ok(shot) => {
                let a = analyse(&shot);
                let done = a.looks_drawn();
                last = Some((shot, a));
                if done {
                    break true;
                }
            }
            Err(e) => last_error = e,
        }
        if started.elapsed() > WINDOW_TIMEOUT {
            break false;
        }
        thread::sleep(Duration::from_millis(250));
    };
    let elapsed = started.elapsed();
    if let Some((shot, _)) = &last {
        save_png(shot, &png);
        eprintln!("e2e_window: screenshot saved to {}", png.display());
    }
    let analysis = last.as_ref().map(|(_, a)| *a);
    assert!(
        drawn,
        "no RPMA window on screen after {WINDOW_TIMEOUT:?}: last screenshot {analysis:?} \
         (need ≥ {MIN_COLOURS} colours and ≥ {MIN_THEME_SHARE} of theme background/accent), \
         screenshot: {}, last capture error: {last_error:?}\n{}",
        png.display(),
        app_output()
    );
    eprintln!("e2e_window: window drawn after {elapsed:?}: {analysis:?}");
    if let Some((shot, _)) = &last {
        assert_eq!((shot.width, shot.height), SCREEN, "unexpected screen size");
    }

    // The first frame is logged (the log writer is asynchronous: give it a moment).
    let logs = data_dir.join("logs");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !read_logs(&logs).contains("first frame ready") && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(100));
    }
    let log_text = read_logs(&logs);
    assert!(
        !log_text.is_empty(),
        "no rpma.*.log in {}\n{}",
        logs.display(),
        app_output()
    );
    assert!(
        log_text.contains("first frame ready"),
        "\"first frame ready\" not logged\n{}",
        app_output()
    );
    // The demo shop was created in the given folder.
    assert!(
        data_dir.join("rpma.db").is_file(),
        "no database in {}\n{}",
        data_dir.display(),
        app_output()
    );

    drop(procs);
}
