//! What a file is, by its first bytes (never by its name), and whether a JPEG is complete.

/// MIME type of a JPEG.
pub const MIME_JPEG: &str = "image/jpeg";
/// MIME type of a PNG.
pub const MIME_PNG: &str = "image/png";

/// The image format of `bytes`, from their magic numbers (the file name is never trusted).
///
/// Recognises JPEG and PNG — the formats the store accepts — and, so that they can be refused
/// with a clear "unsupported format" message rather than "not an image", HEIC/HEIF, AVIF, WebP,
/// GIF, TIFF and BMP. `None` means the bytes are not a recognised image at all.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(MIME_JPEG);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(MIME_PNG);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("image/webp");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some("image/tiff");
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return match bytes.get(8..12) {
            Some(b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis") => Some("image/heic"),
            Some(b"mif1" | b"msf1") => Some("image/heif"),
            Some(b"avif" | b"avis") => Some("image/avif"),
            _ => None,
        };
    }
    // "BM" alone is too weak (a text file may start with "BMW"): also require a known DIB
    // header size.
    if bytes.starts_with(b"BM") {
        let dib = bytes
            .get(14..18)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_le_bytes);
        if matches!(dib, Some(12 | 40 | 52 | 56 | 64 | 108 | 124)) {
            return Some("image/bmp");
        }
    }
    None
}

/// The file extension RPMA stores a photo of this MIME type under (`jpg` or `png`).
pub fn extension_for(mime: &str) -> &'static str {
    if mime == MIME_PNG { "png" } else { "jpg" }
}

/// Whether a JPEG's marker structure is complete: every segment fits in the data, at least one
/// scan is present, and the entropy-coded data ends with an EOI marker (`FF D9`). Bytes after
/// the EOI (trailers some phones add) are allowed.
///
/// The JPEG decoder pads truncated data silently (grey bottom rows), so a photo cut short by an
/// interrupted copy would otherwise be accepted; this check catches it.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut pos = 2usize;
    let mut seen_scan = false;
    loop {
        // Skip fill bytes before a marker.
        while bytes.get(pos..pos + 2) == Some(&[0xFF, 0xFF]) {
            pos += 1;
        }
        let Some(&[0xFF, marker]) = bytes.get(pos..pos + 2) else {
            return false;
        };
        pos += 2;
        match marker {
            0xD9 => return seen_scan,
            0xD8 => return false,
            0x01 | 0xD0..=0xD7 => {}
            _ => {
                let Some(&[hi, lo]) = bytes.get(pos..pos + 2) else {
                    return false;
                };
                let len = usize::from(u16::from_be_bytes([hi, lo]));
                if len < 2 {
                    return false;
                }
                pos += len;
                if pos > bytes.len() {
                    return false;
                }
                if marker == 0xDA {
                    seen_scan = true;
                    // Entropy-coded data: a real marker is FF followed by anything but a stuffed
                    // zero, a restart marker or another fill byte.
                    let Some(rest) = bytes.get(pos..) else {
                        return false;
                    };
                    let next = rest.windows(2).position(
                        |w| matches!(w, [0xFF, b] if !matches!(b, 0x00 | 0xD0..=0xD7 | 0xFF)),
                    );
                    let Some(offset) = next else {
                        return false;
                    };
                    pos += offset;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff_mime(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(MIME_JPEG));
        assert_eq!(sniff_mime(b"\x89PNG\r\n\x1a\n...."), Some(MIME_PNG));
        assert_eq!(
            sniff_mime(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            Some("image/heic")
        );
        assert_eq!(sniff_mime(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_mime(b"GIF89a"), Some("image/gif"));
        assert_eq!(sniff_mime(b"BMW X5 photos, see attachment"), None);
        assert_eq!(sniff_mime(b"%PDF-1.7"), None);
        assert_eq!(sniff_mime(b""), None);
        assert_eq!(sniff_mime(&[0xFF]), None);
    }

    #[test]
    fn jpeg_structure() {
        assert!(!jpeg_is_complete(b""));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8]));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xD9]), "no scan");
        // SOI, APP0 (len 4), SOS (len 2), data with a stuffed FF and a restart marker, EOI.
        let ok = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xDA, 0, 2, 7, 0xFF, 0, 8, 0xFF, 0xD0, 9,
            0xFF, 0xD9, 0xAA,
        ];
        assert!(jpeg_is_complete(&ok));
        assert!(!jpeg_is_complete(&ok[..ok.len() - 3]));
        // A segment longer than the data.
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xE1, 0x10, 0, 1]));
    }
}
