//! Navigation: opening records, the side bar, and the small history behind "Back". A side-bar
//! entry (or its shortcut) opens its screen's list and starts a new trail; opening a record
//! remembers where the user was; "Back" returns there. Every change of place starts the new page
//! at the top.

use egui::{RichText, Ui};

use super::{App, role_key};
use crate::route::{self, NavEntry, Route};
use crate::ui::widgets::{badge_ui, icon_button};
use crate::ui::{Command, Target, icons};

/// Places remembered for "Back" at most.
const TRAIL_MAX: usize = 32;

/// Where the user is: a screen, and the record open on it (none: its list or main view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Location {
    route: Route,
    record: Option<Target>,
}

/// The places the user came from (newest last), and a count of page changes.
#[derive(Debug, Default)]
pub(super) struct History {
    trail: Vec<Location>,
    /// Grows on every change of place; the central panel's id salt, so that the scroll areas
    /// of a newly entered page start at the top.
    pub(super) visit: u64,
}

impl History {
    /// The user left `here` to open `target`: remember it, unless it is the same place or a
    /// form that is done with once left (the job wizard).
    fn left(&mut self, here: Location, target: &Target) {
        self.visit += 1;
        if here.route == Route::NewJob || here.record.as_ref() == Some(target) {
            return;
        }
        if self.trail.len() == TRAIL_MAX {
            self.trail.remove(0);
        }
        self.trail.push(here);
    }
}

impl App {
    /// The place on show.
    fn location(&self) -> Location {
        Location {
            route: self.route,
            record: self.screens.record(self.route),
        }
    }

    /// A side-bar entry (or its shortcut): the screen's list, on a fresh trail.
    pub(super) fn go_to_list(&mut self, route: Route) {
        self.navigate(route);
        if self.route == route {
            self.screens.show_list(route);
            self.history.trail.clear();
            self.history.visit += 1;
        }
    }

    /// "Back" on a record page: where the user came from; with no trail, the page's list (the
    /// shop floor for an intervention).
    pub(super) fn back(&mut self) {
        self.history.visit += 1;
        let Some(to) = self.history.trail.pop() else {
            let route = if self.route == Route::Intervention {
                Route::Atelier
            } else {
                self.route
            };
            self.navigate(route);
            self.screens.show_list(route);
            return;
        };
        self.navigate(to.route);
        if self.route != to.route {
            return;
        }
        match to.record {
            Some(target) => self.show_record(target),
            None => self.screens.show_list(to.route),
        }
    }

    /// Opens one record on its screen (search results, list rows, links between screens); the
    /// place left is remembered for "Back".
    pub(super) fn open(&mut self, target: Target) {
        let here = self.location();
        let route = match &target {
            Target::Client(_) => Route::Clients,
            Target::Vehicle(_) | Target::NewVehicle { .. } => Route::Vehicles,
            Target::Job(_) => Route::Jobs,
            Target::NewJob { .. } => Route::NewJob,
            Target::Intervention(_) => Route::Intervention,
        };
        self.navigate(route);
        if self.route != route {
            return;
        }
        self.history.left(here, &target);
        self.show_record(target);
    }

    /// Shows `target` on its screen (the route is already the right one).
    fn show_record(&mut self, target: Target) {
        match target {
            Target::Client(id) => self.screens.clients.open(id),
            Target::Vehicle(id) => self.screens.vehicles.open(id),
            Target::NewVehicle { owner_id } => self.screens.vehicles.new_for_owner(owner_id),
            Target::Job(id) => self.screens.jobs.open(id),
            Target::Intervention(id) => self.screens.intervention.open(id),
            Target::NewJob {
                client_id,
                vehicle_id,
            } => self.screens.job_wizard.prefill(client_id, vehicle_id),
        }
    }

    pub(super) fn navigate(&mut self, route: Route) {
        let Some(user) = &self.user else { return };
        let allowed = route::allowed(user.role, route);
        if allowed && self.route != route {
            // Leaving a screen drops the secrets typed there.
            match self.route {
                Route::Intervention => {
                    self.screens
                        .intervention
                        .flush_with(&mut self.jobs, self.user.as_ref());
                }
                Route::Profile => self.screens.profile.leave(),
                Route::Users => self.screens.users.clear_secrets(),
                _ => {}
            }
            self.route = route;
            // Data screens reload on entry so they never show stale figures; forms keep their draft.
            match route {
                Route::Dashboard => self.screens.dashboard = Default::default(),
                Route::Maintenance => self.screens.maintenance = Default::default(),
                Route::Audit => self.screens.audit = Default::default(),
                Route::Users
                | Route::Settings
                | Route::Profile
                | Route::About
                | Route::MyDay
                | Route::Calendar
                | Route::Jobs
                | Route::NewJob
                | Route::Clients
                | Route::Vehicles
                | Route::Zones
                | Route::Trash
                | Route::Intervention
                | Route::Templates => {}
                Route::Atelier => self.screens.atelier.reset(),
            }
        }
    }

    pub(super) fn sidebar_ui(&mut self, ui: &mut Ui) {
        let t = self.tokens;
        let Some(user) = self.user.clone() else {
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
                            let label = format!("{}   {}", e.icon, self.lang.tr(e.label_key));
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
                                self.commands.push(Command::Navigate(e.route));
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
                                &self.lang.tr(role_key(user.role)),
                                t.accent_hover,
                                t.accent_soft,
                            );
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if icon_button(ui, icons::SIGN_OUT, &self.lang.tr("logout")).clicked() {
                                self.commands.push(Command::SignOut);
                            }
                        });
                    });
                    ui.separator();
                });
            });
    }
}
