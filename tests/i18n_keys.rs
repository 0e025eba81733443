//! Every i18n key the code uses exists in both catalogues (French and English).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use rpma_core::Lang;
use rpma_core::i18n::catalog;

const PREFIXES: &[&str] = &[
    "about-",
    "app-",
    "audit-",
    "backup-",
    "calendar-",
    "check-",
    "cli-",
    "client-",
    "clients-",
    "dashboard-",
    "err-",
    "export-",
    "fatal-",
    "file-dialog-",
    "file-browser-",
    "form-",
    "job-",
    "jobs-",
    "lock-",
    "login-",
    "maint-",
    "myday-",
    "nav-",
    "org-",
    "password-",
    "pin-",
    "prefs-",
    "profile-",
    "role-",
    "search-",
    "settings-",
    "setup-",
    "shortcut-",
    "status-",
    "theme-",
    "update-",
    "user-",
    "users-",
    "kiosk-",
    "trash-",
    "vehicle-",
    "vehicles-",
    "wizard-",
    "zone-",
    "zones-",
    "wf-",
    "iv-",
    "photo-",
    "atelier-",
    "diagram-",
    "signature-",
    "task-",
    "restore-",
    "recovery-",
    "exit-backup-",
];
const PLAIN: &[&str] = &["loading", "retry", "refresh", "saving", "close", "logout"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// String literals that look like catalogue keys.
fn keys_in(src: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = src;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let lit = &after[..end];
        let is_key = lit
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && (PREFIXES
                .iter()
                .any(|p| lit.starts_with(p) && lit.len() > p.len())
                || PLAIN.contains(&lit));
        if is_key {
            keys.push(lit.to_owned());
        }
        rest = &after[end + 1..];
    }
    keys
}

#[test]
fn every_key_used_in_code_exists_in_french_and_english() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("crates/core/src"), &mut files);
    let mut missing = Vec::new();
    let mut seen = 0;
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        // Test modules use made-up keys on purpose.
        let code = src.split("#[cfg(test)]").next().unwrap_or("");
        for key in keys_in(code) {
            seen += 1;
            for lang in Lang::ALL {
                if !catalog().has(lang, &key) {
                    missing.push(format!("{key} ({}) in {}", lang.code(), f.display()));
                }
            }
        }
    }
    assert!(
        seen > 100,
        "the scan found only {seen} keys: is it still reading the sources?"
    );
    assert!(
        missing.is_empty(),
        "missing translations:\n{}",
        missing.join("\n")
    );
}
