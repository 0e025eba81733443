//! Adding photos through the in-app file browser, on the real app (kittest, inline job backend,
//! real browser thread): two pictures picked in a folder fill the step's next named shots in the
//! order they were touched; on a terminal without a system file dialog the app says so and opens
//! the browser (the shot the user chose is kept); in kiosk mode "Add photos" opens the browser at
//! once and offers no home folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use common::{app_configured, shows, texts, wait_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::ui::icons;
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};

use common::photo_job::{shop, started};

/// A folder as found on a memory card: `DCIM/` with two JPEGs, plus a HEIC the shop cannot use.
fn card() -> (tempfile::TempDir, PathBuf) {
    let card = tempfile::Builder::new()
        .prefix("CARTE_SD_")
        .tempdir()
        .unwrap();
    let dcim = card.path().join("DCIM");
    std::fs::create_dir(&dcim).unwrap();
    for seed in 1..=2 {
        let bytes = jpeg_with_exif(&FixtureSpec {
            width: 640,
            height: 480,
            seed,
            ..FixtureSpec::default()
        });
        std::fs::write(dcim.join(format!("IMG_000{seed}.jpg")), bytes).unwrap();
    }
    std::fs::write(dcim.join("IMG_0003.HEIC"), "heic").unwrap();
    let name = card
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    (card, PathBuf::from(name))
}

/// Touches a widget (scrolled into view first) without running the app to rest: background
/// threads keep it busy.
fn tap(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label_contains(label).scroll_to_me();
    h.run_steps(10);
    h.get_by_label_contains(label).click();
    h.run_steps(3);
}

/// (file name, shot) of the inspection's photos, in the order attached.
fn shots(dir: &Path) -> Vec<(String, Option<String>)> {
    let c = rusqlite::Connection::open(dir.join("rpma.db")).unwrap();
    let mut st = c
        .prepare(
            "SELECT original_name, shot FROM intervention_photos WHERE step = 0
             AND deleted_at IS NULL ORDER BY added_at, rowid",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Opens the card's `DCIM` folder in the browser on show.
fn open_dcim(h: &mut Harness<'static, App>, card_name: &Path) {
    let name = card_name.to_string_lossy().into_owned();
    assert!(wait_for(h, |h| shows(h, &name)), "{}", texts(h));
    tap(h, &name);
    assert!(wait_for(h, |h| shows(h, "DCIM")), "{}", texts(h));
    tap(h, "DCIM");
    assert!(
        wait_for(h, |h| shows(h, "IMG_0001.jpg") && shows(h, "IMG_0002.jpg")),
        "{}",
        texts(h)
    );
}

#[test]
fn two_pictures_picked_in_the_browser_fill_the_next_shots_in_the_order_touched() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let (card, card_name) = card();
    let place = card.path().to_owned();
    let mut h = app_configured(dir.path(), false, |c| c.browse_places = vec![place]);
    started(&mut h);
    tap(&mut h, "Clé USB, carte, dossier…");
    assert!(
        wait_for(&mut h, |h| shows(h, "Emplacements")),
        "{}",
        texts(&h)
    );
    open_dcim(&mut h, &card_name);
    // The HEIC is not offered, and the user is told why.
    assert!(!shows(&h, "IMG_0003.HEIC"));
    assert!(
        shows(
            &h,
            "1 image HEIC, WebP ou d'un autre format non pris en charge n'est pas affichée."
        ),
        "{}",
        texts(&h)
    );
    // Back up to the card's root and down again: the parent button stops at the card.
    tap(&mut h, "Dossier parent");
    assert!(wait_for(&mut h, |h| shows(h, "DCIM") && !shows(h, "IMG_0001.jpg")));
    tap(&mut h, "DCIM");
    assert!(
        wait_for(&mut h, |h| shows(h, "IMG_0002.jpg")),
        "{}",
        texts(&h)
    );
    // Touched in this order: the second picture first.
    tap(&mut h, "IMG_0002.jpg");
    tap(&mut h, "IMG_0001.jpg");
    assert!(shows(&h, "2 photos sélectionnées"), "{}", texts(&h));
    tap(&mut h, "Ajouter 2 photos");
    assert!(
        wait_for(&mut h, |_| shots(dir.path()).len() == 2),
        "{}",
        texts(&h)
    );
    assert_eq!(
        shots(dir.path()),
        [
            ("IMG_0002.jpg".to_owned(), Some("front_34".to_owned())),
            ("IMG_0001.jpg".to_owned(), Some("rear_34".to_owned())),
        ]
    );
    // The browser is closed and both shots show as taken.
    assert!(!shows(&h, "Emplacements"));
    assert!(wait_for(&mut h, |h| shows(
        h,
        &format!("{} Vue 3/4 arrière", icons::CHECK_CIRCLE)
    )));
    assert!(shows(&h, &format!("{} Vue 3/4 avant", icons::CHECK_CIRCLE)));
}

#[test]
fn without_a_system_dialog_the_app_says_so_and_opens_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let (card, card_name) = card();
    let place = card.path().to_owned();
    let mut h = app_configured(dir.path(), false, |c| {
        c.no_file_dialog = true;
        c.browse_places = vec![place];
    });
    started(&mut h);
    // The user picks the rear shot first, then asks for photos.
    let rear = format!("{} Vue 3/4 arrière", icons::IMAGE);
    tap(&mut h, &rear);
    assert!(shows(&h, "La prochaine photo sera « Vue 3/4 arrière »."));
    tap(&mut h, "Ajouter des photos");
    let notice = "La boîte de dialogue de fichiers du système n'est pas disponible sur ce poste";
    assert!(wait_for(&mut h, |h| shows(h, notice)), "{}", texts(&h));
    assert!(shows(&h, "Emplacements"), "{}", texts(&h));
    // The shot chosen before is still the next one.
    assert!(shows(&h, "La prochaine photo sera « Vue 3/4 arrière »."));
    open_dcim(&mut h, &card_name);
    tap(&mut h, "IMG_0001.jpg");
    tap(&mut h, "Ajouter 1 photo");
    assert!(wait_for(&mut h, |_| shots(dir.path()).len() == 1));
    assert_eq!(
        shots(dir.path()),
        [("IMG_0001.jpg".to_owned(), Some("rear_34".to_owned()))]
    );
}

#[test]
fn cancelling_the_browser_adds_nothing_and_keeps_the_chosen_shot() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let (card, card_name) = card();
    let place = card.path().to_owned();
    let mut h = app_configured(dir.path(), false, |c| c.browse_places = vec![place]);
    started(&mut h);
    let rear = format!("{} Vue 3/4 arrière", icons::IMAGE);
    tap(&mut h, &rear);
    tap(&mut h, "Clé USB, carte, dossier…");
    open_dcim(&mut h, &card_name);
    tap(&mut h, "IMG_0001.jpg");
    h.get_by_label("Annuler").click();
    h.step();
    h.step();
    assert!(!shows(&h, "Emplacements"), "{}", texts(&h));
    assert!(shots(dir.path()).is_empty());
    assert!(shows(&h, "La prochaine photo sera « Vue 3/4 arrière »."));
}

#[test]
fn in_kiosk_mode_add_photos_opens_the_browser_at_once_without_the_home_folder() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let (card, card_name) = card();
    let place = card.path().to_owned();
    let mut h = app_configured(dir.path(), false, |c| {
        c.kiosk = true;
        c.browse_places = vec![place];
    });
    started(&mut h);
    // No second button: the one "Add photos" is the browser.
    assert!(!shows(&h, "Clé USB, carte, dossier…"));
    tap(&mut h, "Ajouter des photos");
    assert!(
        wait_for(&mut h, |h| shows(h, "Emplacements")),
        "{}",
        texts(&h)
    );
    assert!(wait_for(&mut h, |h| shows(h, "Dossier d'import")));
    assert!(!shows(&h, "Dossier personnel"));
    assert!(!shows(&h, "La boîte de dialogue de fichiers du système"));
    open_dcim(&mut h, &card_name);
    tap(&mut h, "IMG_0002.jpg");
    tap(&mut h, "Ajouter 1 photo");
    assert!(wait_for(&mut h, |_| shots(dir.path()).len() == 1));
    assert_eq!(
        shots(dir.path()),
        [("IMG_0002.jpg".to_owned(), Some("front_34".to_owned()))]
    );
}
