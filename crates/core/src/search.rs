//! Instant search (Ctrl+K and the lists' search fields) over SQLite FTS5: clients (name,
//! company, e-mail, phone), vehicles (plate with or without dashes, VIN, make and model) and jobs
//! (number, plate, client). Accent- and case-insensitive (`unicode61 remove_diacritics 2`),
//! prefix matching as you type, results grouped by kind and scoped by role: a technician finds
//! only the jobs assigned to them (clients and vehicles are visible to every role).
//!
//! The indexes are kept by triggers (migration 0004), so every write path — services, demo,
//! bench generator, imports — keeps them right.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::Session;
use crate::auth::permissions::{Action, Role};
use crate::error::CoreResult;

/// Turns typed text into an FTS5 query: every word becomes a quoted prefix term, all required.
/// `None` when there is nothing to search for.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| format!("\"{t}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Kind of a search hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HitKind {
    /// A client.
    Client,
    /// A vehicle.
    Vehicle,
    /// A job.
    Job,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Kind.
    pub kind: HitKind,
    /// The record's id.
    pub id: String,
    /// Main line (client name, plate and model, job number).
    pub title: String,
    /// Second line (contact, owner, client and plate…).
    pub subtitle: String,
    /// Job status (stored name), for jobs.
    pub status: Option<String>,
    /// Job start, for jobs.
    pub when: Option<i64>,
}

/// Results grouped by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Clients.
    pub clients: Vec<Hit>,
    /// Vehicles.
    pub vehicles: Vec<Hit>,
    /// Jobs.
    pub jobs: Vec<Hit>,
}

impl SearchResults {
    /// Every hit in display order (clients, vehicles, jobs).
    pub fn all(&self) -> impl Iterator<Item = &Hit> {
        self.clients.iter().chain(&self.vehicles).chain(&self.jobs)
    }

    /// Number of hits.
    pub fn len(&self) -> usize {
        self.clients.len() + self.vehicles.len() + self.jobs.len()
    }

    /// No hit.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How many index matches of each kind are considered before ordering. A short prefix can
/// match tens of thousands of rows; ranking them all would cost hundreds of milliseconds on a
/// large shop, so the most recent matches (highest rowid, read backwards from the index) are
/// taken and ordered: names and plates that start with the typed text first, then
/// alphabetically; jobs latest first.
const CANDIDATES: u32 = 200;

// The joins below are CROSS JOINs on purpose: SQLite then keeps the written order (the FTS page
// of candidates first, then a primary-key lookup per candidate). The candidates are ordered
// and cut to the page before the owner, vehicle and client of each hit are looked up: a few
// lookups instead of 200. With a plain JOIN, SQLite 3.54
// prefers to scan every live row through the `deleted_at` index and probe the candidates, which
// is 30 times slower on a 50,000-client shop.

/// Searches everything `actor` (as stored now: [`crate::users::authorize`]) may see; at most
/// `per_kind` hits of each kind.
pub fn search(
    conn: &Connection,
    actor: &Session,
    input: &str,
    per_kind: usize,
) -> CoreResult<SearchResults> {
    let actor = &crate::users::authorize(conn, actor, Action::ViewClients)?;
    let Some(q) = fts_query(input) else {
        return Ok(SearchResults::default());
    };
    let limit = i64::try_from(per_kind).unwrap_or(10);
    // What the typed text starts with, for "starts with" first (LIKE is case-insensitive).
    let starts = format!("{}%", input.trim().replace(['%', '_'], ""));

    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, c.display_name, c.name, c.email, c.phone, c.city
         FROM (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?1
               ORDER BY rowid DESC LIMIT {CANDIDATES}) f
         CROSS JOIN clients c ON c.rid = f.rowid
         WHERE c.deleted_at IS NULL
         ORDER BY (c.display_name LIKE ?3 OR c.name LIKE ?3) DESC,
                  c.surname_key COLLATE NOCASE
         LIMIT ?2"
    ))?;
    let clients = st
        .query_map(params![q, limit, starts], |r| {
            let display: String = r.get(1)?;
            let name: String = r.get(2)?;
            let email: Option<String> = r.get(3)?;
            let phone: Option<String> = r.get(4)?;
            let city: Option<String> = r.get(5)?;
            let mut parts = Vec::new();
            if name != display {
                parts.push(name);
            }
            parts.extend(phone.as_deref().map(crate::contact::format_phone));
            parts.extend(email);
            parts.extend(city);
            Ok(Hit {
                kind: HitKind::Client,
                id: r.get(0)?,
                title: display,
                subtitle: parts.join(" · "),
                status: None,
                when: None,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut st = conn.prepare_cached(&format!(
        "SELECT v.id, v.plate, v.make, v.model, v.year, c.display_name
         FROM (SELECT p.rid FROM (SELECT rowid FROM vehicles_fts WHERE vehicles_fts MATCH ?1
                                  ORDER BY rowid DESC LIMIT {CANDIDATES}) f
               CROSS JOIN vehicles p ON p.rid = f.rowid
               WHERE p.deleted_at IS NULL
               ORDER BY (p.plate_key LIKE ?3 OR p.plate LIKE ?3) DESC, p.plate_key
               LIMIT ?2) k
         CROSS JOIN vehicles v ON v.rid = k.rid
         LEFT JOIN clients c ON c.id = v.owner_id
         ORDER BY (v.plate_key LIKE ?3 OR v.plate LIKE ?3) DESC, v.plate_key"
    ))?;
    let vehicles = st
        .query_map(params![q, limit, starts], |r| {
            let plate: String = r.get(1)?;
            let make: String = r.get(2)?;
            let model: String = r.get(3)?;
            let year: Option<i32> = r.get(4)?;
            let owner: Option<String> = r.get(5)?;
            let mut sub = format!("{make} {model}").trim().to_owned();
            if let Some(y) = year {
                sub.push_str(&format!(" ({y})"));
            }
            if let Some(o) = owner {
                sub.push_str(" · ");
                sub.push_str(&o);
            }
            Ok(Hit {
                kind: HitKind::Vehicle,
                id: r.get(0)?,
                title: plate,
                subtitle: sub,
                status: None,
                when: None,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let tech_only = (actor.role == Role::Technician).then_some(actor.id.as_str());
    // A technician's candidates are filtered inside the FTS query's page, so their own jobs
    // are not crowded out by other people's. Two statements rather than `?3 IS NULL OR …`, so
    // that each has the plan of its case.
    let scope = if tech_only.is_some() {
        "t.technician_id = ?3"
    } else {
        "?3 IS NULL"
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT j.id, j.number, j.status, j.scheduled_start, v.plate, v.make, v.model,
                c.display_name
         FROM (SELECT p.rid FROM (SELECT t.rid FROM jobs_fts f
                                  CROSS JOIN jobs t ON t.rid = f.rowid
                                  WHERE jobs_fts MATCH ?1 AND {scope}
                                  ORDER BY f.rowid DESC LIMIT {CANDIDATES}) f
               CROSS JOIN jobs p ON p.rid = f.rid
               WHERE p.deleted_at IS NULL
               ORDER BY p.scheduled_start IS NULL, p.scheduled_start DESC
               LIMIT ?2) k
         CROSS JOIN jobs j ON j.rid = k.rid
         JOIN vehicles v ON v.id = j.vehicle_id
         JOIN clients c ON c.id = j.client_id
         ORDER BY j.scheduled_start IS NULL, j.scheduled_start DESC"
    ))?;
    let jobs = st
        .query_map(params![q, limit, tech_only], |r| {
            let plate: String = r.get(4)?;
            let make: String = r.get(5)?;
            let model: String = r.get(6)?;
            let client: String = r.get(7)?;
            Ok(Hit {
                kind: HitKind::Job,
                id: r.get(0)?,
                title: r.get(1)?,
                subtitle: format!("{client} · {plate} · {make} {model}")
                    .trim()
                    .to_owned(),
                status: r.get(2)?,
                when: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    Ok(SearchResults {
        clients,
        vehicles,
        jobs,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::clients::{self, ClientInput, ClientKind};
    use crate::testutil::Fixture;
    use crate::vehicles::{self, VehicleInput};

    #[test]
    fn queries_become_prefix_terms() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("AB-123").as_deref(), Some("\"AB\"* \"123\"*"));
        assert_eq!(fts_query("l'Éco\"").as_deref(), Some("\"l\"* \"Éco\"*"));
        // Quotes and FTS operators cannot be injected.
        assert_eq!(
            fts_query("a OR b*").as_deref(),
            Some("\"a\"* \"OR\"* \"b\"*")
        );
    }

    #[test]
    fn finds_clients_vehicles_and_jobs_accent_and_case_insensitively() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let c = clients::create(
            &mut f.store,
            &admin,
            &ClientInput {
                kind: ClientKind::Business,
                name: "Hélène Bérard".into(),
                company_name: "Carrosserie Étoile".into(),
                phone: "04 78 12 34 56".into(),
                email: "contact@etoile.fr".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        vehicles::create(
            &mut f.store,
            &admin,
            &VehicleInput {
                plate: "GH-456-JK".into(),
                make: "Renault".into(),
                model: "Mégane".into(),
                owner_id: Some(c.id.clone()),
                ..VehicleInput::default()
            },
        )
        .unwrap();
        let job = crate::testutil::insert_job_raw(&f.store, &c.id, "scheduled");
        let number: String = f
            .store
            .conn()
            .query_row("SELECT number FROM jobs WHERE id = ?1", [&job], |r| {
                r.get(0)
            })
            .unwrap();

        let r = search(f.store.conn(), &admin, "etoi", 5).unwrap();
        assert_eq!(r.clients.len(), 1);
        assert_eq!(r.clients[0].title, "Carrosserie Étoile");
        assert_eq!(r.jobs.len(), 1, "jobs are found by client");
        let r = search(f.store.conn(), &admin, "BERARD", 5).unwrap();
        assert_eq!(r.clients.len(), 1);
        let r = search(f.store.conn(), &admin, "gh456", 5).unwrap();
        assert_eq!(r.vehicles.len(), 1);
        assert_eq!(r.vehicles[0].title, "GH-456-JK");
        let r = search(f.store.conn(), &admin, "megane", 5).unwrap();
        assert_eq!(r.vehicles.len(), 1);
        let r = search(f.store.conn(), &admin, "0478", 5).unwrap();
        assert_eq!(r.clients.len(), 1);
        let r = search(f.store.conn(), &admin, &number, 5).unwrap();
        assert_eq!(r.jobs.len(), 1);
        assert_eq!(r.jobs[0].title, number);
        // Typed with a space instead of the dash: both parts are words.
        let spaced = number.replace('-', " ");
        assert_eq!(
            search(f.store.conn(), &admin, &spaced, 5)
                .unwrap()
                .jobs
                .len(),
            1
        );
        assert!(search(f.store.conn(), &admin, "zzz", 5).unwrap().is_empty());

        // The index follows renames (trigger on clients updates the jobs' index too).
        let mut input = c.to_input();
        input.company_name = "Garage Horizon".into();
        clients::update(&mut f.store, &admin, &c.id, &input).unwrap();
        assert!(
            search(f.store.conn(), &admin, "carrosserie", 5)
                .unwrap()
                .is_empty()
        );
        let r = search(f.store.conn(), &admin, "horizon", 5).unwrap();
        assert_eq!((r.clients.len(), r.jobs.len()), (1, 1));
    }

    #[test]
    fn technicians_find_only_their_own_jobs() {
        let mut f = Fixture::new();
        let (admin, tech) = (f.admin.clone(), f.technician.clone());
        let c = clients::create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: "Nadia Caron".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        let mine = crate::testutil::insert_job_raw(&f.store, &c.id, "scheduled");
        crate::testutil::insert_job_raw(&f.store, &c.id, "scheduled");
        f.store
            .conn()
            .execute(
                "UPDATE jobs SET technician_id = ?1 WHERE id = ?2",
                rusqlite::params![tech.id, mine],
            )
            .unwrap();
        assert_eq!(
            search(f.store.conn(), &admin, "caron", 10)
                .unwrap()
                .jobs
                .len(),
            2
        );
        let r = search(f.store.conn(), &tech, "caron", 10).unwrap();
        assert_eq!(r.jobs.len(), 1);
        assert_eq!(r.jobs[0].id, mine);
        assert_eq!(r.clients.len(), 1);
    }
}
