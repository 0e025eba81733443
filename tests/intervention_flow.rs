//! The guided intervention on the real app, driven by labels: a technician runs a Standard PPF
//! intervention from start to finish with generated JPEG photos (with EXIF) dropped on the steps,
//! a defect placed on the vehicle diagram, a signature drawn with pointer strokes, and sees the
//! job completed. Finishing with a required shot missing shows exactly what is missing. Corrupt
//! and duplicate imports are refused / kept once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use common::{app, click, labels, login, set_field, shows};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use rpma::App;
use rpma::route::RouteKind;
use rpma::ui::icons;
use rpma_core::auth::password::PasswordPolicy;
use rpma_core::auth::permissions::Role;
use rpma_core::jobs::{self, NewJob};
use rpma_core::photos::fixtures::{FixtureSpec, jpeg_with_exif};
use rpma_core::users::NewUser;
use rpma_core::{Lang, Store};

const ADMIN_PW: &str = "Admin-Atelier-2026";
const TECH_PW: &str = "Tech-Atelier-2026";

fn user(name: &str, role: Role, pw: &str) -> NewUser {
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

/// A shop with an admin, a technician, and a Standard job (3 zones) assigned to the technician,
/// scheduled now. Returns the job number.
fn shop(dir: &Path) -> String {
    let (mut store, _) = Store::open(&dir.join("rpma.db")).unwrap();
    let policy = PasswordPolicy::default();
    let (admin, tech) = store
        .write(None, |tx| {
            Ok((
                rpma_core::testing::insert_session(
                    tx,
                    &user("admin", Role::Admin, ADMIN_PW),
                    &policy,
                )?,
                rpma_core::testing::insert_session(
                    tx,
                    &user("karim", Role::Technician, TECH_PW),
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
    job.row.number
}

fn photo(dir: &Path, seed: u64) -> PathBuf {
    let bytes = jpeg_with_exif(&FixtureSpec {
        width: 640,
        height: 480,
        seed,
        orientation: 1,
        taken_at: Some("2026-11-22T10:15:00".into()),
        camera: Some(("Sony".into(), "ILCE-7M3".into())),
        gps: Some((45.76, 4.84)),
        label: None,
    });
    let p = dir.join(format!("IMG_{seed:04}.jpg"));
    std::fs::write(&p, bytes).unwrap();
    p
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops files on the window, as from a file manager.
fn drop_files(h: &mut Harness<'static, App>, files: &[PathBuf]) {
    for f in files {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(f.clone())));
    }
    settle(h, 6);
}

fn settle(h: &mut Harness<'static, App>, frames: usize) {
    for _ in 0..frames {
        h.step();
    }
}

fn tick(h: &mut Harness<'static, App>, label: &str) {
    let node = h.get_by_label(label);
    node.scroll_to_me();
    // Let the scroll animation end before touching.
    h.run_steps(10);
    h.get_by_label(label).click();
    h.run_steps(2);
}

fn shot(h: &mut Harness<'static, App>, name: &str) {
    let label = format!("{} {name}", icons::IMAGE);
    tick(h, &label);
}

fn db(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("rpma.db")).unwrap()
}

/// The app on the shop, the technician signed in, the job's intervention started.
fn started(dir: &Path) -> Harness<'static, App> {
    let mut h = app(dir, false);
    login(&mut h, "karim", TECH_PW);
    open_the_job(&mut h);
    click(&mut h, "Démarrer l'intervention");
    settle(&mut h, 4);
    h
}

fn open_the_job(h: &mut Harness<'static, App>) {
    click(h, "Travaux");
    common::type_into(h, "Rechercher un travail", "Claire Fontaine");
    settle(h, 4);
    click(h, "Claire Fontaine");
    settle(h, 4);
}

#[test]
fn a_technician_runs_a_standard_intervention_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let pics = tempfile::tempdir().unwrap();
    shop(dir.path());
    let mut h = started(dir.path());
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
    assert!(shows(&h, "Inspection du véhicule"), "{}", labels(&h));

    // Completing an empty inspection lists what is missing.
    click(&mut h, "Terminer l'étape");
    assert!(shows(&h, "Il manque encore"), "{}", labels(&h));
    assert!(shows(&h, "température de l'atelier non relevée"));

    // 1. Inspection: readings (one out of range shows the warning), checklist, a defect placed by
    //    touching the diagram, the two named shots.
    set_field(&mut h, "Température (°C)", "12");
    settle(&mut h, 2);
    assert!(
        shows(&h, "Température hors de la plage conseillée"),
        "{}",
        labels(&h)
    );
    set_field(&mut h, "Température (°C)", "21");
    set_field(&mut h, "Humidité (%)", "48");
    for item in [
        "Véhicule propre et sec  *",
        "Température relevée  *",
        "Humidité relevée  *",
        "Défauts existants documentés  *",
        "Film disponible en stock  *",
        "Client informé du déroulé  *",
    ] {
        tick(&mut h, item);
    }
    // A touch on the painted diagram opens the defect form for the zone under the finger.
    let diagram = h.get_by_label("Schéma du véhicule");
    diagram.scroll_to_me();
    h.run_steps(12);
    let r = h.get_by_label("Schéma du véhicule").rect();
    h.get_by_label("Schéma du véhicule").hover();
    // The middle of the diagram is the middle of the car: the roof.
    let at = r.center();
    h.hover_at(at);
    h.run_steps(1);
    h.drag_at(at);
    h.run_steps(1);
    h.drop_at(at);
    h.run_steps(2);
    assert!(shows(&h, "Nouveau défaut"), "{r:?} {}", {
        let v: Vec<String> = h
            .query_all_by(|n| {
                n.label()
                    .is_some_and(|l| l.contains("éfaut") || l.contains("Toit"))
            })
            .filter_map(|n| n.accesskit_node().label())
            .collect();
        v.join(" | ")
    });
    click(&mut h, "Éclat");
    click(&mut h, "Moyenne");
    set_field(&mut h, "Note sur le défaut", "Éclat de gravillon");
    click(&mut h, "Enregistrer le défaut");
    settle(&mut h, 3);
    assert!(shows(&h, "Éclat de gravillon"), "{}", labels(&h));
    shot(&mut h, "Vue 3/4 avant");
    drop_files(&mut h, &[photo(pics.path(), 1)]);
    shot(&mut h, "Vue 3/4 arrière");
    drop_files(&mut h, &[photo(pics.path(), 2)]);
    settle(&mut h, 4);
    click(&mut h, "Terminer l'étape");
    settle(&mut h, 3);
    assert!(shows(&h, "Préparation des surfaces"), "{}", {
        let v: Vec<String> = h
            .query_all_by(|n| {
                n.value()
                    .is_some_and(|l| l.starts_with("• ") || l.contains("manque"))
            })
            .filter_map(|n| n.accesskit_node().value())
            .collect();
        v.join(" | ")
    });
    assert!(!shows(&h, "Il manque encore"), "{}", {
        let v: Vec<String> = h
            .query_all_by(|n| {
                n.value()
                    .is_some_and(|l| l.starts_with("• ") || l.contains("manque"))
            })
            .filter_map(|n| n.accesskit_node().value())
            .collect();
        v.join(" | ")
    });

    // 2. Preparation.
    for item in [
        "Lavage au pH neutre  *",
        "Décontamination à la barre d'argile  *",
        "Dégraissage à l'IPA  *",
        "Masquage",
        "Séchage complet  *",
        "Contrôle de la surface  *",
    ] {
        tick(&mut h, item);
    }
    click(&mut h, "Terminer l'étape");
    settle(&mut h, 3);

    // 3. Installation, zone by zone.
    assert!(shows(&h, "Pose du film"), "{}", labels(&h));
    for zone in ["Capot", "Pare-chocs avant", "Toit"] {
        for item in [
            "Zone dégraissée",
            "Film prédécoupé",
            "Solution de pose appliquée",
            "Sans bulles ni plis",
            "Bords chauffés et marouflés",
        ] {
            tick(&mut h, &format!("{zone} · {item}"));
        }
        set_field(&mut h, &format!("Rouleau / lot · {zone}"), "XP-2026-0412");
        set_field(&mut h, &format!("Longueur posée (cm) · {zone}"), "180");
        set_field(&mut h, &format!("Chute (cm) · {zone}"), "12,5");
    }
    drop_files(&mut h, &[photo(pics.path(), 3)]);
    settle(&mut h, 8);
    click(&mut h, "Terminer l'étape");
    settle(&mut h, 3);

    // 4. Finalization: everything but the rear shot, then Finish lists exactly that shot.
    assert!(shows(&h, "Contrôle qualité et livraison"), "{}", labels(&h));
    for item in [
        "Bords scellés  *",
        "Aucune bulle  *",
        "Surface lisse  *",
        "Alignement correct  *",
        "Finition propre  *",
        "Consignes d'entretien expliquées  *",
    ] {
        tick(&mut h, item);
    }
    h.get_by_role(egui::accesskit::Role::Slider)
        .set_value_accesskit(94.0);
    settle(&mut h, 2);
    click(&mut h, "5 sur 5");
    set_field(&mut h, "Nom du signataire", "Claire Fontaine");
    // The customer signs with the finger: two strokes.
    h.get_by_label("Zone de signature").scroll_to_me();
    h.run_steps(12);
    let pad = h.get_by_label("Zone de signature").rect();
    let p = |x: f32, y: f32| egui::pos2(pad.left() + pad.width() * x, pad.top() + pad.height() * y);
    press_drag_release(
        &mut h,
        &[p(0.1, 0.6), p(0.2, 0.3), p(0.3, 0.7), p(0.4, 0.35)],
    );
    press_drag_release(&mut h, &[p(0.5, 0.5), p(0.7, 0.45), p(0.85, 0.55)]);
    shot(&mut h, "Vue 3/4 avant (livraison)");
    drop_files(&mut h, &[photo(pics.path(), 4)]);
    // Wait for the autosave (0.4 s after the last change).
    std::thread::sleep(std::time::Duration::from_millis(500));
    settle(&mut h, 4);
    click(&mut h, "Terminer l'intervention");
    settle(&mut h, 3);
    assert!(shows(&h, "Il manque encore"), "{}", labels(&h));
    let missing: Vec<String> = h
        .query_all_by(|n| {
            n.role() == egui::accesskit::Role::Label
                && n.value().is_some_and(|l| l.starts_with("• "))
        })
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert_eq!(
        missing,
        ["• photo « Vue 3/4 arrière (livraison) » manquante (Contrôle qualité et livraison)"],
        "{}",
        labels(&h)
    );
    let status: String = db(dir.path())
        .query_row("SELECT status FROM jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "in_progress");

    shot(&mut h, "Vue 3/4 arrière (livraison)");
    drop_files(&mut h, &[photo(pics.path(), 5)]);
    click(&mut h, "Terminer l'intervention");
    settle(&mut h, 4);
    assert!(shows(&h, "Intervention terminée"), "{}", labels(&h));

    // The job is completed, with its film use, defect, photos and signature recorded.
    let c = db(dir.path());
    let status: String = c
        .query_row("SELECT status FROM jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "completed");
    let (iv_status, sig): (String, Vec<u8>) = c
        .query_row("SELECT status, signature_png FROM interventions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(iv_status, "completed");
    let img = image::load_from_memory(&sig).unwrap();
    assert_eq!((img.width(), img.height()), (900, 300));
    let film: (i64, i64) = c
        .query_row(
            "SELECT count(*), sum(length_mm + waste_mm) FROM material_usage",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(film.0, 3);
    assert_eq!(
        film.1,
        3 * 1925,
        "typed in centimetres, stored in millimetres"
    );
    let (defects, kind): (i64, String) = c
        .query_row(
            "SELECT count(*), max(kind) FROM intervention_defects",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((defects, kind.as_str()), (1, "chip"));
    let photos: i64 = c
        .query_row(
            "SELECT count(*) FROM intervention_photos WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(photos, 5);
    let camera: String = c
        .query_row("SELECT camera FROM photos LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(camera.contains("ILCE-7M3"), "{camera}");
    // Stored by content hash under the data folder, with a thumbnail each.
    let shas: Vec<String> = c
        .prepare("SELECT sha256 FROM photos")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let store = rpma_core::photos::PhotoStore::for_data_dir(dir.path());
    for sha in &shas {
        assert!(store.exists(sha, "image/jpeg"), "{sha}");
        assert!(store.thumb_path(sha).exists(), "{sha}");
    }
    // The job page now says so.
    click(&mut h, "Ouvrir le travail");
    settle(&mut h, 4);
    assert!(shows(&h, "Terminée"), "{}", labels(&h));
    assert!(shows(&h, "Voir l'intervention"), "{}", labels(&h));
}

fn press_drag_release(h: &mut Harness<'static, App>, points: &[egui::Pos2]) {
    let Some(first) = points.first().copied() else {
        return;
    };
    h.event(egui::Event::PointerMoved(first));
    h.step();
    h.event(egui::Event::PointerButton {
        pos: first,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    let mut last = first;
    for p in points.iter().skip(1) {
        // Intermediate moves, as a finger does.
        for i in 1..=4 {
            let t = i as f32 / 4.0;
            h.event(egui::Event::PointerMoved(last + (*p - last) * t));
            h.step();
        }
        last = *p;
    }
    h.event(egui::Event::PointerButton {
        pos: last,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(3);
}

#[test]
fn corrupt_and_duplicate_photos() {
    let dir = tempfile::tempdir().unwrap();
    let pics = tempfile::tempdir().unwrap();
    shop(dir.path());
    let mut h = started(dir.path());
    // A truncated JPEG and a text file renamed .jpg are refused with a message; nothing stored.
    let good = photo(pics.path(), 7);
    let bytes = std::fs::read(&good).unwrap();
    let truncated = pics.path().join("truncated.jpg");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let text = pics.path().join("notes.jpg");
    std::fs::write(&text, "pas une image").unwrap();
    drop_files(&mut h, &[truncated, text]);
    assert!(shows(&h, "truncated.jpg"), "{}", labels(&h));
    assert!(
        shows(&h, "notes.jpg : Ce fichier n'est pas une image"),
        "{}",
        labels(&h)
    );
    let c = db(dir.path());
    let n: i64 = c
        .query_row("SELECT count(*) FROM intervention_photos", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let originals = dir.path().join("photos").join("originals");
    let stored = walk(&originals);
    assert!(stored.is_empty(), "{stored:?}");
    // The same photo twice: kept once, and the user is told.
    drop_files(&mut h, std::slice::from_ref(&good));
    drop_files(&mut h, &[good]);
    assert!(
        shows(&h, "cette photo est déjà dans l'étape"),
        "{}",
        labels(&h)
    );
    let n: i64 = c
        .query_row("SELECT count(*) FROM intervention_photos", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(walk(&originals).len(), 1);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn the_watched_folder_feeds_the_open_step() {
    let dir = tempfile::tempdir().unwrap();
    let pics = tempfile::tempdir().unwrap();
    shop(dir.path());
    let mut h = started(dir.path());
    let inbox = dir.path().join("import");
    std::fs::create_dir_all(&inbox).unwrap();
    let p = photo(pics.path(), 11);
    std::fs::copy(&p, inbox.join("DSC_0011.jpg")).unwrap();
    // Two scans: the file must keep its size between them before it is taken.
    for _ in 0..2 {
        h.state_mut().scan_import_folder();
        settle(&mut h, 4);
    }
    let c = db(dir.path());
    let (n, src): (i64, String) = c
        .query_row(
            "SELECT count(*), max(source) FROM intervention_photos",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, src.as_str()), (1, "folder"));
    assert!(inbox.join("imported").join("DSC_0011.jpg").exists());
    assert!(!inbox.join("DSC_0011.jpg").exists());
}

#[test]
fn a_bad_reading_is_refused_with_its_message_and_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let mut h = started(dir.path());
    set_field(&mut h, "Humidité (%)", "abc");
    settle(&mut h, 2);
    assert!(shows(&h, "Saisissez un nombre"), "{}", labels(&h));
    set_field(&mut h, "Température (°C)", "95");
    // Leaving the step's typing for the action saves it first: the core refuses the value.
    click(&mut h, "Terminer l'étape");
    settle(&mut h, 4);
    assert!(
        shows(&h, "Température entre −30 et 60 °C."),
        "{}",
        labels(&h)
    );
    let data: String = db(dir.path())
        .query_row(
            "SELECT data FROM intervention_steps WHERE position = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!data.contains("95"), "{data}");
    let status: String = db(dir.path())
        .query_row(
            "SELECT status FROM intervention_steps WHERE position = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "in_progress");
}

#[test]
fn typing_is_saved_even_when_leaving_at_once() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let mut h = started(dir.path());
    common::type_into(
        &mut h,
        "Notes de l'étape",
        "Rayure sur le capot signalée au client",
    );
    // Straight to another screen, before the autosave delay.
    click(&mut h, "Atelier");
    settle(&mut h, 4);
    let notes: String = db(dir.path())
        .query_row(
            "SELECT notes FROM intervention_steps WHERE position = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notes, "Rayure sur le capot signalée au client");
}

/// The lines of the "still missing" list on show.
fn missing_lines(h: &Harness<'static, App>) -> Vec<String> {
    h.query_all_by(|n| n.value().is_some_and(|l| l.starts_with("• ")))
        .filter_map(|n| n.accesskit_node().value())
        .collect()
}

#[test]
fn the_missing_list_shrinks_as_items_are_ticked() {
    let dir = tempfile::tempdir().unwrap();
    shop(dir.path());
    let mut h = started(dir.path());
    click(&mut h, "Terminer l'étape");
    settle(&mut h, 3);
    assert!(shows(&h, "Il manque encore"), "{}", labels(&h));
    let before = missing_lines(&h);
    assert!(
        before.iter().any(|l| l.contains("température")),
        "{before:?}"
    );
    // Ticking an item and typing a reading: the list follows at once, nothing pressed.
    tick(&mut h, "Véhicule propre et sec  *");
    set_field(&mut h, "Température (°C)", "21");
    settle(&mut h, 2);
    let after = missing_lines(&h);
    assert_eq!(after.len() + 2, before.len(), "{before:?} → {after:?}");
    assert!(
        !after.iter().any(|l| l.contains("température")),
        "{after:?}"
    );
}

/// The intervention is the only way a job's work starts, pauses and ends: once it runs, the job
/// page offers no status move (the core refuses them anyway), only the way into the
/// intervention.
#[test]
fn while_the_intervention_runs_the_job_page_offers_no_status_move() {
    let dir = tempfile::tempdir().unwrap();
    let number = shop(dir.path());
    let mut h = app(dir.path(), false);
    login(&mut h, "admin", ADMIN_PW);
    open_the_job(&mut h);
    assert!(shows(&h, "Mettre en attente"), "{}", labels(&h));
    assert!(shows(&h, "Annuler le travail"));
    click(&mut h, "Démarrer l'intervention");
    settle(&mut h, 4);
    assert_eq!(h.state().route(), RouteKind::Intervention, "{}", labels(&h));
    click(&mut h, "Retour");
    settle(&mut h, 4);
    // The jobs list kept its search: the job is one click away.
    click(&mut h, "Travaux");
    settle(&mut h, 4);
    click(&mut h, &number);
    settle(&mut h, 4);
    assert_eq!(h.state().route(), RouteKind::Jobs, "{}", labels(&h));
    assert!(shows(&h, "Ouvrir l'intervention"), "{}", labels(&h));
    assert!(!shows(&h, "Mettre en attente"), "{}", labels(&h));
    assert!(!shows(&h, "Annuler le travail"));
    let status: String = db(dir.path())
        .query_row("SELECT status FROM jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "in_progress");
}
