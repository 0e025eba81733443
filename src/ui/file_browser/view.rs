//! Drawing the file browser: a modal with the places on the left, the folder's tiles on the
//! right and the choice at the bottom. Touch-sized in kiosk mode (the theme's hit size).

use std::path::{Path, PathBuf};

use egui::{Align2, Color32, FontId, RichText, Sense, Ui, Vec2};
use rpma_core::Lang;

use super::{BrowseKind, BrowserOutcome, FileBrowser, PlaceKind, Thumb};
use crate::ui::icons;
use crate::ui::theme::Tokens;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui};

/// Width of the places column.
const PLACES_WIDTH: f32 = 220.0;

/// What the user did this frame, applied after drawing.
enum Act {
    Place(usize),
    Dir(PathBuf),
    Up,
    Refresh,
    Toggle(PathBuf),
    Done,
    Cancel,
}

impl FileBrowser {
    /// Draws the browser; returns what the user decided.
    pub fn ui(&mut self, ctx: &egui::Context, t: &Tokens, lang: Lang) -> BrowserOutcome {
        self.poll(ctx);
        let screen = ctx.content_rect();
        let size = Vec2::new(
            (screen.width() - 96.0).clamp(520.0, 1180.0),
            (screen.height() - 96.0).clamp(380.0, 760.0),
        );
        let mut act = None;
        egui::Modal::new(egui::Id::unique("rpma-file-browser"))
            .frame(t.card_frame())
            .show(ctx, |ui| {
                ui.set_width(size.x);
                ui.horizontal(|ui| {
                    section_title_ui(ui, t, &format!("{} {}", icons::FOLDER_OPEN, self.title));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if secondary_button(ui, t, &format!("{} {}", icons::X, lang.tr("close")))
                            .clicked()
                        {
                            act = Some(Act::Cancel);
                        }
                        if secondary_button(
                            ui,
                            t,
                            &format!(
                                "{} {}",
                                icons::ARROW_CLOCKWISE,
                                lang.tr("file-browser-refresh")
                            ),
                        )
                        .clicked()
                        {
                            act = Some(Act::Refresh);
                        }
                    });
                });
                ui.add_space(t.gap * 0.5);
                let mut notice_h = 0.0;
                if let Some(n) = &self.notice {
                    let top = ui.cursor().top();
                    egui::Frame::new()
                        .fill(t.warning_soft)
                        .corner_radius(t.radius_small)
                        .inner_margin(10)
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.label(
                                RichText::new(format!("{} {n}", icons::INFO)).color(t.warning),
                            );
                        });
                    ui.add_space(t.gap * 0.5);
                    notice_h = ui.cursor().top() - top;
                }
                let footer = t.hit + 2.0 * t.gap;
                let body = (size.y - footer - t.hit - t.gap - notice_h).max(200.0);
                // Fixed rectangles: a modal sized by its content must not size itself from the
                // space it had last frame.
                let (rect, _) = ui.allocate_exact_size(Vec2::new(size.x, body), Sense::hover());
                let left = egui::Rect::from_min_size(rect.min, Vec2::new(PLACES_WIDTH, body));
                let split = left.max.x + t.gap * 0.5;
                let right =
                    egui::Rect::from_min_max(egui::pos2(split + t.gap * 0.5, rect.min.y), rect.max);
                ui.scope_builder(
                    egui::UiBuilder::new()
                        .max_rect(left)
                        .layout(egui::Layout::top_down(egui::Align::Min)),
                    |ui| self.places_ui(ui, t, lang, &mut act),
                );
                ui.painter()
                    .vline(split, rect.y_range(), egui::Stroke::new(1.0, t.card_stroke));
                ui.scope_builder(
                    egui::UiBuilder::new()
                        .max_rect(right)
                        .layout(egui::Layout::top_down(egui::Align::Min)),
                    |ui| self.folder_ui(ui, t, lang, &mut act),
                );
                ui.separator();
                self.footer_ui(ui, t, lang, &mut act);
            });
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            act = Some(Act::Cancel);
        }
        match act {
            Some(Act::Place(i)) => self.open_place(i),
            Some(Act::Dir(d)) => self.open_dir(d),
            Some(Act::Up) => {
                if let Some(parent) = self.dir.as_deref().and_then(Path::parent)
                    && self.can_go_up()
                {
                    let parent = parent.to_owned();
                    self.open_dir(parent);
                }
            }
            Some(Act::Refresh) => self.refresh(),
            Some(Act::Toggle(p)) => self.toggle(&p),
            Some(Act::Done) if self.kind == BrowseKind::Folder && self.dir.is_some() => {
                return BrowserOutcome::Picked(self.dir.iter().cloned().collect());
            }
            Some(Act::Done) if !self.selected.is_empty() => {
                return BrowserOutcome::Picked(std::mem::take(&mut self.selected));
            }
            Some(Act::Cancel) => return BrowserOutcome::Cancelled,
            Some(Act::Done) | None => {}
        }
        BrowserOutcome::Open
    }

    fn places_ui(&self, ui: &mut Ui, t: &Tokens, lang: Lang, act: &mut Option<Act>) {
        ui.label(
            RichText::new(lang.tr("file-browser-places"))
                .strong()
                .color(t.muted),
        );
        ui.add_space(4.0);
        let Some(places) = &self.places else {
            if self.tx.is_none() {
                // Its thread could not start (or stopped): say so rather than wait forever.
                ui.label(RichText::new(lang.tr("file-browser-broken")).color(t.danger));
            } else {
                ui.label(RichText::new(icons::HOURGLASS).color(t.muted));
            }
            return;
        };
        if !places.iter().any(|p| p.kind == PlaceKind::Removable) {
            ui.label(
                RichText::new(lang.tr("file-browser-no-media"))
                    .small()
                    .color(t.muted),
            );
            ui.add_space(4.0);
        }
        egui::ScrollArea::vertical()
            .id_salt("browser-places")
            .show(ui, |ui| {
                for (i, p) in places.iter().enumerate() {
                    let (icon, name) = match p.kind {
                        PlaceKind::Removable => (icons::HARD_DRIVES, p.name.clone()),
                        PlaceKind::Import => {
                            (icons::DOWNLOAD_SIMPLE, lang.tr("file-browser-place-import"))
                        }
                        PlaceKind::Pictures => {
                            (icons::IMAGE, lang.tr("file-browser-place-pictures"))
                        }
                        PlaceKind::Home => (icons::HOUSE, lang.tr("file-browser-place-home")),
                        PlaceKind::Other => (icons::FOLDER, p.name.clone()),
                    };
                    let on = self.place == Some(i);
                    let text = RichText::new(format!("{icon}   {name}")).color(if on {
                        t.accent_hover
                    } else {
                        t.text
                    });
                    // As the side navigation: left-aligned, the chosen one tinted.
                    let r = ui.add(
                        egui::Button::new(if on { text.strong() } else { text })
                            .fill(if on { t.sidebar_active } else { t.card })
                            .stroke(egui::Stroke::NONE)
                            .min_size(Vec2::new(PLACES_WIDTH - 8.0, t.hit)),
                    );
                    if r.on_hover_text(p.path.display().to_string()).clicked() {
                        *act = Some(Act::Place(i));
                    }
                }
            });
    }

    /// The path from the place's root, as "Place › DCIM › 100CANON".
    fn crumbs(&self, lang: Lang) -> String {
        let (Some(dir), Some(i)) = (self.dir.as_deref(), self.place) else {
            return String::new();
        };
        let Some(place) = self.places.as_ref().and_then(|p| p.get(i)) else {
            return dir.display().to_string();
        };
        let head = match place.kind {
            PlaceKind::Import => lang.tr("file-browser-place-import"),
            PlaceKind::Pictures => lang.tr("file-browser-place-pictures"),
            PlaceKind::Home => lang.tr("file-browser-place-home"),
            PlaceKind::Removable | PlaceKind::Other => place.name.clone(),
        };
        let rest = dir.strip_prefix(&place.path).unwrap_or(dir);
        std::iter::once(head)
            .chain(
                rest.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned()),
            )
            .collect::<Vec<_>>()
            .join("  ›  ")
    }

    fn folder_ui(&mut self, ui: &mut Ui, t: &Tokens, lang: Lang, act: &mut Option<Act>) {
        ui.horizontal(|ui| {
            let up = ui
                .add_enabled_ui(self.can_go_up(), |ui| {
                    secondary_button(
                        ui,
                        t,
                        &format!(
                            "{} {}",
                            icons::ARROW_U_UP_LEFT,
                            lang.tr("file-browser-parent")
                        ),
                    )
                })
                .inner;
            if up.clicked() {
                *act = Some(Act::Up);
            }
            ui.label(RichText::new(self.crumbs(lang)).strong().color(t.heading));
        });
        ui.add_space(4.0);
        let mut want = Vec::new();
        self.listing_ui(ui, t, lang, act, &mut want);
        for p in want {
            self.want_thumb(&p);
        }
    }

    fn listing_ui(
        &self,
        ui: &mut Ui,
        t: &Tokens,
        lang: Lang,
        act: &mut Option<Act>,
        want: &mut Vec<PathBuf>,
    ) {
        let listing = match &self.listing {
            _ if self.dir.is_none() => {
                if self.places.as_ref().is_some_and(|p| !p.is_empty()) {
                    ui.label(RichText::new(lang.tr("file-browser-pick-place")).color(t.muted));
                }
                return;
            }
            None if self.tx.is_none() => {
                ui.label(RichText::new(lang.tr("file-browser-broken")).color(t.danger));
                return;
            }
            None => {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        icons::HOURGLASS,
                        lang.tr("file-browser-loading")
                    ))
                    .color(t.muted),
                );
                return;
            }
            Some(Err(e)) => {
                ui.label(
                    RichText::new(
                        lang.tr_args("file-browser-unreadable", &[("error", e.as_str().into())]),
                    )
                    .color(t.danger),
                );
                return;
            }
            Some(Ok(l)) => l,
        };
        if listing.skipped > 0 {
            ui.label(
                RichText::new(lang.tr_args(
                    "file-browser-skipped",
                    &[("count", i64::try_from(listing.skipped).unwrap_or(0).into())],
                ))
                .small()
                .color(t.muted),
            );
        }
        if listing.dirs.is_empty() && listing.images.is_empty() {
            ui.add_space(t.gap);
            ui.label(RichText::new(lang.tr("file-browser-empty")).color(t.muted));
            return;
        }
        let tile = (t.hit * 4.0).max(136.0);
        egui::ScrollArea::vertical()
            .id_salt(("browser-folder", self.generation))
            .max_height(ui.available_height().max(120.0))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for (name, path) in &listing.dirs {
                        if self.folder_tile_ui(ui, t, tile, name).clicked() {
                            *act = Some(Act::Dir(path.clone()));
                        }
                    }
                    for (name, path) in &listing.images {
                        let r = if self.kind == BrowseKind::Pictures {
                            self.image_tile_ui(ui, t, tile, (name, path), want)
                        } else {
                            self.file_tile_ui(ui, t, tile, (name, path))
                        };
                        if r.clicked() {
                            *act = Some(Act::Toggle(path.clone()));
                        }
                    }
                });
            });
    }

    /// A file that is not a picture (a backup): its icon and name, ticked when chosen.
    fn file_tile_ui(
        &self,
        ui: &mut Ui,
        t: &Tokens,
        tile: f32,
        (name, path): (&str, &Path),
    ) -> egui::Response {
        let (rect, r) = ui.allocate_exact_size(Vec2::new(tile, tile), Sense::click());
        let on = self.selected.iter().any(|p| p == path);
        if ui.is_rect_visible(rect) {
            let painter = ui.painter_at(rect);
            let fill = if on || r.hovered() {
                t.accent_soft
            } else {
                t.bg
            };
            painter.rect_filled(rect, t.radius_small, fill);
            painter.text(
                rect.center() - Vec2::new(0.0, 14.0),
                Align2::CENTER_CENTER,
                icons::ARCHIVE,
                FontId::proportional(tile * 0.3),
                t.accent_hover,
            );
            name_ui(&painter, t, rect, name, if on { t.heading } else { t.text });
            if on {
                painter.rect_stroke(
                    rect,
                    t.radius_small,
                    egui::Stroke::new(3.0, t.accent),
                    egui::StrokeKind::Inside,
                );
            }
        }
        let label = name.to_owned();
        r.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, &label));
        r.on_hover_text(name)
    }

    fn folder_tile_ui(&self, ui: &mut Ui, t: &Tokens, tile: f32, name: &str) -> egui::Response {
        let (rect, r) = ui.allocate_exact_size(Vec2::new(tile, tile), Sense::click());
        if ui.is_rect_visible(rect) {
            let painter = ui.painter_at(rect);
            let fill = if r.hovered() { t.accent_soft } else { t.bg };
            painter.rect_filled(rect, t.radius_small, fill);
            painter.text(
                rect.center() - Vec2::new(0.0, 14.0),
                Align2::CENTER_CENTER,
                icons::FOLDER,
                FontId::proportional(tile * 0.34),
                t.accent_hover,
            );
            name_ui(&painter, t, rect, name, t.text);
        }
        let label = name.to_owned();
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        r
    }

    fn image_tile_ui(
        &self,
        ui: &mut Ui,
        t: &Tokens,
        tile: f32,
        (name, path): (&str, &Path),
        want: &mut Vec<PathBuf>,
    ) -> egui::Response {
        let (rect, r) = ui.allocate_exact_size(Vec2::new(tile, tile), Sense::click());
        let order = self.selected.iter().position(|p| p == path);
        if ui.is_rect_visible(rect) {
            if !self.thumbs.contains_key(path) {
                want.push(path.to_owned());
            }
            let painter = ui.painter_at(rect);
            painter.rect_filled(rect, t.radius_small, t.bg);
            let pic = egui::Rect::from_min_max(
                rect.min + Vec2::splat(6.0),
                egui::pos2(rect.max.x - 6.0, rect.max.y - 30.0),
            );
            match self.thumbs.get(path) {
                Some(Thumb::Ready(tex)) => {
                    let s = tex.size_vec2();
                    let scale = (pic.width() / s.x).min(pic.height() / s.y);
                    painter.image(
                        tex.id(),
                        egui::Rect::from_center_size(pic.center(), s * scale),
                        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                        Color32::WHITE,
                    );
                }
                Some(Thumb::Loading) => {
                    painter.text(
                        pic.center(),
                        Align2::CENTER_CENTER,
                        icons::HOURGLASS,
                        FontId::proportional(20.0),
                        t.muted,
                    );
                }
                Some(Thumb::None) | None => {
                    painter.text(
                        pic.center(),
                        Align2::CENTER_CENTER,
                        icons::IMAGE,
                        FontId::proportional(tile * 0.3),
                        t.muted,
                    );
                }
            }
            name_ui(
                &painter,
                t,
                rect,
                name,
                if order.is_some() { t.heading } else { t.text },
            );
            if let Some(n) = order {
                painter.rect_stroke(
                    rect,
                    t.radius_small,
                    egui::Stroke::new(3.0, t.accent),
                    egui::StrokeKind::Inside,
                );
                let badge =
                    egui::Rect::from_min_size(rect.min + Vec2::splat(8.0), Vec2::splat(26.0));
                painter.circle_filled(badge.center(), 13.0, t.accent);
                painter.text(
                    badge.center(),
                    Align2::CENTER_CENTER,
                    if self.multi {
                        (n + 1).to_string()
                    } else {
                        icons::CHECK.to_owned()
                    },
                    FontId::proportional(14.0),
                    t.on_accent,
                );
            } else if r.hovered() {
                painter.rect_stroke(
                    rect,
                    t.radius_small,
                    egui::Stroke::new(2.0, t.accent_hover),
                    egui::StrokeKind::Inside,
                );
            }
        }
        let label = name.to_owned();
        let on = order.is_some();
        r.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, &label));
        r
    }

    fn footer_ui(&mut self, ui: &mut Ui, t: &Tokens, lang: Lang, act: &mut Option<Act>) {
        ui.horizontal(|ui| {
            ui.set_min_height(t.hit);
            let n = self.selected.len();
            let count = i64::try_from(n).unwrap_or(0);
            let folder = self.kind == BrowseKind::Folder;
            let hint = if folder {
                self.dir.as_ref().map_or_else(
                    || lang.tr("file-browser-hint-folder"),
                    |d| d.display().to_string(),
                )
            } else if n > 0 && self.multi {
                lang.tr_args("file-browser-selected", &[("count", count.into())])
            } else if self.multi {
                lang.tr("file-browser-hint-multi")
            } else {
                lang.tr("file-browser-hint-single")
            };
            ui.label(RichText::new(hint).color(if n > 0 { t.heading } else { t.muted }));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let text = if folder {
                    lang.tr("file-browser-choose-folder")
                } else if self.multi {
                    lang.tr_args("file-browser-add", &[("count", count.into())])
                } else {
                    lang.tr("file-browser-choose")
                };
                let ready = if folder { self.dir.is_some() } else { n > 0 };
                let done = ui
                    .add_enabled_ui(ready, |ui| {
                        primary_button(ui, t, &format!("{} {text}", icons::CHECK))
                    })
                    .inner;
                if done.clicked() {
                    *act = Some(Act::Done);
                }
                if secondary_button(ui, t, &lang.tr("file-browser-cancel")).clicked() {
                    *act = Some(Act::Cancel);
                }
            });
        });
    }
}

/// A tile's name along its bottom edge, cut to fit.
fn name_ui(painter: &egui::Painter, t: &Tokens, rect: egui::Rect, name: &str, colour: Color32) {
    let max = ((rect.width() - 12.0) / 7.2).max(4.0) as usize;
    let shown: String = if name.chars().count() > max {
        let keep: String = name.chars().take(max.saturating_sub(1)).collect();
        format!("{keep}…")
    } else {
        name.to_owned()
    };
    painter.text(
        egui::pos2(rect.center().x, rect.max.y - 14.0),
        Align2::CENTER_CENTER,
        shown,
        FontId::proportional(t.body * 0.86),
        colour,
    );
}
