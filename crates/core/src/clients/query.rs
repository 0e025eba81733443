//! Reading clients: the list with its filter, sort and paging, the pager's count, the tags in
//! use and a client's totals.

use crate::ids::ClientId;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::ClientKind;
use crate::contact;
use crate::error::CoreResult;
use crate::query::{ListQuery, Page, SortColumn};

/// Sort order of the client list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ClientSort {
    /// By surname, then the whole name (the company for businesses; see [`crate::people`]).
    #[default]
    Name,
    /// By creation date.
    Created,
    /// By number of jobs.
    Jobs,
    /// By last job date.
    LastJob,
    /// By city.
    City,
}

/// What the client list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClientFilter {
    /// Only this kind.
    pub kind: Option<ClientKind>,
    /// Only clients with this tag.
    pub tag: Option<String>,
    /// Search text (names, company, e-mail, phone), prefix matching.
    pub text: String,
    /// The trash instead of live clients.
    pub deleted: bool,
    /// Sort.
    pub sort: ClientSort,
    /// Descending.
    pub descending: bool,
    /// Page start.
    pub offset: u32,
    /// Page size (0 = 100).
    pub limit: u32,
}

/// One line of the client list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientRow {
    /// Id.
    pub id: ClientId,
    /// Company or person.
    pub display_name: String,
    /// The person (contact) when it differs from the display name.
    pub contact: Option<String>,
    /// Kind.
    pub kind: ClientKind,
    /// E-mail.
    pub email: Option<String>,
    /// Phone, formatted for display.
    pub phone: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Vehicles owned now.
    pub vehicles: i64,
    /// Jobs in all.
    pub jobs: i64,
    /// Start of the latest job.
    pub last_job_at: Option<i64>,
    /// Created.
    pub created_at: i64,
    /// In the trash since.
    pub deleted_at: Option<i64>,
    /// Anonymised.
    pub anonymised: bool,
}

impl SortColumn for ClientSort {
    fn order_by(self) -> &'static str {
        match self {
            Self::Name => "c.surname_key COLLATE NOCASE",
            Self::Created => "c.created_at",
            Self::Jobs => "jobs",
            Self::LastJob => "last_job_at",
            Self::City => "c.city COLLATE NOCASE",
        }
    }
}

impl ClientFilter {
    /// The page this filter asks for.
    pub fn page(&self) -> Page {
        Page::new(self.offset, self.limit)
    }

    /// The rows this filter keeps (live or the trash, kind, tag, search), sort and page aside.
    pub fn query(&self) -> ListQuery {
        let tag = self.tag.as_deref().map(str::trim).filter(|t| !t.is_empty());
        ListQuery::new("c", self.deleted)
            .filter_opt("c.kind = ?", self.kind.map(|k| k.as_str().to_owned()))
            .filter_opt(
                "EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)",
                tag.map(str::to_owned),
            )
            .search("clients_fts", &self.text)
    }
}

const LIST_SELECT: &str =
    "SELECT c.id, c.display_name, c.name, c.kind, c.email, c.phone, c.city, c.tags,
            (SELECT count(*) FROM vehicles v WHERE v.owner_id = c.id AND v.deleted_at IS NULL),
            (SELECT count(*) FROM jobs j WHERE j.client_id = c.id AND j.deleted_at IS NULL) AS jobs,
            (SELECT max(j.scheduled_start) FROM jobs j
              WHERE j.client_id = c.id AND j.deleted_at IS NULL) AS last_job_at,
            c.created_at, c.deleted_at, c.anonymised_at
         FROM clients c";

/// A page of clients. Reading needs no special right ([`Action::ViewClients`](crate::auth::permissions::Action::ViewClients) is every role's).
pub fn list(conn: &Connection, f: &ClientFilter) -> CoreResult<Vec<ClientRow>> {
    f.query()
        .page(conn, LIST_SELECT, f.sort, f.descending, f.page(), |r| {
            let display: String = r.get(1)?;
            let name: String = r.get(2)?;
            let kind: String = r.get(3)?;
            let tags: String = r.get(7)?;
            let phone: Option<String> = r.get(5)?;
            let anonymised: Option<i64> = r.get(13)?;
            Ok(ClientRow {
                id: r.get(0)?,
                contact: (name != display).then_some(name),
                display_name: display,
                kind: ClientKind::parse(&kind).unwrap_or_default(),
                email: r.get(4)?,
                phone: phone.as_deref().map(contact::format_phone),
                city: r.get(6)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                vehicles: r.get(8)?,
                jobs: r.get(9)?,
                last_job_at: r.get(10)?,
                created_at: r.get(11)?,
                deleted_at: r.get(12)?,
                anonymised: anonymised.is_some(),
            })
        })
}

/// How many clients match (for the list's pager).
pub fn count(conn: &Connection, f: &ClientFilter) -> CoreResult<i64> {
    f.query().count(conn, "clients c")
}

/// Every tag in use, sorted (the list's tag filter).
pub fn all_tags(conn: &Connection) -> CoreResult<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT t.value FROM clients c, json_each(c.tags) t
         WHERE c.deleted_at IS NULL ORDER BY t.value COLLATE NOCASE",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Totals shown on a client's page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientTotals {
    /// Jobs in all (not deleted).
    pub jobs: i64,
    /// Open jobs.
    pub open_jobs: i64,
    /// Completed or archived jobs.
    pub completed_jobs: i64,
    /// Film area of the completed jobs, m².
    pub completed_area_m2: f64,
    /// First job start.
    pub first_job_at: Option<i64>,
    /// Latest job start.
    pub last_job_at: Option<i64>,
}

/// A client's totals.
pub fn totals(conn: &Connection, client_id: &str) -> CoreResult<ClientTotals> {
    let (jobs, open_jobs, completed_jobs, first, last) = conn.query_row(
        "SELECT count(*),
            coalesce(sum(status IN ('draft', 'scheduled', 'in_progress', 'paused', 'on_hold')), 0),
            coalesce(sum(status IN ('completed', 'archived')), 0),
            min(scheduled_start), max(scheduled_start)
         FROM jobs WHERE client_id = ?1 AND deleted_at IS NULL",
        [client_id],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        },
    )?;
    let area: f64 = conn.query_row(
        "SELECT coalesce(sum(z.area_m2), 0) FROM jobs j JOIN job_zones z ON z.job_id = j.id AND z.deleted_at IS NULL
         WHERE j.client_id = ?1 AND j.deleted_at IS NULL AND j.status IN ('completed', 'archived')",
        [client_id],
        |r| r.get(0),
    )?;
    Ok(ClientTotals {
        jobs,
        open_jobs,
        completed_jobs,
        completed_area_m2: area,
        first_job_at: first,
        last_job_at: last,
    })
}
