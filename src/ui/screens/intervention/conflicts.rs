//! A step edited on two terminals (issue 16): both versions side by side, and the technician
//! keeps one. The clash comes from the core ([`rpma_core::sync::conflicts`]); the choice is a
//! move sent to the worker ([`Move::Resolve`]) and syncs as an ordinary edit.

use egui::{RichText, Ui};
use rpma_core::interventions::{Intervention, Keep, StepConflict};

use crate::jobs::atelier::Move;
use crate::ui::widgets::{primary_button, secondary_button};
use crate::ui::{Cx, icons};

/// How a stored value reads: text as it is; ticks as the checklist's own labels (✔ ticked,
/// ✘ not), readings (JSON) one per line.
fn readable(cx: &Cx<'_>, iv: &Intervention, c: &StepConflict, raw: &str) -> String {
    let label = |id: &str| {
        iv.step_template(c.step)
            .and_then(|t| t.checklist.iter().find(|i| i.id == id))
            .map_or_else(|| id.to_owned(), |i| i.label.get(cx.lang).to_owned())
    };
    if c.field == "notes" || c.field == "skip_reason" {
        return if raw.trim().is_empty() {
            cx.tr("iv-conflict-empty")
        } else {
            raw.to_owned()
        };
    }
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(m)) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::Bool(true) => format!("✔ {}", label(k)),
                serde_json::Value::Bool(false) => format!("✘ {}", label(k)),
                serde_json::Value::String(s) => format!("{k} : {s}"),
                other => format!("{k} : {other}"),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(_) => cx.tr("iv-conflict-empty"),
        Err(_) => raw.to_owned(),
    }
}

/// The clashes of step `pos`, each with its two versions and the two choices; returns the move
/// chosen this frame.
pub(super) fn conflicts_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    iv: &Intervention,
    pos: usize,
    can_resolve: bool,
) -> Option<Move> {
    let t = *cx.tokens;
    let mut chosen = None;
    for c in iv.conflicts.iter().filter(|c| c.step == pos) {
        egui::Frame::new()
            .fill(t.warning_soft)
            .corner_radius(6)
            .inner_margin(8)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let field = cx.tr(&format!("iv-conflict-field-{}", c.field.replace('_', "-")));
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::WARNING,
                        cx.tr_args("iv-conflict-title", &[("field", field.as_str().into())])
                    ))
                    .color(t.warning)
                    .strong(),
                );
                let shown = cx.tr("iv-conflict-shown");
                let there = match &c.their_user {
                    Some(who) => {
                        cx.tr_args("iv-conflict-there-by", &[("who", who.as_str().into())])
                    }
                    None => cx.tr("iv-conflict-there"),
                };
                let here = cx.tr("iv-conflict-here");
                ui.columns(2, |cols| {
                    for (col, (title, raw, kept)) in cols.iter_mut().zip([
                        (here, &c.mine, !c.theirs_kept),
                        (there, &c.theirs, c.theirs_kept),
                    ]) {
                        let head = if kept {
                            format!("{title} {shown}")
                        } else {
                            title
                        };
                        col.label(RichText::new(head).color(t.muted));
                        col.add(
                            egui::Label::new(RichText::new(readable(cx, iv, c, raw)).color(t.text))
                                .wrap(),
                        );
                    }
                });
                if can_resolve {
                    ui.horizontal_wrapped(|ui| {
                        if primary_button(ui, &t, &cx.tr("iv-conflict-keep-mine")).clicked() {
                            chosen = Some(Move::Resolve(c.id, Keep::Mine));
                        }
                        if secondary_button(ui, &t, &cx.tr("iv-conflict-keep-theirs")).clicked() {
                            chosen = Some(Move::Resolve(c.id, Keep::Theirs));
                        }
                    });
                }
            });
        ui.add_space(t.gap * 0.5);
    }
    chosen
}
