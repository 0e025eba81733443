//! `manifest.json`, the last entry of every backup: what the backup is and what it holds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The value of [`Manifest::format`].
pub const FORMAT: &str = "rpma-backup";
/// The layout version this binary writes (and the highest it reads).
pub const FORMAT_VERSION: u32 = 1;
/// Largest manifest accepted when reading (a backup of millions of files stays far below).
pub const MAX_MANIFEST_BYTES: u64 = 256 * 1024 * 1024;

/// One entry of the archive, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Path inside the archive (and inside the data folder), `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256 of the content.
    pub sha256: String,
}

/// What a backup is and holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Layout version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The RPMA version that wrote it.
    pub app_version: String,
    /// Schema level of the database copy (`PRAGMA user_version`).
    pub schema_level: i64,
    /// The terminal that took it.
    pub terminal: String,
    /// The shop's id (organisation row), empty before set-up.
    pub shop_id: String,
    /// The shop's name, empty before set-up.
    pub shop_name: String,
    /// When the database copy was taken, RFC 3339 UTC.
    pub created_at: String,
    /// The same, in milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// Row count per table of the database copy.
    pub tables: BTreeMap<String, i64>,
    /// Every entry but the manifest, in archive order.
    pub entries: Vec<ManifestEntry>,
}

impl Manifest {
    /// Total size of the entries.
    pub fn total_bytes(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }
}
