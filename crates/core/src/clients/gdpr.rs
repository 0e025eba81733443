//! The GDPR side of clients: export of everything stored about one (access, portability) and
//! erasure.

use rusqlite::Connection;
use serde_json::{Value, json};

use super::{Client, get_tx, open_job_count};
use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;
use crate::users;

/// Everything stored about one client, as JSON (GDPR right of access / portability): the
/// client, the vehicles owned now and before, every job with its zones, notes and history.
/// Needs [`Action::ExportClientData`]. Audited `client.export`.
pub fn export_data(store: &mut Store, actor: &Session, id: &str) -> CoreResult<Value> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::ExportClientData)?;
        let client = get_tx(tx, id)?;
        let conn = tx.conn();
        let vehicles = query_json(
            conn,
            "SELECT json_object('plate', v.plate, 'vin', v.vin, 'make', v.make, 'model', v.model,
                 'year', v.year, 'colour', v.colour, 'owned_from', o.from_at,
                 'owned_until', o.until_at)
             FROM vehicle_owners o JOIN vehicles v ON v.id = o.vehicle_id
             WHERE o.client_id = ?1 ORDER BY o.from_at",
            id,
        )?;
        let jobs = query_json(
            conn,
            "SELECT json_object('number', j.number, 'status', j.status,
                 'scheduled_start', j.scheduled_start, 'scheduled_end', j.scheduled_end,
                 'vehicle', v.plate, 'film_product', j.film_product, 'notes', j.notes,
                 'zones', (SELECT json_group_array(z.zone_id) FROM job_zones z
                     WHERE z.job_id = j.id AND z.deleted_at IS NULL),
                 'notes_log', (SELECT json_group_array(json_object('at', n.at, 'text', n.body))
                               FROM job_notes n WHERE n.job_id = j.id),
                 'history', (SELECT json_group_array(json_object('at', h.at, 'from', h.from_status,
                               'to', h.to_status, 'reason', h.reason))
                             FROM job_status_history h WHERE h.job_id = j.id))
             FROM jobs j JOIN vehicles v ON v.id = j.vehicle_id
             WHERE j.client_id = ?1 ORDER BY j.scheduled_start",
            id,
        )?;
        tx.audit(AuditEntry::event("client.export", "client", Some(id)))?;
        Ok(json!({
            "format": "rpma-client-export",
            "version": 1,
            "exported_at": tx.now(),
            "client": client,
            "vehicles": vehicles,
            "jobs": jobs,
        }))
    })
}

fn query_json(conn: &Connection, sql: &str, id: &str) -> CoreResult<Vec<Value>> {
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map([id], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let text = row?;
        let mut v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        // Nested json_group_array values come back as text: parse them.
        if let Some(obj) = v.as_object_mut() {
            for key in ["zones", "notes_log", "history"] {
                if let Some(Value::String(s)) = obj.get(key) {
                    let parsed = serde_json::from_str(s).unwrap_or(Value::Null);
                    obj.insert(key.to_owned(), parsed);
                }
            }
        }
        out.push(v);
    }
    Ok(out)
}

/// The name an erased client keeps.
pub const ANONYMISED_NAME: &str = "—";

/// GDPR erasure: the client's personal data (name, contact, address, notes, tags, consent), the
/// notes of its jobs, the signatory and signature, step, zone, defect and photo notes of its
/// interventions, its photos' GPS and camera, its vehicles' link to it, the job-wizard drafts
/// that mention it, the change log's copies of all these and the key of its audit values are
/// cleared ([`crate::personal::ERASED_COLUMNS`]); the jobs, vehicles and figures stay for the
/// shop's records, attached to an anonymous client. A business keeps its company name and legal
/// numbers (not personal data). Needs [`Action::EraseClient`]; refused while jobs are open.
/// Audited `client.erase`.
pub fn erase(store: &mut Store, actor: &Session, id: &str) -> CoreResult<Client> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::EraseClient)?;
        let c = get_tx(tx, id)?;
        if c.anonymised_at.is_some() {
            return Ok(c);
        }
        let open = open_job_count(tx.conn(), id)?;
        if open > 0 {
            return Err(CoreError::RefusedWith {
                key: "client-err-open-jobs",
                args: vec![("count", open.to_string())],
            });
        }
        // Every personal value of the client, its jobs and interventions, the change log's copies
        // and the key of its audit values ([`crate::personal`]).
        crate::personal::erase_client(tx.conn(), id, tx.now())?;
        tx.audit(AuditEntry::event("client.erase", "client", Some(id)))?;
        get_tx(tx, id)
    })
}
