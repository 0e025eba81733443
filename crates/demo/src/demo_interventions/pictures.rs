//! The demo's pictures: the pool of JPEG photos with EXIF, and hand-drawn-looking signatures.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use rand::Rng as _;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest as _, Sha256};

use super::PHOTO_POOL;
use rpma_core::error::{CoreError, CoreResult};
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};
use rpma_core::photos::{MIME_JPEG, PhotoFile, PhotoStore, read_exif};

/// Generates the photo pool: distinct 800×600 JPEGs with EXIF (date, camera, GPS near Lyon),
/// stored in the data folder's photo store when there is one (else only described: the records
/// then point at files that were never written). The pictures are drawn on every core at once
/// (drawing is the slow part); what they show comes from `rng` alone.
pub(super) fn photo_pool(
    rng: &mut ChaCha8Rng,
    now: i64,
    data_dir: Option<&Path>,
) -> CoreResult<Vec<PhotoFile>> {
    let store = data_dir.map(PhotoStore::for_data_dir);
    let today = chrono::DateTime::from_timestamp_millis(now)
        .map(|d| d.with_timezone(&rpma_core::format::DEFAULT_TZ).date_naive())
        .unwrap_or_default();
    let mut specs = Vec::with_capacity(PHOTO_POOL);
    for i in 0..PHOTO_POOL {
        let sony = i % 3 != 2;
        let (make, model) = if sony {
            ("Sony", "ILCE-7M3")
        } else {
            ("Apple", "iPhone 15 Pro")
        };
        let day = today - chrono::Days::new(u64::try_from(i * 2).unwrap_or(0));
        let taken = format!(
            "{}T{:02}:{:02}:{:02}",
            day.format("%Y-%m-%d"),
            rng.random_range(8..18),
            rng.random_range(0..60),
            rng.random_range(0..60)
        );
        let spec = FixtureSpec {
            width: 800,
            height: 600,
            seed: rng.random(),
            orientation: 1,
            taken_at: Some(taken),
            camera: Some((make.to_owned(), model.to_owned())),
            gps: Some((
                45.76 + rng.random_range(-0.01..0.01),
                4.84 + rng.random_range(-0.01..0.01),
            )),
            label: Some(format!("RPMA démo {}", i + 1)),
        };
        let name = if sony {
            format!("DSC{:05}.JPG", 1200 + i * 7)
        } else {
            format!("IMG_{:04}.JPG", 3100 + i * 11)
        };
        specs.push((spec, name));
    }
    let make = |(spec, name): &(FixtureSpec, String)| -> CoreResult<PhotoFile> {
        let bytes = jpeg_with_exif(spec);
        match &store {
            Some(s) => s.ingest_bytes(&bytes, name),
            None => {
                let exif = read_exif(&bytes);
                Ok(PhotoFile {
                    sha256: hex::encode(Sha256::digest(&bytes)),
                    bytes: bytes.len() as u64,
                    mime: MIME_JPEG.to_owned(),
                    width: spec.width,
                    height: spec.height,
                    orientation: exif.orientation,
                    taken_at: exif.taken_at,
                    camera: exif.camera,
                    gps: exif.gps,
                    original_name: name.clone(),
                    already_stored: false,
                })
            }
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, specs.len().max(1));
    let per_worker = specs.len().div_ceil(workers).max(1);
    let made: Vec<CoreResult<PhotoFile>> = std::thread::scope(|scope| {
        let make = &make;
        let handles: Vec<_> = specs
            .chunks(per_worker)
            .map(|chunk| {
                let work = move || chunk.iter().map(make).collect::<Vec<_>>();
                (
                    chunk,
                    std::thread::Builder::new()
                        .name("rpma-demo-photos".into())
                        .spawn_scoped(scope, work),
                )
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(chunk, handle)| match handle {
                Ok(h) => h.join().unwrap_or_else(|_| {
                    vec![Err(CoreError::io(
                        "photos",
                        std::io::Error::other("the demo photo worker stopped"),
                    ))]
                }),
                // No thread to spare: draw them here.
                Err(_) => chunk.iter().map(make).collect(),
            })
            .collect()
    });
    made.into_iter().collect()
}

/// A hand-drawn-looking signature (a run of cursive loops of varying height, then an
/// underline), as a PNG.
pub(super) fn signature_png(rng: &mut ChaCha8Rng) -> CoreResult<Vec<u8>> {
    let (w, h) = (360_u32, 120_u32);
    let mut img = RgbaImage::new(w, h);
    let ink = Rgba([24, 34, 92, 255]);
    // A prolate cycloid: loops where the pen runs back (`loop_r` > `advance`).
    let advance = rng.random_range(5.5..7.5_f32);
    let loop_r = advance * rng.random_range(1.7..2.3_f32);
    let height = rng.random_range(18.0..28.0_f32);
    let rhythm = rng.random_range(0.0..std::f32::consts::TAU);
    let slant = rng.random_range(-0.1..0.1_f32);
    let mut stroke = Vec::new();
    let mut t = -1.2_f32;
    loop {
        let x = 40.0 + advance * t - loop_r * t.sin();
        if x > 320.0 || t > 80.0 {
            break;
        }
        let size = 0.55 + 0.45 * (0.45 * t + rhythm).sin().abs();
        let y = 66.0 - height * size * t.cos() + slant * (x - 180.0);
        stroke.push((x, y));
        t += 0.1;
    }
    polyline(&mut img, &stroke, ink);
    let (x0, x1) = (
        rng.random_range(30.0..70.0_f32),
        rng.random_range(250.0..330.0_f32),
    );
    polyline(
        &mut img,
        &[(x0, 100.0), ((x0 + x1) / 2.0, 106.0), (x1, 96.0)],
        ink,
    );
    let mut out = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .map_err(|e| CoreError::io("signature.png", std::io::Error::other(e)))?;
    Ok(out)
}

/// Draws connected segments with a round 3-pixel pen.
fn polyline(img: &mut RgbaImage, pts: &[(f32, f32)], ink: Rgba<u8>) {
    for seg in pts.windows(2) {
        let [(ax, ay), (bx, by)] = [
            seg.first().copied().unwrap_or_default(),
            seg.get(1).copied().unwrap_or_default(),
        ];
        let steps = ((bx - ax).hypot(by - ay) * 2.0).ceil().max(1.0) as u32;
        for s in 0..=steps {
            let f = s as f32 / steps as f32;
            let (cx, cy) = (ax + (bx - ax) * f, ay + (by - ay) * f);
            for dy in -2..=2_i32 {
                for dx in -2..=2_i32 {
                    let (px, py) = (cx.round() as i32 + dx, cy.round() as i32 + dy);
                    let d = (px as f32 - cx).hypot(py as f32 - cy);
                    if d <= 1.5
                        && let (Ok(x), Ok(y)) = (u32::try_from(px), u32::try_from(py))
                        && x < img.width()
                        && y < img.height()
                    {
                        img.put_pixel(x, y, ink);
                    }
                }
            }
        }
    }
}
