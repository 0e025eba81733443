//! Erasure leaves nothing of the person anywhere: every table (change log included), every
//! search index, the audit log (sealed values whose key is gone); the chain still verifies.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::ids::{ClientId, TemplateId, VehicleId};
use rusqlite::Connection;

use super::*;
use crate::clients::{self, ClientInput, ClientKind};
use crate::interventions::{
    self, DefectInput, DefectKind, PhotoAttach, PhotoSource, ShotChoice, StepEdit, ZoneEdit,
};
use crate::jobs::{self, NewJob};
use crate::photos::PhotoFile;
use crate::testutil::{Fixture, MINUTE, T0};
use crate::vehicles::{self, VehicleInput};

const NAME: &str = "Zephyrine Quatremare";
const EMAIL: &str = "zephyrine.q@exemple.fr";
const PHONE_NATIONAL: &str = "0612345678";
const PHONE_STORED: &str = "+33612345678";
const ADDRESS: &str = "17 rue des Glycines";
const CLIENT_NOTE: &str = "allergique-aux-chats";
const VEHICLE_NOTE: &str = "lamantin-rayure";
const JOB_NOTES: &str = "consignes-ornithorynque";
const JOB_NOTE_BODY: &str = "appel-du-wombat";
const STEP_NOTE: &str = "etape-kiwi-remarque";
const ZONE_NOTE: &str = "narval-remarque-pose";
const DEFECT_NOTE: &str = "defaut-okapi-remarque";
const SIGNATORY: &str = "Signataire Tamanoir";
const SIGNATURE_MARK: &[u8] = b"QUOKKA-SIGNATURE";
const CAMERA: &str = "Hasselblad X2D";
const GPS: (f64, f64) = (48.856_612_3, 2.352_245_6);
const DRAFT_TEXT: &str = "brouillon-pangolin";

/// Every text the person could be found by (lower case: the scan compares in lower case).
fn needles() -> Vec<String> {
    let mut n: Vec<String> = [
        "zephyrine",
        "quatremare",
        EMAIL,
        PHONE_NATIONAL,
        PHONE_STORED,
        "612345678",
        ADDRESS,
        CLIENT_NOTE,
        VEHICLE_NOTE,
        JOB_NOTES,
        JOB_NOTE_BODY,
        STEP_NOTE,
        ZONE_NOTE,
        DEFECT_NOTE,
        "tamanoir",
        "quokka",
        "hasselblad",
        "48.8566",
        "2.35224",
        DRAFT_TEXT,
    ]
    .iter()
    .map(|s| s.to_lowercase())
    .collect();
    // The signature image as the change log writes blobs (hex).
    n.push(hex::encode(SIGNATURE_MARK).to_lowercase());
    n
}

/// Every (table, column, needle) where a needle is found: every table of the schema (FTS
/// shadow tables included), every column, as text or as bytes.
fn scan(conn: &Connection, needles: &[String]) -> Vec<(String, String, String)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut found = Vec::new();
    for t in &tables {
        let cols: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .unwrap()
            .query_map([t], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for c in &cols {
            for n in needles {
                let sql = format!(
                    "SELECT count(*) FROM \"{t}\" WHERE instr(lower(CAST(\"{c}\" AS TEXT)), ?1) > 0
                        OR (typeof(\"{c}\") = 'blob' AND (instr(\"{c}\", CAST(?1 AS BLOB)) > 0
                            OR instr(lower(hex(\"{c}\")), ?2) > 0))"
                );
                let hits: i64 = conn
                    .query_row(&sql, [n, &hex::encode(n.as_bytes())], |r| r.get(0))
                    .unwrap_or_else(|e| panic!("{t}.{c}: {e}"));
                if hits > 0 {
                    found.push((t.clone(), c.clone(), n.clone()));
                }
            }
        }
    }
    found
}

/// Terms of the search indexes that match a needle (what a search would find).
fn fts_hits(conn: &Connection) -> Vec<(String, String)> {
    let mut hits = Vec::new();
    for fts in ["clients_fts", "vehicles_fts", "jobs_fts"] {
        for term in [
            "zephyrine",
            "quatremare",
            "zephyrine.q",
            "0612345678",
            "612345678",
        ] {
            let q = format!("\"{term}\"");
            let n: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM {fts} WHERE {fts} MATCH ?1"),
                    [&q],
                    |r| r.get(0),
                )
                .unwrap();
            if n > 0 {
                hits.push((fts.to_owned(), term.to_owned()));
            }
        }
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.v; CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, {fts}, 'row');"
        ))
        .unwrap();
        let terms: Vec<String> = conn
            .prepare("SELECT term FROM temp.v")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for t in terms {
            if ["zephyrine", "quatremare", "0612345678", "33612345678"]
                .iter()
                .any(|n| t.contains(n))
            {
                hits.push((fts.to_owned(), t));
            }
        }
    }
    hits
}

fn signature_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(SIGNATURE_MARK);
    png
}

/// A client with everything filled: contact, vehicle, job with notes, intervention with notes,
/// defect, photo with GPS and camera, signature, and a wizard draft. Returns (client, vehicle).
fn everything(f: &mut Fixture, photos: &std::path::Path) -> (ClientId, VehicleId) {
    let admin = f.admin.clone();
    let tech = f.technician.clone();
    f.store.set_photo_root(photos.to_path_buf());
    let c = clients::create(
        &mut f.store,
        &admin,
        &ClientInput {
            kind: ClientKind::Individual,
            name: NAME.into(),
            email: EMAIL.into(),
            phone: PHONE_NATIONAL.into(),
            address_line1: ADDRESS.into(),
            postal_code: "75011".into(),
            city: "Paris".into(),
            country: "FR".into(),
            notes: CLIENT_NOTE.into(),
            marketing_consent: true,
            ..ClientInput::default()
        },
    )
    .unwrap();
    assert_eq!(c.phone.as_deref(), Some(PHONE_STORED));
    let v = vehicles::create(
        &mut f.store,
        &admin,
        &VehicleInput {
            plate: "GH-456-JK".into(),
            make: "Porsche".into(),
            model: "911".into(),
            owner_id: Some(c.id.clone()),
            notes: VEHICLE_NOTE.into(),
            ..VehicleInput::default()
        },
    )
    .unwrap();
    // A two-step template: an optional installation (its zone notes), then the signature.
    let mut t = crate::workflow::standard();
    t.id = TemplateId::default();
    t.name = crate::workflow::Text::new("Signature", "Signature");
    t.steps.retain(|s| {
        matches!(
            s.kind,
            crate::workflow::StepKind::Installation | crate::workflow::StepKind::Finalization
        )
    });
    t.steps[0].mandatory = false;
    let template = crate::workflow::save(&mut f.store, &admin, &t).unwrap().id;
    let job = jobs::create(
        &mut f.store,
        &admin,
        &NewJob {
            client_id: c.id.clone(),
            vehicle_id: v.id.clone(),
            zone_ids: vec!["hood".into()],
            film_product: "XPEL".into(),
            scheduled_start: Some(T0 + 60 * MINUTE),
            scheduled_end: Some(T0 + 300 * MINUTE),
            technician_id: Some(tech.id.clone()),
            notes: JOB_NOTES.into(),
            template_id: Some(template),
            ..NewJob::default()
        },
    )
    .unwrap()
    .row
    .id;
    jobs::add_note(&mut f.store, &admin, &job, JOB_NOTE_BODY).unwrap();
    let iv = interventions::start(&mut f.store, &tech, &job).unwrap();
    assert_eq!(
        iv.template.steps[0].kind,
        crate::workflow::StepKind::Installation
    );
    interventions::save_step(
        &mut f.store,
        &tech,
        &iv.id,
        0,
        &StepEdit {
            notes: STEP_NOTE.into(),
            ..StepEdit::default()
        },
    )
    .unwrap();
    interventions::save_zone(
        &mut f.store,
        &tech,
        &iv.id,
        &ZoneEdit {
            zone_id: "hood".into(),
            notes: ZONE_NOTE.into(),
            ..ZoneEdit::default()
        },
    )
    .unwrap();
    let file = PhotoFile {
        sha256: format!("{:064x}", 0xE7A5E_u64),
        bytes: 1000,
        mime: "image/jpeg".into(),
        width: 640,
        height: 480,
        orientation: 1,
        taken_at: Some("2026-03-02T10:00:00".into()),
        camera: Some(CAMERA.into()),
        gps: Some(GPS),
        original_name: "IMG_1.jpg".into(),
        already_stored: false,
    };
    let path = crate::photos::PhotoStore::new(photos.to_path_buf())
        .original_path(&file.sha256, &file.mime);
    crate::fsutil::write_atomic(&path, b"stand-in").unwrap();
    let photo = interventions::attach_photo(
        &mut f.store,
        &tech,
        &iv.id,
        &PhotoAttach {
            step: 0,
            file,
            phase: None,
            zone_id: None,
            shot: ShotChoice::None,
            source: PhotoSource::Drop,
        },
    )
    .unwrap();
    interventions::add_defect(
        &mut f.store,
        &tech,
        &iv.id,
        &DefectInput {
            zone: "hood".into(),
            x: 0.5,
            y: 0.5,
            kind: DefectKind::Scratch,
            severity: 2,
            note: DEFECT_NOTE.into(),
            photo_id: Some(photo.photo.id.clone()),
        },
    )
    .unwrap();
    interventions::skip_step(&mut f.store, &admin, &iv.id, 0, "pas de pose").unwrap();
    interventions::set_signature(
        &mut f.store,
        &admin,
        &iv.id,
        SIGNATORY,
        Some(&signature_png()),
    )
    .unwrap();
    jobs::save_draft(
        &mut f.store,
        &admin,
        &serde_json::json!({ "client_id": c.id, "memo": DRAFT_TEXT }),
    )
    .unwrap();
    // Done with: the erasure is refused while a job is open.
    interventions::cancel(&mut f.store, &admin, &iv.id, "le client renonce").unwrap();
    (c.id, v.id)
}

#[test]
fn an_erased_client_leaves_nothing_readable_and_the_chain_still_verifies() {
    let photos = tempfile::tempdir().unwrap();
    let mut f = Fixture::new();
    let (client, vehicle) = everything(&mut f, photos.path());
    let admin = f.admin.clone();
    let conn = f.store.conn();
    let needles = needles();

    // Before: the person is in the tables, the change log and the search indexes...
    let before = scan(conn, &needles);
    for n in &needles {
        assert!(
            before.iter().any(|(_, _, m)| m == n),
            "{n} was not written anywhere: the test would prove nothing"
        );
        // The national phone form is only indexed, drafts stay on this terminal, the change log
        // writes the signature image as hex (a needle of its own).
        let local = [
            PHONE_NATIONAL.to_owned(),
            DRAFT_TEXT.to_owned(),
            "quokka".to_owned(),
        ];
        assert!(
            local.contains(n) || before.iter().any(|(t, _, m)| t == "change_log" && m == n),
            "{n} is not in the change log"
        );
    }
    assert!(!fts_hits(conn).is_empty());
    // ...but never readable in the audit log, where the values are sealed...
    assert!(
        !before.iter().any(|(t, _, _)| t == "audit_log"),
        "{:?}",
        before
            .iter()
            .filter(|(t, _, _)| t == "audit_log")
            .collect::<Vec<_>>()
    );
    // ...and the audit screen opens them.
    let shown = |conn: &Connection| -> String {
        crate::audit::query_as(conn, &admin, &crate::audit::AuditFilter::default())
            .unwrap()
            .iter()
            .flat_map(|r| r.before.iter().chain(&r.after).cloned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let opened = shown(conn);
    for text in [NAME, EMAIL, CLIENT_NOTE, JOB_NOTE_BODY, SIGNATORY] {
        assert!(opened.contains(text), "{text} not shown: {opened}");
    }
    let key: String = conn
        .query_row(
            "SELECT key FROM client_keys WHERE client_id = ?1",
            [&client],
            |r| r.get(0),
        )
        .unwrap();

    clients::erase(&mut f.store, &admin, &client).unwrap();
    let conn = f.store.conn();

    // After: nothing, anywhere — the key included.
    let mut with_key = needles.clone();
    with_key.push(key.to_lowercase());
    assert_eq!(scan(conn, &with_key), vec![]);
    assert_eq!(fts_hits(conn), vec![]);
    // No link from the plate to the person.
    let links: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM vehicles WHERE owner_id = ?1)
                  + (SELECT count(*) FROM vehicle_owners WHERE client_id = ?1)",
            [&client],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(links, 0);
    let plate: String = conn
        .query_row(
            "SELECT plate FROM vehicles WHERE id = ?1",
            [&vehicle],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        plate, "GH-456-JK",
        "the vehicle stays for the shop's records"
    );
    let (sig, gps): (Option<Vec<u8>>, Option<f64>) = conn
        .query_row(
            "SELECT i.signature_png, (SELECT gps_lat FROM photos) FROM interventions i",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((sig, gps), (None, None));
    // The chain verifies, with its keyed head.
    for chain in crate::audit::verify_chains(conn).unwrap() {
        assert!(chain.result.is_ok(), "{chain:?}");
    }
    // The audit screen shows the sealed values as erased, and still shows the rest.
    let rows = crate::audit::query_as(conn, &admin, &crate::audit::AuditFilter::default()).unwrap();
    let created = rows.iter().find(|r| r.action == "client.create").unwrap();
    let after: Value = serde_json::from_str(created.after.as_deref().unwrap()).unwrap();
    assert!(is_erased(&after["name"]), "{after}");
    assert!(is_erased(&after["email"]), "{after}");
    assert_eq!(after["kind"], "individual");
    let sign = rows
        .iter()
        .find(|r| r.action == "intervention.sign")
        .unwrap();
    let after: Value = serde_json::from_str(sign.after.as_deref().unwrap()).unwrap();
    assert!(is_erased(&after["signatory"]), "{after}");
    assert!(after["bytes"].as_u64().is_some());
    let shown_after = shown(conn);
    for text in [NAME, EMAIL, CLIENT_NOTE, JOB_NOTE_BODY, SIGNATORY] {
        assert!(!shown_after.contains(text), "{text} still shown");
    }
}

#[test]
fn entries_about_an_erased_client_keep_no_value_and_other_clients_keep_theirs() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let mk = |f: &mut Fixture, name: &str| {
        clients::create(
            &mut f.store,
            &admin,
            &ClientInput {
                name: name.into(),
                country: "FR".into(),
                ..ClientInput::default()
            },
        )
        .unwrap()
        .id
    };
    let gone = mk(&mut f, "Anatole Effacable");
    let _kept = mk(&mut f, "Berenice Gardee");
    clients::erase(&mut f.store, &admin, &gone).unwrap();
    // A later entry about the erased client: sealed without a key, so unreadable from the start.
    f.store
        .write(Some(&admin.id), |tx| {
            tx.audit(AuditEntry {
                action: "client.update",
                entity: "client",
                entity_id: Some(&gone),
                before: None,
                after: Some(serde_json::json!({ "notes": "Anatole again" })),
            })
        })
        .unwrap();
    let raw: String = f
        .store
        .conn()
        .query_row(
            "SELECT group_concat(coalesce(after, ''), ' ') FROM audit_log",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !raw.contains("Anatole") && !raw.contains("Berenice"),
        "{raw}"
    );
    let rows = crate::audit::query_as(
        f.store.conn(),
        &admin,
        &crate::audit::AuditFilter::default(),
    )
    .unwrap();
    let text: Vec<String> = rows.iter().filter_map(|r| r.after.clone()).collect();
    let text = text.join("\n");
    assert!(text.contains("Berenice Gardee"), "{text}");
    assert!(!text.contains("Anatole"), "{text}");
    // The erased marker reads as a word in the user's language.
    let mut v = serde_json::json!({ "name": ERASED, "n": [ERASED] });
    name_erased(&mut v, "effacé");
    assert_eq!(v, serde_json::json!({ "name": "effacé", "n": ["effacé"] }));
    // A viewer is refused the audit (and so every opened value).
    assert!(
        crate::audit::query_as(
            f.store.conn(),
            &f.viewer,
            &crate::audit::AuditFilter::default()
        )
        .is_err()
    );
}

#[test]
fn the_anonymised_name_is_the_one_the_erasure_writes() {
    let clients_row = ERASED_COLUMNS
        .iter()
        .find(|e| e.table == "clients")
        .unwrap();
    let name = clients_row
        .columns
        .iter()
        .find(|(c, _)| *c == "name")
        .unwrap();
    assert_eq!(name.1, format!("'{}'", clients::ANONYMISED_NAME));
    // Every declared table and column exists.
    let s = crate::store::Store::open_in_memory().unwrap();
    for e in ERASED_COLUMNS {
        for (c, _) in e.columns {
            let n: i64 = s
                .conn()
                .query_row(
                    "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
                    [e.table, c],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{}.{c}", e.table);
        }
    }
}
