//! Draws a QR code with the egui painter (no image, no texture): used for TOTP enrolment.

use egui::{Rect, Sense, Ui, Vec2};
use qrcode::{Color, QrCode};

use super::theme::Tokens;

/// Draws `data` as a QR code of about `size` points, on a white quiet zone (scanners need light
/// around the code even in the dark theme). Returns false when the data cannot be encoded.
pub fn qr_ui(ui: &mut Ui, t: &Tokens, data: &str, size: f32, alt: &str) -> bool {
    let Ok(code) = QrCode::new(data.as_bytes()) else {
        return false;
    };
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4usize;
    let cells = width + 2 * quiet;
    let cell = (size / cells as f32).floor().max(2.0);
    let side = cell * cells as f32;
    let (rect, resp) = ui.allocate_exact_size(Vec2::splat(side), Sense::hover());
    let alt_owned = alt.to_owned();
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &alt_owned));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, t.qr_light);
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            let min = rect.min + Vec2::new(x as f32 * cell, y as f32 * cell);
            painter.rect_filled(Rect::from_min_size(min, Vec2::splat(cell)), 0.0, t.qr_dark);
        }
    }
    true
}
