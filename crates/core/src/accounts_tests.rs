//! Tests of [`super`] (kept apart so that the module stays short).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
use super::*;
use crate::auth::login::{self, LoginOutcome};
use crate::i18n::Lang;
use crate::testutil::{Fixture, PW_ADMIN, PW_SUP, PW_TECH};

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        email: String::new(),
        display_name: "Nouvel Arrivant".into(),
        role: Some(role),
        password: "Bienvenue-2026x".into(),
        locale: Lang::Fr,
        must_change_password: false,
    }
}

fn user_count(f: &Fixture) -> i64 {
    users::count(f.store.conn()).unwrap()
}

#[test]
fn admin_creates_accounts_that_must_change_their_password() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let u = create_user(&mut f.store, &admin, new_user("marie", Role::Technician)).unwrap();
    assert!(u.must_change_password);
    let o = login::login(&mut f.store, "marie", "Bienvenue-2026x").unwrap();
    assert!(matches!(o, LoginOutcome::MustChangePassword(_)));
    let rows = f.audit_rows("user.create");
    let last = rows.last().unwrap();
    assert_eq!(last.user_id.as_deref(), Some(admin.id.as_str()));
    assert!(!last.after.as_deref().unwrap().contains("Bienvenue"));
    // The shop's password policy applies.
    let err = create_user(
        &mut f.store,
        &admin,
        NewUser {
            password: "court".into(),
            ..new_user("paul", Role::Viewer)
        },
    )
    .unwrap_err();
    assert!(matches!(err, CoreError::Invalid(_)));
}

#[test]
fn supervisor_cannot_create_an_admin_or_reset_an_admins_password() {
    let mut f = Fixture::new();
    let sup = f.supervisor.clone();
    let before = user_count(&f);
    for role in Role::ALL {
        let err = create_user(&mut f.store, &sup, new_user("intrus", role)).unwrap_err();
        assert!(matches!(err, CoreError::Forbidden(_)), "{role}: {err:?}");
    }
    assert_eq!(user_count(&f), before);
    let admin_id = f.admin.id.clone();
    let err = reset_password(&mut f.store, &sup, &admin_id).unwrap_err();
    assert!(matches!(err, CoreError::Forbidden(_)));
    // The admin's password still works and no flag was set.
    assert!(matches!(
        login::login(&mut f.store, "admin", PW_ADMIN).unwrap(),
        LoginOutcome::SignedIn(_)
    ));
    assert!(f.audit_rows("user.password_reset").is_empty());
    // Nor change roles, deactivate or edit others.
    let tech_id = f.technician.id.clone();
    assert!(matches!(
        change_role(&mut f.store, &sup, &tech_id, Role::Viewer),
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        set_active(&mut f.store, &sup, &tech_id, false),
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        update_user(
            &mut f.store,
            &sup,
            &tech_id,
            &UserUpdate {
                display_name: "X".into(),
                ..UserUpdate::default()
            }
        ),
        Err(CoreError::Forbidden(_))
    ));
    assert_eq!(f.user(&tech_id), *f.technician);
}

#[test]
fn nobody_changes_their_own_role() {
    let mut f = Fixture::new();
    for actor in [
        f.admin.clone(),
        f.supervisor.clone(),
        f.technician.clone(),
        f.viewer.clone(),
    ] {
        for role in Role::ALL {
            let err = change_role(&mut f.store, &actor, &actor.id, role).unwrap_err();
            assert!(matches!(err, CoreError::Forbidden(_)), "{}", actor.username);
        }
        assert_eq!(f.user(&actor.id).role, actor.role);
    }
    assert!(f.audit_rows("user.role_change").is_empty());
    // An admin changes someone else's role, audited with before/after.
    let admin = f.admin.clone();
    let u = change_role(
        &mut f.store,
        &admin,
        &f.technician.id.clone(),
        Role::Supervisor,
    )
    .unwrap();
    assert_eq!(u.role, Role::Supervisor);
    let rows = f.audit_rows("user.role_change");
    assert_eq!(rows[0].before.as_deref(), Some("{\"role\":\"technician\"}"));
    assert_eq!(rows[0].after.as_deref(), Some("{\"role\":\"supervisor\"}"));
}

#[test]
fn last_admin_protection() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    // The only admin can neither deactivate nor demote themselves.
    assert!(set_active(&mut f.store, &admin, &admin.id, false).is_err());
    assert!(change_role(&mut f.store, &admin, &admin.id, Role::Supervisor).is_err());
    assert!(f.user(&admin.id).is_active);
    assert_eq!(f.user(&admin.id).role, Role::Admin);
    // The rule itself, whatever the path.
    assert!(matches!(
        ensure_not_last_admin(f.store.conn(), &admin),
        Err(CoreError::Refused {
            key: "err-last-admin"
        })
    ));
    assert!(ensure_not_last_admin(f.store.conn(), &f.technician).is_ok());
    // With a second admin, one may deactivate the other …
    let second = create_user(&mut f.store, &admin, new_user("adjointe", Role::Admin)).unwrap();
    assert!(ensure_not_last_admin(f.store.conn(), &admin).is_ok());
    let u = set_active(&mut f.store, &admin, &second.id, false).unwrap();
    assert!(!u.is_active);
    // … after which the first is the last one again.
    assert!(matches!(
        ensure_not_last_admin(f.store.conn(), &admin),
        Err(CoreError::Refused {
            key: "err-last-admin"
        })
    ));
    // A deactivated admin acts as nobody.
    assert!(matches!(
        set_active(
            &mut f.store,
            &Session::for_tests(second.clone()),
            &admin.id,
            false
        ),
        Err(CoreError::Forbidden(_))
    ));
    let u = set_active(&mut f.store, &admin, &second.id, true).unwrap();
    assert!(u.is_active);
    let u = change_role(&mut f.store, &admin, &second.id, Role::Viewer).unwrap();
    assert_eq!(u.role, Role::Viewer);
    assert_eq!(f.audit_rows("user.deactivate").len(), 1);
    assert_eq!(f.audit_rows("user.activate").len(), 1);
}

#[test]
fn forced_password_change_after_admin_reset() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let id = f.technician.id.clone();
    // Lock the account first: the reset lifts it.
    for _ in 0..5 {
        let _ = login::login(&mut f.store, "tech", "Wrong-password-1");
    }
    let temp = reset_password(&mut f.store, &admin, &id).unwrap();
    assert_eq!(temp.chars().count(), password::TEMPORARY_PASSWORD_LEN);
    assert!(f.user(&id).must_change_password);
    // The old password no longer works.
    assert!(matches!(
        login::login(&mut f.store, "tech", PW_TECH),
        Err(CoreError::Refused {
            key: "err-bad-credentials"
        })
    ));
    let o = login::login(&mut f.store, "tech", &temp).unwrap();
    let LoginOutcome::MustChangePassword(c) = o else {
        panic!("{o:?}")
    };
    assert_eq!(c.user().id, id);
    // The temporary password cannot be kept.
    assert!(matches!(
        login::complete_forced_change(&mut f.store, &c, &temp),
        Err(CoreError::Invalid(_))
    ));
    let o = login::complete_forced_change(&mut f.store, &c, "Mon-Nouveau-2026").unwrap();
    assert!(matches!(o, LoginOutcome::SignedIn(_)));
    assert!(!f.user(&id).must_change_password);
    // The temporary password worked once: now it is refused.
    assert!(login::login(&mut f.store, "tech", &temp).is_err());
    assert!(matches!(
        login::login(&mut f.store, "tech", "Mon-Nouveau-2026").unwrap(),
        LoginOutcome::SignedIn(_)
    ));
    let rows = f.audit_rows("user.password_reset");
    assert_eq!(rows.len(), 1);
    let logged = format!("{:?}{:?}", rows[0].before, rows[0].after);
    assert!(!logged.contains(&temp));
    assert!(logged.contains("password"), "{logged}");
    // An admin cannot reset their own password through this path.
    assert!(matches!(
        reset_password(&mut f.store, &admin, &admin.id),
        Err(CoreError::Forbidden(_))
    ));
}

#[test]
fn admin_reset_clears_the_pin_so_it_cannot_choose_the_new_password() {
    use crate::auth::pin;
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let id = f.technician.id.clone();
    let me = f.technician.clone();
    pin::set_pin(&mut f.store, &me, PW_TECH, "2580").unwrap();
    assert!(f.user(&id).has_pin);
    reset_password(&mut f.store, &admin, &id).unwrap();
    // Whoever watched the PIN being typed cannot use it to take the account over.
    assert!(!f.user(&id).has_pin);
    assert!(matches!(
        pin::login_pin(&mut f.store, &id, "2580"),
        Err(CoreError::Refused { .. })
    ));
    let rows = f.audit_rows("user.password_reset");
    let after = rows[0].after.as_deref().unwrap();
    assert!(after.contains("\"pin_cleared\":true"), "{after}");
    // Same on the command-line path.
    pin::set_pin(&mut f.store, &f.supervisor, PW_SUP, "7391").unwrap();
    reset_password_cli(&mut f.store, "chef").unwrap();
    assert!(!f.user(&f.supervisor.id).has_pin);
    let rows = f.audit_rows("user.password_reset_cli");
    assert!(
        rows[0]
            .after
            .as_deref()
            .unwrap()
            .contains("\"pin_cleared\":true")
    );
}

#[test]
fn cli_reset_has_no_actor_and_unlocks() {
    let mut f = Fixture::new();
    for _ in 0..5 {
        let _ = login::login(&mut f.store, "admin", "Wrong-password-1");
    }
    assert!(matches!(
        reset_password_cli(&mut f.store, "nobody"),
        Err(CoreError::NotFound { .. })
    ));
    let temp = reset_password_cli(&mut f.store, "ADMIN").unwrap();
    assert!(matches!(
        login::login(&mut f.store, "admin", &temp).unwrap(),
        LoginOutcome::MustChangePassword(_)
    ));
    let rows = f.audit_rows("user.password_reset_cli");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].user_id, None);
    assert_eq!(rows[0].entity_id.as_deref(), Some(f.admin.id.as_str()));
    assert!(
        rows[0]
            .after
            .as_deref()
            .unwrap()
            .contains("\"unlocked\":[\"password\"]")
    );
    assert!(!rows[0].after.as_deref().unwrap().contains(&temp));
}

#[test]
fn update_own_profile_or_as_admin() {
    let mut f = Fixture::new();
    let tech = f.technician.clone();
    let u = update_user(
        &mut f.store,
        &tech,
        &tech.id,
        &UserUpdate {
            display_name: " Karim B. ".into(),
            email: "karim@atelier.test".into(),
            phone: "+33 6 12 34 56 78".into(),
        },
    )
    .unwrap();
    assert_eq!(u.display_name, "Karim B.");
    assert_eq!(u.phone.as_deref(), Some("+33 6 12 34 56 78"));
    // A technician cannot edit someone else.
    assert!(matches!(
        update_user(
            &mut f.store,
            &tech,
            &f.viewer.id.clone(),
            &UserUpdate {
                display_name: "X".into(),
                ..UserUpdate::default()
            }
        ),
        Err(CoreError::Forbidden(_))
    ));
    // Validation: required name, e-mail shape and uniqueness, phone shape.
    let err = update_user(
        &mut f.store,
        &tech,
        &tech.id,
        &UserUpdate {
            display_name: " ".into(),
            email: "admin@atelier.test".into(),
            phone: "12".into(),
        },
    )
    .unwrap_err();
    let CoreError::Invalid(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.for_field("display_name").unwrap().key, "err-required");
    assert_eq!(e.for_field("email").unwrap().key, "err-email-taken");
    assert_eq!(e.for_field("phone").unwrap().key, "err-phone");
    let admin = f.admin.clone();
    update_user(
        &mut f.store,
        &admin,
        &tech.id,
        &UserUpdate {
            display_name: "Karim Benali".into(),
            email: String::new(),
            phone: String::new(),
        },
    )
    .unwrap();
    let rows = f.audit_rows("user.update");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].user_id.as_deref(), Some(admin.id.as_str()));
    assert!(rows[1].before.as_deref().unwrap().contains("Karim B."));
}

#[test]
fn phone_shapes() {
    assert!(is_phone("04 72 00 00 00"));
    assert!(is_phone("+33 (0)6.12.34.56.78"));
    assert!(!is_phone("12345"));
    assert!(!is_phone("06 12 34 56 78 ext"));
    assert!(!is_phone("06+12345678"));
}

#[test]
fn login_history_newest_first() {
    let mut f = Fixture::new();
    for _ in 0..3 {
        login::login(&mut f.store, "chef", PW_SUP).unwrap();
        f.clock.advance(1_000);
    }
    let h = login_history(f.store.conn(), &f.supervisor, 2).unwrap();
    assert_eq!(h.len(), 2);
    assert!(h[0].at > h[1].at);
    assert_eq!(h[0].method, "password");
    assert!(
        login_history(f.store.conn(), &f.viewer, 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn every_service_is_audited_and_the_chain_still_verifies() {
    use crate::audit;
    use crate::auth::{lockout, pin, totp, two_factor};
    use crate::settings::{self, SecurityPolicy, ShopSettings};

    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let tech = f.technician.id.clone();
    let me = f.technician.clone();
    let mut expect: Vec<&str> = Vec::new();
    let mut check = |f: &Fixture, actions: &[&'static str]| {
        expect.extend_from_slice(actions);
        let all = f.audit_actions();
        let tail = &all[all.len() - actions.len()..];
        assert_eq!(tail, actions, "all: {all:?}");
    };

    login::login(&mut f.store, "admin", PW_ADMIN).unwrap();
    check(&f, &["login.ok"]);
    let _ = login::login(&mut f.store, "admin", "Wrong-password-1");
    check(&f, &["login.failed"]);
    f.store
        .write(Some(&admin.id), |tx| {
            settings::save_security(tx, &admin, SecurityPolicy::default())
        })
        .unwrap();
    check(&f, &["settings.update"]);
    f.store
        .write(Some(&admin.id), |tx| {
            settings::save_shop(tx, &admin, ShopSettings::default())
        })
        .unwrap();
    check(&f, &["settings.update"]);
    let marie = create_user(&mut f.store, &admin, new_user("marie", Role::Technician)).unwrap();
    check(&f, &["user.create"]);
    update_user(
        &mut f.store,
        &admin,
        &marie.id,
        &UserUpdate {
            display_name: "Marie Curie".into(),
            ..UserUpdate::default()
        },
    )
    .unwrap();
    check(&f, &["user.update"]);
    change_role(&mut f.store, &admin, &marie.id, Role::Viewer).unwrap();
    check(&f, &["user.role_change"]);
    set_active(&mut f.store, &admin, &marie.id, false).unwrap();
    check(&f, &["user.deactivate"]);
    set_active(&mut f.store, &admin, &marie.id, true).unwrap();
    check(&f, &["user.activate"]);
    reset_password(&mut f.store, &admin, &marie.id).unwrap();
    check(&f, &["user.password_reset"]);
    reset_password_cli(&mut f.store, "marie").unwrap();
    check(&f, &["user.password_reset_cli"]);
    login::change_password(&mut f.store, &me, PW_TECH, "Nouveau-Mot-2026").unwrap();
    check(&f, &["user.password_change"]);
    pin::set_pin(&mut f.store, &me, "Nouveau-Mot-2026", "2580").unwrap();
    check(&f, &["user.pin_set"]);
    pin::login_pin(&mut f.store, &tech, "2580").unwrap();
    check(&f, &["login.ok"]);
    pin::clear_pin(&mut f.store, &me).unwrap();
    check(&f, &["user.pin_clear"]);
    let e = two_factor::begin_totp(&mut f.store, &me).unwrap();
    check(&f, &["user.2fa_begin"]);
    let secret = totp::base32_decode(&e.secret).unwrap();
    let now = u64::try_from(f.store.now_ms() / 1000).unwrap();
    let code = format!(
        "{:06}",
        totp::totp(&secret, now, 30, 6, totp::TotpAlgorithm::Sha1)
    );
    two_factor::confirm_totp(&mut f.store, &me, &code).unwrap();
    check(&f, &["user.2fa_enable"]);
    let o = login::login(&mut f.store, "tech", "Nouveau-Mot-2026").unwrap();
    check(&f, &["login.totp_required"]);
    let LoginOutcome::NeedsTotp(ch) = o else {
        panic!("{o:?}")
    };
    let _ = login::login_totp(&mut f.store, &ch, &code);
    check(&f, &["login.failed"]);
    two_factor::reset_totp(&mut f.store, &admin, &tech).unwrap();
    check(&f, &["user.2fa_reset"]);
    for _ in 0..4 {
        let _ = login::login(&mut f.store, "chef", "Wrong-password-1");
    }
    let _ = login::login(&mut f.store, "chef", "Wrong-password-1");
    check(&f, &["auth.lockout", "login.failed"]);
    let sup = f.supervisor.id.clone();
    f.store
        .write(Some(&admin.id), |tx| lockout::unlock(tx, &admin, &sup))
        .unwrap();
    check(&f, &["user.unlock"]);

    assert!(expect.len() > 20);
    // Nothing secret was logged.
    let everything: String = audit::query(
        f.store.conn(),
        &audit::AuditFilter {
            limit: 1000,
            ..audit::AuditFilter::default()
        },
    )
    .unwrap()
    .iter()
    .map(|r| format!("{:?}{:?}", r.before, r.after))
    .collect();
    for secret in ["Nouveau-Mot-2026", "2580", "argon2", &e.secret, PW_TECH] {
        assert!(!everything.contains(secret), "{secret} in the audit log");
    }
    let total = audit::count(f.store.conn(), &audit::AuditFilter::default()).unwrap();
    assert_eq!(audit::verify_chain(f.store.conn()).unwrap(), Ok(total));
}
