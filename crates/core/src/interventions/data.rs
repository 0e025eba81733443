//! What the step screens save as the technician works (autosave): step notes, checklist and
//! readings, zone records, defects, photos and the signature.

use crate::ids::{PhotoId, UserId, ZoneId};
use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};
use serde_json::json;

use super::lifecycle::{editable, event, load_active, touch};
use super::read::load;
use super::{DefectKind, Intervention, PhotoRef, StepData};
use crate::Session;
use crate::audit::AuditEntry;
use crate::error::{CoreError, CoreResult};
use crate::ids;
use crate::photos::PhotoFile;
use crate::store::Store;
use crate::users;
use crate::validate::FieldErrors;
use crate::workflow::{Phase, StepKind};

/// Longest step notes.
pub const NOTES_MAX: usize = 5000;
/// Longest short text (film, roll, comment line, caption, signatory).
pub const SHORT_MAX: usize = 200;
/// Longest comments and defect notes.
pub const COMMENT_MAX: usize = 2000;
/// Largest signature PNG.
pub const SIGNATURE_MAX_BYTES: usize = 2 * 1024 * 1024;

fn pos_i64(p: usize) -> i64 {
    i64::try_from(p).unwrap_or(i64::MAX)
}

fn too_long(e: &mut FieldErrors, field: &'static str, v: &str, max: usize) {
    if v.chars().count() > max {
        e.add_with(field, "iv-err-too-long", vec![("max", max.to_string())]);
    }
}

fn json_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "{}".to_owned())
}

/// The editable content of a step (sent whole by the autosave).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepEdit {
    /// Notes.
    pub notes: String,
    /// Ticks, by item id (unknown ids are ignored).
    pub checklist: BTreeMap<String, bool>,
    /// Readings and scores.
    pub data: StepData,
}

/// Saves a step's notes, checklist and readings (the step must be in progress; works while
/// paused so no typing is lost). Checked: notes length, temperature −30…60 °C, humidity 0…100 %,
/// quality 0…100, satisfaction 1…5. No audit entry (the autosave runs every second); the
/// milestones are audited.
pub fn save_step(
    store: &mut Store,
    actor: &Session,
    id: &str,
    position: usize,
    edit: &StepEdit,
) -> CoreResult<()> {
    let mut e = FieldErrors::new();
    too_long(&mut e, "notes", &edit.notes, NOTES_MAX);
    too_long(&mut e, "comments", &edit.data.comments, COMMENT_MAX);
    let d = &edit.data;
    if d.temperature_c
        .is_some_and(|t| !t.is_finite() || !(-30.0..=60.0).contains(&t))
    {
        e.add("temperature", "iv-err-temperature");
    }
    if d.humidity_pct
        .is_some_and(|h| !h.is_finite() || !(0.0..=100.0).contains(&h))
    {
        e.add("humidity", "iv-err-humidity");
    }
    if d.quality_score.is_some_and(|q| q > 100) {
        e.add("quality", "iv-err-quality");
    }
    if d.satisfaction.is_some_and(|s| !(1..=5).contains(&s)) {
        e.add("satisfaction", "iv-err-satisfaction");
    }
    e.into_result()?;
    store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        editable(&iv, position)?;
        let known: Vec<&str> = iv
            .step_template(position)
            .map(|t| t.checklist.iter().map(|c| c.id.as_str()).collect())
            .unwrap_or_default();
        let checklist: BTreeMap<&String, &bool> = edit
            .checklist
            .iter()
            .filter(|(k, _)| known.contains(&k.as_str()))
            .collect();
        tx.conn().execute(
            "UPDATE intervention_steps SET notes = ?3, checklist = ?4, data = ?5, updated_at = ?6
             WHERE intervention_id = ?1 AND position = ?2",
            params![
                id,
                pos_i64(position),
                edit.notes,
                json_text(&checklist),
                json_text(&edit.data),
                tx.now()
            ],
        )?;
        touch(tx, id)
    })
}

/// The editable record of one zone (installation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneEdit {
    /// The zone.
    pub zone_id: ZoneId,
    /// Ticks, by installation item id.
    pub checklist: BTreeMap<String, bool>,
    /// Film product.
    pub film_product: String,
    /// Roll or lot.
    pub roll_lot: String,
    /// Film laid, cm as typed (stored in whole millimetres, see [`crate::length`]).
    pub length_cm: Option<f64>,
    /// Waste, cm as typed (stored in whole millimetres).
    pub waste_cm: Option<f64>,
    /// Installer (an active account).
    pub installer_id: Option<UserId>,
    /// Quality score 0–10.
    pub quality_score: Option<u8>,
    /// Notes.
    pub notes: String,
}

fn installation_step(iv: &Intervention) -> CoreResult<usize> {
    iv.template
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Installation)
        .ok_or(CoreError::NotFound {
            entity: "installation step",
        })
}

/// Saves a zone's installation record (the installation step must be in progress). Checked:
/// lengths 0…100 000 cm, quality 0…10, the installer is an active account, text lengths.
pub fn save_zone(store: &mut Store, actor: &Session, id: &str, z: &ZoneEdit) -> CoreResult<()> {
    let mut e = FieldErrors::new();
    too_long(&mut e, "film", &z.film_product, SHORT_MAX);
    too_long(&mut e, "roll", &z.roll_lot, SHORT_MAX);
    too_long(&mut e, "zone_notes", &z.notes, COMMENT_MAX);
    for (field, v) in [("length", z.length_cm), ("waste", z.waste_cm)] {
        if v.is_some_and(|v| !v.is_finite() || !(0.0..=100_000.0).contains(&v)) {
            e.add(field, "iv-err-length");
        }
    }
    if z.quality_score.is_some_and(|q| q > 10) {
        e.add("zone_quality", "iv-err-zone-quality");
    }
    e.into_result()?;
    store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        editable(&iv, installation_step(&iv)?)?;
        if !iv.zones.iter().any(|w| w.zone_id == z.zone_id) {
            return Err(CoreError::NotFound { entity: "zone" });
        }
        if let Some(u) = &z.installer_id
            && !users::get(tx.conn(), u)?.is_some_and(|u| u.is_active)
        {
            let mut e = FieldErrors::new();
            e.add("installer", "iv-err-installer");
            return Err(CoreError::Invalid(e));
        }
        let known: Vec<&str> = iv
            .template
            .steps
            .iter()
            .find(|s| s.kind == StepKind::Installation)
            .map(|t| t.checklist.iter().map(|c| c.id.as_str()).collect())
            .unwrap_or_default();
        let checklist: BTreeMap<&String, &bool> = z
            .checklist
            .iter()
            .filter(|(k, _)| known.contains(&k.as_str()))
            .collect();
        tx.conn().execute(
            "UPDATE intervention_zones SET checklist = ?3, film_product = ?4, roll_lot = ?5,
                length_mm = ?6, waste_mm = ?7, installer_id = ?8, quality_score = ?9, notes = ?10,
                updated_at = ?11
             WHERE intervention_id = ?1 AND zone_id = ?2",
            params![
                id,
                z.zone_id,
                json_text(&checklist),
                z.film_product.trim(),
                z.roll_lot.trim(),
                z.length_cm.and_then(crate::length::mm_from_cm),
                z.waste_cm.and_then(crate::length::mm_from_cm),
                z.installer_id,
                z.quality_score,
                z.notes,
                tx.now()
            ],
        )?;
        touch(tx, id)
    })
}

/// A defect as entered on the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct DefectInput {
    /// Diagram zone id.
    pub zone: String,
    /// Position 0–1.
    pub x: f64,
    /// Position 0–1.
    pub y: f64,
    /// Kind.
    pub kind: DefectKind,
    /// Severity 1–3.
    pub severity: u8,
    /// Note.
    pub note: String,
    /// A photo of the intervention showing it.
    pub photo_id: Option<PhotoId>,
}

fn check_defect(d: &DefectInput) -> CoreResult<()> {
    let mut e = FieldErrors::new();
    if d.zone.trim().is_empty() || d.zone.len() > 40 {
        e.add("zone", "iv-err-defect-zone");
    }
    if !(0.0..=1.0).contains(&d.x) || !(0.0..=1.0).contains(&d.y) {
        e.add("zone", "iv-err-defect-zone");
    }
    if !(1..=3).contains(&d.severity) {
        e.add("severity", "iv-err-severity");
    }
    too_long(&mut e, "note", &d.note, COMMENT_MAX);
    e.into_result()
}

fn check_photo(
    conn: &rusqlite::Connection,
    iv_id: &str,
    photo_id: Option<&PhotoId>,
) -> CoreResult<()> {
    if let Some(p) = photo_id {
        let ok: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM intervention_photos WHERE id = ?1 AND intervention_id = ?2
                 AND deleted_at IS NULL",
                params![p, iv_id],
                |r| r.get(0),
            )
            .optional()?;
        if ok.is_none() {
            return Err(CoreError::NotFound { entity: "photo" });
        }
    }
    Ok(())
}

/// Places a defect on the diagram (while the intervention is active). Returns its id. Audit
/// `intervention.defect`.
pub fn add_defect(
    store: &mut Store,
    actor: &Session,
    id: &str,
    d: &DefectInput,
) -> CoreResult<String> {
    check_defect(d)?;
    store.write(Some(&actor.id), |tx| {
        load_active(tx, actor, id)?;
        check_photo(tx.conn(), id, d.photo_id.as_ref())?;
        let did = ids::new_id();
        let now = tx.now();
        tx.conn().execute(
            "INSERT INTO intervention_defects (id, intervention_id, zone, x, y, kind, severity, note,
                photo_id, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                did,
                id,
                d.zone.trim(),
                d.x,
                d.y,
                d.kind.as_str(),
                d.severity,
                d.note.trim(),
                d.photo_id,
                actor.id,
                now
            ],
        )?;
        touch(tx, id)?;
        tx.audit(AuditEntry {
            action: "intervention.defect",
            entity: "intervention",
            entity_id: Some(id),
            before: None,
            after: Some(json!({ "defect": did, "zone": d.zone, "kind": d.kind.as_str(),
                "severity": d.severity })),
        })?;
        Ok(did)
    })
}

/// Changes a defect.
pub fn update_defect(
    store: &mut Store,
    actor: &Session,
    id: &str,
    defect_id: &str,
    d: &DefectInput,
) -> CoreResult<()> {
    check_defect(d)?;
    store.write(Some(&actor.id), |tx| {
        load_active(tx, actor, id)?;
        check_photo(tx.conn(), id, d.photo_id.as_ref())?;
        let n = tx.conn().execute(
            "UPDATE intervention_defects SET zone = ?3, x = ?4, y = ?5, kind = ?6, severity = ?7,
                note = ?8, photo_id = ?9, updated_at = ?10
             WHERE id = ?1 AND intervention_id = ?2 AND deleted_at IS NULL",
            params![
                defect_id,
                id,
                d.zone.trim(),
                d.x,
                d.y,
                d.kind.as_str(),
                d.severity,
                d.note.trim(),
                d.photo_id,
                tx.now()
            ],
        )?;
        if n == 0 {
            return Err(CoreError::NotFound { entity: "defect" });
        }
        touch(tx, id)
    })
}

/// Removes a defect (kept, marked deleted). Audit `intervention.defect_delete`.
pub fn delete_defect(
    store: &mut Store,
    actor: &Session,
    id: &str,
    defect_id: &str,
) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        load_active(tx, actor, id)?;
        let n = tx.soft_delete(
            "intervention_defects",
            "id = ?1 AND intervention_id = ?2",
            &[&defect_id, &id],
        )?;
        if n == 0 {
            return Err(CoreError::NotFound { entity: "defect" });
        }
        touch(tx, id)?;
        tx.audit(AuditEntry {
            action: "intervention.defect_delete",
            entity: "intervention",
            entity_id: Some(id),
            before: Some(json!({ "defect": defect_id })),
            after: None,
        })
    })
}

/// Where a photo came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoSource {
    /// The file dialog.
    File,
    /// Dropped on the window.
    Drop,
    /// The watched import folder.
    Folder,
    /// Generated demo data.
    Demo,
}

impl PhotoSource {
    const fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Drop => "drop",
            Self::Folder => "folder",
            Self::Demo => "demo",
        }
    }
}

/// Which named shot a photo added to a step fulfils.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ShotChoice {
    /// None: an extra photo.
    #[default]
    None,
    /// This shot (the user picked it); a photo of the step that had it loses it.
    Named(String),
    /// The first named shot of the step still missing, in template order
    /// ([`super::rules::missing_shots`]); none when every shot is taken. Photos added several at
    /// once (or from the watched folder) fill the step's shots in order this way.
    NextMissing,
}

/// A stored photo file to attach to a step.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoAttach {
    /// Step position.
    pub step: usize,
    /// The file, already in the photo store.
    pub file: PhotoFile,
    /// Phase; `None` takes the step's usual one (inspection: before, finalization: after).
    pub phase: Option<Phase>,
    /// Zone it shows.
    pub zone_id: Option<ZoneId>,
    /// Named shot it fulfils.
    pub shot: ShotChoice,
    /// Source.
    pub source: PhotoSource,
}

/// Result of [`attach_photo`].
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoAttached {
    /// The attachment.
    pub photo: PhotoRef,
    /// The same picture was already on this step (nothing added).
    pub duplicate: bool,
}

/// Attaches a stored photo to a step in progress. The file must be in the data folder's photo
/// store (`photo-err-missing` otherwise: a record never points at a picture that is not there).
/// The same picture twice on a step is kept once (`duplicate`); a step's maximum is enforced; the
/// named shot is resolved as [`ShotChoice`] says. Audit `intervention.photo`.
pub fn attach_photo(
    store: &mut Store,
    actor: &Session,
    id: &str,
    a: &PhotoAttach,
) -> CoreResult<PhotoAttached> {
    if !store
        .photo_store()
        .is_some_and(|p| p.exists(&a.file.sha256, &a.file.mime))
    {
        return Err(CoreError::Refused {
            key: "photo-err-missing",
        });
    }
    let (photo_id, duplicate) = store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        editable(&iv, a.step)?;
        attach_in(tx, &iv, actor, a)
    })?;
    let iv = load(store.conn(), id)?;
    let photo = iv
        .photos
        .into_iter()
        .find(|p| p.id == photo_id)
        .ok_or(CoreError::NotFound { entity: "photo" })?;
    Ok(PhotoAttached { photo, duplicate })
}

/// The attachment itself, inside the caller's transaction, on an intervention loaded (and
/// checked editable) in it. Returns the attachment's id and whether it was already there.
pub(super) fn attach_in(
    tx: &crate::store::Tx<'_>,
    iv: &Intervention,
    actor: &Session,
    a: &PhotoAttach,
) -> CoreResult<(PhotoId, bool)> {
    let id = iv.id.as_str();
    let t = iv
        .step_template(a.step)
        .ok_or(CoreError::NotFound { entity: "step" })?;
    let conn = tx.conn();
    let existing: Option<PhotoId> = conn
        .query_row(
            "SELECT id FROM intervention_photos WHERE intervention_id = ?1 AND step = ?2
             AND sha256 = ?3 AND deleted_at IS NULL",
            params![id, pos_i64(a.step), a.file.sha256],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(existing) = existing {
        return Ok((existing, true));
    }
    let have = iv.step_photos(a.step).count();
    if let Some(max) = t.max_photos
        && u32::try_from(have).unwrap_or(u32::MAX) >= max
    {
        return Err(CoreError::RefusedWith {
            key: "iv-err-max-photos",
            args: vec![("max", max.to_string())],
        });
    }
    let shot = match &a.shot {
        ShotChoice::None => None,
        ShotChoice::Named(shot) => {
            if !t.shots.iter().any(|s| &s.id == shot) {
                return Err(CoreError::NotFound { entity: "shot" });
            }
            // One photo per named shot: the new one takes it over.
            conn.execute(
                "UPDATE intervention_photos SET shot = NULL, updated_at = ?4
                 WHERE intervention_id = ?1 AND step = ?2 AND shot = ?3",
                params![id, pos_i64(a.step), shot, tx.now()],
            )?;
            Some(shot.clone())
        }
        ShotChoice::NextMissing => super::rules::missing_shots(iv, a.step)
            .first()
            .map(|s| s.id.clone()),
    };
    let now = tx.now();
    let f = &a.file;
    conn.execute(
        "INSERT OR IGNORE INTO photos (sha256, mime, bytes, width, height, orientation,
            taken_at, camera, gps_lat, gps_lon, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            f.sha256,
            f.mime,
            i64::try_from(f.bytes).unwrap_or(i64::MAX),
            f.width,
            f.height,
            f.orientation,
            f.taken_at,
            f.camera,
            f.gps.map(|g| g.0),
            f.gps.map(|g| g.1),
            now
        ],
    )?;
    let phase = a.phase.unwrap_or(match t.kind {
        StepKind::Inspection => Phase::Before,
        StepKind::Finalization => Phase::After,
        _ => Phase::During,
    });
    let pid = PhotoId::new();
    conn.execute(
        "INSERT INTO intervention_photos (id, intervention_id, step, sha256, original_name,
            phase, zone_id, shot, source, added_by, added_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            pid,
            id,
            pos_i64(a.step),
            f.sha256,
            f.original_name,
            phase.as_str(),
            a.zone_id,
            shot,
            a.source.as_str(),
            actor.id,
            now
        ],
    )?;
    touch(tx, id)?;
    tx.audit(AuditEntry {
        action: "intervention.photo",
        entity: "intervention",
        entity_id: Some(id),
        before: None,
        after: Some(json!({ "photo": pid, "step": a.step, "sha256": f.sha256,
            "shot": shot, "source": a.source.as_str() })),
    })?;
    Ok((pid, false))
}

/// A photo's tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoTags {
    /// Before / during / after.
    pub phase: Phase,
    /// Zone it shows.
    pub zone_id: Option<ZoneId>,
    /// Named shot it fulfils.
    pub shot: Option<String>,
    /// Caption.
    pub caption: String,
}

/// Changes a photo's tags: phase, zone, named shot, caption. A shot already given to another
/// photo of the step moves to this one.
pub fn tag_photo(
    store: &mut Store,
    actor: &Session,
    id: &str,
    photo_id: &str,
    tags: &PhotoTags,
) -> CoreResult<()> {
    let (phase, zone_id, shot, caption) = (
        tags.phase,
        tags.zone_id.as_deref(),
        tags.shot.as_deref(),
        tags.caption.as_str(),
    );
    let mut e = FieldErrors::new();
    too_long(&mut e, "caption", caption, SHORT_MAX);
    e.into_result()?;
    store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        let p = iv
            .photos
            .iter()
            .find(|p| p.id == photo_id)
            .ok_or(CoreError::NotFound { entity: "photo" })?;
        editable(&iv, p.step)?;
        if let Some(shot) = shot {
            let known = iv
                .step_template(p.step)
                .is_some_and(|t| t.shots.iter().any(|s| s.id == shot));
            if !known {
                return Err(CoreError::NotFound { entity: "shot" });
            }
            tx.conn().execute(
                "UPDATE intervention_photos SET shot = NULL, updated_at = ?5
                 WHERE intervention_id = ?1 AND step = ?2 AND shot = ?3 AND id != ?4",
                params![id, pos_i64(p.step), shot, photo_id, tx.now()],
            )?;
        }
        tx.conn().execute(
            "UPDATE intervention_photos SET phase = ?2, zone_id = ?3, shot = ?4, caption = ?5,
                updated_at = ?6
             WHERE id = ?1",
            params![
                photo_id,
                phase.as_str(),
                zone_id,
                shot,
                caption.trim(),
                tx.now()
            ],
        )?;
        touch(tx, id)
    })
}

/// Takes a photo off its step (the file stays in the store; the row is kept, marked deleted).
/// Audit `intervention.photo_remove`.
pub fn remove_photo(
    store: &mut Store,
    actor: &Session,
    id: &str,
    photo_id: &str,
) -> CoreResult<()> {
    store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        let p = iv
            .photos
            .iter()
            .find(|p| p.id == photo_id)
            .ok_or(CoreError::NotFound { entity: "photo" })?;
        editable(&iv, p.step)?;
        let now = tx.now();
        tx.soft_delete("intervention_photos", "id = ?1", &[&photo_id])?;
        tx.conn().execute(
            "UPDATE intervention_defects SET photo_id = NULL, updated_at = ?2 WHERE photo_id = ?1",
            params![photo_id, now],
        )?;
        touch(tx, id)?;
        tx.audit(AuditEntry {
            action: "intervention.photo_remove",
            entity: "intervention",
            entity_id: Some(id),
            before: Some(json!({ "photo": photo_id, "sha256": p.sha256 })),
            after: None,
        })
    })
}

/// Records the signatory's name and, when `png` is given, the customer's signature (a PNG drawn
/// on the finalization step; an empty one clears it). `None` keeps the signature as it is (the
/// name autosaves as it is typed). The finalization step must be in progress. Audit
/// `intervention.sign` when a signature is recorded.
pub fn set_signature(
    store: &mut Store,
    actor: &Session,
    id: &str,
    signatory: &str,
    png: Option<&[u8]>,
) -> CoreResult<()> {
    let mut e = FieldErrors::new();
    too_long(&mut e, "signatory", signatory, SHORT_MAX);
    if let Some(png) = png
        && ((!png.is_empty() && !png.starts_with(b"\x89PNG\r\n\x1a\n"))
            || png.len() > SIGNATURE_MAX_BYTES)
    {
        e.add("signature", "iv-err-signature");
    }
    e.into_result()?;
    store.write(Some(&actor.id), |tx| {
        let iv = load_active(tx, actor, id)?;
        let last = iv
            .template
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Finalization)
            .unwrap_or(iv.steps.len().saturating_sub(1));
        editable(&iv, last)?;
        let now = tx.now();
        tx.conn().execute(
            "UPDATE interventions SET signatory = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, signatory.trim(), now],
        )?;
        if let Some(png) = png {
            tx.conn().execute(
                "UPDATE interventions SET signature_png = ?2, signed_at = ?3, updated_at = ?4
                 WHERE id = ?1",
                params![
                    id,
                    (!png.is_empty()).then_some(png),
                    (!png.is_empty()).then_some(now),
                    now
                ],
            )?;
            if !png.is_empty() {
                event(tx, id, "sign", Some(last), signatory.trim())?;
                tx.audit(AuditEntry {
                    action: "intervention.sign",
                    entity: "intervention",
                    entity_id: Some(id),
                    before: None,
                    after: Some(json!({ "signatory": signatory.trim(), "bytes": png.len() })),
                })?;
            }
        }
        Ok(())
    })
}
