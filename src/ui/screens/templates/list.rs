//! The list of templates (built-ins first) and the "discard changes?" confirmation.

use egui::text::LayoutJob;
use egui::{Align, Button, Color32, FontId, Layout, TextFormat, Ui, Vec2};
use rpma_core::i18n::Arg;
use rpma_core::workflow::Template;

use crate::jobs::Job;
use crate::jobs::templates::TemplatesJob;
use crate::ui::screens::jobs::num;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{
    Answer, confirm_modal_ui, empty_state_ui, primary_icon_button, secondary_icon_button,
};
use crate::ui::{Cx, icons};

use super::form::duration_text;
use super::{Switch, TemplatesScreen};

impl TemplatesScreen {
    pub(super) fn confirm_ui(&mut self, ui: &Ui, cx: &Cx<'_>) {
        if self.confirm_switch.is_none() {
            return;
        }
        let name = self
            .form
            .as_ref()
            .map(|f| f.name.get(cx.lang).to_owned())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| cx.tr("wf-new-title"));
        let body = cx.tr_args("wf-switch-body", &[("name", Arg::from(name))]);
        match confirm_modal_ui(
            ui,
            cx,
            "wf_switch_confirm",
            &cx.tr("wf-switch-title"),
            &body,
            &cx.tr("wf-switch-yes"),
            |_| true,
        ) {
            Answer::Open => {}
            Answer::No => self.confirm_switch = None,
            Answer::Yes => {
                if let Some(to) = self.confirm_switch.take() {
                    self.switch(to);
                }
            }
        }
    }

    /// The templates, New and Duplicate; returns what the user picked.
    pub(super) fn list_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        list: &[Template],
    ) -> Option<Switch> {
        let t = *cx.tokens;
        let mut asked = None;
        let selected = self.form.as_ref().map(|f| f.id.clone());
        let can_duplicate = selected.as_ref().is_some_and(|id| !id.is_empty());
        let busy = self.dup_req.is_some() || self.save_req.is_some();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.set_min_height(ui.available_height());
            // Side by side when they fit, else one above the other (never a broken word).
            let layout = if ui.available_width() >= 300.0 {
                Layout::left_to_right(Align::Center)
            } else {
                Layout::top_down(Align::Min)
            };
            ui.with_layout(layout, |ui| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                if primary_icon_button(ui, &t, icons::PLUS, &cx.tr("wf-new")).clicked() {
                    asked = Some(Switch::New);
                }
                let r = ui.add_enabled_ui(can_duplicate && !busy, |ui| {
                    secondary_icon_button(ui, &t, icons::COPY, &cx.tr("wf-duplicate"))
                });
                if r.inner.clicked()
                    && let (Some(id), Some(_)) = (selected.clone(), cx.user.cloned())
                {
                    self.dup_req = Some(cx.submit(Job::Templates(TemplatesJob::Duplicate {
                        id,
                        lang: cx.lang,
                    })));
                }
            });
            ui.add_space(t.gap * 0.5);
            if list.is_empty() {
                empty_state_ui(
                    ui,
                    &t,
                    icons::LIST_CHECKS,
                    &cx.tr("wf-list-empty"),
                    &cx.tr("wf-list-empty-hint"),
                );
                return;
            }
            egui::ScrollArea::vertical()
                .id_salt("wf_list_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for tpl in list {
                        let on = selected.as_deref() == Some(tpl.id.as_str());
                        let job = list_entry_job(cx, &t, tpl, ui.available_width() - 16.0);
                        let b = Button::selectable(on, job)
                            .min_size(Vec2::new(ui.available_width(), t.hit * 1.5));
                        if ui.add(b).clicked() {
                            asked = Some(Switch::To(tpl.id.clone()));
                        }
                        ui.add_space(4.0);
                    }
                });
        });
        asked
    }
}

/// A list entry: name, then steps · time · version and the badges.
fn list_entry_job(cx: &Cx<'_>, t: &Tokens, tpl: &Template, width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width.max(80.0);
    let font = |size: f32| FontId::proportional(size);
    job.append(
        tpl.name.get(cx.lang),
        0.0,
        TextFormat {
            font_id: font(t.body + 1.0),
            color: t.heading,
            ..TextFormat::default()
        },
    );
    let summary = cx.tr_args(
        "wf-list-summary",
        &[
            ("steps", num(tpl.steps.len())),
            ("time", Arg::from(duration_text(cx, tpl.est_minutes()))),
            ("version", num(tpl.version)),
        ],
    );
    job.append(
        &format!("\n{summary}  "),
        0.0,
        TextFormat {
            font_id: font(t.body - 1.5),
            color: t.muted,
            ..TextFormat::default()
        },
    );
    let badge = |job: &mut LayoutJob, text: &str, fg: Color32, bg: Color32| {
        job.append(
            // No-break spaces: a badge never splits over two lines.
            &format!("\u{a0}{text}\u{a0}"),
            4.0,
            TextFormat {
                font_id: font(t.body - 2.5),
                color: fg,
                background: bg,
                ..TextFormat::default()
            },
        );
    };
    if tpl.active {
        badge(
            &mut job,
            &cx.tr("wf-badge-active"),
            t.success,
            t.success_soft,
        );
    } else {
        badge(&mut job, &cx.tr("wf-badge-inactive"), t.muted, t.bg);
    }
    if tpl.is_builtin() {
        badge(
            &mut job,
            &cx.tr("wf-badge-builtin"),
            t.accent_hover,
            t.accent_soft,
        );
    }
    job
}
