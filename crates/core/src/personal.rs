//! Clients' personal data in one place: which values are personal, how the audit log keeps them,
//! and what an erasure (GDPR) clears.
//!
//! - [`AUDIT_KEYS`]: the fields of an audit entry's before/after that are personal. In an entry
//!   about a client or one of its vehicles, jobs or interventions, their values are sealed with
//!   that client's own key (XChaCha20-Poly1305, table `client_keys`) before the entry is
//!   appended: the chain hashes the sealed form. Erasing the client destroys the key, so the
//!   values can no longer be read while every entry, and the chain, stays as it was
//!   (crypto-shredding). [`reveal`] opens them for the audit screen, or puts [`ERASED`] where the
//!   key is gone.
//! - [`ERASED_COLUMNS`]: every column an erasure clears, with the rows of the client it clears
//!   them in. [`erase_client`] clears them, scrubs the same values out of the change log (which
//!   holds the new values of every captured change until they are pushed), deletes the client's
//!   job notes, ownership history and job-wizard drafts, destroys its key and rebuilds the search
//!   indexes so that no deleted term stays in them.
//!
//! The key table is synced per field: every terminal reads the same keys, and the erasure (the
//! key set to NULL) reaches every terminal. Backups made before an erasure still hold the key;
//! what a restored backup brings back is the shop's policy (the README says so).

use std::collections::HashMap;

use chacha20poly1305::aead::{Aead as _, KeyInit as _, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::TryRngCore as _;
use rand::rngs::OsRng;
use rusqlite::{Connection, OptionalExtension as _, params};
use serde_json::Value;

use crate::audit::{AuditEntry, AuditRow};
use crate::error::{CoreError, CoreResult};
use crate::store::capture::ident;
use crate::store::sync_policy;

/// The personal fields of audit entries (keys of their before/after JSON, at any depth).
pub const AUDIT_KEYS: &[&str] = &[
    "name",
    "email",
    "phone",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "notes",
    "note",
    "body",
    "signatory",
    "caption",
    "original_name",
    "camera",
    "gps_lat",
    "gps_lon",
];

/// Prefix of a sealed value in an audit entry: `pii1:<client id>:<hex of nonce and ciphertext>`
/// (nothing after the second colon: sealed after the client's key was destroyed).
pub const SEALED_PREFIX: &str = "pii1:";

/// What [`reveal`] puts in place of a value whose key is gone (the screen shows it in words).
pub const ERASED: &str = "\u{2205}erased";

/// The columns of one table that an erasure clears.
#[derive(Debug, Clone, Copy)]
pub struct ErasedColumns {
    /// Table.
    pub table: &'static str,
    /// The rows of client `?1` (an SQL condition on the table's columns).
    pub rows: &'static str,
    /// Each column and the SQL value it gets.
    pub columns: &'static [(&'static str, &'static str)],
    /// The rows are deleted after their values are scrubbed from the change log (append-only
    /// tables refuse edits, not deletes).
    pub delete: bool,
}

/// Every column an erasure clears (the client row itself first; its name becomes
/// [`crate::clients::ANONYMISED_NAME`]).
pub const ERASED_COLUMNS: &[ErasedColumns] = &[
    ErasedColumns {
        table: "clients",
        rows: "id = ?1",
        columns: &[
            ("name", "'\u{2014}'"),
            ("email", "NULL"),
            ("phone", "NULL"),
            ("address_line1", "NULL"),
            ("address_line2", "NULL"),
            ("postal_code", "NULL"),
            ("city", "NULL"),
            ("notes", "''"),
            ("tags", "'[]'"),
            ("marketing_consent", "0"),
            ("consent_at", "NULL"),
            ("anonymised_at", "?2"),
            ("updated_at", "?2"),
        ],
        delete: false,
    },
    // The plate stays with the shop's history; its link to the person does not.
    ErasedColumns {
        table: "vehicles",
        rows: "owner_id = ?1",
        columns: &[("notes", "''"), ("owner_id", "NULL"), ("updated_at", "?2")],
        delete: false,
    },
    ErasedColumns {
        table: "jobs",
        rows: "client_id = ?1",
        columns: &[("notes", "''"), ("updated_at", "?2")],
        delete: false,
    },
    ErasedColumns {
        table: "job_notes",
        rows: "job_id IN (SELECT id FROM jobs WHERE client_id = ?1)",
        columns: &[("body", "'\u{2014}'")],
        delete: true,
    },
    ErasedColumns {
        table: "vehicle_owners",
        rows: "client_id = ?1",
        columns: &[],
        delete: true,
    },
    ErasedColumns {
        table: "interventions",
        rows: "job_id IN (SELECT id FROM jobs WHERE client_id = ?1)",
        columns: &[
            ("signatory", "''"),
            ("signature_png", "NULL"),
            ("updated_at", "?2"),
        ],
        delete: false,
    },
    // The signature's event names the signatory (append-only: deleted, `signed_at` stays).
    ErasedColumns {
        table: "intervention_events",
        rows: "kind = 'sign' AND intervention_id IN (SELECT i.id FROM interventions i
                JOIN jobs j ON j.id = i.job_id WHERE j.client_id = ?1)",
        columns: &[("reason", "''")],
        delete: true,
    },
    ErasedColumns {
        table: "intervention_steps",
        rows: "intervention_id IN (SELECT i.id FROM interventions i JOIN jobs j ON j.id = i.job_id
                WHERE j.client_id = ?1)",
        columns: &[("notes", "''"), ("updated_at", "?2")],
        delete: false,
    },
    ErasedColumns {
        table: "intervention_zones",
        rows: "intervention_id IN (SELECT i.id FROM interventions i JOIN jobs j ON j.id = i.job_id
                WHERE j.client_id = ?1)",
        columns: &[("notes", "''"), ("updated_at", "?2")],
        delete: false,
    },
    ErasedColumns {
        table: "intervention_defects",
        rows: "intervention_id IN (SELECT i.id FROM interventions i JOIN jobs j ON j.id = i.job_id
                WHERE j.client_id = ?1)",
        columns: &[("note", "''"), ("updated_at", "?2")],
        delete: false,
    },
    ErasedColumns {
        table: "intervention_photos",
        rows: "intervention_id IN (SELECT i.id FROM interventions i JOIN jobs j ON j.id = i.job_id
                WHERE j.client_id = ?1)",
        columns: &[("caption", "''"), ("original_name", "''")],
        delete: false,
    },
    ErasedColumns {
        table: "photos",
        rows: "sha256 IN (SELECT p.sha256 FROM intervention_photos p
                JOIN interventions i ON i.id = p.intervention_id
                JOIN jobs j ON j.id = i.job_id WHERE j.client_id = ?1)",
        columns: &[("camera", "NULL"), ("gps_lat", "NULL"), ("gps_lon", "NULL")],
        delete: false,
    },
    ErasedColumns {
        table: "client_keys",
        rows: "client_id = ?1",
        columns: &[("key", "NULL"), ("erased_at", "?2"), ("updated_at", "?2")],
        delete: false,
    },
];

/// Length of a client key.
const KEY_LEN: usize = 32;
/// Length of an XChaCha20 nonce.
const NONCE_LEN: usize = 24;

fn random(bytes: &mut [u8]) -> CoreResult<()> {
    OsRng
        .try_fill_bytes(bytes)
        .map_err(|e| CoreError::io("os random", std::io::Error::other(e.to_string())))
}

fn aad(client_id: &str) -> Vec<u8> {
    format!("rpma-pii-v1\0{client_id}").into_bytes()
}

/// The client an audit entry is about, if any: the client itself, a vehicle's owner, a job's or
/// an intervention's client.
fn client_of(conn: &Connection, entity: &str, id: &str) -> CoreResult<Option<String>> {
    let sql = match entity {
        "client" => return Ok(Some(id.to_owned())),
        "vehicle" => "SELECT owner_id FROM vehicles WHERE id = ?1",
        "job" => "SELECT client_id FROM jobs WHERE id = ?1",
        "intervention" => {
            "SELECT j.client_id FROM interventions i JOIN jobs j ON j.id = i.job_id
             WHERE i.id = ?1"
        }
        _ => return Ok(None),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The client's key: `Some(None)` once erased; made (and stored) on first use.
fn key_for(conn: &Connection, client_id: &str, now: i64) -> CoreResult<Option<[u8; KEY_LEN]>> {
    let stored: Option<Option<String>> = conn
        .prepare_cached("SELECT key FROM client_keys WHERE client_id = ?1")?
        .query_row([client_id], |r| r.get(0))
        .optional()?;
    match stored {
        Some(None) => Ok(None),
        Some(Some(hex_key)) => Ok(hex::decode(hex_key)
            .ok()
            .and_then(|b| <[u8; KEY_LEN]>::try_from(b).ok())),
        None => {
            let mut key = [0u8; KEY_LEN];
            random(&mut key)?;
            conn.prepare_cached(
                "INSERT INTO client_keys (client_id, key, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)",
            )?
            .execute(params![client_id, hex::encode(key), now])?;
            Ok(Some(key))
        }
    }
}

fn seal_value(client_id: &str, key: Option<&[u8; KEY_LEN]>, v: &Value) -> CoreResult<Value> {
    let Some(key) = key else {
        return Ok(Value::String(format!("{SEALED_PREFIX}{client_id}:")));
    };
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce)?;
    let plain = v.to_string();
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain.as_bytes(),
                aad: &aad(client_id),
            },
        )
        .map_err(|_| CoreError::Refused { key: "err-hash" })?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(Value::String(format!(
        "{SEALED_PREFIX}{client_id}:{}",
        hex::encode(out)
    )))
}

/// A value worth sealing: absent and empty values say nothing about anyone.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn seal_tree(v: &mut Value, client_id: &str, key: Option<&[u8; KEY_LEN]>) -> CoreResult<()> {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if AUDIT_KEYS.contains(&k.as_str()) {
                    if !is_blank(child) {
                        *child = seal_value(client_id, key, child)?;
                    }
                } else {
                    seal_tree(child, client_id, key)?;
                }
            }
        }
        Value::Array(items) => {
            for child in items {
                seal_tree(child, client_id, key)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Seals the personal values of an entry about a client (see the module docs); called by
/// [`crate::store::Tx::audit`] before the entry is appended.
pub(crate) fn seal_entry(conn: &Connection, now: i64, e: &mut AuditEntry<'_>) -> CoreResult<()> {
    if e.before.is_none() && e.after.is_none() {
        return Ok(());
    }
    let Some(id) = e.entity_id else {
        return Ok(());
    };
    let Some(client_id) = client_of(conn, e.entity, id)? else {
        return Ok(());
    };
    let key = key_for(conn, &client_id, now)?;
    for side in [&mut e.before, &mut e.after].into_iter().flatten() {
        seal_tree(side, &client_id, key.as_ref())?;
    }
    Ok(())
}

/// Opens one sealed value with the keys in `keys` (looked up once per client).
fn open_value(
    conn: &Connection,
    keys: &mut HashMap<String, Option<[u8; KEY_LEN]>>,
    sealed: &str,
) -> CoreResult<Value> {
    let Some((client_id, hex_text)) = sealed
        .strip_prefix(SEALED_PREFIX)
        .and_then(|rest| rest.split_once(':'))
    else {
        return Ok(Value::String(ERASED.to_owned()));
    };
    if !keys.contains_key(client_id) {
        let key: Option<String> = conn
            .prepare_cached("SELECT key FROM client_keys WHERE client_id = ?1")?
            .query_row([client_id], |r| r.get(0))
            .optional()?
            .flatten();
        let key = key
            .and_then(|k| hex::decode(k).ok())
            .and_then(|b| <[u8; KEY_LEN]>::try_from(b).ok());
        keys.insert(client_id.to_owned(), key);
    }
    let opened = keys.get(client_id).copied().flatten().and_then(|key| {
        let raw = hex::decode(hex_text).ok()?;
        let (nonce, sealed) = raw.split_at_checked(NONCE_LEN)?;
        let plain = XChaCha20Poly1305::new((&key).into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad(client_id),
                },
            )
            .ok()?;
        serde_json::from_slice(&plain).ok()
    });
    Ok(opened.unwrap_or_else(|| Value::String(ERASED.to_owned())))
}

fn open_tree(
    conn: &Connection,
    keys: &mut HashMap<String, Option<[u8; KEY_LEN]>>,
    v: &mut Value,
) -> CoreResult<bool> {
    let mut changed = false;
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::String(s)
                        if AUDIT_KEYS.contains(&k.as_str()) && s.starts_with(SEALED_PREFIX) =>
                    {
                        *child = open_value(conn, keys, s)?;
                        changed = true;
                    }
                    _ => changed |= open_tree(conn, keys, child)?,
                }
            }
        }
        Value::Array(items) => {
            for child in items {
                changed |= open_tree(conn, keys, child)?;
            }
        }
        _ => {}
    }
    Ok(changed)
}

/// Opens the sealed personal values of `rows` for display: each becomes its value again, or
/// [`ERASED`] when its client was erased. The rows' hashes are those of the stored (sealed) form.
pub fn reveal(conn: &Connection, rows: &mut [AuditRow]) -> CoreResult<()> {
    let mut keys = HashMap::new();
    for row in rows {
        for side in [&mut row.before, &mut row.after].into_iter().flatten() {
            if !side.contains(SEALED_PREFIX) {
                continue;
            }
            let Ok(mut v) = serde_json::from_str::<Value>(side) else {
                continue;
            };
            if open_tree(conn, &mut keys, &mut v)? {
                *side = v.to_string();
            }
        }
    }
    Ok(())
}

/// Whether a value shown by the audit screen is [`ERASED`].
pub fn is_erased(v: &Value) -> bool {
    v.as_str() == Some(ERASED)
}

/// Replaces every [`ERASED`] in `v` by `word` (the screen's "erased" in the user's language).
pub fn name_erased(v: &mut Value, word: &str) {
    match v {
        Value::String(s) if s == ERASED => *s = word.to_owned(),
        Value::Object(map) => map.values_mut().for_each(|c| name_erased(c, word)),
        Value::Array(items) => items.iter_mut().for_each(|c| name_erased(c, word)),
        _ => {}
    }
}

/// Clears every personal value of client `client_id` (see the module docs): the columns of
/// [`ERASED_COLUMNS`] and the same values in the change log, the job notes, the ownership
/// history, the job-wizard drafts that mention the client, and the key of its audit values; then
/// rebuilds the search indexes. Runs inside the erasure's transaction.
pub(crate) fn erase_client(conn: &Connection, client_id: &str, now: i64) -> CoreResult<()> {
    // Drafts mention the client by id or by what was typed (local table: not captured).
    let (name, email, phone): (String, Option<String>, Option<String>) = conn.query_row(
        "SELECT name, email, phone FROM clients WHERE id = ?1",
        [client_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut needles = vec![client_id.to_owned(), name];
    needles.extend(email);
    if let Some(p) = phone {
        // Typed either way: +33612345678 or 0612345678.
        if let Some(rest) = p.strip_prefix("+33") {
            needles.push(format!("0{rest}"));
        }
        needles.push(p);
    }
    for n in needles.iter().filter(|n| n.trim().chars().count() >= 3) {
        conn.execute(
            "DELETE FROM job_drafts WHERE instr(lower(data), lower(?1)) > 0",
            [n],
        )?;
    }
    for e in ERASED_COLUMNS {
        scrub_change_log(conn, e, client_id, now)?;
        if e.delete {
            run(
                conn,
                &format!("DELETE FROM {} WHERE {}", ident(e.table), e.rows),
                client_id,
                now,
            )?;
            continue;
        }
        let sets: Vec<String> = e
            .columns
            .iter()
            .map(|(c, v)| format!("{} = {v}", ident(c)))
            .collect();
        run(
            conn,
            &format!(
                "UPDATE {} SET {} WHERE {}",
                ident(e.table),
                sets.join(", "),
                e.rows
            ),
            client_id,
            now,
        )?;
    }
    // FTS5 keeps a deleted term in its segments until they are merged: merge them all.
    for fts in ["clients_fts", "jobs_fts", "vehicles_fts"] {
        conn.execute(
            &format!("INSERT INTO {fts} ({fts}) VALUES ('optimize')"),
            [],
        )?;
    }
    Ok(())
}

/// Sets the erased columns of `e` to their erased values in the change log rows of the client's
/// rows (inserts and updates still waiting to be pushed hold the old values).
fn scrub_change_log(
    conn: &Connection,
    e: &ErasedColumns,
    client_id: &str,
    now: i64,
) -> CoreResult<()> {
    let Some(policy) = sync_policy::policy_of(e.table).filter(|p| p.policy.is_synced()) else {
        return Ok(());
    };
    // The values themselves; the old rows keep their own times.
    let columns: Vec<_> = e.columns.iter().filter(|(_, v)| *v != "?2").collect();
    if columns.is_empty() {
        return Ok(());
    }
    let key_cols: Vec<String> = policy.key.iter().map(|k| ident(k)).collect();
    let replace: Vec<String> = columns
        .iter()
        .map(|(c, v)| format!("'$.\"{c}\"', {v}"))
        .collect();
    run(
        conn,
        &format!(
            "UPDATE change_log SET data = json_replace(data, {replace})
             WHERE table_name = '{table}' AND data IS NOT NULL
               AND row_key IN (SELECT json_array({keys}) FROM {tbl} WHERE {rows})",
            replace = replace.join(", "),
            table = e.table,
            keys = key_cols.join(", "),
            tbl = ident(e.table),
            rows = e.rows,
        ),
        client_id,
        now,
    )
}

/// Runs one statement of the erasure: `?1` is the client, `?2` (when used) the time.
fn run(conn: &Connection, sql: &str, client_id: &str, now: i64) -> CoreResult<()> {
    if sql.contains("?2") {
        conn.execute(sql, params![client_id, now])?;
    } else {
        conn.execute(sql, [client_id])?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "personal_tests.rs"]
mod tests;
