//! EXIF metadata of a photo: orientation, capture time, camera and GPS position.
//!
//! Read with the `kamadak-exif` crate (lib name `exif`). Reading never fails: a photo without
//! EXIF, or with garbled EXIF, simply gets the defaults ([`ExifInfo::default`]).

use ::exif::{In, Reader, Tag, Value};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The EXIF facts RPMA keeps about a photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExifInfo {
    /// EXIF orientation, 1..=8 (1 = as stored; 6 = rotate 90° clockwise to display). 1 when
    /// absent or out of range.
    pub orientation: u16,
    /// `DateTimeOriginal` (fallback `DateTime`) as `YYYY-MM-DDTHH:MM:SS`, in the local time the
    /// camera wrote (EXIF has no reliable time zone). `None` when absent, blank or not a real date.
    pub taken_at: Option<String>,
    /// `Make Model`, trimmed; the make is not repeated when the model already starts with it
    /// (`Canon` + `Canon EOS R6` → `Canon EOS R6`). `None` when both are absent or blank.
    pub camera: Option<String>,
    /// Decimal degrees (latitude, longitude); south and west are negative. `None` when absent,
    /// out of range, or exactly (0, 0) (what devices without a fix often write).
    pub gps: Option<(f64, f64)>,
}

impl Default for ExifInfo {
    fn default() -> Self {
        Self {
            orientation: 1,
            taken_at: None,
            camera: None,
            gps: None,
        }
    }
}

/// Reads the EXIF metadata of a JPEG or PNG (the whole file's bytes). Never fails: missing or
/// garbled EXIF gives [`ExifInfo::default`], and each field is read on its own, so one bad field
/// does not lose the others.
pub fn read_exif(bytes: &[u8]) -> ExifInfo {
    // The parser is not ours: a panic on hostile input must not take the app down.
    std::panic::catch_unwind(|| read_exif_inner(bytes)).unwrap_or_default()
}

fn read_exif_inner(bytes: &[u8]) -> ExifInfo {
    let mut reader = Reader::new();
    reader.continue_on_error(true);
    let parsed = reader
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .or_else(|e| e.distill_partial_result(|_| {}));
    let Ok(exif) = parsed else {
        return ExifInfo::default();
    };
    let field = |tag: Tag| exif.get_field(tag, In::PRIMARY).map(|f| &f.value);

    let orientation = field(Tag::Orientation)
        .and_then(|v| v.get_uint(0))
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| (1..=8).contains(o))
        .unwrap_or(1);

    let taken_at = field(Tag::DateTimeOriginal)
        .and_then(parse_datetime)
        .or_else(|| field(Tag::DateTime).and_then(parse_datetime));

    let make = field(Tag::Make).and_then(ascii);
    let model = field(Tag::Model).and_then(ascii);
    let camera = match (make, model) {
        (Some(make), Some(model)) => {
            if model.to_lowercase().starts_with(&make.to_lowercase()) {
                Some(model)
            } else {
                Some(format!("{make} {model}"))
            }
        }
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    };

    let lat = coordinate(field(Tag::GPSLatitude), field(Tag::GPSLatitudeRef), 90.0);
    let lon = coordinate(field(Tag::GPSLongitude), field(Tag::GPSLongitudeRef), 180.0);
    let gps = match (lat, lon) {
        (Some(lat), Some(lon)) if lat != 0.0 || lon != 0.0 => Some((lat, lon)),
        _ => None,
    };

    ExifInfo {
        orientation,
        taken_at,
        camera,
        gps,
    }
}

/// The first string of an ASCII field, without NULs, control characters or outer spaces.
fn ascii(value: &Value) -> Option<String> {
    let Value::Ascii(strings) = value else {
        return None;
    };
    let raw = strings.first()?;
    let text: String = String::from_utf8_lossy(raw)
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// `YYYY:MM:DD HH:MM:SS` → `YYYY-MM-DDTHH:MM:SS`, only for a real date and time.
fn parse_datetime(value: &Value) -> Option<String> {
    let Value::Ascii(strings) = value else {
        return None;
    };
    let dt = ::exif::DateTime::from_ascii(strings.first()?).ok()?;
    let date = NaiveDate::from_ymd_opt(i32::from(dt.year), u32::from(dt.month), u32::from(dt.day))?;
    let time: NaiveDateTime = date.and_hms_opt(
        u32::from(dt.hour),
        u32::from(dt.minute),
        u32::from(dt.second),
    )?;
    Some(time.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Degrees/minutes/seconds rationals plus an `N`/`S`/`E`/`W` reference → signed decimal degrees.
fn coordinate(dms: Option<&Value>, reference: Option<&Value>, max: f64) -> Option<f64> {
    let Some(Value::Rational(parts)) = dms else {
        return None;
    };
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut degrees = 0.0;
    for (part, scale) in parts.iter().zip([1.0, 60.0, 3600.0]) {
        if part.denom == 0 {
            return None;
        }
        degrees += part.to_f64() / scale;
    }
    if !degrees.is_finite() || degrees > max {
        return None;
    }
    let negative = reference
        .and_then(ascii)
        .is_some_and(|r| r.eq_ignore_ascii_case("S") || r.eq_ignore_ascii_case("W"));
    Some(if negative { -degrees } else { degrees })
}
