//! The head office of a chain: a data folder that pulls every shop of the hub, read-only (reports
//! across shops), and never pushes.
//!
//! On the hub, a head office logs in as its own role (`rpma_h_…`), member of the group
//! `rpma_head_office`, which PostgreSQL lets read every row of every hub table (a row-level
//! security policy `TO rpma_head_office USING (true)` beside the shops' own) and write none (no
//! INSERT, UPDATE or DELETE privilege on any hub table, no hub function but the two that answer
//! "which shop am I", which answer nothing for it). The hub's owner makes it with
//! [`head_office`] (`rpma sync head-office <URL> --name <NAME>`), run in the head office's data
//! folder; its role's password is kept sealed there like a terminal's.
//!
//! Locally, the configuration is a terminal's with the shop [`HEAD_OFFICE`]: a round only pulls
//! (every shop's changes, merged as a terminal merges its shop's) and fetches photo files;
//! what is edited at the head office stays on that computer.

use postgres::Client;

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
/// Run again on the same server, it resumes the download; another server is refused.
pub fn head_office(url: &str, store: &mut Store, name: &str) -> SyncResult<SyncReport> {
    let url = HubUrl::parse(url)?
        .with_admin_password(std::env::var(super::conn::ENV_ADMIN_PASSWORD).ok());
    if let Some(cfg) = local::load(store.conn())? {
        if cfg.shop_id == HEAD_OFFICE && cfg.server == url.redacted() {
            return super::sync_once(store);
        }
        return Err(SyncError::AlreadyConfigured);
    }
    let mut admin = url.connect_admin()?;
    hub::check_protocol(&mut admin)?;
    // Hubs made before head offices existed get their part now.
    hub::migrate(&mut admin, store.now_ms())?;
    let role = role_of(&store.terminal().id);
    let password = random_password()?;
    let name = if name.trim().is_empty() {
        store.terminal().code.clone()
    } else {
        name.trim().to_owned()
    };
    let mut tx = admin.transaction()?;
    tx.execute(
        "INSERT INTO rpma_hub.head_offices (role, name, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (role) DO UPDATE SET name = excluded.name",
        &[&role, &name, &store.now_ms()],
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
             ELSE
                 EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE rpma_head_office',
                                current_setting('rpma.role'), current_setting('rpma.pw'));
             END IF;
         END $$;
         SELECT set_config('rpma.pw', '', true);",
    )?;
    tx.commit()?;
    drop(admin);
    local::save_head_office(store, &url, &role, &password)?;
    tracing::info!(server = %url.redacted(), "this data folder is a head office of the hub");
    super::sync_once(store)
}

/// Connects as the head office and checks the hub's protocol and that its role is still a head
/// office's.
pub(super) fn connect(store: &Store, cfg: &local::Config) -> SyncResult<Client> {
    let password = local::password(store, cfg)?;
    let mut client = cfg.url()?.connect_as(&cfg.role, &password)?;
    hub::check_protocol(&mut client)?;
    let ok: bool = client
        .query_one(
            "SELECT pg_has_role(session_user, 'rpma_head_office', 'MEMBER')",
            &[],
        )?
        .get(0);
    if !ok {
        return Err(SyncError::Revoked);
    }
    Ok(client)
}

/// A head office's round: pull every shop's changes, then the photo files. Nothing is pushed.
pub(super) fn round(store: &mut Store, cfg: &local::Config) -> SyncResult<SyncReport> {
    let unsent = super::conflicts::unsent_edits(store.conn(), cfg.pushed_seq)?;
    let mut client = connect(store, cfg)?;
    let (pulled, applied, rejected) = super::push_pull::pull(store, &mut client, &unsent)?;
    let files_fetched = super::blobs::pull(store, &mut client)?;
    Ok(SyncReport {
        pulled,
        applied,
        rejected,
        files_fetched,
        ..SyncReport::default()
    })
}

/// At a head office, the accounts of every shop meet in one database, where login names and
/// e-mail addresses are unique: each shop's are qualified by the end of its shop id
/// (`admin` of shop `…-8f3a1c2d` is `admin.8f3a1c2d`, `a@b.fr` is `a+8f3a1c2d@b.fr`).
pub(super) fn qualify_account(change: &mut crate::store::replay::Change, shop_id: &str) {
    if change.table != "users" {
        return;
    }
    let tag: String = shop_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .skip(24)
        .collect();
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

/// Every shop's id on the hub (a head office listens to each shop's channel).
pub(super) fn shops(client: &mut Client) -> SyncResult<Vec<String>> {
    Ok(client
        .query("SELECT id FROM rpma_hub.shops ORDER BY id", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect())
}
