#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;
use crate::clients::{self, ClientInput};
use crate::jobs::{self, JobStatus, NewJob};
use crate::testutil::Fixture;
use crate::vehicles::{self, VehicleInput};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn is_action_code(s: &str) -> bool {
    let mut parts = s.split('.');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_lowercase())
        && !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// The source before its inline test module (`#[cfg(test)] mod tests {`); a declaration of a
/// test file (`#[cfg(test)] mod tests;`) is skipped over.
fn without_test_module(text: &str) -> &str {
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find("#[cfg(test)]")) {
        let at = from + i;
        let next_line = text
            .get(at..)
            .and_then(|t| t.lines().nth(1))
            .unwrap_or_default();
        if next_line.contains('{') {
            return text.get(..at).unwrap_or(text);
        }
        from = at + 1;
    }
    text
}

/// Every action code written to the audit log by non-test code: string literals in the lines
/// that follow a call to `audit(` or an `AuditEntry`.
fn written_action_codes() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("../../src"), &mut files);
    let mut codes = BTreeSet::new();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.contains("test") || name == "fixtures.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = without_test_module(&text);
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.contains("audit(") || line.contains("AuditEntry")) {
                continue;
            }
            for l in lines.iter().skip(i).take(8) {
                for (n, lit) in l.split('"').enumerate() {
                    if n % 2 == 1 && is_action_code(lit) {
                        codes.insert(lit.to_owned());
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_action_code_written_has_a_sentence_in_both_languages() {
    let codes = written_action_codes();
    // The scan finds the codes it must (so that it cannot silently find nothing).
    for known in [
        "login.ok",
        "job.status",
        "job.checklist.done",
        "intervention.step",
        "intervention.start",
        "vehicle.change_owner",
        "organisation.create",
        "zone.update",
        "user.activate",
    ] {
        assert!(codes.contains(known), "{known} not found in {codes:?}");
    }
    assert!(codes.len() >= 60, "only {} codes: {codes:?}", codes.len());
    let mut missing = Vec::new();
    for code in &codes {
        let key = sentence_key(code);
        for lang in Lang::ALL {
            if !catalog().has(lang, &key) {
                missing.push(format!("{key} ({})", lang.code()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "audit actions without a sentence: {missing:?}"
    );
}

#[test]
fn entries_read_as_french_sentences_with_names_and_no_codes_or_ids() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let client = clients::create(
        &mut f.store,
        &admin,
        &ClientInput {
            name: "Élodie Durand".into(),
            ..ClientInput::default()
        },
    )
    .unwrap();
    let vehicle = vehicles::create(
        &mut f.store,
        &admin,
        &VehicleInput {
            plate: "ab123cd".into(),
            make: "Peugeot".into(),
            model: "308".into(),
            owner_id: Some(client.id.clone()),
            ..VehicleInput::default()
        },
    )
    .unwrap();
    let job = jobs::create(
        &mut f.store,
        &admin,
        &NewJob {
            client_id: client.id.clone(),
            vehicle_id: vehicle.id.clone(),
            zone_ids: vec!["hood".into()],
            as_draft: true,
            ..NewJob::default()
        },
    )
    .unwrap();
    jobs::transition(
        &mut f.store,
        &admin,
        &job.row.id,
        JobStatus::Cancelled,
        Some("client absent"),
    )
    .unwrap();
    let rows = crate::audit::query(
        f.store.conn(),
        &crate::audit::AuditFilter {
            limit: 500,
            ..crate::audit::AuditFilter::default()
        },
    )
    .unwrap();
    let names = names_for(f.store.conn(), &rows).unwrap();
    let say = |action: &str| {
        let row = rows.iter().find(|r| r.action == action).unwrap();
        (
            sentence(row, &names, Lang::Fr),
            object(row, &names, Lang::Fr),
            row.clone(),
        )
    };
    let (client_line, client_obj, _) = say("client.create");
    assert!(client_line.contains("Élodie Durand"), "{client_line}");
    assert!(client_line.contains(&admin.display_name), "{client_line}");
    assert!(client_obj.contains("Élodie Durand"), "{client_obj}");
    let (vehicle_line, _, _) = say("vehicle.create");
    assert!(vehicle_line.contains("AB-123-CD"), "{vehicle_line}");
    let (status_line, status_obj, _) = say("job.status");
    assert!(status_line.contains(&job.row.number), "{status_line}");
    assert!(status_line.contains("AB-123-CD"), "{status_line}");
    assert!(status_line.contains("Annulé"), "{status_line}");
    assert!(status_obj.contains(&job.row.number), "{status_obj}");
    for row in &rows {
        let line = sentence(row, &names, Lang::Fr);
        let obj = object(row, &names, Lang::Fr);
        for text in [&line, &obj] {
            assert!(!text.contains(&row.action), "code in {text}");
            assert!(!text.contains(&sentence_key(&row.action)), "key in {text}");
            if let Some(id) = &row.entity_id {
                assert!(!text.contains(id.as_str()), "id in {text}");
            }
        }
    }
    // English too.
    let row = rows.iter().find(|r| r.action == "job.status").unwrap();
    let en = sentence(row, &names, Lang::En);
    assert!(
        en.contains(&job.row.number) && en.contains("Cancelled"),
        "{en}"
    );
}
