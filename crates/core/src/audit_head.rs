//! The keyed head of the audit log: which entry is the last one, signed with the shop's key.
//!
//! The hash chain ([`crate::audit`]) shows any entry edited, inserted or removed in the middle,
//! but not the last entries removed: what remains is still a valid chain. So every append also
//! records, in the same transaction, the new last entry's sequence number and hash with an
//! HMAC-SHA256 under a key kept outside the database ([`crate::keys`]). `rpma db check` compares
//! it with the chain ([`verify`]): entries cut from the end, the last entry replaced, or a head
//! rewritten without the key are reported.
//!
//! The head is a row of `settings` (key [`HEAD_KEY`]): no schema change, so no migration.
//! It only moves forward from an entry it already names: an append after a cut does not cover
//! the cut up, the head stays where it was and the check keeps reporting it.

use rusqlite::{Connection, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};

use crate::audit::BrokenLink;
use crate::error::CoreResult;
use crate::keys::ShopKey;

/// The `settings` key of the head.
pub const HEAD_KEY: &str = "audit_head";

/// The stored head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Head {
    seq: i64,
    hash: String,
    mac: String,
}

fn read(conn: &Connection) -> CoreResult<Option<Head>> {
    let raw: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [HEAD_KEY],
            |r| r.get(0),
        )
        .optional()?;
    // An unreadable head is as good as none: the check reports it.
    Ok(raw.and_then(|s| serde_json::from_str(&s).ok()))
}

fn write(conn: &Connection, key: &ShopKey, seq: i64, hash: &str, now: i64) -> CoreResult<()> {
    let head = Head {
        seq,
        hash: hash.to_owned(),
        mac: key.head_mac(seq, hash),
    };
    let value = serde_json::to_string(&head).unwrap_or_default();
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(key) DO UPDATE SET value = ?2, updated_at = ?3",
        params![HEAD_KEY, value, now],
    )?;
    Ok(())
}

/// Moves the head from the entry before (`prev_seq`, `prev_hash`; 0 and the genesis hash for
/// the first entry) to the new one. Called by [`crate::audit::append`] in its transaction. When
/// the head does not name the entry before (the log was cut, or the head removed or forged),
/// it is left where it is and the problem logged: `rpma db check` reports it.
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

/// The last entry of the chain (sequence number and hash), if any.
fn last_entry(conn: &Connection) -> CoreResult<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// At open: a database that has audit entries but no head gets one naming its last entry —
/// only when its key was created by this open (the first open by a version that keeps a head).
/// With an older key, a missing head means it was removed: it is left missing for the check.
pub(crate) fn seal_at_open(
    conn: &Connection,
    key: &ShopKey,
    key_created: bool,
    now: i64,
) -> CoreResult<()> {
    if !key_created || read(conn)?.is_some() {
        return Ok(());
    }
    if let Some((seq, hash)) = last_entry(conn)? {
        write(conn, key, seq, &hash, now)?;
        tracing::info!(seq, "audit log head created");
    }
    Ok(())
}

fn broken(seq: i64, id: String, kind: &'static str) -> BrokenLink {
    BrokenLink { seq, id, kind }
}

/// Compares the head with the chain; `Ok` with the number of the last entry (0 for an empty
/// log). The problems, as a [`BrokenLink`]:
/// - `head-missing`: entries but no head (it was removed);
/// - `key-missing`: there is a head but no key to check it (the key file is not beside the
///   database);
/// - `head-forged`: the head's signature does not match (changed without the key, or another
///   shop's key);
/// - `truncated`: the head names entry `seq` and the log now ends before it (`id` holds the
///   number of the last entry left);
/// - `replaced`: entry `seq` is not the one the head names (the end of the log was rewritten);
/// - `unsigned-tail`: entries after the head (`id` holds how many) were added by something that
///   does not keep the head.
pub fn verify(conn: &Connection, key: Option<&ShopKey>) -> CoreResult<Result<i64, BrokenLink>> {
    let last = last_entry(conn)?;
    let Some(head) = read(conn)? else {
        return Ok(match last {
            None => Ok(0),
            Some((seq, _)) => Err(broken(seq, String::new(), "head-missing")),
        });
    };
    let Some(key) = key else {
        return Ok(Err(broken(head.seq, String::new(), "key-missing")));
    };
    if !key.head_mac_ok(head.seq, &head.hash, &head.mac) {
        return Ok(Err(broken(head.seq, String::new(), "head-forged")));
    }
    let last_seq = last.as_ref().map_or(0, |(s, _)| *s);
    if last_seq < head.seq {
        return Ok(Err(broken(head.seq, last_seq.to_string(), "truncated")));
    }
    let at_head: Option<String> = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE seq = ?1",
            [head.seq],
            |r| r.get(0),
        )
        .optional()?;
    if at_head.as_deref() != Some(head.hash.as_str()) {
        return Ok(Err(broken(head.seq, String::new(), "replaced")));
    }
    if last_seq > head.seq {
        return Ok(Err(broken(
            head.seq,
            (last_seq - head.seq).to_string(),
            "unsigned-tail",
        )));
    }
    Ok(Ok(last_seq))
}
