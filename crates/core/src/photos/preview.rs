//! Previews of image files that are not in the store (the in-app file browser's tiles): the
//! thumbnail a camera embeds in the EXIF block when there is one (a few kilobytes read from the
//! start of the file), else the whole picture decoded and shrunk when the file is small enough
//! for that to be cheap. CPU and disk work: call it on a background thread.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use ::exif::{In, Reader, Tag};
use image::{ImageFormat, RgbaImage};

use super::{apply_orientation, check_format, decode_checked, read_exif, scale};
use crate::error::{CoreError, CoreResult};

/// Largest file decoded whole for a preview when it embeds no thumbnail (a 12-megapixel JPEG is
/// 3 to 8 MB; decoding it takes tens of milliseconds).
pub const PREVIEW_DECODE_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// How much of the start of a file is read to find its EXIF thumbnail.
const HEAD_BYTES: u64 = 128 * 1024;

/// A preview of the image file at `path`, oriented, its long side at most `max_side`.
///
/// Errors: I/O; `photo-err-too-big` when the file has no embedded thumbnail and is over
/// [`PREVIEW_DECODE_MAX_BYTES`]; the format refusals of
/// [`super::PhotoStore::ingest_bytes`] otherwise.
pub fn preview(path: &Path, max_side: u32) -> CoreResult<RgbaImage> {
    let mut file = File::open(path).map_err(|e| CoreError::io(path, e))?;
    let len = file.metadata().map_err(|e| CoreError::io(path, e))?.len();
    let mut bytes = Vec::new();
    file.by_ref()
        .take(HEAD_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| CoreError::io(path, e))?;
    if let Some(img) = embedded_thumbnail(&bytes, max_side) {
        return Ok(img);
    }
    if len > PREVIEW_DECODE_MAX_BYTES {
        return Err(CoreError::Refused {
            key: "photo-err-too-big",
        });
    }
    file.read_to_end(&mut bytes)
        .map_err(|e| CoreError::io(path, e))?;
    let (_, format) = check_format(&bytes)?;
    let decoded = decode_checked(&bytes, format)?;
    let small = scale::downscale(decoded, max_side, true);
    Ok(apply_orientation(small, read_exif(&bytes).orientation).into_rgba8())
}

/// The JPEG thumbnail of the EXIF block at the start of a JPEG (IFD1), decoded, oriented as the
/// photo and fitted in `max_side`. `None` when there is none or it does not decode.
fn embedded_thumbnail(head: &[u8], max_side: u32) -> Option<RgbaImage> {
    // The parser is not ours: a panic on hostile input must not take the app down.
    std::panic::catch_unwind(|| {
        let exif = Reader::new()
            .read_from_container(&mut std::io::Cursor::new(head))
            .ok()?;
        let at = exif
            .get_field(Tag::JPEGInterchangeFormat, In::THUMBNAIL)?
            .value
            .get_uint(0)?;
        let len = exif
            .get_field(Tag::JPEGInterchangeFormatLength, In::THUMBNAIL)?
            .value
            .get_uint(0)?;
        let start = usize::try_from(at).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        let jpeg = exif.buf().get(start..end)?;
        let img = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).ok()?;
        if img.width() == 0 || img.height() == 0 {
            return None;
        }
        let orientation = exif
            .get_field(Tag::Orientation, In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .and_then(|o| u16::try_from(o).ok())
            .unwrap_or(1);
        let small = scale::downscale(img, max_side, true);
        Some(apply_orientation(small, orientation).into_rgba8())
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use image::codecs::jpeg::JpegEncoder;
    use image::{Rgb, RgbImage};

    use super::*;
    use crate::photos::fixtures::{FixtureSpec, jpeg_with_exif};

    /// A JPEG whose EXIF block holds a red 64×48 thumbnail, orientation 6, before a big blue
    /// picture: a preview that comes out red (and upright: 48×64) was read from the thumbnail.
    fn jpeg_with_thumbnail() -> Vec<u8> {
        let mut thumb = Vec::new();
        JpegEncoder::new_with_quality(&mut thumb, 80)
            .encode_image(&RgbImage::from_pixel(64, 48, Rgb([220, 20, 20])))
            .unwrap();
        let mut main = Vec::new();
        JpegEncoder::new_with_quality(&mut main, 80)
            .encode_image(&RgbImage::from_pixel(800, 600, Rgb([20, 20, 220])))
            .unwrap();
        // TIFF, little-endian: IFD0 (orientation) → IFD1 (thumbnail offset and length).
        let mut tiff = b"II*\0\x08\0\0\0".to_vec();
        let ifd1_at: u32 = 8 + 2 + 12 + 4;
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        tiff.extend_from_slice(&ifd1_at.to_le_bytes());
        let thumb_at = ifd1_at + 2 + 2 * 12 + 4;
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&[0x01, 0x02, 4, 0, 1, 0, 0, 0]);
        tiff.extend_from_slice(&thumb_at.to_le_bytes());
        tiff.extend_from_slice(&[0x02, 0x02, 4, 0, 1, 0, 0, 0]);
        tiff.extend_from_slice(&u32::try_from(thumb.len()).unwrap().to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(&thumb);
        let len = u16::try_from(2 + 6 + tiff.len()).unwrap();
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(b"Exif\0\0");
        out.extend_from_slice(&tiff);
        out.extend_from_slice(&main[2..]);
        out
    }

    #[test]
    fn the_embedded_thumbnail_is_used_when_there_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cam.jpg");
        std::fs::write(&path, jpeg_with_thumbnail()).unwrap();
        let img = preview(&path, 160).unwrap();
        assert_eq!(img.dimensions(), (48, 64));
        let p = img.get_pixel(24, 32).0;
        assert!(p[0] > 150 && p[2] < 100, "{p:?}");
    }

    #[test]
    fn without_one_the_picture_is_decoded_and_shrunk_and_bad_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("phone.jpg");
        let spec = FixtureSpec {
            width: 800,
            height: 600,
            orientation: 6,
            ..FixtureSpec::default()
        };
        std::fs::write(&path, jpeg_with_exif(&spec)).unwrap();
        assert_eq!(preview(&path, 160).unwrap().dimensions(), (120, 160));
        let text = dir.path().join("notes.jpg");
        std::fs::write(&text, "pas une image").unwrap();
        assert!(matches!(
            preview(&text, 160),
            Err(CoreError::Refused {
                key: "photo-err-not-image"
            })
        ));
        assert!(matches!(
            preview(&dir.path().join("missing.jpg"), 160),
            Err(CoreError::Io { .. })
        ));
    }
}
