//! A step's photos: the named shots, the thumbnails (textures made once per photo, from images
//! decoded on the photo thread), adding photos (file dialog, drag and drop, watched folder), and
//! the viewer (full size, zoom, previous/next, tags).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use egui::{RichText, TextureHandle, Ui};
use rpma_core::CoreError;
use rpma_core::interventions::{
    Intervention, PhotoAttach, PhotoAttached, PhotoRef, PhotoSource, PhotoTags,
};
use rpma_core::workflow::Phase;

use crate::jobs::atelier::AtelierJob;
use crate::jobs::{Job, RequestId};
use crate::photo_import::{ImportTarget, Origin, PhotoDone};
use crate::ui::toasts::Toast;
use crate::ui::widgets::{badge_ui, primary_button, secondary_button, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// Side of a thumbnail tile.
const TILE: f32 = 132.0;

enum Thumb {
    Loading,
    Ready(TextureHandle),
    Failed,
}

/// The viewer's state.
struct Viewer {
    photo_id: String,
    zoom: f32,
    texture: Option<TextureHandle>,
    caption: String,
}

/// State of the photo part of the screen.
#[derive(Default)]
pub(super) struct PhotoPanel {
    thumbs: HashMap<String, Thumb>,
    /// Attach requests in flight.
    attaching: Vec<RequestId>,
    /// Imports sent to the photo thread and not back yet.
    importing: usize,
    /// The named shot the next photo fulfils (chosen by clicking a shot slot).
    shot: Option<String>,
    target: Option<ImportTarget>,
    viewer: Option<Viewer>,
    dialog: Option<Receiver<Vec<PathBuf>>>,
    /// Last import refusal (shown in the card).
    last_error: Option<String>,
    /// Display images for the viewer, by hash (requested on open).
    display_wanted: Option<String>,
}

impl std::fmt::Debug for PhotoPanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoPanel")
            .field("thumbs", &self.thumbs.len())
            .field("importing", &self.importing)
            .field("shot", &self.shot)
            .finish_non_exhaustive()
    }
}

impl PhotoPanel {
    /// A fresh panel that keeps the thumbnails already made.
    pub(super) fn reset_for_new(self) -> Self {
        Self {
            thumbs: self.thumbs,
            ..Self::default()
        }
    }

    pub(super) fn owns(&self, id: RequestId) -> bool {
        self.attaching.contains(&id)
    }

    /// Reply to an attach request.
    pub(super) fn attached(
        &mut self,
        id: RequestId,
        r: Result<PhotoAttached, CoreError>,
        cx: &mut Cx<'_>,
    ) {
        self.attaching.retain(|x| *x != id);
        match r {
            Ok(a) if a.duplicate => cx.push(Command::Toast(Toast::info(cx.tr_args(
                "photo-duplicate",
                &[("name", a.photo.original_name.clone().into())],
            )))),
            Ok(_) => {}
            Err(e) => {
                let msg = cx.lang.error_message(&e);
                self.last_error = Some(msg.clone());
                cx.push(Command::Toast(Toast::error(msg)));
            }
        }
    }

    /// Where dropped files and the watched folder's files go.
    pub(super) fn set_target(
        &mut self,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        step: usize,
        can_edit: bool,
    ) {
        let target = can_edit.then(|| ImportTarget {
            intervention_id: iv.id.clone(),
            step,
            shot: self.shot.clone(),
            zone_id: None,
        });
        if target != self.target {
            self.target.clone_from(&target);
            if let Some(p) = cx.jobs.photos() {
                p.set_watch_target(target);
            }
        }
    }

    /// Takes finished photo work and dropped files; asks for missing thumbnails.
    pub(super) fn poll(&mut self, ui: &Ui, cx: &mut Cx<'_>, iv: &Intervention) {
        // Files dropped on the window.
        let dropped = ui.ctx().input(|i| i.raw.dropped_files.clone());
        if !dropped.is_empty() {
            if let Some(target) = self.target.clone() {
                let paths: Vec<PathBuf> = dropped
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect();
                if !paths.is_empty()
                    && let Some(ps) = cx.jobs.photos()
                {
                    self.importing += paths.len();
                    ps.import_paths(paths, &target, Origin::Drop);
                }
                self.shot = None;
            } else {
                cx.push(Command::Toast(Toast::error(cx.tr("photo-drop-not-now"))));
            }
        }
        // The file dialog's choice.
        if let Some(rx) = &self.dialog
            && let Ok(paths) = rx.try_recv()
        {
            self.dialog = None;
            if let (Some(target), Some(ps)) = (self.target.clone(), cx.jobs.photos()) {
                self.importing += paths.len();
                ps.import_paths(paths, &target, Origin::Dialog);
            }
            self.shot = None;
        }
        let Some(ps) = cx.jobs.photos() else { return };
        let done = ps.poll();
        let mut attach = Vec::new();
        for d in done {
            match d {
                PhotoDone::Imported {
                    target,
                    origin,
                    name,
                    result,
                    took,
                    thumb,
                } => {
                    if origin != Origin::Folder {
                        self.importing = self.importing.saturating_sub(1);
                    }
                    match result {
                        Ok(file) => {
                            tracing::debug!(?took, %name, "photo stored");
                            if let Some(img) = thumb {
                                let tex = ui.ctx().load_texture(
                                    format!("thumb-{}", file.sha256),
                                    img,
                                    egui::TextureOptions::LINEAR,
                                );
                                self.thumbs.insert(file.sha256.clone(), Thumb::Ready(tex));
                            }
                            attach.push((target, origin, file));
                        }
                        Err(e) => {
                            let msg = format!("{name} : {}", cx.lang.error_message(&e));
                            self.last_error = Some(msg.clone());
                            cx.push(Command::Toast(Toast::error(msg)));
                        }
                    }
                }
                PhotoDone::Thumb { sha, result } => {
                    let th = match result {
                        Ok(img) => Thumb::Ready(ui.ctx().load_texture(
                            format!("thumb-{sha}"),
                            img,
                            egui::TextureOptions::LINEAR,
                        )),
                        Err(e) => {
                            tracing::warn!("thumbnail {sha}: {e}");
                            Thumb::Failed
                        }
                    };
                    self.thumbs.insert(sha, th);
                }
                PhotoDone::Display { sha, result } => {
                    if let (Some(v), Ok(img)) = (&mut self.viewer, result)
                        && self.display_wanted.as_deref() == Some(sha.as_str())
                    {
                        v.texture = Some(ui.ctx().load_texture(
                            format!("photo-{sha}"),
                            img,
                            egui::TextureOptions::LINEAR,
                        ));
                    }
                }
            }
        }
        for (target, origin, file) in attach {
            let Some(actor) = cx.user.cloned() else {
                continue;
            };
            let source = match origin {
                Origin::Dialog => PhotoSource::File,
                Origin::Drop => PhotoSource::Drop,
                Origin::Folder => PhotoSource::Folder,
            };
            let req = cx.submit(Job::Atelier(AtelierJob::AttachPhoto {
                actor: Box::new(actor),
                id: target.intervention_id.clone(),
                attach: Box::new(PhotoAttach {
                    step: target.step,
                    file,
                    phase: None,
                    zone_id: target.zone_id.clone(),
                    shot: target.shot.clone(),
                    source,
                }),
            }));
            self.attaching.push(req);
        }
        // Thumbnails of every photo of the intervention, each asked for once.
        let Some(ps) = cx.jobs.photos() else { return };
        for p in &iv.photos {
            if !self.thumbs.contains_key(&p.sha256) {
                self.thumbs.insert(p.sha256.clone(), Thumb::Loading);
                ps.thumbnail(&p.sha256, &p.mime);
            }
        }
        if self.importing > 0 || ps.in_flight() > 0 {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn open_dialog(&mut self, cx: &Cx<'_>, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let title = cx.tr("photo-dialog-title");
        let filter = cx.tr("file-dialog-images");
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("rpma-photo-dialog".into())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title(&title)
                    .add_filter(&filter, &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"])
                    .pick_files()
                    .unwrap_or_default();
                tx.send(picked).ok();
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        }
    }

    fn tile_ui(&self, ui: &mut Ui, cx: &Cx<'_>, p: &PhotoRef, label: &str) -> egui::Response {
        let t = cx.tokens;
        let (rect, resp) = ui.allocate_exact_size(egui::vec2(TILE, TILE), egui::Sense::click());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, t.radius_small, t.card_stroke);
        match self.thumbs.get(&p.sha256) {
            Some(Thumb::Ready(tex)) => {
                let size = tex.size_vec2();
                let scale = (TILE / size.x).min(TILE / size.y);
                let img = egui::Rect::from_center_size(rect.center(), size * scale);
                painter.image(
                    tex.id(),
                    img,
                    egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                    egui::Color32::WHITE,
                );
            }
            Some(Thumb::Failed) => {
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    icons::WARNING,
                    egui::FontId::proportional(24.0),
                    t.danger,
                );
            }
            _ => {
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    icons::HOURGLASS,
                    egui::FontId::proportional(20.0),
                    t.muted,
                );
            }
        }
        if resp.hovered() {
            painter.rect_stroke(
                rect,
                t.radius_small,
                egui::Stroke::new(2.0, t.accent),
                egui::StrokeKind::Inside,
            );
        }
        let label = label.to_owned();
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
        resp
    }

    /// The photo card of a step.
    pub(super) fn card_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        step: usize,
        can_edit: bool,
    ) {
        let t = *cx.tokens;
        let Some(st) = iv.step_template(step) else {
            return;
        };
        let photos: Vec<&PhotoRef> = iv.step_photos(step).collect();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            let bounds = match st.max_photos {
                Some(max) => cx.tr_args(
                    "photo-count-bounds",
                    &[
                        ("count", i64::try_from(photos.len()).unwrap_or(0).into()),
                        ("min", i64::from(st.min_photos).into()),
                        ("max", i64::from(max).into()),
                    ],
                ),
                None => cx.tr_args(
                    "photo-count-min",
                    &[
                        ("count", i64::try_from(photos.len()).unwrap_or(0).into()),
                        ("min", i64::from(st.min_photos).into()),
                    ],
                ),
            };
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::IMAGE, cx.tr("photo-title")),
                );
                ui.label(RichText::new(bounds).color(t.muted));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if can_edit
                        && primary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::PLUS, cx.tr("photo-add")),
                        )
                        .clicked()
                    {
                        self.open_dialog(cx, ui.ctx());
                    }
                    if self.importing > 0 {
                        ui.spinner();
                        ui.label(cx.tr_args(
                            "photo-importing",
                            &[("count", i64::try_from(self.importing).unwrap_or(0).into())],
                        ));
                    }
                });
            });
            if !st.shots.is_empty() {
                ui.label(RichText::new(cx.tr("photo-shots")).strong().color(t.text));
                ui.horizontal_wrapped(|ui| {
                    for shot in &st.shots {
                        let taken = photos
                            .iter()
                            .any(|p| p.shot.as_deref() == Some(shot.id.as_str()));
                        let state = if taken {
                            format!("{} {}", icons::CHECK_CIRCLE, shot.label.get(cx.lang))
                        } else {
                            format!("{} {}", icons::IMAGE, shot.label.get(cx.lang))
                        };
                        let selected = self.shot.as_deref() == Some(shot.id.as_str());
                        let r = ui.add_enabled(
                            can_edit,
                            egui::Button::selectable(
                                selected,
                                RichText::new(state).color(if taken { t.success } else { t.text }),
                            )
                            .min_size(egui::vec2(0.0, t.hit)),
                        );
                        if r.clicked() {
                            self.shot = if selected {
                                None
                            } else {
                                Some(shot.id.clone())
                            };
                        }
                    }
                });
                if let Some(s) = &self.shot
                    && let Some(shot) = st.shots.iter().find(|x| &x.id == s)
                {
                    ui.label(
                        RichText::new(cx.tr_args(
                            "photo-next-is-shot",
                            &[("shot", shot.label.get(cx.lang).to_owned().into())],
                        ))
                        .color(t.accent),
                    );
                }
            }
            if can_edit {
                let folder = cx
                    .jobs
                    .photos()
                    .and_then(|p| p.watch_folder())
                    .map(|f| f.display().to_string())
                    .unwrap_or_default();
                ui.label(
                    RichText::new(cx.tr_args("photo-drop-hint", &[("folder", folder.into())]))
                        .small()
                        .color(t.muted),
                );
            }
            if let Some(e) = &self.last_error {
                ui.label(RichText::new(e).color(t.danger));
            }
            ui.add_space(4.0);
            let mut open = None;
            ui.horizontal_wrapped(|ui| {
                for (i, p) in photos.iter().enumerate() {
                    // A fixed-size cell (a `vertical` inside a wrapping row would never wrap);
                    // cells out of view only take their place: nothing is laid out or painted.
                    let (_, cell) = ui.allocate_space(egui::vec2(TILE, TILE + 56.0));
                    if !ui.is_rect_visible(cell) {
                        continue;
                    }
                    ui.scope_builder(
                        egui::UiBuilder::new()
                            .max_rect(cell)
                            .layout(egui::Layout::top_down(egui::Align::Min)),
                        |ui| {
                            ui.set_width(TILE);
                            let label = format!("{} {}", cx.tr("photo-open"), i + 1);
                            if self.tile_ui(ui, cx, p, &label).clicked() {
                                open = Some(p.id.clone());
                            }
                            let shot = p
                                .shot
                                .as_ref()
                                .and_then(|s| st.shots.iter().find(|x| &x.id == s));
                            ui.horizontal_wrapped(|ui| {
                                badge_ui(ui, &cx.tr(p.phase.label_key()), t.text, t.bg);
                                if let Some(shot) = shot {
                                    badge_ui(ui, shot.label.get(cx.lang), t.accent, t.accent_soft);
                                }
                            });
                        },
                    );
                }
            });
            if let Some(id) = open {
                self.open_viewer(cx, iv, &id);
            }
        });
    }

    fn open_viewer(&mut self, cx: &mut Cx<'_>, iv: &Intervention, photo_id: &str) {
        let Some(p) = iv.photos.iter().find(|p| p.id == photo_id) else {
            return;
        };
        self.viewer = Some(Viewer {
            photo_id: p.id.clone(),
            zoom: 1.0,
            texture: None,
            caption: p.caption.clone(),
        });
        self.display_wanted = Some(p.sha256.clone());
        if let Some(ps) = cx.jobs.photos() {
            ps.display(&p.sha256, &p.mime);
        }
    }

    /// The full-size viewer, when open.
    pub(super) fn viewer_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        can_edit: bool,
    ) -> Vec<RequestId> {
        let mut sent = Vec::new();
        let Some(v) = &mut self.viewer else {
            return sent;
        };
        let t = *cx.tokens;
        let Some(idx) = iv.photos.iter().position(|p| p.id == v.photo_id) else {
            self.viewer = None;
            return sent;
        };
        let Some(p) = iv.photos.get(idx).cloned() else {
            return sent;
        };
        let same_step: Vec<&PhotoRef> = iv.step_photos(p.step).collect();
        let pos_in_step = same_step.iter().position(|x| x.id == p.id).unwrap_or(0);
        let mut close = false;
        let mut go: Option<String> = None;
        let mut tag: Option<PhotoTags> = None;
        let mut remove = false;
        let screen = ui.ctx().content_rect();
        let modal = egui::Modal::new(egui::Id::unique("photo_viewer"))
            .frame(t.card_frame())
            .show(ui.ctx(), |ui| {
                ui.set_width((screen.width() - 120.0).max(400.0));
                ui.horizontal(|ui| {
                    section_title_ui(
                        ui,
                        &t,
                        &format!(
                            "{} {}/{} · {}",
                            icons::IMAGE,
                            pos_in_step + 1,
                            same_step.len(),
                            p.original_name
                        ),
                    );
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if secondary_button(ui, &t, &format!("{} {}", icons::X, cx.tr("close")))
                            .clicked()
                        {
                            close = true;
                        }
                        if secondary_button(ui, &t, &cx.tr("photo-next")).clicked()
                            && let Some(n) = same_step.get(pos_in_step + 1)
                        {
                            go = Some(n.id.clone());
                        }
                        if secondary_button(ui, &t, &cx.tr("photo-prev")).clicked()
                            && pos_in_step > 0
                            && let Some(n) = same_step.get(pos_in_step - 1)
                        {
                            go = Some(n.id.clone());
                        }
                        if secondary_button(ui, &t, "+")
                            .on_hover_text(cx.tr("photo-zoom-in"))
                            .clicked()
                        {
                            v.zoom = (v.zoom * 1.25).min(8.0);
                        }
                        if secondary_button(ui, &t, "−")
                            .on_hover_text(cx.tr("photo-zoom-out"))
                            .clicked()
                        {
                            v.zoom = (v.zoom / 1.25).max(0.25);
                        }
                        ui.label(format!("{:.0} %", v.zoom * 100.0));
                    });
                });
                let avail = egui::vec2(ui.available_width(), (screen.height() - 260.0).max(200.0));
                egui::ScrollArea::both()
                    .max_height(avail.y)
                    .auto_shrink([false, false])
                    .show(ui, |ui| match &v.texture {
                        Some(tex) => {
                            let size = tex.size_vec2();
                            let fit = (avail.x / size.x).min(avail.y / size.y).min(1.0);
                            ui.add(egui::Image::new((tex.id(), size * fit * v.zoom)));
                        }
                        None => {
                            ui.spinner();
                        }
                    });
                let scroll = ui.input(|i| i.smooth_scroll_delta.y);
                if ui.input(|i| i.modifiers.command) && scroll != 0.0 {
                    v.zoom = (v.zoom * (1.0 + scroll / 400.0)).clamp(0.25, 8.0);
                }
                let mut meta = vec![format!("{} × {}", p.width, p.height)];
                if let Some(taken) = &p.taken_at {
                    meta.push(cx.tr_args("photo-taken", &[("at", taken.replace('T', " ").into())]));
                }
                if let Some(c) = &p.camera {
                    meta.push(c.clone());
                }
                if let Some((lat, lon)) = p.gps {
                    meta.push(format!("GPS {lat:.5}, {lon:.5}"));
                }
                ui.label(RichText::new(meta.join(" · ")).color(t.muted));
                if can_edit {
                    ui.horizontal_wrapped(|ui| {
                        for ph in Phase::ALL {
                            if ui
                                .add(egui::Button::selectable(
                                    p.phase == ph,
                                    cx.tr(ph.label_key()),
                                ))
                                .clicked()
                            {
                                tag = Some(PhotoTags {
                                    phase: ph,
                                    zone_id: p.zone_id.clone(),
                                    shot: p.shot.clone(),
                                    caption: v.caption.clone(),
                                });
                            }
                        }
                        ui.separator();
                        if let Some(st) = iv.step_template(p.step) {
                            for shot in &st.shots {
                                let on = p.shot.as_deref() == Some(shot.id.as_str());
                                if ui
                                    .add(egui::Button::selectable(on, shot.label.get(cx.lang)))
                                    .clicked()
                                {
                                    tag = Some(PhotoTags {
                                        phase: p.phase,
                                        zone_id: p.zone_id.clone(),
                                        shot: (!on).then(|| shot.id.clone()),
                                        caption: v.caption.clone(),
                                    });
                                }
                            }
                        }
                        ui.separator();
                        for z in &iv.zones {
                            let on = p.zone_id.as_deref() == Some(z.zone_id.as_str());
                            if ui
                                .add(egui::Button::selectable(on, z.name(cx.lang)))
                                .clicked()
                            {
                                tag = Some(PhotoTags {
                                    phase: p.phase,
                                    zone_id: (!on).then(|| z.zone_id.clone()),
                                    shot: p.shot.clone(),
                                    caption: v.caption.clone(),
                                });
                            }
                        }
                        ui.separator();
                        if secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::TRASH, cx.tr("photo-remove")),
                        )
                        .clicked()
                        {
                            remove = true;
                        }
                    });
                }
            });
        if modal.should_close() {
            close = true;
        }
        if let Some(id) = go {
            self.viewer = None;
            self.open_viewer(cx, iv, &id);
            return sent;
        }
        let Some(actor) = cx.user.cloned() else {
            return sent;
        };
        if let Some(tags) = tag {
            sent.push(cx.submit(Job::Atelier(AtelierJob::TagPhoto {
                actor: Box::new(actor.clone()),
                id: iv.id.clone(),
                photo_id: p.id.clone(),
                tags: Box::new(tags),
            })));
        }
        if remove {
            sent.push(cx.submit(Job::Atelier(AtelierJob::RemovePhoto {
                actor: Box::new(actor),
                id: iv.id.clone(),
                photo_id: p.id.clone(),
            })));
            close = true;
        }
        if close {
            self.viewer = None;
        }
        sent
    }
}
