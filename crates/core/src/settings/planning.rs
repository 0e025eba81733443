//! How the shop plans its jobs ([`PlanningSettings`]): bays, the daily cap per technician, the
//! default job length.

use serde::{Deserialize, Serialize};

use super::{BAY_NAME_MAX, JOB_MINUTES_RANGE, JOBS_PER_DAY_RANGE, check_range};
use crate::validate::FieldErrors;

/// How the shop plans its jobs: bays, the per-technician daily cap, the default job length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanningSettings {
    /// The shop's bays (work stations), in display order; a job's bay is one of them.
    pub bays: Vec<String>,
    /// Most jobs one technician may hold on one day (shop time): 1–50, default 6.
    pub max_jobs_per_technician_per_day: u32,
    /// Length proposed for a new job, in minutes: 15–1440, default 240.
    pub default_job_minutes: u32,
}

impl Default for PlanningSettings {
    fn default() -> Self {
        Self {
            bays: vec![
                "Baie 1".to_owned(),
                "Baie 2".to_owned(),
                "Baie 3".to_owned(),
            ],
            max_jobs_per_technician_per_day: 6,
            default_job_minutes: 240,
        }
    }
}

impl PlanningSettings {
    /// Every problem with the values, by field (`bays`, `max_jobs_per_technician_per_day`,
    /// `default_job_minutes`).
    pub fn validate(&self) -> FieldErrors {
        let mut e = FieldErrors::new();
        let mut seen: Vec<String> = Vec::new();
        for bay in &self.bays {
            let name = bay.trim();
            if name.is_empty() {
                e.add("bays", "job-err-bay-name-empty");
                break;
            }
            if name.chars().count() > BAY_NAME_MAX {
                e.add_with(
                    "bays",
                    "job-err-too-long",
                    vec![("max", BAY_NAME_MAX.to_string())],
                );
                break;
            }
            let folded = name.to_lowercase();
            if seen.contains(&folded) {
                e.add_with(
                    "bays",
                    "job-err-bay-duplicate",
                    vec![("name", name.to_owned())],
                );
                break;
            }
            seen.push(folded);
        }
        check_range(
            &mut e,
            "max_jobs_per_technician_per_day",
            self.max_jobs_per_technician_per_day,
            JOBS_PER_DAY_RANGE,
        );
        check_range(
            &mut e,
            "default_job_minutes",
            self.default_job_minutes,
            JOB_MINUTES_RANGE,
        );
        e
    }

    /// Trimmed copy (bay names).
    pub(super) fn normalized(mut self) -> Self {
        self.bays = self.bays.iter().map(|b| b.trim().to_owned()).collect();
        self
    }
}
