//! "My day", where technicians land: what they have in progress (a click goes back into the
//! intervention), what is planned today, and what they finished today, as large, touch-friendly
//! cards (times, number, vehicle, client, zones, bay, status, instructions), with the next job as
//! a hint. Technicians only ever get their own jobs (the core groups and scopes them).

use egui::{RichText, Sense, Ui, WidgetInfo};
use rpma_core::format;

use super::calendar::{capitalise, long_date, status_badge_ui, time_range};
use crate::jobs::calendar::{CalendarEvent, CalendarJob, MyDayData, MyDayJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{icon_button, page_title_ui, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct MyDayScreen {
    data: Loadable<MyDayData>,
}

impl MyDayScreen {
    fn reload(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        self.data = Loadable::Loading(cx.submit(Job::Calendar(CalendarJob::MyDay {})));
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::Calendar(CalendarEvent::MyDay(r)) if matches!(self.data, Loadable::Loading(w) if w == id) =>
            {
                self.data.accept(id, r, cx.lang);
                None
            }
            other => Some(other),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.data, Loadable::Idle) {
            self.reload(cx);
        }
        let t = *cx.tokens;
        let subtitle = self
            .data
            .ready()
            .and_then(|d| super::calendar::local_date(d.now, cx))
            .map(|d| capitalise(&long_date(d, cx)));
        ui.horizontal(|ui| {
            page_title_ui(ui, &t, &cx.tr("nav-my-day"), subtitle.as_deref());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                if icon_button(ui, icons::ARROW_CLOCKWISE, &cx.tr("refresh")).clicked() {
                    self.data = Loadable::Idle;
                }
            });
        });
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.data = Loadable::Idle;
            return;
        }
        let Some(d) = data else { return };
        let today = super::calendar::local_date(d.now, cx);
        let mut open = None;
        egui::ScrollArea::vertical()
            .id_salt("my_day")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if d.in_progress.is_empty() && d.today.is_empty() && d.finished.is_empty() {
                    empty_ui(ui, cx);
                }
                if !d.in_progress.is_empty() {
                    group_title_ui(
                        ui,
                        cx,
                        icons::PLAY,
                        "myday-in-progress",
                        d.in_progress.len(),
                    );
                    for job in &d.in_progress {
                        if card_ui(ui, cx, job, today) {
                            open = Some(match &job.intervention_id {
                                Some(iv) => Route::Intervention(iv.clone()),
                                None => Route::Job(job.job.row.id.clone()),
                            });
                        }
                        ui.add_space(t.gap * 0.75);
                    }
                }
                if !d.today.is_empty() {
                    group_title_ui(
                        ui,
                        cx,
                        icons::CALENDAR_CHECK,
                        "myday-planned",
                        d.today.len(),
                    );
                    for job in &d.today {
                        if card_ui(ui, cx, job, today) {
                            open = Some(Route::Job(job.job.row.id.clone()));
                        }
                        ui.add_space(t.gap * 0.75);
                    }
                }
                if !d.finished.is_empty() {
                    group_title_ui(
                        ui,
                        cx,
                        icons::CHECK_CIRCLE,
                        "myday-finished",
                        d.finished.len(),
                    );
                    t.card_frame().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        for job in &d.finished {
                            if finished_row_ui(ui, cx, job) {
                                open = Some(Route::Job(job.job.row.id.clone()));
                            }
                        }
                    });
                    ui.add_space(t.gap * 0.75);
                }
                if let Some(next) = d.next.as_ref().filter(|_| d.today.is_empty()) {
                    ui.add_space(t.gap * 0.5);
                    t.card_frame().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        section_title_ui(
                            ui,
                            &t,
                            &format!("{} {}", icons::CALENDAR, cx.tr("myday-next")),
                        );
                        let when = next
                            .scheduled_start
                            .map(|s| format::format_datetime(s, cx.tz, cx.lang))
                            .unwrap_or_default();
                        ui.label(
                            RichText::new(format!(
                                "{when} · {} · {} {} · {}",
                                next.number, next.plate, next.make, next.client_name
                            ))
                            .color(t.text),
                        );
                    });
                }
            });
        if let Some(target) = open {
            cx.push(Command::Open(target));
        }
    }
}

/// Nothing in progress, planned or finished today.
fn empty_ui(ui: &mut Ui, cx: &Cx<'_>) {
    let t = *cx.tokens;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(icons::SUN_HORIZON).size(40.0).color(t.accent));
            ui.label(
                RichText::new(cx.tr("myday-empty"))
                    .size(t.body + 3.0)
                    .color(t.heading),
            );
            ui.label(RichText::new(cx.tr("myday-empty-help")).color(t.muted));
        });
    });
}

/// A group's heading: icon, name and count.
fn group_title_ui(ui: &mut Ui, cx: &Cx<'_>, icon: &str, key: &str, n: usize) {
    let t = cx.tokens;
    ui.add_space(t.gap * 0.25);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("{icon}  {}", cx.tr(key)))
                .size(t.body + 3.0)
                .strong()
                .color(t.heading),
        );
        crate::ui::widgets::badge_ui(ui, &n.to_string(), t.accent_hover, t.accent_soft);
    });
    ui.add_space(6.0);
}

/// One finished job, on one line; returns true when clicked.
fn finished_row_ui(ui: &mut Ui, cx: &Cx<'_>, job: &MyDayJob) -> bool {
    let t = *cx.tokens;
    let row = &job.job.row;
    let resp = ui
        .horizontal(|ui| {
            ui.set_min_height(t.hit);
            ui.label(RichText::new(time_range(row, cx)).color(t.text));
            ui.label(RichText::new(&row.number).monospace().color(t.muted));
            ui.label(
                RichText::new(format!("{} {}", icons::CAR_PROFILE, row.plate))
                    .strong()
                    .color(t.heading),
            );
            ui.label(RichText::new(&row.client_name).color(t.text));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                status_badge_ui(ui, cx, row.status, row.overdue);
            });
        })
        .response;
    let resp = ui.interact(
        resp.rect,
        ui.scope_id().with(("myday_done", &row.id)),
        Sense::click(),
    );
    let label = format!("{} {} {}", row.number, row.plate, row.client_name);
    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    if resp.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    resp.clicked()
}

/// One large card; returns true when clicked. A job of another day (in progress since then)
/// shows its date before its times.
fn card_ui(ui: &mut Ui, cx: &Cx<'_>, job: &MyDayJob, today: Option<chrono::NaiveDate>) -> bool {
    let t = *cx.tokens;
    let row = &job.job.row;
    let when = match row.scheduled_start {
        Some(s) if super::calendar::local_date(s, cx) != today => format!(
            "{} · {}",
            format::format_date(s, cx.tz, cx.lang),
            time_range(row, cx)
        ),
        _ => time_range(row, cx),
    };
    let resp = t
        .card_frame()
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{} {when}", icons::CLOCK))
                        .size(t.title * 0.9)
                        .strong()
                        .color(t.heading),
                );
                ui.add_space(12.0);
                status_badge_ui(ui, cx, row.status, row.overdue);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if job.intervention_id.is_some() {
                        ui.label(
                            RichText::new(format!(
                                "{}  {}",
                                cx.tr("myday-open-intervention"),
                                icons::CARET_RIGHT
                            ))
                            .strong()
                            .color(t.accent_hover),
                        );
                        ui.add_space(12.0);
                    }
                    ui.label(RichText::new(&row.number).monospace().color(t.muted));
                });
            });
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{} {}", icons::CAR_PROFILE, row.plate))
                        .size(t.body + 4.0)
                        .strong()
                        .color(t.heading),
                );
                let mut vehicle = format!("{} {}", row.make, row.model);
                if !job.colour.is_empty() {
                    vehicle = format!("{vehicle} · {}", job.colour);
                }
                ui.label(
                    RichText::new(vehicle.trim())
                        .size(t.body + 2.0)
                        .color(t.text),
                );
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{} {}", icons::USER, row.client_name))
                        .size(t.body + 1.0)
                        .color(t.text),
                );
                if !row.bay.is_empty() {
                    ui.add_space(16.0);
                    ui.label(
                        RichText::new(format!("{} {}", icons::WRENCH, row.bay))
                            .size(t.body + 1.0)
                            .color(t.text),
                    );
                }
            });
            if !job.job.zones.is_empty() {
                ui.add_space(4.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(icons::POLYGON).color(t.muted));
                    let names = job.job.zones.iter().map(|z| match cx.lang {
                        rpma_core::Lang::Fr => z.name_fr.as_str(),
                        rpma_core::Lang::En => z.name_en.as_str(),
                    });
                    crate::ui::widgets::badges_wrapped_ui(ui, names, t.text, t.bg);
                });
            }
            if !job.notes.trim().is_empty() {
                ui.add_space(6.0);
                egui::Frame::new()
                    .fill(t.warning_soft)
                    .corner_radius(t.radius_small)
                    .inner_margin(10)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(format!("{} {}", icons::NOTE_PENCIL, job.notes.trim()))
                                .color(t.heading),
                        );
                    });
            }
        })
        .response;
    let resp = ui.interact(
        resp.rect,
        ui.scope_id().with(("myday_card", &row.id)),
        Sense::click(),
    );
    let label = format!("{} {} {}", row.number, row.plate, row.client_name);
    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    if resp.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    resp.clicked()
}

impl crate::ui::screen::Screen for MyDayScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_broadcast(&mut self, ev: &crate::ui::screen::Broadcast, _cx: &mut Cx<'_>) {
        if matches!(ev, crate::ui::screen::Broadcast::RemoteChanges { .. }) {
            *self = Self::default();
        }
    }

    fn route(&self) -> Route {
        Route::MyDay
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
