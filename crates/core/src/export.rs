//! CSV exports of the whole planning for other tools (`rpma export jobs`). Clients and vehicles
//! have theirs in [`crate::clients::export_csv`] and [`crate::vehicles::export_csv`].

use rusqlite::Connection;

use crate::clients::write_csv_record;
use crate::error::{CoreError, CoreResult};

fn iso(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Every job that is not in the trash, oldest planned first, as CSV (UTF-8 with a BOM, header
/// row, RFC 4180 quoting; times in UTC, ISO 8601). Streams row by row: a 100,000-job shop is
/// never held in memory. Returns the number of jobs written.
pub fn jobs_csv<W: std::io::Write>(conn: &Connection, out: &mut W) -> CoreResult<u64> {
    out.write_all("\u{feff}".as_bytes())
        .map_err(|e| CoreError::io("csv", e))?;
    let header = [
        "number",
        "status",
        "priority",
        "scheduled_start",
        "scheduled_end",
        "client",
        "client_email",
        "client_phone",
        "plate",
        "vin",
        "make",
        "model",
        "zones",
        "area_m2",
        "film_product",
        "technician",
        "bay",
        "started_at",
        "completed_at",
        "created_at",
    ];
    write_csv_record(out, &header.map(str::to_owned))?;
    let mut st = conn.prepare(
        "SELECT j.number, j.status, j.priority, j.scheduled_start, j.scheduled_end,
                c.display_name, c.email, c.phone, v.plate, v.vin, v.make, v.model,
                (SELECT group_concat(z.zone_id, ' ') FROM job_zones z WHERE z.job_id = j.id),
                (SELECT round(coalesce(sum(z.area_m2), 0), 2) FROM job_zones z WHERE z.job_id = j.id),
                j.film_product, u.display_name, j.bay, j.started_at, j.completed_at, j.created_at
         FROM jobs j
         JOIN clients c ON c.id = j.client_id
         JOIN vehicles v ON v.id = j.vehicle_id
         LEFT JOIN users u ON u.id = j.technician_id
         WHERE j.deleted_at IS NULL
         ORDER BY j.scheduled_start IS NULL, j.scheduled_start, j.number",
    )?;
    let mut rows = st.query([])?;
    let mut n = 0_u64;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        let area: f64 = r.get(13)?;
        let fields = vec![
            text(0)?,
            text(1)?,
            text(2)?,
            iso(r.get(3)?),
            iso(r.get(4)?),
            text(5)?,
            text(6)?,
            text(7)?,
            text(8)?,
            text(9)?,
            text(10)?,
            text(11)?,
            text(12)?,
            format!("{area:.2}"),
            text(14)?,
            text(15)?,
            text(16)?,
            iso(r.get(17)?),
            iso(r.get(18)?),
            iso(r.get(19)?),
        ];
        write_csv_record(out, &fields)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::clients::{self, ClientInput};
    use crate::testutil::{Fixture, insert_job_raw};

    #[test]
    fn jobs_export_quotes_and_counts() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let c = clients::create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: "Dupont, \"Jean\"".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        insert_job_raw(&f.store, &c.id, "scheduled");
        insert_job_raw(&f.store, &c.id, "completed");
        let mut buf = Vec::new();
        assert_eq!(jobs_csv(f.store.conn(), &mut buf).unwrap(), 2);
        let text = String::from_utf8(buf).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].contains("number,status,priority"));
        assert!(
            lines[1].contains("\"Dupont, \"\"Jean\"\"\""),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains("hood,1.50"));
        assert!(lines[1].contains("2026-03-02T09:00:00Z"));
    }
}
