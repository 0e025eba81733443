//! Instant search (Ctrl+K anywhere): a palette over the current screen. Every keystroke sends a
//! search to the worker (FTS5, prefix matching, scoped by role); only the reply to the latest
//! query is shown. Results are grouped by kind; ↑/↓ choose, Enter opens, Escape closes.

use egui::{Align, Key, Layout, RichText, Sense, Ui, Vec2};
use rpma_core::format;
use rpma_core::jobs::status::JobStatus;
use rpma_core::search::{Hit, HitKind, SearchResults};

use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::widgets::{badge_ui, icon_button};
use crate::ui::{Command, Cx, icons};

/// The search palette's state.
#[derive(Debug, Default)]
pub struct SearchPalette {
    open: bool,
    query: String,
    /// The query the shown results answer.
    answered: String,
    waiting: Option<RequestId>,
    results: SearchResults,
    selected: usize,
    error: Option<String>,
    focus: bool,
    /// The selection moved by keyboard: bring it into view on the next frame (only then, so the
    /// first group's heading stays visible while the first hit is selected).
    reveal: bool,
}

impl SearchPalette {
    /// Opens the palette (empty, focused) or closes it.
    pub fn toggle(&mut self) {
        if self.open {
            self.close();
        } else {
            *self = Self {
                open: true,
                focus: true,
                ..Self::default()
            };
        }
    }

    /// The titles of the results on show, in order.
    pub fn hit_titles(&self) -> Vec<String> {
        self.results.all().map(|h| h.title.clone()).collect()
    }

    /// True while shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Closes and forgets the query.
    pub fn close(&mut self) {
        *self = Self::default();
    }

    /// Takes a search reply (only the latest request's).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &Cx<'_>) {
        if self.waiting != Some(id) {
            return;
        }
        self.waiting = None;
        if let JobEvent::Search(r) = ev {
            match r {
                Ok((query, results)) => {
                    self.answered = query;
                    self.results = results;
                    self.selected = 0;
                    self.error = None;
                }
                Err(e) => self.error = Some(cx.error_text(&e)),
            }
        }
    }

    fn send(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        if self.query.trim().is_empty() {
            self.waiting = None;
            self.results = SearchResults::default();
            self.answered.clear();
            return;
        }
        let job = Job::Search {
            query: self.query.clone(),
        };
        self.waiting = Some(cx.submit(job));
    }

    fn open_hit(&mut self, hit: &Hit, cx: &mut Cx<'_>) {
        let target = match hit.kind {
            HitKind::Client => Route::Client(hit.id.as_str().into()),
            HitKind::Vehicle => Route::Vehicle(hit.id.as_str().into()),
            HitKind::Job => Route::Job(hit.id.as_str().into()),
        };
        cx.push(Command::Open(target));
        self.close();
    }

    /// Draws the palette when open.
    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>) {
        if !self.open {
            return;
        }
        let t = *cx.tokens;
        // Keys are read before the text field sees them.
        let (up, down, enter) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::Enter),
            )
        });
        let count = self.results.len();
        if down && count > 0 {
            self.selected = (self.selected + 1) % count;
            self.reveal = true;
        }
        if up && count > 0 {
            self.selected = self.selected.checked_sub(1).unwrap_or(count - 1);
            self.reveal = true;
        }
        let chosen = if enter {
            self.results.all().nth(self.selected).cloned()
        } else {
            None
        };
        if let Some(hit) = chosen {
            self.open_hit(&hit, cx);
            return;
        }
        let width = (ctx.content_rect().width() - 80.0).clamp(320.0, 680.0);
        let mut clicked: Option<Hit> = None;
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("rpma-search-palette"))
            .frame(t.card_frame())
            .show(ctx, |ui| {
                ui.set_width(width);
                let title = ui
                    .horizontal(|ui| {
                        ui.label(RichText::new(icons::MAGNIFYING_GLASS).color(t.muted));
                        ui.label(
                            RichText::new(cx.tr("search-label"))
                                .strong()
                                .color(t.heading),
                        )
                    })
                    .inner;
                ui.horizontal(|ui| {
                    let before = self.query.clone();
                    let resp = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.query)
                                .hint_text(cx.tr("search-hint"))
                                .desired_width(width - 40.0)
                                .min_size(Vec2::new(0.0, t.hit))
                                .margin(egui::Margin::symmetric(10, 8)),
                        )
                        .labelled_by(title.id);
                    if self.focus {
                        resp.request_focus();
                        self.focus = false;
                    }
                    if self.query != before {
                        self.send(cx);
                    }
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        close |= icon_button(ui, icons::X, &cx.tr("close")).clicked();
                    });
                });
                ui.add_space(t.gap / 2.0);
                egui::ScrollArea::vertical()
                    .id_salt("rpma-search-results")
                    .max_height((ctx.content_rect().height() * 0.6).max(200.0))
                    .show(ui, |ui| {
                        if let Some(hit) = self.results_ui(ui, cx) {
                            clicked = Some(hit);
                        }
                    });
                ui.add_space(t.gap / 2.0);
                ui.label(RichText::new(cx.tr("search-keys")).small().color(t.muted));
            });
        self.reveal = false;
        if let Some(hit) = clicked {
            self.open_hit(&hit, cx);
        } else if close || modal.should_close() {
            self.close();
        }
    }

    fn results_ui(&self, ui: &mut Ui, cx: &Cx<'_>) -> Option<Hit> {
        let t = *cx.tokens;
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(t.danger));
            return None;
        }
        if self.query.trim().is_empty() {
            ui.label(RichText::new(cx.tr("search-empty-query")).color(t.muted));
            return None;
        }
        if self.results.is_empty() {
            if self.waiting.is_none() && self.answered == self.query {
                ui.label(RichText::new(cx.tr("search-no-result")).color(t.muted));
            } else {
                ui.spinner();
            }
            return None;
        }
        let mut clicked = None;
        let mut index = 0usize;
        let groups = [
            (
                icons::ADDRESS_BOOK,
                "search-group-clients",
                &self.results.clients,
            ),
            (
                icons::CAR_PROFILE,
                "search-group-vehicles",
                &self.results.vehicles,
            ),
            (
                icons::CLIPBOARD_TEXT,
                "search-group-jobs",
                &self.results.jobs,
            ),
        ];
        for (icon, key, hits) in groups {
            if hits.is_empty() {
                continue;
            }
            ui.label(
                RichText::new(format!("{icon} {}", cx.tr(key)))
                    .small()
                    .strong()
                    .color(t.muted),
            );
            for hit in hits {
                let selected = index == self.selected;
                let resp = self.hit_ui(ui, cx, hit, selected);
                if selected && self.reveal {
                    resp.scroll_to_me(None);
                }
                if resp.clicked() {
                    clicked = Some(hit.clone());
                }
                index += 1;
            }
            ui.add_space(t.gap / 2.0);
        }
        clicked
    }

    fn hit_ui(&self, ui: &mut Ui, cx: &Cx<'_>, hit: &Hit, selected: bool) -> egui::Response {
        let t = *cx.tokens;
        let frame = egui::Frame::new()
            .fill(if selected { t.accent_soft } else { t.card })
            .corner_radius(t.radius_small)
            .inner_margin(egui::Margin::symmetric(10, 6));
        let inner = frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.vertical(|ui| {
                    ui.label(RichText::new(&hit.title).strong().color(t.heading));
                    if !hit.subtitle.is_empty() {
                        ui.label(RichText::new(&hit.subtitle).small().color(t.muted));
                    }
                });
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if let Some(status) = hit.status.as_deref().and_then(JobStatus::parse) {
                        badge_ui(ui, &cx.tr(status.i18n_key()), t.text, t.accent_soft);
                    }
                    if let Some(when) = hit.when {
                        ui.label(
                            RichText::new(format::format_date(when, cx.tz, cx.lang))
                                .small()
                                .color(t.muted),
                        );
                    }
                });
            });
        });
        let label = format!("{} {}", hit.title, hit.subtitle);
        let resp = ui.interact(
            inner.response.rect,
            inner.response.id.with("hit"),
            Sense::click(),
        );
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        resp
    }
}
