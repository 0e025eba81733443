//! Backups on real data folders: round trip, faults found by verify (each its own kind), a
//! backup taken under a continuous writer, cancel, restore refusals and the swap's recovery
//! after a crash at every step. Tests that need `tar`, `zstd`, `sha256sum` or `age` are in
//! `tools` below.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::Utc;
use rusqlite::Connection;
use sha2::{Digest as _, Sha256};

use super::*;
use crate::datadir::{DB_FILE, DataDir};
use crate::i18n::Lang;
use crate::store::Store;

pub(super) const TZ: Tz = chrono_tz::Europe::Paris;
/// A low scrypt work factor: tests only.
const TEST_WORK_FACTOR: u8 = 10;

pub(super) fn no_progress() -> impl FnMut(&Progress<'_>) {
    |_p: &Progress<'_>| {}
}

pub(super) fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.to_owned()).with_work_factor(TEST_WORK_FACTOR)
}

/// Files that go into a backup besides the database and the demo's photos, and files that must
/// not.
const EXTRA_IN: &[(&str, &[u8])] = &[
    (
        "documents/2026/devis-0001.pdf",
        b"%PDF-1.7 a generated document",
    ),
    ("keys/terminal.key", b"a key"),
    (
        "later/added/folder/file.bin",
        b"a folder added by a later version",
    ),
    ("ui-state.ron", b"(window: ())"),
];
const EXTRA_OUT: &[(&str, &[u8])] = &[
    ("logs/rpma.2026-01-01.log", b"log line"),
    ("import/waiting.jpg", b"not imported yet"),
    ("import/imported/IMG_1.jpg", b"source of an imported photo"),
    (
        "backups/rpma-backup-T1-20250101-000000.tar.zst",
        b"an older backup",
    ),
    ("rpma.db.pre-v4.bak", b"pre-migration copy"),
    ("photos/originals/ab/.abc.123-4.tmp", b"write in progress"),
];

/// A data folder with the demo shop, its interventions and photos, built once per test binary
/// and copied by each test.
fn template() -> &'static Path {
    static T: OnceLock<PathBuf> = OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let root = dir.join("data");
        let data = DataDir::open(&root).unwrap();
        let size = rpma_demo::generate::ShopSize {
            clients: 40,
            vehicles: 50,
            jobs: 200,
            past_days: 120,
            future_days: 20,
            within_hours: true,
            shops: 1,
        };
        let s =
            crate::testutil::demo_file(&data.db_path(), rpma_demo::DEFAULT_SEED, Some(&size), true);
        assert!(s.created);
        drop(data);
        for (rel, body) in EXTRA_IN.iter().chain(EXTRA_OUT) {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, body).unwrap();
        }
        root
    })
}

pub(super) fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A fresh copy of the template shop in `dir/<name>`.
pub(super) fn shop(dir: &Path, name: &str) -> PathBuf {
    let root = dir.join(name);
    copy_tree(template(), &root);
    root
}

/// A small shop of its own (another organisation), no photos.
pub(super) fn other_shop(root: &Path) {
    let data = DataDir::open(root).unwrap();
    crate::testutil::demo_file(&data.db_path(), 99, None, false);
    let (mut s, _) = Store::open(&data.db_path()).unwrap();
    s.write(None, |tx| {
        let mut org = crate::org::get(tx.conn())?.unwrap();
        org.name = "Autre Atelier".to_owned();
        crate::org::save(tx, org)
    })
    .unwrap();
    s.checkpoint().unwrap();
    fs::create_dir_all(root.join("documents")).unwrap();
    fs::write(root.join("documents/old-shop.txt"), "the other shop's file").unwrap();
}

pub(super) fn make_backup(
    root: &Path,
    out: &Path,
    passphrase: Option<&Passphrase>,
) -> CreateReport {
    let cancel = AtomicBool::new(false);
    let opts = CreateOptions {
        data_root: root,
        out_dir: out,
        terminal: "T1",
        passphrase,
        now_ms: Utc::now().timestamp_millis(),
        tz: TZ,
    };
    create(&opts, &mut no_progress(), &cancel).unwrap()
}

pub(super) fn run_verify(file: &Path, passphrase: Option<&Passphrase>) -> VerifyReport {
    verify(
        file,
        passphrase,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap()
}

pub(super) fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Every table's rows, as sorted text.
pub(super) fn dump(db: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open(db).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for name in names {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let cols = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let mut line = Vec::new();
                for i in 0..cols {
                    line.push(format!("{:?}", r.get_ref(i)?));
                }
                Ok(line.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.insert(name, rows);
    }
    out
}

/// SHA-256 of every file that a backup carries (the database left out).
pub(super) fn file_hashes(root: &Path) -> BTreeMap<String, String> {
    select::collect(root, None)
        .unwrap()
        .into_iter()
        .map(|f| (f.rel, sha_hex(&fs::read(&f.path).unwrap())))
        .collect()
}

#[test]
fn file_names_round_trip() {
    let ms = 1_767_268_800_000; // 2026-01-01T12:00:00Z = 13:00 in Paris
    let name = file_name("Caisse 2/é", ms, TZ, false);
    assert_eq!(name, "rpma-backup-Caisse-2---20260101-130000.tar.zst");
    let p = parse_file_name(&name).unwrap();
    assert_eq!(p.terminal, "Caisse-2--");
    assert_eq!(p.stamp.to_string(), "2026-01-01 13:00:00");
    assert!(!p.encrypted);
    let enc = parse_file_name("rpma-backup-T1-20260101-130000-2.tar.zst.age").unwrap();
    assert!(enc.encrypted);
    assert_eq!(enc.terminal, "T1");
    for bad in [
        "rpma-backup-T1-20260101-130000.tar.zst.verified",
        "rpma-backup-20260101-130000.tar.zst",
        "other.tar.zst",
        ".rpma-backup-T1-20260101-130000.tar.zst.123.part",
    ] {
        assert!(parse_file_name(bad).is_none(), "{bad}");
    }
    assert_eq!(sanitize_terminal("  "), PLACEHOLDER_TERMINAL);
}

#[test]
fn round_trip_restores_every_table_and_file_and_sign_in_works() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let out = dir.path().join("out");
    let mut stages = Vec::new();
    // The code of the terminal whose data folder it is, as the CLI passes it.
    let code = terminal_of(&src).unwrap();
    let stored: String = Connection::open(src.join(DB_ENTRY))
        .unwrap()
        .query_row("SELECT code FROM terminal", [], |r| r.get(0))
        .unwrap();
    assert_eq!(code, stored);
    assert_ne!(code, PLACEHOLDER_TERMINAL);
    let opts = CreateOptions {
        data_root: &src,
        out_dir: &out,
        terminal: &code,
        passphrase: None,
        now_ms: Utc::now().timestamp_millis(),
        tz: TZ,
    };
    let made = create(
        &opts,
        &mut |p: &Progress<'_>| stages.push((p.stage, p.done, p.total)),
        &AtomicBool::new(false),
    )
    .unwrap();
    // Progress: the archive stage ends at its total, never goes backwards.
    let archive: Vec<_> = stages.iter().filter(|s| s.0 == Stage::Archive).collect();
    assert!(archive.windows(2).all(|w| w[0].1 <= w[1].1));
    assert!(stages.iter().any(|s| s.0 == Stage::Snapshot));
    assert!(
        made.path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(&format!("rpma-backup-{code}-"))
    );
    let m = &made.manifest;
    assert_eq!(m.schema_level, crate::store::migrations::LATEST_LEVEL);
    assert_eq!(m.terminal, code);
    assert!(!m.shop_id.is_empty() && !m.shop_name.is_empty());
    assert!(m.tables.get("users").copied().unwrap_or(0) >= 4);
    assert!(m.tables.get("jobs").copied().unwrap_or(0) >= 200);
    let paths: Vec<&str> = m.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths.first(), Some(&DB_ENTRY));
    for (rel, _) in EXTRA_IN {
        assert!(paths.contains(rel), "{rel} missing from {paths:?}");
    }
    for (rel, _) in EXTRA_OUT {
        assert!(!paths.contains(rel), "{rel} must not be backed up");
    }
    let photos = paths
        .iter()
        .filter(|p| p.starts_with("photos/originals/"))
        .count();
    assert!(photos >= 10, "the demo photos are in: {photos}");
    // No temporary file left beside it.
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");

    let r = run_verify(&made.path, None);
    assert!(r.is_ok(), "{:?}", r.problems);
    assert_eq!(r.entries_read, m.entries.len() as u64);
    assert!(r.database.as_ref().unwrap().audit_entries.unwrap() > 0);
    assert_eq!(
        list_backups(&out).unwrap()[0].verified,
        VerifiedState::Verified
    );

    // Restore into another (new, empty) data folder: no question asked.
    let dst = dir.path().join("restored");
    let data = DataDir::open(&dst).unwrap();
    let prepared = prepare_restore(
        &data,
        &made.path,
        None,
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(prepared.confirmations().is_empty());
    assert!(prepared.current().is_none());
    let report = prepared.commit(data, false).unwrap();
    assert!(
        report.previous.is_none(),
        "an empty folder is not kept aside"
    );
    assert_eq!(dump(&src.join(DB_FILE)), dump(&dst.join(DB_FILE)));
    let mut want = file_hashes(&src);
    // What a backup leaves out is not expected back.
    want.retain(|k, _| !select::is_excluded(k));
    assert_eq!(file_hashes(&dst), want);
    for (rel, _) in EXTRA_OUT {
        if !rel.starts_with("logs/") && !rel.starts_with("backups/") {
            assert!(!dst.join(rel).exists(), "{rel}");
        }
    }
    // The restored shop opens and its admin signs in.
    let data = DataDir::open(&dst).unwrap();
    let (mut store, _) = Store::open(&data.db_path()).unwrap();
    let who = crate::auth::login::login(&mut store, "admin", "Demo-Admin-2026").unwrap();
    assert!(who.user().is_some(), "{who:?}");
    let report = crate::store::check::check_store(&store);
    assert!(report.is_ok(), "{report:?}");
}

/// Re-packs an unencrypted backup through `edit` (entry name and bytes → new bytes, or `None` to
/// drop it), adding `extra` entries before the manifest; with `fix_manifest`, the manifest's
/// hashes follow the edits (a backup whose manifest agrees with damaged content).
pub(super) fn repack(
    src: &Path,
    dst: &Path,
    mut edit: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>,
    extra: &[(&str, &[u8])],
    fix_manifest: bool,
    manifest_edit: &dyn Fn(&mut Manifest),
) {
    let dec = zstd::Decoder::new(fs::File::open(src).unwrap()).unwrap();
    let mut ar = tar::Archive::new(dec);
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut body = Vec::new();
        e.read_to_end(&mut body).unwrap();
        entries.push((name, body));
    }
    let (_, manifest_bytes) = entries.pop().unwrap();
    let mut manifest: Manifest = serde_json::from_slice(&manifest_bytes).unwrap();
    let enc = zstd::Encoder::new(fs::File::create(dst).unwrap(), 1).unwrap();
    let mut b = tar::Builder::new(enc);
    let add = |b: &mut tar::Builder<_>, name: &str, body: &[u8]| {
        let mut h = tar::Header::new_gnu();
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        if name.contains("..") {
            // The tar crate refuses such names: write the raw header as a hostile tool would.
            let raw = &mut h.as_gnu_mut().unwrap().name;
            raw[..name.len()].copy_from_slice(name.as_bytes());
            h.set_cksum();
            b.append(&h, body).unwrap();
        } else {
            b.append_data(&mut h, name, body).unwrap();
        }
    };
    for (name, body) in entries {
        let Some(body) = edit(&name, body) else {
            continue;
        };
        if fix_manifest {
            for me in &mut manifest.entries {
                if me.path == name {
                    me.size = body.len() as u64;
                    me.sha256 = sha_hex(&body);
                }
            }
        }
        add(&mut b, &name, &body);
    }
    for (name, body) in extra {
        add(&mut b, name, body);
    }
    manifest_edit(&mut manifest);
    add(
        &mut b,
        MANIFEST_ENTRY,
        &serde_json::to_vec(&manifest).unwrap(),
    );
    b.into_inner().unwrap().finish().unwrap();
}

#[test]
fn verify_names_each_fault_with_its_own_kind() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let out = dir.path().join("out");
    let made = make_backup(&src, &out, None);
    let photo = made
        .manifest
        .entries
        .iter()
        .find(|e| e.path.starts_with("photos/originals/"))
        .unwrap()
        .path
        .clone();
    let faults = dir.path().join("faults");
    fs::create_dir_all(&faults).unwrap();
    let mut messages = Vec::new();
    let mut check = |name: &str, report: VerifyReport, want: &dyn Fn(&Problem) -> bool| {
        assert!(!report.is_ok(), "{name}: no problem found");
        assert!(
            report.problems.iter().any(want),
            "{name}: {:?}",
            report.problems
        );
        let p = report.problems.iter().find(|p| want(p)).unwrap();
        for lang in Lang::ALL {
            let text = p.message(lang);
            assert_ne!(text, p.key(), "{name}: untranslated");
            messages.push((name.to_owned(), lang, text));
        }
    };

    // A flipped byte in a photo.
    let f = faults.join("flipped.tar.zst");
    repack(
        &made.path,
        &f,
        |n, mut b| {
            if n == photo {
                b[1000] ^= 0x01;
            }
            Some(b)
        },
        &[],
        false,
        &|_| {},
    );
    let r = run_verify(&f, None);
    assert_eq!(
        r.problems,
        vec![Problem::Altered {
            entry: photo.clone()
        }]
    );
    check(
        "flipped",
        r,
        &|p| matches!(p, Problem::Altered { entry } if *entry == photo),
    );

    // A truncated archive (cut in the middle).
    let f = faults.join("truncated.tar.zst");
    let bytes = fs::read(&made.path).unwrap();
    fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
    check("truncated", run_verify(&f, None), &|p| {
        matches!(p, Problem::Truncated { after: Some(_) })
    });
    // Cut just before the end (only the tail of the zstd frame lost).
    fs::write(&f, &bytes[..bytes.len() - 3]).unwrap();
    check("truncated-tail", run_verify(&f, None), &|p| {
        matches!(p, Problem::Truncated { .. })
    });

    // A missing entry.
    let f = faults.join("missing.tar.zst");
    repack(
        &made.path,
        &f,
        |n, b| (n != photo).then_some(b),
        &[],
        false,
        &|_| {},
    );
    let r = run_verify(&f, None);
    assert_eq!(
        r.problems,
        vec![Problem::Missing {
            entry: photo.clone()
        }]
    );
    check("missing", r, &|p| matches!(p, Problem::Missing { .. }));

    // An extra entry.
    let f = faults.join("extra.tar.zst");
    repack(
        &made.path,
        &f,
        |_, b| Some(b),
        &[("photos/originals/zz/intruder.jpg", b"x")],
        false,
        &|_| {},
    );
    let r = run_verify(&f, None);
    assert_eq!(
        r.problems,
        vec![Problem::Extra {
            entry: "photos/originals/zz/intruder.jpg".to_owned()
        }]
    );
    check("extra", r, &|p| matches!(p, Problem::Extra { .. }));
    // An entry with an unsafe path is never accepted.
    let f = faults.join("escape.tar.zst");
    repack(
        &made.path,
        &f,
        |_, b| Some(b),
        &[("../../escape.txt", b"x")],
        false,
        &|_| {},
    );
    check("escape", run_verify(&f, None), &|p| {
        matches!(p, Problem::Extra { .. })
    });

    // A database copy that fails integrity_check, with a manifest that agrees with it.
    let f = faults.join("integrity.tar.zst");
    repack(
        &made.path,
        &f,
        |n, mut b| {
            if n == DB_ENTRY {
                let page = 4096;
                for p in 2..6 {
                    b[p * page..(p + 1) * page].fill(0xFF);
                }
            }
            Some(b)
        },
        &[],
        true,
        &|_| {},
    );
    let r = run_verify(&f, None);
    assert!(
        !r.problems
            .iter()
            .any(|p| matches!(p, Problem::Altered { .. }))
    );
    check("integrity", r, &|p| matches!(p, Problem::Integrity { .. }));

    // A wrong passphrase.
    let secret = pass("correct horse");
    let enc = make_backup(&src, &dir.path().join("enc"), Some(&secret));
    assert!(enc.path.to_str().unwrap().ends_with(EXT_ENCRYPTED));
    assert!(run_verify(&enc.path, Some(&secret)).is_ok());
    let r = run_verify(&enc.path, Some(&pass("battery staple")));
    assert_eq!(r.problems, vec![Problem::WrongPassphrase]);
    check("wrong-passphrase", r, &|p| *p == Problem::WrongPassphrase);
    let r = run_verify(&enc.path, None);
    assert_eq!(r.problems, vec![Problem::PassphraseRequired]);
    // Not a backup at all.
    let f = faults.join("note.txt");
    fs::write(&f, "hello").unwrap();
    check("not-a-backup", run_verify(&f, None), &|p| {
        matches!(p, Problem::NotABackup { .. })
    });

    // Each fault has its own message, and the entry is named.
    for lang in Lang::ALL {
        let texts: Vec<&String> = messages
            .iter()
            .filter(|(n, l, _)| *l == lang && !n.starts_with("truncated-") && n != "escape")
            .map(|(_, _, t)| t)
            .collect();
        let mut unique = texts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), texts.len(), "{texts:#?}");
        let flipped = messages
            .iter()
            .find(|(n, l, _)| n == "flipped" && *l == lang)
            .unwrap();
        assert!(flipped.2.contains(&photo));
    }
    // A failed verification is recorded as such.
    let listed = list_backups(&faults).unwrap();
    assert!(
        listed.iter().all(|b| b.verified == VerifiedState::Failed),
        "{listed:?}"
    );
}

#[test]
fn bit_rot_in_the_compressed_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let made = make_backup(&src, &dir.path().join("out"), None);
    let mut bytes = fs::read(&made.path).unwrap();
    let n = bytes.len();
    // Several flips across the file, as a failing disk would.
    for i in 1..8 {
        bytes[n * i / 8] ^= 0x5A;
    }
    let f = dir.path().join("rotten.tar.zst");
    fs::write(&f, &bytes).unwrap();
    let r = run_verify(&f, None);
    assert!(!r.is_ok());
    // Encrypted: every flip is caught by age's authentication.
    let secret = pass("pw");
    let enc = make_backup(&src, &dir.path().join("enc"), Some(&secret));
    let mut bytes = fs::read(&enc.path).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x01;
    let f = dir.path().join("rotten.tar.zst.age");
    fs::write(&f, &bytes).unwrap();
    let r = run_verify(&f, Some(&secret));
    assert!(
        r.problems
            .iter()
            .any(|p| matches!(p, Problem::Damaged { .. })),
        "{:?}",
        r.problems
    );
}

#[test]
fn backup_under_a_continuous_writer_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let writes = std::sync::Arc::new(AtomicU64::new(0));
    let writer = {
        let (stop, writes, db) = (stop.clone(), writes.clone(), src.join(DB_FILE));
        std::thread::Builder::new()
            .name("writer".into())
            .spawn(move || {
                let (mut store, _) = Store::open(&db).unwrap();
                while !stop.load(Ordering::Relaxed) {
                    let n = writes.load(Ordering::Relaxed);
                    store
                        .write(None, |tx| {
                            let mut org = crate::org::get(tx.conn())?.unwrap();
                            org.city = format!("Ville {n}");
                            crate::org::save(tx, org)?;
                            tx.audit(crate::audit::AuditEntry::event("test.write", "thing", None))
                        })
                        .unwrap();
                    writes.fetch_add(1, Ordering::Relaxed);
                }
            })
            .unwrap()
    };
    // Let it get going, then back up three times while it writes.
    while writes.load(Ordering::Relaxed) < 20 {
        std::thread::yield_now();
    }
    let out = dir.path().join("out");
    let mut files = Vec::new();
    for _ in 0..3 {
        let before = writes.load(Ordering::Relaxed);
        let made = make_backup(&src, &out, None);
        assert!(
            writes.load(Ordering::Relaxed) > before,
            "the writer kept going"
        );
        files.push(made);
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(writes.load(Ordering::Relaxed) > 40);
    for made in files {
        let r = run_verify(&made.path, None);
        assert!(r.is_ok(), "{:?}", r.problems);
        // The copy is one commit's state: every organisation update has its audit entry.
        let audit = r.database.unwrap().audit_entries.unwrap();
        assert_eq!(Some(&audit), made.manifest.tables.get("audit_log"));
    }
}

#[test]
fn cancel_leaves_nothing_and_refusals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = shop(dir.path(), "src");
    let out = dir.path().join("out");
    let cancel = AtomicBool::new(false);
    let opts = CreateOptions {
        data_root: &src,
        out_dir: &out,
        terminal: "T1",
        passphrase: None,
        now_ms: 0,
        tz: TZ,
    };
    let mut seen = 0;
    let e = create(
        &opts,
        &mut |p: &Progress<'_>| {
            if p.stage == Stage::Archive {
                seen += 1;
                if seen == 3 {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(e, BackupError::Cancelled), "{e:?}");
    assert_eq!(
        fs::read_dir(&out).unwrap().count(),
        0,
        "nothing left in the folder"
    );
    // Empty passphrase, missing database.
    let empty = Passphrase::new(String::new());
    let e = create(
        &CreateOptions {
            passphrase: Some(&empty),
            ..opts
        },
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(matches!(e, BackupError::EmptyPassphrase));
    let nothing = dir.path().join("nothing");
    let e = create(
        &CreateOptions {
            data_root: &nothing,
            ..opts
        },
        &mut no_progress(),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(matches!(e, BackupError::NoDatabase { .. }));
    assert!(!e.message(Lang::Fr).starts_with("backup-"));
}

#[test]
fn retention_applies_to_this_terminals_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let write = |name: &str, ok: Option<bool>| {
        let p = out.join(name);
        fs::write(&p, name).unwrap();
        if let Some(ok) = ok {
            let report = VerifyReport {
                path: p.clone(),
                encrypted: false,
                manifest: None,
                entries_read: 0,
                bytes_read: 0,
                database: None,
                problems: if ok {
                    vec![]
                } else {
                    vec![Problem::NoManifest]
                },
                elapsed: std::time::Duration::ZERO,
            };
            list::record_verification(&p, &report);
        }
        p
    };
    let old = write("rpma-backup-T1-20260101-200000.tar.zst", Some(true));
    let failed = write("rpma-backup-T1-20260102-200000.tar.zst", Some(false));
    let newest = write("rpma-backup-T1-20260103-200000.tar.zst", Some(true));
    let other = write("rpma-backup-T2-20250101-200000.tar.zst", Some(true));
    let unknown = write("rpma-backup-T1-20251201-200000.tar.zst", None);
    let policy = retention::RetentionPolicy {
        daily: 1,
        weekly: 0,
        monthly: 0,
    };
    let deleted = retention::apply_retention(out, "T1", &policy, TZ).unwrap();
    assert_eq!(deleted.len(), 2, "{deleted:?}");
    assert!(!old.exists() && !failed.exists());
    assert!(
        !out.join("rpma-backup-T1-20260101-200000.tar.zst.verified")
            .exists()
    );
    assert!(newest.exists() && other.exists() && unknown.exists());
}
