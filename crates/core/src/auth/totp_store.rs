//! TOTP secrets at rest: sealed with the shop's key ([`crate::keys::ShopKey::seal_totp`]) in
//! `users.totp_secret` and `users.totp_pending_secret`, opened only inside the core to check a
//! code. Secrets stored in clear by an older version are sealed when the database is opened
//! ([`seal_plain_secrets`]).

use rusqlite::{Connection, params};

use crate::auth::totp;
use crate::error::CoreResult;
use crate::keys::{SEALED_PREFIX, ShopKey};

/// Seals a base32 secret for `user_id`.
pub(crate) fn seal(key: &ShopKey, user_id: &str, base32: &str) -> CoreResult<String> {
    key.seal_totp(user_id, base32)
}

/// The secret bytes of a stored (sealed) secret; `None` when it does not open (another key, an
/// altered value, or clear text written behind the core's back).
pub(crate) fn open(key: &ShopKey, user_id: &str, stored: &str) -> Option<Vec<u8>> {
    let opened = key.open_totp(user_id, stored);
    if opened.is_none() {
        tracing::warn!(
            user = user_id,
            "a TOTP secret does not open with this database's key (was the key file replaced?)"
        );
    }
    totp::base32_decode(&opened?)
}

/// The secret bytes of a stored secret of this database's account `user_id`: opened with the
/// database's key, or at a head office with the key of the shop the account comes from
/// ([`crate::sync::head_office_keys`]). `None` when no key opens it.
pub(crate) fn open_in(store: &crate::Store, user_id: &str, stored: &str) -> Option<Vec<u8>> {
    if let Some(plain) = store.key().open_totp(user_id, stored) {
        return totp::base32_decode(&plain);
    }
    let shops = crate::sync::head_office_keys::received(store.conn(), store.key());
    match shops.iter().find_map(|k| k.open_totp(user_id, stored)) {
        Some(plain) => totp::base32_decode(&plain),
        None => open(store.key(), user_id, stored),
    }
}

/// Seals every secret still in clear (both columns). Returns how many were sealed.
pub(crate) fn seal_plain_secrets(conn: &Connection, key: &ShopKey) -> CoreResult<usize> {
    let pattern = format!("{SEALED_PREFIX}%");
    let mut st = conn.prepare(
        "SELECT id, totp_secret, totp_pending_secret FROM users
         WHERE (totp_secret IS NOT NULL AND totp_secret NOT LIKE ?1)
            OR (totp_pending_secret IS NOT NULL AND totp_pending_secret NOT LIKE ?1)",
    )?;
    let rows: Vec<(String, Option<String>, Option<String>)> = st
        .query_map([&pattern], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let sealed = |id: &str, v: Option<String>| -> CoreResult<Option<String>> {
        match v {
            Some(s) if !s.starts_with(SEALED_PREFIX) => Ok(Some(seal(key, id, &s)?)),
            other => Ok(other),
        }
    };
    let n = rows.len();
    for (id, secret, pending) in rows {
        conn.execute(
            "UPDATE users SET totp_secret = ?2, totp_pending_secret = ?3 WHERE id = ?1",
            params![id, sealed(&id, secret)?, sealed(&id, pending)?],
        )?;
    }
    if n > 0 {
        tracing::info!(accounts = n, "TOTP secrets sealed with the shop's key");
    }
    Ok(n)
}
