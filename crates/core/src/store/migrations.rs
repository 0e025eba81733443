//! Numbered SQL migrations, embedded in the binary and applied in order, one transaction each.
//! The schema level is SQLite's `PRAGMA user_version`.

use rusqlite::Connection;

use crate::error::{CoreError, CoreResult};

/// One migration: its level (1-based) and its SQL.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Schema level reached after this migration.
    pub level: i64,
    /// File name, for messages.
    pub name: &'static str,
    /// The SQL script.
    pub sql: &'static str,
}

/// Every migration, in order. Add new files at the end; never edit a released one.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        level: 1,
        name: "0001_init.sql",
        sql: include_str!("../../../../migrations/0001_init.sql"),
    },
    Migration {
        level: 2,
        name: "0002_audit_log.sql",
        sql: include_str!("../../../../migrations/0002_audit_log.sql"),
    },
    Migration {
        level: 3,
        name: "0003_accounts_security.sql",
        sql: include_str!("../../../../migrations/0003_accounts_security.sql"),
    },
    Migration {
        level: 4,
        name: "0004_clients_vehicles_jobs.sql",
        sql: include_str!("../../../../migrations/0004_clients_vehicles_jobs.sql"),
    },
    Migration {
        level: 5,
        name: "0005_interventions.sql",
        sql: include_str!("../../../../migrations/0005_interventions.sql"),
    },
    Migration {
        level: 6,
        name: "0006_photo_imports.sql",
        sql: include_str!("../../../../migrations/0006_photo_imports.sql"),
    },
    Migration {
        level: 7,
        name: "0007_surname_sort.sql",
        sql: include_str!("../../../../migrations/0007_surname_sort.sql"),
    },
    Migration {
        level: 8,
        name: "0008_sync_foundation.sql",
        sql: include_str!("../../../../migrations/0008_sync_foundation.sql"),
    },
    Migration {
        level: 9,
        name: "0009_terminal_settings.sql",
        sql: include_str!("../../../../migrations/0009_terminal_settings.sql"),
    },
    Migration {
        level: 10,
        name: "0010_sync_hub.sql",
        sql: include_str!("../../../../migrations/0010_sync_hub.sql"),
    },
    Migration {
        level: 11,
        name: "0011_client_keys.sql",
        sql: include_str!("../../../../migrations/0011_client_keys.sql"),
    },
    Migration {
        level: 12,
        name: "0012_sync_files_conflicts.sql",
        sql: include_str!("../../../../migrations/0012_sync_files_conflicts.sql"),
    },
    Migration {
        level: 13,
        name: "0013_one_delete_convention.sql",
        sql: include_str!("../../../../migrations/0013_one_delete_convention.sql"),
    },
    Migration {
        level: 14,
        name: "0014_head_office_search.sql",
        sql: include_str!("../../../../migrations/0014_head_office_search.sql"),
    },
    Migration {
        level: 15,
        name: "0015_builtin_templates.sql",
        sql: include_str!("../../../../migrations/0015_builtin_templates.sql"),
    },
    Migration {
        level: 16,
        name: "0016_head_office_shop.sql",
        sql: include_str!("../../../../migrations/0016_head_office_shop.sql"),
    },
];

/// The schema level this binary brings its database to.
pub const LATEST_LEVEL: i64 = MIGRATIONS.len() as i64;

/// Reads `PRAGMA user_version`.
pub fn schema_level(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a database written by a newer binary. Reads only.
pub fn ensure_not_newer(conn: &Connection) -> CoreResult<i64> {
    let found = schema_level(conn)?;
    if found > LATEST_LEVEL {
        return Err(CoreError::SchemaTooNew {
            found,
            known: LATEST_LEVEL,
        });
    }
    Ok(found)
}

/// Applies the pending migrations up to `target`, each in its own transaction (the level is
/// written inside the same transaction, so a failed migration leaves the previous level intact).
/// Returns the levels applied.
pub fn migrate_to(conn: &mut Connection, target: i64) -> CoreResult<Vec<i64>> {
    let current = ensure_not_newer(conn)?;
    let mut applied = Vec::new();
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.level > current && m.level <= target)
    {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(m.sql)?;
        tx.pragma_update(None, "user_version", m.level)?;
        tx.commit()?;
        tracing::info!(level = m.level, name = m.name, "migration applied");
        applied.push(m.level);
    }
    Ok(applied)
}

/// Applies every pending migration.
pub fn migrate(conn: &mut Connection) -> CoreResult<Vec<i64>> {
    migrate_to(conn, LATEST_LEVEL)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn schema_of(conn: &Connection) -> Vec<(String, String)> {
        let mut st = conn
            .prepare(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn levels_are_contiguous() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.level, i as i64 + 1, "{} has the wrong level", m.name);
            assert!(m.name.starts_with(&format!("{:04}_", m.level)));
        }
    }

    #[test]
    fn applies_on_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        let applied = migrate(&mut conn).unwrap();
        assert_eq!(applied.len() as i64, LATEST_LEVEL);
        assert_eq!(schema_level(&conn).unwrap(), LATEST_LEVEL);
        // idempotent
        assert!(migrate(&mut conn).unwrap().is_empty());
    }

    /// Level 13 gives pauses and events an id derived from their old natural key (the same on
    /// every terminal), keeps rows that shared a key, and rewrites the waiting changes to it.
    #[test]
    fn level_13_keys_pauses_and_events_and_rewrites_waiting_changes() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 12).unwrap();
        // Without foreign keys: no intervention rows needed.
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        conn.execute_batch(
            r#"INSERT INTO intervention_pauses (intervention_id, started_at, ended_at, reason)
                 VALUES ('iv', 100, 150, 'a'), ('iv', 100, 160, 'b'), ('iv', 200, NULL, '');
               INSERT INTO intervention_events (intervention_id, at, kind, step, reason)
                 VALUES ('iv', 100, 'pause', 3, ''), ('iv', 100, 'pause', 3, ''),
                        ('iv', 300, 'finish', NULL, '');
               INSERT INTO recovery_codes (id, user_id, code_hash, created_at, used_at)
                 VALUES ('rc', 'u', 'h', 10, 40);
               INSERT INTO change_log (table_name, row_key, op, data, terminal_id) VALUES
                 ('intervention_pauses', '["iv",200]', 'I',
                  '{"intervention_id":"iv","started_at":200,"ended_at":null,"reason":""}', 't'),
                 ('intervention_pauses', '["iv",200]', 'U', '{"ended_at":250}', 't'),
                 ('intervention_events', '["iv",300,"finish",null]', 'I',
                  '{"intervention_id":"iv","at":300,"kind":"finish","step":null}', 't');"#,
        )
        .unwrap();
        migrate_to(&mut conn, 13).unwrap();
        let ids = |sql: &str| -> Vec<String> {
            conn.prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(
            ids("SELECT id || ' ' || reason FROM intervention_pauses ORDER BY id"),
            ["iv/pause/100 a", "iv/pause/100/2 b", "iv/pause/200 "]
        );
        assert_eq!(
            ids("SELECT id FROM intervention_events ORDER BY id"),
            ["iv/finish/300/-", "iv/pause/100/3", "iv/pause/100/3/2"]
        );
        assert_eq!(
            ids(
                "SELECT row_key || ' ' || coalesce(json_extract(data, '$.id'), '') FROM change_log
                 ORDER BY seq"
            ),
            [
                r#"["iv/pause/200"] iv/pause/200"#,
                r#"["iv/pause/200"] "#,
                r#"["iv/finish/300/-"] iv/finish/300/-"#
            ]
        );
        // updated_at from the latest time the row records; deletes are soft from now on.
        assert_eq!(
            ids("SELECT updated_at || ' ' || coalesce(deleted_at, '-') FROM recovery_codes"),
            ["40 -"]
        );
        // The events stay append-only.
        assert!(
            conn.execute("UPDATE intervention_events SET reason = 'x'", [])
                .is_err()
        );
    }

    #[test]
    fn applies_from_every_earlier_level() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh).unwrap();
        let expected = schema_of(&fresh);
        for start in 0..=LATEST_LEVEL {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, start).unwrap();
            assert_eq!(schema_level(&conn).unwrap(), start);
            let applied = migrate(&mut conn).unwrap();
            assert_eq!(applied.len() as i64, LATEST_LEVEL - start);
            assert_eq!(
                schema_of(&conn),
                expected,
                "schema differs when starting at {start}"
            );
        }
    }

    #[test]
    fn built_in_shot_labels_left_as_seeded_are_reworded_and_edited_ones_kept() {
        use crate::workflow::{self, StepTemplate};
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 5).unwrap();
        // The built-ins as level 5 seeded them ("Avant 3/4"…); an admin renamed one shot of
        // Express.
        let as_seeded = |steps: &[StepTemplate]| {
            serde_json::to_string(steps)
                .unwrap()
                .replace("Vue 3/4 avant (livraison)", "Avant 3/4 (après)")
                .replace("Vue 3/4 arrière (livraison)", "Arrière 3/4 (après)")
                .replace("Front 3/4 view (handover)", "Front 3/4 (after)")
                .replace("Rear 3/4 view (handover)", "Rear 3/4 (after)")
                .replace("Vue 3/4 avant", "Avant 3/4")
                .replace("Vue 3/4 arrière", "Arrière 3/4")
                .replace("Front 3/4 view", "Front 3/4")
                .replace("Rear 3/4 view", "Rear 3/4")
        };
        let std_old = as_seeded(&workflow::standard().steps);
        assert!(std_old.contains(r#""fr":"Avant 3/4","en":"Front 3/4""#));
        let express_old = as_seeded(&workflow::express().steps).replacen(
            r#""fr":"Avant 3/4","en":"Front 3/4""#,
            r#""fr":"Trois-quarts avant","en":"Front 3/4""#,
            1,
        );
        for (id, steps) in [("tpl-standard", &std_old), ("tpl-express", &express_old)] {
            conn.execute(
                "INSERT INTO workflow_templates (id, code, name_fr, name_en, steps, created_at,
                    updated_at) VALUES (?1, ?1, ?1, ?1, ?2, 0, 0)",
                [id, steps.as_str()],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let steps = |id: &str| -> Vec<StepTemplate> {
            let json: String = conn
                .query_row(
                    "SELECT steps FROM workflow_templates WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            serde_json::from_str(&json).unwrap()
        };
        assert_eq!(steps("tpl-standard"), workflow::standard().steps);
        let express = steps("tpl-express");
        let labels: Vec<(&str, &str)> = express
            .iter()
            .flat_map(|s| &s.shots)
            .map(|s| (s.label.fr.as_str(), s.label.en.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("Trois-quarts avant", "Front 3/4"),
                ("Vue 3/4 arrière", "Rear 3/4 view"),
                ("Vue 3/4 avant (livraison)", "Front 3/4 view (handover)"),
            ]
        );
    }

    #[test]
    fn newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", LATEST_LEVEL + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, CoreError::SchemaTooNew { found, .. } if found == LATEST_LEVEL + 1));
    }

    #[test]
    fn failed_migration_keeps_previous_level() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        // Sabotage: a table the next migration wants to create already exists.
        conn.execute_batch("CREATE TABLE audit_log (x INTEGER)")
            .unwrap();
        assert!(migrate(&mut conn).is_err());
        assert_eq!(schema_level(&conn).unwrap(), 1);
    }
}
