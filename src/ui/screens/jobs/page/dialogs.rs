//! The job page's dialogs: the reason a status change asks for, and the delete confirmation.

use egui::{RichText, Ui};
use rpma_core::i18n::Arg;
use rpma_core::jobs::JobDetail;

use super::{JobPageView, action_key};
use crate::jobs::Job;
use crate::jobs::planning::PlanningJob;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

impl JobPageView {
    pub(super) fn reason_modal_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Some(ask) = &mut self.ask else { return };
        let mut close = false;
        let mut confirm = false;
        // "Rouvrir" for a completed job, "Mettre en attente", "Annuler"…: the button's own words.
        let title = cx.tr(action_key(ask.from, ask.to));
        egui::Modal::new(egui::Id::unique("job_reason_modal")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            section_title_ui(ui, &t, &title);
            ui.label(RichText::new(cx.tr("jobs-reason-hint")).color(t.muted));
            let err = ask.error.clone();
            let field = text_field_ui(
                ui,
                &t,
                &cx.tr("jobs-reason"),
                &mut ask.reason,
                false,
                err.as_deref(),
            );
            if !ask.focused {
                field.request_focus();
                ask.focused = true;
            }
            ui.add_space(t.gap * 0.5);
            ui.horizontal(|ui| {
                if primary_button(ui, &t, &cx.tr("jobs-reason-confirm")).clicked() {
                    confirm = true;
                }
                if secondary_button(ui, &t, &cx.tr("jobs-cancel-edit")).clicked() {
                    close = true;
                }
            });
        });
        if close {
            self.ask = None;
        } else if confirm {
            let (to, reason) = (ask.to, ask.reason.clone());
            ask.error = None;
            if cx.user.is_some() {
                let job = PlanningJob::Transition {
                    id: self.id.clone(),
                    to,
                    reason: Some(reason),
                };
                self.send(cx, job);
            }
        }
    }

    pub(super) fn delete_modal_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, d: &JobDetail) {
        if !self.confirm_delete {
            return;
        }
        let t = *cx.tokens;
        let mut close = false;
        let mut confirm = false;
        egui::Modal::new(egui::Id::unique("job_delete_modal")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            section_title_ui(ui, &t, &cx.tr("jobs-delete-title"));
            ui.label(cx.tr_args(
                "jobs-delete-body",
                &[("number", Arg::from(d.row.number.as_str()))],
            ));
            if let Some(m) = &self.message {
                ui.label(RichText::new(format!("{} {m}", icons::WARNING)).color(t.danger));
            }
            ui.add_space(t.gap * 0.5);
            ui.horizontal(|ui| {
                let b = egui::Button::new(
                    RichText::new(format!(
                        "{}  {}",
                        icons::TRASH,
                        cx.tr("jobs-delete-confirm")
                    ))
                    .color(t.on_accent)
                    .strong(),
                )
                .fill(t.danger)
                .min_size(egui::vec2(0.0, t.hit));
                if ui.add_enabled(self.delete_req.is_none(), b).clicked() {
                    confirm = true;
                }
                if secondary_button(ui, &t, &cx.tr("jobs-cancel-edit")).clicked() {
                    close = true;
                }
            });
        });
        if close {
            self.confirm_delete = false;
            self.message = None;
        } else if confirm && cx.user.is_some() {
            self.message = None;
            self.delete_req = Some(cx.submit(Job::Planning(PlanningJob::Delete {
                id: self.id.clone(),
            })));
        }
    }
}
