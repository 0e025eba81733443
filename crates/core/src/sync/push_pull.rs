//! The three operations: make the hub ([`init_server`]), join it ([`join`]), and one push/pull
//! round ([`sync_once`]). Network work never runs inside a local transaction: a batch is read,
//! sent, then the local position moves; a batch is fetched, then applied in one transaction.

use postgres::Client;
use rusqlite::params;
use serde_json::Value as Json;

use super::code::JoinCode;
use super::conn::HubUrl;
use super::hub::{self, NewTerminal};
use super::merge::{self, Outcome, Pulled};
use super::{BATCH, SyncError, SyncResult, local};
use crate::Store;
use crate::store::capture::{self, ident};
use crate::store::replay::{Applier, Change, Op};
use crate::store::sync_policy;

/// What a round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Own changes sent (a retried batch counts again; the hub keeps one copy).
    pub pushed: usize,
    /// Other terminals' changes received.
    pub pulled: usize,
    /// Of those, applied (whole or the columns they won).
    pub applied: usize,
    /// Of those, kept aside because they could not be applied here.
    pub rejected: usize,
    /// Photo files sent to the hub ([`super::blobs`]).
    pub files_sent: usize,
    /// Photo files fetched from it.
    pub files_fetched: usize,
}

pub(super) fn random_password() -> SyncResult<String> {
    use rand::TryRngCore as _;
    let mut b = [0u8; 24];
    rand::rngs::OsRng
        .try_fill_bytes(&mut b)
        .map_err(|e| SyncError::Hub(format!("no randomness: {e}")))?;
    Ok(hex::encode(b))
}

/// Registers this store's terminal, drawing another code while the shop has it already.
pub(super) fn register_self(
    client: &mut Client,
    store: &mut Store,
    code: &JoinCode,
    name: &str,
    password: &str,
) -> SyncResult<String> {
    for _ in 0..16 {
        let t = store.terminal().clone();
        let name = if name.trim().is_empty() {
            t.code.as_str()
        } else {
            name.trim()
        };
        let new = NewTerminal {
            id: &t.id,
            code: &t.code,
            name,
            password,
        };
        if let Some(role) = hub::register(client, code, &new, store.now_ms())? {
            return Ok(role);
        }
        store.set_terminal_code(&crate::terminal::random_code())?;
    }
    Err(SyncError::Hub(
        "no free terminal code on this hub".to_owned(),
    ))
}

/// Makes (or migrates) the hub at `url`, makes a shop holding this store's data, registers this
/// terminal and pushes the shop. Returns the shop's join code, for the other terminals. The URL's
/// user must be allowed to create roles; its password (in the URL, or in the environment variable
/// [`super::conn::ENV_ADMIN_PASSWORD`] when the URL has none) is not kept.
pub fn init_server(url: &str, store: &mut Store, name: &str) -> SyncResult<JoinCode> {
    let url = HubUrl::parse(url)?
        .with_admin_password(std::env::var(super::conn::ENV_ADMIN_PASSWORD).ok());
    if let Some(cfg) = local::load(store.conn())? {
        // Run again after an interruption (the hub unreachable after the shop was made): the
        // same server resumes with one round; another server is refused.
        let code = local::join_code(store)?.map(|c| JoinCode::decode(&c));
        return match code {
            Some(Ok(code)) if cfg.server == url.redacted() => {
                sync_once(store)?;
                Ok(code)
            }
            _ => Err(SyncError::AlreadyConfigured),
        };
    }
    let mut admin = url.connect_admin()?;
    hub::migrate(&mut admin, store.now_ms())?;
    let code = JoinCode::generate(uuid::Uuid::now_v7())?;
    let shop_id = code.shop_id.to_string();
    let sealed_key = store
        .key()
        .seal_for_transfer(&code.secret_text(), &shop_id)?;
    hub::create_shop(&mut admin, &code, &sealed_key, store.now_ms())?;
    let password = random_password()?;
    let role = match register_self(&mut admin, store, &code, name, &password) {
        // This terminal was registered by an init-server cut short before it saved anything
        // here: that unused registration (and its empty shop) goes, then again.
        Err(SyncError::Hub(m)) if m.contains("terminals_pkey") => {
            hub::drop_unused_registration(&mut admin, &store.terminal().id)?;
            register_self(&mut admin, store, &code, name, &password)?
        }
        other => other?,
    };
    drop(admin);
    // The configuration and the snapshot of the shop in one transaction: an init-server cut
    // short after it is resumed by running it again.
    local::save_new(store, &url, &shop_id, &role, &password, &code, snapshot)?;
    sync_once(store)?;
    tracing::info!(server = %url.redacted(), "sync hub ready; this terminal registered");
    Ok(code)
}

/// Writes the whole shop into `change_log` as inserts stamped now, and moves the push position
/// to just before them: the hub gets the shop as it is (data made before change capture
/// included), not its history.
fn snapshot(tx: &crate::store::Tx<'_>) -> crate::CoreResult<()> {
    let conn = tx.conn();
    let before: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
        r.get(0)
    })?;
    for t in sync_policy::synced() {
        let cols = capture::columns(conn, t)?;
        let key: Vec<String> = t.key.iter().map(|k| format!("t.{}", ident(k))).collect();
        let all: Vec<String> = cols
            .iter()
            .map(|c| format!("'{}', {}", c.name, capture::value_sql("t", c)))
            .collect();
        conn.execute(
            &format!(
                "INSERT INTO change_log
                   (table_name, row_key, op, data, hlc, terminal_id, user_id, tx_id)
                 SELECT ?1, json_array({}), 'I', json_object({}), ?2, ?3, NULL, ?4
                 FROM main.{} AS t",
                key.join(", "),
                all.join(", "),
                ident(t.table)
            ),
            params![t.table, tx.hlc(), tx.terminal().id, tx.tx_id()],
        )?;
    }
    conn.execute(
        "UPDATE sync_config SET pushed_seq = ?1, folded_seq = ?1",
        [before],
    )?;
    Ok(())
}

/// Registers this data folder as a new terminal of the shop whose join code is `code_text`,
/// then downloads the shop (an empty data folder is ready to sign in, without the setup
/// wizard) and sends this folder's own changes.
pub fn join(url: &str, code_text: &str, name: &str, store: &mut Store) -> SyncResult<SyncReport> {
    let url = HubUrl::parse(url)?;
    let code = JoinCode::decode(code_text)?;
    if let Some(cfg) = local::load(store.conn())? {
        // Run again after a join cut short once registered: the download goes on.
        if cfg.server == url.redacted() && cfg.shop_id == code.shop_id.to_string() {
            return sync_once(store);
        }
        return Err(SyncError::AlreadyConfigured);
    }
    let mut client = url
        .connect_as(&hub::join_role(&code.shop_id), &code.secret_text())
        .map_err(|e| match e {
            SyncError::Hub(m) if m.contains("28P01") || m.contains("password") => {
                SyncError::BadCode
            }
            other => other,
        })?;
    hub::check_protocol(&mut client)?;
    // The shop's key first: the shop's TOTP secrets, synced with the accounts, open here only
    // with it. This folder's own sealed values are sealed again with it.
    let shop_id = code.shop_id.to_string();
    match hub::shop_key(&mut client, &code)? {
        Some(sealed) => {
            let key = crate::keys::ShopKey::open_transfer(&code.secret_text(), &shop_id, &sealed)
                .ok_or(SyncError::BadCode)?;
            store.adopt_key(key)?;
        }
        None => tracing::warn!(
            "the sync hub holds no key for this shop (made by an older RPMA): two-factor codes of the shop's accounts will not open on this terminal"
        ),
    }
    let password = random_password()?;
    let role = match register_self(&mut client, store, &code, name, &password) {
        // Registered by a join cut short before it saved anything here: that registration
        // stays unused, this folder joins under a new identity.
        Err(SyncError::Hub(m)) if m.contains("terminals_pkey") => {
            let t = crate::terminal::Terminal {
                id: crate::ids::new_id(),
                code: crate::terminal::random_code(),
                created_at: store.now_ms(),
            };
            store.renew_terminal(t, |_, _| Ok(()))?;
            register_self(&mut client, store, &code, name, &password)?
        }
        other => other?,
    };
    drop(client);
    local::save_new(store, &url, &shop_id, &role, &password, &code, |_| Ok(()))?;
    tracing::info!(server = %url.redacted(), "joined the shop's sync hub");
    sync_once(store)
}

/// Connects as this terminal and checks the hub's protocol and that the terminal is not revoked.
pub(super) fn connect(store: &Store, cfg: &local::Config) -> SyncResult<Client> {
    if cfg.is_head_office() {
        return super::head_office::connect(store, cfg);
    }
    let password = local::password(store, cfg)?;
    let mut client = cfg.url()?.connect_as(&cfg.role, &password)?;
    hub::check_protocol(&mut client)?;
    let me: Option<String> = client
        .query_one("SELECT rpma_hub.my_terminal()", &[])?
        .get(0);
    if me.as_deref() != Some(store.terminal().id.as_str()) {
        return Err(SyncError::Revoked);
    }
    Ok(client)
}

/// One round: push this terminal's changes, then pull and merge the others'. The outcome is
/// recorded for `rpma sync status` (its time, or its error).
pub fn sync_once(store: &mut Store) -> SyncResult<SyncReport> {
    let result = round(store);
    let error = result.as_ref().err().map(ToString::to_string);
    local::record_round(store, error.as_deref())?;
    if let Some(e) = &error {
        tracing::warn!(error = %e, "sync round failed");
    }
    result
}

fn round(store: &mut Store) -> SyncResult<SyncReport> {
    let cfg = local::require(store.conn())?;
    if cfg.is_head_office() {
        return super::head_office::round(store, &cfg);
    }
    // Changes written outside Store::write get their clock from the next write.
    let unstamped: bool = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM change_log WHERE tx_id IS NULL)",
        [],
        |r| r.get(0),
    )?;
    if unstamped {
        store.write(None, |_| Ok(()))?;
    }
    // A new identity still to register (taken at a restore, or below).
    let cfg = super::renew::finish(store, cfg)?;
    // Step edits the others cannot have seen: a pulled edit of the same text is a clash.
    let unsent = super::conflicts::unsent_edits(store.conn(), cfg.pushed_seq)?;
    let shop_id = cfg.shop_id.clone();
    let mut client = connect(store, &cfg)?;
    let pushed = match push(store, &mut client, &cfg) {
        Err(SyncError::Rewound) => {
            // Restored from an older backup by other means than RPMA's restore: this folder
            // goes on as a new terminal of the shop (nothing it saves reuses its old identity's
            // positions), and gets back from the hub what its old identity had sent since.
            drop(client);
            super::renew::renew_local(store)?;
            let cfg = super::renew::finish(store, cfg)?;
            client = connect(store, &cfg)?;
            push(store, &mut client, &cfg)?
        }
        other => other?,
    };
    let (pulled, applied, rejected) = pull(store, &mut client, &unsent)?;
    let files_sent = super::blobs::push(store, &mut client)?;
    let files_fetched = super::blobs::pull(store, &mut client)?;
    // The shop's key for the head offices: not needed by this terminal's own sync.
    if let Err(e) = super::head_office_keys::share(store, &mut client, &shop_id) {
        tracing::warn!(error = %e, "the shop's key was not sealed for the head offices");
    }
    let report = SyncReport {
        pushed,
        pulled,
        applied,
        rejected,
        files_sent,
        files_fetched,
    };
    Ok(report)
}

type Row = (
    i64,
    String,
    String,
    String,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
);

/// Refuses to push from a change log that went back in time. A data folder restored from an
/// older backup numbers its next changes from where the backup was, reusing positions the hub
/// already holds: those changes would be skipped as duplicates and lost. What the hub holds past
/// the acknowledged position must be this log's own rows, identical (a crash after the hub
/// committed and before the acknowledgement was saved); anything else is a rewind.
fn check_not_rewound(
    store: &Store,
    client: &mut Client,
    me: &str,
    pushed_seq: i64,
) -> SyncResult<()> {
    let (matched, rewound) = matched_upto(store, client, me, pushed_seq)?;
    if rewound {
        tracing::error!(
            seq = matched + 1,
            "the change log is behind the sync hub: restored from an older backup"
        );
        return Err(SyncError::Rewound);
    }
    Ok(())
}

/// How far past `pushed_seq` the hub holds this log's changes of terminal `me`, identical: the
/// last such position, and whether the hub holds something else after it (a rewind).
pub(super) fn matched_upto(
    store: &Store,
    client: &mut Client,
    me: &str,
    pushed_seq: i64,
) -> SyncResult<(i64, bool)> {
    let mut after = pushed_seq;
    loop {
        let rows = client.query(
            "SELECT change_seq, tx_id FROM rpma_hub.changes
             WHERE terminal_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3",
            &[&me, &after, &(BATCH as i64)],
        )?;
        if rows.is_empty() {
            return Ok((after, false));
        }
        for r in rows {
            let seq: i64 = r.get(0);
            let hub_tx: Option<String> = r.get(1);
            let local: Option<Option<String>> =
                rusqlite::OptionalExtension::optional(store.conn().query_row(
                    "SELECT tx_id FROM change_log WHERE seq = ?1",
                    [seq],
                    |r| r.get(0),
                ))?;
            if local != Some(hub_tx) {
                return Ok((after, true));
            }
            after = seq;
        }
    }
}

fn push(store: &mut Store, client: &mut Client, cfg: &local::Config) -> SyncResult<usize> {
    let me = store.terminal().id.clone();
    check_not_rewound(store, client, &me, cfg.pushed_seq)?;
    let mut pushed_seq = cfg.pushed_seq;
    let mut total = 0;
    loop {
        let rows: Vec<Row> = {
            let mut st = store.conn().prepare_cached(
                "SELECT seq, table_name, row_key, op, data, hlc, user_id, tx_id FROM change_log
                 WHERE seq > ?1 AND hlc IS NOT NULL ORDER BY seq LIMIT ?2",
            )?;
            st.query_map(params![pushed_seq, BATCH as i64], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<Result<_, _>>()?
        };
        let Some(last) = rows.last().map(|r| r.0) else {
            break;
        };
        let mut seqs = Vec::with_capacity(rows.len());
        let mut tables = Vec::with_capacity(rows.len());
        let mut keys = Vec::with_capacity(rows.len());
        let mut ops = Vec::with_capacity(rows.len());
        let mut datas = Vec::with_capacity(rows.len());
        let mut hlcs = Vec::with_capacity(rows.len());
        let mut users = Vec::with_capacity(rows.len());
        let mut txs = Vec::with_capacity(rows.len());
        for (seq, table, key, op, data, hlc, user, tx) in rows {
            seqs.push(seq);
            tables.push(table);
            keys.push(key);
            ops.push(op);
            datas.push(data);
            hlcs.push(hlc);
            users.push(user);
            txs.push(tx);
        }
        let n = seqs.len();
        let mut tx = client.transaction()?;
        // One pusher per shop at a time: hub positions become visible in order, so a puller's
        // position never skips a change committed late.
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            &[&cfg.shop_id],
        )?;
        tx.execute(
            "INSERT INTO rpma_hub.changes
               (shop_id, terminal_id, change_seq, table_name, row_key, op, data, hlc, user_id, tx_id)
             SELECT $1, $2, u.* FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[],
                                           $7::text[], $8::bigint[], $9::text[], $10::text[]) AS u
             ON CONFLICT (terminal_id, change_seq) DO NOTHING",
            &[
                &cfg.shop_id,
                &me,
                &seqs,
                &tables,
                &keys,
                &ops,
                &datas,
                &hlcs,
                &users,
                &txs,
            ],
        )?;
        // The shop's online terminals learn of it at the commit ([`super::listen`]).
        super::listen::notify(&mut tx, &cfg.shop_id, &me)?;
        tx.commit()?;
        store.write(None, |tx| {
            tx.conn()
                .execute("UPDATE sync_config SET pushed_seq = ?1", [last])?;
            Ok(())
        })?;
        pushed_seq = last;
        total += n;
    }
    Ok(total)
}

fn parse_pulled(row: &postgres::Row) -> SyncResult<Pulled> {
    let bad = |what: &str| SyncError::Hub(format!("a pulled change is malformed: {what}"));
    let row_key: String = row.get(3);
    let row_key: Vec<Json> = serde_json::from_str(&row_key).map_err(|_| bad("row key"))?;
    let data: Option<String> = row.get(5);
    let data = match data {
        Some(d) => match serde_json::from_str(&d).map_err(|_| bad("data"))? {
            Json::Object(m) => m,
            _ => return Err(bad("data")),
        },
        None => serde_json::Map::new(),
    };
    let op: String = row.get(4);
    let op = match op.as_str() {
        "I" => Op::Insert,
        "U" => Op::Update,
        "D" => Op::Delete,
        _ => return Err(bad("op")),
    };
    Ok(Pulled {
        hub_seq: row.get(0),
        change: Change {
            seq: row.get(1),
            table: row.get(2),
            row_key,
            op,
            data,
            hlc: Some(row.get(6)),
            terminal_id: row.get(7),
            user_id: row.get(8),
            tx_id: row.get(9),
        },
    })
}

pub(super) fn pull(
    store: &mut Store,
    client: &mut Client,
    unsent: &super::conflicts::Unsent,
) -> SyncResult<(usize, usize, usize)> {
    let me = store.terminal().id.clone();
    let (mut pulled, mut applied, mut rejected) = (0, 0, 0);
    let mut applier = Applier::new();
    loop {
        let cfg = local::require(store.conn())?;
        let rows = client.query(
            "SELECT seq, change_seq, table_name, row_key, op, data, hlc, terminal_id, user_id, tx_id,
                    shop_id
             FROM rpma_hub.changes WHERE seq > $1 AND terminal_id <> $2 ORDER BY seq LIMIT $3",
            &[&cfg.pulled_seq, &me, &(BATCH as i64)],
        )?;
        if rows.is_empty() {
            // Own changes are folded even when nothing came, so the next pull finds them.
            store.apply_pulled(|tx| {
                let folded = merge::fold_local(tx.conn(), cfg.folded_seq)?;
                tx.conn()
                    .execute("UPDATE sync_config SET folded_seq = ?1", [folded])?;
                Ok(())
            })?;
            break;
        }
        let mut batch = rows
            .iter()
            .map(parse_pulled)
            .collect::<SyncResult<Vec<_>>>()?;
        let head = cfg.is_head_office();
        if head {
            for (p, r) in batch.iter_mut().zip(&rows) {
                super::head_office::qualify_account(&mut p.change, r.get(10));
            }
        }
        let last = batch.last().map_or(cfg.pulled_seq, |p| p.hub_seq);
        let (a, r) = store.apply_pulled(|tx| {
            let folded = merge::fold_local(tx.conn(), cfg.folded_seq)?;
            let (mut a, mut r) = (0, 0);
            for (p, row) in batch.iter().zip(&rows) {
                let qualified = if head {
                    super::head_office::qualify_on_clash(tx.conn(), &p.change, row.get(10))?.map(
                        |change| Pulled {
                            hub_seq: p.hub_seq,
                            change,
                        },
                    )
                } else {
                    None
                };
                let p = qualified.as_ref().unwrap_or(p);
                if head && super::head_office::shop_only(&p.change) {
                    continue;
                }
                match merge::apply(tx, &mut applier, p, unsent)? {
                    Outcome::Applied => a += 1,
                    Outcome::Superseded => {}
                    Outcome::Rejected => r += 1,
                }
                if head {
                    super::head_office::tag_shop(tx.conn(), &p.change, row.get(10))?;
                }
            }
            tx.conn().execute(
                "UPDATE sync_config SET pulled_seq = ?1, folded_seq = ?2",
                params![last, folded],
            )?;
            Ok((a, r))
        })?;
        pulled += batch.len();
        applied += a;
        rejected += r;
    }
    Ok((pulled, applied, rejected))
}
