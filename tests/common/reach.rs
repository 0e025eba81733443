//! Can the user reach every interactive widget on show? A widget that lies (even partly) outside
//! the window or outside the area that clips it must be brought into view by a scroll area;
//! otherwise it is cut off for good (a button under the bottom edge, an input past the right
//! edge, a modal taller than the window).
//!
//! How: egui's widget rects of the last pass give every widget's full rect and its rect after
//! clipping (`interact_rect`). A widget whose full rect is not inside both the window and its
//! clip is asked to scroll into view (AccessKit `ScrollIntoView`, as a screen reader would);
//! when no scroll area moves it, it stays cut off and is reported. Virtualised lists and tables
//! only register the rows they draw, so rows never drawn are not widgets and rows at the edge
//! scroll like any other widget.

use std::collections::{HashMap, HashSet};

use egui::accesskit::{Action, ActionRequest, TreeId};
use egui::{Id, Rect, WidgetRect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// Rounding slack, in points.
const SLACK: f32 = 1.0;

/// One interactive widget of the last pass, in window coordinates.
#[derive(Debug, Clone)]
struct Seen {
    id: Id,
    rect: Rect,
    clipped: Rect,
    /// The `Ui`s it sits in, nearest first.
    ancestors: Vec<Id>,
}

/// Which widgets to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every layer: panels, windows, dialogs.
    All,
    /// Only what floats above the panels (dialogs, pop-ups): the screen under a modal dialog is
    /// checked on its own.
    Overlays,
}

/// The interactive, visible widgets of the last pass.
///
/// A `Ui` that senses clicks (a clickable row or card, a table cell) reports a rect that may
/// reach past what it really draws (a table cell's rect is not its column); its extent is taken
/// as the union of what is drawn inside it instead.
fn interactive<S>(h: &Harness<'_, S>, scope: Scope) -> Vec<Seen> {
    widgets(h, scope, true)
}

/// Every visible widget and `Ui` of the last pass (containers included).
fn interactive_all<S>(h: &Harness<'_, S>, scope: Scope) -> Vec<Seen> {
    widgets(h, scope, false)
}

fn widgets<S>(h: &Harness<'_, S>, scope: Scope, only_interactive: bool) -> Vec<Seen> {
    let ctx = h.ctx.clone();
    let widgets = ctx.viewport(|v| v.prev_pass.widgets.clone());
    let mut out = Vec::new();
    for (layer, rects) in widgets.layers() {
        if scope == Scope::Overlays && layer.order == egui::Order::Background {
            continue;
        }
        let mut children: HashMap<Id, Vec<&WidgetRect>> = HashMap::new();
        let mut parent: HashMap<Id, Id> = HashMap::new();
        for w in rects {
            if w.parent_id != w.id {
                children.entry(w.parent_id).or_default().push(w);
                parent.insert(w.id, w.parent_id);
            }
        }
        let to_global = ctx.layer_transform_to_global(*layer).unwrap_or_default();
        for w in rects {
            if !w.visible || (only_interactive && !w.sense.interactive()) || w.rect.area() <= 0.0 {
                continue;
            }
            let rect = drawn(w, &children, 0).unwrap_or(w.rect);
            // `interact_rect` is the rect clipped; what is drawn lies inside the rect.
            let clipped = w.interact_rect.intersect(rect);
            let mut ancestors = Vec::new();
            let mut at = w.id;
            while let Some(p) = parent.get(&at).filter(|_| ancestors.len() < 64) {
                ancestors.push(*p);
                at = *p;
            }
            out.push(Seen {
                id: w.id,
                rect: to_global * rect,
                clipped: to_global * clipped,
                ancestors,
            });
        }
    }
    out
}

/// What a widget draws: its own rect for a leaf, the union of its children's for a `Ui`.
fn drawn(w: &WidgetRect, children: &HashMap<Id, Vec<&WidgetRect>>, depth: usize) -> Option<Rect> {
    let Some(kids) = children.get(&w.id).filter(|_| depth < 64) else {
        return (w.rect.area() > 0.0).then_some(w.rect);
    };
    kids.iter()
        .filter_map(|k| drawn(k, children, depth + 1))
        .reduce(Rect::union)
}

/// The part of the widget a user sees: inside its clip and inside the window.
fn visible_part(w: &Seen, window: Rect) -> Rect {
    w.clipped.intersect(window)
}

/// Entirely on show.
fn fully_visible(w: &Seen, window: Rect) -> bool {
    let v = visible_part(w, window);
    v.is_positive() && v.expand(SLACK).contains_rect(w.rect)
}

/// On show as far as it can be: along each axis either whole, or larger than the area that
/// shows it and cut on both sides (what scrolling to a tall widget gives).
fn as_visible_as_possible(w: &Seen, window: Rect) -> bool {
    let v = visible_part(w, window);
    if !v.is_positive() {
        return false;
    }
    (0..2).all(|d| {
        let (lo, hi) = (w.rect.min[d], w.rect.max[d]);
        let (vlo, vhi) = (v.min[d], v.max[d]);
        let whole = vlo <= lo + SLACK && vhi >= hi - SLACK;
        let both_cut = vlo > lo + SLACK && vhi < hi - SLACK;
        whole || both_cut
    })
}

/// Asks the widget to scroll into view, as a screen reader would, and lets the app settle.
fn scroll_into_view<S>(h: &mut Harness<'_, S>, id: Id) {
    h.event(egui::Event::AccessKitActionRequest(ActionRequest {
        action: Action::ScrollIntoView,
        target_tree: TreeId::ROOT,
        target_node: id.accesskit_id(),
        data: None,
    }));
    h.run_steps(3);
}

/// How a widget is named in a failure: its accessible role and label or value.
fn describe<S>(h: &Harness<'_, S>, w: &Seen, window: Rect) -> String {
    let target = w.id.accesskit_id();
    let name = h
        .query_all_by(move |n| n.locate().0 == target)
        .next()
        .map(|n| {
            let n = n.accesskit_node();
            format!(
                "{:?} {:?}",
                n.role(),
                n.label().or_else(|| n.value()).unwrap_or_default()
            )
        })
        .unwrap_or_else(|| format!("{:?}", w.id));
    let v = visible_part(w, window);
    format!(
        "{name} at [{:.0},{:.0} → {:.0},{:.0}], visible [{:.0},{:.0} → {:.0},{:.0}]",
        w.rect.min.x, w.rect.min.y, w.rect.max.x, w.rect.max.y, v.min.x, v.min.y, v.max.x, v.max.y
    )
}

/// What scrolling to a widget gave.
enum Reached {
    /// On show.
    Yes,
    /// No longer drawn once scrolled to: only a list that draws what is on show does that, and
    /// then the row was on show a moment ago.
    Gone,
    /// Still cut off, as last seen.
    No(Seen),
}

/// Scrolls to `w`; when it sits in a scroll area inside another one (scrolling to a widget
/// moves the innermost area only), scrolls to each of its cut-off containers first, nearest
/// first, as a user would scroll the outer area by hand.
fn reach<S>(
    h: &mut Harness<'_, S>,
    scope: Scope,
    window: Rect,
    w: &Seen,
    seen: &mut HashSet<Id>,
) -> Reached {
    let mut tries: Vec<Option<Id>> = vec![None];
    tries.extend(w.ancestors.iter().copied().map(Some));
    let mut last = None;
    for container in tries.into_iter().take(12) {
        if let Some(c) = container {
            let cut = interactive_all(h, scope)
                .iter()
                .find(|s| s.id == c)
                .is_some_and(|s| !fully_visible(s, window));
            if !cut {
                continue;
            }
            scroll_into_view(h, c);
        }
        scroll_into_view(h, w.id);
        let now = interactive(h, scope);
        seen.extend(
            now.iter()
                .filter(|s| fully_visible(s, window))
                .map(|s| s.id),
        );
        match now.into_iter().find(|s| s.id == w.id) {
            None => return Reached::Gone,
            Some(s) if as_visible_as_possible(&s, window) => {
                seen.insert(s.id);
                return Reached::Yes;
            }
            Some(s) => last = Some(s),
        }
    }
    last.map_or(Reached::Gone, Reached::No)
}

/// The interactive widgets not entirely on show as things stand (before any scrolling),
/// described.
pub fn overflowing<S>(h: &mut Harness<'_, S>, scope: Scope) -> Vec<String> {
    h.run();
    let window = h.ctx.content_rect();
    interactive(h, scope)
        .iter()
        .filter(|w| !fully_visible(w, window))
        .map(|w| describe(h, w, window))
        .collect()
}

/// The interactive widgets on show that no scrolling brings into view, described. Scroll
/// positions change while checking: call it last on a screen, or navigate again afterwards.
pub fn unreachable<S>(h: &mut Harness<'_, S>, scope: Scope) -> Vec<String> {
    h.run();
    let window = h.ctx.content_rect();
    let first = interactive(h, scope);
    let mut seen: HashSet<Id> = first
        .iter()
        .filter(|w| fully_visible(w, window))
        .map(|w| w.id)
        .collect();
    let mut out = Vec::new();
    for w in first {
        if seen.contains(&w.id) {
            continue;
        }
        match reach(h, scope, window, &w, &mut seen) {
            Reached::Yes | Reached::Gone => {}
            Reached::No(s) => out.push(describe(h, &s, window)),
        }
    }
    out
}

/// The rect of the smallest window or dialog (a floating area, not a panel) that holds `inside`:
/// its frame included, in window coordinates.
pub fn dialog_rect<S>(h: &Harness<'_, S>, inside: Rect) -> Option<Rect> {
    let ctx = h.ctx.clone();
    let widgets = ctx.viewport(|v| v.prev_pass.widgets.clone());
    widgets
        .layers()
        .filter(|(layer, _)| layer.order != egui::Order::Background)
        .filter_map(|(layer, _)| {
            let area = widgets.get(layer.id.with("move"))?;
            let to_global = ctx.layer_transform_to_global(*layer).unwrap_or_default();
            Some(to_global * area.rect)
        })
        .filter(|r| r.expand(SLACK).contains_rect(inside))
        .min_by(|a, b| a.area().total_cmp(&b.area()))
}
