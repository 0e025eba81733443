//! Writing files: whole or not at all, and private to the shop's OS account.
//!
//! * [`AtomicFile`] / [`write_atomic`]: every file RPMA writes (exports, photos, the key file)
//!   goes to a temporary sibling first, is flushed to disk (`fsync`), renamed over the
//!   destination, and the folder is flushed too — after a crash or a full disk the destination
//!   holds either its old content or all of the new one, never half a file. The temporary file
//!   is removed when writing fails.
//! * Permissions (Unix): files are created `0600` and folders `0700` ([`FILE_MODE`],
//!   [`DIR_MODE`]), whatever the process umask; [`make_private`] fixes what an older version
//!   created more open. On Windows the data folder lives in the user's profile, whose inherited
//!   ACL already limits it to that user, SYSTEM and administrators (see the README).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{CoreError, CoreResult};

/// Mode of every file RPMA creates on Unix: read and write for the owner only.
pub const FILE_MODE: u32 = 0o600;
/// Mode of every folder RPMA creates on Unix: the owner only.
pub const DIR_MODE: u32 = 0o700;

/// Opens a new file for writing with [`FILE_MODE`]; fails if it exists.
pub fn create_private_new(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        o.mode(FILE_MODE);
    }
    o.open(path)
}

/// Opens (creating with [`FILE_MODE`] if needed) a file for reading and writing, without
/// truncating it.
pub fn open_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        o.mode(FILE_MODE);
    }
    o.open(path)
}

/// Creates a folder and its missing parents with [`DIR_MODE`] (existing ones are left as they
/// are; see [`make_private`]).
pub fn create_private_dir_all(dir: &Path) -> CoreResult<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        b.mode(DIR_MODE);
    }
    b.create(dir).map_err(|e| CoreError::io(dir, e))
}

/// Whether `path` is open to other accounts (any group or other permission bit). Always false
/// off Unix.
pub fn is_shared(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::symlink_metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Sets `path` to [`FILE_MODE`] (a file) or [`DIR_MODE`] (a folder) on Unix; symbolic links
/// are left alone. Nothing to do elsewhere.
pub fn make_private(path: &Path) -> CoreResult<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(CoreError::io(path, e)),
        };
        if meta.file_type().is_symlink() {
            return Ok(());
        }
        let want = if meta.is_dir() { DIR_MODE } else { FILE_MODE };
        if meta.permissions().mode() & 0o777 != want {
            fs::set_permissions(path, fs::Permissions::from_mode(want))
                .map_err(|e| CoreError::io(path, e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// [`make_private`] on a folder and everything below it (symbolic links are not followed).
pub fn make_private_tree(root: &Path) -> CoreResult<()> {
    make_private(root)?;
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(CoreError::io(&dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| CoreError::io(&dir, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| CoreError::io(&path, e))?;
            if kind.is_symlink() {
                continue;
            }
            make_private(&path)?;
            if kind.is_dir() {
                stack.push(path);
            }
        }
    }
    Ok(())
}

/// Flushes a folder's entries (new names, renames) to disk. Windows has no such call; NTFS
/// journals renames.
pub fn sync_dir(dir: &Path) -> CoreResult<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| CoreError::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The folder a file goes in (`.` for a bare file name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Creates the missing folders above `path` ([`DIR_MODE`]) and flushes each new folder's entry
/// in its parent.
fn ensure_parent(path: &Path) -> CoreResult<PathBuf> {
    let dir = parent_of(path);
    if !dir.is_dir() {
        let mut created = Vec::new();
        let mut missing = Some(dir.as_path());
        while let Some(d) = missing.filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
            created.push(d.to_owned());
            missing = d.parent();
        }
        create_private_dir_all(&dir)?;
        for d in created {
            sync_dir(&parent_of(&d))?;
        }
    }
    Ok(dir)
}

/// A file being written in place of `path` (see the module documentation): write into it,
/// then [`AtomicFile::commit`]. Dropped without a commit, it removes its temporary file and
/// leaves `path` as it was.
pub struct AtomicFile {
    path: PathBuf,
    dir: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl std::fmt::Debug for AtomicFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtomicFile")
            .field("path", &self.path)
            .field("tmp", &self.tmp)
            .finish_non_exhaustive()
    }
}

impl AtomicFile {
    /// Starts writing `path`: a temporary file (`.<name>.<pid>-<n>.tmp`) in the same folder,
    /// created [`FILE_MODE`]; missing folders are created.
    pub fn create(path: &Path) -> CoreResult<Self> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = ensure_parent(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let file = create_private_new(&tmp).map_err(|e| CoreError::io(&tmp, e))?;
        Ok(Self {
            path: path.to_owned(),
            dir,
            tmp,
            out: Some(BufWriter::new(file)),
        })
    }

    /// The file being replaced.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, `fsync`s, renames over the destination and flushes the folder.
    pub fn commit(mut self) -> CoreResult<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let result = (|| {
            let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.sync_all()?;
            drop(file);
            fs::rename(&self.tmp, &self.path)
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&self.tmp);
            return Err(CoreError::io(&self.path, e));
        }
        sync_dir(&self.dir)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Some(out) => out.write(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `data` at `path` whole or not at all ([`AtomicFile`]), private to the owner.
pub fn write_atomic(path: &Path, data: &[u8]) -> CoreResult<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(data).map_err(|e| CoreError::io(path, e))?;
    f.commit()
}

/// Writes `path` with `fill` through an [`AtomicFile`]: nothing is left behind when `fill`
/// fails. Returns what `fill` returned.
pub fn write_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut AtomicFile) -> CoreResult<T>,
) -> CoreResult<T> {
    let mut f = AtomicFile::create(path)?;
    let out = fill(&mut f)?;
    f.commit()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_replaces_whole_and_a_failure_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, b"old").unwrap();
        let err = write_with(&path, |f| {
            f.write_all(b"half of the new").unwrap();
            Err::<(), _>(CoreError::Refused { key: "err-test" })
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["out.csv"]);
        write_with(&path, |f| {
            f.write_all(b"new").map_err(|e| CoreError::io("t", e))
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["out.csv"]);
        // A writer dropped without a commit removes its temporary file.
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"never").unwrap();
        drop(f);
        assert_eq!(names(dir.path()), ["out.csv"]);
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn missing_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join("c.bin");
        write_atomic(&path, b"x").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn files_and_folders_are_private_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("f.csv");
        write_atomic(&path, b"x").unwrap();
        assert_eq!(mode(&path), FILE_MODE);
        assert_eq!(mode(&dir.path().join("new")), DIR_MODE);
        // An older, open tree is closed.
        let old = dir.path().join("old");
        fs::create_dir_all(old.join("sub")).unwrap();
        fs::write(old.join("sub").join("g"), b"y").unwrap();
        for p in [&old, &old.join("sub")] {
            fs::set_permissions(p, fs::Permissions::from_mode(0o755)).unwrap();
        }
        fs::set_permissions(old.join("sub").join("g"), fs::Permissions::from_mode(0o644)).unwrap();
        assert!(is_shared(&old));
        make_private_tree(&old).unwrap();
        assert_eq!(mode(&old), DIR_MODE);
        assert_eq!(mode(&old.join("sub")), DIR_MODE);
        assert_eq!(mode(&old.join("sub").join("g")), FILE_MODE);
        assert!(!is_shared(&old));
    }
}
