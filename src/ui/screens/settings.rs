//! Settings (admins): organisation, locale and time zone, business hours, security policy,
//! kiosk mode (tab "General") and updates (tab "Updates": channel, repository, check at start-up,
//! and the panel that checks and installs, see [`super::updates`]).
//! The screen edits a draft (a copy of the loaded settings) that is applied only on "Save", in
//! one transaction; the draft survives navigation, and "Discard changes" restores the saved values.

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::settings::AllSettings;
use rpma_core::validate::FieldErrors;

use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::file_pick::PickedImage;
use crate::ui::loadable::Loadable;
use crate::ui::logo::{LogoEditor, LogoTexts};
use crate::ui::screens::updates::UpdatePanel;
use crate::ui::widgets::{page_title_ui, secondary_button};
use crate::ui::{Command, Cx, icons};

mod action_bar;
pub mod backups;
mod cards;
mod checks;
mod form;
mod policy_cards;
mod remote;
mod sync;
mod tabs;
use cards::{hours_card_ui, locale_card_ui, org_card_ui};
use checks::local_checks;
use form::Form;
use policy_cards::{
    kiosk_card_ui, planning_card_ui, security_card_ui, templates_card_ui, update_settings_card_ui,
};

/// The page does not grow wider than this (long lines are hard to read).
const MAX_WIDTH: f32 = 1000.0;

/// The two tabs of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    /// Organisation, locale, hours, security, kiosk.
    #[default]
    General,
    /// Update settings and the update panel.
    Updates,
    /// Schedule, destination, retention and encryption of backups ([`backups`]).
    Backups,
    /// The sync with the shop's hub ([`sync`]).
    Sync,
}

/// Settings state: the values as saved, the draft, the errors of the last save. The logo is part
/// of the draft but saved by its own job, after the other settings.
#[derive(Debug, Default)]
pub struct SettingsScreen {
    tab: Tab,
    sync: sync::SyncTab,
    /// Settings → Backups (saved on its own).
    pub backups: backups::BackupsTab,
    loaded: Loadable<AllSettings>,
    form: Option<Form>,
    errors: FieldErrors,
    general_error: Option<String>,
    pending: Option<RequestId>,
    confirm_discard: bool,
    /// The logo as saved.
    saved_logo: Loadable<Option<PickedImage>>,
    /// The logo in the draft (with its preview and file dialog).
    logo: LogoEditor,
    /// The draft has taken the saved logo (done once, like the form).
    logo_in_draft: bool,
    /// The logo to save once the other settings are saved.
    logo_after_settings: Option<Option<PickedImage>>,
    /// The logo being saved, and its request.
    logo_pending: Option<(RequestId, Option<PickedImage>)>,
    /// Why the core refused the logo.
    logo_error: Option<String>,
}

impl SettingsScreen {
    fn load(&mut self, cx: &mut Cx<'_>) {
        self.loaded = Loadable::Loading(cx.submit(Job::LoadSettings));
        if self.saved_logo.ready().is_none() {
            self.saved_logo = Loadable::Loading(cx.submit(Job::LoadLogo));
        }
    }

    /// The logo in the draft (tests inject a picked file through it).
    pub fn logo_mut(&mut self) -> &mut LogoEditor {
        &mut self.logo
    }

    /// True when the draft's settings (not the logo) differ from the saved values.
    fn settings_changed(&self) -> bool {
        match (&self.form, self.loaded.ready()) {
            (Some(form), Some(saved)) => *form != Form::from_settings(saved),
            _ => false,
        }
    }

    /// True when the draft's logo differs from the saved one.
    fn logo_changed(&self) -> bool {
        self.logo_in_draft
            && self
                .saved_logo
                .ready()
                .is_some_and(|saved| saved.as_ref().map(|p| p.png.as_slice()) != self.logo.png())
    }

    /// True when the draft differs from the saved values.
    pub fn has_unsaved_changes(&self) -> bool {
        self.settings_changed() || self.logo_changed()
    }

    fn save_logo(&mut self, picture: Option<PickedImage>, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        self.logo_error = None;
        let id = cx.submit(Job::SetLogo {
            png: picture.as_ref().map(|p| p.png.clone()),
        });
        self.logo_pending = Some((id, picture));
    }

    /// Takes replies addressed to this screen; returns the others.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::Settings(r) => {
                if self.loaded.accept(id, r, cx.lang)
                    && self.form.is_none()
                    && let Some(s) = self.loaded.ready()
                {
                    self.form = Some(Form::from_settings(s));
                }
                None
            }
            JobEvent::SettingsSaved(r) => {
                if self.pending != Some(id) {
                    return None;
                }
                self.pending = None;
                let logo_next = self.logo_after_settings.take();
                match r {
                    Ok(saved) => {
                        self.form = Some(Form::from_settings(&saved));
                        self.loaded = Loadable::Ready(saved);
                        self.errors = FieldErrors::new();
                        self.general_error = None;
                        self.confirm_discard = false;
                        // The shop name in the side bar and the enforced session limits follow.
                        cx.push(Command::Rebootstrap);
                        cx.submit(Job::LoadSessionPolicy);
                        match logo_next {
                            // The toast waits for the logo.
                            Some(png) => self.save_logo(png, cx),
                            None => cx.toast_ok(cx.tr("settings-saved")),
                        }
                    }
                    Err(CoreError::Invalid(f)) => {
                        self.errors = f;
                        self.general_error = None;
                    }
                    Err(e) => {
                        let msg = cx.error_text(&e);
                        cx.toast_err(msg.clone());
                        self.general_error = Some(msg);
                    }
                }
                None
            }
            JobEvent::Logo(r) => {
                if self.saved_logo.accept(id, r, cx.lang)
                    && !self.logo_in_draft
                    && let Some(saved) = self.saved_logo.ready()
                {
                    self.logo.set(saved.clone());
                    self.logo_in_draft = true;
                }
                None
            }
            JobEvent::LogoSaved(r) => {
                let (wanted, png) = self.logo_pending.take()?;
                if wanted != id {
                    self.logo_pending = Some((wanted, png));
                    return None;
                }
                match r {
                    Ok(()) => {
                        self.saved_logo = Loadable::Ready(png);
                        self.logo_error = None;
                        self.general_error = None;
                        self.confirm_discard = false;
                        cx.toast_ok(cx.tr("settings-saved"));
                    }
                    Err(e) => {
                        let msg = cx.error_text(&e);
                        cx.toast_err(msg.clone());
                        self.logo_error = Some(msg);
                    }
                }
                None
            }
            other => Some(other),
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let (Some(_), Some(form)) = (cx.user, &self.form) else {
            return;
        };
        self.general_error = None;
        self.logo_error = None;
        self.confirm_discard = false;
        let logo = self.logo_changed().then(|| self.logo.picture().cloned());
        if !self.settings_changed() {
            // Only the logo changed.
            if let Some(png) = logo {
                self.errors = FieldErrors::new();
                self.save_logo(png, cx);
            }
            return;
        }
        let (draft, not_numbers) = form.build();
        if !not_numbers.is_empty() {
            // Nothing is sent: the typed numbers come first, then every other problem.
            let mut all = not_numbers;
            all.0.extend(local_checks(&draft).0);
            self.errors = all;
            return;
        }
        self.errors = FieldErrors::new();
        let job = Job::SaveSettings {
            draft: Box::new(draft),
        };
        self.pending = Some(cx.submit(job));
        // Refused settings keep the logo unsaved too: the draft is saved as a whole or not.
        self.logo_after_settings = logo;
    }

    fn discard(&mut self) {
        if let Some(saved) = self.loaded.ready() {
            self.form = Some(Form::from_settings(saved));
        }
        if self.logo_changed()
            && let Some(saved) = self.saved_logo.ready()
        {
            self.logo.set(saved.clone());
        }
        self.errors = FieldErrors::new();
        self.general_error = None;
        self.logo_error = None;
        self.confirm_discard = false;
    }

    /// Opens the Updates tab (tests and the "update available" toast).
    pub fn show_updates_tab(&mut self) {
        self.tab = Tab::Updates;
    }

    /// Draws the screen; `updates` is the app's update panel (shown in the Updates tab).
    fn body_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, updates: &mut UpdatePanel) {
        let t = *cx.tokens;
        page_title_ui(
            ui,
            &t,
            &cx.tr("nav-settings"),
            Some(&cx.tr("settings-subtitle")),
        );
        if !cx
            .user
            .is_some_and(|u| allows(u.role, Action::EditSettings))
        {
            ui.label(
                RichText::new(format!("{} {}", icons::LOCK, cx.tr("err-forbidden"))).color(t.muted),
            );
            return;
        }
        if matches!(self.loaded, Loadable::Idle) {
            self.load(cx);
        }
        if let Some(msg) = self.logo.poll(ui.ctx()) {
            cx.toast_err(msg);
        }
        let retry = self.loaded.ui(ui, cx).1;
        if retry {
            self.load(cx);
            return;
        }
        if self.loaded.ready().is_none() {
            return;
        }
        if self.form.is_none() {
            self.discard();
        }
        if self.tabs_ui(ui, cx) {
            return;
        }
        if self.tab == Tab::Updates {
            let saved = self
                .loaded
                .ready()
                .map(|s| s.updates.clone())
                .unwrap_or_default();
            let lang = cx.lang;
            let errors = &self.errors;
            let Some(form) = self.form.as_mut() else {
                return;
            };
            egui::ScrollArea::vertical()
                .id_salt("settings_updates_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let width = ui.available_width().min(MAX_WIDTH);
                    ui.set_max_width(width);
                    updates.ui(ui, cx, &saved);
                    ui.add_space(t.gap);
                    update_settings_card_ui(ui, &t, lang, form, errors);
                    ui.add_space(t.gap * 2.0);
                });
            return;
        }
        let lang = cx.lang;
        let errors = &self.errors;
        let logo = &mut self.logo;
        let logo_error = self.logo_error.as_deref();
        let logo_texts = LogoTexts {
            title: cx.tr("settings-logo"),
            hint: cx.tr("settings-logo-hint"),
            choose: cx.tr("settings-logo-choose"),
            remove: cx.tr("settings-logo-remove"),
            none: cx.tr("settings-logo-none"),
            alt: cx.tr("settings-logo-alt"),
            dialog_title: cx.tr("settings-logo-dialog-title"),
            opening: cx.tr("settings-logo-opening"),
        };
        let logo_ready = self.logo_in_draft;
        let logo_failed = match &self.saved_logo {
            Loadable::Failed(msg) => Some(msg.clone()),
            _ => None,
        };
        let mut retry_logo = false;
        let may_edit_templates = cx
            .user
            .is_some_and(|u| allows(u.role, Action::EditTemplates));
        let mut open_templates = false;
        let Some(form) = self.form.as_mut() else {
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("settings_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let width = ui.available_width().min(MAX_WIDTH);
                ui.set_max_width(width);
                org_card_ui(ui, &t, lang, form, errors, |ui| {
                    if logo_ready {
                        logo.ui(ui, &t, lang, &logo_texts, logo_error);
                        return;
                    }
                    ui.label(RichText::new(&logo_texts.title).strong().color(t.text));
                    ui.horizontal(|ui| match &logo_failed {
                        Some(msg) => {
                            ui.label(
                                RichText::new(format!("{} {msg}", icons::WARNING)).color(t.danger),
                            );
                            retry_logo = secondary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::ARROW_CLOCKWISE, lang.tr("retry")),
                            )
                            .clicked();
                        }
                        None => {
                            ui.spinner();
                            ui.label(RichText::new(lang.tr("loading")).color(t.muted));
                        }
                    });
                });
                ui.add_space(t.gap);
                locale_card_ui(ui, &t, lang, form, errors);
                ui.add_space(t.gap);
                hours_card_ui(ui, &t, lang, form, errors);
                ui.add_space(t.gap);
                security_card_ui(ui, &t, lang, form, errors);
                ui.add_space(t.gap);
                planning_card_ui(ui, &t, lang, form, errors);
                ui.add_space(t.gap);
                if may_edit_templates {
                    open_templates = templates_card_ui(ui, &t, lang);
                    ui.add_space(t.gap);
                }
                kiosk_card_ui(ui, &t, lang, form);
                ui.add_space(t.gap * 2.0);
            });
        if retry_logo {
            self.saved_logo = Loadable::Loading(cx.submit(Job::LoadLogo));
        }
        if open_templates {
            cx.push(Command::Navigate(Route::Templates));
        }
    }
}
