//! SIGKILL during `rpma backup create --upload` and `rpma backup restore`, at random moments, as
//! real processes: a killed backup never leaves a file under a backup's final name (only its
//! hidden temporary file, removed by a later backup), nor a partial copy under a backup's name in
//! the object storage it copies to; a killed restore leaves the data folder either
//! as it was or fully restored, once the next start (`DataDir::open`) has completed or cleaned
//! up the interrupted restore. Half the restore kills are aimed inside the swap (timed from
//! the moment its journal appears). In the restore runs, `RPMA_TEST_RESTORE_PAUSE_MS` (debug builds
//! only) pauses between the swap's steps so that random kills land inside the swap too.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod backup_support;

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use backup_support::{backups_in, copy_shop, describe, rpma, run_in, shop_a, shop_b, state};

/// A fraction in `[lo, hi)` from a seeded xorshift.
struct Points(u64);

/// The seed of a test's kill points: `RPMA_KILL_SEED`, else the clock; printed, to replay a run.
fn seed(test: &str) -> u64 {
    let seed = std::env::var("RPMA_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("{test}: seed {seed} (replay with RPMA_KILL_SEED={seed})");
    seed | 1
}

impl Points {
    fn next(&mut self, lo: f64, hi: f64) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        lo + (hi - lo) * ((self.0 >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// Runs `rpma <args>` in `root` and kills it with SIGKILL `after` its start — or, with
/// `trigger`, `after` that file appeared (if still running). True when it was killed.
fn run_and_kill(
    root: &Path,
    args: &[&str],
    after: Duration,
    pause_ms: u64,
    trigger: Option<&Path>,
) -> bool {
    let mut child = rpma()
        .arg("--data-dir")
        .arg(root)
        .args(args)
        .env("RPMA_TEST_RESTORE_PAUSE_MS", pause_ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut started = trigger.is_none().then(Instant::now);
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if started.is_none() && trigger.is_some_and(Path::exists) {
            started = Some(Instant::now());
        }
        if started.is_some_and(|t| t.elapsed() >= after) {
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn timed(root: &Path, args: &[&str], pause_ms: u64) -> Duration {
    let started = Instant::now();
    let o = rpma()
        .arg("--data-dir")
        .arg(root)
        .args(args)
        .env("RPMA_TEST_RESTORE_PAUSE_MS", pause_ms.to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    started.elapsed()
}

#[test]
fn sigkill_during_backup_never_leaves_a_file_under_the_final_name() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_a(), &a);
    let out = dir.path().join("out");
    let out_s = out.to_str().unwrap().to_owned();
    // Each backup is copied to object storage on a folder.
    let remote = dir.path().join("remote");
    let o = run_in(&a, &["backup", "remote", "set", "--kind", "fs"]);
    assert!(
        !o.status.success(),
        "a folder is required: {}",
        describe(&o)
    );
    let o = run_in(
        &a,
        &[
            "backup",
            "remote",
            "set",
            "--kind",
            "fs",
            "--bucket",
            remote.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", describe(&o));
    let args = ["backup", "create", "--out", out_s.as_str(), "--upload"];
    // How long a whole run takes here, to spread the kills over it.
    let full = timed(&a, &args, 0);
    assert_eq!(backups_in(&remote).len(), 1, "the copy was made");
    for f in backups_in(&out) {
        rpma_core::backup::list::delete_backup(&f).unwrap();
    }
    let mut rng = Points(seed("backup kill"));
    let (mut killed, mut finished) = (0, 0);
    for round in 0..20 {
        let after = full.mul_f64(rng.next(0.0, 1.1));
        let was_killed = run_and_kill(&a, &args, after, 0, None);
        if was_killed {
            killed += 1;
        } else {
            finished += 1;
        }
        // Every file under a final name is a complete backup that verifies.
        for f in backups_in(&out) {
            let r =
                rpma_core::backup::verify(&f, None, &mut |_| {}, &AtomicBool::new(false)).unwrap();
            assert!(r.is_ok(), "round {round}: {} {:?}", f.display(), r.problems);
        }
        // Anything else is a hidden temporary file.
        for e in fs::read_dir(&out).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name.starts_with("rpma-backup-") || name.starts_with(".rpma-backup-"),
                "round {round}: {name}"
            );
        }
        // In the object storage: whole copies that verify, and otherwise only the parts of an
        // upload cut short (`<name>#<id>`, never listed as a backup).
        for e in fs::read_dir(&remote).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if rpma_core::backup::parse_file_name(&name).is_some() {
                let r =
                    rpma_core::backup::verify(&path, None, &mut |_| {}, &AtomicBool::new(false))
                        .unwrap();
                assert!(r.is_ok(), "round {round}: copy {name}: {:?}", r.problems);
            } else {
                // `.verified`: this test's own verification record.
                assert!(
                    name.contains('#') || name.ends_with(".verified"),
                    "round {round}: {name} in the object storage"
                );
            }
        }
    }
    eprintln!("backup: {killed} killed, {finished} finished");
    // A later backup clears what the killed ones left once it is stale.
    let removed = rpma_core::backup::create::remove_stale_temp_files(&out, Duration::ZERO);
    eprintln!("stale temporary files removed: {removed}");
    let left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn sigkill_during_restore_leaves_the_old_or_the_new_folder_whole() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    copy_shop(shop_a(), &a);
    let o = run_in(&a, &["backup", "create"]);
    assert!(o.status.success(), "{}", describe(&o));
    let file = backups_in(&a.join("backups")).pop().unwrap();
    let file_s = file.to_str().unwrap().to_owned();
    let new_state = state(&a);
    let old_state = state(shop_b());
    assert_ne!(new_state, old_state);
    let args = ["backup", "restore", file_s.as_str(), "--yes"];
    let pause_ms = 30;
    let probe = dir.path().join("probe");
    copy_shop(shop_b(), &probe.join("data"));
    let full = timed(&probe.join("data"), &args, pause_ms);

    let mut rng = Points(seed("restore kill"));
    let (mut old, mut new) = (0, 0);
    for round in 0..24 {
        let case = dir.path().join(format!("case{round}"));
        let target = case.join("data");
        copy_shop(shop_b(), &target);
        // Even rounds: anywhere in the run. Odd rounds: inside the swap (once the journal is
        // written: the journal pause, then 5 renames each followed by a pause).
        let journal = case.join(".data.restore-journal");
        if round % 2 == 0 {
            let after = full.mul_f64(rng.next(0.0, 1.05));
            run_and_kill(&target, &args, after, pause_ms, None);
        } else {
            let after = Duration::from_millis((rng.next(0.0, 6.5) * pause_ms as f64) as u64);
            run_and_kill(&target, &args, after, pause_ms, Some(&journal));
        }
        // The next start.
        drop(rpma_core::datadir::DataDir::open(&target).unwrap());
        assert!(
            !case.join(".data.restore-journal").exists(),
            "round {round}"
        );
        assert!(
            !case.join(".data.restore-staging").exists(),
            "round {round}"
        );
        let now = state(&target);
        if now == new_state {
            new += 1;
            // The previous folder is kept aside, whole.
            let aside: Vec<_> = fs::read_dir(&case)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().contains("data.before-restore-"))
                .collect();
            assert_eq!(aside.len(), 1, "round {round}");
            assert_eq!(
                state(&aside[0]),
                old_state,
                "round {round}: the kept folder is whole"
            );
        } else {
            assert!(
                now == old_state,
                "round {round}: neither the old nor the new folder"
            );
            old += 1;
        }
    }
    eprintln!("restore: {old} rounds left the old folder, {new} the new one");
}
