//! The customer's signature on the last step: the pad, the signatory's name, saving it.

use super::*;

impl InterventionScreen {
    pub(super) fn signature_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        can_edit: bool,
    ) {
        let t = *cx.tokens;
        let now = ui.input(|i| i.time);
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            crate::ui::widgets::section_title_ui(ui, &t, &cx.tr("iv-signature"));
            let mut name = self.signatory.clone().unwrap_or_default();
            ui.add_enabled_ui(can_edit, |ui| {
                let e = cx.field_error(&self.errors, "signatory");
                if text_field_ui(
                    ui,
                    &t,
                    &cx.tr("iv-signatory"),
                    &mut name,
                    false,
                    e.as_deref(),
                )
                .changed()
                {
                    self.dirty_signatory = Some(now);
                }
            });
            self.signatory = Some(name);
            ui.add_space(6.0);
            let signed = iv.signature_png.as_ref().is_some_and(|p| !p.is_empty());
            if signed && self.signature.is_empty() {
                ui.label(
                    RichText::new(format!("{} {}", icons::CHECK_CIRCLE, cx.tr("iv-signed")))
                        .color(t.success),
                );
            }
            if can_edit {
                let r = self
                    .signature
                    .ui(ui, &t, cx.lang, egui::vec2(f32::INFINITY, 180.0));
                if r.changed() {
                    let (Some(id), Some(_)) = (self.id.clone(), cx.user) else {
                        return;
                    };
                    let req = cx.submit(Job::Atelier(AtelierJob::Sign {
                        id,
                        signatory: self.signatory.clone().unwrap_or_default(),
                        strokes: Some(self.signature.strokes().to_vec()),
                    }));
                    self.dirty_signatory = None;
                    self.saving.push(req);
                }
            }
        });
    }
}
