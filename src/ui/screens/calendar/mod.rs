//! Calendar: day, week, month and agenda views of the planning; filters by technician, bay and
//! status; drag a job (or use its "Move…" form) to reschedule, with the core's conflict check and
//! a forced move with a reason for supervisors and admins.
//!
//! The worker loads only the visible range; the layout (jobs per day, blocks and lanes) is
//! computed once per reply, so drawing a frame only paints.

mod grid;
mod layout;
mod month;
mod moving;
mod stack;

use chrono::{Datelike as _, Duration, NaiveDate};
use egui::{Color32, RichText, Ui};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::ids::{JobId, UserId};
use rpma_core::jobs::{CalendarFilter, JobRow, JobStatus, Reschedule};

use crate::jobs::calendar::{CalendarEvent, CalendarJob, CalendarRange, CalendarSetup};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{badge_ui, icon_button, page_title_ui, secondary_button};
use crate::ui::{Command, Cx, icons};

pub use layout::{Columns, View};
use layout::{Layout, add_months, day_start_ms, local_parts, visible_days};
use moving::{MoveForm, Refusal};

/// Width the toolbar needs on one line at the desktop text size ([`BASE_BODY`]).
const ONE_LINE_TOOLBAR: f32 = 900.0;
/// The desktop body text size the toolbar width above was measured with.
const BASE_BODY: f32 = 14.5;

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct CalendarScreen {
    setup: Loadable<CalendarSetup>,
    view: View,
    columns: Columns,
    /// The focused day (None until the worker told us the date).
    anchor: Option<NaiveDate>,
    today: Option<NaiveDate>,
    filter: CalendarFilter,
    range: Loadable<CalendarRange>,
    /// What the range was asked for: (from, to, filter).
    asked: Option<(i64, i64, CalendarFilter)>,
    layout: Layout,
    /// (view, columns, anchor) the layout was computed for.
    layout_key: Option<(View, Columns, NaiveDate, usize)>,
    /// The job being dragged: (row index, minutes between its start and the grab point).
    drag: Option<(usize, i64)>,
    /// The last pointer position seen during the drag (the drop uses it if the release has none).
    drag_pos: Option<egui::Pos2>,
    /// Where the agenda opens (today's first line), applied once after a new layout.
    agenda_scroll: Option<usize>,
    move_form: Option<MoveForm>,
    refusal: Option<Refusal>,
    /// The jobs of an overflowing group of the Week view ("+N"), as row indices, in a dialog.
    overflow: Option<Vec<usize>>,
    /// The reschedule request out, and what it asked (to force it after a refusal).
    pending: Option<(RequestId, JobId, Reschedule)>,
}

impl CalendarScreen {
    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Calendar(ev) = ev else {
            return Some(ev);
        };
        match ev {
            CalendarEvent::Setup(r) if matches!(self.setup, Loadable::Loading(w) if w == id) => {
                self.setup.accept(id, r, cx.lang);
                if let Some(s) = self.setup.ready() {
                    let today = local_parts(s.now, cx.tz).map(|p| p.0);
                    self.today = today;
                    if self.anchor.is_none() {
                        self.anchor = today;
                    }
                }
                None
            }
            CalendarEvent::Range(r) if matches!(self.range, Loadable::Loading(w) if w == id) => {
                self.range.accept(id, r, cx.lang);
                self.layout_key = None;
                self.overflow = None;
                None
            }
            CalendarEvent::Rescheduled(r)
                if self.pending.as_ref().is_some_and(|(w, _, _)| *w == id) =>
            {
                let (_, job_id, slot) = self.pending.take()?;
                self.on_rescheduled(r, job_id, slot, cx);
                None
            }
            other => Some(JobEvent::Calendar(other)),
        }
    }

    fn on_rescheduled(
        &mut self,
        r: Result<Box<rpma_core::jobs::JobDetail>, rpma_core::CoreError>,
        job_id: JobId,
        slot: Reschedule,
        cx: &mut Cx<'_>,
    ) {
        match r {
            Ok(job) => {
                cx.toast_ok(cx.tr_args(
                    "calendar-moved",
                    &[("number", job.row.number.as_str().into())],
                ));
                // Moved outside the opening hours: said, not refused (the core's warnings).
                if let Some(setup) = self.setup.ready() {
                    for w in
                        rpma_core::jobs::hours_warnings(&setup.hours, cx.tz, slot.start, slot.end)
                    {
                        let text = format!("{} · {}", job.row.number, w.message(cx.lang));
                        cx.push(Command::Toast(crate::ui::toasts::Toast::info(text)));
                    }
                }
                self.refusal = None;
                self.move_form = None;
                self.asked = None;
            }
            Err(rpma_core::CoreError::Invalid(errors)) => {
                if let Some(f) = &mut self.move_form {
                    f.errors = errors;
                } else if let Some(rf) = &mut self.refusal {
                    rf.errors = errors;
                } else {
                    cx.toast_err(cx.tr("form-has-errors"));
                }
            }
            Err(e @ rpma_core::CoreError::RefusedWith { .. }) if slot.force_reason.is_none() => {
                self.move_form = None;
                self.refusal = Some(Refusal::new(job_id, slot, cx.error_text(&e)));
            }
            Err(e) => {
                cx.toast_err(cx.error_text(&e));
                if let Some(rf) = &mut self.refusal {
                    rf.message = cx.error_text(&e);
                }
            }
        }
    }

    fn submit_move(&mut self, job_id: JobId, slot: Reschedule, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        let id = cx.submit(Job::Calendar(CalendarJob::Reschedule {
            job_id: job_id.clone(),
            slot: slot.clone(),
        }));
        self.pending = Some((id, job_id, slot));
    }

    /// The range of the current view and anchor, UTC ms.
    fn wanted_range(&self, cx: &Cx<'_>) -> Option<(i64, i64)> {
        let anchor = self.anchor?;
        let days = visible_days(self.view, anchor);
        let first = *days.first()?;
        let last = *days.last()?;
        Some((
            day_start_ms(first, cx.tz),
            day_start_ms(last + Duration::days(1), cx.tz),
        ))
    }

    fn ensure_loaded(&mut self, cx: &mut Cx<'_>) {
        let Some((from, to)) = self.wanted_range(cx) else {
            return;
        };
        let key = (from, to, self.filter.clone());
        if self.asked.as_ref() == Some(&key) {
            return;
        }
        if cx.user.is_none() {
            return;
        }
        self.range = Loadable::Loading(cx.submit(Job::Calendar(CalendarJob::Range {
            from,
            to,
            filter: self.filter.clone(),
        })));
        self.asked = Some(key);
    }

    fn ensure_layout(&mut self, cx: &Cx<'_>) {
        let (Some(anchor), Some(setup), Some(range)) =
            (self.anchor, self.setup.ready(), self.range.ready())
        else {
            return;
        };
        let key = (self.view, self.columns, anchor, range.rows.len());
        if self.layout_key == Some(key) {
            return;
        }
        let techs: Vec<UserId> = self.day_technicians(setup).map(|t| t.id.clone()).collect();
        let bays = self.day_bays(setup);
        self.layout = layout::compute(
            &range.rows,
            self.view,
            anchor,
            cx.tz,
            &setup.hours,
            self.columns,
            &techs,
            &bays,
        );
        self.agenda_scroll = self.today.and_then(|today| {
            self.layout.agenda.iter().position(|l| {
                matches!(l, layout::AgendaLine::Day(d)
                    if self.layout.days.get(*d).is_some_and(|day| *day >= today))
            })
        });
        self.layout_key = Some(key);
    }

    /// The technicians the Day view shows as columns (the filtered ones, or all).
    fn day_technicians<'a>(
        &'a self,
        setup: &'a CalendarSetup,
    ) -> impl Iterator<Item = &'a crate::jobs::calendar::Technician> {
        setup.technicians.iter().filter(|t| {
            self.filter.technician_ids.is_empty() || self.filter.technician_ids.contains(&t.id)
        })
    }

    fn day_bays(&self, setup: &CalendarSetup) -> Vec<String> {
        setup
            .bays
            .iter()
            .filter(|b| self.filter.bays.is_empty() || self.filter.bays.contains(b))
            .cloned()
            .collect()
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.setup, Loadable::Idle) {
            self.setup = Loadable::Loading(cx.submit(Job::Calendar(CalendarJob::Setup)));
        }
        let t = *cx.tokens;
        page_title_ui(ui, &t, &cx.tr("nav-calendar"), None);
        let (ready, retry) = self.setup.ui(ui, cx);
        if retry {
            self.setup = Loadable::Idle;
            return;
        }
        if ready.is_none() {
            return;
        }
        self.ensure_loaded(cx);
        self.toolbar_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        self.filters_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        let (_, retry) = self.range.ui(ui, cx);
        if retry {
            self.asked = None;
            return;
        }
        self.ensure_layout(cx);
        if self.range.ready().is_some() {
            match self.view {
                View::Day | View::Week => self.grid_ui(ui, cx),
                View::Month => self.month_ui(ui, cx),
                View::Agenda => self.agenda_ui(ui, cx),
            }
        }
        self.move_form_ui(ui, cx);
        self.refusal_ui(ui, cx);
        self.overflow_ui(ui, cx);
    }

    /// The period's title, e.g. "mars 2026" or "23 – 29 mars 2026".
    fn title(&self, cx: &Cx<'_>) -> String {
        let Some(a) = self.anchor else {
            return String::new();
        };
        let month = |d: NaiveDate| cx.tr(month_key(d.month()));
        let text = match self.view {
            View::Month | View::Agenda => format!("{} {}", month(a), a.year()),
            View::Week => {
                let m = layout::monday(a);
                let s = m + Duration::days(6);
                if m.month() == s.month() {
                    format!("{} – {} {} {}", m.day(), s.day(), month(s), s.year())
                } else if m.year() == s.year() {
                    format!(
                        "{} {} – {} {} {}",
                        m.day(),
                        month(m),
                        s.day(),
                        month(s),
                        s.year()
                    )
                } else {
                    format!(
                        "{} {} {} – {} {} {}",
                        m.day(),
                        month(m),
                        m.year(),
                        s.day(),
                        month(s),
                        s.year()
                    )
                }
            }
            View::Day => long_date(a, cx),
        };
        capitalise(&text)
    }

    fn step(&mut self, dir: i32) {
        let Some(a) = self.anchor else { return };
        self.anchor = Some(match self.view {
            View::Day => a + Duration::days(i64::from(dir)),
            View::Week => a + Duration::days(7 * i64::from(dir)),
            View::Month | View::Agenda => add_months(a, dir),
        });
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        // A narrow window (1024 px) puts the view switch on its own line; the toolbar grows with
        // the text size (kiosk tokens), so does the width it needs on one line.
        let narrow = ui.available_width() < ONE_LINE_TOOLBAR * t.body / BASE_BODY;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 8.0;
            if icon_button(ui, icons::CARET_LEFT, &cx.tr("calendar-previous")).clicked() {
                self.step(-1);
            }
            if secondary_button(ui, &t, &cx.tr("calendar-today")).clicked() {
                self.anchor = self.today;
            }
            if icon_button(ui, icons::CARET_RIGHT, &cx.tr("calendar-next")).clicked() {
                self.step(1);
            }
            if icon_button(ui, icons::ARROW_CLOCKWISE, &cx.tr("refresh")).clicked() {
                self.asked = None;
            }
            ui.add_space(8.0);
            ui.label(
                RichText::new(self.title(cx))
                    .size(t.title * 0.8)
                    .strong()
                    .color(t.heading),
            );
            if !narrow {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    self.views_ui(ui, cx);
                });
            }
        });
        if narrow {
            ui.add_space(t.gap * 0.25);
            ui.horizontal(|ui| self.views_ui(ui, cx));
        }
    }

    /// The Day / Week / Month / Agenda switch.
    fn views_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        let views = [
            (View::Day, icons::CALENDAR_BLANK, "calendar-view-day"),
            (View::Week, icons::CALENDAR_DOTS, "calendar-view-week"),
            (View::Month, icons::SQUARES_FOUR, "calendar-view-month"),
            (View::Agenda, icons::LIST_BULLETS, "calendar-view-agenda"),
        ];
        egui::Frame::new()
            .fill(t.bg)
            .stroke(egui::Stroke::new(1.0, t.card_stroke))
            .corner_radius(t.radius_small)
            .inner_margin(3)
            .show(ui, |ui| {
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    for (view, icon, key) in views {
                        let on = self.view == view;
                        let text = RichText::new(format!("{icon} {}", cx.tr(key)));
                        let text = if on {
                            text.color(t.on_accent).strong()
                        } else {
                            text.color(t.text)
                        };
                        let b = egui::Button::new(text)
                            .fill(if on { t.accent } else { Color32::TRANSPARENT })
                            .stroke(egui::Stroke::NONE)
                            .min_size(egui::vec2(0.0, t.hit - 6.0))
                            .selected(on);
                        if ui.add(b).clicked() {
                            self.view = view;
                        }
                    }
                });
            });
    }

    fn filters_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let Some(setup) = self.setup.ready() else {
            return;
        };
        let techs = setup.technicians.clone();
        let bays = setup.bays.clone();
        let shops = setup.shops.clone();
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(icons::FUNNEL).color(t.muted));
            // At a head office only: one shop, or every shop.
            if !shops.is_empty() {
                let all = cx.tr("jobs-filter-all-shops");
                let name = self
                    .filter
                    .shop
                    .as_ref()
                    .and_then(|id| shops.iter().find(|s| &s.id == id))
                    .map_or_else(|| all.clone(), |s| s.name.clone());
                ui.menu_button(format!("{name} {}", icons::CARET_DOWN), |ui| {
                    if ui
                        .selectable_label(self.filter.shop.is_none(), all)
                        .clicked()
                    {
                        self.filter.shop = None;
                        ui.close();
                    }
                    for s in &shops {
                        let on = self.filter.shop.as_ref() == Some(&s.id);
                        if ui.selectable_label(on, &s.name).clicked() {
                            self.filter.shop = Some(s.id.clone());
                            ui.close();
                        }
                    }
                });
            }
            let count = |n: usize, key: &str| {
                if n == 0 {
                    cx.tr(key)
                } else {
                    format!("{} ({n})", cx.tr(key))
                }
            };
            let tech_label = count(
                self.filter.technician_ids.len(),
                "calendar-filter-technicians",
            );
            ui.menu_button(format!("{tech_label} {}", icons::CARET_DOWN), |ui| {
                for tech in &techs {
                    let mut on = self.filter.technician_ids.contains(&tech.id);
                    if ui.checkbox(&mut on, &tech.name).changed() {
                        toggle(&mut self.filter.technician_ids, tech.id.clone(), on);
                    }
                }
            });
            let bay_label = count(self.filter.bays.len(), "calendar-filter-bays");
            ui.menu_button(format!("{bay_label} {}", icons::CARET_DOWN), |ui| {
                for bay in &bays {
                    let mut on = self.filter.bays.contains(bay);
                    if ui.checkbox(&mut on, bay).changed() {
                        toggle(&mut self.filter.bays, bay.clone(), on);
                    }
                }
            });
            let status_label = count(self.filter.statuses.len(), "calendar-filter-statuses");
            ui.menu_button(format!("{status_label} {}", icons::CARET_DOWN), |ui| {
                for s in JobStatus::ALL {
                    let mut on = self.filter.statuses.contains(&s);
                    if ui.checkbox(&mut on, cx.tr(s.i18n_key())).changed() {
                        toggle(&mut self.filter.statuses, s, on);
                    }
                }
            });
            let any = !self.filter.technician_ids.is_empty()
                || !self.filter.bays.is_empty()
                || !self.filter.statuses.is_empty()
                || self.filter.shop.is_some();
            if any
                && ui
                    .button(format!(
                        "{} {}",
                        icons::FUNNEL_X,
                        cx.tr("calendar-filter-clear")
                    ))
                    .clicked()
            {
                self.filter = CalendarFilter::default();
            }
            if self.view == View::Day {
                ui.separator();
                ui.label(RichText::new(cx.tr("calendar-columns")).color(t.muted));
                for (c, key) in [
                    (Columns::Technician, "calendar-columns-technician"),
                    (Columns::Bay, "calendar-columns-bay"),
                ] {
                    if ui.selectable_label(self.columns == c, cx.tr(key)).clicked() {
                        self.columns = c;
                    }
                }
            }
            if let Some(r) = self.range.ready() {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(
                        RichText::new(cx.tr_args(
                            "calendar-count",
                            &[("count", i64::try_from(r.rows.len()).unwrap_or(0).into())],
                        ))
                        .color(t.muted),
                    );
                });
            }
        });
    }

    /// May the signed-in user move jobs?
    fn can_assign(cx: &Cx<'_>) -> bool {
        cx.user.is_some_and(|u| allows(u.role, Action::AssignJobs))
    }

    fn open_job(cx: &mut Cx<'_>, row: &JobRow) {
        cx.push(Command::Open(Route::Job(row.id.clone())));
    }
}

fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T, on: bool) {
    if on {
        if !list.contains(&value) {
            list.push(value);
        }
    } else {
        list.retain(|x| *x != value);
    }
}

/// Upper-cases the first letter.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "lundi 23 mars 2026".
pub(crate) fn long_date(d: NaiveDate, cx: &Cx<'_>) -> String {
    format!(
        "{} {} {} {}",
        cx.tr(weekday_key(d.weekday())),
        d.day(),
        cx.tr(month_key(d.month())),
        d.year()
    )
}

/// The catalogue key of a month's name (1 = January).
pub(crate) fn month_key(m: u32) -> &'static str {
    match m {
        1 => "calendar-month-1",
        2 => "calendar-month-2",
        3 => "calendar-month-3",
        4 => "calendar-month-4",
        5 => "calendar-month-5",
        6 => "calendar-month-6",
        7 => "calendar-month-7",
        8 => "calendar-month-8",
        9 => "calendar-month-9",
        10 => "calendar-month-10",
        11 => "calendar-month-11",
        _ => "calendar-month-12",
    }
}

/// The catalogue key of a weekday's name.
pub(crate) fn weekday_key(d: chrono::Weekday) -> &'static str {
    match d {
        chrono::Weekday::Mon => "calendar-weekday-mon",
        chrono::Weekday::Tue => "calendar-weekday-tue",
        chrono::Weekday::Wed => "calendar-weekday-wed",
        chrono::Weekday::Thu => "calendar-weekday-thu",
        chrono::Weekday::Fri => "calendar-weekday-fri",
        chrono::Weekday::Sat => "calendar-weekday-sat",
        chrono::Weekday::Sun => "calendar-weekday-sun",
    }
}

/// The catalogue key of a weekday's short name.
pub(crate) fn weekday_short_key(d: chrono::Weekday) -> &'static str {
    match d {
        chrono::Weekday::Mon => "calendar-wd-mon",
        chrono::Weekday::Tue => "calendar-wd-tue",
        chrono::Weekday::Wed => "calendar-wd-wed",
        chrono::Weekday::Thu => "calendar-wd-thu",
        chrono::Weekday::Fri => "calendar-wd-fri",
        chrono::Weekday::Sat => "calendar-wd-sat",
        chrono::Weekday::Sun => "calendar-wd-sun",
    }
}

pub(crate) use crate::ui::screens::jobs::status_colours;

/// A job's status as a coloured badge ("En retard" for overdue jobs).
pub(crate) fn status_badge_ui(ui: &mut Ui, cx: &Cx<'_>, status: JobStatus, overdue: bool) {
    let (fg, bg) = status_colours(cx.tokens, status, overdue);
    let key = if overdue {
        "job-status-overdue"
    } else {
        status.i18n_key()
    };
    badge_ui(ui, &cx.tr(key), fg, bg);
}

/// "10:00 – 12:30" for a job.
pub(crate) fn time_range(row: &JobRow, cx: &Cx<'_>) -> String {
    match (row.scheduled_start, row.scheduled_end) {
        (Some(s), Some(e)) => format!(
            "{} – {}",
            rpma_core::format::format_time(s, cx.tz),
            rpma_core::format::format_time(e, cx.tz)
        ),
        (Some(s), None) => rpma_core::format::format_time(s, cx.tz),
        _ => String::new(),
    }
}

/// The shop-time date of `ms`.
pub(crate) fn local_date(ms: i64, cx: &Cx<'_>) -> Option<NaiveDate> {
    local_parts(ms, cx.tz).map(|p| p.0)
}

impl crate::ui::screen::Screen for CalendarScreen {
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
        Route::Calendar
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
