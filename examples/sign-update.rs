//! Signs a self-update archive the way `rpma update` verifies it (zipsign, Ed25519ph, signing
//! context = the archive's file name), then checks the signature against a public key.
//! Used by `.github/workflows/release.yml`; the same code path as `tests/update_e2e.rs`.
//!
//!   cargo run --example sign-update -- ARCHIVE.tar.gz PRIVATE.key PUBLIC.pub
//!
//! PRIVATE.key: the 64-byte zipsign key file (`zipsign gen-key`); PUBLIC.pub: its 32-byte public
//! key (`keys/update-signing.pub`). The archive is signed in place.

use std::io::Cursor;
use std::path::Path;
use std::process::ExitCode;

fn run(archive: &Path, private: &Path, public: &Path) -> Result<(), String> {
    let key: [u8; 64] = std::fs::read(private)
        .map_err(|e| format!("{}: {e}", private.display()))?
        .try_into()
        .map_err(|_| "the private key file must hold 64 bytes".to_owned())?;
    let key = zipsign_api::SigningKey::from_keypair_bytes(&key).map_err(|e| e.to_string())?;
    let public: [u8; 32] = std::fs::read(public)
        .map_err(|e| format!("{}: {e}", public.display()))?
        .try_into()
        .map_err(|_| "the public key file must hold 32 bytes".to_owned())?;
    if key.verifying_key().to_bytes() != public {
        return Err("the private key does not match the public key".to_owned());
    }
    let context = archive
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("the archive name is not UTF-8")?
        .as_bytes()
        .to_vec();
    let input = std::fs::read(archive).map_err(|e| format!("{}: {e}", archive.display()))?;
    let mut signed = Cursor::new(Vec::new());
    zipsign_api::sign::copy_and_sign_tar(
        &mut Cursor::new(input),
        &mut signed,
        &[key],
        Some(&context),
    )
    .map_err(|e| e.to_string())?;
    let signed = signed.into_inner();
    // Check it as the updater will (self_update::verify_signature).
    std::fs::write(archive, &signed).map_err(|e| format!("{}: {e}", archive.display()))?;
    self_update::verify_signature(archive, &[public]).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [archive, private, public] = args.as_slice() else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("usage: sign-update ARCHIVE.tar.gz PRIVATE.key PUBLIC.pub");
        }
        return ExitCode::from(2);
    };
    match run(Path::new(archive), Path::new(private), Path::new(public)) {
        Ok(()) => {
            #[allow(clippy::print_stdout)]
            {
                println!("signed and verified: {archive}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("sign-update: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
