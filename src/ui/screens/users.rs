//! Users: every account with its role, status, lock, two-factor, PIN and last login; search and
//! filters; a form to create an account; a detail page to edit contact details, change the role,
//! deactivate or reactivate, reset the password (the temporary password is shown once), lift a
//! lock and reset two-factor. Admins act; supervisors only read. The buttons follow the core's
//! own rules (`permissions::can_manage_user`), and the core checks them again on every call.

use egui::{Align, Color32, Layout, RichText, Sense, TextEdit, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::accounts::UserUpdate;
use rpma_core::auth::lockout::{AuthKind, LockedAccount};
use rpma_core::auth::permissions::{
    Action, ForbiddenReason, Role, allows, can_assign_role, can_manage_user,
};
use rpma_core::i18n::Arg;
use rpma_core::users::{NewUser, User};
use rpma_core::validate::FieldErrors;
use rpma_core::{CoreError, Lang, format};

use crate::app::role_key;
use crate::jobs::{Job, JobEvent, RequestId, UsersData};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{
    kv_row_ui, page_title_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Command, Cx, icons};

mod forms;

/// Which page of the screen is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum View {
    /// The list with its filters.
    #[default]
    List,
    /// One account (by id).
    Detail(String),
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
        id: String,
        name: String,
        from: Role,
        to: Role,
    },
    Active {
        id: String,
        name: String,
        active: bool,
    },
    ResetPassword {
        id: String,
        name: String,
    },
    ResetTotp {
        id: String,
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
    id: String,
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
        let id = cx.submit(Job::LoadUsers {
            actor_role: cx.user.map_or(Role::Viewer, |u| u.role),
        });
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
            self.data = Loadable::Loading(cx.submit(Job::LoadUsers {
                actor_role: cx.user.map_or(Role::Viewer, |u| u.role),
            }));
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

    // ---------------------------------------------------------------- list

    fn lines(&self, data: &UsersData) -> Vec<Line> {
        let now = chrono::Utc::now().timestamp_millis();
        let needle = fold(self.query.trim());
        data.users
            .iter()
            .filter(|u| self.show_inactive || u.is_active)
            .filter(|u| self.role_filter.is_none_or(|r| u.role == r))
            .filter(|u| {
                needle.is_empty()
                    || fold(&u.display_name).contains(&needle)
                    || fold(&u.username).contains(&needle)
                    || u.email
                        .as_deref()
                        .is_some_and(|e| fold(e).contains(&needle))
            })
            .map(|u| Line {
                user: u.clone(),
                locked_until: locked_until(&data.locks, &u.id, now),
            })
            .collect()
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User) {
        let t = *cx.tokens;
        let rights = Rights::of(me.role);
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                page_title_ui(
                    ui,
                    &t,
                    &cx.tr("nav-users"),
                    Some(&cx.tr(if rights.edit {
                        "users-subtitle"
                    } else {
                        "users-subtitle-readonly"
                    })),
                );
            });
            if rights.create {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::USER_PLUS, cx.tr("users-new")),
                    )
                    .clicked()
                    {
                        self.new = NewForm::fresh(cx.lang);
                        self.view = View::New;
                    }
                });
            }
        });
        self.toolbar_ui(ui, cx);
        ui.add_space(t.gap);
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.data = Loadable::Loading(cx.submit(Job::LoadUsers {
                actor_role: cx.user.map_or(Role::Viewer, |u| u.role),
            }));
            return;
        }
        let Some(data) = data else { return };
        let lines = self.lines(data);
        let total = data.users.len();
        let now = chrono::Utc::now().timestamp_millis();
        let locked: Vec<String> = data
            .users
            .iter()
            .filter(|u| locked_until(&data.locks, &u.id, now).is_some())
            .map(|u| u.display_name.clone())
            .collect();
        if !locked.is_empty() {
            locked_banner_ui(ui, cx, &locked, rights.edit);
            ui.add_space(t.gap);
        }
        let mut open = None;
        let mut clear_filters = false;
        let mut refresh = false;
        let refreshing = self.refresh.is_some();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::USERS, cx.tr("users-list-title")),
                );
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    refresh = secondary_button(ui, &t, &cx.tr("refresh")).clicked();
                    if refreshing {
                        ui.spinner();
                    }
                    let count = if lines.len() == total {
                        cx.tr_args("users-count-all", &[("total", count_arg(total))])
                    } else {
                        cx.tr_args(
                            "users-count-filtered",
                            &[
                                ("shown", count_arg(lines.len())),
                                ("total", count_arg(total)),
                            ],
                        )
                    };
                    ui.label(RichText::new(count).color(t.muted));
                });
            });
            ui.add_space(4.0);
            if lines.is_empty() {
                ui.vertical_centered(|ui| {
                    ui.add_space(t.gap);
                    ui.label(
                        RichText::new(icons::MAGNIFYING_GLASS)
                            .size(32.0)
                            .color(t.muted),
                    );
                    ui.label(
                        RichText::new(cx.tr("users-empty"))
                            .color(t.heading)
                            .strong(),
                    );
                    ui.label(RichText::new(cx.tr("users-empty-hint")).color(t.muted));
                    clear_filters =
                        secondary_button(ui, &t, &cx.tr("users-clear-filters")).clicked();
                    ui.add_space(t.gap);
                });
            } else {
                open = table_ui(ui, cx, &lines);
            }
        });
        if refresh {
            self.reload(cx);
        }
        if clear_filters {
            self.query.clear();
            self.role_filter = None;
            self.show_inactive = true;
        }
        if let Some(line) = open {
            self.open(&line.user);
        }
    }

    fn open(&mut self, user: &User) {
        self.edit = EditForm::of(user);
        self.view = View::Detail(user.id.clone());
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(t.card_margin, 12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(icons::MAGNIFYING_GLASS)
                            .size(18.0)
                            .color(t.muted),
                    );
                    let label = ui.label(RichText::new(cx.tr("users-search")).color(t.text));
                    ui.add(
                        TextEdit::singleline(&mut self.query)
                            .hint_text(cx.tr("users-search-hint"))
                            .desired_width(240.0)
                            .min_size(Vec2::new(0.0, t.hit))
                            .margin(egui::Margin::symmetric(10, 8)),
                    )
                    .labelled_by(label.id);
                    ui.add_space(12.0);
                    let label = ui.label(RichText::new(cx.tr("users-filter-role")).color(t.text));
                    let selected = self
                        .role_filter
                        .map_or_else(|| cx.tr("users-all-roles"), |r| cx.tr(role_key(r)));
                    egui::ComboBox::from_id_salt("users_role_filter")
                        .selected_text(selected)
                        .width(160.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut self.role_filter,
                                None,
                                cx.tr("users-all-roles"),
                            );
                            for r in Role::ALL {
                                ui.selectable_value(
                                    &mut self.role_filter,
                                    Some(r),
                                    cx.tr(role_key(r)),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.add_space(12.0);
                    ui.checkbox(&mut self.show_inactive, cx.tr("users-show-inactive"));
                });
            });
    }

    // ---------------------------------------------------------------- new user

    fn new_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User) {
        let t = *cx.tokens;
        if back_ui(ui, cx) {
            self.new.clear_secrets();
            self.view = View::List;
            return;
        }
        page_title_ui(
            ui,
            &t,
            &cx.tr("users-new-title"),
            Some(&cx.tr("users-new-subtitle")),
        );
        if !allows(me.role, Action::CreateUser) {
            ui.label(RichText::new(cx.tr("err-forbidden")).color(t.danger));
            return;
        }
        let e = |f: &str| cx.field_error(&self.new.errors, f);
        let (e_user, e_name, e_email, e_role, e_pw, e_confirm) = (
            e("username"),
            e("display_name"),
            e("email"),
            e("role"),
            e("password"),
            e("confirm"),
        );
        let width = ui.available_width().min(820.0);
        let mut submit = false;
        let mut cancel = false;
        ui.vertical(|ui| {
            ui.set_width(width);
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::USER_CIRCLE, cx.tr("users-identity")),
                );
                ui.columns(2, |c| {
                    if let [a, b] = c {
                        text_field_ui(
                            a,
                            &t,
                            &cx.tr("user-username"),
                            &mut self.new.user.username,
                            false,
                            e_user.as_deref(),
                        );
                        text_field_ui(
                            b,
                            &t,
                            &cx.tr("user-display-name"),
                            &mut self.new.user.display_name,
                            false,
                            e_name.as_deref(),
                        );
                    }
                });
                ui.label(
                    RichText::new(cx.tr("users-username-hint"))
                        .small()
                        .color(t.muted),
                );
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("user-email-optional"),
                    &mut self.new.user.email,
                    false,
                    e_email.as_deref(),
                );
                ui.add_space(8.0);
                ui.label(
                    RichText::new(cx.tr("users-language"))
                        .color(t.text)
                        .strong(),
                );
                ui.horizontal(|ui| {
                    for l in Lang::ALL {
                        ui.selectable_value(&mut self.new.user.locale, l, l.native_name());
                    }
                });
            });
            ui.add_space(t.gap);
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::SHIELD_CHECK, cx.tr("users-role")),
                );
                let roles: Vec<Role> = Role::ALL
                    .into_iter()
                    .filter(|r| can_assign_role(me.role, *r))
                    .collect();
                role_picker_ui(ui, cx, &roles, &mut self.new.user.role);
                if let Some(err) = &e_role {
                    ui.label(RichText::new(err).color(t.danger).small());
                }
            });
            ui.add_space(t.gap);
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::KEY, cx.tr("users-initial-password-title")),
                );
                let mut enter = false;
                ui.columns(2, |c| {
                    if let [a, b] = c {
                        text_field_ui(
                            a,
                            &t,
                            &cx.tr("users-initial-password"),
                            &mut self.new.user.password,
                            true,
                            e_pw.as_deref(),
                        );
                        let r = text_field_ui(
                            b,
                            &t,
                            &cx.tr("user-password-confirm"),
                            &mut self.new.confirm,
                            true,
                            e_confirm.as_deref(),
                        );
                        enter = r.lost_focus() && b.input(|i| i.key_pressed(egui::Key::Enter));
                    }
                });
                submit |= enter;
                ui.label(
                    RichText::new(cx.tr("password-policy-hint"))
                        .small()
                        .color(t.muted),
                );
                ui.add_space(4.0);
                note_ui(ui, &t, icons::INFO, &cx.tr("users-first-login-note"), false);
            });
            ui.add_space(t.gap);
            if let Some(err) = &self.new.error {
                ui.label(RichText::new(format!("{} {err}", icons::WARNING)).color(t.danger));
            }
            if !self.new.errors.is_empty() {
                ui.label(
                    RichText::new(format!("{} {}", icons::WARNING, cx.tr("form-has-errors")))
                        .color(t.danger),
                );
            }
            ui.horizontal(|ui| {
                let busy = self.pending.is_some();
                submit |= ui
                    .add_enabled_ui(!busy, |ui| {
                        primary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::CHECK, cx.tr("users-create")),
                        )
                    })
                    .inner
                    .clicked();
                cancel = secondary_button(ui, &t, &cx.tr("users-cancel")).clicked();
                if busy {
                    ui.spinner();
                    ui.label(RichText::new(cx.tr("saving")).color(t.muted));
                }
            });
            ui.add_space(t.gap);
        });
        if cancel {
            self.new = NewForm::fresh(cx.lang);
            self.view = View::List;
        } else if submit && self.pending.is_none() {
            self.submit_new(cx);
        }
    }

    fn submit_new(&mut self, cx: &mut Cx<'_>) {
        let Some(me) = cx.user.cloned() else { return };
        self.new.error = None;
        self.new.errors = FieldErrors::new();
        if self.new.user.password != self.new.confirm {
            self.new.errors.add("confirm", "err-password-mismatch");
            self.new.clear_secrets();
            return;
        }
        let new = NewUser {
            password: std::mem::take(&mut self.new.user.password),
            ..self.new.user.clone()
        };
        self.new.confirm.clear();
        let id = cx.submit(Job::CreateUser {
            actor: Box::new(me),
            new: Box::new(new),
        });
        self.pending = Some((id, Pending::Create));
    }

    // ---------------------------------------------------------------- detail

    fn detail_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User, id: &str) {
        let t = *cx.tokens;
        if back_ui(ui, cx) {
            self.view = View::List;
            return;
        }
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.data = Loadable::Loading(cx.submit(Job::LoadUsers {
                actor_role: cx.user.map_or(Role::Viewer, |u| u.role),
            }));
            return;
        }
        let Some(data) = data else { return };
        let now = chrono::Utc::now().timestamp_millis();
        let Some(user) = data.users.iter().find(|u| u.id == id).cloned() else {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(cx.tr("err-not-found")).color(t.muted));
            });
            return;
        };
        let locks: Vec<LockedAccount> = data
            .locks
            .iter()
            .filter(|l| l.user_id == user.id && l.locked_until > now)
            .cloned()
            .collect();
        if self.edit.id != user.id {
            self.edit = EditForm::of(&user);
        }
        header_ui(ui, cx, &user, &locks);
        ui.add_space(t.gap);
        let rights = Rights::of(me.role);
        if !rights.edit {
            note_ui(ui, &t, icons::EYE, &cx.tr("users-readonly-note"), false);
            ui.add_space(t.gap);
        } else if user.id == me.id {
            let mut to_profile = false;
            t.card_frame()
                .fill(t.accent_soft)
                .stroke(egui::Stroke::NONE)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(icons::INFO).size(18.0).color(t.accent_hover));
                        ui.label(RichText::new(cx.tr("users-own-account")).color(t.text));
                    });
                    to_profile = secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::USER_CIRCLE, cx.tr("users-open-profile")),
                    )
                    .clicked();
                });
            if to_profile {
                cx.push(Command::Navigate(Route::Profile));
            }
            ui.add_space(t.gap);
        }
        ui.columns(2, |c| {
            if let [left, right] = c {
                // Columns are justified; the cards' buttons keep their own width.
                let layout = Layout::top_down(Align::Min);
                left.with_layout(layout, |ui| {
                    self.contact_ui(ui, cx, me, &user);
                    ui.add_space(t.gap);
                    self.access_ui(ui, cx, me, &user);
                });
                right.with_layout(layout, |ui| {
                    self.role_ui(ui, cx, me, &user);
                    ui.add_space(t.gap);
                    self.security_ui(ui, cx, me, &user, &locks);
                });
            }
        });
        ui.add_space(t.gap);
    }

    fn may(me: &User, user: &User, action: Action) -> Result<(), ForbiddenReason> {
        can_manage_user(me.role, &me.id, user.role, &user.id, action).map_err(|f| f.reason)
    }

    fn busy_ui(&self, ui: &mut Ui, cx: &Cx<'_>, what: &[Pending]) {
        if let Some((_, p)) = self.pending
            && what.contains(&p)
        {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new(cx.tr("saving")).color(cx.tokens.muted));
            });
        }
    }

    fn contact_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User, user: &User) {
        let t = *cx.tokens;
        // Admins edit anyone's contact details, their own included.
        let editable = Self::may(me, user, Action::EditUser).is_ok();
        let e = |f: &str| cx.field_error(&self.edit.errors, f);
        let (e_name, e_email, e_phone) = (e("display_name"), e("email"), e("phone"));
        let mut save = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::ENVELOPE, cx.tr("users-contact")),
            );
            if editable {
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("user-display-name"),
                    &mut self.edit.update.display_name,
                    false,
                    e_name.as_deref(),
                );
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("user-email-optional"),
                    &mut self.edit.update.email,
                    false,
                    e_email.as_deref(),
                );
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("users-phone"),
                    &mut self.edit.update.phone,
                    false,
                    e_phone.as_deref(),
                );
                ui.add_space(4.0);
                let changed = self.edit.update.display_name.trim() != user.display_name
                    || self.edit.update.email.trim() != user.email.as_deref().unwrap_or("")
                    || self.edit.update.phone.trim() != user.phone.as_deref().unwrap_or("");
                ui.horizontal(|ui| {
                    save = ui
                        .add_enabled_ui(changed && self.pending.is_none(), |ui| {
                            primary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::FLOPPY_DISK, cx.tr("users-save-contact")),
                            )
                        })
                        .inner
                        .clicked();
                    if changed && secondary_button(ui, &t, &cx.tr("users-cancel")).clicked() {
                        self.edit = EditForm::of(user);
                    }
                });
                self.busy_ui(ui, cx, &[Pending::Contact]);
                ui.add_space(8.0);
            }
            let dash = || "—".to_owned();
            egui::Grid::new("users_account_grid")
                .num_columns(2)
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    if !editable {
                        kv_row_ui(ui, &t, &cx.tr("user-display-name"), &user.display_name);
                        kv_row_ui(ui, &t, &cx.tr("user-username"), &user.username);
                        kv_row_ui(
                            ui,
                            &t,
                            &cx.tr("users-email"),
                            &user.email.clone().unwrap_or_else(dash),
                        );
                        kv_row_ui(
                            ui,
                            &t,
                            &cx.tr("users-phone"),
                            &user.phone.clone().unwrap_or_else(dash),
                        );
                    }
                    kv_row_ui(ui, &t, &cx.tr("users-language"), user.locale.native_name());
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("users-created-at"),
                        &format::format_datetime(user.created_at, cx.tz, cx.lang),
                    );
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("users-col-last-login"),
                        &last_login_text(cx, user),
                    );
                });
        });
        if save && self.pending.is_none() {
            self.edit.errors = FieldErrors::new();
            if let Some(me) = cx.user.cloned() {
                let id = cx.submit(Job::UpdateUser {
                    actor: Box::new(me),
                    id: user.id.clone(),
                    update: self.edit.update.clone(),
                });
                self.pending = Some((id, Pending::Contact));
            }
        }
    }

    fn role_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User, user: &User) {
        let t = *cx.tokens;
        let may = Self::may(me, user, Action::ChangeUserRole);
        let mut ask = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::SHIELD_CHECK, cx.tr("users-role")),
            );
            match may {
                Ok(()) => {
                    let roles: Vec<Role> = Role::ALL
                        .into_iter()
                        .filter(|r| can_assign_role(me.role, *r) || *r == user.role)
                        .collect();
                    role_picker_ui(ui, cx, &roles, &mut self.edit.role);
                    let to = self.edit.role.unwrap_or(user.role);
                    let mut clicked = false;
                    if to != user.role {
                        ui.add_space(4.0);
                        ui.horizontal(|ui| {
                            clicked = ui
                                .add_enabled_ui(
                                    can_assign_role(me.role, to) && self.pending.is_none(),
                                    |ui| {
                                        primary_button(
                                            ui,
                                            &t,
                                            &format!(
                                                "{} {}",
                                                icons::CHECK,
                                                cx.tr("users-change-role")
                                            ),
                                        )
                                    },
                                )
                                .inner
                                .clicked();
                            if secondary_button(ui, &t, &cx.tr("users-cancel")).clicked() {
                                self.edit.role = Some(user.role);
                            }
                        });
                    }
                    if clicked {
                        ask = Some(Confirm::Role {
                            id: user.id.clone(),
                            name: user.display_name.clone(),
                            from: user.role,
                            to,
                        });
                    }
                    self.busy_ui(ui, cx, &[Pending::Role]);
                }
                Err(reason) => {
                    ui.horizontal(|ui| {
                        role_badge_ui(ui, &t, &cx.tr(role_key(user.role)));
                    });
                    ui.label(RichText::new(cx.tr(role_desc_key(user.role))).color(t.muted));
                    if reason == ForbiddenReason::OwnAccount {
                        ui.add_space(4.0);
                        note_ui(ui, &t, icons::INFO, &cx.tr("users-own-role"), false);
                    }
                }
            }
        });
        if ask.is_some() {
            self.confirm = ask;
        }
    }

    fn security_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        me: &User,
        user: &User,
        locks: &[LockedAccount],
    ) {
        let t = *cx.tokens;
        let may_reset_pw = Self::may(me, user, Action::ResetUserPassword);
        let may_unlock = Self::may(me, user, Action::UnlockUser).is_ok();
        let may_reset_2fa = Self::may(me, user, Action::ResetUser2fa);
        let idle = self.pending.is_none();
        let mut unlock = false;
        let mut ask = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::KEY, cx.tr("users-security")),
            );
            egui::Grid::new("users_security_grid")
                .num_columns(2)
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    ui.label(RichText::new(cx.tr("users-2fa")).color(t.muted));
                    yes_no_ui(ui, cx, user.totp_enabled, "users-2fa-on", "users-2fa-off");
                    ui.end_row();
                    ui.label(RichText::new(cx.tr("users-pin")).color(t.muted));
                    yes_no_ui(ui, cx, user.has_pin, "users-pin-set", "users-pin-none");
                    ui.end_row();
                    ui.label(RichText::new(cx.tr("users-password-state")).color(t.muted));
                    if user.must_change_password {
                        pill_ui(ui, &cx.tr("users-must-change"), t.warning, t.warning_soft);
                    } else {
                        ui.label(RichText::new(cx.tr("users-password-ok")).color(t.heading));
                    }
                    ui.end_row();
                    ui.label(RichText::new(cx.tr("users-lock")).color(t.muted));
                    if locks.is_empty() {
                        ui.label(RichText::new(cx.tr("users-not-locked")).color(t.heading));
                    } else {
                        ui.vertical(|ui| {
                            for l in locks {
                                ui.label(
                                    RichText::new(cx.tr_args(
                                        "users-lock-detail",
                                        &[
                                            ("kind", cx.tr(lock_kind_key(l.kind)).into()),
                                            (
                                                "time",
                                                format::format_time(l.locked_until, cx.tz).into(),
                                            ),
                                        ],
                                    ))
                                    .color(t.danger),
                                );
                            }
                        });
                    }
                    ui.end_row();
                });
            let any = may_unlock && !locks.is_empty()
                || may_reset_pw.is_ok()
                || may_reset_2fa.is_ok() && user.totp_enabled;
            if any {
                ui.add_space(8.0);
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    if may_unlock && !locks.is_empty() {
                        unlock = ui
                            .add_enabled_ui(idle, |ui| {
                                primary_button(
                                    ui,
                                    &t,
                                    &format!("{} {}", icons::LOCK_OPEN, cx.tr("users-unlock")),
                                )
                            })
                            .inner
                            .clicked();
                    }
                    if may_reset_pw.is_ok()
                        && ui
                            .add_enabled_ui(idle, |ui| {
                                secondary_button(
                                    ui,
                                    &t,
                                    &format!("{} {}", icons::KEY, cx.tr("users-reset-password")),
                                )
                            })
                            .inner
                            .clicked()
                    {
                        ask = Some(Confirm::ResetPassword {
                            id: user.id.clone(),
                            name: user.display_name.clone(),
                        });
                    }
                    if may_reset_2fa.is_ok()
                        && user.totp_enabled
                        && ui
                            .add_enabled_ui(idle, |ui| {
                                secondary_button(
                                    ui,
                                    &t,
                                    &format!(
                                        "{} {}",
                                        icons::SHIELD_SLASH,
                                        cx.tr("users-reset-2fa")
                                    ),
                                )
                            })
                            .inner
                            .clicked()
                    {
                        ask = Some(Confirm::ResetTotp {
                            id: user.id.clone(),
                            name: user.display_name.clone(),
                        });
                    }
                });
            }
            if may_reset_pw == Err(ForbiddenReason::OwnAccount) {
                ui.add_space(4.0);
                note_ui(ui, &t, icons::INFO, &cx.tr("users-own-security"), false);
            }
            self.busy_ui(
                ui,
                cx,
                &[Pending::Unlock, Pending::ResetPassword, Pending::ResetTotp],
            );
        });
        if unlock
            && idle
            && let Some(me) = cx.user.cloned()
        {
            let id = cx.submit(Job::UnlockUser {
                actor: Box::new(me),
                id: user.id.clone(),
            });
            self.pending = Some((id, Pending::Unlock));
        }
        if ask.is_some() {
            self.confirm = ask;
        }
    }

    fn access_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User, user: &User) {
        let t = *cx.tokens;
        let may = Self::may(me, user, Action::DeactivateUser);
        if may == Err(ForbiddenReason::RoleTooLow) {
            return;
        }
        let mut ask = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::PROHIBIT, cx.tr("users-access")),
            );
            if user.is_active {
                ui.label(RichText::new(cx.tr("users-access-active")).color(t.muted));
            } else {
                ui.label(RichText::new(cx.tr("users-access-inactive")).color(t.muted));
            }
            match may {
                Ok(()) => {
                    ui.add_space(4.0);
                    let idle = self.pending.is_none();
                    let clicked = ui
                        .add_enabled_ui(idle, |ui| {
                            if user.is_active {
                                danger_button(
                                    ui,
                                    &t,
                                    &format!("{} {}", icons::PROHIBIT, cx.tr("users-deactivate")),
                                )
                            } else {
                                primary_button(
                                    ui,
                                    &t,
                                    &format!("{} {}", icons::USER_CHECK, cx.tr("users-reactivate")),
                                )
                            }
                        })
                        .inner
                        .clicked();
                    if clicked {
                        ask = Some(Confirm::Active {
                            id: user.id.clone(),
                            name: user.display_name.clone(),
                            active: !user.is_active,
                        });
                    }
                    self.busy_ui(ui, cx, &[Pending::Active(true), Pending::Active(false)]);
                }
                Err(_) => {
                    ui.add_space(4.0);
                    note_ui(ui, &t, icons::INFO, &cx.tr("users-own-deactivate"), false);
                }
            }
        });
        if ask.is_some() {
            self.confirm = ask;
        }
    }

    // ---------------------------------------------------------------- dialogs

    fn confirm_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(confirm) = self.confirm.clone() else {
            return;
        };
        let t = *cx.tokens;
        let (title, body, button, danger) = match &confirm {
            Confirm::Role { name, from, to, .. } => (
                cx.tr("users-confirm-role-title"),
                cx.tr_args(
                    "users-confirm-role",
                    &[
                        ("name", name.as_str().into()),
                        ("from", cx.tr(role_key(*from)).into()),
                        ("to", cx.tr(role_key(*to)).into()),
                    ],
                ),
                cx.tr("users-confirm-role-yes"),
                false,
            ),
            Confirm::Active { name, active, .. } => {
                let args = [("name", Arg::from(name.as_str()))];
                if *active {
                    (
                        cx.tr("users-confirm-reactivate-title"),
                        cx.tr_args("users-confirm-reactivate", &args),
                        cx.tr("users-confirm-reactivate-yes"),
                        false,
                    )
                } else {
                    (
                        cx.tr("users-confirm-deactivate-title"),
                        cx.tr_args("users-confirm-deactivate", &args),
                        cx.tr("users-confirm-deactivate-yes"),
                        true,
                    )
                }
            }
            Confirm::ResetPassword { name, .. } => (
                cx.tr("users-confirm-reset-password-title"),
                cx.tr_args(
                    "users-confirm-reset-password",
                    &[("name", name.as_str().into())],
                ),
                cx.tr("users-confirm-reset-password-yes"),
                true,
            ),
            Confirm::ResetTotp { name, .. } => (
                cx.tr("users-confirm-reset-2fa-title"),
                cx.tr_args("users-confirm-reset-2fa", &[("name", name.as_str().into())]),
                cx.tr("users-confirm-reset-2fa-yes"),
                true,
            ),
        };
        let mut yes = false;
        let mut no = false;
        let modal = egui::Modal::new(egui::Id::unique("users_confirm_modal"))
            .frame(t.card_frame())
            .show(ui.ctx(), |ui| {
                ui.set_width(440.0);
                ui.horizontal(|ui| {
                    ui.label(RichText::new(icons::WARNING).size(22.0).color(if danger {
                        t.danger
                    } else {
                        t.warning
                    }));
                    section_title_ui(ui, &t, &title);
                });
                ui.add_space(4.0);
                ui.label(RichText::new(body).color(t.text));
                ui.add_space(t.gap);
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    yes = if danger {
                        danger_button(ui, &t, &button).clicked()
                    } else {
                        primary_button(ui, &t, &button).clicked()
                    };
                    no = secondary_button(ui, &t, &cx.tr("users-cancel")).clicked();
                });
            });
        if no || (!yes && modal.should_close()) {
            self.confirm = None;
            return;
        }
        if !yes || self.pending.is_some() {
            return;
        }
        self.confirm = None;
        let Some(me) = cx.user.cloned() else { return };
        let actor = Box::new(me);
        let (job, what) = match confirm {
            Confirm::Role { id, to, .. } => (
                Job::ChangeRole {
                    actor,
                    id,
                    role: to,
                },
                Pending::Role,
            ),
            Confirm::Active { id, active, .. } => (
                Job::SetActive { actor, id, active },
                Pending::Active(active),
            ),
            Confirm::ResetPassword { id, .. } => {
                (Job::ResetPassword { actor, id }, Pending::ResetPassword)
            }
            Confirm::ResetTotp { id, .. } => (Job::ResetTotp { actor, id }, Pending::ResetTotp),
        };
        let id = cx.submit(job);
        self.pending = Some((id, what));
    }

    fn temp_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(temp) = &mut self.temp else { return };
        let t = *cx.tokens;
        let mut done = false;
        egui::Modal::new(egui::Id::unique("users_temp_password_modal"))
            .frame(t.card_frame())
            .show(ui.ctx(), |ui| {
                ui.set_width(480.0);
                ui.horizontal(|ui| {
                    ui.label(RichText::new(icons::KEY).size(22.0).color(t.accent));
                    section_title_ui(ui, &t, &cx.tr("users-temp-title"));
                });
                ui.add_space(4.0);
                ui.label(
                    RichText::new(
                        cx.tr_args("users-temp-intro", &[("name", temp.name.as_str().into())]),
                    )
                    .color(t.text),
                );
                ui.add_space(8.0);
                let label = ui.label(RichText::new(cx.tr("users-temp-password")).strong());
                ui.horizontal(|ui| {
                    let mut shown: &str = temp.password.as_str();
                    ui.add(
                        TextEdit::singleline(&mut shown)
                            .font(egui::FontId::monospace(t.body + 6.0))
                            .desired_width(300.0)
                            .margin(egui::Margin::symmetric(12, 10)),
                    )
                    .labelled_by(label.id);
                    let copy_label = if temp.copied {
                        format!("{} {}", icons::CHECK, cx.tr("users-copied"))
                    } else {
                        format!("{} {}", icons::COPY, cx.tr("users-copy"))
                    };
                    if secondary_button(ui, &t, &copy_label).clicked() {
                        ui.ctx().copy_text(temp.password.clone());
                        temp.copied = true;
                    }
                });
                ui.add_space(8.0);
                note_ui(
                    ui,
                    &t,
                    icons::WARNING,
                    &cx.tr_args("users-temp-warning", &[("name", temp.name.as_str().into())]),
                    true,
                );
                ui.add_space(t.gap);
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    done = primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::CHECK, cx.tr("users-temp-done")),
                    )
                    .clicked();
                });
            });
        if done {
            // Shown once: the password is dropped with the dialog.
            self.temp = None;
        }
    }
}

// -------------------------------------------------------------------- helpers

/// The end of the latest lock in force on the account, if any.
fn locked_until(locks: &[LockedAccount], user_id: &str, now: i64) -> Option<i64> {
    locks
        .iter()
        .filter(|l| l.user_id == user_id && l.locked_until > now)
        .map(|l| l.locked_until)
        .max()
}

/// Lower case without accents, for searching (`Élodie` matches `elodie`).
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' => 'y',
            other => other,
        })
        .collect()
}

fn count_arg(n: usize) -> Arg {
    Arg::from(i64::try_from(n).unwrap_or(i64::MAX))
}

fn role_desc_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "users-role-desc-admin",
        Role::Supervisor => "users-role-desc-supervisor",
        Role::Technician => "users-role-desc-technician",
        Role::Viewer => "users-role-desc-viewer",
    }
}

fn lock_kind_key(kind: AuthKind) -> &'static str {
    match kind {
        AuthKind::Password => "users-lock-password",
        AuthKind::Pin => "users-lock-pin",
        AuthKind::Totp => "users-lock-totp",
    }
}

fn last_login_text(cx: &Cx<'_>, user: &User) -> String {
    user.last_login_at.map_or_else(
        || cx.tr("users-never"),
        |ms| format::format_datetime(ms, cx.tz, cx.lang),
    )
}

/// "← All users"; true when clicked.
fn back_ui(ui: &mut Ui, cx: &Cx<'_>) -> bool {
    let clicked = secondary_button(
        ui,
        cx.tokens,
        // A plain arrow: the icon font's arrows share code points with Inter's private glyphs.
        &format!("\u{2190} {}", cx.tr("users-back")),
    )
    .clicked();
    ui.add_space(4.0);
    clicked
}

/// A destructive action: red, white text.
fn danger_button(ui: &mut Ui, t: &Tokens, text: &str) -> egui::Response {
    ui.add(
        egui::Button::new(RichText::new(text).color(t.on_accent).strong())
            .fill(t.danger)
            .stroke(egui::Stroke::NONE)
            .min_size(Vec2::new(0.0, t.hit)),
    )
}

/// A tinted note with an icon (information, or a warning when `warn`).
fn note_ui(ui: &mut Ui, t: &Tokens, icon: &str, text: &str, warn: bool) {
    let (fg, bg) = if warn {
        (t.warning, t.warning_soft)
    } else {
        (t.accent_hover, t.accent_soft)
    };
    egui::Frame::new()
        .fill(bg)
        .corner_radius(t.radius_small)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(icon).size(16.0).color(fg));
                ui.add(egui::Label::new(RichText::new(text).color(t.text)).wrap());
            });
        });
}

fn role_badge_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    pill_ui(ui, text, t.accent_hover, t.accent_soft);
}

/// A small coloured pill of exactly its size (so that it stays centred in a table row).
fn pill_ui(ui: &mut Ui, text: &str, fg: Color32, bg: Color32) -> egui::Response {
    let galley = egui::WidgetText::from(RichText::new(text).small().strong()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let pad = Vec2::new(8.0, 3.0);
    let (rect, resp) = ui.allocate_exact_size(galley.size() + 2.0 * pad, Sense::hover());
    if ui.is_rect_visible(rect) {
        ui.painter().rect_filled(rect, 10.0, bg);
        ui.painter().galley(rect.min + pad, galley, fg);
    }
    let label = text.to_owned();
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
    resp
}

/// "On" in green, "off" muted.
fn yes_no_ui(ui: &mut Ui, cx: &Cx<'_>, on: bool, on_key: &str, off_key: &str) {
    let t = cx.tokens;
    if on {
        ui.label(
            RichText::new(format!("{} {}", icons::CHECK_CIRCLE, cx.tr(on_key))).color(t.success),
        );
    } else {
        ui.label(RichText::new(cx.tr(off_key)).color(t.muted));
    }
}

/// The roles one may choose, each with its description under the chosen one.
fn role_picker_ui(ui: &mut Ui, cx: &Cx<'_>, roles: &[Role], value: &mut Option<Role>) {
    let t = cx.tokens;
    ui.spacing_mut().item_spacing.y = 2.0;
    for r in roles {
        let selected = *value == Some(*r);
        let name = RichText::new(cx.tr(role_key(*r))).strong();
        let name = if selected {
            name.color(t.accent_hover)
        } else {
            name.color(t.heading)
        };
        if ui.radio(selected, name).clicked() {
            *value = Some(*r);
        }
        ui.horizontal(|ui| {
            ui.add_space(ui.spacing().icon_width + ui.spacing().icon_spacing);
            ui.add(
                egui::Label::new(
                    RichText::new(cx.tr(role_desc_key(*r)))
                        .small()
                        .color(t.muted),
                )
                .wrap(),
            );
        });
        ui.add_space(6.0);
    }
}

/// Warns about locked accounts above the list.
fn locked_banner_ui(ui: &mut Ui, cx: &Cx<'_>, names: &[String], can_unlock: bool) {
    let t = cx.tokens;
    let text = cx.tr_args(
        if can_unlock {
            "users-locked-banner"
        } else {
            "users-locked-banner-readonly"
        },
        &[
            ("count", count_arg(names.len())),
            ("names", names.join(", ").into()),
        ],
    );
    egui::Frame::new()
        .fill(t.danger_soft)
        .corner_radius(t.radius)
        .inner_margin(egui::Margin::symmetric(16, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::LOCK).size(18.0).color(t.danger));
                ui.add(egui::Label::new(RichText::new(text).color(t.text)).wrap());
            });
        });
}

/// The account's header: name, login, badges, dates.
fn header_ui(ui: &mut Ui, cx: &Cx<'_>, user: &User, locks: &[LockedAccount]) {
    let t = cx.tokens;
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
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(&user.display_name)
                        .size(t.title)
                        .strong()
                        .color(t.heading),
                );
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&user.username).monospace().color(t.muted));
                    role_badge_ui(ui, t, &cx.tr(role_key(user.role)));
                    status_badges_ui(ui, cx, user, locks.iter().map(|l| l.locked_until).max());
                    if user.must_change_password {
                        pill_ui(ui, &cx.tr("users-must-change"), t.warning, t.warning_soft);
                    }
                });
            });
        });
    });
}

/// Active / deactivated, and the lock with its end time.
fn status_badges_ui(ui: &mut Ui, cx: &Cx<'_>, user: &User, locked_until: Option<i64>) {
    let t = cx.tokens;
    if user.is_active {
        pill_ui(ui, &cx.tr("users-active"), t.success, t.success_soft);
    } else {
        pill_ui(ui, &cx.tr("users-inactive"), t.text, t.neutral_soft);
    }
    if let Some(until) = locked_until {
        pill_ui(
            ui,
            &format!(
                "{} {}",
                icons::LOCK,
                cx.tr_args(
                    "users-locked-until",
                    &[("time", format::format_time(until, cx.tz).into())],
                )
            ),
            t.danger,
            t.danger_soft,
        );
    }
}

/// Lines stacked top-down in a block of `height`, centred in a table cell.
fn stacked_ui(ui: &mut Ui, height: f32, gap: f32, add: impl FnOnce(&mut Ui)) {
    let size = Vec2::new(ui.available_width(), height);
    ui.allocate_ui_with_layout(size, Layout::top_down(Align::Min), |ui| {
        ui.spacing_mut().item_spacing.y = gap;
        add(ui);
    });
}

/// The accounts table; returns the line clicked.
fn table_ui(ui: &mut Ui, cx: &Cx<'_>, lines: &[Line]) -> Option<Line> {
    let t = cx.tokens;
    let mut open = None;
    ui.style_mut().interaction.selectable_labels = false;
    let header = |ui: &mut Ui, key: &str| {
        ui.label(RichText::new(cx.tr(key)).strong().color(t.muted));
    };
    TableBuilder::new(ui)
        .id_salt("users_table")
        .striped(true)
        .sense(Sense::click())
        .vscroll(false)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::initial(170.0).at_least(120.0).clip(true))
        .column(Column::remainder().at_least(40.0).clip(true))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(44.0))
        .column(Column::auto().at_least(44.0))
        .column(Column::auto().at_least(90.0))
        .header(30.0, |mut h| {
            for key in [
                "users-col-user",
                "users-col-email",
                "users-col-role",
                "users-col-status",
                "users-col-2fa",
                "users-col-pin",
                "users-col-last-login",
            ] {
                h.col(|ui| header(ui, key));
            }
        })
        .body(|body| {
            body.rows(52.0, lines.len(), |mut row| {
                let Some(line) = lines.get(row.index()) else {
                    return;
                };
                let u = &line.user;
                let mut clicked = false;
                row.col(|ui| {
                    stacked_ui(ui, 40.0, 2.0, |ui| {
                        ui.spacing_mut().interact_size.y = 0.0;
                        ui.spacing_mut().button_padding = Vec2::ZERO;
                        let name = RichText::new(&u.display_name)
                            .strong()
                            .color(if u.is_active { t.heading } else { t.muted });
                        clicked |= ui
                            .add(egui::Button::new(name).frame(false))
                            .on_hover_text(cx.tr("users-open"))
                            .clicked();
                        ui.label(
                            RichText::new(&u.username)
                                .small()
                                .monospace()
                                .color(t.muted),
                        );
                    });
                });
                row.col(|ui| {
                    match &u.email {
                        Some(e) => ui.label(RichText::new(e).color(t.text)),
                        None => ui.label(RichText::new("—").color(t.muted)),
                    };
                });
                row.col(|ui| {
                    role_badge_ui(ui, t, &cx.tr(role_key(u.role)));
                });
                row.col(|ui| {
                    let height = if line.locked_until.is_some() {
                        46.0
                    } else {
                        22.0
                    };
                    stacked_ui(ui, height, 4.0, |ui| {
                        status_badges_ui(ui, cx, u, line.locked_until);
                    });
                });
                row.col(|ui| {
                    yes_no_ui(ui, cx, u.totp_enabled, "users-yes", "users-no");
                });
                row.col(|ui| {
                    yes_no_ui(ui, cx, u.has_pin, "users-yes", "users-no");
                });
                row.col(|ui| match u.last_login_at {
                    Some(ms) => stacked_ui(ui, 36.0, 0.0, |ui| {
                        ui.label(
                            RichText::new(format::format_date(ms, cx.tz, cx.lang)).color(t.text),
                        );
                        ui.label(
                            RichText::new(format::format_time(ms, cx.tz))
                                .small()
                                .color(t.muted),
                        );
                    }),
                    None => {
                        ui.label(RichText::new(cx.tr("users-never")).color(t.muted));
                    }
                });
                if clicked || row.response().clicked() {
                    open = Some(line.clone());
                }
            });
        });
    open
}
