//! The hub: the schema `rpma_hub` in a PostgreSQL database, shared by every terminal of every
//! shop that syncs through it.
//!
//! - `hub_meta`: the sync protocol version ([`super::PROTOCOL`]); a terminal of another version is
//!   refused.
//! - `shops`: id, the SHA-256 of its join secret, its join role.
//! - `terminals`: id, shop, code (unique on the hub, checked at registration: it goes into job
//!   and document numbers, which a head office holds for every shop), name, the terminal's
//!   PostgreSQL role, revoked.
//! - `changes`: every terminal's pushed `change_log` rows, in push order (`seq`), unique by
//!   terminal and change number so that a retried push adds nothing.
//!
//! Separation is enforced by PostgreSQL: a terminal logs in as its own role (member of the group
//! `rpma_terminal`), and row-level security on every table lets it see its shop's rows only and
//! insert only its own changes. `rpma_hub.my_shop()` answers the session role's shop, nothing
//! when the terminal is revoked. A shop's join role (password: the join code's secret) may only
//! call `rpma_hub.register_terminal`, which checks the secret again.

use postgres::Client;

use super::code::JoinCode;
use super::{PROTOCOL, SyncError, SyncResult};

/// The group role of every terminal role (cluster-wide, shared by the hubs of a cluster).
pub const TERMINAL_GROUP: &str = "rpma_terminal";

/// The hub schema. Idempotent: running it again changes nothing (policies are replaced).
const SCHEMA: &str = r#"
DO $$ BEGIN
    CREATE ROLE rpma_terminal NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
CREATE SCHEMA IF NOT EXISTS rpma_hub;
CREATE TABLE IF NOT EXISTS rpma_hub.hub_meta (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    protocol   integer NOT NULL,
    created_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS rpma_hub.shops (
    id          text PRIMARY KEY,
    secret_hash text NOT NULL,
    join_role   text NOT NULL UNIQUE,
    created_at  bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS rpma_hub.terminals (
    id         text PRIMARY KEY,
    shop_id    text NOT NULL REFERENCES rpma_hub.shops (id),
    code       text NOT NULL,
    name       text NOT NULL,
    role       text NOT NULL UNIQUE,
    revoked    boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL,
    UNIQUE (shop_id, code)
);
CREATE TABLE IF NOT EXISTS rpma_hub.changes (
    seq         bigserial PRIMARY KEY,
    shop_id     text NOT NULL REFERENCES rpma_hub.shops (id),
    terminal_id text NOT NULL REFERENCES rpma_hub.terminals (id),
    change_seq  bigint NOT NULL,
    table_name  text NOT NULL,
    row_key     text NOT NULL,
    op          text NOT NULL CHECK (op IN ('I', 'U', 'D')),
    data        text,
    hlc         bigint NOT NULL,
    user_id     text,
    tx_id       text,
    UNIQUE (terminal_id, change_seq)
);
CREATE INDEX IF NOT EXISTS changes_shop_seq ON rpma_hub.changes (shop_id, seq);
ALTER TABLE rpma_hub.shops ADD COLUMN IF NOT EXISTS sealed_key text;

CREATE OR REPLACE FUNCTION rpma_hub.my_terminal() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, rpma_hub AS $f$
    SELECT id FROM rpma_hub.terminals WHERE role = session_user AND NOT revoked
$f$;
CREATE OR REPLACE FUNCTION rpma_hub.my_shop() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, rpma_hub AS $f$
    SELECT shop_id FROM rpma_hub.terminals WHERE role = session_user AND NOT revoked
$f$;

CREATE OR REPLACE FUNCTION rpma_hub.register_terminal(
    p_shop text, p_secret text, p_id text, p_code text, p_name text, p_password text,
    p_now bigint
) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, rpma_hub AS $f$
DECLARE r text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM rpma_hub.shops WHERE id = p_shop
                   AND secret_hash = encode(sha256(convert_to(p_secret, 'UTF8')), 'hex')) THEN
        RAISE EXCEPTION 'rpma: wrong join code';
    END IF;
    -- A terminal's code goes into its job and document numbers, which a head office holds
    -- for every shop: a code is taken once on the whole hub, not once per shop. The caller
    -- draws another code on this refusal (the same as the per-shop constraint's).
    PERFORM pg_advisory_xact_lock(7216332);
    IF EXISTS (SELECT 1 FROM rpma_hub.terminals WHERE code = p_code) THEN
        RAISE EXCEPTION 'rpma: terminal code % taken on this hub', p_code
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'terminals_shop_id_code_key';
    END IF;
    r := 'rpma_t_' || replace(p_id, '-', '');
    INSERT INTO rpma_hub.terminals (id, shop_id, code, name, role, created_at)
    VALUES (p_id, p_shop, p_code, p_name, r, p_now);
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE rpma_terminal', r, p_password);
    RETURN r;
END
$f$;

CREATE OR REPLACE FUNCTION rpma_hub.shop_key(p_shop text, p_secret text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, rpma_hub AS $f$
DECLARE k text;
BEGIN
    SELECT sealed_key INTO k FROM rpma_hub.shops WHERE id = p_shop
        AND secret_hash = encode(sha256(convert_to(p_secret, 'UTF8')), 'hex');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'rpma: wrong join code';
    END IF;
    RETURN k;
END
$f$;

CREATE OR REPLACE FUNCTION rpma_hub.revoke_terminal(p_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, rpma_hub AS $f$
DECLARE r text;
BEGIN
    SELECT role INTO r FROM rpma_hub.terminals WHERE id = p_id
        AND (shop_id = rpma_hub.my_shop()
             OR pg_has_role(session_user, (SELECT tableowner FROM pg_tables
                 WHERE schemaname = 'rpma_hub' AND tablename = 'terminals'), 'MEMBER'));
    IF r IS NULL THEN
        RAISE EXCEPTION 'rpma: no such terminal in this shop';
    END IF;
    UPDATE rpma_hub.terminals SET revoked = true WHERE id = p_id;
    EXECUTE format('ALTER ROLE %I NOLOGIN', r);
END
$f$;

ALTER TABLE rpma_hub.hub_meta ENABLE ROW LEVEL SECURITY;
ALTER TABLE rpma_hub.shops ENABLE ROW LEVEL SECURITY;
ALTER TABLE rpma_hub.terminals ENABLE ROW LEVEL SECURITY;
ALTER TABLE rpma_hub.changes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS meta_read ON rpma_hub.hub_meta;
CREATE POLICY meta_read ON rpma_hub.hub_meta FOR SELECT USING (true);
DROP POLICY IF EXISTS shop_read ON rpma_hub.shops;
CREATE POLICY shop_read ON rpma_hub.shops FOR SELECT USING (id = rpma_hub.my_shop());
DROP POLICY IF EXISTS terminal_read ON rpma_hub.terminals;
CREATE POLICY terminal_read ON rpma_hub.terminals FOR SELECT
    USING (shop_id = rpma_hub.my_shop());
DROP POLICY IF EXISTS change_read ON rpma_hub.changes;
CREATE POLICY change_read ON rpma_hub.changes FOR SELECT
    USING (shop_id = rpma_hub.my_shop());
DROP POLICY IF EXISTS change_write ON rpma_hub.changes;
CREATE POLICY change_write ON rpma_hub.changes FOR INSERT
    WITH CHECK (shop_id = rpma_hub.my_shop() AND terminal_id = rpma_hub.my_terminal());

REVOKE ALL ON ALL TABLES IN SCHEMA rpma_hub FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA rpma_hub FROM PUBLIC;
GRANT USAGE ON SCHEMA rpma_hub TO rpma_terminal;
GRANT SELECT ON rpma_hub.hub_meta, rpma_hub.terminals TO rpma_terminal;
GRANT SELECT (id, created_at) ON rpma_hub.shops TO rpma_terminal;
GRANT SELECT, INSERT ON rpma_hub.changes TO rpma_terminal;
GRANT USAGE ON SEQUENCE rpma_hub.changes_seq_seq TO rpma_terminal;
GRANT EXECUTE ON FUNCTION rpma_hub.my_shop(), rpma_hub.my_terminal(),
    rpma_hub.revoke_terminal(text) TO rpma_terminal;
"#;

/// Creates the hub schema, or checks and completes an existing one. Refused when the hub holds
/// another protocol version. Runs as the URL's user (who must be allowed to create roles).
pub fn migrate(admin: &mut Client, now_ms: i64) -> SyncResult<()> {
    let existing: Option<i32> = admin
        .query_one(
            "SELECT CASE WHEN to_regclass('rpma_hub.hub_meta') IS NULL THEN NULL ELSE
                 (SELECT protocol FROM rpma_hub.hub_meta) END",
            &[],
        )
        .ok()
        .and_then(|r| r.get(0));
    if let Some(v) = existing
        && v != PROTOCOL
    {
        return Err(SyncError::Protocol {
            hub: v,
            ours: PROTOCOL,
        });
    }
    let mut tx = admin.transaction()?;
    // Two terminals making the hub at once: one waits for the other.
    tx.execute("SELECT pg_advisory_xact_lock(7216331)", &[])?;
    tx.batch_execute(SCHEMA)?;
    tx.batch_execute(super::blobs::SCHEMA)?;
    tx.batch_execute(super::head_office::SCHEMA)?;
    tx.batch_execute(super::head_office_keys::SCHEMA)?;
    tx.execute(
        "INSERT INTO rpma_hub.hub_meta (protocol, created_at) VALUES ($1, $2)
         ON CONFLICT (singleton) DO NOTHING",
        &[&PROTOCOL, &now_ms],
    )?;
    tx.commit()?;
    Ok(())
}

/// Refused unless the hub speaks this build's protocol.
pub fn check_protocol(client: &mut Client) -> SyncResult<()> {
    let row = client.query_opt("SELECT protocol FROM rpma_hub.hub_meta", &[])?;
    let Some(row) = row else {
        return Err(SyncError::NoHub);
    };
    let hub: i32 = row.get(0);
    if hub == PROTOCOL {
        Ok(())
    } else {
        Err(SyncError::Protocol {
            hub,
            ours: PROTOCOL,
        })
    }
}

/// The join role of a shop.
pub fn join_role(shop_id: &uuid::Uuid) -> String {
    format!("rpma_join_{}", shop_id.simple())
}

/// The PostgreSQL role of a terminal (as `rpma_hub.register_terminal` names it).
pub fn terminal_role(terminal_id: &str) -> String {
    format!("rpma_t_{}", terminal_id.replace('-', ""))
}

/// Makes a shop and its join role (password: the code's secret), as the administrator. The
/// shop's key travels sealed with the join secret (`sealed_key`,
/// [`crate::keys::ShopKey::seal_for_transfer`]): the hub cannot open it.
pub fn create_shop(
    admin: &mut Client,
    code: &JoinCode,
    sealed_key: &str,
    now_ms: i64,
) -> SyncResult<()> {
    let role = join_role(&code.shop_id);
    let secret = code.secret_text();
    let mut tx = admin.transaction()?;
    tx.execute(
        "INSERT INTO rpma_hub.shops (id, secret_hash, join_role, created_at, sealed_key)
         VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), $3, $4, $5)",
        &[
            &code.shop_id.to_string(),
            &secret,
            &role,
            &now_ms,
            &sealed_key,
        ],
    )?;
    // CREATE ROLE takes no parameters: the values are quoted by format() on the server.
    tx.execute(
        "SELECT set_config('rpma.role', $1, true), set_config('rpma.pw', $2, true)",
        &[&role, &secret],
    )?;
    tx.batch_execute(
        "DO $$ BEGIN
             EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L',
                            current_setting('rpma.role'), current_setting('rpma.pw'));
             EXECUTE format('GRANT USAGE ON SCHEMA rpma_hub TO %I', current_setting('rpma.role'));
             EXECUTE format('GRANT SELECT ON rpma_hub.hub_meta TO %I', current_setting('rpma.role'));
             EXECUTE format('GRANT EXECUTE ON FUNCTION rpma_hub.register_terminal(text, text, text, text, text, text, bigint) TO %I',
                            current_setting('rpma.role'));
             EXECUTE format('GRANT EXECUTE ON FUNCTION rpma_hub.shop_key(text, text) TO %I',
                            current_setting('rpma.role'));
         END $$;
         SELECT set_config('rpma.pw', '', true);",
    )?;
    tx.commit()?;
    Ok(())
}

/// A terminal to register.
#[derive(Clone)]
pub struct NewTerminal<'a> {
    /// The terminal's id.
    pub id: &'a str,
    /// Its code.
    pub code: &'a str,
    /// Its name.
    pub name: &'a str,
    /// The password its role gets.
    pub password: &'a str,
}

/// Registers a terminal with the shop's join code (as the join role or the administrator) and
/// returns its role's name. A code already used by another terminal of the shop is refused
/// (`Ok(None)`): the caller draws another.
pub fn register(
    client: &mut Client,
    code: &JoinCode,
    t: &NewTerminal<'_>,
    now_ms: i64,
) -> SyncResult<Option<String>> {
    let r = client.query_one(
        "SELECT rpma_hub.register_terminal($1, $2, $3, $4, $5, $6, $7)",
        &[
            &code.shop_id.to_string(),
            &code.secret_text(),
            &t.id,
            &t.code,
            &t.name,
            &t.password,
            &now_ms,
        ],
    );
    match r {
        Ok(row) => Ok(Some(row.get(0))),
        Err(e)
            if e.as_db_error().is_some_and(|d| {
                d.code() == &postgres::error::SqlState::UNIQUE_VIOLATION
                    && d.constraint() == Some("terminals_shop_id_code_key")
            }) =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes, as the hub's administrator, the registration of `terminal_id` left by an
/// `init-server` cut short before it saved anything on its terminal: refused (nothing removed)
/// when that terminal has pushed changes or its shop has other terminals. Its shop, roles and
/// files go with it.
pub fn drop_unused_registration(admin: &mut Client, terminal_id: &str) -> SyncResult<()> {
    let mut tx = admin.transaction()?;
    let Some(row) = tx.query_opt(
        "SELECT t.shop_id, t.role, s.join_role FROM rpma_hub.terminals t
         JOIN rpma_hub.shops s ON s.id = t.shop_id WHERE t.id = $1",
        &[&terminal_id],
    )?
    else {
        return Ok(());
    };
    let (shop, role, join_role): (String, String, String) = (row.get(0), row.get(1), row.get(2));
    let used: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM rpma_hub.changes WHERE terminal_id = $1)
                 OR EXISTS (SELECT 1 FROM rpma_hub.terminals WHERE shop_id = $2 AND id <> $1)",
            &[&terminal_id, &shop],
        )?
        .get(0);
    if used {
        return Err(SyncError::Hub(
            "this terminal is already registered on that sync server".to_owned(),
        ));
    }
    tx.execute(
        "DELETE FROM rpma_hub.blob_chunks WHERE shop_id = $1",
        &[&shop],
    )?;
    tx.execute("DELETE FROM rpma_hub.blobs WHERE shop_id = $1", &[&shop])?;
    tx.execute(
        "DELETE FROM rpma_hub.terminals WHERE id = $1",
        &[&terminal_id],
    )?;
    tx.execute("DELETE FROM rpma_hub.shops WHERE id = $1", &[&shop])?;
    for r in [role, join_role] {
        // Role names are made by the hub itself (`rpma_t_…`, `rpma_join_…`): quoted as idents.
        let r = r.replace('"', "");
        tx.batch_execute(&format!(
            "DROP OWNED BY \"{r}\"; DROP ROLE IF EXISTS \"{r}\""
        ))?;
    }
    tx.commit()?;
    tracing::warn!("an unused registration left by an interrupted init-server was removed");
    Ok(())
}

/// The shop's key as the hub keeps it (sealed with the join secret), for a terminal joining with
/// the join code; None for a shop made before keys travelled. A wrong code is refused.
pub fn shop_key(client: &mut Client, code: &JoinCode) -> SyncResult<Option<String>> {
    let row = client
        .query_one(
            "SELECT rpma_hub.shop_key($1, $2)",
            &[&code.shop_id.to_string(), &code.secret_text()],
        )
        .map_err(|e| match e.as_db_error() {
            Some(d) if d.message().contains("wrong join code") => SyncError::BadCode,
            _ => e.into(),
        })?;
    Ok(row.get(0))
}

/// Revokes a terminal of the caller's shop (or any, as the hub's owner): it is marked revoked
/// and its role can no longer log in.
pub fn revoke(client: &mut Client, terminal_id: &str) -> SyncResult<()> {
    client.execute("SELECT rpma_hub.revoke_terminal($1)", &[&terminal_id])?;
    Ok(())
}

/// The terminals of the caller's shop: (id, code, name, revoked).
pub fn terminals(client: &mut Client) -> SyncResult<Vec<(String, String, String, bool)>> {
    Ok(client
        .query(
            "SELECT id, code, name, revoked FROM rpma_hub.terminals ORDER BY created_at, id",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect())
}
