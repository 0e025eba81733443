//! Tests of [`super`]: defaults, validation, rights, audit and the Settings screen's draft.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
use chrono::Weekday;

use super::*;
use crate::CoreError;
use crate::auth::password::PasswordPolicy;
use crate::auth::permissions::Role;
use crate::i18n::Lang;
use crate::testutil::Fixture;

#[test]
fn defaults_when_absent() {
    let f = Fixture::new();
    assert_eq!(
        get_security(f.store.conn()).unwrap(),
        SecurityPolicy::default()
    );
    let shop = get_shop(f.store.conn()).unwrap();
    assert_eq!(shop.timezone, "Europe/Paris");
    assert_eq!(shop.tz(), Some(chrono_tz::Europe::Paris));
    assert_eq!(
        shop.business_hours.day(Weekday::Sat),
        Some(&OpenHours::new("09:00", "12:00"))
    );
    assert_eq!(shop.business_hours.day(Weekday::Sun), None);
    assert!(shop.validate().is_empty());
    assert!(SecurityPolicy::default().validate().is_empty());
}

#[test]
fn admin_saves_and_reads_back_with_audit() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    // (Requiring two-step verification here would refuse this admin, not enrolled, from
    // the next call on: see `auth::session`.)
    let policy = SecurityPolicy {
        lockout_threshold: 3,
        admins_switch_with_password: false,
        ..SecurityPolicy::default()
    };
    f.store
        .write(Some(&admin.id), |tx| save_security(tx, &admin, policy))
        .unwrap();
    assert_eq!(get_security(f.store.conn()).unwrap(), policy);
    let mut shop = ShopSettings {
        timezone: " America/Montreal ".into(),
        locale: Lang::En,
        ..ShopSettings::default()
    };
    shop.business_hours.sun = Some(OpenHours::new("10:00", "12:30"));
    let saved = f
        .store
        .write(Some(&admin.id), |tx| save_shop(tx, &admin, shop))
        .unwrap();
    assert_eq!(saved.timezone, "America/Montreal");
    assert_eq!(get_shop(f.store.conn()).unwrap(), saved);
    let rows = f.audit_rows("settings.update");
    assert_eq!(rows.len(), 2);
    let first = &rows[0];
    assert_eq!(first.entity_id.as_deref(), Some("security"));
    assert_eq!(first.user_id.as_deref(), Some(admin.id.as_str()));
    assert!(
        first
            .before
            .as_deref()
            .unwrap()
            .contains("\"lockout_threshold\":5")
    );
    assert!(
        first
            .after
            .as_deref()
            .unwrap()
            .contains("\"lockout_threshold\":3")
    );
}

#[test]
fn out_of_range_values_are_refused_and_change_nothing() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let bad = SecurityPolicy {
        password: PasswordPolicy {
            min_length: 7,
            ..PasswordPolicy::default()
        },
        lockout_threshold: 2,
        lockout_window_min: 0,
        lockout_duration_min: 1441,
        idle_timeout_min: 481,
        session_max_hours: 25,
        ..SecurityPolicy::default()
    };
    let err = f
        .store
        .write(Some(&admin.id), |tx| save_security(tx, &admin, bad))
        .unwrap_err();
    let CoreError::Invalid(e) = err else {
        panic!("expected Invalid, got {err:?}")
    };
    for field in [
        "password_min_length",
        "lockout_threshold",
        "lockout_window_min",
        "lockout_duration_min",
        "idle_timeout_min",
        "session_max_hours",
    ] {
        let fe = e.for_field(field).unwrap_or_else(|| panic!("{field}"));
        assert_eq!(fe.key, "err-range");
        assert_eq!(fe.args.len(), 2);
    }
    assert_eq!(
        e.for_field("lockout_threshold").unwrap().args,
        vec![("min", "3".to_owned()), ("max", "20".to_owned())]
    );
    // Bounds themselves are fine.
    let edge = SecurityPolicy {
        password: PasswordPolicy {
            min_length: 64,
            ..PasswordPolicy::default()
        },
        lockout_threshold: 20,
        lockout_window_min: 1440,
        lockout_duration_min: 1,
        idle_timeout_min: 480,
        session_max_hours: 1,
        ..SecurityPolicy::default()
    };
    assert!(edge.validate().is_empty());

    let mut shop = ShopSettings {
        timezone: "Europe/Lutece".into(),
        ..ShopSettings::default()
    };
    shop.business_hours.mon = Some(OpenHours::new("18:00", "08:00"));
    shop.business_hours.tue = Some(OpenHours::new("8h", "18:00"));
    shop.business_hours.wed = Some(OpenHours::new("08:00", "24:00"));
    let err = f
        .store
        .write(Some(&admin.id), |tx| save_shop(tx, &admin, shop))
        .unwrap_err();
    let CoreError::Invalid(e) = err else {
        panic!("expected Invalid")
    };
    assert_eq!(e.for_field("timezone").unwrap().key, "err-timezone");
    for field in ["hours_mon", "hours_tue", "hours_wed"] {
        assert_eq!(e.for_field(field).unwrap().key, "err-hours", "{field}");
    }
    assert!(e.for_field("hours_thu").is_none());
    let q = "SELECT count(*) FROM settings";
    let rows: i64 = f.store.conn().query_row(q, [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);
    assert!(f.audit_rows("settings.update").is_empty());
}

#[test]
fn only_admins_edit_settings() {
    let mut f = Fixture::new();
    for actor in [f.supervisor.clone(), f.technician.clone()] {
        let err = f
            .store
            .write(Some(&actor.id), |tx| {
                save_security(tx, &actor, SecurityPolicy::default())
            })
            .unwrap_err();
        assert!(matches!(err, CoreError::Forbidden(_)), "{err:?}");
        let err = f
            .store
            .write(Some(&actor.id), |tx| {
                save_shop(tx, &actor, ShopSettings::default())
            })
            .unwrap_err();
        assert!(matches!(err, CoreError::Forbidden(_)), "{err:?}");
    }
    // A session that still believes it is admin after a demotion is refused too.
    let stale = Session::for_tests(users::User {
        role: Role::Admin,
        ..f.supervisor.user().clone()
    });
    let err = f
        .store
        .write(Some(&stale.id), |tx| {
            save_security(tx, &stale, SecurityPolicy::default())
        })
        .unwrap_err();
    assert!(matches!(err, CoreError::Forbidden(_)));
}

#[test]
fn unreadable_or_partial_rows_fall_back_to_defaults() {
    let f = Fixture::new();
    f.store
        .conn()
        .execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('security', '{\"lockout_threshold\": 7}', 0),
                                                                     ('shop', '[1, 2]', 0)",
            [],
        )
        .unwrap();
    let p = get_security(f.store.conn()).unwrap();
    assert_eq!(p.lockout_threshold, 7);
    assert_eq!(p.lockout_window_min, 15);
    assert_eq!(get_shop(f.store.conn()).unwrap(), ShopSettings::default());
}

#[test]
fn session_state_enforces_idle_and_absolute_limits() {
    let p = SecurityPolicy::default();
    let start = 1_000_000;
    let min = 60_000;
    assert_eq!(
        p.session_state(start, start, start + 29 * min),
        SessionState::Active
    );
    assert_eq!(
        p.session_state(start, start, start + 30 * min),
        SessionState::IdleTimeout
    );
    // Active all day long, but the 8-hour lifetime still ends the session.
    let now = start + 8 * 60 * min;
    assert_eq!(
        p.session_state(start, now - min, now),
        SessionState::Expired
    );
    assert_eq!(
        p.session_state(start, now - min, now - min),
        SessionState::Active
    );
}

#[test]
fn planning_defaults_validation_and_save_all() {
    let mut f = Fixture::new();
    let p = get_planning(f.store.conn()).unwrap();
    assert_eq!(p.bays, vec!["Baie 1", "Baie 2", "Baie 3"]);
    assert_eq!(p.max_jobs_per_technician_per_day, 6);
    assert_eq!(p.default_job_minutes, 240);
    assert!(p.validate().is_empty());
    let bad = PlanningSettings {
        bays: vec!["Baie 1".into(), " baie 1 ".into()],
        max_jobs_per_technician_per_day: 0,
        default_job_minutes: 5,
    };
    let e = bad.clone().normalized().validate();
    assert_eq!(e.for_field("bays").unwrap().key, "job-err-bay-duplicate");
    assert_eq!(
        e.for_field("max_jobs_per_technician_per_day").unwrap().key,
        "err-range"
    );
    assert_eq!(e.for_field("default_job_minutes").unwrap().key, "err-range");
    let e = PlanningSettings {
        bays: vec!["  ".into()],
        ..PlanningSettings::default()
    }
    .validate();
    assert_eq!(e.for_field("bays").unwrap().key, "job-err-bay-name-empty");
    let e = PlanningSettings {
        bays: vec!["x".repeat(41)],
        ..PlanningSettings::default()
    }
    .validate();
    assert_eq!(e.for_field("bays").unwrap().key, "job-err-too-long");

    let admin = f.admin.clone();
    let mut draft = get_all(f.store.conn()).unwrap();
    draft.org.name = "Atelier".into();
    draft.planning = bad;
    draft.org.email = "pas-une-adresse".into();
    // The screen checks the draft with the very function the save uses: same problems.
    let expected = validate_all(&draft);
    for field in ["org_email", "bays", "max_jobs_per_technician_per_day"] {
        assert!(expected.for_field(field).is_some(), "{field}: {expected:?}");
    }
    match save_all(&mut f.store, &admin, draft.clone()) {
        Err(CoreError::Invalid(e)) => assert_eq!(e, expected),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(f.audit_rows("settings.update").is_empty());
    draft.org.email = String::new();
    draft.planning = PlanningSettings {
        bays: vec![" Box A ".into(), "Box B".into()],
        max_jobs_per_technician_per_day: 4,
        default_job_minutes: 180,
    };
    let saved = save_all(&mut f.store, &admin, draft).unwrap();
    assert_eq!(saved.planning.bays, vec!["Box A", "Box B"]);
    assert_eq!(get_planning(f.store.conn()).unwrap(), saved.planning);
    // Security and shop did not change, so they are not audited; planning is.
    let ids: Vec<_> = f
        .audit_rows("settings.update")
        .into_iter()
        .filter_map(|r| r.entity_id)
        .collect();
    assert!(ids.iter().any(|i| i == "planning"), "{ids:?}");
    assert!(
        !ids.iter().any(|i| i == "security" || i == "shop"),
        "{ids:?}"
    );
}

#[test]
fn hhmm_is_strict() {
    assert!(parse_hhmm("08:00").is_some());
    assert!(parse_hhmm("23:59").is_some());
    assert!(parse_hhmm("8:00").is_none());
    assert!(parse_hhmm("24:00").is_none());
    assert!(parse_hhmm("08:60").is_none());
    assert!(parse_hhmm("0800").is_none());
    assert!(OpenHours::new("12:00", "12:00").times().is_none());
}

#[test]
fn update_and_terminal_settings_save_with_the_draft() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let mut draft = get_all(f.store.conn()).unwrap();
    assert_eq!(draft.updates, UpdateSettings::default());
    assert!(!draft.terminal.kiosk);
    draft.org.name = "Atelier Test".into();
    draft.updates.channel = crate::updates::Channel::Beta;
    draft.updates.repository = " shop/rpma ".into();
    draft.updates.check_at_startup = false;
    draft.terminal.kiosk = true;
    let saved = save_all(&mut f.store, &admin, draft).unwrap();
    assert_eq!(saved.updates.repository, "shop/rpma");
    assert_eq!(get_updates(f.store.conn()).unwrap(), saved.updates);
    assert!(get_terminal(f.store.conn()).unwrap().kiosk);
    // A bad repository is refused with the other fields, nothing written.
    let mut bad = saved.clone();
    bad.updates.repository = "not a repo".into();
    bad.terminal.kiosk = false;
    match save_all(&mut f.store, &admin, bad) {
        Err(CoreError::Invalid(e)) => {
            assert!(e.0.iter().any(|f| f.field == "update_repository"));
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert!(get_terminal(f.store.conn()).unwrap().kiosk);
    // Technicians cannot change them.
    let tech = f.technician.clone();
    assert!(save_all(&mut f.store, &tech, saved).is_err());
}
