//! The rules a template must follow before it is saved, and the ids it is given.

use crate::error::CoreResult;
use crate::validate::FieldErrors;

use super::{MAX_INSTRUCTIONS, MAX_ITEMS, MAX_LABEL, MAX_PHOTOS, MAX_STEPS, StepKind, Template};

pub(super) fn slug(s: &str) -> String {
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

pub(super) fn unique(base: &str, seen: &[String]) -> String {
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
        let f = |part: StepPart| -> &'static str { step_field(n, part) };
        if s.title.fr.trim().is_empty() {
            e.add(f(StepPart::Title), "wf-err-title-required");
        } else if s.title.fr.chars().count() > MAX_LABEL || s.title.en.chars().count() > MAX_LABEL {
            e.add_with(
                f(StepPart::Title),
                "wf-err-too-long",
                vec![("max", MAX_LABEL.to_string())],
            );
        }
        if s.instructions.fr.chars().count() > MAX_INSTRUCTIONS
            || s.instructions.en.chars().count() > MAX_INSTRUCTIONS
        {
            e.add_with(
                f(StepPart::Title),
                "wf-err-too-long",
                vec![("max", MAX_INSTRUCTIONS.to_string())],
            );
        }
        if s.checklist.len() > MAX_ITEMS || s.shots.len() > MAX_ITEMS {
            e.add_with(
                f(StepPart::Checklist),
                "wf-err-too-many-items",
                vec![("max", MAX_ITEMS.to_string())],
            );
        }
        if s.checklist
            .iter()
            .any(|c| c.label.fr.trim().is_empty() || c.label.fr.chars().count() > MAX_LABEL)
        {
            e.add(f(StepPart::Checklist), "wf-err-item-label");
        }
        if has_dupes(s.checklist.iter().map(|c| c.id.as_str())) {
            e.add(f(StepPart::Checklist), "wf-err-duplicate-id");
        }
        if s.shots
            .iter()
            .any(|c| c.label.fr.trim().is_empty() || c.label.fr.chars().count() > MAX_LABEL)
        {
            e.add(f(StepPart::Shots), "wf-err-item-label");
        }
        if has_dupes(s.shots.iter().map(|c| c.id.as_str())) {
            e.add(f(StepPart::Shots), "wf-err-duplicate-id");
        }
        let shots = u32::try_from(s.shots.len()).unwrap_or(u32::MAX);
        match s.max_photos {
            Some(max) if max > MAX_PHOTOS || max < s.min_photos || max < shots || max == 0 => {
                e.add_with(
                    f(StepPart::Photos),
                    "wf-err-photo-bounds",
                    vec![("max", MAX_PHOTOS.to_string())],
                );
            }
            _ if s.min_photos > MAX_PHOTOS => e.add_with(
                f(StepPart::Photos),
                "wf-err-photo-bounds",
                vec![("max", MAX_PHOTOS.to_string())],
            ),
            _ => {}
        }
        if s.est_minutes > 24 * 60 {
            e.add(f(StepPart::Minutes), "wf-err-minutes");
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

/// A part of a step that an error is about, in the field key `step.{n}.{part}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepPart {
    /// Title and instructions.
    Title,
    /// Checklist items.
    Checklist,
    /// Named shots.
    Shots,
    /// Photo minimum and maximum.
    Photos,
    /// Estimated minutes.
    Minutes,
}

/// The field key of a step's part (`step.3.title`; 1-based), as [`validate`] reports it and the
/// template editor places it; `steps` past [`MAX_STEPS`]. A fixed table, since field keys are
/// `&'static str`.
pub fn step_field(n: usize, part: StepPart) -> &'static str {
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
    let col = match part {
        StepPart::Title => 0,
        StepPart::Checklist => 1,
        StepPart::Shots => 2,
        StepPart::Photos => 3,
        StepPart::Minutes => 4,
    };
    FIELDS
        .get(n.saturating_sub(1))
        .and_then(|r| r.get(col))
        .copied()
        .unwrap_or("steps")
}

/// The step (1-based) a field key of [`validate`] is about, if any.
pub fn step_of_field(field: &str) -> Option<usize> {
    field.strip_prefix("step.")?.split('.').next()?.parse().ok()
}
