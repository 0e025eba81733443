//! Synthetic photos for tests, benches and the demo data: plausible-looking JPEGs (sky/ground
//! gradient, a car-like body, wheels, a sun, sensor noise) with a hand-built EXIF block.
//!
//! Generation is cheap per pixel (a few spans per row, an xorshift for the noise), so a
//! 12-megapixel (4000×3000) photo is practical in a bench.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, RgbImage};

/// What [`jpeg_with_exif`] draws and writes.
#[derive(Debug, Clone, PartialEq)]
pub struct FixtureSpec {
    /// Stored width in pixels (before orientation), clamped to 1..=65 535.
    pub width: u32,
    /// Stored height in pixels (before orientation), clamped to 1..=65 535.
    pub height: u32,
    /// Picks colours and shapes: distinct seeds give distinct pixels, hence distinct SHA-256.
    pub seed: u64,
    /// EXIF orientation tag written (1..=8). `width` × `height` are the stored pixels: with 6,
    /// a 400×300 fixture displays as 300×400, as from a phone held upright. The scene is drawn
    /// so that it looks upright once the orientation is applied.
    pub orientation: u16,
    /// `DateTimeOriginal`, given as `YYYY-MM-DDTHH:MM:SS` (written in EXIF's `YYYY:MM:DD
    /// HH:MM:SS`). Not written when `None` or malformed.
    pub taken_at: Option<String>,
    /// `(Make, Model)`.
    pub camera: Option<(String, String)>,
    /// Decimal degrees (latitude, longitude); negative is south / west.
    pub gps: Option<(f64, f64)>,
    /// Written as the EXIF `ImageDescription` (truncated to 200 bytes); does not change pixels.
    pub label: Option<String>,
}

impl Default for FixtureSpec {
    fn default() -> Self {
        Self {
            width: 640,
            height: 480,
            seed: 1,
            orientation: 1,
            taken_at: None,
            camera: None,
            gps: None,
            label: None,
        }
    }
}

/// Builds the JPEG (quality 85) with its EXIF APP1 segment right after the SOI marker.
///
/// Always returns a complete JPEG (dimensions are clamped into what JPEG allows).
pub fn jpeg_with_exif(spec: &FixtureSpec) -> Vec<u8> {
    let width = spec.width.clamp(1, 65_535);
    let height = spec.height.clamp(1, 65_535);
    let pixels = stored_pixels(width, height, spec.seed, spec.orientation);
    let mut jpeg = Vec::new();
    if JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&pixels)
        .is_err()
    {
        // Not reachable with clamped dimensions and an in-memory writer.
        return Vec::new();
    }
    let tiff = exif_tiff(spec);
    // APP1 length counts itself (2), "Exif\0\0" (6) and the TIFF block.
    let Ok(len) = u16::try_from(2 + 6 + tiff.len()) else {
        return jpeg;
    };
    let mut out = Vec::with_capacity(jpeg.len() + usize::from(len) + 2);
    out.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(jpeg.get(2..).unwrap_or_default());
    out
}

/// The scene is drawn upright as it will be displayed, then stored the way a camera held that
/// way would store it (the inverse of the orientation), so that a viewer that honours the EXIF
/// orientation shows it upright — and one that ignores it visibly does not.
fn stored_pixels(width: u32, height: u32, seed: u64, orientation: u16) -> RgbImage {
    if !(2..=8).contains(&orientation) {
        return draw(width, height, seed);
    }
    let (display_w, display_h) = if orientation >= 5 {
        (height, width)
    } else {
        (width, height)
    };
    // 6 (rotate 90° clockwise) and 8 (90° anticlockwise) undo each other; the others undo
    // themselves.
    let inverse = match orientation {
        6 => 8,
        8 => 6,
        o => o,
    };
    let upright = DynamicImage::ImageRgb8(draw(display_w, display_h, seed));
    super::apply_orientation(upright, inverse).into_rgb8()
}

/// SplitMix64: the seed's stream of parameters.
struct Params(u64);

impl Params {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0.0..1.0`.
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    fn colour(&mut self) -> [f32; 3] {
        let v = self.next();
        [
            (v & 0xFF) as f32,
            ((v >> 8) & 0xFF) as f32,
            ((v >> 16) & 0xFF) as f32,
        ]
    }

    /// A colour with each channel between `lo` and `hi`.
    fn colour_in(&mut self, lo: [f32; 3], hi: [f32; 3]) -> [f32; 3] {
        let mut c = [0.0; 3];
        for ((out, l), h) in c.iter_mut().zip(lo).zip(hi) {
            *out = l + (h - l) * self.unit();
        }
        c
    }
}

/// A filled shape, as the span of columns it covers on each row.
enum Shape {
    Rect {
        x0: f32,
        x1: f32,
        y0: f32,
        y1: f32,
        colour: [f32; 3],
    },
    Disc {
        cx: f32,
        cy: f32,
        r: f32,
        colour: [f32; 3],
    },
}

impl Shape {
    /// Columns `[x0, x1)` covered on row `y`, with the colour.
    fn span(&self, y: f32) -> Option<(f32, f32, [f32; 3])> {
        match *self {
            Self::Rect {
                x0,
                x1,
                y0,
                y1,
                colour,
            } => (y >= y0 && y < y1).then_some((x0, x1, colour)),
            Self::Disc { cx, cy, r, colour } => {
                let dy = y - cy;
                let h = r * r - dy * dy;
                (h > 0.0).then(|| {
                    let half = h.sqrt();
                    (cx - half, cx + half, colour)
                })
            }
        }
    }
}

fn draw(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut p = Params(seed ^ 0x5250_4D41_5048_4F54);
    let (w, h) = (width as f32, height as f32);
    // Blue-ish sky, lighter at the horizon; grey-ish floor (asphalt, workshop concrete).
    let sky_top = p.colour_in([30.0, 70.0, 150.0], [110.0, 150.0, 240.0]);
    let sky_bottom = p.colour_in([150.0, 170.0, 190.0], [230.0, 235.0, 250.0]);
    let grey = 60.0 + 90.0 * p.unit();
    let tint = p.colour_in([-12.0; 3], [12.0; 3]);
    let ground_top = [grey + tint[0], grey + tint[1], grey + tint[2]];
    let ground_bottom = [grey * 0.6, grey * 0.6, grey * 0.62];
    let horizon = h * (0.35 + 0.3 * p.unit());

    // A car-like body: lower box, cabin, two wheels; and a sun.
    let car_w = w * (0.45 + 0.3 * p.unit());
    let car_x = w * 0.05 + (w * 0.9 - car_w) * p.unit();
    let car_y = horizon + (h - horizon) * (0.1 + 0.2 * p.unit());
    let body_h = car_w * 0.22;
    let body = p.colour();
    let wheel_r = body_h * 0.45;
    let shapes = [
        Shape::Disc {
            cx: w * p.unit(),
            cy: horizon * (0.2 + 0.5 * p.unit()),
            r: h.min(w) * (0.04 + 0.08 * p.unit()),
            colour: [250.0, 235.0, 180.0],
        },
        Shape::Rect {
            x0: car_x + car_w * 0.22,
            x1: car_x + car_w * 0.72,
            y0: car_y - body_h * 0.7,
            y1: car_y,
            colour: [body[0] * 0.6, body[1] * 0.6, body[2] * 0.7 + 40.0],
        },
        Shape::Rect {
            x0: car_x,
            x1: car_x + car_w,
            y0: car_y,
            y1: car_y + body_h,
            colour: body,
        },
        Shape::Disc {
            cx: car_x + car_w * 0.2,
            cy: car_y + body_h,
            r: wheel_r,
            colour: [25.0, 25.0, 28.0],
        },
        Shape::Disc {
            cx: car_x + car_w * 0.8,
            cy: car_y + body_h,
            r: wheel_r,
            colour: [25.0, 25.0, 28.0],
        },
    ];

    let mut noise = (seed as u32) | 1;
    let mut img = RgbImage::new(width, height);
    let row_len = width as usize * 3;
    for (y, row) in img.chunks_exact_mut(row_len).enumerate() {
        let yf = y as f32;
        let (top, bottom, t) = if yf < horizon {
            (sky_top, sky_bottom, yf / horizon)
        } else {
            (ground_top, ground_bottom, (yf - horizon) / (h - horizon))
        };
        let base = [
            top[0] + (bottom[0] - top[0]) * t,
            top[1] + (bottom[1] - top[1]) * t,
            top[2] + (bottom[2] - top[2]) * t,
        ];
        // Later shapes are drawn over earlier ones.
        let spans: Vec<(f32, f32, [f32; 3])> = shapes.iter().filter_map(|s| s.span(yf)).collect();
        for (x, px) in row.chunks_exact_mut(3).enumerate() {
            let xf = x as f32;
            let mut c = base;
            for &(x0, x1, colour) in &spans {
                if xf >= x0 && xf < x1 {
                    c = colour;
                }
            }
            // Light vignette across the width, plus sensor-like noise.
            let shade = 1.0 - 0.15 * ((xf / w) - 0.5).abs();
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            let n = (noise & 0x0F) as f32 - 7.5;
            for (out, v) in px.iter_mut().zip(c) {
                *out = (v * shade + n).clamp(0.0, 255.0) as u8;
            }
        }
    }
    img
}

/// TIFF field types.
const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const RATIONAL: u16 = 5;
const BYTE: u16 = 1;
const UNDEFINED: u16 = 7;

/// One IFD entry: tag, type, count and the value's bytes (little-endian).
struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    data: Vec<u8>,
}

impl Entry {
    fn ascii(tag: u16, text: &str) -> Self {
        let mut data: Vec<u8> = text.bytes().filter(|b| *b != 0).take(200).collect();
        data.push(0);
        Self {
            tag,
            kind: ASCII,
            count: data.len() as u32,
            data,
        }
    }

    fn short(tag: u16, v: u16) -> Self {
        Self {
            tag,
            kind: SHORT,
            count: 1,
            data: v.to_le_bytes().to_vec(),
        }
    }

    fn long(tag: u16, v: u32) -> Self {
        Self {
            tag,
            kind: LONG,
            count: 1,
            data: v.to_le_bytes().to_vec(),
        }
    }

    fn rationals(tag: u16, values: &[(u32, u32)]) -> Self {
        let data = values
            .iter()
            .flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes()))
            .collect();
        Self {
            tag,
            kind: RATIONAL,
            count: values.len() as u32,
            data,
        }
    }
}

/// Bytes an IFD takes: count, entries, next-IFD offset, then the out-of-line values (each
/// padded to an even length).
fn ifd_size(entries: &[Entry]) -> usize {
    2 + 12 * entries.len()
        + 4
        + entries
            .iter()
            .filter(|e| e.data.len() > 4)
            .map(|e| e.data.len().next_multiple_of(2))
            .sum::<usize>()
}

/// Appends an IFD that starts at `out.len()` (TIFF offsets are from the start of `out`).
fn write_ifd(out: &mut Vec<u8>, entries: &mut [Entry]) {
    entries.sort_by_key(|e| e.tag);
    let start = out.len();
    let mut data_at = start + 2 + 12 * entries.len() + 4;
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for e in entries.iter() {
        out.extend_from_slice(&e.tag.to_le_bytes());
        out.extend_from_slice(&e.kind.to_le_bytes());
        out.extend_from_slice(&e.count.to_le_bytes());
        if e.data.len() <= 4 {
            let mut inline = [0u8; 4];
            for (slot, b) in inline.iter_mut().zip(&e.data) {
                *slot = *b;
            }
            out.extend_from_slice(&inline);
        } else {
            out.extend_from_slice(&(data_at as u32).to_le_bytes());
            data_at += e.data.len().next_multiple_of(2);
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    for e in entries.iter().filter(|e| e.data.len() > 4) {
        out.extend_from_slice(&e.data);
        if e.data.len() % 2 == 1 {
            out.push(0);
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS` → `YYYY:MM:DD HH:MM:SS`, or `None` when malformed.
fn exif_datetime(iso: &str) -> Option<String> {
    let dt = chrono::NaiveDateTime::parse_from_str(iso.trim(), "%Y-%m-%dT%H:%M:%S").ok()?;
    Some(dt.format("%Y:%m:%d %H:%M:%S").to_string())
}

/// Decimal degrees → (degrees, minutes, seconds × 10 000) rationals.
fn dms(value: f64) -> [(u32, u32); 3] {
    let a = value.abs();
    let deg = a.floor();
    let min = ((a - deg) * 60.0).floor();
    let sec = ((a - deg) * 60.0 - min) * 60.0;
    [
        (deg as u32, 1),
        (min as u32, 1),
        ((sec * 10_000.0).round() as u32, 10_000),
    ]
}

/// The TIFF block (little-endian): IFD0, then the Exif IFD, then the GPS IFD.
fn exif_tiff(spec: &FixtureSpec) -> Vec<u8> {
    let mut ifd0 = vec![Entry::short(0x0112, spec.orientation)];
    if let Some(label) = &spec.label {
        ifd0.push(Entry::ascii(0x010E, label));
    }
    if let Some((make, model)) = &spec.camera {
        ifd0.push(Entry::ascii(0x010F, make));
        ifd0.push(Entry::ascii(0x0110, model));
    }
    let mut exif_ifd = vec![Entry {
        tag: 0x9000,
        kind: UNDEFINED,
        count: 4,
        data: b"0232".to_vec(),
    }];
    if let Some(taken) = spec.taken_at.as_deref().and_then(exif_datetime) {
        exif_ifd.push(Entry::ascii(0x9003, &taken));
    }
    let mut gps_ifd = Vec::new();
    if let Some((lat, lon)) = spec.gps {
        gps_ifd.push(Entry {
            tag: 0x0000,
            kind: BYTE,
            count: 4,
            data: vec![2, 3, 0, 0],
        });
        gps_ifd.push(Entry::ascii(0x0001, if lat < 0.0 { "S" } else { "N" }));
        gps_ifd.push(Entry::rationals(0x0002, &dms(lat)));
        gps_ifd.push(Entry::ascii(0x0003, if lon < 0.0 { "W" } else { "E" }));
        gps_ifd.push(Entry::rationals(0x0004, &dms(lon)));
    }

    // Pointer entries are 4-byte LONGs stored inline: their size is known before their values.
    let with_gps = !gps_ifd.is_empty();
    ifd0.push(Entry::long(0x8769, 0));
    if with_gps {
        ifd0.push(Entry::long(0x8825, 0));
    }
    let exif_at = 8 + ifd_size(&ifd0);
    let gps_at = exif_at + ifd_size(&exif_ifd);
    for e in &mut ifd0 {
        match e.tag {
            0x8769 => e.data = (exif_at as u32).to_le_bytes().to_vec(),
            0x8825 => e.data = (gps_at as u32).to_le_bytes().to_vec(),
            _ => {}
        }
    }

    let mut out = Vec::with_capacity(gps_at + ifd_size(&gps_ifd));
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&8u32.to_le_bytes());
    write_ifd(&mut out, &mut ifd0);
    write_ifd(&mut out, &mut exif_ifd);
    if with_gps {
        write_ifd(&mut out, &mut gps_ifd);
    }
    out
}
