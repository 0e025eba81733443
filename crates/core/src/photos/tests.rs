#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::path::Path;
use std::time::Duration;

use image::{DynamicImage, GenericImageView, RgbaImage};

use super::fixtures::{FixtureSpec, jpeg_with_exif};
use super::*;

fn spec(seed: u64) -> FixtureSpec {
    FixtureSpec {
        width: 640,
        height: 480,
        seed,
        orientation: 1,
        taken_at: Some("2024-03-15T14:32:07".into()),
        camera: Some(("Apple".into(), "iPhone 15 Pro".into())),
        gps: Some((48.856_613, 2.352_222)),
        label: Some("Capot avant".into()),
    }
}

fn store() -> (tempfile::TempDir, PhotoStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = PhotoStore::for_data_dir(dir.path());
    (dir, store)
}

/// Every file under `dir`, recursively (none when `dir` does not exist).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn refusal_key(err: CoreError) -> &'static str {
    match err {
        CoreError::Refused { key } => key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn fixture_roundtrip_keeps_metadata() {
    let (_dir, store) = store();
    let cases = [
        spec(1),
        FixtureSpec {
            gps: Some((-33.868_820, 151.209_296)),
            ..spec(2)
        },
        FixtureSpec {
            gps: Some((-22.906_847, -43.172_897)),
            camera: Some(("Canon".into(), "Canon EOS R6".into())),
            ..spec(3)
        },
        FixtureSpec {
            taken_at: None,
            camera: None,
            gps: None,
            label: None,
            ..spec(4)
        },
    ];
    for s in cases {
        let bytes = jpeg_with_exif(&s);
        let photo = store.ingest_bytes(&bytes, "capot.jpg").unwrap();
        assert_eq!(photo.sha256, hex::encode(Sha256::digest(&bytes)));
        assert!(is_valid_sha256(&photo.sha256));
        assert_eq!(photo.bytes, bytes.len() as u64);
        assert_eq!(photo.mime, "image/jpeg");
        assert_eq!((photo.width, photo.height), (640, 480));
        assert_eq!(photo.orientation, 1);
        assert_eq!(photo.taken_at, s.taken_at);
        let expected_camera = s.camera.as_ref().map(|(make, model)| {
            if model.starts_with(make.as_str()) {
                model.clone()
            } else {
                format!("{make} {model}")
            }
        });
        assert_eq!(photo.camera, expected_camera);
        match (photo.gps, s.gps) {
            (Some((lat, lon)), Some((elat, elon))) => {
                assert!((lat - elat).abs() < 1e-4, "{lat} vs {elat}");
                assert!((lon - elon).abs() < 1e-4, "{lon} vs {elon}");
            }
            (None, None) => {}
            (got, want) => panic!("gps {got:?}, expected {want:?}"),
        }
        assert_eq!(photo.original_name, "capot.jpg");
        assert!(!photo.already_stored);
        assert!(store.exists(&photo.sha256, &photo.mime));
        let original = store.original_path(&photo.sha256, &photo.mime);
        assert_eq!(fs::read(&original).unwrap(), bytes, "stored as received");
        assert!(original.ends_with(format!(
            "originals/{}/{}.jpg",
            &photo.sha256[..2],
            photo.sha256
        )));
        assert!(store.thumb_path(&photo.sha256).is_file());
    }
    // No temporary file left behind.
    assert!(
        files_under(store.root())
            .iter()
            .all(|p| !p.to_string_lossy().ends_with(".tmp"))
    );
}

#[test]
fn photo_file_serde_roundtrip() {
    let (_dir, store) = store();
    let photo = store
        .ingest_bytes(&jpeg_with_exif(&spec(5)), "a.jpg")
        .unwrap();
    let json = serde_json::to_string(&photo).unwrap();
    let back: PhotoFile = serde_json::from_str(&json).unwrap();
    assert_eq!(back, photo);
}

#[test]
fn orientation_six_swaps_width_and_height() {
    let (_dir, store) = store();
    let bytes = jpeg_with_exif(&FixtureSpec {
        width: 400,
        height: 300,
        orientation: 6,
        ..spec(6)
    });
    let photo = store.ingest_bytes(&bytes, "portrait.jpg").unwrap();
    assert_eq!(photo.orientation, 6);
    assert_eq!((photo.width, photo.height), (300, 400));
    let thumb = store.thumbnail(&photo.sha256, &photo.mime).unwrap();
    assert_eq!(thumb.dimensions(), (240, 320), "thumbnail is upright");
    let full = store
        .display_image(&photo.sha256, &photo.mime, 10_000)
        .unwrap();
    assert_eq!(full.dimensions(), (300, 400));
}

#[test]
fn apply_orientation_dimensions() {
    let img = DynamicImage::ImageRgba8(RgbaImage::new(4, 2));
    for o in 0..=9u16 {
        let out = apply_orientation(img.clone(), o);
        let expected = if (5..=8).contains(&o) { (2, 4) } else { (4, 2) };
        assert_eq!(out.dimensions(), expected, "orientation {o}");
    }
    // 6 = rotate 90° clockwise: the top-left pixel goes to the top-right.
    let mut marked = RgbaImage::new(4, 2);
    marked.put_pixel(0, 0, image::Rgba([255, 0, 0, 255]));
    let out = apply_orientation(DynamicImage::ImageRgba8(marked), 6).into_rgba8();
    assert_eq!(out.get_pixel(1, 0).0, [255, 0, 0, 255]);
}

#[test]
fn duplicate_ingest_is_stored_once() {
    let (_dir, store) = store();
    let bytes = jpeg_with_exif(&spec(7));
    let first = store.ingest_bytes(&bytes, "a.jpg").unwrap();
    let original = store.original_path(&first.sha256, &first.mime);
    let written = fs::metadata(&original).unwrap().modified().unwrap();
    // The thumbnail is recreated on a duplicate ingest when it went missing.
    fs::remove_file(store.thumb_path(&first.sha256)).unwrap();

    let second = store.ingest_bytes(&bytes, "b.jpg").unwrap();
    assert_eq!(second.sha256, first.sha256);
    assert!(second.already_stored);
    assert_eq!(second.original_name, "b.jpg");
    assert_eq!(
        fs::metadata(&original).unwrap().modified().unwrap(),
        written,
        "original not rewritten"
    );
    assert_eq!(files_under(&store.root().join("originals")).len(), 1);
    assert_eq!(files_under(&store.root().join("thumbs")).len(), 1);
    assert!(store.thumb_path(&first.sha256).is_file());

    // A different seed is different content.
    let other = store
        .ingest_bytes(&jpeg_with_exif(&spec(8)), "c.jpg")
        .unwrap();
    assert_ne!(other.sha256, first.sha256);
    assert!(!other.already_stored);
    assert_eq!(files_under(&store.root().join("originals")).len(), 2);
}

#[test]
fn damaged_original_under_its_name_is_replaced() {
    let (_dir, store) = store();
    let bytes = jpeg_with_exif(&spec(9));
    let first = store.ingest_bytes(&bytes, "a.jpg").unwrap();
    let original = store.original_path(&first.sha256, &first.mime);
    fs::write(&original, &bytes[..100]).unwrap();
    let again = store.ingest_bytes(&bytes, "a.jpg").unwrap();
    assert!(!again.already_stored);
    assert_eq!(fs::read(&original).unwrap(), bytes);
}

#[test]
fn refused_files_leave_nothing() {
    let (_dir, store) = store();
    let good = jpeg_with_exif(&spec(10));
    let mut noise = vec![0u8; 5000];
    let mut x = 0x1234_5678u32;
    for b in &mut noise {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    let mut missing_eoi = good.clone();
    missing_eoi.truncate(good.len() - 2);
    let mut jpeg_garbage = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg_garbage.extend_from_slice(&noise);
    let mut png_truncated = Vec::new();
    DynamicImage::ImageRgb8(RgbImage::from_fn(300, 200, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 3) as u8, (x ^ y) as u8])
    }))
    .write_to(&mut Cursor::new(&mut png_truncated), ImageFormat::Png)
    .unwrap();
    png_truncated.truncate(png_truncated.len() / 2);
    let mut huge = vec![0u8; MAX_PHOTO_BYTES as usize + 1];
    huge[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "photo-err-empty"),
        (
            "text",
            b"Bonjour, voici les photos du capot.\n".to_vec(),
            "photo-err-not-image",
        ),
        ("random", noise, "photo-err-not-image"),
        (
            "pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
            "photo-err-not-image",
        ),
        (
            "heic",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0".to_vec(),
            "photo-err-unsupported",
        ),
        (
            "webp",
            b"RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0".to_vec(),
            "photo-err-unsupported",
        ),
        (
            "half jpeg",
            good[..good.len() / 2].to_vec(),
            "photo-err-corrupt",
        ),
        ("jpeg without eoi", missing_eoi, "photo-err-corrupt"),
        (
            "jpeg headers only",
            good[..600].to_vec(),
            "photo-err-corrupt",
        ),
        ("jpeg garbage", jpeg_garbage, "photo-err-corrupt"),
        ("half png", png_truncated, "photo-err-corrupt"),
        ("huge", huge, "photo-err-too-big"),
    ];
    for (name, bytes, key) in cases {
        let err = store.ingest_bytes(&bytes, "x.jpg").unwrap_err();
        assert_eq!(refusal_key(err), key, "{name}");
        assert!(
            files_under(store.root()).is_empty(),
            "{name} left {:?}",
            files_under(store.root())
        );
    }
}

#[test]
fn too_many_pixels_is_refused_before_decoding() {
    let (_dir, store) = store();
    // A valid 16×16 JPEG whose frame header claims 20 000 × 20 000 (400 megapixels).
    let mut bytes = jpeg_with_exif(&FixtureSpec {
        width: 16,
        height: 16,
        ..spec(11)
    });
    let sof = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline frame header");
    bytes[sof + 5..sof + 7].copy_from_slice(&20_000u16.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&20_000u16.to_be_bytes());
    let err = store.ingest_bytes(&bytes, "bomb.jpg").unwrap_err();
    assert_eq!(refusal_key(err), "photo-err-too-many-pixels");
    assert!(files_under(store.root()).is_empty());
}

#[test]
fn refusal_keys_are_translated() {
    let keys = [
        "photo-err-empty",
        "photo-err-not-image",
        "photo-err-unsupported",
        "photo-err-corrupt",
        "photo-err-too-big",
        "photo-err-too-many-pixels",
        "photo-err-missing",
    ];
    for key in keys {
        for lang in crate::Lang::ALL {
            assert!(crate::i18n::catalog().has(lang, key), "{key} ({lang:?})");
        }
    }
    assert_eq!(
        crate::Lang::Fr.error_message(&CoreError::Refused {
            key: "photo-err-not-image"
        }),
        "Ce fichier n'est pas une image (JPEG ou PNG attendu)."
    );
}

#[test]
fn thumbnail_is_320_and_rebuilt_when_lost_or_damaged() {
    let (_dir, store) = store();
    let photo = store
        .ingest_bytes(
            &jpeg_with_exif(&FixtureSpec {
                width: 1200,
                height: 900,
                ..spec(12)
            }),
            "a.jpg",
        )
        .unwrap();
    let thumb_path = store.thumb_path(&photo.sha256);
    let stored = image::open(&thumb_path).unwrap();
    assert_eq!(stored.dimensions(), (320, 240));
    let thumb = store.thumbnail(&photo.sha256, &photo.mime).unwrap();
    assert_eq!(thumb.width().max(thumb.height()), THUMB_MAX_SIDE);

    fs::remove_file(&thumb_path).unwrap();
    let rebuilt = store.thumbnail(&photo.sha256, &photo.mime).unwrap();
    assert_eq!(rebuilt.dimensions(), (320, 240));
    assert!(thumb_path.is_file(), "written back");

    fs::write(&thumb_path, b"not a jpeg").unwrap();
    assert_eq!(
        store
            .thumbnail(&photo.sha256, &photo.mime)
            .unwrap()
            .dimensions(),
        (320, 240)
    );
    assert_eq!(image::open(&thumb_path).unwrap().dimensions(), (320, 240));

    // A thumbnail cut short is rebuilt as well.
    let full = fs::read(&thumb_path).unwrap();
    fs::write(&thumb_path, &full[..full.len() / 2]).unwrap();
    store.thumbnail(&photo.sha256, &photo.mime).unwrap();
    assert_eq!(fs::read(&thumb_path).unwrap().len(), full.len());
}

#[test]
fn small_photos_are_not_enlarged() {
    let (_dir, store) = store();
    let photo = store
        .ingest_bytes(
            &jpeg_with_exif(&FixtureSpec {
                width: 200,
                height: 100,
                ..spec(13)
            }),
            "a.jpg",
        )
        .unwrap();
    let thumb = store.thumbnail(&photo.sha256, &photo.mime).unwrap();
    assert_eq!(thumb.dimensions(), (200, 100));
}

#[test]
fn missing_original_is_reported() {
    let (_dir, store) = store();
    let sha = "ab".repeat(32);
    let err = store.thumbnail(&sha, "image/jpeg").unwrap_err();
    assert_eq!(refusal_key(err), "photo-err-missing");
    let err = store.display_image(&sha, "image/jpeg", 800).unwrap_err();
    assert_eq!(refusal_key(err), "photo-err-missing");
    // A malformed id never reaches the file system.
    let err = store
        .thumbnail("../../etc/passwd", "image/jpeg")
        .unwrap_err();
    assert_eq!(refusal_key(err), "photo-err-missing");
    assert!(!store.exists("../x", "image/jpeg"));
    assert!(!store.exists(&sha, "image/jpeg"));
}

#[test]
fn display_image_is_oriented_and_bounded() {
    let (_dir, store) = store();
    let photo = store
        .ingest_bytes(
            &jpeg_with_exif(&FixtureSpec {
                width: 1600,
                height: 1200,
                orientation: 8,
                ..spec(14)
            }),
            "a.jpg",
        )
        .unwrap();
    let img = store
        .display_image(&photo.sha256, &photo.mime, 1000)
        .unwrap();
    // 2×2 averaging (800 px, within ¾ of 1000) rather than an exact resize.
    assert_eq!(img.dimensions(), (600, 800));
    let img = store
        .display_image(&photo.sha256, &photo.mime, 4000)
        .unwrap();
    assert_eq!(img.dimensions(), (1200, 1600));
}

#[test]
fn png_is_accepted() {
    let (_dir, store) = store();
    // With transparency: the thumbnail is composited on white.
    let img = RgbaImage::from_fn(500, 400, |x, y| {
        if x < 250 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
        }
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    let photo = store.ingest_bytes(&bytes, "capture.png").unwrap();
    assert_eq!(photo.mime, "image/png");
    assert_eq!((photo.width, photo.height), (500, 400));
    assert_eq!(photo.orientation, 1);
    assert_eq!(photo.taken_at, None);
    assert!(
        store
            .original_path(&photo.sha256, &photo.mime)
            .to_string_lossy()
            .ends_with(".png")
    );
    assert!(store.exists(&photo.sha256, &photo.mime));
    let thumb = store.thumbnail(&photo.sha256, &photo.mime).unwrap();
    assert_eq!(thumb.dimensions(), (320, 256));
    let corner = thumb.get_pixel(5, 5).0;
    assert!(
        corner.iter().take(3).all(|&c| c > 240),
        "white, got {corner:?}"
    );
    assert_eq!(
        store.list_originals().unwrap(),
        vec![(photo.sha256.clone(), "image/png".to_owned())]
    );
}

#[test]
fn ingest_file_uses_the_file_name() {
    let (dir, store) = store();
    let path = dir.path().join("Aile gauche.JPG");
    fs::write(&path, jpeg_with_exif(&spec(15))).unwrap();
    let photo = store.ingest_file(&path).unwrap();
    assert_eq!(photo.original_name, "Aile gauche.JPG");
    assert!(store.exists(&photo.sha256, &photo.mime));

    let err = store
        .ingest_file(&dir.path().join("absent.jpg"))
        .unwrap_err();
    assert!(matches!(err, CoreError::Io { .. }), "{err:?}");

    let text = dir.path().join("notes.jpg");
    fs::write(&text, "pas une image").unwrap();
    let err = store.ingest_file(&text).unwrap_err();
    assert_eq!(refusal_key(err), "photo-err-not-image");
}

#[test]
fn remove_list_and_temp_cleanup() {
    let (_dir, store) = store();
    assert!(store.list_originals().unwrap().is_empty(), "absent store");
    let a = store
        .ingest_bytes(&jpeg_with_exif(&spec(16)), "a.jpg")
        .unwrap();
    let b = store
        .ingest_bytes(&jpeg_with_exif(&spec(17)), "b.jpg")
        .unwrap();
    let mut expected = vec![
        (a.sha256.clone(), a.mime.clone()),
        (b.sha256.clone(), b.mime.clone()),
    ];
    expected.sort();
    assert_eq!(store.list_originals().unwrap(), expected);

    store.remove(&a.sha256, &a.mime).unwrap();
    store.remove(&a.sha256, &a.mime).unwrap();
    assert!(!store.exists(&a.sha256, &a.mime));
    assert!(!store.thumb_path(&a.sha256).exists());
    assert_eq!(store.list_originals().unwrap().len(), 1);

    // A temporary file left by a crash.
    let stale = store
        .original_path(&b.sha256, &b.mime)
        .with_file_name(format!(".{}.jpg.1-1.tmp", b.sha256));
    fs::write(&stale, b"half").unwrap();
    assert_eq!(
        store
            .remove_stale_temp_files(Duration::from_secs(3600))
            .unwrap(),
        0
    );
    assert!(stale.exists(), "too recent: may be a write in progress");
    assert_eq!(store.remove_stale_temp_files(Duration::ZERO).unwrap(), 1);
    assert!(!stale.exists());
    assert!(store.exists(&b.sha256, &b.mime));
}

#[test]
fn read_exif_defaults_and_garbage() {
    assert_eq!(read_exif(b""), ExifInfo::default());
    assert_eq!(read_exif(b"hello").orientation, 1);
    // A JPEG without EXIF.
    let mut plain = Vec::new();
    DynamicImage::ImageRgb8(RgbImage::new(8, 8))
        .write_to(&mut Cursor::new(&mut plain), ImageFormat::Jpeg)
        .unwrap();
    assert_eq!(read_exif(&plain), ExifInfo::default());

    // Every byte of the EXIF block damaged in turn: never a panic, decoding still works.
    let good = jpeg_with_exif(&FixtureSpec {
        width: 16,
        height: 16,
        ..spec(18)
    });
    let exif_end = 4 + usize::from(u16::from_be_bytes([good[4], good[5]]));
    for i in 4..exif_end {
        for v in [0x00, 0xFF, 0x7F] {
            let mut bad = good.clone();
            bad[i] = v;
            let info = read_exif(&bad);
            assert!((1..=8).contains(&info.orientation));
        }
    }
    // Out-of-range values fall back to defaults.
    let odd = jpeg_with_exif(&FixtureSpec {
        orientation: 42,
        taken_at: Some("2024-02-30T10:00:00".into()),
        gps: Some((0.0, 0.0)),
        ..spec(19)
    });
    let info = read_exif(&odd);
    assert_eq!(info.orientation, 1);
    assert_eq!(info.taken_at, None);
    assert_eq!(info.gps, None);
}

#[test]
fn fixtures_are_deterministic_and_distinct() {
    let a = jpeg_with_exif(&spec(20));
    assert_eq!(a, jpeg_with_exif(&spec(20)));
    assert_ne!(a, jpeg_with_exif(&spec(21)));
    // Same seed, different label: different bytes, same pixels.
    let labelled = jpeg_with_exif(&FixtureSpec {
        label: Some("Pare-chocs".into()),
        ..spec(20)
    });
    assert_ne!(a, labelled);
    let pa = image::load_from_memory(&a).unwrap();
    let pb = image::load_from_memory(&labelled).unwrap();
    assert_eq!(pa.as_bytes(), pb.as_bytes());
    assert_eq!(sniff_mime(&a), Some("image/jpeg"));
    assert!(jpeg_is_complete(&a));
    // Degenerate sizes are clamped, never a panic.
    let tiny = jpeg_with_exif(&FixtureSpec {
        width: 0,
        height: 0,
        ..spec(22)
    });
    assert_eq!(image::load_from_memory(&tiny).unwrap().dimensions(), (1, 1));
}

#[test]
fn every_orientation_displays_the_same_upright_scene() {
    let (_dir, store) = store();
    let decode = |bytes: &[u8]| image::load_from_memory(bytes).unwrap().into_rgba8();
    let upright = decode(&jpeg_with_exif(&FixtureSpec {
        width: 120,
        height: 160,
        ..spec(24)
    }));
    for orientation in 2..=8u16 {
        let (width, height) = if orientation >= 5 {
            (160, 120)
        } else {
            (120, 160)
        };
        let bytes = jpeg_with_exif(&FixtureSpec {
            width,
            height,
            orientation,
            ..spec(24)
        });
        let photo = store.ingest_bytes(&bytes, "o.jpg").unwrap();
        assert_eq!((photo.width, photo.height), (120, 160), "{orientation}");
        let shown = store
            .display_image(&photo.sha256, &photo.mime, 1000)
            .unwrap();
        assert_eq!(shown.dimensions(), upright.dimensions());
        let diff: u64 = shown
            .as_raw()
            .iter()
            .zip(upright.as_raw())
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        let mean = diff as f64 / shown.as_raw().len() as f64;
        assert!(
            mean < 8.0,
            "orientation {orientation}: mean difference {mean}"
        );
    }
}
