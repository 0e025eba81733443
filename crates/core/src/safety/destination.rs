//! The folder backups are written to (a USB disk, a network share, `<data>/backups`): checked
//! before it is saved in the settings — an absolute path, outside the data folder (a restore
//! moves the data folder aside, with anything in it), a folder that exists or can be made, that
//! this account can write to, with room for a backup of this shop.

use std::path::{Path, PathBuf};

use crate::backup::select;
use crate::datadir::DB_FILE;
use crate::validate::FieldErrors;

/// The field the destination's errors are reported on.
pub const FIELD: &str = "destination";

/// A destination that passed [`check_destination`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The folder.
    pub path: PathBuf,
    /// Free space on its disk (`None` when the system does not say).
    pub free_bytes: Option<u64>,
    /// About how much one backup of this shop takes (the data before compression).
    pub needed_bytes: u64,
}

/// About how large a backup of `data_root` is: the database and every file a backup takes
/// (photos do not compress, so their size is a fair bound).
pub fn estimate_backup_bytes(data_root: &Path) -> u64 {
    let db = std::fs::metadata(data_root.join(DB_FILE)).map_or(0, |m| m.len());
    let files = select::collect(data_root, None)
        .map(|files| files.iter().map(|f| f.size).sum::<u64>())
        .unwrap_or(0);
    db + files
}

fn mb(bytes: u64) -> String {
    bytes.div_ceil(1_000_000).to_string()
}

/// Whether `dir` lies inside `root` (compared on absolute paths, with `..` and links resolved
/// where the folders exist).
fn inside(dir: &Path, root: &Path) -> bool {
    let resolve = |p: &Path| {
        // The nearest existing ancestor is resolved; the rest is appended as written.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            let Some(name) = existing.file_name().map(ToOwned::to_owned) else {
                break;
            };
            rest.push(name);
            if !existing.pop() {
                break;
            }
        }
        let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
        for n in rest.into_iter().rev() {
            out.push(n);
        }
        out
    };
    resolve(dir).starts_with(resolve(root))
}

/// Checks a destination folder for backups of `data_root` (when known) needing `needed_bytes`:
/// creates it when missing, writes and removes a probe file, reads the free space. Errors are on
/// the field [`FIELD`], in the user's words.
pub fn check_destination(
    dir: &Path,
    data_root: Option<&Path>,
    needed_bytes: u64,
) -> Result<Destination, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !dir.is_absolute() {
        errors.add(FIELD, "backup-set-err-dest-relative");
        return Err(errors);
    }
    if let Some(root) = data_root
        && inside(dir, root)
        && !inside(dir, &root.join("backups"))
    {
        errors.add(FIELD, "backup-set-err-dest-inside-data");
        return Err(errors);
    }
    let shown = dir.display().to_string();
    if let Err(e) = std::fs::create_dir_all(dir) {
        errors.add_with(
            FIELD,
            "backup-set-err-dest-not-folder",
            vec![("path", shown), ("detail", e.to_string())],
        );
        return Err(errors);
    }
    let probe = dir.join(format!(".rpma-write-test-{}", std::process::id()));
    let written = std::fs::File::create(&probe).and_then(|mut f| {
        std::io::Write::write_all(&mut f, b"rpma")?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    if let Err(e) = written {
        errors.add_with(
            FIELD,
            "backup-set-err-dest-not-writable",
            vec![("path", shown), ("detail", e.to_string())],
        );
        return Err(errors);
    }
    let free_bytes = fs4::available_space(dir).ok();
    if let Some(free) = free_bytes
        && free < needed_bytes
    {
        errors.add_with(
            FIELD,
            "backup-set-err-dest-space",
            vec![("free", mb(free)), ("needed", mb(needed_bytes))],
        );
        return Err(errors);
    }
    Ok(Destination {
        path: dir.to_owned(),
        free_bytes,
        needed_bytes,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(e: &FieldErrors) -> &'static str {
        e.for_field(FIELD).map_or("", |f| f.key)
    }

    #[test]
    fn a_writable_folder_passes_and_is_made_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("usb").join("rpma");
        let d = check_destination(&target, None, 1).unwrap();
        assert!(target.is_dir());
        assert!(d.free_bytes.is_some_and(|f| f > 0));
        assert_eq!(
            std::fs::read_dir(&target).unwrap().count(),
            0,
            "probe removed"
        );
    }

    #[test]
    fn relative_unwritable_too_small_and_inside_the_data_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            key(&check_destination(Path::new("backups"), None, 0).unwrap_err()),
            "backup-set-err-dest-relative"
        );
        // A file where a folder should be: even root cannot make a folder under it.
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(
            key(&check_destination(&file.join("sub"), None, 0).unwrap_err()),
            "backup-set-err-dest-not-folder"
        );
        assert_eq!(
            key(&check_destination(dir.path(), None, u64::MAX).unwrap_err()),
            "backup-set-err-dest-space"
        );
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("photos")).unwrap();
        assert_eq!(
            key(&check_destination(&data.join("photos"), Some(&data), 0).unwrap_err()),
            "backup-set-err-dest-inside-data"
        );
        check_destination(&data.join("backups"), Some(&data), 0).unwrap();
        check_destination(&dir.path().join("elsewhere"), Some(&data), 0).unwrap();
    }

    #[test]
    fn the_estimate_counts_the_database_and_the_photos_not_the_logs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DB_FILE), vec![0u8; 1000]).unwrap();
        std::fs::create_dir_all(dir.path().join("photos")).unwrap();
        std::fs::write(dir.path().join("photos").join("a.jpg"), vec![0u8; 500]).unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        std::fs::write(dir.path().join("logs").join("x.log"), vec![0u8; 9000]).unwrap();
        assert_eq!(estimate_backup_bytes(dir.path()), 1500);
    }
}
