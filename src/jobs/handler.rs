//! Runs one job against the store. Shared by the worker thread and the inline test backend.

use rpma_core::auth::login;
use rpma_core::store::check;
use rpma_core::{CoreError, Store, maintenance, org, setup, users};

use super::{Job, JobEvent, WorkerEnv};

/// First facts the app needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootInfo {
    /// The shop's name, when set up.
    pub shop_name: Option<String>,
    /// Number of accounts (0 → first-run setup).
    pub user_count: i64,
}

/// Figures for the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardData {
    /// The shop.
    pub org: Option<org::Organisation>,
    /// Active accounts per role (admin, supervisor, technician, viewer).
    pub users_by_role: [i64; 4],
    /// Audit entries recorded today (shop time).
    pub audit_today: i64,
    /// Database statistics.
    pub stats: maintenance::DbStats,
}

pub(super) fn handle(store: &mut Store, env: &WorkerEnv, job: Job) -> JobEvent {
    let ev = match job {
        Job::Bootstrap => JobEvent::Bootstrapped(boot(store)),
        Job::Setup { org, admin } => JobEvent::SetupDone(setup::first_run(store, *org, *admin)),
        Job::Login { login, password } => {
            JobEvent::LoggedIn(login::login(store, &login, &password).and_then(|outcome| {
                match outcome {
                    login::LoginOutcome::SignedIn(user) => Ok(user),
                    // The login screen has no second step yet: refuse rather than let the user in
                    // without the TOTP code, the forced password change or the 2FA enrolment.
                    login::LoginOutcome::NeedsTotp(_)
                    | login::LoginOutcome::MustChangePassword(_)
                    | login::LoginOutcome::MustEnrollTotp(_) => Err(CoreError::Refused {
                        key: "err-login-extra-step",
                    }),
                }
            }))
        }
        Job::LoadDashboard => JobEvent::Dashboard(dashboard(store, env)),
        Job::LoadDbStats => JobEvent::DbStats(maintenance::stats(store, env.data_dir.as_deref())),
        Job::RunDbCheck => JobEvent::DbChecked(Box::new(run_check(store))),
        Job::SavePreferences {
            user_id,
            locale,
            theme,
        } => JobEvent::PreferencesSaved(store.write(Some(&user_id), |tx| {
            users::set_preferences(tx, &user_id, locale, theme)
        })),
    };
    if let Some(err) = event_error(&ev) {
        // Logged once here; shown once by the screen.
        match err {
            CoreError::Invalid(_) | CoreError::Forbidden(_) | CoreError::Refused { .. } => {
                tracing::info!("refused: {err}");
            }
            _ => tracing::error!("job failed: {err}"),
        }
    }
    ev
}

fn event_error(ev: &JobEvent) -> Option<&CoreError> {
    match ev {
        JobEvent::Bootstrapped(Err(e))
        | JobEvent::SetupDone(Err(e))
        | JobEvent::LoggedIn(Err(e))
        | JobEvent::Dashboard(Err(e))
        | JobEvent::DbStats(Err(e))
        | JobEvent::PreferencesSaved(Err(e)) => Some(e),
        _ => None,
    }
}

fn boot(store: &Store) -> Result<BootInfo, CoreError> {
    Ok(BootInfo {
        shop_name: org::get(store.conn())?.map(|o| o.name),
        user_count: users::count(store.conn())?,
    })
}

fn dashboard(store: &Store, env: &WorkerEnv) -> Result<DashboardData, CoreError> {
    let conn = store.conn();
    let mut users_by_role = [0i64; 4];
    for (i, role) in ["admin", "supervisor", "technician", "viewer"]
        .iter()
        .enumerate()
    {
        if let Some(slot) = users_by_role.get_mut(i) {
            *slot = conn.query_row(
                "SELECT count(*) FROM users WHERE role = ?1 AND is_active = 1 AND deleted_at IS NULL",
                [role],
                |r| r.get(0),
            )?;
        }
    }
    let day_start = maintenance::start_of_local_day(store.now_ms());
    let audit_today = conn.query_row(
        "SELECT count(*) FROM audit_log WHERE at >= ?1",
        [day_start],
        |r| r.get(0),
    )?;
    Ok(DashboardData {
        org: org::get(conn)?,
        users_by_role,
        audit_today,
        stats: maintenance::stats(store, env.data_dir.as_deref())?,
    })
}

fn run_check(store: &Store) -> check::CheckReport {
    // Checks the live connection (in-memory stores too); the file path is reported when known.
    match check::check_conn(store.conn()) {
        Ok(mut r) => {
            r.path = store.path().map(ToOwned::to_owned).unwrap_or_default();
            r
        }
        Err(e) => check::CheckReport {
            path: store.path().map(ToOwned::to_owned).unwrap_or_default(),
            open_error: Some(e.to_string()),
            schema_level: 0,
            latest_level: rpma_core::store::migrations::LATEST_LEVEL,
            integrity: Vec::new(),
            foreign_keys: Vec::new(),
            audit: None,
        },
    }
}
