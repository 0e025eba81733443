//! The account forms' drafts; their errors clear as they are fixed (see `crate::ui::live`).

use rpma_core::auth::password::PasswordPolicy;
use rpma_core::live_checks;
use serde_json::{Value, json};

use rpma_core::Lang;
use rpma_core::accounts::UserUpdate;
use rpma_core::auth::permissions::Role;
use rpma_core::users::{NewUser, User};
use rpma_core::validate::FieldErrors;

use super::{EditForm, NewForm, UsersScreen};
use crate::ui::live;

type Snapshots = (Option<Value>, Option<Value>);

impl UsersScreen {
    /// Both drafts before drawing, when they show errors.
    pub(super) fn snapshots(&self) -> Snapshots {
        (
            live::snapshot(&self.new.errors, &self.new.draft()),
            live::snapshot(&self.edit.errors, &self.edit.draft()),
        )
    }

    /// After drawing: the changed fields that show an error are checked again.
    pub(super) fn recheck(&mut self, before: Snapshots) {
        self.new.recheck(before.0);
        self.edit.recheck(before.1);
    }
}

impl NewForm {
    /// An empty draft in `lang`, for a technician.
    pub(super) fn fresh(lang: Lang) -> Self {
        Self {
            user: NewUser {
                role: Some(Role::Technician),
                locale: lang,
                ..NewUser::default()
            },
            ..Self::default()
        }
    }

    /// Forgets the typed passwords.
    pub(super) fn clear_secrets(&mut self) {
        self.user.password.clear();
        self.confirm.clear();
    }
}

impl EditForm {
    /// The draft of `user`'s details.
    pub(super) fn of(user: &User) -> Self {
        Self {
            id: user.id.clone(),
            update: UserUpdate {
                display_name: user.display_name.clone(),
                email: user.email.clone().unwrap_or_default(),
                phone: user.phone.clone().unwrap_or_default(),
            },
            role: Some(user.role),
            errors: FieldErrors::new(),
        }
    }
}

impl NewForm {
    /// The fields under their error names.
    fn draft(&self) -> Value {
        let u = &self.user;
        json!({
            "username": u.username, "email": u.email, "display_name": u.display_name,
            "password": u.password, "confirm": self.confirm,
        })
    }

    /// After drawing: the changed fields that show an error are checked again.
    fn recheck(&mut self, before: Option<Value>) {
        if before.is_none() {
            return;
        }
        let u = &self.user;
        let policy = PasswordPolicy::default();
        let mut fresh =
            live_checks::new_user(&u.username, &u.email, &u.display_name, &u.password, &policy);
        if self.confirm != u.password {
            fresh.add("confirm", "err-password-mismatch");
        }
        let draft = self.draft();
        live::revalidate(&mut self.errors, before, &draft, |_| fresh);
    }
}

impl EditForm {
    /// The fields under their error names.
    fn draft(&self) -> Value {
        let u = &self.update;
        json!({ "display_name": u.display_name, "email": u.email, "phone": u.phone })
    }

    /// After drawing: the changed fields that show an error are checked again.
    fn recheck(&mut self, before: Option<Value>) {
        let u = &self.update;
        let fresh = live_checks::contact(&u.display_name, &u.email, &u.phone);
        let draft = self.draft();
        live::revalidate(&mut self.errors, before, &draft, |_| fresh);
    }
}
