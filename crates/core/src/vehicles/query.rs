//! Reading vehicles: the list with its filter, sort and paging, its count, and the owners of a
//! vehicle over time.

use crate::ids::{ClientId, VehicleId};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::CoreResult;
use crate::query::{ListQuery, Page, SortColumn};

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
    pub owner_id: Option<ClientId>,
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
    pub id: VehicleId,
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
    pub owner_id: Option<ClientId>,
    /// Owner's display name.
    pub owner_name: Option<String>,
    /// Jobs in all.
    pub jobs: i64,
    /// In the trash since.
    pub deleted_at: Option<i64>,
}

impl SortColumn for VehicleSort {
    fn order_by(self) -> &'static str {
        match self {
            Self::Plate => "v.plate_key",
            Self::Make => "v.make COLLATE NOCASE, v.model COLLATE NOCASE",
            Self::Owner => "c.surname_key COLLATE NOCASE",
            Self::Year => "v.year",
            Self::Created => "v.created_at",
        }
    }
}

impl VehicleFilter {
    /// The page this filter asks for.
    pub fn page(&self) -> Page {
        Page::new(self.offset, self.limit)
    }

    /// The rows this filter keeps (live or the trash, owner, search), sort and page aside.
    pub fn query(&self) -> ListQuery {
        ListQuery::new("v", self.deleted)
            .filter_opt("v.owner_id = ?", self.owner_id.clone())
            .search("vehicles_fts", &self.text)
    }
}

const LIST_SELECT: &str =
    "SELECT v.id, v.plate, v.make, v.model, v.year, v.colour, v.vin, v.owner_id,
            c.display_name,
            (SELECT count(*) FROM jobs j WHERE j.vehicle_id = v.id AND j.deleted_at IS NULL),
            v.deleted_at
         FROM vehicles v LEFT JOIN clients c ON c.id = v.owner_id";

/// A page of vehicles.
pub fn list(conn: &Connection, f: &VehicleFilter) -> CoreResult<Vec<VehicleRow>> {
    f.query()
        .page(conn, LIST_SELECT, f.sort, f.descending, f.page(), |r| {
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
        })
}

/// How many vehicles match.
pub fn count(conn: &Connection, f: &VehicleFilter) -> CoreResult<i64> {
    f.query().count(conn, "vehicles v")
}

/// One ownership period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ownership {
    /// Client id.
    pub client_id: ClientId,
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
