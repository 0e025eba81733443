//! Tests of [`super`] (kept apart so that the module stays short).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
use super::*;
use crate::auth::lockout::is_locked;
use crate::testutil::{Fixture, MINUTE, PW_ADMIN, PW_SUP, PW_TECH};

fn signed_in(o: LoginOutcome) -> Session {
    match o {
        LoginOutcome::SignedIn(u) => u,
        other => panic!("expected SignedIn, got {other:?}"),
    }
}

fn refused_key(r: CoreResult<LoginOutcome>) -> &'static str {
    match r {
        Err(CoreError::Refused { key }) => key,
        other => panic!("expected Refused, got {other:?}"),
    }
}

#[test]
fn login_by_username_or_email_and_generic_failure() {
    let (_dir, mut s) = crate::testutil::demo_store(rpma_demo::DEFAULT_SEED);
    let u = signed_in(login(&mut s, "admin", "Demo-Admin-2026").unwrap());
    assert!(u.last_login_at.is_some());
    assert!(login(&mut s, "ADMIN@atelier-demo.fr", "Demo-Admin-2026").is_ok());
    let bad = login(&mut s, "admin", "wrong").unwrap_err();
    let unknown = login(&mut s, "nobody", "wrong").unwrap_err();
    assert_eq!(bad.to_string(), unknown.to_string());
    let failed: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'login.failed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failed, 2);
}

#[test]
fn success_records_history_and_audit() {
    let mut f = Fixture::new();
    let u = signed_in(login(&mut f.store, " tech ", PW_TECH).unwrap());
    assert_eq!(u.last_login_at, Some(f.store.now_ms()));
    assert_eq!(f.user(&u.id).last_login_at, Some(f.store.now_ms()));
    let (n, method): (i64, String) = f
        .store
        .conn()
        .query_row(
            "SELECT count(*), max(method) FROM login_history WHERE user_id = ?1",
            [&u.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, method.as_str()), (1, "password"));
    let ok = f.audit_rows("login.ok");
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].user_id.as_deref(), Some(u.id.as_str()));
}

#[test]
fn deactivated_account_gets_the_generic_refusal() {
    let mut f = Fixture::new();
    f.store
        .conn()
        .execute(
            "UPDATE users SET is_active = 0 WHERE id = ?1",
            [&f.technician.id],
        )
        .unwrap();
    assert_eq!(
        refused_key(login(&mut f.store, "tech", PW_TECH)),
        BAD_CREDENTIALS
    );
    let rows = f.audit_rows("login.failed");
    assert!(rows[0].after.as_deref().unwrap().contains("inactive"));
}

#[test]
fn lockout_on_the_sixth_try_then_expiry_and_admin_unlock() {
    let mut f = Fixture::new();
    for _ in 0..4 {
        assert_eq!(
            refused_key(login(&mut f.store, "tech", "Wrong-password-1")),
            BAD_CREDENTIALS
        );
        f.clock.advance(MINUTE);
    }
    // The fifth failure locks (and says so).
    assert_eq!(
        refused_key(login(&mut f.store, "tech", "Wrong-password-1")),
        "err-locked"
    );
    // The sixth try, with the right password, is refused as locked.
    assert_eq!(
        refused_key(login(&mut f.store, "tech", PW_TECH)),
        "err-locked"
    );
    assert_eq!(f.audit_rows("auth.lockout").len(), 1);
    f.clock.advance(14 * MINUTE);
    assert_eq!(
        refused_key(login(&mut f.store, "tech", PW_TECH)),
        "err-locked"
    );
    // 15 minutes after the lock, it works.
    f.clock.advance(MINUTE);
    signed_in(login(&mut f.store, "tech", PW_TECH).unwrap());

    // Lock again; an admin unlock clears it at once, a supervisor's is forbidden.
    for _ in 0..5 {
        let _ = login(&mut f.store, "tech", "Wrong-password-1");
    }
    assert_eq!(
        refused_key(login(&mut f.store, "tech", PW_TECH)),
        "err-locked"
    );
    let sup = f.supervisor.clone();
    let tech_id = f.technician.id.clone();
    let err = f
        .store
        .write(Some(&sup.id), |tx| lockout::unlock(tx, &sup, &tech_id))
        .unwrap_err();
    assert!(matches!(err, CoreError::Forbidden(_)), "{err:?}");
    assert_eq!(
        refused_key(login(&mut f.store, "tech", PW_TECH)),
        "err-locked"
    );
    let admin = f.admin.clone();
    assert!(
        f.store
            .write(Some(&admin.id), |tx| lockout::unlock(tx, &admin, &tech_id))
            .unwrap()
    );
    signed_in(login(&mut f.store, "tech", PW_TECH).unwrap());
    assert_eq!(f.audit_rows("user.unlock").len(), 1);
}

#[test]
fn failures_outside_the_window_do_not_lock() {
    let mut f = Fixture::new();
    for _ in 0..4 {
        let _ = login(&mut f.store, "tech", "Wrong-password-1");
    }
    f.clock.advance(16 * MINUTE);
    for _ in 0..4 {
        assert_eq!(
            refused_key(login(&mut f.store, "tech", "Wrong-password-1")),
            BAD_CREDENTIALS
        );
    }
    signed_in(login(&mut f.store, "tech", PW_TECH).unwrap());
    // Success clears the count: four more failures do not lock either.
    for _ in 0..4 {
        let _ = login(&mut f.store, "tech", "Wrong-password-1");
    }
    signed_in(login(&mut f.store, "tech", PW_TECH).unwrap());
    assert!(f.audit_rows("auth.lockout").is_empty());
}

#[test]
fn lockout_threshold_comes_from_settings() {
    let mut f = Fixture::new();
    f.set_security(SecurityPolicy {
        lockout_threshold: 3,
        lockout_duration_min: 60,
        ..SecurityPolicy::default()
    });
    for _ in 0..3 {
        let _ = login(&mut f.store, "chef", "Wrong-password-1");
    }
    assert_eq!(
        refused_key(login(&mut f.store, "chef", PW_SUP)),
        "err-locked"
    );
    let now = f.store.now_ms();
    assert_eq!(
        is_locked(f.store.conn(), &f.supervisor.id, AuthKind::Password, now).unwrap(),
        Some(now + 60 * MINUTE)
    );
}

#[test]
fn change_password_checks_current_policy_and_reuse() {
    let mut f = Fixture::new();
    let me = f.technician.clone();
    let err = change_password(&mut f.store, &me, "nope", "short").unwrap_err();
    let CoreError::Invalid(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.for_field("current_password").unwrap().key,
        "err-current-password"
    );
    assert_eq!(
        e.for_field("new_password").unwrap().key,
        "err-password-short"
    );
    let err = change_password(&mut f.store, &me, PW_TECH, PW_TECH).unwrap_err();
    let CoreError::Invalid(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.for_field("new_password").unwrap().key,
        "err-password-reused"
    );
    change_password(&mut f.store, &me, PW_TECH, "Nouveau-Mot-2026").unwrap();
    assert_eq!(
        refused_key(login(&mut f.store, "tech", PW_TECH)),
        BAD_CREDENTIALS
    );
    signed_in(login(&mut f.store, "tech", "Nouveau-Mot-2026").unwrap());
    let rows = f.audit_rows("user.password_change");
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].after.as_deref().unwrap().contains("Nouveau"));
}

#[test]
fn wrong_current_password_counts_towards_the_lock() {
    let mut f = Fixture::new();
    let me = f.technician.clone();
    for _ in 0..4 {
        assert!(matches!(
            change_password(&mut f.store, &me, "nope", "Nouveau-Mot-2026"),
            Err(CoreError::Invalid(_))
        ));
    }
    assert!(matches!(
        change_password(&mut f.store, &me, "nope", "Nouveau-Mot-2026"),
        Err(CoreError::Refused { key: "err-locked" })
    ));
    assert!(matches!(
        change_password(&mut f.store, &me, PW_TECH, "Nouveau-Mot-2026"),
        Err(CoreError::Refused { key: "err-locked" })
    ));
}

fn forced(o: LoginOutcome) -> ForcedChange {
    match o {
        LoginOutcome::MustChangePassword(c) => c,
        other => panic!("expected MustChangePassword, got {other:?}"),
    }
}

#[test]
fn forced_change_only_while_flagged_and_after_a_recent_sign_in() {
    let mut f = Fixture::new();
    let id = f.technician.id.clone();
    // A sign-in made while nothing was pending is no ticket for a change.
    let _ = login(&mut f.store, "tech", PW_TECH).unwrap();
    let stale = ForcedChange {
        user: f.user(&id),
        first_factor: Method::Password,
        method: Method::Password,
        signed_in_at: f.store.now_ms(),
    };
    assert_eq!(
        refused_key(complete_forced_change(
            &mut f.store,
            &stale,
            "Nouveau-Mot-2026"
        )),
        LOGIN_EXPIRED
    );
    f.clock.advance(1_000);
    f.store
        .conn()
        .execute(
            "UPDATE users SET must_change_password = 1, password_changed_at = ?2 WHERE id = ?1",
            params![id, f.store.now_ms()],
        )
        .unwrap();
    // Flagged, but that sign-in came before the password was set.
    assert_eq!(
        refused_key(complete_forced_change(
            &mut f.store,
            &stale,
            "Nouveau-Mot-2026"
        )),
        LOGIN_EXPIRED
    );
    let c = forced(login(&mut f.store, "tech", PW_TECH).unwrap());
    assert_eq!(c.user().id, id);
    assert_eq!(c.method(), Method::Password);
    assert!(c.may_set_password());
    f.clock.advance(16 * MINUTE);
    assert_eq!(
        refused_key(complete_forced_change(&mut f.store, &c, "Nouveau-Mot-2026")),
        LOGIN_EXPIRED
    );
    let c = forced(login(&mut f.store, "tech", PW_TECH).unwrap());
    let err = complete_forced_change(&mut f.store, &c, PW_TECH).unwrap_err();
    assert!(matches!(err, CoreError::Invalid(_)));
    let o = complete_forced_change(&mut f.store, &c, "Nouveau-Mot-2026").unwrap();
    let u = signed_in(o);
    assert!(!u.must_change_password);
    // Once done, it cannot be replayed.
    assert_eq!(
        refused_key(complete_forced_change(&mut f.store, &c, "Autre-Mot-2026x")),
        LOGIN_EXPIRED
    );
}

#[test]
fn the_core_checks_how_the_user_signed_in_before_a_forced_change() {
    let mut f = Fixture::new();
    let id = f.technician.id.clone();
    f.store
        .conn()
        .execute(
            "UPDATE users SET must_change_password = 1, password_changed_at = ?2 WHERE id = ?1",
            params![id, f.store.now_ms()],
        )
        .unwrap();
    f.clock.advance(1_000);
    let (user, now) = (f.user(&id), f.store.now_ms());
    let by = |first_factor, method| ForcedChange {
        user: user.clone(),
        first_factor,
        method,
        signed_in_at: now,
    };
    // A PIN, alone or followed by a TOTP code, never chooses the password.
    for ticket in [by(Method::Pin, Method::Pin), by(Method::Pin, Method::Totp)] {
        assert!(!ticket.may_set_password());
        assert_eq!(
            refused_key(complete_forced_change(
                &mut f.store,
                &ticket,
                "Nouveau-Mot-2026"
            )),
            PIN_PASSWORD_CHANGE
        );
    }
    assert!(f.user(&id).must_change_password);
    // A password (with or without TOTP) or a recovery code may.
    assert!(by(Method::Password, Method::Totp).may_set_password());
    assert!(by(Method::Pin, Method::Recovery).may_set_password());
    let o = complete_forced_change(
        &mut f.store,
        &by(Method::Password, Method::Password),
        "Nouveau-Mot-2026",
    )
    .unwrap();
    assert!(!signed_in(o).must_change_password);
}

#[test]
fn a_pin_sign_in_never_reaches_the_forced_password_change() {
    use crate::auth::pin;
    let mut f = Fixture::new();
    let id = f.technician.id.clone();
    let me = f.technician.clone();
    pin::set_pin(&mut f.store, &me, PW_TECH, "2580").unwrap();
    // A forced change pending while the PIN is still set (an account created with a PIN by
    // an older version, or a flag set by hand).
    f.store
        .conn()
        .execute(
            "UPDATE users SET must_change_password = 1, password_changed_at = ?2 WHERE id = ?1",
            params![id, f.store.now_ms()],
        )
        .unwrap();
    f.clock.advance(1_000);
    assert_eq!(
        refused_key(pin::login_pin(&mut f.store, &id, "2580")),
        "err-pin-password-change"
    );
    // Nothing was recorded as a sign-in, and the flag stays for a password sign-in.
    let pin_logins: i64 = f
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM login_history WHERE user_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pin_logins, 0);
    assert!(f.user(&id).must_change_password);
    let c = forced(login(&mut f.store, "tech", PW_TECH).unwrap());
    complete_forced_change(&mut f.store, &c, "Nouveau-Mot-2026").unwrap();
}

#[test]
fn admins_must_enrol_when_the_policy_says_so() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    f.require_2fa_for_admins();
    let o = login(&mut f.store, "admin", PW_ADMIN).unwrap();
    assert!(
        matches!(o, LoginOutcome::MustEnrollTotp(ref u) if u.user().id == admin.id),
        "{o:?}"
    );
    // Other roles are not concerned.
    signed_in(login(&mut f.store, "tech", PW_TECH).unwrap());
}
