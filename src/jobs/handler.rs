//! Runs one job against the store. Shared by the worker thread and the inline test backend.

use rpma_core::Session;
use rpma_core::audit::{self, AuditFilter};
use rpma_core::auth::{lockout, login, pin, two_factor};
use rpma_core::store::check;
use rpma_core::{CoreError, Store, accounts, maintenance, org, settings, setup, users};

use super::{AuditPage, Job, JobEvent, ProfileData, UsersData, WorkerEnv};

/// First facts the app needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootInfo {
    /// The shop's name, when set up.
    pub shop_name: Option<String>,
    /// Number of accounts (0 → first-run setup).
    pub user_count: i64,
    /// The shop's time zone (dates are shown in it).
    pub tz: rpma_core::format::Tz,
}

/// Hits of each kind the instant search returns.
pub const SEARCH_PER_KIND: usize = 6;

pub(super) fn handle(store: &mut Store, env: &WorkerEnv, job: Job) -> JobEvent {
    let ev = match job {
        Job::Bootstrap => JobEvent::Bootstrapped(boot(store)),
        Job::Setup { org, admin, logo } => {
            JobEvent::SetupDone(setup::first_run(store, *org, *admin, logo))
        }
        Job::Login { login, password } => {
            JobEvent::LoginStep(login::login(store, &login, &password))
        }
        Job::LoginTotp { challenge, code } => {
            JobEvent::LoginStep(login::login_totp(store, &challenge, &code))
        }
        Job::LoginRecovery { challenge, code } => {
            JobEvent::LoginStep(login::login_recovery(store, &challenge, &code))
        }
        Job::CompleteForcedChange {
            change,
            new_password,
        } => JobEvent::LoginStep(login::complete_forced_change(store, &change, &new_password)),
        Job::LoginPin { user_id, pin } => {
            JobEvent::LoginStep(pin::login_pin(store, &user_id, &pin))
        }
        Job::LoadPinUsers => JobEvent::PinUsers(rpma_core::welcome::pin_users(store)),
        Job::KioskExitMethods => {
            JobEvent::KioskExitMethods(rpma_core::welcome::kiosk_exit_methods(store))
        }
        Job::AuthorizeKioskExit {
            login,
            secret,
            totp_code,
        } => JobEvent::KioskExit(rpma_core::kiosk::authorize_exit(
            store,
            &login,
            &secret,
            totp_code.as_deref(),
        )),
        Job::UpdateBlockers => JobEvent::UpdateBlockers(rpma_core::welcome::update_blockers(store)),
        Job::LoadSessionPolicy => {
            JobEvent::SessionPolicy(rpma_core::welcome::session_policy(store))
        }
        Job::RunDbCheck => JobEvent::DbChecked(Box::new(run_check(store))),
        Job::BeginEnrolment { pending } => {
            JobEvent::TotpBegun(two_factor::begin_enrolment(store, &pending))
        }
        Job::ConfirmEnrolment { pending, code } => JobEvent::EnrolmentConfirmed(
            two_factor::confirm_enrolment(store, &pending, &code)
                .map(|(session, codes)| (Box::new(session), codes)),
        ),
        Job::LoadLogo => JobEvent::Logo(rpma_core::welcome::logo(store).map(|logo| {
            // Decoded on the worker: the UI thread only uploads the preview texture.
            logo.and_then(|png| match crate::ui::file_pick::decode_png(&png) {
                Some(image) => Some(crate::ui::file_pick::PickedImage { png, image }),
                None => {
                    tracing::warn!("the stored logo cannot be decoded; shown as absent");
                    None
                }
            })
        })),
        Job::Safety(job) => JobEvent::Safety(super::safety::handle(store, env, job)),
        #[cfg(feature = "test-hooks")]
        Job::TestPanic => test_panic(store),
        // Every other job acts for the session that asked it (none: refused before anything).
        job => match env.session() {
            Ok(actor) => signed_in(store, env, actor, job),
            Err(e) => JobEvent::Refused(e),
        },
    };
    if let Some(err) = event_error(&ev) {
        // Logged once here; shown once by the screen.
        match err {
            CoreError::Invalid(_)
            | CoreError::Forbidden(_)
            | CoreError::Refused { .. }
            | CoreError::RefusedWith { .. }
            | CoreError::NotFound { .. } => {
                tracing::info!("refused: {err}");
            }
            _ => tracing::error!("job failed: {err}"),
        }
    }
    ev
}

/// The jobs of a signed-in screen, for `actor`: the session that asked (the core re-checks it on
/// every call).
fn signed_in(store: &mut Store, env: &WorkerEnv, actor: &Session, job: Job) -> JobEvent {
    match job {
        Job::LoadDashboard => JobEvent::Dashboard(rpma_core::dashboard::figures(
            store,
            actor,
            env.data_dir.as_deref(),
        )),
        Job::LoadDbStats => {
            JobEvent::DbStats(maintenance::stats_as(store, actor, env.data_dir.as_deref()))
        }
        Job::SavePreferences { locale, theme } => {
            JobEvent::PreferencesSaved(users::save_preferences(store, actor, locale, theme))
        }
        Job::LoadUsers => JobEvent::Users(load_users(store, actor)),
        Job::CreateUser { new } => JobEvent::UserSaved(accounts::create_user(store, actor, *new)),
        Job::UpdateUser { id, update } => {
            JobEvent::UserSaved(accounts::update_user(store, actor, &id, &update))
        }
        Job::ChangeRole { id, role } => {
            JobEvent::UserSaved(accounts::change_role(store, actor, &id, role))
        }
        Job::SetActive { id, active } => {
            JobEvent::UserSaved(accounts::set_active(store, actor, &id, active))
        }
        Job::ResetPassword { id } => JobEvent::PasswordReset(
            accounts::reset_password(store, actor, &id).and_then(|temp| {
                let user = users::get(store.read_as(actor)?, &id)?
                    .ok_or(CoreError::NotFound { entity: "user" })?;
                Ok((user, temp))
            }),
        ),
        Job::UnlockUser { id } => {
            JobEvent::UserSaved(lockout::unlock_account(store, actor, &id).and_then(|_| {
                users::get(store.read_as(actor)?, &id)?
                    .ok_or(CoreError::NotFound { entity: "user" })
            }))
        }
        Job::ResetTotp { id } => JobEvent::UserSaved(two_factor::reset_totp(store, actor, &id)),
        Job::LoadProfile => JobEvent::Profile(load_profile(store, actor)),
        Job::ChangePassword {
            current,
            new_password,
        } => JobEvent::ProfileSaved(login::change_password(
            store,
            actor,
            &current,
            &new_password,
        )),
        Job::SetPin {
            current_password,
            pin,
        } => JobEvent::ProfileSaved(pin::set_pin(store, actor, &current_password, &pin)),
        Job::ClearPin => JobEvent::ProfileSaved(pin::clear_pin(store, actor)),
        Job::BeginTotp => JobEvent::TotpBegun(two_factor::begin_totp(store, actor)),
        Job::ConfirmTotp { code } => {
            JobEvent::TotpConfirmed(two_factor::confirm_totp(store, actor, &code))
        }
        Job::DisableTotp { current_password } => {
            JobEvent::ProfileSaved(two_factor::disable_totp(store, actor, &current_password))
        }
        Job::LoadSettings => JobEvent::Settings(
            store
                .read_as(actor)
                .and_then(|conn| rpma_core::settings_read::get_all_as(conn, actor)),
        ),
        Job::SaveSettings { draft } => {
            JobEvent::SettingsSaved(settings::save_all(store, actor, *draft))
        }
        Job::SetLogo { png } => JobEvent::LogoSaved(org::save_logo(store, actor, png)),
        Job::LoadAudit { filter } => JobEvent::Audit(load_audit(store, actor, &filter)),
        Job::Search { query } => JobEvent::Search(
            store
                .read_as(actor)
                .and_then(|conn| rpma_core::search::search(conn, actor, &query, SEARCH_PER_KIND))
                .map(|r| (query, r)),
        ),
        Job::Crm(job) => JobEvent::Crm(super::crm::handle(store, actor, job)),
        Job::Planning(job) => JobEvent::Planning(super::planning::handle(store, actor, job)),
        Job::Calendar(job) => JobEvent::Calendar(super::calendar::handle(store, actor, job)),
        Job::Atelier(job) => JobEvent::Atelier(super::atelier::handle(store, actor, job)),
        Job::Templates(job) => JobEvent::Templates(super::templates::handle(store, actor, job)),

        // Handled by `handle` before a session is needed.
        other => {
            tracing::error!("job {other:?} reached the signed-in handler");
            JobEvent::Failed
        }
    }
}

/// Test hook: a row written inside a transaction, then a panic (the row must never land).
#[cfg(feature = "test-hooks")]
#[allow(clippy::panic)]
fn test_panic(store: &mut Store) -> JobEvent {
    let _ = store.write::<()>(None, |tx| {
        tx.conn().execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('test-panic', '1', 0)",
            [],
        )?;
        panic!("test hook: a job that panics inside its transaction");
    });
    JobEvent::Failed
}

fn load_users(store: &Store, actor: &Session) -> Result<UsersData, CoreError> {
    Ok(UsersData {
        users: users::list_as(store.read_as(actor)?, actor)?,
        locks: lockout::locked_users(store.read_as(actor)?, store.now_ms())?,
    })
}

fn load_profile(store: &Store, session: &Session) -> Result<ProfileData, CoreError> {
    let conn = store.read_as(session)?;
    let user = users::get(conn, &session.id)?.ok_or(CoreError::NotFound { entity: "user" })?;
    Ok(ProfileData {
        logins: accounts::login_history(conn, session, 20)?,
        recovery_codes_left: two_factor::recovery_codes_left(conn, session)?,
        user,
    })
}

fn load_audit(
    store: &Store,
    actor: &Session,
    filter: &AuditFilter,
) -> Result<AuditPage, CoreError> {
    let conn = store.read_as(actor)?;
    let rows = audit::query_as(conn, actor, filter)?;
    let total = audit::count_as(conn, actor, filter)?;
    let user_names = users::staff(conn, actor)?
        .into_iter()
        .map(|u| (u.id.into_string(), u.display_name))
        .collect();
    let names = rpma_core::audit_say::names_for(conn, &rows)?;
    Ok(AuditPage {
        rows,
        total,
        user_names,
        names,
    })
}

fn event_error(ev: &JobEvent) -> Option<&CoreError> {
    match ev {
        JobEvent::Bootstrapped(Err(e))
        | JobEvent::SetupDone(Err(e))
        | JobEvent::LoginStep(Err(e))
        | JobEvent::PinUsers(Err(e))
        | JobEvent::SessionPolicy(Err(e))
        | JobEvent::KioskExitMethods(Err(e))
        | JobEvent::Dashboard(Err(e))
        | JobEvent::DbStats(Err(e))
        | JobEvent::PreferencesSaved(Err(e))
        | JobEvent::Users(Err(e))
        | JobEvent::UserSaved(Err(e))
        | JobEvent::PasswordReset(Err(e))
        | JobEvent::Profile(Err(e))
        | JobEvent::ProfileSaved(Err(e))
        | JobEvent::TotpBegun(Err(e))
        | JobEvent::TotpConfirmed(Err(e))
        | JobEvent::EnrolmentConfirmed(Err(e))
        | JobEvent::Settings(Err(e))
        | JobEvent::SettingsSaved(Err(e))
        | JobEvent::Audit(Err(e))
        | JobEvent::Logo(Err(e))
        | JobEvent::LogoSaved(Err(e))
        | JobEvent::Search(Err(e))
        | JobEvent::KioskExit(Err(e))
        | JobEvent::UpdateBlockers(Err(e)) => Some(e),
        JobEvent::Crm(ev) => ev.error(),
        JobEvent::Planning(ev) => ev.error(),
        JobEvent::Calendar(ev) => ev.error(),
        JobEvent::Atelier(ev) => ev.error(),
        JobEvent::Templates(ev) => ev.error(),
        JobEvent::Safety(ev) => ev.error(),
        // Listed one by one (no catch-all): a new reply must say whether it carries an error.
        JobEvent::Bootstrapped(Ok(_))
        | JobEvent::SetupDone(Ok(_))
        | JobEvent::LoginStep(Ok(_))
        | JobEvent::PinUsers(Ok(_))
        | JobEvent::SessionPolicy(Ok(_))
        | JobEvent::KioskExitMethods(Ok(_))
        | JobEvent::Dashboard(Ok(_))
        | JobEvent::DbStats(Ok(_))
        | JobEvent::DbChecked(_)
        | JobEvent::PreferencesSaved(Ok(_))
        | JobEvent::Users(Ok(_))
        | JobEvent::UserSaved(Ok(_))
        | JobEvent::PasswordReset(Ok(_))
        | JobEvent::Profile(Ok(_))
        | JobEvent::ProfileSaved(Ok(_))
        | JobEvent::TotpBegun(Ok(_))
        | JobEvent::TotpConfirmed(Ok(_))
        | JobEvent::EnrolmentConfirmed(Ok(_))
        | JobEvent::Settings(Ok(_))
        | JobEvent::SettingsSaved(Ok(_))
        | JobEvent::Audit(Ok(_))
        | JobEvent::Logo(Ok(_))
        | JobEvent::LogoSaved(Ok(_))
        | JobEvent::Search(Ok(_))
        | JobEvent::KioskExit(Ok(_))
        | JobEvent::UpdateBlockers(Ok(_))
        | JobEvent::Failed
        | JobEvent::WorkerStopped => None,
        JobEvent::Refused(e) => Some(e),
    }
}

fn boot(store: &Store) -> Result<BootInfo, CoreError> {
    let w = rpma_core::welcome::welcome(store)?;
    Ok(BootInfo {
        shop_name: w.shop_name,
        user_count: w.user_count,
        tz: w.tz,
    })
}

fn run_check(store: &Store) -> check::CheckReport {
    // Checks the live connection (in-memory stores too) with the store's key.
    check::check_store(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_atelier_and_template_replies_are_logged_as_errors() {
        let refused = || CoreError::Refused { key: "err-test" };
        let failed = [
            JobEvent::Atelier(super::super::atelier::AtelierEvent::Board(Err(refused()))),
            JobEvent::Templates(super::super::templates::TemplatesEvent::List(
                Err(refused()),
            )),
            JobEvent::KioskExit(Err(refused())),
            JobEvent::UpdateBlockers(Err(refused())),
        ];
        for ev in &failed {
            assert!(event_error(ev).is_some(), "{ev:?}");
        }
        let fine = JobEvent::Atelier(super::super::atelier::AtelierEvent::Board(Ok(Vec::new())));
        assert!(event_error(&fine).is_none());
    }
}
