//! Storage faults remembered: a write the disk refused (full, read-only, not allowed — see
//! [`crate::disk_errors`], which also words the message) saves nothing — its transaction rolls
//! back, what was saved before is untouched. The store remembers the fault of its last write
//! ([`crate::Store::storage_fault`]) until a write succeeds again, so that the app can say "disk
//! read-only" in its status bar meanwhile.

use crate::disk_errors::{self, DiskFault};
use crate::error::CoreError;

/// Why the data folder cannot be written.
pub type StorageFault = DiskFault;

/// The fault behind a core error, if it is one.
pub fn of(err: &CoreError) -> Option<StorageFault> {
    match err {
        CoreError::Db(e) => disk_errors::db_fault(e),
        CoreError::Io { source, .. } => disk_errors::io_fault(source),
        _ => None,
    }
}

/// The i18n key of what a refused database write means for a person (no arguments).
pub fn db_message_key(fault: StorageFault) -> &'static str {
    match fault {
        DiskFault::Full => "err-db-disk-full",
        DiskFault::ReadOnly => "err-db-read-only",
        DiskFault::Denied => "err-db-denied",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn a_refused_write_is_named_and_remembered_until_a_write_succeeds() {
        let mut f = Fixture::new();
        assert_eq!(f.store.storage_fault(), None);
        // `query_only` makes SQLite refuse writes exactly as a read-only file would.
        f.store.refuse_writes_for_tests(true).unwrap();
        let e = f
            .store
            .write(None, |tx| {
                tx.conn()
                    .execute("UPDATE users SET display_name = 'x'", [])?;
                Ok(())
            })
            .unwrap_err();
        assert_eq!(of(&e), Some(DiskFault::ReadOnly));
        assert_eq!(f.store.storage_fault(), Some(DiskFault::ReadOnly));
        let msg = crate::Lang::Fr.error_message(&e);
        assert!(msg.contains("lecture seule"), "{msg}");
        f.store.refuse_writes_for_tests(false).unwrap();
        f.store
            .write(None, |tx| {
                tx.conn()
                    .execute("UPDATE users SET display_name = 'y'", [])?;
                Ok(())
            })
            .unwrap();
        assert_eq!(f.store.storage_fault(), None);
        // A refusal of a rule is not a storage fault.
        assert_eq!(
            of(&CoreError::Refused {
                key: "err-forbidden"
            }),
            None
        );
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(of(&CoreError::io("/x", full)), Some(DiskFault::Full));
    }
}
