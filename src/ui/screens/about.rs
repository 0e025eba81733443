//! About: version, this terminal's code, where the data and logs live, keyboard shortcuts,
//! licences.

use egui::{RichText, Ui};
use rpma_core::terminal::Terminal;

use crate::app::{AppConfig, Backend};
use crate::ui::widgets::{kv_row_ui, page_title_ui, section_title_ui};
use crate::ui::{Cx, icons};

/// About state (what the app knows about its environment).
#[derive(Debug, Default)]
pub struct AboutScreen {
    /// The data folder.
    pub data_dir: String,
    /// The logs folder.
    pub logs_dir: String,
    /// This terminal (data folder): its code and id, read when the store was opened.
    pub terminal: Option<Terminal>,
}

/// The keyboard shortcuts (also listed in the README).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+1 … Ctrl+9", "shortcut-nav"),
    ("Alt+← / Alt+→", "shortcut-history"),
    ("Ctrl+Shift+L", "shortcut-logout"),
    ("Ctrl+Shift+D", "shortcut-theme"),
    ("Ctrl+Shift+E", "shortcut-language"),
    ("Ctrl+ + / Ctrl+ −", "shortcut-zoom"),
];

impl AboutScreen {
    /// What the app knows at start: folders from the configuration, the terminal from the store
    /// (already in memory: nothing is read from disk here).
    pub fn new(config: &AppConfig, backend: &Backend) -> Self {
        let shown = |p: &Option<std::path::PathBuf>| {
            p.as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        };
        let terminal = match backend {
            Backend::Worker(store, _) | Backend::Inline(store, _) => Some(store.terminal().clone()),
            Backend::Detached(_) => None,
        };
        Self {
            data_dir: shown(&config.data_dir),
            logs_dir: shown(&config.logs_dir),
            terminal,
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        page_title_ui(ui, &t, &cx.tr("nav-about"), Some(&cx.tr("about-subtitle")));
        egui::ScrollArea::vertical().show(ui, |ui| {
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(ui, &t, &format!("{} RPMA", icons::SHIELD_CHECK));
                egui::Grid::new("about")
                    .num_columns(2)
                    .spacing([24.0, 6.0])
                    .show(ui, |ui| {
                        kv_row_ui(ui, &t, &cx.tr("about-version"), env!("CARGO_PKG_VERSION"));
                        if let Some(term) = &self.terminal {
                            let value = cx.tr_args(
                                "about-terminal-value",
                                &[
                                    ("code", term.code.as_str().into()),
                                    ("id", term.id.as_str().into()),
                                ],
                            );
                            ui.label(RichText::new(cx.tr("about-terminal")).color(t.muted));
                            ui.label(RichText::new(value).monospace().color(t.heading))
                                .on_hover_text(cx.tr("about-terminal-hint"));
                            ui.end_row();
                        }
                        kv_row_ui(ui, &t, &cx.tr("maint-data-dir"), &self.data_dir);
                        kv_row_ui(ui, &t, &cx.tr("about-logs"), &self.logs_dir);
                        kv_row_ui(
                            ui,
                            &t,
                            &cx.tr("about-platform"),
                            &format!("{} / {}", std::env::consts::OS, std::env::consts::ARCH),
                        );
                    });
            });
            ui.add_space(t.gap);
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::KEY, cx.tr("about-shortcuts")),
                );
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .spacing([24.0, 6.0])
                    .show(ui, |ui| {
                        for (keys, key) in SHORTCUTS {
                            ui.label(RichText::new(*keys).monospace().color(t.heading));
                            ui.label(cx.tr(key));
                            ui.end_row();
                        }
                    });
            });
            ui.add_space(t.gap);
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::FILE_TEXT, cx.tr("about-licences")),
                );
                ui.label(cx.tr("about-licence-app"));
                ui.label(RichText::new(cx.tr("about-licence-fonts")).color(t.muted));
            });
        });
    }
}

impl crate::ui::screen::Screen for AboutScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(
        &mut self,
        id: crate::jobs::RequestId,
        ev: crate::jobs::JobEvent,
        cx: &mut Cx<'_>,
    ) -> Option<crate::jobs::JobEvent> {
        let _ = (id, cx);
        Some(ev)
    }

    fn route(&self) -> crate::route::Route {
        crate::route::Route::About
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
