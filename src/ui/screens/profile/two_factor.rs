//! The two-step verification card: enrolment (QR code, secret), recovery codes, turning it off.

use egui::{RichText, TextEdit, Ui};
use rpma_core::users::User;
use rpma_core::validate::FieldErrors;

use crate::jobs::Job;
use crate::ui::widgets::{
    badge_ui, primary_button, recovery_codes_ui, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Cx, icons, qr};

use super::parts::{enter_in_ui, error_label_ui};
use super::{Enrolment, Form, ProfileScreen, SecurityJob};

/// From this many recovery codes left, the card warns.
const FEW_RECOVERY_CODES: u32 = 3;

impl ProfileScreen {
    pub(super) fn totp_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
        let t = *cx.tokens;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::SHIELD_CHECK, cx.tr("profile-2fa")),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if user.totp_enabled {
                        badge_ui(ui, &cx.tr("profile-2fa-on"), t.success, t.success_soft);
                    } else {
                        badge_ui(ui, &cx.tr("profile-2fa-off"), t.warning, t.warning_soft);
                    }
                });
            });
            ui.label(RichText::new(cx.tr("profile-2fa-help")).color(t.muted));
            ui.add_space(8.0);
            if matches!(self.enrolment, Enrolment::Codes(_)) {
                self.recovery_codes_ui(ui, cx);
            } else if user.totp_enabled {
                self.totp_on_ui(ui, cx);
            } else if matches!(self.enrolment, Enrolment::Scanning(_)) {
                self.enrol_ui(ui, cx);
            } else {
                if let Some(err) = &self.totp_error {
                    error_label_ui(ui, &t, err);
                }
                ui.horizontal(|ui| {
                    let busy = self.totp_pending.is_some();
                    let clicked = ui
                        .add_enabled_ui(!busy, |ui| {
                            primary_button(
                                ui,
                                &t,
                                &format!(
                                    "{} {}",
                                    icons::DEVICE_MOBILE,
                                    cx.tr("profile-2fa-enable")
                                ),
                            )
                        })
                        .inner
                        .clicked();
                    if busy {
                        ui.spinner();
                    }
                    if clicked && !busy {
                        self.totp_error = None;
                        self.totp_pending = Some(cx.submit(Job::BeginTotp));
                    }
                });
            }
        });
    }

    /// QR code, secret and the first code.
    fn enrol_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Enrolment::Scanning(e) = &self.enrolment else {
            return;
        };
        let (secret, uri) = (e.secret.clone(), e.uri.clone());
        ui.label(RichText::new(cx.tr("profile-2fa-scan")).color(t.text));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            qr::qr_ui(ui, &t, &uri, 176.0, &cx.tr("profile-2fa-qr"));
            ui.add_space(12.0);
            ui.vertical(|ui| {
                let label = ui.label(RichText::new(cx.tr("profile-2fa-secret")).color(t.muted));
                // Read-only field, selectable and copyable; its value is the secret in groups of
                // four (as authenticator apps accept it), wrapped when the card is narrow.
                let grouped = group_secret(&secret);
                let mut shown = grouped.as_str();
                TextEdit::multiline(&mut shown)
                    .font(egui::TextStyle::Monospace)
                    .desired_width(f32::INFINITY)
                    .desired_rows(1)
                    .margin(egui::Margin::symmetric(10, 8))
                    .show(ui)
                    .response
                    .response
                    .labelled_by(label.id);
                if ui
                    .small_button(format!("{} {}", icons::COPY, cx.tr("profile-2fa-copy-key")))
                    .clicked()
                {
                    ui.ctx().copy_text(secret.clone());
                }
            });
        });
        ui.add_space(8.0);
        let err = self.totp_error.clone();
        let field = text_field_ui(
            ui,
            &t,
            &cx.tr("login-2fa-code"),
            &mut self.totp_code,
            false,
            err.as_deref(),
        );
        self.focus_once(&field);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.add_space(8.0);
        let busy = self.totp_pending.is_some();
        let mut submit = enter;
        let mut cancel = false;
        ui.horizontal(|ui| {
            submit |= ui
                .add_enabled_ui(!busy, |ui| {
                    primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::CHECK, cx.tr("profile-2fa-confirm")),
                    )
                })
                .inner
                .clicked();
            cancel = secondary_button(ui, &t, &cx.tr("profile-cancel")).clicked();
            if busy {
                ui.spinner();
            }
        });
        if cancel {
            self.enrolment = Enrolment::Idle;
            self.totp_code.clear();
            self.totp_error = None;
        } else if submit && !busy {
            let code = std::mem::take(&mut self.totp_code);
            if code.trim().is_empty() {
                self.totp_error = Some(cx.tr("err-required"));
            } else {
                self.totp_error = None;
                self.totp_pending = Some(cx.submit(Job::ConfirmTotp { code }));
            }
        }
    }

    /// The recovery codes, shown once, with a copy button.
    fn recovery_codes_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Enrolment::Codes(codes) = &self.enrolment else {
            return;
        };
        let codes = codes.clone();
        egui::Frame::new()
            .fill(t.warning_soft)
            .corner_radius(t.radius_small)
            .inner_margin(14)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::LIFEBUOY,
                        cx.tr("profile-2fa-codes-title")
                    ))
                    .strong()
                    .color(t.heading),
                );
                ui.label(RichText::new(cx.tr("profile-2fa-codes-help")).color(t.text));
                ui.add_space(8.0);
                recovery_codes_ui(ui, &t, "profile_recovery_codes", &codes);
            });
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            if secondary_button(
                ui,
                &t,
                &format!("{} {}", icons::COPY, cx.tr("profile-2fa-copy")),
            )
            .clicked()
            {
                ui.ctx().copy_text(codes.join("\n"));
                cx.toast_ok(cx.tr("profile-2fa-copied"));
            }
            if primary_button(
                ui,
                &t,
                &format!("{} {}", icons::CHECK, cx.tr("profile-2fa-codes-done")),
            )
            .clicked()
            {
                self.enrolment = Enrolment::Idle;
            }
        });
    }

    /// Two-step verification is on: codes left, and turning it off.
    fn totp_on_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if let Some(d) = self.data.ready() {
            let left = d.recovery_codes_left;
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    icons::LIFEBUOY,
                    cx.tr_args(
                        "profile-2fa-codes-left",
                        &[("count", i64::from(left).into())]
                    )
                ))
                .color(t.heading),
            );
            if left <= FEW_RECOVERY_CODES {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::WARNING,
                        cx.tr("profile-2fa-codes-low")
                    ))
                    .color(t.warning),
                );
            }
            ui.add_space(8.0);
        }
        if self.form != Form::TotpDisable {
            ui.horizontal(|ui| {
                if secondary_button(
                    ui,
                    &t,
                    &format!("{} {}", icons::X_CIRCLE, cx.tr("profile-2fa-disable")),
                )
                .clicked()
                {
                    self.open_form(Form::TotpDisable);
                }
            });
            return;
        }
        let e_current = cx.field_error(&self.errors, "current_password");
        ui.label(RichText::new(cx.tr("profile-2fa-disable-help")).color(t.text));
        ui.add_space(4.0);
        let first = text_field_ui(
            ui,
            &t,
            &cx.tr("profile-current-password"),
            &mut self.current_password,
            true,
            e_current.as_deref(),
        );
        self.focus_once(&first);
        let enter = enter_in_ui(ui, &[&first]);
        if let Some(err) = &self.error {
            error_label_ui(ui, &t, err);
        }
        ui.add_space(8.0);
        let (submit, cancel) = self.form_buttons_ui(
            ui,
            cx,
            &format!(
                "{} {}",
                icons::X_CIRCLE,
                cx.tr("profile-2fa-disable-submit")
            ),
            true,
        );
        let submit = submit || (enter && self.security_pending.is_none());
        if cancel {
            self.close_form();
        } else if submit {
            self.errors = FieldErrors::new();
            self.error = None;
            if self.current_password.is_empty() {
                self.errors.add("current_password", "err-required");
            } else {
                let current_password = std::mem::take(&mut self.current_password);
                let id = cx.submit(Job::DisableTotp { current_password });
                self.security_pending = Some((id, SecurityJob::DisableTotp));
            }
        }
    }
}

/// A base32 secret in groups of four characters, easier to type by hand.
fn group_secret(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}
