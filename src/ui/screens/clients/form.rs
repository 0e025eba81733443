//! The client form (create and edit), drawn in a dialog. Reusable: [`ClientForm::ui`] draws the
//! fields and returns what the user asked; the owner sends [`ClientForm::input`] to the worker
//! and hands back the core's field errors with [`ClientForm::refused`].

use egui::{RichText, TextEdit, Ui, Vec2};
use rpma_core::clients::{Client, ClientInput, ClientKind, REQUIRED};
use rpma_core::contact::COMMON_COUNTRIES;
use rpma_core::ids::ClientId;
use rpma_core::live_checks::vat_siren_warning;
use rpma_core::{CoreError, Lang};

use crate::ui::widgets::{
    FormAction, FormFields, FormPart, FormState, badge_ui, icon_button, section_title_ui,
};
use crate::ui::{Cx, icons, live};

/// A client being created or edited.
#[derive(Debug, Clone, Default)]
pub struct ClientForm {
    /// The client, when editing.
    pub id: Option<ClientId>,
    /// The fields.
    pub input: ClientInput,
    /// A tag being typed.
    new_tag: String,
    /// Country typed by hand (not in the common list).
    other_country: bool,
    /// Errors, message, saving.
    pub state: FormState,
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
        self.state.refused(err, cx);
    }

    /// Draws the fields, or the buttons.
    pub fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>, part: FormPart) -> FormAction {
        if part == FormPart::Buttons {
            let action = self.state.buttons_ui(ui, cx, "clients-save");
            if action == FormAction::Save {
                self.add_typed_tag();
            }
            return action;
        }
        let before = live::snapshot(&self.state.errors, &self.input);
        let action = self.fields_ui(ui, cx);
        // Errors clear as they are fixed: changed fields are checked again by the core.
        let validate = |i: &ClientInput| rpma_core::clients::validate(i).err().unwrap_or_default();
        if live::revalidate(&mut self.state.errors, before, &self.input, validate)
            && self.state.errors.is_empty()
        {
            self.state.message = None;
        }
        action
    }

    fn fields_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> FormAction {
        let t = *cx.tokens;
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
        let f = self.state.fields(cx, REQUIRED);
        let input = &mut self.input;
        if business {
            f.text(
                ui,
                "company_name",
                "client-field-company",
                &mut input.company_name,
            );
        }
        let name_label = if business {
            "client-field-contact"
        } else {
            "client-field-name"
        };
        f.text(ui, "name", name_label, &mut input.name);
        if business {
            ui.columns(2, |cols| {
                if let [a, b] = cols {
                    f.text(a, "siret", "client-field-siret", &mut input.siret);
                    f.text(b, "vat_number", "client-field-vat", &mut input.vat_number);
                    let (vat, siret) = (&input.vat_number, &input.siret);
                    live::warning_ui(b, cx.tokens, cx.lang, vat_siren_warning(vat, siret));
                }
            });
        }
        ui.columns(2, |cols| {
            if let [a, b] = cols {
                f.text(a, "email", "client-field-email", &mut input.email);
                f.text(b, "phone", "client-field-phone", &mut input.phone);
            }
        });
        f.text(
            ui,
            "address_line1",
            "client-field-address1",
            &mut input.address_line1,
        );
        f.text(
            ui,
            "address_line2",
            "client-field-address2",
            &mut input.address_line2,
        );
        let other_country = &mut self.other_country;
        ui.columns(3, |cols| {
            if let [a, b, c] = cols {
                f.text(
                    a,
                    "postal_code",
                    "client-field-postal-code",
                    &mut input.postal_code,
                );
                f.text(b, "city", "client-field-city", &mut input.city);
                country_ui(c, cx, &f, &mut input.country, other_country);
            }
        });
        self.tags_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        ui.checkbox(
            &mut self.input.marketing_consent,
            cx.tr("client-field-consent"),
        );
        ui.add_space(t.gap * 0.5);
        let f = self.state.fields(cx, REQUIRED);
        f.multiline(ui, "notes", "client-field-notes", &mut self.input.notes, 3);
        FormAction::None
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
        self.state.fields(cx, REQUIRED).error_ui(ui, "tags");
    }
}

/// The country: a list of the common ones, or a code typed by hand ("other").
fn country_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    f: &FormFields<'_, '_>,
    country: &mut String,
    other: &mut bool,
) {
    let shown = if *other {
        cx.tr("client-country-other")
    } else {
        country_name(country, cx.lang)
    };
    f.field_ui(ui, "", &cx.tr("client-field-country"), |ui, _| {
        egui::ComboBox::from_id_salt("client_country")
            .selected_text(shown)
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                for (code, fr, en) in COMMON_COUNTRIES {
                    let name = if cx.lang == Lang::Fr { fr } else { en };
                    if ui
                        .selectable_label(!*other && country.as_str() == *code, *name)
                        .clicked()
                    {
                        *country = (*code).to_owned();
                        *other = false;
                    }
                }
                if ui
                    .selectable_label(*other, cx.tr("client-country-other"))
                    .clicked()
                {
                    *other = true;
                    country.clear();
                }
            })
            .response
    });
    if *other {
        f.text(ui, "country", "client-field-country-code", country);
    } else {
        f.error_ui(ui, "country");
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
