#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use crate::testutil::Fixture;

fn s3(bucket: &str) -> RemoteSettings {
    RemoteSettings {
        enabled: true,
        kind: RemoteKind::S3,
        bucket: bucket.to_owned(),
        prefix: "shops/martin".to_owned(),
        endpoint: "https://s3.fr-par.scw.cloud".to_owned(),
        region: "fr-par".to_owned(),
        access_key_id: "SCWABCDEF123".to_owned(),
        secret_sealed: String::new(),
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn fields(e: &FieldErrors) -> Vec<(&'static str, &'static str)> {
    e.0.iter().map(|f| (f.field, f.key)).collect()
}

#[test]
fn validation_names_each_bad_field() {
    assert!(s3("rpma-backups").validate(Some("x"), &no_env).is_empty());
    let bad = RemoteSettings {
        bucket: "Rpma Backups".to_owned(),
        prefix: "/a/../b".to_owned(),
        endpoint: "ftp://host".to_owned(),
        region: "eu west".to_owned(),
        access_key_id: "has space".to_owned(),
        ..s3("x")
    };
    let e = bad.validate(None, &no_env);
    assert_eq!(
        fields(&e),
        vec![
            ("remote_bucket", "backup-remote-err-bucket"),
            ("remote_prefix", "backup-remote-err-prefix"),
            ("remote_endpoint", "backup-remote-err-endpoint"),
            ("remote_region", "backup-remote-err-region"),
            ("remote_access_key_id", "backup-remote-err-access-key"),
            ("remote_secret", "err-required"),
        ]
    );
    // Normalisation trims slashes and spaces; `//` inside stays refused.
    let n = RemoteSettings {
        prefix: " /a/b/ ".to_owned(),
        endpoint: "http://127.0.0.1:9000/".to_owned(),
        ..s3("rpma-backups")
    }
    .normalized();
    assert_eq!(n.prefix, "a/b");
    assert_eq!(n.endpoint, "http://127.0.0.1:9000");
    assert!(n.validate(Some("k"), &no_env).is_empty());
    let double = RemoteSettings {
        prefix: "a//b".to_owned(),
        ..s3("rpma-backups")
    };
    assert_eq!(
        fields(&double.validate(Some("k"), &no_env)),
        vec![("remote_prefix", "backup-remote-err-prefix")]
    );
    // A disabled copy with nothing filled in is fine; a folder needs an absolute path.
    assert!(RemoteSettings::default().validate(None, &no_env).is_empty());
    let folder = RemoteSettings {
        enabled: true,
        kind: RemoteKind::Fs,
        bucket: "relative/dir".to_owned(),
        ..RemoteSettings::default()
    };
    assert_eq!(
        fields(&folder.validate(None, &no_env)),
        vec![("remote_bucket", "backup-remote-err-folder")]
    );
}

#[test]
fn gcs_takes_bucket_and_key_from_the_environment_of_the_seeds() {
    let gcs = RemoteSettings {
        enabled: true,
        kind: RemoteKind::Gcs,
        ..RemoteSettings::default()
    };
    assert_eq!(
        fields(&gcs.validate(None, &no_env)),
        vec![
            ("remote_bucket", "err-required"),
            ("remote_secret", "err-required")
        ]
    );
    let env = |name: &str| match name {
        ENV_GCS_BUCKET => Some("rpma-backups".to_owned()),
        ENV_GCS_KEY => Some(r#"{"client_email":"a@b","private_key":"k"}"#.to_owned()),
        _ => None,
    };
    assert!(gcs.validate(None, &env).is_empty());
    let t = RemoteTarget::new(&gcs, None, &env).unwrap();
    assert_eq!(t.bucket, "rpma-backups");
    assert_eq!(t.display_location(), "gs://rpma-backups");
    assert!(t.secret().is_some_and(|s| s.contains("client_email")));
    // A key typed in must look like a service-account key.
    assert_eq!(
        fields(&gcs.validate(Some("not json"), &env)),
        vec![("remote_secret", "backup-remote-err-gcs-key")]
    );
    // A saved bucket wins over the environment.
    let named = RemoteSettings {
        bucket: "own-bucket".to_owned(),
        ..gcs.clone()
    };
    assert_eq!(named.effective_bucket(&env), "own-bucket");
}

#[test]
fn the_secret_is_sealed_never_logged_and_only_admins_save() {
    let f = Fixture::new();
    let (mut store, admin, chef) = (f.store, f.admin, f.supervisor);
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    // A supervisor may not.
    let refused = store.write(Some(&chef.id), |tx| {
        save_remote(
            tx,
            &chef,
            s3("rpma-backups"),
            &SecretChange::Set(SecretString::from(SECRET)),
        )
    });
    assert!(
        matches!(refused, Err(CoreError::Forbidden(_))),
        "{refused:?}"
    );
    assert_eq!(get_remote(store.conn()).unwrap(), RemoteSettings::default());

    // Bad input: refused whole, nothing saved.
    let bad = store.write(Some(&admin.id), |tx| {
        save_remote(tx, &admin, s3("B@D"), &SecretChange::Keep)
    });
    assert!(matches!(bad, Err(CoreError::Invalid(_))), "{bad:?}");
    assert_eq!(get_remote(store.conn()).unwrap(), RemoteSettings::default());

    let saved = store
        .write(Some(&admin.id), |tx| {
            save_remote(
                tx,
                &admin,
                s3("rpma-backups"),
                &SecretChange::Set(SecretString::from(SECRET)),
            )
        })
        .unwrap();
    assert!(saved.has_secret());
    assert!(saved.secret_sealed.starts_with(crate::keys::SEALED_PREFIX));
    // Not in the row, the audit log, or any Debug output.
    let row: String = store
        .conn()
        .query_row(
            "SELECT value FROM terminal_settings WHERE key = ?1",
            [KEY_REMOTE],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!row.contains(SECRET));
    let audit: Vec<String> = {
        let mut st = store
            .conn()
            .prepare(
                "SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log
                 WHERE entity_id = ?1",
            )
            .unwrap();
        st.query_map([KEY_REMOTE], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(audit.len(), 1);
    assert!(!audit[0].contains(SECRET) && !audit[0].contains("enc1:"));
    assert!(audit[0].contains("\"secret_set\":true"), "{}", audit[0]);
    let target = resolve(store.conn(), store.key(), &no_env)
        .unwrap()
        .unwrap();
    assert_eq!(target.secret(), Some(SECRET));
    for dbg in [format!("{saved:?}"), format!("{target:?}")] {
        assert!(!dbg.contains(SECRET) && !dbg.contains("enc1:"), "{dbg}");
    }
    assert_eq!(target.display_location(), "s3://rpma-backups/shops/martin");

    // Keep leaves it; another shop's key does not open it.
    let kept = store
        .write(Some(&admin.id), |tx| {
            save_remote(
                tx,
                &admin,
                RemoteSettings {
                    region: "fr-par".to_owned(),
                    ..saved.clone()
                },
                &SecretChange::Keep,
            )
        })
        .unwrap();
    assert_eq!(kept.secret_sealed, saved.secret_sealed);
    let other = ShopKey::generate().unwrap();
    let e = resolve(store.conn(), &other, &no_env).unwrap_err();
    assert!(
        matches!(e, CoreError::Refused { key } if key == "backup-remote-err-secret-unreadable")
    );
    // Clear, on an enabled S3 copy: refused (a key is required).
    let cleared = store.write(Some(&admin.id), |tx| {
        save_remote(tx, &admin, kept.clone(), &SecretChange::Clear)
    });
    assert!(matches!(cleared, Err(CoreError::Invalid(_))));
    // Disabled: resolve says there is no target.
    store
        .write(Some(&admin.id), |tx| {
            save_remote(
                tx,
                &admin,
                RemoteSettings {
                    enabled: false,
                    ..kept.clone()
                },
                &SecretChange::Clear,
            )
        })
        .unwrap();
    assert!(
        resolve(store.conn(), store.key(), &no_env)
            .unwrap()
            .is_none()
    );
}
