//! The full-size photo viewer of a step: zoom, previous/next, tags (phase, named shot, zone)
//! and removal. The image is decoded on the photo thread at most
//! [`crate::photo_import::DISPLAY_MAX_SIDE`] pixels.

use egui::{RichText, TextureHandle, Ui};
use rpma_core::ids::PhotoId;
use rpma_core::interventions::{Intervention, PhotoRef, PhotoTags};
use rpma_core::workflow::Phase;

use super::photos::PhotoPanel;
use crate::jobs::atelier::AtelierJob;
use crate::jobs::{Job, RequestId};
use crate::ui::widgets::{secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

/// The viewer's state.
pub(super) struct Viewer {
    pub(super) photo_id: PhotoId,
    pub(super) zoom: f32,
    pub(super) texture: Option<TextureHandle>,
    pub(super) caption: String,
}

impl PhotoPanel {
    pub(super) fn open_viewer(&mut self, cx: &mut Cx<'_>, iv: &Intervention, photo_id: &str) {
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
        let mut go: Option<PhotoId> = None;
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
        let Some(_) = cx.user.cloned() else {
            return sent;
        };
        if let Some(tags) = tag {
            sent.push(cx.submit(Job::Atelier(AtelierJob::TagPhoto {
                id: iv.id.clone(),
                photo_id: p.id.clone(),
                tags: Box::new(tags),
            })));
        }
        if remove {
            sent.push(cx.submit(Job::Atelier(AtelierJob::RemovePhoto {
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
