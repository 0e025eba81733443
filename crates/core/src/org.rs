//! The organisation (the shop): one row, used on every document.

use rusqlite::{Connection, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};

use crate::audit::AuditEntry;
use crate::error::CoreResult;
use crate::store::Tx;
use crate::validate::{self, FieldErrors};

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

/// The organisation, if set up.
pub fn get(conn: &Connection) -> CoreResult<Option<Organisation>> {
    Ok(conn
        .query_row(
            "SELECT name, legal_name, siret, vat_number, address_line1, address_line2, postal_code,
                    city, country, phone, email
             FROM organisation WHERE deleted_at IS NULL LIMIT 1",
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
pub fn save(tx: &Tx<'_>, org: Organisation) -> CoreResult<Organisation> {
    let org = org.validated().map_err(crate::CoreError::Invalid)?;
    let before = get(tx.conn())?;
    let id: Option<String> = tx
        .conn()
        .query_row("SELECT id FROM organisation LIMIT 1", [], |r| r.get(0))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::store::Store;

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
            crate::CoreError::Invalid(f) => {
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
}
