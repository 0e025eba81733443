//! Users: every account with its role, status, lock, two-factor, PIN and last login; search and
//! filters; a form to create an account; a detail page to edit contact details, change the role,
//! deactivate or reactivate, reset the password (the temporary password is shown once), lift a
//! lock and reset two-factor. Admins act; supervisors only read. The buttons follow the core's
//! own rules (`permissions::can_manage_user`), and the core checks them again on every call.

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::accounts::UserUpdate;
use rpma_core::auth::permissions::{Action, Role, allows};
use rpma_core::i18n::Arg;
use rpma_core::ids::UserId;
use rpma_core::users::{NewUser, User};
use rpma_core::validate::FieldErrors;

use crate::app::role_key;
use crate::jobs::{Job, JobEvent, RequestId, UsersData};
use crate::ui::loadable::Loadable;
use crate::ui::{Command, Cx};

mod detail;
mod dialogs;
mod forms;
mod list;
mod new_user;
mod parts;
mod security;

/// Which page of the screen is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum View {
    /// The list with its filters.
    #[default]
    List,
    /// One account (by id).
    Detail(UserId),
    /// The "new user" form.
    New,
}

/// The request in flight and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Create,
    Contact,
    Role,
    Active(bool),
    Unlock,
    ResetTotp,
    ResetPassword,
}

/// An irreversible action waiting for the admin's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Confirm {
    Role {
        id: UserId,
        name: String,
        from: Role,
        to: Role,
    },
    Active {
        id: UserId,
        name: String,
        active: bool,
    },
    ResetPassword {
        id: UserId,
        name: String,
    },
    ResetTotp {
        id: UserId,
        name: String,
    },
}

/// The draft of a new account.
#[derive(Default)]
struct NewForm {
    user: NewUser,
    confirm: String,
    errors: FieldErrors,
    error: Option<String>,
}

impl std::fmt::Debug for NewForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The typed passwords never reach a log.
        f.debug_struct("NewForm")
            .field("username", &self.user.username)
            .field("role", &self.user.role)
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

/// The draft of the selected account's contact details and role.
#[derive(Debug, Default)]
struct EditForm {
    id: UserId,
    update: UserUpdate,
    role: Option<Role>,
    errors: FieldErrors,
}

/// A temporary password, shown once then dropped.
struct TempPassword {
    name: String,
    password: String,
    copied: bool,
}

impl std::fmt::Debug for TempPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TempPassword")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// What the signed-in user may do here (from the permission matrix).
#[derive(Debug, Clone, Copy)]
struct Rights {
    create: bool,
    edit: bool,
}

impl Rights {
    fn of(role: Role) -> Self {
        Self {
            create: allows(role, Action::CreateUser),
            edit: allows(role, Action::EditUser),
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone)]
struct Line {
    user: User,
    locked_until: Option<i64>,
}

/// Screen state.
#[derive(Debug, Default)]
pub struct UsersScreen {
    data: Loadable<UsersData>,
    /// A reload while the current list stays on screen.
    refresh: Option<RequestId>,
    /// The frame this screen was last drawn in (to notice that it was left and entered again).
    last_frame: u64,
    query: String,
    role_filter: Option<Role>,
    show_inactive: bool,
    view: View,
    new: NewForm,
    edit: EditForm,
    confirm: Option<Confirm>,
    pending: Option<(RequestId, Pending)>,
    temp: Option<TempPassword>,
}

impl UsersScreen {
    /// Takes replies addressed to this screen; returns the others (a `UserSaved` this screen did
    /// not ask for belongs to the profile screen).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::Users(r) => {
                self.take_users(id, r, cx);
                None
            }
            JobEvent::UserSaved(r) => match self.pending {
                Some((wanted, what)) if wanted == id => {
                    self.pending = None;
                    self.saved(what, r, cx);
                    None
                }
                _ => Some(JobEvent::UserSaved(r)),
            },
            JobEvent::PasswordReset(r) => {
                if matches!(self.pending, Some((wanted, Pending::ResetPassword)) if wanted == id) {
                    self.pending = None;
                    match r {
                        Ok((user, password)) => {
                            cx.toast_ok(cx.tr_args(
                                "users-password-reset-done",
                                &[("name", user.display_name.as_str().into())],
                            ));
                            self.temp = Some(TempPassword {
                                name: user.display_name,
                                password,
                                copied: false,
                            });
                        }
                        Err(e) => cx.toast_err(cx.error_text(&e)),
                    }
                    self.reload(cx);
                }
                None
            }
            other => Some(other),
        }
    }

    /// Drops every typed password (the screen was left) and any confirmation left open.
    pub fn clear_secrets(&mut self) {
        self.new.clear_secrets();
        self.confirm = None;
    }

    fn take_users(&mut self, id: RequestId, r: Result<UsersData, CoreError>, cx: &mut Cx<'_>) {
        if self.refresh == Some(id) {
            self.refresh = None;
            match r {
                Ok(d) => self.data = Loadable::Ready(d),
                Err(e) => cx.toast_err(cx.error_text(&e)),
            }
        } else {
            self.data.accept(id, r, cx.lang);
        }
    }

    /// Asks for the list again; the current one stays on screen meanwhile.
    fn reload(&mut self, cx: &mut Cx<'_>) {
        let Some(_) = cx.user.cloned() else {
            return;
        };
        let id = cx.submit(Job::LoadUsers {});
        if matches!(self.data, Loadable::Ready(_)) {
            self.refresh = Some(id);
        } else {
            self.data = Loadable::Loading(id);
        }
    }

    fn saved(&mut self, what: Pending, r: Result<User, CoreError>, cx: &mut Cx<'_>) {
        match r {
            Ok(user) => {
                let name: Arg = user.display_name.as_str().into();
                let text = match what {
                    Pending::Create => cx.tr_args("users-created", &[("name", name)]),
                    Pending::Contact => cx.tr_args("users-contact-saved", &[("name", name)]),
                    Pending::Role => cx.tr_args(
                        "users-role-saved",
                        &[("name", name), ("role", cx.tr(role_key(user.role)).into())],
                    ),
                    Pending::Active(true) => cx.tr_args("users-reactivated", &[("name", name)]),
                    Pending::Active(false) => cx.tr_args("users-deactivated", &[("name", name)]),
                    Pending::Unlock => cx.tr_args("users-unlocked", &[("name", name)]),
                    Pending::ResetTotp => cx.tr_args("users-2fa-reset-done", &[("name", name)]),
                    Pending::ResetPassword => String::new(),
                };
                if !text.is_empty() {
                    cx.toast_ok(text);
                }
                match what {
                    Pending::Create => {
                        self.new = NewForm::fresh(cx.lang);
                        // The new account must be visible in the list we go back to.
                        self.query.clear();
                        self.role_filter = None;
                        self.view = View::List;
                    }
                    Pending::Contact | Pending::Role if self.edit.id == user.id => {
                        self.edit = EditForm::of(&user);
                    }
                    _ => {}
                }
                if cx.user.is_some_and(|me| me.id == user.id) {
                    cx.push(Command::UserUpdated(Box::new(user)));
                }
            }
            Err(CoreError::Invalid(fields)) if what == Pending::Create => {
                self.new.errors = fields;
            }
            Err(CoreError::Invalid(fields)) if what == Pending::Contact => {
                self.edit.errors = fields;
            }
            Err(e) => {
                let msg = cx.error_text(&e);
                if what == Pending::Create {
                    self.new.error = Some(msg.clone());
                }
                cx.toast_err(msg);
            }
        }
        self.reload(cx);
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let frame = ui.ctx().cumulative_frame_nr();
        let entered = self.last_frame == 0 || frame > self.last_frame.saturating_add(1);
        self.last_frame = frame;
        if entered {
            self.clear_secrets();
            if matches!(self.data, Loadable::Ready(_)) {
                self.reload(cx);
            }
        }
        let Some(me) = cx.user.cloned() else { return };
        if !allows(me.role, Action::ViewUsers) {
            ui.label(RichText::new(cx.tr("err-forbidden")).color(cx.tokens.danger));
            return;
        }
        if matches!(self.data, Loadable::Idle) {
            self.data = Loadable::Loading(cx.submit(Job::LoadUsers {}));
        }
        egui::ScrollArea::vertical()
            .id_salt("users_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let before = self.snapshots();
                match self.view.clone() {
                    View::List => self.list_ui(ui, cx, &me),
                    View::New => self.new_ui(ui, cx, &me),
                    View::Detail(id) => self.detail_ui(ui, cx, &me, &id),
                }
                self.recheck(before);
            });
        self.confirm_ui(ui, cx);
        self.temp_ui(ui, cx);
    }
}

impl crate::ui::screen::Screen for UsersScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_leave(&mut self, cx: &mut Cx<'_>) {
        let _ = cx;
        self.clear_secrets();
    }

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Users
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
