//! Settings (admins): organisation, locale and time zone, business hours, security policy. A draft is edited and applied on save.

use egui::Ui;

use crate::jobs::{JobEvent, RequestId};
use crate::ui::Cx;
use crate::ui::widgets::page_title_ui;

/// Screen state.
#[derive(Debug, Default)]
pub struct SettingsScreen {}

impl SettingsScreen {
    /// Takes replies addressed to this screen; returns the others.
    pub fn on_event(&mut self, _id: RequestId, ev: JobEvent, _cx: &mut Cx<'_>) -> Option<JobEvent> {
        Some(ev)
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        page_title_ui(ui, &t, &cx.tr("nav-settings"), None);
    }
}
