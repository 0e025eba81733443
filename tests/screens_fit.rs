//! Every screen fits the window or scrolls: on the demo shop, as an administrator and as a
//! technician, at 1024×768 and 1280×800, every interactive widget on show is either inside the
//! window or brought into it by a scroll area (see `common::reach`). The screens come from the
//! navigation list (`route::visible_for`), so a new screen is covered as soon as it is in the
//! side bar; the screens reached from others (job, client and vehicle pages, the job wizard, the
//! four steps of a guided intervention) and a few dialogs are visited by hand. The kiosk PIN pad
//! (sign-in and idle lock) and the kiosk exit dialog are checked with the larger kiosk tokens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::floor::{CLIENT, PLATE, jump_to_step, shop};
use common::reach::{Scope, overflowing, unreachable};
use common::{app_with, click, labels, login, set_field, shows, type_into};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rpma::App;
use rpma::route::visible_for;
use rpma_core::Lang;
use rpma_core::auth::permissions::Role;
use rpma_core::clock::{ManualClock, SharedClock};

/// The two window sizes of the shop: a small laptop or tablet, and the usual terminal.
const SIZES: [[f32; 2]; 2] = [[1024.0, 768.0], [1280.0, 800.0]];

/// What failed, screen by screen.
#[derive(Default)]
struct Report(Vec<String>);

impl Report {
    /// Checks the screen on show; `what` names it in the report.
    fn check(&mut self, h: &mut Harness<'static, App>, what: &str) {
        for w in unreachable(h, Scope::All) {
            self.0.push(format!("{what}: {w}"));
        }
    }

    /// Checks that the screen on show needs no scrolling at all (the PIN pads: a terminal with no
    /// keyboard or mouse wheel must show every key at once).
    fn check_fits(&mut self, h: &mut Harness<'static, App>, what: &str) {
        for w in overflowing(h, Scope::All) {
            self.0
                .push(format!("{what} (must fit without scrolling): {w}"));
        }
    }

    /// Checks the dialog on show (not the screen under it), which must fit without scrolling.
    fn check_dialog(&mut self, h: &mut Harness<'static, App>, what: &str) {
        for w in overflowing(h, Scope::Overlays) {
            self.0
                .push(format!("{what} (must fit without scrolling): {w}"));
        }
    }

    fn assert_empty(&self, config: &str) {
        assert!(
            self.0.is_empty(),
            "{config}: {} widget(s) cannot be reached:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

fn settle(h: &mut Harness<'static, App>) {
    h.run_steps(4);
    h.run();
}

fn sized(h: &mut Harness<'static, App>, size: [f32; 2]) {
    h.set_size(egui::Vec2::from(size));
    settle(h);
}

/// Opens a screen of the side bar by its entry.
fn open_nav(h: &mut Harness<'static, App>, icon: &str, key: &str) {
    let label = format!("{icon}   {}", Lang::Fr.tr(key));
    h.get_by_label(&label).scroll_to_me();
    h.run();
    h.get_by_label(&label).click();
    settle(h);
}

fn open_job_page(h: &mut Harness<'static, App>) {
    open_nav(h, rpma::ui::icons::CLIPBOARD_TEXT, "nav-jobs");
    type_into(h, "Rechercher un travail", CLIENT);
    settle(h);
    click(h, CLIENT);
    settle(h);
}

/// Every screen of one role at one size (with the kiosk's larger tokens when `kiosk`).
fn visit_all(username: &str, password: &str, role: Role, size: [f32; 2], kiosk: bool) {
    let dir = tempfile::tempdir().unwrap();
    let iv = shop(dir.path());
    let mut h = app_with(dir.path(), false, None, kiosk);
    sized(&mut h, size);
    let mut r = Report::default();
    r.check(&mut h, "login");
    login(&mut h, username, password);
    assert!(h.state().user().is_some(), "{}", labels(&h));

    for e in visible_for(role) {
        open_nav(&mut h, e.icon, e.label_key);
        assert_eq!(h.state().route(), e.route);
        r.check(&mut h, e.label_key);
    }

    // Screens reached from others.
    if role != Role::Technician {
        open_nav(&mut h, rpma::ui::icons::CLIPBOARD_TEXT, "nav-jobs");
        click(&mut h, "Nouveau travail");
        settle(&mut h);
        r.check(&mut h, "job wizard");
    }
    open_job_page(&mut h);
    assert!(
        shows(&h, "Ouvrir l'intervention"),
        "job page: {}",
        labels(&h)
    );
    r.check(&mut h, "job page");
    open_nav(&mut h, rpma::ui::icons::ADDRESS_BOOK, "nav-clients");
    type_into(&mut h, "Rechercher un client", CLIENT);
    settle(&mut h);
    click(&mut h, CLIENT);
    settle(&mut h);
    assert!(shows(&h, PLATE), "client page: {}", labels(&h));
    r.check(&mut h, "client page");
    open_nav(&mut h, rpma::ui::icons::CAR_PROFILE, "nav-vehicles");
    type_into(&mut h, "Rechercher un véhicule", PLATE);
    settle(&mut h);
    click(&mut h, PLATE);
    settle(&mut h);
    r.check(&mut h, "vehicle page");

    // The instant search palette (its field has the focus once open).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    h.run();
    assert!(h.state().search_is_open());
    h.event(egui::Event::Text("Zoé".into()));
    settle(&mut h);
    r.check(&mut h, "search palette");
    h.key_press(egui::Key::Escape);
    settle(&mut h);

    // The four steps of the guided intervention, each one current in turn, each opened from the
    // job page (the side bar opens the list).
    for (pos, name) in ["inspection", "preparation", "installation", "finalization"]
        .into_iter()
        .enumerate()
    {
        jump_to_step(dir.path(), &iv, i64::try_from(pos).unwrap());
        // The jobs list kept its search: the job is one click away.
        open_nav(&mut h, rpma::ui::icons::CLIPBOARD_TEXT, "nav-jobs");
        click(&mut h, CLIENT);
        settle(&mut h);
        click(&mut h, "Ouvrir l'intervention");
        settle(&mut h);
        assert!(shows(&h, PLATE), "{name}: {}", labels(&h));
        r.check(&mut h, &format!("intervention: {name}"));
        if pos == 0 {
            // The defect form, beside or under the vehicle diagram.
            let zone = h.get_by_role_and_label(egui::accesskit::Role::Button, "Toit");
            zone.scroll_to_me();
            h.run();
            h.get_by_role_and_label(egui::accesskit::Role::Button, "Toit")
                .click();
            settle(&mut h);
            assert!(shows(&h, "Nouveau défaut"), "{}", labels(&h));
            r.check(&mut h, "intervention: inspection, defect form");
        }
    }
    // A dialog of the intervention: pausing asks for a reason.
    click(&mut h, "Pause");
    settle(&mut h);
    r.check_dialog(&mut h, "intervention: pause dialog");
    let mode = if kiosk { " (kiosk)" } else { "" };
    r.assert_empty(&format!("{username} at {}×{}{mode}", size[0], size[1]));
}

#[test]
fn every_screen_of_an_admin_fits_1024x768() {
    visit_all("admin", "Demo-Admin-2026", Role::Admin, SIZES[0], false);
}

#[test]
fn every_screen_of_an_admin_fits_1280x800() {
    visit_all("admin", "Demo-Admin-2026", Role::Admin, SIZES[1], false);
}

#[test]
fn every_screen_of_a_technician_fits_1024x768() {
    visit_all("karim", "Demo-Tech-2026", Role::Technician, SIZES[0], false);
}

#[test]
fn every_screen_of_a_technician_fits_1280x800() {
    visit_all("karim", "Demo-Tech-2026", Role::Technician, SIZES[1], false);
}

/// The shop floor: a technician on a kiosk terminal, touch-sized tokens.
#[test]
fn every_screen_of_a_technician_fits_a_kiosk_1024x768() {
    visit_all("karim", "Demo-Tech-2026", Role::Technician, SIZES[0], true);
}

#[test]
fn every_screen_of_a_technician_fits_a_kiosk_1280x800() {
    visit_all("karim", "Demo-Tech-2026", Role::Technician, SIZES[1], true);
}

/// The kiosk's PIN pads (sign-in, idle lock) and exit dialog, with the kiosk's larger tokens.
fn kiosk_pads(size: [f32; 2]) {
    let dir = tempfile::tempdir().unwrap();
    let c = ManualClock::new(chrono::Utc::now().timestamp_millis());
    let clock: SharedClock = c.clone();
    let mut h = app_with(dir.path(), true, Some(clock), true);
    // Admins may use their PIN: the exit dialog then offers the keypad too.
    common::floor::allow_admin_pins(dir.path());
    sized(&mut h, size);
    let mut r = Report::default();
    r.check(&mut h, "kiosk login");

    // Sign-in by PIN: the people, then the pad.
    click(&mut h, "Changer d'utilisateur par PIN");
    settle(&mut h);
    r.check(&mut h, "kiosk PIN users");
    click(&mut h, "Karim Benali");
    settle(&mut h);
    assert!(shows(&h, "Saisissez votre code PIN."), "{}", labels(&h));
    r.check_fits(&mut h, "kiosk sign-in PIN pad");
    for d in "2580".chars() {
        h.get_by_label(&d.to_string()).click();
        h.run();
    }
    h.get_by_label("Valider").click();
    settle(&mut h);
    // A key out of the window cannot be pressed: say so with what was found so far.
    assert!(
        h.state().user().is_some(),
        "kiosk at {size:?}: no sign-in by PIN; so far:\n{}",
        r.0.join("\n")
    );
    r.check(&mut h, "kiosk first screen");

    // Idle: locked straight to the pad.
    c.advance(31 * 60_000);
    settle(&mut h);
    assert!(h.state().is_locked());
    r.check_fits(&mut h, "kiosk idle-lock PIN pad");

    // The exit dialog, by password then by PIN, with an error on show.
    click(&mut h, "Quitter le mode kiosque");
    settle(&mut h);
    click(&mut h, "Fermer RPMA");
    settle(&mut h);
    assert!(shows(&h, "Saisissez l'identifiant"), "{}", labels(&h));
    r.check_dialog(&mut h, "kiosk exit dialog (error)");
    set_field(&mut h, "Administrateur (identifiant)", "admin");
    click(&mut h, "Par code PIN");
    settle(&mut h);
    click(&mut h, "Fermer RPMA");
    settle(&mut h);
    assert!(shows(&h, "Saisissez l'identifiant"), "{}", labels(&h));
    r.check_dialog(&mut h, "kiosk exit dialog (PIN, error)");
    r.assert_empty(&format!("kiosk at {}×{}", size[0], size[1]));
}

#[test]
fn the_kiosk_pin_pads_and_exit_dialog_fit_1024x768() {
    kiosk_pads(SIZES[0]);
}

#[test]
fn the_kiosk_pin_pads_and_exit_dialog_fit_1280x800() {
    kiosk_pads(SIZES[1]);
}

/// The detector itself: a button drawn under the bottom edge with no scroll area, and a field
/// cut by the right edge, are reported; the same button inside a scroll area, and the rows of a
/// long virtualised list, are not.
#[test]
fn the_detector_tells_cut_off_from_scrollable() {
    let small = |app: Box<dyn FnMut(&mut egui::Ui)>| {
        Harness::builder().with_size([400.0, 300.0]).build_ui(app)
    };
    let mut cut = small(Box::new(|ui| {
        ui.add_space(400.0);
        let _ = ui.button("Under the edge");
    }));
    let found = unreachable(&mut cut, Scope::All);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("Under the edge"), "{found:?}");

    let mut wide = small(Box::new(|ui| {
        ui.horizontal(|ui| {
            ui.add_space(300.0);
            ui.add_sized([200.0, 30.0], egui::Button::new("Past the right edge"));
        });
    }));
    let found = unreachable(&mut wide, Scope::All);
    assert!(
        found.len() == 1 && found[0].contains("Past the right edge"),
        "{found:?}"
    );

    let mut scrolled = small(Box::new(|ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.add_space(400.0);
            let _ = ui.button("Under the edge");
        });
    }));
    // Reachable by scrolling, but not on show without it.
    assert!(!overflowing(&mut scrolled, Scope::All).is_empty());
    assert!(unreachable(&mut scrolled, Scope::All).is_empty());

    let mut list = small(Box::new(|ui| {
        egui::ScrollArea::vertical().show_rows(ui, 24.0, 10_000, |ui, rows| {
            for i in rows {
                let _ = ui.button(format!("Row {i}"));
            }
        });
    }));
    assert!(unreachable(&mut list, Scope::All).is_empty());
}
