//! The dashboard's shop figures, each given only to the roles allowed to see it: the shop's
//! identity (legal name, SIRET, VAT number) with [`Action::ViewSettings`], the accounts per role
//! with [`Action::ViewUsers`], today's audit events with [`Action::ViewAudit`] and the database
//! size with [`Action::ViewMaintenance`]. A technician or a viewer gets none of them: the
//! dashboard shows what they may see (today's planning, their own jobs).

use std::path::Path;

use crate::Session;
use crate::auth::permissions::{Action, allows};
use crate::error::CoreResult;
use crate::maintenance::{self, DbStats};
use crate::org::{self, Organisation};
use crate::store::Store;
use crate::users;

/// The dashboard's shop figures; `None` for a figure the actor may not see.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopFigures {
    /// The shop's identity (`Some(None)`: allowed, but the shop is not set up).
    pub org: Option<Option<Organisation>>,
    /// Active accounts per role (admin, supervisor, technician, viewer).
    pub users_by_role: Option<[i64; 4]>,
    /// Audit entries recorded today (shop time).
    pub audit_today: Option<i64>,
    /// Database statistics.
    pub stats: Option<DbStats>,
}

impl ShopFigures {
    /// True when the actor may see none of the figures.
    pub fn is_empty(&self) -> bool {
        self.org.is_none()
            && self.users_by_role.is_none()
            && self.audit_today.is_none()
            && self.stats.is_none()
    }
}

/// The figures `actor` (as stored now) may see ([`Action::ViewDashboard`] is required).
/// `data_dir` locates the database files for their size.
pub fn figures(store: &Store, actor: &Session, data_dir: Option<&Path>) -> CoreResult<ShopFigures> {
    let conn = store.conn();
    let actor = users::authorize(conn, actor, Action::ViewDashboard)?;
    let may = |a: Action| allows(actor.role, a);
    let mut out = ShopFigures::default();
    if may(Action::ViewSettings) {
        out.org = Some(org::get(conn)?);
    }
    if may(Action::ViewUsers) {
        let mut by_role = [0i64; 4];
        for (slot, role) in by_role
            .iter_mut()
            .zip(["admin", "supervisor", "technician", "viewer"])
        {
            *slot = conn.query_row(
                "SELECT count(*) FROM users WHERE role = ?1 AND is_active = 1 AND deleted_at IS NULL",
                [role],
                |r| r.get(0),
            )?;
        }
        out.users_by_role = Some(by_role);
    }
    if may(Action::ViewAudit) {
        let day_start = maintenance::start_of_local_day(store.now_ms());
        out.audit_today = Some(conn.query_row(
            "SELECT count(*) FROM audit_log WHERE at >= ?1",
            [day_start],
            |r| r.get(0),
        )?);
    }
    if may(Action::ViewMaintenance) {
        out.stats = Some(maintenance::stats(store, data_dir)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::CoreError;
    use crate::testutil::Fixture;

    #[test]
    fn each_role_gets_the_figures_it_may_see() {
        let f = Fixture::new();
        let admin = figures(&f.store, &f.admin, None).unwrap();
        assert!(admin.org.is_some());
        assert_eq!(admin.users_by_role.map(|r| r.iter().sum::<i64>()), Some(4));
        assert!(admin.audit_today.is_some());
        assert!(admin.stats.is_some());
        let sup = figures(&f.store, &f.supervisor, None).unwrap();
        assert!(sup.org.is_some() && sup.users_by_role.is_some() && sup.stats.is_some());
        assert_eq!(sup.audit_today, None, "the audit log is the admins'");
        for user in [&f.technician, &f.viewer] {
            let got = figures(&f.store, user, None).unwrap();
            assert!(got.is_empty(), "{:?} sees {got:?}", user.role);
        }
    }

    #[test]
    fn a_deactivated_account_gets_nothing() {
        let f = Fixture::new();
        f.store
            .conn()
            .execute(
                "UPDATE users SET is_active = 0 WHERE id = ?1",
                [&f.admin.id],
            )
            .unwrap();
        assert!(matches!(
            figures(&f.store, &f.admin, None),
            Err(CoreError::Forbidden(_))
        ));
    }
}
