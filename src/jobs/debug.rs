//! `Debug` for [`Job`] and [`JobEvent`], written by hand: passwords, PINs, TOTP and recovery
//! codes and temporary passwords never reach a log line or a panic message (they show as
//! `"…"`); picture bytes show as their length.

use std::fmt;

use super::{Job, JobEvent};

/// What a secret shows as.
const HIDDEN: &str = "…";

impl fmt::Debug for Job {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bootstrap => f.write_str("Bootstrap"),
            Self::KioskExitMethods => f.write_str("KioskExitMethods"),
            #[cfg(feature = "test-hooks")]
            Self::TestPanic => f.write_str("TestPanic"),
            Self::Setup { org, admin, logo } => f
                .debug_struct("Setup")
                .field("org", org)
                .field("admin", admin)
                .field("logo_bytes", &logo.as_ref().map(Vec::len))
                .finish(),
            Self::Login { login, .. } => f
                .debug_struct("Login")
                .field("login", login)
                .field("password", &HIDDEN)
                .finish(),
            Self::LoginTotp { challenge, .. } => f
                .debug_struct("LoginTotp")
                .field("challenge", challenge)
                .field("code", &HIDDEN)
                .finish(),
            Self::LoginRecovery { challenge, .. } => f
                .debug_struct("LoginRecovery")
                .field("challenge", challenge)
                .field("code", &HIDDEN)
                .finish(),
            Self::CompleteForcedChange { change, .. } => f
                .debug_struct("CompleteForcedChange")
                .field("change", change)
                .field("new_password", &HIDDEN)
                .finish(),
            Self::LoginPin { user_id, .. } => f
                .debug_struct("LoginPin")
                .field("user_id", user_id)
                .field("pin", &HIDDEN)
                .finish(),
            Self::LoadPinUsers => f.write_str("LoadPinUsers"),
            Self::LoadSessionPolicy => f.write_str("LoadSessionPolicy"),
            Self::LoadDashboard => f.write_str("LoadDashboard"),
            Self::LoadDbStats => f.write_str("LoadDbStats"),
            Self::RunDbCheck => f.write_str("RunDbCheck"),
            Self::SavePreferences { locale, theme } => f
                .debug_struct("SavePreferences")
                .field("locale", locale)
                .field("theme", theme)
                .finish(),
            Self::LoadUsers => f.write_str("LoadUsers"),
            Self::CreateUser { new } => f.debug_struct("CreateUser").field("new", new).finish(),
            Self::UpdateUser { id, update } => f
                .debug_struct("UpdateUser")
                .field("id", id)
                .field("update", update)
                .finish(),
            Self::ChangeRole { id, role } => f
                .debug_struct("ChangeRole")
                .field("id", id)
                .field("role", role)
                .finish(),
            Self::SetActive { id, active } => f
                .debug_struct("SetActive")
                .field("id", id)
                .field("active", active)
                .finish(),
            Self::ResetPassword { id } => f.debug_struct("ResetPassword").field("id", id).finish(),
            Self::UnlockUser { id } => f.debug_struct("UnlockUser").field("id", id).finish(),
            Self::ResetTotp { id } => f.debug_struct("ResetTotp").field("id", id).finish(),
            Self::LoadProfile => f.write_str("LoadProfile"),
            Self::ChangePassword { .. } => f
                .debug_struct("ChangePassword")
                .field("current", &HIDDEN)
                .field("new_password", &HIDDEN)
                .finish(),
            Self::SetPin { .. } => f
                .debug_struct("SetPin")
                .field("current_password", &HIDDEN)
                .field("pin", &HIDDEN)
                .finish(),
            Self::ClearPin => f.write_str("ClearPin"),
            Self::BeginTotp => f.write_str("BeginTotp"),
            Self::ConfirmTotp { .. } => f
                .debug_struct("ConfirmTotp")
                .field("code", &HIDDEN)
                .finish(),
            Self::BeginEnrolment { pending } => f
                .debug_struct("BeginEnrolment")
                .field("user", &pending.user().id)
                .finish(),
            Self::ConfirmEnrolment { pending, .. } => f
                .debug_struct("ConfirmEnrolment")
                .field("user", &pending.user().id)
                .field("code", &HIDDEN)
                .finish(),
            Self::DisableTotp { .. } => f
                .debug_struct("DisableTotp")
                .field("current_password", &HIDDEN)
                .finish(),
            Self::LoadSettings => f.write_str("LoadSettings"),
            Self::SaveSettings { draft } => f
                .debug_struct("SaveSettings")
                .field("draft", draft)
                .finish(),
            Self::LoadLogo => f.write_str("LoadLogo"),
            Self::SetLogo { png } => f
                .debug_struct("SetLogo")
                .field("png_bytes", &png.as_ref().map(Vec::len))
                .finish(),
            Self::AuthorizeKioskExit {
                login,
                secret,
                totp_code,
            } => f
                .debug_struct("AuthorizeKioskExit")
                .field("login", login)
                .field("secret", secret)
                .field("totp_code", &totp_code.as_ref().map(|_| HIDDEN))
                .finish(),
            Self::UpdateBlockers => f.write_str("UpdateBlockers"),
            Self::LoadAudit { filter } => {
                f.debug_struct("LoadAudit").field("filter", filter).finish()
            }
            Self::Search { query } => f.debug_struct("Search").field("query", query).finish(),
            Self::Crm(j) => f.debug_tuple("Crm").field(j).finish(),
            Self::Planning(j) => f.debug_tuple("Planning").field(j).finish(),
            Self::Calendar(j) => f.debug_tuple("Calendar").field(j).finish(),
            Self::Atelier(j) => f.debug_tuple("Atelier").field(j).finish(),
            Self::Templates(j) => f.debug_tuple("Templates").field(j).finish(),
            Self::Safety(j) => f.debug_tuple("Safety").field(j).finish(),
        }
    }
}

impl fmt::Debug for JobEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bootstrapped(r) => f.debug_tuple("Bootstrapped").field(r).finish(),
            Self::KioskExitMethods(r) => f.debug_tuple("KioskExitMethods").field(r).finish(),
            Self::Failed => f.write_str("Failed"),
            Self::Refused(e) => f.debug_tuple("Refused").field(e).finish(),
            Self::WorkerStopped => f.write_str("WorkerStopped"),
            Self::SetupDone(r) => f.debug_tuple("SetupDone").field(r).finish(),
            Self::LoginStep(r) => f.debug_tuple("LoginStep").field(r).finish(),
            Self::PinUsers(r) => f.debug_tuple("PinUsers").field(r).finish(),
            Self::SessionPolicy(r) => f.debug_tuple("SessionPolicy").field(r).finish(),
            Self::Dashboard(r) => f.debug_tuple("Dashboard").field(r).finish(),
            Self::DbStats(r) => f.debug_tuple("DbStats").field(r).finish(),
            Self::DbChecked(r) => f.debug_tuple("DbChecked").field(r).finish(),
            Self::PreferencesSaved(r) => f.debug_tuple("PreferencesSaved").field(r).finish(),
            Self::Users(r) => f.debug_tuple("Users").field(r).finish(),
            Self::UserSaved(r) => f.debug_tuple("UserSaved").field(r).finish(),
            Self::PasswordReset(r) => f
                .debug_tuple("PasswordReset")
                .field(&r.as_ref().map(|(user, _)| (user, HIDDEN)))
                .finish(),
            Self::Profile(r) => f.debug_tuple("Profile").field(r).finish(),
            Self::ProfileSaved(r) => f.debug_tuple("ProfileSaved").field(r).finish(),
            Self::TotpBegun(r) => f.debug_tuple("TotpBegun").field(r).finish(),
            Self::TotpConfirmed(r) => f
                .debug_struct("TotpConfirmed")
                .field("recovery_codes", &r.as_ref().map(|c| (c.len(), HIDDEN)))
                .finish(),
            Self::EnrolmentConfirmed(r) => f
                .debug_struct("EnrolmentConfirmed")
                .field(
                    "session",
                    &r.as_ref().map(|(s, c)| (&s.id, c.len(), HIDDEN)),
                )
                .finish(),
            Self::Settings(r) => f.debug_tuple("Settings").field(r).finish(),
            Self::SettingsSaved(r) => f.debug_tuple("SettingsSaved").field(r).finish(),
            Self::Audit(r) => f.debug_tuple("Audit").field(r).finish(),
            Self::Logo(r) => f.debug_tuple("Logo").field(r).finish(),
            Self::LogoSaved(r) => f.debug_tuple("LogoSaved").field(r).finish(),
            Self::KioskExit(r) => f.debug_tuple("KioskExit").field(r).finish(),
            Self::UpdateBlockers(r) => f.debug_tuple("UpdateBlockers").field(r).finish(),
            Self::Search(r) => f.debug_tuple("Search").field(r).finish(),
            Self::Crm(r) => f.debug_tuple("Crm").field(r).finish(),
            Self::Planning(r) => f.debug_tuple("Planning").field(r).finish(),
            Self::Calendar(r) => f.debug_tuple("Calendar").field(r).finish(),
            Self::Atelier(r) => f.debug_tuple("Atelier").field(r).finish(),
            Self::Templates(r) => f.debug_tuple("Templates").field(r).finish(),
            Self::Safety(r) => f.debug_tuple("Safety").field(r).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use rpma_core::auth::login::{self, LoginOutcome};
    use rpma_core::auth::{totp, two_factor};
    use rpma_core::kiosk::ExitSecret;
    use rpma_core::users::NewUser;
    use rpma_core::{Store, accounts};
    use rpma_demo as demo;

    use super::*;

    const SECRET: &str = "Tr3s-Secret-42";

    /// A real TOTP challenge and a real forced-change ticket from the demo shop.
    fn tickets() -> (login::TotpChallenge, login::ForcedChange) {
        let mut s = Store::open_in_memory().unwrap();
        demo::populate(&mut s, demo::DEFAULT_SEED).unwrap();
        let users = rpma_core::users::list(s.conn()).unwrap();
        let id = |name: &str| {
            rpma_core::Session::for_tests(
                users.iter().find(|u| u.username == name).unwrap().clone(),
            )
        };
        let (admin, chef) = (id("admin"), id("chef"));
        let e = two_factor::begin_totp(&mut s, &chef).unwrap();
        let secret = totp::base32_decode(&e.secret).unwrap();
        let now = u64::try_from(s.now_ms() / 1000).unwrap();
        let code = format!(
            "{:06}",
            totp::totp(&secret, now, 30, 6, totp::TotpAlgorithm::Sha1)
        );
        two_factor::confirm_totp(&mut s, &chef, &code).unwrap();
        let LoginOutcome::NeedsTotp(ch) = login::login(&mut s, "chef", "Demo-Chef-2026").unwrap()
        else {
            panic!()
        };
        let temp = accounts::reset_password(&mut s, &admin, &id("karim").id).unwrap();
        let LoginOutcome::MustChangePassword(change) =
            login::login(&mut s, "karim", &temp).unwrap()
        else {
            panic!()
        };
        (ch, change)
    }

    #[test]
    fn no_secret_reaches_the_debug_text_of_a_job_or_its_reply() {
        let (challenge, change) = tickets();
        let admin = NewUser {
            username: "patron".into(),
            password: SECRET.into(),
            ..NewUser::default()
        };
        let jobs = [
            Job::Login {
                login: "admin".into(),
                password: SECRET.into(),
            },
            Job::LoginTotp {
                challenge: Box::new(challenge.clone()),
                code: SECRET.into(),
            },
            Job::LoginRecovery {
                challenge: Box::new(challenge),
                code: SECRET.into(),
            },
            Job::CompleteForcedChange {
                change: Box::new(change),
                new_password: SECRET.into(),
            },
            Job::LoginPin {
                user_id: "u".into(),
                pin: SECRET.into(),
            },
            Job::Setup {
                org: Box::default(),
                admin: Box::new(admin.clone()),
                logo: None,
            },
            Job::ChangePassword {
                current: SECRET.into(),
                new_password: SECRET.into(),
            },
            Job::SetPin {
                current_password: SECRET.into(),
                pin: SECRET.into(),
            },
            Job::ConfirmTotp {
                code: SECRET.into(),
            },
            Job::DisableTotp {
                current_password: SECRET.into(),
            },
            Job::AuthorizeKioskExit {
                login: "admin".into(),
                secret: ExitSecret::Password(SECRET.into()),
                totp_code: Some(SECRET.into()),
            },
            Job::AuthorizeKioskExit {
                login: "admin".into(),
                secret: ExitSecret::Pin(SECRET.into()),
                totp_code: None,
            },
        ];
        for job in &jobs {
            let text = format!("{job:?}");
            assert!(!text.contains(SECRET), "{text}");
            assert!(text.contains('…'), "the secret is shown as hidden: {text}");
        }
        let user = rpma_core::users::User {
            id: "u".into(),
            username: "karim".into(),
            email: None,
            display_name: "Karim".into(),
            phone: None,
            role: rpma_core::auth::permissions::Role::Technician,
            must_change_password: true,
            is_active: true,
            locale: rpma_core::Lang::Fr,
            theme: rpma_core::users::Theme::Light,
            last_login_at: None,
            created_at: 0,
            totp_enabled: false,
            has_pin: false,
        };
        let replies = [
            JobEvent::PasswordReset(Ok((user, SECRET.into()))),
            JobEvent::TotpConfirmed(Ok(vec![SECRET.into(), SECRET.into()])),
            JobEvent::TotpBegun(Ok(two_factor::TotpEnrolment {
                secret: SECRET.into(),
                uri: format!("otpauth://totp/RPMA:karim?secret={SECRET}"),
            })),
        ];
        for ev in &replies {
            let text = format!("{ev:?}");
            assert!(!text.contains(SECRET), "{text}");
        }
    }
}
