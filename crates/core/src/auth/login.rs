//! Login: username or e-mail plus password, verified with Argon2id, audited. Failures get one
//! generic message whatever the reason (unknown user, wrong password, deactivated account).

use rusqlite::{OptionalExtension as _, params};

use crate::audit::AuditEntry;
use crate::auth::password;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;
use crate::users::{self, USER_COLUMNS, User};

/// The generic refusal key.
pub const BAD_CREDENTIALS: &str = "err-bad-credentials";

/// Checks the credentials and records the attempt.
pub fn login(store: &mut Store, login: &str, secret: &str) -> CoreResult<User> {
    let login = login.trim();
    let found: Option<(User, String)> = store
        .conn()
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS}, password_hash FROM users
                 WHERE (username = ?1 OR email = ?1) AND deleted_at IS NULL"
            ),
            [login],
            |r| Ok((users::from_row(r)?, r.get(12)?)),
        )
        .optional()?;
    // Verify against a real hash even for unknown users, so timing does not reveal accounts.
    let ok = match &found {
        Some((user, hash)) => password::verify_secret(secret, hash) && user.is_active,
        None => {
            let _ = password::verify_secret(secret, dummy_hash());
            false
        }
    };
    match found {
        Some((user, _)) if ok => store.write(Some(&user.id.clone()), |tx| {
            tx.conn().execute(
                "UPDATE users SET last_login_at = ?2 WHERE id = ?1",
                params![user.id, tx.now()],
            )?;
            tx.audit(AuditEntry::event("login.ok", "user", Some(&user.id)))?;
            Ok(User {
                last_login_at: Some(tx.now()),
                ..user
            })
        }),
        other => {
            let uid = other.as_ref().map(|(u, _)| u.id.clone());
            store.write(uid.as_deref(), |tx| {
                tx.audit(AuditEntry {
                    action: "login.failed",
                    entity: "user",
                    entity_id: uid.as_deref(),
                    before: None,
                    after: Some(serde_json::json!({ "login": login })),
                })
            })?;
            Err(CoreError::Refused {
                key: BAD_CREDENTIALS,
            })
        }
    }
}

/// A real Argon2id hash (made once per process), verified for unknown logins so that they take
/// as long as known ones.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| password::hash_secret("rpma-unknown-user").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::demo;

    #[test]
    fn login_by_username_or_email_and_generic_failure() {
        let mut s = Store::open_in_memory().unwrap();
        demo::populate(&mut s, demo::DEFAULT_SEED).unwrap();
        let u = login(&mut s, "admin", "Demo-Admin-2026").unwrap();
        assert!(u.last_login_at.is_some());
        assert!(login(&mut s, "ADMIN@atelier-demo.fr", "Demo-Admin-2026").is_ok());
        let bad = login(&mut s, "admin", "wrong").unwrap_err();
        let unknown = login(&mut s, "nobody", "wrong").unwrap_err();
        assert_eq!(bad.to_string(), unknown.to_string());
        let failed: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'login.failed'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(failed, 2);
    }
}
