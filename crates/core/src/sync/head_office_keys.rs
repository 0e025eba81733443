//! The shops' keys for a head office, so that the shops' two-factor secrets (sealed with each
//! shop's key, [`crate::keys`]) open there and the shops' accounts sign in with their code.
//!
//! A key exchange through the hub, where no key is ever in clear:
//! 1. A head office keeps an age X25519 identity in its data folder (sealed with its own key, in
//!    `terminal_settings`) and publishes the public half on the hub at each round
//!    (`rpma_hub.publish_head_office_key`, its one write: its own row of `head_offices`).
//! 2. At each round, a shop's terminal seals its shop's key to every enabled head office's public
//!    key that has none from this key yet (age, the format the `age` tool reads) and adds it to
//!    `rpma_hub.head_office_keys`. Row-level security: a terminal adds and sees its shop's rows
//!    only; a head office reads the rows sealed for it only; nobody else reads any.
//! 3. The head office opens them with its identity, checks each key's fingerprint, and keeps
//!    them sealed with its own key ([`received`]); a TOTP secret that its own key does not open
//!    is tried with them ([`crate::auth::totp_store::open_in`]).
//!
//! A head office the hub's owner revokes loses its rows and is sealed nothing more; a shop whose
//! key changes seals the new one at its next round (a row per key fingerprint). A hub made
//! before this exchange simply has no such table: both sides skip the step.

use postgres::Client;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::SyncResult;
use crate::Store;
use crate::keys::ShopKey;
use crate::terminal_settings;

/// `terminal_settings` key of a head office's identity (sealed).
pub const IDENTITY_KEY: &str = "head_office_identity";
/// `terminal_settings` key of the shops' keys a head office received (each sealed).
pub const SHOP_KEYS_KEY: &str = "head_office_shop_keys";
/// Purpose of the sealed identity ([`ShopKey::seal_secret`]).
pub(crate) const IDENTITY_PURPOSE: &str = "sync/head-office-identity";
/// Purpose of a received shop key, sealed again with the head office's own key.
pub(crate) const SHOP_KEY_PURPOSE: &str = "sync/head-office-shop-key";

/// The hub's part (run by [`super::hub::migrate`] after [`super::head_office::SCHEMA`]).
pub(super) const SCHEMA: &str = r#"
ALTER TABLE rpma_hub.head_offices ADD COLUMN IF NOT EXISTS public_key text;
CREATE TABLE IF NOT EXISTS rpma_hub.head_office_keys (
    role        text NOT NULL REFERENCES rpma_hub.head_offices (role) ON DELETE CASCADE,
    shop_id     text NOT NULL REFERENCES rpma_hub.shops (id),
    fingerprint text NOT NULL,
    sealed_key  text NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (role, shop_id, fingerprint)
);
ALTER TABLE rpma_hub.head_office_keys ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON rpma_hub.head_office_keys FROM PUBLIC;
-- Terminals: the enabled head offices' public keys, and their own shop's sealed rows.
GRANT SELECT (role, public_key, revoked_at) ON rpma_hub.head_offices TO rpma_terminal;
DROP POLICY IF EXISTS terminal_read_key ON rpma_hub.head_offices;
CREATE POLICY terminal_read_key ON rpma_hub.head_offices FOR SELECT TO rpma_terminal
    USING (revoked_at IS NULL AND public_key IS NOT NULL AND rpma_hub.my_shop() IS NOT NULL);
GRANT SELECT (role, shop_id, fingerprint), INSERT ON rpma_hub.head_office_keys TO rpma_terminal;
DROP POLICY IF EXISTS shop_read ON rpma_hub.head_office_keys;
CREATE POLICY shop_read ON rpma_hub.head_office_keys FOR SELECT TO rpma_terminal
    USING (shop_id = rpma_hub.my_shop());
DROP POLICY IF EXISTS shop_write ON rpma_hub.head_office_keys;
CREATE POLICY shop_write ON rpma_hub.head_office_keys FOR INSERT TO rpma_terminal
    WITH CHECK (shop_id = rpma_hub.my_shop());
-- Head offices: their own row and the keys sealed for them.
GRANT SELECT (role, public_key) ON rpma_hub.head_offices TO rpma_head_office;
DROP POLICY IF EXISTS head_office_own ON rpma_hub.head_offices;
CREATE POLICY head_office_own ON rpma_hub.head_offices FOR SELECT TO rpma_head_office
    USING (role = session_user);
GRANT SELECT ON rpma_hub.head_office_keys TO rpma_head_office;
DROP POLICY IF EXISTS head_office_read ON rpma_hub.head_office_keys;
CREATE POLICY head_office_read ON rpma_hub.head_office_keys FOR SELECT TO rpma_head_office
    USING (role = session_user);
CREATE OR REPLACE FUNCTION rpma_hub.publish_head_office_key(p_key text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, rpma_hub AS $f$
BEGIN
    IF NOT pg_has_role(session_user, 'rpma_head_office', 'MEMBER') THEN
        RAISE EXCEPTION 'rpma: not a head office';
    END IF;
    UPDATE rpma_hub.head_offices SET public_key = p_key
        WHERE role = session_user AND revoked_at IS NULL AND public_key IS DISTINCT FROM p_key;
    -- A new public key: what was sealed to the old one is of no use any more.
    IF FOUND THEN
        DELETE FROM rpma_hub.head_office_keys WHERE role = session_user;
    END IF;
END
$f$;
REVOKE ALL ON FUNCTION rpma_hub.publish_head_office_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rpma_hub.publish_head_office_key(text) TO rpma_head_office;
"#;

/// Whether the hub has the exchange (a hub made before it has not, until its owner runs
/// `init-server` or `head-office` again).
fn hub_has_exchange(client: &mut Client) -> SyncResult<bool> {
    Ok(client
        .query_one(
            "SELECT to_regclass('rpma_hub.head_office_keys') IS NOT NULL",
            &[],
        )?
        .get(0))
}

/// A shop terminal's step: seals the shop's key to every enabled head office that has none from
/// this key yet. Returns how many were added.
pub(super) fn share(store: &Store, client: &mut Client, shop_id: &str) -> SyncResult<usize> {
    if !hub_has_exchange(client)? {
        return Ok(0);
    }
    let fingerprint = store.key().fingerprint();
    let wanting: Vec<(String, String)> = client
        .query(
            "SELECT h.role, h.public_key FROM rpma_hub.head_offices h
             WHERE NOT EXISTS (SELECT 1 FROM rpma_hub.head_office_keys k
                               WHERE k.role = h.role AND k.fingerprint = $1)",
            &[&fingerprint],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut added = 0;
    for (role, public_key) in wanting {
        let Some(sealed) = store.key().seal_to_recipient(&public_key) else {
            tracing::warn!(head_office = %role, "a head office's public key is not an age key");
            continue;
        };
        added += client.execute(
            "INSERT INTO rpma_hub.head_office_keys
                 (role, shop_id, fingerprint, sealed_key, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            &[&role, &shop_id, &fingerprint, &sealed, &store.now_ms()],
        )?;
    }
    if added > 0 {
        tracing::info!(
            head_offices = added,
            "the shop's key was sealed for head offices"
        );
    }
    Ok(usize::try_from(added).unwrap_or(usize::MAX))
}

/// A received shop key, as the head office keeps it (the key sealed with its own).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kept {
    shop: String,
    key: String,
}

fn kept(conn: &Connection) -> SyncResult<BTreeMap<String, Kept>> {
    Ok(terminal_settings::read(conn, SHOP_KEYS_KEY)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// This head office's identity, made and kept (sealed) on first use.
fn identity(store: &mut Store) -> SyncResult<age::x25519::Identity> {
    let stored: Option<String> = terminal_settings::read(store.conn(), IDENTITY_KEY)?
        .and_then(|v| serde_json::from_str(&v).ok());
    if let Some(id) = stored
        .and_then(|s| store.key().open_secret(IDENTITY_PURPOSE, &s))
        .and_then(|s| s.parse::<age::x25519::Identity>().ok())
    {
        return Ok(id);
    }
    let id = age::x25519::Identity::generate();
    let text = age::secrecy::ExposeSecret::expose_secret(&id.to_string()).to_owned();
    store.write(None, |tx| {
        let sealed = tx.key().seal_secret(IDENTITY_PURPOSE, &text)?;
        let value = serde_json::Value::String(sealed).to_string();
        terminal_settings::write(tx.conn(), IDENTITY_KEY, &value, tx.now(), None)
    })?;
    Ok(id)
}

/// A head office's step: publishes its public key (a new one drops what was sealed to the old),
/// then opens and keeps the shop keys sealed for it that it does not hold yet. Returns how many
/// it took.
pub(super) fn receive(store: &mut Store, client: &mut Client) -> SyncResult<usize> {
    if !hub_has_exchange(client)? {
        return Ok(0);
    }
    let id = identity(store)?;
    let public = id.to_public().to_string();
    client.execute("SELECT rpma_hub.publish_head_office_key($1)", &[&public])?;
    let mut held = kept(store.conn())?;
    let rows: Vec<(String, String, String)> = client
        .query(
            "SELECT shop_id, fingerprint, sealed_key FROM rpma_hub.head_office_keys
             ORDER BY created_at",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let mut fresh = Vec::new();
    for (shop, fingerprint, sealed) in rows {
        if held.contains_key(&fingerprint) {
            continue;
        }
        match ShopKey::open_from_recipient(&id, &sealed) {
            Some(key) if key.fingerprint() == fingerprint => fresh.push((shop, key)),
            _ => {
                tracing::warn!(shop = %shop, "a shop key sealed for this head office does not open");
            }
        }
    }
    if fresh.is_empty() {
        return Ok(0);
    }
    let n = fresh.len();
    store.write(None, |tx| {
        for (shop, key) in &fresh {
            let sealed = key.seal_as_secret(tx.key(), SHOP_KEY_PURPOSE)?;
            held.insert(
                key.fingerprint(),
                Kept {
                    shop: shop.clone(),
                    key: sealed,
                },
            );
        }
        let value = serde_json::to_string(&held)
            .map_err(|e| crate::CoreError::io("head office keys", std::io::Error::other(e)))?;
        terminal_settings::write(tx.conn(), SHOP_KEYS_KEY, &value, tx.now(), None)
    })?;
    tracing::info!(keys = n, "shop keys received from the hub");
    Ok(n)
}

/// The shops' keys this head office holds (opened with its own `key`); none on a shop terminal.
pub(crate) fn received(conn: &Connection, key: &ShopKey) -> Vec<ShopKey> {
    kept(conn)
        .unwrap_or_default()
        .values()
        .filter_map(|k| ShopKey::open_as_secret(key, SHOP_KEY_PURPOSE, &k.key))
        .collect()
}

/// How many shops' keys this head office holds (for `rpma sync status`).
pub fn shops_with_keys(conn: &Connection) -> usize {
    let mut shops: Vec<String> = kept(conn)
        .unwrap_or_default()
        .into_values()
        .map(|k| k.shop)
        .collect();
    shops.sort();
    shops.dedup();
    shops.len()
}
