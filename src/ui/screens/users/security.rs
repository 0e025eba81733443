//! One account's security and access cards: lock, two-factor, PIN, password, deactivation.

use egui::{RichText, Ui};
use rpma_core::auth::lockout::LockedAccount;
use rpma_core::auth::permissions::{Action, ForbiddenReason};
use rpma_core::format;
use rpma_core::users::User;

use crate::jobs::Job;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

use super::parts::{danger_button, lock_kind_key, note_ui, pill_ui, yes_no_ui};
use super::{Confirm, Pending, UsersScreen};

impl UsersScreen {
    pub(super) fn security_ui(
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
        if unlock && idle && cx.user.is_some() {
            let id = cx.submit(Job::UnlockUser {
                id: user.id.clone(),
            });
            self.pending = Some((id, Pending::Unlock));
        }
        if ask.is_some() {
            self.confirm = ask;
        }
    }

    pub(super) fn access_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User, user: &User) {
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
}
