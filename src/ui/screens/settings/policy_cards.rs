//! The Settings screen's rule cards: security policy, planning, the way to the workflow
//! templates and kiosk mode (General tab), and the update settings (Updates tab).

use egui::{RichText, TextEdit, Ui};
use rpma_core::Lang;
use rpma_core::settings::{
    self, IDLE_TIMEOUT_RANGE, LOCKOUT_MINUTES_RANGE, LOCKOUT_THRESHOLD_RANGE,
    PASSWORD_MIN_LENGTH_RANGE, SESSION_HOURS_RANGE,
};
use rpma_core::updates::Channel;
use rpma_core::validate::FieldErrors;

use super::cards::{card_ui, number_field_ui, subheading_ui};
use super::checks::field_err;
use super::form::Form;
use crate::ui::icons;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{secondary_button, text_field_ui};

pub(super) fn security_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
) {
    let e = |f: &str| field_err(errors, lang, f);
    let (e_min, e_threshold, e_window, e_duration, e_idle, e_session) = (
        e("password_min_length"),
        e("lockout_threshold"),
        e("lockout_window_min"),
        e("lockout_duration_min"),
        e("idle_timeout_min"),
        e("session_max_hours"),
    );
    card_ui(
        ui,
        t,
        icons::SHIELD_CHECK,
        &lang.tr("settings-security"),
        None,
        |ui| {
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::KEY, lang.tr("settings-passwords")),
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    number_field_ui(
                        a,
                        t,
                        lang,
                        &lang.tr("settings-password-min"),
                        &mut form.password_min,
                        e_min.as_deref(),
                        (PASSWORD_MIN_LENGTH_RANGE.0, PASSWORD_MIN_LENGTH_RANGE.1),
                    );
                    b.checkbox(&mut form.require_upper, lang.tr("settings-require-upper"));
                    b.checkbox(&mut form.require_lower, lang.tr("settings-require-lower"));
                    b.checkbox(&mut form.require_digit, lang.tr("settings-require-digit"));
                    b.checkbox(&mut form.require_symbol, lang.tr("settings-require-symbol"));
                }
            });
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    icons::INFO,
                    lang.tr("settings-password-note")
                ))
                .small()
                .color(t.muted),
            );
            ui.separator();
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::LOCK, lang.tr("settings-lockout")),
            );
            ui.columns(3, |c| {
                if let [a, b, d] = c {
                    number_field_ui(
                        a,
                        t,
                        lang,
                        &lang.tr("settings-lockout-threshold"),
                        &mut form.lockout_threshold,
                        e_threshold.as_deref(),
                        LOCKOUT_THRESHOLD_RANGE,
                    );
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-lockout-window"),
                        &mut form.lockout_window,
                        e_window.as_deref(),
                        LOCKOUT_MINUTES_RANGE,
                    );
                    number_field_ui(
                        d,
                        t,
                        lang,
                        &lang.tr("settings-lockout-duration"),
                        &mut form.lockout_duration,
                        e_duration.as_deref(),
                        LOCKOUT_MINUTES_RANGE,
                    );
                }
            });
            ui.separator();
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::CLOCK, lang.tr("settings-sessions")),
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    number_field_ui(
                        a,
                        t,
                        lang,
                        &lang.tr("settings-idle-timeout"),
                        &mut form.idle_timeout,
                        e_idle.as_deref(),
                        IDLE_TIMEOUT_RANGE,
                    );
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-session-max"),
                        &mut form.session_hours,
                        e_session.as_deref(),
                        SESSION_HOURS_RANGE,
                    );
                }
            });
            ui.separator();
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::USER_CIRCLE, lang.tr("settings-admins")),
            );
            ui.checkbox(&mut form.require_2fa, lang.tr("settings-require-2fa"));
            // Under the checkbox's text.
            let indent = ui.spacing().icon_width + ui.spacing().icon_spacing;
            egui::Frame::new()
                .inner_margin(egui::Margin {
                    left: indent as i8,
                    ..egui::Margin::ZERO
                })
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(lang.tr("settings-require-2fa-hint"))
                            .small()
                            .color(t.muted),
                    );
                });
            ui.checkbox(
                &mut form.admins_password,
                lang.tr("settings-admins-password"),
            );
        },
    );
}

pub(super) fn update_settings_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
) {
    let e_repo = field_err(errors, lang, "update_repository");
    card_ui(
        ui,
        t,
        icons::GEAR,
        &lang.tr("settings-updates"),
        Some(&lang.tr("settings-updates-hint")),
        |ui| {
            ui.checkbox(&mut form.update_check, lang.tr("settings-update-check"));
            ui.add_space(6.0);
            ui.label(
                RichText::new(lang.tr("settings-update-channel"))
                    .strong()
                    .color(t.text),
            );
            ui.horizontal(|ui| {
                for c in [Channel::Stable, Channel::Beta] {
                    ui.radio_value(&mut form.update_channel, c, lang.tr(c.label_key()));
                }
            });
            ui.add_space(6.0);
            text_field_ui(
                ui,
                t,
                &lang.tr("settings-update-repo"),
                &mut form.update_repo,
                false,
                e_repo.as_deref(),
            );
        },
    );
}

/// The way to the workflow template editor (admins); true when its button is clicked.
pub(super) fn templates_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang) -> bool {
    let mut clicked = false;
    card_ui(
        ui,
        t,
        icons::LIST_CHECKS,
        &lang.tr("wf-settings-title"),
        Some(&lang.tr("wf-settings-hint")),
        |ui| {
            clicked = secondary_button(
                ui,
                t,
                &format!("{}  {}", icons::NOTE_PENCIL, lang.tr("wf-settings-open")),
            )
            .clicked();
        },
    );
    clicked
}

pub(super) fn kiosk_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang, form: &mut Form) {
    card_ui(
        ui,
        t,
        icons::DEVICE_MOBILE,
        &lang.tr("settings-kiosk"),
        Some(&lang.tr("settings-kiosk-hint")),
        |ui| {
            ui.checkbox(&mut form.kiosk, lang.tr("settings-kiosk-enable"));
        },
    );
}

pub(super) fn planning_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
) {
    let e = |f: &str| field_err(errors, lang, f);
    let (e_bays, e_cap, e_minutes) = (
        e("bays"),
        e("max_jobs_per_technician_per_day"),
        e("default_job_minutes"),
    );
    card_ui(
        ui,
        t,
        icons::CALENDAR,
        &lang.tr("settings-planning"),
        Some(&lang.tr("settings-planning-hint")),
        |ui| {
            ui.columns(2, |c| {
                if let [a, b] = c {
                    let label = a.label(
                        RichText::new(lang.tr("settings-bays"))
                            .color(t.text)
                            .strong(),
                    );
                    let mut edit = TextEdit::multiline(&mut form.bays)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .margin(egui::Margin::symmetric(10, 8));
                    if e_bays.is_some() {
                        edit = edit.background_color(t.danger_soft);
                    }
                    edit.show(a).response.response.labelled_by(label.id);
                    match &e_bays {
                        Some(msg) => a.label(RichText::new(msg).color(t.danger).small()),
                        None => a.label(
                            RichText::new(lang.tr("settings-bays-hint"))
                                .small()
                                .color(t.muted),
                        ),
                    };
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-max-jobs-per-day"),
                        &mut form.max_jobs_per_day,
                        e_cap.as_deref(),
                        settings::JOBS_PER_DAY_RANGE,
                    );
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-default-job-minutes"),
                        &mut form.default_job_minutes,
                        e_minutes.as_deref(),
                        settings::JOB_MINUTES_RANGE,
                    );
                }
            });
        },
    );
}
