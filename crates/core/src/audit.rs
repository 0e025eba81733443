//! The append-only, tamper-evident audit log. Each entry's hash covers its content and the hash
//! of the entry before it; changing or deleting any entry breaks the chain from there on, and
//! [`verify_chain`] names the first broken entry. Entries cut from the end leave a valid chain:
//! the keyed head ([`crate::audit_head`]), moved by every append, shows those.
//!
//! There is one chain per terminal: an entry names its terminal and its position in that
//! terminal's chain (`terminal_seq`, which the hash covers), and links to the previous entry of
//! the same terminal. Entries of several terminals can then sit in one log (merged by sync)
//! without breaking any chain; `seq` is only the entry's position in this database. The keyed
//! head is this terminal's: it names the end of this terminal's chain.

use rusqlite::{Connection, OptionalExtension as _, params};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::auth::permissions::Action;
use crate::error::CoreResult;

/// Hash of the (absent) entry before the first one.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, to what, with the state before and after.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    /// Event, e.g. `login.failed`, `user.create`, `settings.update`.
    pub action: &'a str,
    /// Kind of record, e.g. `user`.
    pub entity: &'a str,
    /// The record's id, when there is one.
    pub entity_id: Option<&'a str>,
    /// State before (JSON), for changes.
    pub before: Option<Value>,
    /// State after (JSON), for creations and changes.
    pub after: Option<Value>,
}

impl<'a> AuditEntry<'a> {
    /// An entry with no before/after.
    pub fn event(action: &'a str, entity: &'a str, entity_id: Option<&'a str>) -> Self {
        Self {
            action,
            entity,
            entity_id,
            before: None,
            after: None,
        }
    }
}

/// One stored audit row.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    /// Position in the chain (1-based).
    pub seq: i64,
    /// UUIDv7.
    pub id: String,
    /// UTC ms.
    pub at: i64,
    /// Acting user.
    pub user_id: Option<String>,
    /// Event.
    pub action: String,
    /// Kind of record.
    pub entity: String,
    /// Record id.
    pub entity_id: Option<String>,
    /// JSON before.
    pub before: Option<String>,
    /// JSON after.
    pub after: Option<String>,
    /// Hash of the previous row.
    pub prev_hash: String,
    /// Hash of this row.
    pub hash: String,
}

/// The hash of an entry; `chain_seq` is its position in its terminal's chain.
#[allow(clippy::too_many_arguments)]
pub(crate) fn compute_hash(
    chain_seq: i64,
    id: &str,
    at: i64,
    user_id: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields so that moving text between fields changes the hash.
    let mut field = |s: Option<&str>| match s {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update((v.len() as u64).to_le_bytes());
            h.update(v.as_bytes());
        }
    };
    field(Some(&chain_seq.to_string()));
    field(Some(id));
    field(Some(&at.to_string()));
    field(user_id);
    field(Some(action));
    field(Some(entity));
    field(entity_id);
    field(before);
    field(after);
    field(Some(prev_hash));
    hex::encode(h.finalize())
}

/// Appends one entry to `terminal_id`'s chain — this database's own terminal — and moves the
/// keyed head to it ([`crate::audit_head`]); call inside the use case's transaction.
pub fn append(
    conn: &Connection,
    key: &crate::keys::ShopKey,
    at: i64,
    user_id: Option<&str>,
    terminal_id: &str,
    e: AuditEntry<'_>,
) -> CoreResult<()> {
    let (seq, prev_hash, hash) = append_entry(conn, at, user_id, terminal_id, e)?;
    crate::audit_head::advance(conn, key, seq - 1, &prev_hash, seq, &hash, at)
}

/// Appends one entry to `terminal_id`'s chain without touching the keyed head (which names only
/// this terminal's chain); returns its position in the chain, the previous entry's hash and its
/// own hash.
pub(crate) fn append_entry(
    conn: &Connection,
    at: i64,
    user_id: Option<&str>,
    terminal_id: &str,
    e: AuditEntry<'_>,
) -> CoreResult<(i64, String, String)> {
    let last: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT terminal_seq, hash FROM audit_log WHERE terminal_id = ?1
             ORDER BY terminal_seq DESC LIMIT 1",
        )?
        .query_row([terminal_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let id = crate::ids::new_id();
    let before = e.before.map(|v| v.to_string());
    let after = e.after.map(|v| v.to_string());
    let hash = compute_hash(
        seq,
        &id,
        at,
        user_id,
        e.action,
        e.entity,
        e.entity_id,
        before.as_deref(),
        after.as_deref(),
        &prev_hash,
    );
    conn.prepare_cached(
        "INSERT INTO audit_log (terminal_id, terminal_seq, id, at, user_id, action, entity,
             entity_id, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        terminal_id,
        seq,
        id,
        at,
        user_id,
        e.action,
        e.entity,
        e.entity_id,
        before,
        after,
        prev_hash,
        hash
    ])?;
    Ok((seq, prev_hash, hash))
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// Position in this database (`seq`) of the first entry that does not verify.
    pub seq: i64,
    /// Its id (as stored).
    pub id: String,
    /// What is wrong: `content` (the entry was edited), `link` (prev_hash does not match the
    /// entry before: one was deleted or inserted) or `gap` (a position in the terminal's chain is
    /// missing); or a problem with this terminal's keyed head ([`crate::audit_head::verify`]:
    /// `truncated`, `replaced`, `head-missing`, `key-missing`, `head-forged`, `unsigned-tail`).
    pub kind: &'static str,
    /// The terminal whose chain breaks.
    pub terminal_id: String,
}

impl BrokenLink {
    /// The i18n key of the message for this problem (arguments `seq` and `id`).
    pub fn message_key(&self) -> &'static str {
        match self.kind {
            "truncated" => "check-audit-truncated",
            "replaced" => "check-audit-replaced",
            "head-missing" => "check-audit-head-missing",
            "key-missing" => "check-audit-key-missing",
            "head-forged" => "check-audit-head-forged",
            "unsigned-tail" => "check-audit-unsigned-tail",
            _ => "check-audit-broken",
        }
    }

    /// True for a problem with this terminal's keyed head rather than a broken link of a chain.
    pub fn is_head_problem(&self) -> bool {
        self.message_key() != "check-audit-broken"
    }
}

/// One terminal's chain, verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStatus {
    /// The terminal.
    pub terminal_id: String,
    /// Its short code, when it is this database's terminal.
    pub code: Option<String>,
    /// Number of entries verified, or the first broken link.
    pub result: Result<i64, BrokenLink>,
}

/// Walks every terminal's chain; returns the number of entries, or the first broken link.
pub fn verify_chain(conn: &Connection) -> CoreResult<Result<i64, BrokenLink>> {
    let mut total = 0;
    for chain in verify_chains(conn)? {
        match chain.result {
            Ok(n) => total += n,
            Err(b) => return Ok(Err(b)),
        }
    }
    Ok(Ok(total))
}

/// Walks each terminal's chain (this terminal's first, then the others by id).
pub fn verify_chains(conn: &Connection) -> CoreResult<Vec<ChainStatus>> {
    let own = crate::terminal::get(conn)?;
    let mut st = conn.prepare(
        "SELECT seq, id, at, user_id, action, entity, entity_id, before, after, prev_hash, hash,
                terminal_id, terminal_seq
         FROM audit_log ORDER BY terminal_id, terminal_seq, seq",
    )?;
    let mut rows = st.query([])?;
    let mut chains: Vec<ChainStatus> = Vec::new();
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    while let Some(r) = rows.next()? {
        let row = AuditRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            at: r.get(2)?,
            user_id: r.get(3)?,
            action: r.get(4)?,
            entity: r.get(5)?,
            entity_id: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
            prev_hash: r.get(9)?,
            hash: r.get(10)?,
        };
        let terminal_id: String = r.get(11)?;
        let terminal_seq: i64 = r.get(12)?;
        if chains.last().is_none_or(|c| c.terminal_id != terminal_id) {
            chains.push(ChainStatus {
                code: own
                    .as_ref()
                    .filter(|t| t.id == terminal_id)
                    .map(|t| t.code.clone()),
                terminal_id: terminal_id.clone(),
                result: Ok(0),
            });
            expected_prev = GENESIS.to_owned();
            expected_seq = 1;
        }
        let Some(chain) = chains.last_mut() else {
            continue;
        };
        let Ok(count) = chain.result else {
            continue;
        };
        let broken = |kind| BrokenLink {
            seq: row.seq,
            id: row.id.clone(),
            kind,
            terminal_id: terminal_id.clone(),
        };
        if terminal_seq != expected_seq {
            chain.result = Err(broken("gap"));
            continue;
        }
        if row.prev_hash != expected_prev {
            chain.result = Err(broken("link"));
            continue;
        }
        let h = compute_hash(
            terminal_seq,
            &row.id,
            row.at,
            row.user_id.as_deref(),
            &row.action,
            &row.entity,
            row.entity_id.as_deref(),
            row.before.as_deref(),
            row.after.as_deref(),
            &row.prev_hash,
        );
        if h != row.hash {
            chain.result = Err(broken("content"));
            continue;
        }
        expected_prev = row.hash;
        expected_seq += 1;
        chain.result = Ok(count + 1);
    }
    // This terminal's chain first.
    chains.sort_by_key(|c| c.code.is_none());
    Ok(chains)
}

/// Which audit entries to list. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    /// Acting user.
    pub user_id: Option<String>,
    /// Kind of record (`user`, `settings`, …).
    pub entity: Option<String>,
    /// Event (`login.failed`, …); an entry matches when its action equals this or starts with
    /// it followed by a dot (`login` matches `login.ok` and `login.failed`).
    pub action: Option<String>,
    /// From this time (UTC ms, inclusive).
    pub from_ms: Option<i64>,
    /// Until this time (UTC ms, exclusive).
    pub to_ms: Option<i64>,
    /// Page size (1–1000; 0 means the default of 100).
    pub limit: u32,
    /// Entries skipped (for paging).
    pub offset: u32,
}

impl Default for AuditFilter {
    fn default() -> Self {
        Self {
            user_id: None,
            entity: None,
            action: None,
            from_ms: None,
            to_ms: None,
            limit: DEFAULT_PAGE,
            offset: 0,
        }
    }
}

/// Default page size of [`query`].
pub const DEFAULT_PAGE: u32 = 100;
/// Largest page [`query`] returns.
pub const MAX_PAGE: u32 = 1000;

/// The WHERE clause and its parameters for a filter.
fn where_clause(f: &AuditFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut params: Vec<V> = Vec::new();
    let mut placeholder = |v: V| {
        params.push(v);
        format!("?{}", params.len())
    };
    let mut conds: Vec<String> = Vec::new();
    if let Some(u) = &f.user_id {
        conds.push(format!("user_id = {}", placeholder(V::Text(u.clone()))));
    }
    if let Some(e) = &f.entity {
        conds.push(format!("entity = {}", placeholder(V::Text(e.clone()))));
    }
    if let Some(a) = &f.action {
        let exact = placeholder(V::Text(a.clone()));
        let prefix = placeholder(V::Text(format!("{a}.")));
        conds.push(format!(
            "(action = {exact} OR substr(action, 1, length({prefix})) = {prefix})"
        ));
    }
    if let Some(from) = f.from_ms {
        conds.push(format!("at >= {}", placeholder(V::Integer(from))));
    }
    if let Some(to) = f.to_ms {
        conds.push(format!("at < {}", placeholder(V::Integer(to))));
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    (sql, params)
}

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        at: r.get(2)?,
        user_id: r.get(3)?,
        action: r.get(4)?,
        entity: r.get(5)?,
        entity_id: r.get(6)?,
        before: r.get(7)?,
        after: r.get(8)?,
        prev_hash: r.get(9)?,
        hash: r.get(10)?,
    })
}

/// Entries matching the filter, newest first, one page. No permission check: the UI goes
/// through [`query_as`].
pub(crate) fn query(conn: &Connection, filter: &AuditFilter) -> CoreResult<Vec<AuditRow>> {
    let (cond, mut params) = where_clause(filter);
    let limit = match filter.limit {
        0 => DEFAULT_PAGE,
        n => n.min(MAX_PAGE),
    };
    let n = params.len();
    params.push(rusqlite::types::Value::Integer(i64::from(limit)));
    params.push(rusqlite::types::Value::Integer(i64::from(filter.offset)));
    let sql = format!(
        "SELECT seq, id, at, user_id, action, entity, entity_id, before, after, prev_hash, hash
         FROM audit_log{cond} ORDER BY seq DESC LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params), row_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Number of entries matching the filter (ignoring its page).
pub(crate) fn count(conn: &Connection, filter: &AuditFilter) -> CoreResult<i64> {
    let (cond, params) = where_clause(filter);
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM audit_log{cond}"),
        rusqlite::params_from_iter(params),
        |r| r.get(0),
    )?)
}

/// [`query`] for `actor`: requires [`Action::ViewAudit`] (admins), with the role as stored now.
/// Personal values are opened ([`crate::personal::reveal`]): erased ones read
/// [`crate::personal::ERASED`].
pub fn query_as(
    conn: &Connection,
    actor: &crate::Session,
    filter: &AuditFilter,
) -> CoreResult<Vec<AuditRow>> {
    crate::users::authorize(conn, actor, Action::ViewAudit)?;
    let mut rows = query(conn, filter)?;
    crate::personal::reveal(conn, &mut rows)?;
    Ok(rows)
}

/// [`count`] for `actor`: requires [`Action::ViewAudit`] (admins), with the role as stored now.
pub fn count_as(
    conn: &Connection,
    actor: &crate::Session,
    filter: &AuditFilter,
) -> CoreResult<i64> {
    crate::users::authorize(conn, actor, Action::ViewAudit)?;
    count(conn, filter)
}

/// JSON values of audit entries (before/after), re-exported for the UI.
pub use serde_json::Value as JsonValue;

/// One field that differs between an entry's `before` and `after`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Dotted path, e.g. `password.min_length`.
    pub path: String,
    /// Value before (None: the field did not exist).
    pub before: Option<Value>,
    /// Value after (None: the field was removed).
    pub after: Option<Value>,
}

/// Reads a stored before/after text; text that is not JSON is kept as a string.
pub fn parse_stored(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// Indented JSON for display.
pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// A value as shown in a changes table: text unquoted, null as a dash, the rest as JSON.
pub fn leaf_text(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn flatten(v: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(fields) if !fields.is_empty() => {
            for (k, child) in fields {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(child, &path, out);
            }
        }
        other => out.push((prefix.to_owned(), other.clone())),
    }
}

/// The fields that differ between `before` and `after` (objects are walked, arrays are leaves).
/// An entry with only `after` (a creation, a sign-in) lists every field.
pub fn field_changes(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let flat = |v: Option<&Value>| {
        let mut out = Vec::new();
        if let Some(v) = v {
            flatten(v, "", &mut out);
        }
        out
    };
    let (b, a) = (flat(before), flat(after));
    let find = |list: &[(String, Value)], path: &str| {
        list.iter().find(|(p, _)| p == path).map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for (path, value) in &a {
        let old = find(&b, path);
        if old.as_ref() != Some(value) {
            out.push(FieldChange {
                path: path.clone(),
                before: old,
                after: Some(value.clone()),
            });
        }
    }
    for (path, value) in &b {
        if find(&a, path).is_none() {
            out.push(FieldChange {
                path: path.clone(),
                before: Some(value.clone()),
                after: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use crate::store::Store;

    fn store_with_entries(n: usize) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        for i in 0..n {
            s.write(Some("u1"), |tx| {
                tx.audit(AuditEntry {
                    action: "test.change",
                    entity: "thing",
                    entity_id: Some("t1"),
                    before: Some(serde_json::json!({ "n": i })),
                    after: Some(serde_json::json!({ "n": i + 1 })),
                })
            })
            .unwrap();
        }
        s
    }

    #[test]
    fn field_changes_walk_objects_and_list_creations() {
        let before = parse_stored(
            r#"{"password":{"min_length":10,"require_upper":true},"idle_timeout_min":30}"#,
        );
        let after = parse_stored(
            r#"{"password":{"min_length":12,"require_upper":true},"idle_timeout_min":30,"tags":[1,2]}"#,
        );
        let c = field_changes(Some(&before), Some(&after));
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].path, "password.min_length");
        assert_eq!(c[0].before, Some(serde_json::json!(10)));
        assert_eq!(c[1].path, "tags");
        assert_eq!(leaf_text(c[1].after.as_ref().unwrap()), "[1,2]");
        assert_eq!(parse_stored("not json"), Value::String("not json".into()));
        assert_eq!(leaf_text(&Value::Null), "—");
        let only = parse_stored(r#"{"login":"admin","method":"password"}"#);
        assert_eq!(field_changes(None, Some(&only)).len(), 2);
        let removed = field_changes(Some(&only), Some(&parse_stored(r#"{"login":"admin"}"#)));
        assert_eq!(
            (removed[0].path.as_str(), removed[0].after.is_none()),
            ("method", true)
        );
        assert!(pretty(&after).contains("\n  \"password\": {"));
    }

    #[test]
    fn intact_chain_verifies() {
        let s = store_with_entries(5);
        assert_eq!(verify_chain(s.conn()).unwrap(), Ok(5));
    }

    #[test]
    fn edited_entry_is_named() {
        let s = store_with_entries(5);
        s.conn()
            .execute_batch("DROP TRIGGER audit_log_no_update")
            .unwrap();
        s.conn()
            .execute(
                "UPDATE audit_log SET after = '{\"n\":99}' WHERE seq = 3",
                [],
            )
            .unwrap();
        let broken = verify_chain(s.conn()).unwrap().unwrap_err();
        assert_eq!((broken.seq, broken.kind), (3, "content"));
    }

    #[test]
    fn deleted_entry_is_found() {
        let s = store_with_entries(5);
        s.conn()
            .execute_batch("DROP TRIGGER audit_log_no_delete")
            .unwrap();
        s.conn()
            .execute("DELETE FROM audit_log WHERE seq = 2", [])
            .unwrap();
        let broken = verify_chain(s.conn()).unwrap().unwrap_err();
        assert_eq!((broken.seq, broken.kind), (3, "gap"));
    }

    #[test]
    fn triggers_refuse_update_and_delete() {
        let s = store_with_entries(1);
        assert!(
            s.conn()
                .execute("UPDATE audit_log SET action = 'x'", [])
                .is_err()
        );
        assert!(s.conn().execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn query_filters_pages_and_checks_the_role() {
        let clock = crate::clock::ManualClock::new(1_000);
        let mut s = Store::open_in_memory_with_clock(clock.clone()).unwrap();
        for (i, (user, action, entity)) in [
            (Some("u1"), "login.ok", "user"),
            (Some("u2"), "login.failed", "user"),
            (None, "user.password_reset_cli", "user"),
            (Some("u1"), "settings.update", "settings"),
            (Some("u1"), "login.ok", "user"),
        ]
        .into_iter()
        .enumerate()
        {
            clock.set(1_000 * (i as i64 + 1));
            s.write(user, |tx| tx.audit(AuditEntry::event(action, entity, None)))
                .unwrap();
        }
        let all = query(s.conn(), &AuditFilter::default()).unwrap();
        assert_eq!(all.len(), 5);
        assert!(all.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
        let u1 = AuditFilter {
            user_id: Some("u1".into()),
            ..AuditFilter::default()
        };
        assert_eq!(count(s.conn(), &u1).unwrap(), 3);
        let settings = AuditFilter {
            entity: Some("settings".into()),
            ..AuditFilter::default()
        };
        assert_eq!(
            query(s.conn(), &settings).unwrap()[0].action,
            "settings.update"
        );
        let logins = AuditFilter {
            action: Some("login".into()),
            ..AuditFilter::default()
        };
        assert_eq!(count(s.conn(), &logins).unwrap(), 3);
        let window = AuditFilter {
            from_ms: Some(2_000),
            to_ms: Some(4_000),
            ..AuditFilter::default()
        };
        let rows = query(s.conn(), &window).unwrap();
        assert_eq!(
            rows.iter().map(|r| r.at).collect::<Vec<_>>(),
            vec![3_000, 2_000]
        );
        let page = AuditFilter {
            limit: 2,
            offset: 1,
            ..AuditFilter::default()
        };
        let rows = query(s.conn(), &page).unwrap();
        assert_eq!(rows.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![4, 3]);
        assert_eq!(count(s.conn(), &page).unwrap(), 5);
        // Who may read: service_matrix.rs (the role as stored, never as sent).
    }

    #[test]
    fn failed_use_case_writes_no_audit() {
        let mut s = store_with_entries(1);
        let r: CoreResult<()> = s.write(None, |tx| {
            tx.audit(AuditEntry::event("test.x", "thing", None))?;
            Err(crate::CoreError::Refused { key: "err-test" })
        });
        assert!(r.is_err());
        assert_eq!(verify_chain(s.conn()).unwrap(), Ok(1));
    }
}
