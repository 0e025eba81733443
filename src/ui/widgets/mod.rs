//! Shared widgets: page titles, cards, buttons, badges, table headers, dialogs, the save
//! picker, the list screen ([`list_view`]) and the form fields ([`form`]).

mod dialogs;
pub mod form;
mod job_history;
pub mod list_view;
mod save_picker;
mod table;

use egui::{Button, Response, RichText, TextEdit, Ui, Vec2, WidgetInfo};

pub use self::dialogs::{Answer, confirm_modal_ui, empty_state_ui};
pub use self::form::{FormAction, FormFields, FormPart, FormState};
pub use self::job_history::{JobHistoryKeys, job_history_card_ui};
pub use self::save_picker::SavePicker;
pub use self::table::{date_or_dash, header_button_ui, header_ui, sort_header_ui};
use super::theme::{SUBHEADING, Tokens};

/// The page title with an optional muted subtitle.
pub fn page_title_ui(ui: &mut Ui, tokens: &Tokens, title: &str, subtitle: Option<&str>) {
    ui.add_space(4.0);
    ui.label(RichText::new(title).heading().color(tokens.heading));
    if let Some(s) = subtitle {
        ui.label(RichText::new(s).color(tokens.muted));
    }
    ui.add_space(tokens.gap * 0.5);
}

/// A section heading inside a card.
pub fn section_title_ui(ui: &mut Ui, tokens: &Tokens, text: &str) {
    ui.label(
        RichText::new(text)
            .text_style(egui::TextStyle::Name(SUBHEADING.into()))
            .color(tokens.heading),
    );
}

/// The primary action: teal, white text.
pub fn primary_button(ui: &mut Ui, tokens: &Tokens, text: &str) -> Response {
    ui.add(
        Button::new(RichText::new(text).color(tokens.on_accent).strong())
            .fill(tokens.accent)
            .stroke(egui::Stroke::NONE)
            .min_size(Vec2::new(0.0, tokens.hit)),
    )
}

/// A secondary action: outlined.
pub fn secondary_button(ui: &mut Ui, tokens: &Tokens, text: &str) -> Response {
    ui.add(Button::new(text).min_size(Vec2::new(0.0, tokens.hit)))
}

/// A destructive action: red, white text.
pub fn danger_button(ui: &mut Ui, t: &Tokens, text: &str) -> Response {
    ui.add(
        Button::new(RichText::new(text).color(t.on_accent).strong())
            .fill(t.danger)
            .stroke(egui::Stroke::NONE)
            .min_size(Vec2::new(0.0, t.hit)),
    )
}

/// The primary button with an icon.
pub fn primary_icon_button(ui: &mut Ui, t: &Tokens, icon: &str, text: &str) -> Response {
    primary_button(ui, t, &format!("{icon}  {text}"))
}

/// A secondary button with an icon.
pub fn secondary_icon_button(ui: &mut Ui, t: &Tokens, icon: &str, text: &str) -> Response {
    secondary_button(ui, t, &format!("{icon}  {text}"))
}

/// A button that shows only an icon; `alt` is its accessible name and tooltip.
pub fn icon_button(ui: &mut Ui, icon: &str, alt: &str) -> Response {
    let r = ui.add(Button::new(RichText::new(icon).size(18.0)).frame(false));
    let alt_owned = alt.to_owned();
    r.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &alt_owned));
    r.on_hover_text(alt)
}

/// A labelled single-line text field with its error message underneath. The field's accessible
/// name is the label (so tests and screen readers find it by its label).
pub fn text_field_ui(
    ui: &mut Ui,
    tokens: &Tokens,
    label: &str,
    value: &mut String,
    password: bool,
    error: Option<&str>,
) -> Response {
    let label_resp = ui.label(RichText::new(label).color(tokens.text).strong());
    let mut edit = TextEdit::singleline(value)
        .password(password)
        .desired_width(f32::INFINITY)
        .min_size(Vec2::new(0.0, tokens.hit))
        .margin(egui::Margin::symmetric(10, 8));
    if error.is_some() {
        edit = edit.background_color(tokens.danger_soft);
    }
    let resp = edit.show(ui).response.response.labelled_by(label_resp.id);
    if let Some(e) = error {
        ui.label(RichText::new(e).color(tokens.danger).small());
    }
    resp
}

/// A small coloured pill.
pub fn badge_ui(ui: &mut Ui, text: &str, fg: egui::Color32, bg: egui::Color32) -> Response {
    egui::Frame::new()
        .fill(bg)
        .corner_radius(10)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(fg).small().strong())
        })
        .response
}

/// Badges in a wrapping row: each goes to the next line when it would run past the edge (a
/// wrapping row cannot measure a framed badge before placing it).
pub fn badges_wrapped_ui<'a>(
    ui: &mut Ui,
    texts: impl IntoIterator<Item = &'a str>,
    fg: egui::Color32,
    bg: egui::Color32,
) {
    for text in texts {
        let galley = egui::WidgetText::from(RichText::new(text).small().strong()).into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Small,
        );
        let width = galley.size().x + 16.0;
        if ui.max_rect().right() - ui.cursor().min.x < width {
            ui.end_row();
        }
        badge_ui(ui, text, fg, bg);
    }
}

/// A figure card for dashboards: icon, big value, caption.
pub fn stat_card_ui(
    ui: &mut Ui,
    tokens: &Tokens,
    icon: &str,
    value: &str,
    caption: &str,
    width: f32,
) {
    tokens.card_frame().show(ui, |ui| {
        ui.set_width(width);
        // Same height whether the caption takes one line or two.
        ui.set_min_height(tokens.title * 2.8);
        ui.horizontal(|ui| {
            egui::Frame::new()
                .fill(tokens.accent_soft)
                .corner_radius(10)
                .inner_margin(10)
                .show(ui, |ui| {
                    ui.label(RichText::new(icon).size(22.0).color(tokens.accent_hover));
                });
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(value)
                        .size(tokens.title)
                        .color(tokens.heading)
                        .strong(),
                );
                ui.label(RichText::new(caption).color(tokens.muted));
            });
        });
    });
}

/// A two-column "label: value" row inside a grid.
pub fn kv_row_ui(ui: &mut Ui, tokens: &Tokens, key: &str, value: &str) {
    ui.label(RichText::new(key).color(tokens.muted));
    ui.label(RichText::new(value).color(tokens.heading));
    ui.end_row();
}

/// The 2FA recovery codes in two columns, large and monospace (shown once, to be written down).
pub fn recovery_codes_ui(ui: &mut Ui, tokens: &Tokens, id: &str, codes: &[String]) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([32.0, 6.0])
        .show(ui, |ui| {
            for pair in codes.chunks(2) {
                for c in pair {
                    ui.label(
                        RichText::new(c)
                            .monospace()
                            .size(tokens.body + 2.0)
                            .color(tokens.heading),
                    );
                }
                ui.end_row();
            }
        });
}

/// Content of a fixed width (a short field that must not stretch across a wide card).
pub fn fixed_width_ui<R>(ui: &mut Ui, width: f32, f: impl FnOnce(&mut Ui) -> R) -> R {
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.set_width(width.min(ui.available_width()));
            f(ui)
        })
        .inner
    })
    .inner
}
