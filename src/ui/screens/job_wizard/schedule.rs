//! The wizard's schedule step: a month date picker, 15-minute slots within the day's business
//! hours, technician and bay, and the live conflict preview (see [`super::slot`]).

use chrono::{Datelike as _, Duration, NaiveDate, NaiveTime, TimeZone as _, Timelike as _};
use egui::{RichText, Ui};
use rpma_core::format;
use rpma_core::i18n::Arg;

use super::JobWizardScreen;
use super::steps::SLOT_MIN;
use crate::jobs::planning::PlanningRefs;
use crate::ui::screens::jobs::num;
use crate::ui::widgets::section_title_ui;
use crate::ui::{Cx, icons};

fn minutes_of(s: &str) -> Option<u32> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .ok()
        .map(|t| t.hour() * 60 + t.minute())
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", (m / 60) % 24, m % 60)
}

/// Opening and closing minutes of a day (08:00–18:00 when closed or unreadable).
fn open_hours(refs: &PlanningRefs, d: NaiveDate) -> (u32, u32) {
    refs.hours
        .day(d.weekday())
        .and_then(|h| Some((minutes_of(&h.open)?, minutes_of(&h.close)?)))
        .filter(|(o, c)| o < c)
        .unwrap_or((8 * 60, 18 * 60))
}

impl JobWizardScreen {
    pub(super) fn schedule_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        self.default_schedule(cx, refs);
        section_title_ui(ui, &t, &cx.tr("wizard-step-schedule"));
        ui.columns(2, |cols| {
            let [left, right] = cols else { return };
            self.date_picker_ui(left, cx);
            self.slot_ui(right, cx, refs);
        });
        self.conflicts_ui(ui, cx, refs);
    }

    fn date_picker_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = cx.tokens;
        let today = cx
            .tz
            .timestamp_millis_opt(super::super::jobs::now_ms())
            .single()
            .map(|d| d.date_naive())
            .unwrap_or_default();
        let chosen = self.draft.date();
        let shown = ui
            .ctx()
            .data(|d| d.get_temp::<NaiveDate>(egui::Id::unique("wizard_month")))
            .or(chosen)
            .unwrap_or(today)
            .with_day(1)
            .unwrap_or(today);
        let mut month = shown;
        ui.label(RichText::new(cx.tr("wizard-date")).strong());
        ui.horizontal(|ui| {
            if crate::ui::widgets::icon_button(ui, icons::CARET_LEFT, &cx.tr("wizard-month-prev"))
                .clicked()
            {
                month = (month - Duration::days(1)).with_day(1).unwrap_or(month);
            }
            let name = format!(
                "{} {}",
                cx.tr(&format!("wizard-month-{}", month.month())),
                month.year()
            );
            ui.label(RichText::new(name).strong().color(t.heading));
            if crate::ui::widgets::icon_button(ui, icons::CARET_RIGHT, &cx.tr("wizard-month-next"))
                .clicked()
            {
                month = (month + Duration::days(32)).with_day(1).unwrap_or(month);
            }
        });
        if month != shown {
            ui.ctx()
                .data_mut(|d| d.insert_temp(egui::Id::unique("wizard_month"), month));
        }
        let lead = month.weekday().num_days_from_monday();
        egui::Grid::new("wizard_days")
            .spacing([4.0, 4.0])
            .show(ui, |ui| {
                for k in 1..=7 {
                    ui.label(
                        RichText::new(cx.tr(&format!("wizard-weekday-{k}")))
                            .small()
                            .color(t.muted),
                    );
                }
                ui.end_row();
                for _ in 0..lead {
                    ui.label("");
                }
                let mut col = lead;
                let mut day = month;
                while day.month() == month.month() {
                    let selected = chosen == Some(day);
                    let past = day < today;
                    let text = RichText::new(day.day().to_string()).color(if selected {
                        t.on_accent
                    } else if past {
                        t.muted
                    } else {
                        t.text
                    });
                    let b = egui::Button::new(if day == today { text.strong() } else { text })
                        .fill(if selected { t.accent } else { t.card })
                        .stroke(egui::Stroke::new(
                            1.0,
                            if day == today {
                                t.accent
                            } else {
                                t.card_stroke
                            },
                        ))
                        .min_size(egui::vec2(34.0, 30.0));
                    if ui.add(b).clicked() {
                        self.draft.date = day.format("%Y-%m-%d").to_string();
                    }
                    col += 1;
                    if col == 7 {
                        ui.end_row();
                        col = 0;
                    }
                    day += Duration::days(1);
                }
            });
        if let Some(d) = chosen {
            ui.label(
                RichText::new(format::format_date(
                    super::super::jobs::local_midnight(d, cx.tz) + 12 * 3_600_000,
                    cx.tz,
                    cx.lang,
                ))
                .color(t.muted),
            );
        }
        self.error_ui(ui, cx, "scheduled_start");
    }

    fn slot_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, refs: &PlanningRefs) {
        let t = *cx.tokens;
        let day = self.draft.date().unwrap_or_default();
        let (open, close) = open_hours(refs, day);
        let slots: Vec<String> = (open / SLOT_MIN..=close / SLOT_MIN)
            .map(|s| hhmm(s * SLOT_MIN))
            .collect();
        let old_start = minutes_of(&self.draft.start);
        ui.horizontal(|ui| {
            egui::ComboBox::from_label(cx.tr("wizard-start"))
                .selected_text(&self.draft.start)
                .height(300.0)
                .show_ui(ui, |ui| {
                    for s in &slots {
                        ui.selectable_value(&mut self.draft.start, s.clone(), s);
                    }
                });
            ui.add_space(12.0);
            egui::ComboBox::from_label(cx.tr("wizard-end"))
                .selected_text(&self.draft.end)
                .height(300.0)
                .show_ui(ui, |ui| {
                    for s in &slots {
                        ui.selectable_value(&mut self.draft.end, s.clone(), s);
                    }
                });
        });
        // Moving the start keeps the length.
        if let (Some(a), Some(b), Some(e)) = (
            old_start,
            minutes_of(&self.draft.start),
            minutes_of(&self.draft.end),
        ) && a != b
            && e > a
        {
            self.draft.end = hhmm(b + (e - a));
        }
        if let (Some(s), Some(e)) = (minutes_of(&self.draft.start), minutes_of(&self.draft.end))
            && e > s
        {
            ui.label(
                RichText::new(cx.tr_args(
                    "wizard-duration",
                    &[
                        ("hours", num((e - s) / 60)),
                        ("minutes", Arg::from(format!("{:02}", (e - s) % 60))),
                    ],
                ))
                .color(t.muted),
            );
        }
        self.error_ui(ui, cx, "scheduled_end");
        ui.add_space(8.0);
        let tech_name = self
            .draft
            .technician_id
            .as_ref()
            .and_then(|id| refs.assignees.iter().find(|a| &a.id == id))
            .map_or_else(|| cx.tr("wizard-unassigned"), |a| a.name.clone());
        egui::ComboBox::from_label(cx.tr("wizard-technician"))
            .selected_text(tech_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut self.draft.technician_id,
                    None,
                    cx.tr("wizard-unassigned"),
                );
                for a in &refs.assignees {
                    ui.selectable_value(&mut self.draft.technician_id, Some(a.id.clone()), &a.name);
                }
            });
        self.error_ui(ui, cx, "technician_id");
        ui.add_space(8.0);
        let bay = if self.draft.bay.is_empty() {
            cx.tr("wizard-no-bay")
        } else {
            self.draft.bay.clone()
        };
        egui::ComboBox::from_label(cx.tr("wizard-bay"))
            .selected_text(bay)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.draft.bay, String::new(), cx.tr("wizard-no-bay"));
                for b in &refs.planning.bays {
                    ui.selectable_value(&mut self.draft.bay, b.clone(), b);
                }
            });
        self.error_ui(ui, cx, "bay");
    }
}
