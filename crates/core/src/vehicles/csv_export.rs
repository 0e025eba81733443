//! The vehicle list as a CSV file (the list's export and `rpma export vehicles`).

use rusqlite::Connection;

use super::{VehicleFilter, get, list};
use crate::error::CoreResult;

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
                v.id.to_string(),
                v.plate.clone(),
                v.plate_format.as_str().to_owned(),
                v.vin.clone().unwrap_or_default(),
                v.make.clone(),
                v.model.clone(),
                v.year.map(|y| y.to_string()).unwrap_or_default(),
                v.colour.clone(),
                v.size_class.as_str().to_owned(),
                v.owner_id.as_deref().unwrap_or_default().to_owned(),
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
