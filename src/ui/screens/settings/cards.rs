//! The Settings screen's card building blocks (card frame, sub-heading, number and time fields)
//! and the shop's cards of the General tab: organisation (with the logo), locale and time zone,
//! business hours.

use egui::{RichText, TextEdit, Ui, Vec2};
use rpma_core::Lang;
use rpma_core::i18n::Arg;
use rpma_core::live_checks::vat_siren_warning;
use rpma_core::settings;
use rpma_core::validate::FieldErrors;

use super::checks::field_err;
use super::form::{DAYS, Form};
use crate::ui::theme::Tokens;
use crate::ui::widgets::{section_title_ui, text_field_ui};
use crate::ui::{icons, live};

/// Time zones offered, Metropolitan France first, then the overseas ones, the neighbours and UTC.
const TIME_ZONES: &[(&str, &str)] = &[
    ("Europe/Paris", "settings-tz-paris"),
    ("America/Guadeloupe", "settings-tz-guadeloupe"),
    ("America/Martinique", "settings-tz-martinique"),
    ("America/Cayenne", "settings-tz-cayenne"),
    ("Indian/Reunion", "settings-tz-reunion"),
    ("Indian/Mayotte", "settings-tz-mayotte"),
    ("America/Miquelon", "settings-tz-miquelon"),
    ("Pacific/Noumea", "settings-tz-noumea"),
    ("Pacific/Tahiti", "settings-tz-tahiti"),
    ("Pacific/Wallis", "settings-tz-wallis"),
    ("Europe/Brussels", "settings-tz-brussels"),
    ("Europe/Luxembourg", "settings-tz-luxembourg"),
    ("Europe/Zurich", "settings-tz-zurich"),
    ("Europe/Monaco", "settings-tz-monaco"),
    ("UTC", "settings-tz-utc"),
];

/// A card with its title (icon + text) and an optional muted hint.
pub(super) fn card_ui(
    ui: &mut Ui,
    t: &Tokens,
    icon: &str,
    title: &str,
    hint: Option<&str>,
    body: impl FnOnce(&mut Ui),
) {
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(ui, t, &format!("{icon} {title}"));
        if let Some(h) = hint {
            ui.label(RichText::new(h).color(t.muted));
        }
        ui.add_space(6.0);
        body(ui);
    });
}

/// A sub-heading inside a card.
pub(super) fn subheading_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).strong().color(t.heading));
}

/// A whole-number field with its allowed range under it (or the error in its place).
pub(super) fn number_field_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    label: &str,
    value: &mut String,
    error: Option<&str>,
    (min, max): (u32, u32),
) {
    // Plain top-down: a column's justified layout would spread a wrapped label.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        text_field_ui(ui, t, label, value, false, error);
        if error.is_none() {
            ui.label(
                RichText::new(lang.tr_args(
                    "settings-range-hint",
                    &[
                        ("min", Arg::from(i64::from(min))),
                        ("max", Arg::from(i64::from(max))),
                    ],
                ))
                .small()
                .color(t.muted),
            );
        }
    });
}

pub(super) fn org_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
    logo_ui: impl FnOnce(&mut Ui),
) {
    let e = |f: &str| field_err(errors, lang, f);
    let (e_name, e_siret, e_vat, e_pc, e_email) = (
        e("org_name"),
        e("siret"),
        e("vat_number"),
        e("postal_code"),
        e("org_email"),
    );
    let org = &mut form.org;
    card_ui(
        ui,
        t,
        icons::STOREFRONT,
        &lang.tr("settings-org"),
        Some(&lang.tr("settings-org-hint")),
        |ui| {
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        t,
                        &lang.tr("org-name"),
                        &mut org.name,
                        false,
                        e_name.as_deref(),
                    );
                    text_field_ui(
                        b,
                        t,
                        &lang.tr("org-legal-name"),
                        &mut org.legal_name,
                        false,
                        None,
                    );
                }
            });
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        t,
                        &lang.tr("org-siret"),
                        &mut org.siret,
                        false,
                        e_siret.as_deref(),
                    );
                    text_field_ui(
                        b,
                        t,
                        &lang.tr("org-vat"),
                        &mut org.vat_number,
                        false,
                        e_vat.as_deref(),
                    );
                    live::warning_ui(b, t, lang, vat_siren_warning(&org.vat_number, &org.siret));
                }
            });
            text_field_ui(
                ui,
                t,
                &lang.tr("org-address"),
                &mut org.address_line1,
                false,
                None,
            );
            text_field_ui(
                ui,
                t,
                &lang.tr("settings-address-line2"),
                &mut org.address_line2,
                false,
                None,
            );
            ui.columns(3, |c| {
                if let [a, b, d] = c {
                    text_field_ui(
                        a,
                        t,
                        &lang.tr("org-postal-code"),
                        &mut org.postal_code,
                        false,
                        e_pc.as_deref(),
                    );
                    text_field_ui(b, t, &lang.tr("org-city"), &mut org.city, false, None);
                    text_field_ui(
                        d,
                        t,
                        &lang.tr("settings-country"),
                        &mut org.country,
                        false,
                        None,
                    );
                }
            });
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(a, t, &lang.tr("org-phone"), &mut org.phone, false, None);
                    text_field_ui(
                        b,
                        t,
                        &lang.tr("org-email"),
                        &mut org.email,
                        false,
                        e_email.as_deref(),
                    );
                }
            });
            ui.add_space(t.gap * 0.5);
            logo_ui(ui);
        },
    );
}

/// The time zones to offer: the list, and the saved one first when it is not in the list.
fn zone_options(current: &str) -> Vec<(String, Option<&'static str>)> {
    let mut out: Vec<(String, Option<&'static str>)> = Vec::new();
    if !current.is_empty() && !TIME_ZONES.iter().any(|(z, _)| *z == current) {
        out.push((current.to_owned(), None));
    }
    out.extend(TIME_ZONES.iter().map(|(z, k)| ((*z).to_owned(), Some(*k))));
    out
}

fn zone_label(lang: Lang, zone: &str, key: Option<&str>) -> String {
    match key {
        Some(k) => format!("{zone} — {}", lang.tr(k)),
        None => zone.to_owned(),
    }
}

pub(super) fn locale_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
) {
    let e_tz = field_err(errors, lang, "timezone");
    let top_down = egui::Layout::top_down(egui::Align::Min);
    let locale = &mut form.locale;
    let timezone = &mut form.timezone;
    card_ui(
        ui,
        t,
        icons::TRANSLATE,
        &lang.tr("settings-locale-tz"),
        None,
        |ui| {
            ui.columns(2, |c| {
                let [a, b] = c else { return };
                // Plain top-down: the columns' justified layout would spread the wrapped hints.
                a.with_layout(top_down, |ui| {
                    ui.label(
                        RichText::new(lang.tr("settings-locale"))
                            .strong()
                            .color(t.text),
                    );
                    ui.horizontal(|ui| {
                        for l in Lang::ALL {
                            ui.selectable_value(&mut *locale, l, l.native_name());
                        }
                    });
                    ui.label(
                        RichText::new(lang.tr("settings-locale-hint"))
                            .small()
                            .color(t.muted),
                    );
                });
                b.with_layout(top_down, |ui| {
                    let label = ui.label(
                        RichText::new(lang.tr("settings-timezone"))
                            .strong()
                            .color(t.text),
                    );
                    let options = zone_options(timezone);
                    let selected = options
                        .iter()
                        .find(|(z, _)| z == timezone)
                        .map_or_else(|| timezone.clone(), |(z, k)| zone_label(lang, z, *k));
                    egui::ComboBox::from_id_salt("settings_timezone")
                        .width(ui.available_width())
                        .height(420.0)
                        .selected_text(selected)
                        .show_ui(ui, |ui| {
                            for (zone, key) in &options {
                                ui.selectable_value(
                                    &mut *timezone,
                                    zone.clone(),
                                    zone_label(lang, zone, *key),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    match e_tz.as_deref() {
                        Some(err) => {
                            ui.label(RichText::new(err).small().color(t.danger));
                        }
                        None => {
                            ui.label(
                                RichText::new(lang.tr("settings-timezone-hint"))
                                    .small()
                                    .color(t.muted),
                            );
                        }
                    }
                });
            });
        },
    );
}

/// An `HH:MM` field named for screen readers and tests ("Lundi, ouverture").
fn time_field_ui(ui: &mut Ui, t: &Tokens, value: &mut String, name: &str, bad: bool) {
    let mut edit = TextEdit::singleline(value)
        .desired_width(84.0)
        .hint_text("HH:MM")
        .min_size(Vec2::new(84.0, t.hit))
        .margin(egui::Margin::symmetric(10, 8));
    if bad {
        edit = edit.background_color(t.danger_soft);
    }
    edit.show(ui).response.response.accessible_name(name);
}

pub(super) fn hours_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
) {
    card_ui(
        ui,
        t,
        icons::CLOCK,
        &lang.tr("settings-hours"),
        Some(&lang.tr("settings-hours-hint")),
        |ui| {
            egui::Grid::new("settings_hours_grid")
                .num_columns(5)
                .spacing([16.0, 8.0])
                .min_col_width(0.0)
                .show(ui, |ui| {
                    for key in [
                        "settings-hours-day",
                        "settings-hours-open",
                        "",
                        "settings-hours-close",
                    ] {
                        if key.is_empty() {
                            ui.label("");
                        } else {
                            ui.label(RichText::new(lang.tr(key)).small().color(t.muted));
                        }
                    }
                    ui.label("");
                    ui.end_row();
                    for ((day, key), d) in DAYS.iter().zip(form.days.iter_mut()) {
                        let name = lang.tr(key);
                        let err = field_err(errors, lang, settings::hours_field(*day));
                        ui.add(egui::Checkbox::new(&mut d.open, &name))
                            .on_hover_text(lang.tr("settings-hours-hint"));
                        if d.open {
                            time_field_ui(
                                ui,
                                t,
                                &mut d.from,
                                &lang.tr_args(
                                    "settings-hours-open-field",
                                    &[("day", Arg::from(name.as_str()))],
                                ),
                                err.is_some(),
                            );
                            ui.label(RichText::new("–").color(t.muted));
                            time_field_ui(
                                ui,
                                t,
                                &mut d.to,
                                &lang.tr_args(
                                    "settings-hours-close-field",
                                    &[("day", Arg::from(name.as_str()))],
                                ),
                                err.is_some(),
                            );
                        } else {
                            ui.label(RichText::new(lang.tr("settings-closed")).color(t.muted));
                            ui.label("");
                            ui.label("");
                        }
                        match err {
                            Some(e) => {
                                ui.label(RichText::new(e).small().color(t.danger));
                            }
                            None => {
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
        },
    );
}
