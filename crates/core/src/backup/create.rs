//! Writing a backup: a consistent copy of the database and every file of the data folder,
//! streamed into `tar` + `zstd` (+ `age`), hashed while written, under a temporary name that is
//! renamed to the final one only once the file is complete and on disk.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant, SystemTime};

use rusqlite::{Connection, OpenFlags, OptionalExtension as _};
use sha2::{Digest as _, Sha256};

use super::manifest::{FORMAT, FORMAT_VERSION, Manifest, ManifestEntry};
use super::stream::{BUF, Sink};
use super::{
    BackupError, Ctl, DB_ENTRY, MANIFEST_ENTRY, Passphrase, Progress, Stage, ZSTD_LEVEL, file_name,
    is_backup_temp_name, rfc3339, select, sync_dir, temp_name_for,
};
use crate::datadir::DB_FILE;
use crate::store::migrations;

/// Temporary files of a backup older than this are from a killed run and are removed.
const STALE_TEMP_AGE: Duration = Duration::from_secs(600);
/// Progress is reported at least every this many bytes.
const REPORT_EVERY: u64 = 8 << 20;

/// What to back up, and where.
#[derive(Debug)]
pub struct CreateOptions<'a> {
    /// The data folder.
    pub data_root: &'a Path,
    /// The folder the backup file is written to (created if needed); usually
    /// `<data>/backups`.
    pub out_dir: &'a Path,
    /// This terminal's code (goes into the file name and the manifest).
    pub terminal: &'a str,
    /// Encrypt with this passphrase (age, scrypt), or not at all.
    pub passphrase: Option<&'a Passphrase>,
    /// The time of the backup (milliseconds since the Unix epoch), from the caller's clock.
    pub now_ms: i64,
    /// The shop's time zone (the time in the file name is local).
    pub tz: chrono_tz::Tz,
}

/// What [`create`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateReport {
    /// The backup file (final name).
    pub path: PathBuf,
    /// Its size on disk.
    pub archive_bytes: u64,
    /// Entries written, the manifest not counted.
    pub entries: u64,
    /// Bytes of those entries (before compression).
    pub source_bytes: u64,
    /// Files listed but gone when their turn came (deleted meanwhile): not in the backup.
    pub skipped: Vec<String>,
    /// The manifest written as the last entry.
    pub manifest: Manifest,
    /// Time taken.
    pub elapsed: Duration,
}

/// Removes a file when dropped, unless disarmed.
struct TempFile {
    path: PathBuf,
    armed: bool,
}

impl TempFile {
    fn new(path: PathBuf) -> Self {
        Self { path, armed: true }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes a backup of `opts.data_root` into `opts.out_dir`. Works while the app is running on the
/// same data folder: the database is copied with SQLite's online backup API in one read
/// transaction (a consistent snapshot; writers are not blocked), photos are written once and
/// never modified.
///
/// On error or cancel nothing is left under the final name (the temporary file is removed; a
/// kill leaves only a hidden `.rpma-backup-….part`, removed by the next backup).
pub fn create(
    opts: &CreateOptions<'_>,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<CreateReport, BackupError> {
    let started = Instant::now();
    let mut ctl = Ctl::new(progress, cancel);
    if opts.passphrase.is_some_and(Passphrase::is_empty) {
        return Err(BackupError::EmptyPassphrase);
    }
    let db = opts.data_root.join(DB_FILE);
    if !db.is_file() {
        return Err(BackupError::NoDatabase { path: db });
    }
    fs::create_dir_all(opts.out_dir).map_err(|e| BackupError::io(opts.out_dir, e))?;
    remove_stale_temp_files(opts.out_dir, STALE_TEMP_AGE);

    let final_path = unique_path(
        opts.out_dir,
        &file_name(
            opts.terminal,
            opts.now_ms,
            opts.tz,
            opts.passphrase.is_some(),
        ),
    );
    let snapshot = TempFile::new(opts.out_dir.join(format!(
            ".{}.db.tmp",
            final_path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        )));
    // The archive's temporary file first: a read-only or forbidden destination is refused at
    // once, with the operating system's own reason.
    let temp = TempFile::new(temp_name_for(&final_path));
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&temp.path)
        .map_err(|e| BackupError::io(&temp.path, e))?;
    ctl.check()?;
    let info = snapshot_database(&db, &snapshot.path, &mut ctl)
        .map_err(|e| disk_fault_at(e, &snapshot.path))?;
    ctl.check()?;

    let files = select::collect(opts.data_root, Some(opts.out_dir))?;
    let db_size = fs::metadata(&snapshot.path)
        .map_err(|e| BackupError::io(&snapshot.path, e))?
        .len();
    let total = db_size + files.iter().map(|f| f.size).sum::<u64>();
    let sink = Sink::new(file, opts.passphrase).map_err(|e| BackupError::io(&temp.path, e))?;
    let encoder =
        zstd::Encoder::new(sink, ZSTD_LEVEL).map_err(|e| BackupError::io(&temp.path, e))?;
    let mut tar = tar::Builder::new(encoder);

    let mut jobs = Vec::with_capacity(files.len() + 1);
    jobs.push(Job {
        rel: DB_ENTRY,
        path: &snapshot.path,
    });
    jobs.extend(files.iter().map(|f| Job {
        rel: &f.rel,
        path: &f.path,
    }));
    let (entries, skipped) = append_all(&mut tar, &jobs, &mut ctl, total, &temp.path)?;
    if entries.first().is_none_or(|e| e.path != DB_ENTRY) {
        return Err(BackupError::io(
            &snapshot.path,
            io::Error::from(io::ErrorKind::NotFound),
        ));
    }
    drop(jobs);
    drop(snapshot);
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_level: info.schema_level,
        terminal: super::sanitize_terminal(opts.terminal),
        shop_id: info.shop_id,
        shop_name: info.shop_name,
        created_at: rfc3339(opts.now_ms),
        created_at_ms: opts.now_ms,
        tables: info.tables,
        entries,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| BackupError::io(&temp.path, io::Error::other(e)))?;
    let mut header = entry_header(json.len() as u64, opts.now_ms / 1000);
    tar.append_data(&mut header, MANIFEST_ENTRY, json.as_slice())
        .map_err(|e| BackupError::io(&temp.path, e))?;

    let io_err = |e| BackupError::io(&temp.path, e);
    let encoder = tar.into_inner().map_err(io_err)?;
    let sink = encoder.finish().map_err(io_err)?;
    let file = sink.finish().map_err(io_err)?;
    file.sync_all().map_err(io_err)?;
    let archive_bytes = file.metadata().map_err(io_err)?.len();
    drop(file);
    ctl.check()?;
    fs::rename(&temp.path, &final_path).map_err(|e| BackupError::io(&final_path, e))?;
    let mut temp = temp;
    temp.armed = false;
    sync_dir(opts.out_dir).map_err(|e| BackupError::io(opts.out_dir, e))?;
    Ok(CreateReport {
        path: final_path,
        archive_bytes,
        entries: manifest.entries.len() as u64,
        source_bytes: manifest.total_bytes(),
        skipped,
        manifest,
        elapsed: started.elapsed(),
    })
}

/// An SQLite error writing the database copy into the destination folder, told as the disk
/// fault it is (full, read-only, not allowed) at that path, so that the message speaks of the
/// destination rather than of the shop's database.
fn disk_fault_at(e: BackupError, dest: &Path) -> BackupError {
    use crate::disk_errors::{DiskFault, db_fault};
    let BackupError::Core(crate::error::CoreError::Db(db)) = &e else {
        return e;
    };
    let kind = match db_fault(db) {
        Some(DiskFault::Full) => io::ErrorKind::StorageFull,
        Some(DiskFault::ReadOnly) => io::ErrorKind::ReadOnlyFilesystem,
        Some(DiskFault::Denied) => io::ErrorKind::PermissionDenied,
        None => return e,
    };
    BackupError::io(dest, io::Error::new(kind, db.to_string()))
}

/// A tar header for a plain file of `size` bytes.
fn entry_header(size: u64, mtime_secs: i64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(u64::try_from(mtime_secs).unwrap_or(0));
    h
}

/// A file for the reader thread: where it is and its name in the archive.
struct Job<'a> {
    rel: &'a str,
    path: &'a Path,
}

/// What the reader thread sends, in order, for each file: `Start`, `Data`…, then `End` — or
/// `Gone` (deleted since listed), `Short` (shorter than its size: it changed) or `Failed`.
enum Chunk {
    Start { size: u64, mtime: i64 },
    Gone,
    Data(Vec<u8>),
    End { sha256: String },
    Short,
    Failed(io::Error),
}

/// Buffers in flight between the threads (each [`BUF`] bytes): memory stays bounded.
const IN_FLIGHT: usize = 4;

/// The reader thread: reads and hashes every file in turn, handing the bytes over in buffers
/// that come back through `free` (so at most [`IN_FLIGHT`] + 2 buffers ever exist).
fn read_files(
    jobs: &[Job<'_>],
    tx: &SyncSender<Chunk>,
    free: &Receiver<Vec<u8>>,
    cancel: &AtomicBool,
) {
    for job in jobs {
        let mut file = match File::open(job.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if tx.send(Chunk::Gone).is_err() {
                    return;
                }
                continue;
            }
            Err(e) => {
                let _ = tx.send(Chunk::Failed(e));
                return;
            }
        };
        let meta = match file.metadata() {
            Ok(m) => m,
            Err(e) => {
                let _ = tx.send(Chunk::Failed(e));
                return;
            }
        };
        let size = meta.len();
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        if tx.send(Chunk::Start { size, mtime }).is_err() {
            return;
        }
        let mut hasher = Sha256::new();
        let mut remaining = size;
        while remaining > 0 {
            if cancel.load(Ordering::Relaxed) {
                let _ = tx.send(Chunk::Failed(io::Error::other("cancelled")));
                return;
            }
            let mut buf = free.try_recv().unwrap_or_else(|_| vec![0u8; BUF]);
            buf.resize(BUF, 0);
            let want = usize::try_from(remaining).unwrap_or(BUF).min(BUF);
            let n = match file.read(buf.get_mut(..want).unwrap_or_default()) {
                Ok(0) => {
                    let _ = tx.send(Chunk::Short);
                    return;
                }
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = tx.send(Chunk::Failed(e));
                    return;
                }
            };
            buf.truncate(n);
            hasher.update(&buf);
            remaining -= n as u64;
            if tx.send(Chunk::Data(buf)).is_err() {
                return;
            }
        }
        let sha256 = hex::encode(hasher.finalize());
        if tx.send(Chunk::End { sha256 }).is_err() {
            return;
        }
    }
}

/// The bytes of the current file, from the reader thread, for `tar::Builder::append_data`.
struct ChannelReader<'r, 'c> {
    rx: &'r Receiver<Chunk>,
    free: &'r SyncSender<Vec<u8>>,
    current: Option<(Vec<u8>, usize)>,
    sha256: Option<String>,
    short: bool,
    ctl: &'r mut Ctl<'c>,
    done: &'r mut u64,
    total: u64,
    item: &'r str,
    since_report: u64,
}

impl Read for ChannelReader<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some((buf, pos)) = &mut self.current {
                let rest = buf.get(*pos..).unwrap_or_default();
                if !rest.is_empty() {
                    let n = rest.len().min(out.len());
                    if let (Some(dst), Some(src)) = (out.get_mut(..n), rest.get(..n)) {
                        dst.copy_from_slice(src);
                    }
                    *pos += n;
                    *self.done += n as u64;
                    self.since_report += n as u64;
                    if self.since_report >= REPORT_EVERY {
                        self.since_report = 0;
                        self.ctl
                            .report(Stage::Archive, *self.done, self.total, self.item);
                    }
                    return Ok(n);
                }
                if let Some((buf, _)) = self.current.take() {
                    // Back to the reader; if it has enough, the buffer is simply dropped.
                    let _ = self.free.try_send(buf);
                }
            }
            if self.sha256.is_some() {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Chunk::Data(buf)) => self.current = Some((buf, 0)),
                Ok(Chunk::End { sha256 }) => self.sha256 = Some(sha256),
                Ok(Chunk::Short) => {
                    self.short = true;
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the file is shorter than when it was listed",
                    ));
                }
                Ok(Chunk::Failed(e)) => return Err(e),
                Ok(Chunk::Start { .. } | Chunk::Gone) | Err(_) => {
                    return Err(io::Error::other("backup reader out of step"));
                }
            }
        }
    }
}

/// Writes every file into the archive: a reader thread reads and hashes, this thread compresses
/// (and encrypts) and writes, so both cores work as `tar | zstd` would. Returns the manifest
/// entries (files gone meanwhile left out) and the names of those gone files.
fn append_all<W: io::Write>(
    tar: &mut tar::Builder<W>,
    jobs: &[Job<'_>],
    ctl: &mut Ctl<'_>,
    total: u64,
    temp: &Path,
) -> Result<(Vec<ManifestEntry>, Vec<String>), BackupError> {
    let cancel = ctl.cancel;
    let (tx, rx) = sync_channel::<Chunk>(IN_FLIGHT);
    let (free_tx, free_rx) = sync_channel::<Vec<u8>>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("rpma-backup-read".into())
            .spawn_scoped(scope, move || read_files(jobs, &tx, &free_rx, cancel))
            .map_err(|e| BackupError::io(temp, e))?;
        let result = write_entries(tar, jobs, &rx, &free_tx, ctl, total, temp);
        // On an error the receiver goes: the reader's next send fails and it stops.
        drop(rx);
        if reader.join().is_err() {
            tracing::error!("backup reader thread panicked");
        }
        result
    })
}

fn write_entries<W: io::Write>(
    tar: &mut tar::Builder<W>,
    jobs: &[Job<'_>],
    rx: &Receiver<Chunk>,
    free: &SyncSender<Vec<u8>>,
    ctl: &mut Ctl<'_>,
    total: u64,
    temp: &Path,
) -> Result<(Vec<ManifestEntry>, Vec<String>), BackupError> {
    let mut entries = Vec::with_capacity(jobs.len());
    let mut skipped = Vec::new();
    let mut done = 0u64;
    for job in jobs {
        ctl.check()?;
        let (size, mtime) = match rx.recv() {
            Ok(Chunk::Start { size, mtime }) => (size, mtime),
            Ok(Chunk::Gone) => {
                skipped.push(job.rel.to_owned());
                continue;
            }
            Ok(Chunk::Failed(e)) => {
                if ctl.cancelled() {
                    return Err(BackupError::Cancelled);
                }
                return Err(BackupError::io(job.path, e));
            }
            _ => {
                return Err(BackupError::io(
                    temp,
                    io::Error::other("backup reader stopped"),
                ));
            }
        };
        ctl.report(Stage::Archive, done, total, job.rel);
        let mut header = entry_header(size, mtime);
        let mut reader = ChannelReader {
            rx,
            free,
            current: None,
            sha256: None,
            short: false,
            ctl: &mut *ctl,
            done: &mut done,
            total,
            item: job.rel,
            since_report: 0,
        };
        let result = tar.append_data(&mut header, job.rel, &mut reader);
        let (short, sha256) = (reader.short, reader.sha256.take());
        match (result, sha256) {
            (Ok(()), Some(sha256)) => entries.push(ManifestEntry {
                path: job.rel.to_owned(),
                size,
                sha256,
            }),
            (Ok(()), None) => {
                return Err(BackupError::io(temp, io::Error::other("entry ended early")));
            }
            (Err(e), _) => {
                if ctl.cancelled() {
                    return Err(BackupError::Cancelled);
                }
                if short {
                    return Err(BackupError::FileChanged {
                        path: job.path.to_owned(),
                    });
                }
                return Err(BackupError::io(temp, e));
            }
        }
    }
    ctl.report(Stage::Archive, done, total, "");
    Ok((entries, skipped))
}

/// What the database copy says about itself.
#[derive(Debug)]
struct DbInfo {
    schema_level: i64,
    shop_id: String,
    shop_name: String,
    tables: BTreeMap<String, i64>,
}

/// Copies the live database to `dest` with the online backup API, in one step: one read
/// transaction, so the copy is the database as of one commit even while another connection keeps
/// writing. The copy is switched to journal mode DELETE (one self-contained file).
fn snapshot_database(db: &Path, dest: &Path, ctl: &mut Ctl<'_>) -> Result<DbInfo, BackupError> {
    let _ = fs::remove_file(dest);
    let src = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(crate::store::BUSY_TIMEOUT)?;
    let pages: i64 = src.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page_size: i64 = src.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let total = u64::try_from(pages.saturating_mul(page_size)).unwrap_or(0);
    ctl.report(Stage::Snapshot, 0, total, DB_ENTRY);
    {
        let mut dst = Connection::open(dest)?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
            // -1: every page in one step (one read transaction). Stepping in chunks would restart
            // from the first page whenever another connection commits in between, and might
            // never finish under a steady stream of writes.
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    rusqlite::backup::StepResult::More => {}
                    // Busy or locked: another connection holds a lock for a moment.
                    _ => {
                        ctl.check()?;
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
            }
        }
        let mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            tracing::warn!(mode, "backup copy: journal mode not switched");
        }
        dst.close().map_err(|(_, e)| e)?;
    }
    drop(src);
    // No fsync of this scratch copy: its bytes are in the archive, which is synced.
    ctl.report(Stage::Snapshot, total, total, DB_ENTRY);
    let conn = Connection::open_with_flags(
        dest,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let info = db_info(&conn)?;
    Ok(info)
}

/// Schema level, shop and row counts of a database.
fn db_info(conn: &Connection) -> Result<DbInfo, BackupError> {
    let schema_level = migrations::schema_level(conn)?;
    let names: Vec<String> = {
        let mut st = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    let mut tables = BTreeMap::new();
    for name in names {
        let sql = format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\""));
        match conn.query_row(&sql, [], |r| r.get::<_, i64>(0)) {
            Ok(n) => {
                tables.insert(name, n);
            }
            // A damaged table: the backup still keeps what there is; verify reports the damage.
            Err(e) => tracing::warn!(table = name, "backup copy: cannot count rows: {e}"),
        }
    }
    let (shop_id, shop_name) = shop_of(conn).unwrap_or_default();
    Ok(DbInfo {
        schema_level,
        shop_id,
        shop_name,
        tables,
    })
}

/// The shop (organisation row) of a database: id and name, when set up.
pub(crate) fn shop_of(conn: &Connection) -> Option<(String, String)> {
    conn.query_row(
        "SELECT id, name FROM organisation WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1",
        [],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )
    .optional()
    .ok()
    .flatten()
}

/// `dir/name`, or `dir/<stem>-2<ext>`, `-3`… when taken (two backups in the same second).
fn unique_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.find(".tar.") {
        Some(i) => name.split_at(i),
        None => (name, ""),
    };
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Removes temporary files of backups that were killed (untouched for `min_age`: a backup in
/// progress writes to its file all the time). Errors are logged, not fatal.
pub fn remove_stale_temp_files(dir: &Path, min_age: Duration) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !is_backup_temp_name(&name) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= min_age);
        if old {
            match fs::remove_file(e.path()) {
                Ok(()) => removed += 1,
                Err(err) => {
                    tracing::warn!(path = %e.path().display(), "stale backup temp file: {err}");
                }
            }
        }
    }
    removed
}
