//! A signature pad: the client signs with the mouse, a finger or a stylus (egui turns touches
//! into pointer events). Strokes are kept normalised to the pad (0..1 on both axes), so the
//! signature survives a resize and can be rasterised at any size with [`SignaturePad::to_png`].

use egui::{Align2, FontId, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2, pos2};
use rpma_core::Lang;

use super::theme::Tokens;

/// Points closer than this (in screen points) to the previous one are skipped.
const MIN_STEP: f32 = 0.75;
/// Upper bound on the points kept over all strokes (a runaway drag must not grow forever).
const MAX_POINTS: usize = 20_000;
/// Largest side accepted by [`SignaturePad::to_png`].
const MAX_PNG_SIDE: u32 = 8192;
/// Height of the baseline, as a fraction of the pad's height from the top.
const BASELINE_Y: f32 = 0.75;

/// The strokes of a signature and the one being drawn.
#[derive(Default, Clone, Debug)]
pub struct SignaturePad {
    /// Finished strokes, each a polyline of normalised points (0..1 of the pad).
    strokes: Vec<Vec<Pos2>>,
    /// The stroke under the pointer, while the button or finger is down.
    current: Option<Vec<Pos2>>,
}

impl SignaturePad {
    /// A pad holding these strokes (points clamped to 0..1, empty strokes dropped), e.g. to show
    /// a saved signature again.
    pub fn from_strokes(strokes: Vec<Vec<Pos2>>) -> Self {
        let strokes = strokes
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.into_iter().map(clamp01).collect())
            .collect();
        Self {
            strokes,
            current: None,
        }
    }

    /// No finished stroke (a stroke being drawn does not count until it ends).
    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }

    /// Forgets every stroke.
    pub fn clear(&mut self) {
        self.strokes.clear();
        self.current = None;
    }

    /// Number of finished strokes.
    pub fn stroke_count(&self) -> usize {
        self.strokes.len()
    }

    /// The finished strokes, each a polyline of normalised points (0..1 of the pad).
    pub fn strokes(&self) -> &[Vec<Pos2>] {
        &self.strokes
    }

    /// Points kept over all strokes, the current one included.
    fn point_count(&self) -> usize {
        self.strokes.iter().map(Vec::len).sum::<usize>() + self.current.as_ref().map_or(0, Vec::len)
    }

    /// Ends the current stroke; returns true when it was kept.
    fn finish_stroke(&mut self) -> bool {
        match self.current.take() {
            Some(s) if !s.is_empty() => {
                self.strokes.push(s);
                true
            }
            _ => false,
        }
    }

    /// Draws the pad (`size`; an infinite width takes the available width) and a "Clear" button
    /// under it, and records strokes: a press on the pad starts one, moves extend it (clamped to
    /// the pad), the release ends it; presses outside the pad are ignored. A tap makes a dot.
    /// The returned response is the pad's; it is `changed()` when a stroke ends or the pad is
    /// cleared.
    pub fn ui(&mut self, ui: &mut Ui, tokens: &Tokens, lang: Lang, size: Vec2) -> Response {
        let t = tokens;
        let width = if size.x.is_finite() {
            size.x.min(ui.available_width())
        } else {
            ui.available_width()
        };
        let size = Vec2::new(width, size.y).max(Vec2::splat(40.0));
        let mut changed = false;
        let mut response = ui
            .vertical(|ui| {
                let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
                let label = lang.tr("signature-pad");
                response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &label));
                if ui.is_enabled() {
                    changed |= self.handle_input(ui, rect, &response);
                }
                if ui.is_rect_visible(rect) {
                    self.paint(ui, t, lang, rect, &response);
                }
                ui.horizontal(|ui| {
                    let clear = ui.add_enabled(
                        !self.is_empty() || self.current.is_some(),
                        egui::Button::new(lang.tr("signature-clear"))
                            .min_size(Vec2::new(0.0, t.hit)),
                    );
                    if clear.clicked() {
                        self.clear();
                        changed = true;
                    }
                });
                response
            })
            .inner;
        if changed {
            response.mark_changed();
        }
        response
    }

    /// Applies this frame's pointer events; returns true when a stroke ended.
    fn handle_input(&mut self, ui: &Ui, rect: Rect, response: &Response) -> bool {
        // Pointer events are in global coordinates: bring them into this layer's (zoomed or
        // panned areas).
        let from_global = ui.ctx().layer_transform_from_global(ui.layer_id());
        let to_local = |p: Pos2| from_global.map_or(p, |tr| tr * p);
        // Whether the pad is the widget under the pointer (not covered by a window or popup).
        let ours = response.is_pointer_button_down_on()
            || response.contains_pointer()
            || response.clicked()
            || response.drag_stopped();
        let scale = rect.size();
        let norm = |p: Pos2| {
            clamp01(pos2(
                (p.x - rect.min.x) / scale.x,
                (p.y - rect.min.y) / scale.y,
            ))
        };
        let min_step = Vec2::new(MIN_STEP / scale.x, MIN_STEP / scale.y);
        let mut ended = false;
        let mut saw_release = false;
        ui.input(|i| {
            for ev in &i.events {
                match ev {
                    egui::Event::PointerButton {
                        pos,
                        button: egui::PointerButton::Primary,
                        pressed: true,
                        ..
                    } => {
                        let p = to_local(*pos);
                        ended |= self.finish_stroke();
                        if ours && rect.contains(p) {
                            self.current = Some(vec![norm(p)]);
                        }
                    }
                    egui::Event::PointerMoved(pos) => {
                        let room = self.point_count() < MAX_POINTS;
                        if let Some(cur) = &mut self.current {
                            let p = norm(to_local(*pos));
                            let far = cur.last().is_none_or(|q| {
                                let d = p - *q;
                                d.x.abs() >= min_step.x || d.y.abs() >= min_step.y
                            });
                            if far && room {
                                cur.push(p);
                            }
                        }
                    }
                    egui::Event::PointerButton {
                        pos,
                        button: egui::PointerButton::Primary,
                        pressed: false,
                        ..
                    } => {
                        saw_release = true;
                        if let Some(cur) = &mut self.current {
                            let p = norm(to_local(*pos));
                            if cur.last() != Some(&p) && cur.len() < MAX_POINTS {
                                cur.push(p);
                            }
                        }
                        ended |= self.finish_stroke();
                    }
                    egui::Event::PointerGone => ended |= self.finish_stroke(),
                    _ => {}
                }
            }
            // The release happened while the pad was not shown: end the stroke anyway.
            if !saw_release && self.current.is_some() && !i.pointer.primary_down() {
                ended |= self.finish_stroke();
            }
        });
        ended
    }

    /// Paints the paper, the baseline, the hint when empty, and the ink.
    fn paint(&self, ui: &Ui, t: &Tokens, lang: Lang, rect: Rect, response: &Response) {
        let painter = ui.painter_at(rect);
        let border = if response.hovered() || self.current.is_some() {
            t.accent
        } else {
            t.card_stroke
        };
        painter.rect(
            rect,
            t.radius_small,
            t.card,
            Stroke::new(1.0, border),
            egui::StrokeKind::Inside,
        );
        // Baseline with a small cross at its start, as on paper forms.
        let y = rect.top() + rect.height() * BASELINE_Y;
        let margin = (rect.width() * 0.06).clamp(12.0, 40.0);
        let line = Stroke::new(1.0, t.muted.gamma_multiply(0.6));
        painter.hline(rect.left() + margin..=rect.right() - margin, y, line);
        let cross = 5.0;
        let cx = rect.left() + margin + cross;
        let cy = y - cross - 6.0;
        painter.line_segment(
            [pos2(cx - cross, cy - cross), pos2(cx + cross, cy + cross)],
            line,
        );
        painter.line_segment(
            [pos2(cx - cross, cy + cross), pos2(cx + cross, cy - cross)],
            line,
        );
        if self.is_empty() && self.current.is_none() {
            painter.text(
                pos2(rect.center().x, y - 8.0),
                Align2::CENTER_BOTTOM,
                lang.tr("signature-hint"),
                FontId::proportional((rect.height() * 0.12).clamp(12.0, 22.0)),
                t.muted.gamma_multiply(0.6),
            );
        }
        let width = (rect.height() * 0.012).clamp(1.8, 4.0);
        let ink = Stroke::new(width, t.heading);
        let to_screen = |p: &Pos2| rect.min + Vec2::new(p.x * rect.width(), p.y * rect.height());
        for s in self.strokes.iter().chain(self.current.iter()) {
            match s.as_slice() {
                [] => {}
                [p] => {
                    painter.circle_filled(to_screen(p), width * 0.9, t.heading);
                }
                _ => {
                    painter.line(s.iter().map(to_screen).collect(), ink);
                }
            }
        }
    }

    /// The signature as a PNG of `width` × `height` pixels: dark ink (the light theme's heading
    /// colour), anti-aliased, on a transparent background (white where transparent). Empty when there is no stroke, a side
    /// is 0 or above 8192, or encoding fails.
    pub fn to_png(&self, width: u32, height: u32) -> Vec<u8> {
        if self.strokes.is_empty()
            || width == 0
            || height == 0
            || width > MAX_PNG_SIDE
            || height > MAX_PNG_SIDE
        {
            return Vec::new();
        }
        let (w, h) = (width as usize, height as usize);
        let mut cover = vec![0.0_f32; w * h];
        let radius = (width.min(height) as f32 * 0.0075).max(1.0);
        let scale = Vec2::new(width as f32, height as f32);
        for s in &self.strokes {
            let pts: Vec<Pos2> = s
                .iter()
                .map(|p| pos2(p.x * scale.x, p.y * scale.y))
                .collect();
            match pts.as_slice() {
                [] => {}
                [p] => stamp_segment(&mut cover, w, h, *p, *p, radius * 1.2),
                _ => {
                    for pair in pts.windows(2) {
                        if let [a, b] = pair {
                            stamp_segment(&mut cover, w, h, *a, *b, radius);
                        }
                    }
                }
            }
        }
        // Transparent pixels are white, so readers that drop the alpha channel still show dark
        // ink on white paper.
        let ink = Tokens::LIGHT.heading.to_array();
        let paper = Tokens::LIGHT.card.to_array();
        let mut img = image::RgbaImage::new(width, height);
        for (px, c) in img.pixels_mut().zip(&cover) {
            let c = c.clamp(0.0, 1.0);
            let mix = |k: usize| {
                let (i, p) = (
                    f32::from(ink.get(k).copied().unwrap_or(0)),
                    f32::from(paper.get(k).copied().unwrap_or(255)),
                );
                (p + (i - p) * c).round() as u8
            };
            *px = image::Rgba([mix(0), mix(1), mix(2), (c * 255.0).round() as u8]);
        }
        let mut out = Vec::new();
        match img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png) {
            Ok(()) => out,
            Err(e) => {
                tracing::warn!("signature PNG encoding failed: {e}");
                Vec::new()
            }
        }
    }
}

/// `p` clamped into the unit square.
fn clamp01(p: Pos2) -> Pos2 {
    pos2(p.x.clamp(0.0, 1.0), p.y.clamp(0.0, 1.0))
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// Paints a round-capped thick segment into a coverage buffer (anti-aliased over one pixel).
fn stamp_segment(cover: &mut [f32], w: usize, h: usize, a: Pos2, b: Pos2, radius: f32) {
    let reach = radius + 1.0;
    let x0 = (a.x.min(b.x) - reach).floor().max(0.0) as usize;
    let y0 = (a.y.min(b.y) - reach).floor().max(0.0) as usize;
    let x1 = ((a.x.max(b.x) + reach).ceil().max(0.0) as usize).min(w);
    let y1 = ((a.y.max(b.y) + reach).ceil().max(0.0) as usize).min(h);
    for y in y0..y1 {
        for x in x0..x1 {
            let centre = pos2(x as f32 + 0.5, y as f32 + 0.5);
            let c = (radius + 0.5 - segment_distance(centre, a, b)).clamp(0.0, 1.0);
            if c > 0.0
                && let Some(v) = cover.get_mut(y * w + x)
            {
                *v = v.max(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    fn decode(png: &[u8]) -> image::RgbaImage {
        image::load_from_memory_with_format(png, image::ImageFormat::Png)
            .unwrap()
            .to_rgba8()
    }

    #[test]
    fn empty_pad_gives_no_png() {
        let pad = SignaturePad::default();
        assert!(pad.is_empty());
        assert!(pad.to_png(300, 100).is_empty());
        let pad = SignaturePad::from_strokes(vec![vec![], vec![]]);
        assert!(pad.is_empty());
        assert!(pad.to_png(300, 100).is_empty());
    }

    #[test]
    fn png_has_ink_only_near_the_strokes() {
        let pad = SignaturePad::from_strokes(vec![
            vec![pos2(0.1, 0.5), pos2(0.4, 0.5)],
            vec![pos2(0.8, 0.2)],
            vec![pos2(2.0, -1.0), pos2(0.9, 0.9)],
        ]);
        assert_eq!(pad.stroke_count(), 3);
        // Clamped into the pad.
        assert_eq!(pad.strokes()[2][0], pos2(1.0, 0.0));
        let png = pad.to_png(400, 200);
        assert!(!png.is_empty());
        let img = decode(&png);
        assert_eq!(img.dimensions(), (400, 200));
        let near = |x: f32, y: f32| {
            let segs = [
                ((40.0, 100.0), (160.0, 100.0)),
                ((320.0, 40.0), (320.0, 40.0)),
                ((400.0, 0.0), (360.0, 180.0)),
            ];
            segs.iter().any(|&((ax, ay), (bx, by))| {
                segment_distance(pos2(x, y), pos2(ax, ay), pos2(bx, by)) < 5.0
            })
        };
        let mut inked = 0;
        for (x, y, px) in img.enumerate_pixels() {
            if px[3] > 0 {
                inked += 1;
                if px[3] == 255 {
                    assert!(px[0] < 80 && px[1] < 80 && px[2] < 80, "ink is dark");
                }
                assert!(
                    near(x as f32 + 0.5, y as f32 + 0.5),
                    "ink far from strokes at {x},{y}"
                );
            }
        }
        assert!(inked > 200, "only {inked} inked pixels");
        // The middle of the first stroke and the dot are fully inked.
        assert_eq!(img.get_pixel(100, 100)[3], 255);
        assert_eq!(img.get_pixel(320, 40)[3], 255);
        // Far from everything: transparent (white underneath).
        assert_eq!(img.get_pixel(100, 180).0, [255, 255, 255, 0]);
    }

    #[test]
    fn png_refuses_silly_sizes() {
        let pad = SignaturePad::from_strokes(vec![vec![pos2(0.5, 0.5)]]);
        assert!(pad.to_png(0, 10).is_empty());
        assert!(pad.to_png(10, 9000).is_empty());
        assert_eq!(decode(&pad.to_png(1, 1)).dimensions(), (1, 1));
    }

    #[derive(Default)]
    struct State {
        pad: SignaturePad,
        changes: usize,
        rect: Option<Rect>,
    }

    fn harness() -> Harness<'static, State> {
        Harness::builder()
            .with_size([600.0, 400.0])
            .with_context_setup(crate::ui::theme::install_fonts)
            .build_ui_state(
                |ui, state: &mut State| {
                    ui.add_space(40.0);
                    let r = state
                        .pad
                        .ui(ui, &Tokens::LIGHT, Lang::Fr, Vec2::new(400.0, 160.0));
                    state.rect = Some(r.rect);
                    if r.changed() {
                        state.changes += 1;
                    }
                },
                State::default(),
            )
    }

    fn stroke(h: &mut Harness<'static, State>, points: &[Pos2]) {
        let Some((first, rest)) = points.split_first() else {
            return;
        };
        h.hover_at(*first);
        h.run();
        h.drag_at(*first);
        h.run();
        for p in rest {
            h.hover_at(*p);
            h.run();
        }
        h.drop_at(*points.last().unwrap());
        h.run();
    }

    #[test]
    fn dragging_draws_a_stroke_and_clear_empties_the_pad() {
        let mut h = harness();
        h.run();
        let rect = h.state().rect.unwrap();
        let at = |x: f32, y: f32| rect.min + Vec2::new(x * rect.width(), y * rect.height());
        stroke(
            &mut h,
            &[at(0.1, 0.5), at(0.3, 0.4), at(0.5, 0.6), at(0.7, 0.5)],
        );
        assert_eq!(h.state().pad.stroke_count(), 1);
        assert_eq!(h.state().changes, 1);
        let s = &h.state().pad.strokes()[0];
        assert!(s.len() >= 4, "{s:?}");
        assert!(s[0].distance(pos2(0.1, 0.5)) < 0.01);
        assert!(s.last().unwrap().distance(pos2(0.7, 0.5)) < 0.01);

        // A tap is a dot.
        stroke(&mut h, &[at(0.9, 0.3)]);
        assert_eq!(h.state().pad.stroke_count(), 2);
        assert_eq!(h.state().pad.strokes()[1].len(), 1);

        // A drag that starts outside the pad draws nothing, even when it enters the pad.
        stroke(&mut h, &[rect.min - Vec2::new(0.0, 20.0), at(0.5, 0.5)]);
        assert_eq!(h.state().pad.stroke_count(), 2);

        // A stroke leaving the pad is clamped to its edge.
        stroke(
            &mut h,
            &[at(0.5, 0.5), at(0.5, 0.9), rect.max + Vec2::new(0.0, 30.0)],
        );
        assert_eq!(h.state().pad.stroke_count(), 3);
        assert!(
            h.state().pad.strokes()[2]
                .iter()
                .all(|p| (0.0..=1.0).contains(&p.y))
        );

        h.get_by_label("Effacer").click();
        h.run();
        assert!(h.state().pad.is_empty());
        assert_eq!(h.state().changes, 4);
        h.get_by_label("Zone de signature");
    }
}
