//! The photo store on disk: originals and thumbnails under `<data_dir>/photos`, content-addressed
//! by SHA-256.
//!
//! ```text
//! photos/originals/ab/ab12…ef.jpg   the bytes as received (never re-encoded), .jpg or .png
//! photos/thumbs/ab/ab12…ef.jpg      oriented, long side THUMB_MAX_SIDE, JPEG quality 80
//! ```
//!
//! Ingesting validates the file fully (magic bytes, complete JPEG structure, full decode) before
//! anything is written, so a refused file leaves nothing behind. Writes are durable and private
//! ([`crate::fsutil::write_atomic`]: temporary file in the same folder, fsync, rename, fsync of
//! the folder; files 0600, folders 0700 on Unix). The same content ingested twice
//! is stored once ([`PhotoFile::already_stored`]).
//!
//! This module knows files only; which job or intervention a photo belongs to is the database's
//! business.

pub mod fixtures;
mod metadata;
mod preview;
mod scale;
mod sniff;

use std::fs::{self, File};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage, RgbaImage};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, CoreResult};
use crate::fsutil;

pub use metadata::{ExifInfo, read_exif};
pub use preview::{PREVIEW_DECODE_MAX_BYTES, preview};
pub use sniff::{MIME_JPEG, MIME_PNG, extension_for, jpeg_is_complete, sniff_mime};

/// Long side, in pixels, of a stored thumbnail.
pub const THUMB_MAX_SIDE: u32 = 320;
/// Largest photo file accepted (64 MiB); bigger → refusal `photo-err-too-big`.
pub const MAX_PHOTO_BYTES: u64 = 64 * 1024 * 1024;
/// Largest photo accepted in pixels (100 megapixels); more → refusal `photo-err-too-many-pixels`.
/// Guards against "decompression bombs": a small file that declares a huge image.
pub const MAX_PHOTO_PIXELS: u64 = 100_000_000;
/// JPEG quality of stored thumbnails.
pub const THUMB_QUALITY: u8 = 80;

/// A photo file in the store, as [`PhotoStore::ingest_bytes`] found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoFile {
    /// Lowercase hex SHA-256 of the original bytes: the photo's identity in the store.
    pub sha256: String,
    /// Size of the original file in bytes.
    pub bytes: u64,
    /// `image/jpeg` or `image/png`, from the content (never from the file name).
    pub mime: String,
    /// Width in pixels as displayed, i.e. after applying the EXIF orientation.
    pub width: u32,
    /// Height in pixels as displayed, i.e. after applying the EXIF orientation.
    pub height: u32,
    /// EXIF orientation 1..=8 (1 when absent).
    pub orientation: u16,
    /// EXIF `DateTimeOriginal` as `YYYY-MM-DDTHH:MM:SS`, local time as the camera wrote it.
    pub taken_at: Option<String>,
    /// `Make Model`, trimmed.
    pub camera: Option<String>,
    /// Decimal degrees (latitude, longitude); south and west negative.
    pub gps: Option<(f64, f64)>,
    /// The file name it came with (no path).
    pub original_name: String,
    /// True when the same content was already in the store (the original was not rewritten).
    pub already_stored: bool,
}

/// The folder of photo files (`<data_dir>/photos`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoStore {
    root: PathBuf,
}

impl PhotoStore {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The store of a data folder: `data_dir/photos`.
    pub fn for_data_dir(data_dir: &Path) -> Self {
        Self::new(data_dir.join("photos"))
    }

    /// The store's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the original of `sha` is kept: `root/originals/ab/<sha>.jpg` (or `.png` for
    /// `image/png`). Does not check that the file exists.
    pub fn original_path(&self, sha: &str, mime: &str) -> PathBuf {
        self.root
            .join("originals")
            .join(fan_out(sha))
            .join(format!("{sha}.{}", extension_for(mime)))
    }

    /// Where the thumbnail of `sha` is kept: `root/thumbs/ab/<sha>.jpg` (always JPEG).
    pub fn thumb_path(&self, sha: &str) -> PathBuf {
        self.root
            .join("thumbs")
            .join(fan_out(sha))
            .join(format!("{sha}.jpg"))
    }

    /// Whether the original of `sha` is in the store (false for a malformed `sha`).
    pub fn exists(&self, sha: &str, mime: &str) -> bool {
        is_valid_sha256(sha) && self.original_path(sha, mime).is_file()
    }

    /// Validates a photo and stores its original and thumbnail.
    ///
    /// Refusals (nothing is written): `photo-err-empty`, `photo-err-too-big`,
    /// `photo-err-not-image` (not an image at all), `photo-err-unsupported` (HEIC, WebP, GIF…:
    /// only JPEG and PNG are accepted), `photo-err-too-many-pixels`, `photo-err-corrupt`
    /// (truncated or undecodable). I/O failures are [`CoreError::Io`].
    ///
    /// When the same content is already stored the original is not rewritten,
    /// `already_stored` is true, and a missing thumbnail is recreated.
    pub fn ingest_bytes(&self, bytes: &[u8], original_name: &str) -> CoreResult<PhotoFile> {
        let (mime, format) = check_format(bytes)?;
        let decoded = decode_checked(bytes, format)?;
        let exif = read_exif(bytes);
        let (raw_w, raw_h) = (decoded.width(), decoded.height());
        let (width, height) = if exif.orientation >= 5 {
            (raw_h, raw_w)
        } else {
            (raw_w, raw_h)
        };
        let sha256 = hex::encode(Sha256::digest(bytes));

        let original = self.original_path(&sha256, mime);
        // A file of the right size under the content's hash is that content (it was written
        // through a rename); anything else is replaced.
        let already_stored = fs::metadata(&original)
            .map(|m| m.is_file() && m.len() == bytes.len() as u64)
            .unwrap_or(false);
        if !already_stored {
            fsutil::write_atomic(&original, bytes)?;
        }
        let thumb = self.thumb_path(&sha256);
        if !thumb.is_file() {
            let small = make_thumbnail(decoded, exif.orientation);
            fsutil::write_atomic(&thumb, &encode_thumb(&small, &thumb)?)?;
        }

        Ok(PhotoFile {
            sha256,
            bytes: bytes.len() as u64,
            mime: mime.to_owned(),
            width,
            height,
            orientation: exif.orientation,
            taken_at: exif.taken_at,
            camera: exif.camera,
            gps: exif.gps,
            original_name: original_name.to_owned(),
            already_stored,
        })
    }

    /// Reads a file and ingests it ([`Self::ingest_bytes`]); `original_name` is the file's
    /// name. A file over [`MAX_PHOTO_BYTES`] is refused without being read.
    pub fn ingest_file(&self, path: &Path) -> CoreResult<PhotoFile> {
        let file = File::open(path).map_err(|e| CoreError::io(path, e))?;
        let len = file.metadata().map_err(|e| CoreError::io(path, e))?.len();
        if len > MAX_PHOTO_BYTES {
            return Err(CoreError::Refused {
                key: "photo-err-too-big",
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.take(MAX_PHOTO_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CoreError::io(path, e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.ingest_bytes(&bytes, &name)
    }

    /// The thumbnail of a stored photo, as RGBA pixels. When the thumbnail file is missing or
    /// corrupt it is rebuilt from the original (and written back).
    ///
    /// Errors: `photo-err-missing` when the original is gone too (or `sha` is malformed),
    /// `photo-err-corrupt` when the original no longer decodes.
    pub fn thumbnail(&self, sha: &str, mime: &str) -> CoreResult<RgbaImage> {
        if !is_valid_sha256(sha) {
            return Err(CoreError::Refused {
                key: "photo-err-missing",
            });
        }
        let thumb = self.thumb_path(sha);
        if let Ok(bytes) = fs::read(&thumb)
            && let Ok(img) = decode_checked(&bytes, ImageFormat::Jpeg)
            && img.width() > 0
            && img.height() > 0
        {
            return Ok(img.into_rgba8());
        }
        let (decoded, orientation) = self.load_original(sha, mime)?;
        let small = make_thumbnail(decoded, orientation);
        fsutil::write_atomic(&thumb, &encode_thumb(&small, &thumb)?)?;
        Ok(DynamicImage::ImageRgb8(small).into_rgba8())
    }

    /// A stored photo for the full-size viewer: oriented, and scaled down (never up) so that
    /// its long side is at most `max_side` pixels — and at least ¾ of it when the photo is
    /// larger (a fast 2×2, 3×3… averaging is preferred to an exact size: 4000 px asked at most
    /// 2048 gives 2000).
    ///
    /// Errors as for [`Self::thumbnail`].
    pub fn display_image(&self, sha: &str, mime: &str, max_side: u32) -> CoreResult<RgbaImage> {
        let (decoded, orientation) = self.load_original(sha, mime)?;
        let scaled = scale::downscale(decoded, max_side, false);
        Ok(apply_orientation(scaled, orientation).into_rgba8())
    }

    /// Removes a photo's original and thumbnail (files already gone are fine). For the
    /// database's clean-up once no record points at `sha` any more.
    pub fn remove(&self, sha: &str, mime: &str) -> CoreResult<()> {
        if !is_valid_sha256(sha) {
            return Ok(());
        }
        for path in [self.original_path(sha, mime), self.thumb_path(sha)] {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(CoreError::io(path, e)),
            }
        }
        Ok(())
    }

    /// Every original in the store as `(sha256, mime)`, sorted, for finding files no record
    /// points at. An absent store is empty.
    pub fn list_originals(&self) -> CoreResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        for file in files_in_fan_out(&self.root.join("originals"))? {
            let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some((sha, ext)) = name.split_once('.') else {
                continue;
            };
            let mime = match ext {
                "jpg" => MIME_JPEG,
                "png" => MIME_PNG,
                _ => continue,
            };
            if is_valid_sha256(sha) {
                out.push((sha.to_owned(), mime.to_owned()));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Deletes temporary files left by writes interrupted by a crash or power cut, when older
    /// than `min_age` (so that a write in progress is left alone). Returns how many were
    /// removed. Meant for start-up.
    pub fn remove_stale_temp_files(&self, min_age: Duration) -> CoreResult<usize> {
        let mut removed = 0;
        let now = SystemTime::now();
        for area in ["originals", "thumbs"] {
            for file in files_in_fan_out(&self.root.join(area))? {
                let is_temp = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.') && n.ends_with(".tmp"));
                if !is_temp {
                    continue;
                }
                let old_enough = fs::metadata(&file)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| now.duration_since(t).ok())
                    .is_some_and(|age| age >= min_age);
                if old_enough {
                    fs::remove_file(&file).map_err(|e| CoreError::io(&file, e))?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// Reads and decodes an original; returns the stored (unrotated) pixels and the EXIF
    /// orientation.
    fn load_original(&self, sha: &str, mime: &str) -> CoreResult<(DynamicImage, u16)> {
        if !is_valid_sha256(sha) {
            return Err(CoreError::Refused {
                key: "photo-err-missing",
            });
        }
        let path = self.original_path(sha, mime);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CoreError::Refused {
                    key: "photo-err-missing",
                });
            }
            Err(e) => return Err(CoreError::io(path, e)),
        };
        let (_, format) = check_format(&bytes)?;
        let decoded = decode_checked(&bytes, format)?;
        Ok((decoded, read_exif(&bytes).orientation))
    }
}

/// The SHA-256 of a file's content, as the store names it (lowercase hex), read in chunks.
pub fn file_sha256(path: &Path) -> CoreResult<String> {
    let mut file = File::open(path).map_err(|e| CoreError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(|e| CoreError::io(path, e))?;
        let Some(chunk) = buf.get(..n).filter(|c| !c.is_empty()) else {
            break;
        };
        hasher.update(chunk);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Whether `s` is a SHA-256 as the store names files: 64 lowercase hex digits.
pub fn is_valid_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Applies an EXIF orientation (1..=8) to pixels, so that they display upright. Other values
/// leave the image as it is.
pub fn apply_orientation(mut img: DynamicImage, orientation: u16) -> DynamicImage {
    if let Some(o) = u8::try_from(orientation)
        .ok()
        .and_then(Orientation::from_exif)
    {
        img.apply_orientation(o);
    }
    img
}

/// The first two hex digits, as the sub-folder (keeps folders small); `00` for a short name.
fn fan_out(sha: &str) -> &str {
    sha.get(..2).unwrap_or("00")
}

/// Size and format checks that need no decoding.
fn check_format(bytes: &[u8]) -> CoreResult<(&'static str, ImageFormat)> {
    if bytes.is_empty() {
        return Err(CoreError::Refused {
            key: "photo-err-empty",
        });
    }
    if bytes.len() as u64 > MAX_PHOTO_BYTES {
        return Err(CoreError::Refused {
            key: "photo-err-too-big",
        });
    }
    match sniff_mime(bytes) {
        Some(MIME_JPEG) => Ok((MIME_JPEG, ImageFormat::Jpeg)),
        Some(MIME_PNG) => Ok((MIME_PNG, ImageFormat::Png)),
        Some(_) => Err(CoreError::Refused {
            key: "photo-err-unsupported",
        }),
        None => Err(CoreError::Refused {
            key: "photo-err-not-image",
        }),
    }
}

/// Full decode, refusing truncated JPEGs (which the decoder would pad silently) and images
/// over [`MAX_PHOTO_PIXELS`].
fn decode_checked(bytes: &[u8], format: ImageFormat) -> CoreResult<DynamicImage> {
    let corrupt = || CoreError::Refused {
        key: "photo-err-corrupt",
    };
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(corrupt());
    }
    let decoder = ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .map_err(|_| corrupt())?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(corrupt());
    }
    if u64::from(w) * u64::from(h) > MAX_PHOTO_PIXELS {
        return Err(CoreError::Refused {
            key: "photo-err-too-many-pixels",
        });
    }
    DynamicImage::from_decoder(decoder).map_err(|_| corrupt())
}

/// Long side [`THUMB_MAX_SIDE`] (never enlarged), oriented, RGB on white (PNG transparency).
/// Scales before rotating: rotating the full-size image would cost more than the scaling.
fn make_thumbnail(img: DynamicImage, orientation: u16) -> RgbImage {
    let small = scale::downscale(img, THUMB_MAX_SIDE, true);
    let oriented = apply_orientation(small, orientation);
    if oriented.color().has_alpha() {
        let rgba = oriented.into_rgba8();
        let (w, h) = rgba.dimensions();
        let mut rgb = RgbImage::new(w, h);
        for (dst, src) in rgb.pixels_mut().zip(rgba.pixels()) {
            let [r, g, b, a] = src.0;
            let a = u16::from(a);
            let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
            dst.0 = [blend(r), blend(g), blend(b)];
        }
        rgb
    } else {
        oriented.into_rgb8()
    }
}

fn encode_thumb(img: &RgbImage, path: &Path) -> CoreResult<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, THUMB_QUALITY)
        .encode_image(img)
        .map_err(|e| CoreError::io(path, std::io::Error::other(e)))?;
    Ok(out)
}

/// Files one level down (`area/ab/<file>`); an absent area is empty.
fn files_in_fan_out(area: &Path) -> CoreResult<Vec<PathBuf>> {
    let mut out = Vec::new();
    let dirs = match fs::read_dir(area) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(CoreError::io(area, e)),
    };
    for dir in dirs {
        let dir = dir.map_err(|e| CoreError::io(area, e))?.path();
        if !dir.is_dir() {
            continue;
        }
        for file in fs::read_dir(&dir).map_err(|e| CoreError::io(&dir, e))? {
            let file = file.map_err(|e| CoreError::io(&dir, e))?.path();
            if file.is_file() {
                out.push(file);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
