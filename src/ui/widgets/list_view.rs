//! The list screen, once: title with the count, a "new" button and the CSV export, the search
//! box and the screen's filters, a sorted table whose rows are virtualised and asked from the
//! worker a page at a time as the user scrolls, the empty state, and the error with a retry.
//!
//! A list is its request type implementing [`ListRequest`]: the columns it shows, how a cell is
//! drawn, and the jobs that load a page and export the whole list. The screen keeps a
//! [`ListView`] of it, passes it the replies ([`ListView::on_event`]) and draws it
//! ([`ListView::ui`]), acting on what it returns ([`ListOutcome`]).

use std::path::PathBuf;

use egui::{Align, Layout, RichText, Sense, TextEdit, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::CoreResult;
use rpma_core::auth::permissions::Action;

use super::{
    SavePicker, empty_state_ui, header_ui, page_title_ui, primary_icon_button,
    secondary_icon_button, sort_header_ui,
};
use crate::jobs::crm::CrmEvent;
use crate::jobs::{Job, RequestId};
use crate::ui::screen::allows_user;
use crate::ui::{Cx, icons};

/// Rows asked for at a time as the user scrolls.
pub const PAGE: u32 = 200;

/// The fixed texts and sizes of a list (catalogue keys).
#[derive(Debug, Clone, Copy)]
pub struct ListSpec {
    /// The table's id.
    pub id: &'static str,
    /// Page title.
    pub title: &'static str,
    /// Subtitle with `$count`.
    pub count: &'static str,
    /// The search box's accessible name and its hint.
    pub search: (&'static str, &'static str),
    /// The search box's width.
    pub search_width: f32,
    /// The empty state's icon.
    pub icon: &'static str,
    /// Empty state (title, hint) with no filter.
    pub empty: (&'static str, &'static str),
    /// Empty state (title, hint) when a filter or the search narrows the list.
    pub empty_filtered: (&'static str, &'static str),
    /// The export button's text, the file name offered, the toast (`$count`, `$path`).
    pub export: (&'static str, &'static str, &'static str),
    /// Row height.
    pub row_height: f32,
    /// From this card width the wide columns show.
    pub wide_from: f32,
    /// The least width shared by the [`Width::Share`] columns.
    pub min_flex: f32,
}

/// How wide a column is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// Fixed, in points.
    Fixed(f32),
    /// This share of what the fixed columns leave.
    Share(f32),
    /// The rest of the row (the last column), at least this wide.
    Rest(f32),
}

/// One column: its header (a catalogue key, also how [`ListRequest::cell_ui`] knows it), its
/// sort when it has one, its width and whether its text is clipped.
#[derive(Debug, Clone, Copy)]
pub struct ListColumn<S> {
    /// Header key.
    pub key: &'static str,
    /// The sort a click on the header picks.
    pub sort: Option<S>,
    /// Width.
    pub width: Width,
    /// Clip the content.
    pub clip: bool,
}

impl<S> ListColumn<S> {
    /// A column.
    pub const fn new(key: &'static str, sort: Option<S>, width: Width, clip: bool) -> Self {
        Self {
            key,
            sort,
            width,
            clip,
        }
    }
}

/// A list's request (its filter, sort and page) and how its rows are shown.
pub trait ListRequest: Clone + Default + std::fmt::Debug {
    /// The sort whitelist.
    type Sort: Copy + PartialEq;
    /// One row.
    type Row: std::fmt::Debug;
    /// The id of the records listed (`ClientId`, `VehicleId`…).
    type Id: Clone + std::fmt::Debug;
    /// Texts and sizes.
    const SPEC: ListSpec;
    /// The columns, in a wide card or a narrow one.
    fn columns(wide: bool) -> Vec<ListColumn<Self::Sort>>;
    /// Draws the cell of `column` (its header key) for `row`.
    fn cell_ui(ui: &mut Ui, cx: &Cx<'_>, column: &'static str, row: &Self::Row);
    /// The id of the record a row opens.
    fn row_id(row: &Self::Row) -> Self::Id;
    /// The search text.
    fn text_mut(&mut self) -> &mut String;
    /// The sort and whether descending.
    fn sort(&self) -> (Self::Sort, bool);
    /// Sets the sort.
    fn set_sort(&mut self, sort: Self::Sort, descending: bool);
    /// The direction a newly picked sort starts in.
    fn first_descending(_sort: Self::Sort) -> bool {
        false
    }
    /// Whether anything narrows the list (for the empty state's wording).
    fn filtered(&self) -> bool;
    /// The same request for one page.
    #[must_use]
    fn paged(&self, offset: u32, limit: u32) -> Self;
    /// The job that loads a page.
    fn load_job(self) -> Job;
    /// The job that writes every matching row to `path` as CSV.
    fn export_job(self, path: PathBuf) -> Job;
    /// The page in a reply, or the reply back when it is not a page of this list.
    #[allow(clippy::result_large_err)]
    fn page_of(ev: CrmEvent) -> Result<PageReply<Self::Row>, CrmEvent>;
}

/// A page as the worker answers it: the rows and how many match in all.
pub type PageReply<R> = CoreResult<(Vec<R>, i64)>;

/// What the user asked of the list this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListOutcome<Id> {
    /// Nothing.
    None,
    /// The "new" button.
    New,
    /// A row: the record's id.
    Open(Id),
}

/// A list's state: the request, the rows loaded so far, the page out, the export.
#[derive(Debug)]
pub struct ListView<Q: ListRequest> {
    /// The request (filter and sort; the page is set per request).
    pub query: Q,
    rows: Vec<Q::Row>,
    total: i64,
    /// The page request out (its id and offset).
    pending: Option<(RequestId, u32)>,
    loaded: bool,
    error: Option<String>,
    export: SavePicker,
    export_req: Option<RequestId>,
}

impl<Q: ListRequest> Default for ListView<Q> {
    fn default() -> Self {
        Self {
            query: Q::default(),
            rows: Vec::new(),
            total: 0,
            pending: None,
            loaded: false,
            error: None,
            export: SavePicker::default(),
            export_req: None,
        }
    }
}

impl<Q: ListRequest> ListView<Q> {
    /// True until the first page is asked for (and after an error is retried).
    pub fn needs_load(&self) -> bool {
        !self.loaded && self.pending.is_none() && self.error.is_none()
    }

    /// Reads the list again from its first page.
    pub fn reload(&mut self, cx: &mut Cx<'_>) {
        self.rows.clear();
        self.total = 0;
        self.loaded = false;
        self.error = None;
        self.request_page(cx, 0);
    }

    fn request_page(&mut self, cx: &mut Cx<'_>, offset: u32) {
        let id = cx.submit(self.query.paged(offset, PAGE).load_job());
        self.pending = Some((id, offset));
    }

    /// Test hook: the next CSV export writes to `path` as if chosen in the save dialog.
    pub fn inject_save_path(&mut self, path: PathBuf) {
        self.export.inject(path);
    }

    /// Sends the export once a file is chosen (call every frame).
    pub fn poll_export(&mut self, cx: &mut Cx<'_>) {
        if let Some(path) = self.export.poll() {
            let job = self.query.paged(0, 0).export_job(path);
            self.export_req = Some(cx.submit(job));
        }
    }

    /// Takes a reply: a page of the list or the export's result; any other comes back.
    pub fn on_event(&mut self, id: RequestId, ev: CrmEvent, cx: &mut Cx<'_>) -> Option<CrmEvent> {
        if let Some((_, offset)) = self.pending.filter(|(p, _)| *p == id) {
            let r = match Q::page_of(ev) {
                Ok(r) => r,
                Err(other) => return Some(other),
            };
            self.pending = None;
            self.loaded = true;
            match r {
                Ok((rows, total)) => {
                    if offset == 0 {
                        self.rows = rows;
                    } else {
                        self.rows.extend(rows);
                    }
                    self.total = total;
                }
                Err(e) => self.error = Some(cx.error_text(&e)),
            }
            return None;
        }
        match ev {
            CrmEvent::Exported(r) if self.export_req == Some(id) => {
                self.export_req = None;
                match r {
                    Ok((path, n)) => cx.toast_ok(cx.tr_args(
                        Q::SPEC.export.2,
                        &[
                            ("count", i64::try_from(n).unwrap_or(i64::MAX).into()),
                            ("path", path.display().to_string().into()),
                        ],
                    )),
                    Err(e) => cx.toast_err(cx.error_text(&e)),
                }
                None
            }
            other => Some(other),
        }
    }

    /// Draws the list. `new` is the "new" button (icon, text key) when the user may create;
    /// `filters` draws the screen's filters after the search box and says whether one changed.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        new: Option<(&str, &str)>,
        filters: impl FnOnce(&mut Ui, &Cx<'_>, &mut Q) -> bool,
    ) -> ListOutcome<Q::Id> {
        let t = *cx.tokens;
        let spec = Q::SPEC;
        let subtitle = if self.loaded {
            cx.tr_args(spec.count, &[("count", self.total.into())])
        } else {
            cx.tr("loading")
        };
        let mut outcome = ListOutcome::None;
        ui.horizontal(|ui| {
            ui.vertical(|ui| page_title_ui(ui, &t, &cx.tr(spec.title), Some(&subtitle)));
            if self.actions_ui(ui, cx, new) {
                outcome = ListOutcome::New;
            }
        });
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(icons::MAGNIFYING_GLASS).color(t.muted));
            let label = cx.tr(spec.search.0);
            let r = ui.add(
                TextEdit::singleline(self.query.text_mut())
                    .hint_text(cx.tr(spec.search.1))
                    .desired_width(spec.search_width)
                    .min_size(Vec2::new(0.0, t.hit - 8.0)),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label));
            changed |= r.changed();
            ui.add_space(t.gap * 0.5);
            changed |= filters(ui, cx, &mut self.query);
        });
        if changed {
            self.reload(cx);
        }
        ui.add_space(t.gap * 0.5);
        if let Some(e) = self.error.clone() {
            t.card_frame().show(ui, |ui| {
                ui.label(RichText::new(format!("{}  {e}", icons::WARNING)).color(t.danger));
                if ui.button(cx.tr("retry")).clicked() {
                    self.reload(cx);
                }
            });
            return outcome;
        }
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            if self.loaded && self.rows.is_empty() {
                let (title, hint) = if self.query.filtered() {
                    spec.empty_filtered
                } else {
                    spec.empty
                };
                empty_state_ui(ui, &t, spec.icon, &cx.tr(title), &cx.tr(hint));
                return;
            }
            if let Some(id) = self.table_ui(ui, cx) {
                outcome = ListOutcome::Open(id);
            }
        });
        outcome
    }

    /// The "new" and export buttons, right-aligned; true when "new" was clicked.
    fn actions_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>, new: Option<(&str, &str)>) -> bool {
        let t = *cx.tokens;
        let (export_key, file_name, _) = Q::SPEC.export;
        let mut clicked = false;
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if let Some((icon, key)) = new {
                clicked = primary_icon_button(ui, &t, icon, &cx.tr(key)).clicked();
            }
            if allows_user(cx, Action::ExportCsv) {
                let busy = self.export.busy() || self.export_req.is_some();
                let r = ui.add_enabled_ui(!busy, |ui| {
                    secondary_icon_button(ui, &t, icons::EXPORT, &cx.tr(export_key))
                });
                if r.inner.clicked() {
                    self.export
                        .open(ui.ctx(), &cx.tr(export_key), file_name, ("CSV", "csv"));
                }
            }
        });
        clicked
    }

    /// The table; returns the id of a clicked row.
    fn table_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Q::Id> {
        let t = *cx.tokens;
        let spec = Q::SPEC;
        let height = ui.available_height().max(200.0);
        let (sort, descending) = self.query.sort();
        let mut sort_click = None;
        let mut open = None;
        let mut max_index = 0_usize;
        // Fixed columns, then the shared ones split what is left (no horizontal overflow); a
        // narrow card (a 1024-pixel window) leaves the wide-only columns out.
        let columns = Q::columns(ui.available_width() >= spec.wide_from);
        let reserved: f32 = columns
            .iter()
            .map(|c| match c.width {
                Width::Fixed(w) | Width::Rest(w) => w,
                Width::Share(_) => 0.0,
            })
            .sum();
        #[allow(clippy::cast_precision_loss)]
        let spacing = ui.spacing().item_spacing.x * columns.len() as f32;
        let flex = (ui.available_width() - reserved - spacing).max(spec.min_flex);
        let rows = &self.rows;
        let cxr: &Cx<'_> = cx;
        ui.scope(|ui| {
            ui.style_mut().interaction.selectable_labels = false;
            let mut table = TableBuilder::new(ui)
                .id_salt(spec.id)
                .striped(true)
                .sense(Sense::click())
                .cell_layout(Layout::left_to_right(Align::Center));
            for c in &columns {
                table = table.column(match c.width {
                    Width::Fixed(w) => Column::exact(w).clip(c.clip),
                    Width::Share(s) => Column::exact(flex * s).clip(c.clip),
                    Width::Rest(_) => Column::remainder().clip(c.clip),
                });
            }
            table
                .min_scrolled_height(height - t.hit - 12.0)
                .max_scroll_height(height - t.hit - 12.0)
                .header(t.hit, |mut h| {
                    for c in &columns {
                        h.col(|ui| match c.sort {
                            Some(s) => {
                                let active = (s == sort).then_some(descending);
                                if sort_header_ui(ui, &t, &cxr.tr(c.key), active) {
                                    sort_click = Some(s);
                                }
                            }
                            None => header_ui(ui, &t, &cxr.tr(c.key)),
                        });
                    }
                })
                .body(|body| {
                    body.rows(spec.row_height, rows.len(), |mut row| {
                        let i = row.index();
                        max_index = max_index.max(i);
                        let Some(r) = rows.get(i) else { return };
                        for c in &columns {
                            row.col(|ui| Q::cell_ui(ui, cxr, c.key, r));
                        }
                        if row.response().clicked() {
                            open = Some(Q::row_id(r));
                        }
                    });
                });
        });
        if let Some(s) = sort_click {
            let descending = if s == sort {
                !descending
            } else {
                Q::first_descending(s)
            };
            self.query.set_sort(s, descending);
            self.reload(cx);
            return None;
        }
        if open.is_some() {
            return open;
        }
        // Infinite paging: ask for the next page when the last rows come into view.
        let loaded = self.rows.len();
        if self.pending.is_none()
            && i64::try_from(loaded).unwrap_or(i64::MAX) < self.total
            && max_index + 40 >= loaded
        {
            self.request_page(cx, u32::try_from(loaded).unwrap_or(u32::MAX));
        }
        if self.pending.is_some_and(|(_, o)| o > 0) {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new(cx.tr("loading")).color(t.muted));
            });
        }
        None
    }
}

/// A filter of a list's toolbar: its caption and a combo box of `options` (value, text),
/// kept together on one line (to the next line when less than `room` is left). Returns true
/// when the value changed.
pub fn filter_combo_ui<V: PartialEq + Clone>(
    ui: &mut Ui,
    cx: &Cx<'_>,
    id: &str,
    caption: &str,
    room: f32,
    value: &mut V,
    options: &[(V, String)],
) -> bool {
    let t = cx.tokens;
    // A wrapping row cannot measure a group before placing it.
    if ui.max_rect().right() - ui.cursor().min.x < room {
        ui.end_row();
    }
    let selected = options
        .iter()
        .find(|(v, _)| v == value)
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new(caption).color(t.muted));
        let combo = egui::ComboBox::from_id_salt(id)
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for (v, text) in options {
                    changed |= ui.selectable_value(value, v.clone(), text).changed();
                }
            });
        // The combo's accessible name is its caption.
        ui.ctx()
            .accesskit_node_builder(combo.response.id, |b| b.set_label(caption));
    });
    changed
}
