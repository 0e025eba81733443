//! The profile forms' errors clear as they are fixed (see `crate::ui::live`): contact details
//! are checked again by the core's pure validator; a password or PIN error goes when its field
//! changes (the core checks the new one on save), and the confirmations are compared as typed.

use egui::Ui;
use rpma_core::live_checks;
use rpma_core::validate::FieldErrors;
use serde_json::{Value, json};

use super::ProfileScreen;
use crate::ui::{Cx, live};

type Snapshots = (Option<Value>, Option<Value>);

impl ProfileScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let before = self.snapshots();
        self.body_ui(ui, cx);
        self.recheck(before);
    }

    fn contact_draft(&self) -> Value {
        let c = self.contact.clone().unwrap_or_default();
        json!({ "display_name": c.display_name, "email": c.email, "phone": c.phone })
    }

    fn security_draft(&self) -> Value {
        json!({
            "current_password": self.current_password, "new_password": self.new_password,
            "confirm": self.confirm, "pin": self.pin, "pin_confirm": self.pin_confirm,
        })
    }

    fn snapshots(&self) -> Snapshots {
        (
            live::snapshot(&self.contact_errors, &self.contact_draft()),
            live::snapshot(&self.errors, &self.security_draft()),
        )
    }

    fn recheck(&mut self, before: Snapshots) {
        if let Some(c) = &self.contact {
            let fresh = live_checks::contact(&c.display_name, &c.email, &c.phone);
            let draft = self.contact_draft();
            live::revalidate(&mut self.contact_errors, before.0, &draft, |_| fresh);
        }
        let mut fresh = FieldErrors::new();
        if self.confirm != self.new_password {
            fresh.add("confirm", "err-password-mismatch");
        }
        if self.pin_confirm != self.pin {
            fresh.add("pin_confirm", "profile-pin-mismatch");
        }
        let draft = self.security_draft();
        if live::revalidate(&mut self.errors, before.1, &draft, |_| fresh) && self.errors.is_empty()
        {
            self.error = None;
        }
    }
}
