//! Sending the pending drafts outside a frame (leaving the screen, closing the app).

use super::InterventionScreen;
use crate::jobs::Job;
use crate::jobs::atelier::AtelierJob;

impl InterventionScreen {
    /// Sends every pending draft now, outside a frame (the app calls it when the user leaves
    /// the screen: typing never waits for the screen to be drawn again).
    pub fn flush_with(
        &mut self,
        jobs: &mut crate::jobs::JobClient,
        user: Option<&rpma_core::Session>,
    ) {
        // Sent outside a frame: the drafts go for the session that typed them.
        let (Some(id), Some(session)) = (self.id.clone(), user) else {
            return;
        };
        if let Some((pos, _)) = self.dirty_step.take()
            && let Some(edit) = self.drafts.get(&pos)
        {
            let r = jobs.submit_as(
                Some(session),
                Job::Atelier(AtelierJob::SaveStep {
                    id: id.clone(),
                    position: pos,
                    edit: Box::new(edit.clone()),
                }),
            );
            self.saving.push(r);
        }
        for (zone, _) in std::mem::take(&mut self.dirty_zones) {
            if let Some(edit) = self.zones.get(&zone) {
                let r = jobs.submit_as(
                    Some(session),
                    Job::Atelier(AtelierJob::SaveZone {
                        id: id.clone(),
                        edit: Box::new(edit.clone()),
                    }),
                );
                self.saving.push(r);
            }
        }
        if self.dirty_signatory.take().is_some() {
            let r = jobs.submit_as(
                Some(session),
                Job::Atelier(AtelierJob::Sign {
                    id,
                    signatory: self.signatory.clone().unwrap_or_default(),
                    strokes: None,
                }),
            );
            self.saving.push(r);
        }
    }
}
