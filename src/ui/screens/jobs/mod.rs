//! Jobs: list (virtualised, filters, paged from the worker) and the job page (status, history,
//! notes, checklist).

mod history;
mod page;

use rpma_core::ids::{JobId, UserId};
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike as _, Duration, NaiveDate, TimeZone as _};
use egui::{Align, Label, Layout, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::format::{self, Tz};
use rpma_core::i18n::Arg;
use rpma_core::jobs::{HeadOfficeShop, JobFilter, JobRow, JobSort, JobStatus, Priority};

use crate::jobs::planning::{JobPage, PlanningEvent, PlanningJob, PlanningRefs};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{badge_ui, page_title_ui, primary_button};
use crate::ui::{Command, Cx, icons};

use page::JobPageView;

/// Rows per page asked from the worker.
const PAGE: u32 = 200;

/// Date range presets of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Period {
    Today,
    Week,
    Month,
    #[default]
    All,
}

impl Period {
    const ALL: [Self; 4] = [Self::Today, Self::Week, Self::Month, Self::All];

    const fn key(self) -> &'static str {
        match self {
            Self::Today => "jobs-period-today",
            Self::Week => "jobs-period-week",
            Self::Month => "jobs-period-month",
            Self::All => "jobs-period-all",
        }
    }

    /// `[from, to)` in UTC ms, in the shop's time zone.
    fn bounds(self, now: i64, tz: Tz) -> (Option<i64>, Option<i64>) {
        let Some(local) = tz.timestamp_millis_opt(now).single() else {
            return (None, None);
        };
        let today = local.date_naive();
        let (a, b) = match self {
            Self::All => return (None, None),
            Self::Today => (today, today + Duration::days(1)),
            Self::Week => {
                let monday =
                    today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
                (monday, monday + Duration::days(7))
            }
            Self::Month => {
                let first = today.with_day(1).unwrap_or(today);
                let next = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
                }
                .unwrap_or(first);
                (first, next)
            }
        };
        (Some(local_midnight(a, tz)), Some(local_midnight(b, tz)))
    }
}

/// UTC ms of midnight of `d` in `tz`.
pub(crate) fn local_midnight(d: NaiveDate, tz: Tz) -> i64 {
    tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map_or(0, |t| t.timestamp_millis())
}

/// A count as a message argument.
pub(crate) fn num<T: TryInto<i64>>(n: T) -> Arg {
    Arg::from(n.try_into().unwrap_or(i64::MAX))
}

/// Now, UTC ms.
pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Colours of a status badge.
///
/// The one mapping of job statuses to theme colours: the jobs list, the job page, the calendar
/// and the client and vehicle pages all use it, so a status looks the same everywhere. Overdue
/// jobs are red.
pub(crate) fn status_colours(
    t: &Tokens,
    s: JobStatus,
    overdue: bool,
) -> (egui::Color32, egui::Color32) {
    if overdue {
        return (t.danger, t.danger_soft);
    }
    match s {
        JobStatus::Draft | JobStatus::Archived => (t.text, t.neutral_soft),
        JobStatus::Scheduled => (t.accent_hover, t.accent_soft),
        JobStatus::InProgress => (t.on_accent, t.accent),
        JobStatus::Paused | JobStatus::OnHold => (t.warning, t.warning_soft),
        JobStatus::Completed => (t.success, t.success_soft),
        JobStatus::Cancelled => (t.danger, t.danger_soft),
    }
}

/// The status badge, and a red "overdue" badge next to it when the core says so.
pub(crate) fn status_badges_ui(ui: &mut Ui, cx: &Cx<'_>, s: JobStatus, overdue: bool) {
    let (fg, bg) = status_colours(cx.tokens, s, false);
    badge_ui(ui, &cx.tr(s.i18n_key()), fg, bg);
    if overdue {
        badge_ui(
            ui,
            &cx.tr("job-status-overdue"),
            cx.tokens.danger,
            cx.tokens.danger_soft,
        );
    }
}

/// The colour of a priority's name.
pub(crate) fn priority_colour(t: &Tokens, p: Priority) -> egui::Color32 {
    match p {
        Priority::Low => t.muted,
        Priority::Normal => t.text,
        Priority::High => t.warning,
        Priority::Urgent => t.danger,
    }
}

/// At a chain's head office, the "Shop" picker of the jobs list and the calendar ("All shops", then
/// each shop by name); nothing at a shop terminal (`shops` empty).
pub(crate) fn shop_picker_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    id_salt: &str,
    shops: &[HeadOfficeShop],
    shop: &mut Option<String>,
) {
    if shops.is_empty() {
        return;
    }
    let all = cx.tr("jobs-filter-all-shops");
    let name = shop
        .as_ref()
        .and_then(|id| shops.iter().find(|s| &s.id == id))
        .map_or_else(|| all.clone(), |s| s.name.clone());
    let caption = cx.tr("jobs-filter-shop");
    // The caption and its picker wrap together.
    ui.horizontal(|ui| {
        ui.label(RichText::new(&caption).color(cx.tokens.muted));
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text(name)
            .show_ui(ui, |ui| {
                ui.selectable_value(shop, None, all);
                for s in shops {
                    ui.selectable_value(shop, Some(s.id.clone()), &s.name);
                }
            })
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &caption));
    });
}

/// "Peugeot 308 · AB-123-CD".
pub(crate) fn vehicle_text(plate: &str, make: &str, model: &str) -> String {
    let name = format!("{make} {model}");
    let name = name.trim();
    if name.is_empty() {
        plate.to_owned()
    } else {
        format!("{plate} · {name}")
    }
}

/// The list's filters, as chosen.
#[derive(Debug, Clone, PartialEq, Default)]
struct Filters {
    statuses: Vec<JobStatus>,
    overdue_only: bool,
    technician_id: Option<UserId>,
    bay: Option<String>,
    /// At a head office, one shop (None: every shop).
    shop: Option<String>,
    period: Period,
    text: String,
    sort: JobSort,
    descending: bool,
}

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct JobsScreen {
    filters: Filters,
    /// The filters the loaded pages answer.
    applied: Option<Filters>,
    /// Loaded pages by index.
    pages: BTreeMap<u32, Vec<JobRow>>,
    /// Page requests out, by request id.
    pending: HashMap<RequestId, u32>,
    total: Option<u64>,
    error: Option<String>,
    refs: Loadable<PlanningRefs>,
    page: Option<JobPageView>,
}

impl JobsScreen {
    /// Forgets the loaded pages (after a change), so that the list reloads when shown.
    fn invalidate(&mut self) {
        self.applied = None;
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        if let JobEvent::Atelier(aev) = ev {
            return match &mut self.page {
                Some(page) => page.on_atelier_event(id, aev, cx).map(JobEvent::Atelier),
                None => Some(JobEvent::Atelier(aev)),
            };
        }
        let JobEvent::Planning(pev) = ev else {
            return Some(ev);
        };
        match pev {
            PlanningEvent::Page(r) => {
                let Some(index) = self.pending.remove(&id) else {
                    return Some(JobEvent::Planning(PlanningEvent::Page(r)));
                };
                match r {
                    Ok(JobPage { rows, total, .. }) => {
                        self.total = Some(total);
                        self.pages.insert(index, rows);
                        self.error = None;
                    }
                    Err(e) => self.error = Some(cx.error_text(&e)),
                }
                None
            }
            PlanningEvent::Refs(r) => {
                if self.refs.is_loading()
                    && let Loadable::Loading(want) = self.refs
                    && want == id
                {
                    self.refs.accept(id, r, cx.lang);
                    return None;
                }
                Some(JobEvent::Planning(PlanningEvent::Refs(r)))
            }
            other => {
                let Some(page) = &mut self.page else {
                    return Some(JobEvent::Planning(other));
                };
                match page.on_event(id, other, cx) {
                    page::Outcome::NotMine(ev) => Some(JobEvent::Planning(ev)),
                    page::Outcome::Handled { changed, closed } => {
                        if changed {
                            self.invalidate();
                        }
                        if closed {
                            self.page = None;
                        }
                        None
                    }
                }
            }
        }
    }

    fn request(&mut self, cx: &mut Cx<'_>, index: u32) {
        if cx.user.is_none() {
            return;
        }
        let f = &self.filters;
        let (from, to) = f.period.bounds(now_ms(), cx.tz);
        let filter = JobFilter {
            statuses: f.statuses.clone(),
            overdue_only: f.overdue_only,
            technician_id: f.technician_id.clone(),
            bay: f.bay.clone(),
            shop: f.shop.clone(),
            from,
            to,
            sort: f.sort,
            descending: f.descending,
            offset: index * PAGE,
            limit: PAGE,
            ..JobFilter::default()
        };
        let req = cx.submit(Job::Planning(PlanningJob::List {
            filter,
            text: f.text.trim().to_owned(),
        }));
        self.pending.insert(req, index);
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.refs, Loadable::Idle) {
            self.refs = Loadable::Loading(cx.submit(Job::Planning(PlanningJob::LoadRefs)));
        }
        if let Some(page) = &mut self.page {
            page.ui(ui, cx, self.refs.ready());
            return;
        }
        if self.applied.as_ref() != Some(&self.filters) {
            self.applied = Some(self.filters.clone());
            self.pages.clear();
            self.pending.clear();
            self.total = None;
            self.request(cx, 0);
        }
        // The table takes the height left under the filters; when that is less than a few rows
        // (a short window, the kiosk's larger filters) the whole list scrolls.
        egui::ScrollArea::vertical()
            .id_salt("jobs_list_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| self.list_ui(ui, cx));
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        ui.horizontal(|ui| {
            page_title_ui(ui, &t, &cx.tr("nav-jobs"), Some(&cx.tr("jobs-subtitle")));
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let can_create = cx.user.is_some_and(|u| allows(u.role, Action::CreateJobs));
                if can_create
                    && primary_button(
                        ui,
                        &t,
                        &format!("{}  {}", icons::PLUS, cx.tr("nav-new-job")),
                    )
                    .clicked()
                {
                    cx.push(Command::Navigate(crate::route::RouteKind::NewJob.main()));
                }
                if ui
                    .button(format!("{}  {}", icons::ARROW_CLOCKWISE, cx.tr("refresh")))
                    .clicked()
                {
                    self.invalidate();
                }
            });
        });
        self.filters_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            self.table_ui(ui, cx);
        });
    }

    fn filters_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        t.card_frame().show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(icons::MAGNIFYING_GLASS).color(t.muted));
                let label = cx.tr("jobs-search");
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut self.filters.text)
                        .hint_text(cx.tr("jobs-search-hint"))
                        .desired_width(280.0),
                );
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label));
                ui.separator();
                for p in Period::ALL {
                    if ui
                        .selectable_label(self.filters.period == p, cx.tr(p.key()))
                        .clicked()
                    {
                        self.filters.period = p;
                    }
                }
            });
            ui.horizontal_wrapped(|ui| {
                let refs = self.refs.ready();
                let shops = refs.map(|r| r.shops.as_slice()).unwrap_or_default();
                shop_picker_ui(ui, cx, "jobs_shop", shops, &mut self.filters.shop);
                let tech_name = self
                    .filters
                    .technician_id
                    .as_ref()
                    .and_then(|id| refs?.assignees.iter().find(|a| &a.id == id))
                    .map_or_else(|| cx.tr("jobs-filter-any-technician"), |a| a.name.clone());
                let show_tech = cx.user.is_some_and(|u| allows(u.role, Action::AssignJobs));
                if show_tech {
                    let caption = RichText::new(cx.tr("jobs-col-technician"));
                    ui.label(caption.clone().color(t.muted));
                    egui::ComboBox::from_id_salt("jobs_tech")
                        .selected_text(tech_name)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut self.filters.technician_id,
                                None,
                                cx.tr("jobs-filter-any-technician"),
                            );
                            for a in refs.map(|r| r.assignees.as_slice()).unwrap_or_default() {
                                ui.selectable_value(
                                    &mut self.filters.technician_id,
                                    Some(a.id.clone()),
                                    &a.name,
                                );
                            }
                        })
                        .response
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, caption.text())
                        });
                }
                let bay_name = self
                    .filters
                    .bay
                    .clone()
                    .unwrap_or_else(|| cx.tr("jobs-filter-any-bay"));
                let caption = RichText::new(cx.tr("jobs-col-bay"));
                ui.label(caption.clone().color(t.muted));
                egui::ComboBox::from_id_salt("jobs_bay")
                    .selected_text(bay_name)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(
                            &mut self.filters.bay,
                            None,
                            cx.tr("jobs-filter-any-bay"),
                        );
                        for b in refs.map(|r| r.planning.bays.as_slice()).unwrap_or_default() {
                            ui.selectable_value(&mut self.filters.bay, Some(b.clone()), b);
                        }
                    })
                    .response
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, caption.text())
                    });
                ui.checkbox(&mut self.filters.overdue_only, cx.tr("jobs-filter-overdue"));
            });
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(cx.tr("jobs-filter-status")).color(t.muted));
                for s in JobStatus::ALL {
                    let on = self.filters.statuses.contains(&s);
                    let (fg, bg) = status_colours(&t, s, false);
                    let text =
                        RichText::new(cx.tr(s.i18n_key())).color(if on { fg } else { t.text });
                    let b = egui::Button::new(text)
                        .fill(if on { bg } else { t.card })
                        .corner_radius(12)
                        .stroke(egui::Stroke::new(1.0, if on { fg } else { t.card_stroke }))
                        .selected(on);
                    if ui.add(b).clicked() {
                        if on {
                            self.filters.statuses.retain(|x| *x != s);
                        } else {
                            self.filters.statuses.push(s);
                        }
                    }
                }
                let any = !self.filters.statuses.is_empty()
                    || self.filters.overdue_only
                    || self.filters.technician_id.is_some()
                    || self.filters.bay.is_some()
                    || self.filters.shop.is_some()
                    || self.filters.period != Period::All
                    || !self.filters.text.is_empty();
                if any
                    && ui
                        .button(format!(
                            "{}  {}",
                            icons::FUNNEL_X,
                            cx.tr("jobs-filter-clear")
                        ))
                        .clicked()
                {
                    let (sort, descending) = (self.filters.sort, self.filters.descending);
                    self.filters = Filters {
                        sort,
                        descending,
                        ..Filters::default()
                    };
                }
            });
        });
    }

    fn table_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if let Some(e) = &self.error {
            ui.label(RichText::new(format!("{} {e}", icons::WARNING)).color(t.danger));
            if ui.button(cx.tr("retry")).clicked() {
                self.error = None;
                self.invalidate();
            }
            return;
        }
        let Some(total) = self.total else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new(cx.tr("loading")).color(t.muted));
            });
            return;
        };
        ui.label(RichText::new(cx.tr_args("jobs-count", &[("count", num(total))])).color(t.muted));
        if total == 0 {
            ui.add_space(t.gap);
            ui.vertical_centered(|ui| {
                ui.label(
                    RichText::new(icons::CLIPBOARD_TEXT)
                        .size(32.0)
                        .color(t.muted),
                );
                ui.label(RichText::new(cx.tr("jobs-empty")).strong().color(t.heading));
                ui.label(RichText::new(cx.tr("jobs-empty-hint")).color(t.muted));
            });
            return;
        }
        let row_h = t.hit;
        let table_h =
            (ui.available_height() - row_h - 3.0 * ui.spacing().item_spacing.y).max(row_h * 3.0);
        let count = usize::try_from(total).unwrap_or(0);
        // Widths shared out so that the table always fits its card; a narrow window (1024 px)
        // leaves the bay and the zone count out.
        let wide = ui.available_width() >= 820.0;
        let cols = if wide { 9.0 } else { 7.0 };
        let usable = (ui.available_width() - (cols - 1.0) * ui.spacing().item_spacing.x).max(300.0);
        // The number first: wide enough for `YYYYMMDD-CODE-NNN`.
        let shares: &[f32] = if wide {
            &[0.175, 0.15, 0.12, 0.075, 0.125, 0.13, 0.10, 0.06, 0.05]
        } else {
            &[0.245, 0.17, 0.13, 0.09, 0.13, 0.14, 0.095]
        };
        let mut wanted: Vec<u32> = Vec::new();
        let mut clicked: Option<JobId> = None;
        let lang = cx.lang;
        let tz = cx.tz;
        let pages = &self.pages;
        let dash = "—".to_owned();
        let mut headers: Vec<(&str, Option<JobSort>)> = vec![
            ("jobs-col-number", Some(JobSort::Number)),
            ("jobs-col-when", Some(JobSort::Upcoming)),
            ("jobs-col-status", Some(JobSort::Status)),
            ("jobs-col-priority", Some(JobSort::Priority)),
            ("jobs-col-client", Some(JobSort::Client)),
            ("jobs-col-vehicle", None),
            ("jobs-col-technician", None),
            ("jobs-col-bay", None),
            ("jobs-col-zones", None),
        ];
        headers.truncate(shares.len());
        let filters = &mut self.filters;
        ui.scope(|ui| {
            ui.style_mut().interaction.selectable_labels = false;
            let mut table = TableBuilder::new(ui)
                .id_salt("jobs_table")
                .striped(true)
                .sense(Sense::click())
                .cell_layout(Layout::left_to_right(Align::Center));
            for share in shares {
                table = table.column(Column::exact(usable * share).clip(true));
            }
            table
                .min_scrolled_height(table_h)
                .max_scroll_height(table_h)
                .header(row_h, |mut h| {
                    for (key, sort) in headers.drain(..) {
                        h.col(|ui| header_cell_ui(ui, cx, filters, key, sort));
                    }
                })
                .body(|body| {
                    body.rows(row_h, count, |mut row| {
                        let i = row.index();
                        let index = u32::try_from(i).unwrap_or(u32::MAX);
                        let page = index / PAGE;
                        let within = usize::try_from(index % PAGE).unwrap_or(0);
                        let Some(r) = pages.get(&page).and_then(|p| p.get(within)) else {
                            if !wanted.contains(&page) {
                                wanted.push(page);
                            }
                            row.col(|ui| {
                                ui.label(RichText::new("…").color(t.muted));
                            });
                            return;
                        };
                        row.col(|ui| {
                            ui.label(RichText::new(&r.number).strong().color(t.heading));
                        });
                        row.col(|ui| {
                            let when = r.scheduled_start.map_or_else(
                                || dash.clone(),
                                |s| format::format_datetime(s, tz, lang),
                            );
                            ui.add(Label::new(RichText::new(when).color(t.text)).truncate());
                        });
                        row.col(|ui| {
                            status_badges_ui(ui, cx, r.status, r.overdue);
                        });
                        row.col(|ui| {
                            ui.label(
                                RichText::new(cx.tr(r.priority.i18n_key()))
                                    .color(priority_colour(&t, r.priority)),
                            );
                        });
                        row.col(|ui| {
                            ui.add(
                                Label::new(RichText::new(&r.client_name).color(t.heading))
                                    .truncate(),
                            );
                        });
                        row.col(|ui| {
                            ui.add(
                                Label::new(vehicle_text(&r.plate, &r.make, &r.model)).truncate(),
                            );
                        });
                        row.col(|ui| {
                            ui.add(
                                Label::new(
                                    r.technician_name.clone().unwrap_or_else(|| dash.clone()),
                                )
                                .truncate(),
                            );
                        });
                        if wide {
                            row.col(|ui| {
                                ui.add(
                                    Label::new(if r.bay.is_empty() {
                                        dash.as_str()
                                    } else {
                                        r.bay.as_str()
                                    })
                                    .truncate(),
                                );
                            });
                            row.col(|ui| {
                                ui.label(r.zone_count.to_string());
                            });
                        }
                        if row.response().clicked() {
                            clicked = Some(r.id.clone());
                        }
                    });
                });
        });
        for p in wanted {
            if !self.pending.values().any(|x| *x == p) {
                self.request(cx, p);
            }
        }
        if let Some(id) = clicked {
            cx.push(Command::Open(Route::Job(id)));
        }
    }
}

/// A column header; sortable ones sort by the column (again: reverse). The date column's
/// ascending order is the core's "upcoming first" (the list's default); descending, the latest
/// first.
fn header_cell_ui(ui: &mut Ui, cx: &Cx<'_>, f: &mut Filters, key: &str, sort: Option<JobSort>) {
    let t = cx.tokens;
    let mut text = cx.tr(key);
    let Some(s) = sort else {
        crate::ui::widgets::header_ui(ui, t, &text);
        return;
    };
    let (active, descending) = match (s, f.sort) {
        (JobSort::Upcoming, JobSort::Upcoming) => (true, false),
        (JobSort::Upcoming, JobSort::Start) => (true, true),
        (s, current) => (s == current, f.descending),
    };
    if active {
        text.push_str(if descending { " ▼" } else { " ▲" });
    }
    let colour = if active { t.accent_hover } else { t.muted };
    if crate::ui::widgets::header_button_ui(ui, RichText::new(text).color(colour)) {
        (f.sort, f.descending) = match (s, active) {
            // The date column: upcoming first, then the latest first, then upcoming again.
            (JobSort::Upcoming, true) if !descending => (JobSort::Start, true),
            (JobSort::Upcoming, _) => (JobSort::Upcoming, false),
            (_, true) => (s, !f.descending),
            (_, false) => (s, false),
        };
    }
}

crate::ui::screen::list_and_page!(JobsScreen, JobId, Jobs, Job, JobPageView);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::contrast;

    /// Every status pill stands out from the card and from the striped rows of the lists, and
    /// the grey ones (draft, archived) read at WCAG AA for their small bold text, in both themes.
    #[test]
    fn status_pills_are_readable_on_cards_and_striped_rows() {
        for t in [Tokens::LIGHT, Tokens::DARK] {
            for s in JobStatus::ALL {
                for overdue in [false, true] {
                    let (fg, bg) = status_colours(&t, s, overdue);
                    if matches!(s, JobStatus::Draft | JobStatus::Archived) && !overdue {
                        assert!(contrast(fg, bg) >= 4.5, "{s:?} dark={}: text", t.dark);
                    }
                    // The stripe colour is `bg` (egui's faint_bg_color).
                    assert_ne!(bg, t.bg, "{s:?} dark={}: pill lost on a stripe", t.dark);
                    assert_ne!(bg, t.card, "{s:?} dark={}: pill lost on the card", t.dark);
                }
            }
        }
    }
}
