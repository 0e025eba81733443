//! The UI's only way to ask for database or file work. Every call returns immediately: a job is
//! sent to the worker thread (the one owner of the database connection) and its result comes back
//! as a [`JobEvent`] with the request id, then the UI repaints. Tests use the inline backend,
//! which runs the same handler synchronously.

pub mod atelier;
pub mod calendar;
pub mod crm;
mod debug;
pub mod folder;
mod handler;
mod lifecycle;
pub mod planning;
pub mod safety;
pub mod templates;
mod worker;

use rpma_core::ids::UserId;
use std::collections::VecDeque;
use std::path::PathBuf;

use rpma_core::Session;
use rpma_core::accounts::{LoginRecord, UserUpdate};
use rpma_core::audit::{AuditFilter, AuditRow};
use rpma_core::auth::lockout::LockedAccount;
use rpma_core::auth::login::{ForcedChange, LoginOutcome, PendingEnrolment, TotpChallenge};
use rpma_core::auth::permissions::Role;
use rpma_core::auth::pin::PinUser;
use rpma_core::auth::two_factor::TotpEnrolment;
use rpma_core::settings::{AllSettings, SecurityPolicy};
use rpma_core::store::check::CheckReport;
use rpma_core::users::{NewUser, Theme, User};
use rpma_core::{CoreError, Lang, Store};

pub use handler::BootInfo;
pub use rpma_core::dashboard::ShopFigures as DashboardData;
pub use rpma_core::maintenance::DbStats;

/// Identifies one request; a screen keeps the id it waits for and drops older replies.
pub type RequestId = u64;

/// Work the UI asks for. Its `Debug` (by hand, in `debug.rs`) hides every secret.
#[derive(Clone)]
pub enum Job {
    /// What to show first: is the shop set up, its name.
    Bootstrap,
    /// First-run setup: the shop and the first admin.
    Setup {
        /// The shop.
        org: Box<rpma_core::org::Organisation>,
        /// The first admin account.
        admin: Box<NewUser>,
        /// The shop's logo (PNG from `rpma_core::org::normalize_logo`), if one was chosen.
        logo: Option<Vec<u8>>,
    },
    /// Check credentials (Argon2id verify runs here, never on the UI thread).
    Login {
        /// Username or e-mail.
        login: String,
        /// Password (dropped once verified).
        password: String,
    },
    /// Second step: a TOTP code.
    LoginTotp {
        /// The challenge from the password step.
        challenge: Box<TotpChallenge>,
        /// The 6-digit code.
        code: String,
    },
    /// Second step: a recovery code instead of TOTP.
    LoginRecovery {
        /// The challenge from the password step.
        challenge: Box<TotpChallenge>,
        /// The recovery code.
        code: String,
    },
    /// The new password after an admin reset.
    CompleteForcedChange {
        /// The sign-in that asked for it (the core checks how it was made).
        change: Box<ForcedChange>,
        /// New password.
        new_password: String,
    },
    /// PIN quick-switch.
    LoginPin {
        /// The user chosen on the switch screen.
        user_id: UserId,
        /// The PIN.
        pin: String,
    },
    /// Users who can switch by PIN.
    LoadPinUsers,
    /// The security policy (session timeouts) for the signed-in session.
    LoadSessionPolicy,
    /// The shop figures of the dashboard that `actor` may see.
    LoadDashboard,
    /// Database statistics for the maintenance screen.
    LoadDbStats,
    /// Full integrity check of the database file.
    RunDbCheck,
    /// Save the user's language and theme.
    SavePreferences {
        /// Language.
        locale: Lang,
        /// Theme.
        theme: Theme,
    },
    /// Every account and the current locks (Users screen; admins and supervisors).
    LoadUsers,
    /// Create an account (admin).
    CreateUser {
        /// The account.
        new: Box<NewUser>,
    },
    /// Edit contact details (self or admin).
    UpdateUser {
        /// The account.
        id: UserId,
        /// New details.
        update: UserUpdate,
    },
    /// Change an account's role (admin, never one's own).
    ChangeRole {
        /// The account.
        id: UserId,
        /// New role.
        role: Role,
    },
    /// Deactivate or reactivate an account (admin, never one's own).
    SetActive {
        /// The account.
        id: UserId,
        /// Active or not.
        active: bool,
    },
    /// Reset a password to a temporary one shown once (admin).
    ResetPassword {
        /// The account.
        id: UserId,
    },
    /// Lift the lockout of an account (admin).
    UnlockUser {
        /// The account.
        id: UserId,
    },
    /// Remove an account's two-factor enrolment (admin).
    ResetTotp {
        /// The account.
        id: UserId,
    },
    /// The signed-in user's profile data (recent logins, 2FA state).
    LoadProfile,
    /// Change one's own password.
    ChangePassword {
        /// Current password.
        current: String,
        /// New password.
        new_password: String,
    },
    /// Set one's PIN (the password confirms it).
    SetPin {
        /// Current password.
        current_password: String,
        /// The PIN.
        pin: String,
    },
    /// Remove one's PIN.
    ClearPin,
    /// Start TOTP enrolment (secret + otpauth URI).
    BeginTotp,
    /// Confirm TOTP enrolment with a code; returns the recovery codes once.
    ConfirmTotp {
        /// The code from the authenticator app.
        code: String,
    },
    /// Start the enrolment the policy requires before this admin may act (from the sign-in).
    BeginEnrolment {
        /// The sign-in waiting for it.
        pending: Box<PendingEnrolment>,
    },
    /// Confirm the required enrolment: the session starts, the recovery codes are shown once.
    ConfirmEnrolment {
        /// The sign-in waiting for it.
        pending: Box<PendingEnrolment>,
        /// The code from the authenticator app.
        code: String,
    },
    /// Turn two-factor off (the password confirms it).
    DisableTotp {
        /// Current password.
        current_password: String,
    },
    /// Everything the Settings screen edits.
    LoadSettings,
    /// Save the Settings screen's draft (one transaction).
    SaveSettings {
        /// The draft.
        draft: Box<AllSettings>,
    },
    /// The shop's logo (Settings screen).
    LoadLogo,
    /// Set or remove the shop's logo (admins).
    SetLogo {
        /// The new logo (PNG from `rpma_core::org::normalize_logo`), or none to remove it.
        png: Option<Vec<u8>>,
    },
    /// How the kiosk exit dialog may ask who is leaving (the policy decides about the PIN).
    KioskExitMethods,
    /// May this admin leave kiosk mode (password or PIN checked in the core)?
    AuthorizeKioskExit {
        /// Username, e-mail or account id.
        login: String,
        /// Password or PIN (dropped once checked).
        secret: rpma_core::kiosk::ExitSecret,
        /// The authenticator code, once the core asked for it.
        totp_code: Option<String>,
    },
    /// What stops an update now (unsaved work).
    UpdateBlockers,
    /// A page of the audit log.
    LoadAudit {
        /// Filter and page.
        filter: AuditFilter,
    },
    /// Instant search (Ctrl+K): clients, vehicles and jobs the user may see.
    Search {
        /// The text typed.
        query: String,
    },
    /// Clients, vehicles, trash, zone catalogue.
    Crm(crm::CrmJob),
    /// Jobs list, job detail, creation wizard.
    Planning(planning::PlanningJob),
    /// Calendar, My day, dashboard planning figures.
    Calendar(calendar::CalendarJob),
    /// Atelier board and guided interventions.
    Atelier(atelier::AtelierJob),
    /// Workflow template editor.
    Templates(templates::TemplatesJob),
    /// Backup settings, WAL checkpoint, VACUUM.
    Safety(safety::SafetyJob),
    /// Test hook (feature `test-hooks`, never in a shipped binary): writes a row inside a
    /// transaction, then panics.
    #[cfg(feature = "test-hooks")]
    TestPanic,
}

/// The Users screen's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersData {
    /// Every account.
    pub users: Vec<User>,
    /// Locks in force.
    pub locks: Vec<LockedAccount>,
}

/// The Profile screen's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileData {
    /// The account.
    pub user: User,
    /// Latest sign-ins.
    pub logins: Vec<LoginRecord>,
    /// Unused recovery codes.
    pub recovery_codes_left: u32,
}

/// One page of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    /// Entries, newest first.
    pub rows: Vec<AuditRow>,
    /// Entries matching the filter in all.
    pub total: i64,
    /// Display names of the users, by id.
    pub user_names: Vec<(String, String)>,
    /// Names of the records the entries are about (for their sentences).
    pub names: rpma_core::audit_say::Names,
}

/// Results, one per [`Job`]. Its `Debug` (by hand) hides temporary passwords and recovery
/// codes.
pub enum JobEvent {
    /// Reply to [`Job::Bootstrap`].
    Bootstrapped(Result<BootInfo, CoreError>),
    /// Reply to [`Job::Setup`].
    SetupDone(Result<Session, CoreError>),
    /// Reply to every sign-in step ([`Job::Login`], TOTP, recovery, forced change, PIN).
    LoginStep(Result<LoginOutcome, CoreError>),
    /// Reply to [`Job::LoadPinUsers`].
    PinUsers(Result<Vec<PinUser>, CoreError>),
    /// Reply to [`Job::LoadSessionPolicy`].
    SessionPolicy(Result<SecurityPolicy, CoreError>),
    /// Reply to [`Job::LoadDashboard`].
    Dashboard(Result<DashboardData, CoreError>),
    /// Reply to [`Job::LoadDbStats`].
    DbStats(Result<DbStats, CoreError>),
    /// Reply to [`Job::RunDbCheck`].
    DbChecked(Box<CheckReport>),
    /// Reply to [`Job::SavePreferences`].
    PreferencesSaved(Result<User, CoreError>),
    /// Reply to [`Job::LoadUsers`].
    Users(Result<UsersData, CoreError>),
    /// Reply to the account administration jobs (create, update, role, active, unlock, 2FA reset).
    UserSaved(Result<User, CoreError>),
    /// Reply to [`Job::ResetPassword`]: the account and its temporary password (shown once).
    PasswordReset(Result<(User, String), CoreError>),
    /// Reply to [`Job::LoadProfile`].
    Profile(Result<ProfileData, CoreError>),
    /// Reply to the profile's security jobs (password, PIN, 2FA off).
    ProfileSaved(Result<User, CoreError>),
    /// Reply to [`Job::BeginTotp`].
    TotpBegun(Result<TotpEnrolment, CoreError>),
    /// Reply to [`Job::ConfirmTotp`]: the recovery codes, shown once.
    TotpConfirmed(Result<Vec<String>, CoreError>),
    /// Reply to [`Job::ConfirmEnrolment`]: the session that starts and the recovery codes.
    EnrolmentConfirmed(Result<(Box<Session>, Vec<String>), CoreError>),
    /// Reply to [`Job::LoadSettings`] and [`Job::SaveSettings`].
    Settings(Result<AllSettings, CoreError>),
    /// Reply to [`Job::SaveSettings`].
    SettingsSaved(Result<AllSettings, CoreError>),
    /// Reply to [`Job::LoadAudit`].
    Audit(Result<AuditPage, CoreError>),
    /// Reply to [`Job::LoadLogo`]: the PNG, decoded here for the preview, if a logo is set.
    Logo(Result<Option<crate::ui::file_pick::PickedImage>, CoreError>),
    /// Reply to [`Job::SetLogo`].
    LogoSaved(Result<(), CoreError>),
    /// Reply to [`Job::KioskExitMethods`].
    KioskExitMethods(Result<rpma_core::kiosk::ExitMethods, CoreError>),
    /// Reply to [`Job::AuthorizeKioskExit`]: the admin who let the app close.
    KioskExit(Result<User, CoreError>),
    /// Reply to [`Job::UpdateBlockers`].
    UpdateBlockers(Result<Vec<rpma_core::updates::UpdateBlocker>, CoreError>),
    /// Reply to [`Job::Search`]: the query it answers and its results.
    Search(Result<(String, rpma_core::search::SearchResults), CoreError>),
    /// Reply to a [`Job::Crm`].
    Crm(crm::CrmEvent),
    /// Reply to a [`Job::Planning`].
    Planning(planning::PlanningEvent),
    /// Reply to a [`Job::Calendar`].
    Calendar(calendar::CalendarEvent),
    /// Reply to a [`Job::Atelier`].
    Atelier(atelier::AtelierEvent),
    /// Reply to a [`Job::Templates`].
    Templates(templates::TemplatesEvent),
    /// Reply to a [`Job::Safety`].
    Safety(safety::SafetyEvent),
    /// Reply to any job whose handler panicked: nothing it started was saved (its transaction
    /// rolled back). The app says so in a toast; the worker goes on with the next job.
    Failed,
    /// Reply to a job that needs a signed-in session and was sent without one (no screen does):
    /// nothing was done.
    Refused(CoreError),
    /// The database worker panicked too often and stopped for good (request id 0): the app shows
    /// its fatal screen.
    WorkerStopped,
}

/// What the handler knows besides the store.
#[derive(Debug, Clone, Default)]
pub struct WorkerEnv {
    /// The data folder (for statistics and messages).
    pub data_dir: Option<PathBuf>,
    /// The session the job was asked for (none before sign-in): every read that needs no
    /// particular permission still needs it ([`WorkerEnv::reader`]).
    pub session: Option<Session>,
}

impl WorkerEnv {
    /// The session that asked, or a refusal (a job sent before sign-in).
    pub fn session(&self) -> Result<&Session, CoreError> {
        self.session.as_ref().ok_or(CoreError::Refused {
            key: "err-forbidden",
        })
    }

    /// Read access for the session that asked: the core checks it is still a signed-in,
    /// active account.
    pub fn reader<'s>(
        &self,
        store: &'s Store,
    ) -> Result<&'s rpma_core::store::Connection, CoreError> {
        store.read_as(self.session()?)
    }

    /// This environment for one job asked by `session`.
    fn for_job(&self, session: Option<Box<Session>>) -> Self {
        Self {
            data_dir: self.data_dir.clone(),
            session: session.map(|s| *s),
        }
    }
}

enum Backend {
    Worker(worker::WorkerHandle),
    Inline {
        store: Box<Store>,
        env: WorkerEnv,
        done: VecDeque<(RequestId, JobEvent)>,
    },
    /// No store (the recovery screen, or a restore swapping the data folder): jobs get no answer.
    Detached,
}

/// The UI side of the job channel.
pub struct JobClient {
    next_id: RequestId,
    // Declared (so dropped) before the worker: the photo thread holds a sender to the worker,
    // which runs until every sender is gone.
    photos: Option<crate::photo_import::PhotoService>,
    backend: Backend,
    /// Background tasks (backups, restores, statistics): never on the worker.
    tasks: crate::tasks::TaskRunner<crate::tasks::backup::TaskOutput>,
    /// The data folder, its lock, and how to start a worker again (after a restore).
    env: WorkerEnv,
    /// The data folder's lock, when this process took it (the app; tests run without): kept as
    /// long as the store is open, handed over to a restore's swap.
    lock: Option<std::sync::Arc<rpma_core::datadir::DataDir>>,
    repaint: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
    fault: std::sync::Arc<std::sync::atomic::AtomicU8>,
    /// The screen that sent each request still unanswered, when a screen did: its reply goes
    /// back to it ([`crate::ui::registry::Registry::deliver`]).
    senders: std::collections::HashMap<RequestId, crate::route::RouteKind>,
}

impl std::fmt::Debug for JobClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobClient")
            .field("next_id", &self.next_id)
            .finish()
    }
}

impl JobClient {
    /// Starts the database worker thread, which owns `store` from now on. `repaint` is called
    /// after each result is queued (egui's `request_repaint`).
    pub fn spawn(
        store: Store,
        env: WorkerEnv,
        repaint: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let repaint: std::sync::Arc<dyn Fn() + Send + Sync> = std::sync::Arc::new(repaint);
        let mut client = Self::detached(env);
        client.repaint = Some(std::sync::Arc::clone(&repaint));
        client.tasks.set_repaint(repaint);
        client.attach(store)?;
        Ok(client)
    }

    /// Runs jobs synchronously on the calling thread; for deterministic UI tests.
    pub fn inline(store: Store, env: WorkerEnv) -> Self {
        let mut client = Self::detached(env);
        client.tasks = crate::tasks::TaskRunner::inline(std::sync::Arc::new(|| {}));
        if let Err(e) = client.attach(store) {
            tracing::error!("cannot attach the store: {e}");
        }
        client
    }

    /// A client with no store (the recovery screen): jobs get no answer; tasks run on threads.
    pub fn detached(env: WorkerEnv) -> Self {
        Self {
            next_id: 1,
            photos: None,
            backend: Backend::Detached,
            tasks: crate::tasks::TaskRunner::new(std::sync::Arc::new(|| {})),
            env,
            lock: None,
            repaint: None,
            fault: std::sync::Arc::default(),
            senders: std::collections::HashMap::new(),
        }
    }

    /// The photo thread (none without a data folder).
    pub fn photos(&mut self) -> Option<&mut crate::photo_import::PhotoService> {
        self.photos.as_mut()
    }

    /// Scans the watched photo folder now, on this thread (the inline test backend: the photo
    /// thread of the real app scans on its own every [`crate::photo_import::WATCH_EVERY`]).
    pub fn scan_import_folder(&mut self) {
        if let (Some(p), Backend::Inline { store, .. }) = (&mut self.photos, &mut self.backend) {
            p.scan_now(&mut folder::InlineFolderDb(store));
        }
    }

    /// Sends a job; returns at once with its id.
    pub fn submit(&mut self, job: Job) -> RequestId {
        self.submit_as(None, job)
    }

    /// Sends a job asked by `session` (the screens' way: [`crate::ui::Cx::submit`]).
    pub fn submit_as(&mut self, session: Option<&Session>, job: Job) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        let session = session.cloned().map(Box::new);
        match &mut self.backend {
            Backend::Worker(w) => w.send(id, session, job),
            Backend::Inline { store, env, done } => {
                let ev = handler::handle(store, &env.for_job(session), job);
                done.push_back((id, ev));
            }
            Backend::Detached => tracing::warn!("no database open; job {id} dropped"),
        }
        id
    }

    /// Sends a job for the screen `from` (none: the app's chrome or a screen outside the
    /// signed-in app), asked by `session`; its reply will say who sent it ([`Self::sender`]).
    pub fn submit_from(
        &mut self,
        from: Option<crate::route::RouteKind>,
        session: Option<&Session>,
        job: Job,
    ) -> RequestId {
        let id = self.submit_as(session, job);
        if let Some(from) = from {
            self.senders.insert(id, from);
        }
        id
    }

    /// The screen that sent request `id`, if a screen did (forgotten once asked: one reply per
    /// request).
    pub fn sender(&mut self, id: RequestId) -> Option<crate::route::RouteKind> {
        self.senders.remove(&id)
    }

    /// Results that arrived since the last call.
    pub fn poll(&mut self) -> Vec<(RequestId, JobEvent)> {
        match &mut self.backend {
            Backend::Worker(w) => w.drain(),
            Backend::Inline { done, .. } => done.drain(..).collect(),
            Backend::Detached => Vec::new(),
        }
    }

    /// True when jobs are still running (the worker has not answered them all).
    pub fn busy(&self) -> bool {
        match &self.backend {
            Backend::Worker(w) => w.in_flight() > 0,
            Backend::Inline { .. } | Backend::Detached => false,
        }
    }
}
