//! Settings of this terminal (this data folder) rather than of the shop: kiosk mode
//! ([`crate::settings::KEY_TERMINAL`]), this machine's backup schedule and destination
//! ([`crate::safety::settings`]) and its copy to object storage
//! ([`crate::backup::remote_settings`], credential sealed with this folder's key). They are kept
//! in the local-only table `terminal_settings`, never synced; everything else in `settings`
//! belongs to the shop and syncs. The services read and write through [`read`] and [`write`],
//! which pick the table by key.

use rusqlite::{Connection, OptionalExtension as _, params};

use crate::error::CoreResult;

/// The keys that belong to the terminal.
pub const KEYS: &[&str] = &[
    "terminal",
    "backups",
    "backup_remote",
    "key_check",
    "sync_renewal",
    crate::sync::head_office_keys::IDENTITY_KEY,
    crate::sync::head_office_keys::SHOP_KEYS_KEY,
];

/// The table holding `key`: `terminal_settings` for [`KEYS`], else `settings`.
pub fn table_of(key: &str) -> &'static str {
    if KEYS.contains(&key) {
        "terminal_settings"
    } else {
        "settings"
    }
}

/// The raw JSON value saved under `key`, if any.
pub fn read(conn: &Connection, key: &str) -> CoreResult<Option<String>> {
    let sql = format!("SELECT value FROM {} WHERE key = ?1", table_of(key));
    Ok(conn.query_row(&sql, [key], |r| r.get(0)).optional()?)
}

/// Saves `value` (JSON) under `key`, stamped with `now` and `actor`.
pub fn write(
    conn: &Connection,
    key: &str,
    value: &str,
    now: i64,
    actor: Option<&str>,
) -> CoreResult<()> {
    let sql = format!(
        "INSERT INTO {} (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(key) DO UPDATE SET value = ?2, updated_at = ?3, updated_by = ?4",
        table_of(key)
    );
    conn.execute(&sql, params![key, value, now, actor])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::Store;
    use crate::store::migrations;

    #[test]
    fn kiosk_backup_and_remote_settings_stay_on_this_terminal() {
        let mut s = Store::open_in_memory().unwrap();
        s.write(None, |tx| {
            write(tx.conn(), "terminal", r#"{"kiosk":true}"#, tx.now(), None)?;
            write(tx.conn(), "backups", r#"{"schedule":null}"#, tx.now(), None)?;
            write(
                tx.conn(),
                "shop",
                r#"{"tz":"Europe/Paris"}"#,
                tx.now(),
                None,
            )
        })
        .unwrap();
        let logged = |key: &str| -> i64 {
            s.conn()
                .query_row(
                    "SELECT count(*) FROM change_log WHERE table_name = 'settings' AND row_key LIKE ?1",
                    [format!("%\"{key}\"%")],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(
            logged("terminal"),
            0,
            "kiosk mode is not sent to other terminals"
        );
        assert_eq!(logged("backups"), 0);
        assert_eq!(logged("shop"), 1, "the shop's settings are");
        assert_eq!(
            read(s.conn(), "terminal").unwrap().as_deref(),
            Some(r#"{"kiosk":true}"#)
        );
        let in_settings: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM settings WHERE key IN ('terminal', 'backups')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(in_settings, 0);
    }

    #[test]
    fn the_migration_moves_existing_terminal_rows_out_of_the_synced_table() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::migrate_to(&mut conn, 8).unwrap();
        conn.execute_batch(
            r#"INSERT INTO settings (key, value, updated_at) VALUES
                 ('terminal', '{"kiosk":true}', 5),
                 ('backup_remote', '{"enabled":false}', 6),
                 ('shop', '{}', 7);"#,
        )
        .unwrap();
        migrations::migrate(&mut conn).unwrap();
        assert_eq!(
            read(&conn, "terminal").unwrap().as_deref(),
            Some(r#"{"kiosk":true}"#)
        );
        assert_eq!(
            read(&conn, "backup_remote").unwrap().as_deref(),
            Some(r#"{"enabled":false}"#)
        );
        let keys: Vec<String> = conn
            .prepare("SELECT key FROM settings ORDER BY key")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(keys, vec!["shop".to_owned()]);
    }
}
