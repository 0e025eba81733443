//! Fast downscaling of decoded photos.
//!
//! Thumbnails use `image`'s `thumbnail` (an area average; ~40 ms from 12 megapixels to 320 px).
//! For the viewer's larger sizes that function and the `resize` filters are slow (~170 ms and
//! ~330 ms from 4000 px to 2000–2048 px), so an integer box filter (the average of k×k blocks:
//! one pass, good quality when shrinking) does the bulk of the work there, and a Triangle resize
//! of an already reduced image is used only when the box alone would land too far below the
//! size asked for.

use image::imageops::FilterType;
use image::{DynamicImage, ImageBuffer, Luma, LumaA, Pixel, Rgb, Rgba};

/// Largest box factor: sums of k×k 8-bit values must fit in a `u32`.
const MAX_FACTOR: u32 = 4096;

/// Scales `img` down (never up) to fit in `max_side` × `max_side`.
///
/// With `exact`, the long side becomes exactly `max_side` (thumbnails). Without, the long side
/// lands between ¾ of `max_side` and `max_side`, whichever is fastest (the viewer): 4000 px
/// asked at most 2048 gives 2000 px by a 2×2 box, rather than a resize of the full image.
pub(super) fn downscale(img: DynamicImage, max_side: u32, exact: bool) -> DynamicImage {
    let max_side = max_side.max(1);
    let long = img.width().max(img.height());
    if long <= max_side {
        return img;
    }
    if exact {
        // A box average down to at most twice the target (a few ms on 12 megapixels), then
        // an exact resize of that small image: the same look as a full-size resize at a
        // fraction of its cost.
        let k = (long / (2 * max_side)).min(MAX_FACTOR);
        let img = if k >= 2 { box_shrink(img, k) } else { img };
        return img.thumbnail(max_side, max_side);
    }
    let k_floor = long / max_side;
    let k_ceil = long.div_ceil(max_side);
    let k = if 4 * u64::from(long.div_ceil(k_ceil)) >= 3 * u64::from(max_side) {
        k_ceil
    } else {
        k_floor
    }
    .min(MAX_FACTOR);
    let shrunk = if k >= 2 { box_shrink(img, k) } else { img };
    if shrunk.width().max(shrunk.height()) > max_side {
        shrunk.resize(max_side, max_side, FilterType::Triangle)
    } else {
        shrunk
    }
}

/// Averages k×k blocks (the last row and column of blocks may be partial). 16-bit and float
/// images are converted to 8 bits first.
fn box_shrink(img: DynamicImage, k: u32) -> DynamicImage {
    match img {
        DynamicImage::ImageRgb8(i) => DynamicImage::ImageRgb8(shrink::<Rgb<u8>, 3>(&i, k)),
        DynamicImage::ImageRgba8(i) => DynamicImage::ImageRgba8(shrink::<Rgba<u8>, 4>(&i, k)),
        DynamicImage::ImageLuma8(i) => DynamicImage::ImageLuma8(shrink::<Luma<u8>, 1>(&i, k)),
        DynamicImage::ImageLumaA8(i) => DynamicImage::ImageLumaA8(shrink::<LumaA<u8>, 2>(&i, k)),
        other if other.color().has_alpha() => {
            DynamicImage::ImageRgba8(shrink::<Rgba<u8>, 4>(&other.into_rgba8(), k))
        }
        other => DynamicImage::ImageRgb8(shrink::<Rgb<u8>, 3>(&other.into_rgb8(), k)),
    }
}

fn shrink<P, const N: usize>(img: &ImageBuffer<P, Vec<u8>>, k: u32) -> ImageBuffer<P, Vec<u8>>
where
    P: Pixel<Subpixel = u8>,
{
    let (w, h) = img.dimensions();
    let (w2, h2) = (w.div_ceil(k), h.div_ceil(k));
    if w2 == 0 || h2 == 0 {
        return ImageBuffer::new(w2, h2);
    }
    let row_len = w as usize * N;
    let block = k as usize * N;
    let mut out = Vec::with_capacity(w2 as usize * h2 as usize * N);
    // Column sums of a band of k rows (a plain zip: vectorised), then sums of k columns.
    let mut acc = vec![0u32; row_len];
    for band in img.as_raw().chunks(row_len * k as usize) {
        acc.fill(0);
        let rows = (band.len() / row_len) as u32;
        for row in band.chunks_exact(row_len) {
            for (a, v) in acc.iter_mut().zip(row) {
                *a += u32::from(*v);
            }
        }
        for cols in acc.chunks(block) {
            let mut sum = [0u32; N];
            for px in cols.chunks_exact(N) {
                for (s, v) in sum.iter_mut().zip(px) {
                    *s += *v;
                }
            }
            let n = rows * (cols.len() / N) as u32;
            out.extend(sum.iter().map(|s| ((s + n / 2) / n) as u8));
        }
    }
    // The buffer has exactly w2 × h2 pixels; `from_raw` cannot fail.
    ImageBuffer::from_raw(w2, h2, out).unwrap_or_else(|| ImageBuffer::new(w2, h2))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use image::{GenericImageView, RgbImage, RgbaImage};

    use super::*;

    #[test]
    fn box_average_with_partial_blocks() {
        // 5×3, factor 2: blocks 2×2, 2×2, 1×2 / 2×1, 2×1, 1×1.
        let img = RgbImage::from_fn(5, 3, |x, y| Rgb([(x * 10 + y) as u8, 100, 7]));
        let out = shrink::<Rgb<u8>, 3>(&img, 2);
        assert_eq!(out.dimensions(), (3, 2));
        // (0,0),(1,0),(0,1),(1,1): 0, 10, 1, 11 → 5.5 → 6 (rounded).
        assert_eq!(out.get_pixel(0, 0).0, [6, 100, 7]);
        assert_eq!(out.get_pixel(2, 0).0, [41, 100, 7]); // 40, 41 → 40.5 → 41
        assert_eq!(out.get_pixel(2, 1).0, [42, 100, 7]); // single pixel
    }

    #[test]
    fn sizes() {
        let img = DynamicImage::ImageRgb8(RgbImage::new(800, 600));
        assert_eq!(downscale(img.clone(), 64, true).dimensions(), (64, 48));
        // 800 asked at most 410: a 2×2 box gives 400, close enough, no resize.
        assert_eq!(downscale(img.clone(), 410, false).dimensions(), (400, 300));
        assert_eq!(downscale(img.clone(), 200, false).dimensions(), (200, 150));
        assert_eq!(downscale(img.clone(), 1000, false).dimensions(), (800, 600));
        let tall = DynamicImage::ImageRgba8(RgbaImage::new(300, 2001));
        let out = downscale(tall.clone(), 1000, false);
        assert_eq!(out.height(), 1000);
        assert!((149..=150).contains(&out.width()));
        assert_eq!(downscale(tall, 1, false).dimensions(), (1, 1));
        let odd = DynamicImage::ImageRgb16(ImageBuffer::new(999, 17));
        let out = downscale(odd, 320, true);
        assert_eq!(out.width(), 320);
        assert!(out.height() >= 5 && out.height() <= 6);
        // 16 bits per channel go through the 8-bit box filter.
        let odd = DynamicImage::ImageRgb16(ImageBuffer::new(999, 17));
        let out = downscale(odd, 400, false);
        assert_eq!(out.dimensions(), (333, 6));
        assert!(matches!(out, DynamicImage::ImageRgb8(_)));
    }
}
