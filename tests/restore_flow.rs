//! Restores through the app: an admin restores a backup from the Maintenance screen and the app
//! opens again on the restored data (a client created after the backup is gone, the one before
//! is there, the replaced data kept aside); a database damaged on disk opens the recovery screen
//! at start — not a crash, not a new empty database — and restores from there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use common::{app_started, app_tasks, click, click_icon, login, set_field, shows, texts, wait_for};
use rpma::ui::icons;
use rpma_core::Store;
use rpma_core::backup::{self, CreateOptions, list_backups};
use rpma_core::safety::startup::{self, DbState};
use rpma_demo as demo;

fn data_dir(dir: &Path) -> PathBuf {
    let root = dir.join("data");
    std::fs::create_dir_all(&root).unwrap();
    root
}

fn add_client(root: &Path, id: &str, name: &str) {
    let conn = rusqlite::Connection::open(root.join("rpma.db")).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    conn.execute(
        "INSERT INTO clients (id, kind, name, created_at, updated_at) VALUES (?1, 'individual', ?2, 0, 0)",
        [id, name],
    )
    .unwrap();
}

fn has_client(db: &Path, name: &str) -> bool {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM clients WHERE name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        > 0
}

fn kept_folders(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("data.before-restore-"))
        })
        .collect()
}

#[test]
fn an_in_app_restore_reopens_on_the_restored_data() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_tasks(&root, true);
    add_client(&root, "client-avant", "Client Avant Sauvegarde");
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Maintenance");
    click_icon(&mut h, icons::PLUS, "Créer une sauvegarde");
    click(&mut h, "Lancer la sauvegarde");
    assert!(
        wait_for(&mut h, |h| shows(h, "Vérifiée") && shows(h, "rpma-backup-")),
        "{}",
        texts(&h)
    );
    // Written after the backup: the restore takes it away.
    add_client(&root, "client-apres", "Client Après Sauvegarde");
    click_icon(&mut h, icons::ARROW_COUNTER_CLOCKWISE, "Restaurer");
    assert!(
        wait_for(&mut h, |h| shows(h, "Restaurer cette sauvegarde ?")),
        "{}",
        texts(&h)
    );
    assert!(shows(
        &h,
        "Vérifiée : tous les fichiers et la base sont intacts"
    ));
    assert!(
        shows(&h, "sera remplacé"),
        "the current shop is named: {}",
        texts(&h)
    );
    click(&mut h, "Restaurer maintenant");
    // The app closes the store, swaps the data in and opens again: at the login.
    assert!(
        wait_for(&mut h, |h| shows(h, "Se connecter")
            && !h.state().is_recovering()),
        "{}",
        texts(&h)
    );
    assert!(
        h.state().user().is_none(),
        "signed out: the accounts are the backup's"
    );
    assert!(
        h.state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("Données restaurées")),
        "{:?}",
        h.state().toasts()
    );
    let db = root.join("rpma.db");
    assert!(has_client(&db, "Client Avant Sauvegarde"));
    assert!(!has_client(&db, "Client Après Sauvegarde"));
    // The restored data's audit log says it was restored, and by whom.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let after: String = conn
        .query_row(
            "SELECT after FROM audit_log WHERE action = 'backup.restore'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(after.contains("Claire Moreau"), "{after}");
    drop(conn);
    // The replaced data is kept aside, whole, with the later client in it.
    let kept = kept_folders(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(has_client(
        &kept[0].join("rpma.db"),
        "Client Après Sauvegarde"
    ));
    // The restored shop works: sign in, the client is listed.
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Clients");
    set_field(&mut h, "Rechercher un client", "Sauvegarde");
    assert!(
        wait_for(&mut h, |h| shows(h, "Client Avant Sauvegarde")),
        "{}",
        texts(&h)
    );
    assert!(!shows(&h, "Client Après Sauvegarde"));
}

/// Writes garbage over every page of the database but the first (a real write on the file).
fn damage(db: &Path) -> Vec<u8> {
    let len = std::fs::metadata(db).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(4096)).unwrap();
    let garbage: Vec<u8> = (0..len.saturating_sub(4096))
        .map(|i| (i.wrapping_mul(7919) % 251) as u8)
        .collect();
    f.write_all(&garbage).unwrap();
    f.sync_all().unwrap();
    drop(f);
    std::fs::read(db).unwrap()
}

#[test]
fn a_corrupt_database_at_start_opens_the_recovery_screen_and_restores_from_there() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let (mut store, _) = Store::open(&root.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    drop(store);
    add_client(&root, "client-ok", "Client Sauvé");
    // A verified backup in the data folder's backups.
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let made = backup::create(
        &CreateOptions {
            data_root: &root,
            out_dir: &root.join("backups"),
            terminal: "T1",
            passphrase: None,
            now_ms: chrono::Utc::now().timestamp_millis(),
            tz: rpma_core::format::DEFAULT_TZ,
        },
        &mut |_| {},
        &cancel,
    )
    .unwrap();
    assert!(
        backup::verify(&made.path, None, &mut |_| {}, &cancel)
            .unwrap()
            .is_ok()
    );
    let damaged = damage(&root.join("rpma.db"));
    assert!(startup::check_database(&root).needs_recovery());

    let mut h = app_started(&root);
    assert!(h.state().is_recovering());
    assert!(
        shows(&h, "La base de données ne peut pas être ouverte"),
        "{}",
        texts(&h)
    );
    assert!(
        !shows(&h, "Se connecter"),
        "nobody signs in to a damaged database"
    );
    assert_eq!(
        std::fs::read(root.join("rpma.db")).unwrap(),
        damaged,
        "the damaged file is left as it was: no new empty database in its place"
    );
    let name = made
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        wait_for(&mut h, |h| shows(h, &name)),
        "the backup is offered: {}",
        texts(&h)
    );
    assert!(shows(&h, "Vérifiée"));
    click_icon(&mut h, icons::ARROW_COUNTER_CLOCKWISE, "Restaurer");
    assert!(
        wait_for(&mut h, |h| shows(h, "Restaurer cette sauvegarde ?")),
        "{}",
        texts(&h)
    );
    click(&mut h, "Restaurer maintenant");
    assert!(
        wait_for(&mut h, |h| shows(h, "Se connecter")
            && !h.state().is_recovering()),
        "{}",
        texts(&h)
    );
    assert_eq!(startup::check_database(&root), DbState::Healthy);
    assert!(has_client(&root.join("rpma.db"), "Client Sauvé"));
    // The damaged database is kept aside, not deleted; the backups stayed with the terminal.
    let kept = kept_folders(dir.path());
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].join("rpma.db")).unwrap(), damaged);
    assert_eq!(list_backups(&root.join("backups")).unwrap().len(), 1);
    login(&mut h, "admin", "Demo-Admin-2026");
    assert!(h.state().user().is_some());
}

#[test]
fn a_missing_database_beside_the_shops_key_is_not_replaced_by_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let (mut store, _) = Store::open(&root.join("rpma.db")).unwrap();
    demo::populate(&mut store, demo::DEFAULT_SEED).unwrap();
    drop(store);
    std::fs::remove_file(root.join("rpma.db")).unwrap();
    let h = app_started(&root);
    assert!(h.state().is_recovering());
    assert!(shows(&h, "La base de données a disparu"), "{}", texts(&h));
    assert!(!root.join("rpma.db").exists(), "no new empty database");
}
