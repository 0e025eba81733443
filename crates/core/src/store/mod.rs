//! The SQLite store. One [`Store`] owns one connection; in the app only the database worker
//! thread holds it. Every write goes through [`Store::write`], one transaction per use case, which
//! is also where the audit log (and its keyed head) and the change capture (see [`capture`])
//! hook in.

pub mod capture;
#[cfg(test)]
mod chain_tests;
pub mod check;
pub mod head_office;
pub mod hlc;
pub mod migrations;
pub mod rekey;
pub mod replay;
#[cfg(test)]
mod replay_tests;
pub mod soft_delete;
pub mod sync_policy;
#[cfg(test)]
mod sync_tests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use rusqlite::Connection;
use rusqlite::{OpenFlags, TransactionBehavior};

use crate::audit::{self, AuditEntry};
use crate::clock::{self, SharedClock};
use crate::error::{CoreError, CoreResult};
use crate::fsutil;
use crate::keys::{LoadedKey, ShopKey};
use crate::terminal::{self, Terminal};

/// How long a writer waits for another connection's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a database file for reading only (exports, reports) — safe while the app has it open
/// (WAL lets readers run beside the writer). Refused when the schema is not this version's
/// (`rpma db migrate`, or opening the app, brings it up to date).
pub fn open_read_only(path: &Path) -> CoreResult<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let level = migrations::ensure_not_newer(&conn)?;
    if level < migrations::LATEST_LEVEL {
        return Err(CoreError::Refused {
            key: "err-schema-old",
        });
    }
    Ok(conn)
}

/// The schema level of a database file, read without changing anything (read-only, any level):
/// `rpma update rollback` compares it with the kept binary's.
pub fn schema_level_of_file(path: &Path) -> CoreResult<i64> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    migrations::schema_level(&conn)
}

/// The database: a connection with RPMA's pragmas and schema, and the shop's key (kept outside
/// the database, [`crate::keys`]).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    clock: SharedClock,
    key: ShopKey,
    photo_root: Option<PathBuf>,
    terminal: Terminal,
    /// The last hybrid-logical-clock value used or seen.
    hlc: i64,
    /// Why the last write was refused by the disk, until one succeeds.
    fault: Option<crate::fault::StorageFault>,
    /// The connection was handed out by [`Store::read_as`] and is read-only (`query_only`)
    /// until the next use case.
    read_only: std::cell::Cell<bool>,
    /// Test hook: every use case meets a read-only database (a disk that refuses writes).
    refuse_writes: std::cell::Cell<bool>,
}

/// What [`Store::open`] did to the schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Level found in the file before opening (0 for a new file).
    pub level_before: i64,
    /// Levels applied now.
    pub applied: Vec<i64>,
    /// Copy of the database taken before migrating an existing file, if one was taken.
    pub pre_migration_copy: Option<PathBuf>,
}

fn map_open_error(path: &Path, e: rusqlite::Error) -> CoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            CoreError::NotADatabase {
                path: path.to_owned(),
                detail: e.to_string(),
            }
        }
        _ => CoreError::Db(e),
    }
}

/// The files SQLite keeps beside a database (write-ahead log, shared memory, rollback journal).
fn side_files(path: &Path) -> [PathBuf; 3] {
    ["-wal", "-shm", "-journal"].map(|suffix| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    })
}

/// Makes sure the database file exists private to the owner before SQLite opens it: SQLite
/// creates its write-ahead log and shared-memory files with the database file's permissions,
/// so they are private too. Files left more open by an older version are closed (Unix).
fn prepare_private_file(path: &Path) -> CoreResult<()> {
    let in_a_folder = path
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir());
    if !path.exists() && in_a_folder {
        match fsutil::create_private_new(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(CoreError::io(path, e)),
        }
    }
    for p in std::iter::once(path.to_owned()).chain(side_files(path)) {
        fsutil::make_private(&p)?;
    }
    Ok(())
}

/// Opens a connection without changing anything in the file, and reads its schema level.
/// A database from a newer RPMA is refused here, before any pragma that could write to it.
pub fn open_raw(path: &Path) -> CoreResult<(Connection, i64)> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| map_open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let level = migrations::ensure_not_newer(&conn).map_err(|e| match e {
        CoreError::Db(inner) => map_open_error(path, inner),
        other => other,
    })?;
    Ok((conn, level))
}

/// Applies RPMA's connection settings: WAL, full fsync on commit, foreign keys.
fn apply_pragmas(conn: &Connection, in_memory: bool) -> CoreResult<()> {
    if !in_memory {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "WAL could not be enabled");
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A 32 MB page cache (SQLite's default is 2 MB): a large shop's list, calendar and search
    // pages stay in memory instead of being read back from disk on every query.
    conn.pragma_update(None, "cache_size", -32_768)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
}

impl Store {
    /// Opens (creating if needed, private to the owner) the database file, refuses a newer schema
    /// without touching the file, applies the pragmas and the pending migrations. Before
    /// migrating a database that already holds data, a copy is taken beside it
    /// (`rpma.db.pre-vN.bak`). Loads the shop's key from beside the database, creating it on
    /// first open ([`crate::keys`]), then brings the data up to this version: TOTP secrets still
    /// in clear are sealed, and the audit log gets its keyed head ([`crate::audit_head`]).
    pub fn open(path: &Path) -> CoreResult<(Self, OpenReport)> {
        Self::open_with_clock(path, clock::system())
    }

    /// [`Store::open`] with a chosen clock.
    pub fn open_with_clock(path: &Path, clock: SharedClock) -> CoreResult<(Self, OpenReport)> {
        prepare_private_file(path)?;
        let (mut conn, level_before) = open_raw(path)?;
        apply_pragmas(&conn, false)?;
        let mut report = OpenReport {
            level_before,
            ..OpenReport::default()
        };
        if level_before > 0 && level_before < migrations::LATEST_LEVEL {
            let copy = path.with_extension(format!("db.pre-v{level_before}.bak"));
            if !copy.exists() {
                // An empty private file first: VACUUM INTO fills it and keeps its permissions.
                fsutil::create_private_new(&copy).map_err(|e| CoreError::io(&copy, e))?;
                conn.execute("VACUUM INTO ?1", [copy.to_string_lossy().as_ref()])?;
                report.pre_migration_copy = Some(copy);
            }
        }
        report.applied = migrations::migrate(&mut conn)?;
        head_office::at_open(&mut conn)?;
        rekey::settle(path, &conn)?;
        let loaded = ShopKey::load_or_create(path)?;
        let mut store = Self::ready(conn, Some(path.to_owned()), clock, loaded)?;
        rekey::after_restore(&mut store, path)?;
        for p in std::iter::once(path.to_owned()).chain(side_files(path)) {
            fsutil::make_private(&p)?;
        }
        Ok((store, report))
    }

    /// Loads the terminal and the clock (the built-in rows come from the migrations), installs
    /// the change capture,
    /// then brings the data up to this version in one captured use case: TOTP secrets still in
    /// clear are sealed, and the audit log gets its keyed head.
    fn ready(
        conn: Connection,
        path: Option<PathBuf>,
        clock: SharedClock,
        loaded: LoadedKey,
    ) -> CoreResult<Self> {
        let terminal = terminal::load_or_create(&conn, clock.now_ms())?;
        let hlc = hlc::load(&conn)?;
        capture::install(&conn, &terminal.id)?;
        let photo_root = path
            .as_deref()
            .and_then(Path::parent)
            .map(|d| d.join("photos"));
        let mut store = Self {
            conn,
            path,
            clock,
            key: loaded.key,
            photo_root,
            terminal,
            hlc,
            fault: None,
            read_only: std::cell::Cell::new(false),
            refuse_writes: std::cell::Cell::new(false),
        };
        store.write(None, |tx| {
            crate::auth::totp_store::seal_plain_secrets(tx.conn(), tx.key())?;
            rekey::record_check(tx.conn(), tx.key(), tx.now())?;
            crate::audit_head::seal_at_open(
                tx.conn(),
                tx.key(),
                &tx.terminal().id,
                loaded.created,
                tx.now(),
            )
        })?;
        Ok(store)
    }

    /// A fresh in-memory database at the latest schema; for tests and benches.
    pub fn open_in_memory() -> CoreResult<Self> {
        Self::open_in_memory_with_clock(clock::system())
    }

    /// [`Store::open_in_memory`] with a chosen clock.
    pub fn open_in_memory_with_clock(clock: SharedClock) -> CoreResult<Self> {
        let mut conn = Connection::open_in_memory()?;
        apply_pragmas(&conn, true)?;
        migrations::migrate(&mut conn)?;
        let loaded = LoadedKey {
            key: ShopKey::generate()?,
            created: true,
        };
        Self::ready(conn, None, clock, loaded)
    }

    /// The file behind this store (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The shop's key (TOTP secrets, audit head). An in-memory store has a key of its own for
    /// the run.
    pub(crate) fn key(&self) -> &ShopKey {
        &self.key
    }

    /// The photo folder of this database's data folder (`<folder of the database>/photos`);
    /// none for an in-memory store unless [`Store::set_photo_root`] gave one.
    pub fn photo_store(&self) -> Option<crate::photos::PhotoStore> {
        self.photo_root.clone().map(crate::photos::PhotoStore::new)
    }

    /// Sets the photo folder (for an in-memory store in tests and benches).
    pub fn set_photo_root(&mut self, root: impl Into<PathBuf>) {
        self.photo_root = Some(root.into());
    }

    /// The clock the store stamps rows with.
    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }

    /// Current time from the store's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Read access inside the core. Writes must go through [`Store::write`]; callers outside the
    /// core read through [`Store::read_as`] (a signed-in session) or a service.
    #[cfg(not(any(test, feature = "test-support")))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Read access (the workspace's tests inspect the database directly, and their fixtures
    /// write through it).
    #[cfg(any(test, feature = "test-support"))]
    pub fn conn(&self) -> &Connection {
        if let Err(e) = self.set_read_only(self.refuse_writes.get()) {
            tracing::error!("query_only off: {e}");
        }
        &self.conn
    }

    /// Test hook: from now on every use case meets a database that refuses writes (as a disk
    /// gone read-only), until turned off.
    #[cfg(any(test, feature = "test-support"))]
    pub fn refuse_writes_for_tests(&self, on: bool) -> CoreResult<()> {
        self.refuse_writes.set(on);
        self.set_read_only(on)
    }

    /// Turns `PRAGMA query_only` on or off when it changes.
    fn set_read_only(&self, on: bool) -> CoreResult<()> {
        if self.read_only.get() != on {
            self.conn.pragma_update(None, "query_only", on)?;
            self.read_only.set(on);
        }
        Ok(())
    }

    /// After a panic in a use case: a transaction left open (one not rolled back by a dropped
    /// `Transaction`) is rolled back, so that the next use case starts on a consistent store.
    /// Returns whether one was open.
    pub fn roll_back_leftovers(&self) -> bool {
        if self.conn.is_autocommit() {
            return false;
        }
        if let Err(e) = self.conn.execute_batch("ROLLBACK") {
            tracing::error!("rollback after a panic failed: {e}");
        }
        true
    }

    /// Read access for `session`: the session's account as stored now must be active with a
    /// complete sign-in ([`crate::users::current_actor`]), or nothing is read. The reads that
    /// return what a role may not see (accounts, audit, settings, trash, statistics, dashboard
    /// figures) check their own permission on top of this one (their `_as` forms).
    ///
    /// The connection is read-only (`PRAGMA query_only`) until the next [`Store::write`]: a
    /// caller cannot write through it, only the services can.
    pub fn read_as(&self, session: &crate::Session) -> CoreResult<&Connection> {
        crate::users::current_actor(
            &self.conn,
            session,
            crate::auth::permissions::Action::EditOwnProfile,
        )?;
        self.set_read_only(true)?;
        Ok(&self.conn)
    }

    /// This terminal (data folder): its id and short code.
    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    /// The last hybrid-logical-clock value this store used or saw.
    pub fn hlc(&self) -> i64 {
        self.hlc
    }

    /// Runs one use case in one IMMEDIATE transaction: everything `f` writes commits together, or
    /// nothing does (an error from `f` rolls back). Every change to a synced table is captured in
    /// `change_log` in the same transaction, stamped with one transaction id, one clock value and
    /// the acting user. A write refused by the disk is remembered ([`Store::storage_fault`]) until
    /// one succeeds.
    ///
    /// Crate-private: callers outside the core write through the services, which check the
    /// session inside the transaction (the workspace's tests may write fixtures directly).
    #[cfg(not(any(test, feature = "test-support")))]
    pub(crate) fn write<T>(
        &mut self,
        actor: Option<&str>,
        f: impl FnOnce(&mut Tx<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        self.write_use_case(actor, f)
    }

    /// See the crate-private form: the workspace's tests write fixtures directly.
    #[cfg(any(test, feature = "test-support"))]
    pub fn write<T>(
        &mut self,
        actor: Option<&str>,
        f: impl FnOnce(&mut Tx<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        self.write_use_case(actor, f)
    }

    fn write_use_case<T>(
        &mut self,
        actor: Option<&str>,
        f: impl FnOnce(&mut Tx<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        let result = self.run(actor, true, f);
        match &result {
            Ok(_) => self.fault = None,
            Err(e) => {
                if let Some(fault) = crate::fault::of(e) {
                    self.fault = Some(fault);
                }
            }
        }
        result
    }

    /// Why the last write was refused by the disk, until a write succeeds again.
    pub fn storage_fault(&self) -> Option<crate::fault::StorageFault> {
        self.fault
    }

    /// Applies changes pulled from other terminals: like [`Store::write`], but nothing is captured
    /// (the changes are already in their terminal's log), and the clock moves past every value
    /// passed to [`Tx::observe_hlc`].
    pub(crate) fn apply_pulled<T>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        let out = self.run(None, false, f)?;
        self.hlc = self.hlc.max(hlc::load(&self.conn)?);
        Ok(out)
    }

    fn run<T>(
        &mut self,
        actor: Option<&str>,
        capture: bool,
        f: impl FnOnce(&mut Tx<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        self.set_read_only(self.refuse_writes.get())?;
        let now = self.clock.now_ms();
        let tx_id = crate::ids::new_id();
        let key = &self.key;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another connection (the background sync) may have applied newer clocks since this
        // store's last write: read them under the write lock, so this write comes after them.
        let hlc = hlc::tick(self.hlc.max(hlc::load(&tx)?), now);
        self.hlc = hlc;
        capture::begin(&tx, &tx_id, hlc, actor, capture)?;
        let mut wrapped = Tx {
            tx,
            now,
            actor: actor.map(str::to_owned),
            terminal: &self.terminal,
            hlc,
            tx_id,
            key,
        };
        let out = f(&mut wrapped)?;
        capture::end(&wrapped.tx)?;
        wrapped.tx.commit()?;
        Ok(out)
    }

    /// Changes this terminal's short code (refused unless 2 to 4 upper-case letters or digits);
    /// audited. Numbers already given keep their code.
    pub fn set_terminal_code(&mut self, code: &str) -> CoreResult<()> {
        let before = self.terminal.code.clone();
        self.write(None, |tx| {
            terminal::set_code(tx.conn(), code)?;
            tx.audit(AuditEntry {
                action: "terminal.code",
                entity: "terminal",
                entity_id: Some(&tx.terminal().id),
                before: Some(serde_json::json!({ "code": before })),
                after: Some(serde_json::json!({ "code": code })),
            })
        })?;
        self.terminal.code = code.to_owned();
        Ok(())
    }

    /// Stops change capture on this connection until the store is opened again: what it writes
    /// next is not in the change log, as if it had been pulled. For the bench generator of a
    /// chain (a head-office terminal holds other terminals' data, never its own changes).
    pub fn stop_capture(&self) -> CoreResult<()> {
        let names: Vec<String> = self
            .conn
            .prepare(
                "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'sync_%'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for n in names {
            self.conn
                .execute_batch(&format!("DROP TRIGGER temp.\"{n}\""))?;
        }
        Ok(())
    }

    /// Writes the WAL into the main file (used before copies and at shutdown).
    pub fn checkpoint(&self) -> CoreResult<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// A write transaction with the use case's time, acting user, terminal and clock value.
#[derive(Debug)]
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    now: i64,
    actor: Option<String>,
    terminal: &'a Terminal,
    hlc: i64,
    tx_id: String,
    key: &'a ShopKey,
}

impl Tx<'_> {
    /// The connection inside the transaction.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The time of this use case (one value for every row it stamps).
    pub fn now(&self) -> i64 {
        self.now
    }

    /// The acting user's id, when a user acts.
    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// The terminal this transaction runs on.
    pub fn terminal(&self) -> &Terminal {
        self.terminal
    }

    /// This transaction's hybrid-logical-clock value (one for all its changes).
    pub fn hlc(&self) -> i64 {
        self.hlc
    }

    /// This transaction's id (UUIDv7), as captured in `change_log`.
    pub fn tx_id(&self) -> &str {
        &self.tx_id
    }

    /// Records a clock value received from another terminal (see [`Store::apply_pulled`]).
    pub fn observe_hlc(&self, remote: i64) -> CoreResult<()> {
        hlc::observe(&self.tx, remote)
    }

    /// The shop's key.
    pub(crate) fn key(&self) -> &ShopKey {
        self.key
    }

    /// Appends an entry to this terminal's hash-chained audit log and moves its keyed head, in
    /// this transaction.
    /// The personal values of an entry about a client are sealed with the client's key first
    /// ([`crate::personal`]).
    pub fn audit(&self, mut entry: AuditEntry<'_>) -> CoreResult<()> {
        crate::personal::seal_entry(&self.tx, self.now, &mut entry)?;
        audit::append(
            &self.tx,
            self.key,
            self.now,
            self.actor.as_deref(),
            &self.terminal.id,
            entry,
        )
    }
}
