//! The keyed head of this terminal's audit chain: which entry is its last one, signed with the
//! shop's key.
//!
//! The hash chain ([`crate::audit`]) shows any entry edited, inserted or removed in the middle,
//! but not the last entries removed: what remains is still a valid chain. So every append also
//! records, in the same transaction, the new last entry's position in this terminal's chain
//! (`terminal_seq`) and hash with an HMAC-SHA256 under a key kept outside the database
//! ([`crate::keys`]). `rpma db check` compares it with this terminal's chain ([`verify`]):
//! entries cut from the end, the last entry replaced, or a head rewritten without the key are
//! reported.
//!
//! The head is local: a row of the one-row table `audit_head` (migration 0008, which moved it
//! there from the `settings` row `audit_head` of levels 6–7), listed as local in
//! [`crate::store::sync_policy`], so it is never captured nor synced. It names only this
//! terminal's chain: entries pulled from other terminals sit in their own chains, each verified
//! for its links by [`crate::audit::verify_chains`], and never move or break this head.
//!
//! It only moves forward from an entry it already names: an append after a cut does not cover
//! the cut up, the head stays where it was and the check keeps reporting it.

use rusqlite::{Connection, OptionalExtension as _, params};

use crate::audit::BrokenLink;
use crate::error::CoreResult;
use crate::keys::ShopKey;

/// The stored head.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    seq: i64,
    hash: String,
    mac: String,
}

fn read(conn: &Connection) -> CoreResult<Option<Head>> {
    Ok(conn
        .prepare_cached("SELECT terminal_seq, hash, mac FROM audit_head WHERE singleton = 1")?
        .query_row([], |r| {
            Ok(Head {
                seq: r.get(0)?,
                hash: r.get(1)?,
                mac: r.get(2)?,
            })
        })
        .optional()?)
}

fn write(conn: &Connection, key: &ShopKey, seq: i64, hash: &str, now: i64) -> CoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO audit_head (singleton, terminal_seq, hash, mac, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT(singleton) DO UPDATE SET terminal_seq = ?1, hash = ?2, mac = ?3,
             updated_at = ?4",
    )?
    .execute(params![seq, hash, key.head_mac(seq, hash), now])?;
    Ok(())
}

/// Moves the head from the entry before (`prev_seq`, `prev_hash` in this terminal's chain; 0 and
/// the genesis hash for the first entry) to the new one. Called by [`crate::audit::append`] in
/// its transaction. When the head does not name the entry before (the log was cut, or the head
/// removed or forged), it is left where it is and the problem logged: `rpma db check` reports it.
pub(crate) fn advance(
    conn: &Connection,
    key: &ShopKey,
    prev_seq: i64,
    prev_hash: &str,
    seq: i64,
    hash: &str,
    now: i64,
) -> CoreResult<()> {
    let follows = match read(conn)? {
        None => prev_seq == 0,
        Some(h) => {
            h.seq == prev_seq && h.hash == prev_hash && key.head_mac_ok(h.seq, &h.hash, &h.mac)
        }
    };
    if follows {
        write(conn, key, seq, hash, now)
    } else {
        // Once per run: every later append would say the same.
        static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if !SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
            tracing::error!(
                seq,
                "the audit log's keyed head does not name the entry before: head left in place, run `rpma db check`"
            );
        }
        Ok(())
    }
}

/// Signs the head again with `new` (the data folder takes another key), when `old` signed it: a
/// head that does not verify is left as it is, for the check to report.
pub(crate) fn reseal(conn: &Connection, old: &ShopKey, new: &ShopKey, now: i64) -> CoreResult<()> {
    if let Some(h) = read(conn)?
        && old.head_mac_ok(h.seq, &h.hash, &h.mac)
    {
        write(conn, new, h.seq, &h.hash, now)?;
    }
    Ok(())
}

/// The last entry of `terminal_id`'s chain (its position in the chain and its hash), if any.
fn last_entry(conn: &Connection, terminal_id: &str) -> CoreResult<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT terminal_seq, hash FROM audit_log WHERE terminal_id = ?1
             ORDER BY terminal_seq DESC LIMIT 1",
            [terminal_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// At open: a database whose terminal has audit entries but no head gets one naming its last
/// entry — only when its key was created by this open (the first open by a version that keeps a
/// head). With an older key, a missing head means it was removed: it is left missing for the
/// check.
pub(crate) fn seal_at_open(
    conn: &Connection,
    key: &ShopKey,
    terminal_id: &str,
    key_created: bool,
    now: i64,
) -> CoreResult<()> {
    if !key_created || read(conn)?.is_some() {
        return Ok(());
    }
    if let Some((seq, hash)) = last_entry(conn, terminal_id)? {
        write(conn, key, seq, &hash, now)?;
        tracing::info!(seq, "audit log head created");
    }
    Ok(())
}

fn broken(seq: i64, id: String, kind: &'static str, terminal_id: &str) -> BrokenLink {
    BrokenLink {
        seq,
        id,
        kind,
        terminal_id: terminal_id.to_owned(),
    }
}

/// Compares the head with this terminal's chain (`terminal_id`: the database's own terminal);
/// entries of other terminals are not looked at. `Ok` with the position of the chain's last
/// entry (0 for an empty chain). The problems, as a [`BrokenLink`] whose `seq` is a position in
/// this terminal's chain:
/// - `head-missing`: entries but no head (it was removed);
/// - `key-missing`: there is a head but no key to check it (the key file is not beside the
///   database);
/// - `head-forged`: the head's signature does not match (changed without the key, or another
///   shop's key);
/// - `truncated`: the head names entry `seq` and the chain now ends before it (`id` holds the
///   position of the last entry left);
/// - `replaced`: entry `seq` is not the one the head names (the end of the chain was rewritten);
/// - `unsigned-tail`: entries after the head (`id` holds how many) were added by something that
///   does not keep the head.
pub fn verify(
    conn: &Connection,
    key: Option<&ShopKey>,
    terminal_id: &str,
) -> CoreResult<Result<i64, BrokenLink>> {
    let last = last_entry(conn, terminal_id)?;
    let b = |seq, id, kind| Ok(Err(broken(seq, id, kind, terminal_id)));
    let Some(head) = read(conn)? else {
        return match last {
            None => Ok(Ok(0)),
            Some((seq, _)) => b(seq, String::new(), "head-missing"),
        };
    };
    let Some(key) = key else {
        return b(head.seq, String::new(), "key-missing");
    };
    if !key.head_mac_ok(head.seq, &head.hash, &head.mac) {
        return b(head.seq, String::new(), "head-forged");
    }
    let last_seq = last.as_ref().map_or(0, |(s, _)| *s);
    if last_seq < head.seq {
        return b(head.seq, last_seq.to_string(), "truncated");
    }
    let at_head: Option<String> = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE terminal_id = ?1 AND terminal_seq = ?2",
            params![terminal_id, head.seq],
            |r| r.get(0),
        )
        .optional()?;
    if at_head.as_deref() != Some(head.hash.as_str()) {
        return b(head.seq, String::new(), "replaced");
    }
    if last_seq > head.seq {
        return b(head.seq, (last_seq - head.seq).to_string(), "unsigned-tail");
    }
    Ok(Ok(last_seq))
}
