//! Messages for the faults of the disk itself — full, read-only, not allowed — in the user's
//! language, for I/O errors and SQLite errors alike (issue 15 item 8). Anything else keeps the
//! generic message with the operating system's or SQLite's words.

use std::io;
use std::path::Path;

use crate::i18n::{Arg, Lang};

/// What kind of disk fault an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskFault {
    /// No space left (ENOSPC, a quota: EDQUOT; SQLite's `SQLITE_FULL`).
    Full,
    /// The file system is mounted read-only (EROFS; SQLite's `SQLITE_READONLY`).
    ReadOnly,
    /// The account may not write there (EACCES, EPERM; SQLite's `SQLITE_PERM`,
    /// `SQLITE_CANTOPEN`).
    Denied,
}

impl DiskFault {
    /// The i18n key of the message (arguments: `path`, `detail`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Full => "err-disk-full",
            Self::ReadOnly => "err-disk-read-only",
            Self::Denied => "err-disk-denied",
        }
    }
}

/// The disk fault behind an I/O error, if it is one (looking through wrapped errors: tar and
/// zstd keep the operating system's error inside theirs).
pub fn io_fault(e: &io::Error) -> Option<DiskFault> {
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => return Some(DiskFault::Full),
        io::ErrorKind::ReadOnlyFilesystem => return Some(DiskFault::ReadOnly),
        io::ErrorKind::PermissionDenied => return Some(DiskFault::Denied),
        _ => {}
    }
    #[cfg(unix)]
    match e.raw_os_error() {
        // ENOSPC, EDQUOT (Linux 122, BSD/macOS 69).
        Some(28 | 122 | 69) => return Some(DiskFault::Full),
        // EROFS.
        Some(30) => return Some(DiskFault::ReadOnly),
        // EPERM, EACCES.
        Some(1 | 13) => return Some(DiskFault::Denied),
        _ => {}
    }
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<io::Error>())
        .and_then(io_fault)
}

/// The disk fault behind an SQLite error, if it is one.
pub fn db_fault(e: &rusqlite::Error) -> Option<DiskFault> {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code()? {
        C::DiskFull => Some(DiskFault::Full),
        C::ReadOnly => Some(DiskFault::ReadOnly),
        C::PermissionDenied | C::CannotOpen => Some(DiskFault::Denied),
        _ => None,
    }
}

/// The message for an I/O error on `path`, in `lang`: a sentence for a full disk, a read-only
/// folder or a refused access, else the generic `err-io` with the system's words.
pub fn io_message(lang: Lang, path: &Path, e: &io::Error) -> String {
    let key = io_fault(e).map_or("err-io", DiskFault::key);
    lang.tr_args(
        key,
        &[
            ("path", Arg::from(path.display().to_string())),
            ("detail", Arg::from(e.to_string())),
        ],
    )
}

/// The message for an SQLite error, in `lang`: a sentence for a full disk or a read-only
/// database (nothing already saved is lost: the write was refused whole), else `err-db`.
pub fn db_message(lang: Lang, e: &rusqlite::Error) -> String {
    match db_fault(e) {
        Some(fault) => lang.tr_args(
            match fault {
                DiskFault::Full => "err-db-disk-full",
                DiskFault::ReadOnly => "err-db-read-only",
                DiskFault::Denied => "err-db-denied",
            },
            &[("detail", Arg::from(e.to_string()))],
        ),
        None => lang.tr_args("err-db", &[("detail", Arg::from(e.to_string()))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_faults_have_their_own_sentence_in_both_languages() {
        let path = Path::new("/mnt/usb/backups");
        let full = io::Error::from_raw_os_error(28);
        let ro = io::Error::from_raw_os_error(30);
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let other = io::Error::other("boom");
        assert_eq!(io_fault(&full), Some(DiskFault::Full));
        assert_eq!(io_fault(&ro), Some(DiskFault::ReadOnly));
        assert_eq!(io_fault(&denied), Some(DiskFault::Denied));
        assert_eq!(io_fault(&other), None);
        // Wrapped the way tar wraps the system's error.
        let wrapped = io::Error::other(io::Error::from_raw_os_error(28));
        assert_eq!(io_fault(&wrapped), Some(DiskFault::Full));
        for lang in [Lang::Fr, Lang::En] {
            let generic = io_message(lang, path, &other);
            for e in [&full, &ro, &denied] {
                let m = io_message(lang, path, e);
                assert!(m.contains("/mnt/usb/backups"), "{m}");
                assert_ne!(m, generic);
                assert!(!m.starts_with("err-"), "{m}");
            }
        }
        assert!(io_message(Lang::En, path, &full).contains("full"));
        assert!(io_message(Lang::Fr, path, &full).contains("plein"));
        assert!(io_message(Lang::En, path, &ro).contains("read-only"));
        assert!(io_message(Lang::Fr, path, &ro).contains("lecture seule"));
    }

    #[test]
    fn sqlite_disk_full_and_read_only_are_told_apart() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let ro = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            None,
        );
        assert_eq!(db_fault(&full), Some(DiskFault::Full));
        assert_eq!(db_fault(&ro), Some(DiskFault::ReadOnly));
        assert_eq!(db_fault(&rusqlite::Error::QueryReturnedNoRows), None);
        let m = db_message(Lang::En, &full);
        assert!(m.contains("full") && !m.starts_with("err-"), "{m}");
        let m = db_message(Lang::Fr, &ro);
        assert!(m.contains("lecture seule"), "{m}");
    }
}
