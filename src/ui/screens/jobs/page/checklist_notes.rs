//! The job page's right column: the checklist (tick, remove, add), the notes log (with a new
//! note) and the status history.

use egui::{Align, Layout, RichText, Ui};
use rpma_core::format;
use rpma_core::i18n::Arg;
use rpma_core::jobs::JobDetail;
use rpma_core::jobs::guard::JobRights;

use super::JobPageView;
use crate::jobs::planning::PlanningJob;
use crate::ui::widgets::{icon_button, secondary_button, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

impl JobPageView {
    pub(super) fn right_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        d: &JobDetail,
        rights: &JobRights,
    ) {
        let t = *cx.tokens;
        let busy = self.action.is_some();
        // Checklist.
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            let done = d.checklist.iter().filter(|c| c.done).count();
            section_title_ui(
                ui,
                &t,
                &cx.tr_args(
                    "jobs-checklist",
                    &[
                        ("done", super::super::num(done)),
                        ("count", super::super::num(d.checklist.len())),
                    ],
                ),
            );
            if d.checklist.is_empty() {
                ui.label(RichText::new(cx.tr("jobs-checklist-empty")).color(t.muted));
            }
            for item in &d.checklist {
                ui.horizontal(|ui| {
                    let mut on = item.done;
                    let r = ui.add_enabled(
                        rights.edit && !busy,
                        egui::Checkbox::new(&mut on, &item.label),
                    );
                    if r.changed() && cx.user.is_some() {
                        let job = PlanningJob::SetChecklistDone {
                            id: self.id.clone(),
                            item_id: item.id.clone(),
                            done: on,
                        };
                        self.send(cx, job);
                    }
                    if rights.edit {
                        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                            let alt = cx.tr_args(
                                "jobs-checklist-remove",
                                &[("item", Arg::from(item.label.as_str()))],
                            );
                            if icon_button(ui, icons::X, &alt).clicked()
                                && !busy
                                && cx.user.is_some()
                            {
                                let job = PlanningJob::RemoveChecklistItem {
                                    id: self.id.clone(),
                                    item_id: item.id.clone(),
                                };
                                self.send(cx, job);
                            }
                        });
                    }
                });
            }
            if rights.edit {
                ui.add_space(4.0);
                let err = self.check_error.clone();
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("jobs-checklist-new"),
                    &mut self.check_label,
                    false,
                    err.as_deref(),
                );
                if secondary_button(
                    ui,
                    &t,
                    &format!("{}  {}", icons::PLUS, cx.tr("jobs-checklist-add")),
                )
                .clicked()
                    && !busy
                    && cx.user.is_some()
                {
                    let job = PlanningJob::AddChecklistItem {
                        id: self.id.clone(),
                        label: self.check_label.clone(),
                    };
                    self.check_error = None;
                    self.send(cx, job);
                }
            }
        });
        ui.add_space(t.gap * 0.5);
        // Notes log.
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            section_title_ui(ui, &t, &cx.tr("jobs-notes"));
            if d.notes_log.is_empty() {
                ui.label(RichText::new(cx.tr("jobs-notes-empty")).color(t.muted));
            }
            for n in d.notes_log.iter().rev() {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        n.author_name.as_deref().unwrap_or("—"),
                        format::format_datetime(n.at, cx.tz, cx.lang)
                    ))
                    .small()
                    .color(t.muted),
                );
                ui.label(RichText::new(&n.body).color(t.heading));
                ui.add_space(4.0);
            }
            if rights.edit {
                let err = self.note_error.clone();
                text_field_ui(
                    ui,
                    &t,
                    &cx.tr("jobs-note-new"),
                    &mut self.note,
                    false,
                    err.as_deref(),
                );
                if secondary_button(
                    ui,
                    &t,
                    &format!("{}  {}", icons::CHAT_TEXT, cx.tr("jobs-note-add")),
                )
                .clicked()
                    && !busy
                    && cx.user.is_some()
                {
                    let job = PlanningJob::AddNote {
                        id: self.id.clone(),
                        body: self.note.clone(),
                    };
                    self.note_error = None;
                    self.send(cx, job);
                }
            }
        });
        ui.add_space(t.gap * 0.5);
        super::super::history::history_ui(ui, cx, d);
    }
}
