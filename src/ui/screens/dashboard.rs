//! Dashboard: the shop at a glance. Later modules add today's jobs, stock alerts and charts.

use egui::{RichText, Ui};
use rpma_core::format;

use crate::jobs::{DashboardData, Job, JobEvent, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{kv_row_ui, page_title_ui, section_title_ui, stat_card_ui};
use crate::ui::{Cx, icons};

/// Dashboard state.
#[derive(Debug, Default)]
pub struct DashboardScreen {
    data: Loadable<DashboardData>,
}

impl DashboardScreen {
    /// Asks for fresh figures.
    pub fn reload(&mut self, cx: &mut Cx<'_>) {
        self.data = Loadable::Loading(cx.submit(Job::LoadDashboard));
    }

    /// Takes the reply.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::Dashboard(r) => {
                self.data.accept(id, r, cx.lang);
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
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.reload(cx);
            return;
        }
        let Some(d) = data else { return };
        let lang = cx.lang;
        let total_users: i64 = d.users_by_role.iter().sum();
        let gap = t.gap;
        ui.columns(3, |cols| {
            let figures = [
                (
                    icons::USERS,
                    format::format_int(total_users, lang),
                    cx.tr("dashboard-active-users"),
                ),
                (
                    icons::SCROLL,
                    format::format_int(d.audit_today, lang),
                    cx.tr("dashboard-audit-today"),
                ),
                (
                    icons::HARD_DRIVES,
                    format::format_bytes(d.stats.file_bytes + d.stats.wal_bytes, lang),
                    cx.tr("dashboard-db-size"),
                ),
            ];
            for (col, (icon, value, caption)) in cols.iter_mut().zip(figures) {
                let w = col.available_width() - 2.0 * f32::from(t.card_margin);
                stat_card_ui(col, &t, icon, &value, &caption, w);
            }
        });
        ui.add_space(gap);
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::STOREFRONT, cx.tr("dashboard-shop")),
            );
            match &d.org {
                Some(org) => {
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
                None => {
                    ui.label(RichText::new(cx.tr("dashboard-no-shop")).color(t.muted));
                }
            }
        });
        ui.add_space(gap);
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
                    .zip(d.users_by_role.iter())
                    {
                        kv_row_ui(ui, &t, &cx.tr(key), &format::format_int(*n, lang));
                    }
                });
        });
    }
}
