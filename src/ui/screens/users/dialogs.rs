//! The confirmation dialogs and the one-time temporary password window.

use egui::{Align, Layout, RichText, TextEdit, Ui};
use rpma_core::i18n::Arg;

use crate::app::role_key;
use crate::jobs::Job;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

use super::parts::{danger_button, note_ui};
use super::{Confirm, Pending, UsersScreen};

impl UsersScreen {
    pub(super) fn confirm_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
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
        if cx.user.is_none() {
            return;
        }
        let (job, what) = match confirm {
            Confirm::Role { id, to, .. } => (Job::ChangeRole { id, role: to }, Pending::Role),
            Confirm::Active { id, active, .. } => {
                (Job::SetActive { id, active }, Pending::Active(active))
            }
            Confirm::ResetPassword { id, .. } => {
                (Job::ResetPassword { id }, Pending::ResetPassword)
            }
            Confirm::ResetTotp { id, .. } => (Job::ResetTotp { id }, Pending::ResetTotp),
        };
        let id = cx.submit(job);
        self.pending = Some((id, what));
    }

    pub(super) fn temp_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
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
