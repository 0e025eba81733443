//! Sign-in: username or e-mail and password, then the second factor (TOTP or a recovery code),
//! a new password when an admin reset it, 2FA enrolment when the policy requires it — and the
//! PIN quick-switch for shared terminals. Every check runs on the worker; a spinner shows.
//! The same screen unlocks a locked session (the user is fixed and the work kept).

use egui::{RichText, Ui};
use rpma_core::auth::login::{ForcedChange, LoginOutcome, PendingEnrolment, TotpChallenge};
use rpma_core::auth::pin::PinUser;
use rpma_core::auth::two_factor::TotpEnrolment;
use rpma_core::users::User;

use crate::app::role_key;
use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::pinpad::{PadAction, pin_pad_ui};
use crate::ui::widgets::{primary_button, recovery_codes_ui, secondary_button, text_field_ui};
use crate::ui::{Command, Cx, icons, qr};

/// Where the sign-in is.
#[derive(Default)]
enum Step {
    /// Login and password.
    #[default]
    Credentials,
    /// The password was right; a TOTP code (or a recovery code) is needed.
    Totp(Box<TotpChallenge>),
    /// The password was reset by an admin: choose a new one (the sign-in travels back to the
    /// core, which checks how it was made).
    ForcedChange(Box<ForcedChange>),
    /// The policy requires 2FA for this admin: enrol now.
    Enroll(Box<PendingEnrolment>, Option<TotpEnrolment>),
    /// Enrolment done: the recovery codes, shown once.
    RecoveryCodes(Box<rpma_core::Session>, Vec<String>),
    /// Choose who switches by PIN.
    PinUsers(Vec<PinUser>),
    /// Type the chosen user's PIN.
    Pin(PinUser),
}

/// Sign-in state. Every secret typed here is dropped when the screen is left or the step ends
/// (and never shows in `Debug`).
#[derive(Default)]
pub struct LoginScreen {
    step: Step,
    login: String,
    password: String,
    code: String,
    use_recovery: bool,
    new_password: String,
    confirm: String,
    pin: String,
    pending: Option<RequestId>,
    error: Option<String>,
    /// Set while the session is locked: only this user can unlock.
    locked_user: Option<Box<User>>,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Credentials => f.write_str("Credentials"),
            Self::Totp(c) => f.debug_tuple("Totp").field(c).finish(),
            Self::ForcedChange(c) => f.debug_tuple("ForcedChange").field(c).finish(),
            Self::Enroll(u, e) => f
                .debug_tuple("Enroll")
                .field(&u.user().id)
                .field(e)
                .finish(),
            Self::RecoveryCodes(u, codes) => f
                .debug_tuple("RecoveryCodes")
                .field(&u.id)
                .field(&codes.len())
                .finish(),
            Self::PinUsers(users) => f.debug_tuple("PinUsers").field(&users.len()).finish(),
            Self::Pin(u) => f.debug_tuple("Pin").field(&u.id).finish(),
        }
    }
}

impl std::fmt::Debug for LoginScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginScreen")
            .field("step", &self.step)
            .field("login", &self.login)
            .field("use_recovery", &self.use_recovery)
            .field("pending", &self.pending)
            .field("error", &self.error)
            .field("locked_user", &self.locked_user.as_ref().map(|u| &u.id))
            .finish_non_exhaustive()
    }
}

impl LoginScreen {
    /// Clears every field (called whenever the screen is left).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Lock mode: the user is fixed, the rest cleared.
    pub fn lock_for(&mut self, user: &User) {
        *self = Self {
            login: user.username.clone(),
            locked_user: Some(Box::new(user.clone())),
            ..Self::default()
        };
    }

    /// Kiosk lock: straight to the large PIN pad when the user has a PIN (a shop-floor terminal
    /// may have no keyboard); the password stays one tap away ("back").
    pub fn lock_for_kiosk(&mut self, user: &User) {
        self.lock_for(user);
        if user.has_pin {
            self.step = Step::Pin(PinUser {
                id: user.id.clone(),
                display_name: user.display_name.clone(),
                role: user.role,
            });
        }
    }

    fn drop_secrets(&mut self) {
        self.password.clear();
        self.code.clear();
        self.new_password.clear();
        self.confirm.clear();
        self.pin.clear();
    }

    /// Takes replies addressed to the sign-in.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        if self.pending != Some(id) {
            return match ev {
                JobEvent::LoginStep(_)
                | JobEvent::PinUsers(_)
                | JobEvent::TotpBegun(_)
                | JobEvent::TotpConfirmed(_) => None,
                other => Some(other),
            };
        }
        self.pending = None;
        match ev {
            JobEvent::LoginStep(Ok(outcome)) => self.outcome(outcome, cx),
            JobEvent::LoginStep(Err(e)) => {
                self.drop_secrets();
                self.error = Some(cx.error_text(&e));
            }
            JobEvent::PinUsers(Ok(users)) => {
                if users.is_empty() {
                    self.error = Some(cx.tr("login-no-pin-users"));
                } else {
                    self.step = Step::PinUsers(users);
                }
            }
            JobEvent::TotpBegun(Ok(enrolment)) => {
                if let Step::Enroll(_, slot) = &mut self.step {
                    *slot = Some(enrolment);
                }
            }
            JobEvent::EnrolmentConfirmed(Ok((session, codes))) => {
                if let Step::Enroll(..) = std::mem::take(&mut self.step) {
                    self.code.clear();
                    self.step = Step::RecoveryCodes(session, codes);
                }
            }
            JobEvent::PinUsers(Err(e))
            | JobEvent::TotpBegun(Err(e))
            | JobEvent::EnrolmentConfirmed(Err(e)) => {
                self.code.clear();
                self.error = Some(cx.error_text(&e));
            }
            other => return Some(other),
        }
        None
    }

    fn outcome(&mut self, outcome: LoginOutcome, cx: &mut Cx<'_>) {
        self.drop_secrets();
        self.error = None;
        match outcome {
            LoginOutcome::SignedIn(user) => {
                if let Some(locked) = &self.locked_user
                    && locked.id != user.id
                {
                    // A lock screen only opens for its own user.
                    self.error = Some(cx.tr("lock-other-user"));
                    return;
                }
                self.clear();
                cx.push(Command::SignedIn(Box::new(user)));
            }
            LoginOutcome::NeedsTotp(challenge) => self.step = Step::Totp(Box::new(challenge)),
            LoginOutcome::MustChangePassword(change) => {
                self.step = Step::ForcedChange(Box::new(change));
            }
            LoginOutcome::MustEnrollTotp(pending) => {
                self.pending = Some(cx.submit(Job::BeginEnrolment {
                    pending: Box::new(pending.clone()),
                }));
                self.step = Step::Enroll(Box::new(pending), None);
            }
        }
    }

    /// Draws the sign-in card, centred.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, shop_name: Option<&str>) {
        let t = *cx.tokens;
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                let icon = if self.locked_user.is_some() {
                    icons::LOCK
                } else {
                    icons::SHIELD_CHECK
                };
                if matches!(self.step, Step::Pin(_)) {
                    // The keypad needs the height: one line of header (a kiosk screen shows
                    // every key at once, 1024×768 included).
                    ui.add_space(t.gap * 0.5);
                    let line = match shop_name {
                        Some(name) => format!("{icon}  RPMA · {name}"),
                        None => format!("{icon}  RPMA"),
                    };
                    ui.label(RichText::new(line).strong().color(t.muted));
                } else {
                    ui.add_space((ui.available_height() * 0.08).max(12.0));
                    ui.label(RichText::new(icon).size(44.0).color(t.accent));
                    ui.label(RichText::new("RPMA").heading().color(t.heading));
                    if let Some(name) = shop_name {
                        ui.label(RichText::new(name).color(t.muted));
                    }
                }
                ui.add_space(t.gap * 0.5);
                t.card_frame().show(ui, |ui| {
                    ui.set_width(
                        if matches!(self.step, Step::PinUsers(_) | Step::Enroll(..)) {
                            520.0
                        } else {
                            400.0
                        },
                    );
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        match &self.step {
                            Step::Credentials => self.credentials_ui(ui, cx),
                            Step::Totp(_) => self.totp_ui(ui, cx),
                            Step::ForcedChange(_) => self.forced_change_ui(ui, cx),
                            Step::Enroll(..) => self.enroll_ui(ui, cx),
                            Step::RecoveryCodes(..) => self.recovery_codes_ui(ui, cx),
                            Step::PinUsers(_) => self.pin_users_ui(ui, cx),
                            Step::Pin(_) => self.pin_ui(ui, cx),
                        }
                    });
                });
            });
        });
    }

    fn title_ui(ui: &mut Ui, cx: &Cx<'_>, title: &str, subtitle: &str) {
        let t = cx.tokens;
        ui.label(
            RichText::new(title)
                .size(t.body + 4.0)
                .strong()
                .color(t.heading),
        );
        ui.label(RichText::new(subtitle).color(t.muted));
        ui.add_space(8.0);
    }

    fn error_ui(&self, ui: &mut Ui, cx: &Cx<'_>) {
        if let Some(err) = &self.error {
            ui.label(RichText::new(format!("{} {err}", icons::WARNING)).color(cx.tokens.danger));
        }
    }

    /// A primary button (disabled while waiting) with a spinner; true when clicked.
    fn action_ui(&self, ui: &mut Ui, cx: &Cx<'_>, label: &str) -> bool {
        let t = *cx.tokens;
        let busy = self.pending.is_some();
        let mut clicked = false;
        ui.horizontal(|ui| {
            clicked = ui
                .add_enabled_ui(!busy, |ui| primary_button(ui, &t, label))
                .inner
                .clicked();
            if busy {
                ui.spinner();
                ui.label(RichText::new(cx.tr("login-checking")).color(t.muted));
            }
        });
        clicked && !busy
    }

    fn credentials_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let locked = self.locked_user.clone();
        match &locked {
            Some(u) => Self::title_ui(
                ui,
                cx,
                &cx.tr("lock-title"),
                &cx.tr_args("lock-subtitle", &[("name", u.display_name.as_str().into())]),
            ),
            None => Self::title_ui(ui, cx, &cx.tr("login-title"), &cx.tr("login-subtitle")),
        }
        if locked.is_none() {
            let user_resp = text_field_ui(
                ui,
                &t,
                &cx.tr("login-username"),
                &mut self.login,
                false,
                None,
            );
            if self.login.is_empty()
                && self.pending.is_none()
                && ui.memory(|m| m.focused().is_none())
            {
                user_resp.request_focus();
            }
        }
        let pw = text_field_ui(
            ui,
            &t,
            &cx.tr("login-password"),
            &mut self.password,
            true,
            None,
        );
        if locked.is_some() && self.password.is_empty() && ui.memory(|m| m.focused().is_none()) {
            pw.request_focus();
        }
        let enter = pw.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        self.error_ui(ui, cx);
        ui.add_space(4.0);
        let label = if locked.is_some() {
            cx.tr("lock-unlock")
        } else {
            cx.tr("login-submit")
        };
        if (self.action_ui(ui, cx, &format!("{} {label}", icons::SIGN_IN)) || enter)
            && self.pending.is_none()
        {
            if self.login.trim().is_empty() || self.password.is_empty() {
                self.error = Some(cx.tr("login-missing"));
            } else {
                self.error = None;
                let password = std::mem::take(&mut self.password);
                self.pending = Some(cx.submit(Job::Login {
                    login: self.login.clone(),
                    password,
                }));
            }
        }
        ui.add_space(8.0);
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            match &locked {
                Some(u) if u.has_pin => {
                    if secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::KEY, cx.tr("lock-use-pin")),
                    )
                    .clicked()
                    {
                        self.error = None;
                        self.step = Step::Pin(PinUser {
                            id: u.id.clone(),
                            display_name: u.display_name.clone(),
                            role: u.role,
                        });
                    }
                }
                Some(_) => {}
                None => {
                    if secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::KEY, cx.tr("login-pin-switch")),
                    )
                    .clicked()
                        && self.pending.is_none()
                    {
                        self.error = None;
                        self.pending = Some(cx.submit(Job::LoadPinUsers));
                    }
                }
            }
            if locked.is_some()
                && secondary_button(
                    ui,
                    &t,
                    &format!("{} {}", icons::USERS, cx.tr("lock-switch-user")),
                )
                .clicked()
            {
                cx.push(Command::SignOut);
            }
        });
    }

    fn totp_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Step::Totp(challenge) = &self.step else {
            return;
        };
        let challenge = challenge.clone();
        Self::title_ui(
            ui,
            cx,
            &cx.tr("login-2fa-title"),
            &cx.tr_args(
                "login-2fa-subtitle",
                &[("name", challenge.display_name().into())],
            ),
        );
        let label = if self.use_recovery {
            cx.tr("login-recovery-code")
        } else {
            cx.tr("login-2fa-code")
        };
        let field = text_field_ui(ui, &t, &label, &mut self.code, false, None);
        if self.code.is_empty() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        self.error_ui(ui, cx);
        if (self.action_ui(
            ui,
            cx,
            &format!("{} {}", icons::CHECK, cx.tr("login-verify")),
        ) || enter)
            && self.pending.is_none()
        {
            let code = std::mem::take(&mut self.code);
            self.pending = Some(cx.submit(if self.use_recovery {
                Job::LoginRecovery { challenge, code }
            } else {
                Job::LoginTotp { challenge, code }
            }));
        }
        ui.horizontal(|ui| {
            let toggle = if self.use_recovery {
                cx.tr("login-use-app-code")
            } else {
                cx.tr("login-use-recovery")
            };
            if ui.link(toggle).clicked() {
                self.use_recovery = !self.use_recovery;
                self.code.clear();
            }
            if ui.link(cx.tr("login-back")).clicked() {
                self.back();
            }
        });
    }

    fn back(&mut self) {
        let (login, locked) = (self.login.clone(), self.locked_user.take());
        *self = Self {
            login,
            locked_user: locked,
            ..Self::default()
        };
    }

    fn forced_change_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Step::ForcedChange(change) = &self.step else {
            return;
        };
        let change = change.clone();
        Self::title_ui(
            ui,
            cx,
            &cx.tr("login-new-password-title"),
            &cx.tr("login-new-password-subtitle"),
        );
        text_field_ui(
            ui,
            &t,
            &cx.tr("user-new-password"),
            &mut self.new_password,
            true,
            None,
        );
        text_field_ui(
            ui,
            &t,
            &cx.tr("user-password-confirm"),
            &mut self.confirm,
            true,
            None,
        );
        ui.label(
            RichText::new(cx.tr("password-policy-hint"))
                .small()
                .color(t.muted),
        );
        self.error_ui(ui, cx);
        if self.action_ui(
            ui,
            cx,
            &format!("{} {}", icons::CHECK, cx.tr("login-new-password-submit")),
        ) {
            if self.new_password != self.confirm {
                self.error = Some(cx.tr("err-password-mismatch"));
                self.confirm.clear();
            } else {
                let new_password = std::mem::take(&mut self.new_password);
                self.confirm.clear();
                self.pending = Some(cx.submit(Job::CompleteForcedChange {
                    change,
                    new_password,
                }));
            }
        }
    }

    fn enroll_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Step::Enroll(user, enrolment) = &self.step else {
            return;
        };
        let pending = user.clone();
        Self::title_ui(
            ui,
            cx,
            &cx.tr("login-enroll-title"),
            &cx.tr("login-enroll-subtitle"),
        );
        match enrolment {
            None => {
                ui.spinner();
            }
            Some(e) => {
                ui.horizontal(|ui| {
                    qr::qr_ui(ui, &t, &e.uri, 180.0, &cx.tr("profile-2fa-qr"));
                    ui.vertical(|ui| {
                        ui.label(RichText::new(cx.tr("profile-2fa-secret")).color(t.muted));
                        ui.label(RichText::new(&e.secret).monospace().color(t.heading));
                    });
                });
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("login-2fa-code"),
                    &mut self.code,
                    false,
                    None,
                );
                self.error_ui(ui, cx);
                if self.action_ui(
                    ui,
                    cx,
                    &format!("{} {}", icons::CHECK, cx.tr("login-verify")),
                ) {
                    let code = std::mem::take(&mut self.code);
                    self.pending = Some(cx.submit(Job::ConfirmEnrolment { pending, code }));
                }
            }
        }
    }

    fn recovery_codes_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Step::RecoveryCodes(user, codes) = &self.step else {
            return;
        };
        let user = user.clone();
        Self::title_ui(
            ui,
            cx,
            &cx.tr("profile-2fa-codes-title"),
            &cx.tr("profile-2fa-codes-help"),
        );
        recovery_codes_ui(ui, &t, "recovery_codes_grid", codes);
        if primary_button(
            ui,
            &t,
            &format!("{} {}", icons::CHECK, cx.tr("login-codes-saved")),
        )
        .clicked()
        {
            self.clear();
            cx.push(Command::SignedIn(user));
        }
    }

    fn pin_users_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Step::PinUsers(users) = &self.step else {
            return;
        };
        let users = users.clone();
        Self::title_ui(
            ui,
            cx,
            &cx.tr("login-pin-switch"),
            &cx.tr("login-pin-choose"),
        );
        ui.horizontal_wrapped(|ui| {
            for u in users {
                let label = format!(
                    "{}  {}\n{}",
                    icons::USER_CIRCLE,
                    u.display_name,
                    cx.tr(role_key(u.role))
                );
                if ui
                    .add(
                        egui::Button::new(RichText::new(label).size(t.body + 1.0))
                            .min_size(egui::vec2(150.0, 72.0)),
                    )
                    .clicked()
                {
                    self.error = None;
                    self.step = Step::Pin(u);
                }
            }
        });
        ui.add_space(8.0);
        if ui.link(cx.tr("login-back")).clicked() {
            self.back();
        }
    }

    fn pin_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Step::Pin(user) = &self.step else { return };
        let user_id = user.id.clone();
        Self::title_ui(
            ui,
            cx,
            &user.display_name.clone(),
            &cx.tr("login-pin-enter"),
        );
        // Below the pad: one line for an error (or the spinner) and the back button.
        let below = ui.text_style_height(&egui::TextStyle::Body)
            + t.hit
            + 3.0 * ui.spacing().item_spacing.y;
        let action = pin_pad_ui(
            ui,
            &t,
            &mut self.pin,
            8,
            (&cx.tr("pin-erase"), &cx.tr("pin-confirm")),
            ui.available_height() - below,
        );
        self.error_ui(ui, cx);
        if self.pending.is_some() {
            ui.spinner();
        }
        if action == PadAction::Submit && self.pending.is_none() && !self.pin.is_empty() {
            let pin = std::mem::take(&mut self.pin);
            self.pending = Some(cx.submit(Job::LoginPin { user_id, pin }));
        }
        if secondary_button(
            ui,
            &t,
            &format!("{} {}", icons::ARROW_LEFT, cx.tr("login-back")),
        )
        .clicked()
        {
            self.back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_typed_secrets_and_the_recovery_codes() {
        let s = LoginScreen {
            login: "karim".into(),
            password: "Mot-De-Passe-Secret".into(),
            code: "492817".into(),
            new_password: "Nouveau-Secret-2027".into(),
            confirm: "Nouveau-Secret-2027".into(),
            pin: "739184".into(),
            ..LoginScreen::default()
        };
        let text = format!("{s:?}");
        for secret in [
            "Mot-De-Passe-Secret",
            "492817",
            "Nouveau-Secret-2027",
            "739184",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
        let codes = LoginScreen {
            step: Step::RecoveryCodes(
                Box::new(rpma_core::Session::for_tests(User {
                    id: "u".into(),
                    username: "karim".into(),
                    email: None,
                    display_name: "Karim".into(),
                    phone: None,
                    role: rpma_core::auth::permissions::Role::Technician,
                    must_change_password: false,
                    is_active: true,
                    locale: rpma_core::Lang::Fr,
                    theme: rpma_core::users::Theme::Light,
                    last_login_at: None,
                    created_at: 0,
                    totp_enabled: true,
                    has_pin: false,
                })),
                vec!["abcde-fghjk".into()],
            ),
            ..LoginScreen::default()
        };
        assert!(!format!("{codes:?}").contains("abcde-fghjk"));
    }
}
