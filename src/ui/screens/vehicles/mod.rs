//! Vehicles: list (virtualised, sort, search with or without dashes, CSV), vehicle page, form.

pub mod form;
mod page;

use egui::{Align, Label, Layout, RichText, Sense, TextEdit, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::auth::permissions::Action;
use rpma_core::vehicles::{VehicleFilter, VehicleRow, VehicleSort};

use self::form::VehicleForm;
use self::page::VehiclePageView;
use crate::jobs::crm::{CrmEvent, CrmJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::screens::clients::allows_user;
use crate::ui::screens::clients::common::{
    SavePicker, empty_state_ui, header_ui, primary_icon_button, secondary_icon_button,
    sort_header_ui,
};
use crate::ui::screens::clients::form::FormAction;
use crate::ui::widgets::{page_title_ui, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// Rows asked for at a time as the user scrolls.
const PAGE: u32 = 200;

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct VehiclesScreen {
    filter: VehicleFilter,
    rows: Vec<VehicleRow>,
    total: i64,
    pending: Option<(RequestId, u32)>,
    loaded: bool,
    error: Option<String>,
    page: Option<VehiclePageView>,
    form: Option<VehicleForm>,
    /// Looking up the owner's name of a "new vehicle for this client" form.
    owner_name_req: Option<RequestId>,
    save_req: Option<RequestId>,
    export: SavePicker,
    export_req: Option<RequestId>,
}

impl VehiclesScreen {
    /// Shows one record (from search, another screen or a link): its id.
    pub fn open(&mut self, id: String) {
        self.page = Some(VehiclePageView::new(id));
    }

    /// The vehicle whose page is on show.
    pub fn page_id(&self) -> Option<&str> {
        self.page.as_ref().map(VehiclePageView::id)
    }

    /// Back to the list.
    pub fn close_page(&mut self) {
        self.page = None;
    }

    /// Opens the new-vehicle form owned by this client (the client page's "Add a vehicle").
    pub fn new_for_owner(&mut self, owner_id: String) {
        self.form = Some(VehicleForm::new(Some((owner_id, String::new()))));
        self.owner_name_req = None;
    }

    /// Test hook: the next CSV export writes to `path` as if chosen in the save dialog.
    pub fn inject_save_path_for_test(&mut self, path: std::path::PathBuf) {
        self.export.inject(path);
    }

    fn reload(&mut self, cx: &mut Cx<'_>) {
        self.rows.clear();
        self.total = 0;
        self.loaded = false;
        self.error = None;
        self.request_page(cx, 0);
    }

    fn request_page(&mut self, cx: &mut Cx<'_>, offset: u32) {
        let filter = VehicleFilter {
            offset,
            limit: PAGE,
            ..self.filter.clone()
        };
        self.pending = Some((cx.submit(Job::Crm(CrmJob::LoadVehicles { filter })), offset));
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Crm(crm) = ev else {
            return Some(ev);
        };
        match crm {
            CrmEvent::Vehicles(r) if self.pending.is_some_and(|(p, _)| p == id) => {
                let (_, offset) = self.pending.take()?;
                self.loaded = true;
                match r {
                    Ok(page) => {
                        if offset == 0 {
                            self.rows = page.rows;
                        } else {
                            self.rows.extend(page.rows);
                        }
                        self.total = page.total;
                    }
                    Err(e) => self.error = Some(cx.error_text(&e)),
                }
            }
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
            CrmEvent::Exported(r) if self.export_req == Some(id) => {
                self.export_req = None;
                match r {
                    Ok((path, n)) => cx.toast_ok(cx.tr_args(
                        "vehicles-exported",
                        &[
                            ("count", i64::try_from(n).unwrap_or(i64::MAX).into()),
                            ("path", path.display().to_string().into()),
                        ],
                    )),
                    Err(e) => cx.toast_err(cx.error_text(&e)),
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
        if !self.loaded && self.pending.is_none() && self.error.is_none() {
            self.reload(cx);
        }
        if let Some(path) = self.export.poll() {
            let filter = VehicleFilter {
                offset: 0,
                limit: 0,
                ..self.filter.clone()
            };
            let job = CrmJob::ExportVehiclesCsv { filter, path };
            self.export_req = Some(cx.submit(Job::Crm(job)));
        }
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
        let t = *cx.tokens;
        let title = if form.owner_only {
            "vehicles-change-owner"
        } else if form.id.is_some() {
            "vehicles-edit-title"
        } else {
            "vehicles-new-title"
        };
        let mut action = FormAction::None;
        let modal = egui::Modal::new(egui::Id::unique("vehicle_form_modal"))
            .frame(t.card_frame())
            .show(ui.ctx(), |ui| {
                ui.set_width(620.0);
                section_title_ui(ui, &t, &cx.tr(title));
                ui.add_space(t.gap * 0.5);
                let max_h = ui.ctx().content_rect().height() - 160.0;
                egui::ScrollArea::vertical()
                    .max_height(max_h.max(200.0))
                    .min_scrolled_height(max_h.clamp(200.0, 560.0))
                    .show(ui, |ui| {
                        action = form.ui(ui, cx);
                    });
            });
        // A click outside does not close a form (nothing typed is lost); Escape and Cancel do.
        let escape = modal.should_close() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        if action == FormAction::Cancel || (escape && !form.saving) {
            self.form = None;
            return;
        }
        if action == FormAction::Save {
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

    fn actions_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if allows_user(cx, Action::EditVehicles)
                && primary_icon_button(ui, &t, icons::PLUS, &cx.tr("vehicles-new")).clicked()
            {
                self.form = Some(VehicleForm::new(None));
            }
            if allows_user(cx, Action::ExportCsv) {
                let busy = self.export.busy() || self.export_req.is_some();
                let r = ui.add_enabled_ui(!busy, |ui| {
                    secondary_icon_button(ui, &t, icons::EXPORT, &cx.tr("vehicles-export-csv"))
                });
                if r.inner.clicked() {
                    self.export.open(
                        ui.ctx(),
                        &cx.tr("vehicles-export-csv"),
                        "vehicules.csv",
                        ("CSV", "csv"),
                    );
                }
            }
        });
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let subtitle = if self.loaded {
            cx.tr_args("vehicles-count", &[("count", self.total.into())])
        } else {
            cx.tr("loading")
        };
        ui.horizontal(|ui| {
            ui.vertical(|ui| page_title_ui(ui, &t, &cx.tr("nav-vehicles"), Some(&subtitle)));
            self.actions_ui(ui, cx);
        });
        let mut changed = false;
        ui.horizontal(|ui| {
            ui.label(RichText::new(icons::MAGNIFYING_GLASS).color(t.muted));
            let label = cx.tr("vehicles-search");
            let r = ui.add(
                TextEdit::singleline(&mut self.filter.text)
                    .hint_text(cx.tr("vehicles-search-hint"))
                    .desired_width(320.0)
                    .min_size(Vec2::new(0.0, t.hit - 8.0)),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label));
            changed |= r.changed();
        });
        if changed {
            self.reload(cx);
        }
        ui.add_space(t.gap * 0.5);
        if let Some(e) = self.error.clone() {
            t.card_frame().show(ui, |ui| {
                ui.label(RichText::new(format!("{}  {e}", icons::WARNING)).color(t.danger));
                if ui.button(cx.tr("retry")).clicked() {
                    self.reload(cx);
                }
            });
            return;
        }
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            if self.loaded && self.rows.is_empty() {
                let (title, hint) = if self.filter.text.trim().is_empty() {
                    ("vehicles-empty", "vehicles-empty-hint")
                } else {
                    ("vehicles-empty-filtered", "vehicles-empty-filtered-hint")
                };
                empty_state_ui(ui, &t, icons::CAR_PROFILE, &cx.tr(title), &cx.tr(hint));
                return;
            }
            self.table_ui(ui, cx);
        });
    }

    fn table_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let height = ui.available_height().max(200.0);
        let f = &self.filter;
        let active = |s: VehicleSort| (f.sort == s).then_some(f.descending);
        let mut sort_click = None;
        let mut open = None;
        let mut max_index = 0_usize;
        let rows = &self.rows;
        // Fixed columns, then make and owner share what is left: no horizontal overflow down
        // to a 1024-pixel window.
        let spacing = ui.spacing().item_spacing.x * 6.0;
        let flex = (ui.available_width() - 120.0 - 64.0 - 100.0 - 64.0 - spacing).max(180.0);
        ui.scope(|ui| {
            ui.style_mut().interaction.selectable_labels = false;
            TableBuilder::new(ui)
                .id_salt("vehicles_table")
                .striped(true)
                .sense(Sense::click())
                .cell_layout(Layout::left_to_right(Align::Center))
                .column(Column::exact(120.0).clip(true))
                .column(Column::exact(flex * 0.55).clip(true))
                .column(Column::exact(64.0))
                .column(Column::exact(100.0).clip(true))
                .column(Column::exact(flex * 0.45).clip(true))
                .column(Column::remainder())
                .min_scrolled_height(height - t.hit - 12.0)
                .max_scroll_height(height - t.hit - 12.0)
                .header(t.hit, |mut h| {
                    for (key, sort) in [
                        ("vehicles-col-plate", Some(VehicleSort::Plate)),
                        ("vehicles-col-make", Some(VehicleSort::Make)),
                        ("vehicles-col-year", Some(VehicleSort::Year)),
                        ("vehicles-col-colour", None),
                        ("vehicles-col-owner", Some(VehicleSort::Owner)),
                        ("vehicles-col-jobs", None),
                    ] {
                        h.col(|ui| match sort {
                            Some(s) => {
                                if sort_header_ui(ui, &t, &cx.tr(key), active(s)) {
                                    sort_click = Some(s);
                                }
                            }
                            None => header_ui(ui, &t, &cx.tr(key)),
                        });
                    }
                })
                .body(|body| {
                    body.rows(38.0, rows.len(), |mut row| {
                        let i = row.index();
                        max_index = max_index.max(i);
                        let Some(v) = rows.get(i) else { return };
                        row.col(|ui| {
                            ui.label(
                                RichText::new(&v.plate)
                                    .monospace()
                                    .strong()
                                    .color(t.heading),
                            );
                        });
                        row.col(|ui| {
                            ui.add(
                                Label::new(
                                    RichText::new(format!("{} {}", v.make, v.model)).color(t.text),
                                )
                                .truncate(),
                            );
                        });
                        row.col(|ui| {
                            ui.label(
                                RichText::new(v.year.map_or_else(|| "—".into(), |y| y.to_string()))
                                    .color(t.text),
                            );
                        });
                        row.col(|ui| {
                            let c = if v.colour.is_empty() {
                                "—"
                            } else {
                                v.colour.as_str()
                            };
                            ui.add(Label::new(RichText::new(c).color(t.muted)).truncate());
                        });
                        row.col(|ui| {
                            ui.add(
                                Label::new(
                                    RichText::new(v.owner_name.as_deref().unwrap_or("—"))
                                        .color(t.text),
                                )
                                .truncate(),
                            );
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(v.jobs.to_string()).color(t.text));
                        });
                        if row.response().clicked() {
                            open = Some(v.id.clone());
                        }
                    });
                });
        });
        if let Some(s) = sort_click {
            if self.filter.sort == s {
                self.filter.descending = !self.filter.descending;
            } else {
                self.filter.sort = s;
                self.filter.descending = false;
            }
            self.reload(cx);
            return;
        }
        if let Some(id) = open {
            cx.push(Command::Open(Route::Vehicle(id)));
            return;
        }
        let loaded = self.rows.len();
        if self.pending.is_none()
            && i64::try_from(loaded).unwrap_or(i64::MAX) < self.total
            && max_index + 40 >= loaded
        {
            self.request_page(cx, u32::try_from(loaded).unwrap_or(u32::MAX));
        }
    }
}

impl VehicleForm {
    fn owner_name_is_empty(&self) -> bool {
        self.owner_name_ref().is_none_or(str::is_empty)
    }
}

impl crate::ui::screen::Screen for VehiclesScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_enter(&mut self, route: &Route, _cx: &mut Cx<'_>) {
        match route {
            Route::Vehicle(id) => self.open(id.clone()),
            Route::NewVehicle { owner_id } => self.new_for_owner(owner_id.clone()),
            _ => self.close_page(),
        }
    }

    fn on_broadcast(&mut self, ev: &crate::ui::screen::Broadcast, _cx: &mut Cx<'_>) {
        // Read again only when shown as a list (no record open with a draft).
        if *ev
            == (crate::ui::screen::Broadcast::RemoteChanges {
                on_show: crate::route::RouteKind::Vehicles,
            })
            && self.page_id().is_none()
        {
            *self = Self::default();
        }
    }

    fn route(&self) -> Route {
        self.page_id()
            .map_or(Route::Vehicles, |id| Route::Vehicle(id.to_owned()))
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
