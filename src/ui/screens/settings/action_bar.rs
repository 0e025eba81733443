//! The Settings screen's sticky action bar (General and Updates tabs): the unsaved-changes hint,
//! save and discard (with its confirmation), and the errors not shown next to a field.

use egui::{RichText, Ui, Vec2};

use super::checks::field_err;
use super::{MAX_WIDTH, SettingsScreen};
use crate::ui::widgets::{badge_ui, primary_button, secondary_button};
use crate::ui::{Cx, icons};

/// Fields this screen shows an error next to; errors on any other field are listed at the top.
const KNOWN_FIELDS: &[&str] = &[
    "org_name",
    "org_email",
    "siret",
    "vat_number",
    "postal_code",
    "password_min_length",
    "lockout_threshold",
    "lockout_window_min",
    "lockout_duration_min",
    "idle_timeout_min",
    "session_max_hours",
    "timezone",
    "hours_mon",
    "hours_tue",
    "hours_wed",
    "hours_thu",
    "hours_fri",
    "hours_sat",
    "hours_sun",
    "update_repository",
];

impl SettingsScreen {
    /// The sticky bar: unsaved-changes hint, save and discard (with its confirmation).
    pub(super) fn action_bar_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let dirty = self.has_unsaved_changes();
        let busy = self.pending.is_some() || self.logo_pending.is_some();
        let mut save = false;
        let mut discard = false;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width().min(MAX_WIDTH - 32.0));
                ui.horizontal(|ui| {
                    if self.confirm_discard {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                icons::WARNING,
                                cx.tr("settings-discard-confirm")
                            ))
                            .color(t.warning),
                        );
                    } else if busy {
                        ui.spinner();
                        ui.label(RichText::new(cx.tr("saving")).color(t.muted));
                    } else if dirty {
                        badge_ui(
                            ui,
                            &format!("{} {}", icons::WARNING, cx.tr("settings-unsaved")),
                            t.warning,
                            t.warning_soft,
                        );
                    } else {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                icons::CHECK_CIRCLE,
                                cx.tr("settings-all-saved")
                            ))
                            .color(t.muted),
                        );
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if self.confirm_discard {
                            if secondary_button(ui, &t, &cx.tr("settings-discard-no")).clicked() {
                                self.confirm_discard = false;
                            }
                            if ui
                                .add(
                                    egui::Button::new(
                                        RichText::new(format!(
                                            "{} {}",
                                            icons::ARROW_U_UP_LEFT,
                                            cx.tr("settings-discard-yes")
                                        ))
                                        .color(t.danger),
                                    )
                                    .min_size(Vec2::new(0.0, t.hit)),
                                )
                                .clicked()
                            {
                                discard = true;
                            }
                            return;
                        }
                        let can = dirty && !busy;
                        if ui
                            .add_enabled_ui(can, |ui| {
                                primary_button(
                                    ui,
                                    &t,
                                    &format!("{} {}", icons::FLOPPY_DISK, cx.tr("settings-save")),
                                )
                            })
                            .inner
                            .clicked()
                        {
                            save = true;
                        }
                        if ui
                            .add_enabled_ui(can, |ui| {
                                secondary_button(
                                    ui,
                                    &t,
                                    &format!(
                                        "{} {}",
                                        icons::ARROW_U_UP_LEFT,
                                        cx.tr("settings-discard")
                                    ),
                                )
                            })
                            .inner
                            .clicked()
                        {
                            self.confirm_discard = true;
                        }
                    });
                });
                let lang = cx.lang;
                let mut problems: Vec<String> = Vec::new();
                if let Some(g) = &self.general_error {
                    problems.push(g.clone());
                }
                if !self.errors.is_empty() {
                    problems.push(cx.tr("form-has-errors"));
                    // Errors on fields this screen does not show, so that none is silent.
                    for e in self
                        .errors
                        .0
                        .iter()
                        .filter(|e| !KNOWN_FIELDS.contains(&e.field))
                    {
                        if let Some(m) = field_err(&self.errors, lang, e.field) {
                            problems.push(m);
                        }
                    }
                }
                for p in problems {
                    ui.label(RichText::new(format!("{} {p}", icons::WARNING)).color(t.danger));
                }
            });
        if save {
            self.save(cx);
        }
        if discard {
            self.discard();
        }
    }
}
