//! The application: the session (phase, user, timeouts), the chrome (side bar, status bar,
//! toasts, search palette, kiosk dialog, updates, sync, backups) and the screen registry.
//! `logic()` takes job results and hands each to the screen that asked ([`Registry::deliver`]);
//! `ui()` draws the chrome and the screen on show; commands queued by screens are applied at
//! the end of the frame.

mod nav;

use std::path::PathBuf;
use std::time::Instant;

use egui::{RichText, Ui};
use rpma_core::auth::permissions::Role;
use rpma_core::clock::SharedClock;
use rpma_core::settings::{SecurityPolicy, SessionState};
use rpma_core::users::Theme;
use rpma_core::{Lang, Store, format};

use crate::jobs::{BootInfo, Job, JobClient, JobEvent, RequestId, WorkerEnv};
use crate::route::{self, RouteKind};
use crate::ui::kiosk::{ExitOutcome, KioskExitDialog};
use crate::ui::registry::Registry;
use crate::ui::screens::updates::UpdatePanel;
use crate::ui::search_palette::SearchPalette;
use crate::ui::status_bar::StatusBar;
use crate::ui::theme::{self, Tokens};
use crate::ui::toasts::{Toast, Toasts};
use crate::ui::{Command, Cx, icons};

mod failure;
mod hooks;
mod photo_events;
mod safety;
mod scheduler;
mod shortcuts;
mod sync;
#[cfg(feature = "test-hooks")]
pub use sync::hold_saves_for_tests;

/// Key of the UI preferences in eframe's storage.
const PREFS_KEY: &str = "rpma-ui-prefs";

/// UI preferences kept between runs (window geometry is kept by eframe itself).
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct UiPrefs {
    lang: Lang,
    theme: Theme,
}

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    /// The data folder (shown in the status bar and About).
    pub data_dir: Option<PathBuf>,
    /// The logs folder.
    pub logs_dir: Option<PathBuf>,
    /// Touch-sized theme and kiosk behaviour.
    pub kiosk: bool,
    /// Process start, to log the time to the first painted frame.
    pub started: Option<Instant>,
    /// Exit once the first frame is painted (start-up benchmark).
    pub exit_after_first_frame: bool,
    /// Forced language (else the last one used).
    pub lang: Option<Lang>,
    /// Time source for session timeouts (tests use a manual clock; default: the system's).
    pub clock: Option<SharedClock>,
    /// The saved update settings, when the app should check for an update at start-up (on a
    /// background thread, if the settings ask for it). `None`: no check (tests).
    pub startup_update_check: Option<rpma_core::updates::UpdateSettings>,
    /// Behave as on a terminal without a file-chooser portal nor zenity: "choose a file" says
    /// so and opens the in-app file browser (tests; kiosk mode never uses the system dialog).
    pub no_file_dialog: bool,
    /// Folders the in-app file browser offers besides removable media and the import folder.
    pub browse_places: Vec<PathBuf>,
    /// The database failed the start-up check: the recovery screen opens ([`crate::startup`]).
    pub recovery: Option<rpma_core::safety::DbState>,
    /// Run scheduled backups (the app; off in tests, unless a test turns it on).
    pub backup_schedule: bool,
}

/// Which database backend runs the jobs.
#[derive(Debug)]
pub enum Backend {
    /// The real worker thread (the app).
    Worker(Store, WorkerEnv),
    /// Synchronous, on the UI thread (UI tests only).
    Inline(Store, WorkerEnv),
    /// No store: the database cannot be used (see [`AppConfig::recovery`]).
    Detached(WorkerEnv),
}

/// When the signed-in session started and when the user last did something (UTC ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SessionTimes {
    started_ms: i64,
    last_activity_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Booting,
    BootFailed(String),
    Setup,
    Login,
    SignedIn,
    /// Idle timeout or absolute lifetime reached: the screens and their drafts are kept, only
    /// the same user (password or PIN) gets back in; anyone else starts a fresh session.
    Locked,
    /// The database worker stopped for good (see `failure.rs`): only the fatal card is shown.
    Fatal(String),
    /// No database open: the recovery screen, or the switch to restored data (`safety.rs`).
    Recovery,
}

/// The RPMA application.
pub struct App {
    /// What a screen's context is made of.
    parts: CxParts,
    config: AppConfig,
    theme: Theme,
    phase: Phase,
    boot_req: RequestId,
    policy: SecurityPolicy,
    clock: SharedClock,
    session: Option<SessionTimes>,
    shop_name: Option<String>,
    /// The screen on show (its record: [`App::location`]).
    route: RouteKind,
    history: nav::History,
    screens: Registry,
    toasts: Toasts,
    search: SearchPalette,
    frames: u64,
    /// Settings → Updates (kept across sign-outs: a start-up check's result waits for an admin).
    updates: UpdatePanel,
    /// Kiosk mode: the exit dialog, when open.
    kiosk_exit: Option<KioskExitDialog>,
    /// Kiosk mode: an admin authorised closing the app.
    exit_authorised: bool,
    /// Kiosk mode: close requests refused so far (for tests and the log).
    close_refusals: u32,
    /// Scheduled backups, the backup before exit, the backup alert.
    scheduler: scheduler::Scheduler,
    /// The background sync with the shop's hub.
    sync: sync::SyncRunner,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("phase", &self.phase)
            .field("route", &self.route)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Builds the app inside eframe's creation callback.
    pub fn new(cc: &eframe::CreationContext<'_>, backend: Backend, config: AppConfig) -> Self {
        theme::install_fonts(&cc.egui_ctx);
        let prefs: UiPrefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let lang = config.lang.unwrap_or(prefs.lang);
        let about = crate::ui::screens::about::AboutScreen::new(&config, &backend);
        let mut jobs = match backend {
            Backend::Worker(store, env) => {
                let ctx = cc.egui_ctx.clone();
                match JobClient::spawn(store, env, move || ctx.request_repaint()) {
                    Ok(j) => j,
                    Err(e) => {
                        tracing::error!("cannot start the database worker: {e}");
                        // Without a worker thread the app cannot work; fail loudly.
                        std::process::exit(1);
                    }
                }
            }
            Backend::Inline(store, env) => JobClient::inline(store, env),
            Backend::Detached(env) => JobClient::detached(env),
        };
        let boot = jobs.submit(Job::Bootstrap);
        let tokens = Tokens::for_theme(prefs.theme, config.kiosk);
        tokens.apply(&cc.egui_ctx);
        crate::ui::file_browser::BrowsePolicy::from_config(&config).install(&cc.egui_ctx);
        let mut updates = UpdatePanel::default();
        if let Some(s) = &config.startup_update_check {
            updates.start_startup_check(s, &cc.egui_ctx);
        }
        let screens = Registry::new(about);
        let mut app = Self {
            parts: CxParts {
                jobs,
                commands: Vec::new(),
                tokens,
                lang,
                user: None,
                tz: format::DEFAULT_TZ,
            },
            theme: prefs.theme,
            phase: Phase::Booting,
            boot_req: boot,
            policy: SecurityPolicy::default(),
            clock: config
                .clock
                .clone()
                .unwrap_or_else(rpma_core::clock::system),
            session: None,
            shop_name: None,
            route: RouteKind::Dashboard,
            history: nav::History::default(),
            screens,
            toasts: Toasts::default(),
            search: SearchPalette::default(),
            frames: 0,
            updates,
            kiosk_exit: None,
            exit_authorised: false,
            close_refusals: 0,
            scheduler: scheduler::Scheduler::default(),
            sync: sync::SyncRunner::default(),
            config,
        };
        app.safety_init(&cc.egui_ctx);
        app
    }

    /// A job's reply: the app's own (boot, session policy, the chrome's dialogs) are taken
    /// here; every other goes to the screen that sent the request, wherever the user is now, or
    /// to the sign-in and setup screens when no signed-in screen sent it.
    fn dispatch(&mut self, ctx: &egui::Context, id: RequestId, ev: JobEvent) {
        let from = self.parts.jobs.sender(id);
        let Some(ev) = self.chrome_event(ctx, id, ev) else {
            return;
        };
        let Self { parts, screens, .. } = self;
        let mut cx = parts.cx();
        screens.reply(from, id, ev, &mut cx);
    }

    /// The replies the app itself waits for; the others are handed back.
    fn chrome_event(
        &mut self,
        ctx: &egui::Context,
        id: RequestId,
        ev: JobEvent,
    ) -> Option<JobEvent> {
        if matches!(
            &ev,
            JobEvent::Safety(crate::jobs::safety::SafetyEvent::SettingsSaved(Ok(_)))
        ) {
            // New backup settings: the schedule follows.
            self.scheduler.invalidate();
        }
        let mut cx = self.parts.cx();
        match ev {
            JobEvent::Bootstrapped(r) => {
                if id != self.boot_req {
                    return None;
                }
                let booting = self.phase == Phase::Booting;
                match r {
                    Ok(BootInfo {
                        shop_name,
                        user_count,
                        tz,
                    }) => {
                        self.shop_name = shop_name;
                        self.parts.tz = tz;
                        if booting {
                            self.phase = if user_count == 0 {
                                Phase::Setup
                            } else {
                                Phase::Login
                            };
                        }
                    }
                    Err(e) if booting => {
                        self.phase = Phase::BootFailed(self.parts.lang.error_message(&e));
                    }
                    Err(_) => {}
                }
            }
            JobEvent::SessionPolicy(r) => match r {
                Ok(p) => self.policy = p,
                Err(e) => tracing::warn!("session policy unreadable, defaults kept: {e}"),
            },
            ev @ (JobEvent::KioskExit(_) | JobEvent::KioskExitMethods(_)) => {
                if let Some(d) = &mut self.kiosk_exit {
                    d.on_event(id, ev, &cx);
                }
            }
            ev @ JobEvent::UpdateBlockers(_) => {
                self.updates.on_event(id, ev, &cx, ctx);
            }
            ev @ JobEvent::Search(_) => {
                self.search.on_event(id, ev, &cx);
            }
            JobEvent::Failed => self.job_failed(ctx),
            JobEvent::Refused(e) => {
                let text = cx.error_text(&e);
                cx.toast_err(text);
            }
            JobEvent::WorkerStopped => self.worker_stopped(),
            ev => return Some(ev),
        }
        None
    }

    fn apply_commands(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        for cmd in std::mem::take(&mut self.parts.commands) {
            match cmd {
                Command::Navigate(r) => self.go_to(&r),
                Command::Open(r) => self.open(&r),
                Command::Back => self.back(),
                Command::Forward => self.forward(),
                Command::Toast(t) => self.toasts.add(t, now),
                Command::SignedIn(user) => self.signed_in(ctx, *user),
                Command::UserUpdated(user) => {
                    if let Some(s) = self.parts.user.as_ref() {
                        self.parts.user = Some(s.updated(*user));
                    }
                }
                Command::SignOut => self.sign_out(),
                Command::SetLang(l) => self.parts.lang = l,
                Command::SetTheme(t) => self.set_theme(ctx, t),
                Command::Rebootstrap => self.boot_req = self.parts.jobs.submit(Job::Bootstrap),
                Command::Sync(req) => self.sync_request(req),
            }
        }
    }
}

impl App {
    fn signed_in(&mut self, ctx: &egui::Context, user: rpma_core::Session) {
        let now = self.clock.now_ms();
        let resuming = self.phase == Phase::Locked
            && self.parts.user.as_ref().is_some_and(|u| u.id == user.id);
        // An explicit `--lang` wins over the profile's language for the whole run.
        self.parts.lang = self.config.lang.unwrap_or(user.locale);
        self.set_theme(ctx, user.theme);
        if resuming {
            // Same user: back to the same screen with its drafts. A session past its absolute
            // lifetime starts again from this sign-in.
            let expired = self.session.is_none_or(|s| {
                self.policy.session_state(s.started_ms, now, now) == SessionState::Expired
            });
            self.session = Some(SessionTimes {
                started_ms: if expired {
                    now
                } else {
                    self.session.map_or(now, |s| s.started_ms)
                },
                last_activity_ms: now,
            });
        } else {
            // Someone new: nothing of the previous session is shown.
            self.screens.reset();
            self.parts.user = Some(user.clone());
            self.start_on(self.first_route_for(user.role));
            self.session = Some(SessionTimes {
                started_ms: now,
                last_activity_ms: now,
            });
        }
        self.parts.user = Some(user);
        self.phase = Phase::SignedIn;
        self.parts.jobs.submit(Job::LoadSessionPolicy);
    }

    /// Enforces the idle timeout and the absolute lifetime: locks the screen when one is reached,
    /// otherwise schedules one repaint at the next deadline (so an idle app stays asleep).
    fn session_ui(&mut self, ctx: &egui::Context) {
        if self.phase != Phase::SignedIn {
            return;
        }
        let Some(mut times) = self.session else {
            return;
        };
        let now = self.clock.now_ms();
        let active = ctx.input(|i| {
            i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::PointerMoved(_)
                        | egui::Event::MouseWheel { .. }
                        | egui::Event::Touch { .. }
                )
            })
        });
        if active {
            times.last_activity_ms = now;
            self.session = Some(times);
        }
        match self
            .policy
            .session_state(times.started_ms, times.last_activity_ms, now)
        {
            SessionState::Active => {
                let next = (times.last_activity_ms + self.policy.idle_ms())
                    .min(times.started_ms + self.policy.session_ms());
                let wait = u64::try_from(next.saturating_sub(now)).unwrap_or(0);
                ctx.request_repaint_after(std::time::Duration::from_millis(wait.max(1)));
            }
            state => {
                let Some(user) = self.parts.user.clone() else {
                    return;
                };
                tracing::info!(user = %user.username, ?state, "session locked");
                self.phase = Phase::Locked;
                if self.config.kiosk {
                    self.screens.login.lock_for_kiosk(&user);
                } else {
                    self.screens.login.lock_for(&user);
                }
                let key = if state == SessionState::Expired {
                    "lock-expired"
                } else {
                    "lock-idle"
                };
                let now_s = ctx.input(|i| i.time);
                self.toasts.add(Toast::info(self.parts.lang.tr(key)), now_s);
            }
        }
    }

    /// Kiosk mode: a close request (window manager, Alt+F4) is cancelled and opens the exit
    /// dialog instead; only an admin's password or PIN lets the app close.
    fn kiosk_ui(&mut self, ctx: &egui::Context) {
        if !self.config.kiosk {
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.exit_authorised {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.close_refusals += 1;
            tracing::info!("kiosk mode: close request refused");
            self.kiosk_exit.get_or_insert_with(KioskExitDialog::default);
        }
        let Some(mut dialog) = self.kiosk_exit.take() else {
            return;
        };
        let outcome = {
            let mut cx = self.parts.cx();
            dialog.ui(ctx, &mut cx)
        };
        match outcome {
            ExitOutcome::Open => self.kiosk_exit = Some(dialog),
            ExitOutcome::Cancelled => {}
            ExitOutcome::Authorised => {
                self.exit_authorised = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn first_route_for(&self, role: Role) -> RouteKind {
        route::home(role)
    }

    fn sign_out(&mut self) {
        // Typing on an intervention step that the autosave has not sent yet goes first.
        self.leave_screen();
        self.parts.user = None;
        self.session = None;
        // Every form (and every typed password) is dropped.
        self.screens.reset();
        self.phase = Phase::Login;
        self.route = RouteKind::Dashboard;
        self.history = nav::History::default();
    }

    /// The screen on show is left (sign-out, closing the app): it saves what is pending.
    fn leave_screen(&mut self) {
        let Self {
            parts,
            screens,
            route,
            ..
        } = self;
        let mut cx = parts.cx();
        screens.leave(*route, &mut cx);
    }

    fn set_theme(&mut self, ctx: &egui::Context, theme: Theme) {
        self.theme = theme;
        self.parts.tokens = Tokens::for_theme(theme, self.config.kiosk);
        self.parts.tokens.apply(ctx);
    }

    fn status_bar_ui(&mut self, ui: &mut Ui) {
        let safety = self.safety_status();
        let bar = StatusBar {
            tokens: &self.parts.tokens,
            lang: self.parts.lang,
            user: self.parts.user.as_ref().map(rpma_core::Session::user),
            data_dir: self.config.data_dir.as_deref(),
            kiosk: self.config.kiosk,
            busy: self.parts.jobs.busy(),
            safety: &safety,
        };
        if bar.ui(ui) {
            self.kiosk_exit.get_or_insert_with(KioskExitDialog::default);
        }
    }

    fn central_ui(&mut self, ui: &mut Ui) {
        let t = self.parts.tokens;
        let visit = self.history.visit;
        let margin = egui::Margin::symmetric(28, 20);
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(t.bg).inner_margin(margin))
            .show(ui, |ui| {
                let Self {
                    parts,
                    screens,
                    phase,
                    shop_name,
                    route,
                    updates,
                    ..
                } = self;
                let mut cx = parts.cx();
                match phase {
                    Phase::Booting => {
                        ui.centered_and_justified(Ui::spinner);
                    }
                    Phase::BootFailed(msg) => {
                        ui.label(
                            RichText::new(format!("{} {msg}", icons::WARNING)).color(t.danger),
                        );
                    }
                    Phase::Fatal(msg) => failure::fatal_ui(ui, cx.tokens, cx.lang, msg),
                    Phase::Recovery => screens.recovery.ui(ui, &mut cx),
                    Phase::Setup => screens.setup.ui(ui, &mut cx),
                    Phase::Login | Phase::Locked => {
                        screens.login.ui(ui, &mut cx, shop_name.as_deref());
                    }
                    Phase::SignedIn => {
                        let route = *route;
                        cx.updates = Some(updates);
                        let scrolls = screens.scrolls_itself(route);
                        let mut screen = |ui: &mut Ui| screens.ui(route, ui, &mut cx);
                        // A new id salt on every change of place: the new page starts at the top.
                        ui.push_id(visit, |ui| {
                            if scrolls {
                                screen(ui);
                            } else {
                                // Content taller than the window scrolls (see
                                // Screen::scrolls_itself).
                                egui::ScrollArea::vertical()
                                    .id_salt(("central", route))
                                    .auto_shrink([false, false])
                                    .show(ui, |ui| {
                                        // Room for the scroll bar: cards never run under it.
                                        egui::Frame::new()
                                            .inner_margin(egui::Margin {
                                                right: 14,
                                                ..egui::Margin::ZERO
                                            })
                                            .show(ui, screen);
                                    });
                            }
                        });
                    }
                }
            });
    }
}

/// i18n key of a role's name.
pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "role-admin",
        Role::Supervisor => "role-supervisor",
        Role::Technician => "role-technician",
        Role::Viewer => "role-viewer",
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        for (id, ev) in self.parts.jobs.poll() {
            self.dispatch(ctx, id, ev);
        }
        self.folder_events();
        self.safety_frame(ctx);
        self.sync_frame(ctx);
        if let Some(version) = self.updates.poll() {
            let text = self.parts.lang.tr_args(
                "update-available-toast",
                &[("version", rpma_core::i18n::Arg::from(version.as_str()))],
            );
            self.parts.commands.push(Command::Toast(Toast::info(text)));
        }
        self.apply_commands(ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.kiosk_ui(&ctx);
        self.exit_backup_ui(&ctx);
        self.session_ui(&ctx);
        self.shortcuts(&ctx);
        self.status_bar_ui(ui);
        if self.phase == Phase::SignedIn {
            self.sidebar_ui(ui);
        }
        self.central_ui(ui);
        if self.phase == Phase::SignedIn {
            let Self { parts, search, .. } = self;
            let mut cx = parts.cx();
            search.ui(&ctx, &mut cx);
        } else if self.search.is_open() {
            self.search.close();
        }
        let close = self.parts.lang.tr("close");
        self.toasts.ui(&ctx, &self.parts.tokens, &close);
        // Results queued while drawing are applied now, not a frame later.
        for (id, ev) in self.parts.jobs.poll() {
            self.dispatch(&ctx, id, ev);
        }
        self.apply_commands(&ctx);
        self.frames += 1;
        if self.frames == 1 {
            if let Some(start) = self.config.started {
                tracing::info!(
                    ms = start.elapsed().as_secs_f64() * 1000.0,
                    "first frame ready"
                );
            }
            if self.config.exit_after_first_frame {
                // One more frame: by then the first one has been presented.
                ctx.request_repaint();
            }
        } else if self.frames == 2 && self.config.exit_after_first_frame {
            if let Some(start) = self.config.started {
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                tracing::info!(ms, "first frame painted");
                #[allow(clippy::print_stdout)]
                {
                    println!("first_frame_painted_ms={ms:.1}");
                }
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Closing the window: pending step typing is sent; the worker commits every queued
        // write before the process ends.
        self.leave_screen();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(
            storage,
            PREFS_KEY,
            &UiPrefs {
                lang: self.parts.lang,
                theme: self.theme,
            },
        );
    }
}

/// The app's parts a screen's context borrows ([`Cx`]): the worker, the commands, the theme's
/// tokens, the language, the session and the shop's time zone. Kept together so that making a
/// context borrows this field alone, and the app's other fields (the screens, the route…) stay
/// free beside it.
struct CxParts {
    jobs: JobClient,
    commands: Vec<Command>,
    tokens: Tokens,
    lang: Lang,
    user: Option<rpma_core::Session>,
    tz: format::Tz,
}

impl CxParts {
    /// A screen's context.
    fn cx(&mut self) -> Cx<'_> {
        Cx {
            lang: self.lang,
            tokens: &self.tokens,
            jobs: &mut self.jobs,
            commands: &mut self.commands,
            user: self.user.as_ref(),
            tz: self.tz,
            from: None,
            updates: None,
        }
    }
}
