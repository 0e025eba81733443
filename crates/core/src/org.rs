//! The organisation (the shop): one row, used on every document.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder as _, ImageFormat, ImageReader, Limits};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::audit::AuditEntry;
use crate::auth::permissions::{self, Action, Forbidden, ForbiddenReason};
use crate::error::{CoreError, CoreResult};
use crate::store::Tx;
use crate::users;
use crate::validate::{self, FieldErrors};

/// Largest logo file accepted, in bytes (10 MB).
pub const MAX_LOGO_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// A stored logo fits in this many pixels in both directions.
pub const LOGO_MAX_SIDE: u32 = 512;
/// Largest picture the decoder is allowed to open (width or height), so that a small file cannot
/// claim a gigantic canvas.
const DECODE_MAX_SIDE: u32 = 12_000;
/// Memory the decoder may use at most.
const DECODE_MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// The shop's identity and legal data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Trading name, shown everywhere.
    pub name: String,
    /// Legal name (raison sociale), when different.
    pub legal_name: String,
    /// SIRET: 14 digits (empty when not French or not known).
    pub siret: String,
    /// Intra-EU VAT number.
    pub vat_number: String,
    /// Street.
    pub address_line1: String,
    /// Complement.
    pub address_line2: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO 3166 alpha-2 country code.
    pub country: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
}

/// Luhn checksum, used by SIRET/SIREN.
pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// Normalises and checks a SIRET (spaces allowed when typed). La Poste's establishments are the
/// documented exception to the Luhn rule (SIREN 356000000: digit sum multiple of 5).
pub fn normalize_siret(s: &str) -> Option<String> {
    let d: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if d.len() != 14 || !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let la_poste = d.starts_with("356000000")
        && d.chars().filter_map(|c| c.to_digit(10)).sum::<u32>() % 5 == 0;
    (luhn_ok(&d) || la_poste).then_some(d)
}

/// Normalises a VAT number (upper case, no spaces) and checks its shape: two letters then 2–13
/// alphanumerics; a French number is `FR` + 2 check characters + the 9-digit SIREN.
pub fn normalize_vat(s: &str) -> Option<String> {
    let v: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let (cc, rest) = (v.get(..2)?, v.get(2..)?);
    if !cc.chars().all(|c| c.is_ascii_uppercase()) || rest.len() < 2 || rest.len() > 13 {
        return None;
    }
    if !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if cc == "FR" {
        let siren = rest.get(2..)?;
        if rest.len() != 11 || !siren.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        // Numeric key: (12 + 3 × (SIREN mod 97)) mod 97.
        if let (Ok(key), Ok(n)) = (rest.get(..2)?.parse::<u64>(), siren.parse::<u64>())
            && key != (12 + 3 * (n % 97)) % 97
        {
            return None;
        }
    }
    Some(v)
}

impl Organisation {
    /// Validates and normalises; errors name the fields.
    pub fn validated(mut self) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.name = validate::required(&mut e, "name", &self.name);
        self.country = if self.country.trim().is_empty() {
            "FR".to_owned()
        } else {
            self.country.trim().to_ascii_uppercase()
        };
        if !self.siret.trim().is_empty() {
            match normalize_siret(&self.siret) {
                Some(s) => self.siret = s,
                None => e.add("siret", "err-siret"),
            }
        }
        if !self.vat_number.trim().is_empty() {
            match normalize_vat(&self.vat_number) {
                Some(v) => self.vat_number = v,
                None => e.add("vat_number", "err-vat"),
            }
        }
        let pc = self.postal_code.trim().to_owned();
        if self.country == "FR"
            && !pc.is_empty()
            && !(pc.len() == 5 && pc.chars().all(|c| c.is_ascii_digit()))
        {
            e.add("postal_code", "err-postal-code-fr");
        }
        self.postal_code = pc;
        if !self.email.trim().is_empty() && !validate::is_email(self.email.trim()) {
            e.add("email", "err-email");
        }
        self.email = self.email.trim().to_owned();
        if e.is_empty() { Ok(self) } else { Err(e) }
    }
}

/// The organisation, if set up. At a head office, its own: the shops' rows pulled there carry
/// their shop (`shop_id`, [`crate::jobs::shops`]) and are not this data folder's.
pub fn get(conn: &Connection) -> CoreResult<Option<Organisation>> {
    Ok(conn
        .query_row(
            "SELECT name, legal_name, siret, vat_number, address_line1, address_line2, postal_code,
                    city, country, phone, email
             FROM organisation WHERE deleted_at IS NULL AND shop_id IS NULL LIMIT 1",
            [],
            |r| {
                Ok(Organisation {
                    name: r.get(0)?,
                    legal_name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    siret: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    vat_number: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    address_line1: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    address_line2: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    postal_code: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    city: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    country: r.get(8)?,
                    phone: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                    email: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                })
            },
        )
        .optional()?)
}

/// Creates or replaces the organisation's data (validated, audited with before/after).
pub(crate) fn save(tx: &Tx<'_>, org: Organisation) -> CoreResult<Organisation> {
    let org = org.validated().map_err(CoreError::Invalid)?;
    let before = get(tx.conn())?;
    let id: Option<String> = tx
        .conn()
        .query_row(
            "SELECT id FROM organisation WHERE shop_id IS NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let id = id.unwrap_or_else(crate::ids::new_id);
    tx.conn().execute(
        "INSERT INTO organisation (id, name, legal_name, siret, vat_number, address_line1, address_line2,
                                   postal_code, city, country, phone, email, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)
         ON CONFLICT(id) DO UPDATE SET name = ?2, legal_name = ?3, siret = ?4, vat_number = ?5,
             address_line1 = ?6, address_line2 = ?7, postal_code = ?8, city = ?9, country = ?10,
             phone = ?11, email = ?12, updated_at = ?13",
        params![
            id,
            org.name,
            org.legal_name,
            org.siret,
            org.vat_number,
            org.address_line1,
            org.address_line2,
            org.postal_code,
            org.city,
            org.country,
            org.phone,
            org.email,
            tx.now()
        ],
    )?;
    tx.audit(AuditEntry {
        action: if before.is_some() {
            "organisation.update"
        } else {
            "organisation.create"
        },
        entity: "organisation",
        entity_id: Some(&id),
        before: before.map(|b| serde_json::to_value(b).unwrap_or_default()),
        after: Some(serde_json::to_value(&org).unwrap_or_default()),
    })?;
    Ok(org)
}

fn logo_refused() -> CoreError {
    CoreError::Refused {
        key: "err-logo-image",
    }
}

/// Decodes a PNG or JPEG under memory and size limits, with the JPEG's EXIF orientation applied.
fn decode_limited(bytes: &[u8]) -> CoreResult<DynamicImage> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| logo_refused())?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(logo_refused());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(DECODE_MAX_SIDE);
    limits.max_image_height = Some(DECODE_MAX_SIDE);
    limits.max_alloc = Some(DECODE_MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| logo_refused())?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| logo_refused())?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    if img.width() == 0 || img.height() == 0 {
        return Err(logo_refused());
    }
    Ok(img)
}

/// Turns an image file's bytes into the stored logo: refuses files over 10 MB
/// (`err-logo-too-big`) and anything that is not a readable PNG or JPEG (`err-logo-image`:
/// corrupt, truncated, SVG, text…), shrinks it to fit 512×512 keeping its proportions (never
/// enlarges it) and re-encodes it as PNG, transparency kept. CPU work: call it off the UI thread.
pub fn normalize_logo(bytes: &[u8]) -> CoreResult<Vec<u8>> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_LOGO_FILE_BYTES {
        return Err(CoreError::Refused {
            key: "err-logo-too-big",
        });
    }
    let img = decode_limited(bytes)?;
    let img = if img.width() > LOGO_MAX_SIDE || img.height() > LOGO_MAX_SIDE {
        img.resize(
            LOGO_MAX_SIDE,
            LOGO_MAX_SIDE,
            image::imageops::FilterType::Lanczos3,
        )
    } else {
        img
    };
    // 8 bits per channel; the alpha channel only when the picture has one.
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .map_err(|_| logo_refused())?;
    Ok(out)
}

/// What the audit log records of a logo: its fingerprint and size, never the picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogoInfo {
    /// SHA-256 of the stored PNG, in hex.
    pub sha256: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Checks that `png` is a complete PNG that fits 512×512 (what [`normalize_logo`] produces) and
/// describes it.
pub fn check_logo_png(png: &[u8]) -> CoreResult<LogoInfo> {
    let img =
        image::load_from_memory_with_format(png, ImageFormat::Png).map_err(|_| logo_refused())?;
    if img.width() == 0
        || img.height() == 0
        || img.width() > LOGO_MAX_SIDE
        || img.height() > LOGO_MAX_SIDE
    {
        return Err(logo_refused());
    }
    Ok(LogoInfo {
        sha256: hex::encode(Sha256::digest(png)),
        width: img.width(),
        height: img.height(),
    })
}

/// Describes a stored logo for the audit log (dimensions from the PNG header).
fn stored_logo_info(png: &[u8]) -> LogoInfo {
    let (width, height) = ImageReader::with_format(Cursor::new(png), ImageFormat::Png)
        .into_dimensions()
        .unwrap_or((0, 0));
    LogoInfo {
        sha256: hex::encode(Sha256::digest(png)),
        width,
        height,
    }
}

/// The shop's logo (a PNG of at most 512×512), if one was set.
pub fn get_logo(conn: &Connection) -> CoreResult<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT logo_png FROM organisation WHERE deleted_at IS NULL AND shop_id IS NULL LIMIT 1",
            [],
            |r| r.get::<_, Option<Vec<u8>>>(0),
        )
        .optional()?
        .flatten())
}

/// Sets (`Some`, a PNG from [`normalize_logo`]) or removes (`None`) the shop's logo. Requires
/// [`Action::EditSettings`] from the acting user as stored now; `actor` may be `None` only during
/// the first-run setup, while there is no account yet. The PNG is checked again here. Audited
/// `organisation.logo` with the fingerprint and size before and after (never the picture);
/// setting the same picture again writes nothing.
pub fn save_logo(
    store: &mut crate::Store,
    actor: &crate::Session,
    png: Option<Vec<u8>>,
) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| set_logo(tx, Some(actor), png))
}

/// [`save_logo`] inside a use case (the first-run setup sets it with no account yet).
pub fn set_logo(
    tx: &Tx<'_>,
    actor: Option<&crate::Session>,
    png: Option<Vec<u8>>,
) -> CoreResult<()> {
    match actor {
        Some(actor) => {
            let actor = users::current_actor(tx.conn(), actor, Action::EditSettings)?;
            permissions::require(actor.role, Action::EditSettings)?;
        }
        None if users::count(tx.conn())? == 0 => {}
        None => {
            return Err(CoreError::Forbidden(Forbidden::new(
                Action::EditSettings,
                ForbiddenReason::RoleTooLow,
            )));
        }
    }
    let after = png.as_deref().map(check_logo_png).transpose()?;
    let id: String = tx
        .conn()
        .query_row(
            "SELECT id FROM organisation WHERE deleted_at IS NULL AND shop_id IS NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::NotFound {
            entity: "organisation",
        })?;
    let before = get_logo(tx.conn())?.map(|b| stored_logo_info(&b));
    if before.as_ref().map(|b| &b.sha256) == after.as_ref().map(|a| &a.sha256) {
        return Ok(());
    }
    let blob = png.map_or(Value::Null, Value::Blob);
    tx.conn().execute(
        "UPDATE organisation SET logo_png = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, blob, tx.now()],
    )?;
    // No logo is recorded as an absent side (SQL NULL), like a creation or a removal.
    let json = |i: LogoInfo| serde_json::to_value(i).unwrap_or_default();
    tx.audit(AuditEntry {
        action: "organisation.logo",
        entity: "organisation",
        entity_id: Some(&id),
        before: before.map(json),
        after: after.map(json),
    })
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use crate::store::Store;
    use crate::testutil::Fixture;

    #[test]
    fn siret_and_vat() {
        // SIRET of a real establishment shape (Luhn-valid) and La Poste's exception.
        assert_eq!(
            normalize_siret("732 829 320 00074").as_deref(),
            Some("73282932000074")
        );
        assert!(normalize_siret("73282932000075").is_none());
        assert!(normalize_siret("1234").is_none());
        assert!(normalize_siret("35600000000001").is_some());
        assert_eq!(
            normalize_vat("fr 44 732829320").as_deref(),
            Some("FR44732829320")
        );
        assert!(normalize_vat("FR00732829320").is_none());
        assert!(normalize_vat("DE123456789").is_some());
        assert!(normalize_vat("12").is_none());
    }

    #[test]
    fn refused_save_changes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        let bad = Organisation {
            name: "  ".into(),
            siret: "123".into(),
            postal_code: "7500".into(),
            ..Organisation::default()
        };
        let err = s.write(None, |tx| save(tx, bad)).unwrap_err();
        match err {
            CoreError::Invalid(f) => {
                assert!(f.for_field("name").is_some());
                assert!(f.for_field("siret").is_some());
                assert!(f.for_field("postal_code").is_some());
            }
            other => panic!("{other:?}"),
        }
        assert!(get(s.conn()).unwrap().is_none());
        let n: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn save_then_update_is_audited() {
        let mut s = Store::open_in_memory().unwrap();
        let org = Organisation {
            name: "Atelier".into(),
            ..Organisation::default()
        };
        s.write(None, |tx| save(tx, org.clone())).unwrap();
        let org2 = Organisation {
            city: "Lyon".into(),
            ..org
        };
        s.write(None, |tx| save(tx, org2)).unwrap();
        assert_eq!(get(s.conn()).unwrap().unwrap().city, "Lyon");
        assert_eq!(get(s.conn()).unwrap().unwrap().country, "FR");
        let n: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }

    /// A 1600×800-style RGBA PNG: a colour gradient with a fully transparent left quarter.
    fn png_bytes(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            let a = if x < w / 4 { 0 } else { 255 };
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 120, a])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    fn jpeg_bytes(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 200])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    fn decoded(png: &[u8]) -> DynamicImage {
        assert_eq!(
            image::guess_format(png).unwrap(),
            ImageFormat::Png,
            "stored as PNG"
        );
        image::load_from_memory_with_format(png, ImageFormat::Png).unwrap()
    }

    fn refused_key(r: CoreResult<Vec<u8>>) -> &'static str {
        match r {
            Err(CoreError::Refused { key }) => key,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    /// The fixture's accounts plus an organisation.
    fn shop() -> Fixture {
        let mut f = Fixture::new();
        let org = Organisation {
            name: "Atelier".into(),
            ..Organisation::default()
        };
        f.store.write(None, |tx| save(tx, org)).unwrap();
        f
    }

    fn logo_audit_count(f: &Fixture) -> usize {
        f.audit_rows("organisation.logo").len()
    }

    #[test]
    fn png_is_shrunk_to_fit_keeping_ratio_and_transparency() {
        let png = normalize_logo(&png_bytes(1600, 800)).unwrap();
        let img = decoded(&png);
        assert_eq!((img.width(), img.height()), (512, 256));
        assert!(img.color().has_alpha());
        let rgba = img.to_rgba8();
        assert_eq!(rgba.get_pixel(10, 128)[3], 0, "transparent part kept");
        assert_eq!(rgba.get_pixel(400, 128)[3], 255);
    }

    #[test]
    fn jpeg_becomes_a_png_that_fits() {
        let png = normalize_logo(&jpeg_bytes(1600, 800)).unwrap();
        let img = decoded(&png);
        assert_eq!((img.width(), img.height()), (512, 256));
        assert!(
            !img.color().has_alpha(),
            "a JPEG has no transparency to keep"
        );
        // Tall pictures fit by their height.
        let tall = decoded(&normalize_logo(&jpeg_bytes(400, 1200)).unwrap());
        assert_eq!(tall.height(), 512);
        assert!((170..=171).contains(&tall.width()), "{}", tall.width());
    }

    #[test]
    fn small_pictures_are_never_enlarged() {
        let img = decoded(&normalize_logo(&png_bytes(120, 60)).unwrap());
        assert_eq!((img.width(), img.height()), (120, 60));
    }

    #[test]
    fn unreadable_files_are_refused() {
        let png = png_bytes(300, 200);
        let truncated = &png[..png.len() / 2];
        assert_eq!(refused_key(normalize_logo(truncated)), "err-logo-image");
        assert_eq!(
            refused_key(normalize_logo(b"Bonjour, ceci est un fichier texte.\n")),
            "err-logo-image"
        );
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#;
        assert_eq!(refused_key(normalize_logo(svg)), "err-logo-image");
        assert_eq!(refused_key(normalize_logo(&[])), "err-logo-image");
        let huge = vec![0u8; usize::try_from(MAX_LOGO_FILE_BYTES).unwrap() + 1];
        assert_eq!(refused_key(normalize_logo(&huge)), "err-logo-too-big");
    }

    #[test]
    fn admin_sets_and_removes_the_logo_with_an_audit_trail_without_the_picture() {
        let mut f = shop();
        let admin = f.admin.clone();
        let png = normalize_logo(&png_bytes(1600, 800)).unwrap();
        f.store
            .write(Some(&admin.id), |tx| {
                set_logo(tx, Some(&admin), Some(png.clone()))
            })
            .unwrap();
        assert_eq!(get_logo(f.store.conn()).unwrap().as_deref(), Some(&png[..]));
        let rows = f.audit_rows("organisation.logo");
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.user_id.as_deref(), Some(admin.id.as_str()));
        assert!(row.before.is_none());
        let after: serde_json::Value = serde_json::from_str(row.after.as_deref().unwrap()).unwrap();
        assert_eq!(
            after,
            serde_json::json!({
                "sha256": hex::encode(Sha256::digest(&png)),
                "width": 512,
                "height": 256,
            })
        );
        // Only the fingerprint: the entry is tiny and holds no image data.
        assert!(row.after.as_deref().unwrap().len() < 200);
        assert!(!row.after.as_deref().unwrap().contains("PNG"));

        // The same picture again writes nothing.
        f.store
            .write(Some(&admin.id), |tx| {
                set_logo(tx, Some(&admin), Some(png.clone()))
            })
            .unwrap();
        assert_eq!(logo_audit_count(&f), 1);

        // Removal.
        f.store
            .write(Some(&admin.id), |tx| set_logo(tx, Some(&admin), None))
            .unwrap();
        assert!(get_logo(f.store.conn()).unwrap().is_none());
        let rows = f.audit_rows("organisation.logo");
        assert_eq!(rows.len(), 2);
        assert!(rows[1].after.is_none());
        assert!(rows[1].before.as_deref().unwrap().contains("\"width\":512"));
        assert!(crate::audit::verify_chain(f.store.conn()).unwrap().is_ok());
    }

    #[test]
    fn refused_files_change_nothing() {
        let mut f = shop();
        let admin = f.admin.clone();
        let good = normalize_logo(&png_bytes(200, 100)).unwrap();
        f.store
            .write(Some(&admin.id), |tx| {
                set_logo(tx, Some(&admin), Some(good.clone()))
            })
            .unwrap();
        let png = png_bytes(300, 200);
        for bad in [png[..png.len() / 2].to_vec(), b"pas une image".to_vec()] {
            // Refused by the normalisation (the UI never sends it)…
            assert!(normalize_logo(&bad).is_err());
            // …and by the core if it were sent anyway.
            let r = f
                .store
                .write(Some(&admin.id), |tx| set_logo(tx, Some(&admin), Some(bad)));
            assert!(matches!(
                r,
                Err(CoreError::Refused {
                    key: "err-logo-image"
                })
            ));
        }
        // A PNG larger than 512 pixels is not a normalised logo either.
        let r = f.store.write(Some(&admin.id), |tx| {
            set_logo(tx, Some(&admin), Some(png_bytes(600, 100)))
        });
        assert!(matches!(r, Err(CoreError::Refused { .. })));
        assert_eq!(get_logo(f.store.conn()).unwrap(), Some(good));
        assert_eq!(logo_audit_count(&f), 1);
    }

    #[test]
    fn only_admins_set_the_logo() {
        let mut f = shop();
        let png = normalize_logo(&png_bytes(64, 64)).unwrap();
        for who in [f.supervisor.clone(), f.technician.clone(), f.viewer.clone()] {
            let r = f.store.write(Some(&who.id), |tx| {
                set_logo(tx, Some(&who), Some(png.clone()))
            });
            assert!(matches!(r, Err(CoreError::Forbidden(_))), "{:?}", who.role);
        }
        // Without an actor: only before the first account exists.
        let r = f
            .store
            .write(None, |tx| set_logo(tx, None, Some(png.clone())));
        assert!(matches!(r, Err(CoreError::Forbidden(_))));
        assert!(get_logo(f.store.conn()).unwrap().is_none());
        assert_eq!(logo_audit_count(&f), 0);

        let mut first_run = Store::open_in_memory().unwrap();
        first_run
            .write(None, |tx| {
                save(
                    tx,
                    Organisation {
                        name: "Neuf".into(),
                        ..Organisation::default()
                    },
                )?;
                set_logo(tx, None, Some(png.clone()))
            })
            .unwrap();
        assert_eq!(get_logo(first_run.conn()).unwrap(), Some(png));
    }

    #[test]
    fn no_organisation_no_logo() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let png = normalize_logo(&png_bytes(64, 64)).unwrap();
        let r = f
            .store
            .write(Some(&admin.id), |tx| set_logo(tx, Some(&admin), Some(png)));
        assert!(matches!(
            r,
            Err(CoreError::NotFound {
                entity: "organisation"
            })
        ));
        assert!(get_logo(f.store.conn()).unwrap().is_none());
    }
}
