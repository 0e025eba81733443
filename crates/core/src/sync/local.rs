//! This terminal's sync state, in the local table `sync_config`: the hub (URL without password),
//! the shop, this terminal's role and its password sealed with the shop key, the join code
//! (sealed), and the push and pull positions.

use rusqlite::{Connection, OptionalExtension as _, params};

use super::code::JoinCode;
use super::conn::HubUrl;
use super::{SyncError, SyncResult, SyncStatus, TerminalInfo};
use crate::Store;

pub(crate) const PASSWORD_PURPOSE: &str = "sync/password";
pub(crate) const CODE_PURPOSE: &str = "sync/join_code";

/// The sync configuration of this terminal (the password stays sealed; `Debug` shows none).
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// The hub's URL without its password.
    pub server: String,
    /// The shop's id on the hub.
    pub shop_id: String,
    /// This terminal's PostgreSQL role.
    pub role: String,
    sealed_password: String,
    sealed_code: Option<String>,
    /// The last own change (`change_log.seq`) the hub holds.
    pub pushed_seq: i64,
    /// The last hub change (`changes.seq`) applied here.
    pub pulled_seq: i64,
    /// The last own change folded into `sync_versions`.
    pub folded_seq: i64,
    /// When the last round finished without error (UTC ms).
    pub last_sync_at: Option<i64>,
    /// The last round's error.
    pub last_error: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("server", &self.server)
            .field("shop_id", &self.shop_id)
            .field("role", &self.role)
            .field("pushed_seq", &self.pushed_seq)
            .field("pulled_seq", &self.pulled_seq)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A chain's head office ([`super::head_office`]): it pulls every shop and never pushes.
    pub fn is_head_office(&self) -> bool {
        self.shop_id == super::head_office::HEAD_OFFICE
    }

    /// The hub URL (as stored, without password).
    pub fn url(&self) -> SyncResult<HubUrl> {
        HubUrl::parse(&self.server)
    }
}

/// The configuration, when this terminal syncs.
pub fn load(conn: &Connection) -> SyncResult<Option<Config>> {
    Ok(conn
        .query_row(
            "SELECT server, shop_id, role, secret, join_code, pushed_seq, pulled_seq,
                    folded_seq, last_sync_at, last_error
             FROM sync_config",
            [],
            |r| {
                Ok(Config {
                    server: r.get(0)?,
                    shop_id: r.get(1)?,
                    role: r.get(2)?,
                    sealed_password: r.get(3)?,
                    sealed_code: r.get(4)?,
                    pushed_seq: r.get(5)?,
                    pulled_seq: r.get(6)?,
                    folded_seq: r.get(7)?,
                    last_sync_at: r.get(8)?,
                    last_error: r.get(9)?,
                })
            },
        )
        .optional()?)
}

/// The configuration, or [`SyncError::NotConfigured`].
pub fn require(conn: &Connection) -> SyncResult<Config> {
    load(conn)?.ok_or(SyncError::NotConfigured)
}

/// Saves a new configuration (refused when one exists), then runs `then` in the same
/// transaction.
pub fn save_new(
    store: &mut Store,
    url: &HubUrl,
    shop_id: &str,
    role: &str,
    password: &str,
    code: &JoinCode,
    then: impl FnOnce(&crate::store::Tx<'_>) -> crate::CoreResult<()>,
) -> SyncResult<()> {
    let server = url.redacted();
    store.write(None, |tx| {
        let sealed = tx.key().seal_secret(PASSWORD_PURPOSE, password)?;
        let sealed_code = tx.key().seal_secret(CODE_PURPOSE, &code.encode())?;
        tx.conn().execute(
            "INSERT INTO sync_config (singleton, server, shop_id, role, secret, join_code)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            params![server, shop_id, role, sealed, sealed_code],
        )?;
        then(tx)
    })?;
    Ok(())
}

/// Replaces this terminal's sealed password (a head office enabled again by the hub's owner).
pub fn set_password(store: &mut Store, password: &str) -> SyncResult<()> {
    store.write(None, |tx| {
        let sealed = tx.key().seal_secret(PASSWORD_PURPOSE, password)?;
        tx.conn().execute(
            "UPDATE sync_config SET secret = ?1, last_error = NULL",
            [sealed],
        )?;
        Ok(())
    })?;
    Ok(())
}

/// Saves a head office's configuration (refused when one exists): no join code, and the push
/// position at the end of the change log (a head office sends nothing).
pub fn save_head_office(
    store: &mut Store,
    url: &HubUrl,
    role: &str,
    password: &str,
) -> SyncResult<()> {
    let server = url.redacted();
    store.write(None, |tx| {
        let sealed = tx.key().seal_secret(PASSWORD_PURPOSE, password)?;
        tx.conn().execute(
            "INSERT INTO sync_config (singleton, server, shop_id, role, secret, join_code)
             VALUES (1, ?1, ?2, ?3, ?4, NULL)",
            params![server, super::head_office::HEAD_OFFICE, role, sealed],
        )?;
        tx.conn().execute(
            "UPDATE sync_config SET pushed_seq = (SELECT coalesce(max(seq), 0) FROM change_log)",
            [],
        )?;
        // Every shop's vehicles, two of one plate among them.
        crate::store::head_office::relax_indexes(tx.conn())?;
        Ok(())
    })?;
    Ok(())
}

/// After this folder took a new terminal identity (in its transaction `tx`): its new role and
/// password, and the push and pull positions to start again from.
pub fn save_renewed(
    tx: &crate::store::Tx<'_>,
    role: &str,
    password: &str,
    pushed_seq: i64,
    pulled_seq: i64,
) -> crate::CoreResult<()> {
    let sealed = tx.key().seal_secret(PASSWORD_PURPOSE, password)?;
    tx.conn().execute(
        "UPDATE sync_config SET role = ?1, secret = ?2, pushed_seq = ?3, pulled_seq = ?4,
             folded_seq = min(folded_seq, ?3)",
        params![role, sealed, pushed_seq, pulled_seq],
    )?;
    Ok(())
}

/// The role's password, unsealed (refused when the shop key does not open it).
pub fn password(store: &Store, cfg: &Config) -> SyncResult<String> {
    store
        .key()
        .open_secret(PASSWORD_PURPOSE, &cfg.sealed_password)
        .ok_or_else(|| SyncError::SealedPassword)
}

/// The shop's join code, for an admin to give to a new terminal.
pub fn join_code(store: &Store) -> SyncResult<Option<String>> {
    let Some(cfg) = load(store.conn())? else {
        return Ok(None);
    };
    Ok(cfg
        .sealed_code
        .as_deref()
        .and_then(|s| store.key().open_secret(CODE_PURPOSE, s)))
}

/// Records the end of a round: its time when it succeeded, else its error.
pub fn record_round(store: &mut Store, error: Option<&str>) -> SyncResult<()> {
    store.write(None, |tx| {
        match error {
            None => tx.conn().execute(
                "UPDATE sync_config SET last_sync_at = ?1, last_error = NULL",
                [tx.now()],
            )?,
            Some(e) => tx
                .conn()
                .execute("UPDATE sync_config SET last_error = ?1", [e])?,
        };
        Ok(())
    })?;
    Ok(())
}

/// Own changes not on the hub yet.
pub fn pending(conn: &Connection, pushed_seq: i64) -> SyncResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM change_log WHERE seq > ?1",
        [pushed_seq],
        |r| r.get(0),
    )?)
}

/// The state `rpma sync status` prints.
pub fn status(store: &Store) -> SyncResult<SyncStatus> {
    let conn = store.conn();
    let cfg = load(conn)?;
    let t = store.terminal();
    let mut errors = Vec::new();
    if let Some(e) = cfg.as_ref().and_then(|c| c.last_error.clone()) {
        errors.push(e);
    }
    let rejects: i64 = conn.query_row("SELECT count(*) FROM sync_rejects", [], |r| r.get(0))?;
    if rejects > 0 {
        errors.push(format!(
            "{rejects} pulled change(s) could not be applied here (kept in sync_rejects)"
        ));
    }
    Ok(SyncStatus {
        server: cfg.as_ref().map(|c| c.server.clone()),
        terminal: TerminalInfo {
            id: t.id.clone(),
            code: t.code.clone(),
        },
        shop_id: cfg.as_ref().map(|c| c.shop_id.clone()),
        last_sync: cfg.as_ref().and_then(|c| c.last_sync_at),
        pending: match &cfg {
            // A head office sends nothing: nothing waits.
            Some(c) if c.is_head_office() => 0,
            Some(c) => pending(conn, c.pushed_seq)?,
            None => pending(conn, 0)?,
        },
        errors,
        conflicts: super::conflicts::open_count(conn)?,
        last_error: cfg.as_ref().and_then(|c| c.last_error.clone()),
        rejects,
        head_office: cfg.as_ref().is_some_and(Config::is_head_office),
        shop_keys: cfg
            .as_ref()
            .filter(|c| c.is_head_office())
            .map(|_| super::head_office_keys::shops_with_keys(conn)),
    })
}
