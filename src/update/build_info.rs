//! This build's version and database schema level, embedded in the binary as a marker that another
//! RPMA reads from the file without running it: `rpma update rollback` checks that the kept
//! binary can open the database before putting it back.
//!
//! Layout ([`MARKER_LEN`] bytes): the 16-byte [`MAGIC`], the schema level (i64, little endian),
//! its bitwise complement (a check that tells the marker from a stray copy of the magic), then the
//! version, UTF-8, NUL-padded to 32 bytes.

use std::path::Path;

/// Starts every marker.
pub const MAGIC: [u8; 16] = *b"\x7fRPMA-BUILD-INFO";
const VERSION_LEN: usize = 32;
/// Length of a marker.
pub const MARKER_LEN: usize = MAGIC.len() + 8 + 8 + VERSION_LEN;

/// What a binary's marker says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInfo {
    /// Its version (`0.2.0`).
    pub version: String,
    /// The database schema level it brings a database to (and the newest it opens).
    pub schema_level: i64,
}

/// The marker for `version` and `level`, built at compile time for [`BUILD_MARKER`].
// Indexing in a constant initialiser: an index out of bounds is a build error, never a panic.
#[allow(clippy::indexing_slicing)]
const fn const_marker(version: &str, level: i64) -> [u8; MARKER_LEN] {
    let v = version.as_bytes();
    assert!(
        v.len() < VERSION_LEN,
        "version too long for the build marker"
    );
    let mut m = [0u8; MARKER_LEN];
    let level_bytes = level.to_le_bytes();
    let check_bytes = (!level).to_le_bytes();
    let mut i = 0;
    while i < MAGIC.len() {
        m[i] = MAGIC[i];
        i += 1;
    }
    let mut j = 0;
    while j < 8 {
        m[MAGIC.len() + j] = level_bytes[j];
        m[MAGIC.len() + 8 + j] = check_bytes[j];
        j += 1;
    }
    let mut k = 0;
    while k < v.len() {
        m[MAGIC.len() + 16 + k] = v[k];
        k += 1;
    }
    m
}

/// This build's marker. Kept in the binary by [`keep_marker`] (called from `main`).
#[used]
pub static BUILD_MARKER: [u8; MARKER_LEN] = const_marker(
    env!("CARGO_PKG_VERSION"),
    rpma_core::store::migrations::LATEST_LEVEL,
);

/// Makes sure the linker keeps [`BUILD_MARKER`] (its address escapes).
pub fn keep_marker() {
    std::hint::black_box(&BUILD_MARKER);
}

/// A marker for `version` and `level`, for tests that fake another build.
pub fn marker_bytes(version: &str, level: i64) -> Vec<u8> {
    let mut m = Vec::with_capacity(MARKER_LEN);
    m.extend_from_slice(&MAGIC);
    m.extend_from_slice(&level.to_le_bytes());
    m.extend_from_slice(&(!level).to_le_bytes());
    let v = version.as_bytes();
    m.extend_from_slice(v.get(..v.len().min(VERSION_LEN - 1)).unwrap_or_default());
    m.resize(MARKER_LEN, 0);
    m
}

/// Reads one marker at the start of `bytes`.
fn parse_marker(bytes: &[u8]) -> Option<BuildInfo> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let level = i64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let check = i64::from_le_bytes(rest.get(8..16)?.try_into().ok()?);
    if check != !level || level < 0 {
        return None;
    }
    let raw = rest.get(16..16 + VERSION_LEN)?;
    let end = raw.iter().position(|b| *b == 0)?;
    let version = std::str::from_utf8(raw.get(..end)?).ok()?;
    rpma_core::updates::parse_version(version)?;
    if raw.get(end..)?.iter().any(|b| *b != 0) {
        return None;
    }
    Some(BuildInfo {
        version: version.to_owned(),
        schema_level: level,
    })
}

/// The first valid marker in `bytes`.
pub fn find_marker(bytes: &[u8]) -> Option<BuildInfo> {
    let mut from = 0;
    while let Some(rest) = bytes.get(from..) {
        // Candidates start with the magic's first byte; most of a binary is skipped byte by byte.
        let at = rest.iter().position(|b| *b == MAGIC[0])?;
        if let Some(info) = rest.get(at..).and_then(parse_marker) {
            return Some(info);
        }
        from += at + 1;
    }
    None
}

/// The marker of the binary at `path`, read as data (the file is never run). `None` when it
/// cannot be read or holds no marker (a build from before markers).
pub fn read_build_info(path: &Path) -> Option<BuildInfo> {
    match std::fs::read(path) {
        Ok(bytes) => find_marker(&bytes),
        Err(e) => {
            tracing::warn!("cannot read {}: {e}", path.display());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_compile_time_marker_is_the_documented_layout() {
        assert_eq!(
            BUILD_MARKER.to_vec(),
            marker_bytes(
                env!("CARGO_PKG_VERSION"),
                rpma_core::store::migrations::LATEST_LEVEL
            )
        );
    }

    #[test]
    fn a_marker_is_found_among_other_bytes_and_stray_magic_is_skipped() {
        let mut bytes = b"\x7fELF some code".to_vec();
        // A copy of the magic with no valid marker after it (as the scanner's own constant).
        bytes.extend_from_slice(&MAGIC);
        bytes.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        bytes.extend_from_slice(&marker_bytes("0.0.9", 4));
        bytes.extend_from_slice(b"trailing");
        assert_eq!(
            find_marker(&bytes),
            Some(BuildInfo {
                version: "0.0.9".into(),
                schema_level: 4
            })
        );
        assert_eq!(find_marker(b"no marker here"), None);
        let mut truncated = marker_bytes("0.0.9", 4);
        truncated.truncate(MARKER_LEN - 1);
        assert_eq!(find_marker(&truncated), None);
    }

    #[test]
    fn this_test_binary_carries_the_marker() {
        let exe = std::env::current_exe().unwrap();
        let info = read_build_info(&exe).unwrap();
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(
            info.schema_level,
            rpma_core::store::migrations::LATEST_LEVEL
        );
    }
}
