//! The one list of every table and how it travels between terminals. The capture triggers are
//! generated from it (and from each table's columns as they are at open), and a test fails when a
//! table of the schema is missing from it, so a new migration's table is covered once it is
//! listed here.

/// How a table's rows travel between terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Synced. Concurrent edits merge column by column: per column, the change with the highest
    /// hybrid-logical-clock value wins (ties: the higher terminal id).
    Fields,
    /// Synced. Rows are only added, and every terminal ends with the union of all rows; a trigger
    /// refuses UPDATE. `erasable`: rows may still be deleted (erasure of personal data,
    /// cascades), and the delete travels; otherwise DELETE is refused too.
    AppendOnly {
        /// Deletes are allowed (and captured).
        erasable: bool,
    },
    /// Stays on this terminal; the reason is documentation.
    Local(&'static str),
}

impl Policy {
    /// True for the synced policies.
    pub fn is_synced(self) -> bool {
        !matches!(self, Self::Local(_))
    }
}

/// One table's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TablePolicy {
    /// Table name.
    pub table: &'static str,
    /// How it travels.
    pub policy: Policy,
    /// The columns that identify a row on every terminal (its primary key, or its UUID when the
    /// primary key is a local integer). Empty for local tables.
    pub key: &'static [&'static str],
    /// Columns that stay on this terminal (an `INTEGER PRIMARY KEY` that numbers the rows of a
    /// local index, the shop a head office's row came from): not captured, not applied.
    pub local_columns: &'static [&'static str],
}

const fn fields(table: &'static str, key: &'static [&'static str]) -> TablePolicy {
    TablePolicy {
        table,
        policy: Policy::Fields,
        key,
        local_columns: &[],
    }
}

const fn append_only(table: &'static str, key: &'static [&'static str]) -> TablePolicy {
    TablePolicy {
        table,
        policy: Policy::AppendOnly { erasable: true },
        key,
        local_columns: &[],
    }
}

const fn local(table: &'static str, why: &'static str) -> TablePolicy {
    TablePolicy {
        table,
        policy: Policy::Local(why),
        key: &[],
        local_columns: &[],
    }
}

/// Every table of the schema (FTS5 shadow tables are covered by their index's entry).
pub const TABLES: &[TablePolicy] = &[
    // Shop and accounts. `shop_id`: at a head office, the shop the row came from (migration 0016).
    TablePolicy {
        table: "organisation",
        policy: Policy::Fields,
        key: &["id"],
        local_columns: &["shop_id"],
    },
    fields("users", &["id"]),
    fields("settings", &["key"]),
    local(
        "terminal_settings",
        "kiosk mode, this machine's backup schedule and destination, its object-storage copy",
    ),
    fields("recovery_codes", &["id"]),
    append_only("login_history", &["id"]),
    TablePolicy {
        table: "audit_log",
        policy: Policy::AppendOnly { erasable: false },
        key: &["id"],
        // Its position in this database; the chain position is `terminal_seq`.
        local_columns: &["seq"],
    },
    local(
        "auth_failures",
        "lockout counters: each terminal counts its own failed sign-ins",
    ),
    local(
        "auth_locks",
        "lockouts derived from this terminal's failures",
    ),
    // Clients, vehicles, jobs. `rid` numbers the rows of the local FTS5 indexes.
    TablePolicy {
        table: "clients",
        policy: Policy::Fields,
        key: &["id"],
        local_columns: &["rid"],
    },
    TablePolicy {
        table: "vehicles",
        policy: Policy::Fields,
        key: &["id"],
        local_columns: &["rid"],
    },
    fields("vehicle_owners", &["id"]),
    // The key of a client's personal audit values: synced per field, so that every terminal can
    // read them and an erasure (the key set to NULL) reaches every terminal.
    fields("client_keys", &["client_id"]),
    fields("ppf_zones", &["id"]),
    // Before the jobs that name one (a new terminal's snapshot is sent in this order).
    fields("workflow_templates", &["id"]),
    // `shop_id`: at a head office, the shop the job came from (migration 0016).
    TablePolicy {
        table: "jobs",
        policy: Policy::Fields,
        key: &["id"],
        local_columns: &["rid", "shop_id"],
    },
    fields("job_zones", &["job_id", "zone_id"]),
    append_only("job_status_history", &["id"]),
    append_only("job_notes", &["id"]),
    fields("job_checklist", &["id"]),
    local(
        "job_drafts",
        "the job wizard's draft, per user and terminal",
    ),
    local(
        "clients_fts",
        "search index, rebuilt from clients by triggers",
    ),
    local(
        "vehicles_fts",
        "search index, rebuilt from vehicles by triggers",
    ),
    local("jobs_fts", "search index, rebuilt from jobs by triggers"),
    local(
        "job_tallies",
        "live jobs per status, technician and bay, kept from jobs by triggers",
    ),
    // Interventions.
    fields("interventions", &["id"]),
    fields("intervention_steps", &["intervention_id", "position"]),
    fields("intervention_pauses", &["id"]),
    append_only("intervention_events", &["id"]),
    fields("photos", &["sha256"]),
    fields("intervention_photos", &["id"]),
    fields("intervention_defects", &["id"]),
    fields("intervention_zones", &["intervention_id", "zone_id"]),
    fields("material_usage", &["id"]),
    local(
        "photo_imports",
        "files taken from this terminal's watched import folder, and where they were moved",
    ),
    local(
        "photo_import_targets",
        "the intervention this terminal's watched import folder feeds",
    ),
    // Sync machinery and numbering.
    local("terminal", "this data folder's identity"),
    local(
        "change_log",
        "this terminal's captured changes, pushed from here",
    ),
    local("sync_state", "this terminal's clock and sync position"),
    local(
        "audit_head",
        "the signed end of this terminal's audit chain, checked with this data folder's key",
    ),
    fields("number_series", &["series", "terminal_id"]),
    // Sync with a PostgreSQL hub (crates/core/src/sync/).
    local(
        "sync_config",
        "this terminal's hub, role, sealed password and positions",
    ),
    local(
        "sync_versions",
        "the clock of each row and column here, to merge pulled changes",
    ),
    local(
        "sync_blobs",
        "the photo files this terminal has sent to the hub or fetched from it",
    ),
    local(
        "sync_conflicts",
        "step edits that clashed with another terminal's, kept for the technician to choose",
    ),
    local(
        "sync_rejects",
        "pulled changes this terminal could not apply, kept for support",
    ),
];

/// The columns every per-field table has besides its primary key: when it last changed, and the
/// soft delete (when, by whom). A row is never deleted for real, except by the erasure of a
/// client's personal data (`crate::personal`), which deletes the rows that only link a person
/// (ownership history, notes, the signature's event); archive and activation flags
/// (`is_active`) are separate from deletion.
pub const FIELD_TABLE_COLUMNS: &[&str] = &["updated_at", "deleted_at", "deleted_by"];

/// The policy of `table`, if listed.
pub fn policy_of(table: &str) -> Option<&'static TablePolicy> {
    TABLES.iter().find(|t| t.table == table)
}

/// The synced tables, in list order.
pub fn synced() -> impl Iterator<Item = &'static TablePolicy> {
    TABLES.iter().filter(|t| t.policy.is_synced())
}
