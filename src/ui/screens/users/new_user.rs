//! The "new user" form.

use egui::{RichText, Ui};
use rpma_core::Lang;
use rpma_core::auth::permissions::{Action, Role, allows, can_assign_role};
use rpma_core::users::{NewUser, User};
use rpma_core::validate::FieldErrors;

use crate::jobs::Job;
use crate::ui::widgets::{
    page_title_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Cx, icons};

use super::parts::{back_ui, note_ui, role_picker_ui};
use super::{NewForm, Pending, UsersScreen, View};

impl UsersScreen {
    pub(super) fn new_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User) {
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
        if cx.user.is_none() {
            return;
        }
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
        let id = cx.submit(Job::CreateUser { new: Box::new(new) });
        self.pending = Some((id, Pending::Create));
    }
}
