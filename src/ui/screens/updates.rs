//! Settings → Updates: the current version, the latest release on the configured channel with
//! its notes, "Check now", "Install" with a progress bar. Checks and installs run on their own
//! named thread (`rpma-update`); the blockers check (unsaved work) runs on the database worker
//! first. The panel lives in the app (not in the Settings screen) so that the start-up check's
//! result is kept until the admin opens it.

use egui::{RichText, Ui};
use rpma_core::i18n::Arg;
use rpma_core::updates::UpdateSettings;

use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::theme::Tokens;
use crate::ui::widgets::{badge_ui, primary_button, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};
use crate::update::{self, Available, Source, UpdateError, UpdateEvent, UpdateTask};

/// What runs in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Running {
    Check,
    /// The start-up check: its result is announced with a toast.
    StartupCheck,
    Install,
}

/// Result of the last check.
#[derive(Debug)]
enum Status {
    /// Never checked in this run.
    Unknown,
    /// Up to date.
    UpToDate,
    /// A release to install.
    Found(Available),
    /// The check failed.
    Failed(UpdateError),
}

/// Why the last install did not happen.
#[derive(Debug)]
enum InstallError {
    /// The updater refused or failed (signature, network, files).
    Update(UpdateError),
    /// Something else, already in the user's language (blockers, worker error).
    Text(String),
}

/// The translated message and the technical detail of an update error, wrapped in the card.
fn error_block_ui(ui: &mut Ui, cx: &Cx<'_>, t: &Tokens, e: &UpdateError) {
    ui.add(
        egui::Label::new(
            RichText::new(format!("{} {}", icons::WARNING, cx.tr(e.message_key()))).color(t.danger),
        )
        .wrap(),
    );
    let detail = e.detail();
    if !detail.is_empty() {
        ui.add(
            egui::Label::new(
                RichText::new(cx.tr_args("update-detail", &[("detail", Arg::from(detail))]))
                    .small()
                    .color(t.muted),
            )
            .wrap(),
        );
    }
}

/// The update panel's state.
#[derive(Debug)]
pub struct UpdatePanel {
    running: Option<(Running, UpdateTask)>,
    status: Status,
    /// The blockers check sent before an install, with what to install.
    blockers: Option<(RequestId, Source, Available)>,
    install_error: Option<InstallError>,
    installed: Option<String>,
}

impl Default for UpdatePanel {
    fn default() -> Self {
        Self {
            running: None,
            status: Status::Unknown,
            blockers: None,
            install_error: None,
            installed: None,
        }
    }
}

fn repaint_fn(ctx: &egui::Context) -> impl Fn() + Send + 'static {
    let ctx = ctx.clone();
    move || ctx.request_repaint()
}

impl UpdatePanel {
    /// Starts a check in the background (nothing happens while one already runs).
    pub fn start_check(&mut self, source: Source, ctx: &egui::Context) {
        self.spawn_check(source, ctx, Running::Check);
    }

    fn spawn_check(&mut self, source: Source, ctx: &egui::Context, kind: Running) {
        if self.running.is_some() {
            return;
        }
        match update::spawn_check(source, repaint_fn(ctx)) {
            Ok(task) => self.running = Some((kind, task)),
            Err(e) => self.status = Status::Failed(UpdateError::Other(e.to_string())),
        }
    }

    /// The start-up check: quiet on failure (offline shops are normal), a toast when a release
    /// is found.
    pub fn start_startup_check(&mut self, settings: &UpdateSettings, ctx: &egui::Context) {
        if !settings.check_at_startup {
            return;
        }
        let Some(source) = Source::from_settings(settings) else {
            tracing::warn!(repo = %settings.repository, "update repository invalid; no check");
            return;
        };
        self.spawn_check(source, ctx, Running::StartupCheck);
    }

    /// True while a check or an install runs.
    pub fn busy(&self) -> bool {
        self.running.is_some() || self.blockers.is_some()
    }

    /// Takes background results; returns the version to announce once, if a check found one.
    pub fn poll(&mut self) -> Option<String> {
        let (kind, task) = self.running.as_ref()?;
        let kind = *kind;
        let ev = task.poll()?;
        self.running = None;
        match ev {
            UpdateEvent::Checked(Ok(Some(a))) => {
                tracing::info!(version = %a.version, "update available");
                let announce = (kind == Running::StartupCheck).then(|| a.version.clone());
                self.status = Status::Found(a);
                return announce;
            }
            UpdateEvent::Checked(Ok(None)) => self.status = Status::UpToDate,
            UpdateEvent::Checked(Err(e)) => {
                tracing::warn!("update check failed: {e}");
                self.status = Status::Failed(e);
            }
            UpdateEvent::Applied(Ok(v)) => {
                tracing::info!(version = %v, "update installed");
                self.installed = Some(v);
                self.install_error = None;
            }
            UpdateEvent::Applied(Err(e)) => {
                tracing::warn!("update refused or failed: {e}");
                self.install_error = Some(InstallError::Update(e));
            }
        }
        None
    }

    /// Takes the blockers reply: installs when nothing blocks.
    pub fn on_event(
        &mut self,
        id: RequestId,
        ev: JobEvent,
        cx: &Cx<'_>,
        ctx: &egui::Context,
    ) -> Option<JobEvent> {
        match ev {
            JobEvent::UpdateBlockers(r) => {
                let (wanted, source, available) = self.blockers.take()?;
                if wanted != id {
                    self.blockers = Some((wanted, source, available));
                    return None;
                }
                match r {
                    Ok(list) if list.is_empty() => {
                        match update::spawn_apply(source, available, repaint_fn(ctx)) {
                            Ok(task) => self.running = Some((Running::Install, task)),
                            Err(e) => self.install_error = Some(InstallError::Text(e.to_string())),
                        }
                    }
                    Ok(list) => {
                        let reasons: Vec<String> = list
                            .iter()
                            .map(|b| format!("{} {}", cx.tr(b.key), b.detail))
                            .collect();
                        self.install_error = Some(InstallError::Text(format!(
                            "{}\n{}",
                            cx.tr("err-update-blocked"),
                            reasons.join("\n")
                        )));
                    }
                    Err(e) => self.install_error = Some(InstallError::Text(cx.error_text(&e))),
                }
                None
            }
            other => Some(other),
        }
    }

    /// Draws the panel. `settings`: the saved update settings (not the draft being edited).
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, settings: &UpdateSettings) {
        let t = *cx.tokens;
        let ctx = ui.ctx().clone();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(ui, &t, &cx.tr("update-title"));
            ui.add_space(6.0);
            egui::Grid::new("update_versions_grid")
                .num_columns(2)
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    ui.label(RichText::new(cx.tr("update-current")).color(t.muted));
                    ui.label(
                        RichText::new(update::CURRENT_VERSION)
                            .strong()
                            .color(t.heading),
                    );
                    ui.end_row();
                    ui.label(RichText::new(cx.tr("update-latest")).color(t.muted));
                    self.latest_ui(ui, cx, &t);
                    ui.end_row();
                    ui.label(RichText::new(cx.tr("update-source")).color(t.muted));
                    ui.label(
                        RichText::new(format!(
                            "{} · {}",
                            settings.repository,
                            cx.tr(settings.channel.label_key())
                        ))
                        .color(t.text),
                    );
                    ui.end_row();
                });
            ui.add_space(8.0);
            if let Status::Failed(e) = &self.status {
                error_block_ui(ui, cx, &t, e);
                ui.add_space(8.0);
            }
            if let Status::Found(a) = &self.status {
                ui.label(RichText::new(cx.tr("update-notes")).strong().color(t.text));
                let notes = a
                    .notes
                    .as_deref()
                    .filter(|n| !n.trim().is_empty())
                    .map_or_else(|| cx.tr("update-no-notes"), |n| n.trim().to_owned());
                egui::ScrollArea::vertical()
                    .id_salt("update_notes_scroll")
                    .max_height(160.0)
                    .show(ui, |ui| {
                        ui.label(RichText::new(notes).color(t.text));
                    });
                ui.add_space(8.0);
            }
            if let Some((Running::Install, task)) = &self.running {
                let bar = match task.progress.fraction() {
                    Some(f) => egui::ProgressBar::new(f).show_percentage(),
                    None => egui::ProgressBar::new(0.0).animate(true),
                };
                ui.add(bar.text(cx.tr("update-downloading")));
                ui.add_space(6.0);
            }
            if let Some(v) = &self.installed {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::CHECK_CIRCLE,
                        cx.tr_args("update-installed", &[("version", Arg::from(v.as_str()))])
                    ))
                    .color(t.success),
                );
            }
            match &self.install_error {
                Some(InstallError::Update(e)) => error_block_ui(ui, cx, &t, e),
                Some(InstallError::Text(e)) => {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger),
                        )
                        .wrap(),
                    );
                }
                None => {}
            }
            if self.install_error.is_some() {
                ui.label(
                    RichText::new(format!("{} {}", icons::SHIELD_CHECK, cx.tr("update-kept")))
                        .color(t.text),
                );
                ui.add_space(6.0);
            }
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let busy = self.busy();
                let check = ui
                    .add_enabled_ui(!busy, |ui| {
                        secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::ARROW_CLOCKWISE, cx.tr("update-check")),
                        )
                    })
                    .inner
                    .clicked();
                if check {
                    match Source::from_settings(settings) {
                        Some(source) => self.start_check(source, &ctx),
                        None => self.status = Status::Failed(UpdateError::BadRepository),
                    }
                }
                let found = match &self.status {
                    Status::Found(a) if self.installed.is_none() => Some(a.clone()),
                    _ => None,
                };
                if let Some(a) = found {
                    let label = cx.tr_args(
                        "update-install",
                        &[("version", Arg::from(a.version.as_str()))],
                    );
                    let install = ui
                        .add_enabled_ui(!busy, |ui| {
                            primary_button(ui, &t, &format!("{} {label}", icons::CHECK))
                        })
                        .inner
                        .clicked();
                    if install && let Some(source) = Source::from_settings(settings) {
                        self.install_error = None;
                        let id = cx.submit(Job::UpdateBlockers);
                        self.blockers = Some((id, source, a));
                    }
                }
                if busy {
                    ui.spinner();
                }
            });
        });
    }

    fn latest_ui(&self, ui: &mut Ui, cx: &Cx<'_>, t: &Tokens) {
        match (&self.running, &self.status) {
            (Some((Running::Check | Running::StartupCheck, _)), _) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(RichText::new(cx.tr("update-checking")).color(t.muted));
                });
            }
            (_, Status::Unknown) => {
                ui.label(RichText::new(cx.tr("update-not-checked")).color(t.muted));
            }
            (_, Status::UpToDate) => {
                badge_ui(ui, &cx.tr("update-up-to-date"), t.success, t.success_soft);
            }
            (_, Status::Found(a)) => {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&a.version).strong().color(t.heading));
                    badge_ui(
                        ui,
                        &cx.tr("update-available"),
                        t.accent_hover,
                        t.accent_soft,
                    );
                    if !a.date.is_empty() {
                        ui.label(RichText::new(a.date.get(..10).unwrap_or(&a.date)).color(t.muted));
                    }
                });
            }
            (_, Status::Failed(_)) => {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::WARNING,
                        cx.tr("update-check-failed")
                    ))
                    .color(t.danger),
                );
            }
        }
    }
}
