//! An on-screen PIN pad with large keys: works by touch alone (kiosk terminals have no keyboard).
//! Physical digit keys work too.

use egui::{Button, RichText, Ui, Vec2};

use super::icons;
use super::theme::Tokens;

/// What the pad did this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadAction {
    /// Nothing.
    None,
    /// The user confirmed the PIN.
    Submit,
}

/// Height of the row of dots above the keys, with the space under it.
const DOTS: f32 = 36.0;
/// Space between keys.
const GAP: f32 = 10.0;

/// Side of a key when the whole pad (dots and keys) may be `height` tall: as large as the theme
/// wants for a finger (larger on a kiosk), smaller when the window is short, never under a
/// touch target.
pub fn key_size(t: &Tokens, height: f32) -> f32 {
    let largest = (t.hit * 1.6).max(64.0);
    let smallest = t.hit.max(48.0);
    ((height - DOTS - 3.0 * GAP) / 4.0).clamp(smallest, largest)
}

/// Height of the whole pad (dots and keys) with keys of side `key`.
pub fn pad_height(key: f32) -> f32 {
    DOTS + 4.0 * key + 3.0 * GAP
}

/// Width of the pad with keys of side `key`.
pub fn pad_width(key: f32) -> f32 {
    3.0 * key + 2.0 * GAP
}

/// Draws the dots for the digits typed so far and the 3×4 keypad, keys sized to fit `height`
/// (see [`key_size`]). `pin` is edited in place (digits only, at most `max` of them). `labels`:
/// (erase, confirm) accessible names.
pub fn pin_pad_ui(
    ui: &mut Ui,
    t: &Tokens,
    pin: &mut String,
    max: usize,
    labels: (&str, &str),
    height: f32,
) -> PadAction {
    let mut action = PadAction::None;
    // Physical keyboard.
    ui.input(|i| {
        for ev in &i.events {
            match ev {
                egui::Event::Text(s) => {
                    for c in s.chars().filter(char::is_ascii_digit) {
                        if pin.len() < max {
                            pin.push(c);
                        }
                    }
                }
                egui::Event::Key {
                    key: egui::Key::Backspace,
                    pressed: true,
                    ..
                } => {
                    pin.pop();
                }
                egui::Event::Key {
                    key: egui::Key::Enter,
                    pressed: true,
                    ..
                } => action = PadAction::Submit,
                _ => {}
            }
        }
    });
    let key = key_size(t, height);
    ui.vertical_centered(|ui| {
        // Measured: exactly `pad_height(key)` tall.
        ui.spacing_mut().item_spacing.y = 0.0;
        // One dot per digit: filled when typed (drawn, so no font glyph is needed).
        let slots = max.clamp(4, 8).min(pin.len().max(4));
        let (rect, _) =
            ui.allocate_exact_size(Vec2::new(slots as f32 * 28.0, 28.0), egui::Sense::hover());
        for i in 0..slots {
            let c = egui::pos2(rect.left() + 14.0 + i as f32 * 28.0, rect.center().y);
            if i < pin.len() {
                ui.painter().circle_filled(c, 8.0, t.heading);
            } else {
                ui.painter()
                    .circle_stroke(c, 8.0, egui::Stroke::new(2.0, t.muted));
            }
        }
        ui.add_space(DOTS - 28.0);
        ui.allocate_ui(Vec2::new(pad_width(key), pad_height(key) - DOTS), |ui| {
            egui::Grid::new("pinpad")
                .spacing([GAP, GAP])
                .show(ui, |ui| {
                    let rows: [[&str; 3]; 4] = [
                        ["1", "2", "3"],
                        ["4", "5", "6"],
                        ["7", "8", "9"],
                        ["⌫", "0", "✓"],
                    ];
                    for row in rows {
                        for k in row {
                            let (text, alt) = match k {
                                "⌫" => (icons::ARROW_LEFT, labels.0),
                                "✓" => (icons::CHECK, labels.1),
                                d => (d, d),
                            };
                            let size = (key * 0.32).clamp(20.0, 28.0);
                            let mut b = Button::new(RichText::new(text).size(size).strong())
                                .min_size(Vec2::splat(key));
                            if k == "✓" {
                                b = b.fill(t.accent);
                            }
                            let r = ui.add(b);
                            let alt_owned = alt.to_owned();
                            r.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, &alt_owned)
                            });
                            if r.clicked() {
                                match k {
                                    "⌫" => {
                                        pin.pop();
                                    }
                                    "✓" => action = PadAction::Submit,
                                    d => {
                                        if pin.len() < max {
                                            pin.push_str(d);
                                        }
                                    }
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    });
    action
}
