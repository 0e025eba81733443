//! What is still missing, computed from what the technician has on screen: the intervention as
//! last saved with the unsaved drafts (step ticks and readings, zone records, signatory) laid
//! over it. The screen's "still missing" list is this, so it shrinks as items are ticked,
//! before the autosave has sent them.

use crate::ids::ZoneId;
use std::collections::HashMap;

use super::rules::{finish_missing, step_missing};
use super::{Intervention, Missing, StepEdit, ZoneEdit};

/// The unsaved edits of the screen.
#[derive(Debug, Clone, Copy, Default)]
pub struct Drafts<'a> {
    /// Step drafts, by position.
    pub steps: Option<&'a HashMap<usize, StepEdit>>,
    /// Zone drafts, by zone id.
    pub zones: Option<&'a HashMap<ZoneId, ZoneEdit>>,
    /// The signatory typed.
    pub signatory: Option<&'a str>,
}

/// `iv` with `drafts` laid over it.
pub fn with_drafts(iv: &Intervention, drafts: Drafts<'_>) -> Intervention {
    let mut iv = iv.clone();
    for (pos, edit) in drafts.steps.into_iter().flatten() {
        if let Some(s) = iv.steps.get_mut(*pos) {
            s.notes.clone_from(&edit.notes);
            s.checklist.clone_from(&edit.checklist);
            s.data = edit.data.clone();
        }
    }
    for z in &mut iv.zones {
        if let Some(e) = drafts.zones.and_then(|m| m.get(&z.zone_id)) {
            z.checklist.clone_from(&e.checklist);
            z.film_product.clone_from(&e.film_product);
            z.roll_lot.clone_from(&e.roll_lot);
            // Typed in centimetres, kept in millimetres as the save does.
            z.length_mm = e.length_cm.and_then(crate::length::mm_from_cm);
            z.waste_mm = e.waste_cm.and_then(crate::length::mm_from_cm);
            z.installer_id.clone_from(&e.installer_id);
            z.quality_score = e.quality_score;
        }
    }
    if let Some(s) = drafts.signatory {
        s.clone_into(&mut iv.signatory);
    }
    iv
}

/// What completing step `pos` (or finishing, on the last step) still lacks, with the drafts.
pub fn missing_now(iv: &Intervention, pos: usize, drafts: Drafts<'_>) -> Vec<Missing> {
    let iv = with_drafts(iv, drafts);
    if pos + 1 == iv.steps.len() {
        finish_missing(&iv)
    } else {
        step_missing(&iv, pos)
    }
}
