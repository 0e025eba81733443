//! Settings → Sync (issue 16): where this terminal stands with the shop's hub — the server (URL
//! without password), this terminal, the last sync, the changes waiting to be sent, the errors —
//! and "Synchroniser maintenant", which asks the app's background sync for a round (the screen
//! never waits on the network). For admins (ManageSync, checked again by the core): the join code
//! on demand, the shop's terminals and revoking one after a confirmation. Setting sync up is done
//! with `rpma sync init-server` / `rpma sync join` while the app is closed.

use egui::{RichText, Ui};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::format;

use crate::ui::sync_state::{SyncRequest, SyncView};
use crate::ui::widgets::{kv_row_ui, primary_button, secondary_button, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// The Sync tab's own state.
#[derive(Debug, Default)]
pub struct SyncTab {
    /// The terminal whose revocation waits for confirmation.
    confirm: Option<(String, String)>,
    /// The terminals were asked for once on this visit.
    listed: bool,
}

impl SyncTab {
    /// Draws the tab: one card, as the other tabs, scrolling when the terminals are many.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        egui::ScrollArea::vertical()
            .id_salt("settings_sync_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(1000.0));
                t.card_frame().show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    self.card_ui(ui, cx);
                });
            });
    }

    fn card_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let view = SyncView::get(ui.ctx());
        section_title_ui(ui, &t, &cx.tr("settings-sync-title"));
        let Some(status) = view.status.as_ref().filter(|s| s.server.is_some()) else {
            ui.label(RichText::new(cx.tr("settings-sync-not-configured")).color(t.muted));
            return;
        };
        let server = status.server.clone().unwrap_or_default();
        kv_row_ui(ui, &t, &cx.tr("settings-sync-server"), &server);
        kv_row_ui(
            ui,
            &t,
            &cx.tr("settings-sync-terminal"),
            &status.terminal.code,
        );
        let last = status.last_sync.map_or_else(
            || cx.tr("status-sync-never"),
            |ms| format::format_datetime(ms, cx.tz, cx.lang),
        );
        kv_row_ui(ui, &t, &cx.tr("settings-sync-last"), &last);
        kv_row_ui(
            ui,
            &t,
            &cx.tr("settings-sync-pending"),
            &status.pending.to_string(),
        );
        if status.conflicts > 0 {
            kv_row_ui(
                ui,
                &t,
                &cx.tr("settings-sync-conflicts"),
                &cx.tr_args(
                    "settings-sync-conflicts-value",
                    &[("n", rpma_core::i18n::Arg::from(status.conflicts))],
                ),
            );
        }
        if let Some(n) = status.shop_keys {
            kv_row_ui(
                ui,
                &t,
                &cx.tr("settings-sync-shop-keys"),
                &cx.tr_args(
                    "settings-sync-shop-keys-value",
                    &[(
                        "n",
                        rpma_core::i18n::Arg::from(i64::try_from(n).unwrap_or(i64::MAX)),
                    )],
                ),
            );
        }
        if let Some(e) = &view.error {
            ui.label(
                RichText::new(format!("{} {}", icons::WARNING, e.message(cx.lang))).color(t.danger),
            );
        }
        // This session's error is shown above in the user's language; one recorded earlier (by
        // another run or the command line) is shown as it was recorded.
        if let Some(e) = status.last_error.as_ref().filter(|_| view.error.is_none()) {
            let text = cx.tr_args(
                "settings-sync-last-error",
                &[("detail", rpma_core::i18n::Arg::from(e.as_str()))],
            );
            ui.label(RichText::new(format!("{} {text}", icons::WARNING)).color(t.warning));
        }
        if status.rejects > 0 {
            let text = cx.tr_args(
                "settings-sync-rejects",
                &[("n", rpma_core::i18n::Arg::from(status.rejects))],
            );
            ui.label(RichText::new(format!("{} {text}", icons::WARNING)).color(t.warning));
        }
        ui.add_space(t.gap * 0.5);
        ui.horizontal(|ui| {
            let now = primary_button(ui, &t, &cx.tr("settings-sync-now"));
            if view.running {
                ui.spinner();
                ui.label(RichText::new(cx.tr("status-sync-running")).color(t.muted));
            } else if now.clicked() {
                cx.push(Command::Sync(SyncRequest::Now));
            }
        });
        if cx.user.is_some_and(|u| allows(u.role, Action::ManageSync)) {
            ui.add_space(t.gap);
            self.admin_ui(ui, cx, &view);
        }
    }

    /// Join code, terminals, revoke (admins).
    fn admin_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, view: &SyncView) {
        let t = *cx.tokens;
        section_title_ui(ui, &t, &cx.tr("settings-sync-admin"));
        if !self.listed && !view.admin_busy {
            self.listed = true;
            cx.push(Command::Sync(SyncRequest::Terminals));
        }
        let head_office = view.status.as_ref().is_some_and(|s| s.head_office);
        if head_office {
            ui.label(RichText::new(cx.tr("settings-sync-head-office-note")).color(t.muted));
        }
        match &view.join_code {
            _ if head_office => {}
            Some(code) => {
                ui.label(RichText::new(cx.tr("settings-sync-code-secret")).color(t.muted));
                ui.label(RichText::new(code).monospace().color(t.text));
            }
            None => {
                if secondary_button(ui, &t, &cx.tr("settings-sync-show-code")).clicked() {
                    cx.push(Command::Sync(SyncRequest::JoinCode));
                }
            }
        }
        if view.admin_busy {
            ui.spinner();
        }
        if let Some(e) = &view.admin_error {
            ui.label(
                RichText::new(format!("{} {}", icons::WARNING, e.message(cx.lang))).color(t.danger),
            );
        }
        let Some(list) = &view.terminals else {
            return;
        };
        ui.add_space(t.gap * 0.5);
        ui.label(RichText::new(cx.tr("settings-sync-terminals")).strong());
        let me = view.status.as_ref().map(|s| s.terminal.id.clone());
        for term in list {
            ui.horizontal(|ui| {
                let name = if term.name.is_empty() {
                    term.code.clone()
                } else {
                    format!("{} ({})", term.name, term.code)
                };
                ui.label(RichText::new(name).color(t.text));
                if term.revoked {
                    ui.label(RichText::new(cx.tr("settings-sync-revoked")).color(t.muted));
                } else if head_office {
                } else if me.as_deref() == Some(term.id.as_str()) {
                    ui.label(RichText::new(cx.tr("settings-sync-this")).color(t.muted));
                } else if self.confirm.as_ref().is_some_and(|(id, _)| *id == term.id) {
                    if primary_button(ui, &t, &cx.tr("settings-sync-revoke-confirm")).clicked() {
                        cx.push(Command::Sync(SyncRequest::Revoke(term.id.clone())));
                        self.confirm = None;
                    }
                    if secondary_button(ui, &t, &cx.tr("settings-sync-cancel")).clicked() {
                        self.confirm = None;
                    }
                } else if secondary_button(ui, &t, &cx.tr("settings-sync-revoke")).clicked() {
                    self.confirm = Some((term.id.clone(), term.code.clone()));
                }
            });
        }
    }
}
