//! The draft of a template: built into a core [`Template`] on save, numbers checked on the way.

use rpma_core::i18n::Arg;
use rpma_core::validate::FieldErrors;
use rpma_core::workflow::{self, ChecklistItem, PhotoShot, StepTemplate, Template, Text};

use crate::ui::Cx;
use crate::ui::screens::jobs::num;

use super::{Form, Part};

impl Form {
    pub(super) fn is_builtin(&self) -> bool {
        self.id == workflow::STANDARD_ID || self.id == workflow::EXPRESS_ID
    }

    /// The template to send, or the numbers that do not parse (field keys like the core's).
    pub(super) fn build(&self) -> Result<Template, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut steps = Vec::with_capacity(self.steps.len());
        for (i, s) in self.steps.iter().enumerate() {
            let n = i + 1;
            let est_minutes = parse_count(&s.minutes).unwrap_or_else(|| {
                errors.add(step_field(n, Part::Minutes), "wf-err-number");
                0
            });
            let min_photos = parse_count(&s.min_photos);
            let max_photos = if s.max_photos.trim().is_empty() {
                Some(None)
            } else {
                parse_count(&s.max_photos).map(Some)
            };
            let (min_photos, max_photos) = match (min_photos, max_photos) {
                (Some(a), Some(b)) => (a, b),
                _ => {
                    errors.add(step_field(n, Part::Photos), "wf-err-number");
                    (0, None)
                }
            };
            steps.push(StepTemplate {
                kind: s.kind,
                title: trimmed(&s.title),
                instructions: Text {
                    fr: s.instructions.fr.trim().to_owned(),
                    en: s.instructions.en.trim().to_owned(),
                },
                checklist: s
                    .checklist
                    .iter()
                    .map(|c| ChecklistItem {
                        id: c.id.clone(),
                        label: trimmed(&c.label),
                        required: c.required,
                    })
                    .collect(),
                shots: s
                    .shots
                    .iter()
                    .map(|p| PhotoShot {
                        id: p.id.clone(),
                        label: trimmed(&p.label),
                        phase: p.phase,
                    })
                    .collect(),
                min_photos,
                max_photos,
                mandatory: s.mandatory,
                approval: s.approval,
                est_minutes,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Template {
            id: self.id.clone(),
            code: self.code.clone(),
            name: trimmed(&self.name),
            description: Text {
                fr: self.description.fr.trim().to_owned(),
                en: self.description.en.trim().to_owned(),
            },
            version: self.version,
            active: self.active,
            steps,
        })
    }

    /// Total estimated minutes of the steps whose minutes parse.
    pub(super) fn est_minutes(&self) -> u32 {
        self.steps
            .iter()
            .filter_map(|s| parse_count(&s.minutes))
            .fold(0, u32::saturating_add)
    }
}

fn trimmed(t: &Text) -> Text {
    Text {
        fr: t.fr.trim().to_owned(),
        en: t.en.trim().to_owned(),
    }
}

/// A whole number ≥ 0; empty is 0.
pub(super) fn parse_count(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return Some(0);
    }
    s.parse().ok()
}

/// The core's field keys of a step's parts, and the step a key is about.
pub(super) use rpma_core::workflow::{step_field, step_of_field};

/// "4 h 25" or "45 min".
pub(crate) fn duration_text(cx: &Cx<'_>, minutes: u32) -> String {
    if minutes >= 60 {
        cx.tr_args(
            "wf-duration-hours",
            &[
                ("hours", num(minutes / 60)),
                ("minutes", Arg::from(format!("{:02}", minutes % 60))),
            ],
        )
    } else {
        cx.tr_args("wf-duration-minutes", &[("minutes", num(minutes))])
    }
}
