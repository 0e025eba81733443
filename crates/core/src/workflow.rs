//! Workflow templates: the ordered steps of a guided PPF intervention, kept in the database and
//! edited by admins. A started intervention keeps its own copy of the template as it was, so
//! editing a template never changes work in progress.
//!
//! Two templates are built in (created when missing, never overwritten; migration 0006 only fixed
//! their shot labels left as seeded): **Standard PPF** (inspection, preparation, installation,
//! finalization) and **Express** (no preparation). A job gets Express when it has at most
//! [`EXPRESS_MAX_ZONES`] zones, Standard otherwise, unless the planner chose another template.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::{CoreError, CoreResult};
use crate::i18n::Lang;
use crate::ids;
use crate::store::Store;
use crate::users::{self, User};
use crate::validate::FieldErrors;

/// Jobs with this many zones or fewer get the Express template by default.
pub const EXPRESS_MAX_ZONES: usize = 2;
/// Id of the built-in Standard template.
pub const STANDARD_ID: &str = "tpl-standard";
/// Id of the built-in Express template.
pub const EXPRESS_ID: &str = "tpl-express";
/// Most steps a template may have.
pub const MAX_STEPS: usize = 12;
/// Most checklist items or named shots per step.
pub const MAX_ITEMS: usize = 40;
/// Most photos a step may require or allow.
pub const MAX_PHOTOS: u32 = 200;
/// Longest text (title, label).
pub const MAX_LABEL: usize = 120;
/// Longest instructions.
pub const MAX_INSTRUCTIONS: usize = 2000;

/// A text in both UI languages. English falls back to French when empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Français.
    pub fr: String,
    /// English.
    #[serde(default)]
    pub en: String,
}

impl Text {
    /// Both languages.
    pub fn new(fr: &str, en: &str) -> Self {
        Self {
            fr: fr.to_owned(),
            en: en.to_owned(),
        }
    }

    /// The text in `lang` (French when the English one is empty, and the reverse).
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.trim().is_empty() => &self.en,
            Lang::Fr if self.fr.trim().is_empty() => &self.en,
            _ => &self.fr,
        }
    }
}

/// What a step is for; decides which parts its screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Vehicle check-in: environment, pre-existing defects on the diagram.
    Inspection,
    /// Washing, decontamination, degreasing, masking.
    Preparation,
    /// Film laid zone by zone.
    Installation,
    /// Quality control, customer satisfaction and signature.
    Finalization,
}

impl StepKind {
    /// Every kind, in usual order.
    pub const ALL: [Self; 4] = [
        Self::Inspection,
        Self::Preparation,
        Self::Installation,
        Self::Finalization,
    ];

    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Inspection => "inspection",
            Self::Preparation => "preparation",
            Self::Installation => "installation",
            Self::Finalization => "finalization",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The i18n key of the kind's name.
    pub const fn label_key(self) -> &'static str {
        match self {
            Self::Inspection => "wf-kind-inspection",
            Self::Preparation => "wf-kind-preparation",
            Self::Installation => "wf-kind-installation",
            Self::Finalization => "wf-kind-finalization",
        }
    }
}

/// When a photo was taken relative to the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before the film.
    Before,
    /// While laying it.
    #[default]
    During,
    /// Finished.
    After,
}

impl Phase {
    /// Every phase.
    pub const ALL: [Self; 3] = [Self::Before, Self::During, Self::After];

    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::During => "during",
            Self::After => "after",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The i18n key of the phase's name.
    pub const fn label_key(self) -> &'static str {
        match self {
            Self::Before => "wf-phase-before",
            Self::During => "wf-phase-during",
            Self::After => "wf-phase-after",
        }
    }
}

/// One checklist item of a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Stable id within the step (the intervention records ticks by it).
    pub id: String,
    /// What to check.
    pub label: Text,
    /// Must be ticked before the step can be completed.
    #[serde(default)]
    pub required: bool,
}

/// A named photo the step requires (e.g. "front 3/4").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoShot {
    /// Stable id within the step.
    pub id: String,
    /// What to photograph.
    pub label: Text,
    /// Before, during or after the work.
    #[serde(default)]
    pub phase: Phase,
}

/// One step of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTemplate {
    /// What the step is.
    pub kind: StepKind,
    /// Title.
    pub title: Text,
    /// Instructions shown to the technician.
    #[serde(default)]
    pub instructions: Text,
    /// Checklist (for installation: checked for each zone).
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// Named shots that must be taken.
    #[serde(default)]
    pub shots: Vec<PhotoShot>,
    /// Fewest photos (named shots count).
    #[serde(default)]
    pub min_photos: u32,
    /// Most photos, if limited.
    #[serde(default)]
    pub max_photos: Option<u32>,
    /// A mandatory step cannot be skipped.
    #[serde(default = "yes")]
    pub mandatory: bool,
    /// A supervisor must approve the step before the next one starts.
    #[serde(default)]
    pub approval: bool,
    /// Estimated duration, minutes.
    #[serde(default)]
    pub est_minutes: u32,
}

const fn yes() -> bool {
    true
}

/// A workflow template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Id (`tpl-standard`, `tpl-express`, or a generated one).
    pub id: String,
    /// Short code, unique.
    pub code: String,
    /// Name.
    pub name: Text,
    /// Description.
    #[serde(default)]
    pub description: Text,
    /// Bumped on every save; interventions record the version they ran.
    pub version: i64,
    /// Inactive templates cannot be chosen for new jobs.
    pub active: bool,
    /// Steps, in order.
    pub steps: Vec<StepTemplate>,
}

impl Template {
    /// Total estimated minutes.
    pub fn est_minutes(&self) -> u32 {
        self.steps.iter().map(|s| s.est_minutes).sum()
    }

    /// True for the two built-in templates (which cannot be deactivated).
    pub fn is_builtin(&self) -> bool {
        self.id == STANDARD_ID || self.id == EXPRESS_ID
    }
}

fn item(id: &str, fr: &str, en: &str, required: bool) -> ChecklistItem {
    ChecklistItem {
        id: id.to_owned(),
        label: Text::new(fr, en),
        required,
    }
}

fn shot(id: &str, fr: &str, en: &str, phase: Phase) -> PhotoShot {
    PhotoShot {
        id: id.to_owned(),
        label: Text::new(fr, en),
        phase,
    }
}

fn inspection_step(express: bool) -> StepTemplate {
    StepTemplate {
        kind: StepKind::Inspection,
        title: Text::new("Inspection du véhicule", "Vehicle inspection"),
        instructions: Text::new(
            "Faites le tour du véhicule avec le client. Relevez la température et l'humidité de \
             l'atelier, placez chaque défaut existant sur le schéma et photographiez le véhicule.",
            "Walk around the vehicle with the customer. Record the shop's temperature and \
             humidity, place every existing defect on the diagram and photograph the vehicle.",
        ),
        checklist: vec![
            item(
                "clean_dry",
                "Véhicule propre et sec",
                "Vehicle clean and dry",
                true,
            ),
            item(
                "temperature",
                "Température relevée",
                "Temperature recorded",
                true,
            ),
            item("humidity", "Humidité relevée", "Humidity recorded", true),
            item(
                "defects_documented",
                "Défauts existants documentés",
                "Pre-existing defects documented",
                true,
            ),
            item(
                "film_available",
                "Film disponible en stock",
                "Film available in stock",
                true,
            ),
            item(
                "customer_informed",
                "Client informé du déroulé",
                "Customer informed of the process",
                !express,
            ),
        ],
        shots: vec![
            shot("front_34", "Vue 3/4 avant", "Front 3/4 view", Phase::Before),
            shot("rear_34", "Vue 3/4 arrière", "Rear 3/4 view", Phase::Before),
        ],
        min_photos: 2,
        max_photos: Some(60),
        mandatory: true,
        approval: false,
        est_minutes: if express { 10 } else { 20 },
    }
}

fn preparation_step() -> StepTemplate {
    StepTemplate {
        kind: StepKind::Preparation,
        title: Text::new("Préparation des surfaces", "Surface preparation"),
        instructions: Text::new(
            "Lavez, décontaminez et dégraissez chaque zone à protéger, puis masquez les joints et \
             les zones sensibles.",
            "Wash, decontaminate and degrease every zone to protect, then mask seals and \
             sensitive areas.",
        ),
        checklist: vec![
            item("wash", "Lavage au pH neutre", "pH-neutral wash", true),
            item(
                "clay_bar",
                "Décontamination à la barre d'argile",
                "Clay bar decontamination",
                true,
            ),
            item("ipa", "Dégraissage à l'IPA", "IPA degrease", true),
            item("masking", "Masquage", "Masking", false),
            item("drying", "Séchage complet", "Complete drying", true),
            item(
                "surface_check",
                "Contrôle de la surface",
                "Surface check",
                true,
            ),
        ],
        shots: vec![],
        min_photos: 0,
        max_photos: Some(60),
        mandatory: true,
        approval: false,
        est_minutes: 45,
    }
}

fn installation_step(express: bool) -> StepTemplate {
    StepTemplate {
        kind: StepKind::Installation,
        title: Text::new("Pose du film", "Film installation"),
        instructions: Text::new(
            "Posez le film zone par zone. Pour chaque zone, notez le rouleau utilisé, la longueur \
             posée et la chute, puis cochez les contrôles.",
            "Lay the film zone by zone. For each zone, record the roll used, the length laid and \
             the waste, then tick the checks.",
        ),
        checklist: vec![
            item("degreased", "Zone dégraissée", "Zone degreased", true),
            item("precut", "Film prédécoupé", "Film pre-cut", !express),
            item(
                "slip_solution",
                "Solution de pose appliquée",
                "Slip solution applied",
                true,
            ),
            item(
                "no_bubbles",
                "Sans bulles ni plis",
                "No bubbles or folds",
                true,
            ),
            item(
                "edges",
                "Bords chauffés et marouflés",
                "Edges heated and squeegeed",
                true,
            ),
        ],
        shots: vec![],
        min_photos: 1,
        max_photos: Some(120),
        mandatory: true,
        approval: false,
        est_minutes: if express { 60 } else { 180 },
    }
}

fn finalization_step(express: bool) -> StepTemplate {
    StepTemplate {
        kind: StepKind::Finalization,
        title: Text::new(
            "Contrôle qualité et livraison",
            "Quality control and handover",
        ),
        instructions: Text::new(
            "Contrôlez chaque zone sous une lumière rasante, expliquez l'entretien au client puis \
             faites-le signer.",
            "Check every zone under raking light, explain aftercare to the customer, then have \
             them sign.",
        ),
        checklist: vec![
            item("edges_sealed", "Bords scellés", "Edges sealed", true),
            item("no_bubbles", "Aucune bulle", "No bubbles", true),
            item("smooth", "Surface lisse", "Smooth surface", true),
            item("alignment", "Alignement correct", "Correct alignment", true),
            item("clean_finish", "Finition propre", "Clean finish", true),
            item(
                "aftercare",
                "Consignes d'entretien expliquées",
                "Aftercare explained",
                true,
            ),
        ],
        shots: if express {
            vec![shot(
                "front_34_after",
                "Vue 3/4 avant (livraison)",
                "Front 3/4 view (handover)",
                Phase::After,
            )]
        } else {
            vec![
                shot(
                    "front_34_after",
                    "Vue 3/4 avant (livraison)",
                    "Front 3/4 view (handover)",
                    Phase::After,
                ),
                shot(
                    "rear_34_after",
                    "Vue 3/4 arrière (livraison)",
                    "Rear 3/4 view (handover)",
                    Phase::After,
                ),
            ]
        },
        min_photos: if express { 1 } else { 2 },
        max_photos: Some(60),
        mandatory: true,
        approval: false,
        est_minutes: if express { 10 } else { 20 },
    }
}

/// The built-in Standard PPF template (4 steps).
pub fn standard() -> Template {
    Template {
        id: STANDARD_ID.to_owned(),
        code: "standard".to_owned(),
        name: Text::new("PPF standard", "Standard PPF"),
        description: Text::new(
            "Inspection, préparation, pose zone par zone, contrôle qualité et signature.",
            "Inspection, preparation, zone-by-zone installation, quality control and signature.",
        ),
        version: 1,
        active: true,
        steps: vec![
            inspection_step(false),
            preparation_step(),
            installation_step(false),
            finalization_step(false),
        ],
    }
}

/// The built-in Express template (3 steps, no preparation).
pub fn express() -> Template {
    Template {
        id: EXPRESS_ID.to_owned(),
        code: "express".to_owned(),
        name: Text::new("Express", "Express"),
        description: Text::new(
            "Pour une ou deux zones sur un véhicule déjà préparé : inspection, pose, contrôle.",
            "For one or two zones on a vehicle already prepared: inspection, installation, check.",
        ),
        version: 1,
        active: true,
        steps: vec![
            inspection_step(true),
            installation_step(true),
            finalization_step(true),
        ],
    }
}

/// Creates the built-in templates when missing (never overwrites an admin's edits).
pub fn seed_builtin(conn: &Connection) -> CoreResult<()> {
    for t in [standard(), express()] {
        insert_if_missing(conn, &t, 0)?;
    }
    Ok(())
}

fn insert_if_missing(conn: &Connection, t: &Template, now: i64) -> CoreResult<()> {
    let steps = serde_json::to_string(&t.steps).map_err(json_err)?;
    conn.execute(
        "INSERT OR IGNORE INTO workflow_templates (id, code, name_fr, name_en, description_fr,
            description_en, version, is_active, steps, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            t.id,
            t.code,
            t.name.fr,
            t.name.en,
            t.description.fr,
            t.description.en,
            t.version,
            t.active,
            steps,
            now
        ],
    )?;
    Ok(())
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(json_err)`
fn json_err(e: serde_json::Error) -> CoreError {
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

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').chars().take(40).collect()
}

/// Gives blank item and shot ids an id made from their label (unique within the step).
pub fn fill_ids(t: &mut Template) {
    for step in &mut t.steps {
        let mut seen: Vec<String> = Vec::new();
        for it in &mut step.checklist {
            if it.id.trim().is_empty() {
                it.id = unique(&slug(&it.label.fr), &seen);
            }
            seen.push(it.id.clone());
        }
        let mut seen: Vec<String> = Vec::new();
        for sh in &mut step.shots {
            if sh.id.trim().is_empty() {
                sh.id = unique(&slug(&sh.label.fr), &seen);
            }
            seen.push(sh.id.clone());
        }
    }
}

fn unique(base: &str, seen: &[String]) -> String {
    let base = if base.is_empty() { "item" } else { base };
    let mut n = 1;
    let mut id = base.to_owned();
    while seen.iter().any(|s| s == &id) {
        n += 1;
        id = format!("{base}_{n}");
    }
    id
}

/// Checks a template: a name, 1 to [`MAX_STEPS`] steps, each titled, at most one installation,
/// exactly one finalization and it comes last (the signature closes the job), labels present
/// and short, unique item and shot ids, photo bounds coherent (max ≥ min, max ≥ the named
/// shots). Field keys are `name`, `steps`, `step.N.title`, `step.N.checklist`, `step.N.shots`,
/// `step.N.photos`, `step.N.minutes`.
pub fn validate(t: &Template) -> CoreResult<()> {
    let mut e = FieldErrors::new();
    if t.name.fr.trim().is_empty() {
        e.add("name", "wf-err-name-required");
    } else if t.name.fr.chars().count() > MAX_LABEL || t.name.en.chars().count() > MAX_LABEL {
        e.add_with(
            "name",
            "wf-err-too-long",
            vec![("max", MAX_LABEL.to_string())],
        );
    }
    if t.steps.is_empty() || t.steps.len() > MAX_STEPS {
        e.add_with(
            "steps",
            "wf-err-step-count",
            vec![("max", MAX_STEPS.to_string())],
        );
    }
    let finals = t
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Finalization)
        .count();
    if !t.steps.is_empty()
        && (finals != 1 || t.steps.last().map(|s| s.kind) != Some(StepKind::Finalization))
    {
        e.add("steps", "wf-err-finalization-last");
    }
    if t.steps
        .iter()
        .filter(|s| s.kind == StepKind::Installation)
        .count()
        > 1
    {
        e.add("steps", "wf-err-one-installation");
    }
    for (i, s) in t.steps.iter().enumerate() {
        let n = i + 1;
        let f = |what: &str| -> &'static str { leak_field(n, what) };
        if s.title.fr.trim().is_empty() {
            e.add(f("title"), "wf-err-title-required");
        } else if s.title.fr.chars().count() > MAX_LABEL || s.title.en.chars().count() > MAX_LABEL {
            e.add_with(
                f("title"),
                "wf-err-too-long",
                vec![("max", MAX_LABEL.to_string())],
            );
        }
        if s.instructions.fr.chars().count() > MAX_INSTRUCTIONS
            || s.instructions.en.chars().count() > MAX_INSTRUCTIONS
        {
            e.add_with(
                f("title"),
                "wf-err-too-long",
                vec![("max", MAX_INSTRUCTIONS.to_string())],
            );
        }
        if s.checklist.len() > MAX_ITEMS || s.shots.len() > MAX_ITEMS {
            e.add_with(
                f("checklist"),
                "wf-err-too-many-items",
                vec![("max", MAX_ITEMS.to_string())],
            );
        }
        if s.checklist
            .iter()
            .any(|c| c.label.fr.trim().is_empty() || c.label.fr.chars().count() > MAX_LABEL)
        {
            e.add(f("checklist"), "wf-err-item-label");
        }
        if has_dupes(s.checklist.iter().map(|c| c.id.as_str())) {
            e.add(f("checklist"), "wf-err-duplicate-id");
        }
        if s.shots
            .iter()
            .any(|c| c.label.fr.trim().is_empty() || c.label.fr.chars().count() > MAX_LABEL)
        {
            e.add(f("shots"), "wf-err-item-label");
        }
        if has_dupes(s.shots.iter().map(|c| c.id.as_str())) {
            e.add(f("shots"), "wf-err-duplicate-id");
        }
        let shots = u32::try_from(s.shots.len()).unwrap_or(u32::MAX);
        match s.max_photos {
            Some(max) if max > MAX_PHOTOS || max < s.min_photos || max < shots || max == 0 => {
                e.add_with(
                    f("photos"),
                    "wf-err-photo-bounds",
                    vec![("max", MAX_PHOTOS.to_string())],
                );
            }
            _ if s.min_photos > MAX_PHOTOS => e.add_with(
                f("photos"),
                "wf-err-photo-bounds",
                vec![("max", MAX_PHOTOS.to_string())],
            ),
            _ => {}
        }
        if s.est_minutes > 24 * 60 {
            e.add(f("minutes"), "wf-err-minutes");
        }
    }
    e.into_result()
}

fn has_dupes<'a>(ids: impl Iterator<Item = &'a str>) -> bool {
    let mut v: Vec<&str> = ids.collect();
    let n = v.len();
    v.sort_unstable();
    v.dedup();
    v.len() != n || v.iter().any(|s| s.trim().is_empty())
}

/// Field names for step errors (`step.3.title`): a fixed table, since field keys are
/// `&'static str`.
fn leak_field(n: usize, what: &str) -> &'static str {
    const FIELDS: [[&str; 5]; MAX_STEPS] = {
        macro_rules! row {
            ($n:literal) => {
                [
                    concat!("step.", $n, ".title"),
                    concat!("step.", $n, ".checklist"),
                    concat!("step.", $n, ".shots"),
                    concat!("step.", $n, ".photos"),
                    concat!("step.", $n, ".minutes"),
                ]
            };
        }
        [
            row!(1),
            row!(2),
            row!(3),
            row!(4),
            row!(5),
            row!(6),
            row!(7),
            row!(8),
            row!(9),
            row!(10),
            row!(11),
            row!(12),
        ]
    };
    let col = match what {
        "title" => 0,
        "checklist" => 1,
        "shots" => 2,
        "photos" => 3,
        _ => 4,
    };
    FIELDS
        .get(n.saturating_sub(1))
        .and_then(|r| r.get(col))
        .copied()
        .unwrap_or("steps")
}

/// Creates (empty `id`) or updates a template (admins, [`Action::EditTemplates`]). The version
/// goes up by one on every update; started interventions keep the copy they began with. The
/// built-in templates cannot be deactivated (jobs fall back to them). Audit `template.save`.
pub fn save(store: &mut Store, actor: &User, t: &Template) -> CoreResult<Template> {
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
            Ok(t.id.clone())
        }
    })?;
    get(store.conn(), &id)
}

/// A copy of a template under a new name (admins), to start a new one from.
pub fn duplicate(store: &mut Store, actor: &User, id: &str, lang: Lang) -> CoreResult<Template> {
    let mut t = get(store.conn(), id)?;
    t.id = String::new();
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::testutil;

    #[test]
    fn builtins_are_seeded_and_valid() {
        let store = Store::open_in_memory().unwrap();
        let all = list(store.conn(), false).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id, STANDARD_ID);
        assert_eq!(all[0].steps.len(), 4);
        assert_eq!(all[1].id, EXPRESS_ID);
        assert_eq!(all[1].steps.len(), 3);
        assert!(all[1].steps.iter().all(|s| s.kind != StepKind::Preparation));
        for t in &all {
            validate(t).unwrap();
            for s in &t.steps {
                for c in &s.checklist {
                    assert!(!c.label.fr.is_empty() && !c.label.en.is_empty());
                }
            }
        }
        // Checklists as RPMA v2 shows them.
        let std = &all[0];
        let ids: Vec<&str> = std.steps[1]
            .checklist
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "wash",
                "clay_bar",
                "ipa",
                "masking",
                "drying",
                "surface_check"
            ]
        );
        // Seeding again changes nothing.
        seed_builtin(store.conn()).unwrap();
        assert_eq!(list(store.conn(), true).unwrap().len(), 2);
    }

    #[test]
    fn default_rule_is_express_up_to_two_zones() {
        assert_eq!(default_for_zone_count(1), EXPRESS_ID);
        assert_eq!(default_for_zone_count(2), EXPRESS_ID);
        assert_eq!(default_for_zone_count(3), STANDARD_ID);
        let store = Store::open_in_memory().unwrap();
        assert_eq!(resolve(store.conn(), None, 5).unwrap(), STANDARD_ID);
        assert_eq!(
            resolve(store.conn(), Some(EXPRESS_ID), 5).unwrap(),
            EXPRESS_ID
        );
        assert!(resolve(store.conn(), Some("nope"), 5).is_err());
    }

    #[test]
    fn validation_names_the_faulty_fields() {
        let mut t = standard();
        t.name.fr = " ".into();
        t.steps[0].title.fr = String::new();
        t.steps[1].max_photos = Some(0);
        t.steps.swap(2, 3);
        let Err(CoreError::Invalid(f)) = validate(&t) else {
            panic!("should be refused")
        };
        let fields: Vec<&str> = f.0.iter().map(|e| e.field).collect();
        assert!(fields.contains(&"name"));
        assert!(fields.contains(&"step.1.title"));
        assert!(fields.contains(&"step.2.photos"));
        assert!(fields.contains(&"steps"));
    }

    #[test]
    fn saving_bumps_the_version_and_only_admins_may() {
        let f = testutil::Fixture::new();
        let (mut store, admin, tech) = (f.store, f.admin, f.technician);
        let mut t = get(store.conn(), STANDARD_ID).unwrap();
        t.steps[2].approval = true;
        t.steps[1].checklist.push(ChecklistItem {
            id: String::new(),
            label: Text::new("Contrôle à la lampe", "Lamp check"),
            required: false,
        });
        assert!(matches!(
            save(&mut store, &tech, &t),
            Err(CoreError::Forbidden(_))
        ));
        assert_eq!(get(store.conn(), STANDARD_ID).unwrap().version, 1);
        let saved = save(&mut store, &admin, &t).unwrap();
        assert_eq!(saved.version, 2);
        assert!(saved.steps[2].approval);
        assert_eq!(
            saved.steps[1].checklist.last().unwrap().id,
            "contr_le_la_lampe"
        );
        t.active = false;
        assert!(matches!(
            save(&mut store, &admin, &t),
            Err(CoreError::Refused {
                key: "wf-err-builtin-inactive"
            })
        ));
        let copy = duplicate(&mut store, &admin, STANDARD_ID, Lang::Fr).unwrap();
        assert_ne!(copy.id, STANDARD_ID);
        assert_eq!(copy.name.fr, "PPF standard (copie)");
        assert_eq!(copy.version, 1);
        assert_eq!(list(store.conn(), false).unwrap().len(), 3);
    }
}
