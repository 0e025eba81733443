//! The wizard's first steps: vehicle and client (search and pick one, or fill in a new one that
//! is created with the job, see [`super::parties`]), the error line every step shows, and the
//! time pickers' slot length. The other steps are in
//! [`super::details`] (zones, details), [`super::schedule`] and [`super::summary`].

use egui::{RichText, Ui};
use rpma_core::clients::ClientInput;
use rpma_core::vehicles::{SizeClass, VehicleInput};

use super::JobWizardScreen;
use crate::jobs::Job;
use crate::jobs::planning::PlanningJob;
use crate::ui::widgets::{secondary_button, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons, live};

/// Slot length of the time pickers, minutes.
pub(super) const SLOT_MIN: u32 = 15;

impl JobWizardScreen {
    pub(super) fn error_ui(&self, ui: &mut Ui, cx: &Cx<'_>, field: &str) {
        if let Some(e) = cx.field_error(&self.errors, field) {
            ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(cx.tokens.danger));
        }
    }

    pub(super) fn vehicle_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        section_title_ui(ui, &t, &cx.tr("wizard-vehicle-title"));
        self.error_ui(ui, cx, "vehicle");
        if self.draft.vehicle_id.is_some() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::CAR_PROFILE).size(22.0).color(t.accent));
                ui.label(
                    RichText::new(&self.draft.vehicle_label)
                        .strong()
                        .color(t.heading),
                );
                ui.label(RichText::new(cx.tr(self.draft.vehicle_size.label_key())).color(t.muted));
                if ui.button(cx.tr("wizard-change")).clicked() {
                    self.draft.vehicle_id = None;
                    self.draft.vehicle_label.clear();
                    self.draft.vehicle_owner = None;
                }
            });
            return;
        }
        if let Some(form) = &mut self.draft.new_vehicle {
            new_note_ui(ui, cx, "wizard-vehicle-new-note");
            let before = live::snapshot(&self.vehicle_errors, form);
            let e = &self.vehicle_errors;
            let f = |k: &str| cx.field_error(e, k);
            text_field_ui(
                ui,
                &t,
                &cx.tr("wizard-plate"),
                &mut form.plate,
                false,
                f("plate").as_deref(),
            );
            ui.checkbox(&mut form.foreign_plate, cx.tr("vehicle-field-foreign"));
            ui.columns(3, |c| {
                if let [a, b, y] = c {
                    text_field_ui(
                        a,
                        &t,
                        &cx.tr("wizard-make"),
                        &mut form.make,
                        false,
                        f("make").as_deref(),
                    );
                    text_field_ui(
                        b,
                        &t,
                        &cx.tr("wizard-model"),
                        &mut form.model,
                        false,
                        f("model").as_deref(),
                    );
                    text_field_ui(
                        y,
                        &t,
                        &cx.tr("wizard-year"),
                        &mut form.year,
                        false,
                        f("year").as_deref(),
                    );
                }
            });
            let suggestions = rpma_core::vehicle_ident::suggest_makes(&form.make, 6);
            if !form.make.is_empty()
                && !suggestions
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(&form.make))
            {
                ui.horizontal_wrapped(|ui| {
                    for m in suggestions {
                        if ui.small_button(m).clicked() {
                            form.make = m.to_owned();
                        }
                    }
                });
            }
            ui.label(RichText::new(cx.tr("wizard-size")).strong());
            ui.horizontal_wrapped(|ui| {
                for s in SizeClass::ALL {
                    ui.radio_value(&mut form.size_class, s, cx.tr(s.label_key()));
                }
            });
            ui.add_space(6.0);
            let cancel = secondary_button(ui, &t, &cx.tr("wizard-cancel-new")).clicked();
            // Errors clear as they are fixed: the changed fields are checked again by the core.
            let now = chrono::Utc::now().timestamp_millis();
            live::revalidate(&mut self.vehicle_errors, before, form, |i| {
                rpma_core::live_checks::vehicle(i, now)
            });
            if cancel {
                self.draft.new_vehicle = None;
                self.vehicle_errors = Default::default();
            }
            return;
        }
        let search = text_field_ui(
            ui,
            &t,
            &cx.tr("wizard-vehicle-search"),
            &mut self.draft.vehicle_search,
            false,
            None,
        );
        // The wizard starts by typing a plate: the field takes the keyboard when nothing else has it.
        if ui.ctx().memory(|m| m.focused().is_none()) {
            search.request_focus();
        }
        ui.label(
            RichText::new(cx.tr("wizard-vehicle-search-hint"))
                .small()
                .color(t.muted),
        );
        let q = self.draft.vehicle_search.trim().to_owned();
        if self.sent_vehicle_search.as_deref() != Some(q.as_str()) {
            self.sent_vehicle_search = Some(q.clone());
            if q.is_empty() {
                self.vehicle_hits.clear();
            } else {
                self.vehicle_req = Some(cx.submit(Job::Planning(PlanningJob::SearchVehicles {
                    text: q.clone(),
                    owner_id: None,
                })));
            }
        }
        let mut picked = None;
        for v in &self.vehicle_hits {
            let line = format!(
                "{}  {} · {} {}{}",
                icons::CAR_PROFILE,
                v.plate,
                v.make,
                v.model,
                v.owner_name
                    .as_ref()
                    .map(|o| format!(" — {o}"))
                    .unwrap_or_default()
            );
            if ui
                .add(
                    egui::Button::new(line)
                        .frame(true)
                        .min_size(egui::vec2(ui.available_width(), t.hit)),
                )
                .clicked()
            {
                picked = Some(v.id.clone());
            }
        }
        if !q.is_empty() && self.vehicle_hits.is_empty() && self.vehicle_req.is_none() {
            ui.label(RichText::new(cx.tr("wizard-vehicle-none")).color(t.muted));
        }
        if let Some(id) = picked {
            self.pick_req = Some(cx.submit(Job::Planning(PlanningJob::Pick {
                client_id: None,
                vehicle_id: Some(id),
            })));
        }
        ui.add_space(6.0);
        if secondary_button(
            ui,
            &t,
            &format!("{}  {}", icons::PLUS_CIRCLE, cx.tr("wizard-vehicle-new")),
        )
        .clicked()
        {
            self.draft.new_vehicle = Some(VehicleInput {
                plate: q,
                size_class: SizeClass::Medium,
                ..VehicleInput::default()
            });
        }
    }

    pub(super) fn client_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        section_title_ui(ui, &t, &cx.tr("wizard-client-title"));
        self.error_ui(ui, cx, "client");
        if self.draft.client_id.is_some() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::USER).size(22.0).color(t.accent));
                ui.label(
                    RichText::new(&self.draft.client_label)
                        .strong()
                        .color(t.heading),
                );
                if ui.button(cx.tr("wizard-change")).clicked() {
                    self.draft.client_id = None;
                    self.draft.client_label.clear();
                }
            });
            self.owner_change_ui(ui, cx);
            return;
        }
        if let Some(form) = &mut self.draft.new_client {
            new_note_ui(ui, cx, "wizard-client-new-note");
            let before = live::snapshot(&self.client_errors, form);
            let e = &self.client_errors;
            let f = |k: &str| cx.field_error(e, k);
            text_field_ui(
                ui,
                &t,
                &cx.tr("wizard-client-name"),
                &mut form.name,
                false,
                f("name").as_deref(),
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        &t,
                        &cx.tr("wizard-client-phone"),
                        &mut form.phone,
                        false,
                        f("phone").as_deref(),
                    );
                    text_field_ui(
                        b,
                        &t,
                        &cx.tr("wizard-client-email"),
                        &mut form.email,
                        false,
                        f("email").as_deref(),
                    );
                }
            });
            ui.add_space(6.0);
            let cancel = secondary_button(ui, &t, &cx.tr("wizard-cancel-new")).clicked();
            live::revalidate(&mut self.client_errors, before, form, |i| {
                rpma_core::clients::check(i)
            });
            self.owner_change_ui(ui, cx);
            if cancel {
                self.draft.new_client = None;
                self.client_errors = Default::default();
            }
            return;
        }
        text_field_ui(
            ui,
            &t,
            &cx.tr("wizard-client-search"),
            &mut self.draft.client_search,
            false,
            None,
        );
        let q = self.draft.client_search.trim().to_owned();
        if self.sent_client_search.as_deref() != Some(q.as_str()) {
            self.sent_client_search = Some(q.clone());
            if q.is_empty() {
                self.client_hits.clear();
            } else {
                self.client_req = Some(cx.submit(Job::Planning(PlanningJob::SearchClients {
                    text: q.clone(),
                })));
            }
        }
        let mut picked = None;
        for c in &self.client_hits {
            let mut line = format!("{}  {}", icons::USER, c.display_name);
            for extra in [&c.phone, &c.email, &c.city].into_iter().flatten() {
                line.push_str(" · ");
                line.push_str(extra);
            }
            if ui
                .add(egui::Button::new(line).min_size(egui::vec2(ui.available_width(), t.hit)))
                .clicked()
            {
                picked = Some((c.id.clone(), c.display_name.clone()));
            }
        }
        if !q.is_empty() && self.client_hits.is_empty() && self.client_req.is_none() {
            ui.label(RichText::new(cx.tr("wizard-client-none")).color(t.muted));
        }
        if let Some((id, name)) = picked {
            self.draft.client_id = Some(id);
            self.draft.client_label = name;
        }
        ui.add_space(6.0);
        if secondary_button(
            ui,
            &t,
            &format!("{}  {}", icons::USER_PLUS, cx.tr("wizard-client-new")),
        )
        .clicked()
        {
            self.draft.new_client = Some(ClientInput {
                name: q,
                country: "FR".to_owned(),
                ..ClientInput::default()
            });
        }
    }

    /// An existing vehicle of someone else (or of nobody) goes to the job's client.
    fn owner_change_ui(&self, ui: &mut Ui, cx: &Cx<'_>) {
        let other_owner = match (&self.draft.client_id, &self.draft.new_client) {
            (_, Some(_)) => self.draft.vehicle_owner.is_some(),
            (Some(id), None) => self.draft.vehicle_owner.as_ref() != Some(id),
            (None, None) => false,
        };
        if self.draft.vehicle_id.is_some() && other_owner {
            ui.label(RichText::new(cx.tr("wizard-owner-change")).color(cx.tokens.warning));
        }
    }
}

/// The line above a new client's or vehicle's form: it is saved with the job, not before.
fn new_note_ui(ui: &mut Ui, cx: &Cx<'_>, key: &str) {
    ui.label(RichText::new(format!("{}  {}", icons::INFO, cx.tr(key))).color(cx.tokens.muted));
    ui.add_space(4.0);
}
