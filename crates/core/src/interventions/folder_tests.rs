//! The order in which added photos fill a step's named shots, and the watched folder's records.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::tests::{job, photo, photo_record, setup};
use super::*;
use crate::error::CoreError;
use crate::ids::TemplateId;
use crate::testutil::Fixture;
use crate::workflow::{self, Text};

fn attach(f: &mut Fixture, iv: &str, seed: u64, shot: ShotChoice) -> PhotoAttached {
    let tech = f.technician.clone();
    attach_photo(
        &mut f.store,
        &tech,
        iv,
        &PhotoAttach {
            step: 0,
            file: photo(seed),
            phase: None,
            zone_id: None,
            shot,
            source: PhotoSource::File,
        },
    )
    .unwrap()
}

fn shots(f: &Fixture, iv: &str) -> Vec<Option<String>> {
    let tech = f.technician.clone();
    get(f.store.conn(), &tech, iv)
        .unwrap()
        .photos
        .iter()
        .map(|p| p.shot.clone())
        .collect()
}

fn attachments(f: &Fixture, iv: &str) -> i64 {
    f.store
        .conn()
        .query_row(
            "SELECT count(*) FROM intervention_photos WHERE intervention_id = ?1
             AND deleted_at IS NULL",
            [iv],
            |r| r.get(0),
        )
        .unwrap()
}

fn started(f: &mut Fixture) -> Intervention {
    let j = job(f, &["hood"], None);
    let tech = f.technician.clone();
    start(&mut f.store, &tech, &j).unwrap()
}

#[test]
fn photos_added_together_fill_the_missing_shots_in_template_order() {
    let mut f = setup();
    let iv = started(&mut f);
    let names: Vec<&str> = iv.template.steps[0]
        .shots
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(names, ["front_34", "rear_34"]);
    assert_eq!(rules::missing_shots(&iv, 0).len(), 2);
    // The rear one taken first: the next photos take the front one, then go untagged.
    attach(&mut f, &iv.id, 1, ShotChoice::Named("rear_34".into()));
    attach(&mut f, &iv.id, 2, ShotChoice::NextMissing);
    attach(&mut f, &iv.id, 3, ShotChoice::NextMissing);
    assert_eq!(
        shots(&f, &iv.id),
        [Some("rear_34".into()), Some("front_34".into()), None]
    );
    let tech = f.technician.clone();
    let now = get(f.store.conn(), &tech, &iv.id).unwrap();
    assert!(rules::missing_shots(&now, 0).is_empty());
    // A shot picked again moves to the new photo; the next one fills the shot it left.
    attach(&mut f, &iv.id, 4, ShotChoice::Named("front_34".into()));
    assert_eq!(
        shots(&f, &iv.id),
        [Some("rear_34".into()), None, None, Some("front_34".into())]
    );
    attach(&mut f, &iv.id, 5, ShotChoice::NextMissing);
    assert_eq!(shots(&f, &iv.id)[4], None);
    // A duplicate takes no shot.
    let again = attach(&mut f, &iv.id, 2, ShotChoice::NextMissing);
    assert!(again.duplicate);
    assert_eq!(attachments(&f, &iv.id), 5);
}

#[test]
fn the_folder_waits_for_an_intervention_opened_here_then_attaches_each_file_once() {
    let mut f = setup();
    let iv = started(&mut f);
    // Nobody opened an intervention here: the file waits, nothing is written.
    assert_eq!(folder_target(&f.store).unwrap(), None);
    assert!(matches!(
        record_folder_import(&mut f.store, "DSC_1.jpg", &photo(1), "DSC_1.jpg").unwrap(),
        FolderImport::Waiting
    ));
    assert_eq!(attachments(&f, &iv.id), 0);
    // Someone who may not work on it cannot point the folder at it.
    let viewer = f.viewer.clone();
    assert!(matches!(
        watch_here(&mut f.store, &viewer, &iv.id),
        Err(CoreError::Forbidden(_))
    ));
    let tech = f.technician.clone();
    watch_here(&mut f.store, &tech, &iv.id).unwrap();
    let target = folder_target(&f.store).unwrap().unwrap();
    assert_eq!(
        (target.step, target.user_id.as_str()),
        (0, tech.id.as_str())
    );

    let FolderImport::Recorded(first) =
        record_folder_import(&mut f.store, "DSC_1.jpg", &photo(1), "DSC_1.jpg").unwrap()
    else {
        panic!("not recorded")
    };
    assert!(!first.duplicate && !first.again);
    assert_eq!(first.moved_to, "DSC_1.jpg");
    assert_eq!(shots(&f, &iv.id), [Some("front_34".into())]);
    // Seen again before its move (the app stopped in between): the same record, no new photo.
    let FolderImport::Recorded(again) =
        record_folder_import(&mut f.store, "DSC_1.jpg", &photo(1), "DSC_1 (1).jpg").unwrap()
    else {
        panic!("not recorded")
    };
    assert!(again.again);
    assert_eq!(again.import_id, first.import_id);
    assert_eq!(again.moved_to, "DSC_1.jpg");
    assert_eq!(attachments(&f, &iv.id), 1);
    let unmoved = unmoved_imports(&f.store).unwrap();
    assert_eq!(unmoved.len(), 1);
    assert_eq!(unmoved[0].source_name, "DSC_1.jpg");
    mark_moved(&mut f.store, &first.import_id, "DSC_1.jpg").unwrap();
    assert!(unmoved_imports(&f.store).unwrap().is_empty());
    // The same picture dropped again later under another name: recorded, not attached twice.
    let FolderImport::Recorded(dup) =
        record_folder_import(&mut f.store, "copie.jpg", &photo(1), "copie.jpg").unwrap()
    else {
        panic!("not recorded")
    };
    assert!(dup.duplicate && !dup.again);
    assert_eq!(dup.photo_id, first.photo_id);
    // A second picture fills the next shot, in the technician's name, from the folder.
    record_folder_import(&mut f.store, "DSC_2.jpg", &photo(2), "DSC_2.jpg").unwrap();
    assert_eq!(
        shots(&f, &iv.id),
        [Some("front_34".into()), Some("rear_34".into())]
    );
    let (by, source): (String, String) = f
        .store
        .conn()
        .query_row(
            "SELECT added_by, source FROM intervention_photos ORDER BY added_at DESC, id DESC",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((by.as_str(), source.as_str()), (tech.id.as_str(), "folder"));
}

#[test]
fn the_folder_stops_feeding_an_intervention_that_cannot_take_photos() {
    let mut f = setup();
    let iv = started(&mut f);
    let tech = f.technician.clone();
    watch_here(&mut f.store, &tech, &iv.id).unwrap();
    assert!(folder_target(&f.store).unwrap().is_some());
    // Its technician deactivated: nobody to add them in the name of.
    let admin = f.admin.clone();
    crate::accounts::set_active(&mut f.store, &admin, &tech.id, false).unwrap();
    assert_eq!(folder_target(&f.store).unwrap(), None);
    assert!(matches!(
        record_folder_import(&mut f.store, "a.jpg", &photo(1), "a.jpg").unwrap(),
        FolderImport::Waiting
    ));
    crate::accounts::set_active(&mut f.store, &admin, &tech.id, true).unwrap();
    // Cancelled: over.
    let sup = f.supervisor.clone();
    cancel(&mut f.store, &sup, &iv.id, "client absent").unwrap();
    assert_eq!(folder_target(&f.store).unwrap(), None);
    assert!(matches!(
        record_folder_import(&mut f.store, "a.jpg", &photo(1), "a.jpg").unwrap(),
        FolderImport::Waiting
    ));
    assert_eq!(attachments(&f, &iv.id), 0);
    assert!(matches!(
        watch_here(&mut f.store, &tech, &iv.id),
        Err(CoreError::Refused { .. })
    ));
}

#[test]
fn a_file_over_the_step_maximum_is_refused_with_the_reason() {
    let mut f = setup();
    let admin = f.admin.clone();
    let mut t = workflow::standard();
    t.id = TemplateId::default();
    t.name = Text::new("Deux photos", "Two photos");
    t.steps[0].max_photos = Some(2);
    let tid = workflow::save(&mut f.store, &admin, &t).unwrap().id;
    let j = job(&mut f, &["hood"], Some(&tid));
    let tech = f.technician.clone();
    let iv = start(&mut f.store, &tech, &j).unwrap();
    watch_here(&mut f.store, &tech, &iv.id).unwrap();
    for seed in 1..=2 {
        let name = format!("{seed}.jpg");
        let r = record_folder_import(&mut f.store, &name, &photo(seed), &name).unwrap();
        assert!(matches!(r, FolderImport::Recorded(_)), "{r:?}");
    }
    let r = record_folder_import(&mut f.store, "3.jpg", &photo(3), "3.jpg").unwrap();
    assert!(
        matches!(
            &r,
            FolderImport::Refused(CoreError::RefusedWith { key: "iv-err-max-photos", args })
                if args == &[("max", "2".to_owned())]
        ),
        "{r:?}"
    );
    assert_eq!(attachments(&f, &iv.id), 2);
    let rows: i64 = f
        .store
        .conn()
        .query_row("SELECT count(*) FROM photo_imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2);
}

/// The folder's record never points at a picture the photo store does not hold (like
/// `attach_photo`): refused, nothing recorded, nothing attached.
#[test]
fn a_folder_file_missing_from_the_photo_store_is_refused_and_nothing_is_recorded() {
    let mut f = setup();
    let iv = started(&mut f);
    let tech = f.technician.clone();
    watch_here(&mut f.store, &tech, &iv.id).unwrap();
    let missing = photo_record(4242);
    assert!(matches!(
        record_folder_import(&mut f.store, "ghost.jpg", &missing, "ghost.jpg"),
        Err(CoreError::Refused {
            key: "photo-err-missing"
        })
    ));
    assert_eq!(attachments(&f, &iv.id), 0);
    let imports: i64 = f
        .store
        .conn()
        .query_row("SELECT count(*) FROM photo_imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(imports, 0);
}
