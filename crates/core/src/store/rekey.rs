//! Changing what identifies a data folder: its shop key and its terminal identity.
//!
//! - [`Store::adopt_key`]: a terminal joining a shop takes the shop's key (it arrives from the
//!   sync hub sealed with the join secret), so that the shop's TOTP secrets, synced with the
//!   accounts, open on every terminal. Everything this folder sealed with its own key (TOTP
//!   secrets, the backup passphrase, the object-storage and sync credentials, the audit head) is
//!   sealed again with the new key in one transaction, which also records the key's fingerprint.
//!   The new key file is written first as `rpma.key.new`, then moved over `rpma.key` after the
//!   commit; a crash in between is settled at the next open ([`settle`]): the fingerprint recorded
//!   in the database says which of the two keys it is sealed with.
//! - [`Store::renew_terminal`]: a data folder restored from an older backup while it synced
//!   takes a new terminal identity (id and code), so that its next changes and numbers never
//!   reuse the positions and numbers its old identity already gave.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::Store;
use crate::audit::AuditEntry;
use crate::error::CoreResult;
use crate::keys::{SEALED_PREFIX, ShopKey, key_path};
use crate::terminal::Terminal;

/// The `terminal_settings` key holding the fingerprint of the key the database is sealed with.
pub const CHECK_KEY: &str = "key_check";

/// The purposes a credential sealed by [`ShopKey::seal_secret`] can have.
const PURPOSES: &[&str] = &[
    crate::safety::settings::PASSPHRASE_PURPOSE,
    crate::backup::remote_settings::SECRET_PURPOSE,
    crate::sync::local::PASSWORD_PURPOSE,
    crate::sync::local::CODE_PURPOSE,
    crate::sync::head_office_keys::IDENTITY_PURPOSE,
    crate::sync::head_office_keys::SHOP_KEY_PURPOSE,
];

/// The marker a restore leaves beside the database it put in place (`rpma.db.restored`).
pub fn restored_marker(db_path: &Path) -> PathBuf {
    db_path.with_extension("db.restored")
}

/// At open, after a restore: a folder that synced takes a new terminal identity before anything
/// is written ([`crate::sync::renew`]), then the marker goes.
pub(crate) fn after_restore(store: &mut Store, db_path: &Path) -> CoreResult<()> {
    let marker = restored_marker(db_path);
    if !marker.exists() {
        return Ok(());
    }
    crate::sync::renew::renew_local(store).map_err(|e| match e {
        crate::sync::SyncError::Core(c) => c,
        other => crate::CoreError::io(&marker, std::io::Error::other(other.to_string())),
    })?;
    std::fs::remove_file(&marker).map_err(|e| crate::CoreError::io(&marker, e))?;
    Ok(())
}

/// Where a new key waits while the database is sealed again.
pub fn pending_path(db_path: &Path) -> PathBuf {
    db_path.with_extension("key.new")
}

/// At open, before the key is loaded: a key change interrupted by a crash is finished (the
/// database was committed with the new key) or dropped (it was not).
pub(crate) fn settle(db_path: &Path, conn: &Connection) -> CoreResult<()> {
    let pending = pending_path(db_path);
    let Some(new) = ShopKey::load_file(&pending)? else {
        return Ok(());
    };
    let recorded = crate::terminal_settings::read(conn, CHECK_KEY)?;
    if recorded.as_deref() == Some(check_value(&new).as_str()) {
        std::fs::rename(&pending, key_path(db_path))
            .map_err(|e| crate::CoreError::io(&pending, e))?;
        if let Some(dir) = db_path.parent() {
            crate::fsutil::sync_dir(dir)?;
        }
        tracing::warn!("an interrupted change of the shop key was finished");
    } else {
        std::fs::remove_file(&pending).map_err(|e| crate::CoreError::io(&pending, e))?;
        tracing::warn!("an interrupted change of the shop key was dropped");
    }
    Ok(())
}

/// Records the key's fingerprint when the database has none yet (databases made before it).
pub(crate) fn record_check(conn: &Connection, key: &ShopKey, now: i64) -> CoreResult<()> {
    if crate::terminal_settings::read(conn, CHECK_KEY)?.is_none() {
        crate::terminal_settings::write(conn, CHECK_KEY, &check_value(key), now, None)?;
    }
    Ok(())
}

/// The fingerprint as the JSON value `terminal_settings` keeps.
fn check_value(key: &ShopKey) -> String {
    serde_json::Value::String(key.fingerprint()).to_string()
}

fn reseal_secret(old: &ShopKey, new: &ShopKey, stored: &str) -> CoreResult<Option<String>> {
    for purpose in PURPOSES {
        if let Some(plain) = old.open_secret(purpose, stored) {
            return Ok(Some(new.seal_secret(purpose, &plain)?));
        }
    }
    Ok(None)
}

fn reseal_json(old: &ShopKey, new: &ShopKey, v: &mut serde_json::Value) -> CoreResult<bool> {
    let mut changed = false;
    match v {
        serde_json::Value::String(s) if s.starts_with(SEALED_PREFIX) => {
            if let Some(r) = reseal_secret(old, new, s)? {
                *s = r;
                changed = true;
            }
        }
        serde_json::Value::Array(items) => {
            for i in items {
                changed |= reseal_json(old, new, i)?;
            }
        }
        serde_json::Value::Object(m) => {
            for (_, i) in m.iter_mut() {
                changed |= reseal_json(old, new, i)?;
            }
        }
        _ => {}
    }
    Ok(changed)
}

fn reseal_all(conn: &Connection, old: &ShopKey, new: &ShopKey) -> CoreResult<()> {
    let users: Vec<(String, Option<String>, Option<String>)> = conn
        .prepare(
            "SELECT id, totp_secret, totp_pending_secret FROM users
             WHERE totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, secret, pending) in users {
        let again = |s: &Option<String>| -> CoreResult<Option<String>> {
            match s.as_deref().and_then(|s| old.open_totp(&id, s)) {
                Some(plain) => Ok(Some(new.seal_totp(&id, &plain)?)),
                None => Ok(s.clone()),
            }
        };
        conn.execute(
            "UPDATE users SET totp_secret = ?2, totp_pending_secret = ?3 WHERE id = ?1",
            params![id, again(&secret)?, again(&pending)?],
        )?;
    }
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT key, value FROM terminal_settings")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (key, value) in rows {
        let Ok(mut json) = serde_json::from_str::<serde_json::Value>(&value) else {
            continue;
        };
        if reseal_json(old, new, &mut json)? {
            conn.execute(
                "UPDATE terminal_settings SET value = ?2 WHERE key = ?1",
                params![key, json.to_string()],
            )?;
        }
    }
    let sync: Option<(String, Option<String>)> = rusqlite::OptionalExtension::optional(
        conn.query_row("SELECT secret, join_code FROM sync_config", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        }),
    )?;
    if let Some((secret, code)) = sync {
        let secret = reseal_secret(old, new, &secret)?.unwrap_or(secret);
        let code = match code {
            Some(c) => Some(reseal_secret(old, new, &c)?.unwrap_or(c)),
            None => None,
        };
        conn.execute(
            "UPDATE sync_config SET secret = ?1, join_code = ?2",
            params![secret, code],
        )?;
    }
    Ok(())
}

impl Store {
    /// Takes `new` as this data folder's key: everything sealed with the current key is sealed
    /// again with it, in one transaction (audited, without any secret), and the key file is
    /// replaced once that is committed. Nothing changes when `new` is the current key.
    pub(crate) fn adopt_key(&mut self, new: ShopKey) -> CoreResult<()> {
        if new == self.key {
            return Ok(());
        }
        let pending = self.path.as_deref().map(pending_path);
        if let Some(p) = &pending {
            new.write_file(p)?;
        }
        let old = self.key.clone();
        let result = self.write(None, |tx| {
            tx.audit(AuditEntry {
                action: "keys.adopt",
                entity: "terminal",
                entity_id: Some(&tx.terminal().id),
                before: None,
                after: None,
            })?;
            reseal_all(tx.conn(), &old, &new)?;
            crate::audit_head::reseal(tx.conn(), &old, &new, tx.now())?;
            crate::terminal_settings::write(
                tx.conn(),
                CHECK_KEY,
                &check_value(&new),
                tx.now(),
                None,
            )
        });
        if let Err(e) = result {
            if let Some(p) = &pending {
                std::fs::remove_file(p).ok();
            }
            return Err(e);
        }
        if let (Some(p), Some(db)) = (&pending, self.path.clone()) {
            std::fs::rename(p, key_path(&db)).map_err(|e| crate::CoreError::io(p, e))?;
            if let Some(dir) = db.parent() {
                crate::fsutil::sync_dir(dir)?;
            }
        }
        self.key = new;
        tracing::info!("this data folder now uses the shop's key");
        Ok(())
    }

    /// Gives this data folder the terminal identity `new` (id and code) and runs `then`, in one
    /// transaction audited in the new identity's chain (whose keyed head starts with it).
    /// Returns the old identity.
    pub(crate) fn renew_terminal(
        &mut self,
        new: Terminal,
        then: impl FnOnce(&super::Tx<'_>, &Terminal) -> CoreResult<()>,
    ) -> CoreResult<Terminal> {
        let old = std::mem::replace(&mut self.terminal, new);
        let new = self.terminal.clone();
        let result = self.write(None, |tx| {
            let conn = tx.conn();
            conn.execute(
                "UPDATE terminal SET id = ?1, code = ?2, created_at = ?3",
                params![new.id, new.code, new.created_at],
            )?;
            conn.execute("UPDATE temp.sync_ctx SET terminal_id = ?1", [&new.id])?;
            conn.execute("DELETE FROM audit_head", [])?;
            tx.audit(AuditEntry {
                action: "terminal.renew",
                entity: "terminal",
                entity_id: Some(&new.id),
                before: Some(serde_json::json!({ "id": old.id, "code": old.code })),
                after: Some(serde_json::json!({ "id": new.id, "code": new.code })),
            })?;
            then(tx, &old)
        });
        if let Err(e) = result {
            self.terminal = old;
            return Err(e);
        }
        tracing::warn!(old = %old.id, new = %self.terminal.id, "this data folder has a new terminal identity");
        Ok(old)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key_check(store: &Store) -> Option<String> {
        crate::terminal_settings::read(store.conn(), CHECK_KEY).unwrap()
    }

    #[test]
    fn a_key_change_cut_short_is_finished_or_dropped_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rpma.db");
        let (s, _) = Store::open(&db).unwrap();
        let first = s.key().clone();
        assert_eq!(key_check(&s), Some(check_value(&first)));
        // Killed before the commit: the new key file waits, the database still has the old key.
        let second = ShopKey::generate().unwrap();
        second.write_file(&pending_path(&db)).unwrap();
        drop(s);
        let (s, _) = Store::open(&db).unwrap();
        assert_eq!(s.key(), &first, "dropped");
        assert!(!pending_path(&db).exists());
        // Killed after the commit, before the rename: finished.
        second.write_file(&pending_path(&db)).unwrap();
        let mut s = s;
        s.write(None, |tx| {
            crate::terminal_settings::write(
                tx.conn(),
                CHECK_KEY,
                &check_value(&second),
                tx.now(),
                None,
            )
        })
        .unwrap();
        drop(s);
        let (s, _) = Store::open(&db).unwrap();
        assert_eq!(s.key(), &second, "finished");
        assert!(!pending_path(&db).exists());
        // A whole change: the TOTP secrets and the audit head follow the key.
        let mut s = s;
        let user = crate::testutil::new_user(
            "keyholder",
            crate::auth::permissions::Role::Admin,
            "Motdepasse-123!x",
        );
        let user = s
            .write(None, |tx| {
                crate::users::insert(tx, &user, &crate::auth::password::PasswordPolicy::default())
            })
            .unwrap();
        let enrol =
            crate::auth::two_factor::begin_totp(&mut s, &crate::Session::for_tests(user.clone()))
                .unwrap();
        let third = ShopKey::generate().unwrap();
        s.adopt_key(third.clone()).unwrap();
        assert_eq!(s.key(), &third);
        let sealed: String = s
            .conn()
            .query_row(
                "SELECT totp_pending_secret FROM users WHERE id = ?1",
                [&user.id],
                |r| r.get(0),
            )
            .unwrap();
        let plain = crate::auth::totp_store::open(&third, &user.id, &sealed).unwrap();
        assert_eq!(crate::auth::totp::base32_encode(&plain), enrol.secret);
        assert!(crate::store::check::check_store(&s).is_ok());
        drop(s);
        assert_eq!(ShopKey::load(&db).unwrap(), Some(third));
    }
}
