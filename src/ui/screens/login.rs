//! Login: username or e-mail and password. The hash is verified on the worker; a spinner shows
//! meanwhile. One generic message for every failure.

use egui::{RichText, Ui};

use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::widgets::{primary_button, text_field_ui};
use crate::ui::{Command, Cx, icons};

/// Login form state.
#[derive(Debug, Default)]
pub struct LoginScreen {
    login: String,
    password: String,
    pending: Option<RequestId>,
    error: Option<String>,
}

impl LoginScreen {
    /// Clears every field (called whenever the screen is left).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Takes the login reply.
    pub fn on_event(&mut self, id: RequestId, ev: &JobEvent, cx: &mut Cx<'_>) {
        let JobEvent::LoggedIn(result) = ev else {
            return;
        };
        if self.pending != Some(id) {
            return;
        }
        self.pending = None;
        match result {
            Ok(user) => {
                self.clear();
                cx.push(Command::SignedIn(Box::new(user.clone())));
            }
            Err(e) => {
                self.password.clear();
                self.error = Some(cx.error_text(e));
            }
        }
    }

    /// Draws the login card, centred.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, shop_name: Option<&str>) {
        let t = *cx.tokens;
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.12).max(16.0));
            ui.label(
                RichText::new(icons::SHIELD_CHECK)
                    .size(44.0)
                    .color(t.accent),
            );
            ui.label(RichText::new("RPMA").heading().color(t.heading));
            if let Some(name) = shop_name {
                ui.label(RichText::new(name).color(t.muted));
            }
            ui.add_space(t.gap);
            t.card_frame().show(ui, |ui| {
                ui.set_width(380.0);
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.label(
                        RichText::new(cx.tr("login-title"))
                            .size(t.body + 4.0)
                            .strong()
                            .color(t.heading),
                    );
                    ui.label(RichText::new(cx.tr("login-subtitle")).color(t.muted));
                    ui.add_space(8.0);
                    let busy = self.pending.is_some();
                    let user_resp = text_field_ui(
                        ui,
                        &t,
                        &cx.tr("login-username"),
                        &mut self.login,
                        false,
                        None,
                    );
                    if self.login.is_empty() && !busy && ui.memory(|m| m.focused().is_none()) {
                        user_resp.request_focus();
                    }
                    let pw = text_field_ui(
                        ui,
                        &t,
                        &cx.tr("login-password"),
                        &mut self.password,
                        true,
                        None,
                    );
                    let enter = pw.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if let Some(err) = &self.error {
                        ui.label(
                            RichText::new(format!("{} {err}", icons::WARNING)).color(t.danger),
                        );
                    }
                    ui.add_space(4.0);
                    ui.horizontal(|ui| {
                        let clicked = ui
                            .add_enabled_ui(!busy, |ui| {
                                primary_button(
                                    ui,
                                    &t,
                                    &format!("{} {}", icons::SIGN_IN, cx.tr("login-submit")),
                                )
                            })
                            .inner
                            .clicked();
                        if busy {
                            ui.spinner();
                            ui.label(RichText::new(cx.tr("login-checking")).color(t.muted));
                        }
                        if (clicked || enter) && !busy {
                            self.submit(cx);
                        }
                    });
                });
            });
        });
    }

    fn submit(&mut self, cx: &mut Cx<'_>) {
        if self.login.trim().is_empty() || self.password.is_empty() {
            self.error = Some(cx.tr("login-missing"));
            return;
        }
        self.error = None;
        let password = std::mem::take(&mut self.password);
        self.pending = Some(cx.submit(Job::Login {
            login: self.login.clone(),
            password,
        }));
    }
}
