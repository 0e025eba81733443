//! What an admin does with the shop's sync from a terminal (Settings → Sync, later): read the
//! join code to give to a new terminal, list the shop's terminals, revoke one. Each checks
//! [`Action::ManageSync`] on the account as stored now; revoking goes through this terminal's
//! own role, so the hub itself limits it to this shop's terminals.

use serde::Serialize;

use super::{SyncError, SyncResult, hub, local};
use crate::Session;
use crate::Store;
use crate::auth::permissions::Action;
use crate::users;

/// A terminal of the shop as the hub lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HubTerminal {
    /// UUIDv7.
    pub id: String,
    /// Short code.
    pub code: String,
    /// Name given at registration.
    pub name: String,
    /// Revoked: its role can no longer log in.
    pub revoked: bool,
}

fn connect(store: &Store) -> SyncResult<postgres::Client> {
    let cfg = local::require(store.conn())?;
    let password = local::password(store, &cfg)?;
    let mut client = cfg.url()?.connect_as(&cfg.role, &password)?;
    hub::check_protocol(&mut client)?;
    Ok(client)
}

/// Refused at a head office: it belongs to no shop, so it has no join code and revokes nothing.
fn not_at_head_office(store: &Store) -> SyncResult<()> {
    match local::load(store.conn())? {
        Some(cfg) if cfg.is_head_office() => Err(SyncError::AtHeadOffice),
        _ => Ok(()),
    }
}

/// The shop's join code, for an admin (refused to other roles, and at a head office). None when
/// this terminal does not sync.
pub fn join_code(store: &Store, actor: &Session) -> SyncResult<Option<String>> {
    users::authorize(store.conn(), actor, Action::ManageSync)?;
    not_at_head_office(store)?;
    local::join_code(store)
}

/// The shop's terminals, from the hub (at a head office, every shop's).
pub fn terminals(store: &Store, actor: &Session) -> SyncResult<Vec<HubTerminal>> {
    users::authorize(store.conn(), actor, Action::ManageSync)?;
    let mut client = connect(store)?;
    Ok(hub::terminals(&mut client)?
        .into_iter()
        .map(|(id, code, name, revoked)| HubTerminal {
            id,
            code,
            name,
            revoked,
        })
        .collect())
}

/// Revokes a terminal of this shop (audited here). Its role can no longer log in; its changes
/// already on the hub stay. Refused at a head office (the hub would refuse it too).
pub fn revoke(store: &mut Store, actor: &Session, terminal_id: &str) -> SyncResult<()> {
    users::authorize(store.conn(), actor, Action::ManageSync)?;
    not_at_head_office(store)?;
    let mut client = connect(store)?;
    hub::revoke(&mut client, terminal_id).map_err(|e| match e {
        SyncError::Hub(m) if m.contains("no such terminal") => {
            SyncError::Core(crate::CoreError::NotFound { entity: "terminal" })
        }
        other => other,
    })?;
    store.write(Some(&actor.id), |tx| {
        tx.audit(crate::audit::AuditEntry {
            action: "sync.revoke_terminal",
            entity: "terminal",
            entity_id: Some(terminal_id),
            before: None,
            after: Some(serde_json::json!({ "revoked": true })),
        })
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testutil::Fixture;

    #[test]
    fn a_head_office_has_no_join_code_and_revokes_nothing() {
        let mut f = Fixture::new();
        f.store
            .conn()
            .execute(
                "INSERT INTO sync_config (singleton, server, shop_id, role, secret)
                 VALUES (1, 'postgres://hub.example/rpma', '*', 'rpma_h_x', 'none')",
                [],
            )
            .unwrap();
        let admin = f.admin.clone();
        assert!(matches!(
            join_code(&f.store, &admin),
            Err(SyncError::AtHeadOffice)
        ));
        let audited = f.audit_rows("sync.revoke_terminal").len();
        assert!(matches!(
            revoke(&mut f.store, &admin, "0192ffff-0000-7000-8000-000000000000"),
            Err(SyncError::AtHeadOffice)
        ));
        assert_eq!(f.audit_rows("sync.revoke_terminal").len(), audited);
        assert!(crate::sync::status(&f.store).unwrap().head_office);
        // Still refused to a role without the right first.
        let tech = f.technician.clone();
        assert!(matches!(
            join_code(&f.store, &tech),
            Err(SyncError::Core(crate::CoreError::Forbidden(_)))
        ));
    }
}
