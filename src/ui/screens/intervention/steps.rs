//! The parts of a step: checklist, finalization scores, installation zones, and the defects on
//! the vehicle diagram.

use rpma_core::ids::{DefectId, PhotoId, UserId, ZoneId};
use std::collections::{BTreeMap, HashMap};

use egui::{RichText, Ui};
use rpma_core::interventions::{DefectInput, DefectKind, Intervention, StepData, ZoneEdit};
use rpma_core::validate::FieldErrors;
use rpma_core::workflow::StepTemplate;

use super::{ZoneTexts, num_text, parse_num};
use crate::jobs::atelier::AtelierJob;
use crate::jobs::{Job, RequestId};
use crate::ui::vehicle_diagram::{self, DiagramMarker};
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

/// A large checkbox row (touch).
fn check_row(ui: &mut Ui, cx: &Cx<'_>, label: &str, required: bool, value: &mut bool) -> bool {
    let t = cx.tokens;
    let text = if required {
        format!("{label}  *")
    } else {
        label.to_owned()
    };
    big_checkbox(ui, t.hit, value, RichText::new(text).size(t.body + 1.0)).changed()
}

/// A checkbox on a row of touch height, left-aligned, with a larger box.
fn big_checkbox(ui: &mut Ui, height: f32, value: &mut bool, text: RichText) -> egui::Response {
    ui.allocate_ui_with_layout(
        egui::vec2(ui.available_width(), height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.spacing_mut().icon_width = 22.0;
            ui.spacing_mut().icon_spacing = 10.0;
            ui.checkbox(value, text)
        },
    )
    .inner
}

/// The step's checklist; returns true when a tick changed.
pub(super) fn checklist_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    st: &StepTemplate,
    ticks: &mut BTreeMap<String, bool>,
    can_edit: bool,
) -> bool {
    let t = *cx.tokens;
    let mut changed = false;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        let done = st
            .checklist
            .iter()
            .filter(|c| ticks.get(&c.id).copied().unwrap_or(false))
            .count();
        section_title_ui(
            ui,
            &t,
            &format!("{} ({done}/{})", cx.tr("iv-checklist"), st.checklist.len()),
        );
        ui.add_enabled_ui(can_edit, |ui| {
            for item in &st.checklist {
                let mut v = ticks.get(&item.id).copied().unwrap_or(false);
                if check_row(ui, cx, item.label.get(cx.lang), item.required, &mut v) {
                    ticks.insert(item.id.clone(), v);
                    changed = true;
                }
            }
        });
        ui.label(
            RichText::new(cx.tr("iv-required-hint"))
                .small()
                .color(t.muted),
        );
    });
    changed
}

/// Quality score (0–100), satisfaction (1–5) and comments; returns true when changed.
pub(super) fn scores_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    data: &mut StepData,
    can_edit: bool,
    errors: &FieldErrors,
) -> bool {
    let t = *cx.tokens;
    let mut changed = false;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(ui, &t, &cx.tr("iv-quality-title"));
        ui.add_enabled_ui(can_edit, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(RichText::new(cx.tr("iv-quality-score")).strong());
                let mut q = data.quality_score.map_or(0.0, f32::from);
                let r = ui
                    .add(
                        egui::Slider::new(&mut q, 0.0..=100.0)
                            .step_by(1.0)
                            .integer()
                            .show_value(false)
                            .text(
                                data.quality_score
                                    .map_or_else(|| cx.tr("iv-not-given"), |q| format!("{q}/100")),
                            ),
                    )
                    .labelled_by(label.id);
                if r.changed() || (r.clicked() && data.quality_score.is_none()) {
                    data.quality_score = Some(q.round().clamp(0.0, 100.0) as u8);
                    changed = true;
                }
            });
            ui.horizontal(|ui| {
                ui.label(RichText::new(cx.tr("iv-satisfaction")).strong());
                for n in 1..=5u8 {
                    let on = data.satisfaction.is_some_and(|s| s >= n);
                    let star = if on { "★" } else { "☆" };
                    let r = ui.add(
                        egui::Button::new(RichText::new(star).size(26.0).color(if on {
                            t.warning
                        } else {
                            t.muted
                        }))
                        .frame(false)
                        .min_size(egui::vec2(t.hit, t.hit)),
                    );
                    let label = cx.tr_args("iv-satisfaction-n", &[("n", i64::from(n).into())]);
                    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                    if r.clicked() {
                        data.satisfaction = Some(n);
                        changed = true;
                    }
                }
            });
            if let Some(e) = cx.field_error(errors, "quality") {
                ui.label(RichText::new(e).color(t.danger).small());
            }
            let label = ui.label(RichText::new(cx.tr("iv-comments")).strong());
            changed |= ui
                .add(
                    egui::TextEdit::multiline(&mut data.comments)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
                .changed();
        });
    });
    changed
}

/// The installation, zone by zone. Returns the zones whose draft changed.
#[allow(clippy::too_many_arguments)]
pub(super) fn zones_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    iv: &Intervention,
    st: &StepTemplate,
    drafts: &mut HashMap<ZoneId, ZoneEdit>,
    texts: &mut HashMap<ZoneId, ZoneTexts>,
    installers: &[(UserId, String)],
    errors: &FieldErrors,
    can_edit: bool,
) -> Vec<ZoneId> {
    let t = *cx.tokens;
    let mut dirty = Vec::new();
    if iv.zones.is_empty() {
        ui.label(RichText::new(cx.tr("iv-no-zones")).color(t.muted));
    }
    for z in &iv.zones {
        let (Some(d), Some(txt)) = (drafts.get_mut(&z.zone_id), texts.get_mut(&z.zone_id)) else {
            continue;
        };
        let mut changed = false;
        let done = st
            .checklist
            .iter()
            .filter(|c| d.checklist.get(&c.id).copied().unwrap_or(false))
            .count();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(ui, &t, &format!("{} {}", icons::POLYGON, z.name(cx.lang)));
                ui.label(RichText::new(format!("{done}/{}", st.checklist.len())).color(t.muted));
            });
            ui.add_enabled_ui(can_edit, |ui| {
                ui.columns(2, |cols| {
                    let [a, b] = cols else { return };
                    for item in &st.checklist {
                        let mut v = d.checklist.get(&item.id).copied().unwrap_or(false);
                        let label = format!("{} · {}", z.name(cx.lang), item.label.get(cx.lang));
                        let r = big_checkbox(
                            a,
                            t.hit * 0.85,
                            &mut v,
                            RichText::new(if item.required {
                                format!("{}  *", item.label.get(cx.lang))
                            } else {
                                item.label.get(cx.lang).to_owned()
                            }),
                        );
                        r.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::CheckBox, true, v, &label)
                        });
                        if r.changed() {
                            d.checklist.insert(item.id.clone(), v);
                            changed = true;
                        }
                    }
                    let name = z.name(cx.lang).to_owned();
                    let field = |ui: &mut Ui, key: &str, v: &mut String, err: Option<String>| {
                        let label = format!("{} · {name}", cx.tr(key));
                        text_field_ui(ui, &t, &label, v, false, err.as_deref()).changed()
                    };
                    changed |= field(b, "iv-film", &mut d.film_product, None);
                    changed |= field(b, "iv-roll", &mut d.roll_lot, None);
                    let le = cx.field_error(errors, "length");
                    if field(b, "iv-length", &mut txt.length, le) {
                        d.length_cm = parse_num(&txt.length);
                        changed = true;
                    }
                    let we = cx.field_error(errors, "waste");
                    if field(b, "iv-waste", &mut txt.waste, we) {
                        d.waste_cm = parse_num(&txt.waste);
                        changed = true;
                    }
                    if (!txt.length.trim().is_empty() && parse_num(&txt.length).is_none())
                        || (!txt.waste.trim().is_empty() && parse_num(&txt.waste).is_none())
                    {
                        b.label(
                            RichText::new(cx.tr("iv-err-not-number"))
                                .color(t.danger)
                                .small(),
                        );
                    }
                    let current = d
                        .installer_id
                        .as_ref()
                        .and_then(|id| installers.iter().find(|(i, _)| i == id))
                        .map_or_else(|| "—".to_owned(), |(_, n)| n.clone());
                    egui::ComboBox::new(
                        ("installer", &z.zone_id),
                        format!("{} · {name}", cx.tr("iv-installer")),
                    )
                    .selected_text(current)
                    .show_ui(b, |ui| {
                        for (id, n) in installers {
                            if ui
                                .selectable_label(d.installer_id.as_ref() == Some(id), n)
                                .clicked()
                            {
                                d.installer_id = Some(id.clone());
                                changed = true;
                            }
                        }
                    });
                    // The score on its own line above a slider as wide as the column: text
                    // beside the slider would push the card past the window.
                    let score = d
                        .quality_score
                        .map_or_else(|| cx.tr("iv-not-given"), |q| format!("{q}/10"));
                    b.add(
                        egui::Label::new(
                            RichText::new(format!("{} : {score}", cx.tr("iv-zone-score")))
                                .strong()
                                .color(t.text),
                        )
                        .wrap(),
                    );
                    b.spacing_mut().slider_width = b.available_width();
                    let mut q = d.quality_score.map_or(0, i32::from);
                    let r = b.add(egui::Slider::new(&mut q, 0..=10).show_value(false));
                    let a11y = format!("{} · {name} : {score}", cx.tr("iv-zone-score"));
                    let enabled = b.is_enabled();
                    r.widget_info(|| egui::WidgetInfo::slider(enabled, f64::from(q), &a11y));
                    if r.changed() {
                        d.quality_score = u8::try_from(q).ok();
                        changed = true;
                    }
                });
            });
            let _ = num_text;
        });
        ui.add_space(t.gap * 0.4);
        if changed {
            dirty.push(z.zone_id.clone());
        }
    }
    dirty
}

/// Narrowest card that puts the diagram beside the defect form rather than above it.
const WIDE_CARD: f32 = 720.0;

/// Size of the diagram in a column `width` wide when `room` is the height on show: the car lies
/// across the column (it keeps its proportions), as tall as that makes it, but within the room
/// (and never so small that a door is narrower than a finger).
pub(super) fn diagram_size(t: &crate::ui::theme::Tokens, width: f32, room: f32) -> egui::Vec2 {
    let captions = 2.0 * (t.body + 4.0) + 4.0;
    let across = (width * vehicle_diagram::CAR_ASPECT)
        .min(room - captions)
        .max(200.0);
    egui::vec2(width, across + captions)
}

/// i18n key of a severity's name (1 minor, 2 medium, 3 major): the form's buttons and the list
/// use the same words.
pub(super) fn severity_key(severity: u8) -> &'static str {
    match severity {
        0 | 1 => "iv-severity-1",
        2 => "iv-severity-2",
        _ => "iv-severity-3",
    }
}

/// "Severity: Medium", as the list of defects writes it.
fn severity_text(cx: &Cx<'_>, severity: u8) -> String {
    cx.tr_args(
        "iv-severity-value",
        &[("level", cx.tr(severity_key(severity)).into())],
    )
}

/// The defect form, open after a click on the diagram or on a marker.
#[derive(Debug, Clone)]
struct DefectForm {
    id: Option<DefectId>,
    zone: String,
    x: f64,
    y: f64,
    kind: DefectKind,
    severity: u8,
    note: String,
    photo_id: Option<PhotoId>,
}

/// The vehicle diagram with its defects, and the form to place one.
#[derive(Debug, Default)]
pub(super) struct DefectEditor {
    form: Option<DefectForm>,
    req: Option<RequestId>,
    /// The form just opened: bring it into view (under the diagram on a narrow card).
    reveal_form: bool,
}

impl DefectEditor {
    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, iv: &Intervention, can_edit: bool) {
        let t = *cx.tokens;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} ({})", cx.tr("iv-defects"), iv.defects.len()),
            );
            ui.label(RichText::new(cx.tr("iv-defects-help")).color(t.muted));
            let highlighted: Vec<&str> = Vec::new();
            let markers: Vec<DiagramMarker> = iv
                .defects
                .iter()
                .enumerate()
                .map(|(i, d)| DiagramMarker {
                    zone: d.zone.clone(),
                    pos: egui::pos2(d.x as f32, d.y as f32),
                    label: (i + 1).to_string(),
                    severity: d.severity,
                    selected: self
                        .form
                        .as_ref()
                        .is_some_and(|f| f.id.as_deref() == Some(d.id.as_str())),
                })
                .collect();
            if can_edit {
                ui.label(
                    RichText::new(cx.tr("iv-defect-pick-zone"))
                        .small()
                        .color(t.muted),
                );
                if let Some(zone) =
                    vehicle_diagram::zone_buttons_ui(ui, &t, cx.lang, &highlighted, None)
                {
                    let c = vehicle_diagram::zone_center(&zone).unwrap_or(egui::pos2(0.5, 0.5));
                    self.reveal_form = true;
                    self.form = Some(DefectForm {
                        id: None,
                        zone,
                        x: f64::from(c.x),
                        y: f64::from(c.y),
                        kind: DefectKind::Scratch,
                        severity: 1,
                        note: String::new(),
                        photo_id: None,
                    });
                }
                ui.add_space(8.0);
            }
            // The diagram as large as a finger needs, lying down to use the card's width: on a
            // wide card beside the form and the list, on a narrow one above them; never taller
            // than the step's visible height, so that the whole car shows at once.
            let full = ui.available_width();
            let wide = full >= WIDE_CARD;
            let column = if wide { full * 0.6 } else { full };
            let room = ui.clip_rect().height() - 2.0 * t.gap;
            let size = diagram_size(&t, column, room);
            let mut clicked = None;
            if wide {
                ui.horizontal_top(|ui| {
                    clicked = Some(self.diagram_ui(ui, cx, &markers, size));
                    ui.add_space(t.gap);
                    ui.vertical(|ui| self.side_ui(ui, cx, iv));
                });
            } else {
                ui.vertical_centered(|ui| {
                    clicked = Some(self.diagram_ui(ui, cx, &markers, size));
                });
                self.side_ui(ui, cx, iv);
            }
            if can_edit && let Some(resp) = clicked {
                self.take_click(&resp, iv);
            }
        });
    }

    fn diagram_ui(
        &self,
        ui: &mut Ui,
        cx: &Cx<'_>,
        markers: &[DiagramMarker],
        size: egui::Vec2,
    ) -> vehicle_diagram::DiagramResponse {
        vehicle_diagram::vehicle_diagram_ui(
            ui,
            cx.tokens,
            cx.lang,
            "iv_diagram",
            size,
            &[],
            markers,
        )
    }

    /// A touch on a zone opens a new defect there; on a marker, that defect.
    fn take_click(&mut self, resp: &vehicle_diagram::DiagramResponse, iv: &Intervention) {
        self.reveal_form |= resp.clicked.is_some() || resp.clicked_marker.is_some();
        if let Some((zone, pos)) = &resp.clicked {
            self.form = Some(DefectForm {
                id: None,
                zone: zone.clone(),
                x: f64::from(pos.x),
                y: f64::from(pos.y),
                kind: DefectKind::Scratch,
                severity: 1,
                note: String::new(),
                photo_id: None,
            });
        }
        if let Some(i) = resp.clicked_marker
            && let Some(d) = iv.defects.get(i)
        {
            self.form = Some(DefectForm {
                id: Some(d.id.clone()),
                zone: d.zone.clone(),
                x: d.x,
                y: d.y,
                kind: d.kind,
                severity: d.severity,
                note: d.note.clone(),
                photo_id: d.photo_id.clone(),
            });
        }
    }

    /// The open form, then the defects, numbered as on the diagram.
    fn side_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, iv: &Intervention) {
        let t = *cx.tokens;
        if let Some(form) = self.form.clone() {
            let r = self.form_ui(ui, cx, iv, form);
            if std::mem::take(&mut self.reveal_form) {
                r.scroll_to_me(None);
            }
        }
        for (i, d) in iv.defects.iter().enumerate() {
            let mut line = format!(
                "{}. {} · {} · {}",
                i + 1,
                vehicle_diagram::zone_name(cx.lang, &d.zone),
                cx.tr(d.kind.label_key()),
                severity_text(cx, d.severity),
            );
            if !d.note.is_empty() {
                line = format!("{line} · {}", d.note);
            }
            ui.add(egui::Label::new(RichText::new(line).color(t.text)).wrap());
        }
    }

    fn form_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        mut form: DefectForm,
    ) -> egui::Response {
        let t = *cx.tokens;
        let mut close = false;
        let r = egui::Frame::new()
            .fill(t.accent_soft)
            .corner_radius(t.radius_small)
            .inner_margin(10)
            .show(ui, |ui| {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        cx.tr(if form.id.is_some() {
                            "iv-defect-edit"
                        } else {
                            "iv-defect-new"
                        }),
                        vehicle_diagram::zone_name(cx.lang, &form.zone)
                    ))
                    .strong()
                    .color(t.heading),
                );
                ui.horizontal_wrapped(|ui| {
                    for k in DefectKind::ALL {
                        if ui
                            .add(
                                egui::Button::selectable(form.kind == k, cx.tr(k.label_key()))
                                    .min_size(egui::vec2(0.0, t.hit * 0.8)),
                            )
                            .clicked()
                        {
                            form.kind = k;
                        }
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    ui.label(cx.tr("iv-severity"));
                    for s in 1..=3u8 {
                        let label = cx.tr(severity_key(s));
                        if ui
                            .add(
                                egui::Button::selectable(form.severity == s, label)
                                    .min_size(egui::vec2(0.0, t.hit * 0.8)),
                            )
                            .clicked()
                        {
                            form.severity = s;
                        }
                    }
                });
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("iv-defect-note"),
                    &mut form.note,
                    false,
                    None,
                );
                // The photo showing it: one of the intervention's photos, by number.
                if !iv.photos.is_empty() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(cx.tr("iv-defect-photo"));
                        if ui
                            .add(egui::Button::selectable(form.photo_id.is_none(), "—"))
                            .clicked()
                        {
                            form.photo_id = None;
                        }
                        for (i, p) in iv.photos.iter().enumerate() {
                            let on = form.photo_id.as_deref() == Some(p.id.as_str());
                            let label = format!("{} {}", icons::IMAGE, i + 1);
                            if ui.add(egui::Button::selectable(on, label)).clicked() {
                                form.photo_id = Some(p.id.clone());
                            }
                        }
                    });
                }
                ui.horizontal_wrapped(|ui| {
                    if primary_button(ui, &t, &cx.tr("iv-defect-save")).clicked() {
                        let (Some(_), id) = (cx.user.cloned(), iv.id.clone()) else {
                            return;
                        };
                        self.req = Some(cx.submit(Job::Atelier(AtelierJob::SaveDefect {
                            id,
                            defect_id: form.id.clone(),
                            input: Box::new(DefectInput {
                                zone: form.zone.clone(),
                                x: form.x.clamp(0.0, 1.0),
                                y: form.y.clamp(0.0, 1.0),
                                kind: form.kind,
                                severity: form.severity,
                                note: form.note.clone(),
                                photo_id: form.photo_id.clone(),
                            }),
                        })));
                        close = true;
                    }
                    if let Some(did) = &form.id
                        && secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::TRASH, cx.tr("iv-defect-delete")),
                        )
                        .clicked()
                        && cx.user.is_some()
                    {
                        self.req = Some(cx.submit(Job::Atelier(AtelierJob::DeleteDefect {
                            id: iv.id.clone(),
                            defect_id: did.clone(),
                        })));
                        close = true;
                    }
                    if secondary_button(ui, &t, &cx.tr("iv-defect-cancel")).clicked() {
                        close = true;
                    }
                });
            });
        self.form = if close { None } else { Some(form) };
        r.response
    }

    /// The save request in flight, if any (its reply reloads the intervention).
    pub(super) fn pending(&self) -> Option<RequestId> {
        self.req
    }

    pub(super) fn done(&mut self) {
        self.req = None;
    }
}
