//! The job page's intervention button (start, go back to, or look at the guided intervention)
//! and the question the core asks before a second intervention runs alongside another.

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::interventions::SECOND_RUNNING_KEY;
use rpma_core::jobs::guard::JobRights;

use super::JobPageView;
use crate::jobs::Job;
use crate::jobs::atelier::AtelierJob;
use crate::route::Route;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui};
use crate::ui::{Command, Cx, icons};

impl JobPageView {
    /// Start, resume or look at the guided intervention: the only way a job goes to in progress,
    /// paused or completed.
    pub(super) fn intervention_button_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        rights: &JobRights,
    ) {
        let t = *cx.tokens;
        let Some(latest) = &self.iv else { return };

        let active = latest.as_ref().filter(|(_, s)| s.is_active());
        let (key, start) = match (active, latest) {
            (Some(_), _) => ("jobs-iv-open", false),
            (None, _) if rights.start_intervention => ("jobs-iv-start", true),
            (None, Some(_)) => ("jobs-iv-view", false),
            (None, None) => return,
        };
        ui.add_space(6.0);
        let busy = self.iv_action.is_some();
        let r = ui.add_enabled_ui(!busy, |ui| {
            primary_button(ui, &t, &format!("{}  {}", icons::WRENCH, cx.tr(key)))
        });
        if r.inner.clicked() {
            if start {
                self.submit_start(cx, false);
            } else if let Some((id, _)) = active.or(latest.as_ref()) {
                self.requested = false;
                cx.push(Command::Open(Route::Intervention(id.clone())));
            }
        }
    }

    /// Asks the worker to start the job's intervention (`alongside`: confirmed while another
    /// one runs).
    fn submit_start(&mut self, cx: &mut Cx<'_>, alongside: bool) {
        if cx.user.is_none() {
            return;
        }
        self.iv_action = Some(cx.submit(Job::Atelier(AtelierJob::Start {
            job_id: self.id.clone(),
            alongside,
        })));
    }

    /// A refused start: the core's question when another intervention runs, else the message.
    pub(super) fn start_refused(&mut self, cx: &Cx<'_>, e: &CoreError) {
        match e {
            CoreError::RefusedWith { key, .. } if *key == SECOND_RUNNING_KEY => {
                self.second = Some(cx.error_text(e));
            }
            _ => self.message = Some(cx.error_text(e)),
        }
    }

    /// "Démarrer une deuxième intervention ?": the core's warning, then start anyway or cancel.
    pub(super) fn second_modal_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Some(text) = &self.second else { return };
        let mut close = false;
        let mut confirm = false;
        egui::Modal::new(egui::Id::unique("job_second_iv_modal")).show(ui.ctx(), |ui| {
            ui.set_width(440.0);
            section_title_ui(
                ui,
                &t,
                &format!("{}  {}", icons::WARNING, cx.tr("iv-second-title")),
            );
            ui.label(RichText::new(text).color(t.text));
            ui.add_space(t.gap * 0.5);
            ui.horizontal(|ui| {
                let label = format!("{}  {}", icons::WRENCH, cx.tr("iv-second-confirm"));
                if primary_button(ui, &t, &label).clicked() {
                    confirm = true;
                }
                if secondary_button(ui, &t, &cx.tr("jobs-cancel-edit")).clicked() {
                    close = true;
                }
            });
        });
        if close || confirm {
            self.second = None;
        }
        if confirm {
            self.submit_start(cx, true);
        }
    }
}
