//! The hybrid logical clock that orders changes across terminals. A value is one `i64`:
//! the physical time in milliseconds shifted left by [`LOGICAL_BITS`], plus a logical counter.
//! Each write transaction takes a value greater than every value this terminal has used or seen,
//! and at least the store clock's time: it follows the clock, and stays monotonic when the clock
//! goes back (the counter grows instead). Comparing two values compares their times first.

use rusqlite::Connection;

use crate::error::CoreResult;

/// Bits of the logical counter.
pub const LOGICAL_BITS: u32 = 16;

/// The HLC value of a physical time with a zero counter.
pub fn from_ms(ms: i64) -> i64 {
    ms.max(0) << LOGICAL_BITS
}

/// The physical part of a value, in milliseconds.
pub fn physical_ms(hlc: i64) -> i64 {
    hlc >> LOGICAL_BITS
}

/// The logical counter of a value.
pub fn logical(hlc: i64) -> i64 {
    hlc & ((1 << LOGICAL_BITS) - 1)
}

/// The next value after `last`, for a transaction at `now_ms` by the store clock.
pub fn tick(last: i64, now_ms: i64) -> i64 {
    from_ms(now_ms).max(last.saturating_add(1))
}

/// The highest value this database has used or seen: its last captured change and the highest
/// value received from other terminals (`sync_state`).
pub fn load(conn: &Connection) -> CoreResult<i64> {
    let own: Option<i64> = conn.query_row(
        "SELECT (SELECT hlc FROM change_log WHERE hlc IS NOT NULL ORDER BY seq DESC LIMIT 1)",
        [],
        |r| r.get(0),
    )?;
    let seen: Option<i64> = conn.query_row("SELECT max(hlc) FROM sync_state", [], |r| r.get(0))?;
    Ok(own.unwrap_or(0).max(seen.unwrap_or(0)))
}

/// Records a value received from another terminal: later local values will be greater.
pub fn observe(conn: &Connection, remote: i64) -> CoreResult<()> {
    conn.prepare_cached("UPDATE sync_state SET hlc = max(hlc, ?1)")?
        .execute([remote])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn follows_the_clock_and_never_goes_back() {
        let t0 = 1_772_442_000_000;
        let a = tick(0, t0);
        assert_eq!((physical_ms(a), logical(a)), (t0, 0));
        // Same millisecond: the counter grows.
        let b = tick(a, t0);
        assert_eq!((physical_ms(b), logical(b)), (t0, 1));
        // The clock goes back an hour: still after b.
        let c = tick(b, t0 - 3_600_000);
        assert!(c > b);
        assert_eq!((physical_ms(c), logical(c)), (t0, 2));
        // The clock moves on: the counter starts again.
        let d = tick(c, t0 + 5);
        assert_eq!((physical_ms(d), logical(d)), (t0 + 5, 0));
        // A full counter spills into the next millisecond, still in order.
        let full = from_ms(t0) + (1 << LOGICAL_BITS) - 1;
        let e = tick(full, t0);
        assert!(e > full);
        assert_eq!(physical_ms(e), t0 + 1);
        assert_eq!(tick(0, -5), 1, "a clock before 1970 counts from zero");
    }
}
