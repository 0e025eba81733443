//! Design tokens (colours, spacing, sizes) for the light and dark themes, and the embedded fonts.
//! This is the only module allowed to write literal colours (clippy `disallowed-methods`).

#![allow(clippy::disallowed_methods)]

use std::sync::Arc;

use egui::{
    Color32, CornerRadius, FontData, FontDefinitions, FontFamily, FontId, Margin, Shadow, Stroke,
    TextStyle, Vec2,
};
use rpma_core::users::Theme;

/// Every colour and size a screen may use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tokens {
    /// Dark or light.
    pub dark: bool,
    /// Window background behind cards.
    pub bg: Color32,
    /// Card and input background.
    pub card: Color32,
    /// Card border.
    pub card_stroke: Color32,
    /// Side navigation background.
    pub sidebar: Color32,
    /// Selected navigation entry background.
    pub sidebar_active: Color32,
    /// Main text.
    pub text: Color32,
    /// Headings.
    pub heading: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// Primary action colour (teal).
    pub accent: Color32,
    /// Hovered primary action.
    pub accent_hover: Color32,
    /// Text on the accent colour.
    pub on_accent: Color32,
    /// Light tint of the accent, for badges and selections.
    pub accent_soft: Color32,
    /// Errors and destructive actions.
    pub danger: Color32,
    /// Light tint of danger.
    pub danger_soft: Color32,
    /// Warnings.
    pub warning: Color32,
    /// Light tint of warning.
    pub warning_soft: Color32,
    /// Success.
    pub success: Color32,
    /// Light tint of success.
    pub success_soft: Color32,
    /// Background of neutral pills (draft, archived): distinct from the card and from the
    /// striped rows of tables (which use `bg`), with `text` readable on it.
    pub neutral_soft: Color32,
    /// Soft shadow under cards.
    pub shadow: Color32,
    /// Rail of sliders (and the box of checkboxes): visible on cards and on the background.
    pub track: Color32,
    /// QR code light modules (always white for scanners).
    pub qr_light: Color32,
    /// QR code dark modules.
    pub qr_dark: Color32,
    /// Corner radius of cards.
    pub radius: u8,
    /// Corner radius of buttons and inputs.
    pub radius_small: u8,
    /// Space between sections.
    pub gap: f32,
    /// Inner margin of cards.
    pub card_margin: i8,
    /// Minimum height of buttons and inputs (larger on touch terminals).
    pub hit: f32,
    /// Body text size.
    pub body: f32,
    /// Page title size.
    pub title: f32,
}

impl Tokens {
    /// The light theme (RPMA v2's look: grey background, white cards, teal accent).
    pub const LIGHT: Self = Self {
        dark: false,
        bg: Color32::from_rgb(0xf3, 0xf4, 0xf6),
        card: Color32::from_rgb(0xff, 0xff, 0xff),
        card_stroke: Color32::from_rgb(0xe5, 0xe7, 0xeb),
        sidebar: Color32::from_rgb(0xff, 0xff, 0xff),
        sidebar_active: Color32::from_rgb(0xe6, 0xf7, 0xf3),
        text: Color32::from_rgb(0x37, 0x41, 0x51),
        heading: Color32::from_rgb(0x11, 0x18, 0x27),
        muted: Color32::from_rgb(0x6b, 0x72, 0x80),
        accent: Color32::from_rgb(0x36, 0xc5, 0xa8),
        accent_hover: Color32::from_rgb(0x2b, 0xa8, 0x8f),
        on_accent: Color32::from_rgb(0xff, 0xff, 0xff),
        accent_soft: Color32::from_rgb(0xe6, 0xf7, 0xf3),
        danger: Color32::from_rgb(0xdc, 0x26, 0x26),
        danger_soft: Color32::from_rgb(0xfe, 0xe2, 0xe2),
        warning: Color32::from_rgb(0xb4, 0x53, 0x09),
        warning_soft: Color32::from_rgb(0xfe, 0xf3, 0xc7),
        success: Color32::from_rgb(0x15, 0x80, 0x3d),
        success_soft: Color32::from_rgb(0xdc, 0xfc, 0xe7),
        neutral_soft: Color32::from_rgb(0xe2, 0xe5, 0xea),
        shadow: Color32::from_black_alpha(18),
        track: Color32::from_rgb(0xd1, 0xd5, 0xdb),
        qr_light: Color32::from_rgb(0xff, 0xff, 0xff),
        qr_dark: Color32::from_rgb(0x00, 0x00, 0x00),
        radius: 12,
        radius_small: 8,
        gap: 16.0,
        card_margin: 20,
        hit: 34.0,
        body: 14.5,
        title: 24.0,
    };

    /// The dark theme.
    pub const DARK: Self = Self {
        dark: true,
        bg: Color32::from_rgb(0x11, 0x14, 0x1a),
        card: Color32::from_rgb(0x1c, 0x21, 0x2a),
        card_stroke: Color32::from_rgb(0x2d, 0x34, 0x3f),
        sidebar: Color32::from_rgb(0x17, 0x1b, 0x22),
        sidebar_active: Color32::from_rgb(0x15, 0x3b, 0x35),
        text: Color32::from_rgb(0xd1, 0xd5, 0xdb),
        heading: Color32::from_rgb(0xf9, 0xfa, 0xfb),
        muted: Color32::from_rgb(0x9c, 0xa3, 0xaf),
        accent: Color32::from_rgb(0x36, 0xc5, 0xa8),
        accent_hover: Color32::from_rgb(0x4f, 0xd8, 0xbc),
        on_accent: Color32::from_rgb(0x06, 0x1a, 0x16),
        accent_soft: Color32::from_rgb(0x15, 0x3b, 0x35),
        danger: Color32::from_rgb(0xf8, 0x71, 0x71),
        danger_soft: Color32::from_rgb(0x45, 0x1a, 0x1a),
        warning: Color32::from_rgb(0xfb, 0xbf, 0x24),
        warning_soft: Color32::from_rgb(0x42, 0x32, 0x0c),
        success: Color32::from_rgb(0x4a, 0xde, 0x80),
        success_soft: Color32::from_rgb(0x14, 0x3a, 0x24),
        neutral_soft: Color32::from_rgb(0x37, 0x41, 0x51),
        shadow: Color32::from_black_alpha(60),
        track: Color32::from_rgb(0x4b, 0x55, 0x63),
        qr_light: Color32::from_rgb(0xff, 0xff, 0xff),
        qr_dark: Color32::from_rgb(0x00, 0x00, 0x00),
        radius: 12,
        radius_small: 8,
        gap: 16.0,
        card_margin: 20,
        hit: 34.0,
        body: 14.5,
        title: 24.0,
    };

    /// Tokens for a theme, optionally enlarged for touch terminals.
    pub fn for_theme(theme: Theme, touch: bool) -> Self {
        let mut t = match theme {
            Theme::Light => Self::LIGHT,
            Theme::Dark => Self::DARK,
        };
        if touch {
            t.hit = 52.0;
            t.body = 18.0;
            t.title = 28.0;
            t.gap = 20.0;
        }
        t
    }

    /// The card frame: white, rounded, bordered, softly shadowed.
    pub fn card_frame(&self) -> egui::Frame {
        egui::Frame::new()
            .fill(self.card)
            .stroke(Stroke::new(1.0, self.card_stroke))
            .corner_radius(CornerRadius::same(self.radius))
            .inner_margin(Margin::same(self.card_margin))
            .shadow(Shadow {
                offset: [0, 2],
                blur: 8,
                spread: 0,
                color: self.shadow,
            })
    }

    /// Applies the tokens to egui's style.
    pub fn apply(&self, ctx: &egui::Context) {
        let mut visuals = if self.dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        visuals.panel_fill = self.bg;
        visuals.window_fill = self.card;
        visuals.window_stroke = Stroke::new(1.0, self.card_stroke);
        visuals.window_corner_radius = CornerRadius::same(self.radius);
        visuals.extreme_bg_color = self.card;
        visuals.faint_bg_color = self.bg;
        visuals.hyperlink_color = self.accent_hover;
        visuals.error_fg_color = self.danger;
        visuals.warn_fg_color = self.warning;
        visuals.override_text_color = None;
        visuals.selection.bg_fill = self.accent_soft;
        visuals.selection.stroke = Stroke::new(1.0, self.accent_hover);
        // A steady text cursor: a blinking one repaints the whole window twice a second while a
        // field has the focus, i.e. all day long on a terminal left at the sign-in or lock screen
        // (≈ 3 % of a core with a software renderer). Idle must cost nothing (BENCHMARKS.md).
        visuals.text_cursor.blink = false;
        let r = CornerRadius::same(self.radius_small);
        let w = &mut visuals.widgets;
        w.noninteractive.fg_stroke = Stroke::new(1.0, self.text);
        w.noninteractive.bg_stroke = Stroke::new(1.0, self.card_stroke);
        for (wv, stroke) in [
            (&mut w.inactive, self.card_stroke),
            (&mut w.hovered, self.accent),
            (&mut w.active, self.accent_hover),
            (&mut w.open, self.accent),
        ] {
            wv.corner_radius = r;
            wv.bg_stroke = Stroke::new(1.0, stroke);
            wv.fg_stroke = Stroke::new(1.0, self.heading);
            wv.bg_fill = self.card;
            wv.weak_bg_fill = self.card;
            wv.expansion = 0.0;
        }
        w.inactive.fg_stroke = Stroke::new(1.0, self.text);
        // egui paints a slider's rail with the inactive fill: on a white card a white rail is
        // invisible and only the handle shows.
        w.inactive.bg_fill = self.track;
        w.hovered.weak_bg_fill = self.accent_soft;
        w.active.weak_bg_fill = self.accent_soft;
        ctx.set_visuals_of(
            if self.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            },
            visuals,
        );
        ctx.set_theme(if self.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let hit = self.hit;
        let body = self.body;
        let title = self.title;
        ctx.all_styles_mut(|style| {
            style.spacing.item_spacing = Vec2::new(10.0, 10.0);
            style.spacing.button_padding = Vec2::new(14.0, 7.0);
            style.spacing.interact_size.y = hit;
            style.spacing.text_edit_width = 320.0;
            style.text_styles = [
                (
                    TextStyle::Small,
                    FontId::new(body - 2.5, FontFamily::Proportional),
                ),
                (TextStyle::Body, FontId::new(body, FontFamily::Proportional)),
                (
                    TextStyle::Button,
                    FontId::new(body, FontFamily::Proportional),
                ),
                (
                    TextStyle::Monospace,
                    FontId::new(body - 1.0, FontFamily::Monospace),
                ),
                (
                    TextStyle::Heading,
                    FontId::new(title, FontFamily::Name(BOLD.into())),
                ),
                (
                    TextStyle::Name(SUBHEADING.into()),
                    FontId::new(body + 3.0, FontFamily::Name(BOLD.into())),
                ),
            ]
            .into();
        });
    }
}

/// Font family name of the semi-bold face.
pub const BOLD: &str = "bold";
/// Text style name of section headings inside cards.
pub const SUBHEADING: &str = "subheading";

/// Installs the embedded fonts: Inter (full Latin: é, ç, œ, €, narrow no-break space) and the
/// Phosphor icon font as fallback in every family.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "inter".into(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/Inter-Regular.otf"
        ))),
    );
    fonts.font_data.insert(
        "inter-semibold".into(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/Inter-SemiBold.otf"
        ))),
    );
    fonts.font_data.insert(
        "phosphor".into(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/Phosphor.ttf"
        ))),
    );
    let defaults = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    // Inter first (Phosphor has blank glyphs for Latin letters); Inter carries no Private Use
    // Area glyphs (removed, see assets/fonts/README.md), so the icons come from Phosphor.
    let mut prop = vec!["inter".to_owned(), "phosphor".to_owned()];
    prop.extend(defaults.iter().cloned());
    let mut bold = vec!["inter-semibold".to_owned(), "phosphor".to_owned()];
    bold.extend(defaults);
    fonts.families.insert(FontFamily::Proportional, prop);
    fonts.families.insert(FontFamily::Name(BOLD.into()), bold);
    if let Some(mono) = fonts.families.get_mut(&FontFamily::Monospace) {
        mono.push("phosphor".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// egui paints a slider's rail with the inactive widgets' fill: in every theme, on a card and
    /// on the window background, it must stand out (it was the card's white, so only the handle
    /// showed).
    #[test]
    fn every_slider_shows_its_track() {
        for theme in [Theme::Light, Theme::Dark] {
            for touch in [false, true] {
                let t = Tokens::for_theme(theme, touch);
                let ctx = egui::Context::default();
                t.apply(&ctx);
                let rail = ctx.global_style().visuals.widgets.inactive.bg_fill;
                assert!(
                    contrast(rail, t.card) >= 1.3 && contrast(rail, t.bg) >= 1.3,
                    "{theme:?} touch={touch}: rail {rail:?} on card {:?} / bg {:?}",
                    t.card,
                    t.bg
                );
            }
        }
    }
}
