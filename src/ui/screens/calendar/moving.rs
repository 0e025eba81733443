//! Moving a job without the mouse ("Move…": date, start, technician, bay; same length) and the
//! refusal of a move that collides with another job, which a supervisor or admin may force with a
//! reason. Technicians never see "Force".

use chrono::NaiveDate;
use egui::{RichText, Ui};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::ids::{JobId, UserId};
use rpma_core::jobs::{JobRow, Reschedule};
use rpma_core::settings::parse_hhmm;
use rpma_core::validate::FieldErrors;

use super::CalendarScreen;
use super::grid::row_len_min;
use super::layout::{local_ms, local_parts};
use crate::ui::widgets::{primary_button, secondary_button, text_field_ui};
use crate::ui::{Cx, icons};

/// The "Move…" form of one job.
#[derive(Debug, Clone)]
pub struct MoveForm {
    job_id: JobId,
    number: String,
    len_min: i64,
    date: String,
    start: String,
    technician_id: Option<UserId>,
    bay: String,
    date_error: Option<String>,
    start_error: Option<String>,
    /// The core's answer to the last try.
    pub errors: FieldErrors,
}

impl MoveForm {
    /// The form filled with the job's current slot.
    pub fn for_row(row: &JobRow, cx: &Cx<'_>) -> Self {
        let parts = row.scheduled_start.and_then(|s| local_parts(s, cx.tz));
        Self {
            job_id: row.id.clone(),
            number: row.number.clone(),
            len_min: row_len_min(row),
            date: parts
                .map(|(d, _)| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            start: parts
                .map(|(_, m)| format!("{:02}:{:02}", m / 60, m % 60))
                .unwrap_or_default(),
            technician_id: row.technician_id.clone(),
            bay: row.bay.clone(),
            date_error: None,
            start_error: None,
            errors: FieldErrors::new(),
        }
    }
}

/// A move the core refused because of a conflict.
#[derive(Debug, Clone)]
pub struct Refusal {
    job_id: JobId,
    slot: Reschedule,
    /// The refusal, translated (which job, which times).
    pub message: String,
    reason: String,
    /// The core's answer to a forced try.
    pub errors: FieldErrors,
}

impl Refusal {
    /// The refusal of `slot` for `job_id`.
    pub fn new(job_id: JobId, slot: Reschedule, message: String) -> Self {
        Self {
            job_id,
            slot,
            message,
            reason: String::new(),
            errors: FieldErrors::new(),
        }
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

impl CalendarScreen {
    pub(super) fn move_form_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let Some(mut form) = self.move_form.take() else {
            return;
        };
        let t = *cx.tokens;
        let (techs, bays) = self
            .setup
            .ready()
            .map(|s| (s.technicians.clone(), s.bays.clone()))
            .unwrap_or_default();
        let busy = self.pending.is_some();
        let mut keep = true;
        let mut send = None;
        let modal =
            egui::Modal::new(egui::Id::unique("calendar_move_modal")).show(ui.ctx(), |ui| {
                ui.set_width(420.0);
                ui.label(
                    RichText::new(cx.tr_args(
                        "calendar-move-title",
                        &[("number", form.number.as_str().into())],
                    ))
                    .heading()
                    .color(t.heading),
                );
                ui.add_space(8.0);
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("calendar-move-date"),
                    &mut form.date,
                    false,
                    form.date_error.as_deref(),
                );
                ui.add_space(6.0);
                let start_err = form
                    .start_error
                    .clone()
                    .or_else(|| cx.field_error(&form.errors, "start"))
                    .or_else(|| cx.field_error(&form.errors, "end"));
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("calendar-move-start"),
                    &mut form.start,
                    false,
                    start_err.as_deref(),
                );
                ui.add_space(6.0);
                let none = cx.tr("calendar-unassigned");
                let tech_name = form
                    .technician_id
                    .as_ref()
                    .and_then(|id| techs.iter().find(|x| &x.id == id))
                    .map_or(none.clone(), |x| x.name.clone());
                let label = ui.label(RichText::new(cx.tr("calendar-move-technician")).strong());
                egui::ComboBox::from_id_salt("calendar_move_tech")
                    .selected_text(tech_name)
                    .width(ui.available_width())
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut form.technician_id, None, &none);
                        for x in &techs {
                            ui.selectable_value(
                                &mut form.technician_id,
                                Some(x.id.clone()),
                                &x.name,
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if let Some(e) = cx.field_error(&form.errors, "technician") {
                    ui.label(RichText::new(e).color(t.danger).small());
                }
                ui.add_space(6.0);
                let no_bay = cx.tr("calendar-no-bay");
                let label = ui.label(RichText::new(cx.tr("calendar-move-bay")).strong());
                egui::ComboBox::from_id_salt("calendar_move_bay")
                    .selected_text(if form.bay.is_empty() {
                        no_bay.clone()
                    } else {
                        form.bay.clone()
                    })
                    .width(ui.available_width())
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut form.bay, String::new(), &no_bay);
                        for b in &bays {
                            ui.selectable_value(&mut form.bay, b.clone(), b);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if let Some(e) = cx.field_error(&form.errors, "bay") {
                    ui.label(RichText::new(e).color(t.danger).small());
                }
                ui.add_space(12.0);
                ui.horizontal(|ui| {
                    let text = if busy {
                        cx.tr("saving")
                    } else {
                        format!("{} {}", icons::CALENDAR_CHECK, cx.tr("calendar-move-save"))
                    };
                    if primary_button(ui, &t, &text).clicked() && !busy {
                        let date = parse_date(&form.date);
                        let start = parse_hhmm(&form.start);
                        form.date_error = date.is_none().then(|| cx.tr("calendar-err-date"));
                        form.start_error = start.is_none().then(|| cx.tr("calendar-err-time"));
                        if let (Some(d), Some(s)) = (date, start) {
                            use chrono::Timelike as _;
                            let minutes = i64::from(s.hour()) * 60 + i64::from(s.minute());
                            let start_ms = local_ms(d, minutes, cx.tz);
                            send = Some(Reschedule {
                                start: start_ms,
                                end: start_ms + form.len_min * 60_000,
                                technician_id: form.technician_id.clone(),
                                bay: form.bay.clone(),
                                force_reason: None,
                            });
                        }
                    }
                    if secondary_button(ui, &t, &cx.tr("calendar-cancel")).clicked() {
                        keep = false;
                    }
                });
            });
        if modal.should_close() {
            keep = false;
        }
        if let Some(slot) = send {
            form.errors = FieldErrors::new();
            let id = form.job_id.clone();
            self.move_form = Some(form);
            self.submit_move(id, slot, cx);
            return;
        }
        if keep {
            self.move_form = Some(form);
        }
    }

    pub(super) fn refusal_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let Some(mut rf) = self.refusal.take() else {
            return;
        };
        let t = *cx.tokens;
        let can_force = cx
            .user
            .is_some_and(|u| allows(u.role, Action::ForceScheduleConflict));
        let busy = self.pending.is_some();
        let mut keep = true;
        let mut force = false;
        let modal =
            egui::Modal::new(egui::Id::unique("calendar_refusal_modal")).show(ui.ctx(), |ui| {
                ui.set_width(460.0);
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::WARNING,
                        cx.tr("calendar-conflict-title")
                    ))
                    .heading()
                    .color(t.danger),
                );
                ui.add_space(8.0);
                ui.label(RichText::new(&rf.message).color(t.heading));
                ui.add_space(8.0);
                if can_force {
                    ui.label(RichText::new(cx.tr("calendar-force-help")).color(t.muted));
                    ui.add_space(6.0);
                    let err = cx.field_error(&rf.errors, "force_reason");
                    text_field_ui(
                        ui,
                        &t,
                        &cx.tr("calendar-force-reason"),
                        &mut rf.reason,
                        false,
                        err.as_deref(),
                    );
                    ui.add_space(10.0);
                } else {
                    ui.label(RichText::new(cx.tr("calendar-conflict-ask")).color(t.muted));
                    ui.add_space(10.0);
                }
                ui.horizontal(|ui| {
                    if can_force {
                        let text = if busy {
                            cx.tr("saving")
                        } else {
                            format!("{} {}", icons::WARNING, cx.tr("calendar-force"))
                        };
                        let enabled = !rf.reason.trim().is_empty() && !busy;
                        if ui
                            .add_enabled(
                                enabled,
                                egui::Button::new(RichText::new(text).color(t.on_accent).strong())
                                    .fill(t.danger)
                                    .min_size(egui::vec2(0.0, t.hit)),
                            )
                            .clicked()
                        {
                            force = true;
                        }
                    }
                    if secondary_button(ui, &t, &cx.tr("close")).clicked() {
                        keep = false;
                    }
                });
            });
        if modal.should_close() {
            keep = false;
        }
        if force {
            let mut slot = rf.slot.clone();
            slot.force_reason = Some(rf.reason.trim().to_owned());
            let id = rf.job_id.clone();
            rf.errors = FieldErrors::new();
            self.refusal = Some(rf);
            self.submit_move(id, slot, cx);
            return;
        }
        if keep {
            self.refusal = Some(rf);
        }
    }
}
