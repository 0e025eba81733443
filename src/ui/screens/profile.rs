//! My profile: contact details, language and theme, password, PIN, two-factor, recent logins.

use egui::{RichText, Ui};
use rpma_core::Lang;
use rpma_core::users::Theme;

use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::widgets::{page_title_ui, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// Preferences state.
#[derive(Debug, Default)]
pub struct ProfileScreen {
    pending: Option<RequestId>,
}

impl ProfileScreen {
    /// Takes the save reply.
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
                None
            }
            other => Some(other),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        page_title_ui(
            ui,
            &t,
            &cx.tr("nav-profile"),
            Some(&cx.tr("prefs-subtitle")),
        );
        let Some(user) = cx.user.cloned() else { return };
        let mut lang = cx.lang;
        let mut theme = user.theme;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::TRANSLATE, cx.tr("prefs-language")),
            );
            ui.horizontal(|ui| {
                for l in Lang::ALL {
                    ui.selectable_value(&mut lang, l, l.native_name());
                }
            });
            ui.add_space(t.gap);
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::PALETTE, cx.tr("prefs-theme")),
            );
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
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(RichText::new(cx.tr("saving")).color(t.muted));
                });
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
}
