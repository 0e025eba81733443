//! Document numbers from named series: job numbers today, quotes, invoices, reports and
//! certificates later. A series is a name (`job:20260302`, `invoice:2026`); each terminal keeps
//! its own counter in it (table `number_series`), and the terminal's code is part of every
//! number, so numbers made on two terminals never collide.
//!
//! A number is allocated inside the caller's write transaction: if the use case fails, the
//! counter goes back with everything else, so a series has no gap (what French invoices need)
//! and no duplicate (the transaction is IMMEDIATE: two allocations on one database are
//! serialised).

use std::collections::BTreeMap;

use rusqlite::params;

use crate::error::{CoreError, CoreResult};
use crate::store::Tx;

/// Longest series name.
pub const SERIES_MAX: usize = 64;

/// True for a usable series name: 1 to [`SERIES_MAX`] ASCII letters, digits, `:`, `-` or `_`.
pub fn is_valid_series(series: &str) -> bool {
    !series.is_empty()
        && series.len() <= SERIES_MAX
        && series
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_'))
}

fn check_series(series: &str) -> CoreResult<()> {
    if is_valid_series(series) {
        Ok(())
    } else {
        Err(CoreError::Refused {
            key: "err-number-series",
        })
    }
}

/// Takes the next number of `series` for this terminal (1 for a new series), in the caller's
/// transaction.
pub fn next(tx: &Tx<'_>, series: &str) -> CoreResult<i64> {
    check_series(series)?;
    Ok(tx.conn().query_row(
        "INSERT INTO number_series (series, terminal_id, last, updated_at) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (series, terminal_id) DO UPDATE SET last = last + 1,
             updated_at = excluded.updated_at
         RETURNING last",
        params![series, tx.terminal().id, tx.now()],
        |r| r.get(0),
    )?)
}

/// The last number given in `series` by this terminal (0 when none).
pub fn last(conn: &rusqlite::Connection, terminal_id: &str, series: &str) -> CoreResult<i64> {
    use rusqlite::OptionalExtension as _;
    Ok(conn
        .query_row(
            "SELECT last FROM number_series WHERE series = ?1 AND terminal_id = ?2",
            params![series, terminal_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Moves this terminal's counter of `series` up to `last` (never down): for generators that
/// number rows themselves and for imports of existing numbers.
pub fn raise_to(tx: &Tx<'_>, series: &str, last: i64) -> CoreResult<()> {
    check_series(series)?;
    tx.conn().execute(
        "INSERT INTO number_series (series, terminal_id, last, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (series, terminal_id) DO UPDATE SET last = max(last, excluded.last),
             updated_at = excluded.updated_at
         WHERE excluded.last > last",
        params![series, tx.terminal().id, last.max(0), tx.now()],
    )?;
    Ok(())
}

/// The series of the jobs created on a shop-time day (`YYYYMMDD`).
pub fn job_series(day: &str) -> String {
    format!("job:{day}")
}

/// A job number: `YYYYMMDD-CODE-NNN` (the creation day in shop time, the terminal's code, the
/// day's counter on that terminal, at least three digits: `-1000` follows `-999`).
pub fn job_number(day: &str, terminal_code: &str, n: i64) -> String {
    format!("{day}-{terminal_code}-{n:03}")
}

/// The next job number of `day` (`YYYYMMDD`) on this terminal, in the caller's transaction.
pub fn next_job_number(tx: &Tx<'_>, day: &str) -> CoreResult<String> {
    let n = next(tx, &job_series(day))?;
    Ok(job_number(day, &tx.terminal().code, n))
}

/// Job numbers for a generator that writes many jobs in one transaction: numbers are counted in
/// memory, continuing each day's series, and the counters are saved once by [`Self::save`].
#[derive(Debug)]
pub struct JobNumbers {
    code: String,
    terminal_id: String,
    /// Per day: the last number given.
    days: BTreeMap<String, i64>,
}

impl JobNumbers {
    /// Numbers for this transaction's terminal.
    pub fn new(tx: &Tx<'_>) -> Self {
        Self {
            code: tx.terminal().code.clone(),
            terminal_id: tx.terminal().id.clone(),
            days: BTreeMap::new(),
        }
    }

    /// The next number of the day of `date`, continuing what the database already holds.
    pub fn next(&mut self, tx: &Tx<'_>, date: chrono::NaiveDate) -> CoreResult<String> {
        let day = date.format("%Y%m%d").to_string();
        let n = match self.days.get(&day) {
            Some(n) => n + 1,
            None => last(tx.conn(), &self.terminal_id, &job_series(&day))? + 1,
        };
        self.days.insert(day.clone(), n);
        Ok(job_number(&day, &self.code, n))
    }

    /// Saves the counters (call before the transaction commits).
    pub fn save(&self, tx: &Tx<'_>) -> CoreResult<()> {
        for (day, n) in &self.days {
            raise_to(tx, &job_series(day), *n)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::Store;

    #[test]
    fn a_series_counts_from_one_per_terminal_without_gaps() {
        let mut s = Store::open_in_memory().unwrap();
        let code = s.terminal().code.clone();
        let got: Vec<i64> = (0..3)
            .map(|_| s.write(None, |tx| next(tx, "quote:2026")).unwrap())
            .collect();
        assert_eq!(got, vec![1, 2, 3]);
        // Another series has its own counter.
        assert_eq!(s.write(None, |tx| next(tx, "invoice:2026")).unwrap(), 1);
        // A failed use case gives its number back: no gap.
        let failed: CoreResult<()> = s.write(None, |tx| {
            assert_eq!(next(tx, "quote:2026")?, 4);
            Err(CoreError::Refused { key: "err-test" })
        });
        assert!(failed.is_err());
        assert_eq!(s.write(None, |tx| next(tx, "quote:2026")).unwrap(), 4);
        assert_eq!(
            s.write(None, |tx| next_job_number(tx, "20260302")).unwrap(),
            format!("20260302-{code}-001")
        );
        let id = s.terminal().id.clone();
        assert_eq!(last(s.conn(), &id, "quote:2026").unwrap(), 4);
        assert_eq!(last(s.conn(), &id, "nothing").unwrap(), 0);
    }

    #[test]
    fn bad_series_names_are_refused_and_nothing_is_written() {
        let mut s = Store::open_in_memory().unwrap();
        for bad in ["", "a b", "facture/2026", &"x".repeat(SERIES_MAX + 1)] {
            let err = s.write(None, |tx| next(tx, bad)).unwrap_err();
            assert!(
                matches!(
                    err,
                    CoreError::Refused {
                        key: "err-number-series"
                    }
                ),
                "{bad}"
            );
            assert!(s.write(None, |tx| raise_to(tx, bad, 3)).is_err());
        }
        let n: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM number_series", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn two_terminals_never_give_the_same_number() {
        // Two data folders (terminals), the same day: same counters, different codes.
        let mut a = Store::open_in_memory().unwrap();
        let mut b = Store::open_in_memory().unwrap();
        b.set_terminal_code(if a.terminal().code == "BBB" {
            "CCC"
        } else {
            "BBB"
        })
        .unwrap();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..5 {
            for s in [&mut a, &mut b] {
                let n = s.write(None, |tx| next_job_number(tx, "20260302")).unwrap();
                assert!(seen.insert(n.clone()), "{n} given twice");
            }
        }
        assert_eq!(seen.len(), 10);
    }

    #[test]
    fn generator_numbers_continue_and_save_the_series() {
        let mut s = Store::open_in_memory().unwrap();
        let code = s.terminal().code.clone();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        s.write(None, |tx| next(tx, "job:20260302")).unwrap();
        let made = s
            .write(None, |tx| {
                let mut nums = JobNumbers::new(tx);
                let out = vec![nums.next(tx, day)?, nums.next(tx, day)?];
                nums.save(tx)?;
                Ok(out)
            })
            .unwrap();
        assert_eq!(
            made,
            vec![
                format!("20260302-{code}-002"),
                format!("20260302-{code}-003")
            ]
        );
        assert_eq!(
            s.write(None, |tx| next_job_number(tx, "20260302")).unwrap(),
            format!("20260302-{code}-004")
        );
        // raise_to never lowers a counter.
        s.write(None, |tx| raise_to(tx, "job:20260302", 1)).unwrap();
        let id = s.terminal().id.clone();
        assert_eq!(last(s.conn(), &id, "job:20260302").unwrap(), 4);
        assert_eq!(job_number("20260302", "AB", 1000), "20260302-AB-1000");
    }
}
