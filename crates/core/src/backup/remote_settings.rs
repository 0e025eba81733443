//! Where verified backups are copied off the terminal (issue 15 item 6): an S3-compatible
//! service, Google Cloud Storage, or a folder (a mounted share), with the credential sealed with
//! the shop's key ([`crate::keys::ShopKey::seal_secret`]) in the `settings` table.
//!
//! Stored as the settings row [`KEY_REMOTE`]. Saving needs [`Action::ManageBackups`] (admins),
//! validates every field (all problems at once, nothing written on error) and is audited as
//! `settings.update` with the fields before and after — the credential never: the audit says only
//! whether one is set. Nothing here prints a credential: the [`std::fmt::Debug`] output of
//! [`RemoteSettings`] and [`RemoteTarget`] leaves it out.
//!
//! The deployment documents configure Google Cloud Storage through the environment:
//! [`ENV_GCS_BUCKET`] names the bucket when the settings leave it empty, and
//! [`ENV_GCS_KEY`] holds the service-account key when none is saved.

use age::secrecy::ExposeSecret;
/// A credential in memory (zeroed when dropped, never printed).
pub use age::secrecy::SecretString;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::Session;
use crate::audit::AuditEntry;
use crate::auth::permissions::{self, Action};
use crate::error::{CoreError, CoreResult};
use crate::keys::ShopKey;
use crate::store::Tx;
use crate::users;
use crate::validate::FieldErrors;

/// Settings key of [`RemoteSettings`].
pub const KEY_REMOTE: &str = "backup_remote";
/// The environment variable naming the Google Cloud Storage bucket (the seeds' deployment
/// documents), used when the settings leave the bucket empty.
pub const ENV_GCS_BUCKET: &str = "GCS_BUCKET_NAME";
/// The environment variable holding a Google service-account key (JSON), used when no key is
/// saved in the settings.
pub const ENV_GCS_KEY: &str = "GCS_SERVICE_ACCOUNT_KEY";
/// What the credential is sealed for (the AEAD's associated data).
pub(crate) const SECRET_PURPOSE: &str = "backup_remote/secret";
/// Region used for S3 when none is given.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The kind of object storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemoteKind {
    /// Amazon S3 or any S3-compatible service (MinIO, Scaleway, OVH, Wasabi…): bucket, region,
    /// optional endpoint, access key id and secret access key.
    #[default]
    S3,
    /// Google Cloud Storage: bucket and a service-account key (JSON).
    Gcs,
    /// A folder (a mounted network share or disk): its absolute path in `bucket`.
    Fs,
}

impl RemoteKind {
    /// Parses `s3`, `gcs` or `fs` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "s3" => Some(Self::S3),
            "gcs" | "gs" => Some(Self::Gcs),
            "fs" | "folder" => Some(Self::Fs),
            _ => None,
        }
    }

    /// The i18n key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::S3 => "backup-remote-kind-s3",
            Self::Gcs => "backup-remote-kind-gcs",
            Self::Fs => "backup-remote-kind-fs",
        }
    }
}

/// The object storage settings as saved. The credential is only ever here sealed.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RemoteSettings {
    /// Copy every verified backup there.
    pub enabled: bool,
    /// S3, GCS or a folder.
    pub kind: RemoteKind,
    /// The bucket (S3, GCS), or the folder's absolute path ([`RemoteKind::Fs`]).
    pub bucket: String,
    /// A folder inside the bucket (`shops/garage-martin`), without leading or trailing `/`.
    pub prefix: String,
    /// S3-compatible services: the service's URL (`https://s3.fr-par.scw.cloud`); empty for
    /// Amazon S3 itself.
    pub endpoint: String,
    /// S3: the region (empty: [`DEFAULT_REGION`]).
    pub region: String,
    /// S3: the access key id (not secret).
    pub access_key_id: String,
    /// The credential (S3 secret access key, GCS service-account key), sealed with the shop's
    /// key; empty when none is saved.
    pub secret_sealed: String,
}

impl std::fmt::Debug for RemoteSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteSettings")
            .field("enabled", &self.enabled)
            .field("kind", &self.kind)
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_set", &self.has_secret())
            .finish()
    }
}

/// What a save does to the saved credential.
pub enum SecretChange {
    /// Keep the one saved (the form shows "set", never the value).
    Keep,
    /// Remove it.
    Clear,
    /// Replace it with this one.
    Set(SecretString),
}

impl std::fmt::Debug for SecretChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Keep => "Keep",
            Self::Clear => "Clear",
            Self::Set(_) => "Set(…)",
        })
    }
}

/// Reads a variable of the process environment (a seam for the tests).
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, empty values read as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl RemoteSettings {
    /// Whether a credential is saved.
    pub fn has_secret(&self) -> bool {
        !self.secret_sealed.is_empty()
    }

    /// Trimmed copy: spaces around every field, slashes around the prefix, a trailing slash of
    /// the endpoint.
    pub fn normalized(mut self) -> Self {
        self.bucket = self.bucket.trim().to_owned();
        self.prefix = self.prefix.trim().trim_matches('/').to_owned();
        self.endpoint = self.endpoint.trim().trim_end_matches('/').to_owned();
        self.region = self.region.trim().to_owned();
        self.access_key_id = self.access_key_id.trim().to_owned();
        self
    }

    /// The bucket to use: the saved one, else (GCS) the environment's [`ENV_GCS_BUCKET`].
    pub fn effective_bucket(&self, env: EnvLookup<'_>) -> String {
        if self.bucket.is_empty() && self.kind == RemoteKind::Gcs {
            env(ENV_GCS_BUCKET).unwrap_or_default()
        } else {
            self.bucket.clone()
        }
    }

    /// Every problem with the values, by field (`remote_bucket`, `remote_prefix`,
    /// `remote_endpoint`, `remote_region`, `remote_access_key_id`, `remote_secret`). A disabled
    /// copy is not checked beyond the shape of what is filled in. `new_secret` is the credential
    /// about to be saved (`None`: the saved one stays).
    pub fn validate(&self, new_secret: Option<&str>, env: EnvLookup<'_>) -> FieldErrors {
        let mut e = FieldErrors::new();
        let bucket = self.effective_bucket(env);
        match self.kind {
            RemoteKind::S3 | RemoteKind::Gcs => {
                if bucket.is_empty() {
                    if self.enabled {
                        e.add("remote_bucket", "err-required");
                    }
                } else if !bucket_name_ok(&bucket) {
                    e.add("remote_bucket", "backup-remote-err-bucket");
                }
            }
            RemoteKind::Fs => {
                if bucket.is_empty() {
                    if self.enabled {
                        e.add("remote_bucket", "err-required");
                    }
                } else if !std::path::Path::new(&bucket).is_absolute() {
                    e.add("remote_bucket", "backup-remote-err-folder");
                }
            }
        }
        if !prefix_ok(&self.prefix) {
            e.add("remote_prefix", "backup-remote-err-prefix");
        }
        if !self.endpoint.is_empty() && !endpoint_ok(&self.endpoint) {
            e.add("remote_endpoint", "backup-remote-err-endpoint");
        }
        let region_ok = self.region.len() <= 32
            && self
                .region
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !region_ok {
            e.add("remote_region", "backup-remote-err-region");
        }
        let has_secret = match new_secret {
            Some(s) => !s.trim().is_empty(),
            None => self.has_secret(),
        };
        match self.kind {
            RemoteKind::S3 => {
                if self.access_key_id.is_empty() {
                    if self.enabled {
                        e.add("remote_access_key_id", "err-required");
                    }
                } else if !(self.access_key_id.len() <= 128
                    && self
                        .access_key_id
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'))
                {
                    e.add("remote_access_key_id", "backup-remote-err-access-key");
                }
                if self.enabled && !has_secret {
                    e.add("remote_secret", "err-required");
                }
            }
            RemoteKind::Gcs => {
                if let Some(s) = new_secret.filter(|s| !s.trim().is_empty()) {
                    if !gcs_key_ok(s) {
                        e.add("remote_secret", "backup-remote-err-gcs-key");
                    }
                } else if self.enabled && !has_secret && env(ENV_GCS_KEY).is_none() {
                    e.add("remote_secret", "err-required");
                }
            }
            RemoteKind::Fs => {}
        }
        e
    }

    /// What the audit log records: every field but the credential, which is only said to be set
    /// or not.
    fn audit_view(&self) -> serde_json::Value {
        serde_json::json!({
            "enabled": self.enabled,
            "kind": self.kind,
            "bucket": self.bucket,
            "prefix": self.prefix,
            "endpoint": self.endpoint,
            "region": self.region,
            "access_key_id": self.access_key_id,
            "secret_set": self.has_secret(),
        })
    }
}

/// S3 and GCS bucket names: 3 to 222 characters, lower-case letters, digits, `.`, `-`, `_`,
/// starting and ending with a letter or a digit.
fn bucket_name_ok(b: &str) -> bool {
    let alnum = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=222).contains(&b.len())
        && b.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._-".contains(&c))
        && alnum(b.bytes().next())
        && alnum(b.bytes().last())
        && !b.contains("..")
}

/// A prefix: empty, or segments of letters, digits, `.`, `_`, `-` joined by single `/`, none
/// of them `.` or `..`, 200 characters at most.
fn prefix_ok(p: &str) -> bool {
    p.is_empty()
        || (p.len() <= 200
            && p.split('/').all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c))
            }))
}

/// An endpoint: `http://` or `https://`, a host, no spaces, no user name or query.
fn endpoint_ok(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split('/').next().unwrap_or_default();
        !host.is_empty()
            && !r.contains(['@', '?', '#'])
            && !r.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// A Google service-account key: a JSON object with `client_email` and `private_key`.
fn gcs_key_ok(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| {
        v.get("client_email")
            .is_some_and(serde_json::Value::is_string)
            && v.get("private_key")
                .is_some_and(serde_json::Value::is_string)
    })
}

/// The saved settings (defaults: off, when never saved or unreadable).
pub fn get_remote(conn: &Connection) -> CoreResult<RemoteSettings> {
    let raw = crate::terminal_settings::read(conn, KEY_REMOTE)?;
    Ok(raw
        .and_then(|s| {
            serde_json::from_str(&s)
                .map_err(|e| tracing::warn!(error = %e, "unreadable remote backup settings"))
                .ok()
        })
        .unwrap_or_default())
}

fn store_remote(
    tx: &Tx<'_>,
    draft: RemoteSettings,
    secret: &SecretChange,
) -> CoreResult<RemoteSettings> {
    let before = get_remote(tx.conn())?;
    let mut after = draft.normalized();
    let new_secret = match secret {
        SecretChange::Set(s) => Some(s.expose_secret().trim().to_owned()),
        SecretChange::Clear => Some(String::new()),
        SecretChange::Keep => None,
    };
    after.secret_sealed = match &new_secret {
        None => before.secret_sealed.clone(),
        Some(s) if s.is_empty() => String::new(),
        Some(s) => tx.key().seal_secret(SECRET_PURPOSE, s)?,
    };
    after
        .validate(new_secret.as_deref(), &process_env)
        .into_result()?;
    let value = serde_json::to_string(&after)
        .map_err(|e| CoreError::io("settings", std::io::Error::other(e)))?;
    crate::terminal_settings::write(tx.conn(), KEY_REMOTE, &value, tx.now(), tx.actor())?;
    tx.audit(AuditEntry {
        action: "settings.update",
        entity: "settings",
        entity_id: Some(KEY_REMOTE),
        before: Some(before.audit_view()),
        after: Some(after.audit_view()),
    })?;
    Ok(after)
}

/// Saves the object storage settings: admins only ([`Action::ManageBackups`], checked against
/// the account as stored now), validated, the credential sealed, audited without it. Returns
/// the settings as saved.
pub fn save_remote(
    tx: &Tx<'_>,
    actor: &Session,
    draft: RemoteSettings,
    secret: &SecretChange,
) -> CoreResult<RemoteSettings> {
    let actor = users::current_actor(tx.conn(), actor, Action::ManageBackups)?;
    permissions::require(actor.role, Action::ManageBackups)?;
    store_remote(tx, draft, secret)
}

/// [`save_remote`] as one use case: what the Settings screen calls.
pub fn save_remote_as(
    store: &mut crate::Store,
    actor: &Session,
    draft: RemoteSettings,
    secret: &SecretChange,
) -> CoreResult<RemoteSettings> {
    store.write(Some(&actor.id), |tx| save_remote(tx, actor, draft, secret))
}

/// `rpma backup remote set`: the same save for whoever runs the command on the machine, with
/// the data folder to itself (no acting user; audited with none).
pub fn save_remote_cli(
    store: &mut crate::Store,
    draft: RemoteSettings,
    secret: &SecretChange,
) -> CoreResult<RemoteSettings> {
    store.write(None, |tx| store_remote(tx, draft, secret))
}

/// Where to copy backups, with the credential opened: what [`super::remote`] connects with.
#[derive(Clone)]
pub struct RemoteTarget {
    /// S3, GCS or a folder.
    pub kind: RemoteKind,
    /// The bucket (or the folder).
    pub bucket: String,
    /// The folder inside the bucket (no leading or trailing `/`).
    pub prefix: String,
    /// The S3-compatible service's URL, or empty.
    pub endpoint: String,
    /// The S3 region.
    pub region: String,
    /// The S3 access key id.
    pub access_key_id: String,
    pub(crate) secret: Option<SecretString>,
}

impl std::fmt::Debug for RemoteTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteTarget")
            .field("kind", &self.kind)
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret", &self.secret.as_ref().map(|_| "…"))
            .finish()
    }
}

impl RemoteTarget {
    /// A target from settings and an opened credential (`None`: GCS then reads
    /// [`ENV_GCS_KEY`]). Refused with the field errors when the settings are incomplete.
    pub fn new(
        settings: &RemoteSettings,
        secret: Option<SecretString>,
        env: EnvLookup<'_>,
    ) -> CoreResult<Self> {
        let s = settings.clone().normalized();
        let enabled = RemoteSettings {
            enabled: true,
            ..s.clone()
        };
        let given = secret.as_ref().map(|x| x.expose_secret().to_owned());
        enabled.validate(given.as_deref(), env).into_result()?;
        let secret = secret.or_else(|| {
            (s.kind == RemoteKind::Gcs)
                .then(|| env(ENV_GCS_KEY).map(SecretString::from))
                .flatten()
        });
        Ok(Self {
            kind: s.kind,
            bucket: s.effective_bucket(env),
            prefix: s.prefix,
            endpoint: s.endpoint,
            region: if s.region.is_empty() {
                DEFAULT_REGION.to_owned()
            } else {
                s.region
            },
            access_key_id: s.access_key_id,
            secret,
        })
    }

    /// A folder as the target (tests, a mounted share).
    pub fn folder(path: &std::path::Path, prefix: &str) -> CoreResult<Self> {
        Self::new(
            &RemoteSettings {
                enabled: true,
                kind: RemoteKind::Fs,
                bucket: path.display().to_string(),
                prefix: prefix.to_owned(),
                ..RemoteSettings::default()
            },
            None,
            &|_| None,
        )
    }

    /// The credential, for building the client.
    pub(crate) fn secret(&self) -> Option<&str> {
        self.secret.as_ref().map(ExposeSecret::expose_secret)
    }

    /// Where the target is, for messages: `s3://bucket/prefix`, `gs://…`, or the folder.
    pub fn display_location(&self) -> String {
        let scheme = match self.kind {
            RemoteKind::S3 => "s3://",
            RemoteKind::Gcs => "gs://",
            RemoteKind::Fs => "",
        };
        let prefix = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("/{}", self.prefix)
        };
        format!("{scheme}{}{prefix}", self.bucket.trim_end_matches('/'))
    }
}

/// The target configured in a database, credential opened with the shop's key; `None` when
/// the copy is off. Refused when the saved credential does not open with this key (the
/// settings came from another shop's data folder: save it again).
pub fn resolve(
    conn: &Connection,
    key: &ShopKey,
    env: EnvLookup<'_>,
) -> CoreResult<Option<RemoteTarget>> {
    let settings = get_remote(conn)?;
    if !settings.enabled {
        return Ok(None);
    }
    let secret = if settings.has_secret() {
        let opened = key
            .open_secret(SECRET_PURPOSE, &settings.secret_sealed)
            .ok_or(CoreError::Refused {
                key: "backup-remote-err-secret-unreadable",
            })?;
        Some(SecretString::from(opened))
    } else {
        None
    };
    RemoteTarget::new(&settings, secret, env).map(Some)
}

/// [`resolve`] for a data folder, read-only (works while the app is open): `None` when the copy
/// is off or the folder has no database.
pub fn resolve_in_folder(root: &std::path::Path) -> CoreResult<Option<RemoteTarget>> {
    let db = root.join(crate::datadir::DB_FILE);
    if !db.is_file() {
        return Ok(None);
    }
    let conn = crate::store::open_read_only(&db)?;
    let settings = get_remote(&conn)?;
    if !settings.enabled {
        return Ok(None);
    }
    if !settings.has_secret() {
        return RemoteTarget::new(&settings, None, &process_env).map(Some);
    }
    let key = ShopKey::load(&db)?.ok_or(CoreError::Refused {
        key: "backup-remote-err-secret-unreadable",
    })?;
    resolve(&conn, &key, &process_env)
}

#[cfg(test)]
#[path = "remote_settings_tests.rs"]
mod tests;
