//! The background task runner on real threads: progress reaches the UI side while the task runs,
//! the result comes back to the owner that started it, a panicking task is reported as failed,
//! and cancelling a backup mid-archive stops it with nothing left under the final name.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use rpma::tasks::backup::TaskOutput;
use rpma::tasks::{TaskDone, TaskOwner, TaskRunner};
use rpma_core::Session;
use rpma_core::auth::permissions::Role;
use rpma_core::backup::{BackupError, Stage};
use rpma_core::safety::run::{self, BackupRun, Requester};
use rpma_core::users::NewUser;
use rpma_core::{Lang, Store};

/// Polls until `f` gives something (at most ~20 s; the bound only keeps a broken test from
/// hanging, it is not what the test checks).
fn eventually<T>(mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..2000 {
        if let Some(v) = f() {
            return v;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("nothing came");
}

fn finished<T: Send + 'static>(runner: &mut TaskRunner<T>) -> TaskDone<T> {
    eventually(|| runner.poll().pop())
}

#[test]
fn progress_arrives_while_the_task_runs_and_the_result_goes_to_its_owner() {
    let repaints = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&repaints);
    let mut runner: TaskRunner<String> = TaskRunner::new(Arc::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let id = runner
        .spawn(TaskOwner::Maintenance, "probe", "task-backup", move |ctl| {
            ctl.set(Some(0.5), "backup-stage-archive", "photos/a.jpg");
            go_rx.recv().unwrap();
            std::thread::current().name().unwrap_or("").to_owned()
        })
        .unwrap();
    assert!(runner.is_busy());
    // The progress shows while the task is still running (it waits for `go`).
    let info = eventually(|| runner.get(id).filter(|i| i.progress.fraction.is_some()));
    assert_eq!(info.progress.fraction, Some(0.5));
    assert_eq!(info.progress.label_key, "backup-stage-archive");
    assert_eq!(info.progress.detail, "photos/a.jpg");
    assert_eq!(info.owner, TaskOwner::Maintenance);
    assert_eq!(
        runner.of_owner(TaskOwner::Maintenance).map(|i| i.id),
        Some(id)
    );
    assert!(repaints.load(Ordering::SeqCst) >= 1, "the UI was woken");
    assert!(runner.poll().is_empty(), "not finished yet");
    go_tx.send(()).unwrap();
    let done = finished(&mut runner);
    assert_eq!(done.id, id);
    assert_eq!(done.owner, TaskOwner::Maintenance);
    assert_eq!(
        done.result.unwrap(),
        "rpma-task-probe",
        "a named thread of its own"
    );
    assert!(!runner.is_busy());
}

#[test]
fn a_panicking_task_is_reported_failed_and_the_runner_goes_on() {
    let mut runner: TaskRunner<u32> = TaskRunner::new(Arc::new(|| {}));
    runner
        .spawn(TaskOwner::App, "boom", "task-backup", |_| panic!("boom"))
        .unwrap();
    let done = finished(&mut runner);
    assert!(done.result.is_err());
    runner
        .spawn(TaskOwner::App, "fine", "task-backup", |_| 7)
        .unwrap();
    assert_eq!(finished(&mut runner).result.unwrap(), 7);
}

/// A data folder with an admin and a few megabytes of files to back up.
fn shop(root: &Path) -> Session {
    std::fs::create_dir_all(root.join("documents")).unwrap();
    let (mut store, _) = Store::open(&root.join("rpma.db")).unwrap();
    let admin = store
        .write(None, |tx| {
            rpma_core::testing::insert_session(
                tx,
                &NewUser {
                    username: "admin".into(),
                    display_name: "Admin".into(),
                    role: Some(Role::Admin),
                    password: "Atelier-Test-2026".into(),
                    locale: Lang::Fr,
                    ..NewUser::default()
                },
                &rpma_core::auth::password::PasswordPolicy::default(),
            )
        })
        .unwrap();
    drop(store);
    for i in 0..6 {
        let bytes: Vec<u8> = (0..2_000_000u32).map(|n| (n * 31 + i) as u8).collect();
        std::fs::write(root.join("documents").join(format!("doc-{i}.bin")), bytes).unwrap();
    }
    admin
}

#[test]
fn cancelling_a_backup_mid_archive_leaves_no_archive_under_the_final_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let admin = shop(&root);
    let mut runner: TaskRunner<TaskOutput> = TaskRunner::new(Arc::new(|| {}));
    let (ready_tx, ready_rx) = mpsc::channel::<()>();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let task_root = root.clone();
    let id = runner
        .spawn(
            TaskOwner::Maintenance,
            "backup",
            "task-backup",
            move |ctl| {
                let run = BackupRun {
                    data_root: task_root,
                    passphrase: None,
                    now_ms: chrono::Utc::now().timestamp_millis(),
                    lang: Lang::Fr,
                };
                let mut held = false;
                let mut progress = |p: &rpma_core::backup::Progress<'_>| {
                    ctl.set(Some(0.3), p.stage.label_key(), p.item);
                    // Once the archive is being written, wait for the test to press "cancel".
                    if p.stage == Stage::Archive && !held {
                        held = true;
                        ready_tx.send(()).unwrap();
                        go_rx.recv().unwrap();
                    }
                };
                TaskOutput::Backup(run::run_backup(
                    Requester::User(&admin),
                    &run,
                    &mut progress,
                    ctl.cancel_flag(),
                ))
            },
        )
        .unwrap();
    ready_rx.recv_timeout(Duration::from_secs(60)).unwrap();
    let out = root.join("backups");
    let partial: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        partial.iter().any(|n| n.ends_with(".part")),
        "the archive is being written under a temporary name: {partial:?}"
    );
    runner.cancel(id);
    assert!(runner.get(id).unwrap().cancelling);
    go_tx.send(()).unwrap();
    let done = finished(&mut runner);
    match done.result.unwrap() {
        TaskOutput::Backup(Err(BackupError::Cancelled)) => {}
        other => panic!("expected a cancelled backup, got {other:?}"),
    }
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("rpma-backup-") || n.starts_with(".rpma-backup-"))
        .collect();
    assert!(
        left.is_empty(),
        "nothing left of the cancelled backup: {left:?}"
    );
    // The outcome is recorded for the dashboard.
    let rec = rpma_core::safety::status::last_run(&root).unwrap();
    assert!(!rec.ok);
}

#[test]
fn an_external_task_shows_with_the_others_takes_a_cancel_and_ends_when_dropped() {
    let repaints = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&repaints);
    let mut runner: TaskRunner<()> = TaskRunner::new(Arc::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    let task = runner.external(TaskOwner::Photos, "task-photos");
    let id = task.id();
    // Its work runs on a thread the runner did not start.
    let (tx, rx) = mpsc::channel::<()>();
    let worker = std::thread::Builder::new()
        .name("photos-probe".into())
        .spawn(move || {
            task.ctl()
                .set_count(2, 8, "task-photos-importing", "IMG_0002.jpg");
            rx.recv().unwrap();
            let cancelled = task.ctl().is_cancelled();
            drop(task);
            cancelled
        })
        .unwrap();
    let info = eventually(|| runner.get(id).filter(|i| i.progress.count.is_some()));
    assert_eq!(info.owner, TaskOwner::Photos);
    assert_eq!(info.progress.count, Some((2, 8)));
    assert_eq!(info.progress.fraction, Some(0.25));
    assert_eq!(runner.of_owner(TaskOwner::Photos).map(|i| i.id), Some(id));
    runner.cancel(id);
    tx.send(()).unwrap();
    assert!(worker.join().unwrap(), "the work saw the cancel");
    assert!(runner.get(id).is_none(), "ended with its handle");
    assert!(!runner.is_busy());
    assert!(runner.poll().is_empty(), "no result through the runner");
    assert!(
        repaints.load(Ordering::SeqCst) >= 2,
        "progress and the end woke the UI"
    );
}
