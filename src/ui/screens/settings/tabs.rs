//! The tabs of the Settings screen: General and Updates share the draft and its action bar;
//! Backups (admins who may manage backups) is saved on its own; Sync shows the background sync.

use egui::{RichText, Ui, Vec2};
use rpma_core::auth::permissions::{Action, allows};

use super::{SettingsScreen, Tab};
use crate::ui::{Cx, icons};

impl SettingsScreen {
    /// Draws the action bar (General and Updates) and the tab strip; draws the Backups tab
    /// itself and returns true when it is the one shown.
    pub(super) fn tabs_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> bool {
        let t = *cx.tokens;
        let backups = cx
            .user
            .is_some_and(|u| allows(u.role, Action::ManageBackups));
        if self.tab == Tab::Backups && !backups {
            self.tab = Tab::General;
        }
        let own = matches!(self.tab, Tab::Backups | Tab::Sync);
        if !own {
            self.action_bar_ui(ui, cx);
        }
        ui.add_space(t.gap * 0.5);
        ui.horizontal(|ui| {
            let mut tabs = vec![
                (Tab::General, icons::GEAR, "settings-tab-general"),
                (Tab::Updates, icons::ARROW_CLOCKWISE, "settings-tab-updates"),
            ];
            if backups {
                tabs.push((Tab::Backups, icons::ARCHIVE, "settings-tab-backups"));
            }
            tabs.push((Tab::Sync, icons::PULSE, "settings-tab-sync"));
            for (tab, icon, key) in tabs {
                let text = RichText::new(format!("{icon} {}", cx.tr(key)));
                let text = if self.tab == tab {
                    text.strong().color(t.accent_hover)
                } else {
                    text.color(t.text)
                };
                if ui
                    .add(
                        egui::Button::selectable(self.tab == tab, text)
                            .min_size(Vec2::new(0.0, t.hit)),
                    )
                    .clicked()
                {
                    self.tab = tab;
                }
            }
        });
        ui.add_space(t.gap * 0.5);
        match self.tab {
            Tab::Backups => self.backups.ui(ui, cx),
            Tab::Sync => self.sync.ui(ui, cx),
            Tab::General | Tab::Updates => return false,
        }
        true
    }

    /// Opens the Backups tab (tests, the dashboard's backup card).
    pub fn show_backups_tab(&mut self) {
        self.tab = Tab::Backups;
    }
}
