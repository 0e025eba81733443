//! The copy of app and scheduled backups to object storage (a folder target: the same code path
//! as S3 and GCS through `object_store`, which `backup::tests_remote` runs against moto).

#![allow(clippy::unwrap_used)]

use super::tests::{shop, terminal_of};
use super::*;
use crate::backup::remote_settings::{RemoteKind, RemoteSettings, SecretChange, save_remote};
use crate::store::Store;

fn copy_to(root: &Path, admin: &crate::Session, folder: &Path) {
    let (mut s, _) = Store::open(&root.join(DB_FILE)).unwrap();
    s.write(Some(&admin.id), |tx| {
        save_remote(
            tx,
            admin,
            RemoteSettings {
                enabled: true,
                kind: RemoteKind::Fs,
                bucket: folder.display().to_string(),
                prefix: "atelier".into(),
                ..RemoteSettings::default()
            },
            &SecretChange::Keep,
        )
    })
    .unwrap();
}

fn backup_now(root: &Path, who: Requester<'_>, now_ms: i64) -> BackupDone {
    let run = BackupRun {
        data_root: root.to_owned(),
        passphrase: None,
        now_ms,
        lang: Lang::En,
    };
    run_backup(who, &run, &mut |_| {}, &AtomicBool::new(false)).unwrap()
}

fn copies(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder.join("atelier"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_backup_made_in_the_app_is_copied_off_site_once_verified() {
    let (dir, root, admin, _) = shop();
    let off_site = dir.path().join("usb-or-bucket");
    std::fs::create_dir_all(&off_site).unwrap();
    // Not configured: no copy, nothing recorded about one.
    let done = backup_now(&root, Requester::User(&admin), 1_772_442_000_000);
    assert_eq!(done.remote, None);
    assert!(copies(&off_site).is_empty());

    copy_to(&root, &admin, &off_site);
    let done = backup_now(&root, Requester::User(&admin), 1_772_442_060_000);
    let remote = done.remote.clone().unwrap();
    assert!(remote.ok, "{remote:?}");
    let name = done
        .created
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(copies(&off_site), vec![name.clone()]);
    // The copy is the backup, byte for byte.
    assert_eq!(
        std::fs::read(off_site.join("atelier").join(&name)).unwrap(),
        std::fs::read(&done.created.path).unwrap()
    );
    let record = status::last_run(&root).unwrap();
    assert_eq!(record.remote, Some(remote));
    let st = status::read(&root, 1_772_442_070_000).unwrap();
    assert_eq!(st.remote_failed(), None);
}

#[test]
fn a_failed_copy_keeps_the_backup_good_and_is_recorded_for_the_alert() {
    let (dir, root, admin, _) = shop();
    let off_site = dir.path().join("share");
    std::fs::create_dir_all(&off_site).unwrap();
    copy_to(&root, &admin, &off_site);
    // The share went away and a file took its place: the copy cannot be written.
    std::fs::remove_dir_all(&off_site).unwrap();
    std::fs::write(&off_site, b"not a folder").unwrap();
    let done = backup_now(&root, Requester::Schedule, 1_772_442_000_000);
    assert!(done.verified.is_ok());
    let remote = done.remote.unwrap();
    assert!(!remote.ok);
    assert!(remote.error.as_deref().is_some_and(|e| !e.is_empty()));
    let record = status::last_run(&root).unwrap();
    assert!(record.ok, "the backup itself is good");
    let st = status::read(&root, 1_772_442_010_000).unwrap();
    assert!(!st.last_failed());
    let (location, error) = st.remote_failed().unwrap();
    assert!(location.ends_with("share/atelier"), "{location}");
    assert!(!error.is_empty());
}

#[test]
fn the_schedule_applies_the_retention_to_the_copies_too() {
    let (dir, root, admin, _) = shop();
    let off_site = dir.path().join("bucket");
    std::fs::create_dir_all(&off_site).unwrap();
    copy_to(&root, &admin, &off_site);
    let (mut s, _) = Store::open(&root.join(DB_FILE)).unwrap();
    let draft = settings::BackupSettingsDraft {
        settings: settings::BackupSettings {
            retention: retention::RetentionPolicy {
                daily: 2,
                weekly: 0,
                monthly: 0,
            },
            ..settings::BackupSettings::default()
        },
        ..settings::BackupSettingsDraft::default()
    };
    settings::save(&mut s, &admin, &draft, Some(&root)).unwrap();
    drop(s);
    let day = 86_400_000;
    for d in 0..4 {
        backup_now(&root, Requester::Schedule, 1_772_442_000_000 + d * day);
    }
    let left = copies(&off_site);
    assert_eq!(left.len(), 2, "{left:?}");
    let newest = status::own_backups(&root.join("backups"), &terminal_of(&root));
    let newest: Vec<String> = newest
        .iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut local = newest.clone();
    local.sort();
    assert_eq!(left, local, "the same two are kept on both sides");
}
