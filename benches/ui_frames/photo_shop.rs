//! The photo scenarios' fixtures for `ui_frames`: generated photos (cached) and a small shop with
//! one job for the technician.

use std::path::{Path, PathBuf};

use rpma_core::auth::password::PasswordPolicy;
use rpma_core::auth::permissions::Role;
use rpma_core::jobs::{self, NewJob};
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};
use rpma_core::users::NewUser;
use rpma_core::{Lang, Session, Store};

use super::{ADMIN_PW, TECH_PW};

/// The cache of generated photos.
fn photo_cache() -> PathBuf {
    let dir = std::env::var_os("RPMA_BENCH_PHOTOS").map_or_else(
        || PathBuf::from("/var/tmp/rpma-bench-photos"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A photo with EXIF, generated once (same names and content as the `photos` bench of
/// rpma-core).
fn fixture(dir: &Path, width: u32, height: u32, seed: u64, orientation: u16) -> PathBuf {
    let path = dir.join(format!("{width}x{height}-s{seed}-o{orientation}.jpg"));
    if path.is_file() {
        return path;
    }
    let bytes = jpeg_with_exif(&FixtureSpec {
        width,
        height,
        seed,
        orientation,
        taken_at: Some("2026-11-22T10:15:00".into()),
        camera: Some(("Sony".into(), "ILCE-7M3".into())),
        gps: Some((45.76, 4.84)),
        label: None,
    });
    let tmp = dir.join(format!(".{seed}-{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// `count` photos from `first_seed`, made two at a time when not cached yet.
pub(crate) fn fixtures(
    width: u32,
    height: u32,
    first_seed: u64,
    count: u64,
    orientation: impl Fn(u64) -> u16 + Sync,
) -> Vec<PathBuf> {
    let dir = photo_cache();
    let (dir, orientation) = (&dir, &orientation);
    std::thread::scope(|s| {
        let halves: Vec<_> = (0..2u64)
            .map(|half| {
                s.spawn(move || {
                    (0..count)
                        .filter(|i| i % 2 == half)
                        .map(|i| {
                            (
                                i,
                                fixture(dir, width, height, first_seed + i, orientation(i)),
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<(u64, PathBuf)> =
            halves.into_iter().flat_map(|h| h.join().unwrap()).collect();
        all.sort();
        all.into_iter().map(|(_, p)| p).collect()
    })
}

fn new_user(name: &str, role: Role, pw: &str) -> NewUser {
    NewUser {
        username: name.into(),
        email: format!("{name}@atelier.test"),
        display_name: format!("{name} Martin"),
        role: Some(role),
        password: pw.into(),
        locale: Lang::Fr,
        must_change_password: false,
    }
}

/// A shop with an admin, the technician `karim`, and a Standard job (3 zones) assigned to him,
/// scheduled now (as `tests/intervention_flow.rs`). Returns the job id and the technician.
pub(crate) fn photo_shop(dir: &Path) -> (String, Session) {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let policy = PasswordPolicy::default();
    let (admin, tech) = store
        .write(None, |tx| {
            Ok((
                rpma_core::testing::insert_session(
                    tx,
                    &new_user("admin", Role::Admin, ADMIN_PW),
                    &policy,
                )?,
                rpma_core::testing::insert_session(
                    tx,
                    &new_user("karim", Role::Technician, TECH_PW),
                    &policy,
                )?,
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
            film_product: "XPEL Ultimate Plus".into(),
            scheduled_start: Some(now - 3_600_000),
            scheduled_end: Some(now + 3_600_000),
            technician_id: Some(tech.id.clone()),
            ..NewJob::default()
        },
    )
    .unwrap();
    (job.row.id.into_string(), tech)
}
