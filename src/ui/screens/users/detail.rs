//! One account's page: its header, contact details and role cards.

use egui::{Align, Layout, RichText, Ui};
use rpma_core::auth::lockout::LockedAccount;
use rpma_core::auth::permissions::{
    Action, ForbiddenReason, Role, can_assign_role, can_manage_user,
};
use rpma_core::format;
use rpma_core::users::User;
use rpma_core::validate::FieldErrors;

use crate::app::role_key;
use crate::jobs::Job;
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{
    kv_row_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Command, Cx, icons};

use super::parts::{
    back_ui, header_ui, last_login_text, note_ui, role_badge_ui, role_desc_key, role_picker_ui,
};
use super::{Confirm, EditForm, Pending, Rights, UsersScreen, View};

impl UsersScreen {
    pub(super) fn detail_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User, id: &str) {
        let t = *cx.tokens;
        if back_ui(ui, cx) {
            self.view = View::List;
            return;
        }
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            if cx.user.is_some() {
                let job = Job::LoadUsers {};
                self.data = Loadable::Loading(cx.submit(job));
            }
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

    pub(super) fn may(me: &User, user: &User, action: Action) -> Result<(), ForbiddenReason> {
        can_manage_user(me.role, &me.id, user.role, &user.id, action).map_err(|f| f.reason)
    }

    pub(super) fn busy_ui(&self, ui: &mut Ui, cx: &Cx<'_>, what: &[Pending]) {
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
            if cx.user.is_some() {
                let id = cx.submit(Job::UpdateUser {
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
}
