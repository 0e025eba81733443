//! The settings draft's checks: the core's pure validators, run again as the user corrects a
//! refused draft so that each error clears as soon as its field is fixed.

use egui::Ui;
use rpma_core::Lang;
use rpma_core::i18n::Arg;
use rpma_core::settings::AllSettings;
use rpma_core::validate::FieldErrors;

use super::{Form, SettingsScreen};
use crate::ui::screens::updates::UpdatePanel;
use crate::ui::{Cx, live};

impl SettingsScreen {
    /// Draws the screen; a refused draft's errors are checked again whenever it changes.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, updates: &mut UpdatePanel) {
        let before = (!self.errors.is_empty())
            .then(|| self.form.clone())
            .flatten();
        self.body_ui(ui, cx, updates);
        self.recheck(before);
    }

    fn recheck(&mut self, before: Option<Form>) {
        let (Some(before), Some(form)) = (before, &self.form) else {
            return;
        };
        if &before == form {
            return;
        }
        let (draft, mut fresh) = form.build();
        fresh.0.extend(local_checks(&draft).0);
        live::refresh(&mut self.errors, |_| true, fresh);
    }
}

/// The checks the core runs on save ([`rpma_core::settings::validate_all`]), for when the draft
/// cannot be sent (a number is not a number) but every problem should still show at once.
pub(super) fn local_checks(draft: &AllSettings) -> FieldErrors {
    rpma_core::settings::validate_all(draft)
}

/// Every message for `field` in the user's language, one per line.
pub(super) fn field_err(errors: &FieldErrors, lang: Lang, field: &str) -> Option<String> {
    let parts: Vec<String> = errors
        .0
        .iter()
        .filter(|e| e.field == field)
        .map(|e| {
            let args: Vec<(&str, Arg)> = e
                .args
                .iter()
                .map(|(k, v)| (*k, Arg::from(v.as_str())))
                .collect();
            lang.tr_args(e.key, &args)
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n"))
}

impl crate::ui::screen::Screen for SettingsScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        // The update panel is the app's (it outlives the session); without it, an empty one.
        match cx.updates.take() {
            Some(updates) => {
                Self::ui(self, ui, cx, &mut *updates);
                cx.updates = Some(updates);
            }
            None => Self::ui(self, ui, cx, &mut UpdatePanel::default()),
        }
    }

    fn on_event(
        &mut self,
        id: crate::jobs::RequestId,
        ev: crate::jobs::JobEvent,
        cx: &mut Cx<'_>,
    ) -> Option<crate::jobs::JobEvent> {
        match Self::on_event(self, id, ev, cx)? {
            // The Backups tab's requests.
            crate::jobs::JobEvent::Safety(ev) => self
                .backups
                .on_event(id, ev, cx)
                .map(crate::jobs::JobEvent::Safety),
            other => Some(other),
        }
    }

    fn on_task(&mut self, out: crate::tasks::backup::TaskOutput, cx: &mut Cx<'_>) {
        self.backups.on_task(out, cx);
    }

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Settings
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
