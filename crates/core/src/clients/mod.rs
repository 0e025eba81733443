//! Clients: individuals and businesses, their contact data, tags and marketing consent; soft
//! delete with a trash; GDPR export and erasure.
//!
//! Audit entries for clients record every field; the personal ones (name, e-mail, phone, address,
//! notes) are sealed with the client's own key before they reach the append-only, hash-chained
//! log, and erasure destroys that key ([`crate::personal`]), so a GDPR request leaves nothing
//! readable there.

use crate::ids::ClientId;
use rusqlite::{Connection, OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::contact;
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use crate::store::{Store, Tx};
use crate::users;

mod csv_export;
#[cfg(test)]
mod csv_tests;
mod gdpr;
mod query;
#[cfg(test)]
mod tests;
mod validation;

pub(crate) use csv_export::csv_time;
pub use csv_export::export_csv;
pub use gdpr::{ANONYMISED_NAME, erase, export_data};
pub use query::{ClientFilter, ClientRow, ClientSort, ClientTotals, all_tags, count, list, totals};
use validation::clean;
pub use validation::{NAME_MAX, NOTES_MAX, REQUIRED, TAG_MAX, TAGS_MAX, check, validate};

/// Individual or business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    /// A private person.
    #[default]
    Individual,
    /// A company (company name required; contact person, SIRET and VAT number).
    Business,
}

impl ClientKind {
    /// Stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Individual => "individual",
            Self::Business => "business",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "individual" => Some(Self::Individual),
            "business" => Some(Self::Business),
            _ => None,
        }
    }

    /// i18n key of the kind's name.
    pub const fn label_key(self) -> &'static str {
        match self {
            Self::Individual => "client-kind-individual",
            Self::Business => "client-kind-business",
        }
    }
}

/// What the client form edits (text as typed; [`validate`] normalises it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInput {
    /// Individual or business.
    pub kind: ClientKind,
    /// The person's name (the contact person for a business).
    pub name: String,
    /// Company name (businesses).
    pub company_name: String,
    /// SIRET (businesses, optional).
    pub siret: String,
    /// VAT number (businesses, optional).
    pub vat_number: String,
    /// E-mail (optional).
    pub email: String,
    /// Phone (optional).
    pub phone: String,
    /// Street address.
    pub address_line1: String,
    /// Address complement.
    pub address_line2: String,
    /// Postal code (five digits in France).
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO country code (France by default).
    pub country: String,
    /// Free notes.
    pub notes: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Marketing consent.
    pub marketing_consent: bool,
}

/// A stored client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Client {
    /// Id.
    pub id: ClientId,
    /// Individual or business.
    pub kind: ClientKind,
    /// The person (contact person for a business).
    pub name: String,
    /// Company name.
    pub company_name: Option<String>,
    /// SIRET.
    pub siret: Option<String>,
    /// VAT number.
    pub vat_number: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone, international form.
    pub phone: Option<String>,
    /// Street address.
    pub address_line1: Option<String>,
    /// Address complement.
    pub address_line2: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// ISO country code.
    pub country: String,
    /// Notes.
    pub notes: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Marketing consent.
    pub marketing_consent: bool,
    /// When consent was given.
    pub consent_at: Option<i64>,
    /// When the client was anonymised (GDPR erasure).
    pub anonymised_at: Option<i64>,
    /// Created.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
    /// In the trash since.
    pub deleted_at: Option<i64>,
}

impl Client {
    /// The company for a business, the person otherwise.
    pub fn display_name(&self) -> &str {
        match (&self.kind, &self.company_name) {
            (ClientKind::Business, Some(c)) => c,
            _ => &self.name,
        }
    }

    /// The form's values for this client.
    pub fn to_input(&self) -> ClientInput {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        ClientInput {
            kind: self.kind,
            name: self.name.clone(),
            company_name: s(&self.company_name),
            siret: s(&self.siret),
            vat_number: s(&self.vat_number),
            email: s(&self.email),
            phone: self
                .phone
                .as_deref()
                .map(contact::format_phone)
                .unwrap_or_default(),
            address_line1: s(&self.address_line1),
            address_line2: s(&self.address_line2),
            postal_code: s(&self.postal_code),
            city: s(&self.city),
            country: self.country.clone(),
            notes: self.notes.clone(),
            tags: self.tags.clone(),
            marketing_consent: self.marketing_consent,
        }
    }
}

const COLUMNS: &str = "id, kind, name, company_name, siret, vat_number, email, phone, address_line1, \
     address_line2, postal_code, city, country, notes, tags, marketing_consent, consent_at, \
     anonymised_at, created_at, updated_at, deleted_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Client> {
    let kind: String = r.get(1)?;
    let tags: String = r.get(14)?;
    Ok(Client {
        id: r.get(0)?,
        kind: ClientKind::parse(&kind).unwrap_or_default(),
        name: r.get(2)?,
        company_name: r.get(3)?,
        siret: r.get(4)?,
        vat_number: r.get(5)?,
        email: r.get(6)?,
        phone: r.get(7)?,
        address_line1: r.get(8)?,
        address_line2: r.get(9)?,
        postal_code: r.get(10)?,
        city: r.get(11)?,
        country: r.get(12)?,
        notes: r.get(13)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        marketing_consent: r.get(15)?,
        consent_at: r.get(16)?,
        anonymised_at: r.get(17)?,
        created_at: r.get(18)?,
        updated_at: r.get(19)?,
        deleted_at: r.get(20)?,
    })
}

/// The audit's view of a client (its personal values are sealed on the way in, see the module
/// docs).
fn audit_view(c: &Client) -> Value {
    json!({
        "kind": c.kind.as_str(),
        "name": c.name,
        "email": c.email,
        "phone": c.phone,
        "address_line1": c.address_line1,
        "address_line2": c.address_line2,
        "postal_code": c.postal_code,
        "city": c.city,
        "notes": c.notes,
        "company_name": c.company_name,
        "siret": c.siret,
        "vat_number": c.vat_number,
        "country": c.country,
        "tags": c.tags,
        "marketing_consent": c.marketing_consent,
    })
}

/// Names of the personal fields that differ between two versions.
fn personal_changes(a: &Client, b: &Client) -> Vec<&'static str> {
    let mut out = Vec::new();
    let pairs: [(&'static str, bool); 9] = [
        ("name", a.name != b.name),
        ("email", a.email != b.email),
        ("phone", a.phone != b.phone),
        ("address_line1", a.address_line1 != b.address_line1),
        ("address_line2", a.address_line2 != b.address_line2),
        ("postal_code", a.postal_code != b.postal_code),
        ("city", a.city != b.city),
        ("notes", a.notes != b.notes),
        ("kind", a.kind != b.kind),
    ];
    for (name, changed) in pairs {
        if changed {
            out.push(name);
        }
    }
    out
}

/// One client, deleted or not.
pub fn get(conn: &Connection, id: &str) -> CoreResult<Option<Client>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM clients WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

fn get_tx(tx: &Tx<'_>, id: &str) -> CoreResult<Client> {
    get(tx.conn(), id)?.ok_or(CoreError::NotFound { entity: "client" })
}

fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".to_owned())
}

/// Creates a client. Needs [`Action::EditClients`]. Audited `client.create`.
pub fn create(store: &mut Store, actor: &Session, input: &ClientInput) -> CoreResult<Client> {
    store.write(Some(&actor.id), |tx| create_in(tx, actor, input))
}

/// [`create`] inside a caller's transaction (the job wizard creates a client with its job).
pub fn create_in(tx: &Tx<'_>, actor: &Session, input: &ClientInput) -> CoreResult<Client> {
    users::authorize(tx.conn(), actor, Action::EditClients)?;
    let c = clean(input).map_err(CoreError::Invalid)?;
    let id = new_id();
    let now = tx.now();
    tx.conn().execute(
        "INSERT INTO clients (id, kind, name, company_name, siret, vat_number, email, phone,
             address_line1, address_line2, postal_code, city, country, notes, tags,
             marketing_consent, consent_at, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?19)",
        params![
            id,
            c.kind.as_str(),
            c.name,
            c.company_name,
            c.siret,
            c.vat_number,
            c.email,
            c.phone,
            c.address_line1,
            c.address_line2,
            c.postal_code,
            c.city,
            c.country,
            c.notes,
            tags_json(&c.tags),
            c.marketing_consent,
            c.marketing_consent.then_some(now),
            actor.id,
            now
        ],
    )?;
    let client = get_tx(tx, &id)?;
    tx.audit(AuditEntry {
        action: "client.create",
        entity: "client",
        entity_id: Some(&id),
        before: None,
        after: Some(audit_view(&client)),
    })?;
    Ok(client)
}

/// Saves the form over an existing client. Needs [`Action::EditClients`]. Consent gets its date
/// when it is given and loses it when withdrawn. Audited `client.update` when something changed.
pub fn update(
    store: &mut Store,
    actor: &Session,
    id: &str,
    input: &ClientInput,
) -> CoreResult<Client> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::EditClients)?;
        let before = get_tx(tx, id)?;
        if before.deleted_at.is_some() {
            return Err(CoreError::Refused {
                key: "client-err-deleted",
            });
        }
        if before.anonymised_at.is_some() {
            return Err(CoreError::Refused {
                key: "client-err-anonymised",
            });
        }
        let c = clean(input).map_err(CoreError::Invalid)?;
        let now = tx.now();
        let consent_at = match (before.marketing_consent, c.marketing_consent) {
            (false, true) => Some(now),
            (true, true) => before.consent_at,
            _ => None,
        };
        tx.conn().execute(
            "UPDATE clients SET kind = ?2, name = ?3, company_name = ?4, siret = ?5,
                 vat_number = ?6, email = ?7, phone = ?8, address_line1 = ?9, address_line2 = ?10,
                 postal_code = ?11, city = ?12, country = ?13, notes = ?14, tags = ?15,
                 marketing_consent = ?16, consent_at = ?17, updated_at = ?18
             WHERE id = ?1",
            params![
                id,
                c.kind.as_str(),
                c.name,
                c.company_name,
                c.siret,
                c.vat_number,
                c.email,
                c.phone,
                c.address_line1,
                c.address_line2,
                c.postal_code,
                c.city,
                c.country,
                c.notes,
                tags_json(&c.tags),
                c.marketing_consent,
                consent_at,
                now
            ],
        )?;
        let after = get_tx(tx, id)?;
        let personal = personal_changes(&before, &after);
        let (b, a) = (audit_view(&before), audit_view(&after));
        if b != a || !personal.is_empty() {
            let mut after_json = a;
            if let Some(obj) = after_json.as_object_mut() {
                obj.insert("personal_fields_changed".into(), json!(personal));
            }
            tx.audit(AuditEntry {
                action: "client.update",
                entity: "client",
                entity_id: Some(id),
                before: Some(b),
                after: Some(after_json),
            })?;
        }
        Ok(after)
    })
}

/// Jobs of a client that are not finished (draft, scheduled, in progress, paused, on hold).
pub fn open_job_count(conn: &Connection, client_id: &str) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM jobs WHERE client_id = ?1 AND deleted_at IS NULL
           AND status IN ('draft', 'scheduled', 'in_progress', 'paused', 'on_hold')",
        [client_id],
        |r| r.get(0),
    )?)
}

/// Moves a client to the trash. Needs [`Action::DeleteClients`]; refused, with the count, while
/// the client has open jobs. Audited `client.delete`.
pub fn delete(store: &mut Store, actor: &Session, id: &str) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::DeleteClients)?;
        let c = get_tx(tx, id)?;
        if c.deleted_at.is_some() {
            return Ok(());
        }
        let open = open_job_count(tx.conn(), id)?;
        if open > 0 {
            return Err(CoreError::RefusedWith {
                key: "client-err-open-jobs",
                args: vec![("count", open.to_string())],
            });
        }
        tx.conn().execute(
            "UPDATE clients SET deleted_at = ?2, deleted_by = ?3, updated_at = ?2 WHERE id = ?1",
            params![id, tx.now(), actor.id],
        )?;
        tx.audit(AuditEntry::event("client.delete", "client", Some(id)))
    })
}

/// Brings a client back from the trash. Needs [`Action::RestoreFromTrash`]. Audited.
pub fn restore(store: &mut Store, actor: &Session, id: &str) -> CoreResult<Client> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::RestoreFromTrash)?;
        get_tx(tx, id)?;
        tx.conn().execute(
            "UPDATE clients SET deleted_at = NULL, deleted_by = NULL, updated_at = ?2
             WHERE id = ?1 AND deleted_at IS NOT NULL",
            params![id, tx.now()],
        )?;
        tx.audit(AuditEntry::event("client.restore", "client", Some(id)))?;
        get_tx(tx, id)
    })
}
