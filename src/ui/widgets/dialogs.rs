//! Confirmation dialogs and empty states.

use egui::{RichText, Ui};

use super::{danger_button, secondary_button, section_title_ui};
use crate::ui::theme::Tokens;
use crate::ui::{Cx, icons};

/// An empty state: icon, a line saying what is missing and what to do.
pub fn empty_state_ui(ui: &mut Ui, t: &Tokens, icon: &str, title: &str, hint: &str) {
    ui.vertical_centered(|ui| {
        ui.add_space(t.gap);
        ui.label(RichText::new(icon).size(34.0).color(t.muted));
        ui.label(RichText::new(title).strong().color(t.heading));
        ui.label(RichText::new(hint).color(t.muted));
        ui.add_space(t.gap);
    });
}

/// What the user did in a confirmation dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Nothing yet.
    Open,
    /// Confirmed.
    Yes,
    /// Cancelled or closed.
    No,
}

/// A confirmation dialog for an irreversible action; `ready` disables the confirm button
/// (e.g. until a word is typed).
pub fn confirm_modal_ui(
    ui: &Ui,
    cx: &Cx<'_>,
    id: &str,
    title: &str,
    body: &str,
    yes: &str,
    extra: impl FnOnce(&mut Ui) -> bool,
) -> Answer {
    let t = *cx.tokens;
    let mut answer = Answer::Open;
    let modal = egui::Modal::new(egui::Id::unique(id))
        .frame(t.card_frame())
        .show(ui.ctx(), |ui| {
            ui.set_width(480.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::WARNING).size(22.0).color(t.danger));
                section_title_ui(ui, &t, title);
            });
            ui.add_space(4.0);
            ui.label(RichText::new(body).color(t.text));
            ui.add_space(t.gap * 0.5);
            let ready = extra(ui);
            ui.add_space(t.gap * 0.5);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let r = ui
                    .add_enabled_ui(ready, |ui| danger_button(ui, &t, yes))
                    .inner;
                if r.clicked() {
                    answer = Answer::Yes;
                }
                if secondary_button(ui, &t, &cx.tr("clients-cancel")).clicked() {
                    answer = Answer::No;
                }
            });
        });
    if answer == Answer::Open && modal.should_close() {
        Answer::No
    } else {
        answer
    }
}
