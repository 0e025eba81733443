//! The wizard's summary step: every choice in one grid, each with a link back to its step (a new
//! client or vehicle with the details it will be created with).

use egui::{RichText, Ui};
use rpma_core::format;

use super::{JobWizardScreen, Step};
use crate::jobs::planning::PlanningRefs;
use crate::ui::Cx;
use crate::ui::widgets::{kv_row_ui, section_title_ui};

impl JobWizardScreen {
    pub(super) fn summary_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        section_title_ui(ui, &t, &cx.tr("wizard-step-summary"));
        if !self.errors.0.is_empty() {
            ui.label(RichText::new(cx.tr("form-has-errors")).color(t.danger));
        }
        let size = self.size();
        let (vehicle, client) = (self.vehicle_summary(cx), self.client_summary(cx));
        let d = &self.draft;
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
                row(ui, "wizard-step-vehicle", &vehicle, Step::Vehicle);
                row(ui, "wizard-step-client", &client, Step::Client);
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
