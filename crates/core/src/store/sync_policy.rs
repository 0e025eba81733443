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
    /// local index): not captured, not applied.
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
    // Shop and accounts.
    fields("organisation", &["id"]),
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
    TablePolicy {
        table: "jobs",
        policy: Policy::Fields,
        key: &["id"],
        local_columns: &["rid"],
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
    // Interventions.
    fields("workflow_templates", &["id"]),
    fields("interventions", &["id"]),
    fields("intervention_steps", &["intervention_id", "position"]),
    fields("intervention_pauses", &["intervention_id", "started_at"]),
    append_only(
        "intervention_events",
        &["intervention_id", "at", "kind", "step"],
    ),
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

/// A way a synced table departs from the convention every synced table should follow (a declared
/// primary key, `updated_at` on per-field tables, soft delete through `deleted_at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// A per-field table without `updated_at`.
    NoUpdatedAt,
    /// No declared primary key: the sync key is a natural key that may not be unique.
    NoPrimaryKey,
    /// Rows are deleted for real (a service runs `DELETE`), not soft-deleted.
    HardDelete,
}

/// The known departures, in one place, for the step that converts the schema (adds ids,
/// `updated_at` and soft deletes). A test checks the first two against the schema and the third
/// against the deletes the services actually capture; remove an entry when it is fixed.
pub const KNOWN_GAPS: &[(&str, &[Gap])] = &[
    // Regenerating 2FA codes deletes the old ones.
    ("recovery_codes", &[Gap::NoUpdatedAt, Gap::HardDelete]),
    // Erasing a client (GDPR) deletes its ownership history.
    ("vehicle_owners", &[Gap::NoUpdatedAt, Gap::HardDelete]),
    // An unused zone can be deleted from the catalogue.
    ("ppf_zones", &[Gap::HardDelete]),
    // A job's zones are replaced (delete then insert) when edited.
    ("job_zones", &[Gap::NoUpdatedAt, Gap::HardDelete]),
    // The demo rewinds generated histories, then backdates the replayed ones (delete and
    // re-insert: UPDATE is refused), see demo_retime.rs.
    ("job_status_history", &[Gap::HardDelete]),
    // Erasing a client (GDPR) deletes the notes of its jobs.
    ("job_notes", &[Gap::HardDelete]),
    ("job_checklist", &[Gap::NoUpdatedAt, Gap::HardDelete]),
    (
        "intervention_pauses",
        &[Gap::NoUpdatedAt, Gap::NoPrimaryKey],
    ),
    // No id; the demo backdates its events (delete and re-insert).
    ("intervention_events", &[Gap::NoPrimaryKey, Gap::HardDelete]),
    ("photos", &[Gap::NoUpdatedAt]),
    ("intervention_photos", &[Gap::NoUpdatedAt]),
    ("material_usage", &[Gap::NoUpdatedAt]),
];

/// The policy of `table`, if listed.
pub fn policy_of(table: &str) -> Option<&'static TablePolicy> {
    TABLES.iter().find(|t| t.table == table)
}

/// The synced tables, in list order.
pub fn synced() -> impl Iterator<Item = &'static TablePolicy> {
    TABLES.iter().filter(|t| t.policy.is_synced())
}

/// The known gaps of `table`.
pub fn gaps_of(table: &str) -> &'static [Gap] {
    KNOWN_GAPS
        .iter()
        .find(|(t, _)| *t == table)
        .map_or(&[], |(_, g)| *g)
}
