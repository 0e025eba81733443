//! Pieces shared by the security forms: the buttons row, errors, the saving spinner.

use egui::{RichText, Ui};

use crate::ui::theme::Tokens;
use crate::ui::widgets::{primary_button, secondary_button};
use crate::ui::{Cx, icons};

use super::ProfileScreen;

impl ProfileScreen {
    /// The "send" and "cancel" buttons of a security form, disabled while a reply is awaited.
    /// `danger`: the send button is red (the action takes something away).
    pub(super) fn form_buttons_ui(
        &self,
        ui: &mut Ui,
        cx: &Cx<'_>,
        label: &str,
        danger: bool,
    ) -> (bool, bool) {
        let t = *cx.tokens;
        let busy = self.security_pending.is_some();
        let mut submit = false;
        let mut cancel = false;
        ui.horizontal(|ui| {
            submit = ui
                .add_enabled_ui(!busy, |ui| {
                    if danger {
                        danger_button_ui(ui, &t, label)
                    } else {
                        primary_button(ui, &t, label)
                    }
                })
                .inner
                .clicked();
            cancel = ui
                .add_enabled_ui(!busy, |ui| {
                    secondary_button(ui, &t, &cx.tr("profile-cancel"))
                })
                .inner
                .clicked();
            if busy {
                saving_ui(ui, cx);
            }
        });
        (submit && !busy, cancel && !busy)
    }
}

/// True when Enter was pressed in one of these single-line fields (it submits the form).
pub(super) fn enter_in_ui(ui: &Ui, fields: &[&egui::Response]) -> bool {
    fields.iter().any(|f| f.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

pub(super) fn error_label_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.label(RichText::new(format!("{} {text}", icons::WARNING)).color(t.danger));
}

pub(super) fn saving_ui(ui: &mut Ui, cx: &Cx<'_>) {
    ui.spinner();
    ui.label(RichText::new(cx.tr("saving")).color(cx.tokens.muted));
}

/// A red action button (it takes something away).
fn danger_button_ui(ui: &mut Ui, t: &Tokens, text: &str) -> egui::Response {
    ui.add(
        egui::Button::new(RichText::new(text).color(t.on_accent).strong())
            .fill(t.danger)
            .stroke(egui::Stroke::NONE)
            .min_size(egui::vec2(0.0, t.hit)),
    )
}
