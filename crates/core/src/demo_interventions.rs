//! Guided interventions of the demo shop: the most recent completed jobs get a finished, signed
//! intervention and every running job (in progress or paused) a running one, so that a newcomer
//! sees finished and running interventions at once.
//!
//! Everything is created through the real intervention API ([`interventions::start_alongside`],
//! [`interventions::save_step`], [`interventions::attach_photo`], [`interventions::finish`]…),
//! so the data obeys the same rules as the shop floor's, and the job status machine moves the
//! jobs (the generator's jobs are put back to `scheduled` first, their generated history after
//! `scheduled` dropped). The store's clock is the real one, so every call is stamped "now";
//! afterwards the timestamps are moved onto a realistic timeline with targeted updates (a
//! finished intervention sits at its job's slot, a running one started at its job's start):
//! interventions, steps, pauses, events, photos, defects, zone records, film use, the job and
//! its status history. The audit log is append-only and hash-chained: its entries keep the time
//! the demo was created.
//!
//! Photos are real JPEG files (with EXIF) stored like any imported photo, from a small pool
//! generated once: the store keeps each file once however many steps show it.
//!
//! The content (which jobs, readings, defects, zones, photos, scores, signatures) comes from
//! the demo seed; ids are the store's usual random ones.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};

use crate::demo::DemoInterventions;
use crate::error::{CoreError, CoreResult};
use crate::interventions::{
    self, DefectInput, DefectKind, Intervention, PhotoAttach, PhotoSource, ShotChoice, StepEdit,
    ZoneEdit,
};
use crate::photos::fixtures::{FixtureSpec, jpeg_with_exif};
use crate::photos::{MIME_JPEG, PhotoFile, PhotoStore, read_exif};
use crate::store::Store;
use crate::users::{self, User};
use crate::workflow::{Phase, StepKind};

/// How many of the most recent completed jobs get a finished intervention (all of them would
/// make the demo slow to create for little more to see).
pub const COMPLETED_WITH_INTERVENTION: usize = 40;
/// Distinct photo files generated for the demo.
pub const PHOTO_POOL: usize = 24;
/// The fewest running interventions shown: when the generator left fewer running jobs (at night,
/// on Sundays), the next scheduled jobs are started early to reach them.
const MIN_IN_PROGRESS: usize = 2;
const MIN_PAUSED: usize = 1;

const MINUTE: i64 = 60_000;

/// Vehicle diagram zones (the ids the UI's diagram uses) with a point well inside each and how far
/// a defect may stray from it: (id, x, y, spread). The UI's `zone_center` cannot be used here
/// (the core has no UI); these are its values, rounded.
const DIAGRAM: &[(&str, f64, f64, f64)] = &[
    ("front_bumper", 0.50, 0.03, 0.0),
    ("hood", 0.50, 0.18, 0.05),
    ("roof", 0.50, 0.55, 0.05),
    ("front_left_fender", 0.16, 0.18, 0.02),
    ("front_right_fender", 0.84, 0.18, 0.02),
    ("left_front_door", 0.19, 0.41, 0.02),
    ("right_front_door", 0.81, 0.41, 0.02),
    ("left_rear_door", 0.20, 0.60, 0.02),
    ("right_rear_door", 0.80, 0.60, 0.02),
    ("left_rocker", 0.09, 0.50, 0.0),
    ("right_rocker", 0.91, 0.50, 0.0),
    ("rear_left_fender", 0.16, 0.81, 0.02),
    ("rear_right_fender", 0.84, 0.81, 0.02),
    ("trunk", 0.50, 0.86, 0.03),
    ("rear_bumper", 0.50, 0.97, 0.0),
    ("headlights", 0.20, 0.08, 0.0),
    ("left_mirror", 0.05, 0.35, 0.0),
    ("right_mirror", 0.95, 0.35, 0.0),
];

const DEFECT_NOTES: &[(DefectKind, &[&str])] = &[
    (
        DefectKind::Scratch,
        &[
            "Rayure superficielle, visible sous lumière rasante",
            "Micro-rayures de lavage",
            "Rayure fine signalée par le client",
        ],
    ),
    (
        DefectKind::Chip,
        &[
            "Éclat de gravillon",
            "Impacts de gravillons groupés",
            "Éclat retouché au stylo",
        ],
    ),
    (
        DefectKind::Dent,
        &[
            "Petite bosse sans atteinte de la peinture",
            "Choc de portière",
        ],
    ),
    (
        DefectKind::Paint,
        &[
            "Vernis terni",
            "Peau d'orange marquée (reprise carrosserie)",
            "Différence de teinte : élément repeint",
        ],
    ),
    (
        DefectKind::Crack,
        &["Fissure du plastique", "Vernis craquelé sur 2 cm"],
    ),
];

const INSPECTION_NOTES: &[&str] = &[
    "Tour du véhicule fait avec le client.",
    "Véhicule livré propre, lavage de la veille.",
    "Client informé des défauts existants, photos à l'appui.",
    "Jantes et vitrages sans défaut.",
];
const PREPARATION_NOTES: &[&str] = &[
    "Décontamination ferreuse sur le bas de caisse.",
    "Joints masqués au ruban basse adhérence.",
    "Traces de cire éliminées à l'IPA 15 %.",
];
const INSTALLATION_NOTES: &[&str] = &[
    "Bords repliés sur le capot.",
    "Découpe sur mesure autour des capteurs.",
    "Film posé en une pièce.",
];
const COMMENTS: &[&str] = &[
    "Client très satisfait du rendu.",
    "Consignes d'entretien remises : pas de lavage haute pression avant 7 jours.",
    "Rendu invisible, bords parfaitement scellés.",
    "Client ravi, recommandera l'atelier.",
    "Quelques micro-bulles à résorber sous 48 h : expliqué au client.",
];
const PAUSE_REASONS: &[&str] = &[
    "Pause déjeuner",
    "Temps de séchage",
    "Client au téléphone",
    "Urgence sur un autre véhicule",
];
const OPEN_PAUSE_REASONS: &[&str] = &[
    "Attente de la livraison du film",
    "Attente de l'accord du client pour une zone supplémentaire",
    "Pause déjeuner",
    "Séchage avant la pose",
];

fn pick<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    if items.is_empty() {
        return "";
    }
    items
        .get(rng.random_range(0..items.len()))
        .copied()
        .unwrap_or_default()
}

/// A reading rounded to one decimal.
fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// `a + f × (b − a)`, in whole milliseconds.
fn lerp(a: i64, b: i64, f: f64) -> i64 {
    a + ((b - a) as f64 * f).round() as i64
}

/// A demo job to give an intervention to.
#[derive(Debug, Clone)]
struct DemoJob {
    id: String,
    status: String,
    technician_id: Option<String>,
    scheduled_start: i64,
    scheduled_end: i64,
    created_at: i64,
}

/// What the intervention of a job must end as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Completed,
    /// Running; `early` when the job was scheduled later and is started ahead of its slot.
    Running {
        paused: bool,
        early: bool,
    },
}

fn jobs_where(
    conn: &Connection,
    sql_where: &str,
    p: &[&dyn rusqlite::ToSql],
) -> CoreResult<Vec<DemoJob>> {
    let sql = format!(
        "SELECT id, status, technician_id, scheduled_start, scheduled_end, created_at FROM jobs
         WHERE deleted_at IS NULL AND scheduled_start IS NOT NULL AND scheduled_end IS NOT NULL
           AND {sql_where}"
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st
        .query_map(p, |r| {
            Ok(DemoJob {
                id: r.get(0)?,
                status: r.get(1)?,
                technician_id: r.get(2)?,
                scheduled_start: r.get(3)?,
                scheduled_end: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The jobs and what each must end as: the most recent completed ones (oldest first), then the
/// running ones (topped up with the next scheduled jobs, started early, when too few).
fn choose_jobs(conn: &Connection, now: i64) -> CoreResult<Vec<(DemoJob, Target)>> {
    let limit = i64::try_from(COMPLETED_WITH_INTERVENTION).unwrap_or(0);
    let mut completed = jobs_where(
        conn,
        "status = 'completed' ORDER BY scheduled_end DESC, id LIMIT ?1",
        &[&limit],
    )?;
    completed.reverse();
    let mut out: Vec<(DemoJob, Target)> = completed
        .into_iter()
        .map(|j| (j, Target::Completed))
        .collect();
    let running = jobs_where(
        conn,
        "status IN ('in_progress', 'paused') ORDER BY scheduled_start, id",
        &[],
    )?;
    let in_progress = running.iter().filter(|j| j.status == "in_progress").count();
    let paused = running.len() - in_progress;
    for j in running {
        let paused = j.status == "paused";
        out.push((
            j,
            Target::Running {
                paused,
                early: false,
            },
        ));
    }
    // Missing statuses, in the order the next scheduled jobs take them.
    let mut missing = Vec::new();
    let (mut ip_missing, mut p_missing) = (
        MIN_IN_PROGRESS.saturating_sub(in_progress),
        MIN_PAUSED.saturating_sub(paused),
    );
    while ip_missing + p_missing > 0 {
        if ip_missing > 0 {
            missing.push(false);
            ip_missing -= 1;
        }
        if p_missing > 0 {
            missing.push(true);
            p_missing -= 1;
        }
    }
    if !missing.is_empty() {
        let n = i64::try_from(missing.len()).unwrap_or(0);
        let next = jobs_where(
            conn,
            "status = 'scheduled' AND scheduled_start > ?1 ORDER BY scheduled_start, id LIMIT ?2",
            &[&now, &n],
        )?;
        for (j, paused) in next.into_iter().zip(missing) {
            out.push((
                j,
                Target::Running {
                    paused,
                    early: true,
                },
            ));
        }
    }
    Ok(out)
}

/// The demo's staff: who acts on each job.
struct Staff {
    users: HashMap<String, User>,
    technicians: Vec<String>,
    /// Acts on jobs without an active technician.
    fallback: User,
}

impl Staff {
    fn load(conn: &Connection) -> CoreResult<Self> {
        let all = users::list(conn)?;
        let technicians: Vec<String> = all
            .iter()
            .filter(|u| u.is_active && u.role == crate::auth::permissions::Role::Technician)
            .map(|u| u.id.clone())
            .collect();
        let fallback = all
            .iter()
            .find(|u| u.is_active && u.role == crate::auth::permissions::Role::Supervisor)
            .or_else(|| {
                all.iter()
                    .find(|u| u.is_active && u.role == crate::auth::permissions::Role::Admin)
            })
            .cloned()
            .ok_or(CoreError::NotFound { entity: "user" })?;
        Ok(Self {
            users: all.into_iter().map(|u| (u.id.clone(), u)).collect(),
            technicians,
            fallback,
        })
    }

    /// The demo's history is written on behalf of the shop's staff (checked like any session).
    fn actor_for(&self, technician: Option<&str>) -> crate::Session {
        let user = technician
            .and_then(|t| self.users.get(t))
            .filter(|u| u.is_active)
            .unwrap_or(&self.fallback)
            .clone();
        crate::Session::on_behalf_of(user, 0)
    }
}

/// Generates the photo pool: distinct 800×600 JPEGs with EXIF (date, camera, GPS near Lyon),
/// stored in the data folder's photo store when there is one (else only described: the records
/// then point at files that were never written). The pictures are drawn on every core at once
/// (drawing is the slow part); what they show comes from `rng` alone.
fn photo_pool(
    rng: &mut ChaCha8Rng,
    now: i64,
    data_dir: Option<&Path>,
) -> CoreResult<Vec<PhotoFile>> {
    let store = data_dir.map(PhotoStore::for_data_dir);
    let today = chrono::DateTime::from_timestamp_millis(now)
        .map(|d| d.with_timezone(&crate::format::DEFAULT_TZ).date_naive())
        .unwrap_or_default();
    let mut specs = Vec::with_capacity(PHOTO_POOL);
    for i in 0..PHOTO_POOL {
        let sony = i % 3 != 2;
        let (make, model) = if sony {
            ("Sony", "ILCE-7M3")
        } else {
            ("Apple", "iPhone 15 Pro")
        };
        let day = today - chrono::Days::new(u64::try_from(i * 2).unwrap_or(0));
        let taken = format!(
            "{}T{:02}:{:02}:{:02}",
            day.format("%Y-%m-%d"),
            rng.random_range(8..18),
            rng.random_range(0..60),
            rng.random_range(0..60)
        );
        let spec = FixtureSpec {
            width: 800,
            height: 600,
            seed: rng.random(),
            orientation: 1,
            taken_at: Some(taken),
            camera: Some((make.to_owned(), model.to_owned())),
            gps: Some((
                45.76 + rng.random_range(-0.01..0.01),
                4.84 + rng.random_range(-0.01..0.01),
            )),
            label: Some(format!("RPMA démo {}", i + 1)),
        };
        let name = if sony {
            format!("DSC{:05}.JPG", 1200 + i * 7)
        } else {
            format!("IMG_{:04}.JPG", 3100 + i * 11)
        };
        specs.push((spec, name));
    }
    let make = |(spec, name): &(FixtureSpec, String)| -> CoreResult<PhotoFile> {
        let bytes = jpeg_with_exif(spec);
        match &store {
            Some(s) => s.ingest_bytes(&bytes, name),
            None => {
                let exif = read_exif(&bytes);
                Ok(PhotoFile {
                    sha256: hex::encode(Sha256::digest(&bytes)),
                    bytes: bytes.len() as u64,
                    mime: MIME_JPEG.to_owned(),
                    width: spec.width,
                    height: spec.height,
                    orientation: exif.orientation,
                    taken_at: exif.taken_at,
                    camera: exif.camera,
                    gps: exif.gps,
                    original_name: name.clone(),
                    already_stored: false,
                })
            }
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, specs.len().max(1));
    let per_worker = specs.len().div_ceil(workers).max(1);
    let made: Vec<CoreResult<PhotoFile>> = std::thread::scope(|scope| {
        let make = &make;
        let handles: Vec<_> = specs
            .chunks(per_worker)
            .map(|chunk| {
                let work = move || chunk.iter().map(make).collect::<Vec<_>>();
                (
                    chunk,
                    std::thread::Builder::new()
                        .name("rpma-demo-photos".into())
                        .spawn_scoped(scope, work),
                )
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(chunk, handle)| match handle {
                Ok(h) => h.join().unwrap_or_else(|_| {
                    vec![Err(CoreError::io(
                        "photos",
                        std::io::Error::other("the demo photo worker stopped"),
                    ))]
                }),
                // No thread to spare: draw them here.
                Err(_) => chunk.iter().map(make).collect(),
            })
            .collect()
    });
    made.into_iter().collect()
}

/// A hand-drawn-looking signature (a run of cursive loops of varying height, then an
/// underline), as a PNG.
fn signature_png(rng: &mut ChaCha8Rng) -> CoreResult<Vec<u8>> {
    let (w, h) = (360_u32, 120_u32);
    let mut img = RgbaImage::new(w, h);
    let ink = Rgba([24, 34, 92, 255]);
    // A prolate cycloid: loops where the pen runs back (`loop_r` > `advance`).
    let advance = rng.random_range(5.5..7.5_f32);
    let loop_r = advance * rng.random_range(1.7..2.3_f32);
    let height = rng.random_range(18.0..28.0_f32);
    let rhythm = rng.random_range(0.0..std::f32::consts::TAU);
    let slant = rng.random_range(-0.1..0.1_f32);
    let mut stroke = Vec::new();
    let mut t = -1.2_f32;
    loop {
        let x = 40.0 + advance * t - loop_r * t.sin();
        if x > 320.0 || t > 80.0 {
            break;
        }
        let size = 0.55 + 0.45 * (0.45 * t + rhythm).sin().abs();
        let y = 66.0 - height * size * t.cos() + slant * (x - 180.0);
        stroke.push((x, y));
        t += 0.1;
    }
    polyline(&mut img, &stroke, ink);
    let (x0, x1) = (
        rng.random_range(30.0..70.0_f32),
        rng.random_range(250.0..330.0_f32),
    );
    polyline(
        &mut img,
        &[(x0, 100.0), ((x0 + x1) / 2.0, 106.0), (x1, 96.0)],
        ink,
    );
    let mut out = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .map_err(|e| CoreError::io("signature.png", std::io::Error::other(e)))?;
    Ok(out)
}

/// Draws connected segments with a round 3-pixel pen.
fn polyline(img: &mut RgbaImage, pts: &[(f32, f32)], ink: Rgba<u8>) {
    for seg in pts.windows(2) {
        let [(ax, ay), (bx, by)] = [
            seg.first().copied().unwrap_or_default(),
            seg.get(1).copied().unwrap_or_default(),
        ];
        let steps = ((bx - ax).hypot(by - ay) * 2.0).ceil().max(1.0) as u32;
        for s in 0..=steps {
            let f = s as f32 / steps as f32;
            let (cx, cy) = (ax + (bx - ax) * f, ay + (by - ay) * f);
            for dy in -2..=2_i32 {
                for dx in -2..=2_i32 {
                    let (px, py) = (cx.round() as i32 + dx, cy.round() as i32 + dy);
                    let d = (px as f32 - cx).hypot(py as f32 - cy);
                    if d <= 1.5
                        && let (Ok(x), Ok(y)) = (u32::try_from(px), u32::try_from(py))
                        && x < img.width()
                        && y < img.height()
                    {
                        img.put_pixel(x, y, ink);
                    }
                }
            }
        }
    }
}

/// When things happened in an intervention, as the demo shows it.
#[derive(Debug, Clone, Default)]
struct Timeline {
    start: i64,
    /// Each reached step: (started, completed — `None` for the current step).
    steps: Vec<(i64, Option<i64>)>,
    /// Pauses: (start, end — `None` while paused).
    pauses: Vec<(i64, Option<i64>)>,
    /// Signature time (finished interventions).
    sign_at: Option<i64>,
    /// Finish time (finished interventions).
    end: Option<i64>,
    /// Last activity: the finish, the pause, or the last edit of the current step.
    last: i64,
}

impl Timeline {
    /// Closed pauses, summed.
    fn paused_ms(&self) -> i64 {
        self.pauses
            .iter()
            .filter_map(|(s, e)| e.map(|e| e - s))
            .sum()
    }

    /// The wall-clock time at fraction `f` of the work on step `pos` (pauses skipped). The
    /// finalization's window ends at the signature; the current step's at the last activity.
    fn at(&self, pos: usize, f: f64) -> i64 {
        let Some(&(a, end)) = self.steps.get(pos) else {
            return self.start;
        };
        let b = match (end, self.sign_at) {
            (Some(_), Some(sign)) if pos + 1 == self.steps.len() => sign,
            (Some(e), _) => e,
            (None, _) => self.last,
        };
        let closed: Vec<(i64, i64)> = self
            .pauses
            .iter()
            .filter_map(|(s, e)| e.map(|e| (*s, e)))
            .filter(|(s, _)| *s >= a && *s < b)
            .collect();
        let in_window: i64 = closed.iter().map(|(s, e)| e - s).sum();
        let mut t = lerp(a, b - in_window, f);
        for (s, e) in closed {
            if s <= t {
                t += e - s;
            }
        }
        t.min(b)
    }
}

/// Splits `total` ms of work over steps in proportion to their estimated minutes (±25 %).
fn split_work(rng: &mut ChaCha8Rng, est: &[u32], total: i64) -> Vec<i64> {
    let weights: Vec<f64> = est
        .iter()
        .map(|m| f64::from((*m).max(5)) * rng.random_range(0.75..1.25))
        .collect();
    let sum: f64 = weights.iter().sum::<f64>().max(1.0);
    let mut parts: Vec<i64> = weights
        .iter()
        .map(|w| ((total as f64) * w / sum / 1000.0).round() as i64 * 1000)
        .collect();
    let given: i64 = parts.iter().sum();
    if let Some(last) = parts.last_mut() {
        *last += total - given;
    }
    parts
}

fn installation_pos(iv: &Intervention) -> Option<usize> {
    iv.template
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Installation)
}

/// The timeline of a finished intervention at its job's slot, with a pause during the
/// installation now and then.
fn completed_timeline(
    rng: &mut ChaCha8Rng,
    iv: &Intervention,
    job: &DemoJob,
    now: i64,
) -> (Timeline, Option<(usize, &'static str)>) {
    let start = job.scheduled_start + rng.random_range(0..=10) * MINUTE;
    let end = (job.scheduled_end + rng.random_range(-20..=20) * MINUTE)
        .min(now - 2 * MINUTE)
        .max(start + 45 * MINUTE);
    let inst = installation_pos(iv);
    let pause = match inst {
        Some(p) if end - start >= 180 * MINUTE && rng.random_bool(0.45) => Some((
            p,
            rng.random_range(15..=55) * MINUTE,
            pick(rng, PAUSE_REASONS),
        )),
        _ => None,
    };
    let paused = pause.map_or(0, |(_, len, _)| len);
    let est: Vec<u32> = iv.template.steps.iter().map(|s| s.est_minutes).collect();
    let parts = split_work(rng, &est, end - start - paused);
    let mut tl = Timeline {
        start,
        ..Timeline::default()
    };
    let mut at = start;
    for (pos, work) in parts.iter().enumerate() {
        let mut step_end = at + work;
        if let Some((p, len, _)) = pause
            && p == pos
        {
            let ps = lerp(at, at + work, rng.random_range(0.3..0.6));
            tl.pauses.push((ps, Some(ps + len)));
            step_end += len;
        }
        tl.steps.push((at, Some(step_end)));
        at = step_end;
    }
    let fin_start = tl.steps.last().map_or(start, |s| s.0);
    tl.sign_at = Some((end - rng.random_range(2..=6) * MINUTE).max(lerp(fin_start, end, 0.5)));
    tl.end = Some(end);
    tl.last = end;
    (tl, pause.map(|(p, _, r)| (p, r)))
}

/// The timeline of a running intervention: started at its job's start (or a little before now
/// when started early), on a middle step, paused or not.
fn running_timeline(
    rng: &mut ChaCha8Rng,
    iv: &Intervention,
    job: &DemoJob,
    target: Target,
    now: i64,
) -> (Timeline, usize) {
    let (paused, early) = match target {
        Target::Running { paused, early } => (paused, early),
        Target::Completed => (false, false),
    };
    let start = if early {
        (now - rng.random_range(25..=55) * MINUTE).max(job.created_at + MINUTE)
    } else {
        (job.scheduled_start + rng.random_range(0..=5) * MINUTE)
            .min(now - MINUTE)
            .max(job.scheduled_start)
            .min(now)
    };
    let n = iv.steps.len();
    let est: Vec<u32> = iv.template.steps.iter().map(|s| s.est_minutes).collect();
    let planned_end = if early {
        now + (job.scheduled_end - job.scheduled_start).max(60 * MINUTE)
    } else {
        job.scheduled_end.max(now + 30 * MINUTE)
    };
    let parts = split_work(rng, &est, planned_end - start);
    let mut bounds = vec![start];
    for w in &parts {
        bounds.push(bounds.last().copied().unwrap_or(start) + w);
    }
    // The step under way by the plan, kept off the first and the last step.
    let by_time = bounds
        .iter()
        .skip(1)
        .position(|b| *b > now)
        .unwrap_or(n.saturating_sub(1));
    let current = by_time.clamp(1.min(n.saturating_sub(1)), n.saturating_sub(2).max(1));
    let reached = bounds.get(current).copied().unwrap_or(start);
    let limit = lerp(start, now, 0.8);
    if reached > limit && reached > start {
        let k = (limit - start) as f64 / (reached - start) as f64;
        for b in &mut bounds {
            *b = start + ((*b - start) as f64 * k).round() as i64;
        }
    }
    let mut tl = Timeline {
        start,
        ..Timeline::default()
    };
    for pos in 0..current {
        let a = bounds.get(pos).copied().unwrap_or(start);
        let b = bounds.get(pos + 1).copied().unwrap_or(a);
        tl.steps.push((a, Some(b)));
    }
    let cur_start = bounds.get(current).copied().unwrap_or(start);
    tl.steps.push((cur_start, None));
    if paused {
        let ps = lerp(cur_start, now, rng.random_range(0.3..0.8));
        tl.pauses.push((ps, None));
        tl.last = ps;
    } else {
        tl.last = lerp(cur_start, now, rng.random_range(0.5..0.95));
    }
    (tl, current)
}

/// One intervention being made: the API calls of the technician on the floor.
struct Run<'a> {
    store: &'a mut Store,
    rng: &'a mut ChaCha8Rng,
    actor: crate::Session,
    technicians: &'a [String],
    pool: &'a [PhotoFile],
    /// Pool indices in this intervention's order (no picture twice in one intervention).
    order: Vec<usize>,
    next: usize,
    iv: Intervention,
    counts: &'a mut DemoInterventions,
    /// Which demo intervention this is (a couple get out-of-range readings).
    ordinal: usize,
}

impl Run<'_> {
    fn id(&self) -> String {
        self.iv.id.clone()
    }

    fn attach(
        &mut self,
        step: usize,
        shot: Option<&str>,
        zone: Option<&str>,
        phase: Option<Phase>,
    ) -> CoreResult<Option<String>> {
        let Some(file) = self
            .order
            .get(self.next)
            .and_then(|i| self.pool.get(*i))
            .cloned()
        else {
            return Ok(None);
        };
        self.next += 1;
        let id = self.id();
        let done = interventions::attach_photo(
            self.store,
            &self.actor,
            &id,
            &PhotoAttach {
                step,
                file,
                phase,
                zone_id: zone.map(str::to_owned),
                shot: shot.map_or(ShotChoice::None, |s| ShotChoice::Named(s.to_owned())),
                source: PhotoSource::Demo,
            },
        )?;
        if !done.duplicate {
            self.counts.photos_attached += 1;
        }
        Ok(Some(done.photo.id))
    }

    /// Named shots, then more photos up to the minimum plus `extra`.
    fn photos(&mut self, pos: usize, extra: u32) -> CoreResult<()> {
        let Some(t) = self.iv.template.steps.get(pos).cloned() else {
            return Ok(());
        };
        for s in &t.shots {
            self.attach(pos, Some(&s.id), None, Some(s.phase))?;
        }
        let have = u32::try_from(t.shots.len()).unwrap_or(u32::MAX);
        let want = t.min_photos.max(have) + extra;
        let want = t.max_photos.map_or(want, |m| want.min(m));
        for _ in have..want {
            self.attach(pos, None, None, None)?;
        }
        Ok(())
    }

    fn save(&mut self, pos: usize, edit: &StepEdit) -> CoreResult<()> {
        let id = self.id();
        interventions::save_step(self.store, &self.actor, &id, pos, edit)
    }

    /// Ticks: every item when `full`, else a first few.
    fn ticks(&mut self, pos: usize, full: bool) -> StepEdit {
        let mut edit = StepEdit::default();
        if let Some(t) = self.iv.template.steps.get(pos) {
            let n = t.checklist.len();
            let k = if full || n == 0 {
                n
            } else {
                self.rng.random_range(1..n.max(2))
            };
            for c in t.checklist.iter().take(k) {
                edit.checklist.insert(c.id.clone(), true);
            }
        }
        edit
    }

    fn inspection(&mut self, pos: usize, full: bool) -> CoreResult<()> {
        let mut edit = self.ticks(pos, full);
        let odd = self.ordinal % 19 == 5;
        let (temp, humidity): (f64, f64) = if odd {
            // A cold morning or a damp day: the screen shows its warning.
            if self.rng.random_bool(0.5) {
                (
                    self.rng.random_range(12.0..14.5),
                    self.rng.random_range(45.0..60.0),
                )
            } else {
                (
                    self.rng.random_range(19.0..23.0),
                    self.rng.random_range(72.0..78.0),
                )
            }
        } else {
            (
                self.rng.random_range(18.0..24.0),
                self.rng.random_range(40.0..60.0),
            )
        };
        edit.data.temperature_c = Some(tenth(temp));
        edit.data.humidity_pct = Some(humidity.round());
        if self.rng.random_bool(0.5) {
            edit.notes = pick(self.rng, INSPECTION_NOTES).to_owned();
        }
        self.save(pos, &edit)?;
        let extra = self.rng.random_range(0..=1);
        self.photos(pos, extra)?;
        let defects = match self.rng.random_range(0..20) {
            0..=6 => 0,
            7..=13 => 1,
            14..=17 => 2,
            _ => 3,
        };
        for k in 0..defects {
            let &(zone, x, y, spread) = DIAGRAM
                .get(self.rng.random_range(0..DIAGRAM.len()))
                .unwrap_or(&("hood", 0.5, 0.18, 0.0));
            let jitter = |rng: &mut ChaCha8Rng| {
                if spread > 0.0 {
                    rng.random_range(-spread..spread)
                } else {
                    0.0
                }
            };
            let (x, y) = (
                (x + jitter(self.rng)).clamp(0.0, 1.0),
                (y + jitter(self.rng)).clamp(0.0, 1.0),
            );
            let kind = *DefectKind::ALL
                .get(self.rng.random_range(0..DefectKind::ALL.len()))
                .unwrap_or(&DefectKind::Scratch);
            let notes = DEFECT_NOTES
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(&[][..], |(_, n)| *n);
            let note = pick(self.rng, notes).to_owned();
            let severity = match self.rng.random_range(0..20) {
                0..=10 => 1,
                11..=17 => 2,
                _ => 3,
            };
            // The first defect often has its own close-up.
            let photo_id = if k == 0 && self.rng.random_bool(0.5) {
                self.attach(pos, None, None, Some(Phase::Before))?
            } else {
                None
            };
            let id = self.id();
            interventions::add_defect(
                self.store,
                &self.actor,
                &id,
                &DefectInput {
                    zone: zone.to_owned(),
                    x: (x * 100.0).round() / 100.0,
                    y: (y * 100.0).round() / 100.0,
                    kind,
                    severity,
                    note,
                    photo_id,
                },
            )?;
            self.counts.defects += 1;
        }
        Ok(())
    }

    fn preparation(&mut self, pos: usize, full: bool) -> CoreResult<()> {
        let mut edit = self.ticks(pos, full);
        if self.rng.random_bool(0.35) {
            edit.notes = pick(self.rng, PREPARATION_NOTES).to_owned();
        }
        self.save(pos, &edit)?;
        if full {
            self.photos(pos, 0)?;
        }
        Ok(())
    }

    fn installation(
        &mut self,
        pos: usize,
        full: bool,
        film: &str,
        lot_year: i32,
    ) -> CoreResult<()> {
        let Some(t) = self.iv.template.steps.get(pos).cloned() else {
            return Ok(());
        };
        if self.rng.random_bool(0.3) {
            let edit = StepEdit {
                notes: pick(self.rng, INSTALLATION_NOTES).to_owned(),
                ..StepEdit::default()
            };
            self.save(pos, &edit)?;
        }
        let prefix = match film.split_whitespace().next().unwrap_or_default() {
            "XPEL" => "XP",
            "3M" => "3M",
            "SunTek" => "ST",
            "STEK" => "SK",
            "LLumar" => "LL",
            "Hexis" => "HX",
            _ => "RL",
        };
        let mut lot = format!(
            "{prefix}-{lot_year}-{:04}",
            self.rng.random_range(100..1000)
        );
        let zones: Vec<String> = self.iv.zones.iter().map(|z| z.zone_id.clone()).collect();
        // A running installation: the first zones are done, the next one is under way.
        let done = if full {
            zones.len()
        } else {
            self.rng.random_range(0..zones.len().max(1))
        };
        for (i, zone) in zones.iter().enumerate().take(done + 1) {
            if i > 0 && self.rng.random_bool(0.15) {
                // A new roll.
                lot = format!(
                    "{prefix}-{lot_year}-{:04}",
                    self.rng.random_range(100..1000)
                );
            }
            let complete = i < done;
            let mut edit = ZoneEdit {
                zone_id: zone.clone(),
                film_product: film.to_owned(),
                roll_lot: lot.clone(),
                ..ZoneEdit::default()
            };
            let ticks = if complete {
                t.checklist.len()
            } else {
                self.rng.random_range(1..=2)
            };
            for c in t.checklist.iter().take(ticks) {
                edit.checklist.insert(c.id.clone(), true);
            }
            if complete {
                edit.length_cm = Some((self.rng.random_range(80.0..260.0_f64) * 2.0).round() / 2.0);
                edit.waste_cm = Some((self.rng.random_range(5.0..25.0_f64) * 2.0).round() / 2.0);
                edit.quality_score = Some(match self.rng.random_range(0..20) {
                    0..=3 => 8,
                    4..=12 => 9,
                    _ => 10,
                });
                edit.installer_id = if self.technicians.len() > 1 && self.rng.random_bool(0.15) {
                    self.technicians
                        .iter()
                        .find(|t| **t != self.actor.id)
                        .cloned()
                } else {
                    self.technicians
                        .iter()
                        .find(|t| **t == self.actor.id)
                        .cloned()
                };
            }
            let id = self.id();
            interventions::save_zone(self.store, &self.actor, &id, &edit)?;
        }
        let shots = if full {
            for s in &t.shots {
                self.attach(pos, Some(&s.id), None, Some(s.phase))?;
            }
            let lo = t.min_photos.max(1);
            let n = self.rng.random_range(lo..=lo.max(3));
            t.max_photos.map_or(n, |m| n.min(m))
        } else {
            u32::try_from(done.min(2)).unwrap_or(0)
        };
        for k in 0..shots {
            let zone = zones
                .get(usize::try_from(k).unwrap_or(0) % zones.len().max(1))
                .cloned();
            self.attach(pos, None, zone.as_deref(), Some(Phase::During))?;
        }
        Ok(())
    }

    fn finalization(&mut self, pos: usize, signatory: &str) -> CoreResult<()> {
        let mut edit = self.ticks(pos, true);
        edit.data.quality_score = Some(self.rng.random_range(85..=98));
        edit.data.satisfaction = Some(if self.rng.random_bool(0.7) { 5 } else { 4 });
        edit.data.comments = pick(self.rng, COMMENTS).to_owned();
        self.save(pos, &edit)?;
        let extra = self.rng.random_range(0..=1);
        self.photos(pos, extra)?;
        let png = signature_png(self.rng)?;
        let id = self.id();
        interventions::set_signature(self.store, &self.actor, &id, signatory, Some(&png))
    }

    /// Fills step `pos` (all of it when `full`).
    fn fill(&mut self, pos: usize, full: bool, film: &str, lot_year: i32) -> CoreResult<()> {
        match self.iv.template.steps.get(pos).map(|s| s.kind) {
            Some(StepKind::Inspection) => self.inspection(pos, full),
            Some(StepKind::Preparation) => self.preparation(pos, full),
            Some(StepKind::Installation) => self.installation(pos, full, film, lot_year),
            Some(StepKind::Finalization) => {
                let signatory = self.iv.job.client_name.clone();
                self.finalization(pos, &signatory)
            }
            None => Ok(()),
        }
    }
}

/// Moves the API's "now" stamps of one intervention (and its job) onto `tl`.
fn backdate(
    store: &mut Store,
    iv_id: &str,
    job_id: &str,
    step_count: usize,
    tl: &Timeline,
) -> CoreResult<()> {
    store.write(None, |tx| {
        let conn = tx.conn();
        let open_pause = tl.pauses.iter().find(|(_, e)| e.is_none()).map(|(s, _)| *s);
        let paused_ms = tl.paused_ms();
        conn.execute(
            "UPDATE interventions SET started_at = ?2, paused_at = ?3, paused_ms = ?4,
                completed_at = ?5, duration_ms = ?6,
                signed_at = CASE WHEN signed_at IS NULL THEN NULL ELSE ?7 END, updated_at = ?8
             WHERE id = ?1",
            params![
                iv_id,
                tl.start,
                open_pause,
                paused_ms,
                tl.end,
                tl.end.map(|e| e - tl.start - paused_ms),
                tl.sign_at.unwrap_or(tl.last),
                tl.last
            ],
        )?;
        for pos in 0..step_count {
            let p = i64::try_from(pos).unwrap_or(i64::MAX);
            match tl.steps.get(pos) {
                Some((a, b)) => conn.execute(
                    "UPDATE intervention_steps SET started_at = ?3, completed_at = ?4,
                        updated_at = ?5 WHERE intervention_id = ?1 AND position = ?2",
                    params![iv_id, p, a, b, b.unwrap_or(tl.last)],
                )?,
                None => conn.execute(
                    "UPDATE intervention_steps SET updated_at = ?3
                     WHERE intervention_id = ?1 AND position = ?2",
                    params![iv_id, p, tl.start],
                )?,
            };
        }
        let rowids = |sql: &str| -> CoreResult<Vec<(i64, String, Option<i64>)>> {
            let mut st = conn.prepare(sql)?;
            let rows = st
                .query_map([iv_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        };
        for ((rowid, _, _), (s, e)) in rowids(
            "SELECT rowid, '', NULL FROM intervention_pauses WHERE intervention_id = ?1
             ORDER BY rowid",
        )?
        .into_iter()
        .zip(&tl.pauses)
        {
            conn.execute(
                "UPDATE intervention_pauses SET started_at = ?2, ended_at = ?3 WHERE rowid = ?1",
                params![rowid, s, e],
            )?;
        }
        let (mut pause_i, mut resume_i) = (0, 0);
        for (rowid, kind, step) in rowids(
            "SELECT rowid, kind, step FROM intervention_events WHERE intervention_id = ?1
             ORDER BY rowid",
        )? {
            let step = step.and_then(|s| usize::try_from(s).ok());
            let at = match kind.as_str() {
                "start" => Some(tl.start),
                "step_done" => step.and_then(|s| tl.steps.get(s)).and_then(|s| s.1),
                "pause" => {
                    pause_i += 1;
                    tl.pauses.get(pause_i - 1).map(|p| p.0)
                }
                "resume" => {
                    resume_i += 1;
                    tl.pauses.get(resume_i - 1).and_then(|p| p.1)
                }
                "sign" => tl.sign_at,
                "finish" => tl.end,
                _ => None,
            }
            .unwrap_or(tl.last);
            crate::demo_retime::retime(conn, "intervention_events", "at", rowid, at)?;
        }
        // Photos: spread over their step's work.
        let photos = rowids(
            "SELECT rowid, '', step FROM intervention_photos WHERE intervention_id = ?1
             ORDER BY step, rowid",
        )?;
        let mut per_step: HashMap<i64, usize> = HashMap::new();
        for (_, _, step) in &photos {
            *per_step.entry(step.unwrap_or(0)).or_default() += 1;
        }
        let mut seen: HashMap<i64, usize> = HashMap::new();
        for (rowid, _, step) in &photos {
            let step = step.unwrap_or(0);
            let k = seen.entry(step).or_default();
            *k += 1;
            let n = per_step.get(&step).copied().unwrap_or(1);
            let f = 0.1 + 0.85 * (*k as f64) / (n as f64 + 1.0);
            let at = tl.at(usize::try_from(step).unwrap_or(0), f);
            conn.execute(
                "UPDATE intervention_photos SET added_at = ?2 WHERE rowid = ?1",
                params![rowid, at],
            )?;
        }
        // Defects: during the inspection, after its photos began.
        let defects = rowids(
            "SELECT rowid, '', NULL FROM intervention_defects WHERE intervention_id = ?1
             ORDER BY rowid",
        )?;
        let n = defects.len();
        for (k, (rowid, _, _)) in defects.into_iter().enumerate() {
            let at = tl.at(0, 0.3 + 0.6 * (k as f64 + 1.0) / (n as f64 + 1.0));
            conn.execute(
                "UPDATE intervention_defects SET created_at = ?2, updated_at = ?2 WHERE rowid = ?1",
                params![rowid, at],
            )?;
        }
        // Zone records: one after the other through the installation; untouched ones keep the
        // start.
        let inst: Option<i64> = conn
            .query_row(
                "SELECT position FROM intervention_steps
                 WHERE intervention_id = ?1 AND kind = 'installation' ORDER BY position LIMIT 1",
                [iv_id],
                |r| r.get(0),
            )
            .optional()?;
        let inst = inst.and_then(|p| usize::try_from(p).ok());
        let mut st = conn.prepare(
            "SELECT zone_id, roll_lot != '' FROM intervention_zones WHERE intervention_id = ?1
             ORDER BY position",
        )?;
        let zones = st
            .query_map([iv_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let nz = zones.len();
        for (k, (zone, touched)) in zones.into_iter().enumerate() {
            let at = match inst {
                Some(p) if touched && p < tl.steps.len() => {
                    tl.at(p, (k as f64 + 1.0) / (nz as f64 + 1.0))
                }
                _ => tl.start,
            };
            conn.execute(
                "UPDATE intervention_zones SET updated_at = ?3
                 WHERE intervention_id = ?1 AND zone_id = ?2",
                params![iv_id, zone, at],
            )?;
        }
        if let Some(end) = tl.end {
            conn.execute(
                "UPDATE material_usage SET recorded_at = ?2 WHERE intervention_id = ?1",
                params![iv_id, end],
            )?;
        }
        // The job's history written by the status machine: in progress at the start, paused and
        // back at each pause, completed at the end.
        let mut st = conn.prepare(
            "SELECT rowid, to_status FROM job_status_history
             WHERE job_id = ?1 AND to_status IN ('in_progress', 'paused', 'completed')
             ORDER BY rowid",
        )?;
        let history = st
            .query_map([job_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let (mut pause_i, mut resume_i, mut started) = (0, 0, false);
        for (rowid, to) in history {
            let at = match to.as_str() {
                "in_progress" if !started => {
                    started = true;
                    Some(tl.start)
                }
                "in_progress" => {
                    resume_i += 1;
                    tl.pauses.get(resume_i - 1).and_then(|p| p.1)
                }
                "paused" => {
                    pause_i += 1;
                    tl.pauses.get(pause_i - 1).map(|p| p.0)
                }
                _ => tl.end,
            }
            .unwrap_or(tl.last);
            crate::demo_retime::retime(conn, "job_status_history", "at", rowid, at)?;
        }
        conn.execute(
            "UPDATE jobs SET started_at = ?2, completed_at = ?3, updated_at = ?4 WHERE id = ?1",
            params![job_id, tl.start, tl.end, tl.last],
        )?;
        Ok(())
    })
}

/// Makes one job's intervention.
#[allow(clippy::too_many_arguments)]
fn intervention_for(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    staff: &Staff,
    pool: &[PhotoFile],
    job: &DemoJob,
    target: Target,
    ordinal: usize,
    now: i64,
    counts: &mut DemoInterventions,
) -> CoreResult<()> {
    if job.status != "scheduled" {
        // The generator wrote the job's status and history directly; put it back to scheduled
        // so that the intervention moves it through the status machine.
        store.write(None, |tx| {
            tx.conn().execute(
                "DELETE FROM job_status_history
                 WHERE job_id = ?1 AND to_status IN ('in_progress', 'paused', 'completed')",
                [&job.id],
            )?;
            tx.conn().execute(
                "UPDATE jobs SET status = 'scheduled', started_at = NULL, completed_at = NULL
                 WHERE id = ?1",
                [&job.id],
            )?;
            Ok(())
        })?;
    }
    let actor = staff.actor_for(job.technician_id.as_deref());
    let iv = interventions::start_alongside(store, &actor, &job.id)?;
    let film = iv.job.film_product.clone();
    let n = iv.steps.len();
    let (tl, stop, paused_in, open_pause) = match target {
        Target::Completed => {
            let (tl, pause) = completed_timeline(rng, &iv, job, now);
            (tl, n, pause, None)
        }
        Target::Running { paused, .. } => {
            let (tl, current) = running_timeline(rng, &iv, job, target, now);
            let reason = paused.then(|| pick(rng, OPEN_PAUSE_REASONS));
            (tl, current, None, reason)
        }
    };
    let lot_year = chrono::DateTime::from_timestamp_millis(tl.start).map_or(2026, |d| {
        chrono::Datelike::year(&d.with_timezone(&crate::format::DEFAULT_TZ))
    });
    let mut order: Vec<usize> = (0..pool.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let iv_id = iv.id.clone();
    let mut run = Run {
        store,
        rng,
        actor,
        technicians: &staff.technicians,
        pool,
        order,
        next: 0,
        iv,
        counts,
        ordinal,
    };
    for pos in 0..n.min(stop + 1) {
        let full = pos < stop;
        run.fill(pos, full, &film, lot_year)?;
        if let Some((p, reason)) = paused_in
            && p == pos
        {
            interventions::pause(run.store, &run.actor, &iv_id, reason)?;
            interventions::resume(run.store, &run.actor, &iv_id)?;
        }
        if full {
            if pos + 1 == n {
                run.iv = interventions::finish(run.store, &run.actor, &iv_id)?;
            } else {
                run.iv = interventions::complete_step(run.store, &run.actor, &iv_id, pos)?;
            }
        } else if let Some(reason) = open_pause {
            run.iv = interventions::pause(run.store, &run.actor, &iv_id, reason)?;
        }
    }
    match target {
        Target::Completed => run.counts.completed += 1,
        Target::Running { paused: true, .. } => run.counts.paused += 1,
        Target::Running { paused: false, .. } => run.counts.in_progress += 1,
    }
    backdate(store, &iv_id, &job.id, n, &tl)
}

/// Gives the demo's jobs their interventions (see the module's documentation). `data_dir` is the
/// data folder whose `photos` store receives the photo files; `None` writes no file (the photo
/// records still exist).
pub(crate) fn create(
    store: &mut Store,
    seed: u64,
    data_dir: Option<&Path>,
) -> CoreResult<DemoInterventions> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1e7e_0005);
    let now = store.now_ms();
    let staff = Staff::load(store.conn())?;
    let jobs = choose_jobs(store.conn(), now)?;
    let pool = photo_pool(&mut rng, now, data_dir)?;
    let mut counts = DemoInterventions {
        photo_files: pool.len(),
        ..DemoInterventions::default()
    };
    // Hundreds of small transactions: no fsync per commit while the demo is made (WAL keeps the
    // file consistent; the previous setting comes back afterwards).
    let sync: i64 = store
        .conn()
        .pragma_query_value(None, "synchronous", |r| r.get(0))?;
    store.conn().pragma_update(None, "synchronous", "NORMAL")?;
    let made = (|| -> CoreResult<()> {
        for (ordinal, (job, target)) in jobs.iter().enumerate() {
            intervention_for(
                store,
                &mut rng,
                &staff,
                &pool,
                job,
                *target,
                ordinal,
                now,
                &mut counts,
            )?;
        }
        // A file's first use is when it came into the store.
        store.write(None, |tx| {
            tx.conn().execute(
                "UPDATE photos SET created_at = (SELECT min(ip.added_at)
                     FROM intervention_photos ip WHERE ip.sha256 = photos.sha256)
                 WHERE sha256 IN (SELECT sha256 FROM intervention_photos)",
                [],
            )?;
            Ok(())
        })
    })();
    store.conn().pragma_update(None, "synchronous", sync)?;
    made?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use std::time::Instant;

    use super::*;
    use crate::clock::ManualClock;
    use crate::demo::{self, DEFAULT_SEED};
    use crate::generate::ShopSize;
    use crate::interventions::{IvStatus, StepStatus};
    use crate::jobs::status::{JobStatus, can_transition};
    use crate::testutil::{MINUTE, T0};

    /// A demo made in a temporary data folder with the clock frozen at `now`.
    fn made_at(dir: &Path, now: i64) -> (Store, demo::DemoSummary) {
        let (mut s, _) =
            Store::open_with_clock(&dir.join("rpma.db"), ManualClock::new(now)).unwrap();
        let t = Instant::now();
        let summary =
            demo::populate_with_interventions(&mut s, DEFAULT_SEED, &ShopSize::DEMO, Some(dir))
                .unwrap();
        eprintln!(
            "demo made in {:?}: {:?}",
            t.elapsed(),
            summary.interventions
        );
        (s, summary)
    }

    fn strings(conn: &Connection, sql: &str) -> Vec<String> {
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// What a newcomer sees, without ids: per intervention its job, status, step, readings,
    /// ticks, defects, zones and photos.
    fn content(conn: &Connection) -> Vec<String> {
        strings(
            conn,
            "SELECT replace(j.number, (SELECT code FROM terminal), 'T') || '|' || i.status || '|' || i.current_step || '|' || i.started_at
                || '|' || coalesce(i.duration_ms, '') || '|' || i.signatory || '|'
                || (SELECT group_concat(s.checklist || s.data || s.notes, ';')
                    FROM intervention_steps s WHERE s.intervention_id = i.id)
                || '|' || coalesce((SELECT group_concat(d.zone || d.kind || d.severity || d.x, ';')
                    FROM intervention_defects d WHERE d.intervention_id = i.id), '')
                || '|' || (SELECT group_concat(z.roll_lot || coalesce(z.length_mm, '-') || coalesce(z.quality_score, '-'), ';')
                    FROM intervention_zones z WHERE z.intervention_id = i.id)
                || '|' || coalesce((SELECT group_concat(p.step || p.sha256 || coalesce(p.shot, ''), ';')
                    FROM intervention_photos p WHERE p.intervention_id = i.id), '')
                || '|' || coalesce(length(i.signature_png), 0)
             FROM interventions i JOIN jobs j ON j.id = i.job_id ORDER BY j.number",
        )
    }

    #[test]
    fn demo_interventions_match_their_jobs() {
        let dir = tempfile::tempdir().unwrap();
        // Monday 11:15 in Paris: the generator leaves jobs running.
        let now = T0 + 75 * MINUTE;
        let (s, summary) = made_at(dir.path(), now);
        let conn = s.conn();
        let counts = &summary.interventions;
        assert_eq!(counts.completed, COMPLETED_WITH_INTERVENTION);
        assert!(counts.in_progress >= MIN_IN_PROGRESS, "{counts:?}");
        assert!(counts.paused >= MIN_PAUSED, "{counts:?}");
        assert_eq!(counts.photo_files, PHOTO_POOL);
        assert_eq!(
            count(conn, "SELECT count(*) FROM interventions"),
            i64::try_from(counts.completed + counts.in_progress + counts.paused).unwrap()
        );

        // Job status ⇔ intervention status.
        for (job_status, iv_status) in [
            ("completed", "completed"),
            ("in_progress", "in_progress"),
            ("paused", "paused"),
        ] {
            let mismatched = count(
                conn,
                &format!(
                    "SELECT count(*) FROM interventions i JOIN jobs j ON j.id = i.job_id
                     WHERE (i.status = '{iv_status}') != (j.status = '{job_status}')"
                ),
            );
            assert_eq!(mismatched, 0, "{job_status}");
        }
        // Every running job has its intervention; the most recent completed jobs too.
        assert_eq!(
            count(
                conn,
                "SELECT count(*) FROM jobs j WHERE j.status IN ('in_progress', 'paused')
                 AND NOT EXISTS (SELECT 1 FROM interventions i WHERE i.job_id = j.id
                                 AND i.status = j.status)"
            ),
            0
        );
        assert_eq!(
            count(
                conn,
                &format!(
                    "SELECT count(*) FROM (SELECT id FROM jobs WHERE status = 'completed'
                     ORDER BY scheduled_end DESC LIMIT {COMPLETED_WITH_INTERVENTION}) j
                     WHERE NOT EXISTS (SELECT 1 FROM interventions i WHERE i.job_id = j.id
                                       AND i.status = 'completed')"
                )
            ),
            0
        );
        // Finished: signed, at the job's slot, duration = end − start − pauses, film recorded.
        assert_eq!(
            count(
                conn,
                "SELECT count(*) FROM interventions i JOIN jobs j ON j.id = i.job_id
                 WHERE i.status = 'completed' AND (
                    i.duration_ms IS NULL OR i.duration_ms <= 0
                    OR i.duration_ms != i.completed_at - i.started_at - i.paused_ms
                    OR i.signature_png IS NULL OR i.signatory = '' OR i.signed_at > i.completed_at
                    OR i.started_at < j.scheduled_start OR i.started_at > j.scheduled_start + 600000
                    OR abs(i.completed_at - j.scheduled_end) > 1200000
                    OR j.started_at != i.started_at OR j.completed_at != i.completed_at
                    OR NOT EXISTS (SELECT 1 FROM material_usage m WHERE m.intervention_id = i.id))"
            ),
            0
        );
        assert!(
            count(
                conn,
                "SELECT count(*) FROM interventions WHERE status = 'completed' AND paused_ms > 0"
            ) > 0
        );
        // Paused: an open pause; running: a started job, nothing finished.
        assert_eq!(
            count(
                conn,
                "SELECT count(*) FROM interventions i WHERE i.status = 'paused' AND (
                    i.paused_at IS NULL OR (SELECT count(*) FROM intervention_pauses p
                        WHERE p.intervention_id = i.id AND p.ended_at IS NULL
                        AND p.started_at = i.paused_at) != 1)"
            ),
            0
        );
        // Out-of-range readings on a couple of inspections, the rest in the comfort range.
        let odd = count(
            conn,
            "SELECT count(*) FROM intervention_steps WHERE kind = 'inspection' AND (
                json_extract(data, '$.temperature_c') NOT BETWEEN 15 AND 30
                OR json_extract(data, '$.humidity_pct') NOT BETWEEN 30 AND 70)",
        );
        assert!((1..=3).contains(&odd), "{odd}");

        // Through the API: steps in order, worked time adds up, running ones on a middle step.
        let admin = users::list(conn)
            .unwrap()
            .into_iter()
            .find(|u| u.username == "admin")
            .unwrap();
        for id in strings(conn, "SELECT id FROM interventions") {
            let iv =
                interventions::get(conn, &crate::Session::for_tests(admin.clone()), &id).unwrap();
            let n = iv.steps.len();
            match iv.status {
                IvStatus::Completed => {
                    assert!(iv.steps.iter().all(|st| st.status == StepStatus::Completed));
                    assert!(interventions::rules::finish_missing(&iv).is_empty());
                    let worked: i64 = (0..n).map(|p| iv.step_worked_ms(p, now)).sum();
                    assert_eq!(Some(worked), iv.duration_ms, "{id}");
                    assert_eq!(iv.elapsed_ms(now), worked);
                    assert!(iv.zones.iter().all(|z| z.length_mm.is_some()));
                }
                IvStatus::InProgress | IvStatus::Paused => {
                    assert!((1..n - 1).contains(&iv.current_step), "{}", iv.current_step);
                    assert_eq!(iv.steps[iv.current_step].status, StepStatus::InProgress);
                    assert!(
                        iv.steps[..iv.current_step]
                            .iter()
                            .all(|st| st.status == StepStatus::Completed)
                    );
                    assert!(iv.started_at <= now && iv.updated_at <= now);
                    let mut at = iv.started_at;
                    for st in &iv.steps[..=iv.current_step] {
                        assert!(st.started_at.unwrap() >= at);
                        at = st.completed_at.unwrap_or(at);
                    }
                }
                IvStatus::Cancelled => panic!("no cancelled intervention in the demo"),
            }
            assert!(iv.defects.len() <= 3);
            assert!(iv.events.windows(2).all(|w| w[0].at <= w[1].at), "{id}");
            assert!(iv.photos.iter().all(|p| p.added_at >= iv.started_at));
        }

        // Job histories still replay through the status machine, in time order.
        let mut st = conn
            .prepare(
                "SELECT j.status, (SELECT json_group_array(json_array(to_status, at)) FROM
                    (SELECT to_status, at FROM job_status_history h WHERE h.job_id = j.id
                     ORDER BY h.rowid))
                 FROM jobs j WHERE EXISTS (SELECT 1 FROM interventions i WHERE i.job_id = j.id)",
            )
            .unwrap();
        let rows: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (status, hist) in rows {
            let path: Vec<(String, i64)> = serde_json::from_str(&hist).unwrap();
            assert_eq!(path[0].0, "scheduled");
            let mut cur = JobStatus::parse(&path[0].0).unwrap();
            for w in path.windows(2) {
                let next = JobStatus::parse(&w[1].0).unwrap();
                assert!(can_transition(cur, next), "{cur:?} -> {next:?}");
                assert!(w[0].1 <= w[1].1, "{path:?}");
                cur = next;
            }
            assert_eq!(cur.as_str(), status);
        }

        // Photos: records and files; each file stored once, used many times.
        let photos = PhotoStore::for_data_dir(dir.path());
        let mut st = conn
            .prepare(
                "SELECT DISTINCT p.sha256, p.mime FROM intervention_photos ip
                 JOIN photos p ON p.sha256 = ip.sha256",
            )
            .unwrap();
        let files: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(files.len(), PHOTO_POOL);
        for (sha, mime) in &files {
            assert!(photos.exists(sha, mime), "{sha}");
            assert!(photos.thumb_path(sha).is_file(), "{sha}");
        }
        assert_eq!(photos.list_originals().unwrap().len(), PHOTO_POOL);
        let attached = count(conn, "SELECT count(*) FROM intervention_photos");
        assert_eq!(attached, i64::try_from(counts.photos_attached).unwrap());
        assert!(attached > i64::try_from(PHOTO_POOL).unwrap());
        let camera: String = conn
            .query_row("SELECT camera FROM photos LIMIT 1", [], |r| r.get(0))
            .unwrap();
        assert!(
            camera == "Sony ILCE-7M3" || camera == "Apple iPhone 15 Pro",
            "{camera}"
        );

        // The database is sound and the audit chain verifies.
        assert_eq!(
            strings(conn, "PRAGMA integrity_check"),
            vec!["ok".to_owned()]
        );
        let report = crate::store::check::check_store(&s);
        assert!(report.is_ok(), "{report:?}");
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous is FULL again");
    }

    #[test]
    fn demo_interventions_are_deterministic_and_run_even_at_night() {
        // Sunday 22:00 in Paris: no job runs by the planning; the next ones are started early.
        let sunday_night = T0 - 24 * 60 * MINUTE + 12 * 60 * MINUTE;
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (sa, first) = made_at(a.path(), sunday_night);
        let (sb, second) = made_at(b.path(), sunday_night);
        assert_eq!(first, second);
        assert_eq!(first.interventions.in_progress, MIN_IN_PROGRESS);
        assert_eq!(first.interventions.paused, MIN_PAUSED);
        assert_eq!(content(sa.conn()), content(sb.conn()));
        // Started early: before now, after the job was created.
        assert_eq!(
            count(
                sa.conn(),
                "SELECT count(*) FROM interventions i JOIN jobs j ON j.id = i.job_id
                 WHERE i.status IN ('in_progress', 'paused')
                   AND (i.started_at > j.scheduled_start OR i.started_at < j.created_at)"
            ),
            0
        );
    }

    #[test]
    fn signature_is_a_png() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let png = signature_png(&mut rng).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let img = image::load_from_memory(&png).unwrap().into_rgba8();
        assert_eq!(img.dimensions(), (360, 120));
        let inked = img.pixels().filter(|p| p.0[3] > 0).count();
        assert!(inked > 500, "{inked}");
    }
}
