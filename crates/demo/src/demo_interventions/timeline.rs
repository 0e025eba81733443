//! When things happen in a demo intervention: the timeline of a finished one at its job's slot
//! and of a running one, and the work split over the steps.

use rand::Rng as _;
use rand_chacha::ChaCha8Rng;

use rpma_core::interventions::Intervention;
use rpma_core::seed::Timeline;
use rpma_core::workflow::StepKind;

use super::{DemoJob, MINUTE, Target, pick};

const PAUSE_REASONS: &[&str] = &[
    "Pause déjeuner",
    "Temps de séchage",
    "Client au téléphone",
    "Urgence sur un autre véhicule",
];

/// `a + f × (b − a)`, in whole milliseconds.
fn lerp(a: i64, b: i64, f: f64) -> i64 {
    a + ((b - a) as f64 * f).round() as i64
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
pub(super) fn completed_timeline(
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
pub(super) fn running_timeline(
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
