//! Backups and restores in the audit log: a backup made (by whom, or by the schedule; its file,
//! size, verification) and the data restored (from which file, where the previous data was kept).
//! The backup itself runs beside the database worker; its entry is written afterwards, in one
//! transaction of its own.

use serde_json::json;

use crate::audit::AuditEntry;
use crate::auth::permissions::Action;
use crate::error::CoreResult;
use crate::store::Store;

/// Records a backup that was written and verified (or not): `actor` is the person (who must be
/// allowed [`Action::ManageBackups`], as stored now, like the backup itself), `None` the
/// schedule.
pub fn record_backup(
    store: &mut Store,
    actor: Option<&crate::Session>,
    file: &str,
    bytes: u64,
    verified: bool,
) -> CoreResult<()> {
    store.write(actor.map(|u| u.id.as_str()), |tx| {
        if let Some(actor) = actor {
            crate::users::authorize(tx.conn(), actor, Action::ManageBackups)?;
        }
        tx.audit(AuditEntry {
            action: "backup.create",
            entity: "backup",
            entity_id: None,
            before: None,
            after: Some(json!({ "file": file, "bytes": bytes, "verified": verified })),
        })
    })
}

/// Records, in the restored database, that it was restored from `file` (the previous data kept
/// in `previous`) by `by` (a name: the account may not exist in the restored data).
pub fn record_restore(
    store: &mut Store,
    file: &str,
    previous: Option<&str>,
    by: Option<&str>,
) -> CoreResult<()> {
    store.write(None, |tx| {
        tx.audit(AuditEntry {
            action: "backup.restore",
            entity: "backup",
            entity_id: None,
            before: None,
            after: Some(json!({ "file": file, "previous": previous, "by": by })),
        })
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn backups_and_restores_are_audited_with_their_file() {
        let mut f = Fixture::new();
        let admin = f.admin.clone();
        record_backup(
            &mut f.store,
            Some(&admin),
            "rpma-backup-T1-x.tar.zst",
            42,
            true,
        )
        .unwrap();
        record_backup(&mut f.store, None, "rpma-backup-T1-y.tar.zst", 43, true).unwrap();
        record_restore(
            &mut f.store,
            "rpma-backup-T1-x.tar.zst",
            Some("/d.before"),
            Some("Claire"),
        )
        .unwrap();
        let made = f.audit_rows("backup.create");
        assert_eq!(made.len(), 2);
        assert_eq!(made[0].user_id.as_deref(), Some(admin.id.as_str()));
        assert_eq!(made[1].user_id, None, "the schedule");
        assert!(
            made[0]
                .after
                .as_deref()
                .unwrap()
                .contains("rpma-backup-T1-x")
        );
        let restored = f.audit_rows("backup.restore");
        assert_eq!(restored.len(), 1);
        let names = crate::audit_say::Names::default();
        let fr = crate::audit_say::sentence(&restored[0], &names, crate::Lang::Fr);
        assert!(fr.contains("restaur"), "{fr}");
        let fr = crate::audit_say::sentence(&made[1], &names, crate::Lang::Fr);
        assert!(fr.contains("sauvegarde"), "{fr}");
    }
}
