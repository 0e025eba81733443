//! Tests of [`super`]: creation, validation, consent, rights, trash, list and erasure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use super::*;
use crate::testutil::Fixture;

pub(crate) fn person(name: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        email: format!("{}@exemple.fr", name.to_lowercase().replace(' ', ".")),
        phone: "06 12 34 56 78".into(),
        postal_code: "69003".into(),
        city: "Lyon".into(),
        ..ClientInput::default()
    }
}

fn company() -> ClientInput {
    ClientInput {
        kind: ClientKind::Business,
        name: "Sophie Martin".into(),
        company_name: "Garage du Parc".into(),
        siret: "732 829 320 00074".into(),
        vat_number: "FR44732829320".into(),
        ..ClientInput::default()
    }
}

fn client_count(f: &Fixture) -> i64 {
    f.store
        .conn()
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn creates_individuals_and_businesses_normalised() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let c = create(&mut f.store, &admin, &person("Élodie Durand")).unwrap();
    assert_eq!(c.phone.as_deref(), Some("+33612345678"));
    assert_eq!(c.country, "FR");
    assert_eq!(c.display_name(), "Élodie Durand");
    let b = create(&mut f.store, &admin, &company()).unwrap();
    assert_eq!(b.display_name(), "Garage du Parc");
    assert_eq!(b.siret.as_deref(), Some("73282932000074"));
    assert_eq!(f.audit_rows("client.create").len(), 2);
    // No personal data in the audit log.
    let row = &f.audit_rows("client.create")[0];
    assert!(!row.after.clone().unwrap_or_default().contains("Durand"));
}

#[test]
fn bad_input_is_refused_field_by_field_and_nothing_is_saved() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let before = client_count(&f);
    let bad = ClientInput {
        kind: ClientKind::Business,
        name: String::new(),
        company_name: " ".into(),
        siret: "123".into(),
        email: "pas-un-mail".into(),
        phone: "06 12".into(),
        postal_code: "7501".into(),
        ..ClientInput::default()
    };
    let Err(CoreError::Invalid(e)) = create(&mut f.store, &admin, &bad) else {
        panic!("expected Invalid");
    };
    for field in [
        "name",
        "company_name",
        "siret",
        "email",
        "phone",
        "postal_code",
    ] {
        assert!(e.for_field(field).is_some(), "{field}");
    }
    assert_eq!(
        e.for_field("postal_code").unwrap().key,
        "err-postal-code-fr"
    );
    assert_eq!(client_count(&f), before);
}

#[test]
fn foreign_postal_codes_are_not_forced_into_the_french_shape() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let mut input = person("John Smith");
    input.country = "gb".into();
    input.postal_code = "SW1A 1AA".into();
    input.phone = "+44 20 7946 0958".into();
    let c = create(&mut f.store, &admin, &input).unwrap();
    assert_eq!(c.country, "GB");
    assert_eq!(c.postal_code.as_deref(), Some("SW1A 1AA"));
}

#[test]
fn email_and_phone_are_optional() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let c = create(
        &mut f.store,
        &admin,
        &ClientInput {
            name: "Paul Leroy".into(),
            ..ClientInput::default()
        },
    )
    .unwrap();
    assert_eq!(c.email, None);
    assert_eq!(c.phone, None);
}

#[test]
fn consent_gets_a_date_and_loses_it_when_withdrawn() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let c = create(&mut f.store, &admin, &person("Ana Lopez")).unwrap();
    assert_eq!(c.consent_at, None);
    let mut input = c.to_input();
    input.marketing_consent = true;
    f.clock.advance(60_000);
    let c2 = update(&mut f.store, &admin, &c.id, &input.clone()).unwrap();
    assert_eq!(c2.consent_at, Some(f.store.now_ms()));
    f.clock.advance(60_000);
    let c3 = update(&mut f.store, &admin, &c.id, &input.clone()).unwrap();
    assert_eq!(
        c3.consent_at, c2.consent_at,
        "unchanged consent keeps its date"
    );
    input.marketing_consent = false;
    let c4 = update(&mut f.store, &admin, &c.id, &input).unwrap();
    assert_eq!(c4.consent_at, None);
}

#[test]
fn viewers_cannot_edit_and_technicians_cannot_delete() {
    let mut f = Fixture::new();
    let (viewer, tech, admin) = (f.viewer.clone(), f.technician.clone(), f.admin.clone());
    assert!(matches!(
        create(&mut f.store, &viewer, &person("X Y")),
        Err(CoreError::Forbidden(_))
    ));
    let c = create(&mut f.store, &tech, &person("Tech Made")).unwrap();
    assert!(matches!(
        delete(&mut f.store, &tech, &c.id),
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        erase(&mut f.store, &f.supervisor.clone(), &c.id),
        Err(CoreError::Forbidden(_))
    ));
    delete(&mut f.store, &admin, &c.id).unwrap();
}

#[test]
fn delete_is_soft_refused_with_open_jobs_and_restorable() {
    let mut f = Fixture::new();
    let (admin, sup) = (f.admin.clone(), f.supervisor.clone());
    let c = create(&mut f.store, &admin, &person("Marc Petit")).unwrap();
    crate::testutil::insert_job_raw(&f.store, &c.id, "scheduled");
    let err = delete(&mut f.store, &admin, &c.id).unwrap_err();
    assert!(
        matches!(&err, CoreError::RefusedWith { key: "client-err-open-jobs", args } if args[0].1 == "1")
    );
    assert!(
        get(f.store.conn(), &c.id)
            .unwrap()
            .unwrap()
            .deleted_at
            .is_none()
    );
    f.store
        .conn()
        .execute("UPDATE jobs SET status = 'completed'", [])
        .unwrap();
    delete(&mut f.store, &admin, &c.id).unwrap();
    let listed = list(f.store.conn(), &ClientFilter::default()).unwrap();
    assert!(listed.iter().all(|r| r.id != c.id));
    let trash = list(
        f.store.conn(),
        &ClientFilter {
            deleted: true,
            ..ClientFilter::default()
        },
    )
    .unwrap();
    assert_eq!(trash.len(), 1);
    restore(&mut f.store, &sup, &c.id).unwrap();
    assert!(
        get(f.store.conn(), &c.id)
            .unwrap()
            .unwrap()
            .deleted_at
            .is_none()
    );
    assert_eq!(f.audit_rows("client.restore").len(), 1);
}

#[test]
fn list_filters_sorts_and_searches() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let mut a = person("Zoé Lefèvre");
    a.tags = vec!["VIP".into(), "flotte".into()];
    create(&mut f.store, &admin, &a).unwrap();
    create(&mut f.store, &admin, &person("Arnaud Blanc")).unwrap();
    create(&mut f.store, &admin, &company()).unwrap();
    let names = |f: &ClientFilter, s: &Store| -> Vec<String> {
        list(s.conn(), f)
            .unwrap()
            .into_iter()
            .map(|r| r.display_name)
            .collect()
    };
    assert_eq!(
        names(&ClientFilter::default(), &f.store),
        ["Arnaud Blanc", "Garage du Parc", "Zoé Lefèvre"]
    );
    let biz = ClientFilter {
        kind: Some(ClientKind::Business),
        ..ClientFilter::default()
    };
    assert_eq!(names(&biz, &f.store), ["Garage du Parc"]);
    let vip = ClientFilter {
        tag: Some("VIP".into()),
        ..ClientFilter::default()
    };
    assert_eq!(names(&vip, &f.store), ["Zoé Lefèvre"]);
    // Accent-insensitive prefix search.
    let q = ClientFilter {
        text: "lefe".into(),
        ..ClientFilter::default()
    };
    assert_eq!(names(&q, &f.store), ["Zoé Lefèvre"]);
    assert_eq!(count(f.store.conn(), &q).unwrap(), 1);
    // Phone in national form.
    let q = ClientFilter {
        text: "0612".into(),
        ..ClientFilter::default()
    };
    assert_eq!(count(f.store.conn(), &q).unwrap(), 2);
    assert_eq!(all_tags(f.store.conn()).unwrap(), ["flotte", "VIP"]);
}

#[test]
fn erasure_anonymises_and_keeps_the_records() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let c = create(&mut f.store, &admin, &person("Julie Morel")).unwrap();
    let job = crate::testutil::insert_job_raw(&f.store, &c.id, "completed");
    f.store
        .conn()
        .execute(
            "INSERT INTO job_notes (id, job_id, body, at) VALUES ('n1', ?1, 'Julie rappelle', 0)",
            [&job],
        )
        .unwrap();
    let export = export_data(&mut f.store, &admin, &c.id).unwrap();
    assert_eq!(export["client"]["name"], "Julie Morel");
    assert_eq!(export["jobs"].as_array().unwrap().len(), 1);
    assert_eq!(export["vehicles"].as_array().unwrap().len(), 1);
    let e = erase(&mut f.store, &admin, &c.id).unwrap();
    assert_eq!(e.name, ANONYMISED_NAME);
    assert_eq!(e.email, None);
    assert!(e.anonymised_at.is_some());
    let notes: i64 = f
        .store
        .conn()
        .query_row("SELECT count(*) FROM job_notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(notes, 0);
    // The job stays; the search index no longer knows the name.
    let q = ClientFilter {
        text: "morel".into(),
        ..ClientFilter::default()
    };
    assert_eq!(count(f.store.conn(), &q).unwrap(), 0);
    assert!(matches!(
        update(&mut f.store, &admin, &c.id, &person("Julie Morel")),
        Err(CoreError::Refused { .. })
    ));
    assert_eq!(f.audit_rows("client.erase").len(), 1);
    assert_eq!(f.audit_rows("client.export").len(), 1);
    // Nothing personal in any audit payload.
    let leaked: i64 = f
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE coalesce(before, '') || coalesce(after, '') LIKE '%Morel%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leaked, 0);
}
