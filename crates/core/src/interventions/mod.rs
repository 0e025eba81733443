//! The guided PPF intervention: what a technician does on the shop floor, step by step.
//!
//! An intervention is started from a job and runs the job's workflow template (a copy is kept, so
//! editing the template never changes work in progress). Rules, all enforced here:
//!
//! - Start: only the job's technician, or a supervisor/admin; one active intervention per job; the
//!   job must be scheduled, on hold, paused or in progress.
//! - Steps run strictly in order. Completing a step checks its required checklist items (for
//!   installation: on every zone), named shots and photo counts ([`rules::step_missing`]). A step
//!   that needs approval waits (`awaiting_approval`) until a supervisor approves it or rejects it
//!   with a reason (it goes back to in progress).
//! - A completed step can be reworked (reason, audited); an optional step can be skipped
//!   (reason).
//! - Pause and resume: paused time is excluded from every duration.
//! - Cancel needs a reason. Finish refuses with the list of everything missing
//!   ([`CoreError::Incomplete`]); on success, in one transaction, the intervention and the job are
//!   completed, the worked duration is stored and the film used is written to `material_usage`.
//! - The job's status follows (in progress, paused, completed, cancelled) through the job status
//!   machine, never by writing the status directly.

mod board;
mod conflicts;
mod data;
pub mod draft;
#[cfg(test)]
mod film_tests;
mod folder;
#[cfg(test)]
mod folder_tests;
mod lifecycle;
#[cfg(test)]
mod photo_tests;
mod read;
pub mod rules;
#[cfg(test)]
mod security_tests;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_second;

use crate::ids::{DefectId, InterventionId, JobId, PhotoId, UserId, ZoneId};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use board::{BoardRow, board};
pub use conflicts::{Keep, StepConflict, resolve_conflict};
pub use data::{
    DefectInput, PhotoAttach, PhotoAttached, PhotoSource, PhotoTags, ShotChoice, StepEdit,
    ZoneEdit, add_defect, attach_photo, delete_defect, remove_photo, save_step, save_zone,
    set_signature, tag_photo, update_defect,
};
pub use folder::{
    FolderImport, FolderRecorded, FolderTarget, UnmovedImport, folder_target, mark_moved,
    record_folder_import, unmoved_imports, watch_here,
};
pub use lifecycle::{
    approve_step, cancel, complete_step, finish, pause, reject_step, resume, rework_step,
    skip_step, start, start_alongside,
};
pub use read::{
    SECOND_RUNNING_KEY, active_for_job, get, latest_for_job, running_elsewhere, unsaved_blockers,
};
pub use rules::Missing;

use crate::workflow::{Phase, StepKind, Template};

/// Where an intervention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IvStatus {
    /// Being worked on.
    InProgress,
    /// Stopped for a while; the clock is stopped too.
    Paused,
    /// Finished and signed.
    Completed,
    /// Abandoned, with a reason.
    Cancelled,
}

impl IvStatus {
    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Paused => "paused",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::InProgress,
            Self::Paused,
            Self::Completed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// True while it can still change (in progress or paused).
    pub const fn is_active(self) -> bool {
        matches!(self, Self::InProgress | Self::Paused)
    }
}

/// Where a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Not reached yet.
    Pending,
    /// The current step.
    InProgress,
    /// Done, waiting for a supervisor.
    AwaitingApproval,
    /// Done.
    Completed,
    /// Skipped (optional steps only), with a reason.
    Skipped,
}

impl StepStatus {
    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::AwaitingApproval => "awaiting_approval",
            Self::Completed => "completed",
            Self::Skipped => "skipped",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::InProgress,
            Self::AwaitingApproval,
            Self::Completed,
            Self::Skipped,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Completed or skipped: the step no longer holds the intervention back.
    pub const fn is_done(self) -> bool {
        matches!(self, Self::Completed | Self::Skipped)
    }
}

/// A supervisor's decision on a step that needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    /// The step needs no approval (or has not asked yet).
    None,
    /// Waiting.
    Pending,
    /// Approved.
    Approved,
    /// Rejected with a reason; the step is back in progress.
    Rejected,
}

impl Approval {
    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::None, Self::Pending, Self::Approved, Self::Rejected]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The step's own readings (inspection environment, finalization scores).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepData {
    /// Shop temperature, °C (inspection).
    pub temperature_c: Option<f64>,
    /// Relative humidity, % (inspection).
    pub humidity_pct: Option<f64>,
    /// Overall quality score 0–100 (finalization).
    pub quality_score: Option<u8>,
    /// Customer satisfaction 1–5 (finalization).
    pub satisfaction: Option<u8>,
    /// Customer-facing comments (finalization).
    pub comments: String,
}

/// One step of a running intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct StepState {
    /// 0-based position.
    pub position: usize,
    /// Kind (from the template).
    pub kind: StepKind,
    /// Status.
    pub status: StepStatus,
    /// When it (last) started.
    pub started_at: Option<i64>,
    /// When it was completed or skipped.
    pub completed_at: Option<i64>,
    /// Who completed it.
    pub completed_by: Option<String>,
    /// Worked time of earlier passes (before a rework), ms.
    pub worked_ms: i64,
    /// Technician's notes.
    pub notes: String,
    /// Ticked checklist items, by item id.
    pub checklist: BTreeMap<String, bool>,
    /// Readings.
    pub data: StepData,
    /// Why it was skipped.
    pub skip_reason: String,
    /// Approval state.
    pub approval: Approval,
    /// Who approved.
    pub approved_by: Option<String>,
    /// Why it was rejected (last rejection).
    pub rejection_reason: String,
    /// How many times it was reworked.
    pub rework_count: i64,
}

/// Installation record of one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneWork {
    /// Catalogue zone id.
    pub zone_id: ZoneId,
    /// Zone name, French.
    pub name_fr: String,
    /// Zone name, English.
    pub name_en: String,
    /// Order.
    pub position: i64,
    /// Ticked installation checks, by item id.
    pub checklist: BTreeMap<String, bool>,
    /// Film product.
    pub film_product: String,
    /// Roll or lot (free text until the inventory links rolls).
    pub roll_lot: String,
    /// Film laid, mm.
    pub length_mm: Option<i64>,
    /// Film wasted, mm.
    pub waste_mm: Option<i64>,
    /// Who laid it (may differ from the job's technician).
    pub installer_id: Option<UserId>,
    /// Quality score 0–10.
    pub quality_score: Option<u8>,
    /// Notes.
    pub notes: String,
}

impl ZoneWork {
    /// Film laid, in centimetres (for screens that show and edit centimetres).
    pub fn length_cm(&self) -> Option<f64> {
        self.length_mm.map(crate::length::cm_from_mm)
    }

    /// Film wasted, in centimetres.
    pub fn waste_cm(&self) -> Option<f64> {
        self.waste_mm.map(crate::length::cm_from_mm)
    }

    /// The zone's name in `lang`.
    pub fn name(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_fr,
        }
    }
}

/// Kind of a pre-existing defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefectKind {
    /// Scratch.
    Scratch,
    /// Stone chip.
    Chip,
    /// Dent.
    Dent,
    /// Paint issue (fading, orange peel, repaint).
    Paint,
    /// Crack.
    Crack,
}

impl DefectKind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Scratch,
        Self::Chip,
        Self::Dent,
        Self::Paint,
        Self::Crack,
    ];

    /// Stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Scratch => "scratch",
            Self::Chip => "chip",
            Self::Dent => "dent",
            Self::Paint => "paint",
            Self::Crack => "crack",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The i18n key of its name.
    pub const fn label_key(self) -> &'static str {
        match self {
            Self::Scratch => "iv-defect-scratch",
            Self::Chip => "iv-defect-chip",
            Self::Dent => "iv-defect-dent",
            Self::Paint => "iv-defect-paint",
            Self::Crack => "iv-defect-crack",
        }
    }
}

/// A pre-existing defect placed on the vehicle diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Defect {
    /// Id.
    pub id: DefectId,
    /// Diagram zone.
    pub zone: String,
    /// Position in the diagram, 0–1.
    pub x: f64,
    /// Position in the diagram, 0–1.
    pub y: f64,
    /// Kind.
    pub kind: DefectKind,
    /// Severity 1 (minor) – 3 (major).
    pub severity: u8,
    /// Note.
    pub note: String,
    /// Photo of the defect (an intervention photo id).
    pub photo_id: Option<PhotoId>,
}

/// A photo attached to a step.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoRef {
    /// Id of the attachment.
    pub id: PhotoId,
    /// Step position.
    pub step: usize,
    /// Content hash (file name in the photo store).
    pub sha256: String,
    /// MIME type.
    pub mime: String,
    /// Width after orientation.
    pub width: u32,
    /// Height after orientation.
    pub height: u32,
    /// File name it came from.
    pub original_name: String,
    /// Before / during / after.
    pub phase: Phase,
    /// Zone it shows.
    pub zone_id: Option<ZoneId>,
    /// Named shot it fulfils.
    pub shot: Option<String>,
    /// Caption.
    pub caption: String,
    /// EXIF capture time.
    pub taken_at: Option<String>,
    /// EXIF camera.
    pub camera: Option<String>,
    /// EXIF GPS (lat, lon).
    pub gps: Option<(f64, f64)>,
    /// When it was added (UTC ms).
    pub added_at: i64,
}

/// A pause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    /// Start (UTC ms).
    pub started_at: i64,
    /// End, or none while paused.
    pub ended_at: Option<i64>,
    /// Reason.
    pub reason: String,
}

/// One line of the intervention's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvEvent {
    /// When.
    pub at: i64,
    /// Who.
    pub user_id: Option<UserId>,
    /// Who, by name.
    pub user_name: Option<String>,
    /// `start`, `pause`, `resume`, `step_done`, `step_awaiting`, `approve`, `reject`, `rework`,
    /// `skip`, `cancel`, `finish`.
    pub kind: String,
    /// Step position.
    pub step: Option<usize>,
    /// Reason given.
    pub reason: String,
}

/// The job an intervention belongs to, for headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobHeader {
    /// Job id.
    pub id: JobId,
    /// Number.
    pub number: String,
    /// Client name.
    pub client_name: String,
    /// Plate.
    pub plate: String,
    /// Make and model.
    pub vehicle: String,
    /// Technician assigned to the job.
    pub technician_id: Option<UserId>,
    /// Technician's name.
    pub technician_name: Option<String>,
    /// Film product planned.
    pub film_product: String,
}

/// A whole intervention, as the step screens show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    /// Id.
    pub id: InterventionId,
    /// The job.
    pub job: JobHeader,
    /// The template, as it was when the intervention started.
    pub template: Template,
    /// Status.
    pub status: IvStatus,
    /// The step being worked on.
    pub current_step: usize,
    /// Technician.
    pub technician_id: Option<UserId>,
    /// Start (UTC ms).
    pub started_at: i64,
    /// Set while paused.
    pub paused_at: Option<i64>,
    /// Closed pauses, summed (ms).
    pub paused_ms: i64,
    /// End.
    pub completed_at: Option<i64>,
    /// Worked duration, set at finish (ms).
    pub duration_ms: Option<i64>,
    /// Why it was cancelled.
    pub cancel_reason: String,
    /// Who signed.
    pub signatory: String,
    /// The signature, PNG.
    pub signature_png: Option<Vec<u8>>,
    /// Steps, in order.
    pub steps: Vec<StepState>,
    /// Installation records, in zone order.
    pub zones: Vec<ZoneWork>,
    /// Defects.
    pub defects: Vec<Defect>,
    /// Photos, by step then time.
    pub photos: Vec<PhotoRef>,
    /// Pauses.
    pub pauses: Vec<Pause>,
    /// Timeline.
    pub events: Vec<IvEvent>,
    /// Step edits that clashed with another terminal's, to choose from (see
    /// [`crate::sync::conflicts`]).
    pub conflicts: Vec<StepConflict>,
    /// Last change (UTC ms).
    pub updated_at: i64,
}

impl Intervention {
    /// Worked time so far (or in all, once finished), ms: pauses excluded.
    pub fn elapsed_ms(&self, now: i64) -> i64 {
        rules::worked_ms(
            self.started_at,
            self.completed_at.unwrap_or(now),
            self.paused_ms,
            self.paused_at,
        )
    }

    /// Photos of one step.
    pub fn step_photos(&self, step: usize) -> impl Iterator<Item = &PhotoRef> {
        self.photos.iter().filter(move |p| p.step == step)
    }

    /// The template of one step.
    pub fn step_template(&self, step: usize) -> Option<&crate::workflow::StepTemplate> {
        self.template.steps.get(step)
    }

    /// Worked time on one step (pauses excluded), ms.
    pub fn step_worked_ms(&self, step: usize, now: i64) -> i64 {
        let Some(s) = self.steps.get(step) else {
            return 0;
        };
        let current = match (s.started_at, s.status) {
            (Some(a), StepStatus::InProgress | StepStatus::AwaitingApproval) => {
                let b = if self.status.is_active() {
                    self.paused_at.unwrap_or(now)
                } else {
                    self.completed_at.unwrap_or(now)
                };
                (b - a - rules::pause_overlap(&self.pauses, a, b)).max(0)
            }
            (Some(a), StepStatus::Completed) => {
                let b = s.completed_at.unwrap_or(a);
                (b - a - rules::pause_overlap(&self.pauses, a, b)).max(0)
            }
            _ => 0,
        };
        s.worked_ms + current
    }
}
