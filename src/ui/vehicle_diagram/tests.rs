//! The diagram's geometry, hit-testing and clicks.

use super::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

#[test]
fn every_zone_has_geometry_and_its_centre_maps_back() {
    assert_eq!(GEOMETRY.len(), DIAGRAM_ZONES.len());
    for (id, _) in DIAGRAM_ZONES {
        let c = zone_center(id).unwrap_or_else(|| panic!("no centre for {id}"));
        assert!((0.0..=1.0).contains(&c.x) && (0.0..=1.0).contains(&c.y));
        assert_eq!(zone_at(c), Some(*id), "centre {c:?} of {id}");
    }
    assert_eq!(zone_center("spoiler"), None);
}

#[test]
fn zone_at_known_points() {
    assert_eq!(zone_at(pos2(0.5, 0.02)), Some("front_bumper"));
    assert_eq!(zone_at(pos2(0.5, 0.2)), Some("hood"));
    assert_eq!(zone_at(pos2(0.5, 0.36)), Some("windshield"));
    assert_eq!(zone_at(pos2(0.5, 0.55)), Some("roof"));
    assert_eq!(zone_at(pos2(0.5, 0.73)), Some("rear_window"));
    assert_eq!(zone_at(pos2(0.5, 0.86)), Some("trunk"));
    assert_eq!(zone_at(pos2(0.5, 0.98)), Some("rear_bumper"));
    assert_eq!(zone_at(pos2(0.2, 0.4)), Some("left_front_door"));
    assert_eq!(zone_at(pos2(0.8, 0.6)), Some("right_rear_door"));
    assert_eq!(zone_at(pos2(0.15, 0.2)), Some("front_left_fender"));
    assert_eq!(zone_at(pos2(0.85, 0.85)), Some("rear_right_fender"));
    assert_eq!(zone_at(pos2(0.09, 0.5)), Some("left_rocker"));
    assert_eq!(zone_at(pos2(0.03, 0.35)), Some("left_mirror"));
    assert_eq!(zone_at(pos2(0.97, 0.35)), Some("right_mirror"));
    assert_eq!(zone_at(pos2(0.8, 0.08)), Some("headlights"));
    // Outside the body: beside it, beyond the bumpers, the rounded corners.
    assert_eq!(zone_at(pos2(0.02, 0.6)), None);
    assert_eq!(zone_at(pos2(0.5, -0.01)), None);
    assert_eq!(zone_at(pos2(0.5, 1.01)), None);
    assert_eq!(zone_at(pos2(0.075, 0.005)), None);
}

#[test]
fn zone_names_are_translated() {
    for (id, _) in DIAGRAM_ZONES {
        for lang in Lang::ALL {
            let name = zone_name(lang, id);
            assert!(!name.is_empty() && !name.starts_with("diagram-"), "{id}");
        }
    }
    assert_eq!(zone_name(Lang::Fr, "hood"), "Capot");
    assert_eq!(zone_name(Lang::En, "hood"), "Hood");
}

#[derive(Default)]
struct State {
    clicked: Option<(String, Pos2)>,
    clicked_marker: Option<usize>,
    picked: Option<String>,
    car_rect: Option<Rect>,
}

fn harness() -> Harness<'static, State> {
    harness_of(Vec2::new(300.0, 520.0))
}

fn harness_of(size: Vec2) -> Harness<'static, State> {
    let markers = vec![DiagramMarker {
        zone: "roof".into(),
        pos: pos2(0.5, 0.5),
        label: "1".into(),
        severity: 3,
        selected: true,
    }];
    Harness::builder()
        .with_size([480.0, 760.0])
        .with_context_setup(crate::ui::theme::install_fonts)
        .build_ui_state(
            move |ui, state: &mut State| {
                let t = Tokens::LIGHT;
                let r = vehicle_diagram_ui(
                    ui,
                    &t,
                    Lang::Fr,
                    "test",
                    size,
                    &["hood", "windshield"],
                    &markers,
                );
                state.car_rect = Some(r.car_rect);
                if r.clicked.is_some() {
                    state.clicked = r.clicked;
                }
                if r.clicked_marker.is_some() {
                    state.clicked_marker = r.clicked_marker;
                }
                if let Some(z) = zone_buttons_ui(ui, &t, Lang::Fr, &["hood"], None) {
                    state.picked = Some(z);
                }
            },
            State::default(),
        )
}

fn click_at(h: &mut Harness<'static, State>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

#[test]
fn clicking_a_zone_centre_reports_the_zone() {
    let mut h = harness();
    h.run();
    let car = h.state().car_rect.unwrap();
    assert!((car.width() / car.height() - CAR_ASPECT).abs() < 0.01);
    for id in [
        "hood",
        "left_front_door",
        "rear_right_fender",
        "left_mirror",
    ] {
        let c = zone_center(id).unwrap();
        let p = car.min + Vec2::new(c.x * car.width(), c.y * car.height());
        h.state_mut().clicked = None;
        click_at(&mut h, p);
        let (zone, norm) = h.state().clicked.clone().expect(id);
        assert_eq!(zone, id);
        assert!(norm.distance(c) < 0.01, "{norm:?} vs {c:?}");
    }
    assert_eq!(h.state().clicked_marker, None);
    // The marker sits on the roof: a click on it reports the marker, not the zone.
    h.state_mut().clicked = None;
    click_at(&mut h, car.center());
    assert_eq!(h.state().clicked_marker, Some(0));
    assert_eq!(h.state().clicked, None);
}

#[test]
fn zone_buttons_pick_a_zone_by_name() {
    let mut h = harness();
    h.run();
    h.get_by_label("Rétroviseur gauche").click();
    h.run();
    assert_eq!(h.state().picked.as_deref(), Some("left_mirror"));
    // The diagram itself is named for screen readers.
    h.get_by_label("Schéma du véhicule");
}

#[test]
fn in_a_wide_area_the_car_lies_down_front_to_the_left() {
    let mut h = harness_of(Vec2::new(460.0, 260.0));
    h.run();
    let car = h.state().car_rect.unwrap();
    assert!(
        (car.height() / car.width() - CAR_ASPECT).abs() < 0.01,
        "{car:?}"
    );
    // Front at the left, the car's left side at the bottom.
    let at = |c: Pos2| {
        pos2(
            car.min.x + c.y * car.width(),
            car.max.y - c.x * car.height(),
        )
    };
    for id in [
        "front_bumper",
        "hood",
        "left_front_door",
        "right_mirror",
        "trunk",
    ] {
        let c = zone_center(id).unwrap();
        h.state_mut().clicked = None;
        click_at(&mut h, at(c));
        let (zone, norm) = h.state().clicked.clone().expect(id);
        assert_eq!(zone, id);
        assert!(norm.distance(c) < 0.01, "{norm:?} vs {c:?}");
    }
    assert!(at(zone_center("front_bumper").unwrap()).x < car.center().x);
    assert!(at(zone_center("left_front_door").unwrap()).y > car.center().y);
}
