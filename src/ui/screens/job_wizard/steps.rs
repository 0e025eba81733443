//! The wizard's steps: vehicle, client, zones, details, schedule (with a month date picker,
//! 15-minute slots and the live conflict preview) and the summary.

use chrono::{Datelike as _, Duration, NaiveDate, NaiveTime, TimeZone as _, Timelike as _};
use egui::{RichText, Ui};
use rpma_core::clients::ClientInput;
use rpma_core::format;
use rpma_core::i18n::Arg;
use rpma_core::jobs::Priority;
use rpma_core::vehicles::{SizeClass, VehicleInput};
use rpma_core::workflow;

use super::{JobWizardScreen, Step};
use crate::jobs::Job;
use crate::jobs::planning::{PlanningJob, PlanningRefs};
use crate::ui::screens::jobs::num;
use crate::ui::widgets::{
    kv_row_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Cx, icons};

/// Slot length of the time pickers, minutes.
pub(super) const SLOT_MIN: u32 = 15;

fn minutes_of(s: &str) -> Option<u32> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .ok()
        .map(|t| t.hour() * 60 + t.minute())
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", (m / 60) % 24, m % 60)
}

/// Opening and closing minutes of a day (08:00–18:00 when closed or unreadable).
fn open_hours(refs: &PlanningRefs, d: NaiveDate) -> (u32, u32) {
    refs.hours
        .day(d.weekday())
        .and_then(|h| Some((minutes_of(&h.open)?, minutes_of(&h.close)?)))
        .filter(|(o, c)| o < c)
        .unwrap_or((8 * 60, 18 * 60))
}

impl JobWizardScreen {
    fn error_ui(&self, ui: &mut Ui, cx: &Cx<'_>, field: &str) {
        if let Some(e) = cx.field_error(&self.errors, field) {
            ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(cx.tokens.danger));
        }
    }

    pub(super) fn vehicle_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        section_title_ui(ui, &t, &cx.tr("wizard-vehicle-title"));
        self.error_ui(ui, cx, "vehicle_id");
        if let Some(id) = &self.draft.vehicle_id {
            let _ = id;
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
            let mut cancel = false;
            ui.horizontal(|ui| {
                let busy = self.create_vehicle_req.is_some();
                if ui
                    .add_enabled_ui(!busy, |ui| {
                        primary_button(
                            ui,
                            &t,
                            &format!("{}  {}", icons::PLUS, cx.tr("wizard-vehicle-create")),
                        )
                    })
                    .inner
                    .clicked()
                    && cx.user.is_some()
                {
                    let mut input = form.clone();
                    input.owner_id = None;
                    self.create_vehicle_req =
                        Some(cx.submit(Job::Planning(PlanningJob::CreateVehicle {
                            input: Box::new(input),
                        })));
                }
                if secondary_button(ui, &t, &cx.tr("wizard-cancel-new")).clicked() {
                    cancel = true;
                }
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
        self.error_ui(ui, cx, "client_id");
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
            if self.draft.vehicle_owner.as_ref() != self.draft.client_id.as_ref() {
                ui.label(RichText::new(cx.tr("wizard-owner-change")).color(t.warning));
            }
            return;
        }
        if let Some(form) = &mut self.draft.new_client {
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
            let mut cancel = false;
            ui.horizontal(|ui| {
                let busy = self.create_client_req.is_some();
                if ui
                    .add_enabled_ui(!busy, |ui| {
                        primary_button(
                            ui,
                            &t,
                            &format!("{}  {}", icons::PLUS, cx.tr("wizard-client-create")),
                        )
                    })
                    .inner
                    .clicked()
                    && cx.user.is_some()
                {
                    self.create_client_req =
                        Some(cx.submit(Job::Planning(PlanningJob::CreateClient {
                            input: Box::new(form.clone()),
                        })));
                }
                if secondary_button(ui, &t, &cx.tr("wizard-cancel-new")).clicked() {
                    cancel = true;
                }
            });
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

    pub(super) fn zones_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        let size = self.draft.vehicle_size;
        section_title_ui(ui, &t, &cx.tr("wizard-zones"));
        ui.label(
            RichText::new(cx.tr_args(
                "wizard-zones-hint",
                &[("size", Arg::from(cx.tr(size.label_key())))],
            ))
            .color(t.muted),
        );
        self.error_ui(ui, cx, "zones");
        self.error_ui(ui, cx, "zone_ids");
        let total: f64 = refs
            .zones
            .iter()
            .filter(|z| self.draft.zone_ids.contains(&z.id))
            .map(|z| z.area(size))
            .sum();
        ui.label(
            RichText::new(cx.tr_args(
                "wizard-zones-total",
                &[
                    ("count", num(self.draft.zone_ids.len())),
                    ("area", Arg::from(format::format_decimal(total, 2, cx.lang))),
                ],
            ))
            .strong()
            .color(t.heading),
        );
        ui.add_space(6.0);
        let card_w = 190.0;
        ui.horizontal_wrapped(|ui| {
            for z in &refs.zones {
                let on = self.draft.zone_ids.contains(&z.id);
                let text = format!(
                    "{}  {}\n{} m²",
                    if on {
                        icons::CHECK_SQUARE
                    } else {
                        icons::SQUARE
                    },
                    z.name(cx.lang),
                    format::format_decimal(z.area(size), 2, cx.lang)
                );
                let b = egui::Button::new(RichText::new(text).color(if on {
                    t.accent_hover
                } else {
                    t.text
                }))
                .fill(if on { t.accent_soft } else { t.card })
                .stroke(egui::Stroke::new(
                    1.0,
                    if on { t.accent } else { t.card_stroke },
                ))
                .corner_radius(8)
                .min_size(egui::vec2(card_w, 52.0))
                .selected(on);
                if ui.add(b).clicked() {
                    if on {
                        self.draft.zone_ids.retain(|x| x != &z.id);
                    } else {
                        self.draft.zone_ids.push(z.id.clone());
                    }
                }
            }
        });
    }

    pub(super) fn details_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        section_title_ui(ui, &t, &cx.tr("wizard-step-details"));
        let err = cx.field_error(&self.errors, "film_product");
        text_field_ui(
            ui,
            &t,
            &cx.tr("wizard-film"),
            &mut self.draft.film,
            false,
            err.as_deref(),
        );
        ui.label(
            RichText::new(cx.tr("wizard-film-hint"))
                .small()
                .color(t.muted),
        );
        ui.add_space(6.0);
        ui.label(RichText::new(cx.tr("wizard-priority")).strong());
        ui.horizontal(|ui| {
            for p in Priority::ALL {
                ui.radio_value(&mut self.draft.priority, p, cx.tr(p.i18n_key()));
            }
        });
        ui.add_space(6.0);
        self.template_ui(ui, cx);
        ui.add_space(6.0);
        let label = ui.label(RichText::new(cx.tr("wizard-notes")).strong());
        ui.add(
            egui::TextEdit::multiline(&mut self.draft.notes)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        self.error_ui(ui, cx, "notes");
        ui.add_space(6.0);
        ui.label(RichText::new(cx.tr("wizard-checklist")).strong());
        let mut remove = None;
        for (i, item) in self.draft.checklist.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!("{}  {item}", icons::LIST_CHECKS));
                let alt = cx.tr_args(
                    "jobs-checklist-remove",
                    &[("item", Arg::from(item.as_str()))],
                );
                if crate::ui::widgets::icon_button(ui, icons::X, &alt).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove
            && i < self.draft.checklist.len()
        {
            self.draft.checklist.remove(i);
        }
        self.error_ui(ui, cx, "checklist");
        ui.horizontal(|ui| {
            let label = cx.tr("jobs-checklist-new");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.draft.checklist_new)
                    .hint_text(&label)
                    .desired_width(320.0),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label));
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui
                .button(format!("{}  {}", icons::PLUS, cx.tr("jobs-checklist-add")))
                .clicked()
                || enter)
                && !self.draft.checklist_new.trim().is_empty()
            {
                let item = std::mem::take(&mut self.draft.checklist_new);
                self.draft.checklist.push(item.trim().to_owned());
            }
        });
    }

    /// The name of the template with this id among the active ones, once they are loaded.
    fn template_name(&self, cx: &Cx<'_>, id: &str) -> Option<String> {
        self.templates
            .as_ref()?
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.get(cx.lang).to_owned())
    }

    /// The workflow template: automatic (by zone count) or one of the active templates, with
    /// the one the rule will pick for the zones chosen.
    fn template_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        let label = ui.label(RichText::new(cx.tr("wf-wizard-template")).strong());
        let auto = cx.tr("wf-wizard-auto");
        let selected = match &self.draft.template_id {
            None => auto.clone(),
            Some(id) => self
                .template_name(cx, id)
                .unwrap_or_else(|| cx.tr("wf-wizard-unavailable")),
        };
        let list = self.templates.clone().unwrap_or_default();
        egui::ComboBox::from_id_salt("wizard_template")
            .selected_text(selected)
            .width(340.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.draft.template_id, None, &auto);
                for tpl in &list {
                    ui.selectable_value(
                        &mut self.draft.template_id,
                        Some(tpl.id.clone()),
                        tpl.name.get(cx.lang),
                    );
                }
            })
            .response
            .labelled_by(label.id);
        if self.templates.is_none() && self.templates_req.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new(cx.tr("loading")).small().color(t.muted));
            });
        }
        let count = self.draft.zone_ids.len();
        match &self.draft.template_id {
            None => {
                let rule = workflow::default_for_zone_count(count);
                let name = self
                    .template_name(cx, rule)
                    .unwrap_or_else(|| rule.to_owned());
                ui.label(
                    RichText::new(cx.tr_args(
                        "wf-wizard-rule-picks",
                        &[("count", num(count)), ("name", Arg::from(name))],
                    ))
                    .small()
                    .color(t.muted),
                );
            }
            Some(id) if self.templates.is_some() => {
                match self
                    .templates
                    .as_ref()
                    .and_then(|l| l.iter().find(|x| &x.id == id))
                {
                    Some(tpl) => {
                        ui.label(
                            RichText::new(cx.tr_args(
                                "wf-wizard-template-steps",
                                &[
                                    ("steps", num(tpl.steps.len())),
                                    (
                                        "time",
                                        Arg::from(crate::ui::screens::templates::duration_text(
                                            cx,
                                            tpl.est_minutes(),
                                        )),
                                    ),
                                ],
                            ))
                            .small()
                            .color(t.muted),
                        );
                    }
                    None => {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                icons::WARNING,
                                cx.tr("wf-err-template-inactive")
                            ))
                            .color(t.warning),
                        );
                    }
                }
            }
            Some(_) => {}
        }
        self.error_ui(ui, cx, "template_id");
    }

    /// The template shown in the summary: the one chosen, or the one the rule picks.
    fn template_summary(&self, cx: &Cx<'_>) -> String {
        match &self.draft.template_id {
            Some(id) => self
                .template_name(cx, id)
                .unwrap_or_else(|| cx.tr("wf-wizard-unavailable")),
            None => {
                let rule = workflow::default_for_zone_count(self.draft.zone_ids.len());
                let name = self
                    .template_name(cx, rule)
                    .unwrap_or_else(|| rule.to_owned());
                cx.tr_args("wf-wizard-summary-auto", &[("name", Arg::from(name))])
            }
        }
    }

    pub(super) fn schedule_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        self.default_schedule(cx, refs);
        section_title_ui(ui, &t, &cx.tr("wizard-step-schedule"));
        ui.columns(2, |cols| {
            let [left, right] = cols else { return };
            self.date_picker_ui(left, cx);
            self.slot_ui(right, cx, refs);
        });
        self.conflicts_ui(ui, cx, refs);
    }

    fn date_picker_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = cx.tokens;
        let today = cx
            .tz
            .timestamp_millis_opt(super::super::jobs::now_ms())
            .single()
            .map(|d| d.date_naive())
            .unwrap_or_default();
        let chosen = self.draft.date();
        let shown = ui
            .ctx()
            .data(|d| d.get_temp::<NaiveDate>(egui::Id::unique("wizard_month")))
            .or(chosen)
            .unwrap_or(today)
            .with_day(1)
            .unwrap_or(today);
        let mut month = shown;
        ui.label(RichText::new(cx.tr("wizard-date")).strong());
        ui.horizontal(|ui| {
            if crate::ui::widgets::icon_button(ui, icons::CARET_LEFT, &cx.tr("wizard-month-prev"))
                .clicked()
            {
                month = (month - Duration::days(1)).with_day(1).unwrap_or(month);
            }
            let name = format!(
                "{} {}",
                cx.tr(&format!("wizard-month-{}", month.month())),
                month.year()
            );
            ui.label(RichText::new(name).strong().color(t.heading));
            if crate::ui::widgets::icon_button(ui, icons::CARET_RIGHT, &cx.tr("wizard-month-next"))
                .clicked()
            {
                month = (month + Duration::days(32)).with_day(1).unwrap_or(month);
            }
        });
        if month != shown {
            ui.ctx()
                .data_mut(|d| d.insert_temp(egui::Id::unique("wizard_month"), month));
        }
        let lead = month.weekday().num_days_from_monday();
        egui::Grid::new("wizard_days")
            .spacing([4.0, 4.0])
            .show(ui, |ui| {
                for k in 1..=7 {
                    ui.label(
                        RichText::new(cx.tr(&format!("wizard-weekday-{k}")))
                            .small()
                            .color(t.muted),
                    );
                }
                ui.end_row();
                for _ in 0..lead {
                    ui.label("");
                }
                let mut col = lead;
                let mut day = month;
                while day.month() == month.month() {
                    let selected = chosen == Some(day);
                    let past = day < today;
                    let text = RichText::new(day.day().to_string()).color(if selected {
                        t.on_accent
                    } else if past {
                        t.muted
                    } else {
                        t.text
                    });
                    let b = egui::Button::new(if day == today { text.strong() } else { text })
                        .fill(if selected { t.accent } else { t.card })
                        .stroke(egui::Stroke::new(
                            1.0,
                            if day == today {
                                t.accent
                            } else {
                                t.card_stroke
                            },
                        ))
                        .min_size(egui::vec2(34.0, 30.0));
                    if ui.add(b).clicked() {
                        self.draft.date = day.format("%Y-%m-%d").to_string();
                    }
                    col += 1;
                    if col == 7 {
                        ui.end_row();
                        col = 0;
                    }
                    day += Duration::days(1);
                }
            });
        if let Some(d) = chosen {
            ui.label(
                RichText::new(format::format_date(
                    super::super::jobs::local_midnight(d, cx.tz) + 12 * 3_600_000,
                    cx.tz,
                    cx.lang,
                ))
                .color(t.muted),
            );
        }
        self.error_ui(ui, cx, "scheduled_start");
    }

    fn slot_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        let day = self.draft.date().unwrap_or_default();
        let (open, close) = open_hours(refs, day);
        let slots: Vec<String> = (open / SLOT_MIN..=close / SLOT_MIN)
            .map(|s| hhmm(s * SLOT_MIN))
            .collect();
        let old_start = minutes_of(&self.draft.start);
        ui.horizontal(|ui| {
            egui::ComboBox::from_label(cx.tr("wizard-start"))
                .selected_text(&self.draft.start)
                .height(300.0)
                .show_ui(ui, |ui| {
                    for s in &slots {
                        ui.selectable_value(&mut self.draft.start, s.clone(), s);
                    }
                });
            ui.add_space(12.0);
            egui::ComboBox::from_label(cx.tr("wizard-end"))
                .selected_text(&self.draft.end)
                .height(300.0)
                .show_ui(ui, |ui| {
                    for s in &slots {
                        ui.selectable_value(&mut self.draft.end, s.clone(), s);
                    }
                });
        });
        // Moving the start keeps the length.
        if let (Some(a), Some(b), Some(e)) = (
            old_start,
            minutes_of(&self.draft.start),
            minutes_of(&self.draft.end),
        ) && a != b
            && e > a
        {
            self.draft.end = hhmm(b + (e - a));
        }
        if let (Some(s), Some(e)) = (minutes_of(&self.draft.start), minutes_of(&self.draft.end))
            && e > s
        {
            ui.label(
                RichText::new(cx.tr_args(
                    "wizard-duration",
                    &[
                        ("hours", num((e - s) / 60)),
                        ("minutes", Arg::from(format!("{:02}", (e - s) % 60))),
                    ],
                ))
                .color(t.muted),
            );
        }
        self.error_ui(ui, cx, "scheduled_end");
        ui.add_space(8.0);
        let tech_name = self
            .draft
            .technician_id
            .as_ref()
            .and_then(|id| refs.assignees.iter().find(|a| &a.id == id))
            .map_or_else(|| cx.tr("wizard-unassigned"), |a| a.name.clone());
        egui::ComboBox::from_label(cx.tr("wizard-technician"))
            .selected_text(tech_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut self.draft.technician_id,
                    None,
                    cx.tr("wizard-unassigned"),
                );
                for a in &refs.assignees {
                    ui.selectable_value(&mut self.draft.technician_id, Some(a.id.clone()), &a.name);
                }
            });
        self.error_ui(ui, cx, "technician_id");
        ui.add_space(8.0);
        let bay = if self.draft.bay.is_empty() {
            cx.tr("wizard-no-bay")
        } else {
            self.draft.bay.clone()
        };
        egui::ComboBox::from_label(cx.tr("wizard-bay"))
            .selected_text(bay)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.draft.bay, String::new(), cx.tr("wizard-no-bay"));
                for b in &refs.planning.bays {
                    ui.selectable_value(&mut self.draft.bay, b.clone(), b);
                }
            });
        self.error_ui(ui, cx, "bay");
    }

    pub(super) fn summary_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        section_title_ui(ui, &t, &cx.tr("wizard-step-summary"));
        if !self.errors.0.is_empty() {
            ui.label(RichText::new(cx.tr("form-has-errors")).color(t.danger));
        }
        let d = &self.draft;
        let size = d.vehicle_size;
        let zones: Vec<String> = refs
            .zones
            .iter()
            .filter(|z| d.zone_ids.contains(&z.id))
            .map(|z| z.name(cx.lang).to_owned())
            .collect();
        let area: f64 = refs
            .zones
            .iter()
            .filter(|z| d.zone_ids.contains(&z.id))
            .map(|z| z.area(size))
            .sum();
        let dash = "—".to_owned();
        let tech = d
            .technician_id
            .as_ref()
            .and_then(|id| refs.assignees.iter().find(|a| &a.id == id))
            .map_or_else(|| cx.tr("wizard-unassigned"), |a| a.name.clone());
        let date = d
            .date()
            .map(|x| {
                format::format_date(
                    super::super::jobs::local_midnight(x, cx.tz) + 12 * 3_600_000,
                    cx.tz,
                    cx.lang,
                )
            })
            .unwrap_or_else(|| dash.clone());
        let template = self.template_summary(cx);
        let mut jump = None;
        egui::Grid::new("wizard_summary")
            .num_columns(3)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                let mut row = |ui: &mut Ui, key: &str, value: &str, step: Step| {
                    kv_row_ui_inline(ui, cx, key, value);
                    if ui.small_button(cx.tr("wizard-edit-step")).clicked() {
                        jump = Some(step);
                    }
                    ui.end_row();
                };
                row(ui, "wizard-step-vehicle", &d.vehicle_label, Step::Vehicle);
                row(ui, "wizard-step-client", &d.client_label, Step::Client);
                row(
                    ui,
                    "wizard-step-zones",
                    &format!(
                        "{} ({} m²)",
                        if zones.is_empty() {
                            dash.clone()
                        } else {
                            zones.join(", ")
                        },
                        format::format_decimal(area, 2, cx.lang)
                    ),
                    Step::Zones,
                );
                row(
                    ui,
                    "wizard-film",
                    if d.film.is_empty() { "—" } else { &d.film },
                    Step::Details,
                );
                row(
                    ui,
                    "wizard-priority",
                    &cx.tr(d.priority.i18n_key()),
                    Step::Details,
                );
                row(ui, "wf-wizard-template", &template, Step::Details);
                row(
                    ui,
                    "wizard-checklist",
                    &d.checklist.len().to_string(),
                    Step::Details,
                );
                row(
                    ui,
                    "wizard-date",
                    &format!("{date} · {} – {}", d.start, d.end),
                    Step::Schedule,
                );
                row(ui, "wizard-technician", &tech, Step::Schedule);
                row(
                    ui,
                    "wizard-bay",
                    if d.bay.is_empty() { "—" } else { &d.bay },
                    Step::Schedule,
                );
            });
        if !d.notes.is_empty() {
            ui.label(RichText::new(cx.tr("wizard-notes")).color(t.muted));
            ui.label(&d.notes);
        }
        if let Some(s) = jump {
            self.draft.step = s;
        }
        let _ = kv_row_ui;
    }
}

fn kv_row_ui_inline(ui: &mut Ui, cx: &Cx<'_>, key: &str, value: &str) {
    ui.label(RichText::new(cx.tr(key)).color(cx.tokens.muted));
    ui.label(RichText::new(value).color(cx.tokens.heading));
}
