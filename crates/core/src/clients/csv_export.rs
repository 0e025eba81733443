//! The client list as a CSV file (the list's export and `rpma export clients`).

use rusqlite::Connection;

use super::{ClientFilter, get, list};
use crate::csv_out::CsvOut;
use crate::error::CoreResult;

/// A UTC timestamp as ISO 8601 for CSV files (empty when absent).
pub(crate) fn csv_time(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Every client matching `f` (its paging ignored) as CSV: UTF-8 with a BOM (Excel), a header
/// row, RFC 4180 quoting, formulas neutralised ([`crate::csv_out`]). Returns the number of
/// clients written. Used by the list's export
/// and `rpma export clients`.
pub fn export_csv<W: std::io::Write>(
    conn: &Connection,
    f: &ClientFilter,
    out: &mut W,
) -> CoreResult<u64> {
    let mut w = CsvOut::new(out)?;
    let header = [
        "id",
        "kind",
        "display_name",
        "name",
        "company_name",
        "siret",
        "vat_number",
        "email",
        "phone",
        "address_line1",
        "address_line2",
        "postal_code",
        "city",
        "country",
        "tags",
        "marketing_consent",
        "consent_at",
        "vehicles",
        "jobs",
        "last_job_at",
        "created_at",
    ];
    w.record(header)?;
    let mut page = ClientFilter {
        offset: 0,
        limit: 1000,
        ..f.clone()
    };
    let mut written = 0_u64;
    loop {
        let rows = list(conn, &page)?;
        for row in &rows {
            let Some(c) = get(conn, &row.id)? else {
                continue;
            };
            let o = |v: &Option<String>| v.clone().unwrap_or_default();
            w.record([
                c.id.to_string(),
                c.kind.as_str().to_owned(),
                row.display_name.clone(),
                c.name.clone(),
                o(&c.company_name),
                o(&c.siret),
                o(&c.vat_number),
                o(&c.email),
                o(&c.phone),
                o(&c.address_line1),
                o(&c.address_line2),
                o(&c.postal_code),
                o(&c.city),
                c.country.clone(),
                c.tags.join("; "),
                if c.marketing_consent { "yes" } else { "no" }.to_owned(),
                csv_time(c.consent_at),
                row.vehicles.to_string(),
                row.jobs.to_string(),
                csv_time(row.last_job_at),
                csv_time(Some(c.created_at)),
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
