//! Pure rules: what a step or a whole intervention still lacks, and worked durations.

use serde::{Deserialize, Serialize};

use super::{Approval, Intervention, StepStatus};
use crate::error::{MissingArg, MissingItem};
use crate::i18n::Lang;
use crate::workflow::{PhotoShot, StepKind, Text};

/// Shop temperature range (°C) outside which the inspection shows a warning, by default.
pub const DEFAULT_TEMP_RANGE: (f64, f64) = (15.0, 30.0);
/// Humidity range (%) outside which the inspection shows a warning, by default.
pub const DEFAULT_HUMIDITY_RANGE: (f64, f64) = (30.0, 70.0);

/// Why step `position` may not be reworked now, as the refusal's i18n key (`None`: it may).
/// Only a done step (completed or skipped) is reworked; it must come before the current step — a
/// done step after it is reached again in order once the current one is done, so every step
/// before the current one stays done; and no step may be waiting for approval.
pub fn rework_refusal(iv: &Intervention, position: usize) -> Option<&'static str> {
    let step = iv.steps.get(position)?;
    if !step.status.is_done() {
        return Some("iv-err-rework-not-done");
    }
    if position > iv.current_step {
        return Some("iv-err-rework-later");
    }
    if iv
        .steps
        .iter()
        .any(|s| s.status == StepStatus::AwaitingApproval)
    {
        return Some("iv-err-awaiting-approval");
    }
    None
}

/// One thing that stops a step from being completed or an intervention from being finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Missing {
    /// A mandatory step is not done.
    Step {
        /// Step title.
        step: Text,
    },
    /// A step waits for a supervisor's approval.
    Approval {
        /// Step title.
        step: Text,
    },
    /// A required checklist item is not ticked.
    Checklist {
        /// Step title.
        step: Text,
        /// Item.
        item: Text,
    },
    /// A required installation check is not ticked on a zone.
    ZoneChecklist {
        /// Zone name.
        zone: Text,
        /// Item.
        item: Text,
    },
    /// The film length laid on a zone is not recorded.
    ZoneLength {
        /// Zone name.
        zone: Text,
    },
    /// A named shot has no photo.
    Shot {
        /// Step title.
        step: Text,
        /// The shot.
        shot: Text,
    },
    /// Too few photos.
    MinPhotos {
        /// Step title.
        step: Text,
        /// Photos present.
        have: u32,
        /// Photos needed.
        need: u32,
    },
    /// Too many photos.
    MaxPhotos {
        /// Step title.
        step: Text,
        /// Photos present.
        have: u32,
        /// Most allowed.
        max: u32,
    },
    /// The shop temperature is not recorded (inspection).
    Temperature,
    /// The humidity is not recorded (inspection).
    Humidity,
    /// The overall quality score (0–100) is not given.
    QualityScore,
    /// The customer's satisfaction (1–5) is not given.
    Satisfaction,
    /// The signatory's name is empty.
    Signatory,
    /// The customer has not signed.
    Signature,
}

impl Missing {
    /// The item the refusal carries ([`CoreError::Incomplete`](crate::CoreError::Incomplete)):
    /// the sentence's key and arguments.
    pub fn item(&self) -> MissingItem {
        let t = |x: &Text| MissingArg::Text {
            fr: x.fr.clone(),
            en: x.en.clone(),
        };
        let with = |key, args: Vec<(&'static str, MissingArg)>| MissingItem { key, args };
        match self {
            Self::Step { step } => with("iv-missing-step", vec![("step", t(step))]),
            Self::Approval { step } => with("iv-missing-approval", vec![("step", t(step))]),
            Self::Checklist { step, item } => with(
                "iv-missing-checklist",
                vec![("step", t(step)), ("item", t(item))],
            ),
            Self::ZoneChecklist { zone, item } => with(
                "iv-missing-zone-checklist",
                vec![("zone", t(zone)), ("item", t(item))],
            ),
            Self::ZoneLength { zone } => with("iv-missing-zone-length", vec![("zone", t(zone))]),
            Self::Shot { step, shot } => with(
                "iv-missing-shot",
                vec![("step", t(step)), ("shot", t(shot))],
            ),
            Self::MinPhotos { step, have, need } => with(
                "iv-missing-min-photos",
                vec![
                    ("step", t(step)),
                    ("have", MissingArg::Num(f64::from(*have))),
                    ("need", MissingArg::Num(f64::from(*need))),
                ],
            ),
            Self::MaxPhotos { step, have, max } => with(
                "iv-missing-max-photos",
                vec![
                    ("step", t(step)),
                    ("have", MissingArg::Num(f64::from(*have))),
                    ("max", MissingArg::Num(f64::from(*max))),
                ],
            ),
            Self::Temperature => MissingItem::new("iv-missing-temperature"),
            Self::Humidity => MissingItem::new("iv-missing-humidity"),
            Self::QualityScore => MissingItem::new("iv-missing-quality"),
            Self::Satisfaction => MissingItem::new("iv-missing-satisfaction"),
            Self::Signatory => MissingItem::new("iv-missing-signatory"),
            Self::Signature => MissingItem::new("iv-missing-signature"),
        }
    }

    /// The sentence shown in the list of what is missing.
    pub fn message(&self, lang: Lang) -> String {
        self.item().message(lang)
    }
}

/// The items of a refusal for `missing`.
pub fn items(missing: &[Missing]) -> Vec<MissingItem> {
    missing.iter().map(Missing::item).collect()
}

/// Worked time between `start` and `end`: closed pauses (`paused_ms`) and the open pause (from
/// `paused_at`) excluded. Never negative.
pub fn worked_ms(start: i64, end: i64, paused_ms: i64, paused_at: Option<i64>) -> i64 {
    let open = paused_at.map_or(0, |p| (end - p).max(0));
    (end - start - paused_ms - open).max(0)
}

/// Time of `pauses` that falls inside `[a, b]` (an open pause runs to `b`).
pub fn pause_overlap(pauses: &[super::Pause], a: i64, b: i64) -> i64 {
    pauses
        .iter()
        .map(|p| {
            let s = p.started_at.max(a);
            let e = p.ended_at.unwrap_or(b).min(b);
            (e - s).max(0)
        })
        .sum()
}

/// The named shots of step `position` that no photo of the step fulfils yet, in template order:
/// the shots the next photos added to the step fill, one each (then photos go untagged).
pub fn missing_shots(iv: &Intervention, position: usize) -> Vec<&PhotoShot> {
    let Some(t) = iv.template.steps.get(position) else {
        return Vec::new();
    };
    t.shots
        .iter()
        .filter(|shot| {
            !iv.step_photos(position)
                .any(|p| p.shot.as_deref() == Some(shot.id.as_str()))
        })
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What step `position` still lacks before it can be completed: required checklist items (for
/// installation, on every zone, with the film length laid), named shots, photo counts, the
/// inspection's readings, and the finalization's scores and signature.
pub fn step_missing(iv: &Intervention, position: usize) -> Vec<Missing> {
    let mut out = Vec::new();
    let (Some(t), Some(s)) = (iv.template.steps.get(position), iv.steps.get(position)) else {
        return out;
    };
    let title = &t.title;
    if t.kind == StepKind::Installation {
        for z in &iv.zones {
            let zone = Text::new(&z.name_fr, &z.name_en);
            for item in t.checklist.iter().filter(|c| c.required) {
                if !z.checklist.get(&item.id).copied().unwrap_or(false) {
                    out.push(Missing::ZoneChecklist {
                        zone: zone.clone(),
                        item: item.label.clone(),
                    });
                }
            }
            if z.length_mm.is_none_or(|l| l <= 0) {
                out.push(Missing::ZoneLength { zone });
            }
        }
    } else {
        for item in t.checklist.iter().filter(|c| c.required) {
            if !s.checklist.get(&item.id).copied().unwrap_or(false) {
                out.push(Missing::Checklist {
                    step: title.clone(),
                    item: item.label.clone(),
                });
            }
        }
    }
    if t.kind == StepKind::Inspection {
        if s.data.temperature_c.is_none() {
            out.push(Missing::Temperature);
        }
        if s.data.humidity_pct.is_none() {
            out.push(Missing::Humidity);
        }
    }
    let mut shots_missing = 0;
    for shot in &t.shots {
        if !iv
            .step_photos(position)
            .any(|p| p.shot.as_deref() == Some(shot.id.as_str()))
        {
            shots_missing += 1;
            out.push(Missing::Shot {
                step: title.clone(),
                shot: shot.label.clone(),
            });
        }
    }
    let have = count(iv.step_photos(position).count());
    // The named shots still to take already say what is short, when they cover the minimum.
    if have.saturating_add(shots_missing) < t.min_photos {
        out.push(Missing::MinPhotos {
            step: title.clone(),
            have,
            need: t.min_photos,
        });
    }
    if let Some(max) = t.max_photos
        && have > max
    {
        out.push(Missing::MaxPhotos {
            step: title.clone(),
            have,
            max,
        });
    }
    if t.kind == StepKind::Finalization {
        if s.data.quality_score.is_none() {
            out.push(Missing::QualityScore);
        }
        if s.data.satisfaction.is_none() {
            out.push(Missing::Satisfaction);
        }
        if iv.signatory.trim().is_empty() {
            out.push(Missing::Signatory);
        }
        if iv.signature_png.as_ref().is_none_or(Vec::is_empty) {
            out.push(Missing::Signature);
        }
    }
    out
}

/// Everything that stops [`super::finish`]: every mandatory step before the last must be
/// completed (an optional one completed or skipped) and approved when its template asks; the
/// last step must meet [`step_missing`] (and, if it needs approval, be approved).
pub fn finish_missing(iv: &Intervention) -> Vec<Missing> {
    let mut out = Vec::new();
    let last = iv.steps.len().saturating_sub(1);
    for (i, s) in iv.steps.iter().enumerate() {
        let Some(t) = iv.template.steps.get(i) else {
            continue;
        };
        match s.status {
            StepStatus::Completed | StepStatus::Skipped => {}
            StepStatus::AwaitingApproval => out.push(Missing::Approval {
                step: t.title.clone(),
            }),
            StepStatus::InProgress | StepStatus::Pending if i == last => {
                out.extend(step_missing(iv, i));
                if t.approval && s.approval != Approval::Approved {
                    out.push(Missing::Approval {
                        step: t.title.clone(),
                    });
                }
            }
            StepStatus::InProgress => {
                out.push(Missing::Step {
                    step: t.title.clone(),
                });
                out.extend(step_missing(iv, i));
            }
            StepStatus::Pending => {
                if t.mandatory {
                    out.push(Missing::Step {
                        step: t.title.clone(),
                    });
                }
            }
        }
    }
    out
}

/// True when a reading is outside its range (the inspection shows a warning; it is not refused).
pub fn out_of_range(value: Option<f64>, range: (f64, f64)) -> bool {
    value.is_some_and(|v| v < range.0 || v > range.1)
}
