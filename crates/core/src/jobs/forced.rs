//! The note a forced scheduling conflict leaves in a job's status history. It is stored in a
//! fixed, language-free form (`forced (N1, N2): reason`, `workload` for the day's cap) and read
//! back as a [`HistoryReason`] that the UI turns into a sentence in the user's language.

use super::query::HistoryEntry;
use super::{Conflict, ConflictKind, clean_reason};

/// Marker of the stored form.
const PREFIX: &str = "forced (";
/// Stands for the day's workload cap among the numbers.
const WORKLOAD: &str = "workload";

/// The stored note for `forced` conflicts (empty when nothing was forced). Each other job is
/// named once, even when it clashes on both the technician and the bay.
pub(super) fn note(forced: &[Conflict], reason: Option<&str>) -> String {
    if forced.is_empty() {
        return String::new();
    }
    let mut numbers: Vec<&str> = Vec::new();
    for c in forced {
        let n = if c.kind == ConflictKind::Workload {
            WORKLOAD
        } else {
            c.other_number.as_str()
        };
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    format!(
        "{PREFIX}{}): {}",
        numbers.join(", "),
        clean_reason(reason).unwrap_or_default()
    )
}

/// Why a status changed, as read back from the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryReason {
    /// No reason given.
    None,
    /// The reason typed by the user.
    Text(String),
    /// A scheduling conflict forced with a reason.
    Forced {
        /// The other jobs' numbers, each once.
        numbers: Vec<String>,
        /// The day's workload cap was passed too.
        workload: bool,
        /// The reason typed by the user.
        reason: String,
    },
}

/// Reads a stored history reason (older rows may name a job twice: read once).
pub fn parse(stored: &str) -> HistoryReason {
    let stored = stored.trim();
    if stored.is_empty() {
        return HistoryReason::None;
    }
    let Some((list, reason)) = stored
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.split_once("): "))
        .or_else(|| {
            stored
                .strip_prefix(PREFIX)
                .and_then(|rest| rest.strip_suffix("):"))
                .map(|l| (l, ""))
        })
    else {
        return HistoryReason::Text(stored.to_owned());
    };
    let mut numbers: Vec<String> = Vec::new();
    let mut workload = false;
    for n in list.split(", ").map(str::trim).filter(|n| !n.is_empty()) {
        if n == WORKLOAD {
            workload = true;
        } else if !numbers.iter().any(|x| x == n) {
            numbers.push(n.to_owned());
        }
    }
    HistoryReason::Forced {
        numbers,
        workload,
        reason: reason.trim().to_owned(),
    }
}

impl HistoryEntry {
    /// The reason of this change, read back.
    pub fn reason_read(&self) -> HistoryReason {
        parse(&self.reason)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn conflict(kind: ConflictKind, number: &str) -> Conflict {
        Conflict {
            kind,
            other_job_id: Some("j".into()),
            other_number: number.into(),
            other_start: 0,
            other_end: 0,
            name: String::new(),
            count: 0,
            cap: 0,
        }
    }

    #[test]
    fn a_job_clashing_on_technician_and_bay_is_named_once() {
        let forced = [
            conflict(ConflictKind::Technician, "20261127-K7M-002"),
            conflict(ConflictKind::Bay, "20261127-K7M-002"),
            conflict(ConflictKind::Workload, ""),
        ];
        let n = note(&forced, Some("  client pressé "));
        assert_eq!(n, "forced (20261127-K7M-002, workload): client pressé");
        assert_eq!(
            parse(&n),
            HistoryReason::Forced {
                numbers: vec!["20261127-K7M-002".into()],
                workload: true,
                reason: "client pressé".into(),
            }
        );
        assert_eq!(note(&[], Some("x")), "");
    }

    #[test]
    fn older_notes_with_a_number_twice_and_plain_reasons_read_back() {
        // Numbers from before terminal codes (`YYYYMMDD-NNN`) read back as they are.
        assert_eq!(
            parse("forced (20261127-002, 20261127-002): urgent"),
            HistoryReason::Forced {
                numbers: vec!["20261127-002".into()],
                workload: false,
                reason: "urgent".into(),
            }
        );
        assert_eq!(parse("  "), HistoryReason::None);
        assert_eq!(
            parse("Client absent"),
            HistoryReason::Text("Client absent".into())
        );
    }
}
