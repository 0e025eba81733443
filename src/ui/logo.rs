//! The shop logo as edited by the setup wizard and the Settings screen: a preview on white (as on
//! the documents), "choose" and "remove" buttons and the reason a file was refused.

use egui::{RichText, TextureHandle, TextureOptions, Ui, Vec2};
use rpma_core::Lang;

use super::file_pick::{FilePicker, PickError, PickedImage};
use super::icons;
use super::theme::Tokens;
use super::widgets::secondary_button;

/// The preview is never taller than this.
const PREVIEW_MAX_HEIGHT: f32 = 120.0;
/// Nor wider than this (very wide logos).
const PREVIEW_MAX_WIDTH: f32 = 280.0;
/// Size of the empty box when there is no logo.
const EMPTY_SIZE: Vec2 = Vec2::new(160.0, 96.0);

/// The words of the logo area, from the screen's own catalogue keys.
#[derive(Debug, Clone)]
pub struct LogoTexts {
    /// Heading.
    pub title: String,
    /// What is accepted and where it is used.
    pub hint: String,
    /// "Choose a logo…".
    pub choose: String,
    /// "Remove the logo".
    pub remove: String,
    /// Shown in the empty box.
    pub none: String,
    /// Accessible name of the preview.
    pub alt: String,
    /// Title of the file dialog.
    pub dialog_title: String,
    /// Shown while the dialog is open.
    pub opening: String,
}

/// The logo being edited: its PNG, the preview texture (made once per picture), the file dialog
/// and the refusal of the last chosen file.
#[derive(Default)]
pub struct LogoEditor {
    /// The picture (stored PNG + its pixels, decoded off the UI thread).
    picture: Option<PickedImage>,
    preview: Option<TextureHandle>,
    needs_preview: bool,
    error: Option<String>,
    picker: FilePicker,
}

impl std::fmt::Debug for LogoEditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogoEditor")
            .field("png_bytes", &self.picture.as_ref().map(|p| p.png.len()))
            .field("error", &self.error)
            .field("picker", &self.picker)
            .finish_non_exhaustive()
    }
}

impl LogoEditor {
    /// The logo as it stands in the draft (PNG).
    pub fn png(&self) -> Option<&[u8]> {
        self.picture.as_ref().map(|p| p.png.as_slice())
    }

    /// The logo as it stands in the draft (PNG and pixels).
    pub fn picture(&self) -> Option<&PickedImage> {
        self.picture.as_ref()
    }

    /// Replaces the draft's logo (loaded from the database, or restored); the preview texture is
    /// uploaded on the next frame (the pixels are already decoded).
    pub fn set(&mut self, picture: Option<PickedImage>) {
        self.needs_preview = picture.is_some();
        self.picture = picture;
        self.preview = None;
        self.error = None;
    }

    /// True while the file dialog is open or the chosen file is being prepared.
    pub fn busy(&self) -> bool {
        self.picker.busy()
    }

    /// The refusal shown under the logo.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The file dialog (tests inject a pick through it).
    pub fn picker_mut(&mut self) -> &mut FilePicker {
        &mut self.picker
    }

    /// Takes the dialog's outcome and makes the preview texture when a new picture arrived.
    /// Returns a message to show as a toast when no file dialog could be opened at all (the
    /// in-app browser opens instead).
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<String> {
        let mut notice = None;
        match self.picker.poll(ctx) {
            Some(Ok(picked)) => {
                self.preview = Some(ctx.load_texture(
                    "rpma-logo-preview",
                    picked.image.clone(),
                    TextureOptions::LINEAR,
                ));
                self.picture = Some(picked);
                self.needs_preview = false;
                self.error = None;
            }
            // The draft keeps its previous logo.
            Some(Err(PickError::Refused(msg))) => self.error = Some(msg),
            Some(Err(PickError::Unavailable(msg))) => notice = Some(msg),
            None => {}
        }
        if self.needs_preview {
            self.needs_preview = false;
            self.preview = self.picture.as_ref().map(|p| {
                ctx.load_texture("rpma-logo-preview", p.image.clone(), TextureOptions::LINEAR)
            });
        }
        notice
    }

    /// Draws the logo area. `field_error` is a refusal from the core (shown when the last chosen
    /// file was fine).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        t: &Tokens,
        lang: Lang,
        texts: &LogoTexts,
        field_error: Option<&str>,
    ) {
        self.picker.browser_ui(ui.ctx(), t, lang);
        ui.label(RichText::new(&texts.title).strong().color(t.text));
        ui.horizontal(|ui| {
            self.preview_ui(ui, t, texts);
            ui.add_space(t.gap * 0.5);
            ui.vertical(|ui| {
                ui.label(RichText::new(&texts.hint).small().color(t.muted));
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    let busy = self.picker.busy();
                    let choose = ui
                        .add_enabled_ui(!busy, |ui| {
                            secondary_button(
                                ui,
                                t,
                                &format!("{} {}", icons::FOLDER_OPEN, texts.choose),
                            )
                        })
                        .inner;
                    if choose.clicked() {
                        self.error = None;
                        self.picker.open(ui.ctx(), lang, &texts.dialog_title);
                    }
                    if self.picture.is_some()
                        && !busy
                        && secondary_button(ui, t, &format!("{} {}", icons::TRASH, texts.remove))
                            .clicked()
                    {
                        self.set(None);
                    }
                    // The in-app browser is its own window: no "opening" while it shows.
                    if busy && !self.picker.browsing() {
                        ui.spinner();
                        ui.label(RichText::new(&texts.opening).color(t.muted));
                    }
                });
                if let Some(e) = self.error.as_deref().or(field_error) {
                    ui.label(
                        RichText::new(format!("{} {e}", icons::WARNING))
                            .small()
                            .color(t.danger),
                    );
                }
            });
        });
    }

    /// The picture on white, as on the documents, or an empty box.
    fn preview_ui(&self, ui: &mut Ui, t: &Tokens, texts: &LogoTexts) {
        egui::Frame::new()
            .fill(t.qr_light)
            .stroke(egui::Stroke::new(1.0, t.card_stroke))
            .corner_radius(t.radius_small)
            .inner_margin(8)
            .show(ui, |ui| match &self.preview {
                Some(tex) => {
                    let size = tex.size_vec2();
                    let scale = (PREVIEW_MAX_HEIGHT / size.y)
                        .min(PREVIEW_MAX_WIDTH / size.x)
                        .min(1.0);
                    ui.add(
                        egui::Image::from_texture(tex)
                            .fit_to_exact_size(size * scale)
                            .alt_text(&texts.alt),
                    );
                }
                None => {
                    let (rect, _) = ui.allocate_exact_size(EMPTY_SIZE, egui::Sense::hover());
                    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                        ui.vertical_centered(|ui| {
                            ui.add_space(18.0);
                            ui.label(RichText::new(icons::IMAGE).size(28.0).color(t.muted));
                            ui.label(RichText::new(&texts.none).small().color(t.muted));
                        });
                    });
                }
            });
    }
}
