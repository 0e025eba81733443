//! Where backups stand: the newest good backup, the last run's outcome (kept in
//! `<data>/backups/.last-run.json`, beside the terminal's own backups: never inside a backup,
//! carried over by a restore), when the next one is due and whether the newest good one is older
//! than the schedule allows.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone as _, Utc};
use serde::{Deserialize, Serialize};

use super::settings::{self, BackupSettings};
use crate::backup::list::{self, BackupFile, VerifiedState};
use crate::backup::sanitize_terminal;
use crate::backup::schedule::{self, ScheduleSpec};
use crate::datadir::DB_FILE;
use crate::error::CoreResult;

/// File name of the last run's record, in `<data>/backups`.
pub const RUN_RECORD: &str = ".last-run.json";
/// How late a scheduled backup may be before the alert shows (a run takes minutes).
pub const GRACE_MS: i64 = 3_600_000;
/// With "on exit", the newest good backup may be this old (a terminal closed every evening).
pub const ON_EXIT_MAX_AGE_MS: i64 = 7 * 24 * 3_600_000;

/// The outcome of the last backup run on this terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    /// When it ended (ms since the Unix epoch).
    pub at_ms: i64,
    /// It wrote a backup that verified.
    pub ok: bool,
    /// Started by the schedule (not by a person).
    pub scheduled: bool,
    /// The backup file, when one was written.
    pub file: Option<PathBuf>,
    /// Its size.
    pub bytes: u64,
    /// Why it failed, in the words shown when it happened.
    pub error: Option<String>,
    /// The copy to object storage, when one is configured (records written before it existed
    /// have none).
    #[serde(default)]
    pub remote: Option<RemoteCopy>,
}

/// The copy of a run's verified backup to object storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteCopy {
    /// Where it went (`s3://bucket/prefix`, …; without credentials).
    pub location: String,
    /// The copy is there, its size read back.
    pub ok: bool,
    /// Why it failed, in the words shown when it happened.
    pub error: Option<String>,
    /// Older copies of this terminal deleted there by the retention.
    pub pruned: usize,
}

fn record_path(data_root: &Path) -> PathBuf {
    data_root.join("backups").join(RUN_RECORD)
}

/// Records the outcome of a run (best effort: a read-only folder only loses the record, logged).
pub fn record_run(data_root: &Path, record: &RunRecord) {
    let path = record_path(data_root);
    let result = serde_json::to_vec_pretty(record)
        .map_err(|e| crate::CoreError::io(&path, std::io::Error::other(e)))
        .and_then(|bytes| {
            if let Some(dir) = path.parent() {
                crate::fsutil::create_private_dir_all(dir)?;
            }
            crate::fsutil::write_atomic(&path, &bytes)
        });
    if let Err(e) = result {
        tracing::warn!(path = %path.display(), "cannot record the backup run: {e}");
    }
}

/// The last run's record, if any.
pub fn last_run(data_root: &Path) -> Option<RunRecord> {
    let bytes = std::fs::read(record_path(data_root)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// When a backup was taken: the time in its name (local, `tz`), else its file's.
pub fn created_ms(b: &BackupFile, tz: chrono_tz::Tz) -> i64 {
    b.stamp
        .and_local_timezone(tz)
        .earliest()
        .map_or(b.modified_ms, |t| t.timestamp_millis())
}

/// The backups of this terminal in `dir`, newest first (others' are not this terminal's
/// schedule's business).
pub fn own_backups(dir: &Path, terminal: &str) -> Vec<BackupFile> {
    let terminal = sanitize_terminal(terminal);
    list::list_backups(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|b| b.terminal == terminal)
        .collect()
}

/// Whether the newest good backup (`last_ok_ms`) is older than `schedule` allows at `now_ms`:
/// a daily or hourly run missed by more than [`GRACE_MS`], or with "on exit" none for
/// [`ON_EXIT_MAX_AGE_MS`]. No schedule: never (the person chose manual backups). A schedule and
/// no good backup at all: overdue.
pub fn overdue(
    schedule: Option<&ScheduleSpec>,
    last_ok_ms: Option<i64>,
    now_ms: i64,
    tz: chrono_tz::Tz,
) -> bool {
    let Some(spec) = schedule else {
        return false;
    };
    let Some(last) = last_ok_ms else {
        return true;
    };
    match *spec {
        ScheduleSpec::OnExit => now_ms - last > ON_EXIT_MAX_AGE_MS,
        ScheduleSpec::EveryHours { hours } => {
            now_ms - last > i64::from(hours.max(1)) * 3_600_000 + GRACE_MS
        }
        ScheduleSpec::Daily { hour, minute } => {
            // The last scheduled time at least GRACE_MS ago: a good backup must be newer.
            let Some(cut) = Utc.timestamp_millis_opt(now_ms - GRACE_MS).single() else {
                return false;
            };
            let at = chrono::NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0)
                .unwrap_or_default();
            let day = cut.with_timezone(&tz).date_naive();
            let today = schedule::occurrence(day, at, tz);
            let previous = if today <= cut {
                today
            } else {
                schedule::occurrence(day.pred_opt().unwrap_or(day), at, tz)
            };
            last < previous.timestamp_millis()
        }
    }
}

/// Where backups stand for this data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupStatus {
    /// The settings (the sealed passphrase left out).
    pub settings: BackupSettings,
    /// The folder backups go to.
    pub out_dir: PathBuf,
    /// This terminal's code.
    pub terminal: String,
    /// The newest backup of this terminal there, whatever its state.
    pub newest: Option<BackupFile>,
    /// When the newest verified one was taken.
    pub last_ok_ms: Option<i64>,
    /// The last run's outcome.
    pub last_run: Option<RunRecord>,
    /// When the schedule wants the next one (`None`: no schedule, or on exit).
    pub next_due_ms: Option<i64>,
    /// The newest good backup is older than the schedule allows.
    pub overdue: bool,
}

impl BackupStatus {
    /// The last run failed (and no good backup was made since).
    pub fn last_failed(&self) -> bool {
        self.last_run
            .as_ref()
            .is_some_and(|r| !r.ok && self.last_ok_ms.is_none_or(|ok| ok < r.at_ms))
    }
}

impl BackupStatus {
    /// Why the last run's copy to object storage failed, when it did (the backup itself is
    /// good: only the copy off the premises is missing).
    pub fn remote_failed(&self) -> Option<(&str, &str)> {
        let remote = self.last_run.as_ref()?.remote.as_ref()?;
        (!remote.ok).then(|| {
            (
                remote.location.as_str(),
                remote.error.as_deref().unwrap_or_default(),
            )
        })
    }
}

/// Computes the status from the settings, the backups in the destination and the last run.
pub fn compute(
    data_root: &Path,
    settings: &BackupSettings,
    terminal: &str,
    tz: chrono_tz::Tz,
    now_ms: i64,
) -> BackupStatus {
    let out_dir = settings.out_dir(data_root);
    let backups = own_backups(&out_dir, terminal);
    let last_ok_ms = backups
        .iter()
        .find(|b| b.verified == VerifiedState::Verified)
        .map(|b| created_ms(b, tz));
    let now = Utc
        .timestamp_millis_opt(now_ms)
        .single()
        .unwrap_or_default();
    let last_ok = last_ok_ms.and_then(DateTime::<Utc>::from_timestamp_millis);
    let next_due_ms = settings
        .schedule
        .as_ref()
        .and_then(|s| schedule::next_run(last_ok, now, s, tz))
        .map(|t| t.timestamp_millis());
    let mut shown = settings.clone();
    shown.sealed_passphrase = shown.sealed_passphrase.map(|_| String::new());
    BackupStatus {
        overdue: overdue(settings.schedule.as_ref(), last_ok_ms, now_ms, tz),
        settings: shown,
        out_dir,
        terminal: sanitize_terminal(terminal),
        newest: backups.into_iter().next(),
        last_ok_ms,
        last_run: last_run(data_root),
        next_due_ms,
    }
}

/// [`compute`] for a data folder whose database is open elsewhere (the app's): settings, time
/// zone and terminal read through a read-only connection.
pub fn read(data_root: &Path, now_ms: i64) -> CoreResult<BackupStatus> {
    let conn = crate::store::open_read_only(&data_root.join(DB_FILE))?;
    let settings = settings::get(&conn)?;
    let tz = super::shop_tz(&conn);
    let terminal = super::terminal_code(&conn);
    Ok(compute(data_root, &settings, &terminal, tz, now_ms))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;
    const H: i64 = 3_600_000;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn overdue_follows_the_schedule() {
        let daily = ScheduleSpec::Daily {
            hour: 20,
            minute: 0,
        };
        // Winter: 20:00 Paris = 19:00 UTC. Backed up yesterday evening; today 21:30 local is
        // within the grace after tonight's run: not yet; at 21:01 UTC (22:01 local) it is.
        let last = utc(2026, 1, 9, 19, 2);
        assert!(!overdue(
            Some(&daily),
            Some(last),
            utc(2026, 1, 10, 12, 0),
            PARIS
        ));
        assert!(!overdue(
            Some(&daily),
            Some(last),
            utc(2026, 1, 10, 19, 30),
            PARIS
        ));
        assert!(overdue(
            Some(&daily),
            Some(last),
            utc(2026, 1, 10, 20, 1),
            PARIS
        ));
        let hourly = ScheduleSpec::EveryHours { hours: 6 };
        assert!(!overdue(Some(&hourly), Some(0), 6 * H + GRACE_MS, PARIS));
        assert!(overdue(Some(&hourly), Some(0), 6 * H + GRACE_MS + 1, PARIS));
        assert!(!overdue(
            Some(&ScheduleSpec::OnExit),
            Some(0),
            6 * 24 * H,
            PARIS
        ));
        assert!(overdue(
            Some(&ScheduleSpec::OnExit),
            Some(0),
            8 * 24 * H,
            PARIS
        ));
        assert!(overdue(Some(&daily), None, 0, PARIS), "never backed up");
        assert!(!overdue(None, None, 0, PARIS), "manual backups only");
    }

    #[test]
    fn the_last_run_is_recorded_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(last_run(dir.path()), None);
        let r = RunRecord {
            at_ms: 5,
            ok: false,
            scheduled: true,
            file: None,
            bytes: 0,
            error: Some("disque plein".into()),
            remote: Some(RemoteCopy {
                location: "s3://atelier/rpma".into(),
                ok: false,
                error: Some("refusé".into()),
                pruned: 0,
            }),
        };
        record_run(dir.path(), &r);
        assert_eq!(last_run(dir.path()), Some(r));
        // A record written before the copy existed still reads.
        let old = r#"{"at_ms":7,"ok":true,"scheduled":false,"file":null,"bytes":3,"error":null}"#;
        std::fs::write(dir.path().join("backups").join(RUN_RECORD), old).unwrap();
        assert_eq!(
            last_run(dir.path()).map(|r| (r.at_ms, r.remote)),
            Some((7, None))
        );
        // Not a backup: the listing ignores it.
        assert!(
            list::list_backups(&dir.path().join("backups"))
                .unwrap()
                .is_empty()
        );
    }
}
