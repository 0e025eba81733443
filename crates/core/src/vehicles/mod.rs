//! Vehicles: a real entity (RPMA v2 copied plate and VIN onto every job). Plate and VIN are
//! checked and normalised by [`crate::vehicle_ident`]; a vehicle can change owner and every
//! owner is kept in `vehicle_owners`.

use crate::ids::{ClientId, VehicleId};
pub use crate::installed::{AppliedZone, applied_zones};
use rusqlite::{Connection, OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use crate::store::{Store, Tx};
use crate::users;
use crate::vehicle_ident::PlateFormat;

mod csv_export;
#[cfg(test)]
mod csv_tests;
mod query;
#[cfg(test)]
mod tests;
mod validation;

pub use csv_export::export_csv;
pub use query::{Ownership, VehicleFilter, VehicleRow, VehicleSort, count, list, owners};
use validation::clean;
pub use validation::{REQUIRED, check, max_year, validate};

/// Size class: picks the typical film area of each catalogue zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SizeClass {
    /// City cars.
    Small,
    /// Compacts, saloons.
    #[default]
    Medium,
    /// SUVs, estates, large saloons.
    Large,
    /// Vans, pick-ups, large SUVs.
    Xl,
}

impl SizeClass {
    /// Every class, smallest first.
    pub const ALL: [Self; 4] = [Self::Small, Self::Medium, Self::Large, Self::Xl];

    /// Stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Small => "small",
            Self::Medium => "medium",
            Self::Large => "large",
            Self::Xl => "xl",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// i18n key of the class's name.
    pub const fn label_key(self) -> &'static str {
        match self {
            Self::Small => "vehicle-size-small",
            Self::Medium => "vehicle-size-medium",
            Self::Large => "vehicle-size-large",
            Self::Xl => "vehicle-size-xl",
        }
    }
}

/// What the vehicle form edits, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleInput {
    /// Plate.
    pub plate: String,
    /// A plate from another country (free text).
    pub foreign_plate: bool,
    /// VIN (optional).
    pub vin: String,
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Year (optional), as typed.
    pub year: String,
    /// Colour.
    pub colour: String,
    /// Size class.
    pub size_class: SizeClass,
    /// Owner (a client id).
    pub owner_id: Option<ClientId>,
    /// Notes.
    pub notes: String,
}

/// A stored vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vehicle {
    /// Id.
    pub id: VehicleId,
    /// Plate as shown.
    pub plate: String,
    /// Letters and digits of the plate.
    pub plate_key: String,
    /// Plate system.
    pub plate_format: PlateFormat,
    /// VIN.
    pub vin: Option<String>,
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Year.
    pub year: Option<i32>,
    /// Colour.
    pub colour: String,
    /// Size class.
    pub size_class: SizeClass,
    /// Current owner.
    pub owner_id: Option<ClientId>,
    /// Notes.
    pub notes: String,
    /// Created.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
    /// In the trash since.
    pub deleted_at: Option<i64>,
}

impl Vehicle {
    /// "Peugeot 308 (AB-123-CD)".
    pub fn title(&self) -> String {
        format!("{} {} ({})", self.make, self.model, self.plate)
            .replace("  ", " ")
            .trim()
            .to_owned()
    }

    /// The form's values for this vehicle.
    pub fn to_input(&self) -> VehicleInput {
        VehicleInput {
            plate: self.plate.clone(),
            foreign_plate: self.plate_format == PlateFormat::Other,
            vin: self.vin.clone().unwrap_or_default(),
            make: self.make.clone(),
            model: self.model.clone(),
            year: self.year.map(|y| y.to_string()).unwrap_or_default(),
            colour: self.colour.clone(),
            size_class: self.size_class,
            owner_id: self.owner_id.clone(),
            notes: self.notes.clone(),
        }
    }
}

const COLUMNS: &str = "id, plate, plate_key, plate_format, vin, make, model, year, colour, \
     size_class, owner_id, notes, created_at, updated_at, deleted_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Vehicle> {
    let format: String = r.get(3)?;
    let size: String = r.get(9)?;
    Ok(Vehicle {
        id: r.get(0)?,
        plate: r.get(1)?,
        plate_key: r.get(2)?,
        plate_format: PlateFormat::parse(&format),
        vin: r.get(4)?,
        make: r.get(5)?,
        model: r.get(6)?,
        year: r.get(7)?,
        colour: r.get(8)?,
        size_class: SizeClass::parse(&size).unwrap_or_default(),
        owner_id: r.get(10)?,
        notes: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        deleted_at: r.get(14)?,
    })
}

/// One vehicle, deleted or not.
pub fn get(conn: &Connection, id: &str) -> CoreResult<Option<Vehicle>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM vehicles WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

fn get_tx(tx: &Tx<'_>, id: &str) -> CoreResult<Vehicle> {
    get(tx.conn(), id)?.ok_or(CoreError::NotFound { entity: "vehicle" })
}

fn audit_view(v: &Vehicle) -> serde_json::Value {
    json!({
        "plate": v.plate, "vin": v.vin, "make": v.make, "model": v.model, "year": v.year,
        "colour": v.colour, "size_class": v.size_class.as_str(), "owner_id": v.owner_id,
    })
}

/// Creates a vehicle. Needs [`Action::EditVehicles`]. Audited `vehicle.create`.
pub fn create(store: &mut Store, actor: &Session, input: &VehicleInput) -> CoreResult<Vehicle> {
    store.write(Some(&actor.id), |tx| create_in(tx, actor, input))
}

/// [`create`] inside a caller's transaction.
pub fn create_in(tx: &Tx<'_>, actor: &Session, input: &VehicleInput) -> CoreResult<Vehicle> {
    users::authorize(tx.conn(), actor, Action::EditVehicles)?;
    let c = clean(tx.conn(), input, tx.now(), None)?;
    let id = new_id();
    let now = tx.now();
    tx.conn().execute(
        "INSERT INTO vehicles (id, plate, plate_key, plate_format, vin, make, model, year, colour,
             size_class, owner_id, notes, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        params![
            id,
            c.plate.display,
            c.plate.key,
            c.plate.format.as_str(),
            c.vin,
            c.make,
            c.model,
            c.year,
            c.colour,
            c.size_class.as_str(),
            c.owner_id,
            c.notes,
            actor.id,
            now
        ],
    )?;
    if let Some(owner) = &c.owner_id {
        open_ownership(tx, &id, owner, &actor.id)?;
    }
    let v = get_tx(tx, &id)?;
    tx.audit(AuditEntry {
        action: "vehicle.create",
        entity: "vehicle",
        entity_id: Some(&id),
        before: None,
        after: Some(audit_view(&v)),
    })?;
    Ok(v)
}

fn open_ownership(tx: &Tx<'_>, vehicle_id: &str, client_id: &str, by: &str) -> CoreResult<()> {
    tx.conn().execute(
        "INSERT INTO vehicle_owners (id, vehicle_id, client_id, from_at, changed_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
        params![new_id(), vehicle_id, client_id, tx.now(), by],
    )?;
    Ok(())
}

/// Saves the form over an existing vehicle. An owner change closes the previous ownership and
/// opens a new one (the history is kept). Needs [`Action::EditVehicles`]. Audited.
pub fn update(
    store: &mut Store,
    actor: &Session,
    id: &str,
    input: &VehicleInput,
) -> CoreResult<Vehicle> {
    store.write(Some(&actor.id), |tx| update_in(tx, actor, id, input))
}

/// [`update`] inside a caller's transaction (the job wizard gives a vehicle to the job's client).
pub fn update_in(
    tx: &Tx<'_>,
    actor: &Session,
    id: &str,
    input: &VehicleInput,
) -> CoreResult<Vehicle> {
    users::authorize(tx.conn(), actor, Action::EditVehicles)?;
    let before = get_tx(tx, id)?;
    if before.deleted_at.is_some() {
        return Err(CoreError::Refused {
            key: "vehicle-err-deleted",
        });
    }
    let c = clean(tx.conn(), input, tx.now(), Some(id))?;
    let now = tx.now();
    tx.conn().execute(
        "UPDATE vehicles SET plate = ?2, plate_key = ?3, plate_format = ?4, vin = ?5,
             make = ?6, model = ?7, year = ?8, colour = ?9, size_class = ?10, owner_id = ?11,
             notes = ?12, updated_at = ?13
         WHERE id = ?1",
        params![
            id,
            c.plate.display,
            c.plate.key,
            c.plate.format.as_str(),
            c.vin,
            c.make,
            c.model,
            c.year,
            c.colour,
            c.size_class.as_str(),
            c.owner_id,
            c.notes,
            now
        ],
    )?;
    if before.owner_id != c.owner_id {
        tx.conn().execute(
            "UPDATE vehicle_owners SET until_at = ?2, updated_at = ?2
             WHERE vehicle_id = ?1 AND until_at IS NULL",
            params![id, now],
        )?;
        if let Some(owner) = &c.owner_id {
            open_ownership(tx, id, owner, &actor.id)?;
        }
    }
    let after = get_tx(tx, id)?;
    let (b, a) = (audit_view(&before), audit_view(&after));
    if b != a || before.notes != after.notes {
        tx.audit(AuditEntry {
            action: if before.owner_id == after.owner_id {
                "vehicle.update"
            } else {
                "vehicle.change_owner"
            },
            entity: "vehicle",
            entity_id: Some(id),
            before: Some(b),
            after: Some(a),
        })?;
    }
    Ok(after)
}

/// Moves a vehicle to the trash. Needs [`Action::DeleteClients`] (the same right as clients);
/// refused while it has open jobs. Audited.
pub fn delete(store: &mut Store, actor: &Session, id: &str) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::DeleteClients)?;
        let v = get_tx(tx, id)?;
        if v.deleted_at.is_some() {
            return Ok(());
        }
        let open: i64 = tx.conn().query_row(
            "SELECT count(*) FROM jobs WHERE vehicle_id = ?1 AND deleted_at IS NULL
               AND status IN ('draft', 'scheduled', 'in_progress', 'paused', 'on_hold')",
            [id],
            |r| r.get(0),
        )?;
        if open > 0 {
            return Err(CoreError::RefusedWith {
                key: "vehicle-err-open-jobs",
                args: vec![("count", open.to_string())],
            });
        }
        tx.conn().execute(
            "UPDATE vehicles SET deleted_at = ?2, deleted_by = ?3, updated_at = ?2 WHERE id = ?1",
            params![id, tx.now(), actor.id],
        )?;
        tx.audit(AuditEntry::event("vehicle.delete", "vehicle", Some(id)))
    })
}

/// Brings a vehicle back from the trash (refused when another live vehicle took its plate or
/// VIN meanwhile). Needs [`Action::RestoreFromTrash`]. Audited.
pub fn restore(store: &mut Store, actor: &Session, id: &str) -> CoreResult<Vehicle> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::RestoreFromTrash)?;
        let v = get_tx(tx, id)?;
        let clash: i64 = tx.conn().query_row(
            "SELECT count(*) FROM vehicles WHERE id <> ?1 AND deleted_at IS NULL
               AND (plate_key = ?2 OR (vin IS NOT NULL AND vin = ?3))",
            params![id, v.plate_key, v.vin],
            |r| r.get(0),
        )?;
        if clash > 0 {
            return Err(CoreError::Refused {
                key: "vehicle-err-restore-clash",
            });
        }
        tx.conn().execute(
            "UPDATE vehicles SET deleted_at = NULL, deleted_by = NULL, updated_at = ?2
             WHERE id = ?1",
            params![id, tx.now()],
        )?;
        tx.audit(AuditEntry::event("vehicle.restore", "vehicle", Some(id)))?;
        get_tx(tx, id)
    })
}
