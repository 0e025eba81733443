//! Clients: individuals and businesses, their contact data, tags and marketing consent; soft
//! delete with a trash; GDPR export and erasure.
//!
//! Audit entries for clients record every field; the personal ones (name, e-mail, phone, address,
//! notes) are sealed with the client's own key before they reach the append-only, hash-chained
//! log, and erasure destroys that key ([`crate::personal`]), so a GDPR request leaves nothing
//! readable there.

use rusqlite::{Connection, OptionalExtension as _, Row, params, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::contact;
use crate::csv_out::CsvOut;
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use crate::org::{normalize_siret, normalize_vat};
use crate::store::{Store, Tx};
use crate::users;
use crate::validate::{self, FieldErrors};

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
    pub id: String,
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

/// Limits of the form's fields.
pub const NAME_MAX: usize = 100;
/// Notes limit (characters).
pub const NOTES_MAX: usize = 5_000;
/// At most this many tags, each at most [`TAG_MAX`] characters.
pub const TAGS_MAX: usize = 20;
/// Tag length limit.
pub const TAG_MAX: usize = 30;

/// The normalised values of a valid form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clean {
    kind: ClientKind,
    name: String,
    company_name: Option<String>,
    siret: Option<String>,
    vat_number: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address_line1: Option<String>,
    address_line2: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    country: String,
    notes: String,
    tags: Vec<String>,
    marketing_consent: bool,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn too_long(e: &mut FieldErrors, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        e.add_with(field, "err-too-long", vec![("max", max.to_string())]);
    }
}

/// Checks a form; every problem by field (nothing is saved when any is found).
pub fn validate(input: &ClientInput) -> Result<(), FieldErrors> {
    clean(input).map(drop)
}

fn clean(input: &ClientInput) -> Result<Clean, FieldErrors> {
    let mut e = FieldErrors::new();
    let business = input.kind == ClientKind::Business;
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        e.add(
            "name",
            if business {
                "client-err-contact-required"
            } else {
                "err-required"
            },
        );
    }
    too_long(&mut e, "name", &name, NAME_MAX);
    let company_name = if business {
        opt(&input.company_name)
    } else {
        None
    };
    if business && company_name.is_none() {
        e.add("company_name", "err-required");
    }
    too_long(&mut e, "company_name", &input.company_name, NAME_MAX);
    let siret = if business { opt(&input.siret) } else { None };
    let siret = match siret {
        Some(s) => match normalize_siret(&s) {
            Some(n) => Some(n),
            None => {
                e.add("siret", "err-siret");
                None
            }
        },
        None => None,
    };
    let vat_number = match if business {
        opt(&input.vat_number)
    } else {
        None
    } {
        Some(v) => match normalize_vat(&v) {
            Some(n) => Some(n),
            None => {
                e.add("vat_number", "err-vat");
                None
            }
        },
        None => None,
    };
    let email = opt(&input.email).map(|m| m.to_lowercase());
    if let Some(m) = &email
        && !validate::is_email(m)
    {
        e.add("email", "err-email");
    }
    let phone = match opt(&input.phone) {
        Some(p) => match contact::normalize_phone(&p) {
            Some(n) => Some(n),
            None => {
                e.add("phone", "err-phone");
                None
            }
        },
        None => None,
    };
    let country = if input.country.trim().is_empty() {
        Some("FR".to_owned())
    } else {
        contact::normalize_country(&input.country)
    };
    if country.is_none() {
        e.add("country", "err-country");
    }
    let country = country.unwrap_or_else(|| "FR".to_owned());
    let postal_code = match opt(&input.postal_code) {
        Some(p) => match contact::normalize_postal_code(&p, &country) {
            Some(n) => Some(n),
            None => {
                e.add(
                    "postal_code",
                    if country == "FR" {
                        "err-postal-code-fr"
                    } else {
                        "err-postal-code"
                    },
                );
                None
            }
        },
        None => None,
    };
    for (field, value, max) in [
        ("address_line1", &input.address_line1, 200),
        ("address_line2", &input.address_line2, 200),
        ("city", &input.city, 100),
        ("notes", &input.notes, NOTES_MAX),
    ] {
        too_long(&mut e, field, value, max);
    }
    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = t.trim();
        if t.is_empty() || tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            continue;
        }
        if t.chars().count() > TAG_MAX {
            e.add_with("tags", "err-too-long", vec![("max", TAG_MAX.to_string())]);
            break;
        }
        tags.push(t.to_owned());
    }
    if tags.len() > TAGS_MAX {
        e.add_with(
            "tags",
            "client-err-too-many-tags",
            vec![("max", TAGS_MAX.to_string())],
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(Clean {
        kind: input.kind,
        name,
        company_name,
        siret,
        vat_number,
        email,
        phone,
        address_line1: opt(&input.address_line1),
        address_line2: opt(&input.address_line2),
        postal_code,
        city: opt(&input.city),
        country,
        notes: input.notes.trim().to_owned(),
        tags,
        marketing_consent: input.marketing_consent,
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
    pub id: String,
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

fn where_clause(f: &ClientFilter) -> CoreResult<(String, Vec<rusqlite::types::Value>)> {
    use rusqlite::types::Value as V;
    let mut sql = String::from(if f.deleted {
        "c.deleted_at IS NOT NULL"
    } else {
        "c.deleted_at IS NULL"
    });
    let mut args: Vec<V> = Vec::new();
    if let Some(kind) = f.kind {
        sql.push_str(" AND c.kind = ?");
        args.push(V::Text(kind.as_str().to_owned()));
    }
    if let Some(tag) = f.tag.as_ref().filter(|t| !t.trim().is_empty()) {
        sql.push_str(" AND EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)");
        args.push(V::Text(tag.trim().to_owned()));
    }
    if let Some(q) = crate::search::fts_query(&f.text) {
        sql.push_str(" AND c.rid IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)");
        args.push(V::Text(q));
    }
    Ok((sql, args))
}

/// A page of clients. Reading needs no special right ([`Action::ViewClients`] is every role's).
pub fn list(conn: &Connection, f: &ClientFilter) -> CoreResult<Vec<ClientRow>> {
    let (wh, mut args) = where_clause(f)?;
    let order = match f.sort {
        ClientSort::Name => "c.surname_key COLLATE NOCASE",
        ClientSort::Created => "c.created_at",
        ClientSort::Jobs => "jobs",
        ClientSort::LastJob => "last_job_at",
        ClientSort::City => "c.city COLLATE NOCASE",
    };
    let dir = if f.descending { "DESC" } else { "ASC" };
    let limit = if f.limit == 0 { 100 } else { f.limit.min(1000) };
    args.push(rusqlite::types::Value::Integer(i64::from(limit)));
    args.push(rusqlite::types::Value::Integer(i64::from(f.offset)));
    let sql = format!(
        "SELECT c.id, c.display_name, c.name, c.kind, c.email, c.phone, c.city, c.tags,
            (SELECT count(*) FROM vehicles v WHERE v.owner_id = c.id AND v.deleted_at IS NULL),
            (SELECT count(*) FROM jobs j WHERE j.client_id = c.id AND j.deleted_at IS NULL) AS jobs,
            (SELECT max(j.scheduled_start) FROM jobs j
              WHERE j.client_id = c.id AND j.deleted_at IS NULL) AS last_job_at,
            c.created_at, c.deleted_at, c.anonymised_at
         FROM clients c WHERE {wh} ORDER BY {order} {dir}, c.rid {dir} LIMIT ? OFFSET ?"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(args), |r| {
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
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many clients match (for the list's pager).
pub fn count(conn: &Connection, f: &ClientFilter) -> CoreResult<i64> {
    let (wh, args) = where_clause(f)?;
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM clients c WHERE {wh}"),
        params_from_iter(args),
        |r| r.get(0),
    )?)
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
        "SELECT coalesce(sum(z.area_m2), 0) FROM jobs j JOIN job_zones z ON z.job_id = j.id
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
                 'zones', (SELECT json_group_array(z.zone_id) FROM job_zones z WHERE z.job_id = j.id),
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
                c.id.clone(),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::testutil::Fixture;

    pub(crate) fn person(name: &str) -> ClientInput {
        ClientInput {
            name: name.into(),
            email: format!("{}@exemple.fr", name.to_lowercase().replace(' ', ".")),
            phone: "06 12 34 56 78".into(),
            postal_code: "69003".into(),
            city: "Lyon".into(),
            ..ClientInput::default()
        }
    }

    fn company() -> ClientInput {
        ClientInput {
            kind: ClientKind::Business,
            name: "Sophie Martin".into(),
            company_name: "Garage du Parc".into(),
            siret: "732 829 320 00074".into(),
            vat_number: "FR44732829320".into(),
            ..ClientInput::default()
        }
    }

    fn client_count(f: &Fixture) -> i64 {
        f.store
            .conn()
            .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn creates_individuals_and_businesses_normalised() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let c = create(&mut f.store, &admin, &person("Élodie Durand")).unwrap();
        assert_eq!(c.phone.as_deref(), Some("+33612345678"));
        assert_eq!(c.country, "FR");
        assert_eq!(c.display_name(), "Élodie Durand");
        let b = create(&mut f.store, &admin, &company()).unwrap();
        assert_eq!(b.display_name(), "Garage du Parc");
        assert_eq!(b.siret.as_deref(), Some("73282932000074"));
        assert_eq!(f.audit_rows("client.create").len(), 2);
        // No personal data in the audit log.
        let row = &f.audit_rows("client.create")[0];
        assert!(!row.after.clone().unwrap_or_default().contains("Durand"));
    }

    #[test]
    fn bad_input_is_refused_field_by_field_and_nothing_is_saved() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let before = client_count(&f);
        let bad = ClientInput {
            kind: ClientKind::Business,
            name: String::new(),
            company_name: " ".into(),
            siret: "123".into(),
            email: "pas-un-mail".into(),
            phone: "06 12".into(),
            postal_code: "7501".into(),
            ..ClientInput::default()
        };
        let Err(CoreError::Invalid(e)) = create(&mut f.store, &admin, &bad) else {
            panic!("expected Invalid");
        };
        for field in [
            "name",
            "company_name",
            "siret",
            "email",
            "phone",
            "postal_code",
        ] {
            assert!(e.for_field(field).is_some(), "{field}");
        }
        assert_eq!(
            e.for_field("postal_code").unwrap().key,
            "err-postal-code-fr"
        );
        assert_eq!(client_count(&f), before);
    }

    #[test]
    fn foreign_postal_codes_are_not_forced_into_the_french_shape() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let mut input = person("John Smith");
        input.country = "gb".into();
        input.postal_code = "SW1A 1AA".into();
        input.phone = "+44 20 7946 0958".into();
        let c = create(&mut f.store, &admin, &input).unwrap();
        assert_eq!(c.country, "GB");
        assert_eq!(c.postal_code.as_deref(), Some("SW1A 1AA"));
    }

    #[test]
    fn email_and_phone_are_optional() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let c = create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: "Paul Leroy".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        assert_eq!(c.email, None);
        assert_eq!(c.phone, None);
    }

    #[test]
    fn consent_gets_a_date_and_loses_it_when_withdrawn() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let c = create(&mut f.store, &admin, &person("Ana Lopez")).unwrap();
        assert_eq!(c.consent_at, None);
        let mut input = c.to_input();
        input.marketing_consent = true;
        f.clock.advance(60_000);
        let c2 = update(&mut f.store, &admin, &c.id, &input.clone()).unwrap();
        assert_eq!(c2.consent_at, Some(f.store.now_ms()));
        f.clock.advance(60_000);
        let c3 = update(&mut f.store, &admin, &c.id, &input.clone()).unwrap();
        assert_eq!(
            c3.consent_at, c2.consent_at,
            "unchanged consent keeps its date"
        );
        input.marketing_consent = false;
        let c4 = update(&mut f.store, &admin, &c.id, &input).unwrap();
        assert_eq!(c4.consent_at, None);
    }

    #[test]
    fn viewers_cannot_edit_and_technicians_cannot_delete() {
        let mut f = Fixture::new();
        let (viewer, tech, admin) = (f.viewer.clone(), f.technician.clone(), f.admin.clone());
        assert!(matches!(
            create(&mut f.store, &viewer, &person("X Y")),
            Err(CoreError::Forbidden(_))
        ));
        let c = create(&mut f.store, &tech, &person("Tech Made")).unwrap();
        assert!(matches!(
            delete(&mut f.store, &tech, &c.id),
            Err(CoreError::Forbidden(_))
        ));
        assert!(matches!(
            erase(&mut f.store, &f.supervisor.clone(), &c.id),
            Err(CoreError::Forbidden(_))
        ));
        delete(&mut f.store, &admin, &c.id).unwrap();
    }

    #[test]
    fn delete_is_soft_refused_with_open_jobs_and_restorable() {
        let mut f = Fixture::new();
        let (admin, sup) = (f.admin.clone(), f.supervisor.clone());
        let c = create(&mut f.store, &admin, &person("Marc Petit")).unwrap();
        crate::testutil::insert_job_raw(&f.store, &c.id, "scheduled");
        let err = delete(&mut f.store, &admin, &c.id).unwrap_err();
        assert!(
            matches!(&err, CoreError::RefusedWith { key: "client-err-open-jobs", args } if args[0].1 == "1")
        );
        assert!(
            get(f.store.conn(), &c.id)
                .unwrap()
                .unwrap()
                .deleted_at
                .is_none()
        );
        f.store
            .conn()
            .execute("UPDATE jobs SET status = 'completed'", [])
            .unwrap();
        delete(&mut f.store, &admin, &c.id).unwrap();
        let listed = list(f.store.conn(), &ClientFilter::default()).unwrap();
        assert!(listed.iter().all(|r| r.id != c.id));
        let trash = list(
            f.store.conn(),
            &ClientFilter {
                deleted: true,
                ..ClientFilter::default()
            },
        )
        .unwrap();
        assert_eq!(trash.len(), 1);
        restore(&mut f.store, &sup, &c.id).unwrap();
        assert!(
            get(f.store.conn(), &c.id)
                .unwrap()
                .unwrap()
                .deleted_at
                .is_none()
        );
        assert_eq!(f.audit_rows("client.restore").len(), 1);
    }

    #[test]
    fn list_filters_sorts_and_searches() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let mut a = person("Zoé Lefèvre");
        a.tags = vec!["VIP".into(), "flotte".into()];
        create(&mut f.store, &admin, &a).unwrap();
        create(&mut f.store, &admin, &person("Arnaud Blanc")).unwrap();
        create(&mut f.store, &admin, &company()).unwrap();
        let names = |f: &ClientFilter, s: &Store| -> Vec<String> {
            list(s.conn(), f)
                .unwrap()
                .into_iter()
                .map(|r| r.display_name)
                .collect()
        };
        assert_eq!(
            names(&ClientFilter::default(), &f.store),
            ["Arnaud Blanc", "Garage du Parc", "Zoé Lefèvre"]
        );
        let biz = ClientFilter {
            kind: Some(ClientKind::Business),
            ..ClientFilter::default()
        };
        assert_eq!(names(&biz, &f.store), ["Garage du Parc"]);
        let vip = ClientFilter {
            tag: Some("VIP".into()),
            ..ClientFilter::default()
        };
        assert_eq!(names(&vip, &f.store), ["Zoé Lefèvre"]);
        // Accent-insensitive prefix search.
        let q = ClientFilter {
            text: "lefe".into(),
            ..ClientFilter::default()
        };
        assert_eq!(names(&q, &f.store), ["Zoé Lefèvre"]);
        assert_eq!(count(f.store.conn(), &q).unwrap(), 1);
        // Phone in national form.
        let q = ClientFilter {
            text: "0612".into(),
            ..ClientFilter::default()
        };
        assert_eq!(count(f.store.conn(), &q).unwrap(), 2);
        assert_eq!(all_tags(f.store.conn()).unwrap(), ["flotte", "VIP"]);
    }

    #[test]
    fn erasure_anonymises_and_keeps_the_records() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        let c = create(&mut f.store, &admin, &person("Julie Morel")).unwrap();
        let job = crate::testutil::insert_job_raw(&f.store, &c.id, "completed");
        f.store
            .conn()
            .execute(
                "INSERT INTO job_notes (id, job_id, body, at) VALUES ('n1', ?1, 'Julie rappelle', 0)",
                [&job],
            )
            .unwrap();
        let export = export_data(&mut f.store, &admin, &c.id).unwrap();
        assert_eq!(export["client"]["name"], "Julie Morel");
        assert_eq!(export["jobs"].as_array().unwrap().len(), 1);
        assert_eq!(export["vehicles"].as_array().unwrap().len(), 1);
        let e = erase(&mut f.store, &admin, &c.id).unwrap();
        assert_eq!(e.name, ANONYMISED_NAME);
        assert_eq!(e.email, None);
        assert!(e.anonymised_at.is_some());
        let notes: i64 = f
            .store
            .conn()
            .query_row("SELECT count(*) FROM job_notes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(notes, 0);
        // The job stays; the search index no longer knows the name.
        let q = ClientFilter {
            text: "morel".into(),
            ..ClientFilter::default()
        };
        assert_eq!(count(f.store.conn(), &q).unwrap(), 0);
        assert!(matches!(
            update(&mut f.store, &admin, &c.id, &person("Julie Morel")),
            Err(CoreError::Refused { .. })
        ));
        assert_eq!(f.audit_rows("client.erase").len(), 1);
        assert_eq!(f.audit_rows("client.export").len(), 1);
        // Nothing personal in any audit payload.
        let leaked: i64 = f
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE coalesce(before, '') || coalesce(after, '') LIKE '%Morel%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(leaked, 0);
    }
}

#[cfg(test)]
mod csv_tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn csv_export_quotes_fields_and_follows_the_filter() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: "Jean \"Jo\" Dupont".into(),
                city: "Lyon, 3e".into(),
                tags: vec!["vip".into(), "flotte".into()],
                ..ClientInput::default()
            },
        )
        .unwrap();
        create(
            &mut f.store,
            &admin,
            &ClientInput {
                kind: ClientKind::Business,
                name: "Sophie Martin".into(),
                company_name: "Garage du Parc".into(),
                notes: "ligne 1\nligne 2".into(),
                ..ClientInput::default()
            },
        )
        .unwrap();
        let mut out = Vec::new();
        let n = export_csv(f.store.conn(), &ClientFilter::default(), &mut out).unwrap();
        assert_eq!(n, 2);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("\u{feff}id,kind,display_name,"));
        assert!(text.contains("\"Jean \"\"Jo\"\" Dupont\""));
        assert!(text.contains("\"Lyon, 3e\""));
        assert!(text.contains("vip; flotte") || text.contains("flotte; vip"));
        assert_eq!(text.matches("\r\n").count(), 3);
        let mut only = Vec::new();
        let filter = ClientFilter {
            kind: Some(ClientKind::Business),
            ..ClientFilter::default()
        };
        assert_eq!(export_csv(f.store.conn(), &filter, &mut only).unwrap(), 1);
        let only = String::from_utf8(only).unwrap();
        assert!(only.contains("Garage du Parc"));
        assert!(!only.contains("Dupont"));
    }
}
