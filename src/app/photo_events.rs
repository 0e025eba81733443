//! What the watched photo folder did, taken every frame whatever the screen: the intervention
//! screen reloads when it holds the intervention that got photos, and the user is told about
//! refusals, duplicates and photos added to an intervention not on show.

use rpma_core::ids::InterventionId;
use std::collections::BTreeMap;

use rpma_core::i18n::Arg;

use super::App;
use crate::photo_import::FolderEvent;
use crate::route::Route;
use crate::ui::Command;
use crate::ui::screen::Broadcast;
use crate::ui::toasts::Toast;

impl App {
    /// Takes the watched folder's events (see the module's documentation).
    pub(super) fn folder_events(&mut self) {
        let Some(p) = self.parts.jobs.photos() else {
            return;
        };
        let events = p.poll_folder();
        if events.is_empty() {
            return;
        }
        let lang = self.parts.lang;
        let on_screen = |id: &str, app: &Self| app.location() == Route::Intervention(id.into());
        let mut added_elsewhere: BTreeMap<String, i64> = BTreeMap::new();
        let mut reload: Vec<InterventionId> = Vec::new();
        for e in events {
            match e {
                FolderEvent::Attached {
                    name,
                    intervention_id,
                    label,
                    duplicate,
                } => {
                    if duplicate {
                        let text = lang.tr_args("photo-duplicate", &[("name", Arg::from(name))]);
                        self.parts.commands.push(Command::Toast(Toast::info(text)));
                    } else if !on_screen(&intervention_id, self) {
                        *added_elsewhere.entry(label).or_default() += 1;
                    }
                    if !reload.contains(&intervention_id) {
                        reload.push(intervention_id);
                    }
                }
                FolderEvent::Refused { name, error } => {
                    let text = format!("{name} : {}", lang.error_message(&error));
                    self.parts.commands.push(Command::Toast(Toast::error(text)));
                }
            }
        }
        for (label, count) in added_elsewhere {
            let text = lang.tr_args(
                "photo-folder-added",
                &[("count", count.into()), ("job", Arg::from(label))],
            );
            self.parts
                .commands
                .push(Command::Toast(Toast::success(text)));
        }
        let Self { parts, screens, .. } = self;
        let mut cx = parts.cx();
        for id in reload {
            screens.broadcast(&Broadcast::PhotosAttached(id), &mut cx);
        }
    }
}
