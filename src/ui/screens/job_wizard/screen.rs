//! What the job wizard is to the app (its [`Screen`] implementation).

use super::JobWizardScreen;
use crate::jobs::{JobEvent, RequestId};
use crate::route::Route;
use crate::ui::Cx;
use crate::ui::screen::Screen;

impl Screen for JobWizardScreen {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        Self::ui(self, ui, cx);
    }

    fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        Self::on_event(self, id, ev, cx)
    }

    /// Entered with a client or a vehicle: a prefilled start; otherwise the draft as left.
    fn on_enter(&mut self, route: &Route, _cx: &mut Cx<'_>) {
        if let Route::NewJob {
            client_id,
            vehicle_id,
        } = route
        {
            self.prefill(client_id.clone(), vehicle_id.clone());
        }
    }

    /// A form done with once left: never remembered by the history.
    fn route(&self) -> Route {
        Route::NewJob {
            client_id: None,
            vehicle_id: None,
        }
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
