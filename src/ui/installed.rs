//! What was laid on each zone, as the technician recorded it on the intervention (film product,
//! roll or lot, length laid, waste, installer): one line of text, and the card listing the zones
//! of completed jobs (client page, job page). The vehicle page's zone history uses the line.

use egui::{RichText, Ui};
use rpma_core::format::format_decimal;
use rpma_core::installed::AppliedZone;

use crate::route::Route;
use crate::ui::widgets::date_or_dash;
use crate::ui::widgets::section_title_ui;
use crate::ui::{Command, Cx, icons};

/// A length in centimetres: whole numbers without decimals, else one.
fn cm(v: f64, cx: &Cx<'_>) -> String {
    let decimals = if v.fract() == 0.0 { 0 } else { 1 };
    format_decimal(v, decimals, cx.lang)
}

/// "XPEL Ultimate Plus · rouleau R-118 · 180 cm posés · 20 cm de chute · posé par Karim";
/// with nothing recorded, the product and the planned area.
pub fn film_line(cx: &Cx<'_>, z: &AppliedZone) -> String {
    let mut parts = vec![if z.film_product.trim().is_empty() {
        cx.tr("vehicles-film-none")
    } else {
        z.film_product.clone()
    }];
    if !z.roll_lot.is_empty() {
        parts.push(cx.tr_args(
            "vehicles-film-roll",
            &[("roll", z.roll_lot.as_str().into())],
        ));
    }
    if let Some(l) = z.length_cm() {
        parts.push(cx.tr_args("vehicles-film-length", &[("cm", cm(l, cx).into())]));
    }
    if let Some(w) = z.waste_cm() {
        parts.push(cx.tr_args("vehicles-film-waste", &[("cm", cm(w, cx).into())]));
    }
    if let Some(n) = &z.installer {
        parts.push(cx.tr_args("vehicles-film-by", &[("name", n.as_str().into())]));
    }
    if !z.recorded() {
        let area = format_decimal(z.area_m2, 2, cx.lang);
        parts.push(cx.tr_args("vehicles-film-planned", &[("area", area.into())]));
    }
    parts.join(" · ")
}

/// A card of the zones laid, job by job (newest first): each job's date, number and plate (a
/// link to the job, unless `link_jobs` is false), then each zone with its film line.
pub fn installed_card_ui(ui: &mut Ui, cx: &mut Cx<'_>, zones: &[AppliedZone], link_jobs: bool) {
    let t = *cx.tokens;
    let mut open = None;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(
            ui,
            &t,
            &format!("{}  {}", icons::POLYGON, cx.tr("vehicles-film-card")),
        );
        if zones.is_empty() {
            ui.label(RichText::new(cx.tr("vehicles-film-empty")).color(t.muted));
            return;
        }
        let mut last_job: Option<&str> = None;
        for z in zones {
            if link_jobs && last_job != Some(z.job_id.as_str()) {
                last_job = Some(z.job_id.as_str());
                ui.add_space(4.0);
                let head = format!(
                    "{} · {} · {}",
                    date_or_dash(cx, z.at),
                    z.job_number,
                    z.plate
                );
                let link = egui::Button::new(RichText::new(head).strong().color(t.heading));
                if ui.add(link.frame(false)).clicked() {
                    open = Some(z.job_id.clone());
                }
            }
            // Ragged text, not the justified lines of a page column.
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.label(RichText::new(z.name(cx.lang)).strong().color(t.heading));
                ui.label(RichText::new(film_line(cx, z)).color(t.text));
            });
            ui.add_space(2.0);
        }
    });
    if let Some(id) = open {
        cx.push(Command::Open(Route::Job(id)));
    }
}
