//! Audit log (admins): filter by user, item, action and dates; newest first, 50 per page; the
//! selected entry's changes (before → after) and raw JSON; a pointer to the chain check.

use chrono::{Duration, LocalResult, NaiveDate, TimeZone as _};
use egui::{RichText, Ui};
use rpma_core::audit::{AuditFilter, AuditRow};
use rpma_core::auth::permissions::{Action, allows};
use rpma_core::format::Tz;

use crate::jobs::{AuditPage, Job, JobEvent, RequestId};
use crate::ui::theme::Tokens;
use crate::ui::widgets::page_title_ui;
use crate::ui::{Cx, icons};

mod details;
mod filters;
mod table;

/// Entries per page.
const PAGE: u32 = 50;

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
        if cx.user.is_none() {
            return;
        }
        let job = Job::LoadAudit {
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
}

impl crate::ui::screen::Screen for AuditScreen {
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

    fn route(&self) -> crate::route::Route {
        crate::route::Route::Audit
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
