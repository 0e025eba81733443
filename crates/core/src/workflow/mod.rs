//! Workflow templates: the ordered steps of a guided PPF intervention, kept in the database and
//! edited by admins. A started intervention keeps its own copy of the template as it was, so
//! editing a template never changes work in progress.
//!
//! Two templates are built in (created when missing, never overwritten; migration 0006 only fixed
//! their shot labels left as seeded): **Standard PPF** (inspection, preparation, installation,
//! finalization) and **Express** (no preparation). A job gets Express when it has at most
//! [`EXPRESS_MAX_ZONES`] zones, Standard otherwise, unless the planner chose another template.

use crate::ids::TemplateId;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

mod builtin;
mod queries;
mod rules;

pub use builtin::{express, standard};
pub use queries::{default_for_zone_count, duplicate, get, list, resolve, save};
pub use rules::{StepPart, fill_ids, step_field, step_of_field, validate};

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
    pub id: TemplateId,
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

#[cfg(test)]
mod tests;
