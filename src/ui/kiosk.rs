//! The kiosk exit dialog: in kiosk mode the window refuses to close and this dialog opens
//! instead; only an administrator's password (or PIN, when the policy allows admin PINs) lets the
//! app close — with the code of the authenticator app when the account has two-step
//! verification (the core says so, [`rpma_core::kiosk::EXIT_TOTP_NEEDED`], and the code field
//! appears). The check runs in the core ([`rpma_core::kiosk::authorize_exit`]) on the worker.

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::kiosk::{EXIT_TOTP_NEEDED, ExitSecret};

use super::pinpad::{PadAction, pin_pad_ui};
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

    /// Draws the modal dialog.
    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>) -> ExitOutcome {
        if self.authorised {
            return ExitOutcome::Authorised;
        }
        let t = *cx.tokens;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("kiosk_exit_modal")).show(ctx, |ui: &mut Ui| {
            ui.set_width(420.0);
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
            ui.add_space(4.0);
            let go = match self.mode {
                Mode::Password => {
                    let r = text_field_ui(
                        ui,
                        &t,
                        &cx.tr("login-password"),
                        &mut self.password,
                        true,
                        None,
                    );
                    r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
                }
                Mode::Pin => {
                    let labels = (cx.tr("pin-erase"), cx.tr("pin-confirm"));
                    pin_pad_ui(ui, &t, &mut self.pin, 8, (&labels.0, &labels.1))
                        == PadAction::Submit
                }
            };
            let go = if self.needs_code {
                let r = text_field_ui(
                    ui,
                    &t,
                    &cx.tr("kiosk-exit-code"),
                    &mut self.code,
                    false,
                    None,
                );
                go || (r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            } else {
                go
            };
            if let Some(e) = &self.error {
                ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger));
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
                if quit || go {
                    self.submit(cx);
                }
                if secondary_button(ui, &t, &cx.tr("kiosk-exit-cancel")).clicked() {
                    cancel = true;
                }
                if busy {
                    ui.spinner();
                }
            });
        });
        if cancel {
            ExitOutcome::Cancelled
        } else {
            ExitOutcome::Open
        }
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
