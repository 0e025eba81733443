//! The entries table with its pages, and the pointer to the chain check.

use egui::{Align, Label, Layout, RichText, Sense, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::audit_say;
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::format::{self};
use rpma_core::i18n::Arg;

use crate::route::Route;
use crate::ui::{Command, Cx, icons};

use super::{AuditScreen, PAGE, Tone, tone, tone_colour};

impl AuditScreen {
    pub(super) fn table_card_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, height: f32) {
        let t = *cx.tokens;
        let lang = cx.lang;
        let mut go_to: Option<u32> = None;
        let mut clicked: Option<i64> = None;
        t.card_frame()
            .inner_margin(egui::Margin::same(14))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.set_height(height - 28.0);
                let Some(page) = &self.page else {
                    // Nothing yet: loading, or the error above says why.
                    if self.pending.is_some() {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(RichText::new(cx.tr("loading")).color(t.muted));
                        });
                    }
                    return;
                };
                let total = page.total.max(0);
                let pages = (total + i64::from(PAGE) - 1) / i64::from(PAGE);
                let current = i64::from(self.query.offset / PAGE) + 1;
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(cx.tr_args(
                            "audit-count",
                            &[
                                ("count", Arg::from(total)),
                                ("shown", Arg::from(format::format_int(total, lang))),
                            ],
                        ))
                        .strong()
                        .color(t.heading),
                    );
                    if self.pending.is_some() {
                        ui.spinner();
                    } else if total > 0 {
                        ui.label(
                            RichText::new(cx.tr("audit-details-hint"))
                                .small()
                                .color(t.muted),
                        );
                    }
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        let has_next = current < pages;
                        if ui
                            .add_enabled(
                                has_next,
                                egui::Button::new(format!("{} ›", cx.tr("audit-next")))
                                    .min_size(Vec2::new(0.0, t.hit)),
                            )
                            .clicked()
                        {
                            go_to = Some(self.query.offset.saturating_add(PAGE));
                        }
                        if ui
                            .add_enabled(
                                current > 1,
                                egui::Button::new(format!("‹ {}", cx.tr("audit-prev")))
                                    .min_size(Vec2::new(0.0, t.hit)),
                            )
                            .clicked()
                        {
                            go_to = Some(self.query.offset.saturating_sub(PAGE));
                        }
                        if pages > 1 {
                            ui.label(
                                RichText::new(cx.tr_args(
                                    "audit-page",
                                    &[("page", Arg::from(current)), ("pages", Arg::from(pages))],
                                ))
                                .color(t.muted),
                            );
                        }
                    });
                });
                ui.separator();
                if page.rows.is_empty() {
                    ui.add_space(t.gap);
                    ui.vertical_centered(|ui| {
                        ui.label(RichText::new(icons::SCROLL).size(32.0).color(t.muted));
                        ui.label(
                            RichText::new(cx.tr("audit-empty"))
                                .strong()
                                .color(t.heading),
                        );
                        ui.label(RichText::new(cx.tr("audit-empty-hint")).color(t.muted));
                    });
                    return;
                }
                // The sentence names the record; the details dialog shows it on its own too.
                let rows: Vec<(i64, String, String, String, Tone)> = page
                    .rows
                    .iter()
                    .map(|r| {
                        (
                            r.seq,
                            format::format_datetime(r.at, cx.tz, lang),
                            self.actor_label(cx, r),
                            audit_say::sentence(r, &page.names, lang),
                            tone(&r.action),
                        )
                    })
                    .collect();
                let selected = self.selected;
                let system = cx.tr("audit-system");
                let row_h = t.hit;
                // Header row, spacing and the body share what is left of the card.
                let table_h = (ui.available_height() - row_h - 3.0 * ui.spacing().item_spacing.y)
                    .max(row_h * 3.0);
                // Widths shared so that the table always fits its card.
                let w_when = 132.0;
                let rest =
                    (ui.available_width() - w_when - 3.0 * ui.spacing().item_spacing.x).max(240.0);
                let w_user = rest * 0.2;
                ui.scope(|ui| {
                    // Cells are plain text, so that a click anywhere selects the row.
                    ui.style_mut().interaction.selectable_labels = false;
                    TableBuilder::new(ui)
                        .id_salt("audit_table")
                        .striped(true)
                        .sense(Sense::click())
                        .cell_layout(Layout::left_to_right(Align::Center))
                        .column(Column::exact(w_when))
                        .column(Column::exact(w_user).clip(true))
                        .column(Column::remainder().clip(true))
                        .min_scrolled_height(table_h)
                        .max_scroll_height(table_h)
                        .header(row_h - 6.0, |mut h| {
                            for key in ["audit-col-when", "audit-col-user", "audit-col-action"] {
                                h.col(|ui| {
                                    ui.label(
                                        RichText::new(cx.tr(key)).small().strong().color(t.muted),
                                    );
                                });
                            }
                        })
                        .body(|body| {
                            body.rows(row_h, rows.len(), |mut row| {
                                let Some((seq, when, who, what, tone)) = rows.get(row.index())
                                else {
                                    return;
                                };
                                row.set_selected(selected == Some(*seq));
                                row.col(|ui| {
                                    ui.add(
                                        Label::new(RichText::new(when).color(t.text)).truncate(),
                                    );
                                });
                                row.col(|ui| {
                                    // "Système" muted, people in the heading colour.
                                    let colour = if *who == system { t.muted } else { t.heading };
                                    ui.add(Label::new(RichText::new(who).color(colour)).truncate());
                                });
                                row.col(|ui| {
                                    // Failures in red, sign-ins in green, the rest plain.
                                    let fg = tone_colour(&t, *tone);
                                    let text = RichText::new(what).color(fg);
                                    ui.add(Label::new(text).truncate()).on_hover_text(what);
                                });
                                if row.response().clicked() {
                                    clicked = Some(*seq);
                                }
                            });
                        });
                });
            });
        if let Some(seq) = clicked {
            self.selected = if self.selected == Some(seq) {
                None
            } else {
                Some(seq)
            };
        }
        if let Some(offset) = go_to {
            self.query.offset = offset;
            self.load(cx);
        }
    }

    pub(super) fn chain_note_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(icons::SHIELD_CHECK).color(t.accent_hover));
            ui.label(
                RichText::new(cx.tr("audit-chain-note"))
                    .small()
                    .color(t.muted),
            );
            if allows_maintenance(cx)
                && ui
                    .link(
                        RichText::new(format!("{} {}", icons::DATABASE, cx.tr("audit-chain-open")))
                            .small(),
                    )
                    .on_hover_text(cx.tr("audit-chain-open-hint"))
                    .clicked()
            {
                cx.push(Command::Navigate(Route::Maintenance));
            }
        });
    }
}

fn allows_maintenance(cx: &Cx<'_>) -> bool {
    cx.user
        .is_some_and(|u| allows(u.role, Action::ViewMaintenance))
}
