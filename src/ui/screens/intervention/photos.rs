//! A step's photos: the named shots, the thumbnails (textures made once per photo, from images
//! decoded on the photo thread), adding photos ([`super::photo_add`]: dialog, in-app browser,
//! drag and drop, watched folder) and the viewer ([`super::photo_viewer`]).

use rpma_core::ids::InterventionId;
use std::collections::HashMap;

use egui::{RichText, TextureHandle, Ui};
use rpma_core::CoreError;
use rpma_core::interventions::{Intervention, PhotoAttach, PhotoAttached, PhotoRef, PhotoSource};

use super::photo_viewer::Viewer;
use crate::jobs::atelier::{AtelierEvent, AtelierJob};
use crate::jobs::{Job, RequestId};
use crate::photo_import::{ImportTarget, Origin, PhotoDone};
use crate::ui::file_browser::FileBrowser;
use crate::ui::sync_state::{SyncRequest, SyncView};
use crate::ui::system_dialog::SystemDialog;
use crate::ui::toasts::Toast;
use crate::ui::widgets::{badge_ui, section_title_ui};
use crate::ui::{Command, Cx, icons};

/// Side of a thumbnail tile.
const TILE: f32 = 132.0;
/// Room under a tile for its badges (named shot, phase): two lines.
const CELL_BADGES: f32 = 72.0;

enum Thumb {
    Loading,
    Ready(TextureHandle),
    Failed,
}

/// State of the photo part of the screen.
#[derive(Default)]
pub(super) struct PhotoPanel {
    thumbs: HashMap<String, Thumb>,
    /// Attach requests in flight.
    attaching: Vec<RequestId>,
    /// Imports sent to the photo thread and not back yet.
    pub(super) importing: usize,
    /// The import tasks started here (their bars are drawn in the card).
    pub(super) batches: Vec<crate::tasks::TaskId>,
    /// The named shot the next photo fulfils (chosen by clicking a shot slot).
    pub(super) shot: Option<String>,
    pub(super) target: Option<ImportTarget>,
    pub(super) viewer: Option<Viewer>,
    /// The system's file dialog.
    pub(super) dialog: SystemDialog,
    /// The in-app file browser, when open.
    pub(super) browser: Option<FileBrowser>,
    /// Last import refusal (shown in the card).
    pub(super) last_error: Option<String>,
    /// Display images for the viewer, by hash (requested on open).
    pub(super) display_wanted: Option<String>,
    /// The intervention this screen pointed the watched folder at (asked once per intervention).
    pub(super) watch_asked: Option<InterventionId>,
    pub(super) watch_req: Option<RequestId>,
    /// The watched folder feeds the intervention on show.
    pub(super) watching: bool,
    /// Photos of other terminals asked from the sync hub (once each).
    fetch_asked: std::collections::HashSet<String>,
    /// The sync's photo arrivals already seen ([`SyncView::photos_generation`]).
    photos_seen: u64,
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

impl super::InterventionScreen {
    /// True when the screen holds intervention `id`.
    pub fn holds(&self, id: &str) -> bool {
        self.id.as_deref() == Some(id)
    }

    /// Reloads intervention `id` when the screen holds it (photos arrived from the watched
    /// folder).
    pub fn reload_if_holding(&mut self, id: &str, cx: &mut Cx<'_>) {
        if self.holds(id) && self.iv.is_some() {
            self.load(cx);
        }
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
        self.attaching.contains(&id) || self.watch_req == Some(id)
    }

    /// Reply to an attach request or to pointing the watched folder here; true when the
    /// intervention should be reloaded.
    pub(super) fn on_event(&mut self, id: RequestId, ev: AtelierEvent, cx: &mut Cx<'_>) -> bool {
        match ev {
            AtelierEvent::PhotoAttached(r) => {
                self.attaching.retain(|x| *x != id);
                self.attached(r, cx);
                true
            }
            AtelierEvent::Watching(r) => {
                self.watch_req = None;
                match r {
                    Ok(iv) => self.watching = self.watch_asked.as_deref() == Some(iv.as_str()),
                    // Someone who may not add photos here: the folder keeps its intervention.
                    Err(e) => tracing::debug!("watched folder not pointed here: {e}"),
                }
                false
            }
            _ => false,
        }
    }

    fn attached(&mut self, r: Result<PhotoAttached, CoreError>, cx: &mut Cx<'_>) {
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

    /// Takes finished photo work and dropped files; asks for missing thumbnails.
    pub(super) fn poll(&mut self, ui: &Ui, cx: &mut Cx<'_>, iv: &Intervention) {
        self.take_dropped(ui, cx);
        self.take_picked(ui.ctx(), cx);
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
                    self.importing = self.importing.saturating_sub(1);
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
                            self.fetch_from_hub(ui.ctx(), cx, &sha);
                            Thumb::Failed
                        }
                    };
                    self.thumbs.insert(sha, th);
                }
                PhotoDone::BatchEnded {
                    task,
                    imported,
                    left,
                    cancelled,
                } => {
                    self.batches.retain(|b| *b != task);
                    self.importing = self.importing.saturating_sub(left);
                    if cancelled {
                        let count = |n: usize| i64::try_from(n).unwrap_or(0).into();
                        cx.push(Command::Toast(Toast::info(cx.tr_args(
                            "photo-import-cancelled",
                            &[("imported", count(imported)), ("left", count(left))],
                        ))));
                    }
                }
                PhotoDone::Display { sha, result } => match result {
                    Ok(img) => {
                        if let Some(v) = &mut self.viewer
                            && self.display_wanted.as_deref() == Some(sha.as_str())
                        {
                            v.texture = Some(ui.ctx().load_texture(
                                format!("photo-{sha}"),
                                img,
                                egui::TextureOptions::LINEAR,
                            ));
                        }
                    }
                    Err(e) => {
                        tracing::warn!("photo {sha}: {e}");
                        self.fetch_from_hub(ui.ctx(), cx, &sha);
                    }
                },
            }
        }
        for (target, origin, file) in attach {
            let Some(_) = cx.user.cloned() else {
                continue;
            };
            let source = match origin {
                Origin::Dialog => PhotoSource::File,
                Origin::Drop => PhotoSource::Drop,
            };
            let req = cx.submit(Job::Atelier(AtelierJob::AttachPhoto {
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
        // Photo files arrived from the sync hub: what was missing is asked for again.
        let generation = SyncView::get(ui.ctx()).photos_generation;
        let arrived = generation != self.photos_seen;
        self.photos_seen = generation;
        if arrived {
            self.thumbs.retain(|_, t| !matches!(t, Thumb::Failed));
        }
        // Thumbnails of every photo of the intervention, each asked for once.
        let Some(ps) = cx.jobs.photos() else { return };
        if arrived
            && let (Some(v), Some(sha)) = (&self.viewer, &self.display_wanted)
            && v.texture.is_none()
            && let Some(p) = iv.photos.iter().find(|p| &p.sha256 == sha)
        {
            ps.display(&p.sha256, &p.mime);
        }
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

    /// A photo file is not on this terminal: when it syncs, the file is asked from the hub
    /// (once); its arrival moves [`SyncView::photos_generation`].
    fn fetch_from_hub(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>, sha: &str) {
        if SyncView::get(ctx).configured() && self.fetch_asked.insert(sha.to_owned()) {
            cx.push(Command::Sync(SyncRequest::FetchPhoto(sha.to_owned())));
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

    /// The progress of the imports started here, each with its cancel (seen between two files).
    fn batches_ui(&self, ui: &mut Ui, cx: &mut Cx<'_>) {
        for id in &self.batches {
            let Some(info) = cx.jobs.tasks_ref().get(*id) else {
                continue;
            };
            if crate::ui::progress::task_progress_ui(ui, cx.tokens, cx.lang, &info, true) {
                cx.jobs.tasks_ref().cancel(*id);
            }
        }
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
                    if can_edit {
                        self.add_buttons_ui(ui, cx);
                    }
                    if self.importing > 0 && self.batches.is_empty() {
                        ui.label(cx.tr_args(
                            "photo-importing",
                            &[("count", i64::try_from(self.importing).unwrap_or(0).into())],
                        ));
                    }
                });
            });
            self.batches_ui(ui, cx);
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
                self.folder_hint_ui(ui, cx);
            }
            if let Some(e) = &self.last_error {
                ui.label(RichText::new(e).color(t.danger));
            }
            if photos.is_empty() {
                return;
            }
            ui.add_space(4.0);
            let mut open = None;
            ui.horizontal_wrapped(|ui| {
                for (i, p) in photos.iter().enumerate() {
                    // A fixed-size cell (a `vertical` inside a wrapping row would never wrap),
                    // tall enough for the shot and phase badges on two lines; its content is
                    // drawn in a child that takes no room, so a cell never shifts its row.
                    // Cells out of view only take their place: nothing is laid out or painted.
                    let (_, cell) = ui.allocate_space(egui::vec2(TILE, TILE + CELL_BADGES));
                    if !ui.is_rect_visible(cell) {
                        continue;
                    }
                    {
                        let ui = &mut ui.new_child(
                            egui::UiBuilder::new()
                                .max_rect(cell)
                                .layout(egui::Layout::top_down(egui::Align::Min)),
                        );
                        {
                            ui.set_width(TILE);
                            let label = format!("{} {}", cx.tr("photo-open"), i + 1);
                            if self.tile_ui(ui, cx, p, &label).clicked() {
                                open = Some(p.id.clone());
                            }
                            let shot = p
                                .shot
                                .as_ref()
                                .and_then(|s| st.shots.iter().find(|x| &x.id == s));
                            // One badge a line: a badge squeezed beside another would wrap
                            // its text letter by letter.
                            ui.spacing_mut().item_spacing.y = 4.0;
                            if let Some(shot) = shot {
                                badge_ui(ui, shot.label.get(cx.lang), t.accent, t.accent_soft);
                            }
                            badge_ui(ui, &cx.tr(p.phase.label_key()), t.text, t.bg);
                        }
                    }
                }
            });
            if let Some(id) = open {
                self.open_viewer(cx, iv, &id);
            }
        });
    }
}
