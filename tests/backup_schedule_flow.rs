//! The backup scheduler in the app: a run missed while RPMA was closed (here: never backed up)
//! is made at start, once; when the scheduled backup fails (its folder became unusable) the app
//! says so in a toast and in the status bar, and keeps running.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{TASK_STEPS, app_steps, shows, texts, wait_for};
use rpma_core::backup::{VerifiedState, list_backups};

fn data_dir(dir: &Path) -> PathBuf {
    let root = dir.join("data");
    std::fs::create_dir_all(&root).unwrap();
    root
}

#[test]
fn a_missed_scheduled_backup_is_made_at_start_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    let mut h = app_steps(&root, true, [1280.0, 800.0], TASK_STEPS, |c| {
        c.backup_schedule = true;
    });
    // The demo shop has the default schedule (daily at 20:00) and no backup yet: due at once.
    assert!(
        wait_for(&mut h, |_| list_backups(&root.join("backups"))
            .unwrap()
            .iter()
            .any(|b| b.verified == VerifiedState::Verified)),
        "{}",
        texts(&h)
    );
    // Once made, nothing more is due before tonight: no second backup, no alert.
    for _ in 0..20 {
        h.step();
    }
    assert_eq!(list_backups(&root.join("backups")).unwrap().len(), 1);
    assert!(!shows(&h, "Sauvegarde à faire"), "{}", texts(&h));
    let rec = rpma_core::safety::status::last_run(&root).unwrap();
    assert!(rec.ok && rec.scheduled);
}

#[test]
fn a_failed_scheduled_backup_shows_a_toast_and_the_status_bar_alert() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    // Set up, then the backup folder becomes unusable (a file where the folder was: a USB disk
    // replaced by something else), as the settings would not let anyone save.
    drop(common::app(&root, true));
    let blocker = dir.path().join("usb");
    std::fs::write(&blocker, "not a folder").unwrap();
    let conn = rusqlite::Connection::open(root.join("rpma.db")).unwrap();
    let value = serde_json::json!({
        "schedule": {"kind": "every_hours", "hours": 6},
        "destination": blocker.join("backups"),
    });
    conn.execute(
        "INSERT INTO terminal_settings (key, value, updated_at) VALUES ('backups', ?1, 0)",
        [value.to_string()],
    )
    .unwrap();
    drop(conn);
    let mut h = app_steps(&root, false, [1280.0, 800.0], TASK_STEPS, |c| {
        c.backup_schedule = true;
    });
    assert!(
        wait_for(&mut h, |h| h
            .state()
            .toasts()
            .iter()
            .any(|t| t.text.contains("La dernière sauvegarde a échoué"))),
        "{:?} {}",
        h.state().toasts(),
        texts(&h)
    );
    assert!(shows(&h, "Sauvegarde à faire"), "{}", texts(&h));
    let rec = rpma_core::safety::status::last_run(&root).unwrap();
    assert!(!rec.ok && rec.scheduled && rec.error.is_some());
    // The app keeps running: the login works.
    common::login(&mut h, "admin", "Demo-Admin-2026");
    assert!(h.state().user().is_some());
}

/// The window manager asks the window to close; the commands the app sent back in that frame.
fn request_close(h: &mut egui_kittest::Harness<'static, rpma::App>) -> Vec<egui::ViewportCommand> {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn with_on_exit_closing_the_window_first_makes_the_backup_then_closes() {
    let dir = tempfile::tempdir().unwrap();
    let root = data_dir(dir.path());
    drop(common::app(&root, true));
    let conn = rusqlite::Connection::open(root.join("rpma.db")).unwrap();
    conn.execute(
        "INSERT INTO terminal_settings (key, value, updated_at) VALUES ('backups', ?1, 0)",
        [serde_json::json!({"schedule": {"kind": "on_exit"}}).to_string()],
    )
    .unwrap();
    drop(conn);
    let mut h = app_steps(&root, false, [1280.0, 800.0], TASK_STEPS, |c| {
        c.backup_schedule = true;
    });
    common::login(&mut h, "admin", "Demo-Admin-2026");
    assert!(
        list_backups(&root.join("backups")).unwrap().is_empty(),
        "nothing before closing"
    );
    let cmds = request_close(&mut h);
    assert!(
        cmds.contains(&egui::ViewportCommand::CancelClose),
        "the close waits for the backup: {cmds:?}"
    );
    // The backup is made (at once here: the test runs tasks inline), then the window closes.
    let mut closed = false;
    for _ in 0..20 {
        h.step();
        let cmds = h
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map(|v| v.commands.clone())
            .unwrap_or_default();
        if cmds.contains(&egui::ViewportCommand::Close) {
            closed = true;
            break;
        }
    }
    assert!(closed, "{}", texts(&h));
    let files = list_backups(&root.join("backups")).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].verified, VerifiedState::Verified);
    // The next close request goes through (no second backup).
    let cmds = request_close(&mut h);
    assert!(
        !cmds.contains(&egui::ViewportCommand::CancelClose),
        "{cmds:?}"
    );
    assert_eq!(list_backups(&root.join("backups")).unwrap().len(), 1);
}
