//! The password and PIN cards with their forms.

use egui::{RichText, Ui};
use rpma_core::users::User;
use rpma_core::validate::FieldErrors;

use crate::jobs::Job;
use crate::ui::widgets::{badge_ui, secondary_button, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

use super::parts::{enter_in_ui, error_label_ui};
use super::{Form, ProfileScreen, SecurityJob};

impl ProfileScreen {
    pub(super) fn password_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let e_current = cx.field_error(&self.errors, "current_password");
        let e_new = cx
            .field_error(&self.errors, "new_password")
            .or_else(|| cx.field_error(&self.errors, "password"));
        let e_confirm = cx.field_error(&self.errors, "confirm");
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::PASSWORD, cx.tr("profile-password")),
            );
            ui.label(RichText::new(cx.tr("profile-password-help")).color(t.muted));
            ui.add_space(8.0);
            if self.form != Form::Password {
                ui.horizontal(|ui| {
                    if secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::KEY, cx.tr("profile-password-change")),
                    )
                    .clicked()
                    {
                        self.open_form(Form::Password);
                    }
                });
                return;
            }
            let first = text_field_ui(
                ui,
                &t,
                &cx.tr("profile-current-password"),
                &mut self.current_password,
                true,
                e_current.as_deref(),
            );
            self.focus_once(&first);
            let second = text_field_ui(
                ui,
                &t,
                &cx.tr("user-new-password"),
                &mut self.new_password,
                true,
                e_new.as_deref(),
            );
            let third = text_field_ui(
                ui,
                &t,
                &cx.tr("user-password-confirm"),
                &mut self.confirm,
                true,
                e_confirm.as_deref(),
            );
            let enter = enter_in_ui(ui, &[&first, &second, &third]);
            ui.label(
                RichText::new(cx.tr("password-policy-hint"))
                    .small()
                    .color(t.muted),
            );
            if let Some(err) = &self.error {
                error_label_ui(ui, &t, err);
            }
            ui.add_space(8.0);
            let (submit, cancel) = self.form_buttons_ui(
                ui,
                cx,
                &format!("{} {}", icons::CHECK, cx.tr("profile-password-submit")),
                false,
            );
            let submit = submit || (enter && self.security_pending.is_none());
            if cancel {
                self.close_form();
            } else if submit {
                self.errors = FieldErrors::new();
                self.error = None;
                if self.current_password.is_empty() {
                    self.errors.add("current_password", "err-required");
                }
                if self.new_password.is_empty() {
                    self.errors.add("new_password", "err-required");
                } else if self.new_password != self.confirm {
                    self.errors.add("confirm", "err-password-mismatch");
                    self.confirm.clear();
                }
                if self.errors.is_empty() {
                    let current = std::mem::take(&mut self.current_password);
                    let new_password = std::mem::take(&mut self.new_password);
                    self.clear_secrets();
                    let id = cx.submit(Job::ChangePassword {
                        current,
                        new_password,
                    });
                    self.security_pending = Some((id, SecurityJob::Password));
                }
            }
        });
    }

    pub(super) fn pin_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
        let t = *cx.tokens;
        let e_current = cx.field_error(&self.errors, "current_password");
        let e_pin = cx.field_error(&self.errors, "pin");
        let e_confirm = cx.field_error(&self.errors, "pin_confirm");
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::NUMPAD, cx.tr("profile-pin")),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if user.has_pin {
                        badge_ui(ui, &cx.tr("profile-pin-on"), t.success, t.success_soft);
                    } else {
                        badge_ui(ui, &cx.tr("profile-pin-off"), t.muted, t.bg);
                    }
                });
            });
            ui.label(RichText::new(cx.tr("profile-pin-help")).color(t.muted));
            ui.add_space(8.0);
            match self.form {
                Form::Pin => {
                    let first = text_field_ui(
                        ui,
                        &t,
                        &cx.tr("profile-current-password"),
                        &mut self.current_password,
                        true,
                        e_current.as_deref(),
                    );
                    self.focus_once(&first);
                    let mut enter = enter_in_ui(ui, &[&first]);
                    ui.columns(2, |c| {
                        if let [a, b] = c {
                            let plain = egui::Layout::top_down(egui::Align::Min);
                            let pin = a
                                .with_layout(plain, |ui| {
                                    text_field_ui(
                                        ui,
                                        &t,
                                        &cx.tr("profile-pin-new"),
                                        &mut self.pin,
                                        true,
                                        e_pin.as_deref(),
                                    )
                                })
                                .inner;
                            let confirm = b
                                .with_layout(plain, |ui| {
                                    text_field_ui(
                                        ui,
                                        &t,
                                        &cx.tr("profile-pin-confirm"),
                                        &mut self.pin_confirm,
                                        true,
                                        e_confirm.as_deref(),
                                    )
                                })
                                .inner;
                            enter |= enter_in_ui(a, &[&pin, &confirm]);
                        }
                    });
                    ui.label(
                        RichText::new(cx.tr("profile-pin-hint"))
                            .small()
                            .color(t.muted),
                    );
                    if let Some(err) = &self.error {
                        error_label_ui(ui, &t, err);
                    }
                    ui.add_space(8.0);
                    let (submit, cancel) = self.form_buttons_ui(
                        ui,
                        cx,
                        &format!("{} {}", icons::CHECK, cx.tr("profile-pin-submit")),
                        false,
                    );
                    let submit = submit || (enter && self.security_pending.is_none());
                    if cancel {
                        self.close_form();
                    } else if submit {
                        self.errors = FieldErrors::new();
                        self.error = None;
                        if self.current_password.is_empty() {
                            self.errors.add("current_password", "err-required");
                        }
                        if self.pin.is_empty() {
                            self.errors.add("pin", "err-required");
                        } else if self.pin != self.pin_confirm {
                            self.errors.add("pin_confirm", "profile-pin-mismatch");
                            self.pin_confirm.clear();
                        }
                        if self.errors.is_empty() {
                            let current_password = std::mem::take(&mut self.current_password);
                            let pin = std::mem::take(&mut self.pin);
                            self.clear_secrets();
                            let id = cx.submit(Job::SetPin {
                                current_password,
                                pin,
                            });
                            self.security_pending = Some((id, SecurityJob::SetPin));
                        }
                    }
                }
                Form::PinRemove => {
                    egui::Frame::new()
                        .fill(t.danger_soft)
                        .corner_radius(t.radius_small)
                        .inner_margin(12)
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.label(
                                RichText::new(format!(
                                    "{} {}",
                                    icons::WARNING,
                                    cx.tr("profile-pin-remove-confirm")
                                ))
                                .color(t.danger),
                            );
                            if let Some(err) = &self.error {
                                error_label_ui(ui, &t, err);
                            }
                            ui.add_space(6.0);
                            let (yes, cancel) = self.form_buttons_ui(
                                ui,
                                cx,
                                &format!("{} {}", icons::TRASH, cx.tr("profile-pin-remove-yes")),
                                true,
                            );
                            if cancel {
                                self.close_form();
                            } else if yes {
                                self.error = None;
                                let id = cx.submit(Job::ClearPin);
                                self.security_pending = Some((id, SecurityJob::ClearPin));
                            }
                        });
                }
                _ => {
                    ui.horizontal_wrapped(|ui| {
                        let label = if user.has_pin {
                            cx.tr("profile-pin-change")
                        } else {
                            cx.tr("profile-pin-set")
                        };
                        if secondary_button(ui, &t, &format!("{} {label}", icons::NUMPAD)).clicked()
                        {
                            self.open_form(Form::Pin);
                        }
                        if user.has_pin
                            && secondary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::TRASH, cx.tr("profile-pin-remove")),
                            )
                            .clicked()
                        {
                            self.open_form(Form::PinRemove);
                        }
                    });
                }
            }
        });
    }
}
