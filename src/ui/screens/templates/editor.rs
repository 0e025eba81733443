//! The editor of the selected template: its general card, the action bar and saving.

use egui::{RichText, Ui};
use rpma_core::i18n::Arg;
use rpma_core::validate::FieldErrors;

use crate::jobs::Job;
use crate::jobs::templates::TemplatesJob;
use crate::ui::screens::jobs::num;
use crate::ui::widgets::{badge_ui, section_title_ui, text_field_ui};
use crate::ui::widgets::{empty_state_ui, primary_icon_button, secondary_icon_button};
use crate::ui::{Cx, icons};

use super::fields::multiline_ui;
use super::form::{duration_text, step_of_field};
use super::steps::steps_ui;
use super::{Form, TemplatesScreen};

impl TemplatesScreen {
    /// The editor of the draft.
    pub(super) fn editor_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if self.form.is_none() {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                empty_state_ui(
                    ui,
                    &t,
                    icons::NOTE_PENCIL,
                    &cx.tr("wf-select-title"),
                    &cx.tr("wf-select-hint"),
                );
            });
            return;
        }
        self.action_bar_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        let errors = &self.errors;
        let open = &mut self.open;
        let mut new_uid = self.next_uid;
        let Some(form) = self.form.as_mut() else {
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("wf_editor_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                general_card_ui(ui, cx, form, errors);
                ui.add_space(t.gap);
                steps_ui(ui, cx, form, errors, open, &mut new_uid);
                ui.add_space(t.gap * 2.0);
            });
        self.next_uid = new_uid;
    }

    /// Name, version, saved or not, Save and Cancel changes.
    fn action_bar_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let dirty = self.dirty();
        let busy = self.save_req.is_some();
        let Some(form) = &self.form else { return };
        let is_new = form.id.is_empty();
        let mut save = false;
        let mut revert = false;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let name = form.name.get(cx.lang);
                    let title = if is_new {
                        cx.tr("wf-new-title")
                    } else if name.trim().is_empty() {
                        "—".to_owned()
                    } else {
                        name.to_owned()
                    };
                    section_title_ui(ui, &t, &title);
                    if !is_new {
                        ui.label(
                            RichText::new(
                                cx.tr_args("wf-version", &[("version", num(form.version))]),
                            )
                            .color(t.muted),
                        );
                    }
                    if busy {
                        ui.spinner();
                        ui.label(RichText::new(cx.tr("saving")).color(t.muted));
                    } else if dirty || is_new {
                        badge_ui(
                            ui,
                            &format!("{} {}", icons::WARNING, cx.tr("wf-unsaved")),
                            t.warning,
                            t.warning_soft,
                        );
                    } else {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                icons::CHECK_CIRCLE,
                                cx.tr("wf-all-saved")
                            ))
                            .color(t.muted),
                        );
                    }
                });
                if let Some(m) = &self.message {
                    ui.label(RichText::new(format!("{}  {m}", icons::WARNING)).color(t.danger));
                }
                ui.horizontal(|ui| {
                    let r = ui.add_enabled_ui((dirty || is_new) && !busy, |ui| {
                        primary_icon_button(ui, &t, icons::FLOPPY_DISK, &cx.tr("wf-save"))
                    });
                    save = r.inner.clicked();
                    let r = ui.add_enabled_ui((dirty || is_new) && !busy, |ui| {
                        secondary_icon_button(
                            ui,
                            &t,
                            icons::ARROW_COUNTER_CLOCKWISE,
                            &cx.tr("wf-revert"),
                        )
                    });
                    revert = r.inner.clicked();
                });
            });
        if revert {
            if is_new {
                self.form = None;
                self.base = None;
                self.open.clear();
            } else if let Some(base) = self.base.clone() {
                self.form = Some(base);
            }
            self.errors = FieldErrors::new();
            self.message = None;
        }
        if save {
            self.save(cx);
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let Some(form) = &self.form else { return };
        if cx.user.is_none() {
            return;
        }
        match form.build() {
            Err(errors) => {
                for e in &errors.0 {
                    if let Some(s) =
                        step_of_field(e.field).and_then(|n| form.steps.get(n.saturating_sub(1)))
                    {
                        self.open.insert(s.uid);
                    }
                }
                self.errors = errors;
                self.message = Some(cx.tr("form-has-errors"));
                cx.toast_err(cx.tr("wf-not-saved"));
            }
            Ok(template) => {
                self.errors = FieldErrors::new();
                self.message = None;
                self.save_req = Some(cx.submit(Job::Templates(TemplatesJob::Save {
                    template: Box::new(template),
                })));
            }
        }
    }
}

/// Name, description, active.
fn general_card_ui(ui: &mut Ui, cx: &Cx<'_>, form: &mut Form, errors: &FieldErrors) {
    let t = *cx.tokens;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(ui, &t, &cx.tr("wf-general"));
        ui.add_space(4.0);
        let e_name = cx.field_error(errors, "name");
        ui.columns(2, |c| {
            if let [a, b] = c {
                text_field_ui(
                    a,
                    &t,
                    &cx.tr("wf-field-name-fr"),
                    &mut form.name.fr,
                    false,
                    e_name.as_deref(),
                );
                text_field_ui(
                    b,
                    &t,
                    &cx.tr("wf-field-name-en"),
                    &mut form.name.en,
                    false,
                    None,
                );
            }
        });
        ui.add_space(6.0);
        ui.columns(2, |c| {
            if let [a, b] = c {
                multiline_ui(a, &t, &cx.tr("wf-field-desc-fr"), &mut form.description.fr);
                multiline_ui(b, &t, &cx.tr("wf-field-desc-en"), &mut form.description.en);
            }
        });
        ui.add_space(6.0);
        let builtin = form.is_builtin();
        ui.add_enabled(
            !builtin,
            egui::Checkbox::new(&mut form.active, cx.tr("wf-field-active")),
        );
        if builtin {
            ui.label(
                RichText::new(cx.tr("wf-builtin-always-active"))
                    .small()
                    .color(t.muted),
            );
        }
        ui.label(
            RichText::new(cx.tr_args(
                "wf-total",
                &[
                    ("steps", num(form.steps.len())),
                    ("time", Arg::from(duration_text(cx, form.est_minutes()))),
                ],
            ))
            .color(t.muted),
        );
    });
}
