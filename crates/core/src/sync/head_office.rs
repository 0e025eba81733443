//! The head office of a chain: a data folder that pulls every shop of the hub, read-only (reports
//! across shops), and never pushes.
//!
//! On the hub, a head office logs in as its own role (`rpma_h_…`), member of the group
//! `rpma_head_office`, which PostgreSQL lets read every row of every hub table (a row-level
//! security policy `TO rpma_head_office USING (true)` beside the shops' own) and write none (no
//! INSERT, UPDATE or DELETE privilege on any hub table, no hub function but the two that answer
//! "which shop am I", which answer nothing for it, and the one that publishes its own public key
//! for the shops' keys, [`super::head_office_keys`]). The hub's owner makes it with
//! [`head_office`] (`rpma sync head-office <URL> --name <NAME>`), run in the head office's data
//! folder; its role's password is kept sealed there like a terminal's. The owner lists the head
//! offices with [`list`] and revokes one with [`revoke`] (`--list`, `--revoke <NAME>`); running
//! [`head_office`] again in the revoked folder enables it again.
//!
//! The head office's own database holds every shop's rows: two shops' vehicles of one plate or
//! VIN (plain indexes there, [`crate::store::head_office`]), and two shops' jobs of one number
//! made before their terminals registered, or templates of one name ([`qualify_on_clash`]).
//!
//! Locally, the configuration is a terminal's with the shop [`HEAD_OFFICE`]: a round only pulls
//! (every shop's changes, merged as a terminal merges its shop's) and fetches photo files;
//! what is edited at the head office stays on that computer.

use postgres::Client;
use serde::Serialize;

use super::conn::HubUrl;
use super::push_pull::{SyncReport, random_password};
use super::{SyncError, SyncResult, hub, local};
use crate::Store;

/// The group role of every head office (cluster-wide, like [`hub::TERMINAL_GROUP`]).
pub const GROUP: &str = "rpma_head_office";

/// The shop id a head office's local configuration holds: every shop.
pub const HEAD_OFFICE: &str = "*";

/// The hub's part for head offices (run by [`hub::migrate`] after the tables exist).
pub(super) const SCHEMA: &str = r#"
DO $$ BEGIN
    CREATE ROLE rpma_head_office NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
CREATE TABLE IF NOT EXISTS rpma_hub.head_offices (
    role       text PRIMARY KEY,
    name       text NOT NULL,
    created_at bigint NOT NULL
);
-- When the hub's owner revoked it (its role can no longer log in nor read); NULL: enabled.
ALTER TABLE rpma_hub.head_offices ADD COLUMN IF NOT EXISTS revoked_at bigint;
ALTER TABLE rpma_hub.head_offices ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON rpma_hub.head_offices FROM PUBLIC;
GRANT USAGE ON SCHEMA rpma_hub TO rpma_head_office;
GRANT SELECT ON rpma_hub.hub_meta, rpma_hub.terminals, rpma_hub.changes, rpma_hub.blobs,
    rpma_hub.blob_chunks TO rpma_head_office;
GRANT SELECT (id, created_at) ON rpma_hub.shops TO rpma_head_office;
-- The shops' own policies call these: for a head office they answer NULL.
GRANT EXECUTE ON FUNCTION rpma_hub.my_shop(), rpma_hub.my_terminal() TO rpma_head_office;
DROP POLICY IF EXISTS head_office_read ON rpma_hub.shops;
CREATE POLICY head_office_read ON rpma_hub.shops FOR SELECT TO rpma_head_office USING (true);
DROP POLICY IF EXISTS head_office_read ON rpma_hub.terminals;
CREATE POLICY head_office_read ON rpma_hub.terminals FOR SELECT TO rpma_head_office
    USING (true);
DROP POLICY IF EXISTS head_office_read ON rpma_hub.changes;
CREATE POLICY head_office_read ON rpma_hub.changes FOR SELECT TO rpma_head_office USING (true);
DROP POLICY IF EXISTS head_office_read ON rpma_hub.blobs;
CREATE POLICY head_office_read ON rpma_hub.blobs FOR SELECT TO rpma_head_office USING (true);
DROP POLICY IF EXISTS head_office_read ON rpma_hub.blob_chunks;
CREATE POLICY head_office_read ON rpma_hub.blob_chunks FOR SELECT TO rpma_head_office
    USING (true);
"#;

/// The role of the head office whose data folder's terminal is `terminal_id`.
pub fn role_of(terminal_id: &str) -> String {
    format!("rpma_h_{}", terminal_id.replace('-', ""))
}

/// Makes this data folder a head office of the hub at `url`: as the hub's owner (the URL's user;
/// its password in the URL or [`super::conn::ENV_ADMIN_PASSWORD`], not kept), makes (or gives a
/// new password to) the head office's read-only role, saves it here, and downloads every shop.
/// Run again on the same server, it resumes the download, and enables again a head office the
/// owner had revoked ([`revoke`]); another server is refused.
pub fn head_office(url: &str, store: &mut Store, name: &str) -> SyncResult<SyncReport> {
    let url = HubUrl::parse(url)?
        .with_admin_password(std::env::var(super::conn::ENV_ADMIN_PASSWORD).ok());
    let revoked_role = match local::load(store.conn())? {
        Some(cfg) if cfg.is_head_office() && cfg.server == url.redacted() => {
            match super::sync_once(store) {
                Err(SyncError::HeadOfficeRevoked) => Some(cfg.role),
                other => return other,
            }
        }
        Some(_) => return Err(SyncError::AlreadyConfigured),
        None => None,
    };
    let mut admin = connect_owner(&url, store.now_ms())?;
    let role = revoked_role
        .clone()
        .unwrap_or_else(|| role_of(&store.terminal().id));
    let name = if name.trim().is_empty() {
        store.terminal().code.clone()
    } else {
        name.trim().to_owned()
    };
    let password = random_password()?;
    enable(&mut admin, &role, &name, &password, store.now_ms())?;
    drop(admin);
    if revoked_role.is_some() {
        local::set_password(store, &password)?;
        tracing::info!(server = %url.redacted(), "this head office was enabled again");
    } else {
        local::save_head_office(store, &url, &role, &password)?;
        tracing::info!(server = %url.redacted(), "this data folder is a head office of the hub");
    }
    super::sync_once(store)
}

/// Connects as the URL's user, refused unless it owns the hub, and completes the hub's schema
/// (hubs made before head offices, or before they could be revoked).
fn connect_owner(url: &HubUrl, now_ms: i64) -> SyncResult<Client> {
    let mut admin = url.connect_admin()?;
    let owner: Option<bool> = admin
        .query_one(
            "SELECT pg_has_role(current_user, (SELECT tableowner FROM pg_tables
                 WHERE schemaname = 'rpma_hub' AND tablename = 'hub_meta'), 'MEMBER')",
            &[],
        )?
        .get(0);
    match owner {
        None => return Err(SyncError::NoHub),
        Some(false) => return Err(SyncError::NotOwner),
        Some(true) => {}
    }
    hub::check_protocol(&mut admin)?;
    hub::migrate(&mut admin, now_ms)?;
    Ok(admin)
}

/// Makes the head office's role (or enables it again with a new password), as the owner.
fn enable(
    admin: &mut Client,
    role: &str,
    name: &str,
    password: &str,
    now_ms: i64,
) -> SyncResult<()> {
    let mut tx = admin.transaction()?;
    tx.execute(
        "INSERT INTO rpma_hub.head_offices (role, name, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (role) DO UPDATE SET name = excluded.name, revoked_at = NULL",
        &[&role, &name, &now_ms],
    )?;
    // CREATE ROLE takes no parameters: the values are quoted by format() on the server.
    tx.execute(
        "SELECT set_config('rpma.role', $1, true), set_config('rpma.pw', $2, true)",
        &[&role, &password],
    )?;
    tx.batch_execute(
        "DO $$ BEGIN
             IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_setting('rpma.role')) THEN
                 EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L',
                                current_setting('rpma.role'), current_setting('rpma.pw'));
                 EXECUTE format('GRANT rpma_head_office TO %I', current_setting('rpma.role'));
             ELSE
                 EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE rpma_head_office',
                                current_setting('rpma.role'), current_setting('rpma.pw'));
             END IF;
         END $$;
         SELECT set_config('rpma.pw', '', true);",
    )?;
    tx.commit()?;
    Ok(())
}

/// A head office as the hub's owner lists it (`rpma sync head-office <URL> --list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadOfficeInfo {
    /// Its PostgreSQL role (`rpma_h_…`), unique.
    pub role: String,
    /// The name given when it was made.
    pub name: String,
    /// When it was made (UTC ms).
    pub created_at: i64,
    /// When the owner revoked it (UTC ms); None while it is enabled.
    pub revoked_at: Option<i64>,
    /// Its role may log in (false once revoked).
    pub can_log_in: bool,
}

fn infos(client: &mut Client, role: Option<&str>) -> SyncResult<Vec<HeadOfficeInfo>> {
    Ok(client
        .query(
            "SELECT h.role, h.name, h.created_at, h.revoked_at, coalesce(r.rolcanlogin, false)
             FROM rpma_hub.head_offices h LEFT JOIN pg_roles r ON r.rolname = h.role
             WHERE $1::text IS NULL OR h.role = $1
             ORDER BY h.created_at, h.role",
            &[&role],
        )?
        .iter()
        .map(|r| HeadOfficeInfo {
            role: r.get(0),
            name: r.get(1),
            created_at: r.get(2),
            revoked_at: r.get(3),
            can_log_in: r.get(4),
        })
        .collect())
}

/// The hub's head offices, for its owner (refused to anyone else).
pub fn list(url: &str, now_ms: i64) -> SyncResult<Vec<HeadOfficeInfo>> {
    let url = HubUrl::parse(url)?
        .with_admin_password(std::env::var(super::conn::ENV_ADMIN_PASSWORD).ok());
    infos(&mut connect_owner(&url, now_ms)?, None)
}

/// Revokes the head office named `who` (its name, or its role when names are alike), as the
/// hub's owner: its role can no longer log in nor read any hub row (it leaves the group
/// [`GROUP`]), its open sessions are ended when the owner may, and the hub records when. Its
/// next round is refused with [`SyncError::HeadOfficeRevoked`]. Revoking it again changes
/// nothing.
pub fn revoke(url: &str, who: &str, now_ms: i64) -> SyncResult<HeadOfficeInfo> {
    let url = HubUrl::parse(url)?
        .with_admin_password(std::env::var(super::conn::ENV_ADMIN_PASSWORD).ok());
    let mut admin = connect_owner(&url, now_ms)?;
    let who = who.trim();
    let mut tx = admin.transaction()?;
    let roles: Vec<String> = tx
        .query(
            "SELECT role FROM rpma_hub.head_offices WHERE role = $1 OR name = $1
             ORDER BY role = $1 DESC, role",
            &[&who],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let role = match roles.as_slice() {
        [] => return Err(SyncError::NoSuchHeadOffice(who.to_owned())),
        [first, ..] if first == who => first.clone(),
        [only] => only.clone(),
        more => {
            return Err(SyncError::AmbiguousHeadOffice {
                name: who.to_owned(),
                count: more.len(),
            });
        }
    };
    tx.execute(
        "UPDATE rpma_hub.head_offices SET revoked_at = coalesce(revoked_at, $2) WHERE role = $1",
        &[&role, &now_ms],
    )?;
    // The shops' keys sealed for it: of no use to anyone else, and sealed again if enabled.
    tx.execute(
        "DELETE FROM rpma_hub.head_office_keys WHERE role = $1",
        &[&role],
    )?;
    tx.execute("SELECT set_config('rpma.role', $1, true)", &[&role])?;
    tx.batch_execute(
        "DO $$ BEGIN
             IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_setting('rpma.role')) THEN
                 EXECUTE format('ALTER ROLE %I NOLOGIN', current_setting('rpma.role'));
                 EXECUTE format('REVOKE rpma_head_office FROM %I', current_setting('rpma.role'));
             END IF;
         END $$;",
    )?;
    tx.commit()?;
    // Its sessions still open (a listening app) read nothing more without the group; ending
    // them needs a right the owner may lack: tried, not required.
    if let Err(e) = admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
        &[&role],
    ) {
        tracing::warn!(error = %e, "the revoked head office's open sessions were not ended");
    }
    tracing::info!(role = %role, "head office revoked");
    infos(&mut admin, Some(&role))?
        .pop()
        .ok_or(SyncError::NoSuchHeadOffice(role))
}

/// Connects as the head office and checks the hub's protocol and that its role is still a head
/// office's (a revoked one is refused with [`SyncError::HeadOfficeRevoked`]).
pub(super) fn connect(store: &Store, cfg: &local::Config) -> SyncResult<Client> {
    let password = local::password(store, cfg)?;
    let mut client = cfg
        .url()?
        .connect_as(&cfg.role, &password)
        .map_err(|e| match e {
            SyncError::Revoked => SyncError::HeadOfficeRevoked,
            other => other,
        })?;
    hub::check_protocol(&mut client)?;
    let ok: bool = client
        .query_one(
            "SELECT pg_has_role(session_user, 'rpma_head_office', 'MEMBER')",
            &[],
        )?
        .get(0);
    if !ok {
        return Err(SyncError::HeadOfficeRevoked);
    }
    Ok(client)
}

/// A head office's round: pull every shop's changes, then the photo files. Nothing is pushed.
pub(super) fn round(store: &mut Store, cfg: &local::Config) -> SyncResult<SyncReport> {
    let unsent = super::conflicts::unsent_edits(store.conn(), cfg.pushed_seq)?;
    let mut client = connect(store, cfg)?;
    let (pulled, applied, rejected) = super::push_pull::pull(store, &mut client, &unsent)?;
    tag_shops(store, &mut client)?;
    let files_fetched = super::blobs::pull(store, &mut client)?;
    // The shops' keys, so that their accounts' two-factor codes are checked here too.
    if let Err(e) = super::head_office_keys::receive(store, &mut client) {
        tracing::warn!(error = %e, "the shops' keys were not received");
    }
    Ok(SyncReport {
        pulled,
        applied,
        rejected,
        files_fetched,
        ..SyncReport::default()
    })
}

/// Changes a head office does not take: a shop's settings (security policy, opening hours,
/// time zone, numbering…) are the shop's own, and the head office keeps its own set, as it keeps
/// its own organisation (the shops' are kept beside it, tagged with their shop).
pub(super) fn shop_only(change: &crate::store::replay::Change) -> bool {
    change.table == "settings"
}

/// At a head office, the accounts of every shop meet in one database, where login names and
/// e-mail addresses are unique: each shop's are qualified by the end of its shop id
/// (`admin` of shop `…-8f3a1c2d` is `admin.8f3a1c2d`, `a@b.fr` is `a+8f3a1c2d@b.fr`).
pub(super) fn qualify_account(change: &mut crate::store::replay::Change, shop_id: &str) {
    if change.table != "users" {
        return;
    }
    let tag = shop_tag(shop_id);
    if let Some(serde_json::Value::String(u)) = change.data.get_mut("username") {
        *u = format!("{u}.{tag}");
    }
    if let Some(serde_json::Value::String(e)) = change.data.get_mut("email") {
        *e = match e.split_once('@') {
            Some((local, domain)) => format!("{local}+{tag}@{domain}"),
            None => format!("{e}+{tag}"),
        };
    }
}

/// The end of a shop's id that tells its rows apart at a head office (`8f3a1c2d`).
pub(crate) fn shop_tag(shop_id: &str) -> String {
    shop_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .skip(24)
        .collect()
}

/// Columns unique in a terminal's database whose values two shops can make alike: a job's
/// number made before its terminal registered (when two shops' terminals had drawn the same
/// code), a workflow template's code (the slug of its name: two shops' "Céramique").
const QUALIFIED_ON_CLASH: &[(&str, &str)] = &[("jobs", "number"), ("workflow_templates", "code")];

/// At a head office, a row whose [`QUALIFIED_ON_CLASH`] value another shop's row already holds
/// here keeps it qualified by the end of its shop's id (`20261207-K7QX-001.8f3a1c2d`), so that
/// both rows are kept (and what refers to them). Run as each change is applied (the clash is
/// with the rows held then). None: the change as it is.
pub(super) fn qualify_on_clash(
    conn: &rusqlite::Connection,
    change: &crate::store::replay::Change,
    shop_id: &str,
) -> crate::CoreResult<Option<crate::store::replay::Change>> {
    let Some((table, column)) = QUALIFIED_ON_CLASH.iter().find(|(t, _)| *t == change.table) else {
        return Ok(None);
    };
    let (Some(serde_json::Value::String(value)), Some(id)) = (
        change.data.get(*column),
        change.row_key.first().and_then(serde_json::Value::as_str),
    ) else {
        return Ok(None);
    };
    // Table and column names from the list above.
    let taken: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE {column} = ?1 AND id <> ?2)"),
        [value.as_str(), id],
        |r| r.get(0),
    )?;
    if !taken {
        return Ok(None);
    }
    let mut qualified = change.clone();
    let value = format!("{value}.{}", shop_tag(shop_id));
    qualified
        .data
        .insert((*column).into(), serde_json::Value::String(value));
    Ok(Some(qualified))
}

/// Every shop's id on the hub (a head office listens to each shop's channel).
pub(super) fn shops(client: &mut Client) -> SyncResult<Vec<String>> {
    Ok(client
        .query("SELECT id FROM rpma_hub.shops ORDER BY id", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// The tables whose rows a head office tags with their shop (local column `shop_id`, migration
/// 0016): the jobs (the jobs list and the calendar show one shop) and each shop's organisation
/// row (the shop's name).
pub const SHOP_TAGGED: &[&str] = &["organisation", "jobs"];

/// At a head office, tags the row a pulled change wrote with the shop it came from (a row keeps
/// the shop that first wrote it). Run as each change is applied.
pub(super) fn tag_shop(
    conn: &rusqlite::Connection,
    change: &crate::store::replay::Change,
    shop_id: &str,
) -> crate::CoreResult<()> {
    if change.op == crate::store::replay::Op::Delete
        || !SHOP_TAGGED.contains(&change.table.as_str())
    {
        return Ok(());
    }
    let Some(id) = change.row_key.first().and_then(serde_json::Value::as_str) else {
        return Ok(());
    };
    // Table names from the list above.
    conn.prepare_cached(&format!(
        "UPDATE {} SET shop_id = ?1 WHERE id = ?2 AND shop_id IS NULL",
        change.table
    ))?
    .execute([shop_id, id])?;
    Ok(())
}

/// At a head office, tags the rows pulled before their shop was recorded (a data folder made by
/// an older RPMA): each row's shop is the shop of the terminal that inserted it (the clock of its
/// insert, or of its `created_at`, in `sync_versions`, and the hub's terminals list). Rows the
/// head office made itself stay untagged. Costs one indexed look-up when nothing is left to tag. Returns how many
/// rows were tagged.
pub(super) fn tag_shops(store: &mut Store, client: &mut Client) -> SyncResult<usize> {
    // Rows another terminal made (their creation's clock is not this folder's) still untagged.
    let untagged: bool = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM jobs j WHERE shop_id IS NULL AND EXISTS (
                 SELECT 1 FROM sync_versions v WHERE v.table_name = 'jobs'
                 AND v.row_key = json_array(j.id) AND v.col IN ('*', 'created_at')
                 AND v.terminal_id <> ?1))
             OR EXISTS (SELECT 1 FROM organisation o WHERE shop_id IS NULL AND EXISTS (
                 SELECT 1 FROM sync_versions v WHERE v.table_name = 'organisation'
                 AND v.row_key = json_array(o.id) AND v.col IN ('*', 'created_at')
                 AND v.terminal_id <> ?1))",
        [&store.terminal().id],
        |r| r.get(0),
    )?;
    if !untagged {
        return Ok(0);
    }
    let terminals: Vec<(String, String)> = client
        .query("SELECT id, shop_id FROM rpma_hub.terminals", &[])?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let tagged = store.apply_pulled(|tx| {
        let conn = tx.conn();
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS hub_terminals (id TEXT PRIMARY KEY, shop_id TEXT);
             DELETE FROM temp.hub_terminals;",
        )?;
        let mut st =
            conn.prepare("INSERT INTO temp.hub_terminals (id, shop_id) VALUES (?1, ?2)")?;
        for (id, shop) in &terminals {
            st.execute([id, shop])?;
        }
        let mut n = 0;
        for table in SHOP_TAGGED {
            // Table names from the list above. A look-up per untagged row (the clock's primary
            // key), whatever the statistics say; the rows left untagged are counted out.
            let untagged = |conn: &rusqlite::Connection| -> rusqlite::Result<i64> {
                conn.query_row(
                    &format!("SELECT count(*) FROM {table} WHERE shop_id IS NULL"),
                    [],
                    |r| r.get(0),
                )
            };
            let before = untagged(conn)?;
            conn.execute(
                &format!(
                    "UPDATE {table} SET shop_id = (
                         SELECT t.shop_id FROM sync_versions v
                         JOIN temp.hub_terminals t ON t.id = v.terminal_id
                         WHERE v.table_name = '{table}' AND v.row_key = json_array({table}.id)
                           AND v.col IN ('*', 'created_at') LIMIT 1)
                     WHERE shop_id IS NULL"
                ),
                [],
            )?;
            n += usize::try_from(before - untagged(conn)?).unwrap_or(0);
        }
        conn.execute_batch("DROP TABLE temp.hub_terminals")?;
        Ok(n)
    })?;
    if tagged > 0 {
        tracing::info!(
            tagged,
            "head office: rows pulled earlier tagged with their shop"
        );
    }
    Ok(tagged)
}
