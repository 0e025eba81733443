//! A syncing data folder restored from an older backup goes on as a new terminal of its shop.
//!
//! Its change log went back in time: its next changes would be numbered from where the backup
//! was, positions the hub already holds for its identity, and be skipped as duplicates; its next
//! document numbers would repeat ones already given. So it takes a new terminal identity (id and
//! code, [`renew_local`]) — at once when RPMA restored it (the restore leaves a marker that the
//! next open reads), or when a round finds the hub ahead of its log (a folder copied back by
//! hand) — and the next round ([`finish`]):
//! 1. finds, as the old identity, how far the hub holds this log's changes, and from where the
//!    hub holds changes of the old identity that this folder lost;
//! 2. registers the new identity with the shop's join code (kept sealed in `sync_config`), its
//!    password saved sealed first so that a retry after a crash reuses it;
//! 3. in one local transaction, moves to the new credentials, pushes again from the first change
//!    the hub does not hold (under the new identity), and pulls again what the old identity had
//!    sent after the backup, so the work saved between the backup and the restore comes back.
//!
//! A folder copied back by hand has already written some audit entries in its old identity's
//! chain before the round noticed: those and the lost ones of the hub share positions, so each
//! terminal keeps one of them and the others are kept aside in `sync_rejects` (reported by
//! `rpma sync status`); data rows merge as usual. RPMA's own restore renews before any write.

use rusqlite::OptionalExtension as _;
use serde::Deserialize;

use super::code::JoinCode;
use super::hub::{self, NewTerminal};
use super::push_pull::{matched_upto, random_password};
use super::{SyncError, SyncResult, local};
use crate::Store;
use crate::terminal::Terminal;

/// `terminal_settings` key of a renewal not yet registered on the hub.
pub const PENDING_KEY: &str = "sync_renewal";

#[derive(Debug, Deserialize)]
struct Pending {
    /// The identity the hub knows this folder by.
    old: String,
    /// The new identity's role password, sealed, once drawn.
    #[serde(default)]
    password: Option<String>,
}

fn pending(store: &Store) -> SyncResult<Option<Pending>> {
    Ok(crate::terminal_settings::read(store.conn(), PENDING_KEY)?
        .and_then(|v| serde_json::from_str(&v).ok()))
}

fn save_pending(tx: &crate::store::Tx<'_>, p: &Pending) -> crate::CoreResult<()> {
    let v = serde_json::json!({ "old": p.old, "password": p.password }).to_string();
    crate::terminal_settings::write(tx.conn(), PENDING_KEY, &v, tx.now(), None)
}

/// Gives this syncing folder a new terminal identity now; the hub learns it at the next round.
/// Nothing happens when the folder does not sync.
pub fn renew_local(store: &mut Store) -> SyncResult<()> {
    if local::load(store.conn())?.is_none() {
        return Ok(());
    }
    let earlier = pending(store)?;
    let new = Terminal {
        id: crate::ids::new_id(),
        code: crate::terminal::random_code(),
        created_at: store.now_ms(),
    };
    store.renew_terminal(new, |tx, old| {
        // Renewed twice before the hub heard of it: the hub still knows the first identity.
        let old = earlier.map_or_else(|| old.id.clone(), |p| p.old);
        save_pending(
            tx,
            &Pending {
                old,
                password: None,
            },
        )
    })?;
    Ok(())
}

/// Registers a renewed identity on the hub and moves the positions (see the module); returns the
/// configuration to go on with. Nothing to do without a pending renewal.
pub(super) fn finish(store: &mut Store, cfg: local::Config) -> SyncResult<local::Config> {
    let Some(p) = pending(store)? else {
        return Ok(cfg);
    };
    let code = local::join_code(store)?
        .and_then(|c| JoinCode::decode(&c).ok())
        .ok_or(SyncError::Rewound)?;
    // As the old identity: what the hub holds of this log, and what this folder lost.
    let mut client = cfg
        .url()?
        .connect_as(&cfg.role, &local::password(store, &cfg)?)?;
    hub::check_protocol(&mut client)?;
    let (matched, _) = matched_upto(store, &mut client, &p.old, cfg.pushed_seq)?;
    let lost_from: Option<i64> = client
        .query_one(
            "SELECT min(seq) FROM rpma_hub.changes WHERE terminal_id = $1 AND change_seq > $2",
            &[&p.old, &matched],
        )?
        .get(0);
    let pulled_seq = lost_from.map_or(cfg.pulled_seq, |s| cfg.pulled_seq.min(s - 1));
    let name: Option<String> = client
        .query_opt(
            "SELECT name FROM rpma_hub.terminals WHERE id = $1",
            &[&p.old],
        )?
        .map(|r| r.get(0));
    drop(client);
    // The new password is kept before the hub gets it: a retry after a crash reuses it.
    let sealed = p.password.clone().unwrap_or_default();
    let password = match store.key().open_secret(local::PASSWORD_PURPOSE, &sealed) {
        Some(pw) => pw,
        None => {
            let pw = random_password()?;
            store.write(None, |tx| {
                let sealed = tx.key().seal_secret(local::PASSWORD_PURPOSE, &pw)?;
                save_pending(
                    tx,
                    &Pending {
                        old: p.old.clone(),
                        password: Some(sealed),
                    },
                )
            })?;
            pw
        }
    };
    let mut join = cfg
        .url()?
        .connect_as(&hub::join_role(&code.shop_id), &code.secret_text())?;
    let mut role = None;
    for _ in 0..16 {
        let t = store.terminal().clone();
        let new = NewTerminal {
            id: &t.id,
            code: &t.code,
            name: name.as_deref().unwrap_or(&t.code),
            password: &password,
        };
        match hub::register(&mut join, &code, &new, store.now_ms()) {
            Ok(Some(r)) => {
                role = Some(r);
                break;
            }
            Ok(None) => store.set_terminal_code(&crate::terminal::random_code())?,
            // Registered by an earlier attempt cut short: same id, same password.
            Err(SyncError::Hub(m)) if m.contains("terminals_pkey") => {
                role = Some(hub::terminal_role(&t.id));
                break;
            }
            Err(e) => return Err(e),
        }
    }
    let role = role.ok_or_else(|| SyncError::Hub("no free terminal code on this hub".into()))?;
    drop(join);
    store.write(None, |tx| {
        local::save_renewed(tx, &role, &password, matched, pulled_seq)?;
        tx.conn().execute(
            "DELETE FROM terminal_settings WHERE key = ?1",
            [PENDING_KEY],
        )?;
        Ok(())
    })?;
    tracing::warn!(
        from = matched,
        "this data folder goes on as a new terminal of the shop (restored from an older backup)"
    );
    local::require(store.conn())
}

/// Whether a renewal waits for the hub (for tests and the status).
pub fn is_pending(store: &Store) -> bool {
    store
        .conn()
        .query_row(
            "SELECT 1 FROM terminal_settings WHERE key = ?1",
            [PENDING_KEY],
            |_| Ok(()),
        )
        .optional()
        .ok()
        .flatten()
        .is_some()
}
