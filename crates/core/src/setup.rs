//! First-run setup: the shop and the first admin, in one transaction.

use crate::Session;
use crate::auth::login::Method;
use crate::auth::password::PasswordPolicy;
use crate::auth::permissions::Role;
use crate::error::{CoreError, CoreResult};
use crate::org::{self, Organisation};
use crate::store::Store;
use crate::users::{self, NewUser};
use crate::validate::FieldErrors;

/// Creates the organisation (with its logo, a PNG from [`org::normalize_logo`], when given) and
/// the first admin. Refused once any account exists (the wizard cannot be replayed to take over a
/// shop). Every field problem is reported at once (an unusable logo under the field `logo`); on
/// any error nothing is written.
pub fn first_run(
    store: &mut Store,
    org: Organisation,
    admin: NewUser,
    logo: Option<Vec<u8>>,
) -> CoreResult<Session> {
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
    let mut errors = org_errors(&org);
    if let Some(png) = &logo
        && org::check_logo_png(png).is_err()
    {
        errors.add("logo", "err-logo-image");
    }
    errors
        .0
        .extend(users::validate_new(store.conn(), &admin, &policy)?.0);
    errors.into_result()?;
    store.write(None, |tx| {
        org::save(tx, org)?;
        if logo.is_some() {
            // Before the admin exists: the setup acts for nobody yet.
            org::set_logo(tx, None, logo)?;
        }
        let user = users::insert(tx, &admin, &policy)?;
        // The first admin has just chosen this password: the setup is their sign-in.
        Ok(Session::new(user, Method::Password, tx.now()))
    })
}

/// The organisation's errors under the wizard's field names (`org_name`, `org_email`, …).
fn org_errors(org: &Organisation) -> FieldErrors {
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
}

/// The wizard's errors that need no database (the live re-check while the user corrects the
/// form): the organisation, and the admin account with every password rule that fails.
pub fn check(org: &Organisation, admin: &NewUser, policy: &PasswordPolicy) -> FieldErrors {
    let mut errors = org_errors(org);
    errors.0.extend(
        crate::live_checks::new_user(
            &admin.username,
            &admin.email,
            &admin.display_name,
            &admin.password,
            policy,
        )
        .0,
    );
    errors
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
        let u = first_run(&mut s, org.clone(), admin(), None).unwrap();
        assert_eq!(u.role, Role::Admin);
        let again = first_run(
            &mut s,
            org,
            NewUser {
                username: "autre".into(),
                ..admin()
            },
            None,
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
        let Err(CoreError::Invalid(f)) =
            first_run(&mut s, org, bad, Some(b"not a picture".to_vec()))
        else {
            panic!("expected Invalid")
        };
        assert!(f.for_field("org_name").is_some());
        assert!(f.for_field("siret").is_some());
        assert!(f.for_field("password").is_some());
        assert_eq!(f.for_field("logo").map(|e| e.key), Some("err-logo-image"));
        assert!(org::get(s.conn()).unwrap().is_none());
        assert_eq!(users::count(s.conn()).unwrap(), 0);
    }

    #[test]
    fn the_logo_is_stored_with_the_shop() {
        let mut s = Store::open_in_memory().unwrap();
        let jpeg = {
            let img =
                image::RgbImage::from_fn(1600, 800, |x, _| image::Rgb([(x % 256) as u8, 90, 30]));
            let mut out = Vec::new();
            image::DynamicImage::ImageRgb8(img)
                .write_to(
                    &mut std::io::Cursor::new(&mut out),
                    image::ImageFormat::Jpeg,
                )
                .unwrap();
            out
        };
        let png = org::normalize_logo(&jpeg).unwrap();
        let org = Organisation {
            name: "Garage Martin".into(),
            ..Organisation::default()
        };
        let u = first_run(&mut s, org, admin(), Some(png.clone())).unwrap();
        assert_eq!(org::get_logo(s.conn()).unwrap(), Some(png));
        let (action, user): (String, Option<String>) = s
            .conn()
            .query_row(
                "SELECT action, user_id FROM audit_log WHERE action = 'organisation.logo'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(action, "organisation.logo");
        assert_eq!(user, None);
        assert_eq!(u.role, Role::Admin);
    }
}
