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

/// Draws the dots for the digits typed so far and the 3×4 keypad. `pin` is edited in place
/// (digits only, at most `max` of them). `labels`: (erase, confirm) accessible names.
pub fn pin_pad_ui(
    ui: &mut Ui,
    t: &Tokens,
    pin: &mut String,
    max: usize,
    labels: (&str, &str),
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
    let key = (t.hit * 1.6).max(64.0);
    ui.vertical_centered(|ui| {
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
        ui.add_space(8.0);
        let width = key * 3.0 + 2.0 * 10.0;
        ui.allocate_ui(Vec2::new(width, key * 4.0 + 30.0), |ui| {
            egui::Grid::new("pinpad")
                .spacing([10.0, 10.0])
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
                            let mut b = Button::new(RichText::new(text).size(26.0).strong())
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
