//! The wizard's zones step (the zones as cards, with the total area for the vehicle's size) and
//! details step (film, priority, workflow template, notes, checklist).

use egui::{RichText, Ui};
use rpma_core::format;
use rpma_core::i18n::Arg;
use rpma_core::jobs::Priority;
use rpma_core::workflow;

use super::JobWizardScreen;
use crate::jobs::planning::PlanningRefs;
use crate::ui::screens::jobs::num;
use crate::ui::widgets::{section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

impl JobWizardScreen {
    pub(super) fn zones_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        let size = self.size();
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
    pub(super) fn template_summary(&self, cx: &Cx<'_>) -> String {
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
}
