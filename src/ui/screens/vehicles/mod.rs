//! Vehicles: list (the shared [`ListView`]: virtualised, sort, search with or without dashes,
//! CSV), vehicle page, form.

pub mod form;
mod list;
mod page;

use egui::Ui;
use rpma_core::auth::permissions::Action;
use rpma_core::ids::{ClientId, VehicleId};
use rpma_core::vehicles::VehicleFilter;

use self::form::VehicleForm;
use self::page::VehiclePageView;
use crate::jobs::crm::{CrmEvent, CrmJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::screen::allows_user;
use crate::ui::widgets::list_view::{ListOutcome, ListView};
use crate::ui::widgets::{FormAction, form::form_modal_ui};
use crate::ui::{Command, Cx, icons};

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct VehiclesScreen {
    list: ListView<VehicleFilter>,
    page: Option<VehiclePageView>,
    form: Option<VehicleForm>,
    /// Looking up the owner's name of a "new vehicle for this client" form.
    owner_name_req: Option<RequestId>,
    save_req: Option<RequestId>,
}

impl VehiclesScreen {
    /// Opens the new-vehicle form owned by this client (the client page's "Add a vehicle").
    pub fn new_for_owner(&mut self, owner_id: ClientId) {
        self.form = Some(VehicleForm::new(Some((owner_id, String::new()))));
        self.owner_name_req = None;
    }

    /// Test hook: the next CSV export writes to `path` as if chosen in the save dialog.
    pub fn inject_save_path_for_test(&mut self, path: std::path::PathBuf) {
        self.list.inject_save_path(path);
    }

    fn reload(&mut self, cx: &mut Cx<'_>) {
        self.list.reload(cx);
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Crm(crm) = ev else {
            return Some(ev);
        };
        let crm = self.list.on_event(id, crm, cx)?;
        match crm {
            CrmEvent::Clients(r) if self.form.as_ref().is_some_and(|f| f.owner_req == Some(id)) => {
                if let Some(f) = &mut self.form {
                    f.on_matches(r.map(|p| p.rows).unwrap_or_default());
                }
            }
            CrmEvent::Client(r) if self.owner_name_req == Some(id) => {
                self.owner_name_req = None;
                if let (Some(f), Ok(d)) = (&mut self.form, r) {
                    f.set_owner_name(d.client.display_name().to_owned());
                }
            }
            CrmEvent::VehicleSaved(r) if self.save_req == Some(id) => {
                self.save_req = None;
                match r {
                    Ok(v) => {
                        let created = self.form.as_ref().is_some_and(|f| f.id.is_none());
                        self.form = None;
                        cx.toast_ok(cx.tr_args(
                            if created {
                                "vehicles-created"
                            } else {
                                "vehicles-saved"
                            },
                            &[("plate", v.plate.as_str().into())],
                        ));
                        self.page = Some(VehiclePageView::new(v.id.clone()));
                        self.reload(cx);
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.form {
                            f.refused(&e, cx);
                        }
                    }
                }
            }
            other => {
                let ev = JobEvent::Crm(other);
                let Some(page) = &mut self.page else {
                    return Some(ev);
                };
                let (rest, changed) = page.on_event(id, ev, cx);
                if page.closed {
                    self.page = None;
                }
                if changed {
                    self.reload(cx);
                }
                return rest;
            }
        }
        None
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if self.list.needs_load() {
            self.reload(cx);
        }
        self.list.poll_export(cx);
        // A "new vehicle for this client" form: fetch the owner's name once.
        if let Some(f) = &self.form
            && f.id.is_none()
            && self.owner_name_req.is_none()
            && let Some(owner) = f.input.owner_id.clone()
            && f.owner_name_is_empty()
            && cx.user.is_some()
        {
            self.owner_name_req = Some(cx.submit(Job::Crm(CrmJob::LoadClient { id: owner })));
        }
        if let Some(page) = &mut self.page {
            let mut edit = None;
            page.ui(ui, cx, &mut edit);
            if page.closed {
                self.page = None;
            }
            if let Some(form) = edit {
                self.form = Some(form);
            }
        } else {
            self.list_ui(ui, cx);
        }
        self.form_ui(ui, cx);
    }

    fn form_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(form) = &mut self.form else { return };
        let title = cx.tr(if form.owner_only {
            "vehicles-change-owner"
        } else if form.id.is_some() {
            "vehicles-edit-title"
        } else {
            "vehicles-new-title"
        });
        let saving = form.state.saving;
        let id = "vehicle_form_modal";
        match form_modal_ui(ui, cx, id, &title, 620.0, saving, |ui, cx, part| {
            form.ui(ui, cx, part)
        }) {
            FormAction::None => {}
            FormAction::Cancel => self.form = None,
            FormAction::Save => {
                if cx.user.is_none() {
                    return;
                }
                let job = CrmJob::SaveVehicle {
                    id: form.id.clone(),
                    input: Box::new(form.input.clone()),
                };
                self.save_req = Some(cx.submit(Job::Crm(job)));
            }
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let new = allows_user(cx, Action::EditVehicles).then_some((icons::PLUS, "vehicles-new"));
        match self.list.ui(ui, cx, new, |_, _, _| false) {
            ListOutcome::None => {}
            ListOutcome::New => self.form = Some(VehicleForm::new(None)),
            ListOutcome::Open(id) => cx.push(Command::Open(Route::Vehicle(id))),
        }
    }
}

impl VehicleForm {
    fn owner_name_is_empty(&self) -> bool {
        self.owner_name_ref().is_none_or(str::is_empty)
    }
}

crate::ui::screen::list_and_page!(
    VehiclesScreen,
    VehicleId,
    Vehicles,
    Vehicle,
    VehiclePageView,
    fn enter_other(&mut self, route: &Route) -> bool {
        if let Route::NewVehicle { owner_id } = route {
            self.new_for_owner(owner_id.clone());
            return true;
        }
        false
    }
);
