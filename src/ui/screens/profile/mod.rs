//! My profile: contact details, language and theme, password, PIN, two-step verification and
//! the latest sign-ins. Every change goes through a job; the core checks the current password,
//! the password policy and the PIN rules, and its field errors are shown beside the fields.
//!
//! Secrets (passwords, PINs, the enrolment secret, recovery codes) are dropped as soon as a form
//! is sent, when a form is closed, and when the screen is left; `Debug` hides them (`redacted`).

use egui::Ui;
use rpma_core::CoreError;
use rpma_core::accounts::UserUpdate;
use rpma_core::auth::two_factor::TotpEnrolment;
use rpma_core::users::User;
use rpma_core::validate::FieldErrors;

use crate::jobs::{Job, JobEvent, ProfileData, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::page_title_ui;
use crate::ui::{Command, Cx};

mod details;
mod live;
mod logins;
mod parts;
mod password;
mod redacted;
mod two_factor;

use details::contact_of;

/// Below this width the cards are stacked in one column.
const TWO_COLUMNS_MIN_WIDTH: f32 = 900.0;

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
        if cx.user.is_some() {
            self.data = Loadable::Loading(cx.submit(Job::LoadProfile));
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
                                self.password_ui(ui, cx);
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
                    self.password_ui(ui, cx);
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
}

/// True when some refused field is not one the form shows (its message must go elsewhere).
fn unknown_fields(errors: &FieldErrors, shown: &[&str]) -> bool {
    errors.0.iter().any(|e| !shown.contains(&e.field))
}

impl crate::ui::screen::Screen for ProfileScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_leave(&mut self, cx: &mut Cx<'_>) {
        let _ = cx;
        self.leave();
    }

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Profile
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
