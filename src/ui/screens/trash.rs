//! Trash (supervisors and admins): deleted clients, vehicles and jobs, with the date they were
//! deleted and a Restore button; refusals (e.g. a plate taken meanwhile) shown in place.

use egui::{Align, Label, Layout, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rpma_core::auth::permissions::Action;

use crate::jobs::crm::{CrmEvent, CrmJob, TrashContent, TrashItem, TrashKind};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::loadable::Loadable;
use crate::ui::screen::allows_user;
use crate::ui::widgets::page_title_ui;
use crate::ui::widgets::{date_or_dash, empty_state_ui, header_ui};
use crate::ui::{Cx, icons};

/// One line of a trash table: id, main text, secondary text, deleted at.
type Line = (TrashItem, String, String, i64);

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct TrashScreen {
    tab: Option<TrashKind>,
    data: Loadable<TrashContent>,
    restore_req: Option<(RequestId, TrashItem)>,
    refusal: Option<(TrashItem, String)>,
}

impl TrashScreen {
    fn load(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        self.data = Loadable::Loading(cx.submit(Job::Crm(CrmJob::LoadTrash {})));
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Crm(crm) = ev else {
            return Some(ev);
        };
        match crm {
            CrmEvent::Trash(r) if matches!(self.data, Loadable::Loading(w) if w == id) => {
                self.data.accept(id, r, cx.lang);
            }
            CrmEvent::Restored(r) if self.restore_req.as_ref().is_some_and(|(w, _)| *w == id) => {
                let (_, item) = self.restore_req.take()?;
                match r {
                    Ok(_) => {
                        cx.toast_ok(cx.tr("trash-restored"));
                        self.refusal = None;
                        self.load(cx);
                    }
                    Err(e) => self.refusal = Some((item, cx.error_text(&e))),
                }
            }
            other => return Some(JobEvent::Crm(other)),
        }
        None
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.data, Loadable::Idle) {
            self.load(cx);
        }
        let t = *cx.tokens;
        page_title_ui(ui, &t, &cx.tr("nav-trash"), Some(&cx.tr("trash-subtitle")));
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.load(cx);
            return;
        }
        let Some(d) = data else { return };
        let tab = self.tab.unwrap_or(TrashKind::Client);
        let mut new_tab = tab;
        let mut refresh = false;
        ui.horizontal(|ui| {
            for (kind, key, n, icon) in [
                (
                    TrashKind::Client,
                    "trash-tab-clients",
                    d.clients.len(),
                    icons::ADDRESS_BOOK,
                ),
                (
                    TrashKind::Vehicle,
                    "trash-tab-vehicles",
                    d.vehicles.len(),
                    icons::CAR_PROFILE,
                ),
                (
                    TrashKind::Job,
                    "trash-tab-jobs",
                    d.jobs.len(),
                    icons::CLIPBOARD_TEXT,
                ),
            ] {
                let text = format!("{icon}  {} ({n})", cx.tr(key));
                if ui
                    .selectable_label(tab == kind, RichText::new(text).size(t.body + 1.0))
                    .clicked()
                {
                    new_tab = kind;
                }
            }
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui
                    .button(format!("{}  {}", icons::ARROW_CLOCKWISE, cx.tr("refresh")))
                    .clicked()
                {
                    refresh = true;
                }
            });
        });
        ui.add_space(t.gap * 0.5);
        let lines: Vec<Line> = match tab {
            TrashKind::Client => d
                .clients
                .iter()
                .map(|c| {
                    (
                        TrashItem::Client(c.id.clone()),
                        c.display_name.clone(),
                        c.city.clone().unwrap_or_default(),
                        c.deleted_at.unwrap_or(0),
                    )
                })
                .collect(),
            TrashKind::Vehicle => d
                .vehicles
                .iter()
                .map(|v| {
                    let who = v.owner_name.clone().unwrap_or_default();
                    (
                        TrashItem::Vehicle(v.id.clone()),
                        format!("{}  {} {}", v.plate, v.make, v.model),
                        who,
                        v.deleted_at.unwrap_or(0),
                    )
                })
                .collect(),
            TrashKind::Job => d
                .jobs
                .iter()
                .map(|j| {
                    let by = j
                        .deleted_by
                        .clone()
                        .map(|b| format!(" · {b}"))
                        .unwrap_or_default();
                    (
                        TrashItem::Job(j.id.clone()),
                        format!("{} · {}", j.number, j.plate),
                        format!("{}{by}", j.client_name),
                        j.deleted_at,
                    )
                })
                .collect(),
        };
        let mut restore = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            if lines.is_empty() {
                empty_state_ui(
                    ui,
                    &t,
                    icons::TRASH,
                    &cx.tr("trash-empty"),
                    &cx.tr("trash-empty-hint"),
                );
                return;
            }
            let can_restore = allows_user(cx, Action::RestoreFromTrash);
            let w = ui.available_width();
            let h = ui.available_height().max(200.0);
            TableBuilder::new(ui)
                .id_salt(("trash_table", tab as u8))
                .striped(true)
                .cell_layout(Layout::left_to_right(Align::Center))
                .column(Column::exact((w * 0.35).max(180.0)).clip(true))
                .column(Column::exact((w * 0.3).max(140.0)).clip(true))
                .column(Column::exact(130.0))
                .column(Column::remainder())
                .max_scroll_height(h - 30.0)
                .header(26.0, |mut hd| {
                    for k in [
                        "trash-col-item",
                        "trash-col-detail",
                        "trash-col-deleted",
                        "trash-col-action",
                    ] {
                        hd.col(|ui| header_ui(ui, &t, &cx.tr(k)));
                    }
                })
                .body(|body| {
                    body.rows(40.0, lines.len(), |mut row| {
                        let Some((id, main, detail, at)) = lines.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.add(
                                Label::new(RichText::new(main).strong().color(t.heading))
                                    .truncate(),
                            );
                        });
                        row.col(|ui| {
                            ui.add(Label::new(RichText::new(detail).color(t.muted)).truncate());
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(date_or_dash(cx, Some(*at))).color(t.text));
                        });
                        row.col(|ui| {
                            if can_restore {
                                let busy = self.restore_req.is_some();
                                let r = ui.add_enabled(
                                    !busy,
                                    egui::Button::new(format!(
                                        "{}  {}",
                                        icons::ARROW_COUNTER_CLOCKWISE,
                                        cx.tr("trash-restore")
                                    )),
                                );
                                let alt = cx.tr_args(
                                    "trash-restore-item",
                                    &[("item", main.as_str().into())],
                                );
                                // The accessible name says which item (every row has a Restore).
                                ui.ctx()
                                    .accesskit_node_builder(r.id, |b| b.set_label(alt.as_str()));
                                let r = r.on_hover_text(alt);
                                if r.clicked() {
                                    restore = Some(id.clone());
                                }
                            }
                            if let Some((item, msg)) = &self.refusal
                                && item == id
                            {
                                ui.add(
                                    Label::new(
                                        RichText::new(format!("{}  {msg}", icons::WARNING))
                                            .small()
                                            .color(t.danger),
                                    )
                                    .wrap(),
                                );
                            }
                        });
                    });
                });
        });
        if new_tab != tab {
            self.tab = Some(new_tab);
            self.refusal = None;
        }
        if refresh {
            self.load(cx);
            return;
        }
        if let Some(id) = restore
            && cx.user.is_some()
        {
            let req = cx.submit(Job::Crm(CrmJob::Restore { item: id.clone() }));
            self.restore_req = Some((req, id));
        }
    }
}

impl crate::ui::screen::Screen for TrashScreen {
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

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Trash
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
