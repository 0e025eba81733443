//! The checks a job's creation, edit and rescheduling share: lengths, client and vehicle,
//! zones, technician, bay, times, reasons and schedule conflicts. Each adds field errors (all
//! problems at once) or refuses.

use crate::ids::ZoneId;
use rusqlite::{Connection, OptionalExtension as _};

use super::*;

pub(super) fn too_long(e: &mut FieldErrors, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        e.add_with(field, "job-err-too-long", vec![("max", max.to_string())]);
    }
}

/// Checks the client and the vehicle (live, and the vehicle's current owner is the client).
/// Returns the vehicle's size class.
pub(super) fn check_client_vehicle(
    conn: &Connection,
    e: &mut FieldErrors,
    client_id: &str,
    vehicle_id: &str,
) -> CoreResult<String> {
    let client_ok = !client_id.trim().is_empty()
        && conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM clients WHERE id = ?1 AND deleted_at IS NULL)",
            [client_id],
            |r| r.get::<_, bool>(0),
        )?;
    if client_id.trim().is_empty() {
        e.add("client", "err-required");
    } else if !client_ok {
        e.add("client", "job-err-client-unknown");
    }
    if vehicle_id.trim().is_empty() {
        e.add("vehicle", "err-required");
        return Ok("medium".to_owned());
    }
    let vehicle: Option<(Option<String>, String)> = conn
        .query_row(
            "SELECT owner_id, size_class FROM vehicles WHERE id = ?1 AND deleted_at IS NULL",
            [vehicle_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match vehicle {
        None => {
            e.add("vehicle", "job-err-vehicle-unknown");
            Ok("medium".to_owned())
        }
        Some((owner, size)) => {
            if client_ok && owner.as_deref() != Some(client_id) {
                e.add("vehicle", "job-err-vehicle-owner");
            }
            Ok(size)
        }
    }
}

/// Checks the zones; returns (zone id, area for the size class) in the given order, deduplicated.
pub(super) fn check_zones(
    conn: &Connection,
    e: &mut FieldErrors,
    zone_ids: &[ZoneId],
    size_class: &str,
) -> CoreResult<Vec<(String, f64)>> {
    let column = match size_class {
        "small" => "area_small",
        "large" => "area_large",
        "xl" => "area_xl",
        _ => "area_medium",
    };
    let sql = format!(
        "SELECT {column} FROM ppf_zones WHERE id = ?1 AND is_active = 1 AND deleted_at IS NULL"
    );
    let mut out: Vec<(String, f64)> = Vec::new();
    let mut unknown = Vec::new();
    for id in zone_ids {
        let id = id.trim();
        if id.is_empty() || out.iter().any(|(z, _)| z == id) {
            continue;
        }
        match conn
            .query_row(&sql, [id], |r| r.get::<_, f64>(0))
            .optional()?
        {
            Some(area) => out.push((id.to_owned(), area)),
            None => unknown.push(id.to_owned()),
        }
    }
    if !unknown.is_empty() {
        e.add_with(
            "zones",
            "job-err-zone-unknown",
            vec![("zones", unknown.join(", "))],
        );
    } else if out.is_empty() {
        e.add("zones", "job-err-zones-required");
    }
    Ok(out)
}

/// Checks a technician: an active technician, supervisor or admin account.
pub(super) fn check_technician(
    conn: &Connection,
    e: &mut FieldErrors,
    id: Option<&str>,
) -> CoreResult<()> {
    if let Some(id) = id {
        let ok = users::get(conn, id)?.is_some_and(|u| {
            u.is_active && matches!(u.role, Role::Technician | Role::Supervisor | Role::Admin)
        });
        if !ok {
            e.add("technician", "job-err-technician-invalid");
        }
    }
    Ok(())
}

pub(super) fn check_bay(conn: &Connection, e: &mut FieldErrors, bay: &str) -> CoreResult<()> {
    if !bay.is_empty() && !settings::get_planning(conn)?.bays.iter().any(|b| b == bay) {
        e.add_with("bay", "job-err-bay-unknown", vec![("bay", bay.to_owned())]);
    }
    Ok(())
}

pub(super) fn check_times(
    e: &mut FieldErrors,
    start: Option<i64>,
    end: Option<i64>,
    required: bool,
) {
    if required && start.is_none() {
        e.add("start", "err-required");
    }
    if required && end.is_none() {
        e.add("end", "err-required");
    }
    if let (Some(s), Some(en)) = (start, end)
        && en <= s
    {
        e.add("end", "job-err-end-before-start");
    }
    if start.is_none() && end.is_some() {
        e.add("start", "err-required");
    }
}

pub(super) fn clean_reason(reason: Option<&str>) -> Option<String> {
    reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
}

/// Refuses conflicts unless forced by someone allowed [`Action::ForceScheduleConflict`] with a
/// reason ([`force_errors`]: a blank one is refused). Returns the forced conflicts, if any.
pub(super) fn check_conflicts(
    conn: &Connection,
    actor: &Session,
    candidate: &Candidate,
    force_reason: Option<&str>,
) -> CoreResult<Vec<Conflict>> {
    let found = conflicts(conn, candidate)?;
    match (found.first(), force_reason) {
        (None, _) => Ok(found),
        (Some(first), None) => Err(first.to_error(shop_tz(conn)?)),
        (Some(_), Some(reason)) => {
            permissions::require(actor.role, Action::ForceScheduleConflict)?;
            force_errors(true, true, reason).into_result()?;
            Ok(found)
        }
    }
}
