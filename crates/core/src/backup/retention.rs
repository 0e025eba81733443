//! Which backups to keep: the newest of each of the last N days, N weeks and N months (in the
//! shop's time zone). A pure function ([`plan`]) and its application to a folder
//! ([`apply_retention`]), which the scheduler runs only after a new backup verified.
//!
//! Rules:
//! - Nothing is deleted unless the newest backup is verified (so a run of failed backups never
//!   eats the good ones).
//! - Verified backups fill the slots: the newest of each of the `daily` most recent local days
//!   that have a backup, of the `weekly` most recent ISO weeks, of the `monthly` most recent
//!   months; the newest verified backup is always kept. Other verified backups are deleted.
//! - A backup whose verification failed is deleted (it cannot be restored).
//! - A backup never verified (copied in from elsewhere, say) is kept: not ours to judge.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike as _, TimeZone as _, Utc};
use serde::{Deserialize, Serialize};

use super::list::{self, VerifiedState};
use super::{BackupError, sanitize_terminal};

/// How many backups to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    /// The newest of each of this many most recent days.
    pub daily: u32,
    /// The newest of each of this many most recent ISO weeks.
    pub weekly: u32,
    /// The newest of each of this many most recent months.
    pub monthly: u32,
}

impl Default for RetentionPolicy {
    /// 7 daily, 4 weekly, 12 monthly.
    fn default() -> Self {
        Self {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// A backup as retention sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// When it was taken (ms since the Unix epoch).
    pub created_ms: i64,
    /// Its verification.
    pub verified: VerifiedState,
}

/// The decision: indexes into the candidates given to [`plan`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionPlan {
    /// Kept, ascending.
    pub keep: Vec<usize>,
    /// To delete, ascending.
    pub delete: Vec<usize>,
}

/// Decides which backups to keep (see the module's rules). Pure: the same input gives the same
/// plan.
pub fn plan(backups: &[Candidate], policy: &RetentionPolicy, tz: chrono_tz::Tz) -> RetentionPlan {
    let all: Vec<usize> = (0..backups.len()).collect();
    let mut order = all.clone();
    // Newest first; ties broken by index for determinism.
    order.sort_by(|&a, &b| {
        let ca = backups.get(a).map_or(0, |c| c.created_ms);
        let cb = backups.get(b).map_or(0, |c| c.created_ms);
        cb.cmp(&ca).then(a.cmp(&b))
    });
    let newest_verified = order
        .first()
        .and_then(|&i| backups.get(i))
        .is_some_and(|c| c.verified == VerifiedState::Verified);
    if !newest_verified {
        return RetentionPlan {
            keep: all,
            delete: Vec::new(),
        };
    }
    let mut keep: BTreeSet<usize> = BTreeSet::new();
    if let Some(&first) = order.first() {
        keep.insert(first);
    }
    let verified: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| {
            backups
                .get(i)
                .is_some_and(|c| c.verified == VerifiedState::Verified)
        })
        .collect();
    type Bucket = fn(chrono::NaiveDate) -> (i32, u32, u32);
    let slots: [(u32, Bucket); 3] = [
        (policy.daily, |d| (d.year(), d.ordinal(), 0)),
        (policy.weekly, |d| {
            let w = d.iso_week();
            (w.year(), w.week(), 1)
        }),
        (policy.monthly, |d| (d.year(), d.month(), 2)),
    ];
    for (n, bucket) in slots {
        let mut seen = BTreeSet::new();
        for &i in &verified {
            if seen.len() >= n as usize {
                break;
            }
            let Some(c) = backups.get(i) else { continue };
            let Some(utc) = Utc.timestamp_millis_opt(c.created_ms).single() else {
                continue;
            };
            let day = utc.with_timezone(&tz).date_naive();
            if seen.insert(bucket(day)) {
                keep.insert(i);
            }
        }
    }
    for (i, c) in backups.iter().enumerate() {
        if c.verified == VerifiedState::Unknown {
            keep.insert(i);
        }
    }
    let delete = all.iter().copied().filter(|i| !keep.contains(i)).collect();
    RetentionPlan {
        keep: keep.into_iter().collect(),
        delete,
    }
}

/// Applies [`plan`] to the backups of `terminal` in `dir` (others' backups are left alone) and
/// deletes what it says. Call it only after the newest backup was verified. Returns the files
/// deleted.
pub fn apply_retention(
    dir: &Path,
    terminal: &str,
    policy: &RetentionPolicy,
    tz: chrono_tz::Tz,
) -> Result<Vec<PathBuf>, BackupError> {
    let terminal = sanitize_terminal(terminal);
    let files: Vec<list::BackupFile> = list::list_backups(dir)?
        .into_iter()
        .filter(|b| b.terminal == terminal)
        .collect();
    let candidates: Vec<Candidate> = files
        .iter()
        .map(|b| Candidate {
            created_ms: b
                .stamp
                .and_local_timezone(tz)
                .earliest()
                .map_or(b.modified_ms, |t| t.timestamp_millis()),
            verified: b.verified,
        })
        .collect();
    let decision = plan(&candidates, policy, tz);
    let mut deleted = Vec::new();
    for i in decision.delete {
        if let Some(b) = files.get(i) {
            list::delete_backup(&b.path)?;
            deleted.push(b.path.clone());
        }
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use chrono::NaiveDate;

    use super::*;

    const TZ: chrono_tz::Tz = chrono_tz::Europe::Paris;

    fn at(y: i32, m: u32, d: u32, h: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
            .and_local_timezone(TZ)
            .earliest()
            .unwrap()
            .timestamp_millis()
    }

    fn ok(ms: i64) -> Candidate {
        Candidate {
            created_ms: ms,
            verified: VerifiedState::Verified,
        }
    }

    #[test]
    fn keeps_newest_per_day_week_month() {
        // Two backups a day for 60 days, from 2026-01-01, all verified.
        let mut c = Vec::new();
        for day in 0..60 {
            let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day);
            for h in [9, 18] {
                c.push(ok(at(date.year(), date.month(), date.day(), h)));
            }
        }
        let policy = RetentionPolicy {
            daily: 3,
            weekly: 2,
            monthly: 2,
        };
        let p = plan(&c, &policy, TZ);
        let kept: Vec<i64> = p.keep.iter().map(|&i| c[i].created_ms).collect();
        // Last day: 2026-03-01 (Sunday). Daily: 1 Mar, 28 Feb, 27 Feb at 18:00. Weekly: week of
        // 1 Mar (already) and the week before (newest: 22 Feb 18:00). Monthly: March (already)
        // and February (28 Feb, already).
        let mut want = vec![
            at(2026, 3, 1, 18),
            at(2026, 2, 28, 18),
            at(2026, 2, 27, 18),
            at(2026, 2, 22, 18),
        ];
        want.sort_unstable();
        let mut kept_sorted = kept.clone();
        kept_sorted.sort_unstable();
        assert_eq!(kept_sorted, want);
        assert_eq!(p.keep.len() + p.delete.len(), c.len());
    }

    #[test]
    fn nothing_deleted_unless_the_newest_is_verified() {
        let mut c: Vec<Candidate> = (1..=10).map(|d| ok(at(2026, 1, d, 9))).collect();
        c.push(Candidate {
            created_ms: at(2026, 1, 11, 9),
            verified: VerifiedState::Failed,
        });
        let p = plan(
            &c,
            &RetentionPolicy {
                daily: 1,
                weekly: 0,
                monthly: 0,
            },
            TZ,
        );
        assert!(p.delete.is_empty());
        assert_eq!(p.keep.len(), 11);
        // Same with a never-verified newest.
        c.last_mut().unwrap().verified = VerifiedState::Unknown;
        assert!(
            plan(
                &c,
                &RetentionPolicy {
                    daily: 1,
                    weekly: 0,
                    monthly: 0
                },
                TZ
            )
            .delete
            .is_empty()
        );
    }

    #[test]
    fn failed_are_deleted_unknown_kept_newest_always_kept() {
        let c = vec![
            Candidate {
                created_ms: at(2026, 1, 1, 9),
                verified: VerifiedState::Failed,
            },
            Candidate {
                created_ms: at(2026, 1, 2, 9),
                verified: VerifiedState::Unknown,
            },
            ok(at(2026, 1, 3, 9)),
            ok(at(2026, 1, 3, 10)),
        ];
        let p = plan(
            &c,
            &RetentionPolicy {
                daily: 0,
                weekly: 0,
                monthly: 0,
            },
            TZ,
        );
        assert_eq!(p.keep, vec![1, 3]);
        assert_eq!(p.delete, vec![0, 2]);
    }

    #[test]
    fn days_follow_the_shop_time_zone() {
        // 23:30 and 00:30 Paris time are two local days even though both are the same UTC day
        // in winter (22:30 and 23:30 UTC).
        let late = at(2026, 1, 5, 23) + 30 * 60_000;
        let early_next = at(2026, 1, 6, 0) + 30 * 60_000;
        let c = vec![ok(late), ok(early_next)];
        let p = plan(
            &c,
            &RetentionPolicy {
                daily: 2,
                weekly: 0,
                monthly: 0,
            },
            TZ,
        );
        assert_eq!(p.keep, vec![0, 1]);
        let utc = plan(
            &c,
            &RetentionPolicy {
                daily: 2,
                weekly: 0,
                monthly: 0,
            },
            chrono_tz::UTC,
        );
        assert_eq!(utc.keep, vec![1], "same UTC day: only the newest");
    }

    #[test]
    fn empty_input() {
        let p = plan(&[], &RetentionPolicy::default(), TZ);
        assert!(p.keep.is_empty() && p.delete.is_empty());
    }
}
