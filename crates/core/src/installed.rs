//! What was installed: each PPF zone of a completed job, with the film the technician recorded on
//! the intervention (product, roll or lot, length laid, waste, installer). Read by the vehicle
//! page's zone history, the client page and the job page.

use crate::ids::{JobId, ZoneId};
use rusqlite::{Connection, params_from_iter};
use serde::{Deserialize, Serialize};

use crate::error::CoreResult;

/// One PPF zone applied by a completed job, with what was recorded when it was laid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedZone {
    /// Catalogue zone id.
    pub zone_id: ZoneId,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Area planned, m² (the catalogue's when the job was created).
    pub area_m2: f64,
    /// The job's number.
    pub job_number: String,
    /// The job's id.
    pub job_id: JobId,
    /// The vehicle's plate.
    pub plate: String,
    /// When it was done (completion, else the planned start).
    pub at: Option<i64>,
    /// Film product: the one recorded on the zone, else the job's.
    pub film_product: String,
    /// Roll or lot recorded (empty: none).
    pub roll_lot: String,
    /// Film laid, whole millimetres, as recorded.
    pub length_mm: Option<i64>,
    /// Film wasted, whole millimetres, as recorded.
    pub waste_mm: Option<i64>,
    /// Who laid it (display name), as recorded.
    pub installer: Option<String>,
}

impl AppliedZone {
    /// The zone's name in `lang`.
    pub fn name(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Fr => &self.name_fr,
            crate::Lang::En => &self.name_en,
        }
    }

    /// Film laid, in centimetres (for screens that show centimetres).
    pub fn length_cm(&self) -> Option<f64> {
        self.length_mm.map(crate::length::cm_from_mm)
    }

    /// Film wasted, in centimetres.
    pub fn waste_cm(&self) -> Option<f64> {
        self.waste_mm.map(crate::length::cm_from_mm)
    }

    /// True when the technician recorded anything about the film laid.
    pub fn recorded(&self) -> bool {
        !self.roll_lot.is_empty()
            || self.length_mm.is_some()
            || self.waste_mm.is_some()
            || self.installer.is_some()
    }
}

/// Zones of completed (and archived) jobs matching `filter` (`j.vehicle_id = ?1`…), newest
/// first; each joined to its zone record on the job's last completed intervention.
fn query(conn: &Connection, filter: &str, arg: &str) -> CoreResult<Vec<AppliedZone>> {
    let sql = format!(
        "SELECT z.zone_id, p.name_fr, p.name_en, z.area_m2, j.number, j.id, v.plate,
                coalesce(j.completed_at, j.scheduled_start), j.film_product,
                iz.film_product, iz.roll_lot, iz.length_mm, iz.waste_mm, u.display_name
         FROM jobs j
         JOIN job_zones z ON z.job_id = j.id AND z.deleted_at IS NULL
         JOIN ppf_zones p ON p.id = z.zone_id
         JOIN vehicles v ON v.id = j.vehicle_id
         LEFT JOIN intervention_zones iz ON iz.zone_id = z.zone_id AND iz.intervention_id = (
             SELECT i.id FROM interventions i WHERE i.job_id = j.id AND i.status = 'completed'
             ORDER BY i.completed_at DESC LIMIT 1)
         LEFT JOIN users u ON u.id = iz.installer_id
         WHERE {filter} AND j.deleted_at IS NULL AND j.status IN ('completed', 'archived')
         ORDER BY coalesce(j.completed_at, j.scheduled_start) DESC, j.number, p.position"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter([arg]), |r| {
        let job_film: String = r.get(8)?;
        let recorded_film: Option<String> = r.get(9)?;
        Ok(AppliedZone {
            zone_id: r.get(0)?,
            name_fr: r.get(1)?,
            name_en: r.get(2)?,
            area_m2: r.get(3)?,
            job_number: r.get(4)?,
            job_id: r.get(5)?,
            plate: r.get(6)?,
            at: r.get(7)?,
            film_product: recorded_film
                .filter(|f| !f.trim().is_empty())
                .unwrap_or(job_film),
            roll_lot: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            length_mm: r.get(11)?,
            waste_mm: r.get(12)?,
            installer: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every PPF zone ever applied to the vehicle (completed and archived jobs), newest first.
pub fn applied_zones(conn: &Connection, vehicle_id: &str) -> CoreResult<Vec<AppliedZone>> {
    query(conn, "j.vehicle_id = ?1", vehicle_id)
}

/// Every PPF zone applied for the client (all their vehicles), newest first.
pub fn for_client(conn: &Connection, client_id: &str) -> CoreResult<Vec<AppliedZone>> {
    query(conn, "j.client_id = ?1", client_id)
}

/// The zones of one job, once it is completed, with what was recorded.
pub fn for_job(conn: &Connection, job_id: &str) -> CoreResult<Vec<AppliedZone>> {
    query(conn, "j.id = ?1", job_id)
}
