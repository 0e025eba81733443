//! Time-based one-time passwords (RFC 6238, on HOTP from RFC 4226), base32 (RFC 4648) secrets,
//! `otpauth://` enrolment URIs and 2FA recovery codes.
//!
//! RPMA v2 removed 2FA and left dead toggles behind; here it is real. Codes are 6 digits over
//! 30-second steps with HMAC-SHA1 (what every authenticator app supports), ±1 step of clock
//! drift is accepted, and a step that was already used is refused so a code cannot be replayed.
//! The codes themselves come from the `totp-rs` crate and base32 from the `base32` crate (the
//! RFC test vectors below check both); this module keeps RPMA's rules: which steps are tried,
//! the replay refusal, tolerant input, the URI and the recovery codes.

use std::fmt::Write as _;

use rand::rngs::OsRng;
use rand::seq::IndexedRandom;
use rand::{RngCore as _, TryRngCore};
use subtle::ConstantTimeEq as _;
use totp_rs::{Algorithm, TOTP};

/// Length of a TOTP step in seconds.
pub const STEP_SECONDS: u64 = 30;
/// Number of digits of a code.
pub const CODE_DIGITS: u32 = 6;
/// Steps of clock drift accepted either side of the current step.
pub const DRIFT_STEPS: u64 = 1;
/// Length of a generated secret in bytes (160 bits, as RFC 4226 recommends).
pub const SECRET_LEN: usize = 20;
/// Number of recovery codes generated at enrolment.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Most digits a code can have (10^9 still fits the 31-bit truncated value's range).
pub const MAX_DIGITS: u32 = 9;

/// Lowercase letters and digits without look-alikes (`0 o 1 i l`).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters in each of the two halves of a recovery code.
const RECOVERY_HALF_LEN: usize = 5;
/// RFC 4648 base32 without `=` padding, as authenticator apps expect.
const BASE32: base32::Alphabet = base32::Alphabet::Rfc4648 { padding: false };

/// The HMAC hash function of a TOTP secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TotpAlgorithm {
    /// HMAC-SHA1: the default, and the only one all authenticator apps support.
    #[default]
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl TotpAlgorithm {
    /// The name used in `otpauth://` URIs (`"SHA1"`, `"SHA256"`, `"SHA512"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    const fn library(self) -> Algorithm {
        match self {
            Self::Sha1 => Algorithm::SHA1,
            Self::Sha256 => Algorithm::SHA256,
            Self::Sha512 => Algorithm::SHA512,
        }
    }
}

/// The generator for `secret` (`step` of 0 treated as 1; digits from 1 to [`MAX_DIGITS`]).
fn generator(secret: &[u8], step: u64, digits: u32, alg: TotpAlgorithm) -> TOTP {
    let digits = usize::try_from(digits.clamp(1, MAX_DIGITS)).unwrap_or(6);
    TOTP::new_unchecked(alg.library(), digits, 0, step.max(1), secret.to_vec())
}

/// HOTP (RFC 4226): the one-time code for `counter`, as a number of at most `digits` digits
/// (print it zero-padded; `digits` is clamped to 1..=[`MAX_DIGITS`]).
#[must_use]
pub fn hotp(secret: &[u8], counter: u64, digits: u32, alg: TotpAlgorithm) -> u32 {
    // A TOTP with steps of one second at "time" `counter` is the HOTP of `counter`.
    generator(secret, 1, digits, alg)
        .generate(counter)
        .parse()
        .unwrap_or(0)
}

/// TOTP (RFC 6238): the code at `unix_seconds` with steps of `step` seconds (a `step` of 0 is
/// treated as 1) counted from the Unix epoch.
#[must_use]
pub fn totp(secret: &[u8], unix_seconds: u64, step: u64, digits: u32, alg: TotpAlgorithm) -> u32 {
    generator(secret, step, digits, alg)
        .generate(unix_seconds)
        .parse()
        .unwrap_or(0)
}

/// Generates a new random 20-byte TOTP secret.
///
/// # Panics
/// Only if the operating system's random number generator fails.
#[must_use]
pub fn generate_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_LEN];
    OsRng.unwrap_err().fill_bytes(&mut secret);
    secret
}

/// Checks a 6-digit SHA-1 code typed by the user at `unix_seconds`.
///
/// Spaces in the code are ignored. The current step and one step either side are tried, but
/// never a step at or before `last_used_step`, so an accepted code cannot be used twice.
/// Returns the matched step, which the caller must store as the new `last_used_step`. Every
/// candidate is compared in constant time.
#[must_use]
pub fn verify_code(
    secret: &[u8],
    code: &str,
    unix_seconds: u64,
    last_used_step: Option<u64>,
) -> Option<u64> {
    if secret.is_empty() {
        return None;
    }
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != CODE_DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let generator = generator(secret, STEP_SECONDS, CODE_DIGITS, TotpAlgorithm::Sha1);
    let current = unix_seconds / STEP_SECONDS;
    let candidates = [
        Some(current),
        current.checked_sub(DRIFT_STEPS),
        current.checked_add(DRIFT_STEPS),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter(|&step| last_used_step.is_none_or(|last| step > last))
        .find(|&step| {
            let expected = generator.generate(step.saturating_mul(STEP_SECONDS));
            bool::from(expected.as_bytes().ct_eq(code.as_bytes()))
        })
}

/// Encodes bytes as RFC 4648 base32 (uppercase, no `=` padding), as authenticator apps expect.
#[must_use]
pub fn base32_encode(data: &[u8]) -> String {
    base32::encode(BASE32, data)
}

/// Decodes RFC 4648 base32, tolerating lowercase, whitespace (as in `"jbsw y3dp"`) and trailing
/// `=` padding. Returns `None` for any other character or for a length no encoding produces.
#[must_use]
pub fn base32_decode(input: &str) -> Option<Vec<u8>> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let digits = cleaned.trim_end_matches('=');
    let valid = digits
        .bytes()
        .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b));
    // 1, 3 or 6 trailing digits cannot come from any whole number of bytes.
    if !valid || matches!(digits.len() % 8, 1 | 3 | 6) {
        return None;
    }
    base32::decode(BASE32, digits)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The `otpauth://` URI to show as a QR code at enrolment:
/// `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
///
/// Issuer and account are percent-encoded (so a `:` inside them cannot split the label). With an
/// empty issuer the label is the account alone and the `issuer` parameter is left out.
#[must_use]
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let secret = base32_encode(secret);
    let account = percent_encode(account);
    let algorithm = TotpAlgorithm::Sha1.as_str();
    if issuer.is_empty() {
        format!(
            "otpauth://totp/{account}?secret={secret}&algorithm={algorithm}\
             &digits={CODE_DIGITS}&period={STEP_SECONDS}"
        )
    } else {
        let issuer = percent_encode(issuer);
        format!(
            "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}\
             &algorithm={algorithm}&digits={CODE_DIGITS}&period={STEP_SECONDS}"
        )
    }
}

/// Generates the 10 single-use recovery codes shown once at enrolment, formatted `xxxxx-xxxxx`
/// from lowercase letters and digits without look-alikes (about 49 bits each). Store them with
/// [`crate::auth::password::hash_secret`] of [`normalize_recovery_code`].
///
/// # Panics
/// Only if the operating system's random number generator fails.
#[must_use]
pub fn generate_recovery_codes() -> Vec<String> {
    let mut rng = OsRng.unwrap_err();
    let mut half = || -> String {
        let mut s = String::with_capacity(RECOVERY_HALF_LEN);
        while s.len() < RECOVERY_HALF_LEN {
            if let Some(&c) = RECOVERY_ALPHABET.choose(&mut rng) {
                s.push(char::from(c));
            }
        }
        s
    };
    (0..RECOVERY_CODE_COUNT)
        .map(|_| format!("{}-{}", half(), half()))
        .collect()
}

/// Normalises a recovery code as typed (lowercase, without spaces or dashes) before hashing or
/// verifying it.
#[must_use]
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use std::collections::HashSet;

    const SEED_SHA1: &[u8] = b"12345678901234567890";
    const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
    const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    /// RFC 6238 Appendix B: (time, algorithm, 8-digit TOTP).
    const RFC6238: &[(u64, TotpAlgorithm, u32)] = &[
        (59, TotpAlgorithm::Sha1, 94_287_082),
        (59, TotpAlgorithm::Sha256, 46_119_246),
        (59, TotpAlgorithm::Sha512, 90_693_936),
        (1_111_111_109, TotpAlgorithm::Sha1, 7_081_804),
        (1_111_111_109, TotpAlgorithm::Sha256, 68_084_774),
        (1_111_111_109, TotpAlgorithm::Sha512, 25_091_201),
        (1_111_111_111, TotpAlgorithm::Sha1, 14_050_471),
        (1_111_111_111, TotpAlgorithm::Sha256, 67_062_674),
        (1_111_111_111, TotpAlgorithm::Sha512, 99_943_326),
        (1_234_567_890, TotpAlgorithm::Sha1, 89_005_924),
        (1_234_567_890, TotpAlgorithm::Sha256, 91_819_424),
        (1_234_567_890, TotpAlgorithm::Sha512, 93_441_116),
        (2_000_000_000, TotpAlgorithm::Sha1, 69_279_037),
        (2_000_000_000, TotpAlgorithm::Sha256, 90_698_825),
        (2_000_000_000, TotpAlgorithm::Sha512, 38_618_901),
        (20_000_000_000, TotpAlgorithm::Sha1, 65_353_130),
        (20_000_000_000, TotpAlgorithm::Sha256, 77_737_706),
        (20_000_000_000, TotpAlgorithm::Sha512, 47_863_826),
    ];

    fn seed(alg: TotpAlgorithm) -> &'static [u8] {
        match alg {
            TotpAlgorithm::Sha1 => SEED_SHA1,
            TotpAlgorithm::Sha256 => SEED_SHA256,
            TotpAlgorithm::Sha512 => SEED_SHA512,
        }
    }

    #[test]
    fn rfc6238_appendix_b_vectors() {
        assert_eq!(RFC6238.len(), 18);
        for &(time, alg, expected) in RFC6238 {
            assert_eq!(
                totp(seed(alg), time, 30, 8, alg),
                expected,
                "{alg:?} at {time}"
            );
        }
        // Printed zero-padded, as in the RFC table.
        assert_eq!(
            format!(
                "{:08}",
                totp(SEED_SHA1, 1_111_111_109, 30, 8, TotpAlgorithm::Sha1)
            ),
            "07081804"
        );
    }

    #[test]
    fn rfc4226_appendix_d_vectors() {
        let expected = [
            755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871,
            520_489,
        ];
        for (counter, want) in expected.into_iter().enumerate() {
            assert_eq!(
                hotp(SEED_SHA1, counter as u64, 6, TotpAlgorithm::Sha1),
                want,
                "counter {counter}"
            );
        }
    }

    #[test]
    fn totp_zero_step_does_not_panic() {
        let code = totp(SEED_SHA1, 59, 0, 6, TotpAlgorithm::Sha1);
        assert_eq!(code, hotp(SEED_SHA1, 59, 6, TotpAlgorithm::Sha1));
    }

    #[test]
    fn many_digits_are_capped_at_nine_without_panicking() {
        let nine = hotp(SEED_SHA1, 0, MAX_DIGITS, TotpAlgorithm::Sha1);
        assert_eq!(nine % 1_000_000, 755_224);
        assert!(nine < 1_000_000_000);
        assert_eq!(hotp(SEED_SHA1, 0, 10, TotpAlgorithm::Sha1), nine);
        assert_eq!(
            hotp(SEED_SHA1, 0, 0, TotpAlgorithm::Sha1),
            4,
            "one digit at least"
        );
    }

    #[test]
    fn base32_rfc4648_vectors() {
        let vectors: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "MY"),
            (b"fo", "MZXQ"),
            (b"foo", "MZXW6"),
            (b"foob", "MZXW6YQ"),
            (b"fooba", "MZXW6YTB"),
            (b"foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base32_encode(plain), encoded);
            assert_eq!(base32_decode(encoded).unwrap(), plain);
        }
    }

    #[test]
    fn base32_decode_is_tolerant() {
        assert_eq!(base32_decode("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(base32_decode("mzxw6ytboi").unwrap(), b"foobar");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(base32_decode(" MZXW6YQ= ").unwrap(), b"foob");
        assert_eq!(base32_decode("MY======").unwrap(), b"f");
    }

    #[test]
    fn base32_decode_rejects_garbage() {
        assert_eq!(base32_decode("MZXW1"), None); // '1' is not base32
        assert_eq!(base32_decode("MZ=XW"), None); // padding in the middle
        assert_eq!(base32_decode("M"), None); // impossible lengths
        assert_eq!(base32_decode("MZX"), None);
        assert_eq!(base32_decode("MZXW6Y"), None);
        assert_eq!(base32_decode("MZXW-6YTB"), None);
        assert_eq!(base32_decode("MZXWÉ"), None);
    }

    #[test]
    fn base32_round_trip() {
        for len in 0..=64 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let encoded = base32_encode(&data);
            assert!(!encoded.contains('='));
            assert_eq!(base32_decode(&encoded).unwrap(), data, "len {len}");
            assert_eq!(
                base32_decode(&encoded.to_lowercase()).unwrap(),
                data,
                "len {len}"
            );
        }
        let secret = generate_secret();
        assert_eq!(secret.len(), SECRET_LEN);
        assert_eq!(base32_decode(&base32_encode(&secret)).unwrap(), secret);
        assert_ne!(generate_secret(), secret);
    }

    fn code_at(secret: &[u8], step: u64) -> String {
        format!("{:06}", hotp(secret, step, 6, TotpAlgorithm::Sha1))
    }

    #[test]
    fn verify_accepts_current_and_one_step_of_drift() {
        let secret = SEED_SHA1;
        let now = 1_700_000_015;
        let step = now / STEP_SECONDS;
        assert_eq!(
            verify_code(secret, &code_at(secret, step), now, None),
            Some(step)
        );
        assert_eq!(
            verify_code(secret, &code_at(secret, step - 1), now, None),
            Some(step - 1)
        );
        assert_eq!(
            verify_code(secret, &code_at(secret, step + 1), now, None),
            Some(step + 1)
        );
        assert_eq!(
            verify_code(secret, &code_at(secret, step - 2), now, None),
            None
        );
        assert_eq!(
            verify_code(secret, &code_at(secret, step + 2), now, None),
            None
        );
    }

    #[test]
    fn verify_refuses_replay() {
        let secret = SEED_SHA1;
        let now = 1_700_000_015;
        let step = now / STEP_SECONDS;
        let code = code_at(secret, step);
        let used = verify_code(secret, &code, now, None).unwrap();
        // The same code again, even a few seconds later in the same step, is refused.
        assert_eq!(verify_code(secret, &code, now + 5, Some(used)), None);
        // An older code is refused once a newer step was used.
        assert_eq!(
            verify_code(secret, &code_at(secret, step - 1), now, Some(used)),
            None
        );
        // The next step's code is still fine.
        assert_eq!(
            verify_code(secret, &code_at(secret, step + 1), now + 30, Some(used)),
            Some(step + 1)
        );
    }

    #[test]
    fn verify_input_handling() {
        let secret = SEED_SHA1;
        let now = 1_700_000_015;
        let code = code_at(secret, now / STEP_SECONDS);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(verify_code(secret, &spaced, now, None).is_some());
        assert!(verify_code(secret, &format!(" {code}\t"), now, None).is_some());
        assert_eq!(verify_code(secret, &code[..5], now, None), None);
        assert_eq!(verify_code(secret, &format!("{code}0"), now, None), None);
        assert_eq!(verify_code(secret, "abcdef", now, None), None);
        assert_eq!(verify_code(secret, "+12345", now, None), None);
        assert_eq!(verify_code(secret, "", now, None), None);
        assert_eq!(verify_code(&[], &code, now, None), None);
    }

    #[test]
    fn verify_at_epoch_start() {
        let secret = SEED_SHA1;
        assert_eq!(verify_code(secret, &code_at(secret, 0), 0, None), Some(0));
        assert_eq!(verify_code(secret, &code_at(secret, 1), 0, None), Some(1));
        assert_eq!(verify_code(secret, &code_at(secret, 0), 0, Some(0)), None);
    }

    #[test]
    fn otpauth_uri_shape() {
        let uri = otpauth_uri("RPMA Atelier", "marie@example.fr", b"foobar");
        assert_eq!(
            uri,
            "otpauth://totp/RPMA%20Atelier:marie%40example.fr?secret=MZXW6YTBOI\
             &issuer=RPMA%20Atelier&algorithm=SHA1&digits=6&period=30"
        );
        let uri = otpauth_uri("Déco:Film", "a&b", b"f");
        assert!(uri.starts_with("otpauth://totp/D%C3%A9co%3AFilm:a%26b?secret=MY&"));
        assert!(uri.contains("&issuer=D%C3%A9co%3AFilm&"));
        let uri = otpauth_uri("", "bob", b"f");
        assert_eq!(
            uri,
            "otpauth://totp/bob?secret=MY&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn recovery_codes_shape() {
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
        let unique: HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), codes.len());
        for code in &codes {
            assert_eq!(code.len(), 11, "{code}");
            let (left, right) = code.split_once('-').unwrap();
            assert_eq!(left.len(), 5);
            assert_eq!(right.len(), 5);
            assert!(
                left.bytes()
                    .chain(right.bytes())
                    .all(|b| RECOVERY_ALPHABET.contains(&b)),
                "{code}"
            );
            assert_eq!(normalize_recovery_code(code).len(), 10);
        }
    }

    #[test]
    fn recovery_code_normalisation() {
        assert_eq!(normalize_recovery_code("ABCDE-FGHJK"), "abcdefghjk");
        assert_eq!(normalize_recovery_code(" abcde fghjk "), "abcdefghjk");
        assert_eq!(normalize_recovery_code("abcdefghjk"), "abcdefghjk");
        assert_eq!(normalize_recovery_code("ab-cd-ef"), "abcdef");
    }
}
