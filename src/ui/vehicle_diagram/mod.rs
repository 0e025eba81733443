//! A car seen from above, drawn with the egui painter (no image asset), with clickable zones and
//! numbered damage markers: used by the guided intervention screens to say where film goes and
//! where defects are.
//!
//! Every position is normalised to the car's bounding box (mirrors included): `x` from 0 (the
//! car's left side) to 1 (its right side), `y` from 0 (front bumper, at the top) to 1 (rear
//! bumper). The car's left is the viewer's left because the car points up.
//!
//! In an area wider than tall the car is drawn lying down, front to the left (its left side then
//! at the bottom): a landscape screen gives it its width. Normalised positions do not change.
//!
//! Painted zones are not reachable by AccessKit (so neither by screen readers nor by kittest
//! labels): [`zone_buttons_ui`] lists the zones as small named buttons for touch users and tests,
//! and [`zone_center`] gives a point inside each zone to click in the drawing.

use std::sync::LazyLock;

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, Vec2, pos2};
use rpma_core::Lang;
use rpma_core::i18n::Arg;

use super::theme::Tokens;

/// Width / length of the car's bounding box (mirrors included): the drawing keeps this ratio.
pub const CAR_ASPECT: f32 = 0.46;

/// Every zone of the diagram: (zone id, i18n key of its name), in the order of the zone buttons
/// (front to rear, left before right).
pub const DIAGRAM_ZONES: &[(&str, &str)] = &[
    ("front_bumper", "diagram-zone-front-bumper"),
    ("headlights", "diagram-zone-headlights"),
    ("hood", "diagram-zone-hood"),
    ("front_left_fender", "diagram-zone-front-left-fender"),
    ("front_right_fender", "diagram-zone-front-right-fender"),
    ("windshield", "diagram-zone-windshield"),
    ("left_mirror", "diagram-zone-left-mirror"),
    ("right_mirror", "diagram-zone-right-mirror"),
    ("left_front_door", "diagram-zone-left-front-door"),
    ("right_front_door", "diagram-zone-right-front-door"),
    ("left_rear_door", "diagram-zone-left-rear-door"),
    ("right_rear_door", "diagram-zone-right-rear-door"),
    ("left_rocker", "diagram-zone-left-rocker"),
    ("right_rocker", "diagram-zone-right-rocker"),
    ("roof", "diagram-zone-roof"),
    ("rear_window", "diagram-zone-rear-window"),
    ("rear_left_fender", "diagram-zone-rear-left-fender"),
    ("rear_right_fender", "diagram-zone-rear-right-fender"),
    ("trunk", "diagram-zone-trunk"),
    ("rear_bumper", "diagram-zone-rear-bumper"),
];

/// A numbered dot on the diagram (a defect, a photo…).
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramMarker {
    /// The zone it belongs to (shown when the marker is hovered).
    pub zone: String,
    /// Where it is, normalised to the car's bounding box (0..1).
    pub pos: Pos2,
    /// The short text in the dot, e.g. "1".
    pub label: String,
    /// 1 (minor, muted), 2 (warning) or 3 (serious, danger colour); other values are clamped.
    pub severity: u8,
    /// Drawn with an accent ring.
    pub selected: bool,
}

/// What happened on the diagram this frame.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramResponse {
    /// A zone was clicked (not on a marker): its id and the normalised click position.
    pub clicked: Option<(String, Pos2)>,
    /// A marker was clicked: its index in the `markers` slice.
    pub clicked_marker: Option<usize>,
    /// The zone under the pointer.
    pub hovered_zone: Option<String>,
    /// Where the car's bounding box was painted, in screen points (normalised positions are
    /// relative to it; lying down, `y` runs from its left edge and `x` from its bottom edge).
    pub car_rect: Rect,
}

/// One zone's shape.
struct ZoneGeom {
    /// Zone id, as in [`DIAGRAM_ZONES`].
    id: &'static str,
    /// Convex polygons, normalised (the headlights are two).
    polys: Vec<Vec<Pos2>>,
    /// Painted with the glass tint.
    glass: bool,
}

/// Zones in hit-test order: small parts lying over bigger ones first. Painted in reverse.
static GEOMETRY: LazyLock<Vec<ZoneGeom>> = LazyLock::new(build_geometry);

/// The body outline, sampled all around (a convex polygon).
static SILHOUETTE: LazyLock<Vec<Pos2>> = LazyLock::new(|| {
    let mut pts = edge(1.0, 0.0, 40, left_edge);
    pts.extend(edge(0.0, 1.0, 40, right_edge));
    pts
});

/// Side windows (decoration inside the door zones), left then right.
static SIDE_WINDOWS: LazyLock<Vec<Vec<Pos2>>> = LazyLock::new(|| {
    let front = vec![
        pos2(0.238, 0.360),
        pos2(0.270, 0.430),
        pos2(0.270, 0.490),
        pos2(0.232, 0.490),
        pos2(0.232, 0.375),
    ];
    let rear = vec![
        pos2(0.232, 0.510),
        pos2(0.270, 0.510),
        pos2(0.270, 0.655),
        pos2(0.255, 0.685),
        pos2(0.232, 0.685),
    ];
    let (front_r, rear_r) = (mirrored(&front), mirrored(&rear));
    vec![front, rear, front_r, rear_r]
});

// Stations along the car (normalised y).
const Y_FRONT_BUMPER: f32 = 0.06;
const Y_HOOD_END: f32 = 0.30;
const Y_WINDSHIELD_END: f32 = 0.42;
const Y_DOOR_SPLIT: f32 = 0.50;
const Y_ROOF_END: f32 = 0.68;
const Y_DOOR_END: f32 = 0.70;
const Y_REAR_WINDOW_END: f32 = 0.78;
const Y_REAR_BUMPER: f32 = 0.94;
/// Left edge of the roof (the right edge is symmetric).
const X_ROOF: f32 = 0.28;
/// Width of the rocker panel strip, along the doors.
const ROCKER_W: f32 = 0.045;
/// Half width of the body at its widest (mirrors stick out beyond it).
const BODY_HALF_WIDTH: f32 = 0.43;
/// How much narrower the body is at the bumpers than at the waist.
const BODY_TAPER: f32 = 0.025;
/// Rounding of the four body corners, across the car (normalised x)…
const CORNER_RX: f32 = 0.15;
/// …and along it (normalised y).
const CORNER_RY: f32 = 0.075;

/// Half width of the body at `y` (concave in `y`, so the body is convex).
fn half_width(y: f32) -> f32 {
    let y = y.clamp(0.0, 1.0);
    let d = (y - 0.5) / 0.5;
    let base = BODY_HALF_WIDTH - BODY_TAPER * d * d;
    let from_end = y.min(1.0 - y);
    if from_end < CORNER_RY {
        let t = (CORNER_RY - from_end) / CORNER_RY;
        base - CORNER_RX * (1.0 - (1.0 - t * t).max(0.0).sqrt())
    } else {
        base
    }
}

/// The body's left side at `y`.
fn left_edge(y: f32) -> f32 {
    0.5 - half_width(y)
}

/// The body's right side at `y`.
fn right_edge(y: f32) -> f32 {
    0.5 + half_width(y)
}

/// Points `(x(y), y)` for `y` going from `y0` to `y1`: `n` even steps, plus extra points along
/// the rounded body corners (where the edge turns fast).
fn edge(y0: f32, y1: f32, n: usize, x: impl Fn(f32) -> f32) -> Vec<Pos2> {
    let (lo, hi) = (y0.min(y1), y0.max(y1));
    let mut ys: Vec<f32> = (0..=n)
        .map(|i| y0 + (y1 - y0) * i as f32 / n as f32)
        .collect();
    const CORNER_STEPS: usize = 12;
    for k in 0..=CORNER_STEPS {
        let phi = std::f32::consts::FRAC_PI_2 * k as f32 / CORNER_STEPS as f32;
        let from_end = CORNER_RY * (1.0 - phi.sin());
        ys.extend([from_end, 1.0 - from_end]);
    }
    ys.retain(|y| (lo..=hi).contains(y));
    ys.sort_by(f32::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() < 1e-4);
    if y0 > y1 {
        ys.reverse();
    }
    ys.into_iter().map(|y| pos2(x(y), y)).collect()
}

/// Inner edge of the front fenders (the hood's side), left side.
fn hood_side(y: f32) -> f32 {
    0.25 + (0.225 - 0.25) * (y - Y_FRONT_BUMPER) / (Y_HOOD_END - Y_FRONT_BUMPER)
}

/// Inner edge of the rear fenders (rear window and trunk sides), left side.
fn deck_side(y: f32) -> f32 {
    X_ROOF + (0.22 - X_ROOF) * (y - Y_ROOF_END) / (Y_REAR_BUMPER - Y_ROOF_END)
}

/// The right-hand twin of a left-hand polygon.
fn mirrored(poly: &[Pos2]) -> Vec<Pos2> {
    poly.iter().rev().map(|p| pos2(1.0 - p.x, p.y)).collect()
}

/// Builds every zone's polygons (left-side shapes, mirrored for the right side).
fn build_geometry() -> Vec<ZoneGeom> {
    let hood_end = hood_side(Y_HOOD_END);
    let door_end = deck_side(Y_DOOR_END);
    let deck_mid = deck_side(Y_REAR_WINDOW_END);
    let rocker_inner = |y: f32| left_edge(y) + ROCKER_W;

    let headlight = vec![
        pos2(0.105, 0.070),
        pos2(0.290, 0.064),
        pos2(0.290, 0.090),
        pos2(0.125, 0.104),
    ];
    let mirror = vec![
        pos2(0.005, 0.337),
        pos2(0.085, 0.325),
        pos2(0.085, 0.373),
        pos2(0.012, 0.368),
    ];
    let mut rocker = edge(Y_HOOD_END, Y_DOOR_END, 12, left_edge);
    rocker.extend(edge(Y_DOOR_END, Y_HOOD_END, 12, rocker_inner));
    let mut front_fender = edge(Y_FRONT_BUMPER, Y_HOOD_END, 12, left_edge);
    front_fender.extend([
        pos2(hood_end, Y_HOOD_END),
        pos2(hood_side(Y_FRONT_BUMPER), Y_FRONT_BUMPER),
    ]);
    let mut front_door = edge(Y_HOOD_END, Y_DOOR_SPLIT, 8, rocker_inner);
    front_door.extend([
        pos2(X_ROOF, Y_DOOR_SPLIT),
        pos2(X_ROOF, Y_WINDSHIELD_END),
        pos2(hood_end, Y_HOOD_END),
    ]);
    let mut rear_door = edge(Y_DOOR_SPLIT, Y_DOOR_END, 8, rocker_inner);
    rear_door.extend([
        pos2(door_end, Y_DOOR_END),
        pos2(X_ROOF, Y_ROOF_END),
        pos2(X_ROOF, Y_DOOR_SPLIT),
    ]);
    let mut rear_fender = edge(Y_DOOR_END, Y_REAR_BUMPER, 12, left_edge);
    rear_fender.extend([
        pos2(deck_side(Y_REAR_BUMPER), Y_REAR_BUMPER),
        pos2(door_end, Y_DOOR_END),
    ]);
    let mut front_bumper = edge(Y_FRONT_BUMPER, 0.0, 12, left_edge);
    front_bumper.extend(edge(0.0, Y_FRONT_BUMPER, 12, right_edge));
    let mut rear_bumper = edge(Y_REAR_BUMPER, 1.0, 12, right_edge);
    rear_bumper.extend(edge(1.0, Y_REAR_BUMPER, 12, left_edge));
    let hood = vec![
        pos2(hood_side(Y_FRONT_BUMPER), Y_FRONT_BUMPER),
        pos2(1.0 - hood_side(Y_FRONT_BUMPER), Y_FRONT_BUMPER),
        pos2(1.0 - hood_end, Y_HOOD_END),
        pos2(hood_end, Y_HOOD_END),
    ];
    let windshield = vec![
        pos2(hood_end, Y_HOOD_END),
        pos2(1.0 - hood_end, Y_HOOD_END),
        pos2(1.0 - X_ROOF, Y_WINDSHIELD_END),
        pos2(X_ROOF, Y_WINDSHIELD_END),
    ];
    let roof = vec![
        pos2(X_ROOF, Y_WINDSHIELD_END),
        pos2(1.0 - X_ROOF, Y_WINDSHIELD_END),
        pos2(1.0 - X_ROOF, Y_ROOF_END),
        pos2(X_ROOF, Y_ROOF_END),
    ];
    let rear_window = vec![
        pos2(X_ROOF, Y_ROOF_END),
        pos2(1.0 - X_ROOF, Y_ROOF_END),
        pos2(1.0 - deck_mid, Y_REAR_WINDOW_END),
        pos2(deck_mid, Y_REAR_WINDOW_END),
    ];
    let trunk = vec![
        pos2(deck_mid, Y_REAR_WINDOW_END),
        pos2(1.0 - deck_mid, Y_REAR_WINDOW_END),
        pos2(1.0 - deck_side(Y_REAR_BUMPER), Y_REAR_BUMPER),
        pos2(deck_side(Y_REAR_BUMPER), Y_REAR_BUMPER),
    ];

    let zone = |id: &'static str, polys: Vec<Vec<Pos2>>| ZoneGeom {
        id,
        polys,
        glass: false,
    };
    let pair = |left: &'static str, right: &'static str, poly: Vec<Pos2>| {
        let twin = mirrored(&poly);
        [zone(left, vec![poly]), zone(right, vec![twin])]
    };
    let mut zones = Vec::with_capacity(DIAGRAM_ZONES.len());
    zones.extend(pair("left_mirror", "right_mirror", mirror));
    let twin = mirrored(&headlight);
    zones.push(ZoneGeom {
        id: "headlights",
        polys: vec![headlight, twin],
        glass: true,
    });
    zones.extend(pair("left_rocker", "right_rocker", rocker));
    zones.extend(pair(
        "front_left_fender",
        "front_right_fender",
        front_fender,
    ));
    zones.extend(pair("left_front_door", "right_front_door", front_door));
    zones.extend(pair("left_rear_door", "right_rear_door", rear_door));
    zones.extend(pair("rear_left_fender", "rear_right_fender", rear_fender));
    zones.push(zone("front_bumper", vec![front_bumper]));
    zones.push(zone("rear_bumper", vec![rear_bumper]));
    zones.push(zone("hood", vec![hood]));
    zones.push(ZoneGeom {
        id: "windshield",
        polys: vec![windshield],
        glass: true,
    });
    zones.push(zone("roof", vec![roof]));
    zones.push(ZoneGeom {
        id: "rear_window",
        polys: vec![rear_window],
        glass: true,
    });
    zones.push(zone("trunk", vec![trunk]));
    zones
}

/// Whether `p` is inside the polygon (even-odd rule).
fn inside(poly: &[Pos2], p: Pos2) -> bool {
    let mut hit = false;
    let Some(&last) = poly.last() else {
        return false;
    };
    let mut prev = last;
    for &cur in poly {
        if (cur.y > p.y) != (prev.y > p.y) {
            let x = cur.x + (p.y - cur.y) * (prev.x - cur.x) / (prev.y - cur.y);
            if p.x < x {
                hit = !hit;
            }
        }
        prev = cur;
    }
    hit
}

/// The zone at a normalised position (0..1 of the car's bounding box), if any.
pub fn zone_at(norm: Pos2) -> Option<&'static str> {
    GEOMETRY
        .iter()
        .find(|z| z.polys.iter().any(|poly| inside(poly, norm)))
        .map(|z| z.id)
}

/// A normalised point well inside the zone (the centroid of its first polygon), e.g. to put a
/// marker on a zone picked from the buttons, or to click it in tests. `None` for unknown ids.
pub fn zone_center(id: &str) -> Option<Pos2> {
    let poly = GEOMETRY.iter().find(|z| z.id == id)?.polys.first()?;
    // Area-weighted centroid (the points of a side strip are not evenly spread).
    let (mut area, mut cx, mut cy) = (0.0_f32, 0.0_f32, 0.0_f32);
    let mut prev = *poly.last()?;
    for &cur in poly {
        let cross = prev.x * cur.y - cur.x * prev.y;
        area += cross;
        cx += (prev.x + cur.x) * cross;
        cy += (prev.y + cur.y) * cross;
        prev = cur;
    }
    if area.abs() < f32::EPSILON {
        return None;
    }
    Some(pos2(cx / (3.0 * area), cy / (3.0 * area)))
}

/// The i18n key of a zone's name (`None` for unknown ids).
pub fn zone_name_key(id: &str) -> Option<&'static str> {
    DIAGRAM_ZONES
        .iter()
        .find(|(z, _)| *z == id)
        .map(|(_, key)| *key)
}

/// A zone's name in `lang` (the id itself for unknown ids).
pub fn zone_name(lang: Lang, id: &str) -> String {
    zone_name_key(id).map_or_else(|| id.to_owned(), |key| lang.tr(key))
}

/// The marker's fill colour for its severity.
fn severity_colour(t: &Tokens, severity: u8) -> Color32 {
    match severity {
        0 | 1 => t.muted,
        2 => t.warning,
        _ => t.danger,
    }
}

/// Draws the car in a `size` area (the car keeps its proportions and is centred; lying down when
/// the area is wider than tall), tints the `highlighted` zones (the job's zones), draws the
/// markers and reports clicks and hover. `id_salt` tells several diagrams on one screen apart.
/// The hovered zone's name is written under the car.
pub fn vehicle_diagram_ui(
    ui: &mut Ui,
    tokens: &Tokens,
    lang: Lang,
    id_salt: &str,
    size: Vec2,
    highlighted: &[&str],
    markers: &[DiagramMarker],
) -> DiagramResponse {
    let t = tokens;
    let size = Vec2::new(
        if size.x.is_finite() {
            size.x
        } else {
            ui.available_width()
        },
        if size.y.is_finite() {
            size.y
        } else {
            ui.available_height()
        },
    )
    .max(Vec2::splat(40.0));
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let id = ui.make_persistent_id(("vehicle_diagram", id_salt));
    let response = ui.interact(rect, id, Sense::click());
    let title = lang.tr("diagram-title");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &title));

    // Car box: under the "front" caption, above the hovered-zone caption.
    let small = (t.body - 2.5).max(9.0);
    let caption_h = small + 6.0;
    let area = Rect::from_min_max(
        rect.min + Vec2::new(0.0, caption_h),
        rect.max - Vec2::new(0.0, caption_h),
    )
    .shrink(2.0);
    let lying = area.width() > area.height();
    let (long, across) = if lying {
        (area.height(), area.width())
    } else {
        (area.width(), area.height())
    };
    let len = across.min(long / CAR_ASPECT).max(1.0);
    let (w, h) = (len * CAR_ASPECT, len);
    let car = Rect::from_center_size(
        area.center(),
        if lying {
            Vec2::new(h, w)
        } else {
            Vec2::new(w, h)
        },
    );
    // Lying down: the front (y = 0) at the left, the car's left side (x = 0) at the bottom.
    let to_screen = |p: Pos2| {
        if lying {
            pos2(car.min.x + p.y * h, car.max.y - p.x * w)
        } else {
            car.min + Vec2::new(p.x * w, p.y * h)
        }
    };
    let to_norm = |p: Pos2| {
        if lying {
            pos2((car.max.y - p.y) / w, (p.x - car.min.x) / h)
        } else {
            pos2((p.x - car.min.x) / w, (p.y - car.min.y) / h)
        }
    };
    let marker_r = (w / 16.0).clamp(8.0, 14.0);
    // A finger is larger than the drawn marker: the touch target is a token hit wide.
    let marker_reach = (marker_r + 4.0).max(t.hit * 0.5);
    let marker_at = |p: Pos2| {
        markers
            .iter()
            .enumerate()
            .map(|(i, m)| (i, to_screen(m.pos).distance(p)))
            .filter(|(_, d)| *d <= marker_reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    };

    let hover = response.hover_pos();
    let hovered_marker = hover.and_then(marker_at);
    let hovered_zone = hover.and_then(|p| zone_at(to_norm(p)));

    let mut out = DiagramResponse {
        clicked: None,
        clicked_marker: None,
        hovered_zone: hovered_zone.map(str::to_owned),
        car_rect: car,
    };
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        if let Some(i) = marker_at(p) {
            out.clicked_marker = Some(i);
        } else {
            let n = to_norm(p);
            out.clicked = zone_at(n).map(|z| (z.to_owned(), n));
        }
    }

    if !ui.is_rect_visible(rect) {
        return out;
    }
    let painter = ui.painter_at(rect);
    let outline = Stroke::new(1.5, t.muted);
    let seam = Stroke::new(1.0, t.muted.gamma_multiply(0.55));
    let glass = t.muted.gamma_multiply(0.3);

    // Wheels, partly hidden under the body.
    let wheel_w = 0.09;
    for (x, y) in [(0.045, 0.13), (0.865, 0.13), (0.045, 0.75), (0.865, 0.75)] {
        let r = Rect::from_two_pos(
            to_screen(pos2(x, y)),
            to_screen(pos2(x + wheel_w, y + 0.12)),
        );
        painter.rect_filled(r, r.width().min(r.height()) * 0.3, t.muted);
    }
    let silhouette: Vec<Pos2> = SILHOUETTE.iter().map(|&p| to_screen(p)).collect();
    painter.add(Shape::convex_polygon(
        silhouette.clone(),
        t.bg,
        Stroke::NONE,
    ));
    for z in GEOMETRY.iter().rev() {
        let lit = highlighted.contains(&z.id);
        let hot = hovered_zone == Some(z.id) && hovered_marker.is_none();
        let mut fill = if z.glass { glass } else { t.bg };
        if lit {
            fill = if z.glass {
                t.accent_soft.lerp_to_gamma(t.accent, 0.3)
            } else {
                t.accent_soft
            };
        }
        if hot {
            fill = fill.blend(t.accent.gamma_multiply(if lit { 0.55 } else { 0.35 }));
        }
        let stroke = if hot {
            Stroke::new(2.0, t.accent_hover)
        } else if lit {
            Stroke::new(1.2, t.accent)
        } else {
            seam
        };
        for poly in &z.polys {
            let pts: Vec<Pos2> = poly.iter().map(|&p| to_screen(p)).collect();
            painter.add(Shape::convex_polygon(pts, fill, stroke));
        }
    }
    for poly in SIDE_WINDOWS.iter() {
        let pts: Vec<Pos2> = poly.iter().map(|&p| to_screen(p)).collect();
        painter.add(Shape::convex_polygon(pts, glass, seam));
    }
    painter.add(Shape::closed_line(silhouette, outline));

    // Markers, the selected ones last (on top).
    let mut order: Vec<usize> = (0..markers.len()).collect();
    order.sort_by_key(|&i| markers.get(i).is_some_and(|m| m.selected));
    for i in order {
        let Some(m) = markers.get(i) else { continue };
        let c = to_screen(m.pos);
        let r = if hovered_marker == Some(i) {
            marker_r + 2.0
        } else {
            marker_r
        };
        if m.selected {
            painter.circle_stroke(c, r + 3.5, Stroke::new(2.5, t.accent));
        }
        painter.circle(
            c,
            r,
            severity_colour(t, m.severity),
            Stroke::new(1.5, t.card),
        );
        painter.text(
            c,
            Align2::CENTER_CENTER,
            &m.label,
            FontId::proportional(r * 1.05),
            t.card,
        );
    }

    // Captions: the front at the top, the hovered zone or marker at the bottom.
    painter.text(
        if lying {
            rect.left_top() + Vec2::splat(2.0)
        } else {
            pos2(rect.center().x, rect.top() + 2.0)
        },
        if lying {
            Align2::LEFT_TOP
        } else {
            Align2::CENTER_TOP
        },
        if lying {
            format!("{} {}", super::icons::ARROW_LEFT, lang.tr("diagram-front"))
        } else {
            lang.tr("diagram-front")
        },
        FontId::proportional(small),
        t.muted,
    );
    let hover_text = match hovered_marker.and_then(|i| markers.get(i)) {
        Some(m) => Some(lang.tr_args(
            "diagram-marker",
            &[
                ("label", Arg::from(m.label.as_str())),
                ("zone", Arg::from(zone_name(lang, &m.zone))),
            ],
        )),
        None => hovered_zone.map(|z| zone_name(lang, z)),
    };
    if let Some(text) = hover_text {
        painter.text(
            pos2(rect.center().x, rect.bottom() - 2.0),
            Align2::CENTER_BOTTOM,
            text,
            FontId::proportional(small + 1.0),
            t.heading,
        );
    }
    if hover.is_some() && (hovered_zone.is_some() || hovered_marker.is_some()) {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    out
}

/// The zones as a wrap of small buttons named after them (for touch users, keyboards, screen
/// readers and tests): returns the id of the clicked one. `only` limits the list (in the order of
/// [`DIAGRAM_ZONES`]); `highlighted` zones are drawn selected.
pub fn zone_buttons_ui(
    ui: &mut Ui,
    tokens: &Tokens,
    lang: Lang,
    highlighted: &[&str],
    only: Option<&[&str]>,
) -> Option<String> {
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = Vec2::new(6.0, 6.0);
        for &(id, key) in DIAGRAM_ZONES {
            if only.is_some_and(|o| !o.contains(&id)) {
                continue;
            }
            let lit = highlighted.contains(&id);
            let text = RichText::new(lang.tr(key)).small().color(if lit {
                tokens.heading
            } else {
                tokens.text
            });
            let mut b = egui::Button::new(text).min_size(Vec2::new(0.0, tokens.hit * 0.75));
            if lit {
                b = b
                    .fill(tokens.accent_soft)
                    .stroke(Stroke::new(1.0, tokens.accent));
            }
            if ui.add(b).clicked() {
                picked = Some(id.to_owned());
            }
        }
    });
    picked
}

#[cfg(test)]
mod tests;
