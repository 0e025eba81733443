//! The watched import folder on the real threads: the app's database worker and photo thread
//! (`JobClient::spawn`, as `rpma` runs them), no screen and nobody signed in. Photos dropped at
//! different times are each attached once, to the intervention last opened on this terminal,
//! filling its named shots in order; a file of an existing name is moved beside it, never over
//! it; the same picture again is kept once; files wait while no intervention can take them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rpma::jobs::atelier::AtelierJob;
use rpma::jobs::{Job, JobClient, WorkerEnv};
use rpma::photo_import::FolderEvent;
use rpma_core::Session;
use rpma_core::auth::password::PasswordPolicy;
use rpma_core::auth::permissions::Role;
use rpma_core::interventions;
use rpma_core::jobs::{self, NewJob};
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};
use rpma_core::users::NewUser;
use rpma_core::{Lang, Store};

/// A shop with a technician, a Standard job assigned to them and its intervention started.
/// Returns the store, the technician and the intervention's id.
fn shop(dir: &Path) -> (Store, Session, rpma_core::ids::InterventionId) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let policy = PasswordPolicy::default();
    let user = |name: &str, role: Role| NewUser {
        username: name.into(),
        email: format!("{name}@atelier.test"),
        display_name: name.into(),
        role: Some(role),
        password: "Dossier-Atelier-2026".into(),
        locale: Lang::Fr,
        must_change_password: false,
    };
    let (admin, tech) = store
        .write(None, |tx| {
            Ok((
                rpma_core::testing::insert_session(tx, &user("admin", Role::Admin), &policy)?,
                rpma_core::testing::insert_session(tx, &user("karim", Role::Technician), &policy)?,
            ))
        })
        .unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO clients (id, kind, name, created_at, updated_at)
                 VALUES ('c1', 'individual', 'Claire Fontaine', 0, 0);
             INSERT INTO vehicles (id, plate, plate_key, plate_format, make, model, size_class,
                 owner_id, created_at, updated_at)
                 VALUES ('v1', 'AB-123-CD', 'AB123CD', 'siv', 'Porsche', '911', 'large', 'c1', 0, 0);",
        )
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let job = jobs::create(
        &mut store,
        &admin,
        &NewJob {
            client_id: "c1".into(),
            vehicle_id: "v1".into(),
            zone_ids: vec!["hood".into(), "front_bumper".into(), "roof".into()],
            scheduled_start: Some(now - 3_600_000),
            scheduled_end: Some(now + 3_600_000),
            technician_id: Some(tech.id.clone()),
            ..NewJob::default()
        },
    )
    .unwrap();
    let iv = interventions::start(&mut store, &tech, &job.row.id).unwrap();
    (store, tech, iv.id)
}

fn jpeg(seed: u64) -> Vec<u8> {
    jpeg_with_exif(&FixtureSpec {
        width: 320,
        height: 240,
        seed,
        ..FixtureSpec::default()
    })
}

/// Drops a file as a camera syncing would: written beside the folder, then renamed in.
fn drop_in(inbox: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(inbox).unwrap();
    let tmp = inbox.parent().unwrap().join(format!(".{name}.part"));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, inbox.join(name)).unwrap();
}

/// (file name, shot, source) of the photos attached, in order.
fn attached(dir: &Path) -> Vec<(String, Option<String>, String)> {
    let c = rusqlite::Connection::open(dir.join("rpma.db")).unwrap();
    let mut st = c
        .prepare(
            "SELECT original_name, shot, source FROM intervention_photos
             WHERE deleted_at IS NULL ORDER BY added_at, rowid",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Polls the folder's events until `done` holds (the threads work on their own). The deadline
/// only stops a hung test; it is not what the test checks.
fn until(
    jobs: &mut JobClient,
    events: &mut Vec<FolderEvent>,
    what: &str,
    done: impl Fn(&[FolderEvent]) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(p) = jobs.photos() {
            events.extend(p.poll_folder());
        }
        jobs.poll();
        if done(events) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {events:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn count_attached(e: &[FolderEvent]) -> usize {
    e.iter()
        .filter(|e| matches!(e, FolderEvent::Attached { .. }))
        .count()
}

fn spawn(dir: &Path, store: Store) -> JobClient {
    JobClient::spawn(
        store,
        WorkerEnv {
            data_dir: Some(dir.to_owned()),
            session: None,
        },
        || {},
    )
    .unwrap()
}

#[test]
fn the_threaded_service_attaches_each_file_dropped_at_different_times_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, tech, iv) = shop(dir.path());
    interventions::watch_here(&mut store, &tech, &iv).unwrap();
    let mut jobs = spawn(dir.path(), store);
    let inbox: PathBuf = jobs.photos().unwrap().watch_folder().to_owned();
    assert_eq!(inbox, dir.path().join("import"));
    let mut events = Vec::new();

    drop_in(&inbox, "DSC_0001.jpg", &jpeg(1));
    until(&mut jobs, &mut events, "first file", |e| {
        count_attached(e) == 1
    });
    // Later, when the thread has scanned a few more times with nothing new.
    std::thread::sleep(Duration::from_millis(1500));
    drop_in(&inbox, "DSC_0002.jpg", &jpeg(2));
    until(&mut jobs, &mut events, "second file", |e| {
        count_attached(e) == 2
    });
    std::thread::sleep(Duration::from_millis(900));
    // Another picture under a name already used, and the second picture again.
    drop_in(&inbox, "DSC_0001.jpg", &jpeg(3));
    until(&mut jobs, &mut events, "third file", |e| {
        count_attached(e) == 3
    });
    drop_in(&inbox, "copie.jpg", &jpeg(2));
    until(&mut jobs, &mut events, "the copy", |e| {
        count_attached(e) == 4
    });
    // The watched folder is still known (it went blank after the first pass once).
    assert_eq!(jobs.photos().unwrap().watch_folder(), inbox.as_path());
    drop(jobs);

    assert_eq!(
        attached(dir.path()),
        [
            (
                "DSC_0001.jpg".into(),
                Some("front_34".into()),
                "folder".into()
            ),
            (
                "DSC_0002.jpg".into(),
                Some("rear_34".into()),
                "folder".into()
            ),
            ("DSC_0001.jpg".into(), None, "folder".into()),
        ]
    );
    let dup: Vec<bool> = events
        .iter()
        .filter_map(|e| match e {
            FolderEvent::Attached { duplicate, .. } => Some(*duplicate),
            FolderEvent::Refused { .. } => None,
        })
        .collect();
    assert_eq!(dup, [false, false, false, true]);
    assert!(files_in(&inbox).is_empty(), "{:?}", files_in(&inbox));
    assert_eq!(
        files_in(&inbox.join("imported")),
        [
            "DSC_0001 (1).jpg",
            "DSC_0001.jpg",
            "DSC_0002.jpg",
            "copie.jpg"
        ]
    );
    // Never overwritten: the first DSC_0001.jpg kept its own content.
    assert_eq!(
        std::fs::read(inbox.join("imported").join("DSC_0001.jpg")).unwrap(),
        jpeg(1)
    );
    let c = rusqlite::Connection::open(dir.path().join("rpma.db")).unwrap();
    let (rows, unmoved): (i64, i64) = c
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE moved_at IS NULL) FROM photo_imports",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows, unmoved), (4, 0));
}

#[test]
fn files_wait_until_an_intervention_is_opened_here_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tech, iv) = shop(dir.path());
    let mut jobs = spawn(dir.path(), store);
    let inbox = jobs.photos().unwrap().watch_folder().to_owned();
    drop_in(&inbox, "IMG_1.jpg", &jpeg(1));
    // Nobody opened the intervention on this terminal: the file waits, untouched.
    let deadline = Instant::now() + Duration::from_secs(60);
    while jobs.photos().unwrap().waiting() == 0 {
        assert!(
            Instant::now() < deadline,
            "the file never counted as waiting"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(attached(dir.path()).is_empty());
    assert_eq!(files_in(&inbox), ["IMG_1.jpg"]);
    // The technician opens it (the screen sends this job): the file goes in.
    jobs.submit_as(Some(&tech), Job::Atelier(AtelierJob::WatchHere { id: iv }));
    let mut events = Vec::new();
    until(&mut jobs, &mut events, "waiting file", |e| {
        count_attached(e) == 1
    });
    assert_eq!(jobs.photos().unwrap().waiting(), 0);
    // Not an image: refused, moved aside with the reason.
    drop_in(&inbox, "notes.jpg", b"pas une image");
    until(&mut jobs, &mut events, "refusal", |e| {
        e.iter()
            .any(|e| matches!(e, FolderEvent::Refused { name, .. } if name == "notes.jpg"))
    });
    drop(jobs);
    assert_eq!(attached(dir.path()).len(), 1);
    assert!(files_in(&inbox).is_empty());
    assert_eq!(files_in(&inbox.join("refused")), ["notes.jpg", "notes.txt"]);
}
