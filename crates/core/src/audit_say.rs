//! The audit log in words: every entry as a sentence in the user's language, naming who acted and
//! the record concerned (client name, job number and plate, user name, zone…), never a code or a
//! bare id. Each action code the code base writes has a sentence `audit-say-<code>` in both
//! catalogues (dots and underscores become dashes); a test scans the sources so that a new code
//! cannot land without one.

use std::collections::HashMap;

use rusqlite::Connection;
use serde_json::Value;

use crate::Lang;
use crate::audit::{AuditRow, parse_stored};
use crate::error::CoreResult;
use crate::i18n::{Arg, catalog};

/// A record's name in both languages (most names are the same in both).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    fr: String,
    en: String,
}

/// The names of the records a page of entries is about, looked up once by the worker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    by_id: HashMap<String, Name>,
}

impl Names {
    fn get(&self, id: &str, lang: Lang) -> Option<&str> {
        self.by_id.get(id).map(|n| match lang {
            Lang::Fr => n.fr.as_str(),
            Lang::En => n.en.as_str(),
        })
    }

    fn insert(&mut self, id: String, fr: String, en: String) {
        self.by_id.insert(id, Name { fr, en });
    }
}

/// The i18n key of an action's sentence.
pub fn sentence_key(action: &str) -> String {
    format!("audit-say-{}", action.replace(['.', '_'], "-"))
}

/// Ids an entry refers to: its record, its actor, and `…_id` fields of its data.
fn ids_of(row: &AuditRow) -> Vec<String> {
    let mut ids: Vec<String> = row.entity_id.iter().chain(&row.user_id).cloned().collect();
    for text in row.before.iter().chain(&row.after) {
        if let Value::Object(map) = parse_stored(text) {
            for (k, v) in map {
                if k.ends_with("_id")
                    && let Value::String(s) = v
                {
                    ids.push(s);
                }
            }
        }
    }
    ids
}

/// Looks up the names of every record `rows` refer to.
pub fn names_for(conn: &Connection, rows: &[AuditRow]) -> CoreResult<Names> {
    let mut names = Names::default();
    let mut ids: Vec<String> = rows.iter().flat_map(ids_of).collect();
    ids.sort();
    ids.dedup();
    // Ids are unique across tables (UUIDv7; zone codes are not UUIDs): the first table that
    // knows an id names it.
    let lookups = [
        "SELECT display_name, display_name FROM users WHERE id = ?1",
        "SELECT display_name, display_name FROM clients WHERE id = ?1",
        "SELECT plate, plate FROM vehicles WHERE id = ?1",
        "SELECT j.number || ' (' || v.plate || ')', j.number || ' (' || v.plate || ')'
         FROM jobs j JOIN vehicles v ON v.id = j.vehicle_id WHERE j.id = ?1",
        "SELECT j.number || ' (' || v.plate || ')', j.number || ' (' || v.plate || ')'
         FROM interventions i JOIN jobs j ON j.id = i.job_id
         JOIN vehicles v ON v.id = j.vehicle_id WHERE i.id = ?1",
        "SELECT name_fr, name_en FROM ppf_zones WHERE id = ?1",
        "SELECT name_fr, name_en FROM workflow_templates WHERE id = ?1",
        "SELECT name, name FROM organisation WHERE id = ?1",
    ];
    for id in ids {
        // A person erased (GDPR) is named as such (a business keeps its company name).
        let erased: bool = conn
            .prepare_cached(
                "SELECT count(*) FROM clients
                 WHERE id = ?1 AND anonymised_at IS NOT NULL AND kind = 'individual'",
            )?
            .query_row([&id], |r| r.get::<_, i64>(0))?
            > 0;
        if erased {
            names.insert(
                id.clone(),
                Lang::Fr.tr("audit-client-erased"),
                Lang::En.tr("audit-client-erased"),
            );
            continue;
        }
        for sql in lookups {
            let mut st = conn.prepare_cached(sql)?;
            let mut found = st.query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if let Some(row) = found.next() {
                let (fr, en): (String, String) = row?;
                names.insert(id.clone(), fr, en);
                break;
            }
        }
    }
    Ok(names)
}

/// A text field of the entry's data (`after` first, then `before`).
fn field(row: &AuditRow, side: Side, key: &str) -> Option<Value> {
    let text = match side {
        Side::Before => row.before.as_deref()?,
        Side::After => row.after.as_deref()?,
    };
    match parse_stored(text) {
        Value::Object(mut map) => map.remove(key),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

fn text_of(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A status or role code in words.
fn code_words(lang: Lang, v: Option<Value>) -> String {
    let Some(code) = text_of(v) else {
        return "—".to_owned();
    };
    if let Some(s) = crate::jobs::JobStatus::parse(&code) {
        return lang.tr(s.i18n_key());
    }
    let role = format!("role-{code}");
    if catalog().has(lang, &role) {
        return lang.tr(&role);
    }
    code
}

/// Who acted: the user's name, or "Système".
pub fn actor(row: &AuditRow, names: &Names, lang: Lang) -> String {
    match &row.user_id {
        None => lang.tr("audit-system"),
        Some(id) => names
            .get(id, lang)
            .map_or_else(|| lang.tr("audit-name-gone"), str::to_owned),
    }
}

/// The record concerned, by name ("" when the entry is about no record).
fn object_name(row: &AuditRow, names: &Names, lang: Lang) -> String {
    match (row.entity.as_str(), row.entity_id.as_deref()) {
        ("settings", Some(part)) => {
            let key = format!("audit-settings-{part}");
            if catalog().has(lang, &key) {
                lang.tr(&key)
            } else {
                lang.tr_args("audit-settings-other", &[("part", part.into())])
            }
        }
        (_, Some(id)) => names
            .get(id, lang)
            .map_or_else(|| lang.tr("audit-name-gone"), str::to_owned),
        (_, None) => String::new(),
    }
}

/// The record concerned with its kind: "Travail 20261127-K7M-002 (AB-123-CD)".
pub fn object(row: &AuditRow, names: &Names, lang: Lang) -> String {
    let name = object_name(row, names, lang);
    let kind_key = format!("audit-entity-{}", row.entity.replace('_', "-"));
    let kind = if catalog().has(lang, &kind_key) {
        lang.tr(&kind_key)
    } else {
        String::new()
    };
    match (kind.is_empty(), name.is_empty()) {
        (_, true) => kind,
        (true, false) => name,
        (false, false) => format!("{kind} · {name}"),
    }
}

/// The entry as a sentence in `lang`.
pub fn sentence(row: &AuditRow, names: &Names, lang: Lang) -> String {
    let key = sentence_key(&row.action);
    if !catalog().has(lang, &key) {
        // Only an action unknown to this version (a newer database): still words, not a code.
        return lang.tr_args(
            "audit-say-unknown",
            &[("who", actor(row, names, lang).into())],
        );
    }
    let step = field(row, Side::After, "step")
        .and_then(|v| v.as_i64())
        .map_or(0, |s| s + 1);
    let (from, to) = match row.action.as_str() {
        "user.role_change" => ("role", "role"),
        "terminal.code" | "terminal.renew" => ("code", "code"),
        "update.downgrade" => ("version", "version"),
        _ => ("status", "status"),
    };
    let args: Vec<(&str, Arg)> = vec![
        ("who", actor(row, names, lang).into()),
        ("what", object_name(row, names, lang).into()),
        (
            "from",
            code_words(lang, field(row, Side::Before, from)).into(),
        ),
        ("to", code_words(lang, field(row, Side::After, to)).into()),
        ("step", step.into()),
        (
            "login",
            text_of(field(row, Side::After, "login"))
                .unwrap_or_default()
                .into(),
        ),
    ];
    lang.tr_args(&key, &args)
}

#[cfg(test)]
mod tests;
