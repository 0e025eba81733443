//! The kiosk exit dialog: in kiosk mode the window refuses to close and this dialog opens
//! instead; only an administrator's password (or PIN, when the policy allows admin PINs) lets the
//! app close. The check runs in the core ([`rpma_core::kiosk::authorize_exit`]) on the worker,
//! and so does the choice of what to offer ([`rpma_core::kiosk::exit_methods`]): the PIN tab only
//! shows when the policy lets admins use their PIN. With the PIN, the keypad sits beside the
//! form, so that the dialog fits a 1024×768 kiosk screen. An account with two-step verification
//! also gives the code of its authenticator app (the core says so,
//! [`rpma_core::kiosk::EXIT_TOTP_NEEDED`], and the code field appears).

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::kiosk::{EXIT_TOTP_NEEDED, ExitMethods, ExitSecret};

use super::pinpad::{self, PadAction, pin_pad_ui};
use super::widgets::{primary_button, secondary_button, text_field_ui};
use super::{Cx, icons};
use crate::jobs::{Job, JobEvent, RequestId};

/// Password or PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Password,
    Pin,
}

/// What the dialog decided this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitOutcome {
    /// Still open.
    Open,
    /// Closed without leaving.
    Cancelled,
    /// An admin authorised the exit: close the app.
    Authorised,
}

/// The dialog's state; secrets are dropped when it closes or a check is sent.
#[derive(Default)]
pub struct KioskExitDialog {
    mode: Mode,
    login: String,
    password: String,
    pin: String,
    /// The authenticator code, asked for once the core said the account needs one.
    code: String,
    needs_code: bool,
    pending: Option<RequestId>,
    error: Option<String>,
    authorised: bool,
    /// What the policy lets the dialog offer (asked once; the password until known).
    methods: Option<ExitMethods>,
    methods_req: Option<RequestId>,
}

impl std::fmt::Debug for KioskExitDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KioskExitDialog")
            .field("mode", &self.mode)
            .field("login", &self.login)
            .field("needs_code", &self.needs_code)
            .field("pending", &self.pending)
            .field("authorised", &self.authorised)
            .finish_non_exhaustive()
    }
}

/// Width of the form column.
const FORM_WIDTH: f32 = 420.0;

impl KioskExitDialog {
    /// Takes the reply to its check; returns the others.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::KioskExit(r) if self.pending == Some(id) => {
                self.pending = None;
                match r {
                    Ok(user) => {
                        tracing::info!(user = %user.username, "kiosk exit authorised");
                        self.authorised = true;
                    }
                    Err(e) => {
                        if matches!(e, CoreError::Refused { key } if key == EXIT_TOTP_NEEDED) {
                            self.needs_code = true;
                        }
                        self.error = Some(cx.error_text(&e));
                    }
                }
                None
            }
            JobEvent::KioskExit(_) => None,
            JobEvent::KioskExitMethods(r) if self.methods_req == Some(id) => {
                match r {
                    Ok(m) => self.methods = Some(m),
                    // The password is always offered; the PIN waits for a readable policy.
                    Err(e) => tracing::warn!("kiosk exit methods unreadable: {e}"),
                }
                None
            }
            JobEvent::KioskExitMethods(_) => None,
            other => Some(other),
        }
    }

    fn submit(&mut self, cx: &mut Cx<'_>) {
        if self.pending.is_some() {
            return;
        }
        let secret = match self.mode {
            Mode::Password => ExitSecret::Password(std::mem::take(&mut self.password)),
            Mode::Pin => ExitSecret::Pin(std::mem::take(&mut self.pin)),
        };
        let empty = match &secret {
            ExitSecret::Password(s) | ExitSecret::Pin(s) => s.is_empty(),
        };
        if self.login.trim().is_empty() || empty {
            self.error = Some(cx.tr("kiosk-exit-missing"));
            return;
        }
        self.error = None;
        let code = std::mem::take(&mut self.code);
        self.pending = Some(cx.submit(Job::AuthorizeKioskExit {
            login: self.login.clone(),
            secret,
            totp_code: self.needs_code.then_some(code),
        }));
    }

    /// The PIN is offered (the core said so).
    fn pin_offered(&self) -> bool {
        self.methods.is_some_and(|m| m.pin)
    }

    /// Draws the modal dialog.
    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>) -> ExitOutcome {
        if self.authorised {
            return ExitOutcome::Authorised;
        }
        if self.methods_req.is_none() {
            self.methods_req = Some(cx.submit(Job::KioskExitMethods));
        }
        if !self.pin_offered() {
            self.mode = Mode::Password;
        }
        let t = *cx.tokens;
        let mut cancel = false;
        let mut go = false;
        let screen = ctx.content_rect();
        let margin = f32::from(t.card_margin);
        egui::Modal::new(egui::Id::unique("kiosk_exit_modal"))
            .frame(t.card_frame())
            .show(ctx, |ui: &mut Ui| {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        // A fixed width: an error wraps inside it, the margins stay.
                        ui.set_width(FORM_WIDTH.min(screen.width() - 4.0 * margin));
                        self.form_ui(ui, cx, &mut go, &mut cancel);
                    });
                    if self.mode == Mode::Pin {
                        ui.add_space(t.gap);
                        let labels = (cx.tr("pin-erase"), cx.tr("pin-confirm"));
                        let height = screen.height() - 6.0 * margin;
                        let key = pinpad::key_size(&t, height);
                        ui.vertical(|ui| {
                            ui.set_width(pinpad::pad_width(key));
                            go |= pin_pad_ui(
                                ui,
                                &t,
                                &mut self.pin,
                                8,
                                (&labels.0, &labels.1),
                                height,
                            ) == PadAction::Submit;
                        });
                    }
                });
            });
        if go {
            self.submit(cx);
        }
        if cancel {
            ExitOutcome::Cancelled
        } else {
            ExitOutcome::Open
        }
    }

    /// Title, login, password or PIN choice, error and buttons.
    fn form_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, go: &mut bool, cancel: &mut bool) {
        let t = *cx.tokens;
        ui.label(
            RichText::new(format!("{} {}", icons::LOCK, cx.tr("kiosk-exit-title")))
                .size(t.body + 4.0)
                .strong()
                .color(t.heading),
        );
        ui.label(RichText::new(cx.tr("kiosk-exit-explain")).color(t.muted));
        ui.add_space(8.0);
        let login = text_field_ui(
            ui,
            &t,
            &cx.tr("kiosk-exit-login"),
            &mut self.login,
            false,
            None,
        );
        if self.login.is_empty() && ui.memory(|m| m.focused().is_none()) {
            login.request_focus();
        }
        if self.pin_offered() {
            ui.horizontal(|ui| {
                let pw = cx.tr("kiosk-exit-with-password");
                let pin = cx.tr("kiosk-exit-with-pin");
                if ui
                    .selectable_label(self.mode == Mode::Password, pw)
                    .clicked()
                {
                    self.mode = Mode::Password;
                    self.error = None;
                }
                if ui.selectable_label(self.mode == Mode::Pin, pin).clicked() {
                    self.mode = Mode::Pin;
                    self.error = None;
                }
            });
        }
        ui.add_space(4.0);
        match self.mode {
            Mode::Password => {
                let r = text_field_ui(
                    ui,
                    &t,
                    &cx.tr("login-password"),
                    &mut self.password,
                    true,
                    None,
                );
                *go |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            }
            Mode::Pin => {
                ui.label(RichText::new(cx.tr("login-pin-enter")).color(t.muted));
            }
        }
        if self.needs_code {
            let r = text_field_ui(
                ui,
                &t,
                &cx.tr("kiosk-exit-code"),
                &mut self.code,
                false,
                None,
            );
            *go |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        }
        if let Some(e) = &self.error {
            ui.add(
                egui::Label::new(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger))
                    .wrap(),
            );
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let busy = self.pending.is_some();
            let quit = ui
                .add_enabled_ui(!busy, |ui| {
                    primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::SIGN_OUT, cx.tr("kiosk-exit-confirm")),
                    )
                })
                .inner
                .clicked();
            *go |= quit;
            if secondary_button(ui, &t, &cx.tr("kiosk-exit-cancel")).clicked() {
                *cancel = true;
            }
            if busy {
                ui.spinner();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_typed_secrets() {
        let d = KioskExitDialog {
            login: "admin".into(),
            password: "Mot-De-Passe-Secret".into(),
            pin: "739184".into(),
            code: "492817".into(),
            needs_code: true,
            ..KioskExitDialog::default()
        };
        let text = format!("{d:?}");
        for secret in ["Mot-De-Passe-Secret", "739184", "492817"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(text.contains("admin"));
    }
}
