//! Guided interventions of the demo shop: the most recent completed jobs get a finished, signed
//! intervention and every running job (in progress or paused) a running one, so that a newcomer
//! sees finished and running interventions at once.
//!
//! Everything is created through the real intervention API ([`interventions::start_alongside`],
//! [`interventions::save_step`], [`interventions::attach_photo`], [`interventions::finish`]…),
//! so the data obeys the same rules as the shop floor's, and the job status machine moves the
//! jobs (the generator's jobs are put back to `scheduled` first, their generated history after
//! `scheduled` dropped, by [`Seeder::reset_job_to_scheduled`]). The store's clock is the real one, so every call is stamped "now";
//! afterwards the timestamps are moved onto a realistic timeline with targeted updates (a
//! finished intervention sits at its job's slot, a running one started at its job's start):
//! interventions, steps, pauses, events, photos, defects, zone records, film use, the job and
//! its status history ([`Seeder::backdate_intervention`]). The audit log is append-only and hash-chained: its entries keep the time
//! the demo was created.
//!
//! Photos are real JPEG files (with EXIF) stored like any imported photo, from a small pool
//! generated once: the store keeps each file once however many steps show it.
//!
//! The content (which jobs, readings, defects, zones, photos, scores, signatures) comes from
//! the demo seed; ids are the store's usual random ones.

use rpma_core::ids::UserId;
use std::collections::HashMap;
use std::path::Path;

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use rpma_core::Session;
use rpma_core::auth::permissions::Role;
use rpma_core::error::{CoreError, CoreResult};
use rpma_core::interventions;
use rpma_core::photos::PhotoFile;
use rpma_core::seed::Seeder;
use rpma_core::users::User;

use crate::DemoInterventions;

mod pictures;
mod run;
mod timeline;

use pictures::photo_pool;
use run::Run;
use timeline::{completed_timeline, running_timeline};

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
    /// A session per active seeded account, by user id.
    sessions: HashMap<UserId, Session>,
    technicians: Vec<UserId>,
    /// Acts on jobs without an active technician.
    fallback: Session,
}

impl Staff {
    fn load(seeder: &Seeder<'_>) -> CoreResult<Self> {
        let all: Vec<&User> = seeder.accounts().iter().filter(|u| u.is_active).collect();
        let technicians: Vec<UserId> = all
            .iter()
            .filter(|u| u.role == Role::Technician)
            .map(|u| u.id.clone())
            .collect();
        let fallback = all
            .iter()
            .find(|u| u.role == Role::Supervisor)
            .or_else(|| all.iter().find(|u| u.role == Role::Admin))
            .ok_or(CoreError::NotFound { entity: "user" })?;
        let fallback = seeder.session_for(&fallback.id)?;
        let mut sessions = HashMap::new();
        for u in all {
            sessions.insert(u.id.clone(), seeder.session_for(&u.id)?);
        }
        Ok(Self {
            sessions,
            technicians,
            fallback,
        })
    }

    /// The demo's history is written on behalf of the shop's staff (checked like any session).
    fn actor_for(&self, technician: Option<&str>) -> Session {
        technician
            .and_then(|t| self.sessions.get(t))
            .unwrap_or(&self.fallback)
            .clone()
    }
}

/// Makes one job's intervention.
#[allow(clippy::too_many_arguments)]
fn intervention_for(
    seeder: &mut Seeder<'_>,
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
        seeder.reset_job_to_scheduled(&job.id)?;
    }
    let actor = staff.actor_for(job.technician_id.as_deref());
    let iv = interventions::start_alongside(seeder.store(), &actor, &job.id)?;
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
        chrono::Datelike::year(&d.with_timezone(&rpma_core::format::DEFAULT_TZ))
    });
    let mut order: Vec<usize> = (0..pool.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let iv_id = iv.id.clone();
    let mut run = Run {
        store: seeder.store(),
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
    seeder.backdate_intervention(&iv_id, &job.id, n, &tl)
}

/// Gives the demo's jobs their interventions (see the module's documentation). `data_dir` is the
/// data folder whose `photos` store receives the photo files; `None` writes no file (the photo
/// records still exist).
pub(crate) fn create(
    seeder: &mut Seeder<'_>,
    seed: u64,
    data_dir: Option<&Path>,
) -> CoreResult<DemoInterventions> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1e7e_0005);
    let now = seeder.now_ms();
    let staff = Staff::load(seeder)?;
    let jobs = choose_jobs(seeder.store().read_as(&staff.fallback)?, now)?;
    let pool = photo_pool(&mut rng, now, data_dir)?;
    let mut counts = DemoInterventions {
        photo_files: pool.len(),
        ..DemoInterventions::default()
    };
    // Hundreds of small transactions: the seeder does not flush each commit to disk.
    for (ordinal, (job, target)) in jobs.iter().enumerate() {
        intervention_for(
            seeder,
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
    seeder.date_photos_by_first_use()?;
    Ok(counts)
}

#[cfg(test)]
mod tests;
