//! One job: header, client and vehicle links, schedule, zones, status actions (from the core's
//! transition table, for this role), history, notes log, checklist, edit and delete.

use egui::{Align, Layout, RichText, Ui};
use rpma_core::CoreError;
use rpma_core::ids::{InterventionId, JobId, ZoneId};
use rpma_core::jobs::guard::JobRights;
use rpma_core::jobs::{JobDetail, JobStatus, Priority, reason_required};
use rpma_core::validate::FieldErrors;

use super::{priority_colour, status_badges_ui};
use crate::jobs::atelier::{AtelierEvent, AtelierJob};
use crate::jobs::planning::{PlanningEvent, PlanningJob, PlanningRefs};
use crate::jobs::{Job, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{primary_button, secondary_button};
use crate::ui::{Command, Cx, icons};
use rpma_core::interventions::IvStatus;

mod checklist_notes;
mod details;
mod dialogs;
mod start;

/// What the page did with a reply.
pub(super) enum Outcome {
    /// Not one of its requests.
    NotMine(PlanningEvent),
    /// Taken; `changed`: the list must reload; `closed`: leave the page (deleted).
    Handled { changed: bool, closed: bool },
}

/// A status change waiting for its reason.
#[derive(Debug)]
struct ReasonAsk {
    from: JobStatus,
    to: JobStatus,
    /// The reason field has been given the keyboard focus (once, when the dialog opens).
    focused: bool,
    reason: String,
    error: Option<String>,
}

/// The edit form.
#[derive(Debug)]
struct EditForm {
    zone_ids: Vec<ZoneId>,
    film: String,
    priority: Priority,
    notes: String,
    /// Only the film product (a technician on their own job).
    film_only: bool,
    errors: FieldErrors,
    message: Option<String>,
}

/// The job page's state.
#[derive(Debug)]
pub(super) struct JobPageView {
    pub(super) id: JobId,
    detail: Loadable<JobDetail>,
    requested: bool,
    /// An edit out (status, note, checklist, update).
    action: Option<RequestId>,
    delete_req: Option<RequestId>,
    /// The job's latest intervention: asked for, then (id, status) or none.
    iv_req: Option<RequestId>,
    iv: Option<Option<(InterventionId, IvStatus)>>,
    /// A start or open of the intervention in flight.
    iv_action: Option<RequestId>,
    /// The core's warning that another intervention runs: asks to start this one alongside.
    second: Option<String>,
    ask: Option<ReasonAsk>,
    note: String,
    note_error: Option<String>,
    check_label: String,
    check_error: Option<String>,
    edit: Option<EditForm>,
    confirm_delete: bool,
    message: Option<String>,
}

/// The button text of a move, which depends on where the job comes from.
fn action_key(from: JobStatus, to: JobStatus) -> &'static str {
    match (from, to) {
        (JobStatus::Scheduled, JobStatus::InProgress) => "jobs-act-start",
        (JobStatus::Completed, JobStatus::OnHold) => "jobs-act-reopen",
        (_, JobStatus::InProgress) => "jobs-act-resume",
        (_, JobStatus::Paused) => "jobs-act-pause",
        (_, JobStatus::OnHold) => "jobs-act-hold",
        (_, JobStatus::Completed) => "jobs-act-complete",
        (_, JobStatus::Cancelled) => "jobs-act-cancel",
        (_, JobStatus::Archived) => "jobs-act-archive",
        (_, JobStatus::Scheduled) => "jobs-act-schedule",
        (_, JobStatus::Draft) => "jobs-act-unplan",
    }
}

fn action_icon(to: JobStatus) -> &'static str {
    match to {
        JobStatus::InProgress => icons::PLAY,
        JobStatus::Paused => icons::PAUSE,
        JobStatus::OnHold => icons::HAND,
        JobStatus::Completed => icons::CHECK_CIRCLE,
        JobStatus::Cancelled => icons::PROHIBIT,
        JobStatus::Archived => icons::ARCHIVE,
        JobStatus::Scheduled => icons::CALENDAR_CHECK,
        JobStatus::Draft => icons::NOTE_PENCIL,
    }
}

impl JobPageView {
    /// The job shown.
    pub(super) fn id(&self) -> &JobId {
        &self.id
    }

    pub(super) fn new(id: JobId) -> Self {
        Self {
            id,
            detail: Loadable::Idle,
            requested: false,
            action: None,
            delete_req: None,
            iv_req: None,
            iv: None,
            iv_action: None,
            second: None,
            ask: None,
            note: String::new(),
            note_error: None,
            check_label: String::new(),
            check_error: None,
            edit: None,
            confirm_delete: false,
            message: None,
        }
    }

    fn load(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        self.requested = true;
        self.iv_req = Some(cx.submit(Job::Atelier(AtelierJob::ForJob {
            job_id: self.id.clone(),
        })));
        self.detail = Loadable::Loading(cx.submit(Job::Planning(PlanningJob::Get {
            id: self.id.clone(),
        })));
    }

    fn send(&mut self, cx: &mut Cx<'_>, job: PlanningJob) {
        self.message = None;
        self.action = Some(cx.submit(Job::Planning(job)));
    }

    pub(super) fn on_event(
        &mut self,
        id: RequestId,
        ev: PlanningEvent,
        cx: &mut Cx<'_>,
    ) -> Outcome {
        match ev {
            PlanningEvent::Detail(r) if matches!(self.detail, Loadable::Loading(w) if w == id) => {
                self.detail.accept(id, r, cx.lang);
                Outcome::Handled {
                    changed: false,
                    closed: false,
                }
            }
            PlanningEvent::Detail(r) if self.action == Some(id) => {
                self.action = None;
                match r {
                    Ok(d) => {
                        self.ask = None;
                        self.edit = None;
                        self.note.clear();
                        self.note_error = None;
                        self.check_label.clear();
                        self.check_error = None;
                        self.detail = Loadable::Ready(d);
                        cx.toast_ok(cx.tr("jobs-saved"));
                    }
                    Err(e) => self.show_error(cx, &e),
                }
                Outcome::Handled {
                    changed: true,
                    closed: false,
                }
            }
            PlanningEvent::Deleted(r) if self.delete_req == Some(id) => {
                self.delete_req = None;
                self.confirm_delete = false;
                match r {
                    Ok(()) => {
                        cx.toast_ok(cx.tr("jobs-deleted"));
                        Outcome::Handled {
                            changed: true,
                            closed: true,
                        }
                    }
                    Err(e) => {
                        self.message = Some(cx.error_text(&e));
                        Outcome::Handled {
                            changed: false,
                            closed: false,
                        }
                    }
                }
            }
            other => Outcome::NotMine(other),
        }
    }

    /// Replies about the job's intervention (latest one, start).
    pub(super) fn on_atelier_event(
        &mut self,
        id: RequestId,
        ev: AtelierEvent,
        cx: &mut Cx<'_>,
    ) -> Option<AtelierEvent> {
        match ev {
            AtelierEvent::Loaded(r) if self.iv_req == Some(id) => {
                self.iv_req = None;
                self.iv = Some(r.ok().flatten().map(|iv| (iv.id.clone(), iv.status)));
                None
            }
            AtelierEvent::Loaded(r) if self.iv_action == Some(id) => {
                self.iv_action = None;
                match r {
                    Ok(Some(iv)) => {
                        self.requested = false;
                        cx.push(Command::Open(Route::Intervention(iv.id.clone())));
                    }
                    Ok(None) => {}
                    Err(e) => self.start_refused(cx, &e),
                }
                None
            }
            other => Some(other),
        }
    }

    /// Puts an error where it belongs: the reason dialog, the edit form, the note or checklist
    /// field, else the page's message.
    fn show_error(&mut self, cx: &Cx<'_>, e: &CoreError) {
        if let CoreError::Invalid(fe) = e {
            if let Some(ask) = &mut self.ask {
                ask.error = cx
                    .field_error(fe, "reason")
                    .or_else(|| Some(cx.error_text(e)));
                return;
            }
            if let Some(edit) = &mut self.edit {
                edit.errors = fe.clone();
                edit.message = Some(cx.tr("form-has-errors"));
                return;
            }
            if let Some(m) = cx.field_error(fe, "note") {
                self.note_error = Some(m);
                return;
            }
            if let Some(m) = cx.field_error(fe, "checklist") {
                self.check_error = Some(m);
                return;
            }
        }
        let text = cx.error_text(e);
        if let Some(ask) = &mut self.ask {
            ask.error = Some(text);
        } else if let Some(edit) = &mut self.edit {
            edit.message = Some(text);
        } else {
            self.message = Some(text);
        }
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: Option<&PlanningRefs>) {
        if !self.requested {
            self.load(cx);
        }
        let t = *cx.tokens;
        if ui
            .button(format!("{}  {}", icons::ARROW_LEFT, cx.tr("jobs-back")))
            .clicked()
        {
            cx.push(Command::Back);
        }
        let (d, retry) = self.detail.ui(ui, cx);
        if retry {
            self.load(cx);
            return;
        }
        let Some(d) = d.cloned() else { return };
        let rights = &d.rights;
        self.header_ui(ui, cx, &d, rights);
        if let Some(m) = &self.message {
            ui.label(RichText::new(format!("{} {m}", icons::WARNING)).color(t.danger));
        }
        ui.add_space(t.gap * 0.5);
        egui::ScrollArea::vertical()
            .id_salt("job_page_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.columns(2, |cols| {
                    if let [left, right] = cols {
                        self.left_ui(left, cx, &d, rights, refs);
                        self.right_ui(right, cx, &d, rights);
                    }
                });
            });
        self.reason_modal_ui(ui, cx);
        self.second_modal_ui(ui, cx);
        self.delete_modal_ui(ui, cx, &d);
    }

    fn header_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, d: &JobDetail, rights: &JobRights) {
        let t = *cx.tokens;
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{}  {}", icons::CLIPBOARD_TEXT, d.row.number))
                        .size(t.title)
                        .strong()
                        .color(t.heading),
                );
                status_badges_ui(ui, cx, d.row.status, d.row.overdue);
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::FLAG,
                        cx.tr(d.row.priority.i18n_key())
                    ))
                    .color(priority_colour(&t, d.row.priority)),
                );
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if rights.delete
                        && secondary_button(
                            ui,
                            &t,
                            &format!("{}  {}", icons::TRASH, cx.tr("jobs-delete")),
                        )
                        .clicked()
                    {
                        self.confirm_delete = true;
                        self.message = None;
                    }
                    if rights.edit
                        && d.row.status != JobStatus::Archived
                        && self.edit.is_none()
                        && secondary_button(
                            ui,
                            &t,
                            &format!("{}  {}", icons::PENCIL_SIMPLE, cx.tr("jobs-edit")),
                        )
                        .clicked()
                    {
                        self.edit = Some(EditForm {
                            zone_ids: d.zones.iter().map(|z| z.zone_id.clone()).collect(),
                            film: d.film_product.clone(),
                            priority: d.row.priority,
                            notes: d.notes.clone(),
                            film_only: !rights.edit_all,
                            errors: FieldErrors::new(),
                            message: None,
                        });
                    }
                });
            });
            self.intervention_button_ui(ui, cx, rights);
            // The moves the core offers (none while the intervention runs: it alone moves the job).
            let moves = rights.moves.clone();
            if !moves.is_empty() {
                ui.add_space(6.0);
                ui.horizontal_wrapped(|ui| {
                    let busy = self.action.is_some();
                    for to in moves {
                        let text = format!(
                            "{}  {}",
                            action_icon(to),
                            cx.tr(action_key(d.row.status, to))
                        );
                        let primary = matches!(to, JobStatus::InProgress | JobStatus::Completed);
                        let r = ui.add_enabled_ui(!busy, |ui| {
                            if primary {
                                primary_button(ui, &t, &text)
                            } else {
                                secondary_button(ui, &t, &text)
                            }
                        });
                        if r.inner.clicked() {
                            if reason_required(d.row.status, to) {
                                self.ask = Some(ReasonAsk {
                                    from: d.row.status,
                                    to,
                                    focused: false,
                                    reason: String::new(),
                                    error: None,
                                });
                            } else if cx.user.is_some() {
                                let job = PlanningJob::Transition {
                                    id: self.id.clone(),
                                    to,
                                    reason: None,
                                };
                                self.send(cx, job);
                            }
                        }
                    }
                });
            }
        });
    }
}
