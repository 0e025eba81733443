//! Checking and normalising the vehicle form: plate and VIN (unique among live vehicles), year,
//! owner, lengths.

use crate::ids::ClientId;
use rusqlite::{Connection, OptionalExtension as _, params};

use super::{SizeClass, VehicleInput};
use crate::error::{CoreError, CoreResult};
use crate::validate::FieldErrors;
use crate::vehicle_ident;

/// The normalised values of a valid form.
pub(super) struct Clean {
    pub(super) plate: vehicle_ident::Plate,
    pub(super) vin: Option<String>,
    pub(super) make: String,
    pub(super) model: String,
    pub(super) year: Option<i32>,
    pub(super) colour: String,
    pub(super) size_class: SizeClass,
    pub(super) owner_id: Option<ClientId>,
    pub(super) notes: String,
}

/// The latest model year accepted: next year's models are sold from the summer.
pub fn max_year(now_ms: i64) -> i32 {
    use chrono::Datelike as _;
    chrono::DateTime::from_timestamp_millis(now_ms)
        .map_or(2100, |d| d.year())
        .saturating_add(1)
}

pub(super) fn clean(
    conn: &Connection,
    input: &VehicleInput,
    now_ms: i64,
    self_id: Option<&str>,
) -> CoreResult<Clean> {
    let mut e = FieldErrors::new();
    let plate = match vehicle_ident::parse_plate(&input.plate, input.foreign_plate) {
        Ok(p) => Some(p),
        Err(key) => {
            e.add(
                "plate",
                if input.plate.trim().is_empty() {
                    "err-required"
                } else {
                    key
                },
            );
            None
        }
    };
    if let Some(p) = &plate {
        let taken: Option<String> = conn
            .query_row(
                "SELECT plate FROM vehicles WHERE plate_key = ?1 AND deleted_at IS NULL
                   AND id IS NOT ?2",
                params![p.key, self_id],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            e.add("plate", "vehicle-err-plate-taken");
        }
    }
    let vin = if input.vin.trim().is_empty() {
        None
    } else {
        match vehicle_ident::parse_vin(&input.vin) {
            Ok(v) => {
                let taken: Option<String> = conn
                    .query_row(
                        "SELECT id FROM vehicles WHERE vin = ?1 AND deleted_at IS NULL
                           AND id IS NOT ?2",
                        params![v, self_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if taken.is_some() {
                    e.add("vin", "vehicle-err-vin-taken");
                }
                Some(v)
            }
            Err(key) => {
                e.add("vin", key);
                None
            }
        }
    };
    let make = input.make.trim().to_owned();
    if make.is_empty() {
        e.add("make", "err-required");
    } else if make.chars().count() > 50 {
        e.add_with("make", "err-too-long", vec![("max", "50".into())]);
    }
    let model = input.model.trim().to_owned();
    if model.chars().count() > 60 {
        e.add_with("model", "err-too-long", vec![("max", "60".into())]);
    }
    let year = if input.year.trim().is_empty() {
        None
    } else {
        match input.year.trim().parse::<i32>() {
            Ok(y) if (1900..=max_year(now_ms)).contains(&y) => Some(y),
            _ => {
                e.add_with(
                    "year",
                    "vehicle-err-year",
                    vec![("max", max_year(now_ms).to_string())],
                );
                None
            }
        }
    };
    let colour = input.colour.trim().to_owned();
    if colour.chars().count() > 40 {
        e.add_with("colour", "err-too-long", vec![("max", "40".into())]);
    }
    let owner_id = input
        .owner_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(ClientId::from);
    if let Some(owner) = &owner_id {
        let live: Option<Option<i64>> = conn
            .query_row(
                "SELECT deleted_at FROM clients WHERE id = ?1",
                [owner],
                |r| r.get(0),
            )
            .optional()?;
        if !matches!(live, Some(None)) {
            e.add("owner", "vehicle-err-owner");
        }
    }
    if input.notes.chars().count() > 5_000 {
        e.add_with("notes", "err-too-long", vec![("max", "5000".into())]);
    }
    match (e.is_empty(), plate) {
        (true, Some(plate)) => Ok(Clean {
            plate,
            vin,
            make,
            model,
            year,
            colour,
            size_class: input.size_class,
            owner_id,
            notes: input.notes.trim().to_owned(),
        }),
        _ => Err(CoreError::Invalid(e)),
    }
}

/// The fields a vehicle cannot be saved without (the form marks them `*`).
pub const REQUIRED: &[&str] = &["plate", "make"];

/// Checks a form without saving (the UI's live validation).
pub fn validate(conn: &Connection, input: &VehicleInput, now_ms: i64) -> CoreResult<()> {
    clean(conn, input, now_ms, None).map(drop)
}

/// The form's problems by field, empty when [`super::create`] would accept it (plate and VIN
/// unique among live vehicles, the owner a live client), without writing anything: the job
/// wizard checks its new vehicle at its step and creates it with the job. `Err` only when the
/// database cannot be read.
pub fn check(conn: &Connection, input: &VehicleInput, now_ms: i64) -> CoreResult<FieldErrors> {
    match clean(conn, input, now_ms, None) {
        Ok(_) => Ok(FieldErrors::new()),
        Err(CoreError::Invalid(e)) => Ok(e),
        Err(e) => Err(e),
    }
}
