//! Clients: list (virtualised, sort, filters, CSV), detail page, form, GDPR export and erasure.

pub mod common;
pub mod form;
mod page;

use egui::{Align, Label, Layout, RichText, Sense, TextEdit, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::clients::{ClientFilter, ClientKind, ClientRow, ClientSort};

use self::common::{
    SavePicker, date_or_dash, empty_state_ui, header_ui, primary_icon_button,
    secondary_icon_button, sort_header_ui,
};
use self::form::{ClientForm, FormAction};
use self::page::ClientPageView;
use crate::jobs::crm::{CrmEvent, CrmJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::widgets::{page_title_ui, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// Rows asked for at a time as the user scrolls.
const PAGE: u32 = 200;

/// The list: the rows loaded so far and the filter they answer.
#[derive(Debug, Default)]
struct ClientList {
    filter: ClientFilter,
    rows: Vec<ClientRow>,
    total: i64,
    /// The page request out (its id and offset).
    pending: Option<(RequestId, u32)>,
    loaded: bool,
    error: Option<String>,
    tags: Vec<String>,
    tags_req: Option<RequestId>,
}

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct ClientsScreen {
    list: ClientList,
    /// The client page on show.
    page: Option<ClientPageView>,
    /// The create / edit dialog.
    form: Option<ClientForm>,
    save_req: Option<RequestId>,
    export: SavePicker,
    export_req: Option<RequestId>,
}

impl ClientsScreen {
    /// Shows one record (from search, another screen or a link): its id.
    pub fn open(&mut self, id: String) {
        self.page = Some(ClientPageView::new(id));
    }

    /// The client whose page is on show.
    pub fn page_id(&self) -> Option<&str> {
        self.page.as_ref().map(ClientPageView::id)
    }

    /// Back to the list.
    pub fn close_page(&mut self) {
        self.page = None;
    }

    /// Test hook: the next CSV export or GDPR export writes to `path` as if it had been chosen
    /// in the save dialog.
    pub fn inject_save_path_for_test(&mut self, path: std::path::PathBuf) {
        match &mut self.page {
            Some(p) => p.save.inject(path),
            None => self.export.inject(path),
        }
    }

    fn reload(&mut self, cx: &mut Cx<'_>) {
        self.list.rows.clear();
        self.list.total = 0;
        self.list.loaded = false;
        self.list.error = None;
        self.request_page(cx, 0);
        self.list.tags_req = Some(cx.submit(Job::Crm(CrmJob::LoadClientTags)));
    }

    fn request_page(&mut self, cx: &mut Cx<'_>, offset: u32) {
        let filter = ClientFilter {
            offset,
            limit: PAGE,
            ..self.list.filter.clone()
        };
        let id = cx.submit(Job::Crm(CrmJob::LoadClients { filter }));
        self.list.pending = Some((id, offset));
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Crm(crm) = ev else {
            return Some(ev);
        };
        match crm {
            CrmEvent::Clients(r) if self.list.pending.is_some_and(|(p, _)| p == id) => {
                let (_, offset) = self.list.pending.take()?;
                self.list.loaded = true;
                match r {
                    Ok(page) => {
                        if offset == 0 {
                            self.list.rows = page.rows;
                        } else {
                            self.list.rows.extend(page.rows);
                        }
                        self.list.total = page.total;
                    }
                    Err(e) => self.list.error = Some(cx.error_text(&e)),
                }
            }
            CrmEvent::ClientTags(r) if self.list.tags_req == Some(id) => {
                self.list.tags_req = None;
                self.list.tags = r.unwrap_or_default();
            }
            CrmEvent::ClientSaved(r) if self.save_req == Some(id) => {
                self.save_req = None;
                match r {
                    Ok(c) => {
                        let created = self.form.as_ref().is_some_and(|f| f.id.is_none());
                        self.form = None;
                        cx.toast_ok(cx.tr_args(
                            if created {
                                "clients-created"
                            } else {
                                "clients-saved"
                            },
                            &[("name", c.display_name().into())],
                        ));
                        self.page = Some(ClientPageView::new(c.id.clone()));
                        self.reload(cx);
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.form {
                            f.refused(&e, cx);
                        }
                    }
                }
            }
            CrmEvent::Exported(r) if self.export_req == Some(id) => {
                self.export_req = None;
                match r {
                    Ok((path, n)) => cx.toast_ok(cx.tr_args(
                        "clients-exported",
                        &[
                            ("count", i64::try_from(n).unwrap_or(i64::MAX).into()),
                            ("path", path.display().to_string().into()),
                        ],
                    )),
                    Err(e) => cx.toast_err(cx.error_text(&e)),
                }
            }
            other => {
                let ev = JobEvent::Crm(other);
                let Some(page) = &mut self.page else {
                    return Some(ev);
                };
                let (rest, changed) = page.on_event(id, ev, cx);
                if page.closed {
                    self.page = None;
                }
                if changed {
                    self.reload(cx);
                }
                return rest;
            }
        }
        None
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if !self.list.loaded && self.list.pending.is_none() && self.list.error.is_none() {
            self.reload(cx);
        }
        if let Some(path) = self.export.poll() {
            let filter = ClientFilter {
                offset: 0,
                limit: 0,
                ..self.list.filter.clone()
            };
            let job = CrmJob::ExportClientsCsv { filter, path };
            self.export_req = Some(cx.submit(Job::Crm(job)));
        }
        if let Some(page) = &mut self.page {
            let mut edit = None;
            page.ui(ui, cx, &mut edit);
            if page.closed {
                self.page = None;
            }
            if let Some(form) = edit {
                self.form = Some(form);
            }
        } else {
            self.list_ui(ui, cx);
        }
        self.form_ui(ui, cx);
    }

    fn form_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(form) = &mut self.form else { return };
        let t = *cx.tokens;
        let title = if form.id.is_some() {
            "clients-edit-title"
        } else {
            "clients-new-title"
        };
        let mut action = FormAction::None;
        let modal = egui::Modal::new(egui::Id::unique("client_form_modal"))
            .frame(t.card_frame())
            .show(ui.ctx(), |ui| {
                ui.set_width(640.0);
                section_title_ui(ui, &t, &cx.tr(title));
                ui.add_space(t.gap * 0.5);
                let max_h = ui.ctx().content_rect().height() - 160.0;
                egui::ScrollArea::vertical()
                    .max_height(max_h.max(200.0))
                    .min_scrolled_height(max_h.clamp(200.0, 560.0))
                    .show(ui, |ui| {
                        action = form.ui(ui, cx);
                    });
            });
        // A click outside does not close a form (nothing typed is lost); Escape and Cancel do.
        let escape = modal.should_close() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        if action == FormAction::Cancel || (escape && !form.saving) {
            self.form = None;
            return;
        }
        if action == FormAction::Save {
            if cx.user.is_none() {
                return;
            }
            let job = CrmJob::SaveClient {
                id: form.id.clone(),
                input: Box::new(form.input.clone()),
            };
            self.save_req = Some(cx.submit(Job::Crm(job)));
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(icons::MAGNIFYING_GLASS).color(t.muted));
            let label = cx.tr("clients-search");
            let r = ui.add(
                TextEdit::singleline(&mut self.list.filter.text)
                    .hint_text(cx.tr("clients-search-hint"))
                    .desired_width(280.0)
                    .min_size(Vec2::new(0.0, t.hit - 8.0)),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label));
            changed |= r.changed();
            ui.add_space(t.gap * 0.5);
            let kind_text = match self.list.filter.kind {
                None => cx.tr("clients-kind-all"),
                Some(k) => cx.tr(k.label_key()),
            };
            let kind_caption = cx.tr("clients-filter-kind");
            // Each caption stays with its list: a group that does not fit goes to the next line
            // (a wrapping row cannot measure a group before placing it).
            let room = |ui: &Ui| ui.max_rect().right() - ui.cursor().min.x;
            if room(ui) < 280.0 {
                ui.end_row();
            }
            ui.horizontal(|ui| {
                ui.label(RichText::new(&kind_caption).color(t.muted));
                let kind_combo = egui::ComboBox::from_id_salt("clients_kind_filter")
                    .selected_text(kind_text)
                    .show_ui(ui, |ui| {
                        for (value, text) in [
                            (None, cx.tr("clients-kind-all")),
                            (
                                Some(ClientKind::Individual),
                                cx.tr("client-kind-individual"),
                            ),
                            (Some(ClientKind::Business), cx.tr("client-kind-business")),
                        ] {
                            changed |= ui
                                .selectable_value(&mut self.list.filter.kind, value, text)
                                .changed();
                        }
                    });
                name_combo(ui, &kind_combo.response, &kind_caption);
            });
            let tag_text = self
                .list
                .filter
                .tag
                .clone()
                .unwrap_or_else(|| cx.tr("clients-tag-all"));
            let tag_caption = cx.tr("clients-filter-tag");
            if room(ui) < 320.0 {
                ui.end_row();
            }
            ui.horizontal(|ui| {
                ui.label(RichText::new(&tag_caption).color(t.muted));
                let tag_combo = egui::ComboBox::from_id_salt("clients_tag_filter")
                    .selected_text(tag_text)
                    .show_ui(ui, |ui| {
                        changed |= ui
                            .selectable_value(
                                &mut self.list.filter.tag,
                                None,
                                cx.tr("clients-tag-all"),
                            )
                            .changed();
                        for tag in &self.list.tags {
                            changed |= ui
                                .selectable_value(&mut self.list.filter.tag, Some(tag.clone()), tag)
                                .changed();
                        }
                    });
                name_combo(ui, &tag_combo.response, &tag_caption);
            });
        });
        if changed {
            self.reload(cx);
        }
    }

    fn actions_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if allows_user(cx, Action::EditClients)
                && primary_icon_button(ui, &t, icons::USER_PLUS, &cx.tr("clients-new")).clicked()
            {
                self.form = Some(ClientForm::new());
            }
            if allows_user(cx, Action::ExportCsv) {
                let busy = self.export.busy() || self.export_req.is_some();
                let r = ui.add_enabled_ui(!busy, |ui| {
                    secondary_icon_button(ui, &t, icons::EXPORT, &cx.tr("clients-export-csv"))
                });
                if r.inner.clicked() {
                    self.export.open(
                        ui.ctx(),
                        &cx.tr("clients-export-csv"),
                        "clients.csv",
                        ("CSV", "csv"),
                    );
                }
            }
        });
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let subtitle = if self.list.loaded {
            cx.tr_args("clients-count", &[("count", self.list.total.into())])
        } else {
            cx.tr("loading")
        };
        ui.horizontal(|ui| {
            ui.vertical(|ui| page_title_ui(ui, &t, &cx.tr("nav-clients"), Some(&subtitle)));
            self.actions_ui(ui, cx);
        });
        self.toolbar_ui(ui, cx);
        ui.add_space(t.gap * 0.5);
        if let Some(e) = self.list.error.clone() {
            t.card_frame().show(ui, |ui| {
                ui.label(RichText::new(format!("{}  {e}", icons::WARNING)).color(t.danger));
                if ui.button(cx.tr("retry")).clicked() {
                    self.reload(cx);
                }
            });
            return;
        }
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            if self.list.loaded && self.list.rows.is_empty() {
                let filtered = !self.list.filter.text.trim().is_empty()
                    || self.list.filter.kind.is_some()
                    || self.list.filter.tag.is_some();
                let (title, hint) = if filtered {
                    ("clients-empty-filtered", "clients-empty-filtered-hint")
                } else {
                    ("clients-empty", "clients-empty-hint")
                };
                empty_state_ui(ui, &t, icons::ADDRESS_BOOK, &cx.tr(title), &cx.tr(hint));
                return;
            }
            self.table_ui(ui, cx);
        });
    }

    fn table_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let row_h = 46.0;
        let height = ui.available_height().max(200.0);
        let f = &self.list.filter;
        let active = |s: ClientSort| (f.sort == s).then_some(f.descending);
        let mut sort_click = None;
        let mut open = None;
        let mut max_index = 0_usize;
        let rows = &self.list.rows;
        // Fixed columns, then the flexible ones share what is left (no horizontal overflow). A
        // narrow window (1024 px) leaves the type, e-mail and tags out (the client page has them).
        let wide = ui.available_width() >= 860.0;
        let spacing = ui.spacing().item_spacing.x * if wide { 9.0 } else { 6.0 };
        let fixed = 118.0 + 66.0 + 56.0 + 96.0 + if wide { 100.0 } else { 0.0 };
        let flex = (ui.available_width() - fixed - spacing).max(200.0);
        let widths: Vec<(f32, bool)> = if wide {
            vec![
                (flex * 0.40, true),
                (100.0, false),
                (118.0, true),
                (flex * 0.26, true),
                (flex * 0.18, true),
                (flex * 0.16, true),
                (66.0, false),
                (56.0, false),
            ]
        } else {
            vec![
                (flex * 0.62, true),
                (118.0, true),
                (flex * 0.38, true),
                (66.0, false),
                (56.0, false),
            ]
        };
        ui.scope(|ui| {
            ui.style_mut().interaction.selectable_labels = false;
            let mut table = TableBuilder::new(ui)
                .id_salt("clients_table")
                .striped(true)
                .sense(Sense::click())
                .cell_layout(Layout::left_to_right(Align::Center));
            for (w, clip) in widths {
                table = table.column(Column::exact(w).clip(clip));
            }
            table
                .column(Column::remainder().clip(true))
                .min_scrolled_height(height - t.hit - 12.0)
                .max_scroll_height(height - t.hit - 12.0)
                .header(t.hit, |mut h| {
                    h.col(|ui| {
                        if sort_header_ui(
                            ui,
                            &t,
                            &cx.tr("clients-col-name"),
                            active(ClientSort::Name),
                        ) {
                            sort_click = Some(ClientSort::Name);
                        }
                    });
                    if wide {
                        h.col(|ui| header_ui(ui, &t, &cx.tr("clients-col-kind")));
                    }
                    h.col(|ui| header_ui(ui, &t, &cx.tr("clients-col-phone")));
                    if wide {
                        h.col(|ui| header_ui(ui, &t, &cx.tr("clients-col-email")));
                    }
                    h.col(|ui| {
                        if sort_header_ui(
                            ui,
                            &t,
                            &cx.tr("clients-col-city"),
                            active(ClientSort::City),
                        ) {
                            sort_click = Some(ClientSort::City);
                        }
                    });
                    if wide {
                        h.col(|ui| header_ui(ui, &t, &cx.tr("clients-col-tags")));
                    }
                    h.col(|ui| header_ui(ui, &t, &cx.tr("clients-col-vehicles")));
                    h.col(|ui| {
                        if sort_header_ui(
                            ui,
                            &t,
                            &cx.tr("clients-col-jobs"),
                            active(ClientSort::Jobs),
                        ) {
                            sort_click = Some(ClientSort::Jobs);
                        }
                    });
                    h.col(|ui| {
                        if sort_header_ui(
                            ui,
                            &t,
                            &cx.tr("clients-col-last-job"),
                            active(ClientSort::LastJob),
                        ) {
                            sort_click = Some(ClientSort::LastJob);
                        }
                    });
                })
                .body(|body| {
                    body.rows(row_h, rows.len(), |mut row| {
                        let i = row.index();
                        max_index = max_index.max(i);
                        let Some(c) = rows.get(i) else { return };
                        row.col(|ui| {
                            ui.vertical(|ui| {
                                // Centred by hand: one line for people, two for businesses.
                                ui.add_space(if c.contact.is_some() { 4.0 } else { 13.0 });
                                ui.add(Label::new(name_job(ui, &t, c)).truncate());
                                if let Some(contact) = &c.contact {
                                    ui.add(
                                        Label::new(RichText::new(contact).small().color(t.muted))
                                            .truncate(),
                                    );
                                }
                            });
                        });
                        if wide {
                            row.col(|ui| {
                                let (icon, colour) = match c.kind {
                                    ClientKind::Business => (icons::BUILDINGS, t.accent_hover),
                                    ClientKind::Individual => (icons::USER, t.muted),
                                };
                                let text = format!("{icon}  {}", cx.tr(c.kind.label_key()));
                                ui.label(RichText::new(text).small().strong().color(colour));
                            });
                        }
                        let text = |ui: &mut Ui, s: Option<&str>| {
                            ui.add(
                                Label::new(RichText::new(s.unwrap_or("—")).color(t.text))
                                    .truncate(),
                            );
                        };
                        row.col(|ui| text(ui, c.phone.as_deref()));
                        if wide {
                            row.col(|ui| text(ui, c.email.as_deref()));
                        }
                        row.col(|ui| text(ui, c.city.as_deref()));
                        if wide {
                            row.col(|ui| {
                                let tags = c.tags.join(", ");
                                ui.add(
                                    Label::new(RichText::new(tags).small().color(t.accent_hover))
                                        .truncate(),
                                );
                            });
                        }
                        row.col(|ui| {
                            ui.label(RichText::new(c.vehicles.to_string()).color(t.text));
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(c.jobs.to_string()).color(t.text));
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(date_or_dash(cx, c.last_job_at)).color(t.muted));
                        });
                        if row.response().clicked() {
                            open = Some(c.id.clone());
                        }
                    });
                });
        });
        if let Some(s) = sort_click {
            let f = &mut self.list.filter;
            if f.sort == s {
                f.descending = !f.descending;
            } else {
                f.sort = s;
                f.descending = matches!(s, ClientSort::Jobs | ClientSort::LastJob);
            }
            self.reload(cx);
            return;
        }
        if let Some(id) = open {
            cx.push(Command::Open(Route::Client(id)));
            return;
        }
        // Infinite paging: ask for the next page when the last rows come into view.
        let loaded = self.list.rows.len();
        if self.list.pending.is_none()
            && i64::try_from(loaded).unwrap_or(i64::MAX) < self.list.total
            && max_index + 40 >= loaded
        {
            let offset = u32::try_from(loaded).unwrap_or(u32::MAX);
            self.request_page(cx, offset);
        }
        if self.list.pending.is_some_and(|(_, o)| o > 0) {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new(cx.tr("loading")).color(t.muted));
            });
        }
    }
}

/// Gives a filter combo box its accessible name (the caption shown before it).
fn name_combo(ui: &Ui, combo: &egui::Response, caption: &str) {
    ui.ctx()
        .accesskit_node_builder(combo.id, |b| b.set_label(caption));
}

/// Does the signed-in user's role allow `action`?
pub fn allows_user(cx: &Cx<'_>, action: Action) -> bool {
    cx.user.is_some_and(|u| allows(u.role, action))
}

/// A client's name as the list shows it: a person's surname (what the list sorts on) in bold,
/// a business's name all in bold.
fn name_job(ui: &Ui, t: &crate::ui::theme::Tokens, c: &ClientRow) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let style = ui.style();
    let name = c.display_name.trim();
    let surname = rpma_core::people::surname(name);
    let first = match c.kind {
        ClientKind::Individual => name.strip_suffix(surname).unwrap_or(""),
        ClientKind::Business => "",
    };
    let strong = if first.is_empty() { name } else { surname };
    RichText::new(first).color(t.text).append_to(
        &mut job,
        style,
        egui::FontSelection::Default,
        Align::Center,
    );
    RichText::new(strong)
        .family(egui::FontFamily::Name(crate::ui::theme::BOLD.into()))
        .color(t.heading)
        .append_to(&mut job, style, egui::FontSelection::Default, Align::Center);
    job
}

impl crate::ui::screen::Screen for ClientsScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_enter(&mut self, route: &Route, _cx: &mut Cx<'_>) {
        match route {
            Route::Client(id) => self.open(id.clone()),
            _ => self.close_page(),
        }
    }

    fn on_broadcast(&mut self, ev: &crate::ui::screen::Broadcast, _cx: &mut Cx<'_>) {
        // Read again only when shown as a list (no record open with a draft).
        if *ev
            == (crate::ui::screen::Broadcast::RemoteChanges {
                on_show: crate::route::RouteKind::Clients,
            })
            && self.page_id().is_none()
        {
            *self = Self::default();
        }
    }

    fn route(&self) -> Route {
        self.page_id()
            .map_or(Route::Clients, |id| Route::Client(id.to_owned()))
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
