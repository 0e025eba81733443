//! Identifiers: UUIDv7 as text (time-ordered, so indexes stay compact and ids sort by creation).

use uuid::Uuid;

/// A new random UUIDv7, as lowercase hyphenated text.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// A UUIDv7 built from a timestamp and caller-provided random bits; used by the deterministic demo
/// generator so that the same seed gives the same ids.
pub fn id_from_parts(unix_ms: i64, random: [u8; 10]) -> String {
    let ms = u64::try_from(unix_ms).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(ms, &random)
        .into_uuid()
        .to_string()
}

/// True when `s` is a hyphenated UUID (any version).
pub fn is_valid(s: &str) -> bool {
    Uuid::parse_str(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_sortable() {
        let a = new_id();
        let b = new_id();
        assert!(is_valid(&a));
        assert_eq!(
            Uuid::parse_str(&a).map(|u| u.get_version_num()).ok(),
            Some(7)
        );
        assert!(a <= b, "UUIDv7 text sorts by creation time");
        let fixed = id_from_parts(1_700_000_000_000, [7; 10]);
        assert_eq!(fixed, id_from_parts(1_700_000_000_000, [7; 10]));
        assert!(is_valid(&fixed));
    }
}
