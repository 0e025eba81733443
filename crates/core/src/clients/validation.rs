//! Checking and normalising the client form: field limits, [`validate()`] and the clean values
//! that [`super::create`] and [`super::update`] store.

use super::{ClientInput, ClientKind};
use crate::contact;
use crate::org::{normalize_siret, normalize_vat};
use crate::validate::{self, FieldErrors};

/// Limits of the form's fields.
pub const NAME_MAX: usize = 100;
/// Notes limit (characters).
pub const NOTES_MAX: usize = 5_000;
/// At most this many tags, each at most [`TAG_MAX`] characters.
pub const TAGS_MAX: usize = 20;
/// Tag length limit.
pub const TAG_MAX: usize = 30;

/// The normalised values of a valid form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Clean {
    pub(super) kind: ClientKind,
    pub(super) name: String,
    pub(super) company_name: Option<String>,
    pub(super) siret: Option<String>,
    pub(super) vat_number: Option<String>,
    pub(super) email: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) address_line1: Option<String>,
    pub(super) address_line2: Option<String>,
    pub(super) postal_code: Option<String>,
    pub(super) city: Option<String>,
    pub(super) country: String,
    pub(super) notes: String,
    pub(super) tags: Vec<String>,
    pub(super) marketing_consent: bool,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn too_long(e: &mut FieldErrors, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        e.add_with(field, "err-too-long", vec![("max", max.to_string())]);
    }
}

/// The fields a client cannot be saved without (the form marks them `*`): the name, and the
/// company's name for a business.
pub const REQUIRED: &[&str] = &["name", "company_name"];

/// Checks a form; every problem by field (nothing is saved when any is found).
pub fn validate(input: &ClientInput) -> Result<(), FieldErrors> {
    clean(input).map(drop)
}

pub(super) fn clean(input: &ClientInput) -> Result<Clean, FieldErrors> {
    let mut e = FieldErrors::new();
    let business = input.kind == ClientKind::Business;
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        e.add(
            "name",
            if business {
                "client-err-contact-required"
            } else {
                "err-required"
            },
        );
    }
    too_long(&mut e, "name", &name, NAME_MAX);
    let company_name = if business {
        opt(&input.company_name)
    } else {
        None
    };
    if business && company_name.is_none() {
        e.add("company_name", "err-required");
    }
    too_long(&mut e, "company_name", &input.company_name, NAME_MAX);
    let siret = if business { opt(&input.siret) } else { None };
    let siret = match siret {
        Some(s) => match normalize_siret(&s) {
            Some(n) => Some(n),
            None => {
                e.add("siret", "err-siret");
                None
            }
        },
        None => None,
    };
    let vat_number = match if business {
        opt(&input.vat_number)
    } else {
        None
    } {
        Some(v) => match normalize_vat(&v) {
            Some(n) => Some(n),
            None => {
                e.add("vat_number", "err-vat");
                None
            }
        },
        None => None,
    };
    let email = opt(&input.email).map(|m| m.to_lowercase());
    if let Some(m) = &email
        && !validate::is_email(m)
    {
        e.add("email", "err-email");
    }
    let phone = match opt(&input.phone) {
        Some(p) => match contact::normalize_phone(&p) {
            Some(n) => Some(n),
            None => {
                e.add("phone", "err-phone");
                None
            }
        },
        None => None,
    };
    let country = if input.country.trim().is_empty() {
        Some("FR".to_owned())
    } else {
        contact::normalize_country(&input.country)
    };
    if country.is_none() {
        e.add("country", "err-country");
    }
    let country = country.unwrap_or_else(|| "FR".to_owned());
    let postal_code = match opt(&input.postal_code) {
        Some(p) => match contact::normalize_postal_code(&p, &country) {
            Some(n) => Some(n),
            None => {
                e.add(
                    "postal_code",
                    if country == "FR" {
                        "err-postal-code-fr"
                    } else {
                        "err-postal-code"
                    },
                );
                None
            }
        },
        None => None,
    };
    for (field, value, max) in [
        ("address_line1", &input.address_line1, 200),
        ("address_line2", &input.address_line2, 200),
        ("city", &input.city, 100),
        ("notes", &input.notes, NOTES_MAX),
    ] {
        too_long(&mut e, field, value, max);
    }
    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = t.trim();
        if t.is_empty() || tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            continue;
        }
        if t.chars().count() > TAG_MAX {
            e.add_with("tags", "err-too-long", vec![("max", TAG_MAX.to_string())]);
            break;
        }
        tags.push(t.to_owned());
    }
    if tags.len() > TAGS_MAX {
        e.add_with(
            "tags",
            "client-err-too-many-tags",
            vec![("max", TAGS_MAX.to_string())],
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(Clean {
        kind: input.kind,
        name,
        company_name,
        siret,
        vat_number,
        email,
        phone,
        address_line1: opt(&input.address_line1),
        address_line2: opt(&input.address_line2),
        postal_code,
        city: opt(&input.city),
        country,
        notes: input.notes.trim().to_owned(),
        tags,
        marketing_consent: input.marketing_consent,
    })
}

/// The form's problems by field, empty when [`super::create`] would accept it, without writing
/// anything: the job wizard checks its new client at its step and creates it with the job.
/// Clients have no rule that needs the database (two clients may share a name), so this takes
/// no connection.
pub fn check(input: &ClientInput) -> FieldErrors {
    clean(input).err().unwrap_or_default()
}
