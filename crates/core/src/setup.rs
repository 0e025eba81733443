//! First-run setup: the shop and the first admin, in one transaction.

use crate::auth::password::PasswordPolicy;
use crate::auth::permissions::Role;
use crate::error::{CoreError, CoreResult};
use crate::org::{self, Organisation};
use crate::store::Store;
use crate::users::{self, NewUser, User};
use crate::validate::FieldErrors;

/// Creates the organisation and the first admin. Refused once any account exists (the wizard
/// cannot be replayed to take over a shop). Every field problem is reported at once; on any
/// error nothing is written.
pub fn first_run(store: &mut Store, org: Organisation, admin: NewUser) -> CoreResult<User> {
    if users::count(store.conn())? > 0 {
        return Err(CoreError::Refused {
            key: "err-setup-done",
        });
    }
    let policy = PasswordPolicy::default();
    let admin = NewUser {
        role: Some(Role::Admin),
        must_change_password: false,
        ..admin
    };
    // Validate both parts first so the wizard can show every message in one go.
    let mut errors = FieldErrors::new();
    if let Err(e) = org.clone().validated() {
        errors.0.extend(e.0.into_iter().map(|mut f| {
            f.field = match f.field {
                "name" => "org_name",
                "email" => "org_email",
                other => other,
            };
            f
        }));
    }
    errors
        .0
        .extend(users::validate_new(store.conn(), &admin, &policy)?.0);
    errors.into_result()?;
    store.write(None, |tx| {
        org::save(tx, org)?;
        users::insert(tx, &admin, &policy)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::i18n::Lang;

    fn admin() -> NewUser {
        NewUser {
            username: "patron".into(),
            email: String::new(),
            display_name: "Le Patron".into(),
            role: None,
            password: "Carrosserie2026".into(),
            locale: Lang::Fr,
            must_change_password: false,
        }
    }

    #[test]
    fn creates_shop_and_admin_once() {
        let mut s = Store::open_in_memory().unwrap();
        let org = Organisation {
            name: "Garage Martin".into(),
            ..Organisation::default()
        };
        let u = first_run(&mut s, org.clone(), admin()).unwrap();
        assert_eq!(u.role, Role::Admin);
        let again = first_run(
            &mut s,
            org,
            NewUser {
                username: "autre".into(),
                ..admin()
            },
        );
        assert!(matches!(
            again,
            Err(CoreError::Refused {
                key: "err-setup-done"
            })
        ));
        assert_eq!(users::count(s.conn()).unwrap(), 1);
    }

    #[test]
    fn bad_input_reports_all_fields_and_writes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        let org = Organisation {
            name: String::new(),
            siret: "12".into(),
            ..Organisation::default()
        };
        let bad = NewUser {
            password: "abc".into(),
            ..admin()
        };
        let Err(CoreError::Invalid(f)) = first_run(&mut s, org, bad) else {
            panic!("expected Invalid")
        };
        assert!(f.for_field("org_name").is_some());
        assert!(f.for_field("siret").is_some());
        assert!(f.for_field("password").is_some());
        assert!(org::get(s.conn()).unwrap().is_none());
        assert_eq!(users::count(s.conn()).unwrap(), 0);
    }
}
