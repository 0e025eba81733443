//! My profile: contact details, language and theme, password, PIN, two-step verification and
//! the latest sign-ins. Every change goes through a job; the core checks the current password,
//! the password policy and the PIN rules, and its field errors are shown beside the fields.
//!
//! Secrets (passwords, PINs, the enrolment secret, recovery codes) are dropped as soon as a form
//! is sent, when a form is closed, and when the screen is left; `Debug` hides them (`redacted`).
mod redacted;
use egui::{RichText, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};
use rpma_core::accounts::{LoginRecord, UserUpdate};
use rpma_core::auth::two_factor::TotpEnrolment;
use rpma_core::users::{Theme, User};
use rpma_core::validate::FieldErrors;
use rpma_core::{CoreError, Lang, format};

use crate::app::role_key;
use crate::jobs::{Job, JobEvent, ProfileData, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{
    badge_ui, page_title_ui, primary_button, recovery_codes_ui, secondary_button, section_title_ui,
    text_field_ui,
};
use crate::ui::{Command, Cx, icons, qr};
mod live;

/// Below this width the cards are stacked in one column.
const TWO_COLUMNS_MIN_WIDTH: f32 = 900.0;
/// From this many recovery codes left, the card warns.
const FEW_RECOVERY_CODES: u32 = 3;

/// The security form that is open. One at a time, so that every field label is unique on the
/// screen (screen readers and tests find fields by their label).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// None: each card shows its state and its buttons.
    #[default]
    None,
    /// Current, new and confirmed password.
    Password,
    /// Current password, PIN and confirmed PIN.
    Pin,
    /// "Remove the PIN?" confirmation row.
    PinRemove,
    /// Current password to turn two-step verification off.
    TotpDisable,
}

/// Which security job a [`JobEvent::ProfileSaved`] answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecurityJob {
    Password,
    SetPin,
    ClearPin,
    DisableTotp,
}

/// Two-step verification enrolment.
#[derive(Default)]
enum Enrolment {
    /// Nothing in progress.
    #[default]
    Idle,
    /// The secret and QR code are shown; waiting for a first code.
    Scanning(TotpEnrolment),
    /// Enrolment done: the recovery codes, shown this once.
    Codes(Vec<String>),
}

/// Profile state: the loaded data, the drafts and the pending requests.
#[derive(Default)]
pub struct ProfileScreen {
    /// Language/theme save in flight.
    pending: Option<RequestId>,
    /// Latest sign-ins and 2FA state.
    data: Loadable<ProfileData>,
    /// Frame number of the last draw, to notice that the screen was left and entered again.
    last_frame: Option<u64>,
    /// Contact draft (None: not started, taken from the account).
    contact: Option<UserUpdate>,
    contact_errors: FieldErrors,
    contact_error: Option<String>,
    contact_pending: Option<RequestId>,
    /// Security forms.
    form: Form,
    current_password: String,
    new_password: String,
    confirm: String,
    pin: String,
    pin_confirm: String,
    errors: FieldErrors,
    error: Option<String>,
    security_pending: Option<(RequestId, SecurityJob)>,
    /// The first field of the form just opened takes the keyboard focus.
    focus_first: bool,
    /// Two-step verification enrolment.
    enrolment: Enrolment,
    totp_code: String,
    totp_error: Option<String>,
    totp_pending: Option<RequestId>,
}

impl ProfileScreen {
    /// Asks for the profile data (sign-ins, recovery codes left, fresh account).
    pub fn reload(&mut self, cx: &mut Cx<'_>) {
        if let Some(user) = cx.user {
            let user_id = user.id.clone();
            self.data = Loadable::Loading(cx.submit(Job::LoadProfile { user_id }));
        }
    }

    /// Drops every secret and closes the forms (the screen is left). Contact drafts are kept.
    pub fn leave(&mut self) {
        self.close_form();
        self.enrolment = Enrolment::Idle;
        self.totp_code.clear();
        self.totp_error = None;
    }

    fn clear_secrets(&mut self) {
        self.current_password.clear();
        self.new_password.clear();
        self.confirm.clear();
        self.pin.clear();
        self.pin_confirm.clear();
    }

    fn close_form(&mut self) {
        self.clear_secrets();
        self.form = Form::None;
        self.errors = FieldErrors::new();
        self.error = None;
    }

    fn open_form(&mut self, form: Form) {
        self.close_form();
        self.form = form;
        self.focus_first = true;
    }

    /// Puts the cursor in the first field of a form that just opened.
    fn focus_once(&mut self, field: &egui::Response) {
        if std::mem::take(&mut self.focus_first) {
            field.request_focus();
        }
    }

    /// Takes replies addressed to this screen; gives back the others.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::PreferencesSaved(r) if self.pending == Some(id) => {
                self.pending = None;
                match r {
                    Ok(user) => {
                        // In the language just chosen (the switch applies at the end of this frame).
                        cx.toast_ok(user.locale.tr("prefs-saved"));
                        cx.push(Command::UserUpdated(Box::new(user)));
                    }
                    Err(e) => cx.toast_err(cx.error_text(&e)),
                }
            }
            JobEvent::Profile(r) if matches!(self.data, Loadable::Loading(w) if w == id) => {
                self.data.accept(id, r, cx.lang);
                if let Some(d) = self.data.ready() {
                    // A draft nobody touched follows the account.
                    if let (Some(draft), Some(old)) = (&self.contact, cx.user)
                        && *draft == contact_of(old)
                    {
                        self.contact = None;
                    }
                    cx.push(Command::UserUpdated(Box::new(d.user.clone())));
                }
            }
            JobEvent::UserSaved(r) if self.contact_pending == Some(id) => {
                self.contact_pending = None;
                match r {
                    Ok(user) => {
                        self.contact = None;
                        self.contact_errors = FieldErrors::new();
                        self.contact_error = None;
                        cx.toast_ok(cx.tr("profile-contact-saved"));
                        cx.push(Command::UserUpdated(Box::new(user)));
                    }
                    Err(CoreError::Invalid(f)) => {
                        self.contact_error =
                            unknown_fields(&f, &["display_name", "email", "phone"])
                                .then(|| cx.error_text(&CoreError::Invalid(f.clone())));
                        self.contact_errors = f;
                    }
                    Err(e) => self.contact_error = Some(cx.error_text(&e)),
                }
            }
            JobEvent::ProfileSaved(r)
                if self
                    .security_pending
                    .is_some_and(|(wanted, _)| wanted == id) =>
            {
                if let Some((_, job)) = self.security_pending.take() {
                    self.security_saved(job, r, cx);
                }
            }
            JobEvent::TotpBegun(r) if self.totp_pending == Some(id) => {
                self.totp_pending = None;
                match r {
                    Ok(e) => {
                        self.totp_code.clear();
                        self.totp_error = None;
                        self.enrolment = Enrolment::Scanning(e);
                        self.focus_first = true;
                    }
                    Err(e) => self.totp_error = Some(cx.error_text(&e)),
                }
            }
            JobEvent::TotpConfirmed(r) if self.totp_pending == Some(id) => {
                self.totp_pending = None;
                match r {
                    Ok(codes) => {
                        self.totp_error = None;
                        self.enrolment = Enrolment::Codes(codes);
                        cx.toast_ok(cx.tr("profile-2fa-enabled"));
                        self.reload(cx);
                    }
                    Err(CoreError::Invalid(f)) => {
                        self.totp_error = Some(match f.for_field("code") {
                            Some(_) => cx.field_error(&f, "code").unwrap_or_default(),
                            None => cx.error_text(&CoreError::Invalid(f.clone())),
                        });
                    }
                    Err(e) => self.totp_error = Some(cx.error_text(&e)),
                }
            }
            other => return Some(other),
        }
        None
    }

    /// Reply to a password, PIN or 2FA-off job: toast and fresh data, or the errors in place.
    fn security_saved(&mut self, job: SecurityJob, r: Result<User, CoreError>, cx: &mut Cx<'_>) {
        match r {
            Ok(user) => {
                let key = match job {
                    SecurityJob::Password => "profile-password-saved",
                    SecurityJob::SetPin => "profile-pin-saved",
                    SecurityJob::ClearPin => "profile-pin-removed",
                    SecurityJob::DisableTotp => "profile-2fa-disabled",
                };
                self.close_form();
                cx.toast_ok(cx.tr(key));
                cx.push(Command::UserUpdated(Box::new(user)));
                self.reload(cx);
            }
            Err(CoreError::Invalid(f)) => {
                let known = ["current_password", "new_password", "password", "pin"];
                self.error = unknown_fields(&f, &known)
                    .then(|| cx.error_text(&CoreError::Invalid(f.clone())));
                self.errors = f;
            }
            Err(e) => {
                self.errors = FieldErrors::new();
                self.error = Some(cx.error_text(&e));
            }
        }
    }

    fn body_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let frame = ui.ctx().cumulative_frame_nr();
        if self.last_frame.is_some_and(|f| frame > f + 1) {
            // The screen was not drawn for a while: it was left. Secrets go, data is refreshed.
            self.leave();
            self.reload(cx);
        }
        self.last_frame = Some(frame);
        if matches!(self.data, Loadable::Idle) {
            self.reload(cx);
        }
        let t = *cx.tokens;
        page_title_ui(
            ui,
            &t,
            &cx.tr("nav-profile"),
            Some(&cx.tr("profile-subtitle")),
        );
        let Some(user) = cx.user.cloned() else { return };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.summary_ui(ui, cx, &user);
                ui.add_space(t.gap);
                if ui.available_width() >= TWO_COLUMNS_MIN_WIDTH {
                    ui.columns(2, |cols| {
                        // Columns are justified by default: plain top-down keeps text ragged and
                        // buttons at their natural width, as in the rest of the app.
                        let plain = egui::Layout::top_down(egui::Align::Min);
                        if let [left, right] = cols {
                            left.with_layout(plain, |ui| {
                                self.contact_ui(ui, cx, &user);
                                ui.add_space(t.gap);
                                self.prefs_ui(ui, cx, &user);
                                ui.add_space(t.gap);
                                self.logins_ui(ui, cx);
                            });
                            right.with_layout(plain, |ui| {
                                self.password_ui(ui, cx, &user);
                                ui.add_space(t.gap);
                                self.pin_ui(ui, cx, &user);
                                ui.add_space(t.gap);
                                self.totp_ui(ui, cx, &user);
                            });
                        }
                    });
                } else {
                    self.contact_ui(ui, cx, &user);
                    ui.add_space(t.gap);
                    self.prefs_ui(ui, cx, &user);
                    ui.add_space(t.gap);
                    self.password_ui(ui, cx, &user);
                    ui.add_space(t.gap);
                    self.pin_ui(ui, cx, &user);
                    ui.add_space(t.gap);
                    self.totp_ui(ui, cx, &user);
                    ui.add_space(t.gap);
                    self.logins_ui(ui, cx);
                }
                ui.add_space(t.gap * 2.0);
            });
    }

    /// Who is signed in: name, login, role and the security state at a glance.
    fn summary_ui(&self, ui: &mut Ui, cx: &Cx<'_>, user: &User) {
        let t = *cx.tokens;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                egui::Frame::new()
                    .fill(t.accent_soft)
                    .corner_radius(28)
                    .inner_margin(10)
                    .show(ui, |ui| {
                        ui.label(RichText::new(icons::USER).size(30.0).color(t.accent_hover));
                    });
                ui.add_space(8.0);
                ui.vertical(|ui| {
                    ui.label(
                        RichText::new(&user.display_name)
                            .size(t.body + 5.0)
                            .strong()
                            .color(t.heading),
                    );
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("@{}", user.username)).color(t.muted));
                        badge_ui(
                            ui,
                            &cx.tr(role_key(user.role)),
                            t.accent_hover,
                            t.accent_soft,
                        );
                        if user.totp_enabled {
                            badge_ui(
                                ui,
                                &format!(
                                    "{} {}",
                                    icons::SHIELD_CHECK,
                                    cx.tr("profile-2fa-badge-on")
                                ),
                                t.success,
                                t.success_soft,
                            );
                        } else {
                            badge_ui(
                                ui,
                                &cx.tr("profile-2fa-badge-off"),
                                t.warning,
                                t.warning_soft,
                            );
                        }
                        if user.has_pin {
                            badge_ui(
                                ui,
                                &format!("{} {}", icons::NUMPAD, cx.tr("profile-pin-badge")),
                                t.accent_hover,
                                t.accent_soft,
                            );
                        }
                    });
                    let last = user.last_login_at.map_or_else(
                        || cx.tr("profile-never"),
                        |ms| format::format_datetime(ms, cx.tz, cx.lang),
                    );
                    let since = format::format_date(user.created_at, cx.tz, cx.lang);
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(cx.tr("profile-last-login")).color(t.muted));
                        ui.label(RichText::new(last).color(t.text));
                        ui.label(RichText::new("·").color(t.muted));
                        ui.label(RichText::new(cx.tr("profile-member-since")).color(t.muted));
                        ui.label(RichText::new(since).color(t.text));
                    });
                });
            });
        });
    }

    fn contact_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
        let t = *cx.tokens;
        let e_name = cx.field_error(&self.contact_errors, "display_name");
        let e_email = cx.field_error(&self.contact_errors, "email");
        let e_phone = cx.field_error(&self.contact_errors, "phone");
        let saved = contact_of(user);
        let draft = self.contact.get_or_insert_with(|| saved.clone());
        let mut submit = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::ADDRESS_BOOK, cx.tr("profile-contact")),
            );
            ui.label(RichText::new(cx.tr("profile-contact-help")).color(t.muted));
            ui.add_space(8.0);
            text_field_ui(
                ui,
                &t,
                &cx.tr("user-display-name"),
                &mut draft.display_name,
                false,
                e_name.as_deref(),
            );
            text_field_ui(
                ui,
                &t,
                &cx.tr("user-email-optional"),
                &mut draft.email,
                false,
                e_email.as_deref(),
            );
            text_field_ui(
                ui,
                &t,
                &cx.tr("profile-phone"),
                &mut draft.phone,
                false,
                e_phone.as_deref(),
            );
            if let Some(err) = &self.contact_error {
                error_label_ui(ui, &t, err);
            }
            ui.add_space(8.0);
            let changed = *draft != saved;
            let busy = self.contact_pending.is_some();
            ui.horizontal(|ui| {
                submit = ui
                    .add_enabled_ui(changed && !busy, |ui| {
                        primary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::FLOPPY_DISK, cx.tr("profile-contact-save")),
                        )
                    })
                    .inner
                    .clicked();
                if changed && !busy && secondary_button(ui, &t, &cx.tr("profile-cancel")).clicked()
                {
                    *draft = saved.clone();
                    self.contact_errors = FieldErrors::new();
                    self.contact_error = None;
                }
                if busy {
                    saving_ui(ui, cx);
                }
            });
        });
        if submit
            && self.contact_pending.is_none()
            && let Some(update) = self.contact.clone()
        {
            self.contact_errors = FieldErrors::new();
            self.contact_error = None;
            self.contact_pending = Some(cx.submit(Job::UpdateUser {
                actor: Box::new(user.clone()),
                id: user.id.clone(),
                update,
            }));
        }
    }

    /// Language and theme: applied at once, then saved with the account.
    fn prefs_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
        let t = *cx.tokens;
        let mut lang = cx.lang;
        let mut theme = user.theme;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::PALETTE, cx.tr("profile-prefs")),
            );
            ui.add_space(4.0);
            ui.label(
                RichText::new(format!("{} {}", icons::TRANSLATE, cx.tr("prefs-language")))
                    .strong()
                    .color(t.text),
            );
            ui.horizontal(|ui| {
                for l in Lang::ALL {
                    ui.selectable_value(&mut lang, l, l.native_name());
                }
            });
            ui.add_space(8.0);
            ui.label(RichText::new(cx.tr("prefs-theme")).strong().color(t.text));
            ui.horizontal(|ui| {
                ui.selectable_value(
                    &mut theme,
                    Theme::Light,
                    format!("{} {}", icons::SUN, cx.tr("theme-light")),
                );
                ui.selectable_value(
                    &mut theme,
                    Theme::Dark,
                    format!("{} {}", icons::MOON, cx.tr("theme-dark")),
                );
            });
            if self.pending.is_some() {
                ui.horizontal(|ui| saving_ui(ui, cx));
            }
        });
        if lang != cx.lang || theme != user.theme {
            if lang != cx.lang {
                cx.push(Command::SetLang(lang));
            }
            if theme != user.theme {
                cx.push(Command::SetTheme(theme));
            }
            self.pending = Some(cx.submit(Job::SavePreferences {
                user_id: user.id.clone(),
                locale: lang,
                theme,
            }));
        }
    }

    fn password_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
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
                        user_id: user.id.clone(),
                        current,
                        new_password,
                    });
                    self.security_pending = Some((id, SecurityJob::Password));
                }
            }
        });
    }

    fn pin_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
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
                                user_id: user.id.clone(),
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
                                let id = cx.submit(Job::ClearPin {
                                    user_id: user.id.clone(),
                                });
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

    fn totp_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
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
                self.totp_on_ui(ui, cx, user);
            } else if matches!(self.enrolment, Enrolment::Scanning(_)) {
                self.enrol_ui(ui, cx, user);
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
                        self.totp_pending = Some(cx.submit(Job::BeginTotp {
                            user_id: user.id.clone(),
                        }));
                    }
                });
            }
        });
    }

    /// QR code, secret and the first code.
    fn enrol_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
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
                self.totp_pending = Some(cx.submit(Job::ConfirmTotp {
                    user_id: user.id.clone(),
                    code,
                }));
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
    fn totp_on_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
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
                let id = cx.submit(Job::DisableTotp {
                    user_id: user.id.clone(),
                    current_password,
                });
                self.security_pending = Some((id, SecurityJob::DisableTotp));
            }
        }
    }

    /// The latest sign-ins, newest first.
    fn logins_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let mut retry = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!(
                    "{} {}",
                    icons::CLOCK_COUNTER_CLOCKWISE,
                    cx.tr("profile-logins")
                ),
            );
            ui.label(RichText::new(cx.tr("profile-logins-help")).color(t.muted));
            ui.add_space(8.0);
            let (data, again) = self.data.ui(ui, cx);
            retry = again;
            let Some(d) = data else { return };
            if d.logins.is_empty() {
                ui.label(RichText::new(cx.tr("profile-logins-empty")).color(t.muted));
                return;
            }
            logins_table_ui(ui, cx, &d.logins);
        });
        if retry {
            self.reload(cx);
        }
    }

    /// The "send" and "cancel" buttons of a security form, disabled while a reply is awaited.
    /// `danger`: the send button is red (the action takes something away).
    fn form_buttons_ui(&self, ui: &mut Ui, cx: &Cx<'_>, label: &str, danger: bool) -> (bool, bool) {
        let t = *cx.tokens;
        let busy = self.security_pending.is_some();
        let mut submit = false;
        let mut cancel = false;
        ui.horizontal(|ui| {
            submit = ui
                .add_enabled_ui(!busy, |ui| {
                    if danger {
                        danger_button_ui(ui, &t, label)
                    } else {
                        primary_button(ui, &t, label)
                    }
                })
                .inner
                .clicked();
            cancel = ui
                .add_enabled_ui(!busy, |ui| {
                    secondary_button(ui, &t, &cx.tr("profile-cancel"))
                })
                .inner
                .clicked();
            if busy {
                saving_ui(ui, cx);
            }
        });
        (submit && !busy, cancel && !busy)
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

/// The contact part of an account, as the form edits it.
fn contact_of(user: &User) -> UserUpdate {
    UserUpdate {
        display_name: user.display_name.clone(),
        email: user.email.clone().unwrap_or_default(),
        phone: user.phone.clone().unwrap_or_default(),
    }
}

/// True when some refused field is not one the form shows (its message must go elsewhere).
fn unknown_fields(errors: &FieldErrors, shown: &[&str]) -> bool {
    errors.0.iter().any(|e| !shown.contains(&e.field))
}

/// True when Enter was pressed in one of these single-line fields (it submits the form).
fn enter_in_ui(ui: &Ui, fields: &[&egui::Response]) -> bool {
    fields.iter().any(|f| f.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

fn error_label_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.label(RichText::new(format!("{} {text}", icons::WARNING)).color(t.danger));
}

fn saving_ui(ui: &mut Ui, cx: &Cx<'_>) {
    ui.spinner();
    ui.label(RichText::new(cx.tr("saving")).color(cx.tokens.muted));
}

/// A red action button (it takes something away).
fn danger_button_ui(ui: &mut Ui, t: &Tokens, text: &str) -> egui::Response {
    ui.add(
        egui::Button::new(RichText::new(text).color(t.on_accent).strong())
            .fill(t.danger)
            .stroke(egui::Stroke::NONE)
            .min_size(egui::vec2(0.0, t.hit)),
    )
}

/// i18n key and icon of a sign-in method.
fn method_label(method: &str) -> Option<(&'static str, &'static str)> {
    Some(match method {
        "password" => ("profile-method-password", icons::PASSWORD),
        "pin" => ("profile-method-pin", icons::NUMPAD),
        "totp" => ("profile-method-totp", icons::SHIELD_CHECK),
        "recovery" => ("profile-method-recovery", icons::LIFEBUOY),
        _ => return None,
    })
}

fn logins_table_ui(ui: &mut Ui, cx: &Cx<'_>, logins: &[LoginRecord]) {
    let t = *cx.tokens;
    let with_terminal = logins.iter().any(|l| l.terminal.is_some());
    let mut table = TableBuilder::new(ui)
        .id_salt("profile_logins_table")
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::auto().at_least(170.0));
    table = if with_terminal {
        table
            .column(Column::auto().at_least(160.0))
            .column(Column::remainder())
    } else {
        table.column(Column::remainder())
    };
    table
        .header(26.0, |mut h| {
            h.col(|ui| {
                ui.label(RichText::new(cx.tr("profile-logins-when")).strong());
            });
            h.col(|ui| {
                ui.label(RichText::new(cx.tr("profile-logins-method")).strong());
            });
            if with_terminal {
                h.col(|ui| {
                    ui.label(RichText::new(cx.tr("profile-logins-terminal")).strong());
                });
            }
        })
        .body(|body| {
            body.rows(28.0, logins.len(), |mut row| {
                let Some(l) = logins.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(
                        RichText::new(format::format_datetime(l.at, cx.tz, cx.lang))
                            .color(t.heading),
                    );
                });
                row.col(|ui| match method_label(&l.method) {
                    Some((key, icon)) => {
                        ui.label(RichText::new(icon).color(t.accent_hover));
                        ui.label(cx.tr(key));
                    }
                    None => {
                        ui.label(&l.method);
                    }
                });
                if with_terminal {
                    row.col(|ui| {
                        ui.label(
                            RichText::new(l.terminal.as_deref().unwrap_or("—")).color(t.muted),
                        );
                    });
                }
            });
        });
}
