//! The client form (create and edit), drawn in a dialog. Reusable: [`ClientForm::ui`] draws the
//! fields and returns what the user asked; the owner sends [`ClientForm::input`] to the worker
//! and hands back the core's field errors with [`ClientForm::refused`].

use egui::{RichText, TextEdit, Ui, Vec2};
use rpma_core::clients::{Client, ClientInput, ClientKind};
use rpma_core::contact::COMMON_COUNTRIES;
use rpma_core::validate::FieldErrors;
use rpma_core::{CoreError, Lang};

use super::common::{primary_icon_button, secondary_icon_button};
use crate::ui::widgets::{badge_ui, icon_button, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons, live};
use rpma_core::live_checks::vat_siren_warning;

/// What the user did with the form this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// Nothing.
    None,
    /// Save asked (the form is valid as far as the UI can tell).
    Save,
    /// Close without saving.
    Cancel,
}

/// A client being created or edited.
#[derive(Debug, Clone, Default)]
pub struct ClientForm {
    /// The client, when editing.
    pub id: Option<String>,
    /// The fields.
    pub input: ClientInput,
    /// A tag being typed.
    new_tag: String,
    /// Country typed by hand (not in the common list).
    other_country: bool,
    /// The core's answer to the last save.
    errors: FieldErrors,
    /// A refusal that is not about one field.
    message: Option<String>,
    /// Waiting for the save.
    pub saving: bool,
}

impl ClientForm {
    /// An empty form (France, individual).
    pub fn new() -> Self {
        Self {
            input: ClientInput {
                country: "FR".into(),
                ..ClientInput::default()
            },
            ..Self::default()
        }
    }

    /// A form over an existing client.
    pub fn edit(c: &Client) -> Self {
        let input = c.to_input();
        let other_country = !COMMON_COUNTRIES
            .iter()
            .any(|(code, _, _)| *code == input.country);
        Self {
            id: Some(c.id.clone()),
            input,
            other_country,
            ..Self::default()
        }
    }

    /// The save failed: keep everything typed, show why.
    pub fn refused(&mut self, err: &CoreError, cx: &Cx<'_>) {
        self.saving = false;
        match err {
            CoreError::Invalid(e) => {
                self.errors = e.clone();
                self.message = Some(cx.tr("form-has-errors"));
            }
            other => {
                self.errors = FieldErrors::default();
                self.message = Some(cx.error_text(other));
            }
        }
    }

    fn err(&self, cx: &Cx<'_>, field: &str) -> Option<String> {
        cx.field_error(&self.errors, field)
    }

    /// Draws the fields and the buttons.
    pub fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> FormAction {
        let before = live::snapshot(&self.errors, &self.input);
        let action = self.fields_ui(ui, cx);
        // Errors clear as they are fixed: changed fields are checked again by the core.
        let validate = |i: &ClientInput| rpma_core::clients::validate(i).err().unwrap_or_default();
        if live::revalidate(&mut self.errors, before, &self.input, validate)
            && self.errors.is_empty()
        {
            self.message = None;
        }
        action
    }

    fn fields_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> FormAction {
        let t = *cx.tokens;
        let mut action = FormAction::None;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(cx.tr("client-field-kind"))
                    .strong()
                    .color(t.text),
            );
            for kind in [ClientKind::Individual, ClientKind::Business] {
                ui.selectable_value(&mut self.input.kind, kind, cx.tr(kind.label_key()));
            }
        });
        ui.add_space(t.gap * 0.5);
        let business = self.input.kind == ClientKind::Business;
        if business {
            let e = self.err(cx, "company_name");
            text_field_ui(
                ui,
                &t,
                &cx.tr("client-field-company"),
                &mut self.input.company_name,
                false,
                e.as_deref(),
            );
        }
        let name_label = if business {
            "client-field-contact"
        } else {
            "client-field-name"
        };
        let e = self.err(cx, "name");
        text_field_ui(
            ui,
            &t,
            &cx.tr(name_label),
            &mut self.input.name,
            false,
            e.as_deref(),
        );
        if business {
            ui.columns(2, |cols| {
                if let [a, b] = cols {
                    let e = self.err(cx, "siret");
                    text_field_ui(
                        a,
                        &t,
                        &cx.tr("client-field-siret"),
                        &mut self.input.siret,
                        false,
                        e.as_deref(),
                    );
                    let e = self.err(cx, "vat_number");
                    text_field_ui(
                        b,
                        &t,
                        &cx.tr("client-field-vat"),
                        &mut self.input.vat_number,
                        false,
                        e.as_deref(),
                    );
                    let (vat, siret) = (&self.input.vat_number, &self.input.siret);
                    live::warning_ui(b, cx.tokens, cx.lang, vat_siren_warning(vat, siret));
                }
            });
        }
        ui.columns(2, |cols| {
            if let [a, b] = cols {
                let e = self.err(cx, "email");
                text_field_ui(
                    a,
                    &t,
                    &cx.tr("client-field-email"),
                    &mut self.input.email,
                    false,
                    e.as_deref(),
                );
                let e = self.err(cx, "phone");
                text_field_ui(
                    b,
                    &t,
                    &cx.tr("client-field-phone"),
                    &mut self.input.phone,
                    false,
                    e.as_deref(),
                );
            }
        });
        let e = self.err(cx, "address_line1");
        text_field_ui(
            ui,
            &t,
            &cx.tr("client-field-address1"),
            &mut self.input.address_line1,
            false,
            e.as_deref(),
        );
        let e = self.err(cx, "address_line2");
        text_field_ui(
            ui,
            &t,
            &cx.tr("client-field-address2"),
            &mut self.input.address_line2,
            false,
            e.as_deref(),
        );
        ui.columns(3, |cols| {
            if let [a, b, c] = cols {
                let e = self.err(cx, "postal_code");
                text_field_ui(
                    a,
                    &t,
                    &cx.tr("client-field-postal-code"),
                    &mut self.input.postal_code,
                    false,
                    e.as_deref(),
                );
                let e = self.err(cx, "city");
                text_field_ui(
                    b,
                    &t,
                    &cx.tr("client-field-city"),
                    &mut self.input.city,
                    false,
                    e.as_deref(),
                );
                self.country_ui(c, cx);
            }
        });
        self.tags_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        ui.checkbox(
            &mut self.input.marketing_consent,
            cx.tr("client-field-consent"),
        );
        ui.add_space(t.gap * 0.5);
        let notes_label = ui.label(
            RichText::new(cx.tr("client-field-notes"))
                .strong()
                .color(t.text),
        );
        ui.add(
            TextEdit::multiline(&mut self.input.notes)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(notes_label.id);
        if let Some(e) = self.err(cx, "notes") {
            ui.label(RichText::new(e).color(t.danger).small());
        }
        if let Some(m) = &self.message {
            ui.add_space(t.gap * 0.5);
            ui.label(RichText::new(format!("{}  {m}", icons::WARNING)).color(t.danger));
        }
        ui.add_space(t.gap);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if self.saving {
                ui.spinner();
                ui.label(RichText::new(cx.tr("saving")).color(t.muted));
            } else {
                if primary_icon_button(ui, &t, icons::FLOPPY_DISK, &cx.tr("clients-save")).clicked()
                {
                    self.add_typed_tag();
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

    fn country_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        let label = ui.label(
            RichText::new(cx.tr("client-field-country"))
                .strong()
                .color(t.text),
        );
        let shown = if self.other_country {
            cx.tr("client-country-other")
        } else {
            country_name(&self.input.country, cx.lang)
        };
        egui::ComboBox::from_id_salt("client_country")
            .selected_text(shown)
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                for (code, fr, en) in COMMON_COUNTRIES {
                    let name = if cx.lang == Lang::Fr { fr } else { en };
                    if ui
                        .selectable_label(!self.other_country && self.input.country == *code, *name)
                        .clicked()
                    {
                        self.input.country = (*code).to_owned();
                        self.other_country = false;
                    }
                }
                if ui
                    .selectable_label(self.other_country, cx.tr("client-country-other"))
                    .clicked()
                {
                    self.other_country = true;
                    self.input.country.clear();
                }
            })
            .response
            .labelled_by(label.id);
        if self.other_country {
            let e = self.err(cx, "country");
            text_field_ui(
                ui,
                &t,
                &cx.tr("client-field-country-code"),
                &mut self.input.country,
                false,
                e.as_deref(),
            );
        } else if let Some(e) = self.err(cx, "country") {
            ui.label(RichText::new(e).color(t.danger).small());
        }
    }

    fn add_typed_tag(&mut self) {
        let tag = self.new_tag.trim().to_owned();
        if !tag.is_empty() && !self.input.tags.iter().any(|x| x.eq_ignore_ascii_case(&tag)) {
            self.input.tags.push(tag);
        }
        self.new_tag.clear();
    }

    fn tags_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        ui.add_space(t.gap * 0.5);
        section_title_ui(ui, &t, &cx.tr("client-field-tags"));
        let mut remove = None;
        ui.horizontal_wrapped(|ui| {
            for (i, tag) in self.input.tags.iter().enumerate() {
                egui::Frame::new()
                    .fill(t.accent_soft)
                    .corner_radius(10)
                    .inner_margin(egui::Margin::symmetric(8, 2))
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.label(
                                RichText::new(format!("{} {tag}", icons::TAG))
                                    .small()
                                    .color(t.accent_hover),
                            );
                            let alt =
                                cx.tr_args("client-tag-remove", &[("tag", tag.as_str().into())]);
                            if icon_button(ui, icons::X, &alt).clicked() {
                                remove = Some(i);
                            }
                        });
                    });
            }
            if self.input.tags.is_empty() {
                badge_ui(ui, &cx.tr("client-no-tags"), t.muted, t.bg);
            }
        });
        if let Some(i) = remove
            && i < self.input.tags.len()
        {
            self.input.tags.remove(i);
        }
        ui.horizontal(|ui| {
            let w = (ui.available_width() - 120.0).max(120.0);
            let r = ui.add_sized(
                Vec2::new(w, t.hit),
                TextEdit::singleline(&mut self.new_tag).hint_text(cx.tr("client-tag-hint")),
            );
            let r = r.on_hover_text(cx.tr("client-field-new-tag"));
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui
                .button(format!("{}  {}", icons::PLUS, cx.tr("client-tag-add")))
                .clicked()
                || enter
            {
                self.add_typed_tag();
            }
        });
        if let Some(e) = self.err(cx, "tags") {
            ui.label(RichText::new(e).color(t.danger).small());
        }
    }
}

/// A country's name in the UI language (the code itself when not a common one).
pub fn country_name(code: &str, lang: Lang) -> String {
    COMMON_COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(
            || code.to_owned(),
            |(_, fr, en)| {
                if lang == Lang::Fr {
                    (*fr).to_owned()
                } else {
                    (*en).to_owned()
                }
            },
        )
}
