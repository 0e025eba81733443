//! Lengths of film are stored in whole millimetres (`INTEGER`). Technicians type centimetres
//! (`180`, `12,5`), and screens may show centimetres; the conversion is here, in one place.
//!
//! Rounding: to the nearest millimetre, halves away from zero, on the decimal value that was
//! typed (12.35 cm is 123.5 mm, so 124 mm, although the double closest to 12.35 is a hair
//! below it). Migration 0008 converted the old REAL centimetre columns with the same rule.

/// Millimetres from centimetres as typed; `None` for a value that is not finite or does not fit.
pub fn mm_from_cm(cm: f64) -> Option<i64> {
    if !cm.is_finite() {
        return None;
    }
    // Six decimals of millimetre undo the binary representation's error before rounding.
    let mm: f64 = format!("{:.6}", cm * 10.0).parse().ok()?;
    let rounded = mm.round();
    // Beyond ±2^53 the conversion to an integer is no longer exact.
    if rounded.abs() > 9_007_199_254_740_992.0 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Some(rounded as i64)
}

/// Centimetres from millimetres, for display and for screens that edit in centimetres.
#[allow(clippy::cast_precision_loss)]
pub fn cm_from_mm(mm: i64) -> f64 {
    mm as f64 / 10.0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn centimetres_become_millimetres_rounded_half_away_from_zero() {
        assert_eq!(mm_from_cm(180.0), Some(1800));
        assert_eq!(mm_from_cm(12.5), Some(125));
        assert_eq!(mm_from_cm(12.25), Some(123), "half a millimetre goes up");
        assert_eq!(mm_from_cm(12.35), Some(124), "as typed, not as the double");
        assert_eq!(mm_from_cm(12.34), Some(123));
        assert_eq!(
            mm_from_cm(-0.25),
            Some(-3),
            "halves away from zero below zero too"
        );
        assert_eq!(mm_from_cm(0.0), Some(0));
        assert_eq!(mm_from_cm(f64::NAN), None);
        assert_eq!(mm_from_cm(f64::INFINITY), None);
        assert_eq!(mm_from_cm(1e300), None);
        assert!((cm_from_mm(125) - 12.5).abs() < f64::EPSILON);
        for mm in [0, 1, 7, 125, 1800, 99_999] {
            assert_eq!(mm_from_cm(cm_from_mm(mm)), Some(mm), "{mm}");
        }
    }

    /// A level-5 database's centimetres become millimetres, NULLs stay NULL.
    #[test]
    fn migration_0008_converts_stored_lengths() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::migrations::migrate_to(&mut conn, 5).unwrap();
        // Rows without their parents: the conversion only looks at the lengths.
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO intervention_zones (intervention_id, zone_id, position, length_cm, waste_cm, updated_at)
                 VALUES ('i1', 'hood', 0, 180.0, 12.35, 0), ('i1', 'roof', 1, NULL, NULL, 0);
             INSERT INTO material_usage (id, intervention_id, job_id, length_cm, waste_cm, recorded_at)
                 VALUES ('m1', 'i1', 'j1', 12.25, 0.04, 0);",
        )
        .unwrap();
        crate::store::migrations::migrate(&mut conn).unwrap();
        let zones: Vec<(Option<i64>, Option<i64>)> = conn
            .prepare("SELECT length_mm, waste_mm FROM intervention_zones ORDER BY position")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(zones, vec![(Some(1800), Some(124)), (None, None)]);
        let usage: (i64, i64) = conn
            .query_row("SELECT length_mm, waste_mm FROM material_usage", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(usage, (123, 0));
        let old: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('intervention_zones') WHERE name = 'length_cm'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(old, 0, "the centimetre columns are gone");
    }

    #[test]
    fn the_migration_rounds_like_the_code() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for cm in [180.0, 12.5, 12.25, 12.35, 12.34, 0.05, 3.0e-7, 99_999.95] {
            let sql: i64 = conn
                .query_row(
                    "SELECT CAST(round(CAST(printf('%.6f', ?1 * 10) AS REAL)) AS INTEGER)",
                    [cm],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(Some(sql), mm_from_cm(cm), "{cm} cm");
        }
    }
}
