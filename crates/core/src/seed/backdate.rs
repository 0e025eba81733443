//! Moving the "now" stamps the intervention API wrote onto a seeded shop's timeline: the
//! intervention, its steps, pauses, events, photos, defects, zones, film use, and its job.
//!
//! History tables are append-only (a trigger refuses UPDATE), so a row is moved in time by
//! deleting it and inserting the same values with the new time (both captured, like any change).

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension as _, params};

use crate::error::CoreResult;
use crate::store::Store;
use crate::store::capture::ident;

/// When things happened in a seeded intervention.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Start of the work.
    pub start: i64,
    /// Each reached step: (started, completed — `None` for the current step).
    pub steps: Vec<(i64, Option<i64>)>,
    /// Pauses: (start, end — `None` while paused).
    pub pauses: Vec<(i64, Option<i64>)>,
    /// Signature time (finished interventions).
    pub sign_at: Option<i64>,
    /// Finish time (finished interventions).
    pub end: Option<i64>,
    /// Last activity: the finish, the pause, or the last edit of the current step.
    pub last: i64,
}

/// `a + f × (b − a)`, in whole milliseconds.
fn lerp(a: i64, b: i64, f: f64) -> i64 {
    a + ((b - a) as f64 * f).round() as i64
}

impl Timeline {
    /// Closed pauses, summed.
    pub fn paused_ms(&self) -> i64 {
        self.pauses
            .iter()
            .filter_map(|(s, e)| e.map(|e| e - s))
            .sum()
    }

    /// The wall-clock time at fraction `f` of the work on step `pos` (pauses skipped). The
    /// finalization's window ends at the signature; the current step's at the last activity.
    pub fn at(&self, pos: usize, f: f64) -> i64 {
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

/// Moves the API's "now" stamps of one intervention (and its job) onto `tl`.
pub(super) fn backdate(
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
            retime(conn, "intervention_events", "at", rowid, at)?;
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
                "UPDATE intervention_photos SET added_at = ?2, updated_at = ?2 WHERE rowid = ?1",
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
                "UPDATE material_usage SET recorded_at = ?2, updated_at = ?2 WHERE intervention_id = ?1",
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
            retime(conn, "job_status_history", "at", rowid, at)?;
        }
        conn.execute(
            "UPDATE jobs SET started_at = ?2, completed_at = ?3, updated_at = ?4 WHERE id = ?1",
            params![job_id, tl.start, tl.end, tl.last],
        )?;
        Ok(())
    })
}

/// Gives the row `rowid` of `table` the time `at` in column `time_col` (delete and re-insert).
fn retime(conn: &Connection, table: &str, time_col: &str, rowid: i64, at: i64) -> CoreResult<()> {
    let names: Vec<String> = conn
        .prepare_cached("SELECT name FROM pragma_table_info(?1)")?
        .query_map([table], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let list = names
        .iter()
        .map(|n| ident(n))
        .collect::<Vec<_>>()
        .join(", ");
    let t = ident(table);
    let row: Vec<Value> = conn
        .prepare_cached(&format!("SELECT {list} FROM {t} WHERE rowid = ?1"))?
        .query_row([rowid], |r| {
            (0..names.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })?;
    let values: Vec<Value> = names
        .iter()
        .zip(row)
        .map(|(n, v)| if n == time_col { Value::Integer(at) } else { v })
        .collect();
    conn.prepare_cached(&format!("DELETE FROM {t} WHERE rowid = ?1"))?
        .execute([rowid])?;
    let marks = (1..=names.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    conn.prepare_cached(&format!("INSERT INTO {t} ({list}) VALUES ({marks})"))?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}
