//! The question before a restore replaces the data: what the backup holds (shop, date, terminal,
//! version, schema level, files), that it verified, and what the core asks to confirm — the
//! current shop is replaced (kept aside, not deleted), and, for a backup of another shop, an
//! explicit tick. Used by the Maintenance screen and the recovery screen.

use egui::{RichText, Ui};
use rpma_core::backup::{ConfirmNeeded, PreparedRestore};
use rpma_core::store::migrations::LATEST_LEVEL;
use rpma_core::{Lang, format};

use super::icons;
use super::theme::Tokens;
use super::widgets::{badge_ui, kv_row_ui, primary_button, secondary_button, section_title_ui};

/// A prepared restore waiting for the person's answer (dropping it removes the staging folder).
#[derive(Debug)]
pub struct RestoreDialog {
    prepared: Option<PreparedRestore>,
    other_shop_confirmed: bool,
}

/// The person's answer.
#[derive(Debug)]
pub enum RestoreAnswer {
    /// Not yet.
    Open,
    /// No: the staging folder is removed, nothing changed.
    Cancelled,
    /// Yes: swap it in.
    Confirmed(PreparedRestore),
}

impl RestoreDialog {
    /// Asks about `prepared`.
    pub fn new(prepared: PreparedRestore) -> Self {
        Self {
            prepared: Some(prepared),
            other_shop_confirmed: false,
        }
    }

    fn needs_tick(&self) -> bool {
        self.prepared.as_ref().is_some_and(|p| {
            p.confirmations()
                .iter()
                .any(|c| matches!(c, ConfirmNeeded::OtherShop { .. }))
        })
    }

    /// Draws the dialog (a modal); returns the answer.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        t: &Tokens,
        lang: Lang,
        tz: format::Tz,
    ) -> RestoreAnswer {
        let Some(p) = &self.prepared else {
            return RestoreAnswer::Cancelled;
        };
        let mut answer = None;
        let needs_tick = self.needs_tick();
        egui::Modal::new(egui::Id::unique("rpma-restore-dialog"))
            .frame(t.card_frame())
            .show(ctx, |ui| {
                ui.set_max_width(560.0);
                section_title_ui(
                    ui,
                    t,
                    &format!(
                        "{} {}",
                        icons::ARROW_COUNTER_CLOCKWISE,
                        lang.tr("restore-dialog-title")
                    ),
                );
                badge_ui(
                    ui,
                    &format!("{} {}", icons::CHECK_CIRCLE, lang.tr("restore-verified")),
                    t.success,
                    t.success_soft,
                );
                ui.add_space(6.0);
                about_ui(ui, t, lang, tz, p);
                ui.add_space(6.0);
                for c in p.confirmations() {
                    let (fg, bg, icon) = match c {
                        ConfirmNeeded::OtherShop { .. } => {
                            (t.danger, t.danger_soft, icons::WARNING)
                        }
                        ConfirmNeeded::ReplaceExisting { .. } => {
                            (t.warning, t.warning_soft, icons::INFO)
                        }
                    };
                    egui::Frame::new()
                        .fill(bg)
                        .corner_radius(t.radius_small)
                        .inner_margin(10)
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.label(
                                RichText::new(format!("{icon} {}", c.message(lang))).color(fg),
                            );
                        });
                }
                if needs_tick {
                    ui.checkbox(
                        &mut self.other_shop_confirmed,
                        lang.tr("restore-confirm-other-shop"),
                    );
                }
                ui.label(RichText::new(lang.tr("restore-after")).color(t.muted));
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let ok = !needs_tick || self.other_shop_confirmed;
                    if ui
                        .add_enabled_ui(ok, |ui| {
                            primary_button(
                                ui,
                                t,
                                &format!(
                                    "{} {}",
                                    icons::ARROW_COUNTER_CLOCKWISE,
                                    lang.tr("restore-now")
                                ),
                            )
                        })
                        .inner
                        .clicked()
                    {
                        answer = Some(true);
                    }
                    if secondary_button(ui, t, &lang.tr("restore-cancel")).clicked() {
                        answer = Some(false);
                    }
                });
            });
        match answer {
            Some(true) => self
                .prepared
                .take()
                .map_or(RestoreAnswer::Cancelled, RestoreAnswer::Confirmed),
            Some(false) => {
                self.prepared = None;
                RestoreAnswer::Cancelled
            }
            None => RestoreAnswer::Open,
        }
    }
}

/// What the backup holds.
fn about_ui(ui: &mut Ui, t: &Tokens, lang: Lang, tz: format::Tz, p: &PreparedRestore) {
    let m = p.manifest();
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_owned()
        } else {
            s.to_owned()
        }
    };
    egui::Grid::new("restore_about_grid")
        .num_columns(2)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            kv_row_ui(ui, t, &lang.tr("restore-shop"), &dash(&m.shop_name));
            kv_row_ui(
                ui,
                t,
                &lang.tr("restore-date"),
                &format::format_datetime(m.created_at_ms, tz, lang),
            );
            kv_row_ui(ui, t, &lang.tr("restore-terminal"), &dash(&m.terminal));
            kv_row_ui(ui, t, &lang.tr("restore-version"), &dash(&m.app_version));
            kv_row_ui(
                ui,
                t,
                &lang.tr("restore-schema"),
                &lang.tr_args(
                    "restore-schema-value",
                    &[
                        ("level", m.schema_level.into()),
                        ("latest", LATEST_LEVEL.into()),
                    ],
                ),
            );
            let count = i64::try_from(m.entries.len()).unwrap_or(i64::MAX);
            kv_row_ui(
                ui,
                t,
                &lang.tr("restore-content"),
                &lang.tr_args(
                    "restore-content-value",
                    &[
                        ("count", count.into()),
                        ("size", format::format_bytes(m.total_bytes(), lang).into()),
                    ],
                ),
            );
            if let Some(c) = p.current() {
                kv_row_ui(ui, t, &lang.tr("restore-current"), &dash(&c.shop_name));
            }
        });
}
