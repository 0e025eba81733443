//! Audit log (admins): filter by user, item, action and dates; newest first, 50 per page; the
//! selected entry's changes (before → after) and raw JSON; a pointer to the chain check.

use chrono::{Duration, LocalResult, NaiveDate, TimeZone as _};
use egui::{Align, Label, Layout, RichText, Sense, TextEdit, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::audit::{self, AuditFilter, AuditRow, JsonValue};
use rpma_core::audit_say;
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::format::{self, Tz};
use rpma_core::i18n::Arg;

use crate::jobs::{AuditPage, Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{
    icon_button, kv_row_ui, page_title_ui, primary_button, secondary_button, section_title_ui,
};
use crate::ui::{Command, Cx, icons};

/// Entries per page.
const PAGE: u32 = 50;
/// Largest width of the details dialog.
const DETAILS_WIDTH: f32 = 760.0;

/// Kinds of record that can be filtered on, with the i18n key of their name.
const ENTITIES: &[(&str, &str)] = &[
    ("user", "audit-entity-user"),
    ("settings", "audit-entity-settings"),
    ("organisation", "audit-entity-organisation"),
];

/// How an action is coloured: failures and locks in red, successful sign-ins in green.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Danger,
    Success,
    Accent,
    Neutral,
}

fn tone(action: &str) -> Tone {
    match action {
        "login.failed" | "auth.failed" | "auth.lockout" => Tone::Danger,
        "login.ok" => Tone::Success,
        a if a.starts_with("settings.") || a.starts_with("organisation.") => Tone::Accent,
        _ => Tone::Neutral,
    }
}

fn tone_colour(t: &Tokens, tone: Tone) -> egui::Color32 {
    match tone {
        Tone::Danger => t.danger,
        Tone::Success => t.success,
        Tone::Accent => t.accent_hover,
        Tone::Neutral => t.heading,
    }
}

/// Parses `DD/MM/YYYY`; the start of that day (or of the next one when `next_day`) in the shop's
/// time zone, as UTC ms. Empty text is no bound; anything else that is not a date is an error.
fn parse_day(text: &str, tz: Tz, next_day: bool) -> Result<Option<i64>, ()> {
    let s = text.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // A four-digit year, so that "1/2/26" is not taken for the year 26.
    if s.rsplit('/').next().is_none_or(|y| y.len() != 4) {
        return Err(());
    }
    let date = NaiveDate::parse_from_str(s, "%d/%m/%Y").map_err(|_| ())?;
    let date = if next_day {
        date.succ_opt().ok_or(())?
    } else {
        date
    };
    let midnight = date.and_hms_opt(0, 0, 0).ok_or(())?;
    let local = match tz.from_local_datetime(&midnight) {
        LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => Some(d),
        // Midnight skipped by a clock change: the day starts an hour later.
        LocalResult::None => tz
            .from_local_datetime(&(midnight + Duration::hours(1)))
            .earliest(),
    };
    local.map(|d| Some(d.timestamp_millis())).ok_or(())
}

/// Audit screen state. Reset by the app on every entry, so it always shows fresh data.
#[derive(Debug, Default)]
pub struct AuditScreen {
    page: Option<AuditPage>,
    pending: Option<RequestId>,
    error: Option<String>,
    started: bool,
    /// Users for the filter and the names in the table, sorted by name.
    users: Vec<(String, String)>,
    /// The filter of the page shown (or asked for).
    query: AuditFilter,
    user_id: Option<String>,
    entity: Option<&'static str>,
    action: String,
    from: String,
    to: String,
    from_error: Option<String>,
    to_error: Option<String>,
    /// Sequence number of the selected entry.
    selected: Option<i64>,
}

impl AuditScreen {
    /// Takes replies addressed to this screen; returns the others.
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        match ev {
            JobEvent::Audit(r) => {
                if self.pending == Some(id) {
                    self.pending = None;
                    match r {
                        Ok(page) => {
                            let mut users = page.user_names.clone();
                            rpma_core::people::sort_by_surname(&mut users, |(_, name)| name);
                            self.users = users;
                            if self
                                .selected
                                .is_some_and(|s| !page.rows.iter().any(|r| r.seq == s))
                            {
                                self.selected = None;
                            }
                            self.page = Some(page);
                            self.error = None;
                        }
                        Err(e) => self.error = Some(cx.error_text(&e)),
                    }
                }
                None
            }
            other => Some(other),
        }
    }

    fn load(&mut self, cx: &mut Cx<'_>) {
        let Some(user) = cx.user else { return };
        let job = Job::LoadAudit {
            actor_role: user.role,
            filter: self.query.clone(),
        };
        self.pending = Some(cx.submit(job));
    }

    /// Checks the filter fields and asks for the first page; bad dates ask for nothing.
    fn apply(&mut self, cx: &mut Cx<'_>) {
        self.from_error = None;
        self.to_error = None;
        let bad = cx.tr("audit-err-date");
        let from = parse_day(&self.from, cx.tz, false);
        let to = parse_day(&self.to, cx.tz, true);
        if from.is_err() {
            self.from_error = Some(bad.clone());
        }
        if to.is_err() {
            self.to_error = Some(bad);
        }
        let (Ok(from_ms), Ok(to_ms)) = (from, to) else {
            return;
        };
        if let (Some(f), Some(t)) = (from_ms, to_ms)
            && t <= f
        {
            self.to_error = Some(cx.tr("audit-err-range"));
            return;
        }
        let action = self.action.trim().trim_end_matches('.').to_owned();
        self.query = AuditFilter {
            user_id: self.user_id.clone(),
            entity: self.entity.map(str::to_owned),
            action: (!action.is_empty()).then_some(action),
            from_ms,
            to_ms,
            limit: PAGE,
            offset: 0,
        };
        self.load(cx);
    }

    fn reset_filters(&mut self, cx: &mut Cx<'_>) {
        self.user_id = None;
        self.entity = None;
        self.action.clear();
        self.from.clear();
        self.to.clear();
        self.apply(cx);
    }

    /// The selected entry, when it is on the page shown.
    fn selected_row(&self) -> Option<&AuditRow> {
        let seq = self.selected?;
        self.page.as_ref()?.rows.iter().find(|r| r.seq == seq)
    }

    fn user_name(&self, id: &str) -> Option<&str> {
        self.users
            .iter()
            .find(|(uid, _)| uid == id)
            .map(|(_, n)| n.as_str())
    }

    /// "Système" for entries with no acting user; the name, else the start of the id.
    fn actor_label(&self, cx: &Cx<'_>, row: &AuditRow) -> String {
        match &row.user_id {
            None => cx.tr("audit-system"),
            Some(id) => self
                .user_name(id)
                .map_or_else(|| cx.tr("audit-name-gone"), str::to_owned),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        page_title_ui(ui, &t, &cx.tr("nav-audit"), Some(&cx.tr("audit-subtitle")));
        if !cx.user.is_some_and(|u| allows(u.role, Action::ViewAudit)) {
            ui.label(
                RichText::new(format!("{} {}", icons::LOCK, cx.tr("err-forbidden"))).color(t.muted),
            );
            return;
        }
        if !self.started {
            self.started = true;
            self.query.limit = PAGE;
            self.load(cx);
        }
        self.filters_ui(ui, cx);
        ui.add_space(t.gap * 0.75);
        if let Some(err) = self.error.clone() {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("{} {err}", icons::WARNING)).color(t.danger));
                if ui
                    .button(format!("{} {}", icons::ARROW_CLOCKWISE, cx.tr("retry")))
                    .clicked()
                {
                    self.load(cx);
                }
            });
            ui.add_space(t.gap * 0.75);
        }
        // The note under the table takes two lines in a narrow window.
        let w = ui.available_width();
        let note_height = (if w < 900.0 { 2.0 } else { 1.0 }) * t.hit + 18.0;
        let height = (ui.available_height() - note_height).max(220.0);
        self.table_card_ui(ui, cx, height);
        self.chain_note_ui(ui, cx);
        self.details_modal_ui(ui, cx);
    }

    fn filters_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let lang = cx.lang;
        let mut apply = false;
        let mut reset = false;
        let user_current = self
            .user_id
            .as_deref()
            .and_then(|id| self.user_name(id))
            .map_or_else(|| cx.tr("audit-all-users"), str::to_owned);
        let entity_current = self
            .entity
            .and_then(|e| ENTITIES.iter().find(|(k, _)| *k == e))
            .map_or_else(|| cx.tr("audit-all-entities"), |(_, key)| cx.tr(key));
        let users = &self.users;
        let user_id = &mut self.user_id;
        let entity = &mut self.entity;
        let action = &mut self.action;
        let from = &mut self.from;
        let to = &mut self.to;
        let (from_error, to_error) = (self.from_error.as_deref(), self.to_error.as_deref());
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                // Five fields on one line, widths shared by weight (dates on a second when narrow).
                let spacing = 12.0;
                let full = ui.available_width();
                let narrow = full < 760.0;
                let (lines, weights): (&[&[usize]], [f32; 5]) = if narrow {
                    (&[&[0, 1, 2], &[3, 4]], [0.34, 0.33, 0.33, 0.27, 0.27])
                } else {
                    (&[&[0, 1, 2, 3, 4]], [0.24, 0.21, 0.21, 0.17, 0.17])
                };
                let column = Layout::top_down(Align::Min);
                let date_hint = lang.tr("audit-date-hint");
                let action_hint = lang.tr("audit-filter-action-hint");
                // "Filter" and "Clear": at the end of the dates' line when narrow, else under.
                let buttons = |ui: &mut Ui| {
                    let reset = secondary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::FUNNEL_X, lang.tr("audit-filter-reset")),
                    )
                    .clicked();
                    let apply = primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::FUNNEL, lang.tr("audit-filter-apply")),
                    )
                    .clicked();
                    (apply, reset)
                };
                for (n, line) in lines.iter().enumerate() {
                    let inner = full - spacing * (line.len() as f32 - 1.0);
                    let last = n + 1 == lines.len();
                    ui.horizontal_top(|ui| {
                        ui.spacing_mut().item_spacing.x = spacing;
                        for &field in *line {
                            let w = inner * weights.get(field).copied().unwrap_or(0.2);
                            ui.allocate_ui_with_layout(
                                Vec2::new(w, 0.0),
                                column,
                                |ui| match field {
                                    0 => {
                                        let before = user_id.clone();
                                        combo_ui(
                                            ui,
                                            &t,
                                            &lang.tr("audit-filter-user"),
                                            "audit_user_filter",
                                            user_current.clone(),
                                            |ui| {
                                                ui.selectable_value(
                                                    &mut *user_id,
                                                    None,
                                                    lang.tr("audit-all-users"),
                                                );
                                                for (id, name) in users {
                                                    ui.selectable_value(
                                                        &mut *user_id,
                                                        Some(id.clone()),
                                                        name,
                                                    );
                                                }
                                            },
                                        );
                                        apply |= before != *user_id;
                                    }
                                    1 => {
                                        let before = *entity;
                                        combo_ui(
                                            ui,
                                            &t,
                                            &lang.tr("audit-filter-entity"),
                                            "audit_entity_filter",
                                            entity_current.clone(),
                                            |ui| {
                                                ui.selectable_value(
                                                    &mut *entity,
                                                    None,
                                                    lang.tr("audit-all-entities"),
                                                );
                                                for (e, key) in ENTITIES {
                                                    ui.selectable_value(
                                                        &mut *entity,
                                                        Some(*e),
                                                        lang.tr(key),
                                                    );
                                                }
                                            },
                                        );
                                        apply |= before != *entity;
                                    }
                                    _ => {
                                        let (key, value, hint, error) = match field {
                                            2 => (
                                                "audit-filter-action",
                                                &mut *action,
                                                &action_hint,
                                                None,
                                            ),
                                            3 => (
                                                "audit-filter-from",
                                                &mut *from,
                                                &date_hint,
                                                from_error,
                                            ),
                                            _ => {
                                                ("audit-filter-to", &mut *to, &date_hint, to_error)
                                            }
                                        };
                                        let r = filter_field_ui(
                                            ui,
                                            &t,
                                            &lang.tr(key),
                                            value,
                                            hint,
                                            error,
                                        );
                                        if r.lost_focus()
                                            && ui.input(|i| i.key_pressed(egui::Key::Enter))
                                        {
                                            apply = true;
                                        }
                                    }
                                },
                            );
                        }
                        if narrow && last {
                            // Level with the inputs, under the labels.
                            let size = Vec2::new(ui.available_width(), ui.min_rect().height());
                            let (a, r) = ui
                                .allocate_ui_with_layout(
                                    size,
                                    Layout::right_to_left(Align::Max),
                                    buttons,
                                )
                                .inner;
                            apply |= a;
                            reset |= r;
                        }
                    });
                }
                ui.add_space(4.0);
                if !narrow {
                    let bar = Vec2::new(ui.available_width(), t.hit);
                    let (a, r) = ui
                        .allocate_ui_with_layout(bar, Layout::right_to_left(Align::Center), buttons)
                        .inner;
                    apply |= a;
                    reset |= r;
                }
            });
        if reset {
            self.reset_filters(cx);
        } else if apply {
            self.apply(cx);
        }
    }

    fn table_card_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, height: f32) {
        let t = *cx.tokens;
        let lang = cx.lang;
        let mut go_to: Option<u32> = None;
        let mut clicked: Option<i64> = None;
        t.card_frame()
            .inner_margin(egui::Margin::same(14))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.set_height(height - 28.0);
                let Some(page) = &self.page else {
                    // Nothing yet: loading, or the error above says why.
                    if self.pending.is_some() {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(RichText::new(cx.tr("loading")).color(t.muted));
                        });
                    }
                    return;
                };
                let total = page.total.max(0);
                let pages = (total + i64::from(PAGE) - 1) / i64::from(PAGE);
                let current = i64::from(self.query.offset / PAGE) + 1;
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(cx.tr_args(
                            "audit-count",
                            &[
                                ("count", Arg::from(total)),
                                ("shown", Arg::from(format::format_int(total, lang))),
                            ],
                        ))
                        .strong()
                        .color(t.heading),
                    );
                    if self.pending.is_some() {
                        ui.spinner();
                    } else if total > 0 {
                        ui.label(
                            RichText::new(cx.tr("audit-details-hint"))
                                .small()
                                .color(t.muted),
                        );
                    }
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        let has_next = current < pages;
                        if ui
                            .add_enabled(
                                has_next,
                                egui::Button::new(format!("{} ›", cx.tr("audit-next")))
                                    .min_size(Vec2::new(0.0, t.hit)),
                            )
                            .clicked()
                        {
                            go_to = Some(self.query.offset.saturating_add(PAGE));
                        }
                        if ui
                            .add_enabled(
                                current > 1,
                                egui::Button::new(format!("‹ {}", cx.tr("audit-prev")))
                                    .min_size(Vec2::new(0.0, t.hit)),
                            )
                            .clicked()
                        {
                            go_to = Some(self.query.offset.saturating_sub(PAGE));
                        }
                        if pages > 1 {
                            ui.label(
                                RichText::new(cx.tr_args(
                                    "audit-page",
                                    &[("page", Arg::from(current)), ("pages", Arg::from(pages))],
                                ))
                                .color(t.muted),
                            );
                        }
                    });
                });
                ui.separator();
                if page.rows.is_empty() {
                    ui.add_space(t.gap);
                    ui.vertical_centered(|ui| {
                        ui.label(RichText::new(icons::SCROLL).size(32.0).color(t.muted));
                        ui.label(
                            RichText::new(cx.tr("audit-empty"))
                                .strong()
                                .color(t.heading),
                        );
                        ui.label(RichText::new(cx.tr("audit-empty-hint")).color(t.muted));
                    });
                    return;
                }
                // The sentence names the record; the details dialog shows it on its own too.
                let rows: Vec<(i64, String, String, String, Tone)> = page
                    .rows
                    .iter()
                    .map(|r| {
                        (
                            r.seq,
                            format::format_datetime(r.at, cx.tz, lang),
                            self.actor_label(cx, r),
                            audit_say::sentence(r, &page.names, lang),
                            tone(&r.action),
                        )
                    })
                    .collect();
                let selected = self.selected;
                let system = cx.tr("audit-system");
                let row_h = t.hit;
                // Header row, spacing and the body share what is left of the card.
                let table_h = (ui.available_height() - row_h - 3.0 * ui.spacing().item_spacing.y)
                    .max(row_h * 3.0);
                // Widths shared so that the table always fits its card.
                let w_when = 132.0;
                let rest =
                    (ui.available_width() - w_when - 3.0 * ui.spacing().item_spacing.x).max(240.0);
                let w_user = rest * 0.2;
                ui.scope(|ui| {
                    // Cells are plain text, so that a click anywhere selects the row.
                    ui.style_mut().interaction.selectable_labels = false;
                    TableBuilder::new(ui)
                        .id_salt("audit_table")
                        .striped(true)
                        .sense(Sense::click())
                        .cell_layout(Layout::left_to_right(Align::Center))
                        .column(Column::exact(w_when))
                        .column(Column::exact(w_user).clip(true))
                        .column(Column::remainder().clip(true))
                        .min_scrolled_height(table_h)
                        .max_scroll_height(table_h)
                        .header(row_h - 6.0, |mut h| {
                            for key in ["audit-col-when", "audit-col-user", "audit-col-action"] {
                                h.col(|ui| {
                                    ui.label(
                                        RichText::new(cx.tr(key)).small().strong().color(t.muted),
                                    );
                                });
                            }
                        })
                        .body(|body| {
                            body.rows(row_h, rows.len(), |mut row| {
                                let Some((seq, when, who, what, tone)) = rows.get(row.index())
                                else {
                                    return;
                                };
                                row.set_selected(selected == Some(*seq));
                                row.col(|ui| {
                                    ui.add(
                                        Label::new(RichText::new(when).color(t.text)).truncate(),
                                    );
                                });
                                row.col(|ui| {
                                    // "Système" muted, people in the heading colour.
                                    let colour = if *who == system { t.muted } else { t.heading };
                                    ui.add(Label::new(RichText::new(who).color(colour)).truncate());
                                });
                                row.col(|ui| {
                                    // Failures in red, sign-ins in green, the rest plain.
                                    let fg = tone_colour(&t, *tone);
                                    let text = RichText::new(what).color(fg);
                                    ui.add(Label::new(text).truncate()).on_hover_text(what);
                                });
                                if row.response().clicked() {
                                    clicked = Some(*seq);
                                }
                            });
                        });
                });
            });
        if let Some(seq) = clicked {
            self.selected = if self.selected == Some(seq) {
                None
            } else {
                Some(seq)
            };
        }
        if let Some(offset) = go_to {
            self.query.offset = offset;
            self.load(cx);
        }
    }

    /// The selected entry in a dialog: what changed, the raw JSON, and the neighbours.
    fn details_modal_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(row) = self.selected_row().cloned() else {
            return;
        };
        let t = *cx.tokens;
        let screen = ui.ctx().content_rect();
        let width = (screen.width() - 120.0).clamp(320.0, DETAILS_WIDTH);
        let max_height = (screen.height() - 220.0).max(200.0);
        let rows: Vec<i64> = self
            .page
            .as_ref()
            .map(|p| p.rows.iter().map(|r| r.seq).collect())
            .unwrap_or_default();
        let index = rows.iter().position(|s| *s == row.seq);
        let newer = index
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| rows.get(i))
            .copied();
        let older = index.and_then(|i| rows.get(i + 1)).copied();
        let mut close = false;
        let mut go: Option<i64> = None;
        let modal = egui::Modal::new(egui::Id::unique("audit_details_modal"))
            .frame(t.card_frame())
            .show(ui.ctx(), |ui| {
                ui.set_width(width);
                ui.horizontal(|ui| {
                    section_title_ui(
                        ui,
                        &t,
                        &format!("{} {}", icons::FILE_TEXT, cx.tr("audit-details")),
                    );
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        close |= icon_button(ui, icons::X, &cx.tr("close")).clicked();
                    });
                });
                egui::ScrollArea::vertical()
                    .id_salt("audit_details_scroll")
                    .max_height(max_height)
                    .show(ui, |ui| self.details_ui(ui, cx, &row));
                ui.separator();
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(
                            newer.is_some(),
                            egui::Button::new(format!("‹ {}", cx.tr("audit-newer")))
                                .min_size(Vec2::new(0.0, t.hit)),
                        )
                        .clicked()
                    {
                        go = newer;
                    }
                    if ui
                        .add_enabled(
                            older.is_some(),
                            egui::Button::new(format!("{} ›", cx.tr("audit-older")))
                                .min_size(Vec2::new(0.0, t.hit)),
                        )
                        .clicked()
                    {
                        go = older;
                    }
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        close |= secondary_button(ui, &t, &cx.tr("close")).clicked();
                    });
                });
            });
        if let Some(seq) = go {
            self.selected = Some(seq);
        } else if close || modal.should_close() {
            self.selected = None;
        }
    }

    fn details_ui(&self, ui: &mut Ui, cx: &Cx<'_>, row: &AuditRow) {
        let t = *cx.tokens;
        let names = self
            .page
            .as_ref()
            .map(|p| p.names.clone())
            .unwrap_or_default();
        let label = audit_say::sentence(row, &names, cx.lang);
        let colour = tone_colour(&t, tone(&row.action));
        ui.add(Label::new(RichText::new(&label).strong().color(colour)).wrap());
        ui.add_space(6.0);
        egui::Grid::new("audit_details_grid")
            .num_columns(2)
            .spacing([14.0, 6.0])
            .show(ui, |ui| {
                kv_row_ui(
                    ui,
                    &t,
                    &cx.tr("audit-col-when"),
                    &format::format_datetime(row.at, cx.tz, cx.lang),
                );
                kv_row_ui(ui, &t, &cx.tr("audit-col-user"), &self.actor_label(cx, row));
                kv_row_ui(
                    ui,
                    &t,
                    &cx.tr("audit-col-entity"),
                    &audit_say::object(row, &names, cx.lang),
                );
                ui.label(RichText::new(cx.tr("audit-hash")).color(t.muted));
                ui.label(
                    RichText::new(row.hash.get(..16).unwrap_or(&row.hash))
                        .monospace()
                        .color(t.heading),
                )
                .on_hover_text(&row.hash);
                ui.end_row();
            });
        ui.label(
            RichText::new(cx.tr_args("audit-seq", &[("seq", Arg::from(row.seq))]))
                .small()
                .color(t.muted),
        );
        ui.separator();
        ui.label(
            RichText::new(cx.tr("audit-changes"))
                .strong()
                .color(t.heading),
        );
        let before = row.before.as_deref().map(audit::parse_stored);
        let after = row.after.as_deref().map(audit::parse_stored);
        if before.is_none() && after.is_none() {
            ui.label(RichText::new(cx.tr("audit-no-data")).color(t.muted));
            return;
        }
        let changes = audit::field_changes(before.as_ref(), after.as_ref());
        if changes.is_empty() {
            ui.label(RichText::new(cx.tr("audit-no-change")).color(t.muted));
        } else {
            let shown = |v: &Option<JsonValue>| match v {
                None => "—".to_owned(),
                Some(JsonValue::Bool(true)) => cx.tr("audit-yes"),
                Some(JsonValue::Bool(false)) => cx.tr("audit-no"),
                Some(v) => audit::leaf_text(v),
            };
            // An event with only "after" (a sign-in, a creation) has no "before" column.
            let with_before = before.is_some();
            let headers: &[&str] = if with_before {
                &["audit-field", "audit-before", "audit-after"]
            } else {
                &["audit-field", "audit-value"]
            };
            let value_width = (ui.available_width() - 200.0) / (headers.len() as f32 - 1.0);
            egui::Grid::new("audit_changes_grid")
                .num_columns(headers.len())
                .striped(true)
                .spacing([16.0, 6.0])
                .min_col_width(120.0)
                .max_col_width(value_width.max(120.0))
                .show(ui, |ui| {
                    for key in headers {
                        ui.label(RichText::new(cx.tr(key)).small().strong().color(t.muted));
                    }
                    ui.end_row();
                    for c in &changes {
                        ui.add(Label::new(RichText::new(&c.path).monospace().small()).wrap());
                        if with_before {
                            ui.add(
                                Label::new(
                                    RichText::new(shown(&c.before))
                                        .monospace()
                                        .small()
                                        .color(t.muted),
                                )
                                .wrap(),
                            );
                        }
                        ui.add(
                            Label::new(
                                RichText::new(shown(&c.after))
                                    .monospace()
                                    .small()
                                    .color(t.heading),
                            )
                            .wrap(),
                        );
                        ui.end_row();
                    }
                });
        }
        ui.add_space(6.0);
        egui::CollapsingHeader::new(format!("{} {}", icons::BRACKETS_CURLY, cx.tr("audit-json")))
            .id_salt(("audit_json", row.seq))
            .show(ui, |ui| {
                for (key, value) in [("audit-before", &before), ("audit-after", &after)] {
                    let Some(v) = value else { continue };
                    ui.label(RichText::new(cx.tr(key)).small().strong().color(t.muted));
                    let text = audit::pretty(v);
                    // Read-only, but the text can be selected and copied.
                    let mut view = text.as_str();
                    ui.add(
                        TextEdit::multiline(&mut view)
                            .font(egui::TextStyle::Monospace)
                            .desired_width(f32::INFINITY)
                            .desired_rows(2)
                            .code_editor(),
                    );
                }
            });
    }

    fn chain_note_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(icons::SHIELD_CHECK).color(t.accent_hover));
            ui.label(
                RichText::new(cx.tr("audit-chain-note"))
                    .small()
                    .color(t.muted),
            );
            if allows_maintenance(cx)
                && ui
                    .link(
                        RichText::new(format!("{} {}", icons::DATABASE, cx.tr("audit-chain-open")))
                            .small(),
                    )
                    .on_hover_text(cx.tr("audit-chain-open-hint"))
                    .clicked()
            {
                cx.push(Command::Navigate(Route::Maintenance));
            }
        });
    }
}

/// A labelled combo box of the filter bar.
fn combo_ui(
    ui: &mut Ui,
    t: &Tokens,
    label: &str,
    id: &str,
    selected: String,
    options: impl FnOnce(&mut Ui),
) {
    let label = ui.label(RichText::new(label).strong().color(t.text));
    egui::ComboBox::from_id_salt(id)
        .width(ui.available_width())
        .height(360.0)
        .truncate()
        .selected_text(selected)
        .show_ui(ui, options)
        .response
        .labelled_by(label.id);
}

/// A labelled text field of the filter bar, with a placeholder and its error under it.
fn filter_field_ui(
    ui: &mut Ui,
    t: &Tokens,
    label: &str,
    value: &mut String,
    hint: &str,
    error: Option<&str>,
) -> egui::Response {
    let label = ui.label(RichText::new(label).strong().color(t.text));
    let mut edit = TextEdit::singleline(value)
        .hint_text(hint)
        .desired_width(f32::INFINITY)
        .margin(egui::Margin::symmetric(10, 6));
    if error.is_some() {
        edit = edit.background_color(t.danger_soft);
    }
    let r = edit.show(ui).response.response.labelled_by(label.id);
    if let Some(e) = error {
        ui.label(RichText::new(e).small().color(t.danger));
    }
    r
}

fn allows_maintenance(cx: &Cx<'_>) -> bool {
    cx.user
        .is_some_and(|u| allows(u.role, Action::ViewMaintenance))
}
