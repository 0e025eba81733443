//! Forms, once: every field is a label (with a red `*` when the core lists it as required),
//! its input, and the core's error for it underneath ([`FormFields`]); every form keeps its
//! errors, its message and its "saving" flag the same way ([`FormState`]), ends with the same
//! message and Save / Cancel row, and is drawn in the same dialog ([`form_modal_ui`]).
//!
//! A new form: a struct with its input and a [`FormState`]; its `ui` draws the fields with
//! `self.state.fields(cx, REQUIRED)` (the core's list of required fields) then
//! `self.state.buttons_ui(…)`; its owner shows it with [`form_modal_ui`], sends the input on
//! [`FormAction::Save`] and hands the core's refusal back with [`FormState::refused`].

use egui::{Response, RichText, TextEdit, Ui, Vec2};
use rpma_core::CoreError;
use rpma_core::validate::FieldErrors;

use super::{primary_icon_button, secondary_icon_button, section_title_ui};
use crate::ui::theme::Tokens;
use crate::ui::{Cx, icons};

/// What the user did with a form this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// Nothing.
    None,
    /// Save asked (the form is valid as far as the UI can tell).
    Save,
    /// Close without saving.
    Cancel,
}

/// What a form keeps besides its input: the core's answer to the last save, a message that is
/// not about one field, and whether a save is out.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    /// The core's errors, by field.
    pub errors: FieldErrors,
    /// A refusal that is not about one field (or "the form has errors").
    pub message: Option<String>,
    /// Waiting for the save.
    pub saving: bool,
}

impl FormState {
    /// The save failed: keep everything typed, show why (by field when the core says so).
    pub fn refused(&mut self, err: &CoreError, cx: &Cx<'_>) {
        self.saving = false;
        match err {
            CoreError::Invalid(e) => self.invalid(e.clone(), cx),
            other => {
                self.errors = FieldErrors::default();
                self.message = Some(cx.error_text(other));
            }
        }
    }

    /// Shows `errors` beside their fields and the "form has errors" message.
    pub fn invalid(&mut self, errors: FieldErrors, cx: &Cx<'_>) {
        self.saving = false;
        self.errors = errors;
        self.message = Some(cx.tr("form-has-errors"));
    }

    /// The error shown for `field`, in the user's language.
    pub fn error(&self, cx: &Cx<'_>, field: &str) -> Option<String> {
        cx.field_error(&self.errors, field)
    }

    /// The field drawer over these errors; `required` is the core's list of required fields.
    pub fn fields<'a, 'c>(&'a self, cx: &'a Cx<'c>, required: &'a [&'a str]) -> FormFields<'a, 'c> {
        FormFields {
            cx,
            errors: &self.errors,
            required,
        }
    }

    /// The end of a form: the message, then Save and Cancel (a spinner while saving). A click
    /// on Save marks the form as saving.
    pub fn buttons_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>, save_key: &str) -> FormAction {
        let t = *cx.tokens;
        if let Some(m) = &self.message {
            ui.add_space(t.gap * 0.5);
            ui.label(RichText::new(format!("{}  {m}", icons::WARNING)).color(t.danger));
        }
        ui.add_space(t.gap);
        let mut action = FormAction::None;
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if self.saving {
                ui.spinner();
                ui.label(RichText::new(cx.tr("saving")).color(t.muted));
            } else {
                if primary_icon_button(ui, &t, icons::FLOPPY_DISK, &cx.tr(save_key)).clicked() {
                    action = FormAction::Save;
                }
                if secondary_icon_button(ui, &t, icons::X, &cx.tr("clients-cancel")).clicked() {
                    action = FormAction::Cancel;
                }
            }
        });
        if action == FormAction::Save {
            self.saving = true;
            self.message = None;
        }
        action
    }
}

/// Draws a form's fields: label, required mark, input, the core's error underneath.
pub struct FormFields<'a, 'c> {
    cx: &'a Cx<'c>,
    errors: &'a FieldErrors,
    required: &'a [&'a str],
}

impl FormFields<'_, '_> {
    /// A single-line text field labelled with the catalogue text `label_key`.
    pub fn text(&self, ui: &mut Ui, field: &str, label_key: &str, value: &mut String) -> Response {
        self.text_labelled(ui, field, &self.cx.tr(label_key), value)
    }

    /// A single-line text field with a label already in the user's language.
    pub fn text_labelled(
        &self,
        ui: &mut Ui,
        field: &str,
        label: &str,
        value: &mut String,
    ) -> Response {
        let t = *self.cx.tokens;
        self.field_ui(ui, field, label, |ui, error| {
            let mut edit = TextEdit::singleline(value)
                .desired_width(f32::INFINITY)
                .min_size(Vec2::new(0.0, t.hit))
                .margin(egui::Margin::symmetric(10, 8));
            if error {
                edit = edit.background_color(t.danger_soft);
            }
            edit.show(ui).response.response
        })
    }

    /// A multi-line text field of `rows` lines.
    pub fn multiline(
        &self,
        ui: &mut Ui,
        field: &str,
        label_key: &str,
        value: &mut String,
        rows: usize,
    ) -> Response {
        self.field_ui(ui, field, &self.cx.tr(label_key), |ui, _| {
            ui.add(
                TextEdit::multiline(value)
                    .desired_rows(rows)
                    .desired_width(f32::INFINITY),
            )
        })
    }

    /// Any input under a label: `input` draws it (told whether the field has an error) and
    /// returns its response, which gets the label as its accessible name; the error follows.
    pub fn field_ui(
        &self,
        ui: &mut Ui,
        field: &str,
        label: &str,
        input: impl FnOnce(&mut Ui, bool) -> Response,
    ) -> Response {
        let t = self.cx.tokens;
        let label = label_ui(ui, t, label, self.required.contains(&field));
        let error = self.cx.field_error(self.errors, field);
        let resp = input(ui, error.is_some()).labelled_by(label.id);
        if let Some(e) = error {
            ui.label(RichText::new(e).color(t.danger).small());
        }
        resp
    }

    /// Only the error of `field`, for an input drawn by other means.
    pub fn error_ui(&self, ui: &mut Ui, field: &str) {
        if let Some(e) = self.cx.field_error(self.errors, field) {
            ui.label(RichText::new(e).color(self.cx.tokens.danger).small());
        }
    }
}

/// A field's label, with the red required mark after it (not part of the label's text, so the
/// field's accessible name stays the label).
pub fn label_ui(ui: &mut Ui, t: &Tokens, label: &str, required: bool) -> Response {
    let text = RichText::new(label).color(t.text).strong();
    if !required {
        return ui.label(text);
    }
    // As tall as a plain label (a row is otherwise as tall as a button).
    ui.scope(|ui| {
        ui.spacing_mut().interact_size.y = 0.0;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 2.0;
            let r = ui.label(text);
            ui.label(RichText::new("*").color(t.danger).strong())
                .on_hover_text(label);
            r
        })
        .inner
    })
    .inner
}

/// Which part of a form [`form_modal_ui`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPart {
    /// The fields, in the dialog's scroll area.
    Fields,
    /// The message and the Save and Cancel buttons, under the scroll area: always in view,
    /// however long the form.
    Buttons,
}

/// A form in a dialog: its title, then the form's fields in a scroll area as tall as the window
/// allows, then its buttons (`form` is called for each [`FormPart`]). A click outside does not
/// close it (nothing typed is lost); Escape does (not while saving), as [`FormAction::Cancel`].
pub fn form_modal_ui(
    ui: &Ui,
    cx: &mut Cx<'_>,
    id: &str,
    title: &str,
    width: f32,
    saving: bool,
    mut form: impl FnMut(&mut Ui, &mut Cx<'_>, FormPart) -> FormAction,
) -> FormAction {
    let t = *cx.tokens;
    let mut action = FormAction::None;
    let modal = egui::Modal::new(egui::Id::unique(id))
        .frame(t.card_frame())
        .show(ui.ctx(), |ui| {
            ui.set_width(width);
            section_title_ui(ui, &t, title);
            ui.add_space(t.gap * 0.5);
            let max_h = ui.ctx().content_rect().height() - 220.0;
            egui::ScrollArea::vertical()
                .max_height(max_h.max(160.0))
                .min_scrolled_height(max_h.clamp(160.0, 560.0))
                .show(ui, |ui| {
                    action = form(ui, cx, FormPart::Fields);
                });
            let buttons = form(ui, cx, FormPart::Buttons);
            if buttons != FormAction::None {
                action = buttons;
            }
        });
    let escape = modal.should_close() && ui.input(|i| i.key_pressed(egui::Key::Escape));
    if escape && !saving {
        FormAction::Cancel
    } else {
        action
    }
}
