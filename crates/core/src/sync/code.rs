//! The join code of a shop: what a new terminal needs to register with the hub (the shop's id
//! and its join secret), as one string an admin can copy or read out: `RPMA-` then groups of
//! five characters from the terminal-code alphabet (no I, O, 0, 1), with a checksum so that a
//! mistyped code is refused before anything is sent.

use sha2::{Digest as _, Sha256};

use super::{SyncError, SyncResult};
use crate::terminal::CODE_ALPHABET;

/// Bytes of the join secret.
pub const SECRET_LEN: usize = 20;
const CHECK_LEN: usize = 2;
const PREFIX: &str = "RPMA-";

/// A shop's join code (never printed by `Debug`).
#[derive(Clone, PartialEq, Eq)]
pub struct JoinCode {
    /// The shop's id (a UUID).
    pub shop_id: uuid::Uuid,
    /// The join secret (also the password of the shop's join role on the hub).
    secret: [u8; SECRET_LEN],
}

impl std::fmt::Debug for JoinCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JoinCode({}, …)", self.shop_id)
    }
}

fn checksum(body: &[u8]) -> [u8; CHECK_LEN] {
    let d = Sha256::digest(body);
    let mut out = [0u8; CHECK_LEN];
    out.copy_from_slice(d.get(..CHECK_LEN).unwrap_or(&[0; CHECK_LEN]));
    out
}

impl JoinCode {
    /// A new code for a shop, with a random secret.
    pub fn generate(shop_id: uuid::Uuid) -> SyncResult<Self> {
        use rand::TryRngCore as _;
        let mut secret = [0u8; SECRET_LEN];
        rand::rngs::OsRng
            .try_fill_bytes(&mut secret)
            .map_err(|e| SyncError::Hub(format!("no randomness: {e}")))?;
        Ok(Self { shop_id, secret })
    }

    /// The secret as text (hex): the join role's password.
    pub fn secret_text(&self) -> String {
        hex::encode(self.secret)
    }

    /// The code as people copy it.
    pub fn encode(&self) -> String {
        let mut body = self.shop_id.as_bytes().to_vec();
        body.extend_from_slice(&self.secret);
        let check = checksum(&body);
        body.extend_from_slice(&check);
        let alphabet = CODE_ALPHABET.as_bytes();
        let mut chars = String::new();
        let (mut acc, mut bits) = (0u32, 0u32);
        for b in body {
            acc = (acc << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                let i = ((acc >> bits) & 31) as usize;
                chars.push(char::from(alphabet.get(i).copied().unwrap_or(b'A')));
            }
        }
        if bits > 0 {
            let i = ((acc << (5 - bits)) & 31) as usize;
            chars.push(char::from(alphabet.get(i).copied().unwrap_or(b'A')));
        }
        let groups: Vec<String> = chars
            .as_bytes()
            .chunks(5)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        format!("{PREFIX}{}", groups.join("-"))
    }

    /// Reads a code (case, spaces and dashes do not matter); refused when malformed or when its
    /// checksum does not match.
    pub fn decode(text: &str) -> SyncResult<Self> {
        let upper = text.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix(PREFIX).ok_or(SyncError::BadCode)?;
        let mut bytes = Vec::new();
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in rest.chars().filter(|c| *c != '-' && !c.is_whitespace()) {
            let v = CODE_ALPHABET.find(c).ok_or(SyncError::BadCode)?;
            acc = (acc << 5) | u32::try_from(v).map_err(|_| SyncError::BadCode)?;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                bytes.push(((acc >> bits) & 0xff) as u8);
            }
        }
        // One spelling per code: the unused low bits of the last character must be zero (else
        // two characters would read the same, and a mistyped last one would pass).
        if bytes.len() != 16 + SECRET_LEN + CHECK_LEN || bits >= 5 || acc & ((1 << bits) - 1) != 0 {
            return Err(SyncError::BadCode);
        }
        let (body, check) = bytes.split_at(16 + SECRET_LEN);
        if checksum(body) != check {
            return Err(SyncError::BadCode);
        }
        let (id, secret) = body.split_at(16);
        let shop_id = uuid::Uuid::from_slice(id).map_err(|_| SyncError::BadCode)?;
        let mut s = [0u8; SECRET_LEN];
        s.copy_from_slice(secret);
        Ok(Self { shop_id, secret: s })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_code_round_trips_and_a_typo_is_refused() {
        let id = uuid::Uuid::now_v7();
        let code = JoinCode::generate(id).unwrap();
        let text = code.encode();
        assert!(text.starts_with("RPMA-"), "{text}");
        assert_eq!(JoinCode::decode(&text).unwrap(), code);
        assert_eq!(
            JoinCode::decode(&format!("  {}  ", text.to_lowercase())).unwrap(),
            code
        );
        assert!(!format!("{code:?}").contains(&code.secret_text()));
        // One character changed: refused by the checksum.
        let mut typo: Vec<char> = text.chars().collect();
        let i = typo.len() - 3;
        typo[i] = if typo[i] == 'A' { 'B' } else { 'A' };
        let typo: String = typo.into_iter().collect();
        assert!(matches!(JoinCode::decode(&typo), Err(SyncError::BadCode)));
        assert!(matches!(
            JoinCode::decode("RPMA-ABC"),
            Err(SyncError::BadCode)
        ));
        assert!(matches!(JoinCode::decode("hello"), Err(SyncError::BadCode)));
    }

    /// The last character holds 4 bits of the code and one unused bit: any other character
    /// there is refused, including the one that differs only in the unused bit (it used to pass,
    /// so a mistyped code could join once in a while).
    #[test]
    fn every_other_last_character_is_refused() {
        for _ in 0..20 {
            let code = JoinCode::generate(uuid::Uuid::now_v7()).unwrap();
            let text = code.encode();
            let last = text.chars().last().unwrap();
            for c in CODE_ALPHABET.chars().filter(|c| *c != last) {
                let other = format!("{}{c}", &text[..text.len() - 1]);
                assert!(
                    matches!(JoinCode::decode(&other), Err(SyncError::BadCode)),
                    "{text} → {other}"
                );
            }
        }
    }
}
