//! Photos on intervention steps: kept once per step, bounded, tagged, removed — and never
//! attached without their file in the photo store.

#![allow(clippy::unwrap_used, clippy::panic)]

use super::tests::{job, photo, photo_record, photo_root, reload, setup};
use super::*;
use crate::error::CoreError;
use crate::photos::PhotoFile;
use crate::testutil::Fixture;

#[test]
fn photos_are_kept_once_per_step_and_bounded() {
    let mut f = setup();
    let j = job(&mut f, &["hood"], None);
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    let a = |f: &mut Fixture, seed: u64, shot: Option<&str>| {
        attach_photo(
            &mut f.store,
            &tech,
            &iv.id,
            &PhotoAttach {
                step: 0,
                file: photo(seed),
                phase: None,
                zone_id: None,
                shot: shot.map_or(ShotChoice::None, |s| ShotChoice::Named(s.to_owned())),
                source: PhotoSource::Drop,
            },
        )
    };
    let first = a(&mut f, 1, Some("front_34")).unwrap();
    assert!(!first.duplicate);
    assert_eq!(first.photo.phase, Phase::Before);
    let again = a(&mut f, 1, None).unwrap();
    assert!(again.duplicate);
    assert_eq!(again.photo.id, first.photo.id);
    assert!(a(&mut f, 2, Some("nope")).is_err());
    let n: i64 = f
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM intervention_photos WHERE intervention_id = ?1",
            [&iv.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // Moving a named shot to another photo takes it from the first.
    let second = a(&mut f, 3, None).unwrap();
    tag_photo(
        &mut f.store,
        &tech,
        &iv.id,
        &second.photo.id,
        &PhotoTags {
            phase: Phase::Before,
            zone_id: Some("hood".into()),
            shot: Some("front_34".into()),
            caption: "capot".into(),
        },
    )
    .unwrap();
    let r = reload(&f, &iv.id);
    let shots: Vec<Option<&str>> = r.photos.iter().map(|p| p.shot.as_deref()).collect();
    assert_eq!(shots, [None, Some("front_34")]);
    remove_photo(&mut f.store, &tech, &iv.id, &first.photo.id).unwrap();
    assert_eq!(reload(&f, &iv.id).photos.len(), 1);
}

#[test]
fn a_photo_whose_file_is_not_in_the_store_is_refused() {
    let mut f = setup();
    let j = job(&mut f, &["hood"], None);
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    let attach = |file: PhotoFile| PhotoAttach {
        step: 0,
        file,
        phase: None,
        zone_id: None,
        shot: ShotChoice::None,
        source: PhotoSource::File,
    };
    // A made-up hash (a record pointing at nothing) is refused, and nothing is written.
    let missing = photo_record(0xdead_beef);
    let err = attach_photo(&mut f.store, &tech, &iv.id, &attach(missing)).unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Refused {
                key: "photo-err-missing"
            }
        ),
        "{err:?}"
    );
    assert!(reload(&f, &iv.id).photos.is_empty());
    // A real file, but in another shop's photo store.
    let elsewhere = tempfile::tempdir().unwrap();
    let real = photo(0xbeef);
    f.store.set_photo_root(elsewhere.path());
    let err = attach_photo(&mut f.store, &tech, &iv.id, &attach(real.clone())).unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Refused {
                key: "photo-err-missing"
            }
        ),
        "{err:?}"
    );
    // In this store, it is attached.
    f.store.set_photo_root(photo_root());
    attach_photo(&mut f.store, &tech, &iv.id, &attach(real)).unwrap();
    assert_eq!(reload(&f, &iv.id).photos.len(), 1);
}
