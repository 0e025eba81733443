//! Password and PIN hashing (Argon2id), the password policy, PIN rules and temporary passwords.
//!
//! The same hashing is used for passwords, PINs and 2FA recovery codes: Argon2id v19 with the
//! OWASP minimum parameters (m = 19 MiB, t = 2, p = 1), a random 16-byte salt, stored as a PHC
//! string. Unlike RPMA v2, the policy is configurable and actually enforced.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::TryRngCore;
use rand::rngs::OsRng;
use rand::seq::{IndexedRandom, SliceRandom};
use serde::{Deserialize, Serialize};

/// Argon2 memory cost in KiB.
pub const ARGON2_M_COST: u32 = 19_456;
/// Argon2 number of passes.
pub const ARGON2_T_COST: u32 = 2;
/// Argon2 parallelism.
pub const ARGON2_P_COST: u32 = 1;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// Longest password accepted, in characters (a bound on hashing work and on pasted garbage).
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Shortest PIN accepted, in digits.
pub const PIN_MIN_DIGITS: usize = 4;
/// Longest PIN accepted, in digits.
pub const PIN_MAX_DIGITS: usize = 8;
/// Length of a generated temporary password, in characters.
pub const TEMPORARY_PASSWORD_LEN: usize = 14;

/// Largest memory cost [`verify_secret`] accepts from a stored hash (1 GiB), so that a corrupt
/// row cannot make the process try to allocate an absurd amount of memory.
const MAX_VERIFY_M_COST: u32 = 1024 * 1024;
/// Largest pass count [`verify_secret`] accepts from a stored hash.
const MAX_VERIFY_T_COST: u32 = 64;
/// Largest parallelism [`verify_secret`] accepts from a stored hash.
const MAX_VERIFY_P_COST: u32 = 16;
/// Output length written by [`hash_secret`] (the argon2 crate default).
const OUTPUT_LEN: usize = 32;

/// Hashing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// The Argon2 implementation refused the input or parameters.
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
}

impl From<argon2::password_hash::Error> for PasswordError {
    fn from(err: argon2::password_hash::Error) -> Self {
        Self::Hash(err)
    }
}

impl From<argon2::Error> for PasswordError {
    fn from(err: argon2::Error) -> Self {
        Self::Hash(err.into())
    }
}

/// The hasher with the current parameters.
fn hasher() -> Result<Argon2<'static>, PasswordError> {
    let params = Params::new(ARGON2_M_COST, ARGON2_T_COST, ARGON2_P_COST, None)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password, PIN or recovery code with Argon2id v19 (m=19456 KiB, t=2, p=1) and a
/// random 16-byte salt, returning the PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`).
///
/// # Errors
/// [`PasswordError::Random`] if the system RNG fails, [`PasswordError::Hash`] if Argon2 fails.
pub fn hash_secret(secret: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; SALT_LEN];
    OsRng
        .try_fill_bytes(&mut salt)
        .map_err(|_| PasswordError::Random)?;
    let salt = SaltString::encode_b64(&salt)?;
    let hash = hasher()?.hash_password(secret.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

/// Whether `secret` matches the PHC string `phc`.
///
/// Returns `false` for a wrong secret and for a malformed, non-Argon2 or absurdly expensive
/// hash; never panics. The comparison is constant-time.
#[must_use]
pub fn verify_secret(secret: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return false;
    };
    if params.m_cost() > MAX_VERIFY_M_COST
        || params.t_cost() > MAX_VERIFY_T_COST
        || params.p_cost() > MAX_VERIFY_P_COST
    {
        return false;
    }
    // Algorithm, version and parameters are taken from the hash itself.
    Argon2::default()
        .verify_password(secret.as_bytes(), &hash)
        .is_ok()
}

/// Whether a stored hash should be replaced by a fresh [`hash_secret`] at the next successful
/// login: it is malformed, not Argon2id v19, or weaker than the current parameters.
#[must_use]
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return true;
    };
    let algorithm_ok = hash.algorithm == Algorithm::Argon2id.ident();
    let version_ok = hash.version == Some(u32::from(Version::V0x13));
    let output_ok = hash.hash.is_some_and(|output| output.len() >= OUTPUT_LEN);
    let salt_ok = hash.salt.is_some_and(|salt| salt.len() >= 22); // 16 bytes in B64
    let params_ok = params.m_cost() >= ARGON2_M_COST
        && params.t_cost() >= ARGON2_T_COST
        && params.p_cost() >= ARGON2_P_COST;
    !(algorithm_ok && version_ok && output_ok && salt_ok && params_ok)
}

/// The shop's password rules (from settings). Unknown or missing fields take the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    /// Minimum length in characters (not bytes).
    pub min_length: u8,
    /// Require an uppercase letter (any script, e.g. `É`).
    pub require_upper: bool,
    /// Require a lowercase letter (any script, e.g. `é`).
    pub require_lower: bool,
    /// Require an ASCII digit.
    pub require_digit: bool,
    /// Require a character that is neither a letter nor a digit (punctuation, space, …).
    pub require_symbol: bool,
}

impl Default for PasswordPolicy {
    /// At least 10 characters with an uppercase letter, a lowercase letter and a digit.
    fn default() -> Self {
        Self {
            min_length: 10,
            require_upper: true,
            require_lower: true,
            require_digit: true,
            require_symbol: false,
        }
    }
}

/// One way a password breaks the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyViolation {
    /// Fewer characters than `min`.
    TooShort {
        /// The minimum length in characters.
        min: usize,
    },
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    TooLong,
    /// No uppercase letter.
    MissingUpper,
    /// No lowercase letter.
    MissingLower,
    /// No digit.
    MissingDigit,
    /// No symbol.
    MissingSymbol,
}

impl PasswordPolicy {
    /// Checks a new password against the policy.
    ///
    /// # Errors
    /// Every violation found, in a stable order (length first), so the UI can list them all.
    pub fn check(&self, password: &str) -> Result<(), Vec<PolicyViolation>> {
        let length = password.chars().count();
        let min = usize::from(self.min_length);
        let has = |pred: fn(&char) -> bool| password.chars().any(|c| pred(&c));

        let mut violations = Vec::new();
        if length < min {
            violations.push(PolicyViolation::TooShort { min });
        }
        if length > MAX_PASSWORD_CHARS {
            violations.push(PolicyViolation::TooLong);
        }
        if self.require_upper && !has(|c| c.is_uppercase()) {
            violations.push(PolicyViolation::MissingUpper);
        }
        if self.require_lower && !has(|c| c.is_lowercase()) {
            violations.push(PolicyViolation::MissingLower);
        }
        if self.require_digit && !has(char::is_ascii_digit) {
            violations.push(PolicyViolation::MissingDigit);
        }
        if self.require_symbol && !has(|c| is_symbol(*c)) {
            violations.push(PolicyViolation::MissingSymbol);
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(violations)
        }
    }
}

/// A symbol is any printable character that is neither a letter nor a digit.
fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_control()
}

/// Why a PIN was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinViolation {
    /// The PIN contains something other than ASCII digits.
    NotDigits,
    /// The PIN is shorter than `min` or longer than `max` digits.
    BadLength {
        /// [`PIN_MIN_DIGITS`].
        min: usize,
        /// [`PIN_MAX_DIGITS`].
        max: usize,
    },
    /// Every digit is the same (`0000`, `777777`): too weak.
    RepeatedDigit,
    /// The digits run up or down by one (`1234`, `4321`, `7890`): too weak.
    Sequence,
}

/// Checks a new quick-switch PIN: 4 to 8 ASCII digits, not all the same digit and not a simple
/// ascending or descending run (wrapping around 9→0 and 0→9, as on a keypad row).
///
/// # Errors
/// The first rule the PIN breaks.
pub fn check_pin(pin: &str) -> Result<(), PinViolation> {
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinViolation::NotDigits);
    }
    if !(PIN_MIN_DIGITS..=PIN_MAX_DIGITS).contains(&pin.len()) {
        return Err(PinViolation::BadLength {
            min: PIN_MIN_DIGITS,
            max: PIN_MAX_DIGITS,
        });
    }
    let digits: Vec<u8> = pin.bytes().map(|b| b - b'0').collect();
    let all_steps = |step: u8| {
        digits
            .windows(2)
            .all(|w| w.first().map(|&a| (a + step) % 10) == w.get(1).copied())
    };
    if all_steps(0) {
        return Err(PinViolation::RepeatedDigit);
    }
    if all_steps(1) || all_steps(9) {
        return Err(PinViolation::Sequence);
    }
    Ok(())
}

/// Uppercase letters without `I` and `O`.
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Lowercase letters without `i`, `l` and `o`.
const LOWER: &[u8] = b"abcdefghjkmnpqrstuvwxyz";
/// Digits without `0` and `1`.
const DIGITS: &[u8] = b"23456789";

/// Generates a 14-character temporary password for an admin reset, from an alphabet without
/// look-alike characters (no `0 O o 1 I i l`). It always contains an uppercase letter, a
/// lowercase letter and a digit, so it satisfies [`PasswordPolicy::default`]; the user must
/// change it at the next login.
///
/// # Panics
/// Only if the operating system's random number generator fails.
#[must_use]
pub fn generate_temporary_password() -> String {
    let mut rng = OsRng.unwrap_err();
    let all: Vec<u8> = [UPPER, LOWER, DIGITS].concat();
    let mut chars: Vec<u8> = [UPPER, LOWER, DIGITS]
        .iter()
        .filter_map(|class| class.choose(&mut rng).copied())
        .collect();
    while chars.len() < TEMPORARY_PASSWORD_LEN {
        if let Some(&c) = all.choose(&mut rng) {
            chars.push(c);
        }
    }
    chars.shuffle(&mut rng);
    chars.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn hash_verifies_and_wrong_secret_fails() {
        let phc = hash_secret("Correct horse 42").unwrap();
        assert!(verify_secret("Correct horse 42", &phc));
        assert!(!verify_secret("correct horse 42", &phc));
        assert!(!verify_secret("", &phc));
    }

    #[test]
    fn hash_uses_argon2id_with_explicit_params() {
        let phc = hash_secret("1379").unwrap();
        assert!(
            phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "unexpected PHC string {phc}"
        );
        assert!(!needs_rehash(&phc));
    }

    #[test]
    fn salts_differ() {
        let a = hash_secret("same secret").unwrap();
        let b = hash_secret("same secret").unwrap();
        assert_ne!(a, b);
        assert!(verify_secret("same secret", &a));
        assert!(verify_secret("same secret", &b));
    }

    #[test]
    fn malformed_hash_is_false_not_panic() {
        for bad in [
            "",
            "not a hash",
            "$argon2id$",
            "$argon2id$v=19$m=19456,t=2,p=1$",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$",
            "$argon2id$v=19$m=19456,t=2,p=1$!!!$!!!",
            "$bcrypt$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo",
            "$argon2id$v=19$m=4294967295,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
        ] {
            assert!(!verify_secret("secret", bad), "{bad}");
            assert!(needs_rehash(bad), "{bad}");
        }
    }

    #[test]
    fn weaker_hashes_need_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        );
        let salt = SaltString::encode_b64(&[7u8; SALT_LEN]).unwrap();
        let phc = weak.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(verify_secret("pw", &phc));
        assert!(needs_rehash(&phc));

        let argon2i = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x13,
            Params::new(ARGON2_M_COST, ARGON2_T_COST, ARGON2_P_COST, None).unwrap(),
        );
        let phc = argon2i.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(verify_secret("pw", &phc));
        assert!(needs_rehash(&phc));

        let stronger = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(ARGON2_M_COST * 2, 3, 1, None).unwrap(),
        );
        let phc = stronger.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(!needs_rehash(&phc));
    }

    #[test]
    fn default_policy() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.min_length, 10);
        assert!(policy.require_upper && policy.require_lower && policy.require_digit);
        assert!(!policy.require_symbol);
        assert_eq!(policy.check("Abcdefghi1"), Ok(()));
        assert_eq!(
            policy.check("Abcdefgh1"),
            Err(vec![PolicyViolation::TooShort { min: 10 }])
        );
        assert_eq!(
            policy.check("abcdefghij"),
            Err(vec![
                PolicyViolation::MissingUpper,
                PolicyViolation::MissingDigit
            ])
        );
        assert_eq!(
            policy.check(""),
            Err(vec![
                PolicyViolation::TooShort { min: 10 },
                PolicyViolation::MissingUpper,
                PolicyViolation::MissingLower,
                PolicyViolation::MissingDigit,
            ])
        );
        assert_eq!(
            policy.check("ABCDEFGHIJ1"),
            Err(vec![PolicyViolation::MissingLower])
        );
    }

    #[test]
    fn policy_counts_chars_not_bytes() {
        let policy = PasswordPolicy::default();
        // 10 characters, 15 bytes in UTF-8.
        let accented = "Éléphant1é";
        assert_eq!(accented.chars().count(), 10);
        assert!(accented.len() > 10);
        assert_eq!(policy.check(accented), Ok(()));
        // 9 characters but more than 10 bytes: too short.
        assert_eq!(
            policy.check("Éléphant1"),
            Err(vec![PolicyViolation::TooShort { min: 10 }])
        );
        // Accented capitals count as uppercase.
        assert_eq!(policy.check("éléphant1É"), Ok(()));
    }

    #[test]
    fn policy_max_length() {
        let policy = PasswordPolicy::default();
        let ok = format!("Aa1{}", "é".repeat(MAX_PASSWORD_CHARS - 3));
        assert_eq!(policy.check(&ok), Ok(()));
        let long = format!("{ok}x");
        assert_eq!(policy.check(&long), Err(vec![PolicyViolation::TooLong]));
    }

    #[test]
    fn policy_symbols() {
        let policy = PasswordPolicy {
            require_symbol: true,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            policy.check("Abcdefghi1"),
            Err(vec![PolicyViolation::MissingSymbol])
        );
        assert_eq!(policy.check("Abcdefgh1!"), Ok(()));
        assert_eq!(policy.check("Abcd efgh1"), Ok(()));
        assert_eq!(policy.check("Abcdefgh1€"), Ok(()));

        let lax = PasswordPolicy {
            min_length: 0,
            require_upper: false,
            require_lower: false,
            require_digit: false,
            require_symbol: false,
        };
        assert_eq!(lax.check(""), Ok(()));
    }

    #[test]
    fn policy_serde_defaults_missing_fields() {
        let policy: PasswordPolicy =
            serde_json::from_str(r#"{"min_length": 12, "require_symbol": true}"#).unwrap();
        assert_eq!(
            policy,
            PasswordPolicy {
                min_length: 12,
                require_symbol: true,
                ..PasswordPolicy::default()
            }
        );
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(
            serde_json::from_str::<PasswordPolicy>(&json).unwrap(),
            policy
        );
    }

    #[test]
    fn pin_rules() {
        for ok in ["1379", "2580", "13579", "97310", "12345670", "0102", "1243"] {
            assert_eq!(check_pin(ok), Ok(()), "{ok}");
        }
        for (pin, expected) in [
            ("12a4", PinViolation::NotDigits),
            ("12 34", PinViolation::NotDigits),
            ("١٢٣٤", PinViolation::NotDigits),
            ("-123", PinViolation::NotDigits),
            (
                "137",
                PinViolation::BadLength {
                    min: PIN_MIN_DIGITS,
                    max: PIN_MAX_DIGITS,
                },
            ),
            (
                "135792468",
                PinViolation::BadLength {
                    min: PIN_MIN_DIGITS,
                    max: PIN_MAX_DIGITS,
                },
            ),
            ("0000", PinViolation::RepeatedDigit),
            ("99999999", PinViolation::RepeatedDigit),
            ("1234", PinViolation::Sequence),
            ("4321", PinViolation::Sequence),
            ("0123456", PinViolation::Sequence),
            ("87654321", PinViolation::Sequence),
            ("7890", PinViolation::Sequence),
            ("2109", PinViolation::Sequence),
        ] {
            assert_eq!(check_pin(pin), Err(expected), "{pin:?}");
        }
    }

    #[test]
    fn pin_empty_is_a_length_error() {
        // An empty string has no non-digit, so the length rule reports it.
        assert_eq!(
            check_pin(""),
            Err(PinViolation::BadLength {
                min: PIN_MIN_DIGITS,
                max: PIN_MAX_DIGITS
            })
        );
    }

    #[test]
    fn temporary_passwords_satisfy_default_policy() {
        let policy = PasswordPolicy::default();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let pw = generate_temporary_password();
            assert_eq!(pw.chars().count(), TEMPORARY_PASSWORD_LEN);
            assert_eq!(policy.check(&pw), Ok(()), "{pw}");
            assert!(
                pw.chars().all(|c| !"0Oo1Iil".contains(c)),
                "ambiguous character in {pw}"
            );
            seen.insert(pw);
        }
        assert_eq!(seen.len(), 200);
    }
}
