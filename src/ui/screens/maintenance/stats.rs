//! Statistics: the database file and its tables, the photo store (count, size, orphan files)
//! and the log folder with its last errors. The photo store and the logs are read on background
//! tasks (a large shop has tens of thousands of photo files).

use egui::{RichText, Ui};
use rpma_core::format;
use rpma_core::safety::stats::{LogSummary, PhotoStats};

use crate::jobs::DbStats;
use crate::tasks::TaskOwner;
use crate::tasks::backup::{self as work, TaskOutput};
use crate::ui::widgets::{kv_row_ui, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

/// The database's statistics and its tables.
pub(super) fn db_stats_ui(ui: &mut Ui, cx: &mut Cx<'_>, s: &DbStats) {
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
        ui.add_space(8.0);
        ui.label(
            RichText::new(cx.tr("maint-tables"))
                .strong()
                .color(t.heading),
        );
        // Plain grids in three columns (a few dozen rows): every row is laid out, inside the
        // page's scroll, and the list stays short.
        let per = s.tables.len().div_ceil(3).max(1);
        ui.columns(3, |cols| {
            for (i, (col, chunk)) in cols.iter_mut().zip(s.tables.chunks(per)).enumerate() {
                egui::Grid::new(("db-tables", i))
                    .num_columns(2)
                    .striped(true)
                    .min_row_height(t.body + 8.0)
                    .spacing([24.0, 2.0])
                    .show(col, |ui| {
                        ui.label(RichText::new(cx.tr("maint-table")).strong());
                        ui.label(RichText::new(cx.tr("maint-rows")).strong());
                        ui.end_row();
                        for (name, n) in chunk {
                            ui.label(RichText::new(name).monospace().small());
                            ui.label(format::format_int(*n, lang));
                            ui.end_row();
                        }
                    });
            }
        });
    });
}

/// The photo store and the logs, read on background tasks.
#[derive(Debug, Default)]
pub(super) struct ExtraStats {
    photos: Option<Result<PhotoStats, String>>,
    photos_asked: bool,
    logs: Option<LogSummary>,
    logs_asked: bool,
}

impl ExtraStats {
    pub(super) fn on_task(&mut self, out: TaskOutput, cx: &Cx<'_>) {
        match out {
            TaskOutput::PhotoStats(r) => self.photos = Some(r.map_err(|e| cx.error_text(&e))),
            TaskOutput::Logs(l) => self.logs = Some(l),
            _ => {}
        }
    }

    fn ask_photos(&mut self, cx: &mut Cx<'_>) {
        let Some(root) = cx.jobs.data_root().map(ToOwned::to_owned) else {
            return;
        };
        self.photos_asked = true;
        self.photos = None;
        let work = work::photo_stats(root);
        if let Err(e) = cx.jobs.tasks().spawn(
            TaskOwner::Maintenance,
            "photo_stats",
            "task-photo-stats",
            work,
        ) {
            self.photos = Some(Err(e.to_string()));
        }
    }

    pub(super) fn photos_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if !self.photos_asked {
            self.ask_photos(cx);
        }
        let t = *cx.tokens;
        let lang = cx.lang;
        let mut refresh = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::IMAGE, cx.tr("maint-photos")),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    refresh = secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::ARROW_CLOCKWISE, cx.tr("refresh")),
                    )
                    .clicked();
                });
            });
            match &self.photos {
                None => crate::ui::progress::waiting_ui(ui, &t, lang),
                Some(Err(e)) => {
                    ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger));
                }
                Some(Ok(p)) => {
                    let bytes = |b| format::format_bytes(b, lang);
                    let count =
                        |n: u64| format::format_int(i64::try_from(n).unwrap_or(i64::MAX), lang);
                    egui::Grid::new("photo_stats")
                        .num_columns(2)
                        .spacing([24.0, 6.0])
                        .show(ui, |ui| {
                            kv_row_ui(
                                ui,
                                &t,
                                &cx.tr("maint-photos-originals"),
                                &cx.tr_args(
                                    "maint-photos-count-size",
                                    &[
                                        ("count", count(p.originals).into()),
                                        ("size", bytes(p.original_bytes).into()),
                                    ],
                                ),
                            );
                            kv_row_ui(ui, &t, &cx.tr("maint-photos-thumbs"), &bytes(p.thumb_bytes));
                            kv_row_ui(
                                ui,
                                &t,
                                &cx.tr("maint-photos-orphans"),
                                &cx.tr_args(
                                    "maint-photos-count-size",
                                    &[
                                        ("count", count(p.orphans).into()),
                                        ("size", bytes(p.orphan_bytes).into()),
                                    ],
                                ),
                            );
                            kv_row_ui(ui, &t, &cx.tr("maint-photos-missing"), &count(p.missing));
                        });
                    if p.missing > 0 {
                        ui.label(RichText::new(cx.tr("maint-photos-missing-help")).color(t.danger));
                    } else if p.orphans > 0 {
                        ui.label(RichText::new(cx.tr("maint-photos-orphans-help")).color(t.muted));
                    }
                }
            }
        });
        if refresh {
            self.ask_photos(cx);
        }
    }

    fn ask_logs(&mut self, cx: &mut Cx<'_>) {
        let Some(root) = cx.jobs.data_root().map(ToOwned::to_owned) else {
            return;
        };
        self.logs_asked = true;
        self.logs = None;
        let work = work::logs(root.join("logs"));
        if let Err(e) = cx
            .jobs
            .tasks()
            .spawn(TaskOwner::Maintenance, "logs", "task-logs", work)
        {
            tracing::warn!("cannot read the logs: {e}");
        }
    }

    pub(super) fn logs_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if !self.logs_asked {
            self.ask_logs(cx);
        }
        let t = *cx.tokens;
        let lang = cx.lang;
        let mut refresh = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::FILE_TEXT, cx.tr("maint-logs")),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    refresh = secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::ARROW_CLOCKWISE, cx.tr("refresh")),
                    )
                    .clicked();
                });
            });
            let Some(l) = &self.logs else {
                crate::ui::progress::waiting_ui(ui, &t, lang);
                return;
            };
            ui.label(
                RichText::new(l.dir.display().to_string())
                    .monospace()
                    .color(t.muted),
            );
            let total: u64 = l.files.iter().map(|f| f.bytes).sum();
            ui.label(cx.tr_args(
                "maint-logs-files",
                &[
                    ("count", i64::try_from(l.files.len()).unwrap_or(0).into()),
                    ("size", format::format_bytes(total, lang).into()),
                ],
            ));
            ui.add_space(6.0);
            if l.last_errors.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::CHECK_CIRCLE,
                        cx.tr("maint-logs-clean")
                    ))
                    .color(t.success),
                );
                return;
            }
            ui.label(
                RichText::new(cx.tr("maint-logs-last-errors"))
                    .strong()
                    .color(t.heading),
            );
            egui::Frame::new()
                .fill(t.bg)
                .corner_radius(t.radius_small)
                .inner_margin(10)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.spacing_mut().item_spacing.y = 4.0;
                    for line in &l.last_errors {
                        let colour = if line.contains(" ERROR ") {
                            t.danger
                        } else {
                            t.warning
                        };
                        ui.add(
                            egui::Label::new(RichText::new(line).small().monospace().color(colour))
                                .wrap(),
                        );
                    }
                });
        });
        if refresh {
            self.ask_logs(cx);
        }
    }
}
