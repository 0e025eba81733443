//! The UI's only way to ask for database or file work. Every call returns immediately: a job is
//! sent to the worker thread (the one owner of the database connection) and its result comes back
//! as a [`JobEvent`] with the request id, then the UI repaints. Tests use the inline backend,
//! which runs the same handler synchronously.

mod handler;
mod worker;

use std::collections::VecDeque;
use std::path::PathBuf;

use rpma_core::store::check::CheckReport;
use rpma_core::users::{NewUser, Theme, User};
use rpma_core::{CoreError, Lang, Store};

pub use handler::{BootInfo, DashboardData};
pub use rpma_core::maintenance::DbStats;

/// Identifies one request; a screen keeps the id it waits for and drops older replies.
pub type RequestId = u64;

/// Work the UI asks for.
#[derive(Debug, Clone)]
pub enum Job {
    /// What to show first: is the shop set up, its name.
    Bootstrap,
    /// First-run setup: the shop and the first admin.
    Setup {
        /// The shop.
        org: Box<rpma_core::org::Organisation>,
        /// The first admin account.
        admin: Box<NewUser>,
    },
    /// Check credentials (Argon2id verify runs here, never on the UI thread).
    Login {
        /// Username or e-mail.
        login: String,
        /// Password (dropped once verified).
        password: String,
    },
    /// Figures for the dashboard.
    LoadDashboard,
    /// Database statistics for the maintenance screen.
    LoadDbStats,
    /// Full integrity check of the database file.
    RunDbCheck,
    /// Save the user's language and theme.
    SavePreferences {
        /// The user.
        user_id: String,
        /// Language.
        locale: Lang,
        /// Theme.
        theme: Theme,
    },
}

/// Results, one per [`Job`].
#[derive(Debug)]
pub enum JobEvent {
    /// Reply to [`Job::Bootstrap`].
    Bootstrapped(Result<BootInfo, CoreError>),
    /// Reply to [`Job::Setup`].
    SetupDone(Result<User, CoreError>),
    /// Reply to [`Job::Login`].
    LoggedIn(Result<User, CoreError>),
    /// Reply to [`Job::LoadDashboard`].
    Dashboard(Result<DashboardData, CoreError>),
    /// Reply to [`Job::LoadDbStats`].
    DbStats(Result<DbStats, CoreError>),
    /// Reply to [`Job::RunDbCheck`].
    DbChecked(Box<CheckReport>),
    /// Reply to [`Job::SavePreferences`].
    PreferencesSaved(Result<User, CoreError>),
}

/// What the handler knows besides the store.
#[derive(Debug, Clone, Default)]
pub struct WorkerEnv {
    /// The data folder (for statistics and messages).
    pub data_dir: Option<PathBuf>,
}

enum Backend {
    Worker(worker::WorkerHandle),
    Inline {
        store: Box<Store>,
        env: WorkerEnv,
        done: VecDeque<(RequestId, JobEvent)>,
    },
}

/// The UI side of the job channel.
pub struct JobClient {
    next_id: RequestId,
    backend: Backend,
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
        repaint: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        Ok(Self {
            next_id: 1,
            backend: Backend::Worker(worker::spawn(store, env, Box::new(repaint))?),
        })
    }

    /// Runs jobs synchronously on the calling thread; for deterministic UI tests.
    pub fn inline(store: Store, env: WorkerEnv) -> Self {
        Self {
            next_id: 1,
            backend: Backend::Inline {
                store: Box::new(store),
                env,
                done: VecDeque::new(),
            },
        }
    }

    /// Sends a job; returns at once with its id.
    pub fn submit(&mut self, job: Job) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        match &mut self.backend {
            Backend::Worker(w) => w.send(id, job),
            Backend::Inline { store, env, done } => {
                let ev = handler::handle(store, env, job);
                done.push_back((id, ev));
            }
        }
        id
    }

    /// Results that arrived since the last call.
    pub fn poll(&mut self) -> Vec<(RequestId, JobEvent)> {
        match &mut self.backend {
            Backend::Worker(w) => w.drain(),
            Backend::Inline { done, .. } => done.drain(..).collect(),
        }
    }

    /// True when jobs are still running (the worker has not answered them all).
    pub fn busy(&self) -> bool {
        match &self.backend {
            Backend::Worker(w) => w.in_flight() > 0,
            Backend::Inline { .. } => false,
        }
    }
}
