//! The PPF zone catalogue: hood, bumpers, fenders… each with a typical film area per vehicle
//! size class. Seeded by migration 0004, editable by admins. Jobs reference catalogue ids only
//! (RPMA v2 stored free-text zone ids that later failed to match). A zone used by a job cannot
//! be deleted, only deactivated (it then stays on old jobs and leaves the wizard).

use crate::ids::ZoneId;
use rusqlite::{Connection, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::soft_delete::LIVE;
use crate::users;
use crate::validate::FieldErrors;
use crate::vehicles::SizeClass;

/// One catalogue zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    /// Stable code (`hood`, `front_bumper`, …).
    pub id: ZoneId,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Typical film area in m², per size class (small, medium, large, xl).
    pub areas: [f64; 4],
    /// Order in lists.
    pub position: i64,
    /// Offered for new jobs.
    pub is_active: bool,
}

impl Zone {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.name_fr,
            Lang::En => &self.name_en,
        }
    }

    /// The typical area for a size class.
    pub fn area(&self, size: SizeClass) -> f64 {
        let [s, m, l, xl] = self.areas;
        match size {
            SizeClass::Small => s,
            SizeClass::Medium => m,
            SizeClass::Large => l,
            SizeClass::Xl => xl,
        }
    }
}

const SELECT: &str = "SELECT id, name_fr, name_en, area_small, area_medium, area_large, area_xl, \
     position, is_active FROM ppf_zones";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Zone> {
    Ok(Zone {
        id: r.get(0)?,
        name_fr: r.get(1)?,
        name_en: r.get(2)?,
        areas: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
        position: r.get(7)?,
        is_active: r.get(8)?,
    })
}

/// The zone catalogue's one order: its position, then its id.
#[derive(Debug, Clone, Copy)]
struct CatalogueOrder;

impl crate::query::SortColumn for CatalogueOrder {
    fn order_by(self) -> &'static str {
        "position, id"
    }
}

/// The catalogue in display order; inactive zones too when asked.
pub fn list(conn: &Connection, include_inactive: bool) -> CoreResult<Vec<Zone>> {
    let q = crate::query::ListQuery::live("");
    let q = if include_inactive {
        q
    } else {
        q.condition("is_active = 1")
    };
    q.all(conn, SELECT, CatalogueOrder, from_row)
}

/// One zone (not a deleted one).
pub fn get(conn: &Connection, id: &str) -> CoreResult<Option<Zone>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE id = ?1 AND {LIVE}"),
            [id],
            from_row,
        )
        .optional()?)
}

/// A code made from a name: lower case ASCII letters, digits and underscores.
pub fn code_from_name(name: &str) -> String {
    let folded = crate::vehicle_ident::fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').chars().take(40).collect()
}

/// The fields a zone cannot be saved without (the form marks them `*`).
pub const REQUIRED: &[&str] = &["name_fr", "name_en"];

fn validate(z: &Zone) -> FieldErrors {
    let mut e = FieldErrors::new();
    if z.name_fr.trim().is_empty() {
        e.add("name_fr", "err-required");
    }
    if z.name_en.trim().is_empty() {
        e.add("name_en", "err-required");
    }
    for (i, a) in z.areas.iter().enumerate() {
        if !a.is_finite() || *a < 0.0 || *a > 100.0 {
            let field = match i {
                0 => "area_small",
                1 => "area_medium",
                2 => "area_large",
                _ => "area_xl",
            };
            e.add(field, "zone-err-area");
        }
    }
    e
}

/// Creates (empty id: a code is made from the French name) or updates a zone. Admins only
/// ([`Action::EditSettings`]). Audited `zone.create` / `zone.update`.
pub fn save(store: &mut Store, actor: &Session, mut zone: Zone) -> CoreResult<Zone> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::EditSettings)?;
        validate(&zone).into_result()?;
        zone.name_fr = zone.name_fr.trim().to_owned();
        zone.name_en = zone.name_en.trim().to_owned();
        let existing = if zone.id.is_empty() {
            None
        } else {
            get(tx.conn(), &zone.id)?
        };
        let creating = existing.is_none();
        if creating {
            if zone.id.is_empty() {
                zone.id = code_from_name(&zone.name_fr).into();
            }
            if zone.id.is_empty() || get(tx.conn(), &zone.id)?.is_some() {
                let mut e = FieldErrors::new();
                e.add("name_fr", "zone-err-exists");
                return Err(CoreError::Invalid(e));
            }
            if zone.position == 0 {
                zone.position = tx.conn().query_row(
                    "SELECT coalesce(max(position), 0) + 10 FROM ppf_zones",
                    [],
                    |r| r.get(0),
                )?;
            }
        }
        let [s, m, l, xl] = zone.areas;
        tx.conn().execute(
            "INSERT INTO ppf_zones (id, name_fr, name_en, area_small, area_medium, area_large,
                 area_xl, position, is_active, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
             ON CONFLICT (id) DO UPDATE SET name_fr = ?2, name_en = ?3, area_small = ?4,
                 area_medium = ?5, area_large = ?6, area_xl = ?7, position = ?8, is_active = ?9,
                 updated_at = ?10, deleted_at = NULL, deleted_by = NULL",
            params![
                zone.id,
                zone.name_fr,
                zone.name_en,
                s,
                m,
                l,
                xl,
                zone.position,
                zone.is_active,
                tx.now()
            ],
        )?;
        tx.audit(AuditEntry {
            action: if creating {
                "zone.create"
            } else {
                "zone.update"
            },
            entity: "ppf_zone",
            entity_id: Some(&zone.id),
            before: existing.map(|z| json!(z)),
            after: Some(json!(zone)),
        })?;
        get(tx.conn(), &zone.id)?.ok_or(CoreError::NotFound { entity: "zone" })
    })
}

/// Deletes a zone no job uses (soft delete: saving a zone with the same code later brings the
/// code back with the new values); a used zone is refused (deactivate it instead). Admins only.
pub fn delete(store: &mut Store, actor: &Session, id: &str) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        users::authorize(tx.conn(), actor, Action::EditSettings)?;
        let used: i64 = tx.conn().query_row(
            "SELECT count(*) FROM job_zones WHERE zone_id = ?1 AND deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Err(CoreError::RefusedWith {
                key: "zone-err-in-use",
                args: vec![("count", used.to_string())],
            });
        }
        let z = get(tx.conn(), id)?.ok_or(CoreError::NotFound { entity: "zone" })?;
        tx.soft_delete("ppf_zones", "id = ?1", &[&id])?;
        tx.audit(AuditEntry {
            action: "zone.delete",
            entity: "ppf_zone",
            entity_id: Some(id),
            before: Some(json!(z)),
            after: None,
        })
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn the_catalogue_is_seeded_in_order() {
        let f = Fixture::new();
        let zones = list(f.store.conn(), false).unwrap();
        assert!(zones.len() >= 20);
        assert_eq!(zones[0].id, "hood");
        let hood = get(f.store.conn(), "hood").unwrap().unwrap();
        assert_eq!(hood.name(Lang::Fr), "Capot");
        assert_eq!(hood.name(Lang::En), "Hood");
        assert!(hood.area(SizeClass::Large) > hood.area(SizeClass::Small));
        for id in [
            "front_bumper",
            "mirrors",
            "a_pillars",
            "roof",
            "door_edges",
            "full_body",
        ] {
            assert!(zones.iter().any(|z| z.id == id), "{id}");
        }
    }

    #[test]
    fn admins_edit_the_catalogue_and_used_zones_cannot_be_deleted() {
        let mut f = Fixture::new();
        let (admin, sup) = (f.admin.clone(), f.supervisor.clone());
        let new = Zone {
            id: ZoneId::default(),
            name_fr: "Écran d'infodivertissement".into(),
            name_en: "Infotainment screen".into(),
            areas: [0.05, 0.05, 0.06, 0.06],
            position: 0,
            is_active: true,
        };
        assert!(matches!(
            save(&mut f.store, &sup, new.clone()),
            Err(CoreError::Forbidden(_))
        ));
        let z = save(&mut f.store, &admin, new.clone()).unwrap();
        assert_eq!(z.id, "ecran_d_infodivertissement");
        assert!(z.position > 200);
        assert!(matches!(
            save(&mut f.store, &admin, new),
            Err(CoreError::Invalid(_))
        ));
        let bad = Zone {
            areas: [-1.0, 0.0, 0.0, f64::NAN],
            ..z.clone()
        };
        let Err(CoreError::Invalid(e)) = save(&mut f.store, &admin, bad) else {
            panic!("expected Invalid");
        };
        assert!(e.for_field("area_small").is_some() && e.for_field("area_xl").is_some());
        delete(&mut f.store, &admin, &z.id).unwrap();
        let c = crate::clients::create(
            &mut f.store,
            &admin,
            &crate::clients::ClientInput {
                name: "A B".into(),
                ..Default::default()
            },
        )
        .unwrap();
        crate::testutil::insert_job_raw(&f.store, &c.id, "scheduled");
        assert!(matches!(
            delete(&mut f.store, &admin, "hood"),
            Err(CoreError::RefusedWith {
                key: "zone-err-in-use",
                ..
            })
        ));
        let mut hood = get(f.store.conn(), "hood").unwrap().unwrap();
        hood.is_active = false;
        save(&mut f.store, &admin, hood).unwrap();
        assert!(
            list(f.store.conn(), false)
                .unwrap()
                .iter()
                .all(|z| z.id != "hood")
        );
        assert!(
            list(f.store.conn(), true)
                .unwrap()
                .iter()
                .any(|z| z.id == "hood")
        );
    }
}
