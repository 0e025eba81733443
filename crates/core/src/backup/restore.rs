//! Restoring a backup into a data folder, in two steps the app can put a question between:
//!
//! 1. [`prepare_restore`] extracts the backup into a staging folder **beside** the data folder
//!    (same file system), hashing every entry against the manifest, and checks the database copy
//!    (integrity, foreign keys, audit chain). A backup with any problem, or from a newer schema,
//!    is refused and the staging folder removed. It says what needs confirming: replacing a
//!    shop, or a backup of another shop ([`PreparedRestore::confirmations`]).
//! 2. [`PreparedRestore::commit`] takes the data folder's lock ([`DataDir`], so neither the app
//!    nor another command holds the database) and swaps the folders with renames:
//!
//! ```text
//! <parent>/.<name>.restore-journal     written first (atomically): what the swap does
//! <name>/logs, backups, import    →    staging/…      the terminal's own folders, carried over
//! <name>                          →    <name>.before-restore-YYYYMMDD-HHMMSS   (kept, never
//!                                                                              deleted here)
//! <parent>/.<name>.restore-staging →   <name>
//! journal removed
//! ```
//!
//! A kill at any moment leaves either the old data folder whole (before the journal exists:
//! the staging folder is just removed at the next start) or a journal that the next start
//! ([`recover_interrupted`], called by [`DataDir::open`]) completes: every step is a rename that
//! is either done or not, and the journal is only written once the staging folder is complete
//! and on disk. A lock file beside the data folder keeps two restores (or a restore and a
//! recovery) apart.

use std::collections::BTreeSet;
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::error::ConfirmNeeded;
use super::reader::{self, Dest};
use super::select::CARRIED_OVER;
use super::verify::{VerifyReport, check_database};
use super::{BackupError, Ctl, DB_ENTRY, Manifest, Passphrase, Progress, Stage, sync_dir};
use crate::datadir::{DB_FILE, DataDir, LOCK_FILE};
use crate::store::migrations::LATEST_LEVEL;

/// The files a restore keeps beside the data folder `<parent>/<name>`.
#[derive(Debug, Clone)]
pub(super) struct Paths {
    pub(super) parent: PathBuf,
    pub(super) name: String,
    pub(super) root: PathBuf,
    pub(super) staging: PathBuf,
    pub(super) journal: PathBuf,
    pub(super) lock: PathBuf,
}

impl Paths {
    pub(super) fn of(root: &Path) -> Result<Self, BackupError> {
        let layout = |detail: &str| BackupError::Layout {
            path: root.to_owned(),
            detail: detail.to_owned(),
        };
        let abs = if root.is_absolute() {
            root.to_owned()
        } else {
            std::env::current_dir()
                .map_err(|e| BackupError::io(root, e))?
                .join(root)
        };
        let name = abs
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| layout("the data folder has no usable name"))?
            .to_owned();
        let parent = abs
            .parent()
            .ok_or_else(|| layout("the data folder has no parent folder"))?
            .to_owned();
        Ok(Self {
            staging: parent.join(format!(".{name}.restore-staging")),
            journal: parent.join(format!(".{name}.restore-journal")),
            lock: parent.join(format!(".{name}.restore-lock")),
            root: abs,
            parent,
            name,
        })
    }
}

/// What the swap does, written before it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Journal {
    pub(super) version: u32,
    /// The data folder's name (in the journal's folder).
    pub(super) root: String,
    /// The staging folder's name.
    pub(super) staging: String,
    /// Where the current data folder goes.
    pub(super) aside: String,
    /// Folders moved from the current data folder into the new one.
    pub(super) carried: Vec<String>,
    /// The current data folder holds nothing worth keeping (no file but the lock once the
    /// carried folders are moved): removed after the swap instead of kept aside.
    pub(super) drop_aside: bool,
}

/// What [`recover_interrupted`] found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// A swap was half done: it was completed; the previous data folder is at this path (or was
    /// empty and removed: `None`).
    Completed {
        /// The previous data folder.
        aside: Option<PathBuf>,
    },
    /// A restore was killed before its swap began: its staging folder was removed; the data
    /// folder is as it was.
    DiscardedStaging,
}

/// Takes the restore lock beside the data folder (held until the file is dropped).
pub(super) fn take_lock(path: &Path) -> Result<File, BackupError> {
    let f = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| BackupError::io(path, e))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(TryLockError::WouldBlock) => Err(BackupError::RestoreInProgress),
        Err(TryLockError::Error(e)) => Err(BackupError::io(path, e)),
    }
}

/// Completes a restore that was interrupted during its swap, or removes the staging folder of
/// one killed before it. Called at every start, before the data folder is opened (see
/// [`DataDir::open`]); cheap when there is nothing to do (two file-existence checks).
/// [`BackupError::RestoreInProgress`] when another process is restoring this data folder now.
pub fn recover_interrupted(root: &Path) -> Result<Option<Recovered>, BackupError> {
    let Ok(p) = Paths::of(root) else {
        return Ok(None);
    };
    if !p.journal.exists() && !p.staging.exists() {
        return Ok(None);
    }
    let _lock = take_lock(&p.lock)?;
    if p.journal.exists() {
        let journal = read_journal(&p.journal)?;
        let aside = roll_forward(&p, &journal, None)?;
        fs::remove_file(&p.journal).map_err(|e| BackupError::io(&p.journal, e))?;
        sync_dir(&p.parent).map_err(|e| BackupError::io(&p.parent, e))?;
        tracing::warn!(?aside, "an interrupted restore was completed");
        return Ok(Some(Recovered::Completed { aside }));
    }
    if p.staging.exists() {
        fs::remove_dir_all(&p.staging).map_err(|e| BackupError::io(&p.staging, e))?;
        tracing::warn!("the staging folder of an interrupted restore was removed");
        return Ok(Some(Recovered::DiscardedStaging));
    }
    Ok(None)
}

fn read_journal(path: &Path) -> Result<Journal, BackupError> {
    let bytes = fs::read(path).map_err(|e| BackupError::io(path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| BackupError::Layout {
        path: path.to_owned(),
        detail: format!("unreadable restore journal: {e}"),
    })
}

pub(super) fn write_journal(p: &Paths, j: &Journal) -> Result<(), BackupError> {
    let tmp = p.parent.join(format!(".{}.restore-journal.tmp", p.name));
    let bytes = serde_json::to_vec_pretty(j)
        .map_err(|e| BackupError::io(&tmp, std::io::Error::other(e)))?;
    {
        let _ = fs::remove_file(&tmp);
        let mut f =
            crate::fsutil::create_private_new(&tmp).map_err(|e| BackupError::io(&tmp, e))?;
        std::io::Write::write_all(&mut f, &bytes).map_err(|e| BackupError::io(&tmp, e))?;
        f.sync_all().map_err(|e| BackupError::io(&tmp, e))?;
    }
    fs::rename(&tmp, &p.journal).map_err(|e| BackupError::io(&p.journal, e))?;
    sync_dir(&p.parent).map_err(|e| BackupError::io(&p.parent, e))
}

/// A moment where a test may kill the process (debug builds: `RPMA_TEST_RESTORE_PAUSE_MS`
/// sleeps there, to widen the windows a random kill can hit).
fn pause_point() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("RPMA_TEST_RESTORE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// Does (or finishes) the swap the journal describes; every step is skipped when already done.
/// `stop_after` (tests) stops after that many renames, as a kill would. Returns the kept
/// previous data folder.
pub(super) fn roll_forward(
    p: &Paths,
    j: &Journal,
    stop_after: Option<usize>,
) -> Result<Option<PathBuf>, BackupError> {
    let root = p.parent.join(&j.root);
    let staging = p.parent.join(&j.staging);
    let aside = p.parent.join(&j.aside);
    let mut steps = 0usize;
    let mut step = |from: &Path, to: &Path| -> Result<bool, BackupError> {
        if stop_after.is_some_and(|n| steps >= n) {
            return Ok(false);
        }
        fs::rename(from, to).map_err(|e| BackupError::io(from, e))?;
        if let Some(dir) = to.parent() {
            sync_dir(dir).map_err(|e| BackupError::io(dir, e))?;
        }
        if let Some(dir) = from.parent() {
            sync_dir(dir).map_err(|e| BackupError::io(dir, e))?;
        }
        steps += 1;
        pause_point();
        Ok(true)
    };
    if staging.exists() {
        if root.exists() {
            for d in &j.carried {
                let (from, to) = (root.join(d), staging.join(d));
                if from.exists() && !to.exists() && !step(&from, &to)? {
                    return Ok(None);
                }
            }
            if !step(&root, &aside)? {
                return Ok(None);
            }
        }
        if !step(&staging, &root)? {
            return Ok(None);
        }
    } else if !root.exists() {
        return Err(BackupError::Layout {
            path: root,
            detail: "neither the data folder nor the restore's staging folder exists".to_owned(),
        });
    }
    if j.drop_aside && aside.exists() {
        if let Err(e) = fs::remove_dir_all(&aside) {
            tracing::warn!(path = %aside.display(), "cannot remove the empty previous data folder: {e}");
            return Ok(Some(aside));
        }
        return Ok(None);
    }
    Ok(aside.exists().then_some(aside))
}

/// The current contents of a data folder, for the questions before a restore.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurrentShop {
    /// The shop's id, empty before set-up.
    pub shop_id: String,
    /// The shop's name.
    pub shop_name: String,
    /// User accounts.
    pub users: i64,
}

/// What is in the data folder now: `None` when it holds no shop (no database, or one with no
/// organisation and no account: a new or replaced terminal).
pub fn current_shop(root: &Path) -> Option<CurrentShop> {
    let db = root.join(DB_FILE);
    if !db.is_file() {
        return None;
    }
    let Ok(conn) = Connection::open_with_flags(
        &db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        // Unreadable: treat it as a shop (ask before replacing it).
        return Some(CurrentShop::default());
    };
    let users: i64 = conn
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap_or(0);
    let shop = super::create::shop_of(&conn);
    if shop.is_none() && users == 0 {
        // An empty database (set-up never done); a damaged one still counts as a shop.
        let tables_ok = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok();
        if tables_ok {
            return None;
        }
        return Some(CurrentShop::default());
    }
    let (shop_id, shop_name) = shop.unwrap_or_default();
    Some(CurrentShop {
        shop_id,
        shop_name,
        users,
    })
}

/// A backup extracted and verified beside the data folder, waiting for [`Self::commit`].
/// Dropping it without committing removes the staging folder.
#[derive(Debug)]
pub struct PreparedRestore {
    paths: Paths,
    _lock: File,
    manifest: Manifest,
    report: VerifyReport,
    current: Option<CurrentShop>,
    needs: Vec<ConfirmNeeded>,
    committed: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Where the previous data folder was kept (`None`: there was nothing in it).
    pub previous: Option<PathBuf>,
    /// Folders carried over from the previous data folder (logs, backups, import).
    pub carried: Vec<String>,
    /// Files restored.
    pub entries: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Time taken by the swap.
    pub swap_time: Duration,
}

/// Extracts and verifies `backup` into a staging folder beside the data folder `data`. Nothing
/// in the data folder changes. Refused ([`BackupError::Invalid`]) when any entry is missing,
/// extra or altered, the archive is truncated or damaged, the passphrase is wrong, or the
/// database copy fails a check; [`BackupError::SchemaTooNew`] for a backup of a newer RPMA.
pub fn prepare_restore(
    data: &DataDir,
    backup: &Path,
    passphrase: Option<&Passphrase>,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<PreparedRestore, BackupError> {
    let started = Instant::now();
    let mut ctl = Ctl::new(progress, cancel);
    let paths = Paths::of(data.root())?;
    let lock = take_lock(&paths.lock)?;
    if paths.journal.exists() {
        return Err(BackupError::Layout {
            path: paths.journal.clone(),
            detail: "an interrupted restore must be completed first (restart RPMA)".to_owned(),
        });
    }
    if paths.staging.exists() {
        fs::remove_dir_all(&paths.staging).map_err(|e| BackupError::io(&paths.staging, e))?;
    }
    fs::create_dir(&paths.staging).map_err(|e| BackupError::io(&paths.staging, e))?;
    // From here on, a failure removes the staging folder.
    let mut prepared = PreparedRestore {
        paths,
        _lock: lock,
        manifest: empty_manifest(),
        report: VerifyReport {
            path: backup.to_owned(),
            encrypted: false,
            manifest: None,
            entries_read: 0,
            bytes_read: 0,
            database: None,
            problems: Vec::new(),
            elapsed: Duration::ZERO,
        },
        current: None,
        needs: Vec::new(),
        committed: false,
    };
    let staging = prepared.paths.staging.clone();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    dirs.insert(staging.clone());
    let outcome = {
        let mut dest = |name: &str| -> Result<Dest, BackupError> {
            let target = staging.join(name);
            if let Some(dir) = target.parent()
                && !dirs.contains(dir)
            {
                crate::fsutil::create_private_dir_all(dir)?;
                let mut d = dir.to_path_buf();
                while d.starts_with(&staging) && dirs.insert(d.clone()) {
                    if !d.pop() {
                        break;
                    }
                }
            }
            let f = crate::fsutil::create_private_new(&target)
                .map_err(|e| BackupError::io(&target, e))?;
            Ok(Dest::File(target, f))
        };
        reader::read_archive(backup, passphrase, Stage::Extract, &mut ctl, &mut dest)?
    };
    let mut problems = outcome.problems;
    if let Some(m) = &outcome.manifest {
        problems.extend(reader::compare(m, &outcome.seen));
    }
    let db = staging.join(DB_ENTRY);
    let database = if problems.is_empty() && db.is_file() {
        ctl.check()?;
        ctl.report(Stage::CheckDatabase, 0, 0, DB_ENTRY);
        Some(check_database(&db, None, &mut problems))
    } else {
        None
    };
    let report = VerifyReport {
        path: backup.to_owned(),
        encrypted: outcome.encrypted,
        manifest: outcome.manifest.clone(),
        entries_read: outcome.seen.len() as u64,
        bytes_read: outcome.entry_bytes,
        database,
        problems,
        elapsed: started.elapsed(),
    };
    super::list::record_verification(backup, &report);
    let manifest = match (&outcome.manifest, report.is_ok()) {
        (Some(m), true) => m.clone(),
        _ => return Err(BackupError::Invalid(Box::new(report))),
    };
    if manifest.schema_level > LATEST_LEVEL {
        return Err(BackupError::SchemaTooNew {
            found: manifest.schema_level,
            known: LATEST_LEVEL,
        });
    }
    // A folder that synced takes a new terminal identity at its next open: what it saves from
    // now on must not reuse the positions and numbers its old identity gave after this backup.
    if syncs(&db) {
        let marker = crate::store::rekey::restored_marker(&db);
        crate::fsutil::write_atomic(&marker, b"restored from a backup\n")?;
    }
    for d in dirs.iter().rev() {
        sync_dir(d).map_err(|e| BackupError::io(d, e))?;
    }
    let current = current_shop(data.root());
    let mut needs = Vec::new();
    if let Some(c) = &current {
        let shown = |s: &str| {
            if s.is_empty() {
                "?".to_owned()
            } else {
                s.to_owned()
            }
        };
        needs.push(ConfirmNeeded::ReplaceExisting {
            current_shop: shown(&c.shop_name),
        });
        if !c.shop_id.is_empty() && !manifest.shop_id.is_empty() && c.shop_id != manifest.shop_id {
            needs.push(ConfirmNeeded::OtherShop {
                current_shop: shown(&c.shop_name),
                backup_shop: shown(&manifest.shop_name),
            });
        }
    }
    prepared.manifest = manifest;
    prepared.report = report;
    prepared.current = current;
    prepared.needs = needs;
    Ok(prepared)
}

/// Whether the database at `db` syncs with a hub (older schemas have no `sync_config`).
fn syncs(db: &Path) -> bool {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            c.query_row("SELECT count(*) FROM sync_config", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .is_ok_and(|n| n > 0)
}

fn empty_manifest() -> Manifest {
    Manifest {
        format: String::new(),
        format_version: 0,
        app_version: String::new(),
        schema_level: 0,
        terminal: String::new(),
        shop_id: String::new(),
        shop_name: String::new(),
        created_at: String::new(),
        created_at_ms: 0,
        tables: Default::default(),
        entries: Vec::new(),
    }
}

impl PreparedRestore {
    /// The backup's manifest (shop, terminal, date, schema level, counts).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The verification done while extracting (no problems, or there would be no
    /// `PreparedRestore`).
    pub fn report(&self) -> &VerifyReport {
        &self.report
    }

    /// The shop in the data folder now, if any.
    pub fn current(&self) -> Option<&CurrentShop> {
        self.current.as_ref()
    }

    /// What the person must confirm before [`Self::commit`]: empty when the data folder holds
    /// no shop (a new or replaced terminal).
    pub fn confirmations(&self) -> &[ConfirmNeeded] {
        &self.needs
    }

    /// Swaps the restored data folder in. `data` is the data folder's lock, taken by the caller
    /// (the app closes its store first): it is released during the swap. `confirmed` answers
    /// every question of [`Self::confirmations`]; without it a restore that needs confirmation
    /// is refused ([`BackupError::NeedsConfirmation`]) and nothing changes.
    ///
    /// Afterwards the caller opens the data folder again ([`DataDir::open`], then the store,
    /// which migrates a backup from an older schema).
    pub fn commit(mut self, data: DataDir, confirmed: bool) -> Result<RestoreReport, BackupError> {
        if !self.needs.is_empty() && !confirmed {
            return Err(BackupError::NeedsConfirmation(self.needs.clone()));
        }
        if Paths::of(data.root())?.root != self.paths.root {
            return Err(BackupError::Layout {
                path: data.root().to_owned(),
                detail: "not the data folder the restore was prepared for".to_owned(),
            });
        }
        let started = Instant::now();
        let p = self.paths.clone();
        let carried: Vec<String> = CARRIED_OVER
            .iter()
            .filter(|d| p.root.join(d).is_dir())
            .map(|d| (*d).to_owned())
            .collect();
        let journal = Journal {
            version: 1,
            root: p.name.clone(),
            staging: file_name_of(&p.staging),
            aside: aside_name(&p),
            drop_aside: !holds_files(&p.root, &carried),
            carried: carried.clone(),
        };
        write_journal(&p, &journal)?;
        pause_point();
        // Windows cannot rename a folder with an open file in it: the lock goes first there
        // (the restore lock beside the folder still keeps other restores out).
        #[cfg(windows)]
        drop(data);
        let previous = roll_forward(&p, &journal, None)?;
        fs::remove_file(&p.journal).map_err(|e| BackupError::io(&p.journal, e))?;
        sync_dir(&p.parent).map_err(|e| BackupError::io(&p.parent, e))?;
        #[cfg(not(windows))]
        drop(data);
        self.committed = true;
        Ok(RestoreReport {
            manifest: self.manifest.clone(),
            previous,
            carried,
            entries: self.report.entries_read,
            bytes: self.report.bytes_read,
            swap_time: started.elapsed(),
        })
    }
}

impl Drop for PreparedRestore {
    fn drop(&mut self) {
        if !self.committed
            && self.paths.staging.exists()
            && !self.paths.journal.exists()
            && let Err(e) = fs::remove_dir_all(&self.paths.staging)
        {
            tracing::warn!(path = %self.paths.staging.display(), "cannot remove the restore staging folder: {e}");
        }
    }
}

fn file_name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `<name>.before-restore-YYYYMMDD-HHMMSS` (UTC), with `-2`, `-3`… when taken.
pub(super) fn aside_name(p: &Paths) -> String {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let base = format!("{}.before-restore-{stamp}", p.name);
    if !p.parent.join(&base).exists() {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|n| !p.parent.join(n).exists())
        .unwrap_or(base)
}

/// Whether the folder holds any file worth keeping: anything but the lock file, outside the
/// carried-over folders (empty sub-folders do not count).
fn holds_files(root: &Path, carried: &[String]) -> bool {
    fn any_file(dir: &Path) -> bool {
        let Ok(entries) = fs::read_dir(dir) else {
            return true;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => {
                    if any_file(&e.path()) {
                        return true;
                    }
                }
                _ => return true,
            }
        }
        false
    }
    let Ok(entries) = fs::read_dir(root) else {
        return false;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == LOCK_FILE || carried.contains(&name) {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_dir() => {
                if any_file(&e.path()) {
                    return true;
                }
            }
            _ => return true,
        }
    }
    false
}

#[cfg(test)]
pub(crate) mod testing {
    //! Crash simulation for the swap (unit tests of the recovery).
    use super::*;

    /// Runs a commit's swap but stops after `renames` renames, as a kill would, leaving the
    /// journal in place. The lock `data` is released.
    pub(crate) fn commit_interrupted(
        mut prepared: PreparedRestore,
        data: DataDir,
        renames: usize,
    ) -> Result<(), BackupError> {
        let p = prepared.paths.clone();
        let carried: Vec<String> = CARRIED_OVER
            .iter()
            .filter(|d| p.root.join(d).is_dir())
            .map(|d| (*d).to_owned())
            .collect();
        let journal = Journal {
            version: 1,
            root: p.name.clone(),
            staging: file_name_of(&p.staging),
            aside: aside_name(&p),
            drop_aside: !holds_files(&p.root, &carried),
            carried,
        };
        write_journal(&p, &journal)?;
        drop(data);
        roll_forward(&p, &journal, Some(renames))?;
        prepared.committed = true;
        Ok(())
    }
}
