//! Settings (admins): organisation, locale and time zone, business hours, security policy,
//! kiosk mode (tab "General") and updates (tab "Updates": channel, repository, check at start-up,
//! and the panel that checks and installs, see [`super::updates`]).
//! The screen edits a draft (a copy of the loaded settings) that is applied only on "Save", in
//! one transaction; the draft survives navigation, and "Discard changes" restores the saved values.

use chrono::Weekday;
use egui::{RichText, TextEdit, Ui, Vec2};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::i18n::Arg;
use rpma_core::org::Organisation;
use rpma_core::settings::{
    self, AllSettings, BusinessHours, IDLE_TIMEOUT_RANGE, LOCKOUT_MINUTES_RANGE,
    LOCKOUT_THRESHOLD_RANGE, OpenHours, PASSWORD_MIN_LENGTH_RANGE, SESSION_HOURS_RANGE,
    SecurityPolicy, ShopSettings, TerminalSettings, UpdateSettings,
};
use rpma_core::updates::Channel;
use rpma_core::validate::FieldErrors;
use rpma_core::{CoreError, Lang};

use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::file_pick::PickedImage;
use crate::ui::loadable::Loadable;
use crate::ui::logo::{LogoEditor, LogoTexts};
use crate::ui::screens::updates::UpdatePanel;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{
    badge_ui, page_title_ui, primary_button, secondary_button, section_title_ui, text_field_ui,
};
use crate::ui::{Command, Cx, icons, live};
use rpma_core::live_checks::vat_siren_warning;

pub mod backups;
mod checks;
mod remote;
mod sync;
mod tabs;
use checks::{field_err, local_checks};

/// Time zones offered, Metropolitan France first, then the overseas ones, the neighbours and UTC.
const TIME_ZONES: &[(&str, &str)] = &[
    ("Europe/Paris", "settings-tz-paris"),
    ("America/Guadeloupe", "settings-tz-guadeloupe"),
    ("America/Martinique", "settings-tz-martinique"),
    ("America/Cayenne", "settings-tz-cayenne"),
    ("Indian/Reunion", "settings-tz-reunion"),
    ("Indian/Mayotte", "settings-tz-mayotte"),
    ("America/Miquelon", "settings-tz-miquelon"),
    ("Pacific/Noumea", "settings-tz-noumea"),
    ("Pacific/Tahiti", "settings-tz-tahiti"),
    ("Pacific/Wallis", "settings-tz-wallis"),
    ("Europe/Brussels", "settings-tz-brussels"),
    ("Europe/Luxembourg", "settings-tz-luxembourg"),
    ("Europe/Zurich", "settings-tz-zurich"),
    ("Europe/Monaco", "settings-tz-monaco"),
    ("UTC", "settings-tz-utc"),
];

/// Weekdays, Monday first, with the i18n key of their name.
const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "settings-day-mon"),
    (Weekday::Tue, "settings-day-tue"),
    (Weekday::Wed, "settings-day-wed"),
    (Weekday::Thu, "settings-day-thu"),
    (Weekday::Fri, "settings-day-fri"),
    (Weekday::Sat, "settings-day-sat"),
    (Weekday::Sun, "settings-day-sun"),
];

/// Fields this screen shows an error next to; errors on any other field are listed at the top.
const KNOWN_FIELDS: &[&str] = &[
    "org_name",
    "org_email",
    "siret",
    "vat_number",
    "postal_code",
    "password_min_length",
    "lockout_threshold",
    "lockout_window_min",
    "lockout_duration_min",
    "idle_timeout_min",
    "session_max_hours",
    "timezone",
    "hours_mon",
    "hours_tue",
    "hours_wed",
    "hours_thu",
    "hours_fri",
    "hours_sat",
    "hours_sun",
    "update_repository",
];

/// The page does not grow wider than this (long lines are hard to read).
const MAX_WIDTH: f32 = 1000.0;

/// Times proposed when a closed day is ticked open.
const DEFAULT_OPEN: &str = "09:00";
const DEFAULT_CLOSE: &str = "18:00";

/// One weekday as edited.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DayForm {
    open: bool,
    from: String,
    to: String,
}

/// The draft as typed: numbers stay text until saved, so that bad input can be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    org: Organisation,
    locale: Lang,
    timezone: String,
    days: [DayForm; 7],
    password_min: String,
    require_upper: bool,
    require_lower: bool,
    require_digit: bool,
    require_symbol: bool,
    lockout_threshold: String,
    lockout_window: String,
    lockout_duration: String,
    idle_timeout: String,
    session_hours: String,
    require_2fa: bool,
    admins_password: bool,
    update_check: bool,
    update_channel: Channel,
    update_repo: String,
    kiosk: bool,
    /// Bays, one per line.
    bays: String,
    max_jobs_per_day: String,
    default_job_minutes: String,
}

fn day_slot(hours: &mut BusinessHours, day: Weekday) -> &mut Option<OpenHours> {
    match day {
        Weekday::Mon => &mut hours.mon,
        Weekday::Tue => &mut hours.tue,
        Weekday::Wed => &mut hours.wed,
        Weekday::Thu => &mut hours.thu,
        Weekday::Fri => &mut hours.fri,
        Weekday::Sat => &mut hours.sat,
        Weekday::Sun => &mut hours.sun,
    }
}

impl Form {
    fn from_settings(s: &AllSettings) -> Self {
        let day = |d: Weekday| match s.shop.business_hours.day(d) {
            Some(h) => DayForm {
                open: true,
                from: h.open.clone(),
                to: h.close.clone(),
            },
            None => DayForm {
                open: false,
                from: DEFAULT_OPEN.to_owned(),
                to: DEFAULT_CLOSE.to_owned(),
            },
        };
        let p = &s.security;
        Self {
            org: s.org.clone(),
            locale: s.shop.locale,
            timezone: s.shop.timezone.clone(),
            days: DAYS.map(|(d, _)| day(d)),
            password_min: p.password.min_length.to_string(),
            require_upper: p.password.require_upper,
            require_lower: p.password.require_lower,
            require_digit: p.password.require_digit,
            require_symbol: p.password.require_symbol,
            lockout_threshold: p.lockout_threshold.to_string(),
            lockout_window: p.lockout_window_min.to_string(),
            lockout_duration: p.lockout_duration_min.to_string(),
            idle_timeout: p.idle_timeout_min.to_string(),
            session_hours: p.session_max_hours.to_string(),
            require_2fa: p.require_2fa_for_admins,
            admins_password: p.admins_switch_with_password,
            update_check: s.updates.check_at_startup,
            update_channel: s.updates.channel,
            update_repo: s.updates.repository.clone(),
            kiosk: s.terminal.kiosk,
            bays: s.planning.bays.join("\n"),
            max_jobs_per_day: s.planning.max_jobs_per_technician_per_day.to_string(),
            default_job_minutes: s.planning.default_job_minutes.to_string(),
        }
    }

    /// The settings the draft stands for, and the fields whose text is not a number.
    fn build(&self) -> (AllSettings, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut num = |text: &str, field: &'static str| match text.trim().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                errors.add(field, "settings-err-number");
                0
            }
        };
        let min_length = num(&self.password_min, "password_min_length");
        let security = SecurityPolicy {
            password: rpma_core::auth::password::PasswordPolicy {
                // Out of the u8 range is out of the allowed range too: the core says so.
                min_length: u8::try_from(min_length).unwrap_or(u8::MAX),
                require_upper: self.require_upper,
                require_lower: self.require_lower,
                require_digit: self.require_digit,
                require_symbol: self.require_symbol,
            },
            lockout_threshold: num(&self.lockout_threshold, "lockout_threshold"),
            lockout_window_min: num(&self.lockout_window, "lockout_window_min"),
            lockout_duration_min: num(&self.lockout_duration, "lockout_duration_min"),
            idle_timeout_min: num(&self.idle_timeout, "idle_timeout_min"),
            session_max_hours: num(&self.session_hours, "session_max_hours"),
            require_2fa_for_admins: self.require_2fa,
            admins_switch_with_password: self.admins_password,
        };
        let mut hours = BusinessHours::default();
        for ((day, _), form) in DAYS.iter().zip(&self.days) {
            *day_slot(&mut hours, *day) = form
                .open
                .then(|| OpenHours::new(form.from.trim(), form.to.trim()));
        }
        let planning = settings::PlanningSettings {
            // Blank lines are spacing, not bays.
            bays: self
                .bays
                .lines()
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_owned)
                .collect(),
            max_jobs_per_technician_per_day: num(
                &self.max_jobs_per_day,
                "max_jobs_per_technician_per_day",
            ),
            default_job_minutes: num(&self.default_job_minutes, "default_job_minutes"),
        };
        let shop = ShopSettings {
            timezone: self.timezone.clone(),
            locale: self.locale,
            business_hours: hours,
        };
        (
            AllSettings {
                org: self.org.clone(),
                security,
                shop,
                updates: UpdateSettings {
                    check_at_startup: self.update_check,
                    channel: self.update_channel,
                    repository: self.update_repo.clone(),
                },
                terminal: TerminalSettings { kiosk: self.kiosk },
                planning,
            },
            errors,
        )
    }
}

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

    /// The sticky bar: unsaved-changes hint, save and discard (with its confirmation).
    fn action_bar_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let dirty = self.has_unsaved_changes();
        let busy = self.pending.is_some() || self.logo_pending.is_some();
        let mut save = false;
        let mut discard = false;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(MAX_WIDTH - 32.0));
                ui.horizontal(|ui| {
                    if self.confirm_discard {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                icons::WARNING,
                                cx.tr("settings-discard-confirm")
                            ))
                            .color(t.warning),
                        );
                    } else if busy {
                        ui.spinner();
                        ui.label(RichText::new(cx.tr("saving")).color(t.muted));
                    } else if dirty {
                        badge_ui(
                            ui,
                            &format!("{} {}", icons::WARNING, cx.tr("settings-unsaved")),
                            t.warning,
                            t.warning_soft,
                        );
                    } else {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                icons::CHECK_CIRCLE,
                                cx.tr("settings-all-saved")
                            ))
                            .color(t.muted),
                        );
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if self.confirm_discard {
                            if secondary_button(ui, &t, &cx.tr("settings-discard-no")).clicked() {
                                self.confirm_discard = false;
                            }
                            if ui
                                .add(
                                    egui::Button::new(
                                        RichText::new(format!(
                                            "{} {}",
                                            icons::ARROW_U_UP_LEFT,
                                            cx.tr("settings-discard-yes")
                                        ))
                                        .color(t.danger),
                                    )
                                    .min_size(Vec2::new(0.0, t.hit)),
                                )
                                .clicked()
                            {
                                discard = true;
                            }
                            return;
                        }
                        let can = dirty && !busy;
                        if ui
                            .add_enabled_ui(can, |ui| {
                                primary_button(
                                    ui,
                                    &t,
                                    &format!("{} {}", icons::FLOPPY_DISK, cx.tr("settings-save")),
                                )
                            })
                            .inner
                            .clicked()
                        {
                            save = true;
                        }
                        if ui
                            .add_enabled_ui(can, |ui| {
                                secondary_button(
                                    ui,
                                    &t,
                                    &format!(
                                        "{} {}",
                                        icons::ARROW_U_UP_LEFT,
                                        cx.tr("settings-discard")
                                    ),
                                )
                            })
                            .inner
                            .clicked()
                        {
                            self.confirm_discard = true;
                        }
                    });
                });
                let lang = cx.lang;
                let mut problems: Vec<String> = Vec::new();
                if let Some(g) = &self.general_error {
                    problems.push(g.clone());
                }
                if !self.errors.is_empty() {
                    problems.push(cx.tr("form-has-errors"));
                    // Errors on fields this screen does not show, so that none is silent.
                    for e in self
                        .errors
                        .0
                        .iter()
                        .filter(|e| !KNOWN_FIELDS.contains(&e.field))
                    {
                        if let Some(m) = field_err(&self.errors, lang, e.field) {
                            problems.push(m);
                        }
                    }
                }
                for p in problems {
                    ui.label(RichText::new(format!("{} {p}", icons::WARNING)).color(t.danger));
                }
            });
        if save {
            self.save(cx);
        }
        if discard {
            self.discard();
        }
    }
}

/// A card with its title (icon + text) and an optional muted hint.
fn card_ui(
    ui: &mut Ui,
    t: &Tokens,
    icon: &str,
    title: &str,
    hint: Option<&str>,
    body: impl FnOnce(&mut Ui),
) {
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(ui, t, &format!("{icon} {title}"));
        if let Some(h) = hint {
            ui.label(RichText::new(h).color(t.muted));
        }
        ui.add_space(6.0);
        body(ui);
    });
}

/// A sub-heading inside a card.
fn subheading_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).strong().color(t.heading));
}

/// A whole-number field with its allowed range under it (or the error in its place).
fn number_field_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    label: &str,
    value: &mut String,
    error: Option<&str>,
    (min, max): (u32, u32),
) {
    // Plain top-down: a column's justified layout would spread a wrapped label.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        text_field_ui(ui, t, label, value, false, error);
        if error.is_none() {
            ui.label(
                RichText::new(lang.tr_args(
                    "settings-range-hint",
                    &[
                        ("min", Arg::from(i64::from(min))),
                        ("max", Arg::from(i64::from(max))),
                    ],
                ))
                .small()
                .color(t.muted),
            );
        }
    });
}

fn org_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
    logo_ui: impl FnOnce(&mut Ui),
) {
    let e = |f: &str| field_err(errors, lang, f);
    let (e_name, e_siret, e_vat, e_pc, e_email) = (
        e("org_name"),
        e("siret"),
        e("vat_number"),
        e("postal_code"),
        e("org_email"),
    );
    let org = &mut form.org;
    card_ui(
        ui,
        t,
        icons::STOREFRONT,
        &lang.tr("settings-org"),
        Some(&lang.tr("settings-org-hint")),
        |ui| {
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        t,
                        &lang.tr("org-name"),
                        &mut org.name,
                        false,
                        e_name.as_deref(),
                    );
                    text_field_ui(
                        b,
                        t,
                        &lang.tr("org-legal-name"),
                        &mut org.legal_name,
                        false,
                        None,
                    );
                }
            });
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        t,
                        &lang.tr("org-siret"),
                        &mut org.siret,
                        false,
                        e_siret.as_deref(),
                    );
                    text_field_ui(
                        b,
                        t,
                        &lang.tr("org-vat"),
                        &mut org.vat_number,
                        false,
                        e_vat.as_deref(),
                    );
                    live::warning_ui(b, t, lang, vat_siren_warning(&org.vat_number, &org.siret));
                }
            });
            text_field_ui(
                ui,
                t,
                &lang.tr("org-address"),
                &mut org.address_line1,
                false,
                None,
            );
            text_field_ui(
                ui,
                t,
                &lang.tr("settings-address-line2"),
                &mut org.address_line2,
                false,
                None,
            );
            ui.columns(3, |c| {
                if let [a, b, d] = c {
                    text_field_ui(
                        a,
                        t,
                        &lang.tr("org-postal-code"),
                        &mut org.postal_code,
                        false,
                        e_pc.as_deref(),
                    );
                    text_field_ui(b, t, &lang.tr("org-city"), &mut org.city, false, None);
                    text_field_ui(
                        d,
                        t,
                        &lang.tr("settings-country"),
                        &mut org.country,
                        false,
                        None,
                    );
                }
            });
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(a, t, &lang.tr("org-phone"), &mut org.phone, false, None);
                    text_field_ui(
                        b,
                        t,
                        &lang.tr("org-email"),
                        &mut org.email,
                        false,
                        e_email.as_deref(),
                    );
                }
            });
            ui.add_space(t.gap * 0.5);
            logo_ui(ui);
        },
    );
}

/// The time zones to offer: the list, and the saved one first when it is not in the list.
fn zone_options(current: &str) -> Vec<(String, Option<&'static str>)> {
    let mut out: Vec<(String, Option<&'static str>)> = Vec::new();
    if !current.is_empty() && !TIME_ZONES.iter().any(|(z, _)| *z == current) {
        out.push((current.to_owned(), None));
    }
    out.extend(TIME_ZONES.iter().map(|(z, k)| ((*z).to_owned(), Some(*k))));
    out
}

fn zone_label(lang: Lang, zone: &str, key: Option<&str>) -> String {
    match key {
        Some(k) => format!("{zone} — {}", lang.tr(k)),
        None => zone.to_owned(),
    }
}

fn locale_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang, form: &mut Form, errors: &FieldErrors) {
    let e_tz = field_err(errors, lang, "timezone");
    let top_down = egui::Layout::top_down(egui::Align::Min);
    let locale = &mut form.locale;
    let timezone = &mut form.timezone;
    card_ui(
        ui,
        t,
        icons::TRANSLATE,
        &lang.tr("settings-locale-tz"),
        None,
        |ui| {
            ui.columns(2, |c| {
                let [a, b] = c else { return };
                // Plain top-down: the columns' justified layout would spread the wrapped hints.
                a.with_layout(top_down, |ui| {
                    ui.label(
                        RichText::new(lang.tr("settings-locale"))
                            .strong()
                            .color(t.text),
                    );
                    ui.horizontal(|ui| {
                        for l in Lang::ALL {
                            ui.selectable_value(&mut *locale, l, l.native_name());
                        }
                    });
                    ui.label(
                        RichText::new(lang.tr("settings-locale-hint"))
                            .small()
                            .color(t.muted),
                    );
                });
                b.with_layout(top_down, |ui| {
                    let label = ui.label(
                        RichText::new(lang.tr("settings-timezone"))
                            .strong()
                            .color(t.text),
                    );
                    let options = zone_options(timezone);
                    let selected = options
                        .iter()
                        .find(|(z, _)| z == timezone)
                        .map_or_else(|| timezone.clone(), |(z, k)| zone_label(lang, z, *k));
                    egui::ComboBox::from_id_salt("settings_timezone")
                        .width(ui.available_width())
                        .height(420.0)
                        .selected_text(selected)
                        .show_ui(ui, |ui| {
                            for (zone, key) in &options {
                                ui.selectable_value(
                                    &mut *timezone,
                                    zone.clone(),
                                    zone_label(lang, zone, *key),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    match e_tz.as_deref() {
                        Some(err) => {
                            ui.label(RichText::new(err).small().color(t.danger));
                        }
                        None => {
                            ui.label(
                                RichText::new(lang.tr("settings-timezone-hint"))
                                    .small()
                                    .color(t.muted),
                            );
                        }
                    }
                });
            });
        },
    );
}

/// An `HH:MM` field named for screen readers and tests ("Lundi, ouverture").
fn time_field_ui(ui: &mut Ui, t: &Tokens, value: &mut String, name: &str, bad: bool) {
    let mut edit = TextEdit::singleline(value)
        .desired_width(84.0)
        .hint_text("HH:MM")
        .min_size(Vec2::new(84.0, t.hit))
        .margin(egui::Margin::symmetric(10, 8));
    if bad {
        edit = edit.background_color(t.danger_soft);
    }
    edit.show(ui).response.response.accessible_name(name);
}

fn hours_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang, form: &mut Form, errors: &FieldErrors) {
    card_ui(
        ui,
        t,
        icons::CLOCK,
        &lang.tr("settings-hours"),
        Some(&lang.tr("settings-hours-hint")),
        |ui| {
            egui::Grid::new("settings_hours_grid")
                .num_columns(5)
                .spacing([16.0, 8.0])
                .min_col_width(0.0)
                .show(ui, |ui| {
                    for key in [
                        "settings-hours-day",
                        "settings-hours-open",
                        "",
                        "settings-hours-close",
                    ] {
                        if key.is_empty() {
                            ui.label("");
                        } else {
                            ui.label(RichText::new(lang.tr(key)).small().color(t.muted));
                        }
                    }
                    ui.label("");
                    ui.end_row();
                    for ((day, key), d) in DAYS.iter().zip(form.days.iter_mut()) {
                        let name = lang.tr(key);
                        let err = field_err(errors, lang, settings::hours_field(*day));
                        ui.add(egui::Checkbox::new(&mut d.open, &name))
                            .on_hover_text(lang.tr("settings-hours-hint"));
                        if d.open {
                            time_field_ui(
                                ui,
                                t,
                                &mut d.from,
                                &lang.tr_args(
                                    "settings-hours-open-field",
                                    &[("day", Arg::from(name.as_str()))],
                                ),
                                err.is_some(),
                            );
                            ui.label(RichText::new("–").color(t.muted));
                            time_field_ui(
                                ui,
                                t,
                                &mut d.to,
                                &lang.tr_args(
                                    "settings-hours-close-field",
                                    &[("day", Arg::from(name.as_str()))],
                                ),
                                err.is_some(),
                            );
                        } else {
                            ui.label(RichText::new(lang.tr("settings-closed")).color(t.muted));
                            ui.label("");
                            ui.label("");
                        }
                        match err {
                            Some(e) => {
                                ui.label(RichText::new(e).small().color(t.danger));
                            }
                            None => {
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
        },
    );
}

fn security_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang, form: &mut Form, errors: &FieldErrors) {
    let e = |f: &str| field_err(errors, lang, f);
    let (e_min, e_threshold, e_window, e_duration, e_idle, e_session) = (
        e("password_min_length"),
        e("lockout_threshold"),
        e("lockout_window_min"),
        e("lockout_duration_min"),
        e("idle_timeout_min"),
        e("session_max_hours"),
    );
    card_ui(
        ui,
        t,
        icons::SHIELD_CHECK,
        &lang.tr("settings-security"),
        None,
        |ui| {
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::KEY, lang.tr("settings-passwords")),
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    number_field_ui(
                        a,
                        t,
                        lang,
                        &lang.tr("settings-password-min"),
                        &mut form.password_min,
                        e_min.as_deref(),
                        (PASSWORD_MIN_LENGTH_RANGE.0, PASSWORD_MIN_LENGTH_RANGE.1),
                    );
                    b.checkbox(&mut form.require_upper, lang.tr("settings-require-upper"));
                    b.checkbox(&mut form.require_lower, lang.tr("settings-require-lower"));
                    b.checkbox(&mut form.require_digit, lang.tr("settings-require-digit"));
                    b.checkbox(&mut form.require_symbol, lang.tr("settings-require-symbol"));
                }
            });
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    icons::INFO,
                    lang.tr("settings-password-note")
                ))
                .small()
                .color(t.muted),
            );
            ui.separator();
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::LOCK, lang.tr("settings-lockout")),
            );
            ui.columns(3, |c| {
                if let [a, b, d] = c {
                    number_field_ui(
                        a,
                        t,
                        lang,
                        &lang.tr("settings-lockout-threshold"),
                        &mut form.lockout_threshold,
                        e_threshold.as_deref(),
                        LOCKOUT_THRESHOLD_RANGE,
                    );
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-lockout-window"),
                        &mut form.lockout_window,
                        e_window.as_deref(),
                        LOCKOUT_MINUTES_RANGE,
                    );
                    number_field_ui(
                        d,
                        t,
                        lang,
                        &lang.tr("settings-lockout-duration"),
                        &mut form.lockout_duration,
                        e_duration.as_deref(),
                        LOCKOUT_MINUTES_RANGE,
                    );
                }
            });
            ui.separator();
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::CLOCK, lang.tr("settings-sessions")),
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    number_field_ui(
                        a,
                        t,
                        lang,
                        &lang.tr("settings-idle-timeout"),
                        &mut form.idle_timeout,
                        e_idle.as_deref(),
                        IDLE_TIMEOUT_RANGE,
                    );
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-session-max"),
                        &mut form.session_hours,
                        e_session.as_deref(),
                        SESSION_HOURS_RANGE,
                    );
                }
            });
            ui.separator();
            subheading_ui(
                ui,
                t,
                &format!("{} {}", icons::USER_CIRCLE, lang.tr("settings-admins")),
            );
            ui.checkbox(&mut form.require_2fa, lang.tr("settings-require-2fa"));
            // Under the checkbox's text.
            let indent = ui.spacing().icon_width + ui.spacing().icon_spacing;
            egui::Frame::new()
                .inner_margin(egui::Margin {
                    left: indent as i8,
                    ..egui::Margin::ZERO
                })
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(lang.tr("settings-require-2fa-hint"))
                            .small()
                            .color(t.muted),
                    );
                });
            ui.checkbox(
                &mut form.admins_password,
                lang.tr("settings-admins-password"),
            );
        },
    );
}

fn update_settings_card_ui(
    ui: &mut Ui,
    t: &Tokens,
    lang: Lang,
    form: &mut Form,
    errors: &FieldErrors,
) {
    let e_repo = field_err(errors, lang, "update_repository");
    card_ui(
        ui,
        t,
        icons::GEAR,
        &lang.tr("settings-updates"),
        Some(&lang.tr("settings-updates-hint")),
        |ui| {
            ui.checkbox(&mut form.update_check, lang.tr("settings-update-check"));
            ui.add_space(6.0);
            ui.label(
                RichText::new(lang.tr("settings-update-channel"))
                    .strong()
                    .color(t.text),
            );
            ui.horizontal(|ui| {
                for c in [Channel::Stable, Channel::Beta] {
                    ui.radio_value(&mut form.update_channel, c, lang.tr(c.label_key()));
                }
            });
            ui.add_space(6.0);
            text_field_ui(
                ui,
                t,
                &lang.tr("settings-update-repo"),
                &mut form.update_repo,
                false,
                e_repo.as_deref(),
            );
        },
    );
}

/// The way to the workflow template editor (admins); true when its button is clicked.
fn templates_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang) -> bool {
    let mut clicked = false;
    card_ui(
        ui,
        t,
        icons::LIST_CHECKS,
        &lang.tr("wf-settings-title"),
        Some(&lang.tr("wf-settings-hint")),
        |ui| {
            clicked = secondary_button(
                ui,
                t,
                &format!("{}  {}", icons::NOTE_PENCIL, lang.tr("wf-settings-open")),
            )
            .clicked();
        },
    );
    clicked
}

fn kiosk_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang, form: &mut Form) {
    card_ui(
        ui,
        t,
        icons::DEVICE_MOBILE,
        &lang.tr("settings-kiosk"),
        Some(&lang.tr("settings-kiosk-hint")),
        |ui| {
            ui.checkbox(&mut form.kiosk, lang.tr("settings-kiosk-enable"));
        },
    );
}

fn planning_card_ui(ui: &mut Ui, t: &Tokens, lang: Lang, form: &mut Form, errors: &FieldErrors) {
    let e = |f: &str| field_err(errors, lang, f);
    let (e_bays, e_cap, e_minutes) = (
        e("bays"),
        e("max_jobs_per_technician_per_day"),
        e("default_job_minutes"),
    );
    card_ui(
        ui,
        t,
        icons::CALENDAR,
        &lang.tr("settings-planning"),
        Some(&lang.tr("settings-planning-hint")),
        |ui| {
            ui.columns(2, |c| {
                if let [a, b] = c {
                    let label = a.label(
                        RichText::new(lang.tr("settings-bays"))
                            .color(t.text)
                            .strong(),
                    );
                    let mut edit = TextEdit::multiline(&mut form.bays)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .margin(egui::Margin::symmetric(10, 8));
                    if e_bays.is_some() {
                        edit = edit.background_color(t.danger_soft);
                    }
                    edit.show(a).response.response.labelled_by(label.id);
                    match &e_bays {
                        Some(msg) => a.label(RichText::new(msg).color(t.danger).small()),
                        None => a.label(
                            RichText::new(lang.tr("settings-bays-hint"))
                                .small()
                                .color(t.muted),
                        ),
                    };
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-max-jobs-per-day"),
                        &mut form.max_jobs_per_day,
                        e_cap.as_deref(),
                        settings::JOBS_PER_DAY_RANGE,
                    );
                    number_field_ui(
                        b,
                        t,
                        lang,
                        &lang.tr("settings-default-job-minutes"),
                        &mut form.default_job_minutes,
                        e_minutes.as_deref(),
                        settings::JOB_MINUTES_RANGE,
                    );
                }
            });
        },
    );
}
