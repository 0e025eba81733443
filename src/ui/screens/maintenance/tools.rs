//! The database checks (integrity, foreign keys, schema, audit chain) and the two operations on
//! the database file: WAL checkpoint and VACUUM (with the space it gave back).

use egui::{RichText, Ui};
use rpma_core::format;
use rpma_core::health::VacuumReport;
use rpma_core::safety::stats::CheckpointReport;
use rpma_core::store::check::CheckReport;

use crate::jobs::safety::{SafetyEvent, SafetyJob};
use crate::jobs::{DbStats, Job, RequestId};
use crate::ui::widgets::{badge_ui, primary_button, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

/// The integrity check card.
pub(super) fn check_ui(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    pending: &mut Option<RequestId>,
    last: Option<&CheckReport>,
) {
    let t = *cx.tokens;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(
            ui,
            &t,
            &format!("{} {}", icons::SHIELD_CHECK, cx.tr("maint-check-title")),
        );
        ui.label(RichText::new(cx.tr("maint-check-help")).color(t.muted));
        ui.horizontal(|ui| {
            let busy = pending.is_some();
            if ui
                .add_enabled_ui(!busy, |ui| {
                    primary_button(ui, &t, &cx.tr("maint-check-run"))
                })
                .inner
                .clicked()
            {
                *pending = Some(cx.submit(Job::RunDbCheck));
            }
            if busy {
                ui.spinner();
                ui.label(RichText::new(cx.tr("maint-check-running")).color(t.muted));
            }
        });
        let Some(r) = last else { return };
        ui.add_space(8.0);
        let yes_no = |ok: bool| {
            if ok {
                (cx.tr("check-pass"), t.success, t.success_soft)
            } else {
                (cx.tr("check-fail"), t.danger, t.danger_soft)
            }
        };
        egui::Grid::new("db-check-result")
            .num_columns(2)
            .spacing([24.0, 6.0])
            .show(ui, |ui| {
                let rows = [
                    (
                        cx.tr("check-integrity"),
                        r.open_error.is_none() && r.integrity.is_empty(),
                    ),
                    (cx.tr("check-foreign-keys"), r.foreign_keys.is_empty()),
                    (cx.tr("check-schema"), r.schema_level == r.latest_level),
                    (cx.tr("check-audit-chain"), !matches!(r.audit, Some(Err(_)))),
                ];
                for (label, ok) in rows {
                    ui.label(label);
                    let (txt, fg, bg) = yes_no(ok);
                    badge_ui(ui, &txt, fg, bg);
                    ui.end_row();
                }
            });
        let mut details: Vec<String> = r.open_error.iter().cloned().collect();
        details.extend(r.integrity.iter().take(10).cloned());
        details.extend(r.foreign_keys.iter().take(10).cloned());
        if let Some(Err(b)) = &r.audit {
            details.push(cx.tr_args(
                b.message_key(),
                &[("seq", b.seq.into()), ("id", b.id.as_str().into())],
            ));
        }
        for d in details {
            ui.label(RichText::new(d).color(t.danger).small());
        }
    });
}

/// WAL checkpoint and VACUUM.
#[derive(Debug, Default)]
pub(super) struct ToolsCard {
    checkpoint_pending: Option<RequestId>,
    checkpoint: Option<Result<CheckpointReport, String>>,
    vacuum_pending: Option<RequestId>,
    vacuum: Option<Result<VacuumReport, String>>,
    confirm_vacuum: bool,
}

impl ToolsCard {
    /// Takes a reply; true when the database changed (statistics to reload).
    pub(super) fn on_event(&mut self, id: RequestId, ev: SafetyEvent, cx: &mut Cx<'_>) -> bool {
        match ev {
            SafetyEvent::Checkpointed(r) if self.checkpoint_pending == Some(id) => {
                self.checkpoint_pending = None;
                self.checkpoint = Some(r.map_err(|e| cx.error_text(&e)));
                true
            }
            SafetyEvent::Vacuumed(r) if self.vacuum_pending == Some(id) => {
                self.vacuum_pending = None;
                match &r {
                    Ok(v) => cx.toast_ok(cx.tr_args(
                        "maint-vacuum-done",
                        &[("freed", format::format_bytes(v.freed(), cx.lang).into())],
                    )),
                    Err(e) => cx.toast_err(cx.error_text(e)),
                }
                self.vacuum = Some(r.map_err(|e| cx.error_text(&e)));
                true
            }
            _ => false,
        }
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, stats: Option<&DbStats>) {
        let t = *cx.tokens;
        let lang = cx.lang;
        if cx.user.is_none() {
            return;
        }
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::HARD_DRIVES, cx.tr("maint-db-tools")),
            );
            ui.label(RichText::new(cx.tr("maint-checkpoint-help")).color(t.muted));
            ui.horizontal(|ui| {
                let busy = self.checkpoint_pending.is_some();
                let wal = stats.map_or(0, |s| s.wal_bytes);
                if ui
                    .add_enabled_ui(!busy, |ui| {
                        secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::FLOPPY_DISK, cx.tr("maint-checkpoint-run")),
                        )
                    })
                    .inner
                    .clicked()
                {
                    self.checkpoint_pending =
                        Some(cx.submit(Job::Safety(SafetyJob::Checkpoint {})));
                }
                if busy {
                    ui.spinner();
                }
                let text = match &self.checkpoint {
                    Some(Ok(r)) => cx.tr_args(
                        "maint-checkpoint-done",
                        &[
                            ("before", format::format_bytes(r.wal_before, lang).into()),
                            ("after", format::format_bytes(r.wal_after, lang).into()),
                        ],
                    ),
                    Some(Err(e)) => e.clone(),
                    None => cx.tr_args(
                        "maint-wal-now",
                        &[("size", format::format_bytes(wal, lang).into())],
                    ),
                };
                ui.label(RichText::new(text).color(t.muted));
            });
            ui.add_space(8.0);
            ui.label(RichText::new(cx.tr("maint-vacuum-help")).color(t.muted));
            if let Some(s) = stats {
                let free = u64::try_from(s.freelist_count.saturating_mul(s.page_size)).unwrap_or(0);
                ui.label(
                    RichText::new(cx.tr_args(
                        "maint-vacuum-free",
                        &[("size", format::format_bytes(free, lang).into())],
                    ))
                    .color(t.text),
                );
            }
            ui.horizontal(|ui| {
                let busy = self.vacuum_pending.is_some();
                if self.confirm_vacuum && !busy {
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            icons::WARNING,
                            cx.tr("maint-vacuum-confirm")
                        ))
                        .color(t.warning),
                    );
                    if primary_button(ui, &t, &cx.tr("maint-vacuum-go")).clicked() {
                        self.confirm_vacuum = false;
                        self.vacuum_pending = Some(cx.submit(Job::Safety(SafetyJob::Vacuum {})));
                    }
                    if secondary_button(ui, &t, &cx.tr("restore-cancel")).clicked() {
                        self.confirm_vacuum = false;
                    }
                    return;
                }
                if ui
                    .add_enabled_ui(!busy, |ui| {
                        secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::ARCHIVE, cx.tr("maint-vacuum-run")),
                        )
                    })
                    .inner
                    .clicked()
                {
                    self.confirm_vacuum = true;
                }
                if busy {
                    ui.spinner();
                    ui.label(RichText::new(cx.tr("maint-vacuum-running")).color(t.muted));
                }
                match &self.vacuum {
                    Some(Ok(v)) => {
                        ui.label(
                            RichText::new(cx.tr_args(
                                "maint-vacuum-done",
                                &[("freed", format::format_bytes(v.freed(), lang).into())],
                            ))
                            .color(t.success),
                        );
                    }
                    Some(Err(e)) => {
                        ui.label(RichText::new(e).color(t.danger));
                    }
                    None => {}
                }
            });
        });
    }
}
