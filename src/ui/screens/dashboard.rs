//! Dashboard: the shop at a glance: today's counts (scheduled, in progress, completed, overdue),
//! today's jobs, the technicians' workload against the daily cap, then the shop's figures. Later
//! modules add stock alerts and charts.

use egui::{RichText, Sense, Ui, WidgetInfo};
use rpma_core::format;

use super::calendar::{status_badge_ui, time_range};
use crate::jobs::calendar::{CalendarEvent, CalendarJob, TodayData};
use crate::jobs::{DashboardData, Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{kv_row_ui, page_title_ui, section_title_ui, stat_card_ui};
use crate::ui::{Command, Cx, icons};

/// Dashboard state.
#[derive(Debug, Default)]
pub struct DashboardScreen {
    data: Loadable<DashboardData>,
    today: Loadable<TodayData>,
    /// The backup card (admins).
    pub backup: super::dashboard_backup::BackupCard,
}

impl DashboardScreen {
    /// Asks for fresh figures.
    pub fn reload(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_some() {
            self.data = Loadable::Loading(cx.submit(Job::LoadDashboard {}));
            self.today = Loadable::Loading(cx.submit(Job::Calendar(CalendarJob::Today {})));
        }
    }

    /// Takes the reply.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::Dashboard(r) => {
                self.data.accept(id, r, cx.lang);
                None
            }
            JobEvent::Calendar(CalendarEvent::Today(r)) if matches!(self.today, Loadable::Loading(w) if w == id) =>
            {
                self.today.accept(id, r, cx.lang);
                None
            }
            other => Some(other),
        }
    }

    /// Draws the dashboard.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.data, Loadable::Idle) {
            self.reload(cx);
        }
        let t = *cx.tokens;
        let hello = cx
            .user
            .map(|u| {
                cx.tr_args(
                    "dashboard-hello",
                    &[("name", u.display_name.as_str().into())],
                )
            })
            .unwrap_or_default();
        page_title_ui(ui, &t, &cx.tr("nav-dashboard"), Some(&hello));
        let (today, retry) = self.today.ui(ui, cx);
        if retry {
            self.reload(cx);
            return;
        }
        if let Some(today) = today {
            today_ui(ui, cx, today);
            ui.add_space(t.gap);
        }
        self.backup.ui(ui, cx);
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.reload(cx);
            return;
        }
        let Some(d) = data else { return };
        figures_ui(ui, cx, d);
    }
}

/// The shop figures the core gave (each only to the roles allowed to see it): accounts, audit
/// events and database size; the shop's identity; the team.
fn figures_ui(ui: &mut Ui, cx: &Cx<'_>, d: &DashboardData) {
    let t = *cx.tokens;
    let lang = cx.lang;
    let mut figures = Vec::new();
    if let Some(by_role) = &d.users_by_role {
        figures.push((
            icons::USERS,
            format::format_int(by_role.iter().sum(), lang),
            cx.tr("dashboard-active-users"),
        ));
    }
    if let Some(n) = d.audit_today {
        figures.push((
            icons::SCROLL,
            format::format_int(n, lang),
            cx.tr("dashboard-audit-today"),
        ));
    }
    if let Some(stats) = &d.stats {
        figures.push((
            icons::HARD_DRIVES,
            format::format_bytes(stats.file_bytes + stats.wal_bytes, lang),
            cx.tr("dashboard-db-size"),
        ));
    }
    if !figures.is_empty() {
        ui.columns(figures.len(), |cols| {
            for (col, (icon, value, caption)) in cols.iter_mut().zip(figures) {
                let w = col.available_width() - 2.0 * f32::from(t.card_margin);
                stat_card_ui(col, &t, icon, &value, &caption, w);
            }
        });
        ui.add_space(t.gap);
    }
    if let Some(org) = &d.org {
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::STOREFRONT, cx.tr("dashboard-shop")),
            );
            match org {
                Some(org) => org_grid_ui(ui, cx, org),
                None => {
                    ui.label(RichText::new(cx.tr("dashboard-no-shop")).color(t.muted));
                }
            }
        });
        ui.add_space(t.gap);
    }
    if let Some(by_role) = &d.users_by_role {
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::USERS, cx.tr("dashboard-team")),
            );
            egui::Grid::new("dash-team")
                .num_columns(2)
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    for (key, n) in [
                        "role-admin",
                        "role-supervisor",
                        "role-technician",
                        "role-viewer",
                    ]
                    .iter()
                    .zip(by_role.iter())
                    {
                        kv_row_ui(ui, &t, &cx.tr(key), &format::format_int(*n, lang));
                    }
                });
        });
    }
}

/// The shop's identity: name, legal name, address, SIRET, VAT number.
fn org_grid_ui(ui: &mut Ui, cx: &Cx<'_>, org: &rpma_core::org::Organisation) {
    let t = *cx.tokens;
    egui::Grid::new("dash-org")
        .num_columns(2)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            kv_row_ui(ui, &t, &cx.tr("org-name"), &org.name);
            if !org.legal_name.is_empty() {
                kv_row_ui(ui, &t, &cx.tr("org-legal-name"), &org.legal_name);
            }
            let address = [
                org.address_line1.as_str(),
                &format!("{} {}", org.postal_code, org.city),
            ]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
            kv_row_ui(ui, &t, &cx.tr("org-address"), &address);
            kv_row_ui(ui, &t, &cx.tr("org-siret"), &org.siret);
            kv_row_ui(ui, &t, &cx.tr("org-vat"), &org.vat_number);
        });
}

/// The "Today" section: counts, today's jobs and the technicians' workload.
fn today_ui(ui: &mut Ui, cx: &mut Cx<'_>, d: &TodayData) {
    let t = *cx.tokens;
    let lang = cx.lang;
    ui.columns(4, |cols| {
        let figures = [
            (
                icons::CALENDAR_CHECK,
                d.counts.scheduled,
                "dashboard-scheduled",
            ),
            (icons::PLAY, d.counts.in_progress, "dashboard-in-progress"),
            (
                icons::CHECK_CIRCLE,
                d.counts.completed,
                "dashboard-completed",
            ),
            (icons::HOURGLASS, d.counts.overdue, "dashboard-overdue"),
        ];
        for (col, (icon, n, key)) in cols.iter_mut().zip(figures) {
            let w = col.available_width() - 2.0 * f32::from(t.card_margin);
            stat_card_ui(
                col,
                &t,
                icon,
                &format::format_int(i64::from(n), lang),
                &cx.tr(key),
                w,
            );
        }
    });
    ui.add_space(t.gap);
    let mut open = None;
    let show_load = !d.workload.is_empty();
    let gap = t.gap;
    let full = ui.available_width();
    let list_w = if show_load { (full - gap) * 0.62 } else { full };
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = gap;
        ui.vertical(|ui| {
            ui.set_width(list_w);
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::CALENDAR_DOTS, cx.tr("dashboard-today")),
                );
                if d.jobs.is_empty() {
                    ui.label(RichText::new(cx.tr("dashboard-today-empty")).color(t.muted));
                    return;
                }
                egui::ScrollArea::vertical()
                    .id_salt("dash_today")
                    .max_height(320.0)
                    .auto_shrink([false, true])
                    .show_rows(ui, 34.0, d.jobs.len(), |ui, range| {
                        for row in d.jobs.get(range).unwrap_or_default() {
                            let resp = ui
                                .horizontal(|ui| {
                                    ui.set_min_height(30.0);
                                    ui.spacing_mut().item_spacing.x = 8.0;
                                    ui.add_sized(
                                        [92.0, 20.0],
                                        egui::Label::new(
                                            RichText::new(time_range(row, cx)).color(t.text),
                                        ),
                                    );
                                    // A number carries the terminal's code
                                    // (20261126-T9B-001): room for 16 characters.
                                    ui.add_sized(
                                        [118.0, 20.0],
                                        egui::Label::new(
                                            RichText::new(&row.number)
                                                .monospace()
                                                .small()
                                                .color(t.muted),
                                        ),
                                    );
                                    ui.add_sized(
                                        [84.0, 20.0],
                                        egui::Label::new(
                                            RichText::new(&row.plate).strong().color(t.heading),
                                        ),
                                    );
                                    // The badge first, from the right; the client and the
                                    // technician take what is left, cut short with "…".
                                    ui.with_layout(
                                        egui::Layout::right_to_left(egui::Align::Center),
                                        |ui| {
                                            status_badge_ui(ui, cx, row.status, row.overdue);
                                            ui.add(
                                                egui::Label::new(who_text(
                                                    ui,
                                                    &t,
                                                    &row.client_name,
                                                    row.technician_name.as_deref(),
                                                ))
                                                .truncate(),
                                            );
                                        },
                                    );
                                })
                                .response;
                            let resp = ui.interact(
                                resp.rect,
                                ui.scope_id().with(("dash_job", &row.id)),
                                Sense::click(),
                            );
                            let label = format!("{} {} {}", row.number, row.plate, row.client_name);
                            resp.widget_info(|| {
                                WidgetInfo::labeled(egui::Role::Button, true, &label)
                            });
                            if resp.hovered() {
                                ui.painter().rect_stroke(
                                    resp.rect.expand(2.0),
                                    t.radius_small,
                                    egui::Stroke::new(1.0, t.accent),
                                    egui::StrokeKind::Inside,
                                );
                            }
                            if resp.clicked() {
                                open = Some(row.id.clone());
                            }
                        }
                    });
            });
        });
        if show_load {
            ui.vertical(|ui| {
                ui.set_width(ui.available_width());
                t.card_frame().show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    section_title_ui(
                        ui,
                        &t,
                        &format!("{} {}", icons::GAUGE, cx.tr("dashboard-workload")),
                    );
                    for w in &d.workload {
                        workload_row_ui(ui, cx, w, d.cap, d.day_minutes);
                    }
                });
            });
        }
    });
    if let Some(id) = open {
        cx.push(Command::Open(Route::Job(id)));
    }
}

/// One technician: name, jobs against the cap, hours against the working day, a bar.
fn workload_row_ui(
    ui: &mut Ui,
    cx: &Cx<'_>,
    w: &rpma_core::jobs::Workload,
    cap: u32,
    day_minutes: i64,
) {
    let t = *cx.tokens;
    #[allow(clippy::cast_precision_loss)]
    let hours = w.minutes as f64 / 60.0;
    let text = cx.tr_args(
        "dashboard-workload-line",
        &[
            ("jobs", i64::from(w.jobs).into()),
            ("max", i64::from(cap).into()),
            ("hours", format::format_decimal(hours, 1, cx.lang).into()),
        ],
    );
    let full = w.jobs >= cap;
    let name = RichText::new(&w.name).strong().color(t.heading);
    let figures = RichText::new(text).color(if full { t.danger } else { t.muted });
    // Name and figures on one line when they fit side by side, else one under the other (a
    // right-aligned text would run over the name in a narrow window).
    let width = |r: &RichText| {
        egui::WidgetText::from(r.clone())
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            )
            .size()
            .x
    };
    let room = width(&name) + width(&figures) + 2.0 * ui.spacing().item_spacing.x;
    if room <= ui.available_width() {
        ui.horizontal(|ui| {
            ui.label(name);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(figures);
            });
        });
    } else {
        ui.label(name);
        ui.add(egui::Label::new(figures).wrap());
    }
    #[allow(clippy::cast_precision_loss)]
    let frac = (w.minutes as f32 / day_minutes.max(1) as f32).clamp(0.0, 1.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 6.0), Sense::hover());
    ui.painter().rect_filled(rect, 3.0, t.bg);
    let mut fill = rect;
    fill.set_width(rect.width() * frac);
    ui.painter()
        .rect_filled(fill, 3.0, if full { t.danger } else { t.accent });
    ui.add_space(8.0);
}

impl crate::ui::screen::Screen for DashboardScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_leave(&mut self, _cx: &mut Cx<'_>) {
        // A data screen: read again on the next visit, never stale.
        *self = Self::default();
    }

    fn on_broadcast(&mut self, ev: &crate::ui::screen::Broadcast, _cx: &mut Cx<'_>) {
        if matches!(ev, crate::ui::screen::Broadcast::RemoteChanges { .. }) {
            *self = Self::default();
        }
    }

    fn on_task(&mut self, out: crate::tasks::backup::TaskOutput, cx: &mut Cx<'_>) {
        self.backup.on_task(out, cx);
    }

    fn route(&self) -> Route {
        Route::Dashboard
    }

    fn scrolls_itself(&self) -> bool {
        false
    }
}

/// "Client · technician" of a dashboard row, the technician muted.
fn who_text(
    ui: &Ui,
    t: &crate::ui::theme::Tokens,
    client: &str,
    technician: Option<&str>,
) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.append(client, 0.0, egui::TextFormat::simple(font.clone(), t.text));
    if let Some(n) = technician {
        job.append(
            &format!(" · {n}"),
            0.0,
            egui::TextFormat::simple(font, t.muted),
        );
    }
    job
}
