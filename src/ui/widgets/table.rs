//! Table pieces: column headers (plain and sortable) and the date-or-dash cell text.

use egui::{RichText, Ui};

use crate::ui::theme::Tokens;
use crate::ui::{Cx, icons};

/// A column header; sortable ones are buttons with a caret on the active column. Returns true
/// when clicked.
pub fn sort_header_ui(ui: &mut Ui, t: &Tokens, text: &str, active: Option<bool>) -> bool {
    let caret = match active {
        Some(true) => format!(" {}", icons::CARET_DOWN),
        Some(false) => format!(" {}", icons::CARET_UP),
        None => String::new(),
    };
    let colour = if active.is_some() {
        t.accent_hover
    } else {
        t.muted
    };
    header_button_ui(ui, RichText::new(format!("{text}{caret}")).color(colour))
}

/// A clickable column header laid out exactly like a plain one ([`header_ui`]: a label, no
/// button padding), so that every header of a table sits on the same line as its column.
pub fn header_button_ui(ui: &mut Ui, text: RichText) -> bool {
    let label = text.text().to_owned();
    let resp = ui.add(egui::Label::new(text.small().strong()).sense(egui::Sense::click()));
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    if resp.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    resp.clicked()
}

/// A plain column header.
pub fn header_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.label(RichText::new(text).small().strong().color(t.muted));
}

/// A date (shop time zone) or a dash.
pub fn date_or_dash(cx: &Cx<'_>, ms: Option<i64>) -> String {
    ms.map_or_else(
        || "—".to_owned(),
        |ms| rpma_core::format::format_date(ms, cx.tz, cx.lang),
    )
}
