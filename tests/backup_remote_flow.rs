//! The off-site copy through the app: an admin turns it on in Settings → Backups (a folder on
//! a mounted share here — S3 and GCS go through the same `object_store` code, tested against a
//! real S3 server in the core), bad input is refused with the field's message and nothing saved,
//! "Test the connection" answers, and a backup made from Maintenance lands there, verified and
//! identical. A technician cannot save it (the core refuses).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{TASK_STEPS, app_steps, click, click_icon, login, set_field, shows, texts, wait_for};
use rpma::ui::icons;
use rpma_core::backup::remote_settings::{
    RemoteKind, RemoteSettings, SecretChange, get_remote, save_remote,
};
use rpma_core::backup::{VerifiedState, list_backups};
use rpma_core::{CoreError, Store};

fn data_dir(dir: &Path) -> PathBuf {
    let root = dir.join("data");
    std::fs::create_dir_all(&root).unwrap();
    root
}

fn saved(root: &Path) -> RemoteSettings {
    let conn = rpma_core::store::open_read_only(&root.join("rpma.db")).unwrap();
    get_remote(&conn).unwrap()
}

#[test]
fn an_admin_sets_an_off_site_copy_tests_it_and_the_next_backup_lands_there() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    // Tall enough that the whole Backups tab shows without scrolling.
    let mut h = app_steps(&root, true, [1280.0, 2000.0], TASK_STEPS, |_| {});
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Réglages");
    click_icon(&mut h, icons::ARCHIVE, "Sauvegardes");
    assert!(
        wait_for(&mut h, |h| shows(h, "Copie hors site")),
        "{}",
        texts(&h)
    );
    click(&mut h, "Copier chaque sauvegarde vérifiée hors du poste");
    click(&mut h, "Dossier (partage réseau)");
    // Bad input: a relative path. The field says why; nothing is saved.
    set_field(
        &mut h,
        "Dossier (chemin complet, partage réseau ou disque monté)",
        "partage/rpma",
    );
    click_icon(&mut h, icons::FLOPPY_DISK, "Enregistrer la copie hors site");
    assert!(
        wait_for(&mut h, |h| shows(
            h,
            "Indiquez le chemin complet du dossier"
        )),
        "{}",
        texts(&h)
    );
    assert_eq!(saved(&root), RemoteSettings::default(), "nothing saved");
    // A good folder: saved, then tested.
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    set_field(
        &mut h,
        "Dossier (chemin complet, partage réseau ou disque monté)",
        &share.display().to_string(),
    );
    set_field(
        &mut h,
        "Préfixe (dossier dans le stockage, facultatif)",
        "atelier-martin",
    );
    click_icon(&mut h, icons::FLOPPY_DISK, "Enregistrer la copie hors site");
    assert!(
        wait_for(&mut h, |h| h
            .state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("Copie hors site enregistrée"))),
        "{}",
        texts(&h)
    );
    let s = saved(&root);
    assert!(s.enabled);
    assert_eq!(s.kind, RemoteKind::Fs);
    assert_eq!(s.prefix, "atelier-martin");
    click(&mut h, "Tester la connexion");
    assert!(
        wait_for(&mut h, |h| shows(h, "Connexion réussie")),
        "{}",
        texts(&h)
    );
    assert!(shows(&h, "(0 sauvegardes)"), "{}", texts(&h));

    // A backup made from Maintenance is copied there once verified.
    click(&mut h, "Maintenance");
    click_icon(&mut h, icons::PLUS, "Créer une sauvegarde");
    click(&mut h, "Lancer la sauvegarde");
    assert!(
        wait_for(&mut h, |h| shows(h, "Vérifiée") && shows(h, "rpma-backup-")),
        "{}",
        texts(&h)
    );
    let local = list_backups(&root.join("backups")).unwrap();
    assert_eq!(local.len(), 1);
    assert_eq!(local[0].verified, VerifiedState::Verified);
    let name = local[0].path.file_name().unwrap().to_owned();
    let copy = share.join("atelier-martin").join(&name);
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&local[0].path).unwrap(),
        "the copy is the backup"
    );
    let record = rpma_core::safety::status::last_run(&root).unwrap();
    assert!(record.remote.is_some_and(|r| r.ok));
}

#[test]
fn a_technician_cannot_save_an_off_site_copy() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    drop(common::app(&root, true));
    let (mut store, _) = Store::open(&root.join("rpma.db")).unwrap();
    let tech = rpma_core::testing::session_named(&store, "karim");
    let refused = store.write(Some(&tech.id), |tx| {
        save_remote(
            tx,
            &tech,
            RemoteSettings {
                enabled: true,
                kind: RemoteKind::Fs,
                bucket: dir.path().display().to_string(),
                ..RemoteSettings::default()
            },
            &SecretChange::Keep,
        )
    });
    assert!(
        matches!(refused, Err(CoreError::Forbidden(_))),
        "{refused:?}"
    );
    drop(store);
    assert_eq!(saved(&root), RemoteSettings::default());
}
