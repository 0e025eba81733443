//! Maintenance: database statistics and the integrity check (the same one as `rpma db check`).

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rpma_core::format;
use rpma_core::store::check::CheckReport;

use crate::jobs::{DbStats, Job, JobEvent, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{
    badge_ui, kv_row_ui, page_title_ui, primary_button, secondary_button, section_title_ui,
};
use crate::ui::{Cx, icons};

/// Maintenance state.
#[derive(Debug, Default)]
pub struct MaintenanceScreen {
    stats: Loadable<DbStats>,
    check_pending: Option<RequestId>,
    last_check: Option<CheckReport>,
}

impl MaintenanceScreen {
    /// Asks for fresh statistics.
    pub fn reload(&mut self, cx: &mut Cx<'_>) {
        self.stats = Loadable::Loading(cx.submit(Job::LoadDbStats));
    }

    /// Takes replies addressed to this screen.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::DbStats(r) => {
                self.stats.accept(id, r, cx.lang);
                None
            }
            JobEvent::DbChecked(report) if self.check_pending == Some(id) => {
                self.check_pending = None;
                if report.is_ok() {
                    cx.toast_ok(cx.tr("maint-check-ok"));
                } else {
                    cx.toast_err(cx.tr("maint-check-failed"));
                }
                self.last_check = Some(*report);
                None
            }
            other => Some(other),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.stats, Loadable::Idle) {
            self.reload(cx);
        }
        let t = *cx.tokens;
        page_title_ui(
            ui,
            &t,
            &cx.tr("nav-maintenance"),
            Some(&cx.tr("maint-subtitle")),
        );
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.check_ui(ui, cx);
            ui.add_space(t.gap);
            let (stats, retry) = self.stats.ui(ui, cx);
            if retry {
                self.reload(cx);
                return;
            }
            let Some(s) = stats else { return };
            let s = s.clone();
            Self::stats_ui(ui, cx, &s);
            if secondary_button(
                ui,
                &t,
                &format!("{} {}", icons::ARROW_CLOCKWISE, cx.tr("refresh")),
            )
            .clicked()
            {
                self.reload(cx);
            }
        });
    }

    fn check_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
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
                let busy = self.check_pending.is_some();
                if ui
                    .add_enabled_ui(!busy, |ui| {
                        primary_button(ui, &t, &cx.tr("maint-check-run"))
                    })
                    .inner
                    .clicked()
                {
                    self.check_pending = Some(cx.submit(Job::RunDbCheck));
                }
                if busy {
                    ui.spinner();
                    ui.label(RichText::new(cx.tr("maint-check-running")).color(t.muted));
                }
            });
            if let Some(r) = &self.last_check {
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
            }
        });
    }

    fn stats_ui(ui: &mut Ui, cx: &mut Cx<'_>, s: &DbStats) {
        let t = *cx.tokens;
        let lang = cx.lang;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::DATABASE, cx.tr("maint-stats")),
            );
            egui::Grid::new("db-stats")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    kv_row_ui(ui, &t, &cx.tr("maint-db-file"), &s.db_path);
                    kv_row_ui(ui, &t, &cx.tr("maint-data-dir"), &s.data_dir);
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("maint-file-size"),
                        &format::format_bytes(s.file_bytes, lang),
                    );
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("maint-wal-size"),
                        &format::format_bytes(s.wal_bytes, lang),
                    );
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("maint-pages"),
                        &cx.tr_args(
                            "maint-pages-value",
                            &[
                                ("count", format::format_int(s.page_count, lang).into()),
                                ("size", format::format_int(s.page_size, lang).into()),
                                ("free", format::format_int(s.freelist_count, lang).into()),
                            ],
                        ),
                    );
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("maint-schema"),
                        &cx.tr_args(
                            "maint-schema-value",
                            &[
                                ("level", s.schema_level.into()),
                                ("latest", s.latest_level.into()),
                            ],
                        ),
                    );
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("maint-engine"),
                        &format!(
                            "SQLite {} · {}",
                            s.sqlite_version,
                            s.journal_mode.to_uppercase()
                        ),
                    );
                });
        });
        ui.add_space(t.gap);
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::FILE_TEXT, cx.tr("maint-tables")),
            );
            TableBuilder::new(ui)
                .id_salt("db-tables")
                .striped(true)
                .column(Column::remainder())
                .column(Column::auto().at_least(120.0))
                .header(24.0, |mut h| {
                    h.col(|ui| {
                        ui.label(RichText::new(cx.tr("maint-table")).strong());
                    });
                    h.col(|ui| {
                        ui.label(RichText::new(cx.tr("maint-rows")).strong());
                    });
                })
                .body(|body| {
                    body.rows(24.0, s.tables.len(), |mut row| {
                        let Some((name, n)) = s.tables.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.monospace(name);
                        });
                        row.col(|ui| {
                            ui.label(format::format_int(*n, lang));
                        });
                    });
                });
        });
    }
}
