//! Reading templates from the database, choosing one for a job, saving and duplicating.

use crate::ids::TemplateId;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};
use crate::i18n::Lang;
use crate::ids;
use crate::store::Store;
use crate::users;

use super::rules::{fill_ids, slug, unique, validate};
use super::{EXPRESS_ID, EXPRESS_MAX_ZONES, STANDARD_ID, Template, Text};

#[allow(clippy::needless_pass_by_value)] // used as `map_err(json_err)`
pub(super) fn json_err(e: serde_json::Error) -> CoreError {
    CoreError::NotADatabase {
        path: std::path::PathBuf::from("workflow_templates"),
        detail: e.to_string(),
    }
}

const SELECT: &str = "SELECT id, code, name_fr, name_en, description_fr, description_en, version,
    is_active, steps FROM workflow_templates";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Template, String)> {
    Ok((
        Template {
            id: r.get(0)?,
            code: r.get(1)?,
            name: Text {
                fr: r.get(2)?,
                en: r.get(3)?,
            },
            description: Text {
                fr: r.get(4)?,
                en: r.get(5)?,
            },
            version: r.get(6)?,
            active: r.get(7)?,
            steps: Vec::new(),
        },
        r.get(8)?,
    ))
}

fn decode((mut t, steps): (Template, String)) -> CoreResult<Template> {
    t.steps = serde_json::from_str(&steps).map_err(json_err)?;
    Ok(t)
}

/// Every template (inactive ones too when asked), built-ins first, then by name.
pub fn list(conn: &Connection, include_inactive: bool) -> CoreResult<Vec<Template>> {
    let sql = format!(
        "{SELECT} WHERE is_active = 1 OR ?1 ORDER BY id NOT IN ('{STANDARD_ID}', '{EXPRESS_ID}'),
         id != '{STANDARD_ID}', name_fr COLLATE NOCASE"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([include_inactive], row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode).collect()
}

/// One template.
pub fn get(conn: &Connection, id: &str) -> CoreResult<Template> {
    let r = conn
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], row)
        .optional()?
        .ok_or(CoreError::NotFound { entity: "template" })?;
    decode(r)
}

/// The template a job with `zone_count` zones gets when the planner did not choose one:
/// Express for at most [`EXPRESS_MAX_ZONES`] zones, Standard otherwise (falls back to the other
/// built-in if one was deactivated… which the editor forbids).
pub const fn default_for_zone_count(zone_count: usize) -> &'static str {
    if zone_count <= EXPRESS_MAX_ZONES {
        EXPRESS_ID
    } else {
        STANDARD_ID
    }
}

/// The template a job uses: the one chosen when active, else the default rule.
pub fn resolve(conn: &Connection, chosen: Option<&str>, zone_count: usize) -> CoreResult<String> {
    if let Some(id) = chosen.filter(|s| !s.is_empty()) {
        let active: Option<bool> = conn
            .query_row(
                "SELECT is_active FROM workflow_templates WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        return match active {
            Some(true) => Ok(id.to_owned()),
            _ => Err(CoreError::Refused {
                key: "wf-err-template-inactive",
            }),
        };
    }
    Ok(default_for_zone_count(zone_count).to_owned())
}

/// Creates (empty `id`) or updates a template (admins, [`Action::EditTemplates`]). The version
/// goes up by one on every update; started interventions keep the copy they began with. The
/// built-in templates cannot be deactivated (jobs fall back to them). Audit `template.save`.
pub fn save(store: &mut Store, actor: &Session, t: &Template) -> CoreResult<Template> {
    let mut t = t.clone();
    fill_ids(&mut t);
    t.name.fr = t.name.fr.trim().to_owned();
    t.name.en = t.name.en.trim().to_owned();
    validate(&t)?;
    let id = store.write(Some(&actor.id), |tx| {
        let conn = tx.conn();
        let actor = users::current_actor(conn, actor, Action::EditTemplates)?;
        if !crate::auth::permissions::allows(actor.role, Action::EditTemplates) {
            return Err(CoreError::Forbidden(
                crate::auth::permissions::Forbidden::new(
                    Action::EditTemplates,
                    crate::auth::permissions::ForbiddenReason::RoleTooLow,
                ),
            ));
        }
        let now = tx.now();
        let steps = serde_json::to_string(&t.steps).map_err(json_err)?;
        if t.id.is_empty() {
            let id = ids::new_id();
            let mut code = slug(&t.name.fr);
            if code.is_empty() {
                code = "template".to_owned();
            }
            let taken: Vec<String> = conn
                .prepare("SELECT code FROM workflow_templates WHERE code LIKE ?1 || '%'")?
                .query_map([&code], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let code = unique(&code, &taken);
            conn.execute(
                "INSERT INTO workflow_templates (id, code, name_fr, name_en, description_fr,
                    description_en, version, is_active, steps, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?9)",
                params![
                    id,
                    code,
                    t.name.fr,
                    t.name.en,
                    t.description.fr,
                    t.description.en,
                    t.active,
                    steps,
                    now
                ],
            )?;
            tx.audit(AuditEntry {
                action: "template.create",
                entity: "template",
                entity_id: Some(&id),
                before: None,
                after: Some(json!({ "name": t.name.fr, "steps": t.steps.len() })),
            })?;
            Ok(id)
        } else {
            let before = get(conn, &t.id)?;
            if before.is_builtin() && !t.active {
                return Err(CoreError::Refused {
                    key: "wf-err-builtin-inactive",
                });
            }
            conn.execute(
                "UPDATE workflow_templates SET name_fr = ?2, name_en = ?3, description_fr = ?4,
                    description_en = ?5, version = version + 1, is_active = ?6, steps = ?7,
                    updated_at = ?8 WHERE id = ?1",
                params![
                    t.id,
                    t.name.fr,
                    t.name.en,
                    t.description.fr,
                    t.description.en,
                    t.active,
                    steps,
                    now
                ],
            )?;
            tx.audit(AuditEntry {
                action: "template.save",
                entity: "template",
                entity_id: Some(&t.id),
                before: Some(
                    json!({ "version": before.version, "steps": before.steps.len(),
                    "active": before.active }),
                ),
                after: Some(
                    json!({ "version": before.version + 1, "steps": t.steps.len(),
                    "active": t.active }),
                ),
            })?;
            Ok(t.id.to_string())
        }
    })?;
    get(store.conn(), &id)
}

/// A copy of a template under a new name (admins), to start a new one from.
pub fn duplicate(store: &mut Store, actor: &Session, id: &str, lang: Lang) -> CoreResult<Template> {
    let mut t = get(store.conn(), id)?;
    t.id = TemplateId::default();
    let suffix = match lang {
        Lang::Fr => " (copie)",
        Lang::En => " (copy)",
    };
    t.name.fr = format!("{}{suffix}", t.name.fr);
    if !t.name.en.is_empty() {
        t.name.en = format!("{} (copy)", t.name.en);
    }
    t.active = true;
    save(store, actor, &t)
}
