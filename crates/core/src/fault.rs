//! Storage faults: the disk is full, or the data folder cannot be written (a read-only file
//! system, a disk that fails). A write refused for one of these saves nothing — its transaction
//! rolls back, what was saved before is untouched — and the person is told plainly, in their
//! language, instead of seeing SQLite's words. The store remembers the last fault of a write
//! ([`crate::Store::storage_fault`]) until a write succeeds again, so that the app can say
//! "read-only" in its status bar meanwhile.

use rusqlite::ErrorCode;

use crate::error::CoreError;

/// Why the data folder cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFault {
    /// No space left on the disk.
    DiskFull,
    /// The file system or the database file is read-only.
    ReadOnly,
    /// The disk reported an input/output error.
    IoError,
}

impl StorageFault {
    /// The i18n key of the message for a person.
    pub fn message_key(self) -> &'static str {
        match self {
            Self::DiskFull => "err-disk-full",
            Self::ReadOnly => "err-read-only",
            Self::IoError => "err-disk-io",
        }
    }

    /// The fault behind an I/O error, if it is one.
    pub fn of_io(e: &std::io::Error) -> Option<Self> {
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                Some(Self::DiskFull)
            }
            std::io::ErrorKind::ReadOnlyFilesystem => Some(Self::ReadOnly),
            _ => None,
        }
    }

    /// The fault behind a core error, if it is one.
    pub fn of(err: &CoreError) -> Option<Self> {
        match err {
            CoreError::Db(e) => match e.sqlite_error_code()? {
                ErrorCode::DiskFull => Some(Self::DiskFull),
                ErrorCode::ReadOnly => Some(Self::ReadOnly),
                ErrorCode::SystemIoFailure => Some(Self::IoError),
                _ => None,
            },
            CoreError::Io { source, .. } => Self::of_io(source),
            _ => None,
        }
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
        f.store
            .conn()
            .pragma_update(None, "query_only", true)
            .unwrap();
        let e = f
            .store
            .write(None, |tx| {
                tx.conn()
                    .execute("UPDATE users SET display_name = 'x'", [])?;
                Ok(())
            })
            .unwrap_err();
        assert_eq!(StorageFault::of(&e), Some(StorageFault::ReadOnly));
        assert_eq!(f.store.storage_fault(), Some(StorageFault::ReadOnly));
        let msg = crate::Lang::Fr.error_message(&e);
        assert!(msg.contains("lecture seule"), "{msg}");
        f.store
            .conn()
            .pragma_update(None, "query_only", false)
            .unwrap();
        f.store
            .write(None, |tx| {
                tx.conn()
                    .execute("UPDATE users SET display_name = 'y'", [])?;
                Ok(())
            })
            .unwrap();
        assert_eq!(f.store.storage_fault(), None);
        // A refusal of a rule is not a storage fault and does not clear one.
        assert_eq!(
            StorageFault::of(&CoreError::Refused {
                key: "err-forbidden"
            }),
            None
        );
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(
            StorageFault::of(&CoreError::io("/x", full)),
            Some(StorageFault::DiskFull)
        );
    }
}
