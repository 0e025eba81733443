//! CSV exports of the whole planning for other tools (`rpma export jobs`). Clients and vehicles
//! have theirs in [`crate::clients::export_csv`] and [`crate::vehicles::export_csv`]; a signed-in
//! user exports through [`clients_csv_as`] and [`vehicles_csv_as`], which check
//! [`Action::ExportCsv`] (the CLI acts as the OS owner of the data folder).

use rusqlite::Connection;

use crate::Session;
use crate::auth::permissions::Action;
use crate::csv_out::CsvOut;
use crate::error::CoreResult;
use crate::users;

/// Whether `actor` may export (before a file is even created): [`Action::ExportCsv`] with the
/// role as stored now. Returns the actor as stored.
pub fn may_export(store: &crate::Store, actor: &Session) -> CoreResult<Session> {
    users::authorize(store.conn(), actor, Action::ExportCsv)
}

/// [`crate::clients::export_csv`] for `actor`: refused without [`Action::ExportCsv`].
pub fn clients_csv_as<W: std::io::Write>(
    store: &crate::Store,
    actor: &Session,
    f: &crate::clients::ClientFilter,
    out: &mut W,
) -> CoreResult<u64> {
    users::authorize(store.conn(), actor, Action::ExportCsv)?;
    crate::clients::export_csv(store.conn(), f, out)
}

/// [`crate::vehicles::export_csv`] for `actor`: refused without [`Action::ExportCsv`].
pub fn vehicles_csv_as<W: std::io::Write>(
    store: &crate::Store,
    actor: &Session,
    f: &crate::vehicles::VehicleFilter,
    out: &mut W,
) -> CoreResult<u64> {
    users::authorize(store.conn(), actor, Action::ExportCsv)?;
    crate::vehicles::export_csv(store.conn(), f, out)
}

fn iso(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Every job that is not in the trash, oldest planned first, as CSV (UTF-8 with a BOM, header
/// row, RFC 4180 quoting, formulas neutralised; times in UTC, ISO 8601). Streams row by row: a 100,000-job shop is
/// never held in memory. Returns the number of jobs written.
pub fn jobs_csv<W: std::io::Write>(conn: &Connection, out: &mut W) -> CoreResult<u64> {
    let mut w = CsvOut::new(out)?;
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
    w.record(header)?;
    let mut st = conn.prepare(
        "SELECT j.number, j.status, j.priority, j.scheduled_start, j.scheduled_end,
                c.display_name, c.email, c.phone, v.plate, v.vin, v.make, v.model,
                (SELECT group_concat(z.zone_id, ' ') FROM job_zones z
                 WHERE z.job_id = j.id AND z.deleted_at IS NULL),
                (SELECT round(coalesce(sum(z.area_m2), 0), 2) FROM job_zones z
                 WHERE z.job_id = j.id AND z.deleted_at IS NULL),
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
        w.record(&fields)?;
        n += 1;
    }
    w.finish()?;
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

    /// Every cell of every export that a spreadsheet would read as a formula (`= + - @`, tab,
    /// carriage return first) starts with `'` instead (OWASP "CSV injection").
    #[test]
    fn formulas_are_neutralised_in_every_export() {
        use crate::vehicles::{self, VehicleFilter, VehicleInput};
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let evil = "=HYPERLINK(\"http://x\",\"y\")";
        let c = clients::create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: evil.into(),
                city: "@SUM(1+1)".into(),
                address_line1: "+33 rue".into(),
                address_line2: "-2+3".into(),
                postal_code: "\t69001".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        vehicles::create(
            &mut f.store,
            &admin,
            &VehicleInput {
                plate: "AB-123-CD".into(),
                make: "=1+1".into(),
                model: "@cmd".into(),
                owner_id: Some(c.id.clone()),
                ..VehicleInput::default()
            },
        )
        .unwrap();
        insert_job_raw(&f.store, &c.id, "scheduled");
        let cells = |text: &str| -> Vec<String> {
            text.trim_start_matches('\u{feff}')
                .split("\r\n")
                .flat_map(|l| l.split(','))
                .map(|c| c.trim_matches('"').replace("\"\"", "\""))
                .collect()
        };
        let mut out = Vec::new();
        clients::export_csv(f.store.conn(), &clients::ClientFilter::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            "{text}"
        );
        for cell in cells(&text) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {text}"
            );
        }
        for (want, got) in [
            ("'@SUM(1+1)", "city"),
            ("'+33 rue", "line1"),
            ("'-2+3", "line2"),
        ] {
            assert!(text.contains(want), "{got}: {text}");
        }
        let mut out = Vec::new();
        vehicles::export_csv(f.store.conn(), &VehicleFilter::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(",'=1+1,'@cmd,"), "{text}");
        let mut out = Vec::new();
        jobs_csv(f.store.conn(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("'=HYPERLINK("), "{text}");
        for cell in cells(&text) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {text}"
            );
        }
    }
}
