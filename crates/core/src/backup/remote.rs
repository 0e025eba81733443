//! Copies of verified backups in object storage (issue 15 item 6): S3 or an S3-compatible
//! service, Google Cloud Storage, or a folder, through the `object_store` crate (HTTPS with
//! rustls on ring; no OpenSSL, no aws-lc).
//!
//! `object_store` is asynchronous; the rest of RPMA is not. Each call here runs on a small tokio
//! runtime of its own, built for the call and dropped after it, so callers (the database worker's
//! background task, the CLI) stay synchronous and tokio never leaks into their code. That is why
//! this lives in the core beside the rest of the backup code rather than in the app: the rules
//! (only verified backups leave, sizes checked, retention after a good copy) stay in one place.
//!
//! - [`upload`] streams a backup file in parts ([`PART_BYTES`], at most [`PARTS_IN_FLIGHT`]
//!   parts in flight: memory stays bounded whatever the size), then reads the object's size back
//!   and removes the object if it differs. A multipart upload becomes visible under its name only
//!   when complete, so a copy cut short never looks like a backup.
//! - [`list_remote`] lists the backups under the prefix, newest first.
//! - [`apply_remote_retention`] applies the local retention rules to this terminal's copies.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt as _, WriteMultipart};

use super::list::VerifiedState;
use super::remote_settings::{RemoteKind, RemoteTarget};
use super::retention::{Candidate, RetentionPolicy, plan};
use super::{BackupError, Ctl, Progress, Stage, parse_file_name, sanitize_terminal};

/// Size of one uploaded part (S3 wants at least 5 MiB for every part but the last).
pub const PART_BYTES: usize = 8 << 20;
/// Parts being sent at once: with the part being filled, memory stays under
/// `(PARTS_IN_FLIGHT + 1) × PART_BYTES`.
pub const PARTS_IN_FLIGHT: usize = 2;
/// Bytes read from the file at a time.
const READ_BYTES: usize = 256 << 10;

/// What [`upload`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadReport {
    /// Where the copy is (`s3://bucket/prefix/name`, …).
    pub location: String,
    /// The object's key in the bucket.
    pub key: String,
    /// Its size, as the storage reports it after the upload (equal to the file's).
    pub bytes: u64,
    /// Time taken.
    pub elapsed: Duration,
}

/// A backup found in object storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteBackup {
    /// The object's key in the bucket.
    pub key: String,
    /// Its file name.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// When the storage last wrote it (ms since the Unix epoch).
    pub modified_ms: i64,
    /// The terminal in its name.
    pub terminal: String,
    /// The local date and time in its name.
    pub stamp: NaiveDateTime,
    /// Encrypted (`.age`).
    pub encrypted: bool,
}

fn remote_err(target: &RemoteTarget, e: &object_store::Error) -> BackupError {
    use object_store::Error as E;
    let reason = match e {
        E::NotFound { .. } => super::RemoteReason::NotFound,
        E::PermissionDenied { .. } | E::Unauthenticated { .. } => super::RemoteReason::Denied,
        _ => super::RemoteReason::Other,
    };
    BackupError::Remote {
        location: target.display_location(),
        reason,
        detail: e.to_string(),
    }
}

fn runtime(target: &RemoteTarget) -> Result<tokio::runtime::Runtime, BackupError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("rpma-remote")
        .enable_all()
        .build()
        .map_err(|e| BackupError::Remote {
            location: target.display_location(),
            reason: super::RemoteReason::Other,
            detail: e.to_string(),
        })
}

/// Retries of a failed request: a few, within a minute (a backup is tried again at the next
/// run anyway).
fn retry() -> object_store::RetryConfig {
    object_store::RetryConfig {
        max_retries: 3,
        retry_timeout: Duration::from_secs(60),
        ..object_store::RetryConfig::default()
    }
}

fn client_options(target: &RemoteTarget) -> object_store::ClientOptions {
    object_store::ClientOptions::new()
        .with_connect_timeout(Duration::from_secs(15))
        .with_timeout(Duration::from_secs(180))
        // Plain HTTP only when the endpoint says so (a MinIO on the shop's network).
        .with_allow_http(target.endpoint.starts_with("http://"))
}

/// The client for `target`. The process-wide rustls provider is set to ring first (reqwest is
/// built without one: see the dependency notes).
fn build_store(target: &RemoteTarget) -> Result<Arc<dyn ObjectStore>, BackupError> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let store: Arc<dyn ObjectStore> = match target.kind {
        RemoteKind::S3 => {
            let mut b = object_store::aws::AmazonS3Builder::new()
                .with_bucket_name(&target.bucket)
                .with_region(&target.region)
                .with_access_key_id(&target.access_key_id)
                .with_secret_access_key(target.secret().unwrap_or_default())
                .with_retry(retry())
                .with_client_options(client_options(target));
            if !target.endpoint.is_empty() {
                b = b.with_endpoint(&target.endpoint);
            }
            Arc::new(b.build().map_err(|e| remote_err(target, &e))?)
        }
        RemoteKind::Gcs => {
            let mut b = object_store::gcp::GoogleCloudStorageBuilder::new()
                .with_bucket_name(&target.bucket)
                .with_retry(retry())
                .with_client_options(client_options(target));
            if let Some(key) = target.secret() {
                b = b.with_service_account_key(key);
            }
            if !target.endpoint.is_empty() {
                b = b.with_base_url(&target.endpoint);
            }
            Arc::new(b.build().map_err(|e| remote_err(target, &e))?)
        }
        RemoteKind::Fs => {
            let root = Path::new(&target.bucket);
            std::fs::create_dir_all(root).map_err(|e| BackupError::io(root, e))?;
            Arc::new(
                object_store::local::LocalFileSystem::new_with_prefix(root)
                    .map_err(|e| remote_err(target, &e))?
                    .with_automatic_cleanup(true)
                    .with_fsync(true),
            )
        }
    };
    Ok(store)
}

fn prefix_path(target: &RemoteTarget) -> Option<ObjectPath> {
    (!target.prefix.is_empty()).then(|| ObjectPath::from_iter(target.prefix.split('/')))
}

fn object_path(target: &RemoteTarget, name: &str) -> ObjectPath {
    ObjectPath::from_iter(
        target
            .prefix
            .split('/')
            .filter(|s| !s.is_empty())
            .chain(std::iter::once(name)),
    )
}

/// Copies the backup `file` to `target`, streaming it in parts, and checks the copy's size. The
/// caller has verified the backup (see [`upload_verified`]). On error or cancel the storage is
/// asked to drop the parts sent, and nothing is left under the backup's name.
pub fn upload(
    target: &RemoteTarget,
    file: &Path,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<UploadReport, BackupError> {
    let started = Instant::now();
    let mut ctl = Ctl::new(progress, cancel);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| parse_file_name(n).is_some())
        .ok_or_else(|| BackupError::Layout {
            path: file.to_owned(),
            detail: "not a backup file name".to_owned(),
        })?;
    let mut f = File::open(file).map_err(|e| BackupError::io(file, e))?;
    let size = f.metadata().map_err(|e| BackupError::io(file, e))?.len();
    let store = build_store(target)?;
    let key = object_path(target, &name);
    let rt = runtime(target)?;
    rt.block_on(async {
        let upload = store
            .put_multipart(&key)
            .await
            .map_err(|e| remote_err(target, &e))?;
        let mut w = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut buf = vec![0u8; READ_BYTES];
        let mut done = 0u64;
        let mut since_report = 0usize;
        ctl.report(Stage::Upload, 0, size, &name);
        let outcome: Result<(), BackupError> = loop {
            if ctl.cancelled() {
                break Err(BackupError::Cancelled);
            }
            if let Err(e) = w.wait_for_capacity(PARTS_IN_FLIGHT).await {
                break Err(remote_err(target, &e));
            }
            let n = match f.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(BackupError::io(file, e)),
            };
            w.write(buf.get(..n).unwrap_or_default());
            done += n as u64;
            since_report += n;
            if since_report >= PART_BYTES {
                since_report = 0;
                ctl.report(Stage::Upload, done, size, &name);
            }
        };
        let outcome = outcome.and_then(|()| {
            if done == size {
                Ok(())
            } else {
                Err(BackupError::FileChanged {
                    path: file.to_owned(),
                })
            }
        });
        if let Err(e) = outcome {
            if let Err(abort) = w.abort().await {
                tracing::warn!("remote copy: abort after an error: {abort}");
            }
            return Err(e);
        }
        w.finish().await.map_err(|e| remote_err(target, &e))?;
        let meta = store.head(&key).await.map_err(|e| remote_err(target, &e))?;
        if meta.size != size {
            let _ = store.delete(&key).await;
            return Err(BackupError::RemoteSize {
                location: format!("{}/{name}", target.display_location()),
                expected: size,
                found: meta.size,
            });
        }
        ctl.report(Stage::Upload, size, size, &name);
        Ok(UploadReport {
            location: format!("{}/{name}", target.display_location()),
            key: key.to_string(),
            bytes: meta.size,
            elapsed: started.elapsed(),
        })
    })
}

/// [`upload`] of a backup known to be good: its last verification (recorded beside it) passed,
/// or it is verified now (with `passphrase` when encrypted). A backup that fails is refused
/// ([`BackupError::Invalid`]) and nothing is sent.
pub fn upload_verified(
    target: &RemoteTarget,
    file: &Path,
    passphrase: Option<&super::Passphrase>,
    progress: &mut dyn FnMut(&Progress<'_>),
    cancel: &AtomicBool,
) -> Result<UploadReport, BackupError> {
    if super::list::verified_state(file).0 != VerifiedState::Verified {
        let report = super::verify(file, passphrase, progress, cancel)?;
        if !report.is_ok() {
            return Err(BackupError::Invalid(Box::new(report)));
        }
    }
    upload(target, file, progress, cancel)
}

/// The backups under the target's prefix (objects named like backups; others are ignored),
/// newest first.
pub fn list_remote(target: &RemoteTarget) -> Result<Vec<RemoteBackup>, BackupError> {
    // A folder that holds no copy yet has no prefix folder either: nothing to list.
    if target.kind == RemoteKind::Fs
        && !Path::new(&target.bucket)
            .join(target.prefix.replace('/', std::path::MAIN_SEPARATOR_STR))
            .is_dir()
    {
        return Ok(Vec::new());
    }
    let store = build_store(target)?;
    let prefix = prefix_path(target);
    let rt = runtime(target)?;
    let listed = rt
        .block_on(store.list_with_delimiter(prefix.as_ref()))
        .map_err(|e| remote_err(target, &e))?;
    let mut out: Vec<RemoteBackup> = listed
        .objects
        .into_iter()
        .filter_map(|o| {
            let name = o.location.filename()?.to_owned();
            let parsed = parse_file_name(&name)?;
            Some(RemoteBackup {
                key: o.location.to_string(),
                name,
                bytes: o.size,
                modified_ms: o.last_modified.timestamp_millis(),
                terminal: parsed.terminal,
                stamp: parsed.stamp,
                encrypted: parsed.encrypted,
            })
        })
        .collect();
    out.sort_by(|a, b| b.stamp.cmp(&a.stamp).then(b.name.cmp(&a.name)));
    Ok(out)
}

/// Applies the retention rules ([`super::retention`]) to this terminal's copies in the target
/// (other terminals' are left alone); every copy counts as verified, since only verified
/// backups are sent. Call it after a copy succeeded. Returns the keys deleted.
pub fn apply_remote_retention(
    target: &RemoteTarget,
    terminal: &str,
    policy: &RetentionPolicy,
    tz: chrono_tz::Tz,
) -> Result<Vec<String>, BackupError> {
    let terminal = sanitize_terminal(terminal);
    let mine: Vec<RemoteBackup> = list_remote(target)?
        .into_iter()
        .filter(|b| b.terminal == terminal)
        .collect();
    let candidates: Vec<Candidate> = mine
        .iter()
        .map(|b| Candidate {
            created_ms: b
                .stamp
                .and_local_timezone(tz)
                .earliest()
                .map_or(b.modified_ms, |t| t.timestamp_millis()),
            verified: VerifiedState::Verified,
        })
        .collect();
    let decision = plan(&candidates, policy, tz);
    if decision.delete.is_empty() {
        return Ok(Vec::new());
    }
    let store = build_store(target)?;
    let rt = runtime(target)?;
    let mut deleted = Vec::new();
    for i in decision.delete {
        let Some(b) = mine.get(i) else { continue };
        let key = ObjectPath::from(b.key.as_str());
        rt.block_on(store.delete(&key))
            .map_err(|e| remote_err(target, &e))?;
        deleted.push(b.key.clone());
    }
    Ok(deleted)
}
