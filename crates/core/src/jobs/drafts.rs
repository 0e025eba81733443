//! The job wizard's drafts: one per user, saved as the planner types and restored when the
//! wizard opens again (even after a crash).

use rusqlite::{OptionalExtension as _, params};

use super::DRAFT_MAX_BYTES;
use crate::Session;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;
use crate::validate::FieldErrors;

/// Saves the creation wizard's draft of the session's user (one per user; replaces the previous
/// one). Called about every second while typing: one small transaction, no audit entry.
pub fn save_draft(
    store: &mut Store,
    session: &Session,
    data: &serde_json::Value,
) -> CoreResult<()> {
    let user_id = &crate::users::own(store.conn(), session)?.id;
    let text = data.to_string();
    if text.len() > DRAFT_MAX_BYTES {
        let mut e = FieldErrors::new();
        e.add_with(
            "draft",
            "job-err-too-long",
            vec![("max", DRAFT_MAX_BYTES.to_string())],
        );
        return Err(CoreError::Invalid(e));
    }
    store.write(Some(user_id), |tx| {
        tx.conn().execute(
            "INSERT INTO job_drafts (user_id, data, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(user_id) DO UPDATE SET data = ?2, updated_at = ?3",
            params![user_id, text, tx.now()],
        )?;
        Ok(())
    })
}

/// The wizard's saved draft of the session's user, if any (an unreadable one is ignored).
pub fn load_draft(store: &Store, session: &Session) -> CoreResult<Option<serde_json::Value>> {
    let conn = store.conn();
    let user_id = &crate::users::own(conn, session)?.id;
    let raw: Option<String> = conn
        .query_row(
            "SELECT data FROM job_drafts WHERE user_id = ?1",
            [user_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(raw.and_then(|s| serde_json::from_str(&s).ok()))
}

/// Forgets the session's user's wizard draft (after the job is created, or when the user
/// discards it).
pub fn clear_draft(store: &mut Store, session: &Session) -> CoreResult<()> {
    let user_id = &crate::users::own(store.conn(), session)?.id;
    store.write(Some(user_id), |tx| {
        tx.conn()
            .execute("DELETE FROM job_drafts WHERE user_id = ?1", [user_id])?;
        Ok(())
    })
}
