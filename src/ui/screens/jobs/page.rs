//! One job: header, client and vehicle links, schedule, zones, status actions (from the core's
//! transition table, for this role), history, notes log, checklist, edit and delete.

use egui::{Align, Layout, RichText, Ui};
use rpma_core::CoreError;
use rpma_core::format;
use rpma_core::i18n::Arg;
use rpma_core::jobs::guard::JobRights;
use rpma_core::jobs::{JobDetail, JobStatus, JobUpdate, Priority, reason_required};
use rpma_core::validate::FieldErrors;

use super::{priority_colour, status_badges_ui, vehicle_text};
use crate::jobs::atelier::{AtelierEvent, AtelierJob};
use crate::jobs::planning::{PlanningEvent, PlanningJob, PlanningRefs};
use crate::jobs::{Job, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{
    icon_button, kv_row_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Command, Cx, Target, icons};
use rpma_core::interventions::IvStatus;

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
    to: JobStatus,
    reason: String,
    error: Option<String>,
}

/// The edit form.
#[derive(Debug)]
struct EditForm {
    zone_ids: Vec<String>,
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
    pub(super) id: String,
    detail: Loadable<JobDetail>,
    requested: bool,
    /// An edit out (status, note, checklist, update).
    action: Option<RequestId>,
    delete_req: Option<RequestId>,
    /// The job's latest intervention: asked for, then (id, status) or none.
    iv_req: Option<RequestId>,
    iv: Option<Option<(String, IvStatus)>>,
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
        (JobStatus::Completed, JobStatus::InProgress) => "jobs-act-reopen",
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
    pub(super) fn new(id: String) -> Self {
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
                        cx.push(Command::Open(Target::Intervention(iv.id.clone())));
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
                                    to,
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

    fn left_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        d: &JobDetail,
        rights: &JobRights,
        refs: Option<&PlanningRefs>,
    ) {
        let t = *cx.tokens;
        let dash = "—".to_owned();
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            section_title_ui(ui, &t, &cx.tr("jobs-section-customer"));
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::USER).color(t.muted));
                if ui.link(&d.row.client_name).clicked() {
                    cx.push(Command::Open(Target::Client(d.row.client_id.clone())));
                }
            });
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::CAR_PROFILE).color(t.muted));
                if ui
                    .link(vehicle_text(&d.row.plate, &d.row.make, &d.row.model))
                    .clicked()
                {
                    cx.push(Command::Open(Target::Vehicle(d.row.vehicle_id.clone())));
                }
            });
            ui.add_space(t.gap * 0.5);
            section_title_ui(ui, &t, &cx.tr("jobs-section-schedule"));
            egui::Grid::new("job_schedule")
                .num_columns(2)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    let date = d
                        .row
                        .scheduled_start
                        .map_or_else(|| dash.clone(), |s| format::format_date(s, cx.tz, cx.lang));
                    kv_row_ui(ui, &t, &cx.tr("jobs-field-date"), &date);
                    let times = match (d.row.scheduled_start, d.row.scheduled_end) {
                        (Some(s), Some(e)) => format!(
                            "{} – {}",
                            format::format_time(s, cx.tz),
                            format::format_time(e, cx.tz)
                        ),
                        _ => dash.clone(),
                    };
                    kv_row_ui(ui, &t, &cx.tr("jobs-field-time"), &times);
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("jobs-col-technician"),
                        d.row.technician_name.as_deref().unwrap_or("—"),
                    );
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("jobs-col-bay"),
                        if d.row.bay.is_empty() {
                            "—"
                        } else {
                            &d.row.bay
                        },
                    );
                    if let Some(by) = &d.created_by_name {
                        kv_row_ui(
                            ui,
                            &t,
                            &cx.tr("jobs-field-created"),
                            &format!(
                                "{} · {by}",
                                format::format_datetime(d.created_at, cx.tz, cx.lang)
                            ),
                        );
                    }
                });
        });
        ui.add_space(t.gap * 0.5);
        if self.edit.is_some() {
            self.edit_ui(ui, cx, d, refs);
            return;
        }
        let _ = rights;
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            section_title_ui(ui, &t, &cx.tr("jobs-section-work"));
            if d.zones.is_empty() {
                ui.label(RichText::new(cx.tr("jobs-no-zones")).color(t.muted));
            }
            egui::Grid::new("job_zones")
                .num_columns(2)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for z in &d.zones {
                        let name = match cx.lang {
                            rpma_core::Lang::Fr => &z.name_fr,
                            rpma_core::Lang::En => &z.name_en,
                        };
                        ui.label(RichText::new(name).color(t.heading));
                        ui.label(format!(
                            "{} m²",
                            format::format_decimal(z.area_m2, 2, cx.lang)
                        ));
                        ui.end_row();
                    }
                    ui.label(RichText::new(cx.tr("jobs-total-area")).strong());
                    ui.label(
                        RichText::new(format!(
                            "{} m²",
                            format::format_decimal(d.total_area_m2, 2, cx.lang)
                        ))
                        .strong(),
                    );
                    ui.end_row();
                });
            ui.add_space(6.0);
            egui::Grid::new("job_work")
                .num_columns(2)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("jobs-field-film"),
                        if d.film_product.is_empty() {
                            "—"
                        } else {
                            &d.film_product
                        },
                    );
                });
            ui.label(RichText::new(cx.tr("jobs-field-instructions")).color(t.muted));
            ui.label(if d.notes.is_empty() { "—" } else { &d.notes });
        });
        if !d.installed.is_empty() {
            ui.add_space(t.gap * 0.5);
            crate::ui::installed::installed_card_ui(ui, cx, &d.installed, false);
        }
    }

    fn edit_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        d: &JobDetail,
        refs: Option<&PlanningRefs>,
    ) {
        let t = *cx.tokens;
        let Some(form) = &mut self.edit else { return };
        let mut cancel = false;
        let mut save = false;
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            section_title_ui(ui, &t, &cx.tr("jobs-edit-title"));
            if !form.film_only {
                ui.label(RichText::new(cx.tr("wizard-zones")).strong());
                if let Some(refs) = refs {
                    ui.horizontal_wrapped(|ui| {
                        for z in &refs.zones {
                            let mut on = form.zone_ids.contains(&z.id);
                            if ui.checkbox(&mut on, z.name(cx.lang)).changed() {
                                if on {
                                    form.zone_ids.push(z.id.clone());
                                } else {
                                    form.zone_ids.retain(|x| x != &z.id);
                                }
                            }
                        }
                    });
                }
                if let Some(e) = cx.field_error(&form.errors, "zones") {
                    ui.label(RichText::new(e).color(t.danger).small());
                }
                ui.add_space(6.0);
            }
            let err = cx.field_error(&form.errors, "film_product");
            text_field_ui(
                ui,
                &t,
                &cx.tr("wizard-film"),
                &mut form.film,
                false,
                err.as_deref(),
            );
            if !form.film_only {
                ui.label(RichText::new(cx.tr("wizard-priority")).strong());
                ui.horizontal(|ui| {
                    for p in Priority::ALL {
                        ui.radio_value(&mut form.priority, p, cx.tr(p.i18n_key()));
                    }
                });
                let label = ui.label(RichText::new(cx.tr("jobs-field-instructions")).strong());
                ui.add(
                    egui::TextEdit::multiline(&mut form.notes)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
                if let Some(e) = cx.field_error(&form.errors, "notes") {
                    ui.label(RichText::new(e).color(t.danger).small());
                }
            }
            if let Some(m) = &form.message {
                ui.label(RichText::new(m).color(t.danger));
            }
            ui.horizontal(|ui| {
                if primary_button(
                    ui,
                    &t,
                    &format!("{}  {}", icons::FLOPPY_DISK, cx.tr("jobs-save")),
                )
                .clicked()
                {
                    save = true;
                }
                if secondary_button(ui, &t, &cx.tr("jobs-cancel-edit")).clicked() {
                    cancel = true;
                }
            });
        });
        if cancel {
            self.edit = None;
            return;
        }
        if save {
            let update = if form.film_only {
                JobUpdate {
                    film_product: Some(form.film.clone()),
                    ..JobUpdate::default()
                }
            } else {
                let zones_changed = {
                    let mut a: Vec<&String> = form.zone_ids.iter().collect();
                    let mut b: Vec<&String> = d.zones.iter().map(|z| &z.zone_id).collect();
                    a.sort();
                    b.sort();
                    a != b
                };
                JobUpdate {
                    zone_ids: zones_changed.then(|| form.zone_ids.clone()),
                    film_product: Some(form.film.clone()),
                    priority: Some(form.priority),
                    notes: Some(form.notes.clone()),
                    ..JobUpdate::default()
                }
            };
            form.errors = FieldErrors::new();
            form.message = None;
            if cx.user.is_some() {
                let job = PlanningJob::Update {
                    id: self.id.clone(),
                    update: Box::new(update),
                };
                self.send(cx, job);
            }
        }
    }

    fn right_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, d: &JobDetail, rights: &JobRights) {
        let t = *cx.tokens;
        let busy = self.action.is_some();
        // Checklist.
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            let done = d.checklist.iter().filter(|c| c.done).count();
            section_title_ui(
                ui,
                &t,
                &cx.tr_args(
                    "jobs-checklist",
                    &[
                        ("done", super::num(done)),
                        ("count", super::num(d.checklist.len())),
                    ],
                ),
            );
            if d.checklist.is_empty() {
                ui.label(RichText::new(cx.tr("jobs-checklist-empty")).color(t.muted));
            }
            for item in &d.checklist {
                ui.horizontal(|ui| {
                    let mut on = item.done;
                    let r = ui.add_enabled(
                        rights.edit && !busy,
                        egui::Checkbox::new(&mut on, &item.label),
                    );
                    if r.changed() && cx.user.is_some() {
                        let job = PlanningJob::SetChecklistDone {
                            id: self.id.clone(),
                            item_id: item.id.clone(),
                            done: on,
                        };
                        self.send(cx, job);
                    }
                    if rights.edit {
                        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                            let alt = cx.tr_args(
                                "jobs-checklist-remove",
                                &[("item", Arg::from(item.label.as_str()))],
                            );
                            if icon_button(ui, icons::X, &alt).clicked()
                                && !busy
                                && cx.user.is_some()
                            {
                                let job = PlanningJob::RemoveChecklistItem {
                                    id: self.id.clone(),
                                    item_id: item.id.clone(),
                                };
                                self.send(cx, job);
                            }
                        });
                    }
                });
            }
            if rights.edit {
                ui.add_space(4.0);
                let err = self.check_error.clone();
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("jobs-checklist-new"),
                    &mut self.check_label,
                    false,
                    err.as_deref(),
                );
                if secondary_button(
                    ui,
                    &t,
                    &format!("{}  {}", icons::PLUS, cx.tr("jobs-checklist-add")),
                )
                .clicked()
                    && !busy
                    && cx.user.is_some()
                {
                    let job = PlanningJob::AddChecklistItem {
                        id: self.id.clone(),
                        label: self.check_label.clone(),
                    };
                    self.check_error = None;
                    self.send(cx, job);
                }
            }
        });
        ui.add_space(t.gap * 0.5);
        // Notes log.
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            section_title_ui(ui, &t, &cx.tr("jobs-notes"));
            if d.notes_log.is_empty() {
                ui.label(RichText::new(cx.tr("jobs-notes-empty")).color(t.muted));
            }
            for n in d.notes_log.iter().rev() {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        n.author_name.as_deref().unwrap_or("—"),
                        format::format_datetime(n.at, cx.tz, cx.lang)
                    ))
                    .small()
                    .color(t.muted),
                );
                ui.label(RichText::new(&n.body).color(t.heading));
                ui.add_space(4.0);
            }
            if rights.edit {
                let err = self.note_error.clone();
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("jobs-note-new"),
                    &mut self.note,
                    false,
                    err.as_deref(),
                );
                if secondary_button(
                    ui,
                    &t,
                    &format!("{}  {}", icons::CHAT_TEXT, cx.tr("jobs-note-add")),
                )
                .clicked()
                    && !busy
                    && cx.user.is_some()
                {
                    let job = PlanningJob::AddNote {
                        id: self.id.clone(),
                        body: self.note.clone(),
                    };
                    self.note_error = None;
                    self.send(cx, job);
                }
            }
        });
        ui.add_space(t.gap * 0.5);
        super::history::history_ui(ui, cx, d);
    }

    fn reason_modal_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Some(ask) = &mut self.ask else { return };
        let mut close = false;
        let mut confirm = false;
        let title = cx.tr(action_key(JobStatus::Paused, ask.to));
        egui::Modal::new(egui::Id::unique("job_reason_modal")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            section_title_ui(ui, &t, &title);
            ui.label(RichText::new(cx.tr("jobs-reason-hint")).color(t.muted));
            let err = ask.error.clone();
            text_field_ui(
                ui,
                &t,
                &cx.tr("jobs-reason"),
                &mut ask.reason,
                false,
                err.as_deref(),
            );
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

    fn delete_modal_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, d: &JobDetail) {
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
