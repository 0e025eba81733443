//! `rpma test-writes --seed N` (feature `test-hooks` only, never in a shipped binary): random
//! writes through the services — new jobs, intervention starts, step notes, photos, completed
//! steps — until the process is killed, for the kill test (tests/kill_writes.rs).
//!
//! Protocol on stdout, one line each, flushed:
//! - `READY` once the store is open;
//! - `T step <iv> <pos> <token>` *before* a step's notes are overwritten (the intent: after a kill
//!   the notes may hold this token even though its `W` line never came);
//! - `W <kind> <ids…>` *after* each write committed: `W job <job_id>`, `W start <iv_id>`,
//!   `W step <iv_id> <pos> <token>`, `W photo <iv_id> <photo_id> <sha256>`,
//!   `W done <iv_id> <pos>`.
//!
//! Refusals of the rules (a step that cannot be completed yet, a photo limit) are normal: they
//! are skipped and not reported.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rpma_core::auth::permissions::Role;
use rpma_core::datadir::DataDir;
use rpma_core::interventions::{self, PhotoAttach, PhotoSource, ShotChoice, StepEdit};
use rpma_core::jobs::{self, NewJob};
use rpma_core::{Lang, Store};

/// A small deterministic generator (xorshift64*), seeded by the parent.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

#[allow(clippy::print_stdout)]
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

#[allow(clippy::print_stderr)]
fn fail(lang: Lang, e: &rpma_core::CoreError) -> ExitCode {
    eprintln!("{}", lang.error_message(e));
    ExitCode::from(1)
}

/// A 24×24 PNG of random pixels: a new picture every time.
fn png(rng: &mut Rng) -> Vec<u8> {
    let img = image::RgbImage::from_fn(24, 24, |_, _| {
        let v = rng.next().to_le_bytes();
        image::Rgb([v[0], v[1], v[2]])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    match img.write_to(&mut out, image::ImageFormat::Png) {
        Ok(()) => out.into_inner(),
        Err(_) => Vec::new(),
    }
}

fn strings(store: &Store, sql: &str) -> Vec<String> {
    store
        .conn()
        .prepare(sql)
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap_or_default()
}

/// Runs the writes until killed (or until a write fails for another reason than a rule).
pub fn run(root: &Path, seed: u64, lang: Lang) -> ExitCode {
    let data = match DataDir::open(root) {
        Ok(d) => d,
        Err(e) => return fail(lang, &e),
    };
    let mut store = match Store::open(&data.db_path()) {
        Ok((s, _)) => s,
        Err(e) => return fail(lang, &e),
    };
    store.set_photo_root(data.photos_dir());
    let Some(photos) = store.photo_store() else {
        return ExitCode::from(1);
    };
    let admin = match rpma_core::users::list(store.conn()) {
        Ok(users) => users
            .into_iter()
            .find(|u| u.role == Role::Admin && u.is_active)
            // The torture run (test builds only) acts as the shop's admin without signing in.
            .map(rpma_core::Session::for_tests),
        Err(e) => return fail(lang, &e),
    };
    let Some(admin) = admin else {
        return ExitCode::from(1);
    };
    let vehicles: Vec<(String, String)> = store
        .conn()
        .prepare(
            "SELECT id, owner_id FROM vehicles
             WHERE deleted_at IS NULL AND owner_id IS NOT NULL ORDER BY id LIMIT 40",
        )
        .and_then(|mut st| {
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap_or_default();
    let zones = strings(
        &store,
        "SELECT id FROM ppf_zones WHERE is_active = 1 ORDER BY position LIMIT 8",
    );
    if vehicles.is_empty() || zones.is_empty() {
        return ExitCode::from(1);
    }
    let mut rng = Rng(seed | 1);
    say("READY");
    let mut n = 0u64;
    loop {
        n += 1;
        let now = store.now_ms();
        // Jobs this process may start: scheduled ones made by the kill test.
        let active = strings(
            &store,
            "SELECT id FROM interventions WHERE status = 'in_progress' ORDER BY id",
        );
        let roll = rng.below(10);
        if roll < 3 || (roll < 5 && active.is_empty()) {
            let (vehicle, client) = vehicles
                .get(rng.below(vehicles.len()))
                .cloned()
                .unwrap_or_default();
            let start = now + 3_600_000 * i64::try_from(1 + rng.below(24 * 30)).unwrap_or(1);
            let new = NewJob {
                client_id: client.into(),
                vehicle_id: vehicle.into(),
                zone_ids: vec![
                    zones
                        .get(rng.below(zones.len()))
                        .cloned()
                        .unwrap_or_default()
                        .into(),
                ],
                film_product: "Kill test film".to_owned(),
                scheduled_start: Some(start),
                scheduled_end: Some(start + 7_200_000),
                notes: format!("kill test {seed} #{n}"),
                force_reason: Some("kill test".to_owned()),
                ..NewJob::default()
            };
            if let Ok(job) = jobs::create(&mut store, &admin, &new) {
                say(&format!("W job {}", job.row.id));
            }
        } else if roll < 5 {
            let startable = strings(
                &store,
                "SELECT j.id FROM jobs j WHERE j.status = 'scheduled' AND j.deleted_at IS NULL
                   AND j.film_product = 'Kill test film'
                   AND NOT EXISTS (SELECT 1 FROM interventions i WHERE i.job_id = j.id)
                 ORDER BY j.id LIMIT 20",
            );
            if let Some(job) = startable.get(rng.below(startable.len()))
                && let Ok(iv) = interventions::start_alongside(&mut store, &admin, job)
            {
                say(&format!("W start {}", iv.id));
            }
        } else if let Some(iv_id) = active.get(rng.below(active.len())) {
            let Ok(iv) = interventions::get(store.conn(), &admin, iv_id) else {
                continue;
            };
            let pos = iv.current_step;
            if roll < 7 {
                let token = format!("note-{seed}-{n}-{}", rng.next() % 1_000_000);
                say(&format!("T step {iv_id} {pos} {token}"));
                let edit = StepEdit {
                    notes: token.clone(),
                    ..StepEdit::default()
                };
                if interventions::save_step(&mut store, &admin, iv_id, pos, &edit).is_ok() {
                    say(&format!("W step {iv_id} {pos} {token}"));
                }
            } else if roll < 9 {
                let bytes = png(&mut rng);
                let Ok(file) = photos.ingest_bytes(&bytes, "kill-test.png") else {
                    continue;
                };
                let attach = PhotoAttach {
                    step: pos,
                    file,
                    phase: None,
                    zone_id: None,
                    shot: ShotChoice::NextMissing,
                    source: PhotoSource::File,
                };
                if let Ok(done) = interventions::attach_photo(&mut store, &admin, iv_id, &attach) {
                    say(&format!(
                        "W photo {iv_id} {} {}",
                        done.photo.id, done.photo.sha256
                    ));
                }
            } else if interventions::complete_step(&mut store, &admin, iv_id, pos).is_ok() {
                say(&format!("W done {iv_id} {pos}"));
            }
        }
    }
}
