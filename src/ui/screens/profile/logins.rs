//! The latest sign-ins card.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rpma_core::accounts::LoginRecord;
use rpma_core::format;

use crate::ui::widgets::section_title_ui;
use crate::ui::{Cx, icons};

use super::ProfileScreen;

impl ProfileScreen {
    /// The latest sign-ins, newest first.
    pub(super) fn logins_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let mut retry = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!(
                    "{} {}",
                    icons::CLOCK_COUNTER_CLOCKWISE,
                    cx.tr("profile-logins")
                ),
            );
            ui.label(RichText::new(cx.tr("profile-logins-help")).color(t.muted));
            ui.add_space(8.0);
            let (data, again) = self.data.ui(ui, cx);
            retry = again;
            let Some(d) = data else { return };
            if d.logins.is_empty() {
                ui.label(RichText::new(cx.tr("profile-logins-empty")).color(t.muted));
                return;
            }
            logins_table_ui(ui, cx, &d.logins);
        });
        if retry {
            self.reload(cx);
        }
    }
}

/// i18n key and icon of a sign-in method.
fn method_label(method: &str) -> Option<(&'static str, &'static str)> {
    Some(match method {
        "password" => ("profile-method-password", icons::PASSWORD),
        "pin" => ("profile-method-pin", icons::NUMPAD),
        "totp" => ("profile-method-totp", icons::SHIELD_CHECK),
        "recovery" => ("profile-method-recovery", icons::LIFEBUOY),
        _ => return None,
    })
}

fn logins_table_ui(ui: &mut Ui, cx: &Cx<'_>, logins: &[LoginRecord]) {
    let t = *cx.tokens;
    let with_terminal = logins.iter().any(|l| l.terminal.is_some());
    let mut table = TableBuilder::new(ui)
        .id_salt("profile_logins_table")
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::auto().at_least(170.0));
    table = if with_terminal {
        table
            .column(Column::auto().at_least(160.0))
            .column(Column::remainder())
    } else {
        table.column(Column::remainder())
    };
    table
        .header(26.0, |mut h| {
            h.col(|ui| {
                ui.label(RichText::new(cx.tr("profile-logins-when")).strong());
            });
            h.col(|ui| {
                ui.label(RichText::new(cx.tr("profile-logins-method")).strong());
            });
            if with_terminal {
                h.col(|ui| {
                    ui.label(RichText::new(cx.tr("profile-logins-terminal")).strong());
                });
            }
        })
        .body(|body| {
            body.rows(28.0, logins.len(), |mut row| {
                let Some(l) = logins.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(
                        RichText::new(format::format_datetime(l.at, cx.tz, cx.lang))
                            .color(t.heading),
                    );
                });
                row.col(|ui| match method_label(&l.method) {
                    Some((key, icon)) => {
                        ui.label(RichText::new(icon).color(t.accent_hover));
                        ui.label(cx.tr(key));
                    }
                    None => {
                        ui.label(&l.method);
                    }
                });
                if with_terminal {
                    row.col(|ui| {
                        ui.label(
                            RichText::new(l.terminal.as_deref().unwrap_or("—")).color(t.muted),
                        );
                    });
                }
            });
        });
}
