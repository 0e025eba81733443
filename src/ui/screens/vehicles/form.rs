//! The vehicle form (create, edit, change owner), drawn in a dialog: plate with the "foreign
//! plate" box, VIN, make with suggestions as you type, model, year, colour, size class, owner
//! picked by searching clients through the worker, notes.

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::clients::{ClientFilter, ClientRow};
use rpma_core::ids::{ClientId, VehicleId};
use rpma_core::vehicle_ident::suggest_makes;
use rpma_core::vehicles::{REQUIRED, SizeClass, Vehicle, VehicleInput};

use crate::jobs::crm::CrmJob;
use crate::jobs::{Job, RequestId};
use crate::ui::widgets::{FormAction, FormPart, FormState, badge_ui};
use crate::ui::{Cx, icons, live};

/// A vehicle being created or edited.
#[derive(Debug, Clone, Default)]
pub struct VehicleForm {
    /// The vehicle, when editing.
    pub id: Option<VehicleId>,
    /// The fields.
    pub input: VehicleInput,
    /// Only the owner is edited ("Change owner").
    pub owner_only: bool,
    owner_name: Option<String>,
    owner_query: String,
    /// The client search out.
    pub owner_req: Option<RequestId>,
    matches: Vec<ClientRow>,
    /// Errors, message, saving.
    pub state: FormState,
}

impl VehicleForm {
    /// An empty form, owned by `owner` (id and name) when given.
    pub fn new(owner: Option<(ClientId, String)>) -> Self {
        let (owner_id, owner_name) = owner.map_or((None, None), |(i, n)| (Some(i), Some(n)));
        Self {
            input: VehicleInput {
                owner_id,
                ..VehicleInput::default()
            },
            owner_name,
            ..Self::default()
        }
    }

    /// A form over an existing vehicle.
    pub fn edit(v: &Vehicle, owner_name: Option<String>, owner_only: bool) -> Self {
        Self {
            id: Some(v.id.clone()),
            input: v.to_input(),
            owner_name,
            owner_only,
            ..Self::default()
        }
    }

    /// The owner's name is known now (a "new vehicle for this client" form).
    pub fn set_owner_name(&mut self, name: String) {
        self.owner_name = Some(name);
    }

    /// The owner's name, when known.
    pub fn owner_name_ref(&self) -> Option<&str> {
        self.owner_name.as_deref()
    }

    /// The save failed: keep everything typed, show why.
    pub fn refused(&mut self, err: &CoreError, cx: &Cx<'_>) {
        self.state.refused(err, cx);
    }

    /// Clients matching the owner search came back.
    pub fn on_matches(&mut self, rows: Vec<ClientRow>) {
        self.owner_req = None;
        self.matches = rows;
    }

    /// Draws the fields, or the buttons.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, part: FormPart) -> FormAction {
        if part == FormPart::Buttons {
            return self.state.buttons_ui(ui, cx, "vehicles-save");
        }
        let before = live::snapshot(&self.state.errors, &self.input);
        let action = self.fields_ui(ui, cx);
        // Errors clear as they are fixed: changed fields are checked again by the core.
        let now = chrono::Utc::now().timestamp_millis();
        let validate = |i: &VehicleInput| rpma_core::live_checks::vehicle(i, now);
        if live::revalidate(&mut self.state.errors, before, &self.input, validate)
            && self.state.errors.is_empty()
        {
            self.state.message = None;
        }
        action
    }

    fn fields_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> FormAction {
        let t = *cx.tokens;
        if !self.owner_only {
            self.identity_ui(ui, cx);
        }
        self.owner_ui(ui, cx);
        if !self.owner_only {
            ui.add_space(t.gap * 0.5);
            let f = self.state.fields(cx, REQUIRED);
            f.multiline(ui, "notes", "vehicle-field-notes", &mut self.input.notes, 2);
        }
        FormAction::None
    }

    fn identity_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        let f = self.state.fields(cx, REQUIRED);
        let input = &mut self.input;
        ui.columns(2, |cols| {
            if let [a, b] = cols {
                f.text(a, "plate", "vehicle-field-plate", &mut input.plate);
                a.checkbox(&mut input.foreign_plate, cx.tr("vehicle-field-foreign"));
                f.text(b, "vin", "vehicle-field-vin", &mut input.vin);
            }
        });
        ui.columns(2, |cols| {
            if let [a, b] = cols {
                f.text(a, "make", "vehicle-field-make", &mut input.make);
                make_suggestions_ui(a, &t, &mut input.make);
                f.text(b, "model", "vehicle-field-model", &mut input.model);
            }
        });
        ui.columns(3, |cols| {
            if let [a, b, c] = cols {
                f.text(a, "year", "vehicle-field-year", &mut input.year);
                f.text(b, "colour", "vehicle-field-colour", &mut input.colour);
                let size = &mut input.size_class;
                f.field_ui(c, "size_class", &cx.tr("vehicle-field-size"), |c, _| {
                    egui::ComboBox::from_id_salt("vehicle_size")
                        .selected_text(cx.tr(size.label_key()))
                        .width(c.available_width())
                        .show_ui(c, |ui| {
                            for s in SizeClass::ALL {
                                ui.selectable_value(size, s, cx.tr(s.label_key()));
                            }
                        })
                        .response
                });
            }
        });
    }

    fn owner_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        ui.add_space(t.gap * 0.5);
        ui.label(
            RichText::new(cx.tr("vehicle-field-owner"))
                .strong()
                .color(t.text),
        );
        ui.horizontal(|ui| {
            match (&self.input.owner_id, &self.owner_name) {
                (Some(_), Some(name)) => {
                    badge_ui(
                        ui,
                        &format!("{}  {name}", icons::USER),
                        t.accent_hover,
                        t.accent_soft,
                    );
                }
                (Some(_), None) => {
                    badge_ui(
                        ui,
                        &cx.tr("vehicles-owner-set"),
                        t.accent_hover,
                        t.accent_soft,
                    );
                }
                (None, _) => {
                    badge_ui(ui, &cx.tr("vehicles-no-owner"), t.muted, t.bg);
                }
            }
            if self.input.owner_id.is_some() && ui.button(cx.tr("vehicles-owner-clear")).clicked() {
                self.input.owner_id = None;
                self.owner_name = None;
            }
        });
        let f = self.state.fields(cx, REQUIRED);
        let r = f.text(
            ui,
            "owner",
            "vehicle-field-owner-search",
            &mut self.owner_query,
        );
        if r.changed() {
            if self.owner_query.trim().is_empty() {
                self.matches.clear();
                self.owner_req = None;
            } else {
                let filter = ClientFilter {
                    text: self.owner_query.clone(),
                    limit: 8,
                    ..ClientFilter::default()
                };
                self.owner_req = Some(cx.submit(Job::Crm(CrmJob::LoadClients { filter })));
            }
        }
        if !self.owner_query.trim().is_empty() {
            let mut picked = None;
            egui::Frame::new()
                .fill(t.card)
                .stroke(egui::Stroke::new(1.0, t.card_stroke))
                .corner_radius(t.radius_small)
                .inner_margin(4)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if self.matches.is_empty() {
                        let key = if self.owner_req.is_some() {
                            "loading"
                        } else {
                            "vehicles-owner-none-found"
                        };
                        ui.label(RichText::new(cx.tr(key)).color(t.muted));
                    }
                    for c in &self.matches {
                        let extra = [c.city.clone(), c.phone.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · ");
                        let text = if extra.is_empty() {
                            c.display_name.clone()
                        } else {
                            format!("{}  —  {extra}", c.display_name)
                        };
                        if ui
                            .selectable_label(
                                self.input.owner_id.as_deref() == Some(c.id.as_str()),
                                text,
                            )
                            .clicked()
                        {
                            picked = Some((c.id.clone(), c.display_name.clone()));
                        }
                    }
                });
            if let Some((id, name)) = picked {
                self.input.owner_id = Some(id);
                self.owner_name = Some(name);
                self.owner_query.clear();
                self.matches.clear();
            }
        }
    }
}

/// Makes known to the app that start like the typed one, a click taking one (none once the
/// typed make is one of them).
fn make_suggestions_ui(ui: &mut Ui, t: &crate::ui::theme::Tokens, make: &mut String) {
    let typed = make.trim().to_owned();
    if typed.is_empty() {
        return;
    }
    let found = suggest_makes(&typed, 6);
    let exact = found.iter().any(|m| m.eq_ignore_ascii_case(&typed));
    if found.is_empty() || exact {
        return;
    }
    egui::Frame::new()
        .fill(t.card)
        .stroke(egui::Stroke::new(1.0, t.card_stroke))
        .corner_radius(t.radius_small)
        .inner_margin(4)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            for m in found {
                if ui
                    .selectable_label(false, format!("{}  {m}", icons::CAR))
                    .clicked()
                {
                    *make = m.to_owned();
                }
            }
        });
}
