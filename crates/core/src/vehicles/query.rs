//! Reading vehicles: the list with its filter, sort and paging, its count, and the owners of a
//! vehicle over time.

use rusqlite::{Connection, params_from_iter};
use serde::{Deserialize, Serialize};

use crate::error::CoreResult;

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
