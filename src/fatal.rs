//! A small window that explains why RPMA cannot start (data folder in use, database from a newer
//! version, unreadable file), for users who started it from a desktop icon and see no terminal;
//! and the same card inside the app when its database worker stops for good.

use egui::RichText;

use crate::ui::theme::{self, Tokens};
use crate::ui::{icons, widgets};

/// The error window.
#[derive(Debug)]
pub struct FatalApp {
    title: String,
    message: String,
    close: String,
}

impl FatalApp {
    /// An error window with an already translated message.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        title: String,
        message: String,
        close: String,
    ) -> Self {
        theme::install_fonts(&cc.egui_ctx);
        Tokens::LIGHT.apply(&cc.egui_ctx);
        Self {
            title,
            message,
            close,
        }
    }
}

impl eframe::App for FatalApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let t = Tokens::LIGHT;
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(t.bg).inner_margin(24))
            .show(ui, |ui| {
                card(ui, &t, &self.title, &self.message, &self.close);
            });
    }
}

/// The error card: a title, the message and a button that closes the window. Also shown by the
/// app itself when its database worker stopped for good (see `crate::jobs`).
pub fn card(ui: &mut egui::Ui, t: &Tokens, title: &str, message: &str, close: &str) {
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!("{} {title}", icons::WARNING))
                .heading()
                .color(t.danger),
        );
        ui.add_space(8.0);
        ui.label(RichText::new(message).color(t.heading));
        ui.add_space(16.0);
        if widgets::primary_button(ui, t, close).clicked() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    });
}
