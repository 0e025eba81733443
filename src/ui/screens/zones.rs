//! The PPF zone catalogue (admins): names in French and English, typical film area per vehicle
//! size class, active switch; add, edit, delete (refused while jobs use the zone: deactivate it).

use egui::{Align, Label, Layout, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rpma_core::Lang;
use rpma_core::format::format_decimal;
use rpma_core::validate::FieldErrors;
use rpma_core::vehicles::SizeClass;
use rpma_core::zones::Zone;

use crate::jobs::crm::{CrmEvent, CrmJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::form::form_modal_ui;
use crate::ui::widgets::{
    Answer, FormAction, FormPart, FormState, confirm_modal_ui, empty_state_ui, header_ui,
    icon_button, page_title_ui, primary_icon_button,
};
use crate::ui::{Cx, icons};

const AREA_FIELDS: [&str; 4] = ["area_small", "area_medium", "area_large", "area_xl"];

/// The add / edit dialog.
#[derive(Debug, Clone, Default)]
struct ZoneForm {
    zone: Option<Zone>,
    name_fr: String,
    name_en: String,
    areas: [String; 4],
    active: bool,
    state: FormState,
}

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct ZonesScreen {
    data: Loadable<Vec<Zone>>,
    form: Option<ZoneForm>,
    save_req: Option<RequestId>,
    toggle_req: Option<RequestId>,
    confirm_delete: Option<Zone>,
    delete_req: Option<RequestId>,
    refusal: Option<String>,
}

fn area_text(a: f64, lang: Lang) -> String {
    format_decimal(a, 2, lang)
}

fn parse_area(s: &str) -> Option<f64> {
    let s = s.trim().replace(',', ".").replace("m²", "");
    s.trim().parse::<f64>().ok()
}

impl ZonesScreen {
    fn load(&mut self, cx: &mut Cx<'_>) {
        self.data = Loadable::Loading(cx.submit(Job::Crm(CrmJob::LoadZones)));
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Crm(crm) = ev else {
            return Some(ev);
        };
        match crm {
            CrmEvent::Zones(r) if matches!(self.data, Loadable::Loading(w) if w == id) => {
                self.data.accept(id, r, cx.lang);
            }
            CrmEvent::ZoneSaved(r) if self.save_req == Some(id) => {
                self.save_req = None;
                match r {
                    Ok(z) => {
                        self.form = None;
                        cx.toast_ok(cx.tr_args("zones-saved", &[("name", z.name(cx.lang).into())]));
                        self.load(cx);
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.form {
                            f.state.refused(&e, cx);
                        }
                    }
                }
            }
            CrmEvent::ZoneSaved(r) if self.toggle_req == Some(id) => {
                self.toggle_req = None;
                if let Err(e) = r {
                    cx.toast_err(cx.error_text(&e));
                }
                self.load(cx);
            }
            CrmEvent::ZoneDeleted(r) if self.delete_req == Some(id) => {
                self.delete_req = None;
                match r {
                    Ok(_) => {
                        self.refusal = None;
                        cx.toast_ok(cx.tr("zones-deleted"));
                        self.load(cx);
                    }
                    Err(e) => self.refusal = Some(cx.error_text(&e)),
                }
            }
            other => return Some(JobEvent::Crm(other)),
        }
        None
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.data, Loadable::Idle) {
            self.load(cx);
        }
        let t = *cx.tokens;
        ui.horizontal(|ui| {
            page_title_ui(ui, &t, &cx.tr("nav-zones"), None);
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if primary_icon_button(ui, &t, icons::PLUS, &cx.tr("zones-add")).clicked() {
                    self.form = Some(ZoneForm {
                        active: true,
                        ..ZoneForm::default()
                    });
                }
            });
        });
        ui.label(RichText::new(cx.tr("zones-subtitle")).color(t.muted));
        ui.add_space(t.gap * 0.5);
        if let Some(r) = &self.refusal {
            t.card_frame().fill(t.danger_soft).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("{}  {r}", icons::WARNING)).color(t.danger));
            });
            ui.add_space(t.gap * 0.5);
        }
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.load(cx);
            return;
        }
        let Some(zones) = data else { return };
        let zones = zones.clone();
        let mut toggle = None;
        let mut edit = None;
        let mut delete = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            if zones.is_empty() {
                empty_state_ui(
                    ui,
                    &t,
                    icons::POLYGON,
                    &cx.tr("zones-empty"),
                    &cx.tr("zones-empty-hint"),
                );
                return;
            }
            // Everything fits the card down to a 1024-pixel window: the area columns narrow
            // (their headers are cut with an ellipsis) before the names do.
            let spacing = ui.spacing().item_spacing.x * 8.0;
            let area_w = if ui.available_width() > 800.0 {
                90.0
            } else {
                66.0
            };
            let name_w =
                ((ui.available_width() - 4.0 * area_w - 60.0 - 80.0 - spacing) / 2.0).max(96.0);
            let h = ui.available_height().max(200.0);
            ui.scope(|ui| {
                ui.style_mut().interaction.selectable_labels = false;
                let mut tb = TableBuilder::new(ui)
                    .id_salt("zones_table")
                    .striped(true)
                    .cell_layout(Layout::left_to_right(Align::Center))
                    .column(Column::exact(name_w).clip(true))
                    .column(Column::exact(name_w).clip(true));
                for _ in SizeClass::ALL {
                    tb = tb.column(Column::exact(area_w).clip(true));
                }
                tb.column(Column::exact(60.0))
                    .column(Column::remainder())
                    .max_scroll_height(h - 30.0)
                    .header(28.0, |mut hd| {
                        hd.col(|ui| header_ui(ui, &t, &cx.tr("zones-col-name-fr")));
                        hd.col(|ui| header_ui(ui, &t, &cx.tr("zones-col-name-en")));
                        for s in SizeClass::ALL {
                            hd.col(|ui| header_ui(ui, &t, &cx.tr(s.label_key())));
                        }
                        hd.col(|ui| header_ui(ui, &t, &cx.tr("zones-col-active")));
                        hd.col(|ui| header_ui(ui, &t, &cx.tr("zones-col-actions")));
                    })
                    .body(|body| {
                        body.rows(36.0, zones.len(), |mut row| {
                            let Some(z) = zones.get(row.index()) else {
                                return;
                            };
                            let colour = if z.is_active { t.heading } else { t.muted };
                            row.col(|ui| {
                                ui.add(
                                    Label::new(RichText::new(&z.name_fr).color(colour)).truncate(),
                                );
                            });
                            row.col(|ui| {
                                ui.add(
                                    Label::new(RichText::new(&z.name_en).color(colour)).truncate(),
                                );
                            });
                            for a in z.areas {
                                row.col(|ui| {
                                    ui.label(
                                        RichText::new(format!("{} m²", area_text(a, cx.lang)))
                                            .color(t.text),
                                    );
                                });
                            }
                            row.col(|ui| {
                                let mut on = z.is_active;
                                let alt = cx.tr_args(
                                    "zones-active-of",
                                    &[("name", z.name(cx.lang).into())],
                                );
                                let r = ui.checkbox(&mut on, "").on_hover_text(&alt);
                                r.widget_info(|| {
                                    egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, &alt)
                                });
                                if r.changed() {
                                    toggle = Some((z.clone(), on));
                                }
                            });
                            row.col(|ui| {
                                let name = z.name(cx.lang);
                                if icon_button(
                                    ui,
                                    icons::PENCIL_SIMPLE,
                                    &cx.tr_args("zones-edit-of", &[("name", name.into())]),
                                )
                                .clicked()
                                {
                                    edit = Some(z.clone());
                                }
                                if icon_button(
                                    ui,
                                    icons::TRASH,
                                    &cx.tr_args("zones-delete-of", &[("name", name.into())]),
                                )
                                .clicked()
                                {
                                    delete = Some(z.clone());
                                }
                            });
                        });
                    });
            });
        });
        if let Some((mut z, on)) = toggle
            && cx.user.is_some()
        {
            z.is_active = on;
            self.toggle_req = Some(cx.submit(Job::Crm(CrmJob::SaveZone { zone: Box::new(z) })));
        }
        if let Some(z) = edit {
            self.form = Some(ZoneForm {
                name_fr: z.name_fr.clone(),
                name_en: z.name_en.clone(),
                areas: z.areas.map(|a| area_text(a, cx.lang)),
                active: z.is_active,
                zone: Some(z),
                ..ZoneForm::default()
            });
        }
        if delete.is_some() {
            self.refusal = None;
            self.confirm_delete = delete;
        }
        self.confirm_ui(ui, cx);
        self.form_ui(ui, cx);
    }

    fn confirm_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(z) = &self.confirm_delete else {
            return;
        };
        let body = cx.tr_args("zones-delete-body", &[("name", z.name(cx.lang).into())]);
        match confirm_modal_ui(
            ui,
            cx,
            "zone_delete_confirm",
            &cx.tr("zones-delete-title"),
            &body,
            &cx.tr("zones-delete"),
            |_| true,
        ) {
            Answer::Open => {}
            Answer::No => self.confirm_delete = None,
            Answer::Yes => {
                let id = z.id.clone();
                self.confirm_delete = None;
                if cx.user.is_some() {
                    self.delete_req = Some(cx.submit(Job::Crm(CrmJob::DeleteZone { id })));
                }
            }
        }
    }

    fn form_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(f) = &mut self.form else { return };
        let title = cx.tr(if f.zone.is_some() {
            "zones-edit-title"
        } else {
            "zones-new-title"
        });
        let saving = f.state.saving;
        let id = "zone_form_modal";
        match form_modal_ui(ui, cx, id, &title, 520.0, saving, |ui, cx, part| {
            f.ui(ui, cx, part)
        }) {
            FormAction::None => return,
            FormAction::Cancel => {
                self.form = None;
                return;
            }
            FormAction::Save => {}
        }
        // Numbers that do not parse are refused here, next to their field, like the core's.
        let mut errors = FieldErrors::new();
        let mut areas = [0.0; 4];
        for (i, (text, field)) in f.areas.iter().zip(AREA_FIELDS).enumerate() {
            match (parse_area(text), areas.get_mut(i)) {
                (Some(a), Some(slot)) => *slot = a,
                _ => errors.add(field, "zone-err-area"),
            }
        }
        if !errors.is_empty() {
            f.state.invalid(errors, cx);
            return;
        }
        let base = f.zone.clone();
        let zone = Zone {
            id: base.as_ref().map(|z| z.id.clone()).unwrap_or_default(),
            name_fr: f.name_fr.clone(),
            name_en: f.name_en.clone(),
            areas,
            position: base.as_ref().map_or(0, |z| z.position),
            is_active: f.active,
        };
        if cx.user.is_none() {
            f.state.saving = false;
            return;
        }
        self.save_req = Some(cx.submit(Job::Crm(CrmJob::SaveZone {
            zone: Box::new(zone),
        })));
    }
}

impl ZoneForm {
    /// The fields (names, an area per size class, active), or the buttons.
    fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>, part: FormPart) -> FormAction {
        if part == FormPart::Buttons {
            return self.state.buttons_ui(ui, cx, "zones-save");
        }
        let t = *cx.tokens;
        let f = self.state.fields(cx, rpma_core::zones::REQUIRED);
        f.text(ui, "name_fr", "zones-field-name-fr", &mut self.name_fr);
        f.text(ui, "name_en", "zones-field-name-en", &mut self.name_en);
        ui.add_space(t.gap * 0.5);
        ui.label(
            RichText::new(cx.tr("zones-areas"))
                .strong()
                .color(t.heading),
        );
        let values = &mut self.areas;
        ui.columns(2, |cols| {
            for (i, s) in SizeClass::ALL.into_iter().enumerate() {
                let Some(col) = cols.get_mut(i % 2) else {
                    continue;
                };
                let (Some(field), Some(value)) = (AREA_FIELDS.get(i), values.get_mut(i)) else {
                    continue;
                };
                let label =
                    cx.tr_args("zones-field-area", &[("size", cx.tr(s.label_key()).into())]);
                f.text_labelled(col, field, &label, value);
            }
        });
        ui.checkbox(&mut self.active, cx.tr("zones-field-active"));
        FormAction::None
    }
}

impl crate::ui::screen::Screen for ZonesScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Zones
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
