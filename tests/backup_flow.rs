//! Backups through the app: an admin makes one from the Maintenance screen and sees it listed
//! with its size and verification; a technician sees no backup action and the core refuses his
//! backup; Settings → Backups saves a schedule and refuses bad input with a clear message and
//! nothing changed; a write refused by the disk says so and the status bar says "read-only".

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{app_tasks, click, click_icon, labels, login, set_field, shows, texts, wait_for};
use rpma::route::{self, RouteKind};
use rpma::tasks::backup::{self as work, TaskOutput, Who};
use rpma::tasks::{TaskOwner, TaskRunner};
use rpma::ui::icons;
use rpma_core::auth::permissions::Role;
use rpma_core::backup::schedule::ScheduleSpec;
use rpma_core::backup::{BackupError, VerifiedState, list_backups};
use rpma_core::safety::settings::{self as backup_settings, BackupSettings};
use rpma_core::{CoreError, Lang, format, users};

/// A data folder of its own (a restore would put things beside it).
fn data_dir(dir: &Path) -> PathBuf {
    let root = dir.join("data");
    std::fs::create_dir_all(&root).unwrap();
    root
}

fn saved_settings(root: &Path) -> BackupSettings {
    let conn = rpma_core::store::open_read_only(&root.join("rpma.db")).unwrap();
    backup_settings::get(&conn).unwrap()
}

#[test]
fn an_admin_creates_a_backup_from_maintenance_and_sees_it_listed_with_size_and_verification() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_tasks(&root, true);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Maintenance");
    assert_eq!(h.state().route(), RouteKind::Maintenance);
    assert!(
        wait_for(&mut h, |h| shows(h, "Aucune sauvegarde dans ce dossier")),
        "{}",
        texts(&h)
    );
    click_icon(&mut h, icons::PLUS, "Créer une sauvegarde");
    assert!(shows(&h, "Chiffrer avec une phrase de passe"));
    click(&mut h, "Lancer la sauvegarde");
    assert!(
        wait_for(&mut h, |h| shows(h, "Vérifiée") && shows(h, "rpma-backup-")),
        "{}",
        texts(&h)
    );
    let files = list_backups(&root.join("backups")).unwrap();
    assert_eq!(files.len(), 1);
    let b = &files[0];
    assert_eq!(b.verified, VerifiedState::Verified);
    assert!(!b.encrypted);
    let name = b.path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(shows(&h, &name), "{}", texts(&h));
    assert!(
        shows(&h, &format::format_bytes(b.bytes, Lang::Fr)),
        "the size is shown: {}",
        texts(&h)
    );
    assert!(
        h.state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("Sauvegarde créée et vérifiée")),
        "{:?}",
        h.state().toasts()
    );
    // The audit log says who made it.
    let conn = rpma_core::store::open_read_only(&root.join("rpma.db")).unwrap();
    let by: Option<String> = conn
        .query_row(
            "SELECT u.username FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = 'backup.create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by.as_deref(), Some("admin"));
    drop(conn);
    // Verify it again from its row.
    click_icon(&mut h, icons::SHIELD_CHECK, "Vérifier");
    assert!(
        wait_for(&mut h, |h| h
            .state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("est intacte"))),
        "{:?}",
        h.state().toasts()
    );
}

#[test]
fn an_encrypted_backup_asks_for_its_passphrase_twice_and_refuses_a_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_tasks(&root, true);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Maintenance");
    click_icon(&mut h, icons::PLUS, "Créer une sauvegarde");
    click(&mut h, "Chiffrer avec une phrase de passe");
    set_field(&mut h, "Phrase de passe", "cheval agrafe batterie");
    set_field(
        &mut h,
        "Phrase de passe (confirmation)",
        "cheval agrafe baterie",
    );
    click(&mut h, "Lancer la sauvegarde");
    assert!(
        shows(&h, "Les deux phrases de passe diffèrent."),
        "{}",
        texts(&h)
    );
    assert!(h.state().running_tasks().is_empty(), "nothing started");
    assert!(list_backups(&root.join("backups")).unwrap().is_empty());
}

#[test]
fn a_technician_sees_no_backup_actions_and_the_core_refuses_his_backup() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_tasks(&root, true);
    login(&mut h, "karim", "Demo-Tech-2026");
    assert_eq!(h.state().user().map(|u| u.role), Some(Role::Technician));
    assert!(!route::allowed(Role::Technician, RouteKind::Maintenance));
    assert!(!shows(&h, "Maintenance"), "{}", labels(&h));
    assert!(!shows(&h, "Réglages"));
    assert!(!shows(&h, "Créer une sauvegarde"));
    let tech = h.state().user().cloned().unwrap();
    drop(h);
    // The core refuses it even when asked directly, on the task runner the app uses.
    let mut runner: TaskRunner<TaskOutput> = TaskRunner::new(Arc::new(|| {}));
    let now = chrono::Utc::now().timestamp_millis();
    runner
        .spawn(
            TaskOwner::Maintenance,
            "backup",
            "task-backup",
            work::create(root.clone(), Who::User(Box::new(tech)), None, now, Lang::Fr),
        )
        .unwrap();
    let done = loop {
        if let Some(d) = runner.poll().pop() {
            break d;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    match done.result.unwrap() {
        TaskOutput::Backup(Err(BackupError::Core(CoreError::Forbidden(_)))) => {}
        other => panic!("expected Forbidden, got {other:?}"),
    }
    assert!(list_backups(&root.join("backups")).unwrap().is_empty());
    // A supervisor sees the checks and statistics, not the backups.
    let mut h = app_tasks(&root, false);
    login(&mut h, "chef", "Demo-Chef-2026");
    click(&mut h, "Maintenance");
    assert!(shows(&h, "Lancer la vérification"));
    assert!(!shows(&h, "Créer une sauvegarde"));
    assert!(!shows(&h, "Compacter la base"));
}

#[test]
fn settings_backups_saves_a_schedule_and_refuses_bad_input_with_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_tasks(&root, true);
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Réglages");
    click_icon(&mut h, icons::ARCHIVE, "Sauvegardes");
    assert!(shows(&h, "Planification"), "{}", texts(&h));
    let before = saved_settings(&root);
    // Every 0 hours: refused.
    click(&mut h, "Toutes les N heures");
    set_field(&mut h, "Nombre d’heures", "0");
    click_icon(&mut h, icons::FLOPPY_DISK, "Enregistrer");
    assert!(
        shows(&h, "Choisissez entre 1 et 168 heures."),
        "{}",
        texts(&h)
    );
    assert_eq!(saved_settings(&root), before, "nothing changed");
    // No backup kept at all: refused.
    set_field(&mut h, "Nombre d’heures", "6");
    set_field(&mut h, "Quotidiennes", "0");
    set_field(&mut h, "Hebdomadaires", "0");
    set_field(&mut h, "Mensuelles", "0");
    click_icon(&mut h, icons::FLOPPY_DISK, "Enregistrer");
    assert!(shows(&h, "Gardez au moins une sauvegarde"), "{}", texts(&h));
    assert!(
        !shows(&h, "Choisissez entre 1 et 168 heures."),
        "the fixed field is clear"
    );
    assert_eq!(saved_settings(&root), before);
    // A folder that cannot be made (a file stands in its way): refused by the core's check.
    set_field(&mut h, "Quotidiennes", "5");
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    click(&mut h, "Autre dossier");
    set_field(
        &mut h,
        "Dossier de destination",
        &blocker.join("backups").display().to_string(),
    );
    click_icon(&mut h, icons::FLOPPY_DISK, "Enregistrer");
    assert!(shows(&h, "comme dossier"), "{}", texts(&h));
    assert_eq!(saved_settings(&root), before);
    // A good folder: saved.
    let usb = dir.path().join("usb");
    set_field(&mut h, "Dossier de destination", &usb.display().to_string());
    click_icon(&mut h, icons::FLOPPY_DISK, "Enregistrer");
    assert!(
        h.state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("Réglages des sauvegardes enregistrés")),
        "{:?} {}",
        h.state().toasts(),
        texts(&h)
    );
    let saved = saved_settings(&root);
    assert_eq!(saved.schedule, Some(ScheduleSpec::EveryHours { hours: 6 }));
    assert_eq!(saved.destination.as_deref(), Some(usb.as_path()));
    assert_eq!(saved.retention.daily, 5);
    assert!(usb.is_dir(), "the folder was made and tried");
    // And audited.
    let conn = rpma_core::store::open_read_only(&root.join("rpma.db")).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'settings.update' AND entity_id = 'backups'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    let admin = users::list(&conn)
        .unwrap()
        .into_iter()
        .find(|u| u.username == "admin")
        .unwrap();
    assert_eq!(admin.role, Role::Admin);
}

#[test]
fn a_write_refused_by_the_disk_says_so_and_the_status_bar_says_read_only() {
    use rpma::jobs::Job;
    use rpma::jobs::safety::SafetyJob;
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_tasks(&root, true);
    login(&mut h, "admin", "Demo-Admin-2026");
    assert!(!shows(&h, "Disque en lecture seule"));
    h.state_mut()
        .submit_for_test(Job::Safety(SafetyJob::TestRefuseWrites(true)));
    h.run();
    // Any save now fails: the preferences (theme) of the profile.
    click(&mut h, "Mon profil");
    click_icon(&mut h, icons::MOON, "Sombre");
    h.run();
    assert!(
        h.state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("lecture seule") && t.text.contains("pas été enregistrée")),
        "{:?}",
        h.state().toasts()
    );
    assert!(shows(&h, "Disque en lecture seule"), "{}", texts(&h));
    // The app keeps running; once the disk takes writes again, the next save clears it.
    h.state_mut()
        .submit_for_test(Job::Safety(SafetyJob::TestRefuseWrites(false)));
    h.run();
    click_icon(&mut h, icons::MOON, "Sombre");
    h.run();
    assert!(
        h.state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("Préférences enregistrées")),
        "{:?}",
        h.state().toasts()
    );
    assert!(!shows(&h, "Disque en lecture seule"), "{}", texts(&h));
}

#[test]
fn maintenance_and_settings_backups_with_a_backup_listed_fit_1024x768() {
    use common::reach::{Scope, unreachable};
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_tasks(&root, true);
    h.set_size(egui::Vec2::new(1024.0, 768.0));
    h.run();
    login(&mut h, "admin", "Demo-Admin-2026");
    click(&mut h, "Maintenance");
    click_icon(&mut h, icons::PLUS, "Créer une sauvegarde");
    click(&mut h, "Chiffrer avec une phrase de passe");
    let open_form = unreachable(&mut h, Scope::All);
    assert!(open_form.is_empty(), "create form: {open_form:?}");
    click(&mut h, "Lancer la sauvegarde");
    assert!(shows(&h, "Saisissez une phrase de passe."), "{}", texts(&h));
    click(&mut h, "Chiffrer avec une phrase de passe");
    click(&mut h, "Lancer la sauvegarde");
    assert!(wait_for(&mut h, |h| shows(h, "Vérifiée")), "{}", texts(&h));
    let listed = unreachable(&mut h, Scope::All);
    assert!(listed.is_empty(), "maintenance: {listed:?}");
    click(&mut h, "Réglages");
    click_icon(&mut h, icons::ARCHIVE, "Sauvegardes");
    click(&mut h, "Autre dossier");
    let settings = unreachable(&mut h, Scope::All);
    assert!(settings.is_empty(), "settings → backups: {settings:?}");
}
