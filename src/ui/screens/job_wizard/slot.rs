//! The schedule step's rules, as the core gives them: the proposed slot (the core's next open
//! slot in business hours), the warnings for a slot outside them, the live conflict preview, and
//! what a planner must give to keep a conflicting slot — checked by the core before the wizard
//! leaves the step, with the message beside the field.

use chrono::TimeZone as _;
use egui::{Align, RichText, Ui};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::jobs::{self, Candidate};

use super::steps::SLOT_MIN;
use super::{JobWizardScreen, Step};
use crate::jobs::Job;
use crate::jobs::planning::{PlanningJob, PlanningRefs};
use crate::ui::widgets::text_field_ui;
use crate::ui::{Cx, icons};

impl JobWizardScreen {
    /// Fills date and times the first time the step is shown: the next open slot of the shop's
    /// business hours that fits the planning's default length (never a closed day).
    pub(super) fn default_schedule(&mut self, cx: &Cx<'_>, refs: &PlanningRefs) {
        if !self.draft.date.is_empty() {
            return;
        }
        let now = super::super::jobs::now_ms();
        let minutes = refs.planning.default_job_minutes;
        let Some((start, end)) = jobs::next_open_slot(&refs.hours, cx.tz, now, minutes, SLOT_MIN)
        else {
            return;
        };
        let (Some(s), Some(e)) = (
            cx.tz.timestamp_millis_opt(start).single(),
            cx.tz.timestamp_millis_opt(end).single(),
        ) else {
            return;
        };
        self.draft.date = s.format("%Y-%m-%d").to_string();
        self.draft.start = s.format("%H:%M").to_string();
        self.draft.end = e.format("%H:%M").to_string();
    }

    /// Goes to step `to`. Leaving the schedule step forward asks the core what a conflicting
    /// slot still needs ([`jobs::force_errors`]): the choice to plan despite the conflict and its
    /// reason. When something is missing the wizard stays, with the message beside the field.
    pub(super) fn go_to(&mut self, to: Step) {
        let leaving_schedule = self.draft.step.index() <= Step::Schedule.index()
            && to.index() > Step::Schedule.index();
        if leaving_schedule && self.conflicts_for.is_some() {
            self.errors
                .0
                .retain(|e| e.field != "force" && e.field != "force_reason");
            let missing = jobs::force_errors(
                !self.conflicts.is_empty(),
                self.draft.force,
                &self.draft.force_reason,
            );
            if !missing.is_empty() {
                self.errors.0.extend(missing.0);
                self.draft.step = Step::Schedule;
                self.scroll_to_force = true;
                return;
            }
        }
        self.draft.step = to;
    }

    /// True while the conflicts of the chosen slot are being checked.
    pub(super) fn checking_slot(&self) -> bool {
        self.draft.step == Step::Schedule && self.conflicts_req.is_some()
    }

    /// The summary's reminder of the business-hours warnings of the chosen slot, if any.
    pub(super) fn hours_note_ui(&self, ui: &mut Ui, cx: &Cx<'_>, refs: &PlanningRefs) {
        let (Some(start), Some(end)) = self.draft.times(cx.tz) else {
            return;
        };
        let warnings = jobs::hours_warnings(&refs.hours, cx.tz, start, end.max(start));
        if warnings.is_empty() {
            return;
        }
        ui.add_space(8.0);
        Self::warnings_ui(ui, cx, &warnings);
    }

    /// The warnings in an amber frame.
    fn warnings_ui(ui: &mut Ui, cx: &Cx<'_>, warnings: &[jobs::HoursWarning]) {
        let t = cx.tokens;
        egui::Frame::new()
            .fill(t.warning_soft)
            .corner_radius(t.radius_small)
            .inner_margin(10)
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                for w in warnings {
                    ui.label(
                        RichText::new(format!("{}  {}", icons::WARNING, w.message(cx.lang)))
                            .color(t.heading),
                    );
                }
            });
    }

    /// The business-hours warnings, the conflicts of the slot (asked again when it changes) and,
    /// for planners, the choice to plan despite a conflict with its reason.
    pub(super) fn conflicts_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        let (start, end) = self.draft.times(cx.tz);
        let candidate = match (start, end) {
            (Some(s), Some(e)) if e > s => Some(Candidate {
                job_id: None,
                start: s,
                end: e,
                technician_id: self.draft.technician_id.clone(),
                bay: self.draft.bay.clone(),
            }),
            _ => None,
        };
        if candidate != self.conflicts_for {
            self.conflicts_for = candidate.clone();
            self.conflicts.clear();
            if let Some(c) = candidate.clone() {
                self.conflicts_req = Some(cx.submit(Job::Planning(PlanningJob::Conflicts {
                    candidate: Box::new(c),
                })));
            }
        }
        ui.add_space(8.0);
        let warnings = candidate
            .map(|c| jobs::hours_warnings(&refs.hours, cx.tz, c.start, c.end))
            .unwrap_or_default();
        if !warnings.is_empty() {
            Self::warnings_ui(ui, cx, &warnings);
            ui.add_space(6.0);
        }
        if self.conflicts.is_empty() {
            if warnings.is_empty() && self.conflicts_for.is_some() && self.conflicts_req.is_none() {
                ui.label(
                    RichText::new(format!(
                        "{}  {}",
                        icons::CHECK_CIRCLE,
                        cx.tr("wizard-no-conflict")
                    ))
                    .color(t.success),
                );
            }
            return;
        }
        egui::Frame::new()
            .fill(t.danger_soft)
            .corner_radius(t.radius_small)
            .inner_margin(10)
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                for c in &self.conflicts {
                    ui.label(
                        RichText::new(format!(
                            "{}  {}",
                            icons::WARNING,
                            cx.error_text(&c.to_error(cx.tz))
                        ))
                        .color(t.danger),
                    );
                }
                let may_force = cx
                    .user
                    .is_some_and(|u| allows(u.role, Action::ForceScheduleConflict));
                if may_force {
                    self.force_ui(ui, cx);
                } else {
                    ui.label(RichText::new(cx.tr("wizard-conflict-ask")).color(t.muted));
                }
            });
    }

    /// "Planifier malgré le conflit" and, once ticked, the reason field (scrolled into view,
    /// focused), each with the core's message beside it.
    fn force_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        let check = ui.checkbox(&mut self.draft.force, cx.tr("wizard-force"));
        let ticked = check.changed() && self.draft.force;
        if let Some(e) = cx.field_error(&self.errors, "force") {
            ui.label(RichText::new(e).color(t.danger).small());
        }
        if !self.draft.force {
            if self.scroll_to_force {
                self.scroll_to_force = false;
                check.scroll_to_me(Some(Align::Center));
            }
            return;
        }
        let err = cx.field_error(&self.errors, "force_reason");
        let resp = text_field_ui(
            ui,
            &t,
            &cx.tr("wizard-force-reason"),
            &mut self.draft.force_reason,
            false,
            err.as_deref(),
        );
        if resp.changed() {
            self.errors
                .0
                .retain(|e| e.field != "force" && e.field != "force_reason");
        }
        if ticked || self.scroll_to_force {
            self.scroll_to_force = false;
            // The field and the message under it, in view.
            ui.scroll_to_rect(
                resp.rect.expand2(egui::vec2(0.0, 24.0)),
                Some(Align::Center),
            );
            resp.request_focus();
        }
    }
}
