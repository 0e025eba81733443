//! One vehicle's page: identity card, owner with history, every job and every PPF zone ever
//! applied; actions Edit, Change owner, New job, Delete.

use egui::{RichText, Ui};
use rpma_core::Lang;
use rpma_core::auth::permissions::Action;
use rpma_core::ids::VehicleId;
use rpma_core::vehicles::AppliedZone;

use super::form::VehicleForm;
use crate::jobs::crm::{CrmEvent, CrmJob, VehicleDetail};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::screen::allows_user;
use crate::ui::widgets::{
    Answer, JobHistoryKeys, confirm_modal_ui, date_or_dash, job_history_card_ui,
    primary_icon_button, secondary_icon_button,
};
use crate::ui::widgets::{badge_ui, kv_row_ui, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// The page of one vehicle.
#[derive(Debug)]
pub struct VehiclePageView {
    id: VehicleId,
    data: Loadable<Box<VehicleDetail>>,
    confirm_delete: bool,
    delete_req: Option<RequestId>,
    refusal: Option<String>,
    /// Back to the list asked.
    pub closed: bool,
}

impl VehiclePageView {
    /// The vehicle shown.
    pub fn id(&self) -> &VehicleId {
        &self.id
    }

    /// The page of vehicle `id` (loaded on first draw).
    pub fn new(id: VehicleId) -> Self {
        Self {
            id,
            data: Loadable::Idle,
            confirm_delete: false,
            delete_req: None,
            refusal: None,
            closed: false,
        }
    }

    fn load(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        let id = cx.submit(Job::Crm(CrmJob::LoadVehicle {
            id: self.id.clone(),
        }));
        self.data = Loadable::Loading(id);
    }

    /// Takes a reply; returns it when not ours, and whether the list should reload.
    pub fn on_event(
        &mut self,
        id: RequestId,
        ev: JobEvent,
        cx: &mut Cx<'_>,
    ) -> (Option<JobEvent>, bool) {
        let JobEvent::Crm(crm) = ev else {
            return (Some(ev), false);
        };
        match crm {
            CrmEvent::Vehicle(r) if matches!(self.data, Loadable::Loading(w) if w == id) => {
                self.data.accept(id, r, cx.lang);
                (None, false)
            }
            CrmEvent::VehicleDeleted(r) if self.delete_req == Some(id) => {
                self.delete_req = None;
                match r {
                    Ok(_) => {
                        cx.toast_ok(cx.tr("vehicles-deleted"));
                        self.closed = true;
                    }
                    Err(e) => self.refusal = Some(cx.error_text(&e)),
                }
                (None, true)
            }
            other => (Some(JobEvent::Crm(other)), false),
        }
    }

    /// Draws the page; `edit` receives a form when the user asks to edit.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, edit: &mut Option<VehicleForm>) {
        if matches!(self.data, Loadable::Idle) {
            self.load(cx);
        }
        let t = *cx.tokens;
        if secondary_icon_button(ui, &t, icons::CARET_LEFT, &cx.tr("vehicles-back")).clicked() {
            cx.push(Command::Back);
            return;
        }
        ui.add_space(t.gap * 0.5);
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.load(cx);
            return;
        }
        let Some(d) = data else { return };
        let d = d.clone();
        self.header_ui(ui, cx, &d, edit);
        if let Some(r) = &self.refusal {
            t.card_frame().fill(t.danger_soft).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("{}  {r}", icons::WARNING)).color(t.danger));
            });
            ui.add_space(t.gap * 0.5);
        }
        egui::ScrollArea::vertical()
            .id_salt("vehicle_page_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.columns(2, |cols| {
                    if let [left, right] = cols {
                        identity_ui(left, cx, &d);
                        left.add_space(t.gap);
                        owners_ui(left, cx, &d);
                        left.add_space(t.gap);
                        zones_ui(left, cx, &d.applied);
                        jobs_ui(right, cx, &d);
                    }
                });
            });
        if self.confirm_delete {
            let title = cx.tr("vehicles-delete-title");
            let body = cx.tr_args(
                "vehicles-delete-body",
                &[("plate", d.vehicle.plate.as_str().into())],
            );
            match confirm_modal_ui(
                ui,
                cx,
                "vehicle_delete_confirm",
                &title,
                &body,
                &cx.tr("vehicles-delete"),
                |_| true,
            ) {
                Answer::Open => {}
                Answer::No => self.confirm_delete = false,
                Answer::Yes => {
                    self.confirm_delete = false;
                    self.refusal = None;
                    if cx.user.is_some() {
                        self.delete_req = Some(cx.submit(Job::Crm(CrmJob::DeleteVehicle {
                            id: self.id.clone(),
                        })));
                    }
                }
            }
        }
    }

    fn header_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        d: &VehicleDetail,
        edit: &mut Option<VehicleForm>,
    ) {
        let t = *cx.tokens;
        let v = &d.vehicle;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&v.plate)
                    .heading()
                    .monospace()
                    .color(t.heading),
            );
            ui.label(RichText::new(v.title()).size(t.title * 0.8).color(t.text));
            if v.deleted_at.is_some() {
                badge_ui(ui, &cx.tr("clients-in-trash"), t.danger, t.danger_soft);
            }
        });
        ui.add_space(t.gap * 0.5);
        let live = v.deleted_at.is_none();
        ui.horizontal_wrapped(|ui| {
            if live && allows_user(cx, Action::EditVehicles) {
                if primary_icon_button(ui, &t, icons::PENCIL_SIMPLE, &cx.tr("vehicles-edit"))
                    .clicked()
                {
                    *edit = Some(VehicleForm::edit(v, d.owner_name.clone(), false));
                }
                if secondary_icon_button(
                    ui,
                    &t,
                    icons::USER_SWITCH,
                    &cx.tr("vehicles-change-owner"),
                )
                .clicked()
                {
                    *edit = Some(VehicleForm::edit(v, d.owner_name.clone(), true));
                }
            }
            if live
                && allows_user(cx, Action::CreateJobs)
                && secondary_icon_button(ui, &t, icons::PLUS_CIRCLE, &cx.tr("clients-new-job"))
                    .clicked()
            {
                cx.push(Command::Open(Route::NewJob {
                    client_id: v.owner_id.clone(),
                    vehicle_id: Some(v.id.clone()),
                }));
            }
            if live
                && allows_user(cx, Action::DeleteClients)
                && secondary_icon_button(ui, &t, icons::TRASH, &cx.tr("vehicles-delete")).clicked()
            {
                self.confirm_delete = true;
            }
            if self.delete_req.is_some() {
                ui.spinner();
            }
        });
        ui.add_space(t.gap * 0.5);
    }
}

fn identity_ui(ui: &mut Ui, cx: &Cx<'_>, d: &VehicleDetail) {
    let t = *cx.tokens;
    let v = &d.vehicle;
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_owned()
        } else {
            s.to_owned()
        }
    };
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(
            ui,
            &t,
            &format!(
                "{}  {}",
                icons::IDENTIFICATION_CARD,
                cx.tr("vehicles-card-identity")
            ),
        );
        egui::Grid::new("vehicle_identity")
            .num_columns(2)
            .spacing([24.0, 8.0])
            .show(ui, |ui| {
                kv_row_ui(ui, &t, &cx.tr("vehicle-field-plate"), &v.plate);
                kv_row_ui(
                    ui,
                    &t,
                    &cx.tr("vehicle-field-vin"),
                    &dash(v.vin.as_deref().unwrap_or("")),
                );
                kv_row_ui(ui, &t, &cx.tr("vehicle-field-make"), &dash(&v.make));
                kv_row_ui(ui, &t, &cx.tr("vehicle-field-model"), &dash(&v.model));
                kv_row_ui(
                    ui,
                    &t,
                    &cx.tr("vehicle-field-year"),
                    &v.year.map_or_else(|| "—".into(), |y| y.to_string()),
                );
                kv_row_ui(ui, &t, &cx.tr("vehicle-field-colour"), &dash(&v.colour));
                kv_row_ui(
                    ui,
                    &t,
                    &cx.tr("vehicle-field-size"),
                    &cx.tr(v.size_class.label_key()),
                );
            });
        if !v.notes.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new(&v.notes).color(t.text));
        }
    });
}

fn owners_ui(ui: &mut Ui, cx: &mut Cx<'_>, d: &VehicleDetail) {
    let t = *cx.tokens;
    let mut open = None;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(
            ui,
            &t,
            &format!("{}  {}", icons::USER, cx.tr("vehicles-card-owner")),
        );
        match (&d.vehicle.owner_id, &d.owner_name) {
            (Some(id), Some(name)) => {
                let r = ui.add(
                    egui::Button::new(
                        RichText::new(format!("{}  {name}", icons::ADDRESS_BOOK))
                            .strong()
                            .color(t.accent_hover),
                    )
                    .frame(false),
                );
                if r.clicked() {
                    open = Some(id.clone());
                }
            }
            _ => {
                ui.label(RichText::new(cx.tr("vehicles-no-owner")).color(t.muted));
            }
        }
        if d.owners.len() > 1 || d.owners.iter().any(|o| o.until_at.is_some()) {
            ui.add_space(6.0);
            ui.label(
                RichText::new(cx.tr("vehicles-owner-history"))
                    .strong()
                    .color(t.text),
            );
            for o in d.owners.iter().rev() {
                let span = match o.until_at {
                    Some(u) => cx.tr_args(
                        "vehicles-owned-from-to",
                        &[
                            ("from", date_or_dash(cx, Some(o.from_at)).into()),
                            ("to", date_or_dash(cx, Some(u)).into()),
                        ],
                    ),
                    None => cx.tr_args(
                        "vehicles-owned-since",
                        &[("from", date_or_dash(cx, Some(o.from_at)).into())],
                    ),
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&o.client_name).color(t.heading));
                    ui.label(RichText::new(span).small().color(t.muted));
                });
            }
        }
    });
    if let Some(id) = open {
        cx.push(Command::Open(Route::Client(id)));
    }
}

/// Applied zones grouped by zone, in the order first met (newest first).
fn group_zones(applied: &[AppliedZone]) -> Vec<(&AppliedZone, Vec<&AppliedZone>)> {
    let mut out: Vec<(&AppliedZone, Vec<&AppliedZone>)> = Vec::new();
    for z in applied {
        match out.iter_mut().find(|(head, _)| head.zone_id == z.zone_id) {
            Some((_, list)) => list.push(z),
            None => out.push((z, vec![z])),
        }
    }
    out
}

fn zones_ui(ui: &mut Ui, cx: &mut Cx<'_>, applied: &[AppliedZone]) {
    let t = *cx.tokens;
    let mut open = None;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(
            ui,
            &t,
            &format!("{}  {}", icons::POLYGON, cx.tr("vehicles-card-zones")),
        );
        if applied.is_empty() {
            ui.label(RichText::new(cx.tr("vehicles-no-zones")).color(t.muted));
            return;
        }
        for (head, list) in group_zones(applied) {
            let name = if cx.lang == Lang::Fr {
                &head.name_fr
            } else {
                &head.name_en
            };
            ui.horizontal(|ui| {
                ui.label(RichText::new(name).strong().color(t.heading));
                badge_ui(
                    ui,
                    &cx.tr_args(
                        "vehicles-zone-times",
                        &[("count", i64::try_from(list.len()).unwrap_or(0).into())],
                    ),
                    t.accent_hover,
                    t.accent_soft,
                );
            });
            for z in list {
                let text = format!(
                    "{} · {} · {}",
                    date_or_dash(cx, z.at),
                    z.job_number,
                    crate::ui::installed::film_line(cx, z)
                );
                if ui
                    .add(egui::Button::new(RichText::new(text).small().color(t.text)).frame(false))
                    .clicked()
                {
                    open = Some(z.job_id.clone());
                }
            }
            ui.add_space(4.0);
        }
    });
    if let Some(id) = open {
        cx.push(Command::Open(Route::Job(id)));
    }
}

fn jobs_ui(ui: &mut Ui, cx: &mut Cx<'_>, d: &VehicleDetail) {
    let rows: Vec<_> = d
        .jobs
        .iter()
        .map(|j| {
            let names: Vec<&str> = j
                .zones
                .iter()
                .map(|z| {
                    if cx.lang == Lang::Fr {
                        z.name_fr.as_str()
                    } else {
                        z.name_en.as_str()
                    }
                })
                .collect();
            (&j.row, names.join(", "))
        })
        .collect();
    let keys = JobHistoryKeys {
        title: "vehicles-card-jobs",
        empty: ("vehicles-no-jobs", "vehicles-no-jobs-hint"),
        last_column: "vehicles-col-zones",
    };
    job_history_card_ui(ui, cx, "vehicle_jobs", &keys, &rows, 520.0);
}
