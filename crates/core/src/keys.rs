//! The shop's secret key, kept outside the database: it encrypts the TOTP secrets stored in the
//! database and signs the head of the audit log ([`crate::audit_head`]).
//!
//! The key is 32 random bytes in a file beside the database (`rpma.db` → `rpma.key`), created
//! `0600` on first open ([`crate::fsutil`]); a copy of the database alone — a backup sent for
//! support, a file synced elsewhere — therefore holds no usable TOTP secret and cannot have its
//! audit log cut short without it showing. Whoever can read the key file (the shop's OS account,
//! the machine's administrators) can do both: the README says what this does and does not
//! protect, and why the OS keyring is not used.
//!
//! Two sub-keys are derived (HMAC-SHA256 of the key over a label), one per use, so a value
//! made for one purpose is never accepted for the other. TOTP secrets are sealed with
//! XChaCha20-Poly1305 (random 24-byte nonce), bound to their account: a sealed secret copied to
//! another account's row does not open.

use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead as _, KeyInit as _, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac as _};
use rand::TryRngCore as _;
use rand::rngs::OsRng;
use sha2::Sha256;

use crate::error::{CoreError, CoreResult};
use crate::fsutil;

/// Prefix of a sealed TOTP secret in the database (`enc1:` + hex of nonce and ciphertext).
pub const SEALED_PREFIX: &str = "enc1:";
/// First line of the key file.
const FILE_HEADER: &str = "rpma-key-v1";
/// Length of the key.
const KEY_LEN: usize = 32;
/// Length of an XChaCha20 nonce.
const NONCE_LEN: usize = 24;

/// The key file of a database: same folder and name, extension `.key`.
pub fn key_path(db_path: &Path) -> PathBuf {
    db_path.with_extension("key")
}

/// The shop's key (never printed: its `Debug` shows nothing of it).
#[derive(Clone, PartialEq, Eq)]
pub struct ShopKey {
    bytes: [u8; KEY_LEN],
}

impl std::fmt::Debug for ShopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShopKey(…)")
    }
}

/// A key and whether it was made just now (first open of the database by this version).
#[derive(Debug, Clone)]
pub struct LoadedKey {
    /// The key.
    pub key: ShopKey,
    /// The key file did not exist and was created.
    pub created: bool,
}

fn key_file_error(path: &Path, detail: &str) -> CoreError {
    CoreError::io(path, std::io::Error::other(detail.to_owned()))
}

impl ShopKey {
    /// A new random key (in-memory stores use one per process run).
    pub fn generate() -> CoreResult<Self> {
        let mut bytes = [0u8; KEY_LEN];
        OsRng
            .try_fill_bytes(&mut bytes)
            .map_err(|e| CoreError::io("os random", std::io::Error::other(e.to_string())))?;
        Ok(Self { bytes })
    }

    /// Reads the key of the database at `db_path`, if its key file exists. A key file open to
    /// other accounts is made private.
    pub fn load(db_path: &Path) -> CoreResult<Option<Self>> {
        Self::load_file(&key_path(db_path))
    }

    /// Reads a key file at `path` (any name: a copy extracted from a backup), if it exists. A
    /// key file open to other accounts is made private.
    pub fn load_file(path: &Path) -> CoreResult<Option<Self>> {
        let path = path.to_owned();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(CoreError::io(&path, e)),
        };
        let mut lines = text.lines();
        if lines.next().map(str::trim) != Some(FILE_HEADER) {
            return Err(key_file_error(&path, "not an RPMA key file"));
        }
        let bytes = lines
            .next()
            .and_then(|l| hex::decode(l.trim()).ok())
            .and_then(|b| <[u8; KEY_LEN]>::try_from(b).ok())
            .ok_or_else(|| key_file_error(&path, "damaged RPMA key file"))?;
        if fsutil::is_shared(&path) {
            tracing::warn!(path = %path.display(), "key file readable by others: made private");
            fsutil::make_private(&path)?;
        }
        Ok(Some(Self { bytes }))
    }

    /// Reads the key of the database at `db_path`, creating the key file (private to the
    /// owner, written whole) when there is none.
    pub fn load_or_create(db_path: &Path) -> CoreResult<LoadedKey> {
        if let Some(key) = Self::load(db_path)? {
            return Ok(LoadedKey {
                key,
                created: false,
            });
        }
        let key = Self::generate()?;
        let text = format!("{FILE_HEADER}\n{}\n", hex::encode(key.bytes));
        fsutil::write_atomic(&key_path(db_path), text.as_bytes())?;
        tracing::info!(path = %key_path(db_path).display(), "key file created");
        Ok(LoadedKey { key, created: true })
    }

    /// A sub-key for one use.
    fn derive(&self, label: &str) -> [u8; 32] {
        let mut mac = hmac_sha256(&self.bytes);
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.derive("rpma totp-secret v1").into())
    }

    fn aad(user_id: &str) -> Vec<u8> {
        format!("rpma-totp-v1\0{user_id}").into_bytes()
    }

    /// Seals a TOTP secret (base32) for the account `user_id`: `enc1:<hex>`.
    pub fn seal_totp(&self, user_id: &str, secret: &str) -> CoreResult<String> {
        seal_with(&self.cipher(), secret.as_bytes(), &Self::aad(user_id))
    }

    /// Opens a sealed TOTP secret of the account `user_id`; `None` when it is not sealed, was
    /// sealed with another key or for another account, or was altered.
    pub fn open_totp(&self, user_id: &str, stored: &str) -> Option<String> {
        String::from_utf8(open_with(&self.cipher(), stored, &Self::aad(user_id))?).ok()
    }

    fn secret_cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.derive("rpma stored-secret v1").into())
    }

    fn secret_aad(purpose: &str) -> Vec<u8> {
        format!("rpma-secret-v1\0{purpose}").into_bytes()
    }

    /// Seals a credential kept in the settings (e.g. the object storage's secret key) for one
    /// `purpose`: `enc1:<hex>`, like [`ShopKey::seal_totp`] but with its own sub-key, so a
    /// sealed TOTP secret never opens as a credential or the other way round.
    pub fn seal_secret(&self, purpose: &str, secret: &str) -> CoreResult<String> {
        seal_with(
            &self.secret_cipher(),
            secret.as_bytes(),
            &Self::secret_aad(purpose),
        )
    }

    /// Opens a credential sealed by [`ShopKey::seal_secret`] for `purpose`; `None` when it was
    /// sealed with another key or for another purpose, or was altered.
    pub fn open_secret(&self, purpose: &str, stored: &str) -> Option<String> {
        String::from_utf8(open_with(
            &self.secret_cipher(),
            stored,
            &Self::secret_aad(purpose),
        )?)
        .ok()
    }

    fn head(&self, seq: i64, hash: &str) -> Hmac<Sha256> {
        let mut mac = hmac_sha256(&self.derive("rpma audit-head v1"));
        mac.update(&seq.to_le_bytes());
        mac.update(hash.as_bytes());
        mac
    }

    /// HMAC-SHA256 (hex) of the audit log's head: the last entry's sequence number and hash.
    pub fn head_mac(&self, seq: i64, hash: &str) -> String {
        hex::encode(self.head(seq, hash).finalize().into_bytes())
    }

    /// Whether `mac` is [`ShopKey::head_mac`] of `(seq, hash)` (compared in constant time).
    pub fn head_mac_ok(&self, seq: i64, hash: &str, mac: &str) -> bool {
        hex::decode(mac).is_ok_and(|given| self.head(seq, hash).verify_slice(&given).is_ok())
    }
}

impl ShopKey {
    /// A fingerprint of the key (hex of a sub-key, which does not give the key back): the
    /// database records the one it is sealed with, so that an interrupted change of key is
    /// settled at the next open ([`crate::store::rekey`]).
    pub fn fingerprint(&self) -> String {
        hex::encode(self.derive("rpma key-check v1"))
    }

    /// Writes the key file at `path` (private to the owner, written whole).
    pub(crate) fn write_file(&self, path: &Path) -> CoreResult<()> {
        let text = format!("{FILE_HEADER}\n{}\n", hex::encode(self.bytes));
        fsutil::write_atomic(path, text.as_bytes())
    }

    fn transfer_cipher(secret: &str) -> XChaCha20Poly1305 {
        let mut h = <Sha256 as sha2::Digest>::new();
        sha2::Digest::update(&mut h, b"rpma shop-key transfer v1\0");
        sha2::Digest::update(&mut h, secret.as_bytes());
        let k: [u8; 32] = sha2::Digest::finalize(h).into();
        XChaCha20Poly1305::new(&k.into())
    }

    fn transfer_aad(shop_id: &str) -> Vec<u8> {
        format!("rpma-shop-key-v1\0{shop_id}").into_bytes()
    }

    /// The key sealed for the shop's other terminals with a key derived from the shop's join
    /// secret (`shop_id` binds it to its shop): the sync hub keeps this, and only a holder of
    /// the join code opens it ([`ShopKey::open_transfer`]).
    pub fn seal_for_transfer(&self, secret: &str, shop_id: &str) -> CoreResult<String> {
        seal_with(
            &Self::transfer_cipher(secret),
            &self.bytes,
            &Self::transfer_aad(shop_id),
        )
    }

    /// Opens a key sealed by [`ShopKey::seal_for_transfer`]; `None` with another secret or
    /// shop, or when altered.
    pub fn open_transfer(secret: &str, shop_id: &str, sealed: &str) -> Option<Self> {
        let plain = open_with(
            &Self::transfer_cipher(secret),
            sealed,
            &Self::transfer_aad(shop_id),
        )?;
        Some(Self {
            bytes: <[u8; KEY_LEN]>::try_from(plain).ok()?,
        })
    }
}

impl ShopKey {
    /// The key sealed to an age X25519 public key (`age1…`, a head office's), hex of the age
    /// file: only the holder of that identity opens it ([`ShopKey::open_from_recipient`]).
    /// `None` when `recipient` is not such a key.
    pub(crate) fn seal_to_recipient(&self, recipient: &str) -> Option<String> {
        let to = recipient.trim().parse::<age::x25519::Recipient>().ok()?;
        age::encrypt(&to, &self.bytes).ok().map(hex::encode)
    }

    /// Opens what [`ShopKey::seal_to_recipient`] sealed to `identity`'s public key.
    pub(crate) fn open_from_recipient(
        identity: &age::x25519::Identity,
        sealed: &str,
    ) -> Option<Self> {
        let plain = age::decrypt(identity, &hex::decode(sealed.trim()).ok()?).ok()?;
        Some(Self {
            bytes: <[u8; KEY_LEN]>::try_from(plain).ok()?,
        })
    }

    /// This key sealed with `with` for `purpose`, as a credential ([`ShopKey::seal_secret`]).
    pub(crate) fn seal_as_secret(&self, with: &ShopKey, purpose: &str) -> CoreResult<String> {
        with.seal_secret(purpose, &hex::encode(self.bytes))
    }

    /// Opens a key sealed by [`ShopKey::seal_as_secret`].
    pub(crate) fn open_as_secret(with: &ShopKey, purpose: &str, stored: &str) -> Option<Self> {
        let plain = hex::decode(with.open_secret(purpose, stored)?).ok()?;
        Some(Self {
            bytes: <[u8; KEY_LEN]>::try_from(plain).ok()?,
        })
    }
}

/// Seals `msg` with `cipher` under a fresh random nonce, bound to `aad`: `enc1:<hex of nonce and
/// ciphertext>`. The one sealing every value of this module goes through.
fn seal_with(cipher: &XChaCha20Poly1305, msg: &[u8], aad: &[u8]) -> CoreResult<String> {
    let mut nonce = [0u8; NONCE_LEN];
    OsRng
        .try_fill_bytes(&mut nonce)
        .map_err(|e| CoreError::io("os random", std::io::Error::other(e.to_string())))?;
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg, aad })
        .map_err(|_| CoreError::Refused { key: "err-hash" })?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(format!("{SEALED_PREFIX}{}", hex::encode(out)))
}

/// Opens what [`seal_with`] sealed with the same cipher and `aad`; `None` when it was not
/// sealed, or sealed with another key or binding, or altered.
fn open_with(cipher: &XChaCha20Poly1305, stored: &str, aad: &[u8]) -> Option<Vec<u8>> {
    let raw = hex::decode(stored.strip_prefix(SEALED_PREFIX)?).ok()?;
    let (nonce, sealed) = raw.split_at_checked(NONCE_LEN)?;
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad })
        .ok()
}

/// HMAC-SHA256 keyed with a 32-byte key. HMAC pads a key shorter than the hash's 64-byte block
/// with zeros, so this is the standard MAC, built without a fallible call.
fn hmac_sha256(key: &[u8; KEY_LEN]) -> Hmac<Sha256> {
    let mut block = [0u8; 64];
    for (b, k) in block.iter_mut().zip(key) {
        *b = *k;
    }
    <Hmac<Sha256> as hmac::digest::KeyInit>::new(
        hmac::digest::generic_array::GenericArray::from_slice(&block),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_account() {
        let k = ShopKey::generate().unwrap();
        let sealed = k.seal_totp("u1", "JBSWY3DPEHPK3PXP").unwrap();
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(
            k.open_totp("u1", &sealed).as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        assert_eq!(k.open_totp("u2", &sealed), None, "bound to its account");
        let other = ShopKey::generate().unwrap();
        assert_eq!(other.open_totp("u1", &sealed), None, "bound to its key");
        let mut altered = sealed.clone();
        altered.pop();
        altered.push('0');
        assert_eq!(
            k.open_totp("u1", &altered).filter(|_| altered != sealed),
            None
        );
        assert_eq!(
            k.open_totp("u1", "JBSWY3DPEHPK3PXP"),
            None,
            "clear text is not sealed"
        );
        // Two seals of the same secret differ (random nonce).
        assert_ne!(k.seal_totp("u1", "JBSWY3DPEHPK3PXP").unwrap(), sealed);
    }

    #[test]
    fn a_sealed_credential_opens_only_for_its_purpose_and_key() {
        let k = ShopKey::generate().unwrap();
        let sealed = k
            .seal_secret("backup_remote/secret", "s3cr3t/KEY+x")
            .unwrap();
        assert!(!sealed.contains("s3cr3t"));
        assert_eq!(
            k.open_secret("backup_remote/secret", &sealed).as_deref(),
            Some("s3cr3t/KEY+x")
        );
        assert_eq!(k.open_secret("other", &sealed), None);
        assert_eq!(
            k.open_totp("backup_remote/secret", &sealed),
            None,
            "not a TOTP seal"
        );
        let totp = k.seal_totp("backup_remote/secret", "JBSWY3DP").unwrap();
        assert_eq!(k.open_secret("backup_remote/secret", &totp), None);
        assert_eq!(
            ShopKey::generate()
                .unwrap()
                .open_secret("backup_remote/secret", &sealed),
            None
        );
    }

    #[test]
    fn the_head_mac_names_one_entry_under_one_key() {
        let k = ShopKey::generate().unwrap();
        let mac = k.head_mac(7, "abc");
        assert!(k.head_mac_ok(7, "abc", &mac));
        assert!(!k.head_mac_ok(6, "abc", &mac));
        assert!(!k.head_mac_ok(7, "abd", &mac));
        assert!(!ShopKey::generate().unwrap().head_mac_ok(7, "abc", &mac));
        assert!(!format!("{k:?}").contains(&hex::encode(k.bytes)));
    }

    #[test]
    fn the_key_file_is_created_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rpma.db");
        assert!(ShopKey::load(&db).unwrap().is_none());
        let first = ShopKey::load_or_create(&db).unwrap();
        assert!(first.created);
        assert!(dir.path().join("rpma.key").is_file());
        let again = ShopKey::load_or_create(&db).unwrap();
        assert!(!again.created);
        assert_eq!(again.key, first.key);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let key = dir.path().join("rpma.key");
            let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, fsutil::FILE_MODE);
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
            ShopKey::load(&db).unwrap().unwrap();
            let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, fsutil::FILE_MODE, "an open key file is closed again");
        }
        std::fs::write(dir.path().join("rpma.key"), "garbage").unwrap();
        assert!(ShopKey::load(&db).is_err());
    }

    #[test]
    fn a_key_sealed_to_a_head_office_opens_only_with_its_identity() {
        let k = ShopKey::generate().unwrap();
        let hq = age::x25519::Identity::generate();
        let sealed = k.seal_to_recipient(&hq.to_public().to_string()).unwrap();
        assert!(!sealed.contains(&hex::encode(k.bytes)));
        assert_eq!(ShopKey::open_from_recipient(&hq, &sealed), Some(k.clone()));
        let other = age::x25519::Identity::generate();
        assert_eq!(ShopKey::open_from_recipient(&other, &sealed), None);
        assert_eq!(k.seal_to_recipient("not a key"), None);
        let own = ShopKey::generate().unwrap();
        let kept = k.seal_as_secret(&own, "p").unwrap();
        assert_eq!(ShopKey::open_as_secret(&own, "p", &kept), Some(k.clone()));
        assert_eq!(ShopKey::open_as_secret(&own, "q", &kept), None);
        assert_eq!(ShopKey::open_as_secret(&k, "p", &kept), None);
    }

    #[test]
    fn a_transferred_key_opens_only_with_its_secret_and_shop() {
        let k = ShopKey::generate().unwrap();
        let sealed = k.seal_for_transfer("s3cret", "shop-a").unwrap();
        assert!(!sealed.contains(&hex::encode(k.bytes)));
        assert_eq!(
            ShopKey::open_transfer("s3cret", "shop-a", &sealed),
            Some(k.clone())
        );
        assert_eq!(ShopKey::open_transfer("other", "shop-a", &sealed), None);
        assert_eq!(ShopKey::open_transfer("s3cret", "shop-b", &sealed), None);
        assert_ne!(k.fingerprint(), ShopKey::generate().unwrap().fingerprint());
        assert!(!k.fingerprint().contains(&hex::encode(k.bytes)));
    }
}
