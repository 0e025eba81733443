//! Navigation: the side bar, opening places, and the history behind "Back" and "Forward". A
//! side-bar entry (or its shortcut, or a link to a screen) opens its screen's main view and
//! starts a new trail; opening a place (`Command::Open`: a record, a prefilled form) remembers
//! where the user was; "Back" (the record pages' button, Alt+←) returns there and "Forward"
//! (Alt+→) goes again where "Back" came from. Every change of place starts the new page at the
//! top.

use egui::{RichText, Ui};

use super::{App, role_key};
use crate::route::{self, NavEntry, Route, RouteKind};
use crate::ui::widgets::{badge_ui, icon_button};
use crate::ui::{Command, icons};

/// Places remembered each way at most.
const TRAIL_MAX: usize = 32;

/// The places behind and ahead of the one on show (newest last), and a count of page changes.
#[derive(Debug, Default)]
pub(super) struct History {
    back: Vec<Route>,
    forward: Vec<Route>,
    /// Grows on every change of place; the central panel's id salt, so that the scroll areas
    /// of a newly entered page start at the top.
    pub(super) visit: u64,
}

impl History {
    /// Remembers `place` on `list`, unless it is a form that is done with once left (the job
    /// wizard).
    fn remember(list: &mut Vec<Route>, place: Route) {
        if place.kind() == RouteKind::NewJob {
            return;
        }
        if list.len() == TRAIL_MAX {
            list.remove(0);
        }
        list.push(place);
    }
}

impl App {
    /// The place on show, record included.
    pub(super) fn location(&self) -> Route {
        self.screens.route(self.route)
    }

    /// Shows `route`: the screen on show is left if it is another, the route's screen entered.
    /// False (nothing changes) when the signed-in role may not open it.
    fn show(&mut self, route: &Route) -> bool {
        let Some(user) = &self.parts.user else {
            return false;
        };
        let kind = route.kind();
        if !route::allowed(user.role, kind) {
            return false;
        }
        let Self {
            parts,
            screens,
            route: on_show,
            history,
            ..
        } = self;
        let mut cx = parts.cx();
        if *on_show != kind {
            screens.leave(*on_show, &mut cx);
            *on_show = kind;
        }
        screens.enter(route, &mut cx);
        history.visit += 1;
        true
    }

    /// A side-bar entry, its shortcut or a link to a screen: there, on a fresh trail.
    pub(super) fn go_to(&mut self, route: &Route) {
        if self.show(route) {
            self.history.back.clear();
            self.history.forward.clear();
        }
    }

    /// Opens a place (search results, list rows, links between screens); the place left is
    /// remembered for "Back".
    pub(super) fn open(&mut self, route: &Route) {
        let here = self.location();
        if self.show(route) && here != *route {
            History::remember(&mut self.history.back, here);
            self.history.forward.clear();
        }
    }

    /// "Back": where the user came from; with nothing behind, the screen's main view (the shop
    /// floor for an intervention).
    pub(super) fn back(&mut self) {
        let here = self.location();
        let to = self.history.back.pop().unwrap_or_else(|| self.route.main());
        if to == here {
            return;
        }
        if self.show(&to) {
            History::remember(&mut self.history.forward, here);
        }
    }

    /// "Forward": where "Back" came from.
    pub(super) fn forward(&mut self) {
        let Some(to) = self.history.forward.pop() else {
            return;
        };
        let here = self.location();
        if self.show(&to) {
            History::remember(&mut self.history.back, here);
        }
    }

    /// A fresh session starts on `kind`'s screen, with nothing behind it.
    pub(super) fn start_on(&mut self, kind: RouteKind) {
        self.history = History::default();
        let Self { parts, screens, .. } = self;
        let mut cx = parts.cx();
        self.route = kind;
        screens.enter(&kind.main(), &mut cx);
    }

    pub(super) fn sidebar_ui(&mut self, ui: &mut Ui) {
        let t = self.parts.tokens;
        let Some(user) = self.parts.user.clone() else {
            return;
        };
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(if self.config.kiosk { 260.0 } else { 232.0 })
            .frame(
                egui::Frame::new()
                    .fill(t.sidebar)
                    .inner_margin(egui::Margin::symmetric(12, 16))
                    .stroke(egui::Stroke::new(1.0, t.card_stroke)),
            )
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(icons::SHIELD_CHECK)
                            .size(28.0)
                            .color(t.accent),
                    );
                    ui.vertical(|ui| {
                        ui.label(
                            RichText::new("RPMA")
                                .strong()
                                .size(t.body + 4.0)
                                .color(t.heading),
                        );
                        if let Some(n) = &self.shop_name {
                            ui.label(RichText::new(n).small().color(t.muted));
                        }
                    });
                });
                ui.add_space(t.gap);
                let entries: Vec<&NavEntry> = route::visible_for(user.role).collect();
                // The entries scroll when the window is too short for all of them; the user
                // card stays at the bottom.
                let footer = t.hit * 2.0 + t.gap;
                egui::ScrollArea::vertical()
                    .id_salt("sidebar_scroll")
                    .max_height((ui.available_height() - footer).max(t.hit * 3.0))
                    .show(ui, |ui| {
                        // Compact rows: fourteen entries fit a 1280×800 window without scrolling.
                        ui.spacing_mut().item_spacing.y = 4.0;
                        for e in entries {
                            let selected = self.route == e.route;
                            let label = format!("{}   {}", e.icon, self.parts.lang.tr(e.label_key));
                            let text = RichText::new(label).color(if selected {
                                t.accent_hover
                            } else {
                                t.text
                            });
                            let btn =
                                egui::Button::new(if selected { text.strong() } else { text })
                                    .fill(if selected {
                                        t.sidebar_active
                                    } else {
                                        t.sidebar
                                    })
                                    .stroke(egui::Stroke::NONE)
                                    .min_size(egui::vec2(ui.available_width(), t.hit - 6.0));
                            let resp = ui.add(btn);
                            if resp.clicked() {
                                self.parts.commands.push(Command::Navigate(e.route.main()));
                            }
                        }
                    });
                ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(icons::USER_CIRCLE).size(26.0).color(t.muted));
                        ui.vertical(|ui| {
                            ui.label(RichText::new(&user.display_name).strong().color(t.heading));
                            badge_ui(
                                ui,
                                &self.parts.lang.tr(role_key(user.role)),
                                t.accent_hover,
                                t.accent_soft,
                            );
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if icon_button(ui, icons::SIGN_OUT, &self.parts.lang.tr("logout"))
                                .clicked()
                            {
                                self.parts.commands.push(Command::SignOut);
                            }
                        });
                    });
                    ui.separator();
                });
            });
    }
}
