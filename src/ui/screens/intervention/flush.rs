//! Sending the pending drafts outside a frame (leaving the screen, closing the app), and what
//! the screen is to the app (its [`Screen`] implementation).

use super::InterventionScreen;
use crate::jobs::Job;
use crate::jobs::atelier::AtelierJob;
use crate::route::Route;
use crate::ui::Cx;
use crate::ui::screen::{Broadcast, Screen};

impl InterventionScreen {
    /// Sends every pending draft now, outside a frame (the app calls it when the user leaves
    /// the screen: typing never waits for the screen to be drawn again). The replies come back
    /// to this screen, wherever the user is by then.
    pub(super) fn flush_drafts(&mut self, cx: &mut Cx<'_>) {
        // Sent outside a frame: the drafts go for the session that typed them.
        let (Some(id), Some(_)) = (self.id.clone(), cx.user) else {
            return;
        };
        if let Some((pos, _)) = self.dirty_step.take()
            && let Some(edit) = self.drafts.get(&pos)
        {
            let r = cx.submit(Job::Atelier(AtelierJob::SaveStep {
                id: id.clone(),
                position: pos,
                edit: Box::new(edit.clone()),
            }));
            self.saving.push(r);
        }
        for (zone, _) in std::mem::take(&mut self.dirty_zones) {
            if let Some(edit) = self.zones.get(&zone) {
                let r = cx.submit(Job::Atelier(AtelierJob::SaveZone {
                    id: id.clone(),
                    edit: Box::new(edit.clone()),
                }));
                self.saving.push(r);
            }
        }
        if self.dirty_signatory.take().is_some() {
            let r = cx.submit(Job::Atelier(AtelierJob::Sign {
                id,
                signatory: self.signatory.clone().unwrap_or_default(),
                strokes: None,
            }));
            self.saving.push(r);
        }
    }
}

impl Screen for InterventionScreen {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(
        &mut self,
        id: crate::jobs::RequestId,
        ev: crate::jobs::JobEvent,
        cx: &mut Cx<'_>,
    ) -> Option<crate::jobs::JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    fn on_enter(&mut self, route: &Route, _cx: &mut Cx<'_>) {
        if let Route::Intervention(id) = route {
            self.open(id.clone());
        }
    }

    fn on_leave(&mut self, cx: &mut Cx<'_>) {
        self.leave(cx);
    }

    fn on_broadcast(&mut self, ev: &Broadcast, cx: &mut Cx<'_>) {
        if let Broadcast::PhotosAttached(id) = ev {
            self.reload_if_holding(id, cx);
        }
    }

    fn route(&self) -> Route {
        self.id()
            .map_or(Route::Atelier, |id| Route::Intervention(id.clone()))
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
