//! Vehicles: a real entity (RPMA v2 copied plate and VIN onto every job). Plate and VIN are
//! checked and normalised by [`crate::vehicle_ident`]; a vehicle can change owner and every
//! owner is kept in `vehicle_owners`.

pub use crate::installed::{AppliedZone, applied_zones};
use rusqlite::{Connection, OptionalExtension as _, Row, params, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use crate::store::{Store, Tx};
use crate::users;
use crate::validate::FieldErrors;
use crate::vehicle_ident::{self, PlateFormat};

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
    pub owner_id: Option<String>,
    /// Notes.
    pub notes: String,
}

/// A stored vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vehicle {
    /// Id.
    pub id: String,
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
    pub owner_id: Option<String>,
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

/// The normalised values of a valid form.
struct Clean {
    plate: vehicle_ident::Plate,
    vin: Option<String>,
    make: String,
    model: String,
    year: Option<i32>,
    colour: String,
    size_class: SizeClass,
    owner_id: Option<String>,
    notes: String,
}

/// The latest model year accepted: next year's models are sold from the summer.
pub fn max_year(now_ms: i64) -> i32 {
    use chrono::Datelike as _;
    chrono::DateTime::from_timestamp_millis(now_ms)
        .map_or(2100, |d| d.year())
        .saturating_add(1)
}

fn clean(
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
        .map(ToOwned::to_owned);
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

/// Checks a form without saving (the UI's live validation).
pub fn validate(conn: &Connection, input: &VehicleInput, now_ms: i64) -> CoreResult<()> {
    clean(conn, input, now_ms, None).map(drop)
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
        "INSERT INTO vehicle_owners (id, vehicle_id, client_id, from_at, changed_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
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
    store.write(Some(&actor.id), |tx| {
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
                "UPDATE vehicle_owners SET until_at = ?2 WHERE vehicle_id = ?1 AND until_at IS NULL",
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
    })
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

/// Sort order of the vehicle list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum VehicleSort {
    /// By plate.
    #[default]
    Plate,
    /// By make and model.
    Make,
    /// By owner.
    Owner,
    /// By year.
    Year,
    /// By creation.
    Created,
}

/// What the vehicle list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VehicleFilter {
    /// Search text (plate with or without dashes, VIN, make, model).
    pub text: String,
    /// Only this owner's vehicles.
    pub owner_id: Option<String>,
    /// The trash.
    pub deleted: bool,
    /// Sort.
    pub sort: VehicleSort,
    /// Descending.
    pub descending: bool,
    /// Page start.
    pub offset: u32,
    /// Page size (0 = 100).
    pub limit: u32,
}

/// One line of the vehicle list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleRow {
    /// Id.
    pub id: String,
    /// Plate.
    pub plate: String,
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Year.
    pub year: Option<i32>,
    /// Colour.
    pub colour: String,
    /// VIN.
    pub vin: Option<String>,
    /// Owner id.
    pub owner_id: Option<String>,
    /// Owner's display name.
    pub owner_name: Option<String>,
    /// Jobs in all.
    pub jobs: i64,
    /// In the trash since.
    pub deleted_at: Option<i64>,
}

fn where_clause(f: &VehicleFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut sql = String::from(if f.deleted {
        "v.deleted_at IS NOT NULL"
    } else {
        "v.deleted_at IS NULL"
    });
    let mut args = Vec::new();
    if let Some(owner) = &f.owner_id {
        sql.push_str(" AND v.owner_id = ?");
        args.push(V::Text(owner.clone()));
    }
    if let Some(q) = crate::search::fts_query(&f.text) {
        sql.push_str(" AND v.rid IN (SELECT rowid FROM vehicles_fts WHERE vehicles_fts MATCH ?)");
        args.push(V::Text(q));
    }
    (sql, args)
}

/// A page of vehicles.
pub fn list(conn: &Connection, f: &VehicleFilter) -> CoreResult<Vec<VehicleRow>> {
    let (wh, mut args) = where_clause(f);
    let order = match f.sort {
        VehicleSort::Plate => "v.plate_key",
        VehicleSort::Make => "v.make COLLATE NOCASE, v.model COLLATE NOCASE",
        VehicleSort::Owner => "c.surname_key COLLATE NOCASE",
        VehicleSort::Year => "v.year",
        VehicleSort::Created => "v.created_at",
    };
    let dir = if f.descending { "DESC" } else { "ASC" };
    let limit = if f.limit == 0 { 100 } else { f.limit.min(1000) };
    args.push(rusqlite::types::Value::Integer(i64::from(limit)));
    args.push(rusqlite::types::Value::Integer(i64::from(f.offset)));
    let sql = format!(
        "SELECT v.id, v.plate, v.make, v.model, v.year, v.colour, v.vin, v.owner_id,
            c.display_name,
            (SELECT count(*) FROM jobs j WHERE j.vehicle_id = v.id AND j.deleted_at IS NULL),
            v.deleted_at
         FROM vehicles v LEFT JOIN clients c ON c.id = v.owner_id
         WHERE {wh} ORDER BY {order} {dir}, v.rid {dir} LIMIT ? OFFSET ?"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(args), |r| {
        Ok(VehicleRow {
            id: r.get(0)?,
            plate: r.get(1)?,
            make: r.get(2)?,
            model: r.get(3)?,
            year: r.get(4)?,
            colour: r.get(5)?,
            vin: r.get(6)?,
            owner_id: r.get(7)?,
            owner_name: r.get(8)?,
            jobs: r.get(9)?,
            deleted_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many vehicles match.
pub fn count(conn: &Connection, f: &VehicleFilter) -> CoreResult<i64> {
    let (wh, args) = where_clause(f);
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM vehicles v WHERE {wh}"),
        params_from_iter(args),
        |r| r.get(0),
    )?)
}

/// One ownership period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ownership {
    /// Client id.
    pub client_id: String,
    /// Client's display name.
    pub client_name: String,
    /// From.
    pub from_at: i64,
    /// Until (none: current owner).
    pub until_at: Option<i64>,
}

/// Every owner of a vehicle, oldest first.
pub fn owners(conn: &Connection, vehicle_id: &str) -> CoreResult<Vec<Ownership>> {
    let mut st = conn.prepare_cached(
        "SELECT o.client_id, c.display_name, o.from_at, o.until_at
         FROM vehicle_owners o JOIN clients c ON c.id = o.client_id
         WHERE o.vehicle_id = ?1 ORDER BY o.from_at, o.rowid",
    )?;
    let rows = st.query_map([vehicle_id], |r| {
        Ok(Ownership {
            client_id: r.get(0)?,
            client_name: r.get(1)?,
            from_at: r.get(2)?,
            until_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every vehicle matching `f` (its paging ignored) as CSV: UTF-8 with a BOM, a header row,
/// RFC 4180 quoting, formulas neutralised. Returns the number of vehicles written. Used by the list's export and
/// `rpma export vehicles`.
pub fn export_csv<W: std::io::Write>(
    conn: &Connection,
    f: &VehicleFilter,
    out: &mut W,
) -> CoreResult<u64> {
    use crate::clients::csv_time;
    let mut w = crate::csv_out::CsvOut::new(out)?;
    let header = [
        "id",
        "plate",
        "plate_format",
        "vin",
        "make",
        "model",
        "year",
        "colour",
        "size_class",
        "owner_id",
        "owner",
        "jobs",
        "created_at",
    ];
    w.record(header)?;
    let mut page = VehicleFilter {
        offset: 0,
        limit: 1000,
        ..f.clone()
    };
    let mut written = 0_u64;
    loop {
        let rows = list(conn, &page)?;
        for row in &rows {
            let Some(v) = get(conn, &row.id)? else {
                continue;
            };
            w.record([
                v.id.clone(),
                v.plate.clone(),
                v.plate_format.as_str().to_owned(),
                v.vin.clone().unwrap_or_default(),
                v.make.clone(),
                v.model.clone(),
                v.year.map(|y| y.to_string()).unwrap_or_default(),
                v.colour.clone(),
                v.size_class.as_str().to_owned(),
                v.owner_id.clone().unwrap_or_default(),
                row.owner_name.clone().unwrap_or_default(),
                row.jobs.to_string(),
                csv_time(Some(v.created_at)),
            ])?;
            written += 1;
        }
        if rows.len() < 1000 {
            break;
        }
        page.offset = page.offset.saturating_add(1000);
    }
    w.finish()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::clients::{self, ClientInput};
    use crate::testutil::Fixture;

    fn client(f: &mut Fixture, name: &str) -> String {
        let admin = f.admin.clone();
        clients::create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: name.into(),
                ..ClientInput::default()
            },
        )
        .unwrap()
        .id
    }

    fn golf(owner: &str) -> VehicleInput {
        VehicleInput {
            plate: "ab123cd".into(),
            vin: "WVWZZZ1JZXW000001".into(),
            make: "Volkswagen".into(),
            model: "Golf".into(),
            year: "2021".into(),
            colour: "Gris".into(),
            owner_id: Some(owner.into()),
            ..VehicleInput::default()
        }
    }

    #[test]
    fn creates_with_normalised_plate_and_owner_history() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let a = client(&mut f, "Alice Roux");
        let b = client(&mut f, "Bruno Faure");
        let v = create(&mut f.store, &admin, &golf(&a)).unwrap();
        assert_eq!(v.plate, "AB-123-CD");
        assert_eq!(v.plate_key, "AB123CD");
        assert_eq!(v.title(), "Volkswagen Golf (AB-123-CD)");
        f.clock.advance(1000);
        let mut input = v.to_input();
        input.owner_id = Some(b.clone());
        let v2 = update(&mut f.store, &admin, &v.id, &input).unwrap();
        assert_eq!(v2.owner_id.as_deref(), Some(b.as_str()));
        let hist = owners(f.store.conn(), &v.id).unwrap();
        assert_eq!(hist.len(), 2);
        assert_eq!(hist[0].client_name, "Alice Roux");
        assert!(hist[0].until_at.is_some());
        assert_eq!(hist[1].until_at, None);
        assert_eq!(f.audit_rows("vehicle.change_owner").len(), 1);
    }

    #[test]
    fn bad_input_is_refused_and_nothing_saved() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let bad = VehicleInput {
            plate: "AB-000-CD".into(),
            vin: "1M8GDM9A1KP042788".into(),
            make: String::new(),
            year: "1850".into(),
            owner_id: Some("nobody".into()),
            ..VehicleInput::default()
        };
        let Err(CoreError::Invalid(e)) = create(&mut f.store, &admin, &bad) else {
            panic!("expected Invalid");
        };
        assert_eq!(e.for_field("plate").unwrap().key, "err-plate-fr");
        assert_eq!(e.for_field("vin").unwrap().key, "err-vin-check");
        assert_eq!(e.for_field("make").unwrap().key, "err-required");
        assert_eq!(e.for_field("year").unwrap().key, "vehicle-err-year");
        assert_eq!(e.for_field("owner").unwrap().key, "vehicle-err-owner");
        let n: i64 = f
            .store
            .conn()
            .query_row("SELECT count(*) FROM vehicles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn plates_and_vins_are_unique_among_live_vehicles() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let a = client(&mut f, "Alice Roux");
        let v = create(&mut f.store, &admin, &golf(&a)).unwrap();
        let mut dup = golf(&a);
        dup.plate = "AB 123 CD".into();
        let Err(CoreError::Invalid(e)) = create(&mut f.store, &admin, &dup) else {
            panic!("expected Invalid");
        };
        assert_eq!(e.for_field("plate").unwrap().key, "vehicle-err-plate-taken");
        assert_eq!(e.for_field("vin").unwrap().key, "vehicle-err-vin-taken");
        // Saving a vehicle over itself is not a clash.
        update(&mut f.store, &admin, &v.id, &v.to_input()).unwrap();
        // Once in the trash, the plate is free again; restoring then clashes.
        delete(&mut f.store, &admin, &v.id).unwrap();
        let again = create(&mut f.store, &admin, &golf(&a)).unwrap();
        assert_ne!(again.id, v.id);
        assert!(matches!(
            restore(&mut f.store, &admin, &v.id),
            Err(CoreError::Refused {
                key: "vehicle-err-restore-clash"
            })
        ));
    }

    #[test]
    fn foreign_plates_and_vins_without_check_digit() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let v = create(
            &mut f.store,
            &admin,
            &VehicleInput {
                plate: "b-abc-123".into(),
                foreign_plate: true,
                vin: "VF3LCBHZ6GS123456".into(),
                make: "Peugeot".into(),
                ..VehicleInput::default()
            },
        )
        .unwrap();
        assert_eq!(v.plate, "B-ABC-123");
        assert_eq!(v.plate_format, PlateFormat::Other);
    }

    #[test]
    fn search_finds_plates_without_dashes_and_deletes_are_refused_with_open_jobs() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let a = client(&mut f, "Alice Roux");
        let v = create(&mut f.store, &admin, &golf(&a)).unwrap();
        for text in ["AB123", "ab-123", "ab123cd", "golf", "WVWZZZ"] {
            let filter = VehicleFilter {
                text: text.into(),
                ..VehicleFilter::default()
            };
            assert_eq!(count(f.store.conn(), &filter).unwrap(), 1, "{text}");
        }
        let job = crate::testutil::insert_job_raw(&f.store, &a, "scheduled");
        let err = delete(&mut f.store, &admin, &v.id).unwrap_err();
        assert!(matches!(
            err,
            CoreError::RefusedWith {
                key: "vehicle-err-open-jobs",
                ..
            }
        ));
        f.store
            .conn()
            .execute(
                "UPDATE jobs SET status = 'completed', completed_at = 5 WHERE id = ?1",
                [&job],
            )
            .unwrap();
        let zones = applied_zones(f.store.conn(), &v.id).unwrap();
        assert_eq!(zones.len(), 1);
        assert_eq!(zones[0].zone_id, "hood");
        let rows = list(f.store.conn(), &VehicleFilter::default()).unwrap();
        assert_eq!(rows[0].owner_name.as_deref(), Some("Alice Roux"));
        assert_eq!(rows[0].jobs, 1);
    }
}

#[cfg(test)]
mod csv_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn csv_export_lists_vehicles_with_their_owner() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let owner = crate::clients::create(
            &mut f.store,
            &admin,
            &crate::clients::ClientInput {
                name: "Élodie Durand".into(),
                ..crate::clients::ClientInput::default()
            },
        )
        .unwrap();
        create(
            &mut f.store,
            &admin,
            &VehicleInput {
                plate: "ab123cd".into(),
                make: "Peugeot".into(),
                model: "308, GT".into(),
                owner_id: Some(owner.id.clone()),
                ..VehicleInput::default()
            },
        )
        .unwrap();
        let mut out = Vec::new();
        let n = export_csv(f.store.conn(), &VehicleFilter::default(), &mut out).unwrap();
        assert_eq!(n, 1);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("\u{feff}id,plate,"));
        assert!(text.contains(",AB-123-CD,siv,"));
        assert!(text.contains("\"308, GT\""));
        assert!(text.contains("Élodie Durand"));
        let mut none = Vec::new();
        let filter = VehicleFilter {
            text: "zzzz".into(),
            ..VehicleFilter::default()
        };
        assert_eq!(export_csv(f.store.conn(), &filter, &mut none).unwrap(), 0);
    }
}
