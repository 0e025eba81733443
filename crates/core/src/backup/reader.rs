//! Reading a backup file back, entry by entry, hashing every byte: shared by verify (hash only,
//! the database copy to a scratch file) and restore (every entry to the staging folder).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead as _, BufReader, Read, Write as _};
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use super::manifest::{FORMAT, FORMAT_VERSION, MAX_MANIFEST_BYTES, Manifest, ManifestEntry};
use super::stream::{AGE_MAGIC, BUF, Counting, Source, ZSTD_MAGIC};
use super::{BackupError, Ctl, DB_ENTRY, MANIFEST_ENTRY, Passphrase, Problem, Stage, select};

/// Progress is reported at least every this many bytes.
const REPORT_EVERY: u64 = 8 << 20;

/// What reading an archive found.
#[derive(Debug, Default)]
pub(crate) struct ReadOutcome {
    /// The file is age-encrypted.
    pub encrypted: bool,
    /// The manifest, when it was read and parsed.
    pub manifest: Option<Manifest>,
    /// Every plain entry read whole, in order (the manifest not included).
    pub seen: Vec<ManifestEntry>,
    /// Problems of the file itself (passphrase, truncation, damage, unsafe or duplicate entries,
    /// manifest), found while reading.
    pub problems: Vec<Problem>,
    /// Bytes of entries read.
    pub entry_bytes: u64,
}

/// Where the bytes of one entry go besides the hash.
pub(crate) enum Dest {
    /// Nowhere: hash only.
    Hash,
    /// Into this file (created by the caller), synced to disk when the entry is complete.
    File(PathBuf, File),
}

/// Reads `path` whole. `dest` is asked, for each safe plain entry but the manifest, where its
/// bytes go. I/O errors on the caller's side (writing a destination file) and cancellation are
/// errors; everything wrong with the backup itself is a [`Problem`] in the outcome.
pub(crate) fn read_archive(
    path: &Path,
    passphrase: Option<&Passphrase>,
    stage: Stage,
    ctl: &mut Ctl<'_>,
    dest: &mut dyn FnMut(&str) -> Result<Dest, BackupError>,
) -> Result<ReadOutcome, BackupError> {
    let mut out = ReadOutcome::default();
    let file = File::open(path).map_err(|e| BackupError::io(path, e))?;
    let total = file.metadata().map_err(|e| BackupError::io(path, e))?.len();
    let (counting, count) = Counting::new(file);
    let mut buffered = BufReader::with_capacity(BUF, counting);
    let head = buffered
        .fill_buf()
        .map_err(|e| BackupError::io(path, e))?
        .to_vec();
    let source = if head.starts_with(AGE_MAGIC) {
        out.encrypted = true;
        let Some(pass) = passphrase else {
            out.problems.push(Problem::PassphraseRequired);
            return Ok(out);
        };
        let decryptor = match age::Decryptor::new_buffered(buffered) {
            Ok(d) => d,
            Err(e) => {
                out.problems.push(age_problem(e));
                return Ok(out);
            }
        };
        let identity = pass.identity();
        match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
            Ok(r) => Source::Age(r),
            Err(e) => {
                out.problems.push(age_problem(e));
                return Ok(out);
            }
        }
    } else if head.starts_with(ZSTD_MAGIC) {
        Source::Plain(buffered)
    } else if head.len() < ZSTD_MAGIC.len() && ZSTD_MAGIC.starts_with(&head) && !head.is_empty() {
        out.problems.push(Problem::Truncated { after: None });
        return Ok(out);
    } else {
        out.problems.push(Problem::NotABackup {
            detail: if head.is_empty() {
                "empty file".to_owned()
            } else {
                "neither zstd nor age".to_owned()
            },
        });
        return Ok(out);
    };
    let decoder = zstd::Decoder::new(source).map_err(|e| BackupError::io(path, e))?;
    let mut archive = tar::Archive::new(decoder);
    let mut buf = vec![0u8; BUF];
    let mut seen_paths: HashMap<String, ()> = HashMap::new();
    let mut last_whole: Option<String> = None;
    let mut since_report = 0u64;
    ctl.report(stage, 0, total, "");
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            out.problems.push(stream_problem(&e, None));
            return Ok(out);
        }
    };
    let mut stream_failed = false;
    for entry in entries {
        ctl.check()?;
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.problems.push(stream_problem(&e, last_whole.clone()));
                stream_failed = true;
                break;
            }
        };
        let name = entry
            .path()
            .ok()
            .and_then(|p| p.to_str().map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&entry.path_bytes()).into_owned());
        let plain = entry.header().entry_type() == tar::EntryType::Regular;
        if !plain || !select::is_safe_rel_path(&name) || seen_paths.contains_key(&name) {
            // Not something RPMA writes: reported, never written anywhere.
            out.problems.push(Problem::Extra {
                entry: name.clone(),
            });
            if let Err(e) = io::copy(&mut entry, &mut io::sink()) {
                out.problems.push(stream_problem(&e, last_whole.clone()));
                stream_failed = true;
                break;
            }
            continue;
        }
        seen_paths.insert(name.clone(), ());
        ctl.report(stage, count.get(), total, &name);
        if name == MANIFEST_ENTRY {
            let mut text = Vec::new();
            match (&mut entry).take(MAX_MANIFEST_BYTES).read_to_end(&mut text) {
                Ok(_) => {}
                Err(e) => {
                    out.problems.push(stream_problem(&e, last_whole.clone()));
                    stream_failed = true;
                    break;
                }
            }
            match parse_manifest(&text) {
                Ok(m) => out.manifest = Some(m),
                Err(p) => out.problems.push(p),
            }
            last_whole = Some(name);
            continue;
        }
        let mut target = dest(&name)?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut failed = None;
        loop {
            if ctl.cancelled() {
                return Err(BackupError::Cancelled);
            }
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            };
            let chunk = buf.get(..n).unwrap_or_default();
            hasher.update(chunk);
            if let Dest::File(p, f) = &mut target {
                f.write_all(chunk).map_err(|e| BackupError::io(&*p, e))?;
            }
            size += n as u64;
            since_report += n as u64;
            if since_report >= REPORT_EVERY {
                since_report = 0;
                ctl.report(stage, count.get(), total, &name);
            }
        }
        if let Some(e) = failed {
            out.problems.push(stream_problem(&e, last_whole.clone()));
            stream_failed = true;
            break;
        }
        if let Dest::File(p, f) = target {
            f.sync_all().map_err(|e| BackupError::io(&p, e))?;
        }
        out.entry_bytes += size;
        out.seen.push(ManifestEntry {
            path: name.clone(),
            size,
            sha256: hex::encode(hasher.finalize()),
        });
        last_whole = Some(name);
    }
    if !stream_failed {
        // The end of the tar (its zero blocks) and of the zstd frame and the age stream: a file cut
        // short there is still truncated.
        let mut rest = archive.into_inner();
        if let Err(e) = io::copy(&mut rest, &mut io::sink()) {
            out.problems.push(stream_problem(&e, last_whole.clone()));
        }
    }
    ctl.report(stage, count.get(), total, "");
    if out.manifest.is_none() && out.problems.is_empty() {
        out.problems.push(Problem::NoManifest);
    }
    Ok(out)
}

/// Compares what was read with the manifest: missing, altered and extra entries.
pub(crate) fn compare(manifest: &Manifest, seen: &[ManifestEntry]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let by_path: HashMap<&str, &ManifestEntry> =
        seen.iter().map(|e| (e.path.as_str(), e)).collect();
    let mut listed: HashMap<&str, ()> = HashMap::new();
    for m in &manifest.entries {
        if listed.insert(m.path.as_str(), ()).is_some() {
            continue;
        }
        match by_path.get(m.path.as_str()) {
            None => problems.push(Problem::Missing {
                entry: m.path.clone(),
            }),
            Some(s) if s.size != m.size || !s.sha256.eq_ignore_ascii_case(&m.sha256) => {
                problems.push(Problem::Altered {
                    entry: m.path.clone(),
                });
            }
            Some(_) => {}
        }
    }
    if !listed.contains_key(DB_ENTRY) && !by_path.contains_key(DB_ENTRY) {
        problems.push(Problem::Missing {
            entry: DB_ENTRY.to_owned(),
        });
    }
    for s in seen {
        if !listed.contains_key(s.path.as_str()) {
            problems.push(Problem::Extra {
                entry: s.path.clone(),
            });
        }
    }
    problems
}

fn parse_manifest(text: &[u8]) -> Result<Manifest, Problem> {
    let m: Manifest = serde_json::from_slice(text).map_err(|e| Problem::BadManifest {
        detail: e.to_string(),
    })?;
    if m.format != FORMAT {
        return Err(Problem::BadManifest {
            detail: format!("format {:?}", m.format),
        });
    }
    if m.format_version > FORMAT_VERSION {
        return Err(Problem::BadManifest {
            detail: format!(
                "format version {} (this RPMA reads {FORMAT_VERSION})",
                m.format_version
            ),
        });
    }
    Ok(m)
}

/// A read error of the archive stream, as a problem of the file.
fn stream_problem(e: &io::Error, after: Option<String>) -> Problem {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        Problem::Truncated { after }
    } else {
        Problem::Damaged {
            after,
            detail: e.to_string(),
        }
    }
}

fn age_problem(e: age::DecryptError) -> Problem {
    match e {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::KeyDecryptionFailed
        | age::DecryptError::NoMatchingKeys => Problem::WrongPassphrase,
        age::DecryptError::Io(io) if io.kind() == io::ErrorKind::UnexpectedEof => {
            Problem::Truncated { after: None }
        }
        age::DecryptError::InvalidMac => Problem::Damaged {
            after: None,
            detail: "age header MAC".to_owned(),
        },
        other => Problem::NotABackup {
            detail: other.to_string(),
        },
    }
}
