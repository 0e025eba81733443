//! The job page's status history: each change as a sentence in the user's language, with the
//! reason typed, or the scheduling conflict that was forced and why.

use egui::{RichText, Ui};
use rpma_core::format;
use rpma_core::i18n::Arg;
use rpma_core::jobs::JobDetail;
use rpma_core::jobs::forced::HistoryReason;

use crate::ui::Cx;
use crate::ui::widgets::section_title_ui;

/// The history card, newest first.
pub(super) fn history_ui(ui: &mut Ui, cx: &Cx<'_>, d: &JobDetail) {
    let t = *cx.tokens;
    t.card_frame().show(ui, |ui| {
        ui.set_min_width(ui.available_width());
        section_title_ui(ui, &t, &cx.tr("jobs-history"));
        for h in d.history.iter().rev() {
            let to = cx.tr(h.to.i18n_key());
            let line = match h.from.map(|f| cx.tr(f.i18n_key())) {
                Some(from) => cx.tr_args(
                    "jobs-history-moved",
                    &[("from", Arg::from(from)), ("to", Arg::from(to))],
                ),
                None => cx.tr_args("jobs-history-created", &[("status", Arg::from(to))]),
            };
            ui.label(RichText::new(line).strong().color(t.heading));
            ui.label(
                RichText::new(format!(
                    "{} · {}",
                    h.by_name.as_deref().unwrap_or("—"),
                    format::format_datetime(h.at, cx.tz, cx.lang)
                ))
                .small()
                .color(t.muted),
            );
            if let Some(text) = reason_text(cx, &h.reason_read()) {
                ui.label(RichText::new(text).italics());
            }
            ui.add_space(4.0);
        }
    });
}

/// The reason of a change as a sentence (none when no reason was given).
pub fn reason_text(cx: &Cx<'_>, reason: &HistoryReason) -> Option<String> {
    match reason {
        HistoryReason::None => None,
        HistoryReason::Text(r) => Some(format!("« {r} »")),
        HistoryReason::Forced {
            numbers,
            workload,
            reason,
        } => {
            let mut with: Vec<String> = numbers
                .iter()
                .map(|n| cx.tr_args("jobs-history-forced-job", &[("number", n.as_str().into())]))
                .collect();
            if *workload {
                with.push(cx.tr("jobs-history-forced-workload"));
            }
            let with = with.join(&cx.tr("jobs-history-forced-and"));
            Some(if reason.is_empty() {
                cx.tr_args("jobs-history-forced-bare", &[("with", with.into())])
            } else {
                cx.tr_args(
                    "jobs-history-forced",
                    &[("with", with.into()), ("reason", reason.as_str().into())],
                )
            })
        }
    }
}
