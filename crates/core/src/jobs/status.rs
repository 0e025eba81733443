//! The job status machine and priorities.
//!
//! Transition table (anything else is refused by [`can_transition`], and a same-status change is
//! refused too):
//!
//! | From          | Allowed to                                              |
//! |---------------|---------------------------------------------------------|
//! | `draft`       | `scheduled`, `cancelled`                                |
//! | `scheduled`   | `in_progress`, `on_hold`, `cancelled`, `draft` (unplan) |
//! | `in_progress` | `paused`, `on_hold`, `completed`, `cancelled`           |
//! | `paused`      | `in_progress`, `on_hold`, `cancelled`                   |
//! | `on_hold`     | `scheduled`, `in_progress`, `cancelled`                 |
//! | `completed`   | `archived`, `on_hold` (reopen, with a reason)           |
//! | `cancelled`   | `archived`                                              |
//! | `archived`    | — (terminal)                                            |
//!
//! A reason is required to enter `cancelled` or `on_hold` (so to reopen a completed job: it
//! waits on hold for the guided intervention that redoes the work).
//! `overdue` is not a status: it is computed ([`is_overdue`]) — scheduled, start in the past,
//! never started.

use serde::{Deserialize, Serialize};

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Being prepared; holds no slot in the calendar.
    Draft,
    /// Planned at a date, time, technician and bay.
    Scheduled,
    /// Work has started.
    InProgress,
    /// Work stopped for a short while (break, drying time).
    Paused,
    /// Blocked (missing part, customer decision); needs a reason.
    OnHold,
    /// Work finished.
    Completed,
    /// Will not be done; needs a reason.
    Cancelled,
    /// Closed and filed away; terminal.
    Archived,
}

impl JobStatus {
    /// Every status, in life order.
    pub const ALL: [Self; 8] = [
        Self::Draft,
        Self::Scheduled,
        Self::InProgress,
        Self::Paused,
        Self::OnHold,
        Self::Completed,
        Self::Cancelled,
        Self::Archived,
    ];

    /// Statuses that hold a calendar slot and count towards conflicts and the daily workload.
    pub const ACTIVE: [Self; 4] = [
        Self::Scheduled,
        Self::InProgress,
        Self::Paused,
        Self::OnHold,
    ];

    /// The stored text, e.g. `in_progress`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::InProgress => "in_progress",
            Self::Paused => "paused",
            Self::OnHold => "on_hold",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::Archived => "archived",
        }
    }

    /// Parses the stored text; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The i18n key of the status's name, e.g. `job-status-in-progress`.
    pub const fn i18n_key(self) -> &'static str {
        match self {
            Self::Draft => "job-status-draft",
            Self::Scheduled => "job-status-scheduled",
            Self::InProgress => "job-status-in-progress",
            Self::Paused => "job-status-paused",
            Self::OnHold => "job-status-on-hold",
            Self::Completed => "job-status-completed",
            Self::Cancelled => "job-status-cancelled",
            Self::Archived => "job-status-archived",
        }
    }

    /// The statuses reachable from this one (see the table in the module documentation).
    pub const fn next(self) -> &'static [Self] {
        match self {
            Self::Draft => &[Self::Scheduled, Self::Cancelled],
            Self::Scheduled => &[Self::InProgress, Self::OnHold, Self::Cancelled, Self::Draft],
            Self::InProgress => &[Self::Paused, Self::OnHold, Self::Completed, Self::Cancelled],
            Self::Paused => &[Self::InProgress, Self::OnHold, Self::Cancelled],
            Self::OnHold => &[Self::Scheduled, Self::InProgress, Self::Cancelled],
            Self::Completed => &[Self::Archived, Self::OnHold],
            Self::Cancelled => &[Self::Archived],
            Self::Archived => &[],
        }
    }

    /// True for `completed`, `cancelled` and `archived`: the job no longer holds a slot and
    /// cannot be rescheduled.
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled | Self::Archived)
    }

    /// True when the status holds a slot in the calendar (see [`JobStatus::ACTIVE`]).
    pub const fn is_active(self) -> bool {
        matches!(
            self,
            Self::Scheduled | Self::InProgress | Self::Paused | Self::OnHold
        )
    }
}

/// Whether the table allows `from → to` (a same-status change is never allowed).
pub fn can_transition(from: JobStatus, to: JobStatus) -> bool {
    from != to && from.next().contains(&to)
}

/// Whether moving `from → to` needs a written reason: entering `cancelled` or `on_hold`, or
/// reopening a completed job.
pub fn reason_required(from: JobStatus, to: JobStatus) -> bool {
    let _ = from;
    matches!(to, JobStatus::Cancelled | JobStatus::OnHold)
}

/// Overdue is computed, never stored: the job is scheduled, its start is before `now` and it was
/// never started. The same rule in SQL is [`overdue_sql`].
pub fn is_overdue(
    status: JobStatus,
    scheduled_start: Option<i64>,
    started_at: Option<i64>,
    now: i64,
) -> bool {
    status == JobStatus::Scheduled
        && started_at.is_none()
        && scheduled_start.is_some_and(|s| s < now)
}

/// [`is_overdue`] as an SQL condition over the `jobs` table aliased `alias`, with `now_param` the
/// placeholder of the current time (e.g. `overdue_sql("j", "?3")`).
pub fn overdue_sql(alias: &str, now_param: &str) -> String {
    format!(
        "({alias}.status = 'scheduled' AND {alias}.started_at IS NULL AND {alias}.scheduled_start < {now_param})"
    )
}

/// How urgent a job is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Low.
    Low,
    /// Normal (default).
    #[default]
    Normal,
    /// High.
    High,
    /// Urgent.
    Urgent,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Self; 4] = [Self::Low, Self::Normal, Self::High, Self::Urgent];

    /// The stored text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    /// Parses the stored text; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The i18n key of the priority's name, e.g. `job-priority-high`.
    pub const fn i18n_key(self) -> &'static str {
        match self {
            Self::Low => "job-priority-low",
            Self::Normal => "job-priority-normal",
            Self::High => "job-priority-high",
            Self::Urgent => "job-priority-urgent",
        }
    }
}
