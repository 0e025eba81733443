//! The pure parts of the form validators, for re-checking a field while the user corrects it
//! (no database: uniqueness and references are checked again on save). Each returns the same
//! field names and message keys as the save path, and the save path uses them.

use crate::auth::password::PasswordPolicy;
use crate::org::{normalize_siret, normalize_vat};
use crate::validate::{FieldError, FieldErrors};
use crate::vehicle_ident;
use crate::vehicles::{VehicleInput, max_year};

/// Plate, VIN, make and year of a vehicle form.
pub fn vehicle(input: &VehicleInput, now_ms: i64) -> FieldErrors {
    let mut e = FieldErrors::new();
    if input.plate.trim().is_empty() {
        e.add("plate", "err-required");
    } else if let Err(key) = vehicle_ident::parse_plate(&input.plate, input.foreign_plate) {
        e.add("plate", key);
    }
    if !input.vin.trim().is_empty()
        && let Err(key) = vehicle_ident::parse_vin(&input.vin)
    {
        e.add("vin", key);
    }
    if input.make.trim().is_empty() {
        e.add("make", "err-required");
    }
    let year = input.year.trim();
    if !year.is_empty()
        && !year
            .parse::<i32>()
            .is_ok_and(|y| (1900..=max_year(now_ms)).contains(&y))
    {
        e.add_with(
            "year",
            "vehicle-err-year",
            vec![("max", max_year(now_ms).to_string())],
        );
    }
    e
}

/// Username format, e-mail format, display name and every password rule of a new account.
pub fn new_user(
    username: &str,
    email: &str,
    display_name: &str,
    password: &str,
    policy: &PasswordPolicy,
) -> FieldErrors {
    let mut e = FieldErrors::new();
    let username = username.trim();
    if username.is_empty() {
        e.add("username", "err-required");
    } else if !crate::users::valid_username(username) {
        e.add("username", "err-username");
    }
    let email = email.trim();
    if !email.is_empty() && !crate::validate::is_email(email) {
        e.add("email", "err-email");
    }
    if display_name.trim().is_empty() {
        e.add("display_name", "err-required");
    }
    password_rules(&mut e, "password", password, policy);
    e
}

/// A user's contact details (display name required, e-mail and phone well-formed).
pub fn contact(display_name: &str, email: &str, phone: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    if display_name.trim().is_empty() {
        e.add("display_name", "err-required");
    }
    let email = email.trim();
    if !email.is_empty() && !crate::validate::is_email(email) {
        e.add("email", "err-email");
    }
    let phone = phone.trim();
    if !phone.is_empty() && !crate::accounts::is_phone(phone) {
        e.add("phone", "err-phone");
    }
    e
}

/// Every password rule `password` breaks, each as an error of `field` (all at once).
pub fn password_rules(
    e: &mut FieldErrors,
    field: &'static str,
    password: &str,
    policy: &PasswordPolicy,
) {
    if let Err(violations) = policy.check(password) {
        for v in violations {
            let (key, args) = crate::users::password_violation_message(&v);
            e.add_with(field, key, args);
        }
    }
}

/// A French VAT number whose SIREN part is not the SIRET's: both are well-formed (the VAT key is
/// derived from its own SIREN, so the key cannot catch it), but they name two companies. A
/// warning shown beside the VAT field; saving is not refused. `None` when either is empty,
/// malformed or not French.
pub fn vat_siren_warning(vat: &str, siret: &str) -> Option<FieldError> {
    let vat = normalize_vat(vat)?;
    let siret = normalize_siret(siret)?;
    let vat_siren = vat.strip_prefix("FR")?.get(2..)?.to_owned();
    let siren = siret.get(..9)?.to_owned();
    (vat_siren != siren).then(|| FieldError {
        field: "vat_number",
        key: "org-warn-vat-siren",
        args: vec![("vat_siren", vat_siren), ("siren", siren)],
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // SIREN 732 829 320 (key 44) and 404 833 048 (key 83): both valid.
    const SIRET_732: &str = "73282932000074";

    #[test]
    fn vat_of_another_siren_than_the_siret_is_warned_not_refused() {
        let w = vat_siren_warning("FR83404833048", SIRET_732).unwrap();
        assert_eq!(w.field, "vat_number");
        assert_eq!(w.key, "org-warn-vat-siren");
        assert!(w.args.contains(&("vat_siren", "404833048".to_owned())));
        assert!(w.args.contains(&("siren", "732829320".to_owned())));
        // The same company: no warning; typed with spaces too.
        assert!(vat_siren_warning("FR 44 732 829 320", "732 829 320 00074").is_none());
        // Nothing to compare: empty, malformed or foreign.
        assert!(vat_siren_warning("", SIRET_732).is_none());
        assert!(vat_siren_warning("FR83404833048", "").is_none());
        assert!(vat_siren_warning("FR00404833048", SIRET_732).is_none());
        assert!(vat_siren_warning("DE123456789", SIRET_732).is_none());
        // The core's VAT validator accepts it (the key matches its own SIREN).
        assert!(normalize_vat("FR83404833048").is_some());
    }

    #[test]
    fn every_failing_password_rule_is_listed_at_once() {
        let e = new_user("claire", "", "Claire", "abc", &PasswordPolicy::default());
        let keys: Vec<&str> =
            e.0.iter()
                .filter(|e| e.field == "password")
                .map(|e| e.key)
                .collect();
        assert_eq!(
            keys,
            [
                "err-password-short",
                "err-password-upper",
                "err-password-digit"
            ]
        );
        let strict = PasswordPolicy {
            require_symbol: true,
            ..PasswordPolicy::default()
        };
        let mut e = FieldErrors::new();
        password_rules(&mut e, "new_password", "", &strict);
        assert_eq!(e.0.len(), 5, "{e}");
        assert!(new_user("claire", "", "Claire", "Bonjour-2026", &strict).is_empty());
    }

    #[test]
    fn vehicle_fields_are_checked_without_the_database() {
        let mut input = VehicleInput {
            plate: "ab123".into(),
            vin: "123".into(),
            year: "1800".into(),
            ..VehicleInput::default()
        };
        let e = vehicle(&input, 0);
        for f in ["plate", "vin", "make", "year"] {
            assert!(e.for_field(f).is_some(), "{f}: {e}");
        }
        input.plate = "AB-123-CD".into();
        input.vin.clear();
        input.make = "Peugeot".into();
        input.year = "2020".into();
        assert!(vehicle(&input, 1_800_000_000_000).is_empty());
    }
}
