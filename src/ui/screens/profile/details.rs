//! The summary, contact details and preferences (language, theme) cards.

use egui::{RichText, Ui};
use rpma_core::accounts::UserUpdate;
use rpma_core::users::{Theme, User};
use rpma_core::validate::FieldErrors;
use rpma_core::{Lang, format};

use crate::app::role_key;
use crate::jobs::Job;
use crate::ui::widgets::{
    badge_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Command, Cx, icons};

use super::ProfileScreen;
use super::parts::{error_label_ui, saving_ui};

impl ProfileScreen {
    /// Who is signed in: name, login, role and the security state at a glance.
    pub(super) fn summary_ui(&self, ui: &mut Ui, cx: &Cx<'_>, user: &User) {
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

    pub(super) fn contact_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
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
            && cx.user.is_some()
        {
            self.contact_errors = FieldErrors::new();
            self.contact_error = None;
            self.contact_pending = Some(cx.submit(Job::UpdateUser {
                id: user.id.clone(),
                update,
            }));
        }
    }

    /// Language and theme: applied at once, then saved with the account.
    pub(super) fn prefs_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, user: &User) {
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
                locale: lang,
                theme,
            }));
        }
    }
}

/// The contact part of an account, as the form edits it.
pub(super) fn contact_of(user: &User) -> UserUpdate {
    UserUpdate {
        display_name: user.display_name.clone(),
        email: user.email.clone().unwrap_or_default(),
        phone: user.phone.clone().unwrap_or_default(),
    }
}
