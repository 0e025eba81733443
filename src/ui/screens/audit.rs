//! Audit log (admins): filter by user, item, action and dates; newest first, 50 per page; the
//! selected entry's changes (before → after) and raw JSON; a pointer to the chain check.

use chrono::{Duration, LocalResult, NaiveDate, TimeZone as _};
use egui::{Align, Label, Layout, RichText, Sense, TextEdit, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::audit::{AuditFilter, AuditRow};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::format::{self, Tz};
use rpma_core::i18n::Arg;

use crate::jobs::{AuditPage, Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{
    badge_ui, kv_row_ui, page_title_ui, primary_button, secondary_button, section_title_ui,
    text_field_ui,
};
use crate::ui::{Command, Cx, icons};

/// Entries per page.
const PAGE: u32 = 50;
/// Width of the details panel beside the table.
const DETAILS_WIDTH: f32 = 360.0;

/// Kinds of record that can be filtered on, with the i18n key of their name.
const ENTITIES: &[(&str, &str)] = &[
    ("user", "audit-entity-user"),
    ("settings", "audit-entity-settings"),
    ("organisation", "audit-entity-organisation"),
];

/// The human label of a known action.
fn action_key(action: &str) -> Option<&'static str> {
    Some(match action {
        "login.ok" => "audit-action-login-ok",
        "login.failed" => "audit-action-login-failed",
        "login.totp_required" => "audit-action-login-totp-required",
        "auth.lockout" => "audit-action-auth-lockout",
        "auth.failed" => "audit-action-auth-failed",
        "user.unlock" => "audit-action-user-unlock",
        "user.create" => "audit-action-user-create",
        "user.update" => "audit-action-user-update",
        "user.role_change" => "audit-action-user-role-change",
        "user.activate" => "audit-action-user-activate",
        "user.deactivate" => "audit-action-user-deactivate",
        "user.password_reset" => "audit-action-user-password-reset",
        "user.password_reset_cli" => "audit-action-user-password-reset-cli",
        "user.password_change" => "audit-action-user-password-change",
        "user.pin_set" => "audit-action-user-pin-set",
        "user.pin_clear" => "audit-action-user-pin-clear",
        "user.2fa_begin" => "audit-action-user-2fa-begin",
        "user.2fa_enable" => "audit-action-user-2fa-enable",
        "user.2fa_disable" => "audit-action-user-2fa-disable",
        "user.2fa_reset" => "audit-action-user-2fa-reset",
        "user.preferences" => "audit-action-user-preferences",
        "settings.update" => "audit-action-settings-update",
        "organisation.create" => "audit-action-organisation-create",
        "organisation.update" => "audit-action-organisation-update",
        _ => return None,
    })
}

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

fn tone_colours(t: &Tokens, tone: Tone) -> (egui::Color32, egui::Color32) {
    match tone {
        Tone::Danger => (t.danger, t.danger_soft),
        Tone::Success => (t.success, t.success_soft),
        Tone::Accent => (t.accent_hover, t.accent_soft),
        Tone::Neutral => (t.text, t.bg),
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
                            users.sort_by_key(|(_, name)| name.to_lowercase());
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
                .map_or_else(|| short_id(id), str::to_owned),
        }
    }

    /// The item concerned: its kind and which one.
    fn entity_label(&self, cx: &Cx<'_>, row: &AuditRow) -> String {
        let kind = ENTITIES
            .iter()
            .find(|(e, _)| *e == row.entity)
            .map_or_else(|| row.entity.clone(), |(_, k)| cx.tr(k));
        let which = match (row.entity.as_str(), row.entity_id.as_deref()) {
            (_, None) => None,
            ("user", Some(id)) => Some(
                self.user_name(id)
                    .map_or_else(|| short_id(id), str::to_owned),
            ),
            ("settings", Some("security")) => Some(cx.tr("audit-settings-security")),
            ("settings", Some("shop")) => Some(cx.tr("audit-settings-shop")),
            // One organisation per data folder: its id says nothing more.
            ("organisation", Some(_)) => None,
            (_, Some(id)) => Some(short_id(id)),
        };
        match which {
            Some(w) => format!("{kind} · {w}"),
            None => kind,
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        page_title_ui(ui, &t, &cx.tr("nav-audit"), Some(&cx.tr("audit-subtitle")));
        if !cx.user.is_some_and(|u| allows(u.role, Action::ViewAudit)) {
            ui.label(
                RichText::new(format!("{} {}", icons::LOCK, cx.tr("err-forbidden")))
                    .color(t.muted),
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
        let note_height = 44.0;
        let height = (ui.available_height() - note_height).max(220.0);
        let width = ui.available_width();
        let gap = t.gap;
        let table_width = (width - DETAILS_WIDTH - gap).max(420.0);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            ui.allocate_ui_with_layout(
                Vec2::new(table_width, height),
                Layout::top_down(Align::Min),
                |ui| self.table_card_ui(ui, cx, height),
            );
            ui.allocate_ui_with_layout(
                Vec2::new(DETAILS_WIDTH, height),
                Layout::top_down(Align::Min),
                |ui| self.details_card_ui(ui, cx, height),
            );
        });
        self.chain_note_ui(ui, cx);
    }

    fn filters_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let mut apply = false;
        let mut reset = false;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(16, 12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 14.0;
                    // User.
                    ui.vertical(|ui| {
                        ui.set_width(200.0);
                        let label = ui.label(
                            RichText::new(cx.tr("audit-filter-user"))
                                .strong()
                                .color(t.text),
                        );
                        let current = self
                            .user_id
                            .as_deref()
                            .and_then(|id| self.user_name(id))
                            .map_or_else(|| cx.tr("audit-all-users"), str::to_owned);
                        let before = self.user_id.clone();
                        let users = &self.users;
                        let chosen = &mut self.user_id;
                        egui::ComboBox::from_id_salt("audit_user_filter")
                            .width(200.0)
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(chosen, None, cx.tr("audit-all-users"));
                                for (id, name) in users {
                                    ui.selectable_value(chosen, Some(id.clone()), name);
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        apply |= before != self.user_id;
                    });
                    // Item.
                    ui.vertical(|ui| {
                        ui.set_width(190.0);
                        let label = ui.label(
                            RichText::new(cx.tr("audit-filter-entity"))
                                .strong()
                                .color(t.text),
                        );
                        let current = self
                            .entity
                            .and_then(|e| ENTITIES.iter().find(|(k, _)| *k == e))
                            .map_or_else(|| cx.tr("audit-all-entities"), |(_, key)| cx.tr(key));
                        let before = self.entity;
                        let chosen = &mut self.entity;
                        egui::ComboBox::from_id_salt("audit_entity_filter")
                            .width(190.0)
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(chosen, None, cx.tr("audit-all-entities"));
                                for (entity, key) in ENTITIES {
                                    ui.selectable_value(chosen, Some(*entity), cx.tr(key));
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        apply |= before != self.entity;
                    });
                    // Action prefix and dates: Enter applies.
                    let fields: [(&str, &mut String, Option<&str>, f32); 3] = [
                        ("audit-filter-action", &mut self.action, None, 200.0),
                        (
                            "audit-filter-from",
                            &mut self.from,
                            self.from_error.as_deref(),
                            150.0,
                        ),
                        (
                            "audit-filter-to",
                            &mut self.to,
                            self.to_error.as_deref(),
                            150.0,
                        ),
                    ];
                    for (key, value, error, w) in fields {
                        ui.vertical(|ui| {
                            ui.set_width(w);
                            let r = text_field_ui(ui, &t, &cx.tr(key), value, false, error);
                            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                                apply = true;
                            }
                        });
                    }
                    ui.vertical(|ui| {
                        // Aligns the buttons with the fields, under the labels' line.
                        ui.add_space(t.body + 12.0);
                        ui.horizontal(|ui| {
                            if primary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::FUNNEL, cx.tr("audit-filter-apply")),
                            )
                            .clicked()
                            {
                                apply = true;
                            }
                            if secondary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::FUNNEL_X, cx.tr("audit-filter-reset")),
                            )
                            .clicked()
                            {
                                reset = true;
                            }
                        });
                    });
                });
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
                ui.set_min_height(height - 28.0);
                let Some(page) = &self.page else {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(RichText::new(cx.tr("loading")).color(t.muted));
                    });
                    return;
                };
                let total = page.total.max(0);
                let pages = (total + i64::from(PAGE) - 1) / i64::from(PAGE);
                let current = i64::from(self.query.offset / PAGE) + 1;
                // Pager: count, page, previous/next.
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
                    }
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        let has_next = current < pages;
                        if ui
                            .add_enabled(
                                has_next,
                                egui::Button::new(format!(
                                    "{} {}",
                                    cx.tr("audit-next"),
                                    icons::CARET_RIGHT
                                ))
                                .min_size(Vec2::new(0.0, t.hit)),
                            )
                            .clicked()
                        {
                            go_to = Some(self.query.offset.saturating_add(PAGE));
                        }
                        if ui
                            .add_enabled(
                                current > 1,
                                egui::Button::new(format!(
                                    "{} {}",
                                    icons::CARET_LEFT,
                                    cx.tr("audit-prev")
                                ))
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
                                    &[
                                        ("page", Arg::from(current)),
                                        ("pages", Arg::from(pages)),
                                    ],
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
                        ui.label(RichText::new(cx.tr("audit-empty")).strong().color(t.heading));
                        ui.label(RichText::new(cx.tr("audit-empty-hint")).color(t.muted));
                    });
                    return;
                }
                let rows: Vec<(i64, String, String, String, String, Tone)> = page
                    .rows
                    .iter()
                    .map(|r| {
                        (
                            r.seq,
                            format::format_datetime(r.at, cx.tz, lang),
                            self.actor_label(cx, r),
                            action_key(&r.action).map_or_else(|| r.action.clone(), |k| cx.tr(k)),
                            self.entity_label(cx, r),
                            tone(&r.action),
                        )
                    })
                    .collect();
                let selected = self.selected;
                let row_h = t.hit;
                let table_h = (ui.available_height() - row_h).max(row_h * 3.0);
                ui.scope(|ui| {
                    // Cells are plain text, so that a click anywhere selects the row.
                    ui.style_mut().interaction.selectable_labels = false;
                    TableBuilder::new(ui)
                        .id_salt("audit_table")
                        .striped(true)
                        .sense(Sense::click())
                        .cell_layout(Layout::left_to_right(Align::Center))
                        .column(Column::exact(128.0))
                        .column(Column::initial(140.0).at_least(90.0).clip(true))
                        .column(Column::initial(230.0).at_least(120.0).clip(true))
                        .column(Column::remainder().at_least(100.0).clip(true))
                        .min_scrolled_height(table_h)
                        .max_scroll_height(table_h)
                        .header(row_h - 6.0, |mut h| {
                            for key in [
                                "audit-col-when",
                                "audit-col-user",
                                "audit-col-action",
                                "audit-col-entity",
                            ] {
                                h.col(|ui| {
                                    ui.label(RichText::new(cx.tr(key)).small().strong().color(t.muted));
                                });
                            }
                        })
                        .body(|body| {
                            body.rows(row_h, rows.len(), |mut row| {
                                let Some((seq, when, who, what, item, tone)) =
                                    rows.get(row.index())
                                else {
                                    return;
                                };
                                row.set_selected(selected == Some(*seq));
                                row.col(|ui| {
                                    ui.add(Label::new(RichText::new(when).color(t.text)).truncate());
                                });
                                row.col(|ui| {
                                    let colour = if *tone == Tone::Neutral || who.is_empty() {
                                        t.text
                                    } else {
                                        t.heading
                                    };
                                    ui.add(Label::new(RichText::new(who).color(colour)).truncate());
                                });
                                row.col(|ui| {
                                    let (fg, bg) = tone_colours(&t, *tone);
                                    if *tone == Tone::Neutral {
                                        ui.add(
                                            Label::new(RichText::new(what).color(t.heading))
                                                .truncate(),
                                        );
                                    } else {
                                        badge_ui(ui, what, fg, bg);
                                    }
                                });
                                row.col(|ui| {
                                    ui.add(Label::new(RichText::new(item).color(t.muted)).truncate());
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

    fn details_card_ui(&self, ui: &mut Ui, cx: &mut Cx<'_>, height: f32) {
        let t = *cx.tokens;
        let row = self
            .selected
            .and_then(|s| self.page.as_ref()?.rows.iter().find(|r| r.seq == s));
        t.card_frame()
            .inner_margin(egui::Margin::same(16))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.set_min_height(height - 32.0);
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::FILE_TEXT, cx.tr("audit-details")),
                );
                let Some(row) = row else {
                    ui.add_space(t.gap);
                    ui.label(RichText::new(cx.tr("audit-details-hint")).color(t.muted));
                    return;
                };
                egui::ScrollArea::vertical()
                    .id_salt("audit_details_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.details_ui(ui, cx, row));
            });
    }

    fn details_ui(&self, ui: &mut Ui, cx: &Cx<'_>, row: &AuditRow) {
        let t = *cx.tokens;
        let (fg, bg) = tone_colours(&t, tone(&row.action));
        let label = action_key(&row.action).map_or_else(|| row.action.clone(), |k| cx.tr(k));
        if tone(&row.action) == Tone::Neutral {
            ui.label(RichText::new(&label).strong().color(t.heading));
        } else {
            badge_ui(ui, &label, fg, bg);
        }
        ui.label(RichText::new(&row.action).monospace().small().color(t.muted));
        ui.add_space(4.0);
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
                kv_row_ui(ui, &t, &cx.tr("audit-col-entity"), &self.entity_label(cx, row));
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
        ui.label(RichText::new(cx.tr("audit-changes")).strong().color(t.heading));
        let before = row.before.as_deref().map(json::parse_or_text);
        let after = row.after.as_deref().map(json::parse_or_text);
        if before.is_none() && after.is_none() {
            ui.label(RichText::new(cx.tr("audit-no-data")).color(t.muted));
            return;
        }
        let changes = json::changes(before.as_ref(), after.as_ref());
        if changes.is_empty() {
            ui.label(RichText::new(cx.tr("audit-no-change")).color(t.muted));
        } else {
            let shown = |v: &Option<json::Value>| match v {
                None => "—".to_owned(),
                Some(json::Value::Bool(true)) => cx.tr("audit-yes"),
                Some(json::Value::Bool(false)) => cx.tr("audit-no"),
                Some(v) => v.leaf_text(),
            };
            egui::Grid::new("audit_changes_grid")
                .num_columns(3)
                .striped(true)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for key in ["audit-field", "audit-before", "audit-after"] {
                        ui.label(RichText::new(cx.tr(key)).small().strong().color(t.muted));
                    }
                    ui.end_row();
                    let show_before = before.is_some();
                    for c in &changes {
                        ui.add(Label::new(RichText::new(&c.path).monospace().small()).wrap());
                        let old = if show_before {
                            shown(&c.before)
                        } else {
                            "—".to_owned()
                        };
                        ui.add(
                            Label::new(RichText::new(old).monospace().small().color(t.muted))
                                .wrap(),
                        );
                        ui.add(
                            Label::new(RichText::new(shown(&c.after)).monospace().small().color(t.heading))
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
                    let mut text = v.pretty();
                    ui.add(
                        TextEdit::multiline(&mut text)
                            .font(egui::TextStyle::Monospace)
                            .desired_width(f32::INFINITY)
                            .desired_rows(2)
                            .interactive(true)
                            .code_editor(),
                    );
                }
            });
    }

    fn chain_note_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(icons::SHIELD_CHECK).color(t.accent_hover));
            let w = (ui.available_width() - 260.0).max(200.0);
            ui.add_sized(
                [w, 0.0],
                Label::new(RichText::new(cx.tr("audit-chain-note")).small().color(t.muted)).wrap(),
            );
            if allows_maintenance(cx)
                && ui
                    .link(format!("{} {}", icons::DATABASE, cx.tr("audit-chain-open")))
                    .clicked()
            {
                cx.push(Command::Navigate(Route::Maintenance));
            }
        });
    }
}

fn allows_maintenance(cx: &Cx<'_>) -> bool {
    cx.user
        .is_some_and(|u| allows(u.role, Action::ViewMaintenance))
}

/// The first characters of an id, enough to tell entries apart.
fn short_id(id: &str) -> String {
    match id.char_indices().nth(8) {
        Some((i, _)) => format!("{}…", id.get(..i).unwrap_or(id)),
        None => id.to_owned(),
    }
}

/// Just enough JSON for the details view: the audit log stores compact JSON text; this reads it
/// back, prints it indented and lists what changed between "before" and "after".
mod json {
    use std::iter::Peekable;
    use std::str::Chars;

    /// A JSON value (numbers kept as written).
    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Num(String),
        Str(String),
        Arr(Vec<Value>),
        Obj(Vec<(String, Value)>),
        /// Not JSON: shown as stored.
        Raw(String),
    }

    /// One changed field: its dotted path and both values.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Change {
        pub path: String,
        pub before: Option<Value>,
        pub after: Option<Value>,
    }

    /// Parses `text`, or keeps it as raw text when it is not JSON.
    pub fn parse_or_text(text: &str) -> Value {
        let mut it = text.chars().peekable();
        match value(&mut it) {
            Some(v) => {
                skip_ws(&mut it);
                if it.peek().is_none() {
                    v
                } else {
                    Value::Raw(text.to_owned())
                }
            }
            None => Value::Raw(text.to_owned()),
        }
    }

    fn skip_ws(it: &mut Peekable<Chars<'_>>) {
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
    }

    fn value(it: &mut Peekable<Chars<'_>>) -> Option<Value> {
        skip_ws(it);
        match *it.peek()? {
            '{' => {
                it.next();
                let mut fields = Vec::new();
                skip_ws(it);
                if it.peek() == Some(&'}') {
                    it.next();
                    return Some(Value::Obj(fields));
                }
                loop {
                    skip_ws(it);
                    if it.next()? != '"' {
                        return None;
                    }
                    let key = string(it)?;
                    skip_ws(it);
                    if it.next()? != ':' {
                        return None;
                    }
                    fields.push((key, value(it)?));
                    skip_ws(it);
                    match it.next()? {
                        ',' => {}
                        '}' => return Some(Value::Obj(fields)),
                        _ => return None,
                    }
                }
            }
            '[' => {
                it.next();
                let mut items = Vec::new();
                skip_ws(it);
                if it.peek() == Some(&']') {
                    it.next();
                    return Some(Value::Arr(items));
                }
                loop {
                    items.push(value(it)?);
                    skip_ws(it);
                    match it.next()? {
                        ',' => {}
                        ']' => return Some(Value::Arr(items)),
                        _ => return None,
                    }
                }
            }
            '"' => {
                it.next();
                string(it).map(Value::Str)
            }
            c if c == '-' || c.is_ascii_digit() => {
                let mut n = String::new();
                while let Some(&c) = it.peek() {
                    if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
                        n.push(c);
                        it.next();
                    } else {
                        break;
                    }
                }
                Some(Value::Num(n))
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = it.peek() {
                    if c.is_ascii_alphabetic() {
                        word.push(c);
                        it.next();
                    } else {
                        break;
                    }
                }
                match word.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    "null" => Some(Value::Null),
                    _ => None,
                }
            }
        }
    }

    /// The rest of a string whose opening quote was read.
    fn string(it: &mut Peekable<Chars<'_>>) -> Option<String> {
        let mut s = String::new();
        loop {
            match it.next()? {
                '"' => return Some(s),
                '\\' => match it.next()? {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| it.next()).collect();
                        let code = u32::from_str_radix(&hex, 16).ok()?;
                        s.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    }
                    other => s.push(other),
                },
                c => s.push(c),
            }
        }
    }

    fn quote(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    impl Value {
        /// Indented JSON (two spaces).
        pub fn pretty(&self) -> String {
            let mut out = String::new();
            self.write(&mut out, 0);
            out
        }

        fn write(&self, out: &mut String, depth: usize) {
            let pad = |out: &mut String, d: usize| out.push_str(&"  ".repeat(d));
            match self {
                Self::Null => out.push_str("null"),
                Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Self::Num(n) => out.push_str(n),
                Self::Str(s) => out.push_str(&quote(s)),
                Self::Raw(s) => out.push_str(s),
                Self::Arr(items) if items.is_empty() => out.push_str("[]"),
                Self::Obj(fields) if fields.is_empty() => out.push_str("{}"),
                Self::Arr(items) => {
                    out.push_str("[\n");
                    for (i, v) in items.iter().enumerate() {
                        pad(out, depth + 1);
                        v.write(out, depth + 1);
                        out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                    }
                    pad(out, depth);
                    out.push(']');
                }
                Self::Obj(fields) => {
                    out.push_str("{\n");
                    for (i, (k, v)) in fields.iter().enumerate() {
                        pad(out, depth + 1);
                        out.push_str(&quote(k));
                        out.push_str(": ");
                        v.write(out, depth + 1);
                        out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                    }
                    pad(out, depth);
                    out.push('}');
                }
            }
        }

        /// Compact JSON on one line.
        fn compact(&self) -> String {
            match self {
                Self::Arr(items) => format!(
                    "[{}]",
                    items.iter().map(Self::compact).collect::<Vec<_>>().join(", ")
                ),
                Self::Obj(fields) => format!(
                    "{{{}}}",
                    fields
                        .iter()
                        .map(|(k, v)| format!("{}: {}", quote(k), v.compact()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                other => other.pretty(),
            }
        }

        /// A value as shown in the changes table: text unquoted, null as a dash.
        pub fn leaf_text(&self) -> String {
            match self {
                Self::Null => "—".to_owned(),
                Self::Str(s) | Self::Raw(s) => s.clone(),
                other => other.compact(),
            }
        }

        /// Every leaf with its dotted path (objects are walked, arrays are leaves).
        fn flatten(&self, prefix: &str, out: &mut Vec<(String, Self)>) {
            match self {
                Self::Obj(fields) if !fields.is_empty() => {
                    for (k, v) in fields {
                        let path = if prefix.is_empty() {
                            k.clone()
                        } else {
                            format!("{prefix}.{k}")
                        };
                        v.flatten(&path, out);
                    }
                }
                other => out.push((prefix.to_owned(), other.clone())),
            }
        }
    }

    /// The fields that differ between `before` and `after`, in the order they appear (a
    /// creation or an event with only "after" lists all of its fields).
    pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
        let flat = |v: Option<&Value>| {
            let mut out = Vec::new();
            if let Some(v) = v {
                v.flatten("", &mut out);
            }
            out
        };
        let (b, a) = (flat(before), flat(after));
        let find = |list: &[(String, Value)], path: &str| {
            list.iter().find(|(p, _)| p == path).map(|(_, v)| v.clone())
        };
        let mut out: Vec<Change> = Vec::new();
        for (path, value) in &a {
            let old = find(&b, path);
            if old.as_ref() != Some(value) {
                out.push(Change {
                    path: path.clone(),
                    before: old,
                    after: Some(value.clone()),
                });
            }
        }
        for (path, value) in &b {
            if find(&a, path).is_none() {
                out.push(Change {
                    path: path.clone(),
                    before: Some(value.clone()),
                    after: None,
                });
            }
        }
        out
    }

    #[cfg(test)]
    mod tests {
        #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
        use super::*;

        #[test]
        fn reads_prints_and_diffs() {
            let before = parse_or_text(
                r#"{"password":{"min_length":10,"require_upper":true},"idle_timeout_min":30,"note":"a\"b\u00e9"}"#,
            );
            let after = parse_or_text(
                r#"{"password":{"min_length":12,"require_upper":true},"idle_timeout_min":30,"note":"a\"bé","tags":[1,2]}"#,
            );
            let c = changes(Some(&before), Some(&after));
            assert_eq!(c.len(), 2, "{c:?}");
            assert_eq!(c[0].path, "password.min_length");
            assert_eq!(c[0].before, Some(Value::Num("10".into())));
            assert_eq!(c[1].path, "tags");
            assert_eq!(c[1].after.as_ref().unwrap().leaf_text(), "[1, 2]");
            let pretty = after.pretty();
            assert!(pretty.contains("\n  \"password\": {\n    \"min_length\": 12,"));
            assert_eq!(parse_or_text(&pretty), after);
            assert_eq!(parse_or_text("not json"), Value::Raw("not json".into()));
            assert_eq!(parse_or_text("{\"a\":1} x"), Value::Raw("{\"a\":1} x".into()));
            // An event with only "after": every field is listed.
            let only = parse_or_text(r#"{"login":"admin","method":"password"}"#);
            assert_eq!(changes(None, Some(&only)).len(), 2);
        }
    }
}
