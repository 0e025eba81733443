//! The job page's left column: customer and vehicle links, schedule, the work (zones, film,
//! instructions, installed films), and the edit form that takes the work card's place.

use egui::{RichText, Ui};
use rpma_core::format;
use rpma_core::ids::ZoneId;
use rpma_core::jobs::guard::JobRights;
use rpma_core::jobs::{JobDetail, JobUpdate, Priority};
use rpma_core::validate::FieldErrors;

use super::super::vehicle_text;
use super::JobPageView;
use crate::jobs::planning::{PlanningJob, PlanningRefs};
use crate::route::Route;
use crate::ui::widgets::{
    kv_row_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Command, Cx, icons};

impl JobPageView {
    pub(super) fn left_ui(
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
                    cx.push(Command::Open(Route::Client(d.row.client_id.clone())));
                }
            });
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::CAR_PROFILE).color(t.muted));
                if ui
                    .link(vehicle_text(&d.row.plate, &d.row.make, &d.row.model))
                    .clicked()
                {
                    cx.push(Command::Open(Route::Vehicle(d.row.vehicle_id.clone())));
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
                    let mut a: Vec<&ZoneId> = form.zone_ids.iter().collect();
                    let mut b: Vec<&ZoneId> = d.zones.iter().map(|z| &z.zone_id).collect();
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
}
